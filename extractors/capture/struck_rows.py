"""Rows crossed out on a faxed or scanned page (issue 23, class 7): a line the customer struck through
before faxing must not be ordered as if it stood.

On a fax the stroke is ink like the letters: tesseract reads the words under it (the rule removal
before OCR even takes the stroke away), so the row reads as an ordinary item. Here each word of an
order line (the words inside the line's cells) is looked at on the page before its rules were removed:
a word is *struck* when a horizontal run of ink crosses its middle band (``BAND`` of its height) along
``COVER`` of its width inked (a fax's stroke breaks here and there; letters leave gaps between
strokes), over letters that leave most of the band's rows open (``SPARSE``: bold letters a fax blurred
together ink the whole band). A line at least half of
whose words of three characters and more are struck (``MIN_WORDS`` at least) is named ``LINE-STRUCK``
(held by default): whether it is ordered is for a person to say, never guessed. A struck row above every
line read, most of whose struck words are column titles, is the table's head under a stamp's edge, not a
line crossed out (issue 23, class F): it holds nothing. Underlines run under
the words, cell rules between rows: neither crosses a word's middle.
"""

from __future__ import annotations

import numpy as np

from extractors.capture.labels import label_key
from extractors.capture.layout_spec import GENERIC_SPEC
from extractors.capture.words import Word
from gateway.model import ExtractedOrder, Problem

BAND = (0.25, 0.8)  # of a word's height from its top
COVER = 0.9  # of a word's width: pixels of one row inked
MIN_WORDS = 2
SPARSE = 0.6  # of its pixels inked in the band's median row beside the stroke at most: a stroke over letters, not bold
# letters a fax blurred together (they ink most rows of their middle alike)
FILL = 0.9  # of the pixels just above and just below a word inked: the word sits on a dark fill
MIN_WIDTH = 18  # pixels of the page: a word narrower is not judged (a digit's own bar)


def struck_word(binary: np.ndarray, x0: float, y0: float, x1: float, y1: float) -> bool:
    """A horizontal run of ink (``binary``: ink 0) across the box's middle band, ``COVER`` of its width."""
    h, w = binary.shape
    bx0, bx1 = max(0, int(x0)), min(w, int(round(x1)))
    if bx1 - bx0 < MIN_WIDTH:
        return False
    top, bottom = y0 + BAND[0] * (y1 - y0), y0 + BAND[1] * (y1 - y0)
    band = binary[max(0, int(top)):min(h, int(round(bottom)) + 1), bx0:bx1] < 128
    if not band.size:
        return False
    if _on_fill(binary, bx0, bx1, y0, y1):
        return False  # light letters on a dark fill (a web page's menu bar, a table's shaded title): no stroke
    inked = band.mean(axis=1)  # a stroke inks nearly every pixel of its row; letters leave gaps between strokes
    # and a stroke is thin: bold letters a fax blurred together ink most rows of their middle alike
    letters = inked[inked < COVER]  # the band's rows beside the stroke
    return bool(inked.max() >= COVER) and (not letters.size or float(np.median(letters)) <= SPARSE)


def _on_fill(binary: np.ndarray, bx0: int, bx1: int, y0: float, y1: float) -> bool:
    """The rows just above and just below the word's box are ink across its width (a dark band the word
    is printed on, light on dark): a stroke inks the word's middle only."""
    h = binary.shape[0]
    pad = max(2, int((y1 - y0) * 0.3))
    above = binary[max(0, int(y0) - pad):max(0, int(y0) - 1), bx0:bx1] < 128
    below = binary[min(h, int(round(y1)) + 2):min(h, int(round(y1)) + pad + 1), bx0:bx1] < 128
    return bool(above.size and below.size and above.mean() >= FILL and below.mean() >= FILL)


def struck_rows(words: list[Word], binary: np.ndarray, scale: float) -> list[tuple[float, float, list[str]]]:
    """The page's rows (words sharing a line, frame coordinates) at least half of whose words of three
    characters and more are struck, ``MIN_WORDS`` at least: (top, bottom, the struck words)."""
    rows: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.y0 + w.y1) / 2):
        mid = (w.y0 + w.y1) / 2
        if rows and abs(mid - sum((x.y0 + x.y1) / 2 for x in rows[-1]) / len(rows[-1])) <= (w.y1 - w.y0) / 2:
            rows[-1].append(w)
        else:
            rows.append([w])
    out = []
    for row in rows:
        judged = [w for w in row if sum(c.isalnum() for c in w.text) >= 3 and (w.x1 - w.x0) * scale >= MIN_WIDTH]
        struck = [w for w in judged if struck_word(binary, w.x0 * scale, w.y0 * scale, w.x1 * scale, w.y1 * scale)]
        if len(struck) >= MIN_WORDS and len(struck) * 2 >= len(judged):
            out.append((min(w.y0 for w in row), max(w.y1 for w in row), [w.text for w in struck]))
    return out


def struck_lines(order: ExtractedOrder, words_by_page: dict[int, list[Word]],
                 binaries: dict[int, tuple[np.ndarray, float]]) -> list[Problem]:
    """``LINE-STRUCK`` for each of ``order``'s lines crossed out, and once for a crossed-out row of the
    page no line was read from (it is not ordered: a person checks it should not be). ``words_by_page``:
    the page's words (frame coordinates); ``binaries``: per page, the image before its rules were removed
    and its pixels per frame pixel."""
    out = []
    for page, (binary, scale) in binaries.items():
        for top, bottom, texts in struck_rows(words_by_page.get(page, []), binary, scale):
            hit = [n for n, line in enumerate(order.lines) if any(
                b.page == page and b.y < bottom and top < b.y + b.h for b in line.boxes.values())]
            quoted = " ".join(texts)[:60]
            if not hit and _table_titles(texts) and _above_lines(order, page, bottom):
                continue  # a stamp's edge across the table's column titles: no row of items is crossed out
            if hit:
                out.extend(Problem(code="LINE-STRUCK", severity="warning", element=f"lines[{n}]",
                                   message=f"line {n + 1} is crossed out on the page ({quoted}): ordered or not, "
                                           "a person says") for n in hit)
            else:
                out.append(Problem(code="LINE-STRUCK", severity="warning", element="lines",
                                   message=f"a row crossed out on page {page} ({quoted}) was not read as a line: "
                                           "check it is not ordered"))
    return out


def _title_words() -> frozenset[str]:
    return frozenset(k for c in GENERIC_SPEC.table.columns for h in c.headers for w in h.split() if (k := label_key(w)))


TITLE_WORDS = _title_words()


def _table_titles(texts: list[str]) -> bool:
    """Most struck words are words of column titles ("Description", "Qty", "Unit price"): the table's head."""
    return 2 * sum(label_key(t) in TITLE_WORDS for t in texts) > len(texts)


def _above_lines(order: ExtractedOrder, page: int, bottom: float) -> bool:
    """The row ends above every line the order read on ``page`` (and the order read one there)."""
    tops = [b.y for line in order.lines for b in line.boxes.values() if b.page == page]
    return bool(tops) and bottom <= min(tops)
