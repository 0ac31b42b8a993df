"""Ruled tables, codes inside descriptions, day/month order from the document, unread rows,
and sheets' totals and sentences: the pieces of reading orders made by office tools."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest

from extractors.base import ExtractHints
from extractors.date_evidence import date_order_of
from extractors.capture.item_codes import code_in_description
from extractors.capture.layout import document_rows, read_order_document
from extractors.capture.ruled_cells import page_rows
from extractors.sheet.sheet import EXTRACTOR as SHEET
from extractors.capture.words import PageWords, Word
from gateway.stages.item_matching import order_confidence
from tests.test_layout import order_page, page_of

COLUMNS = ((100, 200), (200, 420), (420, 500), (500, 560), (560, 680), (680, 800))


def _cell_words(texts: list[list[str]], top: float) -> list[Word]:
    """Words of one ruled row: each cell a list of lines, 8 px per character, lines 16 px apart."""
    words = []
    for (x0, _), lines in zip(COLUMNS, texts):
        for n, line in enumerate(lines):
            x = x0 + 4
            for text in line.split():
                words.append(Word(text, x, top + 4 + 16 * n, x + 8 * len(text), top + 16 + 16 * n))
                x += 8 * len(text) + 6
    return words


def _ruled_page(rows: list[list[list[str]]], pitch: float = 56.0) -> PageWords:
    """A ruled grid whose rows are ``pitch`` px high, with its title and PO above it."""
    words = [Word("BESTELLUNG", 100, 20, 180, 32), Word("Bestell-Nr.:", 100, 40, 196, 52),
             Word("B-2601027", 204, 40, 276, 52), Word("Datum:", 100, 60, 148, 72), Word("07.12.2026", 156, 60, 236, 72)]
    table = []
    for n, cells in enumerate(rows):
        top = 100 + n * pitch
        words += _cell_words(cells, top)
        table.append(tuple((x0, top, x1, top + pitch) for x0, x1 in COLUMNS))
    return PageWords(1, 1400.0, 1980.0, tuple(words), (tuple(table),))


HEADER = [["Art.-Nr."], ["Bezeichnung"], ["Menge"], ["ME"], ["Einzelpre", "is"], ["Gesamt"]]


def test_a_ruled_row_keeps_its_wrapped_cells_together_and_a_broken_header_reads_whole() -> None:
    page = _ruled_page([HEADER, [["ML-", "412031"], ["Heftklammern", "24/6, 1000", "Stück"], ["5"], ["Stk"],
                                 ["2,10"], ["10,50"]]])
    rows = page_rows(page, page.tables)
    table_rows = [r for r in rows if r.cells]
    assert [w.text for w in table_rows[0].words][4] == "Einzelpre is"
    assert [w.text for w in table_rows[1].words][:2] == ["ML-412031", "Heftklammern 24/6, 1000 Stück"]
    order = read_order_document([page], ExtractHints(locale="de_DE"), "pdf_text", ocr=False).orders[0]
    (line,) = order.lines
    assert (line.customer_item, line.quantity, line.uom, line.unit_price, line.amount) == (
        "ML-412031", Decimal("5"), "Stk", Decimal("2.10"), Decimal("10.50"))
    assert line.description == "Heftklammern 24/6, 1000 Stück"


def test_a_ruled_box_holding_several_items_is_read_as_plain_rows() -> None:
    stacked = [["A-1", "B-2"], ["Schraube", "Mutter"], ["5", "7"], ["Stk", "Stk"], ["1,00", "2,00"], ["5,00", "14,00"]]
    page = _ruled_page([[["Art.-Nr."], ["Bezeichnung"], ["Menge"], ["ME"], ["Preis"], ["Gesamt"]], stacked])
    assert not any(r.cells for r in page_rows(page, page.tables))
    order = read_order_document([page], ExtractHints(locale="de_DE"), "pdf_text", ocr=False).orders[0]
    assert [(ln.customer_item, ln.quantity) for ln in order.lines] == [("A-1", Decimal("5")), ("B-2", Decimal("7"))]


@pytest.mark.parametrize("text, code, rest", [
    ("Wireless mouse Item # TK-40893", "TK-40893", "Wireless mouse"),
    ("Vis à bois inox 4x40 Réf. LEF12014", "LEF12014", "Vis à bois inox 4x40"),
    ("Ordner 80 mm Art.-Nr. HT.12041", "HT.12041", "Ordner 80 mm"),
    ("SKU: AB1234 Copy paper", "AB1234", "Copy paper"),
])
def test_a_labelled_code_inside_a_description_is_found(text: str, code: str, rest: str) -> None:
    assert code_in_description(text) == (code, rest)


@pytest.mark.parametrize("text", ["Câble 25 m référence client", "Réf. A-1 et Réf. B-2", "Item # TBD"])
def test_no_code_or_two_codes_in_a_description_are_not_guessed(text: str) -> None:
    assert code_in_description(text) is None


def test_day_month_order_is_settled_by_the_documents_unambiguous_dates() -> None:
    assert date_order_of(["Order Date 22/12/2026", "Delivery 05/01/2027"]) == "dmy"
    assert date_order_of(["12/28/2026", "01/02/2027"]) == "mdy"
    assert date_order_of(["04.12.2026", "05.12.2026"]) is None
    assert date_order_of(["28/12/2026", "12/28/2026"]) is None


def test_a_table_row_with_numbers_that_reads_as_no_item_holds_the_order() -> None:
    page = order_page()
    words = list(page.words) + [Word(t, x, 40 + 9.5 * 30, x + 8 * len(t), 40 + 9.5 * 30 + 14) for t, x in
                                (("??", 40), ("illisible", 200), ("7,50", 915), ("75,00", 1170))]
    order = read_order_document([PageWords(1, 1400.0, 1980.0, tuple(words))], ExtractHints(locale="fr_FR"),
                                "pdf_text", ocr=False).orders[0]
    assert "LAYOUT-ROW-UNREAD" in {p.code for p in order.problems}
    assert order.confidence["rows"] == 0.5 and order_confidence(order) <= 0.5


def test_rows_of_a_page_without_ruled_tables_are_grouped_as_before() -> None:
    page = order_page()
    assert [r.text for r in document_rows([page])] == [r.text for r in page_rows(page, ())]


def _xlsx(rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_a_sheets_total_row_is_its_total_and_a_sentence_under_it_is_no_line() -> None:
    data = _xlsx([["N° de commande", "BM-7"], ["Date", date(2026, 12, 4)], [],
                  ["Réf.", "Désignation", "Qté", "Unité", "P.U. HT", "Montant HT"],
                  ["BM12120", "Corde tressée", 2.5, "m", 0.78, 1.95],
                  ["BM12155", "Lampe LED", 3, "PCE", 39, 117],
                  ["Conditions : paiement à 30 jours fin de mois."],
                  [None, None, None, None, "Total HT", 118.95]])
    (order,) = SHEET.extract(data, ExtractHints(filename="c.xlsx")).orders
    assert (order.po_number, order.order_date, order.total) == ("BM-7", date(2026, 12, 4), Decimal("118.95"))
    assert [(ln.customer_item, ln.unit_price, ln.amount) for ln in order.lines] == [
        ("BM12120", Decimal("0.78"), Decimal("1.95")), ("BM12155", Decimal("39"), Decimal("117"))]


@pytest.mark.parametrize("name, party", [
    ("browser_fr_1.pdf", ("Papeterie Durand — Entrepôt", "4 rue du Port", "69007", "Lyon")),
    ("webshop_en_1.pdf", ("Harbor Office Supplies Inc.", "500 Commerce Dr", "02110", "Boston")),  # ZIP gives MA
])
def test_the_delivery_address_is_read_by_its_label(name: str, party: tuple[str, str, str, str]) -> None:
    from extractors.capture.pdf_text import EXTRACTOR as PDF
    from tests.test_real_producers import FIXTURES

    order = PDF.extract((FIXTURES / "docs" / name).read_bytes(), ExtractHints()).orders[0]
    ship_to = order.party("ship_to")
    assert ship_to is not None and (ship_to.name, ship_to.street, ship_to.postcode, ship_to.city) == party


def test_a_word_broken_by_its_cells_width_is_joined_and_a_wrapped_number_is_one_item() -> None:
    page = _ruled_page([HEADER, [["40008621414", "04"], ["Kopierpapierrecyclingweiss", "er A4"], ["3"], ["Pkg"],
                                 ["24,50"], ["73,50"]]])
    order = read_order_document([page], ExtractHints(locale="de_DE"), "pdf_text", ocr=False).orders[0]
    (line,) = order.lines
    assert (line.customer_item, line.description, line.quantity, line.unit_price) == (
        "4000862141404", "Kopierpapierrecyclingweisser A4", Decimal("3"), Decimal("24.50"))
