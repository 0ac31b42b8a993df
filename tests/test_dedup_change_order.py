"""The order as it stands (``dedup.current_version``, ``review.latest_version``) holds every change that went out,
whenever it was received, applied in the order they went out: a change that came before its original and was
released by it is part of it, and a change approved late applies after one that went out meanwhile."""

from __future__ import annotations

from gateway.model import OrderStatus
from testkit.harness import wait_until
from tests.test_dedup_current_version import diffs, orders_msg, outbox, po850, po860, send
from testkit.samples import ubl_order
from tests.own_senders import OWN_FAX, OWN_MAIL
from tests.test_review import call, held_order

KNOWN, OTHER = "4000862141404", "5412345678908"


async def test_a_change_received_before_its_original_is_part_of_the_current_version(gateway):
    early = await send(gateway, orders_msg("RB-EC-1", [("SKU-1002", 80)], "EC12", function="4", change=True))
    assert early.status == OrderStatus.HELD
    await send(gateway, orders_msg("RB-EC-1", [("SKU-1001", 10), ("SKU-1002", 50)], "EC11"), files=2)
    replace = await send(gateway, orders_msg("RB-EC-1", [("SKU-1001", 10), ("SKU-1002", 80)], "EC13", function="5"))
    assert replace.status == OrderStatus.DUPLICATE, (replace.changes, [i.code for i in replace.issues])
    # counter-example: a replace that does differ from the current version still goes out as that difference
    other = await send(gateway, orders_msg("RB-EC-1", [("SKU-1001", 10), ("SKU-1002", 90)], "EC14", function="5"),
                       files=3)
    assert diffs(other) == [("SKU-1002", "quantity", "80", "90")]


async def test_changes_apply_in_the_order_they_went_out_not_the_order_received(gateway, api_headers):
    await send(gateway, po850("AC-CO-1", "00", [("SKU-1001", 10), ("SKU-1004", 2)], 961), files=1)
    dropping = await send(gateway, po850("AC-CO-1", "05", [("SKU-1001", 15)], 962))
    assert dropping.status == OrderStatus.REVIEW
    await send(gateway, po860("AC-CO-1", 1, "SKU-1001", 20, 963), files=2)
    status, body = await call(gateway, "POST", f"/v1/orders/{dropping.order_id}/approve", api_headers)
    assert status == 200, body
    await wait_until(lambda: len(outbox(gateway)) == 3 or None, timeout=30)
    approved = await gateway.ctx.journal.get_order(dropping.order_id)
    assert ("SKU-1001", "quantity", "20", "15") in diffs(approved)
    # the ERP holds 15: the customer asking 20 again is a change, not a copy
    again = await send(gateway, po850("AC-CO-1", "05", [("SKU-1001", 20)], 964), files=4)
    assert diffs(again) == [("SKU-1001", "quantity", "15", "20")], [i.code for i in again.issues]
    # and the same message again is the copy
    same = await send(gateway, po850("AC-CO-1", "05", [("SKU-1001", 20)], 965))
    assert same.status == OrderStatus.DUPLICATE


async def test_a_change_waiting_for_a_held_copy_is_released_when_a_sure_copy_replaces_it(gateway):
    env = await gateway.ctx.intake.accept(ubl_order("PO-CW-1", [(KNOWN, 4), (OTHER, 2)], delivery_date=None), "fax", OWN_FAX)
    held = await held_order(gateway, env.document_id)
    assert held.status == OrderStatus.REVIEW, held.issues
    env = await gateway.ctx.intake.accept(ubl_order("PO-CW-1C", [(KNOWN, 9), (OTHER, 2)], root="OrderChange",
                                                    original_po="PO-CW-1"), "http")
    change = await held_order(gateway, env.document_id)
    assert change.status == OrderStatus.HELD
    env = await gateway.ctx.intake.accept(ubl_order("PO-CW-1", [(KNOWN, 4), (OTHER, 2)]), "smtp", OWN_MAIL)
    sure = await held_order(gateway, env.document_id)
    assert sure.status in (OrderStatus.READY, OrderStatus.DELIVERED)
    await wait_until(lambda: len(outbox(gateway)) == 2 or None, timeout=30)
    change = await gateway.ctx.journal.get_order(change.order_id)
    assert change.original_order_id == sure.order_id
    assert ("9", "quantity") == (diffs(change)[0][3], diffs(change)[0][1])
    assert (await gateway.ctx.journal.get_order(held.order_id)).status == OrderStatus.DUPLICATE


async def test_a_replace_equal_to_the_original_after_a_delivered_change_is_held(gateway):
    await send(gateway, po850("AC-RV-1", "00", [("SKU-1001", 10), ("SKU-1004", 2)], 971), files=1)
    await send(gateway, po860("AC-RV-1", 1, "SKU-1001", 15, 972), files=2)
    back = await send(gateway, po850("AC-RV-1", "05", [("SKU-1001", 10), ("SKU-1004", 2)], 973))
    assert back.status == OrderStatus.REVIEW
    assert "CHANGE-REPEATS-EARLIER" in [i.code for i in back.issues]
    # counter-example: a replace to a quantity no version had goes out as the change
    other = await send(gateway, po850("AC-RV-1", "05", [("SKU-1001", 12), ("SKU-1004", 2)], 974), files=3)
    assert diffs(other) == [("SKU-1001", "quantity", "15", "12")]
