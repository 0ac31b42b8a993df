"""Xero's purchase order: the PO number ("PO-0417") under a bare "Reference" beside "Purchase Order", no PO label
at all, goes out as the PO (issue 18, class 3; an earlier attempt that read any bare "Reference" was reverted for
taking other references as the PO). Only in a PO-shaped context: counter-examples that stay PO-MISSING are a
quote's number under "Reference", a "Your Reference", a label wrapped in its cell ("Your" / "Reference"), a
"Reference" under the items (a payment's), one on a document titled no order, a French "Référence"; beside a PO
label the label's own number wins."""

from __future__ import annotations

from extractors.base import ExtractHints
from extractors.capture.layout import read_order_document
from extractors.capture.words import PageWords, Word

TITLES = [("Item", 60), ("Description", 300), ("Qty", 800), ("Unit", 900), ("Price", 945), ("Amount", 1150)]
ROW_A = [("TK-12008", 60), ("Copy", 300), ("paper", 345), ("10", 800), ("24.50", 945), ("245.00", 1150)]
ROW_B = [("TK-12127", 60), ("Permanent", 300), ("marker", 390), ("12", 800), ("1.45", 945), ("17.40", 1150)]
TOTAL = [("Total", 945), ("262.40", 1150)]


def _page(lines: list[list[tuple[str, float]]], step: float = 26.0) -> PageWords:
    words = []
    for row, line in enumerate(lines):
        y = 60 + row * step
        for text, x in line:
            words.append(Word(text, x, y, x + 8 * len(text), y + 14.0, 1.0, 1))
    return PageWords(1, 1400.0, 1980.0, tuple(words))


def _head(ref: list[tuple[str, float]], title: str = "PURCHASE ORDER") -> list:
    return [[("Ashby", 60), ("Joinery", 110)], [(w, 60 + 95 * i) for i, w in enumerate(title.split())],
            [("Date", 800), ("9", 950), ("Dec", 970), ("2026", 1005)],
            [("Delivery", 800), ("Date", 870), ("16", 950), ("Dec", 978), ("2026", 1013)], ref, []]


def _po(lines: list) -> str | None:
    (order,) = read_order_document([_page(lines)], ExtractHints(locale="en_GB"), "pdf_text", ocr=False).orders
    return order.po_number


def test_xeros_reference_under_the_purchase_order_title_is_the_po() -> None:
    assert _po([*_head([("Reference", 800), ("PO-0417", 950)]), TITLES, ROW_A, ROW_B, TOTAL]) == "PO-0417"


def test_another_number_under_a_bare_reference_is_no_po() -> None:
    for value in ("QT-4471", "SO-77812", "DV-2291", "4471"):
        assert _po([*_head([("Reference", 800), (value, 950)]), TITLES, ROW_A, ROW_B, TOTAL]) is None


def test_a_qualified_or_french_reference_is_no_po() -> None:
    for ref in ([("Your", 800), ("Reference", 845), ("PO-0417", 950)],
                [("Quote", 800), ("Reference", 855), ("PO-0417", 950)],
                [("Référence", 800), ("PO-0417", 950)]):
        assert _po([*_head(ref), TITLES, ROW_A, ROW_B, TOTAL]) is None


def test_a_reference_wrapped_under_your_in_its_cell_is_no_po() -> None:
    head = _head([("Reference", 800), ("PO-0417", 950)])
    head[4:4] = [[("Your", 800)]]
    assert _po([*head, TITLES, ROW_A, ROW_B, TOTAL]) is None


def test_a_reference_under_the_items_or_without_an_order_title_is_no_po() -> None:
    assert _po([*_head([]), TITLES, ROW_A, ROW_B, TOTAL, [], [("Reference", 60), ("PO-0417", 200)]]) is None
    assert _po([*_head([("Reference", 800), ("PO-0417", 950)], title="Delivery details"), TITLES, ROW_A, ROW_B,
                TOTAL]) is None


def test_a_po_label_beside_a_reference_keeps_its_own_number() -> None:
    head = _head([("Reference", 800), ("PO-0417", 950)])
    head[4:4] = [[("PO", 800), ("Number", 830), ("PO-0500", 950)]]
    assert _po([*head, TITLES, ROW_A, ROW_B, TOTAL]) == "PO-0500"
