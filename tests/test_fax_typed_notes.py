"""Issue 17: notes on a faxed or printed order read as a typed e-mail's are (``page_notes`` with
``typed_remarks``): a question on prices before delivery is ``PRICE-REQUEST``, a new delivery address
announced is ``CHANGE-TYPED`` on the ship-to, a site named with no address is ``SHIP-TO-UNSURE``. A form's
usual request to confirm the order with its prices, or a statement on prices, holds nothing.

Own examples, word-level pages (no OCR): fast.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.base import ExtractHints
from extractors.capture.layout import read_order_document
from extractors.capture.words import PageWords, Word

REPO = Path(__file__).resolve().parents[1]
LANG = {"de": ("deu", "de_DE"), "en": ("eng", "en_GB"), "fr": ("fra", "fr_FR")}
HEADER = {"en": ["PURCHASE ORDER", "PO Number: FX-7101", "Delivery date: 14/01/2027"],
          "de": ["BESTELLUNG", "Bestellnummer: FX-7102", "Liefertermin: 14.01.2027"],
          "fr": ["BON DE COMMANDE", "N° de commande : FX-7103", "Livraison : 14/01/2027"]}


def _page(lang: str, notes: list[str]) -> PageWords:
    words: list[Word] = []
    y = 40

    def put(row: list[tuple[str, float | None]]) -> None:
        x = 40.0
        for text, at in row:
            x = at if at is not None else x
            words.append(Word(text, x, y, x + 9 * len(text), y + 14, 0.95, 1))
            x += 9 * len(text) + 7
    for line in HEADER[lang]:
        put([(w, None) for w in line.split()])
        y += 30
    y += 30
    for row in ([("Code", 100), ("Description", 250), ("Qty", 700)], [("KB-2210", 100), ("Toner", 250), ("3", 716)],
                [("KB-2211", 100), ("Paper", 250), ("8", 716)]):
        put(row)
        y += 30
    y += 30
    for note in notes:
        put([(w, None) for w in note.split()])
        y += 30
    return PageWords(1, 1400.0, 1980.0, tuple(words))


def problems(lang: str, *notes: str) -> dict[str, str]:
    hints = ExtractHints(languages=(LANG[lang][0],), locale=LANG[lang][1], mappings_dir=REPO / "mappings")
    order = read_order_document([_page(lang, list(notes))], hints, "ocr", ocr=True).orders[0]
    assert len(order.lines) == 2
    return {p.code: p.element or "" for p in order.problems}


@pytest.mark.parametrize("lang, note, code, element", [
    ("en", "Prices to be confirmed before shipping please.", "PRICE-REQUEST", "lines"),
    ("de", "Bitte Preise vor Lieferung bestätigen.", "PRICE-REQUEST", "lines"),
    ("fr", "Pouvez-vous nous indiquer vos prix avant expédition ?", "PRICE-REQUEST", "lines"),
    ("de", "Achtung: neue Lieferanschrift ab 01.01.2027: Am Hafen 3, 20457 Hamburg", "CHANGE-TYPED", "ship_to"),
    ("en", "Please note we have moved: Unit 5, Riverside Park, Leeds LS10 1AB", "CHANGE-TYPED", "ship_to"),
    ("fr", "Changement d'adresse : livrer désormais au 4 rue Pasteur, 59000 Lille", "CHANGE-TYPED", "ship_to"),
    ("en", "This order is for our Cork branch.", "SHIP-TO-UNSURE", "ship_to.site"),
])
def test_a_note_on_a_fax_holds_as_the_same_words_typed_in_an_email(lang, note, code, element):
    assert problems(lang, note).get(code) == element


@pytest.mark.parametrize("lang, note", [
    ("en", "Please confirm this order with prices and delivery date."),
    ("de", "Bitte bestätigen Sie uns den Auftrag unter Angabe von Preis und Liefertermin."),
    ("fr", "Merci de nous retourner l'accusé de réception de la commande avec vos prix."),
    ("en", "All prices are net plus VAT."),
    ("de", "Vielen Dank und freundliche Grüße"),
])
def test_a_forms_usual_words_hold_nothing(lang, note):
    assert problems(lang, note) == {}
