"""A sheet wider than its paper whose right-hand columns print on a page of their own is joined across by a row of
column titles at the height of the first page's titles, however long a title is ("Quantité commandée en unités de
vente", "Menge in Verkaufseinheiten je Lieferung"). Counter-example: a description's wrapped line in a Word table
going on down the pages, naming a title word under items priced above it, is no row of titles (the fixture of
tests/test_page_break_rows.py keeps its pages apart)."""

from __future__ import annotations

import pytest

from extractors.capture.spilled_columns import join_spilled_columns
from extractors.capture.words import PageWords, Word


def _page(n: int, rows: list[list[tuple[str, float]]]) -> PageWords:
    words = []
    for k, row in enumerate(rows):
        y = 300 + k * 35
        for text, x in row:
            words.append(Word(text, x, y, x + 8 * len(text), y + 14.0, 1.0, n))
    return PageWords(n, 1000.0, 1400.0, tuple(words))


LEFT = [[("Référence", 60), ("Désignation", 220)], [("SKU-1001", 60), ("Ramette", 220), ("papier", 300)],
        [("SKU-1004", 60), ("Agrafeuse", 220)], [("SKU-1003", 60), ("Classeur", 220)]]


@pytest.mark.parametrize("title", ["Quantité commandée en unités de vente", "Menge in Verkaufseinheiten je Lieferung",
                                   "Qté"])
def test_a_long_column_title_printed_on_the_next_page_joins_it_across(title: str) -> None:
    words = title.split()
    head, x = [], 60.0
    for w in words:
        head.append((w, x))
        x += 8 * len(w) + 6
    right = [[*head, ("Unité", 600)], [("40", 60), ("BX", 600)], [("6", 60), ("PCE", 600)], [("25", 60), ("PCE", 600)]]
    out = join_spilled_columns([_page(1, LEFT), _page(2, right)])
    assert not out[1].words and any(w.text == "BX" for w in out[0].words)


def test_a_description_line_under_priced_items_is_no_title_row() -> None:
    left = [[("Référence", 60), ("Désignation", 220), ("Montant", 800)],
            [("SKU-1001", 60), ("Ramette", 220), ("980,00", 800)],
            [("commande", 220), (";", 300), ("livraison", 320), ("sur", 400), ("palette", 440)],
            [("filmée", 220), ("accès", 300)], [("SKU-1004", 60), ("Agrafeuse", 220), ("108,00", 800)]]
    down = [[("SKU-1003", 60), ("Classeur", 220), ("68,75", 800)], [("Conditionnement", 220), ("exigé", 400)],
            [("carton", 220), ("avec", 280), ("la", 330), ("référence", 360), ("article", 450), ("et", 520)],
            [("quai", 220), ("2", 280)], [("SKU-1002", 60), ("Stylo", 220), ("35,10", 800)]]
    out = join_spilled_columns([_page(1, left), _page(2, down)])
    assert out[1].words  # the page goes on down: not joined
