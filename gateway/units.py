"""Unit normalization to UN/ECE Recommendation 20 through the code list in ``mappings/units.toml``."""

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


class UnitCodes:
    def __init__(self, table: dict[str, str]) -> None:
        self._table = table

    @classmethod
    def load(cls, path: Path) -> UnitCodes:
        """Read the code list; raises ConfigError naming the file and the bad key or line."""
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:  # its message gives line and column
            raise ConfigError(f"{path}: not valid TOML: {exc}") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: cannot be read: {exc}") from None
        unknown = set(data) - {"units"}
        if unknown:
            raise ConfigError(f"{path}: {sorted(unknown)[0]}: unknown key")
        table: dict[str, str] = {}
        for code, words in data.get("units", {}).items():
            if not isinstance(words, list):
                raise ConfigError(f"{path}: units.{code}: must be a list of words")
            for word in words:
                table[_key(word)] = code
            table.setdefault(_key(code), code)
        return cls(table)

    def normalize(self, unit: str | None) -> str | None:
        """The Rec 20 code for a unit word or code; None when it is not known."""
        if not unit:
            return None
        key = _key(unit)
        if key in self._table:
            return self._table[key]
        if key in REC20_CODES:
            return key
        return self._singular(key)

    def _singular(self, key: str) -> str | None:
        """The code of a plural of a listed word of four letters or more (DOUZAINES, PAKETE,
        PACKUNGEN, ROULEAUX), never of a code: the endings ``extractors.body_lines`` reads."""
        for ending in ("EN", "ES", "S", "E", "N", "X"):
            base = key[:-len(ending)]
            if key.endswith(ending) and len(base) >= 4 and base.isalpha() and base in self._table \
                    and base not in REC20_CODES:
                return self._table[base]
        return None
