"""The customer's window of newest accepted orders (gateway.store.history_window) gives the anomaly check
exactly what the journal's history query selects: on generated histories committed, changed and
retained through the journal's own paths, after a restart, and with two nodes on one PostgreSQL."""

from __future__ import annotations

import random
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from gateway.model import OrderKind, OrderStatus
from gateway.stages.anomaly import build_history, find_anomalies, load_history, query_history
from gateway.order_history import past_order
from gateway.stages.rules import order_value, rule_context
from gateway.store.history_window import HistoryWindows, Window
from gateway.store.journal import DocStatus, DocumentRecord, Event, Outcome, utcnow
from gateway.store.journal_pg import PostgresJournal
from gateway.store.journal_sqlite import SqliteJournal
from tests.decide_helpers import RECEIVED, decide_ctx, journal, line, make_order, pg_dsn, store_order  # noqa: F401

STATUSES = [OrderStatus.DELIVERED] * 5 + [OrderStatus.READY] * 3 + [
    OrderStatus.REVIEW, OrderStatus.HELD, OrderStatus.DUPLICATE, OrderStatus.REJECTED]
KINDS = [OrderKind.NEW] * 8 + [OrderKind.CHANGE, OrderKind.CANCEL]


async def store_on_node(journal: Any, owner: str, order: Any, status: OrderStatus) -> None:
    """``store_order`` by node ``owner`` (each node claims under its own id)."""
    doc = DocumentRecord(id=order.source.document_id, sha256=order.source.sha256, size=1,
                         channel=order.source.channel, received_at=order.sla.received_at)
    await journal.insert_document(doc, Event(stage="intake", outcome="received", at=doc.received_at))
    assert doc.id in [d.id for d in await journal.claim_documents(owner, 1000, 60)]
    outcome = Outcome(status=DocStatus.PROCESSED, customer_id=order.customer.id,
                      orders=[order.model_copy(update={"status": status})])
    assert await journal.finish_document(doc.id, owner, outcome)


def random_order(rng: random.Random, n: int, customer: str = "C1"):
    """An order of ``customer`` received up to 400 days before RECEIVED, often at the same minute as
    another (equal received times are ordered by order id)."""
    received = RECEIVED - timedelta(days=rng.randrange(400), minutes=rng.randrange(3))
    lines = [line("P-FILE", rng.choice((5, 10, 12, 400)), price="2.75"), line("P-PEN", rng.randrange(1, 9))]
    return make_order(customer, lines[:rng.randrange(1, 3)], received=received, po_number=f"PO-{n}",
                      kind=rng.choice(KINDS))


async def same_history(ctx: Any, rng: random.Random, stored: list, limits: tuple[int, ...]) -> None:
    """For orders received at random times (and orders already stored, their own document left out),
    the window gives what the query selects, and so the same anomalies."""
    probes = [random_order(rng, 10_000 + k) for k in range(4)] + rng.sample(stored, min(3, len(stored)))
    for limit in limits:
        cfg = ctx.config.decide.anomalies.model_copy(update={"history_limit": limit,
                                                             "history_days": rng.choice((30, 365))})
        for probe in probes:
            texts = await load_history(ctx, probe, cfg)
            assert texts == await query_history(ctx, probe, cfg)
            rc = rule_context(ctx, probe)
            history = build_history(rc, [past_order(t) for t in texts])
            assert find_anomalies(cfg, probe, history, order_value(rc, probe)) == find_anomalies(
                cfg, probe, build_history(rc, [past_order(t) for t in await query_history(ctx, probe, cfg)]),
                order_value(rc, probe))


async def test_window_equals_the_history_query_on_generated_histories(journal: Any, tmp_path: Path):  # noqa: F811
    rng = random.Random(19)
    ctx = decide_ctx(tmp_path, journal=journal)
    stored = []
    for n in range(160):
        order = random_order(rng, n, customer=rng.choice(("C1", "C1", "C1", "C2")))
        await store_order(journal, order, rng.choice(STATUSES))
        stored.append(order)
        if n % 9 == 0:  # an order changed later: status, kind or customer
            changed = rng.choice(stored)
            update = {"status": rng.choice(STATUSES), "kind": rng.choice(KINDS)}
            if rng.random() < 0.2:
                update["customer"] = changed.customer.model_copy(update={"id": "C2"})
            await journal.update_order(changed.model_copy(update=update), Event(
                stage="review", outcome="changed", order_id=changed.order_id,
                document_id=changed.source.document_id))
        if n % 7 == 0 or n > 150:
            await same_history(ctx, rng, stored, (3, 20, 200))
    assert journal.history_windows.hits > 0  # the window followed the commits, not read again each time
    moved = await journal.retain(utcnow() + timedelta(days=1), 40)  # the oldest concluded documents leave
    assert moved
    await same_history(ctx, rng, stored, (3, 20, 200))


async def test_a_restart_reads_the_window_again(tmp_path: Path):
    path = tmp_path / "journal.sqlite3"
    rng = random.Random(7)
    journal = SqliteJournal(path)
    await journal.open()
    stored = []
    try:
        ctx = decide_ctx(tmp_path, journal=journal)
        for n in range(40):
            stored.append(random_order(rng, n))
            await store_order(journal, stored[-1], rng.choice(STATUSES))
        await same_history(ctx, rng, stored, (5, 200))
    finally:
        await journal.close()
    again = SqliteJournal(path)
    await again.open()
    try:
        ctx = decide_ctx(tmp_path, journal=again)
        assert again.history_windows.hits == 0
        await same_history(ctx, rng, stored, (5, 200))
        assert again.history_windows.misses > 0
    finally:
        await again.close()


async def test_two_nodes_on_postgresql_keep_each_window_right(pg_dsn: str, tmp_path: Path):  # noqa: F811
    nodes = [PostgresJournal(pg_dsn), PostgresJournal(pg_dsn)]
    for node in nodes:
        await node.open()
    try:
        await nodes[0]._run(lambda db: db.execute("TRUNCATE documents, events, orders, deliveries, "
                                                   "customer_history_marks"))
        rng = random.Random(3)
        ctxs = [decide_ctx(tmp_path / str(i), journal=node) for i, node in enumerate(nodes)]
        stored = []
        for n in range(60):
            stored.append(random_order(rng, n))
            node = n % 2 if n < 30 else rng.randrange(2)
            await store_on_node(nodes[node], f"node{node}", stored[-1], rng.choice(STATUSES))
            if n % 5 == 0:
                for ctx in ctxs:
                    await same_history(ctx, rng, stored, (5, 200))
        for ctx in ctxs:
            await same_history(ctx, rng, stored, (5, 200))
    finally:
        for node in nodes:
            await node.close()


def entry(day: int, order: str, document: str = "") -> tuple[str, str, str, str]:
    return (f"2026-01-{day:02d}T00:00:00.000000+00:00", order, document or f"d{order}", f"h{order}")


@pytest.mark.parametrize("size", [1, 2, 4, 8])
def test_a_window_moved_at_each_commit_equals_one_read_afresh(size: int):
    rng = random.Random(size)
    committed: list[tuple[str, str, str, str]] = []
    windows = HistoryWindows()
    windows.put("C1", Window("t0", size, True, ()))
    for n in range(40):
        new = entry(rng.randrange(1, 29), f"o{n:02d}")
        committed.append(new)
        windows.committed("C1", f"t{n}", f"t{n + 1}", new)
        window = windows.get("C1", f"t{n + 1}", size)
        newest = sorted(committed, key=lambda e: (e[0], e[1]), reverse=True)
        assert window is not None and window.entries == tuple(reversed(newest[:size]))
        assert window.complete == (len(committed) <= size)
        for before_day in (5, 15, 29):
            before = f"2026-01-{before_day:02d}T00:00:00.000000+00:00"
            since = "2026-01-03T00:00:00.000000+00:00"
            texts = window.texts(since, before, "", 2)
            assert texts is None or texts == [e[3] for e in newest if since <= e[0] < before][:2]
            if window.complete:
                assert texts is not None
    assert windows.get("C1", "t0", size) is None  # a token that is no longer the mark
    windows.committed("C1", "other", "t99", entry(2, "late"))  # not the window's token: left alone
    assert windows.get("C1", "t99", size) is None


async def test_an_order_without_a_summary_counts_as_in_the_query(tmp_path: Path):
    journal = SqliteJournal(tmp_path / "journal.sqlite3")
    await journal.open()
    try:
        rng = random.Random(11)
        ctx = decide_ctx(tmp_path, journal=journal)
        stored = [random_order(rng, n) for n in range(30)]
        for order in stored:
            await store_order(journal, order, OrderStatus.DELIVERED)
        await journal._run(lambda db: db.execute(  # as a journal from before the summaries might hold
            "UPDATE orders SET history = NULL WHERE order_id IN (?, ?, ?)",
            tuple(o.order_id for o in stored[:3])))
        journal.history_windows.clear()
        await same_history(ctx, rng, stored, (2, 5, 200))
    finally:
        await journal.close()


def texts_one_by_one(window: Window, since: str, before: str, document_id: str, limit: int) -> list[str] | None:
    """``Window.texts`` as it was written first: the entries walked one at a time, newest first."""
    out: list[str] = []
    taken = 0
    for received, _, document, history in reversed(window.entries):
        if received >= before:
            continue
        if received < since:
            return out
        if document == document_id:
            continue
        if history is not None:
            out.append(history)
        taken += 1
        if taken >= limit:
            return out
    return out if window.complete else None


def test_texts_by_slice_equal_the_entries_walked_one_by_one():
    """The window's texts are taken as one slice of its entries (received in [since, before)): the
    same summaries, the same None, as walking the entries newest first, whatever the bounds, the
    limit, the document left out, orders without a summary and orders received at the same time."""
    rng = random.Random(1907)
    for _ in range(3000):
        count = rng.randrange(0, 12)
        entries = sorted((f"2026-01-{rng.randrange(1, 20):02d}T00:00:00.000000+00:00", f"o{n:02d}",
                          f"d{rng.randrange(0, 6)}", None if rng.random() < 0.2 else f"h{n}")
                         for n in range(count))
        window = Window("t", 12, rng.random() < 0.5, tuple(sorted(entries, key=lambda e: (e[0], e[1]))))
        since = f"2026-01-{rng.randrange(1, 21):02d}T00:00:00.000000+00:00"
        before = f"2026-01-{rng.randrange(1, 22):02d}T00:00:00.000000+00:00"
        document, limit = f"d{rng.randrange(0, 7)}", rng.randrange(0, 6)
        assert window.texts(since, before, document, limit) == \
            texts_one_by_one(window, since, before, document, limit), (window, since, before, document, limit)
