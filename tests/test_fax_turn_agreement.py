"""Issue 23, class 2: a sideways standard-resolution fax that tesseract reads unsurely every way is turned the way
both engines read alike, and only when they agree clearly; else it stays as it came (and waits as FAX-NO-ORDER)."""

from __future__ import annotations

from extractors.capture.orientation import AGREED_MIN, agreeing_turn


def test_the_turn_both_engines_read_alike_is_taken() -> None:
    assert agreeing_turn({0: 1, 90: 13, 270: 0}) == 90
    assert agreeing_turn({0: 0, 90: 2, 270: 11}) == 270


def test_no_clear_agreement_leaves_the_page_as_it_came() -> None:
    assert agreeing_turn({0: 2, 90: AGREED_MIN - 1, 270: 0}) == 0  # too few words read alike
    assert agreeing_turn({0: 5, 90: 12, 270: 9}) == 0  # not clearly more than another way
    assert agreeing_turn({0: 20, 90: 3, 270: 2}) == 0  # read alike as it came: upright after all
    assert agreeing_turn({}) == 0
