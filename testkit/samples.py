"""Small order documents made on the fly for tests: UBL 2.1 orders for customers in the sample master data."""

from __future__ import annotations

from datetime import date, timedelta
from xml.sax.saxutils import escape

# Customers and products of mappings/masterdata.
RETAIL_BRUSSELS_GLN = "5412345000013"  # C1001
# C1001's own sender address and fax number on file: a UBL order mailed or faxed by nobody of the customer's (no
# sender at all included) names it only weakly (CUSTOMER-WEAK-ID), so tests meaning the customer's own copy send it so
RETAIL_BRUSSELS_MAIL = "orders@retail-brussels.example"
RETAIL_BRUSSELS_FAX = "+32 2 555 01 01"
# Orders are dated two days before today: a fixed date would become implausibly old (ORDER-DATE-IMPLAUSIBLE).
ORDER_DAY = date.today() - timedelta(days=2)
PRODUCTS = {"4000862141404": "SKU-1001", "5412345678908": "SKU-1002", "4012345678901": "SKU-1003"}


def ubl_order(po: str, lines: list[tuple], buyer_gln: str = RETAIL_BRUSSELS_GLN,
              issue_date: str = ORDER_DAY.isoformat(), delivery_date: str | None = "2099-12-01", note: str = "",
              root: str = "Order", original_po: str | None = None, currency: str = "EUR") -> bytes:
    """A UBL 2.1 Order (or OrderChange / OrderCancellation naming ``original_po``) with (gtin, qty) or
    (gtin, qty, unit code) lines."""
    items = "".join(f"""
  <cac:OrderLine><cac:LineItem>
    <cbc:ID>{n}</cbc:ID>
    <cbc:Quantity unitCode="{unit[0] if unit else 'C62'}">{qty}</cbc:Quantity>
    <cac:Item><cbc:Name>Item {n}</cbc:Name>
      <cac:StandardItemIdentification><cbc:ID schemeID="0160">{gtin}</cbc:ID></cac:StandardItemIdentification>
    </cac:Item>
  </cac:LineItem></cac:OrderLine>""" for n, (gtin, qty, *unit) in enumerate(lines, 1))
    note_xml = f"<cbc:Note>{escape(note)}</cbc:Note>" if note else ""
    reference = (f"<cac:OrderReference><cbc:ID>{escape(original_po)}</cbc:ID></cac:OrderReference>"
                 if original_po else "")
    delivery = (f"<cac:Delivery><cac:RequestedDeliveryPeriod><cbc:StartDate>{delivery_date}</cbc:StartDate>"
                "</cac:RequestedDeliveryPeriod></cac:Delivery>" if delivery_date else "")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<{root} xmlns="urn:oasis:names:specification:ubl:schema:xsd:{root}-2"
 xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
 xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:UBLVersionID>2.1</cbc:UBLVersionID>
  <cbc:ID>{escape(po)}</cbc:ID>
  <cbc:IssueDate>{issue_date}</cbc:IssueDate>
  {note_xml}
  <cbc:DocumentCurrencyCode>{currency}</cbc:DocumentCurrencyCode>
  {reference}
  {delivery}
  <cac:BuyerCustomerParty><cac:Party>
    <cbc:EndpointID schemeID="0088">{buyer_gln}</cbc:EndpointID>
    <cac:PartyName><cbc:Name>Retail Brussels NV</cbc:Name></cac:PartyName>
  </cac:Party></cac:BuyerCustomerParty>
  <cac:SellerSupplierParty><cac:Party><cac:PartyName><cbc:Name>Us</cbc:Name></cac:PartyName></cac:Party></cac:SellerSupplierParty>{items}
</{root}>
""".encode()


def edifact_order(po: str, lines: list[tuple[str, int]], buyer_gln: str = RETAIL_BRUSSELS_GLN,
                  sender: str = RETAIL_BRUSSELS_GLN, control_ref: str = "1", kind: str = "ORDERS",
                  original_po: str | None = None) -> bytes:
    """An EDIFACT D96A ORDERS (or ORDCHG) interchange with (gtin, quantity) lines."""
    seg = [f"UNH+1+{kind}:D:96A:UN:EAN008", f"BGM+{'230' if kind == 'ORDCHG' else '220'}+{po}+9",
           f"DTM+137:{ORDER_DAY:%Y%m%d}:102", "DTM+2:20991201:102"]
    if original_po:
        seg.append(f"RFF+ON:{original_po}")
    seg += [f"NAD+BY+{buyer_gln}::9", "NAD+SU+4012345500004::9", "CUX+2:EUR:9"]
    for n, (gtin, qty) in enumerate(lines, 1):
        seg += [f"LIN+{n}++{gtin}:SRS", f"QTY+21:{qty}"]
    seg += ["UNS+S", f"CNT+2:{len(lines)}"]
    seg.append(f"UNT+{len(seg) + 1}+1")
    body = "'".join([f"UNB+UNOC:3+{sender}:14+GATEWAY:ZZ+261120:1000+{control_ref}", *seg,
                     f"UNZ+1+{control_ref}"]) + "'"
    return ("UNA:+.? '" + body).encode("latin-1")


def x12_order(po: str, lines: list[tuple[str, int]], sender: str = "ACMEIND", control: int = 1) -> bytes:
    """An X12 004010 850 interchange with (gtin/UPC, quantity) lines; ``~`` ends segments, ``*`` elements."""
    body = [f"ST*850*0001", f"BEG*00*SA*{po}**{ORDER_DAY:%Y%m%d}", "DTM*002*20991201",
            f"N1*BY*Acme Industrial*92*{sender}"]
    for n, (gtin, qty) in enumerate(lines, 1):
        body.append(f"PO1*{n}*{qty}*EA***UP*{gtin}")
    body += [f"CTT*{len(lines)}", f"SE*{len(body) + 2}*0001"]
    isa = (f"ISA*00*          *00*          *ZZ*{sender:<15}*ZZ*{'GATEWAY':<15}*261120*1000*U*00401*"
           f"{control:09d}*0*P*>")
    seg = [isa, f"GS*PO*{sender}*GATEWAY*20261120*1000*{control}*X*004010", *body,
           f"GE*1*{control}", f"IEA*1*{control:09d}"]
    return ("~\n".join(seg) + "~\n").encode()
