"""A fax server's PDF (each page one bilevel image at fax resolution) is read as the fax it is: from
its images at their own resolution, by both engines, as the same fax sent as a TIFF is read; any other
PDF goes the text or scanned-PDF way. Real tesseract and RapidOCR; faxes made by ``testkit.capture_fax``."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from extractors.base import Limits
from extractors.capture.fax_pdf import fax_pages
from extractors.capture.ocr import EXTRACTOR as OCR
from extractors.capture.pdf_text import EXTRACTOR as PDF
from testkit.capture_fax import fax_server_pdf, render_fax_tiff
from tests.test_fax_ship_to import HINTS, _order_pdf


@pytest.fixture(scope="module")
def standard_fax() -> bytes:
    return render_fax_tiff(_order_pdf(label="Lieferadresse:"), "standard", seed=7, skew_deg=0.6, speckles=120)


@pytest.mark.parametrize(("resolution", "y_dpi"), [("fine", 196), ("standard", 98)])
def test_the_pages_of_a_fax_servers_pdf_are_its_images_at_their_own_resolution(resolution: str, y_dpi: int) -> None:
    tiff = render_fax_tiff(_order_pdf(), resolution, seed=3)
    (page,) = fax_pages(fax_server_pdf(tiff), Limits())
    assert (page.x_dpi, page.y_dpi) == (204, y_dpi)
    original = Image.open(io.BytesIO(tiff))
    assert page.gray.shape == (original.height, original.width)
    assert 0.01 < (page.gray < 128).mean() < 0.3  # ink on paper, not the negative


def test_a_fax_servers_pdf_reads_as_the_same_fax_sent_as_a_tiff(standard_fax: bytes) -> None:
    as_tiff = OCR.extract(standard_fax, HINTS)
    as_pdf = PDF.extract(fax_server_pdf(standard_fax), HINTS)
    assert (as_pdf.format, as_pdf.metadata["fax_pdf"]) == ("ocr", True)
    tiff_order, pdf_order = as_tiff.orders[0], as_pdf.orders[0]
    assert pdf_order.po_number == tiff_order.po_number == "B-2026-4471"
    assert [(ln.supplier_item, ln.quantity, ln.unit_price) for ln in pdf_order.lines] == \
        [(ln.supplier_item, ln.quantity, ln.unit_price) for ln in tiff_order.lines]
    assert as_pdf.metadata["engines"] == as_tiff.metadata["engines"]  # both, where RapidOCR is installed


def test_other_pdfs_are_not_taken_for_faxes(tmp_path: Path) -> None:
    assert fax_pages(_order_pdf(), Limits()) is None  # a text PDF
    scan = Image.new("L", (2480, 3508), 255)  # an A4 grey scan at 300 dpi
    buf = io.BytesIO()
    scan.save(buf, "PDF", resolution=300)
    assert fax_pages(buf.getvalue(), Limits()) is None
    assert fax_pages(b"%PDF-1.4 not really", Limits()) is None


def _cover_sheet() -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    c.setFont("Helvetica-Bold", 24)
    c.drawString(60, 760, "TELEFAX")
    c.setFont("Helvetica", 13)
    for n, text in enumerate(("An: Vertrieb", "Von: Einkauf", "Seiten: 1 (inkl. Deckblatt)",
                              "Bitte rufen Sie uns an.")):
        c.drawString(60, 700 - 24 * n, text)
    c.save()
    return buf.getvalue()


def test_gateway_extract_says_a_fax_that_reads_as_no_order_waits_for_a_person(tmp_path: Path) -> None:
    from gateway.oneshot import extract_file
    from testkit.harness import load_test_config, write_config
    path = tmp_path / "cover.tif"
    path.write_bytes(render_fax_tiff(_cover_sheet(), "fine", seed=2))
    result = extract_file(load_test_config(write_config(tmp_path / "gw")), path, channel="fax",
                          sender="+49 341 555 129")
    assert result["orders"] == []
    assert (result["document"]["status"], result["document"]["error_code"]) == ("review", "FAX-NO-ORDER")
