"""A typed delivery label whose value is the usual address named by its town ("Ship to: our Chicago address as
usual", t1 W1-E): no address block; the town is compared with the customer's town on file, and only another town
(or no customer) leaves the doubt (SHIP-TO-UNSURE)."""

from __future__ import annotations

import pytest

from extractors.mail.typed_ship_to import USUAL_PLACE_ELEMENT, typed_ship_to
from gateway.model import ExtractedOrder
from gateway.reference.masterdata import CustomerRecord
from gateway.stages.mapping import _known_after_all

LYON = CustomerRecord(customer_id="C9", name="Atelier Rhône SARL", country="FR", street="4 quai Perrache",
                      postcode="69002", city="Lyon")
KOLN = CustomerRecord(customer_id="C8", name="Rheinbau GmbH", country="DE", street="Ringstraße 9", postcode="50667",
                      city="Köln")


@pytest.mark.parametrize("line, town, customer", [
    ("Deliver to: our Lyon address as always.", "Lyon", LYON),
    ("Adresse de livraison : notre adresse de Lyon, comme d'habitude", "Lyon", LYON),
    ("Lieferadresse: unsere Adresse in Köln wie gewohnt", "Köln", KOLN),
    ("Ship to: our Koln address as usual", "Koln", KOLN),
    ("Lieferung an: unsere Kölner Adresse wie immer", "Kölner", KOLN),
])
def test_the_usual_address_named_by_the_customers_town_is_settled(line, town, customer):
    read = typed_ship_to(["Hello,", "", line, "", "Thanks"])
    assert read.party is None
    [problem] = read.problems()
    assert problem.element == USUAL_PLACE_ELEMENT and f"[{town}]" in problem.message
    assert _known_after_all(problem, ExtractedOrder(), customer)


def test_another_town_or_no_customer_keeps_the_doubt():
    read = typed_ship_to(["Deliver to: our Lyon address as usual."])
    [problem] = read.problems()
    assert not _known_after_all(problem, ExtractedOrder(), KOLN)
    assert not _known_after_all(problem, ExtractedOrder(), None)
    other = typed_ship_to(["Lieferadresse: unsere Bonner Adresse wie immer"]).problems()[0]
    assert not _known_after_all(other, ExtractedOrder(), KOLN)  # Bonn's adjective is no Köln


def test_an_address_with_a_street_is_still_read_as_one():
    read = typed_ship_to(["Ship to: 12 Harbour Road, Leeds LS1 4DL"])
    assert read.party is not None and read.party.postcode == "LS1 4DL"
