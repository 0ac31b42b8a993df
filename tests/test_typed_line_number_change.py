"""A typed quantity change that names the line it changes by its number ("change line 2 of our order X: 40 x Y
instead of 30") is a QTY-CHANGE-TYPED with both numbers: the line number is no quantity. A new order's lines
numbered the same way are still read as they were."""

from __future__ import annotations

import pytest

from extractors.base import ExtractHints
from extractors.mail.body_text import EXTRACTOR


def read(body: str):
    return EXTRACTOR.extract(body.encode(), ExtractHints(content_type="text/plain")).orders[0]


@pytest.mark.parametrize("body, item, new, old", [
    ("Please change line 2 of our order CDE-2612-77: 40 x SKU-1003 instead of 30.\n", "SKU-1003", 40, 30),
    ("Hi,\ncould you amend position 4 of PO 55120 - 12 x KB-2210 instead of 10\nthanks\n", "KB-2210", 12, 10),
])
def test_a_change_naming_its_line_number_reads_both_quantities(body, item, new, old):
    order = read(body)
    assert order.kind.value == "change"
    assert [(ln.customer_item, int(ln.quantity), ln.action) for ln in order.lines] == [(item, new, "change")]
    typed = [p.message for p in order.problems if p.code == "QTY-CHANGE-TYPED"]
    assert typed and f"{new} instead of {old}" in typed[0], order.problems
    assert not [p for p in order.problems if p.code in ("LINE-UNREAD", "LINES-MISSING")]


def test_numbered_lines_of_a_new_order_are_read_as_before():
    order = read("Order CDE-5\nline 1: 2 x KB-2210\nline 2: 5 x KB-2211\n")
    assert order.kind.value == "new"
    assert [(ln.customer_item, int(ln.quantity)) for ln in order.lines] == [("KB-2210", 2), ("KB-2211", 5)]
