"""A request for quotation or a quotation print that carries priced items is never filed away unseen
(t2 P11): the reader marks it (CLASSIFY-DOUBT, element doc_type.priced) naming its title, and the gateway holds
it for a person when a known customer sent it; from anyone else it stays no order. An RFQ without prices waits
as a QUOTE-REQUEST."""

from __future__ import annotations

import io

import pytest

from extractors.base import ExtractHints
from extractors.capture.pdf_text import PdfTextExtractor
from extractors.capture.priced_items import PRICED_ELEMENT
from gateway.model import DocType


def _pdf(title: str, heads: tuple[str, ...], rows: list[tuple[str, ...]], total: tuple[str, str] | None) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    c.setFont("Helvetica", 10)
    for i, text in enumerate(("Nordwind Handel KG", "Hafenweg 3", "28195 Bremen")):
        c.drawString(50, 800 - 13 * i, text)
    c.setFont("Helvetica-Bold", 18)
    c.drawString(50, 720, title)
    c.setFont("Helvetica", 10)
    for x, text in zip((50, 150, 340, 400, 470), heads):
        c.drawString(x, 650, text)
    y = 650
    for row in rows:
        y -= 18
        for x, text in zip((50, 150, 350, 400), row[:4]):
            c.drawString(x, y, text)
        if len(row) > 4:
            c.drawRightString(520, y, row[4])
    if total:
        c.drawString(400, y - 30, total[0])
        c.drawRightString(520, y - 30, total[1])
    c.showPage()
    c.save()
    return buf.getvalue()


PRICED = [
    ("Request for Quotation #RQ0091", ("Product", "Description", "Qty", "Unit", "Amount"),
     [("SKU-1001", "Copy paper A4", "12", "BX", "294.00"), ("SKU-1004", "Stapler", "2", "EA", "36.00")],
     ("Total", "330.00")),
    ("Demande de prix DP-77", ("Réf.", "Désignation", "Qté", "Unité", "Montant"),
     [("SKU-1003", "Classeur A4", "40", "pièce", "110,00")], ("Total HT", "110,00")),
    ("Angebotsanfrage 2026-551", ("Art.-Nr.", "Bezeichnung", "Menge", "Einheit", "Betrag"),
     [("SKU-1002", "Kugelschreiber", "10", "Pack", "39,00")], ("Summe", "39,00")),
    ("Quotation Q-5521", ("Item", "Description", "Qty", "Unit", "Amount"),
     [("SKU-1001", "Copy paper A4", "5", "BX", "122.50")], ("Total", "122.50")),
]


@pytest.mark.parametrize("title,heads,rows,total", PRICED, ids=[p[0] for p in PRICED])
def test_priced_quote_or_rfq_waits_for_a_person(title, heads, rows, total):
    extraction = PdfTextExtractor().extract(_pdf(title, heads, rows, total), ExtractHints(filename="doc.pdf"))
    assert extraction.doc_type == DocType.OTHER and not extraction.orders
    [mark] = [p for p in extraction.problems if p.element == PRICED_ELEMENT]
    assert mark.code == "CLASSIFY-DOUBT" and mark.severity == "warning" and title.split()[0] in mark.message
    assert f"carries {len(rows)} item(s) with prices" in mark.message


def test_request_without_prices_waits_as_a_quote_request():
    """An RFQ listing only what is wanted, no price anywhere: no order read, the document waits for a person
    (QUOTE-REQUEST, as a typed e-mail asking for a quote)."""
    pdf = _pdf("Request for Quotation #RQ0092", ("Product", "Description", "Qty", "Unit"),
               [("SKU-1001", "Copy paper A4", "12", "BX")], None)
    extraction = PdfTextExtractor().extract(pdf, ExtractHints(filename="doc.pdf"))
    assert extraction.doc_type == DocType.OTHER and not extraction.orders
    assert [p.code for p in extraction.problems if p.severity == "error"] == ["QUOTE-REQUEST"]


def test_delivery_note_without_prices_stays_no_order():
    """A delivery note listing goods without prices is no order and no request: filed as before."""
    pdf = _pdf("Delivery Note DN-4410", ("Product", "Description", "Qty", "Unit"),
               [("SKU-1001", "Copy paper A4", "12", "BX")], None)
    extraction = PdfTextExtractor().extract(pdf, ExtractHints(filename="doc.pdf"))
    assert extraction.doc_type == DocType.OTHER and not extraction.orders
    assert not [p for p in extraction.problems if p.severity == "error"]


@pytest.fixture(scope="module")
def ctx(tmp_path_factory: pytest.TempPathFactory):
    from gateway.app import build_context
    from gateway.config import load_config
    from testkit.harness import write_config

    return build_context(load_config(write_config(tmp_path_factory.mktemp("gw"))))


def _outcome(ctx, data: bytes, sender: str) -> dict:
    import hashlib

    from gateway.oneshot import extract_bytes
    from gateway.store.journal import DocumentRecord, new_id, utcnow

    doc = DocumentRecord(id=new_id(), sha256=hashlib.sha256(data).hexdigest(), size=len(data), channel="email",
                         received_at=utcnow(), sender=sender, filename="doc.pdf")
    return extract_bytes(ctx, data, doc)["document"]


@pytest.mark.parametrize("title,heads,rows,total", PRICED[:2], ids=[p[0] for p in PRICED[:2]])
def test_a_customers_priced_quotation_waits_and_a_strangers_stays_no_order(ctx, title, heads, rows, total):
    data = _pdf(title, heads, rows, total)
    known = _outcome(ctx, data, "orders@retail-brussels.example")
    assert known["status"] == "review" and known["error_code"] == "CLASSIFY-DOUBT"
    assert "item(s) with prices" in known["error_message"]
    assert _outcome(ctx, data, "sales@unknown-vendor.example")["status"] == "not_order"


CONFIRMATIONS = [
    ("Confirmation de commande", ("Réf.", "Désignation", "Qté", "Unité", "Montant"),
     [("SKU-1002", "Stylo bille bleu", "12", "paquet", "46,80"), ("SKU-1004", "Agrafeuse", "2", "pièce", "36,00")],
     ("Total", "82,80")),
    ("Order confirmation", ("Item", "Description", "Qty", "Unit", "Amount"),
     [("SKU-1001", "Copy paper A4", "4", "BX", "98.00")], ("Total", "98.00")),
    ("Auftragsbestätigung", ("Art.-Nr.", "Bezeichnung", "Menge", "Einheit", "Betrag"),
     [("SKU-1003", "Ordner A4", "20", "Stück", "55,00")], ("Summe", "55,00")),
]


@pytest.mark.parametrize("title,heads,rows,total", CONFIRMATIONS, ids=[p[0] for p in CONFIRMATIONS])
def test_a_web_shops_confirmation_a_customer_sends_waits(ctx, title, heads, rows, total):
    """A web shop's order confirmation with priced items and no PO read (its "Référence de commande" is a shop's
    reference), forwarded by a known customer as its order: it waits for a person naming its title, never
    filed away as no order (t2 E1); from anyone else it stays no order."""
    data = _pdf(title, heads, rows, total)
    known = _outcome(ctx, data, "orders@retail-brussels.example")
    assert known["status"] == "review" and known["error_code"] == "CLASSIFY-DOUBT", known
    assert title in known["error_message"]
    assert _outcome(ctx, data, "sales@unknown-vendor.example")["status"] == "not_order"
