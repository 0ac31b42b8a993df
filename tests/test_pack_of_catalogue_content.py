"""A package word followed by a count of the catalogue's content ("carton de 5 ramettes", "Karton à 5 Pakete",
"case of 5 reams" for "Copy paper A4 80g (box of 5 reams)", sold by the box at 24.50) is read both ways: five reams
(one box) or five boxes (our carton). Even at the box's price with the amount quantity x price it holds
UOM-PACK-UNSURE: the word after the count does not say whose content it is ("Karton à 10 Pakete" of pens, "Karton
à 5 Pakete je 5 Ries" is our real carton). Priced per ream, an amount of five boxes a carton, another count, a
package noun as the content and the same word used on another line for real cartons hold as well."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from testkit.harness import write_config

SHEET = """"N° de commande","DF-{po}",,,,
"Date",{ordered:%d/%m/%Y},,,,
"Livraison",{due:%d/%m/%Y},,,,
,,,,,
"Référence","Désignation","Qté","Unité","P.U. HT","Montant HT"
{rows}
"""


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_config(tmp_path_factory.mktemp("gw"))


def _order(config: Path, tmp_path: Path, rows: list[tuple[str, str, str, str, str, str]]) -> dict:
    from gateway.config import load_config
    from gateway.oneshot import extract_file

    doc = tmp_path / "commande.csv"
    doc.write_text(SHEET.format(po=abs(hash(tuple(rows))) % 10000, ordered=date.today(),
                                due=date.today() + timedelta(days=14),
                                rows="\n".join(",".join(f'"{c}"' for c in r) for r in rows)), encoding="utf-8")
    (entry,) = extract_file(load_config(config), doc, channel="email",
                            sender="commandes@dupont-fournitures.example")["orders"]
    return entry["order"]


def _codes(order: dict) -> set[str]:
    return {i["code"] for i in order["issues"]}


PEN = ("SKU-1002", "Stylo bille bleu", "3", "PK", "3.90", "11.70")


@pytest.mark.parametrize("description", ["Ramette papier A4 80 g blanc, carton de 5 ramettes",
                                         "Kopierpapier A4 80 g (Karton à 5 Pakete)",
                                         "Copy paper A4, case of 5 reams"])
def test_a_carton_of_the_catalogues_content_count_at_the_box_price_is_held(config, tmp_path, description):
    order = _order(config, tmp_path, [("SKU-1001", description, "40", "carton", "24.50", "980.00"), PEN])
    assert order["status"] != "ready", order["lines"]
    assert "UOM-PACK-UNSURE" in _codes(order) or order["status"] != "ready", order["issues"]


@pytest.mark.parametrize("row", [
    ("SKU-1002", "Kugelschreiber blau, Karton à 10 Pakete", "3", "Karton", "3.90", "11.70"),  # pens: not the content
    ("SKU-1001", "Kopierpapier A4, Karton à 5 Pakete je 5 Ries", "8", "Karton", "24.50", "196.00"),  # a second count
    ("SKU-1001", "Papier A4, carton de 5 ramettes x 5", "8", "carton", "24.50", "196.00"),
])
def test_a_package_noun_or_a_second_count_holds_the_pack(config, tmp_path, row):
    order = _order(config, tmp_path, [row, ("SKU-1004", "Agrafeuse", "2", "PCE", "18.00", "36.00")])
    assert order["status"] != "ready", (order["lines"], order["issues"])
    assert "UOM-PACK-UNSURE" in _codes(order), order["issues"]


@pytest.mark.parametrize("row", [
    ("SKU-1001", "Ramette papier A4, carton de 5 ramettes", "40", "carton", "4.90", "980.00"),  # priced per ream
    ("SKU-1001", "Ramette papier A4, carton de 5 ramettes", "40", "carton", "24.50", "4900.00"),  # amount: 5 a carton
    ("SKU-1001", "Ramette papier A4, carton de 10 ramettes", "40", "carton", "24.50", "980.00"),  # another count
    ("SKU-1001", "Papier A4, carton de 5 boîtes", "40", "carton", "24.50", "980.00"),  # a package noun
])
def test_another_price_amount_or_content_still_holds(config, tmp_path, row):
    order = _order(config, tmp_path, [row, PEN])
    assert order["status"] != "ready"
    assert order["lines"][0]["uom"] != "BX" or "UOM-PACK-UNSURE" in _codes(order) or order["status"] != "ready"


def test_the_word_used_for_real_cartons_on_another_line_still_holds(config, tmp_path):
    order = _order(config, tmp_path, [("SKU-1001", "Ramette papier A4, carton de 5 ramettes", "40", "carton", "24.50",
                                       "980.00"),
                                      ("SKU-1001", "Ramette papier A4 recyclé", "2", "carton", "122.50", "245.00")])
    assert order["status"] != "ready"
