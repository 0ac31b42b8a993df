"""Two ids in one item cell: the customer's code and, on a second line after a label naming the
supplier ("Vendor # PR-1007", "Réf. fournisseur : PR-1004", "Lief.-Art.-Nr. PR-1004"), the supplier's.

They are read as two ids (``customer_item`` and ``supplier_item``), never glued into one code; the
gateway takes the one it knows, and when the two name different products the order waits for a
person (ITEM-CONFLICT). Read through the real gateway with the real-producer documents and master data.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from extractors.capture.item_codes import party_code

FIXTURES = Path(__file__).parent / "fixtures" / "real_producers"


@pytest.mark.parametrize(("texts", "expected"), [
    (["PAC12259", "Vendor", "#", "PR-", "1007"], (1, "supplier_item", 3, 0)),
    (["TG-1", "Réf.", "fournisseur", ":", "PR-1004"], (1, "supplier_item", 4, 0)),
    (["HM123", "Lief.-Art.-Nr.", "PR-1004"], (1, "supplier_item", 2, 0)),
    (["X-1", "Vendor#PR-1"], (1, "supplier_item", 1, 7)),
    (["PR-1004", "Our", "ref.", "A-12"], (1, "customer_item", 3, 0)),
    (["BV-", "12257"], None),  # a code wrapped after its hyphen: one id
    (["Vendor", "Supplies", "Inc"], None),  # no code after the word
])
def test_a_labelled_second_code_is_found_in_the_cell(texts: list[str], expected: tuple | None) -> None:
    assert party_code(texts) == expected


def _extract(master: Path, tmp: Path, doc: Path) -> dict:
    from gateway.config import load_config
    from gateway.oneshot import extract_file
    from testkit.harness import write_config

    truth = json.loads(doc.with_suffix(".json").read_text(encoding="utf-8"))
    config = load_config(write_config(tmp, master_data=master))
    (entry,) = extract_file(config, doc, channel="email", sender=truth["sender"])["orders"]
    return entry["order"]


def test_the_customers_and_the_suppliers_code_are_two_ids(tmp_path: Path) -> None:
    doc = FIXTURES / "docs" / "vendorref_en_1.pdf"
    order = _extract(FIXTURES / "masterdata", tmp_path, doc)
    truth = json.loads(doc.with_suffix(".json").read_text(encoding="utf-8"))
    assert [(ln["customer_item"], ln["supplier_item"], ln["sku"]) for ln in order["lines"]] == \
        [(t["customer_item"], t["sku"], t["sku"]) for t in truth["lines"]]
    assert not [i for i in order["issues"] if i["code"] == "ITEM-CONFLICT"]


def test_codes_naming_different_products_hold_the_order(tmp_path: Path) -> None:
    """The customer's cross-reference maps its first code to another product than the vendor code."""
    doc = FIXTURES / "docs" / "vendorref_en_1.pdf"
    first = json.loads(doc.with_suffix(".json").read_text(encoding="utf-8"))["lines"][0]
    other = "PR-1002" if first["sku"] != "PR-1002" else "PR-1003"
    master = tmp_path / "masterdata"
    shutil.copytree(FIXTURES / "masterdata", master)
    xref = master / "item_xref.csv"
    rows = xref.read_text(encoding="utf-8").splitlines()
    xref.write_text("\n".join(f"C5210,{first['customer_item']},{other}" if r.startswith(f"C5210,{first['customer_item']},")
                              else r for r in rows) + "\n", encoding="utf-8")
    order = _extract(master, tmp_path / "gw", doc)
    assert order["status"] == "review"
    conflict = [i for i in order["issues"] if i["code"] == "ITEM-CONFLICT"]
    assert conflict and conflict[0]["field"].startswith("lines[1]")
