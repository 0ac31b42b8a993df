"""A dot-matrix ERP purchase order faxed (findings-t23 F-3): its number on the title line ("COMMANDE
D'ACHAT N° A26-004512") is the PO number, and a delivery instruction under a delivery word
("LIVRAISON : QUAI 2 - HORAIRES 8H-12H", "ANLIEFERUNG: RAMPE 2 - MO-FR 8-12 UHR") is neither a
delivery address label nor a delivery date left unread; nor is it an item line. fr/de/en, real tesseract."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from extractors.base import ExtractHints
from extractors.capture.ocr import OcrExtractor
from extractors.capture.ship_to import delivery_instruction
from testkit.capture_fax import render_fax_tiff

REPO = Path(__file__).resolve().parents[1]
RULE = "-" * 64
PRINTS = {
    "fr": ("fra", "fr_FR", "A26-004512", ["PAPETERIE DUVAL SA", "14 RUE DES LILAS", "69007 LYON", "",
           "COMMANDE D'ACHAT N° A26-004512      DATE : 02/12/2026", RULE,
           "REF        DESIGNATION           QTE UNITE     PU HT   MONTANT", RULE,
           "MB-4711    CLASSEUR A4 80MM       40 PCE        2,35     94,00",
           "KD-1059    CHEVILLE NYLON         12 PCE        8,15     97,80", RULE,
           "                                        TOTAL HT        191,80", "", "LIVRAISON : QUAI 2 - HORAIRES 8H-12H"]),
    "de": ("deu", "de_DE", "B26-004512", ["BUEROBEDARF KRAUSE GMBH", "LINDENSTR. 4", "79098 FREIBURG", "",
           "BESTELLUNG NR. B26-004512          DATUM: 02.12.2026", RULE,
           "ART-NR     BEZEICHNUNG          MENGE ME     PREIS    BETRAG", RULE,
           "MB-4711    ORDNER A4 80MM          40 STK     2,35     94,00",
           "KD-1059    DUEBEL NYLON            12 STK     8,15     97,80", RULE,
           "                                        GESAMT NETTO    191,80", "", "ANLIEFERUNG: RAMPE 2 - MO-FR 8-12 UHR"]),
    "en": ("eng", "en_GB", "P26-004512", ["KRAUSE OFFICE SUPPLY LTD", "4 MILL LANE", "LEEDS LS1 2AB", "",
           "PURCHASE ORDER NO. P26-004512        DATE: 02/12/2026", RULE,
           "ITEM       DESCRIPTION            QTY UOM     PRICE    AMOUNT", RULE,
           "MB-4711    BINDER A4 80MM          40 EA       2.35     94.00",
           "KD-1059    NYLON ANCHOR            12 EA       8.15     97.80", RULE,
           "                                        TOTAL NET       191.80", "", "DELIVERY: DOCK 2 - HOURS 8AM-12PM"]),
}


def print_pdf(lines: list[str]) -> bytes:
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    c.setFont("Courier-Bold", 10)
    for n, line in enumerate(lines):
        c.drawString(40, 790 - 14 * n, line)
    c.showPage()
    c.save()
    return buf.getvalue()


@pytest.mark.parametrize("lang", ["fr", "de", "en"])
def test_a_dot_matrix_po_gives_its_title_number_and_its_delivery_instruction_holds_nothing(lang: str) -> None:
    tesseract, locale, po, lines = PRINTS[lang]
    hints = ExtractHints(languages=(tesseract,), locale=locale, mappings_dir=REPO / "mappings")
    order = OcrExtractor("tesseract").extract(render_fax_tiff(print_pdf(lines), "fine", seed=6), hints).orders[0]
    assert (order.po_number, order.order_date) == (po, date(2026, 12, 2))
    codes = {p.code for p in order.problems}
    assert not codes & {"SHIP-TO-UNSURE", "LAYOUT-UNREAD-DATE"}
    assert not any("8AM" in (ln.customer_item or "") or "QUAI" in (ln.description or "") for ln in order.lines)


@pytest.mark.parametrize("text, instruction", [
    ("LIVRAISON : QUAI 2 - HORAIRES 8H-12H", True), ("Anlieferung: Rampe 2, Mo-Fr 8-12 Uhr", True),
    ("Delivery: dock 2, hours 8am-12pm", True), ("Livraison : 12 rue des Lilas 69007 Lyon", False),
    ("Delivery: 14 Mill Lane, Leeds LS1 2AB", False)])
def test_a_delivery_instruction_is_told_from_an_address(text: str, instruction: bool) -> None:
    assert delivery_instruction(text) is instruction
