"""What the console's queue page shows: documents and orders by where they stand, with their SLA.

``GET /v1/queue`` answers one list of rows, one per order (or per document that has no order
yet: still being read, failed, held before any order was made), each in a *bucket*:

    received, extracting, review, held, ready, delivered, failed, dead_letter

with the SLA deadline, the seconds left, and ``sla_state`` ``ok``/``at_risk``/``late`` while
waiting (at risk: under a quarter of the SLA window or half an hour left) or ``met``/``missed``
once delivered. Filters: ``bucket``, ``channel``, ``customer``,
``team``, ``priority``, ``min_age_h`` (only rows received at least that many hours ago; a finite
number up to ten years, else 400). Counts
per bucket are given for the other filters so the tabs show what each holds. The SQL is plain
and portable (SQLite and PostgreSQL); JSON bodies are read in Python.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from gateway.store.journal import iso, utcnow

BUCKETS = ("received", "extracting", "review", "held", "ready", "delivered", "rejected", "failed", "dead_letter")
DOC_BUCKETS = {"received": "received", "processing": "extracting", "retry": "extracting",
               "review": "review", "duplicate": "held", "quarantined": "held",
               "rejected": "failed", "failed": "failed"}
ORDER_BUCKETS = {"review": "review", "held": "held", "duplicate": "held", "ready": "ready",
                 "delivered": "delivered", "rejected": "rejected", "dead_letter": "dead_letter"}  # rejected by a person
AT_RISK_SHARE = 0.25  # less than this share of the SLA window left: at risk...
AT_RISK_FLOOR_S = 1800.0  # ...or less than half an hour, whatever the window
DONE_LIMIT = 200  # delivered / failed rows shown (most recent first)


@dataclass(frozen=True)
class QueueFilters:
    bucket: str | None = None
    channel: str | None = None
    customer: str | None = None
    team: str | None = None
    priority: str | None = None
    min_age_h: float | None = None

    @classmethod
    def from_query(cls, query: Any) -> QueueFilters:
        age = _hours(query.get("min_age_h"))
        bucket = query.get("bucket")
        return cls(bucket=bucket if bucket in BUCKETS else None, channel=query.get("channel") or None,
                   customer=query.get("customer") or None, team=query.get("team") or None,
                   priority=query.get("priority") or None, min_age_h=age)


class QueryError(ValueError):
    """A queue filter that is not a usable value; the API answers 400 BAD-QUERY."""


MAX_AGE_H = 24 * 366 * 10  # ten years: older than anything the journal keeps


def _hours(value: str | None) -> float | None:
    """``min_age_h`` as hours: a finite number from 0 to ten years. Raises QueryError."""
    if value is None:
        return None
    try:
        hours = float(value)
    except ValueError:
        raise QueryError(f"min_age_h must be a number of hours, not {value[:40]!r}") from None
    if not math.isfinite(hours) or not 0 <= hours <= MAX_AGE_H:
        raise QueryError(f"min_age_h must be between 0 and {MAX_AGE_H} hours")
    return hours


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def sla_state(deadline: datetime | None, received: datetime, done_at: datetime | None, now: datetime,
              waiting: bool) -> tuple[str, float | None]:
    """(state, seconds left) for a row: ok/at_risk/late while waiting, met/missed once done."""
    if deadline is None:
        return "none", None
    if done_at is not None:
        return ("met" if done_at <= deadline else "missed"), None
    left = (deadline - now).total_seconds()
    if not waiting:
        return "none", left
    window = max((deadline - received).total_seconds(), 1.0)
    if left < 0:
        return "late", left
    return ("at_risk" if left < max(window * AT_RISK_SHARE, AT_RISK_FLOOR_S) else "ok"), left


async def _order_rows(journal: Any, f: QueueFilters, cutoff: str | None) -> list[dict[str, Any]]:
    where, args = ["1 = 1"], []
    for clause, value in (("d.channel = ?", f.channel), ("o.customer_id = ?", f.customer),
                          ("o.team = ?", f.team), ("o.priority = ?", f.priority),
                          ("o.received_at <= ?", cutoff)):
        if value is not None:
            where.append(clause)
            args.append(value)
    base = ("SELECT o.order_id, o.document_id, o.status, o.deadline, o.delivered_at, o.body, d.channel, "
            "d.filename FROM orders o JOIN documents d ON d.id = o.document_id WHERE " + " AND ".join(where))
    open_rows = await journal.query(base + " AND o.status NOT IN ('delivered', 'rejected') "
                                    "ORDER BY o.deadline, o.order_id", tuple(args))
    done_rows = await journal.query(base + " AND o.status IN ('delivered', 'rejected') "
                                    "ORDER BY o.updated_at DESC LIMIT ?", (*args, DONE_LIMIT))
    return [*open_rows, *done_rows]


async def _document_rows(journal: Any, f: QueueFilters, cutoff: str | None) -> list[dict[str, Any]]:
    if f.team or f.priority:  # documents without orders have neither
        return []
    marks = ", ".join("?" * len(DOC_BUCKETS))
    where, args = [f"d.status IN ({marks})"], list(DOC_BUCKETS)
    for clause, value in (("d.channel = ?", f.channel), ("d.customer_id = ?", f.customer),
                          ("d.received_at <= ?", cutoff)):
        if value is not None:
            where.append(clause)
            args.append(value)
    sql = ("SELECT d.id, d.status, d.channel, d.sender, d.filename, d.received_at, d.customer_id, "
           "d.error_code, d.error_message, d.format FROM documents d WHERE " + " AND ".join(where) +
           " AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.document_id = d.id) "
           "ORDER BY d.received_at DESC LIMIT ?")
    return await journal.query(sql, (*args, DONE_LIMIT * 2))


def order_item(row: dict[str, Any], now: datetime, sla: timedelta) -> dict[str, Any]:
    body = json.loads(row["body"])
    received = _dt(body["sla"]["received_at"])
    deadline = _dt(body["sla"].get("deadline")) or _dt(row["deadline"]) or received + sla
    bucket = ORDER_BUCKETS.get(row["status"], "failed")
    done = _dt(row["delivered_at"]) if bucket == "delivered" else None
    state, left = sla_state(deadline, received, done, now, bucket in ("review", "held", "ready"))
    return {
        "type": "order", "id": row["order_id"], "order_id": row["order_id"], "document_id": row["document_id"],
        "bucket": bucket, "status": row["status"], "kind": body.get("kind"), "channel": row["channel"],
        "customer_id": body["customer"].get("id"), "customer_name": body["customer"].get("name"),
        "po_number": body.get("po_number"), "priority": body.get("priority"), "team": body.get("team"),
        "received_at": iso(received), "deadline": iso(deadline), "seconds_left": left, "sla_state": state,
        "confidence": body.get("confidence"), "original_order_id": body.get("original_order_id"),
        "issues": [{"code": i["code"], "severity": i["severity"], "message": i["message"]}
                   for i in body.get("issues", [])],
        "lines": len(body.get("lines", [])), "filename": row["filename"],
    }


def document_item(row: dict[str, Any], now: datetime, sla: timedelta) -> dict[str, Any]:
    received = _dt(row["received_at"])
    bucket = DOC_BUCKETS[row["status"]]
    deadline = received + sla
    state, left = sla_state(deadline, received, None, now, bucket not in ("failed",))
    issues = [{"code": row["error_code"], "severity": "error", "message": row["error_message"] or ""}] \
        if row["error_code"] else []
    return {
        "type": "document", "id": row["id"], "order_id": None, "document_id": row["id"], "bucket": bucket,
        "status": row["status"], "kind": None, "channel": row["channel"], "customer_id": row["customer_id"],
        "customer_name": None, "po_number": None, "priority": None, "team": None,
        "received_at": iso(received), "deadline": iso(deadline), "seconds_left": left, "sla_state": state,
        "confidence": None, "original_order_id": None, "issues": issues, "lines": 0,
        "filename": row["filename"], "sender": row["sender"],
    }


def sort_items(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Waiting rows first (urgent, then by deadline), then finished ones newest first."""
    done_buckets = ("delivered", "rejected", "failed", "dead_letter")
    waiting = [i for i in items if i["bucket"] not in done_buckets]
    done = [i for i in items if i["bucket"] in done_buckets]
    waiting.sort(key=lambda i: (i["priority"] != "urgent", i["deadline"] or "", i["id"]))
    done.sort(key=lambda i: (i["received_at"] or "", i["id"]), reverse=True)
    return waiting + done


async def build_queue(journal: Any, filters: QueueFilters, sla_hours: float,
                      now: datetime | None = None) -> dict[str, Any]:
    """Rows for the queue page (only ``filters.bucket`` ones), counts per bucket and filter facets."""
    now = now or utcnow()
    cutoff = iso(now - timedelta(hours=filters.min_age_h)) if filters.min_age_h else None
    sla = timedelta(hours=sla_hours)
    items = [order_item(r, now, sla) for r in await _order_rows(journal, filters, cutoff)]
    items += [document_item(r, now, sla)
              for r in await _document_rows(journal, filters, cutoff)]
    counts = {b: 0 for b in BUCKETS}
    for item in items:
        counts[item["bucket"]] += 1
    shown = sort_items([i for i in items if filters.bucket is None or i["bucket"] == filters.bucket])
    return {"now": iso(now), "counts": counts, "items": shown, "facets": await _facets(journal)}


async def _facets(journal: Any) -> dict[str, list[str]]:
    channels = await journal.query("SELECT DISTINCT channel FROM documents ORDER BY channel")
    teams = await journal.query("SELECT DISTINCT team FROM orders WHERE team IS NOT NULL ORDER BY team")
    return {"channels": [r["channel"] for r in channels], "teams": [r["team"] for r in teams]}
