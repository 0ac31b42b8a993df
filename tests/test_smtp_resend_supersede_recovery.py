"""The supersede of an e-mail held for a missing attachment survives a stop between the resend's commit and the
supersede (redone at start-up), and a person acting on the e-mail first wins without failing the resend."""

from __future__ import annotations

import gateway.stages.pipeline as pipeline
from gateway.errors import StaleOrderError
from gateway.model import OrderStatus
from testkit.harness import running_gateway, wait_until
from tests.smtp_helpers import ORDERS_TO, parts_of, queued_id, smtp_config, swaks
from tests.test_smtp_attachment_resend import MUELLER, opentrans

BODY = "Guten Tag,\n\nanbei die Bestellung {po} als Datei.\n\nGruss\nA. Huber\n"


async def _send(gw, tmp_path, po: str, attach: bool):
    args = ["--to", ORDERS_TO, "--from", MUELLER, "--body", BODY.format(po=po)]
    if attach:
        path = tmp_path / f"{po}.xml"
        path.write_bytes(opentrans(po))
        args += ["--attach-type", "text/xml", "--attach", f"@{path}"]
    out = await swaks(gw.ports["smtp"], *args)
    kids = await parts_of(gw, queued_id(out))
    for kid in kids:
        if orders := await wait_until(lambda: gw.ctx.journal.orders_for_document(kid.id), timeout=60):
            if any(o.lines for o in orders) or not attach:
                return orders[0]
    raise AssertionError("no order read")


async def test_a_supersede_lost_to_a_stop_is_redone_at_start_up(tmp_path, monkeypatch):
    config = smtp_config(tmp_path / "gw")
    async with running_gateway(config) as gw:
        empty = await _send(gw, tmp_path, "4711-0911", attach=False)
        assert empty.status in (OrderStatus.REVIEW, OrderStatus.HELD)
        with monkeypatch.context() as m:  # the process stops right after the resend's commit
            async def stopped(ctx, orders):
                return None
            m.setattr(pipeline, "supersede_empty_orders", stopped)
            resend = await _send(gw, tmp_path, "4711-0911", attach=True)
        assert (await gw.ctx.journal.get_order(empty.order_id)).status == empty.status
        await pipeline.supersede_pending(gw.ctx)  # what start-up runs
        after = await gw.ctx.journal.get_order(empty.order_id)
        assert after.status == OrderStatus.DUPLICATE and after.original_order_id == resend.order_id
        await pipeline.supersede_pending(gw.ctx)  # idempotent
        assert (await gw.ctx.journal.get_order(empty.order_id)).status == OrderStatus.DUPLICATE


async def test_a_person_acting_first_wins_and_the_resend_does_not_fail(tmp_path, monkeypatch):
    async with running_gateway(smtp_config(tmp_path / "gw")) as gw:
        await _send(gw, tmp_path, "4711-0912", attach=False)
        real = gw.ctx.journal.update_order

        async def lost(order, event, *args, **kwargs):
            if event.outcome == "superseded":
                raise StaleOrderError(f"order {order.order_id} is no longer review")
            return await real(order, event, *args, **kwargs)
        monkeypatch.setattr(gw.ctx.journal, "update_order", lost)
        resend = await _send(gw, tmp_path, "4711-0912", attach=True)
        await pipeline.supersede_empty_orders(gw.ctx, [resend])  # no error
        doc = await gw.ctx.journal.get_document(resend.source.document_id)
        assert doc.status == "processed"
