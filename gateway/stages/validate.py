"""Validate stage: check a normalized order against master data and name every fault found.

The checks themselves live in ``gateway.stages.rules``; each failure is an ``Issue`` with a stable code
(CUSTOMER-UNKNOWN, CREDIT-BLOCK, PO-MISSING, LINES-MISSING, FIELD-MISSING, ITEM-UNKNOWN,
ITEM-NOT-ORDERABLE, ITEM-NOT-FOR-CUSTOMER, QTY-INVALID, UOM-UNKNOWN, UOM-NO-CONVERSION,
PRICE-MISMATCH, DATE-PAST) whose severity follows ``[decide.actions]``: an ``error`` issue holds the
order for review, a ``warning`` travels with it. The decision rules of ``decide`` (priority, SLA,
routing, review threshold) come after.
"""

from __future__ import annotations

from gateway.context import Context
from gateway.store.journal import utcnow
from gateway.model import NormalizedOrder
from gateway.stages.rules import apply_rules


def validate_order(ctx: Context, order: NormalizedOrder) -> NormalizedOrder:
    """The order with the rules' issues added and ``sla.validated_at`` stamped."""
    order = order.model_copy(update={"issues": [*order.issues, *apply_rules(ctx, order)]})
    order.sla.validated_at = utcnow()
    return order
