"""A PO number written by hand on a faxed order, with a letter that may be a hand's digit: "DFO14477" for
DF014477 (the hand's round zero), "DFI4477" for DF14477 (review rfax D1).

Both OCR engines read a hand's round zero as "O" alike, and their agreement lifts the PO's confidence to what a
printed number gets (``agreement``), so ``gateway.stages.po_letters.doubt_letters`` took it for print and let it
go. Agreement says the engines saw the same shapes, not that the shapes were printed. Here the page's ink says
whether the PO's word was written by hand:

* ink the page's analysis calls a hand's (``written_lines``, ``hand_marks``, ``stray_marks.unread_strokes``) lies
  over the PO's box, or
* the ink of the PO's box leans as a hand's letters do (``written_lines.slant``: print stands upright; a PO
  field printed blank and filled in by hand).

A PO so written whose letter O, I, S or B stands between a letter and a digit (``boundary_letters``) is no surer
than a reading the engines disputed: its confidence is capped at ``HAND_CONFIDENCE``, under the sure mark, and
``doubt_letters`` then holds the order ``PO-CHARACTER-UNSURE`` unless the customer's past POs have a usual shape.
A hand's digit read as a digit ("DF014477") and a printed PO read alike by both engines ("DFO14477" in print,
"PO12345") keep their confidence. Array operations on the PO's box only.
"""

from __future__ import annotations

import numpy as np
import structlog

from extractors.capture.written_lines import slant
from gateway.model import ExtractedOrder

log = structlog.get_logger(__name__)

HAND_KINDS = ("written", "ink", "strokes")  # Marking kinds of a hand's ink (``stray_marks.Marking``)
HAND_CONFIDENCE = 0.9  # a hand's PO with a letter that may be a digit: under po_letters.BOUNDARY_SURE (0.98)
_DIGIT_LOOK = "OISB"  # letters a hand's 0, 1, 5, 8 are read as


def boundary_letters(po: str) -> list[int]:
    """Places of ``po`` holding O, I, S or B between a letter and a digit ("DFO14477", "DFI4477", "KBS8120")."""
    up = po.upper()
    return [i for i in range(1, len(up) - 1) if up[i] in _DIGIT_LOOK
            and {_kind(up[i - 1]), _kind(up[i + 1])} == {"A", "9"}]


def _kind(c: str) -> str:
    return "9" if c.isdigit() else "A" if c.isalpha() else "-"


def doubt_hand_po(order: ExtractedOrder, pages: dict, markings: list) -> bool:
    """Cap the PO's confidence when it was written by hand with a letter that may be a digit (module docstring);
    True when capped. ``pages``: the OCR'd pages by number (``reread.OcrPage``); ``markings``: (page, box in the
    frame) of the ink the page's analysis calls a hand's (``HAND_KINDS``)."""
    po = order.po_number or ""
    box = order.boxes.get("po_number")
    if not boundary_letters(po) or box is None or "po_number" not in order.confidence:
        return False
    page = pages.get(box.page)
    frame = (box.x, box.y, box.x + box.w, box.y + box.h)
    if not (_under_hand_mark(frame, box.page, markings) or (page is not None and _leans(page, frame))):
        return False
    order.confidence["po_number"] = min(order.confidence["po_number"], HAND_CONFIDENCE)
    log.info("hand_po.doubted", po=po, page=box.page)
    return True


def _under_hand_mark(frame: tuple, page: int, markings: list) -> bool:
    for at, (x0, y0, x1, y1) in markings:
        if at != page:
            continue
        w = min(x1, frame[2]) - max(x0, frame[0])
        h = min(y1, frame[3]) - max(y0, frame[1])
        if w > 0 and h > 0 and w * h >= 0.3 * (frame[2] - frame[0]) * (frame[3] - frame[1]):
            return True
    return False


def _leans(page, frame: tuple) -> bool:
    """The ink of the PO's box (in the image tesseract read) leans as a hand's letters do."""
    x0, y0, x1, y1 = page.frame.to_prepared(*frame)
    image = page.image
    crop = image[max(0, y0):max(0, y1), max(0, x0):max(0, x1)]
    if crop.size == 0:
        return False
    mask = crop < 128
    if mask.sum() < 20:
        return False
    return slant(mask) is not None
