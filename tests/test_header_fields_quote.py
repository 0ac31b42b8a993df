"""The quotation an order follows: only its own number and date are left out of the order's header fields,
never a PO printed on the same line (examples of our own)."""

from __future__ import annotations

import pytest

from extractors.capture.header_fields import _quotation_words
from extractors.capture.words import Row, Word


def _row(text: str) -> Row:
    words, x = [], 10.0
    for part in text.split():
        words.append(Word(part, x, 100.0, x + 6 * len(part), 110.0))
        x += 6 * len(part) + 4
    return Row(1, tuple(words))


@pytest.mark.parametrize("text, quoted", [
    ("Purchase order no. PO-55310, as per your quotation no. Q-412 of 03/11/2026",
     "quotation no. Q-412 of 03/11/2026"),
    ("Bon de commande n° BC-3310 suivant votre devis n° D-7781 du 14 novembre 2026",
     "devis n° D-7781 du 14 novembre 2026"),
    ("Gemäß Ihrem Angebot Nr. AN-2290 vom 02.11.2026 bestellen wir unter Bestellnummer 4500-7712",
     "Angebot Nr. AN-2290 vom 02.11.2026"),
    ("Suivant votre devis n° D-7781, commande n° BC-3310", "devis n° D-7781,"),
    ("(quote #Q-77) PO 88120", "(quote #Q-77)"),
    ("Purchase order no. PO-55310", ""),
])
def test_only_the_quotation_reference_is_quoted(text: str, quoted: str) -> None:
    assert " ".join(w.text for w in _quotation_words(_row(text))) == quoted
