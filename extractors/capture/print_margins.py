"""The lines a browser prints in a page's margins: not the document's words.

A page printed from Chromium's (or Firefox's) print dialog carries a header line (print date and
time, the page's ``<title>``) at the very top and a footer line (the page's address, "1/2" or
"Page 1 of 2") at the very bottom. Their words say nothing about the order: the page title may
read "Order confirmation" (a receipt's title), the print date looks like an order date, the
address may hold any word. ``strip_print_margins`` removes such a line from a text page when it
sits in the outer ``MARGIN`` of the page and carries the marks of the browser's line (a date with a
time of day, an address, a page counter); any other line there is kept, and so is a fax machine's
line (its sender number names the customer: ``extractors.capture.classify.FAX``).
"""

from __future__ import annotations

import re
from dataclasses import replace

from extractors.capture.classify import FAX
from extractors.capture.words import PageWords, Word

MARGIN = 0.04  # share of the page height at the top and at the bottom where the browser prints
DATE_TIME = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4},?\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AP]\.?M\.?)?", re.I)
ADDRESS = re.compile(r"^(?:https?|file)://\S+|^www\.\S+\.\w+", re.I)
PAGE_COUNTER = re.compile(r"^(?:\d+\s*/\s*\d+|(?:page|seite)\s+\d+\s+(?:of|von|sur)\s+\d+)$", re.I)


def strip_print_margins(page: PageWords) -> PageWords:
    """``page`` without the browser's header and footer lines (unchanged when it has none)."""
    top = [w for w in page.words if w.y1 <= page.height * MARGIN]
    bottom = [w for w in page.words if w.y0 >= page.height * (1 - MARGIN)]
    drop = {id(w) for line in _lines(top) + _lines(bottom) if _browser_line(line) for w in line}
    if not drop:
        return page
    return replace(page, words=tuple(w for w in page.words if id(w) not in drop))


def _lines(words: list[Word]) -> list[list[Word]]:
    """Words grouped by vertical overlap, each line left to right."""
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.y0, w.x0)):
        for line in lines:
            if w.y0 < line[0].y1 and line[0].y0 < w.y1:
                line.append(w)
                break
        else:
            lines.append([w])
    return [sorted(line, key=lambda w: w.x0) for line in lines]


def _browser_line(line: list[Word]) -> bool:
    """A print date with its time, a web or file address, or a page counter at the line's end."""
    text = " ".join(w.text for w in line)
    if FAX.search(text):
        return False
    if DATE_TIME.search(text) or any(ADDRESS.match(w.text) for w in line):
        return True
    tail = " ".join(w.text for w in line[-4:])
    return any(PAGE_COUNTER.match(" ".join(tail.split()[-n:])) for n in (1, 4))
