"""Hold texts that name what was seen: price columns of a wide sheet printed apart on page 2, a
faxed total with its currency sign misread, and a hold for confidence that lists only the fields the
confidence is made of. Documents made by LibreOffice (``real_producers/producers_prices.py
--hold-texts``)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from extractors.base import ExtractHints
from extractors.capture.layout_spec import GENERIC_SPEC
from extractors.capture.pdf_text import PdfTextExtractor
from extractors.capture.table_cells import TableResult, table_context
from extractors.capture.table_totals import read_total
from extractors.capture.words import Row, Word
from extractors.locale_values import locale_for
from gateway.stages.decide import low_confidence_issue
from tests.decide_helpers import line, make_order

PRICES = Path(__file__).parent / "fixtures" / "real_producers" / "prices"


@pytest.mark.parametrize("doc", sorted(PRICES.glob("widesheet_*.pdf")), ids=lambda p: p.stem)
def test_price_columns_printed_on_page_2_are_joined_to_their_items(doc: Path) -> None:
    """A sheet wider than its paper prints its price columns on page 2 at the heights of their rows:
    joined to them (``extractors.capture.spilled_columns``), the prices are read and check out."""
    order = PdfTextExtractor().extract(doc.read_bytes(), ExtractHints(filename=doc.name)).orders[0]
    assert [ln.quantity for ln in order.lines] == [Decimal(25), Decimal(1200), Decimal(4)]
    assert [ln.unit_price for ln in order.lines] == [Decimal("16.80"), Decimal("1.85"), Decimal("29.90")]
    assert all(ln.quantity * ln.unit_price == ln.amount for ln in order.lines)
    assert not any(p.code in ("LINE-UNREAD", "LAYOUT-ROW-UNREAD") for p in order.problems)


def test_a_faxed_total_whose_currency_sign_was_misread_is_read() -> None:
    ctx = table_context(GENERIC_SPEC, locale_for("fr"), fuzzy=True)
    words = tuple(Word(t, x, 100, x + w, 112, 0.95, 1) for t, x, w in
                  (("Total", 205, 50), ("HT", 263, 25), (":", 298, 5), ("194,85", 310, 60), ("c", 385, 8)))
    result = TableResult(header_found=True)
    read_total([Row(1, words)], 0, result, None, ctx)
    assert [t.value for t in result.totals] == [Decimal("194.85")]


def test_a_hold_for_confidence_names_no_description() -> None:
    doubted = line("SKU-1", 3, price="2.10").model_copy(
        update={"field_confidence": {"description": 0.31, "sku": 0.62, "quantity": 0.99}})
    order = make_order(lines=[doubted]).model_copy(update={"confidence": 0.62})
    issue = low_confidence_issue(order, 0.8)
    assert "lines[1].sku 0.62" in issue.message and "description" not in issue.message
    assert issue.field == "lines[1].sku"


@pytest.mark.parametrize("doc", sorted(PRICES.glob("shopconf_*.pdf")), ids=lambda p: p.stem)
def test_a_web_shop_confirmation_is_held_naming_its_title(doc: Path) -> None:
    """Held as a doubt, or as the seller's confirmation where it thanks the buyer for "your order"."""
    extraction = PdfTextExtractor().extract(doc.read_bytes(), ExtractHints(filename=doc.name))
    (order,) = extraction.orders
    (doubt,) = [p for p in order.problems if p.code in ("CLASSIFY-DOUBT", "SELLER-CONFIRMATION")]
    assert doubt.severity == "error" and "WS-558120" in doubt.message
    assert any(t in doubt.message for t in ("'Confirmation de commande'", "'Order confirmation'",
                                             "'Auftragsbestätigung'"))
    assert len(order.lines) == 3 and all(ln.unit_price for ln in order.lines)


@pytest.mark.parametrize("n", (1, 2, 3))
def test_the_order_date_after_the_titles_number_is_read(n: int) -> None:
    """"Bestellung AM-01203 vom 5. Dezember 2026" (a web-shop card page, ``pending/cardroles_de``)."""
    doc = PRICES.parent / "pending" / f"cardroles_de_{n}.pdf"
    truth = json.loads(doc.with_suffix(".json").read_text(encoding="utf-8"))
    order = PdfTextExtractor().extract(doc.read_bytes(), ExtractHints(filename=doc.name)).orders[0]
    assert (order.po_number, str(order.order_date)) == (truth["po_number"], truth["order_date"])


@pytest.mark.parametrize("n", (1, 2, 3))
def test_an_order_number_run_into_its_labels_cell_is_read(n: int) -> None:
    """"N° de commandeBC-JF-1203": a sheet's label cell run into the value of the next (``pending/billbox_fr``)."""
    doc = PRICES.parent / "pending" / f"billbox_fr_{n}.pdf"
    truth = json.loads(doc.with_suffix(".json").read_text(encoding="utf-8"))
    order = PdfTextExtractor().extract(doc.read_bytes(), ExtractHints(filename=doc.name)).orders[0]
    assert order.po_number == truth["po_number"]
