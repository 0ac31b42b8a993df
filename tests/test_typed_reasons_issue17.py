"""Issue 17: typed e-mails held under the reason a clerk must answer, not a misleading one.

Own examples: a stock question with a condition ("do you have 12 x X in stock? If yes please ship") is
QUESTION-TYPED (the line quoted), not LINE-UNREAD; a delivery date typed in place of another ("merci de
livrer le 22/12 au lieu du 19/12") is CHANGE-TYPED on the date, not DATE-UNPLACED; a quantity change naming
its order ("make it 14 x X instead of 11 on order 3302", "instead of the 11 we ordered") is QTY-CHANGE-TYPED.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from testkit.trust_corpus import CUSTOMERS, trust_config
from tests.test_mail_typed_classes import codes, one

FR, IE, US, DE = CUSTOMERS
LATER = date.today() + timedelta(days=20)
EARLIER = date.today() + timedelta(days=17)


@pytest.fixture(scope="module")
def config_path(tmp_path_factory) -> Path:
    return trust_config(tmp_path_factory.mktemp("reasons17"))


@pytest.mark.parametrize("customer, body", [
    (IE, "Hi,\n\ndo you have 12 x TP-1001 in stock? If yes please ship them.\n\nThanks\nPat\n"),
    (US, "Hello,\n\nHave you got 5 x TP-1002 available? If so, send them with PO QQ-71.\n\nBest\nAnn\n"),
    (DE, "Hallo,\n\nHaben Sie 8 x TP-1006 auf Lager? Wenn ja, bitte liefern.\n\nGruss\nUwe\n"),
    (FR, "Bonjour,\n\nAvez-vous 6 x TP-1004 en stock ? Si oui merci de les envoyer.\n\nCordialement\nLea\n"),
])
def test_a_stock_question_on_an_item_is_question_typed_with_the_line_shown(config_path, tmp_path, customer, body):
    got = one(config_path, customer, body, tmp_path)
    assert got["status"] != "ready"
    assert codes(got).get("QUESTION-TYPED") == "error" and "LINE-UNREAD" not in codes(got)
    message = next(i["message"] for i in got["issues"] if i["code"] == "QUESTION-TYPED")
    assert " x TP-100" in message


def _eu(day: date, sep: str = "/") -> str:
    return f"{day.day:02d}{sep}{day.month:02d}{sep}{day.year}"


@pytest.mark.parametrize("customer, body", [
    (FR, "Bonjour,\n\nCommande QD-5520 : merci de livrer le {later} au lieu du {earlier}.\n\nCordialement\nJulie\n"),
    (FR, "Bonjour,\n\nmerci de livrer le {later} au lieu du {earlier}\n\nCordialement\nJulie\n"),
    (IE, "Hi,\n\nPO QD-5521: please deliver on {later} instead of {earlier}.\n\nThanks\nBob\n"),
    (DE, "Hallo,\n\nBestellung QD-5522: bitte am {later_de} statt am {earlier_de} liefern.\n\nGruss\nUwe\n"),
])
def test_a_date_typed_in_place_of_another_is_change_typed_on_the_date(config_path, tmp_path, customer, body):
    text = body.format(later=_eu(LATER), earlier=_eu(EARLIER), later_de=_eu(LATER, "."), earlier_de=_eu(EARLIER, "."))
    got = one(config_path, customer, text, tmp_path)
    assert got["status"] != "ready"
    change = next(i for i in got["issues"] if i["code"] == "CHANGE-TYPED")
    assert change["severity"] == "error" and change["field"] == "requested_delivery_date"
    assert "DATE-UNPLACED" not in codes(got) and "CHANGE-LINES-UNREAD" not in codes(got)


@pytest.mark.parametrize("body", [
    "Hi,\n\nPlease make it 14 x TP-1004 instead of 11 on order QC-3302.\n\nThanks\nTom\n",
    "Hello,\n\nRe PO QC-3303: make it 14 x TP-1004 instead of the 11 we ordered.\n\nTom\n",
    "Hi,\n\nmake it 14 x TP-1004 instead of 11\n\nThanks\nTom\n",
])
def test_a_quantity_change_naming_its_order_is_qty_change_typed(config_path, tmp_path, body):
    got = one(config_path, IE, body, tmp_path)
    assert codes(got).get("QTY-CHANGE-TYPED") == "error" and "LINE-UNREAD" not in codes(got)
    assert [(ln["quantity"], ln["action"]) for ln in got["lines"]] == [("14", "change")]


def test_a_plain_order_with_a_stock_word_elsewhere_still_goes(config_path, tmp_path):
    got = one(config_path, IE, f"Hello,\n\nPO QP-1: please send\n3 x TP-1001\n2 x TP-1002\n\nDelivery "
                               f"{_eu(LATER)}\n\nThanks\nNiamh\n", tmp_path)
    assert got["status"] == "ready", got["issues"]


def test_a_date_typed_in_place_of_another_on_an_item_line_is_a_change_too():
    """Review Q7: "PO QN-5: 5 x TP-1001, deliver 27/12/2026 instead of 24/12/2026": the date moves an order's; it is
    held CHANGE-TYPED (before the fix neither that nor DATE-UNPLACED was raised for an item line)."""
    from extractors.base import ExtractHints
    from extractors.mail.body_text import EXTRACTOR
    body = ("Subject: PO QN-5\nDate: Mon, 07 Dec 2026 09:00:00 +0000\n\nHi,\n\nOrder date: 07/12/2026\n"
            "PO QN-5: 5 x TP-1001, deliver 27/12/2026 instead of 24/12/2026\n\nThanks\nBob\n")
    (order,) = EXTRACTOR.extract(body.encode(), ExtractHints(content_type="text/plain")).orders
    assert any(p.code == "CHANGE-TYPED" and p.element == "requested_delivery_date" for p in order.problems)


def test_where_to_invoice_typed_under_the_items_holds_bill_to_typed():
    """Outside trial: "Please invoice to: ..., PO Box 4500, Chicago" under the items was dropped and the order went;
    a signature's "Billing address:" label is no request."""
    from extractors.base import ExtractHints
    from extractors.mail.body_text import EXTRACTOR
    head = "Subject: PO 77201\nDate: Mon, 07 Dec 2026 09:00:00 +0000\n\nHi,\n\nPO 77201\n10 x TP-1004\nNeed by 12/18/2026\n\n"
    asked = head + ("Please invoice to: Acme Industrial Supply Inc, Accounts Payable, PO Box 4500, Chicago, IL 60690\n\n"
                    "Thanks\nTom\n")
    (order,) = EXTRACTOR.extract(asked.encode(), ExtractHints(content_type="text/plain")).orders
    assert "BILL-TO-TYPED" in {p.code for p in order.problems}
    signed = head + "Thanks\nTom\n--\nAcme Industrial Supply Inc\nBilling address: PO Box 4500, Chicago, IL 60690\n"
    (order,) = EXTRACTOR.extract(signed.encode(), ExtractHints(content_type="text/plain")).orders
    assert "BILL-TO-TYPED" not in {p.code for p in order.problems}
