"""Versioned schema migrations for the journal, in SQL both SQLite and PostgreSQL accept.

A migration is a number and its steps; applied numbers are recorded in ``schema_migrations``. A step is
an SQL statement, or a function of the open transaction for what SQL alone cannot compute (a backfill).
Never edit a released migration: add the next number.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import structlog

from gateway.model import load_order
from gateway.order_history import history_summary
from gateway.order_keys import line_fingerprint, po_sql

BACKFILL_BATCH = 500
log = structlog.get_logger(__name__)


def backfill_order_keys(db: Any) -> None:
    """Store the line-set fingerprint and history summary of every order committed before the columns
    existed, a batch at a time."""
    last = ""
    while True:
        rows = db.execute("SELECT order_id, body FROM orders WHERE order_id > ? ORDER BY order_id LIMIT ?",
                          (last, BACKFILL_BATCH)).fetchall()
        if not rows:
            return
        orders = [load_order(r["body"]) for r in rows]
        db.executemany("UPDATE orders SET lines_key = ?, history = ? WHERE order_id = ?",
                       [(line_fingerprint(o), history_summary(o), r["order_id"]) for o, r in zip(orders, rows)])
        last = rows[-1]["order_id"]


# the events that record an order's delivery being queued: committed ready, approved or released by a person, or
# released when its original arrived
QUEUED_EVENTS = ("(stage = 'decide' AND outcome = 'ready') OR (stage = 'review' AND outcome IN ('approved', "
                 "'released')) OR (stage = 'dedup' AND outcome = 'original_found')")


def backfill_decided_at(db: Any) -> None:
    """``Sla.decided_at`` (when an order's delivery was queued: the order its changes apply in) for the orders that
    went out before it was recorded: the last event that queued it, else when the row was written. No order that
    went out is left without it, so ordering by it never meets a missing moment (``dedup._went_out``).

    Only that one value is written into the stored JSON: the rest of the body stays byte for byte what it was, even a
    value the model no longer accepts (read, such a body still shows ``ORDER-DAMAGED``; it is never stored so). A body
    that is not a JSON object is left alone and logged; start-up goes on."""
    for table, events in (("orders", "events"), ("orders_retained", "events_retained")):
        last = ""
        while True:
            rows = db.execute(f"SELECT order_id, created_at, body FROM {table} WHERE order_id > ? AND status IN "
                              "('ready', 'delivered', 'dead_letter') ORDER BY order_id LIMIT ?",
                              (last, BACKFILL_BATCH)).fetchall()
            if not rows:
                break
            updates = [(body, row["order_id"]) for row in rows if (body := _with_decided_at(db, events, row))]
            if updates:
                db.executemany(f"UPDATE {table} SET body = ? WHERE order_id = ?", updates)
            last = rows[-1]["order_id"]


def _with_decided_at(db: Any, events: str, row: Any) -> str | None:
    """The row's body with ``sla.decided_at`` set, or None: already set, or a body that cannot be read (logged)."""
    try:
        body = json.loads(row["body"])
        sla = body.setdefault("sla", {}) if isinstance(body, dict) else None
    except (ValueError, TypeError, AttributeError):
        body = sla = None
    if not isinstance(sla, dict):
        log.warning("decided_at_backfill_skipped", order_id=row["order_id"], reason="order body is not readable JSON")
        return None
    if sla.get("decided_at"):
        return None
    queued = db.execute(f"SELECT MAX(at) AS at FROM {events} WHERE order_id = ? AND ({QUEUED_EVENTS})",
                        (row["order_id"],)).fetchone()
    source = body.get("source") if isinstance(body.get("source"), dict) else {}
    at = next((m for m in (_moment(queued["at"] if queued else None), _moment(row["created_at"]),
                           _moment(sla.get("delivered_at")), _moment(source.get("received_at")),
                           _moment(sla.get("received_at"))) if m), None)
    if at is None:
        log.warning("decided_at_backfill_skipped", order_id=row["order_id"], reason="no moment found")
        return None
    sla["decided_at"] = (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(UTC).isoformat().replace("+00:00", "Z")
    return json.dumps(body, ensure_ascii=False)


def _moment(text: object) -> datetime | None:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")) if isinstance(text, str) and text else None
    except ValueError:  # a row written by hand or by a tool: the order's own times decide
        return None


Step = str | Callable[[Any], None]

MIGRATIONS: list[tuple[int, list[Step]]] = [
    (1, [
        """CREATE TABLE documents (
            id TEXT PRIMARY KEY,
            sha256 TEXT NOT NULL,
            size INTEGER NOT NULL,
            channel TEXT NOT NULL,
            received_at TEXT NOT NULL,
            status TEXT NOT NULL,
            sender TEXT,
            partner TEXT,
            filename TEXT,
            content_type TEXT,
            parent_id TEXT,
            intake_key TEXT UNIQUE,
            format TEXT,
            doc_type TEXT,
            customer_id TEXT,
            attempts INTEGER NOT NULL DEFAULT 0,
            not_before TEXT,
            lease_owner TEXT,
            lease_until TEXT,
            error_code TEXT,
            error_message TEXT,
            metadata TEXT NOT NULL DEFAULT '{}',
            updated_at TEXT NOT NULL
        )""",
        "CREATE INDEX documents_status ON documents (status, not_before)",
        "CREATE INDEX documents_sha256 ON documents (sha256)",
        "CREATE INDEX documents_parent ON documents (parent_id)",
        "CREATE INDEX documents_received ON documents (received_at)",
        """CREATE TABLE events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            document_id TEXT,
            order_id TEXT,
            stage TEXT NOT NULL,
            outcome TEXT NOT NULL,
            reason TEXT,
            at TEXT NOT NULL,
            data TEXT NOT NULL DEFAULT '{}'
        )""",
        "CREATE INDEX events_document ON events (document_id)",
        "CREATE INDEX events_order ON events (order_id)",
        """CREATE TABLE orders (
            order_id TEXT PRIMARY KEY,
            document_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            customer_id TEXT,
            po_number TEXT,
            status TEXT NOT NULL,
            original_order_id TEXT,
            priority TEXT,
            team TEXT,
            confidence REAL,
            received_at TEXT,
            deadline TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            delivered_at TEXT,
            body TEXT NOT NULL
        )""",
        "CREATE INDEX orders_status ON orders (status)",
        "CREATE INDEX orders_customer_po ON orders (customer_id, po_number)",
        "CREATE INDEX orders_document ON orders (document_id)",
        """CREATE TABLE deliveries (
            order_id TEXT PRIMARY KEY,
            sink TEXT NOT NULL,
            status TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at TEXT,
            last_error TEXT,
            lease_owner TEXT,
            lease_until TEXT,
            delivered_at TEXT,
            depends_on TEXT
        )""",
        "CREATE INDEX deliveries_due ON deliveries (status, next_attempt_at)",
        """CREATE TABLE interchanges (
            standard TEXT NOT NULL,
            sender TEXT NOT NULL,
            control_ref TEXT NOT NULL,
            document_id TEXT NOT NULL,
            received_at TEXT NOT NULL,
            PRIMARY KEY (standard, sender, control_ref)
        )""",
        """CREATE TABLE acks (
            id TEXT PRIMARY KEY,
            document_id TEXT NOT NULL,
            partner TEXT,
            kind TEXT NOT NULL,
            via TEXT NOT NULL,
            filename TEXT,
            body BLOB NOT NULL,
            status TEXT NOT NULL,
            error TEXT,
            created_at TEXT NOT NULL,
            sent_at TEXT
        )""",
        "CREATE INDEX acks_document ON acks (document_id)",
        """CREATE TABLE nodes (
            node_id TEXT PRIMARY KEY,
            started_at TEXT NOT NULL,
            heartbeat_at TEXT NOT NULL,
            info TEXT NOT NULL DEFAULT '{}'
        )""",
    ]),
    (2, [  # operator console sessions, shared by every node (gateway.web.console_sessions)
        """CREATE TABLE console_sessions (
            token_hash TEXT PRIMARY KEY,
            username TEXT NOT NULL,
            role TEXT NOT NULL,
            csrf_token TEXT NOT NULL,
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL
        )""",
        "CREATE INDEX console_sessions_expiry ON console_sessions (expires_at)",
    ]),
    (3, [  # acknowledgements claimed under a lease, so two nodes never send the same one
        "ALTER TABLE acks ADD COLUMN lease_owner TEXT",
        "ALTER TABLE acks ADD COLUMN lease_until TEXT",
        "CREATE INDEX acks_status ON acks (status)",
    ]),
    (4, [  # acknowledgement attempts, so a partner endpoint that keeps failing is given up on
        "ALTER TABLE acks ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0",
    ]),
    (5, [  # order responses (ORDRSP, 855) wait in acks for their order's delivery
        "ALTER TABLE acks ADD COLUMN order_id TEXT",
        "CREATE INDEX acks_order ON acks (order_id)",
    ]),
    (6, [  # earlier copies of an order found by index (gateway.stages.dedup); the customer's history read by
           # index, newest first, from a short summary of each order (gateway.order_history)
        "ALTER TABLE orders ADD COLUMN lines_key TEXT",
        "ALTER TABLE orders ADD COLUMN history TEXT",
        backfill_order_keys,
        "CREATE INDEX orders_customer_lines ON orders (customer_id, lines_key, received_at)",
        "DROP INDEX orders_customer_po",
        "CREATE INDEX orders_customer_po ON orders (customer_id, po_number, received_at)",
        "CREATE INDEX orders_customer_received ON orders (customer_id, received_at, order_id)",
        "CREATE INDEX orders_customer_status ON orders (customer_id, status, received_at)",
    ]),
    (7, [  # who is working on an order under review, so two people never act on the same one
        """CREATE TABLE order_claims (
            order_id TEXT PRIMARY KEY,
            username TEXT NOT NULL,
            claimed_at TEXT NOT NULL,
            until TEXT NOT NULL
        )""",
    ]),
    (8, [  # control numbers of outgoing interchanges (ISA13/GS06, UNB 0020), unique across restarts and nodes
        """CREATE TABLE control_numbers (
            name TEXT PRIMARY KEY,
            value BIGINT NOT NULL
        )""",
    ]),
    (9, [  # a PO found by index whatever its case and separators (gateway.order_keys.po_sql)
        f"CREATE INDEX IF NOT EXISTS orders_customer_po_norm ON orders (customer_id, {po_sql('po_number')}, "
        "received_at)",
    ]),
    (10, [  # retention (gateway.retention): concluded documents and their orders, events and deliveries
        # past retention.after_days move here, out of the tables the pipeline works on; same columns
        # in the same order (a migration that adds a column to one adds it to its twin too)
        "CREATE TABLE documents_retained AS SELECT * FROM documents WHERE 1 = 0",
        "CREATE UNIQUE INDEX documents_retained_id ON documents_retained (id)",
        "CREATE INDEX documents_retained_sha256 ON documents_retained (sha256)",
        "CREATE INDEX documents_retained_received ON documents_retained (received_at)",
        "CREATE TABLE orders_retained AS SELECT * FROM orders WHERE 1 = 0",
        "CREATE UNIQUE INDEX orders_retained_id ON orders_retained (order_id)",
        "CREATE INDEX orders_retained_document ON orders_retained (document_id)",
        f"CREATE INDEX orders_retained_customer_po_norm ON orders_retained (customer_id, {po_sql('po_number')}, "
        "received_at)",
        "CREATE INDEX orders_retained_customer_lines ON orders_retained (customer_id, lines_key, received_at)",
        "CREATE INDEX orders_retained_customer_received ON orders_retained (customer_id, received_at)",
        "CREATE TABLE events_retained AS SELECT * FROM events WHERE 1 = 0",
        "CREATE INDEX events_retained_document ON events_retained (document_id)",
        "CREATE INDEX events_retained_order ON events_retained (order_id)",
        "CREATE TABLE deliveries_retained AS SELECT * FROM deliveries WHERE 1 = 0",
        "CREATE UNIQUE INDEX deliveries_retained_order ON deliveries_retained (order_id)",
    ]),
    (11, [  # the day/month order each committed document of a customer settled by its own unambiguous dates
            # (25/11/2026), read newest first to settle that customer's ambiguous ones (gateway.order_history)
        """CREATE TABLE customer_date_orders (
            customer_id TEXT NOT NULL,
            document_id TEXT NOT NULL,
            date_order TEXT NOT NULL,
            at TEXT NOT NULL,
            PRIMARY KEY (customer_id, document_id)
        )""",
        "CREATE INDEX customer_date_orders_at ON customer_date_orders (customer_id, at)",
    ]),
    (12, [  # a fresh token per customer written with every change of its accepted orders, so each process's
            # window of the customer's newest accepted orders is used while it is current (history_window)
        """CREATE TABLE customer_history_marks (
            customer_id TEXT PRIMARY KEY,
            token TEXT NOT NULL
        )""",
    ]),
    (13, [  # Sla.decided_at for the orders that went out before it was recorded
        backfill_decided_at,
    ]),
]
