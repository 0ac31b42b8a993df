"""Locks the PostgreSQL server holds for the gateway nodes sharing a journal: liveness and decisions.

**Liveness.** Each node holds a session advisory lock keyed on its node id (namespace ``NODE_LOCKS``, key
``hashtext(node_id)``) on one dedicated connection for as long as it runs. When the process dies,
even by SIGKILL, the server ends that session and drops the lock at once, so the other nodes take
the dead node's leased documents and deliveries straight away instead of waiting for the leases to
run out. Leases stay the rule underneath: a node whose host vanished without closing its socket is
taken over when its leases expire, as before.

A second live process with the same node id cannot take the lock: that is a configuration error
(two nodes would pass each other's lease checks), reported as ``ConfigError`` with code
``JOURNAL-NODE-ID-IN-USE``.

**Decisions.** ``DecisionLock`` is the journal's ``decision_lock()`` across nodes: a session advisory
lock (``DECISION_LOCK``) taken on a dedicated connection while one document's duplicates are looked
for and its outcome committed, so two copies of an order decided on two nodes at once are still
caught. Within a process an asyncio lock queues the tasks first, so one connection suffices.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import Executor
from types import TracebackType

import psycopg
import structlog

from gateway.errors import ConfigError
from gateway.journal_sql import Db
from gateway.pg import connect, unavailable, with_defaults

log = structlog.get_logger(__name__)

NODE_LOCKS = 18263  # advisory-lock namespace (pg_locks.classid) of node liveness locks
DECISION_LOCK = (18264, 3)  # the one advisory lock held while a document's outcome is decided

_LIVE = ("SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted "
         "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
         f"AND l.classid = {NODE_LOCKS} AND l.objsubid = 2 AND l.objid = hashtext({{owner}})::oid")


def live_owner_sql(owner_column: str) -> str:
    """A sub-query true when the node named by ``owner_column`` holds its liveness lock."""
    return _LIVE.format(owner=owner_column)


class NodeLiveness:
    """This process's liveness locks, on one connection used from the journal's threads."""

    def __init__(self, dsn: str) -> None:
        self._dsn = with_defaults(dsn, "order-gateway-node")
        self._conn: psycopg.Connection | None = None
        self._held: set[str] = set()
        self._lock = threading.Lock()

    @property
    def owners(self) -> tuple[str, ...]:
        return tuple(sorted(self._held))

    def hold(self, owner: str) -> None:
        """Take ``owner``'s liveness lock once; raises ConfigError if a live process holds it."""
        if owner in self._held:
            return
        with self._lock:
            if owner not in self._held:
                self._take(self._connection(), owner)

    def refresh(self) -> None:
        """Re-take the locks if the liveness connection was lost (server restart, network)."""
        with self._lock:
            if not self._held:
                return
            try:
                self._connection().execute("SELECT 1")
                return
            except psycopg.Error:
                self._drop()
            held, self._held = self._held, set()
            try:
                conn = self._connection()
                for owner in sorted(held):
                    self._take(conn, owner)
            except (psycopg.Error, ConfigError) as exc:
                self._held |= held  # try again on the next sweep
                self._drop()
                log.warning("node_liveness_lost", error=getattr(exc, "code", type(exc).__name__))

    def _connection(self) -> psycopg.Connection:
        if self._conn is None or self._conn.closed or self._conn.broken:
            self._conn = connect(self._dsn, autocommit=True)
        return self._conn

    def _take(self, conn: psycopg.Connection, owner: str) -> None:
        row = conn.execute(f"SELECT pg_try_advisory_lock({NODE_LOCKS}, hashtext(%s)) AS ok",
                           (owner,)).fetchone()
        if not row or not row["ok"]:
            raise ConfigError(f"node id {owner!r} is used by another running gateway; "
                              "give each node its own gateway.node_id", code="JOURNAL-NODE-ID-IN-USE")
        self._held.add(owner)
        log.info("node_liveness_held", node=owner)

    def _drop(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            except psycopg.Error:
                pass
        self._conn = None

    def release_dead(self, db: Db) -> int:
        """Free the documents and deliveries leased by nodes that are no longer alive."""
        mine = self.owners
        if not mine:
            return 0
        marks = ", ".join("?" * len(mine))
        n = db.execute(
            "UPDATE documents SET status = 'retry', lease_owner = NULL, lease_until = NULL "
            f"WHERE status = 'processing' AND lease_owner NOT IN ({marks}) "
            f"AND NOT EXISTS ({live_owner_sql('documents.lease_owner')})", mine).rowcount
        n += db.execute(
            "UPDATE deliveries SET status = 'pending', lease_owner = NULL, lease_until = NULL "
            f"WHERE status = 'delivering' AND lease_owner NOT IN ({marks}) "
            f"AND NOT EXISTS ({live_owner_sql('deliveries.lease_owner')})", mine).rowcount
        return n

    def close(self) -> None:
        with self._lock:
            self._drop()
            self._held.clear()


class DecisionLock:
    """An async context manager: held by one task of one node at a time, cluster-wide.

    Raises IntakeError(JOURNAL-UNAVAILABLE) on entry when the database cannot be reached; if the
    lock's session is lost while held, the server has already dropped the lock and the next entry
    reconnects. A task cancelled while the lock is being taken or given back leaves the queue closed
    until the database call has finished and the lock is given back, so the count never drifts."""

    def __init__(self, dsn: str, executor: Executor) -> None:
        self._dsn = with_defaults(dsn, "order-gateway-decisions")
        self._executor = executor
        self._conn: psycopg.Connection | None = None
        self._queue = asyncio.Lock()

    def _in_thread(self, fn: Callable[[], None]) -> asyncio.Future[None]:
        return asyncio.get_running_loop().run_in_executor(self._executor, fn)

    async def __aenter__(self) -> DecisionLock:
        await self._queue.acquire()
        take = self._in_thread(self._take)
        try:
            await asyncio.shield(take)
        except asyncio.CancelledError:
            take.add_done_callback(self._give_back_abandoned)
            raise
        except BaseException:
            self._queue.release()
            raise
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None:
        give = self._in_thread(self._give)
        give.add_done_callback(lambda _f: self._queue.release())
        await asyncio.shield(give)

    def _give_back_abandoned(self, take: asyncio.Future[None]) -> None:
        if take.cancelled() or take.exception() is not None:
            self._queue.release()
            return
        self._in_thread(self._give).add_done_callback(lambda _f: self._queue.release())

    def _take(self) -> None:
        for attempt in (1, 2):
            try:
                if self._conn is None or self._conn.closed or self._conn.broken:
                    self._conn = connect(self._dsn, autocommit=True)
                self._conn.execute(f"SELECT pg_advisory_lock({DECISION_LOCK[0]}, {DECISION_LOCK[1]})")
                return
            except psycopg.OperationalError as exc:
                self.close()
                if attempt == 2:
                    raise unavailable(exc) from exc

    def _give(self) -> None:
        try:
            if self._conn is not None:
                self._conn.execute(f"SELECT pg_advisory_unlock({DECISION_LOCK[0]}, {DECISION_LOCK[1]})")
        except psycopg.Error:
            self.close()  # the session is gone, and the lock with it

    def close(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            except psycopg.Error:
                pass
        self._conn = None
