"""Backpressure: past the configured backlog, HTTP answers 429 with Retry-After, SMTP 451, a folder
leaves the file where it is; nothing accepted is dropped, and what was refused is taken later.

The backlog is held up for real: the test takes the journal's decision lock, so the documents already
accepted wait in ``processing`` until it lets go.
"""

from __future__ import annotations

import asyncio
import json
import smtplib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp
import pytest

from gateway.model import OrderStatus
from tests.decide_helpers import journal, make_order, pg_dsn, store_order  # noqa: F401 (fixtures)
from testkit.harness import API_KEY, running_gateway, wait_until, write_config
from testkit.samples import ubl_order
from tests.smtp_helpers import ORDERS_TO, message, transact

LIMIT = 3


@pytest.fixture
def config(tmp_path: Path) -> Path:
    root = tmp_path / "gw"
    smtp = {"enabled": True, "port": 0, "tls_cert": root / "tls" / "smtp.crt",
            "tls_key": root / "tls" / "smtp.key", "recipients": [ORDERS_TO]}
    drop = {"name": "drop", "channel": "partner_drop", "path": root / "spool" / "drop",
            "stable_seconds": 0.3, "poll_seconds": 0.3}
    return write_config(root, {"smtp": smtp, "folders": [drop],
                               "pipeline": {"backlog_limit": LIMIT, "backlog_retry_after_s": 7}})


async def post(gw, body: bytes) -> tuple[int, dict, dict]:
    url = f"http://127.0.0.1:{gw.ports['http']}/v1/documents"
    async with aiohttp.ClientSession() as session:
        async with session.post(url, data=body, headers={"X-API-Key": API_KEY}) as resp:
            return resp.status, dict(resp.headers), await resp.json()


def send_mail(port: int) -> tuple[int, str]:
    with smtplib.SMTP("127.0.0.1", port, timeout=30) as client:
        client.ehlo()
        try:
            return transact(client, message("buyer@shop.example", "Order", "Please send 5 boxes of A4."))
        except smtplib.SMTPDataError as exc:
            return exc.smtp_code, exc.smtp_error.decode()


def outbox(gw) -> list[str]:
    return sorted(json.loads(p.read_text())["po_number"] for p in gw.ctx.config.delivery.file.path.glob("*.json"))


async def test_past_the_backlog_senders_are_told_to_retry_and_nothing_accepted_is_lost(config):
    async with running_gateway(config) as gw:
        async with gw.ctx.journal.decision_lock():  # the accepted documents cannot be concluded
            for n in range(LIMIT):
                status, _, _ = await post(gw, ubl_order(f"PO-BP-{n}", [("4000862141404", n + 1)]))
                assert status == 202
            status, headers, body = await post(gw, ubl_order("PO-BP-LATE", [("4000862141404", 9)]))
            assert status == 429 and headers["Retry-After"] == "7"
            assert body["error"]["code"] == "INTAKE-BACKLOG"
            status, headers, _ = await post(gw, b"not a document any extractor knows")
            assert status == 429 and headers["Retry-After"] == "7"  # told before the body is looked at
            code, reply = await asyncio.to_thread(send_mail, gw.ports["smtp"])
            assert code == 451 and "INTAKE-BACKLOG" in reply
            dropped = Path(gw.ctx.config.folders[0].path) / "late.xml"
            dropped.write_bytes(ubl_order("PO-BP-FOLDER", [("4000862141404", 4)]))
            await asyncio.sleep(2.0)  # several polls: the file waits in the folder, untaken
            assert dropped.exists()
            assert await gw.ctx.journal.list_documents(channel="partner_drop") == []
        await wait_until(lambda: {"PO-BP-0", "PO-BP-1", "PO-BP-2", "PO-BP-FOLDER"} <= set(outbox(gw)))
        assert not dropped.exists()

        async def taken_when_sent_again():
            status, _, _ = await post(gw, ubl_order("PO-BP-LATE", [("4000862141404", 9)]))
            return status == 202
        await wait_until(taken_when_sent_again, interval=0.5)
        await wait_until(lambda: "PO-BP-LATE" in outbox(gw))
    assert outbox(gw) == ["PO-BP-0", "PO-BP-1", "PO-BP-2", "PO-BP-FOLDER", "PO-BP-LATE"]


async def test_the_backlog_counts_deliveries_due_now_unless_the_erp_is_failing(journal):
    """Orders waiting for their first delivery attempt are the gateway's own backlog; once a delivery
    failed and waits in backoff (the ERP down), only documents count, so intake goes on."""
    assert await journal.backlog() == 0
    for n in range(3):
        await store_order(journal, make_order(po_number=f"PO-BL-{n}"), OrderStatus.READY)
    assert await journal.backlog() == 3
    claimed = await journal.claim_deliveries("test", 1, 60)
    assert len(claimed) == 1
    assert await journal.backlog() == 2  # the one in hand has been tried
    await journal.mark_delivery_failed(claimed[0].order_id, "test", "ERP refused",
                                       datetime.now(UTC) + timedelta(minutes=5))
    assert await journal.backlog() == 0  # the ERP is failing: deliveries do not stop intake


async def test_the_erp_still_counts_as_failing_when_the_retry_is_due_or_in_flight(journal):
    """The breaker keeps a failed delivery waiting past its own backoff, then tries it again: due now or
    being tried, it is still a failure, and the orders behind it do not stop intake (review R8)."""
    for n in range(3):
        await store_order(journal, make_order(po_number=f"PO-BR-{n}"), OrderStatus.READY)
    (first,) = await journal.claim_deliveries("test", 1, 60)
    await journal.mark_delivery_failed(first.order_id, "test", "ERP down", datetime.now(UTC) - timedelta(seconds=1))
    assert await journal.backlog() == 0  # its retry is due: still failing
    claimed = await journal.claim_deliveries("test", 3, 60)
    assert first.order_id in [d.order_id for d in claimed]
    assert await journal.backlog() == 0  # its retry in flight: still failing
    await journal.mark_delivered(first.order_id, "test", datetime.now(UTC))
    for other in (d for d in claimed if d.order_id != first.order_id):
        await journal.mark_delivered(other.order_id, "test", datetime.now(UTC))
    assert await journal.backlog() == 0  # all delivered: nothing waits
