"""An openTRANS order carries only its buyer's PARTY_ID: from an unknown channel that is a weak id
(``CUSTOMER-WEAK-ID``), as anyone can write a GLN; a partner listing it in ``opentrans_ids`` (as written,
"iln:4012345000009", or the bare value of a GLN or DUNS) is identified by it, as UBL endpoints and EDI envelope
ids are; mailed from an address that is not that customer's, the id stays weak."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from testkit.harness import write_config
from tests.test_trust import in_process_extract, orders_in

DAY = date.today() + timedelta(days=16)


def _opentrans(po: str, kind: str = "iln", value: str = "4012345000009", more: str = "") -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<ORDER version="2.1" type="standard" xmlns="http://www.opentrans.org/XMLSchema/2.1" xmlns:bmecat="http://www.bmecat.org/bmecat/2005">
<ORDER_HEADER><ORDER_INFO><ORDER_ID>{po}</ORDER_ID><ORDER_DATE>{date.today()}T08:00:00</ORDER_DATE>
<DELIVERY_DATE><DELIVERY_START_DATE>{DAY}</DELIVERY_START_DATE><DELIVERY_END_DATE>{DAY}</DELIVERY_END_DATE></DELIVERY_DATE>
<PARTIES><PARTY>{more}<bmecat:PARTY_ID type="{kind}">{value}</bmecat:PARTY_ID><PARTY_ROLE>buyer</PARTY_ROLE></PARTY></PARTIES>
</ORDER_INFO></ORDER_HEADER>
<ORDER_ITEM_LIST><ORDER_ITEM><LINE_ITEM_ID>1</LINE_ITEM_ID><PRODUCT_ID><bmecat:SUPPLIER_PID>SKU-1003</bmecat:SUPPLIER_PID></PRODUCT_ID>
<QUANTITY>12</QUANTITY><bmecat:ORDER_UNIT>C62</bmecat:ORDER_UNIT></ORDER_ITEM></ORDER_ITEM_LIST></ORDER>""".encode()


@pytest.fixture(scope="module")
def config(tmp_path_factory) -> Path:
    return write_config(tmp_path_factory.mktemp("otp"), {"partners": [
        {"id": "mueller-ot", "customer_id": "C1003", "opentrans_ids": ["iln:4012345000009"]},
        {"id": "dupont-ot", "customer_id": "C1002", "opentrans_ids": ["3012345000014"]}]})


def _order(config: Path, tmp: Path, data: bytes, **how: str) -> dict:
    (order,) = orders_in(in_process_extract(config, data, "order.xml", tmp, **({"channel": "http"} | how)))
    return order


def test_a_listed_buyer_id_identifies_the_partner(config, tmp_path):
    order = _order(config, tmp_path, _opentrans("OTP-1"))
    assert order["customer"]["id"] == "C1003" and order["customer"]["identified_by"] == "opentrans_id:iln:4012345000009"
    assert "CUSTOMER-WEAK-ID" not in {i["code"] for i in order["issues"]}


def test_a_bare_value_matches_any_written_type(config, tmp_path):
    order = _order(config, tmp_path, _opentrans("OTP-2", "gln", "3012345000014"))
    assert order["customer"]["id"] == "C1002"


def test_an_id_no_partner_lists_stays_weak(config, tmp_path):
    # listed as "iln:4012345000009": the same number written as another type is not what the partner listed
    order = _order(config, tmp_path, _opentrans("OTP-3", "gln", "4012345000009"))
    assert "CUSTOMER-WEAK-ID" in {i["code"] for i in order["issues"]}


@pytest.mark.parametrize("kind", ["buyer_specific", "supplier_specific", "party_specific"])
def test_a_bare_value_never_matches_a_buyers_own_number(tmp_path, kind):
    # every buyer numbers its own parties: a partner's bare "3012345000014" is a GLN, never another type's value
    config = write_config(tmp_path / "c", {"partners": [
        {"id": "dupont-ot", "customer_id": "C1002", "opentrans_ids": ["3012345000014"]}]})
    order = _order(config, tmp_path, _opentrans("OTP-4", kind, "3012345000014"))
    assert order["customer"].get("id") != "C1002" or "CUSTOMER-WEAK-ID" in {i["code"] for i in order["issues"]}
    assert not (order["customer"].get("identified_by") or "").startswith("opentrans_id")


def test_every_buyer_party_id_is_tried(config, tmp_path):
    more = '<bmecat:PARTY_ID type="buyer_specific">K-17</bmecat:PARTY_ID>'
    order = _order(config, tmp_path, _opentrans("OTP-5", more=more))
    assert order["customer"]["id"] == "C1003" and order["customer"]["identified_by"] == "opentrans_id:iln:4012345000009"
    assert "CUSTOMER-WEAK-ID" not in {i["code"] for i in order["issues"]}


def test_a_listed_id_mailed_by_a_stranger_stays_weak(config, tmp_path):
    order = _order(config, tmp_path, _opentrans("OTP-6"), channel="smtp", sender="orders@elsewhere.example")
    assert order["customer"]["id"] == "C1003"
    assert "CUSTOMER-WEAK-ID" in {i["code"] for i in order["issues"]} and order["status"] != "ready"


@pytest.mark.parametrize("ids, refused", [
    ({"mueller-ot": ["iln:4012345000009"], "dupont-ot": ["ILN:4012345000009"]}, "listed under both"),
    ({"mueller-ot": ["100"]}, "type:value"), ({"mueller-ot": ["iln:"]}, "type:value"),
    ({"mueller-ot": [" iln : 4012345000009"]}, "spaces around"), ({"mueller-ot": ["iln : 4012345000009"]}, "type:value"),
])
def test_opentrans_ids_are_checked_at_load(tmp_path, ids, refused):
    from gateway.config import ConfigError, load_config
    path = write_config(tmp_path / "c", {"partners": [
        {"id": pid, "customer_id": cid, "opentrans_ids": ids.get(pid, [])}
        for pid, cid in (("mueller-ot", "C1003"), ("dupont-ot", "C1002"))]})
    with pytest.raises(ConfigError, match=refused):
        load_config(path)


def test_an_edifact_id_under_two_partners_is_refused(tmp_path):
    from gateway.config import ConfigError, load_config
    path = write_config(tmp_path / "c", {"partners": [
        {"id": "a", "customer_id": "C1003", "edifact_ids": ["5412345000013"]},
        {"id": "b", "customer_id": "C1002", "edifact_ids": ["5412345000013"]}]})
    with pytest.raises(ConfigError, match="listed under both"):
        load_config(path)
