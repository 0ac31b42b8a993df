"""A third reading of a PO number the two OCR engines read differently.

Where tesseract and RapidOCR disagree on the PO number (``extractors.capture.agreement``: one
reading kept, its confidence halved, the other in ``other_readings``) nothing in the master data
can tell which digit is right when both readings have the shape of the customer's PO numbers
(``gateway.stages.ocr_confirm``), so the order was held. Tesseract reads the value's place once
more, enlarged ``VIEW`` times (``extractors.capture.reread``: one small crop, a fraction of a
page's cost). When that reading is RapidOCR's, letter for letter and digit for digit, and not
tesseract's first one, two engines now read the same text: RapidOCR's is taken with the
confidence of an agreement (``agreement.agreed_confidence``) and the field is named
"both (tesseract read ... first)". A third reading that is tesseract's first one again, or
neither, changes nothing: tesseract agreeing with itself is no independent evidence, and the
order stays held.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from extractors.capture.agreement import BOTH, DISAGREE, RAPID, SINGLE, TESS, agreed_confidence
from extractors.capture.reread import OcrPage, Region, reread
from extractors.capture.words import Word
from extractors.locale_values import fold
from gateway.model import Box, ExtractedOrder

FIELDS = ("po_number",)
VIEW = 3.0  # the enlargement of the third reading
FIRST = "~first"  # ``other_readings`` key suffix: tesseract's first reading of a field a third reading settled
PAD = 0.3  # the value's box grown by this share of its height, to take the words read in it
_ALNUM = re.compile(r"[^0-9a-z]")

Reader = Callable[..., list[Word]]  # image, page -> words (tesseract)


def break_ties(order: ExtractedOrder, engines: dict[str, object], ocr: dict[int, OcrPage], read: Reader) -> int:
    """The fields of ``FIELDS`` the engines read differently read a third time (see the module
    docstring); returns how many took RapidOCR's reading by that third one."""
    disputed = []
    for f in FIELDS:
        where, box, other = str(engines.get(f, "")), order.boxes.get(f), order.other_readings.get(f)
        if box is not None and box.page in ocr and where == f"{RAPID} only" and getattr(order, f):
            disputed.append((f, box, str(getattr(order, f)), ""))  # tesseract read none there: a third reading
            continue
        if box is None or other is None or box.page not in ocr or not where.startswith((f"{RAPID} (", f"{TESS} (")):
            continue
        kept = str(getattr(order, f))
        rapid, tess = (kept, other) if where.startswith(RAPID) else (other, kept)
        if _key(rapid) != _key(tess):
            disputed.append((f, box, rapid, tess))
    if not disputed:
        return 0
    words = reread([_region(box) for _, box, _, _ in disputed], ocr, read, VIEW)
    settled = 0
    for f, box, rapid, tess in disputed:
        text, conf = _read_in(words.get(box.page, []), box)
        if not text or _key(text) != _key(rapid):
            continue
        before = order.confidence.get(f, 0.0) / (DISAGREE if tess else SINGLE)  # the kept reading's own confidence
        setattr(order, f, rapid)
        order.other_readings.pop(f, None)
        if tess:  # tesseract read another text first: the readings differed (``po_letters.off_series`` reads it)
            order.other_readings[f + FIRST] = tess
        order.confidence[f] = agreed_confidence(min(before, 1.0), conf)
        engines[f] = f"{BOTH} (a third reading by {TESS}; {TESS} read {tess} first)" if tess else \
            f"{BOTH} (a third reading by {TESS}; {TESS} read none first)"
        settled += 1
    return settled


def _key(text: str) -> str:
    return _ALNUM.sub("", fold(text).lower())


def _region(box: Box) -> Region:
    return Region(box.page, box.x - box.h * 0.6, box.y - box.h * 0.35, box.x + box.w + box.h * 0.6,
                  box.y + box.h * 1.35)


def _read_in(words: list[Word], box: Box) -> tuple[str, float]:
    """The words whose centres lie in ``box`` (grown by ``PAD``), joined left to right, and their
    lowest confidence."""
    pad = PAD * box.h
    inside = sorted((w for w in words if box.x - pad <= (w.x0 + w.x1) / 2 <= box.x + box.w + pad
                     and box.y - pad <= w.cy <= box.y + box.h + pad), key=lambda w: w.x0)
    return "".join(w.text for w in inside), min((w.conf for w in inside), default=0.0)
