"""One-page PDFs drawn with reportlab from (y, x, text) placements, for tests of layouts a real producer
would print: the words stand exactly where a test puts them (points from the top left of an A4 page)."""

from __future__ import annotations

import io


def drawn_pdf(placements: list[tuple[float, float, str]]) -> bytes:
    """An A4 page with each text drawn at (y from the top, x from the left) in Helvetica 12."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    for y, x, text in placements:
        pdf.drawString(x, A4[1] - y, text)
    pdf.save()
    return buffer.getvalue()
