"""Notes on a page that give a line a quantity or a price hold the order (outside fax waves: "MAKE LINE 1 QTY 60"
written under the table and "ligne 1 : prix convenu 2,50 €" went into the order's notes and the order went out
with the printed quantity and the list price)."""

from __future__ import annotations

import pytest

from extractors.capture.page_notes import note_problems
from gateway.model import ExtractedOrder


@pytest.mark.parametrize("note", [
    "MAKE LINE 1 QTY 60",
    "Pos. 2 Menge 30 bitte",
    "ligne 1 : quantité 12 svp",
    "ligne 1 : prix convenu 2,50 €",
    "Agreed price 2.50 for the toner",
    "Preis wie vereinbart: 2,40 EUR",
])
def test_a_note_giving_a_line_a_count_or_a_price_holds(note: str) -> None:
    codes = [p.code for p in note_problems([note], ExtractedOrder(), printed=True)]
    assert "CHANGE-TYPED" in codes or "PRICE-TYPED" in codes  # a price agreed in a note: PRICE-TYPED names it


@pytest.mark.parametrize("note", [
    "Prices as agreed in our framework contract apply.",
    "Line 1: deliver to dock 4",
    "Bitte Bestellnummer auf Lieferschein und Rechnung angeben.",
])
def test_a_note_without_a_count_or_price_for_a_line_holds_nothing_new(note: str) -> None:
    assert "CHANGE-TYPED" not in [p.code for p in note_problems([note], ExtractedOrder(), printed=True)]
