"""HTTP routes of the decide-and-watch side: KPIs, alerts for overdue customers, orders at SLA risk.

* ``GET /v1/kpis?period=today|week|month&tz=Europe/Paris`` (or ``since``/``until`` ISO 8601 times);
* ``GET /v1/alerts``: regular customers whose usual order has not come;
* ``GET /v1/sla``: orders not delivered whose deadline has passed (``late``) or is near (``at_risk``).

Every route is under ``/v1`` and so needs the API key (``gateway.web.api`` middleware).
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from aiohttp import web

from gateway.web.errors import json_error
from gateway.web.request_keys import GATEWAY
from gateway.stages.anomaly import find_overdue_customers
from gateway.store.journal import utcnow
from gateway.web.kpis import KpiError, compute_kpis, period_bounds
from gateway.stages.sla import watch_orders


def _ctx(request: web.Request):
    return request.app[GATEWAY].ctx


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise KpiError(f"unknown time zone {name!r}", code="KPI-TIMEZONE") from None


def _instant(value: str, zone: ZoneInfo) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise KpiError(f"{value!r} is not an ISO 8601 date or time", code="KPI-PERIOD") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def _bounds(request: web.Request, zone: ZoneInfo, now: datetime) -> tuple[datetime, datetime]:
    q = request.query
    since, until = period_bounds(q.get("period", "today"), zone, now)
    if "since" in q:
        since = _instant(q["since"], zone)
    if "until" in q:
        until = _instant(q["until"], zone)
    return since, until


async def get_kpis(request: web.Request) -> web.Response:
    ctx = _ctx(request)
    now = utcnow()
    try:
        zone = _zone(request.query.get("tz") or ctx.config.gateway.timezone)
        since, until = _bounds(request, zone, now)
    except KpiError as exc:
        return json_error(400, exc.code, exc.message)
    return web.json_response(await compute_kpis(ctx, since, until, zone, now))


async def get_alerts(request: web.Request) -> web.Response:
    return web.json_response({"alerts": await find_overdue_customers(_ctx(request), utcnow())})


async def get_sla(request: web.Request) -> web.Response:
    ctx = _ctx(request)
    watch = await watch_orders(ctx, utcnow())
    ctx.metrics.set_gauge("gateway_orders_at_risk", len(watch.at_risk))
    ctx.metrics.set_gauge("gateway_orders_late", len(watch.late))
    return web.json_response({"at_risk": watch.at_risk, "late": watch.late,
                              "at_risk_minutes": ctx.config.decide.sla.at_risk_minutes})


def add_decide_routes(app: web.Application) -> None:
    app.router.add_get("/v1/kpis", get_kpis)
    app.router.add_get("/v1/alerts", get_alerts)
    app.router.add_get("/v1/sla", get_sla)
