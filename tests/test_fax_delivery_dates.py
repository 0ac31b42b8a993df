"""Delivery dates on faxes (findings-t3 class 8): a labelled date whose words a typewriter's wide spaces
part into phrases on the fax ("Liefertermin:" | "18." | "Januar" | "2027"), a date in a sentence with a
verb of need ("We need these by 14/12/2026", "nous en avons besoin pour le ..."), "le" read "lé", the
day's period read as a colon ("8: Januar 2027"); and the deadline of something else ("we need your
confirmation by ...") taken as no delivery date. Fresh typed letters rendered as fax TIFFs at 204x196
and 204x98 dpi read with the real tesseract, and word rows as OCR returns them."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from extractors.base import ExtractHints
from extractors.capture.layout import read_order_document
from extractors.capture.ocr import OcrExtractor
from extractors.locale_values import DocLocale, parse_date
from testkit.capture_fax import render_fax_tiff
from tests.test_fax_typed_date_line import DE, EN, FR, FR_T, _letter

REPO = Path(__file__).resolve().parents[1]
DE_T = ("Art.-Nr.", "Bezeichnung", "Menge", "Einheit", "Preis", "Betrag")
EN_T = ("Item", "Description", "Qty", "Unit", "Price", "Amount")
ITEMS = {"eng": [("PL-2204", "Pipe clamp 22 mm", "80", "PCE", "0.35", "28.00"),
                 ("VT-0915", "Ball valve 1/2", "4", "PCE", "9.80", "39.20")],
         "deu": [("PL-2204", "Rohrschelle 22 mm", "80", "Stk", "0,35", "28,00"),
                 ("VT-0915", "Kugelhahn 1/2", "4", "Stk", "9,80", "39,20")],
         "fra": [("PL-2204", "Collier 22 mm", "80", "PCE", "0,35", "28,00"),
                 ("VT-0915", "Vanne 1/2", "4", "PCE", "9,80", "39,20")]}
LOCALE = {"eng": "en_GB", "deu": "de_DE", "fra": "fr_FR"}


def _typed_fax(lang: str, head: list[str], tail: list[str], resolution: str, seed: int) -> bytes:
    """A typewritten letter (Courier, its items in fixed columns) faxed."""
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    c.setFont("Courier", 11)
    y = 780
    for code, desc, qty, unit, price, amount in ITEMS[lang]:
        head.append(f"{code:<10}{desc:<24}{qty:>5} {unit:<4}{price:>9}{amount:>10}")
    for line in head + tail:
        c.drawString(70, y, line)
        y -= 16
    c.showPage()
    c.save()
    return render_fax_tiff(buf.getvalue(), resolution, seed=seed)


def _read_fax(lang: str, head: list[str], tail: list[str], resolution: str, seed: int):
    hints = ExtractHints(languages=(lang,), locale=LOCALE[lang], mappings_dir=REPO / "mappings")
    return OcrExtractor("tesseract").extract(_typed_fax(lang, head, tail, resolution, seed), hints).orders[0]


@pytest.mark.parametrize("lang, head, tail, resolution, want", [
    ("deu", ["Metallbau Kern KG", "Hafenstr. 9", "28195 Bremen", "", "Bremen, 3. Dezember 2026", "",
             "Bestellung Nr. MK-30712", ""], ["", "Wunschtermin: 4. März 2027", "Mit freundlichen Grüßen"],
     "fine", dt.date(2027, 3, 4)),
    ("eng", ["Quayside Plumbing Ltd", "4 Dock Road", "Bristol BS1 6XN", "", "Bristol, 3 December 2026", "",
             "Order No. QP-30712", "", "Delivery date: 19 February 2027", ""], ["", "Regards,"],
     "standard", dt.date(2027, 2, 19)),
    ("fra", ["Plomberie Morel", "8 quai Est", "44000 Nantes", "", "Nantes, le 3 décembre 2026", "",
             "Bon de commande n° PM-30712", ""], ["", "Date de livraison : 26 février 2027", "Cordialement,"],
     "fine", dt.date(2027, 2, 26)),
])
def test_a_labelled_date_parted_by_typewriter_spaces_is_the_delivery_date(lang, head, tail, resolution, want) -> None:
    order = _read_fax(lang, head, tail, resolution, seed=31)
    assert order.requested_delivery_date == want
    assert not any(p.code == "DELIVERY-DATE-MISSING" for p in order.problems)


def test_a_sentence_of_need_in_a_faxed_letter_gives_the_delivery_date() -> None:
    order = _read_fax("eng", ["Quayside Plumbing Ltd", "4 Dock Road", "Bristol BS1 6XN", "",
                              "Bristol, 3 December 2026", "", "Order No. QP-30713", "",
                              "We will need the goods below by 08/01/2027, please.", ""], ["", "Regards,"],
                      "standard", seed=32)
    assert order.requested_delivery_date == dt.date(2027, 1, 8)


@pytest.mark.parametrize("hints, line, po, titles, sentence, want", [
    (EN, "Leeds, 30 November 2026", ("Order", "No.", "AR-5512"), EN_T, "We need these by 12/14/2026, please supply:",
     dt.date(2026, 12, 14)),
    (FR, "Lyon, le 2 décembre 2026", ("Commande", "n°", "AR-5512"), FR_T, "nous en avons besoin pour lé 15/01/2027 :",
     dt.date(2027, 1, 15)),
    (FR, "Lyon, le 2 décembre 2026", ("Commande", "n°", "AR-5512"), FR_T, "merci de nous livrer pour lé 15/01/2027",
     dt.date(2027, 1, 15)),
    (DE, "Stuttgart, 23. November 2026", ("Bestellung", "Nr.", "AR-5512"), DE_T, "Liefertermin: 8: Januar 2027",
     dt.date(2027, 1, 8)),
    (DE, "Stuttgart, 23. November 2026", ("Bestellung", "Nr.", "AR-5512"), DE_T, "Lieferung bis 8: Januar 2027",
     dt.date(2027, 1, 8)),
    (DE, "Stuttgart, 23. November 2026", ("Bestellung", "Nr.", "AR-5512"), DE_T, "Lieferung gewünscht: 9: Dezember 2026",
     dt.date(2026, 12, 9)),
])
def test_delivery_dates_as_a_fax_reads_them(hints, line, po, titles, sentence, want) -> None:
    order = read_order_document([_letter(line, 180, po, titles, sentence)], hints, "ocr", ocr=True).orders[0]
    assert order.requested_delivery_date == want


@pytest.mark.parametrize("sentence", ["We need your confirmation by 12/10/2026, please.",
                                      "Please send the invoice, we need it before 12/10/2026."])
def test_the_deadline_of_something_else_is_no_delivery_date(sentence: str) -> None:
    page = _letter("Leeds, 30 November 2026", 180, ("Order", "No.", "AR-5512"), EN_T, sentence)
    order = read_order_document([page], EN, "ocr", ocr=True).orders[0]
    assert order.requested_delivery_date is None


def test_a_colon_after_the_day_reads_as_its_full_stop_with_less_strength() -> None:
    colon, stop = parse_date("8: Januar 2027", DocLocale()), parse_date("8. Januar 2027", DocLocale())
    assert colon[0] == stop[0] == dt.date(2027, 1, 8) and colon[1] < stop[1]


@pytest.mark.parametrize("text, date_said", [
    ("We need these by 14/12/2026.", True), ("Wir benötigen die Ware bis 14.12.2026.", True),
    ("If you need anything else from us by 12/15/2026, let us know.", False),
    ("We need the old pallets collected on 12/18/2026, thank you.", False)])
def test_only_a_need_of_the_goods_is_a_delivery_sentence(text, date_said):
    """Review rev3 U3: a need of something else (anything else from us, pallets collected) names no delivery date."""
    from extractors.capture.header_fields import DELIVERY_SENTENCE
    assert bool(DELIVERY_SENTENCE.search(text)) == date_said


@pytest.mark.parametrize("text", ["Please send the order acknowledgement by 12/10/2026",
                                  "Auftragsbestätigung bis zum 10.12.2026"])
def test_an_acknowledgement_deadline_is_another_deadline(text):
    from extractors.capture.header_fields import OTHER_DEADLINE
    assert OTHER_DEADLINE.search(text)
