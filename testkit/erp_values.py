"""What the ERP receives for an order line: its quantity, unit and unit price in the product's own unit.

The benchmark compares a line as read with its truth through the gateway's own rules, so a field counts wrong only
when the ERP would receive a wrong value. Both sides go the same way (``in_product_unit``):

- the unit word as the code list of printed text means it (``gateway.reference.units``, ``mappings/units.toml``),
  a line without a unit taking its product's own (``gateway.stages.mapping.map_line``);
- that unit made the product's unit with the quantity and the price converted (``gateway.stages.line_units``:
  the product's code, ``mappings/unit_conversions.toml``, the pieces-as-a-sales-unit policy);
  the bench applies that policy to counted products only: a piece of a product sold by the kilo or the metre
  counts wrong (the gateway sends it as one kilo, right only by chance);
- a package word for a product sold in another package, priced exactly at the catalogue price with its amount
  quantity x price, is one sales unit (``gateway.stages.mapping.same_package_by_price``: "Pkg" for a box);
- a price per 100 made a price per unit, and a line stating no price priced by its amount over its quantity
  (``map_line``: ``per_unit``, ``price_from_amount``).

A unit no rule converts stays as written (its Rec 20 code): it matches only the same unit with the same quantity.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from extractors.pricing import price_from_amount
from extractors.units import TABLE as UNIT_TABLE
from gateway.config_decide import RulesSection
from gateway.reference.masterdata import ProductRecord
from gateway.reference.unit_conversions import ConversionTable, load_conversions
from gateway.reference.units import UnitCodes
from gateway.stages.line_units import MEASURED, converted_quantity, product_code, resolve_unit
from gateway.stages.mapping import per_unit, same_package_by_price

MAPPINGS = Path(__file__).resolve().parents[1] / "mappings"
TEXT = "text"  # the code list of every benchmark document: printed, typed or sheet text


@dataclass(frozen=True)
class UnitRules:
    units: UnitCodes
    conversions: ConversionTable
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class ErpLine:
    quantity: Decimal | None
    uom: str | None  # a Rec 20 code: the product's own when the line's unit is it or converts to it
    unit_price: Decimal | None


@lru_cache(maxsize=4)
def unit_rules(mappings: Path = MAPPINGS) -> UnitRules:
    """The unit table and conversions of a mappings folder, with the default pieces-as-a-sales-unit policy."""
    return UnitRules(UnitCodes.load(mappings / "units.toml", UNIT_TABLE),
                     load_conversions(mappings / "unit_conversions.toml"),
                     tuple(RulesSection.model_validate({}).sales_unit_aliases))


def line_price(unit_price: Any, basis: Any, amount: Any, quantity: Any, gross: Any = None) -> Decimal | None:
    """The line's price per one of its units as the gateway takes it: per ``basis``, else by its amount."""
    price = per_unit(_dec(unit_price), _dec(basis))
    if price is None and gross is None:
        return price_from_amount(_dec(amount), _dec(quantity))
    return price


def in_product_unit(rules: UnitRules, product: ProductRecord | None, customer_id: str | None, quantity: Any,
                    uom: str | None, price: Decimal | None, amount: Any = None) -> ErpLine:
    """The line as the ERP receives it (see the module text)."""
    qty, amt = _dec(quantity), _dec(amount)
    code = rules.units.normalize(uom, TEXT) if uom else None
    written = code or uom
    if product is None:
        return ErpLine(qty, written.upper() if written else None, price)
    res = resolve_unit(rules.units, rules.conversions, list(rules.aliases), product, written, customer_id)
    if res.how == "alias" and product_code(rules.units, product)[1] in MEASURED:
        return ErpLine(qty, written.upper() if written else None, price)  # a piece is no kilo
    if res.factor is not None and qty is not None:
        return ErpLine(converted_quantity(qty, res.factor), res.uom,
                       None if price is None else converted_quantity(price, 1 / res.factor))
    line = SimpleNamespace(uom=written, unit_price=price, gross_price=None, amount=amt, quantity=qty)
    if res.how == "none" and qty is not None and same_package_by_price(
            SimpleNamespace(units=rules.units), product, line):  # type: ignore[arg-type]
        return ErpLine(qty, product.uom.strip().upper(), price)
    return ErpLine(qty, res.uom, price)


def _dec(value: Any) -> Decimal | None:
    if value is None or isinstance(value, Decimal):
        return value
    return Decimal(str(value))
