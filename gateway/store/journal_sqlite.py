"""The SQLite journal: the embedded default.

One connection in WAL mode, used from one dedicated writer thread so the event loop never blocks on
the disk and writes never contend.

**Group commit.** Writes that arrive while the writer is busy wait in a queue; the writer then takes
all of them (up to ``GROUP_MAX``) into one ``BEGIN IMMEDIATE`` transaction, each in its own savepoint,
and commits them (``synchronous=NORMAL``: no fsync in the writer). A durable write (``_run``) is
answered only after a **sync thread** has fsynced the log once its commit returned; the log is written
in order, so that one fsync makes every earlier commit durable, and it serves all the durable writes
and ``sync`` calls that arrived meanwhile, while the writer goes on committing the next groups. An
intake is therefore still acknowledged only once durable. An operation that fails is rolled back to
its savepoint alone and its caller gets the error, the others commit; if the commit itself fails, every
caller of the group gets ``IntakeError`` and nothing of the group is written (if the fsync fails, the
durable writes waiting for it get ``IntakeError``). Writes that need no fsync of their own (claims,
lease renewals, control numbers, decisions: ``_run_unsynced``) are answered at their commit: a power
cut can undo them only as if they had not happened yet. A decision is committed that way under its
customer's lock, so the next decision need not wait for the disk; claims that take work out of the
journal (deliveries, acknowledgements) are synced before they return, so nothing leaves the gateway on
a decision the disk does not have. The runner asks for no fsync of its own for a decision
(``sync_soon``): the next fsync anything else asks for (an intake, a claim) covers it, and when none
comes within ``SYNC_SOON_S`` one is made for it; under load decisions take no fsync of their own.

Reads (listings, history, reports) run on ``READERS`` other threads, each with its own read-only
connection: WAL lets them read the last committed state while the writer commits; the reads asked for
in one turn of the event loop go to a read thread together and come back with one wake-up. The short
look-ups the pipeline makes for every document (``_lookup``: a few rows by index) run on the event
loop's own read-only connection instead. An exclusive lock file stops a second gateway process from
opening the same journal; with one process owning it, all leases left by a previous run are released
at start-up. The queries themselves live in ``journal_sql``.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import os
import sqlite3
import threading
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import structlog

from gateway.store.batching import TurnBatch
from gateway.errors import IntakeError
from gateway.store.journal_schema import MIGRATIONS
from gateway.store.journal_sql import Db, Dialect, SqlJournal

T = TypeVar("T")
log = structlog.get_logger(__name__)
READERS = 2  # read threads, each with its own connection
GROUP_MAX = 256  # writes committed together at most
READ_GROUP_MAX = 32  # reads sent to a read thread together at most
AUTOCHECKPOINT_PAGES = 1000  # SQLite's default wal_autocheckpoint
BUSY_TIMEOUT_MS = 30_000  # how long the write connection waits for another's lock of the file (``timeout=30``)
CACHE_KIB = 32768  # page cache per connection (SQLite's default is 2 MiB)
SYNC_SOON_S = 0.05  # ``sync_soon``: how long commits may wait for an fsync someone else asks for


class _Write:
    """One queued write: the operation, and where its answer goes."""

    __slots__ = ("fn", "future", "loop", "durable")

    def __init__(self, fn: Callable[[Db], object], future: asyncio.Future, loop: asyncio.AbstractEventLoop,
                 durable: bool = True) -> None:
        self.fn, self.future, self.loop, self.durable = fn, future, loop, durable


class _Busy(Exception):
    """Another connection holds the database file's write lock: the inline decision commit gives way."""


def _nothing(_db: Db) -> None:
    return None


def _settle(answers: list[tuple[_Write, object, BaseException | None]]) -> None:
    """On the event loop: hand every answer of a group to its caller (a cancelled caller is skipped:
    its write stood or fell with its group)."""
    for write, result, error in answers:
        if write.future.done():
            continue
        if error is not None:
            write.future.set_exception(error)
        else:
            write.future.set_result(result)


def _answer(answers: list[tuple[_Write, object, BaseException | None]]) -> None:
    """From a journal thread: one wake-up of each event loop for a whole group, not one per caller."""
    by_loop: dict[asyncio.AbstractEventLoop, list[tuple[_Write, object, BaseException | None]]] = {}
    for answer in answers:
        by_loop.setdefault(answer[0].loop, []).append(answer)
    for loop, some in by_loop.items():
        try:
            loop.call_soon_threadsafe(_settle, some)
        except RuntimeError:  # the loop is closed: nobody is waiting any more
            pass


class SqliteJournal(SqlJournal):
    dialect = Dialect("sqlite")

    def __init__(self, path: Path, sink: str = "file") -> None:
        super().__init__(sink=sink, threads=1)
        self.path = path
        self._conn: sqlite3.Connection | None = None
        self._lock_fd: int | None = None
        self._readers = ThreadPoolExecutor(max_workers=READERS, thread_name_prefix="journal-read")
        self._reader = threading.local()
        self._reader_conns: list[sqlite3.Connection] = []
        self._queue: deque[_Write] = deque()
        self._queue_lock = threading.Lock()
        self._conn_lock = threading.Lock()  # the write connection: one group or one inline decision at a time
        self._reads: TurnBatch[Callable[[Db], object], object] = TurnBatch(
            self._read_many, self._readers, READ_GROUP_MAX)
        self._draining = False
        self._sync_level = "FULL"
        self._checkpoint_pages = AUTOCHECKPOINT_PAGES  # SQLite's default
        self._committed = 0  # commits made (the writer's and the inline ones), counted under the write lock
        self._durable = 0  # commits an fsync of the log that has ENDED covers (set when it ends, never before)
        self._syncer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="journal-sync")
        self._syncs: list[tuple[_Write, object, BaseException | None]] = []  # waiting for the next fsync
        self._syncing = False
        self.syncs = 0  # fsyncs of the log made for waiting writes (for benchmarks and tests)
        self.groups = 0  # commits made by the group writer (for benchmarks and tests)
        self.grouped = 0  # writes they carried
        self.inline = 0  # decisions committed on the event loop (``_run_decision``)
        self._soon: asyncio.TimerHandle | None = None  # ``sync_soon``'s timer, while one is set
        self._soon_tasks: set[asyncio.Task] = set()

    @property
    def unsynced(self) -> bool:
        """A commit was made that no ended fsync of the log covers yet."""
        return self._committed > self._durable

    async def _run(self, fn: Callable[[Db], T]) -> T:
        """Queue ``fn`` for the next group commit; returns its result once the group is durable."""
        return await self._queue_write(fn, durable=True)

    async def _run_unsynced(self, fn: Callable[[Db], T]) -> T:
        """Queue a write that needs no fsync of its own: a group of nothing else commits without one."""
        return await self._queue_write(fn, durable=False)

    async def _run_decision(self, fn: Callable[[Db], T]) -> T:
        """A decision's write (under its customer's lock): committed right here on the event loop when the
        write connection is free (never waiting for it: the loop has HTTP and the other documents to
        serve), which spares the decision lock two thread hand-offs and the wait behind
        the queued groups; otherwise queued like any unsynced write. Durable at the next ``sync``."""
        if self._conn_lock.acquire(blocking=False):
            try:
                if self._conn is not None:
                    result = self._commit_inline(fn)
                    self.inline += 1
                    return result
            except _Busy:
                pass  # the database file's write lock is another process's: the writer thread waits, not the loop
            finally:
                self._conn_lock.release()
        return await self._run_unsynced(fn)

    def _commit_inline(self, fn: Callable[[Db], T]) -> T:
        """``fn`` in a transaction of its own on the write connection (its lock held), without fsync."""
        conn = self._conn
        assert conn is not None
        try:
            self._synchronous(conn, "NORMAL")
            self._autocheckpoint(conn, 0)  # a checkpoint (and its fsyncs) stays the writer thread's
            conn.execute("PRAGMA busy_timeout=0")  # never wait on the loop for another process's lock of the file
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                if "locked" in str(exc) or "busy" in str(exc):
                    raise _Busy() from exc
                raise
            finally:
                conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            try:
                result = fn(Db(conn, self.dialect, conn.cursor))
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        except BaseException as exc:
            with contextlib.suppress(sqlite3.Error):
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
            if isinstance(exc, _Busy):
                raise
            raise self._typed(exc) from exc
        self._committed += 1
        return result

    async def _queue_write(self, fn: Callable[[Db], T], durable: bool) -> T:
        loop = asyncio.get_running_loop()
        write = _Write(fn, loop.create_future(), loop, durable)
        with self._queue_lock:
            self._queue.append(write)
            start = not self._draining
            self._draining = True
        if start:
            self._executor.submit(self._drain)
        return await write.future  # type: ignore[return-value]

    def _drain(self) -> None:
        """On the writer thread: commit queued writes in groups until the queue is empty."""
        while True:
            with self._queue_lock:
                if not self._queue:
                    self._draining = False
                    return
                group = [self._queue.popleft() for _ in range(min(GROUP_MAX, len(self._queue)))]
            with self._conn_lock:
                self._commit_group(group)

    def _commit_group(self, group: list[_Write]) -> None:
        conn = self._conn
        if conn is None:
            error = IntakeError("journal is not open", code="JOURNAL-UNAVAILABLE")
            _answer([(write, None, error) for write in group])
            return
        done: list[tuple[_Write, object, BaseException | None]] = []
        try:
            self._synchronous(conn, "NORMAL")  # the fsync is the sync thread's (``_sync_pending``)
            self._autocheckpoint(conn, AUTOCHECKPOINT_PAGES)
            conn.execute("BEGIN IMMEDIATE")
            try:
                db = Db(conn, self.dialect, conn.cursor)
                for write in group:
                    conn.execute("SAVEPOINT w")
                    try:
                        result = write.fn(db)
                    except BaseException as exc:  # this write only: its savepoint is undone
                        conn.execute("ROLLBACK TO w")
                        conn.execute("RELEASE w")
                        done.append((write, None, self._typed(exc)))
                        continue
                    conn.execute("RELEASE w")
                    done.append((write, result, None))
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
            self._committed += 1
        except BaseException as exc:
            with contextlib.suppress(sqlite3.Error):  # (a connection closed under it has nothing to undo)
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
            error = self._typed(exc)
            _answer([(write, None, error) for write in group])
            return
        self.groups += 1
        self.grouped += len(group)
        durable = [answer for answer in done if answer[0].durable and answer[2] is None]
        _answer([answer for answer in done if not answer[0].durable or answer[2] is not None])
        if durable:
            self._queue_sync(durable)

    async def sync(self) -> None:
        """Make every commit so far durable: one fsync of the log, shared with the durable writes and
        syncs waiting meanwhile. Nothing to do when an fsync that has ended covers every commit so far; an fsync
        still running when a commit was made does not (it may have begun before it): the request waits for the
        next one."""
        if self.unsynced:
            loop = asyncio.get_running_loop()
            request = _Write(_nothing, loop.create_future(), loop)
            self._queue_sync([(request, None, None)])
            await request.future

    def sync_soon(self) -> None:
        """Every commit so far durable within ``SYNC_SOON_S``, not waited for: when the timer fires, an fsync
        is asked for only if no fsync that ended since covers every commit (under load an intake's or a
        claim's already did). A failed fsync is logged; the next durable write or claim fsyncs again."""
        if self._soon is None and self.unsynced:
            self._soon = asyncio.get_running_loop().call_later(SYNC_SOON_S, self._sync_now)

    def _sync_now(self) -> None:
        self._soon = None
        if self.unsynced and self._conn is not None:
            task = asyncio.get_running_loop().create_task(self.sync())
            self._soon_tasks.add(task)
            task.add_done_callback(self._synced_soon)

    def _synced_soon(self, task: asyncio.Task) -> None:
        self._soon_tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.warning("journal_sync_failed", error=str(task.exception()))

    def _queue_sync(self, answers: list[tuple[_Write, object, BaseException | None]]) -> None:
        with self._queue_lock:
            self._syncs.extend(answers)
            start = not self._syncing
            self._syncing = True
        if start:
            self._syncer.submit(self._sync_pending)

    def _sync_pending(self) -> None:
        """On the sync thread: fsync the log for everything committed before it began, then answer the
        writes that waited for it; meanwhile the writer thread goes on committing the next groups."""
        while True:
            with self._queue_lock:
                if not self._syncs:
                    self._syncing = False
                    return
                waiting, self._syncs = self._syncs, []
            covers = self._committed  # read before the fsync: the commits made until now are in the log
            try:
                self._sync_log()
            except OSError as exc:
                error = IntakeError(f"journal unavailable: {exc.strerror or exc}", code="JOURNAL-UNAVAILABLE")
                _answer([(write, None, error) for write, _, _ in waiting])
                continue
            self.syncs += 1
            self._durable = max(self._durable, covers)
            _answer(waiting)

    def _sync_log(self) -> None:
        """fsync the write-ahead log (what ``synchronous=FULL`` does at each commit); the log is written in
        order, so this makes every commit that returned before it durable. Without a log, everything is
        in the database file, which is fsynced."""
        try:
            fd = os.open(f"{self.path}-wal", os.O_RDONLY)
        except FileNotFoundError:
            fd = os.open(self.path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

    def _synchronous(self, conn: sqlite3.Connection, level: str) -> None:
        """FULL: the commit waits for the WAL to reach the disk. NORMAL (unsynced writes only): it does not; in
        WAL mode a power cut may then undo that commit and nothing after it, never the database."""
        if level != self._sync_level:
            conn.execute(f"PRAGMA synchronous={level}")
            self._sync_level = level

    def _autocheckpoint(self, conn: sqlite3.Connection, pages: int) -> None:
        """SQLite checkpoints the log at the commit that finds it over ``pages`` (0: never), with an fsync
        of the log and of the database file: a commit made on the event loop (``_run_decision``) turns it
        off, so that only the writer thread's commits checkpoint."""
        if pages != self._checkpoint_pages:
            conn.execute(f"PRAGMA wal_autocheckpoint={pages}")
            self._checkpoint_pages = pages

    @staticmethod
    def _typed(exc: BaseException) -> BaseException:
        if isinstance(exc, sqlite3.OperationalError):
            return IntakeError(f"journal unavailable: {exc}", code="JOURNAL-UNAVAILABLE")
        return exc

    def _transaction(self, fn: Callable[[Db], T]) -> T:
        with self._conn_lock:
            return self._full_transaction(fn)

    def _full_transaction(self, fn: Callable[[Db], T]) -> T:
        conn = self._conn
        if conn is None:
            raise IntakeError("journal is not open", code="JOURNAL-UNAVAILABLE")
        try:
            self._synchronous(conn, "FULL")
            self._autocheckpoint(conn, AUTOCHECKPOINT_PAGES)
            conn.execute("BEGIN IMMEDIATE")
            try:
                result = fn(Db(conn, self.dialect, conn.cursor))
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
            return result
        except sqlite3.OperationalError as exc:
            raise IntakeError(f"journal unavailable: {exc}", code="JOURNAL-UNAVAILABLE") from exc

    async def _read(self, fn: Callable[[Db], T]) -> T:
        """Run ``fn`` on a read thread. The reads asked for in one turn of the event loop go to the
        thread together (``TurnBatch``), each in its own transaction."""
        if self._conn is None:
            raise IntakeError("journal is not open", code="JOURNAL-UNAVAILABLE")
        return await self._reads(fn)  # type: ignore[return-value]

    async def _lookup(self, fn: Callable[[Db], T], snapshot: bool = True) -> T:
        """A short look-up runs on the event loop's own read-only connection: a few rows from the page
        cache cost less than handing them to a read thread and waking the loop back. Without
        ``snapshot`` each statement is its own read transaction (no ``BEGIN``/``COMMIT`` around them:
        two calls fewer, each a release of the interpreter's lock the loop may wait to take back)."""
        if self._conn is None:
            raise IntakeError("journal is not open", code="JOURNAL-UNAVAILABLE")
        if self._conn_lock.acquire(blocking=False):  # the write connection, when free right now: its page
            try:  # cache is still good after its own commits (another connection's is dropped at each)
                conn = self._conn
                if conn is not None and not conn.in_transaction:
                    return self._read_transaction(fn, conn) if snapshot else self._read_statements(fn, conn)
            finally:
                self._conn_lock.release()
        return self._read_transaction(fn) if snapshot else self._read_statements(fn)

    def _read_many(self, fns: list[Callable[[Db], object]]) -> list[object]:
        results: list[object] = []
        for fn in fns:
            try:
                results.append(self._read_transaction(fn))
            except Exception as exc:  # this read only
                results.append(exc)
        return results

    def _reader_conn(self) -> sqlite3.Connection:
        """This thread's read-only connection."""
        conn = getattr(self._reader, "conn", None)
        if conn is None:
            conn = self._reader.conn = self._open_connection()
            conn.execute("PRAGMA query_only=1")
            self._reader_conns.append(conn)
        return conn

    def _read_statements(self, fn: Callable[[Db], T], on: sqlite3.Connection | None = None) -> T:
        """``fn`` on this thread's read-only connection (or ``on``, not in a transaction), each statement a
        read transaction of its own: every cursor is closed after ``fn``, so no statement left
        unfinished keeps a snapshot open."""
        cursors: list[sqlite3.Cursor] = []

        def cursor() -> sqlite3.Cursor:
            cursors.append(made := conn.cursor())
            return made
        try:
            conn = on or self._reader_conn()
            try:
                return fn(Db(conn, self.dialect, cursor))
            finally:
                for made in cursors:
                    made.close()
        except sqlite3.OperationalError as exc:
            raise IntakeError(f"journal unavailable: {exc}", code="JOURNAL-UNAVAILABLE") from exc

    def _read_transaction(self, fn: Callable[[Db], T], on: sqlite3.Connection | None = None) -> T:
        """``fn`` in one read transaction (one snapshot) on this thread's read-only connection (or ``on``,
        not in a transaction)."""
        try:
            conn = on or self._reader_conn()
            conn.execute("BEGIN")
            try:
                return fn(Db(conn, self.dialect, conn.cursor))
            finally:
                conn.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            raise IntakeError(f"journal unavailable: {exc}", code="JOURNAL-UNAVAILABLE") from exc

    async def open(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock_fd = os.open(f"{self.path}.lock", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(self._lock_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self._lock_fd)
            self._lock_fd = None
            raise IntakeError(f"{self.path} is in use by another gateway process",
                              code="JOURNAL-LOCKED", retryable=False) from None
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self._executor, self._connect)
        await self._run(lambda db: self._migrate(db, MIGRATIONS))
        await self.release_expired(None)

    def _connect(self) -> None:
        conn = self._open_connection()
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        self._conn = conn

    def _open_connection(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=30)
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA cache_size=-{CACHE_KIB}")  # the hot indexes stay in memory as the journal grows
        # no mmap_size: reading through a memory map saves a read() per page on a small journal, but on
        # a 100k-order one its page faults and remaps doubled the kernel's CPU per order (bench_scale)
        return conn

    async def close(self) -> None:
        if self._soon is not None:
            self._soon.cancel()
            self._soon = None
        if self.unsynced and self._conn is not None:
            with contextlib.suppress(Exception):  # a clean stop leaves every commit on the disk
                await self.sync()
        await asyncio.gather(*self._soon_tasks, return_exceptions=True)
        self._readers.shutdown(wait=True)
        for conn in self._reader_conns:
            conn.close()
        self._reader_conns.clear()
        if self._conn is not None:
            conn, self._conn = self._conn, None  # a write asked for from now on is told the journal is closed
            loop = asyncio.get_running_loop()
            await loop.run_in_executor(self._executor, conn.close)
        self._executor.shutdown(wait=True)
        self._syncer.shutdown(wait=True)
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None
