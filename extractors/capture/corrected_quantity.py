"""A quantity corrected by hand on a printed form, faxed (issue 23, class 1): the typed "10" struck through
with a pen and "12" written above or beside it, the printed amount still that of "10".

OCR reads one of the two numbers, or neither, and the arithmetic repair (``extractors.capture.line_repair``)
would put the struck printed quantity back from the amount. So a line whose quantity the repair mended (or
filled) is looked at on the page before its rules were removed: when the quantity cell holds more ink than
one printed number (ink much taller than the row's printed amount, ink above or below it, a stroke through
the digits, also where nothing was read: a printed number OCR missed is
no correction), the line is named ``QTY-HANDWRITTEN-CORRECTION`` and the
order held: which quantity is ordered, a person says.
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np

from extractors.capture.line_repair import REPAIR_CODE
from gateway.model import Box, ExtractedLine, ExtractedOrder, Problem

CODE = "QTY-HANDWRITTEN-CORRECTION"
TALL = 1.45  # ink this many times the printed amount's height is more than one printed number
REACH = 0.8  # printed heights above and below the row where a number written over it is looked for
RULE = 0.8  # a pixel row or column inked this much across the cell is a rule, not writing
STROKE = 0.8  # a pixel row of the ink's middle band inked along this much of the ink's width: a stroke
MIN_INK = 0.12  # of the square of the printed height: less is speckle
RULE_RUN = 2.5  # printed heights: a pixel row with an unbroken run of ink this long is a table's rule (a
# faxed rule is skewed and broken, so it seldom inks RULE of the cell's width); the cell ends at the rules
# nearest above and below the row: what lies beyond is the next row's print, not a correction
RULE_MARGIN = 0.15  # printed heights inside a rule that are its skewed, broken edge still


def corrected_quantities(order: ExtractedOrder, binaries: dict[int, tuple[np.ndarray, float]]) -> list[Problem]:
    """``QTY-HANDWRITTEN-CORRECTION`` for each line whose quantity was mended or filled from the amount while its
    cell shows a correction (see the module docstring). ``binaries``: per page, the image before its rules
    were removed (ink 0) and its pixels per frame pixel."""
    mended = {p.segment_position for p in order.problems
              if p.code == REPAIR_CODE and p.element == "quantity" and p.segment_position}
    out = []
    for position in sorted(mended):
        if not 0 < position <= len(order.lines):
            continue
        line = order.lines[position - 1]
        found = _cell_ink(line, order.lines, binaries)
        if found is None:
            continue
        ink, height, read_box = found
        if _shows_correction(ink, height, read_box):
            line.confidence["quantity"] = 0.0
            out.append(Problem(
                code=CODE, severity="warning", element=f"lines[{position}]",
                message=f"line {position}: its quantity cell holds a correction (a number struck through, another "
                        f"written by hand); the printed amount is the old quantity's, so the quantity "
                        f"{line.quantity} taken from it may be the struck one: which is ordered, a person says"))
    return out


def printed_after_all(order: ExtractedOrder, binaries: dict[int, tuple[np.ndarray, float]]) -> None:
    """Take back the layout's ``QTY-HANDWRITTEN-CORRECTION`` (a quantity word boxed taller, smaller or higher
    than its row's numbers: ``layout._hand_corrected``) where the page shows a typed value after all: the
    quantity read times the price is the printed amount (a correction leaves the old quantity's amount) and
    the cell's ink is one printed number (no ink much taller than the amount, no stroke through it). On a
    standard-resolution fax a typed number touching a rule or a speck is boxed taller than it is printed;
    a number written into an empty cell is no correction either when the amount agrees with it."""
    for problem in [p for p in order.problems if p.code == CODE and p.element and p.element.startswith("lines[")]:
        position = int(problem.element[6:-1]) if problem.element[6:-1].isdigit() else 0
        if not 0 < position <= len(order.lines):
            continue
        line = order.lines[position - 1]
        if line.quantity is None or line.unit_price is None or line.amount is None or line.price_basis not in (None, 1):
            continue
        if abs(line.quantity * line.unit_price - line.amount) > CENT:
            continue
        found = _cell_ink(line, order.lines, binaries)
        if found is None or _shows_correction(*found):
            continue
        order.problems.remove(problem)
        line.confidence["quantity"] = min(line.confidence.get("amount", 0.9), line.confidence.get("unit_price", 0.9))


CENT = Decimal("0.01")


def _cell_ink(line: ExtractedLine, lines: list[ExtractedLine],
              binaries: dict[int, tuple[np.ndarray, float]]) -> tuple[np.ndarray, float, Box | None] | None:
    amount = line.boxes.get("amount")
    if amount is None or amount.page not in binaries:
        return None
    binary, scale = binaries[amount.page]
    columns = [b for ln in lines if ln is not line and (b := _own_quantity_box(ln)) is not None
               and b.page == amount.page]
    read = _own_quantity_box(line)
    if read is not None:
        columns.append(read)
    if not columns:
        return None
    h = amount.h
    x0 = min(b.x for b in columns) - 0.8 * h
    x1 = max(b.x + b.w for b in columns) + 0.5 * h
    y0, y1 = amount.y - REACH * h, amount.y + amount.h + REACH * h
    px0, py0 = max(int(x0 * scale), 0), max(int(y0 * scale), 0)
    px1, py1 = min(int(x1 * scale), binary.shape[1]), min(int(y1 * scale), binary.shape[0])
    if px1 - px0 < 3 or py1 - py0 < 3:
        return None
    ink = binary[py0:py1, px0:px1] < 128
    # the rules are found across the row as far as its amount (a quantity column is narrower than a rule's
    # run), before the column rules are taken out (they would break the runs)
    wide = binary[py0:py1, px0:max(px1, min(int((amount.x + amount.w) * scale), binary.shape[1]))] < 128
    cell = _between_rules(ink, wide, (amount.y + amount.h / 2) * scale - py0, h * scale)
    ink = cell & ~(ink.mean(axis=1, keepdims=True) > RULE) & ~(ink.mean(axis=0, keepdims=True) > RULE)
    return ink, h * scale, read


def _between_rules(ink: np.ndarray, wide: np.ndarray, middle: float, height: float) -> np.ndarray:
    """``ink`` with the pixel rows from the nearest rule above ``middle`` (the row's middle, pixels of the
    crop) upwards and from the nearest rule below it downwards cleared, those rules and ``RULE_MARGIN``
    inside them included; the rules are the rows of ``wide`` (the same rows, across to the amount) with a
    run of ink ``RULE_RUN`` printed heights long."""
    runs = np.array([_longest_run(row) for row in wide])
    rules = np.flatnonzero(runs >= RULE_RUN * height)
    above, below = rules[rules < middle], rules[rules > middle]
    out, margin = ink.copy(), round(RULE_MARGIN * height)
    if above.size:
        out[:above[-1] + 1 + margin] = False
    if below.size:
        out[max(below[0] - margin, 0):] = False
    return out


def _longest_run(row: np.ndarray) -> int:
    if not row.any():
        return 0
    edges = np.flatnonzero(np.diff(np.concatenate(([0], row.astype(np.int8), [0]))))
    return int((edges[1::2] - edges[0::2]).max())


def _own_quantity_box(line: ExtractedLine) -> Box | None:
    """The box the line's quantity was read in; None for a box borrowed from another field
    (``line_repair._borrow_box``: a filled-in quantity has none of its own)."""
    box = line.boxes.get("quantity")
    if box is None or any(box == other for field, other in line.boxes.items() if field != "quantity"):
        return None
    return box


def _shows_correction(ink: np.ndarray, height: float, read: Box | None) -> bool:
    rows = np.flatnonzero(ink.sum(axis=1) >= 2)
    if ink.sum() < MIN_INK * height * height or rows.size == 0:
        return False
    extent = rows[-1] - rows[0] + 1
    if extent > TALL * height:
        return True
    cols = np.flatnonzero(ink.any(axis=0))
    band = ink[rows[0] + int(0.3 * extent): rows[0] + int(0.75 * extent) + 1, cols[0]:cols[-1] + 1]
    width = cols[-1] - cols[0] + 1
    return width >= 0.8 * height and bool(band.size) and bool((band.sum(axis=1) >= STROKE * width).any())
