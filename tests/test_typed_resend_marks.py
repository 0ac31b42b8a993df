"""A typed line that only says the order is sent again ("(resent)", "Kopie", "renvoi") is no order line: the resend
is the same order again, a duplicate, not a change held with an unread line. A line that orders, or asks for
something, is still read or held."""

from __future__ import annotations

from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime

import pytest

from extractors.base import ExtractHints
from extractors.mail.body_text import EXTRACTOR, resend_mark
from gateway.model import OrderStatus
from tests.test_dedup_current_version import outbox
from testkit.harness import wait_until
from testkit.samples import ORDER_DAY


def read(body: str):
    return EXTRACTOR.extract(body.encode(), ExtractHints(content_type="text/plain")).orders[0]


@pytest.mark.parametrize("mark", ["(resent)", "RESENT", "*** copy ***", "erneut gesendet", "- Kopie -", "[renvoi]",
                                  "Duplicata"])
def test_a_resend_mark_is_a_note_not_an_unread_line(mark):
    order = read(f"Order CDE-2612-4490\n- 3 x KB-2210\n- 1 x KB-2211\n{mark}\n")
    assert [(ln.customer_item, int(ln.quantity)) for ln in order.lines] == [("KB-2210", 3), ("KB-2211", 1)]
    assert not [p for p in order.problems if p.code == "LINE-UNREAD"], order.problems


@pytest.mark.parametrize("text", ["2 x copy paper", "copy paper A4 x 5", "resent 3 x KB-2210",
                                  "please resend the invoice", "Duplicate order? please check"])
def test_a_line_that_says_more_than_resent_is_no_resend_mark(text):
    assert not resend_mark(text)


def _mail(body: str) -> bytes:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "orders@retail-brussels.example", "orders@gateway.example", "Order"
    msg["Date"] = format_datetime(datetime(ORDER_DAY.year, ORDER_DAY.month, ORDER_DAY.day, 9, 30))
    msg.set_content(body)
    return msg.as_bytes()


async def _orders(gw, po: str, n: int):
    async def found():
        orders = await gw.ctx.journal.list_orders(po_number=po)
        return sorted(orders, key=lambda o: o.source.received_at) if len(orders) >= n else None
    return await wait_until(found, timeout=30)


async def test_a_typed_order_resent_with_a_resend_line_is_a_duplicate(gateway):
    due = ORDER_DAY + timedelta(days=14)
    body = f"Hello,\n\nOrder PO-RS-4490 of {ORDER_DAY.isoformat()}\nDelivery date: {due.isoformat()}\n3 x SKU-1001\n2 x SKU-1002\n\nRegards\nAnna\n"
    await gateway.ctx.intake.accept(_mail(body), "smtp")
    (original,) = await _orders(gateway, "PO-RS-4490", 1)
    assert original.status in (OrderStatus.READY, OrderStatus.DELIVERED), original.issues
    await wait_until(lambda: len(outbox(gateway)) == 1 or None, timeout=30)
    await gateway.ctx.intake.accept(_mail(body.replace("Regards", "(resent)\n\nRegards")), "smtp")
    _first, copy = await _orders(gateway, "PO-RS-4490", 2)
    assert copy.status == OrderStatus.DUPLICATE, [(i.code, i.message) for i in copy.issues]
    assert len(outbox(gateway)) == 1


@pytest.mark.parametrize("edit,mark", [(("2 x SKU-1002", "2 x SKU-1002\n5 x SKU-1003"), "(resent)"),
                                       (("3 x SKU-1001", "30 x SKU-1001"), "Kopie")])
async def test_a_marked_resend_that_differs_is_held_not_an_automatic_change(gateway, edit, mark):
    due = ORDER_DAY + timedelta(days=14)
    po = "PO-RD-4490" if mark == "(resent)" else "PO-RD-4491"
    body = f"Hello,\n\nOrder {po} of {ORDER_DAY.isoformat()}\nDelivery date: {due.isoformat()}\n3 x SKU-1001\n2 x SKU-1002\n\nRegards\nAnna\n"
    await gateway.ctx.intake.accept(_mail(body), "smtp")
    await wait_until(lambda: len(outbox(gateway)) == 1 or None, timeout=30)
    await gateway.ctx.intake.accept(_mail(body.replace(*edit).replace("Regards", f"{mark}\n\nRegards")), "smtp")
    _first, copy = await _orders(gateway, po, 2)
    assert copy.status == OrderStatus.REVIEW, (copy.status, [i.code for i in copy.issues])
    assert "RESEND-DIFFERS" in [i.code for i in copy.issues]
    assert len(outbox(gateway)) == 1
