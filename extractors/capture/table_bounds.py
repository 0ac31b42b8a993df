"""A table's extent and its columns' boundaries: the rows of a block down to a total/end row or a
wide gap, and the x between two column titles where the fewest words of the block cross (the
widest free gap), or the rule between two ruled header cells."""

from __future__ import annotations

import re

from extractors.capture.layout_spec import NUMERIC_KINDS
from extractors.capture.table_cells import TEXT_CELL_KINDS, Column, TableCtx, is_end
from extractors.capture.value_columns import free_gaps, value_bounds
from extractors.capture.words import Row, Word, typical_height

BLOCK_GAP = 4.5  # word heights of empty space that end a block...
PITCHES = 2.2  # ...or this many times the block's usual row pitch, if larger
COLUMN_GAP = 0.6  # word heights: narrower free gaps are spaces between words, not columns


def table_block(rows: list[Row], start: int, ctx: TableCtx) -> tuple[list[Row], int, bool]:
    """Rows from ``start`` to the end of a table block: (rows, index of the last row looked at,
    whether an end/total row closed it; then that row is ``last``)."""
    block: list[Row] = []
    i = start
    unit = typical_height(rows[start - 1].words) if start > 0 else 10.0
    while i < len(rows):
        row = rows[i]
        prev = block[-1] if block else rows[start - 1]
        if (row.page != prev.page and block) or (
                row.page == prev.page and row.y0 - prev.y1 > max(BLOCK_GAP * unit, PITCHES * _pitch(block))
                and not same_grid(prev, row) and not _tall_rows(block, row, row.y0 - prev.y1, unit)):
            return block, i - 1, False  # (a table resumed at the top of a new page starts there)
        if is_end(row, ctx) and not _looks_like_item(row):
            if _group_subtotal(row) and _items_follow(rows, i, unit):
                i += 1  # "Sous-total Hygiène 266,40" with items under it: a group's subtotal, the table goes on
                continue
            return block, i, True
        block.append(row)
        i += 1
    return block, i - 1, False


GRID_EDGE = 3.0  # pixels two ruled rows' cell edges may differ by in one grid
GRID_CELLS = 3  # cells a ruled row has at least to tell its grid


def same_grid(upper: Row, lower: Row) -> bool:
    """Two ruled rows of one grid (every cell of the lower one is a cell of the upper one): the space between
    them is a tall row's padding (Chromium cells padded high), no end of the table."""
    above, below = set(upper.cells), set(lower.cells)
    return len(below) >= GRID_CELLS and len(above) >= GRID_CELLS and all(
        any(abs(a0 - b0) <= GRID_EDGE and abs(a1 - b1) <= GRID_EDGE for a0, a1 in above) for b0, b1 in below)


_SUBTOTAL = re.compile(r"(?i)^(?:sous-total|sous total|subtotal|sub-total|sub total|zwischensumme|teilsumme|"
                       r"total partiel)\b")
FOLLOW_ROWS = 3  # rows under a subtotal searched for the next group's items


def _group_subtotal(row: Row) -> bool:
    """A subtotal row ("Sous-total Bureau", "Subtotal Packaging", "Zwischensumme Arbeitsschutz")."""
    return bool(_SUBTOTAL.match(row.text.strip()))


def _items_follow(rows: list[Row], i: int, unit: float) -> bool:
    """Item rows follow the subtotal at row ``i`` on its page, a group title at most between them."""
    last = rows[i]
    for row in rows[i + 1:i + 1 + FOLLOW_ROWS]:
        if row.page != last.page or row.y0 - last.y1 > BLOCK_GAP * unit:
            return False
        if _looks_like_item(row):
            return True
        last = row
    return False


TALL_GAP = 12.0  # word heights between the titles (or one item) and an item of a table printed with tall rows


def _tall_rows(block: list[Row], row: Row, gap: float, unit: float) -> bool:
    """The first items of a table printed with tall rows (cells padded high, no rules): an item under the titles,
    or under the one item so far, within ``TALL_GAP``; later rows are measured by the block's own pitch."""
    return len(block) <= 1 and all(_looks_like_item(r) for r in block) and _looks_like_item(row) \
        and gap <= TALL_GAP * unit


def _pitch(block: list[Row]) -> float:
    steps = sorted(b.y0 - a.y0 for a, b in zip(block, block[1:]) if b.y0 > a.y0)
    return steps[len(steps) // 2] if steps else 0.0


def _looks_like_item(row: Row) -> bool:
    """An item whose description says "Total" stays an item: it has several numbers."""
    numbers = sum(1 for p in row.phrases if any(c.isdigit() for c in p.text))
    return numbers >= 3 and len(row.phrases) >= 4


def column_bounds(cols: list[Column], block: list[Row]) -> tuple[float, ...]:
    """Between two headers, the free gap (no word of the block crosses it) that separates them:
    the widest, except between a text column and a number column, where text runs on to the
    right: there the rightmost gap wide enough to be a column gap; between a number column and the
    unit column after it, the rightmost gap (the numbers are right-aligned)."""
    words = [w for row in block for w in row.words]
    unit = typical_height(words) if words else 10.0
    out = []
    for a, b in zip(cols, cols[1:]):
        if b.x0 <= a.x1:
            out.append((a.x1 + b.x0) / 2)
            continue
        gaps = free_gaps(a.x1, b.x0, _within_columns(block, a, b))
        wide = [g for g in gaps if g[1] - g[0] >= COLUMN_GAP * unit]
        if a.kind in TEXT_CELL_KINDS and b.kind in NUMERIC_KINDS and wide:
            g0, g1 = wide[-1]
        elif a.kind in NUMERIC_KINDS and b.kind == "uom" and gaps:
            g0, g1 = gaps[-1]  # right-aligned numbers of a narrow cell run up to the unit beside them
        elif gaps:
            g0, g1 = max(gaps, key=lambda g: g[1] - g[0])
        else:
            g0, g1 = a.x1, b.x0
        out.append((g0 + g1) / 2)
    return value_bounds(cols, block, tuple(out), unit)


def _within_columns(block: list[Row], a: Column, b: Column) -> list[Word]:
    """The words of the block but those of phrases running from column ``a``'s title past column
    ``b``'s: a sentence under the table (notes, terms, the letter's closing) hides no column gap."""
    return [w for row in block for p in row.phrases if not (p.x0 <= a.x1 and p.x1 >= b.x0) for w in p.words]


def ruled_bounds(cols: list[Column], header: Row) -> tuple[float, ...] | None:
    """Between two headers of a ruled header row: the rule between their cells."""
    out = []
    for a, b in zip(cols, cols[1:]):
        edge = next((x0 for x0, x1 in header.cells if x0 - 1 <= b.x0 <= x1 and x0 >= a.x0 - 1), None)
        if edge is None:
            return None
        out.append(edge)
    return tuple(out)
