"""The order transition table under random sequences of documents and people's actions, through the API.

Whatever orders arrive (copies, changes, orders held for an unknown item, possible duplicates as dedup
marks scans) and whatever people click in whatever order: no customer's PO is delivered twice as a
new order, no change reaches the ERP before its original, and every refused action is a 409 naming
the order's current state (or a 422 listing what is still wrong with it).
"""

from __future__ import annotations

import itertools
import os
import json

import aiohttp
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from gateway.stages.dedup import _mark_possible_duplicate
from gateway.store.journal import Event
from gateway.model import OrderStatus
from gateway.order_keys import norm_po
from gateway.review.order_states import TABLE, Action, Delivery, allowed_actions
from testkit.harness import wait_until
from testkit.samples import ubl_order

UNKNOWN_GTIN = "9999999999994"
LINES = {"known": [("4000862141404", 3)], "more": [("4000862141404", 5)], "unknown": [(UNKNOWN_GTIN, 3)],
         "two": [("4000862141404", 3), ("5412345678908", 1)]}
ACTIONS = {"approve": "approve", "release": "release", "same_order": "same-order", "reject": "reject"}
_runs = itertools.count()

send = st.tuples(st.just("send"), st.integers(0, 2), st.sampled_from(["known", "known", "unknown", "more", "two"]))
act = st.tuples(st.just("act"), st.integers(0, 7), st.sampled_from([*ACTIONS, "correct", "correct_po"]))
mark = st.tuples(st.just("possible"), st.integers(0, 7), st.integers(0, 7))
steps = st.lists(st.one_of(send, send, act, act, act, mark), min_size=2, max_size=12)


async def _call(base: str, headers: dict, method: str, path: str, body: dict | None = None) -> tuple[int, dict]:
    async with aiohttp.ClientSession() as session:
        async with session.request(method, base + path, headers=headers,
                                   data=None if body is None else json.dumps(body)) as resp:
            return resp.status, await resp.json()


async def _send(gw, po: str, lines: str, n: int) -> list[str]:
    env = await gw.ctx.intake.accept(ubl_order(po, LINES[lines], note=f"copy {n}"), "http")

    async def done():
        doc = await gw.ctx.journal.get_document(env.document_id)
        return str(doc.status) not in ("received", "processing", "retry")
    await wait_until(done, timeout=30)
    return [o.order_id for o in await gw.ctx.journal.orders_for_document(env.document_id)]


async def _mark_possible(gw, order_id: str, other_id: str) -> None:
    """What dedup does with a scan that may repeat another order: linked and held for a person."""
    order, other = await gw.ctx.journal.get_order(order_id), await gw.ctx.journal.get_order(other_id)
    if order_id == other_id or order.status != OrderStatus.REVIEW or order.kind.value != "new" \
            or order.original_order_id:
        return
    marked = _mark_possible_duplicate(order, other, "test: a scan that may repeat it")
    await gw.ctx.journal.update_order(marked, Event(stage="dedup", outcome="possible_duplicate",
                                                    order_id=order_id, document_id=order.source.document_id))


async def _act(gw, base: str, headers: dict, order_id: str, action: str) -> None:
    before = await gw.ctx.journal.get_order(order_id)
    if action == "correct":
        status, body = await _call(base, headers, "PATCH", f"/v1/orders/{order_id}",
                                   {"lines": [{"line_no": 1, "sku": "SKU-1003"}]})
    elif action == "correct_po":  # to the first PO in another case and spelling: the same PO
        status, body = await _call(base, headers, "PATCH", f"/v1/orders/{order_id}",
                                   {"po_number": _po(before.po_number.rsplit("-", 1)[0] + "-", 2)})
    else:
        status, body = await _call(base, headers, "POST", f"/v1/orders/{order_id}/{ACTIONS[action]}",
                                   {"reason": "test"} if action == "reject" else None)
    assert status in (200, 409, 422), (status, body)
    if status == 409:
        state = body["error"]["state"]
        after = (await gw.ctx.journal.get_order(order_id)).status.value
        assert state["status"] in (before.status.value, after)  # a ready order may be delivered meanwhile
        assert after == before.status.value or (before.status.value, after) == ("ready", "delivered")
        if body["error"]["code"] == "ORDER-STATE":  # not in the table; else a guard of a row that is
            assert action not in state["allowed"]
    elif status == 422:
        assert body["error"]["code"] in ("REVIEW-INVALID", "REVIEW-VALUE") and action in ("approve", "release")


def _po(prefix: str, n: int) -> str:
    """PO ``n`` of a run; 2 is PO 0 in lower case with other separators (the same PO for dedup)."""
    return f"{prefix}0".lower().replace("-", " ") if n == 2 else f"{prefix}{n}"


async def _settled(gw) -> bool:
    """Every delivery row delivered, or pending on an original not delivered (yet or ever)."""
    rows = await gw.ctx.journal.query(
        "SELECT d.status, p.status AS parent FROM deliveries d LEFT JOIN deliveries p ON p.order_id = d.depends_on")
    return all(r["status"] == "delivered" or (r["status"] == "pending" and r["parent"] != "delivered")
               for r in rows)


async def _check_invariants(gw, prefix: str) -> None:
    rows = await gw.ctx.journal.query(
        "SELECT o.order_id, o.kind, o.po_number, o.original_order_id, d.status, d.delivered_at, d.depends_on "
        "FROM orders o JOIN deliveries d ON d.order_id = o.order_id")
    rows = [r for r in rows if r["po_number"] and norm_po(r["po_number"]).startswith(norm_po(prefix))]
    new_per_po: dict[str, int] = {}
    for row in rows:
        if row["kind"] == "new":
            new_per_po[norm_po(row["po_number"])] = new_per_po.get(norm_po(row["po_number"]), 0) + 1
    assert all(n == 1 for n in new_per_po.values()), new_per_po
    by_id = {r["order_id"]: r for r in rows}
    for row in rows:
        if row["kind"] != "new" and row["status"] == "delivered":
            original = by_id.get(row["depends_on"])
            assert original is not None and original["status"] == "delivered", row
            assert original["delivered_at"] <= row["delivered_at"]


def test_the_table_names_a_role_and_a_delivery_for_every_row():
    assert all(t.roles and isinstance(t.delivery, Delivery) for t in TABLE.values())
    assert allowed_actions("duplicate", "operator") == ["reject", "claim"]
    assert allowed_actions("duplicate", "supervisor") == ["reject", "claim"]  # release is refused: not offered
    assert allowed_actions("duplicate_of_rejected", "operator") == ["correct", "reject", "claim"]
    assert allowed_actions("duplicate_of_rejected", "supervisor") == ["correct", "release", "reject", "claim"]
    assert allowed_actions("delivered", "supervisor") == [] and allowed_actions("review", "read-only") == []
    assert ("duplicate", Action.APPROVE) not in TABLE and ("possible_duplicate", Action.APPROVE) not in TABLE


@pytest.mark.timeout(300)
@settings(max_examples=int(os.environ.get("STATES_EXAMPLES", "15")), deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(plan=steps)
@example(plan=[("send", 0, "known"), ("send", 0, "known"), ("act", 1, "approve"), ("act", 1, "release"),
               ("act", 1, "correct")])
@example(plan=[("send", 0, "unknown"), ("send", 0, "known"), ("act", 0, "reject"), ("act", 1, "approve")])
@example(plan=[("send", 0, "unknown"), ("send", 2, "more"), ("act", 0, "reject"), ("act", 1, "approve"),
               ("send", 0, "known"), ("act", 2, "approve"), ("act", 2, "correct_po"), ("act", 2, "approve")])
@example(plan=[("send", 0, "unknown"), ("send", 0, "unknown"), ("act", 0, "reject"), ("act", 1, "release"),
               ("send", 0, "known"), ("act", 0, "approve")])
@example(plan=[("send", 0, "unknown"), ("send", 1, "unknown"), ("possible", 1, 0), ("act", 1, "approve"),
               ("act", 1, "correct"), ("act", 1, "release"), ("act", 0, "correct"), ("act", 0, "approve")])
@example(plan=[("send", 0, "unknown"), ("act", 0, "reject"), ("send", 0, "unknown"), ("possible", 1, 0),
               ("act", 1, "correct"), ("act", 1, "release"), ("act", 1, "same_order"), ("act", 1, "reject")])
async def test_random_actions_never_deliver_a_po_twice_as_new_nor_a_change_first(gateway, api_headers, plan):
    base = f"http://127.0.0.1:{gateway.ports['http']}"
    prefix = f"PO-S{next(_runs)}R-"  # R ends the run number: no run is a prefix of another
    orders: list[str] = []
    for n, step in enumerate(plan):
        if step[0] == "send":
            orders += await _send(gateway, _po(prefix, step[1]), step[2], n)
        elif step[0] == "act" and orders:
            await _act(gateway, base, api_headers, orders[step[1] % len(orders)], step[2])
        elif step[0] == "possible" and orders:
            await _mark_possible(gateway, orders[step[1] % len(orders)], orders[step[2] % len(orders)])
    gateway.delivery.notify()
    await wait_until(lambda: _settled(gateway), timeout=30)
    await _check_invariants(gateway, prefix)
