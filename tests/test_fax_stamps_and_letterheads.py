"""Issue 23, fourth round: an urgency stamp on a fax ("EILT", "URGENT", "DRINGEND") makes the order urgent
and holds nothing, where before it held ``MARKING-UNREAD`` and left the priority normal; a stamp that says
more than its urgency is still looked at by a person. A catalogue order form's rows left blank are no lines
once the page shows no ink in their quantity cell (they held ``LAYOUT-ROW-UNREAD``); ink read as nothing
still holds."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest

from extractors.base import ExtractHints
from extractors.capture.blank_cells import BLANK_ROWS, empty_cell

from extractors.capture.stray_marks import Marking, marking_notes, marking_problems, urgency_stamp
from gateway.config_decide import PrioritySection
from gateway.model import Box, ExtractedOrder
from gateway.stages.decide import urgent_word


def _mark(text: str, letterhead: bool = False) -> Marking:
    return Marking((400, 900, 500, 200), -12.0, text, 1, letterhead)


@pytest.mark.parametrize("text, words", [
    ("EILT", "EILT"), ("Eilt!", "EILT"), ("DRINGEND", "DRINGEND"), ("DRlNGEND", "DRINGEND"),  # OCR's l for I
    ("TRÈS URGENT", "TRES URGENT"), ("URGCNT", "URGENT"), ("RUSH", "RUSH"), ("NICHT DRINGEND", None),
    ("NICHT EILT", None), ("NOT ASAP", None), ("IMMEDIAT", None), ("EILT 15.12.2026", None), ("DRINGEND 18.12.", None),
    ("ASAP 12/20", None), ("SEHR EILIG", "SEHR EILIG"), ("URGENT bitte nur 5 Stück", None), ("STORNIERT", None), ("EIL", None), ("Urgences SA", None), ("", None)])
def test_an_urgency_stamp_is_its_words_and_nothing_else_is(text: str, words: str | None) -> None:
    assert urgency_stamp(text) == words


@pytest.mark.parametrize("text", ["EILT", "URGENT", "Dringend", "TRES URGENT"])
def test_an_urgency_stamp_holds_nothing_and_makes_the_order_urgent(text: str) -> None:
    order = ExtractedOrder(po_number="B-1")
    marks = [_mark(text)]
    assert marking_problems(marks, order) == []
    notes = marking_notes(marks)
    assert urgent_word(PrioritySection(), notes)


@pytest.mark.parametrize("text", ["NICHT DRINGEND", "NICHT EILT", "EILT 15.12.2026", "IMMEDIAT"])
def test_a_negated_dated_or_unknown_urgency_stamp_is_read_by_a_person(text: str) -> None:
    """Review S2, S8: a stamp's date is a new delivery date, a negation or a word the priority rules do not know
    would be lost as a note: the order waits with the stamp quoted."""
    assert marking_notes([_mark(text)]) == []
    assert [p.code for p in marking_problems([_mark(text)], ExtractedOrder(po_number="B-1"))] == ["MARKING-UNREAD"]


# "URGENT bitte nur 5 Stück" limits a quantity: the note reader names it (CHANGE-TYPED) since the fax1 round
@pytest.mark.parametrize("text, code", [("URGENT bitte nur 5 Stück", "CHANGE-TYPED"), ("URGENT bitte Rückruf", "MARKING-UNREAD"),
                                        ("STORNIERT", "CANCEL-TYPED"),
                                        ("xq vvz", "MARKING-UNREAD")])
def test_a_stamp_saying_more_than_its_urgency_still_holds(text: str, code: str) -> None:
    problems = marking_problems([_mark(text)], ExtractedOrder(po_number="B-1"))
    assert [p.code for p in problems] == [code]
    if text.startswith("URGENT"):
        assert marking_notes([_mark(text)]) == []


# -- a catalogue order form's blank rows: no lines once their quantity cell shows no ink -------------------------

CATALOGUE = [("PX-310", "Cable ties 200 mm", "4.20"), ("PX-320", "Insulating tape black", "1.15"),
             ("PX-330", "Threaded rod M8", "2.35"), ("PX-340", "Silicone clear", "5.90"),
             ("PX-350", "Mounting foam 750 ml", "7.60"), ("PX-360", "Ball valve DN15", "12.90")]


def _catalogue(filled: dict[str, str], scribbled: tuple[str, ...] = ()) -> bytes:
    """A price list to fill in: code, product, price, then the quantity column last, no amount column."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    c.setFont("Helvetica-Bold", 15)
    c.drawString(60, 790, "Harbour Fixings Ltd - ORDER FORM")
    c.setFont("Helvetica", 11)
    c.drawString(60, 766, "Order No.: HF-88213")
    c.drawString(60, 750, "Date: 02/12/2026")
    xs = (60, 150, 380, 470, 540)
    for x, title in zip(xs, ("Item", "Product", "Price", "Qty")):
        c.drawString(x + 5, 706, title)
    y, ys = 700, [720, 700]
    for code, name, price in CATALOGUE:
        c.drawString(xs[0] + 5, y - 17, code)
        c.drawString(xs[1] + 5, y - 17, name)
        c.drawRightString(xs[3] - 6, y - 17, price)
        if code in filled:
            c.setFont("Helvetica-Bold", 12)
            c.drawString(xs[3] + 12, y - 18, filled[code])
            c.setFont("Helvetica", 11)
        if code in scribbled:  # ink that is no number: a person looks at it
            c.setLineWidth(1.6)
            c.bezier(xs[3] + 10, y - 18, xs[3] + 25, y - 2, xs[3] + 35, y - 30, xs[3] + 60, y - 12)
            c.setLineWidth(1)
        y -= 26
        ys.append(y)
    for x in xs:
        c.line(x, 720, x, y)
    for yy in ys:
        c.line(xs[0], yy, xs[-1], yy)
    c.showPage()
    c.save()
    return buf.getvalue()


EN = ExtractHints(languages=("eng",), locale="en_GB", mappings_dir=Path(__file__).resolve().parents[1] / "mappings")


@pytest.mark.parametrize("resolution, seed", [("fine", 41), ("fine", 42)])
def test_a_catalogue_forms_rows_left_blank_are_no_lines_and_hold_nothing(resolution: str, seed: int) -> None:
    from extractors.capture.ocr import OcrExtractor
    from testkit.capture_fax import render_fax_tiff

    tiff = render_fax_tiff(_catalogue({"PX-320": "12", "PX-350": "30"}), resolution, seed=seed)
    order = OcrExtractor("both").extract(tiff, EN).orders[0]
    assert [(ln.customer_item or ln.supplier_item, ln.quantity) for ln in order.lines] == [
        ("PX-320", Decimal(12)), ("PX-350", Decimal(30))]
    assert not [p for p in order.problems if p.code == "LAYOUT-ROW-UNREAD"], order.problems
    assert not [k for k in order.boxes if k.startswith(BLANK_ROWS)]


def test_a_catalogue_row_with_ink_in_its_quantity_cell_read_as_nothing_still_holds() -> None:
    from extractors.capture.ocr import OcrExtractor
    from testkit.capture_fax import render_fax_tiff

    tiff = render_fax_tiff(_catalogue({"PX-320": "12"}, scribbled=("PX-340",)), "fine", seed=43)
    order = OcrExtractor("both").extract(tiff, EN).orders[0]
    assert [p for p in order.problems if p.code == "LAYOUT-ROW-UNREAD"], order.problems


def test_an_empty_cell_is_one_with_rules_and_specks_only() -> None:
    page = np.full((200, 400), 255, np.uint8)
    page[50, :] = 0  # the row's rules
    page[90, :] = 0
    page[52:90, 100] = 0  # a column rule at the cell's edge
    page[70, 200] = page[71, 201] = 0  # specks
    box = Box(page=1, x=100, y=60, w=100, h=20)
    assert empty_cell(box, {1: (page, 1.0)})
    page[62:78, 140:150] = 0  # a digit written in
    assert not empty_cell(box, {1: (page, 1.0)})
    assert not empty_cell(box, {})  # no page: never empty


# -- a PO number wrapped at its hyphens: read whole, whatever dash OCR made of them, on as many lines ----------

def _header_form(header: list[tuple[str, float, float, float]]) -> list:
    from extractors.capture.words import PageWords, Word

    body = [("Lindqvist", 180, 200, 20), ("Fittings", 300, 200, 20), *header,
            *((t, x, 600, 20) for t, x in zip(("Item", "Description", "Qty", "Unit", "Price", "Amount"),
                                              (190, 420, 690, 830, 950, 1110))),
            ("LF-100", 190, 680, 20), ("Elbow", 420, 680, 20), ("10", 700, 680, 20), ("pc", 830, 680, 20),
            ("3.50", 960, 680, 20), ("35.00", 1120, 680, 20), ("Total", 950, 760, 20), ("35.00", 1120, 760, 20)]
    words = tuple(Word(t, x, y, x + 11 * len(t), y + h, 0.95, 1) for t, x, y, h in body)
    return [PageWords(1, 1400.0, 1980.0, words)]


@pytest.mark.parametrize("header, po", [
    # three lines of a narrow cell under its label
    ([("Order", 700, 380, 20), ("No.", 770, 380, 20), ("LF-", 700, 420, 20), ("2026-", 700, 444, 20),
      ("5571", 700, 468, 20), ("Date", 880, 380, 20), ("02/12/2026", 880, 420, 20)], "LF-2026-5571"),
    # the hyphen read as an en dash
    ([("Order", 700, 380, 20), ("No.", 770, 380, 20), ("LF–", 700, 420, 20), ("88213", 700, 444, 20),
      ("Date", 880, 380, 20), ("02/12/2026", 880, 420, 20)], "LF-88213"),
    # right of its label, the rest wrapped under the value
    ([("Order", 180, 400, 20), ("No.:", 250, 400, 20), ("LF-2026-", 320, 400, 20), ("5571", 320, 424, 20),
      ("Date:", 180, 470, 20), ("02/12/2026", 320, 470, 20)], "LF-2026-5571"),
])
def test_a_po_number_wrapped_at_its_hyphens_is_read_whole(header: list, po: str) -> None:
    from extractors.capture.layout import read_order_document

    order = read_order_document(_header_form(header), EN, "ocr", ocr=True).orders[0]
    assert order.po_number == po


def test_a_value_ending_in_a_hyphen_over_another_field_is_not_joined() -> None:
    from extractors.capture.layout import read_order_document

    header = [("Order", 180, 400, 20), ("No.:", 250, 400, 20), ("LF-88213", 320, 400, 20),
              ("Date:", 180, 424, 20), ("02/12/2026", 320, 424, 20)]
    order = read_order_document(_header_form(header), EN, "ocr", ocr=True).orders[0]
    assert order.po_number == "LF-88213"


# -- one printed quantity read twice is no correction --------------------------------------------------------------

@pytest.mark.parametrize("qty, price, amount, struck", [
    (["40", "40"], "1.20", "48.00", False),  # a faxed glyph's echo: the same number twice
    (["12", "12"], "3.50", "42.00", False),
    (["8", "9"], "3.50", "28.00", True),  # two numbers: still a correction
    (["40", "4"], "1.20", "48.00", True),
    (["1", "1"], "2.00", "22.00", True),  # "11" broken in two, or a correction: the amount is of neither 1
])
def test_the_same_quantity_read_twice_is_no_struck_line(qty: list[str], price: str, amount: str, struck: bool) -> None:
    from extractors.capture.layout import read_order_document
    from extractors.capture.words import PageWords, Word

    words = [("Maple", 180, 300), ("Office", 260, 300), ("PO:", 180, 400), ("MO-7781", 240, 400),
             *((t, x, 600) for t, x in zip(("Item", "Description", "Qty", "Unit", "Price", "Amount"),
                                           (190, 420, 690, 830, 950, 1110))), ("QL-204", 190, 680), ("Folders", 420, 680)]
    x = 700
    for text in qty:
        words.append((text, x, 680))
        x += 11 * len(text) + 14
    words += [("pc", 830, 680), (price, 960, 680), (amount, 1120, 680)]
    page = PageWords(1, 1400.0, 1980.0, tuple(Word(t, x, y, x + 11 * len(t), y + 20, 0.95, 1) for t, x, y in words))
    order = read_order_document([page], EN, "ocr", ocr=True).orders[0]
    assert bool([p for p in order.problems if p.code == "LINE-STRUCK"]) is struck
    if not struck:
        assert order.lines[0].quantity == Decimal(qty[0])


# -- a typed quantity boxed taller than its row is no hand correction when the page shows one printed number -------

def _hand_marked(amount: str, tall: bool) -> tuple[ExtractedOrder, dict]:
    from extractors.capture.corrected_quantity import CODE
    from gateway.model import ExtractedLine, Problem

    page = np.full((400, 800), 255, np.uint8)
    page[100, :] = page[140, :] = 0  # the row's rules
    for x in (300, 304, 309):
        page[112:128, x:x + 2] = 0  # "12" printed as tall as the amount: strokes, no solid block
    for x in range(600, 660, 6):
        page[112:128, x:x + 2] = 0  # the amount
    if tall:
        page[104:134, 306:308] = 0  # a number written over the cell, much taller than the print
        page[104:134, 311:313] = 0
    line = ExtractedLine(line_no=1, customer_item="RA-1120", quantity=Decimal(12), unit_price=Decimal("6.75"),
                         amount=Decimal(amount), confidence={"quantity": 0.0, "unit_price": 0.95, "amount": 0.95},
                         boxes={"quantity": Box(page=1, x=300, y=112, w=12, h=16),
                                "unit_price": Box(page=1, x=500, y=112, w=40, h=16),
                                "amount": Box(page=1, x=600, y=112, w=60, h=16)})
    order = ExtractedOrder(po_number="B-1", lines=[line], problems=[
        Problem(code=CODE, severity="warning", element="lines[1]", message="line 1: not printed like its row")])
    return order, {1: (page, 1.0)}


@pytest.mark.parametrize("amount, tall, held", [("81.00", False, False), ("81.00", True, True), ("67.50", False, True)])
def test_a_quantity_boxed_tall_is_a_correction_only_when_the_page_or_the_amount_says_so(
        amount: str, tall: bool, held: bool) -> None:
    from extractors.capture.corrected_quantity import printed_after_all

    order, binaries = _hand_marked(amount, tall)
    printed_after_all(order, binaries)
    assert bool(order.problems) is held
    assert (order.lines[0].confidence["quantity"] == 0.0) is held


def test_a_handwritten_one_taller_than_its_row_is_ink_a_rule_through_the_table_is_not() -> None:
    """Review S3: a stroke taller than the printed row ("1" written by hand) was dropped as a column rule and the
    row taken as blank; a rule runs above and below the row's band, a stroke ends within it."""
    import numpy as np

    from extractors.capture.blank_cells import empty_cell
    from gateway.model import Box

    page = np.full((400, 400), 255, dtype=np.uint8)
    page[:, 150:152] = 0  # a table's vertical rule inside the cell's middle, through the whole page
    box = Box(page=1, x=100, y=200, w=100, h=20)
    assert empty_cell(box, {1: (page, 1.0)})
    page[192:224, 170:172] = 0  # a 2 px stroke 1.6 times the row's height
    assert not empty_cell(box, {1: (page, 1.0)})
