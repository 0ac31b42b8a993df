"""A line struck out in a PDF the way a customer strikes it when sending it back: a rule drawn as a flat
curve, Acrobat/Preview's strikethrough comment (``/StrikeOut``), a pen stroke (``/Ink``, ``/Line``), or
any other comment put over the line (a highlight with "entfällt", a sticky note): the order holds
``LINE-STRUCK`` naming the line, never goes out with it as printed (review R18). Text PDFs in en/fr/de."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from extractors.base import ExtractHints
from extractors.capture.pdf_text import EXTRACTOR as PDF

REPO = Path(__file__).resolve().parents[1]
HINTS = ExtractHints(languages=("deu", "eng", "fra"), locale="de_DE", mappings_dir=REPO / "mappings")
HEADS = {"de": ("Bestellnummer:", "Artikel", "Bezeichnung", "Menge", "Preis"),
         "en": ("PO Number:", "Item", "Description", "Qty", "Price"),
         "fr": ("N° de commande :", "Réf.", "Désignation", "Qté", "Prix")}
ROWS = (("GL-310", "Glasreiniger 1 l", "6", "3,40"), ("MT-55", "Mikrofasertuch blau", "20", "1,15"),
        ("EB-12", "Eimer 12 l", "2", "7,90"))


def _annotation(c, subtype: str, rect, contents: str = "", **extra) -> None:
    from reportlab.pdfbase import pdfdoc

    class Comment(pdfdoc.HighlightAnnotation):
        def Dict(self):
            d = pdfdoc.HighlightAnnotation.Dict(self)
            d["Subtype"] = "/" + subtype
            for k, v in extra.items():
                d[k] = pdfdoc.PDFArray(v)
            return d
    quads = [rect[0], rect[3], rect[2], rect[3], rect[0], rect[1], rect[2], rect[1]]
    c._addAnnotation(Comment(rect, contents, quads, Color=[1, 0, 0]))


def order_pdf(lang: str, mark: str = "", row: int = 1) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    po, code, desc, qty, price = HEADS[lang]
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    c.setFont("Helvetica", 11)
    c.drawString(320, 770, po)
    c.drawString(450, 770, "RS-20931")
    for x, text in ((60, code), (150, desc), (360, qty), (440, price)):
        c.drawString(x, 640, text)
    y = 640
    for n, (item, name, count, each) in enumerate(ROWS):
        y -= 22
        for x, text in ((60, item), (150, name), (365, count), (440, each)):
            c.drawString(x, y, text)
        if n != row:
            continue
        mid = y + 3.5
        if mark == "curve":
            p = c.beginPath()
            p.moveTo(56, mid)
            p.curveTo(200, mid + 0.4, 330, mid - 0.4, 480, mid)
            c.setLineWidth(0.7)
            c.drawPath(p, stroke=1, fill=0)
        elif mark == "strikeout":
            _annotation(c, "StrikeOut", (56, y - 3, 480, y + 10))
        elif mark == "ink":
            _annotation(c, "Ink", (56, mid - 2, 480, mid + 2), InkList=[[56, mid, 260, mid + 1.5, 480, mid - 1]])
        elif mark == "highlight":
            _annotation(c, "Highlight", (56, y - 3, 480, y + 10), "entfällt / cancelled / annulé")
        elif mark == "note":
            _annotation(c, "Text", (470, y - 2, 486, y + 12), "nur 10 Stück")
    if mark == "header-note":
        _annotation(c, "Text", (300, 760, 316, 776), "bitte bestätigen")
    c.showPage()
    c.save()
    return buf.getvalue()


def struck(pdf: bytes) -> list[tuple[str, str]]:
    (order,) = PDF.extract(pdf, HINTS).orders
    assert len(order.lines) == 3  # the line stays an order line: a person says whether it is ordered
    return [(p.element or "", p.message) for p in order.problems if p.code == "LINE-STRUCK"]


@pytest.mark.parametrize("lang", ["de", "en", "fr"])
@pytest.mark.parametrize("mark", ["curve", "strikeout", "ink"])
def test_a_line_struck_by_a_curve_or_a_comment_holds(lang: str, mark: str) -> None:
    found = struck(order_pdf(lang, mark))
    assert [element for element, _ in found] == ["lines[2]"]
    assert "struck through" in found[0][1]


@pytest.mark.parametrize("lang", ["de", "en", "fr"])
def test_any_comment_over_a_line_holds_quoting_it(lang: str) -> None:
    found = struck(order_pdf(lang, "highlight", row=2))
    assert [element for element, _ in found] == ["lines[3]"]
    assert "Highlight" in found[0][1] and "cancelled" in found[0][1]
    (note,) = struck(order_pdf(lang, "note", row=0))
    assert note[0] == "lines[1]" and "nur 10 Stück" in note[1]


@pytest.mark.parametrize("lang", ["de", "en", "fr"])
def test_a_clean_order_or_a_comment_off_the_lines_holds_no_line(lang: str) -> None:
    assert struck(order_pdf(lang)) == []
    assert struck(order_pdf(lang, "header-note")) == []
