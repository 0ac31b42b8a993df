"""Purchase orders printed by a browser from procurement portals and ERPs (``testkit/portal_prints.py``), printed by
Debian's Chromium and checked in (``tests/printed.py``): the classes the portal bench found (issue 18).

* a SAPscript-like French form whose net total is labelled "Valeur totale nette HT EUR" (its words in another order
  than "Valeur nette totale") reads that total;
* an Ariba-like German PO: the line subtotal column "Zwischensumme", the item's description wrapped onto a line
  "Bestellnummer" (no label: the next row's item code was taken as the PO number);
* a store column ("Magasin": "MAG-01 Villeurbanne") beside a description that ends "avec notre numéro de commande":
  the store code is no rival PO number;
* labels cut at their cell's edge ("Bestellnum", "Date de liv", "Purchase o") give their values to the one field they
  can be.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from extractors.capture.clipped_labels import clipped_labels
from extractors.capture.header_fields import field_index
from extractors.capture.layout_spec import GENERIC_SPEC
from extractors.capture.words import Phrase, Row, Word
from testkit import portal_prints as P
from testkit.erp_prints import DE, FR, IE, ErpOrder
from tests.test_erp_prints import config_path, extract  # noqa: F401 (the fixture)


def codes(order: dict) -> set[str]:
    return {i["code"] for i in order["issues"] if i["severity"] == "error"}


def _check(got: dict, o: ErpOrder) -> None:
    assert got["po_number"] == o.po
    assert got["order_date"] == o.order_date.isoformat()
    assert [(ln["sku"], Decimal(ln["quantity"])) for ln in got["lines"]] == [(s, Decimal(q)) for s, q in o.lines]
    assert Decimal(got["total"]) == P.order_total(o)


def test_sapscript_valeur_totale_nette_is_the_total(config_path, tmp_path):  # noqa: F811
    o = ErpOrder(FR, "BC-4391", date(2026, 12, 5), date(2026, 12, 9), [("TP-1001", 48), ("TP-1004", 12)], wrap=True)
    got = extract(config_path, "portal_sapscript", P.sapscript(o), o, tmp_path)
    _check(got, o)
    assert got["status"] == "ready", codes(got)


def test_ariba_subtotal_column_and_a_wrapped_order_number_word(config_path, tmp_path):  # noqa: F811
    o = ErpOrder(DE, "PO52332", date(2026, 12, 2), date(2026, 12, 21), [("TP-1003", 3), ("TP-1006", 30)], wrap=True)
    got = extract(config_path, "portal_ariba", P.ariba(o), o, tmp_path)
    _check(got, o)
    assert {ln.get("requested_date") for ln in got["lines"]} == {"2026-12-21"}
    assert got["status"] == "ready", codes(got)


def test_store_column_beside_a_sentence_naming_the_order_number(config_path, tmp_path):  # noqa: F811
    o = ErpOrder(FR, "PO25952", date(2026, 12, 4), date(2026, 12, 18), [("TP-1003", 5), ("TP-1005", 500)], wrap=True)
    got = extract(config_path, "portal_magasin", P.magasin(o), o, tmp_path)
    _check(got, o)
    assert got["status"] == "ready", codes(got)
    assert got["ship_to"]["postcode"] == "69003"


@pytest.mark.parametrize("customer,po", [(IE, "BC-9540"), (FR, "PO28930"), (DE, "4569024209")])
def test_labels_cut_at_their_cells_edge_give_their_values(config_path, tmp_path, customer, po):  # noqa: F811
    o = ErpOrder(customer, po, date(2026, 12, 14), date(2027, 1, 2), [("TP-1002", 12), ("TP-1004", 3)])
    got = extract(config_path, f"portal_clipped_{customer.customer_id}", P.clipped(o), o, tmp_path)
    assert got["po_number"] == po
    assert got["order_date"] == "2026-12-14"
    assert got["requested_delivery_date"] == "2027-01-02" or {
        ln.get("requested_date") for ln in got["lines"]} == {"2027-01-02"}


def _row(*phrases: str) -> Row:
    words, out, x = [], [], 10.0
    for text in phrases:
        ph = []
        for t in text.split():
            ph.append(Word(t, x, 100.0, x + 6 * len(t), 110.0, 1.0, 1))
            x += 6 * len(t) + 4
        x += 60
        words += ph
        out.append(Phrase(tuple(ph)))
    return Row(1, tuple(words), tuple(out))


def test_a_cut_label_names_fields_only_when_every_label_it_begins_is_a_header_fields():
    index = field_index(GENERIC_SPEC)
    fields = set(GENERIC_SPEC.fields)
    (kinds, value, _stump), = clipped_labels(_row("Purchase o BC-9540"), index, fields, False)
    assert kinds >= {"po_number"} and [w.text for w in value] == ["BC-9540"]
    (kinds, value, _stump), = clipped_labels(_row("Bestelldatu15.12.2026"), index, fields, False)
    assert kinds == {"order_date"} and [w.text for w in value] == ["15.12.2026"]
    (kinds, value, _stump), = clipped_labels(_row("BestellnumPO88968"), index, fields, False)
    assert kinds == {"po_number"} and [w.text for w in value] == ["PO88968"]
    assert clipped_labels(_row("Bestelldatum 15.12.2026"), index, fields, False) == []  # a whole label
    assert clipped_labels(_row("Lampe de 12"), index, fields, False) == []  # too short a stump, no label


def test_a_web_shops_status_word_before_the_count_is_no_unit(config_path, tmp_path):  # noqa: F811
    """Magento's 'Ordered 60' in the Qty cell: 60 of the product's own unit, not 60 'ORDERED' (UOM-UNKNOWN)."""
    from testkit.erp_prints import US
    o = ErpOrder(US, "PO19411", date(2026, 12, 3), date(2026, 12, 17), [("TP-1004", 60), ("TP-1002", 500)])
    got = extract(config_path, "portal_magento", P.magento(o), o, tmp_path)
    _check(got, o)
    assert [ln["uom"] for ln in got["lines"]] == ["MTR", "C62"]
    assert got["status"] == "ready", codes(got)


def test_a_currency_wrapped_under_its_amount_keeps_the_row_below_with_its_item(config_path, tmp_path):  # noqa: F811
    """Coupa-like: '6,50' over 'EUR' in the amount cell, the supplier's code 'Réf. fournisseur : TP-1003' on the row
    of 'EUR': that row is the item's (its code was lost, ITEM-UNKNOWN)."""
    o = ErpOrder(FR, "4536763653", date(2026, 12, 3), date(2026, 12, 20),
                 [("TP-1001", 250), ("TP-1003", 1), ("TP-1002", 6)], wrap=True)
    got = extract(config_path, "portal_coupa", P.coupa(o), o, tmp_path)
    _check(got, o)
    assert got["status"] == "ready", codes(got)


def test_a_number_sign_glued_to_a_hyphenated_number_in_the_title(config_path, tmp_path):  # noqa: F811
    """Odoo's 'Bon de commande n°BC-6366' over two pages: the number after the glued sign is the PO."""
    o = ErpOrder(FR, "BC-6366", date(2026, 12, 1), date(2027, 1, 7), [("TP-1001", 5), ("TP-1002", 10), ("TP-1003", 20),
                                                                      ("TP-1004", 30)], wrap=True)
    got = extract(config_path, "portal_odoo2p", P.odoo2p(o), o, tmp_path)
    _check(got, o)
    assert got["status"] == "ready", codes(got)


@pytest.mark.parametrize("customer,po", [(FR, "PO13144"), (DE, "PO13145"), (IE, "PO13146")])
def test_a_price_titled_per_unit_with_a_slash_or_a_word_is_the_unit_price(config_path, tmp_path, customer, po):  # noqa: F811
    o = ErpOrder(customer, po, date(2026, 12, 4), date(2026, 12, 21), [("TP-1006", 250), ("TP-1002", 6)])
    got = extract(config_path, f"portal_unitprice_{customer.customer_id}", P.unitprice(o, variant=0), o, tmp_path)
    _check(got, o)
    assert got["status"] == "ready", codes(got)
