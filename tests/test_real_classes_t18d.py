"""The readers' rules behind the ERP print layouts an outside tester found held needlessly on issue 18 (Xero,
Business Central, Oracle, SAP, procurement portal and Sage look-alikes). The checked-in prints
(``tests/fixtures/real_producers`` families ``*_t18d``, ``make_t18d.py``) are read field for field by
``tests/test_real_producers.py``; the particular rules here, on word geometry as a text layer gives it."""

from __future__ import annotations

from datetime import date

from extractors.base import ExtractHints
from extractors.capture.layout import read_order_document
from extractors.capture.words import PageWords, Word


def _page(lines: list[list[tuple[str, float]]], size: float = 14.0, n: int = 1) -> PageWords:
    words = []
    for row, line in enumerate(lines):
        y = 60 + row * 26
        for text, x in line:
            words.append(Word(text, x, y, x + 8 * len(text), y + size, 1.0, n))
    return PageWords(n, 1400.0, 1980.0, tuple(words))


ITEMS = [[("Pos.", 60), ("Material", 140), ("Bezeichnung", 300), ("Menge", 800), ("ME", 900), ("Preis", 1000), ("Wert", 1150)],
         [("00010", 60), ("HT.12062", 140), ("Ölbindemittel", 300), ("Granulat", 420), ("12,5", 800), ("kg", 900),
          ("3,48", 1000), ("43,50", 1150)],
         [("Gesamtnettowert", 800), ("43,50", 1150)]]


def test_an_sap_number_and_date_cell_gives_the_po_and_the_order_date() -> None:
    """"Bestellnummer/Datum | 4500012345 / 16.12.2026" in the key-value grid right of the vendor's address."""
    page = _page([[("Meridian", 60), ("Office", 140), ("Supply", 200), ("Bestellung", 700)],
                  [("Unit", 60), ("4", 100), ("Kestrel", 120), ("Park", 190), ("Bestellnummer/Datum", 700),
                   ("4500012345", 900), ("/", 990), ("16.12.2026", 1005)],
                  [("Reading", 60), ("RG2", 130), ("0QF", 165), ("Lieferdatum", 700), ("21.12.2026", 900)],
                  [], *ITEMS])
    (order,) = read_order_document([page], ExtractHints(locale="de_DE"), "pdf_text", ocr=False).orders
    assert order.po_number == "4500012345"
    assert order.order_date == date(2026, 12, 16)
    assert order.requested_delivery_date == date(2026, 12, 21)
