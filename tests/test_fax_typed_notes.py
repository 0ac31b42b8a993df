"""A note typed on a faxed order beside its table that changes it holds the order (findings-t23 F-9,
F-10, F-15: class 1 and 3 when ignored): a quantity amended, a position cancelled, another delivery
place, a cancellation titled STORNO, a request for quotation. A printed order without such a note is
not touched. fr/de/en, words as OCR gives them, and one real fax."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.base import ExtractHints
from extractors.capture.layout import read_order_document
from extractors.capture.ocr import OcrExtractor
from tests.test_fax_reading_classes import _page, _spaced
from tests.test_fax_dot_matrix import print_pdf
from testkit.capture_fax import render_fax_tiff

REPO = Path(__file__).resolve().parents[1]
LANG = {"en": ("eng", "en_GB"), "de": ("deu", "de_DE"), "fr": ("fra", "fr_FR")}
TITLES = {"en": ("PURCHASE ORDER", ("Item", "Description", "Qty", "Unit", "Price", "Amount")),
          "de": ("BESTELLUNG", ("Art.-Nr.", "Bezeichnung", "Menge", "ME", "Preis", "Betrag")),
          "fr": ("BON DE COMMANDE", ("Réf.", "Désignation", "Qté", "Unité", "Prix", "Montant"))}


def _order(lang: str, note: str | None, title: str | None = None):
    head, cols = TITLES[lang]
    comma = lang != "en"
    money = (lambda v: v.replace(".", ",")) if comma else (lambda v: v)
    rows = [[("Ackermann", 40)], [], _spaced(40, *(title or head).split()),
            _spaced(700, "Order" if lang == "en" else "Bestellnummer:" if lang == "de" else "Commande", *(
                ["No.:"] if lang == "en" else [] if lang == "de" else ["n°"]), "AB-55120"), [],
            list(zip(cols, (40, 250, 700, 800, 950, 1150))),
            [("OF-1001", 40), ("Widget", 250), ("10", 716), ("PCE", 800), (money("2.50"), 950), (money("25.00"), 1150)],
            [("OF-3312", 40), ("Gadget", 250), ("18", 716), ("PCE", 800), (money("1.95"), 950), (money("35.10"), 1150)],
            [], [("Total", 950), (money("60.10"), 1150)], []]
    if note:
        rows.append(_spaced(40, *note.split()))
    tesseract, locale = LANG[lang]
    hints = ExtractHints(languages=(tesseract,), locale=locale, mappings_dir=REPO / "mappings")
    return read_order_document([_page(rows)], hints, "ocr", ocr=True).orders[0]


@pytest.mark.parametrize("lang, note, code", [
    ("en", "AMENDMENT: line 2 (OF-3312) quantity to read 30, not 18.", "CHANGE-TYPED"),
    ("en", "Please change OF-3312 from 18 to 30.", "QTY-CHANGE-TYPED"),
    ("de", "Achtung: Pos. 2 entfällt - bitte nicht liefern!", "CANCEL-TYPED"),
    ("en", "NOTE: Please deliver this order to our warehouse: Dock 4, 85 Terminal St, Charlestown, MA 02129",
     "CHANGE-TYPED"),
    ("fr", "Merci de livrer à notre dépôt : 4 rue du Port, 44000 Nantes", "CHANGE-TYPED"),
    ("de", "hiermit stornieren wir unsere Bestellung Nr. AB-55120 vom 01.12.2026 vollständig.", "CANCEL-TYPED"),
    ("fr", "Pouvez-vous nous confirmer le délai ?", "QUESTION-TYPED"),
])
def test_a_typed_note_that_changes_the_order_holds_it(lang: str, note: str, code: str) -> None:
    order = _order(lang, note)
    assert code in {p.code for p in order.problems}
    assert len(order.lines) == 2  # the lines as printed, the note for a person to apply


@pytest.mark.parametrize("lang, title", [("de", "Angebotsanfrage"), ("fr", "DEMANDE DE PRIX"),
                                         ("en", "REQUEST FOR QUOTATION")])
def test_a_request_for_quotation_is_held_as_one(lang: str, title: str) -> None:
    assert "PRICE-REQUEST" in {p.code for p in _order(lang, None, title).problems}


@pytest.mark.parametrize("lang", ["en", "de", "fr"])
def test_a_printed_order_without_a_note_is_not_held_by_one(lang: str) -> None:
    order = _order(lang, "Thank you." if lang == "en" else "Vielen Dank." if lang == "de" else "Merci.")
    assert not {p.code for p in order.problems} & {"QTY-CHANGE-TYPED", "CANCEL-TYPED", "CHANGE-TYPED",
                                                  "QUESTION-TYPED", "PRICE-REQUEST", "ADDITION-TYPED"}


def test_a_typed_cancellation_of_a_position_on_a_real_fax_holds_the_order() -> None:
    lines = ["SCHAEFER BUEROTECHNIK GMBH", "HOHE STRASSE 12", "50667 KOELN", "",
             "BESTELLUNG NR. 4500012871          DATUM: 01.12.2026", "-" * 64,
             "ART-NR     BEZEICHNUNG          MENGE ME     PREIS    BETRAG", "-" * 64,
             "MB-4711    ORDNER A4 80MM          40 STK     2,35     94,00",
             "KD-1059    DUEBEL NYLON            12 STK     8,15     97,80", "-" * 64,
             "                                        GESAMT NETTO    191,80", "",
             "ACHTUNG: POS. 2 ENTFAELLT - BITTE NICHT LIEFERN!"]
    hints = ExtractHints(languages=("deu",), locale="de_DE", mappings_dir=REPO / "mappings")
    order = OcrExtractor("tesseract").extract(render_fax_tiff(print_pdf(lines), "fine", seed=3), hints).orders[0]
    assert "CANCEL-TYPED" in {p.code for p in order.problems}
