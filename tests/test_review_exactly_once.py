"""Review never breaks exactly-once: a PO is the same whatever its case and separators, a look-alike PO is
only a possible duplicate, a corrected order is compared again on approval, a change or cancellation
sent twice is a duplicate, and a change waits for its original."""

from __future__ import annotations

from testkit.harness import wait_until
from testkit.samples import ubl_order
from tests.test_review import UNKNOWN_GTIN, call, held_order, outbox

KNOWN = "4000862141404"  # SKU-1001


async def _delivered(gw, po: str, lines: list[tuple]) -> str:
    env = await gw.ctx.intake.accept(ubl_order(po, lines), "http")
    n = len(outbox(gw))
    await wait_until(lambda: len(outbox(gw)) > n - 1 and any(
        o["source"]["document_id"] == env.document_id for o in outbox(gw)), timeout=30)
    return (await held_order(gw, env.document_id)).order_id


async def test_a_po_corrected_to_another_case_of_a_delivered_po_is_a_duplicate_not_a_new_order(gateway, api_headers):
    first = await _delivered(gateway, "PO-B1", [(KNOWN, 3)])
    env = await gateway.ctx.intake.accept(ubl_order("PO-XX", [(UNKNOWN_GTIN, 3)]), "http")
    held = await held_order(gateway, env.document_id)
    status, _ = await call(gateway, "PATCH", f"/v1/orders/{held.order_id}", api_headers,
                           {"po_number": "po-b1", "lines": [{"line_no": 1, "sku": "SKU-1001"}]})
    assert status == 200
    status, body = await call(gateway, "POST", f"/v1/orders/{held.order_id}/approve", api_headers)
    assert status == 200 and body["status"] == "duplicate" and body["original_order_id"] == first
    assert await gateway.ctx.journal.delivery(held.order_id) is None and len(outbox(gateway)) == 1


async def test_a_po_corrected_to_a_delivered_po_with_other_lines_goes_out_as_its_change(gateway, api_headers):
    first = await _delivered(gateway, "PO-B2", [(KNOWN, 3)])
    env = await gateway.ctx.intake.accept(ubl_order("", [(UNKNOWN_GTIN, 5)]), "http")
    held = await held_order(gateway, env.document_id)
    status, _ = await call(gateway, "PATCH", f"/v1/orders/{held.order_id}", api_headers,
                           {"po_number": "PO B2", "lines": [{"line_no": 1, "sku": "SKU-1001"}]})
    assert status == 200
    status, body = await call(gateway, "POST", f"/v1/orders/{held.order_id}/approve", api_headers)
    assert status == 200, body
    assert body["kind"] == "change" and body["original_order_id"] == first
    (diff,) = body["changes"]
    assert (diff["item"], diff["change"], diff["from"].split()[0], diff["to"].split()[0]) == ("SKU-1001", "quantity", "3", "5")
    await wait_until(lambda: len(outbox(gateway)) == 2, timeout=30)


async def test_a_look_alike_po_with_the_same_lines_is_a_possible_duplicate_a_person_can_release(gateway, api_headers):
    first = await _delivered(gateway, "PO-B1", [(KNOWN, 3)])
    env = await gateway.ctx.intake.accept(ubl_order("P0-B1", [(KNOWN, 3)]), "fax")
    scan = await held_order(gateway, env.document_id)
    assert scan.status.value == "review" and scan.original_order_id == first
    assert any(i.code == "POSSIBLE-DUPLICATE" for i in scan.issues)
    status, body = await call(gateway, "GET", f"/v1/orders/{scan.order_id}/actions", api_headers)
    assert body["state"] == "possible_duplicate" and "same_order" in body["allowed"]
    status, body = await call(gateway, "POST", f"/v1/orders/{scan.order_id}/release", api_headers)
    assert status == 200 and body["kind"] == "new"
    await wait_until(lambda: len(outbox(gateway)) == 2, timeout=30)


async def test_the_same_po_in_another_case_and_the_same_lines_is_an_exact_duplicate(gateway, api_headers):
    await _delivered(gateway, "PO-C1", [(KNOWN, 3)])
    env = await gateway.ctx.intake.accept(ubl_order("po c1", [(KNOWN, 3)]), "smtp")
    dup = await held_order(gateway, env.document_id)
    assert dup.status.value == "duplicate"


async def test_a_change_or_cancellation_sent_twice_is_delivered_once(gateway, api_headers):
    await _delivered(gateway, "PO-D1", [(KNOWN, 3)])
    change = ubl_order("PO-D1-C1", [(KNOWN, 5)], root="OrderChange", original_po="PO-D1")
    env = await gateway.ctx.intake.accept(change, "http")
    await wait_until(lambda: len(outbox(gateway)) == 2, timeout=30)
    again = await gateway.ctx.intake.accept(
        ubl_order("PO-D1-C1", [(KNOWN, 5)], root="OrderChange", original_po="PO-D1", note="resent"), "smtp")
    dup = await held_order(gateway, again.document_id)
    assert dup.status.value == "duplicate", dup.issues
    assert dup.original_order_id == (await held_order(gateway, env.document_id)).order_id
    cancel = await gateway.ctx.intake.accept(
        ubl_order("PO-D1-X", [(KNOWN, 5)], root="OrderCancellation", original_po="PO-D1"), "http")
    await wait_until(lambda: len(outbox(gateway)) == 3, timeout=30)
    twice = await gateway.ctx.intake.accept(
        ubl_order("PO-D1-X", [(KNOWN, 5)], root="OrderCancellation", original_po="PO-D1", note="again"), "http")
    dup = await held_order(gateway, twice.document_id)
    assert dup.status.value == "duplicate" and dup.kind.value == "cancel"
    assert (await held_order(gateway, cancel.document_id)).kind.value == "cancel"
    assert len(outbox(gateway)) == 3


async def test_a_change_of_an_order_in_review_waits_and_goes_to_a_person_when_the_original_is_rejected(
        gateway, api_headers):
    first = await gateway.ctx.intake.accept(ubl_order("PO-E1", [(UNKNOWN_GTIN, 3)]), "http")
    original = await held_order(gateway, first.document_id)
    second = await gateway.ctx.intake.accept(ubl_order("PO-E1", [(KNOWN, 4)]), "http")
    change = await held_order(gateway, second.document_id)
    assert change.kind.value == "change" and change.status.value == "held"
    assert any(i.code == "ORIGINAL-NOT-DELIVERED" for i in change.issues)
    status, body = await call(gateway, "GET", f"/v1/orders/{change.order_id}/actions", api_headers)
    assert body["state"] == "waiting_for_original" and body["allowed"] == ["correct", "reject", "claim"]
    status, body = await call(gateway, "POST", f"/v1/orders/{change.order_id}/approve", api_headers)
    assert status == 409 and body["error"]["state"]["state"] == "waiting_for_original"
    status, body = await call(gateway, "PATCH", f"/v1/orders/{change.order_id}", api_headers,
                              {"lines": [{"line_no": 1, "quantity": "6"}]})
    assert status == 200 and any(i["code"] == "ORIGINAL-NOT-DELIVERED" for i in body["issues"])
    status, _ = await call(gateway, "POST", f"/v1/orders/{original.order_id}/reject", api_headers,
                           {"reason": "wrong customer"})
    assert status == 200
    moved = await gateway.ctx.journal.get_order(change.order_id)
    assert moved.status.value == "review" and any(i.code == "ORIGINAL-REJECTED" for i in moved.issues)
    status, body = await call(gateway, "GET", f"/v1/orders/{change.order_id}/actions", api_headers)
    assert "approve" in body["allowed"]
    status, body = await call(gateway, "POST", f"/v1/orders/{change.order_id}/approve", api_headers)
    assert status == 200 and body["kind"] == "new" and body["original_order_id"] is None
    await wait_until(lambda: len(outbox(gateway)) == 1, timeout=30)
    assert outbox(gateway)[0]["order_id"] == change.order_id


async def test_a_change_held_for_its_original_goes_out_after_it_is_approved(gateway, api_headers):
    first = await gateway.ctx.intake.accept(ubl_order("PO-E2", [(UNKNOWN_GTIN, 3)]), "http")
    original = await held_order(gateway, first.document_id)
    second = await gateway.ctx.intake.accept(ubl_order("PO-E2", [(KNOWN, 4)]), "http")
    change = await held_order(gateway, second.document_id)
    assert change.status.value == "held"
    status, _ = await call(gateway, "PATCH", f"/v1/orders/{original.order_id}", api_headers,
                           {"lines": [{"line_no": 1, "sku": "SKU-1003"}]})
    status, _ = await call(gateway, "POST", f"/v1/orders/{original.order_id}/approve", api_headers)
    assert status == 200
    await wait_until(lambda: len(outbox(gateway)) == 1, timeout=30)

    async def decided_again():  # compared with the corrected original: it would remove SKU-1003
        (order,) = await gateway.ctx.journal.orders_for_document(second.document_id)
        return order if any(i.code == "CHANGE-REMOVES-LINES" and "SKU-1003" in i.message for i in order.issues) \
            else None
    again = await wait_until(decided_again, timeout=30)
    assert [i.code for i in again.issues].count("CHANGE-REMOVES-LINES") == 1
    assert len(outbox(gateway)) == 1  # the replacement waits for a person
    status, _ = await call(gateway, "POST", f"/v1/orders/{change.order_id}/approve", api_headers)
    assert status == 200
    await wait_until(lambda: len(outbox(gateway)) == 2, timeout=30)
    out = {o["order_id"]: o for o in outbox(gateway)}
    assert out[change.order_id]["kind"] == "change" and out[change.order_id]["original_order_id"] == original.order_id


async def test_the_approval_log_line_counts_the_corrections_made_before_it(gateway, api_headers):
    from structlog.testing import capture_logs
    env = await gateway.ctx.intake.accept(ubl_order("PO-F1", [(UNKNOWN_GTIN, 5)]), "http")
    held = await held_order(gateway, env.document_id)
    await call(gateway, "PATCH", f"/v1/orders/{held.order_id}", api_headers, {"lines": [{"line_no": 1, "quantity": "6"}]})
    await call(gateway, "PATCH", f"/v1/orders/{held.order_id}", api_headers, {"lines": [{"line_no": 1, "sku": "SKU-1003"}]})
    with capture_logs() as logs:
        status, _ = await call(gateway, "POST", f"/v1/orders/{held.order_id}/approve", api_headers)
    assert status == 200
    (line,) = [e for e in logs if e["event"] == "order_reviewed"]
    assert line["action"] == "approve" and line["corrections"] == 2


async def test_the_learning_preview_warns_when_the_master_cross_reference_maps_the_code_elsewhere(gateway, api_headers):
    env = await gateway.ctx.intake.accept(ubl_order("PO-G1", [(UNKNOWN_GTIN, 5)]), "http")
    held = await held_order(gateway, env.document_id)
    body = {"save_xref": True, "lines": [{"line_no": 1, "sku": "SKU-1003", "customer_item": "ABC1234"}]}
    status, preview = await call(gateway, "POST", f"/v1/orders/{held.order_id}/learn-preview", api_headers, body)
    assert status == 200
    assert preview["learn"] == [{"customer_id": "C1001", "customer_item": "ABC1234", "sku": "SKU-1003", "line_no": "1",
                                 "master_sku": "SKU-1001", "wins": "master"}]


async def test_a_corrected_change_is_compared_again_on_approval(gateway, api_headers):
    first = await _delivered(gateway, "PO-H1", [(KNOWN, 3)])
    env = await gateway.ctx.intake.accept(ubl_order("PO-H1", [(KNOWN, 3), (UNKNOWN_GTIN, 1)]), "http")
    change = await held_order(gateway, env.document_id)
    assert change.kind.value == "change" and change.status.value == "review"
    status, _ = await call(gateway, "PATCH", f"/v1/orders/{change.order_id}", api_headers,
                           {"lines": [{"line_no": 2, "sku": "SKU-1003"}]})
    status, body = await call(gateway, "POST", f"/v1/orders/{change.order_id}/approve", api_headers)
    assert status == 200 and body["original_order_id"] == first
    assert body["changes"] == [{"field": "line", "item": "SKU-1003", "change": "added", "to": "1 C62"}]

    again = await gateway.ctx.intake.accept(ubl_order("PO-H1", [(KNOWN, 3), (KNOWN, 1), (UNKNOWN_GTIN, 2)]), "http")
    second = await held_order(gateway, again.document_id)
    assert second.kind.value == "change" and second.status.value == "review"
    status, _ = await call(gateway, "PATCH", f"/v1/orders/{second.order_id}", api_headers,
                           {"lines": [{"line_no": 2, "delete": True}, {"line_no": 3, "sku": "SKU-1003", "quantity": "1"}]})
    assert status == 200
    status, body = await call(gateway, "POST", f"/v1/orders/{second.order_id}/approve", api_headers)
    assert status == 200 and body["status"] == "duplicate"  # nothing left to change: never delivered
    await wait_until(lambda: len(outbox(gateway)) == 2, timeout=30)
    assert await gateway.ctx.journal.delivery(second.order_id) is None


async def _possible_duplicate_of(gw, po: str, lines: list[tuple], of: str) -> str:
    """An order (sent by fax) marked a possible duplicate of order ``of``, as dedup marks a scan."""
    from gateway.stages.dedup import _mark_possible_duplicate
    from gateway.store.journal import Event
    from gateway.model import OrderKind, OrderStatus
    env = await gw.ctx.intake.accept(ubl_order(po, lines, note="by fax"), "fax")
    scan = await held_order(gw, env.document_id)
    scan = scan.model_copy(update={"kind": OrderKind.NEW, "original_order_id": None, "changes": [],
                                   "status": OrderStatus.REVIEW,
                                   "issues": [i for i in scan.issues if i.code not in ("ORDER-CHANGE", "DUPLICATE-ORDER")]})
    marked = _mark_possible_duplicate(scan, await gw.ctx.journal.get_order(of), "a scan that may repeat it")
    await gw.ctx.journal.update_order(marked, Event(stage="dedup", outcome="possible_duplicate",
                                                    order_id=scan.order_id, document_id=scan.source.document_id))
    return scan.order_id


async def test_a_possible_duplicate_corrected_to_its_delivered_original_is_a_duplicate_on_release(gateway, api_headers):
    """D1: a look-alike PO corrected to the delivered original's, then released: nothing is sent (no empty change)."""
    first = await _delivered(gateway, "PO-D1-908", [(KNOWN, 3)])
    scan = await _possible_duplicate_of(gateway, "PO-D1-90B", [(KNOWN, 3)], first)
    status, body = await call(gateway, "PATCH", f"/v1/orders/{scan}", api_headers, {"po_number": "PO-D1-908"})
    assert status == 200
    status, body = await call(gateway, "GET", f"/v1/orders/{scan}/actions", api_headers)
    assert body["state"] == "possible_duplicate_same_po"
    status, body = await call(gateway, "POST", f"/v1/orders/{scan}/release", api_headers)
    assert status == 200 and body["status"] == "duplicate" and body["original_order_id"] == first, body
    assert await gateway.ctx.journal.delivery(scan) is None and len(outbox(gateway)) == 1


async def test_a_possible_duplicate_released_as_new_under_a_delivered_po_is_compared_first(gateway, api_headers):
    """D1: release as another order (different PO) whose PO was then corrected to a delivered one with the
    same lines: a duplicate, never a second new order nor an empty change."""
    first = await _delivered(gateway, "PO-D1-915", [(KNOWN, 2)])
    other = await _delivered(gateway, "PO-D1-777", [(KNOWN, 2)])
    scan = await _possible_duplicate_of(gateway, "PO-D1-91S", [(KNOWN, 2)], first)
    status, _ = await call(gateway, "PATCH", f"/v1/orders/{scan}", api_headers, {"po_number": "PO-D1-777"})
    assert status == 200
    status, body = await call(gateway, "POST", f"/v1/orders/{scan}/release", api_headers)
    assert status == 200 and body["status"] == "duplicate" and body["original_order_id"] == other, body
    assert await gateway.ctx.journal.delivery(scan) is None and len(outbox(gateway)) == 2


async def test_a_change_whose_po_is_corrected_is_relinked_to_the_delivered_order_of_that_po(gateway, api_headers):
    """D16: the change's PO corrected to another delivered PO: linked to that order, diffed against it."""
    from gateway.review.review import approve_order
    k1 = await _delivered(gateway, "PO-D16-700", [(KNOWN, 5)])
    other = await _delivered(gateway, "PO-D16-701", [(KNOWN, 1)])
    env = await gateway.ctx.intake.accept(ubl_order("PO-D16-700", [(KNOWN, 8), (UNKNOWN_GTIN, 1)]), "http")
    change = await held_order(gateway, env.document_id)
    assert change.kind.value == "change" and change.original_order_id == k1
    status, body = await call(gateway, "PATCH", f"/v1/orders/{change.order_id}", api_headers,
                              {"po_number": "PO-D16-701", "lines": [{"line_no": 2, "delete": True}]})
    assert status == 200 and body["original_order_id"] == other, body
    assert body["changes"] == [{"field": "line", "item": "SKU-1001", "change": "quantity", "from": "1 BX",
                                "to": "8 BX"}]
    await approve_order(gateway.ctx, change.order_id, "alice")
    await wait_until(lambda: len(outbox(gateway)) == 3, timeout=30)
    sent = next(o for o in outbox(gateway) if o["order_id"] == change.order_id)
    assert sent["kind"] == "change" and sent["original_order_id"] == other and sent["po_number"] == "PO-D16-701"
    assert sent["changes"][0]["from"] == "1 BX"


async def test_a_change_whose_po_is_corrected_to_an_unknown_po_is_not_sent(gateway, api_headers):
    """D16: no delivered order with the corrected PO: the change is linked to nothing and refused."""
    k1 = await _delivered(gateway, "PO-D16-800", [(KNOWN, 5)])
    env = await gateway.ctx.intake.accept(ubl_order("PO-D16-800", [(KNOWN, 8), (UNKNOWN_GTIN, 1)]), "http")
    change = await held_order(gateway, env.document_id)
    assert change.original_order_id == k1
    status, body = await call(gateway, "PATCH", f"/v1/orders/{change.order_id}", api_headers,
                              {"po_number": "PO-D16-NOPE", "lines": [{"line_no": 2, "delete": True}]})
    assert status == 200 and body["original_order_id"] is None
    status, body = await call(gateway, "POST", f"/v1/orders/{change.order_id}/approve", api_headers)
    assert status in (409, 422) and await gateway.ctx.journal.delivery(change.order_id) is None


async def test_a_same_po_possible_duplicate_whose_original_was_rejected_is_released_as_new(gateway, api_headers):
    """D2: the original is rejected; releasing the scan sends it as a new order in its place."""
    env = await gateway.ctx.intake.accept(ubl_order("PO-D2-600", [(UNKNOWN_GTIN, 3)]), "http")
    original = (await held_order(gateway, env.document_id)).order_id
    scan = await _possible_duplicate_of(gateway, "PO-D2-600", [(UNKNOWN_GTIN, 3)], original)
    status, _ = await call(gateway, "POST", f"/v1/orders/{original}/reject", api_headers, {"reason": "bad"})
    assert status == 200
    status, _ = await call(gateway, "PATCH", f"/v1/orders/{scan}", api_headers,
                           {"lines": [{"line_no": 1, "sku": "SKU-1001"}]})
    assert status == 200
    status, body = await call(gateway, "GET", f"/v1/orders/{scan}/actions", api_headers)
    assert "release" in body["allowed"]
    status, body = await call(gateway, "POST", f"/v1/orders/{scan}/release", api_headers)
    assert status == 200 and body["status"] == "ready" and body["kind"] == "new", body
    assert any(i["code"] == "ORIGINAL-REJECTED" for i in body["issues"])
    await wait_until(lambda: len(outbox(gateway)) == 1, timeout=30)


async def test_a_later_order_under_the_same_po_that_leaves_lines_out_waits_naming_them(gateway, api_headers):
    # "please add 3 x SKU-1003 to PO-ADD-1": read as the whole new version it would cancel SKU-1001
    first = await _delivered(gateway, "PO-ADD-1", [(KNOWN, 6), ("4012345678901", 2)])
    env = await gateway.ctx.intake.accept(ubl_order("PO-ADD-1", [("4012345678901", 3)]), "http")
    later = await held_order(gateway, env.document_id)
    assert later.status.value == "review" and later.original_order_id == first
    (issue,) = [i for i in later.issues if i.code == "CHANGE-REMOVES-LINES"]
    assert "SKU-1001" in issue.message and "SKU-1003" not in issue.message
    assert len(outbox(gateway)) == 1
