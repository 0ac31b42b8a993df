"""Issue 17: a typed request for a quotation is no order and never a silent drop.

Own examples: "Could you send us a quotation for ...", "Wir bitten um Ihr Angebot für ...", "Pourriez-vous nous
faire un devis pour ...", a subject "RFQ ..." over a list of items: the document waits for a person under its own
class (``QUOTE-REQUEST``, document status ``review``, no order delivered). An order that also asks about a price,
or one placed "as per your quotation", stays an order.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import pytest

from testkit.trust_corpus import CUSTOMERS, trust_config
from tests.test_trust import cli_extract, in_process_extract, orders_in

FR, IE, US, DE = CUSTOMERS
DUE = date.today() + timedelta(days=12)


@pytest.fixture(scope="module")
def config_path(tmp_path_factory) -> Path:
    return trust_config(tmp_path_factory.mktemp("quotes"))


def mail(customer, body: str, subject: str) -> bytes:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = customer.email, "sales@gateway.example", subject
    msg["Date"] = format_datetime(datetime.now() - timedelta(hours=3))
    msg.set_content(body)
    return msg.as_bytes()


def documents(result: dict) -> list[dict]:
    found = [result["document"]] if result.get("document") else []
    for part in result.get("parts", []):
        found += documents(part)
    return found


QUOTES = [
    (IE, "Hello,\n\nCould you send us a quotation for 15 x TP-1004 and 4 x TP-1001?\n\nBest regards\nNiamh\n", "Pricing"),
    (DE, "Guten Tag,\n\nwir bitten um Ihr Angebot für:\n20 Stk TP-1002\n3 Pkg TP-1006\n\nMit freundlichen Grüßen\nJ. Weber\n",
     "Bedarf Januar"),
    (FR, "Bonjour,\n\nPourriez-vous nous faire un devis pour 10 pièces TP-1001 ?\n\nCordialement\nAnne\n", "Devis"),
    (US, "Hi,\n\nprices for the below please:\n5 x TP-1001\n8 x TP-1002\n\nThanks\nAnn\n", "RFQ 2291"),
]


@pytest.mark.parametrize("customer, body, subject", QUOTES)
def test_a_request_for_a_quotation_waits_under_its_own_class(config_path, tmp_path, customer, body, subject):
    result = in_process_extract(config_path, mail(customer, body, subject), "q.eml", tmp_path, channel="smtp",
                                sender=customer.email)
    assert orders_in(result) == []
    (doc,) = [d for d in documents(result) if d["status"] != "split"] or documents(result)[-1:]
    assert (doc["status"], doc["error_code"]) == ("review", "QUOTE-REQUEST")


def test_a_quote_request_through_gateway_extract(config_path, tmp_path):
    customer, body, subject = QUOTES[1]
    result = cli_extract(config_path, mail(customer, body, subject), "q.eml", tmp_path, channel="smtp",
                         sender=customer.email)
    assert orders_in(result) == [] and "QUOTE-REQUEST" in {d["error_code"] for d in documents(result)}


@pytest.mark.parametrize("customer, body, status", [
    (IE, f"Hi,\n\nPO QR-11: please send 3 x TP-1001.\nCould you also quote us 10 x TP-1004?\n\nDelivery "
         f"{DUE:%d/%m/%Y}\n\nThanks\nRory\n", "review"),
    (IE, f"Hi,\n\nPO QR-12, as per your quotation Q-12:\n5 x TP-1001\nDelivery {DUE:%d/%m/%Y}\n\n"
         "Thanks\nRory\n", "ready"),
])
def test_an_order_that_speaks_of_a_quote_stays_an_order(config_path, tmp_path, customer, body, status):
    (got,) = orders_in(in_process_extract(config_path, mail(customer, body, "Order"), "o.eml", tmp_path,
                                          channel="smtp", sender=customer.email))
    assert got["status"] == status, got["issues"]
