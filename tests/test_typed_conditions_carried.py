"""Issue 17, typed conditions that were lost: a weekday rule typed under the items is read by the rule of every
format's notes (``note_dates.weekday_rule``): against the date it holds ``DATE-REMARK-CONFLICT``, met it is carried
as the order's note; a year-less day right after a delivery noun ("Anlieferung 25.12. am Tor 2.") is a day to
deliver on; someone to sign for the goods is a delivery instruction carried as a note, never a hold, while any other
condition beside it still holds."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from extractors.base import ExtractHints
from extractors.capture.page_notes import note_problems
from extractors.mail.body_text import EXTRACTOR as TYPED
from gateway.model import ExtractedOrder

THURSDAY = date.today() + timedelta(days=14 + (3 - date.today().weekday()) % 7)
BODY = "PO 66120, please deliver on {day:%d.%m.%Y}\n\n- 4 x AIS-STP-01\n- 2 x AIS-TON-05\n\n{note}\n\nRegards\nSam\n"


def typed(note: str, day: date = THURSDAY) -> tuple[list[str], list[str]]:
    [order] = TYPED.extract(BODY.format(day=day, note=note).encode(), ExtractHints(content_type="text/plain")).orders
    return [p.code for p in order.problems if p.severity == "error"], order.notes


@pytest.mark.parametrize("note", ["Please deliver on Saturday only", "Anlieferung nur montags, Tor 2",
                                  "Livraison uniquement le vendredi", "Deliveries Monday to Wednesday only, dock 3"])
def test_a_weekday_rule_the_date_breaks_holds(note):
    errors, notes = typed(note)
    assert "DATE-REMARK-CONFLICT" in errors and note in notes


@pytest.mark.parametrize("note", ["Please deliver on Thursday only", "Anlieferung nur donnerstags, Tor 2",
                                  "Deliveries Monday to Friday only, dock 3"])
def test_a_weekday_rule_the_date_meets_is_carried(note):
    errors, notes = typed(note)
    assert errors == [] and note in notes


def test_a_day_after_a_delivery_noun_is_a_day_to_deliver_on():
    other = THURSDAY + timedelta(days=1)
    assert "DATE-UNPLACED" in typed(f"Anlieferung {other.day}.{other.month}. am Tor 2.")[0]
    assert typed(f"Anlieferung {THURSDAY.day}.{THURSDAY.month}. am Tor 2.")[0] == []  # the order's own day
    assert typed("Anlieferung Rampe 3, 8.30-16 h.")[0] == []  # hours, no day


@pytest.mark.parametrize("note", ["Deliver only if someone is on site to sign", "Someone must sign for the delivery on site.",
                                  "Lieferung nur gegen Unterschrift", "Livraison contre signature, quai 2",
                                  "Please call before delivery, someone must sign for it"])
def test_someone_to_sign_is_a_delivery_instruction_carried(note):
    errors, notes = typed(note)
    assert errors == [] and note.strip() in notes


@pytest.mark.parametrize("note", [
    # counter-examples of the loosening: a condition beside the signature, or a condition of its own
    "Deliver only if someone is on site to sign, otherwise return the goods",
    "Deliver only if all items are in stock",
    "Deliver only if someone is on site to sign and add 2 staplers",
    "Signature required on delivery - can you deliver on Saturday?",
])
def test_a_condition_beside_a_signature_still_holds(note):
    assert typed(note)[0]


@pytest.mark.parametrize("note", ["Deliver only if someone is on site to sign", "Lieferung nur gegen Unterschrift"])
def test_someone_to_sign_in_a_structured_or_printed_note_passes(note):
    order = ExtractedOrder(po_number="PO-1", notes=[note], requested_delivery_date=THURSDAY)
    assert not note_problems([note], order) and not note_problems([note], order, printed=True)
