"""Periodic housekeeping: changes whose original never came within the window go to a person; nodes
silent longer than ``gateway.node_forget_after_s`` leave the node list; with ``[retention]`` enabled,
concluded documents and their delivered orders older than ``retention.after_days`` move out of the hot
tables (``SqlJournal.retain``), a batch per transaction, every ``retention.every_s`` seconds."""

from __future__ import annotations

import asyncio
import time
from datetime import timedelta

import structlog

from gateway.context import Context
from gateway.stages.dedup import window
from gateway.store.journal import Event, utcnow
from gateway.model import Issue, OrderStatus

log = structlog.get_logger(__name__)


async def expire_held_changes(ctx: Context) -> int:
    """Move held changes older than the dedup window to review, with the reason."""
    days = ctx.config.decide.dedup.window_days
    cutoff = utcnow() - window(ctx)
    expired = await ctx.journal.list_orders(status=OrderStatus.HELD.value, until=cutoff, limit=1000)
    for order in expired:
        issue = Issue(code="ORIGINAL-NEVER-ARRIVED", severity="error",
                      message=f"no original order for PO {order.po_number} within {days} days")
        order = order.model_copy(update={"status": OrderStatus.REVIEW, "issues": [*order.issues, issue]})
        await ctx.journal.update_order(order, Event(stage="dedup", outcome="review", order_id=order.order_id,
                                                    document_id=order.source.document_id, reason=issue.message))
    return len(expired)


async def forget_silent_nodes(ctx: Context) -> int:
    """Drop nodes whose last heartbeat is older than ``gateway.node_forget_after_s``."""
    silent_since = utcnow() - timedelta(seconds=ctx.config.gateway.node_forget_after_s)
    return await ctx.journal.forget_nodes(silent_since)


async def retain_concluded(ctx: Context) -> int:
    """Move everything retention allows now, a batch at a time; returns how many documents moved."""
    cfg = ctx.config.retention
    before = utcnow() - timedelta(days=cfg.after_days)
    moved = 0
    while True:
        n = await ctx.journal.retain(before, cfg.batch)
        moved += n
        if n < cfg.batch:
            return moved
        await asyncio.sleep(0)  # let intake and the pipeline in between batches


async def run_maintenance(ctx: Context, every_s: float = 60.0) -> None:
    next_retention = time.monotonic()
    while True:
        try:
            if ctx.config.retention.enabled and time.monotonic() >= next_retention:
                next_retention = time.monotonic() + ctx.config.retention.every_s
                if n := await retain_concluded(ctx):
                    log.info("documents_retained", count=n)
            if n := await expire_held_changes(ctx):
                log.info("held_changes_expired", count=n)
            if n := await forget_silent_nodes(ctx):
                log.info("silent_nodes_forgotten", count=n)
        except Exception:  # housekeeping must never take the gateway down
            log.exception("maintenance_failed")
        await asyncio.sleep(every_s)
