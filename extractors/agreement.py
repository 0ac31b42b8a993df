"""Reading a page by the agreement of two OCR engines (tesseract and RapidOCR).

The two engines fail in different places (tesseract: ``O`` for ``0``, ``8:15`` for ``8.15``,
item codes on standard faxes; RapidOCR: accents, hyphen read as dot, 9 as 0), so where they read
the same thing it is very likely right, and where they differ at least one is wrong.

``merge_page`` aligns the words of both engines by geometry: a tesseract word and a RapidOCR word
on the same row whose boxes overlap belong together, and overlapping words chain into a *cluster*
(one engine may split "1 742" where the other reads "1742"). Each cluster's texts are compared
with spaces removed:

* the same text: **agreement**, the words' confidence raised (doubt x ``AGREE``, at most
  ``AGREED_MAX``); the same letters but for accents (RapidOCR's model has no ``é``, ``ç``,
  ``ß``): tesseract's spelling, also agreed;
* different texts: **disagreement**; RapidOCR's reading is taken (better at digits and codes),
  unless tesseract's is the accented spelling of a near-same word; the confidence is multiplied
  by ``DISAGREE`` and the other reading is kept as the *alternative*;
* a word only one engine saw: kept, its confidence multiplied by ``SINGLE``.

The primary page (each disagreement resolved as above) and the alternative page (each resolved
the other way) both go through the layout step; an item row of the primary reading whose
quantity x price does not give the amount is replaced by the alternative's row at the same
place when that one adds up (``pick_rows``): the arithmetic confirms one of the two readings.
Master data confirms the rest downstream (``gateway.item_matching.score_order``: a known item
code, the customer's cross-reference, the list price).

``field_engines`` tells, per field of the final order, which engine read it ("both",
"rapidocr", "tesseract", with the other engine's reading when they disagreed); ``gateway
extract`` prints it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from extractors.locale_values import fold
from extractors.reread import line_adds_up
from extractors.words import PageWords, Word
from gateway.model import Box, ExtractedOrder, Extraction

AGREE = 0.35  # an agreed word's doubt is multiplied by this...
AGREED_MAX = 0.99  # ...up to this confidence (agreement vouches for the text, not for the label)
DISAGREE = 0.5
SINGLE = 0.85
MIN_Y_OVERLAP = 0.5  # of the smaller height: two words on the same row
MIN_X_OVERLAP = 0.3  # of the narrower width: two readings of the same place
ACCENT_LIKE = 0.8  # folded similarity above which tesseract's accented spelling is preferred
_SPACE = re.compile(r"\s+")

BOTH, RAPID, TESS = "both", "rapidocr", "tesseract"


@dataclass(frozen=True)
class Reading:
    """One word of the merged page, and where it came from."""

    word: Word
    source: str  # BOTH, RAPID or TESS
    other: str | None = None  # the other engine's text where the two disagreed


@dataclass(frozen=True)
class MergedPage:
    primary: PageWords
    alternative: PageWords
    readings: tuple[Reading, ...]
    agreed: int
    disagreed: int
    single: int


def merge_page(tess: PageWords, rapid: PageWords) -> MergedPage:
    """Both engines' words of one page (same frame) merged (see the module docstring)."""
    clusters = _clusters(list(tess.words), list(rapid.words))
    primary: list[Word] = []
    alternative: list[Word] = []
    readings: list[Reading] = []
    counts = {"agreed": 0, "disagreed": 0, "single": 0}
    for t_words, r_words in clusters:
        main, alt, source, other, kind = _resolve(t_words, r_words)
        counts[kind] += 1
        primary += main
        alternative += alt
        readings += [Reading(w, source, other) for w in main]
    page = tess.page
    return MergedPage(PageWords(page, tess.width, tess.height, tuple(primary)),
                      PageWords(page, tess.width, tess.height, tuple(alternative)), tuple(readings), **counts)


def _resolve(t_words: list[Word], r_words: list[Word]) -> tuple[list[Word], list[Word], str, str | None, str]:
    """(primary words, alternative words, source, the other reading, kind) of one cluster."""
    if not r_words:
        single = _scaled(t_words, SINGLE)
        return single, single, TESS, None, "single"
    if not t_words:
        single = _scaled(r_words, SINGLE)
        return single, single, RAPID, None, "single"
    t_text, r_text = _joined(t_words), _joined(r_words)
    if t_text == r_text or fold(t_text) == fold(r_text):
        conf = agreed_confidence(min(w.conf for w in t_words), min(w.conf for w in r_words))
        chosen = t_words if t_text != r_text and _accented(t_text) else r_words
        agreed = _with_conf(chosen, conf)
        return agreed, agreed, BOTH, None, "agreed"
    if _accented(t_text) and SequenceMatcher(None, fold(t_text), fold(r_text)).ratio() >= ACCENT_LIKE:
        main, alt, source, other = t_words, r_words, TESS, " ".join(w.text for w in r_words)
    else:
        main, alt, source, other = r_words, t_words, RAPID, " ".join(w.text for w in t_words)
    return _scaled(main, DISAGREE), _scaled(alt, DISAGREE), source, other, "disagreed"


def agreed_confidence(a: float, b: float) -> float:
    """Two engines read the same text with confidences ``a`` and ``b``."""
    best = max(a, b)
    return round(max(best, min(AGREED_MAX, 1 - (1 - best) * AGREE)), 4)


def _joined(words: list[Word]) -> str:
    return _SPACE.sub("", "".join(w.text for w in sorted(words, key=lambda w: w.x0)))


def _accented(text: str) -> bool:
    return any(ord(c) > 127 and c.isalpha() for c in text)


def _scaled(words: list[Word], factor: float) -> list[Word]:
    return [_set_conf(w, round(w.conf * factor, 4)) for w in words]


def _with_conf(words: list[Word], conf: float) -> list[Word]:
    return [_set_conf(w, conf) for w in words]


def _set_conf(w: Word, conf: float) -> Word:
    return Word(w.text, w.x0, w.y0, w.x1, w.y1, conf, w.page)


def _same_place(a: Word, b: Word) -> bool:
    y_overlap = min(a.y1, b.y1) - max(a.y0, b.y0)
    if y_overlap < MIN_Y_OVERLAP * max(min(a.height, b.height), 1e-6):
        return False
    x_overlap = min(a.x1, b.x1) - max(a.x0, b.x0)
    return x_overlap >= MIN_X_OVERLAP * max(min(a.x1 - a.x0, b.x1 - b.x0), 1e-6)


def _clusters(tess: list[Word], rapid: list[Word]) -> list[tuple[list[Word], list[Word]]]:
    """Groups of words read at the same place: union of overlapping tesseract/RapidOCR pairs."""
    n = len(tess)
    parent = list(range(n + len(rapid)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_top = sorted(range(len(rapid)), key=lambda j: rapid[j].y0)
    tops = [rapid[j].y0 for j in by_top]
    for i, t in enumerate(tess):
        for j in _near(by_top, tops, t):
            if _same_place(t, rapid[j]):
                parent[find(i)] = find(n + j)
    groups: dict[int, tuple[list[Word], list[Word]]] = {}
    for i, t in enumerate(tess):
        groups.setdefault(find(i), ([], []))[0].append(t)
    for j, r in enumerate(rapid):
        groups.setdefault(find(n + j), ([], []))[1].append(r)
    return list(groups.values())


def _near(by_top: list[int], tops: list[float], word: Word) -> list[int]:
    """RapidOCR words whose top lies within a few heights of ``word``'s (a cheap prefilter)."""
    from bisect import bisect_left, bisect_right

    reach = 3 * max(word.height, 1.0)
    return by_top[bisect_left(tops, word.y0 - reach):bisect_right(tops, word.y1 + reach)]


# --- rows and provenance ------------------------------------------------------------------


def pick_rows(first: Extraction, second: Extraction) -> int:
    """Item rows of ``first`` that do not add up, replaced by the row of ``second`` at the same
    place when that one does; returns how many."""
    if not first.orders or not second.orders:
        return 0
    a, b = first.orders[0], second.orders[0]
    taken = 0
    for i, line in enumerate(a.lines):
        if line_adds_up(line):
            continue
        twin = _twin(line.boxes, b.lines)
        if twin is not None and line_adds_up(twin):
            a.lines[i] = twin.model_copy(update={"line_no": line.line_no})
            taken += 1
    if b.total is not None and b.total != a.total and "total" in b.confidence and a.lines and all(
            ln.amount is not None for ln in a.lines) and sum(ln.amount for ln in a.lines) == b.total:
        a.total, a.confidence["total"], a.boxes["total"] = b.total, b.confidence["total"], b.boxes["total"]
    return taken


def _twin(boxes: dict[str, Box], candidates: list) -> object | None:
    mine = boxes.get("amount") or next(iter(boxes.values()), None)
    if mine is None:
        return None
    for other in candidates:
        box = other.boxes.get("amount") or next(iter(other.boxes.values()), None)
        if box and box.page == mine.page and abs((box.y + box.h / 2) - (mine.y + mine.h / 2)) < mine.h:
            return other
    return None


def field_engines(order: ExtractedOrder, readings: dict[int, tuple[Reading, ...]]) -> dict[str, object]:
    """Per field with a box: which engine read it (see the module docstring)."""
    out: dict[str, object] = {f: _engines_in(box, readings) for f, box in order.boxes.items()}
    out["lines"] = [{f: _engines_in(box, readings) for f, box in line.boxes.items()} for line in order.lines]
    return out


def _engines_in(box: Box, readings: dict[int, tuple[Reading, ...]]) -> str:
    inside = [r for r in readings.get(box.page, ()) if _centre_in(r.word, box)]
    if not inside:
        return "not read by either engine"
    sources = {r.source for r in inside}
    others = [f"{r.other!r}" for r in inside if r.other is not None]
    if sources == {BOTH}:
        return BOTH
    label = "+".join(s for s in (BOTH, RAPID, TESS) if s in sources)
    if others:
        return f"{label} (the other engine read {', '.join(dict.fromkeys(others))})"
    return f"{label} only" if len(sources) == 1 else f"{label} (part read by one engine only)"


def _centre_in(w: Word, box: Box) -> bool:
    cx, cy = (w.x0 + w.x1) / 2, (w.y0 + w.y1) / 2
    return box.x - 1 <= cx <= box.x + box.w + 1 and box.y - 1 <= cy <= box.y + box.h + 1
