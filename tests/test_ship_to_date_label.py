"""A delivery word followed by a date's wording is a delivery date's label, never a delivery address label,
even when OCR's tolerant matching would take "Livraison" for "Livraison à": "Livraison prévue le",
"Lieferung am", "Delivery by" (findings of an outside fax round: the order waited SHIP-TO-UNSURE)."""

from __future__ import annotations

import pytest

from extractors.capture.ship_to import _INDEX, _date_label
from extractors.capture.words import Word


def _words(*texts: str) -> tuple[Word, ...]:
    return tuple(Word(t, i * 100.0, 0.0, i * 100.0 + 80, 20.0, 0.9) for i, t in enumerate(texts))


@pytest.mark.parametrize("texts", [("Livraison", "prévue", "le"), ("Lieferung", "am"), ("Livraison", "souhaitée", "le")])
def test_a_date_label_after_a_delivery_word_is_no_address_label(texts):
    words = _words(*texts)
    hit = _INDEX.find(words, 0, True)
    assert hit is None or hit.kind != "ship_to" or _date_label(words, hit)


@pytest.mark.parametrize("texts", [("Livraison", "à"), ("Lieferanschrift",), ("Ship", "to"),
                                   ("Adresse", "de", "livraison", "Le", "Bon", "Marché"), ("Deliver", "to", "Le", "Mans")])
def test_address_labels_stay_address_labels(texts):
    words = _words(*texts)
    hit = _INDEX.find(words, 0, True)
    assert hit is not None and hit.kind == "ship_to" and not _date_label(words, hit)
