"""A release against a blanket order typed in an e-mail keeps its release number (``references["release"]``),
so the next release of the same PO is an order of its own, never a change of the first (``gateway.stages.dedup``).
A written order date more than a month before receipt that is of the last month with day and month swapped
waits DATE-AMBIGUOUS (``gateway.stages.completeness.swapped_order_date``)."""

from __future__ import annotations

import pytest

from extractors.base import ExtractHints
from extractors.mail.body_text import EXTRACTOR


@pytest.mark.parametrize("body,release", [
    ("Release against blanket PO 45000, release no. 17:\n10 x SKU-1004\nThanks", "17"),
    ("Call-off 4 against PO 45000\n- 6 x SKU-1005\nRegards", "4"),
    ("Bestellung 45000, Abruf Nr. 12\n5 x MB-4711\nDanke", "12"),
    ("Commande 45000 - appel de livraison n° 3\n4 x DF-PAP-A4\nCordialement", "3"),
])
def test_a_typed_release_number_is_kept(body, release):
    order = EXTRACTOR.extract(body.encode(), ExtractHints(content_type="text/plain")).orders[0]
    assert order.references.get("release") == release


@pytest.mark.parametrize("line", [
    "Please release 2 pallets first",   # "release" without a number word is an ordinary verb
    "Merci de faire appel 4 fois",      # a bare "appel"
    "Lieferung auf Abruf 12 Wochen",    # a bare "Abruf"
])
def test_release_abruf_appel_need_a_number_word(line):
    order = EXTRACTOR.extract(f"PO 45000\n10 x SKU-1004\n{line}".encode(),
                              ExtractHints(content_type="text/plain")).orders[0]
    assert "release" not in order.references


@pytest.mark.parametrize("body,release", [
    ("PO 45000, Abruf-Nr.: 7\n5 x MB-4711", "7"),
    ("PO 45000 release #5\n5 x MB-4711", "5"),
])
def test_release_number_words(body, release):
    order = EXTRACTOR.extract(body.encode(), ExtractHints(content_type="text/plain")).orders[0]
    assert order.references.get("release") == release


def test_an_order_without_a_release_has_none():
    order = EXTRACTOR.extract(b"PO 45000\n10 x SKU-1004\nPlease release the goods asap",
                              ExtractHints(content_type="text/plain")).orders[0]
    assert "release" not in order.references


# --- an order date whose day and month read the other way would be of the last month ---

from datetime import date  # noqa: E402

from gateway.stages.completeness import swapped_order_date  # noqa: E402


def _dated(order_date: date, fmt: str):
    from tests.decide_helpers import make_order as make
    made = make(order_date=order_date)
    return made.model_copy(update={"source": made.source.model_copy(update={"format": fmt})})


@pytest.mark.parametrize("read,today,held", [
    (date(2026, 6, 12), date(2026, 12, 7), True),    # "12/06/2026" read day first; month first it is 6 December
    (date(2026, 12, 6), date(2026, 12, 7), False),   # read as the recent one
    (date(2026, 5, 12), date(2026, 12, 7), True),    # "05/12/2026" read month first; day first 5 December
    (date(2026, 11, 28), date(2026, 12, 7), False),  # a day over 12 has one reading
    (date(2026, 3, 3), date(2026, 12, 7), False),    # the same either way
])
def test_an_order_date_recent_only_when_read_the_other_way_is_ambiguous(read, today, held):
    found = swapped_order_date(_dated(read, "pdf_text"), today)
    assert bool(found) is held


def test_edi_dates_are_never_swapped():
    assert swapped_order_date(_dated(date(2026, 6, 12), "edifact"), date(2026, 12, 7)) == []


def _wanted(requested: date, fmt: str):
    from tests.decide_helpers import make_order as make
    made = make(requested_delivery_date=requested)
    return made.model_copy(update={"source": made.source.model_copy(update={"format": fmt})})


@pytest.mark.parametrize("read,held", [
    (date(2027, 12, 1), True),    # "12/01/2027" read month first; day first 12 January 2027 (outside trial)
    (date(2027, 1, 12), False),   # read as the near one
    (date(2026, 11, 12), True),   # "11/12/2026" read month first: 12 November, past; day first 11 December
    (date(2027, 7, 30), False),   # a day over 12 has one reading
    (date(2027, 9, 5), False),    # far ahead, but 9 May is also more than three months ahead
])
def test_a_requested_date_far_ahead_or_past_but_near_the_other_way_is_ambiguous(read, held):
    from gateway.stages.completeness import swapped_requested_date
    today = date(2026, 12, 7)
    assert bool(swapped_requested_date(_wanted(read, "body_text"), today)) is held
    assert swapped_requested_date(_wanted(read, "x12"), today) == []


@pytest.mark.parametrize("said", ["Please deliver by 2 July 2027.", "Liefertermin 2. Juli 2027", "Livraison le 2 juillet 2027."])
def test_a_requested_date_written_with_a_month_name_is_never_swapped(said):
    """Review R5: "2 July 2027" cannot be read as 7 February: no DATE-AMBIGUOUS however far ahead."""
    from extractors.base import ExtractHints
    from extractors.mail.body_text import EXTRACTOR
    from gateway.stages.completeness import swapped_requested_date
    body = f"Subject: PO 4711\nDate: Mon, 07 Dec 2026 09:00:00 +0000\n\nPO 4711\n5 x TP-1001\n{said}\nThanks\n"
    (order,) = EXTRACTOR.extract(body.encode(), ExtractHints(content_type="text/plain")).orders
    assert order.requested_delivery_date == date(2027, 7, 2) and "requested_delivery_date" in order.dates_in_words
    made = _wanted(date(2027, 7, 2), "body_text")
    assert swapped_requested_date(made, date(2026, 12, 7))  # digits alone: held
    worded = made.model_copy(update={"dates_in_words": ["requested_delivery_date"]})
    assert swapped_requested_date(worded, date(2026, 12, 7)) == []
