"""The customer's own address, recognised in a delivery address read from a scan despite OCR's damage.

A scanned delivery address waits (``SHIP-TO-UNSURE``) unless it is the customer's own street and postcode
on file. OCR drops umlauts and reads ß as B ("KonigstraBe 40."), so the street is compared with up to
one letter edit in six (two at most); a digit never: "Königstraße 41" is another address.
"""

from __future__ import annotations

import pytest

from gateway.model import Address
from gateway.reference.masterdata import CustomerRecord
from gateway.stages.mapping import is_known_address, near_substring

KESSLER = CustomerRecord(customer_id="C2005", name="Kessler Industriebedarf AG", country="DE",
                         street="Königstraße 40", postcode="70173", city="Stuttgart")


@pytest.mark.parametrize("street", ["KonigstraBe 40.", "Königstrasse 40", "Kőnigstraße 40", "Konigstrase 40"])
def test_the_own_street_read_with_ocr_damage_is_known_on_a_scan(street: str) -> None:
    read = Address(name="Kessler Industriebedarf AG", street=street, postcode="70173", city="Stuttgart")
    assert is_known_address(read, KESSLER, scan=True)


@pytest.mark.parametrize("street, postcode", [
    ("KonigstraBe 41", "70173"),  # another house number
    ("Königstraße 40", "70174"),  # another postcode
    ("Hafenstraße 40", "70173"),  # another street
    ("Kongressallee 40", "70173"),
])
def test_another_address_is_never_known(street: str, postcode: str) -> None:
    read = Address(street=street, postcode=postcode, city="Stuttgart")
    assert not is_known_address(read, KESSLER, scan=True)


def test_a_text_document_gets_no_letter_tolerance_but_accents_and_sharp_s_fold() -> None:
    assert is_known_address(Address(street="Koenigstrasse 40", postcode="70173"), KESSLER) is False
    assert is_known_address(Address(street="Königstrasse 40", postcode="70173"), KESSLER)
    assert not is_known_address(Address(street="KonigstraBe 40", postcode="70173"), KESSLER)


@pytest.mark.parametrize("needle, text, edits, found", [
    ("abcdef", "xxabcdefxx", 1, True), ("abcdef", "xxabdefxx", 1, True), ("abcdef", "xxabxxefxx", 1, False),
    ("ab12", "xxab13xx", 2, False), ("ab12", "xxzb12xx", 1, True), ("abc", "abc", 0, False),
])
def test_approximate_matching_never_edits_a_digit(needle: str, text: str, edits: int, found: bool) -> None:
    assert near_substring(needle, text, edits) is found
