"""Group commit on the SQLite journal: writes that queue up share one commit, each is answered only
after that commit, a failing write is undone alone, and SIGKILL under concurrent intake loses no
acknowledged document (real gateway process, real HTTP clients, real ERP receiver)."""

from __future__ import annotations

import asyncio
import json
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from gateway.errors import IntakeError
from gateway.model import OrderStatus
from gateway.store.journal import DocStatus, DocumentRecord, Event, Outcome, new_id, utcnow
from gateway.store.journal_sqlite import SqliteJournal
from testkit.harness import API_KEY, ErpReceiver, GatewayProcess, write_config
from testkit.samples import ubl_order
from tests.decide_helpers import make_order

CLIENTS = 8
DOCS = 160


def _doc() -> DocumentRecord:
    return DocumentRecord(id=new_id(), sha256=new_id(), size=1, channel="api", received_at=utcnow())


async def _with_writer_held(journal: SqliteJournal, queued) -> None:  # type: ignore[no-untyped-def]
    """Keep the writer thread busy in one write while ``queued`` writes are put in the queue."""
    held, go = threading.Event(), threading.Event()

    def block(_db) -> None:  # type: ignore[no-untyped-def]
        held.set()
        go.wait(30)

    blocker = asyncio.ensure_future(journal._run(block))
    await asyncio.get_running_loop().run_in_executor(None, held.wait, 30)
    tasks = [asyncio.ensure_future(q) for q in queued]
    await asyncio.sleep(0)  # every task has queued its write
    go.set()
    await blocker
    return await asyncio.gather(*tasks, return_exceptions=True)


def test_writes_queued_behind_a_commit_share_the_next_one(tmp_path: Path):
    async def run() -> None:
        journal = SqliteJournal(tmp_path / "j.sqlite3")
        await journal.open()
        before_groups, before_writes = journal.groups, journal.grouped
        docs = [_doc() for _ in range(50)]
        results = await _with_writer_held(journal, [
            journal.insert_document(d, Event(stage="intake", outcome="received")) for d in docs])
        assert [r.id for r in results] == [d.id for d in docs]
        assert journal.groups - before_groups == 2  # the blocker alone, then all 50 together
        assert journal.grouped - before_writes == 51
        for d in docs:  # every write is committed and visible to the readers
            assert (await journal.get_document(d.id)) is not None
        await journal.close()
    asyncio.run(run())


def test_a_failing_write_is_undone_alone(tmp_path: Path):
    async def run() -> None:
        journal = SqliteJournal(tmp_path / "j.sqlite3")
        await journal.open()
        good, bad = _doc(), _doc()

        def half_then_fail(db) -> None:  # type: ignore[no-untyped-def]
            db.execute("INSERT INTO documents (id, sha256, size, channel, received_at, status, updated_at) "
                       "VALUES (?, 'x', 1, 'api', ?, 'received', ?)", (bad.id, utcnow().isoformat(), utcnow().isoformat()))
            raise ValueError("refused half way")

        first, failed, second = await _with_writer_held(journal, [
            journal.insert_document(good, Event(stage="intake", outcome="received")),
            journal._run(half_then_fail),
            journal.insert_document(_doc(), Event(stage="intake", outcome="received"))])
        assert first.id == good.id and isinstance(failed, ValueError) and second.id != good.id
        assert await journal.get_document(good.id) is not None
        assert await journal.get_document(bad.id) is None  # its savepoint was rolled back
        await journal.close()
    asyncio.run(run())


def test_unsynced_writes_alone_or_beside_durable_ones_are_committed(tmp_path: Path):
    async def run() -> tuple[list[DocumentRecord], list[int]]:
        journal = SqliteJournal(tmp_path / "j.sqlite3")
        await journal.open()
        docs = [_doc() for _ in range(3)]
        for doc in docs:
            await journal.insert_document(doc, Event(stage="intake", outcome="received"))
        claimed = await journal.claim_documents("node", 2, 60)  # a group of unsynced writes alone
        numbers = await asyncio.gather(journal.next_control_numbers(1), journal.insert_document(
            _doc(), Event(stage="intake", outcome="received")))  # beside a durable one
        await journal.close()
        journal = SqliteJournal(tmp_path / "j.sqlite3")
        await journal.open()
        try:
            return claimed, numbers[0] + await journal.next_control_numbers(1)
        finally:
            await journal.close()

    claimed, numbers = asyncio.run(run())
    assert len(claimed) == 2 and numbers == [1, 2]


def test_a_decision_committed_unsynced_is_seen_at_once_and_synced_before_its_delivery_leaves(tmp_path: Path):
    async def run() -> None:
        journal = SqliteJournal(tmp_path / "j.sqlite3")
        await journal.open()
        try:
            order = make_order().model_copy(update={"status": OrderStatus.READY})
            doc = DocumentRecord(id=order.source.document_id, sha256=order.source.sha256, size=1,
                                 channel="api", received_at=order.sla.received_at)
            await journal.insert_document(doc, Event(stage="intake", outcome="received"))
            assert [d.id for d in await journal.claim_documents("node", 5, 60)] == [doc.id]
            assert await journal.finish_document(doc.id, "node", Outcome(status=DocStatus.PROCESSED,
                                                                         orders=[order]), synced=False)
            assert journal.unsynced  # committed without its fsync...
            assert (await journal.get_document(doc.id)).status == DocStatus.PROCESSED  # ...and seen at once
            claimed = await journal.claim_deliveries("node", 5, 60)
            assert [d.order_id for d in claimed] == [order.order_id]
            assert not journal.unsynced  # the claim returned only once the log was on disk
            await journal.finish_document(doc.id, "node", Outcome(status=DocStatus.PROCESSED), synced=False)
            await journal.sync()  # a sync with nothing else to commit fsyncs the log itself
            assert not journal.unsynced
        finally:
            await journal.close()
    asyncio.run(run())


def test_a_closed_journal_refuses_queued_writes(tmp_path: Path):
    async def run() -> None:
        journal = SqliteJournal(tmp_path / "j.sqlite3")
        await journal.open()
        journal._conn.close()
        journal._conn = None
        with pytest.raises(IntakeError):
            await journal.insert_document(_doc(), Event(stage="intake", outcome="received"))
        journal._executor.shutdown()
    asyncio.run(run())


def _post(url: str, body: bytes) -> str | None:
    req = urllib.request.Request(f"{url}/v1/documents", data=body, method="POST",
                                 headers={"X-API-Key": API_KEY, "Content-Type": "application/xml"})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return json.loads(resp.read())["document_id"] if resp.status == 202 else None
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None  # not acknowledged: the sender retries


def _document(url: str, doc_id: str) -> dict | None:
    req = urllib.request.Request(f"{url}/v1/documents/{doc_id}", headers={"X-API-Key": API_KEY})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return json.loads(resp.read())
    except urllib.error.HTTPError:
        return None


def _order(n: int) -> bytes:
    return ubl_order(f"PO-GROUP-{n:04d}", [("4000862141404", n % 5 + 1)])


def test_sigkill_under_concurrent_intake_loses_no_acknowledged_document(tmp_path: Path):
    erp = ErpReceiver().start()
    config = write_config(tmp_path / "gw", {"delivery": {"sink": "webhook", "webhook": {"url": erp.url}}})
    gw = GatewayProcess(config, env={"GATEWAY_WEBHOOK_SECRET": erp.secret}).start()
    accepted: dict[int, str] = {}
    lock, third = threading.Lock(), threading.Event()

    def send(n: int) -> None:
        doc_id = _post(gw.http_url, _order(n))
        if doc_id:
            with lock:
                accepted[n] = doc_id
                if len(accepted) >= DOCS // 3:
                    third.set()

    with ThreadPoolExecutor(CLIENTS) as pool:  # eight clients at once: intake writes form groups
        futures = [pool.submit(send, n) for n in range(DOCS)]
        assert third.wait(timeout=120)
        gw.kill()  # SIGKILL between receipts and their 202s, mid-group
        for f in futures:
            f.result()
    acked_before_kill = dict(accepted)
    gw.start()
    # every 202 given before the kill names a document the restarted gateway has
    lost = [n for n, doc in acked_before_kill.items() if _document(gw.http_url, doc) is None]
    assert not lost, f"acknowledged documents lost: {lost[:5]}"
    with ThreadPoolExecutor(CLIENTS) as pool:  # the senders retry what got no 202
        list(pool.map(send, [n for n in range(DOCS) if n not in accepted]))
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and len(erp.accepted_keys()) < DOCS:
        time.sleep(0.5)
    gw.stop()
    erp.stop()
    pos = sorted(order["po_number"] for order in erp.accepted_keys().values())
    assert pos == sorted(f"PO-GROUP-{n:04d}" for n in range(DOCS)), "a PO missing or delivered twice"


def test_a_sync_asked_while_an_fsync_runs_waits_for_one_that_covers_it(tmp_path: Path):
    """Review R1: a decision committed, its runner's fsync under way (a slow disk), then the delivery claim's
    sync: the claim must not return before an fsync that ENDED after the decision's commit."""
    import threading

    async def run() -> None:
        journal = SqliteJournal(tmp_path / "j.sqlite3")
        await journal.open()
        entered, release = threading.Event(), threading.Event()
        real = journal._sync_log

        def slow() -> None:
            entered.set()
            release.wait(10)
            real()
        journal._sync_log = slow
        try:
            await journal._run_decision(lambda db: db.execute(
                "INSERT INTO control_numbers (name, value) VALUES ('x', 1)"))
            runner = asyncio.ensure_future(journal.sync())
            await asyncio.get_running_loop().run_in_executor(None, entered.wait, 10)
            claim = asyncio.ensure_future(journal.sync())
            await asyncio.sleep(0.05)
            assert not claim.done() and not runner.done()  # both wait for the fsync under way...
            release.set()
            await asyncio.wait_for(asyncio.gather(runner, claim), 10)
            assert not journal.unsynced  # ...and the decision is on disk when they return
        finally:
            release.set()
            await journal.close()
    asyncio.run(run())


def test_an_inline_decision_gives_way_to_another_connections_lock_of_the_file(tmp_path: Path):
    """Review R6: another connection holds the file's write lock: the decision is queued to the writer
    thread (which waits for it), never waited for on the event loop."""
    import sqlite3

    async def run() -> None:
        journal = SqliteJournal(tmp_path / "j.sqlite3")
        await journal.open()
        other = sqlite3.connect(tmp_path / "j.sqlite3", isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            asyncio.get_running_loop().call_later(0.5, other.execute, "COMMIT")
            await journal._run_decision(lambda db: db.execute(
                "INSERT INTO control_numbers (name, value) VALUES ('y', 1)"))
            assert journal.inline == 0  # given way to the writer thread, not committed on the loop
            assert await journal._read(lambda db: db.execute(
                "SELECT value FROM control_numbers WHERE name = 'y'").fetchall())
            for attempt in range(100):  # the writer thread may still hold the connection a moment (its sync)
                await journal._run_decision(lambda db, name=f"z{attempt}": db.execute(
                    "INSERT INTO control_numbers (name, value) VALUES (?, 1)", (name,)))
                if journal.inline:
                    break
                await asyncio.sleep(0.05)
            assert journal.inline == 1  # the lock released: inline again
        finally:
            other.close()
            await journal.close()
    asyncio.run(run())


def test_a_decision_left_unsynced_is_made_durable_soon_without_another_write(tmp_path: Path):
    """``sync_soon`` (the runner's, after a decision): no fsync waited for, but one is made a moment later
    when nothing else asked for one; under load an intake's or a claim's fsync covers it instead."""
    async def run() -> None:
        journal = SqliteJournal(tmp_path / "j.sqlite3")
        await journal.open()
        try:
            syncs = journal.syncs
            await journal._run_decision(lambda db: db.execute(
                "INSERT INTO control_numbers (name, value) VALUES ('x', 1)"))
            assert journal.unsynced
            journal.sync_soon()
            journal.sync_soon()  # asked twice before it fires: one fsync
            for _ in range(200):
                if not journal.unsynced:
                    break
                await asyncio.sleep(0.01)
            assert not journal.unsynced and journal.syncs == syncs + 1
            await asyncio.sleep(0.1)
            journal.sync_soon()  # nothing left to sync: no fsync
            await asyncio.sleep(0.1)
            assert journal.syncs == syncs + 1
        finally:
            await journal.close()
    asyncio.run(run())


def test_a_decision_covered_by_an_intake_fsync_takes_none_of_its_own(tmp_path: Path):
    async def run() -> None:
        journal = SqliteJournal(tmp_path / "j.sqlite3")
        await journal.open()
        try:
            await journal._run_decision(lambda db: db.execute(
                "INSERT INTO control_numbers (name, value) VALUES ('x', 1)"))
            journal.sync_soon()
            syncs = journal.syncs
            await journal.insert_document(_doc(), Event(stage="intake", outcome="received"))  # durable: fsyncs
            assert not journal.unsynced and journal.syncs == syncs + 1
            await asyncio.sleep(0.15)  # the timer fires, finds every commit covered
            assert journal.syncs == syncs + 1
        finally:
            await journal.close()
    asyncio.run(run())


def test_a_clean_close_leaves_no_commit_unsynced(tmp_path: Path):
    async def run() -> None:
        journal = SqliteJournal(tmp_path / "j.sqlite3")
        await journal.open()
        await journal._run_decision(lambda db: db.execute("INSERT INTO control_numbers (name, value) VALUES ('x', 1)"))
        journal.sync_soon()
        syncs = journal.syncs
        await journal.close()
        assert journal.syncs == syncs + 1 and not journal.unsynced
    asyncio.run(run())
