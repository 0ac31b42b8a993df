"""A sheet's plain "Date" column with no order date above (review R12): its one date is the order date only when it
is not after the e-mail's receipt; a later date (most likely the delivery date) leaves the order date unknown."""
from __future__ import annotations

from email.message import EmailMessage

import pytest

from testkit.trust_corpus import CUSTOMERS, trust_config
from tests.test_trust import in_process_extract, orders_in

US = CUSTOMERS[2]


@pytest.fixture(scope="module")
def cfg(tmp_path_factory):
    return trust_config(tmp_path_factory.mktemp("sheetdate"))


def _order(cfg, tmp_path, day: str, second: str | None = None) -> dict:
    csv = (f"PO,WD-77\nItem,Description,Qty,UOM,Price,Date\nTP-1001,Desk lamp,3,EA,19.90,{day}\n"
           f"TP-1002,Stapler,6,EA,12.00,{second or day}\n")
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = US.email, "orders@gateway.example", "PO WD-77"
    msg["Date"] = "Mon, 07 Dec 2026 09:15:00 +0000"
    msg.set_content("PO attached.")
    msg.add_attachment(csv.encode(), maintype="text", subtype="csv", filename="po.csv")
    (order,) = orders_in(in_process_extract(cfg, msg.as_bytes(), "t.eml", tmp_path, channel="smtp", sender=US.email))
    return order


@pytest.mark.parametrize("day", ["12/09/2026", "12/11/2026"])
def test_a_date_column_after_receipt_is_no_order_date(cfg, tmp_path, day):
    order = _order(cfg, tmp_path, day)
    assert order["order_date"] is None
    assert "ORDER-DATE-MISSING" in [i["code"] for i in order["issues"]]


def test_a_date_column_before_receipt_is_the_order_date(cfg, tmp_path):
    order = _order(cfg, tmp_path, "12/03/2026")
    assert order["order_date"] == "2026-12-03"
    assert "ORDER-DATE-MISSING" not in [i["code"] for i in order["issues"]]


def test_dates_that_differ_row_by_row_are_the_lines_own(cfg, tmp_path):
    """Issue 18 E: an export's "Date" column with a different date on each row is no order date; each line keeps
    its own date, nothing guessed, no needless DELIVERY-DATE-MISSING."""
    order = _order(cfg, tmp_path, "12/18/2026", "01/08/2027")
    assert [ln["requested_date"] for ln in order["lines"]] == ["2026-12-18", "2027-01-08"]
    assert order["order_date"] is None and order["requested_delivery_date"] is None
    assert "DELIVERY-DATE-MISSING" not in [i["code"] for i in order["issues"]]
