"""Item codes wrapped at their hyphen in a narrow code cell (issue 23): a catalogue form's "SKU-" over
"1002", read as two words on two lines (on a standard fax often on rows of their own), are one code.

A word ending in a hyphen, in capitals and digits ("SKU-", "AB12-"), or digits alone in groups of three or more
("5598-": a customer's code, its rest then digits too), and the word starting under it
(within ``ALIGN`` word heights of its left edge, at most ``GAP`` heights lower) that is a code's rest
(capitals and digits, a digit in it) are joined, the box spanning both lines (only the first line's when the
row's numbers are printed on that line: cells aligned at their top); no other word may sit between them. A hyphenated word of text ("Einzel-" / "preis") is never joined: its rest has no digit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from extractors.capture.words import Word

ALIGN = 0.8  # word heights: the rest starts under the head's left edge
GAP = 1.5  # word heights: the most white between the head's foot and the rest's top
_HEAD = re.compile(r"^[A-Z][A-Z0-9./-]*[-–—]$")
_REST = re.compile(r"^[A-Z0-9][A-Z0-9./-]*$")
# a customer's code of digits ("5598-" over "1461", a Word table's narrow cell): groups of three digits or
# more only, so a number with a trailing minus ("10-", "12.50-") over the next row's is never one
_DIGIT_HEAD = re.compile(r"^\d{3,}(?:-\d{3,})*[-–—]$")
_DIGIT_REST = re.compile(r"^\d{3,}(?:-\d{3,})*$")


def join_wrapped_codes(words: Iterable[Word]) -> list[Word]:
    """``words`` with each code wrapped at its hyphen joined into one word, over as many lines as it was
    wrapped on ("LF-" / "2026-" / "5571"); a dash OCR made of the hyphen ("LF–") is a hyphen."""
    out = list(words)
    while True:
        joined = _join_once(out)
        if len(joined) == len(out):
            return joined
        out = joined


def _join_once(out: list[Word]) -> list[Word]:
    used: set[int] = set()
    joined: dict[int, Word] = {}
    for a, head in enumerate(out):
        digits = bool(_DIGIT_HEAD.match(head.text))
        if a in used or not (digits or _HEAD.match(head.text)):
            continue
        unit = max(head.height, 1.0)
        best: tuple[float, int] | None = None
        for b, rest in enumerate(out):
            if b == a or b in used or not _REST.match(rest.text) or not any(c.isdigit() for c in rest.text):
                continue
            if digits and not _DIGIT_REST.match(rest.text):
                continue
            gap = rest.y0 - head.y1
            if abs(rest.x0 - head.x0) > ALIGN * unit or not -0.4 * unit <= gap <= GAP * unit:
                continue
            if best is None or gap < best[0]:
                best = (gap, b)
        if best is None:
            continue
        rest = out[best[1]]
        if any(k not in (a, best[1]) and w.x0 < max(head.x1, rest.x1) and head.x0 < w.x1
               and head.cy < w.cy < rest.cy for k, w in enumerate(out)):
            continue  # a word between the two lines: not one code
        used.update((a, best[1]))
        bottom = head.y1 if _priced_line(out, head) else rest.y1
        joined[a] = Word(head.text[:-1] + "-" + rest.text, min(head.x0, rest.x0), head.y0, max(head.x1, rest.x1), bottom,
                         min(head.conf, rest.conf), head.page)
    return [joined.get(k, w) for k, w in enumerate(out) if k not in used or k in joined]


_AMOUNT = re.compile(r"^[$€£]?\d[\d.,]*$")


def _priced_line(words: list[Word], head: Word) -> bool:
    """Numbers printed right of the code's first line, on that line (a row whose cells start at their top: the
    quantity and prices stand beside the code's head, not between its lines): the joined code stands on that line
    (its box the head's height), so the row's words gather on it, not on its wrapped description's next line."""
    for w in words:
        overlap = min(w.y1, head.y1) - max(w.y0, head.y0)
        if w.x0 > head.x1 and overlap >= 0.6 * min(w.height, head.height) and _AMOUNT.match(w.text) \
                and abs(w.cy - head.cy) < 0.3 * head.height:
            return True
    return False
