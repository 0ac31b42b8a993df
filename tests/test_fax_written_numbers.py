"""Issue 23, class 3: a fax or phone number written with its area code apart ("089 / 1234 5678",
"(089) 1234-5678") is read whole from the form, not cut to "089", and names the customer whose
number is on file."""

from __future__ import annotations

import pytest

from extractors.capture.classify import FAX, find_sender_hints
from extractors.capture.words import Row, Word
from gateway.reference.phone import incoming_forms, stored_forms


def _row(text: str, y: float) -> Row:
    words, x = [], 40.0
    for token in text.split():
        words.append(Word(token, x, y, x + 12 * len(token), y + 20, 95.0, 1))
        x += 12 * len(token) + 12
    return Row(1, tuple(words))


@pytest.mark.parametrize("written", ["(089) 1234-5678", "089 / 1234 5678", "089 | 1234 5678", "089/1234 5678"])
def test_number_with_area_code_apart_is_read_whole(written: str) -> None:
    rows = [_row("Müller Bürobedarf GmbH", 40), _row("Hauptstraße 5", 70),
            _row(f"Phone: {written} Fax: {written}", 100)]
    hints = find_sender_hints(rows, 2000)
    assert hints["fax"] == written
    national = stored_forms("+49 89 1234 5678", "DE").national
    assert national in incoming_forms(hints["fax"])


def test_number_in_brackets_alone() -> None:
    assert [m.group(1) for m in FAX.finditer("Fax: (312) 555-0100")] == ["(312) 555-0100"]
