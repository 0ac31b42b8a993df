"""A journal filled directly with many delivered orders of one customer, for scale tests and benchmarks.

``fill_journal`` clones one real order (read by the gateway from a document it received) into ``count``
delivered orders with their documents and deliveries, in bulk transactions, without running the
pipeline. Order ``i`` has PO ``po_of(i)`` and the lines ``lines_of(i)``: a resend of it is the same
document format built with those two (``testkit.samples``). Line sets repeat every 350 orders, as
standing orders do, so a line-set look-up alone never singles an order out.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta
from typing import Any

from gateway.store.journal import iso, new_id, utcnow
from gateway.model import NormalizedOrder
from gateway.order_history import history_summary
from gateway.order_keys import line_fingerprint

GTINS = ("4000862141404", "5412345678908")  # SKU-1001, SKU-1002 in the sample master data
BATCH = 2000
REPEAT = 350  # orders i and i + REPEAT have the same lines


def po_of(i: int) -> str:
    return f"PO-SCALE-{i:06d}"


def lines_of(i: int) -> list[tuple[str, int]]:
    return [(GTINS[0], 1 + i % 50), (GTINS[1], 1 + (i // 50) % 7)]  # period 350 = REPEAT


def template_lines() -> list[tuple[str, int]]:
    """The lines of the document the template order is read from (one line per GTIN)."""
    return [(gtin, 1) for gtin in GTINS]


def _clone(template: dict[str, Any], i: int, received: datetime) -> tuple[dict[str, Any], str]:
    doc_id = new_id()
    order = json.loads(json.dumps(template))
    order.update(order_id=f"{doc_id}-001", po_number=po_of(i), status="delivered", issues=[],
                 original_order_id=None, changes=[])
    for line, (_, qty) in zip(order["lines"], lines_of(i)):
        line["quantity"] = str(qty)
    at = iso(received)
    sha = hashlib.sha256(f"{doc_id}".encode()).hexdigest()
    order["source"].update(document_id=doc_id, received_at=at, sha256=sha)
    order["sla"].update(received_at=at, deadline=None, delivered_at=at)
    return order, sha


def _rows(template: dict[str, Any], start: int, stop: int, first: datetime, spacing: timedelta,
          keys: dict[int, tuple[str, str]]) -> tuple[list[tuple], list[tuple], list[tuple]]:
    docs, orders, deliveries = [], [], []
    for i in range(start, stop):
        received = first + spacing * i
        order, sha = _clone(template, i, received)
        doc_id, at = order["source"]["document_id"], iso(received)
        body = json.dumps(order)
        if i % REPEAT not in keys:
            clone = NormalizedOrder.model_validate(order)
            keys[i % REPEAT] = (line_fingerprint(clone), history_summary(clone))
        docs.append((doc_id, sha, 1000, "http", at, "processed", "bench", order["customer"]["id"], "{}", at))
        orders.append((order["order_id"], doc_id, "new", order["customer"]["id"], order["po_number"],
                       "delivered", at, at, at, at, body, *keys[i % REPEAT]))
        deliveries.append((order["order_id"], "file", "delivered", 1, at))
    return docs, orders, deliveries


def _insert(db: Any, docs: list[tuple], orders: list[tuple], deliveries: list[tuple]) -> None:
    db.executemany("INSERT INTO documents (id, sha256, size, channel, received_at, status, sender, "
                   "customer_id, metadata, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", docs)
    columns = {c[0] for c in db.execute("SELECT * FROM orders LIMIT 0").description}
    if "lines_key" not in columns:  # a journal of a schema before the keys (benchmark baseline)
        orders = [row[:-2] for row in orders]
    db.executemany("INSERT INTO orders (order_id, document_id, kind, customer_id, po_number, status, "
                   "received_at, created_at, updated_at, delivered_at, body"
                   + (", lines_key, history" if "lines_key" in columns else "") + ") VALUES ("
                   + ", ".join("?" * len(orders[0])) + ")", orders)
    db.executemany("INSERT INTO deliveries (order_id, sink, status, attempts, delivered_at) "
                   "VALUES (?, ?, ?, ?, ?)", deliveries)
    # the customers' accepted orders changed: a fresh mark each (gateway.store.history_window), unless
    # the journal is of a schema before the marks (benchmark baseline)
    if db.execute("SELECT version FROM schema_migrations WHERE version = 12").fetchone():
        db.executemany("INSERT INTO customer_history_marks (customer_id, token) VALUES (?, ?) "
                       "ON CONFLICT (customer_id) DO UPDATE SET token = excluded.token",
                       [(customer, new_id()) for customer in sorted({row[3] for row in orders if row[3]})])


async def fill_journal(journal: Any, template: NormalizedOrder, count: int,
                       span: timedelta = timedelta(days=20)) -> None:
    """Commit ``count`` delivered clones of ``template`` received over ``span`` ending a minute ago."""
    base = template.model_dump(mode="json")
    spacing = span / max(count, 1)
    first = utcnow() - timedelta(minutes=1) - spacing * count
    keys: dict[int, tuple[str, str]] = {}
    for start in range(0, count, BATCH):
        docs, orders, deliveries = _rows(base, start, min(start + BATCH, count), first, spacing, keys)
        await journal.transaction(lambda db, d=docs, o=orders, v=deliveries: _insert(db, d, o, v))
