"""An EDIFACT change whose own BGM number differs from its RFF+ON order (the review of the ``edi`` range):
the BGM number with a change suffix changes the RFF+ON order; an RFF+ON that is the BGM number with a
suffix leaves the change on the BGM order; two unrelated numbers hold ``CHANGE-REFERENCE-MISMATCH``
and change neither order."""
from __future__ import annotations

from extractors.edi.edifact_orders import _change_suffixed
from gateway.model import OrderStatus
from testkit.harness import wait_until
from testkit.samples import ORDER_DAY
from tests.test_dedup_noop_change import orders_of, outbox


def _edi(msg: str, bgm: str, on: str | None, qty: int, control: int) -> bytes:
    seg = [f"UNH+1+{msg}:D:96A:UN:EAN008", bgm,
           f"DTM+137:{ORDER_DAY:%Y%m%d}:102", "DTM+2:20991203:102", *([f"RFF+ON:{on}"] if on else []),
           "NAD+BY+5412345000013::9", "NAD+DP+5412345000099::9",
           "LIN+1++4000862141404:SRS", f"QTY+21:{qty}", "PRI+AAA:24.50", "UNS+S", "CNT+2:1"]
    seg.append(f"UNT+{len(seg) + 1}+1")
    return ("UNA:+.? '" + "'".join([f"UNB+UNOC:3+5412345000013:14+GATEWAY:ZZ+261120:1000+{control}", *seg,
                                    f"UNZ+1+{control}"]) + "'").encode("latin-1")


async def _send(gw, data: bytes):
    """The document's orders once none of them is still on its way to the sink (ready: delivery not yet run)."""
    accepted = await gw.ctx.intake.accept(data, "http")
    await orders_of(gw, accepted.document_id)

    async def settled():
        orders = await gw.ctx.journal.orders_for_document(accepted.document_id)
        return orders if all(o.status is not OrderStatus.READY for o in orders) else None

    return await wait_until(settled, timeout=30)


def test_change_suffix_shapes() -> None:
    assert _change_suffixed("PO-A-C1", "PO-A") and _change_suffixed("po-a/2", "PO-A")
    assert _change_suffixed("CDE-0917-C1", "CDE-0917")
    assert not _change_suffixed("PO-AB", "PO-A")  # another order, not a change of PO-A
    assert not _change_suffixed("PO-E", "PO-D") and not _change_suffixed("PO-A", "PO-A")
    assert not _change_suffixed("PO-A-CHANGED-NOW", "PO-A")


async def test_bgm_and_rff_name_two_orders(gateway) -> None:
    for po, control in (("PO-D", 601), ("PO-E", 602)):
        [order] = await _send(gateway, _edi("ORDERS", f"BGM+220+{po}+9", None, 6, control))
        assert order.status is OrderStatus.DELIVERED, (po, order.issues)
    [held] = await _send(gateway, _edi("ORDCHG", "BGM+230+PO-D+4", "PO-E", 9, 603))
    assert held.status is not OrderStatus.DELIVERED
    assert "CHANGE-REFERENCE-MISMATCH" in [i.code for i in held.issues]
    # the RFF+ON is the BGM number with a suffix: a cancel of PO-D, never moved to the unknown PO-D-1
    [cancel] = await _send(gateway, _edi("ORDCHG", "BGM+230+PO-D+1", "PO-D-1", 9, 604))
    assert cancel.po_number == "PO-D" and cancel.kind.value == "cancel"
    assert "ORIGINAL-UNKNOWN" not in [i.code for i in cancel.issues]
    assert "CHANGE-REFERENCE-MISMATCH" not in [i.code for i in cancel.issues]
    changed = [p for p in outbox(gateway) if p.get("po_number") == "PO-E" and p.get("kind") != "new"]
    assert changed == []  # PO-E was never changed


async def test_own_number_with_change_suffix_changes_the_named_order(gateway) -> None:
    await _send(gateway, _edi("ORDERS", "BGM+220+PO-F+9", None, 6, 701))
    [change] = await _send(gateway, _edi("ORDCHG", "BGM+230+PO-F-C1+4", "PO-F", 8, 702))
    assert change.po_number == "PO-F" and change.status is OrderStatus.DELIVERED, change.issues
    assert change.references.get("change_document") == "PO-F-C1"


async def test_a_change_numbered_on_its_own_changes_the_order_it_names(gateway) -> None:
    """Partners number their ORDCHG messages ("CHG-1001-01") apart from the order: when that number is no order of
    the customer's, the RFF+ON order changes, the message's number kept as its change document."""
    [order] = await _send(gateway, _edi("ORDERS", "BGM+220+PO-G+9", None, 6, 801))
    assert order.status is OrderStatus.DELIVERED, order.issues
    [change] = await _send(gateway, _edi("ORDCHG", "BGM+230+CHG-7781-01+4", "PO-G", 8, 802))
    assert change.po_number == "PO-G" and change.status is OrderStatus.DELIVERED, change.issues
    assert change.references.get("change_document") == "CHG-7781-01"
    assert [p for p in outbox(gateway) if p.get("po_number") == "CHG-7781-01"] == []
