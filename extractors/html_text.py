"""HTML mail bodies as plain text, for e-mails that come without a text/plain alternative.

Block elements (``p``, ``div``, ``br``, ``tr``, ``li``, headings) become line breaks, table cells are
separated by a tab (a row keeps its columns for ``extractors.body_columns``), ``script``/``style``/``head``
are dropped and entities are decoded, so an order typed in an Outlook HTML body reads line by line like
its plain-text twin. Built on the standard library's
tolerant ``html.parser``: broken markup never raises.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCK = frozenset({"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table",
                    "blockquote", "pre", "hr", "ul", "ol", "dd", "dt", "section", "article", "header",
                    "footer", "address"})
_SKIP = frozenset({"script", "style", "head", "title", "template"})
_CELL = frozenset({"td", "th"})
_BLANK_RUN = re.compile(r"\n{3,}")
_INLINE_SPACE = re.compile(r"[ \xa0]+")
_CELL_GAP = re.compile(r"[ \xa0]*\t[ \t\xa0]*")


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skipping += 1
        elif tag in _BLOCK:
            self.chunks.append("\n")
        elif tag in _CELL:
            self.chunks.append("\t")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK:
            self.chunks.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK:
            self.chunks.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.chunks.append(data.replace("\r", "").replace("\n", " "))


def html_to_text(html: str) -> str:
    """The readable text of an HTML document, one block per line."""
    collector = _TextCollector()
    try:
        collector.feed(html)
        collector.close()
    except Exception:  # html.parser is tolerant, but an assertion on odd markup must not stop us
        pass
    lines = (_CELL_GAP.sub("\t", _INLINE_SPACE.sub(" ", line)).strip()
             for line in "".join(collector.chunks).split("\n"))
    text = "\n".join(lines)
    return _BLANK_RUN.sub("\n\n", text).strip()
