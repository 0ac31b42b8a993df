"""A question or a condition printed in an order's notes, and a weekday printed with a date that it does not
fall on, hold a printed or faxed order as they hold a typed e-mail (outside trial: a fax's "Notes: before you
ship, call me ..." and "Keine Teillieferung!" went out untouched with the note dropped; "Liefertermin: Freitag,
10.12.2026", a Thursday, went out).

Text PDFs made with reportlab (the page readers are the same for PDF text, scans and faxes)."""

from __future__ import annotations

import io

import pytest

from extractors.capture.pdf_text import EXTRACTOR as PDF
from tests.test_page_notes import HINTS, order_pdf


def codes(pdf: bytes) -> list[str]:
    (order,) = PDF.extract(pdf, HINTS).orders
    return [p.code for p in order.problems if p.severity == "error"]


@pytest.mark.parametrize("note", [
    "Vor dem Versand bitte kurz anrufen: sind alle 12 Dübel am Lager?",
    "Wichtig: nur komplett liefern, keine Teillieferungen.",
    "Please ship complete - no back orders on this PO.",
    "What is your current lead time on the contact glue?",
    "Avant expédition, merci de confirmer la disponibilité de la colle.",
    "Avant de livrer, merci de nous appeler pour fixer un créneau.",
])
def test_a_question_or_a_shipping_condition_in_the_notes_holds(note: str) -> None:
    assert "QUESTION-TYPED" in codes(order_pdf("BESTELLUNG", (note,)))


@pytest.mark.parametrize("note", [
    "Bei Rückfragen rufen Sie uns an: 0341 1234-0.",
    "Questions? Call us on +49 341 1234 0 or write to einkauf@kramer.example",
    "Bitte Bestellnummer auf Lieferschein und Rechnung angeben.",
    "Please confirm receipt of this order.",
    "Teillieferungen sind möglich.",
    "Warenannahme Mo-Fr 7-15 Uhr.",
])
def test_a_contact_line_or_an_instruction_is_no_question(note: str) -> None:
    assert "QUESTION-TYPED" not in codes(order_pdf("BESTELLUNG", (note,)))


def test_a_printed_weekday_that_the_date_does_not_fall_on_holds() -> None:
    assert "DATE-WEEKDAY-MISMATCH" in codes(order_pdf("BESTELLUNG", delivery="Montag, 15.12.2026"))


@pytest.mark.parametrize("delivery", ["Dienstag, 15.12.2026", "15.12.2026 (Di.)", "15.12.2026"])
def test_a_printed_weekday_that_agrees_says_nothing(delivery: str) -> None:
    assert "DATE-WEEKDAY-MISMATCH" not in codes(order_pdf("BESTELLUNG", delivery=delivery))


@pytest.mark.parametrize("note", [  # review rev1 D4: a form's contact lines and terms of purchase
    "Any questions regarding this order? Contact purchasing@kramer.example",
    "Questions about this order? Please contact Mr. Weber, phone 0341 1234-12.",
    "Teillieferungen nur nach vorheriger Absprache.",
    "Teillieferungen bedürfen unserer schriftlichen Zustimmung.",
    "Partial shipments require prior approval.",
    "Livraisons partielles uniquement après accord préalable.",
    "Did you know? All our orders are available in our supplier portal.",
])
def test_a_forms_contact_line_or_a_term_of_purchase_is_no_question(note: str) -> None:
    assert "QUESTION-TYPED" not in codes(order_pdf("BESTELLUNG", (note,)))


@pytest.mark.parametrize("note", [  # review rev2 #16: a question about the goods in other words than stock or price
    "Can you swap line 2 for the blue version?",
    "Könnten die Ordner mit unserem Logo bedruckt werden?",
    "Est-il possible d'ajouter 10 boîtes de plus ?",
])
def test_any_question_on_the_goods_holds(note: str) -> None:
    # a question asking to add goods ("ajouter 10 boîtes de plus") holds as a note that orders more (CHANGE-TYPED)
    assert {"QUESTION-TYPED", "CHANGE-TYPED"} & set(codes(order_pdf("BESTELLUNG", (note,))))


@pytest.mark.parametrize("notes", [
    ("Pouvez-vous nous confirmer le délai de livraison des cartouches avant expédition ?",),
    ("Pouvez-vous nous confirmer le délai de livraison des cartouches avant", "expédition ?"),
    ("Können Sie uns die Lieferzeit der Kartuschen vor dem Versand", "bestätigen?"),
])
def test_a_question_on_the_lead_time_holds_whole_or_wrapped(notes: tuple[str, ...]) -> None:
    """Outside wave 2: a Word form's last paragraph, a question on the delivery lead time ("délai de livraison", a
    word of terms), exported to PDF by LibreOffice on two lines, went out; read whole, it is a question."""
    assert "QUESTION-TYPED" in codes(order_pdf("BESTELLUNG", notes))


def test_a_question_in_a_word_forms_paragraph_holds() -> None:
    from docx import Document

    from extractors.office.word import EXTRACTOR as WORD
    doc = Document()
    doc.add_paragraph("Bon de commande n° BC-77120 du 07/12/2026")
    table = doc.add_table(rows=2, cols=4)
    for cell, text in zip(table.rows[0].cells, ("Référence", "Désignation", "Quantité", "Prix unitaire")):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ("DF-PAP-A4", "Papier A4 80 g", "10", "24,50")):
        cell.text = text
    doc.add_paragraph("Pouvez-vous nous confirmer le délai de livraison des cartouches avant expédition ?")
    buf = io.BytesIO()
    doc.save(buf)
    orders = WORD.extract(buf.getvalue(), HINTS).orders
    assert "QUESTION-TYPED" in [p.code for o in orders for p in o.problems]
