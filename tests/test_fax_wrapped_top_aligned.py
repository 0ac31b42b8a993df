"""A code wrapped at its hyphen in a narrow cell of a row whose cells start at their top (a Chromium print's
"SKU-" / "1001" beside "Copy paper A4" / "80g, 5 reams" and the row's numbers on the first line) is one code on
the row of its numbers; in a row whose numbers stand between the code's lines the code spans both
(``extractors.capture.wrapped_codes``)."""

from __future__ import annotations

from extractors.capture.words import PageWords, Word, group_rows
from extractors.capture.wrapped_codes import join_wrapped_codes


def _w(text: str, x: float, y: float, h: float = 24) -> Word:
    return Word(text, x, y, x + 13 * len(text), y + h)


def _rows(words: list[Word]) -> list[list[str]]:
    joined = join_wrapped_codes(words)
    return [[w.text for w in row.words] for row in group_rows(PageWords(1, 1728, 2339, tuple(joined)))]


def test_a_wrapped_code_stands_on_the_line_of_its_rows_numbers() -> None:
    words = [_w("SKU-", 97, 507), _w("Copy", 200, 506), _w("paper", 270, 508), _w("4", 560, 506),
             _w("box", 600, 507), _w("$24.50", 760, 506), _w("98.00", 900, 506),
             _w("1001", 98, 543), _w("80g,", 199, 544), _w("5", 260, 543), _w("reams", 280, 545)]
    rows = _rows(words)
    assert ["SKU-1001", "Copy", "paper", "4", "box", "$24.50", "98.00"] in rows
    assert ["80g,", "5", "reams"] in rows


def test_a_wrapped_code_with_its_numbers_between_its_lines_spans_both() -> None:
    words = [_w("SKU-", 97, 500), _w("Copy", 200, 500), _w("4", 560, 520), _w("98.00", 900, 520),
             _w("1001", 98, 540), _w("80g,", 199, 540)]
    [joined] = [w for w in join_wrapped_codes(words) if w.text == "SKU-1001"]
    assert joined.y0 == 500 and joined.y1 == 564
