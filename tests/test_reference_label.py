"""A bare "Reference" / "Référence" is no PO label: on a customer's print it names as often the supplier's quote or
devis, a payment reference under the items, or the other party's number wrapped in a narrow label cell ("Your" /
"Reference"). None of them goes out as the PO: the order waits PO-MISSING (an accounting print whose only number is
its "Reference", Xero or QuickBooks, waits too). Counter-examples: the buyer's own labelled number ("Our ref:", the
title's "Purchase Order PO-55120") beside a "Reference" goes out untouched. Two orders printed one under the other,
the second's number under "Reference" or "Our ref", are held ORDERS-SEVERAL; one order whose header repeats on page 2
with "(page 1 of 2)" on its ship-to line is one order. Chromium prints, checked in (``tests/printed.py``)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from testkit.erp_prints import FR, IE
from tests.printed import printed_pdf

STYLE = ("<style>body{font-family:'DejaVu Sans';font-size:12px} table.i{width:100%;border-collapse:collapse} "
         ".i td,.i th{border:1px solid #888;padding:4px}</style>")
IE_HEAD = f"<p><b>{IE.name}</b><br>4 Dock Street<br>Dublin 2</p>"
FR_HEAD = f"<p><b>{FR.name}</b><br>12 rue des Lilas<br>69003 Lyon</p>"
TITLES = "<tr><th>Item</th><th>Description</th><th>Qty</th><th>Unit Price</th><th>Amount</th></tr>"
TITRES = "<tr><th>Réf.</th><th>Désignation</th><th>Qté</th><th>Prix unitaire</th><th>Montant</th></tr>"
LINES = ("<tr><td>TP-1002</td><td>{a}</td><td style='text-align:right'>5</td><td style='text-align:right'>12{m}00</td>"
         "<td style='text-align:right'>60{m}00</td></tr><tr><td>TP-1006</td><td>{b}</td>"
         "<td style='text-align:right'>10</td><td style='text-align:right'>4{m}50</td>"
         "<td style='text-align:right'>45{m}00</td></tr><tr><td colspan=4>{t}</td>"
         "<td style='text-align:right'>105{m}00</td></tr>")


def _cells(pairs: list[tuple[str, str]], narrow: bool = False) -> str:
    td = "style='width:70px;padding-right:20px;vertical-align:bottom'" if narrow else "style='padding-right:30px'"
    rows = "".join(f"<tr><td {td}>{k}</td><td style='vertical-align:bottom'>{v}</td></tr>" for k, v in pairs)
    return f"<table style='margin:10px 0 20px 55%'>{rows}</table>"


def _doc(cells: str, title: str = "Purchase Order", after: str = "", fr: bool = False) -> str:
    lines = (LINES.format(a="Agrafeuse", b="Notes adhésives", m=",", t="Total HT") if fr
             else LINES.format(a="Stapler", b="Sticky notes", m=".", t="Total"))
    return (f"<html><head><meta charset='utf-8'>{STYLE}</head><body>{FR_HEAD if fr else IE_HEAD}<h1>{title}</h1>"
            f"{cells}<table class=i>{TITRES if fr else TITLES}{lines}</table>{after}</body></html>")


EN_DATES = [("Date", "9 Dec 2026"), ("Delivery Date", "16 Dec 2026")]
FR_DATES = [("Date", "09/12/2026"), ("Date de livraison", "16/12/2026")]
BANK = ("<p style='margin-top:30px'><b>Payment details</b></p>"
        + _cells([("Bank", "AIB Dublin"), ("IBAN", "IE29 AIBK 9311 5212 3456 78"), ("Reference", "ASHBY-0912")]))

WRONG_OUT = {  # each gave its other number as the PO, untouched
    "your_wrapped": (_doc(_cells([*EN_DATES, ("Your Reference", "SO-77812")], narrow=True)), False),
    "votre_wrapped": (_doc(_cells([*FR_DATES, ("Votre référence", "DV-4471")], narrow=True), "Bon de commande",
                           fr=True), True),
    "bank_reference": (_doc(_cells(EN_DATES), after=BANK), False),
    "quote_reference": (_doc(_cells([*EN_DATES, ("Reference", "QT-4471 (your quote)")])), False),
    "french_reference": (_doc(_cells([*FR_DATES, ("Référence", "DV-2291")]), "Bon de commande", fr=True), True),
}
RIGHT_PO = {  # the buyer's own number beside a bare "Reference": out untouched
    "our_ref": _doc(_cells([("Our ref:", "PO-55120"), *EN_DATES, ("Reference", "QT-4471")])),
    "title_number": _doc(_cells([*EN_DATES, ("Reference", "QT-4471")]), "Purchase Order PO-55120"),
}


def _block(label: str, po: str, item: tuple[str, str, str, str, str], ship: str) -> str:
    code, name, qty, price, amount = item
    return (f"<h2>Purchase Order</h2><table><tr><td style='padding-right:30px'>{label}</td><td>{po}</td></tr>"
            "<tr><td>Order Date</td><td>9 Dec 2026</td></tr><tr><td>Delivery Date</td><td>16 Dec 2026</td></tr></table>"
            f"<p>Ship to: {ship}</p><table class=i>{TITLES}<tr><td>{code}</td><td>{name}</td>"
            f"<td style='text-align:right'>{qty}</td><td style='text-align:right'>{price}</td>"
            f"<td style='text-align:right'>{amount}</td></tr></table>")


DOCK = "Ashby Joinery, 4 Dock Street, Dublin 2"
A = ("TP-1002", "Stapler", "5", "12.00", "60.00")
B = ("TP-1006", "Sticky notes", "10", "4.50", "45.00")


def _two(first: str, second: str) -> str:
    return (f"<html><head><meta charset='utf-8'>{STYLE}</head><body>{IE_HEAD}"
            f"{_block(first, 'PO-55120', A, DOCK)}{_block(second, 'PO-55121', B, DOCK)}</body></html>")


def _pages() -> str:
    """One order over two pages, its header repeated with "(page n of 2)" printed on the ship-to line."""
    def head(n: int) -> str:
        return ("<h2>Purchase Order</h2><table><tr><td style='padding-right:30px'>PO Number</td><td>PO-55130</td></tr>"
                "<tr><td>Order Date</td><td>9 Dec 2026</td></tr><tr><td>Delivery Date</td><td>16 Dec 2026</td></tr>"
                f"</table><p>Ship to: {DOCK} &nbsp; &nbsp; (page {n} of 2)</p>")
    one = ("<tr><td>TP-1002</td><td>Stapler</td><td style='text-align:right'>1</td>"
           "<td style='text-align:right'>12.00</td><td style='text-align:right'>12.00</td></tr>")
    last = ("<tr><td>TP-1006</td><td>Sticky notes</td><td style='text-align:right'>10</td>"
            "<td style='text-align:right'>4.50</td><td style='text-align:right'>45.00</td></tr>"
            "<tr><td colspan=4>Total</td><td style='text-align:right'>513.00</td></tr>")
    return (f"<html><head><meta charset='utf-8'>{STYLE}</head><body>{IE_HEAD}{head(1)}<table class=i>{TITLES}"
            f"{one * 38}</table><div style='page-break-before:always'></div>{head(2)}<table class=i>{TITLES}{one}{last}"
            "</table></body></html>")


@pytest.fixture(scope="module")
def extract():
    from gateway.config import load_config
    from gateway.oneshot import extract_file
    from testkit.trust_corpus import trust_config

    with tempfile.TemporaryDirectory() as tmp:
        config = load_config(trust_config(Path(tmp)))
        yield lambda path, fr: extract_file(config, path, channel="email", sender=(
            FR.email if fr else IE.email))["orders"]


def _codes(order: dict) -> set[str]:
    return {i["code"] for i in order["issues"]}


@pytest.mark.parametrize("name", sorted(WRONG_OUT))
def test_another_partys_reference_is_never_the_po(name: str, extract) -> None:
    html, fr = WRONG_OUT[name]
    (got,) = extract(printed_pdf(f"reference_{name}", html), fr)
    order = got["order"]
    assert order["po_number"] is None and "PO-MISSING" in _codes(order), (order["po_number"], _codes(order))


@pytest.mark.parametrize("name", sorted(RIGHT_PO))
def test_the_buyers_own_number_beside_a_reference_goes_out(name: str, extract) -> None:
    (got,) = extract(printed_pdf(f"reference_{name}", RIGHT_PO[name]), False)
    order = got["order"]
    assert order["po_number"] == "PO-55120" and not _codes(order), (order["po_number"], _codes(order))


@pytest.mark.parametrize("label", ["Reference", "Our ref"])
def test_a_second_order_under_a_generic_label_is_held_several(label: str, extract) -> None:
    (got,) = extract(printed_pdf(f"reference_two_{label.replace(' ', '_')}", _two("PO Number", label)), False)
    assert "ORDERS-SEVERAL" in _codes(got["order"])


def test_a_second_order_under_our_ref_in_both_blocks_is_held_several(extract) -> None:
    (got,) = extract(printed_pdf("reference_two_our_ref_both", _two("Our ref", "Our ref")), False)
    assert "ORDERS-SEVERAL" in _codes(got["order"])


def test_a_header_repeated_with_its_page_number_is_one_order(extract) -> None:
    (got,) = extract(printed_pdf("reference_pages_numbered", _pages()), False)
    order = got["order"]
    assert order["po_number"] == "PO-55130" and "ORDERS-SEVERAL" not in _codes(order), _codes(order)
    assert len(order["lines"]) == 40
