"""A price column titled for one unit (issue 18, forms): "Preis pro 1" over a Word form's prices (exported by
LibreOffice) is the unit price column, as "Preis" is; "Preis je 100" still prices a hundred. Counter-examples:
"Preis pro 1" over prices of a hundred (the amounts disagree) and "Preis pro 1 Karton" over pieces hold. The
documents are checked in (``tests/fixtures/price_titles``, made by its ``make_price_titles.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from testkit.fixture_orders import read_fixture
from testkit.harness import write_config

FIXTURES = Path(__file__).parent / "fixtures" / "price_titles"


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_config(tmp_path_factory.mktemp("gw"))


def _order(config: Path, name: str) -> dict:
    return read_fixture(config, FIXTURES / f"{name}.pdf")


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


def test_a_price_for_a_thousand_is_never_cut_to_a_price_for_one(config: Path) -> None:
    """Chromium's "Prix pour 1 000" (a French thousand): the title is no "Prix pour 1"; the price column unread,
    the prices come from the amounts."""
    order = _order(config, "pour_1000_fr")
    assert [(ln["sku"], ln["quantity"], ln["unit_price"]) for ln in order["lines"]] == [
        ("SKU-1003", "2000", "2.75"), ("SKU-1004", "1000", "18.00")]
    assert order["status"] == "ready", [(i["code"], i["message"]) for i in order["issues"]]


@pytest.mark.parametrize("name", ["pro_1_box_chr", "pro_1000_chr"])
def test_a_borderless_title_for_one_of_another_unit_or_a_thousand_holds(config: Path, name: str) -> None:
    assert _order(config, name)["status"] != "ready"


def test_only_a_count_of_one_ending_its_phrase_is_a_title_for_one() -> None:
    from extractors.capture.table_header import _phrase_goes_on
    from extractors.capture.words import Row, Word

    def words(*spec: tuple[str, float]) -> Row:
        out, x = [], 10.0
        for text, gap in spec:
            out.append(Word(text, x, 10, x + 6 * len(text), 20, 1.0, 1))
            x = out[-1].x1 + gap
        return Row(1, tuple(out))

    title_1000 = words(("Prix", 3), ("pour", 3), ("1", 3), ("000", 40), ("Montant", 3))
    assert _phrase_goes_on(title_1000, 3)  # "Prix pour 1" goes on with "000"
    assert not _phrase_goes_on(title_1000, 4)
    alone = words(("Preis", 3), ("pro", 3), ("1", 40), ("Gesamt", 3))
    assert not _phrase_goes_on(alone, 3)  # "Preis pro 1", then a column's gap
