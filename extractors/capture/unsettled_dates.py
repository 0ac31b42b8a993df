"""A header date whose day and month could be read either way ("04/12/2026", "06.12.2026" in an English
document) when nothing settled the order: not the customer's declared order, country or language (the
extraction's locale hint), not its past documents, not another date of the document with a day over 12,
not a dotted date in a French, German or Dutch document (dots are day-first usage there). Its reading's
strength is ``AMBIGUOUS``, but two OCR engines reading the same digits, or a label corroborating the
field, raise a field's confidence: the engines vouch for the digits, never for which is the day. So the
order names it: ``DATE-AMBIGUOUS`` on the field, with both readings, and waits for a person, unless the customer,
identified only after reading (its address, VAT id or letterhead), settles it by its country or declared order
(``gateway.stages.date_country``): the day-first reading is kept in ``other_readings`` for that."""

from __future__ import annotations

import re
from datetime import date
from typing import Iterable

from extractors.locale_values import NUMERIC_DATE, DocLocale, date_unsettled, fold
from gateway.model import ExtractedOrder, Problem

DATE_FIELDS = ("order_date", "requested_delivery_date")
# ``other_readings`` key suffix of an unsettled date's day-first reading (ISO), for the customer identified after
# reading to settle it by its country (``gateway.stages.date_country``)
DAY_FIRST = "@day_first"
# ``other_readings`` key of the date orders the page's own numeric dates prove ("dmy" for "30/11/2026", "mdy" for
# "11/30/2026", both comma-separated when the page mixes them): a country's guess that disagrees settles nothing
PAGE_ORDERS = "dates@page_orders"
LABELS = {"order_date": "order date", "requested_delivery_date": "requested delivery date"}


def unsettled_date_problems(order: ExtractedOrder, texts: Iterable[str], loc: DocLocale) -> list[Problem]:
    """``DATE-AMBIGUOUS`` for each header date of ``order`` printed as a numeric date among ``texts`` (the
    document's rows) whose day/month order ``loc`` does not settle; none when a month name wrote it."""
    if not loc.guessed:
        return []
    texts = list(texts)
    out = []
    proven = _page_orders(texts)
    for field in DATE_FIELDS:
        value = getattr(order, field)
        if not isinstance(value, date) or field in order.dates_in_words or value.day > 12 or value.day == value.month:
            continue
        if any(p.code == "DATE-AMBIGUOUS" and p.element == field for p in order.problems):
            continue
        printed = next((t for text in texts if (t := _printed_unsettled(text, value, loc))), None)
        if printed is None:
            continue
        other = date(value.year, value.day, value.month)
        first = int(re.findall(r"\d+", printed)[0])  # the number printed first: the day when read day first
        order.other_readings[f"{field}{DAY_FIRST}"] = (value if value.day == first else other).isoformat()
        if proven:
            order.other_readings[PAGE_ORDERS] = ",".join(sorted(proven))
        out.append(Problem(code="DATE-AMBIGUOUS", severity="warning", element=field, message=(
            f"{LABELS[field]} read as {value.isoformat()}; with day and month the other way it is "
            f"{other.isoformat()}: nothing on file settles how this customer writes dates (no country, "
            f"language, declared order or past documents): a person confirms")))
    return out


def _page_orders(texts: list[str]) -> set[str]:
    """The date orders the numeric dates among ``texts`` prove by a number over 12: "dmy" for "30/11/2026",
    "mdy" for "11/30/2026"; none for a date that reads either way or a year first."""
    proven: set[str] = set()
    for text in texts:
        for m in NUMERIC_DATE.finditer(fold(text)):
            first, second, year = m.group(1), m.group(3), m.group(5)
            if len(first) > 2 or len(year) not in (2, 4) or m.group(2) != m.group(4):
                continue
            a, b = int(first), int(second)
            if 12 < a <= 31 and 1 <= b <= 12:
                proven.add("dmy")
            elif 12 < b <= 31 and 1 <= a <= 12:
                proven.add("mdy")
    return proven


def _printed_unsettled(text: str, value: date, loc: DocLocale) -> str | None:
    """The numeric date of ``text`` read as ``value`` with its order unsettled, as printed, or None."""
    folded = fold(text)
    for m in NUMERIC_DATE.finditer(folded):
        if date_unsettled(m.group(0), loc) == value:
            return m.group(0)
    return None
