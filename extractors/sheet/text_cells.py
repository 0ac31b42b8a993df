"""Documents of rows of text cells (Word documents, HTML e-mail tables) read like sheets.

``read_text_rows`` gives the rows to the sheet table reader (``extractors.sheet.sheet.read_sheets``: column
roles, header labels, item rows, totals, ship-to block, through the mapping ``mappings/sheets/*.toml``), then
reads the header fields the labelled cells left unread (a PO after the title, "Bestellung Nr. X vom 7.
Dezember 2026", a delivery date in a sentence) from the same rows laid out as lines of words by the PDF
reader's label families (``extractors.capture.header_fields.find_header_fields``): one header-label logic
for pages, sheets, Word documents and HTML tables. Likewise its classification: a document titled as an
invoice, quotation or receipt holds its order (``CLASSIFY-DOUBT``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from extractors.base import ExtractHints
from extractors.capture.address_blocks import BLOCKS_ELEMENT, UNDER_DELIVERY_HEADING, read_ship_to
from extractors.capture.po_split import several_on_a_page
from extractors.capture.ship_to import add_ship_to
from extractors.capture.classify import classify_document
from extractors.capture.header_fields import find_header_fields, title_rows
from extractors.capture.layout_spec import GENERIC_SPEC, ORDER_TITLES
from extractors.capture.words import PageWords, Row, Word, group_rows
from extractors.sheet.sheet import DEFAULT_MAPPINGS, MAX_COLUMNS, load_mapping, read_sheets, sheet_locale
from extractors.capture.sentence_total import sentence_total
from extractors.sheet.sheet_table import Cells, find_header
from gateway.model import ExtractedOrder, Problem

CHAR_W, LINE_H, CELL_GAP = 6.0, 14.0, 30.0  # the lay-out of rows as words: a monospaced page
HEADER_FIELDS = ("po_number", "order_date", "requested_delivery_date")


@dataclass
class TextRowsRead:
    orders: list[ExtractedOrder]
    problems: list[Problem]
    order_like: bool  # an order table header without any item row read: held, never "not an order"
    mapping: str


def tab_rows(text: str) -> list[list[Any]]:
    """Lines of text as rows of cells: a line's tab-separated cells (an HTML table row as
    ``extractors.mail.html_text`` renders it, a sheet pasted into an e-mail), empty cells as ``None``."""
    return [[cell.strip() or None for cell in line.split("\t")] for line in text.splitlines() if line.strip()]


def has_order_table(rows: list[list[Any]], hints: ExtractHints) -> bool:
    """A row of three cells or more naming a quantity column and an item column (the sheet mapping's titles)."""
    mapping = load_mapping(hints.mappings_dir or DEFAULT_MAPPINGS, hints.template)
    tabled = [row for row in rows if sum(1 for v in row if v) >= 3]
    return bool(tabled) and find_header(Cells(name="table", rows=tabled, typed=False),
                                        replace(mapping, header_search_rows=len(tabled))) is not None


def read_text_rows(rows: list[list[Any]], hints: ExtractHints, name: str) -> TextRowsRead:
    """The orders of a document given as rows of text cells (``None`` for an empty or merged cell)."""
    rows = [row[:MAX_COLUMNS] for row in rows]
    mapping = load_mapping(hints.mappings_dir or DEFAULT_MAPPINGS, hints.template)
    cells = Cells(name=name, rows=rows, typed=False)
    orders, problems, order_like = read_sheets([cells], mapping, hints.locale)
    if orders:
        laid = lay_out(_parted(rows))
        classification = classify_document(laid, page_height=max((r.y1 for r in laid), default=LINE_H))
        loc = sheet_locale(cells, hints.locale or (None if mapping.locale == "auto" else mapping.locale))
        titles = list(classification.title_rows) or title_rows(laid, ORDER_TITLES)
        fields = find_header_fields(laid, GENERIC_SPEC, loc, fuzzy=False, title_rows=titles)
        blocks = read_ship_to([lay_out_page(rows)], hints.own)  # the PDF reader's address blocks
        stated = sentence_total(_paragraphs(rows), loc) if len(orders) == 1 and orders[0].total is None else None
        several = several_on_a_page(laid, GENERIC_SPEC, loc, False) if len(orders) == 1 else None
        for order in orders:
            if several is not None:  # two PO blocks or two ship-tos each over its own table, read as one
                order.problems.append(several)
            _fill_header(order, fields)
            if stated:  # "Der Gesamtbetrag ... beläuft sich auf 137,50 € netto.": checked against the lines
                order.total = stated[0]
                order.confidence["total"] = stated[1]
            _doubt_kind(order, classification.doc_kind, classification.evidence)
            _letter_blocks(order, blocks)
    return TextRowsRead(orders, problems, order_like, mapping.name)


_PARTS = re.compile(r"\s+[\u2014\u2013|\u00b7]\s+")  # " — ", " – ", " | ", " · " between a line's parts


def _parted(rows: list[list[Any]]) -> list[list[Any]]:
    """A paragraph of parts ("Acme Inc — Purchase Order X — Order Date 12/03/2026", a page header) as
    cells side by side, so each part's label reads with its own value."""
    out = []
    for row in rows:
        filled = [v for v in row if v is not None and str(v).strip()]
        parts = _PARTS.split(str(filled[0])) if len(filled) == 1 and isinstance(filled[0], str) \
            and "\n" not in filled[0] else []
        out.append(parts if len(parts) >= 2 else row)
    return out


def _paragraphs(rows: list[list[Any]]) -> list[str]:
    """The rows of one filled cell (a letter's paragraphs), as text."""
    out = []
    for row in rows:
        filled = [str(v) for v in row if v is not None and str(v).strip()]
        if len(filled) == 1:
            out.append(filled[0])
    return out


def lay_out(rows: list[list[Any]]) -> list[Row]:
    """The rows laid out (``lay_out_page``) and grouped into lines of words."""
    return group_rows(lay_out_page(rows))


def lay_out_page(rows: list[list[Any]]) -> PageWords:
    """The rows as lines of words on a page, cells side by side (a cell's lines under each other), as
    a text layer would give them, for the PDF reader's header-label and title logic. The rows of one
    table (a run of rows of several cells) share their column positions, so a value sits under its label."""
    words: list[Word] = []
    y = 0.0
    starts = _column_starts(rows)
    for index, row in enumerate(rows):
        height = 1
        for col, value in enumerate(row):
            text = "" if value is None else str(value)
            lines = text.split("\n") if text else [""]
            height = max(height, len(lines))
            for k, line in enumerate(lines):
                cx = starts[index][col]
                for token in line.split():
                    w = len(token) * CHAR_W
                    words.append(Word(token, cx, y + k * LINE_H, cx + w, y + k * LINE_H + LINE_H * 0.8))
                    cx += w + CHAR_W
        y += height * LINE_H + LINE_H * 0.5
    width = max((w.x1 for w in words), default=600.0) + CHAR_W
    return PageWords(page=1, width=width, height=y + LINE_H, words=tuple(words))


def _width(value: Any) -> int:
    text = "" if value is None else str(value)
    return max(4, max((len(line) for line in text.split("\n")), default=0))


def _column_starts(rows: list[list[Any]]) -> list[list[float]]:
    """Each cell's left edge: the widest cell of its column over the run of multi-cell rows it is in."""
    starts: list[list[float]] = []
    i = 0
    while i < len(rows):
        j = i + 1
        if len(rows[i]) > 1:
            while j < len(rows) and len(rows[j]) > 1:
                j += 1
        block = rows[i:j]
        widths = [max(_width(row[c]) for row in block if c < len(row)) for c in range(max(len(r) for r in block))]
        edges = [0.0]
        for w in widths:
            edges.append(edges[-1] + w * CHAR_W + CELL_GAP)
        starts += [edges[:len(row)] or [0.0] for row in block]
        i = j
    return starts


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


def _letter_blocks(order: ExtractedOrder, blocks: Any) -> None:
    """An address under a name doubted by the sheet reader as under an unknown label (a letter's sender
    and addressee blocks) is no doubt when the PDF reader's address blocks see none either (our own
    company's block left out, a letter's two parties): one reading of unlabelled blocks.
    A delivery address the PDF reader reads under its label anywhere in the text ("Lieu de livraison :
    Entrepôt Rungis, 12 rue des Halles, 94150 Rungis" in a paragraph under the item table) is the
    order's when the sheet reader read none: a labelled delivery address is never left out."""
    if blocks is not None and blocks.party is not None and blocks.element == "ship_to" \
            and order.party("ship_to") is None:
        add_ship_to(order, blocks)
        return
    if blocks is not None and blocks.doubt and blocks.doubt.startswith(UNDER_DELIVERY_HEADING) \
            and order.party("ship_to") is None:
        add_ship_to(order, blocks)  # a block under a heading about delivery no label took: held, never no ship-to
        return
    if blocks is not None or order.party("ship_to") is not None:
        return
    order.problems = [p for p in order.problems if not (p.code == "SHIP-TO-UNSURE" and p.element == BLOCKS_ELEMENT
                                                        and _named_label(p.message))]


def _named_label(message: str) -> bool:
    """The sheet reader's doubt names as its label a name of several words ("Bureau Vallée Distribution"
    over "Service commandes / 69002 Lyon"), not a label ("Warenempfänger:", "Baustelle")."""
    match = re.search(r"under the label '([^']+)'", message)
    return bool(match) and len(match.group(1).split()) >= 2 and not match.group(1).rstrip().endswith(":")


def _doubt_kind(order: ExtractedOrder, kind: str, evidence: dict[str, tuple[str, ...]]) -> None:
    """A Word document titled as an invoice, quote or receipt is not taken as an order untouched."""
    if kind in ("order", "unknown"):
        return
    words = ", ".join(w for k, ws in evidence.items() if k != "order" for w in ws[:3]) or kind
    order.problems.append(Problem(code="CLASSIFY-DOUBT", severity="error", element="doc_type",
                                  message=f"the document reads as {kind} ({words}) and as an order"))
