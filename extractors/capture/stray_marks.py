"""Large marks over a faxed or scanned page that the page's reading did not read: stamps put on at an
angle ("STORNIERT", "VOID", "ANNULÉ", "CANCELLED", "DUPLICATE", "KOPIE") and notes written across the
page ("bitte schon bis 18.12. liefern!").

Tesseract reads a page row by row: a word written at 10 to 45 degrees is no row, so it is read as
specks or not at all, and the order went out as if the stamp were not there. Here the ink tesseract
did not account for (the page's ink less the boxes of the words it read surely) is grouped into
regions (letters a stroke apart joined); a region large enough to be a stamp or a written line
(``MIN_SPAN`` of the page width long, ``MIN_INK`` of its pixels inked) is turned level (its angle
found by the sharpest row profile, -``MAX_ANGLE``..+``MAX_ANGLE`` degrees) and read alone. A region
lying level (under ``LEVEL`` degrees) is text the page's reading had its chance at (a logo, a row
read weakly): not a marking.

What a marking says becomes the order's problem, held by default:

* a cancelling word ("STORNIERT", "STORNO", "VOID", "ANNULÉ", "CANCELLED", "UNGÜLTIG"): ``CANCEL-TYPED``;
* a copy's word ("DUPLICATE", "DUPLIKAT", "COPY", "KOPIE", "COPIE", "DUPLICATA"): ``COPY-MARKED``
  (a copy of an order sent before may be ordered twice);
* an urgency stamp ("URGENT", "EILT", "DRINGEND", "TRÈS URGENT", one OCR slip allowed in a word of six
  letters and more): no hold, the stamp's words become a note of the order (``marking_notes``), which the
  decide stage reads as for any note: the order is urgent (a negated stamp, "NICHT DRINGEND", a date or a number
  on the stamp, "EILT 15.12.2026", say more: ``MARKING-UNREAD``);
* another text a note reader names (``page_notes.note_problems``: a change, a question, a date): that;
* anything else, or nothing readable: ``MARKING-UNREAD``, the text read quoted: a person looks at
  the page before it goes;
* but a region lying wholly in the letterhead (the page's top ``LETTERHEAD``) that reads no stamp's
  word is a slanted logo or signet, no marking: logged, not held. A stamp put there unreadably is
  missed: stamps go on the order's body, logos over the letterhead.

A stamp's frame (a box, a double box, a rounded one), turned level with it, can make tesseract read the crop
as a picture and no letter in it: a region that reads no stamp's word is read again without its frame's long
straight strokes (``unframed``) before it is held as unread.

Costs: the search is a few array operations per page; each region is read once or twice (its crop
alone, at most ``MAX_REGIONS`` per page), so a page without markings costs no OCR at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

import cv2
import numpy as np
import structlog

from extractors.locale_values import fold
from extractors.capture.ship_to import edit_distance
from extractors.capture.words import Word
from gateway.model import ExtractedOrder, Problem

log = structlog.get_logger(__name__)

MIN_SPAN = 0.15  # of the page width: the longest side of a region that may be a marking
MIN_INK = 0.0008  # of the page's pixels: inked pixels of such a region
SURE_WORD = 0.85  # a word tesseract read at least this surely explains its ink
MAX_ANGLE = 50  # degrees either way a marking is looked for at
LEVEL = 4.0  # degrees: a region lying level is text, not a marking
MAX_REGIONS = 3
FRAME_SPAN = 0.5  # of a level stamp's ink width: a row this inked is its frame's top or bottom
FRAME_SIDE = 0.8  # of the height between its top and bottom: a column this inked is its frame's side
FRAME_EDGE = 0.3  # of its width (height): where a frame's sides lie, outside its letters
LETTERHEAD = 0.18  # of the page height: a region ending above this is in the letterhead (a slanted logo,
# a signet): held only when it reads a stamp's word
JOINS = (1 / 60, 1 / 100)  # of the page width: ink this close is one region (words of a note; a stamp's
# letters alone, should the wider join have run it into the table beside it)
CANCEL_WORDS = ("storniert", "storno", "stornierung", "void", "annule", "annulee", "annulation", "cancelled",
                "canceled", "cancellation", "ungultig", "ungueltig", "invalid")
# The words the decide stage's priority rules read as urgent (``PrioritySection.urgent_words``): a stamp of another
# word ("IMMEDIAT") or a negated one ("NICHT EILT") is read by a person (review S8)
URGENT_WORDS = ("urgent", "urgente", "eilt", "eilig", "dringend", "rush", "asap", "express", "sofort", "spoed",
                "prioritaire")
URGENT_KEEP = ("tres", "sehr", "very", "molto")  # an urgency stamp's other words: the intensifier
STROKE_RUN = 3.0  # of the page's word height: a piece of ink this wide, one pen line, is joined-up writing
STROKE_TALL = 4.0  # of the word height: taller pieces are drawings, logos, boxes
STROKE_FILL = 0.3  # of a piece's box: pen lines fill little of it (a bold printed word run together fills more)
STROKE_NOTE = 5.0  # of the word height: written words this long on one row are a note
LOGO_SPAN = 0.15  # of the page width: writing in the letterhead no wider is a logo's line art (a fax breaks its ring)
ONE_LINE = 0.85  # of a written run's width: one piece of ink this wide makes it one pen line (a signature)
UNDER_RIGHT = 0.4  # of the page width: a signature under its label or closing starts no further right of it
_SIGNATURE = re.compile(r"unterschrift|signature|^signed?\W*$|^sign\W*$|gezeichnet|stempel|cachet|^i\.?[av]\.?$"
                        r"|^ppa?\.?$|^visa\W*$"
                        r"|gru(?:ss|ß)e|regards|cordialement|sincerely|salutations|hochachtungsvoll|distingu")  # a letter's
# closing ("Mit freundlichen Grüßen", "Kind regards", "Cordialement"): the hand under it signs
STRICT_URGENT = ("urgent", "urgente", "eilt", "eilig", "dringend")  # a level stamp's or large print's urgency words
STAMP_TALL = 6.0  # of the page's word height: taller pieces are no stamp's letters (a drawing, a frame's side)
LARGE_PRINT = 1.6  # of the page's median word height: letters this tall are a stamp's or a title's, not the print's
COPY_WORDS = ("duplicate", "duplikat", "duplicata", "copy", "kopie", "copie", "zweitschrift", "doublon")


@dataclass(frozen=True)
class Marking:
    """A region of unread ink: its box (pixels of the image searched), its angle, and what it read."""

    box: tuple[int, int, int, int]
    angle: float
    text: str
    page: int
    letterhead: bool = False  # the region lies in the page's top ``LETTERHEAD``
    kind: str = "marking"  # "strokes": joined-up writing the page's reading did not read (``unread_strokes``);
    # "written": a line written by hand in letters apart (``written_lines``), never read as a stamp's words;
    # "ink": a short mark written by hand in large upright letters (``hand_marks``), held only outside the table
    frame_box: tuple[float, float, float, float] | None = None  # x0, y0, x1, y1 in the order's boxes' pixels


def find_regions(image: np.ndarray, words: list[Word], join: float = 1 / 60
                 ) -> list[tuple[tuple[int, int, int, int], np.ndarray]]:
    """Regions of ink (``image``: black ink on white) that the surely read ``words`` (boxes in the
    pixels of ``image``) do not cover, largest first, as (box x, y, w, h; the region's ink mask); ink
    up to ``join`` of the page width apart is one region."""
    h, w = image.shape
    ink = (image < 128).astype(np.uint8)
    for word in _sure(words):
        ink[max(0, int(word.y0) - 2):int(word.y1) + 3, max(0, int(word.x0) - 2):int(word.x1) + 3] = 0
    k = max(3, round(w * join))
    joined = cv2.dilate(ink, np.ones((k, k), np.uint8))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    out = []
    for i in range(1, n):
        x, y, bw, bh, _ = stats[i]
        if max(bw, bh) < MIN_SPAN * w:
            continue
        mask = (labels[y:y + bh, x:x + bw] == i) & (ink[y:y + bh, x:x + bw] > 0)
        if int(mask.sum()) < MIN_INK * h * w:
            continue
        out.append(((int(x), int(y), int(bw), int(bh)), mask))
    out.sort(key=lambda r: -int(r[1].sum()))
    return out[:MAX_REGIONS]


def _sure(words: list[Word]) -> list[Word]:
    return [w for w in words if w.conf >= SURE_WORD and sum(c.isalnum() for c in w.text) >= 2]


def level_angle(mask: np.ndarray) -> float:
    """The angle (degrees, counter-clockwise as ``cv2`` turns) that lays the region's ink in rows:
    the sharpest row profile of the ink turned -``MAX_ANGLE``..+``MAX_ANGLE``."""
    small = mask.astype(np.uint8) * 255
    scale = 300 / max(small.shape)
    if scale < 1:
        small = cv2.resize(small, (max(1, round(small.shape[1] * scale)), max(1, round(small.shape[0] * scale))),
                           interpolation=cv2.INTER_AREA)
    best, best_score = 0.0, -1.0
    for deg in range(-MAX_ANGLE, MAX_ANGLE + 1, 2):
        rows = turn(small, float(deg), fill=0).sum(axis=1).astype(np.float64)
        score = float(np.square(np.diff(rows)).sum())
        if score > best_score:
            best, best_score = float(deg), score
    return best


def turn(image: np.ndarray, deg: float, fill: int = 255) -> np.ndarray:
    """``image`` turned ``deg`` degrees counter-clockwise on a canvas large enough to hold it whole."""
    h, w = image.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), deg, 1.0)
    c, s = abs(m[0, 0]), abs(m[0, 1])
    nw, nh = int(h * s + w * c) + 1, int(h * c + w * s) + 1
    m[0, 2] += nw / 2 - w / 2
    m[1, 2] += nh / 2 - h / 2
    return cv2.warpAffine(image, m, (nw, nh), flags=cv2.INTER_NEAREST, borderValue=fill)


def read_markings(image: np.ndarray, words: list[Word], source: np.ndarray, scale: float, page: int,
                  read: Callable[[np.ndarray], str], level_stamps: bool = True) -> list[Marking]:
    """The markings of one page. ``image`` is the page tesseract read (black ink on white) and
    ``words`` its words in those pixels; ``source`` the same page before its rules were taken out
    (a stamp's thick letters lose strokes to the rule removal), ``scale`` its pixels per pixel of
    ``image``; ``read`` recognises a crop (tesseract, one block)."""
    out: list[Marking] = []
    regions = [r for join in JOINS for r in find_regions(image, words, join)]
    print_height = float(np.median([w.height for w in words])) if words else 0.0
    for (x, y, w, h), mask in regions:
        if len(out) >= MAX_REGIONS or any(_inside((x, y, w, h), m.box) for m in out):
            continue
        angle = level_angle(mask)
        cx0, cy0, cx1, cy1 = x, y, x + w, y + h  # what is read: the region, or a level stamp's letters alone
        if abs(angle) < LEVEL:
            letters = _level_stamp_ink(mask, print_height) if level_stamps else None
            if letters is None:
                continue
            pad = round(0.5 * print_height)
            cx0, cy0 = max(x, x + letters[0] - 2 * pad), max(y, y + letters[1] - pad)
            cx1, cy1 = min(x + w, x + letters[2] + 2 * pad), min(y + h, y + letters[3] + pad)
        crop = _crop(source, words, scale, (cx0, cy0, cx1, cy1))
        if abs(angle) >= LEVEL:
            text = _read_turned(crop, angle, read)
        else:  # the stamp's letters alone, then the whole region (a letter the row missed)
            text = _read_level(crop, read)
            if not _level_stamp(text) and (cx0, cy0, cx1, cy1) != (x, y, x + w, y + h):
                text = _read_level(_crop(source, words, scale, (x, y, x + w, y + h)), read)
        log.info("stray_marks.region", page=page, box=(x, y, w, h), angle=angle, text=text[:60])
        if abs(angle) < LEVEL and not _level_stamp(text):
            continue  # level ink the page's reading was unsure of, saying no stamp's word: print read weakly
        out.append(Marking((x, y, w, h), angle, text, page, y + h <= LETTERHEAD * image.shape[0]))
    return out


def _crop(source: np.ndarray, words: list[Word], scale: float, box: tuple[int, int, int, int]) -> np.ndarray:
    """``box`` (x0, y0, x1, y1 in the searched page's pixels) of ``source``, the words the page's reading read
    surely whited out (they are not the marking's), with a white border."""
    x0, y0 = int(box[0] * scale), int(box[1] * scale)
    x1, y1 = int(box[2] * scale) + 1, int(box[3] * scale) + 1
    crop = source[y0:y1, x0:x1].copy()
    for word in _sure(words):
        crop[max(0, int(word.y0 * scale) - y0):max(0, int(word.y1 * scale) - y0 + 1),
             max(0, int(word.x0 * scale) - x0):max(0, int(word.x1 * scale) - x0 + 1)] = 255
    return cv2.copyMakeBorder(crop, 24, 24, 24, 24, cv2.BORDER_CONSTANT, value=255)


def _level_stamp_ink(mask: np.ndarray, print_height: float) -> tuple[int, int, int, int] | None:
    """Where, in a level region, a stamp put on straight (over a title, across the letterhead) may lie: the box
    (x0, y0, x1, y1 in the region's pixels) of its letters, pieces of its ink (specks aside) ``LARGE_PRINT`` to
    ``STAMP_TALL`` times as tall as the page's words, three at least, on one row; None when there are none (rows
    of small print the reading was unsure of, run together, are not read again). Only the letters' row is read,
    not the print around them."""
    if print_height <= 0 or mask.shape[0] < LARGE_PRINT * print_height:
        return None
    n, _labels, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8), connectivity=8)
    large = [stats[i] for i in range(1, n) if LARGE_PRINT * print_height <= stats[i, 3] <= STAMP_TALL * print_height
             and stats[i, 2] <= 2 * stats[i, 3] and stats[i, 4] >= 0.05 * print_height ** 2]
    if len(large) < 3:
        return None
    middle = float(np.median([b[1] + b[3] / 2 for b in large]))
    row = [b for b in large if b[1] <= middle <= b[1] + b[3]]  # the letters of one row (the stamp's)
    if len(row) < 3:
        return None
    return (int(min(b[0] for b in row)), int(min(b[1] for b in row)), int(max(b[0] + b[2] for b in row)),
            int(max(b[1] + b[3] for b in row)))


def _read_level(crop: np.ndarray, read: Callable[[np.ndarray], str]) -> str:
    """A level region's reading: as it is, then without a stamp's frame when that reads no stamp's word."""
    text = _clean(read(crop))
    if not _level_stamp(text):
        plain = unframed(crop)
        if plain is not crop:
            other = _clean(read(plain))
            if _level_stamp(other):
                text = other
    return text


def _level_stamp(text: str) -> bool:
    """A level region's reading says a stamp's word: cancelling, a copy's, or one of the strict urgency words (a
    letterhead's "Express" or "Rush" in a company name is no stamp)."""
    if stamp_kind(text):
        return True
    tokens = re.findall(r"[a-z]+", fold(text).lower())
    return any(_vocabulary_word(t, STRICT_URGENT) for t in tokens) or bool(_spaced_urgency(tokens))


def printed_urgency(words: list[Word], page: int, page_height: float = 0.0) -> list[Marking]:
    """Urgency words printed or stamped level in letters much larger than the page's print ("TRÈS URGENT" put on
    with a big rubber stamp or typed across the head, with no frame): the page's reading read them surely, but
    no reader of the order's fields takes them. A run of such large words on one row that is an urgency stamp
    is the order's note (``marking_notes``); one that holds a strict urgency word and says more ("URGENT bis
    15.12.") is a marking a person reads (``MARKING-UNREAD``), unless it lies in the letterhead and reads as no
    note (a company's name)."""
    texts = [w for w in words if sum(ch.isalnum() for ch in w.text) >= 1]
    if len(texts) < 8:
        return []
    median = float(np.median([w.height for w in texts]))
    large = sorted((w for w in texts if w.height >= LARGE_PRINT * median and w.conf >= 0.5),
                   key=lambda w: (w.y0, w.x0))
    runs: list[list[Word]] = []
    for w in large:
        for run in runs:
            last = run[-1]
            same_row = min(w.y1, last.y1) - max(w.y0, last.y0) > 0.5 * min(w.height, last.height)
            if same_row and 0 <= w.x0 - last.x1 <= 1.5 * max(w.height, last.height):
                run.append(w)
                break
        else:
            runs.append([w])
    out = []
    for run in runs:
        text = " ".join(w.text for w in run)
        tokens = re.findall(r"[a-z]+", fold(text).lower())
        if not any(_vocabulary_word(t, STRICT_URGENT) for t in tokens):
            continue
        box = (int(run[0].x0), int(min(w.y0 for w in run)), int(run[-1].x1 - run[0].x0),
               int(max(w.y1 for w in run) - min(w.y0 for w in run)))
        head = page_height > 0 and box[1] + box[3] <= LETTERHEAD * page_height  # a company's name ("Urgent Parts
        # Ltd") in the letterhead holds nothing unless it is an urgency stamp's words alone
        if head and _company_name(run, texts):
            log.info("stray_marks.letterhead_name", page=page, text=text[:60])
            continue
        log.info("stray_marks.printed_urgency", page=page, text=text[:60])
        out.append(Marking(box, 0.0, text, page, head))
    return out


def _company_name(run: list[Word], words: list[Word]) -> bool:
    """A run of large urgency words in the letterhead that is part of a name: its row, the words running on from it
    either side at any size ("Urgent" large, "Parts Ltd" in the name's smaller letters, or all of them large), holds a
    word that is no urgency stamp's ("Urgent Parts Ltd", "Eilig Kurier GmbH", "Dringend Transporte KG")."""
    line = list(run)
    grown = True
    while grown:
        grown = False
        for w in words:
            if w in line:
                continue
            near = any(min(w.y1, o.y1) - max(w.y0, o.y0) > 0.3 * min(w.height, o.height)
                       and max(w.x0 - o.x1, o.x0 - w.x1) <= 1.5 * max(w.height, o.height) for o in line)
            if near:
                line.append(w)
                grown = True
    tokens = re.findall(r"[a-z]{2,}", fold(" ".join(w.text for w in line)).lower())
    return any(not (_vocabulary_word(t, STRICT_URGENT) or t in URGENT_KEEP) for t in tokens)


def unread_strokes(image: np.ndarray, words: list[Word], page: int) -> list[Marking]:
    """Handwriting the page's reading read as nothing, or as nothing sure: a note written level across or beside
    the table in joined-up writing ("Bitte nur 25 Ordner liefern!" in a hand tesseract cannot read) went out as
    the printed order. Print on a fax is letters apart, each about as wide as tall; joined-up writing is pen
    strokes running on over several letters. So the ink no sure word of the page explains is split into its
    pieces, and a piece ``STROKE_RUN`` times as wide as the page's words are tall, of their height or taller
    (at most ``STROKE_TALL`` times), thinly inked (a line of pen, ``STROKE_FILL`` of its box at most), is
    writing; pieces of writing on one row make a written word or note, held when it runs ``STROKE_NOTE`` times
    the words' height. Writing beside a signature's label ("Unterschrift", "Signature", "i.A.") is the
    signature, no note, and so is writing beside a letter's closing ("Mit freundlichen Grüßen", "Kind regards",
    "Cordialement"). ``image``: black ink on white, the rules taken out; ``words`` in its pixels."""
    texts = [w for w in words if sum(ch.isalnum() for ch in w.text) >= 1]
    if len(texts) < 8:
        return []
    height = float(np.median([w.height for w in texts]))
    ink = (image < 128).astype(np.uint8)
    for word in _sure(words):
        ink[max(0, int(word.y0) - 2):int(word.y1) + 3, max(0, int(word.x0) - 2):int(word.x1) + 3] = 0
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    runs = np.zeros_like(ink)
    for i in range(1, n):
        x, y, bw, bh, area = (int(v) for v in stats[i])
        if bw >= STROKE_RUN * height and 0.6 * height <= bh <= STROKE_TALL * height \
                and area <= STROKE_FILL * bw * bh and bw <= 0.6 * image.shape[1]:
            runs[y:y + bh, x:x + bw] = 1
    if not runs.any():
        return []
    k = max(3, round(2 * height))
    m, _labels, boxes, _ = cv2.connectedComponentsWithStats(cv2.dilate(runs, np.ones((1, k), np.uint8)), connectivity=8)
    signs = [w for w in texts if _SIGNATURE.search(fold(w.text).lower())]
    money = [w for w in texts if _MONEY_WORD.search(w.text)]
    joined = cv2.dilate((image < 128).astype(np.uint8), np.ones((3, max(3, round(height / 4))), np.uint8))
    _n, piece_labels, piece_stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    pieces = (piece_labels, piece_stats)
    page_h = image.shape[0]
    out = []
    for j in range(1, m):
        x, y, bw, bh, _area = (int(v) for v in boxes[j])
        if bw < STROKE_NOTE * height:
            continue
        box = (x, y, bw, bh)
        if any(_where_signature_goes(box, s, texts, height, image.shape[1]) for s in signs):
            log.info("stray_marks.signature", page=page, box=box)
            continue
        one = _one_stroke(pieces, box, height)
        if (one or bw <= LOGO_SPAN * image.shape[1]) and y + bh <= LETTERHEAD * page_h:
            log.info("stray_marks.letterhead_logo", page=page, box=box)  # a line-art logo: a ring, a swoosh
            continue
        below_total = y > max((w.y1 for w in money if w.y1 < 0.85 * page_h), default=0.5 * page_h)
        if one and below_total:
            log.info("stray_marks.signature", page=page, box=box, label=False)  # one pen line under the order
            continue
        log.info("stray_marks.strokes", page=page, box=(x, y, bw, bh))
        out.append(Marking((x, y, bw, bh), 0.0, "", page, kind="strokes"))
    return out[:MAX_REGIONS]


_MONEY_WORD = re.compile(r"\d[.,]\d{2}$")


def _where_signature_goes(box: tuple[int, int, int, int], sign: Word, words: list[Word], height: float,
                          width: int) -> bool:
    """The writing in ``box`` stands where a signature goes for the label or closing ``sign`` ("Unterschrift:",
    "Kind regards,"): right of it on its row, a few word heights on; or under its row, starting no further left
    than the row and not far right of it. Writing at the closing's height across the page is a note."""
    x, y, bw, bh = box
    row = [w for w in words if abs((w.y0 + w.y1) / 2 - (sign.y0 + sign.y1) / 2) <= 0.5 * height]
    left, right = sign.x0, sign.x1
    for w in sorted(row, key=lambda w: -w.x1):  # the closing's words before the label: "Mit freundlichen Grüßen"
        if w.x1 <= left and left - w.x1 <= 2 * height:
            left = w.x0
    centre = y + bh / 2
    beside = abs(centre - (sign.y0 + sign.y1) / 2) <= 1.5 * height and right - height <= x <= right + 6 * height
    under = centre >= sign.y1 and y - sign.y1 <= 4 * height and left - 2 * height <= x <= right + UNDER_RIGHT * width
    return beside or under


def _one_stroke(pieces: tuple[np.ndarray, np.ndarray], box: tuple[int, int, int, int], height: float) -> bool:
    """The writing in ``box`` is one pen line: the page's ink (before its words were taken out), pieces a fax's
    breaks apart joined (``pieces``: labels and stats of the ink joined over a quarter of a word height), holds a
    piece that runs across ``ONE_LINE`` of the box (a signature, a logo's ring, a tail broken off it beside it; a
    note's words lie apart, each piece a word of it)."""
    labels, stats = pieces
    x, y, bw, bh = box
    found = {int(v) for v in np.unique(labels[y:y + bh, x:x + bw]) if v}
    if not found:
        return False
    widest = max(found, key=lambda i: stats[i][2])
    return stats[widest][2] >= ONE_LINE * bw and stats[widest][3] <= STROKE_TALL * height


def _said(text: str) -> bool:
    return bool(stamp_kind(text) or urgency_stamp(text))


def _read_turned(crop: np.ndarray, angle: float, read: Callable[[np.ndarray], str]) -> str:
    """What the region says: its crop turned level and read; should that read no stamp's word, turned the other
    way (the angle's sign, should the profile be unsure: the reading with more letters kept), then both without
    the stamp's frame (``unframed``: kept only when it reads a stamp's word; a note has no frame)."""
    text = _clean(read(turn(crop, angle)))
    if not _said(text):
        other = _clean(read(turn(crop, -angle)))
        if _said(other) or _letters(other) > _letters(text):
            text = other
    for deg in (angle, -angle):
        if _said(text):
            break
        level = turn(crop, deg)
        plain = unframed(level)
        if plain is level:
            continue  # no frame: nothing more to read
        other = _clean(read(plain))
        if _said(other):
            text = other
    return text


def unframed(image: np.ndarray) -> np.ndarray:
    """``image`` (black ink on white, turned level) without its stamp's frame, trimmed to what is left: a box or a
    double box, which tesseract reads as a picture and then reads no letter inside (the stamp was held
    ``MARKING-UNREAD`` with nothing read). A frame's side is a row of ink running ``FRAME_SPAN`` of the ink's width
    in its top or bottom ``FRAME_EDGE`` of its height, and a column in its left or right ``FRAME_EDGE`` of its
    width running ``FRAME_SIDE`` of the height between the frame's rows; without a top and a bottom, nothing is
    taken."""
    ink = image < 128
    n, _labels, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    if n < 2:
        return image
    x0, y0, w, h, _area = stats[1 + int(np.argmax(stats[1:, 2] * stats[1:, 3]))]  # the widest mark: the frame
    x0, y0, x1, y1 = int(x0), int(y0), int(x0 + w), int(y0 + h)
    w, h = x1 - x0, y1 - y0
    rows = np.flatnonzero(ink.sum(axis=1) >= FRAME_SPAN * w)
    rows = rows[(rows < y0 + FRAME_EDGE * h) | (rows >= y1 - FRAME_EDGE * h)]
    if not (rows < y0 + FRAME_EDGE * h).any() or not (rows >= y1 - FRAME_EDGE * h).any():
        return image  # a frame has a top and a bottom
    span = int(rows.max() - rows.min())
    cols = np.flatnonzero(ink.sum(axis=0) >= FRAME_SIDE * span)
    cols = cols[(cols < x0 + FRAME_EDGE * w) | (cols >= x1 - FRAME_EDGE * w)]
    out = image.copy()
    for r in rows:
        out[max(0, r - 2):r + 3, :] = 255
    for c in cols:
        out[:, max(0, c - 2):c + 3] = 255
    ys, xs = np.nonzero(out < 128)
    if not len(xs):
        return out
    out = out[max(0, ys.min() - 2):ys.max() + 3, max(0, xs.min() - 2):xs.max() + 3]
    return cv2.copyMakeBorder(out, 24, 24, 24, 24, cv2.BORDER_CONSTANT, value=255)


def _inside(box: tuple[int, int, int, int], other: tuple[int, int, int, int]) -> bool:
    """Most of ``box`` lies in ``other`` (or the other way round): the same marking found twice."""
    x0, y0 = max(box[0], other[0]), max(box[1], other[1])
    x1, y1 = min(box[0] + box[2], other[0] + other[2]), min(box[1] + box[3], other[1] + other[3])
    common = max(0, x1 - x0) * max(0, y1 - y0)
    return common > 0.5 * min(box[2] * box[3], other[2] * other[3])


def _clean(text: str) -> str:
    return " ".join(text.split())


def _letters(text: str) -> int:
    return sum(len(t) for t in re.findall(r"[^\W\d_]{3,}", text))


def stamp_kind(text: str) -> str | None:
    """"cancel" or "copy" when the text holds one of the stamp words (one OCR slip allowed in a word of
    six letters and more), else None."""
    for token in re.findall(r"[a-z]{3,}", fold(text).lower()):
        for kind, vocabulary in (("cancel", CANCEL_WORDS), ("copy", COPY_WORDS)):
            if any(token == word or (len(word) >= 6 and len(token) >= len(word) - 1 and _one_slip(token, word))
                   for word in vocabulary):
                return kind
    return None


def _vocabulary_word(token: str, vocabulary: tuple[str, ...]) -> str | None:
    """The word of ``vocabulary`` ``token`` is (one OCR slip allowed in a word of six letters and more)."""
    return next((word for word in vocabulary if token == word or (
        len(word) >= 6 and len(token) >= len(word) - 1 and _one_slip(token, word))), None)


def urgency_stamp(text: str) -> str | None:
    """The words of an urgency stamp ("EILT", "TRES URGENT") as the vocabulary spells them, upper case, when every
    word of ``text`` is an urgency word or an intensifier beside one; else None. A number is a word too: "EILT
    15.12.2026" says more than urgency (review S2)."""
    tokens = re.findall(r"[a-z]+|\d+", fold(text).lower())
    words = [_vocabulary_word(t, URGENT_WORDS) or (t if t in URGENT_KEEP else None) for t in tokens]
    if not tokens or None in words or not any(w in URGENT_WORDS for w in words):
        return _spaced_urgency(tokens)
    return " ".join(w for w in words if w).upper()


def _spaced_urgency(tokens: list[str]) -> str | None:
    """A stamp's letters read apart: "U R G E N T", "E I L T", "DRIN GEND" (a letter-spaced stamp, a gap in its
    ink): its letters run together are one urgency word, perhaps after its intensifier ("TRESURGENT"). Never
    with a number in it."""
    if not tokens or any(t.isdigit() for t in tokens) or len(tokens) < 2:
        return None
    compact = "".join(tokens)
    for keep in ("", *URGENT_KEEP):
        if compact.startswith(keep) and (word := _vocabulary_word(compact[len(keep):], URGENT_WORDS)):
            return f"{keep} {word}".strip().upper()
    return None


def marking_notes(markings: list[Marking]) -> list[str]:
    """The notes the page's urgency stamps add to its order (see the module docstring)."""
    return [f"stamp: {words}" for m in markings if (words := urgency_stamp(m.text))]


def _one_slip(a: str, b: str) -> bool:
    """At most one letter changed, added or lost between ``a`` and ``b``."""
    return edit_distance(a, b, cap=1) <= 1


def _note_like(text: str) -> bool:
    """A written note rather than a logo's name: three words and more, or a number in it ("nur 5 Stück", "20.12.")."""
    words = [w for w in re.findall(r"\w+", text) if len(w) >= 2 or w.isdigit()]
    return len(words) >= 3 or any(ch.isdigit() for ch in text)


def _the_items_words(text: str, order: ExtractedOrder) -> bool:
    """Every word of ``text`` (three at least, numbers too) is a word of the order's lines as read (descriptions,
    item codes): the table's own print ("Copy paper A4 80g (box of 5 reams)" in italic), no note. A note says
    something the lines do not ("nur 5", "statt 50", "bitte")."""
    said = re.findall(r"[a-z0-9]+", fold(text).lower())
    items = " ".join(f"{ln.description or ''} {ln.supplier_item or ''} {ln.customer_item or ''}" for ln in order.lines)
    known = set(re.findall(r"[a-z0-9]+", fold(items).lower()))
    return len(said) >= 3 and all(w in known for w in said)


def marking_problems(markings: list[Marking], order: ExtractedOrder | None) -> list[Problem]:
    """The order's problems for the page's markings (see the module docstring)."""
    from extractors.capture.page_notes import note_problems  # the note reader of printed pages

    out = []
    for m in markings:
        written = m.kind == "written"  # a line written by hand (``written_lines``): a sentence, no stamp
        if written and order is not None and _the_items_words(m.text, order):
            log.info("stray_marks.items_print", page=m.page, text=m.text[:60])
            continue  # an item's description printed in italic: read as the order's text already
        kind = None if written else stamp_kind(m.text)
        where = f"page {m.page}, at {m.angle:+.0f} degrees"
        if kind == "cancel":
            out.append(Problem(code="CANCEL-TYPED", severity="error", element="lines", segment=f"page {m.page}",
                               message=f"a stamp across the page ({where}) reads '{m.text[:60]}': the order may be cancelled"))
            continue
        if kind == "copy":
            out.append(Problem(code="COPY-MARKED", severity="error", element="po_number", segment=f"page {m.page}",
                               message=f"a stamp across the page ({where}) reads '{m.text[:60]}': a copy of an order "
                                       "sent before may be ordered twice"))
            continue
        if urgency_stamp(m.text):  # a note of the order (marking_notes): the order's priority, no hold
            continue
        named = note_problems([m.text], order, printed=True) if order is not None and _letters(m.text) >= 6 else []
        if named:  # the page's note reader may have named the same note already: once is enough
            told = [(p.code, p.message) for p in [*(order.problems if order is not None else []), *out]]
            out.extend(p for p in named if (p.code, p.message) not in told)
            continue
        if m.letterhead and not _note_like(m.text):  # a slanted logo or signet above the order: a name, no note
            log.info("stray_marks.letterhead", page=m.page, angle=m.angle, text=m.text[:60])
            continue
        if m.kind == "ink":
            if order is not None and _in_template(m, order):
                log.info("stray_marks.ink_in_table", page=m.page, box=m.box, text=m.text[:60])
                continue
            if any(p.code == "MARKING-UNREAD" and p.segment == f"page {m.page}" for p in out):
                continue  # the person looks at the page once
            said = f", read as {m.text[:40]!r}, unsurely" if m.text else ", not read"
            out.append(Problem(code="MARKING-UNREAD", severity="error", element="lines", segment=f"page {m.page}",
                               message=f"a short mark written by hand outside the item table on page {m.page} "
                                       f"(large upright letters near pixel row {m.box[1]}{said}) was not read as "
                                       "the order's text: a mark may cancel or change the order, look at the page"))
            continue
        if m.kind in ("strokes", "written"):
            if any(p.code == "MARKING-UNREAD" and p.segment == f"page {m.page}" and "handwriting" in p.message
                   for p in out):
                continue  # one note of joined-up writing per page: the person looks at the page once
            said = f", read as {m.text[:80]!r}, partly unsure" if m.text else ""
            what = "a line written in letters apart" if written else "pen strokes written level"
            out.append(Problem(code="MARKING-UNREAD", severity="error", element="lines", segment=f"page {m.page}",
                               message=f"handwriting on page {m.page} ({what}, near pixel row "
                                       f"{m.box[1]}{said}) was not read as the order's text: a written note may "
                                       "change the order, look at the page"))
            continue
        out.append(Problem(code="MARKING-UNREAD", severity="error", element="lines", segment=f"page {m.page}",
                           message=f"a large marking written across the page ({where}) was not read as the order's "
                                   f"text{': it reads ' + repr(m.text[:80]) if m.text else ''}: look at the page"))
    return out


def _in_template(m: Marking, order: ExtractedOrder) -> bool:
    """A hand mark (``hand_marks``) lies in the item table (between its first line's top and its last line's foot,
    two rows' height above for the titles, and between its lines' first and last cells: a margin beside it is
    outside) or on a header field read (its value printed large): the table's and the
    fields' readers read there."""
    return m.frame_box is not None and over_the_order(m.frame_box, m.page, order)


def over_the_order(box: tuple[float, float, float, float], page: int, order: ExtractedOrder) -> bool:
    """``box`` (x0, y0, x1, y1 in the order's boxes' pixels) on ``page`` lies in the item table (see
    ``_in_template``) or on a header field read."""
    x0, y0, x1, y1 = box
    rows = [b for ln in order.lines for b in ln.boxes.values() if b.page == page]
    if rows:
        pitch = max(min(b.h for b in rows), 1.0)
        top, foot = min(b.y for b in rows) - 2.5 * pitch, max(b.y + b.h for b in rows) + 0.5 * pitch
        left, right = min(b.x for b in rows) - pitch, max(b.x + b.w for b in rows) + pitch
        if y0 < foot and y1 > top and x0 < right and x1 > left:
            return True
    fields = [b for b in order.boxes.values() if b.page == page]
    return any(x0 < b.x + b.w and x1 > b.x and y0 < b.y + b.h and y1 > b.y for b in fields)
