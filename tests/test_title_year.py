"""A year after a page's title is no PO number: "Müller Bürobedarf GmbH - Bestellung 2026", "Acme Industrial
Supply Inc - Order Form 2026", "Order Form 2026" name the year's order form. With no labelled number the order
waits PO-MISSING; beside a labelled one the labelled one is read at full strength (review revD D4). Chromium
prints (tests/printed.py)."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.printed import printed_pdf

HERE = Path(__file__).parent

CSS = "body{font-family:'DejaVu Sans',sans-serif;font-size:10pt}table{border-collapse:collapse}th,td{padding:3px 5px}"


def _page(title: str, po_line: str, lang: str) -> str:
    if lang == "de":
        head, rows, total = (("Artikel", "Bezeichnung", "Menge", "Einheit", "Einzelpreis", "Betrag"),
                             ("SKU-1003", "Hefter", "12", "ST", "2,75", "33,00"), "Summe 33,00 €")
        dates = "Datum: 02.12.2026<br>Liefertermin: 09.12.2026"
    else:
        head, rows, total = (("Item", "Description", "Qty", "Unit", "Unit price", "Amount"),
                             ("SKU-1003", "Stapler", "12", "EA", "2.75", "33.00"), "Total 33.00")
        dates = "Order Date: 12/02/2026<br>Delivery Date: 12/09/2026"
    th = "".join(f"<th>{t}</th>" for t in head)
    td = "".join(f"<td>{v}</td>" for v in rows)
    return (f"<html><head><meta charset=utf-8><style>{CSS}</style></head><body><p><b>{title}</b><br>Lindenweg 3<br>"
            f"50667 Köln</p><p>{po_line}{dates}</p><table border=1 style='width:100%'><tr>{th}</tr><tr>{td}</tr>"
            f"</table><p style='text-align:right'>{total}</p></body></html>")


def _order(name: str, html: str, lang: str):
    from extractors.base import ExtractHints
    from extractors.capture.pdf_text import EXTRACTOR as PDF

    hints = ExtractHints(languages=("deu", "eng", "fra"), locale="de_DE" if lang == "de" else "en_US",
                         mappings_dir=HERE.parent / "mappings")
    (order,) = PDF.extract(printed_pdf(name, html).read_bytes(), hints).orders
    return order


@pytest.mark.parametrize("name,title,lang", [
    ("titleyear_de", "Krause Bürohandel KG - Bestellung 2026", "de"),
    ("titleyear_en", "Lindholm Supplies Ltd - Order Form 2026", "en"),
    ("titleyear_bare", "Order Form 2026", "en")])
def test_a_year_after_the_title_is_no_po_number(name: str, title: str, lang: str) -> None:
    order = _order(name, _page(title, "", lang), lang)
    assert order.po_number is None
    label = "Bestellnummer: 4500077102<br>" if lang == "de" else "PO Number: 770102<br>"
    labelled = _order(name + "_po", _page(title, label, lang), lang)
    assert labelled.po_number == ("4500077102" if lang == "de" else "770102")
    assert labelled.confidence.get("po_number", 1.0) >= 0.9


def test_a_number_after_the_title_is_still_the_po() -> None:
    assert _order("titleyear_ctrl", _page("Krause Bürohandel KG - Bestellung 4500077103", "", "de"), "de").po_number \
        == "4500077103"
