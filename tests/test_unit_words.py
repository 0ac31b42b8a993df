"""Unit words typed in orders: the text reader (``extractors.units``) and the code list
(``mappings/units.toml``) the gateway maps them with agree, plurals included."""

from __future__ import annotations

import pytest

from extractors.units import UNIT_CODES
from gateway.reference.units import UnitCodes
from testkit.harness import REPO


@pytest.mark.parametrize("word, code", [
    ("Pakete", "PK"), ("Schachteln", "BX"), ("Dutzend", "DZN"), ("Rollen", "RO"), ("rolls", "RO"),
    ("dozens", "DZN"), ("douzaines", "DZN"), ("packets", "PK"),
])
def test_german_and_english_plurals_are_known_to_both_lists(word, code):
    codes = UnitCodes.load(REPO / "mappings" / "units.toml")
    assert codes.normalize(word, "text") == code
    assert UNIT_CODES.get(word.lower(), code) == code


def test_a_typed_order_with_plural_unit_words_reads_every_line():
    from tests.test_body_text import only_order
    order = only_order("Guten Tag,\n\nBestellung 88123, Lieferung bis 13.11.2026:\n\n"
                       "- 2 Pakete SKU-2002 Kabelbinder\n- 4 Schachteln SKU-1001 Papier\n"
                       "- 3 Dutzend SKU-2005 Stifte\n- 5 Rollen SKU-2001 Klebeband\n\nDanke\n")
    assert [(ln.customer_item, str(ln.quantity)) for ln in order.lines] == [
        ("SKU-2002", "2"), ("SKU-1001", "4"), ("SKU-2005", "3"), ("SKU-2001", "5")]
    assert order.problems == []
