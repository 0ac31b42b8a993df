"""Faxes whose sheet lay upside down or sideways on the glass (findings-t23: an upside-down page was
filed as "not an order"): each page is turned upright by tesseract's orientation detection before
it is read, and an upright page is left alone. Generated orders (French, German, English) rendered
as real fax TIFFs, read with the real tesseract."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from extractors.capture.image_prep import open_image_pages
from extractors.capture.ocr import OcrExtractor, render_page_png
from extractors.capture.orientation import detect_turn, reads_better, reads_upright, turned
from extractors.capture.words import Word
from extractors.base import Limits
from gateway.model import DocType
from gateway.reference.masterdata import load_master_data
from testkit.capture_corpus import make_master, make_order, truth_of, write_master_csvs
from testkit.capture_fax import render_fax_tiff
from testkit.capture_layouts import render_order_pdf
from testkit.capture_truth import capture, compare, hints_for

REPO = Path(__file__).resolve().parents[1]
MASTER = make_master(41)


@pytest.fixture(scope="module")
def masterdata(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("md")
    write_master_csvs(MASTER, folder)
    return load_master_data(folder)


def _read(masterdata, customer: int, resolution: str, turns: tuple[int, ...], lines: int = 3):
    order = make_order(41, customer, MASTER, n_lines=lines)
    tiff = render_fax_tiff(render_order_pdf(order, fax_header=True), resolution, seed=customer, turns=turns)
    truth = truth_of(order)
    hints = hints_for(truth, f"fax_{resolution}", masterdata, REPO / "mappings")
    extraction = OcrExtractor("tesseract").extract(tiff, hints)
    return tiff, truth, extraction, capture(extraction, masterdata, hints.sender)


@pytest.mark.parametrize("customer, resolution", [(0, "fine"), (4, "standard"), (6, "fine")])
def test_an_upside_down_fax_is_turned_and_read_as_its_order(masterdata, customer: int, resolution: str) -> None:
    tiff, truth, extraction, got = _read(masterdata, customer, resolution, (2,))
    assert extraction.metadata["turned_pages"] == {"1": 180}
    assert extraction.doc_type == DocType.ORDER
    assert extraction.orders[0].po_number == truth["po_number"]
    codes = [c for c in compare(truth, got) if c.field in ("sku", "quantity")]
    assert sum(c.correct for c in codes) >= len(codes) - 1
    png = Image.open(io.BytesIO(render_page_png(tiff, 1, turn=180)))  # the review screen shows it upright too
    assert (png.width, png.height) == pytest.approx(extraction.metadata["page_sizes"][0], abs=1)


def test_a_sideways_fax_page_is_turned_and_its_lines_read(masterdata) -> None:
    _, truth, extraction, _ = _read(masterdata, 3, "fine", (1,), lines=2)  # German, din layout
    assert extraction.metadata["turned_pages"] == {"1": 90}
    assert extraction.doc_type == DocType.ORDER
    assert {ln.quantity for ln in extraction.orders[0].lines} >= {__import__("decimal").Decimal(t["quantity"])
                                                                    for t in truth["lines"]} - {None}


def test_an_upright_standard_fax_is_not_turned_though_the_detection_would(masterdata) -> None:
    """Seed 41's eighth order: tesseract's orientation detection calls its upright standard page
    upside down (unsurely); the page reads upright, so it is not even asked."""
    _, truth, extraction, _ = _read(masterdata, 7, "standard", ())
    assert "turned_pages" not in extraction.metadata
    assert extraction.doc_type == DocType.ORDER and extraction.orders[0].lines


def test_a_page_is_turned_only_for_a_clearly_surer_reading() -> None:
    sure = [Word("x", 0, 0, 1, 1, 0.9, 1)] * 20
    unsure = [Word("x", 0, 0, 1, 1, 0.3, 1)] * 20
    assert reads_upright(sure) and not reads_upright(unsure) and not reads_upright(sure[:5])
    assert reads_better(sure, unsure) and not reads_better(unsure, sure) and not reads_better(sure[:5], unsure)
    assert reads_better(sure, unsure[:3]) and reads_better(sure, sure[:3])


def test_a_blank_page_cannot_be_told_and_a_turn_keeps_the_fax_resolution() -> None:
    buf = io.BytesIO()
    Image.new("L", (1728, 1100), 255).save(buf, format="TIFF", dpi=(204, 98))
    raw = open_image_pages(buf.getvalue(), Limits())[0]
    assert detect_turn(raw.gray, 10) == (0, 0.0)
    sideways = turned(raw, 90)
    assert sideways.is_standard and sideways.turned == 90 and sideways.gray.shape == (1728, 2290)
    assert turned(raw, 180).gray.shape == raw.gray.shape and turned(raw, 0) is raw
