"""A delivery address on the lines under its label on a faxed monospace ERP printout (t3 F): the wide spaces
of a monospace font split a line ("Lindner Zentrallager - Lager Süd") and a label ("Adresse de" | "livraison")
into phrases, and OCR may read the label's colon as "!". The address is read (and, read from a scan, checked by
a person unless it is the customer's own), never "nothing readable under the delivery address label"."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from extractors.base import ExtractHints
from extractors.capture.ocr import OcrExtractor
from testkit.capture_fax import render_fax_tiff

REPO = Path(__file__).resolve().parents[1]


def _printout(label: str, lines: tuple[str, ...], indent: float) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    c.setFont("Courier-Bold", 12)
    c.drawString(60, 800, "KAUFHAUS LINDNER GMBH")
    c.setFont("Courier", 10)
    c.drawString(60, 786, "Bahnhofstr. 22")
    c.drawString(60, 773, "90402 Nürnberg")
    c.drawString(340, 800, "BESTELLUNG / ORDER")
    c.drawString(340, 770, "Bestell-Nr.: KL-7781")
    c.drawString(340, 755, "Datum: 02.12.2026")
    c.drawString(60, 700, label)
    for n, text in enumerate(lines):
        c.drawString(60 + indent, 686 - 13 * n, text)
    for x, text in ((60, "Art.-Nr."), (140, "Bezeichnung"), (330, "Menge"), (375, "Einheit"), (430, "Preis"),
                    (500, "Betrag")):
        c.drawString(x, 600, text)
    for x, text in ((60, "SKU-1003"), (140, "Ordner A4"), (345, "10"), (375, "Stk")):
        c.drawString(x, 580, text)
    c.drawRightString(470, 580, "2,75")
    c.drawRightString(555, 580, "27,50")
    c.drawString(400, 550, "Summe")
    c.drawRightString(555, 550, "27,50")
    c.showPage()
    c.save()
    return buf.getvalue()


@pytest.mark.parametrize("label, lines, indent", [
    ("Lieferanschrift:", ("Lindner Zentrallager - Lager Süd", "Am Hafen 9", "90451 Nürnberg"), 16),
    ("Adresse de livraison :", ("Lindner Entrepôt", "9 rue du Port", "67000 Strasbourg"), 30),
])
def test_a_monospace_address_under_its_label_is_read(label, lines, indent):
    tif = render_fax_tiff(_printout(label, lines, indent), "standard", seed=3)
    extraction = OcrExtractor().extract(tif, ExtractHints(languages=("deu", "fra"), locale="de_DE",
                                                          mappings_dir=REPO / "mappings", channel="fax"))
    [order] = extraction.orders
    [ship_to] = [p for p in order.parties if p.role == "ship_to"]
    assert ship_to.street == lines[1] and ship_to.postcode == lines[2].split()[0]
    doubts = [p.message for p in order.problems if p.code == "SHIP-TO-UNSURE"]
    assert doubts and not any("nothing readable" in m for m in doubts)  # read from a scan: a person checks it
