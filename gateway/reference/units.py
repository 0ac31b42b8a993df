"""Unit normalization to UN/ECE Recommendation 20 through the code list in ``mappings/units.toml``.

Most codes mean one thing wherever they are written, a few depend on the code list the document uses:
``ST`` is a set in an X12 850 (code list 355), a sheet in UN/ECE Rec 20 (EDIFACT, UBL, cXML, openTRANS)
and a piece ("St.", Stück) in German text; ``CA`` is a case in X12 and a can in Rec 20. ``[units]``
holds what holds everywhere; ``[x12]`` and ``[text]`` what X12 segments and typed or printed text
(e-mail, PDF, sheet, IDoc) add or mean otherwise (``unit_standard`` names the list of a format). A code
of Rec 20 left out of ``[units]`` and not a Rec 20 code this gateway knows (``ST`` from an EDIFACT
order) is unknown: the order waits (``UOM-UNKNOWN``) rather than guessing.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from gateway.errors import ConfigError

# Rec 20 codes that are accepted as they are, without being listed as words.
REC20_CODES = frozenset({
    "C62", "H87", "EA", "CT", "BX", "PK", "PR", "SET", "DZN", "KGM", "GRM", "TNE", "LTR", "MLT", "MTR",
    "CMT", "MMT", "MTK", "MTQ", "RO", "PF", "BG", "BO", "CA", "DR", "HUR", "NAR", "NPR", "PA", "XPK",
    "XBX", "XCT", "XPX", "KT", "LO", "NMP", "MIN", "DAY", "MON", "ANN", "E48", "TU",
})


def _key(word: str) -> str:
    return word.strip().strip(".").replace(" ", "").upper()


STANDARDS = ("x12", "text")
_STANDARD_OF_FORMAT = {"x12": "x12", "body_text": "text", "email": "text", "pdf_text": "text", "ocr": "text",
                       "sheet": "text", "idoc": "text"}


def unit_standard(fmt: str | None) -> str | None:
    """The code list a document of format ``fmt`` writes its units in ("x12", "text"), None for Rec 20."""
    return _STANDARD_OF_FORMAT.get(fmt or "")


class UnitCodes:
    def __init__(self, table: dict[str, str], standards: dict[str, dict[str, str]] | None = None) -> None:
        self._table = table
        self._standards = standards or {}

    @classmethod
    def load(cls, path: Path) -> UnitCodes:
        """Read the code list; raises ConfigError naming the file and the bad key or line."""
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:  # its message gives line and column
            raise ConfigError(f"{path}: not valid TOML: {exc}") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: cannot be read: {exc}") from None
        unknown = set(data) - {"units", *STANDARDS}
        if unknown:
            raise ConfigError(f"{path}: {sorted(unknown)[0]}: unknown key")
        table: dict[str, str] = {}
        for code, words in data.get("units", {}).items():
            if not isinstance(words, list):
                raise ConfigError(f"{path}: units.{code}: must be a list of words")
            for word in words:
                table[_key(word)] = code
            table.setdefault(_key(code), code)
        standards: dict[str, dict[str, str]] = {}
        for standard in STANDARDS:
            standards[standard] = {}
            for code, words in data.get(standard, {}).items():
                if not isinstance(words, list):
                    raise ConfigError(f"{path}: {standard}.{code}: must be a list of codes")
                standards[standard].update({_key(word): code for word in words})
        return cls(table, standards)

    def normalize(self, unit: str | None, standard: str | None = None) -> str | None:
        """The Rec 20 code for a unit word or code as the code list ``standard`` (``unit_standard``)
        reads it; None when it is not known."""
        if not unit:
            return None
        key = _key(unit)
        if standard and key in self._standards.get(standard, {}):
            return self._standards[standard][key]
        if key in self._table:
            return self._table[key]
        if key in REC20_CODES:
            return key
        return self._singular(key)

    def _singular(self, key: str) -> str | None:
        """The code of a plural of a listed word of four letters or more (DOUZAINES, PAKETE,
        PACKUNGEN, ROULEAUX), never of a code: the endings ``extractors.mail.body_lines`` reads."""
        for ending in ("EN", "ES", "S", "E", "N", "X"):
            base = key[:-len(ending)]
            if key.endswith(ending) and len(base) >= 4 and base.isalpha() and base in self._table \
                    and base not in REC20_CODES:
                return self._table[base]
        return None
