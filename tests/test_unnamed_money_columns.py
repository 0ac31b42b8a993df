"""Every money column of no known title is tried, not only the first: "Gross value | Contract value" (the net after a
line discount right of the gross) waits for a person (LAYOUT-AMOUNT-UNNAMED) instead of going out at the gross; a
"Weight kg" or "Tax %" column left of an unknown-titled amount column no longer holds a clean order (review revD D5,
D7). Chromium prints (tests/printed.py)."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from tests.printed import printed_pdf

HERE = Path(__file__).parent
CSS = "body{font-family:'DejaVu Sans',sans-serif;font-size:10pt}table{border-collapse:collapse}th,td{padding:3px 5px}"
ITEMS = (("SKU-1003", "Stapler", 12, "2.75"), ("SKU-1002", "Ballpoint pens blue", 40, "0.85"))


def _page(titles: tuple[str, ...], extra, total: str | None, gross: str = "Line value") -> str:
    rows = []
    for code, text, qty, price in ITEMS:
        worth = Decimal(qty) * Decimal(price)
        vals = [extra(worth) if t != "_gross" else f"{worth:.2f}" for t in titles]
        rows.append(f"<tr><td>{code}</td><td>{text}</td><td>{qty}</td><td>EA</td><td>{price}</td>"
                    + "".join(f"<td>{v}</td>" for v in vals) + "</tr>")
    th = "".join(f"<th>{t}</th>" for t in ("Item", "Description", "Qty", "Unit", "Unit price",
                                             *[(gross if t == "_gross" else t) for t in titles]))
    tot = f"<p style='text-align:right'>Total {total}</p>" if total else ""
    return (f"<html><head><meta charset=utf-8><style>{CSS}</style></head><body><p><b>Lindholm Supplies Ltd</b><br>"
            f"4 Mill Lane<br>Leeds LS1 4AB</p><p>PO Number: 770131<br>Order Date: 12/02/2026</p>"
            f"<table border=1 style='width:100%'><tr>{th}</tr>{''.join(rows)}</table>{tot}</body></html>")


def _order(name: str, html: str):
    from extractors.base import ExtractHints
    from extractors.capture.pdf_text import EXTRACTOR as PDF

    hints = ExtractHints(languages=("eng",), locale="en_GB", mappings_dir=HERE.parent / "mappings")
    (order,) = PDF.extract(printed_pdf(name, html).read_bytes(), hints).orders
    return order


@pytest.mark.parametrize("name,total,gross", [("unnamed_net_nototal", None, "Line value"),
                                              ("unnamed_net_grosstotal", "67.00", "Line value"),
                                              ("unnamed_both_nototal", None, "Gross worth"),
                                              ("unnamed_both_grosstotal", "67.00", "Gross worth")])
def test_a_second_unnamed_money_column_right_of_the_gross_holds(name: str, total: str | None, gross: str) -> None:
    order = _order(name, _page(("_gross", "Agreed value"), lambda g: f"{g * Decimal('0.85'):.2f}", total, gross))
    assert "LAYOUT-AMOUNT-UNNAMED" in {p.code for p in order.problems}
    assert all(line.amount is None or line.confidence.get("amount", 1.0) == 0.0 for line in order.lines)


@pytest.mark.parametrize("name,title,value", [("unnamed_weight_first", "Weight kg", "12.50"),
                                              ("unnamed_rate_first", "Tax %", "8.25")])
def test_a_weight_or_rate_left_of_the_amount_column_is_no_amount(name: str, title: str, value: str) -> None:
    order = _order(name, _page((title, "_gross"), lambda g: value, "67.00", "Gross worth"))
    assert "LAYOUT-AMOUNT-UNNAMED" not in {p.code for p in order.problems}
    assert [line.amount for line in order.lines] == [Decimal("33.00"), Decimal("34.00")]


@pytest.mark.parametrize("name,gross", [("unnamed_ttc_named", "Line value"), ("unnamed_ttc_both", "Gross worth")])
def test_the_amount_with_its_tax_right_of_it_is_no_other_amount(name: str, gross: str) -> None:
    order = _order(name, _page(("_gross", "Incl. VAT"), lambda g: f"{g * Decimal('1.2'):.2f}", "67.00", gross))
    assert "LAYOUT-AMOUNT-UNNAMED" not in {p.code for p in order.problems}
    assert [line.amount for line in order.lines] == [Decimal("33.00"), Decimal("34.00")]
