"""A fax's cover sheet ahead of the order: its pages are no part of the order's header.

A fax often starts with a cover sheet ("Télécopie / Telefax / Fax cover", to, from, the number of
pages, the day it was sent). Read with the order, its "Date :" (the day the fax went out) competed
with the order's own "Date de commande" and won, and the order page's number under its title was
not looked for, the order's first page being the second (findings-t23 F-2). ``without_cover`` leaves
out the leading pages that are cover sheets: a page that names itself a cover sheet or counts the
pages sent ("Fax: +33 ..." alone is any letterhead's) and holds no line table, before a page that
does. The sender (the fax number on the cover) is still read from every page.
"""

from __future__ import annotations

import re

from extractors.capture.inferred_grid import item_like
from extractors.capture.table_cells import TableCtx
from extractors.capture.table_header import header_columns
from extractors.capture.words import Row
from extractors.locale_values import fold

# what only a cover sheet says: how many pages were sent, or that it is one; not "Fax: +33 ..." (every
# letterhead has that) nor "Page 1 of 2" (an order's own page footer)
COVER_CUES = re.compile(
    r"\b(?:nombre\s+de\s+pages|nb\.?\s+(?:de\s+)?pages|(?:number|no\.?)\s+of\s+pages|pages?\s*:\s*\d"
    r"|seiten(?:zahl)?\s*:\s*\d|anzahl\s+(?:der\s+)?seiten|pages?\s+(?:incl|including|y\s+compris)"
    r"|inkl\.?\s+deckblatt|cover\s*sheet|fax\s+cover|deckblatt|page\s+de\s+garde)")


def without_cover(rows: list[Row], ctx: TableCtx) -> tuple[list[Row], list[int]]:
    """``rows`` without the leading cover-sheet pages, and those pages' numbers."""
    pages = sorted({row.page for row in rows})
    table_pages = {row.page for row in rows if header_columns(row, ctx)}
    table_pages |= {page for page in pages if sum(item_like(row, ctx) for row in rows if row.page == page) >= 2}
    cover: list[int] = []
    for page in pages[:-1]:
        if page in table_pages or not any(p > page for p in table_pages):
            break
        text = fold(" ".join(row.text for row in rows if row.page == page))
        if not COVER_CUES.search(text):
            break
        cover.append(page)
    return [row for row in rows if row.page not in cover], cover
