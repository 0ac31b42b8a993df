"""The customer's own address, recognised in a delivery address read from a scan despite OCR's damage.

A scanned delivery address waits (``SHIP-TO-UNSURE``) unless it is the customer's own street and postcode
on file. OCR drops umlauts and reads ß as B ("KonigstraBe 40."): accents fold everywhere, and on a scan the
letters OCR confuses count as one another; another letter, or another house number, is another address.
"""

from __future__ import annotations

import pytest

from gateway.model import Address
from gateway.reference.masterdata import CustomerRecord
from gateway.stages.mapping import is_known_address

KESSLER = CustomerRecord(customer_id="C2005", name="Kessler Industriebedarf AG", country="DE",
                         street="Königstraße 40", postcode="70173", city="Stuttgart")


@pytest.mark.parametrize("street", ["KonigstraBe 40.", "Königstrasse 40", "Kőnigstraße 40", "KonigstraBe 40"])
def test_the_own_street_read_with_ocr_damage_is_known_on_a_scan(street: str) -> None:
    read = Address(name="Kessler Industriebedarf AG", street=street, postcode="70173", city="Stuttgart")
    assert is_known_address(read, KESSLER, scan=True)


@pytest.mark.parametrize("street, postcode", [
    ("KonigstraBe 41", "70173"),  # another house number
    ("Königstraße 40", "70174"),  # another postcode
    ("Hafenstraße 40", "70173"),  # another street
    ("Kongressallee 40", "70173"),
    ("Königstraße 400", "70173"),  # the number as a whole word
    ("Vönigstraße 40", "70173"),  # one other letter is another street
])
def test_another_address_is_never_known(street: str, postcode: str) -> None:
    read = Address(street=street, postcode=postcode, city="Stuttgart")
    assert not is_known_address(read, KESSLER, scan=True)


def test_a_text_document_gets_no_letter_tolerance_but_accents_and_sharp_s_fold() -> None:
    assert is_known_address(Address(street="Koenigstrasse 40", postcode="70173"), KESSLER) is False
    assert is_known_address(Address(street="Königstrasse 40", postcode="70173"), KESSLER)
    assert not is_known_address(Address(street="KonigstraBe 40", postcode="70173"), KESSLER)


def test_a_house_number_is_a_whole_number() -> None:
    home = CustomerRecord(customer_id="C1", name="X", street="Hauptstraße 1", postcode="10115", city="Berlin")
    for other in ("Hauptstraße 15", "Hauptstraße 12", "Hauptstraße 1a", "Hauptstraße 11"):
        assert not is_known_address(Address(street=other, postcode="10115", city="Berlin"), home, scan=True)
    assert is_known_address(Address(street="Hauptstr. 1", postcode="10115"), home) is False  # abbreviated: unsure
    assert is_known_address(Address(street="Hauptstrasse 1", postcode="10115", city="Berlin"), home)
    tanneurs = CustomerRecord(customer_id="C2", name="Y", street="18 rue des Tanneurs", postcode="69001", city="Lyon")
    assert not is_known_address(Address(street="118 rue des Tanneurs", postcode="69001"), tanneurs)
    assert not is_known_address(Address(street="18 rue des Vanneurs", postcode="69001"), tanneurs, scan=True)


BRUSSELS = CustomerRecord(customer_id="C7", name="Retail Brussels NV", country="BE", street="Rue Neuve 1",
                          postcode="1000", city="Bruxelles")


@pytest.mark.parametrize("block", ["RETAIL / Rue Neuve / 1000 Bruxelles", "BRUSSELS NV / RUE NEUVE / 1000 BRUXELLES",
                                   "RETAIL BRUSSELS NV / Rue Neuve 1 / 1000 Bruxelles"])
def test_the_faxed_letterhead_with_its_house_number_lost_is_the_customers(block: str) -> None:
    """t3 E: bold capitals at standard resolution lose the house number; the name, street and postcode are there."""
    from gateway.stages.mapping import scanned_letterhead
    assert scanned_letterhead(block, BRUSSELS)


@pytest.mark.parametrize("block", ["RETAIL / Rue Neuve 15 / 1000 Bruxelles",  # another house number
                                   "Depot Nord / Rue Neuve / 1000 Bruxelles",  # no name of the customer's
                                   "RETAIL / Rue Haute / 1000 Bruxelles",  # another street
                                   "RETAIL / Rue Neuve / 1020 Bruxelles"])  # another postcode
def test_a_block_that_differs_in_what_was_read_stays_a_possible_site(block: str) -> None:
    from gateway.stages.mapping import scanned_letterhead
    assert not scanned_letterhead(block, BRUSSELS)
