"""E-mails sent with swaks and smtplib end up as the right documents and orders.

A message is split into child documents (``list_documents(parent_id=...)``); the XML, EDI and body
orders among them become normalized orders (``orders_for_document``). Attachments whose extractor is
being written elsewhere (PDF, OCR) are checked up to the split here.
"""

from __future__ import annotations

import asyncio
import io
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from PIL import Image

from testkit.harness import CORPUS, running_gateway, wait_until
from tests.smtp_helpers import ORDERS_TO, OPEN, by_name, message, parts_of, queued_id, send, smtp_config, swaks

DUPONT = "commandes@dupont-fournitures.example"
MUELLER = "bestellung@mueller-buero.example"
ACME = "purchasing@acme-industrial.example"
RETAIL = "orders@retail-brussels.example"
ATTACHED = "Please find attached our order.\n\nBest regards\n"


@pytest.fixture
async def gw(tmp_path):
    async with running_gateway(smtp_config(tmp_path / "gw")) as gateway:
        yield gateway


def needs_extractor(gw, name: str) -> None:
    if name not in gw.ctx.registry.extractors:
        pytest.skip(f"extractors/{name}.py has not landed in this build")


async def swaks_send(gw, sender: str, body: str, *attach: str) -> str:
    out = await swaks(gw.ports["smtp"], "--to", ORDERS_TO, "--from", sender, "--body", body, *attach)
    return queued_id(out)


async def finished(gw, kid) -> object:
    async def done():
        doc = await gw.ctx.journal.get_document(kid.id)
        return doc if doc.status not in OPEN else None
    return await wait_until(done, timeout=60)


async def order_of(gw, kid):
    await finished(gw, kid)
    orders = await gw.ctx.journal.orders_for_document(kid.id)
    assert len(orders) == 1, (kid.filename, kid.status)
    return orders[0]


async def test_pdf_attachment_is_split_off_and_the_polite_body_is_no_review_item(gw):
    pdf = CORPUS / "pdf" / "purchase_order.pdf"
    doc_id = await swaks_send(gw, DUPONT, ATTACHED, "--attach-type", "application/pdf",
                              "--attach-name", "purchase_order.pdf", "--attach", f"@{pdf}")
    kids = by_name(await parts_of(gw, doc_id, finished=False))
    assert set(kids) == {"body.txt", "purchase_order.pdf"}
    assert kids["purchase_order.pdf"].content_type == "application/pdf"
    assert gw.ctx.archive.get(kids["purchase_order.pdf"].sha256) == pdf.read_bytes()
    body = await finished(gw, kids["body.txt"])
    assert body.status == "not_order" and body.customer_id is None


async def test_tiff_sent_as_octet_stream_is_recognised_by_its_bytes(gw, tmp_path):
    scan = tmp_path / "scan.dat"
    Image.new("L", (120, 60), 255).save(scan, format="TIFF")
    doc_id = await swaks_send(gw, DUPONT, ATTACHED, "--attach", f"@{scan}")
    kids = by_name(await parts_of(gw, doc_id, finished=False))
    assert kids["scan.dat"].content_type == "image/tiff"


async def test_cxml_attachment_becomes_an_order_of_the_sending_customer(gw):
    needs_extractor(gw, "cxml")
    doc_id = await swaks_send(gw, ACME, ATTACHED, "--attach-type", "text/xml",
                              "--attach", f"@{CORPUS / 'cxml' / 'OrderRequest.xml'}")
    kids = by_name(await parts_of(gw, doc_id))
    order = await order_of(gw, kids["OrderRequest.xml"])
    assert order.source.format == "cxml" and order.po_number == "DO1234"
    assert order.customer.id == "C1004" and order.source.parent_document_id == doc_id


async def test_edifact_attachment_named_txt_becomes_an_edifact_order(gw):
    needs_extractor(gw, "edifact")
    doc_id = await swaks_send(gw, RETAIL, ATTACHED, "--attach-type", "text/plain",
                              "--attach", f"@{CORPUS / 'edifact' / 'PurchaseOrder.txt'}")
    kids = by_name(await parts_of(gw, doc_id))
    assert kids["PurchaseOrder.txt"].content_type == "application/edifact"
    order = await order_of(gw, kids["PurchaseOrder.txt"])
    assert order.source.format == "edifact" and order.po_number == "128576"
    assert order.customer.id == "C1001"


FRENCH = """Bonjour,

Merci de nous livrer :
- 5 cartons de DF-PAP-A4 (papier A4) à 122,50 EUR le carton
- 10 paquets de DF-STYLO-B

Notre commande n° 2024-117, livraison le 12/03/2027.

Cordialement,
Jean Dupont
"""
ENGLISH = """Hello,

please ship the following, PO 4500123:
10 x SKU-1001 Copy paper
qty 3 EA item SKU-1004 stapler

Deliver by March 12, 2027. RUSH please.
Thanks
"""
GERMAN = """Guten Tag,

bitte liefern Sie:
Art. MB-4711: 20 Stk

Bestellnummer: 88812
Liefertermin 12.03.2027 - EILT

Mit freundlichen Grüßen
"""


@pytest.mark.parametrize("sender, body, customer, po, lines, priority", [
    (DUPONT, FRENCH, "C1002", "2024-117", [("SKU-1001", "25", "BX"), ("SKU-1002", "10", "PK")], "normal"),
    (ACME, ENGLISH, "C1004", "4500123", [("SKU-1001", "10", "BX"), ("SKU-1004", "3", "C62")], "urgent"),
    (MUELLER, GERMAN, "C1003", "88812", [("SKU-1003", "20", "C62")], "urgent"),
], ids=["fr", "en", "de"])
async def test_order_typed_in_the_body_is_delivered(gw, sender, body, customer, po, lines, priority):
    doc_id = await swaks_send(gw, sender, body)
    kids = by_name(await parts_of(gw, doc_id))
    order = await order_of(gw, kids["body.txt"])
    assert (order.customer.id, order.po_number, order.priority) == (customer, po, priority)
    assert [(line.sku, str(line.quantity), line.uom) for line in order.lines] == \
        [(sku, qty, uom) for sku, qty, uom in lines]
    assert order.requested_delivery_date == date(2027, 3, 12)
    assert all(isinstance(line.quantity, Decimal) for line in order.lines)
    delivered = await wait_until(lambda: gw.ctx.journal.delivery(order.order_id), timeout=30)
    await wait_until(lambda: (gw.ctx.config.delivery.file.path / f"{order.order_id}.json").is_file(), timeout=30)
    assert delivered.sink == "file"


async def test_order_forwarded_by_a_sales_rep_goes_to_the_original_customer(gw):
    body = ("FYI, order from Müller below.\n\n---------- Forwarded message ---------\n"
            f"From: Müller Bürobedarf <{MUELLER}>\nDate: Mon, 23 Nov 2026 09:12\n"
            "Subject: Bestellung\nTo: rep@sales.example\n\n" + GERMAN)
    doc_id = await swaks_send(gw, "rep@sales.example", body)
    kids = by_name(await parts_of(gw, doc_id))
    assert kids["body.txt"].metadata["original_sender"] == MUELLER
    order = await order_of(gw, kids["body.txt"])
    assert order.customer.id == "C1003" and order.customer.identified_by == f"email:{MUELLER}"


async def test_a_customer_forwarding_someone_elses_mail_stays_the_customer(gw):
    body = ("Please supply as below.\n\n---------- Forwarded message ---------\n"
            f"From: Müller Bürobedarf <{MUELLER}>\nDate: Mon, 23 Nov 2026 09:12\n"
            f"Subject: Bestellung\nTo: {DUPONT}\n\n" + GERMAN)
    kids = by_name(await parts_of(gw, await swaks_send(gw, DUPONT, body)))
    order = await order_of(gw, kids["body.txt"])
    assert order.customer.id == "C1002" and order.customer.identified_by == f"email:{DUPONT}"


async def test_attached_message_is_a_child_email_read_as_its_author(gw):
    inner = message(DUPONT, "Commande 2024-117", FRENCH)
    outer = message("rep@sales.example", "Fwd: Commande", "See the attached mail.",
                    attachments=[("commande.eml", "message/rfc822", inner.as_bytes())])
    _, reply = await asyncio.to_thread(send, gw.ports["smtp"], outer)
    kids = by_name(await parts_of(gw, queued_id(reply)))
    child_mail = kids["commande.eml"]
    assert child_mail.status == "split" and child_mail.format == "email"
    grandchildren = by_name(await parts_of(gw, child_mail.id))
    order = await order_of(gw, grandchildren["body.txt"])
    assert order.customer.id == "C1002" and order.po_number == "2024-117"


async def test_zip_attachment_is_opened_and_its_members_read(gw):
    needs_extractor(gw, "cxml")
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(CORPUS / "cxml" / "OrderRequest.xml", "orders/../OrderRequest.xml")
    msg = message(ACME, "orders", "Zipped order attached.", attachments=[
        ("orders.zip", "application/zip", packed.getvalue())])
    _, reply = await asyncio.to_thread(send, gw.ports["smtp"], msg)
    kids = by_name(await parts_of(gw, queued_id(reply)))
    members = by_name(await parts_of(gw, kids["orders.zip"].id))
    order = await order_of(gw, members["OrderRequest.xml"])
    assert order.po_number == "DO1234" and order.customer.id == "C1004"


async def test_hostile_attachment_name_is_stored_under_a_safe_name(gw):
    msg = message(DUPONT, "files", "One file.", attachments=[
        ("../../etc/passwd", "text/plain", b"root:x:0:0\n")])
    _, reply = await asyncio.to_thread(send, gw.ports["smtp"], msg)
    kids = by_name(await parts_of(gw, queued_id(reply)))
    assert "passwd" in kids and kids["passwd"].metadata["original_filename"] == "../../etc/passwd"


async def test_empty_attachment_becomes_a_child_document(gw):
    msg = message(DUPONT, "files", "An empty file.", attachments=[("empty.pdf", "application/pdf", b"")])
    _, reply = await asyncio.to_thread(send, gw.ports["smtp"], msg)
    kids = by_name(await parts_of(gw, queued_id(reply), finished=False))
    assert kids["empty.pdf"].size == 0


async def test_empty_attachment_is_quarantined_by_the_core(gw):
    msg = message(DUPONT, "files", "An empty file.", attachments=[("empty.pdf", "application/pdf", b"")])
    _, reply = await asyncio.to_thread(send, gw.ports["smtp"], msg)
    kids = by_name(await parts_of(gw, queued_id(reply)))
    assert kids["empty.pdf"].status == "quarantined" and kids["empty.pdf"].error_code == "EMPTY-DOCUMENT"


TRAILING = "PO 4500777\nDeliver by March 12, 2027.\n\n10 x SKU-1001 Copy paper\n" \
           "Also 2 black toner cartridges please.\n\nThanks\n"
ORDER_LIKE = "Guten Tag,\n\nBestellung 4500339990 vom 01.12.2026:\n\nOrdner MB-4711, wie immer\n\nDanke!\n"
PRICED = "Bestellung Nr. 4500339991 vom 01.12.2026\nLiefertermin 12.03.2027\n\n" \
         "Menge  ME   Artikel     Bezeichnung   Preis\n5      Stk  SKU-1004    Heftgerät      9,00\n\nMfG\n"


@pytest.mark.parametrize("sender, body, code", [
    (ACME, TRAILING, "LINE-UNREAD"), (MUELLER, ORDER_LIKE, "LINES-MISSING"), (MUELLER, PRICED, "PRICE-MISMATCH"),
], ids=["line-after-the-items", "order-like-body", "price-column"])
async def test_a_typed_order_not_fully_read_is_held_never_dropped(gw, sender, body, code):
    doc_id = await swaks_send(gw, sender, body)
    kids = by_name(await parts_of(gw, doc_id))
    order = await order_of(gw, kids["body.txt"])
    assert (await finished(gw, kids["body.txt"])).status == "review"
    assert order.status.value == "review" and code in {i.code for i in order.issues}
