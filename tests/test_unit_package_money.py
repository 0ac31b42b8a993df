"""A package word a person wrote ("carton", "Karton", "cartons") for a product sold in another unit is settled
by the document's own money (issue 17, units; outside testers t2 T4 and t3 R1): priced exactly as one of the
product's own units, the amount (if printed) quantity x price and the order's total (if printed) agreeing, it is
that many own units with the other reading named; priced as the conversion table's carton it is converted; at a
price that is neither, unpriced, or with a total that counts cartons, it waits UOM-PACK-UNSURE alone (no
PRICE-MISMATCH or UOM-NOT-PRODUCT-UNIT judged by the doubted reading). The default catalogue: copy paper SKU-1001
sold in BX at 24.50 (CT = 5 BX), pens SKU-1002 in PK at 3.90 (CT = 40 PK), files SKU-1003 in C62 at 2.75
(CT = 20 C62). Printed orders made with reportlab, mailed; through `gateway extract` and through a running
gateway's SMTP source."""

from __future__ import annotations

import asyncio
import io
from decimal import Decimal
from email.message import EmailMessage
from pathlib import Path

import pytest

from testkit.harness import running_gateway, write_config
from tests.smtp_helpers import by_name, message, parts_of, queued_id, send, smtp_config
from tests.test_trust import cli_extract, in_process_extract, orders_in

MUELLER = ("bestellung@mueller-buero.example", "Müller Bürobedarf GmbH", "Hauptstraße 5", "80331 München")
ACME = ("purchasing@acme-industrial.example", "Acme Industrial Supply Inc", "100 Main St", "Chicago, IL 60601")


def _de(value: float) -> str:
    return f"{value:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")


def printed_order(rows: list[tuple], po: str, total: float | None = None, who=MUELLER) -> bytes:
    """A German order print: (sku, description, qty, unit word, price or None, amount or None) per row."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    c.setFont("Helvetica-Bold", 12)
    for i, text in enumerate(who[1:]):
        c.drawString(50, 800 - 14 * i, text)
    c.setFont("Helvetica-Bold", 18)
    c.drawString(50, 720, "BESTELLUNG")
    c.setFont("Helvetica", 10)
    for y, label, value in ((695, "Bestellnummer", po), (680, "Datum", "07.12.2026"), (665, "Liefertermin", "28.12.2026")):
        c.drawString(50, y, label)
        c.drawString(200, y, value)
    y = 620
    c.setFont("Helvetica-Bold", 10)
    for x, head in zip((50, 120, 330, 380, 450, 520), ("Art.-Nr.", "Bezeichnung", "Menge", "Einheit", "Preis", "Betrag")):
        c.drawString(x, y, head)
    c.setFont("Helvetica", 10)
    summed = 0.0
    for sku, text, qty, word, price, amount in rows:
        y -= 18
        c.drawString(50, y, sku)
        c.drawString(120, y, text)
        c.drawRightString(355, y, str(qty))
        c.drawString(380, y, word)
        if price is not None:
            c.drawRightString(500, y, _de(price))
        if amount is not None:
            c.drawRightString(560, y, _de(amount))
            summed += amount
    total = summed if total is None else total
    if total:
        c.drawString(400, y - 30, "Summe netto")
        c.drawRightString(560, y - 30, _de(total))
    c.showPage()
    c.save()
    return buf.getvalue()


def mailed(pdf: bytes, who=MUELLER) -> bytes:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = who[0], "orders@gateway.example", "Bestellung"
    msg["Date"] = "Mon, 07 Dec 2026 08:00:00 +0000"
    msg.set_content("Guten Tag,\nanbei unsere Bestellung.\nMfG")
    msg.add_attachment(pdf, maintype="application", subtype="pdf", filename="bestellung.pdf")
    return msg.as_bytes()


@pytest.fixture(scope="module")
def config_path(tmp_path_factory) -> Path:
    return write_config(tmp_path_factory.mktemp("packmoney") / "gw")


def extract(config_path: Path, tmp_path: Path, rows, po: str, total=None, cli: bool = False) -> dict:
    data = mailed(printed_order(rows, po, total))
    run = cli_extract if cli else in_process_extract
    (got,) = orders_in(run(config_path, data, "order.eml", tmp_path, channel="smtp", sender=MUELLER[0]))
    return got


def codes(order: dict) -> set[str]:
    return {i["code"] for i in order["issues"]}


@pytest.mark.parametrize("row, quantity, uom, other", [
    (("SKU-1001", "Kopierpapier A4 80g", 7, "Karton", 24.50, 171.50), "7", "BX", "35 BX"),
    (("SKU-1001", "Copy paper A4 80g (box of 5 reams)", 6, "cartons", 24.50, 147.00), "6", "BX", "30 BX"),
    (("SKU-1003", "Ordner A4 80mm", 25, "cartons", 2.75, 68.75), "25", "C62", "500 C62"),
    (("SKU-1002", "Kugelschreiber blau", 5, "Karton", 3.90, 19.50), "5", "PK", "200 PK"),
])
def test_a_package_word_priced_as_the_products_own_unit_is_that_unit(config_path, tmp_path, row, quantity, uom, other):
    got = extract(config_path, tmp_path, [row], "UP-4101")
    assert got["status"] == "ready", got["issues"]
    assert (got["lines"][0]["quantity"], got["lines"][0]["uom"]) == (quantity, uom)
    note = next(i["message"] for i in got["issues"] if i["code"] == "UOM-CONVERTED")
    assert other in note  # the other reading is named


@pytest.mark.parametrize("row, quantity, uom", [
    (("SKU-1001", "Kopierpapier A4 80g", 3, "Karton", 122.50, 367.50), "15", "BX"),
    (("SKU-1003", "Ordner A4 80mm", 2, "Karton", 55.00, 110.00), "40", "C62"),
    (("SKU-1002", "Kugelschreiber blau", 1, "Karton", 156.00, 156.00), "40", "PK"),
])
def test_a_package_word_priced_as_the_carton_is_converted(config_path, tmp_path, row, quantity, uom):
    got = extract(config_path, tmp_path, [row], "UP-4102")
    assert got["status"] == "ready", got["issues"]
    assert (got["lines"][0]["quantity"], got["lines"][0]["uom"]) == (quantity, uom)


@pytest.mark.parametrize("row, total, readings", [
    (("SKU-1001", "Kopierpapier A4 80g", 4, "Karton", 40.00, 160.00), None, ("4 BX", "20 BX")),   # neither price
    (("SKU-1003", "Ordner A4 80mm", 2, "Karton", 10.00, 20.00), None, ("2 C62", "40 C62")),
    (("SKU-1001", "Kopierpapier A4 80g", 4, "Karton", 24.50, 98.00), 490.00, ("4 BX", "20 BX")),  # total counts cartons
])
def test_a_package_word_the_money_does_not_settle_waits_with_one_reason(config_path, tmp_path, row, total, readings):
    got = extract(config_path, tmp_path, [row], "UP-4103", total=total)
    assert got["status"] == "review" and "UOM-PACK-UNSURE" in codes(got), got["issues"]
    assert not {"PRICE-MISMATCH", "UOM-NOT-PRODUCT-UNIT"} & codes(got), got["issues"]
    message = next(i["message"] for i in got["issues"] if i["code"] == "UOM-PACK-UNSURE")
    assert all(reading in message for reading in readings)


def test_two_readings_on_one_print_through_gateway_extract(config_path, tmp_path):
    """The same writer's "Karton" is a real carton on line 2 (the carton's price): line 1 at one box's price
    may be nine cartons priced per box, so it waits; line 2 is converted."""
    rows = [("SKU-1001", "Kopierpapier A4 80g", 9, "Karton", 24.50, 220.50),
            ("SKU-1003", "Ordner A4 80mm", 3, "Karton", 55.00, 165.00)]
    got = extract(config_path, tmp_path, rows, "UP-4104", cli=True)
    assert got["status"] == "review" and "UOM-PACK-UNSURE" in codes(got), got["issues"]
    message = next(i["message"] for i in got["issues"] if i["code"] == "UOM-PACK-UNSURE")
    assert "9 BX" in message and "45 BX" in message and "lines[1]" == next(
        i["field"] for i in got["issues"] if i["code"] == "UOM-PACK-UNSURE").split(".")[0]
    assert [(ln["sku"], ln["quantity"], ln["uom"]) for ln in got["lines"]][1] == ("SKU-1003", "60", "C62")


async def test_through_a_running_gateway(tmp_path):
    rows = [("SKU-1001", "Kopierpapier A4 80g", 11, "Karton", 24.50, 269.50),
            ("SKU-1002", "Kugelschreiber blau", 4, "Karton", 3.90, 15.60)]
    pdf = printed_order(rows, "UP-4105")
    async with running_gateway(smtp_config(tmp_path / "gw")) as gw:
        msg = message(MUELLER[0], "Bestellung UP-4105", "Anbei unsere Bestellung.\n",
                      attachments=[("bestellung.pdf", "application/pdf", pdf)])
        code, reply = await asyncio.to_thread(send, gw.ports["smtp"], msg)
        assert code == 250
        kids = by_name(await parts_of(gw, queued_id(reply)))
        (order,) = await gw.ctx.journal.orders_for_document(kids["bestellung.pdf"].id)
    assert [(ln.sku, ln.quantity, ln.uom) for ln in order.lines] == [("SKU-1001", 11, "BX"), ("SKU-1002", 4, "PK")]
    assert not {i.code for i in order.issues} & {"UOM-PACK-UNSURE", "PRICE-MISMATCH", "UOM-NOT-PRODUCT-UNIT"}
    assert str(getattr(order.status, "value", order.status)) in ("ready", "delivered", "delivering"), order.issues
