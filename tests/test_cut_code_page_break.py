"""A Word table row cut by the page break with its code wrapped in a narrow cell (issue 18, forms): "SKU-" at the foot
of page 1, "1005" and the end of the description at the top of page 2, under the Word page header repeated there.
The code's tail goes on in the cut row's code cell as a wrapped code goes on in the row under it, and the page's
running title (the same text printed on the page before) is passed over. Counter-examples: a code cut where it has
no hyphen ("SKU" / "1005") is not joined and holds; a joined code that is no product of ours holds ITEM-UNKNOWN.
The documents are checked in (``tests/fixtures/cut_codes``, made by its ``make_cut_codes.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from testkit.harness import write_config

FIXTURES = Path(__file__).parent / "fixtures" / "cut_codes"
SKUS = ["SKU-1003", "SKU-1004", "SKU-1005"] * 3


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


@pytest.mark.parametrize("name", ["cut_header_de", "cut_de"])
def test_a_code_cut_by_the_page_break_is_read_whole(config: Path, name: str) -> None:
    order = _order(config, name)
    assert [ln["sku"] for ln in order["lines"]] == SKUS
    assert [ln["quantity"] for ln in order["lines"]] == [str(k) for k in range(1, 10)]
    assert order["lines"][5]["description"].replace(" ", "").startswith("Tonerkartuscheschwarz")
    assert order["status"] == "ready", [(i["code"], i["message"]) for i in order["issues"]]


@pytest.mark.parametrize("name, code", [("cut_unknown_de", "SKU-1009"), ("cut_space_de", "SKU")])
def test_a_cut_code_that_is_no_product_of_ours_holds(config: Path, name: str, code: str) -> None:
    order = _order(config, name)
    assert order["status"] != "ready"
    assert order["lines"][5]["sku"] is None
    unknown = [i for i in order["issues"] if i["code"] == "ITEM-UNKNOWN"]
    assert unknown and f"item {code} " in unknown[0]["message"], order["issues"]


def test_a_title_printed_only_on_the_new_page_is_no_running_title() -> None:
    from extractors.capture.table import _running_title
    from extractors.capture.words import Row, Word

    def row(page: int, text: str) -> Row:
        return Row(page, tuple(Word(t, 10.0 * k, 10, 10.0 * k + 8, 20, 1.0, page) for k, t in enumerate(text.split())))

    rows = [row(1, "Acme · Order 77"), row(1, "Order"), row(1, "Code Item Qty"), row(1, "7 SKU-1004 Stapler 2"),
            row(1, "1 SKU- Toner 6"), row(2, "Acme · Order 77"), row(2, "7 SKU-1004 Stapler 2"), row(2, "Please call")]
    assert _running_title(rows, 5)
    assert not _running_title(rows, 6)  # an item row printed again on the next page is no title
    assert not _running_title(rows, 7)


@pytest.mark.parametrize("name", ["cut_repeat_header_de", "cut_desc_repeat_de", "cut_desc_repeat2_de"])
def test_a_cut_row_under_a_running_title_and_a_repeated_header_is_read_whole(config: Path, name: str) -> None:
    """Word's repeated header row under the page header: the running title is passed over, the repeated header is
    still read as the table's header, and rows 7 to 9 are lines (none moved to notes, none lost)."""
    order = _order(config, name)
    assert [ln["sku"] for ln in order["lines"]] == SKUS
    assert [ln["quantity"] for ln in order["lines"]] == [str(k) for k in range(1, 10)]
    assert order["status"] == "ready", [(i["code"], i["message"]) for i in order["issues"]]


def test_the_long_description_cut_under_a_repeated_header_keeps_its_tail(config: Path) -> None:
    order = _order(config, "cut_desc_repeat_de")
    assert order["lines"][5]["description"].replace(" ", "").endswith("Originalware")
