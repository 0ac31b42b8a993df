"""Notes on a printed or faxed order that change it hold the order, and such an order is never taken for
an exact copy of the order it amends (findings of an outside trial: a faxed "STORNO" concluded a
duplicate, typed amendments under the table delivered as printed).

Text PDFs made with reportlab in de/en/fr (the notes are read from any page document alike: PDF text,
scans, faxes), then dedup on the running gateway."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from extractors.base import ExtractHints
from extractors.capture.pdf_text import EXTRACTOR as PDF
from gateway.model import Issue, OrderStatus
from tests.test_dedup import _scanned_copy

REPO = Path(__file__).resolve().parents[1]


def order_pdf(title: str, notes: tuple[str, ...] = (), lines: tuple[tuple[str, ...], ...] = (
        ("KD-1059", "Duebel Nylon 8 mm", "12", "8,15", "97,80"),
        ("HZ-9813", "Kontaktkleber 650 g", "3", "183,05", "549,15")), ship_to: tuple[str, ...] = (),
        delivery: str = "15.12.2026") -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    c.setFont("Helvetica-Bold", 14)
    c.drawString(60, 790, "Bauunternehmung Kramer GmbH")
    c.setFont("Helvetica", 10)
    c.drawString(60, 776, "Industriestrasse 14, 04109 Leipzig")
    c.setFont("Helvetica-Bold", 18)
    c.drawString(330, 812, title)
    c.setFont("Helvetica", 11)
    for y, label, value in ((760, "Bestell-Nr.:", "B-2026-4471"), (744, "Datum:", "02.12.2026"),
                            (728, "Liefertermin:", delivery)):
        c.drawString(330, y, label)
        c.drawString(440, y, value)
    for n, text in enumerate(ship_to):
        c.drawString(330, 700 - 14 * n, text)
    y = 600
    for x, text in ((60, "Art.-Nr."), (140, "Bezeichnung"), (330, "Menge"), (430, "Preis"), (500, "Betrag")):
        c.drawString(x, y, text)
    for code, desc, qty, price, amount in lines:
        y -= 22
        for x, text in ((60, code), (140, desc), (345, qty)):
            c.drawString(x, y, text)
        c.drawRightString(470, y, price)
        c.drawRightString(555, y, amount)
    c.drawString(400, y - 34, "Summe")
    c.drawRightString(555, y - 34, "646,95")
    y -= 80
    for text in notes:
        c.drawString(60, y, text)
        y -= 18
    c.showPage()
    c.save()
    return buf.getvalue()


HINTS = ExtractHints(languages=("deu", "eng", "fra"), locale="de_DE", mappings_dir=REPO / "mappings")


def notes_of(pdf: bytes) -> list[tuple[str, str]]:
    (order,) = PDF.extract(pdf, HINTS).orders
    return [(p.code, p.element or "") for p in order.problems if p.code in ("CANCEL-TYPED", "CHANGE-TYPED")]


@pytest.mark.parametrize("note", [
    "Achtung: Pos. 2 entfällt - bitte nicht liefern!",
    "Please cancel line 2, we no longer need the glue.",
    "Nous annulons la ligne 2 de cette commande.",
])
def test_a_note_cancelling_a_line_holds_the_order(note: str) -> None:
    assert notes_of(order_pdf("BESTELLUNG", (note,))) == [("CANCEL-TYPED", "lines")]


@pytest.mark.parametrize("note", [
    "Hiermit stornieren wir die Bestellung B-2026-4471.",
    "Please cancel PO B-2026-4471 in full.",
    "Bestellung B-2026-4471 bitte komplett stornieren!",
    "Nous annulons la commande B-2026-4471.",
    "Pos. 2 entfällt, bitte Rechnung entsprechend anpassen.",
    "Please cancel line 2 and send us a new confirmation.",
    "ACHTUNG: Bestellung wird storniert, bitte nicht liefern",
])
def test_a_note_cancelling_the_order_by_its_number_or_a_line_holds_whatever_else_it_says(note: str) -> None:
    """Review R30: the order's own number or a bare "die Bestellung" names it; an invoice or a confirmation in the
    same sentence does not make it a general statement."""
    assert notes_of(order_pdf("BESTELLUNG", (note,))) == [("CANCEL-TYPED", "lines")]


@pytest.mark.parametrize("title", ["STORNO", "Stornierung", "ANNULATION DE COMMANDE", "Order Cancellation",
                                   "ANNULÉ", "CANCELLED", "- STORNIERT -",  # a stamp across the page, when read
                                   # the number on the title's line, as Odoo prints its titles (outside trial)
                                   "Annulation de commande n°P00094", "Order Cancellation #4500012345"])
def test_a_document_titled_a_cancellation_holds(title: str) -> None:
    assert ("CANCEL-TYPED", "lines") in notes_of(order_pdf(title))


@pytest.mark.parametrize("note", [
    "AMENDMENT: line 2 (HZ-9813) quantity to read 30, not 3.",
    "Bitte 5 statt 3 Stück HZ-9813 liefern, Menge geändert.",
    "Rectificatif : la quantité de la ligne 2 est de 5 au lieu de 3.",
    "Abweichender Liefertermin für Pos. 2: 15.01.2027",
    "Please change HZ-9813 from 3 to 5 pieces.",
    "Menge HZ-9813 bitte von 3 auf 5 erhöhen.",
    "Merci de passer la ligne 2 de 3 à 5 pièces.",
])
def test_a_note_amending_the_order_holds_it(note: str) -> None:
    assert notes_of(order_pdf("BESTELLUNG", (note,))) == [("CHANGE-TYPED", "lines")]


def test_a_note_naming_another_delivery_place_holds_the_order() -> None:
    note = "NOTE: Please deliver this order to our warehouse: Dock 4, 85 Terminal St, Charlestown, MA 02129"
    assert notes_of(order_pdf("PURCHASE ORDER", (note,))) == [("CHANGE-TYPED", "ship_to")]


@pytest.mark.parametrize("note", [
    "Orders may be cancelled free of charge within 14 days.",
    "Stornierungen bedürfen der Schriftform.",
    "Toute annulation doit être confirmée par écrit.",
    "Cancel order",
    "Please deliver to the address above.",
    "Bitte liefern Sie an unsere Anschrift oben, Rampe 3.",
    # ordinary instructions printed on orders (review R1)
    "Horaires de réception : du lundi au vendredi de 8 à 12 h",
    "Receiving hours: Monday to Friday from 8 to 4 pm",
    "Please do not deliver before 8 am, gate 2",
    "Please send order confirmation to einkauf@kramer-bau.de, fax 0341 1234 5678",
    "Please do not send invoices with the goods, quote our order number",
    "Versandkosten entfallen ab 500 EUR Bestellwert",
    "Toute commande annulée moins de 48 h avant la livraison sera facturée.",
    "Please send all invoices to: Accounts Payable, PO Box 4410, 04109 Leipzig",
])
def test_terms_buttons_and_plain_delivery_words_are_no_notes(note: str) -> None:
    assert notes_of(order_pdf("BESTELLUNG", (note,))) == []


def test_an_item_named_like_a_note_is_an_item() -> None:
    lines = (("KT-0301", "Correction tape 5 mm x 8 m", "10", "2,50", "25,00"),
             ("KT-0302", "Cancel-proof seal 40 mm", "5", "3,00", "15,00"))
    assert notes_of(order_pdf("ORDER", lines=lines)) == []


async def test_a_faxed_cancellation_of_a_delivered_order_is_no_duplicate(gateway) -> None:
    """The same PO and lines again, titled STORNO: it reaches a person instead of being filed as a copy."""
    from gateway.stages.dedup import find_duplicates
    cancel = Issue(code="CANCEL-TYPED", severity="error", field="lines",
                   message="the document is titled a cancellation, a person applies it: 'STORNO'")
    first, scanned = await _scanned_copy(gateway, "PO-STORNO-1", [("4000862141404", 4)])
    assert (await find_duplicates(gateway.ctx, scanned)).status == OrderStatus.DUPLICATE  # a plain copy
    decided = await find_duplicates(gateway.ctx, scanned.model_copy(update={"issues": [cancel]}))
    assert decided.status != OrderStatus.DUPLICATE and decided.original_order_id == first.order_id


async def test_a_scan_with_an_unread_row_is_no_exact_copy(gateway) -> None:
    from gateway.stages.dedup import find_duplicates
    unread = Issue(code="LAYOUT-ROW-UNREAD", severity="warning", message="row '30 3 Stk 64,00 192,00' unread")
    first, scanned = await _scanned_copy(gateway, "PO-ROW-1", [("4000862141404", 4)])
    decided = await find_duplicates(gateway.ctx, scanned.model_copy(update={"issues": [unread]}))
    assert decided.status != OrderStatus.DUPLICATE and decided.original_order_id == first.order_id


@pytest.mark.parametrize("title", ["Angebotsanfrage", "DEMANDE DE PRIX", "Request for Quotation"])
def test_a_request_for_a_quote_is_no_order_to_deliver(title: str) -> None:
    extraction = PDF.extract(order_pdf(title, ("Bitte senden Sie uns bis zum 10.12.2026 Ihr Angebot.",)), HINTS)
    assert extraction.doc_type.value != "order" or all(
        any(p.code == "CLASSIFY-DOUBT" for p in o.problems) for o in extraction.orders)


def test_delivering_to_the_address_above_by_a_date_is_no_other_place() -> None:
    note = "Please send the items listed and deliver them to the address above no later than 27/12/2026."
    assert notes_of(order_pdf("PURCHASE ORDER", (note,))) == []


@pytest.mark.parametrize("note", [
    "Pos. 2 bitte nur 1 Stück liefern",
    "Menge Pos. 1: 6 (nicht 4)",
    "Pos. 2: Farbe rot statt blau",
    "Please ship only 1 pc of item 2",
    "Pos. 1 bitte ersetzen durch KD-1060",
])
def test_a_note_naming_a_line_with_an_instruction_holds(note: str) -> None:
    assert notes_of(order_pdf("BESTELLUNG", (note,))) == [("CHANGE-TYPED", "lines")]


@pytest.mark.parametrize("mark", ["- entfällt", "STORNIERT", "(cancelled)"])
def test_an_item_row_marked_cancelled_holds(mark: str) -> None:
    lines = (("KD-1059", "Duebel Nylon 8 mm", "12", "8,15", "97,80"),
             ("HZ-9813", f"Kontaktkleber 650 g {mark}", "3", "183,05", "549,15"))
    assert ("CANCEL-TYPED", "lines") in notes_of(order_pdf("BESTELLUNG", lines=lines))


@pytest.mark.parametrize("code", ["QUESTION-TYPED", "PRICE-REQUEST", "BILL-TO-TYPED", "CHARGE-FREE-TYPED"])
async def test_a_copy_asking_something_is_no_duplicate(gateway, code: str) -> None:
    """The same lines again with a question, a price request or where to invoice (review R29)."""
    from gateway.stages.dedup import find_duplicates
    first, copy = await _scanned_copy(gateway, f"PO-ASK-{code}", [("4000862141404", 4)])
    source = copy.source.model_copy(update={"format": "body_text", "channel": "smtp"})
    asked = Issue(code=code, severity="error", message="'When will it ship? Please invoice our Cork office.'")
    decided = await find_duplicates(gateway.ctx, copy.model_copy(update={"issues": [asked], "source": source}))
    assert decided.status != OrderStatus.DUPLICATE and decided.original_order_id == first.order_id


@pytest.mark.parametrize("note", [
    "This order replaces PO 4500-7613. If 4500-7613 has not shipped yet, you may cancel it.",
    "Diese Bestellung ersetzt Bestellung 4500-7613. Wenn diese noch nicht versendet ist, kann sie storniert werden.",
    "Si la commande 4500-7613 n'est pas encore partie, vous pouvez l'annuler : celle-ci la remplace.",
    "This order replaces our order of last Monday: if that order has not shipped yet, you may cancel it.",
    "Pour information : ne pas livrer la commande 4500-7613, remplacée par celle-ci.",
    "Pour information : cette commande remplace notre commande 4711, merci d'annuler 4711",
    "Zur Information: Bestellung 4500-7613 bitte nicht liefern (ersetzt durch diese).",
])
def test_a_note_replacing_or_cancelling_another_order_holds_even_with_a_may_and_an_if(note: str) -> None:
    """Review V5/V18: the terms' conditional right to cancel ("Buyer may cancel this order if ...") is none, a
    note about another order this one replaces is a cancellation a person applies, also opened "Pour information"."""
    assert notes_of(order_pdf("BESTELLUNG", (note,))) == [("CANCEL-TYPED", "lines")]


@pytest.mark.parametrize("note", [
    "Buyer may cancel this order if delivery is not made by the date specified.",
    "Orders may be cancelled if not confirmed within 5 days.",
])
def test_a_conditional_right_to_cancel_stays_a_term(note: str) -> None:
    assert notes_of(order_pdf("BESTELLUNG", (note,))) == []


def test_an_information_sentence_with_no_table_under_it_is_a_note() -> None:
    """Review V18: a row is an information table's title only when a table follows it."""
    note = "For information: do not deliver the earlier order, it was sent twice."
    assert notes_of(order_pdf("BESTELLUNG", (note,))) == [("CANCEL-TYPED", "lines")]


@pytest.mark.parametrize("note", [
    "Please do not deliver this order before 15.12.2026 - warehouse closed until then.",
    "Do not ship this order in part: complete delivery only.",
    "Diese Bestellung bitte nicht liefern vor dem 15.12.2026.",
    "Ne pas livrer cette commande avant le 15/12/2026.",
])
def test_a_delivery_condition_in_a_structured_note_is_a_question_not_a_cancellation(note: str) -> None:
    """Review V12: a timing or partial-delivery condition holds QUESTION-TYPED, never CANCEL-TYPED (an operator
    following a cancellation reason would reject a good order)."""
    from extractors.capture.page_notes import note_problems
    from gateway.model import ExtractedOrder
    assert [p.code for p in note_problems([note], ExtractedOrder(po_number="PO-UBL-551", lines=[]))] == ["QUESTION-TYPED"]


@pytest.mark.parametrize("note", [
    "Do not ship this order, we ordered twice.",
    "THIS ORDER REPLACES ORDER 1100 - PLEASE CANCEL ORDER 1100, DO NOT SHIP 1100",
    "Do not ship order 4500-7613 before Monday, this order replaces it.",
])
def test_a_structured_note_stopping_an_order_stays_a_cancellation(note: str) -> None:
    from extractors.capture.page_notes import note_problems
    from gateway.model import ExtractedOrder
    assert [p.code for p in note_problems([note], ExtractedOrder(po_number="PO-UBL-551", lines=[]))] == ["CANCEL-TYPED"]
