"""A reused interchange control number is evidence of a resend, not proof: other content is a new order.

Partners' translators reset and wrap their counters (ISA13, UNB 0020). Only an interchange whose content
matches the earlier one's (its messages without the envelope, or the same orders) is a duplicate; other
content under the same number is read as new, with an INTERCHANGE-REUSED warning on its orders, and
goes through order-level dedup like any order. Real files over HTTP through the running gateway.
"""

from __future__ import annotations

import json

import aiohttp

from testkit.samples import edifact_order, x12_order

GTIN_A, GTIN_B = "4000862141404", "5412345678908"


async def send(gw, headers: dict[str, str], body: bytes) -> dict:
    async with aiohttp.ClientSession(headers=headers) as http:
        async with http.post(f"http://127.0.0.1:{gw.ports['http']}/v1/documents", data=body,
                             params={"wait": "30"}) as resp:
            assert resp.status == 200
            answer = await resp.json()
        full = []
        for o in answer["orders"]:  # the ?wait answer names the orders; the order itself says the rest
            async with http.get(f"http://127.0.0.1:{gw.ports['http']}/v1/orders/{o['order_id']}") as resp:
                full.append(await resp.json())
        return {**answer, "orders": full}


def outbox(gw) -> list[dict]:
    return [json.loads(p.read_text()) for p in gw.ctx.config.delivery.file.path.glob("*.json")]


def codes(answer: dict) -> list[list[str]]:
    return [[i["code"] for i in o["issues"]] for o in answer["orders"]]


async def test_edifact_reused_control_reference_with_another_order_is_read_as_new(gateway, api_headers):
    first = await send(gateway, api_headers, edifact_order("PO-CTL-100", [(GTIN_A, 4)], control_ref="777"))
    assert first["status"] == "processed" and len(first["orders"]) == 1
    other = await send(gateway, api_headers, edifact_order("PO-CTL-101", [(GTIN_A, 6), (GTIN_B, 2)],
                                                           control_ref="777"))
    assert other["status"] != "duplicate"
    (order,) = other["orders"]
    assert order["po_number"] == "PO-CTL-101" and [float(ln["quantity"]) for ln in order["lines"]] == [6, 2]
    assert "INTERCHANGE-REUSED" in codes(other)[0]
    reuse = next(i for i in order["issues"] if i["code"] == "INTERCHANGE-REUSED")
    assert "777" in reuse["message"] and first["document_id"] in reuse["message"]
    assert other["acks"], "the new interchange is acknowledged like any other"


async def test_a_resend_under_the_same_reference_is_still_a_duplicate(gateway, api_headers):
    body = edifact_order("PO-CTL-200", [(GTIN_A, 3)], control_ref="888")
    first = await send(gateway, api_headers, body)
    # the same messages sent again with a new envelope time: the content fingerprint matches
    resent = await send(gateway, api_headers, body.replace(b"261120:1000", b"261121:0905"))
    assert resent["status"] == "duplicate" and resent["orders"] == []
    doc = await gateway.ctx.journal.get_document(resent["document_id"])
    assert doc.metadata["duplicate_of"] == first["document_id"]
    # the same order in a message with another reference number: the same orders, still a duplicate
    renumbered = await send(gateway, api_headers, body.replace(b"UNH+1+", b"UNH+2+").replace(b"UNT+", b"UNT+")
                            .replace(b"+1'UNZ", b"+2'UNZ"))
    assert renumbered["status"] == "duplicate"
    assert [o["po_number"] for o in outbox(gateway)].count("PO-CTL-200") == 1


async def test_x12_reused_isa13_with_another_po_is_read_as_new(gateway, api_headers):
    first = await send(gateway, api_headers, x12_order("PO-X12-300", [("0012345678905", 4)], control=555))
    assert first["status"] != "duplicate" and len(first["orders"]) == 1
    other = await send(gateway, api_headers, x12_order("PO-X12-301", [("0012345678905", 9)], control=555))
    assert other["status"] != "duplicate"
    (order,) = other["orders"]
    assert order["po_number"] == "PO-X12-301" and "INTERCHANGE-REUSED" in codes(other)[0]
    again = await send(gateway, api_headers, x12_order("PO-X12-301", [("0012345678905", 9)], control=555)
                       .replace(b"*1000*U*", b"*1130*U*"))
    # the interchange record names the first document; the resent second order meets order-level dedup
    assert [o["status"] for o in again["orders"]] in ([], ["duplicate"])
    assert [o["po_number"] for o in outbox(gateway)].count("PO-X12-301") == 1
