"""Issue 23 wrong-outs: a faint last row of a letter, its quantity faded into specks, is no blank row of a form
(it waits, never vanishes); short marks written by hand in large upright letters outside the item table hold,
and a clean page's print, letterhead and signature do not."""

from __future__ import annotations

import cv2
import numpy as np

from extractors.capture.blank_cells import BLANK_ROWS, defer_blank_rows, settle_blank_rows
from extractors.capture.hand_marks import hand_marks
from extractors.capture.stray_marks import marking_problems
from extractors.capture.words import Row, Word
from gateway.model import Box, ExtractedLine, ExtractedOrder


def _row(conf: float) -> Row:
    words = (Word("SKU-1007", 100, 500, 220, 520, conf), Word("Stapler", 240, 500, 340, 520, conf),
             Word("12.40", 700, 500, 780, 520, conf))
    return Row(1, words)


def _settled(conf: float) -> ExtractedOrder:
    order = ExtractedOrder(po_number="PO-1", lines=[ExtractedLine(quantity=1)])
    row = _row(conf)
    defer_blank_rows(order, [row], {id(row): (400.0, 480.0)})
    white = np.full((1000, 1000), 255, np.uint8)  # no ink in the quantity cell: a faded "8" reads as nothing
    settle_blank_rows(order, {1: (white, 1.0)})
    return order


def test_a_plainly_printed_blank_row_of_a_form_is_no_line_and_a_faint_one_waits() -> None:
    plain = _settled(0.93)
    assert not any(p.code == "LAYOUT-ROW-UNREAD" for p in plain.problems)
    faint = _settled(0.55)
    assert any(p.code == "LAYOUT-ROW-UNREAD" and p.element == BLANK_ROWS for p in faint.problems)
    assert faint.confidence["rows"] < 0.5
    assert not any(k.startswith("rows.") for k in faint.boxes)


def _page(mark: str | None, at: tuple[int, int] = (1150, 1500), scale: float = 2.2) -> tuple[np.ndarray, list[Word]]:
    """A printed page: rows of words (their ink and their reading), and perhaps a mark written large by hand."""
    img = np.full((2200, 1700), 255, np.uint8)
    words = []
    for r in range(30):
        y = 450 + r * 45
        for c, text in enumerate(("SKU-1001", "Copy", "paper", "10", "EA", "4.20", "42.00")):
            x = 120 + c * 190
            cv2.putText(img, text, (x, y + 22), cv2.FONT_HERSHEY_SIMPLEX, 0.8, 0, 2)
            words.append(Word(text, x, y, x + 20 * len(text), y + 24, 0.95))
    if mark:
        cv2.putText(img, mark, at, cv2.FONT_HERSHEY_SIMPLEX, scale, 0, 5)
    return img, words


def test_a_large_upright_mark_beside_the_table_holds_and_the_print_does_not() -> None:
    img, words = _page(None)
    assert hand_marks(img, words, 1) == []
    img, words = _page("x2", at=(1450, 900))
    marks = hand_marks(img, words, 1)
    assert marks and marks[0].kind == "ink"
    order = ExtractedOrder(lines=[ExtractedLine(quantity=10, boxes={"quantity": Box(page=1, x=120, y=450, w=1200,
                                                                                       h=24)})])
    problems = marking_problems([m.__class__(**{**m.__dict__, "frame_box": (m.box[0], m.box[1], m.box[0] + m.box[2],
                                                                            m.box[1] + m.box[3])}) for m in marks],
                                order)
    assert any(p.code == "MARKING-UNREAD" for p in problems)


def test_a_mark_inside_the_item_table_is_the_tables_own() -> None:
    img, words = _page("60", at=(700, 700))
    marks = hand_marks(img, words, 1)
    order = ExtractedOrder(lines=[ExtractedLine(quantity=10, boxes={"quantity": Box(page=1, x=120, y=450, w=1300,
                                                                                       h=1350)})])
    framed = [m.__class__(**{**m.__dict__, "frame_box": (m.box[0], m.box[1], m.box[0] + m.box[2], m.box[1] + m.box[3])})
              for m in marks]
    assert not marking_problems(framed, order)


def test_a_signature_line_and_the_letterhead_are_no_marks() -> None:
    img, words = _page(None)
    pts = np.array([(300 + k * 4, 1980 + int(30 * np.sin(k / 6))) for k in range(120)], np.int32)
    cv2.polylines(img, [pts], False, 0, 4)
    cv2.putText(img, "ACME", (1200, 200), cv2.FONT_HERSHEY_SIMPLEX, 3.0, 0, 6)  # a logo in the letterhead
    assert hand_marks(img, words, 1) == []


def test_a_large_word_read_surely_is_the_title_only_when_it_is_a_titles_word() -> None:
    for said, held in (("ERLEDIGT", True), ("BESTELLUNG", False)):
        img, words = _page(None)
        cv2.putText(img, said, (300, 1870), cv2.FONT_HERSHEY_SIMPLEX, 2.2, 0, 5)
        w, h = cv2.getTextSize(said, cv2.FONT_HERSHEY_SIMPLEX, 2.2, 5)[0]
        words.append(Word(said, 300, 1870 - h, 300 + w, 1870, 0.96))
        assert bool(hand_marks(img, words, 1)) is held, said


def test_a_page_read_poorly_gives_no_print_size_to_measure_marks_by() -> None:
    img, words = _page("x2", at=(1450, 900))
    unsure = [Word(w.text, w.x0, w.y0, w.x1, w.y1, 0.5) for w in words]
    assert hand_marks(img, unsure, 1) == []


def _with_large(texts: list[tuple[str, int, int]], scale: float = 2.2) -> list:
    img, words = _page(None)
    for said, x, y in texts:
        cv2.putText(img, said, (x, y), cv2.FONT_HERSHEY_SIMPLEX, scale, 0, 5)
        w, h = cv2.getTextSize(said, cv2.FONT_HERSHEY_SIMPLEX, scale, 5)[0]
        words.append(Word(said, x, y - h, x + w, y, 0.96))
    return hand_marks(img, words, 1)


def test_large_print_read_surely_as_a_line_of_words_a_fax_heading_or_a_title_compound_is_no_hand_mark() -> None:
    """Review rfax 4: a company name set large under the letterhead, "TELEFAX", a title "NACHBESTELLUNG" and a
    printed stamp's line held MARKING-UNREAD on clean faxes: a line of large words of one height on one baseline is
    print, as are a fax cover's heading and a compound of an order's title word."""
    assert _with_large([("MUELLER", 300, 1870), ("BUEROBEDARF", 640, 1870)]) == []
    assert _with_large([("TELEFAX", 300, 1870)]) == [] and _with_large([("FAX", 1450, 900)]) == []
    assert _with_large([("NACHBESTELLUNG", 300, 1870)]) == []
    assert _with_large([("EINKAUF", 300, 1870), ("geprueft", 600, 1870)]) == []


def test_a_hand_words_alone_or_its_marks_still_hold() -> None:
    """Counter-examples: a word alone written large ("ERLEDIGT", "STOP"), a number with a sign, and a word whose
    neighbour is not on its baseline or of its height keep holding."""
    assert _with_large([("ERLEDIGT", 300, 1870)])
    assert _with_large([("STOP", 1450, 900)])
    assert _with_large([("60 !", 1400, 1000)])
    assert _with_large([("STOP", 300, 1870), ("BITTE", 560, 1930)])
    assert _with_large([("BESTELLT", 300, 1870)])
