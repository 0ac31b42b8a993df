"""Reading classes found on standard-resolution faxes (200x100 dpi) by the OCR engines' bench: a
code column whose title OCR misread ("Gode" for "Code") running into the position column, a
month name read with OCR's confusions ("fevrler"), and the order date after a PO number in a
letter's subject line read whole when the number's label was misread ("n*" for "n°")."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from extractors.base import ExtractHints
from extractors.capture.layout import read_order_document
from extractors.locale_values import OCR_MONTH, locale_for, month_of, parse_date
from extractors.capture.words import PageWords, Word

REPO = Path(__file__).resolve().parents[1]
HINTS = ExtractHints(languages=("fra",), locale="fr_FR", mappings_dir=REPO / "mappings")


def _page(lines: list[list[tuple[str, float]]]) -> PageWords:
    words = []
    for n, row in enumerate(lines):
        y = 40 + n * 30
        for text, x in row:
            words.append(Word(text, x, y, x + 9 * len(text), y + 14, 0.95, 1))
    return PageWords(1, 1400.0, 1980.0, tuple(words))


def _spaced(x: float, *texts: str) -> list[tuple[str, float]]:
    """Words of one phrase, a space apart."""
    out = []
    for text in texts:
        out.append((text, x))
        x += 9 * len(text) + 7
    return out


def _din(title: str, number_label: str, month: str) -> PageWords:
    """A French letter-style order: its subject line names the number and the date, a plain table
    whose code column's title was read ``title``."""
    return _page([
        [("Quincaillerie", 40), ("Dupont", 170)],
        [("12", 40), ("rue", 70), ("des", 105), ("Forges", 140)],
        [("69003", 40), ("Lyon", 100)],
        [],
        _spaced(40, "Commande", number_label, "CMD177033", "du", "23", month, "2026"),
        [],
        [("Pos.", 40), (title, 100), ("Désignation", 250), ("Quantité", 700), ("Unité", 800), ("Prix", 950),
         ("Montant", 1150)],
        [("1", 40), ("ART10325", 100), ("Rondelle", 250), ("plate", 340), ("100", 716), ("PCE", 800),
         ("177,31", 950), ("17", 1150), ("731,00", 1175)],
        [("2", 40), ("ART78659", 100), ("Vis", 250), ("à", 290), ("bois", 310), ("1", 730), ("CARTON", 800),
         ("201,32", 950), ("201,32", 1175)],
        [],
        [("Total", 950), ("net", 1005), (":", 1040), ("17", 1150), ("932,32", 1175)],
    ])


@pytest.mark.parametrize("title", ["Code", "Gode"])
def test_codes_under_an_unread_column_title_are_codes_not_digits_of_the_position(title: str) -> None:
    order = read_order_document([_din(title, "n°", "février")], HINTS, "ocr", ocr=True).orders[0]
    assert [(ln.line_no, ln.customer_item) for ln in order.lines] == [(1, "ART10325"), (2, "ART78659")]
    assert order.lines[0].amount == Decimal("17731.00")


@pytest.mark.parametrize("label", ["n°", "n*"])
def test_the_order_date_after_the_number_in_a_subject_line_is_read_whole(label: str) -> None:
    order = read_order_document([_din("Code", label, "fevrler")], HINTS, "ocr", ocr=True).orders[0]
    assert order.po_number == "CMD177033" and order.order_date == date(2026, 2, 23)


@pytest.mark.parametrize("word, month, strength", [
    ("fevrier", 2, 1.0), ("fevrler", 2, OCR_MONTH), ("dezernber", 12, OCR_MONTH), ("avrii", 4, OCR_MONTH),
    ("juiiiet", 7, OCR_MONTH), ("ju1n", None, None), ("rnai", None, None), ("fevr1er", 2, OCR_MONTH)])
def test_a_month_name_read_with_ocr_confusions_is_that_month_less_surely(word: str, month: int | None,
                                                                       strength: float | None) -> None:
    found = month_of(word)
    assert (found == (month, strength)) if month else found is None


def test_a_date_with_an_ocr_month_name_is_read_weaker() -> None:
    assert parse_date("du 23 fevrler 2026", locale_for("fr_FR", "fr")) == (date(2026, 2, 23), OCR_MONTH)


@pytest.mark.parametrize("title, kind", [("Gty", "quantity"), ("Gode", "code"), ("Qty", "quantity")])
def test_column_titles_read_with_g_for_c_or_q_are_found(title: str, kind: str) -> None:
    from extractors.capture.header_fields import column_index
    from extractors.capture.layout_spec import GENERIC_SPEC

    hit = column_index(GENERIC_SPEC).find([Word(title, 0, 0, 40, 14, 0.9, 1)], 0, True)
    assert hit is not None and hit.kind == kind


def test_a_row_only_rapidocr_read_where_tesseract_found_no_rows_is_not_lost(tmp_path: Path) -> None:
    """A generated standard fax (seed 7, its seventh order, a tuning seed: one row, "Gty" over its
    quantity): tesseract's layout finds no item row and misreads the total (99742.28), RapidOCR
    reads the page whole and its row gives its total: its reading becomes the base, right and sure."""
    import json

    from gateway.reference.masterdata import load_master_data
    from extractors.capture.ocr import OcrExtractor
    from testkit.capture_corpus import generate_corpus, past_po_numbers
    from testkit.capture_truth import capture, compare, fully_correct, hints_for

    path = generate_corpus(tmp_path, 7, 0, 0, 7)["fax_standard"][6]
    truth = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    md = load_master_data(tmp_path / "masterdata")
    hints = hints_for(truth, "fax_standard", md, REPO / "mappings")
    extraction = OcrExtractor("both").extract(path.read_bytes(), hints)
    assert extraction.metadata["field_engines"]["order"].startswith("rapidocr whole page")
    got = capture(extraction, md, hints.sender, past_po_numbers(truth["customer_id"]))
    assert len(got.order.lines) == 1 and fully_correct(compare(truth, got)) and got.confidence >= 0.9


def _rows(page: int, lines: list[list[tuple[str, float]]], top: float = 40) -> list[Word]:
    words = []
    for n, row in enumerate(lines):
        y = top + n * 30
        for text, x in row:
            words.append(Word(text, x, y, x + 9 * len(text), y + 14, 0.95, page))
    return words


def test_a_priced_row_before_the_first_item_of_a_continuation_page_is_named_not_dropped() -> None:
    """Page 2 goes on without a header; its first item's code and description wrapped onto the rows
    above and below its values ("OFS-" / "2 box 29.95 59.90" / "4420"): the row is not read as
    an item, and the order says so (LAYOUT-ROW-UNREAD) instead of losing it unsaid."""
    head = [("Code", 100), ("Description", 250), ("Qty", 700), ("Unit", 780), ("Price", 950), ("Amount", 1150)]
    item = lambda code, desc, qty, amount: [(code, 100), (desc, 250), (qty, 716), ("box", 780), ("29.95", 950),  # noqa: E731
                                            (amount, 1160)]
    one = PageWords(1, 1400.0, 1980.0, tuple(_rows(1, [
        [("PURCHASE", 40), ("ORDER", 150)], _spaced(40, "Order", "No.:", "HL-40230"), [], head,
        item("OFS-1001", "Paper", "1", "29.95"), item("OFS-1002", "Pens", "2", "59.90")])))
    two = PageWords(2, 1400.0, 1980.0, tuple(_rows(2, [
        [("OFS-", 100), ("Envelopes", 250)],
        [("2", 716), ("box", 780), ("29.95", 950), ("59.90", 1160)],
        [("4420", 100), ("C5", 250)],
        [("OFS-5120", 100), ("Markers", 250), ("1", 716), ("box", 780), ("29.95", 950), ("29.95", 1160)],
        [("Total", 950), ("179.70", 1160)]])))
    hints = ExtractHints(languages=("eng",), locale="en_GB", mappings_dir=REPO / "mappings")
    order = read_order_document([one, two], hints, "ocr", ocr=True).orders[0]
    assert [ln.customer_item for ln in order.lines] == ["OFS-1001", "OFS-1002", "OFS-5120"]
    unread = [p.message for p in order.problems if p.code == "LAYOUT-ROW-UNREAD"]
    assert unread and "29.95 59.90" in unread[0]


def test_a_unit_word_of_the_products_unit_on_file_as_ea_is_sure(tmp_path: Path) -> None:
    """"pièce" read on a fax (the engines disagreed on the cell: its confidence halved) for a product
    sold "EA": the same unit (C62), so the product vouches for it as for "PCE" (t23 W1-11)."""
    from gateway.model import ExtractedLine, ExtractedOrder
    from gateway.reference.masterdata import load_master_data
    from gateway.stages.item_matching import score_order

    (tmp_path / "customers.csv").write_text(
        "customer_id,name,country,currency,gln,duns,x12_id,email_domain,sender_emails,fax,street,city,postcode,"
        "language\nC1,Atelier,FR,EUR,,,,a.example,a@a.example,,1 rue,Nantes,44000,fr\n", encoding="utf-8")
    (tmp_path / "products.csv").write_text("sku,gtin,description,uom,unit_price\nOFS-2215,,Stapler,EA,18.00\n",
                                           encoding="utf-8")
    (tmp_path / "item_xref.csv").write_text("customer_id,customer_item,sku\n", encoding="utf-8")
    line = ExtractedLine(line_no=1, customer_item="OFS-2215", quantity=Decimal(1), uom="pièce",
                         unit_price=Decimal("18.00"), amount=Decimal("18.00"),
                         confidence={"customer_item": 0.98, "quantity": 0.99, "uom": 0.47, "unit_price": 0.99,
                                     "amount": 0.99})
    order = score_order(ExtractedOrder(po_number="P1", lines=[line], total=Decimal("18.00")),
                        load_master_data(tmp_path), "C1", today=date(2026, 12, 5))
    assert order.lines[0].confidence["uom"] >= 0.97


def test_a_position_and_code_left_of_the_description_under_an_unread_code_title_are_read_apart() -> None:
    """"Art.-Nr." wrapped over two rows and read "A", "#" read "*": the codes under them join the description column;
    the leftmost number and code apart from the description's words are the position and the code."""
    page = _page([
        _spaced(40, "Bestellung", "Nr.", "4500012399"),
        [],
        [("*", 40), ("A", 80), ("Bezeichnung", 250), ("Menge", 700), ("Einheit", 800), ("Einzelpreis", 950),
         ("Gesamtpreis", 1150)],
        [("1", 40), ("400118", 80), ("Kopierpapier", 250), ("6", 716), ("Pkt,", 800), ("24,50", 950), ("147,00", 1160)],
        [("2", 40), ("400512", 80), ("Archivbox", 250), ("12", 716), ("Stk", 800), ("3,45", 950), ("41,40", 1160)],
        [("Summe", 950), ("188,40", 1160)]])
    hints = ExtractHints(languages=("deu",), locale="de_DE", mappings_dir=REPO / "mappings")
    order = read_order_document([page], hints, "ocr", ocr=True).orders[0]
    assert [(ln.line_no, ln.customer_item, ln.description, ln.uom) for ln in order.lines] == [
        (1, "400118", "Kopierpapier", "Pkt"), (2, "400512", "Archivbox", "Stk")]


def test_two_rows_codes_read_as_one_cell_are_split_to_their_rows() -> None:
    """"173495«925191": the codes of two rows read as one cell reaching down to the next row,
    which has no code of its own: the second code is the next row's."""
    from extractors.capture.layout import _stacked_codes
    from gateway.model import Box, ExtractedLine

    first = ExtractedLine(line_no=1, customer_item="173495«925191", amount=Decimal("1.00"),
                          confidence={"customer_item": 0.9},
                          boxes={"customer_item": Box(page=1, x=100, y=500, w=80, h=50),
                                 "amount": Box(page=1, x=900, y=500, w=80, h=20)})
    second = ExtractedLine(line_no=2, amount=Decimal("2.00"), boxes={"amount": Box(page=1, x=900, y=530, w=80, h=20)})
    _stacked_codes([first, second])
    assert (first.customer_item, second.customer_item) == ("173495", "925191")
    assert second.confidence["customer_item"] < 0.9
    apart = ExtractedLine(line_no=3, amount=Decimal("2.00"), boxes={"amount": Box(page=1, x=900, y=600, w=80, h=20)})
    lone = first.model_copy(update={"customer_item": "173495«925191"})
    _stacked_codes([lone, apart])  # the next row is not under the cell: nothing moves
    assert lone.customer_item == "173495«925191" and apart.customer_item is None
