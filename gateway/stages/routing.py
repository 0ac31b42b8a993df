"""Routing: which team's queue an order belongs to.

``[[decide.routing.rules]]`` are tried in order and the first whose conditions all hold names the
team; an order no rule matches goes to ``default_team``. Conditions: customer, customer tier and
territory (master data), product line of any line, channel, priority, and an order-value range
(quantity x price, from the order or the price list). An empty condition matches anything; an
amount condition never matches an order whose value cannot be known.
"""

from __future__ import annotations

from decimal import Decimal

from gateway.config_decide import RoutingRule, RoutingSection
from gateway.context import Context
from gateway.reference.masterdata import CustomerRecord, MasterData
from gateway.model import NormalizedOrder, OrderStatus
from gateway.stages.rules import order_value, rule_context


def _any(wanted: list[str], values: set[str]) -> bool:
    return not wanted or bool(set(wanted) & values)


def _amount_fits(rule: RoutingRule, value: Decimal | None) -> bool:
    if rule.min_amount is None and rule.max_amount is None:
        return True
    if value is None:
        return False
    if rule.min_amount is not None and value < rule.min_amount:
        return False
    return rule.max_amount is None or value < rule.max_amount


def rule_matches(rule: RoutingRule, order: NormalizedOrder, customer: CustomerRecord | None,
                 product_lines: set[str], value: Decimal | None) -> bool:
    return (_any(rule.customers, {order.customer.id or ""})
            and _any(rule.tiers, {customer.tier} if customer else set())
            and _any(rule.territories, {customer.territory} if customer else set())
            and _any(rule.product_lines, product_lines)
            and _any(rule.channels, {order.source.channel})
            and _any(list(rule.priorities), {order.priority})
            and _amount_fits(rule, value))


def route_order(cfg: RoutingSection, md: MasterData, order: NormalizedOrder,
                value: Decimal | None) -> str:
    """The team for an order: the first matching rule's, else the default team."""
    customer = md.customers.get(order.customer.id or "")
    lines = {md.products[line.sku].product_line for line in order.lines
             if line.sku in md.products and line.action != "delete"}
    lines.discard("")
    for rule in cfg.rules:
        if rule_matches(rule, order, customer, lines, value):
            return rule.team
    return cfg.default_team


def route_to_team(ctx: Context, order: NormalizedOrder) -> NormalizedOrder:
    """Route stage: the order with its team (``route_order`` on the configured rules); duplicates and
    orders waiting for their original keep theirs."""
    if order.status in (OrderStatus.DUPLICATE, OrderStatus.HELD):
        return order
    value = order_value(rule_context(ctx, order), order)
    return order.model_copy(update={"team": route_order(ctx.config.decide.routing, ctx.master_data.current(),
                                                        order, value)})
