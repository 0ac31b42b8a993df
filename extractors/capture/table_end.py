"""Whether an OCR'd order's item table may go on past the pages received (issue 23, class D).

A form without a printed total has nothing to count its lines by: both OCR engines reading the same rows,
each at its list price and adding up (``gateway.stages.item_matching``), vouches that no row of the pages
*received* was missed, not that no page is missing. A fax whose page 2 never arrived reads like a complete
one-page order, so the agreement of the rows (``agreement.ROWS_AGREED``) is not taken when the pages say
more is to come: a page counter naming more pages than were received ("Page 1 of 2", "Seite 1 von 2",
"P. 1/2" in the sending machine's header line, "Page: 1 of 2", "Sheet 1 of 2", "Seite 1 (von 2)"), the last page
saying it goes on ("Continued on next page", "Fortsetzung auf Seite 2", "Übertrag"), or the last item row at the
foot of its page (the table filling the page down to ``FOOT``: it may go on overleaf). No counter found is no proof
that every page came: a form with no total and no counter still leans on the rows alone (review rev1 D2).
"""

from __future__ import annotations

import re

from extractors.capture.words import PageWords, group_rows
from extractors.locale_values import fold
from gateway.model import ExtractedOrder

FOOT = 0.8  # of the page's height: an item row ending below this fills the page to its foot
# a single letter labels a page only as a word of its own ("P.001/002", "S. 2/3"; not "Men's 1/2", "S 1/2 Zoll")
_LABEL = (r"(?:page|pages|seite|(?<!['\u2019])p(?=\s*\.|\s*\d)|pg|(?<!['\u2019])s(?=\s*\.)|bl|blatt|sheet|pagina|folio"
          r"|feuille)(?:\s*(?:no|nr|n°)\.?)?\.?\s*:?\s*")
COUNTER = re.compile(r"(?:\b" + _LABEL + r")?\b0?(\d{1,2})\s*\(?\s*(?:/|\bof\b|\bvon\b|\bsur\b|\bde\b|\bvan\b)\s*0?(\d{1,2})\b",
                     re.I)
LABELLED = re.compile(r"\b" + _LABEL + r"0?\d{1,2}\s*\(?\s*(?:/|of|von|sur|de|van)", re.I)
# a page saying the order goes on overleaf: "Continued on next page", "Fortsetzung auf Seite 2", "Übertrag", "suite au verso"
CONTINUES = re.compile(r"\b(?:continued|continues|to\s+be\s+continued|cont'?d|fortsetzung|fortgesetzt|ubertrag|suite\s+(?:au\s+verso|page)"
                       r"|carried\s+forward|carry\s+forward|a\s+reporter|report\s+(?:a\s+)?(?:la\s+)?page|vortrag"
                       r"|a\s+suivre|voir\s+page\s+suivante|see\s+next\s+page|next\s+page|nachste\s+seite|page\s+suivante)\b", re.I)


def may_go_on(order: ExtractedOrder, pages: list[PageWords]) -> bool:
    """The order's table may go on past ``pages`` (see the module docstring)."""
    return _pages_named(pages) > len(pages) or _at_foot(order, pages) or _says_it_continues(pages[-1:])


def _says_it_continues(pages: list[PageWords]) -> bool:
    """The last page received says the order goes on ("Continued on next page", "Fortsetzung auf Seite 2")."""
    return any(CONTINUES.search(fold(row.text)) for page in pages for row in group_rows(page))


def _pages_named(pages: list[PageWords]) -> int:
    """The most pages a page counter of ``pages`` names (0 when none): "Page 1 of 3", "1/3" alone in its
    phrase, "P.01/02" in a fax header line."""
    most = 0
    for page in pages:
        for row in group_rows(page):
            for phrase in row.phrases:
                text = " ".join(w.text for w in phrase.words)
                for m in COUNTER.finditer(text):
                    labelled = LABELLED.match(text[m.start():]) is not None
                    alone = m.group(0).strip() == text.strip()
                    if (labelled or alone) and 0 < int(m.group(1)) <= int(m.group(2)) <= 20:
                        most = max(most, int(m.group(2)))
    return most


# words before a counter that make it another thing's: a drawing's sheet ("Zeichnung 4711 Blatt 1/3")
_NO_PAGE = re.compile(r"\b(?:drawing|drawings|dwg|drg|zeichnung\w*|zchng|zeichn|plan|plans|dessin|schema|skizze|sketch)\b")
_SIZE_AFTER = re.compile(r"\s*(?:\"|''|zoll|inch|inches|in\b|pouces?|mm\b|cm\b|zip\b)")


def missing_pages(pages: list[PageWords], covers: tuple[int, ...] = ()) -> list[int]:
    """The page numbers a labelled page counter names that did not come ("Seite 1/3" and "Seite 3/3" received,
    or a fax header's "P.01/03" on the only page: [2] or [2, 3]); empty when the counters name no more pages
    than were received. Only a labelled counter counts ("Seite", "Page", "P.", "Blatt", "Sheet"): a "1/3" alone
    may be a fraction or a date's piece, "Men's 1/2 zip" a size, "drawing 4711, sheet 1 of 3" a drawing's sheet.
    Pages are counted by the numbers their counters name, not by how many came: a page sent twice, or a fax cover
    sheet (``covers``, its page numbers), stands in for no missing page (review revA D10); a page received with no
    counter read may be one of those not named."""
    named: dict[int, set[int]] = {}
    counted: dict[int, set[int]] = {}  # the pages received that carry a counter of each total
    for page in pages:
        for row in group_rows(page):
            for phrase in row.phrases:
                text = " ".join(w.text for w in phrase.words)
                for m in COUNTER.finditer(text):
                    if LABELLED.match(text[m.start():]) is None or _NO_PAGE.search(fold(text[:m.start()])) \
                            or _SIZE_AFTER.match(fold(text[m.end():])):
                        continue  # a drawing's sheet ("drawing 4711, sheet 1 of 3"), a size ("S. 1/2 Zoll")
                    n, total = int(m.group(1)), int(m.group(2))
                    if 0 < n <= total <= 20:
                        named.setdefault(total, set()).add(n)
                        counted.setdefault(total, set()).add(page.page)
    if not named:
        return []
    total = max(named)
    unnamed = [n for n in range(1, total + 1) if n not in named[total]]
    # a page received that carries no counter of that total may be one of the pages not named (its counter not
    # read); a page sent twice or a cover sheet is not: "P.001/002" twice, or a cover and "P.001/002", lacks page 2
    # a page with no counter before the first page counted (a cover sheet not recognised as one) is no later page
    first = min(p.page for p in pages if p.page in counted[total])
    before_first = any(n < min(named[total]) for n in unnamed)
    uncounted = [p.page for p in pages if p.page not in counted[total] and p.page not in covers
                 and (p.page > first or before_first)]
    return unnamed if len(unnamed) > len(uncounted) else []


def _at_foot(order: ExtractedOrder, pages: list[PageWords]) -> bool:
    heights = {p.page: p.height for p in pages}
    bottoms = [(b.page, b.y + b.h) for line in order.lines for b in line.boxes.values()]
    if not bottoms or not heights:
        return False
    page, bottom = max(bottoms)
    return page in heights and bottom > FOOT * heights[page]
