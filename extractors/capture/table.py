"""The line table of an order: header row, column boundaries, item rows, continuation rows,
carried-forward rows, page breaks, and the total that closes the table.

A header row is a row where labels of at least ``min_kinds`` column kinds appear (one of them a
quantity, price or amount). The rows under it, down to a total/end row, a page end or a wide
vertical gap, form a *block*. Column boundaries are then placed between neighbouring headers
where the fewest words of the block cross (the widest free gap), so long descriptions,
right-aligned numbers and centred headers all land in their own column. A row with a quantity is
an item; a row with only text under the text columns continues the item above (second
description line, wrapped position number); "Report"/"Übertrag" rows are skipped. A page without
a repeated header goes on with the previous page's columns if its first row reads as an item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from extractors.capture.labels import LabelIndex
from extractors.capture.layout_spec import NUMERIC_KINDS, LayoutSpec
from extractors.locale_values import DocLocale, parse_number
from extractors.units import unit_code, unit_word
from extractors.capture.value_columns import free_gaps, value_bounds
from extractors.capture.words import Row, Word, typical_height

BLOCK_GAP = 4.5  # word heights of empty space that end a block...
PITCHES = 2.2  # ...or this many times the block's usual row pitch, if larger
COLUMN_GAP = 0.6  # word heights: narrower free gaps are spaces between words, not columns


TEXT_CELL_KINDS = ("line_no", "code", "customer_item", "supplier_item", "gtin", "description")
RESUME_ROWS = 12  # rows at the top of a page searched for the first item of a continued table


@dataclass(frozen=True)
class Column:
    kind: str
    x0: float  # header extent
    x1: float
    score: float  # header label match: 1.0 exact, 0.85 one OCR edit


@dataclass(frozen=True)
class Grid:
    """Columns left to right and the x of the boundary between each neighbouring pair."""

    columns: tuple[Column, ...]
    bounds: tuple[float, ...]

    def column_of(self, word: Word) -> Column:
        centre = (word.x0 + word.x1) / 2
        for col, bound in zip(self.columns, self.bounds):
            if centre < bound:
                return col
        return self.columns[-1]

    def kinds(self) -> set[str]:
        return {c.kind for c in self.columns}


@dataclass
class LineCells:
    """The words of one item per column kind, continuation rows appended."""

    cells: dict[str, list[Word]]
    header_score: dict[str, float]
    last_row: Row


@dataclass(frozen=True)
class TotalFound:
    value: Decimal
    strength: float
    words: tuple[Word, ...]
    rank: int  # position of its label in the spec's total list (0 = best)


@dataclass
class TableResult:
    lines: list[LineCells] = field(default_factory=list)
    totals: list[TotalFound] = field(default_factory=list)
    header_found: bool = False
    unread: list[Row] = field(default_factory=list)  # rows with a number under a number column, not read


@dataclass(frozen=True)
class _Ctx:
    spec: LayoutSpec
    loc: DocLocale
    fuzzy: bool
    header: LabelIndex
    end: LabelIndex
    skip: LabelIndex
    total_rank: dict[str, int]


def _context(spec: LayoutSpec, loc: DocLocale, fuzzy: bool) -> _Ctx:
    t = spec.table
    return _Ctx(spec, loc, fuzzy, LabelIndex((c.kind, h) for c in t.columns for h in c.headers),
                LabelIndex([("total", lab) for lab in t.total] + [("end", lab) for lab in t.end]),
                LabelIndex(("skip", lab) for lab in t.skip), {lab: i for i, lab in enumerate(t.total)})


def find_lines(rows: list[Row], spec: LayoutSpec, loc: DocLocale, fuzzy: bool) -> TableResult:
    """Items and totals of every table block in ``rows`` (all pages, top to bottom); when no header
    row names the columns, the columns that the item rows' values give (``infer_grid``)."""
    ctx = _context(spec, loc, fuzzy)
    result = _scan(rows, ctx, None)
    if result.header_found or result.lines or fuzzy:
        return result
    seed = infer_grid(rows, ctx)
    return _scan(rows, ctx, seed) if seed else result


def _scan(rows: list[Row], ctx: _Ctx, seed: tuple[int, Grid] | None) -> TableResult:
    result = TableResult()
    grid: Grid | None = None
    open_table, i = False, 0
    while i < len(rows):
        columns = _header_columns(rows[i], ctx)
        start = i + 1 if columns else None
        stacked, below = _stacked_header(rows, i, ctx)
        if stacked and len(stacked) > len(columns or ()):
            columns, start = stacked, below + 1
        if seed and i == seed[0]:
            columns, start, grid = None, i, seed[1]
            result.header_found = True
        if columns is None and grid and open_table and i and rows[i].page != rows[i - 1].page:
            while i < len(rows) - 1 and result.lines and _carried_over(rows[i], grid, result.lines[-1]):
                i += 1  # the end of the last item's description, wrapped onto the new page
            start = _resume(rows, i, grid, ctx)
        if start is None and result.header_found and _detached_header(rows[i], ctx):
            block, last, _ = _block(rows, i + 1, ctx)  # columns printed apart (a sheet's second page)
            result.unread.extend(r for r in block if any(c.isdigit() for c in r.text))
            i = max(i + 1, last + 1)
            continue
        if start is None:
            if result.header_found:
                _read_total(rows, i, result, grid, ctx)
            i += 1
            continue
        block, last, ended = _block(rows, start, ctx)
        if columns:
            bounds = _ruled_bounds(columns, rows[i]) if rows[i].cells else None
            grid = Grid(tuple(columns), bounds or _boundaries(columns, block))
            result.header_found = True
        assert grid is not None
        _read_block(block, grid, result, ctx)
        open_table = not ended
        i = max(i + 1, last + 1 if not ended else last)
        if ended:
            _read_total(rows, last, result, grid, ctx)
            i = last + 1
    if not result.header_found and not result.lines:
        _read_cards(rows, result, ctx)
    return result


CARD = 0.97  # a line read from a card of "label: value" lines rather than from a table row


def _read_cards(rows: list[Row], result: TableResult, ctx: _Ctx) -> None:
    """Items printed as cards (web shops, portals): a row with a quantity label and its number
    ("Ballpoint pen blue  Qty: 250 PK  $975.00"), the name before it, the line amount after its
    unit; the lines under it up to the next such row or a total ("Item # SKU-1002",
    "Unit price: $3.90") belong to the same item. A card whose quantity row starts with its label
    takes its name from the lines just above it ("Ramette papier A4" / "Réf. OF-10231" /
    "Quantité : 1 000 paquet")."""
    lines: list[LineCells] = []
    attached: set[int] = set()
    gross = False
    for i, row in enumerate(rows):
        anchor = _card_anchor(row, ctx)
        if anchor is not None:
            if "description" not in anchor and (lead := _card_lead(rows, i, attached, ctx)):
                anchor["description"] = [w for r in lead for w in r.words]
            lines.append(LineCells(anchor, {k: CARD for k in anchor}, row))
            attached.add(i)
            continue
        if not lines or _is_end(row, ctx):
            kinds = {h.kind for h in ctx.end.segment(row.words, ctx.fuzzy)}
            if lines and "total" in kinds and not gross:
                _read_total(rows, i, result, None, ctx)
            gross = gross or (bool(lines) and kinds == {"end"})  # after "Tax": totals with tax
            continue
        last = lines[-1].last_row
        if row.page != last.page or row.y0 - last.y1 > 1.6 * typical_height(row.words):
            continue
        attached.add(i)
        hits = [h for h in ctx.header.segment(row.words, ctx.fuzzy) if h.start == 0]
        kind = hits[0].kind if hits else None
        value = _card_number(list(row.words[hits[0].end:]), ctx) if kind in ("unit_price", "amount") else None
        if value:
            lines[-1].cells.setdefault(kind, []).extend(value)  # type: ignore[arg-type]
        else:
            lines[-1].cells.setdefault("description", []).extend(row.words)
        lines[-1].last_row = row
    for line in lines:
        line.header_score.update({k: CARD for k in line.cells})
        if _number(line.cells.get("quantity"), ctx) and line.cells.get("description"):
            result.lines.append(line)
        else:
            result.unread.append(line.last_row)


def _card_lead(rows: list[Row], i: int, attached: set[int], ctx: _Ctx) -> list[Row]:
    """The rows right above a card's quantity row, touching one another, that no card took."""
    lead: list[Row] = []
    below = rows[i]
    for j in range(i - 1, max(i - 4, -1), -1):
        row = rows[j]
        if j in attached or row.page != below.page or below.y0 - row.y1 > 1.6 * typical_height(row.words) \
                or _is_end(row, ctx) or _numeric_phrases(row, ctx):
            break
        lead.insert(0, row)
        below = row
    return lead


def _card_number(words: list[Word], ctx: _Ctx) -> list[Word] | None:
    """The words of a card's price or amount after its label, a trailing tax word dropped
    ("2,40 € HT", "$3.90 excl. tax")."""
    words = [w for w in words if w.text != ":"]
    for end in range(len(words), 0, -1):
        if _number(words[:end], ctx) is not None:
            return words[:end]
    return None


def _card_anchor(row: Row, ctx: _Ctx) -> dict[str, list[Word]] | None:
    """The cells of a card's quantity row: name, quantity (its thousands groups: "1 000"), unit
    words, the amount after them."""
    for hit in ctx.header.segment(row.words, ctx.fuzzy):
        if hit.kind != "quantity" or hit.end >= len(row.words) or hit.end == hit.start:
            continue
        if not row.words[hit.end - 1].text.endswith(":") and row.words[hit.end].text != ":" and hit.start:
            continue  # "Qty: 12" or a row starting "Qty 12": not a word "quantity" inside a sentence
        after = [w for w in row.words[hit.end:] if w.text != ":"]
        if not after or not any(c.isdigit() for c in after[0].text):
            return None
        size = 1
        while size < len(after) and re.fullmatch(r"\d{3}(?:[.,]\d+)?", after[size].text) \
                and _number(after[:size + 1], ctx) is not None:
            size += 1  # "1 000": a thousands group after the first digits
        cells: dict[str, list[Word]] = {"quantity": after[:size]}
        rest = after[size:]
        units = []
        while rest and unit_word(rest[0].text, ctx.spec.units):
            units.append(rest.pop(0))
        if units:
            cells["uom"] = units
        if rest and _number(rest, ctx) is not None:
            cells["amount"] = rest
        elif rest:
            return None
        if hit.start:
            cells["description"] = list(row.words[:hit.start])
        return cells
    return None


def _numeric_phrases(row: Row, ctx: _Ctx) -> int:
    return sum(parse_number(p.text, ctx.loc) is not None for p in row.phrases)


def _item_like(row: Row, ctx: _Ctx) -> bool:
    """Two numbers or more and a phrase of letters: the shape of an order line."""
    return _numeric_phrases(row, ctx) >= 2 and any(
        sum(c.isalpha() for c in p.text) >= 3 and parse_number(p.text, ctx.loc) is None for p in row.phrases)


def infer_grid(rows: list[Row], ctx: _Ctx) -> tuple[int, Grid] | None:
    """Columns whose header words are missing or unknown, from the values of the item rows: the
    first run of rows shaped like order lines, split at the gaps of its header row (a row of text
    just above it) or of its first row; quantity, unit price and amount are the three number
    columns where quantity x price = amount on every row (``product_triple``), the
    unit the column of unit words, a line number the column counting 1, 2, 3..., the item code the
    column of codes, the description the wordiest text column. None unless the arithmetic holds."""

    for i in range(len(rows) - 1):
        if not (_item_like(rows[i], ctx) and _item_like(rows[i + 1], ctx) and rows[i].page == rows[i + 1].page):
            continue
        above = rows[i - 1] if i else None
        titled = (above is not None and above.page == rows[i].page and len(above.phrases) >= 3
                  and _numeric_phrases(above, ctx) == 0)
        anchor = above if titled and above is not None else rows[i]
        if len(anchor.phrases) < 3:
            return None
        block, _last, _ended = _block(rows, i, ctx)
        block = [r for r in block if _item_like(r, ctx)] or block
        cols = [Column("ignore", p.x0, p.x1, 1.0) for p in anchor.phrases]
        grid = Grid(tuple(cols), _boundaries(cols, block))
        kinds = _infer_kinds(block, grid, ctx, product_triple)
        if kinds is None:
            return None
        named = tuple(Column(k, c.x0, c.x1, 1.0) for k, c in zip(kinds, cols))
        return i, Grid(named, grid.bounds)
    return None


def _infer_kinds(block: list[Row], grid: Grid, ctx: _Ctx, product_triple) -> list[str] | None:
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
        if texts[j] and all(p is not None for v, p in zip(values, parsed) if v):
            numeric[j] = [p[0] if p else None for p in parsed]
    triple = product_triple(numeric)
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
    codes = [j for j in rest if all(re.fullmatch(r"(?=.*\d)[\w./#-]{3,30}", v) for v in texts[j])]
    if codes:
        kinds[codes[0]] = "customer_item"
    words = [j for j in rest if j not in codes]
    if words:
        kinds[max(words, key=lambda j: sum(len(v.split()) for v in texts[j]))] = "description"
    return kinds if {"customer_item", "description"} & set(kinds) else None


def _clipped_titles(words: tuple[Word, ...], ctx: _Ctx) -> tuple[Word, ...]:
    """A title cut at its cell's edge and run into the next one ("EinzelpreiGesamtpreis", a sheet
    exported to PDF): split where the rest is a title and the part before it begins titles of one
    kind only; that part stands for its title."""
    out: list[Word] = []
    for n, w in enumerate(words):
        nxt = words[n + 1] if n + 1 < len(words) else None
        if nxt is not None and nxt.x0 - w.x1 < 0.3 * (w.y1 - w.y0) and (title := ctx.header.completion(w.text)) \
                and ctx.header.find([nxt], 0, False):
            out.append(Word(title, w.x0, w.y0, w.x1, w.y1, w.conf, w.page))  # cut short by the next title
            continue
        text, split, title = w.text, None, None
        for cut in range(6, len(text) - 3):
            head, tail = text[:cut], text[cut:]
            if tail[:1].isupper() and ctx.header.find([Word(tail, 0, 0, 1, 1, 1.0, w.page)], 0, False) \
                    and (title := ctx.header.completion(head)):
                split = cut
                break
        if split is None or title is None:
            out.append(w)
            continue
        x = w.x0 + (w.x1 - w.x0) * split / len(text)
        out += [Word(title, w.x0, w.y0, x, w.y1, w.conf, w.page), Word(text[split:], x, w.y0, w.x1, w.y1, w.conf, w.page)]
    return tuple(out)


def _header_columns(row: Row, ctx: _Ctx) -> list[Column] | None:
    words = _clipped_titles(row.words, ctx)
    if words != row.words:
        row = Row(row.page, words, row.phrases, row.cells)
    hits = ctx.header.segment(row.words, ctx.fuzzy)
    kinds = {h.kind for h in hits if h.kind not in ("ignore", "discount", "price_basis")}
    if (len(kinds) < ctx.spec.table.min_kinds and not _titles_only(row, hits, kinds)) or not kinds & NUMERIC_KINDS:
        return None
    if not kinds & {"code", "customer_item", "supplier_item", "gtin", "description"}:
        return None
    cols, seen = [], set()
    for h in hits:
        kind = "ignore" if h.kind in seen else h.kind
        seen.add(h.kind)
        words = row.words[h.start:h.end]
        cols.append(Column(kind, words[0].x0, max(w.x1 for w in words), h.score))
    cols += _unnamed_cells(row, [w for h in hits for w in row.words[h.start:h.end]])
    return sorted(cols, key=lambda c: c.x0)


def _titles_only(row: Row, hits: list, kinds: set[str]) -> bool:
    """A two-column header of an item and a quantity ("Article | Quantité", an unpriced letter's
    table): two titles apart and nothing else on the row."""
    covered = sum(h.end - h.start for h in hits)
    return len(kinds) == 2 and "quantity" in kinds and covered == len(row.words) and len(row.phrases) == 2


def _unnamed_cells(row: Row, named: list[Word]) -> list[Column]:
    """The cells of a ruled header row whose title is no known column ("Colisage", "Poids"): columns
    to ignore, so their values do not run into the neighbouring column."""
    out = []
    for x0, x1 in row.cells:
        inside = [w for w in row.words if x0 <= (w.x0 + w.x1) / 2 < x1]
        if inside and not any(x0 <= (w.x0 + w.x1) / 2 < x1 for w in named):
            out.append(Column("ignore", inside[0].x0, max(w.x1 for w in inside), 1.0))
    return out


def _stacked_header(rows: list[Row], i: int, ctx: _Ctx) -> tuple[list[Column] | None, int]:
    """A header whose labels wrapped inside their cells ("Unit" over "Price" beside one-line
    labels, centred in their row): the rows just above and below that overlap this one and whose
    words all sit in its gaps join it, the words of one gap stacked side by side. The columns of the
    joined row and the index of the last row it took (``i`` when none joined)."""
    row = rows[i]
    if row.cells or len(row.words) < 2:
        return None, i
    taken: list[Word] = []
    last = i
    for j in (i - 1, i + 1):
        if not 0 <= j < len(rows) or rows[j].page != row.page or rows[j].cells:
            continue
        other = rows[j]
        if other.y0 >= row.y1 or other.y1 <= row.y0 or not all(_in_gap(w, row.words) for w in other.words):
            continue
        taken.extend(other.words)
        last = max(last, j)
    if not taken:
        return None, i
    words = sorted(row.words, key=lambda w: w.x0)
    extra: dict[int, list[Word]] = {}
    for w in sorted(taken, key=lambda w: (w.y0, w.x0)):
        extra.setdefault(sum(1 for h in words if h.x0 < w.x0), []).append(w)
    merged = Row(row.page, tuple(w for k, h in enumerate(words) for w in (*extra.get(k, ()), h))
                 + tuple(extra.get(len(words), ())))
    columns = _header_columns(merged, ctx)
    return (columns, last) if columns else (None, i)


def _in_gap(word: Word, words: tuple[Word, ...]) -> bool:
    return not any(w.x0 < word.x1 and word.x0 < w.x1 for w in words)


def _detached_header(row: Row, ctx: _Ctx) -> bool:
    """Column headers of the line table with no item column ("Line Total  Delivery" alone):
    the rest of the table printed apart, whose rows cannot be joined to their items."""
    kinds = {h.kind for h in ctx.header.segment(row.words, ctx.fuzzy) if h.kind != "ignore"}
    return len(kinds) >= 2 and bool(kinds & NUMERIC_KINDS) and _header_columns(row, ctx) is None


def _block(rows: list[Row], start: int, ctx: _Ctx) -> tuple[list[Row], int, bool]:
    """Rows from ``start`` to the end of a table block: (rows, index of the last row looked at,
    whether an end/total row closed it; then that row is ``last``)."""
    block: list[Row] = []
    i = start
    unit = typical_height(rows[start - 1].words) if start > 0 else 10.0
    while i < len(rows):
        row = rows[i]
        prev = block[-1] if block else rows[start - 1]
        if (row.page != prev.page and block) or (
                row.page == prev.page and row.y0 - prev.y1 > max(BLOCK_GAP * unit, PITCHES * _pitch(block))):
            return block, i - 1, False  # (a table resumed at the top of a new page starts there)
        if _is_end(row, ctx) and not _looks_like_item(row):
            return block, i, True
        block.append(row)
        i += 1
    return block, i - 1, False


def _pitch(block: list[Row]) -> float:
    steps = sorted(b.y0 - a.y0 for a, b in zip(block, block[1:]) if b.y0 > a.y0)
    return steps[len(steps) // 2] if steps else 0.0


def _is_end(row: Row, ctx: _Ctx) -> bool:
    return any(h.kind in ("total", "end") for h in ctx.end.segment(_label_words(row), ctx.fuzzy))


def _label_words(row: Row) -> list[Word]:
    """The row's words, a ruled cell's text split at its spaces ("TOTAL USD" is two words)."""
    return spaced_words(list(row.words)) if row.cells else list(row.words)


def _looks_like_item(row: Row) -> bool:
    """An item whose description says "Total" stays an item: it has several numbers."""
    numbers = sum(1 for p in row.phrases if any(c.isdigit() for c in p.text))
    return numbers >= 3 and len(row.phrases) >= 4


def _boundaries(cols: list[Column], block: list[Row]) -> tuple[float, ...]:
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


def _ruled_bounds(cols: list[Column], header: Row) -> tuple[float, ...] | None:
    """Between two headers of a ruled header row: the rule between their cells."""
    out = []
    for a, b in zip(cols, cols[1:]):
        edge = next((x0 for x0, x1 in header.cells if x0 - 1 <= b.x0 <= x1 and x0 >= a.x0 - 1), None)
        if edge is None:
            return None
        out.append(edge)
    return tuple(out)


def _cells(row: Row, grid: Grid) -> dict[str, list[Word]]:
    cells: dict[str, list[Word]] = {}
    for w in row.words:
        col = grid.column_of(w)
        if col.kind != "ignore":
            cells.setdefault(col.kind, []).append(w)
    unit_cell = cells.get("uom")
    if "quantity" in grid.kinds() and "quantity" not in cells and unit_cell:
        glued = NUMBER_UNIT.match(unit_cell[0].text)  # "2PCE": a right-aligned quantity run into its unit
        if len(unit_cell) > 1 and re.fullmatch(r"\d+(?:[.,]\d+)?", unit_cell[0].text) and unit_code(unit_cell[1].text):
            cells["quantity"], cells["uom"] = unit_cell[:1], unit_cell[1:]  # "3 Stk": a short quantity past its edge
        elif glued and unit_code(glued["unit"]) is not None:
            w = unit_cell[0]
            cut = w.x0 + (w.x1 - w.x0) * len(glued["number"]) / len(w.text)
            cells["quantity"] = [Word(glued["number"].strip(), w.x0, w.y0, cut, w.y1, w.conf, w.page)]
            cells["uom"] = [Word(glued["unit"], cut, w.y0, w.x1, w.y1, w.conf, w.page), *unit_cell[1:]]
    return cells


def _number(words: list[Word] | None, ctx: _Ctx) -> Decimal | None:
    if not words:
        return None
    words = spaced_words(words)
    kept = [w for w in words if not unit_word(w.text, ctx.spec.units, known_only=ctx.fuzzy)]
    text = " ".join(w.text for w in (kept or words))  # a lone "l" is more likely 1 than litres
    parsed = parse_number(text, ctx.loc, ocr=ctx.fuzzy)
    if parsed is None and (bare := without_unit(text, ctx)) is not None:
        parsed = parse_number(bare, ctx.loc, ocr=ctx.fuzzy)
    return parsed[0] if parsed else None


def spaced_words(words: list[Word]) -> list[Word]:
    """Words of a ruled cell (one word holding "10 pièces") split at their spaces, boxes shared
    by length."""
    out: list[Word] = []
    for w in words:
        parts = w.text.split()
        if len(parts) < 2:
            out.append(w)
            continue
        step, pos = (w.x1 - w.x0) / max(len(w.text), 1), 0
        for part in parts:
            pos = w.text.index(part, pos)
            start = w.x0 + step * pos
            out.append(Word(part, start, w.y0, start + step * len(part), w.y1, w.conf, w.page))
            pos += len(part)
    return out


NUMBER_UNIT = re.compile(r"^(?P<number>[-+]?\d[\d.,\s\u202f\u00a0]*?)\s*(?P<unit>[^\W\d_][^\W\d_.]*\.?)$")


def without_unit(text: str, ctx: _Ctx) -> str | None:
    """The number of a cell that also holds its unit word ("20 boîtes" in one ruled cell, "36PCE"
    where a right-aligned quantity runs into the unit beside it); None when the rest is no unit."""
    match = NUMBER_UNIT.match(text.strip())
    if match is None or unit_code(match["unit"], ctx.spec.units) is None:
        return None
    return match["number"].strip()


def _is_item(cells: dict[str, list[Word]], grid: Grid, ctx: _Ctx) -> bool:
    kinds = grid.kinds()
    qty = _number(cells.get("quantity"), ctx)
    if "quantity" in kinds and qty is not None and qty <= 0:
        return False
    if "quantity" in kinds and qty is None and not (ctx.fuzzy and _priced_item(cells, ctx)):
        return False
    if "quantity" not in kinds and _number(cells.get("amount"), ctx) is None:
        return False
    priced = [k for k in ("unit_price", "amount") if k in kinds]
    if priced and all(_number(cells.get(k), ctx) is None for k in priced):
        return False
    return any(k in cells for k in ("code", "customer_item", "supplier_item", "gtin", "description"))


def _priced_item(cells: dict[str, list[Word]], ctx: _Ctx) -> bool:
    """OCR: a row with an item code, something in the quantity or unit cell, and a unit price
    and amount that both read as numbers is an item whose quantity was misread (left to
    ``extractors.capture.line_repair`` and the cross-checks), not a row to drop."""
    codes = any(cells.get(k) for k in ("code", "customer_item", "supplier_item", "gtin"))
    return (codes and bool(cells.get("quantity") or cells.get("uom"))
            and _number(cells.get("unit_price"), ctx) is not None
            and _number(cells.get("amount"), ctx) is not None)


def _is_continuation(cells: dict[str, list[Word]], row: Row, result: TableResult, grid: Grid) -> bool:
    """Text under the text columns, or a unit word wrapped under its quantity ("1 000" / "boîtes").
    Not a line of text running across a column boundary, nor a line printed outside the ruled grid
    of the item above: those are notes under the table ("Please deliver to the back door")."""
    if not result.lines or any(_has_digit(cells.get(k)) and not _number_tail(cells.get(k), result.lines[-1], k)
                               for k in NUMERIC_KINDS if k != "quantity"):
        return False  # a price or amount cell holding only "€" or the last digits of a wrapped amount
    if any(unit_code(w.text) is None for w in (*cells.get("quantity", ()), *cells.get("uom", ()))):
        return False  # only a unit word: a sentence across the columns, a subtotal's label, is no continuation
    last = result.lines[-1].last_row
    unit = typical_height(row.words)
    if (last.cells and not row.cells) or _across_columns(row, grid):
        return False
    return (last.page == row.page and row.y0 - last.y1 < 1.6 * unit
            and all(k in TEXT_CELL_KINDS or k in NUMERIC_KINDS or k == "uom" for k in cells))


def _number_tail(words: list[Word] | None, line: LineCells, kind: str) -> bool:
    """The last digits of the item's price or amount, wrapped in a narrow cell ("€3,450.0" / "0")."""
    above = line.cells.get(kind)
    return (bool(words) and bool(above) and len(words) == 1 and re.fullmatch(r"\d{1,3}", words[0].text) is not None
            and re.search(r"[.,]\d{0,2}$", above[-1].text) is not None)


def _has_digit(words: list[Word] | None) -> bool:
    return words is not None and any(c.isdigit() or c.isalpha() for w in words for c in w.text)


def _across_columns(row: Row, grid: Grid) -> bool:
    """A phrase (words at ordinary spacing) of an unruled row that crosses a column boundary: a
    wrapped cell's line stays inside its column."""
    return not row.cells and any(p.x0 < bound < p.x1 and len(p.words) > 1 and _spans(p.words, bound)
                                 for p in row.phrases for bound in grid.bounds)


def _spans(words: tuple[Word, ...], bound: float) -> bool:
    """Words on both sides of ``bound`` in one phrase (not one word printed across it)."""
    return any(w.x1 <= bound for w in words) and any(w.x0 >= bound for w in words)


def _read_block(block: list[Row], grid: Grid, result: TableResult, ctx: _Ctx) -> None:
    scores = {c.kind: c.score for c in grid.columns}
    for row in _centred(block, grid, ctx):
        if ctx.skip.find(row.words, 0, ctx.fuzzy) or _skip_inside(row, ctx):
            continue
        cells = _cells(row, grid)
        if _is_item(cells, grid, ctx):
            result.lines.append(LineCells(cells, scores, row))
        elif _is_continuation(cells, row, result, grid):
            line = result.lines[-1]
            for kind, words in cells.items():
                if kind in ("unit_price", "amount") and _number_tail(words, line, kind):
                    last = line.cells[kind][-1]  # the wrapped digits end the number: no space
                    line.cells[kind][-1] = Word(last.text + words[0].text, last.x0, last.y0, max(last.x1, words[0].x1),
                                                words[0].y1, min(last.conf, words[0].conf), last.page)
                    continue
                line.cells.setdefault(kind, []).extend(words)
            line.last_row = row
        elif any(_number(cells.get(k), ctx) is not None for k in NUMERIC_KINDS):
            result.unread.append(row)


def _centred(block: list[Row], grid: Grid, ctx: _Ctx) -> list[Row]:
    """Rows of cells centred vertically: a wrapped cell prints its first lines above the row of
    one-line cells. Such a row, not an item on its own, touching the item row under it (or half a
    line into it) and clearly apart from the row above, joins that item row ("SKU-" over
    "2 Stapler ... 90.00", "Papier ... 1 000" over "5 ramettes ... 24 500,00 €")."""
    out: list[Row] = []
    pending: Row | None = None
    for n, row in enumerate(block):
        if pending is not None:
            row = Row(row.page, pending.words + row.words)
            pending = None
        nxt = block[n + 1] if n + 1 < len(block) else None
        if nxt is not None and _leads(block[n - 1] if n else None, row, nxt) and not _is_item(
                _cells(row, grid), grid, ctx) and _is_item(_cells(Row(row.page, row.words + nxt.words), grid), grid, ctx):
            pending = row
            continue
        out.append(row)
    return out


def _leads(prev: Row | None, row: Row, nxt: Row) -> bool:
    """``row`` sits on ``nxt`` (touching or overlapping it) and clearly apart from ``prev``."""
    unit = typical_height(row.words)
    below = nxt.y0 - row.y1
    if nxt.page != row.page or below > 0.3 * unit or nxt.y1 <= row.y1:
        return False
    return prev is None or prev.page != row.page or row.y0 - prev.y1 > max(below, 0) + 0.3 * unit


def _skip_inside(row: Row, ctx: _Ctx) -> bool:
    return any(ctx.skip.find(p.words, 0, ctx.fuzzy) for p in row.phrases[:3])


def _carried_over(row: Row, grid: Grid, line: LineCells) -> bool:
    """A row at the top of a new page that ends the last item's description there ("CT-12080)"
    after "Granulés absorbants (Réf." at the foot of the page before): words in the description
    column only, the description left open (a bracket not closed, a hyphen at its end). Appended."""
    desc = line.cells.get("description")
    cells = _cells(row, grid)
    if not desc or set(cells) != {"description"} or len(cells["description"]) != len(row.words):
        return False
    text = " ".join(w.text for w in desc)
    if text.count("(") <= text.count(")") and not text.endswith("-"):
        return False
    desc.extend(row.words)
    line.last_row = row
    return True


def _resume(rows: list[Row], i: int, grid: Grid, ctx: _Ctx) -> int | None:
    """On a page without a repeated header: where the table goes on, if it does."""
    page = rows[i].page
    for j in range(i, min(i + RESUME_ROWS, len(rows))):
        if rows[j].page != page:
            return None
        if _header_columns(rows[j], ctx):
            return None
        if _is_item(_cells(rows[j], grid), grid, ctx):
            return j
    return None


def _read_total(rows: list[Row], i: int, result: TableResult, grid: Grid | None, ctx: _Ctx) -> None:
    row = rows[i]
    words = _label_words(row)
    for hit in ctx.end.segment(words, ctx.fuzzy):
        if hit.kind != "total":
            continue
        after = list(words[hit.end:])
        found = _last_number(after, ctx)
        if found is None:
            found = _number_beside(rows, i, words[hit.end - 1], ctx)
        if found is None:
            found = _number_below(rows, i, words[hit.start], ctx)
        if found:
            value, strength, words = found
            conf = min(w.conf for w in words) * hit.score * strength
            result.totals.append(TotalFound(value, conf, tuple(words), ctx.total_rank[hit.label]))
            return


def _last_number(words: list[Word], ctx: _Ctx) -> tuple[Decimal, float, list[Word]] | None:
    """The last number among ``words``, thousands groups included ("1 234,56 EUR")."""
    for start in range(len(words)):
        chunk = words[start:]
        parsed = parse_number(" ".join(w.text for w in chunk), ctx.loc)
        if parsed:
            return parsed[0], parsed[1], [w for w in chunk if any(c.isdigit() for c in w.text)]
    return None


def _number_beside(rows: list[Row], i: int, label: Word, ctx: _Ctx) -> tuple[Decimal, float, list[Word]] | None:
    """The number right of a label on a row printed half a line off it: the amount centred beside a
    label wrapped on two lines ("Zwischensumme" / "(netto)" with "13.160,00 €" between them)."""
    row = rows[i]
    for other in (rows[j] for j in (i + 1, i - 1) if 0 <= j < len(rows)):
        if other.page != row.page or other.y0 >= row.y1 or other.y1 <= row.y0:
            continue
        right = [w for w in other.words if w.x0 > label.x1]
        if right and len(right) == len(other.words) and (found := _last_number(right, ctx)):
            return found
    return None


def _number_below(rows: list[Row], i: int, label: Word, ctx: _Ctx) -> tuple[Decimal, float, list[Word]] | None:
    for row in rows[i + 1: i + 3]:
        if row.page != label.page:
            return None
        right = [w for w in row.words if w.x0 >= label.x0 - 2 * label.height]
        found = _last_number(right, ctx) if right else None
        if found:
            return found
    return None


def product_triple(numeric: dict[int, list[Decimal | None]]) -> tuple[int, int, int] | None:
    """Columns (quantity, unit price, amount) whose first two multiply to the third on every row
    where all three are filled (two rows at least); quantity is the whole-numbered one, else the left."""
    best = None
    for a, amounts in numeric.items():
        for x in numeric:
            for y in numeric:
                if len({a, x, y}) < 3 or x > y:
                    continue
                pairs = [(numeric[x][i], numeric[y][i], amounts[i]) for i in range(len(amounts))]
                full = [t for t in pairs if None not in t]
                if len(full) < 2 or any(abs(q * p - m) > Decimal("0.011") for q, p, m in full):
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
