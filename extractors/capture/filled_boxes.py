"""Text cut at the edge of its box: a form field whose value is longer than the field.

A browser prints an ``<input>`` (or any box with hidden overflow) with only what fits: "…, Dublin 12,
D12 R2C7" in a field too narrow shows "…, Dublin 12", and the Eircode is simply not in the PDF. What
is printed then reads as a complete address. A line of text that starts at its box's left padding and
ends at its right padding (or runs past it, its last glyph cut), in a box one line high drawn as one shape (not a ruled table's cell, where
right-aligned numbers end at the edge by design), is taken as cut: its last word is listed in the
page's ``filled`` words, and a value read from it is doubted (``extractors.capture.ship_to``).
"""

from __future__ import annotations

from extractors.capture.words import Word

PAD = 9.0  # reference units: a field's padding and border at most, on either side


def filled_boxes(words: list[Word], boxes: list[tuple[float, float, float, float]]) -> tuple[Word, ...]:
    """The last word of each line that fills its box from its left padding to its right one."""
    out = []
    for x0, y0, x1, y1 in boxes:
        inside = [w for w in words if x0 <= w.x0 < x1 - PAD and y0 <= (w.y0 + w.y1) / 2 <= y1]
        if len(inside) < 2:
            continue
        first, last = min(inside, key=lambda w: w.x0), max(inside, key=lambda w: w.x1)
        if first.x0 - x0 <= PAD and last.x1 >= x1 - PAD and (x1 - x0) > 6 * last.height:  # a glyph cut in two too
            out.append(last)
    return tuple(out)
