"""Reading an OCR'd document by the agreement of two engines (tesseract and RapidOCR).

The two engines fail in different places (tesseract: ``O`` for ``0``, ``8:15`` for ``8.15``,
item codes on standard faxes; RapidOCR: accents, hyphen read as dot, 9 as 0), so where they read
the same value it is very likely right, and where they differ at least one is wrong.

Each engine's words go through the layout step on their own, giving two readings of the order;
tesseract's (with its further readings of doubtful places, ``extractors.capture.reread``) is the base: its
layout is the one tuned on faxes and it keeps accents, labels and dates in words. ``combine``
then compares them field by field, item rows aligned by geometry (the row of the other reading
at the same height):

* the same value: **agreement**, the field's confidence raised (doubt x ``AGREE``, at most
  ``AGREED_MAX``: agreement vouches for the reading, not for the label);
* the same letters and digits but other separators (RapidOCR reads hyphens as dots): the
  confidence is left as it was;
* different values: **disagreement**, the confidence multiplied by ``DISAGREE``; tesseract's value
  stays, but for item codes, where RapidOCR's is taken (it reads codes far better); the value not
  kept goes into ``other_readings`` (field -> text) of the line or order, where master data
  confirms one reading or the other (``gateway.stages.ocr_confirm``: known codes, the customer's
  cross-reference, the list price, the product's unit, the customer's PO numbers, plausible dates);
* an item row whose quantity x price does not give the amount to the cent is replaced by
  RapidOCR's row at the same place when that one does (the arithmetic confirms one reading), and
  a total the engines read differently is RapidOCR's when it is the sum of the lines and
  tesseract's is not (its confidence halved: ``score_order`` then checks it against the lines);
* an item row that does not multiply out, whose twin is incomplete, takes the one number of the
  twin that makes it do so (only when exactly one does: ``_one_number_fits``; tesseract on
  standard faxes loses decimal marks, "1225" for "12.25"), flagged as a disagreement;
* a value only one engine read is kept, its confidence multiplied by ``SINGLE``; RapidOCR rows
  tesseract missed are added only when they make the lines give the stated total;
* a quantity, price or amount the engines read differently gets a warning ``DISPUTE_CODE`` (its
  line and field) unless the arithmetic picked the kept reading over a complete other one:
  ``score_order`` then lets only the stated total or the list price vouch for it.

* both engines reading the same item rows (each row of either at a row of the other) is recorded
  (``confidence[ROWS_AGREED]`` 1.0, else 0.0): with every row adding up at its list price it tells a
  document without a total that no row was missed (``gateway.stages.item_matching``);

* a delivery address read from a scan and a delivery date read by mending one slip are doubts the other
  engine settles: both readings read the same street, postcode and city there themselves
  (``address_agreement``), or the same date (``mended_dates``);

* every problem either reading found that concerns the result is kept on it (``keep_problems``):
  the engines read the same page, so a delivery address one reading held ``SHIP-TO-UNSURE``, or a
  row one could not read, holds the combined order too, whichever engine's values were taken;

``combine`` returns, per field, which engine read it ("both", "rapidocr", "tesseract", with the
other engine's reading where they disagreed); ``gateway extract`` prints it.

``merge_page`` aligns the two engines' *words* of a page by geometry (clusters of overlapping
words, compared with spaces and accents ignored); the bench uses it to count how often the engines
agree (``Extraction.metadata["agreement"]``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from difflib import SequenceMatcher

from extractors.capture.address_agreement import BOX_KEYS as SHIP_TO_BOXES, SETTLES, addresses_agree, settle_by_agreement
from extractors.capture.line_repair import DISPUTE_CODE
from extractors.capture.mended_dates import MENDED_ELEMENT
from extractors.locale_values import NUMERIC_DATE, fold
from extractors.capture.reread import line_adds_up
from extractors.capture.words import PageWords, Word
from gateway.model import Box, ExtractedLine, ExtractedOrder, Extraction, Problem

AGREE = 0.35  # an agreed word's doubt is multiplied by this...
AGREED_MAX = 0.99  # ...up to this confidence (agreement vouches for the text, not for the label)
DISAGREE = 0.5
SINGLE = 0.85
ONE_NUMBER = True  # False: no single number taken from the other engine's incomplete row (as before;
# bench_ocr_engines mode "both-prev")
MIN_Y_OVERLAP = 0.5  # of the smaller height: two words on the same row
MIN_X_OVERLAP = 0.3  # of the narrower width: two readings of the same place
ACCENT_LIKE = 0.8  # folded similarity above which tesseract's accented spelling is preferred
_SPACE = re.compile(r"\s+")
_ALNUM = re.compile(r"[^0-9a-z]")

BOTH, RAPID, TESS = "both", "rapidocr", "tesseract"
# order confidence key: 1.0 when the two engines read the same item rows, each row of either reading at
# a row of the other (no row read by one engine alone); ``gateway.stages.item_matching`` lets it vouch for
# the lines' completeness on a document that states no total
ROWS_AGREED = "rows_agreed"


@dataclass(frozen=True)
class Reading:
    """One word of the merged page, and where it came from."""

    word: Word
    source: str  # BOTH, RAPID or TESS
    other: str | None = None  # the other engine's text where the two disagreed


@dataclass(frozen=True)
class MergedPage:
    primary: PageWords
    alternative: PageWords
    readings: tuple[Reading, ...]
    agreed: int
    disagreed: int
    single: int


def merge_page(tess: PageWords, rapid: PageWords) -> MergedPage:
    """Both engines' words of one page (same frame) merged (see the module docstring)."""
    clusters = _clusters(list(tess.words), list(rapid.words))
    primary: list[Word] = []
    alternative: list[Word] = []
    readings: list[Reading] = []
    counts = {"agreed": 0, "disagreed": 0, "single": 0}
    for t_words, r_words in clusters:
        main, alt, source, other, kind = _resolve(t_words, r_words)
        counts[kind] += 1
        primary += main
        alternative += alt
        readings += [Reading(w, source, other) for w in main]
    page = tess.page
    return MergedPage(PageWords(page, tess.width, tess.height, tuple(primary)),
                      PageWords(page, tess.width, tess.height, tuple(alternative)), tuple(readings), **counts)


def _resolve(t_words: list[Word], r_words: list[Word]) -> tuple[list[Word], list[Word], str, str | None, str]:
    """(primary words, alternative words, source, the other reading, kind) of one cluster."""
    if not r_words:
        single = _scaled(t_words, SINGLE)
        return single, single, TESS, None, "single"
    if not t_words:
        single = _scaled(r_words, SINGLE)
        return single, single, RAPID, None, "single"
    t_text, r_text = _joined(t_words), _joined(r_words)
    if t_text == r_text or fold(t_text) == fold(r_text):
        conf = agreed_confidence(min(w.conf for w in t_words), min(w.conf for w in r_words))
        chosen = t_words if t_text != r_text and _accented(t_text) else r_words
        agreed = _with_conf(chosen, conf)
        return agreed, agreed, BOTH, None, "agreed"
    if _accented(t_text) and SequenceMatcher(None, fold(t_text), fold(r_text)).ratio() >= ACCENT_LIKE:
        main, alt, source, other = t_words, r_words, TESS, " ".join(w.text for w in r_words)
    else:
        main, alt, source, other = r_words, t_words, RAPID, " ".join(w.text for w in t_words)
    return _scaled(main, DISAGREE), _scaled(alt, DISAGREE), source, other, "disagreed"


def agreed_confidence(a: float, b: float) -> float:
    """Two engines read the same text with confidences ``a`` and ``b``."""
    best = max(a, b)
    return round(max(best, min(AGREED_MAX, 1 - (1 - best) * AGREE)), 4)


def _joined(words: list[Word]) -> str:
    return _SPACE.sub("", "".join(w.text for w in sorted(words, key=lambda w: w.x0)))


def _accented(text: str) -> bool:
    return any(ord(c) > 127 and c.isalpha() for c in text)


def _scaled(words: list[Word], factor: float) -> list[Word]:
    return [_set_conf(w, round(w.conf * factor, 4)) for w in words]


def _with_conf(words: list[Word], conf: float) -> list[Word]:
    return [_set_conf(w, conf) for w in words]


def _set_conf(w: Word, conf: float) -> Word:
    return Word(w.text, w.x0, w.y0, w.x1, w.y1, conf, w.page)


def _same_place(a: Word, b: Word) -> bool:
    y_overlap = min(a.y1, b.y1) - max(a.y0, b.y0)
    if y_overlap < MIN_Y_OVERLAP * max(min(a.height, b.height), 1e-6):
        return False
    x_overlap = min(a.x1, b.x1) - max(a.x0, b.x0)
    return x_overlap >= MIN_X_OVERLAP * max(min(a.x1 - a.x0, b.x1 - b.x0), 1e-6)


def _clusters(tess: list[Word], rapid: list[Word]) -> list[tuple[list[Word], list[Word]]]:
    """Groups of words read at the same place: union of overlapping tesseract/RapidOCR pairs."""
    n = len(tess)
    parent = list(range(n + len(rapid)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_top = sorted(range(len(rapid)), key=lambda j: rapid[j].y0)
    tops = [rapid[j].y0 for j in by_top]
    for i, t in enumerate(tess):
        for j in _near(by_top, tops, t):
            if _same_place(t, rapid[j]):
                parent[find(i)] = find(n + j)
    groups: dict[int, tuple[list[Word], list[Word]]] = {}
    for i, t in enumerate(tess):
        groups.setdefault(find(i), ([], []))[0].append(t)
    for j, r in enumerate(rapid):
        groups.setdefault(find(n + j), ([], []))[1].append(r)
    return list(groups.values())


def _near(by_top: list[int], tops: list[float], word: Word) -> list[int]:
    """RapidOCR words whose top lies within a few heights of ``word``'s (a cheap prefilter)."""
    from bisect import bisect_left, bisect_right

    reach = 3 * max(word.height, 1.0)
    return by_top[bisect_left(tops, word.y0 - reach):bisect_right(tops, word.y1 + reach)]


# --- two readings of an order -----------------------------------------------------------------

HEADER = ("po_number", "order_date", "requested_delivery_date", "currency", "total")
LINE = ("customer_item", "supplier_item", "gtin", "quantity", "uom", "unit_price", "amount")
CODES = frozenset({"customer_item", "supplier_item", "gtin"})
DATES = frozenset({"order_date", "requested_delivery_date"})
NUMBERS = ("quantity", "unit_price", "amount")


def combine(tess: Extraction, rapid: Extraction, first: str = TESS) -> tuple[Extraction, dict[str, object]]:
    """Tesseract's reading improved and re-weighed by RapidOCR's (see the module docstring), and
    per field which engine read it. ``first=RAPID``: the first reading is RapidOCR's and the
    second tesseract's (``extractors.capture.arbiter``: RapidOCR's whole reading as the base)."""
    second = RAPID if first == TESS else TESS
    if not rapid.orders:
        keep_problems(tess, rapid)
        return tess, {"order": f"{first} only"}
    if not tess.orders:
        order = rapid.orders[0]
        _scale_all(order, SINGLE)
        rapid.metadata.update({k: v for k, v in tess.metadata.items() if k not in rapid.metadata})
        keep_problems(rapid, tess)
        return rapid, {"order": f"{second} only"}
    a, b = tess.orders[0], rapid.orders[0]
    engines: dict[str, object] = {f: _weigh(a, b, f, first) for f in HEADER if getattr(a, f) is not None
                                  or getattr(b, f) is not None}
    used: set[int] = set()
    rows = []
    disputed: list[tuple[ExtractedLine, list[str]]] = []
    twins: dict[int, ExtractedLine] = {}  # the other reading's row index -> the row of the result at its place
    for i, line in enumerate(a.lines):
        j = _twin(line.boxes, b.lines, used)
        if j is None:
            _scale_line(line, SINGLE)
            rows.append({f: f"{first} only" for f in LINE if getattr(line, f) is not None})
            continue
        used.add(j)
        twin = b.lines[j]
        twins[j] = line
        if (not line_adds_up(line) or not to_the_cent(line)) and line_adds_up(twin) and to_the_cent(twin):
            # the arithmetic picks the other engine's row (to the cent: 206.5 x 112.41 is 23212.67, and
            # 23212.87 is within line_adds_up's relative tolerance)
            a.lines[i] = taken = twins[j] = _taken(twin, line)
            rows.append(row := {f: _weigh(taken, line, f, second) for f in LINE if getattr(taken, f) is not None})
            disputed.append((taken, _disputed(row, taken, line)))
            continue
        if first == RAPID:
            _accents_of(line, twin)
        fix = _one_number_fits(line, twin)
        rows.append(row := {f: _weigh(line, twin, f, first) for f in LINE if getattr(line, f) is not None
                            or getattr(twin, f) is not None})
        if fix is not None:
            row[fix] = f"{second} ({first} read {getattr(line, fix)!s})"
            setattr(line, fix, getattr(twin, fix))
            line.confidence[fix] = round(twin.confidence.get(fix, 0.0) * DISAGREE, 4)
        disputed.append((line, _disputed(row, line, twin)))
    alone = [ln for j, ln in enumerate(b.lines) if j not in used]
    a.confidence[ROWS_AGREED] = 1.0 if a.lines and not alone and len(used) == len(a.lines) else 0.0
    rows += _add_missed(a, alone, second, twins, b.lines)
    _flag_disputes(a, disputed)
    engines["lines"] = rows
    if _total_of_lines(a, b):
        engines["total"] = f"{second} ({first} read {a.total!s}; the lines give {b.total!s})"
        a.total, a.confidence["total"] = b.total, round(b.confidence.get("total", 0.0) * DISAGREE, 4)
        if "total" in b.boxes:
            a.boxes["total"] = b.boxes["total"]
    agreed = addresses_agree(a, b)  # asked before keep_problems lends a reading the other's address
    keep_problems(tess, rapid, twins)
    if agreed and (not SETTLES or settle_by_agreement(a, agreed)):
        engines["ship_to"] = BOTH
    if engines.get("requested_delivery_date") == BOTH:  # a date one reading mended, the other read the same
        a.problems = [p for p in a.problems if p.element != MENDED_ELEMENT]
    return tess, engines


def _drop_ship_to_boxes(order: ExtractedOrder) -> None:
    for key in SHIP_TO_BOXES:
        order.boxes.pop(key, None)


# Problems that say a field was not found: they concern the result only when it lacks the field too.
ABSENT = {"LAYOUT-NO-PO": "po_number", "LAYOUT-NO-TABLE": "lines", "LAYOUT-UNREAD-DATE": "requested_delivery_date",
          "LAYOUT-UNASSIGNED-DATE": "requested_delivery_date", "LAYOUT-PRICE-UNNAMED": "lines.unit_price"}


def keep_problems(kept: Extraction, other: Extraction, twins: dict[int, ExtractedLine] | None = None) -> int:
    """The other engine's reading's problems that concern the combined reading ``kept``, added to it;
    returns how many. The engines read the same page, so a doubt either reading found about a
    field the result has (a delivery address held ``SHIP-TO-UNSURE``, a row unread, the page
    read as an invoice) holds for the result, whichever engine's value was taken: every problem
    is kept but those about a field not found (``ABSENT``, ``LAYOUT-HIDDEN-CELL``) when the result
    has that field, "rows not read as items" (``LAYOUT-ROW-UNREAD``) when the result's rows all
    multiply out and give the stated total (the other engine read them), and a row's problem (``segment_position``) is kept on the result's row at the
    other reading's row's place (``twins``: its index there -> the result's row), renumbered; one
    about a row not at any place of the result concerns no row of it. Parties only the other
    reading found (its delivery address read under a label the kept reading missed) are added,
    so a ``SHIP-TO-UNSURE`` kept has its address beside it for the person checking."""
    added = _add_new(kept.problems, other.problems)
    if not kept.orders or not other.orders:
        return added
    order, theirs = kept.orders[0], other.orders[0]
    position = {id(ln): n for n, ln in enumerate(order.lines, 1)}
    for p in theirs.problems:
        if p.code == "LAYOUT-ROW-UNREAD" and (_adds_up_whole(order) or (
                len(theirs.lines) + 1 == len(order.lines) and _row_read_as_line(p.message, order))):
            continue  # the rows it could not read are read: every row and the stated total add up, or its one
            # row is the one line more of the result, its numbers that line's quantity, price and amount
        if p.segment_position is not None:
            row = (twins or {}).get(p.segment_position - 1)
            if row is None or id(row) not in position:
                continue
            p = p.model_copy(update={"segment_position": position[id(row)]})
        elif _found_after_all(order, p):
            continue
        added += _add_new(order.problems, [p])
    roles = {party.role for party in order.parties}
    order.parties += [party.model_copy(deep=True) for party in theirs.parties if party.role not in roles]
    return added


_ONE_UNREAD_ROW = re.compile(r"^1 row\(s\) of the line table could not be read as items: (['\"])(?P<row>.*)\1$")
_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:[.,\u202f ]\d{3})*(?:[.,]\d{1,3})?(?![\w])")


def _row_read_as_line(message: str, order: ExtractedOrder) -> bool:
    """The other engine's one unread row ("2 pièce 79,00 158,00": the numbers of a row whose description wraps
    in its cell, which that engine read as a row of their own) is a line of ``order`` read right: its numbers are
    that line's quantity, unit price and amount, and they multiply out to the cent. (The caller also asks that
    ``order`` has exactly one line more than that engine read: the row is not a second item with the same numbers.)"""
    found = _ONE_UNREAD_ROW.match(message)
    if found is None or len(found.group("row")) >= 60:  # the message quotes 60 characters: the row may go on
        return False
    numbers = {_plain_number(n) for n in _NUMBER.findall(found.group("row"))}
    return any(len(numbers) >= 3 and to_the_cent(ln) and None not in (ln.quantity, ln.unit_price, ln.amount)
               and numbers == {ln.quantity, ln.unit_price, ln.amount} for ln in order.lines)


def _plain_number(text: str) -> Decimal:
    """A printed number's value, its last separator before one to three digits taken as the decimal mark."""
    digits = re.sub(r"[\u202f ]", "", text)
    whole, mark, tail = re.match(r"^(.*?)(?:([.,])(\d{1,3}))?$", digits).groups()
    return Decimal(re.sub(r"[.,]", "", whole) + (f".{tail}" if mark else ""))


def _adds_up_whole(order: ExtractedOrder) -> bool:
    """Every row multiplies out to the cent and the rows' amounts give the stated total."""
    if not order.lines or order.total is None or not all(to_the_cent(ln) for ln in order.lines):
        return False
    return abs(sum((ln.amount for ln in order.lines), Decimal(0)) - order.total) <= Decimal("0.005")


def _found_after_all(order: ExtractedOrder, problem: Problem) -> bool:
    """``problem`` says a field was not found (or not read) that ``order`` has."""
    name = ABSENT.get(problem.code)
    if problem.code == "LAYOUT-HIDDEN-CELL":
        name = problem.message.partition(":")[0].strip()
    if name is None:
        return False
    if name == "lines":
        return bool(order.lines)
    if name == "lines.unit_price":  # prices read as unread by one reading, read by the result on every row
        return bool(order.lines) and all(ln.unit_price is not None for ln in order.lines)
    return getattr(order, name, None) is not None


def _add_new(mine: list[Problem], theirs: list[Problem]) -> int:
    seen = {(p.code, p.element, p.segment_position, p.message) for p in mine}
    added = 0
    for p in theirs:
        key = (p.code, p.element, p.segment_position, p.message)
        if key not in seen:
            seen.add(key)
            mine.append(p)
            added += 1
    return added


def _one_number_fits(line: ExtractedLine, twin: ExtractedLine) -> str | None:
    """The one number of a row that does not multiply out to the cent whose reading by the other
    engine makes it do so (``twin`` itself incomplete or not adding up: its row was not taken
    whole), the only such one; None otherwise. Tesseract on standard faxes loses decimal marks
    ("1225" for "12.25") where RapidOCR's layout missed the quantity beside them."""
    if not ONE_NUMBER or to_the_cent(line):
        return None
    fits = [f for f in NUMBERS if getattr(twin, f) is not None and getattr(twin, f) != getattr(line, f)
            and to_the_cent(line.model_copy(update={f: getattr(twin, f)}))]
    return fits[0] if len(fits) == 1 else None


def _accents_of(line: ExtractedLine, twin: ExtractedLine) -> None:
    """RapidOCR's row kept: tesseract's description where it reads the same but for accents
    (RapidOCR's model has none)."""
    if line.description and twin.description and fold(line.description) == fold(twin.description):
        line.description = twin.description


def _disputed(row: dict[str, str], kept: ExtractedLine, other: ExtractedLine) -> list[str]:
    """The numbers of a row (quantity, price, amount) the engines read differently, unless the
    arithmetic picked the kept reading: it gives the amount to the cent, the other reading has
    all three and does not, and its price is not its amount (at quantity 1 a price and an
    amount misread alike still multiply out; so do a price and an amount that both lost their
    decimal mark, "7432" and "743200", when the other engine read only "7432.00")."""
    complete = None not in (other.quantity, other.unit_price, other.amount)
    if to_the_cent(kept) and complete and not to_the_cent(other) and kept.unit_price != kept.amount:
        return []
    return [f for f in NUMBERS if str(row.get(f, "")).startswith((f"{TESS} (", f"{RAPID} ("))]


def _flag_disputes(order: ExtractedOrder, disputed: list[tuple[ExtractedLine, list[str]]]) -> None:
    """A warning ``DISPUTE_CODE`` per number the engines read differently (``segment_position``:
    the line's 1-based position, ``element``: the field): ``gateway.stages.item_matching.score_order``
    then does not let the row's own arithmetic vouch for it (a price and an amount misread
    alike still multiply out), only the stated total or the price list."""
    position = {id(ln): n for n, ln in enumerate(order.lines, 1)}
    for line, fields in disputed:
        for f in fields:
            if id(line) in position:
                order.problems.append(Problem(
                    code=DISPUTE_CODE, severity="warning", segment_position=position[id(line)], element=f,
                    message=f"line {line.line_no or position[id(line)]}: the OCR engines read its {f} differently"))


def to_the_cent(line: ExtractedLine) -> bool:
    """Quantity x price, rounded to the cent, is the amount."""
    q, p, a = line.quantity, line.unit_price, line.amount
    if q is None or p is None or a is None:
        return False
    return abs(q * p / (line.price_basis or Decimal(1)) - a) <= Decimal("0.0051")


def _total_of_lines(a: ExtractedOrder, b: ExtractedOrder) -> bool:
    """The engines read different totals, and the second reading's is the sum of the (combined)
    lines while the first's is not: the arithmetic picks the second's."""
    if a.total is None or b.total is None or a.total == b.total or not a.lines \
            or any(ln.amount is None for ln in a.lines):
        return False
    lines = sum((ln.amount for ln in a.lines), Decimal(0))
    return b.total == lines != a.total


def _weigh(a: object, b: object, f: str, first: str = TESS) -> str:
    """One field of two readings, ``a`` (the kept one, read by ``first``; changed in place) and
    ``b`` (the other engine's): see the module docstring."""
    second = RAPID if first == TESS else TESS
    va, vb = getattr(a, f), getattr(b, f)
    ca, cb = a.confidence.get(f, 0.0), b.confidence.get(f, 0.0)
    if va is None and f in CODES and first == RAPID and _leads_with_code(getattr(a, "description", None)):
        return f"{first} only"  # its code is in its description (columns merged): not tesseract's column
    if va is None:
        setattr(a, f, vb)
        a.confidence[f] = round(cb * SINGLE, 4)
        if f in b.boxes:
            a.boxes[f] = b.boxes[f]
        return f"{second} only"
    if vb is None:
        a.confidence[f] = round(ca * SINGLE, 4)
        return f"{first} only"
    if _same(va, vb):
        a.confidence[f] = agreed_confidence(ca, cb)
        return BOTH
    if _same_alnum(va, vb):  # RapidOCR reads hyphens as dots: the letters and digits agree
        return f"{BOTH} but separators ({second} read {vb!s})"
    if f in CODES and (first == TESS or _merged_into(va, vb)):
        setattr(a, f, vb)
        a.confidence[f] = round(cb * DISAGREE, 4)
        a.other_readings[f] = str(va)
        return f"{second} ({first} read {va!s})"
    a.confidence[f] = round(ca * DISAGREE, 4)
    a.other_readings[f] = str(vb)
    return f"{first} ({second} read {vb!s})"


def _merged_into(va: object, vb: object) -> bool:
    """RapidOCR's code ``va`` is tesseract's ``vb`` with more after it: its layout merged the
    next column (the description) into the code; tesseract's is the code."""
    a, b = (_ALNUM.sub("", fold(str(v))) for v in (va, vb))
    return len(b) >= 4 and len(a) > len(b) + 2 and a.startswith(b)


def _leads_with_code(description: str | None) -> bool:
    """The description starts with what looks like an item code (a word of four characters or
    more with a digit): the layout merged the code column into it, item matching finds it there."""
    first = (description or "").split(maxsplit=1)[:1]
    return bool(first) and len(first[0]) >= 4 and any(c.isdigit() for c in first[0])


def _same(va: object, vb: object) -> bool:
    if isinstance(va, str) and isinstance(vb, str):
        return fold(_SPACE.sub("", va)) == fold(_SPACE.sub("", vb))
    return va == vb


def _same_alnum(va: object, vb: object) -> bool:
    return isinstance(va, str) and isinstance(vb, str) and _ALNUM.sub("", fold(va)) == _ALNUM.sub("", fold(vb))


def _taken(twin: ExtractedLine, line: ExtractedLine) -> ExtractedLine:
    """RapidOCR's row in place of tesseract's (which did not add up), with tesseract's words for
    what RapidOCR did not read (a description's accents)."""
    update = {"line_no": line.line_no}
    if line.description and twin.description and fold(line.description) == fold(twin.description):
        update["description"] = line.description
    return twin.model_copy(deep=True, update=update)


def _add_missed(order: ExtractedOrder, missed: list[ExtractedLine], second: str = RAPID,
                twins: dict[int, ExtractedLine] | None = None,
                theirs: list[ExtractedLine] | None = None) -> list[dict[str, str]]:
    """The other engine's rows (``second``'s) with no row at their place, added when the lines then
    give the stated total (and only then: a row read by one engine alone); ``twins`` (the other
    reading's row index -> the result's row) gets them, ``theirs`` being the other reading's rows."""
    if not missed or order.total is None or any(ln.amount is None for ln in order.lines + missed):
        return []
    if sum((ln.amount for ln in order.lines), Decimal(0)) + sum((ln.amount for ln in missed), Decimal(0)) != \
            order.total:
        return []
    rows = []
    index = {id(ln): j for j, ln in enumerate(theirs or [])}
    for read in missed:
        line = read.model_copy(deep=True)
        _scale_line(line, SINGLE)
        order.lines.append(line)
        if twins is not None and id(read) in index:
            twins[index[id(read)]] = line
        rows.append({f: f"{second} only" for f in LINE if getattr(line, f) is not None})
    order.lines.sort(key=lambda ln: _row_y(ln))
    return rows


def _row_y(line: ExtractedLine) -> tuple[int, float]:
    box = line.boxes.get("amount") or next(iter(line.boxes.values()), None)
    return (box.page, box.y) if box else (10 ** 6, 0.0)


def _scale_line(line: ExtractedLine, factor: float) -> None:
    for f in list(line.confidence):
        line.confidence[f] = round(line.confidence[f] * factor, 4)


def _scale_all(order: ExtractedOrder, factor: float) -> None:
    for f in list(order.confidence):
        order.confidence[f] = round(order.confidence[f] * factor, 4)
    for line in order.lines:
        _scale_line(line, factor)


def _twin(boxes: dict[str, Box], candidates: list[ExtractedLine], used: set[int]) -> int | None:
    """The index of the row of ``candidates`` at the height of the row with ``boxes``."""
    mine = boxes.get("amount") or next(iter(boxes.values()), None)
    if mine is None:
        return None
    for j, other in enumerate(candidates):
        box = other.boxes.get("amount") or next(iter(other.boxes.values()), None)
        if j not in used and box and box.page == mine.page and abs(
                (box.y + box.h / 2) - (mine.y + mine.h / 2)) < max(mine.h, 8.0):
            return j
    return None


def confirm_by_words(order: ExtractedOrder, engines: dict[str, object], tess: list[PageWords],
                     rapid: list[PageWords], only: str = TESS) -> int:
    """Fields only tesseract's layout found (RapidOCR's missed the label, say) whose words
    RapidOCR read alike at the same place (a date: the same letters and digits in the same runs,
    whatever the separators): agreed after all. Returns how many. ``only=RAPID``:
    the order is RapidOCR's reading (``tess`` then holds its words, ``rapid`` tesseract's)."""
    t_words = {p.page: p.words for p in tess}
    r_words = {p.page: p.words for p in rapid}
    found = 0
    targets = [(order, f, engines) for f in list(engines) if f != "lines"]
    for line, row in zip(order.lines, engines.get("lines", [])):
        targets += [(line, f, row) for f in list(row)]
    for holder, f, where in targets:
        box = holder.boxes.get(f)
        if where.get(f) != f"{only} only" or box is None:
            continue
        mine = _text_in(t_words.get(box.page, ()), box)
        theirs = _text_in(r_words.get(box.page, ()), box)
        value = getattr(holder, f)
        if isinstance(value, str) and _ALNUM.sub("", fold(value)) not in _ALNUM.sub("", fold(mine[0])):
            continue  # the value is a further reading's, not these words
        if mine[0] and (fold(mine[0]) == fold(theirs[0]) or f in DATES and (
                _runs(mine[0]) == _runs(theirs[0]) or _date_runs(mine[0]) == _date_runs(theirs[0]) is not None
                or _slip_of_an_impossible_date(mine[0], theirs[0]))):
            read = holder.confidence.get(f, 0.0) / SINGLE
            holder.confidence[f] = agreed_confidence(min(read, 1.0), theirs[1])
            where[f] = f"{BOTH} (words at its place)"
            found += 1
    return found


def _date_runs(text: str) -> tuple[str, ...] | None:
    """The digit runs of the one numeric date in ``text``; None for none or more than one. In a small grid cell
    one engine reads the label over the value into its words ("Rellery16/12/2026date.", tesseract a speck
    "©16/12/2026"): the same date digits at the same place are the same date read."""
    found = list(NUMERIC_DATE.finditer(fold(text)))
    if len(found) != 1:
        return None
    return tuple(re.findall(r"\d+", found[0].group(0)))


def _slip_of_an_impossible_date(mine: str, theirs: str) -> bool:
    """The other engine read the date's digits one character otherwise, into no date at all: "15.12.2926" (or a
    month 19, a day 45) beside "15:12.2026" (review F16). Two possible dates one digit apart ("15.12.2026",
    "16.12.2026") are two readings, never one; so is a slip in the day or the month into no date ("15.12" / "15.17",
    "13.12" / "43.12"): the engines disagree on the very digit a date turns on (review revE D6)."""
    a, b = re.findall(r"\d+", fold(mine)), re.findall(r"\d+", fold(theirs))
    if len(a) != 3 or [len(x) for x in a] != [len(x) for x in b]:
        return False
    if sum(x != y for p, q in zip(a, b) for x, y in zip(p, q)) != 1:
        return False
    year = 0 if len(a[0]) == 4 else 2
    if a[year] == b[year]:
        return False  # the slip is in the day or the month, the very digits in doubt ("15.12" / "15.17"): two readings
    return _a_date(a) and not _a_date(b)


def _a_date(runs: list[str]) -> bool:
    if len(runs[0]) == 4:  # year first
        runs = [runs[2], runs[1], runs[0]]
    first, second, year = int(runs[0]), int(runs[1]), int(runs[2])
    year = year + 2000 if len(runs[2]) == 2 else year
    if not 1900 <= year <= 2200:
        return False
    for day, month in ((first, second), (second, first)):
        try:
            date(year, month, day)
            return True
        except ValueError:
            continue
    return False


def _runs(text: str) -> list[str]:
    """The letters and digits of ``text`` in their runs: a date read "30,09.2026" by one engine and
    "30.09.2026" by the other is the same date, "3/10/2026" and "31/0/2026" are not."""
    return re.findall(r"[0-9a-z]+", fold(text).lower())


def _text_in(words: tuple[Word, ...], box: Box) -> tuple[str, float]:
    """The words whose centres lie in ``box`` (a little grown), joined without spaces, and their
    lowest confidence."""
    pad = box.h * 0.3
    inside = [w for w in words if box.x - pad <= (w.x0 + w.x1) / 2 <= box.x + box.w + pad
              and box.y - pad <= w.cy <= box.y + box.h + pad]
    return _joined(inside), min((w.conf for w in inside), default=0.0)


# --- where RapidOCR reads -----------------------------------------------------------------------

Rect = tuple[float, float, float, float]  # x0, y0, x1, y1, frame pixels
BAND_PAD = 1.0  # the item rows' band grown by this many row heights up and down
FIELD_PAD = 0.5  # a header value's box grown by this share of its height


@dataclass
class RapidReading:
    """RapidOCR's words where it read (``words``, frame, per page), the places it read
    (``covered``), and how many of the lines found it read per page (``counts``); ``whole``:
    it read every line found."""

    words: dict[int, list[Word]]
    covered: dict[int, list[Rect]]
    counts: dict[str, str]
    whole: bool = False
    kept: dict[int, list[int]] = field(default_factory=dict)  # per page, the detected lines read

    def beside(self, page: PageWords) -> PageWords:
        """RapidOCR's words of ``page`` where it read, tesseract's elsewhere (the layout then
        finds labels and columns as on the whole page)."""
        if page.page not in self.words:
            return page
        if self.whole:
            return PageWords(page.page, page.width, page.height, tuple(self.words[page.page]))
        rects = self.covered[page.page]
        kept = [w for w in page.words if not _inside(w.x0 / 2 + w.x1 / 2, w.cy, rects)]
        return PageWords(page.page, page.width, page.height, tuple(kept + self.words[page.page]))

    def unread_dropped(self, reading: Extraction) -> Extraction:
        """``reading`` (of the pages ``beside`` gave) without the fields RapidOCR did not read:
        those came from tesseract's words and must not count as agreement. Read whole, a page
        RapidOCR has no words of (``beside`` gave tesseract's) is still not RapidOCR's reading."""
        if not reading.orders:
            return reading
        order = reading.orders[0]
        if self.whole:
            return self.only_read_pages(reading)
        for f in HEADER:
            box = order.boxes.get(f)
            if box is not None and not self._read(box):
                setattr(order, f, None)
                order.confidence.pop(f, None)
                order.boxes.pop(f, None)
        if not all(self._read_through(order.boxes[k]) for k in SHIP_TO_BOXES if k in order.boxes):
            _drop_ship_to_boxes(order)  # its delivery address is tesseract's words there: no second reading
        order.lines = [ln for ln in order.lines if (box := _row_box(ln)) is None or self._read(box)]
        return reading

    def only_read_pages(self, reading: Extraction) -> Extraction:
        """``reading`` without the header fields and rows found on a page RapidOCR read nothing of
        (its layout had tesseract's words there): a value one engine read is not two readings."""
        if not reading.orders:
            return reading
        order = reading.orders[0]
        for f in HEADER:
            box = order.boxes.get(f)
            if box is not None and box.page not in self.words:
                setattr(order, f, None)
                order.confidence.pop(f, None)
                order.boxes.pop(f, None)
        if any(order.boxes[k].page not in self.words for k in SHIP_TO_BOXES if k in order.boxes):
            _drop_ship_to_boxes(order)
        order.lines = [ln for ln in order.lines if (box := _row_box(ln)) is None or box.page in self.words]
        return reading

    def only_rapid(self, page: PageWords) -> PageWords:
        """RapidOCR's words of ``page`` (none where it read nothing of it)."""
        return PageWords(page.page, page.width, page.height, tuple(self.words.get(page.page, ())))

    def _read(self, box: Box) -> bool:
        return box.page in self.covered and _inside(box.x + box.w / 2, box.y + box.h / 2, self.covered[box.page])

    def _read_through(self, box: Box) -> bool:
        """RapidOCR read the whole of ``box`` (its ends and its top and bottom line, not only its centre): the
        words there are its own, none of tesseract's beside them."""
        rects = self.covered.get(box.page)
        return rects is not None and all(_inside(box.x + fx * box.w, box.y + fy * box.h, rects)
                                         for fx in (0.1, 0.9) for fy in (0.25, 0.75))


def read_where_it_matters(tess: Extraction, ocr: dict, everywhere: bool = False) -> RapidReading:
    """RapidOCR's recognition of the lines its detector found (``OcrPage.detected``) on the
    places tesseract's reading says matter: the band of the item rows (a row height more above
    and below: rows tesseract missed are there) and the header values (PO number, dates,
    currency, total). Everything when ``everywhere`` or when tesseract's reading found no item
    rows. Pages read whole before (``OcrPage.rapid``) are left as they are."""
    from extractors.capture import rapid_engine

    order = tess.orders[0] if tess.orders else None
    whole = everywhere or order is None or not order.lines
    reading = RapidReading({}, {}, {}, whole)
    for n, page in ocr.items():
        found = page.detected
        if found is None or page.rapid is not None:
            continue
        rects = [_frame_rect(page.rapid_frame, found.extent(i)) for i in range(len(found.boxes))]
        keep = list(range(len(rects))) if whole else [i for i, r in enumerate(rects) if _matters(r, order, n)]
        words = [page.rapid_frame.to_frame(w) for w in rapid_engine.recognise(found, keep)]
        reading.words[n] = words
        reading.covered[n] = [rects[i] for i in keep]
        reading.kept[n] = keep
        reading.counts[str(n)] = f"{len(keep)}/{len(rects)}"
    return reading


def read_the_rest(reading: RapidReading, ocr: dict) -> dict[int, list[Word]]:
    """RapidOCR's words of every line its detector found on the pages ``reading`` covers: the
    lines already read and the others, recognised now (frame pixels, per page)."""
    from extractors.capture import rapid_engine

    out: dict[int, list[Word]] = {}
    for n, words in reading.words.items():
        found, kept = ocr[n].detected, set(reading.kept.get(n, ()))
        rest = [] if found is None else [i for i in range(len(found.boxes)) if i not in kept]
        fresh = rapid_engine.recognise(found, rest) if rest else []
        out[n] = list(words) + [ocr[n].rapid_frame.to_frame(w) for w in fresh]
    return out


def _frame_rect(frame: object, extent: tuple[float, float, float, float]) -> Rect:
    w = frame.to_frame(Word("", *extent))
    return w.x0, w.y0, w.x1, w.y1


def _matters(rect: Rect, order: ExtractedOrder, page: int) -> bool:
    """A line in the item rows' band under a column of codes or numbers (not the descriptions:
    they are not compared, and RapidOCR has no accents), or on a header value."""
    band = _band(order, page)
    if band is not None and rect[1] < band[1] and rect[3] > band[0] and any(
            rect[0] < x1 and rect[2] > x0 for x0, x1 in _columns(order, page)):
        return True
    if order.po_number is None and band is not None and rect[3] <= band[0] and page == _first_row_page(order):
        return True  # no PO number read: the header above the items (a small label-over-value grid tesseract lost)
    for f in (*HEADER, *SHIP_TO_BOXES):
        box = order.boxes.get(f)
        if box is not None and box.page == page:
            pad = FIELD_PAD * box.h
            if rect[0] < box.x + box.w + pad and rect[2] > box.x - pad and rect[1] < box.y + box.h + pad \
                    and rect[3] > box.y - pad:
                return True
    return False


def _band(order: ExtractedOrder, page: int) -> tuple[float, float] | None:
    """(top, bottom) of the item rows on ``page``, grown by ``BAND_PAD`` row heights; None
    without rows there."""
    rows = [b for b in (_row_box(ln) for ln in order.lines) if b is not None and b.page == page]
    if not rows:
        return None
    pad = BAND_PAD * sorted(b.h for b in rows)[len(rows) // 2]
    return min(b.y for b in rows) - pad, max(b.y + b.h for b in rows) + pad


def _first_row_page(order: ExtractedOrder) -> int | None:
    return min((b.page for b in (_row_box(ln) for ln in order.lines) if b is not None), default=None)


def _columns(order: ExtractedOrder, page: int) -> list[tuple[float, float]]:
    """The x extent of each compared line field (codes, quantity, unit, prices) over the rows."""
    spans: dict[str, tuple[float, float]] = {}
    for line in order.lines:
        for f in LINE:
            box = line.boxes.get(f)
            if box is not None and box.page == page:
                x0, x1 = spans.get(f, (box.x, box.x + box.w))
                spans[f] = (min(x0, box.x), max(x1, box.x + box.w))
    return list(spans.values())


def _row_box(line: ExtractedLine) -> Box | None:
    return line.boxes.get("amount") or next(iter(line.boxes.values()), None)


def _inside(x: float, y: float, rects: list[Rect]) -> bool:
    return any(r[0] <= x <= r[2] and r[1] <= y <= r[3] for r in rects)
