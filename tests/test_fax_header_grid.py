"""Header fields of faxed order forms (findings-t23 F-1, F-2): a ruled grid whose labels wrap onto two
lines in their cells over a row of values; a label's word OCR put a digit into is never a PO number;
a cover sheet's "Date :" (the day the fax was sent) is not the order date; a generic "Date" over the
cell another label names is not the order date. Fresh fr/de/en forms, fax TIFFs, real tesseract."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from extractors.base import ExtractHints
from extractors.capture.header_fields import _po_ok, _word_with_a_slip
from extractors.capture.ocr import OcrExtractor
from extractors.locale_values import locale_for
from testkit.capture_fax import render_fax_tiff

REPO = Path(__file__).resolve().parents[1]
LANG = {"fr": ("fra", "fr_FR"), "de": ("deu", "de_DE"), "en": ("eng", "en_GB")}
HEAD = {"fr": (("N° de", "commande"), ("Date de", "commande"), ("Date de livraison", "souhaitée")),
        "de": (("Bestell-", "nummer"), ("Bestell-", "datum"), ("Gewünschter", "Liefertermin")),
        "en": (("Purchase", "order no."), ("Order", "date"), ("Requested", "delivery date"))}
VALUES = {"fr": ("CF-26-0412", "02/12/2026", "09/12/2026"), "de": ("BE-26-0412", "02.12.2026", "09.12.2026"),
          "en": ("PO-260412", "02/12/2026", "09/12/2026")}
COVER = {"fr": ("TÉLÉCOPIE", "Date : 06/12/2026", "Nombre de pages : 2", "Veuillez trouver notre commande."),
         "de": ("TELEFAX", "Datum: 06.12.2026", "Seiten: 2", "Anbei unsere Bestellung."),
         "en": ("FAX", "Date: 06/12/2026", "Pages: 2", "Please find our order.")}


def form_pdf(lang: str, cover: bool = False) -> bytes:
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    if cover:
        title, sent, pages, text = COVER[lang]
        c.setFont("Helvetica-Bold", 20)
        c.drawString(60, 770, title)
        c.setFont("Helvetica", 12)
        for y, line in ((730, sent), (710, pages), (690, text)):
            c.drawString(60, y, line)
        c.showPage()
    c.setFont("Helvetica-Bold", 16)
    c.drawString(60, 790, {"fr": "BON DE COMMANDE", "de": "BESTELLUNG", "en": "PURCHASE ORDER"}[lang])
    c.setFont("Helvetica", 10)
    for y, line in ((770, "Papeterie Lefèvre SA"), (757, "27 quai Perrache"), (744, "69002 Lyon")):
        c.drawString(60, y, line)
    for i, (first, second) in enumerate(HEAD[lang]):  # a ruled grid: two-line labels over their values
        x = 300 + i * 90
        c.rect(x, 730, 90, 30)
        c.rect(x, 710, 90, 20)
        c.drawString(x + 4, 748, first)
        c.drawString(x + 4, 736, second)
        c.drawString(x + 4, 716, VALUES[lang][i])
    y = 640
    titles = {"fr": ("Réf.", "Désignation", "Qté", "Unité", "P.U. HT", "Montant HT"),
              "de": ("Art.-Nr.", "Bezeichnung", "Menge", "ME", "Einzelpreis", "Gesamt"),
              "en": ("Item", "Description", "Qty", "Unit", "Unit price", "Amount")}[lang]
    xs = (60, 140, 330, 370, 420, 500)
    for x, t in zip(xs, titles):
        c.drawString(x, y, t)
    c.line(55, y - 4, 560, y - 4)
    for row in (("MB-4711", "Ordner A4 80 mm", "40", "PCE", "2,35", "94,00"),
                ("KD-1059", "Cheville nylon", "12", "PCE", "8,15", "97,80")):
        y -= 18
        for x, t in zip(xs, row):
            c.drawString(x, y, t.replace(",", ".") if lang == "en" else t)
    c.drawString(420, y - 30, "Total")
    c.drawString(500, y - 30, "191.80" if lang == "en" else "191,80")
    c.showPage()
    c.save()
    return buf.getvalue()


def _read(lang: str, cover: bool = False):
    tesseract, locale = LANG[lang]
    hints = ExtractHints(languages=(tesseract,), locale=locale, mappings_dir=REPO / "mappings")
    return OcrExtractor("tesseract").extract(render_fax_tiff(form_pdf(lang, cover), "fine", seed=2), hints)


@pytest.mark.parametrize("lang", ["fr", "de", "en"])
def test_a_ruled_grid_of_labels_wrapped_in_their_cells_gives_number_and_dates(lang: str) -> None:
    order = _read(lang).orders[0]
    assert (order.po_number, order.order_date, order.requested_delivery_date) == (
        VALUES[lang][0], date(2026, 12, 2), date(2026, 12, 9))


def test_a_cover_sheets_date_is_not_the_order_date() -> None:
    extraction = _read("de", cover=True)
    order = extraction.orders[0]
    assert extraction.metadata["cover_pages"] == [1]
    assert (order.po_number, order.order_date, order.requested_delivery_date) == (
        "BE-26-0412", date(2026, 12, 2), date(2026, 12, 9))


def test_a_generic_date_over_the_delivery_dates_cell_is_no_order_date() -> None:
    """English, behind a cover sheet: tesseract reads "Order / date" as "sale." and boxes the
    "date" of "Requested / delivery date" on the first label line: that "Date" is no order date."""
    order = _read("en", cover=True).orders[0]
    assert order.order_date != date(2026, 12, 9) and order.requested_delivery_date == date(2026, 12, 9)


@pytest.mark.parametrize("value, word", [("souhalt6e", True), ("Llefer1ung", True), ("CF-26-0412", False),
                                         ("PO12345", False), ("BE2026A", False), ("AB1CD", False)])
def test_a_label_word_ocr_put_a_digit_into_is_no_po_number(value: str, word: bool) -> None:
    assert _word_with_a_slip(value) is word
    assert _po_ok(value, None, locale_for("fr_FR")) is not word


@pytest.mark.parametrize("text, cover", [
    ("TÉLÉCOPIE Date : 06/12/2026 Nombre de pages : 2", True), ("TELEFAX Seiten: 2", True),
    ("FAX COVER SHEET To: Sales", True), ("Papeterie Lefèvre SA Tél. 04 72 10 20 30 Fax : 04 72 10 20 31", False),
    ("Müller GmbH Telefax: +49 711 123459 Seite 1 von 2", False), ("Page 1 of 2 Fax +1 617 555 0100", False)])
def test_a_cover_sheet_is_told_by_what_only_a_cover_sheet_says(text: str, cover: bool) -> None:
    from extractors.capture.cover_sheet import COVER_CUES
    from extractors.locale_values import fold

    assert (COVER_CUES.search(fold(text)) is not None) is cover
