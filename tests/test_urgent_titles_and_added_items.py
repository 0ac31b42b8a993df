"""An order titled urgent is urgent, and a note that orders more than the printed lines holds the order (findings
of an outside fax trial, F14 and F1: "COMMANDE URGENTE" went out normal; "+ 2 x SKU-1005 toner noir svp" under the
table went out as a note on an order without that item).

Text PDFs made with reportlab (tests.test_page_notes.order_pdf), a typed e-mail, the notes as a fax's reading
gives them (``page_notes.note_problems``) and one fax rendered to fine resolution and read by OCR."""

from __future__ import annotations

import pytest

from extractors.capture.page_notes import note_problems, orders_more, urgency_note
from extractors.locale_values import fold
from extractors.mail.body_text import EXTRACTOR as MAIL
from gateway.config_decide import PrioritySection
from gateway.model import ExtractedOrder
from gateway.stages.decide import urgent_word
from tests.test_body_text import HINTS as MAIL_HINTS
from tests.test_page_notes import HINTS, PDF, notes_of, order_pdf


@pytest.mark.parametrize("title", ["COMMANDE URGENTE", "URGENT ORDER", "EILBESTELLUNG", "Eilauftrag",
                                   "Bestellung - EILIG", "Commande urgente n° 4471", "RUSH ORDER"])
def test_an_order_titled_urgent_is_urgent(title: str) -> None:
    (order,) = PDF.extract(order_pdf(title), HINTS).orders
    assert title in order.notes
    assert urgent_word(PrioritySection(), order.notes) is not None
    assert notes_of(order_pdf(title)) == []  # an urgent title holds nothing


@pytest.mark.parametrize("title", ["BESTELLUNG", "BON DE COMMANDE", "PURCHASE ORDER"])
def test_a_plain_title_is_no_urgency(title: str) -> None:
    (order,) = PDF.extract(order_pdf(title), HINTS).orders
    assert urgent_word(PrioritySection(), order.notes) is None


def test_a_typed_e_mail_titled_eilbestellung_is_urgent() -> None:
    (order,) = MAIL.extract("Betreff: Eilbestellung\n\nBitte liefern Sie 5 x DF-PAP-A4\n".encode(), MAIL_HINTS).orders
    assert urgent_word(PrioritySection(), order.notes) is not None


@pytest.mark.parametrize("note", ["+ 2 x HZ-9813 colle svp", "ALSO 2 EA SKU-1005 TONER - THANKS",
                                  "Bitte noch 3 Stk. KD-2041 dazu", "+ 2 x toner noir svp",
                                  "Also 4 EA EN-4402 envelopes - thanks"])
def test_a_note_ordering_more_holds_a_printed_order(note: str) -> None:
    assert notes_of(order_pdf("BESTELLUNG", (note,))) == [("CHANGE-TYPED", "lines")]


@pytest.mark.parametrize("note", ["» 2 X SKU-1005 TONER NOIR SNP", "ALSO 2 EA SKU-1005 TONER - THANKS"])
def test_a_note_ordering_more_read_on_a_fax_holds(note: str) -> None:
    """The fax's reading keeps what it reads under the items as the order's notes (a '+' read as '»')."""
    found = note_problems([note], ExtractedOrder(po_number="B-1"))
    assert [(p.code, p.element) for p in found] == [("CHANGE-TYPED", "lines")]


@pytest.mark.parametrize("note", ["Tel: +33 4 72 55 01 22", "2 x 2,50 EUR", "Total HT : 57,00", "Page 1 / 2",
                                  "Livraison 2 x par semaine", "Payment 30 days net", "Unit 4 Kestrel Park",
                                  "Commande n° PR-88131"])
def test_numbers_that_order_nothing_are_no_addition(note: str) -> None:
    assert not orders_more(fold(note).lower())


def test_an_urgent_title_alone_says_nothing_of_the_items() -> None:
    assert urgency_note("COMMANDE URGENTE") and not urgency_note("+ 2 x SKU-1005")


def test_a_fax_titled_urgent_with_an_item_added_under_the_table(tmp_path) -> None:
    from extractors.capture.ocr import OcrExtractor
    from testkit.capture_fax import render_fax_tiff
    tiff = render_fax_tiff(order_pdf("COMMANDE URGENTE", ("+ 2 x HZ-9813 colle svp",)), "fine", seed=7)
    (order,) = OcrExtractor().extract(tiff, HINTS).orders
    assert urgent_word(PrioritySection(), order.notes) is not None
    problems = order.problems + note_problems(order.notes, order)
    assert ("CHANGE-TYPED", "lines") in [(p.code, p.element) for p in problems]


# F13: our own address in the customer's delivery box of a fax is never the ship-to, OCR slips aside


def _own():
    from extractors.own_company import OwnAddress, OwnCompany
    return OwnCompany(names=("Meridian Office Supply Ltd",), addresses=(OwnAddress("Unit 4 Kestrel Park", "RG2 0QF"),))


@pytest.mark.parametrize("lines,ours", [
    (["Meridian Office Suppiy Ltd", "Unit 4 Kestrel Park", "RG2 0QF Reading"], True),
    (["Northwind Ltd", "Unit 4 Kestrel Park", "RG2 0OF Reading"], True),  # street and postcode, one slip
    (["Northwind Ltd", "Unit 4 Kestre1 Park", "RG2 0QF Reading"], True),
    (["Northwind Ltd", "Unit 4 Kestrel Park", "RG7 1AB Reading"], False),  # another postcode
    (["Northwind Ltd", "12 Mill Lane", "RG2 0QF Reading"], False),  # another street
])
def test_our_scanned_address_is_ours_with_one_slip(lines: list[str], ours: bool) -> None:
    assert _own().is_our_block(lines, scanned=True) is ours


def test_our_address_under_a_faxed_delivery_label_is_never_the_ship_to() -> None:
    from dataclasses import replace

    from extractors.capture.ocr import OcrExtractor
    from testkit.capture_fax import render_fax_tiff
    pdf = order_pdf("BESTELLUNG", ship_to=("Lieferanschrift:", "Meridian Office Supply Ltd", "Unit 4 Kestrel Park",
                                           "Reading RG2 0QF"))
    (order,) = OcrExtractor().extract(render_fax_tiff(pdf, "fine", seed=9), replace(HINTS, own=_own())).orders
    assert order.party("ship_to") is None
    assert any(p.code == "SHIP-TO-UNSURE" and "our own" in p.message for p in order.problems)


def _word_order(title: str, note: str = "") -> bytes:
    import io

    import docx

    d = docx.Document()
    for text in ("Papeterie Durand SARL", "12 rue des Forges", "69003 Lyon", title, "Bon de commande n° BC-4410",
                 "Date : 03/12/2026"):
        d.add_paragraph(text)
    t = d.add_table(rows=2, cols=4)
    for r, row in enumerate([("Référence", "Désignation", "Quantité", "Prix unitaire"),
                             ("PR-1001", "Copy paper A4 80 gsm, ream of 500 sheets", "10", "24,50")]):
        for c, v in enumerate(row):
            t.cell(r, c).text = v
    if note:
        d.add_paragraph(note)
    d.add_paragraph("Cordialement")
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def test_a_word_order_titled_urgent_is_urgent_and_one_adding_an_item_holds() -> None:
    from extractors.base import ExtractHints
    from extractors.office.word import EXTRACTOR as WORD

    (order,) = WORD.extract(_word_order("COMMANDE URGENTE"), ExtractHints(filename="order.docx")).orders
    assert urgent_word(PrioritySection(), order.notes) is not None
    (order,) = WORD.extract(_word_order("", "+ 2 x PR-1004 agrafes svp"), ExtractHints(filename="order.docx")).orders
    assert urgent_word(PrioritySection(), order.notes) is None
    assert "CHANGE-TYPED" in {p.code for p in order.problems}


@pytest.mark.parametrize("title,urgent", [("EILBESTELLUNG", True), ("URGENT ORDER", True), ("Purchase Order", False)])
def test_a_sheet_titled_urgent_is_urgent_and_a_cell_adding_an_item_holds(title: str, urgent: bool) -> None:
    import io

    import openpyxl

    from extractors.base import ExtractHints
    from extractors.sheet.sheet import EXTRACTOR as SHEET

    wb = openpyxl.Workbook()
    ws = wb.active
    for row in ([title], ["PO Number", "PO-7791"], [], ["Item", "Description", "Qty", "Price", "Amount"],
                ["SKU-1003", "Stapler", 12, 2.75, 33.00], [None, None, None, "Total", 33.00], [],
                ["+ 2 x SKU-1005 toner noir svp"]):
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    (order,) = SHEET.extract(out.getvalue(), ExtractHints(filename="po.xlsx")).orders
    assert (urgent_word(PrioritySection(), order.notes) is not None) is urgent
    assert "CHANGE-TYPED" in {p.code for p in order.problems}


@pytest.mark.parametrize("note,held", [
    ("INDUSTRIESTR. 22, 85748 GARCHING", True),  # a handwritten "Lieferung an:" whose label line was lost
    ("12 rue des Halles, 94150 Rungis", True),
    ("Tel 089 1234 5678, Hauptstr. 5, 80331 Muenchen", False),  # a footer's
    ("Liefertermin 15.12.2026", False), ("Summe 646,95", False),
])
def test_an_address_alone_read_under_a_faxs_items_holds(note: str, held: bool) -> None:
    found = note_problems([note], ExtractedOrder(po_number="B-1"))
    assert (("CHANGE-TYPED", "ship_to") in [(p.code, p.element) for p in found]) is held
