"""Whether a first column titled as a position ("Pos.", "No.", "Nr.", "#", "N°") holds positions or the
customer's item numbers ("4711-22", "100234"): a column is a position column only when its values run as
positions do, 1, 2, 3 (a skipped one allowed) or 10, 20, 30 (a step of 5, 10 or 100). Anything else under
such a title is the item's number, which must not be lost as a line number.
"""

from __future__ import annotations

import re

from extractors.capture.labels import label_key
from extractors.capture.layout_spec import GENERIC_COLUMNS

POSITION_TITLES = frozenset(label_key(t) for spec in GENERIC_COLUMNS if spec.kind == "line_no" for t in spec.headers)
_NUMBER = re.compile(r"\d{1,4}\.?")
STEPS = (1, 5, 10, 100)


def runs_as_positions(values: list[str]) -> bool:
    """True when the values (blank ones left out) are positions: whole numbers from 1 (or the step) up."""
    texts = [v.strip() for v in values if v and v.strip()]
    if not texts or not all(_NUMBER.fullmatch(t) for t in texts):
        return False
    numbers = [int(t.rstrip(".")) for t in texts]
    if any(b <= a for a, b in zip(numbers, numbers[1:])):
        return False
    if numbers[0] == 1:  # 1, 2, 3 (a line deleted: 1, 2, 4)
        return all(b - a <= 2 for a, b in zip(numbers, numbers[1:]))
    step = numbers[0]
    return step in STEPS and all(n % step == 0 for n in numbers)


def glued_positions(values: list[str]) -> bool:
    """A value its own running number glued to a code of four digits or more ("1400118": position 1, code
    400118): the line reader parts such cells (and leaves a lone long number of that table no code)."""
    return any(t.isdigit() and t.startswith(str(n)) and len(t) - len(str(n)) >= 4 and t[len(str(n))] != "0"
               for n, t in enumerate((v.strip() for v in values), 1))
