"""Two-language labels and column titles of a Belgian sheet ("Date / Datum", "Quantité / Aantal"): a part naming
another paper's date ("Date devis / Datum") is no order date (review revD D8); column titles written in two
languages name their columns as their known part does (review revD D7). Sheets made with openpyxl."""
from __future__ import annotations

import io
from datetime import date

from extractors.base import ExtractHints


def _sheet(date_label: str, titles: list[str], po: bool = True) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    rows = [["Bon de commande / Bestelbon"], [], *([["N° commande / Bestelnr.", "BE-7720"]] if po else []),
            [date_label, "02/12/2026"], ["Livraison / Levering", "09/12/2026"], [], titles,
            ["SKU-1003", "Agrafeuse", 12, 2.75, 33.00], [None, None, None, "Total / Totaal", 33.00]]
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


FR = ["Référence", "Désignation", "Quantité", "Prix unitaire", "Montant"]
BI = ["Référence / Referentie", "Désignation / Omschrijving", "Quantité / Aantal", "Prix / Prijs", "Montant / Bedrag"]


def _orders(data: bytes):
    from extractors.sheet.sheet import EXTRACTOR

    return EXTRACTOR.extract(data, ExtractHints(filename="bc.xlsx", locale="fr_BE"))


def test_a_quotes_date_in_a_two_language_label_is_no_order_date() -> None:
    (order,) = _orders(_sheet("Date devis / Datum", FR)).orders
    assert order.order_date is None
    (plain,) = _orders(_sheet("Date / Datum", FR)).orders
    assert plain.order_date == date(2026, 12, 2)


def test_column_titles_in_two_languages_name_their_columns() -> None:
    for po in (True, False):
        result = _orders(_sheet("Date / Datum", BI, po))
        assert result.doc_type.value == "order"
        (order,) = result.orders
        assert [(ln.customer_item or ln.sku, ln.quantity) for ln in order.lines] == [("SKU-1003", 12)]
