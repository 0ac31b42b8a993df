"""A resend is caught whatever the number of orders before it, on SQLite and on the local PostgreSQL.

The journal is filled directly (``testkit.journal_fill``) with a few thousand delivered orders of one
customer, more than any fixed scan would read; each resend (same PO and lines, a new document posted
over HTTP) of one of them, first, last, around the thousandth or drawn at random, must be marked a
duplicate of that very order and never reach the ERP. An order with a new PO and an old line set
still goes through. Orders committed before the key columns existed get them when migrated.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import aiohttp
import pytest

from gateway.store import journal_pg, journal_sqlite
from gateway.store.journal import new_id, utcnow
from gateway.store.journal_pg import PostgresJournal
from gateway.store.journal_schema import MIGRATIONS
from gateway.store.journal_sqlite import SqliteJournal
from gateway.model import Customer, NormalizedOrder, OrderLine, OrderStatus, Sla, Source
from gateway.order_history import history_summary
from gateway.order_keys import line_fingerprint
from testkit.harness import API_KEY, running_gateway, wait_until, write_config
from testkit.journal_fill import fill_journal, lines_of, po_of, template_lines
from testkit.pg_database import server_answers, temporary_database
from testkit.samples import ubl_order

COUNT = 3000
PICKS = sorted({0, 999, 1000, COUNT - 1, *random.Random(19).sample(range(COUNT), 3)})
NO_PG = server_answers()


@pytest.fixture(params=["sqlite", "postgresql"])
def config(request, tmp_path: Path, monkeypatch) -> Iterator[Path]:
    if request.param == "sqlite":
        yield write_config(tmp_path / "gw")
        return
    if NO_PG:
        pytest.skip(NO_PG)
    with temporary_database() as dsn:
        monkeypatch.setenv("GATEWAY_TEST_PG_DSN_FOR_SCALE", dsn)
        yield write_config(tmp_path / "gw", {
            "journal": {"backend": "postgresql", "dsn_env": "GATEWAY_TEST_PG_DSN_FOR_SCALE"}})


def outbox(gw) -> list[dict]:
    return [json.loads(p.read_text()) for p in gw.ctx.config.delivery.file.path.glob("*.json")]


async def post(gw, body: bytes) -> str:
    url = f"http://127.0.0.1:{gw.ports['http']}/v1/documents"
    async with aiohttp.ClientSession() as session:
        async with session.post(url, data=body, headers={"X-API-Key": API_KEY}) as resp:
            assert resp.status == 202, await resp.text()
            return (await resp.json())["document_id"]


async def decided(gw, document_id: str):
    async def order():
        found = await gw.ctx.journal.orders_for_document(document_id)
        return found[0] if found else None
    return await wait_until(order, timeout=60)


async def test_a_resend_of_any_of_thousands_of_orders_is_a_duplicate(config):
    async with running_gateway(config) as gw:
        template = await decided(gw, await post(gw, ubl_order("PO-SCALE-TEMPLATE", template_lines())))
        await wait_until(lambda: outbox(gw))
        await fill_journal(gw.ctx.journal, template, COUNT)
        for i in PICKS:
            resend = await decided(gw, await post(gw, ubl_order(po_of(i), lines_of(i), note=f"again {i}")))
            assert resend.status == OrderStatus.DUPLICATE, (i, resend.issues)
            original = await gw.ctx.journal.get_order(resend.original_order_id)
            assert original.po_number == po_of(i)
        fresh = await decided(gw, await post(gw, ubl_order("PO-SCALE-NEW-1", lines_of(PICKS[-1]))))
        assert fresh.status != OrderStatus.DUPLICATE and fresh.original_order_id is None
        await wait_until(lambda: len(outbox(gw)) == 2)
    assert sorted(o["po_number"] for o in outbox(gw)) == ["PO-SCALE-NEW-1", "PO-SCALE-TEMPLATE"]


async def test_a_resend_of_an_order_moved_out_by_retention_is_still_a_duplicate(config):
    """Retention moves the older half of the filled orders (received over 20 days; moved after 10) out
    of the hot tables; a resend of any of them, moved or not, within the 30-day dedup window is still a
    duplicate of that very order, and the moved original is still found by id."""
    async with running_gateway(config) as gw:
        template = await decided(gw, await post(gw, ubl_order("PO-RETAIN-TEMPLATE", template_lines())))
        await wait_until(lambda: outbox(gw))
        count = 1200
        await fill_journal(gw.ctx.journal, template, count)
        moved = 0
        while n := await gw.ctx.journal.retain(utcnow() - timedelta(days=10), 500):
            moved += n
        assert count // 2 - 5 <= moved <= count // 2 + 5, moved
        hot = (await gw.ctx.journal.counts())["orders"].get("delivered", 0)
        assert hot == count - moved + 1  # the template's order is recent: it stays
        picks = sorted({0, 1, moved - 1, moved, count - 1, *random.Random(7).sample(range(count), 4)})
        for i in picks:
            resend = await decided(gw, await post(gw, ubl_order(po_of(i), lines_of(i), note=f"again {i}")))
            assert resend.status == OrderStatus.DUPLICATE, (i, resend.issues)
            original = await gw.ctx.journal.get_order(resend.original_order_id)
            assert original.po_number == po_of(i)
        retained = await gw.ctx.journal.retained_orders(po_number=po_of(0).lower())
        assert [r["po_number"] for r in retained] == [po_of(0)]
        assert (await gw.ctx.journal.delivery(retained[0]["order_id"])).status == "delivered"
        assert await gw.ctx.journal.get_document(retained[0]["document_id"]) is not None


@pytest.fixture(params=["sqlite", "postgresql"])
def journal_factory(request, tmp_path: Path):
    if request.param == "sqlite":
        yield lambda: SqliteJournal(tmp_path / "journal.sqlite3")
        return
    if NO_PG:
        pytest.skip(NO_PG)
    with temporary_database() as dsn:
        yield lambda: PostgresJournal(dsn)


async def test_orders_committed_before_the_key_columns_get_them_when_migrated(journal_factory, monkeypatch):
    doc_id = new_id()
    order = NormalizedOrder(
        order_id=f"{doc_id}-001", po_number="PO-OLD-1", customer=Customer(id="C1001"),
        lines=[OrderLine(line_no=1, sku="SKU-1001", quantity=Decimal("3"), uom="C62")],
        source=Source(document_id=doc_id, channel="http", format="ubl", sha256="0" * 64, received_at=utcnow()),
        sla=Sla(received_at=utcnow()))
    for module in (journal_sqlite, journal_pg):
        monkeypatch.setattr(module, "MIGRATIONS", [m for m in MIGRATIONS if m[0] < 6])
    old = journal_factory()
    await old.open()
    await old.transaction(lambda db: db.execute(
        "INSERT INTO orders (order_id, document_id, kind, customer_id, po_number, status, created_at, "
        "updated_at, body) VALUES (?, ?, 'new', 'C1001', 'PO-OLD-1', 'delivered', 'x', 'x', ?)",
        (order.order_id, doc_id, order.model_dump_json())))
    await old.close()
    monkeypatch.undo()
    new = journal_factory()
    await new.open()
    rows = await new.query("SELECT lines_key, history FROM orders")
    await new.close()
    assert rows == [{"lines_key": line_fingerprint(order), "history": history_summary(order)}]
