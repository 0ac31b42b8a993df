"""EDI orders that say more than their ordered lines (issue 17, outside tries): a free goods quantity beside the
ordered one (EDIFACT QTY 192/193) holds ``QTY-FREE-GOODS``, never dropped; a message that is no original order
(EDIFACT BGM 1225 = 31 copy, 16 proposal...; X12 BEG01 = 22 information copy, 06 confirmation) holds
``MESSAGE-NOT-ORIGINAL``; free text that cancels or replaces another order (FTX, MSG, UBL Note, cXML Comments)
holds ``STRUCTURED-TEXT-CANCEL``. The same messages without those go out untouched. Through ``gateway extract``
(in process, and once as the command).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from testkit.trust_corpus import CUSTOMERS, PRODUCTS, trust_config
from tests.test_trust import cli_extract, in_process_extract, orders_in

FR, IE, US, DE = CUSTOMERS
GTIN = {p.sku: p.gtin for p in PRODUCTS}


@pytest.fixture(scope="module")
def config_path(tmp_path_factory) -> Path:
    return trust_config(tmp_path_factory.mktemp("edi-said"))


def edifact(ref: str, function: str = "9", header: tuple[str, ...] = (), line: tuple[str, ...] = ()) -> bytes:
    seg = ["UNH+1+ORDERS:D:96A:UN", f"BGM+220+PO-{ref}+{function}", "DTM+137:20261204:102", "DTM+2:20270118:102",
           *header, f"NAD+BY+{FR.gln}::9", "CUX+2:EUR:9", f"LIN+1++{GTIN['TP-1003']}:SRS", "QTY+21:6:BX", *line,
           "PRI+AAA:6.50", "UNS+S"]
    seg.append(f"UNT+{len(seg) + 1}+1")
    body = "'".join([f"UNB+UNOC:3+{FR.gln}:14+GATEWAY:ZZ+261204:1000+{ref}", *seg, f"UNZ+1+{ref}"]) + "'"
    return ("UNA:+.? '" + body).encode("latin-1")


def x12(ref: str, purpose: str = "00", note: str | None = None) -> bytes:
    body = ["ST*850*0001", f"BEG*{purpose}*SA*PO-{ref}**20261203", "DTM*002*20270120",
            f"N1*BY*{US.name}*92*{US.x12_id}", "PO1*1*2*EA*19.90**VP*TP-1001", *([f"MSG*{note}"] if note else []),
            "CTT*1"]
    body.append(f"SE*{len(body) + 1}*0001")
    isa = (f"ISA*00*          *00*          *ZZ*{US.x12_id:<15}*ZZ*{'GATEWAY':<15}*261203*1000*U*00401*{ref:0>9}*0*P*>")
    return ("~".join([isa, f"GS*PO*{US.x12_id}*GATEWAY*20261203*1000*{ref}*X*004010", *body, f"GE*1*{ref}",
                      f"IEA*1*{ref:0>9}"]) + "~").encode()


def one(config: Path, data: bytes, name: str, tmp: Path, cli: bool = False) -> dict:
    got = orders_in((cli_extract if cli else in_process_extract)(config, data, name, tmp, channel="http"))
    assert len(got) == 1
    return got[0]


def held_for(order: dict) -> set[str]:
    return {i["code"] for i in order["issues"] if i["severity"] == "error"}


@pytest.mark.parametrize("qty", ["QTY+192:1:BX", "QTY+193:2"])
def test_a_free_goods_quantity_beside_the_ordered_one_holds(config_path, tmp_path, qty):
    got = one(config_path, edifact(f"7{len(qty)}", line=(qty,)), "free.edi", tmp_path)
    assert got["status"] != "ready" and "QTY-FREE-GOODS" in held_for(got)
    assert [(ln["sku"], ln["quantity"]) for ln in got["lines"]] == [("TP-1003", "6")]


@pytest.mark.parametrize("function", ["31", "16", "46", "6"])
def test_an_edifact_message_that_is_no_original_order_holds(config_path, tmp_path, function):
    got = one(config_path, edifact(f"8{function}", function=function), "copy.edi", tmp_path)
    assert got["status"] != "ready" and "MESSAGE-NOT-ORIGINAL" in held_for(got)


@pytest.mark.parametrize("purpose", ["22", "06"])
def test_an_x12_850_that_is_no_original_order_holds(config_path, tmp_path, purpose):
    got = one(config_path, x12(f"91{purpose}", purpose), "copy.x12", tmp_path)
    assert got["status"] != "ready" and "MESSAGE-NOT-ORIGINAL" in held_for(got)


@pytest.mark.parametrize("text", [
    "THIS ORDER SUPERSEDES OUR ORDER PO-5501 - CANCEL PO-5501",
    "Annule et remplace notre commande PO-5502",
    "Ersetzt Bestellung PO-5503, diese bitte stornieren",
])
def test_edifact_free_text_that_cancels_or_replaces_an_order_holds(config_path, tmp_path, text):
    got = one(config_path, edifact(f"6{len(text)}", header=(f"FTX+AAI+++{text}",)), "ftx.edi", tmp_path)
    assert got["status"] != "ready" and "STRUCTURED-TEXT-CANCEL" in held_for(got)


def test_x12_message_text_that_stops_another_po_holds(config_path, tmp_path):
    got = one(config_path, x12("9301", note="REPLACES PO 5504 - DO NOT SHIP 5504"), "msg.x12", tmp_path)
    assert got["status"] != "ready" and "STRUCTURED-TEXT-CANCEL" in held_for(got)


def test_plain_messages_and_ordinary_notes_go_out(config_path, tmp_path):
    assert one(config_path, edifact("5001"), "plain.edi", tmp_path)["status"] == "ready"
    assert one(config_path, edifact("5002", header=("FTX+AAI+++Deliver at gate 4, mornings only",)), "note.edi",
               tmp_path)["status"] == "ready"
    assert one(config_path, x12("9302"), "plain.x12", tmp_path)["status"] == "ready"


def test_a_copy_holds_through_the_gateway_extract_command(config_path, tmp_path):
    got = one(config_path, edifact("5003", function="31"), "copy-cli.edi", tmp_path, cli=True)
    assert got["status"] != "ready" and "MESSAGE-NOT-ORIGINAL" in held_for(got)
