"""Postcode shapes per country on the side the country writes them (issue 18, findings-t2 held-needlessly 8): an
Irish delivery address writes its Eircode after the town or before it ("Galway H91 DX47", "T45 K231 Cork"), the UK
its postcode on either side; every other country's shape keeps its one order ("80331 München", never "München
80331"), and a code of no Eircode shape before a town is no place."""

from __future__ import annotations

import pytest

from extractors.capture.ship_to import parse_address, place_of
from extractors.sheet.sheet_address import sheet_ship_to


@pytest.mark.parametrize("text, want", [
    ("Galway H91 DX47", ("H91 DX47", "Galway", "IE")),
    ("T45 K231 Cork", ("T45 K231", "Cork", "IE")),
    ("T45K231 Cork", ("T45 K231", "Cork", "IE")),
    ("V94 T9PX, Limerick", ("V94 T9PX", "Limerick", "IE")),
    ("D02 X285 Dublin 2", ("D02 X285", "Dublin 2", "IE")),
    ("LS1 4AB Leeds", ("LS1 4AB", "Leeds", "GB")),
    ("Leeds LS1 4AB", ("LS1 4AB", "Leeds", "GB")),
])
def test_ireland_and_the_uk_write_the_postcode_on_either_side(text, want):
    assert place_of(text) == want


@pytest.mark.parametrize("text", [
    "München 80331",        # DE: postcode first only
    "Lyon 69003",           # FR
    "Wien 1010",            # AT
    "Amsterdam 1012 AB",    # NL
    "B45 K231 Cork",        # no Eircode routing key starts with B
    "T45 K23 Cork",         # three characters after the routing key
    "T45 K231",             # an Eircode alone is no place line
    "T45 K231 12",          # no town after it
])
def test_other_shapes_stay_strict(text):
    assert place_of(text) is None


def test_a_delivery_address_with_its_eircode_before_the_town_is_read():
    party, doubt = parse_address(["Doyle Depot", "Unit 7 Little Island Business Park", "T45 K231 Cork"])
    assert doubt is None
    assert (party.street, party.postcode, party.city, party.country) == (
        "Unit 7 Little Island Business Park", "T45 K231", "Cork", "IE")


def test_a_sheet_ship_to_with_the_eircode_first_is_read_without_doubt():
    rows = [["Ship To", "Doyle Office Services Ltd - Depot"], ["", "Unit 7 Little Island Business Park"],
            ["", "T45 K231 Cork"], ["PO Number", "DOS-77"]]
    read = sheet_ship_to(rows)
    assert read is not None and read.doubt is None, read
    assert (read.party.postcode, read.party.city) == ("T45 K231", "Cork")


def test_a_german_place_written_town_first_still_doubts():
    rows = [["Lieferadresse", "Müller Bürobedarf GmbH Lager"], ["", "Industriestraße 9"], ["", "München 80331"],
            ["Bestellnummer", "MB-77"]]
    read = sheet_ship_to(rows)
    assert read is not None and read.doubt, read
