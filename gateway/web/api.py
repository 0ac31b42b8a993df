"""The HTTP API (aiohttp): document intake, status and history, orders, retry, health and metrics.

Every ``/v1`` route needs an API key (``X-API-Key`` or ``Authorization: Bearer``) or an operator-console
session cookie (writes also need the session's CSRF token, see ``gateway.web.console_auth``); a missing or
wrong key is 401. ``/healthz``, ``/readyz``, ``/metrics`` and ``/openapi.json`` are open. Errors leave as JSON
``{"error": {"code", "message"}}`` with the HTTP status chosen here.
"""

from __future__ import annotations

import hmac
from datetime import datetime

import structlog
from aiohttp import web

from gateway.web.documents import post_document
from gateway.web.errors import json_error
from gateway.web.api_decide import add_decide_routes
from gateway.web.api_review import add_review_routes
from gateway.web.console import add_console_routes
from gateway.web.console_auth import SESSION_COOKIE, authenticate_console
from gateway.model import OrderStatus
from gateway.store.journal import DOC_STATUSES, Event
from gateway.web.kpis import kpi_gauges
from gateway.web.openapi import OPENAPI
from gateway.web.request_keys import API_CLIENT, API_KEY, GATEWAY, ROLE, USER

log = structlog.get_logger(__name__)



def _api_key(request: web.Request) -> str | None:
    key = request.headers.get("X-API-Key")
    auth = request.headers.get("Authorization", "")
    if not key and auth.startswith("Bearer "):
        key = auth[7:].strip()
    return key


@web.middleware
async def auth_middleware(request: web.Request, handler):
    if request.path.startswith("/v1/"):
        expected: str = request.app[API_KEY]
        given = _api_key(request)
        auth = request.headers.get("Authorization")
        if auth is not None and not (auth.startswith("Bearer ") and auth[7:].strip()):
            return json_error(401, "AUTH", "the Authorization header must be 'Bearer <API key>'")
        if not given and SESSION_COOKIE in request.cookies:  # the operator console
            refused = await authenticate_console(request)
            return refused if refused is not None else await handler(request)
        if not given or not hmac.compare_digest(given.encode(), expected.encode()):
            return json_error(401, "AUTH", "a valid API key is required")
        request[API_CLIENT] = "key"
        request[USER] = "api"
        request[ROLE] = "api"
    return await handler(request)


def _doc_json(doc) -> dict:
    return {"document_id": doc.id, "status": doc.status, "channel": doc.channel, "sender": doc.sender,
            "partner": doc.partner, "filename": doc.filename, "content_type": doc.content_type,
            "size": doc.size, "sha256": doc.sha256, "received_at": doc.received_at.isoformat(),
            "format": doc.format, "doc_type": doc.doc_type, "customer_id": doc.customer_id,
            "parent_id": doc.parent_id, "attempts": doc.attempts, "error_code": doc.error_code,
            "error": doc.error_message,
            "metadata": {k: v for k, v in doc.metadata.items() if k not in ("remote",)}}


def _event_json(e: Event) -> dict:
    return {"stage": e.stage, "outcome": e.outcome, "reason": e.reason, "at": e.at.isoformat(),
            "order_id": e.order_id, "data": e.data}


async def get_document(request: web.Request) -> web.Response:
    journal = request.app[GATEWAY].ctx.journal
    doc = await journal.get_document(request.match_info["id"])
    if doc is None:
        return json_error(404, "NOT-FOUND", "no such document")
    history = await journal.history(doc.id)
    orders = await journal.orders_for_document(doc.id)
    children = await journal.list_documents(parent_id=doc.id, limit=1000)
    acks = await journal.acks_for_document(doc.id)
    return web.json_response({
        **_doc_json(doc), "history": [_event_json(e) for e in history],
        "orders": [o.model_dump(mode="json") for o in orders],
        "children": [{"document_id": c.id, "status": c.status, "filename": c.filename} for c in children],
        "acks": [{"id": a["id"], "kind": a["kind"], "via": a["via"], "status": a["status"],
                  "url": f"/v1/documents/{doc.id}/acks/{a['id']}"} for a in acks],
    })


async def get_raw(request: web.Request) -> web.StreamResponse:
    ctx = request.app[GATEWAY].ctx
    doc = await ctx.journal.get_document(request.match_info["id"])
    if doc is None:
        return json_error(404, "NOT-FOUND", "no such document")
    name = doc.filename or f"{doc.id}.bin"
    return web.FileResponse(ctx.archive.path_of(doc.sha256), headers={
        "Content-Type": "application/octet-stream",
        "Content-Disposition": f'attachment; filename="{name}"'})


async def get_ack(request: web.Request) -> web.Response:
    acks = await request.app[GATEWAY].ctx.journal.acks_for_document(request.match_info["id"])
    ack = next((a for a in acks if a["id"] == request.match_info["ack"]), None)
    if ack is None:
        return json_error(404, "NOT-FOUND", "no such acknowledgement")
    if ack["status"] == "waiting":
        return json_error(409, "ACK-WAITING", "the order response is sent once the ERP has taken the order")
    return web.Response(body=ack["body"], content_type="application/edi-x12"
                        if ack["kind"] in ("997", "999", "855") else "application/edifact")


async def list_documents(request: web.Request) -> web.Response:
    q = request.query
    try:
        status = _choice(q.get("status"), set(DOC_STATUSES), "status")
        limit = _int(q.get("limit"), 100, 1000)
    except ValueError as exc:
        return json_error(400, "BAD-QUERY", str(exc))
    docs = await request.app[GATEWAY].ctx.journal.list_documents(
        status=status, channel=q.get("channel"), limit=limit)
    return web.json_response({"documents": [_doc_json(d) for d in docs]})


def _choice(value: str | None, allowed: set[str], name: str) -> str | None:
    """``value`` when absent or one of ``allowed``. Raises ValueError naming the allowed values."""
    if value is None or value in allowed:
        return value
    raise ValueError(f"{name} {value[:40]!r} is not one of {', '.join(sorted(allowed))}")


def _int(value: str | None, default: int, cap: int) -> int:
    """A whole number from 0 to ``cap`` given in the query, ``default`` when absent. Raises ValueError."""
    if value is None:
        return default
    if not (value.isascii() and value.isdigit()) or int(value) > cap:
        raise ValueError(f"{value[:40]!r} is not a whole number from 0 to {cap}")
    return int(value)


def _date(value: str | None) -> datetime | None:
    if value is None:  # absent; an empty value is a bad date like any other (400)
        return None
    dt = datetime.fromisoformat(value)
    return dt if dt.tzinfo else dt.replace(tzinfo=datetime.now().astimezone().tzinfo)


async def list_orders(request: web.Request) -> web.Response:
    q = request.query
    try:
        since, until = _date(q.get("since")), _date(q.get("until"))
    except ValueError:
        return json_error(400, "BAD-DATE", "since/until must be ISO 8601 dates or times")
    try:
        status = _choice(q.get("status"), {s.value for s in OrderStatus}, "status")
        limit, offset = _int(q.get("limit"), 100, 1000), _int(q.get("offset"), 0, 10**9)
    except ValueError as exc:
        return json_error(400, "BAD-QUERY", f"status/limit/offset: {exc}")
    orders = await request.app[GATEWAY].ctx.journal.list_orders(
        status=status, customer_id=q.get("customer"), since=since, until=until,
        po_number=q.get("po"), limit=limit, offset=offset)
    if q.get("team"):
        orders = [o for o in orders if o.team == q["team"]]
    return web.json_response({"orders": [o.model_dump(mode="json") for o in orders]})


async def get_order(request: web.Request) -> web.Response:
    ctx = request.app[GATEWAY].ctx
    order = await ctx.journal.get_order(request.match_info["id"])
    if order is None:
        return json_error(404, "NOT-FOUND", "no such order")
    delivery = await ctx.journal.delivery(order.order_id)
    body = order.model_dump(mode="json")
    body["delivery"] = None if delivery is None else {
        "status": delivery.status, "attempts": delivery.attempts, "last_error": delivery.last_error,
        "next_attempt_at": delivery.next_attempt_at.isoformat() if delivery.next_attempt_at else None}
    return web.json_response(body)


async def retry_document(request: web.Request) -> web.Response:
    gw = request.app[GATEWAY]
    doc_id = request.match_info["id"]
    if await gw.ctx.journal.get_document(doc_id) is None:
        return json_error(404, "NOT-FOUND", "no such document")
    ok = await gw.ctx.journal.reset_document(doc_id, Event(stage="operator", outcome="retry",
                                                           reason="retry requested over the API"))
    if not ok:
        return json_error(409, "RETRY-BUSY", "the document is waiting or being processed already")
    gw.pipeline.notify()
    return web.json_response({"document_id": doc_id, "status": "received"}, status=202)


async def healthz(request: web.Request) -> web.Response:
    gw = request.app[GATEWAY]
    try:
        counts = await gw.ctx.journal.counts()
    except Exception as exc:  # the journal is the gateway's heart: unhealthy without it
        return web.json_response({"status": "unavailable", "error": type(exc).__name__}, status=503)
    healthy = gw.healthy()
    status = "ok" if healthy else "starting" if not gw.ready() else "degraded"
    return web.json_response({"status": status, "node": gw.node_id, "tasks": gw.task_states(),
                              "listeners": gw.readiness.listeners,
                              "documents": counts["documents"], "orders": counts["orders"],
                              "deliveries": counts["deliveries"]},
                             status=200 if healthy else 503)


async def readyz(request: web.Request) -> web.Response:
    """200 once every configured listener accepts connections (and until shutdown begins), else 503."""
    gw = request.app[GATEWAY]
    ready = gw.ready()
    return web.json_response({"status": "ready" if ready else "not-ready", "node": gw.node_id,
                              "listeners": gw.readiness.listeners,
                              "waiting_for": gw.readiness.waiting_for()}, status=200 if ready else 503)


async def metrics(request: web.Request) -> web.Response:
    gw = request.app[GATEWAY]
    counts = await gw.ctx.journal.counts()
    for table, by_status in counts.items():
        for status, n in by_status.items():
            gw.ctx.metrics.set_gauge(f"gateway_{table}_by_status", n, status=status)
    try:
        await kpi_gauges(gw.ctx)
    except Exception:  # the counters above are still worth serving
        log.exception("kpi_gauges_failed")
    return web.Response(text=gw.ctx.metrics.render(), content_type="text/plain", charset="utf-8",
                        headers={"X-Content-Type-Options": "nosniff"})


@web.middleware
async def synced_reads(request: web.Request, handler):
    """What the API shows is on disk: a decision is committed without waiting for the disk (made durable
    with the next fsync, ``Journal.sync_soon``), so a read first syncs the journal (nothing to do when every
    commit is already durable). A partner fetching its CONTRL or 997 by pull, or a clerk reading an order
    id, never sees a decision a power cut could still undo."""
    if request.method in ("GET", "HEAD") and request.path.startswith("/v1/"):
        await request.app[GATEWAY].ctx.journal.sync()
    return await handler(request)


async def openapi(request: web.Request) -> web.Response:
    return web.json_response(OPENAPI)


def build_app(gateway, api_key: str) -> web.Application:
    app = web.Application(middlewares=[auth_middleware, synced_reads],
                          client_max_size=gateway.ctx.config.http.max_body_bytes + 1024)
    app[GATEWAY] = gateway
    app[API_KEY] = api_key
    app.router.add_post("/v1/documents", post_document)
    app.router.add_get("/v1/documents", list_documents)
    app.router.add_get("/v1/documents/{id}", get_document)
    app.router.add_get("/v1/documents/{id}/raw", get_raw)
    app.router.add_get("/v1/documents/{id}/acks/{ack}", get_ack)
    app.router.add_post("/v1/documents/{id}/retry", retry_document)
    app.router.add_get("/v1/orders", list_orders)
    app.router.add_get("/v1/orders/{id}", get_order)
    add_review_routes(app)
    add_decide_routes(app)
    add_console_routes(app, gateway)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    app.router.add_get("/metrics", metrics)
    app.router.add_get("/openapi.json", openapi)
    return app
