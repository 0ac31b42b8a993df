"""A table printed with tall rows (Chromium cells padded high, ``thead`` repeated on page 2): the space under the
titles or between items is a row's padding, not the table's end (issue 18, outside tester t2 H1: the rows after the
break became notes and the order was held TOTAL-MISMATCH; with no total printed they would have been lost). Ruled:
two rows of one grid (the same cells) are one table whatever the space between them. Unruled: an item under the
titles or under the first item within ``TALL_GAP`` word heights; later rows by the block's own pitch.
Counter-examples: a sentence under the items is no item, an item farther than ``TALL_GAP`` under the titles is not
taken silently (held, lines missing), rows of another grid are not of this one."""

from __future__ import annotations

from decimal import Decimal

from extractors.base import ExtractHints
from extractors.capture.layout import read_order_document
from extractors.capture.table_bounds import same_grid
from extractors.capture.words import PageWords, Phrase, Row, Word

TITLES = [("Art.-Nr.", 60), ("Bezeichnung", 300), ("Menge", 800), ("ME", 900), ("Einzelpreis", 1000), ("Gesamt", 1200)]
ITEMS = [[("HT.12083", 60), ("Notizblock", 300), ("A5", 420), ("12", 800), ("Stk", 900), ("1,85", 1000), ("22,20", 1200)],
         [("HT.12146", 60), ("Streusalz", 300), ("25", 800), ("kg", 900), ("0,62", 1000), ("15,50", 1200)],
         [("HT.12062", 60), ("Ölbindemittel", 300), ("150", 800), ("kg", 900), ("3,48", 1000), ("522,00", 1200)]]
HEAD = [[("Bestellung", 60)], [("Bestellnummer:", 60), ("HT-2291", 250)], [("Bestelldatum:", 60), ("16.12.2026", 250)],
        [("Liefertermin:", 60), ("21.12.2026", 250)]]


def _page(rows: list[tuple[float, list[tuple[str, float]]]], n: int = 1) -> PageWords:
    words = [Word(t, x, y, x + 9 * len(t), y + 14.0, 1.0, n) for y, line in rows for t, x in line]
    return PageWords(n, 1400.0, 1980.0, tuple(words))


def _read(pages: list[PageWords]):
    (order,) = read_order_document(pages, ExtractHints(locale="de_DE"), "pdf_text", ocr=False).orders
    return order


def _tall(pitch: float, first_gap: float) -> list[PageWords]:
    head = [(60 + 26 * k, line) for k, line in enumerate(HEAD)]
    one = _page([*head, (300, TITLES), (300 + first_gap, ITEMS[0])])
    two = _page([(100, TITLES), (100 + first_gap, ITEMS[1]), (100 + first_gap + pitch, ITEMS[2]),
                 (100 + first_gap + 2 * pitch, [("Summe", 1000), ("netto", 1080), ("559,70", 1200)])], n=2)
    return [one, two]


def test_items_of_tall_rows_over_two_pages_are_all_read() -> None:
    order = _read(_tall(pitch=150, first_gap=150))
    assert [ln.customer_item for ln in order.lines] == ["HT.12083", "HT.12146", "HT.12062"]
    assert order.total == Decimal("559.70")
    assert "TOTAL-MISMATCH" not in {p.code for p in order.problems}


def test_an_item_far_under_the_titles_is_not_taken_silently() -> None:
    order = _read(_tall(pitch=150, first_gap=14 * 12 + 200))
    assert order.lines == []  # no table read: the gateway holds it LINES-MISSING, no item is lost unseen


def test_a_sentence_under_the_items_is_no_item() -> None:
    head = [(60 + 26 * k, line) for k, line in enumerate(HEAD)]
    order = _read([_page([*head, (300, TITLES), (450, ITEMS[0]), (600, ITEMS[1]),
                          (720, [("Summe", 1000), ("netto", 1080), ("37,70", 1200)]),
                          (900, [("Anlieferung", 60), ("zwischen", 200), ("7", 320), ("und", 340), ("14", 390),
                                 ("Uhr", 420)])])])
    assert [ln.customer_item for ln in order.lines] == ["HT.12083", "HT.12146"]


def _ruled(y: float, cells: list[tuple[float, float]]) -> Row:
    words = tuple(Word("x", a + 2, y, a + 10, y + 14) for a, _ in cells)
    return Row(1, words, tuple(Phrase((w,)) for w in words), tuple(cells))


def test_two_ruled_rows_of_one_grid_are_one_table_rows_of_another_are_not() -> None:
    grid = [(50.0, 280.0), (280.0, 780.0), (780.0, 880.0), (880.0, 980.0), (980.0, 1180.0), (1180.0, 1350.0)]
    assert same_grid(_ruled(100, grid), _ruled(400, grid))
    assert same_grid(_ruled(100, grid), _ruled(400, grid[:1] + grid[2:]))  # an empty cell of the lower row
    other = [(50.0, 400.0), (400.0, 900.0), (900.0, 1350.0)]
    assert not same_grid(_ruled(100, grid), _ruled(400, other))
    assert not same_grid(_ruled(100, grid), _ruled(400, grid[:2]))  # too few cells to tell a grid
