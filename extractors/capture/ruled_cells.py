"""Cells of ruled tables: the rows and cells a PDF draws with its own ruling lines.

``pdf_text`` asks pdfplumber for the tables its lines and rectangles outline (``find_ruled_tables``,
boxes in the page's 1400-pixel reference frame); ``cell_rows`` turns each ruled row into one
``Row`` whose words are its cells (the cell's text lines joined, a word broken at a hyphen joined
back), so a description wrapped inside its cell stays in its row and a header label broken across
two lines of its cell ("Einzelpre" / "is") reads whole. The words of a page outside ruled tables
are grouped into rows as before (``extractors.capture.words.group_rows``).

A ruled "row" whose numeric cells hold several lines of numbers is several items under one
rectangle (a table with rules around it and under its header only), and a box whose lines hold
words far apart is a frame around columns: such a table is not used, its words are read as
plain rows.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from extractors.capture.words import CellWord, PageWords, Phrase, Row, Word, group_rows, typical_height

CellBox = tuple[float, float, float, float]
RuledTable = tuple[tuple[CellBox | None, ...], ...]  # rows of cells (None: covered by a span)
_NUMERIC_LINE = re.compile(r"^[-+]?[$€£]?\s?\d[\d\s.,'\u202f]*\s?[$€£%]?$")
MIN_ROWS = 2
CELL_GAP = 2.5  # word heights: a wider gap inside a box means it holds columns, not one cell
EDGE = 1.0  # pixels a word may stick out of its cell
WRAP_EDGE = 1.2  # word heights from a cell's right edge within which a line's end means a word broke there


def find_ruled_tables(page: object, scale: float) -> tuple[RuledTable, ...]:
    """The ruled tables of a pdfplumber page, cell boxes scaled to the reference frame."""
    settings = {"vertical_strategy": "lines", "horizontal_strategy": "lines", "snap_tolerance": 3,
                "intersection_tolerance": 3}
    out = []
    for table in page.find_tables(table_settings=settings):  # type: ignore[attr-defined]
        rows = tuple(tuple(None if c is None else tuple(v * scale for v in c) for c in row.cells)
                     for row in table.rows)
        if len(rows) >= MIN_ROWS and max(len(r) for r in rows) >= 2:
            out.append(rows)
    return tuple(out)


def cell_edges(tables: Sequence[RuledTable]) -> list[tuple[float, float, float]]:
    """The vertical edges between neighbouring cells of each ruled row: (x, top, bottom)."""
    out = []
    for table in tables:
        for row in table:
            cells = sorted((c for c in row if c is not None), key=lambda c: c[0])
            out += [(b[0], min(a[1], b[1]), max(a[3], b[3])) for a, b in zip(cells, cells[1:])]
    return out


def page_rows(page: PageWords, tables: Sequence[RuledTable], gap_factor: float = 0.9) -> list[Row]:
    """Rows of a page: one per ruled row of each usable table, the other words grouped as usual."""
    taken: set[int] = set()
    rows: list[Row] = []
    for table in tables:
        made = _table_rows(page, table, taken)
        if made is not None:
            rows.extend(made)
    rest = PageWords(page.page, page.width, page.height, tuple(w for i, w in enumerate(page.words) if i not in taken))
    rows.extend(group_rows(rest, gap_factor))
    rows.sort(key=lambda r: (r.y0, r.words[0].x0))
    return rows


SECTION_SPAN = 0.8  # of the table's width: one cell this wide in a row of a table of several columns


def _table_rows(page: PageWords, table: RuledTable, taken: set[int]) -> list[Row] | None:
    unit = typical_height(page.words)
    out: list[Row] = []
    claimed: set[int] = set()
    widths = [b[2] - b[0] for cells in table for b in cells if b is not None]
    left = min((b[0] for cells in table for b in cells if b is not None), default=0.0)
    right = max((b[2] for cells in table for b in cells if b is not None), default=0.0)
    for cells in table:
        words: list[tuple[Word, tuple[float, float]]] = []
        stacked = 0
        boxes = [b for b in cells if b is not None]
        if len(boxes) == 1 and len(widths) > 2 * len(table) and boxes[0][2] - boxes[0][0] >= SECTION_SPAN * (right - left):
            continue  # a merged row across the table ("Lot 4 - Sécurité"): a section title, no item's cell
        for box in cells:
            if box is None:
                continue
            inside = [i for i, w in enumerate(page.words) if i not in taken and i not in claimed and _inside(w, box)]
            if not inside:
                continue
            lines = _lines([page.words[i] for i in inside], unit)
            if len(lines) >= 2 and all(_NUMERIC_LINE.match(_line_text(ln)) for ln in lines):
                stacked += 1  # numbers on several lines: a wrapped code, or several items
            if any(b.x0 - a.x1 > CELL_GAP * unit for ln in lines for a, b in zip(ln, ln[1:])):
                return None  # columns side by side in one box: a frame, not a cell
            claimed.update(inside)
            words.append((_cell_word(lines, box[2] - WRAP_EDGE * unit), (box[0], box[2])))
        if stacked >= 2:
            return None  # several items under one ruled row (quantities, prices... stacked)
        if words:
            words.sort(key=lambda w: w[0].x0)
            out.append(Row(page.page, tuple(w for w, _ in words), tuple(Phrase((w,)) for w, _ in words),
                           tuple(x for _, x in words)))
    if sum(1 for r in out if len(r.words) >= 2) < MIN_ROWS:
        return None
    taken.update(claimed)
    return out


def _inside(word: Word, box: CellBox) -> bool:
    cx, cy = (word.x0 + word.x1) / 2, (word.y0 + word.y1) / 2
    return box[0] - EDGE <= cx <= box[2] + EDGE and box[1] - EDGE <= cy <= box[3] + EDGE


def _lines(words: list[Word], unit: float) -> list[list[Word]]:
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.cy, w.x0)):
        if lines and abs(lines[-1][0].cy - w.cy) < 0.5 * unit:
            lines[-1].append(w)
        else:
            lines.append([w])
    return [sorted(line, key=lambda w: w.x0) for line in lines]


def _line_text(line: list[Word]) -> str:
    return " ".join(w.text for w in line)


# a right-aligned money cell wrapped after its currency (SAP Business One's "USD" / "4.50"): two words, not "USD4.50"
_CURRENCY_END = re.compile(r"(?:^|\s)(?:USD|EUR|GBP|CHF|CAD|[$€£])$")


# a number broken by its cell's width just after its decimal or thousands mark ("11.850," / "00", "1,250." / "75")
_BROKEN_NUMBER = re.compile(r"(?:^|\s)\d[\d.,]*\d[.,]$|(?:^|\s)\d[.,]$")


def _cell_word(lines: list[list[Word]], wrap_x: float = float("inf")) -> Word:
    """The text of a cell as one word: lines joined by a space, or without one after a hyphen
    ("ML-" / "412031") or after a lone word filling the cell to its right edge (a word broken by
    the cell's width: "Kopierpap" / "ier", "40008621" / "41404", a number after its mark: "11.850," / "00"), unless the next line starts a
    capitalised word after a small letter (header words wrapped in a narrow cell: "Our" / "Item" /
    "#", "Unit" / "Cost")."""
    text, full = "", False
    for line in lines:
        part = _line_text(line)
        new_word = (text[-1:].islower() and part[:1].isupper()) or (_CURRENCY_END.search(text) is not None
                                                                   and part[:1].isdigit())  # "USD" / "4.50"
        glued = text.endswith(("-", "/")) or (full and text[-1:].isalnum() and part[:1].isalnum() and not new_word) \
            or (full and _BROKEN_NUMBER.search(text) is not None and part[:1].isdigit())  # "11.850," / "00"
        text = part if not text else text + ("" if glued else " ") + part
        full = len(line) == 1 and line[-1].x1 >= wrap_x  # one word wider than its cell
    words = [w for line in lines for w in line]
    return CellWord(text, min(w.x0 for w in words), min(w.y0 for w in words), max(w.x1 for w in words),
                    max(w.y1 for w in words), min(w.conf for w in words), words[0].page,
                    tuple(_line_text(line) for line in lines) if len(lines) >= 2 else ())
