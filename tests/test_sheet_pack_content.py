"""A sheet counting its items in cases beside a column of what one case holds ("Cases | Qty/case | Unit price",
"No. of cases | Pcs"): the count of cases is not sent as pieces at a piece's price; the order waits UOM-PACK-UNSURE
(review revD D3). A count of cases alone keeps being the quantity. Sheets made with openpyxl."""
from __future__ import annotations

import io

import pytest

from extractors.base import ExtractHints


def _sheet(head: list[str], row: list) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    for r in (["Purchase Order"], ["PO Number", "PO-7795"], ["Order Date", "12/02/2026"], [], head, row):
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _order(head: list[str], row: list):
    from extractors.sheet.sheet import EXTRACTOR

    (order,) = EXTRACTOR.extract(_sheet(head, row), ExtractHints(filename="po.xlsx")).orders
    return order


@pytest.mark.parametrize("head", [["Item", "Description", "Cases", "Qty/case", "Unit price"],
                                  ["Item", "Description", "No. of cases", "Pcs", "Unit price"],
                                  ["Item", "Description", "Cases", "Units per case", "Price each"],
                                  ["Réf", "Désignation", "Colis", "Pièces / colis", "P.U. HT"]])
def test_a_count_of_cases_beside_their_content_waits(head: list[str]) -> None:
    order = _order(head, ["SKU-1003", "Stapler", 2, 6, 2.75])
    assert "UOM-PACK-UNSURE" in {p.code for p in order.problems}


def test_a_count_of_cases_alone_is_the_quantity() -> None:
    order = _order(["Item", "Description", "Cases", "Price / case"], ["SKU-1003", "Stapler", 4, 33.00])
    assert [ln.quantity for ln in order.lines] == [4]
    assert "UOM-PACK-UNSURE" not in {p.code for p in order.problems}
