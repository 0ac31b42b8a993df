"""A line written by hand, level, in letters apart, that the page's reading read unsurely: a note under the table
("URGENT - livrer demain svp !", "Neue Lieferadresse: Lagerhalle 4, Hafenstr. 19") went out as the printed order.

``stray_marks`` finds what the page's reading left unread in three ways: markings at an angle (a stamp, a note
written across the page), joined-up pen strokes (``unread_strokes``: pieces of ink running over several letters)
and large letters (``printed_urgency``). A hand that writes its letters apart, level, at about the print's size
is none of these: tesseract reads it as words at low confidence, the words fall below what the field readers
take, and nothing said there was any note; or it reads some of them surely, and a sentence under the table
that names no item or count ("URGENT - livrer demain svp !") was no note of the order either. Print on an order
is upright; a hand slants its letters and lets them ride off the line. So the page's ink (read or not) is joined
into lines (letters a word height apart), and a line ``MIN_LENGTH`` word heights long or more, of ``MIN_LETTERS`` letter-sized pieces or
more, whose letters lean (the column profile of its ink is sharpest sheared ``MIN_SLANT`` degrees or more, and
clearly sharper than upright) is writing: a ``Marking`` of kind "written" carrying what tesseract read there,
which ``stray_marks.marking_problems`` turns into the order's problem (a change or a question a note reader
names, else ``MARKING-UNREAD`` quoting the words read). Writing in the letterhead or where a signature goes is
left alone, as ``unread_strokes`` does.
"""

from __future__ import annotations

import math

import cv2
import numpy as np
import structlog

from extractors.capture.stray_marks import LETTERHEAD, MAX_REGIONS, SURE_WORD, Marking, _SIGNATURE, _where_signature_goes
from extractors.capture.words import Word
from extractors.locale_values import fold

log = structlog.get_logger(__name__)

MIN_LENGTH = 8.0  # word heights: a written line at least this long (words of a note; an item code is shorter)
MIN_LETTERS = 8  # letter-sized pieces of ink in it
MAX_TALL = 3.0  # word heights: a taller line is a drawing, a logo, a stamp (``stray_marks`` reads those)...
TURNED = 0.07  # ...beside what a line written up to 4 degrees off level rises over its length (a hand writes larger
# than print and seldom level: a long note's box is taller than its letters)
MIN_SLANT = 6  # degrees: letters leaning this far are a hand's (print stands upright: 0, a skewed
# fax row's profile at most 3)
SHARPER = 1.2  # the leaning profile must be this much sharper than the upright one (print: 1.07 at most)
SLANTS = range(-30, 31, 3)  # degrees tried


def slanted_writing(image: np.ndarray, words: list[Word], page: int) -> list[Marking]:
    """The written lines of one page (see the module docstring). ``image``: black ink on white, the rules taken
    out; ``words``: the page's reading, in its pixels."""
    texts = [w for w in words if sum(ch.isalnum() for ch in w.text) >= 1]
    if len(texts) < 8:
        return []
    height = float(np.median([w.height for w in texts]))
    if height <= 0:
        return []
    ink = (image < 128).astype(np.uint8)  # all of it: a hand tesseract read surely is still a hand
    kernel = np.ones((max(1, round(0.4 * height)), max(3, round(1.2 * height))), np.uint8)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(cv2.dilate(ink, kernel), connectivity=8)
    signs = [w for w in texts if _SIGNATURE.search(fold(w.text).lower())]
    page_h, page_w = image.shape
    out: list[Marking] = []
    for i in range(1, n):
        x, y, bw, bh, _area = (int(v) for v in stats[i])
        if bw < MIN_LENGTH * height or not 0.6 * height <= bh <= MAX_TALL * height + TURNED * bw or bw > 0.8 * page_w:
            continue
        if y + bh <= LETTERHEAD * page_h:
            continue  # the letterhead's lines: a logo's words, a slogan
        box = (x, y, bw, bh)
        if any(_where_signature_goes(box, s, texts, height, page_w) for s in signs):
            continue
        mask = (labels[y:y + bh, x:x + bw] == i) & (ink[y:y + bh, x:x + bw] > 0)
        if _letters(mask, height) < MIN_LETTERS:
            continue
        lean = slant(mask)
        if lean is None:
            continue
        inside = sorted(_inside(words, box), key=lambda w: w.x0)
        said = " ".join(w.text for w in inside)
        if read_as_print(inside, height):
            log.info("written_lines.print", page=page, box=box, slant=lean, text=said[:60])
            continue  # italic or oblique print: a slogan, a closing, terms, an item's description
        log.info("written_lines.line", page=page, box=box, slant=lean, text=said[:60])
        out.append(Marking(box, 0.0, said, page, kind="written"))
    return out[:MAX_REGIONS]


def read_as_print(words: list[Word], height: float) -> bool:
    """Tesseract read every word of the line surely (``SURE_WORD``; specks under half a word height and marks
    without a letter or digit aside): print, upright or slanted. An italic font leans as a hand does, but a hand
    is read unsurely somewhere ("Pes." for "Pos.", "bitte" at 0.81), and a wrong word read surely is no
    hand's mark of a letter written apart. Nothing read is no print."""
    read = [w for w in words if any(ch.isalnum() for ch in w.text) and w.height >= 0.5 * height]
    return bool(read) and all(w.conf >= SURE_WORD for w in read)


def _letters(mask: np.ndarray, height: float) -> int:
    """Pieces of ink of a letter's size in ``mask`` (specks and rule remnants aside)."""
    n, _labels, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8), connectivity=8)
    return sum(1 for j in range(1, n) if 0.3 * height <= stats[j, 3] <= 2.5 * height and stats[j, 2] <= 4 * height)


def slant(mask: np.ndarray) -> float | None:
    """The lean of the letters in ``mask`` (degrees, positive leaning right), when they lean at least ``MIN_SLANT``
    and the column profile sheared upright is at least ``SHARPER`` times as sharp as the unsheared one; else None."""
    ink = mask.astype(np.uint8) * 255
    h, w = ink.shape
    pad = int(h * math.tan(math.radians(max(SLANTS)))) + 2
    scores = {}
    for deg in SLANTS:
        s = math.tan(math.radians(deg))
        m = np.float32([[1, s, pad - s * h / 2], [0, 1, 0]])
        sheared = cv2.warpAffine(ink, m, (w + 2 * pad, h), flags=cv2.INTER_NEAREST, borderValue=0)
        cols = sheared.sum(axis=0).astype(np.float64)
        scores[deg] = float(np.square(np.diff(cols)).sum())
    best = max(scores, key=lambda d: scores[d])
    if abs(best) < MIN_SLANT or scores[best] < SHARPER * scores[0]:
        return None
    return float(best)


def _inside(words: list[Word], box: tuple[int, int, int, int]) -> list[Word]:
    x, y, bw, bh = box
    return [w for w in words if x <= (w.x0 + w.x1) / 2 <= x + bw and y <= (w.y0 + w.y1) / 2 <= y + bh]
