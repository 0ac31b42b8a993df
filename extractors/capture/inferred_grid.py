"""Columns of a line table whose titles are missing or unknown, inferred from the values of its
item rows: quantity x unit price = amount on every row, a column of unit words, of codes, of 1, 2, 3."""

from __future__ import annotations

import re
from decimal import Decimal

from extractors.capture.table_bounds import column_bounds, table_block
from extractors.capture.table_cells import Column, Grid, TableCtx, numeric_phrases
from extractors.capture.words import Row
from extractors.locale_values import parse_number
from extractors.units import unit_code

def item_like(row: Row, ctx: TableCtx) -> bool:
    """Two numbers or more and a phrase of letters: the shape of an order line."""
    return numeric_phrases(row, ctx) >= 2 and any(
        sum(c.isalpha() for c in p.text) >= 3 and parse_number(p.text, ctx.loc) is None for p in row.phrases)


def infer_grid(rows: list[Row], ctx: TableCtx) -> tuple[int, Grid] | None:
    """Columns whose header words are missing or unknown, from the values of the item rows: the
    first run of rows shaped like order lines, split at the gaps of its header row (a row of text
    just above it) or of its first row; quantity, unit price and amount are the three number
    columns where quantity x price = amount on every row (``product_triple``), the
    unit the column of unit words, a line number the column counting 1, 2, 3..., the item code the
    column of codes, the description the wordiest text column. None unless the arithmetic holds."""

    for i in range(len(rows) - 1):
        if not (item_like(rows[i], ctx) and item_like(rows[i + 1], ctx) and rows[i].page == rows[i + 1].page):
            continue
        above = rows[i - 1] if i else None
        titled = (above is not None and above.page == rows[i].page and len(above.phrases) >= 3
                  and numeric_phrases(above, ctx) == 0)
        block, _last, _ended = table_block(rows, i, ctx)
        block = [r for r in block if item_like(r, ctx)] or block
        # a sentence above the rows ("please supply the following items:") is no header: then the gaps
        # of the first item row
        for anchor in ([above] if titled and above is not None else []) + [rows[i]]:
            if len(anchor.phrases) < 3:
                continue
            cols = [Column("ignore", p.x0, p.x1, 1.0) for p in anchor.phrases]
            grid = Grid(tuple(cols), column_bounds(cols, block))
            kinds = _infer_kinds(block, grid, ctx, product_triple)
            if kinds is not None:
                named = _description_whole([Column(k, c.x0, c.x1, 1.0) for k, c in zip(kinds, cols)])
                return i, Grid(named, column_bounds(list(named), block) if len(named) < len(cols) else grid.bounds)
        return None
    return None


def _description_whole(cols: list[Column]) -> tuple[Column, ...]:
    """The description with the unnamed columns beside it: a typed row's words of one description
    ("Nylon anchor 8 mm" in a typewriter font, each word apart) are one cell, not four columns."""
    named = [c.kind for c in cols]
    if "description" not in named:
        return tuple(cols)
    d = named.index("description")
    lo, hi = d, d
    while lo > 0 and named[lo - 1] == "ignore":
        lo -= 1
    while hi + 1 < len(cols) and named[hi + 1] == "ignore":
        hi += 1
    whole = Column("description", cols[lo].x0, max(c.x1 for c in cols[lo:hi + 1]), 1.0)
    return (*cols[:lo], whole, *cols[hi + 1:])


def _infer_kinds(block: list[Row], grid: Grid, ctx: TableCtx, product_triple) -> list[str] | None:
    n = len(grid.columns)
    texts: list[list[str]] = [[] for _ in range(n)]
    per_row: list[list[str]] = []
    for row in block:
        cells = ["" for _ in range(n)]
        for w in row.words:
            j = grid.columns.index(grid.column_of(w))
            cells[j] = f"{cells[j]} {w.text}".strip()
        per_row.append(cells)
    numeric: dict[int, list[Decimal | None]] = {}
    for j in range(n):
        values = [cells[j] for cells in per_row]
        texts[j] = [v for v in values if v]
        parsed = [parse_number(v, ctx.loc) if v else None for v in values]
        unparsed = sum(1 for v, p in zip(values, parsed) if v and p is None)
        if texts[j] and (unparsed == 0 or (ctx.fuzzy and unparsed == 1 and len(texts[j]) >= 3)):
            numeric[j] = [p[0] if p else None for p in parsed]
    # on a scan one row of three or more may be marred by OCR ("4,24" for "1.24"): it is read under the
    # same columns and does not add up, so it is mended or waits (``line_repair``)
    triple = product_triple(numeric, slips=1 if ctx.fuzzy else 0)
    if triple is None:
        return None
    kinds = ["ignore"] * n
    for name, j in zip(("quantity", "unit_price", "amount"), triple):
        kinds[j] = name
    for j, nums in numeric.items():
        if kinds[j] == "ignore" and [int(x) for x in nums if x is not None] == list(range(1, len(texts[j]) + 1)):
            kinds[j] = "line_no"
    free = [j for j in range(n) if kinds[j] == "ignore" and len(texts[j]) >= max(2, len(block) - 1)]
    units = [j for j in free if all(unit_code(v, ctx.spec.units) for v in texts[j])]
    if units:
        kinds[units[0]] = "uom"
    rest = [j for j in free if kinds[j] == "ignore"]
    codes = [j for j in rest if _codes(texts[j], ctx.fuzzy)]
    if codes:
        kinds[codes[0]] = "customer_item"
    words = [j for j in rest if j not in codes]
    if words:
        kinds[max(words, key=lambda j: sum(len(v.split()) for v in texts[j]))] = "description"
    return kinds if {"customer_item", "description"} & set(kinds) else None


CODE = re.compile(r"(?=.*\d)[\w./#-]{3,30}")


def _codes(values: list[str], fuzzy: bool) -> bool:
    """Every value of the column is shaped like an item code; on a scan one of three or more may be
    marred by OCR ("FP~9285"): the master data then finds no such item and the line waits."""
    misses = sum(not CODE.fullmatch(v) for v in values)
    return misses == 0 or (fuzzy and len(values) >= 3 and misses == 1
                           and all(len(v.split()) == 1 for v in values))


def product_triple(numeric: dict[int, list[Decimal | None]], slips: int = 0) -> tuple[int, int, int] | None:
    """Columns (quantity, unit price, amount) whose first two multiply to the third on every row
    where all three are filled (two rows at least; ``slips``: rows of three or more that may fail);
    quantity is the whole-numbered one, else the left."""
    best = None
    for a, amounts in numeric.items():
        for x in numeric:
            for y in numeric:
                if len({a, x, y}) < 3 or x > y:
                    continue
                pairs = [(numeric[x][i], numeric[y][i], amounts[i]) for i in range(len(amounts))]
                filled = [t for t in pairs if None not in t]
                full = [t for t in filled if abs(t[0] * t[1] - t[2]) <= Decimal("0.011")]
                allowed = slips if len(pairs) >= 3 else 0
                if len(full) < 2 or len(filled) - len(full) > allowed:
                    continue
                if any(all(v == 0 for v in t) for t in full):
                    continue
                whole_x = all(q == q.to_integral_value() for q, _p, _m in full)
                whole_y = all(p == p.to_integral_value() for _q, p, _m in full)
                qty, price = (y, x) if whole_y and not whole_x else (x, y)
                candidate = (qty, price, a)
                if best is None or a > best[2]:  # the amount is the rightmost such column
                    best = candidate
    return best
