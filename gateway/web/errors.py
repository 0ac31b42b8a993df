"""The one place errors become HTTP responses: a JSON body ``{"error": {"code", "message", ...}}``.

Handlers raise or catch typed errors and answer through these functions; the status each typed error
gets is chosen here (a refused document: 400 hostile name, 413 too large, 429 backlog, 503 store down;
a review action: the ``ReviewError``'s own status), never by matching message text.
"""

from __future__ import annotations

from aiohttp import web

from gateway.errors import IntakeError, LimitError
from gateway.names import HostileNameError
from gateway.review.order_states import ReviewError
from gateway.store.backpressure import BacklogError


def json_error(status: int, code: str, message: str, headers: dict | None = None) -> web.Response:
    """A JSON error answer with a stable code."""
    return web.json_response({"error": {"code": code, "message": message}}, status=status, headers=headers)


def review_error(exc: ReviewError) -> web.Response:
    """A refused review action, with the issues that hold the order and its state when known."""
    body = {"error": {"code": exc.code, "message": exc.message,
                      "issues": [i.model_dump() for i in exc.issues]}}
    if exc.state is not None:
        body["error"]["state"] = exc.state
    return web.json_response(body, status=exc.status)


INTAKE_ERRORS = (HostileNameError, LimitError, BacklogError, IntakeError)


def intake_refusal(exc: Exception) -> tuple[web.Response, str]:
    """The answer to a document intake refused with one of ``INTAKE_ERRORS``, and the reason counted."""
    if isinstance(exc, HostileNameError):
        return json_error(400, exc.code, exc.message), exc.code
    if isinstance(exc, LimitError):
        return json_error(413, exc.code, exc.message), "size"
    if isinstance(exc, BacklogError):
        return json_error(429, exc.code, exc.message, headers={"Retry-After": str(exc.retry_after_s)}), "backlog"
    assert isinstance(exc, IntakeError)
    return json_error(503, exc.code, "the gateway cannot store documents right now; retry later",
                      headers={"Retry-After": "30"}), "store"
