"""Acknowledgements stage: an EDIFACT CONTRL or X12 997/999 for every interchange, per partner config.

Acknowledgements are built here and stored in the journal with the document's outcome (so they are
never lost); the ``AckDispatcher`` then hands each to the partner the way the partner expects: the
partner's SFTP ``out/`` folder, the HTTP API (``GET /v1/documents/{id}/acks``), or not at all.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import tempfile
from pathlib import Path
from typing import Any

import structlog

from gateway.config import PartnerAck
from gateway.context import Context
from gateway.journal import DocumentRecord, utcnow
from gateway.model import Extraction, Interchange

log = structlog.get_logger(__name__)


def _partner_ack(ctx: Context, doc: DocumentRecord, ic: Interchange) -> tuple[str | None, PartnerAck]:
    partner = ctx.config.partner(doc.partner)
    if partner is None:
        for p in ctx.config.partners:
            ids = {v.upper() for v in (*p.edifact_ids, *p.x12_ids)}
            if ic.sender_id.upper() in ids or f"{ic.sender_qualifier}:{ic.sender_id}".upper() in ids:
                partner = p
                break
    return (partner.id if partner else None), (partner.ack if partner else PartnerAck())


def _via(doc: DocumentRecord, ack: PartnerAck) -> str:
    if ack.via != "channel":
        return ack.via
    return {"sftp": "sftp", "smtp": "email", "http": "http"}.get(doc.channel, "http")


def build_acks(ctx: Context, doc: DocumentRecord, extraction: Extraction) -> list[dict[str, Any]]:
    """One acknowledgement per interchange, as the partner asked (none, CONTRL, 997 or 999)."""
    if not extraction.interchanges:
        return []
    from extractors.acks import build_contrl, build_x12_ack, envelope_problems

    out: list[dict[str, Any]] = []
    gw = ctx.config.gateway
    for n, ic in enumerate(extraction.interchanges):
        partner_id, ack = _partner_ack(ctx, doc, ic)
        kind = ack.edifact if ic.standard == "edifact" else ack.x12
        if kind == "none" or _via(doc, ack) == "none":
            continue
        problems = envelope_problems(extraction, n) if "edi_envelopes" in extraction.metadata \
            else extraction.problems
        if ic.standard == "edifact":
            body = build_contrl(ic, problems, our_id=gw.edi_id, our_qualifier=gw.edi_qualifier,
                                now=utcnow())
        else:
            body = build_x12_ack(ic, problems, our_id=gw.edi_id,
                                 our_qualifier=gw.edi_qualifier, now=utcnow(), kind=kind)
        out.append({"id": f"{doc.id}-ack-{n + 1}", "kind": kind, "via": _via(doc, ack),
                    "partner": partner_id or doc.partner, "body": body,
                    "filename": f"{kind}_{ic.sender_id}_{ic.control_ref}.{'edi' if kind == 'contrl' else 'x12'}"})
    return out


def _write_atomic(folder: Path, name: str, body: bytes) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
    with os.fdopen(fd, "wb") as fh:
        fh.write(body)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, folder / name)


class AckDispatcher:
    """Hands stored acknowledgements to partners; HTTP ones simply stay available on the API."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.wake = asyncio.Event()

    def notify(self) -> None:
        self.wake.set()

    def _sftp_out(self, partner: str | None) -> Path | None:
        for account in self.ctx.config.sftp.accounts:
            if partner and (account.partner == partner or account.username == partner):
                return self.ctx.config.sftp.root / account.username / "out"
        return None

    async def dispatch(self, ack: dict[str, Any]) -> tuple[str, str | None]:
        if ack["via"] == "http":
            return "available", None
        if ack["via"] == "sftp":
            folder = self._sftp_out(ack["partner"])
            if folder is None:
                return "failed", "no SFTP account for this partner"
            await asyncio.to_thread(_write_atomic, folder, ack["filename"], ack["body"])
            return "sent", None
        return "failed", f"acknowledgements by {ack['via']} are not configured"

    async def run(self, node_id: str) -> None:
        journal = self.ctx.journal
        while True:
            for ack in await journal.claim_acks(node_id):
                try:
                    status, error = await self.dispatch(ack)
                except OSError as exc:
                    status, error = "pending", str(exc)
                    log.warning("ack_dispatch_failed", document_id=ack["document_id"], error=error)
                await journal.mark_ack(ack["id"], status, error)
            self.wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.wake.wait(), timeout=2.0)
