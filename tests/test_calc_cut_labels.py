"""A spreadsheet's header label cut at its cell's edge and run into its value in a later word of the label
("N° de commCMD-50003", "Date de livrai03/12/2026": LibreOffice Calc prints, faxed) is a cut label
(``extractors.capture.clipped_labels``)."""

from __future__ import annotations

from extractors.capture.clipped_labels import clipped_labels
from extractors.capture.header_fields import field_index
from extractors.capture.layout_spec import GENERIC_SPEC
from extractors.capture.words import PageWords, Word, group_rows


def _row(*texts: str):
    words, x = [], 100.0
    for text in texts:
        words.append(Word(text, x, 200, x + 14 * len(text), 224))
        x += 14 * len(text) + 12
    (row,) = group_rows(PageWords(1, 1728, 2339, tuple(words)))
    return row


def _found(*texts: str) -> list[tuple[set[str], str]]:
    index = field_index(GENERIC_SPEC)
    return [(kinds, " ".join(w.text for w in value))
            for kinds, value, _stump in clipped_labels(_row(*texts), index, set(GENERIC_SPEC.fields), True)]


def test_a_cut_label_run_into_its_value_in_its_last_word_is_a_label() -> None:
    [(kinds, value)] = _found("Date", "de", "livrai03/12/2026")
    assert "requested_delivery_date" in kinds and value == "03/12/2026"
    [(kinds, value)] = _found("N°", "de", "commCMD-50003")
    assert "po_number" in kinds and value == "CMD-50003"


def test_a_word_run_into_digits_after_the_value_began_is_no_cut_label() -> None:
    assert _found("Total", "4", "items12") == []
