"""A remark typed under an e-mail order's items whose numbers count time or money ("Bitte rufen Sie 2 Tage vorher
an", "Net 30 days as usual", "Merci de prévenir 24 h avant") is a note, never an unread item line; a line under the
items that asks for goods, with or without an "add" word, still holds (``extractors.mail.time_remarks``)."""

from __future__ import annotations

import pytest

from extractors.base import ExtractHints
from extractors.mail.body_text import EXTRACTOR

ITEMS = {"de": "Bestellung 4471, Liefertermin 16.12.2026\n\n- 15 x MB-4711 Ordner\n- 5 x MB-4712\n\n{note}\n\nGruß\nAnna\n",
         "fr": "Commande 2026-871, livraison le 16/12/2026\n\n- 8 x DF-PAP-A4\n- 2 x DF-AGR-1\n\n{note}\n\nBien à vous\nClaire\n",
         "en": "PO 99871, ship by Dec 16, 2026\n\n- 4 x AIS-STP-01\n\n{note}\n\nBest\nTom\n"}


def read(lang: str, note: str):
    [order] = EXTRACTOR.extract(ITEMS[lang].format(note=note).encode(), ExtractHints(content_type="text/plain")).orders
    return order


@pytest.mark.parametrize("lang, note", [
    ("de", "Bitte rufen Sie 2 Tage vorher an"), ("de", "Zahlung wie immer 30 Tage netto"),
    ("fr", "Merci de prévenir 24 h avant"), ("fr", "Paiement à 30 jours fin de mois"), ("fr", "Livraison en matinée svp"),
    ("en", "Net 30 days as usual"), ("en", "Deliveries accepted 8am-4pm only"),
])
def test_a_remark_of_time_or_money_is_a_note(lang, note):
    order = read(lang, note)
    assert not [p for p in order.problems if p.severity == "error"] and note in order.notes


@pytest.mark.parametrize("lang, note", [
    ("de", "2 Toner schwarz bitte"), ("de", "plus 5 Ordner"),
    ("fr", "2 agrafeuses svp"), ("fr", "Livraison avec 3 cartouches avant vendredi"),
    ("en", "also 3 boxes of staples"), ("en", "Please deliver 2 toner cartridges 2 days before"),
])
def test_a_line_asking_for_goods_still_holds(lang, note):
    assert any(p.severity == "error" for p in read(lang, note).problems)
