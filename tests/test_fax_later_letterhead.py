"""The order's letterhead on page 2 of a fax (a cover sheet on page 1, findings-t23 F-4): the block is
shown to the gateway, which finds it is the customer's own address on file and holds nothing; a block
on a later page that is not the customer's still holds. fr/de/en addresses."""

from __future__ import annotations

import pytest

from extractors.capture.address_blocks import BLOCKS_ELEMENT, scanned_blocks
from extractors.capture.words import PageWords, Word
from gateway.model import ExtractedOrder, Problem
from gateway.reference.masterdata import CustomerRecord
from gateway.stages.mapping import _known_after_all


def _page(n: int, lines: list[str]) -> PageWords:
    words = []
    for i, line in enumerate(lines):
        x = 60.0
        for text in line.split():
            words.append(Word(text, x, 80 + 30 * i, x + 11 * len(text), 96 + 30 * i, 0.95, n))
            x += 11 * len(text) + 9
    return PageWords(n, 1400.0, 1980.0, tuple(words))


CASES = {
    "fr": (["Papeterie Lefèvre SA", "27 quai Perrache", "69002 Lyon"], ("27 quai Perrache", "Lyon", "69002")),
    "de": (["Krause Bürobedarf GmbH", "Lindenstraße 4", "79098 Freiburg"], ("Lindenstraße 4", "Freiburg", "79098")),
    "en": (["Mill Office Supply Ltd", "4 Mill Lane", "Leeds LS1 2AB"], ("4 Mill Lane", "Leeds", "LS1 2AB")),
}


@pytest.mark.parametrize("lang", ["fr", "de", "en"])
def test_a_letterhead_behind_a_cover_sheet_is_the_customers_address_and_holds_nothing(lang: str) -> None:
    block, (street, city, postcode) = CASES[lang]
    cover = _page(1, ["TELEFAX", "Pages: 2"])
    read = scanned_blocks([cover, _page(2, block)])
    assert read is not None and read.element == BLOCKS_ELEMENT
    problem = Problem(code="SHIP-TO-UNSURE", message=read.doubt, element=read.element, severity="warning")
    own = CustomerRecord("C1", block[0], street=street, city=city, postcode=postcode)
    other = CustomerRecord("C2", "Elsewhere", street="9 Other Road", city="Derby", postcode="DE1 1AA")
    assert _known_after_all(problem, ExtractedOrder(), own, scan=True)
    assert not _known_after_all(problem, ExtractedOrder(), other, scan=True)
