"""Issue 17, the classes left open: what goes out untouched is right, what waits says why.

Own examples, fr/de/en, through the gateway's extract path (``tests.test_trust``): a condition on the delivery with
a consequence ("Bitte unterschreiben lassen, sonst Ware zurück") holds QUESTION-TYPED while the same notice alone is
the order's note; payment terms and counts in words typed in the body hold TERMS-TYPED and CHANGE-TYPED, not
LINE-UNREAD; a carton more for samples holds ADDITION-TYPED; a full pallet beside a count of cartons holds
PACK-SIZE-TYPED; a typed collection holds SHIP-TO-UNSURE; a cXML From credential is a weak id without its partner's
SharedSecret or a channel naming the customer; the usual payment terms are config; a sheet line whose description
gives a discount holds PRICE-TYPED.
"""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest

from testkit.trust_corpus import CUSTOMERS, CXML_SECRETS, trust_config
from tests.test_mail_typed_classes import codes, one

FR, IE, US, DE = CUSTOMERS
DUE = date.today() + timedelta(days=12)
HEAD = {"fr": f"Commande QR-{{n}}, livraison le {DUE:%d/%m/%Y}", "de": f"Bestellnummer QR-{{n}}, Liefertermin {DUE:%d.%m.%Y}",
        "en": f"PO QR-{{n}}, deliver by {DUE:%d/%m/%Y}"}
WHO = {"fr": FR, "de": DE, "en": IE}


@pytest.fixture(scope="module")
def config_path(tmp_path_factory) -> Path:
    return trust_config(tmp_path_factory.mktemp("round17"))


def typed(config_path: Path, tmp: Path, lang: str, items: str, remark: str, apart: bool = True) -> dict:
    body = (f"Hello,\n\n{HEAD[lang].format(n=sum(map(ord, remark)) % 10000)}\n\n{items}\n" + ("\n" if apart else "")
            + f"{remark}\n\nThanks\nJo\n")
    return one(config_path, WHO[lang], body, tmp)


def held_by(got: dict, code: str) -> dict:
    assert got["status"] != "ready", got["issues"]
    return next(i for i in got["issues"] if i["code"] == code and i["severity"] == "error")


# --- 1. a condition on the delivery with a consequence ------------------------------------------------------------

CONSEQUENCES = [("de", "3 Stk TP-1002", "Bitte unterschreiben lassen, sonst Ware zurück."),
                ("fr", "- 3 x TP-1002", "À faire signer, sinon retour de la marchandise."),
                ("en", "3 x TP-1002", "Please get it signed, or the goods come back."),
                ("de", "3 Stk TP-1002", "Anlieferung nur vormittags, andernfalls verweigern wir die Annahme.")]


@pytest.mark.parametrize("apart", [True, False], ids=["apart", "under-the-items"])
@pytest.mark.parametrize("lang, items, remark", CONSEQUENCES)
def test_a_condition_with_a_consequence_holds_question_typed_quoting_it(config_path, tmp_path, lang, items, remark, apart):
    got = typed(config_path, tmp_path, lang, items, remark, apart)
    issue = held_by(got, "QUESTION-TYPED")
    assert remark[:30] in issue["message"] and "LINE-UNREAD" not in codes(got)


@pytest.mark.parametrize("lang, items, remark", [
    ("de", "3 Stk TP-1002", "Lieferschein bitte unterschreiben lassen."),
    ("fr", "- 3 x TP-1002", "Merci de faire signer le bon de livraison."),
    ("en", "3 x TP-1002", "Please have the delivery note signed."),
])
def test_a_signature_asked_without_a_consequence_goes_as_the_orders_note(config_path, tmp_path, lang, items, remark):
    got = typed(config_path, tmp_path, lang, items, remark)
    assert got["status"] == "ready" and remark in got["notes"], got["issues"]


# --- 2. payment terms and counts in words ----------------------------------------------------------------------

@pytest.mark.parametrize("apart", [True, False], ids=["apart", "under-the-items"])
@pytest.mark.parametrize("lang, items, remark", [
    ("fr", "- 3 x TP-1002", "Conditions de paiement : 45 jours fin de mois"),
    ("en", "3 x TP-1002", "Payment 30 days end of month please"),
    ("de", "3 Stk TP-1002", "Zahlungsbedingungen: 60 Tage netto"),
])
def test_typed_payment_terms_hold_terms_typed_not_line_unread(config_path, tmp_path, lang, items, remark, apart):
    got = typed(config_path, tmp_path, lang, items, remark, apart)
    assert remark in held_by(got, "TERMS-TYPED")["message"] and "LINE-UNREAD" not in codes(got)


def test_the_usual_terms_typed_go_out_as_a_note(config_path, tmp_path):
    got = typed(config_path, tmp_path, "de", "3 Stk TP-1002", "Zahlungsbedingungen: 30 Tage netto")
    assert got["status"] == "ready" and "Zahlungsbedingungen: 30 Tage netto" in got["notes"], got["issues"]


@pytest.mark.parametrize("apart", [True, False], ids=["apart", "under-the-items"])
@pytest.mark.parametrize("lang, items, remark", [
    ("en", "10 x TP-1002", "make it twenty instead of ten"),
    ("de", "10 Stk TP-1002", "statt zehn bitte zwölf Stück"),
    ("fr", "- 10 x TP-1002", "au lieu de dix, mettez-en douze svp"),
])
def test_a_count_in_words_in_place_of_another_holds_change_typed(config_path, tmp_path, lang, items, remark, apart):
    got = typed(config_path, tmp_path, lang, items, remark, apart)
    assert remark in held_by(got, "CHANGE-TYPED")["message"] and "LINE-UNREAD" not in codes(got)
    assert [ln["quantity"] for ln in got["lines"]] == ["10"]  # never a count changed by guess


def test_a_count_in_words_needs_the_change_word():
    from extractors.change_requests import count_change
    assert count_change("twenty instead of ten please") is not None
    assert count_change("two boxes as usual") is None  # no change word
    assert count_change("deliver on 21/12 instead of 18/12") is None  # a date moved: date_change's


# --- 3. a carton more for samples -----------------------------------------------------------------------------

@pytest.mark.parametrize("apart", [True, False], ids=["apart", "under-the-items"])
@pytest.mark.parametrize("lang, items, remark", [
    ("fr", "- 2 cartons TP-1005", "Un carton de plus pour les échantillons"),
    ("en", "2 cartons TP-1005", "One more carton for the samples please"),
    ("de", "2 Kartons TP-1005", "Einen Karton mehr für die Muster bitte"),
])
def test_a_carton_more_for_samples_holds_addition_typed_and_no_quantity_moves(config_path, tmp_path, lang, items,
                                                                                remark, apart):
    got = typed(config_path, tmp_path, lang, items, remark, apart)
    assert remark in held_by(got, "ADDITION-TYPED")["message"]
    assert [(ln["sku"], ln["quantity"]) for ln in got["lines"]] == [("TP-1005", "2")]


# --- 7. a full pallet beside a count of cartons ------------------------------------------------------------------

@pytest.mark.parametrize("lang, items", [("fr", "- 4 cartons TP-1005 palette complète"),
                                         ("de", "4 Kartons TP-1005 (komplette Palette)"),
                                         ("en", "4 cartons TP-1005 (a full pallet)")])
def test_a_full_pallet_beside_a_carton_count_holds_pack_size_typed(config_path, tmp_path, lang, items):
    got = one(config_path, WHO[lang], f"Hello,\n\n{HEAD[lang].format(n=7)}\n\n{items}\n\nThanks\nJo\n", tmp_path)
    assert held_by(got, "PACK-SIZE-TYPED")["field"] == "lines[1].quantity"


@pytest.mark.parametrize("lang, items, remark", [("fr", "- 4 cartons TP-1005", "Livraison sur une palette svp."),
                                                 ("en", "4 cartons TP-1005", "Max. 1 pallet please.")])
def test_how_the_cartons_are_palletised_is_no_quantity(config_path, tmp_path, lang, items, remark):
    got = typed(config_path, tmp_path, lang, items, remark)
    assert got["status"] == "ready" and "PACK-SIZE-TYPED" not in codes(got), got["issues"]


def test_full_pallet_words():
    from extractors.delivery_conditions import full_pallet
    assert full_pallet("6 cartons TP-1005 (palette complète)") and full_pallet("5 Kartons - volle Palette")
    assert not full_pallet("sur une palette svp") and not full_pallet("merci de reprendre les palettes vides")
    assert not full_pallet("max. 1 pallet") and not full_pallet("Palettentausch bitte")


# --- 8. a typed collection ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("apart", [True, False], ids=["apart", "under-the-items"])
@pytest.mark.parametrize("lang, items, remark", [
    ("fr", "- 3 x TP-1002", "je passe prendre la commande jeudi"),
    ("de", "3 Stk TP-1002", "Abholung durch uns am 10.12."),
    ("de", "3 Stk TP-1002", "wir holen die Bestellung am Freitag ab"),
    ("en", "3 x TP-1002", "I'll pick it up myself on Monday."),
    ("en", "3 x TP-1002", "Our driver will collect from you on Tuesday"),
])
def test_a_typed_collection_holds_ship_to_unsure(config_path, tmp_path, lang, items, remark, apart):
    got = typed(config_path, tmp_path, lang, items, remark, apart)
    assert held_by(got, "SHIP-TO-UNSURE")["field"] == "ship_to"


@pytest.mark.parametrize("lang, items, remark", [("en", "3 x TP-1002", "Driver will call before delivery."),
                                                 ("fr", "- 3 x TP-1002", "Merci de reprendre les palettes vides.")])
def test_a_call_ahead_or_empties_taken_back_is_no_collection(config_path, tmp_path, lang, items, remark):
    got = typed(config_path, tmp_path, lang, items, remark)
    assert got["status"] == "ready" and "SHIP-TO-UNSURE" not in codes(got), got["issues"]


def test_the_supplier_asked_to_fetch_something_is_no_collection():
    from extractors.collection import customer_collects
    assert not customer_collects("Bitte holen Sie die defekte Ware bei uns ab")
    assert not customer_collects("we'll collect the empties") and not customer_collects("we will call you")


# --- 4. cXML credentials -----------------------------------------------------------------------------------------

def cxml(secret: str | None) -> bytes:
    sent = f"<SharedSecret>{secret}</SharedSecret>" if secret is not None else ""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<cXML payloadID="QR-CX@k.example" timestamp="{date.today()}T08:00:00+00:00" xml:lang="en-US">
<Header><From><Credential domain="DUNS"><Identity>{US.duns}</Identity></Credential></From>
<To><Credential domain="NetworkID"><Identity>GATEWAY</Identity></Credential></To>
<Sender><Credential domain="NetworkID"><Identity>hub</Identity>{sent}</Credential><UserAgent>t</UserAgent></Sender></Header>
<Request deploymentMode="production"><OrderRequest>
<OrderRequestHeader orderID="QR-CX" orderDate="{date.today()}T08:00:00+00:00" type="new" requestedDeliveryDate="{DUE}"/>
<ItemOut quantity="2" lineNumber="1"><ItemID><SupplierPartID>TP-1001</SupplierPartID></ItemID>
<ItemDetail><UnitPrice><Money currency="USD">19.90</Money></UnitPrice><Description xml:lang="en">Desk lamp</Description>
<UnitOfMeasure>EA</UnitOfMeasure></ItemDetail></ItemOut></OrderRequest></Request></cXML>""".encode()


def posted(config_path: Path, tmp: Path, data: bytes, name: str = "o.xml", **how: str) -> dict:
    from tests.test_trust import in_process_extract, orders_in
    (got,) = orders_in(in_process_extract(config_path, data, name, tmp, **how))
    return got


@pytest.mark.parametrize("secret", [None, "guessed", ""], ids=["none", "wrong", "empty"])
def test_a_cxml_posted_without_the_partners_secret_is_a_weak_id(config_path, tmp_path, secret):
    got = posted(config_path, tmp_path, cxml(secret), channel="http")
    assert held_by(got, "CUSTOMER-WEAK-ID") and got["customer"]["id"] == "T3"


def test_a_cxml_posted_with_the_partners_secret_goes(config_path, tmp_path):
    got = posted(config_path, tmp_path, cxml(CXML_SECRETS["T3"]), channel="http")
    assert got["status"] == "ready" and got["customer"]["corroborated"], got["issues"]


@pytest.mark.parametrize("sender, weak", [("buyer@unknown-shop.example", True), (US.email, False)])
def test_a_mailed_cxml_is_vouched_for_by_its_senders_address_only(config_path, tmp_path, sender, weak):
    got = posted(config_path, tmp_path, cxml("guessed"), channel="smtp", sender=sender)
    assert ("CUSTOMER-WEAK-ID" in codes(got)) is weak and got["customer"]["id"] == "T3"


def test_the_secret_never_reaches_the_extraction():
    from extractors.base import ExtractHints
    from extractors.xml.cxml import EXTRACTOR
    extraction = EXTRACTOR.extract(cxml("s3cr3t-value"), ExtractHints())
    assert "s3cr3t-value" not in extraction.model_dump_json() and extraction.sender_hints["cxml_sender_digest"]


def test_a_partner_secret_variable_that_is_not_set_is_refused_at_start(tmp_path, monkeypatch):
    from gateway.errors import ConfigError
    from testkit.harness import load_test_config, write_config
    from testkit.trust_corpus import write_master
    monkeypatch.delenv("QR_UNSET_SECRET", raising=False)
    write_master(tmp_path / "master")
    path = write_config(tmp_path / "gw", {"partners": [{"id": "p", "customer_id": "T3",
                                                        "cxml_secret_env": "QR_UNSET_SECRET"}]},
                        master_data=tmp_path / "master")
    with pytest.raises(ConfigError, match="cxml_secret_env"):
        load_test_config(path)


# --- 5. the usual payment terms are config -----------------------------------------------------------------------

@pytest.mark.parametrize("value", ["thirty days", "", "2 % Skonto", "net 30 or net 60"])
def test_unreadable_usual_terms_are_refused(value):
    from pydantic import ValidationError
    from gateway.config_decide import CompletenessSection
    with pytest.raises(ValidationError, match="usual_payment_terms"):
        CompletenessSection(usual_payment_terms=value)


def test_the_configured_usual_terms_are_compared(tmp_path):
    from gateway.config_decide import CompletenessSection
    from gateway.stages.payment_terms import check_payment_terms
    from gateway.model import NormalizedOrder
    usual = CompletenessSection(usual_payment_terms="2/10 net 60").usual_terms()
    order = NormalizedOrder.model_construct(notes=["Payment net 60, 2 % within 10 days"])
    assert check_payment_terms(order, None, usual) == []
    order = NormalizedOrder.model_construct(notes=["Payment net 30"])
    assert [code for code, _f, _m in check_payment_terms(order, None, usual)] == ["TERMS-TYPED"]


# --- 6. a discount written in a sheet line ------------------------------------------------------------------------

def sheet(description: str) -> bytes:
    book = openpyxl.Workbook()
    for row in [["Commande", "QR-SH"], ["Date de commande", f"{date.today() - timedelta(days=2):%d/%m/%Y}"],
                ["Date de livraison", f"{DUE:%d/%m/%Y}"], [], ["Réf article", "Désignation", "Qté", "Unité", "Prix unitaire"],
                ["TP-1002", description, 10, "pièce", 12.00]]:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("description", ["Agrafeuse - remise 10 %", "Agrafeuse (10 % Rabatt)", "Stapler less 5% discount"])
def test_a_sheet_line_giving_a_discount_holds_price_typed(config_path, tmp_path, description):
    got = posted(config_path, tmp_path, sheet(description), "cde.xlsx", channel="smtp", sender=FR.email)
    assert held_by(got, "PRICE-TYPED")["field"] == "lines[1].unit_price"


@pytest.mark.parametrize("description", ["Agrafeuse", "Agrafeuse 100 % recyclée", "Agrafeuse 24/6 - 10 pièces"])
def test_a_sheet_line_with_numbers_in_its_name_goes(config_path, tmp_path, description):
    got = posted(config_path, tmp_path, sheet(description), "cde.xlsx", channel="smtp", sender=FR.email)
    assert got["status"] == "ready", got["issues"]
