"""A portal's item table printed by Chromium with its cells centred vertically and only horizontal rules: a code
wrapped in its narrow cell ("TK-" / "12008") beside a description of many lines, the quantity, price and amount level
with the middle line. The number row is joined with the band of text lines around it: one item, its code whole.
Counter-examples: a number row under an item's continuation lines with nothing under it, and one whose text lines
run on from an item row above with no gap, stay unread rows (named, never glued)."""

from __future__ import annotations

from decimal import Decimal

from extractors.base import ExtractHints
from extractors.capture.layout import read_order_document
from extractors.capture.words import PageWords, Word

H = 9.0  # a line's height; lines of one cell 10.5 apart, cells of two rows further


def _words(placed: list[tuple[str, float, float]]) -> list[Word]:
    return [Word(t, x, y, x + 5.0 * len(t), y + H, 1.0, 1) for t, x, y in placed]


HEAD = [("Purchase", 40, 30), ("Order", 90, 30), ("PO", 40, 60), ("Number:", 55, 60), ("77401", 100, 60),
        ("Order", 40, 72), ("Date:", 70, 72), ("12/09/2026", 100, 72), ("Delivery", 40, 84), ("Date:", 85, 84),
        ("12/18/2026", 115, 84),
        ("Item", 40, 120), ("Description", 90, 120), ("Qty", 300, 120), ("Unit", 360, 120), ("Price", 385, 120),
        ("Amount", 480, 120)]
DESC = ["Copy paper A4 80", "gsm, ream of 500", "sheets, bright white,", "for laser and inkjet", "printers, FSC",
        "certified, delivered", "on pallet, please", "keep dry and flat,", "thank you"]


def _band(y: float, code: tuple[str, str] | None, numbers: float | None) -> list[tuple[str, float, float]]:
    placed = []
    for k, line in enumerate(DESC):
        placed += [(w, 90 + 40 * j, y + 10.5 * k) for j, w in enumerate(line.split())]
    if code:
        placed += [(code[0], 40, y + 10.5 * 4), (code[1], 40, y + 10.5 * 5)]
    if numbers is not None:
        placed += [("10", 300, numbers), ("24.50", 360, numbers), ("245.00", 480, numbers)]
    return placed


def _read(placed: list[tuple[str, float, float]]):
    page = PageWords(1, 600.0, 840.0, tuple(_words(HEAD + placed)))
    (order,) = read_order_document([page], ExtractHints(locale="en_US"), "pdf_text", ocr=False).orders
    return order


TAIL = [("TK-12085", 40, 260), ("Highlighter", 90, 260), ("yellow", 150, 260), ("20", 300, 260), ("0.95", 360, 260),
        ("19.00", 480, 260), ("Total", 360, 285), ("264.00", 480, 285)]


def test_a_code_wrapped_around_the_middle_of_a_long_description_is_one_item() -> None:
    order = _read(_band(140, ("TK-", "12008"), 140 + 10.5 * 4.5) + TAIL)
    assert [(ln.customer_item, ln.quantity, ln.amount) for ln in order.lines] == [
        ("TK-12008", Decimal(10), Decimal("245.00")), ("TK-12085", Decimal(20), Decimal("19.00"))]
    assert order.lines[0].description.startswith("Copy paper A4 80")


def test_a_number_row_with_no_text_under_it_is_not_glued_to_the_lines_above() -> None:
    placed = [("TK-12001", 40, 140), ("Stapler", 90, 140), ("10", 300, 140), ("18.75", 360, 140),
              ("187.50", 480, 140), ("heavy", 90, 150.5), ("duty", 130, 150.5), ("10", 300, 161),
              ("24.50", 360, 161), ("245.00", 480, 161),
              ("Total", 360, 285), ("432.50", 480, 285)]
    order = _read(placed)
    assert [ln.customer_item for ln in order.lines][:1] == ["TK-12001"]
    assert order.lines[0].description.startswith("Stapler heavy duty")
    assert len(order.lines) == 1 or order.lines[1].customer_item is None
