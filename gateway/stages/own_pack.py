"""A package word whose stated content is exactly the product's own pack (issues 17, 18, 23: units on printed and
faxed orders).

Copy paper sold in ``BX`` ("Copy paper A4 80g (box of 5 reams)") ordered as "20 | carton | Papier copie A4 80g
(carton de 5 rames) | 24,50 | 490,00": in French and German offices "carton de 5 ramettes" / "Karton 5 Ries" is the
ordinary name of that box. The line states what its carton holds, so by itself it reads two ways (20 boxes, or 20
cartons of five boxes); it is the product's own unit only when all of these hold:

- the stated content is a sheet-content noun (reams, rames, ramettes, Ries; sheets, feuilles, Blatt) of the kind
  and count the catalogue gives for the product's own pack ("box of 5 reams": 5 reams), after the same package
  word as the line's unit ("carton" under "carton"); only a ream's own 500 sheets may follow ("de 500 feuilles");
  for a pack the catalogue counts in reams, a wrapped ream's pack noun counts as a ream ("Karton à 5 Pakete",
  "carton de 5 paquets", "carton of 5 packs": ``stated_kind``) unless it names the product's own unit, and only
  when the money says one box: at the conversion table's carton price (CT = 5 BX, 5 x the box's price) the pack
  noun counts nothing and the table's reading stands;
- nothing else on the line counts: no second count ("x 4", "je 5 Ries", "3 Pakete"), no other package noun
  (boîtes, Boxen: the product's own unit, a carton of our boxes; a pack noun outside the stated phrase);
- the money is read as printed (``money_as_printed``) and the whole money rule of the Units section holds (checked
  by the caller, ``own_unit_by_money`` with ``whole``).

Everything else still waits ``UOM-PACK-UNSURE``. Pieces (pens "pack of 10") have no sheet content: never here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractors.capture.line_repair import REPAIRED, repaired_fields
from extractors.locale_values import fold
from gateway.model import ExtractedLine, ExtractedOrder
from gateway.reference.masterdata import ProductRecord
from gateway.stages.pack_words import (CARTON_WORDS, PACKAGE_NOUNS, REAM_KIND, REAM_PACK_NOUNS, SALES_PACK,
                                      SHEET_KINDS, SHEETS_IN_A_REAM, alternation, content_kind)

# the catalogue's own pack counted in its content: "box of 5 reams", "carton de 5 ramettes", "Box mit 5 Ries"
_CATALOGUE_PACK = re.compile(SALES_PACK + r"\s+([^\W\d_]+)")
# the line's package word and its stated content: "carton de 5 rames", "Karton 5 Ries", "carton of 5 reams"
_STATED = re.compile(rf"\b({alternation(CARTON_WORDS)})\b\.?\s*(?:a|mit|von|of|de|with|containing|avec|=|:)?"
                     r"\s*(\d+)\s*([^\W\d_]+)"
                     r"(?:\s*(?:de|of|a|mit|zu|je|x)?\s*500\s*(?:feuilles|sheets|blatt|bogen|f\b\.?))?")
# any count left on the line once the phrase is out, but a measure ("80 g", "80 g/m2", "A4" has no count)
_COUNT = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)?(?![\w.,])(?!\s*(?:(?:g|gr|gsm|mm|cm|m|kg|µm)\b|g/m|%))"
                    r"|\bx\s*\d|\d\s*x\b")
# another package noun anywhere on the line: it may be the product's own unit, the carton's content
_OTHER_PACK = re.compile(rf"\b(?:{PACKAGE_NOUNS})\b")


def _folded(text: str) -> str:
    return fold(text or "").replace("ß", "ss").lower()


def catalogue_sheet_pack(product: ProductRecord) -> tuple[int, int] | None:
    """(count, content kind) of the product's own pack when the catalogue counts it in reams or sheets ("box of 5
    reams": 5 reams), else None (pens "pack of 10" count no sheet content)."""
    found = _CATALOGUE_PACK.search(_folded(product.description or ""))
    if found is None:
        return None
    kind = content_kind(found.group(2))
    return (int(found.group(1)), kind) if kind in SHEET_KINDS else None


def states_own_pack(text: str, written: str, product: ProductRecord, same_word, pack_nouns: bool = True) -> bool:
    """The line's words state that its package (``written``, the line's unit word) holds exactly the product's own
    pack content, and nothing else on the line counts. ``same_word(a, b)``: two unit words name one unit.
    ``pack_nouns``: whether a pack noun may count as reams (``stated_kind``; not when the money says a carton)."""
    own = catalogue_sheet_pack(product)
    folded = _folded(text)
    phrases = list(_STATED.finditer(folded))
    if own is None or len(phrases) != 1:
        return False
    phrase = phrases[0]
    if not same_word(phrase.group(1), written):
        return False
    kind = stated_kind(phrase.group(3), own, product, same_word) if pack_nouns else content_kind(phrase.group(3))
    if (int(phrase.group(2)), kind) != own:
        return False
    outside = _no_counts(folded[:phrase.start()] + " , " + folded[phrase.end():], own, product)
    return not _COUNT.search(outside) and not _OTHER_PACK.search(outside)


def stated_kind(word: str, own: tuple[int, int], product: ProductRecord, same_word) -> int | None:
    """The content kind of a carton's stated content word: a sheet-content noun's own kind; a pack noun
    (``REAM_PACK_NOUNS``: "Pakete", "paquets", "packs") counts reams when the catalogue counts the product's own
    pack in reams and the word does not name the product's own unit (a pack of copy paper is a ream; pens'
    "Pakete" are never here, their pack counts no sheets)."""
    kind = content_kind(word)
    if kind is None and own[1] == REAM_KIND and word in REAM_PACK_NOUNS and not same_word(word, product.uom):
        return REAM_KIND
    return kind


# what a description of the paper itself says, counting nothing: its sheet size ("210 x 297 mm"), a ream's sheets
_SHEET_SIZE = re.compile(r"(?<![\w.,])\d{2,4}\s*x\s*\d{2,4}\s*(?:mm|cm)\b")
_SHEETS = re.compile(r"(?<![\w.,])(\d+)\s*(?:feuilles|sheets|blatt|bogen|f\b\.?)")


def _no_counts(outside: str, own: tuple[int, int], product: ProductRecord) -> str:
    """The line's words outside the stated phrase with what counts nothing blanked out: the sheet size ("210 x 297
    mm", not "x 5"); for a pack counted in reams, a ream's own sheets or the whole pack's ("500 feuilles"; "2500
    feuilles" for 5 reams, never 250 or 5000); the product's own GTIN ("Réf. 4000862141404")."""
    text = _SHEET_SIZE.sub(" ", outside)
    if own[1] == REAM_KIND:
        sheets = {SHEETS_IN_A_REAM, own[0] * SHEETS_IN_A_REAM}
        text = _SHEETS.sub(lambda m: " " if int(m.group(1)) in sheets else m.group(0), text)
    gtin = (product.gtin or "").strip().lstrip("0")
    if len(gtin) >= 7 and gtin.isdigit():
        text = re.sub(rf"(?<![\w.,])0*{gtin}(?![\w.,])", " ", text)
    return text


def money_as_printed(raw: ExtractedLine, mended: frozenset[str] | set[str] = frozenset()) -> bool:
    """The line's quantity, price and amount are what the customer printed: each read (in a box of its own where
    the reader marks boxes: a PDF, a fax), none mended by the arithmetic (a mended value has confidence
    ``REPAIRED`` or less, or named in ``mended``, the fields the order's ``OCR-REPAIRED`` problems name for the line:
    two engines agreeing on a repair raise its confidence again, an empty cell filled in included), none read
    otherwise by a second OCR engine. An OCR-read amount counts as printed only so: a repair never settles a unit,
    and a misread would have to agree with the two other values and the printed total by itself."""
    fields = ("quantity", "unit_price", "amount")
    if any(getattr(raw, f) is None or f in mended for f in fields):
        return False
    if raw.boxes and any(f not in raw.boxes for f in fields):
        return False
    if any(f in raw.other_readings for f in fields):
        return False
    return all(raw.confidence.get(f, 1.0) > REPAIRED for f in fields)


@dataclass(frozen=True)
class OrderWords:
    """What the order says beside a line's own cells: its notes (a paragraph under the table, a remark on the page,
    a typed remark, as the reader keeps them in ``ExtractedOrder.notes``) and, for one line, the fields the OCR
    repair mended (``line_repair.repaired_fields``)."""

    notes: tuple[str, ...] = ()
    repaired: dict[int, set[str]] = field(default_factory=dict)
    mended: frozenset[str] = frozenset()

    @classmethod
    def of(cls, order: ExtractedOrder | None) -> OrderWords:
        if order is None:
            return cls()
        return cls(tuple(order.notes), repaired_fields(order))

    def for_line(self, index: int) -> OrderWords:
        """The same notes, with the fields mended on line ``index`` (0-based)."""
        return OrderWords(self.notes, self.repaired, frozenset(self.repaired.get(index, ())))


_WORD_OR_COUNT = re.compile(r"[^\W\d_]+|\d+")


def content_said_elsewhere(texts: tuple[str, ...], written: str, product: ProductRecord, same_word) -> bool:
    """A text of the order other than the line (a note: "Conditionnement : cartons de 5 boîtes", "Hinweis: Karton =
    5 Boxen") names the line's package word (``written``, compared by ``same_word``) with a count within three words
    of it, and is not the product's own pack stated again ("carton de 5 rames"): the writer says what its cartons
    hold, so a carton at one box's price reads two ways. A date or a count far from the word is no statement."""
    for text in texts:
        tokens = _WORD_OR_COUNT.findall(_folded(text))
        for i, token in enumerate(tokens):
            if token.isdigit() or not same_word(token, written):
                continue
            near = tokens[max(0, i - 3):i + 4]
            if any(t.isdigit() for t in near) and not states_own_pack(text, written, product, same_word):
                return True
    return False
