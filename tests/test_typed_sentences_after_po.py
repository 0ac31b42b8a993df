"""Typed e-mail shapes an outside try found held although right, with inputs made here: items in a
sentence after the PO sentence on the same line, a number word confirmed by its digits in brackets, and
a new PO named after an earlier one given as context.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from extractors.base import ExtractHints
from extractors.mail.body_text import EXTRACTOR
from extractors.mail.number_words import bracketed_counts
from gateway.model import DocType

HEADER = "Date: Sun, 06 Dec 2026 10:00:00 +0000\n"


def read(body: str):
    got = EXTRACTOR.extract((HEADER + body).encode(), ExtractHints(content_type="text/plain"))
    return got, (got.orders[0] if got.orders else None)


def lines(order) -> list[tuple]:
    return [(ln.customer_item, ln.quantity, ln.uom) for ln in order.lines]


def codes(order) -> list[str]:
    return [p.code for p in order.problems]


@pytest.mark.parametrize("body, po, want", [
    ("Hi,\n\nOur PO is 4500-8812. Please send 6 x TP-1002 and 2 x TP-1004.\n\nThanks,\nAnn\n", "4500-8812",
     [("TP-1002", Decimal(6), None), ("TP-1004", Decimal(2), None)]),
    ("Bonjour,\n\nNotre commande CDE-26-0931. Merci de nous envoyer 4 x TP-1002 et 10 x TP-1004.\n\nCordialement\n",
     "CDE-26-0931", [("TP-1002", Decimal(4), None), ("TP-1004", Decimal(10), None)]),
    ("Guten Tag,\n\nUnsere Bestellnummer lautet BS-7781. Bitte liefern Sie 5 x TP-1002 und 3 x TP-1004.\n\nGruß\n",
     "BS-7781", [("TP-1002", Decimal(5), None), ("TP-1004", Decimal(3), None)]),
])
def test_items_in_the_sentence_after_the_po_sentence_are_read(body, po, want):
    got, order = read(body)
    assert got.doc_type == DocType.ORDER and order.po_number == po
    assert lines(order) == want and "LINE-UNREAD" not in codes(order)


@pytest.mark.parametrize("sentence", [
    "PO 4500-8812. Please send 6 x TP-1002. Not the blue ones.",
    "PO 4500-8812. Please send 6 x TP-1002. We need 4 more next week.",
])
def test_a_sentence_that_hedges_or_adds_a_number_after_the_items_holds_the_line(sentence):
    _got, order = read(f"Hi,\n\n{sentence}\n\nThanks\n")
    assert order.lines == [] and "LINE-UNREAD" in codes(order)


def test_a_full_stop_in_a_german_date_is_no_sentence_end():
    from extractors.mail.sentence_items import sentences
    assert sentences("Bitte 5 x TP-1002 bis 18. Dezember liefern") == ["Bitte 5 x TP-1002 bis 18. Dezember liefern"]
    assert sentences("Order KF-40140. Could you send 2 x A-1") == ["Order KF-40140", "Could you send 2 x A-1"]


@pytest.mark.parametrize("text, want", [
    ("ten (10) boxes X-1", "10 boxes X-1"),
    ("merci d'envoyer vingt-deux (22) rames P-1", "merci d'envoyer 22 rames P-1"),
    ("dreizehn (13) Stück AB-1", "13 Stück AB-1"),
    ("ten (12) boxes X-1", "ten (12) boxes X-1"),  # words and digits disagree: left as typed, held
    ("Bestellung (12) AB-1", "Bestellung (12) AB-1"),
])
def test_a_number_word_confirmed_by_its_digits_in_brackets(text, want):
    assert bracketed_counts(text) == want


@pytest.mark.parametrize("body, want", [
    ("Hi,\n\nPO 4500-9001\n\nPlease send six (6) packs of TP-1002 and two (2) boxes of TP-1004.\n\nThanks\n",
     [("TP-1002", Decimal(6), "packs"), ("TP-1004", Decimal(2), "boxes")]),
    ("Bonjour,\n\nCommande CDE-26-0940\n\n- douze (12) cartons TP-1002\n- trois (3) boîtes TP-1004\n\nCordialement\n",
     [("TP-1002", Decimal(12), "cartons"), ("TP-1004", Decimal(3), "boîtes")]),
    ("Hallo,\n\nBestellung 4500339001\n\nzwanzig (20) Stück TP-1002\nfünf (5) Kartons TP-1004\n\nGruß\n",
     [("TP-1002", Decimal(20), "Stück"), ("TP-1004", Decimal(5), "Kartons")]),
])
def test_items_with_a_bracketed_count_are_read(body, want):
    _got, order = read(body)
    assert lines(order) == want and "LINE-UNREAD" not in codes(order)


def test_a_bracketed_count_that_disagrees_with_its_words_holds():
    _got, order = read("Hi,\n\nPO 4500-9002\n\neleven (12) boxes TP-1002\n\nThanks\n")
    assert order.lines == [] and "LINE-UNREAD" in codes(order)


@pytest.mark.parametrize("line, want", [
    ("TP-1002 copy paper, qty 4", ("TP-1002", Decimal(4), None)),
    ("TP-1005 toner noir, qté 3", ("TP-1005", Decimal(3), None)),
    ("TP-1004 Heftgerät, Menge 2", ("TP-1004", Decimal(2), None)),
])
def test_a_code_first_line_with_a_labelled_quantity_is_read(line, want):
    _got, order = read(f"Hi,\n\nPO 4500-9003\n\n{line}\n\nThanks\n")
    assert lines(order) == [want] and "LINE-UNREAD" not in codes(order)


@pytest.mark.parametrize("body, po, follows", [
    ("Hello,\n\nAfter our PO RT-55012 of last month, please ship the items below on our new PO RT-55090:\n\n"
     "4 x TP-1002\n2 x TP-1004\n\nRegards\n", "RT-55090", "RT-55012"),
    ("Hello,\n\nFurther to our order LMC-PO-88210, here is our new order LMC-PO-88290:\n\n3 x TP-1002\n\nRegards\n",
     "LMC-PO-88290", "LMC-PO-88210"),
    ("Bonjour,\n\nSuite à notre commande CDE-26-0901 de la semaine dernière, voici notre nouvelle commande "
     "n° CDE-26-0955 :\n\n- 6 x TP-1002\n- 2 x TP-1004\n\nCordialement\n", "CDE-26-0955", "CDE-26-0901"),
    ("Guten Tag,\n\nIm Anschluss an unsere Bestellung 4500339010 bitte folgende Artikel auf unsere neue Bestellung "
     "4500339055 liefern:\n\n10 Stk TP-1002\n\nGruß\n", "4500339055", "4500339010"),
])
def test_a_po_named_as_new_wins_over_one_named_as_context(body, po, follows):
    got, order = read(body)
    assert len(got.orders) == 1 and order.po_number == po and order.references.get("follows") == follows
    assert not {"ORDERS-SEVERAL", "ADDITION-TYPED", "LINE-UNREAD"} & set(codes(order))


@pytest.mark.parametrize("sentence", [
    "New PO RT-55091 and PO RT-55092:",  # two POs, neither named as context
    "Following our PO RT-55012, please send these on PO RT-55093:",  # no PO named as new
])
def test_two_pos_without_a_new_one_over_a_context_one_still_hold(sentence):
    _got, order = read(f"Hello,\n\n{sentence}\n\n4 x TP-1002\n\nRegards\n")
    assert "ORDERS-SEVERAL" in codes(order)


def test_an_addition_to_an_order_already_sent_without_a_new_po_still_holds():
    _got, order = read("Hello,\n\nFurther to our order RT-55012, could you also send 2 x TP-1004?\n\nRegards\n")
    assert "ADDITION-TYPED" in codes(order)


@pytest.mark.parametrize("sentence, day", [
    ("Delivery essential on 9 December, before 10am.", 9),
    ("Firm delivery date 14 December, before 10am.", 14),
    ("Livraison ferme le 14 décembre, avant 10h.", 14),
    ("Livraison absolument le 11 décembre avant 9h.", 11),
    ("Lieferung auf jeden Fall am 14. Dezember, vor 10 Uhr.", 14),
    ("Liefertermin verbindlich 11. Dezember, bis 9 Uhr.", 11),
])
def test_a_firm_year_less_delivery_date_with_a_stress_word_is_read(sentence, day):
    got = EXTRACTOR.extract((HEADER + f"Hello,\n\nPO RT-55100\n5 x TP-1002\n\n{sentence}\n\nRegards\n").encode(),
                            ExtractHints(content_type="text/plain", locale="en_GB"))
    order = got.orders[0]
    assert order.requested_delivery_date.isoformat() == f"2026-12-{day:02d}"
    assert "DATE-UNPLACED" not in codes(order) and sentence in order.notes


@pytest.mark.parametrize("line, want", [
    ("TP-1002 copy paper - 5 boxes", ("TP-1002", Decimal(5), "boxes")),
    ("TP-1004 agrafeuse : 3 cartons", ("TP-1004", Decimal(3), "cartons")),
    ("TP-1005 Kabelbinder, 6 Kartons", ("TP-1005", Decimal(6), "Kartons")),
])
def test_a_code_first_line_with_the_quantity_and_unit_at_the_end_is_read(line, want):
    _got, order = read(f"Hi,\n\nPO 4500-9004\n\n{line}\n\nThanks\n")
    assert lines(order) == [want] and "LINE-UNREAD" not in codes(order)


@pytest.mark.parametrize("line", [
    "TP-1002 nicht mehr: 5 Kartons",
    "TP-1002 sorry make that - 5 boxes",
    "TP-1002 en rupture? - 5 cartons",
    "TP-1002 paper 80g - 5 boxes",  # a number in the description: which is the quantity is a person's call
])
def test_a_code_first_line_that_hedges_or_has_other_numbers_is_held(line):
    _got, order = read(f"Hi,\n\nPO 4500-9005\n\n4 x TP-1004\n{line}\n\nThanks\n")
    assert [ln.customer_item for ln in order.lines] == ["TP-1004"] and "LINE-UNREAD" in codes(order)
