"""Trust from the customer's own history: the day/month order its past documents settled, and unit
conversions a person confirmed on its earlier orders, through the running gateway.

The customer here (T5) has no country and no language in the master data, so neither settles how it
writes 04/12/2027; only what it sent before can.
"""

from __future__ import annotations

from datetime import date
from email.message import EmailMessage
from pathlib import Path

from bench.bench_trust import trust_config
from gateway.intake import IntakeMeta
from gateway.order_history import past_date_order
from tests.harness import running_gateway, wait_until

YEAR = date.today().year + 1
SENDER = "buyer@atlas.example"


def atlas_config(tmp_path: Path) -> Path:
    """The trust configuration with one more customer whose country and language are unknown."""
    path = trust_config(tmp_path)
    with (tmp_path / "gw" / "masterdata" / "customers.csv").open("a", encoding="utf-8") as fh:
        fh.write(f"T5,Atlas Trading,,EUR,,,,atlas.example,{SENDER},,,,,\n")
    return path


def typed_mail(po: str, deliver: str, lines: str = "- 2 EA TP-1001") -> bytes:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = SENDER, "orders@gateway.example", f"Order {po}"
    msg["Date"] = "Mon, 30 Nov 2026 09:15:00 +0000"
    msg["Message-ID"] = f"<{po}@atlas.example>"
    msg.set_content(f"Hello,\n\nPlease ship the following:\n{lines}\n\nPO number: {po}\n"
                    f"Deliver by {deliver}.\n\nKind regards,\nAtlas Trading\n")
    return msg.as_bytes()


async def send(gw, data: bytes, name: str):
    envelope = await gw.ctx.intake.accept(data, "smtp", IntakeMeta(sender=SENDER, filename=name))

    async def order():
        for child in await gw.ctx.journal.list_documents(parent_id=envelope.document_id):
            found = await gw.ctx.journal.orders_for_document(child.id)
            if found:
                return found[0]
        return None
    return await wait_until(order, timeout=60)


def test_past_documents_settle_only_when_they_agree():
    assert past_date_order(["dmy", "dmy"]) == "dmy"
    assert past_date_order(["mdy"]) == "mdy"
    assert past_date_order(["dmy", "mdy"]) is None
    assert past_date_order([]) is None


async def test_an_ambiguous_date_is_settled_by_the_customers_past_documents(tmp_path):
    async with running_gateway(atlas_config(tmp_path)) as gw:
        first = await send(gw, typed_mail("AT-1", f"04/12/{YEAR}"), "first.eml")
        assert first.field_confidence["requested_delivery_date"] < 1.0  # nothing settles it yet
        assert first.status.value == "review"
        await send(gw, typed_mail("AT-2", f"25/11/{YEAR}"), "second.eml")  # can only be day first
        later = await send(gw, typed_mail("AT-3", f"04/12/{YEAR}"), "third.eml")
        assert later.requested_delivery_date == date(YEAR, 12, 4)
        assert later.field_confidence["requested_delivery_date"] == 1.0


async def test_a_customer_writing_both_orders_keeps_its_dates_ambiguous(tmp_path):
    async with running_gateway(atlas_config(tmp_path)) as gw:
        await send(gw, typed_mail("AT-1", f"25/11/{YEAR}"), "dmy.eml")
        await send(gw, typed_mail("AT-2", f"11/25/{YEAR}"), "mdy.eml")
        later = await send(gw, typed_mail("AT-3", f"04/12/{YEAR}"), "third.eml")
        assert later.field_confidence["requested_delivery_date"] < 1.0
        assert later.status.value == "review"
