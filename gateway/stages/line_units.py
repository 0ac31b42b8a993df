"""A line's unit becomes its product's own unit: the code the ERP uses (``products.csv`` uom).

Customers write units in their own words and codes (EDIFACT/X12/UBL/cXML ``EA``, ``PCE``, X12 ``MR``,
French ``CAR``, German ``Pkg``); ``gateway.reference.units`` brings each to a UN/ECE Rec 20 class. A line goes
out in the product's own code, never a synonym: ``EA`` ordered for a product sold in ``EA`` stays
``EA`` (not ``C62``), ``PCE`` for it becomes ``EA``. Where the written unit is another unit, the
quantity is converted, most specific source first:

1. the customer's own conversion for the product (``[customer."C1002"."SKU-1001"]`` in
   ``mappings/unit_conversions.toml``, what a person settled from the customer's history, or one a
   clerk confirmed by correcting an earlier order of the customer: ``units_to_learn``);
2. the product's conversion and then the generic one from the same file;
3. the product's pack size (``pack_size`` column of ``products.csv``: pieces in one sales unit),
   for a line written in pieces;
4. the declared policy that a piece (``[decide.rules] sales_unit_aliases``: C62, EA, H87) means one
   sales unit of a product that has no pack size and is counted (never a kilo, a metre or a litre of a
   product sold by measure: "150 Stk" of granules sold in ``KGM`` waits ``UOM-NO-CONVERSION``).

Where none applies the line keeps its written unit and validation holds it with both units named
(``UOM-NO-CONVERSION``). A conversion that leaves a fraction of a counted unit is held too
(``QTY-NOT-WHOLE``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from gateway.reference.masterdata import ProductRecord
from gateway.model import NormalizedOrder
from gateway.reference.unit_conversions import ConversionTable
from gateway.reference.units import UnitCodes

PIECES = frozenset({"C62", "H87", "EA"})
# Units of measure (not counted): a fraction of one is a real quantity.
MEASURED = frozenset({"KGM", "GRM", "TNE", "LTR", "MLT", "MTR", "CMT", "MMT", "MTK", "MTQ", "HUR", "MIN",
                      "DAY", "MON", "ANN"})


@dataclass(frozen=True)
class UnitResolution:
    """How a line's written unit relates to its product's unit."""

    uom: str  # the code the line goes out with
    factor: Decimal | None  # product units in one written unit; None when no conversion is known
    how: str  # same, customer, table, pack, stated (gateway.stages.mapping.pieces_by_price), alias, none

    @property
    def converted(self) -> bool:
        return self.factor is not None and self.how in ("customer", "table", "pack", "stated")


def product_code(units: UnitCodes, product: ProductRecord) -> tuple[str, str]:
    """The product's own unit code as the ERP writes it, and its Rec 20 class."""
    own = product.uom.strip().upper()
    return own, units.normalize(own) or own


def resolve_unit(units: UnitCodes, conversions: ConversionTable, aliases: list[str],
                 product: ProductRecord, written: str | None, customer_id: str | None) -> UnitResolution:
    """The product's unit and the factor from the written unit to it (see the module text)."""
    own, sold = product_code(units, product)
    if written and own and written.strip().upper() == own:
        return UnitResolution(own, Decimal(1), "same")  # the ERP's own code, as it writes it
    unit = units.normalize(written) if written else sold
    if not own:
        return UnitResolution(unit or (written or "").upper(), Decimal(1), "same")
    if unit is None:
        return UnitResolution((written or "").upper(), None, "none")
    if unit == sold:
        return UnitResolution(own, Decimal(1), "same")
    factor = conversions.factor(product.sku, unit, sold, customer_id)
    if factor is not None:
        return UnitResolution(own, factor, "customer" if conversions.is_customer_specific(
            product.sku, unit, sold, customer_id) else "table")
    pack = product.pack_size
    if pack and unit in PIECES and sold not in PIECES:
        return UnitResolution(own, 1 / pack, "pack")
    alias_codes = {units.normalize(a) or a.upper() for a in aliases}
    if not pack and unit in alias_codes and sold not in MEASURED:  # a piece is never a kilo or a metre
        return UnitResolution(own, Decimal(1), "alias")
    return UnitResolution(unit, None, "none")


def unit_factor(units: UnitCodes, conversions: ConversionTable, aliases: list[str], product: ProductRecord,
                from_unit: str, to_unit: str, customer_id: str | None) -> Decimal | None:
    """How many ``to_unit`` one ``from_unit`` of ``product`` makes (a price per carton for a line in
    pieces): the same unit, a conversion of the table, the product's pack size, or two of these through
    the product's own unit (pieces -> boxes by the pack size -> cartons by the table); a piece of a
    product without a pack size is one sales unit (``aliases``, as for lines); None when unknown."""
    a, b = units.normalize(from_unit) or from_unit.upper(), units.normalize(to_unit) or to_unit.upper()
    _own, sold = product_code(units, product)
    if not product.pack_size and sold not in MEASURED:
        alias_codes = {units.normalize(x) or x.upper() for x in aliases}
        a, b = (sold if a in alias_codes else a), (sold if b in alias_codes else b)
    direct = _direct_factor(conversions, product, sold, a, b, customer_id)
    if direct is not None or sold in (a, b):
        return direct
    first, second = (_direct_factor(conversions, product, sold, a, sold, customer_id),
                     _direct_factor(conversions, product, sold, sold, b, customer_id))
    return first * second if first is not None and second is not None else None


def _direct_factor(conversions: ConversionTable, product: ProductRecord, sold: str, a: str, b: str,
                   customer_id: str | None) -> Decimal | None:
    if a == b or (a in PIECES and b in PIECES):
        return Decimal(1)
    factor = conversions.factor(product.sku, a, b, customer_id)
    if factor is not None:
        return factor
    pack = product.pack_size
    if pack and a in PIECES and b == sold and sold not in PIECES:
        return 1 / pack
    if pack and a == sold and b in PIECES and sold not in PIECES:
        return pack
    return None


def is_whole(quantity: Decimal, unit: str, units: UnitCodes) -> bool:
    """True when ``quantity`` of ``unit`` can be delivered: whole for counted units."""
    code = units.normalize(unit) or unit
    return code in MEASURED or quantity == quantity.to_integral_value()


def converted_quantity(quantity: Decimal, factor: Decimal) -> Decimal:
    """The quantity in the product's unit, without trailing noise from the division."""
    value = quantity * factor
    rounded = value.quantize(Decimal("0.000001"))
    if rounded == rounded.to_integral_value():
        return rounded.quantize(Decimal(1))
    return rounded.normalize()


def units_to_learn(units: UnitCodes, conversions: ConversionTable, aliases: list[str],
                   products: dict[str, ProductRecord], before: NormalizedOrder, after: NormalizedOrder
                   ) -> list[dict[str, str]]:
    """The conversions a person's correction confirms: a line of the same product, written in a unit
    with no known conversion to the product's, that the person set to the product's own unit and a
    new quantity ("2 CT" -> "24 EA": one CT of it is 12 EA for this customer). Only a whole number
    of one unit in the other is learned; a quantity changed for another reason (2 CT -> 7 EA) is not."""
    if not after.customer.id:
        return []
    old = {line.line_no: line for line in before.lines}
    out = []
    for line in after.lines:
        was = old.get(line.line_no)
        product = products.get(line.sku or "")
        if was is None or product is None or was.sku != line.sku or was.uom == line.uom:
            continue
        _own, sold = product_code(units, product)
        written = units.normalize(was.uom)
        if (units.normalize(line.uom) or line.uom.upper()) != sold or written is None or written == sold \
                or was.quantity <= 0 or line.quantity <= 0:
            continue
        if resolve_unit(units, conversions, aliases, product, was.uom, after.customer.id).factor is not None:
            continue  # a known conversion: the person changed the order, not the unit
        if line.quantity % was.quantity == 0:  # one written unit holds a whole number of the product's
            pair, factor = (written, sold), line.quantity / was.quantity
        elif was.quantity % line.quantity == 0:  # one of the product's units holds a whole number of them
            pair, factor = (sold, written), was.quantity / line.quantity
        else:
            continue
        out.append({"customer_id": after.customer.id, "sku": product.sku, "from_unit": pair[0],
                    "to_unit": pair[1], "factor": f"{factor.normalize():f}"})
    return out
