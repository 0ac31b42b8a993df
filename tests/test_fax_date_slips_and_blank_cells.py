"""Dotted dates a fax's two OCR engines read each one character off (findings of an outside fax trial, F16:
"15:12.2026" by one engine, "15.12.2926" by the other, and the order held with no delivery date): a colon for one
of a dotted date's dots is that dot, and a reading one digit off into no date at all is the same date read.
And F15: a blank quantity cell of a catalogue form's last row beside the table's skewed right rule is blank."""

from __future__ import annotations

from datetime import date

import pytest

from extractors.capture.agreement import BOTH, TESS, _slip_of_an_impossible_date, confirm_by_words
from extractors.capture.words import PageWords, Word
from extractors.locale_values import locale_for, parse_date
from gateway.model import Box, ExtractedOrder

DE = locale_for("de_DE", "deu")


@pytest.mark.parametrize("text,want", [("15:12.2026", date(2026, 12, 15)), ("15.12:2026", date(2026, 12, 15)),
                                       ("Liefertermin: 11:12.2026", date(2026, 12, 11))])
def test_a_colon_for_a_dot_in_a_dotted_date_is_that_dot(text: str, want: date) -> None:
    found = parse_date(text, DE)
    assert found is not None and found[0] == want and found[1] < 1.0  # read, with less strength


@pytest.mark.parametrize("text", ["10:30 Uhr", "15:12:2026", "15.12.2926", "8:15"])
def test_times_and_impossible_dates_stay_unread(text: str) -> None:
    assert parse_date(text, DE) is None


@pytest.mark.parametrize("mine,theirs,same", [
    ("15:12.2026", "15.12.2926", True), ("15.12.2026", "15.19.2026", True), ("2026-12-15", "2926-12-15", True),
    ("15.12.2026", "16.12.2026", False),  # two possible dates: two readings
    ("15.12.2926", "15:12.2026", False),  # the kept value must be the possible one
    ("15.12.2026", "15.12.2936", False),  # two digits off
])
def test_a_slip_into_no_date_is_the_same_date(mine: str, theirs: str, same: bool) -> None:
    assert _slip_of_an_impossible_date(mine, theirs) is same


def test_the_engines_slips_settle_a_date_together() -> None:
    box = Box(page=1, x=100, y=100, w=80, h=12)
    order = ExtractedOrder(po_number="4711", requested_delivery_date=date(2026, 12, 15),
                           boxes={"requested_delivery_date": box}, confidence={"requested_delivery_date": 0.6})
    engines: dict[str, object] = {"requested_delivery_date": f"{TESS} only"}
    tess = [PageWords(1, 600, 800, (Word("15:12.2026", 102, 101, 178, 111, 0.8),))]
    rapid = [PageWords(1, 600, 800, (Word("15.12.2926", 102, 101, 178, 111, 0.9),))]
    assert confirm_by_words(order, engines, tess, rapid) == 1
    assert engines["requested_delivery_date"].startswith(BOTH)
    rapid = [PageWords(1, 600, 800, (Word("16.12.2026", 102, 101, 178, 111, 0.9),))]
    engines = {"requested_delivery_date": f"{TESS} only"}
    assert confirm_by_words(order, engines, tess, rapid) == 0


# F15: a hand-filled catalogue form's blank last row, the table's right rule ending within the cell's band with a
# skewed edge beside it (a pixel column inked from the band's top to the table's bottom only)
def _right_rule_page(written: bool):
    import numpy as np

    binary = np.full((400, 400), 255, np.uint8)
    binary[0:226, 180:183] = 0  # the table's right rule, ending at its bottom edge at y 226
    binary[0:206, 183] = 0  # its skewed edge: a pixel aside from y 206 on
    binary[197, 183] = 255  # a speck's gap in it
    binary[224:226, 0:183] = 0  # the table's bottom edge
    if written:
        binary[202:219, 140:143] = 0  # a "1" written in the cell
    return {1: (binary, 1.0)}


def test_a_blank_last_row_beside_the_tables_right_rule_is_blank_and_a_written_one_is_not() -> None:
    from extractors.capture.blank_cells import empty_cell

    box = Box(page=1, x=100, y=200, w=140, h=20)  # the cell's box reaching past the table's right edge
    assert empty_cell(box, _right_rule_page(written=False))
    assert not empty_cell(box, _right_rule_page(written=True))


# F12: a line's position number read as a row of its own (LAYOUT-ROW-UNREAD '2') is that line's position
def _lines_and_row(second_pos: bool, lone: str, lone_y: float):
    from extractors.capture.table_cells import LineCells
    from extractors.capture.words import group_rows

    lines = []
    for n, y in ((1, 100.0), (2, 130.0), (3, 160.0)):
        cells = {"code": [Word(f"KB-20{n}", 60, y, 120, y + 12)], "quantity": [Word("5", 300, y, 310, y + 12)]}
        if n != 2 or second_pos:
            cells["line_no"] = [Word(str(n), 20, y, 28, y + 12)]
        row = group_rows(PageWords(1, 600, 800, tuple(w for ws in cells.values() for w in ws)))[0]
        lines.append(LineCells(cells=cells, header_score={}, last_row=row))
    (row,) = group_rows(PageWords(1, 600, 800, (Word(lone, 20, lone_y, 28, lone_y + 12),)))
    return row, lines


@pytest.mark.parametrize("second_pos,lone,lone_y,own", [
    (False, "2", 137.0, True),  # line 2's position, a little below its baseline
    (True, "2", 137.0, False),  # line 2 has its position: the "2" is something else
    (False, "7", 137.0, False),  # not line 2's number
    (False, "2", 400.0, False),  # far from line 2
    (False, "25", 137.0, False),
])
def test_a_lines_position_read_as_its_own_row(second_pos: bool, lone: str, lone_y: float, own: bool) -> None:
    from extractors.capture.layout import _own_position_row

    row, lines = _lines_and_row(second_pos, lone, lone_y)
    assert _own_position_row(row, lines) is own
