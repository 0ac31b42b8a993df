"""Typed e-mail remarks (review of the ``edi`` range): a date followed by "am", "pm" or "h" is a date, only a
year-less number inside an hour range is no date; a fraction or measure before its unit is no date; a call
ahead passes alone (or beside a dock or gate) but never takes the hold off a condition beside it."""
from __future__ import annotations

from datetime import timedelta

import pytest

from extractors.typed_remarks import question
from tests.test_harmless_delivery_remarks import WANTED, typed_errors

OTHER = WANTED - timedelta(days=2)


@pytest.mark.parametrize("note", [
    f"Please deliver on {OTHER:%m/%d/%Y} am, dock 3.",
    f"Deliver {OTHER:%B} {OTHER.day} am only.",
    f"Lieferung am {OTHER.day}.{OTHER.month}.{OTHER.year} am Vormittag, Rampe 3.",
    f"Bitte am {OTHER.day}.{OTHER.month}.{OTHER.year} h 8 liefern",
    f"Deliver {OTHER:%B} {OTHER.day} 8 am.",
    f"Delivery on {OTHER:%d %B %Y}, 7-14 Uhr.",
    f"Livraison le {OTHER:%d/%m/%Y} 14h.",
    # counter-examples of the relaxed rules: still dates
    f"Please deliver on {OTHER.month}/{OTHER.day} please.",
    f"Lieferung bis {OTHER.day}.{OTHER.month}. bitte.",
])
def test_a_date_before_am_pm_or_hours_is_a_date(note: str) -> None:
    assert "DATE-UNPLACED" in typed_errors(note) or "CHANGE-TYPED" in typed_errors(note), note


@pytest.mark.parametrize("note", [
    "Anlieferung Rampe 3, 8.30-16 h.", "Anlieferung Rampe 3, 7-14.30 Uhr.", "Receiving 7.30-15.00 hrs, dock 3.",
    "Anlieferung Tor 2, 7.30-14.00 Uhr.", "Warenannahme 6.45-13.15 Uhr.", "Réception des marchandises 8h30-12 h.",
    "Lieferung bitte bis 3/4 voll gestapelt.", "Please deliver on the 12/24 hour shift dock.",
])
def test_hours_and_measures_are_no_date(note: str) -> None:
    assert "DATE-UNPLACED" not in typed_errors(note), note


@pytest.mark.parametrize("text", [
    "Please call before delivery, do not deliver.",
    "Please call before delivery, if no answer do not deliver",
    "Please call before delivery, deliver on Saturday only",
    "Please call before delivery, gate B, Saturday delivery",
    "Please call before delivery, delivery Friday only",
    "Please call before delivery, no Saturday",
    "Please call before delivery; weekend delivery",
    "Please call before delivery, delivery after 3 pm only",
    "Please call before delivery. Do not deliver on Saturday.",
    "Merci d'appeler avant la livraison, pas de livraison le samedi.",
    "Please call before delivery, otherwise leave at gate 2",
    "Kindly phone us ahead of arrival, leave it with the neighbours if nobody answers",
    "Bitte vor der Anlieferung anrufen, sonst vor der Tür abstellen",
    "Gate code 4411 - please call 20 minutes before arrival, if closed leave at the gate",
])
def test_a_call_ahead_never_clears_a_condition_beside_it(text: str) -> None:
    assert question(text) is not None, text


@pytest.mark.parametrize("text", [
    "Please call before delivery.", "Please call before delivery, dock 3", "Merci d'appeler avant la livraison, quai 2.",
    "Bitte vor der Anlieferung anrufen, Tor 2", "Please call before delivery and deliver to gate 5.",
    "Torcode 2580, bitte vor der Anlieferung anrufen.",
])
def test_a_call_ahead_alone_or_with_its_dock_passes(text: str) -> None:
    assert question(text) is None, text
