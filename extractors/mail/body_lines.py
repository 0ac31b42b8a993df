"""Order lines typed as free text: quantity, unit, item code and description from one line.

The grammar ``body_text`` reads item lines with, in French, English and German phrasing:

=======================================  =============================================  ========
line                                     shape                                          strength
=======================================  =============================================  ========
``10 x ABC-123 Copy paper``              qty [unit] x code [description]                1.0
``- 5 cartons de DF-PAP-A4 (papier A4)`` qty unit [de/of/von] [label] code [(description)]  1.0
``Art. MB-4711: 20 Stk``                 label code [description] : qty [unit]          1.0
``qty 3 EA item AIS-STP-01``             qty-label qty [unit] [label] code [description]  1.0
``DF-STYLO-B : 10 paquets``              code : qty [unit] [description]                0.9
``ABC1234 10 pcs``                       code qty unit                                  0.8
``MB-4711 - Ordner A4 - 30 Stück``       code - description - qty unit                  0.9
``Toner noir SKU-1005 : quantité 2``     description code : qty-label qty [unit]        0.9
``Papier A4 DF-PAP-A4 : 10 boîtes``      description code : qty unit                    0.85
``Toner TK-580, 10 pcs``                 words code , qty unit (no digit before the code)  0.9
``A4 paper (SKU-1001): 5 boxes``         description (code) : qty unit                  0.9
``SKU-1005 toner, qty 3``                code description , qty-label qty [unit]        0.9
``6 boîtes Papier A4 réf. SKU-1001``     qty unit [de] description label code           0.9
``6 boîtes Papier A4 SKU-1001``          qty unit [de] description code                 0.85
``10 ABC1234 Copy paper``                qty code [description]                         0.75
``2 toners noirs LEM-2290``              qty noun-phrase code (no unit word)            0.8
=======================================  =============================================  ========

A quantity is never the tail of a code: ``PS-LAF-80  60 EA`` is 60 of ``PS-LAF-80``, not 80 of
``PS-LAF``. A line may open with a number word (one..twelve, un..douze, ein..zwölf: ``two boxes
SKU-1001``), read at 0.9 x the strength.

A *unit* is one of the known unit words (``extractors.units``, with the deployment's own words the gateway hands in). An
*item code* needs letters and digits (``ABC1234``, ``MB-4711``) or capitals joined by separators
(``DF-STYLO-B``); after a label (``Art.``, ``réf.``, ``item``, ``SKU``) or an explicit ``x`` a number of
four or more digits counts too, and an 8/12/13/14-digit number is read as a GTIN. A lead-in phrase
on the same line ("please ship 10 x ...", "merci de nous livrer 5 cartons de ...") is skipped. A trailing
price (``à 24,50 €``, ``@ $9.00``, ``zu je 2,75 €``, ``at 24.50 each``, ``@ 9.00/ea``, and without a
mark when its currency is typed: ``£2.75``, ``- 122,50 € le carton``) becomes the unit price, with its
currency when one is typed. ``Pos. 1:`` in front of a line is a bullet; ``DOS-MARK x 36
pcs`` (code x qty [unit]) reads too. ``typed_counts`` first rewrites the other ways a count is typed: an em
dash as a dash (``Widget TP-1002 — qty 4``), ``10no.`` as ``10 pcs``, a count in brackets closing the line
(``TP-1001 Lampe (20 Stück)``, ``(qty 20)``) as ``– 20 Stück``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from extractors.locale_values import DocLocale, fold, parse_number, strip_currency
from extractors.mail.number_words import SPELLED, bracketed_counts, spelled_quantity
from extractors.part_words import part_word
from extractors.typed_remarks import cancels
from extractors.units import TABLE, UnitTable, unit_code

_BULLET = re.compile(r"^\s*(?:(?:pos(?:ition)?|ligne|line|zeile|item|posten)\.?\s*\d{1,4}(?:\s*[:.)-]|\s{2,}(?=\d)|\t(?=\d))|[-*•·▪–+]|\(?\d{1,3}[.)](?=\s)"
                     r"|\(?[a-z][.)](?=\s))?\s*", re.IGNORECASE)
_LEAD_IN = re.compile(
    r"^(?:(?:please|kindly)\s+(?:ship|deliver|send|supply)(?:\s+us)?|we\s+(?:would\s+like\s+to\s+)?order"
    r"|merci\s+de\s+(?:bien\s+vouloir\s+)?(?:nous\s+)?(?:livrer|envoyer|exp[ée]dier)|veuillez\s+(?:nous\s+)?"
    r"(?:livrer|envoyer|exp[ée]dier)|nous\s+commandons|bitte\s+(?:liefern|senden)(?:\s+sie)?(?:\s+uns)?"
    r"|wir\s+bestellen)\s*[:,]?\s*", re.IGNORECASE)
_CURRENCY = r"(?:€|eur(?:os?)?|usd|us\$|\$|£|gbp|chf|sfr\.?|fr\.|sek|dkk|nok|pln|czk|huf|ron|cad|aud|jpy)"
_PRICE = re.compile(
    rf"(?:^|\s+)(?:(?P<mark>à|a|@|at|each|zu\s+je|zu|je|per|pu|p\.u\.|prix)|[-–,]|(?=[€$£])|(?=\d))\s*"
    rf"(?P<cur1>{_CURRENCY})?\s*"
    rf"(?P<num>\d[\d.,\u202f ]*\d|\d)\s*(?P<cur2>{_CURRENCY}(?![\w]))?\s*"
    r"(?P<per>(?:/|per\s+|pro\s+|je\s+|the\s+|la\s+|l'|le\s+)\s*\w+|each|ea\b|apiece|(?:das|pro)\s+st(?:ü|u)ck|pi[èe]ce)?"
    r"(?:\s*(?:ht|h\.t\.|ttc|netto|net|zzgl\.?\s*mwst\.?|excl\.?\s*vat|\+\s*vat))?\.?\s*$", re.IGNORECASE)
# "= £245.00", "-> 245,00 €", "total 245.00" after the price: the line's amount, never its unit price
_LINE_AMOUNT = re.compile(
    rf"\s*(?:=|->|→|:\s*total|,?\s*(?:total|gesamt|montant|soit))\s*:?\s*(?P<amount>{_CURRENCY}?\s*\d[\d.,\u202f ]*\d"
    rf"\s*(?:{_CURRENCY}(?![\w]))?)\s*(?:ht|net|netto|\+\s*vat|excl\.?\s*vat)?\.?\s*$", re.IGNORECASE)
# Words after a typed price that say where it comes from, with no number: the price is read, and checked.
_PRICE_NOTE = re.compile(
    r"(?:\s*\([^()\d]{2,60}\)|\s*,?\s+(?:as\s+(?:quoted|agreed|discussed|per\s+(?:our\s+)?(?:quote|offer|contract))"
    r"|per\s+(?:our\s+)?(?:quote|offer|contract)|special\s+price|(?:lt\.?|laut)\s+angebot|wie\s+vereinbart"
    r"|comme\s+convenu|selon\s+(?:devis|offre)|prix\s+n[ée]goci[ée]))+\s*\.?\s*$", re.IGNORECASE)
_PRICE_MARKS = frozenset({"@", "at", "à", "each", "je", "zu je"})  # "at 6.50", "à 6,50", "je 2,75": a unit price
_CURRENCY_CODES = {"€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR", "usd": "USD", "us$": "USD",
                   "$": "USD", "£": "GBP", "gbp": "GBP", "chf": "CHF", "sfr": "CHF", "sfr.": "CHF", "fr.": "CHF",
                   **{code: code.upper() for code in ("sek", "dkk", "nok", "pln", "czk", "huf", "ron", "cad", "aud",
                                                      "jpy")}}
_QTY = r"(?P<qty>\d{1,3}(?:[.,\u202f ]\d{3})+(?:[.,]\d{1,3})?|\d{1,7}(?:[.,]\d{1,3})?)"
_CODE = r"(?P<code>[A-Za-z0-9][A-Za-z0-9._/-]*[A-Za-z0-9]|[A-Za-z0-9]{2,})"
_LABEL = (r"(?:art(?:ikel|icle)?(?:\.?-?nr)?|artikelnummer|r[ée]f(?:[ée]rence)?|item|sku|code|"
          r"part(?:\s*no)?|prod(?:uct|uit)?)\.?\s*(?:nr\.?|no\.?|n°|#)?\s*[:#]?\s*")
_QTY_LABEL = r"(?:qty|qté|qte|quantité|quantite|quantity|menge|anzahl|stückzahl)\.?\s*[:=]?\s*"
_OF = r"(?:(?:de|du|des|d'|of|von|vom|der|x|×)\s*)"
_DESC = r"(?:\s*[-:,–]?\s*(?P<desc>.*?))?"
THOUSANDS_OR_DECIMALS = 0.5  # "1.000" typed where "." is the decimal mark (or "1,000" where "," is): 1 or 1000
BRACKETED = 0.85  # "(3) TP-1002": a count, or a list's number over items typed with none; a person confirms
NOUN_PHRASE = 0.8  # "2 toners noirs X": no unit word typed, a person confirms (under the review threshold)
WORDED = 1.0  # a number word is as sure as its digits: vague amounts ("a couple", "one or two") are no number
NUMBER_WORDS = SPELLED | {"dozen", "douzaine", "dutzend"}  # words that open a quantity
# "2 toners noirs LEM-2290", "4 Boxen Nitrilhandschuhe 88-200", "12 classeurs FILE-80": one to four words
# (no digit, no article of a sentence) between the quantity and a code that ends the line
_NOUNS = r"[^\W\d_][^\W\d_'-]*(?:\s+(?:de\s+|d'|of\s+|von\s+)?[^\W\d_][^\W\d_'-]*){0,3}"
# Packing words no unit code is known for: "3 fardeaux TP-1002" is no description, its unit is unknown
_PACKINGS = frozenset("fardeau fardeaux ballot ballots lot lots bundle bundles bale bales tray trays sleeve sleeves "
                      "crate crates tub tubs pail pails flat flats gebinde bund bunde bundel kiste kisten barquette "
                      "barquettes".split())
# A description's words, none a bare number ("LED bulb E27", "Hefter A4", not "5 boxes"). A word opens with a
# letter (after at most a bracket or quote: "(black)") or is bare punctuation ("&", "/"): "+2 spare", "(+1)", "#3",
# "$5" hold a count or an amount and are no description
_WORD = r"(?:[(\[\"'„“]?[^\W\d_]\S*|[^\w\s]+(?!\S))"
_WORDS = rf"(?:{_WORD}(?:\s+{_WORD})*?)"
_NUMBERED_CODE = re.compile(r"^\d{2,6}-\d{2,4}$")  # "88-200", "4711-01": a customer's numeric item code
_SEPARATED_CODE = re.compile(r"^[A-Z][A-Z0-9]*(?:[-./_][A-Z0-9]+)+$")
_GTIN_LENGTHS = (8, 12, 13, 14)


@dataclass(frozen=True)
class ItemLine:
    quantity: Decimal
    code: str
    unit: str | None
    description: str | None
    unit_price: Decimal | None
    strength: float  # how sure the line shape is
    quantity_strength: float  # how cleanly the number read
    currency: str | None = None  # the currency typed with the price (ISO code)
    in_sentence: bool = False  # read inside a sentence: the line may say more (a date, the PO)
    supplier_code: str | None = None  # our own item number as the customer typed it ("Your Item No.")
    bracketed: bool = False  # the quantity was a count in brackets before the item ("(3) TP-1002")
    amount: Decimal | None = None  # the line's amount from a table's amount column ("Line Total", "Montant HT")
    fits: bool = False  # the code names what the item is for ("Netzkabel für TP-1001"): not the item's own code

    @property
    def is_gtin(self) -> bool:
        return self.code.isdigit() and len(self.code) in _GTIN_LENGTHS


QTY_CODE = 0.75  # "10 ABC1234": is 10 the quantity or the line's number?
POSITIONED = 0.95  # "Line 1: 12 TP-100", "Pos. 2: 4 X": the line's number typed apart, the number left is the quantity
_POSITION = re.compile(r"^\s*(?:[-*•]\s*)?(?:pos(?:ition)?|ligne|line|zeile|item|posten)\.?\s*\d{1,4}\s*[:.)-]", re.IGNORECASE)


@dataclass(frozen=True)
class _Shape:
    pattern: re.Pattern[str]
    strength: float
    loose_code: bool  # labelled or "x": plain numbers are codes too


def unit_words(table: UnitTable = TABLE) -> list[str]:
    """The known unit words of typed text, longest first ("x" is the times sign, never a unit)."""
    return [w for w in table.unit_words("text") if w != "x"]


@lru_cache(maxsize=4)
def grammar(table: UnitTable = TABLE) -> tuple[_Shape, ...]:
    """The item-line shapes, with the unit words of ``table`` (cached per table)."""
    unit = "(?P<unit>" + "|".join(re.escape(w) for w in unit_words(table)) + r")\.?(?![\w])"
    counted = "(?P<unit>" + "|".join(re.escape(w) for w in unit_words(table) if unit_code(w, table=table) in _COUNTED) \
        + r")\.?(?![\w])"  # pieces and packages, never a measure ("10 mm", "2 m")
    end = r"\s*$"
    shapes = (
        (rf"^{_QTY}\s*(?:{unit}\s*)?(?:x|×|\*)\s*(?:{_LABEL})?{_CODE}(?![\w]){_DESC}{end}", 1.0, True),
        (rf"^{_QTY}\s*{unit}\s+{_OF}?(?:{_LABEL})?{_CODE}(?![\w]){_DESC}{end}", 1.0, False),
        (rf"^{_LABEL}{_CODE}(?![\w])\s*(?:[-,]\s*(?P<desc>[^:]*?)\s*)?[:=,–-]\s*(?:{_QTY_LABEL})?{_QTY}"
         rf"\s*(?:{unit})?{end}", 1.0, True),
        (rf"^{_QTY_LABEL}{_QTY}\s*(?:{unit}\s*)?{_OF}?(?:{_LABEL})?{_CODE}(?![\w]){_DESC}{end}", 1.0, True),
        (rf"^{_QTY_LABEL}{_QTY}\s*(?:{unit}\s*)?[-–,;/]\s*{_LABEL}{_CODE}(?![\w]){_DESC}{end}", 0.9, True),
        (rf"^{_CODE}\s*[:=–-]\s*{_QTY}\s*(?:{unit})?(?:\s+(?P<desc>.*?))?{end}", 0.9, False),
        (rf"^(?:{_LABEL})?{_CODE}\s+(?:x|×)\s*{_QTY}\s*(?:{unit})?(?:\s+(?P<desc>.*?))?{end}", 0.9, False),
        (rf"^{_CODE}\s+(?P<desc>[^:]+?)\s+(?:x|×)\s*{_QTY}\s*(?:{unit})?{end}", 0.9, False),
        (rf"^{_CODE}\s+{_QTY}\s*{unit}(?:\s+(?P<desc>.*?))?{end}", 0.8, False),
        (rf"^{_CODE}\s+[-–:]\s+(?P<desc>[^:]+?)\s+[-–:,]\s+{_QTY}\s*{unit}{end}", 0.9, False),
        (rf"^(?P<desc>[^:]+?)\s+(?:{_LABEL})?{_CODE}\s*[:=,–-]\s*{_QTY_LABEL}{_QTY}\s*(?:{unit})?{end}", 0.9,
         False),
        (rf"^(?P<desc>[^:]+?)\s+(?:{_LABEL})?{_CODE}\s*[:=]\s*{_QTY}\s*{unit}{end}", 0.85, False),
        # "A4 80g copy paper (SKU-1001): 5 boxes": the code in brackets after its description
        (rf"^(?P<desc>[^:()]+?)\s+\((?:{_LABEL})?{_CODE}\)\s*[:=,–-]\s*{_QTY}\s*{unit}{end}", 0.9, False),
        # "SKU-1005 toner, qty 3": code, description, then the labelled quantity
        (rf"^(?:{_LABEL})?{_CODE}(?![\w])\s+(?P<desc>[^\W\d_][^:,;\d]{{0,38}}?)\s*[,;:–-]\s*{_QTY_LABEL}{_QTY}"
         rf"\s*(?:{unit})?{end}", 0.9, False),
        (rf"^(?P<desc>[^\W\d_][^:,;\d]{{0,38}}?)\s+(?:{_LABEL})?{_CODE}\s*[,–-]\s*{_QTY}\s*{unit}{end}", 0.9, False),
        # "TP-1002 copy paper - 5 boxes", "TP-1002 Kopierpapier: 5 Kartons": code, a description without digits,
        # then the quantity with its unit at the end
        (rf"^(?:{_LABEL})?{_CODE}(?![\w])(?P<plain>)\s+(?P<desc>[^\W\d_][^:,;\d?]{{0,38}}?)\s*[,;:–-]\s*{_QTY}\s*"
         rf"{unit}{end}", 0.9, False),
        (rf"^{_QTY}\s*{unit}\s+{_OF}?(?P<desc>[^:]+?)\s+{_LABEL}{_CODE}(?![\w]){end}", 0.9, True),
        (rf"^{_QTY}\s*{unit}\s+{_OF}?(?P<desc>[^:]+?)\s+{_CODE}(?![\w]){end}", 0.85, False),
        (rf"^{_QTY}\s+{_CODE}(?![\w]){_DESC}{end}", QTY_CODE, False),
        (rf"^{_QTY}\s+(?P<nouns>)(?:{_OF})?(?P<desc>{_NOUNS})\s+(?:{_LABEL})?{_CODE}(?![\w]){end}", NOUN_PHRASE, False),
        (rf"^(?:{_LABEL})?{_CODE}(?![\w])\s+(?=(?:qty|qt[ée]|quantit|menge|anzahl))(?:{_QTY_LABEL}){_QTY}\s*(?:{unit})?{end}",
         0.9, False),
        # "Qty 5 - TN-2420 - Toner black", "5 - TN-2420 - Toner noir", "5 pcs – TN-2420", "Qty 36 - BF-7001 - LED bulb
        # E27": dash-separated, quantity first (a whole count of up to three digits: "4711 - TP-1002" may be two codes)
        (rf"^(?:{_QTY_LABEL})?(?P<qty>\d{{1,3}})(?![\d.,])\s*(?:{unit}\s*)?[-–]\s+(?:{_LABEL})?{_CODE}(?![\w])"
         rf"(?:\s+[-–:]\s+(?P<desc>{_WORDS}))?{end}", 0.9, False),
        # "TN-2420 (x2)", "TN-2420 Toner noir (x 2)", "TN-2420 2x", "TN-2420 Toner 2x": the times sign after the count
        (rf"^(?:{_LABEL})?{_CODE}(?![\w])(?:\s+(?P<desc>[^\W\d_][^\d()]{{0,60}}?))?\s*\(\s*(?:x|×)\s*{_QTY}\s*\){end}",
         0.9, False),
        (rf"^(?:{_LABEL})?{_CODE}(?![\w])(?:\s+(?P<desc>[^\W\d_][^\d]{{0,60}}?))?\s+{_QTY}\s?(?:x|×){end}", 0.9, False),
        # "TN-2420 - Toner black - 5", "TN-2420 - Toner noir - qté 5": code, description, then a whole count
        (rf"^(?:{_LABEL})?{_CODE}(?![\w])\s+[-–]\s+(?P<desc>[^\W\d_][^:\d]{{0,60}}?)\s+[-–]\s+"
         rf"(?:{_QTY_LABEL})?(?P<qty>\d{{1,4}})(?![\d.,])\s*(?:{unit})?{end}", 0.9, False),
        # "TP-1001 desk lamps 10 pcs", "TP-1001 Hefter 5 Stk": code, a description without digits, the quantity
        # with its unit word closing the line (no separator typed)
        (rf"^(?:{_LABEL})?{_CODE}(?![\w])(?P<plain>)\s+(?P<desc>[^\W\d_][^:,;\d?()]{{0,38}}?)\s+{_QTY}\s*{unit}{end}",
         0.9, False),
        # "TP-1005, 4 Kartons", "Pos 1: TP-1005, 4 Kartons": code, a comma, the quantity with its unit word
        (rf"^(?:{_LABEL})?{_CODE}(?![\w]),\s*{_QTY}\s*{unit}{end}", 0.9, False),
        # "x5 SKU-1003", "× 5 SKU-1003": the times sign before a whole count, then the code
        (rf"^(?:x|×)\s*(?P<qty>\d{{1,4}})(?![\d.,])\s*(?:{unit}\s*)?\s+(?:{_LABEL})?{_CODE}(?![\w]){_DESC}{end}",
         0.9, False),
        # "10 Stapler heavy duty (SKU-1004)", "12 Scharniere Edelstahl (Art. WX-2203)": a whole count, a description
        # that opens with no unit word ("10 mm screws (X-1)" is not read), the code in brackets closing the line
        (rf"^(?P<qty>\d{{1,4}})(?![\d.,])\s+(?!{unit})(?P<desc>[^\W\d_][^:()\d]{{0,60}}?)\s*"
         rf"\((?:{_LABEL})?{_CODE}\){end}", 0.9, False),
        # "12 Stk Scharniere Edelstahl (QA-3303)", "4 boîtes de vis (réf. X)": a counted unit word before the description
        (rf"^(?P<qty>\d{{1,4}})(?![\d.,])\s*{counted}\s+{_OF}?(?P<desc>[^\W\d_][^:()\d]{{0,60}}?)\s*"
         rf"\((?:{_LABEL})?{_CODE}\){end}", 0.9, False),
        # "Desk lamp TP-1001 x 5 pcs", "Lampe TP-1001 x 5": description, code, then the times sign and the count
        (rf"^(?P<desc>[^\W\d_][^:,;\d()]{{0,38}}?)\s+(?:{_LABEL})?{_CODE}(?![\w])\s+(?:x|×)\s*{_QTY}\s*(?:{unit})?{end}",
         0.9, False),
    )
    return tuple(_Shape(re.compile(p, re.IGNORECASE), s, loose) for p, s, loose in shapes)


def is_item_code(code: str, loose: bool) -> bool:
    """Letters and digits (``ABC1234``, ``MB-4711``) or capitals with separators (``DF-STYLO-B``);
    with ``loose`` also plain numbers of four or more digits."""
    if len(code) < 3 or len(code) > 35:
        return False
    if code.isdigit():
        return (loose and len(code) >= 4) or len(code) in (12, 13, 14)
    if _NUMBERED_CODE.match(code):  # "88-200", never a month and year ("12-2026")
        return len(code) >= 6 and not re.match(r"^\d{1,2}-(?:19|20)\d\d$", code)  # not a range "15-20"
    has_digit = any(c.isdigit() for c in code)
    has_alpha = any(c.isalpha() for c in code)
    if has_digit and has_alpha:
        return code[0].isalpha() or any(c in "-./_" for c in code) or len(code) >= 5
    return bool(_SEPARATED_CODE.match(code))


_BRACKET_COUNT = re.compile(r"^\s*(?:[-*•·▪–+]\s*)?\((?P<qty>\d{1,4})\)\s+(?P<rest>\S.*)$")


def _counted_bracket(line: str) -> str:
    """"(3) TP-1002 staplers": a count in brackets before an item with no other number is its quantity
    ("3 x TP-1002 staplers"); "(1) 3 x TP-1002" keeps its bracket as a list number."""
    match = _BRACKET_COUNT.match(line)
    if not match:
        return line
    rest = match.group("rest")
    words = re.findall(r"[A-Za-z0-9][A-Za-z0-9._/-]*[A-Za-z0-9]|\d", rest)
    first = words[0] if words else ""
    if any(w[0].isdigit() and not is_item_code(w, False) for w in words) or not is_item_code(first, False) \
            or not any(c.isalpha() for c in first):  # "(214) 555-0199": a phone number, no count of a code
        return line
    return f"{match.group('qty')} x {rest}"


def list_numbers(read: list[tuple[str, ItemLine | None]]) -> list[tuple[str, ItemLine | None]]:
    """Items whose bracketed counts run 1, 2, 3... are a numbered list with no quantities: unread, never read."""
    counted = [i for i, (_line, item) in enumerate(read) if item is not None and item.bracketed]
    if len(counted) < 2 or [read[i][1].quantity for i in counted] != list(range(1, len(counted) + 1)):  # type: ignore[union-attr]
        return read
    return [(line, None) if i in counted else (line, item) for i, (line, item) in enumerate(read)]


def _numbered_item(match: re.Match[str]) -> bool:
    """A number of five digits or more as the item, with a unit word typed beside its quantity ("8 Pack 100233",
    "100233 Arbeitshandschuhe, 20 Pack"): the customer's article number (a year has four)."""
    code = match.group("code")
    return code.isdigit() and 5 <= len(code) <= 10 and bool(match.groupdict().get("unit"))


def _lower_code(shape: _Shape, match: re.Match[str]) -> bool:
    """A code not typed in capitals with the times sign beside it ("hlm-w x 6", "6 x lp-lbl", "Hlm-W x 2"): the
    code in capitals, letters joined by a separator (the master data says whether it is one)."""
    code = match.group("code")
    return not code.isupper() and len(code) >= 4 and bool(_SEPARATED_CODE.match(code.upper())) \
        and bool(re.search(r"(?:x|×)", shape.pattern.pattern))


def _split_amount(text: str, loc: DocLocale) -> tuple[str, Decimal | None]:
    """A line amount typed after the price (``@ £24.50 = £245.00``): the text before it, and the amount."""
    match = _LINE_AMOUNT.search(text)
    found = parse_number(strip_currency(match.group("amount")), loc) if match else None
    if match is None or found is None:
        return text, None
    priced = _PRICE.search(text[:match.start()])
    money = re.search(rf"{_CURRENCY}|\d[.,]\d\d\s*$", match.group("amount").strip(), re.IGNORECASE)
    if not priced and not money:
        return text, None  # "TON-BK-05 = 12": a quantity after its code
    return text[:match.start()], found[0]


def _split_price(text: str, loc: DocLocale) -> tuple[str, Decimal | None, str | None]:
    """A trailing unit price and its currency: with a currency (``@ $9.00``, ``zu je 2,75 €``), or
    without one after ``@``, ``at``, ``à``, ``each``, ``je`` or with a per-unit word (``at 24.50 each``,
    ``@ 9.00/ea``, ``à 6,50``, ``each 12.00``)."""
    match = _PRICE.search(text)
    if not match:
        return text, None, None
    typed = (match.group("cur1") or match.group("cur2") or "").lower()
    mark = " ".join((match.group("mark") or "").lower().split())
    if not typed and (mark not in _PRICE_MARKS and not match.group("per") or not mark):
        return text, None, None
    price = parse_number(match.group("num").replace("\u202f", " ").strip(), loc)
    if not price or not text[:match.start()].strip():
        return text, None, None
    return text[:match.start()].rstrip(" ,;"), price[0], _CURRENCY_CODES.get(typed)  # "MB-4711, zu je 2,75 €"


_LONG_DASH = re.compile(r"\s*[—―‒]\s*")  # "Widget TP-1002 — qty 4": an em dash separates as an en dash does
# "10no.", "4 nos", "6 Nr.": a count of pieces in the British builders' way (never "No. 4711": a digit stands before)
_NUMBERED = re.compile(r"(?<=\d)\s*(?:no|nos|nr)\.?(?=\s*(?:$|[,;)]))", re.IGNORECASE)
# "TP-1001 Schreibtischlampe (20 Stück)", "Lampe TP-1001 (qty 20)", "TP-1001 (20 pcs)": the quantity in brackets
# at the end of the line, after the item
_TRAILING_COUNT = re.compile(rf"\s*\(\s*(?P<count>(?:{_QTY_LABEL})?\d{{1,5}}(?:[.,]\d{{1,3}})?\s*[^\W\d_]{{0,12}}\.?)\s*\)\s*\.?$",
                             re.IGNORECASE)
# Words before a bracketed count that make it the contents of a pack ("box of", "Packung", "paquet de", "VE"),
# never the quantity ordered
_PACK_WORDS = re.compile(r"\b(?:box|boxes|pack|packs|packet|carton|cartons|case|of|paquet|paquets|boite|boites|bo[iî]te"
                         r"|bo[iî]tes|lot|de|packung|schachtel|karton|kiste|ve|set|inhalt|contenu|contents|a|à|je|per|par"
                         r"|pro)\b|\d", re.IGNORECASE)


# "10 / 4711-22 / Ordner A4 / 2,35", "10 Stk / 4711-22 / Ordner A4": cells typed apart by slashes, a whole count first,
# then the item's code (the buyer's own article number too), its description and perhaps its unit price
_SLASH_CELLS = re.compile(r"^(?P<qty>\d{1,5})\s*(?P<unit>[^\W\d_]{1,8}\.?)?\s*/\s*(?P<code>[A-Za-z0-9][A-Za-z0-9._-]*[A-Za-z0-9])"
                          r"\s*/\s*(?P<desc>[^/]*?[^\W\d_][^/]*?)(?:\s*/\s*(?P<price>\d{1,7}(?:[.,]\d{1,4})?)"
                          r"\s*(?P<cur>€|eur|chf|usd|gbp|£|\$)?)?\s*$", re.IGNORECASE)

_SLASH_MORE = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)?(?![\w.,]|\s*(?:mm|cm|m|g|gr|kg|ml|l|%|mAh|w|v)\b)"
                         r"|\b(?:und|and|et|sowie|plus|ou|oder|or)\b|\+", re.IGNORECASE)


# a count in words or an "also" word in a slash line's description: "Ordner A4, dazu zwei Locher", "Ordner A4 zehn
# Stück", "classeur, en plus deux perforatrices" order more than the line's one quantity (review revC D6)
_SLASH_MORE_WORDS = re.compile(
    r"\b(?:" + "|".join(sorted((re.escape(w) for w in SPELLED if w not in {"un", "une", "ein", "eine", "einem", "einen",
                                                                         "eins", "one"}), key=len, reverse=True))
    + r"|dozen|douzaine|dutzend|dazu|zusatzlich|zusaetzlich|ausserdem|extra|additionally|additional|also|as\s+well"
    r"|aussi|en\s+plus|de\s+plus|egalement|ainsi\s+que|together\s+with|along\s+with|nebst|samt"
    r"|stuck|stueck|stk|pcs|pieces?|pieces|units?|paar|pairs?)\b")


def slash_cells(text: str) -> str:
    """A line of slash-separated cells as the grammar reads it: "10 / 4711-22 / Ordner A4 / 2,35" as
    "10 x 4711-22 Ordner A4 @ 2,35" (outside trial: such lines were not read)."""
    match = _SLASH_CELLS.match(text)
    if not match or not is_item_code(match.group("code"), True) or _SLASH_MORE.search(match.group("desc")) \
            or _SLASH_MORE_WORDS.search(fold(match.group("desc")).lower()):
        return text  # "Ordner A4 und 2 Locher", "dazu zwei Locher", "zehn Stück": the description orders more, shown
    unit = f"{match.group('unit')} " if match.group("unit") else ""
    price = f" @ {match.group('price')}{(' ' + match.group('cur')) if match.group('cur') else ''}" \
        if match.group("price") else ""
    return f"{match.group('qty')} {unit}x {match.group('code')} {match.group('desc').strip()}{price}"


def typed_counts(text: str) -> str:
    """A line's quantity as the grammar reads it, whatever way it was typed: an em dash as a dash ("Widget
    TP-1002 — qty 4"), "10no." as "10 pcs", a count in brackets closing the line ("TP-1001 Lampe (20 Stück)",
    "(qty 20)") as "- 20 Stück" (unless the words before say it is what a pack holds: "box of 10 (10 pcs)"), cells
    typed apart by slashes (``slash_cells``)."""
    text = slash_cells(_LONG_DASH.sub(" – ", text).strip())
    text = _NUMBERED.sub(" pcs", text)
    match = _TRAILING_COUNT.search(text)
    if match and match.start() > 0:
        before = text[:match.start()]
        codes = [w for w in re.findall(r"[A-Za-z0-9][A-Za-z0-9._/-]*[A-Za-z0-9]", before) if is_item_code(w, False)]
        rest = before
        for code in codes:
            rest = rest.replace(code, " ")
        if len(codes) == 1 and not _PACK_WORDS.search(rest):
            text = f"{before.rstrip(' -–:,')} – {match.group('count')}"
    return text


def _description(raw: str | None) -> str | None:
    if not raw:
        return None
    text = raw.strip().strip("()[]").strip(" -:,;.").strip()
    return text[:200] or None


# "ca. 200 m", "approx. 50", "about 20 boxes", "environ 30", "etwa 15 kg", "~ 40": a quantity that is a guess
# "ca. 200 m", "~40 x", "environ 30": a quantity only guessed (a word then a dot or a space: "CA1200" is a code);
# "one box X or two", "3 oder 4 Stk", "deux ou trois": a choice of quantities
_APPROX = re.compile(r"(?:\b(?:ca|circa|approx|approximately|about|around|roughly|some|environ|env|approximativement"
                     r"|etwa|ungefahr|rund|zirka|knapp)(?:\.\s*|\s+)|~\s*|\+/-\s*|±\s*)\d"
                     r"|\b(?:or|ou|oder)\s+(?:\d+|%s)\b(?!\s*(?:x|×)?\s*[a-z]{1,4}-?\d)" % "|".join(sorted(SPELLED, key=len, reverse=True)))


def approximate(text: str) -> bool:
    """Whether a quantity on the line is only an approximation (held for a person, never read as exact)."""
    return bool(_APPROX.search(fold(text).replace("ß", "ss")))


def read_item_line(line: str, loc: DocLocale, shapes: tuple[_Shape, ...], whole: bool = True) -> ItemLine | None:
    """The item on one line of text, or None when the line is not an item line or (``whole``) says
    more than its item (``says_more``)."""
    counted = _counted_bracket(line)
    text = _LEAD_IN.sub("", _BULLET.sub("", counted, count=1).strip(), count=1)
    text = typed_counts(text)
    if not text or len(text) > 200 or approximate(line):
        return None
    text, ours, theirs = owned_codes(text)
    text, worded = _number_word(bracketed_counts(text))  # "ten (10) boxes X": the digits confirm the words
    if not any(c.isdigit() for c in text):
        return None
    text, amount = _split_amount(text, loc)
    text, price, currency = _split_price(text, loc)
    if price is None and (bare := _PRICE_NOTE.sub("", text)) != text:
        if (noted := _split_price(bare, loc))[1] is not None:  # "@ £38.40 (special price)", "@ 25.20 as quoted"
            text, price, currency = noted
    for shape in shapes:
        match = shape.pattern.match(text)
        if not match or not (is_item_code(match.group("code"), shape.loose_code) or _lower_code(shape, match)
                             or _numbered_item(match)) \
                or _inside_code(text, match) or _code_cut(text, match):
            continue
        quantity = parse_number(match.group("qty").replace("\u202f", " "), loc)
        if quantity is None or quantity[0] <= 0 or _packed(shape, match):
            continue
        if re.fullmatch(r"\d{1,3}[.,]\d{3}", match.group("qty")) and match.group("qty")[-4] == loc.decimal:
            quantity = (quantity[0], min(quantity[1], THOUSANDS_OR_DECIMALS))  # "1.000 pcs" in English: 1 or 1000?
        if "plain" in match.groupdict() and _DOUBT & set(re.findall(r"[a-z]+", fold(match.group("desc")))):
            continue  # "TP-1002 nicht mehr: 5 Kartons", "X-1 sorry make that - 5 boxes": no plain description
        if whole and not_an_order_of(line[:max(0, line.find(match.group("code")))] or text[:match.start("code")]):
            return None  # "Damaged on arrival SKU-1004 x 2", "3 defective staplers (SKU-1004)": shown, never ordered
        if whole and says_more(match.groupdict().get("desc")):
            return None  # "1 box AB-1001 and 2 AB-1002", "@ £64.00 less 10%", "make that 12": shown, never half read
        if amount is not None and (price is None or abs(price * quantity[0] - amount) > Decimal("0.01")):
            return None  # a typed line amount that the quantity and price do not give: shown to a person
        code = match.group("code")
        if ours and code != ours:
            return None  # the labelled code is not the one the shape read
        unit, desc = _noun_unit(text, match)
        return ItemLine(quantity=quantity[0], code=theirs or code, unit=unit,
                        fits=code_it_fits(text[:match.start("code")]),
                        description=_description(desc), unit_price=price,
                        strength=POSITIONED if shape.strength == QTY_CODE and _POSITION.match(counted) else
                        shape.strength, quantity_strength=quantity[1] * (WORDED if worded else 1.0)
                        * (BRACKETED if counted != line else 1.0) * (NOUN_UNIT if unit is None and
                                                                        "unit" in match.groupdict() and match.group("unit") else 1.0),
                        currency=currency, supplier_code=ours,
                        bracketed=counted != line)
    return None


# "Votre réf. TP-1002", "Ihre Art.-Nr. TP-1002", "your item no. TP-1002": OUR code as the customer calls it; "notre réf.
# LEN-778", "unsere Art.-Nr. 100-220", "our item no. DOS-558": the customer's own
_CODE_LABEL = (r"(?:art(?:ikel|icle)?\.?\s*-?\s*(?:nr|no|nummer)?|artikelnummer|r[ée]f(?:[ée]rence)?|item(?:\s*(?:no|nr|#|code))?"
               r"|part(?:\s*(?:no|#))?|sku|code|product\s*code|material(?:nummer|-?nr)?)\.?\s*(?:[:#]\s*)?")
_THEIRS = re.compile(rf"(?:^|(?<=\s))(?:your|votre|ihre|ihr)\s+{_CODE_LABEL}\s*(?P<code>[A-Za-z0-9][A-Za-z0-9._/-]*[A-Za-z0-9])",
                     re.IGNORECASE)
_OURS = re.compile(rf"(?:^|\s*[-–,;/]\s*|\s+)(?:our|notre|nos|unsere|unser)\s+{_CODE_LABEL}\s*"
                   rf"(?P<code>[A-Za-z0-9][A-Za-z0-9._/-]*[A-Za-z0-9])", re.IGNORECASE)


def owned_codes(text: str) -> tuple[str, str | None, str | None]:
    """A line's codes labelled by whose they are: the text with the customer's own ("notre réf. X") taken out
    and the possessive of ours ("Votre réf. TP-1002" -> "réf. TP-1002"), ours (the supplier's), the customer's."""
    mine = _THEIRS.search(text)
    own = _OURS.search(text)
    if not mine or not (is_item_code(mine.group("code"), True)):
        return text, None, None
    customer = own.group("code") if own and is_item_code(own.group("code"), True) else None
    if customer:
        text = (text[:own.start()] + " " + text[own.end():]).strip(" -–,;/")
        mine = _THEIRS.search(text)
        if mine is None:
            return text, None, None
    start = mine.start() + len(re.match(r"\w+\s+", mine.group(0)).group(0))
    return text[:mine.start()] + text[start:], mine.group("code"), customer


_COUNTED = frozenset({"C62", "H87", "CT", "BX", "PK", "PR", "SET", "DZN", "RO", "PF", "BG", "BO", "CA", "DR"})
_NUMBER_THEN_WORD = re.compile(r"(?<![\w.,/-])\d+(?:[.,]\d+)?\s*([^\W\d_]+)")


def counts_again(text: str | None) -> bool:
    """A second count of packages or pieces in the text after the item ("... 25 Box 7,80" after "2
    SCR-M6-100": a position number read as the quantity); measures ("2,5mm²", "80g") do not count."""
    return any(TABLE.code(m.group(1), "text", codes=False) in _COUNTED for m in _NUMBER_THEN_WORD.finditer(text or ""))


# Words that make the text between a code and its quantity no plain description (a correction, a hedge, a
# condition, a guess): "TP-1002 nicht mehr: 5 Kartons" is held, never read as 5 Kartons of TP-1002
_DOUBT = frozenset(
    "no not longer more mehr nicht kein keine plus pas about around approx ca circa environ etwa stock rupture "
    "if si falls wenn maybe perhaps vielleicht instead statt anstatt lieu plutot rather sorry make that oops "
    "cancel annuler storno remove".split())
# Words that change what the line says ("sorry, make that 12", "cancel the 2 x ...", "statt 10"), with a digit.
_CORRECTIONS = frozenset(
    "not instead rather cancel cancelled canceled sorry make correction correct change changed replace oops "
    "pas plutot annuler annule annulez pardon erreur corriger lieu nicht statt anstatt storno stornieren "
    "korrektur andern aendern".split())
_MONEY = re.compile(rf"(?:{_CURRENCY}\s*\d|\d[\d.,]*\s*{_CURRENCY}(?![\w])|(?:^|\s)(?:@|à|zu|je|at|per)\s*\d|\d\s*%)",
                    re.IGNORECASE)


def says_more(text: str | None) -> bool:
    """Text after a read item that changes it: a second item, count or labelled quantity ("(qty 5 if you
    have them)"), a price or discount the reader did not take ("@ £64.00 less 10% as agreed"), a
    correction with a number ("sorry, make that 12"), a cancellation ("(cancel if out of stock)")."""
    if not text:
        return False
    words = set(re.findall(r"[a-z]+", fold(text)))
    if re.match(r"^\s*(?:/|\+|-|–|bis\b|to\b|à\b|a\b)\s*\d", text, re.IGNORECASE):
        return True  # "X x 6 / 7", "X x 6 - 8", "X x 6 bis 8": a second count, which one is not known
    if ";" in text or re.search(r"(?:^|\s)(?:x|×)\s*\d", text, re.IGNORECASE) \
            or re.match(r"^\s*(?:and|also|plus|as\s+well\s+as|et|aussi|ainsi\s+que|und|sowie|noch)\b", fold(text)):
        return True  # "x 4; and some blue ones; Y x 2", "and some of the blue ones": more than the item's description
    return names_another_item(text) or counts_again(text) or bool(_MONEY.search(text)) or cancels(text) \
        or bool(re.search(rf"{_QTY_LABEL}\d", text, re.IGNORECASE)) \
        or bool(words & _CORRECTIONS and any(c.isdigit() for c in text))


# "Netzkabel für", "Ampoule pour lampe de bureau", "Lamp shade for desk lamp", "cartouche compatible avec": words
# naming a thing, then what it is for, right before the code: the code is that other product's
_FITS_END = re.compile(r"\b(?:for|pour|fur|fuer|zu|compatible(?:\s+(?:with|avec|mit))?|kompatibel(?:\s+mit)?|fits?"
                       r"|fitting|adaptee?s?\s+(?:a|pour|au)|geeignet\s+fur)(?:\s+[^\W\d_][\w'-]*){0,4}\s*[(\[:]?\s*$")


def code_it_fits(before: str) -> bool:
    """Whether the text before a line's code ends saying what the item is for, after a word naming the item
    ("Replacement spring for stapler (X)", "Netzkabel für X", "ressort de rechange pour agrafeuse X"): the
    code is the product the item fits, never the item ("2 Stück für X", a count and a unit only, is X)."""
    folded = fold(before)
    found = _FITS_END.search(folded)
    if not found:
        return False
    words = re.findall(r"[^\W\d_][\w'-]*", folded[:found.start()])
    # a part's word before "for" ("Replacement spring for", "Netzkabel für"), never "Desk lamp for reception"
    return any(len(w) > 2 and w != "x" and unit_code(w) is None for w in words) \
        and part_word(folded[:found.start()]) is not None


# unit words that are ordinary nouns too: before another noun they name the product ("10 ring binders" are binders
# with rings, not 10 rings of binders); alone before the code they are the unit ("2 Ring TP-1004")
_NOUN_UNITS = frozenset({"RG"})
NOUN_UNIT = 0.85  # "10 ring binders" read in the product's own unit: most likely, never sure ("4 rings cable")


def _noun_unit(text: str, match: re.Match[str]) -> tuple[str | None, str | None]:
    """The line's unit and description, a noun-unit word followed right away by a noun ("ring binders", never
    "rings of cable") given back to the description."""
    found = match.groupdict()
    unit, desc = found.get("unit"), found.get("desc")
    if unit and desc and unit_code(unit) in _NOUN_UNITS and not text[match.end("unit"):match.start("desc")].strip() \
            and re.match(r"[^\W\d_]{3,}", desc) and not re.match(r"(?:of|von|de|du|des)\b", fold(desc).lower()):
        return None, f"{unit} {desc}"
    return unit, desc


def names_another_item(text: str | None) -> bool:
    """A quantity (digits or a number word) followed within three words by an item code: a second
    item typed on the same line."""
    words = re.findall(r"[^\s,;:()+&]+", text or "")
    for index, word in enumerate(words):
        if word[0].isdigit() or fold(word) in NUMBER_WORDS:
            if any(is_item_code(w.strip(".-"), False) for w in words[index + 1:index + 4]):
                return True
    return False


def _packed(shape: _Shape, match: re.Match[str]) -> bool:
    """A noun phrase before the code that opens with a packing word of no known unit ("3 fardeaux X")."""
    words = re.findall(r"[^\W\d_]+", fold(match.group("desc") or "")) if "nouns" in match.groupdict() else []
    return bool(words) and words[0] in _PACKINGS


def _code_cut(text: str, match: re.Match[str]) -> bool:
    """Whether the item code was cut at one of its own joiners ("TON-BK" of "TON-BK-05   Qty: 3")."""
    end = match.end("code")
    return end + 1 < len(text) and text[end] in "-./_" and text[end + 1].isalnum()


def _inside_code(text: str, match: re.Match[str]) -> bool:
    """Whether the quantity is the tail of a code (``PS-LAF-80``): digits glued to a code by a joiner."""
    start = match.start("qty")
    return start >= 2 and text[start - 1] in "-./_–" and text[start - 2].isalnum()


_TAIL_QUANTITY = re.compile(r"(?:\s(?:x|×)\s*|\s*[:=]\s*|\s[-–]\s*)(?P<tail>[^\W\d_][^\W\d_\s-]*(?:[\s-][^\W\d_]+){0,4})"
                            r"\s*\.?$")


def _number_word(text: str, table: UnitTable = TABLE) -> tuple[str, bool]:
    """A quantity spelled in words (``two boxes ...``, ``deux cartons ...``, ``a dozen ...``,
    ``AB-1001 x two``, ``MB-4711: zwei Stück``) as digits; the text as it is when there is none."""
    def unit(word: str) -> bool:
        return table.code(word, "text", codes=False) is not None
    if found := spelled_quantity(text, unit):
        digits, rest = found
        return (f"{digits} {rest}", True) if rest else (text, False)
    tail = _TAIL_QUANTITY.search(text)
    if tail and (found := spelled_quantity(tail.group("tail"), unit)):
        digits, rest = found
        if not rest or unit(rest):
            return f"{text[:tail.start('tail')]}{digits} {rest}".rstrip(), True
    return text, False


# Words of a complaint, a return, a credit or a reduction: a line typed with one speaks of goods, it orders none
# ("we received 5 damaged Desk lamp TP-1001 x 5", "please take back 3 staplers (SKU-1004)", "reduce TP-1001 x 2",
# "3 agrafeuses défectueuses (SKU-1004)", "Gutschrift bitte für SKU-1004 x 2")
_NOT_ORDERED = re.compile(
    r"\b(?:damaged|defective|broken|faulty|wrong|received|returns?|returned|returning|take\s+back|send\s+back|sent\s+back"
    r"|credit(?:ed)?|refund(?:ed)?|already|fewer|less|reduce[ds]?|reduction|complaint"
    r"|endommage(?:e?s?)|abime(?:e?s?)|defectueu(?:x|se|ses)|casse(?:e?s?)|retour(?:ne[rz]?|nee?s?)?|reprendre|reprenez"
    r"|(?:un|d'un|l')\s*avoir|remboursement|rembourse[rz]?|deja|moins|redui(?:re|t|ts|te|tes|sez)|reduction|recu(?:e?s?)"
    r"|reclamation|beschadigt(?:e|en)?|defekt(?:e|en)?|kaputt(?:e|en)?|zuruck\w*|rucksendung|retoure|gutschrift|bereits"
    r"|schon\s+geliefert|weniger|reduzier\w*|falsch(?:e|en)?|erhalten|reklamation)\b", re.IGNORECASE)


def not_an_order_of(text: str) -> bool:
    """Whether a line that names an item and a count speaks of a complaint, a return, a credit or a reduction."""
    return bool(_NOT_ORDERED.search(fold(text).replace("ß", "ss")))
