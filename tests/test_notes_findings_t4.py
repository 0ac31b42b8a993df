"""Outside tester t4's classes (typed bodies, EDI/XML notes), written again here from the class descriptions (never
the tester's files): payment terms and discounts in structured notes, bill-to in an X12 MSG, German and French
weekday windows written short ("Mo-Fr", "Mo.-Fr.") against a Saturday, and counter-examples that still pass."""

from __future__ import annotations

from datetime import date

import pytest

from extractors.base import ExtractHints
from extractors.mail.body_text import EXTRACTOR as TYPED
from extractors.payment_terms import Terms, stated_terms
from gateway.model import ExtractedOrder
from gateway.stages.mapping import with_note_problems

SATURDAY = date(2026, 12, 19)
WEDNESDAY = date(2026, 12, 16)


def note_codes(note: str, day: date = SATURDAY) -> set[str]:
    order = ExtractedOrder(po_number="PO-1", notes=[note], requested_delivery_date=day)
    return {p.code for p in with_note_problems(order).problems if p.severity == "error"}


@pytest.mark.parametrize("note, code", [
    ("REMISE DE 10% SUR TOUTE LA COMMANDE SELON ACCORD COMMERCIAL", "PRICE-TYPED"),
    ("Bitte 5% Rabatt wie vereinbart abziehen.", "PRICE-TYPED"),
    ("INVOICE THIS ORDER TO OUR HEAD OFFICE, 500 W MADISON ST, CHICAGO", "BILL-TO-TYPED"),
    ("Rechnung bitte an unsere Zentrale: Müller Holding GmbH, Leopoldstraße 20, 80802 München", "BILL-TO-TYPED"),
    ("ANLIEFERUNG NUR MO-FR 7-15 UHR, TOR 2", "DATE-REMARK-CONFLICT"),
    ("Lieferung nur Mo.-Fr.", "DATE-REMARK-CONFLICT"),
    ("Anlieferung bitte nur werktags (Mo-Fr) an Tor 3.", "DATE-REMARK-CONFLICT"),
])
def test_a_condition_in_a_structured_note_holds(note, code):
    assert code in note_codes(note)


@pytest.mark.parametrize("note", [
    "ANLIEFERUNG NUR MO-FR 7-15 UHR, TOR 2",  # the window met by a Wednesday
    "DELIVER TO DOCK 4. CALL 312-555-0100 BEFORE DELIVERY",
    "Invoice number to be quoted on all documents",
    "Prices as per your current price list",
])
def test_the_same_words_met_or_harmless_pass(note):
    assert not note_codes(note, WEDNESDAY)


@pytest.mark.parametrize("text", ["PAIEMENT A 90 JOURS FIN DE MOIS POUR CETTE COMMANDE",
                                  "Paiement à 90 jours fin de mois, par dérogation à nos conditions habituelles"])
def test_payment_terms_in_a_note_are_read(text):
    assert stated_terms(text) == Terms(90, end_of_month=True)


def test_a_typed_discount_under_the_items_holds_and_a_typed_weekday_window_too():
    body = ("Bonjour,\n\nCommande n° 7719\n- 3 x SKU-1005 Toner noir à 79,00\n"
            "Merci d'appliquer la remise habituelle de 5 % sur cette commande.\nLivraison le 18/12/2026\n\nCordialement,\nA. Martin\n")
    [order] = TYPED.extract(body.encode(), ExtractHints(content_type="text/plain")).orders
    assert "PRICE-TYPED" in {p.code for p in order.problems}
    body = ("Guten Tag,\n\nBestellung Nr. 4713\n- 5 x SKU-1001\nLiefertermin: 19.12.2026\n"
            "Anlieferung nur Mo-Fr 7-15 Uhr, Tor 2\n\nMit freundlichen Grüßen\nP. Roth\n")
    [order] = TYPED.extract(body.encode(), ExtractHints(content_type="text/plain")).orders
    assert "DATE-REMARK-CONFLICT" in {p.code for p in order.problems}
    [order] = TYPED.extract(body.replace("19.12.2026", "16.12.2026").encode(), ExtractHints(content_type="text/plain")).orders
    assert not [p for p in order.problems if p.severity == "error"]
    assert "Anlieferung nur Mo-Fr 7-15 Uhr, Tor 2" in order.notes  # met: carried
