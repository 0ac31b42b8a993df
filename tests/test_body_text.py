"""The body_text extractor: orders typed in French, English and German e-mail bodies."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.base import ExtractHints
from extractors.mail.body_text import EXTRACTOR
from gateway.model import DocType
from testkit.harness import CORPUS, REPO

HINTS = ExtractHints(mappings_dir=REPO / "mappings", content_type="text/plain; charset=utf-8")


def read(text: str):
    return EXTRACTOR.extract(text.encode("utf-8"), HINTS)


def only_order(text: str):
    extraction = read(text)
    assert extraction.doc_type == DocType.ORDER, text
    [order] = extraction.orders
    return order


@pytest.mark.parametrize("line, qty, unit, code, description", [
    ("10 x ABC-123 Copy paper", "10", None, "ABC-123", "Copy paper"),
    ("- 5 cartons de DF-PAP-A4 (papier A4)", "5", "cartons", "DF-PAP-A4", "papier A4"),
    ("Art. MB-4711: 20 Stk", "20", "Stk", "MB-4711", None),
    ("qty 3 EA item AIS-STP-01", "3", "EA", "AIS-STP-01", None),
    ("* 12 pcs of SKU-1004 stapler", "12", "pcs", "SKU-1004", "stapler"),
    ("2. 2,5 kg de DF-PAP-A4", "2.5", "kg", "DF-PAP-A4", None),
    ("réf. DF-STYLO-B : 10 paquets", "10", "paquets", "DF-STYLO-B", None),
    ("DF-STYLO-B : 10 paquets", "10", "paquets", "DF-STYLO-B", None),
    ("20 Stück MB-4711 Ordner breit", "20", "Stück", "MB-4711", "Ordner breit"),
], ids=lambda v: v if isinstance(v, str) and len(v) > 12 else None)
def test_item_line_shapes(line, qty, unit, code, description):
    order = only_order(f"Merci de nous livrer :\n{line}\n")
    [item] = order.lines
    assert (item.quantity, item.uom, item.customer_item, item.description) == (Decimal(qty), unit, code, description)
    assert isinstance(item.quantity, Decimal)


def test_clean_lines_have_full_confidence_and_loose_ones_less():
    clean, loose = only_order("please ship\n10 x ABC1234\n7 ABC9999 folders\n").lines
    assert min(clean.confidence.values()) == 1.0
    assert loose.confidence["customer_item"] < 0.9


def test_gtin_written_as_the_item_is_read_as_gtin():
    [item] = only_order("please ship 10 x 4000862141404\n").lines
    assert item.gtin == "4000862141404" and item.customer_item is None


def test_price_at_the_end_of_a_line_is_the_unit_price():
    [item] = only_order("Merci de nous livrer 5 cartons de DF-PAP-A4 à 24,50 €\n").lines
    assert item.unit_price == Decimal("24.50") and item.customer_item == "DF-PAP-A4"


@pytest.mark.parametrize("text, po, strength", [
    ("PO 4500123", "4500123", 1.0), ("P.O. No: 4500123", "4500123", 1.0),
    ("Purchase order #4500-77", "4500-77", 1.0), ("notre commande n° 2024-117", "2024-117", 1.0),
    ("Commande N°: 2024-117", "2024-117", 1.0), ("Bestellnummer: 88812", "88812", 1.0),
    ("Bestell-Nr. 88812", "88812", 1.0), ("Subject: Commande 2024-117", "2024-117", 0.95),
    ("Ref: ACME-2291", "ACME-2291", 0.9), ("Our order number: X-1001", "X-1001", 1.0),
    ("Bon de commande : BC-77", "BC-77", 1.0),
])
def test_po_references(text, po, strength):
    order = only_order(f"{text}\n\nplease ship 10 x ABC1234\n")
    assert (order.po_number, order.confidence["po_number"]) == (po, strength)


@pytest.mark.parametrize("text, expected, strength", [
    ("Livraison le 12/03/2027 svp", date(2027, 3, 12), 1.0),
    ("Liefertermin 12.03.2027", date(2027, 3, 12), 1.0),
    ("Please deliver by March 12, 2027", date(2027, 3, 12), 1.0),
    ("livraison souhaitée le 3 avril 2027", date(2027, 4, 3), 1.0),
    ("please deliver by 03/04/2027", date(2027, 3, 4), 0.7),  # English: month/day guessed
])
def test_requested_delivery_dates(text, expected, strength):
    order = only_order(f"{text}\n10 x ABC1234\n")
    assert order.requested_delivery_date == expected
    assert order.confidence["requested_delivery_date"] == strength


def test_urgent_words_are_kept_in_notes():
    order = only_order("Subject: URGENT commande\n\nMerci de livrer 5 cartons de DF-PAP-A4\nEILT bitte!\n")
    assert order.notes == ["URGENT commande", "EILT bitte!"]


@pytest.mark.parametrize("text", [
    "Please find attached our order.\n\nBest regards",
    "Subject: PO 4500123\n\nVeuillez trouver ci-joint notre commande.\nCordialement",
    "Anbei unsere Bestellung 88812.\nMit freundlichen Grüßen\nHauptstraße 5\n80331 München\nTel +49 89 1234 5678",
    "",
])
def test_text_without_order_lines_is_other(text):
    extraction = read(text)
    assert extraction.doc_type == DocType.OTHER and extraction.orders == []


def test_quoted_lines_signatures_and_forward_headers_are_not_read():
    text = ("Please ship 2 x ABC1234\n\n> 10 x SKU-9999 from the last order\n-- \nJean\n"
            "12 rue de la Paix\n75002 Paris\nTel +33 1 45 67 89 10\n")
    assert [item.customer_item for item in only_order(text).lines] == ["ABC1234"]


def test_language_is_guessed_and_sets_the_decimal_mark():
    assert only_order("Bitte liefern Sie 2,5 kg MB-4711\n").language == "de"
    assert only_order("Bitte liefern Sie 2,5 kg MB-4711\n").lines[0].quantity == Decimal("2.5")
    assert only_order("please ship 10 x ABC1234\n").language == "en"


def test_detect_yields_to_edi_and_xml_even_in_txt_files():
    for path in ("edifact/PurchaseOrder.txt", "x12/PurchaseOrder.txt", "cxml/OrderRequest.xml"):
        assert EXTRACTOR.detect((CORPUS / path).read_bytes()[:8192], "order.txt", "text/plain") == 0.0
    assert EXTRACTOR.detect(b"please ship 10 x ABC1234", "body.txt", "text/plain; charset=utf-8") == 0.5
    assert EXTRACTOR.detect(b"please ship 10 x ABC1234", None, "application/octet-stream") == 0.0
    assert EXTRACTOR.detect(bytes(range(256)), "blob.txt", "text/plain") == 0.0


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_any_text_reads_without_raising(text):
    extraction = read(text)
    assert extraction.doc_type in (DocType.ORDER, DocType.OTHER)
    for order in extraction.orders:
        assert all(line.quantity > 0 for line in order.lines)


# --- lines never vanish, typed prices, typed order dates, more line shapes -------------------------------


def unread(order) -> list[str]:
    return [p.message for p in order.problems if p.code == "LINE-UNREAD" and p.severity == "error"]


def test_lines_the_grammar_cannot_read_hold_the_order_instead_of_vanishing():
    order = only_order("Sehr geehrte Damen und Herren,\n\nUnsere Bestellnummer: MB-2026-119\n\n"
                       "50 Stk MB-4711 Ordner A4\n2 Pkg 4000862141404 Kopierpapier\n"
                       "3 Kartons von dem blauen Zeug wie letztes Mal\n\nMit freundlichen Grüßen\nHans Weber\n"
                       "Tel. +49 221 123456\nHauptstraße 12, 50667 Köln\n")
    assert [(ln.customer_item, ln.gtin) for ln in order.lines] == [("MB-4711", None), (None, "4000862141404")]
    [message] = unread(order)
    assert "blauen Zeug" in message


def test_a_quantity_in_words_with_a_unit_inside_the_order_block_is_unread():
    order = only_order("Bonjour,\n\nNotre référence de commande : DF-MAIL-3304\n\n10 x DF-PAP-A4\n"
                       "et aussi deux cartons des classeurs habituels\n5 paquets de DF-STYLO-B\n\nBonne journée\n")
    assert len(order.lines) == 2
    [message] = unread(order)
    assert "deux cartons" in message


def test_a_quantity_in_words_with_a_unit_below_the_lines_is_unread():
    order = only_order("PO 4711-A\n10 x DF-PAP-A4\nplus two boxes of the blue pens\nThanks,\nBob Smith\n")
    [message] = unread(order)
    assert "two boxes" in message


def test_greetings_addresses_and_phone_numbers_are_not_unread_lines():
    order = only_order("Hello,\nPO 4711-A\n10 x DF-PAP-A4\n\nKind regards,\nBob Smith\n12 Main Street\n"
                       "Phone +1 555 123 4567\n")
    assert unread(order) == []


@pytest.mark.parametrize("line, price, currency", [
    ("12 ea LS-STAPLER @ $9.00", "9.00", "USD"),
    ("30 Stück ZP-ORD-80 Ordner zu EUR 2,75", "2.75", "EUR"),
    ("10 x AB-1234 @ $18.00", "18.00", "USD"),
    ("6 boxes DOS-PAPER at 24.50 each", "24.50", None),
    ("Pos. 1: 50 Stk MB-4711 Ordner A4 à 2,75 EUR", "2.75", "EUR"),
    ("50 Stk MB-4711 zu je 2,75 €", "2.75", "EUR"),
    ("12 ea LS-STAPLER @ 9.00/ea", "9.00", None),
])
def test_typed_unit_prices_and_their_currency_are_read(line, price, currency):
    order = only_order(f"PO 4711-A\n{line}\n")
    [item] = order.lines
    assert item.unit_price == Decimal(price) and order.currency == currency
    assert unread(order) == []


@pytest.mark.parametrize("text, day", [
    ("Bestellung Nr. MB-2026-121 vom 1. Dezember 2026\n20 Stk MB-4711\n", date(2026, 12, 1)),
    ("Please process purchase order LS-MAIL-15 dated December 1, 2026.\n5 each SKU-1004 staplers\n",
     date(2026, 12, 1)),
    ("Suite à notre commande du 1er décembre 2026,\nNotre référence de commande : DF-MAIL-3305\n"
     "8 boîtes DF-PAP-A4\n", date(2026, 12, 1)),
])
def test_an_order_date_typed_in_the_text_wins_over_the_date_header(text, day):
    order = only_order(f"Date: Thu, 03 Dec 2026 09:00:00 +0100\n\n{text}")
    assert order.order_date == day


def test_pos_prefix_and_code_x_quantity_lines_are_read():
    order = only_order("Bestellnummer: MB-2026-118\nPos. 1: 50 Stk MB-4711 Ordner A4\nPos. 2: 3 Stk MB-4712\n")
    assert [(ln.customer_item, ln.quantity) for ln in order.lines] == [("MB-4711", 50), ("MB-4712", 3)]
    order = only_order("Purchase order DOS-MAIL-79\n\nDOS-PAPER  x 8\nDOS-MARK   x 36 pcs\n")
    assert [(ln.customer_item, ln.quantity, ln.uom) for ln in order.lines] == [
        ("DOS-PAPER", 8, None), ("DOS-MARK", 36, "pcs")]


def test_a_po_with_order_like_lines_none_of_which_reads_is_an_order_held_not_other():
    extraction = read("Bestellnummer: MB-2026-130\n\n3 Kartons von dem blauen Zeug wie letztes Mal\n")
    assert extraction.doc_type == DocType.ORDER
    [order] = extraction.orders
    assert order.lines == [] and len(unread(order)) == 1


def test_a_delivery_date_typed_on_a_line_is_the_lines_date():
    order = only_order("Notre référence de commande : DF-MAIL-3302\n"
                       "- 5 boîtes DF-PAP-A4, livraison le 10 décembre 2026\n"
                       "- 12 unités SKU-1003 classeurs, livraison le 8 janvier 2027\n")
    assert [(ln.description, ln.requested_date) for ln in order.lines] == [
        (None, date(2026, 12, 10)), ("classeurs", date(2027, 1, 8))]


def test_a_cover_note_with_a_po_and_no_quantity_first_line_stays_other():
    extraction = read("Subject: Bestellung 4500123\nAnbei unsere Bestellung 4500123.\n"
                      "Bitte 3 Paletten bis Freitag liefern.\n")
    assert extraction.doc_type == DocType.OTHER


def test_an_unreadable_line_with_a_delivery_date_or_urgent_note_is_still_unread():
    order = only_order("Commande n° CMD-2026-1\n- 10 x DF-PAP-A4\n"
                       "- 3 cartons des classeurs habituels, livraison le 10 décembre 2026\n"
                       "URGENT : 2 boîtes de stylos rouges\n")
    assert len(unread(order)) == 2


def test_prices_typed_in_two_currencies_hold_the_order():
    order = only_order("PO 4711-A\n12 ea LS-STAPLER @ $9.00\n6 rolls LS-TAPE @ 2,10 EUR\n")
    assert order.currency == "USD"
    [problem] = [p for p in order.problems if p.code == "LINE-UNREAD"]
    assert "EUR" in problem.message and problem.severity == "error"


def test_a_price_followed_by_ht_or_netto_is_read():
    [item] = only_order("Commande n° CMD-2026-1\n- 5 cartons de DF-PAP-A4 à 24,50 € HT\n").lines
    assert item.unit_price == Decimal("24.50") and item.customer_item == "DF-PAP-A4"


# --- issue 17: lines after the items, price columns, order-like bodies, labels, number words ------------------


def unread_messages(order) -> list[str]:
    return [p.message for p in order.problems if p.code == "LINE-UNREAD"]


@pytest.mark.parametrize("tail", [
    "Also 3 desk lamps for the new office please.",
    "- 1 x the same lamps as in March",
    "- and the blue folders we had last time",
    "\nPlus 4 of the big staplers.",
])
def test_a_free_text_line_after_the_last_item_is_unread_not_dropped(tail):
    order = only_order(f"PO: QA-77\nDelivery date: 20/01/2027\n\n- 5 x TL-200 lamps @ 9.50\n- 2 x ST-9 @ 4.00\n"
                       f"{tail}\n\n"
                       "Regards,\nJane\n")
    assert [line.customer_item for line in order.lines] == ["TL-200", "ST-9"]
    assert any(tail.strip() in message for message in unread_messages(order))


def test_a_closing_and_a_signature_block_after_the_items_are_not_order_lines():
    order = only_order("Order QA-78, dated 02/12/2026\n\n6 x TL-200 lamps\n\nJane Byrne\nBuyer\nAcme Ltd\n"
                       "14 Harbour Road, Cork T12 X4Y7\nTel +353 21 555 0100\n")
    assert unread_messages(order) == [] and order.po_number == "QA-78"
    order = only_order("PO QA-79\n\n6 x TL-200 lamps\n\nMit freundlichen Grüßen\nJ. Weber\nHauptstr. 12\n"
                       "2. OG, Tor 3\n")
    assert unread_messages(order) == []


@pytest.mark.parametrize("text, prices, descriptions", [
    ("Menge  ME   Artikel    Bezeichnung        Preis\n4      Stk  ST-9       Hefter             6,00\n"
     "10     Stk  TL-200     Lampe             19,90\n", ["6.00", "19.90"], ["Hefter", "Lampe"]),
    ("Qty   Unit   Item     Description     Unit price\n3     EA     ST-9     Stapler         £12.00\n",
     ["12.00"], ["Stapler"]),
    ("Quantité / Unité / Référence / Prix unitaire\n30 paquets  PN-4  2,10\n", ["2.10"], [None]),
    ("Item          Qty   Unit   Price\nAB-LAMP-40     6    EA     19.90\n", ["19.90"], [None]),
])
def test_a_price_column_is_read_as_prices(text, prices, descriptions):
    order = only_order(f"PO QA-80\n\n{text}\nThanks\n")
    assert [str(line.unit_price) for line in order.lines] == prices
    assert [line.description for line in order.lines] == descriptions
    assert not unread_messages(order)


def test_a_price_column_whose_price_cannot_be_read_holds_the_line():
    order = only_order("PO QA-81\n\nMenge  ME   Artikel    Bezeichnung        Preis\n"
                       "4      Stk  ST-9       Hefter             wie besprochen\n")
    [problem] = [p for p in order.problems if p.code == "LINE-UNREAD"]
    assert problem.severity == "error" and problem.element == "lines[0].unit_price"


def test_an_html_table_row_is_read_by_its_columns():
    text = "Commande CDE-9 du 03/12/2026\n\nRéf.\tDésignation\tQté\tUnité\tP.U. HT\n\n" \
           "ST-9\tAgrafeuse\t2\tU\t18,00\n\n" \
           "TL-200\tLampe\t12\tBTE\t24,50\n\nCordialement\n"
    order = only_order(text)
    assert [(line.customer_item, str(line.quantity), line.uom, str(line.unit_price)) for line in order.lines] == \
        [("ST-9", "2", "U", "18.00"), ("TL-200", "12", "BTE", "24.50")]
    assert order.po_number == "CDE-9"


@pytest.mark.parametrize("line, qty, unit, code, description", [
    ("TL-200 - Lampe klein - 30 Stück", "30", "Stück", "TL-200", "Lampe klein"),
    ("Toner noir TN-55 : quantité 2", "2", None, "TN-55", "Toner noir"),
    ("Papier A4 PA-80 : 10 boîtes", "10", "boîtes", "PA-80", "Papier A4"),
    ("- 6 boîtes Papier A4 80g réf. PA-80 à 24,50 €", "6", "boîtes", "PA-80", "Papier A4 80g"),
    ("AB-LAMP-40        60   EA     £2.75", "60", "EA", "AB-LAMP-40", None),
    ("two boxes PA-80 @ 24.50", "2", "boxes", "PA-80", None),
    ("zwölf Stk TL-200", "12", "Stk", "TL-200", None),
    ("10 classeurs TL-200 à 2,75 €", "10", None, "TL-200", "classeurs"),  # a noun, no unit word: read at 0.8
])
def test_more_line_shapes(line, qty, unit, code, description):
    [read] = only_order(f"PO QA-90\n\n{line}\n").lines
    assert (str(read.quantity), read.uom, read.customer_item, read.description) == (qty, unit, code, description)


def test_digits_inside_a_code_are_never_the_quantity():
    order = read("PO QA-91\n\nAB-LAMP-80\n").orders
    assert not order or all(line.quantity != 80 for line in order[0].lines)


@pytest.mark.parametrize("body", [
    "Bestellung 4500771 vom 05.12.2026:\n\nordner TL-200, wie immer dreißig\n\nDanke!",
    "Bonjour,\n\nBon de commande RB-7788 du 03/12/2026\n\nclasseurs TL-200 à 2,75 €, une dizaine\n\nMerci",
    "Hello,\n\nplease ship against our order: the usual lamps TL-200, 5 of them\n",
    "Objet : commande\n\nQté  Réf.  Désignation\nquelques  TL-200  lampes\n",
])
def test_an_order_like_body_is_an_order_held_with_its_lines_unread(body):
    order = only_order(body)
    assert order.lines == [] and unread_messages(order)


@pytest.mark.parametrize("body", [
    "Please find attached our order PO 4500123.\n\nBest regards\n",
    "Bonjour, ci-joint notre commande CDE-26-1 du 03/12/2026 pour 3 articles.\n\nCordialement",
    "Thanks for the delivery of last week, all 12 boxes arrived.\n",
])
def test_a_body_that_only_speaks_of_an_order_is_not_one(body):
    assert read(body).doc_type == DocType.OTHER


@pytest.mark.parametrize("line, po", [
    ("Merci d'enregistrer notre commande CDE-26-004490 du 5 décembre 2026,", "CDE-26-004490"),
    ("New order, reference PS/26/3355, order date 05/12/2026.", "PS/26/3355"),
    ("Order DOS-90271, dated 05/12/2026, delivery 12/01/2027.", "DOS-90271"),
    ("Bestellung 4500339970 vom 05.12.2026, Liefertermin 08.01.2027:", "4500339970"),
    ("Bon de commande RB-4500012900 du 03/12/2026", "RB-4500012900"),
])
def test_po_labels_in_three_languages(line, po):
    assert only_order(f"{line}\n\n5 x TL-200 lamps\n").po_number == po


def test_need_by_is_the_requested_date():
    order = only_order("PO 77120\nNeed by: 01/22/2027\n\n5 x TL-200 lamps\n")
    assert order.requested_delivery_date == date(2027, 1, 22)


def test_an_unreadable_table_row_ends_at_the_blank_line():
    order = only_order("PO QA-92\n\nQty  Item  Description\nsome  TL-200  lamps\n\nRegards,\nJane\n")
    assert len(unread_messages(order)) == 1 and "some" in unread_messages(order)[0]


@pytest.mark.parametrize("sentence, ordered, wanted", [
    ("Bitte liefern Sie gemäß unserer Bestellung 7700123 vom 03.11.2026 bis zum 09.11.2026:",
     date(2026, 11, 3), date(2026, 11, 9)),
    ("Merci de livrer la commande AB-7781 du 03/11/2026 au plus tard le 12/11/2026 :",
     date(2026, 11, 3), date(2026, 11, 12)),
    ("Please supply against order QX-5521 of 03/11/2026 by 13/11/2026:", date(2026, 11, 3), date(2026, 11, 13)),
    ("Veuillez livrer notre commande AB-7782 du 3 novembre 2026 pour le 13 novembre 2026.",
     date(2026, 11, 3), date(2026, 11, 13)),
])
def test_the_date_after_the_order_label_is_the_order_date_not_the_delivery_date(sentence, ordered, wanted):
    order = only_order(f"Guten Tag / Bonjour / Hello,\n\n{sentence}\n\n- 4 x SKU-1004 stapler\n"
                       "- 2 x SKU-1002 pens\n\nThanks\n")
    assert order.order_date == ordered and order.requested_delivery_date == wanted


def test_a_sentence_whose_only_date_is_the_order_date_gives_no_delivery_date():
    order = only_order("Hallo,\n\nbitte liefern Sie gemäß Bestellung 7700124 vom 03.11.2026 bald:\n\n"
                       "- 4 x SKU-1004 Hefter\n\nDanke\n")
    assert order.order_date == date(2026, 11, 3) and order.requested_delivery_date is None


@pytest.mark.parametrize("extra", [
    "plus the usual toner",
    "+ Toner wie immer",
    "und noch die üblichen Ordner",
    "et aussi du papier comme d'habitude",
    "the blue folders, as always",
    "Toner für den großen Drucker",
])
def test_a_free_text_line_after_the_items_in_its_own_paragraph_is_unread_not_dropped(extra):
    order = only_order(f"Hello,\n\nPO QX-9001, deliver by 13/11/2026\n\n- 3 x SKU-1005 shredder\n"
                       f"- 12 x SKU-2008 markers\n\n{extra}\n\nThanks,\nAnna\n")
    assert len(order.lines) == 2
    assert [p.code for p in order.problems] == ["LINE-UNREAD"] and extra in order.problems[0].message


@pytest.mark.parametrize("after", [
    "Please confirm receipt of this order.",
    "Let us know if anything is out of stock.",
    "Claire Martin",
    "Merci de nous confirmer la date de livraison.",
])
def test_sentences_and_names_after_the_items_are_not_item_lines(after):
    order = only_order(f"Hello,\n\nPO QX-9002, deliver by 13/11/2026\n\n- 3 x SKU-1005 shredder\n\n{after}\n")
    assert order.problems == []


@pytest.mark.parametrize("quote", [
    "-----Original Message-----\nFrom: Orders <orders@example.test>\nSent: 2 November 2026 08:30\n"
    "Subject: RE: Order QX-8800\n\nWe confirm your order QX-8800:\n- 40 x SKU-1001 copy paper @ 24.50\n",
    "-----Ursprüngliche Nachricht-----\nVon: Auftragsannahme\nGesendet: Montag, 2. November 2026 08:30\n"
    "Betreff: Bestellung 88000\n\n- 40 x SKU-1001 Kopierpapier\n",
    "De : Service commandes <orders@example.test>\nEnvoyé : lundi 2 novembre 2026 08:30\nÀ : Achats\n"
    "Objet : RE: Commande QX-8800\n\n- 40 boîtes SKU-1001 papier\n- 7 x SKU-1004 agrafeuse\n",
    "Le lun. 2 nov. 2026 à 08:30, Service commandes <orders@example.test> a écrit :\n"
    "- 40 boîtes SKU-1001 papier\n",
    "From: Orders <orders@example.test>\nSent: Monday, November 2, 2026 8:30 AM\nTo: Purchasing\n\n"
    "- 40 x SKU-1001 copy paper\n",
])
def test_a_quoted_older_order_under_a_reply_is_not_part_of_the_new_order(quote):
    order = only_order("Hi,\n\nOrder QX-9100 dated 03/11/2026, need by 13/11/2026:\n\n- 4 x SKU-1004 stapler\n\n"
                       f"Kind regards,\nJames\n\n{quote}")
    assert [(ln.customer_item, ln.quantity) for ln in order.lines] == [("SKU-1004", Decimal(4))]
    assert order.po_number == "QX-9100" and order.problems == []


def test_a_forwarded_order_with_only_a_note_on_top_is_read_from_the_forwarded_part():
    order = only_order("FYI, see below.\n\n-----Original Message-----\nFrom: Buyer <buyer@example.test>\n"
                       "Sent: 2 November 2026 08:30\nSubject: Order QX-9200\n\nPlease deliver by 13/11/2026:\n"
                       "- 5 x SKU-1004 stapler\n\nThanks\n")
    assert [(ln.customer_item, ln.quantity) for ln in order.lines] == [("SKU-1004", Decimal(5))]


@pytest.mark.parametrize("subject", ["FW: RE: Quote Q-2291", "WG: AW: Angebot AN-7781", "TR: RE: Devis D-5512"])
def test_a_forwarded_order_under_a_reply_subject_naming_a_code_is_read(subject: str):
    """Findings V23: a code in the subject ("Quote Q-2291") is no item line of the forwarding note."""
    order = only_order(f"Subject: {subject}\n\nPlease process the order below, thanks.\nAnna\n\n"
                       "-----Original Message-----\nFrom: John <john@example.test>\nSent: 7 December 2026 08:10\n"
                       f"Subject: {subject[4:]}\n\nplease order from the supplier:\nPO: PO-4500-7777\n"
                       "10 x SKU-1001\n4 x SKU-1004\nRegards, John\n")
    assert [(ln.customer_item, ln.quantity) for ln in order.lines] == [("SKU-1001", Decimal(10)),
                                                                       ("SKU-1004", Decimal(4))]


@pytest.mark.parametrize("note", ["Please process the order below, thanks.", "Merci de traiter la commande ci-dessous.",
                                  "Bitte unten stehende Bestellung erfassen."])
def test_a_note_asking_to_process_the_order_below_reads_the_quoted_order(note: str):
    """Findings V23: an HTML reply header marks the forwarded order quoted; the note asks to act on it."""
    order = only_order(f"Subject: FW: RE: Quote Q-2291\n\n{note}\nAnna\n\n> From: John <john@example.test>\n"
                       "> Sent: 7 December 2026 08:10\n> Subject: RE: Quote Q-2291\n>\n> PO: PO-4500-7777\n"
                       "> 10 x SKU-1001\n> 4 x SKU-1004\n> Regards, John\n")
    assert [(ln.customer_item, ln.quantity) for ln in order.lines] == [("SKU-1001", Decimal(10)),
                                                                       ("SKU-1004", Decimal(4))]


def test_a_reply_quoting_an_order_without_asking_to_process_it_is_no_order():
    assert read("Thanks, noted.\n\n> PO: PO-4500-7777\n> 10 x SKU-1001\n").doc_type != DocType.ORDER


def test_code_first_lines_with_a_trailing_quantity_and_unit_are_read():
    order = only_order("Morning,\n\nOrder QX-7001 dated 03/11/2026\n\nSKU-2002 cable ties x 6 packs\n"
                       "SKU-2001 packing tape x 24 rolls\n\nNeed by: 13/11/2026\n\nCheers,\nSam\n")
    assert [(ln.customer_item, str(ln.quantity), ln.uom) for ln in order.lines] == [
        ("SKU-2002", "6", "packs"), ("SKU-2001", "24", "rolls")]
    assert order.problems == []


def test_a_us_signature_without_a_closing_word_is_not_an_order_line():
    order = only_order("Hello,\n\nOrder QX-7002, need by 11/20/2026.\n\n10 pairs SKU-2003 gloves @ 3.25\n\n"
                       "Dana Reyes\nReyes Cleaning LLC\n1200 Main St, Dallas TX 75201\n(214) 555-0199\n")
    # the signature's address is shown for the gateway to compare with the customer's on file (ship_to.blocks)
    assert len(order.lines) == 1 and [(p.code, p.element) for p in order.problems] == [
        ("SHIP-TO-UNSURE", "ship_to.blocks")]


@pytest.mark.parametrize("text, po", [
    ("Order QX-7003 placed 03/11/2026 for delivery 13/11/2026.\n\n- 2 x SKU-1004 stapler\n", "QX-7003"),
    ("Subject: Order QX-7004\n\nHi,\nplease deliver by 13/11/2026:\n\n- 2 x SKU-1004 stapler\n", "QX-7004"),
])
def test_the_po_of_an_order_placed_line_or_of_the_subject_is_read(text, po):
    assert only_order(text).po_number == po


def test_a_reply_subject_does_not_name_the_new_order():
    order = only_order("Subject: RE: Order QX-7005\n\nHi,\nplease deliver by 13/11/2026:\n\n- 2 x SKU-1004 stapler\n")
    assert order.po_number is None


def test_a_quoted_older_order_under_code_first_or_worded_lines_is_not_read():
    order = only_order("Hello,\n\nPO number: QX-9300\nDeliver by 13/11/2026.\n\nTP-1001 - Copy paper - 3 BX\n"
                       "- two BX TP-1002\n\nKind regards,\nAnn\n\n-----Original Message-----\n"
                       "From: Orders <orders@example.test>\nSent: 2 November 2026 10:12\n\n- 17 x TP-1003\n")
    assert [ln.customer_item for ln in order.lines] == ["TP-1001", "TP-1002"] and order.problems == []


def test_a_forward_whose_note_names_the_order_keeps_the_forwarded_order():
    order = only_order("Please process order QX-9400 below.\n\n-----Original Message-----\n"
                       "From: Buyer <buyer@example.test>\nSent: 2 November 2026 08:30\n\n"
                       "PO QX-9400, deliver by 13/11/2026:\n- 5 x SKU-1004 stapler\n")
    assert [(ln.customer_item, ln.quantity) for ln in order.lines] == [("SKU-1004", Decimal(5))]


@pytest.mark.parametrize("block", ["Total 131.70\nTotal due 165.00", "Total amount 165.00\nTotal 131.70",
                                   "Summe 131,70\nEndbetrag 165,00"])
def test_two_typed_totals_that_disagree_hold_the_order(block):
    # review R10: two total lines with different amounts, neither net-then-gross, cancelled each other silently
    order = only_order("Please supply:\n\nQty  Unit  Item  Description  Unit price\n6  each  TP-1002  Stapler  12.00\n"
                       f"3  pcs  TP-1001  Desk lamp  19.90\n\n{block}\n\nPO number: TT-9\n")
    [problem] = [p for p in order.problems if p.code == "TOTAL-MISMATCH"]
    assert problem.severity == "error" and "disagree" in problem.message


def test_the_same_total_typed_twice_is_no_mismatch():
    order = only_order("PO number: TT-9\n6  each  TP-1002  Stapler  12.00\n\nTotal 72.00\nTotal due 72.00\n")
    assert not [p for p in order.problems if p.code == "TOTAL-MISMATCH"]


def test_a_plain_total_its_vat_and_the_gross_agree():
    """Review Q8: "Total 199.00" / "VAT 23% 45.77" / "Total incl. VAT 244.77" are one total before and after its VAT,
    no totals that disagree; a gross that the VAT line does not give still holds."""
    from extractors.locale_values import DocLocale
    from extractors.mail.body_text import disagreeing_totals
    lines = ["10 x TP-1001 at 19.90 = 199.00", "Total 199.00", "VAT 23% 45.77", "Total incl. VAT 244.77"]
    assert disagreeing_totals(lines, DocLocale()) == []
    wrong = lines[:3] + ["Total incl. VAT 264.77"]
    assert [p.code for p in disagreeing_totals(wrong, DocLocale())] == ["TOTAL-MISMATCH"]
