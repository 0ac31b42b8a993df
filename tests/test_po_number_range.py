"""Issue 23: both OCR engines agreeing on a wrong digit of a PO number (4500188001 read 4590188001 from a monospace
print at standard resolution): the shape of the customer's past POs vouches for no digit, but the beginning all of
them share (its number range, "4500") does. A PO read from an image off that beginning waits ``PO-FORMAT-UNUSUAL``;
a PDF's text layer is read as it is (a new range is the customer's)."""

from __future__ import annotations

from gateway.model import ExtractedOrder
from gateway.reference.masterdata import MasterData
from gateway.stages.item_matching import po_shape, score_order
from gateway.stages.po_letters import series_prefix

PAST = ["4500201177", "4500190412", "4500188950", "4500177301", "4500169020"]


def _scored(po: str, past: list[str], exact_text: bool = False) -> ExtractedOrder:
    order = ExtractedOrder(po_number=po, confidence={"po_number": 0.9995})
    return score_order(order, MasterData(), None, past_po_numbers=past, exact_text=exact_text)


def test_a_po_off_the_customers_number_range_waits() -> None:
    order = _scored("4590188001", PAST)
    assert order.confidence["po_number"] < 0.6
    assert any(p.code == "PO-FORMAT-UNUSUAL" and "'4500'" in p.message for p in order.problems)


def test_a_po_in_the_range_is_not_doubted() -> None:
    order = _scored("4500188001", PAST)
    assert order.confidence["po_number"] >= 0.9
    assert not any(p.code == "PO-FORMAT-UNUSUAL" for p in order.problems)


def test_a_text_layers_po_is_not_doubted_and_few_past_pos_make_no_range() -> None:
    assert not any(p.code == "PO-FORMAT-UNUSUAL" for p in _scored("4590188001", PAST, exact_text=True).problems)
    assert series_prefix(PAST[:2], po_shape(PAST[0]), po_shape) == ""
    assert series_prefix(["BE2026-0412", "BE2026-0877", "BE2026-1090"], "AA9999-9999", po_shape) == "BE2026-"
    assert not any(p.code == "PO-FORMAT-UNUSUAL" for p in _scored("4590188001", PAST[:2]).problems)


def test_a_running_series_moves_on_and_a_letter_off_the_range_waits() -> None:
    assert not any(p.code == "PO-FORMAT-UNUSUAL"
                   for p in _scored("BE2026-0012", ["BE2026-0009", "BE2026-0005", "BE2026-0001"]).problems)
    assert not any(p.code == "PO-FORMAT-UNUSUAL" for p in _scored("4500203001", PAST).problems)
    assert any(p.code == "PO-FORMAT-UNUSUAL"
               for p in _scored("BF2026-0012", ["BE2026-0009", "BE2026-0005", "BE2026-0001"]).problems)


def test_a_series_moving_to_its_next_range_goes_on_and_a_next_digit_misread_waits() -> None:
    year = ["BE2025-0733", "BE2025-0519", "BE2025-0402", "BE2025-0288"]
    assert not any(p.code == "PO-FORMAT-UNUSUAL" for p in _scored("BE2026-0002", year).problems)
    assert not any(p.code == "PO-FORMAT-UNUSUAL"
                   for p in _scored("7100000004", ["7099999990", "7099998812", "7099997001"]).problems)
    assert any(p.code == "PO-FORMAT-UNUSUAL" for p in _scored("BE2027-0002", year).problems)  # two years on
    assert any(p.code == "PO-FORMAT-UNUSUAL" for p in _scored("4510190412", PAST).problems)  # counter not anew


def test_one_standing_po_repeated_makes_no_range() -> None:
    assert series_prefix(["5500300100"] * 4, po_shape("5500300100"), po_shape) == ""
    assert not any(p.code == "PO-FORMAT-UNUSUAL" for p in _scored("5500312000", ["5500300100"] * 4).problems)


def _disputed(po: str, other: str, key: str, past: list[str]) -> ExtractedOrder:
    order = ExtractedOrder(po_number=po, confidence={"po_number": 0.9995}, other_readings={key: other})
    return score_order(order, MasterData(), None, past_po_numbers=past)


def test_a_po_the_engines_read_differently_is_not_vouched_for_by_the_series_running_on() -> None:
    """A digit misread (0002 read 0012) lands near the customer's past POs as a series running on does: when the
    engines read the number differently, settled by a third reading or not, nearness vouches for no digit."""
    series = ["BE2026-0009", "BE2026-0005", "BE2026-0001"]
    settled = _disputed("BE2026-0012", "BE2026-0002", "po_number~first", series)
    assert any(p.code == "PO-FORMAT-UNUSUAL" for p in settled.problems)
    assert settled.confidence["po_number"] < 0.6
    assert any(p.code == "PO-FORMAT-UNUSUAL" for p in _disputed("BE2026-0017", "BE2026-0007", "po_number",
                                                                  series).problems)
    year = ["BE2025-0733", "BE2025-0519", "BE2025-0402", "BE2025-0288"]  # the next range, its counter anew
    assert any(p.code == "PO-FORMAT-UNUSUAL" for p in _disputed("BE2026-0002", "BE2025-0002", "po_number", year).problems)


def test_a_po_read_alike_but_for_separators_still_runs_on_with_its_series() -> None:
    series = ["BE2026-0009", "BE2026-0005", "BE2026-0001"]
    assert not any(p.code == "PO-FORMAT-UNUSUAL"
                   for p in _disputed("BE2026-0012", "BE2026.0012", "po_number~first", series).problems)
    assert not any(p.code == "PO-FORMAT-UNUSUAL"
                   for p in _disputed("4500203001", "4500203001", "po_number", PAST).problems)


def test_a_po_the_engines_read_differently_is_doubted_inside_the_series_beginning_too() -> None:
    """Review rfax 3: a PO sharing the series' common beginning passed although the engines read one of its later
    digits differently (BE2026-0007 vs tesseract's BE2026-0001): a digit of the tail is as easily misread."""
    series = ["BE2026-0009", "BE2026-0005", "BE2026-0001"]
    for po, other, key, past in (("BE2026-0007", "BE2026-0001", "po_number~first", series),
                                 ("BE2026-0008", "BE2026-0003", "po_number", series),
                                 ("4500203081", "4500203061", "po_number~first", PAST),
                                 ("4500203081", "4500203061", "po_number", PAST)):
        order = _disputed(po, other, key, past)
        assert any(p.code == "PO-FORMAT-UNUSUAL" for p in order.problems), (po, other, key)
        assert order.confidence["po_number"] < 0.6
    # read alike (or only by separators) inside the beginning: nothing to doubt
    assert not any(p.code == "PO-FORMAT-UNUSUAL"
                   for p in _disputed("BE2026-0007", "BE2026.0007", "po_number~first", series).problems)
