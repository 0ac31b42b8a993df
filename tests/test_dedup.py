"""Duplicates, resends and changes: caught, linked, explained, never delivered twice."""

from __future__ import annotations

import json

from gateway.stages.dedup import fold_po, po_distance
from gateway.model import OrderStatus
from gateway.store.intake import IntakeMeta
from testkit.harness import running_gateway, wait_until, write_config
from testkit.samples import ubl_order
from tests.own_senders import OWN_FAX, OWN_MAIL


def outbox(gw) -> list[dict]:
    return [json.loads(p.read_text()) for p in gw.ctx.config.delivery.file.path.glob("*.json")]


async def orders_of(gw, doc_id: str):
    return await wait_until(lambda: gw.ctx.journal.orders_for_document(doc_id), timeout=30)


def test_po_numbers_fold_ocr_lookalikes_and_separators():
    assert fold_po("PO-45OO I23") == fold_po("PO4500123")
    assert po_distance("4500123", "45OO123") == 0
    assert po_distance("4500123", "450O128") == 1  # O folds to 0; 3 read as 8
    assert po_distance("4500123", "450012") == 1  # a character lost
    assert po_distance("4500123", "4500124") == 2  # the next PO of a series, not a misread
    assert po_distance("4500123", "4511123") == 2


async def test_same_bytes_twice_is_a_duplicate_document(gateway):
    body = ubl_order("PO-SAME-1", [("4000862141404", 2)])
    first = await gateway.ctx.intake.accept(body, "http")
    await wait_until(lambda: outbox(gateway))
    second = await gateway.ctx.intake.accept(body, "smtp")

    async def done():
        doc = await gateway.ctx.journal.get_document(second.document_id)
        return doc if doc.status not in ("received", "processing", "retry") else None

    doc = await wait_until(done)
    assert doc.status == "duplicate" and doc.metadata["duplicate_of"] == first.document_id
    history = await gateway.ctx.journal.history(second.document_id)
    assert any(e.stage == "dedup" and "sha256" in (e.reason or "") for e in history)
    assert len(outbox(gateway)) == 1


async def test_same_order_through_another_channel_is_linked_not_delivered(gateway):
    first = await gateway.ctx.intake.accept(ubl_order("PO-X-77", [("4000862141404", 2), ("5412345678908", 5)]), "fax", OWN_FAX)
    await wait_until(lambda: outbox(gateway))
    second = await gateway.ctx.intake.accept(
        ubl_order("PO-X-77", [("5412345678908", 5), ("4000862141404", 2)], note="sent again by mail"), "smtp", OWN_MAIL)
    (dup,) = await orders_of(gateway, second.document_id)
    assert dup.status.value == "duplicate" and dup.original_order_id == f"{first.document_id}-001"
    assert "fax" in dup.issues[-1].message and "same customer, PO PO-X-77 and lines" in dup.issues[-1].message
    assert len(outbox(gateway)) == 1


async def test_the_same_lines_restated_for_another_day_are_a_change_not_a_duplicate(gateway):
    lines = [("4000862141404", 4), ("5412345678908", 6)]
    first = await gateway.ctx.intake.accept(ubl_order("PO-NEWDATE-1", lines, delivery_date="2099-12-14"), "http")
    await wait_until(lambda: outbox(gateway))
    again = await gateway.ctx.intake.accept(
        ubl_order("PO-NEWDATE-1", lines, delivery_date="2099-12-14", note="resent"), "smtp", OWN_MAIL)
    (dup,) = await orders_of(gateway, again.document_id)
    assert dup.status == OrderStatus.DUPLICATE  # the same day: a resend
    later = await gateway.ctx.intake.accept(
        ubl_order("PO-NEWDATE-1", lines, delivery_date="2099-12-18", note="new delivery date"), "smtp", OWN_MAIL)
    (change,) = await orders_of(gateway, later.document_id)
    assert change.status != OrderStatus.DUPLICATE and change.kind.value == "change"
    assert change.original_order_id == f"{first.document_id}-001"
    assert change.changes == [{"field": "requested_delivery_date", "from": "2099-12-14", "to": "2099-12-18"}]
    await wait_until(lambda: len(outbox(gateway)) == 2, timeout=30)
    assert sorted(o["kind"] for o in outbox(gateway)) == ["change", "new"]


async def test_two_copies_arriving_together_deliver_once(gateway):
    body = ubl_order("PO-RACE-1", [("4000862141404", 9)])
    docs = [await gateway.ctx.intake.accept(body.replace(b"Item 1", f"Item {n}".encode()), ch, meta)
            for n, (ch, meta) in enumerate((("fax", OWN_FAX), ("smtp", OWN_MAIL), ("http", None), ("sftp", None)))]
    for env in docs:
        await orders_of(gateway, env.document_id)
    await wait_until(lambda: outbox(gateway))
    statuses = sorted([(await gateway.ctx.journal.orders_for_document(d.document_id))[0].status.value
                       for d in docs])
    assert statuses.count("duplicate") == 3
    assert len(outbox(gateway)) == 1


async def test_sequential_pos_with_the_same_lines_are_two_orders(gateway):
    for po in ("PO-SERIES-41", "PO-SERIES-42"):
        await gateway.ctx.intake.accept(ubl_order(po, [("4000862141404", 10)]), "http")
    await wait_until(lambda: len(outbox(gateway)) == 2, timeout=30)


async def test_change_arriving_before_its_original_is_held_then_delivered_after_it(gateway):
    change = await gateway.ctx.intake.accept(
        ubl_order("CHG-1", [("4000862141404", 7)], root="OrderChange", original_po="PO-EARLY-1"), "http")
    (held,) = await orders_of(gateway, change.document_id)
    assert held.status.value == "held" and held.issues[-1].code == "ORIGINAL-UNKNOWN"
    assert outbox(gateway) == []
    original = await gateway.ctx.intake.accept(ubl_order("PO-EARLY-1", [("4000862141404", 5)]), "http")
    await wait_until(lambda: len(outbox(gateway)) == 2, timeout=30)
    delivered = {o["source"]["document_id"]: o for o in outbox(gateway)}
    chg = delivered[change.document_id]
    assert chg["kind"] == "change" and chg["original_order_id"] == f"{original.document_id}-001"
    assert chg["changes"] == [{"field": "line", "item": "SKU-1001", "change": "quantity",
                               "from": "5 BX", "to": "7 BX"}]
    assert chg["sla"]["delivered_at"] >= delivered[original.document_id]["sla"]["delivered_at"]


async def test_cancellation_is_linked_to_its_original(gateway):
    original = await gateway.ctx.intake.accept(ubl_order("PO-CAN-1", [("4000862141404", 5)]), "http")
    await wait_until(lambda: outbox(gateway))
    cancel = await gateway.ctx.intake.accept(
        ubl_order("CAN-1", [("4000862141404", 5)], root="OrderCancellation", original_po="PO-CAN-1"), "http")
    (order,) = await orders_of(gateway, cancel.document_id)
    assert order.kind.value == "cancel" and order.original_order_id == f"{original.document_id}-001"


async def test_update_keeping_the_po_before_its_original_leaves_the_original_new(gateway):
    """A cXML update (or X12 860) names the original's own PO: held first, it must not turn the late
    original into a change of itself; the original goes out as new, then the update as its change."""
    from testkit.daytraffic import cxml_order
    duns = "123456789"  # C1004 in mappings/masterdata
    posted = IntakeMeta(partner="C1004")  # the channel names the customer: its cXML credential is not all there is
    update = await gateway.ctx.intake.accept(
        cxml_order("PO-LATE-9", [("SKU-1001", 9)], duns, "update-1", kind="update"), "http", posted)
    (held,) = await orders_of(gateway, update.document_id)
    assert held.status.value == "held"
    original = await gateway.ctx.intake.accept(cxml_order("PO-LATE-9", [("SKU-1001", 2)], duns, "new-1"), "http",
                                               posted)
    await wait_until(lambda: len(outbox(gateway)) == 2, timeout=30)
    delivered = {o["source"]["document_id"]: o for o in outbox(gateway)}
    assert delivered[original.document_id]["kind"] == "new"
    change = delivered[update.document_id]
    assert change["kind"] == "change" and change["original_order_id"] == f"{original.document_id}-001"


async def _scanned_copy(gw, po: str, lines: list[tuple[str, int]], **changes):
    """An order of the same customer as read from a fax: the first order's body, re-sourced as OCR."""
    original = await gw.ctx.intake.accept(ubl_order(po, lines), "http")
    await wait_until(lambda: outbox(gw))
    (first,) = await orders_of(gw, original.document_id)
    source = first.source.model_copy(update={"document_id": "FAX-1", "channel": "fax", "format": "ocr"})
    return first, first.model_copy(update={"order_id": "FAX-1-001", "source": source, "status": OrderStatus.READY,
                                           **changes})


async def test_scan_with_a_near_po_is_held_as_a_possible_duplicate_not_merged(gateway):
    from gateway.stages.dedup import find_duplicates
    first, scanned = await _scanned_copy(gateway, "PO-77133", [("4000862141404", 4)], po_number="PO-77138")
    decided = await find_duplicates(gateway.ctx, scanned)
    assert decided.status.value == "ready" and decided.original_order_id == first.order_id  # not duplicate
    (issue,) = [i for i in decided.issues if i.code == "POSSIBLE-DUPLICATE"]
    assert issue.severity == "error" and "PO-77138 differs from PO-77133" in issue.message
    typed = scanned.model_copy(update={"source": scanned.source.model_copy(update={"format": "pdf_text"})})
    assert (await find_duplicates(gateway.ctx, typed)).issues == scanned.issues  # a text PDF is exact


async def test_fax_copy_of_a_delivered_order_with_misread_cells_is_a_possible_duplicate_not_a_change(gateway):
    from gateway.stages.dedup import find_duplicates
    first, scanned = await _scanned_copy(gateway, "PO-FAXCOPY-1", [("4000862141404", 4), ("5412345678908", 2)])
    misread = [scanned.lines[0].model_copy(update={"quantity": scanned.lines[0].quantity * 10, "uom": "EA"}),
               scanned.lines[1].model_copy(update={"sku": None})]
    decided = await find_duplicates(gateway.ctx, scanned.model_copy(update={"lines": misread}))
    assert decided.kind.value == "new" and decided.changes == [] and decided.original_order_id == first.order_id
    (issue,) = [i for i in decided.issues if i.code == "POSSIBLE-DUPLICATE"]
    assert issue.severity == "error" and "may be misreads" in issue.message


async def test_scan_whose_item_codes_were_not_read_is_a_possible_duplicate_not_a_change(gateway):
    from gateway.stages.dedup import find_duplicates
    first, scanned = await _scanned_copy(gateway, "PO-UNREAD-1", [("4000862141404", 4)])
    unread = [ln.model_copy(update={"sku": None, "gtin": None, "customer_item": None}) for ln in scanned.lines]
    decided = await find_duplicates(gateway.ctx, scanned.model_copy(update={"lines": unread}))
    assert decided.kind.value == "new" and decided.original_order_id == first.order_id
    assert any(i.code == "POSSIBLE-DUPLICATE" and "could not read" in i.message for i in decided.issues)
    more = [ln.model_copy(update={"quantity": ln.quantity + 1}) for ln in unread]
    changed = await find_duplicates(gateway.ctx, scanned.model_copy(update={"lines": more}))
    # other quantities read from a scan: maybe a change, maybe misreads; a person decides, never a change by itself
    assert changed.kind.value == "new" and changed.original_order_id == first.order_id
    assert any(i.code == "POSSIBLE-DUPLICATE" and "may be misreads" in i.message for i in changed.issues)


async def test_changes_wait_for_a_person_when_configured_and_go_out_as_changes_once_approved(tmp_path):
    from gateway.review.review import approve_order
    config = write_config(tmp_path / "gw", {"decide": {"dedup": {"changes": "review", "window_days": 10}}})
    async with running_gateway(config) as gw:
        assert gw.ctx.config.decide.dedup.window_days == 10
        original = await gw.ctx.intake.accept(ubl_order("PO-REV-CHG", [("4000862141404", 5)]), "http")
        await wait_until(lambda: outbox(gw))
        change = await gw.ctx.intake.accept(ubl_order("PO-REV-CHG", [("4000862141404", 8)]), "smtp", OWN_MAIL)
        (held,) = await orders_of(gw, change.document_id)
        assert held.status.value == "review" and held.kind.value == "change"
        assert any(i.code == "CHANGE-REVIEW" and "[decide.dedup]" in i.message for i in held.issues)
        assert len(outbox(gw)) == 1
        await approve_order(gw.ctx, held.order_id, "alice")
        await wait_until(lambda: len(outbox(gw)) == 2, timeout=30)
    delivered = {o["source"]["document_id"]: o for o in outbox(gw)}[change.document_id]
    assert delivered["kind"] == "change" and delivered["original_order_id"] == f"{original.document_id}-001"
    assert delivered["changes"] == [{"field": "line", "item": "SKU-1001", "change": "quantity",
                                     "from": "5 BX", "to": "8 BX"}]


async def test_an_earlier_version_sent_again_after_a_change_waits_for_a_person(gateway):
    lines = [("4000862141404", 4)]
    await gateway.ctx.intake.accept(ubl_order("PO-BACK-1", lines, delivery_date="2099-12-14"), "http")
    await wait_until(lambda: outbox(gateway))
    await gateway.ctx.intake.accept(ubl_order("PO-BACK-1", lines, delivery_date="2099-12-18", note="v2"), "http")
    await wait_until(lambda: len(outbox(gateway)) == 2, timeout=30)
    back = await gateway.ctx.intake.accept(ubl_order("PO-BACK-1", lines, delivery_date="2099-12-14", note="v3"), "smtp", OWN_MAIL)
    (order,) = await orders_of(gateway, back.document_id)
    assert order.status not in (OrderStatus.DUPLICATE, OrderStatus.READY, OrderStatus.DELIVERED)
    assert "POSSIBLE-DUPLICATE" in {i.code for i in order.issues}
    assert len(outbox(gateway)) == 2


async def test_an_attached_order_goes_out_while_the_bodys_summary_of_it_waits(gateway):
    from email.message import EmailMessage
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "orders@retail-brussels.example", "orders@supplier.example", "PO-ATT-1"
    msg.set_content("Hello,\n\nPlease find our PO PO-ATT-1 attached: 2 x 4000862141404.\n\nRegards\n")
    msg.add_attachment(ubl_order("PO-ATT-1", [("4000862141404", 2)]), maintype="application", subtype="xml",
                       filename="PO-ATT-1.xml")
    await gateway.ctx.intake.accept(msg.as_bytes(), "smtp")
    await wait_until(lambda: outbox(gateway), timeout=60)
    (delivered,) = outbox(gateway)
    assert delivered["po_number"] == "PO-ATT-1" and delivered["source"]["format"] == "ubl"
    assert delivered["kind"] == "new"


async def test_releases_against_one_blanket_po_are_orders_of_their_own(gateway):
    from testkit.samples import x12_order
    first = x12_order("BL-45000", [("0012345678905", 10)], control=41).replace(b"**2", b"*17*2", 1)
    second = x12_order("BL-45000", [("0012345678905", 4)], control=42).replace(b"**2", b"*18*2", 1)
    assert b"BEG*00*SA*BL-45000*17*" in first and b"BEG*00*SA*BL-45000*18*" in second
    one = await gateway.ctx.intake.accept(first, "sftp")
    (a,) = await orders_of(gateway, one.document_id)
    two = await gateway.ctx.intake.accept(second, "sftp")
    (b,) = await orders_of(gateway, two.document_id)
    assert a.references.get("release") == "17" and b.references.get("release") == "18"
    assert b.kind.value == "new" and b.original_order_id is None and b.status.value != "duplicate"


async def test_the_same_order_naming_its_release_in_one_form_only_is_no_new_order(gateway):
    """A UBL order (no release field), then the same order typed in an e-mail with its "Call-off no. 3": held
    POSSIBLE-DUPLICATE for a person, never delivered a second time."""
    from datetime import date
    from email.message import EmailMessage
    first = await gateway.ctx.intake.accept(
        ubl_order("PO-REL-77", [("4000862141404", 2)], delivery_date="2099-12-01"), "http")
    (a,) = await orders_of(gateway, first.document_id)
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "orders@retail-brussels.example", "orders@supplier.example", "PO-REL-77"
    msg.set_content(f"Hello,\n\nPO: PO-REL-77\nCall-off no. 3\nOrder date: {date.today():%d.%m.%Y}\n\n"
                    "2 x SKU-1001\n\nDelivery date: 01.12.2099\n\nRegards\n")
    second = await gateway.ctx.intake.accept(msg.as_bytes(), "smtp")

    async def body_orders():
        kids = await gateway.ctx.journal.list_documents(parent_id=second.document_id)
        return [o for k in kids for o in await gateway.ctx.journal.orders_for_document(k.id)]

    (b,) = await wait_until(body_orders, timeout=30)
    assert b.references.get("release") == "3" and not a.references.get("release")
    assert b.original_order_id == a.order_id
    assert "POSSIBLE-DUPLICATE" in [i.code for i in b.issues]
    assert b.status.value not in ("ready", "delivered")
    assert [d["source"]["format"] for d in outbox(gateway)] == ["ubl"]
