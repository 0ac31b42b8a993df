"""SLA: the business calendar, the deadline each order must reach the ERP by, and orders at risk.

The deadline is counted in business hours from receipt: "normal orders within 4 business hours,
urgent ones within 1; an order received after the 16:00 cut-off, on a weekend or a holiday counts
from the next business day's opening". Business hours and holidays are read in the customer's time
zone (master data) or the configured one; the arithmetic runs on real instants, so a daylight-saving
change inside business hours neither gains nor loses an hour. Deadlines are stored in UTC.

Per customer and per tier, ``[[decide.sla.overrides]]`` give other hours or another cut-off; the
first override that matches wins. ``watch_orders`` lists what is late or about to be.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import structlog

from gateway.config_decide import Priority, SlaOverride, SlaSection
from gateway.context import Context
from gateway.errors import GatewayError
from gateway.store.journal import iso
from gateway.reference.masterdata import CustomerRecord
from gateway.model import NormalizedOrder

log = structlog.get_logger(__name__)

MAX_DAYS = 3660  # a calendar with no business day in ten years is a configuration error
WAITING = ("ready", "review", "held")  # not delivered yet, still expected to be


class SlaError(GatewayError):
    """The business calendar cannot produce a deadline (no business day ahead)."""

    code = "SLA-CALENDAR"


@dataclass(frozen=True)
class BusinessCalendar:
    zone: ZoneInfo
    business_days: frozenset[int] = frozenset({1, 2, 3, 4, 5})
    opens: time = time(8, 0)
    closes: time = time(18, 0)
    cutoff: time = time(16, 0)
    holidays: frozenset[date] = field(default_factory=frozenset)

    def is_business_day(self, day: date) -> bool:
        return day.isoweekday() in self.business_days and day not in self.holidays

    def next_business_day(self, day: date) -> date:
        """The first business day strictly after ``day``; raises SlaError when there is none."""
        for n in range(1, MAX_DAYS):
            candidate = day + timedelta(days=n)
            if self.is_business_day(candidate):
                return candidate
        raise SlaError(f"no business day within {MAX_DAYS} days after {day}")

    def at(self, day: date, moment: time) -> datetime:
        """The instant (UTC) of a wall-clock time on a local day."""
        return datetime.combine(day, moment, tzinfo=self.zone).astimezone(UTC)

    def clock_start(self, received: datetime) -> tuple[date, datetime]:
        """When the SLA clock starts for something received at ``received``, and on which day."""
        received = received.astimezone(UTC)  # arithmetic on instants, not wall-clock times
        day = received.astimezone(self.zone).date()
        if self.is_business_day(day) and received < self.at(day, self.cutoff):
            return day, max(received, self.at(day, self.opens))
        day = self.next_business_day(day)
        return day, self.at(day, self.opens)

    def deadline(self, received: datetime, hours: float) -> datetime:
        """``hours`` business hours after the clock starts; raises SlaError."""
        day, start = self.clock_start(received)
        remaining = timedelta(hours=hours)
        while True:
            end = self.at(day, self.closes)
            if start + remaining <= end:
                return start + remaining
            remaining -= max(end - start, timedelta(0))
            day = self.next_business_day(day)
            start = self.at(day, self.opens)

    def business_days_after(self, start: date, end: date, limit: int) -> int:
        """Business days in (start, end], counted up to ``limit + 1``."""
        count, day = 0, start
        while day < end and count <= limit:
            day += timedelta(days=1)
            count += self.is_business_day(day)
        return count


def zone_named(name: str, fallback: str = "UTC") -> ZoneInfo:
    try:
        return ZoneInfo(name or fallback)
    except (ZoneInfoNotFoundError, ValueError):
        log.warning("sla_timezone_unknown", timezone=name, fallback=fallback)
        return ZoneInfo(fallback)


def customer_zone(ctx: Context, customer: CustomerRecord | None) -> ZoneInfo:
    """The time zone an order's business hours are read in."""
    cfg = ctx.config.decide.sla
    default = cfg.timezone or ctx.config.gateway.timezone
    if cfg.use_customer_timezone and customer is not None and customer.timezone:
        return zone_named(customer.timezone, default)
    return zone_named(default)


def find_override(cfg: SlaSection, customer: CustomerRecord | None) -> SlaOverride | None:
    if customer is None:
        return None
    for rule in cfg.overrides:
        if (not rule.customer or rule.customer == customer.customer_id) and \
                (not rule.tier or rule.tier == customer.tier):
            return rule
    return None


def calendar_for(ctx: Context, customer: CustomerRecord | None) -> BusinessCalendar:
    cfg = ctx.config.decide.sla
    override = find_override(cfg, customer)
    return BusinessCalendar(
        zone=customer_zone(ctx, customer), business_days=frozenset(cfg.business_days),
        opens=cfg.opens, closes=cfg.closes,
        cutoff=override.cutoff if override and override.cutoff else cfg.cutoff,
        holidays=frozenset(cfg.holidays))


def sla_hours(cfg: SlaSection, customer: CustomerRecord | None, priority: Priority) -> float:
    override = find_override(cfg, customer)
    if override and priority in override.hours:
        return override.hours[priority]
    return cfg.hours[priority]


def sla_deadline(ctx: Context, order: NormalizedOrder, priority: Priority) -> datetime:
    """The UTC instant the order must be in the ERP by; raises SlaError."""
    customer = ctx.master_data.current().customers.get(order.customer.id or "")
    hours = sla_hours(ctx.config.decide.sla, customer, priority)
    return calendar_for(ctx, customer).deadline(order.sla.received_at, hours)


# --- watching -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SlaWatch:
    at_risk: list[dict]  # deadline within at_risk_minutes, not delivered
    late: list[dict]  # deadline passed, not delivered


def _row(row: dict, now: datetime) -> tuple[bool, dict]:
    deadline = datetime.fromisoformat(row["deadline"])
    item = {"order_id": row["order_id"], "customer_id": row["customer_id"], "status": row["status"],
            "priority": row["priority"], "team": row["team"], "received_at": row["received_at"],
            "deadline": row["deadline"],
            "minutes_left": round((deadline - now).total_seconds() / 60, 1)}
    return deadline < now, item


async def watch_orders(ctx: Context, now: datetime) -> SlaWatch:
    """Orders not yet delivered whose deadline has passed or falls within the at-risk window."""
    horizon = now + timedelta(minutes=ctx.config.decide.sla.at_risk_minutes)
    marks = ", ".join("?" * len(WAITING))
    rows = await ctx.journal.query(
        "SELECT order_id, customer_id, status, priority, team, received_at, deadline FROM orders "
        f"WHERE status IN ({marks}) AND deadline IS NOT NULL AND deadline < ? "
        "ORDER BY deadline, order_id", (*WAITING, iso(horizon)))
    judged = [_row(r, now) for r in rows]
    return SlaWatch(at_risk=[item for late, item in judged if not late],
                    late=[item for late, item in judged if late])
