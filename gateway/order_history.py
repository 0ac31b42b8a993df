"""What of an order its customer's history needs, stored beside the order when it is committed.

The anomaly check (``gateway.stages.anomaly``) compares an order with up to a few hundred of the customer's
past orders. Re-reading and validating each stored order for every new one made the per-order cost
grow with the history; instead the journal keeps, in ``orders.history``, the few fields the check
reads (each line's item, unit, quantity, price and action; the ship-to address) as a short JSON text
written at insert and update. ``past_order`` turns it back into a ``PastOrder``: a plain record
with the same attribute names as the order (``lines``, ``ship_to``) and its lines (``sku``, ``uom``,
``quantity``, ``unit_price``, ``action``), so the history and price code reads either.

The customer's own way of writing dates is kept the same way, per document: when a committed
document's unambiguous numeric dates (25/11/2026 can only be day first) settle its day/month order,
the journal records it in ``customer_date_orders``. ``past_date_order`` reads the newest
``DATE_ORDER_DOCUMENTS`` of them: when they agree, that order settles the customer's next documents'
ambiguous dates (04/12/2026 is 4 December) where neither a declared order nor its country does; when
they disagree the customer writes both ways and nothing is settled.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal

from gateway.model import NormalizedOrder

ADDRESS_FIELDS = ("name", "street", "city", "postcode", "country")
SETTLED_ORDERS = frozenset({"dmy", "mdy"})
DATE_ORDER_DOCUMENTS = 50
PAST_DATE_ORDER_SQL = ("SELECT date_order FROM customer_date_orders WHERE customer_id = ? "
                       "ORDER BY at DESC LIMIT ?")


@dataclass(frozen=True, slots=True)
class PastLine:
    sku: str | None
    uom: str
    quantity: Decimal
    unit_price: Decimal | None
    action: str | None


@dataclass(frozen=True, slots=True)
class PastAddress:
    name: str | None
    street: str | None
    city: str | None
    postcode: str | None
    country: str | None


@dataclass(frozen=True, slots=True)
class PastOrder:
    """What the customer's history keeps of one past order."""

    lines: list[PastLine]
    ship_to: PastAddress | None


def history_summary(order: NormalizedOrder) -> str:
    """The fields of ``order`` the customer's history is built from, as JSON text."""
    lines = [[ln.sku, ln.uom, str(ln.quantity), None if ln.unit_price is None else str(ln.unit_price), ln.action]
             for ln in order.lines]
    ship_to = None if order.ship_to is None else [getattr(order.ship_to, f) for f in ADDRESS_FIELDS]
    return json.dumps({"lines": lines, "ship_to": ship_to}, separators=(",", ":"))


def past_order(summary: str) -> PastOrder:
    """The past order whose ``history_summary`` is ``summary``."""
    data = json.loads(summary)
    lines = [PastLine(sku, uom, Decimal(qty), None if price is None else Decimal(price), action)
             for sku, uom, qty, price, action in data["lines"]]
    ship_to = data["ship_to"]
    return PastOrder(lines, None if ship_to is None else PastAddress(*ship_to))


def past_date_order(seen: list[str]) -> str | None:
    """"dmy" or "mdy" when the customer's past documents (``seen``, newest first) all settled the same
    day/month order; None when there are none or they disagree."""
    orders = {order for order in seen if order in SETTLED_ORDERS}
    return orders.pop() if len(orders) == 1 else None
