"""A price-unit column ("PE", "pro", "je") holds a count of units (10, 100, 1000); a value with decimals under such a
title ("1,20" under a header wrapped as "Preis je" / "Einheit" and read as a basis) is a price, not a basis: the line's
price is unread (held), never a basis of 1.2 units beside no price."""

from __future__ import annotations

import io
from decimal import Decimal

from extractors.base import ExtractHints
from extractors.capture.pdf_text import PdfTextExtractor


def _pdf(rows: list[tuple[str, ...]]) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    c.setFont("Helvetica-Bold", 16)
    c.drawString(50, 780, "Bestellung")
    c.setFont("Helvetica", 10)
    c.drawString(50, 750, "Bestell-Nr.: 4540388001")
    c.drawString(50, 736, "Datum: 20.11.2026")
    c.drawString(50, 722, "Liefertermin: 12.01.2027")
    heads = ("Pos", "Artikel", "Menge", "Einh.", "PE", "Gesamt")
    xs = (50, 90, 250, 310, 380, 470)
    for x, h in zip(xs, heads):
        c.drawString(x, 680, h)
    y = 680
    for row in rows:
        y -= 18
        for x, text in zip(xs, row):
            c.drawString(x, y, text)
    c.showPage()
    c.save()
    return buf.getvalue()


def _lines(rows):
    extraction = PdfTextExtractor().extract(_pdf(rows), ExtractHints(filename="po.pdf", locale="de_DE"))
    return extraction.orders[0].lines


def test_a_value_with_decimals_under_a_basis_title_is_no_basis():
    lines = _lines([("1", "TP-1004", "120", "m", "1,20", "144,00"), ("2", "TP-1006", "5", "Pkg", "4,50", "22,50")])
    assert [ln.price_basis for ln in lines] == [None, None]
    assert all(ln.confidence.get("unit_price") == 0.0 for ln in lines)


def test_a_whole_basis_is_still_read():
    lines = _lines([("1", "TP-1004", "120", "m", "100", "144,00")])
    assert lines[0].price_basis == Decimal(100)
