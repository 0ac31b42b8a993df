"""A French Calc sheet printed with group subtotals ("Sous-total fournitures" under its group's lines, "Sous-total
papeterie" under the last group, then "Total HT"): the last group's own subtotal, under the table, is the sum of
the last lines, not the order's, and holds no TOTAL-MISMATCH (issue 18, class 3). Counter-examples that still
hold: a group subtotal typed wrong, a bare "Sous-total" equal to the last lines only, a group subtotal right
above a total typed wrong, a group subtotal naming all lines' sum wrong."""

from __future__ import annotations

from decimal import Decimal

import pytest

from extractors.capture.block_sums import block_rows, check_block

AMOUNTS = [Decimal(a) for a in ("462.50", "24.80", "2.85", "620.00", "2189.00", "31.20")]
SUM = sum(AMOUNTS, Decimal(0))  # 3330.35; the last three lines 2840.20


def _codes(rows: list[tuple[str, str]]) -> list[str]:
    found = check_block(block_rows([(label, Decimal(a)) for label, a in rows]), SUM, len(AMOUNTS), amounts=AMOUNTS)
    return [p.code for p in found.problems]


@pytest.mark.parametrize("label", ["Sous-total papeterie", "Subtotal stationery", "Zwischensumme Büromaterial"])
def test_the_last_groups_own_subtotal_over_the_total_is_no_mismatch(label: str) -> None:
    assert _codes([(label, "2840.20"), ("Total HT", "3330.35")]) == []


@pytest.mark.parametrize("rows", [
    [("Sous-total papeterie", "2840.30"), ("Total HT", "3330.35")],  # the group's sum typed wrong
    [("Sous-total", "2840.20"), ("Total HT", "3330.35")],  # a bare subtotal is the order's
    [("Sous-total HT", "2840.20"), ("Total TTC", "3996.42")],  # "HT" names no group
    [("Sous-total papeterie", "2840.20"), ("Total HT", "3340.35")],  # the total under it typed wrong
])
def test_a_subtotal_that_is_no_groups_sum_still_holds(rows: list) -> None:
    assert "TOTAL-MISMATCH" in _codes(rows)
