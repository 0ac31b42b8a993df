"""A PO written by hand with a letter that may be a hand's digit ("DFO14477" for DF014477) holds even when both
OCR engines read it alike (review rfax D1); printed POs and a hand's digits read as digits do not."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from extractors.capture.hand_po import HAND_CONFIDENCE, boundary_letters, doubt_hand_po
from extractors.capture.reread import FrameMap
from gateway.model import Box, ExtractedOrder
from gateway.stages.po_letters import DOUBT_CODE, doubt_letters

FONTS = Path("/usr/share/fonts/truetype/dejavu")


@dataclass
class _Page:
    image: np.ndarray
    frame: FrameMap


def _page(text: str, font: str) -> tuple[_Page, Box]:
    img = Image.new("L", (600, 120), 255)
    f = ImageFont.truetype(str(FONTS / font), 40)
    ImageDraw.Draw(img).text((40, 30), text, font=f, fill=0)
    x0, y0, x1, y1 = ImageDraw.Draw(img).textbbox((40, 30), text, font=f)
    return _Page(np.array(img), FrameMap(1.0, 0.0, 0.0, 0.0)), Box(page=1, x=x0, y=y0, w=x1 - x0, h=y1 - y0)


def _order(po: str, box: Box) -> ExtractedOrder:
    return ExtractedOrder(po_number=po, confidence={"po_number": 0.99}, boxes={"po_number": box})


@pytest.mark.parametrize("po", ["DFO14477", "DFI4477", "KBS8120", "CMDI0388"])
def test_a_letter_that_may_be_a_hands_digit_at_the_boundary_is_found(po):
    assert boundary_letters(po)


@pytest.mark.parametrize("po", ["DF014477", "PO-ORD-12", "4500123456", "SO-4711", "AB-0012"])
def test_no_letter_that_may_be_a_digit_at_the_boundary(po):
    assert not boundary_letters(po)


@pytest.mark.parametrize("po", ["DFO14477", "DFI4477"])
def test_a_po_written_by_hand_read_alike_by_both_engines_holds(po):
    page, box = _page(po, "DejaVuSerif-Italic.ttf")
    order = _order(po, box)
    assert doubt_hand_po(order, {1: page}, [])
    assert order.confidence["po_number"] == HAND_CONFIDENCE
    assert doubt_letters(order, (), order.confidence["po_number"])
    assert DOUBT_CODE in {p.code for p in order.problems}


def test_a_printed_po_read_alike_by_both_engines_goes_out():
    page, box = _page("DFO14477", "DejaVuSans.ttf")
    order = _order("DFO14477", box)
    assert not doubt_hand_po(order, {1: page}, [])
    assert not doubt_letters(order, (), order.confidence["po_number"])


def test_a_hands_zero_read_as_a_digit_goes_out():
    page, box = _page("DF014477", "DejaVuSerif-Italic.ttf")
    order = _order("DF014477", box)
    assert not doubt_hand_po(order, {1: page}, [])
    assert not doubt_letters(order, (), order.confidence["po_number"])


def test_a_po_under_the_pages_hand_mark_holds_even_upright():
    page, box = _page("DFO14477", "DejaVuSans.ttf")
    mark = (1, (box.x - 5, box.y - 5, box.x + box.w + 5, box.y + box.h + 5))
    order = _order("DFO14477", box)
    assert doubt_hand_po(order, {1: page}, [mark])


def test_the_customers_usual_shape_still_decides_a_hands_letter():
    page, box = _page("SO14477", "DejaVuSerif-Italic.ttf")
    order = _order("SO14477", box)
    doubt_hand_po(order, {1: page}, [])
    assert not doubt_letters(order, ["SO12001", "SO12877", "SO13502"], order.confidence["po_number"])
