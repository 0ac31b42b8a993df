"""A text PDF's row that reads as a priced item but was left as a note holds (LAYOUT-ROW-UNREAD): the rows of a table
after a page break that went into the notes would have gone out lost when no total disagreed (outside tester t2 H1).
Counter-examples that stay notes: money with no quantity times price (a minimum order value, a free-shipping
threshold), hours, phone numbers, a total, a note repeating a line read."""

from __future__ import annotations

from decimal import Decimal

import pytest

from extractors.capture.unread_items import CODE, priced_item, unread_item_notes
from extractors.locale_values import locale_for
from gateway.model import ExtractedLine, ExtractedOrder

DE, EN = locale_for("de_DE"), locale_for("en_US")


@pytest.mark.parametrize("text, loc", [
    ("SKU-1001 Copy paper A4 80g (box of 5 reams) 30 Karton 24,50 735,00", DE),
    ("TK-12008 Copy paper 10 EA 24.50 245.00", EN),
    ("HT.12160 Aktenvernichter 2 Stk 1.079,50 2.159,00", DE),
])
def test_a_row_with_quantity_price_and_their_product_is_an_item(text: str, loc) -> None:
    assert priced_item(text, loc)


@pytest.mark.parametrize("text, loc", [
    ("Mindestbestellwert 50,00 EUR", DE), ("Versand ab 150,00 frei, sonst 6,90", DE),
    ("Anlieferung zwischen 7 und 14 Uhr", DE), ("Please call 312-555-0188 before delivery", EN),
    ("Total 1,249.00", EN), ("Order 12 of 2026 dated 12/09/2026", EN),
])
def test_money_without_a_product_is_a_note(text: str, loc) -> None:
    assert not priced_item(text, loc)


def test_an_item_left_in_the_notes_holds_a_note_repeating_a_line_does_not() -> None:
    order = ExtractedOrder(lines=[ExtractedLine(line_no=1, quantity=Decimal(10), unit_price=Decimal("24.50"),
                                                amount=Decimal("245.00"))])
    (problem,) = unread_item_notes(order, ["TK-12127 Permanent marker 12 EA 1.45 17.40"], EN)
    assert problem.code == CODE and order.confidence["rows"] == 0.5
    order = ExtractedOrder(lines=list(order.lines))
    assert unread_item_notes(order, ["TK-12008 Copy paper 10 EA 24.50 245.00"], EN) == []
    assert "rows" not in order.confidence
