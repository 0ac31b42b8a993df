"""A price column titled for one unit (issue 18, forms): "Preis pro 1" over a Word form's prices (exported by
LibreOffice) is the unit price column, as "Preis" is; "Preis je 100" still prices a hundred. Counter-examples:
"Preis pro 1" over prices of a hundred (the amounts disagree) and "Preis pro 1 Karton" over pieces hold. The
documents are checked in (``tests/fixtures/price_titles``, made by its ``make_price_titles.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from testkit.harness import write_config

FIXTURES = Path(__file__).parent / "fixtures" / "price_titles"


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_config(tmp_path_factory.mktemp("gw"))


def _order(config: Path, name: str) -> dict:
    from gateway.config import load_config
    from gateway.oneshot import extract_file

    result = extract_file(load_config(config), FIXTURES / f"{name}.pdf", channel="email",
                          sender="bestellung@mueller-buero.example")
    (order,) = [o["order"] for o in result["orders"]]
    return order


@pytest.mark.parametrize("name, quantities", [("pro_1_de", ["200", "3"]), ("je_100_de", ["200", "100"])])
def test_a_price_titled_for_one_or_a_hundred_units_is_read(config: Path, name: str, quantities: list) -> None:
    order = _order(config, name)
    assert [(ln["sku"], ln["quantity"], ln["unit_price"]) for ln in order["lines"]] == [
        ("SKU-1003", quantities[0], "2.75"), ("SKU-1004", quantities[1], "18.00")]
    assert "PRICE-FROM-AMOUNT" not in {i["code"] for i in order["issues"]}
    assert order["status"] == "ready", [(i["code"], i["message"]) for i in order["issues"]]


@pytest.mark.parametrize("name", ["pro_1_wrong_de", "pro_1_box_de"])
def test_a_price_of_one_that_the_money_or_the_unit_contradicts_holds(config: Path, name: str) -> None:
    assert _order(config, name)["status"] != "ready"
