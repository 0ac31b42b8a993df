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
    ("fr", "Merci de prévenir 24 h avant"), ("fr", "Livraison en matinée svp"),
    ("en", "Net 30 days as usual"), ("en", "Deliveries accepted 8am-4pm only"), ("de", "Warenannahme bis 15 Uhr"),
    ("en", "Please ring 30 min before arrival"), ("fr", "Paiement comme d'habitude à 30 jours"),
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


@pytest.mark.parametrize("lang, note", [
    # the date moves
    ("en", "Could you ship 4 days sooner"), ("en", "Deliver 3 weeks after the date above"),
    ("en", "Please call 1 day before, delivery in 3 weeks"), ("de", "Bitte erst in 4 Wochen liefern"),
    ("de", "Lieferung 2 Tage später als angegeben"), ("de", "Lieferung in 14 Tagen"),
    ("fr", "Livraison 3 jours plus tard svp"), ("fr", "A livrer dans 2 semaines"),
    # the delivery splits
    ("en", "Ship 40% now and 60% in 10 days"), ("de", "Die Hälfte jetzt, den Rest in 3 Wochen"),
    ("fr", "Une moitié maintenant, le reste dans 10 jours"),
    # a price or a discount
    ("en", "Price 2.10 USD per unit not 2.60 USD"), ("fr", "Remise de 3 % comme convenu"),
])
def test_a_remark_that_changes_the_order_holds(lang, note):
    order = read(lang, note)
    assert any(p.severity == "error" for p in order.problems), order.problems


@pytest.mark.parametrize("lang, note", [
    ("en", "Net 90 days please"), ("de", "Zahlung 90 Tage statt 30 Tage"), ("de", "2 % Skonto bei Zahlung in 10 Tagen"),
    ("fr", "Paiement à 45 jours au lieu de 30 jours"), ("fr", "Paiement à 30 jours fin de mois"),
])
def test_terms_other_than_usual_are_the_orders_note_for_the_terms_check(lang, note):
    """Issue 17: a line stating payment terms is carried as the order's note, which the gateway compares with the
    customer's terms (``TERMS-TYPED``, tests/test_typed_round_issue17.py), never an unread item line."""
    order = read(lang, note)
    assert note in order.notes and not [p for p in order.problems if p.code == "LINE-UNREAD"], order.problems


@pytest.mark.parametrize("text", [
    "Please call 2 days before delivery, and deliver only one box",
    "Bitte 2 Tage vorher anrufen, aber diesmal nur die Hälfte",
    "Merci de prévenir 24 h avant, livraison lundi prochain",
    "Net 30 days as usual, but 10 days for this order",
    "Zahlung wie immer, diesmal aber 60 Tage netto",
    "Receiving hours 7-15; deliver Monday, not Friday",
])
def test_a_harmless_opening_followed_by_another_clause_is_no_time_remark(text):
    """The allow-list covers the whole remark: a harmless opening followed by a change is read by a person (review
    revX D1)."""
    from extractors.mail.time_remarks import time_remark

    assert not time_remark(text)
