"""A word printed across a text PDF at an angle (an ERP's "DRAFT" watermark) is read apart from the rows and
holds the order as it says (outside trial: a Chromium print with a slanted "DRAFT" went out untouched, its
letters scattered between the item rows). Chromium prints, checked in (``tests/printed.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.base import ExtractHints
from extractors.capture.pdf_text import EXTRACTOR as PDF
from tests.printed import printed_pdf

HINTS = ExtractHints(languages=("deu", "eng", "fra"), mappings_dir=Path(__file__).resolve().parents[1] / "mappings")


def order_html(mark: str, angle: int, size: int = 110) -> str:
    stamp = (f'<div style="position:fixed;top:320px;left:90px;font-size:{size}px;color:rgba(120,120,120,0.25);'
             f'transform:rotate({angle}deg)">{mark}</div>') if mark else ""
    return f"""<html><body style="font-family:sans-serif">{stamp}
<h2>BESTELLUNG</h2><p>Müller Bürobedarf GmbH<br>Hauptstraße 5, 80331 München</p>
<p>Bestellnummer: MB-55120<br>Bestelldatum: 03.12.2026<br>Liefertermin: 17.12.2026</p>
<table border=1 cellspacing=0><tr><th>Art.-Nr.</th><th>Bezeichnung</th><th>Menge</th><th>Preis</th><th>Betrag</th></tr>
<tr><td>SKU-1005</td><td>Tonerkassette schwarz</td><td>3</td><td>79,00</td><td>237,00</td></tr>
<tr><td>SKU-1003</td><td>Ordner A4 80 mm</td><td>40</td><td>2,75</td><td>110,00</td></tr></table>
<p>Gesamtsumme netto: 347,00 EUR</p></body></html>"""


def read(mark: str, angle: int, size: int = 110):
    (order,) = PDF.extract(printed_pdf(f"watermark-{mark or 'none'}-{angle}-{size}", order_html(mark, angle, size))
                           .read_bytes(), HINTS).orders
    return order


@pytest.mark.parametrize("mark, angle, size, code", [
    ("ENTWURF", -35, 110, "DRAFT-MARKED"), ("DRAFT", 25, 110, "DRAFT-MARKED"),
    ("NICHT FREIGEGEBEN", -20, 60, "DRAFT-MARKED"), ("KOPIE", -40, 110, "COPY-MARKED"),
    ("STORNIERT", 30, 110, "CANCEL-TYPED"), ("E N T W U R F", -30, 80, "DRAFT-MARKED"),  # letter-spaced (rev1 D3)
    ("ÄNDERUNG", -30, 110, "CHANGE-TYPED"), ("REVISED", 30, 110, "CHANGE-TYPED"),  # a revision (rev1 D7)
    ("ENTWURF", 0, 40, "DRAFT-MARKED"),  # printed level in grey, alone: a draft's mark all the same (issue 17 (b))
])
def test_a_slanted_watermark_holds_as_it_says_and_leaves_the_rows_alone(mark, angle, size, code):
    order = read(mark, angle, size)
    assert code in [p.code for p in order.problems]
    assert [(ln.customer_item, ln.quantity) for ln in order.lines] == [("SKU-1005", 3), ("SKU-1003", 40)]


@pytest.mark.parametrize("mark, angle, size", [("", 0, 110), ("BEZAHLT", -30, 110)])
def test_another_slanted_word_holds_nothing(mark, angle, size):
    order = read(mark, angle, size)
    assert not {"DRAFT-MARKED", "COPY-MARKED", "CANCEL-TYPED"} & {p.code for p in order.problems}


def test_every_slanted_word_is_kept_in_the_orders_notes():
    """Review rev1 D7: "EILT" printed across the page is the order's note (the priority rules read it)."""
    assert "watermark: EILT" in read("EILT", -30).notes
