"""Issue 23, faxes, third wave: a quantity corrected by hand on a printed form (never mended back from the
printed amount), a PO number wrapped at its hyphen in a narrow header cell, the sending fax machine's header
line (TTI) on top of the page, and header labels wrapped over two or three lines of their cell. Small word
layouts for the rules, one fax form read by real tesseract."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from extractors.base import ExtractHints
from extractors.capture.corrected_quantity import corrected_quantities
from extractors.capture.fax_banner import banner_number, is_banner
from extractors.capture.layout import read_order_document
from extractors.capture.line_repair import repair_order
from extractors.capture.ocr import OcrExtractor
from extractors.capture.words import PageWords, Word
from gateway.model import Box, ExtractedLine, ExtractedOrder, Problem
from testkit.capture_fax import render_fax_tiff

REPO = Path(__file__).resolve().parents[1]
EN = ExtractHints(mappings_dir=REPO / "mappings")
FR = ExtractHints(languages=("fra",), locale="fr_FR", mappings_dir=REPO / "mappings")


def _words(items: list[tuple[str, float, float, float]]) -> tuple[Word, ...]:
    """(text, x, y, height) -> words 11 px a character wide."""
    return tuple(Word(t, x, y, x + 11 * len(t), y + h, 0.95, 1) for t, x, y, h in items)


def _form(header: list[tuple[str, float, float, float]], qty: list[tuple[str, float, float, float]],
          top: list[tuple[str, float, float, float]] = ()) -> PageWords:
    body = [("Maple", 180, 200, 20), ("Office", 260, 200, 20), ("Supplies", 340, 200, 20),
            *header,
            *((t, x, 600, 20) for t, x in zip(("Item", "Description", "Qty", "Unit", "Price", "Amount"),
                                              (190, 420, 690, 830, 950, 1110))),
            ("QL-204", 190, 680, 20), ("Folders", 420, 680, 20), *qty, ("pc", 830, 680, 20), ("3.50", 960, 680, 20),
            ("35.00", 1120, 680, 20),
            ("QL-310", 190, 740, 20), ("Labels", 420, 740, 20), ("2", 700, 740, 20), ("pc", 830, 740, 20),
            ("5.00", 960, 740, 20), ("10.00", 1120, 740, 20),
            ("Total", 950, 800, 20), ("45.00", 1120, 800, 20), *top]
    return PageWords(1, 1400.0, 1980.0, _words(body))


PO_HEADER = [("PO:", 180, 400, 20), ("MO-7781", 240, 400, 20), ("Date:", 180, 430, 20), ("02/12/2026", 250, 430, 20)]


def test_a_quantity_written_taller_than_its_row_holds_and_is_never_mended() -> None:
    """OCR boxes the hand-written "12" over the struck "10" as one tall word; the amount is the old one's."""
    page = _form(PO_HEADER, [("12", 700, 660, 58)])
    order = read_order_document([page], EN, "ocr", ocr=True).orders[0]
    held = [p for p in order.problems if p.code == "QTY-HANDWRITTEN-CORRECTION"]
    assert held and held[0].element == "lines[1]" and order.lines[0].confidence["quantity"] == 0.0
    repair_order(order)
    assert order.lines[0].quantity == Decimal(12)  # not put back to 10 from 35.00 / 3.50
    assert not [p for p in order.problems if p.code == "OCR-REPAIRED" and p.segment_position == 1]


def test_a_quantity_printed_like_its_row_is_no_correction() -> None:
    order = read_order_document([_form(PO_HEADER, [("10", 700, 680, 20)])], EN, "ocr", ocr=True).orders[0]
    assert not [p for p in order.problems if p.code == "QTY-HANDWRITTEN-CORRECTION"]


def test_a_printed_amount_boxed_with_the_rule_under_it_makes_no_quantity_a_correction() -> None:
    """A typed letter's table faxed: the amount touches the rule under its row and OCR boxes it nearly three
    rows tall; the quantity beside it, printed like the row's other numbers, is no hand-written one."""
    body = [("Maple", 180, 200, 20), ("Office", 260, 200, 20), ("Supplies", 340, 200, 20), *PO_HEADER,
            *((t, x, 600, 20) for t, x in zip(("Item", "Description", "Qty", "Unit", "Price", "Amount"),
                                              (190, 420, 690, 830, 950, 1110))),
            ("QL-204", 190, 680, 20), ("Folders", 420, 680, 20), ("1429", 700, 680, 20), ("kg", 830, 680, 20),
            ("196.64", 960, 680, 20), ("280998.56", 1120, 680, 57),
            ("QL-310", 190, 760, 20), ("Labels", 420, 760, 20), ("2", 700, 760, 20), ("pc", 830, 760, 20),
            ("5.00", 960, 760, 20), ("10.00", 1120, 760, 20)]
    order = read_order_document([PageWords(1, 1400.0, 1980.0, _words(body))], EN, "ocr", ocr=True).orders[0]
    assert not [p for p in order.problems if p.code == "QTY-HANDWRITTEN-CORRECTION"]
    assert order.lines[0].quantity == Decimal(1429)


def _line(q: str | None, amount_box: Box, qty_box: Box | None) -> ExtractedLine:
    boxes = {"amount": amount_box, "unit_price": amount_box}
    if qty_box is not None:
        boxes["quantity"] = qty_box
    return ExtractedLine(line_no=1, customer_item="A-1", quantity=Decimal(q) if q else None,
                         unit_price=Decimal("3.50"), amount=Decimal("35.00"), boxes=boxes)


def _page_ink(marks: list[tuple[int, int, int, int]]) -> np.ndarray:
    img = np.full((400, 600), 255, np.uint8)
    for x0, y0, x1, y1 in marks:
        img[y0:y1, x0:x1] = 0
    return img


def _two_line_order(first_qty: str | None, first_box: Box | None) -> ExtractedOrder:
    lines = [_line(first_qty, Box(page=1, x=400, y=100, w=60, h=20), first_box),
             _line("2", Box(page=1, x=400, y=200, w=60, h=20), Box(page=1, x=100, y=200, w=20, h=20))]
    order = ExtractedOrder(lines=lines)
    order.problems.append(Problem(code="OCR-REPAIRED", severity="warning", segment_position=1, element="quantity",
                                  message="line 1: quantity read as None mended to 10"))
    return order


def test_ink_where_no_quantity_was_read_holds_a_quantity_filled_from_the_amount() -> None:
    """The struck printed number is not read at all: the repair filled it from the amount."""
    digits_and_stroke = [(100, 102, 104, 118), (108, 102, 118, 118), (96, 108, 124, 111)]
    order = _two_line_order(None, None)
    found = corrected_quantities(order, {1: (_page_ink(digits_and_stroke), 1.0)})
    assert [p.code for p in found] == ["QTY-HANDWRITTEN-CORRECTION"] and found[0].element == "lines[1]"


def test_an_empty_quantity_cell_filled_from_the_amount_is_no_correction() -> None:
    order = _two_line_order(None, None)
    assert corrected_quantities(order, {1: (_page_ink([(300, 300, 302, 302)]), 1.0)}) == []


def test_ink_taller_than_the_row_around_a_mended_quantity_holds() -> None:
    """"12" written above the struck "10": ink from above the row down through it."""
    order = _two_line_order("10", Box(page=1, x=100, y=100, w=22, h=20))
    marks = [(100, 102, 104, 118), (108, 102, 118, 118), (98, 84, 104, 100), (108, 84, 120, 100)]
    assert [p.code for p in corrected_quantities(order, {1: (_page_ink(marks), 1.0)})] == \
        ["QTY-HANDWRITTEN-CORRECTION"]
    plain = _two_line_order("10", Box(page=1, x=100, y=100, w=22, h=20))
    assert corrected_quantities(plain, {1: (_page_ink(marks[:2]), 1.0)}) == []


@pytest.mark.parametrize("text, banner", [
    ("03-DEC-2026 16:49 FROM: +32 2 555 01 61 RETAIL BRUSSELS NV P.01/01", True),
    ("O3-DEC-2026 16:49 FROM! 432 2 955 O1 61 RETAIL BRUSSELS NV P.O1/0L", True),
    ("03 DEZ 2026 16:49 VON: +49 89 1234 5678 MÜLLER P.01", True),
    ("DEC-03-2026 09:12 DE +33 1 45 67 89 10 P. 1/2", True),
    ("Bestell-Nr. BE-4711 vom 03.12.2026", False),
    ("Tel 01 45 67 89 11 Fax 01 45 67 89 10", False),
    ("1 SKU-1001 Copy paper 4 Box 24,50 98,00", False)])
def test_a_fax_header_line_is_told_by_its_shape(text: str, banner: bool) -> None:
    assert is_banner(text.split(), 20.0, 2000.0) is banner
    assert not is_banner(text.split(), 900.0, 2000.0)  # not in the top strip: never


def test_a_fax_header_lines_calling_number() -> None:
    assert banner_number("03-DEC-2026 16:49 FROM: +32 2 555 01 61 RETAIL BRUSSELS NV P.01/01".split()) == \
        "+32 2 555 01 61"


def test_a_fax_header_line_is_no_order_line() -> None:
    tti = [(t, x, 30, 16) for t, x in zip("O3-DEC-2026 16:49 FROM! 432 2 955 O1 61 MAPLE OFFICE P.O1/0L".split(),
                                          (60, 200, 290, 370, 420, 440, 480, 530, 560, 600, 680, 1200))]
    order = read_order_document([_form(PO_HEADER, [("10", 700, 680, 20)], tti)], EN, "ocr", ocr=True).orders[0]
    assert not [p for p in order.problems if p.code in ("LINE-UNREAD", "LAYOUT-ROW-UNREAD")]
    assert len(order.lines) == 2 and order.po_number == "MO-7781"


def test_a_po_number_wrapped_at_its_hyphen_in_a_grid_cell() -> None:
    """"N° de / commande" over "CDE-26-" / "1201" (the other cells' values centred between its two lines)."""
    header = [("N°", 700, 380, 20), ("de", 735, 380, 20), ("commande", 700, 404, 20),
              ("Date", 880, 380, 20), ("de", 935, 380, 20), ("commande", 880, 404, 20),
              ("CDE-26-", 700, 450, 20), ("02/12/2026", 880, 462, 20), ("1201", 700, 474, 20)]
    page = _form(header, [("10", 700, 680, 20)])
    order = read_order_document([page], FR, "ocr", ocr=True).orders[0]
    assert order.po_number == "CDE-26-1201" and order.order_date == date(2026, 12, 2)


def test_a_label_wrapped_over_three_lines_of_its_cell() -> None:
    """"Requested / delivery / date" in a cell as tall as three lines; the other labels centred in theirs."""
    header = [("Requested", 1000, 360, 20), ("PO", 700, 372, 20), ("Order", 850, 372, 20),
              ("delivery", 1000, 384, 20), ("number", 700, 396, 20), ("date", 850, 396, 20), ("date", 1000, 408, 20),
              ("MO-7781", 700, 470, 20), ("12/02/2026", 850, 470, 20), ("12/09/2026", 1000, 470, 20)]
    order = read_order_document([_form(header, [("10", 700, 680, 20)])], EN, "ocr", ocr=True).orders[0]
    assert (order.po_number, order.order_date, order.requested_delivery_date) == (
        "MO-7781", date(2026, 12, 2), date(2026, 12, 9))


def _grid_fax() -> bytes:
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    c.setFont("Courier", 9)
    c.drawString(30, 822, "03-DEC-2026 16:49  FROM: +33 1 45 67 89 10  DUPONT FOURNITURES   P.01/01")
    c.setFont("Helvetica-Bold", 16)
    c.drawString(60, 780, "BON DE COMMANDE")
    c.setFont("Helvetica", 10)
    for y, line in ((760, "Dupont Fournitures SARL"), (747, "12 rue de la Paix"), (734, "75002 Paris")):
        c.drawString(60, y, line)
    cells = ((("N° de", "commande"), ("CDE-26-", "1201"), 56), (("Date de", "commande"), ("02/12/2026",), 80),
             (("Date de livraison", "souhaitée"), ("09/12/2026",), 100))
    x = 330
    for labels, values, w in cells:
        c.rect(x, 700, w, 30)
        c.rect(x, 670, w, 30)
        for k, t in enumerate(labels):
            c.drawString(x + 4, 718 - 12 * k, t)
        for k, t in enumerate(values):
            c.drawString(x + 4, 688 - 12 * k, t)
        x += w
    xs = (60, 150, 330, 380, 430, 500)
    for xx, t in zip(xs, ("Réf.", "Désignation", "Qté", "Unité", "P.U. HT", "Montant HT")):
        c.drawString(xx, 620, t)
    c.line(55, 616, 560, 616)
    for y, row in ((600, ("MB-4711", "Ordner A4 80 mm", "40", "PCE", "2,35", "94,00")),
                   (582, ("KD-1059", "Cheville nylon", "12", "PCE", "8,15", "97,80"))):
        for xx, t in zip(xs, row):
            c.drawString(xx, y, t)
    c.drawString(430, 552, "Total HT")
    c.drawString(500, 552, "191,80")
    c.showPage()
    c.save()
    return buf.getvalue()


def test_a_faxed_form_with_tti_wrapped_po_and_wrapped_delivery_label() -> None:
    hints = ExtractHints(languages=("fra",), locale="fr_FR", mappings_dir=REPO / "mappings")
    extraction = OcrExtractor("tesseract").extract(render_fax_tiff(_grid_fax(), "fine", seed=4), hints)
    order = extraction.orders[0]
    assert (order.po_number, order.order_date, order.requested_delivery_date) == (
        "CDE-26-1201", date(2026, 12, 2), date(2026, 12, 9))
    assert [ln.quantity for ln in order.lines] == [Decimal(40), Decimal(12)]
    assert not [p for p in order.problems if p.code in ("LINE-UNREAD", "LAYOUT-ROW-UNREAD")]


def test_a_delivery_dates_label_wrapped_in_its_cell_is_no_delivery_address_label() -> None:
    """"Date de" / "livraison" / "souhaitée": its "livraison" line is no label of an address under it."""
    header = [("N°", 700, 372, 20), ("de", 735, 372, 20), ("Date", 1000, 360, 20), ("de", 1055, 360, 20),
              ("commande", 700, 396, 20), ("livraison", 1000, 384, 20), ("souhaitée", 1000, 408, 20),
              ("MO-7781", 700, 470, 20), ("09/12/2026", 1000, 470, 20), ("Date:", 180, 430, 20),
              ("02/12/2026", 250, 430, 20)]
    order = read_order_document([_form(header, [("10", 700, 680, 20)])], FR, "ocr", ocr=True).orders[0]
    assert order.requested_delivery_date == date(2026, 12, 9)
    assert not [p for p in order.problems if "'livraison'" in p.message]
