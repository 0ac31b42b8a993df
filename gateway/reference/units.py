"""Unit normalization to UN/ECE Recommendation 20: the readers' table of unit words
(``extractors.units.TABLE``, handed in by whoever builds the context) plus a deployment's own words in
``mappings/units.toml``.

Most codes mean one thing wherever they are written, a few depend on the code list the document uses:
``ST`` is a set in an X12 850 (code list 355), a sheet in UN/ECE Rec 20 (EDIFACT, UBL, cXML, openTRANS)
and a piece ("St.", Stück) in German text; ``CA`` is a case in X12 and a can in Rec 20. The table holds
what holds everywhere and, per code list, what X12 segments (``x12``) and typed or printed text
(``text``: e-mail, PDF, sheet, IDoc) add or mean otherwise (``unit_standard`` names the list of a
format). A code of Rec 20 left out of the table and not a Rec 20 code this gateway knows (``ST`` from
an EDIFACT order) is unknown: the order waits (``UOM-UNKNOWN``) rather than guessing. ``units.toml``
only adds: ``[units]`` words for any code list, ``[x12]``/``[text]`` words for one.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Protocol

from gateway.errors import ConfigError

STANDARDS = ("x12", "text")
_STANDARD_OF_FORMAT = {"x12": "x12", "body_text": "text", "email": "text", "pdf_text": "text", "ocr": "text",
                       "sheet": "text", "word": "text", "idoc": "text"}


def unit_standard(fmt: str | None) -> str | None:
    """The code list a document of format ``fmt`` writes its units in ("x12", "text"), None for Rec 20."""
    return _STANDARD_OF_FORMAT.get(fmt or "")


class WordTable(Protocol):
    """What ``extractors.units.UnitTable`` offers (handed in: this package does not import readers)."""

    def with_words(self, units: dict[str, list[str]],
                   standards: dict[str, dict[str, list[str]]] | None = None) -> WordTable: ...

    def code(self, word: str | None, standard: str | None = None, codes: bool = True) -> str | None: ...


class UnitCodes:
    def __init__(self, table: WordTable) -> None:
        self.table = table  # what the readers get too (``ExtractHints.units``)

    @classmethod
    def load(cls, path: Path, base: WordTable) -> UnitCodes:
        """``base`` with the words of ``path`` added; raises ConfigError naming the file and the bad key
        or line. A missing file adds nothing."""
        if not path.exists():
            return cls(base)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:  # its message gives line and column
            raise ConfigError(f"{path}: not valid TOML: {exc}") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: cannot be read: {exc}") from None
        unknown = set(data) - {"units", *STANDARDS}
        if unknown:
            raise ConfigError(f"{path}: {sorted(unknown)[0]}: unknown key")
        for section in ("units", *STANDARDS):
            for code, words in data.get(section, {}).items():
                if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
                    raise ConfigError(f"{path}: {section}.{code}: must be a list of words")
        return cls(base.with_words(data.get("units", {}), {s: data.get(s, {}) for s in STANDARDS}))

    def normalize(self, unit: str | None, standard: str | None = None) -> str | None:
        """The Rec 20 code for a unit word or code as the code list ``standard`` (``unit_standard``)
        reads it; None when it is not known."""
        return self.table.code(unit, standard)
