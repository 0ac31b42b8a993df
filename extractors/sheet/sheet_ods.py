"""OpenDocument spreadsheets (.ods): the cells of every table, typed as the file types them.

An ODS file is a zip whose ``content.xml`` holds ``table:table`` elements of ``table:table-row`` and
``table:table-cell`` elements. A cell's ``office:value-type`` says what it is: ``float``,
``currency`` and ``percentage`` cells give their ``office:value`` as a number, ``date`` cells their
``office:date-value`` as a date, others their text (its paragraphs and line breaks as lines, as an
XLSX cell typed over several lines holds them). Repeated rows and columns
(``number-rows-repeated``, ``number-columns-repeated``) are expanded within ``MAX_ROWS`` x
``MAX_COLUMNS``; runs of empty rows are kept short. ``content.xml`` goes through the gateway's safe
XML parser, after the zip's declared sizes were checked.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from extractors.containers.archive_zip import check_declared
from extractors.base import Limits
from extractors.sheet.sheet_table import Cells
from extractors.xml.xmlsafe import local, parse_xml
from gateway.errors import ExtractionError

ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
OFFICE_NS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
MAX_SPACES = 200  # spaces one ``text:s`` may stand for
EMPTY_RUN = 3  # empty rows kept of a repeated run (the table reader stops after three)


def is_ods(head: bytes) -> bool:
    return head.startswith(b"PK\x03\x04") and ODS_MIME in head[:200]


def read_ods(data: bytes, limits: Limits, max_rows: int, max_columns: int) -> list[Cells]:
    """Every table's rows of typed cells. Raises ``ExtractionError`` ``SHEET-UNREADABLE``,
    ``LimitError`` ``ZIP-BOMB`` and the XML parser's errors."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_declared(archive.infolist(), limits)
            content = archive.read("content.xml")
    except (zipfile.BadZipFile, KeyError, OSError) as exc:
        raise ExtractionError(f"the spreadsheet cannot be read ({type(exc).__name__})",
                              code="SHEET-UNREADABLE") from None
    root = parse_xml(content, limits)
    hidden = _hidden_table_styles(root)
    return [replace(_table(t, max_rows, max_columns), hidden_sheet=t.get(f"{{{TABLE_NS}}}style-name") in hidden)
            for t in root.iter(f"{{{TABLE_NS}}}table")]


def _hidden_table_styles(root: Any) -> frozenset[str]:
    """The table styles that hide their sheet (``table:display="false"``)."""
    style_ns = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
    return frozenset(str(style.get(f"{style_ns}name")) for style in root.iter(f"{style_ns}style")
                     if any(p.get(f"{{{TABLE_NS}}}display") == "false" for p in style
                            if str(p.tag).endswith("table-properties")))


def _table(table: Any, max_rows: int, max_columns: int) -> Cells:
    rows: list[list[Any]] = []
    hidden: set[int] = set()
    for row in table.iter(f"{{{TABLE_NS}}}table-row"):
        values = _row(row, max_columns)
        repeat = int(row.get(f"{{{TABLE_NS}}}number-rows-repeated", "1") or 1)
        if not any(v is not None for v in values):
            repeat = min(repeat, EMPTY_RUN)
        collapsed = row.get(f"{{{TABLE_NS}}}visibility", "visible") != "visible"
        for _ in range(min(repeat, max_rows - len(rows))):
            if collapsed:
                hidden.add(len(rows))
            rows.append(list(values))
        if len(rows) >= max_rows:
            break
    while rows and not any(v is not None for v in rows[-1]):
        rows.pop()
    return Cells(name=str(table.get(f"{{{TABLE_NS}}}name", "sheet")), rows=rows, typed=True,
                 hidden_rows=frozenset(hidden), hidden_columns=_hidden_columns(table, max_columns))


def _hidden_columns(table: Any, max_columns: int) -> frozenset[int]:
    """The columns a ``table:table-column`` hides (``visibility`` collapse or filter)."""
    hidden: set[int] = set()
    col = 0
    for column in table.iter(f"{{{TABLE_NS}}}table-column"):
        try:
            repeat = max(1, int(column.get(f"{{{TABLE_NS}}}number-columns-repeated", "1") or 1))
        except ValueError:
            repeat = 1
        if column.get(f"{{{TABLE_NS}}}visibility", "visible") != "visible":
            hidden.update(range(col, min(col + repeat, max_columns)))
        col += repeat
        if col >= max_columns:
            break
    return frozenset(hidden)


def _row(row: Any, max_columns: int) -> list[Any]:
    values: list[Any] = []
    for cell in row:
        if local(cell) not in ("table-cell", "covered-table-cell"):
            continue
        value = _value(cell)
        repeat = int(cell.get(f"{{{TABLE_NS}}}number-columns-repeated", "1") or 1)
        values.extend([value] * min(repeat, max_columns - len(values)))
        if len(values) >= max_columns:
            break
    while values and values[-1] is None:
        values.pop()
    return values


def _value(cell: Any) -> Any:
    kind = cell.get(f"{{{OFFICE_NS}}}value-type")
    if kind in ("float", "currency", "percentage"):
        try:
            number = Decimal(cell.get(f"{{{OFFICE_NS}}}value", ""))
        except InvalidOperation:
            return None
        return int(number) if number == number.to_integral_value() and "." not in str(number) else float(number)
    if kind == "date":
        text = cell.get(f"{{{OFFICE_NS}}}date-value", "")
        try:
            return datetime.fromisoformat(text) if "T" in text else date.fromisoformat(text)
        except ValueError:
            return None
    text = "\n".join(_paragraph(p) for p in cell if local(p) == "p").strip()
    return text or None


def _paragraph(element: Any) -> str:
    """A ``text:p``'s text as typed: ``text:s`` its runs of spaces, ``text:tab`` a tab and
    ``text:line-break`` a line break (a cell typed over several lines, as an XLSX cell holds "\n")."""
    parts = [element.text or ""]
    for child in element:
        name = local(child)
        if name == "s":
            count = child.get(f"{{{TEXT_NS}}}c", "1")
            parts.append(" " * min(int(count) if count.isdigit() else 1, MAX_SPACES))
        elif name == "tab":
            parts.append("\t")
        elif name == "line-break":
            parts.append("\n")
        elif name != "note":  # a comment's text is no part of the cell's value
            parts.append(_paragraph(child))
        parts.append(child.tail or "")
    return "".join(parts)
