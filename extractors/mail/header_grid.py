"""A typed header grid: a row of labels over the row of their values, as a letter or a form pasted into an
e-mail lays its reference block out::

    Unser Zeichen      Datum          Ansprechpartner
    HB-5521            03.12.2026     Frau Brandt

The order's header readers read "label: value" on one line; a value under its label was read as no PO and its
date as a date of nothing (PO-MISSING, DATE-UNPLACED: needless holds). Here such a pair of rows becomes one
"label: value" line per column, read as any typed line. A pair of rows is a grid when the upper row is labels
only (two cells and more, split at two spaces, a tab or a bar; no digit), one of them a header label
(``is_header_label``: a PO, order date or delivery date label) and none an item table's column ("Qty",
"Menge", "Désignation"), and the lower row has a value under that label (its cell starting within
``ALIGN`` columns of the label's). Anything else is left as it was typed.
"""

from __future__ import annotations

import re
from typing import Callable

from extractors.locale_values import fold

ALIGN = 3  # columns a value's cell may start off its label's
_CELL = re.compile(r"[^\t|]+?(?=\s{2,}|\t|\||$)")
_ITEM_COLUMNS = re.compile(r"\b(?:qty|quantity|menge|anzahl|quantite|qte|description|bezeichnung|designation|"
                           r"article|artikel|item|price|preis|prix|amount|betrag|montant|unit|einheit|unite)\b")


def cells(line: str) -> list[tuple[int, str]]:
    """The cells of a typed row: (column where it starts, its text), split at two spaces, a tab or a bar."""
    return [(m.start() + len(m.group()) - len(m.group().lstrip()), m.group().strip())
            for m in _CELL.finditer(line.expandtabs(8)) if m.group().strip()]


def _label_row(row: list[tuple[int, str]], is_header_label: Callable[[str], bool]) -> bool:
    texts = [text for _at, text in row]
    return (len(row) >= 2 and not any(c.isdigit() for c in "".join(texts))
            and not any(_ITEM_COLUMNS.search(fold(text).lower()) for text in texts)
            and any(is_header_label(text) for text in texts))


def _pairs(labels: list[tuple[int, str]], values: list[tuple[int, str]]) -> list[str]:
    """"label: value" for each value starting under a label's start."""
    out = []
    for at, value in values:
        label = next((text for start, text in labels if abs(start - at) <= ALIGN), None)
        if label is None:
            return []  # a value under no label: no grid of this kind
        out.append(f"{label.rstrip(':')}: {value}")
    return out


def unfold_header_grids(lines: list[str], is_header_label: Callable[[str], bool]) -> list[str]:
    """``lines`` with each header grid's two rows replaced by its "label: value" lines (module docstring)."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        upper = cells(lines[i])
        lower = cells(lines[i + 1]) if i + 1 < len(lines) else []
        pairs = _pairs(upper, lower) if lower and _label_row(upper, is_header_label) else []
        if pairs and any(is_header_label(p.split(":", 1)[0]) for p in pairs):
            out.extend(pairs)
            i += 2
            continue
        out.append(lines[i])
        i += 1
    return out
