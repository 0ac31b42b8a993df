"""Delivery: each ready order pushed to the ERP sink exactly once in effect.

Orders become deliveries in the same transaction that stores them (an outbox). This loop claims due
deliveries under a lease, calls the sink with the order id as idempotency key, and records the result:
delivered, retried later with exponential backoff and jitter, or moved to dead-letter with its reason
after the configured number of attempts. A crash between the sink's success and the journal's record
re-sends the same order with the same key, which the sink contract makes harmless. A change is never
sent before the order it amends (``depends_on``). While the ERP keeps failing, the ``Breaker`` pauses
the sink and sends one probe at a time, so a down ERP is not hammered by every waiting order.

**Batches.** A sink that takes a batch (``deliver_many``: the file sink writes the files of a batch,
fsyncs them together and their folder once) gets up to ``delivery.batch`` claimed deliveries at once,
and those it took are marked delivered in one transaction: one fsync of the claim, one round of the
sink's, one of the marks for the whole batch, instead of each per few orders. Each order keeps its own
outcome: one the sink refuses is retried or dead-lettered alone, the others are marked delivered; if
the batch's mark fails, each is marked on its own. A sink without ``deliver_many`` gets
``delivery.concurrency`` orders at a time, one call each.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
from datetime import datetime, timedelta
from typing import Protocol

import structlog

from gateway.context import Context
from gateway.errors import DeliveryError
from gateway.store.journal import DeliveryRecord, utcnow
from gateway.model import NormalizedOrder

log = structlog.get_logger(__name__)


class Sink(Protocol):
    name: str

    async def start(self) -> None: ...

    async def close(self) -> None: ...

    async def deliver(self, order: NormalizedOrder) -> None:
        """Hand one order over; idempotent by ``order.order_id``.

        Raises DeliveryError (retryable) or PermanentDeliveryError (straight to dead-letter)."""


class BatchSink(Sink, Protocol):
    async def deliver_many(self, orders: list[NormalizedOrder]) -> list[DeliveryError | None]:
        """Hand several orders over at once, each idempotent by its ``order_id``; per order, None when it
        is handed over (durably: it may be marked delivered), else its DeliveryError, the others unharmed."""


def backoff(attempt: int, initial: float, cap: float, rng: random.Random) -> float:
    """Exponential backoff with jitter: between half and all of min(cap, initial * 2^(attempt-1))."""
    ceiling = min(cap, initial * 2 ** max(attempt - 1, 0))
    return ceiling * (0.5 + rng.random() / 2)


class Breaker:
    """Pauses the whole sink when the ERP keeps failing, so a down ERP gets a probe now and then
    instead of every waiting order's retries at once. Per-order backoff still applies on top."""

    THRESHOLD = 3  # consecutive retryable failures before pausing

    def __init__(self, initial: float, cap: float, rng: random.Random) -> None:
        self.initial, self.cap, self.rng = initial, cap, rng
        self.failures = 0
        self.paused_until = 0.0

    def succeeded(self) -> None:
        self.failures = 0
        self.paused_until = 0.0

    def failed(self) -> float | None:
        """Count a retryable failure; the pause in seconds when the sink is now paused."""
        self.failures += 1
        if self.failures < self.THRESHOLD:
            return None
        pause = backoff(self.failures - self.THRESHOLD + 1, self.initial, self.cap, self.rng)
        self.paused_until = time.monotonic() + pause
        return pause

    def wait_s(self) -> float:
        return max(0.0, self.paused_until - time.monotonic())

    def batch(self, size: int) -> int:
        """How many deliveries to try now: a whole batch while healthy, one probe while failing."""
        return 1 if self.failures >= self.THRESHOLD else size


class Delivery:
    def __init__(self, ctx: Context, sink: Sink, node_id: str) -> None:
        self.ctx = ctx
        self.sink = sink
        self.node_id = node_id
        self.wake = asyncio.Event()
        self.rng = random.Random()
        cfg = ctx.config.delivery
        self.breaker = Breaker(cfg.backoff_initial_s, min(cfg.backoff_max_s, 60.0), self.rng)

    def notify(self) -> None:
        self.wake.set()

    @property
    def batch_size(self) -> int:
        """Deliveries claimed at once: ``delivery.batch`` for a sink that takes a batch, else ``concurrency``."""
        cfg = self.ctx.config.delivery
        return cfg.batch if hasattr(self.sink, "deliver_many") else cfg.concurrency

    async def run(self) -> None:
        cfg = self.ctx.config.delivery
        lease = max(60.0, cfg.webhook.timeout_s * 3 if cfg.webhook else 60.0)
        while True:
            if paused := self.breaker.wait_s():
                await asyncio.sleep(paused)
            due = await self.ctx.journal.claim_deliveries(self.node_id, self.breaker.batch(self.batch_size), lease)
            if due:
                orders = await self.ctx.journal.get_orders([d.order_id for d in due])
                await self.deliver_batch([(d, orders.get(d.order_id)) for d in due])
                continue
            self.wake.clear()
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(1.0):  # not wait_for: on 3.11 it swallows a cancel that comes with the wake-up
                    await self.wake.wait()

    async def deliver_batch(self, claimed: list[tuple[DeliveryRecord, NormalizedOrder | None]]) -> None:
        """Send claimed deliveries (each with its order, read with the others; None: not found): in one call of
        a batch sink, their marks in one transaction; else one call each, at once."""
        if not hasattr(self.sink, "deliver_many"):
            await asyncio.gather(*(self.deliver_one(record, order) for record, order in claimed))
            return
        sendable: list[tuple[DeliveryRecord, NormalizedOrder]] = []
        for record, found in claimed:
            if (order := await self._sendable(record, found)) is not None:
                sendable.append((record, order))
        if not sendable:
            return
        now = utcnow()
        for _, order in sendable:
            order.sla.delivered_at = now
        try:
            errors = list(await self.sink.deliver_many([order for _, order in sendable]))  # type: ignore[attr-defined]
            if len(errors) != len(sendable):
                raise TypeError(f"deliver_many answered {len(errors)} results for {len(sendable)} orders")
        except Exception as exc:  # a sink bug is a failed attempt of each, not a dead loop
            errors = [exc] * len(sendable)
        errors = [e if e is None or isinstance(e, DeliveryError) else DeliveryError(f"{type(e).__name__}: {e}")
                  for e in errors]
        taken = [(record, order) for (record, order), error in zip(sendable, errors, strict=True) if error is None]
        for (record, order), error in zip(sendable, errors, strict=True):
            if error is not None:
                await self._failed(record, order, error, self._bound(record, order))
        if taken:
            self.breaker.succeeded()
            await self._mark_delivered_all(taken, now)

    async def _mark_delivered_all(self, taken: list[tuple[DeliveryRecord, NormalizedOrder]], now: datetime) -> None:
        """The orders the sink took, marked delivered in one transaction; if that fails, one by one (an
        order whose mark still fails is left to its lease: sent again later with the same key, harmless)."""
        ids = [(record.order_id, now) for record, _ in taken]
        try:
            marked = await self.ctx.journal.mark_delivered_many(ids, self.node_id)
        except Exception:
            log.warning("delivery_batch_mark_failed", orders=len(taken))
            marked = []
            for record, _ in taken:
                try:
                    marked.append(await self.ctx.journal.mark_delivered(record.order_id, self.node_id, now))
                except Exception:
                    self._bound(record, None).exception("delivery_mark_failed")
                    marked.append(False)
        for (record, order), done in zip(taken, marked, strict=True):
            if done:
                self._delivered(record, order, now)

    async def _sendable(self, record: DeliveryRecord, order: NormalizedOrder | None) -> NormalizedOrder | None:
        """The order to send; None (and the delivery dead-lettered with why) for one not found or damaged."""
        if order is None:
            await self.ctx.journal.mark_delivery_failed(record.order_id, self.node_id, "order not found", None)
            return None
        if any(i.code == "ORDER-DAMAGED" for i in order.issues):  # never send a value that was dropped
            await self.ctx.journal.mark_delivery_failed(
                record.order_id, self.node_id,
                "order damaged: " + next(i.message for i in order.issues if i.code == "ORDER-DAMAGED"), None)
            return None
        return order

    def _bound(self, record: DeliveryRecord, order: NormalizedOrder | None):  # type: ignore[no-untyped-def]
        return log.bind(order_id=record.order_id, document_id=order.source.document_id if order else None,
                        channel=order.source.channel if order else None, sink=self.sink.kind)

    def _delivered(self, record: DeliveryRecord, order: NormalizedOrder, now: datetime) -> None:
        seconds = (now - order.sla.received_at).total_seconds()
        self.ctx.metrics.inc("gateway_deliveries_total", sink=self.sink.kind, outcome="delivered")
        self.ctx.metrics.observe("gateway_receipt_to_erp_seconds", seconds, channel=order.source.channel)
        self._bound(record, order).info("order_delivered", attempts=record.attempts,
                                        receipt_to_erp_s=round(seconds, 3))

    async def deliver_one(self, record: DeliveryRecord, order: NormalizedOrder | None) -> None:
        """Send one claimed delivery's ``order`` (read with the others of its batch; None: not found)."""
        if (order := await self._sendable(record, order)) is None:
            return
        bound = self._bound(record, order)
        now = utcnow()
        order.sla.delivered_at = now
        try:
            await self.sink.deliver(order)
        except DeliveryError as exc:
            await self._failed(record, order, exc, bound)
            return
        except Exception as exc:  # a sink bug is a failed attempt, not a dead loop
            await self._failed(record, order, DeliveryError(f"{type(exc).__name__}: {exc}"), bound)
            return
        self.breaker.succeeded()
        if await self.ctx.journal.mark_delivered(record.order_id, self.node_id, now):
            self._delivered(record, order, now)

    async def _failed(self, record: DeliveryRecord, order: NormalizedOrder, exc: DeliveryError,
                      bound) -> None:
        cfg = self.ctx.config.delivery
        final = not exc.retryable or record.attempts >= cfg.max_attempts
        when = None if final else utcnow() + timedelta(
            seconds=backoff(record.attempts, cfg.backoff_initial_s, cfg.backoff_max_s, self.rng))
        reason = f"{exc.code}: {exc.message}"
        if exc.retryable and (pause := self.breaker.failed()) is not None:
            bound.warning("erp_sink_paused", pause_s=round(pause, 2), failures=self.breaker.failures)
        await self.ctx.journal.mark_delivery_failed(record.order_id, self.node_id, reason, when)
        outcome = "dead_letter" if final else "retry"
        self.ctx.metrics.inc("gateway_deliveries_total", sink=self.sink.kind, outcome=outcome)
        (bound.error if final else bound.warning)("order_delivery_failed", attempts=record.attempts,
                                                  outcome=outcome, error=reason)
