"""A piece is one sales unit only of a counted product: "150 Stk" of granules sold by the kilo is no 150 KGM
(the pieces policy, ``[decide.rules] sales_unit_aliases``, stops at products sold by measure)."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from extractors.units import TABLE
from gateway.reference.masterdata import ProductRecord
from gateway.reference.unit_conversions import ConversionTable
from gateway.reference.units import UnitCodes
from gateway.stages.line_units import resolve_unit, unit_factor

ALIASES = ["C62", "EA", "H87"]


def _product(uom: str) -> ProductRecord:
    return ProductRecord(sku="SKU-9", description="Granules", uom=uom)


def _units() -> UnitCodes:
    return UnitCodes.load(Path(__file__).resolve().parents[1] / "mappings" / "units.toml", TABLE)


def test_a_piece_of_a_product_sold_by_the_kilo_has_no_conversion() -> None:
    res = resolve_unit(_units(), ConversionTable(), ALIASES, _product("KGM"), "Stk", "C1001")
    assert res.factor is None and res.how == "none"
    assert unit_factor(_units(), ConversionTable(), ALIASES, _product("KGM"), "EA", "KGM", "C1001") is None


def test_a_piece_of_a_counted_product_is_still_one_sales_unit() -> None:
    res = resolve_unit(_units(), ConversionTable(), ALIASES, _product("BX"), "Stk", "C1001")
    assert res.factor == Decimal(1) and res.how == "alias" and res.uom == "BX"


def test_kilos_of_a_product_sold_by_the_kilo_are_kilos() -> None:
    res = resolve_unit(_units(), ConversionTable(), ALIASES, _product("KGM"), "kg", "C1001")
    assert res.factor == Decimal(1) and res.uom == "KGM"
