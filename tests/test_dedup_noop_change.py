"""A change message (X12 860, EDIFACT ORDCHG, cXML update) that changes nothing against the latest version of its
order is a duplicate, as the README says, even when it leaves out what it does not change (no date, no address,
no price): the ERP never gets an empty change. One that changes a quantity, a price or the date still goes out."""

from __future__ import annotations

import json

from gateway.model import OrderStatus
from testkit.harness import wait_until
from testkit.samples import ORDER_DAY


def outbox(gw) -> list[dict]:
    return [json.loads(p.read_text()) for p in gw.ctx.config.delivery.file.path.glob("*.json")]


async def orders_of(gw, doc_id: str):
    return await wait_until(lambda: gw.ctx.journal.orders_for_document(doc_id), timeout=30)


def _x12(set_id: str, po: str, body: list[str], control: int) -> bytes:
    seg = [f"ST*{set_id}*0001", *body, f"SE*{len(body) + 2}*0001"]
    isa = (f"ISA*00*          *00*          *ZZ*{'ACMEIND':<15}*ZZ*{'GATEWAY':<15}*261120*1000*U*00401*"
           f"{control:09d}*0*P*>")
    gs = "PO" if set_id == "850" else "PC"
    return ("~\n".join([isa, f"GS*{gs}*ACMEIND*GATEWAY*20261120*1000*{control}*X*004010", *seg,
                        f"GE*1*{control}", f"IEA*1*{control:09d}"]) + "~\n").encode()


def order_850(po: str, control: int) -> bytes:
    return _x12("850", po, [f"BEG*00*SA*{po}**{ORDER_DAY:%Y%m%d}", "DTM*002*20991203",
                            "N1*BY*Acme Industrial*92*ACMEIND",
                            "N1*ST*Acme Plant 2", "N3*500 Industrial Pkwy", "N4*Gary*IN*46402*US",
                            "PO1*1*12*EA*18.00**VP*SKU-1004", "PO1*2*30*EA*2.75**VP*SKU-1003", "CTT*2"], control)


def change_860(po: str, control: int, qty: int = 12, price: str = "18.00") -> bytes:
    return _x12("860", po, [f"BCH*04*SA*{po}***{ORDER_DAY:%Y%m%d}", "N1*BY*Acme Industrial*92*ACMEIND",
                            f"POC*1*QI*{qty}*0*EA*{price}**VP*SKU-1004", "CTT*1"], control)


async def test_a_change_that_restates_the_order_unchanged_is_a_duplicate(gateway):
    first = await gateway.ctx.intake.accept(order_850("PO-NOOP-860", 301), "http")
    (original,) = await orders_of(gateway, first.document_id)
    assert original.status in (OrderStatus.READY, OrderStatus.DELIVERED), original.issues
    await wait_until(lambda: len(outbox(gateway)) == 1 or None)
    second = await gateway.ctx.intake.accept(change_860("PO-NOOP-860", 302), "http")
    (change,) = await orders_of(gateway, second.document_id)
    assert change.status == OrderStatus.DUPLICATE, (change.status, [(i.code, i.message) for i in change.issues])
    assert change.original_order_id == original.order_id
    assert len(outbox(gateway)) == 1


async def test_a_change_of_a_quantity_still_goes_out_as_a_change(gateway):
    first = await gateway.ctx.intake.accept(order_850("PO-QTY-860", 311), "http")
    (original,) = await orders_of(gateway, first.document_id)
    second = await gateway.ctx.intake.accept(change_860("PO-QTY-860", 312, qty=15), "http")
    (change,) = await orders_of(gateway, second.document_id)
    assert change.status != OrderStatus.DUPLICATE and change.kind.value == "change"
    assert any(c.get("change") == "quantity" for c in change.changes)


async def test_a_change_of_a_price_alone_is_no_duplicate(gateway):
    first = await gateway.ctx.intake.accept(order_850("PO-PRICE-860", 321), "http")
    await orders_of(gateway, first.document_id)
    second = await gateway.ctx.intake.accept(change_860("PO-PRICE-860", 322, price="17.00"), "http")
    (change,) = await orders_of(gateway, second.document_id)
    assert change.status != OrderStatus.DUPLICATE
