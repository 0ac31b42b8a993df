"""HTTP source: ``POST /v1/documents`` takes a raw EDIFACT, X12, XML, PDF, image or e-mail body.

This module owns the channel's side: the body read in chunks and refused (``LimitError`` ``HTTP-SIZE``) as
soon as it passes the limit, never buffered past it, and what the request says about the document
(``IntakeMeta``). The route itself is served by the gateway's API server (``gateway.web.documents``),
which turns the typed errors raised here into HTTP statuses, once (``gateway.web.errors``).
"""

from __future__ import annotations

from aiohttp import web

from gateway.config import HttpSection
from gateway.errors import LimitError
from gateway.store.intake import IntakeMeta


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


def request_meta(request: web.Request, client: str) -> IntakeMeta:
    """What the request says about its document; ``client`` is who sent it ("key" or "console")."""
    filename = request.headers.get("X-Filename") or request.query.get("filename")
    partner = request.headers.get("X-Partner") or request.query.get("partner")
    content_type = request.headers.get("Content-Type")
    if filename:  # the last path part, kept as sent (shown escaped; NUL and ESC refused by intake)
        filename = filename.replace("\\", "/").rsplit("/", 1)[-1][:200]
    return IntakeMeta(sender=f"api:{client}", partner=partner, filename=filename,
                      content_type=content_type,
                      extra={"remote": request.remote, "user_agent": request.headers.get("User-Agent", "")[:200]})


class HttpSource:
    """The ``http`` source kind: its route is mounted on the API server, so it has nothing of its own to
    start or stop; it is here so that the registry, ``gateway plugins`` and the config agree on it."""

    kind = "http"
    config_model = HttpSection

    @classmethod
    def configured(cls, config: object) -> list[HttpSection]:
        return []  # served by the API server (``gateway.app``, ``http.enabled``), not started as a source

    def __init__(self, ctx: object, config: HttpSection | None = None) -> None:
        self.ctx, self.config = ctx, config

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        return None
