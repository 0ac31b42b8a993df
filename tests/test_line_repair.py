"""Mending item rows a single OCR slip keeps from adding up, and how score_order weighs them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from extractors.capture.line_repair import REPAIRED, candidate_fixes, is_slip, repair_order, repaired_fields
from extractors.locale_values import locale_for, parse_date, parse_number
from gateway.stages.item_matching import CHECKED, REPAIR_CONFIRMED, order_confidence, score_order
from gateway.reference.masterdata import CustomerRecord, MasterData, ProductRecord
from gateway.model import ExtractedLine, ExtractedOrder

TODAY = date(2026, 11, 23)
FIELDS = ("supplier_item", "quantity", "unit_price", "amount", "uom")


def _line(qty: str | None, price: str | None, amount: str | None, code: str = "AB-105",
          uom: str = "PCE") -> ExtractedLine:
    def dec(v: str | None) -> Decimal | None:
        return Decimal(v) if v is not None else None
    return ExtractedLine(supplier_item=code, quantity=dec(qty), uom=uom, unit_price=dec(price), amount=dec(amount),
                         confidence={f: 0.9 for f in FIELDS})


def _order(*lines: ExtractedLine, total: str | None = None) -> ExtractedOrder:
    return ExtractedOrder(po_number="4711", order_date=date(2026, 11, 2), currency="EUR", lines=list(lines),
                          total=Decimal(total) if total else None,
                          confidence={"po_number": 0.99, "order_date": 0.99, "currency": 0.9, "total": 0.9})


def _md() -> MasterData:
    products = {"AB-105": ProductRecord("AB-105", "", "Wood screw", "C62", Decimal("1.20")),
                "KX-2201": ProductRecord("KX-2201", "", "Nylon anchor", "CT", Decimal("12.50"))}
    return MasterData(customers={"C1": CustomerRecord("C1", "Bricomax", currency="EUR")}, products=products)


def test_slips_are_one_digit_a_decimal_mark_or_one_digit_more_or_less() -> None:
    assert is_slip(Decimal("4258.98"), Decimal("1258.98"))
    assert is_slip(Decimal("2282"), Decimal("228.2"))
    assert is_slip(Decimal("955"), Decimal("95"))
    assert not is_slip(Decimal("12"), Decimal("21"))
    assert not is_slip(Decimal("4258.98"), Decimal("1258.90"))
    assert not is_slip(Decimal("7"), Decimal("7.0"))


def test_a_single_slip_is_mended_and_reported() -> None:
    order = _order(_line("985", "1.20", "1146.00"))
    assert repair_order(order) == 1
    line = order.lines[0]
    assert line.quantity == Decimal("955") and line.confidence["quantity"] == REPAIRED
    assert repaired_fields(order) == {0: {"quantity"}}
    assert [p.code for p in order.problems] == ["OCR-REPAIRED"]


def test_no_mending_when_nothing_fits_or_the_row_adds_up() -> None:
    assert candidate_fixes(_line("3", "7.00", "35.50")) == []
    assert candidate_fixes(_line("2", "3.00", "6.00")) == []
    assert repair_order(_order(_line("3", "7.00", "35.50"))) == 0


def test_two_explanations_are_settled_by_the_total_only() -> None:
    # 6 x 209.83 = 1258.98 read as 4258.98; 709.83 x 6 = 4258.98 would fit too
    assert len(candidate_fixes(_line("6", "209.83", "4258.98"))) == 2
    assert repair_order(_order(_line("6", "209.83", "4258.98"))) == 0
    order = _order(_line("6", "209.83", "4258.98"), _line("2", "1.20", "2.40"), total="1261.38")
    assert repair_order(order) == 1 and order.lines[0].amount == Decimal("1258.98")


def test_an_unread_value_is_filled_from_the_other_two() -> None:
    order = _order(_line(None, "12.50", "125.00"))
    assert repair_order(order) == 1 and order.lines[0].quantity == Decimal("10")


def test_an_unread_quantity_is_never_filled_with_a_fraction() -> None:
    # "30 sachets" unread, the price 6,85 read as 685: 0.3 bags would fit the amount of 205.50
    order = _order(_line(None, "685", "205.50"))
    assert repair_order(order) == 0 and order.lines[0].quantity is None


def test_a_mended_value_is_confirmed_only_by_the_total() -> None:
    md = _md()
    unconfirmed = _order(_line("985", "1.20", "1146.00"))
    repair_order(unconfirmed)
    line = score_order(unconfirmed, md, "C1", today=TODAY).lines[0]
    assert line.confidence["quantity"] == REPAIRED and line.confidence["amount"] < CHECKED
    confirmed = _order(_line("985", "1.20", "1146.00"), total="1146.00")
    repair_order(confirmed)
    scored = score_order(confirmed, md, "C1", today=TODAY)
    assert scored.lines[0].confidence["quantity"] == REPAIR_CONFIRMED
    assert scored.lines[0].confidence["amount"] == CHECKED
    assert "CHECK-LINE-AMOUNT" not in {p.code for p in scored.problems}


def test_unit_one_edit_from_the_products_unit_is_corrected() -> None:
    scored = score_order(_order(_line("10", "12.50", "125.00", code="KX-2201", uom="CTH"), total="125.00"),
                         _md(), "C1", today=TODAY)
    assert scored.lines[0].uom == "CTN" and "UNIT-CORRECTED" in {p.code for p in scored.problems}
    # "CIN" is one edit from "CTN" but also from "CAN" and "TIN" (cans): not corrected, a person sees it
    cans = score_order(_order(_line("10", "12.50", "125.00", code="KX-2201", uom="CIN"), total="125.00"),
                       _md(), "C1", today=TODAY)
    assert cans.lines[0].uom == "CIN" and "UNIT-UNKNOWN" in {p.code for p in cans.problems}
    other = score_order(_order(_line("10", "1.20", "12.00", uom="CIN"), total="12.00"), _md(), "C1", today=TODAY)
    assert other.lines[0].uom == "CIN" and order_confidence(other) < 0.9  # not the product's unit


def test_ocr_numbers_and_dates_with_a_stray_mark() -> None:
    loc = locale_for("en_US", "eng")
    assert parse_number("172.3.", loc, ocr=True) == (Decimal("172.3"), 0.8)
    assert parse_number("172.3.", loc) is None
    assert parse_date("20, Oktober 2026", locale_for("de_DE", "deu")) == (date(2026, 10, 20), 0.8)


def test_an_order_printed_without_amounts_gets_them_computed_not_repaired() -> None:
    """findings-t23 F-7: a French letter listing quantity and price, no amount column: every line's
    amount is quantity x price, no OCR-REPAIRED on each line; a missing amount among read ones is mended."""
    from decimal import Decimal

    from extractors.capture.line_repair import repair_order
    from gateway.model import ExtractedLine, ExtractedOrder

    def line(q: str, p: str, a: str | None = None) -> ExtractedLine:
        return ExtractedLine(quantity=Decimal(q), unit_price=Decimal(p), amount=Decimal(a) if a else None,
                             confidence={"quantity": 0.97, "unit_price": 0.95})

    order = ExtractedOrder(lines=[line("12", "8.15"), line("3", "183.05")])
    repair_order(order)
    assert [ln.amount for ln in order.lines] == [Decimal("97.80"), Decimal("549.15")]
    assert order.lines[0].confidence["amount"] == 0.95 and not order.problems
    mixed = ExtractedOrder(lines=[line("12", "8.15"), line("3", "183.05", "549.15")])
    repair_order(mixed)
    assert [p.code for p in mixed.problems] == ["OCR-REPAIRED"]
