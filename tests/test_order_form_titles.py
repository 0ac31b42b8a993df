"""A document titled ORDER FORM / BESTELLFORMULAR / FORMULAIRE DE COMMANDE is an order: one whose lines
are not read waits for a person (``LINES-MISSING``), never filed as not an order.

The PDF was printed by Chromium from the HTML made by ``fixtures/order_form/mk4.py`` (a spreadsheet's
vertical header, labels in column A and values in column B); nothing is produced here."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.capture.classify import classify_document
from extractors.capture.words import PageWords, Word, group_rows
from testkit.harness import write_config

FIXTURES = Path(__file__).parent / "fixtures"


def _rows(lines: list[str]):
    words = []
    for n, line in enumerate(lines):
        x = 50.0
        for text in line.split():
            words.append(Word(text=text, x0=x, y0=40.0 + 20 * n, x1=x + 8 * len(text), y1=50.0 + 20 * n))
            x += 8 * len(text) + 5
    return group_rows(PageWords(1, 600.0, 800.0, tuple(words)))


@pytest.mark.parametrize("title", ["ORDER FORM", "Bestellformular", "Formulaire de commande", "Bon de commande"])
def test_an_order_form_title_classifies_the_document_as_an_order(title: str) -> None:
    rows = _rows([title, "Customer Harbor Office Supplies", "Date 12/03/2026", "Contact J. Smith"])
    assert classify_document(rows, 800.0).doc_kind == "order"


def test_an_order_form_whose_lines_are_unread_waits_and_is_not_filed_as_no_order(tmp_path: Path) -> None:
    from gateway.config import load_config
    from gateway.oneshot import extract_file

    config = write_config(tmp_path, master_data=FIXTURES / "real_producers" / "masterdata")
    result = extract_file(load_config(config), FIXTURES / "order_form" / "order_form_no_lines.pdf",
                          channel="email", sender="orders@harbor-office.example")
    (entry,) = result["orders"]
    order = entry["order"]
    assert order["customer"]["id"] == "C5001"
    assert order["status"] == "review" and "LINES-MISSING" in {i["code"] for i in order["issues"]}
