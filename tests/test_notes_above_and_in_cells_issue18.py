"""Issue 18 (orders as people make them): text above the item table reaches the notes, a number in a delivery note
is no charge, an instruction typed into an item's cell moves to the notes, a page's running head is furniture. Each with the near case that must keep its old reading or hold."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest

from extractors.capture.charges import adjustment_kind
from extractors.capture.glued_notes import NOTE_IN_LINE, clear_instruction, split_glued_notes
from extractors.capture.words import CellWord
from extractors.note_furniture import carried_notes, known_parties
from extractors.own_company import OwnCompany
from gateway.model import ExtractedLine, ExtractedOrder, Party


def _pdf(top: list[str], beside: list[str], under: list[str]) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont("Helvetica", 10)
    y = 800
    for k, text in enumerate(top):
        c.drawString(50, y, text)
        if k < len(beside):
            c.drawString(330, y, beside[k])
        y -= 16
    y -= 10
    for x, title in zip((50, 140, 330, 380, 430, 500), ("Item", "Description", "Qty", "Unit", "Unit price", "Amount")):
        c.drawString(x, y, title)
    for code, desc, qty, price, amount in (("TK-12127", "Permanent marker black", "3", "1.45", "4.35"),
                                           ("TK-12085", "Highlighter yellow", "250", "0.95", "237.50")):
        y -= 16
        for x, text in zip((50, 140, 330, 380, 430, 500), (code, desc, qty, "EA", price, amount)):
            c.drawString(x, y, text)
    y -= 22
    c.drawString(430, y, "Total: 241.85")
    for text in under:
        y -= 20
        c.drawString(50, y, text)
    c.save()
    return buf.getvalue()


LETTERHEAD = ["Harbor Office Supplies Inc.", "500 Commerce Dr", "Boston, MA 02110"]
FIELDS = ["Purchase Order", "PO number: HX-40211", "Order date: 12/01/2026", "Delivery date: 12/09/2026"]


def _read(data: bytes) -> ExtractedOrder:
    from extractors.capture.pdf_text import ExtractHints, PdfTextExtractor

    orders = PdfTextExtractor().extract(data, ExtractHints()).orders
    assert len(orders) == 1 and len(orders[0].lines) == 2
    return orders[0]


@pytest.mark.parametrize("said", ["Please deliver to loading bay 6 at the back", "Bitte Anlieferung nur vormittags",
                                  "Livraison par l'arrière, quai 3", "Goods in closes at 3pm on Fridays"])
def test_text_beside_the_letterhead_above_the_items_is_a_note(said) -> None:
    order = _read(_pdf(LETTERHEAD + [said], FIELDS, []))
    assert said in order.notes
    assert order.po_number == "HX-40211"


def test_header_fields_title_letterhead_and_labels_above_the_items_are_no_notes() -> None:
    """Counter-example: what the header reader took, the title, the letterhead's address, a label alone and the
    supplier's block stay out of the notes."""
    order = _read(_pdf(LETTERHEAD + ["Ship to:", "Supplier: Bureau Distribution"], FIELDS, []))
    assert order.notes == []


def test_a_delivery_note_s_number_under_the_total_is_no_charge() -> None:
    order = _read(_pdf(LETTERHEAD, FIELDS, ["Delivery to office 12"]))
    assert order.allowances == [] and order.total == Decimal("241.85")
    assert "Delivery to office 12" in order.notes


@pytest.mark.parametrize("label", ["Livraison bureau", "Lieferung an Büro", "Delivery: Gate", "Livraison porte",
                                   "Anlieferung Tor"])
def test_a_place_s_number_after_a_delivery_word_is_no_amount(label) -> None:
    assert adjustment_kind(label, Decimal("12")) is None


@pytest.mark.parametrize("label", ["Frais de port", "Livraison", "Shipping", "Versandkosten"])
def test_a_charge_word_alone_before_its_amount_is_still_a_charge(label) -> None:
    """Counter-example: the charge rows the totals block always carried."""
    assert adjustment_kind(label, Decimal("12.00")) == "charge"


def _cell(*lines: str) -> CellWord:
    return CellWord(" ".join(lines), 100, 500, 300, 500 + 12 * len(lines), 1.0, 1, lines)


@pytest.mark.parametrize("lines,note", [
    (("Granulés absorbants", "industriels", "Livrer avant 10h"), "Livrer avant 10h"),
    (("Notizblock A5 kariert,", "100 Seiten", "Bitte", "vormittags", "liefern"), "Bitte vormittags liefern"),
    (("Permanent marker black", "Please deliver before noon"), "Please deliver before noon"),
    (("Bürostuhl ergonomisch", "Anlieferung nur bis 12 Uhr"), "Anlieferung nur bis 12 Uhr")])
def test_an_instruction_typed_under_an_item_s_description_moves_to_the_notes(lines, note) -> None:
    line = ExtractedLine(line_no=1, description=" ".join(lines))
    notes, problems = split_glued_notes([line], [[_cell(*lines)]])
    assert notes == [note] and problems == []
    assert note not in line.description and line.description == " ".join(lines).removesuffix(" " + note)


@pytest.mark.parametrize("lines", [("Kopierpapier A4 80 g,", "500 Blatt"), ("Shipping labels", "100 x 150 mm"),
                                   ("Lieferwagen-Modell", "Maßstab 1:87"), ("Livre de recettes", "édition 2026")])
def test_a_description_wrapped_on_its_own_words_stays_whole(lines) -> None:
    """Counter-example: a product's name on two lines, a delivery word in a product's name."""
    line = ExtractedLine(line_no=1, description=" ".join(lines))
    assert split_glued_notes([line], [[_cell(*lines)]]) == ([], [])
    assert line.description == " ".join(lines)


@pytest.mark.parametrize("last", ["Lieferung Halle 3", "Attention fragile", "Bitte beachten"])
def test_a_last_line_opening_as_a_note_but_no_clear_instruction_stays_and_holds(last) -> None:
    line = ExtractedLine(line_no=1, description=f"Monitor 27 Zoll {last}")
    notes, problems = split_glued_notes([line], [[_cell("Monitor 27 Zoll", last)]])
    assert notes == [] and [p.code for p in problems] == [NOTE_IN_LINE]
    assert line.description == f"Monitor 27 Zoll {last}"


def test_a_clear_instruction_needs_a_delivery_word_and_no_count() -> None:
    assert clear_instruction("Livraison impérative avant 9h")
    assert not clear_instruction("Please send 10 x TK-1 before noon")
    assert not clear_instruction("avant 10h")


def test_a_running_head_of_a_party_and_this_order_is_furniture() -> None:
    order = ExtractedOrder(po_number="BH88-2026", parties=[Party(role="buyer", name="Brandt Haustechnik GmbH",
                                                                 street="Hafenweg 22", postcode="28195", city="Bremen")])
    known = known_parties(order, OwnCompany())
    kept = carried_notes(["Brandt Haustechnik GmbH - Bestellung BH88-2026", "Bestellung BH88-2026 - Seite 2",
                          "Brandt Haustechnik GmbH - bitte Tor 4", "Bestellung 4711 - Seite 2"], order, known)
    assert kept == ["Brandt Haustechnik GmbH - bitte Tor 4", "Bestellung 4711 - Seite 2"]  # another order: kept


def test_a_letterhead_s_portal_line_and_a_labelled_known_address_are_furniture_an_instruction_beside_them_is_not() -> None:
    order = ExtractedOrder(po_number="WS-1", parties=[Party(role="ship_to", name="Harbor Office Supplies Inc.",
                                                            street="500 Commerce Dr", postcode="02110", city="Boston")])
    known = known_parties(order, OwnCompany(), [("Hôpital Saint-Roch", "2 rue Saint-Roch", "34000", "Montpellier")])
    kept = carried_notes(["Ship to: Harbor Office Supplies Inc., 500 Commerce Dr, Boston MA 02110",
                          "Harbor Office Supplies Inc., 500 Commerce Dr, Boston MA 02110",
                          "Hôpital Saint-Roch — Portail achats", "Thanks for your order!",
                          "Ship to: Harbor Office Supplies Inc., Dock 4", "Hôpital Saint-Roch — livrer au quai 2",
                          "Deliver to: rear entrance", "Ship to Boston MA 02110"], order, known)
    assert kept == ["Ship to: Harbor Office Supplies Inc., Dock 4", "Hôpital Saint-Roch — livrer au quai 2",
                    "Deliver to: rear entrance", "Ship to Boston MA 02110"]


@pytest.mark.parametrize("text,kept", [
    ("Hintereingang Benutzen", True), ("Tor B", True), ("Lager Tor 2", True), ("Quai Sud", True), ("Tor: 4", True),
    ("Livraison : par l'arrière, quai 3", True), ("Réserve, entrée B", True), ("Stock replenishment", True),
    ("Mitchell Admin", False), ("J. Carter", False), ("Hr. Krause", False), ("Ship To", False), ("Kundennummer", False),
    ("Order confirmation", False), ("France", False), ("Purchase Order PO 880771", False), ("Account # C5101", False),
    ("Need by: Thursday, January 7, 2027", False), ("Purchase Representative: Order Date: Expected Arrival:", False)])
def test_what_above_the_items_is_a_note(text, kept) -> None:
    from extractors.capture.leading_notes import _kept
    from extractors.capture.words import Phrase, Word

    phrase = Phrase(tuple(Word(t, 0, 0, 1, 1) for t in text.split()))
    assert _kept(text, phrase, [], lambda tokens: [], "880771") is kept


JUNK = ["Deutschland", "USA", "France", "Lieferadresse", "Ship To", "Adresse de livraison :",
        "Zwischensumme: 5.983,85 EUR", "MwSt. 19 %: 1.136,93 EUR", "TVA 20 %: 1\u202f281,20 EUR",
        "Total TTC: 7\u202f687,20 EUR", "Subtotal: 292.80 EUR", "VAT 23%: 67.34 EUR", "Gesamtbetrag: 7.120,78 EUR",
        "Pinecrest Facilities LLC · Registered in Ireland No. 612345 · VAT IE6388047V · IBAN IE29 AIBK 9311 5212 3456 "
        "78 · BIC AIBKIE2D", "AIBKIE2D",
        "Retail Brussels NV · RPR Brussel · BTW BE 0412.345.678 · IBAN BE68 5390 0754 7034 · BIC BBRUBEBB"]
KEPT = ["Total must not exceed 500 EUR", "Shipping: please use DHL", "France only", "Ship to the back door",
        "Lieferadresse: Halle 3", "PORTE B", "TOR 12", "Versand: 2 Paletten", "Total 3 Paletten", "IBAN bitte prüfen",
        "Gesamt: 12 Kartons"]


def _carried(*notes: str) -> list[str]:
    order = ExtractedOrder(po_number="WS-1", parties=[Party(role="buyer", name="Pinecrest Facilities LLC")])
    return carried_notes(list(notes), order, known_parties(order, OwnCompany()))


@pytest.mark.parametrize("text", JUNK)
def test_a_country_a_label_a_totals_row_a_legal_footer_and_a_bank_code_are_no_notes(text) -> None:
    assert _carried(text) == []


@pytest.mark.parametrize("text", KEPT)
def test_their_near_misses_stay_notes(text) -> None:
    assert _carried(text) == [text]


def test_a_footer_s_wrapped_tail_of_codes_is_no_note_a_gate_after_it_is() -> None:
    assert _carried("Registered in Ireland No. 612345 · VAT IE6388047V · IBAN IE29 AIBK 9311",
                    "5212 3456 78 · BIC AIBKIE2D", "TOR 12") == ["TOR 12"]
    assert _carried("Registered in Ireland No. 612345 · VAT IE6388047V", "TOR 12") == ["TOR 12"]


def test_an_irish_customer_s_eircode_line_is_furniture_another_eircode_is_not() -> None:
    order = ExtractedOrder(po_number="KV-1")
    known = known_parties(order, OwnCompany(), [("Kilbride Veterinary Ltd", "14 Quay Street", "H91 DX47", "Galway")])
    assert carried_notes(["Galway H91 DX47", "H91 DX47 Galway", "Dublin D02 XY45", "Lager H91 DX47 Galway"], order,
                         known) == ["Dublin D02 XY45", "Lager H91 DX47 Galway"]
