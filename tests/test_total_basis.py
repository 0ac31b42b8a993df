"""A total whose label says it is before tax ("Summe netto", "Total HT", "Subtotal") must be the lines' sum.

The VAT tolerance (a stated total may be up to the highest VAT rate above the lines) is for totals that
may include tax ("Gesamtbetrag", "Total TTC", "Total"); on a net-labelled total it would let a dropped
line worth less than a quarter of the order pass unseen.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from extractors.base import ExtractHints
from extractors.capture.pdf_text import EXTRACTOR
from extractors.capture.table_totals import net_label
from gateway.model import NormalizedOrder
from gateway.stages.rules import check_total
from testkit.drawn_pdf import drawn_pdf
from tests.decide_helpers import line, make_order


def _order_pdf(total_label: str, total: str) -> bytes:
    """A German order: two priced lines (125,50 together) and one total row."""
    return drawn_pdf([
        (60, 55, "Schreibwaren Becker GmbH"), (60, 380, "BESTELLUNG"), (90, 55, "Bestellnummer:"), (90, 160, "BE-26-1160"),
        (105, 55, "Bestelldatum:"), (105, 160, "03.12.2026"), (120, 55, "Liefertermin:"), (120, 160, "11.12.2026"),
        *((170, x, t) for x, t in [(55, "Pos."), (90, "Artikel"), (190, "Bezeichnung"), (330, "Menge"), (390, "Preis"),
                                   (460, "Betrag")]),
        *((188, x, t) for x, t in [(55, "1"), (90, "OFS-1001"), (190, "Kopierpapier A4"), (330, "5"), (390, "18,50"),
                                   (460, "92,50")]),
        *((203, x, t) for x, t in [(55, "2"), (90, "OFS-2215"), (190, "Locher"), (330, "3"), (390, "11,00"),
                                   (460, "33,00")]),
        (230, 330, total_label), (230, 460, total)])


def _normalized(extracted) -> NormalizedOrder:
    """The extracted order as the rules see it (the total, the lines' prices and the references)."""
    lines = [line(ln.customer_item, str(ln.quantity), "EA", str(ln.unit_price)) for ln in extracted.lines]
    return make_order("C1", lines, currency="EUR", total=extracted.total, references=extracted.references)


@pytest.mark.parametrize("label", ["Summe netto", "Nettobetrag", "Zwischensumme"])
def test_a_net_labelled_total_over_the_lines_holds(label: str) -> None:
    order = EXTRACTOR.extract(_order_pdf(label, "145,50"), ExtractHints(locale="de_DE")).orders[0]
    assert order.total == Decimal("145.50") and len(order.lines) == 2
    assert order.references.get("total_basis") == "net"
    assert [f.code for f in check_total(_normalized(order))] == ["TOTAL-MISMATCH"]


def test_a_total_that_may_include_tax_keeps_the_vat_tolerance() -> None:
    order = EXTRACTOR.extract(_order_pdf("Gesamtbetrag", "149,35"), ExtractHints(locale="de_DE")).orders[0]
    assert order.total == Decimal("149.35") and "total_basis" not in order.references
    assert check_total(_normalized(order)) == []  # 125,50 plus 19 % MwSt


def test_a_net_total_equal_to_the_lines_passes() -> None:
    order = EXTRACTOR.extract(_order_pdf("Summe netto", "125,50"), ExtractHints(locale="de_DE")).orders[0]
    assert check_total(_normalized(order)) == []


@pytest.mark.parametrize(("label", "net"), [
    ("total ht", True), ("summe netto", True), ("subtotal", True), ("total excl. vat", True),
    ("warenwert", True), ("total ttc", False), ("gesamtbetrag", False), ("order total", False), ("total", False),
])
def test_which_labels_say_net(label: str, net: bool) -> None:
    assert net_label(label) is net
