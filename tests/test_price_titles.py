"""Price titles that carry their currency ("Einzelpreis" over "EUR", "Prix unitaire CHF", "Unit Price
(USD)") name their columns, a price column whose title no reader knows never lets the lines go out
without prices, and a code column titled in the buyer's words ("Unsere Art.-Nr.", "Réf. client") is
read, typed or faxed. Documents made by Chromium and LibreOffice (``real_producers/producers_prices.py``)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from extractors.base import ExtractHints
from extractors.capture.ocr import OcrExtractor
from extractors.capture.pdf_text import PdfTextExtractor

PRICES = Path(__file__).parent / "fixtures" / "real_producers" / "prices"
NAMED = sorted(p for p in PRICES.glob("curhdr_*.pdf"))
CODE_FORMS = sorted(p for p in PRICES.glob("codetitle_*") if p.suffix != ".json")


def _read(path: Path):
    if path.suffix == ".tif":
        extraction = OcrExtractor().extract(path.read_bytes(), ExtractHints(filename=path.name, channel="fax"))
    else:
        extraction = PdfTextExtractor().extract(path.read_bytes(), ExtractHints(filename=path.name))
    return extraction.orders[0]


@pytest.mark.parametrize("doc", CODE_FORMS, ids=lambda p: p.name)
def test_a_code_column_in_the_buyers_words_is_read(doc: Path) -> None:
    truth = json.loads(doc.with_suffix(".json").read_text(encoding="utf-8"))
    order = _read(doc)
    assert [(ln.customer_item, ln.unit_price, ln.amount) for ln in order.lines] == [
        (w["customer_item"], Decimal(w["unit_price"]), Decimal(w["amount"])) for w in truth["lines"]]


@pytest.mark.parametrize("doc", NAMED, ids=lambda p: p.stem)
def test_price_title_with_currency_names_its_column(doc: Path) -> None:
    truth = json.loads(doc.with_suffix(".json").read_text(encoding="utf-8"))
    order = _read(doc)
    assert len(order.lines) == len(truth["lines"])
    for line, want in zip(order.lines, truth["lines"]):
        assert line.quantity == Decimal(want["quantity"])
        assert line.unit_price == Decimal(want["unit_price"])
        assert line.amount == Decimal(want["amount"])


def test_money_under_an_unknown_title_holds_the_prices_as_unread() -> None:
    order = _read(PRICES / "unnamed_de_1.pdf")
    assert order.lines
    assert all(line.unit_price is None and line.confidence.get("unit_price") == 0.0 for line in order.lines)
    assert any(p.code == "LAYOUT-PRICE-UNNAMED" and "16,80" in p.message for p in order.problems)
