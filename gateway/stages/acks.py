"""Acknowledgements stage: an EDIFACT CONTRL or X12 997/999 for every interchange, per partner config.

Acknowledgements are built here and stored in the journal with the document's outcome (so they are
never lost); the ``AckDispatcher`` then hands each to the partner the way the partner expects: the
partner's SFTP ``out/`` folder, an HTTP callback, an e-mail reply through ``[smtp.relay]``, the HTTP
API (``GET /v1/documents/{id}/acks/{ack}`` and the ``?wait`` answer), or not at all.
"""

from __future__ import annotations

import asyncio
import contextlib
from datetime import timedelta
from typing import Any

import structlog

from gateway.config import PartnerAck
from gateway.context import Context
from gateway.store.journal import DocumentRecord, utcnow
from gateway.model import Extraction, Interchange, NormalizedOrder, OrderKind, OrderStatus

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


def acks_wanted(ctx: Context, doc: DocumentRecord, extraction: Extraction) -> bool:
    """Whether any interchange of the document gets an acknowledgement (and so control numbers)."""
    for ic in extraction.interchanges:
        _, ack = _partner_ack(ctx, doc, ic)
        if (ack.edifact if ic.standard == "edifact" else ack.x12) != "none" and _via(doc, ack) != "none":
            return True
    return False


def build_acks(ctx: Context, doc: DocumentRecord, extraction: Extraction,
               numbers: list[int] | None = None) -> list[dict[str, Any]]:
    """One acknowledgement per interchange, as the partner asked (none, CONTRL, 997 or 999).

    ``numbers`` (one per interchange, from ``journal.next_control_numbers``) are the control numbers
    of the acknowledgements' own interchanges (ISA13/GS06, UNB 0020). Each file is named by the
    partner's control reference *and* our own number (or the document id), so that two interchanges
    under a reused reference (a translator's counter reset) get two files, not one overwriting the other."""
    if not extraction.interchanges:
        return []
    from writers.acks import build_contrl, build_x12_ack, envelope_problems

    out: list[dict[str, Any]] = []
    gw = ctx.config.gateway
    for n, ic in enumerate(extraction.interchanges):
        partner_id, ack = _partner_ack(ctx, doc, ic)
        kind = ack.edifact if ic.standard == "edifact" else ack.x12
        if kind == "none" or _via(doc, ack) == "none":
            continue
        problems = envelope_problems(extraction, n) if "edi_envelopes" in extraction.metadata \
            else extraction.problems
        number = numbers[n] if numbers else None
        if ic.standard == "edifact":
            body = build_contrl(ic, problems, our_id=gw.edi_id, our_qualifier=gw.edi_qualifier,
                                now=utcnow(), control_ref=str(number) if number else None)
        else:
            body = build_x12_ack(ic, problems, our_id=gw.edi_id,
                                 our_qualifier=gw.edi_qualifier, now=utcnow(), kind=kind, control_number=number)
        out.append({"id": f"{doc.id}-ack-{n + 1}", "kind": kind, "via": _via(doc, ack),
                    "partner": partner_id or doc.partner, "body": body,
                    "filename": f"{kind}_{ic.sender_id}_{ic.control_ref}_{number or doc.id}.{_suffix(kind)}"})
    return out


ORDER_RESPONSES = {"edifact": "ordrsp", "x12": "855"}


def build_order_responses(ctx: Context, doc: DocumentRecord, extraction: Extraction,
                          orders: list[NormalizedOrder]) -> list[dict[str, Any]]:
    """An ORDRSP or 855 for each order of a partner whose ``ack.order_response`` is on, stored now
    (so it cannot be lost) as ``waiting`` with the interchange it answers; the journal releases it
    when the ERP takes the order and the dispatcher renders it then, from the delivered order."""
    out: list[dict[str, Any]] = []
    for order in orders:
        ic = _interchange_of(extraction, order)
        if ic is None or order.kind == OrderKind.CANCEL or order.status in _NO_RESPONSE:
            continue
        partner_id, ack = _partner_ack(ctx, doc, ic)
        via = _via(doc, ack)
        if not ack.order_response or via == "none":
            continue
        kind = ORDER_RESPONSES[ic.standard]
        out.append({"id": f"{order.order_id}-{kind}", "kind": kind, "via": via, "partner": partner_id or doc.partner,
                    "status": "waiting", "order_id": order.order_id, "body": ic.model_dump_json().encode(),
                    "filename": f"{kind}_{ic.sender_id}_{order.po_number or 'order'}_{order.order_id}.{_suffix(kind)}"})
    return out


_NO_RESPONSE = (OrderStatus.DUPLICATE, OrderStatus.REJECTED)


def _suffix(kind: str) -> str:
    return "edi" if kind in ("contrl", "ordrsp") else "x12"


def _interchange_of(extraction: Extraction, order: NormalizedOrder) -> Interchange | None:
    """The interchange holding the order's message (by message reference), or the only one."""
    for ic in extraction.interchanges:
        if any(m.get("ref") == order.source.message_ref for m in ic.messages):
            return ic
    return extraction.interchanges[0] if len(extraction.interchanges) == 1 else None


def render_order_response(ctx: Context, ack: dict[str, Any], order: NormalizedOrder,
                          number: int | None = None) -> bytes:
    """The bytes of a released ORDRSP / 855 with interchange control number ``number``; rendered once and
    stored, so retries repeat them."""
    from writers.order_response import build_855, build_ordrsp
    gw = ctx.config.gateway
    ic = Interchange.model_validate_json(ack["body"])
    at = order.sla.delivered_at or utcnow()
    if ack["kind"] == "ordrsp":
        return build_ordrsp(ic, order, our_id=gw.edi_id, our_qualifier=gw.edi_qualifier, now=at,
                            control_ref=str(number) if number else None)
    return build_855(ic, order, our_id=gw.edi_id, our_qualifier=gw.edi_qualifier, now=at, control_number=number)


class AckDispatcher:
    """Hands stored acknowledgements to partners; HTTP ones simply stay available on the API.

    A send that fails for a reason that may pass (partner endpoint down, relay unreachable) is tried
    again with backoff, up to ``MAX_ATTEMPTS``; one that cannot work (no SFTP account, no relay, a 4xx)
    is marked failed at once with its reason, visible on the document."""

    MAX_ATTEMPTS = 20

    def __init__(self, ctx: Context, retry_base_s: float = 5.0) -> None:
        self.ctx = ctx
        self.retry_base_s = retry_base_s  # doubled per attempt, capped at 10 minutes
        self.wake = asyncio.Event()

    def notify(self) -> None:
        self.wake.set()

    async def dispatch(self, ack: dict[str, Any]) -> None:
        """Send one acknowledgement by the transport registered for its ``via``; raises AckSendError."""
        from connectors.ack_out import AckSendError
        transport = self.ctx.registry.ack_transport(ack["via"], self.ctx.config)
        if transport is None:
            raise AckSendError(f"acknowledgements by {ack['via']} are not supported", retryable=False)
        await transport.send(self.ctx, ack)

    async def send(self, ack: dict[str, Any]) -> None:
        from connectors.ack_out import AckSendError
        journal = self.ctx.journal
        if _rendered_on_release(ack):
            order = await journal.get_order(ack["order_id"])
            if order is None:
                await journal.mark_ack(ack["id"], "failed", "ACK-NO-ORDER: the order is gone")
                return
            [number] = await journal.next_control_numbers(1)
            ack = {**ack, "body": render_order_response(self.ctx, ack, order, number)}
            await journal.set_ack_body(ack["id"], ack["body"])
        if ack["via"] == "http":
            await journal.mark_ack(ack["id"], "available")
            return
        bound = log.bind(document_id=ack["document_id"], partner=ack["partner"], via=ack["via"])
        try:
            await self.dispatch(ack)
        except AckSendError as exc:
            final = not exc.retryable or ack.get("attempts", 1) >= self.MAX_ATTEMPTS
            reason = f"{exc.code}: {exc.message}"
            bound.warning("ack_send_failed", error=reason, attempts=ack.get("attempts"), final=final)
            if final:
                await journal.mark_ack(ack["id"], "failed", reason)
            else:
                delay = min(600.0, self.retry_base_s * 2 ** (ack.get("attempts", 1) - 1))
                await journal.retry_ack(ack["id"], reason, utcnow() + timedelta(seconds=delay))
            return
        await journal.mark_ack(ack["id"], "sent")
        bound.info("ack_sent", kind=ack["kind"], filename=ack["filename"])

    async def run(self, node_id: str) -> None:
        while True:
            claimed = await self.ctx.journal.claim_acks(node_id)
            # the ones fetched over HTTP with their final bytes (CONTRL, 997/999) have nothing to send:
            # made available together in one write, not one durable write each in turn
            ready = {ack["id"] for ack in claimed if ack["via"] == "http" and not _rendered_on_release(ack)}
            await self.ctx.journal.make_acks_available([ack["id"] for ack in claimed if ack["id"] in ready])
            for ack in claimed:
                if ack["id"] not in ready:
                    await self.send(ack)
            self.wake.clear()
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(2.0):  # not wait_for: on 3.11 it swallows a cancel that comes with the wake-up
                    await self.wake.wait()


def _rendered_on_release(ack: dict[str, Any]) -> bool:
    """An order response whose bytes are rendered when its order is released (stored as the interchange
    it answers until then)."""
    return bool(ack.get("order_id")) and ack["body"][:1] == b"{"
