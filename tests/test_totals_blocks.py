"""Issue 18, totals and header classes from outside testers (own examples, ``make_t18e.py``):

A. a totals block is checked as a whole ("Subtotal / VAT 20% / Grand total"): a grand total typed 50.00 too high
   under a right subtotal holds ``TOTAL-MISMATCH`` in sheets (.xlsx .ods .csv), Word tables and printed tables;
B. a freight row after "Total HT" is one of the block's charges, no false ``TOTAL-MISMATCH``;
C. a total said to include VAT with no tax row over net lines adds up (the net plus a common VAT rate);
D. a first column titled as a position whose values do not run 1, 2, 3 / 10, 20, 30 is the item's number;
E. Odoo's "Order Deadline" is the order's date ("Expected Arrival", "Receipt Date" the delivery date).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from extractors.base import ExtractHints
from extractors.capture.block_sums import block_rows, check_block, row_role
from extractors.capture.pdf_text import EXTRACTOR as PDF
from extractors.capture.positions import runs_as_positions
from extractors.sheet.sheet import EXTRACTOR as SHEET
from testkit.drawn_pdf import drawn_pdf
from testkit.harness import REPO, write_config
from tests.test_real_producers import FIXTURES, _extract, assert_order_is_the_truth, truth_of
from tests.test_sheet import xlsx

HINTS = ExtractHints(mappings_dir=REPO / "mappings")
DOCS = sorted(p for p in (FIXTURES / "docs").glob("*_t18e_*") if p.suffix != ".json")


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_config(tmp_path_factory.mktemp("gw"), master_data=FIXTURES / "masterdata")


@pytest.mark.parametrize(("label", "role"), [
    ("Subtotal", "net"), ("Sous-total", "net"), ("Zwischensumme", "net"), ("Total HT", "net"), ("Summe netto", "net"),
    ("Warenwert netto", "net"), ("Total excl. VAT", "net"), ("Shipping", "charge"), ("Frais de port", "charge"),
    ("Versandkosten", "charge"), ("Port", "charge"), ("Fracht", "charge"), ("Discount 2%", "allowance"),
    ("abzgl. Rabatt 2 %", "allowance"), ("Remise 3 %", "allowance"), ("VAT 20%", "tax"), ("TVA (20 %)", "tax"),
    ("MwSt. 19 %", "tax"), ("USt. 19%", "tax"), ("Sales tax 8.25%", "tax"), ("Total TVA", "tax"),
    ("davon MwSt. 19 %", "tax-inside"), ("Grand total", "gross"), ("Total TTC", "gross"), ("Net à payer TTC", "gross"),
    ("Endbetrag", "gross"), ("Gesamtbetrag inkl. MwSt.", "gross"), ("Total due", "gross"), ("Total", "total"),
    ("Gesamtbetrag", "total"), ("Order total", "total"), ("Bank charges waived", None),
])
def test_a_block_rows_role_is_read_from_its_words_in_three_languages(label: str, role: str | None) -> None:
    assert row_role(label, Decimal("10")) == role


SUM = Decimal("500.00")


@pytest.mark.parametrize(("rows", "holds"), [
    ([("Subtotal", "500.00"), ("VAT 20%", "100.00"), ("Grand total", "600.00")], False),
    ([("Subtotal", "500.00"), ("VAT 20%", "100.00"), ("Grand total", "650.00")], True),  # A: typed 50.00 too high
    ([("Subtotal", "510.00"), ("VAT 20%", "102.00"), ("Grand total", "612.00")], True),  # the subtotal no sum
    ([("Total HT", "500.00"), ("Frais de port", "15.00"), ("TVA 20 %", "103.00"), ("Total TTC", "618.00")], False),  # B
    ([("Zwischensumme", "500.00"), ("abzgl. Rabatt 2 %", "-10.00"), ("MwSt. 19 %", "93.10"), ("Gesamtbetrag", "583.10")], False),
    ([("Zwischensumme", "500.00"), ("abzgl. Rabatt 3 %", "-10.00"), ("Gesamtbetrag", "490.00")], True),  # 3 % is 15.00
    ([("Total TTC", "600.00")], False),  # C: the net plus 20 %
    ([("Gesamtbetrag inkl. MwSt.", "595.00")], False),  # C: the net plus 19 %
    ([("Total TTC", "611.00")], True),  # no common rate
    ([("Subtotal", "500.00"), ("Handling surcharge", "12.00"), ("Grand total", "512.00")], True),  # role not settled
    ([("Total", "500.00")], False),
    ([("Total", "500.00"), ("TVA 20 %", "100.00"), ("Total TTC", "600.00")], False),  # a plain total over tax: the net
    ([("Gesamtbetrag", "595.00"), ("davon MwSt. 19 %", "95.00")], False),
])
def test_a_totals_block_must_add_up_as_a_whole(rows: list, holds: bool) -> None:
    found = check_block(block_rows([(label, Decimal(a)) for label, a in rows]), SUM, 3)
    assert bool(found.problems) is holds, [p.message for p in found.problems]
    assert all(p.code == "TOTAL-MISMATCH" for p in found.problems)


def _sheet_order(block: list[tuple[str, float]]):
    rows = [["PO Number", "TB-1"], [], ["Item Code", "Description", "Qty", "Unit Price", "Line Total"],
            ["QH-CUP8", "Coffee cups", 10, 42.0, 420.0], ["QH-NAP33", "Napkins", 10, 8.0, 80.0]]
    rows += [[None, None, None, label, amount] for label, amount in block]
    [order] = SHEET.extract(xlsx(rows), HINTS).orders
    return order


def test_a_sheets_grand_total_typed_wrong_under_a_right_subtotal_holds() -> None:
    order = _sheet_order([("Subtotal", 500.0), ("VAT 20%", 100.0), ("Grand total", 650.0)])
    assert "TOTAL-MISMATCH" in {p.code for p in order.problems}
    assert "'Grand total' 650" in next(p.message for p in order.problems if p.code == "TOTAL-MISMATCH")


def test_a_sheets_freight_after_total_ht_is_a_charge_of_the_block() -> None:
    order = _sheet_order([("Total HT", 500.0), ("Frais de port", 15.0), ("TVA 20 %", 103.0), ("Total TTC", 618.0)])
    assert not order.problems and order.total == Decimal("515")
    assert [(a.kind, a.amount) for a in order.allowances] == [("charge", Decimal("15"))]


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_own_totals_and_odoo_documents_are_read_and_held_when_their_block_does_not_add_up(config: Path, doc: Path) -> None:
    """Sheets (.xlsx, .ods), Word tables and Chromium prints: the truth's total (the lines with the block's charges
    and discounts; a held one's total is the person's to settle); a typed grand total or subtotal the block does not
    give holds TOTAL-MISMATCH; the others raise no total issue."""
    truth = truth_of(doc)
    (entry,) = _extract(config, doc, truth["sender"])["orders"]
    order = entry["order"]
    assert_order_is_the_truth(order, truth)
    codes = {i["code"] for i in order["issues"]}
    if truth.get("hold"):
        assert order["status"] != "ready" and "TOTAL-MISMATCH" in codes
    else:
        assert not codes & {"TOTAL-MISMATCH", "CHECK-TOTAL", "LAYOUT-TOTAL-UNEXPLAINED"}, order["issues"]


@pytest.mark.parametrize(("values", "positions"), [
    (["1", "2", "3"], True), (["10", "20", "30"], True), (["1", "2", "4"], True), (["5", "10", "15"], True),
    (["4711-22", "4711-38"], False), (["100234", "100251", "100377"], False), (["7", "12", "15"], False),
    (["3", "2", "1"], True), (["1", "1", "2"], False), (["2", "3", "4"], True), (["1.1", "1.2", "2.1"], True),
    (["00010", "00020", "00030"], True), (["12", "13", "14"], False), (["1.2", "1.1"], False),
])
def test_a_position_column_runs_as_positions(values: list[str], positions: bool) -> None:
    assert runs_as_positions(values) is positions


@pytest.mark.parametrize("title", ["No.", "Nr.", "Pos.", "#", "N°"])
@pytest.mark.parametrize(("codes", "read"), [
    (["4711-22", "4711-38", "5120-01"], ["4711-22", "4711-38", "5120-01"]),
    (["100234", "100251", "100377"], ["100234", "100251", "100377"]),
    (["1", "2", "3"], [None, None, None]), (["10", "20", "30"], [None, None, None]),
])
def test_customer_item_numbers_under_a_position_title_are_the_items_codes(title: str, codes: list, read: list) -> None:
    rows = [["PO Number", "D-1"], [], [title, "Description", "Qty", "Unit Price", "Amount"]]
    rows += [[c, f"Thing {k}", 5, 2.0, 10.0] for k, c in enumerate(codes)] + [[None, None, None, "Total", 30.0]]
    [order] = SHEET.extract(xlsx(rows), HINTS).orders
    assert [ln.customer_item for ln in order.lines] == read
    pdf = drawn_pdf([(60, 55, "PURCHASE ORDER"), (90, 55, "PO Number:"), (90, 160, "D-1"),
                     *((170, x, t) for x, t in [(55, title), (130, "Description"), (330, "Qty"), (390, "Unit Price"),
                                                (470, "Amount")]),
                     *((188 + 15 * k, x, t) for k, c in enumerate(codes)
                       for x, t in [(55, c), (130, f"Thing {k}"), (330, "5"), (390, "2.00"), (470, "10.00")]),
                     (250, 390, "Total"), (250, 470, "30.00")])
    [printed] = PDF.extract(pdf, ExtractHints(locale="en_GB")).orders
    assert [ln.customer_item for ln in printed.lines] == read
    if read[0] is None:
        assert [ln.line_no for ln in printed.lines] == [int(c) for c in codes]
