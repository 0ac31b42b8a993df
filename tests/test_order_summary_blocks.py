"""Review rev1 T13: a web shop's "Order summary" / "Order details" / "Bestellübersicht" heading is an order title
only at the document's top: under an INVOICE / RECHNUNG title it is a block of the invoice, filed as one."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.base import ExtractHints
from extractors.capture.layout import read_order_document
from extractors.capture.words import PageWords, Word
from gateway.model import DocType

REPO = Path(__file__).resolve().parents[1]


def page(head: list[str], foot: list[str]) -> PageWords:
    words, y = [], 40

    def put(row):
        x = 40.0
        for text, at in row:
            x = at if at is not None else x
            words.append(Word(text, x, y, x + 9 * len(text), y + 14, 0.95, 1))
            x += 9 * len(text) + 7
    for line in head:
        put([(w, None) for w in line.split()])
        y += 30
    y += 30
    for row in ([("Code", 100), ("Description", 250), ("Qty", 700), ("Price", 850)],
                [("LM-3310", 100), ("Lamp", 250), ("2", 716), ("41.00", 850)],
                [("GL-0042", 100), ("Gloves", 250), ("6", 716), ("9.50", 850)]):
        put(row)
        y += 30
    y += 30
    for line in foot:
        put([(w, None) for w in line.split()])
        y += 30
    return PageWords(1, 1400.0, 1980.0, tuple(words))


def read(head: list[str], foot: list[str]):
    hints = ExtractHints(languages=("eng",), locale="en_GB", mappings_dir=REPO / "mappings")
    return read_order_document([page(head, foot)], hints, "pdf_text", ocr=False)


@pytest.mark.parametrize("head, foot", [
    (["WEBSHOP.EXAMPLE", "INVOICE", "Invoice No: 2026-8801", "Order details", "Order summary",
      "Your order: HX-4410", "Order date: 03/12/2026"], ["Total 139.00"]),
    (["RECHNUNG", "Rechnungsnummer: 2026-8802", "Bestelldetails", "Ihre Bestellung: HX-4411",
      "Datum: 03.12.2026"], ["Gesamtbetrag 139,00"]),
])
def test_an_order_block_under_an_invoice_title_stays_an_invoice(head, foot):
    got = read(head, foot)
    assert got.doc_type == DocType.INVOICE and got.orders == []


def test_an_order_summary_at_the_top_is_still_an_order():
    got = read(["WEBSHOP.EXAMPLE", "Order summary", "Order number: HX-4412", "Order date: 03/12/2026"],
               ["Total 139.00"])
    assert got.doc_type == DocType.ORDER and got.orders and got.orders[0].po_number == "HX-4412"
