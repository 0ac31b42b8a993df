"""Typed e-mail orders (issue 17, en/fr/de), inputs made here: a unit word inside a typed table's quantity cell
("25 Stk", "8 boîtes"), "Pos 1: X, 3 Kartons"; a price typed with what it is per ("3.40/pc", "14,50 €/Stk") and one
per another unit than the row's (shown, never read); "x7 X" and "12 Hinges stainless (X)"; "anbei" over typed
items with nothing attached; a count in parcels ("2 colis X", "3 parcels X") is held, never a carton.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from extractors.base import ExtractHints
from extractors.mail.body_text import EXTRACTOR
from testkit.trust_corpus import CUSTOMERS, trust_config

FR, IE, US, DE = CUSTOMERS


def read(body: str):
    (order,) = EXTRACTOR.extract(body.encode(), ExtractHints(content_type="text/plain")).orders
    return order


def lines(order) -> list[tuple]:
    return [(ln.customer_item, ln.quantity) for ln in order.lines]


def codes(order) -> list[str]:
    return [p.code for p in order.problems]


@pytest.mark.parametrize("body, want", [
    ("Bestellung 6101\n\n| Pos | Menge | Artikel |\n|---|---|---|\n| 1 | 25 Stk | QA-3301 |\n| 2 | 6 Stk | QA-3302 |\n",
     [("QA-3301", 25, "Stk"), ("QA-3302", 6, "Stk")]),
    ("Commande 6102\n\nRéférence   Désignation   Quantité\nQA-3301     Vis inox      8 boîtes\n",
     [("QA-3301", 8, "boîtes")]),
    ("Order 6103\n\nItem      Description     Qty\nQA-3301   Hinge steel     14 pcs\n", [("QA-3301", 14, "pcs")]),
    ("Bestellung 6104\n\nPos 1: QA-3301, 3 Kartons\nPos 2: QA-3302, 7 Kartons\n",
     [("QA-3301", 3, "Kartons"), ("QA-3302", 7, "Kartons")]),
])
def test_a_unit_word_in_the_quantity_cell_is_read(body, want):
    order = read(body)
    assert [(ln.customer_item, ln.quantity, ln.uom) for ln in order.lines] == \
        [(c, Decimal(q), u) for c, q, u in want] and "LINE-UNREAD" not in codes(order)


@pytest.mark.parametrize("body, want", [
    ("PO 6110\n\nItem      Qty   Price\nQA-3301   10    3.40/pc\nQA-3302   4     61.00/ea\n",
     [("QA-3301", 10, "3.40"), ("QA-3302", 4, "61.00")]),
    ("Bestellung 6111\n\n| Artikel | Menge | Preis |\n|---|---|---|\n| QA-3301 | 10 | 14,50 €/Stk |\n",
     [("QA-3301", 10, "14.50")]),
    ("Commande 6112\n\nRéférence  Quantité  Prix\nQA-3301    6 pièces  4,80 €/pièce\n", [("QA-3301", 6, "4.80")]),
    ("Order 6113\n\nItem      Qty        Price\nQA-3301   3 boxes    12.10/box\n", [("QA-3301", 3, "12.10")]),
])
def test_a_price_typed_per_the_rows_unit_is_read(body, want):
    order = read(body)
    assert [(ln.customer_item, ln.quantity, ln.unit_price) for ln in order.lines] == \
        [(c, Decimal(q), Decimal(p)) for c, q, p in want] and "LINE-UNREAD" not in codes(order)


@pytest.mark.parametrize("row", ["QA-3301   10    12.10/box", "QA-3301   10 pcs    12.10/carton"])
def test_a_price_per_another_unit_than_the_rows_is_shown_never_read(row):
    order = read(f"Order 6114\n\nItem      Qty   Price\n{row}\n")
    assert ("QA-3301", Decimal(10)) not in [(ln.customer_item, ln.quantity) for ln in order.lines
                                              if ln.unit_price == Decimal("12.10")]
    assert "LINE-UNREAD" in codes(order)


@pytest.mark.parametrize("line, want", [
    ("x7 QA-3301", ("QA-3301", 7)),
    ("× 7 QA-3301", ("QA-3301", 7)),
    ("12 Hinges stainless (QA-3303)", ("QA-3303", 12)),
    ("12 Scharniere Edelstahl (QA-3303)", ("QA-3303", 12)),
    ("12 charnières inox (réf. QA-3303)", ("QA-3303", 12)),
    ("12 Stk Scharniere Edelstahl (QA-3303)", ("QA-3303", 12)),
    ("4 boîtes de vis (réf. QA-3303)", ("QA-3303", 4)),
])
def test_a_count_after_x_or_a_code_in_brackets_is_read(line, want):
    order = read(f"PO 6120\n\n{line}\n\nThanks\n")
    assert lines(order) == [(want[0], Decimal(want[1]))] and codes(order) == []


@pytest.mark.parametrize("line", ["10 mm Schrauben (QA-3303)", "10 mm screws (QA-3303)", "10 m Kabel (QA-3303)"])
def test_a_measure_before_a_bracketed_code_is_no_count(line):
    order = read(f"PO 6121\n\n{line}\n\nThanks\n")
    assert ("QA-3303", Decimal(10)) not in lines(order) and "LINE-UNREAD" in codes(order)


@pytest.mark.parametrize("intro", [
    "anbei erhalten Sie unsere Bestellung 6130", "Anbei senden wir Ihnen unsere Bestellung 6130:",
    "veuillez trouver ci-dessous notre commande 6130 :", "please find our order 6130 below:",
])
@pytest.mark.parametrize("item", ["5 x QA-3301", "Pos 1: QA-3301, 5 Kartons"])
def test_herewith_over_typed_items_is_no_missing_attachment(intro, item):
    order = read(f"X-Attachments: none\n\nGuten Tag,\n\n{intro}\n\n{item}\n\nGrüße\n")
    assert lines(order) == [("QA-3301", Decimal(5))] and "ATTACHMENT-MISSING" not in codes(order)


def test_a_named_file_with_nothing_attached_is_still_missing():
    order = read("X-Attachments: none\n\nanbei erhalten Sie unsere Bestellung 6131 als PDF.\n\n5 x QA-3301\n")
    assert "ATTACHMENT-MISSING" in codes(order)


@pytest.mark.parametrize("line", ["1 colis QA-3301", "QA-3301 - 2 colis", "3 parcels QA-3301", "3 Päckchen QA-3301"])
def test_a_count_in_parcels_is_held(line):
    order = read(f"PO 6140\n\n{line}\n\nThanks\n")
    assert "UOM-PACK-UNSURE" in codes(order)


@pytest.mark.parametrize("line", ["Parcel tape QA-3301 x 4", "4 cartons QA-3301", "2 Pakete QA-3301"])
def test_other_words_are_no_parcels(line):
    assert "UOM-PACK-UNSURE" not in codes(read(f"PO 6141\n\n{line}\n\nThanks\n"))


@pytest.fixture(scope="module")
def config_path(tmp_path_factory):
    return trust_config(tmp_path_factory.mktemp("unitcells"))


def test_a_table_with_units_in_its_cells_goes_out_through_gateway_extract(config_path, tmp_path):
    from tests.test_trust import typed
    body = ("Guten Tag,\n\nBestellung HB-61501\n\n| Pos | Menge | Artikel |\n|---|---|---|\n| 1 | 6 Stk | TP-1001 |\n"
            "| 2 | 2 Kartons | TP-1005 |\n\nMit freundlichen Grüßen\n")
    (got,) = typed(config_path, DE, body, tmp_path)
    assert [(ln["sku"], ln["quantity"]) for ln in got["lines"]] == [("TP-1001", "6"), ("TP-1005", "2")]
    assert not any(i["code"] == "LINE-UNREAD" for i in got["issues"])


def test_a_colis_of_a_product_sold_in_cartons_holds_through_gateway_extract(config_path, tmp_path):
    from tests.test_trust import typed
    (got,) = typed(config_path, FR, "Commande 61502\n\n1 colis TP-1005\n\nMerci\n", tmp_path)
    assert got["status"] != "ready" and any(i["code"] == "UOM-PACK-UNSURE" for i in got["issues"])


COUPA_LIKE = """<html><body><h2>Purchase Order</h2>
<table><tr><td><b>PO #</b></td><td>PO-88214</td></tr><tr><td><b>Order Date</b></td><td>12/04/2026</td></tr></table>
<table><tr><td><b>Ship To</b><br>Northwind Plant 2<br>12 Harbor Road<br>Cork T12 X2Y3<br>Ireland</td>
<td><b>Bill To</b><br>Northwind Ltd<br>Accounts Payable<br>PO Box 44<br>Dublin</td></tr></table>
{said}
<table><tr><th>Line</th><th>Item</th><th>Description</th><th>Qty</th><th>UOM</th><th>Price</th><th>Need By</th>
<th>Total</th></tr>
<tr><td>1</td><td>QA-3301</td><td>Stapler</td><td>4</td><td>EA</td><td>12.00</td><td>12/18/2026</td><td>48.00</td></tr>
<tr><td>2</td><td>QA-3302</td><td>Sticky notes</td><td>10</td><td>EA</td><td>4.50</td><td>12/22/2026</td><td>45.00</td></tr>
</table><p>Total: 93.00 EUR</p></body></html>"""


def _procurement_po(said: str = ""):
    from tests.test_typed_written_classes import _mail_children
    (got,) = _mail_children(COUPA_LIKE.format(said=said), subject="Purchase Order PO-88214")
    (order,) = got.orders
    return order


def test_need_by_dates_placed_on_a_procurement_pos_lines_are_not_unplaced():
    order = _procurement_po()
    assert [(ln.customer_item, ln.requested_date.isoformat()) for ln in order.lines] == \
        [("QA-3301", "2026-12-18"), ("QA-3302", "2026-12-22")]
    assert "DATE-UNPLACED" not in codes(order)


def test_a_date_typed_outside_the_lines_table_is_still_unplaced():
    order = _procurement_po("<p>Our stocktake is on 12/28/2026.</p>")
    assert "DATE-UNPLACED" in codes(order)
