"""Issues 17/18: a text PDF's printed text that is no item row, header field, totals row or page footer reaches the
order's notes (``page_notes.trailing_notes``: under the items), and a customer collection holds
(``extractors.collection``): "PORTE B" under a signature, "Will call,
December 14, 2026" under the items. Counter-examples: totals and tax rows, page footers and titles stay out of the
notes, and an ordinary order's notes raise no hold."""

from __future__ import annotations

import io

import pytest

from extractors.collection import customer_collects

COLLECTED = ["Will call, December 14, 2026", "Customer pickup 12/09/2026", "Selbstabholung am 15.12.2026",
             "Selbstabholer, den 09.12.2026", "Enlèvement par nos soins le 18/12/2026", "Ship via: WILL CALL",
             "Nous viendrons chercher la marchandise", "Wir holen die Ware selbst ab", "Pick up, December 18, 2026",
             "Goods to be collected on 14/12/2026", "Collection: Friday"]
# near misses that are no collection of the goods: a call ahead, freight or payment terms, empties, goods-in hours
NOT_COLLECTED = ["Driver will call before delivery", "We will call you", "Will call 30 min before", "Freight collect",
                 "Collect on delivery", "Leergut wird abgeholt", "Pallets will be collected", "Enlèvement des palettes",
                 "Pick-up and delivery hours 8-16", "Please call before delivery", "PORTE B", "Handle with care",
                 "Please pick up the old toner cartridges", "Abholzeiten Mo-Fr 8-16 Uhr"]


@pytest.mark.parametrize("text", COLLECTED)
def test_a_customer_collection_is_read(text) -> None:
    assert customer_collects(text)


@pytest.mark.parametrize("text", NOT_COLLECTED)
def test_a_near_miss_is_no_collection(text) -> None:
    assert not customer_collects(text)


def test_a_collection_note_holds_ship_to_unsure_in_every_format() -> None:
    from extractors.capture.page_notes import note_problems
    from gateway.model import ExtractedOrder

    order = ExtractedOrder(po_number="HX-40211")
    assert [p.code for p in note_problems(["Will call, December 14, 2026"], order)] == ["SHIP-TO-UNSURE"]
    assert [p.code for p in note_problems(["Selbstabholung am 15.12.2026"], order, form=True)] == ["SHIP-TO-UNSURE"]
    assert note_problems(["Driver will call before delivery"], order) == []


def _pdf(top: list[tuple[float, str]], bottom: list[tuple[float, str]], beside: str = "") -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont("Helvetica", 10)
    y = 800
    for x, text in top:
        c.drawString(x, y, text)
        y -= 16
    if beside:
        c.drawString(400, 784, beside)
    y -= 10
    for x, title in zip((50, 140, 330, 380, 430, 500), ("Item", "Description", "Qty", "Unit", "Unit price", "Amount")):
        c.drawString(x, y, title)
    for code, desc, qty, price, amount in (("TK-12127", "Permanent marker black", "3", "1.45", "4.35"),
                                           ("TK-12085", "Highlighter yellow", "250", "0.95", "237.50")):
        y -= 16
        for x, text in zip((50, 140, 330, 380, 430, 500), (code, desc, qty, "EA", price, amount)):
            c.drawString(x, y, text)
    y -= 22
    c.drawString(430, y, "Total: 241.85")
    for x, text in bottom:
        y -= 20
        c.drawString(x, y, text)
    c.save()
    return buf.getvalue()


HEAD = [(50, "Harbor Office Supplies Inc."), (50, "500 Commerce Dr"), (50, "Boston, MA 02110"), (50, "Purchase Order"),
        (50, "PO number: HX-40211"), (50, "Order date: 12/01/2026"), (50, "Delivery date: 12/14/2026")]


def _read(data: bytes):
    from extractors.capture.pdf_text import ExtractHints, PdfTextExtractor

    orders = PdfTextExtractor().extract(data, ExtractHints()).orders
    assert len(orders) == 1 and len(orders[0].lines) == 2
    return orders[0]


@pytest.mark.parametrize("said", ["PORTE B", "GATE 7", "Tor 3 benutzen", "Hayon obligatoire"])
def test_a_short_line_under_the_signature_is_a_note(said) -> None:
    order = _read(_pdf(HEAD, [(50, "Kind regards,"), (50, "Mark Davis"), (50, said)]))
    assert said in order.notes
    assert "Purchase Order" not in order.notes and not any("HX-40211" in n for n in order.notes)


def test_a_will_call_line_under_the_items_is_a_note_and_holds() -> None:
    order = _read(_pdf(HEAD, [(50, "Will call, December 14, 2026"), (50, "Thank you,"), (50, "Mark Davis")]))
    assert "Will call, December 14, 2026" in order.notes
    assert "SHIP-TO-UNSURE" in {p.code for p in order.problems}


def test_totals_tax_rows_and_footers_stay_out_of_the_notes_and_hold_nothing() -> None:
    """Counter-example: an ordinary order's furniture under the items reaches no judgement as an instruction."""
    plain = _read(_pdf(HEAD, []))
    order = _read(_pdf(HEAD, [(430, "Subtotal 241.85"), (430, "VAT 20% 48.37"), (430, "Shipping 5.00"),
                              (50, "Thank you for your order."), (50, "Tel. +1 617 555 0100 www.harbor.example"),
                              (50, "Page 1 of 1")]))
    assert order.notes == ["Thank you for your order."]
    assert {p.code for p in order.problems} == {p.code for p in plain.problems}


def test_a_sentence_naming_tax_and_a_later_page_title() -> None:
    """A sentence that says "tax." stays a note; a later page's title alone is none."""
    order = _read(_pdf(HEAD, [(50, "This order totals USD 241.85 excluding tax."), (50, "Purchase Order")]))
    assert order.notes == ["This order totals USD 241.85 excluding tax."]
