"""Stamps and notes put on a fax at an angle (issue 23, class 1: a fax stamped "STORNIERT" went out as an
order): the ink the page's reading did not read is read alone, turned level, and holds the order with
a named reason (``extractors/capture/stray_marks.py``). Generated orders rendered as real fax TIFFs, the
marking drawn over the page at fax resolution, read with the real tesseract."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from extractors.capture.ocr import OcrExtractor
from extractors.capture.stray_marks import stamp_kind
from gateway.model import DocType
from gateway.reference.masterdata import load_master_data
from testkit.capture_corpus import make_master, make_order, truth_of, write_master_csvs
from testkit.capture_fax import render_fax_tiff
from testkit.capture_layouts import render_order_pdf
from testkit.capture_truth import hints_for

REPO = Path(__file__).resolve().parents[1]
MASTER = make_master(43)
FONTS = Path("/usr/share/fonts/truetype/dejavu")
MARKING_CODES = {"CANCEL-TYPED", "COPY-MARKED", "MARKING-UNREAD", "CHANGE-TYPED", "QUESTION-TYPED"}


@pytest.fixture(scope="module")
def masterdata(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("md")
    write_master_csvs(MASTER, folder)
    return load_master_data(folder)


def _marked(tiff: bytes, text: str, angle: float, at: tuple[float, float], size: int, stamp: bool) -> bytes:
    """The fax with ``text`` drawn over it turned ``angle`` degrees (counter-clockwise), its centre at
    ``at`` (shares of the page), as a rubber stamp (bold, framed) or a note written in italics."""
    page = Image.open(io.BytesIO(tiff))
    dpi = tuple(float(v) for v in page.info.get("dpi", (204, 196)))
    font = ImageFont.truetype(str(FONTS / ("DejaVuSans-Bold.ttf" if stamp else "DejaVuSans-Oblique.ttf")), size)
    x0, y0, x1, y1 = font.getbbox(text)
    pad = size // 3
    mark = Image.new("L", (x1 - x0 + 4 * pad, y1 - y0 + 4 * pad), 255)
    draw = ImageDraw.Draw(mark)
    draw.text((2 * pad - x0, 2 * pad - y0), text, font=font, fill=0)
    if stamp:
        draw.rectangle((pad // 2, pad // 2, mark.width - pad // 2, mark.height - pad // 2), outline=0, width=max(3, size // 12))
    mark = mark.rotate(angle, expand=True, fillcolor=255, resample=Image.Resampling.BICUBIC)
    squash = dpi[1] / dpi[0]  # a standard fax's rows are twice as tall as its columns are wide
    mark = mark.resize((mark.width, max(1, round(mark.height * squash))))
    gray = np.array(page.convert("L"))
    cx, cy = round(at[0] * gray.shape[1] - mark.width / 2), round(at[1] * gray.shape[0] - mark.height / 2)
    region = gray[cy:cy + mark.height, cx:cx + mark.width]
    region[...] = np.minimum(region, np.array(mark)[:region.shape[0], :region.shape[1]])
    out = io.BytesIO()
    Image.fromarray(np.where(gray < 128, 0, 255).astype(np.uint8)).convert("1").save(
        out, format="TIFF", compression="group4", dpi=dpi)
    return out.getvalue()


def _read(masterdata, resolution: str, marking: tuple | None, customer: int = 2):
    order = make_order(43, customer, MASTER, n_lines=2)
    tiff = render_fax_tiff(render_order_pdf(order, fax_header=True), resolution, seed=customer)
    if marking:
        tiff = _marked(tiff, *marking)
    hints = hints_for(truth_of(order), f"fax_{resolution}", masterdata, REPO / "mappings")
    return OcrExtractor("tesseract").extract(tiff, hints)


@pytest.mark.parametrize("resolution, marking, code", [
    ("fine", ("STORNIERT", 25, (0.55, 0.72), 70, True), "CANCEL-TYPED"),
    ("standard", ("CANCELLED", -30, (0.5, 0.75), 64, True), "CANCEL-TYPED"),
    ("fine", ("ANNULÉ", 40, (0.6, 0.7), 80, True), "CANCEL-TYPED"),
    ("fine", ("DUPLICATE", -20, (0.5, 0.75), 60, True), "COPY-MARKED"),
])
def test_a_stamp_put_on_at_an_angle_holds_the_fax(masterdata, resolution: str, marking: tuple, code: str) -> None:
    extraction = _read(masterdata, resolution, marking)
    assert extraction.doc_type == DocType.ORDER
    codes = {p.code for p in extraction.orders[0].problems}
    assert code in codes, (codes, extraction.metadata.get("markings"))


def test_a_note_written_across_the_page_holds_the_fax_with_its_text(masterdata) -> None:
    extraction = _read(masterdata, "fine", ("bitte schon bis 18.12. liefern!", 12, (0.55, 0.8), 40, False))
    problems = [p for p in extraction.orders[0].problems if p.code in MARKING_CODES]
    assert problems, extraction.metadata.get("markings")
    assert any("liefern" in p.message or "18.12" in p.message for p in problems) or \
        problems[0].code != "MARKING-UNREAD", problems


@pytest.mark.parametrize("resolution", ["fine", "standard"])
def test_a_fax_without_markings_is_not_held_for_one(masterdata, resolution: str) -> None:
    extraction = _read(masterdata, resolution, None)
    assert "markings" not in extraction.metadata
    assert not {p.code for o in extraction.orders for p in o.problems} & {"COPY-MARKED", "MARKING-UNREAD"}


@pytest.mark.parametrize("text, kind", [
    ("STORNIERT", "cancel"), ("[STORNO|", "cancel"), ("‘CANCELLED", "cancel"), ("CANCELED", "cancel"),
    ("ANNULÉ", "cancel"), ("VOID", "cancel"), ("STORNIFRT", "cancel"), ("DUPLICATE", "copy"), ("KOPIE", "copy"),
    ("COPIE", "copy"), ("Bitte nur 5 Stück liefern!", None), ("VOIDS ME", None),
])
def test_stamp_words_are_read_with_one_ocr_slip_in_a_long_word(text: str, kind: str | None) -> None:
    assert stamp_kind(text) == kind


def _strike(tiff: bytes, boxes: list, frame: list[float]) -> bytes:
    """The fax with a pen stroke drawn through the middle of ``boxes`` (frame coordinates) from the
    first box's left to the last one's right, as a customer crosses out a row before faxing."""
    page = Image.open(io.BytesIO(tiff))
    dpi = tuple(float(v) for v in page.info.get("dpi", (204, 196)))
    gray = np.array(page.convert("L"))
    sx, sy = gray.shape[1] / frame[0], gray.shape[0] / frame[1]
    y = round((boxes[0].y + boxes[0].h / 2) * sy)
    x0, x1 = round(min(b.x for b in boxes) * sx) - 6, round(max(b.x + b.w for b in boxes) * sx) + 6
    gray[y - 1:y + 2, x0:x1] = 0
    out = io.BytesIO()
    Image.fromarray(gray).convert("1").save(out, format="TIFF", compression="group4", dpi=dpi)
    return out.getvalue()


@pytest.mark.parametrize("resolution", ["fine", "standard"])
def test_a_row_crossed_out_before_faxing_holds_its_line(masterdata, resolution: str) -> None:
    order = make_order(43, 3, MASTER, n_lines=3)
    # level on the glass: the stroke is drawn on the fax as received, so it must lie as its rows do
    tiff = render_fax_tiff(render_order_pdf(order, fax_header=True), resolution, seed=3, skew_deg=0.0)
    hints = hints_for(truth_of(order), f"fax_{resolution}", masterdata, REPO / "mappings")
    before = OcrExtractor("tesseract").extract(tiff, hints)
    assert not {p.code for p in before.orders[0].problems} & {"LINE-STRUCK"}
    line = before.orders[0].lines[1]
    boxes = sorted((b for b in line.boxes.values()), key=lambda b: b.x)
    boxes = [b for b in boxes if abs((b.y + b.h / 2) - (boxes[-1].y + boxes[-1].h / 2)) < b.h]  # one text row
    struck = OcrExtractor("tesseract").extract(_strike(tiff, boxes, before.metadata["page_sizes"][0]), hints)
    problems = [p for p in struck.orders[0].problems if p.code == "LINE-STRUCK"]
    assert problems, [p.code for p in struck.orders[0].problems]
    assert all(p.element in ("lines[1]", "lines") for p in problems)


def test_a_stamp_on_the_second_orders_page_holds_that_order_not_the_first(masterdata) -> None:
    """Review R13: two orders faxed together, the second page stamped STORNIERT: the second order is held, the
    first is not held for it."""
    first, second = make_order(43, 2, MASTER, n_lines=2), make_order(44, 2, MASTER, n_lines=2)
    page1 = Image.open(io.BytesIO(render_fax_tiff(render_order_pdf(first, fax_header=True), "fine", seed=2)))
    page2 = Image.open(io.BytesIO(_marked(render_fax_tiff(render_order_pdf(second, fax_header=True), "fine", seed=3),
                                          "STORNIERT", 25, (0.55, 0.72), 70, True)))
    out = io.BytesIO()
    page1.save(out, format="TIFF", compression="group4", dpi=page1.info.get("dpi"), save_all=True,
               append_images=[page2])
    hints = hints_for(truth_of(first), "fax_fine", masterdata, REPO / "mappings")
    extraction = OcrExtractor("tesseract").extract(out.getvalue(), hints)
    by_po = {o.po_number: {p.code for p in o.problems} for o in extraction.orders}
    assert "CANCEL-TYPED" in by_po.get(truth_of(second)["po_number"], set()), by_po
    assert "CANCEL-TYPED" not in by_po.get(truth_of(first)["po_number"], set()), by_po


@pytest.mark.parametrize("text, held", [("Bitte Liefertermin auf 20.12. verschieben", True), ("nur 5 Stück liefern!", True),
                                        ("Vorab per Mail", True), ("Durand", False), ("ACME Corp", False)])
def test_a_note_in_the_top_band_is_read_a_logos_name_is_not(text: str, held: bool) -> None:
    """Review Q10: a slanted mark in the page's top band is a logo only when it reads as a name; a written note
    there (a date, a quantity, a sentence) still holds the order."""
    from extractors.capture.stray_marks import Marking, marking_problems
    mark = Marking((100, 40, 500, 120), 18.0, text, 1, letterhead=True)
    assert bool(marking_problems([mark], None)) is held
