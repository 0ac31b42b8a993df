"""What the line-table readers share: columns and their grid, an item's cells, totals found, the
result of a page's tables, the reading context (layout spec, locale, label indexes), and reading a
cell's words as a number (thousands groups, a unit word in the same cell)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from extractors.capture.labels import LabelHit, LabelIndex, label_key
from extractors.capture.layout_spec import LayoutSpec
from extractors.capture.words import CutCode, Row, Word
from extractors.locale_values import DocLocale, parse_number
from extractors.units import unit_code, unit_word
from gateway.model import Allowance

TEXT_CELL_KINDS = ("line_no", "code", "customer_item", "supplier_item", "gtin", "description")


@dataclass(frozen=True)
class Column:
    kind: str
    x0: float  # header extent
    x1: float
    score: float  # header label match: 1.0 exact, 0.85 one OCR edit
    site: bool = False  # an ignored column whose title names each line's store or delivery place (store_column)
    # a price column titled for a number of units ("Price per 100", "Prix pour 100 pièces"): that many, its unit or ""
    basis: tuple[int, str] | None = None


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

    def span_of(self, kind: str) -> tuple[float, float] | None:
        """The left and right edges of the first column of ``kind`` (its bounds with its neighbours; a last
        column as wide again as its header to the right), or None."""
        for i, col in enumerate(self.columns):
            if col.kind == kind:
                left = self.bounds[i - 1] if i > 0 and i - 1 < len(self.bounds) else col.x0
                right = self.bounds[i] if i < len(self.bounds) else col.x1 + (col.x1 - col.x0)
                return left, right
        return None


@dataclass
class LineCells:
    """The words of one item per column kind, continuation rows appended."""

    cells: dict[str, list[Word]]
    header_score: dict[str, float]
    last_row: Row
    price_basis: tuple[int, str] | None = None  # its price column's title prices that many units ("Preis pro 100")


@dataclass(frozen=True)
class TotalFound:
    value: Decimal
    strength: float
    words: tuple[Word, ...]
    rank: int  # position of its label in the spec's total list (0 = best)
    net: bool = False  # its label says it is before tax ("Total HT", "Summe netto", "Subtotal")
    label: str = ""  # the words of its label ("Grand total", "Total TTC")


@dataclass
class TableResult:
    lines: list[LineCells] = field(default_factory=list)
    totals: list[TotalFound] = field(default_factory=list)
    header_found: bool = False
    unread: list[Row] = field(default_factory=list)  # rows with a number under a number column, not read
    apart: list[Row] = field(default_factory=list)  # column titles printed apart from their items (a sheet's page 2)
    # order-level discounts and charges of the totals block under the table ("Remise 5 % -25,55"), with
    # where each is printed (page, top)
    adjustments: list[tuple[Allowance, tuple[int, float]]] = field(default_factory=list)
    taxes: list[tuple[Decimal, tuple[int, float]]] = field(default_factory=list)  # its tax rows, likewise
    # its totals with tax ("Total TTC", "Bruttobetrag", "Total incl. VAT"), likewise: they confirm a net total
    gross: list[tuple[Decimal, tuple[int, float]]] = field(default_factory=list)
    tax_labels: dict[tuple[int, float], str] = field(default_factory=dict)  # a tax row's words with its rate
    # item index -> a money-looking value the item row prints outside its price, amount, quantity and text cells
    unnamed_money: dict[int, str] = field(default_factory=dict)
    # item index -> every such value of the row, left to right ("Gross value | Contract value": both unnamed)
    unnamed_all: dict[int, list[str]] = field(default_factory=dict)
    # item index -> such values printed right of the row's named amount ("Line value | Agreed value")
    after_amount: dict[int, list[str]] = field(default_factory=dict)
    # a second table under the items: its title, its rows' count, whether the title says they are not ordered
    side: list[tuple[str, int, bool]] = field(default_factory=list)
    # the rows of the second tables whose title says they list no ordered item (title, header and rows):
    # none of them gives the order a header field (its rows' dates are no order date)
    side_rows: list[Row] = field(default_factory=list)
    # rows of an order form not ordered: a code or name and its printed price, the quantity and amount cells
    # blank (the layout counts them as unread unless the stated total is the ordered rows' sum)
    not_ordered: list[Row] = field(default_factory=list)
    not_filled: list[Row] = field(default_factory=list)  # a catalogue form's rows with no quantity filled in
    # the quantity cell's left and right edges of the not-ordered and not-filled rows, by the row's id: where
    # the page's ink is looked at (``extractors.capture.blank_cells``) before such a row is taken as no line
    quantity_cells: dict[int, tuple[float, float]] = field(default_factory=dict)
    # text rows of a position (SAP's "Liefertermin: 13.12.2026", "Positionstext: ...") under the item they belong
    # to, by the item's index in ``lines``: the item's notes, neither a line nor words of its code or description
    texts: list[tuple[int, Row]] = field(default_factory=list)
    # item index -> its quantity word reaching into the empty position column beside it (``crossed_cells``)
    crossed: dict[int, str] = field(default_factory=dict)
    # item index -> the words of its cell under a store / delivery place title ("Magasin", "Filiale", "Lieferort")
    sites: dict[int, list[Word]] = field(default_factory=dict)


@dataclass(frozen=True)
class TableCtx:
    spec: LayoutSpec
    loc: DocLocale
    fuzzy: bool
    header: LabelIndex
    end: LabelIndex
    skip: LabelIndex
    total_rank: dict[str, int]


def table_context(spec: LayoutSpec, loc: DocLocale, fuzzy: bool) -> TableCtx:
    t = spec.table
    return TableCtx(spec, loc, fuzzy, LabelIndex((c.kind, h) for c in t.columns for h in c.headers),
                LabelIndex([("total", lab) for lab in t.total] + [("end", lab) for lab in t.end]),
                LabelIndex(("skip", lab) for lab in t.skip), {lab: i for i, lab in enumerate(t.total)})


CODE_KINDS = ("code", "customer_item", "supplier_item")
_CODE_HEAD = re.compile(r"^(?=[^\s]*\d)[A-Za-z0-9][\w./-]*[A-Za-z0-9]$")


def _code_run_into_text(word: Word, grid: Grid) -> list[Word]:
    """A code filling its narrow column run into the description's first word by the text layer (cells
    without padding, an ERP's monospace print: "TK-12064Toner", "TK-1209927"): cut where the description
    column's title starts, when the word starts in a code column, crosses that title's start by two letters
    at least, and the part before the cut is a code (a digit in it) and the part after starts a word."""
    for left, right in zip(grid.columns, grid.columns[1:]):
        if left.kind not in CODE_KINDS or right.kind != "description":
            continue
        width = (word.x1 - word.x0) / max(len(word.text), 1)
        if not (left.x0 - width <= word.x0 < right.x0 and word.x1 - right.x0 >= 1.5 * width):
            continue
        cut = round((right.x0 - word.x0) / width)
        # a proportional font's letters are not all one width: a code's last digit against the description's capital
        # near the title's start is the cut ("TP-1004Câble": not "TP-1004C" / "âble")
        near = [at for at in sorted(range(cut - 2, cut + 3), key=lambda at: abs(at - cut))
                if 3 <= at < len(word.text) - 1 and word.text[at - 1].isdigit() and word.text[at].isupper()]
        for at in (*near[:1], cut, cut - 1, cut + 1):
            head, tail = word.text[:at], word.text[at:]
            starts_word = tail[:1].isalpha() or (tail[:1].isdigit() and any(c.isalpha() for c in head))
            if 3 <= at < len(word.text) - 1 and _CODE_HEAD.match(head) and starts_word:
                x = word.x0 + at * width
                if at in near and tail[1:2].isupper():  # "BStapler": the B may be the code's own last letter
                    return [CutCode(head, word.x0, word.y0, x, word.y1, word.conf, word.page, longer=head + tail[0]),
                            Word(tail, x, word.y0, word.x1, word.y1, word.conf, word.page)]
                return [Word(head, word.x0, word.y0, x, word.y1, word.conf, word.page),
                        Word(tail, x, word.y0, word.x1, word.y1, word.conf, word.page)]
    return [word]


def row_cells(row: Row, grid: Grid) -> dict[str, list[Word]]:
    cells: dict[str, list[Word]] = {}
    for w in (piece for whole in row.words for piece in _code_run_into_text(whole, grid)):
        col = grid.column_of(w)
        if col.kind != "ignore":
            cells.setdefault(col.kind, []).append(w)
    _text_run_on(cells)
    _position_left_of_codes(cells, grid)
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
    _money_in_unit_cell(cells, grid)
    _price_basis_run_on(cells)
    return cells


_PER = frozenset({"per", "je", "pro", "par", "pour", "/"})


def _price_basis_run_on(cells: dict[str, list[Word]]) -> None:
    """A price's basis cut from its price by the next column's bound ("1.20 per" | "1 M 48.00": SAP's fixed-width
    print, the basis right-aligned in its own few characters): the basis and its unit go back to the price."""
    price, amount = cells.get("unit_price"), cells.get("amount")
    if not price or not amount or price[-1].text.lower() not in _PER or len(amount) < 2 \
            or not re.fullmatch(r"\d{1,5}", amount[0].text):
        return
    n = 2 if len(amount) > 2 and not any(c.isdigit() for c in amount[1].text) else 1
    cells["unit_price"], cells["amount"] = [*price, *amount[:n]], amount[n:]


_POSITION = re.compile(r"\d{1,6}")


def _position_left_of_codes(cells: dict[str, list[Word]], grid: Grid) -> None:
    """A bare number printed wholly left of the first column's title, a code column's, leading that cell
    before the code (an ERP's "00010  4711-0032" under an "Itm" or "Nr" title not read as a position's):
    the row's position, not a part of its code. Only where no position column was named."""
    first = grid.columns[0]
    words = cells.get(first.kind)
    if first.kind not in CODE_KINDS or "line_no" in grid.kinds() or not words or len(words) < 2:
        return
    lead, nxt = words[0], words[1]
    if _POSITION.fullmatch(lead.text) and lead.x1 < first.x0 and nxt.x0 >= lead.x1 and abs(nxt.y0 - lead.y0) < lead.height:
        cells["line_no"], cells[first.kind] = [lead], words[1:]


_PLAIN_MONEY = re.compile(r"^\d{1,6}[.,]\d{2}$")


def _money_in_unit_cell(cells: dict[str, list[Word]], grid: Grid) -> None:
    """A unit cell reading a unit word, then a price and an amount ("pièce 18,00 72,00": the price and
    amount columns' bounds lost on a fax) under a header naming price and amount: the two values are
    the line's price and amount when the quantity times the one gives the other, else nothing moves."""
    unit = cells.get("uom") or []
    if len(unit) != 3 or not {"unit_price", "amount"} <= grid.kinds() or "unit_price" in cells or "amount" in cells:
        return
    if unit_code(unit[0].text) is None or not all(_PLAIN_MONEY.match(w.text) for w in unit[1:]):
        return
    qty = cells.get("quantity") or []
    if len(qty) != 1 or not re.fullmatch(r"\d{1,6}", qty[0].text):
        return
    price, amount = (Decimal(w.text.replace(",", ".")) for w in unit[1:])
    if Decimal(qty[0].text) * price != amount:
        return
    cells["uom"], cells["unit_price"], cells["amount"] = unit[:1], unit[1:2], unit[2:]


RUN_ON_SPACE = 0.6  # word heights: a gap this narrow after the description is a space inside it


def _text_run_on(cells: dict[str, list[Word]]) -> None:
    """A description running past its cell's edge into the quantity cell ("... paquet d" | "10PAQ",
    a sheet's cell clipped on its export): the words that follow the description at a space's distance
    are the description's, up to the last one without a digit ("... 99 x 38 m" | "2": "38 m" is the text's;
    "2 500" at a space's distance stays the quantity), or all of them when a number stands apart after them
    ("kariert, 100" | "40")."""
    text, qty = cells.get("description"), cells.get("quantity")
    if not text or not qty:
        return
    moved = spaced = 0
    for w in qty:
        last = text[-1] if not spaced else qty[spaced - 1]
        if w.x0 - last.x1 > RUN_ON_SPACE * max(w.height, 1.0):
            break
        spaced += 1
        if not any(c.isdigit() for c in w.text):
            moved = spaced  # "... 38 m" | "2": numbers of the text count when a word without a digit ends them
    if spaced < len(qty) and any(c.isdigit() for c in qty[spaced].text):
        moved = spaced  # "kariert, 100" | "40": the quantity stands apart, after the text's own number
    if moved and moved < len(qty) or (moved and "uom" in cells):
        cells["description"] = text + qty[:moved]
        if moved < len(qty):
            cells["quantity"] = qty[moved:]
        else:
            del cells["quantity"]


def cell_number(words: list[Word] | None, ctx: TableCtx) -> Decimal | None:
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


NUMBER_UNIT = re.compile(r"^(?P<number>[-+]?\d[\d.,\s\u202f\u00a0]*?)\s*(?P<open>[(\[])?(?P<unit>[^\W\d_][^\W\d_.]*\.?)(?(open)[)\]])$")


def without_unit(text: str, ctx: TableCtx) -> str | None:
    """The number of a cell that also holds its unit word ("20 boîtes" in one ruled cell, "36PCE"
    where a right-aligned quantity runs into the unit beside it); None when the rest is no unit."""
    match = NUMBER_UNIT.match(text.strip())
    if match is None or unit_code(match["unit"], ctx.spec.units) is None:
        return None
    return match["number"].strip()


def numeric_phrases(row: Row, ctx: TableCtx) -> int:
    return sum(parse_number(p.text, ctx.loc) is not None for p in row.phrases)


def is_end(row: Row, ctx: TableCtx) -> bool:
    return any(h.kind in ("total", "end") for h in end_hits(unglued(label_words(row)), ctx))


CLIPPED = 0.9  # the surety of a total label read from its cut-off start
CLIPPED_KEY = 6  # letters of a total label cut at its cell's edge ("Gesamt ne", "Total H") it must keep
CLIPPED_ALONE = 4  # ... when it is the row's only word before the amount ("Summ 288,75", a narrow sheet cell)


_GLUED = re.compile(r"^([^\W\d_][^\W\d_.]{2,})([-£$€]?\d[\d.,\u202f\u00a0]*\S*)$")


def unglued(words: list[Word]) -> list[Word]:
    """``words`` with a label cut at its cell's edge and run into the amount beside it split off
    ("Subtota£4,228.69", "Gesamtb2.937,93": the label's last letters hidden, no space left)."""
    if not words or (m := _GLUED.match(words[0].text)) is None:
        return words
    w, cut = words[0], len(m.group(1))
    at = w.x0 + (w.x1 - w.x0) * cut / len(w.text)
    return [Word(m.group(1), w.x0, w.y0, at, w.y1, w.conf, w.page),
            Word(m.group(2), at, w.y0, w.x1, w.y1, w.conf, w.page)] + list(words[1:])


def end_hits(words: list[Word], ctx: TableCtx) -> list[LabelHit]:
    """The total and end labels among ``words``; else a total label cut short at its narrow cell's
    edge before the row's amount ("Gesamt ne 2.468,85 €", "Total H 1 204,00 €": every word before the
    number begins one label kind), read a little less surely."""
    hits = ctx.end.segment(words, ctx.fuzzy)
    if hits or not words:
        return hits
    n = next((k for k, w in enumerate(words) if any(c.isdigit() for c in w.text)), len(words))
    if not 0 < n < len(words) or n > 3 or not words[n - 1].text[-1:].isalpha():
        return []
    key = label_key(" ".join(w.text for w in words[:n]))
    alone = n == 1 and len(words) - n <= 2  # "Summ | 288,75": one cut word, then the amount (and its currency) only
    shortest = CLIPPED_ALONE if alone else CLIPPED_KEY
    label = ctx.end.completion(key, shortest) if len(key) >= shortest else None
    if label is None:
        return []
    kind = ctx.end.lookup(label_key(label), False)
    return [LabelHit(kind[0], label, 0, n, CLIPPED)] if kind else []


def label_words(row: Row) -> list[Word]:
    """The row's words, a ruled cell's text split at its spaces ("TOTAL USD" is two words)."""
    return spaced_words(list(row.words)) if row.cells else list(row.words)
