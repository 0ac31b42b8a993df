"""Review rev1 T8: a printed form's standard phrases hold nothing: "Please confirm price and delivery date by
return" asks for the usual order confirmation, and "our new address in the letterhead" is the company's letterhead
address, not a delivery address. A price question or a new delivery address still holds."""

from __future__ import annotations

import pytest

from extractors.typed_remarks import new_place, price_request


@pytest.mark.parametrize("text", ["Kindly confirm price and delivery date by return of fax.",
                                  "Bitte bestätigen Sie uns Preis und Liefertermin per Fax.",
                                  "Merci de confirmer prix et date de livraison par retour."])
def test_a_forms_confirmation_request_is_no_price_question(text):
    assert price_request(text, printed=True) is None


@pytest.mark.parametrize("text", ["Please confirm the price of LM-3310 before delivery.",
                                  "please confirm the price of GL-0042"])
def test_a_price_question_on_a_page_still_holds(text):
    assert price_request(text, printed=True) is not None


def test_a_letterhead_address_is_no_new_delivery_address():
    assert new_place("Please note our new address in the letterhead above.") is None
    assert new_place("Unsere neue Anschrift finden Sie im Briefkopf.") is None
    assert new_place("Neue Lieferadresse ab 1. Januar: Kanalweg 9, 34117 Kassel") is not None
