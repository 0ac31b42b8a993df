"""Words with boxes: the common currency between text layers, OCR and the layout step.

``pdf_text`` (pdfplumber) and ``ocr`` (tesseract) both produce ``PageWords``; ``layout`` reads
them. Coordinates are pixels of the page's *reference frame*: the image that
``extractors.capture.ocr.render_page_png(data, page)`` returns with its default ``max_width`` (see
``ocr.REFERENCE_WIDTH``), origin top left, y downwards. Page numbers are 1-based. Confidences are
0..1 (born-digital text is 1.0).

This module also owns the geometric grouping every reader needs: words into rows (by vertical
overlap) and rows into phrases (by horizontal gaps).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from statistics import median

from gateway.model import Box


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    conf: float = 1.0
    page: int = 1

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2


@dataclass(frozen=True)
class CellWord(Word):
    """A ruled cell's text as one word (``extractors.capture.ruled_cells``), with its printed ``lines`` top to
    bottom: where a wrapped description ends and a note typed under it in the same cell starts."""

    lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class CutCode(Word):
    """A code cut from the description's first word it was run into, where the code's own last letter may
    have gone to the description ("SKU-1004BStapler": SKU-1004 | BStapler, or SKU-1004B | Stapler):
    ``longer`` is the other reading, kept for master data to choose between."""
    longer: str = ""


@dataclass(frozen=True)
class PageWords:
    """The words of one page and the size of its reference frame."""

    page: int
    width: float
    height: float
    words: tuple[Word, ...]
    tables: tuple = ()  # ruled tables of a text layer (``extractors.capture.ruled_cells.RuledTable``)
    images: int = 0  # images drawn on a text-layer page (a scan under its text, or none)
    printed: tuple = ()  # the pages as printed, when a wide sheet's later pages were joined to this one
    struck: tuple = ()  # words a line is drawn through (a cancelled row printed struck out)
    marked: tuple = ()  # a reader's comments on the PDF other than a strike: (page, x0, y0, x1, y1, what)
    filled: tuple = ()  # words ending a line of text that fills its drawn box (a form field): cut at its edge
    crossed: tuple = ()  # words printed across a cell's border (``crossed_borders``): run into the next cell or cut
    slanted: str = ""  # large letters printed across the page at an angle (a watermark: ``watermarks``)
    marks: str = ""  # a draft's, copy's or cancelling word printed small at an angle or in grey (``watermarks.small_marks``)


@dataclass(frozen=True)
class Phrase:
    """Words of one row that sit close together: a cell, a label, a value."""

    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def y0(self) -> float:
        return min(w.y0 for w in self.words)

    @property
    def y1(self) -> float:
        return max(w.y1 for w in self.words)

    @property
    def conf(self) -> float:
        return min(w.conf for w in self.words)

    @property
    def page(self) -> int:
        return self.words[0].page


@dataclass(frozen=True)
class Row:
    """Words sharing a baseline band, left to right, split into phrases."""

    page: int
    words: tuple[Word, ...]
    phrases: tuple[Phrase, ...] = field(default=())
    cells: tuple[tuple[float, float], ...] = ()  # a ruled row: the x-extent of each word's cell

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def y0(self) -> float:
        return min(w.y0 for w in self.words)

    @property
    def y1(self) -> float:
        return max(w.y1 for w in self.words)


def box_of(words: tuple[Word, ...] | list[Word]) -> Box:
    """The box around some words (all on one page)."""
    x0 = min(w.x0 for w in words)
    y0 = min(w.y0 for w in words)
    return Box(page=words[0].page, x=round(x0, 1), y=round(y0, 1),
               w=round(max(w.x1 for w in words) - x0, 1), h=round(max(w.y1 for w in words) - y0, 1))


def typical_height(words: tuple[Word, ...] | list[Word]) -> float:
    """Median word height, a unit for gaps and tolerances."""
    heights = [w.height for w in words if w.height > 0]
    return median(heights) if heights else 10.0


def group_rows(page: PageWords, gap_factor: float = 0.9) -> list[Row]:
    """Rows of a page, top to bottom, each split into phrases at gaps wider than ``gap_factor``
    x the typical word height.

    Words are chained left to right: a word joins the row whose last word ends to its left and
    overlaps it vertically by at least half the smaller height. So two columns with their own
    line pitch (a letterhead beside a label block) do not mix, and a slightly skewed line stays
    one row."""
    if not page.words:
        return []
    unit = typical_height(page.words)
    chains: list[list[Word]] = []
    for word in sorted(page.words, key=lambda w: (w.x0, w.cy)):
        best = _best_chain(chains, word, unit)
        if best is None:
            chains.append([word])
        else:
            best.append(word)
    chains.sort(key=lambda c: (median(w.cy for w in c), c[0].x0))
    return [_make_row(page.page, chain, unit * gap_factor) for chain in chains]


def _best_chain(chains: list[list[Word]], word: Word, unit: float) -> list[Word] | None:
    best, best_score = None, -math.inf
    for chain in chains:
        if chain[-1].x1 > word.x0 + unit * 0.5:
            continue
        # compare heights with the last real word: a dot or a speck says little about the line
        last = next((w for w in reversed(chain) if w.height >= 0.5 * unit), chain[-1])
        overlap = min(last.y1, word.y1) - max(last.y0, word.y0)
        if overlap < 0.5 * max(min(last.height, word.height), 1e-6):
            continue
        score = overlap / max(last.height, word.height, 1e-6) - (word.x0 - chain[-1].x1) / (unit * 40)
        if score > best_score:
            best, best_score = chain, score
    return best


def _make_row(page: int, words: list[Word], max_gap: float) -> Row:
    phrases: list[list[Word]] = [[words[0]]]
    for prev, word in zip(words, words[1:]):
        if word.x0 - prev.x1 > max_gap:
            phrases.append([word])
        else:
            phrases[-1].append(word)
    return Row(page=page, words=tuple(words), phrases=tuple(Phrase(tuple(p)) for p in phrases))


def page_text(rows: list[Row]) -> str:
    """The rows as plain text lines, for keyword and regex matching."""
    return "\n".join(r.text for r in rows)
