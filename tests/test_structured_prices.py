"""Structured prices are read or held, never taken for "no price": price qualifiers the readers do not
apply as the unit price, a line amount with no price, a line amount that contradicts quantity x price,
and a line priced in another currency than the order's (EDIFACT, X12, cXML, UBL, openTRANS).

Each document is one of ``testkit.trust_corpus``'s orders with its price written another way.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from tests.test_trust import TODAY, US, codes, in_process_extract, line, orders_in, trust_order
from testkit.trust_corpus import render, trust_config
from extractors.pricing import amount_matches, price_from_amount
from gateway.model import NormalizedOrder, OrderLine, Sla, Source
from gateway.stages.completeness import check_line_currencies
from gateway.stages.rules import check_line_amount


@pytest.fixture(scope="module")
def config_path(tmp_path_factory) -> Path:
    return trust_config(tmp_path_factory.mktemp("prices"))


def extract_rewritten(config: Path, fmt: str, lines, tmp: Path, old: str, new: str, customer=None,
                      more: tuple[tuple[str, str], ...] = ()) -> dict:
    """The trust order of ``fmt`` with ``old`` replaced by ``new`` (and each pair of ``more``) in its bytes,
    read as ``gateway extract``."""
    order = trust_order(fmt, lines, customer) if customer else trust_order(fmt, lines)
    data, name, how = render(order)
    for before, after in ((old, new), *more):
        assert before.encode() in data, f"{before!r} is not in the {fmt} document"
        data = data.replace(before.encode(), after.encode(), 1)
    data = recount(data)
    (got,) = orders_in(in_process_extract(config, data, name, tmp, **how))
    return got


def recount(data: bytes) -> bytes:
    """The EDIFACT UNT or X12 SE segment count made right again after segments were added or removed."""
    text = data.decode("latin-1")
    if "UNH+" in text:
        segments = text.split("'")
        first = next(i for i, s in enumerate(segments) if s.startswith("UNH+"))
        last = next(i for i, s in enumerate(segments) if s.startswith("UNT+"))
        segments[last] = f"UNT+{last - first + 1}+" + segments[last].split("+")[2]
        return "'".join(segments).encode("latin-1")
    if "ST*850" in text:
        segments = text.split("~\n")
        first = next(i for i, s in enumerate(segments) if s.startswith("ST*"))
        last = next(i for i, s in enumerate(segments) if s.startswith("SE*"))
        segments[last] = f"SE*{last - first + 1}*" + segments[last].split("*")[2]
        return "~\n".join(segments).encode("latin-1")
    return data


def held_for(got: dict) -> set[str]:
    return {c for c, s in codes(got).items() if s == "error"}


# A stapler (TP-1002, C62, list price 12.00), 5 ordered: priced 12.00 by the trust corpus.
STAPLERS = [line("TP-1002", 5, "EA", priced=True)]


# --- F13: a price element the reader does not apply is read or holds the line ----------------------------


def test_edifact_calculation_price_is_the_unit_price(config_path, tmp_path):
    got = extract_rewritten(config_path, "edifact", STAPLERS, tmp_path, "PRI+AAA:12.00", "PRI+CAL:12.00")
    assert got["lines"][0]["unit_price"] == "12.00" and got["status"] == "ready"
    assert "PRICE-ABSENT" not in codes(got)


def test_edifact_calculation_price_off_the_list_is_held_as_a_price_gap(config_path, tmp_path):
    got = extract_rewritten(config_path, "edifact", STAPLERS, tmp_path, "PRI+AAA:12.00", "PRI+CAL:7.20")
    assert got["lines"][0]["unit_price"] == "7.20"
    assert "PRICE-MISMATCH" in held_for(got) and got["status"] == "review"


def test_edifact_net_price_comes_before_the_calculation_price(config_path, tmp_path):
    got = extract_rewritten(config_path, "edifact", STAPLERS, tmp_path, "PRI+AAA:12.00",
                            "PRI+CAL:7.20'PRI+AAA:12.00")
    assert got["lines"][0]["unit_price"] == "12.00" and got["status"] == "ready"


@pytest.mark.parametrize("qualifier", ["INF", "AAE", "AAF"])
def test_edifact_information_price_alone_holds_the_line_by_name(config_path, tmp_path, qualifier):
    got = extract_rewritten(config_path, "edifact", STAPLERS, tmp_path, "PRI+AAA:12.00", f"PRI+{qualifier}:7.20")
    assert got["lines"][0]["unit_price"] is None
    assert got["lines"][0]["unread_prices"] == [f"PRI {qualifier} 7.20"]
    assert "PRICE-UNREAD" in held_for(got) and "PRICE-ABSENT" not in codes(got)
    assert f"PRI {qualifier} 7.20" in next(i["message"] for i in got["issues"] if i["code"] == "PRICE-UNREAD")


def test_edifact_information_price_beside_a_net_price_is_kept_not_applied(config_path, tmp_path):
    got = extract_rewritten(config_path, "edifact", STAPLERS, tmp_path, "PRI+AAA:12.00",
                            "PRI+AAA:12.00'PRI+AAE:14.28")
    assert (got["lines"][0]["unit_price"], got["lines"][0]["unread_prices"]) == ("12.00", ["PRI AAE 14.28"])
    assert got["status"] == "ready"


def test_edifact_line_amount_alone_gives_the_unit_price(config_path, tmp_path):
    got = extract_rewritten(config_path, "edifact", STAPLERS, tmp_path, "PRI+AAA:12.00", "MOA+203:60.00")
    assert Decimal(got["lines"][0]["unit_price"]) == Decimal("12") and got["status"] == "ready"
    assert codes(got)["PRICE-FROM-AMOUNT"] == "info" and "PRICE-ABSENT" not in codes(got)


def test_edifact_line_amount_alone_off_the_list_is_held(config_path, tmp_path):
    got = extract_rewritten(config_path, "edifact", STAPLERS, tmp_path, "PRI+AAA:12.00", "MOA+203:36.00")
    assert Decimal(got["lines"][0]["unit_price"]) == Decimal("7.2")
    assert "PRICE-MISMATCH" in held_for(got)


def test_x12_unit_cost_price_is_the_unit_price(config_path, tmp_path):
    got = extract_rewritten(config_path, "x12", STAPLERS, tmp_path, "*12.00**VP*TP-1002",
                            "***VP*TP-1002~\nCTP**UCP*7.20", customer=US)
    assert got["lines"][0]["unit_price"] == "7.20" and "PRICE-MISMATCH" in held_for(got)


def test_x12_net_price_comes_before_the_unit_cost_price(config_path, tmp_path):
    got = extract_rewritten(config_path, "x12", STAPLERS, tmp_path, "*12.00**VP*TP-1002",
                            "***VP*TP-1002~\nCTP**UCP*7.20~\nCTP**NET*12.00", customer=US)
    assert got["lines"][0]["unit_price"] == "12.00" and got["status"] == "ready"


@pytest.mark.parametrize("code", ["MSR", "CON", "CAT"])
def test_x12_other_price_identifiers_alone_hold_the_line_by_name(config_path, tmp_path, code):
    got = extract_rewritten(config_path, "x12", STAPLERS, tmp_path, "*12.00**VP*TP-1002",
                            f"***VP*TP-1002~\nCTP**{code}*7.20", customer=US)
    assert got["lines"][0]["unit_price"] is None and got["lines"][0]["unread_prices"] == [f"CTP {code} 7.20"]
    assert "PRICE-UNREAD" in held_for(got) and "PRICE-ABSENT" not in codes(got)


@pytest.mark.parametrize("price, basis", [("1200.00", "TC"), ("1200.00", "LC"), ("144.00", "WD"), ("12.00", "QE"), ("12000.00", "TM")])
def test_x12_price_bases_per_hundred_dozen_or_each_are_read(config_path, tmp_path, price, basis):
    got = extract_rewritten(config_path, "x12", STAPLERS, tmp_path, "*12.00**VP*TP-1002",
                            f"*{price}*{basis}*VP*TP-1002", customer=US)
    assert Decimal(got["lines"][0]["unit_price"]) == Decimal(12) and got["status"] == "ready"


@pytest.mark.parametrize("basis", ["TB", "NQ"])
def test_x12_price_to_be_negotiated_holds_the_line_by_name(config_path, tmp_path, basis):
    got = extract_rewritten(config_path, "x12", STAPLERS, tmp_path, "*12.00**VP*TP-1002",
                            f"*12.00*{basis}*VP*TP-1002", customer=US)
    assert got["lines"][0]["unit_price"] is None and got["lines"][0]["unread_prices"] == [f"PO105 {basis} 12.00"]
    assert "PRICE-UNREAD" in held_for(got)


def test_a_line_with_no_price_information_at_all_still_goes_out_for_the_erp_to_price(config_path, tmp_path):
    got = extract_rewritten(config_path, "edifact", STAPLERS, tmp_path, "'PRI+AAA:12.00", "")
    assert codes(got)["PRICE-ABSENT"] == "info" and got["status"] == "ready"


# --- F14: the line amount is quantity x price, in every format ----------------------------------------


def test_edifact_line_amount_contradicting_quantity_times_price_is_held(config_path, tmp_path):
    got = extract_rewritten(config_path, "edifact", STAPLERS, tmp_path, "PRI+AAA:12.00",
                            "PRI+AAA:12.00'MOA+203:45.00")
    assert "PRICE-LINE-AMOUNT" in held_for(got)
    message = next(i["message"] for i in got["issues"] if i["code"] == "PRICE-LINE-AMOUNT")
    assert "60.00" in message and "45.00" in message


def test_edifact_line_amount_that_adds_up_goes_out(config_path, tmp_path):
    got = extract_rewritten(config_path, "edifact", STAPLERS, tmp_path, "PRI+AAA:12.00",
                            "PRI+AAA:12.00'MOA+203:60.00")
    assert got["status"] == "ready" and got["lines"][0]["amount"] == "60.00"


def test_opentrans_line_amount_contradicting_quantity_times_price_is_held(config_path, tmp_path):
    got = extract_rewritten(config_path, "opentrans", STAPLERS, tmp_path, "</PRODUCT_PRICE_FIX>",
                            "</PRODUCT_PRICE_FIX><PRICE_LINE_AMOUNT>45.00</PRICE_LINE_AMOUNT>")
    assert "PRICE-LINE-AMOUNT" in held_for(got)


def test_a_converted_line_keeps_its_amount_consistent(config_path, tmp_path):
    """2 cartons (CAR) of pens sold in boxes of 4 a carton, 26.00 a carton, 52.00 the line: 8 BX at 6.50."""
    got = extract_rewritten(config_path, "ubl", [line("TP-1003", 2, "CAR", priced=True)], tmp_path,
                            "</cac:Price>", "</cac:Price><cbc:LineExtensionAmount currencyID=\"EUR\">52.00"
                                            "</cbc:LineExtensionAmount>")
    assert (got["lines"][0]["quantity"], got["lines"][0]["uom"]) == ("8", "BX")
    assert got["status"] == "ready"


def test_the_amount_check_takes_the_price_before_the_orders_own_percentages():
    from gateway.model import Allowance
    line_ = OrderLine(line_no=1, quantity=Decimal(10), uom="EA", unit_price=Decimal("9.00"),
                      gross_price=Decimal("10.00"), amount=Decimal("100.00"),
                      allowances=[Allowance(kind="allowance", level="order", percent=Decimal(10), applied=True)])
    assert check_line_amount(line_) == []
    assert check_line_amount(line_.model_copy(update={"amount": Decimal("95.00")}))[0].code == "PRICE-LINE-AMOUNT"


def test_amount_arithmetic():
    assert price_from_amount(Decimal("100.00"), Decimal(3)) == Decimal("33.3333")
    assert price_from_amount(Decimal("60.00"), Decimal(0)) is None
    assert amount_matches(Decimal(3), Decimal("33.3333"), Decimal("100.00"))
    assert not amount_matches(Decimal(5), Decimal("64.00"), Decimal("192.00"))


# --- F15: a line priced in another currency than the order's --------------------------------------------


def test_cxml_line_price_in_another_currency_is_held(config_path, tmp_path):
    got = extract_rewritten(config_path, "cxml", STAPLERS, tmp_path, '<Money currency="USD">',
                            '<Money currency="EUR">', customer=US,
                            more=(("</OrderRequestHeader>",
                                   '<Total><Money currency="USD">60.00</Money></Total></OrderRequestHeader>'),))
    assert got["currency"] == "USD" and got["lines"][0]["currency"] == "EUR"
    issue = next(i for i in got["issues"] if i["code"] == "CURRENCY-MISMATCH")
    assert issue["severity"] == "error" and issue["field"] == "lines[1].currency"


def test_ubl_line_price_in_another_currency_is_held(config_path, tmp_path):
    got = extract_rewritten(config_path, "ubl", STAPLERS, tmp_path, 'PriceAmount currencyID="EUR"',
                            'PriceAmount currencyID="USD"')
    assert got["currency"] == "EUR" and "CURRENCY-MISMATCH" in held_for(got)


def test_edifact_line_currency_is_the_lines_not_the_orders(config_path, tmp_path):
    got = extract_rewritten(config_path, "edifact", STAPLERS, tmp_path, "PRI+AAA:12.00",
                            "PRI+AAA:12.00'CUX+2:USD:9")
    assert got["currency"] == "EUR" and got["lines"][0]["currency"] == "USD"
    assert "CURRENCY-MISMATCH" in held_for(got)


def test_edifact_line_amount_in_another_currency_is_held(config_path, tmp_path):
    got = extract_rewritten(config_path, "edifact", STAPLERS, tmp_path, "PRI+AAA:12.00",
                            "PRI+AAA:12.00'MOA+203:60.00:GBP")
    assert "CURRENCY-MISMATCH" in held_for(got)


def test_x12_line_currency_is_the_lines_not_the_orders(config_path, tmp_path):
    got = extract_rewritten(config_path, "x12", STAPLERS, tmp_path, "*VP*TP-1002", "*VP*TP-1002~\nCUR*BY*CAD",
                            customer=US)
    assert got["currency"] == "USD" and got["lines"][0]["currency"] == "CAD"
    assert "CURRENCY-MISMATCH" in held_for(got)


def test_line_in_the_orders_currency_passes(config_path, tmp_path):
    got = extract_rewritten(config_path, "cxml", STAPLERS, tmp_path, '<Money currency="USD">',
                            '<Money currency="usd">', customer=US)
    assert got["status"] == "ready" and "CURRENCY-MISMATCH" not in codes(got)


def test_line_currencies_are_compared_with_the_orders():
    now = TODAY
    from datetime import datetime, timezone
    at = datetime(now.year, now.month, now.day, tzinfo=timezone.utc)
    order = NormalizedOrder(
        order_id="o-1", currency="EUR", source=Source(document_id="d", channel="cli", format="ubl", sha256="0",
                                                      received_at=at),
        sla=Sla(received_at=at + timedelta(0)),
        lines=[OrderLine(line_no=1, quantity=Decimal(1), uom="EA", currency="EUR"),
               OrderLine(line_no=2, quantity=Decimal(1), uom="EA", currency="CHF"),
               OrderLine(line_no=3, quantity=Decimal(1), uom="EA", currency="CHF", action="delete")])
    assert [f[1] for f in check_line_currencies(order)] == ["lines[2].currency"]


# --- the dry run holds what the server holds ------------------------------------------------------------


def test_gateway_extract_names_a_channel_and_document_that_disagree_on_the_customer(config_path, tmp_path):
    """An openTRANS order of one customer arriving on another customer's SFTP account: the server holds it
    (IDENTITY-MISMATCH), and so does ``gateway extract``."""
    data, name, how = render(trust_order("opentrans", STAPLERS))
    assert how["partner"] == "sftp-T1"
    (got,) = orders_in(in_process_extract(config_path, data, name, tmp_path, channel="sftp", partner="sftp-T2"))
    assert "IDENTITY-MISMATCH" in held_for(got)


# --- an allowance the net price cannot be made with -------------------------------------------------------


def test_edifact_gross_price_with_an_allowance_of_no_value_holds_the_line(config_path, tmp_path):
    """PRI AAB with an ALC that states no percentage, rate or amount: the net price is not known."""
    got = extract_rewritten(config_path, "edifact", STAPLERS, tmp_path, "PRI+AAA:12.00",
                            "PRI+AAB:12.00'ALC+A++++DI")
    assert got["lines"][0]["unit_price"] is None and got["lines"][0]["gross_price"] == "12.00"
    assert got["lines"][0]["unread_prices"] == ["allowance DI with no value to apply"]
    assert "PRICE-UNREAD" in held_for(got) and "PRICE-ABSENT" not in codes(got)


def test_edifact_gross_price_with_a_valued_allowance_goes_out_at_its_net(config_path, tmp_path):
    got = extract_rewritten(config_path, "edifact", STAPLERS, tmp_path, "PRI+AAA:12.00",
                            "PRI+AAB:12.24'ALC+A++++DI'PCD+3:2")
    assert Decimal(got["lines"][0]["unit_price"]) == Decimal("11.9952") and got["status"] == "ready"


def test_an_x12_envelope_naming_the_customer_by_its_duns_is_not_a_weak_key(config_path, tmp_path):
    """ISA05/06 ``01`` + the customer's DUNS (master data), where its X12 id is another: the envelope names it."""
    got = extract_rewritten(config_path, "x12", STAPLERS, tmp_path, f"ZZ*{US.x12_id:<15}", f"01*{US.duns:<15}",
                            customer=US, more=((f"GS*PO*{US.x12_id}", f"GS*PO*{US.duns}"),))
    assert got["customer"]["id"] == US.customer_id and got["customer"]["corroborated"] is True
    assert got["status"] == "ready"


def test_a_buyer_duns_written_in_an_order_body_alone_is_still_a_weak_key(config_path, tmp_path):
    data, name, _how = render(trust_order("opentrans", STAPLERS, US))
    (got,) = orders_in(in_process_extract(config_path, data.replace(
        f'<bmecat:PARTY_ID type="gln">{US.gln}</bmecat:PARTY_ID>'.encode(),
        f'<bmecat:PARTY_ID type="duns">{US.duns}</bmecat:PARTY_ID>'.encode()), name, tmp_path, channel="http"))
    assert got["customer"]["id"] == US.customer_id and "CUSTOMER-WEAK-ID" in held_for(got)
