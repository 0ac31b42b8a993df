"""A price present in a structured order is never "no price": a line amount without a unit price is
checked as the price it implies, a line amount that quantity x price does not give holds, a price
segment the reader does not apply holds (PRICE-UNREAD), and a line priced in another currency than
the order's holds (CURRENCY-MISMATCH). Through the gateway's extract path, on trust-corpus orders
rewritten here (the stapler TP-1002 lists at 12.00).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from testkit.trust_corpus import render, trust_config

FR, IE, US, DE = __import__("testkit.trust_corpus", fromlist=["CUSTOMERS"]).CUSTOMERS


@pytest.fixture(scope="module")
def config_path(tmp_path_factory) -> Path:
    return trust_config(tmp_path_factory.mktemp("prices"))


def extract(config: Path, fmt: str, tmp: Path, rewrite, customer=FR, qty: int = 5, lamp: bool = False) -> dict:
    from tests.test_trust import in_process_extract, line, orders_in, trust_order
    lines = [line("TP-1002", qty, "PCE" if fmt != "x12" else "EA", priced=True)]
    lines += [line("TP-1001", 2, "EA", priced=True)] if lamp else []
    order = trust_order(fmt, lines, customer, po=f"SP-{fmt}-{abs(hash(rewrite.__name__)) % 997}")
    data, name, how = render(order)
    changed = rewrite(data.decode())
    assert changed != data.decode(), "the rewrite found nothing to change"
    (got,) = orders_in(in_process_extract(config, changed.encode(), name, tmp, **how))
    return got


def codes(order: dict) -> dict[str, str]:
    return {i["code"]: i["severity"] for i in order["issues"]}


def edifact_amount_only(text: str) -> str:  # 5 x 7.20 = 36.00: 40 % under the list, as an amount only
    return text.replace("PRI+AAA:12.00", "MOA+203:36.00")


def edifact_amount_right(text: str) -> str:
    return text.replace("PRI+AAA:12.00", "MOA+203:60.00")


def edifact_amount_contradicts(text: str) -> str:
    return text.replace("PRI+AAA:12.00", "PRI+AAA:12.00'MOA+203:48.00")


def edifact_information_price(text: str) -> str:
    return text.replace("PRI+AAA:12.00", "PRI+INF:7.20")


def x12_other_price(text: str) -> str:
    return text.replace("*12.00*", "**").replace("*VP*TP-1002", "*VP*TP-1002~CTP**MSR*7.20", 1)


def x12_unit_cost_price(text: str) -> str:
    return text.replace("*12.00*", "**").replace("*VP*TP-1002", "*VP*TP-1002~CTP**UCP*7.20", 1)


@pytest.mark.parametrize("rewrite, code", [
    (edifact_amount_only, "PRICE-MISMATCH"), (edifact_amount_contradicts, "PRICE-LINE-AMOUNT"),
    (edifact_information_price, "PRICE-UNREAD"),
])
def test_an_edifact_price_that_is_not_a_plain_net_price_is_checked_or_held(config_path, tmp_path, rewrite, code):
    got = extract(config_path, "edifact", tmp_path, rewrite)
    assert got["status"] == "review" and codes(got)[code] == "error"


def test_an_edifact_amount_that_gives_the_list_price_goes_out(config_path, tmp_path):
    got = extract(config_path, "edifact", tmp_path, edifact_amount_right)
    assert got["status"] == "ready" and got["lines"][0]["amount"] == "60.00"


@pytest.mark.parametrize("rewrite, code", [(x12_other_price, "PRICE-UNREAD"), (x12_unit_cost_price, "PRICE-MISMATCH")])
def test_an_x12_ctp_price_is_applied_or_held(config_path, tmp_path, rewrite, code):
    got = extract(config_path, "x12", tmp_path, rewrite, customer=US)
    assert got["status"] == "review" and codes(got)[code] == "error"
    assert code != "PRICE-MISMATCH" or got["lines"][0]["unit_price"] == "7.20"


def cxml_line_in_other_currency(text: str) -> str:  # the first line's price in USD, the second's in EUR
    return text.replace('<UnitPrice><Money currency="EUR">', '<UnitPrice><Money currency="USD">', 1)


def ubl_line_in_other_currency(text: str) -> str:
    return text.replace('<cbc:PriceAmount currencyID="EUR">', '<cbc:PriceAmount currencyID="GBP">')


@pytest.mark.parametrize("fmt, rewrite", [("cxml", cxml_line_in_other_currency), ("ubl", ubl_line_in_other_currency)])
def test_a_line_priced_in_another_currency_than_the_order_holds(config_path, tmp_path, fmt, rewrite):
    got = extract(config_path, fmt, tmp_path, rewrite, lamp=True)
    assert got["status"] == "review" and codes(got)["CURRENCY-MISMATCH"] == "error"


def test_an_edifact_order_date_in_dtm_4_is_the_order_date(config_path, tmp_path):
    def dtm_4(text: str) -> str:
        return text.replace("DTM+137:", "DTM+4:")
    got = extract(config_path, "edifact", tmp_path, dtm_4)
    assert got["order_date"] is not None and "ORDER-DATE-MISSING" not in codes(got)
