"""Properties of the order as it stands (``dedup.current_version``) over random sequences of delivered changes: it is
the original with each change applied; a full replacement restating it is a duplicate (``same_version``); a
replacement changing one quantity differs by exactly that quantity; a change resent right after it went out is a
duplicate. Pure functions only: fast."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from gateway.model import Customer, NormalizedOrder, OrderKind, OrderLine, OrderStatus, Sla, Source
from gateway.stages.dedup import applied_changes, current_version, differences, same_version

SKUS = [f"SKU-{n}" for n in range(1001, 1007)]
T0 = datetime(2026, 12, 1, tzinfo=timezone.utc)


def order(n: int, lines: dict[str, tuple[int, str | None]], kind: OrderKind) -> NormalizedOrder:
    at = T0 + timedelta(minutes=n)
    return NormalizedOrder(
        order_id=f"D{n}-001", kind=kind, customer=Customer(id="C1001"), po_number="PO-P1",
        lines=[OrderLine(line_no=i + 1, sku=sku, quantity=Decimal(q), uom="C62", action=action)
               for i, (sku, (q, action)) in enumerate(lines.items())],
        source=Source(document_id=f"D{n}", channel="http", format="edifact", sha256="0" * 64, received_at=at),
        sla=Sla(received_at=at), status=OrderStatus.DELIVERED)


step = st.tuples(st.sampled_from(SKUS), st.sampled_from(["change", "delete", "add"]), st.integers(1, 99))


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.sampled_from(SKUS), st.integers(1, 99), min_size=1, max_size=5),
       st.lists(step, min_size=1, max_size=6), st.integers(1, 99))
def test_replaces_and_resends_are_compared_with_the_order_as_it_stands(start, steps, bump):
    original = order(0, {sku: (q, None) for sku, q in start.items()}, OrderKind.NEW)
    expected = dict(start)
    changes = []
    for n, (sku, what, qty) in enumerate(steps, 1):
        if what == "delete" and (sku not in expected or len(expected) == 1):
            continue
        if what == "delete":
            expected.pop(sku)
            changes.append(order(n, {sku: (expected.get(sku, 1), "delete")}, OrderKind.CHANGE))
        else:
            if expected.get(sku) == qty:
                continue
            expected[sku] = qty
            changes.append(order(n, {sku: (qty, what)}, OrderKind.CHANGE))
        current = current_version(original, applied_changes(original, [original, *changes]))
        assert {ln.sku: int(ln.quantity) for ln in current.lines if ln.action != "delete"} == expected
        resent = changes[-1].model_copy(update={"order_id": f"R{n}-001"})
        assert same_version(resent, current)
    current = current_version(original, applied_changes(original, [original, *changes]))
    replace = order(50, {sku: (q, None) for sku, q in expected.items()}, OrderKind.CHANGE)
    assert same_version(replace, current) and not differences(current, replace)
    sku = sorted(expected)[0]
    other = order(51, {s: (q + bump if s == sku else q, None) for s, q in expected.items()}, OrderKind.CHANGE)
    assert not same_version(other, current)
    assert [(c["item"], c["change"]) for c in differences(current, other)] == [(sku, "quantity")]
