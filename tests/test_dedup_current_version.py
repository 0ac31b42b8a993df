"""A change or a full replacement is compared with the order as it stands: the original with every change that
went out applied, never with the last message received. A replace restating the current order is a duplicate; a
replace changing one line goes out as that line's quantity change; a change resent after a resent original (held
for a person in between) is a duplicate; a change resent after a later change is held for a person."""

from __future__ import annotations

import json

from gateway.model import OrderStatus
from testkit.harness import wait_until
from testkit.samples import ORDER_DAY

GTIN = {"SKU-1001": "4000862141404", "SKU-1002": "5412345678908", "SKU-1003": "4012345678901"}


def outbox(gw) -> list[dict]:
    return [json.loads(p.read_text()) for p in gw.ctx.config.delivery.file.path.glob("*.json")]


async def decided(gw, doc_id: str):
    async def one():
        orders = await gw.ctx.journal.orders_for_document(doc_id)
        return orders[0] if orders else None
    return await wait_until(one, timeout=30)


async def send(gw, data: bytes, files: int | None = None):
    env = await gw.ctx.intake.accept(data, "http")
    order = await decided(gw, env.document_id)
    if files is not None:
        await wait_until(lambda: len(outbox(gw)) == files or None, timeout=30)
    return order


def orders_msg(po: str, lines: list[tuple[str, int]], ref: str, function: str = "9", change: bool = False) -> bytes:
    """EDIFACT ORDERS (BGM 220) or ORDCHG (BGM 230); a change's lines carry LIN 1229 = 3 (changed)."""
    kind = "ORDCHG" if change else "ORDERS"
    seg = [f"UNH+1+{kind}:D:96A:UN:EAN008", f"BGM+{'230' if change else '220'}+{po}+{function}",
           f"DTM+137:{ORDER_DAY:%Y%m%d}:102", "DTM+2:20991201:102", "NAD+BY+5412345000013::9",
           "NAD+SU+4012345500004::9", "CUX+2:EUR:9"]
    for n, (sku, qty) in enumerate(lines, 1):
        seg += [f"LIN+{n}+{'3' if change else ''}+{GTIN[sku]}:SRS", f"QTY+21:{qty}"]
    seg += ["UNS+S", f"CNT+2:{len(lines)}"]
    seg.append(f"UNT+{len(seg) + 1}+1")
    body = "'".join([f"UNB+UNOC:3+5412345000013:14+GATEWAY:ZZ+261120:1000+{ref}", *seg, f"UNZ+1+{ref}"]) + "'"
    return ("UNA:+.? '" + body).encode("latin-1")


def x12(set_id: str, head: str, body: list[str], control: int) -> bytes:
    seg = [f"ST*{set_id}*0001", head, "N1*BY*Acme Industrial*92*ACMEIND", *body, f"SE*{len(body) + 4}*0001"]
    isa = (f"ISA*00*          *00*          *ZZ*{'ACMEIND':<15}*ZZ*{'GATEWAY':<15}*261120*1000*U*00401*"
           f"{control:09d}*0*P*>")
    gs = "PO" if set_id == "850" else "PC"
    return ("~\n".join([isa, f"GS*{gs}*ACMEIND*GATEWAY*20261120*1000*{control}*X*004010", *seg,
                        f"GE*1*{control}", f"IEA*1*{control:09d}"]) + "~\n").encode()


def po850(po: str, purpose: str, lines: list[tuple[str, int]], control: int) -> bytes:
    return x12("850", f"BEG*{purpose}*SA*{po}**{ORDER_DAY:%Y%m%d}",
               ["DTM*002*20991203", *[f"PO1*{n}*{q}*EA***VP*{sku}" for n, (sku, q) in enumerate(lines, 1)],
                f"CTT*{len(lines)}"], control)


def po860(po: str, line: int, sku: str, qty: int, control: int) -> bytes:
    return x12("860", f"BCH*04*SA*{po}***{ORDER_DAY:%Y%m%d}", [f"POC*{line}*QI*{qty}*0*EA***VP*{sku}", "CTT*1"],
               control)


def diffs(order) -> list[tuple]:
    return sorted((c.get("item"), c.get("change"), (c.get("from") or "").split(" ")[0], (c.get("to") or "").split(" ")[0])
                  for c in order.changes)


async def test_an_edifact_replace_restating_the_changed_order_is_a_duplicate(gateway):
    await send(gateway, orders_msg("RB-CV-1", [("SKU-1001", 10), ("SKU-1002", 50)], "CV11"), files=1)
    change = await send(gateway, orders_msg("RB-CV-1", [("SKU-1002", 80)], "CV12", function="4", change=True), files=2)
    assert diffs(change) == [("SKU-1002", "quantity", "50", "80")]
    replace = await send(gateway, orders_msg("RB-CV-1", [("SKU-1001", 10), ("SKU-1002", 80)], "CV13", function="5"))
    assert replace.status == OrderStatus.DUPLICATE, (replace.changes, [i.code for i in replace.issues])
    assert replace.original_order_id == change.order_id
    assert len(outbox(gateway)) == 2


async def test_an_edifact_replace_changing_a_line_after_a_change_is_that_lines_quantity_change(gateway):
    await send(gateway, orders_msg("RB-CV-2", [("SKU-1001", 8), ("SKU-1002", 50)], "CV21"), files=1)
    await send(gateway, orders_msg("RB-CV-2", [("SKU-1002", 60)], "CV22", function="4", change=True), files=2)
    replace = await send(gateway, orders_msg("RB-CV-2", [("SKU-1001", 10), ("SKU-1002", 60)], "CV23", function="5"),
                         files=3)
    assert diffs(replace) == [("SKU-1001", "quantity", "8", "10")], [i.code for i in replace.issues]


async def test_an_x12_replace_restating_the_changed_order_is_a_duplicate_and_one_changing_it_is_diffed(gateway):
    await send(gateway, po850("AC-CV-1", "00", [("SKU-1001", 10), ("SKU-1004", 2)], 701), files=1)
    await send(gateway, po860("AC-CV-1", 1, "SKU-1001", 15, 702), files=2)
    same = await send(gateway, po850("AC-CV-1", "05", [("SKU-1001", 15), ("SKU-1004", 2)], 703))
    assert same.status == OrderStatus.DUPLICATE, (same.changes, [i.code for i in same.issues])
    other = await send(gateway, po850("AC-CV-1", "05", [("SKU-1001", 15), ("SKU-1004", 3)], 704), files=3)
    assert diffs(other) == [("SKU-1004", "quantity", "2", "3")]


async def test_a_change_resent_after_a_resent_original_is_a_duplicate(gateway):
    await send(gateway, orders_msg("RB-CV-3", [("SKU-1001", 10), ("SKU-1002", 50)], "CV31"), files=1)
    change = await send(gateway, orders_msg("RB-CV-3", [("SKU-1002", 80)], "CV32", function="4", change=True), files=2)
    resent = await send(gateway, orders_msg("RB-CV-3", [("SKU-1001", 10), ("SKU-1002", 50)], "CV33"))
    assert resent.status not in (OrderStatus.READY, OrderStatus.DELIVERED)
    again = await send(gateway, orders_msg("RB-CV-3", [("SKU-1002", 80)], "CV34", function="4", change=True))
    assert again.status == OrderStatus.DUPLICATE, (again.changes, [i.code for i in again.issues])
    assert again.original_order_id == change.order_id
    assert len(outbox(gateway)) == 2


async def test_a_change_resent_after_a_later_change_waits_for_a_person(gateway):
    await send(gateway, po850("AC-CV-2", "00", [("SKU-1001", 10), ("SKU-1004", 2)], 711), files=1)
    await send(gateway, po860("AC-CV-2", 1, "SKU-1001", 15, 712), files=2)
    await send(gateway, po860("AC-CV-2", 1, "SKU-1001", 20, 713), files=3)
    late = await send(gateway, po860("AC-CV-2", 1, "SKU-1001", 15, 714))
    assert late.status not in (OrderStatus.READY, OrderStatus.DELIVERED)
    assert "CHANGE-REPEATS-EARLIER" in [i.code for i in late.issues]
    assert diffs(late) == [("SKU-1001", "quantity", "20", "15")]
    assert len(outbox(gateway)) == 3
