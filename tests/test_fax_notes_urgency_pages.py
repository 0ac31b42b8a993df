"""Issue 23, outside tester's faxes (fax1 round): orders that went out wrong or with the wrong priority.

* a note written across or beside the printed table ("Bitte nur 25 Ordner liefern!") went out with the printed
  quantity: a note that limits a quantity holds ``CHANGE-TYPED``; joined-up handwriting written level that OCR
  reads as nothing sure holds ``MARKING-UNREAD`` (``stray_marks.unread_strokes``);
* "TRÈS URGENT" in large letters with no frame, and "URGENT" stamped level over the title, left the order's
  priority normal: large printed urgency words and level stamps read for a stamp's word make the order urgent;
* a fax whose page counter names a page that did not come holds ``PAGE-MISSING``;
* a sideways page the orientation detection cannot tell is tried at both quarter turns.

Generated orders (reportlab) rendered as real fax TIFFs, marks drawn at fax resolution, read with the real OCR
(tesseract alone: the marks are tesseract's part of the reading)."""

from __future__ import annotations

import io
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from extractors.capture import orientation
from extractors.capture.ocr import OcrExtractor
from extractors.capture.page_notes import note_problems
from extractors.capture.stray_marks import Marking, marking_notes, marking_problems, printed_urgency, unread_strokes
from extractors.capture.table_end import missing_pages
from extractors.capture.words import PageWords, Word
from gateway.config_decide import PrioritySection
from gateway.model import DocType, ExtractedOrder
from gateway.reference.masterdata import load_master_data
from gateway.stages.decide import urgent_word
from testkit.capture_corpus import make_master, make_order, truth_of, write_master_csvs
from testkit.capture_fax import render_fax_tiff
from testkit.capture_layouts import render_order_pdf
from testkit.capture_truth import hints_for

REPO = Path(__file__).resolve().parents[1]
MASTER = make_master(61)
FONTS = Path("/usr/share/fonts/truetype/dejavu")


@pytest.fixture(scope="module")
def masterdata(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("md")
    write_master_csvs(MASTER, folder)
    return load_master_data(folder)


def _page(tiff: bytes) -> tuple[np.ndarray, tuple[float, float]]:
    page = Image.open(io.BytesIO(tiff))
    return np.array(page.convert("L")), tuple(float(v) for v in page.info.get("dpi", (204, 196)))


def _tiff(gray: np.ndarray, dpi: tuple[float, float]) -> bytes:
    out = io.BytesIO()
    Image.fromarray(np.where(gray < 128, 0, 255).astype(np.uint8)).convert("1").save(
        out, format="TIFF", compression="group4", dpi=dpi)
    return out.getvalue()


def _text(tiff: bytes, text: str, at: tuple[float, float], size: int, font: str, frame: bool = False,
          angle: float = 0.0) -> bytes:
    """``text`` drawn over the fax (turned ``angle`` degrees counter-clockwise), centred at ``at`` (shares of the
    page)."""
    gray, dpi = _page(tiff)
    face = ImageFont.truetype(str(FONTS / font), size)
    x0, y0, x1, y1 = face.getbbox(text)
    pad = size // 3
    mark = Image.new("L", (x1 - x0 + 4 * pad, y1 - y0 + 4 * pad), 255)
    draw = ImageDraw.Draw(mark)
    draw.text((2 * pad - x0, 2 * pad - y0), text, font=face, fill=0)
    if frame:
        draw.rectangle((pad // 2, pad // 2, mark.width - pad // 2, mark.height - pad // 2), outline=0, width=max(3, size // 12))
    if angle:
        mark = mark.rotate(angle, expand=True, fillcolor=255, resample=Image.Resampling.BICUBIC)
    mark = mark.resize((mark.width, max(1, round(mark.height * dpi[1] / dpi[0]))))
    m = np.array(mark)
    cx, cy = round(at[0] * gray.shape[1] - m.shape[1] / 2), round(at[1] * gray.shape[0] - m.shape[0] / 2)
    region = gray[cy:cy + m.shape[0], cx:cx + m.shape[1]]
    region[...] = np.minimum(region, m[:region.shape[0], :region.shape[1]])
    return _tiff(gray, dpi)


def _handwriting(gray: np.ndarray, squash: float, at: tuple[float, float], words: tuple[int, ...], seed: int,
                 height: float = 0.015, width: float = 0.35) -> np.ndarray:
    """Joined-up pen strokes, level: each word one line of loops, as a hand OCR cannot read writes."""
    rng = np.random.default_rng(seed)
    w = gray.shape[1]
    x, base = at[0] * w, at[1] * gray.shape[0]
    step = width * w / (sum(words) + len(words))
    for n in words:
        points = []
        for i in range(n * 12):
            t = i / 12
            loop = 1.0 if rng.random() < 0.3 else 0.5
            points.append((x + t * step + 0.25 * step * np.cos(2 * np.pi * t),
                           base - height * w * loop * (0.5 + 0.5 * np.sin(2 * np.pi * t)) * squash))
        cv2.polylines(gray, [np.array(points, np.int32)], False, 0, 3 if squash > 0.9 else 2, cv2.LINE_AA)
        x += (n + 1) * step
    return gray


def _read(masterdata, customer: int, resolution: str, mark=None, lines: int = 3, turns: tuple[int, ...] = ()):
    order = make_order(61, customer, MASTER, n_lines=lines)
    tiff = render_fax_tiff(render_order_pdf(order, fax_header=True), resolution, seed=customer, turns=turns)
    if mark:
        tiff = mark(tiff)
    hints = hints_for(truth_of(order), f"fax_{resolution}", masterdata, REPO / "mappings")
    return OcrExtractor("tesseract").extract(tiff, hints)


def _codes(extraction) -> set[str]:
    return {p.code for o in extraction.orders for p in o.problems if p.severity == "error"}


# -- (a) notes written on the order ---------------------------------------------------------------------------

@pytest.mark.parametrize("resolution, customer", [("fine", 6), ("standard", 5)])
def test_joined_up_handwriting_written_level_holds_the_fax(masterdata, resolution: str, customer: int) -> None:
    def mark(tiff: bytes) -> bytes:
        gray, dpi = _page(tiff)
        return _tiff(_handwriting(gray, dpi[1] / dpi[0], (0.4, 0.48), (5, 3, 6), seed=customer), dpi)

    extraction = _read(masterdata, customer, resolution, mark)
    assert extraction.doc_type == DocType.ORDER
    problems = [p for p in extraction.orders[0].problems if p.code == "MARKING-UNREAD"]
    assert problems and "handwriting" in problems[0].message, (_codes(extraction), extraction.metadata.get("markings"))


def test_a_quantity_note_in_a_pen_like_hand_under_the_table_holds_the_fax(masterdata) -> None:
    extraction = _read(masterdata, 7, "fine", lambda t: _text(t, "bitte nur 20 Stück", (0.55, 0.6), 46,
                                                              "DejaVuSans-Oblique.ttf"))
    problems = [p for p in extraction.orders[0].problems if p.code == "CHANGE-TYPED"]
    assert problems and "20" in problems[0].message, _codes(extraction)


@pytest.mark.parametrize("note, held", [
    ("Bitte nur 25 Ordner liefern!", True), ("only 10 please", True), ("ne livrer que 5 cartons", True),
    ("nur 5 Stk!", True), ("maximal 20 Stück", True), ("Lieferung nur 8-16 Uhr", False),
    ("nur 50 EUR Mindestwert", False), ("Preise gelten nur 30 Tage", False), ("max 3 Paletten", False),
    ("Anlieferung nur Mo-Fr", False)])
def test_a_note_that_limits_a_quantity_holds_hours_money_and_pallets_do_not(note: str, held: bool) -> None:
    codes = [p.code for p in note_problems([note], ExtractedOrder(po_number="B-1"), printed=True)]
    assert ("CHANGE-TYPED" in codes) == held, codes


def test_print_is_no_handwriting_and_joined_up_strokes_are() -> None:
    """The stroke test alone, on a drawn page: print's letters apart are no writing; pen loops run on are; the
    same loops beside a signature's label are the signature."""
    page = np.full((1200, 1728), 255, np.uint8)
    words = []
    for row in range(10):
        y = 100 + 40 * row
        cv2.putText(page, "Bestellung 4711 Kabelbinder 200 mm", (100, y), cv2.FONT_HERSHEY_SIMPLEX, 0.9, 0, 2)
        words += [Word("Bestellung", 100, y - 22, 260, y + 2, 0.95), Word("Kabelbinder", 400, y - 22, 580, y + 2, 0.95)]
    assert unread_strokes(page, words, 1) == []
    written = _handwriting(page.copy(), 1.0, (0.3, 0.8), (5, 4, 6), seed=3)
    found = unread_strokes(written, words, 1)
    assert found and found[0].kind == "strokes"
    problems = marking_problems(found, ExtractedOrder(po_number="B-1"))
    assert [p.code for p in problems] == ["MARKING-UNREAD"]
    for label in ("Unterschrift:", "Grüßen", "regards,"):
        signed = words + [Word(label, 100, 0.8 * 1200 - 60, 260, 0.8 * 1200 - 38, 0.95)]
        assert unread_strokes(written, signed, 1) == [], label
    product = words + [Word("Signalleuchte", 100, 0.8 * 1200 - 60, 260, 0.8 * 1200 - 38, 0.95)]
    assert unread_strokes(written, product, 1)


# -- (b) urgency marks ----------------------------------------------------------------------------------------

def test_tres_urgent_in_large_letters_with_no_frame_makes_the_fax_urgent(masterdata) -> None:
    extraction = _read(masterdata, 3, "fine", lambda t: _text(t, "TRÈS URGENT", (0.6, 0.22), 60, "DejaVuSans-Bold.ttf"))
    order = extraction.orders[0]
    assert urgent_word(PrioritySection(), list(order.notes)), (order.notes, extraction.metadata.get("markings"))
    assert "MARKING-UNREAD" not in _codes(extraction)


@pytest.mark.parametrize("customer, at, angle", [(8, (0.35, 0.08), 0.0), (6, (0.28, 0.09), -3.0)])
def test_urgent_stamped_level_over_the_title_makes_the_fax_urgent(masterdata, customer: int, at, angle) -> None:
    extraction = _read(masterdata, customer, "fine", lambda t: _text(t, "URGENT", at, 64, "DejaVuSans-Bold.ttf",
                                                                     frame=True, angle=angle))
    order = extraction.orders[0]
    assert urgent_word(PrioritySection(), list(order.notes)), \
        extraction.metadata.get("markings")


def _word(text: str, x: float, y: float, h: float) -> Word:
    return Word(text, x, y, x + 0.6 * h * len(text), y + h, 0.95)


def test_large_printed_urgency_words_are_a_note_and_body_size_ones_are_not() -> None:
    body = [_word(f"w{i}", 100 + 60 * (i % 10), 400 + 40 * (i // 10), 22) for i in range(30)]
    large = [_word("TRES", 800, 480, 48), _word("URGENT", 960, 484, 46)]
    found = printed_urgency(body + large, 1)
    assert [m.text for m in found] == ["TRES URGENT"]
    assert urgent_word(PrioritySection(), marking_notes(found))
    assert printed_urgency(body + [_word("Urgent", 800, 480, 22)], 1) == []  # a form's tick box "Urgent"
    dated = printed_urgency(body + [_word("URGENT", 800, 480, 48), _word("15.12.", 1000, 482, 46)], 1)
    assert [p.code for p in marking_problems(dated, ExtractedOrder(po_number="B-1"))] == ["MARKING-UNREAD"]
    name = printed_urgency([_word("Urgent", 100, 60, 48), _word("Parts", 300, 60, 48)] + body, 1, 2000.0)
    # a letterhead's company name: no note, no hold
    assert marking_problems(name, ExtractedOrder(po_number="B-1")) == [] and marking_notes(name) == []
    assert urgent_word(PrioritySection(), marking_notes(printed_urgency(body + large, 1, 2000.0)))


# -- (e) a missing page; (d) a sideways page ------------------------------------------------------------------

def _counter_page(page: int, *texts: str) -> PageWords:
    words = []
    for row, text in enumerate(texts):
        x = 100.0
        for token in text.split():
            words.append(Word(token, x, 100 + 40 * row, x + 12 * len(token), 120 + 40 * row, 0.95, page))
            x += 12 * len(token) + 12
    return PageWords(page, 1400.0, 1980.0, tuple(words))


def test_a_page_counter_naming_a_page_that_did_not_come_names_it() -> None:
    assert missing_pages([_counter_page(1, "Seite 1/3"), _counter_page(2, "Seite 3/3")]) == [2]
    assert missing_pages([_counter_page(1, "07/12/2026 09:41 FROM: +49 711 1234 P.01/02")]) == [2]
    assert missing_pages([_counter_page(1, "Page 1 of 2"), _counter_page(2, "Page 2 of 2")]) == []
    assert missing_pages([_counter_page(1, "Palette 1/2 Europalette", "1/3")]) == []  # no labelled counter


def test_a_fax_whose_last_page_did_not_come_holds_page_missing(masterdata) -> None:
    from testkit.capture_fax import render_fax_tiff as fax

    order = make_order(61, 0, MASTER, n_lines=40)
    tiff = fax(render_order_pdf(order, fax_header=True), "fine", seed=1)
    pages = Image.open(io.BytesIO(tiff))
    if pages.n_frames < 2:
        pytest.skip("the order fits one page")
    first = pages.copy()
    out = io.BytesIO()
    first.save(out, format="TIFF", compression="group4", dpi=pages.info.get("dpi", (204, 196)))
    hints = hints_for(truth_of(order), "fax_fine", masterdata, REPO / "mappings")
    extraction = OcrExtractor("tesseract").extract(out.getvalue(), hints)
    assert "PAGE-MISSING" in _codes(extraction), _codes(extraction)


def test_a_sideways_page_the_detection_cannot_tell_is_tried_both_ways(masterdata, monkeypatch) -> None:
    monkeypatch.setattr(orientation, "detect_turn", lambda gray, timeout_s: (0, 0.0))
    extraction = _read(masterdata, 7, "fine", turns=(3,))
    assert extraction.metadata.get("turned_pages") == {"1": 90} or extraction.metadata.get("turned_pages") == {"1": 270}
    assert extraction.orders and extraction.orders[0].lines
