"""Column titles of office order sheets (issue 18, office part): a money group title merged over "Unit | Total"
names the unit price and the amount, never a unit column; SAP's "Material-Nr." names the item code."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest

from extractors.base import ExtractHints
from extractors.sheet.sheet import EXTRACTOR
from testkit.harness import REPO

HINTS = ExtractHints(mappings_dir=REPO / "mappings")


def _book(rows, merge: str | None = None) -> bytes:
    book = openpyxl.Workbook()
    ws = book.active
    for row in rows:
        ws.append(row)
    if merge:
        ws.merge_cells(merge)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize("group, unit, total", [("Price", "Unit", "Total"), ("Preis", "Einheit", "Gesamt"),
                                                ("Prix", "Unité", "Total")])
def test_a_price_group_over_unit_and_total_gives_the_unit_price(group: str, unit: str, total: str) -> None:
    data = _book([["PO", "QX-1"], [], ["Code", "Description", "Qty", group, None], [None, None, None, unit, total],
                  ["DF-PAP-A4", "Papier A4", 4, 24.5, 98.0], ["DF-STYLO-B", "Stylo bleu", 10, 3.9, 39.0]], "D3:E3")
    (order,) = EXTRACTOR.extract(data, HINTS).orders
    assert [(ln.quantity, ln.unit_price, ln.amount, ln.uom) for ln in order.lines] == [
        (Decimal(4), Decimal("24.5"), Decimal("98.0"), None), (Decimal(10), Decimal("3.9"), Decimal("39.0"), None)]


def test_a_quantity_group_over_unit_keeps_its_unit_column() -> None:
    data = _book([["PO", "QX-2"], [], ["Code", "Description", "Menge", None, "Preis"], [None, None, "Anzahl", "Einheit", None],
                  ["DF-PAP-A4", "Papier A4", 4, "Stk", 24.5]], "C3:D3")
    (order,) = EXTRACTOR.extract(data, HINTS).orders
    assert order.lines[0].uom == "Stk" and order.lines[0].unit_price == Decimal("24.5")


def test_sap_material_number_is_the_item_code() -> None:
    data = _book([["Bestell-Nr.", "QX-3"], [], ["Pos", "Material-Nr.", "Kurztext", "Menge", "ME", "Preis"],
                  [10, "ML-412010", "Kopierpapier", 5, "St", 24.5]])
    (order,) = EXTRACTOR.extract(data, HINTS).orders
    assert order.lines[0].customer_item == "ML-412010"
