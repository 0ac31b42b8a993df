"""Column boundaries from where a table's values sit, not only where its titles sit.

A spreadsheet exported to PDF prints its titles left-aligned in their cells ("Price", "Amount") and
its numbers right-aligned: a column's numbers end at its cell's right edge, past its own title and
up to the next column's title. ``value_bounds`` moves the boundary after such a numeric column to
the free gap right of its numbers, so they are not read as the next column's values (and the
quantity, price or amount left empty).
"""

from __future__ import annotations

import re

from extractors.capture.layout_spec import NUMERIC_KINDS
from extractors.capture.words import Row, Word

NUMBER = re.compile(r"^[-+]?[$€£]?\d[\d.,\u202f\u00a0']*[^\W\d_]{0,4}$")  # "1,249.00", "5PK" (run into its unit)
MIN_SHARE = 0.5  # of the block's rows that have a number ending at the column's right edge
EDGE = 0.6  # word heights: right edges this close are one right-aligned column


def free_gaps(lo: float, hi: float, words: list[Word]) -> list[tuple[float, float]]:
    """The spans of [lo, hi] that no word covers, left to right."""
    spans = sorted((max(w.x0, lo), min(w.x1, hi)) for w in words if w.x1 > lo and w.x0 < hi)
    gaps, cursor = [], lo
    for s, e in spans:
        if s > cursor:
            gaps.append((cursor, s))
        cursor = max(cursor, e)
    if cursor < hi:
        gaps.append((cursor, hi))
    return gaps


def value_bounds(cols: list, block: list[Row], bounds: tuple[float, ...], unit: float) -> tuple[float, ...]:
    """``bounds`` with the boundary after each numeric column whose numbers end right of its title
    (by more than a word height) and no further than the next title's start moved right of them,
    into the free gap before the next column's words."""
    out = list(bounds)
    rows = [r for r in block if any(NUMBER.match(w.text) for w in r.words)]
    for n, (a, b) in enumerate(zip(cols, cols[1:])):
        if a.kind not in NUMERIC_KINDS and a.kind != "price_basis":  # "PE" over its right-aligned 100s too
            continue
        ends = [_with_unit(r, w, unit) if a.kind == "quantity" else w.x1 for r in rows
                if (w := _first_number(r, a.x0 - unit, b.x0 + 2 * unit)) is not None and a.x1 + unit < w.x1
                and (w.x0 + w.x1) / 2 < b.x0]  # a number centred under the next title is that column's (Odoo's
                # right-aligned "40.00 Box" starts left of its "Qty", the price "6.50" under "Unit Price" is no quantity)
        if not ends or len(ends) < MIN_SHARE * len(rows):
            continue
        edge = max(ends)
        if min(ends) < edge - EDGE * unit * 4 or out[n] >= edge:
            continue  # no one right edge, or the boundary is right of the numbers already
        after = [w.x0 for r in block for w in r.words if w.x0 >= edge]
        limit = out[n + 1] if n + 1 < len(out) else float("inf")
        nxt = min(after, default=edge + 2 * unit)
        if (nxt - edge >= unit / 2 or _left_aligned_under(b, block, edge, nxt, unit)) and (edge + nxt) / 2 < limit:
            out[n] = (edge + nxt) / 2
    return tuple(out)


def _left_aligned_under(b, block: list[Row], edge: float, nxt: float, unit: float) -> bool:
    """The next column's values start where its title starts, right after the numbers' edge (a Calc sheet's
    right-aligned quantity cell against the left-aligned item code of the next cell, "25|AP-12034", a few
    points apart): the gap between them is the cell's edge however narrow, when every row's word right of
    the numbers starts there."""
    if not (edge < nxt and abs(nxt - b.x0) <= 1.0):
        return False
    firsts = [next((w for w in r.words if w.x0 >= edge), None) for r in block if any(NUMBER.match(w.text) for w in r.words)]
    starts = [w.x0 for w in firsts if w is not None and w.x0 < b.x0 + 2 * unit]
    return len(starts) >= 2 and all(abs(x - nxt) <= 1.0 for x in starts)


UNIT_SPACE = 0.6  # word heights: a unit word this close after a quantity is the quantity cell's ("100 EA")


def _with_unit(row: Row, number: Word, unit: float) -> float:
    """The right edge of a quantity and the unit word printed right after it in its cell ("100 EA",
    "12,5 kg", right-aligned under a left-aligned "Qty"), else of the quantity alone."""
    from extractors.units import unit_code

    after = next((w for w in row.words if w.x0 >= number.x1 - 0.5), None)
    if after is not None and after.x0 - number.x1 <= UNIT_SPACE * unit and unit_code(after.text) is not None:
        return after.x1
    return number.x1


def _first_number(row: Row, lo: float, hi: float) -> Word | None:
    """The leftmost number of ``row`` within [lo, hi]: a second one there (an amount right-aligned under
    a short title such as "Net") belongs to the next column, not to this one."""
    return next((w for w in row.words if NUMBER.match(w.text) and w.x0 >= lo and w.x1 <= hi), None)


THOUSANDS_SPACE = 0.6  # word heights: a gap this narrow inside "1 500" is a thousands space, not a column gap


def thousands_joined(cells: dict[str, list[Word]], unit_known) -> dict[str, list[Word]]:
    """``cells`` with a quantity split at its thousands space by a column boundary made whole again:
    "1" | "500 pièce" (or "500pièce") is 1 500 pièce, when the three digits sit a space after the
    quantity and a unit word (``unit_known``) follows them; "2" | "500 ABC-12" stays as it is."""
    qty, unit = cells.get("quantity") or [], cells.get("uom") or []
    if not qty or not unit or not re.fullmatch(r"\d{1,3}(?:[ \u202f\u00a0]\d{3})*", qty[-1].text):
        return cells
    first = unit[0]
    if first.x0 - qty[-1].x1 > THOUSANDS_SPACE * max(first.height, 1.0) or first.x0 < qty[-1].x1 - 1:
        return cells
    glued = re.fullmatch(r"(\d{3})([^\W\d_][^\W\d_.]*\.?)", first.text)
    if glued and unit_known(glued.group(2)):
        cut = first.x0 + (first.x1 - first.x0) * 3 / len(first.text)
        group = Word(glued.group(1), first.x0, first.y0, cut, first.y1, first.conf, first.page)
        rest = [Word(glued.group(2), cut, first.y0, first.x1, first.y1, first.conf, first.page), *unit[1:]]
    elif re.fullmatch(r"\d{3}", first.text) and len(unit) > 1 and unit_known(unit[1].text):
        group, rest = first, unit[1:]
    else:
        return cells
    joined = Word(f"{qty[-1].text} {group.text}", qty[-1].x0, qty[-1].y0, group.x1, qty[-1].y1,
                  min(qty[-1].conf, group.conf), qty[-1].page)
    return {**cells, "quantity": [*qty[:-1], joined], "uom": rest}
