"""A total whose label says it is before tax ("Summe netto", "Total HT", "Subtotal") must be the lines' sum.

The VAT tolerance (a stated total may be up to the highest VAT rate above the lines) is for totals that
may include tax ("Gesamtbetrag", "Total TTC", "Total"); on a net-labelled total it would let a dropped
line worth less than a quarter of the order pass unseen.
"""

from __future__ import annotations

import io
from decimal import Decimal

import pytest

from extractors.base import ExtractHints
from extractors.capture.pdf_text import EXTRACTOR
from extractors.capture.table_totals import net_label
from gateway.model import NormalizedOrder
from gateway.stages.rules import check_total
from tests.decide_helpers import line, make_order


def _order_pdf(total_label: str, total: str) -> bytes:
    """A German order printed with reportlab: two priced lines (125,50 together) and one total row."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    top = A4[1]

    def cells(y: float, texts: list[tuple[float, str]]) -> None:
        for x, text in texts:
            pdf.drawString(x, top - y, text)

    cells(60, [(55, "Schreibwaren Becker GmbH"), (380, "BESTELLUNG")])
    cells(90, [(55, "Bestellnummer:"), (160, "BE-26-1160")])
    cells(105, [(55, "Bestelldatum:"), (160, "03.12.2026")])
    cells(120, [(55, "Liefertermin:"), (160, "11.12.2026")])
    cells(170, [(55, "Pos."), (90, "Artikel"), (190, "Bezeichnung"), (330, "Menge"), (390, "Preis"), (460, "Betrag")])
    cells(188, [(55, "1"), (90, "OFS-1001"), (190, "Kopierpapier A4"), (330, "5"), (390, "18,50"), (460, "92,50")])
    cells(203, [(55, "2"), (90, "OFS-2215"), (190, "Locher"), (330, "3"), (390, "11,00"), (460, "33,00")])
    cells(230, [(330, total_label), (460, total)])
    pdf.save()
    return buffer.getvalue()


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
