"""A lead-in sentence over the item table ("Please deliver the following items to our usual address:") is no
delivery address label; a delivery sentence with an address under it still is (examples of our own)."""

from __future__ import annotations

import pytest

from extractors.capture.ship_to import find_ship_to
from extractors.capture.words import PageWords, Word


def _page(lines: list[str]) -> PageWords:
    words = []
    for n, line in enumerate(lines):
        x = 50.0
        for part in line.split():
            words.append(Word(part, x, 100.0 + 16 * n, x + 5.5 * len(part), 110.0 + 16 * n))
            x += 5.5 * len(part) + 4
    return PageWords(1, 595.0, 842.0, tuple(words))


TABLE = ["Item Description Qty Price Amount", "SKU-1004 Stapler 4 18,00 72,00", "SKU-1005 Toner 1 79,00 79,00"]


@pytest.mark.parametrize("sentence", [
    "Please ship the following items to our usual address:",
    "Merci d'expédier les articles suivants à notre adresse habituelle :",
    "Bitte senden Sie folgende Artikel an unsere übliche Anschrift:",
    "Kindly deliver to the usual address as always:",
])
def test_a_lead_in_over_the_item_table_is_no_label(sentence: str) -> None:
    read = find_ship_to(_page(["Purchase order BC-4410", sentence, *TABLE]))
    assert read is None or (read.party is None and not read.doubt)


def test_a_delivery_sentence_with_an_address_under_it_is_read() -> None:
    read = find_ship_to(_page(["Purchase order BC-4410", "Please ship the following items to our site in Namur:",
                               "Lambert Namur", "Rue de Fer 8", "5000 Namur", "", *TABLE]))
    assert read is not None and read.party is not None and read.party.city == "Namur"


def test_a_delivery_details_heading_over_a_labelled_address_gives_way_to_its_label() -> None:
    """Xero's "Détails de livraison" heading over "Adresse de livraison : Dépôt Barbier, ..., 37300 Joué-lès-" /
    "Tours" or over "Adresse de livraison" / "Menuiserie Rolland" / ...: the address is the label's under the
    heading, not a block whose name is the label (held SHIP-TO-UNSURE with the label in the name before)."""
    from pathlib import Path

    from extractors.base import ExtractHints
    from extractors.capture.pdf_text import PdfTextExtractor

    docs = Path(__file__).parent / "fixtures" / "real_producers" / "docs"
    for name, want in (("xero_ho_2", ("Dépôt Barbier", "37300", "Joué-lès-Tours")),
                       ("xero_ho2_2", ("Menuiserie Rolland", "49100", "Angers"))):
        pdf = docs / f"{name}.pdf"
        order = PdfTextExtractor().extract(pdf.read_bytes(), ExtractHints(filename=pdf.name)).orders[0]
        (ship,) = [p for p in order.parties if p.role == "ship_to"]
        assert (ship.name, ship.postcode, ship.city) == want
        assert not [p for p in order.problems if p.code == "SHIP-TO-UNSURE"]
