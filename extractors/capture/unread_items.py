"""An item left in the notes: a text PDF's row under or after the table that reads as an order line (issue 18,
outside tester t2 H1: the rows of a table after a page break went into the notes; with no total printed to
disagree, the order would have gone out short of them).

A note whose numbers hold a quantity, a unit price and their product as the line amount ("SKU-1001 Copy paper A4
30 Karton 24,50 735,00") is an item the table did not read: the order waits (``LAYOUT-ROW-UNREAD``, the rows'
confidence halved) whatever its total says. A note with money but no such product ("Mindestbestellwert 50,00 EUR",
"Versand ab 150,00 frei") is a note.
"""

from __future__ import annotations

import re
from decimal import Decimal

from extractors.locale_values import DocLocale, parse_number
from gateway.model import ExtractedOrder, Problem

CODE = "LAYOUT-ROW-UNREAD"
_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:[.,\u202f\xa0' ]\d{3})*(?:[.,]\d{1,4})?(?![\w])")
CENT = Decimal("0.01")


def _numbers(text: str, loc: DocLocale) -> list[Decimal]:
    out = []
    for m in _NUMBER.finditer(text):
        read = parse_number(m.group(0).strip(), loc)
        if read is not None:
            out.append(read[0])
    return out


def priced_item(text: str, loc: DocLocale) -> bool:
    """Three numbers of the note in order, a quantity, a price and an amount that is their product (a cent or
    two of rounding), the amount with its cents written."""
    numbers = _numbers(text, loc)
    for k, amount in enumerate(numbers):
        if amount <= 0 or amount == amount.to_integral_value() and not re.search(r"[.,]\d{2}\b", text):
            continue
        earlier = numbers[:k]
        for i, qty in enumerate(earlier):
            for price in earlier[i + 1:]:
                if qty > 0 and price > 0 and abs(qty * price - amount) <= 2 * CENT and qty != amount:
                    return True
    return False


def unread_item_notes(order: ExtractedOrder, notes: list[str], loc: DocLocale) -> list[Problem]:
    """``LAYOUT-ROW-UNREAD`` for the notes that read as priced items (the order's lines not among them)."""
    lines = {(ln.quantity, ln.amount) for ln in order.lines}
    items = [n for n in notes if priced_item(n, loc) and not _a_read_line(n, lines, loc)]
    if not items:
        return []
    order.confidence["rows"] = min(order.confidence.get("rows", 1.0), 0.5)
    return [Problem(code=CODE, severity="warning", message=(
        f"{len(items)} row(s) under the table read as items but not as lines (now notes): {items[0][:60]!r}; "
        f"a person checks no line is lost"))]


def _a_read_line(text: str, lines: set, loc: DocLocale) -> bool:
    """The note repeats a line read (its quantity and amount): a description noted, no item lost."""
    numbers = set(_numbers(text, loc))
    return any(q in numbers and a in numbers for q, a in lines if q is not None and a is not None)
