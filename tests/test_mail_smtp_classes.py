"""Typed e-mail orders over a real SMTP session (``smtplib`` against the running gateway): a typed quantity change
of an order already delivered is a change of that line, held, never the removal of the lines it does not name;
two POs typed in one e-mail are delivered as two orders.
"""

from __future__ import annotations

import asyncio
import json
from datetime import date, datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path

import pytest

from gateway.model import NormalizedOrder
from testkit.harness import running_gateway, wait_until, write_config
from testkit.trust_corpus import CUSTOMERS, write_master
from tests.smtp_helpers import ORDERS_TO, message, send

FR, IE, US, DE = CUSTOMERS
DUE = date.today() + timedelta(days=12)
SHIP_BY = f"{DUE.month:02d}/{DUE.day:02d}/{DUE.year}"


@pytest.fixture
async def gw(tmp_path: Path):
    master = tmp_path / "master"
    write_master(master)
    config = write_config(tmp_path / "gw", {
        "smtp": {"enabled": True, "port": 0, "tls_cert": tmp_path / "tls.crt", "tls_key": tmp_path / "tls.key",
                 "recipients": [ORDERS_TO]},
        "decide": {"rules": {"conversions_file": master / "unit_conversions.toml"}, "anomalies": {"enabled": False}},
    }, master_data=master)
    async with running_gateway(config) as gateway:
        yield gateway


async def mail(gw, subject: str, body: str) -> None:
    msg = message(US.email, subject, body)
    msg["Date"] = format_datetime(datetime.now(timezone.utc))
    code, reply = await asyncio.to_thread(send, gw.ports["smtp"], msg)
    assert code == 250, reply


async def settled(gw, count: int) -> list[NormalizedOrder]:
    async def ready():
        rows = await gw.ctx.journal.query(
            "SELECT body FROM orders WHERE status NOT IN ('ready', 'delivering') ORDER BY received_at, order_id")
        return rows if len(rows) >= count else None
    return [NormalizedOrder.model_validate_json(r["body"]) for r in await wait_until(ready, timeout=60)]


def outbox(gw) -> list[dict]:
    folder = gw.ctx.config.delivery.file.path
    return [json.loads(p.read_text()) for p in sorted(folder.glob("*.json"))] if folder.is_dir() else []


async def test_a_typed_change_of_a_delivered_order_never_removes_its_other_lines(gw):
    await mail(gw, "PO QM-4411", f"PO QM-4411\nShip by {SHIP_BY}\n\n3 x TP-1002\n2 x TP-1006\n\nThanks\n")
    (original,) = await settled(gw, 1)
    assert original.status.value == "delivered", [(i.code, i.message) for i in original.issues]

    await mail(gw, "RE: PO QM-4411", "Hi, regarding PO QM-4411: make it 4 not 3 of TP-1002.\n\nThanks\n")
    change = (await settled(gw, 2))[1]
    assert change.kind.value == "change" and change.status.value != "delivered"
    assert [(ln.sku, str(ln.quantity), ln.action) for ln in change.lines] == [("TP-1002", "4", "change")]
    assert not any(c.get("change") == "removed" for c in change.changes), change.changes
    assert "QTY-CHANGE-TYPED" in {i.code for i in change.issues if i.severity == "error"}
    await asyncio.sleep(0.5)
    assert [o["order_id"] for o in outbox(gw)] == [original.order_id]


async def test_an_unread_message_about_a_delivered_order_removes_nothing(gw):
    await mail(gw, "PO QM-4420", f"PO QM-4420\nShip by {SHIP_BY}\n\n3 x TP-1002\n2 x TP-1006\n\nThanks\n")
    await settled(gw, 1)
    await mail(gw, "RE: PO QM-4420", "PO QM-4420: for the TP-1002 please take the blue ones, 3 of them.\n\nThanks\n")
    later = (await settled(gw, 2))[1]
    assert later.status.value != "delivered"
    assert not any(c.get("change") == "removed" for c in later.changes), later.changes
    assert "CHANGE-LINES-UNREAD" in {i.code for i in later.issues if i.severity == "error"}


async def test_two_pos_in_one_mail_are_delivered_as_two_orders(gw):
    await mail(gw, "Two orders", f"Hello,\n\nPO QM-5501:\n3 x TP-1002\n\nPO QM-5502:\n2 x TP-1006\n\n"
                                 f"Ship both by {SHIP_BY}.\nThanks\n")
    got = await settled(gw, 2)
    assert sorted((o.po_number, o.status.value) for o in got) == [("QM-5501", "delivered"), ("QM-5502", "delivered")], \
        [[(i.code, i.message) for i in o.issues] for o in got]
    assert {o.po_number: [ln.sku for ln in o.lines] for o in got} == {"QM-5501": ["TP-1002"], "QM-5502": ["TP-1006"]}
