"""Retention: concluded documents and their delivered orders leave the hot tables, stay queryable
(look-ups by id, history, ``gateway retained``), and still count for dedup and for the changes that
follow them; what is not concluded stays; the ``[retention]`` section is validated strictly."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from gateway.store.journal import utcnow
from testkit.harness import REPO, running_gateway, wait_until, write_config
from testkit.samples import ubl_order


def outbox(gw) -> list[dict]:
    return [json.loads(p.read_text()) for p in gw.ctx.config.delivery.file.path.glob("*.json")]


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "gateway.cli", *args], cwd=REPO, capture_output=True,
                          text=True, timeout=120)


async def orders_of(gw, doc_id: str):
    async def found():
        return await gw.ctx.journal.orders_for_document(doc_id) or None
    return await wait_until(found, timeout=30)


async def test_concluded_documents_move_out_and_stay_found(tmp_path: Path):
    config = write_config(tmp_path / "gw")
    body = ubl_order("PO-RET-A", [("4000862141404", 5)])
    async with running_gateway(config) as gw:
        a = await gw.ctx.intake.accept(body, "http")
        (order_a,) = await orders_of(gw, a.document_id)
        await wait_until(lambda: outbox(gw))
        early = await gw.ctx.intake.accept(
            ubl_order("CHG-X", [("4000862141404", 2)], root="OrderChange", original_po="PO-NEVER"), "http")
        (held,) = await orders_of(gw, early.document_id)
        assert held.status.value == "held"

        assert await gw.ctx.journal.retain(utcnow() + timedelta(seconds=5), 100) == 1  # the held change stays
        counts = await gw.ctx.journal.counts()
        assert counts["orders"] == {"held": 1} and counts["deliveries"] == {}
        assert (await gw.ctx.journal.get_document(a.document_id)).status == "processed"
        assert (await gw.ctx.journal.get_order(order_a.order_id)).status.value == "delivered"
        assert (await gw.ctx.journal.delivery(order_a.order_id)).status == "delivered"
        assert {e.outcome for e in await gw.ctx.journal.history(a.document_id)} >= {"received", "ready"}

        again = await gw.ctx.intake.accept(body, "smtp")  # the same bytes: an exact duplicate
        await wait_until(lambda: gw.ctx.journal.get_document(again.document_id), timeout=30)

        async def concluded():
            doc = await gw.ctx.journal.get_document(again.document_id)
            return doc if doc.status not in ("received", "processing", "retry") else None
        assert (await wait_until(concluded, timeout=30)).metadata["duplicate_of"] == a.document_id

        change = await gw.ctx.intake.accept(
            ubl_order("CHG-A", [("4000862141404", 7)], root="OrderChange", original_po="PO-RET-A"), "http")
        await wait_until(lambda: len(outbox(gw)) == 2, timeout=30)  # waits on a retained original's delivery
        delivered = {o["source"]["document_id"]: o for o in outbox(gw)}
        assert delivered[change.document_id]["kind"] == "change"
        assert delivered[change.document_id]["original_order_id"] == order_a.order_id

    out = run_cli("--config", str(config), "retained", "--po", "po ret a")
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert [(r["order_id"], r["status"]) for r in rows] == [(order_a.order_id, "delivered")]
    assert run_cli("--config", str(config), "retained", "--since", "yesterday").returncode == 2


def test_retention_section_is_strict(tmp_path: Path):
    good = write_config(tmp_path / "good", {"retention": {"enabled": True, "after_days": 30}})
    assert run_cli("check-config", "--config", str(good)).returncode == 0
    for n, (key, value) in enumerate((("after_days", "30"), ("after_days", 0), ("enabled", "yes"),
                                      ("batch", 20000), ("keep_days", 30))):
        path = write_config(tmp_path / f"bad{n}", {"retention": {key: value}})
        result = run_cli("check-config", "--config", str(path))
        assert result.returncode == 2, (key, value)
        assert f"retention.{key}" in result.stderr, result.stderr
