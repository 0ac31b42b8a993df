"""Review rev2 S6, S7, S9: a quotation's date beside an empty "Datum" cell is no order date; rows pasted into a
tab-separated .txt with no column titles wait for a person, never "not an order"; "Edité le" (the day an ERP printed
the document) is no order-date label."""

from __future__ import annotations

from extractors.base import ExtractHints
from extractors.capture.label_families import order_date_family
from extractors.capture.pdf_text import EXTRACTOR as PDF
from extractors.sheet.sheet import EXTRACTOR as SHEET
from gateway.model import DocType
from tests.printed import printed_pdf

HEAD = ("<html><head><meta charset='utf-8'><style>body{font-family:sans-serif;font-size:12px} td{padding:2px 14px}"
        "</style></head><body><h3>Weber Bau GmbH</h3><p>Industriestr. 5, 85748 Garching</p><h1>Bestellung</h1>")
ITEMS = ("<table><tr><th>Art.-Nr.</th><th>Bezeichnung</th><th>Menge</th><th>Einzelpreis</th><th>Betrag</th></tr>"
         "<tr><td>GLV-NIT-M</td><td>Handschuhe</td><td>4</td><td>9,50</td><td>38,00</td></tr></table></body></html>")


def test_a_date_beside_an_empty_date_cell_is_no_order_date() -> None:
    html = (HEAD + "<table><tr><td>Bestellnummer</td><td>Datum</td><td>Angebot vom</td></tr>"
            "<tr><td>4500008812</td><td></td><td>01.12.2026</td></tr></table>" + ITEMS)
    order = PDF.extract(printed_pdf("rev2_numdate_empty", html).read_bytes(), ExtractHints()).orders[0]
    assert order.po_number == "4500008812"
    assert order.order_date is None or order.confidence["order_date"] < 0.9  # never a sure order date


def test_a_quotation_date_with_a_day_over_12_beside_an_empty_date_cell_is_no_order_date() -> None:
    """The quotation's date is no order date because of its label, not because its day and month could be read
    either way: "21.12.2026" under "Angebot vom" beside an empty "Datum" cell is not joined to that label."""
    html = (HEAD + "<table><tr><td>Bestellnummer</td><td>Datum</td><td>Angebot vom</td></tr>"
            "<tr><td>4500008812</td><td></td><td>21.12.2026</td></tr></table>" + ITEMS)
    order = PDF.extract(printed_pdf("rev2_numdate_empty_day21", html).read_bytes(), ExtractHints()).orders[0]
    assert order.po_number == "4500008812"
    assert order.order_date is None or order.confidence["order_date"] < 0.9


def test_rows_pasted_into_a_text_file_wait_for_a_person() -> None:
    data = b"Please deliver asap\t\t\nTP-1001\t10\tpens blue\nTP-1002\t2\tstaplers\nTP-1003\t5\ttoner black\n"
    extraction = SHEET.extract(data, ExtractHints(filename="rows.txt", content_type="text/plain"))
    assert extraction.doc_type == DocType.ORDER
    assert "SHEET-NO-HEADER" in [p.code for p in extraction.problems]


def test_the_day_a_document_was_printed_is_no_order_date_label() -> None:
    labels = order_date_family()
    assert "édité le" not in labels and "document édité le" not in labels
    assert "date d'émission" in labels
