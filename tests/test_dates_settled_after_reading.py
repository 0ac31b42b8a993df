"""A numeric date nothing settled when the page was read ("04/12/2026" on a fax from a number not on file) is
settled by the customer identified after reading, by what the page prints (its fax number, address): its
country reads it day first (IE) or month first (US), and the order no longer waits DATE-AMBIGUOUS for it
(``gateway.stages.date_country``). A customer with no country on file, a Canadian one (both orders written there),
one the page's own dates contradict ("30/11/2026" on a US customer's page) or one named only by the number the page
prints (CUSTOMER-WEAK-ID) still waits."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from extractors.capture.unsettled_dates import DAY_FIRST, PAGE_ORDERS
from gateway.model import ExtractedOrder, Problem
from gateway.reference.masterdata import CustomerRecord
from gateway.stages.date_country import settle_by_country
from tests.test_fax_unsettled_dates import CUSTOMERS, _fax  # noqa: F401  (the fax maker of the unsettled-date tests)


def _unsettled(read: date, day_first: date, page: str = "") -> ExtractedOrder:
    return ExtractedOrder(po_number="X-1", order_date=read, confidence={"order_date": 0.7},
                          other_readings={f"order_date{DAY_FIRST}": day_first.isoformat(),
                                          **({PAGE_ORDERS: page} if page else {})},
                          problems=[Problem(code="DATE-AMBIGUOUS", severity="warning", element="order_date",
                                            message="either way")])


def _customer(country: str) -> CustomerRecord:
    return CustomerRecord(customer_id="K1", name="K", country=country)


@pytest.mark.parametrize("country, declared, want", [
    ("IE", None, date(2026, 12, 4)), ("FR", None, date(2026, 12, 4)), ("US", None, date(2026, 4, 12)),
    ("IE", "mdy", date(2026, 4, 12)), ("", "dmy", date(2026, 12, 4)),
])
def test_the_country_or_declared_order_settles_the_date(country, declared, want):
    settled = settle_by_country(_unsettled(date(2026, 4, 12), date(2026, 12, 4)), _customer(country), declared)
    assert settled.order_date == want and not settled.problems
    assert settled.confidence["order_date"] == pytest.approx(1.0)


def test_no_country_and_no_declared_order_keeps_the_doubt():
    order = _unsettled(date(2026, 4, 12), date(2026, 12, 4))
    assert settle_by_country(order, _customer(""), None) is order


@pytest.mark.parametrize("country, declared, page", [
    ("CA", None, ""), ("CA", None, "dmy"), ("US", None, "dmy"), ("US", None, "dmy,mdy"), ("DE", None, "mdy"),
    ("IE", "mdy", "dmy"),
])
def test_canada_or_the_pages_own_dates_against_the_country_keep_the_doubt(country, declared, page):
    order = _unsettled(date(2026, 4, 12), date(2026, 12, 4), page)
    assert settle_by_country(order, _customer(country), declared) is order


def test_the_pages_own_dates_agreeing_with_the_country_settle():
    settled = settle_by_country(_unsettled(date(2026, 4, 12), date(2026, 12, 4), "mdy"), _customer("US"), None)
    assert settled.order_date == date(2026, 4, 12) and not settled.problems


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory):
    from gateway.config import load_config
    from testkit.harness import write_config
    root = tmp_path_factory.mktemp("aftereading")
    md = root / "md"
    md.mkdir()
    rows = {"T5": ("Liffey Stationers", "IE", "en", "+353 1 555 0300", "12 Quay Street", "Dublin", "D02 XY45"),
            "T6": ("Keystone Office", "US", "en", "+1 215 555 0400", "200 Market St", "Philadelphia", "19106")}
    (md / "customers.csv").write_text(
        "customer_id,name,country,currency,gln,duns,x12_id,email_domain,sender_emails,fax,street,city,postcode,"
        "language\n" + "".join(f"{k},{n},{co},EUR,,,,,,{f},{s},{t},{p},{lg}\n"
                               for k, (n, co, lg, f, s, t, p) in rows.items()), encoding="utf-8")
    (md / "products.csv").write_text("sku,gtin,description,uom,unit_price\nAB-1001,,Stapler,C62,9.50\n"
                                     "AB-1002,,Paper ream,C62,3.20\nAB-1003,,Binder,C62,2.10\n", encoding="utf-8")
    (md / "item_xref.csv").write_text("customer_id,customer_item,sku\n", encoding="utf-8")
    return load_config(write_config(root / "cfg", master_data=md))


@pytest.mark.parametrize("head, customer, want", [
    (["Liffey Stationers", "12 Quay Street", "Dublin D02 XY45", "Fax +353 1 555 0300", "", "PURCHASE ORDER",
      "Order No.: LS-4410", "Date: 04/12/2026"], "T5", "2026-12-04"),
    (["Keystone Office", "200 Market St", "Philadelphia PA 19106", "Fax +1 215 555 0400", "", "PURCHASE ORDER",
      "Order No.: KO-4410", "Date: 12/04/2026"], "T6", "2026-12-04"),
])
def test_a_fax_from_an_unknown_number_keeps_the_doubt_for_its_weak_customer(config, tmp_path: Path, head, customer,
                                                                            want):
    """The customer is named only by the fax number its page prints (CUSTOMER-WEAK-ID): its country settles
    nothing, the person who confirms the customer sees the date was read either way."""
    from gateway.oneshot import extract_file
    path = tmp_path / "fax.tif"
    path.write_bytes(_fax(head))
    result = extract_file(config, path, channel="fax", sender="+44 20 0000 0000")
    (order,) = [o["order"] for o in result["orders"]]
    assert order["customer"]["id"] == customer
    assert order["status"] != "ready"
    assert [i for i in order["issues"] if i["code"] == "CUSTOMER-WEAK-ID"]
    assert [i for i in order["issues"] if i["code"] == "DATE-AMBIGUOUS" and i["field"] == "order_date"]
