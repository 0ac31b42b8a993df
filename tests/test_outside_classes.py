"""The outside tester's classes read on words as producers print them: a delivery label cut at its
cell's edge, address blocks no label names, a quantity split at its thousands space, a letter's
lone date and a PO series prefix apart from its number. The documents themselves (made by LibreOffice
and Chromium: ``tests/fixtures/real_producers/make_outside.py``) are read field for field by
``tests/test_real_producers.py``; here, the rules on the words those producers print.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from extractors.base import Limits
from extractors.capture.address_blocks import AddressBlock, read_ship_to, unlabelled_doubt
from extractors.capture.letter_dates import lone_date
from extractors.capture.pdf_text import text_pages
from extractors.capture.ship_to import clipped_label, postcode_fits
from extractors.capture.value_columns import thousands_joined
from extractors.capture.words import Phrase, Row, Word
from extractors.locale_values import locale_for
from extractors.units import unit_code

DOCS = Path(__file__).parent / "fixtures" / "real_producers" / "docs"


def _phrase(*words: tuple[str, float]) -> Phrase:
    """Words of 10 px a letter, each after the given gap (negative: overlapping, a cut at a cell's edge)."""
    out, x = [], 0.0
    for text, gap in words:
        out.append(Word(text, x + gap, 0, x + gap + 10 * len(text), 25))
        x = out[-1].x1
    return Phrase(tuple(out))


@pytest.mark.parametrize("words, expected", [
    ((("Lieferanschri", 0), ("Hansa", -2)), (1, True)),  # cut, the next cell's text touching it
    ((("Adresse", 0), ("de", 5), ("livrai", 5), ("ACME", 0)), (3, True)),
    ((("Adresse", 0), ("d", 5), ("Bricomax", -3)), (2, False)),  # "de livraison" or "de facturation"
    ((("Lieferanschri", 0), ("Hansa", 5)), None),  # a space: no cut
    ((("Deliver", 0), ("by", 5)), None),
    ((("Ship", 0), ("via", 5)), None),
    ((("Lieferung", 0), ("bis", 5)), None),
])
def test_a_delivery_label_cut_at_its_cell_edge_is_a_label(words: tuple, expected: tuple | None) -> None:
    assert clipped_label(_phrase(*words)) == expected


def test_a_clipped_label_and_a_label_on_page_two_give_the_delivery_address() -> None:
    for name in ("clipship_de_1.pdf", "clipship_de_2.pdf"):
        found = read_ship_to(text_pages((DOCS / name).read_bytes(), Limits()))
        assert found is not None and found.doubt is None
        assert (found.party.postcode, found.party.city) == ("22113", "Hamburg")


def test_an_ambiguous_cut_label_holds_the_order() -> None:
    found = read_ship_to(text_pages((DOCS / "shipto_ho_1.pdf").read_bytes(), Limits()))
    assert found is not None and found.party is None and "cut short" in found.doubt


def _block(page: int, *lines: str) -> AddressBlock:
    return AddressBlock(page, lines)


def test_address_blocks_without_a_delivery_label_hold_when_one_may_be_the_delivery_address() -> None:
    letterhead = _block(1, "Hansa Bürotechnik GmbH", "Speicherstadt 4", "20457 Hamburg")
    assert unlabelled_doubt([letterhead], 1) is None  # the buyer's letterhead alone
    assert unlabelled_doubt([letterhead, _block(1, "Bureau Vallée Distribution", "21 rue du Commerce",
                                                 "75015 Paris")], 1) is None  # a letter's addressee
    assert "2 address blocks" in unlabelled_doubt(
        [letterhead, _block(1, "Hansa Bürotechnik GmbH", "Schnackenburgallee 40", "22525 Hamburg")], 1)
    assert unlabelled_doubt([letterhead, _block(1, "Lager Nord", "Halskestr. 12", "22113 Hamburg")], 1)
    assert "page 2" in unlabelled_doubt([letterhead, _block(2, "ACME", "Halskestr. 12", "22113 Hamburg")], 1)
    assert "3 address blocks" in unlabelled_doubt([letterhead, _block(1, "A AG", "Ring 1", "80331 München"),
                                                   _block(1, "B SA", "1 rue X", "69003 Lyon")], 1)
    footer = _block(2, "Hansa Bürotechnik GmbH", "Speicherstadt 4", "20457 Hamburg")
    assert unlabelled_doubt([letterhead, footer], 1) is None  # the letterhead again on page 2


def _unit_known(word: str) -> bool:
    return unit_code(word) is not None


@pytest.mark.parametrize("qty, unit, expected", [
    ([("1", 10, 16)], [("500", 19, 36), ("pièce", 40, 70)], ("1 500", "pièce")),
    ([("1", 10, 16)], [("500pièce", 19, 70)], ("1 500", "pièce")),  # run into its unit
    ([("2", 10, 16)], [("500", 19, 36), ("ABC-12", 40, 70)], ("2", "500")),  # no unit after: a code
    ([("2", 10, 16)], [("500", 40, 56), ("pièce", 60, 70)], ("2", "500")),  # a column gap, not a space
])
def test_a_quantity_split_at_its_thousands_space_is_one_number(qty: list, unit: list, expected: tuple) -> None:
    cells = {"quantity": [Word(t, a, 0, b, 10) for t, a, b in qty], "uom": [Word(t, a, 0, b, 10) for t, a, b in unit]}
    out = thousands_joined(cells, _unit_known)
    assert (out["quantity"][-1].text, out["uom"][0].text) == expected


def _row(y: float, *phrases: tuple[str, float]) -> Row:
    words = tuple(Word(text, x, y, x + 10 * len(text), y + 12) for text, x in phrases)
    return Row(1, words, tuple(Phrase((w,)) for w in words))


def test_a_date_alone_on_its_line_is_a_letters_date_unless_it_sits_under_a_label() -> None:
    loc = locale_for(None, "en")
    letter = [_row(0, ("ACME Ltd", 0)), _row(60, ("December 3, 2026", 500))]
    assert lone_date(letter, 1, loc)[0] == date(2026, 12, 3)
    under_label = [_row(0, ("Delivery date", 500)), _row(14, ("December 3, 2026", 500))]
    assert lone_date(under_label, 1, loc) is None


@pytest.mark.parametrize("country, postcode, fits", [
    ("FR", "69003", True), ("DE", "20457", True), ("AT", "1010", True), ("BE", "4000", True),
    ("FR", "1010", False), ("AT", "69003", False), ("GB", "LS1 4AB", True), ("XX", "12345", False),
])
def test_a_postcode_has_its_countrys_shape(country: str, postcode: str, fits: bool) -> None:
    assert postcode_fits(country, postcode) is fits
