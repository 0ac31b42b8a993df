"""Issue 23, fourth round: an urgency stamp on a fax ("EILT", "URGENT", "DRINGEND") makes the order urgent
and holds nothing, where before it held ``MARKING-UNREAD`` and left the priority normal; a stamp that says
more than its urgency is still looked at by a person."""

from __future__ import annotations

import pytest

from extractors.capture.stray_marks import Marking, marking_notes, marking_problems, urgency_stamp
from gateway.config_decide import PrioritySection
from gateway.model import ExtractedOrder
from gateway.stages.decide import urgent_word


def _mark(text: str, letterhead: bool = False) -> Marking:
    return Marking((400, 900, 500, 200), -12.0, text, 1, letterhead)


@pytest.mark.parametrize("text, words", [
    ("EILT", "EILT"), ("Eilt!", "EILT"), ("DRINGEND", "DRINGEND"), ("DRlNGEND", "DRINGEND"),  # OCR's l for I
    ("TRÈS URGENT", "TRES URGENT"), ("URGCNT", "URGENT"), ("RUSH", "RUSH"), ("NICHT DRINGEND", "NICHT DRINGEND"),
    ("URGENT bitte nur 5 Stück", None), ("STORNIERT", None), ("EIL", None), ("Urgences SA", None), ("", None)])
def test_an_urgency_stamp_is_its_words_and_nothing_else_is(text: str, words: str | None) -> None:
    assert urgency_stamp(text) == words


@pytest.mark.parametrize("text", ["EILT", "URGENT", "Dringend", "TRES URGENT"])
def test_an_urgency_stamp_holds_nothing_and_makes_the_order_urgent(text: str) -> None:
    order = ExtractedOrder(po_number="B-1")
    marks = [_mark(text)]
    assert marking_problems(marks, order) == []
    notes = marking_notes(marks)
    assert urgent_word(PrioritySection(), notes)


def test_a_negated_urgency_stamp_is_no_urgency() -> None:
    notes = marking_notes([_mark("NICHT DRINGEND")])
    assert notes and urgent_word(PrioritySection(), notes) is None
    assert marking_problems([_mark("NICHT DRINGEND")], ExtractedOrder(po_number="B-1")) == []


@pytest.mark.parametrize("text, code", [("URGENT bitte nur 5 Stück", "MARKING-UNREAD"), ("STORNIERT", "CANCEL-TYPED"),
                                        ("xq vvz", "MARKING-UNREAD")])
def test_a_stamp_saying_more_than_its_urgency_still_holds(text: str, code: str) -> None:
    problems = marking_problems([_mark(text)], ExtractedOrder(po_number="B-1"))
    assert [p.code for p in problems] == [code]
    if text.startswith("URGENT"):
        assert marking_notes([_mark(text)]) == []
