"""Rows printed struck out: a cancelled line is still text in the PDF.

A browser or word processor prints ``text-decoration: line-through`` (a cancelled position, a
quantity crossed out by hand in a form) as a thin stroke through the middle of the words; the text
layer keeps every word, so the row reads as an ordinary item. A word whose middle band a thin
horizontal stroke crosses along most of its width is *struck*; an order line any of whose cells holds
a struck word is named (``LINE-STRUCK``, held by default): whether it is ordered is for a person to
say, never guessed. Underlines (a stroke under the words) and cell rules (between rows) are not strokes
through a word.
"""

from __future__ import annotations

from gateway.model import ExtractedOrder, Problem

from extractors.capture.words import PageWords, Word

THIN = 2.0  # points: a stroke is at most this high
BAND = (0.25, 0.8)  # of a word's height from its top: where a stroke through it runs
COVER = 0.8  # of a word's width the stroke covers


def strokes(page, scale: float) -> list[tuple[float, float, float]]:
    """Thin horizontal shapes of a pdfplumber page as (x0, x1, y) in reference units."""
    out = []
    for shape in list(page.rects) + list(page.lines):
        if shape["bottom"] - shape["top"] <= THIN and shape["x1"] - shape["x0"] > 2:
            out.append((shape["x0"] * scale, shape["x1"] * scale, (shape["top"] + shape["bottom"]) / 2 * scale))
    return out


def struck_words(words: list[Word], lines: list[tuple[float, float, float]]) -> tuple[Word, ...]:
    """The words a stroke runs through."""
    out = []
    for w in words:
        top, bottom = w.y0 + BAND[0] * w.height, w.y0 + BAND[1] * w.height
        width = max(w.x1 - w.x0, 1e-6)
        if any(top <= y <= bottom and (min(x1, w.x1) - max(x0, w.x0)) >= COVER * width for x0, x1, y in lines):
            out.append(w)
    return tuple(out)


def flag_struck_lines(order: ExtractedOrder, pages: list[PageWords]) -> None:
    """``LINE-STRUCK`` for each line of ``order`` with a struck word in one of its cells."""
    struck = [w for p in pages for w in p.struck]
    if not struck:
        return
    for n, line in enumerate(order.lines, 1):
        boxes = list(line.boxes.values())
        hit = [w for w in struck if any(b.page == w.page and b.x - 1 <= (w.x0 + w.x1) / 2 <= b.x + b.w + 1
                                        and b.y - 1 <= (w.y0 + w.y1) / 2 <= b.y + b.h + 1 for b in boxes)]
        if hit:
            shown = " ".join(w.text for w in hit[:6])
            order.problems.append(Problem(code="LINE-STRUCK", severity="warning", element=f"lines[{n}]",
                                          message=f"line {n} is printed struck through ({shown!r}): cancelled or "
                                                  f"ordered, a person says"))
