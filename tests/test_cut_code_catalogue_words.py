"""A code run into its description and cut before a capital stands only with evidence: master data knows the cut
code, not the longer reading, and the words after the cut are the product's catalogue description ("SKU-1004STAPLER
HEAVY DUTY" for SKU-1004 "Stapler heavy duty"); otherwise the line holds ``ITEM-READINGS-CONFLICT`` (review revT D6)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gateway.model import ExtractedLine
from gateway.reference.masterdata import load_master_data
from gateway.stages.item_matching import _cut_code_sure
from testkit.harness import REPO

MD = load_master_data(REPO / "mappings" / "masterdata")  # SKU-1004 "Stapler heavy duty", SKU-1001 "Copy paper A4 ..."


def conflicts(code: str, longer: str, description: str) -> bool:
    line = ExtractedLine(line_no=1, supplier_item=code, quantity=Decimal(2), description=description,
                         other_readings={"supplier_item": longer}, confidence={"sku": 1.0})
    problems: list = []
    _cut_code_sure(line, MD, "C1004", problems)
    return any(p.code == "ITEM-READINGS-CONFLICT" for p in problems)


@pytest.mark.parametrize("code, longer, description", [
    ("SKU-1004", "SKU-1004S", "STAPLER HEAVY DUTY"), ("SKU-1001", "SKU-1001C", "COPY PAPER A4 80G (BOX OF 5 REAMS)"),
])
def test_the_catalogue_description_after_the_cut_lets_the_code_stand(code, longer, description):
    assert not conflicts(code, longer, description)


@pytest.mark.parametrize("code, longer, description", [
    ("SKU-1004", "SKU-1004B", "BStapler heavy duty"),  # the letter may be the code's: a variant
    ("SKU-1004", "SKU-1004S", "STAPLER"),  # one word: too little
    ("SKU-1004", "SKU-1004H", "HEAVY DUTY STAPLER"),  # not the catalogue's words in its order
    ("SKU-1001", "SKU-1001C", "COPY PAPER A5 120G"),  # another size and weight: another product (review revX D3)
    ("SKU-1001", "SKU-1001C", "COPY PAPER A4 80G"),  # part of the catalogue's words only
])
def test_anything_else_still_holds(code, longer, description):
    assert conflicts(code, longer, description)
