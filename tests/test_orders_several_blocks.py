"""Two orders printed one under the other (a sheet or a Word form printed to PDF, a Word form sent as is): two PO
numbers each over its own item table, or one PO with two delivery places each with its own lines, are never
delivered as one order (ORDERS-SEVERAL). Counter-examples: a header repeated on the next page under the same PO and
place, and one order's item groups under repeated titles, are one order and stay free of it."""

from __future__ import annotations

import io

import docx

from extractors.base import ExtractHints
from extractors.capture.layout import read_order_document
from extractors.capture.words import PageWords, Word
from extractors.office.word import EXTRACTOR as WORD


def _page(lines: list[list[tuple[str, float]]], n: int = 1) -> PageWords:
    words = []
    for row, line in enumerate(lines):
        y = 60 + row * 26
        for text, x in line:
            words.append(Word(text, x, y, x + 8 * len(text), y + 14.0, 1.0, n))
    return PageWords(n, 1400.0, 1980.0, tuple(words))


TITLES = [("Item", 60), ("Description", 300), ("Qty", 800), ("Unit", 900), ("Price", 945), ("Amount", 1150)]
ROW_A = [("TK-12008", 60), ("Copy", 300), ("paper", 345), ("10", 800), ("24.50", 900), ("245.00", 1150)]
ROW_B = [("TK-12127", 60), ("Permanent", 300), ("marker", 390), ("12", 800), ("1.45", 900), ("17.40", 1150)]


def _block(po: str, row: list) -> list:
    return [[("PO", 60), ("Number:", 90), (po, 170)], [("Order", 60), ("Date:", 115), ("12/09/2026", 170)],
            [("Delivery", 60), ("Date:", 135), ("12/18/2026", 185)], [], TITLES, row,
            [("Total", 900), (row[-1][0], 1150)], []]


def _codes(pages: list[PageWords]) -> set[str]:
    extraction = read_order_document(pages, ExtractHints(locale="en_US"), "pdf_text", ocr=False)
    assert extraction.orders and all(o.lines for o in extraction.orders)
    return {p.code for o in extraction.orders for p in o.problems}


def _orders(pages: list[PageWords]):
    return read_order_document(pages, ExtractHints(locale="en_US"), "pdf_text", ocr=False).orders


def test_two_po_blocks_each_over_its_own_table_with_its_dates_are_split() -> None:
    """Each block a PO under its label, dates of its own and its own table: two orders, each its own lines."""
    page = _page([[("Harbor", 60), ("Office", 130), ("Supplies", 190)], [], *_block("77301", ROW_A),
                  *_block("77302", ROW_B)])
    first, second = _orders([page])
    assert (first.po_number, second.po_number) == ("77301", "77302")
    assert [ln.customer_item for ln in first.lines] == ["TK-12008"]
    assert [ln.customer_item for ln in second.lines] == ["TK-12127"]
    assert "ORDERS-SEVERAL" not in {p.code for o in (first, second) for p in o.problems}


def test_a_bare_order_heading_over_a_second_table_is_several_orders_never_split() -> None:
    """"Order 77303" over the second table (no label, no date of its own): seen as a second order, held whole."""
    page = _page([[("Harbor", 60), ("Office", 130), ("Supplies", 190)], [], *_block("77301", ROW_A),
                  [("Order", 60), ("77303", 120)], TITLES, ROW_B, [("Total", 900), ("17.40", 1150)]])
    (order,) = _orders([page])
    assert "ORDERS-SEVERAL" in {p.code for p in order.problems}


def test_a_second_block_without_a_date_of_its_own_is_not_split() -> None:
    second = [[("PO", 60), ("Number:", 90), ("77304", 170)], [], TITLES, ROW_B, [("Total", 900), ("17.40", 1150)]]
    (order,) = _orders([_page([*_block("77301", ROW_A), *second])])
    assert "ORDERS-SEVERAL" in {p.code for p in order.problems}


def test_an_order_date_row_over_the_second_table_names_no_second_order() -> None:
    """"Order Date: 12/10/2026" over one order's second group of items: no bare "Order" heading of a number."""
    page = _page([[("PURCHASE", 60), ("ORDER", 170)], [("PO", 60), ("Number:", 90), ("77345", 170)],
                  [("Order", 60), ("Date:", 115), ("12/09/2026", 170)], [], TITLES, ROW_A, [],
                  [("Order", 60), ("Date:", 115), ("12/09/2026", 170)], TITLES, ROW_B,
                  [("Total", 900), ("262.40", 1150)]])
    (order,) = _orders([page])
    assert "ORDERS-SEVERAL" not in {p.code for p in order.problems}


def test_two_delivery_places_each_with_its_lines_are_several_orders() -> None:
    page = _page([[("PURCHASE", 60), ("ORDER", 170)], [("PO", 60), ("Number:", 90), ("77310", 170)],
                  [("Order", 60), ("Date:", 115), ("12/09/2026", 170)], [],
                  [("Ship", 60), ("to:", 100), ("North", 130), ("store,", 180), ("12", 230), ("Elm", 250), ("St,", 280),
                   ("Salem,", 310), ("MA", 365), ("01970", 390)], TITLES, ROW_A, [],
                  [("Ship", 60), ("to:", 100), ("South", 130), ("store,", 180), ("9", 230), ("Bay", 250), ("Rd,", 280),
                   ("Quincy,", 310), ("MA", 370), ("02169", 395)], TITLES, ROW_B,
                  [("Total", 900), ("262.40", 1150)]])
    assert "ORDERS-SEVERAL" in _codes([page])


def test_a_header_repeated_on_the_next_page_is_one_order() -> None:
    head = [[("PURCHASE", 60), ("ORDER", 170)], [("PO", 60), ("Number:", 90), ("77330", 170)],
            [("Ship", 60), ("to:", 100), ("North", 130), ("store,", 180), ("Salem", 230)], []]
    one = _page([*head, TITLES, ROW_A])
    two = _page([*head, TITLES, ROW_B, [("Total", 900), ("262.40", 1150)]], n=2)
    assert "ORDERS-SEVERAL" not in _codes([one, two])


def test_item_groups_of_one_order_under_repeated_titles_are_one_order() -> None:
    page = _page([[("PURCHASE", 60), ("ORDER", 170)], [("PO", 60), ("Number:", 90), ("77340", 170)],
                  [("Order", 60), ("Date:", 115), ("12/09/2026", 170)], [], [("Office", 60)], TITLES, ROW_A, [],
                  [("Workshop", 60)], TITLES, ROW_B, [("Total", 900), ("262.40", 1150)]])
    assert "ORDERS-SEVERAL" not in _codes([page])


def test_a_word_form_of_two_po_blocks_is_several_orders() -> None:
    d = docx.Document()
    for po, rows in (("77321", [("TK-12008", "Copy paper A4", "10", "24.50", "245.00")]),
                     ("77322", [("TK-12127", "Permanent marker black", "12", "1.45", "17.40")])):
        d.add_paragraph(f"Purchase Order No. {po}")
        d.add_paragraph("Order date: 12/09/2026    Delivery date: 12/18/2026")
        t = d.add_table(rows=1, cols=5)
        for c, s in zip(t.rows[0].cells, ["Item", "Description", "Qty", "Unit Price", "Amount"]):
            c.text = s
        for r in rows:
            for c, s in zip(t.add_row().cells, r):
                c.text = s
    buf = io.BytesIO()
    d.save(buf)
    extraction = WORD.extract(buf.getvalue(), ExtractHints(locale="en_US"))
    assert len(extraction.orders) > 1 or all("ORDERS-SEVERAL" in {p.code for p in o.problems}
                                             for o in extraction.orders)


def test_two_places_under_a_spaced_delivery_label_are_several_orders() -> None:
    """The label's words apart ("Deliver"  "to:") is still the delivery label: its address is what is compared."""
    def ship(place: list) -> list:
        return [("Deliver", 60), ("to:", 130), *place]
    page = _page([[("PURCHASE", 60), ("ORDER", 170)], [("PO", 60), ("Number:", 90), ("77350", 170)],
                  [("Order", 60), ("Date:", 115), ("12/09/2026", 170)], [],
                  ship([("North", 160), ("store,", 210), ("Salem", 260)]), TITLES, ROW_A, [],
                  ship([("South", 160), ("store,", 210), ("Quincy", 260)]), TITLES, ROW_B,
                  [("Total", 900), ("262.40", 1150)]])
    assert "ORDERS-SEVERAL" in _codes([page])


def test_a_header_repeated_with_a_page_number_on_its_ship_to_row_is_one_order() -> None:
    """"Page 1 of 2" at the far right of the ship-to row, or run on after the address: the address is the same."""
    def head(n: int, far: bool) -> list:
        number = [("Page", 1100 if far else 240), (str(n), 1140 if far else 280), ("of", 1155 if far else 292),
                  ("2", 1175 if far else 312)]
        return [[("PURCHASE", 60), ("ORDER", 170)], [("PO", 60), ("Number:", 90), ("77360", 170)],
                [("Order", 60), ("Date:", 115), ("12/09/2026", 170)],
                [("Ship", 60), ("to:", 100), ("North", 130), ("store,", 180), *number], []]
    for far in (True, False):
        one = _page([*head(1, far), TITLES, ROW_A])
        two = _page([*head(2, far), TITLES, ROW_B, [("Total", 900), ("262.40", 1150)]], n=2)
        assert "ORDERS-SEVERAL" not in _codes([one, two])
