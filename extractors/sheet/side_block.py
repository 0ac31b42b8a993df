"""A block of header fields typed to the right of a sheet's item table ("PO number | APW-7781", "Bestelldatum |
09.12.2026" in columns G:H beside the items in A:E, past an empty column): its label and value cells are the order's
header fields, never the table's columns (a "Date" title beside "Qty" read as a line date column, "PO number" as a
PO column giving every line the next label as its order). A field the block gives twice ("Bestellnummer" twice, an
"Auftragsnummer" beside a "Bestellnummer", two "Liefertermin" rows) gives every value it has (``side_values``): the
sheet's reader holds on values that differ, never picks one."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from extractors.capture.labels import label_key

MIN_LABELS = 2  # labelled rows a block needs (a PO and a date at least)


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _label(value: Any, labels: dict[str, frozenset[str]]) -> str | None:
    key = label_key(_text(value).rstrip(" :"))
    return next((name for name, group in labels.items() if key and key in group), None)


def side_block(cells: Any, labels: dict[str, frozenset[str]]) -> tuple[Any, dict[str, Any]]:
    """``side_values`` with the first value of each field."""
    cells, values = side_values(cells, labels)
    return cells, {name: found[0] for name, found in values.items()}


def side_values(cells: Any, labels: dict[str, frozenset[str]]) -> tuple[Any, dict[str, list[Any]]]:
    """``cells`` without the block of labelled header cells right of its table, and the values that block gives
    (field name -> the cells right of its labels, top down). A block: ``MIN_LABELS`` rows or more whose label cell has its value
    right of it and an empty cell left of it, beside rows of the table (two cells or more left of that gap)."""
    rows = cells.rows
    width = max((len(r) for r in rows), default=0)
    for col in range(2, width - 1):
        found: dict[str, list[tuple[int, Any]]] = {}
        beside = False
        for index, row in enumerate(rows):
            if col + 1 >= len(row) or _text(row[col - 1]):
                continue
            name = _label(row[col], labels)
            if name is None or not _text(row[col + 1]) or _label(row[col + 1], labels):
                continue
            found.setdefault(name, []).append((index, row[col + 1]))
            beside = beside or sum(bool(_text(v)) for v in row[:col - 1]) >= 2
        if len(found) >= MIN_LABELS and beside:
            kept = [list(r) for r in rows]
            for index, _value in [pair for pairs in found.values() for pair in pairs]:
                kept[index][col] = kept[index][col + 1] = None
            return replace(cells, rows=kept), {name: [value for _i, value in pairs] for name, pairs in found.items()}
    return cells, {}
