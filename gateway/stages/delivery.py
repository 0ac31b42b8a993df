"""Delivery: each ready order pushed to the ERP sink exactly once in effect.

Orders become deliveries in the same transaction that stores them (an outbox). This loop claims due
deliveries under a lease, calls the sink with the order id as idempotency key, and records the result:
delivered, retried later with exponential backoff and jitter, or moved to dead-letter with its reason
after the configured number of attempts. A crash between the sink's success and the journal's record
re-sends the same order with the same key, which the sink contract makes harmless. A change is never
sent before the order it amends (``depends_on``). While the ERP keeps failing, the ``Breaker`` pauses
the sink and sends one probe at a time, so a down ERP is not hammered by every waiting order.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
from datetime import datetime, timedelta
from typing import Any, NamedTuple, Protocol

import structlog

from gateway.context import Context
from gateway.errors import DeliveryError
from gateway.store.journal import DeliveryRecord, utcnow
from gateway.model import NormalizedOrder

log = structlog.get_logger(__name__)


class Sent(NamedTuple):
    """An order handed to the sink, to be recorded as delivered with the others of its round."""

    record: DeliveryRecord
    order: NormalizedOrder
    at: datetime
    bound: Any


class Sink(Protocol):
    name: str

    async def start(self) -> None: ...

    async def close(self) -> None: ...

    async def deliver(self, order: NormalizedOrder) -> None:
        """Hand one order over; idempotent by ``order.order_id``.

        Raises DeliveryError (retryable) or PermanentDeliveryError (straight to dead-letter)."""


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

    def batch(self, concurrency: int) -> int:
        """How many deliveries to try now: all while healthy, one probe while failing."""
        return 1 if self.failures >= self.THRESHOLD else concurrency


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

    async def run(self) -> None:
        cfg = self.ctx.config.delivery
        lease = max(60.0, cfg.webhook.timeout_s * 3 if cfg.webhook else 60.0)
        while True:
            if paused := self.breaker.wait_s():
                await asyncio.sleep(paused)
            due = await self.ctx.journal.claim_deliveries(self.node_id, self.breaker.batch(cfg.concurrency),
                                                          lease)
            if due:
                await self.deliver_round(due)
                continue
            self.wake.clear()
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(1.0):  # not wait_for: on 3.11 it swallows a cancel that comes with the wake-up
                    await self.wake.wait()

    async def deliver_round(self, due: list[DeliveryRecord]) -> None:
        """Send the deliveries claimed together (their orders read in one look-up, handed to the sink
        together) and record the ones that went out in one journal write."""
        orders = await self.ctx.journal.get_orders([d.order_id for d in due])
        sent = await asyncio.gather(*(self.send_one(d, orders.get(d.order_id)) for d in due),
                                    return_exceptions=True)
        await self._record([one for one in sent if isinstance(one, Sent)])  # all that went out
        if failed := next((one for one in sent if isinstance(one, BaseException)), None):
            raise failed

    async def deliver_one(self, record: DeliveryRecord, order: NormalizedOrder | None) -> None:
        """Send one claimed delivery's ``order`` (None: not found) and record it."""
        await self._record([sent] if (sent := await self.send_one(record, order)) else [])

    async def send_one(self, record: DeliveryRecord, order: NormalizedOrder | None) -> Sent | None:
        """Send one claimed delivery's ``order`` (read with the others of its round; None: not found);
        returns what the round records as delivered (``_record``), or None when it was not sent (its
        failure recorded)."""
        journal = self.ctx.journal
        bound = log.bind(order_id=record.order_id, document_id=order.source.document_id if order else None,
                         channel=order.source.channel if order else None, sink=self.sink.kind)
        if order is None:
            await journal.mark_delivery_failed(record.order_id, self.node_id, "order not found", None)
            return None
        if any(i.code == "ORDER-DAMAGED" for i in order.issues):  # never send a value that was dropped
            await journal.mark_delivery_failed(record.order_id, self.node_id, "order damaged: "
                                               + next(i.message for i in order.issues if i.code == "ORDER-DAMAGED"),
                                               None)
            return None
        now = utcnow()
        order.sla.delivered_at = now
        try:
            await self.sink.deliver(order)
        except DeliveryError as exc:
            await self._failed(record, order, exc, bound)
            return None
        except Exception as exc:  # a sink bug is a failed attempt, not a dead loop
            await self._failed(record, order, DeliveryError(f"{type(exc).__name__}: {exc}"), bound)
            return None
        self.breaker.succeeded()
        return Sent(record, order, now, bound)

    async def _record(self, sent: list[Sent]) -> None:
        """Record the orders of a round handed to the sink, in one journal write (one commit, one fsync,
        one wake-up of the loop for the round rather than one each)."""
        if not sent:
            return
        done = await self.ctx.journal.mark_delivered_many([(s.order.order_id, s.at) for s in sent], self.node_id)
        for one, recorded in zip(sent, done, strict=True):
            if recorded:
                seconds = (one.at - one.order.sla.received_at).total_seconds()
                self.ctx.metrics.inc("gateway_deliveries_total", sink=self.sink.kind, outcome="delivered")
                self.ctx.metrics.observe("gateway_receipt_to_erp_seconds", seconds, channel=one.order.source.channel)
                one.bound.info("order_delivered", attempts=one.record.attempts, receipt_to_erp_s=round(seconds, 3))

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
