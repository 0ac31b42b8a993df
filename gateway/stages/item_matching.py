"""Our SKU for a line as the customer wrote it, and the cross-checks that make per-field
confidences mean something. Pure functions, no asyncio; the validate stage calls them.

``match_item`` tries, in order:

1. exact look-ups: the supplier item as one of our SKUs (it is our own code; a GTIN or customer code
   naming another product then lowers the match to 0.5), the GTIN (``MasterData.sku_for_gtin``, check
   digit valid), the customer's item code in the cross-reference (``sku_for_customer_item``);
   then each code in the other role (a generic "Réf." column may hold either); then the same with
   case, spaces, dots and dashes ignored;
2. OCR-tolerant look-ups among the customer's cross-referenced codes and our SKUs: first with the
   usual OCR confusions folded (O/0/D/Q, I/l/1/|, S/5, B/8, Z/2, G/6, rn/m), then one edit away;
   each only if exactly one known code fits (``corrected_code`` then holds that code);
   when the line has no code at all, the same for a code the description cell holds (its first word, a
   merged column or a shop's "HLM-W Safety helmet"; a bracketed code at its start or end, exact only; a code
   of letters only as the customer or the catalogue writes it), at most ``IN_DESCRIPTION``;
3. the description against product descriptions, as a second opinion (it raises or lowers the
   confidence of a code match) or, alone, as a low-confidence suggestion.

``score_order`` returns a scored *copy* of an ``ExtractedOrder``. For each line: the SKU match
(``confidence["sku"]``), quantity x unit price (per ``price_basis``) = amount, the unit word known
and consistent with the product, the price near the list price. For the order: sum of line
amounts = total (which also vouches that no line was missed: ``confidence["lines"]``), the order
date plausible, the delivery date after it, the currency the customer's, the PO number in the shape of
the customer's last ones (``po_shape``: digits 9, letters A; ``usual_po_shape`` needs at least
``PO_HISTORY_MIN`` past numbers, all of one shape). A check that passes
raises the fields it involves to ``CHECKED``; one that fails halves them and adds a ``Problem``.
A row ``extractors.capture.line_repair`` mended (``OCR-REPAIRED``) adds up by construction, so its own
arithmetic confirms nothing: only the lines giving the stated total raise it (the mended field to
``REPAIR_CONFIRMED``), and it counts as misread for ``_check_reading``. A row whose numbers
the two OCR engines read differently (``OCR-ENGINES-DISAGREE``, ``extractors.capture.agreement``) is
not vouched for by its own arithmetic either: only the lines giving the stated total or the
list price to the cent raise it. An unknown unit word one
edit from a word for the product's unit is read as that unit (``UNIT_FIXED``, ``UNIT-CORRECTED``).
``order_confidence`` is the minimum over the fields an order cannot do without; the bench
(``bench/bench_capture.py``) shows that fields reported >= 0.95 were right >= 99% of the time.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from difflib import SequenceMatcher

from extractors.capture.agreement import ROWS_AGREED
from extractors.capture.line_repair import DISPUTE_CODE, repaired_fields
from extractors.capture.page_notes import urgency_note
from extractors.locale_values import fold
from extractors.part_words import part_word
from extractors.pricing import line_amount
from extractors.units import UNIT_CODES, unit_code
from gateway.reference.masterdata import MasterData, ProductRecord
from gateway.model import ExtractedLine, ExtractedOrder, Problem, order_adjustment
from gateway.stages.po_letters import doubt_letters, from_history, off_series
from gateway.stages.ocr_confirm import CONFLICT, confirmed_dates, confirmed_item, confirmed_po, confirmed_unit

CHECKED = 0.995  # confidence of a field confirmed by an independent cross-check
EXACT = 0.99
OTHER_ROLE = 0.97
NORMALIZED = 0.95
OCR_FOLDED = 0.9
ONE_EDIT = 0.7
DESCRIPTION_ONLY = 0.5
IN_DESCRIPTION = 0.9  # a known code found at the start of the description (columns merged)
NO_TOTAL = 0.85  # line completeness when the document states no total
POSITIONS_COMPLETE = 0.95  # ...but its position numbers run without a gap and every table row was read
ROWS_AGREED_NO_TOTAL = 0.95  # ...or, OCR'd, both engines read the same rows, each at its list price and adding up
DATE_NOTE_WORDS = 8  # a note that only gives the delivery date is a short sentence
# ...of these words before the date and nothing after it (lowercase, punctuation dropped)
DATE_NOTE_PHRASES = frozenset({
    "liefertermin", "lieferdatum", "wunschtermin", "gewünschter liefertermin", "lieferung am", "lieferung bis",
    "anlieferung am", "bitte liefern am", "bitte liefern bis", "bitte lieferung am", "bitte lieferung bis",
    "livraison souhaitée le", "livraison souhaitée pour le", "livraison le", "date de livraison", "à livrer le",
    "à livrer pour le", "merci de livrer le", "livrer le",
    "delivery date", "requested delivery date", "deliver on", "deliver by", "please deliver on",
    "please deliver by", "required by", "delivery on", "delivery by"})
_NOTE_DATE = re.compile(r"\b(\d{1,2})[./-](\d{1,2})[./-](\d{2}|\d{4})\b")
# problems saying a row of the table may be missing or misread: no completeness is vouched for without a total
ROW_DOUBTS = frozenset({"LAYOUT-ROW-UNREAD", "LINE-UNREAD", "CHECK-LINE-AMOUNT", "ITEM-CORRECTED", "ITEM-UNKNOWN",
                        "LAYOUT-NO-TABLE", "TABLE-SIDE", "LINE-STRUCK", "QTY-HANDWRITTEN-CORRECTION",
                        "QTY-CELL-CROSSES"})
PRICE_BACKED = 0.97  # a tolerant code match whose price is the product's list price
PRICE_TOLERANCE = Decimal("0.15")
PRICE_GAIN = 0.25  # a unique near-miss code (0.7) whose price is the product's list price: 0.95
READ_ONLY_HEADER = ("po_number", "order_date", "requested_delivery_date")  # no cross-check of their own
READ_FLOOR = 0.7  # their confidence factor on a document where no item row adds up
EXACT_METHODS = frozenset({"gtin", "xref", "sku", "xref_as_sku", "sku_as_xref", "normalized"})
CONFUSIONS = str.maketrans({"O": "0", "D": "0", "Q": "0", "I": "1", "L": "1", "|": "1", "!": "1",
                            "S": "5", "B": "8", "Z": "2", "G": "6", "T": "7"})
LINE_FIELDS = ("sku", "quantity", "uom", "unit_price", "amount")
AMOUNT_FIELDS = ("quantity", "unit_price", "amount")
PO_HISTORY_MIN = 3  # past PO numbers, all of one shape, before that shape is the customer's usual
PO_SHAPE_GAIN = 0.1  # a PO number in the usual shape: its reading confidence raised by this much...
PO_SHAPE_MAX = 0.97  # ...up to this (the shape does not vouch for each digit)
CONFIRMED_SKU = 0.95  # an OCR'd line's product this sure lets master data choose its unit reading
UNIT_FIXED = 0.9  # an unknown unit word one edit from a word for the product's unit
REPAIR_CONFIRMED = 0.97  # a value mended from quantity x price = amount, the lines then giving the total


@dataclass(frozen=True)
class ItemMatch:
    sku: str | None
    confidence: float
    method: str  # gtin, xref, sku, xref_as_sku, sku_as_xref, normalized, ocr_folded, one_edit, description, none
    corrected_code: str | None = None


NO_MATCH = ItemMatch(None, 0.0, "none")


def match_item(md: MasterData, customer_id: str | None, customer_item: str | None,
               supplier_item: str | None, gtin: str | None, description: str | None) -> ItemMatch:
    """Our SKU for one line (see the module docstring for the order of attempts)."""
    found = _exact(md, customer_id, customer_item, supplier_item, gtin)
    if found is None:
        found = _tolerant(md, customer_id, [c for c in (customer_item, supplier_item) if c])
    if found is None and not (customer_item or supplier_item or gtin) and description:
        found, description = _code_in_description(md, customer_id, description)
    if found is None:
        return _by_description(md, description)
    return _second_opinion(md, found, description)


def _code_in_description(md: MasterData, cid: str | None, description: str) -> tuple[ItemMatch | None, str]:
    """A known code the description cell holds (``description_codes``): its first word (a code column
    merged into the next one, or a shop's "HLM-W Safety helmet") or a code in brackets at its start or end
    ("Gants nitrile M, boîte de 100 (GLV-NIT-M)"); the match and the rest of the description. A code with a
    digit (four characters at least) may be a near miss of a known one; a code of letters only is taken only
    when it is one the customer's cross-references or the catalogue hold, word for word. Two words naming two
    products are not guessed between; a word that is no known code leaves the line unknown."""
    hits: dict[str, tuple[ItemMatch, str]] = {}
    for code, rest, leading in description_codes(description):
        if not leading and _FOR_ANOTHER.search(fold(rest).lower()):
            continue  # "Recharges encre bleue pour (DF-STYLO-B)": the pen the refills fit (review rev3 U4)
        if any(c.isdigit() for c in code):
            found = _exact(md, cid, code, code, None) or (_tolerant(md, cid, [code]) if leading else None)
        else:
            found = _literal(md, cid, code)
        if found is not None and found.sku:
            hits.setdefault(found.sku, (found, rest))
    if len(hits) != 1:
        return None, description
    found, rest = next(iter(hits.values()))
    return ItemMatch(found.sku, min(found.confidence, IN_DESCRIPTION), "in_description",
                     found.corrected_code), rest


# a product named for another one: an accessory, a refill, a spare part of it, what it fits
_FOR_ANOTHER = re.compile(r"\b(?:for|pour|fur|fuer|compatible|kompatibel|passend|fits?|suitable|refills?|recharges?"
                          r"|replacement|spare|ersatz\w*|accessoires?|zubehor|pieces?\s+detachees?|nachfull\w*)\b")


# A part, a spare, a refill or an accessory of a product ("Replacement spring", "Ersatzfeder", "ressort de rechange",
# "Nachfüllpack", "pièce détachée"): a line so described is not the product its code names, unless our own
# description of that product says it is one
def part_of(description: str | None, product: ProductRecord | None) -> str | None:
    """The word by which ``description`` names a part, refill or accessory of the product (None when it does not,
    or when the product's own description says it is one): "replacement spring", "power cord", "Lamp bulb"."""
    found = part_word(description, product.description if product is not None else None)
    return None if found is None else f"part or accessory ({found})"


# a code in a description cell: capitals, digits and joiners, a capital or a digit first, at least four characters
# with a digit or a joiner between capitals ("HLM-W", "GLV-NIT-M", "PR-1004", "4711-0032")
_CELL_CODE = re.compile(r"[A-Z0-9][A-Za-z0-9]*(?:[-./][A-Za-z0-9]+)*")


def description_codes(description: str) -> list[tuple[str, str, bool]]:
    """The words of a description cell that may be an item code, each with the description without it and
    whether it is the cell's first word (a near miss of a known code counts only there): the first word, and
    a word in brackets or parentheses at the cell's start or end."""
    text = " ".join(description.split())
    out: list[tuple[str, str, bool]] = []
    first, _, rest = text.partition(" ")
    first = first.rstrip(",;:")
    if rest and ((len(first) >= 4 and any(c.isdigit() for c in first)) or _cell_code(first)):
        out.append((first, rest, True))
    for m in re.finditer(r"^[\[(]\s*(?P<lead>[^\s\])]+)\s*[\])]\s*|\s*[\[(]\s*(?P<tail>[^\s\])]+)\s*[\])]\s*$", text):
        code = m["lead"] or m["tail"]
        remaining = (text[:m.start()] + " " + text[m.end():]).strip(" -–—,;|")
        if remaining and _cell_code(code):
            out.append((code, " ".join(remaining.split()), False))
    return out


def _cell_code(word: str) -> bool:
    """Shaped like an item code: digits (four characters at least), or capitals joined by a hyphen, dot or slash."""
    if not _CELL_CODE.fullmatch(word):
        return False
    if any(c.isdigit() for c in word):
        return len(word) >= 4
    return bool(re.search(r"[-./]", word)) and sum(c.isalpha() for c in word) >= 3 and word.upper() == word


def _literal(md: MasterData, cid: str | None, code: str) -> ItemMatch | None:
    """A code of letters only, as written: the customer's cross-referenced code or one of our SKUs."""
    sku = (md.sku_for_customer_item(cid, code) if cid else None) or _sku(md, code)
    if sku is None:
        return None
    return ItemMatch(sku, EXACT, "xref" if code not in md.products else "sku")


def _exact(md: MasterData, cid: str | None, cust: str | None, supp: str | None,
           gtin: str | None) -> ItemMatch | None:
    supplier = _sku(md, supp)  # our own code: looked up first
    gtin_sku = md.sku_for_gtin(gtin) if gtin and _gtin_valid(gtin) else None
    if gtin_sku and not supplier:
        return ItemMatch(gtin_sku, EXACT, "gtin")
    attempts = ((supplier, EXACT, "sku"), (gtin_sku, EXACT, "gtin"),
                (md.sku_for_customer_item(cid, cust), EXACT, "xref"),
                (_sku(md, cust), OTHER_ROLE, "xref_as_sku"),
                (md.sku_for_customer_item(cid, supp), OTHER_ROLE, "sku_as_xref"))
    hits = [(sku, conf, method) for sku, conf, method in attempts if sku]
    if hits:
        sku, conf, method = hits[0]
        if any(other != sku for other, _, _ in hits[1:]):
            conf = 0.5  # the two codes point at different products
        return ItemMatch(sku, conf, method)
    index = _index(md, cid, _normal)
    for code in (cust, supp):
        hit = index.get(_normal(code)) if code else None
        if hit and len(hit) == 1:
            known = next(iter(hit))
            return ItemMatch(_resolve(md, cid, known), NORMALIZED, "normalized", known)
    return None


def _sku(md: MasterData, code: str | None) -> str | None:
    return code.strip() if code and code.strip() in md.products else None


def _gtin_valid(gtin: str) -> bool:
    digits = re.sub(r"\D", "", gtin)
    if len(digits) not in (8, 12, 13, 14):
        return False
    body, check = digits[:-1], int(digits[-1])
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10 == check


def _normal(code: str) -> str:
    return re.sub(r"[\s.\-_/]", "", code.upper())


def _folded(code: str) -> str:
    return _normal(code).replace("RN", "M").translate(CONFUSIONS)


def _known_codes(md: MasterData, cid: str | None) -> list[str]:
    own = [item for (c, item) in md.xref if c == cid] if cid else []
    return own + list(md.products)


def _index(md: MasterData, cid: str | None, key) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for code in _known_codes(md, cid):
        out.setdefault(key(code), set()).add(code)
    return out


def _resolve(md: MasterData, cid: str | None, code: str) -> str | None:
    """The SKU a known code stands for: a cross-referenced customer code, or a SKU itself."""
    return md.sku_for_customer_item(cid, code) or (code if code in md.products else None)


def _tolerant(md: MasterData, cid: str | None, codes: list[str]) -> ItemMatch | None:
    if not codes:
        return None
    folded = _index(md, cid, _folded)
    for code in codes:
        hit = folded.get(_folded(code))
        if hit and len({_resolve(md, cid, h) for h in hit}) == 1:
            known = sorted(hit)[0]
            return ItemMatch(_resolve(md, cid, known), OCR_FOLDED, "ocr_folded", known)
    for code in codes:
        target = _folded(code)
        near = {known for key, group in folded.items() if _within_one(target, key) for known in group}
        skus = {_resolve(md, cid, k) for k in near}
        if len(skus) == 1 and len(target) >= 4:
            known = sorted(near)[0]
            return ItemMatch(_resolve(md, cid, known), ONE_EDIT, "one_edit", known)
    return None


def _within_one(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) <= 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def similarity(a: str, b: str) -> float:
    """How alike two descriptions read (0..1), case, accents and word order aside."""
    ta, tb = sorted(re.findall(r"\w+", a.lower())), sorted(re.findall(r"\w+", b.lower()))
    return SequenceMatcher(None, " ".join(ta), " ".join(tb)).ratio()


def _second_opinion(md: MasterData, found: ItemMatch, description: str | None) -> ItemMatch:
    product = md.products.get(found.sku or "")
    if not description or product is None or not product.description:
        return found
    score = similarity(description, product.description)
    conf = found.confidence
    if score >= 0.8:
        conf = max(conf, min(0.97, conf + 0.15))
    return ItemMatch(found.sku, round(conf, 4), found.method, found.corrected_code)


def _by_description(md: MasterData, description: str | None) -> ItemMatch:
    if not description:
        return NO_MATCH
    scored = sorted(((similarity(description, p.description), p.sku) for p in md.products.values()
                     if p.description), reverse=True)
    if not scored or scored[0][0] < 0.9 or (len(scored) > 1 and scored[0][0] - scored[1][0] < 0.1):
        return NO_MATCH
    return ItemMatch(scored[0][1], DESCRIPTION_ONLY, "description")


# --- cross-checks -------------------------------------------------------------------------


def score_order(order: ExtractedOrder, md: MasterData, customer_id: str | None,
                today: date | None = None, past_po_numbers: Sequence[str] = (),
                exact_text: bool = False) -> ExtractedOrder:
    """A copy of ``order`` with per-field confidences adjusted by the cross-checks (see the
    module docstring) and a ``Problem`` per failed check. ``today`` anchors date plausibility;
    ``past_po_numbers`` are the customer's latest accepted PO numbers, newest first; ``exact_text``:
    the document's characters were not recognised from an image (a PDF's text layer, a sheet's cells)."""
    scored = order.model_copy(deep=True)
    repaired = repaired_fields(scored)
    disputed = repaired_fields(scored, DISPUTE_CODE)
    known = None if exact_text else _known_sku(md, customer_id)
    for i, line in enumerate(scored.lines):
        _score_line(line, md, customer_id, scored.problems, repaired.get(i, set()), disputed.get(i, set()), known)
        if exact_text:
            _cut_code_sure(line, md, customer_id, scored.problems)
    _joined_codes(order, scored, md, customer_id)
    _check_total(scored, exact_text)
    if not exact_text:
        _rows_vouched(scored, md, customer_id, set(repaired) | set(disputed))
    _check_repairs(scored, repaired)
    _check_disputes(scored, disputed, set(repaired))
    _check_reading(scored, set(repaired), exact_text)
    usual = usual_po_shape(past_po_numbers)
    if not exact_text:  # master data choosing between two OCR engines' readings (gateway.stages.ocr_confirm)
        confirmed_dates(scored, today or date.today())
        if not confirmed_po(scored, usual, po_shape) and not from_history(scored, usual, past_po_numbers, po_shape) \
                and usual is None:
            # "P0-4711", "B4500123", a hand's "DFO14477" read from a fax: with no usual shape, it waits
            doubt_letters(scored, past_po_numbers, order.confidence.get("po_number"))
    _check_dates(scored, today or date.today())
    _check_currency(scored, md, customer_id)
    _check_po_shape(scored, usual)
    if not exact_text:  # a digit both engines misread inside the customer's number range's beginning
        off_series(scored, usual, past_po_numbers, po_shape)
    return scored


def _codes_in(text: str, codes: dict[str, str]) -> list[str]:
    """The catalogue codes (ours, the customer's cross-referenced ones) that ``text`` is made of, read one after
    the other with nothing or a separator between them ("SKU-1005SKU-1001", "SKU-1005 | SKU-1001", "SKU-1005-SKU-1001",
    "SKU-1005.SKU-1001"); [] when the text is not wholly such codes ("SKU-1005-2": no second code)."""
    key = re.sub(r"[\s|/;,]+", "", text or "").upper()
    if not key:
        return []
    found: list[str] = []
    at = 0
    while at < len(key):
        hit = max((c for c in codes if c and key.startswith(c, at)), key=len, default=None)
        if hit is None:
            return []
        found.append(codes[hit])
        at += len(hit)
        if at < len(key) - 1 and key[at] in "-.":
            at += 1  # "MB-4711-SKU-1004", "SKU-1005.SKU-1001": a code's own dash or dot between two whole codes
    return found


def _joined_codes(read: ExtractedOrder, scored: ExtractedOrder, md: MasterData, cid: str | None) -> None:
    """``LINE-UNREAD`` for a line whose item cell was read as two catalogue codes one after the other
    ("SKU-1005SKU-1001"): two rows of the table were read as one, and the second row's quantity and price
    are nowhere on the order (findings t3, class 8: the line vanished, only a printed total held it). A
    person reads the page."""
    if not read.lines:
        return
    known = {sku.upper(): sku for sku in md.products}
    known.update({item.upper(): sku for (owner, item), sku in md.xref.items() if owner == cid})
    for n, line in enumerate(read.lines):
        for text in (line.customer_item, line.supplier_item):
            codes = _codes_in(text or "", known)
            if len(codes) >= 2:
                scored.problems.append(Problem(
                    code="LINE-UNREAD", severity="error", element="lines", segment_position=n + 1,
                    message=f"line {line.line_no or n + 1}: its item cell reads as {len(codes)} item codes "
                            f"({text!r}): rows of the table were read as one, a line may be missing"))
                break


def _cut_code_sure(line: ExtractedLine, md: MasterData, cid: str | None, problems: list[Problem]) -> None:
    """A code cut from the description it was run into, the letter at the cut possibly its own ("SKU-1004" |
    "BStapler", the text layer's "SKU-1004BStapler"; ``other_readings`` holds "SKU-1004B"): the cut code stands
    only with evidence: master data knows it, not the longer reading, and the description left after the cut is
    the product's own catalogue description word for word ("SKU-1005TONER CARTRIDGE BLACK" for SKU-1005 "Toner
    cartridge black": the T starts a word of it). Else the line is held (``ITEM-READINGS-CONFLICT``): a colour
    variant "SKU-1004B" is another product, and when master data knows only the cut code the printed one may be a
    longer code it does not know (a variant, a new item, "SKU-1005KToner"): a known prefix is no proof of it."""
    for field in ("customer_item", "supplier_item"):
        longer, kept = line.other_readings.get(field), getattr(line, field)
        if not longer or not kept:
            continue
        exact = lambda code: _sku(md, code) or md.sku_for_customer_item(cid, code)  # noqa: E731
        sku = exact(kept)
        if sku and not exact(longer) and _catalogue_words(line.description, md.products.get(sku)):
            line.other_readings.pop(field)
            continue
        line.confidence["sku"] = min(line.confidence.get("sku", 0.0), CONFLICT)
        if sku and not exact(longer):
            problems.append(Problem(code="ITEM-READINGS-CONFLICT", message=f"line {line.line_no}: its code was run "
                                    f"into the description; it reads {kept} or {longer}, and only {kept} is known: "
                                    f"the printed code may be a longer one master data does not hold"))
            continue
        problems.append(Problem(code="ITEM-READINGS-CONFLICT", message=f"line {line.line_no}: its code was run "
                                f"into the description; it reads {kept} or {longer}, and master data does not "
                                f"settle which"))


def _catalogue_words(description: str | None, product: ProductRecord | None) -> bool:
    """Whether a description (at least two words) is the product's catalogue description word for word, sizes and
    weights included: "TONER CARTRIDGE BLACK" for "Toner cartridge black", never "KToner", "ONER CARTRIDGE" nor
    "COPY PAPER A5 120g" for "Copy paper A4 80g (box of 5 reams)"."""
    if product is None or not description:
        return False
    words = re.findall(r"\w+", fold(description).lower())
    catalogue = re.findall(r"\w+", fold(product.description or "").lower())
    # the whole description, sizes and weights too: "COPY PAPER A5 120g" is not "Copy paper A4 80g" (review revX D3)
    return len(words) >= 2 and catalogue == words


def _known_sku(md: MasterData, cid: str | None) -> Callable[[str], str | None]:
    """A code -> the SKU it names exactly (our SKU, the customer's cross-referenced code, case,
    spaces, dots and dashes aside), or None; the index is built once per order."""
    index = _index(md, cid, _normal)

    def known(code: str) -> str | None:
        exact = _sku(md, code) or md.sku_for_customer_item(cid, code)
        if exact:
            return exact
        hit = index.get(_normal(code))
        skus = {_resolve(md, cid, h) for h in hit} if hit else set()
        return next(iter(skus)) if len(skus) == 1 else None
    return known


def _score_line(line: ExtractedLine, md: MasterData, cid: str | None, problems: list[Problem],
                repaired: set[str] = frozenset(), disputed: set[str] = frozenset(),
                known: Callable[[str], str | None] | None = None) -> None:
    """``known``: the line was recognised from an image; its candidate code readings are weighed
    by master data (``gateway.stages.ocr_confirm.confirmed_item``)."""
    confirmed, held, read = None, False, (line.customer_item, line.supplier_item)
    if known is not None:
        confirmed, conf = confirmed_item(line, known, lambda sku: md.products[sku].unit_price, problems)
        held = conf == CONFLICT
    match = match_item(md, cid, line.customer_item, line.supplier_item, line.gtin, line.description)
    code_conf = min((line.confidence.get(f, 1.0) for f in ("customer_item", "supplier_item", "gtin")
                     if getattr(line, f)), default=0.0)
    sku_conf = match.confidence
    exact = match.method in EXACT_METHODS
    if exact and code_conf < 0.6:
        sku_conf *= 0.8  # a poorly read code that still hit a known one: likely, not certain
    product = md.products.get(match.sku or "")
    if product and line.unit_price and product.unit_price and sku_conf >= 0.6:
        if abs(line.unit_price - product.unit_price) <= product.unit_price * PRICE_TOLERANCE:
            sku_conf = max(sku_conf, EXACT) if exact else min(PRICE_BACKED, sku_conf + PRICE_GAIN)
    if confirmed is not None and match.sku != confirmed:
        sku_conf = CONFLICT  # the readings and the tolerant look-up name two products: hold
    elif confirmed is not None:  # a code taken from another reading is as sure as master data makes it
        sku_conf = max(sku_conf, conf) if read == (line.customer_item, line.supplier_item) else conf
    elif held:
        sku_conf = min(sku_conf, CONFLICT)
    line.confidence["sku"] = round(sku_conf, 4)
    if match.sku is None:
        problems.append(Problem(code="ITEM-UNKNOWN", message=f"line {line.line_no}: item not found",
                                severity="warning"))
    elif match.corrected_code:
        problems.append(Problem(code="ITEM-CORRECTED", message=f"line {line.line_no}: item code read as "
                                f"a near miss of {match.corrected_code}", severity="warning"))
    if not repaired:  # a mended row adds up by construction: no evidence here (see _check_repairs)
        _check_amount(line, problems, vouches=not disputed)
    if disputed and product and product.unit_price is not None and line.unit_price == product.unit_price \
            and sku_conf >= 0.9:  # the list price to the cent confirms a price the engines read apart
        _raise(line.confidence, ("unit_price",))
        if _adds_up(line):
            _raise(line.confidence, AMOUNT_FIELDS)
    _check_unit(line, product, problems, confirmed_product=known is not None and sku_conf >= CONFIRMED_SKU)


def _raise(confidence: dict[str, float], fields: tuple[str, ...], to: float = CHECKED) -> None:
    for f in fields:
        if f in confidence:
            confidence[f] = max(confidence[f], to)


def _halve(confidence: dict[str, float], fields: tuple[str, ...]) -> None:
    for f in fields:
        if f in confidence:
            confidence[f] = round(confidence[f] * 0.5, 4)


def _adds_up(line: ExtractedLine) -> bool:
    q, p, a = line.quantity, line.unit_price, line.amount
    if q is None or p is None or a is None:
        return False
    return abs(q * p / (line.price_basis or Decimal(1)) - a) <= max(Decimal("0.011"), abs(a) * Decimal("0.00001"))


def _check_amount(line: ExtractedLine, problems: list[Problem], vouches: bool = True) -> None:
    """Quantity x price = amount raises the three (not when ``vouches`` is False: the engines
    read one of them differently, see ``_check_disputes``); else halves them."""
    if None in (line.quantity, line.unit_price, line.amount):
        return
    if _adds_up(line):
        if vouches:
            _raise(line.confidence, ("quantity", "unit_price", "amount"))
    else:
        _halve(line.confidence, ("quantity", "unit_price", "amount"))
        problems.append(Problem(code="CHECK-LINE-AMOUNT", message=f"line {line.line_no}: quantity x price "
                                "does not give the amount"))


def _check_unit(line: ExtractedLine, product: ProductRecord | None, problems: list[Problem],
                confirmed_product: bool = False) -> None:
    """The unit word known and the product's; an unknown one near a word for the product's unit
    read as that unit (``_unit_near_miss``; on an OCR'd line whose product is sure, also
    ``ocr_confirm.confirmed_unit``: the other engine's reading)."""
    if not line.uom:
        return
    product_uom = (unit_code(product.uom) or product.uom) if product else None  # "EA" on file is C62, as "pièce"
    code = unit_code(line.uom)
    fixed = _unit_near_miss(line.uom, product_uom) if code is None else None
    if code is None and fixed is None and product is not None and confirmed_product:
        fixed = confirmed_unit(line, product_uom)
    if fixed:
        problems.append(Problem(code="UNIT-CORRECTED", message=f"line {line.line_no}: unit {line.uom!r} "
                                f"read as the product's unit {fixed!r}", severity="warning"))
        line.uom, line.confidence["uom"] = fixed, UNIT_FIXED
    elif code is None:
        line.confidence["uom"] = round(line.confidence.get("uom", 1.0) * 0.6, 4)
        problems.append(Problem(code="UNIT-UNKNOWN", message=f"line {line.line_no}: unit not known",
                                severity="warning"))
    elif product_uom and code == product_uom:
        _raise(line.confidence, ("uom",), max(line.confidence.get("uom", 0.0), 0.97))


def _unit_near_miss(word: str, product_uom: str | None) -> str | None:
    """An unknown unit word of three letters or more ("CIN", "Kar") whose every known unit word
    one edit away stands for the product's own unit: that word (cased like the reading)."""
    key = re.sub(r"[^\w]", "", word.lower())
    if not product_uom or len(key) < 3:
        return None
    near = [w for w in UNIT_CODES if len(w) >= 2 and _within_one(key, w)]
    if not near or any(UNIT_CODES[w] != product_uom for w in near):
        return None
    best = min(near, key=lambda w: (len(w) != len(key), w))
    return best.upper() if word.isupper() else best.capitalize() if word[:1].isupper() else best


def _check_total(order: ExtractedOrder, exact_text: bool = False) -> None:
    amounts = [line_amount(ln) for ln in order.lines]
    if order.total is None or not order.lines:  # a sheet read to its end says so (extractors.sheet.sheet_table)
        order.confidence["lines"] = max(NO_TOTAL, order.confidence.get("lines", 0.0)) if order.lines else 0.0
        if exact_text and _positions_complete(order):
            order.confidence["lines"] = max(order.confidence["lines"], POSITIONS_COMPLETE)
        return
    stated = sum((a for a in amounts if a is not None), Decimal(0)) + order_adjustment(order.allowances)
    if all(a is not None for a in amounts) and abs(stated - order.total) <= Decimal("0.011"):
        _raise(order.confidence, ("total",))
        order.confidence["lines"] = CHECKED
        for line in order.lines:
            _raise(line.confidence, ("amount",))
        return
    order.confidence["lines"] = 0.5
    _halve(order.confidence, ("total",))
    missing = sum(a is None for a in amounts)
    message = (f"{missing} of {len(amounts)} line amount(s) were not read: the total cannot be checked"
               if missing else "the line amounts do not add up to the total")
    order.problems.append(Problem(code="CHECK-TOTAL", message=message))


def _rows_vouched(order: ExtractedOrder, md: MasterData, cid: str | None, doubted: set[int]) -> None:
    """An OCR'd document that states no total, its lines' completeness vouched by what it still prints:
    both engines read the same item rows (``agreement.ROWS_AGREED``), no row of its table was left unread,
    and each line is a known product (exactly), at its list price to the cent, its quantity x price giving
    its printed amount as read (no row mended or read apart by the engines, ``doubted``), and nothing printed
    under the items may speak of the order (``order.notes``, ``page_notes.trailing_notes``, empty but for an
    urgent title and a sentence giving only the order's delivery date: ``_delivery_date_note``). A price near
    the list price (a discount) vouches for nothing, even when the position numbers run 1..n: a last row both
    engines missed leaves no gap. Then ``confidence["lines"]`` is ``ROWS_AGREED_NO_TOTAL``; anything short of
    it leaves ``NO_TOTAL``."""
    if order.total is not None or not order.lines or doubted or order.confidence.get(ROWS_AGREED) != 1.0:
        return
    wanted = order.requested_delivery_date
    if [n for n in order.notes if not urgency_note(n) and not _delivery_date_note(n, wanted, order.language)]:
        # "Please add 5 x SKU-1005" under the items: the rows do not say the whole order (review rev1 D6); an
        # urgent title ("COMMANDE URGENTE") or the delivery date alone says nothing of them
        return
    if order.confidence.get("rows", 1.0) < 1.0 or any(p.code in ROW_DOUBTS for p in order.problems):
        return
    if all(_at_list_price(line, md, cid) for line in order.lines):
        order.confidence["lines"] = max(order.confidence.get("lines", 0.0), ROWS_AGREED_NO_TOTAL)


def _delivery_date_note(note: str, wanted: date | None, language: str | None = None) -> bool:
    """A sentence under the items that only states the delivery date the order carries ("Livraison souhaitée le
    19/04/2026.", "Liefertermin 13.04.2026", "Please deliver by 04/19/2026"): it says nothing of the rows. Every
    word but the date is one of ``DATE_NOTE_PHRASES`` and the date is the order's, read in the document's own
    day/month order (``language``: an English one writes its slashed dates month first). Any other word
    ("entfällt", "sans le toner", "sonst stornieren", "doppelte Menge") or number and it is a note like any other."""
    if wanted is None or len(note.split()) > DATE_NOTE_WORDS:
        return False
    dates = list(_NOTE_DATE.finditer(note))
    if len(dates) != 1:
        return False
    said = " ".join(re.sub(r"[^\w\s]", " ", note[:dates[0].start()].lower()).split())
    if said not in DATE_NOTE_PHRASES or note[dates[0].end():].strip(" .!"):
        return False
    a, b, year = (int(dates[0].group(k)) for k in (1, 2, 3))
    year += 2000 if year < 100 else 0
    month_first = (language or "").lower().startswith("en") and "/" in dates[0].group(0)
    day, month = (b, a) if month_first else (a, b)
    return (year, month, day) == (wanted.year, wanted.month, wanted.day)


def _at_list_price(line: ExtractedLine, md: MasterData, cid: str | None) -> bool:
    """A line that vouches for itself: its product known exactly by its code and sure
    (``confidence["sku"]``), its price the list price to the cent, no price basis, and quantity x price =
    amount as printed. A near price (a discount) does not: both engines may miss the same last row, and
    position numbers running 1..n leave no gap after it (review revR D0); a price that lost its decimal
    mark (12.50 read 1250) is never the list price."""
    if line.price_basis not in (None, Decimal(1)) or not _adds_up(line) or line.confidence.get("sku", 0.0) < EXACT:
        return False
    match = match_item(md, cid, line.customer_item, line.supplier_item, line.gtin, line.description)
    product = md.products.get(match.sku or "") if match.method in EXACT_METHODS else None
    return product is not None and product.unit_price is not None and line.unit_price == product.unit_price


def _positions_complete(order: ExtractedOrder) -> bool:
    """The document's own position numbers run without a gap (1, 2, 3 or 10, 20, 30) and no row of its
    table was left unread: no line is missing in between, though there is no total to count them by."""
    positions = [ln.line_no for ln in order.lines]
    if len(positions) < 2 or None in positions or order.confidence.get("rows", 1.0) < 1.0:
        return False
    step = positions[0] if positions[0] in (1, 10) else None
    return step is not None and positions == [step * (i + 1) for i in range(len(positions))]


def _check_repairs(order: ExtractedOrder, repaired: dict[int, set[str]]) -> None:
    """Rows mended by ``extractors.capture.line_repair``: their arithmetic was used to choose the value,
    so only the sum of the lines giving the stated total confirms them (the mended field to
    ``REPAIR_CONFIRMED``, the two read ones to ``CHECKED``); without it they keep their
    reading's confidence and the mended field ``REPAIRED``."""
    if order.confidence.get("lines") != CHECKED:
        return
    for i, fields in repaired.items():
        if i >= len(order.lines):
            continue
        line = order.lines[i]
        _raise(line.confidence, tuple(f for f in AMOUNT_FIELDS if f not in fields))
        _raise(line.confidence, tuple(f for f in AMOUNT_FIELDS if f in fields), REPAIR_CONFIRMED)


def _check_disputes(order: ExtractedOrder, disputed: dict[int, set[str]], mended: set[int]) -> None:
    """Rows whose numbers the two OCR engines read differently (``DISPUTE_CODE``): a price and
    an amount misread alike still multiply out, so only independent evidence raises them: the
    lines giving the stated total (here; the row adding up) or the product's list price to the
    cent (``_score_line``). Without it they keep their reading's (lowered) confidence."""
    if order.confidence.get("lines") != CHECKED:
        return
    for i in disputed:
        if i < len(order.lines) and i not in mended and _adds_up(order.lines[i]):
            _raise(order.lines[i].confidence, AMOUNT_FIELDS)


def _check_reading(order: ExtractedOrder, mended: set[int] = frozenset(), exact_text: bool = False) -> None:
    """Header values have no cross-check of their own; the share of item rows whose quantity x
    price gives the amount as read (rows in ``mended`` were misread) tells how well this
    document was read, so a poorly read one lowers them (x0.7 when no row adds up). Without an amount
    column, the lines' quantity x price adding up to the stated total (``_check_total``) vouches.
    Without either (unpriced lines, no total), an OCR'd document counts as half read; one whose
    characters are exact (``exact_text``) keeps its header values: nothing says they were misread."""
    full = [(i, ln) for i, ln in enumerate(order.lines) if None not in (ln.quantity, ln.unit_price, ln.amount)]
    if full:
        quality = sum(_adds_up(ln) and i not in mended for i, ln in full) / len(full)
    elif order.confidence.get("lines") == CHECKED and not mended:
        quality = 1.0  # no amount column: quantity x price of every line adding up to the stated total vouches
    elif exact_text and not mended and order.total is None:
        quality = 1.0  # no evidence either way, and no character was guessed
    else:
        quality = 0.5
    for f in READ_ONLY_HEADER:
        if f in order.confidence:
            order.confidence[f] = round(order.confidence[f] * (READ_FLOOR + (1 - READ_FLOOR) * quality), 4)


def _check_dates(order: ExtractedOrder, today: date) -> None:
    od, dd = order.order_date, order.requested_delivery_date
    if od and not (today - timedelta(days=3 * 366) <= od <= today + timedelta(days=60)):
        _halve(order.confidence, ("order_date",))
        order.problems.append(Problem(code="DATE-IMPLAUSIBLE", message="order date far from today",
                                      severity="warning"))
    if od and dd and not (od <= dd <= od + timedelta(days=366)):
        _halve(order.confidence, ("requested_delivery_date",))
        order.problems.append(Problem(code="DATE-IMPLAUSIBLE", message="delivery date before the order date "
                                      "or over a year after it", severity="warning"))


def po_shape(po_number: str) -> str:
    """A PO number's shape: each digit 9, each letter A, other characters kept (``PO-0412`` -> ``AA-9999``)."""
    return "".join("9" if c.isdigit() else "A" if c.isalpha() else c for c in po_number.strip().upper())


def usual_po_shape(past_po_numbers: Sequence[str]) -> str | None:
    """The shape all of a customer's past PO numbers share, once there are enough of them; else None."""
    shapes = [po_shape(p) for p in past_po_numbers if p and p.strip()]
    return shapes[0] if len(shapes) >= PO_HISTORY_MIN and len(set(shapes)) == 1 else None


def _check_po_shape(order: ExtractedOrder, usual: str | None) -> None:
    """A PO number read in the customer's usual shape is more likely read right (letter/digit
    confusions change the shape); one in another shape is likely misread, or a new numbering."""
    if usual is None or not order.po_number or "po_number" not in order.confidence:
        return
    shape = po_shape(order.po_number)
    if shape == usual:
        read = order.confidence["po_number"]
        order.confidence["po_number"] = round(max(read, min(PO_SHAPE_MAX, read + PO_SHAPE_GAIN)), 4)
        return
    _halve(order.confidence, ("po_number",))
    order.problems.append(Problem(code="PO-FORMAT-UNUSUAL", message=f"PO number {order.po_number!r} is not in "
                                  f"the customer's usual format {usual!r}", severity="warning"))


def _check_currency(order: ExtractedOrder, md: MasterData, cid: str | None) -> None:
    customer = md.customers.get(cid or "")
    if not customer or not customer.currency or not order.currency:
        return
    if order.currency == customer.currency:
        _raise(order.confidence, ("currency",), 0.99)
    else:
        _halve(order.confidence, ("currency",))


REQUIRED_HEADER = ("po_number", "order_date")
OPTIONAL_HEADER = ("requested_delivery_date", "currency", "total", "lines", "rows")  # rows: table rows unread


def order_confidence(order: ExtractedOrder) -> float:
    """The confidence of the order as a whole: the least confident of the fields an order needs
    (PO number, order date, line completeness, and per line the SKU, quantity, unit, price and
    amount when present). 0 for an order without lines. Call it on ``score_order``'s result."""
    if not order.lines:
        return 0.0
    values = [order.confidence.get(f, 0.0) for f in REQUIRED_HEADER]
    values += [order.confidence[f] for f in OPTIONAL_HEADER if f in order.confidence]
    for line in order.lines:
        values.append(line.confidence.get("sku", 0.0))
        values.append(line.confidence.get("quantity", 0.0))
        values += [line.confidence[f] for f in LINE_FIELDS[2:] if f in line.confidence]
    return round(min(values), 4)
