"""Exactly once through a person's click and a resend: a resend of an order a person rejected waits for a person,
linked to it and named (``RESEND-OF-REJECTED``), never dropped as its copy nor delivered untouched; a resend of an
order as the customer sent it, before a person corrected it, is its duplicate, not a change; the near misses stay
what they are (another PO, other lines, a real change of the corrected order, a resend equal to neither version)."""

from __future__ import annotations

from gateway.model import OrderKind, OrderStatus
from testkit.harness import wait_until
from testkit.samples import ubl_order
from tests.own_senders import OWN_MAIL
from tests.test_review import UNKNOWN_GTIN, call, held_order, outbox

KNOWN = "4000862141404"  # SKU-1001
PEN = "5412345678908"  # SKU-1002
FILE = "4012345678901"  # SKU-1003


def codes(order) -> list[str]:
    return [i.code for i in order.issues]


async def _rejected(gw, headers, po: str, lines: list[tuple], **kw):
    env = await gw.ctx.intake.accept(ubl_order(po, lines, **kw), "http")
    order = await held_order(gw, env.document_id)
    assert order.status == OrderStatus.REVIEW, order.issues
    status, _ = await call(gw, "POST", f"/v1/orders/{order.order_id}/reject", headers, {"reason": "unknown item"})
    assert status == 200
    return order


async def test_a_resend_of_a_rejected_order_waits_for_a_person_linked_to_it(gateway, api_headers):
    rejected = await _rejected(gateway, api_headers, "PO-RR-1", [(UNKNOWN_GTIN, 3), (KNOWN, 2)])
    env = await gateway.ctx.intake.accept(ubl_order("PO-RR-1", [(UNKNOWN_GTIN, 3), (KNOWN, 2)], note="bitte"), "smtp", OWN_MAIL)
    resend = await held_order(gateway, env.document_id)
    assert resend.status == OrderStatus.REVIEW and resend.original_order_id == rejected.order_id
    assert {"RESEND-OF-REJECTED", "ITEM-UNKNOWN"} <= set(codes(resend))
    status, body = await call(gateway, "GET", "/v1/review", api_headers)
    assert resend.order_id in [item["order"]["order_id"] for item in body["waiting"]]
    status, body = await call(gateway, "GET", f"/v1/orders/{resend.order_id}/actions", api_headers)
    assert body["state"] == "review" and "approve" in body["allowed"]
    assert outbox(gateway) == []


async def test_the_same_file_sent_again_after_a_rejection_is_read_again_and_held(gateway, api_headers):
    data = ubl_order("PO-RR-2", [(UNKNOWN_GTIN, 3)])
    env = await gateway.ctx.intake.accept(data, "http")
    first = await held_order(gateway, env.document_id)
    status, _ = await call(gateway, "POST", f"/v1/orders/{first.order_id}/reject", api_headers, {"reason": "no"})
    assert status == 200
    env = await gateway.ctx.intake.accept(data, "http")  # the very same bytes
    resend = await held_order(gateway, env.document_id)
    assert resend.status == OrderStatus.REVIEW and resend.original_order_id == first.order_id
    assert "RESEND-OF-REJECTED" in codes(resend)
    # while nothing was rejected, the same bytes stay a copy of the document (nothing read twice)
    data = ubl_order("PO-RR-2B", [(UNKNOWN_GTIN, 3)])
    env = await gateway.ctx.intake.accept(data, "http")
    await held_order(gateway, env.document_id)
    again = await gateway.ctx.intake.accept(data, "http")
    doc = await wait_until(lambda: _concluded(gateway, again.document_id), timeout=30)
    assert doc.status == "duplicate" and await gateway.ctx.journal.orders_for_document(again.document_id) == []


async def _concluded(gw, doc_id):
    doc = await gw.ctx.journal.get_document(doc_id)
    return doc if doc and doc.status not in ("received", "processing", "retry") else None


async def test_a_resend_of_a_rejected_order_of_known_items_is_not_delivered_untouched(gateway, api_headers):
    # rejected for its currency; the customer sends the same order again in its own currency
    rejected = await _rejected(gateway, api_headers, "PO-RR-3", [(KNOWN, 3), (PEN, 10)], currency="USD")
    env = await gateway.ctx.intake.accept(ubl_order("PO-RR-3", [(KNOWN, 3), (PEN, 10)]), "smtp", OWN_MAIL)
    resend = await held_order(gateway, env.document_id)
    assert resend.status == OrderStatus.REVIEW and codes(resend).count("RESEND-OF-REJECTED") == 1
    assert resend.original_order_id == rejected.order_id and outbox(gateway) == []
    status, body = await call(gateway, "POST", f"/v1/orders/{resend.order_id}/approve", api_headers)
    assert status == 200 and body["kind"] == "new" and body["original_order_id"] is None
    await wait_until(lambda: len(outbox(gateway)) == 1, timeout=30)
    # a third copy is a copy of the order that went out: a plain duplicate, nothing to decide
    env = await gateway.ctx.intake.accept(ubl_order("PO-RR-3", [(KNOWN, 3), (PEN, 10)], note="copy"), "http")
    third = await held_order(gateway, env.document_id)
    assert third.status == OrderStatus.DUPLICATE and third.original_order_id == resend.order_id
    assert "RESEND-OF-REJECTED" not in codes(third) and len(outbox(gateway)) == 1


async def test_after_a_rejection_another_order_of_the_po_or_the_same_lines_under_another_po_is_no_resend(
        gateway, api_headers):
    await _rejected(gateway, api_headers, "PO-RR-4", [(UNKNOWN_GTIN, 5)])
    env = await gateway.ctx.intake.accept(ubl_order("PO-RR-4", [(KNOWN, 5)]), "smtp", OWN_MAIL)  # corrected by the customer
    other_lines = await held_order(gateway, env.document_id)
    assert other_lines.status in (OrderStatus.READY, OrderStatus.DELIVERED), other_lines.issues
    await _rejected(gateway, api_headers, "PO-RR-5", [(UNKNOWN_GTIN, 2), (KNOWN, 2)])
    env = await gateway.ctx.intake.accept(ubl_order("PO-RR-6", [(UNKNOWN_GTIN, 2), (KNOWN, 2)]), "http")
    other_po = await held_order(gateway, env.document_id)
    assert "RESEND-OF-REJECTED" not in codes(other_po) and other_po.original_order_id is None
    # the same lines for another delivery date are another order too
    await _rejected(gateway, api_headers, "PO-RR-7", [(UNKNOWN_GTIN, 1)], delivery_date="2099-11-02")
    env = await gateway.ctx.intake.accept(ubl_order("PO-RR-7", [(UNKNOWN_GTIN, 1)], delivery_date="2099-11-20"), "http")
    other_date = await held_order(gateway, env.document_id)
    assert "RESEND-OF-REJECTED" not in codes(other_date)


async def _corrected_and_delivered(gw, headers, po: str, lines: list[tuple], fix: dict):
    env = await gw.ctx.intake.accept(ubl_order(po, lines), "http")
    order = await held_order(gw, env.document_id)
    n = len(outbox(gw))
    status, body = await call(gw, "PATCH", f"/v1/orders/{order.order_id}", headers, fix)
    assert status == 200, body
    status, body = await call(gw, "POST", f"/v1/orders/{order.order_id}/approve", headers)
    assert status == 200, body
    await wait_until(lambda: len(outbox(gw)) == n + 1, timeout=30)
    return await gw.ctx.journal.get_order(order.order_id)


async def test_a_resend_of_an_order_as_received_before_a_person_corrected_it_is_its_duplicate(gateway, api_headers):
    edited = await _corrected_and_delivered(gateway, api_headers, "PO-AR-1", [(UNKNOWN_GTIN, 2), (FILE, 12)],
                                            {"lines": [{"line_no": 1, "sku": "SKU-1004"}]})
    assert edited.as_received is not None
    env = await gateway.ctx.intake.accept(ubl_order("PO-AR-1", [(UNKNOWN_GTIN, 2), (FILE, 12)], note="sent again"),
                                          "smtp", OWN_MAIL)
    resend = await held_order(gateway, env.document_id)
    assert resend.status == OrderStatus.DUPLICATE and resend.original_order_id == edited.order_id, resend.issues
    assert "CHANGE-REMOVES-LINES" not in codes(resend) and resend.kind == OrderKind.NEW
    assert len(outbox(gateway)) == 1


async def test_after_a_corrected_order_a_resend_equal_to_neither_version_is_no_duplicate(gateway, api_headers):
    edited = await _corrected_and_delivered(gateway, api_headers, "PO-AR-2", [(UNKNOWN_GTIN, 2), (KNOWN, 1)],
                                            {"lines": [{"line_no": 1, "sku": "SKU-1004"}]})
    env = await gateway.ctx.intake.accept(ubl_order("PO-AR-2", [(UNKNOWN_GTIN, 9), (KNOWN, 1)]), "smtp", OWN_MAIL)
    other = await held_order(gateway, env.document_id)
    assert other.status != OrderStatus.DUPLICATE and other.kind == OrderKind.CHANGE
    assert other.original_order_id == edited.order_id and other.status == OrderStatus.REVIEW
    assert len(outbox(gateway)) == 1


async def test_a_real_change_of_a_corrected_order_is_a_change_of_the_corrected_version(gateway, api_headers):
    edited = await _corrected_and_delivered(gateway, api_headers, "PO-AR-3", [(UNKNOWN_GTIN, 2), (PEN, 4)],
                                            {"lines": [{"line_no": 1, "sku": "SKU-1004"},
                                                       {"line_no": 2, "quantity": "6"}]})
    # the corrected version restated with another quantity: a change against what the ERP has (6), not the 4 sent
    env = await gateway.ctx.intake.accept(ubl_order("PO-AR-3", [("0012345678905", 2), (PEN, 8)]), "http")
    change = await held_order(gateway, env.document_id)
    assert change.kind == OrderKind.CHANGE and change.original_order_id == edited.order_id
    assert [(c["item"], c["from"].split()[0], c["to"].split()[0]) for c in change.changes] == [("SKU-1002", "6", "8")]
    # the resend of what the customer first sent, after that change went out: a late copy, or a return? A person
    assert change.status in (OrderStatus.READY, OrderStatus.DELIVERED), [(i.code, i.message) for i in change.issues]
    await wait_until(lambda: len(outbox(gateway)) == 2, timeout=30)
    env = await gateway.ctx.intake.accept(ubl_order("PO-AR-3", [(UNKNOWN_GTIN, 2), (PEN, 4)], note="again"), "smtp", OWN_MAIL)
    late = await held_order(gateway, env.document_id)
    assert late.status == OrderStatus.REVIEW and "POSSIBLE-DUPLICATE" in codes(late)
    assert len(outbox(gateway)) == 2


async def test_orders_that_went_out_before_decided_at_was_recorded_get_the_moment_that_queued_them(gateway,
                                                                                                  api_headers):
    from gateway.store.journal_schema import backfill_decided_at
    env = await gateway.ctx.intake.accept(ubl_order("PO-DA-1", [(KNOWN, 1)]), "http")
    straight = await held_order(gateway, env.document_id)
    env = await gateway.ctx.intake.accept(ubl_order("PO-DA-2", [(UNKNOWN_GTIN, 1)]), "http")
    held = await held_order(gateway, env.document_id)
    await call(gateway, "PATCH", f"/v1/orders/{held.order_id}", api_headers, {"lines": [{"line_no": 1, "sku": "SKU-1003"}]})
    status, _ = await call(gateway, "POST", f"/v1/orders/{held.order_id}/approve", api_headers)
    assert status == 200
    await wait_until(lambda: len(outbox(gateway)) == 2, timeout=30)
    before = {o: (await gateway.ctx.journal.get_order(o)).sla.decided_at for o in (straight.order_id, held.order_id)}

    def forget(db):  # as an earlier version stored them
        for order_id in before:
            row = db.execute("SELECT body FROM orders WHERE order_id = ?", (order_id,)).fetchone()
            body = row["body"].replace('"decided_at":"', '"decided_at":null,"x":"')
            body = body.replace(',"x":"' + body.split(',"x":"')[1].split('"')[0] + '"', "")
            db.execute("UPDATE orders SET body = ? WHERE order_id = ?", (body, order_id))
    await gateway.ctx.journal.transaction(forget)
    assert [(await gateway.ctx.journal.get_order(o)).sla.decided_at for o in before] == [None, None]
    await gateway.ctx.journal.transaction(backfill_decided_at)
    after = {o: (await gateway.ctx.journal.get_order(o)).sla.decided_at for o in before}
    assert all(after[o] is not None and abs((after[o] - before[o]).total_seconds()) < 1 for o in before), (before, after)
    await gateway.ctx.journal.transaction(backfill_decided_at)  # idempotent
    assert {o: (await gateway.ctx.journal.get_order(o)).sla.decided_at for o in before} == after
