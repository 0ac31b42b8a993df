"""ERP delivery over the webhook sink against a real local HTTP server that fails for a while."""

from __future__ import annotations

import hashlib
import hmac
import time
from pathlib import Path

import pytest

from testkit.harness import ErpReceiver, running_gateway, wait_until, write_config
from testkit.samples import ubl_order


@pytest.fixture
def erp():
    receiver = ErpReceiver().start()
    yield receiver
    receiver.stop()


def webhook_config(tmp_path: Path, erp: ErpReceiver, monkeypatch, **delivery) -> Path:
    monkeypatch.setenv("GATEWAY_WEBHOOK_SECRET", erp.secret)
    return write_config(tmp_path / "gw", {"delivery": {
        "sink": "webhook", "webhook": {"url": erp.url, "timeout_s": 2.0},
        "backoff_initial_s": 0.2, "backoff_max_s": 1.0, **delivery}})


async def submit(gw, po: str, qty: int = 3) -> str:
    env = await gw.ctx.intake.accept(ubl_order(po, [("4000862141404", qty)]), "http")
    return env.document_id


async def test_orders_retried_while_erp_is_down_then_delivered_once(tmp_path, erp, monkeypatch):
    erp.down_until = time.monotonic() + 4.0
    async with running_gateway(webhook_config(tmp_path, erp, monkeypatch)) as gw:
        docs = [await submit(gw, f"PO-WH-{n}") for n in range(5)]
        await wait_until(lambda: len(erp.accepted_keys()) == 5, timeout=60)
        failures = [p for p in erp.posts if p["status"] == 503]
        assert failures, "the ERP was down: the first attempts must have failed"
        assert len(erp.accepted()) == 5, "each order accepted exactly once"

        async def all_recorded_delivered():
            for doc_id in docs:
                (order,) = await gw.ctx.journal.orders_for_document(doc_id)
                if order.status.value != "delivered":
                    return False
            return True

        # The ERP's 2xx reaches it before the journal records the delivery.
        await wait_until(all_recorded_delivered, timeout=30)
        attempts = []
        for doc_id in docs:
            (order,) = await gw.ctx.journal.orders_for_document(doc_id)
            assert order.status.value == "delivered"
            attempts.append((await gw.ctx.journal.delivery(order.order_id)).attempts)
        assert max(attempts) >= 2
        keys = {p["key"] for p in erp.posts}
        assert len(keys) == 5, "retries reuse the same Idempotency-Key"


async def test_a_down_erp_gets_probes_not_every_orders_retries(tmp_path, erp, monkeypatch):
    erp.down_until = time.monotonic() + 5.0
    async with running_gateway(webhook_config(tmp_path, erp, monkeypatch)) as gw:
        for n in range(20):
            await submit(gw, f"PO-CB-{n}")
        await wait_until(lambda: len(erp.accepted_keys()) == 20, timeout=90)
    refused = [p for p in erp.posts if p["status"] == 503]
    assert refused and len(refused) < 20, "while down, the sink is paused and probed one order at a time"
    assert len(erp.accepted()) == 20


async def test_signature_is_hmac_sha256_of_timestamp_and_body(tmp_path, erp, monkeypatch):
    async with running_gateway(webhook_config(tmp_path, erp, monkeypatch)) as gw:
        await submit(gw, "PO-SIG-1")
        await wait_until(lambda: erp.accepted(), timeout=60)
    post = erp.accepted()[0]
    fields = dict(part.split("=", 1) for part in post["signature"].split(","))
    expected = hmac.new(erp.secret.encode(), f"{fields['t']}.".encode() + post["body"],
                        hashlib.sha256).hexdigest()
    assert hmac.compare_digest(fields["v1"], expected)


async def test_permanent_refusal_goes_to_dead_letter_with_reason(tmp_path, erp, monkeypatch):
    erp.refuse.add("PO-BAD-1")
    async with running_gateway(webhook_config(tmp_path, erp, monkeypatch)) as gw:
        doc_id = await submit(gw, "PO-BAD-1")
        await submit(gw, "PO-GOOD-1")
        (order,) = await wait_until(lambda: gw.ctx.journal.orders_for_document(doc_id))

        async def dead():
            record = await gw.ctx.journal.delivery(order.order_id)
            return record if record and record.status == "dead_letter" else None

        record = await wait_until(dead, timeout=60)
        assert "422" in record.last_error and "unknown ship-to" in record.last_error
        assert record.attempts == 1, "a 4xx refusal is not retried"
        assert (await gw.ctx.journal.get_order(order.order_id)).status.value == "dead_letter"
        await wait_until(lambda: "PO-GOOD-1" in {o["po_number"] for o in erp.accepted_keys().values()})


async def test_failing_order_dead_letters_after_max_attempts(tmp_path, erp, monkeypatch):
    erp.broken.add("PO-500")
    async with running_gateway(webhook_config(tmp_path, erp, monkeypatch, max_attempts=3)) as gw:
        doc_id = await submit(gw, "PO-500")
        (order,) = await wait_until(lambda: gw.ctx.journal.orders_for_document(doc_id))

        async def dead():
            record = await gw.ctx.journal.delivery(order.order_id)
            return record if record and record.status == "dead_letter" else None

        record = await wait_until(dead, timeout=60)
        assert record.attempts == 3 and "500" in record.last_error
        assert len([p for p in erp.posts if p["order"]["po_number"] == "PO-500"]) == 3
