"""Header fields in narrow cells side by side (a sheet or form printed with its key-value cells as narrow as their
longest word), as a text layer gives them: a PO number wrapped at its hyphen ("PO-" over "7781203") is the whole
number and no "P.O." label; "PO No." | "Date" are two cells' labels, not "PO No./Date"; dates wrapped word by word
("9." / "Dezember" / "2026") are read, also when the cells' lines run into one phrase ("Dezember Dezember").
Counter-examples: a paired "PO No./Date" label in one phrase, a date whose parts are not all date words, and a
line under "PO-" that does not go on from it."""

from __future__ import annotations

from datetime import date

from extractors.base import ExtractHints
from extractors.capture.layout import read_order_document
from extractors.capture.words import PageWords, Word


def _page(lines: list[list[tuple[str, float]]], step: float = 15.0) -> PageWords:
    words = []
    for row, line in enumerate(lines):
        y = 60 + row * step
        for text, x in line:
            words.append(Word(text, x, y, x + 6.5 * len(text), y + 12.0, 1.0, 1))
    return PageWords(1, 1400.0, 1980.0, tuple(words))


ITEMS = [[], [], [("Item", 60), ("Description", 300), ("Qty", 800), ("Unit", 900), ("Price", 945), ("Amount", 1150)],
         [("TK-12008", 60), ("Copy", 300), ("paper", 345), ("10", 800), ("24.50", 900), ("245.00", 1150)],
         [("Total", 900), ("245.00", 1150)]]


def _read(header: list, locale: str):
    page = _page([[("Purchase", 60), ("Order", 130)], [], *header, *ITEMS])
    (order,) = read_order_document([page], ExtractHints(locale=locale), "pdf_text", ocr=False).orders
    return order


def test_a_po_wrapped_at_its_hyphen_beside_a_date_cell() -> None:
    order = _read([[("PO", 60), ("No.", 80), ("Date", 113)], [("PO-", 60), ("December", 113)],
                   [("7781203", 60), ("9,", 113), ("2026", 128)]], "en_US")
    assert (order.po_number, order.order_date) == ("PO-7781203", date(2026, 12, 9))
    assert order.confidence["po_number"] >= 0.9


def test_dates_wrapped_word_by_word_in_narrow_cells_run_into_one_phrase() -> None:
    """As Chromium prints three cells each as narrow as its longest word, lines centred: their rows interleave."""
    placed = [("Purchase", 37.5, 36.0), ("Order", 90.0, 36.0), ("Bestell-", 37.5, 113.1), ("Datum", 89.2, 120.6),
              ("Liefertermin", 141.0, 120.6), ("Nr.", 37.5, 127.3), ("9.", 89.2, 134.8), ("18.", 141.0, 134.8),
              ("BE-", 37.5, 141.6), ("Dezember", 89.2, 149.1), ("Dezember", 141.0, 149.1), ("2026-", 37.5, 155.8),
              ("2026", 89.2, 163.3), ("2026", 141.0, 163.3), ("4471", 37.5, 170.1)]
    words = [Word(t, x, y, x + 6.0 * len(t), y + 12.0, 1.0, 1) for t, x, y in placed]
    items = _page(ITEMS[2:]).words
    page = PageWords(1, 600.0, 840.0, tuple(words) + tuple(Word(w.text, w.x0 / 2.4, w.y0 + 160, w.x1 / 2.4, w.y1 + 160,
                                                                    1.0, 1) for w in items))
    (order,) = read_order_document([page], ExtractHints(locale="de_DE"), "pdf_text", ocr=False).orders
    assert order.po_number == "BE-2026-4471"
    assert (order.order_date, order.requested_delivery_date) == (date(2026, 12, 9), date(2026, 12, 18))


def test_a_paired_label_in_one_phrase_is_still_read() -> None:
    order = _read([[("PO", 60), ("No./Date", 80), ("4471203", 200), ("/", 255), ("09.12.2026", 265)]], "de_DE")
    assert (order.po_number, order.order_date) == ("4471203", date(2026, 12, 9))


def test_lines_that_are_not_all_date_words_are_no_date() -> None:
    order = _read([[("Order", 60), ("No.", 100), ("7781", 130)], [("Datum", 113)], [("9.", 113)],
                   [("Stück", 113)], [("2026", 113)]], "de_DE")
    assert order.order_date is None


def test_po_over_a_word_is_a_label_with_its_value() -> None:
    order = _read([[("PO-", 60), ("4471", 85)], [("Box", 60), ("12", 85)]], "en_US")
    assert order.po_number != "PO-Box"


def test_a_label_wrapped_over_three_lines_takes_the_date_level_with_its_first_line() -> None:
    """Chromium's key-value table, labels in a narrow cell: "Requested" | "12/31/2026" over "Delivery" / "Date:"
    (issue 18, class 3: held DELIVERY-DATE-MISSING)."""
    order = _read([[("PO", 700), ("Number:", 720), ("LS-8812", 830)], [("Order", 700), ("Date:", 745), ("12/24/2026", 830)],
                   [("Requested", 700), ("12/31/2026", 830)], [("Delivery", 700)], [("Date:", 700)]], "en_US")
    assert (order.po_number, order.order_date, order.requested_delivery_date) == (
        "LS-8812", date(2026, 12, 24), date(2026, 12, 31))


def test_a_three_line_label_beside_words_takes_no_date_from_another_row() -> None:
    """Counter-example: beside the label's first line a cell of words ("UPS Ground"): no date is its value, not
    the date of the row under the label's lines (another field's)."""
    order = _read([[("PO", 700), ("Number:", 720), ("LS-8812", 830)], [("Order", 700), ("Date:", 745), ("12/24/2026", 830)],
                   [("Requested", 700), ("UPS", 830), ("Ground", 860)], [("Delivery", 700)], [("Date:", 700)], [],
                   [("Quote", 700), ("valid", 745), ("until", 790), ("01/15/2027", 830)]], "en_US")
    assert order.requested_delivery_date is None
