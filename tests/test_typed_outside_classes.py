"""Typed e-mail orders of the outside trials' classes, with inputs made here in English, French and German:
a polite request that is an order ("Could you arrange the items below on PO 4711?") is no question; dash-separated
lines ("Qty 5 - TN-2420 - Toner", "5 - TN-2420 - Toner black", "TN-2420 - Toner - 5"); closing words
("Meilleures salutations,", "Best,", "Herzliche Grüße") end the order; through ``gateway extract`` and the
running server.
"""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from extractors.base import ExtractHints
from extractors.mail.body_text import EXTRACTOR
from testkit.trust_corpus import CUSTOMERS, trust_config

FR, IE, US, DE = CUSTOMERS
DUE = date.today() + timedelta(days=12)


def read(body: str):
    got = EXTRACTOR.extract(body.encode(), ExtractHints(content_type="text/plain"))
    return got.orders[0] if got.orders else None


def lines(order) -> list[tuple]:
    return [(ln.customer_item, ln.quantity) for ln in order.lines]


def codes(order) -> list[str]:
    return [p.code for p in order.problems]


@pytest.fixture(scope="module")
def config_path(tmp_path_factory) -> Path:
    return trust_config(tmp_path_factory.mktemp("outside"))


@pytest.mark.parametrize("ask", [
    "Could you arrange the items below on PO 5120?",
    "Hi Sam, could you please process the following for PO 5120?",
    "Pourriez-vous nous préparer les articles ci-dessous pour la commande 5120 ?",
    "Pouvez-vous nous expédier ce qui suit, commande 5120 ?",
    "Könnten Sie uns bitte die folgenden Artikel zur Bestellung 5120 zusenden?",
    "Würden Sie uns bitte Folgendes liefern (Bestellung 5120)?",
])
def test_a_polite_request_to_order_is_no_question(ask):
    order = read(f"{ask}\n\n- 4 x KB-2210\n- 2 x KB-2211\n\nThanks\n")
    assert lines(order) == [("KB-2210", Decimal(4)), ("KB-2211", Decimal(2))] and "QUESTION-TYPED" not in codes(order)


@pytest.mark.parametrize("ask", [
    "Could you tell me whether KB-2210 is in stock?",
    "Could you send the items below only if all are available?",
    "Pourriez-vous nous livrer, et à quel prix ?",
    "Pouvez-vous nous dire quand vous pourrez livrer ?",
    "Könnten Sie uns mitteilen, wann Sie liefern können?",
    "Können Sie prüfen, ob KB-2210 lieferbar ist?",
])
def test_a_real_question_beside_the_items_still_holds(ask):
    order = read(f"PO 5121\n\n- 4 x KB-2210\n\n{ask}\n\nThanks\n")
    assert {"QUESTION-TYPED", "PRICE-REQUEST"} & set(codes(order))


@pytest.mark.parametrize("line, want", [
    ("Qty 5 - KB-2210 - Toner black", ("KB-2210", Decimal(5))),
    ("Qté 3 - KB-2210 - Cartouche noire", ("KB-2210", Decimal(3))),
    ("Menge 7 – KB-2210 – Trommel", ("KB-2210", Decimal(7))),
    ("5 - KB-2210 - Toner black", ("KB-2210", Decimal(5))),
    ("12 Stk - KB-2210 - Toner schwarz", ("KB-2210", Decimal(12))),
    ("KB-2210 - 5 pcs", ("KB-2210", Decimal(5))),
    ("KB-2210 - Toner noir - 6", ("KB-2210", Decimal(6))),
    ("KB-2210 - Toner schwarz - Menge 2", ("KB-2210", Decimal(2))),
])
def test_dash_separated_lines_are_read(line, want):
    order = read(f"PO 5122\n\n{line}\n\nRegards\n")
    assert lines(order) == [want] and codes(order) == []


@pytest.mark.parametrize("line", [
    "4711 - KB-2210 - Toner",  # the customer's own code and ours: no count
    "KB-2210 - Toner - 12,50",  # a price, never a quantity
    "1 - KB-2210 - Toner - 4 pcs",  # a position and a count
])
def test_a_dash_line_with_no_sure_count_is_unread_not_guessed(line):
    order = read(f"PO 5123\n\n{line}\n- 2 x KB-2211\n\nRegards\n")
    assert ("KB-2210" not in [ln.customer_item for ln in order.lines]) and "LINE-UNREAD" in codes(order)


@pytest.mark.parametrize("closing", [
    "Meilleures salutations,", "Sincères salutations", "Avec nos meilleures salutations,", "Très cordialement",
    "Best,", "All the best,", "Warm regards,", "With thanks,",
    "Herzliche Grüße", "Beste Grüße", "Schöne Grüße aus Hamburg",
])
def test_closing_words_end_the_order(closing):
    order = read(f"PO 5124\n\n- 3 x KB-2210\n\n{closing}\nRenate Vogel\nEinkauf / Achats\n")
    assert lines(order) == [("KB-2210", Decimal(3))] and codes(order) == []


def test_a_polite_request_with_dash_lines_goes_out_through_gateway_extract(config_path, tmp_path):
    from tests.test_trust import typed
    body = (f"Bonjour,\n\nPourriez-vous nous faire parvenir les articles ci-dessous, commande CMD-8120 ?\n\n"
            f"Qté 4 - TP-1002 - Agrafeuse\n2 - TP-1006 - Notes repositionnables\n\n"
            f"Livraison le {DUE.strftime('%d/%m/%Y')}\n\nMeilleures salutations,\nLouise Arnaud\n")
    (got,) = typed(config_path, FR, body, tmp_path, cli=True)
    assert got["status"] == "ready", got["issues"]
    assert [(ln["sku"], ln["quantity"]) for ln in got["lines"]] == [("TP-1002", "4"), ("TP-1006", "2")]


async def test_a_polite_german_request_with_dash_lines_is_delivered_over_smtp(tmp_path):
    from datetime import datetime, timezone
    from email.utils import format_datetime

    from testkit.harness import running_gateway, write_config
    from testkit.trust_corpus import write_master
    from tests.smtp_helpers import ORDERS_TO, message, send
    from tests.test_mail_smtp_classes import settled
    master = tmp_path / "master"
    write_master(master)
    config = write_config(tmp_path / "gw", {
        "smtp": {"enabled": True, "port": 0, "tls_cert": tmp_path / "tls.crt", "tls_key": tmp_path / "tls.key",
                 "recipients": [ORDERS_TO]},
        "decide": {"rules": {"conversions_file": master / "unit_conversions.toml"}, "anomalies": {"enabled": False}},
    }, master_data=master)
    body = (f"Guten Tag,\n\nkönnten Sie uns bitte die folgenden Artikel zur Bestellung 4502210 liefern?\n\n"
            f"Menge 3 - TP-1002 - Hefter\n2 - TP-1006 - Haftnotizen\n\nLiefertermin {DUE.strftime('%d.%m.%Y')}\n\n"
            f"Herzliche Grüße\nRenate Vogel\nEinkauf\n")
    async with running_gateway(config) as gw:
        msg = message(DE.email, "Bestellung 4502210", body)
        msg["Date"] = format_datetime(datetime.now(timezone.utc))
        code, reply = await asyncio.to_thread(send, gw.ports["smtp"], msg)
        assert code == 250, reply
        (order,) = await settled(gw, 1)
    assert order.status.value == "delivered", [(i.code, i.message) for i in order.issues]
    assert [(ln.sku, ln.quantity) for ln in order.lines] == [("TP-1002", Decimal(3)), ("TP-1006", Decimal(2))]


@pytest.mark.parametrize("said", [
    "Zustellung bis 18. Dezember", "Wir benötigen die Ware bis 18.12.", "Lieferung bitte bis zum 18.12.",
    "à livrer pour le 18 décembre", "Merci de livrer au plus tard le 18/12", "nous en avons besoin pour le 18 décembre",
    "needed by Dec 18th", "We need these by Friday 18th December", "Please deliver no later than 18 December",
    "must arrive by December 18",
])
def test_a_requested_delivery_phrasing_gives_the_date(said):
    body = f"Date: Mon, 07 Dec 2026 09:00:00 +0000\n\nPO 5130\n\n- 3 x KB-2210\n\n{said}\n\nDanke\n"
    got = EXTRACTOR.extract(body.encode(), ExtractHints(content_type="text/plain", locale="de_DE")).orders[0]
    assert got.requested_delivery_date == date(2026, 12, 18) and codes(got) == []


@pytest.mark.parametrize("block, contact, street", [
    ("Ship to:\nDublin Office Supplies Ltd\nAttn: Niamh Walsh\nUnit 7, Cherry Orchard Industrial Estate\nDublin 10",
     "Niamh Walsh", "Unit 7, Cherry Orchard Industrial Estate"),
    ("Deliver to:\nKeystone Supply Inc\n200 Front St\nAttention: Dock 4\nHarrisburg, PA 17101", "Dock 4", "200 Front St"),
    ("Ship to: Keystone Supply Inc, ATTN: Receiving, 200 Front St, Harrisburg, PA 17101", "Receiving", "200 Front St"),
    ("Lieferadresse:\nHansa Bürotechnik GmbH\nz. Hd. Frau Ingrid Roth\nAm Sandtorkai 3\n20457 Hamburg",
     "Frau Ingrid Roth", "Am Sandtorkai 3"),
    ("Lieferanschrift:\nHansa Bürotechnik GmbH\nzu Händen von Herrn Jens Ott\nKehrwieder 2\n20457 Hamburg",
     "Herrn Jens Ott", "Kehrwieder 2"),
    ("Adresse de livraison :\nPapeterie Lenoir SARL\nÀ l'attention de Mme Élise Faure\n8 quai Perrache\n69002 Lyon",
     "Mme Élise Faure", "8 quai Perrache"),
    ("Livrer à :\nPapeterie Lenoir SARL\nA l'att. de M. Blanc\n8 quai Perrache\n69002 Lyon", "M. Blanc", "8 quai Perrache"),
])
def test_an_attention_line_in_a_ship_to_block_is_its_contact(block, contact, street):
    order = read(f"PO 5140\n\n- 3 x KB-2210\n\n{block}\n\nThanks\n")
    (party,) = [p for p in order.parties if p.role == "ship_to"]
    assert (party.contact, party.street) == (contact, street) and codes(order) == []


def test_a_ship_to_contact_reaches_the_erp_order_through_gateway_extract(config_path, tmp_path):
    from tests.test_trust import typed
    body = (f"Bestellung 4505140\nLiefertermin {DUE.strftime('%d.%m.%Y')}\n\n- 2 x TP-1001\n\nLieferadresse:\n"
            f"Hansa Bürotechnik GmbH\nz. Hd. Frau Ingrid Roth\nAm Sandtorkai 3\n20457 Hamburg\n\nMit freundlichen Grüßen\n")
    (got,) = typed(config_path, DE, body, tmp_path, cli=True)
    assert got["ship_to"]["contact"] == "Frau Ingrid Roth" and got["ship_to"]["street"] == "Am Sandtorkai 3"
    assert "LINE-UNREAD" not in {i["code"] for i in got["issues"]}


@pytest.mark.parametrize("table, want", [
    ("Our Item No.   Your Item No.   Description   Qty\nBW-310         KB-2210         Toner         4\n",
     ("BW-310", "KB-2210", Decimal(4))),
    ("Qty\tYour SKU\tDescription\n4\tKB-2210\tToner\n", (None, "KB-2210", Decimal(4))),
    ("Unsere Art.-Nr.  Ihre Art.-Nr.  Bezeichnung  Menge\n100-220          KB-2210        Toner        6\n",
     ("100-220", "KB-2210", Decimal(6))),
    ("Notre réf.   Votre réf.   Désignation   Qté\nLEN-88       KB-2210      Toner         2\n",
     ("LEN-88", "KB-2210", Decimal(2))),
])
def test_a_column_titled_your_item_no_is_the_suppliers_code(table, want):
    order = read(f"PO 5150\n\n{table}\nThanks\n")
    (line,) = order.lines
    assert (line.customer_item, line.supplier_item, line.quantity) == want and codes(order) == []


@pytest.mark.parametrize("typed, want", [
    ("Votre réf. KB-2210 - notre réf. LEN-88 - quantité 6", ("LEN-88", "KB-2210", Decimal(6))),
    ("Ihre Art.-Nr. KB-2210: 5 Stück", (None, "KB-2210", Decimal(5))),
    ("Our item no. BW-310, your item no. KB-2210, qty 4", ("BW-310", "KB-2210", Decimal(4))),
    ("Unsere Art.-Nr. 100-220 / Ihre Art.-Nr. KB-2210: 5 Stück", ("100-220", "KB-2210", Decimal(5))),
])
def test_a_label_saying_your_item_names_the_suppliers_code(typed, want):
    order = read(f"PO 5151\n\n{typed}\n\nThanks\n")
    (line,) = order.lines
    assert (line.customer_item, line.supplier_item, line.quantity) == want and codes(order) == []


def test_our_code_under_your_item_no_finds_the_product_through_gateway_extract(config_path, tmp_path):
    from tests.test_trust import typed
    body = (f"PO 88150\nDeliver by {DUE.strftime('%d/%m/%Y')}\n\nOur Item No.   Your Item No.   Description   Qty\n"
            f"DOS-771        TP-1002         Stapler       4\nDOS-772        TP-1001         Desk lamp     2\n\nThanks\n")
    (got,) = typed(config_path, IE, body, tmp_path, cli=True)
    assert [(ln["sku"], ln["customer_item"], ln["supplier_item"], ln["quantity"]) for ln in got["lines"]] == [
        ("TP-1002", "DOS-771", "TP-1002", "4"), ("TP-1001", "DOS-772", "TP-1001", "2")]
    assert got["status"] == "ready", got["issues"]


ZOHO = ("Purchase Order: PO-5160\nDelivery Date: {due}\n\nItem               Qty   Rate    Amount\n"
        "TP-1002 Stapler     10   12.00   120.00\nTP-1001 Desk lamp    5   19.90    99.50\n\n"
        "Sub Total {sub}\nDiscount(5%) (-) 10.98\nShipping Charge 15.00\nAdjustment -0.52\nTotal ${total}\n\nThanks\nBob\n")


@pytest.mark.parametrize("rows, want", [
    ("Sub Total 219.50\nDiscount(5%) (-) 10.98\nShipping Charge 15.00\nAdjustment -0.52\nTotal $223.00",
     [("allowance", Decimal("10.98")), ("charge", Decimal("15.00")), ("allowance", Decimal("0.52"))]),
    ("Sous-total 219,50\nRemise (5 %) -10,98\nFrais de port 15,00\nTotal 223,52 €",
     [("allowance", Decimal("10.98")), ("charge", Decimal("15.00"))]),
    ("Zwischensumme 219,50\nRabatt 5 % 10,98\nVersandkosten: 15,00 €\nGesamt 223,52 EUR",
     [("allowance", Decimal("10.98")), ("charge", Decimal("15.00"))]),
])
def test_order_discounts_and_charges_typed_under_the_items_are_carried(rows, want):
    order = read(f"PO 5160\n\nQty   Item      Description   Price\n10    KB-2210   Toner         12.00\n"
                 f"5     KB-2211   Drum          19.90\n\n{rows}\n\nThanks\n")
    assert [(a.kind, a.amount) for a in order.allowances] == want and codes(order) == []
    assert order.total is not None


@pytest.mark.parametrize("rows", [
    "Sub Total 229.50\nShipping Charge 15.00\nTotal 244.50",  # a sub-total the lines do not give
    "Sub Total 219.50\nDiscount(10%) (-) 10.98\nTotal 208.52",  # a discount not its percentage of the lines
])
def test_a_totals_block_the_lines_do_not_give_holds(rows):
    order = read(f"PO 5161\n\nQty   Item      Description   Price\n10    KB-2210   Toner         12.00\n"
                 f"5     KB-2211   Drum          19.90\n\n{rows}\n\nThanks\n")
    assert "TOTAL-MISMATCH" in codes(order)


@pytest.mark.parametrize("total, status", [("223.00", "ready"), ("243.00", "review")])
def test_a_zoho_totals_block_is_checked_against_the_total_through_gateway_extract(config_path, tmp_path, total, status):
    from tests.test_trust import typed
    body = ZOHO.format(due=f"{DUE.month:02d}/{DUE.day:02d}/{DUE.year}", sub="219.50", total=total)
    (got,) = typed(config_path, US, body, tmp_path, cli=True)
    assert got["status"] == status, got["issues"]
    assert [(a["kind"], a["amount"]) for a in got["allowances"]] == [
        ("allowance", "10.98"), ("charge", "15.00"), ("allowance", "0.52")]
    assert [(ln["sku"], ln["unit_price"]) for ln in got["lines"]] == [("TP-1002", "12.00"), ("TP-1001", "19.90")]
    assert status == "ready" or "TOTAL-MISMATCH" in {i["code"] for i in got["issues"]}


@pytest.mark.parametrize("line, want", [
    ("KB-2210 (x2)", ("KB-2210", Decimal(2))), ("KB-2210 2x", ("KB-2210", Decimal(2))),
    ("KB-2210 Toner noir (x 3)", ("KB-2210", Decimal(3))), ("KB-2210 Toner schwarz 4x", ("KB-2210", Decimal(4))),
])
def test_a_count_with_the_times_sign_after_it_is_read(line, want):
    order = read(f"PO 5170\n\n{line}\n\nThanks\n")
    assert lines(order) == [want] and codes(order) == []


@pytest.mark.parametrize("table, want", [
    ("Quantity\tItem Number\tItem Description\tUOM\tUnit Cost\tExtended Cost\n4\tKB-2210\tToner\tEA\t$12.00\t$48.00",
     ("KB-2210", Decimal(4), "EA", Decimal("12.00"))),
    ("Bestellmenge\tArt.-Nr.\tArtikeltext\tMengeneinheit\n6\tKB-2210\tToner\tKarton", ("KB-2210", Decimal(6), "Karton", None)),
    ("Qté commandée\tCode article\tDésignation\tPrix net\n3\tKB-2210\tToner\t12,00 €", ("KB-2210", Decimal(3), None, Decimal("12.00"))),
])
def test_a_table_copied_from_a_spreadsheet_with_tabs_is_read_by_its_titles(table, want):
    order = read(f"PO 5171\n\n{table}\n\nThanks\n")
    assert [(ln.customer_item, ln.quantity, ln.uom, ln.unit_price) for ln in order.lines] == [want] and codes(order) == []


def test_a_count_in_brackets_before_the_item_is_its_quantity():
    order = read("PO 5180\n\n(3) KB-2210 toners\n(2) KB-2211 drums\n\nBest,\nMark\n")
    assert lines(order) == [("KB-2210", Decimal(3)), ("KB-2211", Decimal(2))] and codes(order) == []
    assert all(ln.confidence["quantity"] < 0.9 for ln in order.lines)  # a person or the product's name confirms


def test_bracketed_numbers_running_one_two_three_are_a_list_not_counts():
    order = read("PO 5181\n\n(1) KB-2210 toner\n(2) KB-2211 drum\n(3) KB-2212 fuser\n\nThanks\n")
    assert order.lines == [] and codes(order).count("LINE-UNREAD") == 3


@pytest.mark.parametrize("intro", ["anbei unsere Bestellung Nr. 4505190:", "ci-joint notre commande n° 5190 :",
                                   "Attached is our order 5190 as follows:"])
def test_attached_over_the_items_typed_below_it_is_no_missing_attachment(intro):
    body = f"X-Attachments: none\n\n{intro}\n\n- 4 x KB-2210\n- 2 x KB-2211\n\nThx\n"
    order = read(body)
    assert "ATTACHMENT-MISSING" not in codes(order) and len(order.lines) == 2 and "LINE-UNREAD" not in codes(order)


def test_a_pdf_said_to_be_attached_is_still_missing():
    order = read("X-Attachments: none\n\nanbei unsere Bestellung 4505191 als PDF:\n\n- 4 x KB-2210\n\nGruß\n")
    assert "ATTACHMENT-MISSING" in codes(order)


@pytest.mark.parametrize("body", [
    "po PL-55018\nhlm-w x 6\ntl-200 x 2\nneed by 12/23/2026\n",
    "po PL-55020\n\nhlm-w x 6\ntl-200 x 2\n",
    "Bestellung 4505200\n\n6 x hlm-w\ntl-200 x 2\n",
])
def test_a_lower_case_code_with_the_times_sign_is_read_as_the_first_line(body):
    order = read(body)
    assert [(ln.customer_item.upper(), ln.quantity) for ln in order.lines] == [("HLM-W", 6), ("TL-200", 2)]


@pytest.mark.parametrize("first", ["6 hlm-w", "hlm-w in blue x 6 pls", "hlm-w, x 6 (see photo 2)", "hlm-w x 6 / 7", "HLM-W1 x 6 - 8"])
def test_a_line_right_above_the_first_item_with_a_count_and_a_code_never_vanishes(first):
    order = read(f"PO KB-5210\n{first}\nTP-1002 x 3\n")
    assert [ln.customer_item for ln in order.lines] == ["TP-1002"] and "LINE-UNREAD" in codes(order)


def test_lower_case_codes_reach_the_erp_in_capitals_through_gateway_extract(config_path, tmp_path):
    from tests.test_trust import typed
    body = f"po QK-5501\n\ntp-1006 x 6\ntp-1002 x 2\nneed by {DUE.strftime('%d/%m/%Y')}\n\nthx\n"
    (got,) = typed(config_path, IE, body, tmp_path, cli=True)
    assert [(ln["sku"], ln["quantity"]) for ln in got["lines"]] == [("TP-1006", "6"), ("TP-1002", "2")]
    assert got["status"] == "ready", got["issues"]


FORWARDS = [
    ("FYI, please enter.\n\n---------- Forwarded message ---------\nFrom: Jo Baker <jo@greatlakes.example>\n"
     "Date: Wed, Dec 2, 2026 at 9:14 AM\nSubject: PO 77128\nTo: Sam <sam@ours.example>\n\n", date(2026, 12, 2)),
    ("Please enter.\n\n________________________________\nFrom: Jo Baker <jo@greatlakes.example>\n"
     "Sent: Tuesday, December 1, 2026 3:12 PM\nTo: Sam Reed\nSubject: Order\n\n", date(2026, 12, 1)),
    ("-------- Message transféré --------\nDe : Claire <claire@lenoir.example>\nDate : 2 déc. 2026 à 10:14\n"
     "Objet : Commande\nÀ : sam@ours.example\n\n", date(2026, 12, 2)),
    ("---------- Weitergeleitete Nachricht ----------\nVon: Jens <jens@hansa.example>\n"
     "Gesendet: Dienstag, 1. Dezember 2026 15:12\nAn: sam@ours.example\nBetreff: Bestellung\n\n", date(2026, 12, 1)),
    ("Bitte erfassen.\n\n---------- Weitergeleitete Nachricht ---------\nVon: Jens Ott <jens@hansa.example>\n"
     "Datum: Mi., 2. Dez. 2026 um 16:10 Uhr\nBetreff: Bestellung\nAn: <sam@ours.example>\n\n", date(2026, 12, 2)),
    # Outlook's plain-text part of a forward: no marker line, the header block alone (outside trial)
    ("Pour traitement, merci.\nJean\n\nDe : Marie Leroy <marie@lenoir.example>\n"
     "Envoyé : mardi 1 décembre 2026 09:12\nÀ : Jean <jean@lenoir.example>\nObjet : Commande\n\n", date(2026, 12, 1)),
    ("Please enter.\n\nFrom: Jo Baker <jo@greatlakes.example>\nSent: Wednesday, December 2, 2026 3:12 PM\n"
     "To: Sam Reed\nSubject: Order\n\n", date(2026, 12, 2)),
]


def _forwarded(top: str, order: str) -> bytes:
    from email.message import EmailMessage
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "sam@ours.example", "orders@gw.example", "Fwd: order"
    msg["Date"] = "Thu, 03 Dec 2026 11:00:00 +0000"
    msg.set_content(top + order)
    return msg.as_bytes()


@pytest.mark.parametrize("top, sent", FORWARDS)
def test_a_forwarded_orders_date_is_the_customers_message_date(top, sent):
    from extractors.mail.email import EXTRACTOR as MAIL
    (child,) = MAIL.extract(_forwarded(top, "PO 77128\n\n3 x KB-2210\n\nThanks\n"), ExtractHints()).children
    order = EXTRACTOR.extract(child.data, ExtractHints(content_type="text/plain", filename="body.txt")).orders[0]
    assert order.order_date == sent and codes(order) == []


def test_a_reply_above_a_quoted_old_order_keeps_its_own_date():
    from extractors.mail.email import EXTRACTOR as MAIL
    body = ("PO 77130\n\n3 x KB-2210\n\nThanks\n\n-----Original Message-----\nFrom: Jo <jo@greatlakes.example>\n"
            "Sent: Monday, November 2, 2026 1:00 PM\nSubject: old\n\nPO 7000\n2 x KB-2211\n")
    (child,) = MAIL.extract(_forwarded("", body), ExtractHints()).children
    order = EXTRACTOR.extract(child.data, ExtractHints(content_type="text/plain", filename="body.txt")).orders[0]
    assert order.order_date == date(2026, 12, 3) and order.po_number == "77130"


def test_a_typed_order_date_wins_over_the_forwarded_message_date():
    from extractors.mail.email import EXTRACTOR as MAIL
    top, _sent = FORWARDS[0]
    (child,) = MAIL.extract(_forwarded(top, "PO 77131 dated 30/11/2026\n\n3 x KB-2210\n"), ExtractHints()).children
    order = EXTRACTOR.extract(child.data, ExtractHints(content_type="text/plain", filename="body.txt")).orders[0]
    assert order.order_date == date(2026, 11, 30)


async def test_a_typed_addition_after_an_unread_mail_of_its_po_reaches_a_person_over_smtp(tmp_path):
    from datetime import datetime, timezone
    from email.utils import format_datetime

    from testkit.harness import running_gateway, write_config
    from testkit.trust_corpus import write_master
    from tests.smtp_helpers import ORDERS_TO, message, send
    from tests.test_mail_smtp_classes import settled
    master = tmp_path / "master"
    write_master(master)
    config = write_config(tmp_path / "gw", {
        "smtp": {"enabled": True, "port": 0, "tls_cert": tmp_path / "tls.crt", "tls_key": tmp_path / "tls.key",
                 "recipients": [ORDERS_TO]},
        "decide": {"rules": {"conversions_file": master / "unit_conversions.toml"}, "anomalies": {"enabled": False}},
    }, master_data=master)
    mails = [("PO QX-8801", f"Hi,\n\nfor PO QX-8801 please change the delivery date to {DUE.strftime('%d/%m/%Y')}.\n\nThanks\n"),
             ("PO QX-8801", "Hi,\n\nPlease add 3 x TP-1006 to PO QX-8801.\n\nThanks\n")]
    async with running_gateway(config) as gw:
        for subject, body in mails:
            msg = message(IE.email, subject, body)
            msg["Date"] = format_datetime(datetime.now(timezone.utc))
            code, reply = await asyncio.to_thread(send, gw.ports["smtp"], msg)
            assert code == 250, reply
            await asyncio.sleep(0.3)
        orders = await settled(gw, 2)
    addition = next(o for o in orders if "ADDITION-TYPED" in {i.code for i in o.issues})
    # never a duplicate of the unread mail: it waits for a person (or for its original, then for a person)
    assert addition.status.value in ("review", "held"), [(i.code, i.message) for i in addition.issues]
    assert "DUPLICATE-ORDER" not in {i.code for i in addition.issues}


@pytest.mark.parametrize("body, want", [
    ("Hi,\n\nOur order LP-2240: 6 boxes KB-LBL labels 99x38.\n\nThanks\n", [("KB-LBL", Decimal(6))]),
    ("PO 4414: 6 boxes KB-LBL 99 x 38 mm, 2 x KB-2210\n", [("KB-LBL", Decimal(6)), ("KB-2210", Decimal(2))]),
    ("Bonjour,\n\nCommande CDE-26-1120 : trois cartons KB-2210 et 25 kg KB-NAIL.\n\nCordialement\n",
     [("KB-2210", Decimal(3)), ("KB-NAIL", Decimal(25))]),
    ("Hallo,\n\nBestellung 4505220: zwei Kartons KB-2210 und 4 Stk KB-2211.\n\nGruß\n",
     [("KB-2210", Decimal(2)), ("KB-2211", Decimal(4))]),
])
def test_items_in_the_po_sentence_with_a_size_or_a_count_in_words_are_read(body, want):
    order = read(body)
    assert lines(order) == want and codes(order) == []


@pytest.mark.parametrize("line, want", [
    ("Pos. 10: 100233 Arbeitshandschuhe, 20 Pack", ("100233", Decimal(20))),
    ("- 8 Pack 100233", ("100233", Decimal(8))),
    ("- 12 boîtes 554120", ("554120", Decimal(12))),
])
def test_a_long_article_number_beside_a_count_with_its_unit_is_the_item(line, want):
    order = read(f"Bestellung 4505230\n\n{line}\n\nGruß\n")
    assert lines(order) == [want] and codes(order) == []


@pytest.mark.parametrize("po_line, po", [
    ("Nouvelle commande CDE-26-1130, livraison le 15/12/2026", "CDE-26-1130"),
    ("New order KB-5240, delivery by 15/12/2026", "KB-5240"),
    ("Neue Bestellung 4505240, Liefertermin 15.12.2026", "4505240"),
])
def test_a_new_order_label_names_the_po(po_line, po):
    order = read(f"{po_line}\n\n3 x KB-2210\n")
    assert order.po_number == po and order.requested_delivery_date == date(2026, 12, 15)


@pytest.mark.parametrize("said, day", [
    ("Bitte 12 BX KB-2210 bis 09.12.2026 liefern.", date(2026, 12, 9)),
    ("Die Ware bitte am 11.12.2026 zustellen.", date(2026, 12, 11)),
])
def test_a_german_delivery_verb_after_its_date_gives_the_delivery_date(said, day):
    order = read(f"Bestellung 4505250\n\n- 2 x KB-2211\n\n{said}\n\nGruß\n")
    assert order.requested_delivery_date == day and "DATE-UNPLACED" not in codes(order)


def _html_mail(plain: str, html: str) -> bytes:
    from email.message import EmailMessage
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "jo@greatlakes.example", "orders@gw.example", "PO 77150"
    msg["Date"] = "Thu, 03 Dec 2026 11:00:00 +0000"
    msg.set_content(plain)
    msg.add_alternative(html, subtype="html")
    return msg.as_bytes()


@pytest.mark.parametrize("intro", ["please find our order PO 77150 in the table below.",
                                   "voici notre commande 77150 (tableau ci-dessous).",
                                   "anbei unsere Bestellung 77150, siehe Tabelle."])
def test_a_table_only_in_the_html_part_is_read(intro):
    from extractors.mail.email import EXTRACTOR as MAIL
    html = (f"<html><body><p>Hello,</p><p>{intro}</p><table><tr><th>Item</th><th>Description</th><th>Qty</th></tr>"
            "<tr><td>KB-2210</td><td>Toner</td><td>4</td></tr><tr><td>KB-2211</td><td>Drum</td><td>2</td></tr></table>"
            "<p>Thanks<br>Jo</p></body></html>")
    (child,) = MAIL.extract(_html_mail(f"Hello,\n\n{intro}\n\nThanks\nJo\n", html), ExtractHints()).children
    order = EXTRACTOR.extract(child.data, ExtractHints(content_type="text/plain", filename="body.txt")).orders[0]
    assert lines(order) == [("KB-2210", Decimal(4)), ("KB-2211", Decimal(2))]


def test_a_plain_part_with_the_items_is_kept_over_its_html():
    from extractors.mail.email import EXTRACTOR as MAIL
    html = "<html><body><p>PO 77151</p><p>3 x KB-2210</p><p><b>Sale!</b> KB-9 from 5 x 2</p></body></html>"
    (child,) = MAIL.extract(_html_mail("PO 77151\n\n3 x KB-2210\n\nThanks\n", html), ExtractHints()).children
    assert b"Sale" not in child.data


def test_a_reply_subjects_po_is_no_second_order_of_the_new_message():
    order = read("Subject: RE: PO 77140\n\nHi, new order below.\n\nPO 77141\n\n3 x KB-2210\n\nThanks\n\n"
                 "On Tue, Dec 1, 2026 at 9:00 AM Jo <jo@x.example> wrote:\n> PO 77140\n> 2 x KB-2211\n")
    assert order.po_number == "77141" and lines(order) == [("KB-2210", Decimal(3))] and codes(order) == []


def test_the_forwarded_writers_first_name_under_the_items_is_a_sign_off():
    order = read("Please enter\n\n-------- Message transféré --------\nDe : Claire Martin <claire@lenoir.example>\n"
                 "Date : 2 déc. 2026 à 10:14\nObjet : Commande\n\nCommande CDE-26-1140\n- 3 x KB-2210\nClaire\n")
    assert lines(order) == [("KB-2210", Decimal(3))] and codes(order) == []


def test_a_bare_word_under_the_items_that_names_no_writer_stays_unread():
    order = read("Von: Jens Ott <jens@hansa.example>\n\nBestellung 4505260\n- 3 x KB-2210\nToner\n")
    assert "LINE-UNREAD" in codes(order)


@pytest.mark.parametrize("line, sku, status", [
    ("- 2 x TP-1002 (pack of 10)", "TP-1002", "review"),  # sold by the piece: 2 or 20?
    ("- TP-1002 x 3 boxes of 12", "TP-1002", "review"),
    ("- 5 x TP-1001 (50 lamps)", "TP-1001", "review"),
    ("- 2 x TP-1002, 10 per box", "TP-1002", "review"),
    ("- 3 x TP-1006 10er Pack", "TP-1006", "review"),
    ("- 5 x TP-1003 Pens, box of 10", "TP-1003", "ready"),  # the product's own box of 10
])
def test_a_pack_size_typed_beside_the_quantity_waits_unless_it_is_the_products_own(config_path, tmp_path, line, sku,
                                                                                    status):
    from tests.test_trust import typed
    body = f"PO 88170\nNeeded by {DUE.strftime('%d/%m/%Y')}\n\n{line}\n\nThanks\nTom\n"
    (got,) = typed(config_path, IE, body, tmp_path, cli=status == "ready")
    found = {i["code"] for i in got["issues"]}
    assert got["status"] == status and (status == "ready") == ("PACK-SIZE-TYPED" not in found), got["issues"]
    assert [ln["sku"] for ln in got["lines"]] == [sku]


@pytest.mark.parametrize("line, supplier", [
    ("Your ref. KB-2210 x 4", "KB-2210"), ("Art.-Nr. KB-2210 x 4", None), ("Ihre Art.-Nr.: KB-2210, Menge: 4", "KB-2210"),
    ("Votre référence : KB-2210 - Qté : 4", "KB-2210"),
])
def test_a_labelled_code_with_its_count_reads(line, supplier):
    order = read(f"PO 5270\n\n{line}\n\nThanks\n")
    (got,) = order.lines
    assert (got.customer_item or got.supplier_item, got.supplier_item, got.quantity) == ("KB-2210", supplier, 4)


@pytest.mark.parametrize("line", ["1 x KB-2210 (sample, free of charge)", "1 x KB-2210 (échantillon gratuit)",
                                  "1 Stk KB-2210 kostenlos als Muster", "2 x KB-2210 no charge - replacement for damaged cans"])
def test_an_item_marked_not_to_be_billed_waits(line):
    order = read(f"PO 5280\n\n{line}\n- 2 x KB-2211\n\nThanks\n")
    assert len(order.lines) == 2 and "CHARGE-FREE-TYPED" in codes(order)


def test_a_product_word_with_free_in_it_is_no_free_line():
    order = read("PO 5281\n\n2 x KB-2210 acid-free paper\n\nThanks\n")
    assert codes(order) == []


@pytest.mark.parametrize("table, price, status, code", [
    ("Item      Qty   Amount\nTP-1002   6     72.00", "12.00", "ready", None),
    ("Item      Qty   Amount\nTP-1002   6     60.00", "10.00", "review", "PRICE-MISMATCH"),
    ("Qty   Item      Line Total\n6     TP-1002   €72.00", "12.00", "ready", None),
    ("Item      Qty   Unit Price   Amount\nTP-1002   10    12.00        121.00", "12.00", "review", "PRICE-LINE-AMOUNT"),
])
def test_a_typed_tables_amount_column_prices_and_checks_the_line(config_path, tmp_path, table, price, status, code):
    from tests.test_trust import typed
    body = f"PO 88180\nNeeded by {DUE.strftime('%d/%m/%Y')}\n\n{table}\n\nThanks\n"
    (got,) = typed(config_path, IE, body, tmp_path, cli=code == "PRICE-LINE-AMOUNT")
    assert got["status"] == status and got["lines"][0]["unit_price"] == price, got["issues"]
    assert code is None or code in {i["code"] for i in got["issues"]}


def test_a_free_sample_line_waits_through_gateway_extract(config_path, tmp_path):
    from tests.test_trust import typed
    body = f"Bestellung 4508190\nLiefertermin {DUE.strftime('%d.%m.%Y')}\n\n- 4 Stk TP-1002\n- 1 Stk TP-1001 kostenlos als Muster\n\nGruß\n"
    (got,) = typed(config_path, DE, body, tmp_path, cli=True)
    assert got["status"] == "review" and "CHARGE-FREE-TYPED" in {i["code"] for i in got["issues"]}
    assert [ln["sku"] for ln in got["lines"]] == ["TP-1002", "TP-1001"]


@pytest.mark.parametrize("said, name, street", [
    ("Lieferadresse: Baustelle Musterweg 5, 22085 Hamburg", "Baustelle", "Musterweg 5"),
    ("Adresse de livraison : Chantier 14 rue des Lilas, 69003 Lyon", "Chantier", "14 rue des Lilas"),
])
def test_a_one_line_ship_to_with_a_site_word_before_the_street_is_read(said, name, street):
    order = read(f"Bestellung 4509001\n\n- 3 x KB-2210\n\n{said}\n\nGruß\n")
    (party,) = order.parties
    assert (party.name, party.street) == (name, street) and codes(order) == []


def test_a_requested_label_gives_the_delivery_date():
    body = "Date: Fri, 04 Dec 2026 09:00:00 +0000\n\nPO 9003\nRequested: 12/18/2026\n\n- 3 x KB-2210\n"
    order = EXTRACTOR.extract(body.encode(), ExtractHints(content_type="text/plain", locale="en_US")).orders[0]
    assert order.requested_delivery_date == date(2026, 12, 18) and codes(order) == []


@pytest.mark.parametrize("said", ["Please invoice to our Cork office.", "Merci de facturer à notre siège de Lyon.",
                                  "Die Rechnung bitte an unsere Zentrale in Köln."])
def test_where_to_invoice_typed_after_the_items_waits(said):
    order = read(f"PO 5290\n\n- 4 x KB-2210\n\n{said}\n\nThanks\n")
    assert "BILL-TO-TYPED" in codes(order) and len(order.lines) == 1


def test_needed_before_its_date_gives_the_delivery_date():
    body = "Date: Fri, 04 Dec 2026 09:00:00 +0000\n\nPO 88301, needed 21/12/2026\n\nKB-2210 - 4\n"
    order = EXTRACTOR.extract(body.encode(), ExtractHints(content_type="text/plain", locale="en_IE")).orders[0]
    assert order.requested_delivery_date == date(2026, 12, 21) and codes(order) == []


@pytest.mark.parametrize("body, locale", [
    ("PO 5300\n\n1.000 pcs KB-2210\n", "en_IE"), ("Bestellung 5301\n\n1,000 Stk KB-2210\n", "de_DE"),
    ("PO 5302\n\nQty\tItem\n1.000\tKB-2210\n", "en_US"),
])
def test_a_quantity_that_is_one_or_a_thousand_is_read_under_the_review_threshold(body, locale):
    order = EXTRACTOR.extract(body.encode(), ExtractHints(content_type="text/plain", locale=locale)).orders[0]
    assert order.lines[0].confidence["quantity"] < 0.9


@pytest.mark.parametrize("said", ["Teillieferung möglich.", "Partial deliveries are OK.", "Livraisons partielles acceptées."])
def test_partial_deliveries_allowed_is_a_note_not_an_unread_line(said):
    order = read(f"PO 5310\n\n- 4 x KB-2210\n- 2 x KB-2211\n\n{said}\n\nThanks\n")
    assert codes(order) == [] and said in order.notes


@pytest.mark.parametrize("said", ["Keine Teillieferungen.", "No partial shipments please.", "Pas de livraison partielle."])
def test_no_partial_delivery_is_a_condition_that_waits(said):
    order = read(f"PO 5311\n\n- 4 x KB-2210\n\n{said}\n\nThanks\n")
    assert {"QUESTION-TYPED", "LINE-UNREAD"} & set(codes(order))


def test_a_replys_quoted_header_block_gives_no_order_date():
    """Review R9: without a forward's subject, a From/Sent/To block is a reply's quoted message (our quote the
    customer accepts): its date is not the order's."""
    from extractors.mail.email_text import forwarded_sent
    quote = ("From: Sales Desk <sales@supplier.example>\nSent: 16 November 2026 10:02\nTo: Niamh <niamh@example.ie>\n"
             "Subject: Quote Q-2291\n\n- 3 pcs TP-1001\n")
    reply = "Subject: RE: Quote Q-2291\nDate: Mon, 07 Dec 2026 09:00:00 +0000\n\nPlease go ahead, PO WD-777.\n\n"
    assert forwarded_sent(reply + quote) is None
    assert forwarded_sent(reply.replace("RE:", "FW:") + quote) == "16 November 2026 10:02"
