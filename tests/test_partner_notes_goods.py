"""Free-text notes of structured orders as partners send them (EDIFACT FTX, UBL Note, X12 MSG, cXML Comments):
a note asking for goods not on the lines holds the order ``CHANGE-TYPED``, also when German is written without
umlauts as a plain character set (UNOA, X12) spells it ("zusaetzlich", "Heftgeraete"); a harmless note does not."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gateway.model import ExtractedLine, ExtractedOrder, Party
from gateway.stages.mapping import with_note_problems


def held_for(note: str) -> set[str]:
    order = ExtractedOrder(po_number="ED-7781", notes=[note], lines=[
        ExtractedLine(line_no=1, customer_item="4012345678901", quantity=Decimal(20), description="Ordner breit")])
    return {p.code for p in with_note_problems(order).problems}


@pytest.mark.parametrize("note", [
    "Bitte zusaetzlich 4 Toner schwarz liefern",
    "Ausserdem 2 Heftgeraete mitliefern",
    "Zusaetzlich zwei Kartons Kopierpapier",
    "Merci d'ajouter 3 cartouches de toner",
    "PLEASE ALSO SHIP 6 BOXES OF STAPLES",
    "2 Toner schwarz bitte",  # no "add" word: a count of goods and a please or need word
    "We need 6 black toner cartridges too",
    "2 agrafeuses svp",
    # a price beside the request is more evidence, a pack or piece count puts the goods anywhere (review revT D4)
    "Please send 3 staplers at 12.50 each",
    "Il nous faut 5 classeurs à 2,10 pièce",
    "We need 4 packs of copy paper",
    "Kopierpapier weiss: 3 Kartons bitte",
    "Can you include 3 staplers",
    "3 Heftgeräte bitte", "Il nous faut 4 enveloppes",
])
def test_a_note_asking_for_goods_holds(note):
    assert "CHANGE-TYPED" in held_for(note)


@pytest.mark.parametrize("note", [
    "Anlieferung Mo-Fr 7-15 Uhr",
    "Lieferschein bitte zweifach beilegen",
    "Merci pour votre confiance",
    "THANK YOU FOR YOUR BUSINESS",
    "Please pack the 20 binders carefully",  # the goods of the lines
    "Please deliver the 20 binders to floor 2",  # the lines' own goods where they go ("the 10 reams" on an order
    # of binders names goods the lines do not hold: it holds, tests/test_remark_changes_rnotes.py)
    "Bitte die 20 Ordner gut verpacken",
    # a word that starts like goods (review revT D5)
    "Please check 3 pending invoices",
])
def test_a_harmless_note_does_not(note):
    assert not held_for(note)


@pytest.mark.parametrize("note", [
    "Please deliver 20 Ordner to the back door", "Please add 2 staplers per carton",
    "PLEASE SEND 3 STAPLERS PER OFFICE", "IL NOUS FAUT 2 AGRAFEUSES PAR BUREAU", "PLEASE SEND 20 ORDNER TOO",
])
def test_a_count_per_package_or_equal_to_a_line_is_no_exception(note):
    """A count of goods per package or per office and a count equal to a line's own are no exceptions (review revX
    D0): "3 staplers per office", "2 staplers per carton" and "20 Ordner too" beside a line of 20 ask for more."""
    assert "CHANGE-TYPED" in held_for(note)


@pytest.mark.parametrize("note", [
    "Please stick 3 labels per carton", "Bitte 3 Etiketten je Palette", "One more label per box please",
    "Un carton de plus par palette svp",
])
def test_labels_or_boxes_per_pack_are_packing(note):
    """Labels or boxes counted per pack are a packing instruction, no goods added (review revtyped N6; this
    reverses revX D0's choice to hold packing labels, as the fixtyped brief asks)."""
    assert "CHANGE-TYPED" not in held_for(note)


def test_an_invoice_mailbox_of_another_domain_holds_and_the_customers_own_passes():
    """"Rechnung bitte an buchhaltung@example.de" in a partner's note names where invoices go: one judgement with the
    printed "Kindly send all invoices to accounts@acme.co.uk" (``note_terms``), held; the customer's own mailbox (its
    domain on the order) is how the invoice is sent, not to whom."""
    assert "BILL-TO-TYPED" in held_for("Rechnung bitte an buchhaltung@example.de")
    order = ExtractedOrder(po_number="ED-7781", notes=["Rechnung bitte an buchhaltung@mueller.example"],
                           parties=[Party(role="buyer", name="Müller", ids={"email": "einkauf@mueller.example"})],
                           lines=[ExtractedLine(line_no=1, customer_item="4012345678901", quantity=Decimal(20))])
    assert not with_note_problems(order).problems
    order.notes[0] = "Rechnung bitte an unsere Zentrale, buchhaltung@mueller.example"
    assert "BILL-TO-TYPED" in {p.code for p in with_note_problems(order).problems}
