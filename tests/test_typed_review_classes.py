"""Typed e-mail orders of the reviewer's classes, with inputs made here in English, French and German: a number
ending a discount or charge row that is no amount (an account, a contract, a gate, a week) is no money and holds.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from extractors.base import ExtractHints
from extractors.mail.body_text import EXTRACTOR


def read(body: str):
    got = EXTRACTOR.extract(body.encode(), ExtractHints(content_type="text/plain"))
    return got.orders[0] if got.orders else None


def lines(order) -> list[tuple]:
    return [(ln.customer_item, ln.quantity) for ln in order.lines]


def codes(order) -> list[str]:
    return [p.code for p in order.problems]


ITEMS = "- 3 x KB-2210\n- 1 x KB-2211\n"


@pytest.mark.parametrize("row", [
    "Carriage account no. 88231",
    "Discount voucher WINTER 15",
    "Frais de port compte client 702233",
    "Remise selon contrat n° 5512",
    "Livraison quai 7",
    "Versandkosten laut Kundenkonto 449120",
    "Rabatt laut Rahmenvertrag 3310",
    "Lieferung an Tor 12",
    "Shipping 15",  # a bare integer is no amount either
])
def test_a_number_on_a_charge_row_that_is_no_amount_is_no_money_and_holds(row):
    order = read(f"PO 7301\n\n{ITEMS}\n{row}\n\nThanks\n")
    assert lines(order) == [("KB-2210", Decimal(3)), ("KB-2211", Decimal(1))]
    assert order.allowances == [] and ("LINE-UNREAD" in codes(order) or row in order.notes)  # never vanishes


@pytest.mark.parametrize("row, want", [
    ("Freight 12.50", ("charge", Decimal("12.50"))),
    ("Frais de port 9 €", ("charge", Decimal("9"))),
    ("Versandkosten 7,50", ("charge", Decimal("7.50"))),
    ("Rabatt -5,00 EUR", ("allowance", Decimal("5.00"))),
])
def test_a_charge_row_with_money_is_still_carried(row, want):
    order = read(f"PO 7302\n\n{ITEMS}\n{row}\n\nThanks\n")
    assert [(a.kind, a.amount) for a in order.allowances] == [want]


@pytest.mark.parametrize("ask, code", [
    ("Would you send us a quotation for the following parts, ref 7303?", "PRICE-REQUEST"),
    ("Can you please send a pro forma invoice for these items (PO 7303)?", "PRICE-REQUEST"),
    ("Could you ship us two samples of each item below?", "QUESTION-TYPED"),
    ("Pourriez-vous nous faire parvenir une offre pour les articles suivants ?", "QUESTION-TYPED"),
    ("Pouvez-vous nous envoyer des échantillons des articles ci-dessous ?", "QUESTION-TYPED"),
    ("Könnten Sie uns einen Kostenvoranschlag für folgende Positionen schicken?", "PRICE-REQUEST"),
    ("Würden Sie uns bitte Muster der unten stehenden Artikel senden?", "QUESTION-TYPED"),
])
def test_a_polite_request_for_a_quote_proforma_or_samples_is_no_order(ask, code):
    for body in (f"Hello,\n\n{ask}\n\n{ITEMS}\nThanks\n", f"Hello,\n\n{ITEMS}\n{ask}\n\nThanks\n"):
        order = read(body)
        if order is None:  # a request for a quotation with no PO: no order, a person answers it (issue 17)
            got = EXTRACTOR.extract(body.encode(), ExtractHints(content_type="text/plain"))
            assert [p.code for p in got.problems] == ["QUOTE-REQUEST"], body
            continue
        assert code in codes(order) or "LINE-UNREAD" in codes(order), (body, codes(order))  # held, quoted


@pytest.mark.parametrize("ask", [
    "Do you have these in stock?",
    "Is delivery by 18/12/2026 possible for these?",
    "Can you ship the parts below, or are they on back order?",
    "Ces articles sont-ils disponibles ?",
    "Livraison avant le 18/12/2026 possible ?",
    "Sind diese Artikel vorrätig?",
    "Lieferung bis 18.12.2026 machbar?",
])
def test_a_question_right_above_the_items_holds_as_it_does_below_them(ask):
    above, below = read(f"PO 7304\n\n{ask}\n{ITEMS}\nThanks\n"), read(f"PO 7304\n\n{ITEMS}\n{ask}\n\nThanks\n")
    assert lines(above) == [("KB-2210", Decimal(3)), ("KB-2211", Decimal(1))]
    assert {"QUESTION-TYPED", "PRICE-REQUEST"} & set(codes(above)), codes(above)
    assert {"QUESTION-TYPED", "PRICE-REQUEST"} & set(codes(below)), codes(below)


@pytest.mark.parametrize("intro", [
    "Please send us the following:",
    "Could you deliver the items below on PO 7305?",
    "Merci de nous livrer les articles suivants :",
    "Pourriez-vous nous expédier ce qui suit ?",
    "Bitte liefern Sie uns folgende Artikel:",
    "Könnten Sie uns bitte Folgendes zusenden?",
])
def test_an_introduction_to_the_items_still_asks_nothing(intro):
    order = read(f"PO 7305\n\n{intro}\n{ITEMS}\nThanks\n")
    assert lines(order) == [("KB-2210", Decimal(3)), ("KB-2211", Decimal(1))] and codes(order) == []


@pytest.mark.parametrize("said", [
    "We cannot accept partial deliveries.",
    "Please don't split this shipment into partial deliveries.",
    "Ship complete only, no back orders please.",
    "Merci de ne pas livrer partiellement.",
    "Les livraisons partielles ne sont pas acceptées.",
    "Teillieferungen werden nicht akzeptiert.",
    "Bitte nur in einer Lieferung.",
    "Eine Teillieferung ist für uns leider nicht möglich.",
])
def test_partial_deliveries_refused_any_way_wait_as_a_condition(said):
    order = read(f"PO 7306\n\n{ITEMS}\n{said}\n\nThanks\n")
    assert lines(order) == [("KB-2210", Decimal(3)), ("KB-2211", Decimal(1))] and "QUESTION-TYPED" in codes(order)


@pytest.mark.parametrize("said", [
    "Partial shipments are fine.",
    "Livraisons partielles acceptées.",
    "Teillieferung möglich.",
])
def test_partial_deliveries_plainly_allowed_are_a_note(said):
    order = read(f"PO 7307\n\n{ITEMS}\n{said}\n\nThanks\n")
    assert "QUESTION-TYPED" not in codes(order) and (said in order.notes or "LINE-UNREAD" in codes(order))


@pytest.mark.parametrize("line", [
    "- 2 x KB-2210 Replacement filter cartridge",
    "- 2 x KB-2210 Free-flow nozzle",
    "- 2 x KB-2210 Contact relay N/C 230V",
    "- 2 x KB-2210 Pièces de remplacement pour agrafeuse",
    "- 2 x KB-2210 Échantillonneur manuel",
    "- 2 x KB-2210 Ersatzklingen für Cutter",
    "- 2 x KB-2210 Musterbuch Stoffe",
    "- 2 x KB-2210 Muster-Klemmbrett A4",
])
def test_a_product_name_with_a_sample_or_replacement_word_is_billed_as_ordered(line):
    order = read(f"PO 7308\n\n{line}\n\nThanks\n")
    assert len(order.lines) == 1 and "CHARGE-FREE-TYPED" not in codes(order), codes(order)


@pytest.mark.parametrize("line", [
    "- 1 x KB-2210 (sample)",
    "- 1 x KB-2210 free, replacement for the damaged one",
    "- 1 x KB-2210 - n/c",
    "- 1 x KB-2210 en remplacement de l'article cassé",
    "- 1 x KB-2210 (échantillon)",
    "- 1 x KB-2210 à titre gracieux",
    "- 1 Stk KB-2210 (Muster)",
    "- 1 Stk KB-2210 als Ersatz für die beschädigte Lieferung",
])
def test_a_line_marked_not_to_be_billed_by_a_billing_phrase_still_waits(line):
    order = read(f"PO 7309\n\n{line}\n\nThanks\n")
    assert len(order.lines) == 1 and "CHARGE-FREE-TYPED" in codes(order), codes(order)


@pytest.mark.parametrize("text", [
    "Lampe LX-40, Ersatzlieferung",
    "Ersatz-Lieferung für Auftrag 4411",
    "Nachlieferung (kostenlos)",
    "lamp LX-40 - replacement delivery",
    "Replacement shipment for PO 5512",
    "lampe LX-40, livraison de remplacement",
])
def test_a_replacement_delivery_is_a_billing_mark(text):
    from extractors.typed_remarks import not_billed
    assert not_billed(text) is not None


@pytest.mark.parametrize("text", [
    "Ersatzminen 0,5 mm HB", "Ersatzteillieferung Pumpe P-20", "Replacement blades 18 mm",
    "Lames de remplacement 18 mm", "Nachlieferung Rest aus Auftrag 4411", "Delivery replacement schedule",
])
def test_a_product_or_delivery_word_without_a_billing_mark_is_billed(text):
    from extractors.typed_remarks import not_billed
    assert not_billed(text) is None


def _packs(description: str, catalogue: str, uom: str = "EA", pack_size: Decimal | None = None) -> list[str]:
    from gateway.model import ExtractedLine, ExtractedOrder
    from gateway.reference.masterdata import MasterData, ProductRecord
    from gateway.stages.typed_packs import check_typed_packs
    md = MasterData(products={"RV-77": ProductRecord(sku="RV-77", description=catalogue, uom=uom, pack_size=pack_size)})
    order = ExtractedOrder(lines=[ExtractedLine(supplier_item="RV-77", description=description, quantity=Decimal(2))])
    return [p.code for p in check_typed_packs(order, md, None)]


@pytest.mark.parametrize("typed, catalogue", [
    ("Screwdriver bit set of 32", "Screwdriver bit set of 32, magnetic"),
    ("Lot de 12 crayons graphite", "Lot de 12 crayons graphite HB"),
    ("Schraubendreher-Set mit 6 Bits", "Schraubendreher-Set mit 6 Bits"),
    ("Hefter-Set mit 6 Klammerpackungen", "Hefter-Set mit 6 Klammerpackungen"),
])
def test_a_pack_phrase_the_catalogue_already_states_is_no_question(typed, catalogue):
    assert _packs(typed, catalogue) == []


@pytest.mark.parametrize("typed, catalogue, uom", [
    ("Screwdriver bits, box of 10", "Screwdriver bit PH2", "EA"),
    ("Crayons graphite, boîte de 12", "Crayon graphite HB", "EA"),
    ("Haftnotizen gelb, 12 Blöcke je Packung", "Haftnotizen gelb", "PK"),  # a pack whose content nobody states
    ("Bit set of 32", "Bit set of 16", "SET"),  # the catalogue states another size
])
def test_a_pack_phrase_the_catalogue_does_not_state_still_waits(typed, catalogue, uom):
    assert _packs(typed, catalogue, uom) == ["PACK-SIZE-TYPED"]


def _html_order(head: str, rows: list[tuple[str, str, str]], close: str) -> str:
    cells = "".join(f"<tr><td>{q}</td><td>{c}</td><td>{d}</td></tr>" for q, c, d in rows)
    return f"<p>{head}</p><table><tr><th>Qty</th><th>Item</th><th>Description</th></tr>{cells}</table><p>{close}</p>"


@pytest.mark.parametrize("html", [
    _html_order("PO 7310", [("4", "KB-2210", "Toner"), ("<s>2</s>", "<s>KB-2211</s>", "<s>Drum</s>")], "Thanks"),
    _html_order("Commande 7310", [("4", "KB-2210", "Toner"), ("<del>2</del>", "<del>KB-2211</del>", "<del>Tambour</del>")],
                "Cordialement"),
    _html_order("Bestellung 7310", [("4", "KB-2210", "Toner"),
                                    ('<span style="text-decoration: line-through">2</span>',
                                     '<span style="text-decoration: line-through">KB-2211</span>', "Trommel")], "Gruß"),
    "<p>Bestellung 7310</p><table><tr><th>Menge</th><th>Artikel</th></tr><tr><td>4</td><td>KB-2210</td></tr>"
    '<tr style="text-decoration:line-through"><td>2</td><td>KB-2211</td></tr></table><p>Gruß</p>',
    "<p>PO 7310</p><p>4 x KB-2210</p><p><strike>2 x KB-2211</strike></p><p>Thanks</p>",
])
def test_a_line_struck_through_in_an_html_mail_is_named_and_held(html):
    from extractors.mail.html_text import html_to_text
    order = read(html_to_text(html))
    assert [c for c, _q in lines(order)] == ["KB-2210", "KB-2211"]
    struck = [p for p in order.problems if p.code == "LINE-STRUCK"]
    assert [p.element for p in struck] == ["lines[2]"], [p.message for p in struck]


def test_an_html_mail_with_nothing_struck_has_no_marks():
    from extractors.mail.html_text import html_to_text
    text = html_to_text(_html_order("PO 7311", [("4", "KB-2210", "<b>Toner</b>")], "Thanks"))
    assert "\ue000" not in text and "LINE-STRUCK" not in codes(read(text))


def test_a_struck_line_in_the_html_alternative_of_a_mail_is_named_through_the_email_reader():
    from email.message import EmailMessage

    from extractors.mail.email import EXTRACTOR as EMAIL
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "buyer@example.com", "orders@example.com", "Bestellung 7312"
    message.set_content("Bestellung 7312\n\n4 KB-2210 Toner\n2 KB-2211 Trommel\n\nGruß\n")  # the plain part lost it
    message.add_alternative(_html_order("Bestellung 7312", [("4", "KB-2210", "Toner"),
                                                            ("<s>2</s>", "<s>KB-2211</s>", "<s>Trommel</s>")], "Gruß"),
                            subtype="html")
    got = EMAIL.extract(message.as_bytes(), ExtractHints(content_type="message/rfc822"))
    body = next(c for c in got.children if c.data and b"KB-2211" in c.data)
    order = EXTRACTOR.extract(body.data, ExtractHints(content_type="text/plain")).orders[0]
    assert [p.element for p in order.problems if p.code == "LINE-STRUCK"] == ["lines[2]"]


@pytest.mark.parametrize("sentence", [
    "Please deliver to our Glasgow site this time, not Edinburgh.",
    "Bitte an unsere Filiale Köln liefern.",
    "Bitte liefern Sie an unser Lager in Bremen.",
    "Merci de livrer à notre dépôt de Lyon cette fois.",
])
def test_another_site_named_without_its_address_waits(sentence):
    """An outside trial's order went to the address on file while the customer named another site."""
    from extractors.typed_remarks import other_place, remark
    from extractors.locale_values import fold
    assert other_place(fold(sentence))
    problem = remark(sentence)
    assert problem is not None and (problem.code, problem.element) == ("SHIP-TO-UNSURE", "ship_to")


@pytest.mark.parametrize("sentence", [
    "Please deliver to our warehouse as usual.",
    "Bitte wie immer an unser Lager liefern.",
    "Merci de livrer à notre dépôt comme d'habitude.",
])
def test_the_usual_site_is_no_other_place(sentence):
    """Review R36: "as usual" names the address on file."""
    from extractors.typed_remarks import remark
    problem = remark(sentence)
    assert problem is None or problem.code != "SHIP-TO-UNSURE"
