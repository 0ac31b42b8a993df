"""Unit words a person wrote that can mean two quantities: a package word the table converts to another
package ("2 cartons" of pens sold in boxes, 4 boxes to a carton) goes out converted only when the line's
price is the carton's, and otherwise waits UOM-PACK-UNSURE with both readings; a piece of a product whose
description says what one unit holds ("Copy paper, carton of 5 reams") waits UOM-NO-CONVERSION. EDI and
XML unit codes convert as before.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from testkit.trust_corpus import CUSTOMERS, trust_config
from tests.test_trust import codes, extract_order, line, trust_order

FR, IE, US, DE = CUSTOMERS


@pytest.fixture(scope="module")
def config_path(tmp_path_factory) -> Path:
    return trust_config(tmp_path_factory.mktemp("unitwords"))


@pytest.mark.parametrize("customer", [FR, US, DE])
def test_unpriced_cartons_of_a_boxed_product_typed_in_an_email_wait(config_path, tmp_path, customer):
    got = extract_order(config_path, trust_order("email", [line("TP-1003", 2, "CAR")], customer), tmp_path)
    assert got["status"] == "review" and "UOM-PACK-UNSURE" in codes(got)
    message = next(i["message"] for i in got["issues"] if i["code"] == "UOM-PACK-UNSURE")
    assert "2 BX" in message and "8 BX" in message


def typed(config_path, tmp_path, item_line: str) -> dict:
    from testkit.trust_corpus import render
    from tests.test_trust import in_process_extract, orders_in
    data, name, how = render(trust_order("email", [line("TP-1003", 2, "CAR")]))
    data = data.replace("- 2 CAR de TP-1003".encode(), item_line.encode())
    (got,) = orders_in(in_process_extract(config_path, data, name, tmp_path, **how))
    return got


def test_cartons_priced_as_cartons_in_an_email_are_converted(config_path, tmp_path):
    got = typed(config_path, tmp_path, "- 2 cartons de TP-1003 à 26,00 EUR")
    assert "UOM-PACK-UNSURE" not in codes(got)
    assert (got["lines"][0]["quantity"], got["lines"][0]["uom"]) == ("8", "BX")


def test_cartons_at_one_box_price_with_no_amount_wait(config_path, tmp_path):
    """A price alone is no proof: '2 cartons à 6,50' with no amount may be two cartons priced per box; both
    readings named, no price judged by either."""
    got = typed(config_path, tmp_path, "- 2 cartons de TP-1003 à 6,50 EUR")
    assert got["status"] == "review" and "UOM-PACK-UNSURE" in codes(got)
    assert "PRICE-MISMATCH" not in codes(got)
    message = next(i["message"] for i in got["issues"] if i["code"] == "UOM-PACK-UNSURE")
    assert "2 BX" in message and "8 BX" in message


def test_cartons_at_a_price_that_is_neither_wait_with_one_reason(config_path, tmp_path):
    """Neither one box's price nor the carton's: both readings named, and no price judged by either of them."""
    got = typed(config_path, tmp_path, "- 2 cartons de TP-1003 à 9,00 EUR")
    assert got["status"] == "review" and "UOM-PACK-UNSURE" in codes(got)
    assert not {"PRICE-MISMATCH", "UOM-NOT-PRODUCT-UNIT"} & set(codes(got)), codes(got)
    message = next(i["message"] for i in got["issues"] if i["code"] == "UOM-PACK-UNSURE")
    assert "2 BX" in message and "8 BX" in message


@pytest.mark.parametrize("fmt", ["edifact", "ubl", "x12"])
def test_an_edi_carton_code_is_still_converted_unpriced(config_path, tmp_path, fmt):
    got = extract_order(config_path, trust_order(fmt, [line("TP-1003", 2, "CAR")], US if fmt == "x12" else FR),
                        tmp_path)
    assert "UOM-PACK-UNSURE" not in codes(got)
    assert (got["lines"][0]["quantity"], got["lines"][0]["uom"]) == ("8", "BX")


@pytest.mark.parametrize("customer", [FR, US, DE])
def test_pieces_of_a_product_holding_several_typed_in_an_email_wait(config_path, tmp_path, customer):
    from testkit.trust_corpus import TrustLine
    from tests.test_trust import PRODUCT
    from decimal import Decimal
    pieces = TrustLine(PRODUCT["TP-1005"], Decimal(10), "PCE", "PCE", Decimal(1), False)
    got = extract_order(config_path, trust_order("email", [pieces], customer), tmp_path)
    assert got["status"] == "review" and "UOM-NO-CONVERSION" in codes(got)


def test_pieces_of_a_product_with_no_contents_stated_are_one_sales_unit(config_path, tmp_path):
    got = extract_order(config_path, trust_order("email", [line("TP-1006", 6, "PK")]), tmp_path)
    assert "UOM-NO-CONVERSION" not in codes(got)
