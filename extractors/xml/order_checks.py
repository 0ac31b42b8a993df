"""Checks an XML order carries about itself: a requested delivery window, and its stated line count.

* A delivery window (openTRANS ``DELIVERY_START_DATE`` / ``DELIVERY_END_DATE``, UBL
  ``RequestedDeliveryPeriod`` ``StartDate`` / ``EndDate``), on the header or a line, is read as its first
  day with a note naming the window; one wider than ``WINDOW_DAYS`` holds the order
  (``DELIVERY-WINDOW-WIDE``), as an EDIFACT window does (``extractors.edi.date_spans``).
* A stated number of lines (openTRANS ``ORDER_SUMMARY/TOTAL_ITEM_NUM``, UBL ``LineCountNumeric``) that
  is not the number of lines in the document holds it (``LINE-COUNT-MISMATCH``): a line may be lost.
* A line's own free-text notes (cXML ``ItemOut/Comments``, UBL ``OrderLine/Note`` and ``LineItem/Note``,
  openTRANS ``ORDER_ITEM/REMARKS``) are kept as the order's notes naming their line ("line 2: ..."), as
  EDIFACT FTX and X12 NTE/MSG in a line group are: they go out with the order and pass the same note rules
  (``gateway.stages.mapping.with_note_problems``), so a line note that changes the quantity, adds goods or
  sets a date holds the order as a header note does.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from extractors.edi.date_spans import window_reading
from extractors.xml.xmlsafe import ValueReader
from gateway.model import ExtractedLine, Problem

WINDOW_CODE = "DELIVERY-WINDOW-WIDE"
COUNT_CODE = "LINE-COUNT-MISMATCH"


def _day(text: str | None) -> date | None:
    return ValueReader("QUIET").date(text, "") if text else None  # its warnings are the reader's own


def window_findings(where: str, start_text: str | None, end_text: str | None) -> tuple[list[str], list[Problem]]:
    """Notes and problems for a delivery window written from ``start_text`` to ``end_text``."""
    start, end = _day(start_text), _day(end_text)
    if start is not None and end is not None and end < start:
        return [], [Problem(code=WINDOW_CODE, severity="warning", element="requested_delivery_date",
                            message=f"{where}: the requested delivery window ends ({end.isoformat()}) before it "
                                    f"starts ({start.isoformat()}): a person picks the day")]
    if start is None or end is None or end == start:
        return [], []
    note, wide = window_reading(where, start, end)
    if wide is None:
        return [note], []
    return [note], [Problem(code=WINDOW_CODE, severity="warning", element="requested_delivery_date", message=wide)]


def count_finding(stated: str | None, found: int, label: str) -> list[Problem]:
    """A ``LINE-COUNT-MISMATCH`` problem when ``stated`` (a number of lines) is not ``found``."""
    text = (stated or "").strip()
    try:
        number = Decimal(text) if text else None
    except InvalidOperation:
        number = Decimal("NaN")
    if number is not None and not (number.is_finite() and number >= 0 and number == number.to_integral_value()):
        return [Problem(code=COUNT_CODE, severity="warning", element=label,
                        message=f"{label} {text!r} is not a number of lines; the document has {found}")]
    said = int(number) if number is not None else None
    if said is None or said == found:
        return []
    return [Problem(code=COUNT_CODE, severity="warning", element=label,
                    message=f"{label} says {said} lines, the document has {found}: a line may be missing")]


def line_notes(read: list[tuple[ExtractedLine, list[str]]]) -> list[str]:
    """Each line's own notes as order notes naming the line ("line 3: Bitte einzeln verpacken"): the line's
    number as read, else its position."""
    return [f"line {line.line_no or position}: {text}"
            for position, (line, texts) in enumerate(read, start=1) for text in texts if text]
