"""Exactly once after a rejection, for every kind of message: the same file or interchange sent again after a person
rejected a change or a cancellation stays the copy it is (it never goes out by itself); only a rejected *new* order
of it is read again (``RESEND-OF-REJECTED``), its siblings that went out stay duplicates. An order received without a
date repeats its received version only without a date. Two copies of one rejected order make one review item, also
the rejection and the move of its copies are one transaction (a rejection stored without them, by an earlier
version, is made good at start-up). Migration 13 writes ``decided_at`` and nothing else."""

from __future__ import annotations

import asyncio
import json

from gateway.model import OrderKind, OrderStatus
from gateway.stages.pipeline import supersede_pending
from gateway.store.journal_schema import backfill_decided_at
from testkit.harness import wait_until
from testkit.samples import RETAIL_BRUSSELS_GLN, ORDER_DAY, ubl_order
from tests.test_review import UNKNOWN_GTIN, call, held_order, outbox
from tests.own_senders import OWN_MAIL

KNOWN = "4000862141404"  # SKU-1001
PEN = "5412345678908"  # SKU-1002


def codes(order) -> list[str]:
    return [i.code for i in order.issues]


def _message(ref: str, po: str, lines: list[tuple], kind: str = "ORDERS", original_po: str | None = None) -> list[str]:
    seg = [f"UNH+{ref}+{kind}:D:96A:UN:EAN008", f"BGM+{'230' if kind == 'ORDCHG' else '220'}+{po}+9",
           f"DTM+137:{ORDER_DAY:%Y%m%d}:102", "DTM+2:20991201:102"]
    seg += [f"RFF+ON:{original_po}"] if original_po else []
    seg += [f"NAD+BY+{RETAIL_BRUSSELS_GLN}::9", "NAD+SU+4012345500004::9", "CUX+2:EUR:9"]
    for n, (gtin, qty) in enumerate(lines, 1):
        seg += [f"LIN+{n}++{gtin}:SRS", f"QTY+21:{qty}"]
    seg += ["UNS+S", f"CNT+2:{len(lines)}"]
    return [*seg, f"UNT+{len(seg) + 1}+{ref}"]


def _interchange(messages: list[list[str]], ctrl: str) -> bytes:
    body = "'".join([f"UNB+UNOC:3+{RETAIL_BRUSSELS_GLN}:14+GATEWAY:ZZ+261120:1000+{ctrl}", *sum(messages, []),
                     f"UNZ+{len(messages)}+{ctrl}"]) + "'"
    return ("UNA:+.? '" + body).encode("latin-1")


async def _settled(gw, doc_id):
    doc = await gw.ctx.journal.get_document(doc_id)
    return doc if doc and doc.status not in ("received", "processing", "retry") else None


async def _rejected_then_original(gw, headers, first: bytes, original: bytes):
    env = await gw.ctx.intake.accept(first, "as2")
    held = await held_order(gw, env.document_id)
    assert held.kind != OrderKind.NEW and held.status == OrderStatus.HELD, held.issues
    status, _ = await call(gw, "POST", f"/v1/orders/{held.order_id}/reject", headers, {"reason": "customer phoned"})
    assert status == 200
    env = await gw.ctx.intake.accept(original, "as2")
    await held_order(gw, env.document_id)
    await wait_until(lambda: len(outbox(gw)) == 1, timeout=30)
    again = await gw.ctx.intake.accept(first, "as2")  # the VAN retransmits it, byte for byte
    doc = await wait_until(lambda: _settled(gw, again.document_id), timeout=30)
    await asyncio.sleep(1)
    return doc


async def test_a_rejected_change_sent_again_byte_for_byte_never_goes_out(gateway, api_headers):
    change = _interchange([_message("1", "PO-RC-1", [(KNOWN, 9)], kind="ORDCHG", original_po="PO-RC-1")], "91")
    doc = await _rejected_then_original(gateway, api_headers, change,
                                        _interchange([_message("1", "PO-RC-1", [(KNOWN, 4)])], "92"))
    assert doc.status == "duplicate"
    assert [(o.get("kind")) for o in outbox(gateway)] == ["new"]


async def test_a_rejected_cancellation_sent_again_byte_for_byte_never_goes_out(gateway, api_headers):
    cancel = ubl_order("PO-RC-2", [(KNOWN, 4)], root="OrderCancellation", original_po="PO-RC-2")
    doc = await _rejected_then_original(gateway, api_headers, cancel, ubl_order("PO-RC-2", [(KNOWN, 4)]))
    assert doc.status == "duplicate"
    assert [(o.get("kind")) for o in outbox(gateway)] == ["new"]


async def test_a_resent_interchange_reads_again_only_its_rejected_order(gateway, api_headers):
    data = _interchange([_message("1", "PO-RM-1", [(KNOWN, 4)]), _message("2", "PO-RM-2", [(UNKNOWN_GTIN, 3)])], "77")
    env = await gateway.ctx.intake.accept(data, "as2")
    await wait_until(lambda: _settled(gateway, env.document_id), timeout=30)
    first = {o.po_number: o for o in await gateway.ctx.journal.orders_for_document(env.document_id)}
    status, _ = await call(gateway, "POST", f"/v1/orders/{first['PO-RM-2'].order_id}/reject", api_headers,
                           {"reason": "unknown item"})
    assert status == 200
    change = _interchange([_message("1", "PO-RM-1", [(KNOWN, 9)], kind="ORDCHG", original_po="PO-RM-1")], "78")
    env = await gateway.ctx.intake.accept(change, "as2")
    await held_order(gateway, env.document_id)
    await wait_until(lambda: len(outbox(gateway)) == 2, timeout=30)
    again = await gateway.ctx.intake.accept(data, "as2")  # the VAN retransmits interchange 77
    await wait_until(lambda: _settled(gateway, again.document_id), timeout=30)
    reread = {o.po_number: o for o in await gateway.ctx.journal.orders_for_document(again.document_id)}
    delivered = reread["PO-RM-1"]
    assert delivered.status == OrderStatus.DUPLICATE and delivered.original_order_id == first["PO-RM-1"].order_id
    assert "POSSIBLE-DUPLICATE" not in codes(delivered)
    resend = reread["PO-RM-2"]
    assert resend.status == OrderStatus.REVIEW and "RESEND-OF-REJECTED" in codes(resend)
    assert resend.original_order_id == first["PO-RM-2"].order_id
    await asyncio.sleep(1)
    assert sorted(o.get("kind") for o in outbox(gateway)) == ["change", "new"]


async def test_an_interchange_again_with_a_new_envelope_time_after_a_rejection_waits_for_a_person(gateway,
                                                                                                   api_headers):
    data = _interchange([_message("1", "PO-RM-3", [(UNKNOWN_GTIN, 3)])], "79")
    env = await gateway.ctx.intake.accept(data, "as2")
    order = await held_order(gateway, env.document_id)
    status, _ = await call(gateway, "POST", f"/v1/orders/{order.order_id}/reject", api_headers, {"reason": "no"})
    assert status == 200
    again = await gateway.ctx.intake.accept(data.replace(b"261120:1000", b"261120:1007"), "as2")
    resend = await held_order(gateway, again.document_id)  # a retry or the customer's resend: a click, never a loss
    assert resend.status == OrderStatus.REVIEW and "RESEND-OF-REJECTED" in codes(resend)
    assert resend.original_order_id == order.order_id


async def test_a_rejected_order_resent_in_a_new_interchange_waits_for_a_person(gateway, api_headers):
    message = _message("1", "PO-RM-4", [(UNKNOWN_GTIN, 3)])
    env = await gateway.ctx.intake.accept(_interchange([message], "80"), "as2")
    order = await held_order(gateway, env.document_id)
    status, _ = await call(gateway, "POST", f"/v1/orders/{order.order_id}/reject", api_headers, {"reason": "no"})
    assert status == 200
    env = await gateway.ctx.intake.accept(_interchange([message], "81"), "as2")  # the customer sends it again
    resend = await held_order(gateway, env.document_id)
    assert resend.status == OrderStatus.REVIEW and "RESEND-OF-REJECTED" in codes(resend)
    assert resend.original_order_id == order.order_id


async def _dated_by_a_clerk(gw, headers, po: str, lines: list[tuple]):
    env = await gw.ctx.intake.accept(ubl_order(po, lines, delivery_date=None), "http")
    order = await held_order(gw, env.document_id)
    assert "DELIVERY-DATE-MISSING" in codes(order)
    status, _ = await call(gw, "PATCH", f"/v1/orders/{order.order_id}", headers,
                           {"requested_delivery_date": "2099-12-01"})
    assert status == 200
    status, _ = await call(gw, "POST", f"/v1/orders/{order.order_id}/approve", headers)
    assert status == 200
    return order


async def test_a_new_date_after_a_clerk_filled_in_the_missing_one_is_a_change(gateway, api_headers):
    first = await _dated_by_a_clerk(gateway, api_headers, "PO-RD-1", [(KNOWN, 4), (PEN, 10)])
    await wait_until(lambda: len(outbox(gateway)) == 1, timeout=30)
    env = await gateway.ctx.intake.accept(ubl_order("PO-RD-1", [(KNOWN, 4), (PEN, 10)], delivery_date="2099-12-15",
                                                    note="new date please"), "smtp", OWN_MAIL)
    moved = await held_order(gateway, env.document_id)
    assert moved.status != OrderStatus.DUPLICATE and moved.kind == OrderKind.CHANGE, moved.issues
    assert moved.original_order_id == first.order_id
    await wait_until(lambda: len(outbox(gateway)) == 2, timeout=30)
    [change] = [o for o in outbox(gateway) if o.get("kind") == "change"]  # the outbox's files come in no set order
    assert change["requested_delivery_date"] == "2099-12-15"


async def test_after_a_clerk_dated_an_order_a_resend_without_a_date_or_with_that_date_is_its_duplicate(
        gateway, api_headers):
    first = await _dated_by_a_clerk(gateway, api_headers, "PO-RD-2", [(KNOWN, 2)])
    await wait_until(lambda: len(outbox(gateway)) == 1, timeout=30)
    for date in (None, "2099-12-01"):
        env = await gateway.ctx.intake.accept(ubl_order("PO-RD-2", [(KNOWN, 2)], delivery_date=date, note=str(date)),
                                              "smtp", OWN_MAIL)
        copy = await held_order(gateway, env.document_id)
        assert copy.status == OrderStatus.DUPLICATE and copy.original_order_id == first.order_id, copy.issues
    await asyncio.sleep(1)
    assert len(outbox(gateway)) == 1


async def _held_with_two_copies(gw, po: str):
    orders = []
    for note in ("", "copy", "copie"):
        env = await gw.ctx.intake.accept(ubl_order(po, [(UNKNOWN_GTIN, 3)], note=note),
                                         *(("smtp", OWN_MAIL) if note else ("http",)))
        orders.append(await held_order(gw, env.document_id))
    assert [o.status for o in orders] == [OrderStatus.REVIEW, OrderStatus.DUPLICATE, OrderStatus.DUPLICATE]
    return orders


async def _one_item_for(gw, rejected, copies):
    copies = [await gw.ctx.journal.get_order(c.order_id) for c in copies]
    moved, linked = copies
    assert moved.status == OrderStatus.REVIEW and moved.original_order_id == rejected.order_id
    assert "RESEND-OF-REJECTED" in codes(moved) and "DUPLICATE-ORDER" not in codes(moved)
    assert linked.status == OrderStatus.DUPLICATE and linked.original_order_id == moved.order_id
    assert codes(linked).count("DUPLICATE-ORDER") == 1


async def test_two_copies_of_a_rejected_order_make_one_review_item(gateway, api_headers):
    rejected, *copies = await _held_with_two_copies(gateway, "PO-R2-1")
    status, _ = await call(gateway, "POST", f"/v1/orders/{rejected.order_id}/reject", api_headers, {"reason": "no"})
    assert status == 200
    await _one_item_for(gateway, rejected, copies)


async def test_copies_a_rejection_left_behind_go_to_a_person_at_start_up(gateway, api_headers, monkeypatch):
    import gateway.review.review as review

    async def none(ctx, rejected, user):  # a rejection stored without its copies (as versions before one
        return []                         # transaction for both left them after a stop)
    rejected, *copies = await _held_with_two_copies(gateway, "PO-R2-2")
    monkeypatch.setattr(review, "copies_moved", none)
    status, _ = await call(gateway, "POST", f"/v1/orders/{rejected.order_id}/reject", api_headers, {"reason": "no"})
    assert status == 200
    assert (await gateway.ctx.journal.get_order(copies[0].order_id)).status == OrderStatus.DUPLICATE
    await supersede_pending(gateway.ctx)  # what start-up runs
    await _one_item_for(gateway, rejected, copies)
    await supersede_pending(gateway.ctx)  # again: nothing more moves
    await _one_item_for(gateway, rejected, copies)


async def test_migration_13_writes_decided_at_only_and_leaves_unreadable_bodies_alone(gateway, api_headers):
    ids = []
    for po in ("PO-MG-1", "PO-MG-2", "PO-MG-3"):
        env = await gateway.ctx.intake.accept(ubl_order(po, [(KNOWN, 1)]), "http")
        ids.append((await held_order(gateway, env.document_id)).order_id)
    await wait_until(lambda: len(outbox(gateway)) == 3, timeout=30)
    plain, damaged, broken = ids

    def as_an_earlier_version_left_them(db):
        for order_id in ids:
            body = json.loads(db.execute("SELECT body FROM orders WHERE order_id = ?", (order_id,)).fetchone()["body"])
            body["sla"]["decided_at"] = None
            if order_id == damaged:
                body["priority"], body["from_a_later_version"] = "vip", {"x": 1}
            text = json.dumps(body) if order_id != broken else json.dumps(body)[:-40]  # cut short on disk
            db.execute("UPDATE orders SET body = ? WHERE order_id = ?", (text, order_id))
    await gateway.ctx.journal.transaction(as_an_earlier_version_left_them)

    def bodies(db):
        return {o: db.execute("SELECT body FROM orders WHERE order_id = ?", (o,)).fetchone()["body"] for o in ids}
    before = await gateway.ctx.journal.transaction(bodies)
    await gateway.ctx.journal.transaction(backfill_decided_at)  # does not raise on the broken body
    after = await gateway.ctx.journal.transaction(bodies)
    assert after[broken] == before[broken]
    kept = json.loads(after[damaged])
    assert kept["priority"] == "vip" and kept["from_a_later_version"] == {"x": 1} and kept["sla"]["decided_at"]
    assert "ORDER-DAMAGED" not in after[damaged]
    was = json.loads(before[damaged])
    kept["sla"]["decided_at"] = None
    assert kept == was  # nothing else of the body changed
    assert (await gateway.ctx.journal.get_order(plain)).sla.decided_at is not None


async def test_a_rejected_change_sent_again_in_a_new_interchange_waits_for_a_person(gateway, api_headers):
    change = [_message("1", "PO-RC-3", [(KNOWN, 9)], kind="ORDCHG", original_po="PO-RC-3")]
    await _rejected_then_original(gateway, api_headers, _interchange(change, "93"),
                                  _interchange([_message("1", "PO-RC-3", [(KNOWN, 4)])], "94"))
    env = await gateway.ctx.intake.accept(_interchange(change, "95"), "as2")  # a new control reference
    again = await held_order(gateway, env.document_id)
    assert again.status == OrderStatus.REVIEW and "RESEND-OF-REJECTED" in codes(again), again.issues
    assert again.kind == OrderKind.CHANGE and again.original_order_id is not None
    message = next(i.message for i in again.issues if i.code == "RESEND-OF-REJECTED")
    assert "not as a new order" in message and "in place of the rejected one" not in message
    # near miss: another change of the same order (7, not the rejected 9) is no resend of it
    env = await gateway.ctx.intake.accept(_interchange(
        [_message("1", "PO-RC-3", [(KNOWN, 7)], kind="ORDCHG", original_po="PO-RC-3")], "96"), "as2")
    other = await held_order(gateway, env.document_id)
    assert "RESEND-OF-REJECTED" not in codes(other) and other.kind == OrderKind.CHANGE
    await asyncio.sleep(1)
    assert other.status in (OrderStatus.READY, OrderStatus.DELIVERED), other.issues
    await wait_until(lambda: len(outbox(gateway)) == 2, timeout=30)
    assert sorted(o.get("kind") for o in outbox(gateway)) == ["change", "new"]
    assert not any(line.get("quantity") == "9" for o in outbox(gateway) for line in o.get("lines", []))
