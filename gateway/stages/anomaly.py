"""Anomalies: an order unlike the customer's own history, and the usual order that has not come.

History is what the gateway accepted before for the same customer (orders ``ready`` or ``delivered``
in the journal, newest first, within ``history_days``). Once a customer has ``min_history`` such
orders, an order is flagged when

* a line's quantity is far above that item's usual quantities (robust z-score: median and MAD,
  with a floor on the spread so "always exactly 10" does not flag 11): ``ANOMALY-QTY``; a quantity over
  ``extreme_factor`` (10) times the most this customer ever ordered of the item (1000 toners where 2 to 6
  are usual: a slipped key) is ``ANOMALY-QTY-EXTREME``, held by default;
* it orders an item the customer never ordered before: ``ANOMALY-NEW-ITEM``;
* its value (quantity x price) is far outside the usual range, either way (judged on a log scale,
  so ten times more and ten times less weigh alike): ``ANOMALY-TOTAL``;
* it ships to an address never used before: ``ANOMALY-SHIP-TO``.

Each issue carries its evidence ("usually 10-20 BX (median 15), ordered 200"); ``[decide.actions]``
decides whether it holds the order or only flags it. The opposite signal, a regular customer whose
order is overdue, is an alert (``find_overdue_customers``), not an order.
"""

from __future__ import annotations

import bisect
import itertools
import math
import operator
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import TypeVar

import structlog

from extractors.locale_values import fold
from gateway.config_decide import AnomalySection
from gateway.context import Context
from gateway.store.history_window import SLACK
from gateway.store.journal import iso
from gateway.model import Address, Issue, NormalizedOrder, OrderKind, OrderStatus
from gateway.order_history import PastAddress, PastOrder, past_order
from gateway.stages.delivery_address import TYPED_PLACE_ELEMENT
from extractors.capture.address_agreement import SCANNED_ELEMENT
from gateway.stages.rules import Finding, RuleContext, apply_action, order_value, rule_context
from gateway.stages.sla import calendar_for

SETTLED_BY_HISTORY = (TYPED_PLACE_ELEMENT, SCANNED_ELEMENT)  # a delivery address a known ship-to settles
log = structlog.get_logger(__name__)

ANOMALY_PREFIX = "ANOMALY-"
HISTORY_STATUSES = ("ready", "delivered")
N = TypeVar("N", Decimal, float)
MAD_SCALE = 1.4826  # makes the MAD comparable with a standard deviation for normal data


@dataclass
class History:
    """What a customer usually orders, boiled down from past orders. The same past orders give the
    same ``History`` whatever their order: value lists are kept sorted, items and ship-tos counted, so
    a window moved by one order is updated by one in and one out (``Contributions``)."""

    orders: int = 0
    quantities: dict[tuple[str, str], list[Decimal]] = field(default_factory=dict)  # each sorted
    items: Counter[str] = field(default_factory=Counter)  # sku -> past lines
    totals: list[Decimal] = field(default_factory=list)  # sorted
    total_logs: list[float] = field(default_factory=list)  # log of each positive total, sorted
    ship_tos: Counter[str] = field(default_factory=Counter)
    orders_with_ship_to: int = 0

    def copy(self) -> History:
        return History(self.orders, {key: list(values) for key, values in self.quantities.items()},
                       Counter(self.items), list(self.totals), list(self.total_logs), Counter(self.ship_tos),
                       self.orders_with_ship_to)


# Street words and their abbreviations, one spelling each: "Main Street" / "Main St.", "Hauptstraße" / "Hauptstr.",
# "Avenue Foch" / "Av. Foch", "Boulevard" / "Bd"
_STREET_WORDS = ((r"strasse\b|str\b\.?", "str"), (r"\bstreet\b|\bst\b\.?", "st"), (r"\broad\b|\brd\b\.?", "rd"),
                 (r"\bavenue\b|\bave\b\.?|\bav\b\.?", "av"), (r"\bdrive\b|\bdr\b\.?", "dr"),
                 (r"\blane\b|\bln\b\.?", "ln"), (r"\bboulevard\b|\bblvd\b\.?|\bbd\b\.?", "bd"),
                 (r"\bplatz\b|\bpl\b\.?", "pl"), (r"\bplace\b", "pl"), (r"\bsuite\b|\bste\b\.?", "ste"))


def _canonical(text: str | None) -> str:
    """Letters and digits only, accents and case aside (ß as ss), street words in one spelling; each number kept
    apart ("<1><23>" is not "<12><3>": "Unit 1, 23 Main St" is not "Unit 12, 3 Main St")."""
    plain = fold((text or "").casefold()).replace("ß", "ss")
    for pattern, short in _STREET_WORDS:
        plain = re.sub(pattern, short, plain)
    return "".join(f"<{run}>" if run[0].isdigit() else run for run in re.findall(r"\d+|[^\W\d_]+", plain))


def address_key(address: Address | PastAddress | None) -> str:
    """An address reduced to letters and digits (postcode, street, town), so spacing, case, accents and the
    street word abbreviated ("Main St." for "Main Street", "Hauptstr." for "Hauptstraße", "D-80331" typed as
    "80331") do not make it new. The country is part of it (outside trial: the same street, postcode and town
    in another country counted as a known site): an address that names none has it from its words or the
    customer's by then (``gateway.stages.ship_country``), so a typed and an EDI address of one place agree."""
    if address is None:
        return ""
    postcode = re.sub(r"^[a-z]{1,2}-(?=\d)", "", (address.postcode or "").strip().casefold())
    parts = [_canonical(p) for p in (postcode, address.street, address.city)]
    return "|".join([*parts, (address.country or "").strip().upper()]) if any(parts) else "|||"


@dataclass(frozen=True, slots=True)
class Contribution:
    """What one past order adds to a ``History``: its lines' (item, unit, quantity), its value (and
    that value's log when positive, taken once), its ship-to key."""

    lines: tuple[tuple[str, str, Decimal], ...]
    value: Decimal | None
    ship_to: str
    log_value: float | None = None


def contribution(rc: RuleContext, order: NormalizedOrder | PastOrder) -> Contribution:
    lines = tuple((line.sku, line.uom, line.quantity) for line in order.lines
                  if line.sku and line.action != "delete")
    value = order_value(rc, order)
    return Contribution(lines, value, address_key(order.ship_to),
                        math.log(value) if value is not None and value > 0 else None)


def _take_out(values: list, value: object) -> None:
    """Remove one element equal to ``value`` from the sorted ``values``."""
    at = bisect.bisect_left(values, value)
    if at >= len(values) or values[at] != value:
        raise ValueError(f"{value!r} is not in the history")
    del values[at]


def _uncount(counts: Counter[str], key: str) -> None:
    counts[key] -= 1
    if counts[key] <= 0:
        del counts[key]


def add_to_history(history: History, part: Contribution) -> None:
    """``part`` counted in ``history`` (its sorted lists kept sorted)."""
    for sku, uom, quantity in part.lines:
        history.items[sku] += 1
        bisect.insort(history.quantities.setdefault((sku, uom), []), quantity)
    if part.value is not None:
        bisect.insort(history.totals, part.value)
        if part.log_value is not None:
            bisect.insort(history.total_logs, part.log_value)
    if part.ship_to.strip("|"):
        history.ship_tos[part.ship_to] += 1
        history.orders_with_ship_to += 1


def remove_from_history(history: History, part: Contribution) -> None:
    """The inverse of ``add_to_history`` (``part`` was added before)."""
    for sku, uom, quantity in part.lines:
        _uncount(history.items, sku)
        values = history.quantities[(sku, uom)]
        _take_out(values, quantity)
        if not values:
            del history.quantities[(sku, uom)]
    if part.value is not None:
        _take_out(history.totals, part.value)
        if part.log_value is not None:
            _take_out(history.total_logs, part.log_value)
    if part.ship_to.strip("|"):
        _uncount(history.ship_tos, part.ship_to)
        history.orders_with_ship_to -= 1


def build_history(rc: RuleContext, past: Sequence[NormalizedOrder | PastOrder]) -> History:
    return _built([contribution(rc, order) for order in past])


def _built(parts: Sequence[Contribution]) -> History:
    """The ``History`` of ``parts`` built afresh (appended, then each list sorted once)."""
    history = History(orders=len(parts))
    for part in parts:
        for sku, uom, quantity in part.lines:
            history.items[sku] += 1
            history.quantities.setdefault((sku, uom), []).append(quantity)
        if part.value is not None:
            history.totals.append(part.value)
            if part.log_value is not None:
                history.total_logs.append(part.log_value)
        if part.ship_to.strip("|"):
            history.ship_tos[part.ship_to] += 1
            history.orders_with_ship_to += 1
    for values in history.quantities.values():
        values.sort()
    history.totals.sort()
    history.total_logs.sort()
    return history


MAX_SLIDE = 16  # orders in or out between two reads of a customer's history that update it, not rebuild it


def slide(old: tuple[str, ...], new: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """(added, removed) when ``new`` (newest first) is ``old`` with a few newer summaries in front and a
    few of its oldest gone (a window moved by the orders committed meanwhile, or shortened by age);
    None when it is not (then the history is built afresh)."""
    for added in range(min(MAX_SLIDE, len(new)) + 1):
        kept = len(new) - added
        if kept <= len(old) and len(old) - kept <= MAX_SLIDE and new[added:] == old[:kept]:
            return new[:added], old[kept:]
    return None


class Contributions:
    """The contributions of past orders, kept by their history summary text (``orders.history``), so
    a customer's history of a few hundred orders is not parsed and priced again for every new order;
    and each customer's last ``History``, updated by the few orders in and out when the next read's
    window has moved (``slide``), so the cost of a read does not grow with the history's length.

    A contribution depends only on the summary and on what prices it (master data, unit conversions,
    the decide settings, the customer's own conversions): the cache holds one such scope and starts
    afresh when any of them is another object (master data or a conversion file reloaded). At most
    ``limit`` entries; the oldest go first."""

    def __init__(self, limit: int = 20_000, customers: int = 2000) -> None:
        self.limit, self.customers = limit, customers
        self._scope: tuple[object, ...] = ()
        self._parts: dict[tuple[str, str], Contribution] = {}
        self._last: dict[str, tuple[tuple[str, ...], History]] = {}  # per customer: the last one built
        self.built = self.slid = 0  # for tests and benchmarks

    def history(self, rc: RuleContext, customer_id: str, summaries: Sequence[str]) -> History:
        """The same ``History`` as ``build_history`` of the parsed summaries; the customer's last one again
        when its summaries are the same (the orders decided between two commits of the customer share
        one history), or a copy of it moved by the summaries in and out. A ``History`` is never changed
        once returned (an order read before the lock may still be using it)."""
        scope = (rc.md, rc.conversions, rc.cfg)
        if len(scope) != len(self._scope) or any(a is not b for a, b in zip(scope, self._scope)):
            self._scope, self._parts, self._last = scope, {}, {}
        key = tuple(summaries)
        last = self._last.get(customer_id)
        if last is not None and last[0] == key:
            return last[1]
        moved = slide(last[0], key) if last is not None else None
        history = None if moved is None or last is None else self._moved(rc, customer_id, last[1], *moved)
        if history is None:
            history = _built([self._part(rc, customer_id, summary) for summary in key])
            self.built += 1
        self._last.pop(customer_id, None)
        self._last[customer_id] = (key, history)
        if len(self._last) > self.customers:
            del self._last[next(iter(self._last))]
        return history

    def _moved(self, rc: RuleContext, customer_id: str, last: History, added: tuple[str, ...],
               removed: tuple[str, ...]) -> History | None:
        """A copy of ``last`` with ``removed`` out and ``added`` in; None if ``last`` turns out not to hold
        what is removed (then the caller builds afresh)."""
        history = last.copy()
        history.orders = last.orders - len(removed) + len(added)
        try:
            for summary in removed:
                remove_from_history(history, self._part(rc, customer_id, summary))
        except (KeyError, ValueError):
            return None
        for summary in added:
            add_to_history(history, self._part(rc, customer_id, summary))
        self.slid += 1
        return history

    def _part(self, rc: RuleContext, customer_id: str, summary: str) -> Contribution:
        parts = self._parts
        part = parts.get((customer_id, summary))
        if part is None:
            part = parts[(customer_id, summary)] = contribution(rc, past_order(summary))
            if len(parts) > self.limit:
                del parts[next(iter(parts))]
        return part


CONTRIBUTIONS = Contributions()


def median_and_mad(ordered: Sequence[N]) -> tuple[N, N]:
    """The median of the sorted, non-empty ``ordered`` and the median of the absolute deviations from
    it: what ``statistics.median`` gives for both, without sorting again what is kept sorted (the
    deviations below the median and above it are two sorted runs)."""
    median = _median_sorted(ordered)
    below = bisect.bisect_left(ordered, median)
    deviations = list(map(operator.sub, itertools.repeat(median, below), reversed(ordered[:below])))
    deviations += map(operator.sub, ordered[below:], itertools.repeat(median))
    deviations.sort()  # (two runs: merged, not sorted anew)
    return median, _median_sorted(deviations)


def _median_sorted(ordered: Sequence[N]) -> N:
    n = len(ordered)
    if n == 0:
        raise statistics.StatisticsError("no median for empty data")
    half = n // 2
    return ordered[half] if n % 2 else (ordered[half - 1] + ordered[half]) / 2  # type: ignore[operator, return-value]


def robust_centre(values: list[Decimal], min_relative_spread: float,
                  ordered: bool = False) -> tuple[Decimal, Decimal]:
    """Median and spread (scaled MAD, at least ``min_relative_spread`` of the median, never 0).
    ``ordered``: ``values`` are Decimals, sorted (``History``)."""
    if not ordered:
        values = sorted(v if isinstance(v, Decimal) else Decimal(str(v)) for v in values)
    median, mad = median_and_mad(values)
    floor = abs(median) * Decimal(str(min_relative_spread))
    return median, max(mad * Decimal(str(MAD_SCALE)), floor, Decimal("0.0001"))


def deviation(value: Decimal, values: list[Decimal], cfg: AnomalySection, ordered: bool = False) -> Decimal:
    """How many spreads ``value`` lies above (+) or below (-) the usual median."""
    median, spread = robust_centre(values, cfg.min_relative_spread, ordered)
    return (value - median) / spread


def ratio_deviation(value: Decimal, values: list[Decimal], cfg: AnomalySection,
                    logs: list[float] | None = None) -> float | None:
    """Like ``deviation`` on a log scale, so ten times more and ten times less weigh alike. ``logs``:
    the logs of the positive ``values`` when already taken, sorted (``History.total_logs``)."""
    if logs is None:
        logs = sorted(math.log(v) for v in values if v > 0)
    if value <= 0 or len(logs) < len(values) / 2:
        return None
    median, mad = median_and_mad(logs)
    spread = max(mad * MAD_SCALE, math.log1p(cfg.min_relative_spread), 1e-6)
    return (math.log(value) - median) / spread


def _usual(values: list[Decimal], unit: str = "") -> str:
    unit = f" {unit}" if unit else ""
    low, high, median = min(values), max(values), statistics.median(values)
    return f"usually {low.normalize():f}-{high.normalize():f}{unit} (median {median.normalize():f})"


def _line_findings(cfg: AnomalySection, order: NormalizedOrder, history: History) -> list[Finding]:
    out: list[Finding] = []
    for line in order.lines:
        if not line.sku or line.action == "delete":
            continue
        where = f"lines[{line.line_no}]"
        if line.sku not in history.items:
            out.append(Finding("ANOMALY-NEW-ITEM", f"{where}.sku",
                               f"line {line.line_no}: {line.sku} was never ordered by this customer "
                               f"before ({history.orders} past orders)"))
            continue
        usual = history.quantities.get((line.sku, line.uom), [])
        if len(usual) >= cfg.min_item_history and line.quantity > max(usual) * Decimal(str(cfg.extreme_factor)):
            out.append(Finding("ANOMALY-QTY-EXTREME", f"{where}.quantity",
                               f"line {line.line_no}: {line.sku} {_usual(usual, line.uom)}, ordered "
                               f"{line.quantity.normalize():f}: over {cfg.extreme_factor:g} times the most ever ordered"))
        elif len(usual) >= cfg.min_item_history and deviation(line.quantity, usual, cfg, True) > cfg.mad_threshold:
            out.append(Finding("ANOMALY-QTY", f"{where}.quantity",
                               f"line {line.line_no}: {line.sku} {_usual(usual, line.uom)}, "
                               f"ordered {line.quantity.normalize():f}"))
    return out


def _total_findings(cfg: AnomalySection, history: History, value: Decimal | None) -> list[Finding]:
    if value is None or len(history.totals) < cfg.min_history:
        return []
    far = ratio_deviation(value, history.totals, cfg, history.total_logs)
    if far is None or abs(far) <= cfg.mad_threshold:
        return []
    return [Finding("ANOMALY-TOTAL", "total",
                    f"order value {_usual(history.totals)}, this one {value.normalize():f}")]


def _ship_to_findings(cfg: AnomalySection, order: NormalizedOrder, history: History) -> list[Finding]:
    key = address_key(order.ship_to)
    if order.ship_to is None or not key.strip("|") or key in history.ship_tos \
            or history.orders_with_ship_to < cfg.min_history:
        return []
    where = ", ".join(p for p in (order.ship_to.street, order.ship_to.postcode, order.ship_to.city) if p)
    return [Finding("ANOMALY-SHIP-TO", "ship_to",
                    f"ship-to {where or order.ship_to.name or '?'} was not used in "
                    f"{history.orders_with_ship_to} past orders with a ship-to")]


def find_anomalies(cfg: AnomalySection, order: NormalizedOrder, history: History,
                   value: Decimal | None) -> list[Finding]:
    """Ways ``order`` departs from ``history``; nothing until the history is long enough."""
    if history.orders < cfg.min_history:
        return []
    return (_line_findings(cfg, order, history) + _total_findings(cfg, history, value)
            + _ship_to_findings(cfg, order, history))


HISTORY_SQL = (f"SELECT history AS value FROM orders WHERE customer_id = ? AND status IN "
               f"({', '.join('?' * len(HISTORY_STATUSES))}) AND kind <> 'cancel' AND received_at >= ? "
               "AND received_at < ? AND document_id <> ? ORDER BY received_at DESC, order_id DESC LIMIT ?")


async def query_history(ctx: Context, order: NormalizedOrder, cfg: AnomalySection) -> list[str]:
    """The history summaries (``gateway.order_history``) of the customer's accepted orders before this
    one, newest first, as the journal's query selects them (an index read of short texts)."""
    received = order.sla.received_at
    return await ctx.journal.query_texts(
        HISTORY_SQL, (order.customer.id, *HISTORY_STATUSES, iso(received - timedelta(days=cfg.history_days)),
                      iso(received), order.source.document_id, cfg.history_limit))


async def load_history(ctx: Context, order: NormalizedOrder, cfg: AnomalySection) -> list[str]:
    """What ``query_history`` selects, taken from the customer's window of newest accepted orders
    (``gateway.store.history_window``: kept per process, brought up to date at each commit, checked
    against the customer's mark), so a busy customer's next order reads one mark, not its history; the
    query runs when the window cannot tell (cut off before enough orders)."""
    received = order.sla.received_at
    window = await ctx.journal.history_window(order.customer.id or "", cfg.history_limit + SLACK)
    texts = window.texts(iso(received - timedelta(days=cfg.history_days)) or "", iso(received) or "",
                         order.source.document_id, cfg.history_limit)
    return texts if texts is not None else await query_history(ctx, order, cfg)


async def read_history(ctx: Context, order: NormalizedOrder, rc: RuleContext, cfg: AnomalySection) -> History:
    """The customer's ``History`` before ``order``, each past order parsed and priced once a process
    (``CONTRIBUTIONS``)."""
    return CONTRIBUTIONS.history(rc, order.customer.id or "", await load_history(ctx, order, cfg))


async def customer_history(ctx: Context, order: NormalizedOrder) -> History | None:
    """The history ``check_anomalies`` compares ``order`` with, or None when it would not look.

    Read before the decision lock is taken, so the lock is held only for the dedup check and the
    commit; an order of the same customer committed meanwhile is one of a few hundred in the history."""
    cfg = ctx.config.decide.anomalies
    if not cfg.enabled or not order.customer.id or order.kind == OrderKind.CANCEL:
        return None
    return await read_history(ctx, order, rule_context(ctx, order), cfg)


async def check_anomalies(ctx: Context, order: NormalizedOrder, history: History | None = None) -> NormalizedOrder:
    """The order with its anomaly issues (replacing earlier ones); call after dedup, before decide.

    ``history`` is the customer's (``customer_history``) when already read, else it is read now."""
    cfg = ctx.config.decide.anomalies
    skip = (OrderStatus.DUPLICATE, OrderStatus.HELD, OrderStatus.REJECTED)
    if not order.customer.id or order.status in skip or order.kind == OrderKind.CANCEL:
        return order
    if not cfg.enabled:
        return await settle_typed_place(ctx, order, cfg)
    rc = rule_context(ctx, order)
    if history is None:
        history = await read_history(ctx, order, rc, cfg)
    findings = find_anomalies(cfg, order, history, order_value(rc, order))
    issues = [i for i in (apply_action(rc.cfg, f) for f in findings) if i is not None]
    if issues:
        log.info("anomaly_flagged", order_id=order.order_id, customer=order.customer.id,
                 codes=[i.code for i in issues])
    kept = [i for i in order.issues if not i.code.startswith(ANOMALY_PREFIX) and not known_ship_to(i, order, history)]
    return order.model_copy(update={"issues": [*kept, *issues]})


async def settle_typed_place(ctx: Context, order: NormalizedOrder, cfg: AnomalySection) -> NormalizedOrder:
    """With the anomaly checks off, a typed delivery address not on file is still settled by the customer's
    accepted orders that went there (``known_ship_to``): the history is read for that order only."""
    if not any(i.field in SETTLED_BY_HISTORY for i in order.issues):
        return order
    history = await read_history(ctx, order, rule_context(ctx, order), cfg)
    kept = [i for i in order.issues if not known_ship_to(i, order, history)]
    return order if len(kept) == len(order.issues) else order.model_copy(update={"issues": kept})


def known_ship_to(issue: Issue, order: NormalizedOrder, history: History) -> bool:
    """A typed delivery address not on file (``SHIP-TO-UNSURE`` on ``ship_to.typed``), or one read from a scan
    (on ``ship_to.scan``), that the customer's accepted orders went to before, word for word: one of its known
    ship-tos, no doubt left (a scan's slip makes another address, which stays held)."""
    postcode, street = (address_key(order.ship_to) or "|||").split("|")[:2]
    return issue.field in SETTLED_BY_HISTORY and bool(postcode and street) \
        and address_key(order.ship_to) in history.ship_tos


# --- the order that did not come -------------------------------------------------------------


def overdue_alert(ctx: Context, customer_id: str, received: list[datetime], now: datetime) -> dict | None:
    """An ``ORDER-OVERDUE`` alert when a regular customer's usual order is late, else None."""
    cfg = ctx.config.decide.anomalies
    customer = ctx.master_data.current().customers.get(customer_id)
    calendar = calendar_for(ctx, customer)
    days = sorted({t.astimezone(calendar.zone).date() for t in received})
    if len(days) < cfg.overdue_min_orders:
        return None
    gaps = [calendar.business_days_after(a, b, 10_000) for a, b in zip(days, days[1:])]
    usual = statistics.median(gaps)
    if usual <= 0 or statistics.median(abs(g - usual) for g in gaps) / usual > cfg.overdue_max_irregularity:
        return None
    since = calendar.business_days_after(days[-1], now.astimezone(calendar.zone).date(), 10_000)
    if since <= usual * cfg.overdue_factor:
        return None
    last = max(received)
    return {"code": "ORDER-OVERDUE", "customer_id": customer_id,
            "customer_name": customer.name if customer else None, "last_order_at": last.isoformat(),
            "usual_gap_business_days": usual, "business_days_since": since, "order_days": len(days),
            "message": f"usually orders every {usual:g} business day(s); nothing for {since} "
                       f"business days since {days[-1]}"}


async def find_overdue_customers(ctx: Context, now: datetime) -> list[dict]:
    """Alerts for every regular customer whose usual order has not arrived."""
    cfg = ctx.config.decide.anomalies
    rows = await ctx.journal.query(
        "SELECT customer_id, received_at FROM orders WHERE customer_id IS NOT NULL AND kind = 'new' "
        "AND status NOT IN ('duplicate', 'rejected') AND received_at >= ? AND received_at < ? "
        "ORDER BY customer_id, received_at",
        (iso(now - timedelta(days=cfg.history_days)), iso(now)))
    by_customer: dict[str, list[datetime]] = defaultdict(list)
    for row in rows:
        by_customer[row["customer_id"]].append(datetime.fromisoformat(row["received_at"]))
    alerts = [overdue_alert(ctx, cid, times, now) for cid, times in sorted(by_customer.items())]
    found = [a for a in alerts if a is not None]
    ctx.metrics.set_gauge("gateway_customers_overdue", len(found))
    return found

