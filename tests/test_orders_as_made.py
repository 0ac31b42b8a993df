"""Orders as people make them (issue 18, the outside tester's last classes), printed by Debian's Chromium
(``tests/printed.py``): an amount column whose title no reader knows, read by the arithmetic when every
line's money there is its quantity x price, held (``LAYOUT-AMOUNT-UNNAMED``) when it is not."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from extractors.base import ExtractHints
from extractors.capture.pdf_text import PdfTextExtractor
from tests.printed import printed_pdf

REAL = Path(__file__).parent / "fixtures" / "real_producers"
CSS = ("body{font-family:'DejaVu Sans',sans-serif;font-size:10pt}table{border-collapse:collapse}"
       "th,td{padding:3px 5px}.num{text-align:right;white-space:nowrap}")
# (customer code, description, quantity, unit, price): customer C5031 of real_producers (Tri-State Supply)
ITEMS = (("TS-12199", "Address labels 99 x 38 mm, box of 800", "40", "BX", "16.80"),
         ("TS-12094", "Toner cartridge black high yield", "3", "EA", "89.90"),
         ("TS-12157", "Permanent marker black bullet tip", "25", "EA", "1.45"))


def _page(title: str, factor: str, ruled: bool = True) -> str:
    rows, total = [], Decimal(0)
    for code, text, qty, unit, price in ITEMS:
        amount = Decimal(qty) * Decimal(price)
        total += amount
        shown = (amount * Decimal(factor)).quantize(Decimal("0.01"))
        rows.append(f"<tr><td>{code}</td><td>{text}</td><td class=num>{qty}</td><td>{unit}</td>"
                    f"<td class=num>{price}</td><td class=num>{shown:,.2f}</td></tr>")
    border = " border=1" if ruled else ""
    return (f"<html><head><meta charset=utf-8><style>{CSS}</style></head><body><p><b>Tri-State Supply Co.</b><br>"
            f"40 Dock Street<br>Newark, NJ 07105</p><h2>Purchase Order</h2><p>PO Number: 880771<br>"
            f"Order Date: December 3, 2026<br>Delivery Date: December 17, 2026</p><table style='width:100%'{border}>"
            f"<tr><th>Item</th><th>Description</th><th>Qty</th><th>Unit</th><th>Unit price</th><th>{title}</th></tr>"
            f"{''.join(rows)}</table><p style='text-align:right'><b>Total {total:,.2f}</b></p></body></html>")


def _read(name: str, html: str):
    pdf = printed_pdf(name, html)
    return PdfTextExtractor().extract(pdf.read_bytes(), ExtractHints(filename=pdf.name)).orders[0]


@pytest.mark.parametrize("title,ruled", [("Extension", True), ("Ext. value", False), ("Line value", True)])
def test_money_under_an_unknown_title_that_is_every_lines_quantity_x_price_is_its_amount(title: str, ruled: bool) -> None:
    order = _read(f"amtarith_{title.split()[0].strip('.').lower()}_{int(ruled)}", _page(title, "1", ruled))
    assert [ln.amount for ln in order.lines] == [Decimal(q) * Decimal(p) for _, _, q, _, p in ITEMS]
    assert not [p for p in order.problems if p.code == "LAYOUT-AMOUNT-UNNAMED"]


@pytest.mark.parametrize("title,factor", [("Value incl. VAT", "1.2"), ("Gross value", "1.19"), ("Listenwert", "1.1")])
def test_money_under_an_unknown_title_that_is_not_the_lines_amount_holds_the_order(title: str, factor: str) -> None:
    order = _read(f"amtother_{title.split()[0].lower()}", _page(title, factor))
    assert all(ln.amount is None and ln.confidence["amount"] == 0.0 for ln in order.lines)
    assert [p.code for p in order.problems] == ["LAYOUT-AMOUNT-UNNAMED"]


def test_through_the_gateway_the_unnamed_column_that_is_no_amount_holds_the_order(tmp_path: Path) -> None:
    from gateway.config import load_config
    from gateway.oneshot import extract_file
    from testkit.harness import write_config

    pdf = printed_pdf("amtother_value", _page("Value incl. VAT", "1.2"))
    config = load_config(write_config(tmp_path, master_data=REAL / "masterdata"))
    (entry,) = extract_file(config, pdf, channel="email", sender="purchasing@tristate-supply.example")["orders"]
    order = entry["order"]
    assert order["status"] == "review"
    assert "LAYOUT-AMOUNT-UNNAMED" in {i["code"] for i in order["issues"] if i["severity"] == "error"}
    ok = printed_pdf("amtarith_extension_1", _page("Extension", "1"))
    (entry,) = extract_file(config, ok, channel="email", sender="purchasing@tristate-supply.example")["orders"]
    assert entry["order"]["status"] == "ready"
    assert [ln["amount"] for ln in entry["order"]["lines"]] == ["672.00", "269.70", "36.25"]
