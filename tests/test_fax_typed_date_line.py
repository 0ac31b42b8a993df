"""A typed letter's place-and-date line faxed: OCR parts its words by a typewriter's wide spaces, each
word a phrase of its own ("Lyon," / "le" / "18" / "novembre" / "2026"). The line is still the letter's
date, as on a page read word by word with narrow spaces (findings-t23 F4)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from extractors.base import ExtractHints
from extractors.capture.layout import read_order_document
from extractors.capture.words import PageWords, Word

REPO = Path(__file__).resolve().parents[1]
EN = ExtractHints(languages=("eng",), locale="en_US", mappings_dir=REPO / "mappings")
FR = ExtractHints(languages=("fra",), locale="fr_FR", mappings_dir=REPO / "mappings")
DE = ExtractHints(languages=("deu",), locale="de_DE", mappings_dir=REPO / "mappings")


def _letter(date_line: str, x: float, po: tuple[str, ...], titles: tuple[str, ...], sentence: str = "") -> PageWords:
    rows: list[list[tuple[str, float]]] = [[("Atelier", 180), ("Roux", 290)], [("9", 180), ("place", 210), ("Bellecour", 290)],
                                           [], []]
    dated, at = [], x
    for word in date_line.split():
        dated.append((word, at))
        at += 12 * len(word) + 26  # a typewriter's space, read wide on the fax
    said, at = [], 180.0
    for word in sentence.split():
        said.append((word, at))
        at += 12 * len(word) + 8
    rows += [dated, [], [(w, 180 + 160 * k) for k, w in enumerate(po)], said,
             [(t, x0) for t, x0 in zip(titles, (190, 420, 690, 830, 950, 1110))],
             [("RX-4410", 190), ("Vis", 420), ("50", 700), ("pc", 830), ("0,20", 960), ("10,00", 1120)],
             [("RX-0081", 190), ("Colle", 420), ("2", 700), ("pc", 830), ("6,45", 960), ("12,90", 1120)]]
    words = [Word(t, x0, 300 + 40 * n, x0 + 12 * len(t), 320 + 40 * n, 0.93, 1)
             for n, row in enumerate(rows) for t, x0 in row]
    return PageWords(1, 1400.0, 1980.0, tuple(words))


FR_T = ("Réf.", "Désignation", "Qté", "Unité", "Prix", "Montant")


@pytest.mark.parametrize("hints, line, x, po, titles, want", [
    (FR, "Lyon, le 18 novembre 2026", 700, ("Commande", "n°", "AR-5512"), FR_T, dt.date(2026, 11, 18)),
    (DE, "Stuttgart, 23. November 2026", 700, ("Bestellung", "Nr.", "AR-5512"),
     ("Art.-Nr.", "Bezeichnung", "Menge", "Einheit", "Preis", "Betrag"), dt.date(2026, 11, 23)),
    (EN, "October 30, 2026", 180, ("Order", "No.", "AR-5512"),
     ("Item", "Description", "Qty", "Unit", "Price", "Amount"), dt.date(2026, 10, 30)),
])
def test_a_typed_date_line_parted_by_wide_spaces_is_the_letter_date(hints, line, x, po, titles, want) -> None:
    order = read_order_document([_letter(line, x, po, titles)], hints, "ocr", ocr=True).orders[0]
    assert order.order_date == want


def test_a_delivery_date_in_a_letter_sentence_whose_day_point_reads_as_a_comma() -> None:
    """"bis 14. Januar 2027" faxed, OCR reading the day's period as a comma ("14, Januar 2027")."""
    page = _letter("Stuttgart, 23. November 2026", 700, ("Bestellung", "Nr.", "AR-5512"),
                   ("Art.-Nr.", "Bezeichnung", "Menge", "Einheit", "Preis", "Betrag"),
                   "wir bestellen zur Anlieferung bis 14, Januar 2027:")
    order = read_order_document([page], DE, "ocr", ocr=True).orders[0]
    assert (order.order_date, order.requested_delivery_date) == (dt.date(2026, 11, 23), dt.date(2027, 1, 14))


@pytest.mark.parametrize("line, want", [
    (". Bordeaux, 02/07/2026", dt.date(2026, 7, 2)),  # a speck of the fax read before the place
    ("‘ Lyon, le 18 novembre 2026", dt.date(2026, 11, 18)),
])
def test_a_speck_before_the_place_leaves_the_letter_its_date(line, want) -> None:
    page = _letter(line, 700, ("Commande", "n°", "AR-5512"), FR_T)
    words = tuple(Word(w.text, w.x0, w.y0, w.x1, w.y1, w.conf, w.page) if w.text not in (".", "‘")
                  else Word(w.text, w.x1 - 6, w.y0, w.x1, w.y1, w.conf, w.page) for w in page.words)
    order = read_order_document([PageWords(1, page.width, page.height, words)], FR, "ocr", ocr=True).orders[0]
    assert order.order_date == want


DE_T = ("Art.-Nr.", "Bezeichnung", "Menge", "Einheit", "Preis", "Betrag")


@pytest.mark.parametrize("line, hints, po, titles", [
    ("– Ihr Angebot A-77, 01.12.2026", DE, ("Bestellung", "Nr.", "AR-5512"), DE_T),  # a bullet before the line
    ("• Ihre Rechnung 4410, 28.11.2026", DE, ("Bestellung", "Nr.", "AR-5512"), DE_T),
    ("* Votre offre 9912, 01/12/2026", FR, ("Commande", "n°", "AR-5512"), FR_T),
    ("- Ihr Angebot A-77, 01.12.2026", DE, ("Bestellung", "Nr.", "AR-5512"), DE_T),
])
def test_a_bulleted_reference_line_is_not_the_letters_place_and_date(line, hints, po, titles) -> None:
    """A list item naming another paper and its date is no place and date line, its bullet no speck of the fax
    (review revR D2): the letter has no date of its own and gets none."""
    order = read_order_document([_letter(line, 180, po, titles)], hints, "ocr", ocr=True).orders[0]
    assert order.order_date is None


def test_a_speck_before_a_reference_line_leaves_it_no_place_and_date() -> None:
    page = _letter(". Ihr Angebot A-77, 01.12.2026", 180, ("Bestellung", "Nr.", "AR-5512"), DE_T)
    order = read_order_document([page], DE, "ocr", ocr=True).orders[0]
    assert order.order_date is None


def test_a_bulleted_reference_line_leaves_the_letter_its_own_date() -> None:
    page = _letter("München, 07.12.2026", 700, ("Bestellung", "Nr.", "AR-5512"), DE_T,
                   "– Ihr Angebot A-77, 01.12.2026")
    order = read_order_document([page], DE, "ocr", ocr=True).orders[0]
    assert order.order_date == dt.date(2026, 12, 7)
