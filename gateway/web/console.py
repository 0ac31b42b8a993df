"""The operator console: the web pages the sales-administration team works in, served by the gateway.

Plain HTML, CSS and JavaScript modules from ``gateway/web/static`` (no build step). The pages
are one application under ``/console/``; what they show comes from the ``/v1`` JSON routes, which
accept a console session in place of an API key (see ``gateway.web.console_auth``). This module adds:

* ``/favicon.ico``; ``/console/`` (the application; a login page without a session), ``/console/login``,
  ``/console/logout`` and ``/console/static/*``;
* ``GET /v1/console/me``: who is logged in, the role, the CSRF token for write calls;
* ``GET /v1/queue``: the queue page's rows (``gateway.web.console_queue``);
* ``GET /v1/catalogue?customer=ID``: SKUs with descriptions and the customer's item cross-references;
* ``GET /v1/console/kpis?period=today|week|month``: the dashboard figures (``gateway.web.console_kpis``).
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from aiohttp import web

from gateway.web.errors import json_error
from gateway.web.console_auth import (
    CONSOLE, LOGIN_CSRF_COOKIE, SESSION_COOKIE, WRITE_ROLES, current_session, load_console_state, log_in,
    log_out, new_login_token, set_session_cookie,
)
from gateway.web.console_kpis import PERIODS, compute_kpis
from gateway.web.console_queue import QueryError, QueueFilters, build_queue
from gateway.store.journal import iso, utcnow
from gateway.web.request_keys import CONSOLE_SESSION, GATEWAY, ROLE, USER
from gateway.stages.sla import SlaError, calendar_for

STATIC = Path(__file__).resolve().parent / "static"
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
       "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")


def _gw(request: web.Request):
    return request.app[GATEWAY]


async def _page(name: str) -> str:
    return await asyncio.to_thread((STATIC / name).read_text, encoding="utf-8")


def _html(text: str, status: int = 200) -> web.Response:
    return web.Response(text=text, status=status, content_type="text/html", charset="utf-8",
                        headers={"Cache-Control": "no-store"})


# --- pages ------------------------------------------------------------------------------------


async def favicon(request: web.Request) -> web.Response:
    return web.FileResponse(STATIC / "favicon.ico", headers={"Cache-Control": "public, max-age=86400",
                                                             "Content-Type": "image/x-icon"})


async def console_root(request: web.Request) -> web.Response:
    raise web.HTTPFound("/console/")


async def console_index(request: web.Request) -> web.Response:
    if await current_session(request) is None:
        raise web.HTTPSeeOther("/console/login")
    return _html(await _page("index.html"))


async def login_page(request: web.Request, status: int = 200, error: str = "") -> web.Response:
    if status == 200 and await current_session(request) is not None:
        raise web.HTTPSeeOther("/console/")
    response = _html("", status)
    token = new_login_token(request, response)
    response.text = (await _page("login.html")).replace("__CSRF__", token).replace("__ERROR__", error)
    return response


async def login_post(request: web.Request) -> web.Response:
    form = {k: str(v) for k, v in (await request.post()).items()}
    status, error, token = await log_in(request, form)
    if token is None:
        return await login_page(request, status, error or "")
    response = web.HTTPSeeOther("/console/")
    set_session_cookie(response, request, token)
    response.del_cookie(LOGIN_CSRF_COOKIE, path="/console/login")
    raise response


async def logout_post(request: web.Request) -> web.Response:
    form = {k: str(v) for k, v in (await request.post()).items()}
    if await log_out(request, form) == 403:
        return json_error(403, "CSRF", "logout refused: not posted from the console")
    response = web.HTTPSeeOther("/console/login")
    response.del_cookie(SESSION_COOKIE, path="/")
    raise response


# --- JSON for the pages -----------------------------------------------------------------------


async def get_me(request: web.Request) -> web.Response:
    config = _gw(request).ctx.config
    session = request.get(CONSOLE_SESSION)
    role = request.get(ROLE, "api")
    return web.json_response({
        "user": request.get(USER), "role": role, "can_write": role in (*WRITE_ROLES, "api"),
        "csrf_token": session.csrf_token if session else None,
        "session_expires_at": session.expires_at.isoformat() if session else None,
        "sla_hours": config.pipeline.sla_hours, "review_threshold": config.pipeline.review_threshold,
        "timezone": config.gateway.timezone,
    })


async def get_queue(request: web.Request) -> web.Response:
    ctx = _gw(request).ctx
    try:
        filters = QueueFilters.from_query(request.query)
    except QueryError as exc:
        return json_error(400, "BAD-QUERY", str(exc))
    body = await build_queue(ctx.journal, filters, ctx.config.pipeline.sla_hours)
    body["calendar"] = business_day_now(ctx)
    body["customers"] = [{"id": c.customer_id, "name": c.name}
                         for c in sorted(ctx.master_data.current().customers.values(), key=lambda c: c.name)]
    return web.json_response(body)


def business_day_now(ctx) -> dict:
    """Whether today is a business day on the SLA calendar, and when the clocks run again if not:
    SLA time left is counted in business hours, so a Sunday queue says so."""
    calendar = calendar_for(ctx, None)
    now = utcnow()
    today = now.astimezone(calendar.zone).date()
    if calendar.is_business_day(today):
        return {"business_day": True, "today": today.isoformat(), "resumes_at": None}
    try:
        resumes = iso(calendar.at(calendar.next_business_day(today), calendar.opens))
    except SlaError:
        resumes = None
    return {"business_day": False, "today": today.isoformat(), "resumes_at": resumes}


async def get_catalogue(request: web.Request) -> web.Response:
    md = _gw(request).ctx.master_data.current()
    customer_id = request.query.get("customer", "")
    customer = md.customers.get(customer_id)
    if customer_id and customer is None:
        return json_error(404, "NOT-FOUND", "no such customer")
    products = [{"sku": p.sku, "description": p.description, "gtin": p.gtin, "uom": p.uom,
                 "unit_price": None if p.unit_price is None else str(p.unit_price)}
                for p in sorted(md.products.values(), key=lambda p: p.sku) if p.orderable]
    xref = [{"customer_item": item, "sku": sku} for (cid, item), sku in sorted(md.xref.items())
            if cid == customer_id]
    customers = [{"id": c.customer_id, "name": c.name} for c in sorted(md.customers.values(), key=lambda c: c.name)]
    return web.json_response({"customer": None if customer is None else {"id": customer.customer_id,
                                                                         "name": customer.name},
                              "customers": customers, "products": products, "xref": xref})


async def get_kpis(request: web.Request) -> web.Response:
    period = request.query.get("period", "today")
    if period not in PERIODS:
        return json_error(400, "BAD-PERIOD", f"period must be one of {', '.join(PERIODS)}")
    return web.json_response(await compute_kpis(_gw(request).ctx, period))


# --- wiring -----------------------------------------------------------------------------------


async def _security_headers(request: web.Request, response: web.StreamResponse) -> None:
    if request.path.startswith("/console"):
        if request.path.startswith("/console/static/"):
            response.headers.setdefault("Cache-Control", "no-cache")  # revalidate: new code after an upgrade
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")


def add_console_routes(app: web.Application, gateway) -> None:
    """Mount the console on the gateway's HTTP application; raises ConfigError for a bad user hash."""
    app[CONSOLE] = load_console_state(gateway.ctx.config, gateway.ctx.journal, gateway.ctx.logins)
    app.on_response_prepare.append(_security_headers)
    app.router.add_get("/favicon.ico", favicon)
    app.router.add_get("/console", console_root)
    app.router.add_get("/console/", console_index)
    app.router.add_get("/console/login", login_page)
    app.router.add_post("/console/login", login_post)
    app.router.add_post("/console/logout", logout_post)
    app.router.add_static("/console/static/", STATIC, append_version=False)
    app.router.add_get("/v1/console/me", get_me)
    app.router.add_get("/v1/console/kpis", get_kpis)
    app.router.add_get("/v1/queue", get_queue)
    app.router.add_get("/v1/catalogue", get_catalogue)
