"""A line's own free-text notes in cXML (``ItemOut/Comments``), UBL (``OrderLine/Note``, ``LineItem/Note``) and
openTRANS (``ORDER_ITEM/REMARKS``) are kept as notes naming their line and pass the note rules of header notes,
EDIFACT line FTX and X12 PO1-loop NTE: a line note changing the quantity, adding goods, setting a date or
splitting the delivery holds the order; a harmless one goes out with the order as its note."""

from __future__ import annotations

from datetime import date, timedelta
from xml.sax.saxutils import escape

import pytest

from extractors.base import ExtractHints
from extractors.xml.cxml import EXTRACTOR as CXML
from extractors.xml.opentrans import EXTRACTOR as OPENTRANS
from extractors.xml.ubl import EXTRACTOR as UBL
from gateway.model import ExtractedOrder
from gateway.stages.mapping import with_note_problems

DAY = date.today() + timedelta(days=(1 - date.today().weekday()) % 7 + 14)  # a Tuesday two weeks or more on
AFTER = DAY + timedelta(days=10)


def _cxml(note: str) -> bytes:
    return f"""<?xml version="1.0"?><cXML payloadID="ln-1@x" timestamp="{date.today()}T10:00:00+00:00">
<Header><From><Credential domain="DUNS"><Identity>123456789</Identity></Credential></From>
<To><Credential domain="NetworkID"><Identity>GW</Identity></Credential></To>
<Sender><Credential domain="NetworkID"><Identity>hub</Identity></Credential><UserAgent>t</UserAgent></Sender></Header>
<Request><OrderRequest><OrderRequestHeader orderID="LN-1" orderDate="{date.today()}T09:00:00+00:00" type="new"
 requestedDeliveryDate="{DAY}"><Comments>Order for the spring stock</Comments></OrderRequestHeader>
<ItemOut quantity="2" lineNumber="10"><ItemID><SupplierPartID>SKU-1005</SupplierPartID></ItemID>
<ItemDetail><UnitPrice><Money currency="USD">79.00</Money></UnitPrice><Description xml:lang="en">Toner</Description>
<UnitOfMeasure>EA</UnitOfMeasure></ItemDetail></ItemOut>
<ItemOut quantity="6" lineNumber="20"><ItemID><SupplierPartID>SKU-1004</SupplierPartID></ItemID>
<ItemDetail><UnitPrice><Money currency="USD">18.00</Money></UnitPrice><Description xml:lang="en">Stapler</Description>
<UnitOfMeasure>EA</UnitOfMeasure></ItemDetail><Comments xml:lang="en">{escape(note)}</Comments></ItemOut>
</OrderRequest></Request></cXML>""".encode()


def _ubl(note: str, inside: bool) -> bytes:
    tag = f"<cbc:Note>{escape(note)}</cbc:Note>"
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"
 xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
 xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
<cbc:ID>LN-2</cbc:ID><cbc:IssueDate>{date.today()}</cbc:IssueDate>
<cac:BuyerCustomerParty><cac:Party><cbc:EndpointID schemeID="0088">5412345000013</cbc:EndpointID></cac:Party></cac:BuyerCustomerParty>
<cac:Delivery><cac:RequestedDeliveryPeriod><cbc:StartDate>{DAY}</cbc:StartDate></cac:RequestedDeliveryPeriod></cac:Delivery>
<cac:OrderLine>{'' if inside else tag}<cac:LineItem><cbc:ID>1</cbc:ID>{tag if inside else ''}
<cbc:Quantity unitCode="BX">5</cbc:Quantity><cac:Item><cbc:Name>Copy paper</cbc:Name>
<cac:StandardItemIdentification><cbc:ID schemeID="0160">4000862141404</cbc:ID></cac:StandardItemIdentification></cac:Item>
</cac:LineItem></cac:OrderLine></Order>""".encode()


def _opentrans(note: str) -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<ORDER version="2.1" type="standard" xmlns="http://www.opentrans.org/XMLSchema/2.1" xmlns:bmecat="http://www.bmecat.org/bmecat/2005">
<ORDER_HEADER><ORDER_INFO><ORDER_ID>LN-3</ORDER_ID><ORDER_DATE>{date.today()}T08:00:00</ORDER_DATE>
<DELIVERY_DATE><DELIVERY_START_DATE>{DAY}</DELIVERY_START_DATE><DELIVERY_END_DATE>{DAY}</DELIVERY_END_DATE></DELIVERY_DATE>
<PARTIES><PARTY><bmecat:PARTY_ID type="gln">4012345000009</bmecat:PARTY_ID><PARTY_ROLE>buyer</PARTY_ROLE></PARTY></PARTIES>
</ORDER_INFO></ORDER_HEADER>
<ORDER_ITEM_LIST><ORDER_ITEM><LINE_ITEM_ID>1</LINE_ITEM_ID><PRODUCT_ID><bmecat:SUPPLIER_PID>SKU-1003</bmecat:SUPPLIER_PID></PRODUCT_ID>
<QUANTITY>40</QUANTITY><bmecat:ORDER_UNIT>C62</bmecat:ORDER_UNIT><REMARKS type="general">{escape(note)}</REMARKS></ORDER_ITEM>
</ORDER_ITEM_LIST></ORDER>""".encode()


MAKE = {"cxml": (CXML, _cxml), "ubl-line": (UBL, lambda n: _ubl(n, False)), "ubl-item": (UBL, lambda n: _ubl(n, True)),
        "opentrans": (OPENTRANS, _opentrans)}
LINE_NO = {"cxml": 20, "ubl-line": 1, "ubl-item": 1, "opentrans": 1}


def read(fmt: str, note: str) -> ExtractedOrder:
    extractor, make = MAKE[fmt]
    (order,) = extractor.extract(make(note), ExtractHints()).orders
    assert f"line {LINE_NO[fmt]}: {note}" in order.notes, order.notes  # kept, naming its line
    return with_note_problems(order)


def held(order: ExtractedOrder) -> set[str]:
    return {p.code for p in order.problems if p.severity == "error"}


HOLDS = [
    ("cxml", "Qty should be 12 not 6 - sorry", "CHANGE-TYPED"),
    ("cxml", f"Do not deliver this item before {AFTER:%m/%d/%Y}", "DATE-REMARK-CONFLICT"),
    ("cxml", "Also send 4 black toner cartridges with this", "CHANGE-TYPED"),
    ("ubl-line", "Merci d'ajouter 2 agrafeuses", "CHANGE-TYPED"),
    ("ubl-item", f"Livraison de cette ligne le {AFTER:%d/%m/%Y}", "DATE-UNPLACED"),
    ("ubl-item", "Lieferung in zwei Teilen: 2 Kartons sofort, 3 Kartons im Januar", "QUESTION-TYPED"),
    ("opentrans", "Menge bitte auf 60 Stück erhöhen", "CHANGE-TYPED"),
    ("opentrans", f"Erst ab {AFTER:%d.%m.%Y} anliefern", "DATE-REMARK-CONFLICT"),
]


@pytest.mark.parametrize("fmt,note,code", HOLDS, ids=[f"{f}-{n[:20]}" for f, n, _c in HOLDS])
def test_a_line_note_that_changes_the_order_holds_it(fmt, note, code):
    order = read(fmt, note)
    assert code in held(order), [(p.code, p.message) for p in order.problems]


HARMLESS = [("cxml", "Please label each carton with our cost centre"), ("cxml", "Livraison quai 3"),
            ("ubl-line", "Bitte einzeln verpacken"), ("ubl-item", "Do not stack"),
            ("opentrans", "Lieferschein beilegen")]


@pytest.mark.parametrize("fmt,note", HARMLESS, ids=[f"{f}-{n[:20]}" for f, n in HARMLESS])
def test_a_harmless_line_note_goes_out_with_the_order(fmt, note):
    order = read(fmt, note)
    assert not held(order), [(p.code, p.message) for p in order.problems]


@pytest.mark.parametrize("note", ["Deliver 2 now and 1 next week", "Please ship in two shipments",
                                  "Bitte 10 Stück sofort, den Rest später", "moitié maintenant, le reste en janvier"])
def test_a_note_laying_out_a_split_delivery_holds(note):
    assert "QUESTION-TYPED" in held(read("cxml", note))


@pytest.mark.parametrize("note", ["Teillieferung möglich", "Partial deliveries accepted", "Deliver now please",
                                  "First floor, room 2; rest area at back", "Ship asap. Rest of invoice details later.",
                                  "Payment in two instalments"])
def test_a_note_without_a_split_of_its_own_does_not(note):
    assert not held(read("cxml", note))
