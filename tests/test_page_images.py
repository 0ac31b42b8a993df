"""Page images with field boxes: the review API's route and the helper replay's report shares with it."""

from __future__ import annotations

import io

import aiohttp
from PIL import Image

from testkit.capture_corpus import make_master, make_order
from testkit.capture_layouts import render_order_pdf
from gateway.review.page_images import HIGHLIGHT, field_boxes
from testkit.harness import wait_until


async def test_page_of_a_pdf_order_is_served_with_its_field_boxes(gateway, api_headers):
    pdf = render_order_pdf(make_order(7, 1005, make_master(7), n_lines=2))
    env = await gateway.ctx.intake.accept(pdf, "http")

    async def order():
        orders = await gateway.ctx.journal.orders_for_document(env.document_id)
        return orders[0] if orders else None
    found = await wait_until(order, timeout=60)
    url = f"http://127.0.0.1:{gateway.ports['http']}/v1/documents/{env.document_id}/pages"
    async with aiohttp.ClientSession(headers=api_headers) as session:
        async with session.get(f"{url}/1.png?order={found.order_id}") as resp:
            assert resp.status == 200 and resp.content_type == "image/png"
            image = Image.open(io.BytesIO(await resp.read()))
        async with session.get(f"{url}/9.png") as resp:
            assert resp.status == 404 and (await resp.json())["error"]["code"] == "NO-PAGE"
    assert image.width > 500
    boxes = field_boxes(found, 1, frozenset({"po_number"}))
    assert boxes and [b[4] for b in boxes if b[4] == HIGHLIGHT] == [HIGHLIGHT]
