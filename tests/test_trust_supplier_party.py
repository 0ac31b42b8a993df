"""Issue 17: an order whose supplier party is another company is held SUPPLIER-NOT-US.

Own examples: EDIFACT NAD+SU, X12 N1*SE / N1*VN, UBL SellerSupplierParty and cXML (Header/To party ids,
ItemOut SupplierID, a supplierCorporate Contact) naming us or someone else,
with and without ``[own_company]`` identities configured.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from gateway.config import parse_config
from gateway.errors import ConfigError
from testkit.harness import write_config
from testkit.trust_corpus import CUSTOMERS, CXML_SECRETS, PRODUCTS, trust_partners, write_master
from tests.test_trust import in_process_extract, orders_in

FR, IE, US, DE = CUSTOMERS
PRODUCT = {p.sku: p for p in PRODUCTS}
TODAY = date.today()
SOON = TODAY + timedelta(days=6)
OUR_GLN, OUR_DUNS, OUR_VAT = "4012345500004", "314159265", "DE999888777"


def _config(root: Path, own: dict | None) -> Path:
    master = root / "master"
    write_master(master)
    extra: dict = {"partners": trust_partners(),
                   "decide": {"rules": {"conversions_file": master / "unit_conversions.toml"},
                              "anomalies": {"enabled": False}}}
    if own is not None:
        extra["own_company"] = own
    return write_config(root / "gw", extra, master_data=master)


@pytest.fixture(scope="module")
def ours(tmp_path_factory) -> Path:
    return _config(tmp_path_factory.mktemp("ours"), {"names": ["Sonnenberg Bürobedarf GmbH"], "glns": [OUR_GLN],
                                                     "duns": [OUR_DUNS], "vat_ids": [OUR_VAT]})


@pytest.fixture(scope="module")
def unset(tmp_path_factory) -> Path:
    return _config(tmp_path_factory.mktemp("unset"), None)


def edifact(nad_su: str | None) -> bytes:
    lamp = PRODUCT["TP-1001"]
    seg = ["UNH+5+ORDERS:D:96A:UN:EAN008", "BGM+220+SU-771+9", f"DTM+137:{TODAY:%Y%m%d}:102",
           f"DTM+2:{SOON:%Y%m%d}:102", f"NAD+BY+{DE.gln}::9", *([nad_su] if nad_su else []), "CUX+2:EUR:9",
           f"LIN+1++{lamp.gtin}:SRS", "QTY+21:2:PCE", f"PRI+AAA:{lamp.price}", "UNS+S", "CNT+2:1"]
    seg.append(f"UNT+{len(seg) + 1}+5")
    return ("UNA:+.? '" + "'".join([f"UNB+UNOC:3+{DE.gln}:14+{OUR_GLN}:14+{TODAY:%y%m%d}:0800+61", *seg,
                                    "UNZ+1+61"]) + "'").encode("latin-1")


def x12(n1: str | None) -> bytes:
    body = ["ST*850*0007", f"BEG*00*SA*SU-X12**{TODAY:%Y%m%d}", "CUR*BY*USD", f"DTM*002*{SOON:%Y%m%d}",
            f"N1*BY*{US.name}*92*KEYSTONE", *([n1] if n1 else []), "PO1*1*2*EA*12.00**VP*TP-1002", "CTT*1"]
    body.append(f"SE*{len(body) + 1}*0007")
    isa = (f"ISA*00*          *00*          *ZZ*{'KEYSTONE':<15}*ZZ*{'SONNENBERG':<15}*{TODAY:%y%m%d}*0800*U*00401*"
           "000000007*0*P*>")
    seg = [isa, f"GS*PO*KEYSTONE*SONNENBERG*{TODAY:%Y%m%d}*0800*7*X*004010", *body, "GE*1*7", "IEA*1*000000007"]
    return ("~\n".join(seg) + "~\n").encode()


def ubl(seller: str) -> bytes:
    lamp = PRODUCT["TP-1001"]
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"
 xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
 xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
<cbc:ID>SU-UBL</cbc:ID><cbc:IssueDate>{TODAY}</cbc:IssueDate><cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
<cac:BuyerCustomerParty><cac:Party><cbc:EndpointID schemeID="0088">{DE.gln}</cbc:EndpointID>
<cac:PartyName><cbc:Name>{DE.name}</cbc:Name></cac:PartyName></cac:Party></cac:BuyerCustomerParty>
<cac:SellerSupplierParty><cac:Party>{seller}</cac:Party></cac:SellerSupplierParty>
<cac:Delivery><cac:RequestedDeliveryPeriod><cbc:StartDate>{SOON}</cbc:StartDate></cac:RequestedDeliveryPeriod></cac:Delivery>
<cac:OrderLine><cac:LineItem><cbc:ID>1</cbc:ID><cbc:Quantity unitCode="EA">2</cbc:Quantity>
<cac:Price><cbc:PriceAmount currencyID="EUR">{lamp.price}</cbc:PriceAmount></cac:Price>
<cac:Item><cac:StandardItemIdentification><cbc:ID schemeID="0160">{lamp.gtin}</cbc:ID></cac:StandardItemIdentification>
</cac:Item></cac:LineItem></cac:OrderLine></Order>""".encode()


def cxml(to: str = "", header: str = "", item: str = "") -> bytes:
    """A cXML OrderRequest from Keystone (DUNS credential); ``to`` the Header/To credentials, ``header``
    more of the OrderRequestHeader, ``item`` more of the ItemOut."""
    to = to or '<Credential domain="NetworkID"><Identity>AN0100200300</Identity></Credential>'
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<cXML payloadID="su-cx@keystone.example" timestamp="{TODAY}T08:00:00+00:00" xml:lang="en-US">
<Header><From><Credential domain="DUNS"><Identity>{US.duns}</Identity></Credential></From><To>{to}</To>
<Sender><Credential domain="NetworkID"><Identity>hub</Identity><SharedSecret>{CXML_SECRETS["T3"]}</SharedSecret></Credential>
<UserAgent>u</UserAgent></Sender></Header>
<Request deploymentMode="production"><OrderRequest>
<OrderRequestHeader orderID="SU-CX" orderDate="{TODAY}T08:00:00+00:00" type="new" requestedDeliveryDate="{SOON}">
{header}</OrderRequestHeader>
<ItemOut quantity="3" lineNumber="1"><ItemID><SupplierPartID>TP-1002</SupplierPartID></ItemID>{item}
<ItemDetail><UnitPrice><Money currency="USD">12.00</Money></UnitPrice><Description xml:lang="en">Stapler</Description>
<UnitOfMeasure>EA</UnitOfMeasure></ItemDetail></ItemOut></OrderRequest></Request></cXML>""".encode()


def only_order(result: dict) -> dict:
    orders = orders_in(result)
    assert len(orders) == 1, result
    return orders[0]


THEIRS = [
    (edifact("NAD+SU+4300001000005::9++Konkurrenz Papierwelt AG+Hafenweg 3+Bremen++28195+DE"), "t.edi",
     "4300001000005"),
    (edifact("NAD+SU+4300001000005::9"), "t.edi", "4300001000005"),
    (x12("N1*VN*Acme Paper Wholesale Inc*1*271828182"), "t.x12", "Acme Paper Wholesale"),
    (x12("N1*SE*Brightline Stationers LLC"), "t.x12", "Brightline"),
    (ubl('<cac:PartyName><cbc:Name>Bureau Concurrent SARL</cbc:Name></cac:PartyName>'
         '<cac:PartyTaxScheme><cbc:CompanyID>FR40123456789</cbc:CompanyID></cac:PartyTaxScheme>'), "t.xml",
     "FR40123456789"),
    (cxml(to='<Credential domain="GLN"><Identity>4300001000005</Identity></Credential>'), "t.cxml", "4300001000005"),
    (cxml(to='<Credential domain="NetworkID"><Identity>AN01</Identity></Credential>'
             '<Credential domain="DUNS"><Identity>271828182</Identity></Credential>'), "t.cxml", "271828182"),
    (cxml(item='<SupplierID domain="DUNS">271828182</SupplierID>'), "t.cxml", "271828182"),
    (cxml(to='<Credential domain="DUNS"><Identity>271828182</Identity></Credential>',
          header='<Contact role="supplierCorporate"><Name xml:lang="en">Acme Paper Wholesale Inc</Name></Contact>'),
     "t.cxml", "Acme Paper Wholesale"),
]


@pytest.mark.parametrize("data, name, named", THEIRS)
def test_supplier_party_naming_another_company_holds(ours, tmp_path, data, name, named):
    order = only_order(in_process_extract(ours, data, name, tmp_path, channel="http"))
    assert order["status"] != "ready"
    issue = next(i for i in order["issues"] if i["code"] == "SUPPLIER-NOT-US")
    assert named in issue["message"] and issue["severity"] == "error"


@pytest.mark.parametrize("data, name", [
    (edifact(f"NAD+SU+{OUR_GLN}::9"), "o.edi"),
    (edifact("NAD+SU+4300001000005::9++Sonnenberg Buerobedarf"), "o.edi"),  # our name, an old GLN
    (edifact("NAD+SU+4300001000005::9++SONNENBERG BÜROBEDARF GMBH+Ring 1+Köln++50667+DE"), "o.edi"),
    (edifact("NAD+SU+77123::92"), "o.edi"),  # the buyer's vendor number for us: nothing to compare
    (edifact(None), "o.edi"),
    (x12(f"N1*VN*Sonnenberg Bürobedarf GmbH*1*{OUR_DUNS}"), "o.x12"),
    (x12("N1*SE*Any Name Co*1*314159265"), "o.x12"),  # our DUNS: a buyer's own name for us
    (x12(None), "o.x12"),
    (ubl(f'<cac:PartyTaxScheme><cbc:CompanyID>{OUR_VAT}</cbc:CompanyID></cac:PartyTaxScheme>'), "o.xml"),
    (cxml(), "o.cxml"),  # a network id only: nothing to compare
    (cxml(to=f'<Credential domain="DUNS"><Identity>{OUR_DUNS}</Identity></Credential>'), "o.cxml"),
    (cxml(item=f'<SupplierID domain="GLN">{OUR_GLN}</SupplierID>'), "o.cxml"),
    (cxml(to='<Credential domain="DUNS"><Identity>271828182</Identity></Credential>',  # an old DUNS, our very name
          header='<Contact role="supplierCorporate"><Name>Sonnenberg Bürobedarf GmbH</Name></Contact>'), "o.cxml"),
    (cxml(header='<Contact role="supplierCorporate"><Name>Sonnenberg Buerobedarf</Name></Contact>'), "o.cxml"),
])
def test_supplier_party_that_is_us_goes(ours, tmp_path, data, name):
    order = only_order(in_process_extract(ours, data, name, tmp_path, channel="http"))
    assert "SUPPLIER-NOT-US" not in {i["code"] for i in order["issues"]}
    assert order["status"] == "ready", order["issues"]


@pytest.mark.parametrize("data, name, _", THEIRS)
def test_without_own_identities_the_supplier_is_not_checked(unset, tmp_path, data, name, _):
    order = only_order(in_process_extract(unset, data, name, tmp_path, channel="http"))
    assert "SUPPLIER-NOT-US" not in {i["code"] for i in order["issues"]}


@pytest.mark.parametrize("key, values", [
    ("glns", ["4012345500005"]), ("glns", ["401234550000"]), ("glns", ["4012345500004", "4012345500004"]),
    ("duns", ["31-415-9265"]), ("duns", ["31415926"]), ("glns", "4012345500004"),
])
def test_own_party_ids_are_validated_strictly(tmp_path, key, values):
    with pytest.raises(ConfigError) as err:
        parse_config({"own_company": {key: values}}, tmp_path / "gateway.toml")
    assert key in str(err.value)


def test_our_names_alone_switch_no_supplier_check_on(tmp_path):
    """[own_company] names set for letters and fax forms, no GLN, DUNS or VAT id: an order naming another supplier
    is not held for it (a buyer's vendor name for us varies); the check starts with an identifier of ours."""
    from gateway.config_own import OwnCompanySection
    from gateway.model import ExtractedOrder, Party
    order = ExtractedOrder(parties=[Party(role="supplier", name="Brightline Stationers LLC")])
    from gateway.stages.supplier_party import supplier_issue
    assert supplier_issue(OwnCompanySection(names=["Sonnenberg Bürobedarf GmbH"]), order) is None
    assert supplier_issue(OwnCompanySection(names=["Sonnenberg Bürobedarf GmbH"], duns=["314159265"]), order)


@pytest.mark.parametrize("own, party", [
    ({"interchange_ids": [OUR_GLN]}, "NAD+SU+4300001000005::9++Konkurrenz Papierwelt AG"),  # review Q1
    ({"names": ["Sonnenberg Bürobedarf GmbH"], "glns": [OUR_GLN]}, "NAD+SU+4300001000005::9++Bürobedarf GmbH"),  # Q2
    ({"names": ["Sonnenberg Bürobedarf GmbH"], "glns": [OUR_GLN]}, "NAD+SU+4300001000005::9++Sonnenberg"),
    ({"names": ["Nordic Office Supply AB"], "glns": [OUR_GLN]}, "NAD+SU+4300001000005::9++Nordic Office Supply Oy"),
])
def test_a_foreign_gln_is_not_excused_by_part_of_our_name(tmp_path, own, party):
    order = only_order(in_process_extract(_config(tmp_path / "c", own), edifact(party), "t.edi", tmp_path,
                                          channel="http"))
    assert "SUPPLIER-NOT-US" in {i["code"] for i in order["issues"]}


@pytest.mark.parametrize("name", ["SONNENBERG BUROBEDARF", "SONNENBERG BUEROBED", "Sonnenberg B."])
def test_our_name_as_a_buyers_system_writes_it_is_ours(name):
    """Review Q12: umlaut dropped, cut to its field, an initial: with only the buyer's vendor number beside it,
    the name is still ours."""
    from gateway.config_own import OwnCompanySection
    from gateway.model import ExtractedOrder, Party
    from gateway.stages.supplier_party import supplier_issue
    own = OwnCompanySection(names=["Sonnenberg Bürobedarf GmbH"], glns=[OUR_GLN])
    order = ExtractedOrder(parties=[Party(role="supplier", name=name, ids={"vendor": "V1001"})])
    assert supplier_issue(own, order) is None
    other = ExtractedOrder(parties=[Party(role="supplier", name="Brightline Stationers LLC", ids={"vendor": "V1001"})])
    assert supplier_issue(own, other) is not None
