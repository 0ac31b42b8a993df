"""HTTP source: ``POST /v1/documents`` takes a raw EDIFACT, X12, XML, PDF, image or e-mail body.

The body is read in chunks and refused with 413 as soon as it passes the limit (never buffered past
it); content no extractor recognises gets 415; the 202 (with the document id) is sent only once the
bytes are durable. ``?wait=<seconds>`` waits for the pipeline and answers 200 with the outcome and any
EDI acknowledgement inline, for partners that expect their CONTRL or 997 in the response.
Errors are translated to HTTP statuses here, once.
"""

from __future__ import annotations

import asyncio
import base64

from aiohttp import web

from gateway.store.backpressure import BacklogError
from gateway.errors import IntakeError, LimitError
from gateway.store.intake import IntakeMeta
from gateway.names import HostileNameError
from gateway.store.journal import OPEN_STATUSES
from gateway.web.request_keys import API_CLIENT



async def read_limited(request: web.Request, limit: int) -> bytes:
    """The request body, or LimitError as soon as it passes ``limit`` bytes."""
    if request.content_length is not None and request.content_length > limit:
        raise LimitError(f"body of {request.content_length} bytes is over the {limit}-byte limit",
                         code="HTTP-SIZE")
    chunks, size = [], 0
    async for chunk in request.content.iter_chunked(64 * 1024):
        size += len(chunk)
        if size > limit:
            raise LimitError(f"body is over the {limit}-byte limit", code="HTTP-SIZE")
        chunks.append(chunk)
    return b"".join(chunks)


def _meta(request: web.Request) -> IntakeMeta:
    filename = request.headers.get("X-Filename") or request.query.get("filename")
    partner = request.headers.get("X-Partner") or request.query.get("partner")
    content_type = request.headers.get("Content-Type")
    if filename:  # the last path part, kept as sent (shown escaped; NUL and ESC refused by intake)
        filename = filename.replace("\\", "/").rsplit("/", 1)[-1][:200]
    return IntakeMeta(sender=f"api:{request[API_CLIENT]}", partner=partner, filename=filename,
                      content_type=content_type,
                      extra={"remote": request.remote, "user_agent": request.headers.get("User-Agent", "")[:200]})


async def post_document(request: web.Request) -> web.Response:
    from gateway.web.api import GATEWAY
    ctx = request.app[GATEWAY].ctx
    try:
        wait = _wait_seconds(request)
    except ValueError as exc:
        return _error(400, "BAD-QUERY", str(exc))
    try:
        raw = await read_limited(request, ctx.config.http.max_body_bytes)
        meta = _meta(request)
        if not raw:
            return _error(400, "HTTP-EMPTY", "the request body is empty")
        if ctx.registry.pick(raw[:8192], meta.filename, meta.content_type) is None:
            ctx.metrics.inc("gateway_documents_refused_total", channel="http", reason="unsupported")
            return _error(415, "FORMAT-UNKNOWN", "no extractor recognises this content")
        envelope = await ctx.intake.accept(raw, "http", meta)
    except HostileNameError as exc:
        ctx.metrics.inc("gateway_documents_refused_total", channel="http", reason=exc.code)
        return _error(400, exc.code, exc.message)
    except LimitError as exc:
        ctx.metrics.inc("gateway_documents_refused_total", channel="http", reason="size")
        return _error(413, exc.code, exc.message)
    except BacklogError as exc:
        ctx.metrics.inc("gateway_documents_refused_total", channel="http", reason="backlog")
        return _error(429, exc.code, exc.message, headers={"Retry-After": str(exc.retry_after_s)})
    except IntakeError as exc:
        ctx.metrics.inc("gateway_documents_refused_total", channel="http", reason="store")
        return _error(503, exc.code, "the gateway cannot store documents right now; retry later",
                      headers={"Retry-After": "30"})
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


def _error(status: int, code: str, message: str, headers: dict | None = None) -> web.Response:
    return web.json_response({"error": {"code": code, "message": message}}, status=status,
                             headers=headers)
