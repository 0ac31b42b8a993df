"""An item code OCR ran into the first word of its description on a standard fax ("OF-9905Toner",
findings-t23 F-19 and F-25): the code is read apart from the word, which goes back to the
description; a unit or size glued to a number is no such word. en/de/fr."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from extractors.base import ExtractHints
from extractors.capture.labels import _code_then_word
from extractors.capture.layout import read_order_document
from extractors.capture.words import PageWords, Word
from tests.test_fax_reading_classes import _page

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("lang, locale, cols, code, first, rest", [
    ("eng", "en_GB", ("Item", "Description", "Qty", "Unit", "Price", "Amount"), "OF-9905", "Toner", "black"),
    ("deu", "de_DE", ("Art.-Nr.", "Bezeichnung", "Menge", "ME", "Preis", "Betrag"), "MB-4711", "Ordner", "grau"),
    ("fra", "fr_FR", ("Réf.", "Désignation", "Qté", "Unité", "Prix", "Montant"), "KD-1059", "cheville", "nylon"),
])
def test_a_code_run_into_its_description_is_read_apart(lang, locale, cols, code, first, rest) -> None:
    money = (lambda v: v) if lang == "eng" else (lambda v: v.replace(".", ","))
    page = _page([[("ORDER", 40)], [("PO", 700), ("No.:", 730), ("PO-88412", 780)], [],
                  list(zip(cols, (40, 160, 700, 800, 950, 1150))),
                  [(code, 40), (first, 160), (rest, 260), ("10", 716), ("PCE", 800), (money("2.50"), 950),
                   (money("25.00"), 1150)],
                  [("OF-8801", 40), ("Spiral", 160), ("pad", 240), ("2", 716), ("PCE", 800), (money("4.00"), 950),
                   (money("8.00"), 1150)]])
    words = list(page.words)
    i = next(k for k, w in enumerate(words) if w.text == code)
    words[i:i + 2] = [Word(code + first, words[i].x0, words[i].y0, words[i + 1].x1, words[i + 1].y1, 0.8, 1)]
    hints = ExtractHints(languages=(lang,), locale=locale, mappings_dir=REPO / "mappings")
    order = read_order_document([PageWords(1, page.width, page.height, tuple(words))], hints, "ocr", ocr=True).orders[0]
    assert (order.lines[0].customer_item, order.lines[0].quantity) == (code, Decimal("10"))
    assert order.lines[0].description.startswith(first)


@pytest.mark.parametrize("text, cut", [("OF-9905Toner", 7), ("OF-3318blau", 7), ("RFG-0917Liquid", 8),
                                       ("CT-100mm", 0), ("AB-12kg", 0), ("PO-88412", 0), ("MB-4711SKU", 0)])
def test_only_a_word_of_three_letters_is_cut_from_a_code(text: str, cut: int) -> None:
    assert _code_then_word(text) == cut
