"""What of an order its customer's history needs, stored beside the order when it is committed.

The anomaly check (``gateway.anomaly``) compares an order with up to a few hundred of the customer's
past orders. Re-reading and validating each stored order for every new one made the per-order cost
grow with the history; instead the journal keeps, in ``orders.history``, the few fields the check
reads (each line's item, unit, quantity, price and action; the ship-to address) as a short JSON text
written at insert and update. ``past_order`` turns it back into an order holding only those fields.
"""

from __future__ import annotations

import json
from decimal import Decimal

from gateway.model import Address, NormalizedOrder, OrderLine

ADDRESS_FIELDS = ("name", "street", "city", "postcode", "country")


def history_summary(order: NormalizedOrder) -> str:
    """The fields of ``order`` the customer's history is built from, as JSON text."""
    lines = [[ln.sku, ln.uom, str(ln.quantity), None if ln.unit_price is None else str(ln.unit_price), ln.action]
             for ln in order.lines]
    ship_to = None if order.ship_to is None else [getattr(order.ship_to, f) for f in ADDRESS_FIELDS]
    return json.dumps({"lines": lines, "ship_to": ship_to}, separators=(",", ":"))


def past_order(summary: str) -> NormalizedOrder:
    """An order carrying only the fields in ``summary`` (built without validation: they were valid)."""
    data = json.loads(summary)
    lines = [OrderLine.model_construct(line_no=n, sku=sku, uom=uom, quantity=Decimal(qty),
                                       unit_price=None if price is None else Decimal(price), action=action)
             for n, (sku, uom, qty, price, action) in enumerate(data["lines"], 1)]
    ship_to = data["ship_to"]
    address = None if ship_to is None else Address.model_construct(**dict(zip(ADDRESS_FIELDS, ship_to)))
    return NormalizedOrder.model_construct(lines=lines, ship_to=address)
