"""Requested delivery dates of EDI orders that are not one plain day, and what the order says of them.

A demanding EDI user wants the ERP's requested delivery date to be a day the buyer asked for, and to
know when it was taken from something wider or other than a delivery date:

* a window (EDIFACT 2379 format 718 ``CCYYMMDDCCYYMMDD``, 719 with times, 717 ``YYMMDDYYMMDD``) of at
  most ``WINDOW_DAYS`` days: its first day is the requested date, with a note naming the window; a wider
  window holds the order (``DELIVERY-WINDOW-WIDE``), its first day still read;
* a week (format 616 ``CCYYWW``): its Monday is the requested date, with a note naming the week;
* a requested *ship* date (X12 DTM/G62 010 "requested ship", 037 "ship not before"; EDIFACT DTM 10
  "shipment requested") as the only date: it stands as the requested date, and the order holds
  (``SHIP-DATE-ONLY``) so a person confirms it; ``[decide.actions]`` may set that code to ``flag``.
"""

from __future__ import annotations

from datetime import date

WINDOW_DAYS = 7  # a window up to a week is read as its first day, with a note
X12_SHIP = ("010", "037")
EDIFACT_SHIP = ("10",)


def window_end(text: str, fmt: str) -> date | None:
    """The last day of a range written in format 717, 718 or 719; None for any other format or a bad one."""
    digits = text.strip()
    if not digits.isdecimal():
        return None
    try:
        if fmt == "718" and len(digits) == 16:
            return date(int(digits[8:12]), int(digits[12:14]), int(digits[14:16]))
        if fmt == "719" and len(digits) == 24:
            return date(int(digits[12:16]), int(digits[16:18]), int(digits[18:20]))
        if fmt == "717" and len(digits) == 12:
            return date(2000 + int(digits[6:8]), int(digits[8:10]), int(digits[10:12]))
    except ValueError:
        return None
    return None


def span_reading(where: str, start: date, text: str, fmt: str) -> tuple[str | None, str | None]:
    """For a delivery date read at ``start`` from ``text`` in ``fmt``: a note for the order, and the
    message of a ``DELIVERY-WINDOW-WIDE`` hold (None when it is a plain day)."""
    if fmt == "616":
        week = start.isocalendar()
        return (f"{where}: requested delivery in week {week[1]} of {week[0]} (format 616); its Monday "
                f"{start.isoformat()} is the requested date", None)
    end = window_end(text, fmt)
    if end is None or end <= start:
        return None, None
    return window_reading(where, start, end, f" (format {fmt})")


def window_reading(where: str, start: date, end: date, written: str = "") -> tuple[str, str | None]:
    """For a requested window from ``start`` to ``end`` (after it): the order's note, and the message of a
    ``DELIVERY-WINDOW-WIDE`` hold when it spans more than ``WINDOW_DAYS`` (else None). ``written`` says how
    the document wrote it (" (format 718)")."""
    note = (f"{where}: requested delivery window {start.isoformat()} to {end.isoformat()}{written}; "
            f"its first day is the requested date")
    span = (end - start).days
    if span > WINDOW_DAYS:
        return note, (f"{where}: the requested delivery window {start.isoformat()} to {end.isoformat()} spans "
                      f"{span + 1} days, more than {WINDOW_DAYS + 1}: a person picks the day")
    return note, None


def ship_date_only(dates: dict[str, date], delivery: tuple[str, ...], ship: tuple[str, ...], label: str) -> str | None:
    """The message of a ``SHIP-DATE-ONLY`` hold when the requested date comes from a ship date."""
    chosen = next((q for q in delivery if q in dates), None)
    if chosen is None or chosen not in ship:
        return None
    return (f"the order's only requested date is a ship date ({label} {chosen} {dates[chosen].isoformat()}), "
            f"not a delivery date; it stands as the requested delivery date")
