"""Item matching (exact, OCR-tolerant, by description) and the cross-checks of score_order."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gateway.stages.item_matching import (
    CHECKED, PO_SHAPE_MAX, match_item, order_confidence, po_shape, score_order, usual_po_shape,
)
from gateway.reference.masterdata import CustomerRecord, MasterData, ProductRecord
from gateway.model import ExtractedLine, ExtractedOrder

TODAY = date(2026, 11, 23)


@pytest.fixture
def md() -> MasterData:
    products = {
        "AB-105": ProductRecord("AB-105", "4012345678901", "Wood screw stainless 4x40", "C62", Decimal("1.20")),
        "AB-106": ProductRecord("AB-106", "", "Wood screw zinc plated 4x40", "C62", Decimal("1.10")),
        "KX-2201": ProductRecord("KX-2201", "", "Nylon anchor 8 mm", "BX", Decimal("12.50")),
        "SB-5800": ProductRecord("SB-5800", "", "Cutting disc 125 mm", "C62", Decimal("3.40")),
        "QZ-7788": ProductRecord("QZ-7788", "", "Garden hose 25 m", "C62", Decimal("39.00")),
        "QZ-7789": ProductRecord("QZ-7789", "", "Garden hose 50 m", "C62", Decimal("69.00")),
    }
    customers = {"C1": CustomerRecord("C1", "Bricomax", currency="EUR")}
    return MasterData(customers=customers, products=products, xref={("C1", "4711-0032"): "KX-2201"})


def test_customer_code_is_found_in_the_cross_reference(md: MasterData) -> None:
    match = match_item(md, "C1", "4711-0032", None, None, None)
    assert (match.sku, match.method, match.corrected_code) == ("KX-2201", "xref", None)
    assert match.confidence >= 0.99


def test_supplier_code_and_gtin_are_exact_matches(md: MasterData) -> None:
    assert match_item(md, "C1", None, "AB-105", None, None).method == "sku"
    assert match_item(md, None, None, None, "4012345678901", None).sku == "AB-105"


def test_code_in_the_other_column_still_matches(md: MasterData) -> None:
    match = match_item(md, "C1", "SB-5800", None, None, None)  # our SKU written in "their" column
    assert (match.sku, match.method) == ("SB-5800", "xref_as_sku")


def test_ocr_confusion_is_corrected(md: MasterData) -> None:
    match = match_item(md, "C1", None, "AB-1O5", None, None)
    assert (match.sku, match.method, match.corrected_code) == ("AB-105", "ocr_folded", "AB-105")
    assert match.confidence < 0.95


@pytest.mark.parametrize(("read", "sku"), [("S8-58OO", "SB-5800"), ("4711-OO32", "KX-2201"), ("kx 2201", "KX-2201")])
def test_more_ocr_confusions(md: MasterData, read: str, sku: str) -> None:
    assert match_item(md, "C1", read, None, None, None).sku == sku


def test_one_edit_away_matches_only_when_unique(md: MasterData) -> None:
    assert match_item(md, "C1", None, "SB-58000", None, None).sku == "SB-5800"
    assert match_item(md, "C1", None, "AB-107", None, None).sku is None  # AB-105? AB-106? no guess
    assert match_item(md, "C1", None, "QZ-778", None, None).sku is None  # QZ-7788 or QZ-7789


def test_description_alone_is_a_low_confidence_suggestion(md: MasterData) -> None:
    match = match_item(md, "C1", None, None, None, "Cutting disc 125 mm")
    assert (match.sku, match.method) == ("SB-5800", "description")
    assert match.confidence <= 0.5
    assert match_item(md, "C1", None, None, None, "Something else entirely").sku is None


def test_a_code_left_at_the_start_of_the_description_is_found(md: MasterData) -> None:
    match = match_item(md, "C1", None, None, None, "SB-5800 Cutting disc 125 mm")  # code column merged
    assert (match.sku, match.method) == ("SB-5800", "in_description")
    assert 0.9 <= match.confidence <= 0.97  # the rest of the description agrees with the product
    assert match_item(md, "C1", None, None, None, "4711-0032 Nylon anchor 8 mm").sku == "KX-2201"  # their code
    assert match_item(md, "C1", None, None, None, "S8-58OO Cutting disc").sku == "SB-5800"  # OCR-folded
    assert match_item(md, "C1", "ZZZ-999999", None, None, "SB-5800 Cutting disc").sku is None  # a code was read
    assert match_item(md, "C1", None, None, None, "Wood screw stainless 4x40").method != "in_description"


@pytest.fixture
def shop_md(md: MasterData) -> MasterData:
    """Codes of letters only: our SKU "TRW-BLK" and the customer's own "MSK-FF" for the anchors."""
    products = {**md.products, "TRW-BLK": ProductRecord("TRW-BLK", "", "Work trousers black", "C62", Decimal("29.00"))}
    return MasterData(customers=md.customers, products=products,
                      xref={**md.xref, ("C1", "MSK-FF"): "QZ-7788", ("C1", "DSC-125"): "SB-5800"})


@pytest.mark.parametrize(("text", "sku"), [
    ("TRW-BLK Work trousers, black, size 52", "TRW-BLK"),  # our SKU of letters first in the product cell
    ("Pantalon de travail noir T52 (TRW-BLK)", "TRW-BLK"),  # ... or in parentheses at its end
    ("MSK-FF Garden hose 25m", "QZ-7788"),  # the customer's own code, first
    ("Tuyau d'arrosage 25 m [MSK-FF]", "QZ-7788"),  # ... or bracketed at the end
    ("Trennscheibe 125 mm (SB-5800)", "SB-5800"),  # a SKU with digits in parentheses
    ("(4711-0032) Dübel 8 mm", "KX-2201"),  # their code with digits, in parentheses first
])
def test_a_code_anywhere_at_the_ends_of_the_product_cell_is_found(shop_md: MasterData, text: str, sku: str) -> None:
    match = match_item(shop_md, "C1", None, None, None, text)
    assert (match.sku, match.method) == (sku, "in_description")
    assert match.confidence <= 0.97


@pytest.mark.parametrize("text", [
    "Safety helmet white EN397",  # a word with digits that is no known code
    "HLM-X Safety helmet",  # a code-shaped word no one knows: never invented
    "Garden hose (QZ-7790)",  # a bracketed near miss of a known code: exact only
    "Cable (1000)", "Work trousers (XL)",  # a count, a size
    "TRW-BLK Work trousers (MSK-FF)",  # two known codes naming two products: not guessed between
    "trw-blk work trousers",  # letters only: as the catalogue writes it, not another case
    "Disques de rechange pour (SB-5800)", "Spare blade for cutter (SB-5800)",  # what the product fits (rev3 U4)
    "Ersatzteil passend für Trennscheibe [SB-5800]",
])
def test_no_code_is_made_up_from_the_product_cell(shop_md: MasterData, text: str) -> None:
    assert match_item(shop_md, "C1", None, None, None, text).method != "in_description"


def test_a_code_of_letters_is_only_the_customer_s_own(shop_md: MasterData) -> None:
    assert match_item(shop_md, "C2", None, None, None, "MSK-FF Garden hose 25m").method != "in_description"


def test_unknown_code_without_description_is_no_match(md: MasterData) -> None:
    assert match_item(md, "C1", "ZZZ-999999", None, None, None).method == "none"


@given(st.sampled_from(["AB-105", "AB-106", "KX-2201", "SB-5800", "QZ-7788", "QZ-7789"]))
def test_every_known_sku_matches_itself(sku: str) -> None:
    products = {s: ProductRecord(s) for s in ["AB-105", "AB-106", "KX-2201", "SB-5800", "QZ-7788", "QZ-7789"]}
    assert match_item(MasterData(products=products), None, None, sku, None, None).sku == sku


def _line(code: str, qty: str, price: str, amount: str, uom: str = "PCE", conf: float = 0.9) -> ExtractedLine:
    fields = ("supplier_item", "quantity", "unit_price", "amount", "uom")
    return ExtractedLine(supplier_item=code, quantity=Decimal(qty), uom=uom, unit_price=Decimal(price),
                         amount=Decimal(amount), confidence={f: conf for f in fields})


def _order(*lines: ExtractedLine, total: str | None = None) -> ExtractedOrder:
    return ExtractedOrder(po_number="4711", order_date=date(2026, 11, 2), requested_delivery_date=date(2026, 11, 9),
                          currency="EUR", lines=list(lines), total=Decimal(total) if total else None,
                          confidence={"po_number": 0.99, "order_date": 0.99, "requested_delivery_date": 0.99,
                                      "currency": 0.9, "total": 0.9})


def test_consistent_order_is_confident(md: MasterData) -> None:
    order = _order(_line("AB-105", "100", "1.20", "120.00"), _line("SB-5800", "3", "3.40", "10.20"),
                   total="130.20")
    scored = score_order(order, md, "C1", today=TODAY)
    assert scored is not order and order.lines[0].confidence["quantity"] == 0.9  # a copy
    assert scored.lines[0].confidence["quantity"] == CHECKED
    assert scored.confidence["total"] == CHECKED and scored.confidence["lines"] == CHECKED
    assert scored.confidence["currency"] >= 0.99
    assert scored.problems == []
    assert order_confidence(scored) >= 0.9


def test_amount_that_does_not_add_up_halves_confidence(md: MasterData) -> None:
    scored = score_order(_order(_line("AB-105", "100", "1.20", "130.00"), total="131.00"), md, "C1", today=TODAY)
    assert scored.lines[0].confidence["amount"] < 0.5
    assert scored.lines[0].confidence["quantity"] < 0.5 and scored.lines[0].confidence["unit_price"] < 0.5
    assert "CHECK-LINE-AMOUNT" in {p.code for p in scored.problems}
    assert order_confidence(scored) < 0.9


def test_total_vouches_for_an_amount_whose_quantity_or_price_is_wrong(md: MasterData) -> None:
    scored = score_order(_order(_line("AB-105", "100", "1.20", "130.00"), total="130.00"), md, "C1", today=TODAY)
    line = scored.lines[0]
    assert line.confidence["amount"] == CHECKED
    assert line.confidence["quantity"] < 0.5 and line.confidence["unit_price"] < 0.5
    assert order_confidence(scored) < 0.9


def test_lines_not_adding_up_to_the_total_flag_a_missing_line(md: MasterData) -> None:
    scored = score_order(_order(_line("AB-105", "100", "1.20", "120.00"), total="150.00"), md, "C1", today=TODAY)
    assert scored.confidence["lines"] == 0.5
    assert "CHECK-TOTAL" in {p.code for p in scored.problems}


def test_order_without_total_cannot_vouch_for_completeness(md: MasterData) -> None:
    scored = score_order(_order(_line("AB-105", "100", "1.20", "120.00")), md, "C1", today=TODAY)
    assert scored.confidence["lines"] < 0.9
    assert order_confidence(scored) < 0.9


def test_unknown_unit_and_unknown_item_are_problems(md: MasterData) -> None:
    scored = score_order(_order(_line("NOPE-1", "1", "2.00", "2.00", uom="Zorx"), total="2.00"), md, "C1",
                         today=TODAY)
    codes = {p.code for p in scored.problems}
    assert {"UNIT-UNKNOWN", "ITEM-UNKNOWN"} <= codes
    assert scored.lines[0].confidence["sku"] == 0.0


def test_corrected_item_code_is_reported_and_price_backs_it(md: MasterData) -> None:
    scored = score_order(_order(_line("AB-1O5", "10", "1.20", "12.00"), total="12.00"), md, "C1", today=TODAY)
    assert "ITEM-CORRECTED" in {p.code for p in scored.problems}
    assert 0.9 < scored.lines[0].confidence["sku"] < CHECKED


def test_implausible_dates_lower_their_confidence(md: MasterData) -> None:
    order = _order(_line("AB-105", "1", "1.20", "1.20"), total="1.20")
    order.order_date, order.requested_delivery_date = date(2062, 1, 1), date(2061, 1, 1)
    scored = score_order(order, md, "C1", today=TODAY)
    assert scored.confidence["order_date"] < 0.5
    assert scored.confidence["requested_delivery_date"] < 0.5


def test_order_without_lines_has_no_confidence(md: MasterData) -> None:
    assert order_confidence(score_order(_order(), md, "C1", today=TODAY)) == 0.0


def test_a_po_number_has_a_shape_and_a_customer_a_usual_one() -> None:
    assert po_shape(" po-0412a ") == "AA-9999A"
    assert usual_po_shape(["PO-1001", "PO-2002", "PO-3003"]) == "AA-9999"
    assert usual_po_shape(["PO-1001", "PO-2002"]) is None  # too few to tell
    assert usual_po_shape(["PO-1001", "PO-2002", "45001234"]) is None  # no single usual shape


def test_a_po_number_in_the_usual_shape_is_trusted_more_and_another_shape_is_flagged(md: MasterData) -> None:
    order = _order(_line("AB-105", "1", "1.20", "1.20"), total="1.20")
    order.po_number, order.confidence["po_number"] = "PO-4711", 0.85
    past = ["PO-1001", "PO-2002", "PO-3003"]
    usual = score_order(order, md, "C1", today=TODAY, past_po_numbers=past)
    assert 0.85 < usual.confidence["po_number"] <= PO_SHAPE_MAX
    assert not [p for p in usual.problems if p.code == "PO-FORMAT-UNUSUAL"]
    order.po_number = "P0-4711"  # O read as zero
    # read from an image: every past PO has "O" there, so the confusion is read as the customer's "O"
    repaired = score_order(order.model_copy(deep=True), md, "C1", today=TODAY, past_po_numbers=past)
    assert repaired.po_number == "PO-4711" and "OCR-READING-CONFIRMED" in [p.code for p in repaired.problems]
    # typed text has no OCR confusions: another shape is flagged
    misread = score_order(order, md, "C1", today=TODAY, past_po_numbers=past, exact_text=True)
    assert misread.confidence["po_number"] < 0.5
    assert [p.message for p in misread.problems if p.code == "PO-FORMAT-UNUSUAL"] == [
        "PO number 'P0-4711' is not in the customer's usual format 'AA-9999'"]
    assert score_order(order, md, "C1", today=TODAY, exact_text=True).confidence["po_number"] == 0.85  # no history
    # no history, read from an image: the zero between letters and a dash may be an "O" (PO-CHARACTER-UNSURE)
    assert score_order(order, md, "C1", today=TODAY).confidence["po_number"] <= 0.6
