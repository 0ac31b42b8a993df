"""Excel 97-2003 workbooks (.xls, BIFF in an OLE2 compound file): the cells of every sheet, typed.

Read with ``xlrd`` (BIFF only; ``.xlsx`` goes through openpyxl). Number cells come as numbers (a
whole float as an ``int``, others as ``Decimal`` of their shortest repr, so 1249.5 stays 1249.5),
date cells as dates (a time of day kept only when there is one), booleans as such, error cells
empty, text as text; hidden rows and columns are said (read with the workbook's formatting). At most ``max_rows`` x ``max_columns`` per sheet. A file xlrd cannot read
raises ``ExtractionError`` ``SHEET-UNREADABLE``.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from extractors.sheet.sheet_table import Cells
from gateway.errors import ExtractionError

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
XLS_TYPES = frozenset({"application/vnd.ms-excel", "application/msexcel", "application/x-msexcel",
                       "application/x-excel", "application/excel", "application/xls", "application/x-xls"})


def is_ole2(head: bytes) -> bool:
    return head.startswith(OLE2_MAGIC)


def read_xls(data: bytes, max_rows: int, max_columns: int) -> list[Cells]:
    """Every worksheet's typed cell values."""
    import xlrd  # imported here: deployments without .xls orders never pay for it

    try:
        book = xlrd.open_workbook(file_contents=data, on_demand=True, logfile=_Quiet(), formatting_info=True)
    except (xlrd.XLRDError, xlrd.compdoc.CompDocError, ValueError, IndexError, KeyError, AssertionError,
            OverflowError, TypeError) as exc:
        raise ExtractionError(f"the .xls workbook cannot be read ({type(exc).__name__})",
                              code="SHEET-UNREADABLE") from None
    try:
        sheets = []
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            rows = [[_value(sheet.cell(r, c), book.datemode) for c in range(min(sheet.ncols, max_columns))]
                    for r in range(min(sheet.nrows, max_rows))]
            hidden_rows = frozenset(r for r, info in sheet.rowinfo_map.items() if info.hidden and r < max_rows)
            hidden_columns = frozenset(c for c, info in sheet.colinfo_map.items() if info.hidden and c < max_columns)
            sheets.append(Cells(name=sheet.name, typed=True, rows=rows, hidden_rows=hidden_rows,
                                hidden_columns=hidden_columns, hidden_sheet=bool(getattr(sheet, "visibility", 0)),
                                truncated=sheet.ncols > max_columns or sheet.nrows > max_rows))
            book.unload_sheet(index)
        return sheets
    except (xlrd.XLRDError, ValueError, IndexError, KeyError, AssertionError, OverflowError, TypeError) as exc:
        raise ExtractionError(f"the .xls workbook cannot be read ({type(exc).__name__})",
                              code="SHEET-UNREADABLE") from None
    finally:
        book.release_resources()


def _value(cell: Any, datemode: int) -> Any:
    import xlrd

    kind, value = cell.ctype, cell.value
    if kind == xlrd.XL_CELL_NUMBER:
        return int(value) if float(value).is_integer() else Decimal(repr(value))
    if kind == xlrd.XL_CELL_DATE:
        try:
            when = xlrd.xldate_as_datetime(value, datemode)
        except (xlrd.xldate.XLDateError, ValueError, OverflowError):
            return None
        return when.date() if when == datetime(when.year, when.month, when.day) else when
    if kind == xlrd.XL_CELL_BOOLEAN:
        return bool(value)
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return None
    return value


class _Quiet:
    """xlrd's log sink: its warnings about odd records are not the gateway's to print."""

    def write(self, _text: str) -> None:
        return None
