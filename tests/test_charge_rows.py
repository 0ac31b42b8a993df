"""A printed order's row is an order charge or discount only when its label is one and nothing more: an
item whose name starts with a charge word stays a line (review R26: "Port replicator", "Versand-Karton")."""

from __future__ import annotations

from decimal import Decimal

import pytest

from extractors.capture.charges import split_charges
from gateway.model import ExtractedLine


def row(description: str, amount: str = "89.80") -> ExtractedLine:
    return ExtractedLine(line_no=2, description=description, quantity=Decimal(1), amount=Decimal(amount))


@pytest.mark.parametrize("label", ["Port replicator USB-C", "Versand-Karton 60x40x40", "Porto-Waage digital",
                                   "Fracht-Sicherungsnetz 3 m", "Shipping box large"])
def test_an_item_named_with_a_charge_word_stays_a_line(label: str) -> None:
    lines, adjustments = split_charges([row(label)])
    assert [ln.description for ln in lines] == [label] and adjustments == []


@pytest.mark.parametrize("label", ["Frais de port HT", "Versandkosten DHL", "Shipping and handling", "Port",
                                   "Fracht netto"])
def test_a_charge_row_is_an_order_charge(label: str) -> None:
    lines, adjustments = split_charges([row(label, "12.50")])
    assert lines == [] and [(a.kind, a.amount) for a in adjustments] == [("charge", Decimal("12.50"))]
