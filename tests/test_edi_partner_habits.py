"""EDI as partners send it, beyond the ordered quantity and the original message: a copy or a duplicate
(BGM 1225, X12 BEG01) holds MESSAGE-FUNCTION-HOLD, a free-goods quantity (QTY+192) holds EDI-QTY-UNREAD,
a free-text note that cancels or replaces an order holds CANCEL-TYPED, a quantity "10.000" reaches the
ERP as 10, and an order-level percentage allowance is counted in the total check.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.test_edifact import _orders, extract_text as edifact
from tests.test_x12 import _transaction, extract_text as x12


def warnings(extraction) -> set[str]:
    return {p.code for p in extraction.orders[0].problems}


@pytest.mark.parametrize("function", ["31", "7", "6", "43", "16"])
def test_an_edifact_copy_duplicate_or_confirmation_holds(function):
    got = edifact(_orders(f"BGM+220+PO-81+{function}'\nDTM+137:20261205:102'\nLIN+1++1:EN'\nQTY+21:1'"))
    assert "MESSAGE-FUNCTION-HOLD" in warnings(got)


@pytest.mark.parametrize("function", ["9", "1", "4", "5", ""])
def test_an_edifact_original_change_or_cancellation_does_not(function):
    bgm = f"BGM+220+PO-82+{function}'" if function else "BGM+220+PO-82'"
    got = edifact(_orders(f"{bgm}\nDTM+137:20261205:102'\nLIN+1++1:EN'\nQTY+21:1'"))
    assert "MESSAGE-FUNCTION-HOLD" not in warnings(got)


@pytest.mark.parametrize("purpose,held", [("00", False), ("05", False), ("06", True), ("07", True), ("22", True)])
def test_an_x12_purpose_other_than_original_change_or_cancel_holds(purpose, held):
    got = x12(_transaction(f"BEG*{purpose}*SA*PO-83**20261205~PO1*1*2*EA*3.5**VP*A-1"))
    assert ("MESSAGE-FUNCTION-HOLD" in warnings(got)) is held


def test_a_free_goods_quantity_holds_and_pack_contents_do_not():
    free = edifact(_orders("BGM+220+PO-84+9'\nLIN+1++1:EN'\nQTY+21:10'\nQTY+192:1'\nPRI+AAA:24.50'"))
    assert "EDI-QTY-UNREAD" in warnings(free) and free.orders[0].lines[0].quantity == Decimal(10)
    assert any("QTY 192 1" in p.message for p in free.orders[0].problems)
    pack = edifact(_orders("BGM+220+PO-85+9'\nLIN+1++1:EN'\nQTY+21:10'\nQTY+59:12'\nPRI+AAA:24.50'"))
    assert "EDI-QTY-UNREAD" not in warnings(pack)


def _gateway(tmp_path_factory, tmp_path, fmt: str, edits: list[tuple[bytes, bytes]], lines=None) -> dict:
    from testkit.trust_corpus import CUSTOMERS, render, trust_config
    from tests.test_trust import in_process_extract, line, orders_in, trust_order
    config = trust_config(tmp_path_factory.mktemp("habits"))
    order = trust_order(fmt, lines or [line("TP-1001", 4, "EA")], CUSTOMERS[2] if fmt == "x12" else CUSTOMERS[0])
    data, name, how = render(order)
    for old, new in edits:
        assert old in data, (old, data[:400])
        data = data.replace(old, new, 1)
    if fmt == "edifact":  # the UNT segment count after the edits
        import re
        head, _unh, rest = data.partition(b"UNH+")
        count = rest.split(b"UNT+")[0].count(b"'") + 1
        data = head + b"UNH+" + re.sub(rb"UNT\+\d+\+", b"UNT+%d+" % count, rest, count=1)
    if fmt == "x12" and edits:  # the SE segment count after the edits (segments ST to SE)
        import re
        start = data.index(b"ST*")
        end = data.index(b"SE*", start)
        data = data[:end] + re.sub(rb"SE\*\d+\*", b"SE*%d*" % (data[start:end].count(b"~") + 1), data[end:], count=1)
    (got,) = orders_in(in_process_extract(config, data, name, tmp_path, **how))
    return got


def codes(order: dict) -> set[str]:
    return {i["code"] for i in order["issues"]}


def test_an_edifact_note_replacing_another_order_holds(tmp_path_factory, tmp_path):
    got = _gateway(tmp_path_factory, tmp_path, "edifact",
                   [(b"LIN+1", b"FTX+AAI+++THIS ORDER REPLACES OUR ORDER RB-4410 - PLEASE CANCEL RB-4410'LIN+1")])
    assert got["status"] == "review" and "CANCEL-TYPED" in codes(got)


def test_an_x12_message_cancelling_another_po_holds(tmp_path_factory, tmp_path):
    got = _gateway(tmp_path_factory, tmp_path, "x12",
                   [(b"PO1*", b"MSG*THIS PO REPLACES PO 45107 - DO NOT SHIP 45107~PO1*")])
    assert got["status"] == "review" and "CANCEL-TYPED" in codes(got)


def test_an_ordinary_edifact_note_does_not_hold(tmp_path_factory, tmp_path):
    got = _gateway(tmp_path_factory, tmp_path, "edifact",
                   [(b"LIN+1", b"FTX+AAI+++PLEASE CALL BEFORE DELIVERY - GATE 3'LIN+1")])
    assert "CANCEL-TYPED" not in codes(got) and "CHANGE-TYPED" not in codes(got)


def test_an_edifact_quantity_with_decimals_reaches_the_erp_plain(tmp_path_factory, tmp_path):
    got = _gateway(tmp_path_factory, tmp_path, "edifact", [(b"QTY+21:4", b"QTY+21:4.000")])
    assert got["lines"][0]["quantity"] in ("4", 4)


def test_an_order_percentage_allowance_is_counted_in_the_total(tmp_path_factory, tmp_path):
    from tests.test_trust import line
    lines = [line("TP-1001", 10, "EA")]
    price = Decimal("19.90")  # TP-1001's list price
    total = (price * 10 * Decimal("0.95")).quantize(Decimal("0.01"))
    got = _gateway(tmp_path_factory, tmp_path, "edifact", [
        (b"LIN+1", b"ALC+A++++DI'PCD+3:5'LIN+1"),
        (b"QTY+21:10:EA'", f"QTY+21:10:EA'PRI+AAA:{price}'".encode()),
        (b"UNS+S'", f"UNS+S'MOA+79:{price * 10}'MOA+86:{total}'".encode())], lines)
    assert "TOTAL-MISMATCH" not in codes(got)
    wrong = _gateway(tmp_path_factory, tmp_path, "edifact", [
        (b"LIN+1", b"ALC+A++++DI'PCD+3:5'LIN+1"),
        (b"QTY+21:10:EA'", f"QTY+21:10:EA'PRI+AAA:{price}'".encode()),
        (b"UNS+S'", f"UNS+S'MOA+86:{total - 20}'".encode())], lines)
    assert "TOTAL-MISMATCH" in codes(wrong)


def test_an_x12_nte_note_is_kept_and_its_cancellation_holds(tmp_path_factory, tmp_path):
    head = x12(_transaction("BEG*00*SA*PO-77**20261201~NTE*GEN*CANCEL PO 47501 - REPLACED BY THIS ORDER~"
                            "PO1*1*4*EA*19.90**VP*TP-1001~NTE*LIN*KEEP DRY~"))
    assert head.orders[0].notes == ["CANCEL PO 47501 - REPLACED BY THIS ORDER", "line 1: KEEP DRY"]
    assert "X12-SEGMENT-UNKNOWN" not in warnings(head)
    got = _gateway(tmp_path_factory, tmp_path, "x12",
                   [(b"PO1*", b"NTE*GEN*CANCEL PO 47501 - REPLACED BY THIS ORDER~PO1*")])
    assert got["status"] == "review" and "CANCEL-TYPED" in codes(got)


@pytest.mark.parametrize("fmt, segment", [
    ("edifact", b"FTX+DEL+++PLEASE DELIVER TO OUR GHENT WAREHOUSE'LIN+1"),
    ("edifact", b"FTX+AAI+++BITTE AN UNSERE FILIALE GRAZ LIEFERN'LIN+1"),
    ("x12", b"MSG*SHIP THIS ORDER TO OUR TOLEDO PLANT~PO1*"),
    ("x12", b"NTE*GEN*Please deliver to our Dayton site~PO1*"),
])
def test_a_note_naming_another_site_without_an_address_holds(tmp_path_factory, tmp_path, fmt, segment):
    got = _gateway(tmp_path_factory, tmp_path, fmt, [(segment.split(b"'")[-1].split(b"~")[-1], segment)])
    assert got["status"] == "review" and "SHIP-TO-UNSURE" in codes(got)


def test_a_note_giving_another_sites_address_holds(tmp_path_factory, tmp_path):
    got = _gateway(tmp_path_factory, tmp_path, "edifact", [
        (b"LIN+1", b"FTX+DEL+++PLEASE DELIVER TO OUR WAREHOUSE, 41 INDUSTRIEWEG, 9000 GENT'LIN+1")])
    assert got["status"] == "review" and "CHANGE-TYPED" in codes(got)


@pytest.mark.parametrize("fmt, segment", [
    ("edifact", b"FTX+DEL+++PLEASE CALL BEFORE DELIVERY'LIN+1"),
    ("edifact", b"FTX+DEL+++DELIVER TO DOCK 4'LIN+1"),
    ("edifact", b"FTX+DEL+++DELIVERY HOURS 8-16'LIN+1"),
    ("edifact", b"FTX+DEL+++DELIVER TO OUR MAIN WAREHOUSE BEFORE 10'LIN+1"),
    ("x12", b"NTE*GEN*DELIVER TO DOCK 4~PO1*"),
    ("x12", b"MSG*PLEASE CALL BEFORE DELIVERY~PO1*"),
])
def test_an_ordinary_delivery_note_does_not_hold(tmp_path_factory, tmp_path, fmt, segment):
    got = _gateway(tmp_path_factory, tmp_path, fmt, [(segment.split(b"'")[-1].split(b"~")[-1], segment)])
    assert not codes(got) & {"SHIP-TO-UNSURE", "CHANGE-TYPED", "CANCEL-TYPED"}
    assert got["status"] != "review", got["issues"]


@pytest.mark.parametrize("note, held", [
    ("DELIVER TO OUR STORE 0451", True),  # a site by its number: another place, no address
    ("SHIP TO OUR WAREHOUSE NO. 3", True),
    ("DELIVER TO OUR WAREHOUSE BY 12.05.2027", False),
    ("DELIVER TO OUR BOSTON WAREHOUSE", False),  # the place read as the ship-to
    ("please deliver to our warehouse at the back", False),
])
def test_a_structured_note_names_a_site_by_number_or_the_ship_to_itself(note, held):
    from gateway.model import ExtractedOrder, Party
    from gateway.stages.mapping import with_note_problems
    order = ExtractedOrder(po_number="45001", notes=[note], parties=[Party(
        role="ship_to", name="ACME Boston Warehouse", street="1 Main St", city="Boston", postcode="02110")])
    assert ("SHIP-TO-UNSURE" in {p.code for p in with_note_problems(order).problems}) is held
