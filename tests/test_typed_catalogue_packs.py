"""A pack typed beside a line that is the product's own pack by its catalogue description ("carton de 5 ramettes"
for "Copy paper A4 80g (box of 5 reams)") counts packs and does not hold; another pack size, a quantity in another
unit or a word naming the pack's content outside the pack phrase still holds ``PACK-SIZE-TYPED``."""

from __future__ import annotations

import pytest

from extractors.base import ExtractHints
from extractors.mail.body_text import EXTRACTOR
from gateway.reference.masterdata import load_master_data
from gateway.stages.typed_packs import check_typed_packs
from testkit.harness import REPO

MD = load_master_data(REPO / "mappings" / "masterdata")  # SKU-1001: "Copy paper A4 80g (box of 5 reams)", BX


def held(line: str, customer: str = "C1002") -> bool:
    [order] = EXTRACTOR.extract(f"Commande 1\n\n{line}\n".encode(), ExtractHints(content_type="text/plain")).orders
    return any(p.code == "PACK-SIZE-TYPED" for p in check_typed_packs(order, MD, customer))


@pytest.mark.parametrize("line, customer", [
    ("4 x DF-PAP-A4 (carton de 5 ramettes)", "C1002"),
    ("4 x DF-PAP-A4 (5 ramettes par carton)", "C1002"),
    ("3 x ABC1234 Kopierpapier, Karton mit 5 Ries", "C1001"),
])
def test_the_products_own_pack_does_not_hold(line, customer):
    assert not held(line, customer)


@pytest.mark.parametrize("line", [
    "4 x DF-PAP-A4 (carton de 10 ramettes)",  # another pack
    "4 cartons DF-PAP-A4 papier, carton de 5 ramettes",  # counted in cartons, sold in boxes
    "4 x DF-PAP-A4 ramettes (boîte de 5)",  # four reams or four boxes?
    # a word outside the pack phrase that the quantity may count (review revT D3)
    "12 x DF-PAP-A4 rames papier (carton de 5 ramettes)",
    "12 x DF-PAP-A4 paquet de papier (carton de 5 ramettes)",
    "12 x DF-PAP-A4 Pkt. Papier (Karton mit 5 Ries)",
    "12 x DF-PAP-A4 packs of paper (box of 5 reams)",
    "12 x DF-PAP-A4 Paket (Karton mit 5 Ries)",
    "12 x DF-PAP-A4 Papier 2500 Blatt (Karton mit 5 Ries)",
    # the word after the count is not the catalogue's content
    "12 x DF-PAP-A4 copy paper (box of 5 cases)", "12 x DF-PAP-A4 papier (carton de 5 lots)",
    "12 x DF-PAP-A4 (carton de 5 feuilles)",
])
def test_another_pack_or_unit_still_holds(line):
    assert held(line)
