"""An order printed twice (page 1, then page 2 stamped "COPIE") is read once; a product "Copy paper", or the
same item again for another date, never makes a page a copy (review V4). A copy page that does not print
the order's number again holds LAYOUT-COPY-UNSURE: a person checks no line is lost."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from extractors.base import ExtractHints
from extractors.capture.pdf_text import EXTRACTOR as PDF

REPO = Path(__file__).resolve().parents[1]
HINTS = ExtractHints(languages=("fra",), locale="fr_FR", mappings_dir=REPO / "mappings")


def two_pages(desc: str, stamp: str | None, dates: tuple[str, str], po_on_copy: bool = True) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    _, height = A4
    for page, when in enumerate(dates, start=1):
        y = height - 60
        c.setFont("Helvetica-Bold", 14)
        c.drawString(50, y, "Bon de commande")
        if page == 2 and stamp:
            c.drawString(420, y, stamp)
        y -= 24
        c.setFont("Helvetica", 10)
        head = ["Bureau Vallée Lyon, 12 rue de la Part-Dieu, 69003 Lyon"]
        if page == 1 or po_on_copy:
            head.append("N° de commande : BV-2026-5518")
        head.append("Date : 01/12/2026")
        for text in head:
            c.drawString(50, y, text)
            y -= 16
        y -= 14
        c.setFont("Helvetica-Bold", 10)
        for x, t in [(50, "Réf."), (120, "Désignation"), (300, "Qté"), (340, "Unité"), (390, "P.U. HT"),
                     (450, "Montant HT"), (520, "Livraison")]:
            c.drawString(x, y, t)
        y -= 18
        c.setFont("Helvetica", 10)
        for x, t in [(50, "PAP-204"), (120, desc), (300, "6"), (340, "BX"), (390, "19,80"), (450, "118,80"), (520, when)]:
            c.drawString(x, y, t)
        c.drawString(50, 80, f"Page {page}/2")
        c.showPage()
    c.save()
    return buf.getvalue()


def read(pdf: bytes) -> tuple[int, set[str]]:
    (order,) = PDF.extract(pdf, HINTS).orders
    return len(order.lines), {p.code for p in order.problems if p.code.startswith("LAYOUT-COPY")}


@pytest.mark.parametrize("dates", [("15/12/2026", "22/12/2026"), ("15/12/2026", "15/12/2026")])
def test_a_product_called_copy_paper_makes_no_page_a_copy(dates: tuple[str, str]) -> None:
    assert read(two_pages("Copy paper A4 80g", None, dates)) == (2, set())


def test_the_same_line_for_another_date_under_a_copy_stamp_is_kept() -> None:
    assert read(two_pages("Papier A4 80g", "COPIE", ("15/12/2026", "22/12/2026"))) == (2, set())


def test_a_copy_page_printing_the_order_number_again_is_read_once() -> None:
    assert read(two_pages("Papier A4 80g", "COPIE", ("15/12/2026", "15/12/2026"))) == (1, {"LAYOUT-COPY-PAGES"})


def test_a_copy_page_without_the_order_number_holds() -> None:
    lines, codes = read(two_pages("Papier A4 80g", "COPIE", ("15/12/2026", "15/12/2026"), po_on_copy=False))
    assert (lines, codes) == (1, {"LAYOUT-COPY-UNSURE"})
