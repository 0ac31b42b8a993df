"""After a person rejected an order, whatever of it comes again is read again and waits for a person
(``RESEND-OF-REJECTED``) or goes out as the other order it is: never a silent duplicate of the rejected one.
Review rdedup D1 (a corrected order resent under the same control number) and D2 (the same EDIFACT file attached to
a new e-mail), and the same bytes again on AS2 (a click, never a loss)."""

from __future__ import annotations

import asyncio
from email.message import EmailMessage

from gateway.model import OrderStatus
from testkit.harness import wait_until
from testkit.samples import RETAIL_BRUSSELS_GLN
from tests.dedup_faxes import GTINS
from tests.test_dedup_read_doubts import codes
from tests.test_review import UNKNOWN_GTIN, call, held_order, outbox

KNOWN = GTINS["SKU-1001"]


def interchange(po: str, delivery: str, ctrl: str, lines: list[tuple[str, int]]) -> bytes:
    seg = ["UNH+1+ORDERS:D:96A:UN:EAN008", f"BGM+220+{po}+9", "DTM+137:20261201:102", f"DTM+2:{delivery}:102",
           f"NAD+BY+{RETAIL_BRUSSELS_GLN}::9", "NAD+SU+4012345500004::9", "CUX+2:EUR:9"]
    for n, (gtin, qty) in enumerate(lines, 1):
        seg += [f"LIN+{n}++{gtin}:SRS", f"QTY+21:{qty}"]
    seg += ["UNS+S", f"CNT+2:{len(lines)}"]
    seg.append(f"UNT+{len(seg) + 1}+1")
    body = "'".join([f"UNB+UNOC:3+{RETAIL_BRUSSELS_GLN}:14+GATEWAY:ZZ+261201:0900+{ctrl}", *seg, f"UNZ+1+{ctrl}"])
    return ("UNA:+.? '" + body + "'").encode("latin-1")


async def _settled(gw, doc_id: str):
    doc = await gw.ctx.journal.get_document(doc_id)
    return doc if doc and doc.status not in ("received", "processing", "retry") else None


async def _rejected(gw, headers, data: bytes, channel: str = "as2"):
    env = await gw.ctx.intake.accept(data, channel)
    order = await held_order(gw, env.document_id)
    assert order.status == OrderStatus.REVIEW, codes(order)
    status, _ = await call(gw, "POST", f"/v1/orders/{order.order_id}/reject", headers, {"reason": "wrong"})
    assert status == 200
    return order


async def _orders_of(gw, data: bytes, channel: str = "as2"):
    env = await gw.ctx.intake.accept(data, channel)
    await wait_until(lambda: _settled(gw, env.document_id), timeout=30)
    return await wait_until(lambda: _nonempty(gw.ctx.journal.orders_for_document(env.document_id)), timeout=30)


async def _nonempty(coro):
    found = await coro
    return found or None


async def test_a_corrected_order_resent_under_the_same_control_number_is_read_again(gateway, api_headers):
    first = await _rejected(gateway, api_headers, interchange("PO-RA-1", "20261101", "7001", [(KNOWN, 4)]))
    again = await _orders_of(gateway, interchange("PO-RA-1", "20261218", "7001", [(KNOWN, 4)]))
    assert len(again) == 1 and again[0].order_id != first.order_id
    assert again[0].status in (OrderStatus.READY, OrderStatus.DELIVERED), codes(again[0])  # another date: another order
    await wait_until(lambda: len(outbox(gateway)) == 1 or None, timeout=30)
    assert outbox(gateway)[0]["requested_delivery_date"] == "2026-12-18"


async def test_a_rejected_order_resent_under_the_same_control_number_waits_for_a_person(gateway, api_headers):
    first = await _rejected(gateway, api_headers,
                            interchange("PO-RA-2", "20261101", "7002", [(UNKNOWN_GTIN, 3), (KNOWN, 4)]))
    again = await _orders_of(gateway, interchange("PO-RA-2", "20261218", "7002", [(UNKNOWN_GTIN, 3), (KNOWN, 4)]))
    assert again[0].status == OrderStatus.REVIEW and again[0].order_id != first.order_id, codes(again[0])


async def test_the_same_bytes_again_on_as2_after_a_rejection_wait_for_a_person(gateway, api_headers):
    data = interchange("PO-RA-3", "20261211", "7003", [(UNKNOWN_GTIN, 3)])
    first = await _rejected(gateway, api_headers, data)
    again = await _orders_of(gateway, data)
    assert again[0].status == OrderStatus.REVIEW and "RESEND-OF-REJECTED" in codes(again[0])
    assert again[0].original_order_id == first.order_id
    await asyncio.sleep(1)
    assert outbox(gateway) == []


def _mail(edi: bytes, body: str, msgid: str) -> bytes:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "orders@retail-brussels.example", "orders@supplier.example", "PO-RA-4"
    msg["Message-ID"] = msgid
    msg.set_content(body)
    msg.add_attachment(edi, maintype="application", subtype="edifact", filename="PO-RA-4.edi")
    return msg.as_bytes()


async def _po_orders(gw, po: str):
    rows = await gw.ctx.journal.query("SELECT order_id FROM orders WHERE po_number = ?", (po,))
    found = [await gw.ctx.journal.get_order(r["order_id"]) for r in rows]
    return found if found and all(o.status.value != "received" for o in found) else None


async def test_the_same_edi_file_attached_to_a_new_mail_after_a_rejection_waits_for_a_person(gateway, api_headers):
    edi = interchange("PO-RA-4", "20261218", "7101", [(UNKNOWN_GTIN, 3), (KNOWN, 4)])
    env = await gateway.ctx.intake.accept(_mail(edi, "Hello,\n\nour order attached.\n", "<ra1@rb.example>"), "smtp")
    await wait_until(lambda: _settled(gateway, env.document_id), timeout=60)
    first = await wait_until(lambda: _po_orders(gateway, "PO-RA-4"), timeout=60)
    assert [o.status for o in first] == [OrderStatus.REVIEW], [codes(o) for o in first]
    status, _ = await call(gateway, "POST", f"/v1/orders/{first[0].order_id}/reject", api_headers, {"reason": "no"})
    assert status == 200
    env = await gateway.ctx.intake.accept(_mail(edi, "Hello,\n\nyou rejected our order; here it is again.\n",
                                                "<ra2@rb.example>"), "smtp")
    await wait_until(lambda: _settled(gateway, env.document_id), timeout=60)

    async def resend():
        found = [o for o in await _po_orders(gateway, "PO-RA-4") or [] if o.order_id != first[0].order_id]
        return found or None
    found = await wait_until(resend, timeout=60)
    assert [o.status for o in found] == [OrderStatus.REVIEW], [codes(o) for o in found]
    assert "RESEND-OF-REJECTED" in codes(found[0]) and found[0].original_order_id == first[0].order_id
