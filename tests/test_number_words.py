"""Quantities spelled in words in typed e-mail orders ("one pallet of X", "two boxes", "zwei Kartons",
"trois cartons", "a dozen"): read as their number, or held for a person; a line is never dropped and
never read with a wrong quantity. Through the gateway (``gateway extract``'s path) and the words alone.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.mail.number_words import spelled_quantity
from extractors.units import unit_code
from testkit.trust_corpus import CUSTOMERS, trust_config

FR, IE, US, DE = CUSTOMERS
HEAD = {"fr": "Commande n° NW-{n}\nLivraison le 28/12/2030\n\n", "de": "Bestellnummer: NW-{n}\nLiefertermin 28.12.2030\n\n",
        "en": "PO number: NW-{n}\nPlease deliver by 12/28/2030\n\n"}


@pytest.fixture(scope="module")
def config_path(tmp_path_factory) -> Path:
    return trust_config(tmp_path_factory.mktemp("words"))


def typed(config: Path, customer, items: str, tmp: Path) -> dict:
    from tests.test_trust import typed as typed_order
    (got,) = typed_order(config, customer, HEAD[customer.language].format(n=abs(hash(items)) % 1000) + items
                         + "\n\nMerci / Danke / Thanks\n", tmp)
    return got


def codes(order: dict) -> dict[str, str]:
    return {i["code"]: i["severity"] for i in order["issues"]}


@pytest.mark.parametrize("customer, items, want", [
    (US, "- two boxes TP-1003", [("TP-1003", "2", "BX")]),
    (US, "- one pallet of TP-1005\n- a box of TP-1003", None),  # a pallet of a carton product: no conversion
    (DE, "- zwei Kartons TP-1005\n- vierundzwanzig Stk TP-1002", [("TP-1005", "2", "CT"), ("TP-1002", "24", "C62")]),
    (FR, "- trois cartons de TP-1005\n- vingt-cinq boîtes TP-1003", [("TP-1005", "3", "CT"), ("TP-1003", "25", "BX")]),
    (IE, "- TP-1002 x four\n- TP-1006: eleven packs", [("TP-1002", "4", "C62"), ("TP-1006", "11", "PK")]),
    (FR, "- quatre-vingt-dix pièces TP-1002", [("TP-1002", "90", "C62")]),
])
def test_spelled_quantities_are_read_as_their_number(config_path, tmp_path, customer, items, want):
    got = typed(config_path, customer, items, tmp_path)
    if want is None:
        assert got["status"] == "review" and len(got["lines"]) == 2
        assert got["lines"][1]["quantity"] == "1" and got["lines"][1]["uom"] == "BX"
        return
    assert [(ln["sku"], ln["quantity"], ln["uom"]) for ln in got["lines"]] == want
    # a code-first line shape reads less surely than a quantity-first one: right, and maybe shown first
    assert got["status"] == "ready" or customer is IE


def test_a_dozen_is_twelve_pieces(config_path, tmp_path):
    got = typed(config_path, US, "- a dozen TP-1002", tmp_path)
    line = got["lines"][0]
    assert (line["sku"], line["quantity"], line["uom"]) == ("TP-1002", "12", "C62") or \
        codes(got)["UOM-NO-CONVERSION"] == "error"  # 1 DZN: converted where the deployment says how


@pytest.mark.parametrize("items", [
    "- a couple of boxes TP-1003", "- one or two boxes TP-1003", "- half a dozen TP-1002",
    "- quelques cartons de TP-1005", "- ein paar Kartons TP-1005", "- a TP-1002",
])
def test_a_vague_amount_holds_the_line_for_a_person(config_path, tmp_path, items):
    got = typed(config_path, US, f"- 2 x TP-1001\n{items}", tmp_path)
    assert got["status"] == "review" and codes(got)["LINE-UNREAD"] == "error"
    assert [ln["sku"] for ln in got["lines"]] == ["TP-1001"]


@pytest.mark.parametrize("items, quantities", [
    ("- one box TP-1003 and two TP-1006", None), ("- 1 box TP-1003, 2 x TP-1006", ["1", "2"]),
    ("- 3 x TP-1003 + 2 x TP-1006", ["3", "2"]), ("- 1 box TP-1003 and 2 packs TP-1006 @ 4.50", None),
])
def test_two_items_on_one_line_are_both_read_or_held_never_one_dropped(config_path, tmp_path, items, quantities):
    got = typed(config_path, US, items, tmp_path)
    if quantities is None:
        assert got["status"] == "review" and codes(got)["LINE-UNREAD"] == "error"
        return
    assert [(ln["sku"], ln["quantity"]) for ln in got["lines"]] == list(zip(["TP-1003", "TP-1006"], quantities))


def _unit(word: str) -> bool:
    return unit_code(word) is not None


@pytest.mark.parametrize("text, number", [
    ("twenty-four boxes", "24"), ("twenty four boxes", "24"), ("one hundred and twenty pcs", "120"),
    ("a hundred boxes", "100"), ("deux cents cartons", "200"), ("vingt et un cartons", "21"),
    ("soixante-douze boîtes", "72"), ("quatre-vingts rouleaux", "80"), ("dix-sept paquets", "17"),
    ("zweihundertfünfzig Stück", "250"), ("einundzwanzig Kartons", "21"), ("dreißig Stk", "30"),
    ("a dozen", "1"), ("un carton", "1"), ("eine Palette", "1"), ("thirteen", "13"),
])
def test_numbers_in_words(text, number):
    found = spelled_quantity(text, _unit)
    assert found is not None and found[0] == number


@pytest.mark.parametrize("text", ["a couple of boxes", "some boxes", "half a dozen", "one or two boxes",
                                  "deux ou trois cartons", "a AB-1001", "Leipzig 4", "Grund", "zero boxes",
                                  "several pallets", "an order"])
def test_words_that_are_no_number(text):
    assert spelled_quantity(text, _unit) is None
