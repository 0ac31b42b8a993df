"""The pipeline runner: claims due documents from the journal under a lease and runs them a few at a time.

Each document goes through ``pipeline.process_document``, and its outcome is committed in one
transaction: under the customer's decision lock without waiting for the disk; it is made durable by the
next fsync of the journal anything asks for, or one of its own a moment later (``journal.sync_soon``),
and nothing leaves the gateway on it before (deliveries and acknowledgements are claimed synced, API reads
sync first: ``gateway.web.api.synced_reads``), so a
power cut can only undo a decision no one outside has seen: its document is decided again. A failing document never
stops the others: transient faults are retried with backoff (``retry_at``), the rest are concluded with a named reason (``outcome.refusal_outcome``) or, past
``max_attempts``, ``failed``. A long document keeps its lease alive while this node works on it.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from datetime import timedelta

import structlog

from gateway.context import Context
from gateway.errors import ExtractionError, LimitError, UnsupportedFormatError
from gateway.model import OrderStatus
from gateway.stages.outcome import refusal_outcome
from gateway.stages.pipeline import Commit, process_document
from gateway.store.journal import DocumentRecord, Event, Outcome, utcnow

log = structlog.get_logger(__name__)


class Pipeline:
    """Claims due documents from the journal and runs them, ``workers`` at a time."""

    def __init__(self, ctx: Context, node_id: str, on_ready=None) -> None:
        self.ctx = ctx
        self.node_id = node_id
        self.wake = asyncio.Event()
        self.busy = 0
        self.on_ready = on_ready or (lambda: None)
        self._tasks: set[asyncio.Task] = set()

    def notify(self, _document_id: str | None = None) -> None:
        self.wake.set()

    async def drain(self) -> None:
        """Stop the documents in flight; their leases are released at the next start."""
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def run(self) -> None:
        cfg = self.ctx.config.pipeline
        while True:
            free = cfg.workers - self.busy
            docs = await self.ctx.journal.claim_documents(self.node_id, free, cfg.lease_seconds) \
                if free > 0 else []
            if not docs:
                self.wake.clear()
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(1.0):  # not wait_for: on 3.11 it swallows a cancel that comes with the wake-up
                        await self.wake.wait()
                continue
            for doc in docs:
                self.busy += 1
                task = asyncio.create_task(self._handle(doc))
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)

    async def _handle(self, doc: DocumentRecord) -> None:
        started = time.monotonic()
        bound = log.bind(document_id=doc.id, channel=doc.channel, partner=doc.partner)

        committed: list[tuple[Outcome, float]] = []

        async def commit(outcome: Outcome) -> Outcome:
            # visible to the next decision at once, durable at the sync below (outside the decision lock)
            if await self.ctx.journal.finish_document(doc.id, self.node_id, outcome, synced=False):
                committed.append((outcome, time.monotonic() - started))
            else:
                bound.warning("document_lease_lost")
            return outcome

        renewal = asyncio.create_task(self._renew_lease(doc, bound))
        freed = False
        try:
            refusal = await self._run_document(doc, bound, commit)
            if refusal is not None:
                await commit(refusal)
            if committed:
                # the outcome is committed; durable with the next fsync of the journal (none of its own
                # under load); nothing leaves the gateway before it (claims sync)
                renewal.cancel()
                freed = self._free()
                self.ctx.journal.sync_soon()
                self._finished(doc, *committed[-1], bound)
        except Exception:  # the journal itself failed: the lease expires and the work is retried
            bound.exception("document_commit_failed")
        finally:
            renewal.cancel()
            if not freed:
                self._free()

    def _free(self) -> bool:
        """A worker slot is free again: wake the claim loop."""
        self.busy -= 1
        self.wake.set()
        return True

    async def _renew_lease(self, doc: DocumentRecord, bound) -> None:
        """Keep the lease of a long document (a many-page fax) alive while this node works on it."""
        lease = self.ctx.config.pipeline.lease_seconds
        while True:
            await asyncio.sleep(lease / 3)
            try:
                if not await self.ctx.journal.extend_lease(doc.id, self.node_id, lease):
                    bound.warning("document_lease_lost")
                    return
            except Exception as exc:  # the journal is away: the next turn tries again
                bound.warning("document_lease_renewal_failed", error=type(exc).__name__)

    async def _run_document(self, doc: DocumentRecord, bound, commit: Commit) -> Outcome | None:
        """Run the pipeline; returns a refusal outcome to commit, or None when done or rescheduled."""
        cfg = self.ctx.config.pipeline
        try:
            await process_document(self.ctx, doc, commit)
            return None
        except (ExtractionError, LimitError, UnsupportedFormatError) as exc:
            if not exc.retryable or doc.attempts >= cfg.max_attempts:
                return refusal_outcome(exc)
            reason = f"{exc.code}: {exc.message}"
        except Exception as exc:
            bound.exception("document_stage_failed")
            reason = f"{type(exc).__name__}: {exc}"[:500]
            if doc.attempts >= cfg.max_attempts:
                await self.ctx.journal.retry_document(
                    doc.id, self.node_id, utcnow(),
                    Event(stage="pipeline", outcome="failed", reason=reason, data={"code": "INTERNAL"}),
                    give_up=True)
                self.ctx.metrics.inc("gateway_documents_finished_total", channel=doc.channel,
                                     outcome="failed")
                return None
        delay = cfg.retry_backoff_s * 2 ** (doc.attempts - 1)
        await self.ctx.journal.retry_document(
            doc.id, self.node_id, utcnow() + timedelta(seconds=delay),
            Event(stage="pipeline", outcome="retry", reason=reason, data={"attempt": doc.attempts}))
        return None

    def _finished(self, doc: DocumentRecord, outcome: Outcome, seconds: float, bound) -> None:
        """Count and log a document's durable outcome, and wake delivery for its ready orders."""
        metrics = self.ctx.metrics
        metrics.inc("gateway_documents_finished_total", channel=doc.channel, outcome=outcome.status)
        metrics.observe("gateway_stage_seconds", seconds, channel=doc.channel, stage="pipeline")
        for order in outcome.orders:
            metrics.inc("gateway_orders_total", channel=doc.channel, status=order.status.value)
        bound.info("document_processed", status=outcome.status, format=outcome.format,
                   customer=outcome.customer_id, orders=len(outcome.orders),
                   error=outcome.error_code, seconds=round(seconds, 3))
        if any(o.status == OrderStatus.READY for o in outcome.orders):
            self.on_ready()
