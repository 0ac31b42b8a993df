"""A header value printed up to the page's edge (issue 18, forms): a borderless sheet exported to PDF lets a long
value run out of its cell past the last column printed on the page ("MB-2026-778899-LAGER-NORD" in the last column
of page 1); what shows of it ends at the paper's edge, and what the text layer holds past it is no print anyone read.
A PO number one of whose words reaches the page's right edge is held unread: its confidence 0 and a warning
``LAYOUT-CLIPPED-VALUE`` naming it (the order waits ``CONFIDENCE-LOW`` with ``po_number`` named), never sent on the
letters of the layer alone."""

from __future__ import annotations

from extractors.capture.words import PageWords, Word
from gateway.model import ExtractedOrder, Problem

EDGE = 1.0  # points from the page's right edge within which a word's end counts as reaching it
MIN_PART = 4  # characters of a PO a word must hold to be a part of it


def clipped_po(order: ExtractedOrder, pages: list[PageWords]) -> None:
    """Hold ``order``'s PO number unread when a word of it reaches the right edge of its page (as printed: a wide
    sheet's pages joined into one are weighed each on its own paper)."""
    po = (order.po_number or "").strip()
    if not po:
        return
    for page in (printed for joined in pages for printed in (joined.printed or (joined,))):
        for word in page.words:
            if word.x1 >= page.width - EDGE and _part_of_po(word, po, page.words):
                order.confidence["po_number"] = 0.0
                order.problems.append(Problem(
                    code="LAYOUT-CLIPPED-VALUE", severity="warning", element="po_number",
                    message=f"the PO number {po!r} runs to the right edge of page {page.page} (a value wider than "
                            f"its cell, cut by the paper's edge): what is printed of it cannot be told; a person "
                            f"reads it"))
                return


def _part_of_po(word: Word, po: str, words: tuple[Word, ...] | list[Word]) -> bool:
    """``word`` is the PO or its start ("MB-2026-778899-LAGER-NORD", "MB-2026-77"), or a later part of it printed on
    the PO's own row right of the PO's start ("MB-2026-" | "778899"). A part of the PO elsewhere on the page (the year
    "2026" of a place-and-date line, "München, 2. Dezember 2026") is no part of it."""
    text = word.text.strip()
    if len(text) < MIN_PART:
        return False
    if po in text or po.startswith(text):
        return True
    return text in po and any(
        other is not word and other.x1 <= word.x0 and po.startswith(other.text.strip())
        and len(other.text.strip()) >= MIN_PART and _same_row(other, word) for other in words)


def _same_row(a: Word, b: Word) -> bool:
    return min(a.y1, b.y1) - max(a.y0, b.y0) > 0.5 * min(a.y1 - a.y0, b.y1 - b.y0)
