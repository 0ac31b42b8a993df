"""Pages fed in upside down or sideways, found by how tesseract reads them and turned upright.

A fax machine sends the sheet the way it lay on the glass: a page upside down (or a landscape scan
of a portrait order) reads as garbage, and the fax as "no order" (findings-t23). Tesseract is unsure
of most words of such a page: upright pages of generated fine and standard faxes read with a median
word confidence of 0.67-0.95, the same pages upside down 0.16-0.49, and sideways it reads hardly a
word. So a page whose median is under ``UPRIGHT_MEDIAN``, or with under ``MIN_WORDS`` words
(``reads_upright``), is read again turned (``extractors.capture.ocr``): the turn
tesseract's orientation detection (``--psm 0``, the ``osd`` model, one thread) names, or 180 degrees
when it says the page is upright but is unsure of it, or both quarter turns when it names no turn surely for a
page read as hardly a word (a sideways sheet the detection could not tell: ``turns_to_try``); the turned reading is kept
when tesseract is clearly surer of it (``reads_better``). A quarter turn named unsurely is followed by the other
quarter when it reads no better (the detection names the wrong side of sideways standard-resolution pages), and the
fax header line the sending machine prints upright over a sideways sheet does not count as the page's reading
(``extractors.capture.ocr.below_banner``). The detection alone is not trusted: on
standard-resolution faxes it named the wrong turn for upright pages with confidences up to 0.9.

A sideways standard-resolution page turned upright is read by tesseract at half the resolution across its lines:
unsurely every way (``reads_better`` takes none). When both engines read, such a page is read as it came and both
quarter turns by both of them, and the turn whose words they read alike, many more than any other, is taken
(``agreeing_turn``); none such, the page stays as it came.

Cost: nothing for a page that reads upright; for the others one detection (about 0.2 s of CPU on a
1728-pixel page) and one or two more readings. A turned page keeps what its resolution said about
it: a standard-resolution fax turned sideways is still read as one (``RawPage.standard``).
"""

from __future__ import annotations

import os
import statistics
from dataclasses import replace

import numpy as np
import pytesseract
import structlog
from PIL import Image

from extractors.capture.image_prep import RawPage, square_pixels
from extractors.capture.words import Word

log = structlog.get_logger(__name__)

UPRIGHT_MEDIAN = 0.6  # median word confidence from which a page reads upright
MIN_WORDS = 12  # pages with fewer words (a cover sheet's few lines, a blank page) are not turned
SURE_TURN = 1.5  # detection confidence under which "upright" is doubted and 180 degrees tried
BETTER_BY = 0.15  # a turned reading is kept when its median word confidence is this much higher
OSD_CONFIG = "--psm 0 -c min_characters_to_try=10"
ENABLED = True


def median_confidence(words: list[Word]) -> float:
    return statistics.median(w.conf for w in words) if words else 0.0


def reads_upright(words: list[Word]) -> bool:
    """A page tesseract read as an upright page reads: words enough, most of them sure."""
    return not ENABLED or (len(words) >= MIN_WORDS and median_confidence(words) >= UPRIGHT_MEDIAN)


def reads_better(turned_words: list[Word], words: list[Word]) -> bool:
    """The turned page's reading is clearly surer than the page's as it came (or the page as it
    came gave hardly a word: sideways lines are no lines to tesseract)."""
    if len(turned_words) < MIN_WORDS or median_confidence(turned_words) < UPRIGHT_MEDIAN:
        return False
    return len(words) < MIN_WORDS or median_confidence(turned_words) >= median_confidence(words) + BETTER_BY


def detect_turn(gray: np.ndarray, timeout_s: float) -> tuple[int, float]:
    """The clockwise quarter turns (0, 90, 180, 270 degrees) that make ``gray``'s text upright
    and tesseract's confidence in them; (0, 0.0) when it cannot tell."""
    os.environ["OMP_THREAD_LIMIT"] = "1"
    try:
        osd = pytesseract.image_to_osd(Image.fromarray(gray), config=OSD_CONFIG, timeout=timeout_s,
                                       output_type=pytesseract.Output.DICT)
    except (RuntimeError, pytesseract.TesseractError, pytesseract.TesseractNotFoundError, ValueError) as exc:
        log.debug("orientation.unknown", error=str(exc)[:200])
        return 0, 0.0
    return int(osd.get("rotate", 0)) % 360, float(osd.get("orientation_conf", 0.0))


def turns_to_try(page: RawPage, timeout_s: float, words: list[Word]) -> list[int]:
    """The turns worth reading a doubtful page again with: the detected one, or 180 degrees when
    the detection calls a page of unsure words upright unsurely. None for a page the detection
    cannot tell (blank, a few lines) when tesseract read hardly a word of it either."""
    turn, confidence = detect_turn(square_pixels(page)[0], timeout_s)
    if turn in (90, 270) and confidence < SURE_TURN:
        # a quarter turn named unsurely may be the wrong quarter (a sideways standard-resolution fax: 90 degrees
        # named at 0.22, 270 read it): the other quarter is read when the named one reads no better
        return [turn, 360 - turn]
    if turn:
        return [turn]
    if len(words) < MIN_WORDS:
        # hardly a word read and no turn detected (the detection fails on a sparse sideways page, or calls it
        # upright): a sideways sheet reads like this, so both quarter turns are tried; a blank page or a short
        # cover sheet reads no better turned and stays as it came (``reads_better``)
        return [90, 270] if confidence < SURE_TURN else []
    return [180] if confidence < SURE_TURN else []


def turned(page: RawPage, turn: int) -> RawPage:
    """``page`` turned ``turn`` degrees clockwise (a multiple of 90; ``RawPage.turned`` says so)."""
    turn %= 360
    if turn == 0:
        return page
    if turn == 180:  # no change of axes: the page keeps its own pixels and resolution
        return replace(page, gray=np.ascontiguousarray(np.rot90(page.gray, 2)), turned=180)
    gray, dpi = square_pixels(page)
    quarter = -1 if turn == 90 else 1  # np.rot90 turns counter-clockwise
    return RawPage(np.ascontiguousarray(np.rot90(gray, quarter)), dpi, dpi, turned=turn,
                   standard=page.is_standard)


AGREED_MIN = 8  # words both engines read alike on a turned page before its turn is taken on their agreement
AGREED_BY = 3.0  # ...and this many times as many as on any other turn tried


def agreeing_turn(agreed: dict[int, int]) -> int:
    """The turn (0 when none) whose reading both engines agree on (``agreed``: per turn tried, 0 the page as it
    came, the words tesseract and RapidOCR read alike under the fax header line): a sideways standard-resolution
    page that tesseract reads unsurely every way (median confidence 0.37 turned right, 0.29 turned wrong, 0.19 as
    it came) is read alike by the two engines only the right way up (13 words against none); a page no turn makes
    them agree on stays as it came (``FAX-NO-ORDER`` when it reads as no order)."""
    if not agreed:
        return 0
    best = max(agreed, key=lambda t: agreed[t])
    others = max((n for t, n in agreed.items() if t != best), default=0)
    if best and agreed[best] >= AGREED_MIN and agreed[best] >= AGREED_BY * others:
        log.info("orientation.agreed", turn=best, agreed=agreed)
        return best
    return 0
