"""Decide stage: priority, SLA deadline, team, and whether an order goes to the ERP or to a person.

An order is urgent when its notes say so (URGENT, EILT, DRINGEND, TRÈS URGENT, RUSH, ASAP... but
not "pas urgent"), when the EDI message carries a priority code, when the customer's tier is an
urgent one, or when delivery is requested within a few business days; why is recorded as an info
issue ``PRIORITY-URGENT``. The deadline comes from ``gateway.stages.sla`` (``prioritise_order``); the
team is the route stage's (``gateway.stages.routing``). The order is held for review (``decide_status``)
when an issue is an error (a rule set to ``hold``) or its confidence is under the partner's, customer's
or pipeline's review threshold.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from gateway.config_decide import PrioritySection
from gateway.context import Context
from gateway.stages.item_matching import LINE_FIELDS, NO_TOTAL, OPTIONAL_HEADER, REQUIRED_HEADER
from gateway.reference.masterdata import CustomerRecord
from gateway.model import Issue, NormalizedOrder, OrderStatus
from gateway.stages.routing import route_to_team
from gateway.stages.sla import BusinessCalendar, calendar_for, sla_hours


def _fold(text: str) -> str:
    """Upper case without accents, so TRÈS URGENT and tres urgent read alike."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).upper()


def _pattern(words: list[str]) -> re.Pattern[str] | None:
    return _words_pattern(tuple(words))


@functools.lru_cache(maxsize=64)
def _words_pattern(words: tuple[str, ...]) -> re.Pattern[str] | None:
    """The pattern of configured words, built once per word list (not once per order)."""
    alternatives = [r"\s+".join(map(re.escape, _fold(w).split())) for w in words if w.strip()]
    if not alternatives:
        return None
    return re.compile(r"(?<!\w)(" + "|".join(sorted(alternatives, key=len, reverse=True)) + r")(?!\w)")


_UNTICKED_OPTION = re.compile(r"(?:[\u2610\u25a1\u25a2\u274f\u2751\u25cb\u25ef\u2b1c]|\[\s*\]|\(\s*\))\s*"
                              r"(?:(?:sehr|very|tres|très)\s+)?[^\W\d_][\w-]*")


def urgent_word(cfg: PrioritySection, texts: list[str]) -> str | None:
    """The first urgency word in the texts, ignoring negated ones ("not urgent", "pas urgent") and a form's options
    not ticked ("☐ Eilbestellung", "[ ] EILBESTELLUNG": an empty box before them)."""
    text = _fold(" ".join(_UNTICKED_OPTION.sub(" ", t) for t in texts))
    negated = _pattern(cfg.not_urgent_words)
    if negated is not None:
        text = negated.sub(" ", text)
    wanted = _pattern(cfg.urgent_words)
    found = wanted.search(text) if wanted is not None else None
    return found.group(1) if found else None


def _requested_soon(cfg: PrioritySection, order: NormalizedOrder, calendar: BusinessCalendar) -> bool:
    wanted = order.requested_delivery_date
    if not cfg.urgent_within_business_days or wanted is None:
        return False
    received = order.sla.received_at.astimezone(calendar.zone).date()
    if wanted < received:
        return False  # a date in the past is DATE-PAST, not a rush
    limit = cfg.urgent_within_business_days
    return calendar.business_days_after(received, wanted, limit) <= limit


def urgency_reasons(cfg: PrioritySection, order: NormalizedOrder, priority_codes: list[str],
                    customer: CustomerRecord | None, calendar: BusinessCalendar) -> list[str]:
    """Why an order is urgent; empty when it is not."""
    reasons: list[str] = []
    if word := urgent_word(cfg, order.notes):
        reasons.append(f"the order says {word!r}")
    known = {c.strip().upper() for c in cfg.edi_codes}
    codes = [c for c in priority_codes if c.strip().upper() in known]
    if codes:
        reasons.append(f"EDI priority code {codes[0]}")
    if customer is not None and customer.tier and customer.tier in cfg.urgent_tiers:
        reasons.append(f"customer tier {customer.tier}")
    if _requested_soon(cfg, order, calendar):
        reasons.append(f"delivery requested for {order.requested_delivery_date}, within "
                       f"{cfg.urgent_within_business_days} business day(s)")
    return reasons


def review_threshold(ctx: Context, order: NormalizedOrder, partner_id: str | None) -> float:
    partner = ctx.config.partner(partner_id)
    if partner and partner.review_threshold is not None:
        return partner.review_threshold
    md = ctx.master_data.current()
    rec = md.customers.get(order.customer.id or "")
    if rec and rec.review_threshold is not None:
        return rec.review_threshold
    return ctx.config.pipeline.review_threshold


def _with_priority(order: NormalizedOrder, reasons: list[str]) -> NormalizedOrder:
    issues = [i for i in order.issues if i.code != "PRIORITY-URGENT"]
    if reasons:
        issues.append(Issue(code="PRIORITY-URGENT", severity="info", field="priority",
                            message="urgent: " + "; ".join(reasons)))
    return order.model_copy(update={"priority": "urgent" if reasons else "normal", "issues": issues})


def prioritise_order(ctx: Context, order: NormalizedOrder, priority_codes: list[str]) -> NormalizedOrder:
    """Priority (with why, as ``PRIORITY-URGENT``) and the SLA deadline.

    Raises SlaError when the business calendar has no business day ahead."""
    if order.status in (OrderStatus.DUPLICATE, OrderStatus.HELD):
        return order
    cfg = ctx.config.decide
    customer = ctx.master_data.current().customers.get(order.customer.id or "")
    calendar = calendar_for(ctx, customer)
    order = _with_priority(order, urgency_reasons(cfg.priority, order, priority_codes, customer, calendar))
    order.sla.deadline = calendar.deadline(order.sla.received_at, sla_hours(cfg.sla, customer, order.priority))
    return order


def decide_status(ctx: Context, order: NormalizedOrder, partner_id: str | None) -> NormalizedOrder:
    """Decide stage: to the ERP (``ready``), or to a person (``review``) on an error issue or a confidence
    under the review threshold."""
    if order.status in (OrderStatus.DUPLICATE, OrderStatus.HELD):
        return order
    held = any(i.severity == "error" for i in order.issues)
    threshold = review_threshold(ctx, order, partner_id)
    low = order.confidence < threshold
    status = OrderStatus.REVIEW if held or low else OrderStatus.READY
    issues = order.issues + ([low_confidence_issue(order, threshold)] if low and not held else [])
    return order.model_copy(update={"status": status, "issues": issues})


DECIDING_HEADER = frozenset(REQUIRED_HEADER + OPTIONAL_HEADER)


def low_confidence_issue(order: NormalizedOrder, threshold: float) -> Issue:
    """The named reason of a hold for confidence alone (``CONFIDENCE-LOW``): the fields read with
    less confidence than the review threshold that the order's confidence is made of, least sure first
    (a description read with doubt is no reason: it decides nothing)."""
    fields = [(f, c) for f, c in order.field_confidence.items() if c < threshold and f in DECIDING_HEADER]
    fields += [(f"lines[{ln.line_no}].{f}", c) for ln in order.lines for f, c in ln.field_confidence.items()
               if c < threshold and f in LINE_FIELDS]
    named = ", ".join(f"{f} {c:.2f}" for f, c in sorted(fields, key=lambda fc: fc[1])[:6])
    why = "; lines: the document states no total to check them against" if \
        order.field_confidence.get("lines") == NO_TOTAL else ""
    return Issue(code="CONFIDENCE-LOW", severity="warning", field=(min(fields, key=lambda fc: fc[1])[0] if fields else None),
                 message=f"confidence {order.confidence:.2f} is under the review threshold {threshold:.2f}"
                         f"{': ' + named if named else ''}{why}")


def decide_order(ctx: Context, order: NormalizedOrder, priority_codes: list[str],
                 partner_id: str | None) -> NormalizedOrder:
    """Prioritise, route and decide one order, in the pipeline's order (for one-shot tools and re-decisions).

    Raises SlaError when the business calendar has no business day ahead."""
    order = prioritise_order(ctx, order, priority_codes)
    return decide_status(ctx, route_to_team(ctx, order), partner_id)
