"""Review rev2 totals-block classes (own inputs): every totals block is checked as a whole, on sheets and on
printed tables alike.

#3 a printed block whose only totals are gross ("VAT 20% / Grand total", a lone "Total incl. VAT") is checked;
#1 a plain "Total" with no tax row must be the lines' net, and a block that does not add up keeps its printed total;
#9 a tax label starting with its rate ("19 % MwSt.") is a tax row, not an item code ending the block;
#2 a tax row's printed rate must be that share of the net;
#20 rows under the first gross total (a freight charge, "Balance due") are walked;
#10 #14 #18 rounding, levy, packaging, payment-term, "Total after discount" and quantity/weight rows get their roles.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from extractors.base import ExtractHints
from extractors.capture.block_sums import block_rows, check_block, row_role
from extractors.capture.pdf_text import EXTRACTOR as PDF
from extractors.sheet.sheet import EXTRACTOR as SHEET
from testkit.drawn_pdf import drawn_pdf
from testkit.harness import REPO
from tests.test_sheet import xlsx

HINTS = ExtractHints(mappings_dir=REPO / "mappings")
SUM = Decimal("500.00")


@pytest.mark.parametrize(("label", "role"), [
    ("Total quantity", None), ("Total weight (kg)", None), ("Gesamtgewicht", None), ("Anzahl Pakete", None),
    ("Total after discount", "net"), ("Net after rebate", "net"), ("Summe nach Rabatt", "net"),
    ("Subtotal (excl. VAT)", "net"), ("Rounding", "rounding"), ("Arrondi", "rounding"), ("Rundungsdifferenz", "rounding"),
    ("Éco-participation", "charge"), ("Verpackungskosten", "charge"), ("Packaging", "charge"),
    ("3% Skonto innerhalb 8 Tagen", "terms"), ("Escompte 2 %", "terms"), ("19 % MwSt.", "tax"),
])
def test_rev2_block_row_roles(label: str, role: str | None) -> None:
    assert row_role(label, Decimal("10")) == role


@pytest.mark.parametrize(("rows", "holds"), [
    ([("Total", "550.00")], True),  # #1: a plain total 10 % above the lines
    ([("Order total", "595.00")], True),  # #1: 19 % above, no tax row: it says neither net nor gross
    ([("Order total", "500.00")], False),
    ([("Sous-total", "500.00"), ("TVA 20 %", "120.00"), ("Total TTC", "620.00")], True),  # #2: 20 % is 100.00
    ([("Sous-total", "500.00"), ("TVA 20 %", "100.00"), ("Total TTC", "600.00")], False),
    ([("Subtotal", "500.00"), ("VAT 7%", "14.00"), ("VAT 19%", "57.00"), ("Grand total", "571.00")], False),  # mixed
    ([("Subtotal", "500.00"), ("VAT 7%", "14.00"), ("VAT 19%", "99.00"), ("Grand total", "613.00")], True),
    ([("Zwischensumme", "500.00"), ("19 % MwSt.", "95.00"), ("Endbetrag", "645.00")], True),  # #9
    ([("Subtotal", "500.00"), ("VAT 20%", "100.00"), ("Total incl. VAT", "600.00"), ("Freight", "25.00"),
      ("Balance due", "625.00")], False),  # #20
    ([("Subtotal", "500.00"), ("VAT 20%", "100.00"), ("Total incl. VAT", "600.00"), ("Freight", "25.00"),
      ("Balance due", "700.00")], True),
    ([("Net total", "500.00"), ("VAT 20%", "100.00"), ("Rounding", "-0.05"), ("Total due", "599.95")], False),  # #10
    ([("Net total", "500.00"), ("VAT 20%", "100.00"), ("Rounding", "-7.00"), ("Total due", "593.00")], True),
    ([("Total HT", "500.00"), ("Eco-participation", "2.50"), ("TVA 20 %", "100.50"), ("Total TTC", "603.00")], False),
    ([("Warenwert", "500.00"), ("Verpackungskosten", "8.00"), ("MwSt. 19 %", "96.52"), ("Gesamtbetrag", "604.52")], False),
    ([("Subtotal", "500.00"), ("Trade discount 10%", "-50.00"), ("Net after rebate", "450.00"), ("VAT 20%", "90.00"),
      ("Grand total", "540.00")], False),  # #14
    ([("Nettobetrag", "500.00"), ("MwSt. 19 %", "95.00"), ("Gesamtbetrag", "595.00"),
      ("3% Skonto innerhalb 8 Tagen", "-17.85")], False),
])
def test_rev2_every_block_adds_up_as_a_whole(rows: list, holds: bool) -> None:
    found = check_block(block_rows([(label, Decimal(a)) for label, a in rows]), SUM, 3)
    assert bool(found.problems) is holds, [p.message for p in found.problems]


def test_rev2_total_after_a_discount_is_no_second_discount() -> None:
    found = check_block(block_rows([("Subtotal", Decimal("500.00")), ("Trade discount 10%", Decimal("-50.00")),
                                    ("Net after rebate", Decimal("450.00"))]), SUM, 3)
    assert [(a.kind, a.amount) for a in found.allowances] == [("allowance", Decimal("50.00"))]
    assert found.total == Decimal("450.00")


def _sheet(block: list[tuple[str, float]]):
    rows = [["PO Number", "RV-2"], [], ["Item Code", "Description", "Qty", "Unit Price", "Line Total"],
            ["XQ-TRAY", "Desk trays", 20, 15.0, 300.0], ["XQ-CLIP", "Paper clips", 40, 5.0, 200.0]]
    rows += [[None, None, None, label, amount] for label, amount in block]
    [order] = SHEET.extract(xlsx(rows), HINTS).orders
    return order


def test_rev2_a_sheets_plain_total_above_the_lines_holds_and_keeps_its_print() -> None:
    order = _sheet([("Total", 535.0)])  # 7 % above the lines, no word of tax
    assert "TOTAL-MISMATCH" in {p.code for p in order.problems}
    assert order.total == Decimal("535")


def test_rev2_a_sheets_rate_first_tax_label_is_in_the_block() -> None:
    order = _sheet([("Zwischensumme", 500.0), ("19 % MwSt.", 95.0), ("Gesamtbetrag", 640.0)])
    assert any("Gesamtbetrag" in p.message for p in order.problems if p.code == "TOTAL-MISMATCH")
    assert not _sheet([("Zwischensumme", 500.0), ("19 % MwSt.", 95.0), ("Gesamtbetrag", 595.0)]).problems


def test_rev2_a_sheets_freight_under_the_gross_total_is_a_charge() -> None:
    order = _sheet([("Subtotal", 500.0), ("VAT 20%", 100.0), ("Total incl. VAT", 600.0), ("Freight", 25.0),
                    ("Balance due", 625.0)])
    assert not order.problems and [(a.kind, a.amount) for a in order.allowances] == [("charge", Decimal("25"))]
    bad = _sheet([("Subtotal", 500.0), ("VAT 20%", 100.0), ("Total incl. VAT", 600.0), ("Freight", 25.0),
                  ("Balance due", 725.0)])
    assert "TOTAL-MISMATCH" in {p.code for p in bad.problems}


def _printed(block: list[tuple[str, str]]):
    head = [(60, 55, "PURCHASE ORDER"), (90, 55, "PO Number:"), (90, 160, "RV-3"),
            *((170, x, t) for x, t in [(55, "Item"), (130, "Description"), (330, "Qty"), (390, "Unit Price"),
                                       (470, "Amount")]),
            *((188, x, t) for x, t in [(55, "XQ-TRAY"), (130, "Desk trays"), (330, "20"), (390, "15.00"), (470, "300.00")]),
            *((203, x, t) for x, t in [(55, "XQ-CLIP"), (130, "Paper clips"), (330, "40"), (390, "5.00"), (470, "200.00")])]
    rows = [(240 + 15 * k, x, t) for k, (label, amount) in enumerate(block) for x, t in [(330, label), (470, amount)]]
    [order] = PDF.extract(drawn_pdf(head + rows), ExtractHints(locale="en_GB")).orders
    return order


@pytest.mark.parametrize("block", [
    [("VAT 20%", "100.00"), ("Grand total", "650.00")],  # #3: no subtotal row, 50.00 too high
    [("Total incl. VAT", "655.00")],  # #3: a lone gross total at no common rate (31 %)
    [("Subtotal", "500.00"), ("VAT 20%", "130.00"), ("Grand total", "630.00")],  # #2: 20 % is 100.00
])
def test_rev2_a_printed_block_of_gross_totals_is_checked(block: list) -> None:
    assert "TOTAL-MISMATCH" in {p.code for p in _printed(block).problems}


def test_rev2_a_printed_quantity_total_under_a_right_block_is_no_money_row() -> None:
    order = _printed([("Subtotal", "500.00"), ("VAT 20%", "100.00"), ("Grand total", "600.00"),
                      ("Total quantity:", "60.00"), ("Total weight (kg):", "14.20")])
    assert "TOTAL-MISMATCH" not in {p.code for p in order.problems}, [p.message for p in order.problems]


@pytest.mark.parametrize(("total", "country", "wrong"), [
    (535.0, "BE", ["7"]), (605.0, "BE", []), (535.0, "DE", []), (545.0, "FR", ["9"]), (545.0, "NL", []),
    (535.0, "US", []),  # a country not listed: not checked here
])
def test_rev2_a_gross_total_with_no_tax_row_must_be_at_a_rate_of_the_customers_country(
        total: float, country: str, wrong: list) -> None:
    from gateway.stages.vat_rates import wrong_gross_rates
    order = _sheet([("Subtotal", 500.0), ("Total incl. VAT", total)])
    assert not order.problems
    assert [f"{r.normalize():f}" for r in wrong_gross_rates(order.references, country)] == wrong


@pytest.mark.parametrize("block", [
    [("Net total", "500.00"), ("VAT 20%", "100.00"), ("Rounding", "-0.04"), ("Total due", "599.96")],
    [("Subtotal", "500.00"), ("Packing", "10.00"), ("VAT 20%", "102.00"), ("Grand total", "612.00")],
])
def test_rev2_a_printed_rounding_or_packing_row_is_part_of_a_right_block(block: list) -> None:
    order = _printed(block)
    assert "TOTAL-MISMATCH" not in {p.code for p in order.problems}, [p.message for p in order.problems]
