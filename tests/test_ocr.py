"""OCR capture with the real tesseract: real PNGs, a generated multi-page G4 fax, limits, and
the image clean-up steps."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from testkit.capture_corpus import make_master, make_order, truth_of, write_master_csvs
from testkit.capture_fax import render_fax_tiff
from testkit.capture_layouts import render_order_pdf
from testkit.capture_truth import capture, compare, hints_for
from extractors.capture import image_prep
from extractors.base import ExtractHints, Limits
from extractors.capture.ocr import EXTRACTOR, render_page_png
from gateway.errors import ExtractionError, LimitError
from gateway.reference.masterdata import load_master_data
from gateway.model import DocType

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
IMAGES = sorted((CORPUS / "image").glob("*.png"))
REAL_POS = {"v13_purchase_order.png", "v3_purchase_order.png"}
HINTS = ExtractHints(languages=("eng",), mappings_dir=REPO / "mappings")


@pytest.fixture(scope="module")
def real_extractions() -> dict[str, object]:
    return {p.name: EXTRACTOR.extract(p.read_bytes(), HINTS) for p in IMAGES}


@pytest.fixture(scope="module")
def fax_case(tmp_path_factory: pytest.TempPathFactory) -> tuple:
    spec = make_master(5)
    folder = tmp_path_factory.mktemp("md")
    write_master_csvs(spec, folder)
    md = load_master_data(folder)
    order = make_order(5, 4, spec, n_lines=28)  # Schmidt, classic layout, German: two pages
    tiff = render_fax_tiff(render_order_pdf(order, fax_header=True), "fine", seed=11)
    truth = truth_of(order)
    hints = hints_for(truth, "fax_fine", md, REPO / "mappings")
    extraction = EXTRACTOR.extract(tiff, hints)
    return tiff, truth, extraction, capture(extraction, md, hints.sender)


@pytest.mark.parametrize("name", [p.name for p in IMAGES])
def test_every_real_image_is_read_without_error(name: str, real_extractions: dict) -> None:
    extraction = real_extractions[name]
    assert extraction.format == "ocr" and extraction.pages == 1


@pytest.mark.parametrize("name", sorted(p.name for p in IMAGES if p.name not in REAL_POS))
def test_invoice_and_receipt_images_are_not_orders(name: str, real_extractions: dict) -> None:
    assert real_extractions[name].doc_type != DocType.ORDER
    assert real_extractions[name].orders == []


@pytest.mark.parametrize("name", sorted(REAL_POS))
def test_real_purchase_order_images_give_number_and_lines(name: str, real_extractions: dict) -> None:
    extraction = real_extractions[name]
    assert extraction.doc_type == DocType.ORDER
    order = extraction.orders[0]
    assert order.po_number == "P00342"
    assert 12 <= len(order.lines) <= 17


def test_fine_g4_fax_has_two_pages_and_square_pixel_frame(fax_case: tuple) -> None:
    tiff, _, extraction, _ = fax_case
    image = Image.open(io.BytesIO(tiff))
    assert image.n_frames == 2 and image.info["compression"] == "group4"
    assert extraction.pages == 2
    assert extraction.metadata["page_sizes"][0][0] == 1400


def test_fine_g4_fax_extracts_po_number_and_lines(fax_case: tuple) -> None:
    _, truth, extraction, got = fax_case
    order = extraction.orders[0]
    assert order.po_number == truth["po_number"]
    assert len(order.lines) == len(truth["lines"])
    checks = [c for c in compare(truth, got) if c.field in ("sku", "quantity", "unit_price", "amount")]
    assert sum(c.correct for c in checks) >= 0.95 * len(checks)


def test_fine_fax_sender_is_known_from_the_fax_line(fax_case: tuple) -> None:
    _, truth, extraction, got = fax_case
    assert got.customer_id == truth["customer_id"]
    assert extraction.sender_hints["fax"]


def test_fax_boxes_fit_the_rendered_page(fax_case: tuple) -> None:
    tiff, _, extraction, _ = fax_case
    png = Image.open(io.BytesIO(render_page_png(tiff, 2)))
    width, height = extraction.metadata["page_sizes"][1]
    assert (png.width, png.height) == (width, pytest.approx(height, abs=1))
    boxes = [b for line in extraction.orders[0].lines for b in line.boxes.values() if b.page == 2]
    assert boxes and all(0 <= b.x and b.x + b.w <= width and 0 <= b.y and b.y + b.h <= height for b in boxes)


def test_render_page_png_honours_max_width(fax_case: tuple) -> None:
    tiff = fax_case[0]
    assert Image.open(io.BytesIO(render_page_png(tiff, 1, max_width=600))).width == 600
    with pytest.raises(IndexError):
        render_page_png(tiff, 3)


def _png_header_only(width: int, height: int) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0")) + chunk(b"IEND", b"")


def test_decompression_bomb_png_is_refused_before_decoding() -> None:
    with pytest.raises(LimitError) as err:
        EXTRACTOR.extract(_png_header_only(40000, 40000), HINTS)
    assert err.value.code == "IMAGE-PIXELS"


def test_png_over_the_configured_pixel_limit_is_refused() -> None:
    with pytest.raises(LimitError) as err:
        EXTRACTOR.extract(_png_header_only(3000, 3000), ExtractHints(limits=Limits(max_image_pixels=5_000_000)))
    assert err.value.code == "IMAGE-PIXELS"


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_a_one_pixel_image_is_a_typed_error_not_an_opencv_assertion(fmt: str) -> None:
    buf = io.BytesIO()
    Image.new("RGB", (1, 1), "white").save(buf, format=fmt)
    with pytest.raises(ExtractionError) as err:
        EXTRACTOR.extract(buf.getvalue(), HINTS)
    assert err.value.code == "IMAGE-TOO-SMALL" and "1x1 pixels" in err.value.message
    assert err.value.problems[0].code == "IMAGE-TOO-SMALL"


def test_large_g4_tiff_is_refused_by_the_pixel_limit() -> None:
    buf = io.BytesIO()
    Image.new("1", (9000, 9000), 1).save(buf, format="TIFF", compression="group4")
    with pytest.raises(LimitError) as err:
        EXTRACTOR.extract(buf.getvalue(), ExtractHints(limits=Limits(max_image_pixels=50_000_000)))
    assert err.value.code == "IMAGE-PIXELS"


def test_tiff_with_too_many_pages_is_refused(fax_case: tuple) -> None:
    with pytest.raises(LimitError) as err:
        EXTRACTOR.extract(fax_case[0], ExtractHints(limits=Limits(max_pages=1)))
    assert err.value.code == "DOC-PAGES"


def test_ocr_timeout_is_a_named_outcome(fax_case: tuple) -> None:
    with pytest.raises(ExtractionError) as err:
        EXTRACTOR.extract(fax_case[0], ExtractHints(languages=("deu",), limits=Limits(ocr_page_timeout_s=0.001)))
    assert err.value.code == "OCR-TIMEOUT"
    assert {p.code for p in err.value.problems} == {"OCR-TIMEOUT"}


def test_garbage_image_is_an_extraction_error() -> None:
    with pytest.raises(ExtractionError) as err:
        EXTRACTOR.extract(b"\x89PNG\r\n\x1a\nnot really", HINTS)
    assert err.value.code == "IMAGE-UNREADABLE"


def test_detect_scores_image_magic() -> None:
    assert EXTRACTOR.detect(b"II*\x00rest", None, None) == 1.0
    assert EXTRACTOR.detect(b"\xff\xd8\xff\xe0", "scan.jpg", None) > 0.9
    assert EXTRACTOR.detect(b"%PDF-1.4", "x.tif", "image/tiff") == 0.0


# --- clean-up steps -----------------------------------------------------------------------


def test_standard_fax_is_resampled_to_square_pixels() -> None:
    page = image_prep.RawPage(np.full((1146, 1728), 255, np.uint8), 204.0, 98.0)
    gray, dpi = image_prep.square_pixels(page)
    assert gray.shape == (round(1146 * 204 / 98), 1728) and dpi == 204.0


def test_fax_page_without_resolution_tags_is_recognised_as_standard() -> None:
    buf = io.BytesIO()
    Image.new("1", (1728, 1145), 1).save(buf, format="TIFF", compression="group4")
    (page,) = image_prep.open_image_pages(buf.getvalue(), Limits())
    assert (page.x_dpi, page.y_dpi) == (204.0, 98.0)


def _text_page(angle: float = 0.0) -> np.ndarray:
    page = np.full((1400, 1000), 255, np.uint8)
    for i in range(14):
        cv2.putText(page, f"Line {i} 1.234,56 Stk ABC-{i}", (60, 100 + 80 * i), cv2.FONT_HERSHEY_SIMPLEX, 1.1, 0, 2)
    rot = cv2.getRotationMatrix2D((500, 700), angle, 1.0)
    return cv2.warpAffine(page, rot, (1000, 1400), borderValue=255)


def test_deskew_finds_the_page_angle() -> None:
    binary = image_prep.binarize(_text_page(1.5))
    assert image_prep.estimate_skew(binary) == pytest.approx(-1.5, abs=0.25)


def test_isolated_specks_go_and_decimal_points_stay() -> None:
    page = image_prep.binarize(_text_page())
    speckled = page.copy()
    speckled[1300, 900] = speckled[50, 950] = 0
    cleaned = image_prep.remove_speckles(speckled, 200)
    assert cleaned[1300, 900] == 255 and cleaned[50, 950] == 255
    assert np.array_equal(cleaned, image_prep.remove_speckles(page, 200))  # text untouched
    assert (cleaned == 0).sum() == (page == 0).sum()


def test_table_rules_are_removed_and_text_kept() -> None:
    page = image_prep.binarize(_text_page())
    ruled = page.copy()
    ruled[90:92, 40:960] = 0  # a horizontal rule
    ruled[60:1300, 40:42] = 0  # a vertical rule
    cleaned = image_prep.remove_rules(ruled, 200)
    assert (cleaned[90:92, 40:960] == 0).sum() < 100
    assert (cleaned[300:1200, 40:42] == 0).sum() == 0
    assert (cleaned == 0).sum() > 0.9 * (page == 0).sum()


def test_white_on_dark_band_becomes_dark_on_white() -> None:
    page = np.full((1400, 1000), 255, np.uint8)
    page[100:160, 50:950] = 0
    cv2.putText(page, "QTY PRICE", (100, 145), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 255, 2)
    out = image_prep.invert_dark_bands(page)
    assert (out[100:160, 50:950] == 0).mean() < 0.3
