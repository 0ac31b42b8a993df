"""The net unit price of a line from its gross price and the allowances and charges the document lists.

Owns one rule, shared by every reader (EDIFACT ALC/PCD/MOA/RTE, X12 SAC/CTP, UBL AllowanceCharge,
openTRANS ALLOW_OR_CHARGE, cXML Modifications):

* steps run in ``sequence`` order (ALC 1227; none given: the first step), the line's before the order's;
  the percentages of one step are taken of the price that step starts from, so two 10% steps give 81%,
  one step of two 10% gives 80%;
* ``percent`` is of the price, ``per_unit`` is per unit, ``amount`` is for the whole line and is spread
  over its quantity (no quantity: not applied);
* allowances lower the price, charges raise it; the result is rounded to 4 decimals when it has more;
* order-level allowances are applied to each line when they are a percentage or per unit; an
  order-level fixed amount cannot be spread over units and is only kept.

A price is per ``basis`` units (EDIFACT PRI 5284, X12 price basis); per-unit values are scaled to it.
Each allowance comes back with ``applied`` set to whether it went into the net price. A line's net price
made from a gross price with an allowance that cannot be applied (no percentage, rate or amount; an
amount and no quantity) is not known: ``price_values`` leaves it empty and names the allowance in the
line's ``unread_prices`` (the completeness gate holds it: PRICE-UNREAD).

A line that states no price but a line amount (EDIFACT ``MOA+203`` with no PRI) is priced at amount /
quantity (``price_from_amount``); whether quantity x price agrees with a stated amount is checked for
every format in ``gateway.stages.rules`` (PRICE-LINE-AMOUNT), with ``amount_matches``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from gateway.model import Allowance

_HUNDRED = Decimal(100)
_PLACES = Decimal("0.0001")


def _step(allowance: Allowance) -> tuple[int, int]:
    """Where an allowance falls in the calculation: the line's steps in order, then the order's."""
    return (1 if allowance.level == "order" else 0, allowance.sequence or 0)


def _step_change(base: Decimal, allowance: Allowance, quantity: Decimal | None, basis: Decimal) -> Decimal | None:
    """How much one allowance changes a price of ``base`` (per ``basis`` units), unsigned; None if it cannot."""
    if allowance.percent is not None:
        return base * allowance.percent / _HUNDRED
    if allowance.per_unit is not None:
        return allowance.per_unit * basis
    if allowance.amount is not None and allowance.level == "line" and quantity:
        return allowance.amount / quantity * basis
    return None


def net_price(gross: Decimal | None, allowances: list[Allowance], quantity: Decimal | None,
              basis: Decimal | None = None) -> tuple[Decimal | None, list[Allowance]]:
    """The net price from ``gross`` and the allowances (copies marked ``applied``); no gross: None."""
    if gross is None or not allowances:
        return gross, [a.model_copy(update={"applied": False}) for a in allowances]
    per = basis if basis else Decimal(1)
    order = sorted(range(len(allowances)), key=lambda i: _step(allowances[i]) + (i,))
    price, start, current_step = gross, gross, (-1, 0)
    out: list[Allowance] = list(allowances)
    for index in order:
        allowance = allowances[index]
        if _step(allowance) != current_step:
            start, current_step = price, _step(allowance)
        change = _step_change(start, allowance, quantity, per)
        if change is not None:
            price = price - change if allowance.kind == "allowance" else price + change
        out[index] = allowance.model_copy(update={"applied": change is not None})
    if -price.as_tuple().exponent > 4:  # type: ignore[operator]
        price = price.quantize(_PLACES)
    return price, out


def price_values(values: dict[str, Any], order_allowances: list[Allowance]) -> None:
    """Settle a line's prices in its field dict (``ExtractedLine`` keys): a stated net ``unit_price`` is
    kept (its allowances listed, not applied); else a ``gross_price`` becomes the net price with the
    line's and the order's allowances applied. The order's are listed on the line, ``level="order"``."""
    line_allowances: list[Allowance] = values.get("allowances") or []
    allowances = line_allowances + [a for a in order_allowances if a.percent is not None or a.per_unit is not None]
    if not allowances:
        if values.get("unit_price") is None and values.get("gross_price") is not None:
            values["unit_price"] = values["gross_price"]
        return
    if values.get("unit_price") is not None:
        values["allowances"] = [a.model_copy(update={"applied": False}) for a in allowances]
        return
    net, marked = net_price(values.get("gross_price"), allowances, values.get("quantity"),
                            values.get("price_basis"))
    values["unit_price"], values["allowances"] = net, marked
    unapplied = [a for a in marked if not a.applied]
    if net is not None and unapplied:  # the net price is not known: the line waits (PRICE-UNREAD)
        values["unit_price"] = None
        values["unread_prices"] = [*values.get("unread_prices", []),
                                   *(f"{a.kind} {a.code or ''} with no value to apply".replace("  ", " ")
                                     for a in unapplied)]


def price_from_amount(amount: Decimal | None, quantity: Decimal | None) -> Decimal | None:
    """The unit price a line amount makes over its quantity (4 decimals at most); None without both."""
    if amount is None or not quantity or quantity <= 0:
        return None
    price = amount / quantity
    return price.quantize(_PLACES) if -price.as_tuple().exponent > 4 else price  # type: ignore[operator]


def amount_matches(quantity: Decimal, price: Decimal, amount: Decimal) -> bool:
    """Quantity x price is the stated amount, to the cent (a thousandth of a percent on large amounts)."""
    return abs(quantity * price - amount) <= max(Decimal("0.011"), abs(amount) * Decimal("0.00001"))
