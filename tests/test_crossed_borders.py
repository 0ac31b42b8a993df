"""A PO number printed across its cell's border is held (issue 18, class 1: "778120" run into the "03.2026"
of the next cell read as one PO went out wrong): a glyph cut by a vertical rule, or letters touching on both
sides of a rule without the cell's padding, make the word crossed (``PO-CELL-CROSSES``). A number that stays
inside its cell, a right-aligned number ending at its border's padding beside the next cell's word, and a PO
beside a crossed word of another field are no crossing."""

from __future__ import annotations

import io
from pathlib import Path

from extractors.base import ExtractHints
from extractors.capture.crossed_borders import CODE, crossed_po_problems, crosses
from extractors.capture.pdf_text import EXTRACTOR as PDF
from extractors.capture.words import PageWords, Word
from gateway.model import ExtractedOrder

REPO = Path(__file__).resolve().parents[1]
HINTS = ExtractHints(languages=("eng",), locale="en_US", mappings_dir=REPO / "mappings")


def _chars(text: str, x0: float, width: float = 6.0, gap: float = 0.0) -> list[dict]:
    return [{"text": ch, "x0": x0 + i * (width + gap), "x1": x0 + i * (width + gap) + width, "top": 100.0,
             "bottom": 110.0} for i, ch in enumerate(text)]


RULE = [(118.0, 95.0, 115.0)]


def test_a_glyph_cut_by_a_rule_crosses_it() -> None:
    assert crosses(_chars("18204", 116.0), RULE)  # Calc's right-aligned number clipped at its left border


def test_letters_touching_across_a_rule_without_padding_cross_it() -> None:
    assert crosses(_chars("552019", 88.0), RULE)  # "...1" ends at 118, "9" starts at 118: drawn over the border


def test_a_cells_own_text_padded_off_the_border_does_not_cross() -> None:
    # "2 500" right-aligned ending 2 points before the rule, "pièce" 2 points after it: two cells, read as one word
    word = _chars("500", 98.0) + _chars("pièce", 120.0)
    assert not crosses(word, RULE)
    assert not crosses(_chars("778120", 40.0), RULE)  # wholly inside its cell
    assert not crosses(_chars("552019", 88.0), [(118.0, 200.0, 230.0)])  # a rule of another row


def _order(po: str) -> ExtractedOrder:
    order = ExtractedOrder(po_number=po)
    order.confidence["po_number"] = 0.99
    return order


def _page(*crossed: str) -> PageWords:
    words = tuple(Word(t, 100.0, 100.0, 160.0, 112.0) for t in crossed)
    return PageWords(1, 1400.0, 1980.0, words, crossed=words)


def test_a_po_read_from_a_crossed_word_holds_and_another_fields_crossing_does_not() -> None:
    order = _order("55201")
    (problem,) = crossed_po_problems(order, [_page("55201", "9")])
    assert problem.code == CODE and problem.severity == "error" and order.confidence["po_number"] == 0.0
    order = _order("9041203.2026")
    assert crossed_po_problems(order, [_page("9041203.2026")])
    order = _order("PO-77120")  # a description cut at its cell's edge ("Bezeic") names no PO
    assert crossed_po_problems(order, [_page("Bezeic", "Kugelschreib")]) == []
    assert order.confidence["po_number"] == 0.99


def _grid_pdf(po: str, po_x: float, next_x: float) -> bytes:
    """A ruled header row "PO No. | <po> | 3.2026 | Order date | 12/10/2026" and a small item table."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    c = Canvas(buf, pagesize=letter)
    c.setFont("Helvetica-Bold", 14)
    c.drawString(50, 740, "Purchase Order")
    c.setFont("Helvetica", 10)
    y = 700
    for x in (50, 110, 150, 200, 270, 340):
        c.line(x, y - 5, x, y + 13)
    c.line(50, y - 5, 340, y - 5)
    c.line(50, y + 13, 340, y + 13)
    c.drawString(53, y, "PO No.")
    c.drawString(po_x, y, po)
    c.drawString(next_x, y, "3.2026")
    c.drawString(203, y, "Order date")
    c.drawString(273, y, "12/10/2026")
    c.drawString(50, 680, "Delivery date: 12/18/2026")
    y = 640
    c.setFont("Helvetica-Bold", 10)
    for x, t in ((50, "Item"), (130, "Description"), (330, "Qty"), (380, "Unit"), (430, "Price"), (500, "Amount")):
        c.drawString(x, y, t)
    c.setFont("Helvetica", 10)
    for n, (code, desc, qty, price, amount) in enumerate((("TK-1001", "Copy paper A4", "10", "4.50", "45.00"),
                                                          ("TK-1002", "Stapler", "2", "12.00", "24.00"))):
        y -= 16
        for x, t in ((50, code), (130, desc), (330, qty), (380, "EA"), (430, price), (500, amount)):
            c.drawString(x, y, t)
    c.drawString(430, y - 24, "Total 69.00")
    c.showPage()
    c.save()
    return buf.getvalue()


def _width(text: str) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(text, "Helvetica", 10)


def test_a_po_drawn_over_its_cells_border_into_the_next_cell_is_held() -> None:
    # "552019" from x=113: its "9" starts on the border at 150, the month "3.2026" right after it
    start = 150 - _width("55201")
    (order,) = PDF.extract(_grid_pdf("552019", start, 150 + _width("9") - 2), HINTS).orders
    assert CODE in {p.code for p in order.problems}


def test_a_po_inside_its_cell_beside_the_next_cells_text_is_read() -> None:
    (order,) = PDF.extract(_grid_pdf("5520", 113, 153), HINTS).orders
    assert order.po_number == "5520"
    assert CODE not in {p.code for p in order.problems}
