"""Review rev1 T12: a cXML order's ShipFrom address names a place (our dispatch warehouse, a 3PL) and a
``supplierAccount`` contact a person: neither is the supplier's name, so neither holds SUPPLIER-NOT-US."""

from __future__ import annotations

import pytest

from tests.test_trust import in_process_extract
from tests.test_trust_supplier_party import cxml, only_order, ours  # noqa: F401  (the fixture)


@pytest.mark.parametrize("header", [
    '<ShipFrom><Address><Name xml:lang="en">Northgate Fulfilment Centre Bay 2</Name></Address></ShipFrom>',
    '<Contact role="supplierMasterAccount"><Name xml:lang="de">Petra Lang</Name></Contact>',
    '<Contact role="supplierAccount"><Name xml:lang="fr">Luc Moreau</Name><Email>luc@x.example</Email></Contact>',
])
def test_a_ship_from_place_or_an_account_person_is_no_foreign_supplier(ours, tmp_path, header):  # noqa: F811
    order = only_order(in_process_extract(ours, cxml(header=header), "o.cxml", tmp_path, channel="http"))
    assert "SUPPLIER-NOT-US" not in {i["code"] for i in order["issues"]}


def test_a_supplier_company_contact_of_another_company_still_holds(ours, tmp_path):  # noqa: F811
    header = '<Contact role="supplierCorporate"><Name xml:lang="en">Brightline Office Goods Ltd</Name></Contact>'
    order = only_order(in_process_extract(ours, cxml(header=header), "o.cxml", tmp_path, channel="http"))
    assert "SUPPLIER-NOT-US" in {i["code"] for i in order["issues"]}
