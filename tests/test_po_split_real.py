"""Several purchase orders in one PDF, one per page, and a "for information" table under an order's
items, as Chromium and LibreOffice print them (``real_producers/producers_split.py``, issue 18, outside
tester's F5 and F0e): each page titled with its own PO number is an order of its own, read field for
field; a page continuing the order before it (the same number) stays with it; the rows of a table
titled as no part of the order ("Previous deliveries", "Pour information : stock", "Letzte
Lieferungen") are no lines of it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractors.base import ExtractHints
from extractors.capture.pdf_text import PdfTextExtractor
from extractors.capture.side_tables import side_title
from extractors.capture.words import Row, Word
from tests.test_real_producers import _extract, assert_order_is_the_truth, config  # noqa: F401

SPLITS = Path(__file__).parent / "fixtures" / "real_producers" / "splits"
DOCS = sorted(SPLITS.glob("*.pdf"))


def truths(doc: Path) -> list[dict]:
    return json.loads(doc.with_suffix(".json").read_text(encoding="utf-8"))["orders"]


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_each_purchase_order_of_the_pdf_is_read_field_for_field(config: Path, doc: Path) -> None:  # noqa: F811
    want = truths(doc)
    result = _extract(config, doc, want[0]["sender"])
    assert [e["order"]["po_number"] for e in result["orders"]] == [t["po_number"] for t in want]
    for entry, truth in zip(result["orders"], want):
        assert_order_is_the_truth(entry["order"], truth)
        assert "TABLE-SIDE" not in {i["code"] for i in entry["order"]["issues"]}


@pytest.mark.parametrize("doc", sorted(SPLITS.glob("infotab_*.pdf")), ids=lambda p: p.name)
def test_a_table_titled_for_information_adds_no_line_and_is_named(doc: Path) -> None:
    (order,) = PdfTextExtractor().extract(doc.read_bytes(), ExtractHints(filename=doc.name)).orders
    (skipped,) = [p for p in order.problems if p.code == "TABLE-SIDE-SKIPPED"]
    assert "2 row(s)" in skipped.message


def _row(text: str, y: float) -> Row:
    words, x = [], 50.0
    for t in text.split():
        words.append(Word(t, x, y, x + 8 * len(t), y + 12, 1.0, 1))
        x += 8 * len(t) + 6
    return Row(1, tuple(words))


def test_a_second_table_with_a_title_of_its_own_is_doubted_a_repeated_header_is_not() -> None:
    item = _row("AB-1 Widget 2 4.00 8.00", 100)
    header = _row("Item Description Qty", 200)
    assert side_title([item, _row("Total: 8.00", 130), header], 2, item) is None  # no title: a header again
    assert side_title([item, _row("Alternatives we can accept", 160), header], 2, item) == (
        "Alternatives we can accept", False)
    assert side_title([item, _row("Letzte Lieferungen", 160), header], 2, item)[1]
    assert side_title([item, _row("do NOT supply again", 160), header], 2, item)[1]
    on_next_page = Row(2, header.words)
    assert side_title([item, _row("Alternatives", 160), on_next_page], 2, item) is None
