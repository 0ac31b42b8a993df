"""A printed delivery date read with one OCR slip ("12/15/202 6", "DeDecember 14, 2026") is mended
(``extractors.capture.mended_dates``) and goes out only when the other OCR engine read the same date."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from extractors.capture.agreement import combine
from extractors.capture.mended_dates import MENDED_CONFIDENCE, MENDED_ELEMENT, mend_date, spaced_month_dates
from extractors.locale_values import locale_for
from gateway.model import Box, DocType, ExtractedLine, ExtractedOrder, Extraction, Problem

EN, DE, FR = locale_for("en_US"), locale_for("de"), locale_for("fr_FR")


@pytest.mark.parametrize("text, loc, day", [
    ("12/15/202 6", EN, date(2026, 12, 15)),  # a stray space in the year
    ("DeDecember 14, 2026", EN, date(2026, 12, 14)),  # a cut label's letters glued on the month
    ("DaDecember 14, 2026", EN, date(2026, 12, 14)),
    ("December16,2026", EN, date(2026, 12, 16)),  # the spaces lost
])
def test_one_slip_is_mended(text: str, loc, day: date) -> None:
    assert mend_date(text, loc) == day


@pytest.mark.parametrize("text", ["December 2026", "12/15/2026", "20 26", "Dearest 14, 2026", "12/15/20 2 6"])
def test_what_is_no_single_slip_or_reads_already_is_not_mended(text: str) -> None:
    assert mend_date(text, EN) is None


@pytest.mark.parametrize("text, loc", [("3 12/2026", FR), ("5 1.2026", DE), ("15 12.2026", DE), ("Lot 3 12/2026", FR)])
def test_a_month_and_year_with_a_number_in_front_is_no_date(text: str, loc) -> None:
    """"3 12/2026" may be a number before a printed month and year: mending it to 3 December would confirm itself
    (both engines read the same print), so it is never mended."""
    assert mend_date(text, loc) is None


def _reading(day: date | None, mended: bool) -> Extraction:
    line = ExtractedLine(supplier_item="SKU-1", quantity=Decimal(1), unit_price=Decimal(2), amount=Decimal(2),
                         boxes={"amount": Box(page=1, x=900, y=600, w=80, h=20)})
    problems = [Problem(code="DELIVERY-DATE-MISSING", severity="error", element=MENDED_ELEMENT,
                        message="read by mending one slip")] if mended else []
    order = ExtractedOrder(po_number="B-1", lines=[line], total=Decimal(2), requested_delivery_date=day,
                           confidence={"requested_delivery_date": MENDED_CONFIDENCE if mended else 0.95},
                           boxes={"requested_delivery_date": Box(page=1, x=300, y=200, w=200, h=20)},
                           problems=problems)
    return Extraction(format="ocr", doc_type=DocType.ORDER, orders=[order])


def _held(extraction: Extraction) -> bool:
    return any(p.code == "DELIVERY-DATE-MISSING" for p in extraction.orders[0].problems)


def test_a_mended_date_the_other_engine_read_alike_goes_out() -> None:
    result, engines = combine(_reading(date(2026, 12, 15), True), _reading(date(2026, 12, 15), False))
    assert not _held(result) and engines["requested_delivery_date"] == "both"
    assert result.orders[0].confidence["requested_delivery_date"] >= 0.9


def test_a_date_both_engines_mended_alike_goes_out() -> None:
    result, _ = combine(_reading(date(2026, 12, 15), True), _reading(date(2026, 12, 15), True))
    assert not _held(result) and result.orders[0].confidence["requested_delivery_date"] >= 0.9


def test_a_mended_date_whose_digits_the_other_engine_read_otherwise_stays_held() -> None:
    result, _ = combine(_reading(date(2026, 12, 15), True), _reading(date(2026, 12, 16), False))
    assert _held(result)


def test_a_mended_date_the_other_engine_did_not_read_stays_held() -> None:
    result, _ = combine(_reading(date(2026, 12, 15), True), _reading(None, False))
    assert _held(result)


@pytest.mark.parametrize("text, want", [
    ("December8,2026", "December 8, 2026"),  # RapidOCR lost the spaces
    ("Order Date: December 8. 2026", "Order Date: December 8, 2026"),  # its comma read as a dot
    ("December 16,2026", "December 16, 2026"),
    ("December 16, 2026", "December 16, 2026"),  # as printed: left alone
    ("Dezember 8 2026", "Dezember 8 2026"),
    ("Batch8,2026", "Batch8,2026"),  # no month's name
    ("SKU12.2026", "SKU12.2026"),
])
def test_a_date_in_words_an_engine_ran_together_is_written_apart(text: str, want: str) -> None:
    assert spaced_month_dates(text) == want
