"""Whether a first column titled as a position ("Pos.", "No.", "Nr.", "#", "N°") holds positions or the
customer's item numbers ("4711-22", "100234"): a column is a position column only when its values run as
positions do, 1, 2, 3 (a skipped one allowed), 2, 3, 4 or 3, 2, 1, 1.1, 1.2 or 10, 20, 30 (a step of 5, 10 or 100). Anything else under
such a title is the item's number, which must not be lost as a line number.
"""

from __future__ import annotations

import re

from extractors.capture.labels import label_key
from extractors.capture.layout_spec import GENERIC_COLUMNS

POSITION_TITLES = frozenset(label_key(t) for spec in GENERIC_COLUMNS if spec.kind == "line_no" for t in spec.headers)
_NUMBER = re.compile(r"(?:0\d{4,5}|\d{1,4})\.?")  # "3", "3.", SAP's "00010"
_SUB = re.compile(r"\d{1,3}(?:\.\d{1,3})+")  # sub-positions "1.1", "1.2", "2.1.3"
STEPS = (1, 5, 10, 100)


def runs_as_positions(values: list[str]) -> bool:
    """True when the values (blank ones left out) are positions: whole numbers running up from 1 (a skipped
    one allowed), by one from anywhere (a page continued: 2, 3, 4) or down by one (3, 2, 1), by a step of 5,
    10 or 100 (SAP's 00010, 00020), or dotted sub-positions rising (1.1, 1.2, 2.1)."""
    texts = [v.strip() for v in values if v and v.strip()]
    if texts and all(_SUB.fullmatch(t) for t in texts):
        keys = [tuple(int(p) for p in t.split(".")) for t in texts]
        return all(b > a for a, b in zip(keys, keys[1:]))
    if not texts or not all(_NUMBER.fullmatch(t) for t in texts):
        return False
    numbers = [int(t.rstrip(".")) for t in texts]
    steps = [b - a for a, b in zip(numbers, numbers[1:])]
    if steps and all(d == -1 for d in steps) and numbers[-1] >= 1:
        return True  # 3, 2, 1: numbered down
    if any(d <= 0 for d in steps):
        return False
    if numbers[0] == 1:  # 1, 2, 3 (a line deleted: 1, 2, 4)
        return all(d <= 2 for d in steps)
    if numbers[0] < 10 and steps and all(d == 1 for d in steps):
        return True  # 2, 3, 4: the first line deleted, or a page continued
    step = next((s for s in reversed(STEPS) if numbers[0] % s == 0 and s > 1), numbers[0])
    return step in STEPS and all(n % step == 0 for n in numbers)


def glued_positions(values: list[str]) -> bool:
    """A value its own running number glued to a code of four digits or more ("1400118": position 1, code
    400118): the line reader parts such cells (and leaves a lone long number of that table no code)."""
    return any(t.isdigit() and t.startswith(str(n)) and len(t) - len(str(n)) >= 4 and t[len(str(n))] != "0"
               for n, t in enumerate((v.strip() for v in values), 1))
