"""Review rev1 of the trust work: inputs the reviewer proved wrong (tests/fixtures/rev1/, read with the
shipped configuration as ``gateway extract`` does). Each test names the class it guards, not only the file.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_trust import in_process_extract, orders_in

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "config" / "gateway.toml"
REV1 = ROOT / "tests" / "fixtures" / "rev1"
ACME = "purchasing@acme-industrial.example"
MUELLER = "bestellung@mueller-buero.example"
DUPONT = "commandes@dupont-fournitures.example"


def extract(name: str, sender: str, tmp_path: Path) -> dict:
    return in_process_extract(CONFIG, (REV1 / name).read_bytes(), name, tmp_path, channel="smtp", sender=sender)


def issue_codes(order: dict) -> list[str]:
    return [i["code"] for i in order["issues"]]


def test_a_count_after_a_dash_line_description_is_no_description(tmp_path):
    """T1: "+2 spare", "(+1)" after the description ask for more: the order never goes out short."""
    (order,) = orders_in(extract("t_dash_plus.eml", ACME, tmp_path))
    assert order["status"] != "ready" and "LINE-UNREAD" in issue_codes(order)


@pytest.mark.parametrize("name", ["e_store_stock.edi", "e_head_office.edi", "e_confirm_prices.edi", "e_clean.edi"])
def test_an_edi_note_in_capitals_is_not_read_as_a_typed_sentence(name, tmp_path):
    """T2: words of a capitals note that are no place ("FOR OUR HEAD OFFICE", "STORE STOCK") and a form's "confirm
    prices and delivery date" hold nothing on an EDI order."""
    (order,) = orders_in(extract(name, "x@y.z", tmp_path))
    assert order["status"] == "ready", order["issues"]


@pytest.mark.parametrize("name, code", [("rev3_f1.edi", "CHANGE-TYPED"), ("rev3_f3.edi", "PRICE-REQUEST"),
                                        ("rev3_f4.edi", "SHIP-TO-UNSURE"), ("rev3_f7.edi", "CHANGE-TYPED")])
def test_an_edi_note_that_changes_the_order_holds_it(name, code, tmp_path):
    """Review rev3 U2: "NEW DELIVERY ADDRESS: ...", "PLEASE CONFIRM YOUR PRICES BEFORE DELIVERY", "THIS ORDER IS FOR
    OUR BRANCH IN GHENT" in an EDIFACT FTX hold the order as the same words typed in an e-mail do."""
    (order,) = orders_in(extract(name, "x@y.z", tmp_path))
    assert order["status"] != "ready" and code in [i["code"] for i in order["issues"]], order["issues"]


@pytest.mark.parametrize("name, sender", [("t_folgendes.eml", MUELLER), ("t_headoffice2.eml", ACME),
                                          ("t_plant.eml", ACME), ("t_cover_head.eml", ACME)])
def test_a_capitalised_word_beside_a_site_word_is_no_place(name, sender, tmp_path):
    """T4: a noun after the site word with no preposition ("Lager Folgendes", "Plant Maintenance") and "Head
    Office" name no site; also in the covering e-mail of an attached order."""
    (order,) = orders_in(extract(name, sender, tmp_path))
    assert order["status"] == "ready", order["issues"]


@pytest.mark.parametrize("name", ["t_branch_samecity.eml", "t_paris_colon.eml"])
def test_a_branch_in_the_customers_own_city_waits(name, tmp_path):
    """T7/T10: a branch in the head office's city is another address; the names travel with no display text."""
    (order,) = orders_in(extract(name, DUPONT, tmp_path))
    assert order["status"] != "ready"
    assert any(i["code"] == "SHIP-TO-UNSURE" and i["field"] == "ship_to.site" for i in order["issues"])


def extract_text(body: str, sender: str, tmp_path: Path, subject: str = "Bestellung") -> dict:
    data = (f"From: {sender}\nTo: orders@gateway.localhost\nSubject: {subject}\nDate: Mon, 07 Dec 2026 08:00:00 +0100\n"
            f"Content-Type: text/plain; charset=utf-8\n\n{body}").encode()
    return in_process_extract(CONFIG, data, "own.eml", tmp_path, channel="smtp", sender=sender)


@pytest.mark.parametrize("name, sender", [("t_strabbr.eml", MUELLER),
                                          ("t_rueneuve.eml", "orders@retail-brussels.example")])
def test_the_customers_own_address_written_otherwise_goes(name, sender, tmp_path):
    """T3: "Hauptstr. 5" for "Hauptstraße 5", "1, rue Neuve" for "Rue Neuve 1": the address on file."""
    (order,) = orders_in(extract(name, sender, tmp_path))
    assert order["status"] == "ready", order["issues"]


@pytest.mark.parametrize("street", ["Hauptstr. 7", "Hauptweg 5", "Hauptstr. 5a"])
def test_another_street_or_house_number_typed_still_waits(street, tmp_path):
    """T3: the lenient street comparison takes no other house number nor another street of the postcode."""
    body = (f"Guten Tag,\n\nBestellung Nr. 4799\n- 5 x SKU-1001\nLieferadresse: Müller Bürobedarf GmbH, {street}, "
            "80331 München\nLiefertermin 18.12.2026\n\nGruß\nMüller\n")
    (order,) = orders_in(extract_text(body, MUELLER, tmp_path))
    assert any(i["code"] == "SHIP-TO-UNSURE" for i in order["issues"]), order["issues"]


@pytest.mark.parametrize("name, sender, po, release", [
    ("t_rahmen_oneline.eml", MUELLER, "4722", None), ("t_blanket_oneline.eml", ACME, "5505", None),
    ("t_rahmen_both2.eml", MUELLER, "4721", "3"), ("t_blanket_both.eml", ACME, "5504", "2"),
    ("t_rahmen_both.eml", MUELLER, "4720", "3")])
def test_a_call_off_naming_its_po_and_its_blanket_order_is_one_order(name, sender, po, release, tmp_path):
    """T5/T16: the blanket order beside the call-off's own PO is a reference, its release line no unread line."""
    (order,) = orders_in(extract(name, sender, tmp_path))
    assert order["status"] == "ready", order["issues"]
    assert order["po_number"] == po and order["references"].get("blanket") and \
        order["references"].get("release") == release


def test_a_call_off_with_only_its_blanket_order_keeps_it_as_po(tmp_path):
    (order,) = orders_in(extract("t_cadre.eml", DUPONT, tmp_path))
    assert order["po_number"] == "CC-77" and order["references"].get("release") == "4"


def test_two_orders_beside_a_blanket_order_are_still_several(tmp_path):
    body = ("Hello,\n\nPO 5571 under blanket order BO-8812:\n5 x SKU-1001\n\nPO 5572 under blanket order BO-8812:\n"
            "2 x SKU-1004\n\nDelivery by 12/18/2026\n\nThanks\nAnn\n")
    orders = orders_in(extract_text(body, ACME, tmp_path, subject="Call-offs"))
    assert sorted(o["po_number"] for o in orders) == ["5571", "5572"] or \
        any("ORDERS-SEVERAL" in issue_codes(o) for o in orders)


def test_a_new_order_with_no_number_names_no_po(tmp_path):
    """T14: "as a new order for delivery" names no PO ("for"): a PO holds a digit."""
    (order,) = orders_in(extract("t_repeat_for.eml", ACME, tmp_path))
    assert order["po_number"] is None and "PO-MISSING" in issue_codes(order)


def test_a_new_po_number_after_a_repeat_is_read(tmp_path):
    body = "Hello,\n\nPlease repeat our order 4711, new PO 5590.\n\nThanks\nAnn\n"
    (order,) = orders_in(extract_text(body, ACME, tmp_path, subject="Repeat"))
    assert order["po_number"] == "5590" and order["references"].get("repeats") == "4711"


@pytest.mark.parametrize("name, sender", [("t_q_accept_de.eml", MUELLER), ("t_q_accept_en.eml", ACME),
                                          ("t_q_reply_anfrage.eml", MUELLER)])
def test_an_order_accepting_a_quotation_is_an_order(name, sender, tmp_path):
    """T6: "vielen Dank für Ihr Angebot. Wir bestellen", "we accept. Please deliver", "liefern Sie bitte"."""
    (order,) = orders_in(extract(name, sender, tmp_path))
    assert [i["code"] for i in order["issues"] if i["severity"] == "error"] == ["PO-MISSING"]


def test_a_request_for_a_price_stays_a_quote_request(tmp_path):
    body = "Hello,\n\nCould you please send us your best price for:\n- 300 x SKU-1001\n\nThanks\nAnn\n"
    got = extract_text(body, ACME, tmp_path, subject="Paper")
    assert not orders_in(got)


def test_the_order_number_beside_a_named_site_is_no_address(tmp_path):
    """The PO typed on the site's line ("PO 5591 for our branch in Toledo") is no house number: the order waits."""
    body = "Hello,\n\nPO 5591 for our branch in Toledo.\n- 5 x SKU-1001\nDelivery by 12/18/2026\n\nThanks\nAnn\n"
    (order,) = orders_in(extract_text(body, ACME, tmp_path, subject="PO 5591"))
    assert any(i["code"] == "SHIP-TO-UNSURE" and i["field"] == "ship_to.site" for i in order["issues"])


def test_a_single_space_table_with_an_amount_column_reads_its_prices(tmp_path):
    """T9: "Qty Unit Item Description Unit price Total": the price, then the amount (quantity x price)."""
    (order,) = orders_in(extract("t_tab_amount.eml", ACME, tmp_path))
    assert order["status"] == "ready", order["issues"]
    assert [(ln["unit_price"], ln["amount"]) for ln in order["lines"]] == [("24.50", "122.50"), ("18.00", "36.00")]


def test_an_amount_that_is_not_quantity_times_price_leaves_the_row_unread(tmp_path):
    body = ("Hello,\n\nPO 5592\nQty Unit Item Description Price Amount\n3 BX SKU-1001 Copy paper A4 24.50 75.00\n\n"
            "Delivery by 12/18/2026\nAnn\n")
    (order,) = orders_in(extract_text(body, ACME, tmp_path, subject="PO 5592"))
    assert order["status"] != "ready" and "LINE-UNREAD" in issue_codes(order)


def test_review_rev3_u1_u6_a_typed_address_in_another_town_is_not_the_one_on_file() -> None:
    """Review rev3 U1, U6: the street and postcode on file in another town ("80331 Augsburg", "1000 Lausanne") is
    another place: the typed address waits."""
    from gateway.model import Address
    from gateway.reference.masterdata import CustomerRecord
    from gateway.stages.mapping import is_known_address, typed_address_on_file

    customer = CustomerRecord(customer_id="C1", name="Müller", street="Hauptstraße 5", postcode="80331",
                              city="München", country="DE")
    assert typed_address_on_file(Address(street="Hauptstr. 5", postcode="80331", city="München"), customer)
    assert not typed_address_on_file(Address(street="Hauptstr. 5", postcode="80331", city="Augsburg"), customer)
    assert not typed_address_on_file(Address(street="Hauptstr. 5", postcode="80331", city="München", country="AT"),
                                     customer)
    assert is_known_address(Address(street="Hauptstraße 5", postcode="80331", city="München"), customer)
    assert not is_known_address(Address(street="Hauptstraße 5", postcode="80331", city="Augsburg"), customer)
