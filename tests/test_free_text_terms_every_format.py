"""Issue 17, free-text conditions on every format: a price, a discount or another invoicing address in an EDIFACT
FTX, an X12 MSG, a cXML comment or a UBL note holds ``PRICE-TYPED`` / ``BILL-TO-TYPED`` as the same words printed on a
page do (one judgement, ``extractors.note_terms.money_term``); harmless notes beside them still go out."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from extractors.base import ExtractHints
from extractors.edi.edifact import EXTRACTOR as EDIFACT
from extractors.edi.x12 import EXTRACTOR as X12
from extractors.xml.cxml import EXTRACTOR as CXML
from extractors.xml.ubl import EXTRACTOR as UBL
from gateway.stages.mapping import with_note_problems

WANTED = date.today() + timedelta(days=15)


def _edifact(note: str) -> bytes:
    seg = ["UNH+1+ORDERS:D:96A:UN", "BGM+220+FT-71+9", f"DTM+137:{date.today():%Y%m%d}:102",
           f"DTM+2:{WANTED:%Y%m%d}:102", "FTX+AAI+++" + note.replace("?", "??").replace("'", "?'").replace("+", "?+").replace(":", "?:"),
           "NAD+BY+4012345000009::9", "LIN+1++4000862141404:SRS", "QTY+21:3", "PRI+AAA:24.50", "UNS+S"]
    seg.append(f"UNT+{len(seg) + 1}+1")
    return ("UNA:+.? '" + "'".join(["UNB+UNOC:3+4012345000009:14+GW:ZZ+261201:1000+5", *seg, "UNZ+1+5"]) + "'").encode()


def _x12(note: str) -> bytes:
    body = ["ST*850*0001", "BEG*00*SA*FT-X1**" + f"{date.today():%Y%m%d}", "CUR*BY*USD", f"DTM*002*{WANTED:%Y%m%d}",
            f"MSG*{note}", "N1*BY*Acme Industrial Supply Inc*92*ACMEIND", "PO1*1*4*EA*18.00**VP*SKU-1004", "CTT*1"]
    body.append(f"SE*{len(body) + 1}*0001")
    isa = ("ISA*00*          *00*          *ZZ*ACMEIND        *ZZ*GATEWAY        *261201*0900*U*00401*"
           "000000101*0*P*>")
    return ("~\n".join([isa, "GS*PO*ACMEIND*GATEWAY*20261201*0900*101*X*004010", *body, "GE*1*101",
                        "IEA*1*000000101"]) + "~\n").encode()


def _cxml(note: str) -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<cXML payloadID="ft@acme.example" timestamp="{date.today()}T08:00:00-06:00" xml:lang="en-US">
<Header><From><Credential domain="DUNS"><Identity>123456789</Identity></Credential></From>
<To><Credential domain="NetworkID"><Identity>GW</Identity></Credential></To>
<Sender><Credential domain="NetworkID"><Identity>hub</Identity></Credential><UserAgent>u</UserAgent></Sender></Header>
<Request deploymentMode="production"><OrderRequest>
<OrderRequestHeader orderID="FT-C1" orderDate="{date.today()}T08:00:00-06:00" type="new" requestedDeliveryDate="{WANTED}">
<Comments xml:lang="en">{note}</Comments></OrderRequestHeader>
<ItemOut quantity="3" lineNumber="1"><ItemID><SupplierPartID>SKU-1005</SupplierPartID></ItemID>
<ItemDetail><UnitPrice><Money currency="USD">79.00</Money></UnitPrice><Description xml:lang="en">Toner</Description>
<UnitOfMeasure>EA</UnitOfMeasure></ItemDetail></ItemOut></OrderRequest></Request></cXML>""".encode()


def _ubl(note: str) -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"
 xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
 xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
<cbc:ID>FT-U1</cbc:ID><cbc:IssueDate>{date.today()}</cbc:IssueDate><cbc:Note>{note}</cbc:Note>
<cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
<cac:BuyerCustomerParty><cac:Party><cbc:EndpointID schemeID="0088">4012345000009</cbc:EndpointID>
<cac:PartyName><cbc:Name>Buyer</cbc:Name></cac:PartyName></cac:Party></cac:BuyerCustomerParty>
<cac:Delivery><cac:RequestedDeliveryPeriod><cbc:StartDate>{WANTED}</cbc:StartDate></cac:RequestedDeliveryPeriod></cac:Delivery>
<cac:OrderLine><cac:LineItem><cbc:ID>1</cbc:ID><cbc:Quantity unitCode="C62">3</cbc:Quantity>
<cac:Price><cbc:PriceAmount currencyID="EUR">79.00</cbc:PriceAmount></cac:Price>
<cac:Item><cac:StandardItemIdentification><cbc:ID schemeID="0160">3012345678900</cbc:ID></cac:StandardItemIdentification>
</cac:Item></cac:LineItem></cac:OrderLine></Order>""".encode()


FORMATS = {"edifact": (EDIFACT, _edifact), "x12": (X12, _x12), "cxml": (CXML, _cxml), "ubl": (UBL, _ubl)}


def note_codes(fmt: str, note: str) -> set[str]:
    extractor, make = FORMATS[fmt]
    (order,) = extractor.extract(make(note), ExtractHints()).orders
    assert any(note.lower()[:12] in n.lower() for n in order.notes), (order.notes, note)
    return {p.code for p in with_note_problems(order).problems if p.severity == "error"}


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("note, code", [
    ("5 % Rabatt wie vereinbart", "PRICE-TYPED"),
    ("REMISE SUPPLEMENTAIRE DE 4 % SELON ACCORD", "PRICE-TYPED"),
    ("Please apply an additional 3% discount per contract", "PRICE-TYPED"),
    ("please invoice our Dallas office", "BILL-TO-TYPED"),
    ("RECHNUNG BITTE AN UNSERE ZENTRALE IN HAMBURG", "BILL-TO-TYPED"),
    ("Merci de facturer notre siege a Lyon", "BILL-TO-TYPED"),
])
def test_a_price_or_another_invoice_address_in_a_structured_note_holds(fmt, note, code):
    assert code in note_codes(fmt, note)


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("note", [
    "Prices as per your current price list",
    "Bitte Bestellnummer auf der Rechnung angeben",
    "2 % Skonto bei Zahlung in 10 Tagen",  # an early-payment term, no discount of the goods (terms: TERMS-TYPED rule)
    "Discount 0%",
    "Send invoices to the billing address",
])
def test_harmless_money_words_in_a_structured_note_pass(fmt, note):
    assert not note_codes(fmt, note) & {"PRICE-TYPED", "BILL-TO-TYPED"}


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("note", [
    "Please add one more box of the same", "noch zwei Kartons dazu", "deux cartons de plus",
    "Bitte noch einen Karton mehr", "un carton de plus svp",
])
def test_more_packs_counted_in_words_hold(fmt, note):
    assert "CHANGE-TYPED" in note_codes(fmt, note)


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("note", [
    # counter-examples of the count in words: a ceiling, papers, a pallet, one shipment, a count per pallet
    "no more than two boxes per pallet", "Please send one more copy of the delivery note", "one more pallet please",
    "Deliver in one shipment", "One box per pallet", "Zwei Lieferscheine beilegen", "Please add one more day",
])
def test_counts_in_words_that_order_no_goods_pass(fmt, note):
    assert "CHANGE-TYPED" not in note_codes(fmt, note)


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("note, held", [
    ("Invoices: Acme Finance, 9 Lake Rd, Dayton OH 45402", True), ("Rechnung: Zentrale Hamburg", True),
    ("Factures : Dupont Holding", True),
    # counter-examples: a reference, copies, the usual, a way of sending
    ("Rechnung: RE-2026-4711", False), ("Invoices: in duplicate", False), ("Rechnung: 2-fach", False),
    ("Factures : comme d'habitude", False), ("Invoices: by e-mail", False),
])
def test_an_invoice_label_names_where_invoices_go(fmt, note, held):
    assert ("BILL-TO-TYPED" in note_codes(fmt, note)) is held


# --- identification: a UBL EndpointID is a weak key when mailed by nobody of that customer's ----------------------


def _ubl_identified(config, channel: str, sender: str | None) -> dict:
    from tests.test_trust import in_process_extract, orders_in
    [order] = orders_in(in_process_extract(config, _ubl("Livraison au quai 1"), "o.xml", config.parent,
                                           channel=channel, **({"sender": sender} if sender else {})))
    return order


@pytest.fixture(scope="module")
def gw_config(tmp_path_factory):
    from testkit.harness import write_config
    root = tmp_path_factory.mktemp("ubl-id")
    return write_config(root / "gw", {"decide": {"anomalies": {"enabled": False}}},
                        master_data=__import__("pathlib").Path("mappings/masterdata").resolve())


@pytest.mark.parametrize("channel, sender, weak", [
    ("email", "buyer@unknown-shop.example", True),                # mailed by an unknown address: weak
    ("email", "bestellung@mueller-buero.example", False),         # mailed by the customer's own address
    ("http", None, False),                                        # a machine channel: the endpoint stands
    ("email", None, True),                                        # a mail with no sender: no stronger than unknown
    ("fax", None, True),                                          # a fax with its number withheld
])
def test_a_ubl_endpoint_mailed_by_nobody_of_the_customers_is_a_weak_key(gw_config, channel, sender, weak):
    order = _ubl_identified(gw_config, channel, sender)
    assert order["customer"]["id"] == "C1003"
    assert ("CUSTOMER-WEAK-ID" in {i["code"] for i in order["issues"]}) is weak
