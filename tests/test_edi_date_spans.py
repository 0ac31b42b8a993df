"""EDI requested delivery dates that are not one plain day (``extractors.edi.date_spans``): a window of
up to a week is its first day with a note, a wider one holds DELIVERY-WINDOW-WIDE, a week is its Monday
with a note, and a ship date as the only date holds SHIP-DATE-ONLY (EDIFACT and X12 alike).
"""

from __future__ import annotations

from datetime import date

from tests.test_edifact import _orders, extract_text as edifact
from tests.test_x12 import _transaction, extract_text as x12


def warnings(extraction) -> set[str]:
    return {p.code for p in extraction.orders[0].problems}


def test_a_window_of_a_few_days_is_its_first_day_with_a_note():
    got = edifact(_orders("BGM+220+PO-71+9'\nDTM+137:20261205:102'\nDTM+2:2026121420261218:718'\nLIN+1++1:EN'\nQTY+21:1'"))
    order = got.orders[0]
    assert order.requested_delivery_date == date(2026, 12, 14) and warnings(got) == set()
    assert any("2026-12-14 to 2026-12-18" in note for note in order.notes)


def test_a_window_wider_than_a_week_holds():
    got = edifact(_orders("BGM+220+PO-72+9'\nDTM+2:2026120120261231:718'\nLIN+1++1:EN'\nQTY+21:1'"))
    assert got.orders[0].requested_delivery_date == date(2026, 12, 1) and "DELIVERY-WINDOW-WIDE" in warnings(got)


def test_a_line_window_wider_than_a_week_holds_too():
    got = edifact(_orders("BGM+220+PO-73+9'\nDTM+2:20261214:102'\nLIN+1++1:EN'\nQTY+21:1'\n"
                          "DTM+2:202612010000202612310000:719'"))
    assert got.orders[0].lines[0].requested_date == date(2026, 12, 1) and "DELIVERY-WINDOW-WIDE" in warnings(got)


def test_a_week_is_its_monday_with_a_note():
    got = edifact(_orders("BGM+220+PO-74+9'\nDTM+2:202651:616'\nLIN+1++1:EN'\nQTY+21:1'"))
    order = got.orders[0]
    assert order.requested_delivery_date == date(2026, 12, 14) and any("week 51" in n for n in order.notes)


def test_an_edifact_shipment_date_alone_holds_and_a_delivery_date_beside_it_does_not():
    alone = edifact(_orders("BGM+220+PO-75+9'\nDTM+10:20261214:102'\nLIN+1++1:EN'\nQTY+21:1'"))
    assert "SHIP-DATE-ONLY" in warnings(alone)
    both = edifact(_orders("BGM+220+PO-76+9'\nDTM+10:20261214:102'\nDTM+2:20261216:102'\nLIN+1++1:EN'\nQTY+21:1'"))
    assert both.orders[0].requested_delivery_date == date(2026, 12, 16) and "SHIP-DATE-ONLY" not in warnings(both)


def test_an_x12_ship_date_alone_holds_and_a_delivery_date_beside_it_does_not():
    alone = x12(_transaction("BEG*00*SA*PO-77**20261205~DTM*010*20261214~PO1*1*2*EA*3.5**VP*A-1"))
    assert alone.orders[0].requested_delivery_date == date(2026, 12, 14) and "SHIP-DATE-ONLY" in warnings(alone)
    both = x12(_transaction("BEG*00*SA*PO-78**20261205~DTM*010*20261214~DTM*002*20261217~PO1*1*2*EA*3.5**VP*A-1"))
    assert both.orders[0].requested_delivery_date == date(2026, 12, 17) and "SHIP-DATE-ONLY" not in warnings(both)


def _gateway_order(tmp_path_factory, tmp_path, fmt: str, old: bytes, new: bytes) -> dict:
    from testkit.trust_corpus import CUSTOMERS, render, trust_config
    from tests.test_trust import in_process_extract, line, orders_in, trust_order
    config = trust_config(tmp_path_factory.mktemp("spans"))
    order = trust_order(fmt, [line("TP-1001", 4, "EA")], CUSTOMERS[2] if fmt == "x12" else CUSTOMERS[0])
    data, name, how = render(order)
    assert old in data
    (got,) = orders_in(in_process_extract(config, data.replace(old, new), name, tmp_path, **how))
    return got


def test_through_the_gateway_an_x12_ship_date_alone_holds_the_order(tmp_path_factory, tmp_path):
    got = _gateway_order(tmp_path_factory, tmp_path, "x12", b"DTM*002*", b"DTM*010*")
    assert got["status"] == "review" and "SHIP-DATE-ONLY" in {i["code"] for i in got["issues"]}
    assert got["requested_delivery_date"] is not None
