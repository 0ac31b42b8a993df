"""An unsettled header date settled by the customer identified after reading.

A page read from a channel that names no customer (an unknown sender, a fax number not on file) is read in a
guessed locale: "04/12/2026" could be either day first or month first, and the reader names it
``DATE-AMBIGUOUS`` (``extractors.capture.unsettled_dates``), keeping its day-first reading in
``other_readings``. When the customer is then identified by what the page prints (its address, VAT id or
letterhead), its declared date order or else its country settles the date: day first everywhere but the
month-first countries (US, ...). The date is set to that reading, at the strength a customer known before
reading would have given it, and the doubt is dropped. The date keeps waiting (``DATE-AMBIGUOUS``) when

- neither a country nor a declared order is on file;
- the country writes both orders (Canada: ``BOTH_ORDERS_COUNTRIES``) and no order is declared;
- the page itself prints a numeric date that proves the other order ("30/11/2026" beside "01/02/2027" for a
  month-first country): the document's own writer outweighs a guess by country, and a person decides;
- the customer is identified only by what the page prints, with nothing outside the document naming it
  (``corroborated`` False, ``CUSTOMER-WEAK-ID``): anyone can print that number, so it settles nothing
  (the caller passes no customer then).
"""

from __future__ import annotations

from datetime import date

from extractors.capture.unsettled_dates import DATE_FIELDS, DAY_FIRST, PAGE_ORDERS
from extractors.locale_values import AMBIGUOUS, BOTH_ORDERS_COUNTRIES, MONTH_FIRST_COUNTRIES
from gateway.model import ExtractedOrder
from gateway.reference.masterdata import CustomerRecord


def settle_by_country(extracted: ExtractedOrder, customer: CustomerRecord | None,
                      declared: str | None) -> ExtractedOrder:
    """``extracted`` with each unsettled header date read in the order the customer's declared date order
    (``dmy``/``mdy``) or, without one, its country gives; unchanged when neither is known."""
    country = ((customer.country if customer else None) or "").upper()[:2]
    if not declared and (not country or country in BOTH_ORDERS_COUNTRIES):
        return extracted
    month_first = declared == "mdy" if declared else country in MONTH_FIRST_COUNTRIES
    proven = {o for o in extracted.other_readings.get(PAGE_ORDERS, "").split(",") if o}
    if proven - {"mdy" if month_first else "dmy"}:
        return extracted  # the page's own "30/11/2026" says otherwise: a person decides
    settled: dict[str, date] = {}
    for field in DATE_FIELDS:
        day_first = extracted.other_readings.get(f"{field}{DAY_FIRST}")
        if not day_first or not any(p.code == "DATE-AMBIGUOUS" and p.element == field for p in extracted.problems):
            continue
        value = date.fromisoformat(day_first)
        settled[field] = date(value.year, value.day, value.month) if month_first else value
    if not settled:
        return extracted
    confidence = dict(extracted.confidence)
    for field in settled:
        if field in confidence:
            confidence[field] = min(1.0, confidence[field] / AMBIGUOUS)
    problems = [p for p in extracted.problems if not (p.code == "DATE-AMBIGUOUS" and p.element in settled)]
    readings = {k: v for k, v in extracted.other_readings.items()
                if not (k.endswith(DAY_FIRST) and k.removesuffix(DAY_FIRST) in settled)}
    return extracted.model_copy(update={**settled, "confidence": confidence, "problems": problems,
                                        "other_readings": readings})
