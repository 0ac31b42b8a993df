"""The two OCR engines' agreement on a scanned delivery address is about the block under its label (review rfax2):
its lines are boxed among the words the ship-to reader took from under the label, never found by a search of the
whole page (a letterhead on the same street, another house number, reads alike); the name is compared too; a
full-width digit or an accent only one engine read is no agreement; an ordinal street is no slip."""

from __future__ import annotations

from decimal import Decimal

import pytest

from extractors.capture.address_agreement import (BOX_KEYS, NAME_BOX, PLACE_BOX, SCANNED_ELEMENT, STREET_BOX,
                                                  address_boxes, same_text, slip_shaped)
from extractors.capture.agreement import combine
from extractors.capture.layout import scanned_ship_to
from extractors.capture.words import PageWords, Word
from gateway.model import Box, DocType, ExtractedLine, ExtractedOrder, Extraction, Party, Problem



@pytest.fixture(autouse=True)
def _agreement_settles(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests check the agreement rule itself, as it works when switched on (``address_agreement.SETTLES``;
    off by default: ``test_by_default_agreement_is_recorded_and_the_scanned_doubt_stays``)."""
    monkeypatch.setattr("extractors.capture.agreement.SETTLES", True)


def _line(text: str, x: float, y: float, page: int = 1) -> list[Word]:
    out, at = [], x
    for part in text.split():
        out.append(Word(part, at, y, at + 14 * len(part), y + 22, 0.9, page))
        at += 14 * len(part) + 12
    return out


def _page(*lines: tuple[str, float, float]) -> PageWords:
    return PageWords(1, 1700, 2200, tuple(w for text, x, y in lines for w in _line(text, x, y)))


LETTERHEAD = (("Acme Industrial Supply Inc", 100, 100), ("3864 S Halsted St, 60638 Chicago", 100, 130))
BLOCK = (("Ship To", 900, 300), ("Acme Warehouse", 900, 334), ("3864 S Halsted St", 900, 364),
         ("Chicago, IL 60638", 900, 394))


def test_the_address_lines_are_boxed_in_the_block_under_the_label_not_in_the_letterhead() -> None:
    """Tesseract read the block's "3868" as "3864", the letterhead's number: the boxes stay on the block, so the
    second engine is asked to read the block's lines (where it reads "3868") and not the letterhead's."""
    read = scanned_ship_to([_page(*LETTERHEAD, *BLOCK)])
    assert read is not None and read.element == SCANNED_ELEMENT and read.party.street == "3864 S Halsted St"
    assert set(read.boxes) == set(BOX_KEYS)
    assert read.boxes[NAME_BOX].y == 334 and read.boxes[STREET_BOX].y == 364 and read.boxes[PLACE_BOX].y == 394


def test_an_address_not_found_in_the_block_has_no_boxes() -> None:
    party = Party(role="ship_to", name="Acme Warehouse", street="3864 S Halsted St", postcode="60638", city="Chicago")
    page = _page(*LETTERHEAD, *BLOCK)
    assert address_boxes(page, party, ()) == {}  # no block words: never a search of the page
    assert address_boxes(page, party.model_copy(update={"street": "3868 S Halsted St"}), page.words[-12:]) == {}


def test_a_site_line_over_the_street_is_boxed_over_both_lines() -> None:
    page = _page(("Ship To", 900, 300), ("Acme Warehouse", 900, 334), ("Building 7, Dock 3", 900, 364),
                 ("2200 S Halsted St", 900, 394), ("Chicago, IL 60608", 900, 424))
    read = scanned_ship_to([page])
    assert read is not None and read.party.street == "Building 7, Dock 3, 2200 S Halsted St"
    assert read.boxes[STREET_BOX].y == 364 and read.boxes[STREET_BOX].h == 52


BOXES = {NAME_BOX: Box(page=1, x=900, y=334, w=300, h=22), STREET_BOX: Box(page=1, x=900, y=364, w=300, h=22),
         PLACE_BOX: Box(page=1, x=900, y=394, w=300, h=22)}
LETTER_BOXES = {NAME_BOX: Box(page=1, x=100, y=70, w=300, h=22), STREET_BOX: Box(page=1, x=100, y=130, w=300, h=22),
                PLACE_BOX: Box(page=1, x=100, y=130, w=300, h=22)}


def _reading(name: str = "Acme Warehouse", street: str = "3864 S Halsted St", postcode: str = "60638",
             city: str = "Chicago", boxes: dict = BOXES) -> Extraction:
    party = Party(role="ship_to", name=name, street=street, postcode=postcode, city=city)
    doubt = Problem(code="SHIP-TO-UNSURE", severity="warning", element=SCANNED_ELEMENT, message="read from a scan")
    line = ExtractedLine(supplier_item="SKU-1", quantity=Decimal(1), unit_price=Decimal(2), amount=Decimal(2),
                         boxes={"amount": Box(page=1, x=900, y=600, w=80, h=20)})
    order = ExtractedOrder(po_number="B-1", lines=[line], total=Decimal(2), parties=[party], problems=[doubt],
                           boxes=dict(boxes))
    return Extraction(format="ocr", doc_type=DocType.ORDER, orders=[order])


def _doubts(extraction: Extraction) -> list[Problem]:
    return [p for p in extraction.orders[0].problems if p.code == "SHIP-TO-UNSURE"]


def test_two_readings_of_other_lines_of_the_page_are_no_agreement() -> None:
    """The second engine's address read from the letterhead is not a reading of the block's lines."""
    result, _ = combine(_reading(), _reading(boxes=LETTER_BOXES))
    assert _doubts(result)


def test_the_same_lines_read_alike_settle_the_doubt() -> None:
    result, engines = combine(_reading(), _reading())
    assert not _doubts(result) and engines["ship_to"] == "both"


@pytest.mark.parametrize("tess, rapid", [("Acme Warehouse", "Acte Warehouse"), ("Dépôt Ouest", "Dépêt. Ouest"),
                                         ("Dépôt Ouest", "Depot Ouest")])
def test_another_name_keeps_the_address_held(tess: str, rapid: str) -> None:
    result, _ = combine(_reading(name=tess), _reading(name=rapid))
    assert _doubts(result) and result.orders[0].party("ship_to").name == tess


def test_a_contact_line_read_beside_the_address_keeps_it_held() -> None:
    tess, rapid = _reading(), _reading()
    tess.orders[0].parties[0].contact = "Attn: Jane Doe"
    result, _ = combine(tess, rapid)
    assert _doubts(result)


@pytest.mark.parametrize("tess, rapid", [("8 rue de Rome", "８ rue de Rome"), ("29200", "29２00"),
                                         ("14 avenue Jean Jaurés", "14 avenue Jean Jaures")])
def test_a_full_width_digit_or_one_engines_accent_is_no_agreement(tess: str, rapid: str) -> None:
    assert not same_text(tess, rapid) and not same_text(rapid, tess)


def test_a_full_width_digit_never_goes_out() -> None:
    result, _ = combine(_reading(street="8 rue de Rome"), _reading(street="８ rue de Rome"), first="rapidocr")
    assert _doubts(result)
    result, _ = combine(_reading(street="８ rue de Rome"), _reading(street="８ rue de Rome"))
    assert _doubts(result)


def test_umlauts_and_sharp_s_one_engine_cannot_read_agree_and_go_out_as_printed() -> None:
    result, _ = combine(_reading(name="Muller Lager", street="Konigstrabe 21"),
                        _reading(name="Müller Lager", street="Königstraße 21"), first="rapidocr")
    assert not _doubts(result)
    party = result.orders[0].party("ship_to")
    assert (party.name, party.street) == ("Müller Lager", "Königstraße 21")


@pytest.mark.parametrize("text", ["1838 W 63rd St", "301 W 1st St", "12 E 42nd St", "5 W 11th St",
                                  "12bis rue Lafayette",
                                  "7ter avenue Foch", "1520 E 53rd St"])
def test_an_ordinal_street_is_no_slip(text: str) -> None:
    assert not slip_shaped(text) and same_text(text, text)


@pytest.mark.parametrize("text", ["1838 W 63th St", "301 W 1nd St", "5 W 11st St", "Halsted5t", "2200 S Halsted 5tr",
                                  "2200°S Halsted St"])
def test_letters_run_into_digits_that_are_no_ordinal_are_a_slip(text: str) -> None:
    assert slip_shaped(text)


# --- a real fax: the customer's head office on the ship-to's street, another house number (review rfax2 D1) ------

def _c10_pdf() -> bytes:
    """An en order form: the customer's letterhead "3864 S Halsted St, 60638 Chicago", the ship-to block
    "Acme Warehouse / 3868 S Halsted St / Chicago, IL 60638" in Times 9 pt (tesseract reads its "3868" as "3864")."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    _w, h = A4
    c.setFont("Helvetica-Bold", 14)
    c.drawString(50, h - 60, "Acme Industrial Supply Inc")
    c.setFont("Helvetica", 9)
    c.drawString(50, h - 74, "3864 S Halsted St, 60638 Chicago")
    c.drawString(50, h - 86, "Fax +1 312 555 0100")
    c.setFont("Helvetica", 10)
    c.drawString(330, h - 60, "Meridian Office Supply Ltd")
    c.drawString(330, h - 74, "Reading RG2 0QF")
    y = h - 130
    c.setFont("Helvetica-Bold", 16)
    c.drawString(50, y, "PURCHASE ORDER")
    y -= 36
    c.setFont("Helvetica", 10)
    for text in ("PO Number: PO-90001", "Order Date: 12/07/2026", "Delivery Date: 12/18/2026"):
        c.drawString(50, y, text)
        y -= 15
    c.setFont("Helvetica-Bold", 10)
    c.drawString(330, h - 166, "Ship To")
    c.setFont("Times-Roman", 9)
    for k, text in enumerate(("Acme Warehouse", "3868 S Halsted St", "Chicago, IL 60638")):
        c.drawString(330, h - 166 - 13 * (k + 1), text)
    y -= 40
    cols = (50, 140, 330, 375, 440, 505)
    c.setFont("Helvetica-Bold", 10)
    for x, text in zip(cols, ("Item", "Description", "Qty", "Unit", "Unit price", "Amount")):
        c.drawString(x, y, text)
    c.line(50, y - 4, 560, y - 4)
    y -= 20
    c.setFont("Helvetica", 10)
    for sku, desc, qty, price, amount in (("SKU-1004", "Stapler heavy duty", "2", "18.00", "36.00"),
                                         ("SKU-1005", "Toner cartridge black", "1", "79.00", "79.00")):
        c.drawString(cols[0], y, sku)
        c.drawString(cols[1], y, desc)
        c.drawRightString(cols[2] + 30, y, qty)
        c.drawString(cols[3], y, "ea")
        c.drawRightString(cols[4] + 50, y, price)
        c.drawRightString(cols[5] + 55, y, amount)
        y -= 18
    c.line(440, y + 8, 560, y + 8)
    c.setFont("Helvetica-Bold", 10)
    c.drawString(440, y - 6, "Total")
    c.drawRightString(560, y - 6, "115.00")
    c.showPage()
    c.save()
    return buf.getvalue()


def test_a_ship_to_slip_onto_the_letterheads_house_number_stays_held_on_a_real_fax() -> None:
    """Tesseract reads the block's "3868" as "3864", which the letterhead prints: RapidOCR reads the block's own
    lines, not the letterhead, so the engines differ and the address stays held; it never goes out as "both"."""
    from pathlib import Path

    from extractors.base import ExtractHints
    from extractors.capture.ocr import OcrExtractor
    from testkit.capture_fax import render_fax_tiff

    hints = ExtractHints(languages=("eng", "fra", "deu"), locale="en_US",
                         mappings_dir=Path(__file__).resolve().parents[1] / "mappings")
    fax = render_fax_tiff(_c10_pdf(), "standard", seed=100, skew_deg=-1.3, speckles=30)
    both = OcrExtractor("both").extract(fax, hints)
    (ship_to,) = [p for p in both.orders[0].parties if p.role == "ship_to"]
    if ship_to.street != "3868 S Halsted St" or ship_to.name != "Acme Warehouse":  # (before the fix: "3864", "both")
        assert any(p.code == "SHIP-TO-UNSURE" and p.element == SCANNED_ELEMENT for p in both.orders[0].problems)
        assert both.metadata["field_engines"].get("ship_to") != "both"
