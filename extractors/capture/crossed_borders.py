"""A header value printed across its cell's border (issue 18, class 1: a PO overflowing a fixed-width cell).

A value too wide for its cell is printed over the next cell or clipped at the border: Chromium draws a
``white-space: nowrap`` PO past its cell ("552019" over the "3.2026" beside it), LibreOffice Calc clips
a left-aligned text at the border and drops the glyphs past it, and a right-aligned one at its left border
("3318204" printed "18204"). The text layer then holds a number run into the next cell's, or a number
short of its first or last digits; read as it stands it is a wrong PO that goes out.

The geometry says so: a letter cut by a vertical rule of the page (its glyph starting left of the rule
and ending right of it), or two letters touching on either side of a rule with no cell padding between
them (a cell's own text keeps its padding off the border: a right-aligned "2 500" and the "pièce" of the
next cell are not crossing). Such words are listed in the page's ``crossed`` words; a PO number
read from one of them is held (``PO-CELL-CROSSES``): which number it is, a person reads. A sheet printed
without cell borders gives no such rule: a text clipped there is not seen (the letters' own positions do not
tell a clipped cell from a whole one: right-aligned numbers of one width start where other columns' texts do).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from extractors.capture.words import PageWords, Word
from gateway.model import ExtractedOrder, Problem

CODE = "PO-CELL-CROSSES"
CUT = 0.3  # points a glyph reaches past a rule on each side to be cut by it
PADDED = 0.5  # points a cell's own text keeps off its border at least (Chromium, Calc, Writer pad 1.4 to 5)
TOUCH = 0.5  # points between two letters of one run of text
MIN_RULE = 5.0  # points a vertical rule is high at least (not a letter's stroke)

Rule = tuple[float, float, float]  # x, top, bottom (points)


def vertical_rules(edges: Sequence[dict]) -> list[Rule]:
    """The page's vertical rules (lines and the sides of rectangles) in points."""
    return [(float(e["x0"]), float(e["top"]), float(e["bottom"])) for e in edges
            if e.get("orientation") == "v" and float(e["bottom"]) - float(e["top"]) >= MIN_RULE]


def crosses(chars: Sequence[dict], rules: Sequence[Rule]) -> bool:
    """The letters of one word run across a vertical rule: cut by it, or touching on both sides of it with
    no padding. A border is the band of the rules drawn side by side at one place (a cell's right side, the next
    cell's left side, a border's two strokes): a glyph box ending inside the band cuts nothing (a ``cellpadding=0``
    cell whose number ends at its rule, the next cell's text after it)."""
    if not chars:
        return False
    middle = (min(c["top"] for c in chars) + max(c["bottom"] for c in chars)) / 2
    bands = _bands(sorted(x for x, top, bottom in rules if top <= middle <= bottom))
    for c in chars:
        if any(c["x0"] < lo - CUT and c["x1"] > hi + CUT for lo, hi in bands):
            return True  # a glyph cut in two by the border
    for a, b in zip(chars, chars[1:]):
        if not (a["text"].strip() and b["text"].strip()) or b["x0"] - a["x1"] > TOUCH:
            continue
        if any(a["x1"] >= lo - PADDED and b["x0"] <= hi + PADDED for lo, hi in bands):
            return True  # the text runs through the border
    return False


BAND = 1.6  # points between rules drawn side by side as one border (a 0.75 pt stroke's two sides, two cells' sides)


def _bands(xs: list[float]) -> list[tuple[float, float]]:
    """The borders of the rules at the given x (sorted): rules closer than ``BAND`` to each other are one."""
    bands: list[tuple[float, float]] = []
    for x in xs:
        if bands and x - bands[-1][1] <= BAND:
            bands[-1] = (bands[-1][0], x)
        else:
            bands.append((x, x))
    return bands


def _key(text: str) -> str:
    return re.sub(r"[\W_]", "", text).lower()


def crossed_po_problems(order: ExtractedOrder, pages: Sequence[PageWords]) -> list[Problem]:
    """``PO-CELL-CROSSES`` when the PO number read is (part of) a word printed across a cell's border, or
    such a word is part of it; the PO's confidence is then nothing."""
    po = _key(order.po_number or "")
    if len(po) < 3:
        return []
    hit: Word | None = next((w for page in pages for w in page.crossed
                             if len(_key(w.text)) >= 3 and (_key(w.text) in po or po in _key(w.text))), None)
    if hit is None:
        return []
    order.confidence["po_number"] = 0.0
    return [Problem(code=CODE, severity="error", element="po_number", message=(
        f"the PO number {order.po_number!r} is printed across its cell's border ({hit.text!r} runs into or is "
        f"cut by the next cell): its digits may be the next cell's or lost under it; a person reads the number"))]
