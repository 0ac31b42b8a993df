"""Header fields typed in a block right of a sheet's item table (issue 18, office part): read as the order's PO and
dates, never as the table's columns."""

from __future__ import annotations

import io
from datetime import date, datetime

import openpyxl

from extractors.base import ExtractHints
from extractors.sheet.sheet import EXTRACTOR
from testkit.harness import REPO

HINTS = ExtractHints(mappings_dir=REPO / "mappings")


def _book(build) -> bytes:
    book = openpyxl.Workbook()
    build(book.active)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _table(ws, titles, top: int) -> None:
    for col, title in zip("ABCDE", titles):
        ws[f"{col}{top}"] = title
    for r, row in enumerate([["DF-PAP-A4", "Papier A4", 4, 24.5, 98.0], ["DF-STYLO-B", "Stylo bleu", 10, 3.9, 39.0]]):
        for col, value in zip("ABCDE", row):
            ws[f"{col}{top + 1 + r}"] = value


def test_a_header_block_on_the_header_row_right_of_the_table_gives_po_and_dates() -> None:
    def build(ws):
        _table(ws, ["Art.-Nr.", "Bezeichnung", "Menge", "Preis", "Betrag"], 3)
        ws["G3"], ws["H3"] = "Bestellnummer", "KX-2026-118"
        ws["G4"], ws["H4"] = "Datum", datetime(2026, 12, 3)
        ws["G5"], ws["H5"] = "Liefertermin", datetime(2026, 12, 17)

    (order,) = EXTRACTOR.extract(_book(build), HINTS).orders
    assert order.po_number == "KX-2026-118"
    assert (order.order_date, order.requested_delivery_date) == (date(2026, 12, 3), date(2026, 12, 17))
    assert [(ln.customer_item, ln.quantity) for ln in order.lines] == [("DF-PAP-A4", 4), ("DF-STYLO-B", 10)]
    assert all(ln.requested_date is None for ln in order.lines)


def test_a_header_block_starting_above_the_table_row_gives_po_and_dates() -> None:
    def build(ws):
        _table(ws, ["Code", "Description", "Qty", "Price", "Amount"], 4)
        ws["G3"], ws["H3"] = "Order No", "PX-55"
        ws["G4"], ws["H4"] = "Date", "02/12/2026"
        ws["G5"], ws["H5"] = "Need by", "16/12/2026"

    (order,) = EXTRACTOR.extract(_book(build), HINTS).orders
    assert order.po_number == "PX-55" and len(order.lines) == 2
    assert order.requested_delivery_date is not None and order.order_date is not None


def test_cells_right_of_the_table_that_are_no_labels_stay_as_they_were() -> None:
    def build(ws):
        _table(ws, ["Code", "Description", "Qty", "Price", "Amount"], 3)
        ws["G4"], ws["H4"] = "Bin", "R3"

    (order,) = EXTRACTOR.extract(_book(build), HINTS).orders
    assert len(order.lines) == 2


def test_orders_on_two_sheets_of_one_workbook_wait_for_a_person() -> None:
    book = openpyxl.Workbook()
    for index, (title, po, date_text) in enumerate((("Commande novembre", "ZX-11", "03/11/2026"),
                                                    ("Commande décembre", "ZX-12", "03/12/2026"))):
        ws = book.active if index == 0 else book.create_sheet()
        ws.title = title
        for row in (["N° commande", po], ["Date", date_text], [], ["Réf.", "Désignation", "Qté", "Prix", "Montant"],
                    ["DF-PAP-A4", "Papier A4", 4, 24.5, 98.0], [None, None, None, "Total", 98.0]):
            ws.append(row)
    out = io.BytesIO()
    book.save(out)
    orders = EXTRACTOR.extract(out.getvalue(), HINTS).orders
    assert [o.po_number for o in orders] == ["ZX-11", "ZX-12"]
    assert all("ORDERS-SEVERAL" in [p.code for p in o.problems] for o in orders)


def test_a_price_list_sheet_beside_the_order_sheet_is_no_second_order() -> None:
    book = openpyxl.Workbook()
    prices = book.active
    prices.title = "Tarif"
    for row in (["Réf.", "Désignation", "Qté mini", "Prix"], ["DF-PAP-A4", "Papier A4", 1, 24.5]):
        prices.append(row)
    ws = book.create_sheet("Commande")
    for row in (["N° commande", "ZX-13"], ["Date", "03/12/2026"], [], ["Réf.", "Désignation", "Qté", "Prix", "Montant"],
                ["DF-PAP-A4", "Papier A4", 4, 24.5, 98.0]):
        ws.append(row)
    out = io.BytesIO()
    book.save(out)
    (order,) = EXTRACTOR.extract(out.getvalue(), HINTS).orders
    assert order.po_number == "ZX-13" and "ORDERS-SEVERAL" not in [p.code for p in order.problems]


def _codes(build) -> list[str]:
    (order,) = EXTRACTOR.extract(_book(build), HINTS).orders
    return [p.code for p in order.problems]


def test_a_side_block_giving_another_po_or_date_than_the_header_above_holds_never_picks_one() -> None:
    def other_po(ws):
        ws["A1"], ws["B1"] = "Order No", "PX-301"
        _table(ws, ["Code", "Description", "Qty", "Price", "Amount"], 3)
        ws["G3"], ws["H3"] = "Order No", "PX-302"
        ws["G4"], ws["H4"] = "Need by", "16/12/2026"

    def other_date(ws):
        ws["A1"], ws["B1"] = "Bestellnummer", "KX-77"
        ws["A2"], ws["B2"] = "Liefertermin", "18.12.2026"
        _table(ws, ["Art.-Nr.", "Bezeichnung", "Menge", "Preis", "Betrag"], 4)
        ws["G4"], ws["H4"] = "Datum", datetime(2026, 12, 3)
        ws["G5"], ws["H5"] = "Liefertermin", datetime(2026, 12, 11)

    def same_again(ws):
        ws["A1"], ws["B1"] = "Bestellnummer", "KX-78"
        _table(ws, ["Art.-Nr.", "Bezeichnung", "Menge", "Preis", "Betrag"], 3)
        ws["G3"], ws["H3"] = "Bestellnummer", "KX 78"
        ws["G4"], ws["H4"] = "Liefertermin", datetime(2026, 12, 11)

    assert "ORDERS-SEVERAL" in _codes(other_po)
    assert "DATE-UNPLACED" in _codes(other_date)
    assert _codes(same_again) == []


def test_a_side_block_giving_a_field_twice_holds() -> None:
    def two_dates(ws):
        _table(ws, ["Art.-Nr.", "Bezeichnung", "Menge", "Preis", "Betrag"], 3)
        ws["G3"], ws["H3"] = "Bestellnummer", "KX-79"
        ws["G4"], ws["H4"] = "Liefertermin", datetime(2026, 12, 11)
        ws["G5"], ws["H5"] = "Liefertermin", datetime(2026, 12, 18)

    def job_and_po(ws):
        _table(ws, ["Art.-Nr.", "Bezeichnung", "Menge", "Preis", "Betrag"], 3)
        ws["G3"], ws["H3"] = "Auftragsnummer", "AN-12"
        ws["G4"], ws["H4"] = "Bestellnummer", "KX-80"
        ws["G5"], ws["H5"] = "Datum", datetime(2026, 12, 3)

    def job_over_po_above(ws):
        ws["A1"], ws["B1"] = "Auftragsnummer", "AN-13"
        ws["A2"], ws["B2"] = "Bestellnummer", "KX-81"
        _table(ws, ["Art.-Nr.", "Bezeichnung", "Menge", "Preis", "Betrag"], 4)

    assert "DATE-UNPLACED" in _codes(two_dates)
    assert "ORDERS-SEVERAL" in _codes(job_and_po)
    assert "ORDERS-SEVERAL" in _codes(job_over_po_above)
