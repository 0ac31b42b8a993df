"""A header date whose day and month could be read either way ("04/12/2026", "06.12.2026" in an English
document) when nothing settled the order: not the customer's declared order, country or language (the
extraction's locale hint), not its past documents, not another date of the document with a day over 12,
not a dotted date in a French, German or Dutch document (dots are day-first usage there). Its reading's
strength is ``AMBIGUOUS``, but two OCR engines reading the same digits, or a label corroborating the
field, raise a field's confidence: the engines vouch for the digits, never for which is the day. So the
order names it: ``DATE-AMBIGUOUS`` on the field, with both readings, and waits for a person."""

from __future__ import annotations

from datetime import date
from typing import Iterable

from extractors.locale_values import NUMERIC_DATE, DocLocale, date_unsettled, fold
from gateway.model import ExtractedOrder, Problem

DATE_FIELDS = ("order_date", "requested_delivery_date")
LABELS = {"order_date": "order date", "requested_delivery_date": "requested delivery date"}


def unsettled_date_problems(order: ExtractedOrder, texts: Iterable[str], loc: DocLocale) -> list[Problem]:
    """``DATE-AMBIGUOUS`` for each header date of ``order`` printed as a numeric date among ``texts`` (the
    document's rows) whose day/month order ``loc`` does not settle; none when a month name wrote it."""
    if not loc.guessed:
        return []
    texts = list(texts)
    out = []
    for field in DATE_FIELDS:
        value = getattr(order, field)
        if not isinstance(value, date) or field in order.dates_in_words or value.day > 12 or value.day == value.month:
            continue
        if any(p.code == "DATE-AMBIGUOUS" and p.element == field for p in order.problems):
            continue
        if not any(_printed_unsettled(text, value, loc) for text in texts):
            continue
        other = date(value.year, value.day, value.month)
        out.append(Problem(code="DATE-AMBIGUOUS", severity="warning", element=field, message=(
            f"{LABELS[field]} read as {value.isoformat()}; with day and month the other way it is "
            f"{other.isoformat()}: nothing on file settles how this customer writes dates (no country, "
            f"language, declared order or past documents): a person confirms")))
    return out


def _printed_unsettled(text: str, value: date, loc: DocLocale) -> bool:
    folded = fold(text)
    for m in NUMERIC_DATE.finditer(folded):
        if date_unsettled(m.group(0), loc) == value:
            return True
    return False
