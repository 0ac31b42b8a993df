"""A printed order's delivery date written as a calendar week ("KW 5/2027", "7. KW 2027", "KW9/27",
"semaine 06/2027", "week 8 of 2027") is read as the week's Monday and held DELIVERY-WINDOW-WIDE; a
value that is there but cannot be read ("48. KW", a week without its year) holds DELIVERY-DATE-MISSING
quoting it, and never borrows the order date printed on the line above (review R21)."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest

from extractors.base import ExtractHints
from extractors.capture.pdf_text import EXTRACTOR as PDF
from extractors.capture.weeks import week_monday, yearless_week

REPO = Path(__file__).resolve().parents[1]
HINTS = ExtractHints(languages=("deu", "eng", "fra"), locale="de_DE", mappings_dir=REPO / "mappings")
LABELS = {"de": ("Bestellnummer:", "Bestelldatum:", "Liefertermin:", "Artikel", "Bezeichnung", "Menge"),
          "en": ("PO Number:", "Order Date:", "Delivery Date:", "Item", "Description", "Qty"),
          "fr": ("N° de commande :", "Date de commande :", "Date de livraison :", "Réf.", "Désignation", "Qté")}


def week_pdf(lang: str, ordered: str, due: str) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    po, placed, wanted, code, desc, qty = LABELS[lang]
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    c.setFont("Helvetica-Bold", 14)
    c.drawString(60, 800, "Holzbau Brenner KG")
    c.setFont("Helvetica", 11)
    for y, label, value in ((762, po, "HB-88120"), (746, placed, ordered), (730, wanted, due)):
        c.drawString(320, y, label)
        c.drawString(450, y, value)
    for x, text in ((60, code), (150, desc), (380, qty)):
        c.drawString(x, 620, text)
    for n, (item, name, count) in enumerate((("SB-4410", "Schraube 4x40", "200"), ("WK-120", "Winkel 120", "16"))):
        for x, text in ((60, item), (150, name), (385, count)):
            c.drawString(x, 598 - 22 * n, text)
    c.showPage()
    c.save()
    return buf.getvalue()


def read(lang: str, ordered: str, due: str):
    (order,) = PDF.extract(week_pdf(lang, ordered, due), HINTS).orders
    return order.order_date, order.requested_delivery_date, {p.code: p.message for p in order.problems}


@pytest.mark.parametrize("text, monday", [
    ("KW 5/2027", date(2027, 2, 1)), ("KW9/27", date(2027, 3, 1)), ("7. KW 2027", date(2027, 2, 15)),
    ("semaine 06/2027", date(2027, 2, 8)), ("week 8 of 2027", date(2027, 2, 22)), ("Woche 10 2027", date(2027, 3, 8)),
    ("CW 4/2027", date(2027, 1, 25)), ("12. KW/27", date(2027, 3, 22)),
])
def test_a_week_with_its_year_is_its_monday(text: str, monday: date) -> None:
    assert week_monday(text) == monday


@pytest.mark.parametrize("text", ["48. KW", "KW 48", "semaine 48", "week 48"])
def test_a_week_without_its_year_is_no_day(text: str) -> None:
    assert week_monday(text) is None and yearless_week(text)


@pytest.mark.parametrize("text", ["09.12.2026", "Kwh 5", "Lieferung 5/2027"])
def test_other_values_are_no_week(text: str) -> None:
    assert week_monday(text) is None and not yearless_week(text)


@pytest.mark.parametrize("lang, due, monday", [
    ("de", "7. KW 2027", date(2027, 2, 15)), ("de", "KW9/27", date(2027, 3, 1)),
    ("en", "week 8 of 2027", date(2027, 2, 22)), ("fr", "semaine 06/2027", date(2027, 2, 8)),
])
def test_a_printed_week_is_read_and_held_and_the_order_date_kept(lang: str, due: str, monday: date) -> None:
    placed, wanted, problems = read(lang, "03.12.2026", due)
    assert (placed, wanted) == (date(2026, 12, 3), monday)
    assert "DELIVERY-WINDOW-WIDE" in problems


@pytest.mark.parametrize("lang, due, monday", [("de", "KW 3", date(2027, 1, 18)), ("fr", "semaine 51", date(2026, 12, 14)),
                                               ("en", "week 2", date(2027, 1, 11))])
def test_a_week_without_its_year_is_read_from_the_order_date_and_held(lang: str, due: str, monday: date) -> None:
    placed, wanted, problems = read(lang, "03.12.2026", due)
    assert (placed, wanted) == (date(2026, 12, 3), monday) and "DELIVERY-WINDOW-WIDE" in problems


@pytest.mark.parametrize("lang, due", [("de", "48. KW"), ("en", "wk 47"), ("fr", "semaine 30"), ("de", "laut Absprache 3")])
def test_an_unread_delivery_value_borrows_no_date_and_is_named(lang: str, due: str) -> None:
    placed, wanted, problems = read(lang, "03.12.2026", due)
    assert placed == date(2026, 12, 3) and wanted is None
    assert due in problems["DELIVERY-DATE-MISSING"]


def test_a_plain_delivery_date_still_reads() -> None:
    assert read("de", "03.12.2026", "18.12.2026")[:2] == (date(2026, 12, 3), date(2026, 12, 18))
