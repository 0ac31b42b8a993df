"""What an EDI or XML order says of itself is checked: a delivery window wider than a week holds it
(openTRANS, UBL, as EDIFACT), a stated line count that is not the lines in it holds it (openTRANS
TOTAL_ITEM_NUM, UBL LineCountNumeric, EDIFACT CNT, X12 CTT), an openTRANS total is the items' net sum.

Generated documents through ``gateway extract`` on the test configuration, sent by Retail Brussels'
SFTP account (C1001, GLN 5412345000013; SKU-1001 in BX at 24.50)."""

from __future__ import annotations

from pathlib import Path

import pytest

from gateway.oneshot import extract_file
from testkit.harness import load_test_config, write_config
from testkit.samples import RETAIL_BRUSSELS_GLN, edifact_order, ubl_order, x12_order


def opentrans(items: int = 1, header_dates: tuple[str, str] | None = None, stated: int | None = None,
              total: str | None = None, line_dates: tuple[str, str] | None = None) -> bytes:
    def when(dates: tuple[str, str] | None) -> str:
        return (f"<DELIVERY_DATE><DELIVERY_START_DATE>{dates[0]}</DELIVERY_START_DATE>"
                f"<DELIVERY_END_DATE>{dates[1]}</DELIVERY_END_DATE></DELIVERY_DATE>") if dates else ""
    lines = "".join(f"""<ORDER_ITEM><LINE_ITEM_ID>{n}</LINE_ITEM_ID>
<PRODUCT_ID><bmecat:SUPPLIER_PID>SKU-1001</bmecat:SUPPLIER_PID></PRODUCT_ID>
<QUANTITY>2</QUANTITY><bmecat:ORDER_UNIT>BX</bmecat:ORDER_UNIT>
<PRODUCT_PRICE_FIX><bmecat:PRICE_AMOUNT>24.50</bmecat:PRICE_AMOUNT></PRODUCT_PRICE_FIX>
<PRICE_LINE_AMOUNT>49.00</PRICE_LINE_AMOUNT>{when(line_dates)}</ORDER_ITEM>""" for n in range(1, items + 1))
    summary = (f"<TOTAL_ITEM_NUM>{stated if stated is not None else items}</TOTAL_ITEM_NUM>"
               f"<TOTAL_AMOUNT>{total or f'{49 * items:.2f}'}</TOTAL_AMOUNT>")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<ORDER xmlns="http://www.opentrans.org/XMLSchema/2.1" xmlns:bmecat="http://www.bmecat.org/bmecat/2005"
 version="2.1" type="standard"><ORDER_HEADER><ORDER_INFO><ORDER_ID>OT-{items}-{stated}</ORDER_ID>
<ORDER_DATE>2026-12-03</ORDER_DATE>{when(header_dates) if header_dates else
    "<DELIVERY_DATE><DELIVERY_START_DATE>2099-12-09</DELIVERY_START_DATE></DELIVERY_DATE>"}
<PARTIES><PARTY><bmecat:PARTY_ID type="gln">{RETAIL_BRUSSELS_GLN}</bmecat:PARTY_ID>
<PARTY_ROLE>buyer</PARTY_ROLE></PARTY></PARTIES>
<bmecat:CURRENCY>EUR</bmecat:CURRENCY></ORDER_INFO></ORDER_HEADER>
<ORDER_ITEM_LIST>{lines}</ORDER_ITEM_LIST><ORDER_SUMMARY>{summary}</ORDER_SUMMARY></ORDER>""".encode()


def decided(tmp_path: Path, name: str, data: bytes) -> dict:
    path = tmp_path / name
    path.write_bytes(data)
    config = write_config(tmp_path / "gw", {"partners": [{"id": "rb-sftp", "customer_id": "C1001"}]})
    return extract_file(load_test_config(config), path, channel="sftp", partner="rb-sftp")["orders"][0]["order"]


def holds(order: dict) -> set[str]:
    return {i["code"] for i in order["issues"] if i["severity"] == "error"}


def test_a_plain_opentrans_order_goes_out(tmp_path: Path) -> None:
    order = decided(tmp_path, "ok.xml", opentrans(items=2))
    assert order["status"] == "ready", order["issues"]


@pytest.mark.parametrize("where", ["header", "line"])
def test_an_opentrans_window_of_two_weeks_waits_for_a_person(tmp_path: Path, where: str) -> None:
    dates = ("2099-12-07", "2099-12-23")
    data = opentrans(header_dates=dates) if where == "header" else opentrans(line_dates=dates)
    order = decided(tmp_path, "wide.xml", data)
    assert order["status"] == "review" and "DELIVERY-WINDOW-WIDE" in holds(order)


def test_an_opentrans_window_of_three_days_is_its_first_day_with_a_note(tmp_path: Path) -> None:
    order = decided(tmp_path, "narrow.xml", opentrans(header_dates=("2099-12-07", "2099-12-09")))
    assert order["status"] == "ready" and order["requested_delivery_date"] == "2099-12-07"
    assert any("2099-12-07 to 2099-12-09" in note for note in order["notes"])


def test_an_opentrans_item_count_off_the_items_waits(tmp_path: Path) -> None:
    order = decided(tmp_path, "count.xml", opentrans(items=2, stated=3))
    assert order["status"] == "review" and "LINE-COUNT-MISMATCH" in holds(order)


def test_an_opentrans_total_is_the_items_net_sum(tmp_path: Path) -> None:
    order = decided(tmp_path, "total.xml", opentrans(items=1, total="62.00"))  # 26 % over 49.00
    assert order["status"] == "review" and "TOTAL-MISMATCH" in holds(order)


def test_a_ubl_requested_period_of_two_weeks_waits(tmp_path: Path) -> None:
    data = ubl_order("PO-UBL-W", [("4000862141404", 2)], delivery_date="2099-12-07").replace(
        b"</cbc:StartDate>", b"</cbc:StartDate><cbc:EndDate>2099-12-21</cbc:EndDate>")
    order = decided(tmp_path, "wide-ubl.xml", data)
    assert order["status"] == "review" and "DELIVERY-WINDOW-WIDE" in holds(order)


def test_a_ubl_line_count_off_the_lines_waits(tmp_path: Path) -> None:
    data = ubl_order("PO-UBL-C", [("4000862141404", 2)]).replace(
        b"<cbc:DocumentCurrencyCode>", b"<cbc:LineCountNumeric>2</cbc:LineCountNumeric><cbc:DocumentCurrencyCode>")
    order = decided(tmp_path, "count-ubl.xml", data)
    assert order["status"] == "review" and "LINE-COUNT-MISMATCH" in holds(order)


def test_an_edifact_cnt_and_an_x12_ctt_off_the_lines_wait(tmp_path: Path) -> None:
    lines = [("4000862141404", 5), ("5412345678908", 2)]
    edi = edifact_order("PO-CNT", lines).replace(b"CNT+2:2", b"CNT+2:3")
    assert "EDI-CNT-COUNT" in holds(decided(tmp_path, "cnt.edi", edi))
    x12 = x12_order("PO-CTT", lines).replace(b"CTT*2", b"CTT*3")
    assert "X12-CTT-COUNT" in holds(decided(tmp_path, "ctt.x12", x12))


# --- a delivery place by its name alone, in every structured format ---------------------------------


def test_an_edifact_delivery_party_with_a_name_alone_waits(tmp_path: Path) -> None:
    edi = edifact_order("PO-DP-NAME", [("4000862141404", 5)]).replace(
        b"NAD+SU+", b"NAD+DP+++Chantier Part-Dieu'NAD+SU+")
    order = decided(tmp_path, "dp.edi", edi)
    assert "SHIP-TO-UNSURE" in holds(order) and order["ship_to"]["name"] == "Chantier Part-Dieu"


def test_a_delivery_party_by_its_gln_alone_is_the_partners_reference(tmp_path: Path) -> None:
    edi = edifact_order("PO-DP-GLN", [("4000862141404", 5)]).replace(
        b"NAD+SU+", b"NAD+DP+5412345000099::9++Depot Nord'NAD+SU+")
    assert "SHIP-TO-UNSURE" not in holds(decided(tmp_path, "dpgln.edi", edi))


def test_a_ubl_cancellation_and_change_are_delivered_under_the_po_they_concern(tmp_path: Path) -> None:
    for root, own in (("OrderCancellation", "BD-3001-C"), ("OrderChange", "BD-3001-CH1")):
        data = ubl_order(own, [("4000862141404", 2)], root=root, original_po="BD-3001")
        order = decided(tmp_path, f"{root}.xml", data)
        assert order["po_number"] == "BD-3001"
        assert order["references"]["change_document"] == own


def test_a_ubl_payable_amount_with_no_tax_stated_is_the_lines_net_sum(tmp_path: Path) -> None:
    def with_total(amount: str, tax: str = "") -> bytes:
        priced = ubl_order("PO-UBL-T", [("4000862141404", 2)]).replace(  # 2 BX at 24.50: 49.00
            b"</cac:Item>", b'</cac:Item><cac:Price><cbc:PriceAmount currencyID="EUR">24.50</cbc:PriceAmount></cac:Price>')
        return priced.replace(
            b"<cac:OrderLine>", f"{tax}<cac:AnticipatedMonetaryTotal><cbc:PayableAmount currencyID=\"EUR\">"
                                f"{amount}</cbc:PayableAmount></cac:AnticipatedMonetaryTotal><cac:OrderLine>".encode(), 1)
    assert "TOTAL-MISMATCH" in holds(decided(tmp_path, "net.xml", with_total("61.00")))  # 49.00 of lines
    taxed = '<cac:TaxTotal><cbc:TaxAmount currencyID="EUR">9.80</cbc:TaxAmount></cac:TaxTotal>'
    assert "TOTAL-MISMATCH" not in holds(decided(tmp_path, "taxed.xml", with_total("58.80", taxed)))


@pytest.mark.parametrize("stated", ["2.9", "1e999", "inf", "-1", "two"])
def test_a_stated_line_count_that_is_no_whole_number_waits(tmp_path: Path, stated: str) -> None:
    order = decided(tmp_path, "count.xml", opentrans(items=2).replace(
        b"<TOTAL_ITEM_NUM>2</TOTAL_ITEM_NUM>", f"<TOTAL_ITEM_NUM>{stated}</TOTAL_ITEM_NUM>".encode()))
    assert "LINE-COUNT-MISMATCH" in holds(order)


def test_a_window_ending_before_it_starts_waits(tmp_path: Path) -> None:
    order = decided(tmp_path, "back.xml", opentrans(header_dates=("2099-12-07", "2099-11-20")))
    assert "DELIVERY-WINDOW-WIDE" in holds(order)


@pytest.mark.parametrize(("qualifier", "location"), [("92", "0044"), ("91", "supplier_assigned:0044"),
                                                     ("ZZ", "zz:0044")])
def test_an_x12_ship_to_named_by_a_store_code_keeps_the_code(tmp_path: Path, qualifier: str, location: str) -> None:
    x12 = x12_order("PO-ST-44", [("4000862141404", 2)]).replace(
        b"N1*BY*", f"N1*ST*ACME STORE 44*{qualifier}*0044~\nN1*BY*".encode())
    order = decided(tmp_path, "st.x12", x12)
    assert order["ship_to"]["location_id"] == location and "SHIP-TO-UNSURE" not in holds(order)


def test_a_reference_beside_a_delivery_party_is_no_location_id(tmp_path: Path) -> None:
    """Review R31: an RFF+VA (VAT number) in the delivery party's group never goes out as its location id."""
    edi = edifact_order("PO-DP-VAT", [("4000862141404", 5)]).replace(
        b"NAD+SU+", b"NAD+DP+4012345000016::9++Lager Nord+Hafenstrasse 5+Hamburg++20457+DE'RFF+VA:DE123456789'NAD+SU+")
    order = decided(tmp_path, "dpvat.edi", edi)
    assert order["ship_to"]["gln"] == "4012345000016" and order["ship_to"]["location_id"] is None
