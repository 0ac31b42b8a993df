"""Rows of an order form left blank, told from rows whose quantity OCR lost, by the ink of their quantity cell.

A catalogue order form prints every product with its price; the customer fills in the quantity of the few it
orders. The rows left blank read as a code and a price with nothing in the quantity cell, and so does a row
whose typed or written "8" OCR lost (a faxed glyph broken apart, a pale pen): before, every such row held the
order (``LAYOUT-ROW-UNREAD``) even when the form's other rows were filled in plainly, so no catalogue fax went
through untouched. Now the layout names these rows apart (element ``rows.blank``, the quantity cell of each
row kept as a box) and the page is looked at where the cell is: a cell with no ink in it (the rules and
speckles of a fax aside) is an empty cell, no order line, and the row is dropped; a cell with ink that reads
as nothing keeps the order held, the row shown. Without the page (a reading with no image kept) nothing is
dropped. A row printed faintly (its printed words read unsurely, ``faint_row``) is never dropped so: a faint last
row of a letter without a total, its quantity faded into specks, read as a printed code and price alone, vanished
from the order; it waits for a person as an unread row.
"""

from __future__ import annotations

import numpy as np

from extractors.capture.words import Row
from gateway.model import Box, ExtractedOrder, Problem

BLANK_ROWS = "rows.blank"
FAINT_ROWS = "rows.blank.faint"  # the cells of such rows printed faintly (``faint_row``): never taken as empty
FAINT = 0.7  # a row whose printed words tesseract read, at the median, less surely than this is printed faintly
CODE = "LAYOUT-ROW-UNREAD"
HELD = 0.49  # the rows' confidence while such rows wait for their ink to be looked at
INSET = 0.12  # of a cell's width, left out on either side: the column rules and their faxed, skewed edges
REACH = 0.35  # of the row's height, above and below the row's printed words: a number written taller
RULE = 0.6  # a pixel row or column inked this much across the cell is a rule, not writing
MIN_INK = 0.12  # of the square of the row's printed height: less is speckle (as for a corrected quantity)


def defer_blank_rows(order: ExtractedOrder, rows: list[Row], cells: dict[int, tuple[float, float]]) -> None:
    """Name ``rows`` (blank quantity cells, each cell's edges in ``cells`` by the row's id) as the order's
    problem, their cells kept as boxes, for ``settle_blank_rows`` to look at the page."""
    if not rows:
        return
    for k, row in enumerate(rows):
        x0, x1 = cells[id(row)]
        key = FAINT_ROWS if faint_row(row) else BLANK_ROWS
        order.boxes[f"{key}[{k}]"] = Box(page=row.page, x=round(x0, 1), y=round(row.y0, 1),
                                         w=round(x1 - x0, 1), h=round(row.y1 - row.y0, 1))
    order.confidence["rows"] = min(order.confidence.get("rows", 1.0), HELD)
    order.problems.append(Problem(
        code=CODE, severity="warning", element=BLANK_ROWS,
        message=f"{len(rows)} row(s) of the line table have nothing read in their quantity cell "
                f"({rows[0].text[:60]!r}): not filled in, or a quantity OCR lost"))


def settle_blank_rows(order: ExtractedOrder, binaries: dict[int, tuple[np.ndarray, float]]) -> None:
    """Drop the order's blank-row doubt when every such row's quantity cell holds no ink on the page
    (``binaries``: per page, the image before its rules were removed, ink 0, and its pixels per word unit);
    the cells' boxes are taken off the order either way."""
    keys = [k for k in order.boxes if k.startswith(BLANK_ROWS + "[")]
    boxes = [order.boxes.pop(k) for k in keys]
    faint = [order.boxes.pop(k) for k in [k for k in order.boxes if k.startswith(FAINT_ROWS + "[")]]
    doubts = [p for p in order.problems if p.code == CODE and p.element == BLANK_ROWS]
    if faint:  # a row printed faintly: its quantity's ink may be faint too, below what the page shows as ink
        return
    if not doubts or not boxes or not all(empty_cell(box, binaries) for box in boxes):
        return
    order.problems = [p for p in order.problems if not any(p is d for d in doubts)]
    if order.confidence.get("rows") == HELD:
        del order.confidence["rows"]


def empty_cell(box: Box, binaries: dict[int, tuple[np.ndarray, float]]) -> bool:
    """No ink in the cell ``box`` (its middle, a little above and below the row) but rules and speckles; a
    page not given is never taken as empty."""
    if box.page not in binaries or box.h <= 0:
        return False
    binary, scale = binaries[box.page]
    x0, x1 = box.x + INSET * box.w, box.x + (1 - INSET) * box.w
    y0, y1 = box.y - REACH * box.h, box.y + (1 + REACH) * box.h
    px0, py0 = max(int(x0 * scale), 0), max(int(y0 * scale), 0)
    px1, py1 = min(int(x1 * scale), binary.shape[1]), min(int(y1 * scale), binary.shape[0])
    if px1 - px0 < 3 or py1 - py0 < 3:
        return False
    ink = binary[py0:py1, px0:px1] < 128
    ink = ink & ~(ink.mean(axis=1, keepdims=True) > RULE) & ~_vertical_rules(binary, ink, px0, py0, py1)
    height = box.h * scale
    return int(ink.sum()) < MIN_INK * height * height and int(ink.sum(axis=0).max(initial=0)) < STROKE * height


def faint_row(row: Row) -> bool:
    """The row's printed words (its code, description, price) were read unsurely, at the median under ``FAINT``: the
    row is printed faintly (a toner running out at the foot of a letter, a pale last line), and a quantity in it
    may have faded into specks on the fax. A catalogue form's rows left blank are printed as plainly as its filled
    ones, and read surely."""
    confs = sorted(w.conf for w in row.words if any(ch.isalnum() for ch in w.text))
    return bool(confs) and confs[len(confs) // 2] < FAINT


STRAIGHT = 0.95  # of a pixel column inked: a rule that runs on one side of the cell only (the table's edge row)
STROKE = 0.5  # of the row's printed height: a column of ink this tall is a stroke (a handwritten "1"), no speckle


def _vertical_rules(binary: np.ndarray, ink: np.ndarray, px0: int, py0: int, py1: int) -> np.ndarray:
    """The pixel columns of the cell that are a rule: inked over ``RULE`` of the band and also above and below
    it (a table's rule runs through its rows; a handwritten "1" taller than the row ends within a row's reach,
    review S3), or in the table's last or first row inked over ``STRAIGHT`` of the band and of the span on one
    side (the rule ends at the table's edge), and the columns right beside such a rule inked over the band (its
    ragged faxed edge): a catalogue's last blank row was never taken as blank."""
    columns = ink.mean(axis=0) > RULE
    span = py1 - py0
    above = binary[max(py0 - span, 0):py0, px0:px0 + ink.shape[1]] < 128
    below = binary[py1:py1 + span, px0:px0 + ink.shape[1]] < 128
    if above.shape[0] == 0 or below.shape[0] == 0:
        return np.zeros((1, ink.shape[1]), dtype=bool)  # at the page's edge: nothing runs through
    up, down = above.mean(axis=0), below.mean(axis=0)
    # through the row, or (the table's last or first row: its rule ends at the table's edge just past the row)
    # straight and unbroken over the band and the span on one side, as no pen stroke is
    edge = (ink.mean(axis=0) > STRAIGHT) & ((up > STRAIGHT) | (down > STRAIGHT))
    rules = columns & (((up > RULE) & (down > RULE)) | edge)
    # the table's last (first) row, its band reaching past the table's edge: the rule runs down from above (up
    # from below) unbroken and ends inside the band, inked from the band's top (bottom) without a gap (review F15)
    ending = ((up > STRAIGHT) & _from_edge(ink)) | ((down > STRAIGHT) & _from_edge(ink[::-1]))
    rules |= ending
    # a skewed rule's edge beside it: inked from the band's top down (bottom up) and then no more, a pixel's gap
    # bridged, as the rule moves a pixel aside along the row (a pen stroke beside a rule starts and ends in the cell)
    closed = ink.copy()
    closed[1:-1] |= ink[:-2] & ink[2:]
    columns = columns | ending | _from_edge(closed) | _from_edge(closed[::-1])
    # a faxed rule's ragged edge: a column beside a rule, inked over the band as the rule is, is the rule's
    # (the page's skew moves it by a pixel above or below the row; its run was taken as a written stroke)
    beside = np.zeros_like(rules)
    beside[1:] |= rules[:-1]
    beside[:-1] |= rules[1:]
    return (rules | (beside & columns))[np.newaxis, :]


def _from_edge(ink: np.ndarray) -> np.ndarray:
    """The pixel columns of ``ink`` inked from its first pixel row on without a gap, and nowhere after the run."""
    if ink.shape[0] == 0:
        return np.zeros(ink.shape[1], dtype=bool)
    run = np.cumprod(ink, axis=0).sum(axis=0)  # the length of each column's run from the top
    return (run > 0) & (run == ink.sum(axis=0))
