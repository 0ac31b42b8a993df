"""A change message (X12 860, EDIFACT ORDCHG, cXML update) that restates its lines unchanged but names another
invoicing address or adds a charge is a change, never a duplicate: a change is a copy only when every field it
states equals the latest version's."""

from __future__ import annotations

from gateway.model import OrderStatus
from testkit.samples import ORDER_DAY
from tests.test_dedup_noop_change import _x12, order_850, orders_of


def _860(po: str, control: int, header: list[str]) -> bytes:
    return _x12("860", po, [f"BCH*04*SA*{po}***{ORDER_DAY:%Y%m%d}", *header, "N1*BY*Acme Industrial*92*ACMEIND",
                            "POC*1*QI*12*0*EA*18.00**VP*SKU-1004", "CTT*1"], control)


def _edifact(msg: str, po: str, control: int, header: list[str]) -> bytes:
    seg = [f"UNH+1+{msg}:D:96A:UN:EAN008", f"BGM+{'220+' + po + '+9' if msg == 'ORDERS' else '230+' + po + '+4'}",
           f"DTM+137:{ORDER_DAY:%Y%m%d}:102", *(["DTM+2:20991203:102"] if msg == "ORDERS" else [f"RFF+ON:{po}"]),
           "NAD+BY+5412345000013::9", "NAD+DP+5412345000099::9", *header,
           "LIN+1++4000862141404:SRS", "QTY+21:6", "PRI+AAA:24.50", "UNS+S", "CNT+2:1"]
    seg.append(f"UNT+{len(seg) + 1}+1")
    return ("UNA:+.? '" + "'".join([f"UNB+UNOC:3+5412345000013:14+GATEWAY:ZZ+261120:1000+{control}", *seg,
                                    f"UNZ+1+{control}"]) + "'").encode("latin-1")


def _cxml(po: str, kind: str, city: str) -> bytes:
    ref = f'<DocumentReference payloadID="{po}-new@x"/>' if kind == "update" else ""
    return f"""<?xml version="1.0"?><cXML payloadID="{po}-{kind}@x" timestamp="2026-11-20T10:00:00+00:00">
<Header><From><Credential domain="DUNS"><Identity>123456789</Identity></Credential></From>
<To><Credential domain="NetworkID"><Identity>GW</Identity></Credential></To>
<Sender><Credential domain="NetworkID"><Identity>hub</Identity></Credential><UserAgent>t</UserAgent></Sender></Header>
<Request><OrderRequest><OrderRequestHeader orderID="{po}" orderDate="2026-11-20T09:00:00+00:00" type="{kind}"
 requestedDeliveryDate="2099-12-03">{ref}<BillTo><Address><Name xml:lang="en">Acme Accounts</Name><PostalAddress>
<Street>9 Lake Rd</Street><City>{city}</City><PostalCode>60602</PostalCode><Country isoCountryCode="US">US</Country>
</PostalAddress></Address></BillTo></OrderRequestHeader>
<ItemOut quantity="4" lineNumber="1"><ItemID><SupplierPartID>SKU-1004</SupplierPartID></ItemID>
<ItemDetail><UnitPrice><Money currency="USD">18.00</Money></UnitPrice><Description xml:lang="en">Stapler</Description>
<UnitOfMeasure>EA</UnitOfMeasure></ItemDetail></ItemOut></OrderRequest></Request></cXML>""".encode()


async def _second_of(gateway, first: bytes, second: bytes):
    a = await gateway.ctx.intake.accept(first, "http")
    (original,) = await orders_of(gateway, a.document_id)
    b = await gateway.ctx.intake.accept(second, "http")
    (change,) = await orders_of(gateway, b.document_id)
    return original, change


async def test_an_860_naming_a_new_invoicing_address_is_a_change(gateway):
    _, change = await _second_of(gateway, order_850("PO-BT-860", 401), _860("PO-BT-860", 402, [
        "N1*BT*Acme Europe Payables", "N3*4 Quay St", "N4*Cork**T12*IE"]))
    assert change.status != OrderStatus.DUPLICATE, [(i.code, i.message) for i in change.issues]
    assert any(c["field"] == "bill_to" for c in change.changes)


async def test_an_860_adding_a_charge_is_a_change(gateway):
    _, change = await _second_of(gateway, order_850("PO-SAC-860", 411), _860("PO-SAC-860", 412, ["SAC*C*D240***9000"]))
    assert change.status != OrderStatus.DUPLICATE, [(i.code, i.message) for i in change.issues]
    assert any(c["field"] == "allowances" for c in change.changes)


async def test_an_ordchg_naming_an_invoicee_or_adding_a_charge_is_a_change(gateway):
    _, change = await _second_of(gateway, _edifact("ORDERS", "PO-IV-ORDCHG", 421, []), _edifact(
        "ORDCHG", "PO-IV-ORDCHG", 422, ["NAD+IV+++SHARED SERVICES CENTRE+RUE HAUTE 3+NAMUR++5000+BE"]))
    assert change.status != OrderStatus.DUPLICATE, [(i.code, i.message) for i in change.issues]
    _, change = await _second_of(gateway, _edifact("ORDERS", "PO-ALC-ORDCHG", 431, []), _edifact(
        "ORDCHG", "PO-ALC-ORDCHG", 432, ["ALC+C++++FC", "MOA+23:75.00"]))
    assert change.status != OrderStatus.DUPLICATE, [(i.code, i.message) for i in change.issues]


async def test_a_cxml_update_with_another_bill_to_is_a_change(gateway):
    _, change = await _second_of(gateway, _cxml("PO-BT-CXML", "new", "Chicago"), _cxml("PO-BT-CXML", "update", "Denver"))
    assert change.status != OrderStatus.DUPLICATE, [(i.code, i.message) for i in change.issues]


async def test_the_same_ordchg_restated_is_still_a_duplicate(gateway):
    _, change = await _second_of(gateway, _edifact("ORDERS", "PO-SAME-ORDCHG", 441, []),
                                 _edifact("ORDCHG", "PO-SAME-ORDCHG", 442, []))
    assert change.status == OrderStatus.DUPLICATE, [(i.code, i.message) for i in change.issues]
