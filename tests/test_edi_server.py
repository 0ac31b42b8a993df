"""Issue classes through the running gateway (real HTTP client, real journal): line dates give the
order's date, an order-like document it cannot read is held, a count-off message is held, allowances
reach the ERP with the net price."""

from __future__ import annotations

from decimal import Decimal

import aiohttp

from testkit.harness import wait_until
from tests.test_edi_items_prices import edifact, x12


async def post(gw, body: bytes, headers: dict[str, str]) -> str:
    url = f"http://127.0.0.1:{gw.ports['http']}/v1/documents"
    async with aiohttp.ClientSession() as session:
        async with session.post(url, data=body, headers=headers) as resp:
            assert resp.status == 202
            return (await resp.json())["document_id"]


async def settled(gw, doc_id: str):
    async def done():
        doc = await gw.ctx.journal.get_document(doc_id)
        return doc if doc.status not in ("received", "processing", "retry") else None
    return await wait_until(done, timeout=30)


async def test_cxml_item_dates_give_the_order_its_requested_date(gateway, api_headers, corpus):
    doc_id = await post(gateway, (corpus / "cxml" / "OrderRequest.xml").read_bytes(), api_headers)
    await settled(gateway, doc_id)
    (order,) = await gateway.ctx.journal.orders_for_document(doc_id)
    assert [str(line.requested_date) for line in order.lines] == ["2020-02-28", "2020-02-28"]
    assert str(order.requested_delivery_date) == "2020-02-28"  # no header date: the lines agree


async def test_an_order_like_set_not_read_is_held_for_review_named(gateway, api_headers):
    body = x12("LIN**BP*B-1", set_type="830", head="BFR*00**REL-1*DL*A*20261120*20261231")
    doc = await settled(gateway, await post(gateway, body, api_headers))
    assert (doc.status, doc.doc_type, doc.error_code) == ("review", "order", "FORMAT-UNSUPPORTED")


async def test_a_count_off_edifact_order_is_held_not_delivered(gateway, api_headers):
    body = edifact("LIN+1++4000862141404:SRV", "QTY+21:3", "PRI+AAB:10.5::SRP", "ALC+A", "PCD+3:20",
                   "UNS+S", "CNT+2:1", unt=13)  # 12 segments
    doc = await settled(gateway, await post(gateway, body, api_headers))
    (order,) = await gateway.ctx.journal.orders_for_document(doc.id)
    assert doc.status == "review" and order.status.value == "review"
    assert "EDI-UNT-COUNT" in [i.code for i in order.issues if i.severity == "error"]
    line = order.lines[0]
    assert (line.sku, line.gross_price, line.unit_price) == ("SKU-1001", Decimal("10.5"), Decimal("8.40"))
    assert [(a.kind, a.percent, a.applied) for a in line.allowances] == [("allowance", Decimal(20), True)]
