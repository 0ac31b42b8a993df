"""An order table in an e-mail body (an HTML table, a sheet pasted into the text) read cell by cell.

The body's tab-separated rows (``extractors.mail.html_text`` renders each HTML table row as one line of
cells) go through the sheet table reader with the PDF reader's header labels
(``extractors.sheet.text_cells.read_text_rows``): the same column roles, header labels, item rows, totals,
shipping and discount rows as a sheet or a Word form. When that reading finds one order with lines, its
lines, total and allowances replace the typed reading's, and its header fields fill the typed ones (its
order date read by a label wins over the e-mail's Date the typed reading falls back on). The typed
reading keeps what it reads outside the table: remarks, changes, questions, a typed delivery address,
the e-mail's date as the order date when none is written. The typed reading's
complaints about table rows (a row with tabs it could not parse) are dropped: the cells were read. An
item typed outside the table (a line without cells, "Also 2 black toner please") is never merged
silently: it holds the order (``LINE-UNREAD``, quoted).
"""

from __future__ import annotations

import ast
import re

from extractors.base import ExtractHints
from extractors.locale_values import DocLocale
from extractors.mail.body_dates import unplaced_dates
from extractors.sheet.text_cells import has_order_table, read_text_rows, tab_rows
from gateway.model import ExtractedOrder, Problem

HEADER_FIELDS = ("po_number", "order_date", "requested_delivery_date")


def body_rows(text: str) -> list[list]:
    """The body's rows of cells, without the head lines the e-mail extractor puts above it (Subject, Date)."""
    head, blank, rest = text.partition("\n\n")
    lines = head.splitlines()
    if blank and lines and all(line.split(":", 1)[0] in ("Subject", "Date", "X-Attachments") for line in lines):
        text = rest
    return tab_rows(text)


def table_order(text: str, hints: ExtractHints) -> ExtractedOrder | None:
    """The one order an order table in the body gives, with lines; None when there is none."""
    rows = body_rows(text)
    if not has_order_table(rows, hints):
        return None
    read = read_text_rows(rows, hints, "body")
    if len(read.orders) != 1 or not read.orders[0].lines:
        return None
    return read.orders[0]


def with_table(order: ExtractedOrder, table: ExtractedOrder, typed_items: list[tuple[str, object]],
               loc: DocLocale | None = None) -> ExtractedOrder:
    """The typed order with the table's lines, total and header fields. A row's date the table placed on
    its line (a "Need By" column) is no longer reported unplaced (``DATE-UNPLACED``); any other stays."""
    order.lines = table.lines
    order.total = table.total
    order.allowances = table.allowances
    order.references.pop("total_basis", None)
    for name in ("lines", "total"):
        if name in table.confidence:
            order.confidence[name] = table.confidence[name]
    for name in HEADER_FIELDS:
        value = getattr(table, name)
        if value and (not getattr(order, name) or name == "order_date"):  # the typed one may be the e-mail's Date
            setattr(order, name, value)
            order.confidence[name] = table.confidence.get(name, 1.0)
    if table.parties and not order.parties:
        order.parties = table.parties
    kept = [p for p in order.problems if not _about_rows(p) and not (loc and _placed_now(p, order, loc))]
    order.problems = kept + table.problems + [_outside(line) for line, item in typed_items
                                              if item is not None and "\t" not in line]
    return order


_UNPLACED_TEXT = re.compile(r"read: (?P<text>'.*'|\".*\"); the order date (?:was typed|is the e-mail's Date)")


def _placed_now(problem: Problem, order: ExtractedOrder, loc: DocLocale) -> bool:
    """A ``DATE-UNPLACED`` about a table row whose every date is now the order's or a line's date."""
    match = _UNPLACED_TEXT.search(problem.message) if problem.code == "DATE-UNPLACED" else None
    if match is None:
        return False
    try:
        text = ast.literal_eval(match.group("text"))
    except (ValueError, SyntaxError):
        return False
    placed = {d for d in (order.order_date, order.requested_delivery_date, *(ln.requested_date for ln in order.lines))
              if d is not None}
    return "\t" in text and not unplaced_dates([text], placed, loc, order.order_date)


def _about_rows(problem: Problem) -> bool:
    """A typed reading's complaint about a line with cells, or about one of its own lines (replaced)."""
    return problem.code == "LINE-UNREAD" and ("\\t" in problem.message or "\t" in problem.message
                                              or (problem.element or "").startswith("lines["))


def _outside(line: str) -> Problem:
    return Problem(code="LINE-UNREAD", severity="error", element="lines",
                   message=f"an item typed outside the order table was not merged into it: {line.strip()[:120]!r}")
