"""An accounting package's purchase order naming the buyer's number "Reference" alone (Xero, QuickBooks): read as
the PO, weighed as a generic label. Counter-examples: a "Purchase Order Number" beside it is the PO (the reference
is no rival), "Your Reference" / "Quote Reference" / "Référence client" alone give no PO, and a bare "Reference"
whose value is words is none."""

from __future__ import annotations

from extractors.base import ExtractHints
from extractors.capture.layout import read_order_document
from extractors.capture.words import PageWords, Word


def _page(lines: list[list[tuple[str, float]]]) -> PageWords:
    words = []
    for row, line in enumerate(lines):
        y = 60 + row * 26
        for text, x in line:
            words.append(Word(text, x, y, x + 8 * len(text), y + 14.0, 1.0, 1))
    return PageWords(1, 1400.0, 1980.0, tuple(words))


ITEMS = [[], [("Item", 60), ("Description", 300), ("Quantity", 800), ("Unit", 900), ("Price", 945), ("Amount", 1150)],
         [("AJ-12133", 60), ("Desk", 300), ("calculator", 345), ("3", 800), ("14.90", 900), ("44.70", 1150)],
         [("TOTAL", 900), ("44.70", 1150)]]


def _read(header: list[list[tuple[str, float]]], locale: str = "en_GB"):
    page = _page([[("PURCHASE", 60), ("ORDER", 170)], [("Ashby", 60), ("Joinery", 120), ("Ltd", 185)], *header, *ITEMS])
    (order,) = read_order_document([page], ExtractHints(locale=locale), "pdf_text", ocr=False).orders
    return order


def _po_of(header: list[list[tuple[str, float]]], locale: str = "en_GB"):
    page = _page([[("PURCHASE", 60), ("ORDER", 170)], [("Ashby", 60), ("Joinery", 120), ("Ltd", 185)], *header, *ITEMS])
    return [o.po_number for o in read_order_document([page], ExtractHints(locale=locale), "pdf_text", ocr=False).orders]


def test_a_bare_reference_label_gives_the_po_when_nothing_else_does() -> None:
    order = _read([[("Date", 700), ("9", 900), ("Dec", 915), ("2026", 950)],
                   [("Reference", 700), ("HO-55120", 900)]])
    assert order.po_number == "HO-55120" and order.confidence["po_number"] >= 0.9


def test_a_reference_beside_the_purchase_order_number_is_no_rival() -> None:
    order = _read([[("Date", 700), ("9", 900), ("Dec", 915), ("2026", 950)],
                   [("Purchase", 700), ("Order", 770), ("Number", 815), ("PO-0418", 900)],
                   [("Reference", 700), ("WW-2291", 900)]])
    assert order.po_number == "PO-0418" and order.confidence["po_number"] >= 0.9


def test_another_partys_reference_alone_is_no_po() -> None:
    for label in ([("Your", 700), ("Reference", 740)], [("Quote", 700), ("Reference", 750)],
                  [("Project", 700), ("Reference", 765)]):
        got = _po_of([[("Date", 700), ("9", 900), ("Dec", 915), ("2026", 950)], [*label, ("SO-77812", 900)]])
        assert got in ([], [None]), label
    assert _po_of([[("Date", 700), ("09/12/2026", 900)], [("Référence", 700), ("client", 790), ("41187", 900)]],
                  "fr_FR") == [None]
    assert _po_of([[("Date", 700), ("9", 900), ("Dec", 915), ("2026", 950)],
                   [("Reference", 700), ("west", 900), ("wing", 940)]]) == [None]
