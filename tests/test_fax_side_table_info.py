"""A titled information table under the items of a faxed order ("À titre indicatif - ne pas livrer
(commande antérieure)" over "Réf. | Désignation | Qté | Date"): its rows are no lines, its title is
no cancellation, its date is not the order date (findings-t23 F13)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from extractors.base import ExtractHints
from extractors.capture.layout import read_order_document
from extractors.capture.words import PageWords, Word

REPO = Path(__file__).resolve().parents[1]
FR = ExtractHints(languages=("fra",), locale="fr_FR", mappings_dir=REPO / "mappings")


def _page(title: str) -> PageWords:
    rows = [
        [("Bureau", 180), ("Martin", 270)],
        [("BON", 180), ("DE", 230), ("COMMANDE", 270)],
        [("N°", 180), ("de", 215), ("commande", 250), ("BM-4410", 600)],
        [("Date", 180), ("02/12/2026", 600)],
        [("Pos.", 190), ("Réf.", 260), ("Désignation", 420), ("Qté", 690), ("Unité", 830), ("Prix", 950),
         ("Montant", 1110)],
        [("1", 190), ("KT-881", 260), ("Agrafes", 420), ("6", 700), ("boîte", 830), ("2,40", 960), ("14,40", 1120)],
        [("2", 190), ("KT-120", 260), ("Ciseaux", 420), ("3", 700), ("pièce", 830), ("5,10", 960), ("15,30", 1120)],
        [("Total", 950), ("HT", 1010), ("29,70", 1120)],
        [],
        [(w, 180 + 120 * k) for k, w in enumerate(title.split())],
        [],
        [("Réf.", 190), ("Désignation", 420), ("Qté", 690), ("Date", 830)],
        [("KT-550", 190), ("Enveloppes", 420), ("25", 700), ("18/11/2026", 830)],
    ]
    words = [Word(t, x, 300 + 40 * n, x + 11 * len(t), 320 + 40 * n, 0.95, 1)
             for n, row in enumerate(rows) for t, x in row]
    return PageWords(1, 1400.0, 1980.0, tuple(words))


def test_an_information_table_is_skipped_and_lends_neither_a_cancellation_nor_its_date() -> None:
    order = read_order_document([_page("À titre indicatif - ne pas livrer (commande antérieure)")], FR, "ocr",
                                ocr=True).orders[0]
    codes = [p.code for p in order.problems]
    assert [ln.customer_item for ln in order.lines] == ["KT-881", "KT-120"]
    assert "TABLE-SIDE-SKIPPED" in codes
    assert "CANCEL-TYPED" not in codes
    assert order.order_date == dt.date(2026, 12, 2)


def test_a_note_cancelling_a_line_for_information_still_cancels() -> None:
    order = read_order_document([_page("Pour information : ne pas livrer la ligne 2 de notre commande")], FR, "ocr",
                                ocr=True).orders[0]
    assert "CANCEL-TYPED" in [p.code for p in order.problems]
