"""The text of an e-mail over an attached order: sentences that change or condition it (a delivery date,
"statt 4 Packungen 8", no partial delivery, another site, where to invoice, a cancellation, a question)
hold the attachment's order COVER-NOTE with the sentences named; a plain covering note does not.
"""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

import pytest

from extractors.mail.cover_note import cover_instructions
from testkit.trust_corpus import CUSTOMERS, render, trust_config

FR, IE, US, DE = CUSTOMERS

PLAIN = [
    "Please find attached our purchase order 4711.\n\nKind regards\nJim",
    "Hello,\nattached is PO 4711. Please confirm receipt.\nThanks",
    "Bonjour,\nVeuillez trouver ci-joint notre commande n° 123 du 03/12/2026.\nCordialement",
    "Merci de nous retourner l'accusé de réception.",
    "Anbei unsere Bestellung 4711 vom 02.12.2026. Bitte bestätigen Sie den Auftrag.\nMit freundlichen Grüßen",
    "Hi, our PO is attached. If you have any questions, please call me.\nBest regards",
    "Sehr geehrte Damen und Herren,\nim Anhang finden Sie unsere Bestellung. Bei Rückfragen rufen Sie mich gerne an.",
    "Bonjour, ci-joint le bon de commande. N'hésitez pas à nous contacter pour toute question.",
    "Please see the attached order. Delivery address and dates as per the PO.",
    "Good morning, please process the attached PO at your earliest convenience.",
    "> Please deliver by 12/12/2026\n> (quoted from an older message)\nAttached the new PO.",
    "Hello team, this one came to me directly, can you book it?",
    "Hi Anna, could you please process the attached order?",
    "Kannst du die Bestellung bitte erfassen?",
    "Peux-tu saisir la commande ci-jointe ?",
    "Please deliver to the usual address.",
    "Please deliver to our site as usual.",
    "Bitte wie immer an unser Lager liefern.",
    "Hi, PO attached. Please send us the tracking number once it has shipped.",
    # the mail system's disclaimer under the signature (issue 18): no instruction of the customer's
    "Please find attached our order.\n\nKind regards\nJane\n\nCONFIDENTIALITY NOTICE: This e-mail and any attachments "
    "are confidential. If you received it in error, please delete it.",
    "Ci-joint notre commande.\nCe message est confidentiel. Si vous avez reçu ce message par erreur, merci de le "
    "supprimer et d'en avertir l'expéditeur.",
    "Anbei unsere Bestellung.\nDiese E-Mail enthält vertrauliche Informationen. Wenn Sie diese E-Mail irrtümlich "
    "erhalten haben, löschen Sie sie bitte sofort.",
]
INSTRUCTIONS = [
    "Ci-joint notre commande CDE-26-004810. ATTENTION : merci de livrer le 17/12/2026 et non à la date indiquée.",
    "Anbei die Bestellung. Bitte bei Pos. 2 statt 4 Packungen 8 liefern.",
    "Livraison impérativement complète, pas de livraison partielle.",
    "Please find our PO attached. We need it by 08/12/2026 at the latest, earlier than on the PO.",
    "PO attached - please deliver to our Glasgow site this time.",
    "Attached our order. Please invoice our head office in Paris.",
    "Attached. Please cancel line 3, we no longer need it.",
    "Attached our order. Can you ship it before Friday?",
    "Anbei unsere Bestellung. Liefertermin bitte 14.12.2026.",
    "Ci-joint la commande, merci d'en livrer 10 au lieu de 6.",
    "Our PO is attached. Could you send this one to our Gary plant instead: 5400 W 5th Ave, Gary, IN 46406?",
    "Anbei Bestellung 4711. Bitte Pos. 1 auf 20 Stück erhöhen, das PDF ist noch mit der alten Menge.",
    "PO attached - please increase line 2 to 30 boxes.",
    "Ci-joint la commande ; merci d'augmenter la ligne 3 à 12 cartons.",
    "Anbei die Bestellung, bitte an unser Lager Hafenstraße 4, 28217 Bremen liefern.",
    # the goods going to another place, said without "instead" or a sending verb near the address (outside trial)
    "Please note this one needs to go to our Manchester site instead of Harlow: Unit 2 Trafford Park Road, "
    "Manchester M17 1PY.",
    "Please deliver this order to our Manchester site: Unit 2 Trafford Park Road, Manchester M17 1PY.",
    "This one needs to go to Manchester instead of Harlow.",
    "Die Ware geht diesmal an unser Werk in Ulm.",
    "Merci de livrer cette commande à notre entrepôt de Lyon.",
    # the usual place named only to be set aside (review R14)
    "Order attached. Please deliver to our new Leeds site (not the usual address): Unit 5, 12 Mill Lane, LS2 7AB.",
    "Order attached. Deliver as per the PO but to our new site: Unit 5, 12 Mill Lane, LS2 7AB.",
    "Ci-joint notre commande. Merci de livrer à notre nouvel entrepôt, pas à l'adresse habituelle : 12 rue des "
    "Lilas, 69003 Lyon.",
]


@pytest.mark.parametrize("body", PLAIN)
def test_a_plain_covering_note_says_nothing_of_the_order(body):
    assert cover_instructions(body) == []


@pytest.mark.parametrize("body", INSTRUCTIONS)
def test_a_covering_note_that_changes_the_order_is_named(body):
    assert cover_instructions(body)


@pytest.fixture(scope="module")
def config_path(tmp_path_factory) -> Path:
    return trust_config(tmp_path_factory.mktemp("cover"))


def _mail_with_order(body: str) -> bytes:
    from tests.test_trust import line, trust_order
    data, name, _how = render(trust_order("edifact", [line("TP-1001", 4, "EA")], FR))
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = FR.email, "orders@gateway.example", "Commande"
    msg.set_content(body)
    msg.add_attachment(data, maintype="application", subtype="edifact", filename=name)
    return msg.as_bytes()


def _orders(config_path, tmp_path, body: str) -> list[dict]:
    from tests.test_trust import in_process_extract, orders_in
    return orders_in(in_process_extract(config_path, _mail_with_order(body), "order.eml", tmp_path,
                                        channel="smtp", sender=FR.email))


def test_the_attached_order_waits_for_the_instruction(config_path, tmp_path):
    (order,) = _orders(config_path, tmp_path, "Ci-joint notre commande. Merci de livrer le 17/12/2026 et non à la "
                                              "date du bon.\nCordialement")
    cover = [i for i in order["issues"] if i["code"] == "COVER-NOTE"]
    assert order["status"] == "review" and cover and "17/12/2026" in cover[0]["message"]


def test_the_attached_order_goes_under_a_plain_note(config_path, tmp_path):
    (order,) = _orders(config_path, tmp_path, "Bonjour,\nci-joint notre commande.\nCordialement")
    assert "COVER-NOTE" not in {i["code"] for i in order["issues"]}


@pytest.mark.parametrize("street", ["Postfach 12 34", "P.O. Box 77", "PO Box 1200", "BP 123", "Case postale 45",
                                    "Box 4", "Postfach: 12 34", "PO Box #77", "POB 77", "P.O.B. 77", "Box No. 77",
                                    "Postfachnr. 1234", "BP n° 123", "B.P. n° 123", "Postfach Nr. 12", "Postfach-Nr. 44",
                                    "Apartado nº 3"])
def test_a_post_office_box_alone_is_no_delivery_address(street):
    from gateway.model import Address
    from gateway.stages.delivery_address import ship_to_issues
    issues = ship_to_issues(Address(name="Müller GmbH", street=street, postcode="80001", city="München",
                                    country="DE"), "body_text")
    assert [i.code for i in issues] == ["SHIP-TO-UNSURE"] and "post-office box" in issues[0].message


@pytest.mark.parametrize("street", ["Industriestr. 5", "Postfach 1234, Hauptstr. 3", "BP 12, 3 rue de la Paix",
                                    "Boxhagener Str. 3", "Pfarrgasse 3", "Bpstraße 4", "Box Nord 3", "Postfachweg 3",
                                    "Pobstr. 2"])
def test_a_street_beside_or_instead_of_a_box_is_one(street):
    from gateway.model import Address
    from gateway.stages.delivery_address import ship_to_issues
    assert ship_to_issues(Address(name="X", street=street, postcode="80001", city="München", country="DE"),
                          "body_text") == []


@pytest.mark.parametrize("said", [
    "If you have any questions call me, but please deliver on 17/12/2026 and not on the date on the PO.",
    "Any questions, call me; please deliver on 17/12/2026 only.",
    "Si vous avez une question, appelez-moi ; merci de livrer le 17/12/2026 et non le 15/12.",
    "N'hésitez pas à nous contacter, mais livrez le 17/12/2026 au plus tard.",
    "Bei Rückfragen melden Sie sich, Lieferung bitte erst am 17.12.2026.",
    "Falls Sie Fragen haben, rufen Sie an, aber bitte erst am 17.12.2026 liefern."])
def test_an_offer_of_help_sets_aside_only_its_own_clause(said):
    assert cover_instructions(f"Hello,\nPlease find attached our PO 4711.\n{said}\nRegards\n") == [said]


@pytest.mark.parametrize("said", ["If you have any questions, please call me.", "Si vous avez une question, appelez-moi ; merci.",
                                  "Bei Rückfragen melden Sie sich, vielen Dank.", "If you have questions call me, but thanks in advance."])
def test_a_plain_offer_of_help_is_still_no_note(said):
    assert cover_instructions(f"Hello,\nPlease find attached our PO 4711.\n{said}\nRegards\n") == []


@pytest.mark.parametrize("said", ["Note: pos. 2 should be 8 boxes, not 4.", "Attention : ligne 2, 8 boîtes et non 4.",
                                  "Achtung: Position 2 soll 8 Packungen sein, nicht 4."])
def test_a_quantity_changed_by_its_position_is_a_note(said):
    assert cover_instructions(f"Hello,\nPlease find attached our PO 4711.\n{said}\nRegards\n") == [said]


def test_a_disclaimer_banner_above_the_text_hides_nothing_under_it():
    """Review rev2 #15: an 'external sender / received in error' banner at the top silenced the delivery instruction."""
    from extractors.mail.cover_note import cover_instructions
    body = ("ATTENTION : ce message provient de l'extérieur. Si vous avez reçu ce message par erreur, merci de le supprimer.\n"
            "Bonjour,\nveuillez trouver notre commande ci-jointe.\nMerci de livrer le 17/12/2026 et non à la date du bon.\n"
            "Cordialement\nJ. Martin")
    assert cover_instructions(body) == ["Merci de livrer le 17/12/2026 et non à la date du bon."]
    signed = "Hello, please find attached our order.\nRegards\nTom\n--\nIf you received this e-mail in error, please delete it."
    assert cover_instructions(signed) == []


@pytest.mark.parametrize("body, kept", [  # outside trial wave 2: a note pointing to the order's own address
    ("Guten Tag,\nanbei unsere Bestellung für die Filiale Augsburg (Lieferanschrift siehe Bestellung).\nMfG\nK. Huber", False),
    ("Bonjour,\nci-joint le bon de commande, à livrer à notre agence de Lyon (adresse sur le bon).\nCordialement", False),
    ("Hello,\nplease ship to our Leeds branch, see attached order.\nThanks", False),
    ("Hello,\nplease ship to our Leeds branch, see attached order, but deliver on 18/12 instead.\nThanks", True),
    ("Bonjour,\nmerci de livrer à notre agence de Lyon.\nCordialement", True),
])
def test_a_note_sending_the_reader_to_the_orders_own_address_adds_nothing(body, kept):
    assert bool(cover_instructions(body)) is kept


# --- a note naming the place the order itself delivers to (outside trial wave 2, F17) ---------------------


def _mail_with_site_order(body: str) -> bytes:
    import re as _re
    from tests.test_trust import line, trust_order
    data, name, _how = render(trust_order("edifact", [line("TP-1001", 4, "EA")], FR, po="PO-SITE-1"))
    text = data.decode()
    nad = "NAD+DP+++Papeterie Lenoir agence de Lyon+12 rue de la République+Lyon++69002+FR'"
    text = text.replace("LIN+", nad + "LIN+", 1)
    text = _re.sub(r"UNT\+(\d+)\+", lambda m: f"UNT+{int(m.group(1)) + 1}+", text)
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = FR.email, "orders@gateway.example", "Commande"
    msg.set_content(body)
    msg.add_attachment(text.encode(), maintype="application", subtype="edifact", filename=name)
    return msg.as_bytes()


@pytest.mark.parametrize("body, held", [
    ("Bonjour,\nci-joint notre commande pour notre agence de Lyon.\nCordialement", False),
    ("Hello,\nplease find attached our PO for the Lyon branch.\nRegards", False),
    ("Bonjour,\nci-joint notre commande pour notre agence de Lille.\nCordialement", True),
    ("Bonjour,\nci-joint notre commande pour notre agence de Lyon, à livrer le 17/12/2026.\nCordialement", True),
])
def test_a_note_naming_the_orders_own_delivery_place_adds_nothing(config_path, tmp_path, body, held):
    from tests.test_trust import in_process_extract, orders_in
    (order,) = orders_in(in_process_extract(config_path, _mail_with_site_order(body), "order.eml", tmp_path,
                                            channel="smtp", sender=FR.email))
    assert order["ship_to"]["city"] == "Lyon"
    assert ("COVER-NOTE" in {i["code"] for i in order["issues"]}) is held, order["issues"]
