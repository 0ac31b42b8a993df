"""A price column titled for a number of units ("Price per 100", "Preis pro 100", "Prix pour 100 m"), printed by
Chromium and sent as an e-mail attachment over the trust master data: each price is read as the price of that many
units, the amount's arithmetic checks it, and the ERP gets the price of one unit. Counter-examples: amounts that are
quantity x printed price (the title's count is not the basis the document computes with), and a basis in another
unit than the line's, still wait."""

from __future__ import annotations

from decimal import Decimal

import pytest

from testkit.erp_prints import DE, FR, US, ErpOrder, PRICE, UOM
from tests.test_erp_prints import ORDERED, DUE, codes, extract
from testkit.trust_corpus import trust_config

TITLES = {US: ("Price per 100", "Qty", "Amount"), DE: ("Preis pro 100", "Menge", "Betrag"),
          FR: ("Prix pour 100", "Quantité", "Montant HT")}
LABELS = {US: ("Purchase Order", "PO Number", "Order Date", "Delivery Date"),
          DE: ("Bestellung", "Bestellnummer", "Bestelldatum", "Liefertermin"),
          FR: ("Bon de commande", "N° de commande", "Date", "Date de livraison")}


@pytest.fixture(scope="module")
def config_path(tmp_path_factory):
    return trust_config(tmp_path_factory.mktemp("price_per"))


def money(value: Decimal, customer) -> str:
    text = f"{value:,.2f}"
    return text.replace(",", " ").replace(".", ",") if customer is not US else text


def page(order: ErpOrder, price_title: str, amount_of=None, unit_col: str | None = None) -> str:
    title, po, dated, due = LABELS[order.customer]
    _, qty_title, amount_title = TITLES[order.customer]
    day = (lambda d: d.strftime("%m/%d/%Y")) if order.customer is US else (lambda d: d.strftime("%d.%m.%Y"))
    rows, total = "", Decimal(0)
    for sku, q in order.lines:
        amount = (amount_of or (lambda q, p: q * p))(Decimal(q), PRICE[sku])
        total += amount
        unit = f"<td>{unit_col}</td>" if unit_col else ""
        rows += (f"<tr><td>{sku}</td><td>Item {sku}</td><td style='text-align:right'>{q}</td>{unit}"
                 f"<td style='text-align:right'>{money(PRICE[sku] * 100, order.customer)}</td>"
                 f"<td style='text-align:right'>{money(amount, order.customer)}</td></tr>")
    unit_title = "<th>Unit</th>" if unit_col else ""
    span = 4 if unit_col else 3
    return (f"<html><head><meta charset='utf-8'><style>body{{font-family:sans-serif;font-size:12px}} table{{width:100%;"
            f"border-collapse:collapse}} td,th{{border:1px solid #888;padding:4px}}</style></head><body>"
            f"<h1>{title}</h1><p>{order.customer.name}</p><p>{po}: {order.po}<br>{dated}: {day(order.order_date)}"
            f"<br>{due}: {day(order.requested)}</p><table><tr><th>Item</th><th>Description</th><th>{qty_title}</th>"
            f"{unit_title}<th>{price_title}</th><th>{amount_title}</th></tr>{rows}<tr><td colspan={span + 1}>Total</td>"
            f"<td style='text-align:right'>{money(total, order.customer)}</td></tr></table></body></html>")


LINES = [("TP-1004", 500), ("TP-1006", 200)]


@pytest.mark.parametrize("customer", [US, DE, FR])
def test_a_price_titled_per_100_units_is_the_price_of_100(config_path, tmp_path, customer):
    order = ErpOrder(customer, "PX-26-4410", ORDERED, DUE, LINES)
    got = extract(config_path, f"price_per100_{customer.country.lower()}", page(order, TITLES[customer][0],
                  lambda q, p: q * p), order, tmp_path)
    assert got["status"] == "ready", got["issues"]
    assert [(ln["sku"], Decimal(ln["quantity"]), ln["uom"], Decimal(ln["unit_price"])) for ln in got["lines"]] == \
        [(sku, Decimal(q), UOM[sku], PRICE[sku]) for sku, q in LINES]


def test_amounts_of_the_printed_price_times_the_quantity_still_wait(config_path, tmp_path):
    """'Price per 100' over prices whose amounts are quantity x printed price: the document does not compute per
    100; which of the two is meant is not known, the order waits."""
    order = ErpOrder(US, "PX-26-4411", ORDERED, DUE, [("TP-1004", 5)])
    got = extract(config_path, "price_per100_x", page(order, "Price per 100", lambda q, p: q * p * 100), order,
                  tmp_path)
    assert got["status"] == "review" and "PRICE-LINE-AMOUNT" in codes(got)


def test_a_price_per_100_of_another_unit_than_the_lines_still_waits(config_path, tmp_path):
    """'Preis pro 100 KAR' over lines ordered in metres: the price is of another unit, not read."""
    order = ErpOrder(DE, "PX-26-4412", ORDERED, DUE, [("TP-1004", 500)])
    got = extract(config_path, "price_per100_other_unit", page(order, "Preis pro 100 KAR", lambda q, p: q * p,
                  unit_col="m"), order, tmp_path)
    assert got["status"] == "review"
