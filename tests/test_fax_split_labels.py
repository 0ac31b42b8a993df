"""Labels OCR split into words with a letter read twice (findings-t23 class f: "No." read "N oO." by an
English-only reading): the label is still found, a little less surely; fr/de/en."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.base import ExtractHints
from extractors.capture.labels import LabelIndex, collapsed
from extractors.capture.layout import read_order_document
from tests.test_fax_reading_classes import _page, _spaced

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("lang, locale, label, title, cols", [
    ("eng", "en_GB", ("P.O.", "N", "oO."), "PURCHASE ORDER", ("Item", "Description", "Qty", "Unit", "Price", "Amount")),
    ("eng", "en_US", ("PO", "N", "oO.:"), "PURCHASE ORDER", ("Item", "Description", "Qty", "Unit", "Price", "Amount")),
    ("fra", "fr_FR", ("Commande", "N", "oO"), "BON DE COMMANDE", ("Réf.", "Désignation", "Qté", "Unité", "Prix", "Montant")),
    ("deu", "de_DE", ("Bestell-N", "rr.:"), "BESTELLUNG", ("Art.-Nr.", "Bezeichnung", "Menge", "ME", "Preis", "Betrag")),
])
def test_a_number_label_split_with_a_doubled_letter_still_names_the_po(lang, locale, label, title, cols) -> None:
    hints = ExtractHints(languages=(lang,), locale=locale, mappings_dir=REPO / "mappings")
    comma = locale.startswith(("fr", "de"))
    money = (lambda v: v.replace(".", ",")) if comma else (lambda v: v)
    page = _page([
        [("Ackermann", 40)], [], _spaced(40, *title.split()), _spaced(700, *label, "PO-88412"), [],
        list(zip(cols, (40, 250, 700, 800, 950, 1150))),
        [("AB-1001", 40), ("Widget", 250), ("10", 716), ("PCE", 800), (money("2.50"), 950), (money("25.00"), 1150)],
        [("AB-1002", 40), ("Gadget", 250), ("2", 716), ("PCE", 800), (money("4.00"), 950), (money("8.00"), 1150)],
    ])
    order = read_order_document([page], hints, "ocr", ocr=True).orders[0]
    assert order.po_number == "PO-88412"
    assert order.confidence["po_number"] < 0.95  # a label found through OCR's split: not as sure as a clean one


def test_doubled_letters_are_no_shortcut_between_two_labels() -> None:
    index = LabelIndex([("a", "No."), ("b", "Noo")])  # both collapse to "no": ambiguous, no shortcut
    assert collapsed("noo") == "no" and index._split_letter("nooo") is None
