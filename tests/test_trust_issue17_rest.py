"""Issue 17 (trust on documents we did not design), the remaining classes, with inputs made here: a site named
in words with no address (A), a part or accessory for a coded product (B), a call-off beside a frame order (C),
units KAR/Ring/Bund (D), a date in words followed by "by <name>" or a time (E), two POs in one e-mail (F), a cXML
shipping amount in the total (G), "Line 1: 12 X" lines (H), the supplier's own order number (I) and a typed
ship-to that differs from a delivered one in writing only (J).

Through the gateway's extract path (``tests.test_trust.typed``: the e-mail's Date header two days ago).
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from testkit.trust_corpus import CUSTOMERS, CXML_SECRETS, trust_config

TODAY = date.today()
DUE = TODAY + timedelta(days=14)
FR, IE, US, DE = CUSTOMERS
WHEN = {"en": f"Delivery date: {DUE.strftime('%d/%m/%Y')}", "fr": f"Livraison le {DUE.strftime('%d/%m/%Y')}",
        "de": f"Liefertermin: {DUE.strftime('%d.%m.%Y')}", "us": f"Deliver by {DUE.strftime('%m/%d/%Y')}"}
LANG = {FR: "fr", IE: "en", US: "us", DE: "de"}


@pytest.fixture(scope="module")
def config_path(tmp_path_factory) -> Path:
    return trust_config(tmp_path_factory.mktemp("issue17"))


def orders(config: Path, customer, body: str, tmp: Path) -> list[dict]:
    from tests.test_trust import typed
    first, _, rest = body.partition("\n")
    return typed(config, customer, f"{first}\n{WHEN[LANG[customer]]}\n{rest}", tmp)


def one(config: Path, customer, body: str, tmp: Path) -> dict:
    (got,) = orders(config, customer, body, tmp)
    return got


def codes(order: dict) -> dict[str, str]:
    return {i["code"]: i["severity"] for i in order["issues"]}


def lines(order: dict) -> list[tuple]:
    return [(ln["sku"], ln["quantity"], ln["uom"]) for ln in order["lines"]]


# --- B. a part, a spare, a refill or an accessory for a coded product --------------------------------------

PARTS = [(IE, "PO 62001\n- 3 x Replacement spring for stapler (TP-1002)\n"),
         (IE, "PO 62002\n- 3 x Refill cartridge for TP-1002\n"),
         (US, "PO 62003\n2 ea Lamp shade for desk lamp TP-1001\n"),
         (DE, "Bestellnummer 62004\n3 Stk Ersatzfeder für Hefter TP-1002\n"),
         (DE, "Bestellnummer 62005\n3 Stk Netzkabel für TP-1001\n"),
         (FR, "Commande n° 62006\n- 3 x ressort de rechange pour agrafeuse TP-1002\n"),
         (FR, "Commande n° 62007\n- 3 x Ampoule pour lampe de bureau TP-1001\n"),
         (IE, "PO 62008\n- 3 x TP-1002 replacement spring\n"),
         (DE, "Bestellnummer 62009\n- 2 x TP-1006 Nachfüllpackung\n")]


@pytest.mark.parametrize("customer, body", PARTS)
def test_a_part_for_a_coded_product_is_not_that_product(config_path, tmp_path, customer, body):
    got = one(config_path, customer, body, tmp_path)
    assert got["status"] == "review" and codes(got).get("ITEM-UNKNOWN") == "error", got["issues"]


@pytest.mark.parametrize("customer, body, want", [
    (DE, "Bestellnummer 62010\n3 Stk TP-1002 Hefter für Büro\n", ("TP-1002", "3", "C62")),
    (IE, "PO 62011\n- 4 pcs for TP-1001\n", ("TP-1001", "4", "EA")),
    (FR, "Commande n° 62012\n- 2 x Agrafeuse TP-1002\n", ("TP-1002", "2", "C62"))])
def test_the_product_itself_still_goes_out(config_path, tmp_path, customer, body, want):
    got = one(config_path, customer, body, tmp_path)
    assert lines(got) == [want] and "ITEM-UNKNOWN" not in codes(got), got["issues"]


# --- C. the customer's own call-off number beside its frame order ------------------------------------------

@pytest.mark.parametrize("customer, head, po, frame", [
    (DE, "Rahmenvertrag 4500007778, unsere Abrufnummer 63002", "63002", "4500007778"),
    (DE, "Abrufbestellnummer: 63020\nRahmenauftrag: RA-5510", "63020", "RA-5510"),
    (FR, "Contrat cadre 4500007779 - notre numéro d'appel 63004", "63004", "4500007779"),
    (IE, "Blanket order BO-4410, our call-off no. 7730", "7730", "BO-4410"),
])
def test_an_own_call_off_number_is_the_po_and_its_frame_order_a_reference(config_path, tmp_path, customer, head, po,
                                                                          frame):
    got = one(config_path, customer, f"{head}\n- 3 x TP-1002\n", tmp_path)
    assert got["po_number"] == po and got["references"].get("blanket") == frame, got
    assert got["status"] == "ready" and "release" not in got["references"], got["issues"]


def test_a_po_beside_its_frame_order_goes_out_with_the_frame_as_reference(config_path, tmp_path):
    got = one(config_path, DE, "Rahmenbestellung: 4500007777\nBestellnummer: 63101\n3 Stk TP-1002\n", tmp_path)
    assert got["po_number"] == "63101" and got["references"]["blanket"] == "4500007777"
    assert got["status"] == "ready", got["issues"]


# --- E. a line stamping when the order was made: its date in words, then "by <name>" or a time ----------------

ORDERED = TODAY - timedelta(days=3)
EN_DAY = f"{ORDERED:%B} {ORDERED.day}, {ORDERED.year}"


@pytest.mark.parametrize("customer, stamp", [
    (US, f"Placed on {EN_DAY} by Jane Doe"),
    (US, f"Order created {EN_DAY} at 10:32"),
    (IE, f"Ordered {ORDERED.day} {ORDERED:%B} {ORDERED.year} by Mark Lee"),
    (IE, f"PO 64001 - raised on {ORDERED.day} {ORDERED:%B} {ORDERED.year} by Tom"),
    (DE, f"Bestellung erstellt am {ORDERED.day}. " + "Januar Februar März April Mai Juni Juli August September Oktober "
     f"November Dezember".split()[ORDERED.month - 1] + f" {ORDERED.year} von Frau Vogel"),
    (FR, f"Commande établie le {ORDERED.day} " + "janvier février mars avril mai juin juillet août septembre octobre "
     f"novembre décembre".split()[ORDERED.month - 1] + f" {ORDERED.year} par M. Girard"),
])
def test_a_stamped_order_date_is_the_order_date(config_path, tmp_path, customer, stamp):
    got = one(config_path, customer, f"PO 64001\n{stamp}\n- 2 x TP-1002\n", tmp_path)
    assert got["order_date"] == ORDERED.isoformat() and got["status"] == "ready", got["issues"]


# --- F. two POs named in one e-mail ---------------------------------------------------------------------------

@pytest.mark.parametrize("customer, head", [
    (FR, "Bonjour, nos commandes 4501 et 4502"), (IE, "Hi, our orders 7701 and 7702 below"),
    (DE, "Hallo, anbei unsere Bestellungen 5501 und 5502"), (IE, "Please process POs 8801 & 8802")])
def test_two_pos_in_one_sentence_are_several_orders(config_path, tmp_path, customer, head):
    got = one(config_path, customer, f"{head}\n- 2 x TP-1002\n- 3 x TP-1001\n", tmp_path)
    assert got["status"] == "review" and codes(got).get("ORDERS-SEVERAL") == "error", got["issues"]


def test_two_pos_with_their_lines_grouped_are_split(config_path, tmp_path):
    body = "Hello, our POs 7711 and 7712:\n\nPO 7711:\n- 2 x TP-1002\n\nPO 7712:\n- 3 x TP-1001\n\nThanks\n"
    got = sorted((o["po_number"], lines(o)) for o in orders(config_path, IE, body, tmp_path))
    assert got == [("7711", [("TP-1002", "2", "C62")]), ("7712", [("TP-1001", "3", "EA")])]


# --- H. "Line 1: 12 X": the line's number typed apart ---------------------------------------------------------

@pytest.mark.parametrize("customer, body, want", [
    (IE, "PO 65001\nLine 1: 12 TP-1002\nLine 2: 3 TP-1001\n", [("TP-1002", "12", "C62"), ("TP-1001", "3", "EA")]),
    (DE, "Bestellnummer 65002\nPos. 1: 5 TP-1002\nDanke\n", [("TP-1002", "5", "C62")]),
    (FR, "Commande n° 65003\nLigne 1 : 4 TP-1002\nMerci\n", [("TP-1002", "4", "C62")]),
    (IE, "PO 65004\nItem 1: 6 TP-1006\n", [("TP-1006", "6", "PK")])])
def test_a_numbered_line_reads_its_quantity_surely(config_path, tmp_path, customer, body, want):
    got = one(config_path, customer, body, tmp_path)
    assert lines(got) == want and got["status"] == "ready", got["issues"]


# --- I. the supplier's own number is never the customer's PO --------------------------------------------------

@pytest.mark.parametrize("customer, head", [
    (DE, "Ihre Auftragsnummer 12345"), (FR, "Votre référence : 99881"), (IE, "Your ref: 99882"),
    (US, "Your order # SO-5512"), (DE, "Ihr Zeichen: AB-2210")])
def test_the_suppliers_number_is_no_po(config_path, tmp_path, customer, head):
    got = one(config_path, customer, f"{head}\n- 2 x TP-1002\n", tmp_path)
    assert got["po_number"] is None and got["status"] == "review", got


@pytest.mark.parametrize("customer, head, po", [
    (DE, "Ihre Auftragsnummer 12346, unsere Bestellnummer 66001", "66001"),
    (IE, "Your order no. 77123\nOur PO: 65005", "65005"), (FR, "Votre réf. DV-1\nNotre commande n° CM-88", "CM-88")])
def test_the_customers_po_beside_the_suppliers_number_goes_out(config_path, tmp_path, customer, head, po):
    got = one(config_path, customer, f"{head}\n- 2 x TP-1002\n", tmp_path)
    assert got["po_number"] == po and got["status"] == "ready", got["issues"]


# --- D. units SAP "KAR", "Ring", "Bund" ---------------------------------------------------------------------

def test_kar_is_a_carton(config_path, tmp_path):
    got = one(config_path, DE, "Bestellnummer 66101\n2 KAR TP-1005\n", tmp_path)
    assert lines(got) == [("TP-1005", "2", "CT")] and got["status"] == "ready", got["issues"]


@pytest.mark.parametrize("customer, body, unit", [
    (DE, "Bestellnummer 66102\n2 Ring TP-1004\n", "RG"), (DE, "Bestellnummer 66103\n3 Bund TP-1004\n", "BE"),
    (FR, "Commande n° 66104\n- 3 KAR TP-1002\n", "CT")])
def test_a_unit_with_no_certain_conversion_holds_naming_both_units(config_path, tmp_path, customer, body, unit):
    got = one(config_path, customer, body, tmp_path)
    issue = next(i for i in got["issues"] if i["code"] == "UOM-NO-CONVERSION")
    assert got["status"] == "review" and unit in issue["message"] and lines(got)[0][2] == unit
    product_unit = {"TP-1004": "MTR", "TP-1002": "C62"}[lines(got)[0][0]]
    assert product_unit in issue["message"]


def test_kar_in_an_edifact_order_is_a_carton():
    from extractors.units import TABLE
    assert TABLE.code("KAR", "edifact") == "CT" and TABLE.code("Ring", "text") == "RG"


# --- A. a site named in words, any case and word order, no address ----------------------------------------

SITES = [(IE, "GOODS FOR OUR CORK BRANCH"), (IE, "Deliver to Dublin Office Supplies Waterford warehouse please"),
         (US, "FOR KEYSTONE SUPPLY ERIE WAREHOUSE"), (US, "Goods for Keystone's Akron plant please"),
         (DE, "WARE FÜR HANSA BÜROTECHNIK FILIALE ROSTOCK"), (DE, "Für das Werk Hansa in Ulm"),
         (DE, "Lieferung ins Lager Bremen"), (FR, "MARCHANDISE POUR L'AGENCE LENOIR DE NANCY"),
         (FR, "Pour notre dépôt Papeterie Lenoir à Dijon"), (FR, "à livrer au dépôt de Metz")]


@pytest.mark.parametrize("customer, said", SITES)
def test_a_site_named_in_words_holds_ship_to_unsure(config_path, tmp_path, customer, said):
    got = one(config_path, customer, f"PO 61001\n{said}\n- 2 x TP-1002\n", tmp_path)
    assert got["status"] == "review" and codes(got).get("SHIP-TO-UNSURE") == "error", got["issues"]


@pytest.mark.parametrize("customer, said", [
    (IE, "Please deliver to our head office as usual"), (DE, "Bitte an unser Lager liefern"),
    (US, "Goods for our warehouse"), (FR, "Livraison à notre entrepôt principal")])
def test_the_main_site_or_an_unnamed_one_is_no_other_place(config_path, tmp_path, customer, said):
    got = one(config_path, customer, f"PO 61002\n{said}\n- 2 x TP-1002\n", tmp_path)
    assert "SHIP-TO-UNSURE" not in codes(got) and got["status"] == "ready", got["issues"]


def test_a_site_with_its_address_is_not_held_for_the_site_word():
    from extractors.named_sites import site_in_words
    assert site_in_words("Please ship to our Leeds branch, 12 Mill Lane, Leeds LS1 4DL") is None
    assert site_in_words("Lieferung an Werk Ulm, Industriestraße 5, 89073 Ulm") is None
    assert site_in_words("Keystone Supply Inc, Erie Warehouse, Tel 814 555") is None  # a signature: goes nowhere


# --- G. a cXML total beside a Shipping (and Tax) amount -----------------------------------------------------

def _cxml(po: str, quantity: int, total: str, shipping: str | None, tax: str | None = None) -> bytes:
    extra = (f'<Shipping><Money currency="USD">{shipping}</Money><Description xml:lang="en">Freight</Description>'
             f'</Shipping>' if shipping is not None else "")
    extra += f'<Tax><Money currency="USD">{tax}</Money><Description xml:lang="en">Sales tax</Description></Tax>' \
        if tax is not None else ""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE cXML SYSTEM "http://xml.cxml.org/schemas/cXML/1.2.014/cXML.dtd">
<cXML payloadID="{po}@k.example" timestamp="{TODAY}T08:00:00+00:00" xml:lang="en-US">
<Header><From><Credential domain="DUNS"><Identity>{US.duns}</Identity></Credential></From>
<To><Credential domain="NetworkID"><Identity>GATEWAY</Identity></Credential></To>
<Sender><Credential domain="NetworkID"><Identity>hub</Identity><SharedSecret>{CXML_SECRETS["T3"]}</SharedSecret>
</Credential><UserAgent>t</UserAgent></Sender></Header>
<Request deploymentMode="production"><OrderRequest>
<OrderRequestHeader orderID="{po}" orderDate="{TODAY}T08:00:00+00:00" type="new" requestedDeliveryDate="{DUE}">
<Total><Money currency="USD">{total}</Money></Total>{extra}
</OrderRequestHeader>
<ItemOut quantity="{quantity}" lineNumber="1"><ItemID><SupplierPartID>TP-1001</SupplierPartID></ItemID>
<ItemDetail><UnitPrice><Money currency="USD">19.90</Money></UnitPrice><Description xml:lang="en">Desk lamp</Description>
<UnitOfMeasure>EA</UnitOfMeasure></ItemDetail></ItemOut>
</OrderRequest></Request></cXML>""".encode()


@pytest.mark.parametrize("total, shipping, tax", [
    ("129.50", "30.00", None),  # 5 x 19.90 = 99.50, with shipping
    ("99.50", "30.00", None),  # the items only: the total counts no shipping
    ("137.46", "30.00", "7.96"), ("107.46", "30.00", "7.96")])
def test_a_cxml_total_with_its_stated_shipping_and_tax_passes(config_path, tmp_path, total, shipping, tax):
    from tests.test_trust import in_process_extract, orders_in
    (got,) = orders_in(in_process_extract(config_path, _cxml("CX-901", 5, total, shipping, tax), "o.xml", tmp_path,
                                          channel="http"))
    assert "TOTAL-MISMATCH" not in codes(got) and got["status"] == "ready", got["issues"]


@pytest.mark.parametrize("total, shipping, tax", [("150.00", "30.00", None), ("120.00", "30.00", None),
                                                  ("140.00", "30.00", "7.96")])
def test_a_cxml_total_none_of_its_stated_parts_explain_holds(config_path, tmp_path, total, shipping, tax):
    from tests.test_trust import in_process_extract, orders_in
    (got,) = orders_in(in_process_extract(config_path, _cxml("CX-902", 5, total, shipping, tax), "o.xml", tmp_path,
                                          channel="http"))
    assert codes(got).get("TOTAL-MISMATCH") == "error" and got["status"] == "review", got["issues"]


# --- J. a typed ship-to the customer's accepted orders went to, written a little otherwise ------------------

from gateway.model import Address, Issue  # noqa: E402
from tests.decide_helpers import RECEIVED, decide_ctx, journal, line, make_order, pg_dsn, store_order  # noqa: E402,F401

RECEIVED_BEFORE = RECEIVED - timedelta(days=20)


def _typed_place(order, street: str, postcode: str, city: str):
    issue = Issue(code="SHIP-TO-UNSURE", severity="error", field="ship_to.typed", message="typed, not on file")
    # the country as the mapping gives it (a known city, else the customer's for a postcode of its shape): the key
    # of a known ship-to holds the country (issue 17 (c): the same street in another country is another site)
    return order.model_copy(update={"ship_to": Address(street=street, postcode=postcode, city=city, country="IE"),
                                    "issues": [issue]})


@pytest.mark.parametrize("anomalies", [True, False])
@pytest.mark.parametrize("street, postcode, city, known", [
    ("12 Main St.", "D02X285", "DUBLIN", True), ("12, main street", "d02 x285", "Dublin", True),
    ("Hauptstr. 12", "D02 X285", "Dublin", False),  # another street
    ("14 Main Street", "D02 X285", "Dublin", False),  # another house
])
async def test_a_typed_ship_to_a_past_order_went_to_counts_as_on_file(tmp_path, journal, anomalies, street,
                                                                      postcode, city, known):
    from gateway.stages.anomaly import check_anomalies
    past = make_order("C1", [line("P-FILE", 10)], received=RECEIVED_BEFORE,
                      ship_to=Address(street="12 Main Street", postcode="D02 X285", city="Dublin", country="IE"))
    await store_order(journal, past)
    ctx = decide_ctx(tmp_path, None if anomalies else {"anomalies": {"enabled": False}}, journal=journal)
    order = _typed_place(make_order("C1", [line("P-FILE", 10)]), street, postcode, city)
    checked = await check_anomalies(ctx, order)
    assert any(i.field == "ship_to.typed" for i in checked.issues) is not known, checked.issues


# --- on a printed page: the supplier's number (I) and a frame order beside the PO (C) ---------------------------

def _page(head: str) -> str:
    return ('<html><body style="font-family:Arial;font-size:12pt">' + head +
            '<table border=1 cellpadding=4 style="border-collapse:collapse"><tr><th>Pos</th><th>Artikel</th>'
            '<th>Bezeichnung</th><th>Menge</th><th>ME</th><th>Preis</th><th>Betrag</th></tr><tr><td>1</td>'
            '<td>TP-1002</td><td>Hefter</td><td>3</td><td>Stk</td><td>12,00</td><td>36,00</td></tr></table>'
            '<p>Gesamtbetrag netto: 36,00 EUR</p></body></html>')


def _printed(config_path, tmp_path, name: str, head: str) -> dict:
    from email.message import EmailMessage
    from email.utils import format_datetime
    from datetime import datetime
    from tests.printed import printed_pdf
    from tests.test_trust import in_process_extract, orders_in
    pdf = printed_pdf(name, _page(head)).read_bytes()
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = DE.email, "orders@gateway.example", "Bestellung"
    msg["Date"] = format_datetime(datetime(2026, 12, 4, 10, 0))
    msg.set_content("Anbei unsere Bestellung.\n")
    msg.add_attachment(pdf, maintype="application", subtype="pdf", filename=f"{name}.pdf")
    (got,) = orders_in(in_process_extract(config_path, msg.as_bytes(), "b.eml", tmp_path, channel="smtp",
                                          sender=DE.email))
    return got


def test_a_printed_ihre_auftragsnummer_is_no_po(config_path, tmp_path):
    got = _printed(config_path, tmp_path, "issue17_ihre_auftragsnummer",
                   "<h2>Bestellung</h2><p>Ihre Auftragsnummer: 7720011<br>Datum: 03.12.2026<br>"
                   "Liefertermin: 22.12.2026</p>")
    assert got["po_number"] is None and "PO-MISSING" in codes(got)


def test_a_printed_frame_order_beside_the_po_is_its_reference(config_path, tmp_path):
    got = _printed(config_path, tmp_path, "issue17_rahmenbestellung",
                   "<h2>Bestellung</h2><p>Bestellnummer: 4711-22<br>Rahmenbestellung: 4500012345<br>"
                   "Datum: 03.12.2026<br>Liefertermin: 22.12.2026</p>")
    assert got["po_number"] == "4711-22" and got["references"].get("blanket") == "4500012345"
    assert "CONFIDENCE-LOW" not in codes(got), got["issues"]


@pytest.mark.parametrize("note, ship_to, held", [
    ("GOODS FOR HANSA FILIALE ROSTOCK", "", True), ("WARE FUER WERK ULM", "", True),
    ("GOODS FOR HANSA FILIALE ROSTOCK", "Hansa Filiale Rostock, Hafenstr. 1", False),  # the place read
    ("PLEASE CALL BEFORE DELIVERY", "", False), ("FOR OUR HEAD OFFICE", "", False)])
def test_a_structured_orders_note_naming_a_site_holds(note, ship_to, held):
    from extractors.typed_remarks import note_place
    assert (note_place(note, ship_to) is not None) is held


# --- routed from the outside testers: a sentence counting orders, delivery labels that give no address ---------

def test_a_sentence_counting_orders_is_no_unread_line(config_path, tmp_path):
    body = ("Hi, two orders today, one for each department.\n\nPO 78001:\n- 5 x TP-1002\n\nPO 78002:\n- 2 x TP-1001\n"
            "\nThanks\n")
    got = orders(config_path, IE, body, tmp_path)
    assert sorted(o["po_number"] for o in got) == ["78001", "78002"]
    assert all(o["status"] == "ready" for o in got), [o["issues"] for o in got]


@pytest.mark.parametrize("customer, label", [
    (FR, "Adresse de livraison : identique à l'adresse de facturation"), (IE, "Ship to: same as billing address"),
    (DE, "Lieferadresse: wie Rechnungsanschrift"), (US, "Deliver to: Dock 4, receiving 7am-3pm")])
def test_a_delivery_label_giving_no_other_address_holds_nothing(config_path, tmp_path, customer, label):
    got = one(config_path, customer, f"PO 78003\n{label}\n- 2 x TP-1002\n", tmp_path)
    assert got["status"] == "ready" and got["ship_to"] is None, got["issues"]


def test_a_dock_with_a_street_under_a_delivery_label_is_still_an_address(config_path, tmp_path):
    got = one(config_path, IE, "PO 78004\nDeliver to: Dock 4, 12 Mill Lane, Leeds LS1 4DL\n- 2 x TP-1002\n", tmp_path)
    assert got["status"] == "review" and "SHIP-TO-UNSURE" in codes(got)


def test_a_portal_prints_placed_date_is_the_order_date(config_path, tmp_path):
    """Routed t2 P4: "Purchase order X · placed 11/28/2026 by Dana Wells" on an e-procurement print."""
    from email.message import EmailMessage
    from email.utils import format_datetime
    from datetime import datetime
    from tests.printed import printed_pdf
    from tests.test_trust import in_process_extract, orders_in
    html = ('<html><body style="font-family:Arial;font-size:12pt"><h2>Order summary</h2><p>Purchase order KS-66120 · '
            'placed 11/28/2026 by Dana Wells</p><p>Need by: 12/22/2026</p><table border=1 cellpadding=4><tr><th>Item'
            '</th><th>Description</th><th>Qty</th><th>Unit</th></tr><tr><td>TP-1002</td><td>Stapler</td><td>3</td>'
            '<td>ea</td></tr></table></body></html>')
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = US.email, "orders@gateway.example", "PO KS-66120"
    msg["Date"] = format_datetime(datetime(2026, 11, 30, 15, 0))
    msg.set_content("Order attached.\n")
    msg.add_attachment(printed_pdf("issue17_portal_placed", html).read_bytes(), maintype="application",
                       subtype="pdf", filename="po.pdf")
    (got,) = orders_in(in_process_extract(config_path, msg.as_bytes(), "p.eml", tmp_path, channel="smtp",
                                          sender=US.email))
    assert got["order_date"] == "2026-11-28" and "ORDER-DATE-MISSING" not in codes(got)
