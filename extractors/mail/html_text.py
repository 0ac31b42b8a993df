"""HTML mail bodies as plain text, for e-mails that come without a text/plain alternative, or whose
text/plain alternative lost the order table the HTML holds.

Block elements (``p``, ``div``, ``br``, ``li``, headings...) become line breaks; ``script``, ``style``,
``head`` and elements hidden by ``display:none`` (a pre-header) are dropped; entities are decoded. A
table row becomes one line, its cells separated by a tab, so the row keeps its columns for
``extractors.mail.body_columns`` and ``extractors.sheet.text_cells`` (``tab_rows``):

* a data cell's own paragraphs and line breaks (Outlook's ``<p class=MsoNormal>`` in each cell, a shop's
  "<b>Name</b><br>Lieferzeit: 2-3 Tage") stay in that cell, joined by spaces: the row is never broken;
* a cell spanning columns (``colspan``) is followed by empty cells, and a cell spanning rows
  (``rowspan``) leaves an empty cell in the rows under it, so later cells keep their column;
* a cell holding a table of its own (an e-mail's layout tables), a row's only cell (a body wrapped in
  a table) and a cell of many lines or words (a signature beside a logo) are no data cells: their
  content is read as blocks, an inner table's rows as lines.

Text struck through (``s``, ``strike``, ``del``, ``text-decoration: line-through``) is kept between the
marks of ``extractors.mail.struck_text``, which the body reader takes out and names (``LINE-STRUCK``).

A reply's quoted history (a ``blockquote``: Gmail's ``gmail_quote``, Apple Mail's and Thunderbird's ``type=cite``;
everything under Outlook's ``divRplyFwdMsg`` header of a "RE:"/"AW:" message) is written with each line marked
"> ", as a plain-text reply quotes it, so the order reader never takes the older message for a new one; a
forwarded message ("Begin forwarded message:", a "FW:" subject) is kept as the order it is.

Built on the standard library's tolerant ``html.parser`` (a small tree, then rendered): broken markup
never raises; at most ``MAX_NODES`` elements are kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from extractors.mail.struck_text import CLOSE, OPEN

_BLOCK = frozenset({"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table",
                    "blockquote", "pre", "hr", "ul", "ol", "dd", "dt", "section", "article", "header",
                    "footer", "address", "thead", "tbody", "tfoot", "center", "dl"})
_SKIP = frozenset({"script", "style", "head", "title", "template"})
_VOID = frozenset({"br", "hr", "img", "meta", "link", "input", "col", "area", "base", "wbr", "source"})
_CELL = frozenset({"td", "th"})
_HIDDEN = re.compile(r"display\s*:\s*none", re.IGNORECASE)
_STRUCK = re.compile(r"line-through", re.IGNORECASE)
_BLANK_RUN = re.compile(r"\n{3,}")
_INLINE_SPACE = re.compile(r"[ \xa0\u200b\u200c\ufeff]+")
_CELL_GAP = re.compile(r"[ \xa0]*\t[ \xa0]*")
MAX_NODES = 200_000
MAX_SPAN = 20
MAX_CELL_BREAKS, MAX_CELL_WORDS = 4, 40  # a cell with more lines or words lays out text: read as blocks


@dataclass
class _Node:
    tag: str
    attrs: dict[str, str]
    children: list["_Node | str"] = field(default_factory=list)
    parent: "_Node | None" = None
    pending: dict[int, int] = field(default_factory=dict)  # a table's columns still covered by a rowspan


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("#root", {})
        self.current = self.root
        self.count = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.count >= MAX_NODES:
            return
        self.count += 1
        if tag in ("td", "th", "tr") and tag != "tr":
            self._close_open("td", "th", stop=("tr", "table"))  # an unclosed cell ends at the next cell
        if tag == "tr":
            self._close_open("tr", stop=("table",))
        node = _Node(tag, {k: v or "" for k, v in attrs}, parent=self.current)
        self.current.children.append(node)
        if tag not in _VOID:
            self.current = node

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.count < MAX_NODES:
            self.count += 1
            self.current.children.append(_Node(tag, {k: v or "" for k, v in attrs}, parent=self.current))

    def handle_endtag(self, tag: str) -> None:
        node: _Node | None = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data.replace("\r", "").replace("\n", " "))

    def _close_open(self, *tags: str, stop: tuple[str, ...]) -> None:
        node: _Node | None = self.current
        while node is not None and node.tag not in stop:
            if node.tag in tags and node.parent is not None:
                self.current = node.parent
                return
            node = node.parent


def _hidden(node: _Node) -> bool:
    return node.tag in _SKIP or bool(_HIDDEN.search(node.attrs.get("style", ""))) or "hidden" in node.attrs


def _struck(node: _Node) -> bool:
    return node.tag in ("s", "strike", "del") or bool(_STRUCK.search(node.attrs.get("style", "")))


def _has_table(node: _Node) -> bool:
    return any(isinstance(c, _Node) and not _hidden(c) and (c.tag == "table" or _has_table(c)) for c in node.children)


def _span(node: _Node) -> int:
    try:
        return max(1, min(MAX_SPAN, int(node.attrs.get("colspan", "1") or 1)))
    except ValueError:
        return 1


def _rows(node: _Node) -> int:
    try:
        return max(1, min(MAX_SPAN, int(node.attrs.get("rowspan", "1") or 1)))
    except ValueError:
        return 1


def _table_of(node: _Node) -> _Node | None:
    parent = node.parent
    while parent is not None and parent.tag != "table":
        parent = parent.parent
    return parent


def _inline(node: _Node, out: list[str]) -> None:
    """A data cell's text on one line: its blocks and breaks become spaces."""
    for child in node.children:
        if isinstance(child, str):
            out.append(child)
        elif not _hidden(child):
            if child.tag in _BLOCK:
                out.append(" ")
            out.append(OPEN if _struck(child) else "")
            _inline(child, out)
            out.append(CLOSE if _struck(child) else "")
            if child.tag in _BLOCK:
                out.append(" ")


_FORWARD_WORDS = re.compile(r"begin\s+forwarded\s+message|forwarded\s+message|message\s+transf[ée]r[ée]|d[ée]but\s+du\s+message"
                            r"|weitergeleitete\s+nachricht|anfang\s+der\s+weitergeleiteten", re.IGNORECASE)
_REPLY_SUBJECT = re.compile(r"(?:subject|objet|betreff)\s*:\s*(?:re|aw|r[ée]f|antw|sv)\s*:", re.IGNORECASE)


def _text_of(node: _Node) -> str:
    parts: list[str] = []
    _inline(node, parts)
    return _INLINE_SPACE.sub(" ", "".join(parts))


# The attribution a mail app writes over the message it quotes: "On Mon, 1 Dec 2026, Sales wrote:", "Le 4 déc. 2026
# à 09:00, Ventes a écrit :", "Am 01.12.2026 schrieb Vertrieb:" / "... hat geschrieben:"
_ATTRIBUTION = re.compile(r"(?:\bwrote|\ba\s+[ée]crit|\bschrieb|\bgeschrieben|\bnapisał|\bescribió)\s*:?\s*(?:>\s*)?$",
                          re.IGNORECASE)
_QUOTE_CLASSES = ("gmail_quote", "yahoo_quoted", "moz-cite", "protonmail_quote", "quote_container")


def _marked_history(node: _Node, before: str) -> bool:
    """A blockquote a mail app marked as a reply's history: Gmail's ``gmail_quote``, Yahoo's ``yahoo_quoted``,
    Apple Mail's and Thunderbird's ``type=cite`` (or a ``cite=`` address), or an attribution line ("On ... wrote:",
    "Le ... a écrit :", "Am ... schrieb") just before it or at its top. A bare blockquote is an indentation (Gmail's
    "Indent more", Outlook's "Increase indent"): the customer's own text."""
    attrs = node.attrs
    classes = attrs.get("class", "").lower()
    if any(name in classes for name in _QUOTE_CLASSES) or attrs.get("type", "").lower() == "cite" or "cite" in attrs:
        return True
    last = [ln for ln in before.split("\n") if ln.strip()][-1:]
    head = [ln for ln in _text_of(node)[:300].split("\n") if ln.strip()][:1]
    return any(_ATTRIBUTION.search(ln.strip()) for ln in [*last, *head])


def _quoted_reply(node: _Node, before: str = "") -> bool:
    """A reply's quoted history: a blockquote marked so (``_marked_history``) that is no forwarded message
    ("Begin forwarded message:" in it)."""
    return (node.tag == "blockquote" and _marked_history(node, before)
            or "yahoo_quoted" in node.attrs.get("class", "").lower()) \
        and not _FORWARD_WORDS.search(_text_of(node)[:400])


def _reply_header(node: _Node) -> bool:
    """Outlook's header over the message it replies to (``divRplyFwdMsg``: From/Sent/To/Subject: RE: ...)."""
    if node.attrs.get("id", "").lower() == "appendonsend":  # Outlook Web: the quoted message follows it
        return True
    return "divrplyfwdmsg" in node.attrs.get("id", "").lower() and bool(_REPLY_SUBJECT.search(_text_of(node)))


def _quoted(node: _Node, out: list[str]) -> None:
    """``node`` rendered with each line marked "> " as a plain-text reply quotes: the body reader leaves it out."""
    inner: list[str] = []
    if node.tag == "tr":
        _row(node, inner)
    else:
        _render(node, inner)
    out.append("\n" + "\n".join(f"> {ln}" if ln.strip() else ln for ln in "".join(inner).split("\n")) + "\n")


def _render(node: _Node, out: list[str]) -> None:
    replied = False  # under Outlook's reply header: the rest of the block is the older message
    for child in node.children:
        if isinstance(child, str):
            out.append(f"> {child}" if replied and child.strip() else child)
            continue
        if _hidden(child):
            continue
        if replied or _reply_header(child) or _quoted_reply(child, "".join(out[-40:])[-400:]):
            replied = replied or _reply_header(child)
            _quoted(child, out)
            continue
        if child.tag in ("br", "hr"):
            out.append("\n")
            continue
        if child.tag == "tr":
            out.append("\n")
            row: list[str] = []
            _row(child, row)
            out.append(f"{OPEN}{''.join(row)}{CLOSE}" if _struck(child) and "".join(row).strip() else "".join(row))
            out.append("\n")
            continue
        if child.tag in _BLOCK:
            out.append("\n")
        if _struck(child):  # marks on each line, so a struck block of lines is named line by line
            inner: list[str] = []
            _render(child, inner)
            out.append("\n".join(f"{OPEN}{ln}{CLOSE}" if ln.strip() else ln for ln in "".join(inner).split("\n")))
        else:
            _render(child, out)
        if child.tag in _BLOCK:
            out.append("\n")


def _breaks(node: _Node) -> int:
    return sum(1 + _breaks(c) if c.tag in _BLOCK else _breaks(c)
               for c in node.children if isinstance(c, _Node) and not _hidden(c))


def _layout_cell(cell: _Node, alone: bool) -> bool:
    """A cell that lays out text rather than holding a value: it holds a table, it is its row's only
    cell (a body wrapped in a table), or it holds a text of many lines or words."""
    if alone or _has_table(cell):
        return True
    parts: list[str] = []
    _inline(cell, parts)
    return _breaks(cell) > MAX_CELL_BREAKS or len("".join(parts).split()) > MAX_CELL_WORDS


def _row(tr: _Node, out: list[str]) -> None:
    cells = [c for c in tr.children if isinstance(c, _Node) and c.tag in _CELL and not _hidden(c)]
    if any(_layout_cell(c, len(cells) == 1) for c in cells):  # a layout row: its cells are blocks
        for cell in cells:
            out.append("\n")
            _render(cell, out)
            out.append("\n")
        return
    table = _table_of(tr)
    pending = table.pending if table is not None else {}
    texts: list[str] = []

    def covered() -> None:  # cells of earlier rows spanning down into this one keep their columns
        while pending.get(len(texts), 0) > 0:
            pending[len(texts)] -= 1
            texts.append("")
    for cell in cells:
        covered()
        parts: list[str] = []
        _inline(cell, parts)
        start = len(texts)
        value = _INLINE_SPACE.sub(" ", "".join(parts)).strip()
        texts.append(f"{OPEN}{value}{CLOSE}" if value and _struck(cell) else value)
        texts += [""] * (_span(cell) - 1)
        for col in range(start, len(texts)):
            if _rows(cell) > 1:
                pending[col] = _rows(cell) - 1
    covered()
    while texts and not texts[-1]:
        texts.pop()
    out.append("\t".join(texts))


def html_to_text(html: str) -> str:
    """The readable text of an HTML document, one block or table row per line."""
    builder = _TreeBuilder()
    try:
        builder.feed(html)
        builder.close()
    except Exception:  # html.parser is tolerant, but an assertion on odd markup must not stop us
        pass
    out: list[str] = []
    _render(builder.root, out)
    lines = (_CELL_GAP.sub("\t", _INLINE_SPACE.sub(" ", line)).strip(" ") for line in "".join(out).split("\n"))
    text = "\n".join(line if line.strip("\t ") else "" for line in lines)
    return _BLANK_RUN.sub("\n\n", text).strip()
