"""Issue 17 (trust): notes printed in a document that change its price, discount, invoicing address or delivery date
never go out unread. A cell under a sheet's items, a paragraph under a Word form's table or a text block on a page
that gives a discount or a price holds ``PRICE-TYPED``, another invoicing address ``BILL-TO-TYPED``, another
delivery date ``CHANGE-TYPED`` on ``requested_delivery_date`` (``extractors.note_terms``); harmless notes (payment
terms, thanks, contacts, a request to confirm, legal footers, bank details, page footers, the order's own date, the
list prices, the customer's own address) pass, and a sheet's or a form's notes are carried as the order's notes."""
from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest

from extractors.base import ExtractHints
from extractors.capture.page_notes import note_problems
from gateway.model import ExtractedLine, ExtractedOrder, Party

ORDER = ExtractedOrder(requested_delivery_date=date(2026, 12, 9), total=Decimal("50.00"),
                       lines=[ExtractedLine(line_no=1, supplier_item="SKU-1003", quantity=Decimal(12), unit_price=Decimal("2.75")),
                              ExtractedLine(line_no=2, supplier_item="SKU-1002", quantity=Decimal(20), unit_price=Decimal("79.00"))],
                       parties=[Party(role="buyer", name="Meyer GmbH", postcode="70563", city="Stuttgart")])


def held(text: str, order: ExtractedOrder = ORDER) -> list[tuple[str, str | None]]:
    return [(p.code, p.element) for p in note_problems([text], order, printed=True) if p.severity == "error"]


@pytest.mark.parametrize("text", [
    "Note: prices as per quote Q-2291 - an additional 5% discount applies to the whole order as agreed with your rep.",
    "Remise de 5 % sur l'ensemble de la commande, conformément à votre offre n° OF-2231.",
    "remise de 10 %", "5 % Rabatt auf die gesamte Bestellung", "10% off this order please",
    "Line 2: price should be $72.00 as agreed in your quote of 11/20/2026.",
    "Pos. 2 zum Preis von 70,00 EUR", "Ligne 2 au prix de 70,00 €", "Preis gemäß Rahmenvertrag: 2,50 EUR je Stück"])
def test_a_discount_or_a_price_in_a_note_holds_with_a_price_reason(text: str) -> None:
    assert ("PRICE-TYPED", "lines") in held(text)


@pytest.mark.parametrize("text", [
    "Please invoice our Dallas office: 200 Elm St, Dallas TX 75201.",
    "Rechnung an: Meyer GmbH Niederlassung Stuttgart-Mitte, Königstr. 1, 70173 Stuttgart",
    "Merci de facturer à notre siège, 5 avenue Foch, 69006 Lyon", "Bill to our head office in Leeds"])
def test_another_invoicing_address_in_a_note_holds_with_a_bill_to_reason(text: str) -> None:
    assert ("BILL-TO-TYPED", "bill_to") in held(text)


@pytest.mark.parametrize("text", [
    "Nouvelle date de livraison souhaitée : le 21/12/2026 (et non le 09/12).",
    "Neuer Liefertermin: 15.12.2026", "Please deliver on 12/16/2026 instead."])
def test_another_delivery_date_in_a_note_holds_with_a_date_reason(text: str) -> None:
    assert ("CHANGE-TYPED", "requested_delivery_date") in held(text)


@pytest.mark.parametrize("text", [
    "Zahlungsbedingungen: 14 Tage 2 % Skonto, 30 Tage netto", "Payment terms: net 30 days", "Thank you for your order!",
    "Contact: Mary Jones, purchasing, +1 214 555 0100", "Please confirm by e-mail.", "Merci de confirmer par e-mail.",
    "Geschäftsführer: Peter Kaiser · Amtsgericht Stuttgart HRB 12345 · USt-IdNr. DE123456789",
    "Bankverbindung: Volksbank Stuttgart, IBAN DE44 6009 0100 0123 4567 89, BIC VOBADESS", "Page 1 of 2", "Seite 1/1",
    "Livraison souhaitée le 09/12/2026.", "Liefertermin: 09.12.2026", "Prices as per your current price list.",
    "Please quote our PO number on your invoice.", "Bitte Bestellnummer auf der Rechnung angeben.",
    "Rechnungsanschrift: Meyer GmbH, Hauptstr. 4, 70563 Stuttgart", "Line 1: price 2.75 as listed", "Total: 50.00"])
def test_harmless_notes_do_not_hold(text: str) -> None:
    assert held(text) == []


def test_a_date_note_with_no_order_date_holds_only_when_it_says_the_date_is_new() -> None:
    undated = ExtractedOrder()
    assert ("CHANGE-TYPED", "requested_delivery_date") in held("Neuer Liefertermin: 15.12.2026", undated)
    assert held("Liefertermin: 15.12.2026", undated) == []


def _sheet(note: str) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    for row in [["Northwind Traders"], ["Purchase order"], ["PO number", "NT-5120"], ["Date", "12/01/2026"],
                ["Delivery date", "12/09/2026"], [], ["Item", "Description", "Qty", "Unit", "Price", "Amount"],
                ["SKU-1003", "Stapler", 12, "EA", 2.75, 33.00], ["SKU-1002", "Blue pens", 20, "EA", 0.85, 17.00],
                [None, None, None, None, "Total", 50.00], [], [note]]:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _docx(note: str) -> bytes:
    import docx

    d = docx.Document()
    d.add_heading("Bon de commande", 1)
    d.add_paragraph("N° de commande : BC-7710\nDate : 01/12/2026\nDate de livraison : 09/12/2026")
    t = d.add_table(rows=1, cols=5)
    for c, title in enumerate(("Référence", "Désignation", "Quantité", "Prix unitaire", "Montant")):
        t.rows[0].cells[c].text = title
    cells = t.add_row().cells
    for c, v in enumerate(("SKU-1005", "Toner noir", "3", "89,90", "269,70")):
        cells[c].text = v
    d.add_paragraph("Total : 269,70")
    d.add_paragraph(note)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


@pytest.mark.parametrize("note,code", [
    ("Note: an additional 5% discount applies to the whole order as agreed with your rep.", "PRICE-TYPED"),
    ("Please invoice our Dallas office: 200 Elm St, Dallas TX 75201.", "BILL-TO-TYPED"),
    ("Thank you for your business!", None)])
def test_a_sheets_note_holds_or_passes_and_is_carried(note: str, code: str | None) -> None:
    from extractors.sheet.sheet import EXTRACTOR

    (order,) = EXTRACTOR.extract(_sheet(note), ExtractHints(filename="po.xlsx")).orders
    codes = {p.code for p in order.problems if p.severity == "error"}
    assert (code in codes) if code else not codes
    assert note in order.notes


@pytest.mark.parametrize("note,code", [
    ("Remise de 10 % sur l'ensemble de la commande.", "PRICE-TYPED"),
    ("Nouvelle date de livraison souhaitée : le 21/12/2026 (et non le 09/12).", "CHANGE-TYPED"),
    ("Merci de confirmer la commande par e-mail.", None)])
def test_a_word_forms_paragraph_holds_or_passes_and_is_carried(note: str, code: str | None) -> None:
    from extractors.office.word import EXTRACTOR

    (order,) = EXTRACTOR.extract(_docx(note), ExtractHints(filename="po.docx")).orders
    codes = {p.code for p in order.problems if p.severity == "error"}
    assert (code in codes) if code else not codes
    assert note in order.notes


@pytest.mark.parametrize("text", [
    "Rechnungsadresse Lieferanschrift", "Invoice Address Delivery Address", "Bill To:",
    "Rechnungen bitte nur an die Rechnungsadresse, unter Angabe der Bestellnummer.",
    "Please send invoices to the billing address above.", "Shipping $0.00", "Versand 12.10 EUR", "Delivery charge 5.00"])
def test_a_pages_block_titles_charges_and_the_printed_billing_address_do_not_hold(text: str) -> None:
    assert held(text) == []  # found on real producers' PDFs (tests/fixtures/real_producers: billbox, cardroles)


@pytest.mark.parametrize("text", [
    "Livraison souhaitée : semaine 51 (du 07 au 11/12/2026)", "Liefertermin KW 50: 07.-11.12.2026",
    "Ne pas livrer avant le 16/12/2026", "Bitte nicht vor dem 16.12.2026 liefern"])
def test_a_delivery_window_or_bound_is_left_to_the_date_rules(text: str) -> None:
    assert ("CHANGE-TYPED", "requested_delivery_date") not in held(text)  # (real producers: findings_t_1)


def test_a_discount_row_read_as_the_orders_allowance_is_no_note() -> None:
    from gateway.model import Allowance

    read = ORDER.model_copy(update={"allowances": [Allowance(kind="allowance", level="order", description="Rabatt",
                                                             amount=Decimal("7.89"))]})
    assert held("Rabatt 2 % -7,89 €", read) == []  # (real producers: htmltot_t18e_3)
    assert ("PRICE-TYPED", "lines") in held("Rabatt 2 % -7,89 €")  # not read: a person applies it


@pytest.mark.parametrize("text", [
    "Rechnung an: Lieferung an:", "Livrer à Facturer à", "Total Before Discount EUR 947.50", "Summe vor Rabatt EUR 4.384,50",
    "Total avant remise EUR 14 400,00", "Call-off Order", "Sign-off order form"])
def test_a_pages_block_titles_and_totals_rows_do_not_hold(text: str) -> None:
    assert held(text) == []  # real producers' PDFs (rechnungan, portal_coupa, erp_sapb1)


@pytest.mark.parametrize("text", [
    "Please note: less 5% on all items as agreed.", "Abzüglich 3 % auf alle Positionen.", "A 3% rebate applies to this order.",
    "USD 10.00 off the order", "Minus 5% as agreed", "Moins 5 % comme convenu", "Net of 5% as agreed",
    "Save 10% on this order", "Please apply our 5% volume bonus", "Less 5 % on this order",
    "3 % Rabatt, zahlbar in 10 Tagen", "Remise de 5 %, paiement à 30 jours",
    "Sonderpreis 2,10 EUR je Stück für SKU-1003", "Sonderpreis wie vereinbart 2,10", "Nettopreis 2,10 EUR für SKU-1003 vereinbart",
    "Festpreis für SKU-1002: 72,00 EUR", "Net price 2.10 for SKU-1003",
    "Line 2: price should be 2.75 as agreed", "Special price agreed: 50.00 per pallet"])
def test_discounts_and_prices_worded_other_ways_hold_with_a_price_reason(text: str) -> None:
    assert ("PRICE-TYPED", "lines") in held(text)  # review rdocnotes D1-D4


@pytest.mark.parametrize("text", [
    "2 % Skonto innerhalb 8 Tagen, 30 Tage netto", "Payment: 30 days net, 2% discount within 10 days",
    "2% discount if paid within 10 days", "Paiement à 30 jours fin de mois, escompte 2 % pour paiement anticipé",
    "Line 1: price 2.75 as listed", "SKU-1002 at the price of 79.00 as listed", "Total price: 50.00",
    "Unless agreed otherwise, no less than 2 boxes per carton."])
def test_payment_terms_and_a_lines_own_price_still_pass(text: str) -> None:
    assert ("PRICE-TYPED", "lines") not in held(text)


def test_an_allowance_read_excuses_only_its_own_figures() -> None:
    from gateway.model import Allowance

    read = ORDER.model_copy(update={"allowances": [Allowance(kind="allowance", level="order", description="Rabatt",
                                                             percent=Decimal("2"))]})
    assert ("PRICE-TYPED", "lines") in held(
        "Zusätzlich zu den 2 % Rabatt gewähren Sie uns weitere 3 % Sonderrabatt auf alle Positionen.", read)  # D5
    assert held("Rabatt 2 %", read) == []


@pytest.mark.parametrize("text", [
    "Invoices to: Acme Holding, 5 Main St, Boston MA 02110", "Facturation : Dupont Holding SA, 5 avenue Foch, 69006 Lyon",
    "Die Rechnung geht an unsere Muttergesellschaft in Berlin.", "La facture doit être adressée à notre maison mère.",
    "Kindly send all invoices to accounts@acme.co.uk", "Bill to our head office, not the address above."])
def test_invoicing_worded_other_ways_holds_with_a_bill_to_reason(text: str) -> None:
    assert ("BILL-TO-TYPED", "bill_to") in held(text)  # review rdocnotes D6


@pytest.mark.parametrize("text", [
    "Please bill to the address above.", "Rechnung an Buchhaltung, gleiche Adresse.", "Lieferung frei Haus, Rechnung an die obige Anschrift.",
    "Adresse de facturation identique à l'adresse de livraison.", "Invoices by e-mail to invoices@meyer.de please"])
def test_the_orders_own_invoicing_address_said_again_passes(text: str) -> None:
    assert ("BILL-TO-TYPED", "bill_to") not in held(text)  # review rdocnotes D8


def form_held(text: str, order: ExtractedOrder = ORDER) -> list[tuple[str, str | None]]:
    return [(p.code, p.element) for p in note_problems([text], order, printed=True, form=True) if p.severity == "error"]


@pytest.mark.parametrize("text", [
    "Please deliver on December 23, 2026.", "Livraison reportée au 23 décembre 2026.", "Liefertermin geändert: 2026-12-23",
    "Neuer Liefertermin: 23. Dezember 2026", "Please deliver on 2026-12-23."])
def test_a_delivery_date_in_words_or_iso_holds_on_every_printed_order(text: str) -> None:
    assert ("CHANGE-TYPED", "requested_delivery_date") in held(text)  # review rdocnotes D7


@pytest.mark.parametrize("text", [
    "Wir benötigen die Ware am 23.12.2026.", "We need the goods on 16/12/2026", "Am 23.12.2026 bitte.",
    "Nous avons besoin de la marchandise le 16/12/2026", "On December 23, 2026 please."])
def test_a_date_on_a_sheet_or_word_form_holds_with_no_delivery_word(text: str) -> None:
    assert ("CHANGE-TYPED", "requested_delivery_date") in form_held(text)  # review rdocnotes D7


@pytest.mark.parametrize("text", [
    "Wir benötigen die Ware am 09.12.2026.", "Delivery requested on December 9, 2026.", "Liefertermin 2026-12-09",
    "Our order of 01.12.2026", "Angebot Nr. 4711 vom 20.11.2026", "Prices valid until 31.12.2026", "Offre 16.12.2026-A",
    "Prices as per your quote Q-2291 dated 20/11/2026.", "Ne pas livrer avant le 16/12/2026"])
def test_the_orders_own_date_a_quotes_date_or_a_bound_on_a_form_passes(text: str) -> None:
    dated = ORDER.model_copy(update={"order_date": date(2026, 12, 1)})
    assert ("CHANGE-TYPED", "requested_delivery_date") not in form_held(text, dated)


@pytest.mark.parametrize("note,code", [
    ("Abzüglich 3 % auf alle Positionen.", "PRICE-TYPED"), ("Invoices to: Acme Holding, 5 Main St, Boston MA 02110", "BILL-TO-TYPED"),
    ("Wir benötigen die Ware am 23.12.2026.", "CHANGE-TYPED"), ("Please deliver on December 23, 2026.", "CHANGE-TYPED"),
    ("Please bill to the address above.", None), ("Wir benötigen die Ware am 09.12.2026.", None)])
def test_a_sheets_note_worded_other_ways_holds_or_passes(note: str, code: str | None) -> None:
    from extractors.sheet.sheet import EXTRACTOR

    (order,) = EXTRACTOR.extract(_sheet(note), ExtractHints(filename="po.xlsx")).orders
    codes = {p.code for p in order.problems if p.severity == "error"}
    assert (code in codes) if code else not codes, order.problems


@pytest.mark.parametrize("text", ["Net price agreed: 2.10 per box for the files", "Prix net convenu : 2,10 €"])
def test_a_net_price_note_is_named_a_price_first(text: str) -> None:
    assert held(text)[0] == ("PRICE-TYPED", "lines")  # review rdocnotes D9


def test_a_word_forms_header_read_is_not_carried_as_notes() -> None:
    from extractors.office.word import EXTRACTOR

    (order,) = EXTRACTOR.extract(_docx("Merci de confirmer la commande par e-mail."), ExtractHints(filename="po.docx")).orders
    assert "Merci de confirmer la commande par e-mail." in order.notes  # review rdocnotes D10
    assert not [n for n in order.notes if "BC-7710" in n or "269,70" in n or n.strip() == "Bon de commande"], order.notes


@pytest.mark.parametrize("text,carried", [
    ("PO number : NT-5120", False), ("Total : 50.00", False), ("Order date : 12/01/2026", False), ("Purchase order", False),
    ("Total : 45.00", True), ("Delivery date : 12/23/2026", True), ("PO number : NT-9999", True),
    ("Note: an additional 5% discount applies", True)])
def test_a_header_field_is_left_out_only_when_the_order_carries_its_value(text: str, carried: bool) -> None:
    from extractors.note_terms import header_field

    order = ORDER.model_copy(update={"po_number": "NT-5120", "order_date": date(2026, 12, 1)})
    assert header_field(text, order) is not carried
