"""Issue 17: what goes to the ERP untouched is right on documents we did not design.

Each class has its own examples here (written for these tests, never the outside testers' files):
interchanges addressed to another recipient, totals blocks with a subtotal and charges, dates written
in words, a foreign delivery address on a customer's order, typed delivery windows and quoted replies.
"""

from __future__ import annotations

from datetime import date, timedelta
from email.message import EmailMessage
from pathlib import Path

import pytest

from gateway.config import parse_config
from gateway.errors import ConfigError
from testkit.harness import write_config
from testkit.trust_corpus import CUSTOMERS, PRODUCTS, write_master
from tests.test_trust import in_process_extract

FR, IE, US, DE = CUSTOMERS
PRODUCT = {p.sku: p for p in PRODUCTS}
TODAY = date.today()
SOON = TODAY + timedelta(days=5)


def _config(root: Path, interchange_ids: list[str] | None) -> Path:
    master = root / "master"
    write_master(master)
    extra: dict = {"partners": [{"id": f"sftp-{c.customer_id}", "customer_id": c.customer_id} for c in CUSTOMERS],
                   "decide": {"rules": {"conversions_file": master / "unit_conversions.toml"},
                              "anomalies": {"enabled": False}}}
    if interchange_ids is not None:
        extra["own_company"] = {"interchange_ids": interchange_ids}
    return write_config(root / "gw", extra, master_data=master)


@pytest.fixture(scope="module")
def ours(tmp_path_factory) -> Path:
    return _config(tmp_path_factory.mktemp("ours"), ["SUPPLIERHUB", "4012345500004"])


@pytest.fixture(scope="module")
def unset(tmp_path_factory) -> Path:
    return _config(tmp_path_factory.mktemp("unset"), None)


def only_order(result: dict) -> dict:
    orders = [o["order"] for o in result.get("orders", [])]
    assert len(orders) == 1, result
    return orders[0]


def codes(order: dict) -> set[str]:
    return {i["code"] for i in order["issues"] if i["severity"] == "error"}


# --- 1. an interchange addressed to another recipient -----------------------------------------------


def edifact(recipient: str, po: str = "ICH-4471") -> bytes:
    lamp = PRODUCT["TP-1001"]
    seg = ["UNH+77+ORDERS:D:01B:UN:EAN010", f"BGM+220+{po}+9", f"DTM+137:{TODAY:%Y%m%d}:102",
           f"DTM+2:{SOON:%Y%m%d}:102", f"NAD+BY+{DE.gln}::9", "NAD+SU+4012345500004::9", "CUX+2:EUR:9",
           f"LIN+1++{lamp.gtin}:SRS", "QTY+21:3:PCE", f"PRI+AAA:{lamp.price}", "UNS+S", "CNT+2:1"]
    seg.append(f"UNT+{len(seg) + 1}+77")
    return ("UNA:+.? '" + "'".join([f"UNB+UNOC:3+{DE.gln}:14+{recipient}+{TODAY:%y%m%d}:0800+5501", *seg,
                                    "UNZ+1+5501"]) + "'").encode("latin-1")


def x12(receiver: str, po: str = "ICH-X850") -> bytes:
    body = ["ST*850*0042", f"BEG*00*SA*{po}**{TODAY:%Y%m%d}", "CUR*BY*USD", f"DTM*002*{SOON:%Y%m%d}",
            f"N1*BY*{US.name}*92*KEYSTONE", "PO1*1*4*EA*12.00**VP*TP-1002", "CTT*1"]
    body.append(f"SE*{len(body) + 1}*0042")
    isa = (f"ISA*00*          *00*          *ZZ*{'KEYSTONE':<15}*12*{receiver:<15}*{TODAY:%y%m%d}*0800*U*00401*"
           "000004242*0*P*>")
    seg = [isa, f"GS*PO*KEYSTONE*{receiver}*{TODAY:%Y%m%d}*0800*4242*X*004010", *body, "GE*1*4242",
           "IEA*1*000004242"]
    return ("~\n".join(seg) + "~\n").encode()


def cxml(to: str, po: str = "ICH-CX1") -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE cXML SYSTEM "http://xml.cxml.org/schemas/cXML/1.2.045/cXML.dtd">
<cXML payloadID="{po}@keystone.example" timestamp="{TODAY}T08:00:00-05:00">
<Header><From><Credential domain="DUNS"><Identity>{US.duns}</Identity></Credential></From>
<To><Credential domain="NetworkID"><Identity>{to}</Identity></Credential></To>
<Sender><Credential domain="NetworkID"><Identity>AN01000000777</Identity><SharedSecret>s</SharedSecret>
</Credential><UserAgent>Ariba</UserAgent></Sender></Header>
<Request deploymentMode="production"><OrderRequest>
<OrderRequestHeader orderID="{po}" orderDate="{TODAY}T08:00:00-05:00" type="new" requestedDeliveryDate="{SOON}"/>
<ItemOut quantity="2" lineNumber="1"><ItemID><SupplierPartID>TP-1002</SupplierPartID></ItemID><ItemDetail>
<UnitPrice><Money currency="USD">12.00</Money></UnitPrice><Description xml:lang="en">Stapler</Description>
<UnitOfMeasure>EA</UnitOfMeasure></ItemDetail></ItemOut></OrderRequest></Request></cXML>""".encode()


@pytest.mark.parametrize("data, name, theirs", [
    (edifact("4099999000001:14"), "o.edi", "4099999000001"),
    (x12("OTHERVENDOR"), "o.x12", "OTHERVENDOR"),
    (cxml("AN01999999999"), "o.cxml", "AN01999999999"),
])
def test_interchange_for_another_recipient_holds(ours, tmp_path, data, name, theirs):
    order = only_order(in_process_extract(ours, data, name, tmp_path, channel="http"))
    assert order["status"] != "ready"
    issue = next(i for i in order["issues"] if i["code"] == "INTERCHANGE-NOT-OURS")
    assert theirs in issue["message"] and issue["severity"] == "error"


@pytest.mark.parametrize("data, name", [
    (edifact("4012345500004:14"), "o.edi"), (x12("supplierhub"), "o.x12"), (cxml("SupplierHub"), "o.cxml"),
])
def test_interchange_addressed_to_one_of_ours_goes(ours, tmp_path, data, name):
    order = only_order(in_process_extract(ours, data, name, tmp_path, channel="http"))
    assert "INTERCHANGE-NOT-OURS" not in {i["code"] for i in order["issues"]}
    assert order["status"] == "ready", order["issues"]


@pytest.mark.parametrize("data, name", [
    (edifact("4099999000001:14"), "o.edi"), (x12("OTHERVENDOR"), "o.x12"), (cxml("AN01999999999"), "o.cxml"),
])
def test_without_interchange_ids_the_recipient_is_not_checked(unset, tmp_path, data, name):
    order = only_order(in_process_extract(unset, data, name, tmp_path, channel="http"))
    assert "INTERCHANGE-NOT-OURS" not in {i["code"] for i in order["issues"]}
    assert order["status"] == "ready", order["issues"]


@pytest.mark.parametrize("ids, reason", [
    (["GATE WAY"], "no spaces"), ([""], "at least 1"), (["SUPPLIERHUB", "supplierhub"], "listed twice"),
    (["ZZ:SUPPLIERHUB"], "letters, digits"), ("SUPPLIERHUB", "list"),
])
def test_interchange_ids_are_validated_strictly(tmp_path, ids, reason):
    with pytest.raises(ConfigError) as err:
        parse_config({"own_company": {"interchange_ids": ids}}, tmp_path / "gateway.toml")
    assert "interchange_ids" in str(err.value)
