"""Review rtyped of the typed round (issue 17): what the reviewer proved, fixed, with the near cases that still hold.

Through the gateway's extract path (``tests.test_trust``), own wording in fr/de/en beside the reviewer's:
* a line stating payment terms is a note only when the terms are all it says; the rest of a longer sentence holds
  under its own reason (D1);
* a paragraph a person wrote for the order that no rule reads is the order's note, never dropped; greetings,
  closings, signature blocks and legal disclaimers stay out of the notes; a remark asking something still holds;
* a consequence stated without an "otherwise" word holds QUESTION-TYPED (D4); a bare "or" beside "take back" does
  not (D7);
* a collection by the customer's carrier, driver or truck holds SHIP-TO-UNSURE (D2); "Vollpalette", "volle Pal."
  hold PACK-SIZE-TYPED (D3); "une palette"/"one pallet"/"eine Palette" beside cartons go (D6).
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from testkit.trust_corpus import CUSTOMERS, CXML_SECRETS, trust_config
from tests.test_mail_typed_classes import codes, one
from tests.test_typed_round_issue17 import cxml, posted, sheet

FR, IE, US, DE = CUSTOMERS
DUE = date.today() + timedelta(days=12)
HEAD = {"fr": f"Commande RV-{{n}}, livraison le {DUE:%d/%m/%Y}", "de": f"Bestellnummer RV-{{n}}, Liefertermin {DUE:%d.%m.%Y}",
        "en": f"PO RV-{{n}}, deliver by {DUE:%d/%m/%Y}"}
ITEMS = {"fr": "- 3 x TP-1002", "de": "3 Stk TP-1002", "en": "3 x TP-1002"}
WHO = {"fr": FR, "de": DE, "en": IE}
GREET = {"fr": ("Bonjour,", "Cordialement,\nClaire Dubois\nService achats"),
         "de": ("Sehr geehrte Damen und Herren,", "Mit freundlichen Grüßen\ni.A. Petra Lang\nEinkauf"),
         "en": ("Good morning,", "Kind regards,\nOrla Kelly\nPurchasing")}


@pytest.fixture(scope="module")
def config_path(tmp_path_factory) -> Path:
    return trust_config(tmp_path_factory.mktemp("rtyped"))


def typed(config_path: Path, tmp: Path, lang: str, remark: str, items: str | None = None, tail: str = "") -> dict:
    hello, bye = GREET[lang]
    body = (f"{hello}\n\n{HEAD[lang].format(n=sum(map(ord, remark)) % 10000)}\n\n{items or ITEMS[lang]}\n\n"
            f"{remark}\n\n{bye}\n{tail}")
    return one(config_path, WHO[lang], body, tmp)


def held_by(got: dict, code: str) -> dict:
    assert got["status"] != "ready", got["issues"]
    return next(i for i in got["issues"] if i["code"] == code and i["severity"] == "error")


# --- D1: a terms line that asks something else ------------------------------------------------------------------

TERMS_AND_MORE = [("en", "Payment 30 days net, cancel line 1.", "3 x TP-1002\n2 x TP-1001", "CANCEL-TYPED"),
                  ("en", "Net 30 as usual. Deliver to our Leeds warehouse.", None, "SHIP-TO-UNSURE"),
                  ("de", "Zahlung wie immer 30 Tage netto, aber diesmal an die Niederlassung Köln liefern.", None,
                   "SHIP-TO-UNSURE"),
                  ("de", "Zahlung 30 Tage netto, bitte noch 4 Hefter dazu.", None, None),
                  ("fr", "Paiement à 30 jours net, et rajoutez 2 lampes.", None, None)]


@pytest.mark.parametrize("lang, remark, items, code", TERMS_AND_MORE)
def test_a_terms_line_that_asks_more_holds(config_path, tmp_path, lang, remark, items, code):
    got = typed(config_path, tmp_path, lang, remark, items)
    assert got["status"] != "ready", got
    if code:
        held_by(got, code)


@pytest.mark.parametrize("lang, remark", [("fr", "Paiement à 30 jours net comme d'habitude."),
                                          ("en", "Net 30 as usual please."),
                                          ("de", "Zahlung wie immer 30 Tage netto.")])
def test_usual_terms_alone_are_the_orders_note_and_go(config_path, tmp_path, lang, remark):
    got = typed(config_path, tmp_path, lang, remark)
    assert got["status"] == "ready" and remark in got["notes"], got


# --- remarks no rule reads become notes ---------------------------------------------------------------------------

REMARKS = [("de", "Bitte auf einer Palette liefern."), ("fr", "Merci de reprendre les palettes vides."),
           ("en", "Please use the rear entrance, the front door is blocked."),
           ("en", "Please include the certificate of conformity."), ("en", "Delivery to the 3rd floor, no lift."),
           ("de", "Bitte das Datenblatt beilegen."), ("fr", "Merci de livrer au quai n° 3."),
           ("de", "Bitte die Kartons nicht kippen.")]


@pytest.mark.parametrize("lang, remark", REMARKS)
def test_a_remark_no_rule_reads_is_the_orders_note(config_path, tmp_path, lang, remark):
    got = typed(config_path, tmp_path, lang, remark)
    assert got["status"] == "ready" and got["notes"] == [remark], got


DISCLAIMERS = {
    "en": "This e-mail and any attachments are confidential and intended solely for the addressee. If you have "
          "received it in error please notify the sender and delete it.",
    "de": "Diese E-Mail enthält vertrauliche Informationen. Wenn Sie nicht der richtige Adressat sind, informieren Sie "
          "bitte sofort den Absender und vernichten Sie diese E-Mail.",
    "fr": "Ce message et ses pièces jointes sont confidentiels et destinés exclusivement au destinataire. Si vous "
          "l'avez reçu par erreur, merci de le détruire."}


@pytest.mark.parametrize("lang", ["fr", "de", "en"])
def test_greeting_closing_signature_and_disclaimer_are_no_notes(config_path, tmp_path, lang):
    thanks = {"fr": "En vous remerciant par avance.", "de": "Vielen Dank im Voraus.", "en": "Many thanks in advance."}
    got = typed(config_path, tmp_path, lang, thanks[lang], tail=f"Tel. +33 1 23 45 67 89\n\n{DISCLAIMERS[lang]}\n")
    assert got["status"] == "ready" and got["notes"] == [], got


@pytest.mark.parametrize("lang, remark", [("fr", "Pouvez-vous nous confirmer le délai de livraison ?"),
                                          ("en", "Can you confirm the lead time please?")])
def test_a_remark_asking_something_still_holds(config_path, tmp_path, lang, remark):
    assert typed(config_path, tmp_path, lang, remark)["status"] != "ready"


# --- D4 / D7: consequences --------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang, remark", [("en", "Late deliveries will be refused."),
                                          ("fr", "Toute livraison après 16h sera refusée."),
                                          ("fr", "Si la livraison n'est pas faite avant vendredi, nous annulons la commande."),
                                          ("de", "Lieferung nach 12 Uhr wird nicht angenommen.")])
def test_a_consequence_without_otherwise_holds_question_typed(config_path, tmp_path, lang, remark):
    assert remark[:30] in held_by(typed(config_path, tmp_path, lang, remark), "QUESTION-TYPED")["message"]


@pytest.mark.parametrize("remark", ["Delivery Monday or Tuesday, and take back the empty pallets.",
                                    "Please confirm by e-mail or phone, and return the signed delivery note."])
def test_a_bare_or_beside_take_back_goes_as_a_note(config_path, tmp_path, remark):
    got = typed(config_path, tmp_path, "en", remark)
    assert got["status"] == "ready" and remark in got["notes"], got


def test_or_followed_by_its_consequence_still_holds(config_path, tmp_path):
    held_by(typed(config_path, tmp_path, "en", "Deliver before 10am or it goes back."), "QUESTION-TYPED")


# --- D2: collections by the customer's carrier ----------------------------------------------------------------

@pytest.mark.parametrize("lang, remark", [("de", "Unser Spediteur holt die Ware am Freitag ab."),
                                          ("de", "Die Ware wird von unserem LKW abgeholt."),
                                          ("fr", "Notre chauffeur passera prendre la marchandise jeudi."),
                                          ("en", "We'll send our own truck to fetch it."),
                                          ("en", "I will come by to pick up the order on Friday.")])
def test_a_collection_by_our_carrier_holds_ship_to_unsure(config_path, tmp_path, lang, remark):
    held_by(typed(config_path, tmp_path, lang, remark), "SHIP-TO-UNSURE")


@pytest.mark.parametrize("lang, remark", [("de", "Unser Fahrer holt die leeren Paletten ab."),
                                          ("fr", "Notre chauffeur passera prendre les palettes vides.")])
def test_empties_taken_back_by_our_driver_are_no_collection(config_path, tmp_path, lang, remark):
    got = typed(config_path, tmp_path, lang, remark)
    assert "SHIP-TO-UNSURE" not in codes(got) and remark in got["notes"], got


# --- D3 / D6: pallets beside cartons -----------------------------------------------------------------------------

@pytest.mark.parametrize("line", ["5 Kartons TP-1005 als Vollpalette", "5 Kartons TP-1005 (volle Pal.)"])
def test_vollpalette_beside_cartons_holds_pack_size_typed(config_path, tmp_path, line):
    held_by(typed(config_path, tmp_path, "de", "Danke.", items=line), "PACK-SIZE-TYPED")


@pytest.mark.parametrize("lang, line", [("fr", "- 6 cartons TP-1005 (une palette)"), ("en", "4 cartons TP-1005 - one pallet"),
                                        ("de", "6 Kartons TP-1005, eine Palette")])
def test_one_pallet_beside_cartons_goes(config_path, tmp_path, lang, line):
    got = typed(config_path, tmp_path, lang, "", items=line)
    assert got["status"] == "ready" and "PACK-SIZE-TYPED" not in codes(got), got


# --- D5: a sheet line's discount or free goods without a discount word beside its figure -----------------------

@pytest.mark.parametrize("description", ["Agrafeuse -10%", "Agrafeuse, gratuit", "Agrafeuse 2 achetées = 1 offerte",
                                         "Agrafeuse remisée", "Agrafeuse 24/6 (remise fidélité)", "Stapler, free of charge"])
def test_a_sheet_line_with_a_deal_holds_price_typed(config_path, tmp_path, description):
    got = posted(config_path, tmp_path, sheet(description), "cde.xlsx", channel="smtp", sender=FR.email)
    assert held_by(got, "PRICE-TYPED")["field"] == "lines[1].unit_price"


@pytest.mark.parametrize("description", ["Agrafeuse 24/6 - 10 pièces", "Agrafeuse sans agrafes", "Agrafeuse 100 % recyclée"])
def test_a_sheet_line_naming_no_deal_goes(config_path, tmp_path, description):
    got = posted(config_path, tmp_path, sheet(description), "cde.xlsx", channel="smtp", sender=FR.email)
    assert got["status"] == "ready", got["issues"]


# --- D8: several Sender credentials -----------------------------------------------------------------------------

def two_senders(first: str, second: str) -> bytes:
    one_credential = "<Credential domain=\"NetworkID\"><Identity>hub</Identity><SharedSecret>guessed</SharedSecret></Credential>"
    text = cxml("PLACEHOLDER").decode()
    pair = (f'<Credential domain="NetworkID"><Identity>hub</Identity><SharedSecret>{first}</SharedSecret></Credential>'
            f'<Credential domain="NetworkID"><Identity>hub2</Identity><SharedSecret>{second}</SharedSecret></Credential>')
    assert one_credential.replace("guessed", "PLACEHOLDER") in text
    return text.replace(one_credential.replace("guessed", "PLACEHOLDER"), pair).encode()


def test_the_partners_secret_in_a_second_sender_credential_goes(config_path, tmp_path):
    got = posted(config_path, tmp_path, two_senders("old", CXML_SECRETS["T3"]), channel="http")
    assert got["status"] == "ready", got["issues"]


def test_two_sender_credentials_neither_the_partners_are_a_weak_id(config_path, tmp_path):
    got = posted(config_path, tmp_path, two_senders("old", "guessed"), channel="http")
    held_by(got, "CUSTOMER-WEAK-ID")


# --- D9: counts in words the lists missed ---------------------------------------------------------------------

@pytest.mark.parametrize("lang, remark", [("en", "Make it fourteen instead of twelve."),
                                          ("en", "Please send thirteen rather than ten."),
                                          ("de", "Bitte statt zehn vierzehn Kartons TP-1005 liefern.")])
def test_a_teen_count_in_words_changed_holds_change_typed(config_path, tmp_path, lang, remark):
    held_by(typed(config_path, tmp_path, lang, remark), "CHANGE-TYPED")


@pytest.mark.parametrize("lang, remark", [("en", "Please add a box of samples."),
                                          ("de", "Bitte legen Sie noch einen Karton Muster bei."),
                                          ("fr", "Ajoutez aussi un carton d'échantillons svp."),
                                          ("en", "Throw in an extra carton of samples please.")])
def test_a_pack_of_samples_added_holds_addition_typed(config_path, tmp_path, lang, remark):
    held_by(typed(config_path, tmp_path, lang, remark), "ADDITION-TYPED")


@pytest.mark.parametrize("lang, hello", [("en", "Hi,"), ("en", "Hi Mark,"), ("en", "Hey team,"), ("fr", "Salut Paul,"),
                                         ("de", "Moin,"), ("de", "Hallo zusammen,")])
def test_a_short_greeting_is_no_note(config_path, tmp_path, lang, hello):
    body = f"{hello}\n\n{HEAD[lang].format(n=len(hello))}\n\n{ITEMS[lang]}\n\nThanks\nJo\n"
    got = one(config_path, WHO[lang], body, tmp_path)
    assert got["status"] == "ready" and got["notes"] == [], got


def test_a_greeting_with_an_instruction_is_a_note(config_path, tmp_path):
    body = f"Hi, please use the rear entrance.\n\n{HEAD['en'].format(n=1)}\n\n{ITEMS['en']}\n\nThanks\nJo\n"
    got = one(config_path, IE, body, tmp_path)
    assert "Hi, please use the rear entrance." in got["notes"], got


@pytest.mark.parametrize("text, disclaimer", [
    ("Colis confidentiel : à remettre en main propre au destinataire, M. Martin.", False),
    ("Vertrauliche Sendung: bitte nur dem Empfänger Herrn Weber persönlich übergeben.", False),
    ("This e-mail is confidential and intended solely for the addressee. If you received it in error, delete it.", True),
    ("Diese E-Mail ist vertraulich. Wenn Sie nicht der richtige Adressat sind, löschen Sie diese Nachricht.", True),
    ("Ce message est confidentiel et destiné uniquement à son destinataire.", True),
])
def test_a_disclaimer_speaks_of_the_message_a_confidential_parcel_is_an_instruction(text, disclaimer):
    """Review rtypedfix F1: a parcel for a named person is a delivery instruction, never a legal footer."""
    from extractors.note_furniture import _DISCLAIMER
    from extractors.locale_values import fold
    assert bool(_DISCLAIMER.search(fold(text).lower())) is disclaimer


@pytest.mark.parametrize("description, deal", [
    ("Agrafeuse de poche format réduit", False), ("Agrafeuse 24/6 effort réduit de 50 %", False),
    ("Stapler reduced-effort 24/6", False), ("Agrafeuse gris réduit", False),
    ("Agrafeuse prix réduit", True), ("Stapler, reduced price", True), ("Heftgerät reduzierter Preis", True),
    ("Agrafeuse -10%", True), ("Agrafeuse, gratuit", True),
])
def test_reduced_names_a_price_only_beside_a_price_word(description, deal):
    """Review rtypedfix F6: "format réduit" is a product's size, "prix réduit" a price."""
    from extractors.note_terms import _LINE_DEAL
    from extractors.locale_values import fold
    assert bool(_LINE_DEAL.search(fold(description).lower())) is deal
