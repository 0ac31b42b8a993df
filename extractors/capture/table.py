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
from decimal import Decimal

from extractors.capture.cards import read_cards
from extractors.capture.crossed_cells import crossing_quantity
from extractors.capture.inferred_grid import infer_grid
from extractors.capture.item_codes import CODE_LABEL, PARTY_LABEL, item_code_shape
from extractors.capture.layout_spec import NUMERIC_KINDS, LayoutSpec
from extractors.capture.table_bounds import column_bounds, ruled_bounds, table_block
from extractors.capture.table_cells import (TEXT_CELL_KINDS, Column, Grid, LineCells, TableResult, TableCtx,
                                            cell_number, is_end, row_cells, table_context)
from extractors.capture.table_header import (detached_header, header_columns, stacked_header, stacked_money_titles,
                                             wrapped_header)
from extractors.capture.side_tables import TITLE_ROWS, side_title
from extractors.capture.tiered_header import tiered_header
from extractors.capture.table_totals import charge_row, read_adjustment, read_titled_total, read_total, read_totals_row
from extractors.capture.words import Row, Word, typical_height
from extractors.locale_values import DocLocale
from extractors.units import unit_code

MONEY = re.compile(r"-?[€$£]?\s?\d{1,3}(?:[.,'\u202f\xa0 ]?\d{3})*[.,]\d{2}\s?[€$£]?")  # "16,80", "2.220,00", "$1,249.00"
# columns where a money-looking word is no price left unnamed (anything else: an unnamed or misnamed price)
UNNAMED_MONEY_SKIP = frozenset({"unit_price", "amount", "quantity", "description", "discount", "price_basis"})
RESUME_ROWS = 12  # rows at the top of a page searched for the first item of a continued table


def find_lines(rows: list[Row], spec: LayoutSpec, loc: DocLocale, fuzzy: bool) -> TableResult:
    """Items and totals of every table block in ``rows`` (all pages, top to bottom); when no header
    row names the columns, the columns that the item rows' values give (``infer_grid``)."""
    ctx = table_context(spec, loc, fuzzy)
    rows = [r for r in rows if not typed_rule(r)]
    result = _scan(rows, ctx, None)
    if result.header_found or result.lines:
        return result
    seed = infer_grid(rows, ctx)
    return _scan(rows, ctx, seed) if seed else result


def typed_rule(row: Row) -> bool:
    """A rule typed with characters under a fixed-width print's header or above its total ("----- ------",
    "======"): no item, no continuation of the item under or over it."""
    text = row.text.replace(" ", "")
    return len(text) >= 3 and set(text) <= RULE_CHARS


RULE_CHARS = frozenset("-=_—–*+|")


def _inside_description(row: Row, grid: Grid) -> bool:
    """Every word of ``row`` lies in the open table's description column: a description's wrapped line whose words
    happen to be titles ("... our PO number and cost"), not a new header."""
    span = grid.span_of("description")
    return span is not None and all(span[0] <= (w.x0 + w.x1) / 2 <= span[1] for w in row.words)


def _scan(rows: list[Row], ctx: TableCtx, seed: tuple[int, Grid] | None) -> TableResult:
    result = TableResult()
    grid: Grid | None = None
    open_table, i = False, 0
    closed: int | None = None  # the page of the row that ended the table
    while i < len(rows):
        columns, start = _header_at(rows, i, ctx)
        if columns and grid is not None and open_table and _inside_description(rows[i], grid):
            columns, start = None, None  # "labelled with our PO number and cost": a wrapped description, no header
        if columns and start is not None and start > i + 1:
            later, _ = _header_at(rows, i + 1, ctx)
            if later and (_named(later), _priced(later)) > (_named(columns), _priced(columns)):
                columns, start = None, None  # a title's first line read as a row of its own: the header is the next row's
        if seed and i == seed[0]:
            columns, start, grid = None, i, seed[1]
            result.header_found = True
        if columns is None and grid and open_table and i and rows[i].page != rows[i - 1].page:
            page, cut = rows[i].page, bool(result.lines) and _cut_at_page_end(rows, result.lines[-1])
            while i < len(rows) - 1 and result.lines and (_carried_over(rows[i], grid, result.lines[-1]) or (
                    cut and rows[i].page == page and (_running_title(rows, i) or
                                                      _tail_of_cut_row(rows[i], grid, result.lines[-1])))):
                i += 1  # the end of the last item's description, wrapped or cut onto the new page
            if rows[i].page == rows[i - 1].page and _header_at(rows, i, ctx)[0]:
                continue  # a repeated header under the rows passed over (a running title): read as a header
            start = _resume(rows, i, grid, ctx)
            if start is None:  # an item further down the page, the table not found again: never dropped
                result.unread.extend(_items_on_page(rows, i, grid, ctx))
            if start is not None and result.lines:  # the last item's dating sub-row, carried onto this page (SAP's
                for r in rows[i:start]:  # "Lieferdatum: T 04.01.2027" under the page's top rows)
                    if _position_date(r, result, ctx):
                        break
            if start is not None:  # rows passed over before the first item of the page: none priced is lost
                result.unread.extend(r for r in rows[i:start] if _priced_row(row_cells(r, grid), ctx)
                                     and not (ctx.skip.find(r.words, 0, ctx.fuzzy) or _skip_inside(r, ctx)))
        if start is None and result.header_found and (detached_header(rows[i], ctx) or _apart_column(rows, i, result, ctx)):
            block, last, ended = table_block(rows, i + 1, ctx)  # columns printed apart (a sheet's second page)
            values = [r for r in block if any(c.isdigit() for c in r.text)]
            result.unread.extend(values)
            if values:
                result.apart.append(rows[i])
            if ended:
                read_total(rows, last, result, grid, ctx)
            i = max(i + 1, last + 1)
            continue
        if start is None:
            if result.header_found and (result.totals or result.lines) \
                    and read_totals_row(rows, i, result, grid, ctx, adjustments=True):
                pass  # "Netto 131,70  MwSt 25,02  Brutto 156,72": a totals block on one row, read part by part
            elif result.header_found:
                found = len(result.totals)
                read_total(rows, i, result, grid, ctx)
                if len(result.totals) == found and (result.totals or result.lines):  # the totals block
                    read_adjustment(rows, i, result, ctx, priced=not result.totals)
                    # items under a total that ended the table, or past a page break of a table never ended nor
                    # found again (its header passed over): never dropped
                    if grid is not None and _item_after_total(rows, i, grid, result, ctx,
                                                              rows[i].page if open_table else closed):
                        result.unread.append(rows[i])
            i += 1
            continue
        if columns and open_table and grid is not None and result.lines and _header_on_top(rows, i, result.lines[-1]) \
                and _cut_at_page_end(rows, result.lines[-1]):
            # under the repeated header: the end of the row the page break cut, peeled before the block and its end
            # are decided ("Total length 3 m", "Summe aller Abrufe: 36 Boxen" in the description column is no total)
            while start < len(rows) - 1 and rows[start].page == rows[i].page \
                    and _tail_of_cut_row(rows[start], grid, result.lines[-1]):
                start += 1
        block, last, ended = table_block(rows, start, ctx)
        side = side_title(rows, i, result.lines[-1].last_row) if columns and result.lines else None
        if columns and side is not None:
            read = TableResult()
            _read_block(block, Grid(tuple(columns), column_bounds(columns, block)), read, ctx)
            result.side.append((side[0], len(read.lines), side[1]))
            if side[1]:  # "For information only", "Letzte Lieferungen": its rows are no ordered items
                above = [r for r in rows[max(0, i - TITLE_ROWS):i]
                         if r.page == rows[i].page and r.text.strip() and r.text.strip() in side[0]]
                result.side_rows.extend([*above, rows[i], *block])
                i = max(i + 1, last + 1)
                continue
        if columns:
            bounds = ruled_bounds(columns, rows[i]) if rows[i].cells else None
            grid = Grid(tuple(columns), bounds or column_bounds(columns, block))
            result.header_found = True
        assert grid is not None
        if columns and open_table and result.lines and _header_on_top(rows, i, result.lines[-1]) \
                and _cut_at_page_end(rows, result.lines[-1]):
            while block and _tail_of_cut_row(block[0], grid, result.lines[-1]):
                block = block[1:]  # under the repeated header: the end of the row the page break cut
        _read_block(block, grid, result, ctx)
        open_table = not ended
        i = max(i + 1, last + 1 if not ended else last)
        if ended:
            closed = rows[last].page
            if not read_totals_row(rows, last, result, grid, ctx, adjustments=True):
                read_total(rows, last, result, grid, ctx)
            i = last + 1
    if not result.lines:  # no table row: cards, even when a card's row names columns ("Qté : 20 PAQ — Réf. X Total : …")
        cards = TableResult(header_found=result.header_found)
        read_cards(rows, cards, ctx)
        if cards.lines or not result.header_found:
            return cards
    return result


def _apart_column(rows: list[Row], i: int, result: TableResult, ctx: TableCtx) -> bool:
    """A price or amount title alone on its row, on a page after the table's items, over rows of
    money only ("Line Total" over "£258.00", "£185.00"): a column of a wide sheet printed apart."""
    row = rows[i]
    hits = ctx.header.segment(row.words, ctx.fuzzy)
    if not result.lines or result.lines[-1].last_row.page >= row.page or len(hits) != 1 \
            or hits[0].kind not in ("unit_price", "amount") or hits[0].end - hits[0].start != len(row.words):
        return False
    below = rows[i + 1:i + 3]
    return len(below) == 2 and all(r.page == row.page and all(MONEY.fullmatch(w.text) for w in r.words) for r in below)


def _named(columns: list[Column]) -> int:
    return len({c.kind for c in columns} - {"ignore"})


def _priced(columns: list[Column]) -> int:
    """Price and amount columns named: "Unit" over "price" names a price, not a unit column."""
    return len({c.kind for c in columns} & {"unit_price", "amount"})


SHOP_QUANTITY = re.compile(r"(?:^|\s)×\s?(?P<qty>\d{1,6})$")  # "Toner black × 2", a web shop's item cell


def shop_quantity(words: list[Word] | None) -> tuple[int, int] | None:
    """The quantity a web shop prints after the item's name ("Toner black × 2", "× 12" as the last
    words of the item cell's first line): (index of the "×" word, quantity)."""
    if not words:
        return None
    first = [w for w in words if w.y0 < words[0].y1 - 1 and w.page == words[0].page]
    text = " ".join(w.text for w in first)
    found = SHOP_QUANTITY.search(text)
    if found is None or int(found["qty"]) <= 0:
        return None
    at = next(n for n in range(len(first) - 1, -1, -1) if "×" in first[n].text)
    return at, int(found["qty"])


def _shop_grid(kinds: set[str]) -> bool:
    """An item and one money column, no quantity column: a web shop's "Product | Price"."""
    return "quantity" not in kinds and len(kinds - {"ignore"}) == 2 and len(kinds & {"unit_price", "amount"}) == 1


def _is_item(cells: dict[str, list[Word]], grid: Grid, ctx: TableCtx) -> bool:
    kinds = grid.kinds()
    if _shop_grid(kinds):
        item = next((cells[k] for k in ("description", "code", "customer_item", "supplier_item") if cells.get(k)), None)
        money = next(k for k in ("unit_price", "amount") if k in kinds)
        return shop_quantity(item) is not None and cell_number(cells.get(money), ctx) is not None
    qty = cell_number(cells.get("quantity"), ctx)
    if "quantity" in kinds and qty is not None and qty <= 0:
        return False
    if "quantity" in kinds and qty is None and not (ctx.fuzzy and _priced_item(cells, ctx)):
        return False
    if "quantity" not in kinds and cell_number(cells.get("amount"), ctx) is None:
        return False
    priced = [k for k in ("unit_price", "amount") if k in kinds]
    if priced and all(cell_number(cells.get(k), ctx) is None for k in priced) and not _signs_only(cells, priced):
        return False
    return any(k in cells for k in ("code", "customer_item", "supplier_item", "gtin", "description"))


def _signs_only(cells: dict[str, list[Word]], priced: list[str]) -> bool:
    """The price and amount cells hold their currency alone, their numbers wrapped onto the row under ("USD" /
    "32.00": SAP Business One's narrow money cells): an item row, its money read from the row under it."""
    held = [cells[k] for k in priced if cells.get(k)]
    return bool(held) and all(len(ws) == 1 and _MONEY_SIGN.fullmatch(ws[0].text) for ws in held)


def _item_after_total(rows: list[Row], i: int, grid: Grid, result: TableResult, ctx: TableCtx,
                      closed: int | None = None) -> bool:
    """Row ``i``, under the total that closed the table on the same page (the last item's, or ``closed``: the
    page of the row that ended the table, a total-like row under a repeated header), is an item by its cells (a
    code or description, a quantity, money in its price or amount cell; not an adjustment or tax
    of the totals block): the table went on past a total it took for the order's."""
    if not result.lines or rows[i].page not in (result.lines[-1].last_row.page, closed) or is_end(rows[i], ctx):
        return False
    cells = row_cells(rows[i], grid)
    named = any(cells.get(k) for k in ("code", "customer_item", "supplier_item", "gtin", "description"))
    qty = cells.get("quantity")
    return named and bool(qty) and cell_number(qty, ctx) is not None and _priced_row(cells, ctx)


def _priced_row(cells: dict[str, list[Word]], ctx: TableCtx) -> bool:
    """A row with money in its price or amount cell ("8 | 2 box 29.95 59.90" of an item whose code and
    description wrapped onto the rows above and below it): an item's values, never dropped unsaid."""
    return any(cell_number(cells.get(k), ctx) is not None and any(MONEY.fullmatch(w.text.strip(",;")) for w in cells[k])
               for k in ("unit_price", "amount") if cells.get(k))


def _priced_item(cells: dict[str, list[Word]], ctx: TableCtx) -> bool:
    """OCR: a row with an item code, something in the quantity or unit cell, and a unit price
    and amount that both read as numbers is an item whose quantity was misread (left to
    ``extractors.capture.line_repair`` and the cross-checks), not a row to drop."""
    codes = any(cells.get(k) for k in ("code", "customer_item", "supplier_item", "gtin"))
    return (codes and bool(cells.get("quantity") or cells.get("uom"))
            and cell_number(cells.get("unit_price"), ctx) is not None
            and cell_number(cells.get("amount"), ctx) is not None)


def _is_continuation(cells: dict[str, list[Word]], row: Row, result: TableResult, grid: Grid) -> bool:
    """Text under the text columns, or a unit word wrapped under its quantity ("1 000" / "boîtes").
    Not a line of text running across a column boundary, nor a line printed outside the ruled grid
    of the item above: those are notes under the table ("Please deliver to the back door")."""
    if not result.lines or any(_has_digit(cells.get(k)) and not _number_tail(cells.get(k), result.lines[-1], k)
                               and not _sign_above(cells.get(k), result.lines[-1], k)
                               and not _sign_below(cells.get(k), result.lines[-1], k)
                               for k in NUMERIC_KINDS if k != "quantity"):
        return False  # a price or amount cell holding only "€" or the last digits of a wrapped amount
    quantity = [] if _quantity_tail(cells.get("quantity"), result.lines[-1]) else cells.get("quantity", ())
    if any(unit_code(w.text) is None for w in (*quantity, *cells.get("uom", ()))):
        return False  # only a unit word: a sentence across the columns, a subtotal's label, is no continuation
    last = result.lines[-1].last_row
    unit = typical_height(row.words)
    if (last.cells and not row.cells) or _across_columns(row, grid, _code_rest(cells, result.lines[-1])):
        return False
    return (last.page == row.page and row.y0 - last.y1 < 1.6 * unit
            and all(k in TEXT_CELL_KINDS or k in NUMERIC_KINDS or k == "uom" for k in cells))


CODE_KINDS = ("code", "customer_item", "supplier_item", "gtin")
CODE_SHAPE = re.compile(r"[\w./-]*\d[\w./-]*")  # "412052", "AB12": the rest of a code wrapped in its cell


def _position_text(cells: dict[str, list[Word]], row: Row, result: TableResult, grid: Grid, ctx: TableCtx) -> bool:
    """A text row of the position above (SAP's "Liefertermin: 13.12.2026", "Item text: ...", an info record's note,
    printed under the item from its code column on): the item has its code (not wrapped at a hyphen) and its
    description, the row starts in the code column (a row from the position column on is the page's: "Liefertermin:
    17.12.2026" under the table) with a word of text (a small letter, or a
    label's colon) of no code's shape, and holds no price or amount. It is the item's note, not the rest of its code
    or description (nor a line of its own)."""
    if not result.lines or _priced_row(cells, ctx):
        return False
    line = result.lines[-1]
    kind = next((k for k in CODE_KINDS if line.cells.get(k)), None)
    if kind is None or not line.cells.get("description") or not cells.get(kind) \
            or not item_code_shape("".join(w.text for w in line.cells[kind]).strip()):
        return False  # an item cell holding a name ("Staplers"): its next line goes on with it
    if PARTY_LABEL.search(row.text) or CODE_LABEL.search(row.text):
        return False  # "Vendor # PR-1007", "Réf. fournisseur : PR-1004" under the code: the item's other id
    first, text = min(row.words, key=lambda w: w.x0), min(row.words, key=lambda w: w.x0).text.strip()
    span = grid.span_of(kind)
    if span is None or not span[0] <= first.x0 < span[1] or line.cells[kind][-1].text.strip().endswith("-") \
            or CODE_SHAPE.fullmatch(text) or not (any(c.islower() for c in text) or text.endswith(":")):
        return False  # "MR-" over "W", "412052" under "ML-": the code wrapped in its cell; a word of text leads a note
    texts = [r for k, r in result.texts if k == len(result.lines) - 1]
    last, unit = (texts or [line.last_row])[-1], typical_height(row.words)
    return last.page == row.page and row.y0 - last.y1 < 2.5 * unit


def _position_date(row: Row, result: TableResult, ctx: TableCtx) -> bool:
    """A position's text row that dates it ("Liefertermin: 13.12.2026", "Delivery date: January 7, 2027", led by a
    delivery date column's title): the item's requested date, when the item has none yet."""
    line = result.lines[-1]
    words = sorted(row.words, key=lambda w: w.x0)
    hit = ctx.header.find(words, 0, ctx.fuzzy)
    if hit is None or hit.kind != "requested_date" or hit.end >= len(words) or line.cells.get("requested_date") \
            or not any(c.isdigit() for w in words[hit.end:] for c in w.text):
        return False
    line.cells["requested_date"] = list(words[hit.end:])
    line.last_row = row  # the item reaches down to it: its next text row is measured from here
    return True


def position_notes(result: TableResult, line_nos: list[int | None]) -> list[str]:
    """The text rows of the positions as the order's notes, each after the line it belongs to ("line 10:
    Positionstext: bitte auf Paletten liefern"), as an EDI order's line notes are kept."""
    return [f"line {line_nos[k] if line_nos[k] is not None else k + 1}: {row.text}" for k, row in result.texts
            if 0 <= k < len(line_nos)]


def _number_tail(words: list[Word] | None, line: LineCells, kind: str) -> bool:
    """The last digits of the item's price or amount, wrapped in a narrow cell ("€3,450.0" / "0"), or its digits
    after the thousands space ("EUR 1" / "194,00")."""
    above = line.cells.get(kind)
    if bool(words) and bool(above) and len(words) == 1 and re.fullmatch(r"\d{1,3}", above[-1].text) \
            and re.fullmatch(r"\d{3}[.,]\d{2}", words[0].text) and (len(above) == 1 or _MONEY_SIGN.fullmatch(above[-2].text)):
        return True  # "EUR 1" / "194,00": an amount wrapped at its thousands space
    return (bool(words) and bool(above) and len(words) == 1 and re.fullmatch(r"\d{1,3}", words[0].text) is not None
            and re.search(r"[.,]\d{0,2}$", above[-1].text) is not None)


def _quantity_tail(words: list[Word] | None, line: LineCells) -> bool:
    """The digits after a quantity's thousands space wrapped in its narrow cell ("1" / "200,00": SAP Business One's
    French "1 200,00"): the item's quantity cell holds one to three digits alone, this row three digits and their
    decimals alone. The joined quantity is still checked against the price and the amount."""
    above = line.cells.get("quantity")
    return (bool(words) and bool(above) and len(words) == 1 and len(above) == 1
            and re.fullmatch(r"\d{1,3}", above[0].text) is not None
            and re.fullmatch(r"\d{3}(?:[.,]\d{1,3})?", words[0].text) is not None)


_MONEY_SIGN = re.compile(r"[$€£]|USD|EUR|GBP|CHF", re.IGNORECASE)


def _sign_above(words: list[Word] | None, line: LineCells, kind: str) -> bool:
    """The money of an item's price or amount cell wrapped under its currency ("$" / "3,200.00", "USD" / "4.50":
    a browser's narrow cell): the item's cell holds the sign alone, this row one number."""
    above = line.cells.get(kind)
    return (bool(words) and bool(above) and len(words) == 1 and len(above) == 1
            and _MONEY_SIGN.fullmatch(above[0].text) is not None and MONEY.fullmatch(words[0].text) is not None)


def _sign_below(words: list[Word] | None, line: LineCells, kind: str) -> bool:
    """The currency of an item's price or amount wrapped under its number ("6,50" / "EUR": a portal's narrow money
    cell): this row's cell holds the sign alone, the item's ends in a number."""
    above = line.cells.get(kind)
    return (bool(words) and bool(above) and len(words) == 1 and _MONEY_SIGN.fullmatch(words[0].text) is not None
            and any(c.isdigit() for c in above[-1].text))


def _has_digit(words: list[Word] | None) -> bool:
    return words is not None and any(c.isdigit() or c.isalpha() for w in words for c in w.text)


def _across_columns(row: Row, grid: Grid, rest: Word | None = None) -> bool:
    """A phrase (words at ordinary spacing) of an unruled row that crosses a column boundary: a
    wrapped cell's line stays inside its column. ``rest``: the rest of the item's code wrapped at its hyphen,
    printed in the code cell at ordinary spacing before the description's next line ("TK-" / "12057 order
    number"), in no phrase."""
    phrases = [tuple(w for w in p.words if w is not rest) for p in row.phrases]
    return not row.cells and any(words[0].x0 < bound < words[-1].x1 and len(words) > 1 and _spans(words, bound)
                                 for words in phrases if words for bound in grid.bounds)


def _code_rest(cells: dict[str, list[Word]], line: LineCells) -> Word | None:
    """The one word of a row's code cell that is the rest of the item's code wrapped at its hyphen ("TK-" over
    "12057": a narrow unruled code column), else None."""
    kind = next((k for k in CODE_KINDS if line.cells.get(k)), None)
    if kind is None or not line.cells[kind][-1].text.strip().endswith("-") or len(cells.get(kind) or ()) != 1:
        return None
    word = cells[kind][0]
    return word if CODE_SHAPE.fullmatch(word.text) and any(c.isdigit() for c in word.text) else None


def _spans(words: tuple[Word, ...], bound: float) -> bool:
    """Words on both sides of ``bound`` in one phrase (not one word printed across it, nor the part of a
    code wrapped at its hyphen that fills its narrow cell up to the next one: "DESTRU-" | "croisée P-4")."""
    left = [w for w in words if w.x1 <= bound]
    if len(left) == 1 and left[0] is words[0] and re.fullmatch(r"[A-Za-z0-9]+[A-Za-z0-9./]*-", left[0].text.strip()):
        return False
    return bool(left) and any(w.x0 >= bound for w in words)


def _by_column(words: list, grid: Grid) -> list[str]:
    """The words of a row joined column by column ("1 305,00" printed as "1" and "305,00"), the money ones kept."""
    texts: dict[int, list[str]] = {}
    for word in words:
        texts.setdefault(id(grid.column_of(word)), []).append(word.text)
    return [text for text in (" ".join(parts) for parts in texts.values())
            if MONEY.fullmatch(text) or MONEY.fullmatch(text.replace(" ", "").replace("\u202f", ""))]


def _read_block(block: list[Row], grid: Grid, result: TableResult, ctx: TableCtx) -> None:
    scores = {c.kind: c.score for c in grid.columns}
    basis = next((c.basis for c in grid.columns if c.kind == "unit_price"), None)
    rows = _centred(block, grid, ctx)
    for row in rows:
        if ctx.skip.find(row.words, 0, ctx.fuzzy) or _skip_inside(row, ctx):
            # "Transport 18,50": a charge ("Transport" also carries a sum forward, which is the items' sum)
            charge_row(row, row_cells(row, grid), result, ctx, _carried(result, ctx))
            continue
        if row is rows[-1] and result.lines and read_titled_total(row, result, ctx):
            continue  # "Betrag : 40.338,13 €" closing the table
        cells = row_cells(row, grid)
        if _is_item(cells, grid, ctx):
            result.lines.append(LineCells(cells, scores, row, basis))
            _site_words(row, grid, result)
            if (crossed := crossing_quantity(cells, grid)) is not None:
                result.crossed[len(result.lines) - 1] = crossed
            unnamed = [w for w in row.words if grid.column_of(w).kind not in UNNAMED_MONEY_SKIP
                       and MONEY.fullmatch(w.text)]
            money = [w.text for w in unnamed]
            if money:
                result.unnamed_money[len(result.lines) - 1] = money[0]
                result.unnamed_all[len(result.lines) - 1] = money
                amount_x = max((w.x1 for w in row.words if grid.column_of(w).kind == "amount"), default=None)
                if amount_x is not None and (after := _by_column(
                        [w for w in row.words if w.x0 > amount_x and grid.column_of(w).kind not in UNNAMED_MONEY_SKIP],
                        grid)):
                    result.after_amount[len(result.lines) - 1] = after
        elif charge_row(row, cells, result, ctx):
            continue  # "Fracht 24,00" with no quantity: the order's charge, not an item
        elif _position_text(cells, row, result, grid, ctx):
            _position_date(row, result, ctx) or result.texts.append((len(result.lines) - 1, row))
        elif _is_continuation(cells, row, result, grid):
            line = result.lines[-1]
            for kind, words in cells.items():
                if (kind in ("unit_price", "amount") and _number_tail(words, line, kind)) or (
                        kind == "quantity" and _quantity_tail(words, line)):
                    last = line.cells[kind][-1]  # the wrapped digits end the number: no space
                    line.cells[kind][-1] = Word(last.text + words[0].text, last.x0, last.y0, max(last.x1, words[0].x1),
                                                words[0].y1, min(last.conf, words[0].conf), last.page)
                    continue
                line.cells.setdefault(kind, []).extend(words)
            line.last_row = row
            _site_words(row, grid, result)
        elif any(cell_number(cells.get(k), ctx) is not None for k in NUMERIC_KINDS):
            if "amount" not in {c.kind for c in grid.columns} and _catalogue_blank(cells, grid, ctx):
                result.not_filled.append(row)
            elif _not_ordered(cells, grid, ctx):
                result.not_ordered.append(row)
            else:
                result.unread.append(row)
                continue
            if (span := grid.span_of("quantity")) is not None:
                result.quantity_cells[id(row)] = span


def _site_words(row: Row, grid: Grid, result: TableResult) -> None:
    """The words of the row under a store / delivery place title, kept for the last item (store_column)."""
    if result.lines and (words := [w for w in row.words if grid.column_of(w).site]):
        result.sites.setdefault(len(result.lines) - 1, []).extend(words)


def _carried(result: TableResult, ctx: TableCtx) -> Decimal | None:
    """The sum of the amounts of the items read so far (what a "Transport" / "Übertrag" row carries
    forward), None when an amount is not read."""
    amounts = [cell_number(line.cells.get("amount"), ctx) for line in result.lines]
    return sum(amounts, Decimal(0)) if amounts and None not in amounts else None  # type: ignore[arg-type]


def _not_ordered(cells: dict[str, list[Word]], grid: Grid, ctx: TableCtx) -> bool:
    """A row of an order form left blank: the form has quantity and amount columns, the row its code
    or name and its printed price, no digit in its quantity nor its amount cell."""
    kinds = {c.kind for c in grid.columns}
    if not {"quantity", "amount"} <= kinds or cell_number(cells.get("unit_price"), ctx) is None:
        return False
    blank = all(not any(ch.isdigit() for w in cells.get(k) or [] for ch in w.text) for k in ("quantity", "amount"))
    named = any(_has_digit(cells.get(k)) for k in ("code", "supplier_item", "customer_item", "description"))
    return blank and named


def _header_at(rows: list[Row], i: int, ctx: TableCtx) -> tuple[list[Column] | None, int | None]:
    """The columns of a header starting at row ``i`` (one row, labels stacked beside it, or titles
    wrapped onto more lines) and the index of its first item row; (None, None) when none starts there."""
    columns = header_columns(rows[i], ctx)
    start = i + 1 if columns else None
    stacked, below = stacked_header(rows, i, ctx)
    if stacked and len(stacked) > len(columns or ()):
        columns, start = stacked, below + 1
    wrapped, second = wrapped_header(rows, i, ctx)
    if wrapped and ((_named(wrapped), _priced(wrapped)) > (_named(columns or []), _priced(columns or []))
                    or (columns and (_named(wrapped), _priced(wrapped)) == (_named(columns), _priced(columns))
                        and _title_words_under(rows[i], rows[second]))):
        columns, start = wrapped, second + 1  # also "N°" / "article": a title's second word, no new column
    tiered, second = tiered_header(rows, i, ctx)
    if tiered and (_named(tiered), _priced(tiered)) > (_named(columns or []), _priced(columns or [])):
        columns, start = tiered, second + 1  # "Quantity" over "ordered | unit", "Price" over "per unit | total"
    if columns and start is not None:
        columns, start = stacked_money_titles(rows, i, start, columns, ctx)
    return columns, start


def _title_words_under(row: Row, below: Row) -> bool:
    """Each word of ``below`` is a word of letters ("article", "Price", "(LC)") printed under a word of ``row``:
    the second line of titles wrapped in their cells."""
    return all(re.fullmatch(r"\(?[^\W\d_]+\.?\)?", w.text) and any(min(w.x1, t.x1) - max(w.x0, t.x0) > 0 for t in row.words)
               for w in below.words)


def _catalogue_blank(cells: dict[str, list[Word]], grid: Grid, ctx: TableCtx) -> bool:
    """A row of a catalogue order form not filled in (issue 23): a printed list of products with
    their prices and, last or first, a quantity box for the customer to fill in, no amount column; the row
    its item code and printed price, nothing at all read in its quantity cell (a speck or a stroke
    there leaves the row to a person; the page's ink in the cell is looked at, ``blank_cells``)."""
    named = [c for c in grid.columns if c.kind != "ignore"]
    if not named or "quantity" not in (named[0].kind, named[-1].kind) or cell_number(cells.get("unit_price"), ctx) is None:
        return False
    if any(ch.isalnum() for w in cells.get("quantity") or [] for ch in w.text):
        return False
    return any(_has_digit(cells.get(k)) for k in ("code", "supplier_item", "customer_item"))


def _centred(block: list[Row], grid: Grid, ctx: TableCtx) -> list[Row]:
    """Rows of cells centred vertically: a wrapped cell prints its first lines above the row of
    one-line cells. Such a row, not an item on its own, touching the item row under it (or half a
    line into it) and clearly apart from the row above, joins that item row ("SKU-" over
    "2 Stapler ... 90.00", "Papier ... 1 000" over "5 ramettes ... 24 500,00 €")."""
    block = _middle_rows(block, grid, ctx)
    out: list[Row] = []
    pending: Row | None = None
    for n, row in enumerate(block):
        if pending is not None:
            row = Row(row.page, pending.words + row.words)
            pending = None
        nxt = block[n + 1] if n + 1 < len(block) else None
        if nxt is not None and _leads(block[n - 1] if n else None, row, nxt) and not _is_item(
                row_cells(row, grid), grid, ctx) and _is_item(row_cells(Row(row.page, row.words + nxt.words), grid), grid, ctx):
            pending = row
            continue
        out.append(row)
    return out


TIGHT = 0.5  # line heights between two lines of one cell at most; cells of two rows are further apart


def _middle_rows(block: list[Row], grid: Grid, ctx: TableCtx) -> list[Row]:
    """A row of one-line number cells centred on a text cell wrapped over many lines ("TK-" / "12008" beside a
    description of eleven lines, the quantity, price and amount level with its middle): the number row, no item on
    its own, is joined with the text lines above and below it that are one band with it (each line close under the
    one before, the band apart from the rows around it, a code or description cell on both sides)."""
    out, n = list(block), 0
    while n < len(out):
        row = out[n]
        cells = row_cells(row, grid)
        if not cells or not all(k in NUMERIC_KINDS or k == "uom" for k in cells) or _is_item(cells, grid, ctx):
            n += 1
            continue
        unit = typical_height(row.words)
        top, end = n, n + 1
        while top > 0 and _text_line(out[top - 1], grid) and out[top].y0 - out[top - 1].y1 < TIGHT * unit:
            top -= 1
        while end < len(out) and _text_line(out[end], grid) and out[end].y0 - out[end - 1].y1 < TIGHT * unit:
            end += 1
        apart = (top == 0 or out[top].y0 - out[top - 1].y1 >= TIGHT * unit) and \
            (end == len(out) or out[end].y0 - out[end - 1].y1 >= TIGHT * unit)
        joined = Row(row.page, tuple(w for r in out[top:end] for w in r.words))
        if top < n < end - 1 and apart and len({r.page for r in out[top:end]}) == 1 and \
                _is_item(row_cells(joined, grid), grid, ctx):
            out[top:end] = [joined]
            n = top + 1
            continue
        n += 1
    return out


def _text_line(row: Row, grid: Grid) -> bool:
    """A line of a code or description cell only."""
    return bool(row.words) and all(grid.column_of(w).kind in TEXT_CELL_KINDS for w in row.words)


def _leads(prev: Row | None, row: Row, nxt: Row) -> bool:
    """``row`` sits on ``nxt`` (touching or overlapping it) and clearly apart from ``prev``. Its own
    words may reach down to ``nxt``'s foot: the position and code, on the item's middle line, run into
    the row of the description's first line on a slightly skewed fax ("2 LEF-STY10 Stylo" over "4 ...")."""
    unit = typical_height(row.words)
    below = nxt.y0 - row.y1
    if nxt.page != row.page or below > 0.3 * unit or nxt.y1 <= row.y1 - 0.3 * unit:
        return False
    if nxt.cells and not row.cells:
        return False  # a ruled row's cells print inside its rules: the words above them are no part of it
    return prev is None or prev.page != row.page or row.y0 - prev.y1 > max(below, 0) + 0.3 * unit


def _skip_inside(row: Row, ctx: TableCtx) -> bool:
    return any(ctx.skip.find(p.words, 0, ctx.fuzzy) for p in row.phrases[:3])


def _carried_over(row: Row, grid: Grid, line: LineCells) -> bool:
    """A row at the top of a new page that ends the last item's description there ("CT-12080)"
    after "Granulés absorbants (Réf." at the foot of the page before): words in the description
    column only, the description left open (a bracket not closed, a hyphen at its end). Appended."""
    desc = line.cells.get("description")
    cells = row_cells(row, grid)
    if not desc or set(cells) != {"description"} or len(cells["description"]) != len(row.words):
        return False
    text = " ".join(w.text for w in desc)
    if text.count("(") <= text.count(")") and not text.endswith("-"):
        return False
    desc.extend(row.words)
    line.last_row = row
    return True


def _cut_at_page_end(rows: list[Row], line: LineCells) -> bool:
    """The item's last row is the last thing on its page (no total, no text under it): the page break may have cut
    the row, its cells going on at the top of the next page."""
    last = line.last_row
    return not any(r.page == last.page and r.y0 > last.y1 - 1 for r in rows)


def _header_on_top(rows: list[Row], i: int, line: LineCells) -> bool:
    """The header at row ``i`` is repeated at the top of the page after the last item's (only rows that are no
    table's over it: a running title, a letterhead of three or more lines, the page number)."""
    page = rows[i].page
    above = [r for r in rows[:i] if r.page == page]
    # a running title and a carried amount ("Übertrag 1.349,85"), or a letterhead of any number of rows, none of
    # them an item's (no money in it)
    return page == line.last_row.page + 1 and (len(above) <= TOP_ROWS or not any(
        MONEY.fullmatch(w.text.strip(",;")) for r in above for w in r.words))


TOP_ROWS = 2  # rows a page may print over the repeated header whatever they hold (a running title, a carried sum)


def _tail_of_cut_row(row: Row, grid: Grid, line: LineCells) -> bool:
    """A row of the description column alone at the top of the page after an item cut by the page break ("bitte je
    Palette max. 600 Stück" under the repeated header): the end of that item's description (Word and Chromium
    let a table row run over the break; its last lines print on the next page, above the next item). Appended."""
    desc = line.cells.get("description")
    cells = row_cells(row, grid)
    codes = {k for k in cells if k in CODE_KINDS and _cut_code(line, k)}
    if not desc or "description" not in cells or set(cells) - codes != {"description"} \
            or sum(len(words) for words in cells.values()) != len(row.words):
        return False
    for kind, words in cells.items():
        line.cells[kind].extend(words)
    line.last_row = row
    return True


def _cut_code(line: LineCells, kind: str) -> bool:
    """The item's code cell ends open ("SKU-" over the page break, "1005" at the top of the next page): its tail
    may go on there, as a code wrapped in its narrow cell goes on in the row under it."""
    words = line.cells.get(kind)
    return bool(words) and words[-1].text.endswith("-")


def _running_title(rows: list[Row], i: int) -> bool:
    """Row ``i`` is a page's running title (a Word page header, "Müller Bürobedarf GmbH · Bestellung MB-2026-4410"):
    one of the first rows of its page, its text one of the first rows of the page before (a page header prints over
    everything; an item row repeated on the next page is no title)."""
    text, page = rows[i].text.strip(), rows[i].page
    on_top = [r for r in rows if r.page == page][:TOP_ROWS]
    before = [r.text.strip() for r in rows if r.page == page - 1][:TOP_ROWS]  # its first rows, over everything
    return bool(text) and any(r is rows[i] for r in on_top) and text in before


def _items_on_page(rows: list[Row], i: int, grid: Grid, ctx: TableCtx) -> list[Row]:
    """The rows of the page from ``i`` that read as items, down to a header or an end row: the table going on
    further down than ``_resume`` looks."""
    out = []
    for row in rows[i:]:
        if row.page != rows[i].page or header_columns(row, ctx) or is_end(row, ctx):
            break
        if _is_item(row_cells(row, grid), grid, ctx):
            out.append(row)
    return out


def _resume(rows: list[Row], i: int, grid: Grid, ctx: TableCtx) -> int | None:
    """On a page without a repeated header: where the table goes on, if it does."""
    page = rows[i].page
    for j in range(i, min(i + RESUME_ROWS, len(rows))):
        if rows[j].page != page:
            return None
        if header_columns(rows[j], ctx):
            return None
        if _is_item(row_cells(rows[j], grid), grid, ctx):
            return j
    return None
