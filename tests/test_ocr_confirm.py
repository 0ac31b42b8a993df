"""Master data choosing between two OCR engines' readings (gateway.stages.ocr_confirm through score_order)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from gateway.model import ExtractedLine, ExtractedOrder
from gateway.reference.masterdata import CustomerRecord, MasterData, ProductRecord
from gateway.stages.item_matching import match_item, order_confidence, score_order
from gateway.stages.ocr_confirm import variants

TODAY = date(2026, 11, 23)
PAST = ["PO-100231", "PO-100388", "PO-100412"]


@pytest.fixture
def md() -> MasterData:
    products = {
        "HZ-9813": ProductRecord("HZ-9813", "", "Contact glue zinc plated 5x60", "KGM", Decimal("183.05")),
        "VW-8373": ProductRecord("VW-8373", "", "Hinge brass 6 mm", "CT", Decimal("150.84")),
        "MB-195": ProductRecord("MB-195", "", "Flat washer 8 mm", "C62", Decimal("168.12")),
        "KD-1059": ProductRecord("KD-1059", "", "Hex nut M8", "C62", Decimal("12.00")),
        "KD-1O59": ProductRecord("KD-1O59", "", "Hex nut M10", "C62", Decimal("12.50")),
    }
    customers = {"C1": CustomerRecord("C1", "Keller", currency="EUR")}
    xref = {("C1", "ART90206"): "MB-195", ("C1", "323646"): "VW-8373"}
    return MasterData(customers=customers, products=products, xref=xref)


def _line(code: str, qty: str, price: str, uom: str = "PCE", other: dict[str, str] | None = None,
          field: str = "customer_item", line_no: int = 1) -> ExtractedLine:
    amount = (Decimal(qty) * Decimal(price)).quantize(Decimal("0.01"))
    conf = {field: 0.45, "quantity": 0.99, "unit_price": 0.99, "amount": 0.99, "uom": 0.97}
    return ExtractedLine(line_no=line_no, quantity=Decimal(qty), uom=uom, unit_price=Decimal(price), amount=amount,
                         confidence=conf, other_readings=other or {}, **{field: code})


def _order(*lines: ExtractedLine, **header) -> ExtractedOrder:
    values = {"po_number": "PO-100500", "order_date": date(2026, 11, 2), "currency": "EUR"}
    values.update(header)
    total = sum((ln.amount for ln in lines), Decimal(0))
    return ExtractedOrder(lines=list(lines), total=total, confidence={
        "po_number": 0.99, "order_date": 0.99, "currency": 0.99, "total": 0.99}, **values)


def _scored(md: MasterData, order: ExtractedOrder, exact_text: bool = False) -> ExtractedOrder:
    return score_order(order, md, "C1", today=TODAY, past_po_numbers=PAST, exact_text=exact_text)


def test_the_other_engines_reading_of_a_code_is_taken_when_it_is_known_at_its_list_price(md: MasterData) -> None:
    line = _line("323O46X", "250", "150.84", "Kart", other={"customer_item": "323646"})
    scored = _scored(md, _order(line))
    got = scored.lines[0]
    assert got.customer_item == "323646"
    assert match_item(md, "C1", got.customer_item, None, None, None).sku == "VW-8373"
    assert got.confidence["sku"] >= 0.95
    assert "ITEM-CORRECTED" in {p.code for p in scored.problems}


def test_a_known_code_away_from_its_list_price_is_not_confirmed(md: MasterData) -> None:
    line = _line("323O46X", "250", "99.00", "Kart", other={"customer_item": "323646"})
    got = _scored(md, _order(line)).lines[0]
    assert got.customer_item == "323O46X"
    assert got.confidence["sku"] < 0.9


def test_two_known_products_among_the_readings_hold_the_line(md: MasterData) -> None:
    # tesseract and RapidOCR read two codes of two real products: no price decides it
    line = _line("KD-1059", "10", "12.00", field="supplier_item", other={"supplier_item": "KD-1O59"})
    scored = _scored(md, _order(line))
    assert scored.lines[0].confidence["sku"] <= 0.5
    assert "ITEM-READINGS-CONFLICT" in {p.code for p in scored.problems}
    assert order_confidence(scored) < 0.9


def test_a_confusion_variant_naming_a_second_product_holds_even_one_engines_reading(md: MasterData) -> None:
    line = _line("KD-1059", "10", "12.00", field="supplier_item")
    assert _scored(md, _order(line)).lines[0].confidence["sku"] <= 0.5


def test_characters_as_written_are_not_second_guessed(md: MasterData) -> None:
    line = _line("KD-1059", "10", "12.00", field="supplier_item")
    assert _scored(md, _order(line), exact_text=True).lines[0].confidence["sku"] >= 0.99


def test_a_position_number_run_into_the_code_is_dropped_when_the_rest_is_known(md: MasterData) -> None:
    line = _line("11ART90206", "12", "168.12", line_no=11)
    got = _scored(md, _order(line)).lines[0]
    assert got.customer_item == "ART90206"
    assert got.confidence["sku"] >= 0.95


def test_a_unit_read_apart_is_the_readings_that_is_the_products_unit(md: MasterData) -> None:
    line = _line("ART90206", "5", "168.12", uom="PCF", other={"uom": "PCE"})
    scored = _scored(md, _order(line))
    assert scored.lines[0].uom == "PCE"
    assert scored.lines[0].confidence["uom"] >= 0.9


def test_a_speck_read_beside_a_unit_word_is_dropped_when_the_word_is_the_products_unit(md: MasterData) -> None:
    assert _scored(md, _order(_line("ART90206", "5", "168.12", uom="EA’"))).lines[0].uom == "EA"
    kilos = _scored(md, _order(_line("ART90206", "5", "168.12", uom="kg'"))).lines[0]  # not the product's unit
    assert kilos.uom == "kg'" and kilos.confidence["uom"] < 0.9


def test_a_two_letter_unit_one_edit_from_several_units_stays_held(md: MasterData) -> None:
    got = _scored(md, _order(_line("ART90206", "5", "168.12", uom="BA"))).lines[0]  # EA, BX, BAG...
    assert got.uom == "BA" and got.confidence["uom"] < 0.9


def test_a_po_number_read_apart_by_a_letter_digit_confusion_is_the_one_in_the_usual_shape(md: MasterData) -> None:
    order = _order(_line("ART90206", "5", "168.12", uom="EA"), po_number="PO-1OO5O0",
                   other_readings={"po_number": "PO-100500"})
    order.confidence["po_number"] = 0.45
    scored = _scored(md, order)
    assert scored.po_number == "PO-100500"
    assert scored.confidence["po_number"] >= 0.9


def test_a_po_number_read_apart_in_a_digit_stays_held(md: MasterData) -> None:
    order = _order(_line("ART90206", "5", "168.12", uom="EA"), po_number="PO-100506",
                   other_readings={"po_number": "PO-100508"})
    order.confidence["po_number"] = 0.45
    scored = _scored(md, order)
    assert scored.po_number == "PO-100506" and scored.confidence["po_number"] < 0.9


def test_of_two_order_date_readings_the_only_plausible_one_is_taken(md: MasterData) -> None:
    order = _order(_line("ART90206", "5", "168.12", uom="EA"), order_date=date(2026, 12, 2),
                   other_readings={"order_date": "2026-11-02"})
    order.confidence["order_date"] = 0.45
    scored = _scored(md, order)
    assert scored.order_date == date(2026, 11, 2) and scored.confidence["order_date"] >= 0.9
    both = _order(_line("ART90206", "5", "168.12", uom="EA"), order_date=date(2026, 10, 2),
                  other_readings={"order_date": "2026-11-02"})
    both.confidence["order_date"] = 0.45
    assert _scored(md, both).confidence["order_date"] < 0.9


def test_confusion_variants() -> None:
    assert variants("B-10") == {"B-10", "8-10", "B.10", "B-I0", "B-L0", "B-1O"}
