"""A money value broken by its ruled cell's width just after its mark (issue 18, forms): a Word "Table Grid" form
with equal column widths exported by LibreOffice prints "11.850," / "00" in the amount cell; the two lines are one
number ("11.850,00"), as "3.300,0" / "0" already was. Counter-examples: two words on the broken line ("Größe 10," /
"20 cm"), a line that does not fill its cell, and a line ending in a letter keep their space."""

from __future__ import annotations

import pytest

from extractors.capture.ruled_cells import _cell_word
from extractors.capture.words import Word

RIGHT = 60.0  # the cell's right edge


def _lines(*lines: tuple[str, ...], fill: bool = True) -> list[list[Word]]:
    out = []
    for n, texts in enumerate(lines):
        x, words = 10.0, []
        for t in texts:
            x1 = RIGHT + 1 if fill and len(texts) == 1 and n < len(lines) - 1 else x + 5 * len(t)
            words.append(Word(t, x, 10.0 + 12 * n, x1, 20.0 + 12 * n))
            x = x1 + 3
        out.append(words)
    return out


@pytest.mark.parametrize("lines, text", [
    ((("11.850,",), ("00",)), "11.850,00"),
    ((("12.250,",), ("00",)), "12.250,00"),
    ((("1,250.",), ("75",)), "1,250.75"),
    ((("3.300,0",), ("0",)), "3.300,00"),
])
def test_a_number_broken_after_its_mark_is_one_number(lines, text):
    assert _cell_word(_lines(*lines), RIGHT).text == text


@pytest.mark.parametrize("lines, fill, text", [
    ((("Größe", "10,"), ("20", "cm")), True, "Größe 10, 20 cm"),   # two words on the broken line
    ((("11.850,",), ("00",)), False, "11.850, 00"),               # the line does not fill its cell
    ((("Karton,",), ("5", "Pakete")), True, "Karton, 5 Pakete"),   # no number before the mark
])
def test_other_lines_keep_their_space(lines, fill, text):
    assert _cell_word(_lines(*lines, fill=fill), RIGHT).text == text
