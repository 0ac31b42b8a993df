"""The journal's operations in SQL that SQLite and PostgreSQL both accept.

``SqlJournal`` holds every query once; a backend (``journal_sqlite``, ``journal_pg``) supplies the
connection, the transaction and a ``Dialect`` for the few places the engines differ (placeholders,
row locking for claims, DDL types). Every operation is a plain function run in a worker thread, so
the event loop never waits on the database.
"""

from __future__ import annotations

import asyncio
import json
import zlib
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from gateway.errors import StaleOrderError
from gateway.store.journal import (
    DeliveryRecord, DocStatus, DocumentRecord, Event, Outcome, iso, new_id, utcnow,
)
from gateway.store.journal_schema import Step
from gateway.model import NormalizedOrder, OrderStatus, load_order
from gateway.order_history import SETTLED_ORDERS, history_summary
from gateway.store.history_window import (
    MARK_SQL, WINDOW_SQL, Entry, HistoryWindows, Window, accepted, window_from_rows)
from gateway.order_keys import line_fingerprint, norm_po, po_sql

T = TypeVar("T")

MAX_CONTROL_NUMBER = 999_999_999  # ISA13 has nine digits
ORDER_TABLES = ("orders", "orders_retained")  # where dedup and look-ups by id find an order
# documents retention may move: concluded, nothing an operator acts on (review, rejected, failed stay)
RETAINABLE_DOCS = ("processed", "duplicate", "not_order", "split")
FINAL_ORDERS = ("delivered", "duplicate", "rejected")

DOC_COLUMNS = ("id", "sha256", "size", "channel", "received_at", "status", "sender", "partner",
               "filename", "content_type", "parent_id", "intake_key", "format", "doc_type",
               "customer_id", "attempts", "error_code", "error_message", "metadata")


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def decided(order: NormalizedOrder, now: str | None) -> NormalizedOrder:
    """``order`` stamped with the moment its delivery is queued (``Sla.decided_at``), in the transaction that
    queues it: an order's changes apply in the order they went out, whenever each was received."""
    at = datetime.fromisoformat(now) if now else utcnow()
    return order.model_copy(update={"sla": order.sla.model_copy(update={"decided_at": at})})


def _doc(row: Row) -> DocumentRecord:
    values = {k: row[k] for k in DOC_COLUMNS}
    values["received_at"] = _dt(values["received_at"])
    values["metadata"] = json.loads(values["metadata"] or "{}")
    return DocumentRecord(**values)


def _event(row: Row) -> Event:
    return Event(stage=row["stage"], outcome=row["outcome"], reason=row["reason"], at=_dt(row["at"]),
                 data=json.loads(row["data"] or "{}"), document_id=row["document_id"],
                 order_id=row["order_id"])


def _delivery(row: Row) -> DeliveryRecord:
    return DeliveryRecord(order_id=row["order_id"], sink=row["sink"], status=row["status"],
                          attempts=row["attempts"], next_attempt_at=_dt(row["next_attempt_at"]),
                          last_error=row["last_error"], delivered_at=_dt(row["delivered_at"]),
                          depends_on=row["depends_on"])


Row = dict[str, Any]


def decision_keys(keys: Iterable[str | None]) -> tuple[str, ...]:
    """The partitions a decision locks, sorted so every holder takes them in the same order."""
    return tuple(sorted({k or "" for k in keys}))


def key_hash(key: str) -> int:
    """A stable signed 32-bit number for a partition key (the PostgreSQL advisory-lock key)."""
    value = zlib.crc32(key.encode("utf-8"))
    return value - (1 << 32) if value >= 1 << 31 else value


class KeyedLocks:
    """Decision locks partitioned by key (the customer), in one process.

    ``hold(*keys)`` waits only for holders of the same keys: different customers are decided at once.
    ``hold()`` with no key is the whole journal: it waits until no key is held and keeps new holders
    out until it is given back (maintenance, tests)."""

    def __init__(self) -> None:
        self._locks: dict[str, asyncio.Lock] = {}
        self._users: dict[str, int] = {}
        self._gate = asyncio.Lock()  # held by a whole-journal holder, and briefly by each entry
        self._active = 0
        self._idle = asyncio.Event()
        self._idle.set()

    @asynccontextmanager
    async def hold(self, *keys: str | None) -> AsyncIterator[None]:
        if not keys:
            async with self._gate:
                await self._idle.wait()
                yield
            return
        names = decision_keys(keys)
        async with self._gate:
            self._active += 1
            self._idle.clear()
        taken: list[str] = []
        try:
            for name in names:
                self._users[name] = self._users.get(name, 0) + 1
                lock = self._locks.setdefault(name, asyncio.Lock())
                try:
                    await lock.acquire()
                except BaseException:
                    self._forget(name)
                    raise
                taken.append(name)
            yield
        finally:
            for name in reversed(taken):
                self._locks[name].release()
                self._forget(name)
            self._active -= 1
            if not self._active:
                self._idle.set()

    def _forget(self, name: str) -> None:
        self._users[name] -= 1
        if not self._users[name]:
            del self._users[name]
            del self._locks[name]


def lease_window(lease_s: float) -> tuple[str, str]:
    """(now, now + lease) as journal timestamps."""
    now = utcnow()
    return iso(now), iso(datetime.fromtimestamp(now.timestamp() + lease_s, now.tzinfo))


def claim_rows(db: Db, table: str, key: str, ids: list[Any], owner: str, until: str, claim_set: str,
               order_by: str) -> list[Any]:
    """Put the selected (already row-locked where the engine locks) rows under ``owner``'s lease and
    return them as they are now. ``claim_set`` is the rest of the SET clause (the new status...)."""
    if not ids:
        return []
    marks = ", ".join("?" * len(ids))
    db.execute(f"UPDATE {table} SET {claim_set}, lease_owner = ?, lease_until = ? WHERE {key} IN ({marks})",
               (owner, until, *ids))
    return db.execute(f"SELECT * FROM {table} WHERE {key} IN ({marks}) {order_by}", ids).fetchall()


TEXT_SEPARATOR = "\x1e"  # ASCII record separator: JSON text carries it escaped, never as is


# a document's earliest earlier copy by its bytes, hot or retained, in one statement (one snapshot)
SHA256_SQL = ("SELECT min(id) AS id FROM (SELECT id FROM documents WHERE sha256 = ? AND id < ? AND status NOT IN "
              "('rejected', 'failed', 'quarantined') UNION ALL SELECT id FROM documents_retained WHERE sha256 = ? "
              "AND id < ? AND status NOT IN ('rejected', 'failed', 'quarantined')) AS copies")


@dataclass(frozen=True)
class Dialect:
    name: str
    placeholder: str = "?"
    skip_locked: str = ""  # appended to claim queries
    lock_row: str = ""  # appended to a single-row read that is about to be updated
    single_process: bool = True  # all leases at start-up belong to a dead run

    @property
    def text_agg(self) -> str:
        """The aggregate that joins texts with a separator."""
        return "string_agg" if self.name == "postgresql" else "group_concat"


class Db:
    """A connection in a transaction, speaking ``?`` placeholders whatever the engine."""

    def __init__(self, conn: Any, dialect: Dialect, cursor_factory: Callable[[], Any]) -> None:
        self.conn = conn
        self.dialect = dialect
        self._cursor = cursor_factory

    def _sql(self, sql: str) -> str:
        return sql if self.dialect.placeholder == "?" else sql.replace("?", self.dialect.placeholder)

    def execute(self, sql: str, args: Iterable[Any] = ()) -> Any:
        cur = self._cursor()
        cur.execute(self._sql(sql), tuple(args))
        return cur

    def executemany(self, sql: str, rows: list[tuple]) -> None:
        if rows:
            self._cursor().executemany(self._sql(sql), rows)


class SqlJournal:
    """All journal operations; subclasses provide ``_transaction`` and open/close."""

    dialect = Dialect("sqlite")

    def __init__(self, sink: str = "file", threads: int = 1) -> None:
        self.sink = sink
        self._executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="journal")
        self._decisions: KeyedLocks | None = None
        self.history_windows = HistoryWindows()

    def decision_lock(self, *keys: str | None) -> AbstractAsyncContextManager:
        """Held while one document's duplicates are looked for and its outcome committed, for the
        partitions ``keys`` (customer ids; ``None`` or "" for a document of no known customer): two
        decisions wait for each other only when they share a key. No key at all holds every partition.

        Within one process keyed asyncio locks are enough; backends shared by several nodes override
        it with locks the database holds (PostgreSQL advisory locks)."""
        if self._decisions is None:
            self._decisions = KeyedLocks()
        return self._decisions.hold(*keys)

    # --- plumbing --------------------------------------------------------------------------

    async def _run(self, fn: Callable[[Db], T]) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, self._transaction, fn)

    async def _read(self, fn: Callable[[Db], T]) -> T:
        """Run a read-only ``fn``; a backend may run it beside the writes (SQLite: a WAL reader)."""
        return await self._run(fn)

    async def _lookup(self, fn: Callable[[Db], T], snapshot: bool = True) -> T:
        """Run a short read-only ``fn`` that the pipeline makes for every document (an index look-up of
        a few rows); a backend may run it on the event loop itself (SQLite: a read from the page cache
        costs less than the two thread hand-offs around it). ``snapshot=False``: ``fn`` is right without
        one snapshot for all its statements (one statement, or statements checked against each other),
        so a backend may run each statement in a read transaction of its own."""
        return await self._read(fn)

    async def _run_unsynced(self, fn: Callable[[Db], T]) -> T:
        """Run a write whose loss to a power cut, with nothing durable committed after it, is the same
        as the cut coming just before it: a lease taken or kept (and its attempt counted), control
        numbers that no committed outcome uses yet. A backend may commit it without waiting for the
        disk (SQLite: no fsync of its own; its log is written in order, so the next durable commit,
        such as the outcome that uses the numbers, makes it durable too)."""
        return await self._run(fn)

    async def _run_decision(self, fn: Callable[[Db], T]) -> T:
        """An unsynced write made while a decision lock is held (a document's outcome): every document of
        the same customer waits for it, so a backend may commit it at once on the caller's thread rather
        than hand it to a writer (SQLite, when the writer is free: ``SqliteJournal._run_decision``)."""
        return await self._run_unsynced(fn)

    async def sync(self) -> None:
        """Make every commit made so far durable: the decisions committed without waiting for the disk
        (``finish_document(synced=False)``) are synced before anything acts on them outside the journal.
        A backend whose every commit is durable has nothing to do."""
        return None

    def sync_soon(self) -> None:
        """A backend whose every commit is durable has nothing to do."""
        return None

    async def _synced_claim(self, claimed: list[T]) -> list[T]:
        """Work claimed to be sent out (deliveries, acknowledgements) is durable before it leaves: a power
        cut must never undo a decision whose order or acknowledgement the outside world already has."""
        if claimed:
            await self.sync()
        return claimed

    def _transaction(self, fn: Callable[[Db], T]) -> T:
        raise NotImplementedError

    def _migrate(self, db: Db, migrations: list[tuple[int, list[Step]]]) -> None:
        db.execute("CREATE TABLE IF NOT EXISTS schema_migrations "
                   "(version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")
        done = {r["version"] for r in db.execute("SELECT version FROM schema_migrations").fetchall()}
        for version, statements in migrations:
            if version in done:
                continue
            for step in statements:
                if callable(step):
                    step(db)
                else:
                    db.execute(self.ddl(step))
            db.execute("INSERT INTO schema_migrations VALUES (?, ?)", (version, iso(utcnow())))

    def ddl(self, sql: str) -> str:
        return sql

    # --- documents -------------------------------------------------------------------------

    async def insert_document(self, doc: DocumentRecord, event: Event) -> DocumentRecord:
        def op(db: Db) -> DocumentRecord:
            if doc.intake_key:
                row = db.execute("SELECT * FROM documents WHERE intake_key = ?",
                                 (doc.intake_key,)).fetchone()
                if row:
                    return _doc(row)
            values = [getattr(doc, k) for k in DOC_COLUMNS]
            values[DOC_COLUMNS.index("received_at")] = iso(doc.received_at)
            values[DOC_COLUMNS.index("metadata")] = json.dumps(doc.metadata, default=str)
            inserted = db.execute(f"INSERT INTO documents ({', '.join(DOC_COLUMNS)}, updated_at) VALUES "
                                  f"({', '.join('?' * len(DOC_COLUMNS))}, ?) ON CONFLICT DO NOTHING",
                                  (*values, iso(utcnow()))).rowcount
            if not inserted:  # another node committed the same intake_key (or this id) meanwhile
                return _doc(db.execute("SELECT * FROM documents WHERE intake_key = ? OR id = ?",
                                       (doc.intake_key, doc.id)).fetchone())
            self._insert_events(db, [event], doc.id)
            return doc
        return await self._run(op)

    @staticmethod
    def _insert_events(db: Db, events: list[Event], document_id: str | None) -> None:
        db.executemany(
            "INSERT INTO events (document_id, order_id, stage, outcome, reason, at, data) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(e.document_id or document_id, e.order_id, e.stage, e.outcome, e.reason, iso(e.at),
              json.dumps(e.data, default=str)) for e in events])

    async def get_document(self, document_id: str) -> DocumentRecord | None:
        def op(db: Db) -> DocumentRecord | None:
            row = db.execute("SELECT * FROM documents WHERE id = ?", (document_id,)).fetchone() \
                or db.execute("SELECT * FROM documents_retained WHERE id = ?", (document_id,)).fetchone()
            return _doc(row) if row else None
        return await self._read(op)

    async def list_documents(self, *, status: str | None = None, channel: str | None = None,
                             parent_id: str | None = None, limit: int = 100) -> list[DocumentRecord]:
        where, args = [], []
        for col, val in (("status", status), ("channel", channel), ("parent_id", parent_id)):
            if val is not None:
                where.append(f"{col} = ?")
                args.append(val)
        sql = "SELECT * FROM documents" + (f" WHERE {' AND '.join(where)}" if where else "")
        sql += " ORDER BY received_at DESC, id DESC LIMIT ?"
        return await self._read(lambda db: [_doc(r) for r in db.execute(sql, (*args, limit)).fetchall()])

    async def history(self, document_id: str) -> list[Event]:
        """The document's events and its orders' events, retained ones included."""
        def op(db: Db) -> list[Event]:
            rows = []
            for events, orders in (("events", "orders"), ("events_retained", "orders_retained")):
                rows += db.execute(f"SELECT * FROM {events} WHERE document_id = ? OR order_id IN "
                                   f"(SELECT order_id FROM {orders} WHERE document_id = ?)",
                                   (document_id, document_id)).fetchall()
            return [_event(r) for r in sorted(rows, key=lambda r: r["id"])]
        return await self._read(op)

    async def add_events(self, events: list[Event]) -> None:
        await self._run(lambda db: self._insert_events(db, events, None))

    async def claim_documents(self, owner: str, limit: int, lease_s: float) -> list[DocumentRecord]:
        def op(db: Db) -> list[DocumentRecord]:
            now, until = lease_window(lease_s)
            due = db.execute(
                "SELECT id FROM documents WHERE (status IN ('received', 'retry') "
                "AND (not_before IS NULL OR not_before <= ?)) "
                "OR (status = 'processing' AND lease_until < ?) "
                "ORDER BY received_at, id LIMIT ?" + self.dialect.skip_locked, (now, now, limit)).fetchall()
            return [_doc(r) for r in claim_rows(
                db, "documents", "id", [r["id"] for r in due], owner, until,
                f"status = 'processing', attempts = attempts + 1, updated_at = '{now}'",
                "ORDER BY received_at, id")]
        return await self._run_unsynced(op)

    async def extend_lease(self, document_id: str, owner: str, lease_s: float) -> bool:
        _, until = lease_window(lease_s)
        return await self._run_unsynced(lambda db: db.execute(
            "UPDATE documents SET lease_until = ? WHERE id = ? AND lease_owner = ? AND status = 'processing'",
            (until, document_id, owner)).rowcount == 1)

    async def release_expired(self, owner: str | None = None) -> int:
        def op(db: Db) -> int:
            now = iso(utcnow())
            if owner is None and self.dialect.single_process:  # every lease is a dead run's
                n = db.execute("UPDATE documents SET status = 'retry', lease_owner = NULL, "
                               "lease_until = NULL WHERE status = 'processing'").rowcount
                n += db.execute("UPDATE deliveries SET status = 'pending', lease_owner = NULL, "
                                "lease_until = NULL WHERE status = 'delivering'").rowcount
                db.execute("UPDATE acks SET status = 'pending', lease_owner = NULL, lease_until = NULL "
                           "WHERE status = 'sending'")
                return n
            n = db.execute("UPDATE documents SET status = 'retry', lease_owner = NULL WHERE "
                           "status = 'processing' AND lease_until < ?", (now,)).rowcount
            n += db.execute("UPDATE deliveries SET status = 'pending', lease_owner = NULL WHERE "
                            "status = 'delivering' AND lease_until < ?", (now,)).rowcount
            return n
        return await self._run(op)

    async def finish_document(self, document_id: str, owner: str, outcome: Outcome, *, synced: bool = True) -> bool:
        def op(db: Db) -> bool:
            row = db.execute("SELECT lease_owner, status, metadata FROM documents WHERE id = ?"
                             + self.dialect.lock_row, (document_id,)).fetchone()
            if row is None or row["lease_owner"] != owner or row["status"] != DocStatus.PROCESSING:
                return False
            now = iso(utcnow())
            for std, sender, ref in outcome.interchanges:
                db.execute("INSERT INTO interchanges VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                           (std, sender, ref, document_id, now))
            accepted_orders = [change for order in outcome.orders if (change := self._insert_order(db, order, now))]
            for customer, entry in sorted(accepted_orders, key=lambda change: change[0]):  # marks locked in order
                self._history_changed(db, customer, entry)
            seen = outcome.metadata.get("date_order_seen")
            if outcome.customer_id and seen in SETTLED_ORDERS:
                db.execute("INSERT INTO customer_date_orders VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                           (outcome.customer_id, document_id, seen, now))
            db.execute(
                "UPDATE documents SET status = ?, format = ?, doc_type = ?, customer_id = ?, "
                "error_code = ?, error_message = ?, lease_owner = NULL, lease_until = NULL, "
                "metadata = ?, updated_at = ? WHERE id = ?",
                (outcome.status, outcome.format, outcome.doc_type, outcome.customer_id,
                 outcome.error_code, outcome.error_message,
                 json.dumps({**json.loads(row["metadata"] or "{}"), **outcome.metadata}, default=str),
                 now, document_id))
            for ack in outcome.acks:
                db.execute("INSERT INTO acks (id, document_id, partner, kind, via, filename, body, "
                           "status, order_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                           "ON CONFLICT DO NOTHING",
                           (ack["id"], document_id, ack.get("partner"), ack["kind"], ack["via"],
                            ack.get("filename"), ack["body"], ack.get("status", "pending"), ack.get("order_id"),
                            now))
            self._insert_events(db, outcome.events, document_id)
            return True
        return await (self._run(op) if synced else self._run_decision(op))

    def _insert_order(self, db: Db, order: NormalizedOrder, now: str) -> tuple[str, Entry | None] | None:
        """Insert ``order`` (and its delivery when ready); returns its customer and history entry when it
        is a new accepted order, for the customer's mark (``_history_changed``)."""
        if order.status == OrderStatus.READY:
            order = decided(order, now)
        received, summary = iso(order.sla.received_at), history_summary(order)
        inserted = db.execute(
            "INSERT INTO orders (order_id, document_id, kind, customer_id, po_number, "
            "status, original_order_id, priority, team, confidence, received_at, deadline, "
            "created_at, updated_at, body, lines_key, history) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT DO NOTHING",
            (order.order_id, order.source.document_id, order.kind.value, order.customer.id,
             order.po_number, order.status.value, order.original_order_id, order.priority, order.team,
             order.confidence, received, iso(order.sla.deadline), now, now,
             order.model_dump_json(), line_fingerprint(order), summary)).rowcount
        if order.status == OrderStatus.READY:
            db.execute("INSERT INTO deliveries (order_id, sink, status, attempts, "
                       "next_attempt_at, depends_on) VALUES (?, ?, 'pending', 0, ?, ?) "
                       "ON CONFLICT DO NOTHING",
                       (order.order_id, self.sink, now, order.original_order_id))
        if inserted and order.customer.id and accepted(order.status.value, order.kind.value):
            return order.customer.id, (received, order.order_id, order.source.document_id, summary) if received else None
        return None

    async def retry_document(self, document_id: str, owner: str | None, not_before: datetime,
                             event: Event, *, give_up: bool = False) -> None:
        def op(db: Db) -> None:
            status = DocStatus.FAILED if give_up else DocStatus.RETRY
            owners = () if owner is None else (owner,)  # not "? IS NULL": PostgreSQL can't type it
            db.execute("UPDATE documents SET status = ?, not_before = ?, lease_owner = NULL, "
                       "lease_until = NULL, error_code = ?, error_message = ?, updated_at = ? "
                       "WHERE id = ?" + " AND lease_owner = ?" * len(owners),
                       (status, iso(not_before), event.data.get("code"), event.reason, iso(utcnow()),
                        document_id, *owners))
            self._insert_events(db, [event], document_id)
        await self._run(op)

    async def reset_document(self, document_id: str, event: Event) -> bool:
        def op(db: Db) -> bool:
            n = db.execute("UPDATE documents SET status = 'received', attempts = 0, not_before = NULL, "
                           "error_code = NULL, error_message = NULL, updated_at = ? WHERE id = ? "
                           "AND status NOT IN ('processing', 'received')",
                           (iso(utcnow()), document_id)).rowcount
            if n:
                self._insert_events(db, [event], document_id)
            return bool(n)
        return await self._run(op)

    async def seen_interchange(self, standard: str, sender: str, control_ref: str,
                               document_id: str) -> str | None:
        def op(db: Db) -> str | None:
            row = db.execute("SELECT document_id FROM interchanges WHERE standard = ? AND sender = ? "
                             "AND control_ref = ?", (standard, sender, control_ref)).fetchone()
            return row["document_id"] if row and row["document_id"] != document_id else None
        return await self._lookup(op, snapshot=False)

    async def find_by_sha256(self, sha256: str, before: str) -> str | None:
        def op(db: Db) -> str | None:
            row = db.execute(SHA256_SQL, (sha256, before, sha256, before)).fetchone()
            return row["id"] if row else None
        return await self._lookup(op, snapshot=False)  # one statement over both tables

    # --- orders and deliveries -------------------------------------------------------------

    async def get_order(self, order_id: str) -> NormalizedOrder | None:
        def op(db: Db) -> NormalizedOrder | None:
            row = db.execute("SELECT body FROM orders WHERE order_id = ?", (order_id,)).fetchone() \
                or db.execute("SELECT body FROM orders_retained WHERE order_id = ?", (order_id,)).fetchone()
            return load_order(row["body"]) if row else None
        return await self._lookup(op)

    async def get_orders(self, order_ids: list[str]) -> dict[str, NormalizedOrder]:
        def op(db: Db) -> dict[str, NormalizedOrder]:
            found: dict[str, NormalizedOrder] = {}
            for table in ("orders", "orders_retained"):
                missing = [i for i in order_ids if i not in found]
                if not missing:
                    break
                marks = ", ".join("?" * len(missing))
                for row in db.execute(f"SELECT order_id, body FROM {table} WHERE order_id IN ({marks})",
                                      missing).fetchall():
                    found[row["order_id"]] = load_order(row["body"])
            return found
        return await self._lookup(op)

    async def orders_for_document(self, document_id: str) -> list[NormalizedOrder]:
        def op(db: Db) -> list[NormalizedOrder]:
            rows = db.execute("SELECT body FROM orders WHERE document_id = ? ORDER BY order_id",
                              (document_id,)).fetchall() \
                or db.execute("SELECT body FROM orders_retained WHERE document_id = ? ORDER BY order_id",
                              (document_id,)).fetchall()
            return [load_order(r["body"]) for r in rows]
        return await self._read(op)

    async def list_orders(self, *, status: str | None = None, customer_id: str | None = None,
                          since: datetime | None = None, until: datetime | None = None,
                          po_number: str | None = None, limit: int = 100,
                          offset: int = 0) -> list[NormalizedOrder]:
        where, args = [], []
        for clause, val in (("status = ?", status), ("customer_id = ?", customer_id),
                            ("received_at >= ?", iso(since)), ("received_at < ?", iso(until)),
                            ("po_number = ?", po_number)):
            if val is not None:
                where.append(clause)
                args.append(val)
        sql = "SELECT body FROM orders" + (f" WHERE {' AND '.join(where)}" if where else "")
        sql += " ORDER BY received_at, order_id LIMIT ? OFFSET ?"
        return await self._read(lambda db: [load_order(r["body"])
                                            for r in db.execute(sql, (*args, limit, offset)).fetchall()])

    async def copy_candidates(self, customer_id: str, since: datetime, statuses: Iterable[str],
                              po_numbers: Iterable[str], lines_key: str,
                              near_po: Callable[[str], bool]) -> list[NormalizedOrder]:
        """The customer's orders received since ``since`` in one of ``statuses`` that carry one of
        ``po_numbers``, or are new orders with the line set ``lines_key`` and a PO ``near_po`` accepts;
        oldest first. Both look-ups are by index: the customer's other orders are never read, and no
        order that can be a copy is left out, however many orders the customer has."""
        statuses, pos = list(statuses), sorted({norm_po(po) for po in po_numbers})
        in_status = f"status IN ({', '.join('?' * len(statuses))})"

        def op(db: Db) -> list[NormalizedOrder]:
            ids = set()
            for table in ORDER_TABLES:  # retained orders too: a resend within the window is caught
                if pos:  # the same PO whatever its case and separators (``norm_po``)
                    ids.update(r["order_id"] for r in db.execute(
                        f"SELECT order_id, po_number FROM {table} WHERE customer_id = ? AND "
                        f"{po_sql('po_number')} IN ({', '.join('?' * len(pos))}) AND received_at >= ? AND {in_status}",
                        (customer_id, *pos, iso(since), *statuses)).fetchall()
                        if r["po_number"] and norm_po(r["po_number"]) in pos)
                ids.update(r["order_id"] for r in db.execute(
                    f"SELECT order_id, po_number FROM {table} WHERE customer_id = ? AND lines_key = ? "
                    f"AND kind = 'new' AND received_at >= ? AND {in_status}",
                    (customer_id, lines_key, iso(since), *statuses)).fetchall()
                    if r["po_number"] and near_po(r["po_number"]))
            return self._orders_by_id(db, sorted(ids))
        return await self._lookup(op)

    async def orders_with_po(self, customer_id: str, po_number: str, since: datetime) -> list[NormalizedOrder]:
        """The customer's orders received since ``since`` whose PO is ``po_number`` once case and
        separators are folded (``norm_po``), oldest first."""
        key = norm_po(po_number)

        def op(db: Db) -> list[NormalizedOrder]:
            rows = [r for table in ORDER_TABLES for r in db.execute(
                f"SELECT order_id, po_number FROM {table} WHERE customer_id = ? AND received_at >= ? "
                f"AND {po_sql('po_number')} = ?", (customer_id, iso(since), key)).fetchall()]
            return self._orders_by_id(db, sorted(r["order_id"] for r in rows
                                                 if r["po_number"] and norm_po(r["po_number"]) == key))
        return await self._lookup(op)

    @staticmethod
    def _orders_by_id(db: Db, ids: list[str]) -> list[NormalizedOrder]:
        """The orders ``ids``, oldest first."""
        out: list[tuple[str, str, str]] = []
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            for table in ORDER_TABLES:
                out += [(r["received_at"] or "", r["order_id"], r["body"]) for r in db.execute(
                    f"SELECT order_id, received_at, body FROM {table} WHERE order_id IN "
                    f"({', '.join('?' * len(chunk))})", chunk).fetchall()]
        return [load_order(body) for _, _, body in sorted(out)]

    async def held_changes(self, customer_id: str) -> list[NormalizedOrder]:
        """The customer's changes and cancellations held for an original not yet known, oldest first."""
        sql = ("SELECT order_id, received_at, body FROM orders WHERE customer_id = ? AND status = 'held' "
               "AND kind <> 'new'")  # sorted here: an ORDER BY would lead SQLite to the received_at index
        rows = await self._lookup(lambda db: db.execute(sql, (customer_id,)).fetchall(), snapshot=False)
        return [load_order(r["body"])
                for r in sorted(rows, key=lambda r: (r["received_at"] or "", r["order_id"]))]

    async def update_order(self, order: NormalizedOrder, event: Event, *, deliver: bool = False,
                           depends_on: str | None = None, expected_status: str | None = None,
                           with_orders: Sequence[tuple[NormalizedOrder, Event, str]] = ()) -> None:
        def op(db: Db) -> None:
            if not self._write_order(db, order, event, deliver, depends_on, expected_status):
                raise StaleOrderError(f"order {order.order_id} is no longer {expected_status}",
                                      order_id=order.order_id)
            for other, other_event, status in with_orders:  # a compare-and-set each: one changed meanwhile stays
                self._write_order(db, other, other_event, False, None, status)
        await self._run(op)

    def _write_order(self, db: Db, order: NormalizedOrder, event: Event, deliver: bool, depends_on: str | None,
                     expected_status: str | None) -> bool:
        """In a write transaction: ``update_order`` of one order; False (nothing written) when it is no longer in
        ``expected_status``."""
        now = iso(utcnow())
        if deliver:
            order = decided(order, now)
        guard = "" if expected_status is None else " AND status = ?"
        before = db.execute("SELECT customer_id FROM orders WHERE order_id = ?", (order.order_id,)).fetchone()
        n = db.execute("UPDATE orders SET status = ?, kind = ?, customer_id = ?, po_number = ?, "
                       "original_order_id = ?, priority = ?, team = ?, confidence = ?, body = ?, "
                       "lines_key = ?, history = ?, updated_at = ? WHERE order_id = ?" + guard,
                       (order.status.value, order.kind.value, order.customer.id, order.po_number,
                        order.original_order_id, order.priority, order.team, order.confidence,
                        order.model_dump_json(), line_fingerprint(order), history_summary(order), now,
                        order.order_id, *(() if expected_status is None else (expected_status,)))).rowcount
        if expected_status is not None and n != 1:
            return False
        if n:  # its status, kind, customer or lines may have changed: the windows are read again
            old: str | None = before["customer_id"] if before else None
            for customer in sorted({c for c in (old, order.customer.id) if c}):
                self._history_changed(db, customer)
        if deliver:
            db.execute("INSERT INTO deliveries (order_id, sink, status, attempts, "
                       "next_attempt_at, depends_on) VALUES (?, ?, 'pending', 0, ?, ?) "
                       "ON CONFLICT DO NOTHING",
                       (order.order_id, self.sink, now, depends_on))
        self._insert_events(db, [event], order.source.document_id)
        return True

    def _history_changed(self, db: Db, customer_id: str, entry: Entry | None = None) -> None:
        """In a write transaction: the customer's accepted orders change (``entry``: the one accepted order
        inserted, when that is all). A fresh token marks it; this process's window follows it when it can
        (``gateway.store.history_window``). On PostgreSQL the mark's row is locked until the commit, so
        the changes of one customer's window are made one after the other across nodes."""
        row = db.execute(MARK_SQL + self.dialect.lock_row, (customer_id,)).fetchone()
        token = new_id()
        db.execute("INSERT INTO customer_history_marks (customer_id, token) VALUES (?, ?) "
                   "ON CONFLICT (customer_id) DO UPDATE SET token = excluded.token", (customer_id, token))
        self.history_windows.committed(customer_id, row["token"] if row else None, token, entry)

    async def history_window(self, customer_id: str, size: int) -> Window:
        """The customer's ``size`` newest accepted orders (``gateway.store.history_window``): this process's
        window while it is at the customer's mark, else read by index (and kept)."""
        windows = self.history_windows

        def op(db: Db) -> Window:
            row = db.execute(MARK_SQL, (customer_id,)).fetchone()
            token = row["token"] if row else None
            if (window := windows.get(customer_id, token, size)) is not None:
                return window
            rows = [(r["received_at"], r["order_id"], r["document_id"], r["history"])
                    for r in db.execute(WINDOW_SQL, (customer_id, size + 1)).fetchall()]
            window = window_from_rows(token or "", size, rows)
            again = db.execute(MARK_SQL, (customer_id,)).fetchone()  # (one snapshot per statement on PostgreSQL)
            if token is not None and again is not None and again["token"] == token:
                windows.put(customer_id, window)
            return window
        # no snapshot needed: the rows are kept only when the mark read before and after them is the same
        # (a token is never reused, and every change of the customer's accepted orders writes a new one)
        return await self._lookup(op, snapshot=False)

    async def claim_deliveries(self, owner: str, limit: int, lease_s: float) -> list[DeliveryRecord]:
        def op(db: Db) -> list[DeliveryRecord]:
            now, until = lease_window(lease_s)
            due = db.execute(
                "SELECT d.order_id FROM deliveries d WHERE ((d.status = 'pending' AND "
                "d.next_attempt_at <= ?) OR (d.status = 'delivering' AND d.lease_until < ?)) "
                "AND (d.depends_on IS NULL OR EXISTS (SELECT 1 FROM deliveries p WHERE "
                "p.order_id = d.depends_on AND p.status = 'delivered') OR EXISTS (SELECT 1 FROM "
                "deliveries_retained r WHERE r.order_id = d.depends_on)) "
                "ORDER BY d.next_attempt_at, d.order_id LIMIT ?" + self.dialect.skip_locked,
                (now, now, limit)).fetchall()
            return [_delivery(r) for r in claim_rows(
                db, "deliveries", "order_id", [r["order_id"] for r in due], owner, until,
                "status = 'delivering', attempts = attempts + 1", "ORDER BY next_attempt_at, order_id")]
        return await self._synced_claim(await self._run_unsynced(op))

    async def mark_delivered(self, order_id: str, owner: str, at: datetime) -> bool:
        return await self._run(lambda db: self._mark_delivered(db, order_id, owner, at))

    async def mark_delivered_many(self, delivered: list[tuple[str, datetime]], owner: str) -> list[bool]:
        """``mark_delivered`` of each ``(order_id, delivered_at)`` of a batch the sink took, in one transaction
        (one commit, one fsync of it); whether each was still this owner's lease. Raises like
        ``mark_delivered``: when it does, nothing of the batch is marked (the caller marks them one by one)."""
        if not delivered:
            return []
        return await self._run(lambda db: [self._mark_delivered(db, order_id, owner, at)
                                           for order_id, at in delivered])

    def _mark_delivered(self, db: Db, order_id: str, owner: str, at: datetime) -> bool:
        # the order's row first, as ``update_order`` and the dead-letter lock it (tests/test_postgres_lock_order.py)
        row = db.execute("SELECT body FROM orders WHERE order_id = ?" + self.dialect.lock_row,
                         (order_id,)).fetchone()
        n = db.execute("UPDATE deliveries SET status = 'delivered', delivered_at = ?, "
                       "lease_owner = NULL, last_error = NULL WHERE order_id = ? AND lease_owner = ?",
                       (iso(at), order_id, owner)).rowcount
        if not n:
            return False
        order = load_order(row["body"])
        if order.customer.id and not accepted(order.status.value, order.kind.value) \
                and accepted(OrderStatus.DELIVERED.value, order.kind.value):
            self._history_changed(db, order.customer.id)  # not accepted before (not expected)
        order.status = OrderStatus.DELIVERED
        order.sla.delivered_at = at
        db.execute("UPDATE orders SET status = 'delivered', delivered_at = ?, body = ?, "
                   "updated_at = ? WHERE order_id = ?",
                   (iso(at), order.model_dump_json(), iso(utcnow()), order_id))
        db.execute("UPDATE acks SET status = 'pending' WHERE order_id = ? AND status = 'waiting'", (order_id,))
        return True

    async def mark_delivery_failed(self, order_id: str, owner: str, error: str,
                                   next_attempt_at: datetime | None) -> None:
        def op(db: Db) -> None:
            status = "pending" if next_attempt_at else "dead_letter"
            # dead-letter: the order's row is locked first, as ``update_order`` does (its UPDATE, then the
            # customer's mark): locked the other way round the two deadlocked on PostgreSQL, and the body
            # read before the lock could undo an update committed meanwhile (tests/test_postgres_lock_order.py)
            row = None if next_attempt_at else db.execute(
                "SELECT body FROM orders WHERE order_id = ?" + self.dialect.lock_row, (order_id,)).fetchone()
            n = db.execute("UPDATE deliveries SET status = ?, next_attempt_at = ?, last_error = ?, "
                           "lease_owner = NULL WHERE order_id = ? AND lease_owner = ?",
                           (status, iso(next_attempt_at), error, order_id, owner)).rowcount
            if next_attempt_at is None and row is not None and n:  # (another node's lease: not ours to end)
                order = load_order(row["body"])
                if order.customer.id and accepted(order.status.value, order.kind.value):
                    self._history_changed(db, order.customer.id)
                order.status = OrderStatus.DEAD_LETTER
                db.execute("UPDATE orders SET status = 'dead_letter', body = ?, updated_at = ? "
                           "WHERE order_id = ?", (order.model_dump_json(), iso(utcnow()), order_id))
        await self._run(op)

    async def delivery(self, order_id: str) -> DeliveryRecord | None:
        def op(db: Db) -> DeliveryRecord | None:
            row = db.execute("SELECT * FROM deliveries WHERE order_id = ?", (order_id,)).fetchone() \
                or db.execute("SELECT * FROM deliveries_retained WHERE order_id = ?", (order_id,)).fetchone()
            return _delivery(row) if row else None
        return await self._lookup(op)

    # --- retention -------------------------------------------------------------------------

    async def retain(self, before: datetime, limit: int) -> int:
        """Move up to ``limit`` concluded documents received and last changed before ``before``, whose
        orders are all final and delivered (or never to be), with nothing of theirs to send, to the
        ``*_retained`` tables with their orders, events and deliveries, in one transaction; returns how
        many documents moved. Documents an operator may still act on (review, rejected, failed,
        quarantined) stay."""
        docs, final = ", ".join(f"'{s}'" for s in RETAINABLE_DOCS), ", ".join(f"'{s}'" for s in FINAL_ORDERS)

        def op(db: Db) -> int:
            stamp = iso(before)
            ids = [r["id"] for r in db.execute(
                f"SELECT d.id FROM documents d WHERE d.received_at < ? AND d.updated_at < ? AND d.status IN ({docs}) "
                f"AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.document_id = d.id AND o.status NOT IN ({final})) "
                "AND NOT EXISTS (SELECT 1 FROM orders o JOIN deliveries v ON v.order_id = o.order_id "
                "WHERE o.document_id = d.id AND v.status <> 'delivered') "
                "AND NOT EXISTS (SELECT 1 FROM acks a WHERE a.document_id = d.id AND a.status IN ('pending', 'sending', 'waiting')) "
                "AND NOT EXISTS (SELECT 1 FROM documents c WHERE c.parent_id = d.id AND c.status IN "
                "('received', 'retry', 'processing')) "
                "ORDER BY d.received_at LIMIT ?" + self.dialect.skip_locked, (stamp, stamp, limit)).fetchall()]
            if not ids:
                return 0
            marks = ", ".join("?" * len(ids))
            for row in db.execute(f"SELECT DISTINCT customer_id FROM orders WHERE document_id IN ({marks}) "
                                  "AND customer_id IS NOT NULL ORDER BY customer_id", ids).fetchall():
                self._history_changed(db, row["customer_id"])  # its accepted orders leave the hot table
            orders = f"SELECT order_id FROM orders WHERE document_id IN ({marks})"
            moves = (("deliveries", f"order_id IN ({orders})"),
                     ("events", f"document_id IN ({marks}) OR order_id IN ({orders})"),
                     ("orders", f"document_id IN ({marks})"), ("documents", f"id IN ({marks})"))
            for table, where in moves:
                args = ids * where.count(f"({marks})")
                db.execute(f"INSERT INTO {table}_retained SELECT * FROM {table} WHERE {where}", args)
                db.execute(f"DELETE FROM {table} WHERE {where}", args)
            return len(ids)
        return await self._run(op)

    async def retained_orders(self, *, customer_id: str | None = None, po_number: str | None = None,
                              since: datetime | None = None, until: datetime | None = None,
                              limit: int = 100) -> list[dict[str, Any]]:
        """Retained orders (audit): id, document, customer, PO, status, received and delivered times,
        oldest first; ``po_number`` matches whatever its case and separators."""
        where, args = [], []
        for clause, val in (("customer_id = ?", customer_id), (f"{po_sql('po_number')} = ?",
                                                               norm_po(po_number) if po_number else None),
                            ("received_at >= ?", iso(since)), ("received_at < ?", iso(until))):
            if val is not None:
                where.append(clause)
                args.append(val)
        sql = ("SELECT order_id, document_id, kind, customer_id, po_number, status, received_at, delivered_at "
               "FROM orders_retained" + (f" WHERE {' AND '.join(where)}" if where else "")
               + " ORDER BY received_at, order_id LIMIT ?")
        return await self._read(lambda db: [dict(r) for r in db.execute(sql, (*args, limit)).fetchall()])

    async def claim_order(self, order_id: str, user: str, until: datetime) -> dict[str, Any]:
        """Claim an order for ``user`` until ``until`` unless someone else's claim is still running;
        the claim that holds afterwards (``username``, ``until``), whoever's it is."""
        def op(db: Db) -> dict[str, Any]:
            now = iso(utcnow())
            db.execute("INSERT INTO order_claims (order_id, username, claimed_at, until) VALUES (?, ?, ?, ?) "
                       "ON CONFLICT (order_id) DO UPDATE SET username = excluded.username, "
                       "claimed_at = excluded.claimed_at, until = excluded.until "
                       "WHERE order_claims.until < ? OR order_claims.username = excluded.username",
                       (order_id, user, now, iso(until), now))
            return dict(db.execute("SELECT username, until FROM order_claims WHERE order_id = ?",
                                   (order_id,)).fetchone())
        return await self._run(op)

    async def order_claim(self, order_id: str) -> dict[str, Any] | None:
        """The running claim on an order (``username``, ``until``), if any."""
        def op(db: Db) -> dict[str, Any] | None:
            row = db.execute("SELECT username, until FROM order_claims WHERE order_id = ? AND until >= ?",
                             (order_id, iso(utcnow()))).fetchone()
            return dict(row) if row else None
        return await self._run(op)

    async def release_claim(self, order_id: str, user: str) -> bool:
        return await self._run(lambda db: db.execute(
            "DELETE FROM order_claims WHERE order_id = ? AND username = ?", (order_id, user)).rowcount == 1)

    async def counts(self) -> dict[str, dict[str, int]]:
        def op(db: Db) -> dict[str, dict[str, int]]:
            out: dict[str, dict[str, int]] = {}
            for table in ("documents", "orders", "deliveries"):
                out[table] = {r["status"]: r["n"] for r in db.execute(
                    f"SELECT status, count(*) AS n FROM {table} GROUP BY status").fetchall()}
            return out
        return await self._read(op)

    async def backlog(self) -> int:
        """Documents accepted and not yet concluded (received, waiting for a retry, or in work), plus
        the orders due for delivery now and never tried yet, while no delivery has failed.

        A delivery that failed and is not yet delivered (waiting for its next attempt, due, or being
        tried again) means the ERP is down or refusing: the queue behind it is then not the gateway's
        own slowness and must not stop intake, so while any such delivery is open only documents count."""
        def op(db: Db) -> int:
            docs = db.execute("SELECT count(*) AS n FROM documents WHERE status IN "
                              "('received', 'retry', 'processing')").fetchone()["n"]
            now = iso(utcnow())
            failing = db.execute("SELECT 1 FROM deliveries WHERE status IN ('pending', 'delivering') "
                                 "AND attempts > 0 AND last_error IS NOT NULL LIMIT 1").fetchone()
            if failing:
                return docs
            due = db.execute("SELECT count(*) AS n FROM deliveries WHERE status = 'pending' AND "
                             "attempts = 0 AND depends_on IS NULL AND next_attempt_at <= ?",
                             (now,)).fetchone()["n"]
            return docs + due
        return await self._read(op)

    async def pending_acks(self, limit: int = 50) -> list[dict[str, Any]]:
        sql = "SELECT * FROM acks WHERE status = 'pending' ORDER BY created_at LIMIT ?"
        return await self._read(lambda db: [dict(r) for r in db.execute(sql, (limit,)).fetchall()])

    async def claim_acks(self, owner: str, limit: int = 50, lease_s: float = 120.0) -> list[dict[str, Any]]:
        """Take pending acknowledgements (and ones whose sender's lease ran out) for sending."""
        def op(db: Db) -> list[dict[str, Any]]:
            now, until = lease_window(lease_s)
            due = db.execute(
                "SELECT id FROM acks WHERE status = 'pending' OR (status = 'sending' AND lease_until < ?) "
                "ORDER BY created_at LIMIT ?" + self.dialect.skip_locked, (now, limit)).fetchall()
            return [dict(r) for r in claim_rows(db, "acks", "id", [r["id"] for r in due], owner, until,
                                                "status = 'sending', attempts = attempts + 1",
                                                "ORDER BY created_at")]
        return await self._synced_claim(await self._run_unsynced(op))

    async def acks_for_document(self, document_id: str) -> list[dict[str, Any]]:
        sql = "SELECT * FROM acks WHERE document_id = ? ORDER BY created_at"
        return await self._read(lambda db: [dict(r) for r in db.execute(sql, (document_id,)).fetchall()])

    async def retry_ack(self, ack_id: str, error: str, not_before: datetime) -> None:
        """Leave an acknowledgement to be claimed again after ``not_before`` (its lease runs till then)."""
        await self._run(lambda db: db.execute(
            "UPDATE acks SET status = 'sending', lease_owner = NULL, lease_until = ?, error = ? WHERE id = ?",
            (iso(not_before), error, ack_id)))

    async def mark_ack(self, ack_id: str, status: str, error: str | None = None) -> None:
        await self._run(lambda db: db.execute(
            "UPDATE acks SET status = ?, error = ?, sent_at = ?, lease_owner = NULL, lease_until = NULL "
            "WHERE id = ?",
            (status, error, iso(utcnow()), ack_id)))

    async def set_ack_body(self, ack_id: str, body: bytes) -> None:
        """The final bytes of an order response, rendered when its order was delivered."""
        await self._run(lambda db: db.execute("UPDATE acks SET body = ? WHERE id = ?", (body, ack_id)))

    async def next_control_numbers(self, count: int, name: str = "interchange") -> list[int]:
        """``count`` control numbers for outgoing interchanges, never handed out twice by any node
        (one row updated in a transaction); they run 1..999999999 (ISA13's nine digits), then start over."""
        if count <= 0:
            return []

        def op(db: Db) -> list[int]:
            row = db.execute(
                "INSERT INTO control_numbers (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET "
                "value = CASE WHEN control_numbers.value + ? > ? THEN ? ELSE control_numbers.value + ? END "
                "RETURNING value", (name, count, count, MAX_CONTROL_NUMBER, count, count)).fetchone()
            last = int(row["value"])
            return list(range(last - count + 1, last + 1))
        return await self._run_unsynced(op)

    async def heartbeat(self, node_id: str, info: dict[str, Any]) -> None:
        now = iso(utcnow())
        await self._run(lambda db: db.execute(
            "INSERT INTO nodes (node_id, started_at, heartbeat_at, info) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(node_id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at, info = excluded.info",
            (node_id, now, now, json.dumps(info, default=str))))

    async def nodes(self) -> list[dict[str, Any]]:
        return await self._read(lambda db: [dict(r) for r in db.execute(
            "SELECT * FROM nodes ORDER BY heartbeat_at DESC").fetchall()])

    async def forget_nodes(self, silent_since: datetime) -> int:
        return await self._run(lambda db: db.execute(
            "DELETE FROM nodes WHERE heartbeat_at < ?", (iso(silent_since),)).rowcount)

    async def transaction(self, fn: Callable[[Db], T]) -> T:
        """Run ``fn(db)`` in one transaction, for modules that own tables of their own (console
        sessions); their statements must be portable between SQLite and PostgreSQL."""
        return await self._run(fn)

    async def query(self, sql: str, args: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
        """Read-only reporting queries (KPIs); statements are the gateway's own, never user text."""
        return await self._read(lambda db: [dict(r) for r in db.execute(sql, args).fetchall()])

    async def lookup(self, sql: str, args: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
        """A short read-only query the pipeline makes for every document: an index look-up of a few
        rows (``_lookup``); reports and listings use ``query``."""
        return await self._lookup(lambda db: [dict(r) for r in db.execute(sql, args).fetchall()])

    async def query_texts(self, sql: str, args: tuple[Any, ...] = ()) -> list[str]:
        """The texts a read-only query selects as its one column ``value`` (never NULL, no ASCII
        control characters: JSON, codes), in its order, fetched joined as one value: a few hundred
        rows cost one step of the engine instead of one each (and, on SQLite, one hand-over of
        Python's lock instead of one per row)."""
        joined = f"SELECT {self.dialect.text_agg}(value, ?) AS joined FROM ({sql}) AS texts"

        def op(db: Db) -> list[str]:
            text = db.execute(joined, (TEXT_SEPARATOR, *args)).fetchone()["joined"]
            return text.split(TEXT_SEPARATOR) if text else []
        return await self._lookup(op)
