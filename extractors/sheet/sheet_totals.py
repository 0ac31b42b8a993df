"""The rows under a sheet's first total row: a totals block ("Subtotal 519.00 / Discount 5% -25.95 /
Total excl. VAT 493.05") whose discount and charge rows are the order's allowances and charges, and
whose net total after them is the order's total.

Only rows of a label and one amount count, down to the first other row; a VAT or gross total ("Total
incl. VAT", "TVA") is never the order's total. The order's checks then compare the lines, the
allowances and the total as for any order (``gateway.model.order_adjustment``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from extractors.capture.charges import split_charges
from extractors.capture.labels import label_key
from extractors.capture.layout_spec import TOTAL_LABELS
from gateway.model import Allowance, ExtractedLine

MAX_BLOCK_ROWS = 6  # rows of a totals block under its first total
NET_TOTALS = frozenset(label_key(lab) for lab in TOTAL_LABELS)


def totals_block(rows: list[list[Any]], amount_of) -> tuple[list[Allowance], tuple[Decimal, float] | None, int]:
    """(the allowances and charges of the block, the net total after them or None, rows read) from the
    rows under a first total row; ``amount_of(row)``: the row's amount after its label, or None."""
    adjustments: list[Allowance] = []
    total, used = None, 0
    for n, row in enumerate(rows[:MAX_BLOCK_ROWS], 1):
        label = next((str(v).strip() for v in row if v is not None and str(v).strip()), "")
        if not label:
            break
        amount = amount_of(row)
        if amount is None or any(c.isdigit() for c in label.split()[0]):
            break  # no amount, or an item's code: no totals block
        found = split_charges([ExtractedLine(line_no=1, description=label, amount=amount[0])])[1]
        if found:
            adjustments.extend(found)
        elif label_key(label) in NET_TOTALS and adjustments:
            total = amount  # the net total after the discount or charge rows
        elif label_key(label) not in NET_TOTALS:
            break  # VAT, a gross total, a note: the block's order part is over
        used = n
    return adjustments, total, used
