"""An order form faxed with some quantity cells left blank (findings-t23 class e: a row with no
quantity got one): the rows not ordered get no quantity, never a neighbour's; they are shown to a
person (LAYOUT-ROW-UNREAD), never dropped in silence. Fresh fr/de/en forms, ruled and unruled, read
by both engines on standard faxes (where rows sit closest) and by tesseract on fine ones."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from extractors.base import ExtractHints
from extractors.capture.ocr import OcrExtractor
from testkit.capture_fax import render_fax_tiff

REPO = Path(__file__).resolve().parents[1]
FORM = {"fr": ("fra", "fr_FR", "BON DE COMMANDE", "N° de commande : BC-77120",
               ("Réf.", "Désignation", "Prix unit.", "Qté", "Montant")),
        "de": ("deu", "de_DE", "BESTELLFORMULAR", "Bestellnummer: BF-77120",
               ("Art.-Nr.", "Bezeichnung", "Preis", "Menge", "Betrag")),
        "en": ("eng", "en_GB", "ORDER FORM", "Order No.: OF-77120",
               ("Item", "Description", "Unit price", "Qty", "Amount"))}
ROWS = [("MB-4711", "Ordner A4", "2,35", "40", "94,00"), ("KD-1059", "Cheville nylon", "8,15", "", ""),
        ("HZ-9813", "Colle contact", "18,30", "3", "54,90"), ("FP-9285", "Vis bois 4x40", "0,42", "", ""),
        ("TQ-2210", "Boulon M10", "0,65", "", ""), ("WL-0485", "Niveau 60 cm", "18,90", "2", "37,80")]


def form_pdf(lang: str, ruled: bool) -> bytes:
    _, _, title, number, titles = FORM[lang]
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    c.setFont("Helvetica-Bold", 16)
    c.drawString(60, 790, title)
    c.setFont("Helvetica", 11)
    c.drawString(60, 760, number)
    xs, y = (60, 140, 330, 410, 470, 560), 700
    for x, t in zip(xs, titles):
        c.drawString(x + 4, y, t)
    for row in ROWS:
        if ruled:
            c.line(60, y - 6, 560, y - 6)
        y -= 22
        for x, t in zip(xs, row):
            c.drawString(x + 4, y, t.replace(",", ".") if lang == "en" else t)
    if ruled:
        c.line(60, y - 6, 560, y - 6)
        for x in xs:
            c.line(x, 716, x, y - 6)
    c.drawString(330, y - 30, "Total")
    c.drawString(474, y - 30, "186.70" if lang == "en" else "186,70")
    c.showPage()
    c.save()
    return buf.getvalue()


@pytest.mark.parametrize("lang, resolution, engines, ruled", [
    ("fr", "standard", "both", True), ("de", "standard", "both", False), ("en", "fine", "tesseract", True)])
def test_rows_left_blank_get_no_quantity_and_are_no_lines(lang: str, resolution: str, engines: str,
                                                              ruled: bool) -> None:
    tesseract, locale = FORM[lang][:2]
    hints = ExtractHints(languages=(tesseract,), locale=locale, mappings_dir=REPO / "mappings")
    order = OcrExtractor(engines).extract(render_fax_tiff(form_pdf(lang, ruled), resolution, seed=4), hints).orders[0]
    ordered = {"MB-4711": Decimal("40"), "HZ-9813": Decimal("3"), "WL-0485": Decimal("2")}
    assert all(ln.quantity in ordered.values() for ln in order.lines)
    assert not any(ln.customer_item in ("KD-1059", "FP-9285", "TQ-2210") and ln.quantity for ln in order.lines)
    assert [ln.quantity for ln in order.lines] == [Decimal("40"), Decimal("3"), Decimal("2")]
    # the blank rows are not ordered (no line, not unread) when the stated total is the ordered rows' sum;
    # otherwise (a total misread or missing) they wait for a person, as a quantity OCR lost would look the same
    adds_up = order.total is not None and sum((ln.amount or ln.quantity * ln.unit_price for ln in order.lines),
                                              Decimal(0)) == order.total
    assert any(p.code == "LAYOUT-ROW-UNREAD" for p in order.problems) != adds_up
