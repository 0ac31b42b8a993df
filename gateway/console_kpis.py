"""The figures of the console's dashboard, for today, this week or this month.

``compute_kpis`` is the one place that asks the journal (three read-only, portable SQL queries:
SQLite and PostgreSQL); everything after is arithmetic in Python, so a shared KPI module can
replace it without touching the page. Periods start at local midnight (Monday for a week, the 1st
for a month) in ``gateway.timezone``; orders belong to the period they were *received* in.

Definitions:

* orders per channel per day: orders received, by the channel of their document, by local day;
* share within SLA: orders delivered by their deadline, over those delivered plus those still
  waiting past their deadline (a missing deadline counts as received + ``sla_hours``);
* touchless share: delivered orders no person acted on (no ``review`` event), over delivered;
* corrections per 100 orders: corrected fields (``review``/``corrected`` events) per 100 orders;
* waiting volume by age: orders waiting for a person now (review, held, duplicate), by age;
* receipt-to-ERP time: delivered_at - received_at of delivered orders, median / p90 / mean.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import datetime, timedelta
from statistics import mean, median
from typing import Any
from zoneinfo import ZoneInfo

from gateway.journal import iso, utcnow

PERIODS = ("today", "week", "month")
AGE_BUCKETS = ((1, "<1h"), (4, "1-4h"), (24, "4-24h"), (None, ">24h"))
DURATION_BUCKETS = ((5, "<5m"), (30, "5-30m"), (120, "30m-2h"), (480, "2-8h"), (None, ">8h"))


def period_start(period: str, now: datetime, tz: ZoneInfo) -> datetime:
    local = now.astimezone(tz).replace(hour=0, minute=0, second=0, microsecond=0)
    if period == "week":
        local -= timedelta(days=local.weekday())
    elif period == "month":
        local = local.replace(day=1)
    return local


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _days(start: datetime, now: datetime, tz: ZoneInfo) -> list[str]:
    days, day = [], start.date()
    while day <= now.astimezone(tz).date():
        days.append(day.isoformat())
        day += timedelta(days=1)
    return days


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _bucket(value: float, buckets: tuple[tuple[float | None, str], ...]) -> str:
    return next(label for limit, label in buckets if limit is None or value < limit)


def _percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


async def compute_kpis(journal: Any, period: str, tz_name: str, sla_hours: float,
                       now: datetime | None = None) -> dict[str, Any]:
    """Every dashboard figure for ``period`` (today, week, month)."""
    now, tz = now or utcnow(), ZoneInfo(tz_name)
    start = period_start(period, now, tz)
    bounds = (iso(start), iso(now + timedelta(seconds=1)))
    orders = await journal.query(
        "SELECT o.order_id, o.status, o.received_at, o.delivered_at, o.deadline, d.channel FROM orders o "
        "JOIN documents d ON d.id = o.document_id WHERE o.received_at >= ? AND o.received_at < ?", bounds)
    reviews = await journal.query(
        "SELECT e.order_id, e.outcome, e.data FROM events e JOIN orders o ON o.order_id = e.order_id "
        "WHERE e.stage = 'review' AND o.received_at >= ? AND o.received_at < ?", bounds)
    waiting = await journal.query(
        "SELECT received_at FROM orders WHERE status IN ('review', 'held', 'duplicate')")
    return {
        "period": period, "since": iso(start), "until": iso(now), "timezone": tz_name,
        "orders_total": len(orders),
        "per_channel_per_day": per_channel_per_day(orders, start, now, tz),
        "within_sla": within_sla(orders, now, timedelta(hours=sla_hours)),
        "touchless": touchless(orders, reviews),
        "corrections": corrections(orders, reviews),
        "waiting_by_age": waiting_by_age(waiting, now),
        "receipt_to_erp": receipt_to_erp(orders),
    }


def per_channel_per_day(orders: list[dict], start: datetime, now: datetime, tz: ZoneInfo) -> dict[str, Any]:
    days = _days(start, now, tz)
    counts: dict[str, Counter] = defaultdict(Counter)
    for o in orders:
        counts[o["channel"]][_dt(o["received_at"]).astimezone(tz).date().isoformat()] += 1
    series = [{"channel": ch, "counts": [c[d] for d in days], "total": sum(c.values())}
              for ch, c in sorted(counts.items())]
    return {"days": days, "series": series}


def within_sla(orders: list[dict], now: datetime, sla: timedelta) -> dict[str, Any]:
    on_time = late = 0
    for o in orders:
        received = _dt(o["received_at"])
        deadline = _dt(o["deadline"]) or received + sla
        delivered = _dt(o["delivered_at"])
        if delivered is not None:
            on_time, late = (on_time + 1, late) if delivered <= deadline else (on_time, late + 1)
        elif o["status"] in ("review", "held", "duplicate", "ready") and now > deadline:
            late += 1
    return {"within": on_time, "outside": late, "share": _share(on_time, on_time + late)}


def touchless(orders: list[dict], reviews: list[dict]) -> dict[str, Any]:
    touched = {r["order_id"] for r in reviews}
    delivered = [o["order_id"] for o in orders if o["delivered_at"]]
    untouched = sum(1 for oid in delivered if oid not in touched)
    return {"delivered": len(delivered), "touchless": untouched, "share": _share(untouched, len(delivered))}


def corrections(orders: list[dict], reviews: list[dict]) -> dict[str, Any]:
    fields = sum(len(json.loads(r["data"] or "{}").get("changes", [])) for r in reviews
                 if r["outcome"] == "corrected")
    per_100 = round(100 * fields / len(orders), 1) if orders else None
    return {"fields": fields, "orders": len(orders), "per_100": per_100}


def waiting_by_age(rows: list[dict], now: datetime) -> dict[str, Any]:
    counts = Counter(_bucket((now - _dt(r["received_at"])).total_seconds() / 3600, AGE_BUCKETS) for r in rows)
    return {"total": len(rows), "buckets": [{"label": label, "count": counts[label]} for _, label in AGE_BUCKETS]}


def receipt_to_erp(orders: list[dict]) -> dict[str, Any]:
    minutes = [(_dt(o["delivered_at"]) - _dt(o["received_at"])).total_seconds() / 60
               for o in orders if o["delivered_at"]]
    counts = Counter(_bucket(m, DURATION_BUCKETS) for m in minutes)
    return {"count": len(minutes),
            "median_min": round(median(minutes), 2) if minutes else None,
            "p90_min": round(_percentile(minutes, 0.9), 2) if minutes else None,
            "mean_min": round(mean(minutes), 2) if minutes else None,
            "buckets": [{"label": label, "count": counts[label]} for _, label in DURATION_BUCKETS]}
