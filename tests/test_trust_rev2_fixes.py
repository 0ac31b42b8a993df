"""Review rev2 defects in the issue-17 work, with inputs made here: a call-off number named in a sentence about an
earlier call-off (or labelled as the supplier's) is no PO (#4), two frame orders keep ORDERS-SEVERAL (#5), an
amendment typed as "Line N:" lines is a change (#21), a dock/reception word before a real address keeps the typed
ship-to (#11), "same as billing" beside a typed bill-to keeps the ship-to hold (#12), a part typed after the code is
no product (#6), "for <somebody>" is no part (#7), "ring binders" keep their unit (#17).
"""

from __future__ import annotations

import pytest

from tests.test_trust_issue17_rest import DE, FR, IE, US, config_path, one  # noqa: F401  (fixture)


def codes(order: dict) -> dict[str, str]:
    return {issue["code"]: issue["severity"] for issue in order["issues"]}


# --- #4 / #5 call-off numbers -------------------------------------------------------------------------------

@pytest.mark.parametrize("customer, head, wrong", [
    (DE, "Rahmenauftrag RA-9920\nDie vorige Abrufnummer 64410 kam unvollständig, bitte nachliefern:", "64410"),
    (IE, "Blanket PO BP-3310\nOur release number 8812 is still outstanding, also send:", "8812"),
    (DE, "Rahmenvereinbarung 4500001234 - Ihre Abrufnummer 64477", "64477"),
    (FR, "Contrat cadre CC-5521\nNotre numéro d'appel 6610 a été livré en partie, merci d'envoyer :", "6610"),
])
def test_a_call_off_number_in_a_sentence_or_labelled_as_yours_is_no_po(config_path, tmp_path, customer, head, wrong):
    got = one(config_path, customer, f"{head}\n- 4 x TP-1002\n", tmp_path)
    assert got["po_number"] != wrong, got
    if got["po_number"] is None:
        assert got["status"] == "review" and "PO-MISSING" in codes(got), got["issues"]


@pytest.mark.parametrize("customer, body", [
    (IE, "Blanket purchase order BPO-100, our call-off number 5590\nBlanket purchase order BPO-200 covers the staplers\n"
         "- 2 x TP-1001\n- 5 x TP-1002\n"),
    (DE, "Rahmenbestellung RB-71 / unsere Abrufnummer 5591\nLeuchten bitte auf Rahmenbestellung RB-72\n"
         "- 2 Stk TP-1001\n- 5 Stk TP-1002\n")])
def test_two_frame_orders_beside_one_call_off_are_several_orders(config_path, tmp_path, customer, body):
    got = one(config_path, customer, body, tmp_path)
    assert got["status"] == "review" and codes(got).get("ORDERS-SEVERAL") == "error", got["issues"]


# --- #21 an amendment typed over its lines, whatever their layout ---------------------------------------------

@pytest.mark.parametrize("customer, body", [
    (IE, "PO 66100\nCould you please change our order 66100 from last week to the following:\n1) 8 x TP-1002\n"
         "2) 4 x TP-1001\n"),
    (US, "PO 66101\nRevised quantities for this PO:\n- 8 TP-1002\n- 4 TP-1001\n"),
    (FR, "Commande n° 66102\nMerci de modifier notre commande 66102 comme suit :\nLigne 1 : 8 TP-1002\n"),
    (DE, "Bestellnummer 66103\nÄnderung zu unserem Auftrag 66103:\n8 Stk TP-1002\n4 Stk TP-1001\n"),
])
def test_an_amendment_over_its_lines_is_held_as_a_change(config_path, tmp_path, customer, body):
    got = one(config_path, customer, body, tmp_path)
    assert got["status"] == "review" and codes(got).get("CHANGE-TYPED") == "error", got["issues"]


# --- #11 a dock/gate/reception word before a real place; #12 "same as billing" beside a typed bill-to ----------

@pytest.mark.parametrize("customer, label", [
    (US, "Ship to: Door 7, Riverside Logistics Park, Dayton OH"),
    (IE, "Deliver to: Goods reception, Merchant Quay Building, Waterford"),
    (DE, "Lieferadresse: Rampe 5, Logistikzentrum Nord, Hannover"),
])
def test_a_dock_word_before_another_place_keeps_the_typed_ship_to(config_path, tmp_path, customer, label):
    got = one(config_path, customer, f"PO 79001\n{label}\n- 2 x TP-1002\n", tmp_path)
    assert got["status"] == "review" and codes(got).get("SHIP-TO-UNSURE") == "error", got["issues"]


@pytest.mark.parametrize("customer, label", [
    (US, "Deliver to: Bay B2, goods inwards, Mon-Fri 08:00-16:00"), (DE, "Lieferadresse: Tor 1, Annahme bis 14 Uhr")])
def test_a_dock_and_its_hours_alone_is_a_handling_note(config_path, tmp_path, customer, label):
    got = one(config_path, customer, f"PO 79002\n{label}\n- 2 x TP-1002\n", tmp_path)
    assert "SHIP-TO-UNSURE" not in codes(got) and got["ship_to"] is None, got["issues"]


@pytest.mark.parametrize("customer, body", [
    (IE, "PO 79010\nInvoice to: Dublin Office Supplies, 9 Quay Street, Cork T12 AB34\n"
         "Delivery address: same as the invoice address\n- 2 x TP-1002\n"),
    (DE, "Bestellnummer 79011\nRechnungsadresse: Hansa Bürotechnik, Hafenstraße 3, 20457 Hamburg\n"
         "Lieferadresse: wie Rechnungsadresse\n- 2 Stk TP-1002\n"),
])
def test_same_as_a_typed_billing_address_keeps_the_ship_to_hold(config_path, tmp_path, customer, body):
    got = one(config_path, customer, body, tmp_path)
    assert got["status"] == "review" and codes(got).get("SHIP-TO-UNSURE") == "error", got["issues"]


# --- #8 a site's place word found only in the company name or a street name settles nothing -----------------

@pytest.mark.parametrize("note, party, held", [
    ("PLEASE SHIP TO OUR LIMERICK DEPOT", dict(name="Limerick Stationers Ltd", street="4 Shannon Road", city="Ennis"), True),
    ("GOODS FOR OUR GALWAY STORE", dict(name="West Paper Co", street="8 Galway Road", city="Athlone"), True),
    ("GOODS FOR OUR GALWAY STORE", dict(name="West Paper Co", street="8 Quay Street", city="Galway"), False),
    ("DELIVER TO OUR ATHLONE DEPOT", dict(name="West Paper Co Athlone depot", street="Unit 3", city="Moate"), False),
])
def test_a_site_word_is_settled_by_the_delivery_town_not_the_company_name(note, party, held):
    from gateway.model import ExtractedOrder, Party
    from gateway.stages.mapping import with_note_problems
    order = ExtractedOrder(po_number="45002", notes=[note], parties=[Party(role="ship_to", **party)])
    assert ("SHIP-TO-UNSURE" in {p.code for p in with_note_problems(order).problems}) is held


def test_site_place_words_leave_out_the_company_name_and_the_street():
    from extractors.named_sites import site_place_words
    from gateway.model import Party
    words = site_place_words(Party(role="ship_to", name="Cork Office Supplies", street="5 Dublin Road", city="Cobh"))
    assert "cork" not in words.lower() and "dublin" not in words.lower() and "Cobh" in words


# --- #6 a part typed after (or before, with no "for") the code; #7 "for <somebody>" is no part -----------------

@pytest.mark.parametrize("customer, body", [
    (IE, "PO 79101\n- 2 x TP-1001 mains cable\n"),
    (DE, "Bestellnummer 79102\n- 4 Stk TP-1001 Leuchtmittel\n"),
    (FR, "Commande n° 79103\n- 2 x TP-1001 ampoule\n"),
    (US, "PO 79104\n3 ea Spare bulb TP-1001\n"),
    (IE, "PO 79105\n- 6 x TP-1002 spring\n"),
])
def test_a_part_typed_beside_the_code_is_not_the_product(config_path, tmp_path, customer, body):
    got = one(config_path, customer, body, tmp_path)
    assert got["status"] == "review" and codes(got).get("ITEM-UNKNOWN") == "error", got["issues"]


@pytest.mark.parametrize("customer, body, sku", [
    (IE, "PO 79201\n- 4 x Desk lamp for Sarah TP-1001\n", "TP-1001"),
    (DE, "Bestellnummer 79202\n2 Stk Tischleuchte für Empfang TP-1001\n", "TP-1001"),
    (FR, "Commande n° 79203\n- 3 x Lampe pour direction TP-1001\n", "TP-1001"),
])
def test_a_product_for_somebody_keeps_its_code(config_path, tmp_path, customer, body, sku):
    got = one(config_path, customer, body, tmp_path)
    assert [ln["sku"] for ln in got["lines"]] == [sku] and "ITEM-UNKNOWN" not in codes(got), got["issues"]


# --- #19 the ship-to history key keeps numbers apart ----------------------------------------------------------

@pytest.mark.parametrize("one_street, other_street", [
    ("Flat 2, 14 Quay Road", "Flat 21, 4 Quay Rd"), ("Building 3, 7 Harbour Way", "Building 37 Harbour Way"),
    ("Lindenweg 1 2", "Lindenweg 12")])
def test_address_keys_keep_unit_and_house_numbers_apart(one_street, other_street):
    from gateway.model import Address
    from gateway.stages.anomaly import address_key
    assert address_key(Address(street=one_street, postcode="H91 A1B2", city="Galway")) != \
        address_key(Address(street=other_street, postcode="H91 A1B2", city="Galway"))


def test_address_keys_still_ignore_spelling():
    from gateway.model import Address
    from gateway.stages.anomaly import address_key
    assert address_key(Address(street="14 Quay Road", postcode="H91A1B2", city="GALWAY")) == \
        address_key(Address(street="14, Quay Rd.", postcode="H91 A1B2", city="Galway"))


# --- #17 a noun-unit word before another noun is part of the product's name --------------------------------------

@pytest.mark.parametrize("body", ["PO 79301\n- 6 ring binders TP-1006\n", "PO 79302\n- 6 ring folders TP-1006\n"])
def test_ring_before_a_noun_is_no_unit(config_path, tmp_path, body):
    got = one(config_path, IE, body, tmp_path)
    (line,) = got["lines"]
    assert line["uom"] != "RG" and "ring" in (line["description"] or "").lower(), got
    assert "UOM-NO-CONVERSION" not in codes(got), got["issues"]


def test_rings_of_a_product_stay_rings_and_rings_before_a_noun_never_go_out_untouched(config_path, tmp_path):
    got = one(config_path, IE, "PO 79303\n- 4 rings of cable TP-1004\n", tmp_path)
    assert got["lines"][0]["uom"] == "RG", got
    got = one(config_path, IE, "PO 79304\n- 4 rings cable TP-1004\n", tmp_path)
    assert got["status"] == "review", got["issues"]
