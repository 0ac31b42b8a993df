"""A printed line whose code names one product and whose description another waits ITEM-CONFLICT, as a typed
line does (outside trial: a printed line with the stapler's code and the toner's name went out as staplers).
A reportlab PDF read through the gateway's own extract with the trust corpus's master data."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest

from testkit.trust_corpus import CUSTOMERS, trust_config
from tests.test_trust import in_process_extract, orders_in

_FR, IE, _US, _DE = CUSTOMERS
DUE = date.today() + timedelta(days=12)


def po_pdf(rows: list[tuple[str, str, str, str, str]], total: str) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    c.setFont("Helvetica-Bold", 16)
    c.drawString(60, 800, "PURCHASE ORDER")
    c.setFont("Helvetica", 11)
    c.drawString(60, 780, IE.name)
    for y, label, value in ((750, "PO Number:", "IE-77410"), (734, "Order date:", (date.today() - timedelta(days=1)).strftime("%d/%m/%Y")),
                            (718, "Delivery date:", DUE.strftime("%d/%m/%Y"))):
        c.drawString(330, y, label)
        c.drawString(430, y, value)
    y = 650
    for x, text in ((60, "Item"), (140, "Description"), (330, "Qty"), (400, "Unit price"), (490, "Amount")):
        c.drawString(x, y, text)
    for code, desc, qty, price, amount in rows:
        y -= 20
        for x, text in ((60, code), (140, desc), (335, qty)):
            c.drawString(x, y, text)
        c.drawRightString(450, y, price)
        c.drawRightString(540, y, amount)
    c.drawString(400, y - 30, "Total")
    c.drawRightString(540, y - 30, total)
    c.showPage()
    c.save()
    return buf.getvalue()


@pytest.fixture(scope="module")
def config(tmp_path_factory):
    return trust_config(tmp_path_factory.mktemp("conflict"))


@pytest.mark.parametrize("desc, held", [("Sticky notes yellow", True), ("Stapler", False), ("Agrafeuse", False)])
def test_a_printed_description_naming_another_product_holds(config, tmp_path, desc, held):
    pdf = po_pdf([("TP-1002", desc, "3", "12.00", "36.00")], "36.00")
    (order,) = orders_in(in_process_extract(config, pdf, "po.pdf", tmp_path, channel="smtp", sender=IE.email))
    assert ("ITEM-CONFLICT" in [i["code"] for i in order["issues"]]) is held, order["issues"]
