"""HTTP routes of the review queue: what waits, page images with field boxes, corrections, approval.

The acting user comes from the request (``request[USER]``, set by the authentication middleware:
``api`` for an API key, the login name for a console session); ``request[ROLE]`` decides who may
change orders (``operator`` and ``supervisor``; ``read-only`` may only look).
"""

from __future__ import annotations

import asyncio
import json

from aiohttp import web

from gateway.web.errors import json_error, review_error
from gateway.model import OrderStatus
from gateway.review.order_states import Action, ReviewError, describe_state, order_state
from gateway.reference.learned_items import forget, learned_path, read_learned
from gateway.review.review import (
    act, approve_order, claim_order, comment_on_order, order_comments, confirm_same_order, correct_order, preview_learning, reject_order, release_duplicate,
)
from gateway.review.customer_reply import LANGUAGES, reply_draft, send_reply
from gateway.web.request_keys import GATEWAY, ROLE, USER
from gateway.review.page_images import page_png as page_png_of, page_words

WAITING = (OrderStatus.REVIEW, OrderStatus.HELD, OrderStatus.DUPLICATE)
WRITE_ROLES = ("operator", "supervisor", "api")
REASON_MAX = 2000


def _gw(request: web.Request):
    return request.app[GATEWAY]


def _actor(request: web.Request) -> tuple[str, str]:
    """(user, role) of the request. Raises ReviewError (403) for a role that may only look."""
    role = request.get(ROLE, "api")
    if role not in WRITE_ROLES:
        raise ReviewError(f"role {role} may not change orders", code="FORBIDDEN", status=403)
    return request.get(USER, "api"), role


async def list_review(request: web.Request) -> web.Response:
    ctx = _gw(request).ctx
    wanted = request.query.get("status")
    if wanted is not None and wanted not in {s.value for s in WAITING}:
        return review_error(ReviewError(f"status must be one of {', '.join(s.value for s in WAITING)}",
                                        code="BAD-QUERY", status=400))
    statuses = [OrderStatus(wanted)] if wanted else list(WAITING)
    out = []
    for status in statuses:
        for order in await ctx.journal.list_orders(status=status.value, customer_id=request.query.get("customer"),
                                                   limit=500):
            doc = await ctx.journal.get_document(order.source.document_id)
            out.append({"order": order.model_dump(mode="json"),
                        "document": {"id": doc.id, "pages": doc.metadata.get("pages"),
                                     "filename": doc.filename, "channel": doc.channel} if doc else None,
                        "page_url": f"/v1/documents/{order.source.document_id}/pages/1.png"})
    out.sort(key=lambda item: (item["order"]["sla"]["deadline"] or "", item["order"]["order_id"]))
    return web.json_response({"waiting": out})


async def _json(request: web.Request, optional: bool = False) -> dict:
    if optional and not await request.read():
        return {}
    try:
        body = await request.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise ReviewError("the body must be a JSON object", code="BAD-JSON", status=400) from None
    if not isinstance(body, dict):
        raise ReviewError("the body must be a JSON object", code="BAD-JSON", status=400)
    return body


async def patch_order(request: web.Request) -> web.Response:
    gw = _gw(request)
    try:
        user, role = _actor(request)
        order = await correct_order(gw.ctx, request.match_info["id"], await _json(request), user, role)
    except ReviewError as exc:
        return review_error(exc)
    return web.json_response(order.model_dump(mode="json"))


async def post_approve(request: web.Request) -> web.Response:
    return await _action(request, approve_order)


async def post_release(request: web.Request) -> web.Response:
    return await _action(request, release_duplicate)


async def post_same_order(request: web.Request) -> web.Response:
    return await _action(request, confirm_same_order)


BULK_ACTIONS = {"approve": Action.APPROVE, "reject": Action.REJECT, "same_order": Action.SAME_ORDER,
                "release": Action.RELEASE}
BULK_MAX = 200


def _bulk_body(body: dict) -> tuple[Action, list[str], str]:
    """(action, order ids, reason) of a bulk request. Raises ReviewError (400)."""
    action, ids = body.get("action"), body.get("order_ids")
    if action not in BULK_ACTIONS:
        raise ReviewError(f"action must be one of {', '.join(BULK_ACTIONS)}", code="BAD-BULK", status=400)
    if not isinstance(ids, list) or not 0 < len(ids) <= BULK_MAX or not all(isinstance(i, str) for i in ids):
        raise ReviewError(f"order_ids must list 1 to {BULK_MAX} order ids", code="BAD-BULK", status=400)
    reason = body.get("reason")
    if "reason" in body and not isinstance(reason, str):
        raise ReviewError("reason must be a string", code="BAD-BULK", status=400)
    return BULK_ACTIONS[action], list(dict.fromkeys(ids)), reason or "no reason given"


async def post_bulk(request: web.Request) -> web.Response:
    """One action on a selection of orders, each through the transition table; one result per order."""
    gw = _gw(request)
    try:
        user, role = _actor(request)
        action, ids, reason = _bulk_body(await _json(request))
    except ReviewError as exc:
        return review_error(exc)
    results = []
    for order_id in ids:
        try:
            order = await act(gw.ctx, order_id, action, user, role,
                              {"reason": reason} if action == Action.REJECT else None)
            results.append({"order_id": order_id, "status": 200, "order_status": order.status.value})
        except ReviewError as exc:
            results.append({"order_id": order_id, "status": exc.status, "code": exc.code, "message": exc.message,
                            "order_status": (exc.state or {}).get("status")})
    gw.delivery.notify()
    return web.json_response({"action": action.value, "results": results,
                              "done": sum(r["status"] == 200 for r in results)})


async def get_reply(request: web.Request) -> web.Response:
    """The reply to the customer a clerk starts from (recipient, threaded subject, what is missing)."""
    lang = request.query.get("lang")
    try:
        if lang is not None and lang not in LANGUAGES:
            raise ReviewError(f"lang must be one of {', '.join(LANGUAGES)}", code="BAD-QUERY", status=400)
        draft = await reply_draft(_gw(request).ctx, request.match_info["id"], request.get(USER, "api"), lang)
    except ReviewError as exc:
        return review_error(exc)
    return web.json_response(draft)


async def post_reply(request: web.Request) -> web.Response:
    """Send the clerk's reply to the customer through the relay, threaded on the order's e-mail."""
    try:
        user, role = _actor(request)
        sent = await send_reply(_gw(request).ctx, request.match_info["id"], await _json(request), user, role)
    except ReviewError as exc:
        return review_error(exc)
    return web.json_response(sent)


async def post_claim(request: web.Request) -> web.Response:
    """Claim the order for the caller (15 minutes; claim again to renew)."""
    try:
        user, role = _actor(request)
        claim = await claim_order(_gw(request).ctx, request.match_info["id"], user, role)
    except ReviewError as exc:
        return review_error(exc)
    return web.json_response(claim)


async def delete_claim(request: web.Request) -> web.Response:
    """Give up one's own claim on an order."""
    released = await _gw(request).ctx.journal.release_claim(request.match_info["id"], request.get(USER, "api"))
    return web.json_response({"released": released})


async def post_comment(request: web.Request) -> web.Response:
    try:
        user, role = _actor(request)
        text = (await _json(request)).get("text")
        if not isinstance(text, str):
            raise ReviewError("the body must be {\"text\": \"...\"}", code="BAD-COMMENT", status=400)
        comment = await comment_on_order(_gw(request).ctx, request.match_info["id"], user, text, role)
    except ReviewError as exc:
        return review_error(exc)
    return web.json_response(comment)


async def get_comments(request: web.Request) -> web.Response:
    try:
        comments = await order_comments(_gw(request).ctx, request.match_info["id"])
    except ReviewError as exc:
        return review_error(exc)
    return web.json_response({"comments": comments})


async def get_actions(request: web.Request) -> web.Response:
    """The order's state and the actions the caller's role may take from it (the transition table)."""
    ctx = _gw(request).ctx
    order = await ctx.journal.get_order(request.match_info["id"])
    if order is None:
        return json_error(404, "NOT-FOUND", "no such order")
    original = await ctx.journal.get_order(order.original_order_id) if order.original_order_id else None
    role = request.get(ROLE, "api")
    state = order_state(order, original)
    body = describe_state(order, role if role in WRITE_ROLES else "read-only", state)
    body["claim"] = await ctx.journal.order_claim(order.order_id)
    return web.json_response(body)


async def post_reject(request: web.Request) -> web.Response:
    try:
        reason = (await _json(request, optional=True)).get("reason") or "no reason given"
        if not isinstance(reason, str) or len(reason) > REASON_MAX:
            raise ReviewError(f"reason: a text of at most {REASON_MAX} characters", code="REVIEW-VALUE", status=422)
    except ReviewError as exc:
        return review_error(exc)
    return await _action(request, lambda ctx, oid, user, role: reject_order(ctx, oid, user, reason, role))


async def _action(request: web.Request, fn) -> web.Response:
    gw = _gw(request)
    try:
        user, role = _actor(request)
        order = await fn(gw.ctx, request.match_info["id"], user, role)
    except ReviewError as exc:
        return review_error(exc)
    gw.delivery.notify()
    return web.json_response(order.model_dump(mode="json"))


async def post_learn_preview(request: web.Request) -> web.Response:
    """The item codes a correction (the PATCH body) would teach, without changing anything."""
    try:
        pairs = await preview_learning(_gw(request).ctx, request.match_info["id"], await _json(request))
    except ReviewError as exc:
        return review_error(exc)
    return web.json_response({"learn": pairs})


async def list_learned(request: web.Request) -> web.Response:
    ctx = _gw(request).ctx
    rows = await asyncio.to_thread(read_learned, learned_path(ctx.config.gateway.data_dir))
    customer = request.query.get("customer")
    return web.json_response({"learned": [r for r in rows if not customer or r["customer_id"] == customer]})


async def delete_learned(request: web.Request) -> web.Response:
    """Undo a learned item code (supervisor)."""
    ctx = _gw(request).ctx
    role = request.get(ROLE, "api")
    if role not in ("supervisor", "api"):
        return json_error(403, "FORBIDDEN", "only a supervisor may undo learned item codes")
    gone = await asyncio.to_thread(forget, learned_path(ctx.config.gateway.data_dir),
                                   request.match_info["customer"], request.match_info["item"],
                                   request.get(USER, "api"))
    if gone is None:
        return json_error(404, "NOT-FOUND", "no such learned item code")
    ctx.master_data.reload()
    return web.json_response({"forgotten": gone})


async def page_png(request: web.Request) -> web.Response:
    """Page N of a document as PNG; with ?order=ID the order's field boxes are drawn on it."""
    ctx = _gw(request).ctx
    doc = await ctx.journal.get_document(request.match_info["id"])
    if doc is None:
        return json_error(404, "NOT-FOUND", "no such document")
    try:
        page = int(request.match_info["page"])
    except ValueError:
        return json_error(400, "BAD-PAGE", "page must be a number")
    order_id = request.query.get("order")
    order = await ctx.journal.get_order(order_id) if order_id else None
    try:
        data = await asyncio.to_thread(ctx.archive.get, doc.sha256)
        turn = int((doc.metadata.get("turned_pages") or {}).get(str(page), 0))  # a fax page read turned upright
        png = await page_png_of(ctx, data, page, order, turn=turn)
    except Exception as exc:  # not a paged document, or a page that does not exist
        return json_error(404, "NO-PAGE", f"no page image: {type(exc).__name__}")
    return web.Response(body=png, content_type="image/png", headers={"Cache-Control": "private, max-age=60"})


async def get_page_words(request: web.Request) -> web.Response:
    """The words of page N with their boxes in the page image's pixels (click a word to fill a field)."""
    from gateway.stages.extract import document_languages
    ctx = _gw(request).ctx
    doc = await ctx.journal.get_document(request.match_info["id"])
    if doc is None:
        return json_error(404, "NOT-FOUND", "no such document")
    try:
        page = int(request.match_info["page"])
    except ValueError:
        return json_error(400, "BAD-PAGE", "page must be a number")
    try:
        data = await asyncio.to_thread(ctx.archive.get, doc.sha256)
        words = await page_words(ctx, doc.sha256, data, page, document_languages(ctx, doc))
    except Exception as exc:  # not a paged document, a page that does not exist, OCR that failed
        return json_error(404, "NO-PAGE", f"no words for this page: {type(exc).__name__}")
    return web.json_response({"document_id": doc.id, "page": page, **words},
                             headers={"Cache-Control": "private, max-age=300"})


def add_review_routes(app: web.Application) -> None:
    app.router.add_get("/v1/review", list_review)
    app.router.add_patch("/v1/orders/{id}", patch_order)
    app.router.add_post("/v1/orders/{id}/approve", post_approve)
    app.router.add_post("/v1/orders/{id}/release", post_release)
    app.router.add_post("/v1/orders/{id}/reject", post_reject)
    app.router.add_post("/v1/orders/{id}/same-order", post_same_order)
    app.router.add_get("/v1/orders/{id}/actions", get_actions)
    app.router.add_post("/v1/orders/bulk", post_bulk)
    app.router.add_post("/v1/orders/{id}/comments", post_comment)
    app.router.add_get("/v1/orders/{id}/comments", get_comments)
    app.router.add_post("/v1/orders/{id}/claim", post_claim)
    app.router.add_get("/v1/orders/{id}/reply", get_reply)
    app.router.add_post("/v1/orders/{id}/reply", post_reply)
    app.router.add_delete("/v1/orders/{id}/claim", delete_claim)
    app.router.add_post("/v1/orders/{id}/learn-preview", post_learn_preview)
    app.router.add_get("/v1/learned-items", list_learned)
    app.router.add_delete("/v1/learned-items/{customer}/{item}", delete_learned)
    app.router.add_get("/v1/documents/{id}/pages/{page}.png", page_png)
    app.router.add_get("/v1/documents/{id}/pages/{page}/words", get_page_words)
