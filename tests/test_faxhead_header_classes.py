"""Issues 17/23, header and note classes (faxhead): a header grid's value under its label, reference labels
("Bestellzeichen", "Unser Zeichen", "Notre réf. commande"), an instruction to quote the customer's reference (no
price request), a totals block typed on one line, and a framed stamp read without its frame."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from extractors.capture.stray_marks import unframed
from extractors.mail.body_text import header_label
from extractors.mail.header_grid import unfold_header_grids
from extractors.capture.totals_row import split_totals_row
from extractors.typed_remarks import price_request, quote_request
from tests.test_trust import in_process_extract
from tests.test_trust_issue17 import codes, only_order, typed, unset  # noqa: F401 (fixture)
from testkit.trust_corpus import CUSTOMERS

FR, IE, US, DE = CUSTOMERS
ITEMS = {"en": "Qty  Unit  Item  Description  Unit price\n6  each  TP-1002  Stapler  12.00\n3  pcs  TP-1001  Desk lamp  19.90\n",
         "de": "Menge  ME  Artikel  Bezeichnung  Preis\n6  Stk  TP-1002  Hefter  12,00\n3  Stk  TP-1001  Lampe  19,90\n",
         "fr": "Quantité  Unité  Référence  Désignation  Prix unitaire\n6  pièces  TP-1002  Agrafeuse  12,00\n"
               "3  pièces  TP-1001  Lampe  19,90\n"}


def _order(config, tmp_path, customer, body: str) -> dict:
    return only_order(in_process_extract(config, typed(customer, body), "t.eml", tmp_path, channel="smtp",
                                         sender=customer.email))


@pytest.mark.parametrize("customer, body, po", [
    (DE, "Guten Tag,\n\nBestellzeichen: WX-2201\n\nbitte liefern:\n\n{de}\nLiefertermin 17.12.2026\n\nMfG\n", "WX-2201"),
    (DE, "Guten Tag,\n\nUnser Bestellzeichen: WX-2202\n\nbitte liefern:\n\n{de}\nLiefertermin 17.12.2026\n\nMfG\n",
     "WX-2202"),
    (FR, "Bonjour,\n\nNotre réf. commande : WX-2203\n\nMerci de livrer :\n\n{fr}\nLivraison le 16/12/2026.\n\nCordialement\n",
     "WX-2203"),
    (IE, "Hello,\n\nPO Number        Order Date\nWX-2204          03/12/2026\n\nPlease supply:\n\n{en}\n"
         "Delivery 18/12/2026.\n\nThanks\n", "WX-2204"),
])
def test_a_po_under_a_reference_label_or_its_grid_label_is_read(unset, tmp_path, customer, body, po):  # noqa: F811
    order = _order(unset, tmp_path, customer, body.format(**ITEMS))
    assert order["po_number"] == po and "PO-MISSING" not in codes(order), order["issues"]
    assert order["status"] == "ready", order["issues"]


def test_a_grid_is_only_labels_over_their_values():
    lines = ["Bestellzeichen     Datum", "HB-1              03.12.2026", "Menge  Artikel  Preis", "6  TP-1002  12,00"]
    assert unfold_header_grids(lines, header_label) == ["Bestellzeichen: HB-1", "Datum: 03.12.2026", *lines[2:]]
    assert not header_label("Unser Zeichen")  # a DIN 5008 letter's file reference, no PO (review rev1 D9)
    assert not header_label("No.") and header_label("PO Number") and header_label("Bestellzeichen")


@pytest.mark.parametrize("text, asks", [
    ("Please quote our PO number on all documents.", False), ("PLEASE QUOTE OUR ORDER NO. ON ALL INVOICES", False),
    ("Always quote the order reference when invoicing", False), ("Please quote for 40 staplers", True),
    ("Please quote our PO number and confirm the price of TP-1002", True), ("Could you quote us your best price?", True),
    ("Please quote this order, we will confirm afterwards.", True), ("Please quote our PO on the invoice.", False),
])
def test_an_instruction_to_quote_the_reference_is_no_price_request(text: str, asks: bool) -> None:
    assert bool(price_request(text)) is asks
    if not asks:
        assert quote_request([], [text]) is None


@pytest.mark.parametrize("row, parts", [
    ("Net 450.00  VAT 90.00  Total 540.00", ["Net total 450.00", "VAT 90.00", "Total 540.00"]),
    ("HT 131,70 - TVA 20 % 26,34 - TTC 158,04", ["Total HT 131,70", "TVA 20 % 26,34", "Total TTC 158,04"]),
    ("Netto 131,70 | MwSt 19% 25,02 | Brutto 156,72", ["Nettobetrag 131,70", "MwSt 19% 25,02", "Bruttobetrag 156,72"]),
    ("Stapler 12.00 Lamp 19.90", None), ("6  each  TP-1002  Stapler  12.00", None), ("Total 161.99", None),
])
def test_a_totals_row_is_cut_into_its_parts_an_item_line_is_not(row: str, parts) -> None:
    assert split_totals_row(row) == (parts or [row])


@pytest.mark.parametrize("lang, customer, row, total", [
    ("en", IE, "Net 131.70  VAT 30.29  Total 161.99", "161.99"),
    ("fr", FR, "HT 131,70  TVA 26,34  TTC 158,04", "158.04"),
    ("de", DE, "Netto 131,70 | MwSt. 25,02 | Gesamt 156,72", "156.72"),
    ("en", IE, "Net 131.70  Shipping 8.50  Total 140.20", "140.20"),
    ("en", IE, "Net 131.70  VAT 30.29  Total 175.99", None),
    ("de", DE, "Netto 131,70   MwSt. 25,02   Gesamt 166,72", None),
])
def test_a_totals_block_on_one_line_is_checked(unset, tmp_path, lang, customer, row, total):  # noqa: F811
    head = {"en": "Hello,\n\nPlease supply:\n\n", "fr": "Bonjour,\n\nMerci de livrer :\n\n", "de": "Guten Tag,\n\nbitte liefern:\n\n"}
    tail = {"en": "PO: TR-1\nDelivery 18/12/2026.\n", "fr": "N° de commande : TR-1\nLivraison le 16/12/2026.\n",
            "de": "Bestellnummer: TR-1\nLiefertermin 17.12.2026\n"}
    order = _order(unset, tmp_path, customer, f"{head[lang]}{ITEMS[lang]}\n{row}\n\n{tail[lang]}\nThanks\n")
    if total:
        assert order["status"] == "ready" and order["total"] == total, order["issues"]
    else:
        assert order["status"] != "ready" and "TOTAL-MISMATCH" in codes(order)


def test_a_double_frame_is_taken_off_a_stamp_its_letters_kept() -> None:
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf", 50)
    page = Image.new("L", (500, 200), 255)
    draw = ImageDraw.Draw(page)
    draw.rectangle((40, 40, 460, 160), outline=0, width=6)
    draw.rectangle((55, 55, 445, 145), outline=0, width=3)
    draw.text((90, 70), "EILT", font=font, fill=0)
    out = unframed(np.array(page))
    assert (out < 128).sum() > 0.8 * (np.array(page)[60:140, 60:440] < 128).sum()  # the letters are all there
    assert out.shape[1] < 300 and out.shape[0] < 140  # trimmed to the letters: no side of the 420 wide frame left
    plain = np.full((120, 300), 255, np.uint8)
    assert unframed(plain) is plain


# -- F: a PO's letter read for a digit (or the other way) on a fax -------------------------------------------

def _read_order(po: str, conf: float = 0.95):
    from gateway.model import ExtractedOrder
    return ExtractedOrder(po_number=po, confidence={"po_number": conf})


@pytest.mark.parametrize("po, doubtful", [
    ("P0-4711", [1]), ("B4500123", [0]), ("45B12", [2]), ("S2026", [0]),
    ("PO-4711", []), ("B-450012", []), ("BE2026-0012", []), ("4500123456", []), ("AC123456", []), ("HB-7702", []),
])
def test_a_character_between_the_letters_and_digits_as_the_other_kind_is_doubtful(po: str, doubtful: list) -> None:
    from gateway.stages.po_letters import doubtful_characters
    assert doubtful_characters(po) == doubtful


def test_with_no_usual_shape_a_doubtful_po_waits_and_a_plain_one_does_not() -> None:
    from gateway.stages.po_letters import DOUBTFUL, doubt_letters
    order = _read_order("P0-4711")
    assert doubt_letters(order) and order.confidence["po_number"] <= DOUBTFUL < 0.9
    assert [p.code for p in order.problems] == ["PO-CHARACTER-UNSURE"]
    plain = _read_order("PO-4711")
    assert not doubt_letters(plain) and plain.confidence["po_number"] == 0.95


@pytest.mark.parametrize("read, past, repaired", [
    ("P0-104711", ["PO-100001", "PO-100523", "PO-103300"], "PO-104711"),  # 'O' on every past PO
    ("8E2026-0012", ["BE2026-0001", "BE2026-0005", "BE2026-0009"], "BE2026-0012"),
    ("B4500123", ["84500001", "84500002", "84500003"], "84500123"),  # '8' on every past PO
    ("B4500123", ["14500001", "54500002", "84500003"], None),  # past POs differ there: never guessed
])
def test_the_customers_past_pos_settle_a_confused_character_only_where_they_all_agree(read, past, repaired) -> None:
    from gateway.stages.item_matching import po_shape, score_order
    from gateway.reference.masterdata import MasterData
    order = score_order(_read_order(read), MasterData(), None, past_po_numbers=past)
    codes = {p.code for p in order.problems}
    if repaired:
        assert order.po_number == repaired and "OCR-READING-CONFIRMED" in codes and "PO-FORMAT-UNUSUAL" not in codes
    else:
        assert order.po_number == read and "PO-FORMAT-UNUSUAL" in codes and order.confidence["po_number"] < 0.9
    assert po_shape(order.po_number)


@pytest.mark.parametrize("text, words", [("U R G E N T", "URGENT"), ("E I L T", "EILT"), ("DRIN GEND", "DRINGEND"),
                                         ("T R E S U R G E N T", "TRES URGENT"), ("N I C H T E I L T", None),
                                         ("E I L T 1 5 . 1 2", None), ("S T O R N O", None)])
def test_an_urgency_stamp_read_letter_by_letter_is_its_word(text: str, words) -> None:
    from extractors.capture.stray_marks import urgency_stamp
    assert urgency_stamp(text) == words


def test_a_two_digit_year_is_never_read_years_off_when_the_year_first_reading_is_current() -> None:
    from datetime import date
    from extractors.locale_values import AMBIGUOUS, locale_for, parse_date
    year = date.today().year % 100
    de = locale_for("de_DE")
    assert parse_date(f"15.12.{year:02d}", de) == (date(2000 + year, 12, 15), 1.0)
    assert parse_date(f"{year:02d}.12.03", de) == (date(2000 + year, 12, 3), AMBIGUOUS)  # not 2003: it waits
    assert parse_date(f"03/12/{year:02d}", locale_for("en_US")) == (date(2000 + year, 3, 12), 1.0)


# -- printed pages (a PDF's text; the fax path reads the same header and table code) ----------------------------

def _printed(head: list, below: list = ()) -> bytes:
    from testkit.drawn_pdf import drawn_pdf
    return drawn_pdf([(60, 60, "Hansa Bürotechnik GmbH"), (110, 60, "BESTELLUNG"), *head,
                      (260, 60, "Pos"), (260, 100, "Artikel"), (260, 200, "Bezeichnung"), (260, 360, "Menge"),
                      (260, 420, "ME"), (260, 470, "Preis"),
                      (280, 60, "1"), (280, 100, "TP-1002"), (280, 200, "Hefter"), (280, 360, "6"), (280, 420, "Stk"),
                      (280, 470, "12,00"),
                      (300, 60, "2"), (300, 100, "TP-1001"), (300, 200, "Lampe"), (300, 360, "3"), (300, 420, "Stk"),
                      (300, 470, "19,90"), (340, 60, "Liefertermin: 17.12.2026"), *below])


@pytest.mark.parametrize("head, po", [
    ([(150, 60, "Bestellzeichen: QX-5522"), (165, 60, "Datum: 03.12.2026")], "QX-5522"),
    ([(150, 60, "Bestellzeichen"), (150, 220, "Datum"), (165, 60, "QX-5524"), (165, 220, "03.12.2026")], "QX-5524"),
])
def test_a_printed_pages_reference_label_names_its_po(unset, tmp_path, head, po):  # noqa: F811
    order = only_order(in_process_extract(unset, _printed(head), "p.pdf", tmp_path, channel="smtp", sender=DE.email))
    assert order["po_number"] == po and order["status"] == "ready", order["issues"]


@pytest.mark.parametrize("row", ["Netto 131,70   MwSt 19% 25,02   Brutto 156,72",
                                 "Total HT 131,70   TVA 20% 26,34   Total TTC 158,04"])
def test_a_printed_totals_block_on_one_row_is_no_total_mismatch(unset, tmp_path, row):  # noqa: F811
    head = [(150, 60, "Bestellnummer: QX-5526"), (165, 60, "Datum: 03.12.2026")]
    order = only_order(in_process_extract(unset, _printed(head, [(380, 60, row)]), "p.pdf", tmp_path, channel="smtp",
                                          sender=DE.email))
    assert "TOTAL-MISMATCH" not in codes(order) and order["status"] == "ready", order["issues"]


def _padded_printout(rows: list[str]) -> bytes:
    """An ERP printout in a monospaced font, its labels padded to one column ("Liefertermin        : 15.12.2026")."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas
    pdfmetrics.registerFont(TTFont("DejaVuMono", "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"))
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=A4)
    page.setFont("DejaVuMono", 10)
    for k, text in enumerate(rows):
        page.drawString(50, A4[1] - 60 - 14 * k, text)
    page.save()
    return out.getvalue()


def test_a_padded_label_rows_date_read_from_a_fax_is_no_missing_date(unset, tmp_path):  # noqa: F811
    """t3 class D: "Liefertermin                : 15.12.2026" faxed: its colon read as a '#' of low confidence
    weighed the date down to nothing, and the order waited DELIVERY-DATE-MISSING with the date on it."""
    from testkit.capture_fax import render_fax_tiff
    pdf = _padded_printout(["HANSA BUEROTECHNIK GMBH", "", "BESTELLUNG", "", "Bestellnummer               : HB-88120",
                            "Bestelldatum                : 03.12.2026", "Liefertermin                : 15.12.2026", "",
                            "Pos  Artikel    Bezeichnung          Menge  ME    Preis",
                            "1    TP-1002    Hefter                   6  Stk   12,00",
                            "2    TP-1001    Lampe                    3  Stk   19,90"])
    order = only_order(in_process_extract(unset, render_fax_tiff(pdf, "fine", seed=3), "f.tif", tmp_path,
                                          channel="smtp", sender=DE.email))
    assert order["requested_delivery_date"] == "2026-12-15" and order["po_number"] == "HB-88120"
    assert "DELIVERY-DATE-MISSING" not in codes(order), order["issues"]


def test_a_character_every_past_po_has_there_is_the_customers_style_whatever_their_lengths():
    """Review rev1 D5: past POs S99812, S100233, S101377 have no single shape but all start with "S"."""
    from gateway.model import ExtractedOrder
    from gateway.stages.po_letters import doubt_letters
    order = ExtractedOrder(po_number="S123456", confidence={"po_number": 0.95})
    assert not doubt_letters(order, ["S99812", "S100233", "S101377"]) and order.confidence["po_number"] == 0.95
    other = ExtractedOrder(po_number="S123456", confidence={"po_number": 0.95})
    assert doubt_letters(other, ["599812", "S100233"]) and other.confidence["po_number"] < 0.9


def test_unser_zeichen_beside_the_bestellnummer_is_the_letters_file_reference(unset, tmp_path):  # noqa: F811
    """Review rev1 D9: "Unser Zeichen: EK-4471" and "Bestellnummer: 4500012345" on one letter: one order, its PO."""
    body = "Guten Tag,\n\nUnser Zeichen: EK-4471\nBestellnummer: 4500012345\n\n{de}\nLiefertermin 17.12.2026\n\nMfG\n"
    order = _order(unset, tmp_path, DE, body.format(**ITEMS))
    assert order["po_number"] == "4500012345" and "ORDERS-SEVERAL" not in codes(order), order["issues"]
