"""The rows from a sheet's first total row down: a totals block ("Subtotal 519.00 / Discount 5% -25.95 /
Total excl. VAT 493.05 / VAT 20% 98.61 / Grand total 591.66") whose discount and charge rows are the order's
allowances and charges, whose net after them is the order's total, and which must add up as a whole
(``checked_block``, ``extractors.capture.block_sums``): a grand total typed wrong under a right subtotal holds.

Only rows of a label and one amount count, down to the first other row. Under a grouped table's last section
subtotal, ``totals_block`` reads the discount and charge rows and the net total after them (a VAT or gross total
is never the order's total).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from extractors.capture.block_sums import BlockSums, block_rows, check_block
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
        if amount is None or item_code_first(label):
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


def checked_block(rows: list[list[Any]], amount_of, lines: list[ExtractedLine]) -> tuple[BlockSums, tuple[Decimal, float]]:
    """The totals block from its first total row (``rows[0]``) down, checked as a whole against the lines
    (``extractors.capture.block_sums``): its allowances and charges, the running net as the order's total, its
    problems, and the rows it took (``used`` counts the first). The first row's amount and confidence come
    with it (the confidence of the total)."""
    read: list[tuple[str, Decimal]] = []
    first = amount_of(rows[0])
    for row in rows[:MAX_BLOCK_ROWS + 1]:
        label = next((str(v).strip() for v in row if v is not None and str(v).strip()), "")
        amount = amount_of(row) if label else None
        if amount is None or item_code_first(label):
            break  # no amount, or an item's code: the block is over
        read.append((_label_only(label), amount[0]))
    amounts = [ln.amount if ln.amount is not None else ln.quantity * ln.unit_price
               if ln.quantity is not None and ln.unit_price is not None else None for ln in lines]
    lines_sum = None if not amounts or None in amounts else sum(amounts, Decimal(0))  # type: ignore[arg-type]
    sums = check_block(block_rows(read), lines_sum, len(lines))
    return sums, first


_RATE_FIRST = re.compile(r"[-+]?\d{1,2}(?:[.,]\d{1,2})?\s*%")


def item_code_first(label: str) -> bool:
    """The label's first word has a digit and is no rate ("19% MwSt.", "5,5 % TVA"): an item's code."""
    first = label.split()[0]
    return any(c.isdigit() for c in first) and not _RATE_FIRST.match(label)


def _label_only(text: str) -> str:
    """A label typed with its amount in one cell ("Total HT : 1 322,60 €"): the words before the amount."""
    return re.sub(r"[:\s]*(?:[$€£]\s?)?-?\d[\d\s.,'\u202f\xa0]*(?:\s?(?:€|EUR|USD|GBP|CHF))?\s*$", "", text) or text
