"""The figures of the console's dashboard, for today, this week or this month.

The numbers are ``gateway.web.kpis``'s (the same as ``GET /v1/kpis`` and the ``/metrics`` gauges, so the
dashboard and the API never disagree); this module only shapes them for the page: a series per channel
over every day of the period, waiting orders by age, receipt-to-ERP times in minutes.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from gateway.context import Context
from gateway.store.journal import iso, utcnow
from gateway.web.kpis import PERIODS, compute_kpis as compute_all, period_bounds
from gateway.stages.sla import zone_named

__all__ = ["PERIODS", "compute_kpis"]


def _days(first: date, last: date) -> list[str]:
    return [(first + timedelta(days=n)).isoformat() for n in range((last - first).days + 1)]


def _minutes(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / 60, 2)


async def compute_kpis(ctx: Context, period: str, now: datetime | None = None) -> dict[str, Any]:
    """Every dashboard figure for ``period`` (today, week, month) in ``gateway.timezone``."""
    now = now or utcnow()
    zone = zone_named(ctx.config.gateway.timezone)
    since, until = period_bounds(period, zone, now)
    k = await compute_all(ctx, since, until, zone, now)
    days = _days(since.date(), now.astimezone(zone).date())
    by_day = k["received"]["orders_by_channel_and_day"]
    waiting = k["waiting"]["review"]
    r2e, errors = k["receipt_to_erp_seconds"], k["entry_errors"]
    return {
        "period": period, "since": iso(since), "until": iso(now), "timezone": zone.key,
        "orders_total": k["received"]["orders"],
        "per_channel_per_day": {"days": days, "series": [
            {"channel": ch, "counts": [counts.get(d, 0) for d in days], "total": sum(counts.values())}
            for ch, counts in by_day.items()]},
        "within_sla": {"within": k["sla"]["within"], "outside": k["sla"]["missed"],
                       "share": k["sla"]["share_within"]},
        "touchless": k["touchless"],
        "corrections": {"fields": errors["corrections"], "orders": errors["orders"],
                        "per_100": errors["per_100_orders"]},
        "waiting_by_age": {"total": sum(waiting.values()),
                           "buckets": [{"label": label, "count": n} for label, n in waiting.items()]},
        "receipt_to_erp": {"count": r2e["count"], "median_min": _minutes(r2e["p50"]),
                           "p90_min": _minutes(r2e["p90"]), "mean_min": _minutes(r2e["mean"]),
                           "buckets": [{"label": label, "count": n} for label, n in r2e["by_duration"].items()]},
    }
