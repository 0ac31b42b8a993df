"""Review queue over the HTTP API: held orders are corrected, approved and delivered; corrections recorded."""

from __future__ import annotations

import json

import aiohttp

from testkit.harness import wait_until
from testkit.samples import ubl_order

UNKNOWN_GTIN = "9999999999994"


async def call(gw, method: str, path: str, headers, body=None) -> tuple[int, dict]:
    async with aiohttp.ClientSession() as session:
        async with session.request(method, f"http://127.0.0.1:{gw.ports['http']}{path}", headers=headers,
                                   data=None if body is None else json.dumps(body)) as resp:
            return resp.status, await resp.json()


async def held_order(gw, doc_id: str):
    async def one():
        orders = await gw.ctx.journal.orders_for_document(doc_id)
        return orders[0] if orders else None
    return await wait_until(one, timeout=30)


def outbox(gw) -> list[dict]:
    return [json.loads(p.read_text()) for p in gw.ctx.config.delivery.file.path.glob("*.json")]


async def test_unknown_item_is_held_then_corrected_approved_and_delivered(gateway, api_headers):
    env = await gateway.ctx.intake.accept(ubl_order("PO-REV-1", [(UNKNOWN_GTIN, 5), ("4000862141404", 2)]), "http")
    order = await held_order(gateway, env.document_id)
    assert order.status.value == "review"
    assert any(i.code == "ITEM-UNKNOWN" for i in order.issues)
    status, body = await call(gateway, "GET", "/v1/review", api_headers)
    assert status == 200 and [w["order"]["order_id"] for w in body["waiting"]] == [order.order_id]

    status, body = await call(gateway, "POST", f"/v1/orders/{order.order_id}/approve", api_headers)
    assert status == 422 and body["error"]["issues"][0]["code"] == "ITEM-UNKNOWN"

    status, corrected = await call(gateway, "PATCH", f"/v1/orders/{order.order_id}", api_headers,
                                   {"lines": [{"line_no": 1, "sku": "SKU-1003", "quantity": "6"}]})
    assert status == 200 and corrected["lines"][0]["sku"] == "SKU-1003"
    status, approved = await call(gateway, "POST", f"/v1/orders/{order.order_id}/approve", api_headers)
    assert status == 200 and approved["status"] == "ready"

    await wait_until(lambda: outbox(gateway), timeout=30)
    (delivered,) = outbox(gateway)
    assert delivered["lines"][0]["sku"] == "SKU-1003" and delivered["lines"][0]["quantity"] == "6"
    status, doc = await call(gateway, "GET", f"/v1/documents/{env.document_id}", api_headers)
    corrections = [e for e in doc["history"] if e["stage"] == "review" and e["outcome"] == "corrected"]
    assert {"field": "lines[1].sku", "from": None, "to": "SKU-1003"} in corrections[0]["data"]["changes"]
    assert {"field": "lines[1].quantity", "from": "5", "to": "6"} in corrections[0]["data"]["changes"]
    assert gateway.ctx.metrics.counter_value("gateway_corrections_total", channel="http") == 2


async def test_approving_or_releasing_an_exact_duplicate_is_409_and_never_delivers_it(gateway, api_headers):
    first = await gateway.ctx.intake.accept(ubl_order("PO-DUP-1", [("4000862141404", 3)]), "http")
    await wait_until(lambda: outbox(gateway), timeout=30)
    again = await gateway.ctx.intake.accept(ubl_order("PO-DUP-1", [("4000862141404", 3)], note="resent"), "smtp")
    dup = await held_order(gateway, again.document_id)
    assert dup.status.value == "duplicate"
    assert dup.original_order_id == f"{first.document_id}-001"
    status, body = await call(gateway, "POST", f"/v1/orders/{dup.order_id}/approve", api_headers)
    assert status == 409 and body["error"]["code"] == "ORDER-STATE"
    assert body["error"]["state"] == {"status": "duplicate", "state": "duplicate", "kind": "new",
                                      "original_order_id": dup.original_order_id,
                                      "allowed": ["reject", "claim"]}
    status, body = await call(gateway, "POST", f"/v1/orders/{dup.order_id}/release", api_headers)
    assert status == 409 and body["error"]["code"] == "DUPLICATE-OF-ACTIVE"
    assert "delivered" in body["error"]["message"] and body["error"]["state"]["status"] == "duplicate"
    status, body = await call(gateway, "PATCH", f"/v1/orders/{dup.order_id}", api_headers, {"po_number": "X"})
    assert status == 409 and body["error"]["state"]["state"] == "duplicate"
    assert (await gateway.ctx.journal.get_order(dup.order_id)).status.value == "duplicate"
    assert await gateway.ctx.journal.delivery(dup.order_id) is None and len(outbox(gateway)) == 1


async def test_a_copy_of_an_order_then_rejected_goes_to_a_person_linked_to_it_and_may_go_out_in_its_place(
        gateway, api_headers):
    first = await gateway.ctx.intake.accept(ubl_order("PO-DUP-2", [(UNKNOWN_GTIN, 3)]), "http")
    original = await held_order(gateway, first.document_id)
    again = await gateway.ctx.intake.accept(ubl_order("PO-DUP-2", [(UNKNOWN_GTIN, 3)], note="resent"), "smtp")
    dup = await held_order(gateway, again.document_id)
    assert dup.status.value == "duplicate" and dup.original_order_id == original.order_id
    status, body = await call(gateway, "POST", f"/v1/orders/{dup.order_id}/release", api_headers)
    assert status == 409 and "review" in body["error"]["message"]
    status, _ = await call(gateway, "POST", f"/v1/orders/{original.order_id}/reject", api_headers,
                           {"reason": "wrong customer"})
    assert status == 200
    status, body = await call(gateway, "POST", f"/v1/orders/{original.order_id}/approve", api_headers)
    assert status == 409 and body["error"]["state"]["status"] == "rejected" and body["error"]["state"]["allowed"] == []
    # the copy is no longer the copy of an order on its way: it waits for a person, named and linked
    copy = await gateway.ctx.journal.get_order(dup.order_id)
    assert copy.status.value == "review" and copy.original_order_id == original.order_id
    assert "RESEND-OF-REJECTED" in [i.code for i in copy.issues] and "DUPLICATE-ORDER" not in [i.code for i in copy.issues]
    status, body = await call(gateway, "GET", "/v1/review", api_headers)
    assert dup.order_id in [item["order"]["order_id"] for item in body["waiting"]]
    status, body = await call(gateway, "POST", f"/v1/orders/{dup.order_id}/approve", api_headers)
    assert status == 422 and [i["code"] for i in body["error"]["issues"]] == ["ITEM-UNKNOWN"]  # still checked
    status, body = await call(gateway, "PATCH", f"/v1/orders/{dup.order_id}", api_headers,
                              {"lines": [{"line_no": 1, "sku": "SKU-1003"}]})
    assert status == 200 and "RESEND-OF-REJECTED" in [i["code"] for i in body["issues"]]  # a correction keeps it
    status, body = await call(gateway, "POST", f"/v1/orders/{dup.order_id}/approve", api_headers)
    assert status == 200 and body["status"] == "ready" and body["kind"] == "new" and body["original_order_id"] is None
    assert any(i["code"] == "RESEND-OF-REJECTED" and i["severity"] == "warning" for i in body["issues"])
    await wait_until(lambda: len(outbox(gateway)) == 1, timeout=30)


async def test_a_copy_left_a_duplicate_of_a_rejected_order_can_be_released_by_a_supervisor_in_its_place(
        gateway, api_headers):
    """A copy whose original was rejected before copies went to a person (a journal of an earlier version)."""
    from gateway.model import OrderStatus
    from gateway.store.journal import Event
    first = await gateway.ctx.intake.accept(ubl_order("PO-DUP-3", [(UNKNOWN_GTIN, 3)]), "http")
    original = await held_order(gateway, first.document_id)
    again = await gateway.ctx.intake.accept(ubl_order("PO-DUP-3", [(UNKNOWN_GTIN, 3)], note="resent"), "smtp")
    dup = await held_order(gateway, again.document_id)
    await gateway.ctx.journal.update_order(original.model_copy(update={"status": OrderStatus.REJECTED}), Event(
        stage="review", outcome="rejected", order_id=original.order_id, document_id=original.source.document_id))
    status, body = await call(gateway, "GET", f"/v1/orders/{dup.order_id}/actions", api_headers)
    assert body["state"] == "duplicate_of_rejected" and body["allowed"] == ["correct", "release", "reject", "claim"]
    status, body = await call(gateway, "POST", f"/v1/orders/{dup.order_id}/release", api_headers)
    assert status == 422 and body["error"]["issues"][0]["code"] == "ITEM-UNKNOWN"  # released, yet still checked
    status, _ = await call(gateway, "PATCH", f"/v1/orders/{dup.order_id}", api_headers,
                           {"lines": [{"line_no": 1, "sku": "SKU-1003"}]})
    assert status == 200
    status, body = await call(gateway, "POST", f"/v1/orders/{dup.order_id}/release", api_headers)
    assert status == 200 and body["status"] == "ready" and body["kind"] == "new"
    await wait_until(lambda: len(outbox(gateway)) == 1, timeout=30)


async def test_a_change_is_not_approved_before_its_original(gateway, api_headers):
    from gateway.review.review import approve_order
    first = await gateway.ctx.intake.accept(ubl_order("PO-CHG-9", [(UNKNOWN_GTIN, 3)]), "http")
    original = await held_order(gateway, first.document_id)
    # the change keeps the original's line (SKU-1003 once corrected) and adds one: it removes nothing
    second = await gateway.ctx.intake.accept(ubl_order("PO-CHG-9", [("4012345678901", 3), ("4000862141404", 4)]),
                                             "http")
    change = await held_order(gateway, second.document_id)
    assert change.kind.value == "change" and change.original_order_id == original.order_id
    status, _ = await call(gateway, "PATCH", f"/v1/orders/{original.order_id}", api_headers,
                           {"lines": [{"line_no": 1, "sku": "SKU-1003"}]})
    assert status == 200
    # the change waits, held with a named reason, while its original is not delivered
    waiting = await gateway.ctx.journal.get_order(change.order_id)
    assert waiting.status.value == "held" and any(i.code == "ORIGINAL-NOT-DELIVERED" for i in waiting.issues)
    assert await gateway.ctx.journal.delivery(change.order_id) is None
    await approve_order(gateway.ctx, original.order_id, "alice")
    await wait_until(lambda: len(outbox(gateway)) == 2, timeout=30)

    async def both_recorded():
        # the sink writes the file before the journal records the delivery: wait for both records
        out = [await gateway.ctx.journal.get_order(i) for i in (original.order_id, change.order_id)]
        return out if all(o.sla.delivered_at for o in out) else None

    first_out, then = await wait_until(both_recorded, timeout=30)
    assert first_out.sla.delivered_at <= then.sla.delivered_at


async def test_a_released_same_po_scan_goes_out_as_a_change_after_its_original(gateway, api_headers):
    from gateway.stages.dedup import _mark_possible_duplicate
    from gateway.store.journal import Event
    from gateway.model import OrderKind, OrderStatus
    first = await gateway.ctx.intake.accept(ubl_order("PO-SCAN-5", [("4000862141404", 3)]), "http")
    await wait_until(lambda: outbox(gateway), timeout=30)
    original = await held_order(gateway, first.document_id)
    again = await gateway.ctx.intake.accept(ubl_order("PO-SCAN-5", [(UNKNOWN_GTIN, 3)]), "fax")
    scan = await held_order(gateway, again.document_id)
    scan = scan.model_copy(update={"kind": OrderKind.NEW, "original_order_id": None, "changes": [],
                                   "status": OrderStatus.REVIEW,
                                   "issues": [i for i in scan.issues if i.code != "ORDER-CHANGE"]})
    marked = _mark_possible_duplicate(scan, original, "a scan of the same PO")
    await gateway.ctx.journal.update_order(marked, Event(stage="dedup", outcome="possible_duplicate",
                                                         order_id=scan.order_id, document_id=scan.source.document_id))
    status, body = await call(gateway, "GET", f"/v1/orders/{scan.order_id}/actions", api_headers)
    assert body["state"] == "possible_duplicate_same_po" and body["allowed"] == ["correct", "release", "same_order", "reject", "claim"]
    status, body = await call(gateway, "POST", f"/v1/orders/{scan.order_id}/approve", api_headers)
    assert status == 409 and body["error"]["code"] == "ORDER-STATE"
    status, _ = await call(gateway, "PATCH", f"/v1/orders/{scan.order_id}", api_headers,
                           {"lines": [{"line_no": 1, "sku": "SKU-1003"}]})
    assert status == 200
    status, released = await call(gateway, "POST", f"/v1/orders/{scan.order_id}/release", api_headers)
    assert status == 200, released
    assert released["kind"] == "change" and released["original_order_id"] == original.order_id
    await wait_until(lambda: len(outbox(gateway)) == 2, timeout=30)
    change = next(o for o in outbox(gateway) if o["order_id"] == scan.order_id)
    assert {"field": "line", "item": "SKU-1003", "change": "added", "to": "3 C62"} in change["changes"]


async def test_changed_quantity_is_delivered_as_a_change_with_the_difference(gateway, api_headers):
    await gateway.ctx.intake.accept(ubl_order("PO-CHG-1", [("4000862141404", 3), ("5412345678908", 1)]), "http")
    await wait_until(lambda: outbox(gateway), timeout=30)
    env = await gateway.ctx.intake.accept(ubl_order("PO-CHG-1", [("4000862141404", 4), ("5412345678908", 1)]), "http")
    await wait_until(lambda: len(outbox(gateway)) == 2, timeout=30)
    change = next(o for o in outbox(gateway) if o["source"]["document_id"] == env.document_id)
    assert change["kind"] == "change"
    assert change["changes"] == [{"field": "line", "item": "SKU-1001", "change": "quantity",
                                  "from": "3 BX", "to": "4 BX"}]


async def test_review_actions_need_credentials(gateway, api_headers):
    env = await gateway.ctx.intake.accept(ubl_order("PO-RO-1", [(UNKNOWN_GTIN, 1)]), "http")
    order = await held_order(gateway, env.document_id)
    status, body = await call(gateway, "POST", f"/v1/orders/{order.order_id}/approve", {"X-API-Key": "bad"})
    assert status == 401


async def test_only_item_codes_a_person_confirmed_are_learned_and_a_supervisor_can_undo_them(gateway, api_headers):
    from gateway.store.journal import Event
    env = await gateway.ctx.intake.accept(ubl_order("PO-LEARN-1", [(UNKNOWN_GTIN, 5), (UNKNOWN_GTIN, 1)]), "http")
    order = await held_order(gateway, env.document_id)
    misread = [order.lines[0].model_copy(update={"customer_item": "DF-STYLO-BDF-AGRAF-",
                                                 "field_confidence": {"customer_item": 0.6}}),
               order.lines[1].model_copy(update={"customer_item": "HD", "field_confidence": {"customer_item": 0.7}})]
    await gateway.ctx.journal.update_order(order.model_copy(update={"lines": misread}), Event(
        stage="extract", outcome="read", order_id=order.order_id, document_id=env.document_id))
    guess = {"save_xref": True, "lines": [{"line_no": 1, "sku": "SKU-1003"}, {"line_no": 2, "sku": "SKU-1002"}]}
    status, body = await call(gateway, "POST", f"/v1/orders/{order.order_id}/learn-preview", api_headers, guess)
    assert status == 200 and body == {"learn": []}  # misread cells are never learned by themselves
    confirmed = {"save_xref": True, "lines": [{"line_no": 1, "sku": "SKU-1003", "customer_item": "STYLO-BDF"},
                                              {"line_no": 2, "sku": "SKU-1002"}]}
    status, body = await call(gateway, "POST", f"/v1/orders/{order.order_id}/learn-preview", api_headers, confirmed)
    assert body["learn"] == [{"customer_id": "C1001", "customer_item": "STYLO-BDF", "sku": "SKU-1003", "line_no": "1"}]
    status, _ = await call(gateway, "PATCH", f"/v1/orders/{order.order_id}", api_headers, confirmed)
    assert status == 200
    assert gateway.ctx.master_data.current().xref.get(("C1001", "STYLO-BDF")) == "SKU-1003"
    assert ("C1001", "HD") not in gateway.ctx.master_data.current().xref
    status, body = await call(gateway, "GET", "/v1/learned-items?customer=C1001", api_headers)
    assert body["learned"] == [{"customer_id": "C1001", "customer_item": "STYLO-BDF", "sku": "SKU-1003"}]
    status, body = await call(gateway, "DELETE", "/v1/learned-items/C1001/STYLO-BDF", api_headers)
    assert status == 200 and body["forgotten"]["sku"] == "SKU-1003"
    assert ("C1001", "STYLO-BDF") not in gateway.ctx.master_data.current().xref
    status, body = await call(gateway, "DELETE", "/v1/learned-items/C1001/STYLO-BDF", api_headers)
    assert status == 404


async def test_bulk_reject_goes_through_the_table_order_by_order(gateway, api_headers):
    envs = [await gateway.ctx.intake.accept(ubl_order(f"PO-BULK-{n}", [(UNKNOWN_GTIN, n)]), "http") for n in (1, 2)]
    held_ids = [(await held_order(gateway, e.document_id)).order_id for e in envs]
    done = await gateway.ctx.intake.accept(ubl_order("PO-BULK-3", [("4000862141404", 1)]), "http")
    await wait_until(lambda: outbox(gateway), timeout=30)
    delivered = (await held_order(gateway, done.document_id)).order_id
    status, body = await call(gateway, "POST", "/v1/orders/bulk", api_headers,
                              {"action": "reject", "order_ids": [*held_ids, delivered, "nope"], "reason": "spam"})
    assert status == 200 and body["done"] == 2
    assert [(r["status"], r.get("code")) for r in body["results"]] == [
        (200, None), (200, None), (409, "ORDER-STATE"), (404, "NOT-FOUND")]
    assert body["results"][2]["order_status"] in ("ready", "delivered")
    assert {(await gateway.ctx.journal.get_order(i)).status.value for i in held_ids} == {"rejected"}
    status, body = await call(gateway, "POST", "/v1/orders/bulk", api_headers, {"action": "deliver", "order_ids": held_ids})
    assert status == 400 and body["error"]["code"] == "BAD-BULK"


async def test_a_claimed_order_is_refused_to_anyone_but_its_holder(gateway, api_headers):
    from gateway.review.review import claim_order, correct_order, reject_order
    from gateway.review.order_states import ReviewError
    env = await gateway.ctx.intake.accept(ubl_order("PO-CLAIM-1", [(UNKNOWN_GTIN, 5)]), "http")
    order = await held_order(gateway, env.document_id)
    claim = await claim_order(gateway.ctx, order.order_id, "alice", "operator")
    assert claim["user"] == "alice"
    try:
        await claim_order(gateway.ctx, order.order_id, "bob", "operator")
        raise AssertionError("claimed twice")
    except ReviewError as exc:
        assert exc.status == 409 and exc.code == "ORDER-CLAIMED" and "alice" in exc.message
    status, body = await call(gateway, "POST", f"/v1/orders/{order.order_id}/reject", api_headers, {"reason": "x"})
    assert status == 409 and body["error"]["code"] == "ORDER-CLAIMED" and body["error"]["state"]["status"] == "review"
    status, body = await call(gateway, "GET", f"/v1/orders/{order.order_id}/actions", api_headers)
    assert body["claim"]["username"] == "alice"
    await correct_order(gateway.ctx, order.order_id, {"lines": [{"line_no": 1, "quantity": "6"}]}, "alice", "operator")
    assert await gateway.ctx.journal.release_claim(order.order_id, "alice")
    done = await reject_order(gateway.ctx, order.order_id, "bob", "not ours", "operator")
    assert done.status.value == "rejected"
    status, body = await call(gateway, "POST", f"/v1/orders/{order.order_id}/claim", api_headers)
    assert status == 409 and body["error"]["code"] == "ORDER-STATE"  # nothing to work on any more


async def test_comments_are_kept_with_user_and_time_in_any_state(gateway, api_headers):
    env = await gateway.ctx.intake.accept(ubl_order("PO-NOTE-1", [("4000862141404", 2)]), "http")
    await wait_until(lambda: outbox(gateway), timeout=30)
    order = await held_order(gateway, env.document_id)
    status, body = await call(gateway, "POST", f"/v1/orders/{order.order_id}/comments", api_headers,
                              {"text": "Customer phoned: deliver to gate 4"})
    assert status == 200 and body["user"] == "api" and body["at"]
    status, body = await call(gateway, "POST", f"/v1/orders/{order.order_id}/comments", api_headers, {"text": " \n"})
    assert status == 400 and body["error"]["code"] == "BAD-COMMENT"
    status, body = await call(gateway, "GET", f"/v1/orders/{order.order_id}/comments", api_headers)
    assert [c["text"] for c in body["comments"]] == ["Customer phoned: deliver to gate 4"]


BAD_CORRECTIONS = [
    ({"total": "NaN"}, "total"), ({"total": "1e400"}, "total"), ({"total": 12.5}, "total"),
    ({"total": "-5"}, "total"), ({"total": "1" * 5000}, "total"), ({"total": "1234567890123456789.999"}, "total"),
    ({"priority": "urgentissimo"}, "priority"), ({"currency": "EURO"}, "currency"), ({"currency": "XYZ"}, "currency"),
    ({"po_number": ""}, "po_number"), ({"po_number": "PO\u0000\u202e1"}, "po_number"), ({"po_number": "P" * 100_000}, "po_number"),
    ({"order_date": 20261231}, "order_date"), ({"ship_to.postcode": {"a": 1}}, "ship_to.postcode"),
    ({"ship_to": "x"}, "ship_to"), ({"status": "delivered"}, "status"), ({"customer": {"id": "C1001"}}, "customer"),
    ({"lines": [{"line_no": 1, "quantity": "-3"}]}, "lines[1].quantity"),
    ({"lines": [{"line_no": 1, "quantity": "0"}]}, "lines[1].quantity"),
    ({"lines": [{"line_no": 1, "quantity": "1e9999999"}]}, "lines[1].quantity"),
    ({"lines": [{"line_no": "x"}]}, "lines[0].line_no"), ({"lines": "nope"}, "lines"), ({"lines": [None]}, "lines[0]"),
    ({"lines": [{"line_no": None}] * 5000}, "lines"), ({"lines": [{"line_no": None}]}, "lines[0].quantity"),
    ({"picked_from_page": "all"}, None), ({"save_xref": "yes"}, "save_xref"),
]


async def test_a_correction_with_a_bad_value_is_422_naming_the_field_and_nothing_is_stored(gateway, api_headers):
    """D11/D12: every malformed correction is refused with the field named; the order still reads."""
    env = await gateway.ctx.intake.accept(ubl_order("PO-BAD-1", [(UNKNOWN_GTIN, 5)]), "http")
    order = await held_order(gateway, env.document_id)
    for body, field in BAD_CORRECTIONS:
        status, answer = await call(gateway, "PATCH", f"/v1/orders/{order.order_id}", api_headers, body)
        assert status == 422, (body if len(str(body)) < 200 else field, answer)
        if field:
            assert answer["error"]["issues"][0]["field"] == field, answer
    for path, body in [("learn-preview", {"lines": 5}), ("reject", {"reason": 5}), ("reject", {"reason": "x" * 1_000_000})]:
        status, _ = await call(gateway, "POST", f"/v1/orders/{order.order_id}/{path}", api_headers, body)
        assert status == 422, path
    assert await gateway.ctx.journal.get_order(order.order_id) == order
    status, _ = await call(gateway, "GET", f"/v1/orders/{order.order_id}", api_headers)
    assert status == 200
    status, corrected = await call(gateway, "PATCH", f"/v1/orders/{order.order_id}", api_headers,
                                   {"currency": "chf", "total": "12,50", "priority": "urgent"})
    assert status == 200 and (corrected["currency"], corrected["total"], corrected["priority"]) == ("CHF", "12.50", "urgent")


async def test_an_order_stored_with_a_value_the_model_refuses_shows_as_damaged_not_a_500(gateway, api_headers):
    """D11: one bad stored value (a NaN total written by an older version) breaks neither the order nor the lists."""
    from decimal import Decimal
    from gateway.store.journal import Event
    env = await gateway.ctx.intake.accept(ubl_order("PO-BAD-2", [(UNKNOWN_GTIN, 5)]), "http")
    order = await held_order(gateway, env.document_id)
    poisoned = order.model_copy(update={"total": Decimal("NaN")})
    await gateway.ctx.journal.update_order(poisoned, Event(stage="test", outcome="poisoned", order_id=order.order_id,
                                                           document_id=order.source.document_id))
    status, body = await call(gateway, "GET", f"/v1/orders/{order.order_id}", api_headers)
    assert status == 200 and body["total"] is None and any(i["code"] == "ORDER-DAMAGED" for i in body["issues"])
    for path in ("/v1/review", "/v1/orders?limit=100", f"/v1/documents/{env.document_id}"):
        status, _ = await call(gateway, "GET", path, api_headers)
        assert status == 200, path
    status, body = await call(gateway, "POST", f"/v1/orders/{order.order_id}/approve", api_headers)
    assert status == 422 and any(i["code"] == "ORDER-DAMAGED" for i in body["error"]["issues"])
    status, _ = await call(gateway, "POST", f"/v1/orders/{order.order_id}/reject", api_headers, {"reason": "damaged"})
    assert status == 200


async def test_a_split_line_gets_its_amount_computed_again_and_a_stale_amount_is_refused(gateway, api_headers):
    """D6: splitting 2 x 24.50 = 49.00 into two rows of 1 recomputes each amount; an amount that does not
    match quantity x price is refused on approval with its reason."""
    env = await gateway.ctx.intake.accept(ubl_order("PO-SPLIT-1", [(UNKNOWN_GTIN, 2)]), "http")
    order = await held_order(gateway, env.document_id)
    status, body = await call(gateway, "PATCH", f"/v1/orders/{order.order_id}", api_headers,
                              {"lines": [{"line_no": 1, "sku": "SKU-1001", "uom": "BX", "unit_price": "24.50",
                                          "amount": "49.00"}]})
    assert status == 200 and body["lines"][0]["amount"] == "49.00"
    status, body = await call(gateway, "PATCH", f"/v1/orders/{order.order_id}", api_headers,
                              {"lines": [{"line_no": 1, "quantity": "1"},
                                         {"line_no": None, "sku": "SKU-1001", "uom": "BX", "quantity": "1",
                                          "unit_price": "24.50"}]})
    assert status == 200 and [ln["amount"] for ln in body["lines"]] == ["24.50", "24.50"], body["lines"]
    status, body = await call(gateway, "PATCH", f"/v1/orders/{order.order_id}", api_headers,
                              {"lines": [{"line_no": 1, "amount": "49.00"}]})
    assert status == 200
    status, body = await call(gateway, "POST", f"/v1/orders/{order.order_id}/approve", api_headers)
    assert status == 409 and body["error"]["code"] == "ARITHMETIC-MISMATCH" and "line 1" in body["error"]["message"]
    assert await gateway.ctx.journal.delivery(order.order_id) is None
    status, body = await call(gateway, "PATCH", f"/v1/orders/{order.order_id}", api_headers,
                              {"lines": [{"line_no": 1, "amount": "24.50"}]})
    status, body = await call(gateway, "POST", f"/v1/orders/{order.order_id}/approve", api_headers)
    assert status == 200, body
    await wait_until(lambda: outbox(gateway), timeout=30)
    assert [ln["amount"] for ln in outbox(gateway)[0]["lines"]] == ["24.50", "24.50"]
