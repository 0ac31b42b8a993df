"""A package word whose content the line's description gives as the catalogue's own pack ("carton de 5 ramettes",
"Karton à 5 Pakete" for "Copy paper A4 80g (box of 5 reams)", sold by the box at 24.50), at the box's price with the
amount quantity x price, counts boxes (issue 18, class 2): the description says what one box holds, not that a
carton holds five boxes. Counter-examples that still hold UOM-PACK-UNSURE: priced per ream, an amount of five boxes
a carton, another count ("carton de 10 ramettes"), a package noun as the content ("carton de 5 boîtes"), and the
same word used on another line for real cartons."""

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
def test_a_carton_holding_the_catalogues_own_pack_at_the_box_price_counts_boxes(config, tmp_path, description):
    order = _order(config, tmp_path, [("SKU-1001", description, "40", "carton", "24.50", "980.00"), PEN])
    assert "UOM-PACK-UNSURE" not in _codes(order), order["issues"]
    assert (order["lines"][0]["quantity"], order["lines"][0]["uom"]) == ("40", "BX")
    assert order["status"] == "ready", order["issues"]


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
