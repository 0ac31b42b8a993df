"""Tables, totals and images as customers' tools print them (the 'tables' classes of issues 17 and 18).

The documents are checked in (``tests/fixtures/tables``, made by its ``make_tables.py`` with Chromium,
LibreOffice, python-docx and openpyxl; nothing is produced here), read with the master data of
``tests/fixtures/real_producers`` as ``bench/bench_real_gateway.py`` reads them: a freight row inside the
item table is the order's charge and explains its total; a line discount on the list price is no price
mismatch; a quantity with its unit in brackets ("10 (PK)") is read; SAP's "Item | Material" gives the
material as the code; a screenshot's dark menu bar is no struck row.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

import pytest

from testkit.harness import REPO, load_test_config, write_config

DOCS = Path(__file__).parent / "fixtures" / "tables" / "docs"
MASTER = Path(__file__).parent / "fixtures" / "real_producers" / "masterdata"


def _bench():
    spec = importlib.util.spec_from_file_location("bench_real_gateway", REPO / "bench" / "bench_real_gateway.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


BENCH = _bench()


@pytest.fixture(scope="module")
def ctx(tmp_path_factory: pytest.TempPathFactory):
    from gateway.app import build_context

    return build_context(load_test_config(write_config(tmp_path_factory.mktemp("gw"), master_data=MASTER)))


def _read(ctx, name: str) -> tuple[dict, dict]:
    from gateway.oneshot import extract_bytes
    from gateway.store.journal import DocumentRecord, new_id

    path = DOCS / name
    truth = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    data = path.read_bytes()
    received = datetime.fromisoformat(truth["order_date"]).replace(hour=10, tzinfo=timezone.utc)
    doc = DocumentRecord(id=new_id(), sha256=hashlib.sha256(data).hexdigest(), size=len(data), channel="email",
                         received_at=received, sender=truth["sender"], filename=name,
                         content_type=BENCH.TYPES[path.suffix])
    [order] = BENCH.orders_in(extract_bytes(ctx, data, doc))
    return order, truth


def _errors(order: dict) -> set[str]:
    return {i["code"] for i in order["issues"] if i["severity"] == "error"}


@pytest.mark.parametrize("name", [
    "freight_tu_1.pdf",  # "Transport | 1 | 18,50 | 18,50" a row of the Word table ("transport" also carries forward)
    "freight_tv_2.pdf",  # "Fracht" with its amount only, then "Summe netto" with it
    "discgrid_tu_1.pdf",  # "Disc. %" 12.5 on 4.97: the net 4.34875 kept whole, our list price
    "totals_tu_2.pdf",  # Sage-like totals block: subtotal, discount, freight, VAT, total
    "qtyxlsx_tu_2.xlsx",  # "12,00 (BTE)" in the quantity cell; the title "Commande" beside the customer's name
])
def test_tables_and_totals_are_read_whole_and_go_untouched(ctx, name: str) -> None:
    order, truth = _read(ctx, name)
    assert BENCH.wrong_fields(order, truth, BENCH.product_units(MASTER.parent)) == []
    assert order["status"] == "ready", _errors(order)


@pytest.mark.parametrize("name", [
    "bcdisc_tu_1.pdf",  # "Line Discount %" on the list price ("Direct Unit Cost Excl. VAT")
])
def test_a_line_discount_is_read_whole_and_waits_as_the_customers_claim(ctx, name: str) -> None:
    """The discount is read (gross, percentage, net to five decimals); our price list does not grant it, so the
    line waits PRICE-MISMATCH (``line_discount_max_pct`` 0 by default, review rev3 U5)."""
    order, truth = _read(ctx, name)
    assert BENCH.wrong_fields(order, truth, BENCH.product_units(MASTER.parent)) == []
    assert order["status"] != "ready" and _errors(order) == {"PRICE-MISMATCH"}, _errors(order)


def test_a_freight_row_of_the_table_is_the_orders_charge(ctx) -> None:
    order, truth = _read(ctx, "freight_tv_2.pdf")
    assert Decimal(order["total"]) == Decimal(truth["total"])
    assert sum(Decimal(ln["amount"]) for ln in order["lines"]) == Decimal(truth["total"]) - Decimal("24.00")


def test_a_quantity_with_its_unit_in_brackets_under_our_qty_is_read(ctx) -> None:
    order, truth = _read(ctx, "qtyunit_tu_1.pdf")  # "Our Qty" over "10 (PK)", "3 (EA)"
    units = BENCH.product_units(MASTER.parent)
    assert [(Decimal(ln["quantity"]), ln["uom"]) for ln in order["lines"]] == \
        [(Decimal(ln["quantity"]), units[ln["sku"]]) for ln in truth["lines"]]
    assert not _errors(order) & {"QTY-INVALID", "UOM-UNKNOWN"}


def test_sap_item_is_the_position_and_material_the_code(ctx) -> None:
    order, truth = _read(ctx, "sapglued_tu_2.pdf")
    assert [ln["customer_item"] for ln in order["lines"]] == [ln["customer_item"] for ln in truth["lines"]]
    # "Receiving Dock 3" glued to "2200 Airport Blvd": no address to trust, the order waits
    assert order["status"] != "ready" and "SHIP-TO-UNSURE" in _errors(order)


def test_a_screenshots_menu_bar_is_no_struck_row_and_its_delivery_card_waits_for_a_person(ctx) -> None:
    order, truth = _read(ctx, "webapp_tu_1.png")
    assert "LINE-STRUCK" not in _errors(order)
    assert BENCH.wrong_fields(order, truth, BENCH.product_units(MASTER.parent)) in ([], ["ship_to"])
    assert order["status"] != "ready" and "SHIP-TO-UNSURE" in _errors(order)


def test_units_in_brackets_are_units() -> None:
    from extractors.capture.table_cells import NUMBER_UNIT
    from extractors.units import bare_unit, unit_code, unit_word

    assert unit_code("(EA)") == unit_code("EA") and unit_code("[kg]") == unit_code("kg")
    assert unit_word("(PK)", known_only=True) and bare_unit("(Stk)") == "Stk" and bare_unit("(2)") == "(2)"
    found = NUMBER_UNIT.match("12,50 (kg)")
    assert found is not None and (found["number"].strip(), found["unit"]) == ("12,50", "kg")
    assert NUMBER_UNIT.match("12 (kg") is None


def test_a_discount_on_the_list_price_is_no_price_mismatch() -> None:
    from gateway.model import Allowance, OrderLine
    from gateway.stages.rules import _list_less_discount

    def line(gross: str, net: str, allowances: list) -> OrderLine:
        return OrderLine(line_no=1, sku="PR-1", quantity=Decimal(10), uom="C62", unit_price=Decimal(net),
                         gross_price=Decimal(gross), allowances=allowances)

    ten = Allowance(kind="allowance", percent=Decimal(10), applied=True)
    assert _list_less_discount(line("24.50", "22.05", [ten]), Decimal("24.50"), Decimal(2), Decimal(15))
    assert not _list_less_discount(line("30.00", "27.00", [ten]), Decimal("24.50"), Decimal(2), Decimal(15))  # gross off the list
    assert not _list_less_discount(line("24.50", "22.05", []), Decimal("24.50"), Decimal(2), Decimal(15))  # no discount stated
    order_level = Allowance(kind="allowance", level="order", percent=Decimal(10), applied=True)
    assert not _list_less_discount(line("24.50", "22.05", [order_level]), Decimal("24.50"), Decimal(2), Decimal(15))
    # by default (line_discount_max_pct 0) a printed discount is the customer's claim: it waits (review rev3 U5)
    assert not _list_less_discount(line("24.50", "22.05", [ten]), Decimal("24.50"), Decimal(2), Decimal(0))
    fifty = Allowance(kind="allowance", percent=Decimal(50), applied=True)
    assert not _list_less_discount(line("24.50", "12.25", [fifty]), Decimal("24.50"), Decimal(2), Decimal(15))


def test_a_scans_delivery_name_settled_by_the_name_on_file_leaves_the_address_in_doubt(monkeypatch) -> None:
    # a screenshot's "Deliver to" card: "Redwood Dental Group" over "Warehouse B" (a name that may go on, settled
    # by the customer's name on file) went out untouched with an address read by OCR that is not the customer's
    from extractors.capture import layout
    from extractors.capture.ship_to import NAME_ELEMENT, ShipToRead
    from extractors.capture.words import PageWords
    from gateway.model import Party

    party = Party(role="ship_to", name="Redwood Dental Group", street="Warehouse B, 18 Station Road", city="Reading",
                  postcode="RG1 1LG", country="GB")
    monkeypatch.setattr(layout, "find_ship_to", lambda page, fuzzy=False: ShipToRead(
        party, "its name may go on in «Warehouse B»", element=NAME_ELEMENT))
    read = layout.scanned_ship_to([PageWords(1, 1280.0, 1500.0, ())])
    assert read is not None and read.party == party and read.element != NAME_ELEMENT
    assert read.doubt and "read from a scan" in read.doubt
