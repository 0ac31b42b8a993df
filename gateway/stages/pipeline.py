"""The pipeline: identify -> extract -> map -> validate -> dedup -> decide, then delivery from the journal.

``process_document`` reads like a table of contents; each stage lives in its own module. The
``Pipeline`` runner claims documents from the journal under a lease, runs them a few at a time, and
commits each outcome in one transaction. A failing document never stops the others: transient
faults are retried with backoff, the rest are concluded with a named reason.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable
from datetime import timedelta

import structlog

from gateway.stages.acks import acks_wanted, build_acks, build_order_responses
from gateway.stages.anomaly import History, check_anomalies, customer_history
from gateway.context import Context
from gateway.stages.decide import decide_order
from gateway.stages.dedup import (
    changes_waiting_for, find_duplicates, find_exact_duplicate, find_interchange_duplicate,
)
from gateway.errors import FORMAT_UNSUPPORTED, ExtractionError, GatewayError, LimitError, UnsupportedFormatError
from gateway.stages.extract import check_size, extract_document, split_container
from gateway.stages.identify import check_identity, identify_customer, identify_format
from gateway.store.journal import DocStatus, DocumentRecord, Event, Outcome, utcnow
from gateway.stages.mapping import cross_check, map_order, past_po_numbers
from gateway.model import DocType, ExtractedOrder, Extraction, NormalizedOrder, OrderStatus
from gateway.stages.validate import validate_order

log = structlog.get_logger(__name__)

Commit = Callable[[Outcome], Awaitable[Outcome]]


async def process_document(ctx: Context, doc: DocumentRecord, commit: Commit) -> Outcome:
    """One document from raw bytes to orders ready for delivery (or a named reason why not).

    Reading (identify, extract, map, validate) runs for many documents at once; deciding (dedup,
    decide, commit) takes one document of a customer at a time against everything committed before
    it, so two copies of an order arriving together through two channels are still caught, while
    other customers' documents are decided at the same time (``decision_partitions``).
    """
    check_size(ctx, doc)
    if earlier := await find_exact_duplicate(ctx, doc):
        return await commit(duplicate_outcome(earlier, "same bytes (sha256) as an earlier document"))
    extractor = identify_format(ctx, doc)
    extraction = await extract_document(ctx, doc, extractor)
    if extraction.doc_type == DocType.CONTAINER:
        return await commit(await split_container(ctx, doc, extraction))
    orders = [await read_order(ctx, doc, extraction, extracted, index)
              for index, extracted in enumerate(extraction.orders)]
    histories = [await customer_history(ctx, order) for order in orders]
    async with ctx.journal.decision_lock(*decision_partitions(orders, extraction)):
        if earlier := await find_earlier_copy(ctx, doc, extraction):
            return await commit(duplicate_outcome(*earlier))
        orders = [decide_order(ctx, await check_for_earlier(ctx, order, history), extracted.priority_codes,
                               doc.partner)
                  for order, history, extracted in zip(orders, histories, extraction.orders)]
        # control numbers only for acknowledgements that go out: no write of its own in the lock otherwise
        numbers = await ctx.journal.next_control_numbers(len(extraction.interchanges)) \
            if acks_wanted(ctx, doc, extraction) else []
        acks = build_acks(ctx, doc, extraction, numbers) + build_order_responses(ctx, doc, extraction, orders)
        outcome = await commit(conclude(doc, extraction, orders, acks))
        await release_waiting_changes(ctx, orders)
    return outcome


def decision_partitions(orders: list[NormalizedOrder], extraction: Extraction) -> list[str]:
    """What a document's decision locks: its customers (every copy, change or original of an order is
    the same customer's) and its interchanges (a resent interchange is caught whoever it names);
    a document with neither locks the partition of unknown customers."""
    keys = [o.customer.id or "" for o in orders]
    keys += [f"interchange:{ic.standard}:{ic.sender_id}:{ic.control_ref}" for ic in extraction.interchanges]
    return keys or [""]


async def read_order(ctx: Context, doc: DocumentRecord, extraction: Extraction, extracted: ExtractedOrder,
                     index: int) -> NormalizedOrder:
    customer = identify_customer(ctx, doc, extraction, extracted)
    past = await past_po_numbers(ctx, doc, extraction, customer)
    extracted = cross_check(ctx, doc, extraction, extracted, customer, past)
    order = validate_order(ctx, map_order(ctx, doc, extraction, extracted, customer, index))
    return check_identity(ctx, doc, extraction, extracted, order)


async def check_for_earlier(ctx: Context, order: NormalizedOrder, history: History | None = None) -> NormalizedOrder:
    """Dedup against committed orders, then compare with the customer's usual orders (``history``
    when read before the decision lock)."""
    return await check_anomalies(ctx, await find_duplicates(ctx, order), history)


async def find_earlier_copy(ctx: Context, doc: DocumentRecord, extraction: Extraction) -> tuple[str, str] | None:
    if earlier := await find_exact_duplicate(ctx, doc):
        return earlier, "same bytes (sha256) as an earlier document"
    if earlier := await find_interchange_duplicate(ctx, doc, extraction):
        return earlier, "same interchange control reference from the same sender"
    return None


WAITING_CODES = frozenset({"ORIGINAL-UNKNOWN", "ORIGINAL-NOT-DELIVERED", "ORDER-CHANGE", "ORDER-CANCEL",
                           "CHANGE-REVIEW"})


async def release_waiting_changes(ctx: Context, orders: list[NormalizedOrder]) -> None:
    """Changes that arrived before their original are decided again now that it is known."""
    for original in orders:
        for held in await changes_waiting_for(ctx, original):
            held = held.model_copy(update={"status": OrderStatus.READY, "changes": [],
                                           "issues": [i for i in held.issues if i.code not in WAITING_CODES]})
            held = decide_order(ctx, await check_for_earlier(ctx, held), [], None)
            ready = held.status == OrderStatus.READY
            await ctx.journal.update_order(held, Event(
                stage="dedup", outcome="original_found", order_id=held.order_id,
                document_id=held.source.document_id,
                reason=f"original order {original.order_id} arrived", data={"original": original.order_id}),
                deliver=ready, depends_on=held.original_order_id if ready else None)


def duplicate_outcome(earlier: str, why: str) -> Outcome:
    return Outcome(status=DocStatus.DUPLICATE, metadata={"duplicate_of": earlier},
                   events=[Event(stage="dedup", outcome="duplicate", reason=f"{why}: {earlier}",
                                 data={"duplicate_of": earlier})])


def conclude(doc: DocumentRecord, extraction: Extraction, orders: list[NormalizedOrder],
             acks: list[dict]) -> Outcome:
    """The document's status follows from what was read and what was decided for its orders."""
    problems = [p for p in extraction.problems if p.severity == "error"]
    unsupported = [p for p in extraction.problems if p.code == FORMAT_UNSUPPORTED]
    if orders:
        status = DocStatus.REVIEW if any(o.status == OrderStatus.REVIEW for o in orders) \
            else DocStatus.PROCESSED
    elif unsupported:
        status = DocStatus.REVIEW  # an order-like document the gateway cannot read: a person enters it
        problems = unsupported + problems
    elif problems:
        status = DocStatus.REJECTED
    elif extraction.doc_type in (DocType.ORDER, DocType.ORDER_CHANGE, DocType.ORDER_CANCEL):
        status = DocStatus.REVIEW  # looked like an order, but nothing could be read
    else:
        status = DocStatus.NOT_ORDER
    events = [Event(stage="extract", outcome="ok" if not problems else "problems",
                    reason="; ".join(f"{p.code}: {p.message}" for p in problems[:20]) or None,
                    data={"format": extraction.format, "detail": extraction.detail,
                          "doc_type": extraction.doc_type.value, "orders": len(orders),
                          "problems": [p.model_dump(exclude_none=True) for p in extraction.problems]})]
    for order in orders:
        events.append(Event(stage="decide", outcome=order.status.value, order_id=order.order_id,
                            reason="; ".join(i.message for i in order.issues) or None,
                            data={"confidence": order.confidence, "kind": order.kind.value,
                                  "issues": [i.code for i in order.issues],
                                  "original_order_id": order.original_order_id}))
    first = problems[0] if problems else None
    return Outcome(status=status, format=extraction.format, doc_type=extraction.doc_type.value,
                   customer_id=next((o.customer.id for o in orders if o.customer.id), None),
                   orders=orders, events=events, acks=acks,
                   error_code=first.code if first else None, error_message=first.message if first else None,
                   interchanges=[(ic.standard, ic.sender_id, ic.control_ref)
                                 for ic in extraction.interchanges],
                   metadata={"detail": extraction.detail, "pages": extraction.pages,
                             "date_order_seen": extraction.metadata.get("date_order_seen")})


def refusal_outcome(exc: GatewayError) -> Outcome:
    problems = getattr(exc, "problems", [])
    status = DocStatus.REJECTED
    if isinstance(exc, UnsupportedFormatError):
        status = DocStatus.REVIEW
    elif exc.code == "EMPTY-DOCUMENT":
        status = DocStatus.QUARANTINED
    return Outcome(status=status, error_code=exc.code, error_message=exc.message,
                   events=[Event(stage="extract", outcome="rejected", reason=f"{exc.code}: {exc.message}",
                                 data={"code": exc.code, "problems": [
                                     p.model_dump(exclude_none=True) if hasattr(p, "model_dump") else p
                                     for p in problems]})])


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
                    await asyncio.wait_for(self.wake.wait(), timeout=1.0)
                continue
            for doc in docs:
                self.busy += 1
                task = asyncio.create_task(self._handle(doc))
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)

    async def _handle(self, doc: DocumentRecord) -> None:
        started = time.monotonic()
        bound = log.bind(document_id=doc.id, channel=doc.channel, partner=doc.partner)

        async def commit(outcome: Outcome) -> Outcome:
            await self._commit(doc, outcome, bound, time.monotonic() - started)
            return outcome

        renewal = asyncio.create_task(self._renew_lease(doc, bound))
        try:
            refusal = await self._run_document(doc, bound, commit)
            if refusal is not None:
                await commit(refusal)
        except Exception:  # the journal itself failed: the lease expires and the work is retried
            bound.exception("document_commit_failed")
        finally:
            renewal.cancel()
            self.busy -= 1
            self.wake.set()

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

    async def _commit(self, doc: DocumentRecord, outcome: Outcome, bound, seconds: float) -> None:
        if not await self.ctx.journal.finish_document(doc.id, self.node_id, outcome):
            bound.warning("document_lease_lost")
            return
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
