"""Issue 17: EDI/XML lines in pieces of a product sold in packs whose contents only its description states
("Glue sticks, box of 24", no pack size in products.csv).

Own examples: priced at one piece's price (the catalogue's / 24) the pieces become whole boxes (UOM-CONVERTED
naming the stated pack); priced at one box's price, a "piece" is a box and the note says so; unpriced, a count is
boxes by the sales-unit policy, a count of whole boxes of pieces (48, 24) with the other reading named.
"""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

import pytest

from testkit.harness import write_config
from testkit.trust_corpus import CUSTOMERS, gtin13, write_master
from tests.test_trust import in_process_extract, orders_in

FR, IE, US, DE = CUSTOMERS
TODAY = date.today()
GLUE = gtin13("400993001000")


@pytest.fixture(scope="module")
def config_path(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("stated_packs")
    master = root / "master"
    write_master(master)
    with (master / "products.csv").open("a", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerow(["TP-3001", GLUE, "Glue sticks, box of 24", "BX", "12.00", ""])
    partners = [{"id": f"sftp-{c.customer_id}", "customer_id": c.customer_id} for c in CUSTOMERS]
    return write_config(root / "gw", {"partners": partners, "decide": {
        "rules": {"conversions_file": master / "unit_conversions.toml"}, "anomalies": {"enabled": False}}},
        master_data=master)


def edifact(qty: int, unit: str, price: str | None) -> bytes:
    seg = ["UNH+1+ORDERS:D:96A:UN:EAN008", "BGM+220+SP-1+9", f"DTM+137:{TODAY:%Y%m%d}:102",
           f"DTM+2:{TODAY + timedelta(days=8):%Y%m%d}:102", f"NAD+BY+{DE.gln}::9", "CUX+2:EUR:9",
           f"LIN+1++{GLUE}:SRS", f"QTY+21:{qty}:{unit}", *([f"PRI+AAA:{price}"] if price else []), "UNS+S", "CNT+2:1"]
    seg.append(f"UNT+{len(seg) + 1}+1")
    return ("UNA:+.? '" + "'".join([f"UNB+UNOC:3+{DE.gln}:14+GATEWAY:ZZ+{TODAY:%y%m%d}:0900+71", *seg,
                                    "UNZ+1+71"]) + "'").encode("latin-1")


def x12(qty: int, unit: str, price: str) -> bytes:
    body = ["ST*850*0001", f"BEG*00*SA*SP-2**{TODAY:%Y%m%d}", "CUR*BY*USD", f"DTM*002*{TODAY + timedelta(days=8):%Y%m%d}",
            f"N1*BY*{US.name}*92*KEYSTONE", f"PO1*1*{qty}*{unit}*{price}**VP*TP-3001", "CTT*1"]
    body.append(f"SE*{len(body) + 1}*0001")
    isa = (f"ISA*00*          *00*          *ZZ*{'KEYSTONE':<15}*ZZ*{'GATEWAY':<15}*{TODAY:%y%m%d}*0900*U*00401*"
           "000000072*0*P*>")
    seg = [isa, f"GS*PO*KEYSTONE*GATEWAY*{TODAY:%Y%m%d}*0900*72*X*004010", *body, "GE*1*72", "IEA*1*000000072"]
    return ("~\n".join(seg) + "~\n").encode()


def one(config: Path, tmp: Path, data: bytes, name: str) -> dict:
    (got,) = orders_in(in_process_extract(config, data, name, tmp, channel="http"))
    return got


def codes(order: dict) -> dict[str, str]:
    return {i["code"]: i["severity"] for i in order["issues"]}


@pytest.mark.parametrize("data, name", [(edifact(72, "PCE", "0.50"), "a.edi"), (x12(72, "EA", "0.50"), "a.x12")])
def test_pieces_priced_as_pieces_become_whole_boxes(config_path, tmp_path, data, name):
    got = one(config_path, tmp_path, data, name)
    assert got["status"] == "ready", got["issues"]
    assert [(ln["quantity"], ln["uom"], ln["unit_price"]) for ln in got["lines"]] == [("3", "BX", "12")]
    assert "the pack its description states" in next(i["message"] for i in got["issues"] if i["code"] == "UOM-CONVERTED")


def test_pieces_priced_as_boxes_are_boxes_with_a_note(config_path, tmp_path):
    got = one(config_path, tmp_path, edifact(6, "PCE", "12.00"), "b.edi")
    assert got["status"] == "ready" and [(ln["quantity"], ln["uom"]) for ln in got["lines"]] == [("6", "BX")]
    assert codes(got).get("UOM-CONVERTED") == "info"


@pytest.mark.parametrize("qty", [48, 24])
def test_unpriced_whole_boxes_of_pieces_are_boxes_with_the_other_reading_named(config_path, tmp_path, qty):
    got = one(config_path, tmp_path, edifact(qty, "PCE", None), "c.edi")
    assert got["status"] == "ready" and codes(got).get("UOM-CONVERTED") == "info", got["issues"]
    assert [(ln["quantity"], ln["uom"]) for ln in got["lines"]] == [(str(qty), "BX")]
    message = next(i["message"] for i in got["issues"] if i["code"] == "UOM-CONVERTED")
    assert f"read as {qty} BX" in message and f"not {qty // 24} BX of 24 pieces" in message


@pytest.mark.parametrize("qty", [5, 30])
def test_other_unpriced_counts_are_boxes_by_the_policy(config_path, tmp_path, qty):
    got = one(config_path, tmp_path, edifact(qty, "PCE", None), "d.edi")
    assert got["status"] == "ready", got["issues"]
    assert [(ln["quantity"], ln["uom"]) for ln in got["lines"]] == [(str(qty), "BX")]


def test_a_piece_price_that_leaves_part_of_a_box_is_held(config_path, tmp_path):
    got = one(config_path, tmp_path, edifact(30, "PCE", "0.50"), "e.edi")
    assert got["status"] != "ready"
