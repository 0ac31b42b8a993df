"""A web shop's summary of an order ("Récapitulatif de commande", "Order summary", "Bestellübersicht") sent on as
the order is an order, and an invoice word alone ("Total TTC") never files a document with a PO and item rows
away as an invoice: an invoice needs its title or more than one word of its own."""

from __future__ import annotations

import pytest

from extractors.base import ExtractHints
from extractors.capture.pdf_text import EXTRACTOR
from gateway.model import DocType
from tests.printed import printed_pdf

PAGE = """<html><head><meta charset="utf-8"><style>body{{font-family:sans-serif;font-size:12px}}
table{{border-collapse:collapse;width:100%}} td,th{{border-bottom:1px solid #ccc;padding:4px;text-align:left}}</style>
</head><body><h2>{shop}</h2>{title}<p>{po_label} {po}<br>{date_label} {date}</p>
<table><tr>{heads}</tr>{rows}</table><p>{totals}</p></body></html>"""


def _page(title: str, po_label: str, date_label: str, heads: tuple[str, ...], totals: str) -> str:
    rows = "".join(f"<tr><td>{d}</td><td>{c}</td><td>{q}</td><td>{p}</td><td>{a}</td></tr>"
                   for d, c, q, p, a in (("Nitrile gloves M", "GLV-NIT-M", "4", "9,50", "38,00"),
                                         ("Tape 50 mm", "TAPE-50", "10", "2,10", "21,00")))
    return PAGE.format(shop="ShopPro", title=title, po_label=po_label, po="CMD-884213", date_label=date_label,
                       date="05/12/2026", heads="".join(f"<th>{h}</th>" for h in heads), rows=rows, totals=totals)


FR_HEADS = ("Produit", "SKU", "Qté", "Prix unitaire HT", "Total HT")
EN_HEADS = ("Product", "SKU", "Qty", "Unit price", "Amount")
FR_TOTALS = "Total HT : 59,00 €<br>TVA 20 % : 11,80 €<br>Total TTC : 70,80 €"

CASES = {
    "summary_fr": _page("<h1>Récapitulatif de commande</h1>", "N° de commande :", "Date de commande :", FR_HEADS,
                        FR_TOTALS),
    "summary_en": _page("<h1>Order summary</h1>", "Order number:", "Order date:", EN_HEADS,
                        "Subtotal: 59.00<br>VAT 20%: 11.80<br>Total: 70.80"),
    "untitled_ttc": _page("", "N° de commande :", "Date de commande :", FR_HEADS, FR_TOTALS),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_an_order_summary_or_a_lone_invoice_word_is_never_filed_as_an_invoice(name: str) -> None:
    pdf = printed_pdf(f"order_summary_{name}", CASES[name])
    extraction = EXTRACTOR.extract(pdf.read_bytes(), ExtractHints())
    assert extraction.doc_type == DocType.ORDER
    order = extraction.orders[0]
    assert order.po_number == "CMD-884213"
    assert [line.customer_item for line in order.lines] == ["GLV-NIT-M", "TAPE-50"]
    doubt = [p.code for p in order.problems if p.code == "CLASSIFY-DOUBT"]
    assert doubt == (["CLASSIFY-DOUBT"] if name == "untitled_ttc" else [])  # untitled: a person decides


def test_an_invoice_with_its_title_stays_an_invoice() -> None:
    html = _page("<h1>FACTURE</h1><p>N° de facture : F-2026-0912</p>", "N° de commande :", "Date de facture :",
                 FR_HEADS, FR_TOTALS)
    extraction = EXTRACTOR.extract(printed_pdf("order_summary_invoice", html).read_bytes(), ExtractHints())
    assert extraction.doc_type == DocType.INVOICE
    assert extraction.orders == []
