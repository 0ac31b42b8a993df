"""Issue 23, class 1: done, duplicate, cancel and stop marks written or stamped at print size outside a fax's item
table and header fields hold the order with a named reason; the same words in a sentence, a label, a name, the
table or a header field do not."""

from __future__ import annotations

import pytest

from extractors.capture.mark_words import mark_kind, mark_problems
from extractors.capture.words import PageWords, Word
from gateway.model import Box, ExtractedLine, ExtractedOrder


@pytest.mark.parametrize("text, kind", [
    ("ERLEDIGT", "done"), ("Erledigt 03.12. MK", "done"), ("bereits geliefert", "done"), ("DÉJÀ LIVRÉ", "done"),
    ("done", "done"), ("ERLEDlGT", "done"),  # one OCR slip in a long word
    ("doppelt", "copy"), ("Duplikat", "copy"), ("doublon", "copy"), ("COPY", "copy"),
    ("annulé", "cancel"), ("STORNIERT 04.12.", "cancel"),
    ("STOP", "stop"), ("STOP !", "stop"),
])
def test_a_mark_alone_is_read_for_its_kind(text: str, kind: str) -> None:
    assert mark_kind(text) == kind


@pytest.mark.parametrize("text", [
    "Geliefert an:", "Kopie an: Buchhaltung", "Traité par : M. Dupont",  # labels
    "Bitte nicht doppelt liefern", "Lieferschein in doppelter Ausfertigung", "Double A4 paper", "Copy paper",
    "Bearbeitet von Hr. Müller", "Fait à Paris", "Delivered to",  # sentences, names, a letter's place
    "STOP & GO GmbH", "STOP & GO", "Stopfen", "stop?", "doppelt?",  # a name, a word holding one, a question
    "14:32 FAX",
])
def test_the_same_words_saying_more_are_no_mark(text: str) -> None:
    assert mark_kind(text) is None


def _order() -> ExtractedOrder:
    line = ExtractedLine(quantity=10, boxes={"quantity": Box(page=1, x=100, y=600, w=1100, h=30)})
    return ExtractedOrder(po_number="PO-1", lines=[line], boxes={"po_number": Box(page=1, x=900, y=200, w=200, h=30)})


def _page(*words: Word) -> PageWords:
    body = tuple(Word(t, 100 + 150 * i, 300, 100 + 150 * i + 120, 330, 0.95) for i, t in enumerate(
        ("Bestellung", "Nr.", "PO-1", "vom", "03.12.2026")))
    return PageWords(1, 1400, 1980, body + words)


@pytest.mark.parametrize("said, code", [
    (("ERLEDIGT",), "DONE-MARKED"), (("bereits", "geliefert"), "DONE-MARKED"), (("doppelt",), "COPY-MARKED"),
    (("STOP", "!"), "CANCEL-TYPED"), (("annulé",), "CANCEL-TYPED"),
])
def test_a_mark_beside_the_table_or_under_it_holds_with_its_reason(said: tuple[str, ...], code: str) -> None:
    for y in (900, 450):  # under the table; between the header and the table, right of it
        x = 400 if y == 900 else 1250
        words = [Word(t, x + 130 * i, y, x + 130 * i + 110, y + 28, 0.9) for i, t in enumerate(said)]
        problems = mark_problems(_order(), [_page(*words)])
        assert [p.code for p in problems] == [code], (said, y)
        assert said[0] in problems[0].message


def test_a_mark_in_the_table_or_on_a_header_field_is_theirs_and_one_hold_a_page() -> None:
    in_table = Word("doppelt", 500, 605, 600, 630, 0.9)  # a description's word: the table reader's
    on_field = Word("STOP", 950, 205, 1000, 228, 0.9)
    assert mark_problems(_order(), [_page(in_table, on_field)]) == []
    twice = [Word("ERLEDIGT", 300, 900, 420, 928, 0.9)]
    assert len(mark_problems(_order(), [_page(*twice), _page(*twice)])) == 1  # both engines read it: held once


def test_a_mark_beside_a_line_in_the_tables_band_holds_and_a_column_title_does_not() -> None:
    beside = Word("ERLEDIGT", 1205, 603, 1325, 628, 0.9)  # just right of the line's last cell, on its row
    assert [p.code for p in mark_problems(_order(), [_page(beside)])] == ["DONE-MARKED"]
    title = Word("Erledigt", 700, 560, 800, 585, 0.9)  # a form's column title above the first line
    assert mark_problems(_order(), [_page(title)]) == []
