"""Short marks written by hand, upright, outside the item table, that the page's reading did not read as print:
"STOP !" beside the header, "x2" or "60 !" in the margin, a circled number, "ANNULÉ" written in capitals.

``stray_marks`` reads stamps and notes at an angle, joined-up pen strokes (``unread_strokes``) and large print
(``printed_urgency``); ``written_lines`` reads long lines whose letters lean. A short mark in upright letters
apart is none of these: too short for a written line, not joined, level. A hand writes such a mark larger than
the print beside it, so what is looked for here is ink of letters ``LARGE`` to ``TALL`` times the height of the
words the page's reading read surely (``MIN_SURE`` of them at least: on a page read poorly, specks and broken
letters read as words make the print look small) that no word of the page explains:

* the page's ink less the boxes of the words read surely at print size, and of large words read surely as a
  word of a document's title, four letters and more ("BESTELLUNG", "PURCHASE ORDER": the printed template, as a
  producer sets it large; a word written large by hand and read surely, "ERLEDIGT", is no title);
* split into pieces; a piece of a letter's shape (no wider than ``WIDE`` times its height) and of the large
  height is a mark's letter, a ring around a number included; pieces near each other (``JOIN`` word heights)
  are one mark, which needs two pieces at least ("x2", "60", "!" with its point: one lone piece is a bullet,
  a dash, a sign of the print);
* a mark with a running pen line in it (``STROKE_RUN`` word heights wide, thinly inked) is a signature or a
  joined-up note (``unread_strokes`` reads those), not a short mark;
* marks in the letterhead (a logo, the fax machine's header line), where a signature goes (beside or under
  its label or a letter's closing) are the template's.

The marks are ``Marking`` of kind "ink", with the text tesseract read in them if any; whether a mark lies
outside the item table and the header's fields is decided when the order is read
(``stray_marks.marking_problems``): a mark there holds ``MARKING-UNREAD``, as any marking that reads as
nothing known. Costs: array operations only, no OCR.
"""

from __future__ import annotations

import re

import cv2
import numpy as np
import structlog

from extractors.capture.stray_marks import (LETTERHEAD, MAX_REGIONS, STROKE_FILL, STROKE_RUN, SURE_WORD, Marking,
                                            _SIGNATURE, _where_signature_goes)
from extractors.capture.layout_spec import (BILLING_LABELS, NOT_ORDER_TITLES, ORDER_TITLES, REQUEST_TITLES,
                                            SECTION_ORDER_TITLES, TERMS_TITLES)
from extractors.capture.words import Word
from extractors.locale_values import fold

log = structlog.get_logger(__name__)

LARGE = 1.45  # of the page's median word height: a mark's letters are at least this tall...
TALL = 5.0  # ...and at most this (a circled number's ring included; taller ink is a drawing, a rule's remnant)
WIDE = 2.0  # of a piece's height: a letter (or a ring) is no wider than this
JOIN = 1.2  # word heights: pieces this close are one mark
MIN_SURE = 12  # words read surely: fewer, and the page's print size is not known (a standard fax read poorly)
MIN_PIECES = 2  # letter-sized pieces of a mark (a large one among them)
MIN_INK = 0.08  # of a large piece's box: less is a frame's corner, a thin rule's remnant
_WORDLIKE = re.compile(r"[^\W\d_]{4,}")


def hand_marks(image: np.ndarray, words: list[Word], page: int) -> list[Marking]:
    """The short hand marks of one page (see the module docstring). ``image``: black ink on white, the rules taken
    out; ``words``: the page's reading, in its pixels."""
    texts = [w for w in words if sum(ch.isalnum() for ch in w.text) >= 1]
    sure = [w for w in texts if w.conf >= SURE_WORD and sum(ch.isalnum() for ch in w.text) >= 2]
    if len(sure) < MIN_SURE:
        return []  # a page read too poorly to know its print's size (specks and broken letters read as words)
    height = float(np.median([w.height for w in sure]))
    if height <= 0:
        return []
    page_h, page_w = image.shape
    ink = (image < 128).astype(np.uint8)
    in_line = _print_lines(words, height) | _title_lines(words, height)
    for w in words:
        if _explained(w, height) or id(w) in in_line:
            ink[max(0, int(w.y0) - 2):int(w.y1) + 3, max(0, int(w.x0) - 2):int(w.x1) + 3] = 0
    n, _labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    large = np.zeros_like(ink)
    small = np.zeros_like(ink)
    running = np.zeros_like(ink)
    for i in range(1, n):
        x, y, bw, bh, area = (int(v) for v in stats[i])
        if bw >= STROKE_RUN * height and 0.6 * height <= bh and area <= STROKE_FILL * bw * bh:
            running[y:y + bh, x:x + bw] = 1  # a pen line running on: a signature, joined-up writing
        elif LARGE * height <= bh <= TALL * height and bw <= WIDE * bh and area >= MIN_INK * bw * bh:
            large[y:y + bh, x:x + bw] = 1
        elif 0.15 * height <= bh <= TALL * height and bw <= TALL * height and area >= 4:
            small[y:y + bh, x:x + bw] = 1
    if not large.any():
        return []
    k = max(3, round(JOIN * height))
    grown = cv2.dilate(large, np.ones((k, k), np.uint8))
    m, marks, boxes, _ = cv2.connectedComponentsWithStats(grown, connectivity=8)
    signs = [w for w in texts if _SIGNATURE.search(fold(w.text).lower())]
    out: list[Marking] = []
    for j in range(1, m):
        x, y, bw, bh, _area = (int(v) for v in boxes[j])
        inside = marks[y:y + bh, x:x + bw] == j
        pieces = _count(large[y:y + bh, x:x + bw] & inside) + _count(small[y:y + bh, x:x + bw] & inside)
        if pieces < MIN_PIECES:
            continue
        box = (x, y, bw, bh)
        if y + bh <= LETTERHEAD * page_h:
            log.info("hand_marks.letterhead", page=page, box=box)
            continue
        if running[y:y + bh, x:x + bw].any():
            log.info("hand_marks.running", page=page, box=box)
            continue
        if any(_where_signature_goes(box, s, texts, height, page_w) for s in signs):
            log.info("hand_marks.signature", page=page, box=box)
            continue
        said = " ".join(w.text for w in sorted(_words_in(words, box), key=lambda w: (round(w.y0 / height), w.x0)))
        log.info("hand_marks.mark", page=page, box=box, text=said[:60])
        out.append(Marking(box, 0.0, said, page, kind="ink"))
    return out[:MAX_REGIONS * 2]


def _title_words() -> frozenset[str]:
    phrases = [*ORDER_TITLES, *REQUEST_TITLES, *SECTION_ORDER_TITLES, *TERMS_TITLES, *BILLING_LABELS,
               *(t for titles in NOT_ORDER_TITLES.values() for t in titles)]
    return frozenset(w for p in phrases for w in re.findall(r"[a-z]{3,}", fold(p).lower()))


TITLE_WORDS = _title_words()
# an order's title words, whose compounds are titles too ("NACHBESTELLUNG", "Sammelbestellung", "Bestellformular")
ORDER_TITLE_WORDS = frozenset(w for p in (*ORDER_TITLES, *SECTION_ORDER_TITLES)
                              for w in re.findall(r"[a-z]{6,}", fold(p).lower())) - {
    "detail", "details", "fournisseur", "summary", "uberblick", "formulaire", "recapitulatif"}


# a fax cover's printed heading, set large by its template
PRINT_WORDS = frozenset(("fax", "telefax", "faxnachricht", "telefaxnachricht", "facsimile", "telecopie", "telecopy",
                         "faxmitteilung", "faxmessage", "telefaxmitteilung"))


def _explained(w: Word, height: float) -> bool:
    """A word of the page's reading explains its ink: read surely, at print size, or large and a word of a
    document's title (its letters alone, four and more: "BESTELLUNG", "PURCHASE ORDER" set large by the producer),
    a compound holding one ("NACHBESTELLUNG", "Sammelbestellung"), or a fax cover's heading ("TELEFAX").
    A word written large by hand ("ERLEDIGT", "doppelt") read surely is no title: its ink stays."""
    if w.conf < SURE_WORD or not any(ch.isalnum() for ch in w.text):
        return False
    if w.height < LARGE * height:
        return True
    text = w.text.strip(".,:;")
    key = fold(text).lower()
    if key in PRINT_WORDS:
        return True  # "FAX" set large: three letters, a heading all the same
    if not _WORDLIKE.fullmatch(text):
        return False
    return key in TITLE_WORDS or any(key.startswith(t) or key.endswith(t) for t in ORDER_TITLE_WORDS)


LINE_SAME = 0.08  # of a word's height: large words of one printed line share their height and baseline this closely
LINE_GAP = 1.5  # word heights: and lie at most this far apart


def _print_lines(words: list[Word], height: float) -> set[int]:
    """The large words read surely as words of three letters and more that stand in a line of such words of one
    height on one baseline ("MÜLLER BÜROBEDARF" in 30 pt under the letterhead, "EINKAUF geprüft" of a printed
    stamp): a font's line of several words is print; a hand's word alone ("ERLEDIGT"), its digits ("x2", "60 !")
    and its letters of uneven height are not."""
    big = [w for w in words if w.conf >= SURE_WORD and w.height >= LARGE * height
           and re.fullmatch(r"[^\W\d_]{3,}", w.text.strip(".,:;/-"))]
    out: set[int] = set()
    for a in big:
        for b in big:
            if a is b or not (a.x1 <= b.x0 <= a.x1 + LINE_GAP * a.height):
                continue
            if abs(a.height - b.height) <= LINE_SAME * a.height and abs(a.y1 - b.y1) <= LINE_SAME * a.height:
                out |= {id(a), id(b)}
    return out


def _title_lines(words: list[Word], height: float) -> set[int]:
    """The large words read surely that make, on one line of one height, a title of several words whose short words
    the rule on single words leaves out ("BON DE COMMANDE", "ORDER FORM": "BON" and "DE" are a producer's title,
    not letters written by hand)."""
    big = sorted((w for w in words if w.conf >= SURE_WORD and w.height >= LARGE * height
                  and re.fullmatch(r"[^\W\d_]{2,}", w.text.strip(".,:;/-"))), key=lambda w: (w.y1, w.x0))
    out: set[int] = set()
    for a in big:
        line = [a]
        for b in sorted(big, key=lambda w: w.x0):
            last = line[-1]
            if last.x1 <= b.x0 <= last.x1 + LINE_GAP * last.height \
                    and abs(last.height - b.height) <= 2 * LINE_SAME * last.height \
                    and abs(last.y1 - b.y1) <= 2 * LINE_SAME * last.height:
                line.append(b)
        said = " ".join(fold(w.text.strip(".,:;/-")).lower() for w in line)
        if len(line) >= 2 and said in TITLE_PHRASES:
            out |= {id(w) for w in line}
    return out


TITLE_PHRASES = frozenset(fold(p).lower() for p in (*ORDER_TITLES, *REQUEST_TITLES, *SECTION_ORDER_TITLES)
                          if len(p.split()) >= 2)


def _count(mask: np.ndarray) -> int:
    n, _l, _s, _c = cv2.connectedComponentsWithStats(mask.astype(np.uint8), connectivity=8)
    return n - 1


def _words_in(words: list[Word], box: tuple[int, int, int, int]) -> list[Word]:
    x, y, bw, bh = box
    return [w for w in words if x <= (w.x0 + w.x1) / 2 <= x + bw and y <= (w.y0 + w.y1) / 2 <= y + bh]
