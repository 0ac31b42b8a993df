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

**Decisions.** ``DecisionLock`` is the journal's ``decision_lock(*keys)`` across nodes: session
advisory locks per customer taken while one document's duplicates are looked for and its outcome
committed, so two copies of an order decided on two nodes at once are still caught, while nodes decide
different customers in parallel.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator
from concurrent.futures import Executor, ThreadPoolExecutor
from contextlib import asynccontextmanager

import psycopg
import structlog

from gateway.errors import ConfigError
from gateway.store.journal_sql import Db, KeyedLocks, decision_keys, key_hash
from gateway.store.pg import connect, unavailable, with_defaults

log = structlog.get_logger(__name__)

NODE_LOCKS = 18263  # advisory-lock namespace (pg_locks.classid) of node liveness locks
DECISION_LOCK = (18264, 3)  # the whole journal's decision lock: shared by keyed holders
DECISION_KEYS = 18265  # advisory-lock namespace of the per-customer decision locks
WAITERS = 32  # threads (and pooled connections) taking decision locks

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
    """Decision locks across nodes, partitioned by key (the customer): ``hold(*keys)``.

    A keyed holder takes the whole-journal advisory lock ``DECISION_LOCK`` shared, then one advisory
    lock per key (namespace ``DECISION_KEYS``, key ``key_hash``) in sorted order, in one statement on a
    connection of its own; ``hold()`` with no key takes ``DECISION_LOCK`` exclusively. So nodes decide
    different customers at the same time, and two decisions of one customer never overlap, on one node
    or on two. Within a process ``KeyedLocks`` queues the tasks first, so at most one task of a node
    waits on the server for a key. Locks are taken on threads of their own (a node waiting for another
    node's lock never holds up its own commits) and given back on the journal's threads.

    Raises IntakeError(JOURNAL-UNAVAILABLE) on entry when the database cannot be reached; if a lock's
    session is lost while held, the server has already dropped its locks and the connection is
    dropped. A task cancelled while its locks are being taken gives them back once the call is done."""

    def __init__(self, dsn: str, executor: Executor) -> None:
        self._dsn = with_defaults(dsn, "order-gateway-decisions")
        self._executor = executor
        self._waiters = ThreadPoolExecutor(max_workers=WAITERS, thread_name_prefix="decision-lock")
        self._idle: list[psycopg.Connection] = []
        self._pool_lock = threading.Lock()
        self._local = KeyedLocks()

    @asynccontextmanager
    async def hold(self, *keys: str | None) -> AsyncIterator[None]:
        names = decision_keys(keys) if keys else ()
        async with self._local.hold(*keys):
            loop = asyncio.get_running_loop()
            take = loop.run_in_executor(self._waiters, self._take, names)
            try:
                conn = await asyncio.shield(take)
            except asyncio.CancelledError:
                take.add_done_callback(lambda f: self._give_back_abandoned(f, names))
                raise
            try:
                yield
            finally:
                await asyncio.shield(loop.run_in_executor(self._executor, self._give, conn, names))

    def _give_back_abandoned(self, take: asyncio.Future, names: tuple[str, ...]) -> None:
        if not take.cancelled() and take.exception() is None:
            self._executor.submit(self._give, take.result(), names)

    @staticmethod
    def _statement(names: tuple[str, ...], verb: str) -> str:
        if not names:
            return f"SELECT pg_advisory_{verb}({DECISION_LOCK[0]}, {DECISION_LOCK[1]})"
        calls = [f"pg_advisory_{verb}_shared({DECISION_LOCK[0]}, {DECISION_LOCK[1]})"]
        order = names if verb == "lock" else tuple(reversed(names))
        calls += [f"pg_advisory_{verb}({DECISION_KEYS}, {key_hash(n)})" for n in order]
        return "SELECT " + ", ".join(calls)  # evaluated left to right: always in the same order

    def _connection(self) -> psycopg.Connection:
        with self._pool_lock:
            while self._idle:
                conn = self._idle.pop()
                if not conn.closed and not conn.broken:
                    return conn
        return connect(self._dsn, autocommit=True)

    def _take(self, names: tuple[str, ...]) -> psycopg.Connection:
        for attempt in (1, 2):
            conn = None
            try:
                conn = self._connection()
                conn.execute(self._statement(names, "lock"))
                return conn
            except psycopg.OperationalError as exc:
                self._discard(conn)
                if attempt == 2:
                    raise unavailable(exc) from exc
        raise AssertionError("unreachable")

    def _give(self, conn: psycopg.Connection, names: tuple[str, ...]) -> None:
        try:
            conn.execute(self._statement(names, "unlock"))
        except psycopg.Error:
            self._discard(conn)  # the session is gone, and its locks with it
            return
        with self._pool_lock:
            if len(self._idle) < WAITERS:
                self._idle.append(conn)
                return
        self._discard(conn)

    @staticmethod
    def _discard(conn: psycopg.Connection | None) -> None:
        if conn is not None:
            try:
                conn.close()
            except psycopg.Error:
                pass

    def close(self) -> None:
        with self._pool_lock:
            idle, self._idle = self._idle, []
        for conn in idle:
            self._discard(conn)
        self._waiters.shutdown(wait=False)
