"""Word documents (.docx, .odt) as rows of cells, in reading order, for the sheet table reader.

A Word order form is a few paragraphs (the title, "PO Number: X", a ship-to block) and one or more
tables. Each becomes rows of text cells, so the same column roles, header labels, totals and ship-to
logic as in sheets read it (``extractors.sheet.sheet.read_sheets``):

* a paragraph is a row of one cell; text separated by tabs ("PO Number:<tab>HOS-1") is one cell per
  tab stop; a line break inside a paragraph starts a row of its own (inside a table cell it stays
  inside the cell);
* a table row is a row of its cells in grid order: a cell spanning columns (``gridSpan``,
  ``number-columns-spanned``) holds its text in its first column and leaves the others empty, a cell
  continuing a vertical merge (``vMerge``, ``covered-table-cell``) is empty; a table nested in a cell
  gives its own rows right after the row holding it;
* text boxes (``w:txbxContent``, ``draw:text-box``) are rows of their own after the paragraph anchoring
  them; the ``mc:Fallback`` copy Word writes of each is skipped; content controls (``w:sdt``),
  sections and lists are read through;
* page headers come first and page footers last (PO numbers and dates often sit in the header).

The XML goes through the gateway's safe parser, after the zip's declared sizes were checked; the
raw XML is read rather than through python-docx, which exposes neither text boxes nor nested
tables in reading order and parses without the gateway's bounds. Deleted tracked changes
(``w:delText``, a table row whose ``w:trPr`` holds ``w:del``), the old place of a paragraph moved with
Track Changes (``w:moveFrom``: the text is read once, at its ``w:moveTo``) and field codes
(``w:instrText``) are not text. Text Word neither shows nor prints (a run with ``w:vanish``) and text
struck through (``w:strike``, ``w:dstrike``; in .odt, ``text:display="none"``, ``text:hidden-text`` and
line-through styles) are read all the same and collected in a ``Marks`` the reader turns into holds
(``extractors.office.word``): a line is never dropped on a guess. At most ``max_rows`` rows.
"""

from __future__ import annotations

import io
import re
import zipfile
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from extractors.base import Limits
from extractors.containers.archive_zip import check_declared
from extractors.xml.xmlsafe import local, parse_xml
from gateway.errors import ExtractionError

Row = list[Any]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TABLE_NS = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
TEXT_NS = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
MAX_SPAN = 60  # columns one merged cell may stand for
_PART = re.compile(r"^word/(header|footer)(\d*)\.xml$")


@dataclass
class Marks:
    """Text read from runs Word hides (``hidden``) or shows struck through (``struck``)."""

    hidden: list[str] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)  # hidden paragraphs outside tables, not read as text
    struck: list[str] = field(default_factory=list)


_MARKS: ContextVar[Marks | None] = ContextVar("word_marks", default=None)
_OFF = ("0", "false", "off", "none")


def _on(props: Any, names: tuple[str, ...]) -> bool:
    """Whether run properties switch one of ``names`` on (``<w:strike/>``, not ``<w:strike w:val="0"/>``)."""
    return props is not None and any(local(c) in names and c.get(f"{W}val", "1").lower() not in _OFF for c in props)


def _note(kind: str, text: str) -> None:
    marks = _MARKS.get()
    if marks is not None and text.strip():
        getattr(marks, kind).append(text.strip()[:60])


def _unreadable(exc: Exception) -> ExtractionError:
    return ExtractionError(f"the Word document cannot be read ({type(exc).__name__})", code="WORD-UNREADABLE")


def _parts(data: bytes, limits: Limits, names: tuple[str, ...]) -> dict[str, bytes]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_declared(archive.infolist(), limits)
            present = set(archive.namelist())
            return {name: archive.read(name) for name in present
                    if name in names or (names == ("docx",) and (name == "word/document.xml" or _PART.match(name)))}
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError) as exc:
        raise _unreadable(exc) from None


# --- .docx ---------------------------------------------------------------------------------------


def docx_rows(data: bytes, limits: Limits, max_rows: int, marks: Marks | None = None) -> list[Row]:
    """The document's rows: page headers, the body, page footers; hidden and struck text met go to
    ``marks``. Raises ``ExtractionError`` ``WORD-UNREADABLE``, ``LimitError`` ``ZIP-BOMB`` and the XML
    parser's errors."""
    token = _MARKS.set(marks)
    try:
        return _docx_rows(data, limits, max_rows)
    finally:
        _MARKS.reset(token)


def _docx_rows(data: bytes, limits: Limits, max_rows: int) -> list[Row]:
    parts = _parts(data, limits, ("docx",))
    if "word/document.xml" not in parts:
        raise ExtractionError("the Word document has no word/document.xml", code="WORD-UNREADABLE")
    def ordered(kind: str) -> list[str]:
        return sorted((n for n in parts if _PART.match(n) and _PART.match(n).group(1) == kind),
                      key=lambda n: int(_PART.match(n).group(2) or 0))
    rows: list[Row] = []
    for name in ordered("header") + ["word/document.xml"] + ordered("footer"):
        root = parse_xml(parts[name], limits)
        before = len(rows)
        _docx_block(root, rows)
        if name != "word/document.xml":  # the same header on every section: read once
            new = rows[before:]
            del rows[before:]
            rows.extend(r for r in new if r not in rows)
        if len(rows) >= max_rows:
            break
    return rows[:max_rows]


def _docx_block(element: Any, rows: list[Row]) -> None:
    """Paragraphs and tables under ``element`` (a body, header, cell, text box, content control)."""
    for child in element:
        name = local(child)
        if name == "p":
            _docx_paragraph(child, rows)
        elif name == "tbl":
            _docx_table(child, rows)
        elif name in ("body", "sdt", "sdtContent", "hdr", "ftr", "customXml", "txbxContent"):
            _docx_block(child, rows)


def _docx_paragraph(p: Any, rows: list[Row]) -> None:
    """A paragraph outside tables. Hidden runs in it are read and held (``Marks.hidden``) when the paragraph
    shows other text (a header value may hold them); a paragraph wholly hidden (a template's fill-in hint
    that does not print) is left out of the text (``Marks.left_out``)."""
    boxes: list[Any] = []
    hidden: list[str] = []
    text = _docx_text(p, boxes, hidden)
    if any(h.strip() for h in hidden):
        token = _MARKS.set(None)
        try:
            visible = _docx_text(p, [], keep_hidden=False)
        finally:
            _MARKS.reset(token)
        kind = "hidden" if visible.strip() else "left_out"
        for h in hidden:
            _note(kind, h)
        if kind == "left_out":
            text = visible
    for line in text.split("\n"):  # a line break starts a line of its own
        cells = [c.strip() for c in line.split("\t")]
        cells = [c for c in cells if c]
        if cells or (rows and rows[-1]):
            rows.append(cells)  # an empty paragraph is an empty row (it ends an address block), once
    for box in boxes:
        _docx_block(box, rows)


def _docx_text(element: Any, boxes: list[Any], hidden: list[str] | None = None, keep_hidden: bool = True) -> str:
    """The paragraph's text (tabs as tabs, breaks as line breaks); text boxes met are collected apart.
    Hidden runs go to ``hidden`` when given (else to the marks), and are left out without ``keep_hidden``."""
    out: list[str] = []
    for child in element:
        name = local(child)
        if name == "t":
            out.append(child.text or "")
        elif name in ("tab", "ptab"):
            out.append("\t")
        elif name in ("br", "cr"):
            out.append("\n")
        elif name == "noBreakHyphen":
            out.append("-")
        elif name == "txbxContent":
            boxes.append(child)
        elif name in ("Fallback", "delText", "instrText", "del", "moveFrom", "pPr", "rPr"):
            continue
        elif name == "r":
            props = next((c for c in child if local(c) == "rPr"), None)
            vanish = _on(props, ("vanish",))
            if vanish and not keep_hidden:
                continue
            text = _docx_text(child, boxes, hidden, keep_hidden)
            if vanish and hidden is not None:
                hidden.append(text)
            elif vanish:
                _note("hidden", text)
            if _on(props, ("strike", "dstrike")):
                _note("struck", text)
            out.append(text)
        else:
            out.append(_docx_text(child, boxes, hidden, keep_hidden))
    return "".join(out)


def _docx_cell_text(tc: Any, nested: list[Any]) -> str:
    lines: list[str] = []
    for child in tc:
        name = local(child)
        if name == "p":
            boxes: list[Any] = []
            line = re.sub(r"[ \t]+", " ", _docx_text(child, boxes)).strip()
            if line:
                lines.append(line)
            nested.extend(boxes)
        elif name == "tbl":
            nested.append(child)
        elif name in ("sdt", "sdtContent", "customXml"):
            inner = _docx_cell_text(child, nested)
            if inner:
                lines.append(inner)
    return "\n".join(lines)


def _docx_table(tbl: Any, rows: list[Row]) -> None:
    for tr in (c for c in tbl if local(c) == "tr"):
        row: Row = []
        nested: list[Any] = []
        pr = next((c for c in tr if local(c) == "trPr"), None)
        if pr is not None and any(local(c) == "del" for c in pr):
            continue  # a row deleted with Track Changes on
        before = next((c for c in (pr if pr is not None else []) if local(c) == "gridBefore"), None)
        row += [None] * _count(before, 0)
        for tc in _cells_of(tr):
            tcpr = next((c for c in tc if local(c) == "tcPr"), None)
            span = next((c for c in (tcpr if tcpr is not None else []) if local(c) == "gridSpan"), None)
            vmerge = next((c for c in (tcpr if tcpr is not None else []) if local(c) == "vMerge"), None)
            text = _docx_cell_text(tc, nested)
            continues = vmerge is not None and vmerge.get(f"{W}val") in (None, "continue")
            row.append(None if continues else (text or None))
            row += [None] * (_count(span) - 1)
        if any(v for v in row):
            rows.append(row)
        for inner in nested:
            if local(inner) == "tbl":
                _docx_table(inner, rows)
            else:
                _docx_block(inner, rows)


def _cells_of(tr: Any) -> list[Any]:
    out = []
    for child in tr:
        if local(child) == "tc":
            out.append(child)
        elif local(child) in ("sdt", "sdtContent", "customXml"):
            out += _cells_of(child)
    return out


def _count(element: Any, default: int = 1) -> int:
    """The columns a ``gridSpan`` / ``gridBefore`` stands for (``default`` without one)."""
    if element is None:
        return default
    try:
        return max(1, min(MAX_SPAN, int(element.get(f"{W}val", "1"))))
    except ValueError:
        return 1


# --- .odt ----------------------------------------------------------------------------------------


STYLE_NS = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
FO_NS = "{urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0}"
_ODT_STYLES: ContextVar[tuple[frozenset[str], frozenset[str]]] = ContextVar("odt_styles",
                                                                           default=(frozenset(), frozenset()))


def odt_rows(data: bytes, limits: Limits, max_rows: int, marks: Marks | None = None) -> list[Row]:
    """The OpenDocument text's rows: page headers and footers of its master pages (``styles.xml``)
    around the body (``content.xml``); hidden and struck text met go to ``marks``."""
    parts = _parts(data, limits, ("content.xml", "styles.xml"))
    if "content.xml" not in parts:
        raise ExtractionError("the OpenDocument text has no content.xml", code="WORD-UNREADABLE")
    roots = [parse_xml(parts[n], limits) for n in ("styles.xml", "content.xml") if n in parts]
    token, styles = _MARKS.set(marks), _ODT_STYLES.set(_odt_styles(roots))
    try:
        return _odt_rows(parts, limits, max_rows)
    finally:
        _MARKS.reset(token)
        _ODT_STYLES.reset(styles)


def _odt_styles(roots: list[Any]) -> tuple[frozenset[str], frozenset[str]]:
    """The names of the styles that hide their text (``text:display="none"``) and of those striking it."""
    hidden: set[str] = set()
    struck: set[str] = set()
    for root in roots:
        for style in root.iter(f"{STYLE_NS}style"):
            name = style.get(f"{STYLE_NS}name")
            for props in style:
                if local(props) != "text-properties" or not name:
                    continue
                if props.get(f"{TEXT_NS}display") == "none":
                    hidden.add(name)
                if props.get(f"{STYLE_NS}text-line-through-style", "none") != "none":
                    struck.add(name)
    return frozenset(hidden), frozenset(struck)


def _odt_noted(element: Any, text: str) -> None:
    hidden, struck = _ODT_STYLES.get()
    style = element.get(f"{TEXT_NS}style-name")
    if style in hidden or local(element) == "hidden-paragraph":
        _note("hidden", text)
    if style in struck:
        _note("struck", text)


def _odt_rows(parts: dict[str, bytes], limits: Limits, max_rows: int) -> list[Row]:
    head: list[Row] = []
    foot: list[Row] = []
    if "styles.xml" in parts:
        for element in parse_xml(parts["styles.xml"], limits).iter():
            if local(element) in ("header", "header-first"):
                _odt_block(element, head)
            elif local(element) in ("footer", "footer-first"):
                _odt_block(element, foot)
    body: list[Row] = []
    _odt_block(parse_xml(parts["content.xml"], limits), body)
    rows = _unique(head) + body + _unique(foot)
    return rows[:max_rows]


def _unique(rows: list[Row]) -> list[Row]:
    out: list[Row] = []
    for row in rows:
        if row not in out:
            out.append(row)
    return out


def _odt_block(element: Any, rows: list[Row]) -> None:
    for child in element:
        name = local(child)
        if name in ("p", "h"):
            boxes: list[Any] = []
            text = _odt_text(child, boxes)
            _odt_noted(child, text)
            for line in text.split("\n"):
                cells = [c.strip() for c in line.split("\t") if c.strip()]
                if cells or (rows and rows[-1]):
                    rows.append(cells)
            for box in boxes:
                _odt_block(box, rows)
        elif name == "table":
            _odt_table(child, rows)
        elif name in ("body", "text", "section", "list", "list-item", "list-header", "header", "footer",
                      "text-box", "frame", "table-header-rows", "table-rows", "document-content"):
            _odt_block(child, rows)


def _odt_text(element: Any, boxes: list[Any]) -> str:
    out = [element.text or ""] if local(element) not in ("text-box",) else []
    for child in element:
        name = local(child)
        if name == "tab":
            out.append("\t")
        elif name == "line-break":
            out.append("\n")
        elif name == "s":
            try:
                out.append(" " * max(1, min(200, int(child.get(f"{TEXT_NS}c", "1")))))
            except ValueError:
                out.append(" ")
        elif name == "text-box":
            boxes.append(child)
        elif name in ("note", "tracked-changes", "deletion"):
            pass
        elif name == "hidden-text":
            _note("hidden", child.get(f"{TEXT_NS}string-value", ""))
        else:
            text = _odt_text(child, boxes)
            _odt_noted(child, text)
            out.append(text)
        out.append(child.tail or "")
    return "".join(out)


def _odt_table(table: Any, rows: list[Row]) -> None:
    for tr in table.iter(f"{TABLE_NS}table-row"):
        if _owner_table(tr) is not table:
            continue
        row: Row = []
        nested: list[Any] = []
        for tc in tr:
            name = local(tc)
            if name not in ("table-cell", "covered-table-cell"):
                continue
            lines: list[str] = []
            for child in tc:
                if local(child) == "table":
                    nested.append(child)
                elif local(child) in ("p", "h", "list"):
                    boxes: list[Any] = []
                    line = re.sub(r"[ \t]+", " ", _odt_text(child, boxes)).strip()
                    _odt_noted(child, line)
                    if line:
                        lines.append(line)
                    nested.extend(boxes)
            try:
                repeat = max(1, min(MAX_SPAN, int(tc.get(f"{TABLE_NS}number-columns-repeated", "1"))))
            except ValueError:
                repeat = 1
            value = None if name == "covered-table-cell" else ("\n".join(lines) or None)
            row += [value] * repeat
        if any(v for v in row):
            rows.append(row)
        for inner in nested:
            if local(inner) == "table":
                _odt_table(inner, rows)
            else:
                _odt_block(inner, rows)


def _owner_table(tr: Any) -> Any:
    parent = tr.getparent()
    while parent is not None and local(parent) != "table":
        parent = parent.getparent()
    return parent
