"""A sheet wider than its paper: the columns that do not fit print on later pages, at the same heights.

LibreOffice Calc (and Excel) print a sheet in pages "down, then across": a sheet too wide for the
paper prints its left columns on pages 1..m and the rest on pages m+1.., each row at the same
height on every page since a row's height is the sheet's. Read page by page, the item table of
page 1 would have no prices and the "Amount" of page 2 no rows. ``join_spilled_columns`` puts such
a page's words back to the right of the page it continues, so the rows are whole again (a row of the
right-hand columns alone, such as the total under them, may stand below the last of the left page).

A page continues another across when a row of column titles ("Amount", "Einzelpreis") stands at
the height of a row of other titles on that page ("Code", "Description") and nearly all its rows
stand at heights where that page has a row: a page going on *down* repeats the same titles, or
has its rows where the page before had a gap. The pages after such a page pair with the ones after
the page it continues (pages 4 and 2 when 3 continued 1), by their heights alone, and are moved as
far right as it was, so a table going on down the pages keeps its columns. Pure.
"""

from __future__ import annotations

import re

from extractors.capture.layout_spec import GENERIC_SPEC
from extractors.capture.table_cells import table_context
from extractors.capture.words import PageWords, Row, Word, group_rows
from extractors.locale_values import locale_for

ROW_SLACK = 3.0  # pixels two rows' tops may differ by and stand at the same height
ASTRAY = 0.15  # share of a page's rows (at least one) that may stand where the page it continues has none
MIN_ROWS = 3  # rows a continuing page needs at least
GAP = 60.0  # pixels between a page's words and the columns joined to their right

_TITLES = table_context(GENERIC_SPEC, locale_for(None), False).header


def join_spilled_columns(pages: list[PageWords]) -> list[PageWords]:
    """The pages with every page that continues another across joined to its right (the joined page
    is left empty, its number kept so page numbers still index the list)."""
    if len(pages) < 2:
        return pages
    out = list(pages)
    rows = {p.page: group_rows(p) for p in pages}
    joined: dict[int, int] = {}  # continuing page -> the page it was joined to
    shifts: dict[int, float] = {}  # continuing page -> how far right its words were moved
    for n in range(1, len(pages)):
        page = pages[n]
        target = _after_a_joined_page(page, pages, rows, joined)
        shift = shifts.get(page.page - 1) if target else None  # the same columns as the page before it
        target = target or _beside_by_titles(page, pages[:n], rows, joined) or _before_a_page_across(n, pages, rows, joined)
        if target is None or not page.words:
            continue
        joined[page.page] = target
        if shift is None:
            shift = max((w.x1 for w in out[target - 1].words), default=0.0) + GAP - min(w.x0 for w in page.words)
        shifts[page.page] = shift
        out[target - 1] = _joined(out[target - 1], page, shift)
        out[n] = PageWords(page.page, page.width, page.height, (), (), page.images)  # its words are on ``target``
    return out


def _beside_by_titles(page: PageWords, before: list[PageWords], rows: dict[int, list[Row]],
                      joined: dict[int, int]) -> int | None:
    """The earlier page this one continues across, by a row of other column titles at its titles'
    height and its rows' heights."""
    mine = rows[page.page]
    titles = [r for r in mine if _titles(r, mine)]
    for other in before:
        if other.page in joined:
            continue
        theirs = _rows_of(other.page, rows, joined)
        if titles and _aligned(mine, theirs) and any(
                _titles(t, theirs) and abs(t.y0 - r.y0) <= ROW_SLACK and _fold(t) != _fold(r) and _header_pair(t, r)
                for r in titles for t in theirs):
            return other.page
    return None


def _before_a_page_across(n: int, pages: list[PageWords], rows: dict[int, list[Row]], joined: dict[int, int]) -> int | None:
    """Page n+1 of ``pages`` (index ``n``) continues across the page right before this one, and this one stands
    between them: its columns are that page's next ones (Calc: "Bestellnummer" on page 1, its value "CC-873" in
    column D on page 2, the prices on page 3), when its rows stand at that page's heights and a row of its own
    titles, none known ("Kostenstelle | Sachkonto"), at the height of that page's titles. A page going on *down*
    repeats the titles or has none: it is not joined."""
    if n + 1 >= len(pages) or n < 1:
        return None
    target = pages[n - 1].page
    if target in joined or _beside_by_titles(pages[n + 1], pages[:n], rows, joined) != target:
        return None
    mine, theirs = rows[pages[n].page], _rows_of(target, rows, joined)
    plain = [r for r in mine if not any(c.isdigit() for w in r.words for c in w.text) and len(r.words) > 1]
    if not _aligned(mine, theirs) or not any(
            _titles(t, theirs) and abs(t.y0 - r.y0) <= ROW_SLACK and _fold(t) != _fold(r) and _header_pair(t, r)
            for r in plain for t in theirs):
        return None
    return target


def _after_a_joined_page(page: PageWords, pages: list[PageWords], rows: dict[int, list[Row]],
                         joined: dict[int, int]) -> int | None:
    """Page n+1 goes with page k+1 when page n continued page k and page k+1 is a page of the left part."""
    before = joined.get(page.page - 1)
    if before is None:
        return None
    target = before + 1
    if target >= page.page - 1 or target in joined:
        return None
    return target if _aligned(rows[page.page], _rows_of(target, rows, joined)) else None


def _rows_of(page: int, rows: dict[int, list[Row]], joined: dict[int, int]) -> list[Row]:
    """A page's rows with those of the pages already joined to it."""
    return rows[page] + [r for n, to in joined.items() if to == page for r in rows[n]]


def _aligned(mine: list[Row], theirs: list[Row]) -> bool:
    if len(mine) < MIN_ROWS:
        return False
    tops = [r.y0 for r in theirs]
    astray = sum(all(abs(r.y0 - y) > ROW_SLACK for y in tops) for r in mine)
    return astray <= max(1, int(ASTRAY * len(mine)))


def _titles(row: Row, rows: list[Row]) -> bool:
    """A row of column titles only: no digit, a known title among its words, and no row of money printed above it
    on its page (``rows``: the rows of its page and of the pages joined to it). A table's titles stand over its
    values: a description's wrapped line in a Word table going on down the pages ("référence article et le numéro
    de") stands under the items priced before it. A title's length says nothing ("Quantité commandée en unités de
    vente")."""
    if any(c.isdigit() for w in row.words for c in w.text):
        return False
    if not any(h.kind not in ("ignore",) for h in _TITLES.segment(row.words, False)):
        return False
    return not any(r.page == row.page and r.y1 <= row.y0 and _money_row(r) for r in rows)


def _money_row(row: Row) -> bool:
    return any(_MONEY.fullmatch(w.text) for w in row.words)


_MONEY = re.compile(r"-?[€$£]?\d{1,3}(?:[.,'\u202f\xa0]?\d{3})*[.,]\d{2}[€$£]?")  # "16,80", "2.220,00", "$1,249.00"


def _header_pair(theirs: Row, mine: Row) -> bool:
    """Two title rows at one height are a table's header split over two pages when they name other columns ("Réf."
    on one page, "Désignation" on the next, or titles of its own no reader knows: "Kostenstelle | Sachkonto"): the
    same columns named twice are no header printed across."""
    return _kinds(theirs) != _kinds(mine)


def _kinds(row: Row) -> frozenset[str]:
    return frozenset(h.kind for h in _TITLES.segment(row.words, False) if h.kind != "ignore")


def _fold(row: Row) -> str:
    return " ".join(w.text.casefold() for w in row.words)


def _joined(left: PageWords, right: PageWords, shift: float) -> PageWords:
    """``right``'s words moved onto ``left``, ``shift`` pixels to the right."""
    moved = tuple(Word(w.text, w.x0 + shift, w.y0, w.x1 + shift, w.y1, w.conf, left.page) for w in right.words)
    width = max(left.width, max(w.x1 for w in moved) + GAP)
    return PageWords(left.page, width, left.height, left.words + moved, left.tables, left.images,
                     (*(left.printed or (left,)), right))


def as_printed(pages: list[PageWords]) -> list[PageWords]:
    """The pages as they were printed, before columns were joined (where a thing stands on the paper
    matters: an address block printed on page 2 is not the letterhead of page 1)."""
    out = [printed for page in pages for printed in (page.printed or (page,)) if printed.words]
    return sorted(out, key=lambda p: p.page)
