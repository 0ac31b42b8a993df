"""Issue 23, fax line-reading classes: a form that prints no total still checked by what it prints (each
row's quantity x price = amount, the list price, both OCR engines reading the same rows: then it may pass),
a quantity run together with the position column beside it ("4 | 2" read "42": held, never taken), and an
ERP print's position left of its first titled column ("0010  SKU-1004" under an unread "Itm") read as the
position, not a part of the code. Word layouts for the rules; fresh reportlab forms faxed and read by both
engines through the dry-run pipeline for the whole path."""

from __future__ import annotations

import hashlib
import io
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from extractors.base import ExtractHints
from extractors.capture.agreement import ROWS_AGREED, combine
from extractors.capture.crossed_cells import crossing_quantity
from extractors.capture.layout import read_order_document
from extractors.capture.table_cells import Column, Grid, row_cells
from extractors.capture.words import PageWords, Row, Word, group_rows
from gateway.model import Box, DocType, ExtractedLine, ExtractedOrder, Extraction, Problem
from gateway.reference.masterdata import CustomerRecord, MasterData, ProductRecord
from gateway.stages.item_matching import NO_TOTAL, ROWS_AGREED_NO_TOTAL, order_confidence, score_order
from testkit.capture_fax import render_fax_tiff

REPO = Path(__file__).resolve().parents[1]
EN = ExtractHints(mappings_dir=REPO / "mappings")
TODAY = datetime(2026, 12, 1).date()


# --- D: no total printed ---------------------------------------------------------------------------


@pytest.fixture
def md() -> MasterData:
    products = {"KD-1059": ProductRecord("KD-1059", "", "Nylon anchor 8 mm", "C62", Decimal("8.15")),
                "HZ-9813": ProductRecord("HZ-9813", "", "Contact glue", "C62", Decimal("18.30"))}
    return MasterData(customers={"C1": CustomerRecord("C1", "Kramer", currency="EUR")}, products=products, xref={})


def _reading(*rows: tuple[str, str, str, str, float]) -> Extraction:
    lines = [ExtractedLine(supplier_item=code, quantity=Decimal(q), unit_price=Decimal(p), amount=Decimal(a),
                           confidence={"supplier_item": 0.9, "quantity": 0.9, "unit_price": 0.9, "amount": 0.9},
                           boxes={"amount": Box(page=1, x=900, y=y, w=80, h=20)}) for code, q, p, a, y in rows]
    order = ExtractedOrder(po_number="B-1", order_date=TODAY, requested_delivery_date=TODAY.replace(day=15),
                           confidence={"po_number": 0.97, "order_date": 0.97, "requested_delivery_date": 0.97},
                           lines=lines)
    return Extraction(format="ocr", doc_type=DocType.ORDER, orders=[order])


ROWS = (("KD-1059", "12", "8.15", "97.80", 500), ("HZ-9813", "3", "18.30", "54.90", 540))


def _scored(md: MasterData, tess: Extraction, rapid: Extraction) -> ExtractedOrder:
    combined, _ = combine(tess, rapid)
    return score_order(combined.orders[0], md, "C1", today=TODAY)


def test_a_form_without_a_total_whose_rows_both_engines_read_at_list_price_is_complete(md: MasterData) -> None:
    scored = _scored(md, _reading(*ROWS), _reading(*ROWS))
    assert scored.total is None and scored.confidence["lines"] == ROWS_AGREED_NO_TOTAL
    assert order_confidence(scored) >= 0.9


def test_a_row_one_engine_alone_read_leaves_a_form_without_a_total_unvouched(md: MasterData) -> None:
    extra = ("HZ-9813", "1", "18.30", "18.30", 580)  # RapidOCR read a third row tesseract did not
    scored = _scored(md, _reading(*ROWS), _reading(*ROWS, extra))
    assert scored.confidence["lines"] == NO_TOTAL and order_confidence(scored) < 0.9
    scored = _scored(md, _reading(*ROWS, extra), _reading(*ROWS))
    assert scored.confidence["lines"] == NO_TOTAL


@pytest.mark.parametrize("row", [
    ("HZ-9813", "3", "17.90", "53.70", 540),  # adds up, but not the list price
    ("HZ-9813", "3", "18.30", "54.00", 540),  # the list price, but quantity x price is not the amount
    ("HZ-9999", "3", "18.30", "54.90", 540),  # no product of ours
])
def test_a_row_short_of_any_check_leaves_a_form_without_a_total_unvouched(md: MasterData, row) -> None:
    scored = _scored(md, _reading(ROWS[0], row), _reading(ROWS[0], row))
    assert scored.confidence["lines"] == NO_TOTAL


def _numbered(reading: Extraction, notes: tuple[str, ...] = ()) -> Extraction:
    for n, line in enumerate(reading.orders[0].lines, 1):
        line.line_no = n
    reading.orders[0].notes = list(notes)
    return reading


DISCOUNTED = (ROWS[0], ("HZ-9813", "3", "16.47", "49.41", 540))  # 10% off the list price of 18.30
NEAR = (("KD-1059", "12", "8.07", "96.84", 500), ("HZ-9813", "3", "18.12", "54.36", 540))  # 1% off: within 2%


@pytest.mark.parametrize("rows", [DISCOUNTED, NEAR])
def test_numbered_rows_near_the_list_price_leave_a_letter_without_a_total_unvouched(md: MasterData, rows) -> None:
    """Positions 1..n without a gap say nothing of a last row both engines missed (a faint row at the foot of a
    faxed letter): a near price is no check of its own, only the list price to the cent vouches (review revR D0)."""
    scored = _scored(md, _numbered(_reading(*rows)), _numbered(_reading(*rows)))
    assert scored.confidence["lines"] == NO_TOTAL and order_confidence(scored) < 0.9


@pytest.mark.parametrize("row", [
    ("HZ-9813", "3", "1830", "5490", 540),  # the decimal marks lost: a hundred times the list price, adding up
    ("HZ-9813", "3", "14.64", "43.92", 540),  # 20% off
])
def test_a_numbered_row_far_from_its_list_price_leaves_a_letter_unvouched(md: MasterData, row) -> None:
    scored = _scored(md, _numbered(_reading(ROWS[0], row)), _numbered(_reading(ROWS[0], row)))
    assert scored.confidence["lines"] == NO_TOTAL


def test_numbered_rows_at_the_list_price_are_vouched(md: MasterData) -> None:
    scored = _scored(md, _numbered(_reading(*ROWS)), _numbered(_reading(*ROWS)))
    assert scored.confidence["lines"] == ROWS_AGREED_NO_TOTAL


@pytest.mark.parametrize("note, vouched", [
    ("Livraison souhaitée le 15/12/2026.", True),  # the order's delivery date alone
    ("Liefertermin 15.12.2026", True),
    ("Livraison souhaitée le 16/12/2026.", False),  # another date than the order's
    ("Ligne 2 : livrer le 15/12/2026", False),  # a line named
    ("Please add 5 x KD-1059 for delivery on 15/12/2026", False),
    ("À livrer le 15/12/2026 !", True),
    ("Lieferung am 15.12.2026.", True),
    ("Lieferung am 15.12.2026, Kleber entfällt.", False),  # a line cancelled beside the date (review revR D1)
    ("Livraison le 15/12/2026 mais sans la colle.", False),
    ("Lieferung am 15.12.2026, Dübel bitte doppelte Menge.", False),
    ("Liefertermin 15.12.2026, sonst stornieren.", False),  # a condition
    ("Deliver on 15/12/2026 except the glue.", False),
    ("Ablieferung 15.12.2026", False),  # no delivery-date phrase of ours
    ("15.12.2026", False),  # a date alone says not what it is
    ("Liefertermin 12.15.2026", False),  # month first under a letter that writes the day first
])
def test_a_note_giving_only_the_delivery_date_says_nothing_of_the_rows(md: MasterData, note, vouched) -> None:
    scored = _scored(md, _numbered(_reading(*ROWS), (note,)), _numbered(_reading(*ROWS), (note,)))
    assert (scored.confidence["lines"] == ROWS_AGREED_NO_TOTAL) is vouched


def test_a_delivery_date_note_is_read_in_the_documents_own_day_month_order() -> None:
    from gateway.stages.item_matching import _delivery_date_note
    dec5 = datetime(2026, 12, 5).date()
    assert _delivery_date_note("Liefertermin 05.12.2026", dec5, "deu")
    assert not _delivery_date_note("Liefertermin 12.05.2026", dec5, "deu")  # 12 May: another date
    assert _delivery_date_note("Please deliver by 12/05/2026", dec5, "eng")
    assert not _delivery_date_note("Please deliver by 05/12/2026", dec5, "eng")


def test_one_engines_reading_or_a_row_left_unread_vouches_for_nothing(md: MasterData) -> None:
    alone = score_order(_reading(*ROWS).orders[0], md, "C1", today=TODAY)  # tesseract only: no agreement
    assert alone.confidence["lines"] == NO_TOTAL
    combined, _ = combine(_reading(*ROWS), _reading(*ROWS))
    combined.orders[0].problems.append(Problem(code="LAYOUT-ROW-UNREAD", severity="warning", message="1 row"))
    assert score_order(combined.orders[0], md, "C1", today=TODAY).confidence["lines"] == NO_TOTAL


# --- C: position and quantity run together -----------------------------------------------------------


GRID = Grid((Column("line_no", 100, 130, 1.0), Column("quantity", 150, 190, 1.0), Column("code", 240, 320, 1.0),
             Column("amount", 600, 680, 1.0)), (140, 215, 460))


def _row(*words: tuple[str, float, float]) -> Row:
    return group_rows(PageWords(1, 1400.0, 1980.0, tuple(Word(t, x0, 300, x1, 320, 0.95, 1) for t, x0, x1 in words)))[0]


def test_a_quantity_reaching_into_the_empty_position_cell_is_named() -> None:
    merged = row_cells(_row(("42", 126, 160), ("SKU-1002", 240, 330), ("7.80", 630, 680)), GRID)
    assert crossing_quantity(merged, GRID) == "42"
    apart = row_cells(_row(("4", 110, 120), ("2", 152, 162), ("SKU-1002", 240, 330), ("7.80", 630, 680)), GRID)
    assert crossing_quantity(apart, GRID) is None
    wide = row_cells(_row(("1", 110, 120), ("120", 150, 186), ("SKU-1002", 240, 330), ("7.80", 630, 680)), GRID)
    assert crossing_quantity(wide, GRID) is None  # a wide quantity inside its own column, the position read


def _page(qty_words: list[tuple[str, float, float]]) -> PageWords:
    words = [("PO:", 180, 300), ("MO-7781", 240, 300), ("Date:", 180, 330), ("02/12/2026", 250, 330),
             ("Pos", 180, 600), ("Qty", 230, 600), ("Item", 330, 600), ("Price", 900, 600), ("Amount", 1100, 600),
             *qty_words,
             ("QL-204", 330, 680), ("3.50", 910, 680), ("7.00", 1110, 680),
             ("Total", 900, 760), ("7.00", 1110, 760)]
    return PageWords(1, 1400.0, 1980.0, tuple(Word(t, x, y, x + (9 if len(t) == 1 else 11 * len(t) + (14 if t == "12" else 0)), y + 20, 0.95, 1)
                                               for t, x, y in words))


def test_a_merged_position_and_quantity_holds_its_line_and_is_not_taken() -> None:
    order = read_order_document([_page([("12", 208, 680)])], EN, "ocr", ocr=True).orders[0]  # over both titles
    held = [p for p in order.problems if p.code == "QTY-CELL-CROSSES"]
    assert held and held[0].element == "lines[1]" and order.lines[0].confidence["quantity"] == 0.0
    apart = read_order_document([_page([("1", 185, 680), ("2", 236, 680)])], EN, "ocr", ocr=True).orders[0]
    assert apart.lines[0].quantity == Decimal(2) and not [p for p in apart.problems if p.code == "QTY-CELL-CROSSES"]


# --- A: the position of an ERP print left of its first titled column --------------------------------------


def test_a_position_left_of_the_first_code_title_is_the_position() -> None:
    grid = Grid((Column("code", 234, 343, 1.0), Column("quantity", 567, 608, 1.0), Column("amount", 1108, 1231, 1.0)),
                (545, 784))
    cells = row_cells(_row(("0010", 132, 184), ("SKU-1004", 236, 343), ("3", 606, 615), ("54.00", 1166, 1231)), grid)
    assert [w.text for w in cells["line_no"]] == ["0010"] and [w.text for w in cells["code"]] == ["SKU-1004"]
    under = row_cells(_row(("4711", 240, 290), ("0032", 300, 350), ("3", 606, 615), ("54.00", 1166, 1231)), grid)
    assert "line_no" not in under  # a code printed in two groups under its own title stays the code


# --- the whole path on faxes -------------------------------------------------------------------------------


PRODUCTS = {"SKU-1001": ("Copy paper A4 80g", "24.50"), "SKU-1003": ("Lever arch file A4 80mm", "2.75"),
            "SKU-1004": ("Stapler heavy duty", "18.00"), "SKU-1002": ("Ballpoint pen blue", "3.90")}


def _form(rows: list[tuple[str, int]], columns: tuple[tuple[str, float, str], ...], po: str, footer: str = "") -> bytes:
    """Acme's order: its letterhead, PO, dates, and one table row per item under ``columns`` (title, x, what:
    "pos", "qty", "code", "name", "price", "amount"; a price or amount right-aligned at x), no total."""
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    c.setFont("Helvetica-Bold", 14)
    c.drawString(50, 805, "Acme Industrial Supply Inc")
    c.drawString(340, 805, "PURCHASE ORDER")
    c.setFont("Helvetica", 10)
    c.drawString(50, 792, "100 Main St, Chicago 60601   Fax +1 312 555 0100")
    c.drawString(340, 785, f"Order no.: {po}")
    c.drawString(340, 771, "Order date: November 30, 2026")
    c.drawString(340, 757, "Delivery date: December 15, 2026")
    y = 690
    c.setFont("Helvetica-Bold", 10)
    for title, x, what in columns:
        (c.drawRightString if what in ("price", "amount", "qty_r") else c.drawString)(x, y, title)
    c.setFont("Helvetica", 10)
    y -= 20
    for n, (sku, q) in enumerate(rows, 1):
        name, price = PRODUCTS[sku]
        values = {"pos": str(n), "qty": str(q), "qty_r": str(q), "code": sku, "name": name, "price": price,
                  "amount": f"{q * Decimal(price):.2f}"}
        for _, x, what in columns:
            (c.drawRightString if what in ("price", "amount", "qty_r") else c.drawString)(x, y, values[what])
        y -= 18
    c.drawString(50, y - 30, "Please confirm receipt by return fax.")
    c.drawString(270, 40, footer)
    c.showPage()
    c.save()
    return buf.getvalue()


@pytest.fixture(scope="module")
def ctx(tmp_path_factory: pytest.TempPathFactory):
    from gateway.app import build_context
    from testkit.harness import load_test_config, write_config

    return build_context(load_test_config(write_config(tmp_path_factory.mktemp("gw"))))


def _decided(ctx, pdf: bytes, resolution: str) -> dict:
    from gateway.oneshot import extract_bytes
    from gateway.store.journal import DocumentRecord, new_id

    data = render_fax_tiff(pdf, resolution, seed=3)
    doc = DocumentRecord(id=new_id(), sha256=hashlib.sha256(data).hexdigest(), size=len(data), channel="fax",
                         received_at=datetime(2026, 12, 1, 10, tzinfo=timezone.utc), sender="+13125550100",
                         filename="order.tif", content_type="image/tiff")
    [order] = [o["order"] for o in extract_bytes(ctx, data, doc)["orders"]]
    return order


def test_a_fax_without_a_total_read_alike_by_both_engines_at_list_prices_goes_untouched(ctx, monkeypatch) -> None:
    monkeypatch.setenv("GATEWAY_OCR_ENGINES", "both")  # the gateway's default (the suite reads with tesseract)
    columns = (("Item no.", 50, "code"), ("Description", 140, "name"), ("Qty", 350, "qty_r"),
               ("Unit price", 440, "price"), ("Amount", 530, "amount"))
    order = _decided(ctx, _form([("SKU-1001", 2), ("SKU-1004", 1), ("SKU-1003", 10)], columns, "PO-77141"), "fine")
    assert [(ln["sku"], Decimal(ln["quantity"])) for ln in order["lines"]] == [
        ("SKU-1001", 2), ("SKU-1004", 1), ("SKU-1003", 10)]
    assert order["status"] == "ready", [i["code"] for i in order["issues"]]


def test_a_fax_without_a_total_whose_page_counter_names_a_page_not_received_waits(ctx, monkeypatch) -> None:
    """Page 2 never arrived: the rows of page 1 agree and add up, but nothing says they are all."""
    monkeypatch.setenv("GATEWAY_OCR_ENGINES", "both")
    columns = (("Item no.", 50, "code"), ("Description", 140, "name"), ("Qty", 350, "qty_r"),
               ("Unit price", 440, "price"), ("Amount", 530, "amount"))
    pdf = _form([("SKU-1001", 2), ("SKU-1004", 1), ("SKU-1003", 10)], columns, "PO-77141", footer="Page 1 of 2")
    order = _decided(ctx, pdf, "fine")
    assert order["status"] != "ready"


def test_the_pages_say_when_a_table_may_go_on() -> None:
    from extractors.capture.table_end import may_go_on

    def page(*texts: str, height: float = 1400.0) -> PageWords:
        return PageWords(1, 1000.0, height, tuple(Word(t, 100 + 60 * i, 1300, 150 + 60 * i, 1320)
                                                   for i, t in enumerate(texts)))

    order = ExtractedOrder(lines=[ExtractedLine(quantity=Decimal(1), boxes={"amount": Box(page=1, x=900, y=600, w=80, h=20)})])
    assert may_go_on(order, [page("Page", "1", "of", "2")]) and may_go_on(order, [page("P.01/02")])
    assert not may_go_on(order, [page("Page", "1", "of", "1")]) and not may_go_on(order, [page("04/12/2026")])
    low = ExtractedOrder(lines=[ExtractedLine(quantity=Decimal(1), boxes={"amount": Box(page=1, x=900, y=1250, w=80, h=20)})])
    assert may_go_on(low, [page("Thank", "you")])  # the last row at the page's foot: it may go on overleaf
    # review rev1 D2: counters with a colon, other labels, brackets; a page saying it goes on
    for said in (("Page:", "1", "of", "2"), ("Seite:", "1", "/", "2"), ("Sheet", "1", "of", "2"), ("Seite", "1", "(von", "2)"),
                 ("Continued", "on", "next", "page"), ("Fortsetzung", "auf", "Seite", "2"), ("Übertrag",),
                 ("Carried", "forward", "67.00"), ("A", "reporter", "67,00")):
        assert may_go_on(order, [page(*said)]), said
    assert not may_go_on(order, [page("Page:", "1", "of", "1")]) and not may_go_on(order, [page("Thank", "you")])


@pytest.mark.parametrize("engines", ["tesseract", "both"])
def test_a_fax_whose_position_and_quantity_run_together_waits(ctx, monkeypatch, engines: str) -> None:
    monkeypatch.setenv("GATEWAY_OCR_ENGINES", engines)
    columns = (("#", 52, "pos"), ("Qty", 60, "qty"), ("Item", 100, "code"), ("Description", 190, "name"),
               ("Price", 450, "price"), ("Amount", 530, "amount"))
    order = _decided(ctx, _form([("SKU-1004", 4), ("SKU-1002", 2), ("SKU-1003", 6)], columns, "PO-77133"), "fine")
    assert order["status"] != "ready"
    assert "QTY-CELL-CROSSES" in {i["code"] for i in order["issues"]}


# --- F: a stamp's edge across the table's head -----------------------------------------------------------


def _struck_page(stroke_y: int) -> tuple[dict[int, list[Word]], dict]:
    """A page of letters (vertical bars) for a title row at y 100-120 and an item row at y 160-180, with a
    horizontal stroke at ``stroke_y`` across the page."""
    import numpy as np

    binary = np.full((300, 900), 255, np.uint8)
    words = [Word("Description", 100, 100, 220, 120), Word("Qty", 300, 100, 340, 120), Word("Amount", 500, 100, 580, 120),
             Word("QL-204", 100, 160, 170, 180), Word("Folders", 200, 160, 280, 180), Word("35.00", 500, 160, 560, 180)]
    for w in words:
        binary[int(w.y0) + 2:int(w.y1) - 2, int(w.x0):int(w.x1):6] = 0
    binary[stroke_y:stroke_y + 2, 80:700] = 0
    return {1: words}, {1: (binary, 1.0)}


def _item_order() -> ExtractedOrder:
    return ExtractedOrder(lines=[ExtractedLine(customer_item="QL-204", quantity=Decimal(10), amount=Decimal(35),
                                               boxes={"amount": Box(page=1, x=500, y=160, w=60, h=20)})])


def test_a_stamp_edge_across_the_column_titles_strikes_no_line() -> None:
    from extractors.capture.struck_rows import struck_lines

    words, binaries = _struck_page(110)  # through the titles' middle
    assert struck_lines(_item_order(), words, binaries) == []
    words, binaries = _struck_page(170)  # through the item row: still its line crossed out
    assert [p.element for p in struck_lines(_item_order(), words, binaries)] == ["lines[0]"]


# --- E: a catalogue form's blank last row, its cell's rule ending at the table's edge ----------------------


def _cell_page(written: bool):
    """A quantity cell (x 100-200, row y 200-220) of a ruled table's last row: its left rule 3 px wide with a
    ragged faxed edge, running from the top of the page down to the table's bottom edge at y 232."""
    import numpy as np

    binary = np.full((400, 400), 255, np.uint8)
    binary[0:232, 118:121] = 0
    binary[0:232, 121] = 0  # the rule's ragged edge, two pixels in three
    binary[0:232:3, 121] = 255
    binary[230:232, 0:400] = 0  # the table's bottom edge
    if written:
        binary[202:219, 150:153] = 0  # a "1" written in the cell
    return {1: (binary, 1.0)}


def test_a_blank_last_row_of_a_ruled_catalogue_is_blank_and_a_written_one_is_not() -> None:
    from extractors.capture.blank_cells import empty_cell

    box = Box(page=1, x=100, y=200, w=100, h=20)
    assert empty_cell(box, _cell_page(written=False))
    assert not empty_cell(box, _cell_page(written=True))


@pytest.mark.parametrize("said, kept", [
    ("Please add 5 x SKU-1005 toner cartridge black.", True), ("Please cancel the stapler, we no longer need it.", True),
    ("Stapler: make it 3 instead of 1.", True), ("Second copy - already sent by e-mail on 28.11.", True),
    ("Thank you for your business", False), ("Tel. +1 312 555 0100 purchasing@acme.example", False),
    ("Grand total 94.50", True), ("Amount due: 94.50 USD", True),  # a total not read as the order's (rev1 D12)
])
def test_what_is_printed_under_the_items_is_kept_as_a_note_and_stops_the_rows_vouching(said, kept) -> None:
    """Review rev1 D6: a no-total fax vouched by its rows alone went out with "Please add 5 x SKU-1005" dropped."""
    from extractors.capture.page_notes import trailing_notes
    from extractors.capture.words import group_rows

    words = tuple(Word(t, 100 + 90 * i, 900, 180 + 90 * i, 920) for i, t in enumerate(said.split()))
    rows = group_rows(PageWords(1, 1400.0, 1980.0, words))
    order = ExtractedOrder(lines=[ExtractedLine(quantity=Decimal(1), boxes={"amount": Box(page=1, x=900, y=600, w=80, h=20)})])
    assert bool(trailing_notes(rows, order)) is kept
