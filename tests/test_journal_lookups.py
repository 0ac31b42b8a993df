"""The pipeline's look-ups on the event loop (on the write connection when it is free, else on the loop's
read connection): the same answers either way and with or without one snapshot around their
statements, and none leaves a read transaction open behind it (which would keep the write-ahead log
from being checkpointed)."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

from gateway.store.journal import DocumentRecord, Event, new_id, utcnow
from gateway.store.journal_sqlite import SqliteJournal


async def stored(journal: SqliteJournal, sha: str, status: str = "received") -> str:
    await asyncio.sleep(0.002)  # each document in a millisecond of its own: ids (ULIDs) order by time only across ms
    doc = DocumentRecord(id=new_id(), sha256=sha, size=3, channel="http", received_at=utcnow())
    await journal.insert_document(doc, Event(stage="intake", outcome="received"))
    if status != "received":
        await journal._run(lambda db: db.execute("UPDATE documents SET status = ? WHERE id = ?", (status, doc.id)))
    return doc.id


async def test_the_earliest_earlier_copy_by_bytes_is_found_hot_or_retained(tmp_path: Path):
    journal = SqliteJournal(tmp_path / "journal.sqlite3")
    await journal.open()
    try:
        failed = await stored(journal, "a" * 64, "failed")
        first = await stored(journal, "a" * 64)
        second = await stored(journal, "a" * 64)
        other = await stored(journal, "b" * 64)
        assert await journal.find_by_sha256("a" * 64, second) == first  # a failed one does not count
        assert await journal.find_by_sha256("a" * 64, first) is None
        assert await journal.find_by_sha256("b" * 64, other) is None
        assert failed < first
        # the first moved to the retained table (as retention does): still found, and before the second
        await journal._run(lambda db: (
            db.execute("INSERT INTO documents_retained SELECT * FROM documents WHERE id = ?", (first,)),
            db.execute("DELETE FROM events WHERE document_id = ?", (first,)),
            db.execute("DELETE FROM documents WHERE id = ?", (first,))))
        assert await journal.find_by_sha256("a" * 64, second) == first
        with journal._conn_lock:  # the write connection busy (a group committing): the read connection answers
            assert await journal.find_by_sha256("a" * 64, second) == first
            assert await journal.history_window("C1", 10) is not None
    finally:
        await journal.close()


async def test_a_lookup_without_a_snapshot_leaves_no_read_open(tmp_path: Path):
    journal = SqliteJournal(tmp_path / "journal.sqlite3")
    await journal.open()
    try:
        for _ in range(5):
            await stored(journal, "c" * 64)
        kept = []  # a statement left unfinished (one row of five fetched), its cursor still referenced

        def first(db):
            kept.append(db.execute("SELECT id FROM documents"))
            return kept[-1].fetchone()
        assert await journal._lookup(first, snapshot=False) is not None
        await stored(journal, "d" * 64)
        with sqlite3.connect(tmp_path / "journal.sqlite3") as other:
            busy, _, _ = other.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        assert busy == 0  # no reader holds the log back
    finally:
        await journal.close()
