"""The HTTP source's route, ``POST /v1/documents``: a document in, 202 once its bytes are durable.

The body is read within the limit (``connectors.http_source``; 413 past it); content no extractor
recognises gets 415; the 202 (with the document id) is sent only once the bytes are durable.
``?wait=<seconds>`` waits for the pipeline and answers 200 with the outcome and any EDI acknowledgement
inline, for partners that expect their CONTRL or 997 in the response. Typed errors become HTTP
statuses in ``gateway.web.errors``.
"""

from __future__ import annotations

import asyncio
import base64

from aiohttp import web

from connectors.http_source import read_limited, request_meta
from gateway.store.journal import OPEN_STATUSES
from gateway.web.errors import INTAKE_ERRORS, intake_refusal, json_error
from gateway.web.request_keys import API_CLIENT, GATEWAY


async def post_document(request: web.Request) -> web.Response:
    ctx = request.app[GATEWAY].ctx
    try:
        wait = _wait_seconds(request)
    except ValueError as exc:
        return json_error(400, "BAD-QUERY", str(exc))
    try:
        assert ctx.intake is not None
        await ctx.intake.backlog.check()  # past the bound the body is not even read
        raw = await read_limited(request, ctx.config.http.max_body_bytes)
        meta = request_meta(request, request[API_CLIENT])
        if not raw:
            return json_error(400, "HTTP-EMPTY", "the request body is empty")
        if ctx.registry.pick(raw[:8192], meta.filename, meta.content_type) is None:
            ctx.metrics.inc("gateway_documents_refused_total", channel="http", reason="unsupported")
            return json_error(415, "FORMAT-UNKNOWN", "no extractor recognises this content")
        envelope = await ctx.intake.accept(raw, "http", meta)
    except INTAKE_ERRORS as exc:
        response, reason = intake_refusal(exc)
        ctx.metrics.inc("gateway_documents_refused_total", channel="http", reason=reason)
        return response
    ctx.metrics.inc("gateway_documents_received_total", channel="http")
    body = {"document_id": envelope.document_id, "sha256": envelope.sha256,
            "status_url": f"/v1/documents/{envelope.document_id}",
            "duplicate_intake": envelope.duplicate_intake}
    if wait:
        done = await _wait_done(ctx.journal, envelope.document_id, wait)
        if done is not None:
            return web.json_response({**body, **done}, status=200)
    return web.json_response(body, status=202)


def _wait_seconds(request: web.Request) -> float:
    """``?wait=`` in seconds, 0 to 60. Raises ValueError for anything else (the API answers 400)."""
    value = request.query.get("wait", "0")
    try:
        seconds = float(value)
    except ValueError:
        seconds = float("nan")
    if not 0.0 <= seconds <= 60.0:  # also refuses nan
        raise ValueError(f"wait must be a number of seconds from 0 to 60, not {value[:40]!r}")
    return seconds


async def _wait_done(journal, document_id: str, seconds: float) -> dict | None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while loop.time() < deadline:
        doc = await journal.get_document(document_id)
        if doc and doc.status not in OPEN_STATUSES:
            acks = await journal.acks_for_document(document_id)
            orders = await journal.orders_for_document(document_id)
            return {"status": doc.status, "error_code": doc.error_code, "error": doc.error_message,
                    "orders": [{"order_id": o.order_id, "status": o.status.value} for o in orders],
                    "acks": [_ack_json(a) for a in acks]}
        await asyncio.sleep(0.1)
    return None


def _ack_json(ack: dict) -> dict:
    """An acknowledgement for the ``?wait`` answer: an order response not yet rendered (waiting for its
    order's delivery) has its status only; its stored body is not the partner's bytes yet."""
    out = {"id": ack["id"], "kind": ack["kind"], "status": ack["status"]}
    if not (ack.get("order_id") and ack["body"][:1] == b"{"):
        out["body_base64"] = base64.b64encode(ack["body"]).decode()
    return out
