"""Unit words as customers write them (PCE, BTE, Stk, Kart, carton, pièce...) and their UN/ECE
Recommendation 20 codes: the one table of unit words.

``UNITS`` lists, per Rec 20 code, the words that mean it wherever they are written; ``STANDARDS`` what a
code list reads otherwise (``x12``: code list 355, where ``ST`` is a set and ``CA`` a case; ``text``:
typed or printed text, where "St." is a piece). ``UnitTable`` answers "which code is this word" with
accents, case, a trailing dot or colon and plurals ("boîtes", "Pakete", "rouleaux") forgiven.

The readers use ``TABLE`` (the layout step to tell a unit cell from a code, the typed-order reader to
split "12 Stk" into a quantity and a unit); the gateway builds its code list
(``gateway.reference.units.UnitCodes``) from the same table plus a deployment's own words
(``mappings/units.toml``) and hands the result back to the readers in ``ExtractHints.units``: a reader
never reads ``mappings/`` for units itself. Templates may add words (``[units]`` in a template file).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property

from extractors.locale_values import fold

UNITS: Mapping[str, tuple[str, ...]] = {
    "C62": ("C62", "PCE", "PC", "PCS", "PC(S)", "EA", "EACH", "STK", "STCK", "STÜCK", "STUECK", "PIECE", "PIÈCE",
            "PIECES", "PIÈCES", "PIECE(S)", "UNIT", "UNITS", "UNIT(S)", "UN", "U", "UNITE", "UNITÉ", "UNITES",
            "UNITÉS", "PZA", "NR", "NAR", "NMB", "NIU"),
    "H87": ("H87",),
    "CT": ("CT", "CTN", "CTNS", "CAR", "CARTON", "CARTONS", "KRT", "KART", "KAR", "KARTON", "KARTONS", "COLIS", "XCT"),
    # A case is its own unit (Rec 20 CS), never taken for a carton: a conversion or a deployment's word for it
    # (mappings/unit_conversions.toml, mappings/units.toml) says what one holds.
    "CS": ("CS", "CASE", "CASES", "XCS"),
    "BX": ("BX", "BOX", "BOXES", "BTE", "BOITE", "BOÎTE", "BOITES", "BOÎTES", "SCHACHTEL", "SCHACHTELN", "BOXEN", "DOOS",
           "XBX"),
    "PK": ("PK", "PACK", "PACKS", "PAQUET", "PAQUETS", "PAQ", "PAQS", "PQT", "PACKUNG", "PACKUNGEN", "PKG", "PCKG", "PCK",
           "PA", "PAK", "XPK", "XPA", "PAKET", "PAKETE", "PKT", "PACKET", "PACKETS", "PACKAGE", "PACKAGES"),
    "PR": ("PR", "PAIR", "PAIRS", "PAIRE", "PAAR"),
    "SET": ("SET", "SETS", "JEU", "JEUX", "SATZ"),
    "DZN": ("DZN", "DZ", "DOZ", "DOZEN", "DOZENS", "DOUZAINE", "DOUZAINES", "DUTZEND"),
    "KGM": ("KGM", "KG", "KGS", "KILO", "KILOS", "KILOGRAM", "KILOGRAMME"),
    "GRM": ("GRM", "G", "GR", "GRAM", "GRAMME"),
    "TNE": ("TNE", "T", "TONNE", "TONNES", "TON"),
    "LTR": ("LTR", "L", "LT", "LITRE", "LITRES", "LITER", "LITRE(S)"),
    "MLT": ("MLT", "ML"),
    "MTR": ("MTR", "M", "MR", "METRE", "METRES", "METER", "MÈTRE", "MÈTRES", "LM"),
    "CMT": ("CMT", "CM"),
    "MMT": ("MMT", "MM"),
    "MTK": ("MTK", "M2", "SQM", "M²", "QM"),
    "MTQ": ("MTQ", "M3", "CBM", "M³"),
    "RO": ("RO", "ROLL", "ROLLS", "ROULEAU", "ROULEAUX", "ROLLE", "ROLLEN", "RL", "XRO"),
    "PF": ("PF", "PALLET", "PALLETS", "PALETTE", "PALETTES", "PAL", "PLT", "PX", "XPX", "SKID", "SKIDS"),
    "BG": ("BG", "BAG", "BAGS", "SAC", "SACS", "SACHET", "SACHETS", "BEUTEL", "SACK", "TÜTE", "TÜTEN", "XBG"),
    "RM": ("RM", "REAM", "REAMS", "RAMETTE", "RAMETTES", "RAME", "RAMES", "RIES"),
    "BE": ("BUNDLE", "BUNDLES", "BÜNDEL", "BUENDEL", "BUND", "BUNDE", "XBE"),  # the bare code "BE" is an English word
    # a ring (a coil of cable, hose or wire: German "Ring"): what one holds is the product's, a conversion says it
    "RG": ("RG", "RING", "RINGE", "RINGS", "XRG"),
    "BO": ("BO", "BOTTLE", "BOTTLES", "BOUTEILLE", "BOUTEILLES", "FLASCHE", "XBO"),
    "CA": ("CAN", "TIN", "BIDON"),
    "DR": ("DR", "DRUM", "FUT", "FÛT", "FASS"),
    "HUR": ("HUR", "H", "HR", "HOUR", "HOURS", "HEURE", "HEURES", "STD", "STUNDE"),
    # imperial and US measures (X12 LB, GA, FT, YD, OZ; typed "lbs", "gallons")
    "LBR": ("LBR", "LB", "LBS", "POUND", "POUNDS"),
    "GLL": ("GLL", "GAL", "GALS", "GALLON", "GALLONS"),
    "ONZ": ("ONZ", "OZ", "OUNCE", "OUNCES"),
    "FOT": ("FOT", "FT", "FOOT", "FEET"),
    "YRD": ("YRD", "YD", "YDS", "YARD", "YARDS"),
    "INH": ("INH", "INCH", "INCHES"),
}

# Codes that mean something else, or only mean something, in one code list (``UNITS`` holds everywhere).
# X12 850 (code list 355): ST is a set, CA a case (CS, not a carton), PL a pallet (a unit load), GA a gallon, IN an inch. Typed or printed text
# (e-mail, PDF, sheet, IDoc): "St." is German for a piece (Stück). In EDIFACT, UBL, cXML and openTRANS
# (UN/ECE Rec 20) ST is a sheet and CA a can.
STANDARDS: Mapping[str, Mapping[str, tuple[str, ...]]] = {
    "x12": {"SET": ("ST",), "CS": ("CA",), "PF": ("PL",), "GLL": ("GA",), "INH": ("IN",)},
    "text": {"C62": ("ST",), "CT": ("KT", "KTN")},  # printed "Kt"/"Ktn" is a German Karton, an EDI KT a kit
}

# Rec 20 codes accepted as they are from a structured field, without being listed as words (a free
# text's "Mon" or "Day" is no unit: ``UnitTable.code(..., codes=False)``).
REC20_CODES = frozenset({
    "C62", "H87", "EA", "CT", "CS", "BX", "PK", "PR", "SET", "DZN", "KGM", "GRM", "TNE", "LTR", "MLT", "MTR",
    "CMT", "MMT", "MTK", "MTQ", "RO", "RM", "BE", "PF", "BG", "BO", "CA", "DR", "HUR", "NAR", "NPR", "PA", "XPK",
    "XBX", "XCT", "XPX", "KT", "LO", "NMP", "MIN", "DAY", "MON", "ANN", "E48", "TU", "LBR", "GLL", "ONZ", "FOT",
    "YRD", "INH", "RG",
})
# An ERP's unit name with its plural in brackets ("Unité(s)", "Unit(s)", "Boîte(s)", "Karton(s)").
_OPTIONAL_PLURAL = re.compile(r"\((?:S|ES|E|N|EN|X)\)$")
_PLURAL_ENDINGS = ("EN", "ES", "S", "E", "N", "X")  # Packungen, boîtes, ctns, Pakete, Rollen, rouleaux


def unit_key(word: str) -> str:
    """A word as the table compares it: upper case, no accents, no spaces, no trailing dot or colon."""
    return fold(word.strip()).rstrip(":").strip(".").replace(" ", "").upper()


def _pairs(words: Mapping[str, Iterable[str]]) -> tuple[tuple[str, str], ...]:
    """(word as written, code) pairs: a reader's pattern needs "boîtes" as typed."""
    return tuple((w.strip(), code.upper()) for code, listed in words.items() for w in listed)


@dataclass(frozen=True)
class UnitTable:
    """Unit words -> Rec 20 codes, per code list; picklable and hashable (a reader's cache key)."""

    words: tuple[tuple[str, str], ...]
    standards: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()

    @classmethod
    def of(cls, units: Mapping[str, Iterable[str]],
           standards: Mapping[str, Mapping[str, Iterable[str]]] | None = None) -> UnitTable:
        """A table from ``{code: words}`` and ``{standard: {code: words}}`` (the ``units.toml`` shape)."""
        return cls(_pairs(units),
                   tuple((name, _pairs(words)) for name, words in (standards or {}).items()))

    def with_words(self, units: Mapping[str, Iterable[str]],
                   standards: Mapping[str, Mapping[str, Iterable[str]]] | None = None) -> UnitTable:
        """This table with a deployment's or template's own words added (a word listed again takes
        the code it is given there; a code of its own, not Rec 20, is a word for itself)."""
        extra = UnitTable.of(units, standards)
        own = tuple((code, code.upper()) for code in units
                    if unit_key(code) not in REC20_CODES and unit_key(code) not in self._table)
        merged = dict(self.standards)
        for name, pairs in extra.standards:
            merged[name] = merged.get(name, ()) + pairs
        return UnitTable(self.words + own + extra.words, tuple(merged.items()))

    @cached_property
    def _table(self) -> dict[str, str]:
        return {unit_key(word): code for word, code in self.words}

    @cached_property
    def _standard_tables(self) -> dict[str, dict[str, str]]:
        return {name: {unit_key(word): code for word, code in pairs} for name, pairs in self.standards}

    def code(self, word: str | None, standard: str | None = None, codes: bool = True) -> str | None:
        """The Rec 20 code of a unit word as the code list ``standard`` ("x12", "text", None for Rec 20)
        reads it; a bare Rec 20 code counts unless ``codes`` is False; None when not known."""
        if not word:
            return None
        key = unit_key(word)
        if standard and key in self._standard_tables.get(standard, {}):
            return self._standard_tables[standard][key]
        if key in self._table:
            return self._table[key]
        if codes and key in REC20_CODES:
            return key
        if (bare := _OPTIONAL_PLURAL.sub("", key)) != key and bare:
            return self.code(bare, standard, codes=False)  # "Unité(s)", "Boîte(s)", "Stück(e)": the singular
        return self._singular(key)

    def _singular(self, key: str) -> str | None:
        """The code of a plural of a listed word ("CTNS", "DOUZAINES", "PACKUNGEN", "ROULEAUX"): the
        singular has three letters or more before an ``S``, four before another ending, and is a word,
        not a bare code ("MRS" is no metres)."""
        for ending in _PLURAL_ENDINGS:
            base = key[:-len(ending)]
            if key.endswith(ending) and len(base) >= (3 if ending == "S" else 4) and base.isalpha() \
                    and base in self._table and base not in REC20_CODES:
                return self._table[base]
        return None

    def unit_words(self, standard: str | None = "text") -> list[str]:
        """Every listed word in lower case (as written and folded), longest first: for a reader's
        pattern of units."""
        written = [w for w, _ in self.words] + [w for w, _ in dict(self.standards).get(standard or "", ())]
        forms = {form for w in written for form in (w.lower(), fold(w))}
        return sorted((w for w in forms if w and not w[0].isdigit()), key=len, reverse=True)


TABLE = UnitTable.of(UNITS, STANDARDS)

# The table as typed or printed text reads it, keyed by folded lower-case word: for readers that
# compare words one edit apart (``gateway.stages.item_matching``) or merge a template's own words.
UNIT_CODES: Mapping[str, str] = {unit_key(w).lower(): c for w, c in (*TABLE.words, *dict(TABLE.standards)["text"])}


_BRACKETED = re.compile(r"[(\[](?P<unit>[^\W\d_][^()\[\]]*)[)\]]")


def bare_unit(word: str) -> str:
    """A unit word without the brackets it is printed in after its quantity ("12 (EA)", "12,00 [kg]":
    Epicor, Ariba): "EA"; any other word as it is."""
    bracketed = _BRACKETED.fullmatch(word.strip())
    return bracketed["unit"] if bracketed else word


def unit_code(word: str | None, extra: Mapping[str, str] | None = None,
              table: UnitTable | None = None) -> str | None:
    """The Rec 20 code of a unit word in typed or printed text, or None if the word is not a known
    unit; ``extra`` (a template's words, folded lower case) first, then ``table`` (default ``TABLE``)."""
    if not word:
        return None
    word = bare_unit(word)
    if extra:
        key = fold(word.strip()).rstrip(":")
        if key in extra or key.rstrip(".") in extra:
            return extra.get(key) or extra[key.rstrip(".")]
    return (table or TABLE).code(word, "text", codes=False)


def is_unit(word: str | None, extra: Mapping[str, str] | None = None) -> bool:
    return unit_code(word, extra) is not None


def unit_word(word: str, extra: Mapping[str, str] | None = None, known_only: bool = False) -> bool:
    """A word in a quantity cell that is no part of the number: a known unit, or (unless
    ``known_only``: OCR, where letters may be misread digits) a word of letters ("1 000 boîtes",
    "20 ramettes"; an unknown one is then flagged as a unit)."""
    if any(c.isdigit() for c in word):
        return False
    if unit_code(word, extra) is not None:
        return True
    letters = sum(c.isalpha() for c in word)
    stripped = re.sub(r"\([^\W\d_]{1,2}\)$", "", word.strip(".:"))  # "Einheit(en)": a word with its plural
    return not known_only and letters >= 3 and letters >= len(stripped) - 1
