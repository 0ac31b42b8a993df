"""Word order forms (.docx, .odt) read as typed documents, and legacy .doc files held for a person.

A Word document becomes rows of text cells (``extractors.office.word_rows``) and is read by the sheet
table reader (``extractors.sheet.sheet.read_sheets``): the same column roles, header labels, item rows,
totals and ship-to block as a sheet, through the same mapping (``mappings/sheets/*.toml``). The
header fields the labelled cells leave unread (a PO after the title, "Bestellung Nr. X vom 7. Dezember
2026" in the page header, a date in a sentence) are read from the same rows laid out as lines of
words by the PDF reader's label families (``extractors.capture.header_fields.find_header_fields``),
so there is one header-label logic for pages, sheets and Word documents; likewise its classification:
a document titled as an invoice or quotation holds its order (``CLASSIFY-DOUBT``).

A Word 97-2003 ``.doc`` (an OLE2 file named ``.doc`` or declared ``application/msword``) is not read:
it waits for a person with ``FORMAT-UNSUPPORTED`` naming the format, never "not an order".
"""

from __future__ import annotations

from datetime import date
from typing import Any

from extractors.base import ExtractHints
from extractors.capture.classify import classify_document
from extractors.capture.header_fields import find_header_fields, title_rows
from extractors.capture.layout_spec import GENERIC_SPEC, ORDER_TITLES
from extractors.capture.words import PageWords, Row, Word, group_rows
from extractors.containers.parts import extension
from extractors.office.word_rows import docx_rows, odt_rows
from extractors.sheet.sheet import DEFAULT_MAPPINGS, MAX_COLUMNS, MAX_ROWS, load_mapping, read_sheets, sheet_locale
from extractors.sheet.sheet_table import Cells
from extractors.sheet.sheet_xls import OLE2_MAGIC
from gateway.errors import FORMAT_UNSUPPORTED
from gateway.model import DocType, ExtractedOrder, Extraction, Problem

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT_MIME = b"application/vnd.oasis.opendocument.text"
DOC_TYPES = frozenset({"application/msword", "application/doc", "application/vnd.ms-word", "application/x-msword"})
CHAR_W, LINE_H, CELL_GAP = 6.0, 14.0, 30.0  # the lay-out of rows as words: a monospaced page
HEADER_FIELDS = ("po_number", "order_date", "requested_delivery_date")


def is_docx(head: bytes, filename: str | None, content_type: str | None) -> bool:
    declared = (content_type or "").split(";", 1)[0].strip().lower()
    return head.startswith(b"PK\x03\x04") and (b"word/" in head or extension(filename) in ("docx", "docm")
                                               or declared == DOCX_TYPE)


def is_odt(head: bytes) -> bool:
    return head.startswith(b"PK\x03\x04") and ODT_MIME in head[:200]


class WordExtractor:
    """.docx (by its ``word/`` parts), .odt (by its mimetype member) and legacy .doc (OLE2 by name or type)."""

    name = "word"
    heavy = False

    def detect(self, head: bytes, filename: str | None, content_type: str | None) -> float:
        declared = (content_type or "").split(";", 1)[0].strip().lower()
        if is_odt(head):
            return 0.95
        if head.startswith(OLE2_MAGIC):
            return 0.9 if extension(filename) == "doc" or declared in DOC_TYPES else 0.0
        return 0.9 if is_docx(head, filename, content_type) and b"xl/" not in head else 0.0

    def extract(self, data: bytes, hints: ExtractHints) -> Extraction:
        """One order per item table found; raises ``ExtractionError`` ``WORD-UNREADABLE`` /
        ``SHEET-MAPPING`` and ``LimitError`` ``ZIP-BOMB``."""
        if data.startswith(OLE2_MAGIC):
            return Extraction(format="word", doc_type=DocType.OTHER, detail="Word 97-2003 .doc", problems=[Problem(
                code=FORMAT_UNSUPPORTED, severity="warning",
                message="a Word 97-2003 .doc file: the gateway reads .docx and .odt, not .doc; a person "
                        "enters the order (or asks the customer for .docx or PDF)")])
        kind = "odt" if is_odt(data[:256]) else "docx"
        rows = (odt_rows if kind == "odt" else docx_rows)(data, hints.limits, MAX_ROWS)
        rows = [row[:MAX_COLUMNS] for row in rows]
        mapping = load_mapping(hints.mappings_dir or DEFAULT_MAPPINGS, hints.template)
        cells = Cells(name=kind, rows=rows, typed=False)
        orders, problems, order_like = read_sheets([cells], mapping, hints.locale)
        laid = lay_out(rows)
        classification = classify_document(laid, page_height=max((r.y1 for r in laid), default=LINE_H))
        if orders:
            loc = sheet_locale(cells, hints.locale or (None if mapping.locale == "auto" else mapping.locale))
            titles = list(classification.title_rows) or title_rows(laid, ORDER_TITLES)
            fields = find_header_fields(laid, GENERIC_SPEC, loc, fuzzy=False, title_rows=titles)
            for order in orders:
                _fill_header(order, fields)
                _doubt_kind(order, classification.doc_kind, classification.evidence)
        return Extraction(format="word", doc_type=DocType.ORDER if orders or order_like else DocType.OTHER,
                          detail=f"{kind} document, mapping {mapping.name}", orders=orders, problems=problems,
                          metadata={"rows": len(rows)})


EXTRACTOR = WordExtractor()


def lay_out(rows: list[list[Any]]) -> list[Row]:
    """The rows as lines of words on a page, cells side by side (a cell's lines under each other), as
    a text layer would give them, for the PDF reader's header-label and title logic."""
    words: list[Word] = []
    y = 0.0
    for row in rows:
        x = 0.0
        height = 1
        for value in row:
            text = "" if value is None else str(value)
            lines = text.split("\n") if text else [""]
            height = max(height, len(lines))
            width = max(len(line) for line in lines)
            for k, line in enumerate(lines):
                cx = x
                for token in line.split():
                    w = len(token) * CHAR_W
                    words.append(Word(token, cx, y + k * LINE_H, cx + w, y + k * LINE_H + LINE_H * 0.8))
                    cx += w + CHAR_W
            x += max(width, 4) * CHAR_W + CELL_GAP
        y += height * LINE_H + LINE_H * 0.5
    width = max((w.x1 for w in words), default=600.0) + CHAR_W
    return group_rows(PageWords(page=1, width=width, height=y + LINE_H, words=tuple(words)))


def _fill_header(order: ExtractedOrder, fields: dict[str, Any]) -> None:
    """Header fields the labelled cells left unread, from the label families of printed orders."""
    for name in HEADER_FIELDS:
        found = fields.get(name)
        if found is None or getattr(order, name):
            continue
        value = found.value
        if name != "po_number" and not isinstance(value, date):
            continue
        setattr(order, name, value)
        order.confidence[name] = round(found.confidence, 4)


def _doubt_kind(order: ExtractedOrder, kind: str, evidence: dict[str, tuple[str, ...]]) -> None:
    """A Word document titled as an invoice, quote or receipt is not taken as an order untouched."""
    if kind in ("order", "unknown"):
        return
    words = ", ".join(w for k, ws in evidence.items() if k != "order" for w in ws[:3]) or kind
    order.problems.append(Problem(code="CLASSIFY-DOUBT", severity="error", element="doc_type",
                                  message=f"the document reads as {kind} ({words}) and as an order"))
