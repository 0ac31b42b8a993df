"""PDF capture: real sample PDFs, generated orders in three layouts and languages, limits."""

from __future__ import annotations

import dataclasses
import io
from decimal import Decimal
from pathlib import Path

import pytest
from PIL import Image

from testkit.capture_corpus import CUSTOMERS, make_master, make_order, truth_of, write_master_csvs
from testkit.capture_fax import render_fax_tiff
from testkit.capture_layouts import render_order_pdf
from testkit.capture_truth import Captured, capture, compare, hints_for
from extractors.base import ExtractHints, Limits
from extractors.capture.ocr import REFERENCE_WIDTH, render_page_png
from extractors.capture.pdf_text import EXTRACTOR
from gateway.errors import ExtractionError, LimitError
from gateway.reference.masterdata import MasterData, load_master_data
from gateway.model import DocType

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
PDFS = sorted((CORPUS / "pdf").glob("*.pdf"))
REAL_POS = {"purchase_order.pdf", "v13_purchase_order.pdf"}
HINTS = ExtractHints(languages=("eng",), mappings_dir=REPO / "mappings",
                     templates_dir=REPO / "mappings" / "templates" / "samples")
SEED = 3


@pytest.fixture(scope="module")
def master(tmp_path_factory: pytest.TempPathFactory) -> tuple[MasterData, object]:
    spec = make_master(SEED)
    folder = tmp_path_factory.mktemp("md")
    write_master_csvs(spec, folder)
    return load_master_data(folder), spec


@pytest.mark.parametrize("path", PDFS, ids=[p.name for p in PDFS])
def test_every_real_pdf_is_read_without_error(path: Path) -> None:
    extraction = EXTRACTOR.extract(path.read_bytes(), HINTS)
    assert extraction.format in ("pdf_text", "pdf_ocr")
    assert extraction.pages and extraction.pages >= 1


@pytest.mark.parametrize("path", [p for p in PDFS if p.name not in REAL_POS],
                         ids=[p.name for p in PDFS if p.name not in REAL_POS])
def test_invoices_receipts_and_quotes_are_not_orders(path: Path) -> None:
    extraction = EXTRACTOR.extract(path.read_bytes(), HINTS)
    assert extraction.doc_type != DocType.ORDER
    assert extraction.orders == []


@pytest.mark.parametrize("name", sorted(REAL_POS))
def test_real_purchase_orders_are_read_with_their_number_and_lines(name: str) -> None:
    extraction = EXTRACTOR.extract((CORPUS / "pdf" / name).read_bytes(), HINTS)
    assert extraction.doc_type == DocType.ORDER
    order = extraction.orders[0]
    assert order.po_number == "P00342"
    assert len(order.lines) == 17
    assert order.total == Decimal("152.050")
    assert sum(line.amount for line in order.lines) == order.total
    assert order.lines[9].line_no == 10  # "1" with "0" wrapped onto the next row


def test_real_purchase_order_gives_the_sender_email() -> None:
    extraction = EXTRACTOR.extract((CORPUS / "pdf" / "v13_purchase_order.pdf").read_bytes(), HINTS)
    assert extraction.sender_hints["email"] == "info@uellow.com"


@pytest.mark.parametrize("index", range(len(CUSTOMERS)),
                         ids=[f"{c.layout}-{c.lang}" for c in CUSTOMERS])
def test_generated_pdf_extracts_exactly_to_ground_truth(index: int, master: tuple) -> None:
    md, spec = master
    order = make_order(SEED, index, spec, n_lines=12 if index % 2 else 30)
    truth = truth_of(order)
    hints = hints_for(truth, "pdf", md, REPO / "mappings")
    got = capture(EXTRACTOR.extract(render_order_pdf(order), hints), md, hints.sender)
    wrong = [c for c in compare(truth, got) if not c.correct]
    assert wrong == []
    assert got.customer_id == truth["customer_id"]
    assert got.confidence >= 0.9


def test_template_or_generic_is_named_in_the_extraction(master: tuple) -> None:
    md, spec = master
    bricomax = render_order_pdf(make_order(SEED, 0, spec))  # customer 0 has a template
    boxed = render_order_pdf(make_order(SEED, 1, spec))  # customer 1 has none
    from_bricomax = dataclasses.replace(HINTS, sender="achats@bricomax.fr")  # the template's sender
    assert EXTRACTOR.extract(bricomax, from_bricomax).detail == "template:bricomax"
    assert EXTRACTOR.extract(bricomax, HINTS).detail == "generic"  # from anyone else: not its template
    assert EXTRACTOR.extract(boxed, HINTS).detail == "generic"


def test_sender_hints_come_from_the_letterhead(master: tuple) -> None:
    _, spec = master
    order = make_order(SEED, 3, spec)
    hints = EXTRACTOR.extract(render_order_pdf(order), HINTS).sender_hints
    assert hints == {"email": order.customer.email, "fax": order.customer.fax, "vat": order.customer.vat}


def test_boxes_lie_in_the_page_frame_of_the_render(master: tuple) -> None:
    _, spec = master
    pdf = render_order_pdf(make_order(SEED, 0, spec))
    extraction = EXTRACTOR.extract(pdf, HINTS)
    width, height = extraction.metadata["page_sizes"][0]
    png = Image.open(io.BytesIO(render_page_png(pdf, 1)))
    assert png.width == width == REFERENCE_WIDTH
    assert abs(png.height - height) <= 1
    box = extraction.orders[0].boxes["po_number"]
    assert 0 < box.x < box.x + box.w <= width and 0 < box.y < box.y + box.h <= height


def test_pdf_without_text_layer_goes_through_ocr(master: tuple) -> None:
    md, spec = master
    order = make_order(SEED, 6, spec, n_lines=4)  # classic layout, English
    tiff = Image.open(io.BytesIO(render_fax_tiff(render_order_pdf(order), "fine", seed=1, skew_deg=0.4)))
    scanned = io.BytesIO()
    tiff.convert("L").save(scanned, format="PDF", resolution=204)
    truth = truth_of(order)
    hints = hints_for(truth, "pdf", md, REPO / "mappings")
    extraction = EXTRACTOR.extract(scanned.getvalue(), hints)
    assert extraction.format == "pdf_ocr"
    assert extraction.metadata["ocr_pages"] == [1]
    assert extraction.orders[0].po_number == order.po_number


def test_page_limit_refuses_long_pdfs() -> None:
    data = (CORPUS / "pdf" / "purchase_order.pdf").read_bytes()
    with pytest.raises(LimitError) as err:
        EXTRACTOR.extract(data, ExtractHints(limits=Limits(max_pages=1)))
    assert err.value.code == "DOC-PAGES"


def test_broken_pdf_is_an_extraction_error() -> None:
    with pytest.raises(ExtractionError) as err:
        EXTRACTOR.extract(b"%PDF-1.4\nthis is not a pdf", HINTS)
    assert err.value.code == "PDF-UNREADABLE"


def test_detect_scores_pdf_magic_only() -> None:
    assert EXTRACTOR.detect(b"%PDF-1.7\n", "x.bin", None) == 1.0
    assert EXTRACTOR.detect(b"PK\x03\x04", "order.pdf", "application/pdf") == 0.0


def test_captured_is_not_order_for_an_invoice(master: tuple) -> None:
    md, _ = master
    extraction = EXTRACTOR.extract((CORPUS / "pdf" / "AzureInterior.pdf").read_bytes(), HINTS)
    got: Captured = capture(extraction, md, None)
    assert got.order is None and got.doc_type == DocType.INVOICE


def _clipped_sheet_pdf() -> bytes:
    """A sheet printed with narrow columns: each cell's text runs under the next cell's."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    top = A4[1]

    def cells(y: float, texts: list[tuple[float, str]]) -> None:
        for x, text in texts:
            pdf.drawString(x, top - y, text)

    cells(72, [(55, "Dublin Office Supplies Ltd")])
    cells(102, [(55, "PO Number"), (55 + pdf.stringWidth("PO Number", "Helvetica", 12) - 2, "DOS-XL-300")])
    cells(162, [(55, "Item"), (114, "Description"), (180, "Qty"), (234, "UOM"), (294, "Unit Price"),
                (354, "Line Total")])
    cells(177, [(55, "DOS-PAPER"), (55 + pdf.stringWidth("DOS-PAPER", "Helvetica", 12) - 3, "Copy paper"),
                (225, "5"), (234, "BX"), (327, "24.5"), (380, "122.5")])
    cells(192, [(55, "SKU-1004"), (114, "Stapler"), (225, "2"), (234, "EA"), (337, "18"), (390, "36")])
    pdf.save()
    return buffer.getvalue()


def test_clipped_cells_of_a_printed_sheet_are_read_apart() -> None:
    order = EXTRACTOR.extract(_clipped_sheet_pdf(), ExtractHints(locale="en_IE")).orders[0]
    assert order.po_number == "DOS-XL-300"
    assert [(ln.customer_item, ln.description, ln.quantity, ln.uom) for ln in order.lines] == [
        ("DOS-PAPER", "Copy paper", Decimal(5), "BX"), ("SKU-1004", "Stapler", Decimal(2), "EA")]


@pytest.mark.parametrize("title,kinds", [
    ("Qty per pack", ["ignore"]),  # a pack's content: never the quantity ordered ("Packs" is)
    ("Qté par colis", ["ignore"]),
    ("Price per unit", ["unit_price"]),
    ("Price Per", ["unit_price", "price_basis"]),  # "Price | Per" (100): the price unit beside the price
    ("Preis PE", ["unit_price", "price_basis"]),
])
def test_column_titles_with_per_name_a_pack_content_a_price_or_a_price_unit(title: str, kinds: list[str]):
    from extractors.capture.layout_spec import GENERIC_SPEC
    from extractors.capture.table_cells import table_context
    from extractors.capture.words import Word
    from extractors.locale_values import locale_for

    header = table_context(GENERIC_SPEC, locale_for(None), False).header
    words = [Word(text, n * 50.0, 0.0, n * 50.0 + 40, 10.0) for n, text in enumerate(title.split())]
    assert [hit.kind for hit in header.segment(words, False)] == kinds


@pytest.mark.parametrize("quantity,gross,rate,amount,net", [("100", "8.40", "1,5 %", "827.40", "8.274"),
                                                            ("25", "89.90", "10 %", "2022.75", "80.91")])
def test_a_line_discount_keeps_the_decimals_of_the_net_price(quantity: str, gross: str, rate: str, amount: str,
                                                             net: str):
    from decimal import Decimal

    from extractors.capture.charges import apply_discount
    from extractors.locale_values import locale_for
    from gateway.model import ExtractedLine

    line = ExtractedLine(line_no=1, quantity=Decimal(quantity), unit_price=Decimal(gross), amount=Decimal(amount))
    apply_discount(line, rate, locale_for("fr"))
    assert (line.unit_price, line.gross_price) == (Decimal(net), Decimal(gross))
    assert line.quantity * line.unit_price == Decimal(amount)
