"""Header labels by family, delivery blocks beside a key-value table, terms and conditions beside the
order, and a sheet saved as tab-separated text (issue 18, docs round).

The documents are checked in (``tests/fixtures/header_families``, made by its
``make_header_families.py`` with Chromium, LibreOffice, python-docx and openpyxl; nothing is produced
here) and read with the master data of ``tests/fixtures/real_producers``, received on their order date:
each must go out untouched with every field the truth's.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from extractors.capture.header_fields import NOT_A_FIELD, field_index
from extractors.capture.labels import label_key
from extractors.capture.layout_spec import GENERIC_SPEC
from extractors.mail.body_text import BodyTextExtractor
from extractors.sheet.sheet import SheetExtractor, tab_grid
from tests.test_real_producers import assert_order_is_the_truth

HERE = Path(__file__).parent / "fixtures"
DOCS = sorted(p for p in (HERE / "header_families" / "docs").iterdir() if p.suffix != ".json")
TYPES = {".pdf": "application/pdf", ".txt": "text/plain", ".eml": "message/rfc822"}


@pytest.fixture(scope="module")
def ctx(tmp_path_factory: pytest.TempPathFactory):
    from gateway.app import build_context
    from testkit.harness import load_test_config, write_config

    root = tmp_path_factory.mktemp("gw")
    return build_context(load_test_config(write_config(root, master_data=HERE / "real_producers" / "masterdata")))


def _orders(result: dict) -> list[dict]:
    found = [o["order"] for o in result.get("orders", [])]
    for part in result.get("parts", []):
        found += _orders(part)
    return found


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_an_order_of_the_header_families_goes_out_untouched_and_right(ctx, doc: Path) -> None:
    from gateway.oneshot import extract_bytes
    from gateway.store.journal import DocumentRecord, new_id

    truth = json.loads(doc.with_suffix(".json").read_text(encoding="utf-8"))
    data = doc.read_bytes()
    record = DocumentRecord(id=new_id(), sha256=hashlib.sha256(data).hexdigest(), size=len(data), channel="email",
                            received_at=datetime.fromisoformat(truth["order_date"]).replace(hour=10, tzinfo=timezone.utc),
                            sender=truth["sender"], filename=doc.name, content_type=TYPES[doc.suffix])
    (order,) = _orders(extract_bytes(ctx, data, record))  # terms and conditions beside it: no order of their own
    assert_order_is_the_truth(order, truth)
    assert order["status"] == "ready", [i["code"] for i in order["issues"] if i["severity"] == "error"]


@pytest.mark.parametrize(("label", "field"), [
    ("Document No.", "po_number"), ("Numéro de la pièce", "po_number"), ("Auftragsnummer", "po_number"),
    ("Ihre Beleg-Nr.", "po_number"), ("Our PO ref", "po_number"), ("Call-off order", "po_number"),
    ("N° du document", "po_number"),
    ("Date of posting", "order_date"), ("Date de saisie", "order_date"), ("Erfassungsdatum", "order_date"),
    ("PO created on", "order_date"), ("Commande émise le", "order_date"), ("Datum der Buchung", "order_date"),
    ("Gebucht am", "order_date"),
    ("Arrival date", "requested_delivery_date"), ("Anlieferdatum", "requested_delivery_date"),
    ("Date de réception souhaitée", "requested_delivery_date"),
    ("Received by vendor on", NOT_A_FIELD), ("Accepted by seller", NOT_A_FIELD),
])
def test_a_label_of_a_family_is_found_whatever_the_producers_wording(label: str, field: str) -> None:
    hit = field_index(GENERIC_SPEC).lookup(label_key(label), fuzzy=False)
    assert hit is not None and hit[0] == field


def test_a_sheet_saved_as_tab_separated_text_is_a_sheet_and_a_typed_message_is_not() -> None:
    grid = "Order number\tNG-1\t\t\nOrder date\t01/12/2026\t\t\n\t\t\t\nCode\tDescription\tQty\tPrice\n"
    typed = "Hello,\nplease send:\nNG1\t10\tpens\nThanks\n"
    assert tab_grid(grid.encode()) and not tab_grid(typed.encode())
    utf16 = grid.encode("utf-16")  # Excel's "Unicode text": a byte order mark, then UTF-16
    sheet, text = SheetExtractor(), BodyTextExtractor()
    assert sheet.detect(utf16, "order.txt", "text/plain") > text.detect(utf16, "order.txt", "text/plain")
    assert sheet.detect(typed.encode(), "body.txt", "text/plain") == 0.0


def _terms_pdf(items: bool) -> bytes:
    """A page headed "Allgemeine Einkaufsbedingungen" (no order title), with clauses, or with an item table."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    c.setFont("Helvetica-Bold", 14)
    c.drawString(60, 800, "Allgemeine Einkaufsbedingungen")
    c.setFont("Helvetica", 10)
    if items:
        c.drawString(320, 760, "Bestellnummer: HB-88120")
        for x, text in ((60, "Artikel"), (150, "Bezeichnung"), (380, "Menge")):
            c.drawString(x, 620, text)
        for n, (item, name, count) in enumerate((("SB-4410", "Schraube 4x40", "200"), ("WK-120", "Winkel 120", "16"))):
            for x, text in ((60, item), (150, name), (385, count)):
                c.drawString(x, 598 - 22 * n, text)
    else:
        for n, text in enumerate(("§ 1 Diese Bedingungen gelten für alle Bestellungen. Der Lieferant bestätigt jede Bestellung.",
                                  "§ 2 Liefertermine sind verbindlich. Bestellnummer und Datum sind auf jeder Rechnung anzugeben.",
                                  "§ 3 Zahlung innerhalb von 30 Tagen netto.")):
            c.drawString(60, 760 - 20 * n, text)
    c.showPage()
    c.save()
    return buf.getvalue()


def test_terms_and_conditions_alone_are_no_order_but_items_under_their_heading_wait() -> None:
    from extractors.base import ExtractHints
    from extractors.capture.pdf_text import EXTRACTOR as PDF
    from gateway.model import DocType

    hints = ExtractHints(languages=("deu", "eng", "fra"), locale="de_DE", mappings_dir=HERE.parent.parent / "mappings")
    assert PDF.extract(_terms_pdf(items=False), hints).doc_type == DocType.OTHER
    (order,) = PDF.extract(_terms_pdf(items=True), hints).orders  # a PO under that heading: a person decides
    assert order.lines and "CLASSIFY-DOUBT" in {p.code for p in order.problems}
