"""The capture benchmark counts a field wrong only when the ERP would receive a wrong value (issues 17/18).

``testkit.capture_truth.compare`` takes the truth's and the read line's unit to the product's unit through the
gateway's unit table and conversions (``testkit.erp_values``); a line printed without a price is priced by its
amount. Each case that now counts right has its near miss beside it that must still count wrong. The bench routes
each attachment to the reader the gateway's registry picks (a Word file is no PDF)."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest

from gateway.model import DocType, ExtractedLine, ExtractedOrder
from gateway.reference.masterdata import load_master_data
from testkit.capture_truth import Captured, compare, reader_for

MD = load_master_data(Path(__file__).parent / "fixtures" / "real_producers" / "masterdata")
DOCS = Path(__file__).parent / "fixtures" / "real_producers" / "docs"


def wrong_fields(sku: str, truth: tuple, read: tuple, catalogue: bool = True) -> set[str]:
    """Truth (quantity, unit, price, amount) against the line read (quantity, unit, price, amount, basis)."""
    tq, tu, tp, ta = truth
    rq, ru, rp, ra, basis = read
    want = {"po_number": "1", "order_date": None, "requested_delivery_date": None, "total": None,
            "lines": [{"sku": sku, "quantity": tq, "uom": tu, "unit_price": tp, "amount": ta}]}
    line = ExtractedLine(quantity=D(rq), uom=ru, unit_price=None if rp is None else D(rp),
                         amount=None if ra is None else D(ra), price_basis=None if basis is None else D(basis))
    got = Captured(ExtractedOrder(po_number="1", lines=[line]), [sku], 1.0, DocType.ORDER, "C5022",
                   [MD.products[sku].uom], MD.products if catalogue else {})
    return {c.field for c in compare(want, got) if not c.correct}


def test_a_package_word_for_a_box_at_the_box_price_is_the_box():
    # "Menge 250 × 24,50 €" of copy paper (sold by the box at 24.50): the truth says "Pkg", the ERP gets 250 BX
    assert wrong_fields("PR-1001", ("250", "Pkg", "24.50", "6125.00"), ("250", None, "24.50", "6125.00", None)) \
        == set()
    assert wrong_fields("PR-1015", ("40", "Pkg", "5.60", "224.00"), ("40", "Pkg", "5.60", "224.00", None)) == set()


def test_a_package_at_another_price_is_not_the_box():
    # 3 packs at 7.00 of a product sold by the box at 5.60: the ERP would get 3 boxes, not what was ordered
    assert wrong_fields("PR-1015", ("3", "Pkg", "7.00", "21.00"), ("3", None, "7.00", "21.00", None)) == {"uom"}


def test_a_piece_word_for_a_piece_product():
    assert wrong_fields("PR-1005", ("20", "Stk", "4.35", "87.00"), ("20", "St", "4.35", "87.00", None)) == set()
    assert wrong_fields("PR-1005", ("20", "Stk", "4.35", "87.00"), ("20", "EA", "4.35", "87.00", None)) == set()


def test_a_package_word_for_a_piece_product_counts_wrong():
    assert "uom" in wrong_fields("PR-1021", ("100", "Stk", "39.00", "3900.00"),
                                 ("100", "Pkg", "39.00", "3900.00", None))


def test_a_piece_of_a_product_sold_by_the_kilo_counts_wrong():
    assert "uom" in wrong_fields("PR-1008", ("150", "kg", "3.48", "522.00"), ("150", "Stk", "3.48", "522.00", None))


def test_a_dozen_is_compared_in_pieces():
    assert wrong_fields("PR-1012", ("2", "DZN", "11.40", "22.80"), ("24", None, "0.95", "22.80", None)) == set()
    # two dozen read as two pieces at a dozen's price: the ERP would get 2 pieces
    assert {"quantity", "unit_price"} <= wrong_fields("PR-1012", ("2", "DZN", "11.40", "22.80"),
                                                      ("2", None, "11.40", "22.80", None))


def test_a_line_without_a_price_is_priced_by_its_amount():
    # "×1  $2,189.00": the gateway prices the line by its amount (PRICE-FROM-AMOUNT)
    assert wrong_fields("PR-1011", ("10", "EA", "1.85", "18.50"), ("10", None, None, "18.50", None)) == set()
    assert wrong_fields("PR-1011", ("10", "EA", "1.85", "18.50"), ("10", None, None, "185.00", None)) \
        == {"unit_price", "amount"}


def test_a_price_per_hundred_is_compared_per_unit():
    assert wrong_fields("PR-1012", ("200", "Stk", "0.95", "190.00"), ("200", "Stk", "95.00", "190.00", "100")) \
        == set()
    assert "unit_price" in wrong_fields("PR-1012", ("200", "Stk", "0.95", "190.00"),
                                        ("200", "Stk", "95.00", "190.00", None))


def test_without_the_catalogue_the_units_are_compared_by_code():
    assert wrong_fields("PR-1005", ("20", "Stk", "4.35", "87.00"), ("20", None, "4.35", "87.00", None),
                        catalogue=False) == set()
    assert "uom" in wrong_fields("PR-1001", ("250", "Pkg", "24.50", "6125.00"), ("250", None, "24.50", "6125.00",
                                                                                  None), catalogue=False)


@pytest.mark.parametrize("name, reader", [("docxtot_t18e_1.docx", "word"), ("portalshot_t18f_2.png", "ocr"),
                                          ("shopcards_t18b_3.pdf", "pdf_text"), ("formula_en_1.xlsx", "sheet"),
                                          ("csv_en_1.csv", "sheet")])
def test_each_attachment_goes_to_its_reader(name: str, reader: str):
    path = DOCS / name
    assert reader_for(path.read_bytes(), path.name).name == reader
