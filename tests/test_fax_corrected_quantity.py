"""A quantity struck out on the paper and the new one written beside it ("~~8~~ 9"), faxed: OCR
does not see the stroke and reads two numbers in the quantity cell. Neither is taken nor mended from
the amount: the line is named (LINE-STRUCK) and the order waits (findings-t23 F12). A quantity in
thousands groups ("1 200") stays one number."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.base import ExtractHints
from extractors.capture.layout import read_order_document
from extractors.capture.words import PageWords, Word

REPO = Path(__file__).resolve().parents[1]
EN = ExtractHints(mappings_dir=REPO / "mappings")
FR = ExtractHints(languages=("fra",), locale="fr_FR", mappings_dir=REPO / "mappings")


def _page(titles: tuple[str, ...], qty: list[str], price: str, amount: str, gap: int = 14) -> PageWords:
    words = [("Maple", 180, 300), ("Office", 260, 300), ("PO:", 180, 400), ("MO-7781", 240, 400),
             *((t, x, 600) for t, x in zip(titles, (190, 420, 690, 830, 950, 1110))),
             ("QL-204", 190, 680), ("Folders", 420, 680)]
    x = 700
    for text in qty:
        words.append((text, x, 680))
        x += 11 * len(text) + gap
    words += [("pc", 830, 680), (price, 960, 680), (amount, 1120, 680),
              ("QL-310", 190, 740), ("Labels", 420, 740), ("2", 700, 740), ("pc", 830, 740), ("5.00", 960, 740),
              ("10.00", 1120, 740)]
    return PageWords(1, 1400.0, 1980.0, tuple(Word(t, x, y, x + 11 * len(t), y + 20, 0.95, 1) for t, x, y in words))


EN_TITLES = ("Item", "Description", "Qty", "Unit", "Price", "Amount")
FR_TITLES = ("Réf.", "Désignation", "Qté", "Unité", "Prix", "Montant")


@pytest.mark.parametrize("hints, titles, qty, price, amount", [
    (EN, EN_TITLES, ["8", "9"], "3.50", "28.00"),          # the amount still for the struck quantity
    (EN, EN_TITLES, ["-15-", "20"], "1.20", "24.00"),      # the stroke read as hyphens, the amount for the new one
    (FR, FR_TITLES, ["6", "11"], "4,00", "24,00"),
])
def test_two_numbers_in_the_quantity_cell_hold_the_line(hints, titles, qty, price, amount) -> None:
    order = read_order_document([_page(titles, qty, price, amount)], hints, "ocr", ocr=True).orders[0]
    struck = [p for p in order.problems if p.code == "LINE-STRUCK"]
    assert struck and struck[0].element == "lines[1]"
    assert order.lines[0].confidence["quantity"] == 0.0
    assert not [p for p in order.problems if p.code == "LINE-STRUCK" and p.element == "lines[2]"]


def test_a_quantity_in_thousands_groups_is_one_number() -> None:
    order = read_order_document([_page(EN_TITLES, ["1", "200"], "0.50", "600.00", gap=6)], EN, "ocr", ocr=True).orders[0]
    assert not [p for p in order.problems if p.code == "LINE-STRUCK"]
