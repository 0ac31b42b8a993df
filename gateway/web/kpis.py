"""KPIs from the journal: what came in, how fast and how cleanly it went out, and what is waiting.

Figures for a period (orders received in it; days and periods in the given time zone):

* ``received``: orders received per channel and per local day, and top-level documents per channel
  (every order row counts, duplicates included);
* ``sla``: of the orders whose fate is known (delivered, or deadline passed undelivered), the share
  delivered by their deadline; plus the orders at risk and late right now;
* ``touchless``: the share of delivered orders nobody touched in review (no review event);
* ``entry_errors``: fields corrected in review per 100 orders received (duplicates excluded);
* ``receipt_to_erp_seconds``: p50, p90, p95, mean and max of receipt-to-delivery over delivered
  orders, and how many fall in each duration bucket;
* ``duplicates``: documents (same bytes or interchange) and orders (same PO and lines) caught;
* ``anomalies``: orders flagged with an ANOMALY-* reason, by code;
* ``waiting``: right now, documents and orders waiting per stage, by age.

SQL stays portable (SQLite and PostgreSQL): plain selects, percentiles and JSON done in Python.
``kpi_gauges`` puts today's figures on ``/metrics``.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from gateway.stages.anomaly import find_overdue_customers
from gateway.context import Context
from gateway.errors import GatewayError
from gateway.store.journal import iso, utcnow
from gateway.stages.sla import watch_orders, zone_named

PERIODS = ("today", "week", "month")
AGE_BUCKETS = ((3600, "<1h"), (4 * 3600, "1-4h"), (24 * 3600, "4-24h"))
OLDEST_BUCKET = ">24h"
DURATION_BUCKETS = ((300, "<5m"), (1800, "5-30m"), (7200, "30m-2h"), (28800, "2-8h"), (None, ">8h"))
ANOMALY_PREFIX = "ANOMALY-"


class KpiError(GatewayError):
    """A period or time zone the KPIs cannot be computed for."""

    code = "KPI-PERIOD"


def period_bounds(period: str, zone: ZoneInfo, now: datetime) -> tuple[datetime, datetime]:
    """From the local start of today, this week (Monday) or this month, to just after now.

    Raises KpiError."""
    if period not in PERIODS:
        raise KpiError(f"period must be one of {', '.join(PERIODS)}", code="KPI-PERIOD")
    day = now.astimezone(zone).date()
    if period == "week":
        day -= timedelta(days=day.weekday())
    elif period == "month":
        day = day.replace(day=1)
    return datetime.combine(day, time(0), tzinfo=zone), now + timedelta(microseconds=1)


def percentile(values: list[float], q: float) -> float | None:
    """The q-th percentile (0-100), interpolating linearly between closest ranks; None if empty."""
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def age_bucket(seconds: float) -> str:
    return next((name for limit, name in AGE_BUCKETS if seconds < limit), OLDEST_BUCKET)


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


# --- queries ---------------------------------------------------------------------------------


async def _orders(ctx: Context, since: datetime, until: datetime) -> list[dict]:
    return await ctx.journal.query(
        "SELECT o.order_id, o.status, o.priority, o.received_at, o.deadline, o.delivered_at, "
        "d.channel, (SELECT COUNT(*) FROM events e WHERE e.order_id = o.order_id "
        "AND e.stage = 'review') AS reviews "
        "FROM orders o JOIN documents d ON d.id = o.document_id "
        "WHERE o.received_at >= ? AND o.received_at < ?", (iso(since), iso(until)))


async def _documents(ctx: Context, since: datetime, until: datetime) -> list[dict]:
    return await ctx.journal.query(
        "SELECT channel, status FROM documents WHERE parent_id IS NULL "
        "AND received_at >= ? AND received_at < ?", (iso(since), iso(until)))


async def _events(ctx: Context, since: datetime, until: datetime) -> list[dict]:
    """Dedup, decide and correction events of documents received in the period."""
    return await ctx.journal.query(
        "SELECT e.document_id, e.order_id, e.stage, e.outcome, e.data FROM events e "
        "JOIN documents d ON d.id = e.document_id WHERE d.received_at >= ? AND d.received_at < ? "
        "AND (e.stage IN ('dedup', 'decide') OR (e.stage = 'review' AND e.outcome = 'corrected'))",
        (iso(since), iso(until)))


async def waiting_by_stage(ctx: Context, now: datetime) -> dict[str, dict[str, int]]:
    """What waits right now, per stage and age since receipt."""
    queries = {
        "pipeline": "SELECT received_at FROM documents WHERE status IN ('received', 'processing', 'retry')",
        "document_review": "SELECT d.received_at FROM documents d WHERE d.status = 'review' AND NOT EXISTS "
                           "(SELECT 1 FROM orders o WHERE o.document_id = d.id)",
        "review": "SELECT received_at FROM orders WHERE status IN ('review', 'held', 'duplicate')",
        "delivery": "SELECT o.received_at FROM deliveries dl JOIN orders o ON o.order_id = dl.order_id "
                    "WHERE dl.status IN ('pending', 'delivering')",
    }
    out: dict[str, dict[str, int]] = {}
    for stage, sql in queries.items():
        ages = Counter(age_bucket((now - datetime.fromisoformat(r["received_at"])).total_seconds())
                       for r in await ctx.journal.query(sql) if r["received_at"])
        out[stage] = {name: ages.get(name, 0) for name in [*(b[1] for b in AGE_BUCKETS), OLDEST_BUCKET]}
    return out


# --- figures ---------------------------------------------------------------------------------


def received_figures(orders: list[dict], documents: list[dict], zone: ZoneInfo) -> dict:
    per_day: dict[str, Counter] = defaultdict(Counter)
    for o in orders:
        per_day[o["channel"]][_dt(o["received_at"]).astimezone(zone).date().isoformat()] += 1
    return {"orders": len(orders),
            "orders_by_channel": dict(sorted(Counter(o["channel"] for o in orders).items())),
            "orders_by_channel_and_day": {ch: dict(sorted(days.items())) for ch, days in sorted(per_day.items())},
            "documents_by_channel": dict(sorted(Counter(d["channel"] for d in documents).items())),
            "urgent": sum(1 for o in orders if o["priority"] == "urgent")}


def sla_figures(orders: list[dict], now: datetime) -> dict:
    within = missed = 0
    for o in orders:
        deadline = _dt(o["deadline"])
        if deadline is None or o["status"] in ("duplicate", "rejected"):
            continue
        delivered = _dt(o["delivered_at"])
        if delivered is not None:
            within += delivered <= deadline
            missed += delivered > deadline
        elif deadline < now:
            missed += 1
    return {"decided": within + missed, "within": within, "missed": missed,
            "share_within": _ratio(within, within + missed)}


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def delivery_figures(orders: list[dict]) -> tuple[dict, dict]:
    delivered = [o for o in orders if o["delivered_at"]]
    untouched = sum(1 for o in delivered if not o["reviews"])
    seconds = [(_dt(o["delivered_at"]) - _dt(o["received_at"])).total_seconds() for o in delivered]
    spread = Counter(next(label for limit, label in DURATION_BUCKETS if limit is None or s < limit)
                     for s in seconds)
    return ({"delivered": len(delivered), "touchless": untouched, "share": _ratio(untouched, len(delivered))},
            {"count": len(seconds), **{f"p{q}": _rounded(percentile(seconds, q)) for q in (50, 90, 95)},
             "mean": _rounded(sum(seconds) / len(seconds)) if seconds else None,
             "max": _rounded(max(seconds)) if seconds else None,
             "by_duration": {label: spread.get(label, 0) for _, label in DURATION_BUCKETS}})


def event_figures(events: list[dict], orders_received: int) -> dict:
    dup_docs, dup_orders, corrections = set(), set(), 0
    anomalies: dict[str, set[str]] = defaultdict(set)
    for e in events:
        data = json.loads(e["data"] or "{}")
        if e["stage"] == "dedup" and e["outcome"] == "duplicate":
            dup_docs.add(e["document_id"])
        elif e["stage"] == "decide":
            if e["outcome"] == "duplicate":
                dup_orders.add(e["order_id"])
            for code in data.get("issues", []):
                if isinstance(code, str) and code.startswith(ANOMALY_PREFIX):
                    anomalies[code].add(e["order_id"])
        elif e["stage"] == "review":
            corrections += len(data.get("changes", []))
    flagged = set().union(*anomalies.values()) if anomalies else set()
    return {
        "duplicates": {"documents": len(dup_docs), "orders": len(dup_orders),
                       "total": len(dup_docs) + len(dup_orders)},
        "anomalies": {"orders": len(flagged), "by_code": {c: len(ids) for c, ids in sorted(anomalies.items())}},
        "entry_errors": {"corrections": corrections, "orders": orders_received,
                         "per_100_orders": round(corrections * 100 / orders_received, 2)
                         if orders_received else None},
    }


async def compute_kpis(ctx: Context, since: datetime, until: datetime, zone: ZoneInfo,
                       now: datetime | None = None) -> dict:
    """Every KPI for orders received in [since, until), as one JSON-ready dict."""
    now = now or utcnow()
    orders = await _orders(ctx, since, until)
    events = await _events(ctx, since, until)
    counted = sum(1 for o in orders if o["status"] != "duplicate")
    touchless, receipt_to_erp = delivery_figures(orders)
    watch = await watch_orders(ctx, now)
    return {
        "period": {"since": iso(since), "until": iso(until), "timezone": zone.key},
        "received": received_figures(orders, await _documents(ctx, since, until), zone),
        "sla": {**sla_figures(orders, now), "at_risk_now": len(watch.at_risk), "late_now": len(watch.late)},
        "touchless": touchless,
        "receipt_to_erp_seconds": receipt_to_erp,
        **event_figures(events, counted),
        "waiting": await waiting_by_stage(ctx, now),
    }


async def kpi_gauges(ctx: Context) -> None:
    """Today's KPIs (gateway time zone) as gauges on ``ctx.metrics``; call from the /metrics handler."""
    zone = zone_named(ctx.config.gateway.timezone)
    now = utcnow()
    since, until = period_bounds("today", zone, now)
    k = await compute_kpis(ctx, since, until, zone, now)
    m = ctx.metrics
    for channel, n in k["received"]["orders_by_channel"].items():
        m.set_gauge("gateway_kpi_orders_received_today", n, channel=channel)
    optional = {"gateway_kpi_sla_within_ratio": k["sla"]["share_within"],
                "gateway_kpi_touchless_ratio": k["touchless"]["share"],
                "gateway_kpi_entry_errors_per_100_orders": k["entry_errors"]["per_100_orders"]}
    for name, value in optional.items():
        if value is not None:
            m.set_gauge(name, value)
    for key, quantile in (("p50", "0.5"), ("p95", "0.95")):
        if k["receipt_to_erp_seconds"][key] is not None:
            m.set_gauge("gateway_kpi_receipt_to_erp_seconds", k["receipt_to_erp_seconds"][key],
                        quantile=quantile)
    m.set_gauge("gateway_kpi_duplicates_caught_today", k["duplicates"]["total"])
    m.set_gauge("gateway_kpi_anomalies_flagged_today", k["anomalies"]["orders"])
    m.set_gauge("gateway_orders_at_risk", k["sla"]["at_risk_now"])
    m.set_gauge("gateway_orders_late", k["sla"]["late_now"])
    for stage, ages in k["waiting"].items():
        for age, n in ages.items():
            m.set_gauge("gateway_kpi_waiting", n, stage=stage, age=age)
    await find_overdue_customers(ctx, now)
