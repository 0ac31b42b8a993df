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
    ("Need by: Thursday, January 7, 2027", False), ("Purchase Representative: Order Date: Expected Arrival:", False),
    # review rnotes D1: an instruction's label with its value is no header field; a field's label with a code is
    ("Digicode : 4589B", True), ("Horaires de réception : 7h30 - 11h30", True), ("Torcode 2580", True),
    ("Warenannahme: 7-12", True), ("Laderampe: 3", True), ("Receiving hours: 7am-3pm", True), ("Loading bay: 6", True),
    ("Delivery window: 07:00 - 09:00", True), ("Code d'accès portail : 1234", True), ("Digicode 4589", True),
    ("Kunden-Nr.: 4711", False), ("Account # C9999", False), ("Suivant votre offre n° OF-2026-118 du 28/11/2026", False),
    ("Fournitures de bureau depuis 1952", False), ("69003 Lyon", False), ("Boston, MA 02110", False)])
def test_what_above_the_items_is_a_note(text, kept) -> None:
    from datetime import date

    from extractors.capture.leading_notes import _kept
    from extractors.capture.words import Phrase, Word
    from gateway.model import ExtractedOrder, Party

    phrase = Phrase(tuple(Word(t, 0, 0, 1, 1) for t in text.split()))
    order = ExtractedOrder(po_number="880771", requested_delivery_date=date(2027, 1, 7),
                           parties=[Party(role="buyer", ids={"buyer_assigned": "C5101"})])
    labels = (lambda tokens: [(0, 1)] if tokens[0].lower() == "delivery" else [])  # "Delivery" alone: a date's label
    assert _kept(text, phrase, [], labels, order) is kept


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


# review rnotes (issue 18, second round)

@pytest.mark.parametrize("label", ["Livraison magasin", "Livraison en étage", "Inside delivery to office"])
def test_money_after_a_place_word_is_still_a_charge(label) -> None:
    """D3: "Livraison magasin : 15,00 €" is a charge; only a bare number after the place word is the place's."""
    assert adjustment_kind(label, Decimal("15.00"), money=True) == "charge"
    assert adjustment_kind(label, Decimal("15")) is None


@pytest.mark.parametrize("lines", [("Network cable Cat6 shielded", "delivered by the metre"),
                                   ("Câble réseau Cat6 blindé", "livré en couronne jusqu'à 305 m"),
                                   ("Netzwerkkabel Cat6 geschirmt", "Lieferform: Ring bis 305 m"),
                                   ("Faltkarton braun, zweiwellig", "Versandkarton für Ordner bis 80 mm")])
def test_a_product_s_own_line_with_a_delivery_stem_stays_in_its_description(lines) -> None:
    """D2: "by", "bis", "jusqu'à" are no time; "Lieferform", "Versandkarton" no instruction; no cut, no hold."""
    line = ExtractedLine(line_no=1, description=" ".join(lines))
    assert split_glued_notes([line], [[_cell(*lines)]]) == ([], [])
    assert line.description == " ".join(lines)


@pytest.mark.parametrize("text", ["Nur vormittags anliefern", "Livrer uniquement le matin", "Deliver on Monday only",
                                  "Livraison le 10/12 avant 9h"])
def test_an_instruction_with_its_time_or_day_is_clear(text) -> None:
    assert clear_instruction(text)


@pytest.mark.parametrize("text", ["Lieferung bis 305 m", "delivered by the metre", "Versand nur im Karton",
                                  "Livraison en couronne"])
def test_a_delivery_word_without_a_time_is_no_clear_instruction(text) -> None:
    assert not clear_instruction(text)


def test_nur_vormittags_anliefern_in_a_cell_moves_to_the_notes() -> None:
    """D6."""
    lines = ("Kopierpapier A4 80 g, 500 Blatt", "Nur vormittags anliefern")
    line = ExtractedLine(line_no=1, description=" ".join(lines))
    assert split_glued_notes([line], [[_cell(*lines)]]) == (["Nur vormittags anliefern"], [])
    assert line.description == "Kopierpapier A4 80 g, 500 Blatt"


def test_a_condition_of_the_delivery_with_no_time_holds() -> None:
    lines = ("Kopierpapier A4 80 g", "Nur an Werktagen liefern")
    line = ExtractedLine(line_no=1, description=" ".join(lines))
    notes, problems = split_glued_notes([line], [[_cell(*lines)]])
    assert notes == [] and [p.code for p in problems] == [NOTE_IN_LINE]


@pytest.mark.parametrize("text", ["EXPRESSE", "ABHOLUNG", "URGENTES"])
def test_a_word_in_capitals_is_no_bank_code(text) -> None:
    """D4: a BIC alone is furniture only when it has a digit, or after a bank label or a footer."""
    assert _carried(text) == [text]


def test_a_bic_of_letters_after_a_bank_label_is_furniture() -> None:
    assert _carried("IBAN: DE89 3704 0044 0532 0130 00", "COBADEFFXXX", "EXPRESSE") == ["EXPRESSE"]
    assert _carried("AIBKIE2D") == []


SAID_NOTHING = ["À l'attention du Service commercial", "Veuillez trouver ci-dessous notre commande, à livrer selon vos "
                "conditions habituelles.", "Ihr Ansprechpartner: Frau Roth", "Hiermit bestellen wir zu Ihren allgemeinen "
                "Geschäftsbedingungen:", "Thank you for shopping with us!", "Your order has been received and is now "
                "being processed.", "Buyer: J. Carter", "Service commercial", "z. Hd. Frau Schneider",
                "Please find attached our purchase order", "Votre commande a bien été enregistrée."]
SAYS_SOMETHING = ["À l'attention du chauffeur : sonner au portail", "Contact on site: Hr. Weber, call before delivery",
                  "Thank you for delivering before 9am", "Ansprechpartner vor Ort: Herr Weber", "Attention fragile",
                  "Bitte Lieferschein beilegen", "Your order must arrive by Friday", "Forklift required on delivery",
                  "Attn: driver, use rear gate"]


@pytest.mark.parametrize("text", SAID_NOTHING)
def test_an_addressee_a_contact_an_opening_a_shop_s_thanks_and_a_department_are_no_notes(text) -> None:
    """D5."""
    assert _carried(text) == []


@pytest.mark.parametrize("text", SAYS_SOMETHING)
def test_their_near_misses_that_say_something_stay_notes(text) -> None:
    assert _carried(text) == [text]
