"""cXML, UBL and openTRANS as partners send them: the supplier's item number, allowances, line dates.

Public samples by path from the shared corpus (see its SOURCES.md); generated documents for the shapes the
samples lack."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from extractors.base import ExtractHints
from extractors.xml.cxml import EXTRACTOR as CXML
from extractors.xml.opentrans import EXTRACTOR as OPENTRANS
from extractors.xml.ubl import EXTRACTOR as UBL
from gateway.oneshot import extract_file
from testkit.harness import load_test_config, write_config

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
HINTS = ExtractHints()


def cxml_order(items: str, header_date: str = "") -> bytes:
    when = f' requestedDeliveryDate="{header_date}"' if header_date else ""
    return f"""<?xml version="1.0"?>
<cXML payloadID="1@x" timestamp="2026-11-20T10:00:00+00:00"><Header>
<From><Credential domain="NetworkID"><Identity>AN01</Identity></Credential></From>
<To><Credential domain="NetworkID"><Identity>AN02</Identity></Credential></To>
<Sender><Credential domain="NetworkID"><Identity>AN01</Identity></Credential><UserAgent>t</UserAgent></Sender>
</Header><Request><OrderRequest><OrderRequestHeader orderID="PO-C1" orderDate="2026-11-20" type="new"{when}>
<Total><Money currency="EUR">1</Money></Total></OrderRequestHeader>{items}</OrderRequest></Request></cXML>""".encode()


def item(n: int, when: str | None, price: str = '<Money currency="EUR">8.40</Money>') -> str:
    date_attr = f' requestedDeliveryDate="{when}"' if when else ""
    return (f'<ItemOut quantity="3" lineNumber="{n}"{date_attr}><ItemID><SupplierPartID>SKU-1001</SupplierPartID>'
            f'</ItemID><ItemDetail><UnitPrice>{price}</UnitPrice><Description xml:lang="en">x</Description>'
            "<UnitOfMeasure>EA</UnitOfMeasure></ItemDetail></ItemOut>")


def test_cxml_item_dates_are_kept_per_line() -> None:
    order = CXML.extract((CORPUS / "cxml" / "OrderRequest.xml").read_bytes(), HINTS).orders[0]
    assert order.requested_delivery_date is None  # the header has none...
    assert [line.requested_date for line in order.lines] == [date(2020, 2, 28)] * 2  # ...the items do
    assert [line.item_ids for line in order.lines] == [{"SupplierPartID": "1233244"}, {"SupplierPartID": "1233245"}]


def test_cxml_lines_that_disagree_leave_the_order_date_empty(tmp_path: Path) -> None:
    path = tmp_path / "order.xml"
    path.write_bytes(cxml_order(item(1, "2099-03-01") + item(2, "2099-03-02")))
    order = extract_file(load_test_config(write_config(tmp_path / "gw")), path)["orders"][0]["order"]
    assert order["requested_delivery_date"] is None
    assert [line["requested_date"] for line in order["lines"]] == ["2099-03-01", "2099-03-02"]
    assert [line["supplier_item"] for line in order["lines"]] == ["SKU-1001", "SKU-1001"]


def test_cxml_price_modifications_keep_the_original_price_and_the_deduction() -> None:
    price = ('<Money currency="EUR">8.40</Money><Modifications><Modification><OriginalPrice>'
             '<Money currency="EUR">10.50</Money></OriginalPrice><AdditionalDeduction><DeductionPercent '
             'percent="20"/></AdditionalDeduction><ModificationDetail name="Discount"/></Modification>'
             '</Modifications>')
    line = CXML.extract(cxml_order(item(1, None, price)), HINTS).orders[0].lines[0]
    assert (line.unit_price, line.gross_price) == (Decimal("8.40"), Decimal("10.50"))
    assert [(a.kind, a.code, a.percent, a.applied) for a in line.allowances] == [
        ("allowance", "Discount", Decimal(20), False)]  # UnitPrice/Money is already after it


def test_cxml_modifications_without_a_final_price_give_it() -> None:
    price = ('<Modifications><Modification><OriginalPrice><Money currency="EUR">10.50</Money></OriginalPrice>'
             '<AdditionalCost><Money currency="EUR">0.50</Money></AdditionalCost></Modification></Modifications>')
    line = CXML.extract(cxml_order(item(1, None, price)), HINTS).orders[0].lines[0]
    assert (line.unit_price, line.gross_price) == (Decimal("11.00"), Decimal("10.50"))


def test_opentrans_supplier_pid_and_percentage_allowances_in_sequence() -> None:
    path = CORPUS / "xml-other" / "opentranssharp_sample_order_opentrans_2_1_xml signature.xml"
    line = OPENTRANS.extract(path.read_bytes(), HINTS).orders[0].lines[0]
    assert line.supplier_item == "a" and line.item_ids["SUPPLIER_PID:$"] == "a"
    assert [(a.code, a.percent, a.sequence, a.applied) for a in line.allowances] == [
        ("small_order", Decimal("8.00"), 1, True), ("cash_discount", Decimal("5.00"), 2, True)]


def test_opentrans_line_delivery_dates_give_the_order_date(tmp_path: Path) -> None:
    sample = (CORPUS / "xml-other" / "sample_order_opentrans_2_1_xml signature.xml").read_text("utf-8")
    line_date = ("<PARTIAL_SHIPMENT_ALLOWED>FALSE</PARTIAL_SHIPMENT_ALLOWED><DELIVERY_DATE>"
                 "<DELIVERY_START_DATE>2099-01-05</DELIVERY_START_DATE></DELIVERY_DATE>")
    dated = sample.replace("<PARTIAL_SHIPMENT_ALLOWED>FALSE</PARTIAL_SHIPMENT_ALLOWED>", line_date)
    start, end = dated.index("<DELIVERY_DATE"), dated.index("</DELIVERY_DATE>") + len("</DELIVERY_DATE>")
    undated_header = dated[:start] + dated[end:]  # the header's own DELIVERY_DATE (the first) removed
    config = load_test_config(write_config(tmp_path / "gw"))
    for text, header in ((dated, "2009-05-20"), (undated_header, "2099-01-05")):
        path = tmp_path / "order.xml"
        path.write_text(text, "utf-8")
        order = extract_file(config, path)["orders"][0]["order"]
        assert (order["requested_delivery_date"], order["lines"][0]["requested_date"]) == (header, "2099-01-05")


def test_ubl_sellers_item_is_the_supplier_item_and_kept_by_where_it_sits() -> None:
    order = UBL.extract((CORPUS / "ubl" / "UBL-Order-2.1-Example.xml").read_bytes(), HINTS).orders[0]
    assert [line.supplier_item for line in order.lines] == [line.item_ids.get("seller") for line in order.lines]
    assert any(line.supplier_item for line in order.lines)


def test_ubl_line_delivery_periods_give_the_order_date_when_they_agree(tmp_path: Path) -> None:
    from testkit.samples import ubl_order
    line_delivery = ("<cac:Delivery><cac:RequestedDeliveryPeriod><cbc:StartDate>2099-04-01</cbc:StartDate>"
                     "</cac:RequestedDeliveryPeriod></cac:Delivery><cac:Item>")
    body = ubl_order("PO-U1", [("4000862141404", 2), ("5412345678908", 1)], delivery_date=None)
    config = load_test_config(write_config(tmp_path / "gw"))
    for text, header in ((body.replace(b"<cac:Item>", line_delivery.encode()), "2099-04-01"),
                         (body.replace(b"<cac:Item>", line_delivery.encode(), 1), None)):
        path = tmp_path / "order.xml"
        path.write_bytes(text)
        order = extract_file(config, path)["orders"][0]["order"]
        assert order["requested_delivery_date"] == header
        assert order["lines"][0]["requested_date"] == "2099-04-01"


def ubl_line(price_amount: str, extension: str, line_charges: str = "") -> bytes:
    """A UBL 2.1 order of one line of 4 units with a price discount of 0.75 from 24.50."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"
 xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
 xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
<cbc:ID>PO-U9</cbc:ID><cbc:IssueDate>2026-12-01</cbc:IssueDate>
<cac:OrderLine><cac:LineItem><cbc:ID>1</cbc:ID><cbc:Quantity unitCode="EA">4</cbc:Quantity>
<cbc:LineExtensionAmount currencyID="EUR">{extension}</cbc:LineExtensionAmount>{line_charges}
<cac:Price><cbc:PriceAmount currencyID="EUR">{price_amount}</cbc:PriceAmount>
<cac:AllowanceCharge><cbc:ChargeIndicator>false</cbc:ChargeIndicator><cbc:Amount currencyID="EUR">0.75</cbc:Amount>
<cbc:BaseAmount currencyID="EUR">24.50</cbc:BaseAmount></cac:AllowanceCharge></cac:Price>
<cac:Item><cbc:Name>Widget</cbc:Name><cac:SellersItemIdentification><cbc:ID>SKU-1001</cbc:ID>
</cac:SellersItemIdentification></cac:Item></cac:LineItem></cac:OrderLine></Order>""".encode()


def test_ubl_stated_price_amount_is_the_net_price_and_its_discount_listed() -> None:
    order = UBL.extract(ubl_line("23.75", "95.00"), HINTS).orders[0]
    line = order.lines[0]
    assert (line.unit_price, line.gross_price) == (Decimal("23.75"), Decimal("24.50"))
    assert [(a.per_unit, a.applied) for a in line.allowances] == [(Decimal("0.75"), True)]
    assert order.problems == []


def test_ubl_line_amount_as_stated_and_a_line_extension_that_does_not_match_holds(tmp_path: Path) -> None:
    charge = ("<cac:AllowanceCharge><cbc:ChargeIndicator>false</cbc:ChargeIndicator>"
              "<cbc:MultiplierFactorNumeric>10</cbc:MultiplierFactorNumeric>"
              "<cbc:Amount currencyID=\"EUR\">5.00</cbc:Amount></cac:AllowanceCharge>")
    assert UBL.extract(ubl_line("23.75", "90.00", charge), HINTS).orders[0].lines[0].unit_price == Decimal("22.5")
    path = tmp_path / "order.xml"
    path.write_bytes(ubl_line("23.75", "99.00"))
    order = extract_file(load_test_config(write_config(tmp_path / "gw")), path)["orders"][0]["order"]
    issue = next(i for i in order["issues"] if i["code"] == "PRICE-LINE-AMOUNT")
    assert issue["severity"] == "error" and "the line amount says 99.00" in issue["message"]
