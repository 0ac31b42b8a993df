"""Issue 23, the classes left open by the last round: a short question written on a faxed page ("KW 51 ?", "dispo ?"
in the top margin) holds; a producer's title of several words set large ("BON DE COMMANDE") is no hand mark; a
quantity circled by hand never goes out untouched; a German fax's "Liefertermin: 15.12.2026" under its header block
is read. Word layouts for the rules; reportlab pages faxed (testkit.capture_fax) and read by the real tesseract
for the whole path."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from extractors.base import ExtractHints
from extractors.capture.hand_marks import _title_lines
from extractors.capture.ocr import OcrExtractor
from extractors.capture.page_notes import short_questions
from extractors.capture.words import PageWords, Word, group_rows
from gateway.model import ExtractedOrder
from testkit.capture_fax import render_fax_tiff

REPO = Path(__file__).resolve().parents[1]
FONTS = Path("/usr/share/fonts/truetype/dejavu")
DE = ExtractHints(languages=("deu",), locale="de_DE", mappings_dir=REPO / "mappings", channel="fax")
FR = ExtractHints(languages=("fra",), locale="fr_FR", mappings_dir=REPO / "mappings", channel="fax")


def _asked(*words: tuple[str, float]) -> list[str]:
    """The codes of the short questions of one row of ``words`` (text, x), 20 px tall, 11 px a letter."""
    row = tuple(Word(t, x, 60, x + 11 * len(t), 80, 0.9, 1) for t, x in words)
    rows = group_rows(PageWords(1, 1728.0, 2200.0, row))
    return [p.code for p in short_questions(rows, ExtractedOrder())]


@pytest.mark.parametrize("words", [
    (("KW", 600), ("50", 660), ("?", 700)),  # read word by word, each its own phrase
    (("KW50?", 600),),  # read glued
    (("dispo", 600), ("?", 672)),
    (("Müller", 130), ("Bürobedarf", 210), ("GmbH", 340), ("KW", 900), ("51", 940), ("?", 975)),  # beside the letterhead
    (("10", 600), ("or", 640), ("12", 680), ("?", 720)),
])
def test_a_short_question_written_on_a_faxed_page_holds(words) -> None:
    assert _asked(*words) == ["QUESTION-TYPED"]


@pytest.mark.parametrize("words", [
    (("Fragen?", 600),),  # a form's offer of help
    (("Questions?", 600),),
    (("Des", 600), ("questions", 645), ("?", 750)),
    (("?", 600),),  # a speck or a broken sign alone
    (("1", 600), ("?", 620)),
    (("N?", 600), ("4711", 640)),  # "N°" read "N?"
    (("Commande", 100), ("du", 200), ("03/12/2026", 240)),
])
def test_a_forms_offer_a_lone_sign_or_no_question_does_not_hold(words) -> None:
    assert _asked(*words) == []


def test_a_long_question_is_left_to_the_note_readers() -> None:
    """Five words and more are a sentence: ``page_notes`` reads it (once), not this rule."""
    assert _asked(("Können", 100), ("Sie", 190), ("bis", 240), ("KW", 290), ("51", 330), ("liefern?", 370)) == []


def _title(*words: tuple[str, float, float]) -> set[str]:
    """The words of ``words`` (text, x, height) on one baseline that ``_title_lines`` explains."""
    ws = [Word(t, x, 400 - h, x + 0.7 * h * len(t), 400, 0.95, 1) for t, x, h in words]
    return {w.text for w in ws if id(w) in _title_lines(ws, 20.0)}


def test_a_title_of_several_words_set_large_explains_its_short_words() -> None:
    assert _title(("BON", 100, 40), ("DE", 190, 40), ("COMMANDE", 260, 40)) == {"BON", "DE", "COMMANDE"}
    assert _title(("ORDER", 100, 40), ("FORM", 260, 40)) == {"ORDER", "FORM"}


def test_a_word_written_beside_a_title_leaves_the_title_unexplained() -> None:
    """"BON DE COMMANDE ANNULÉ" is no title: its ink stays for the hand-mark reader (and the mark holds)."""
    assert _title(("BON", 100, 40), ("DE", 190, 40), ("COMMANDE", 260, 40), ("ANNULÉ", 520, 40)) == set()
    assert _title(("BON", 100, 40), ("DE", 190, 40)) == set()  # not a whole title


# --- faxed pages, real tesseract --------------------------------------------------------------------------


def _order_pdf(lang: str = "de") -> tuple[bytes, tuple[float, float]]:
    """A two-line order (German or French) with its header block and its delivery date under it; and where the
    first line's quantity stands (points from the left and from the top)."""
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    _, h = A4
    c.setFont("Helvetica-Bold", 14)
    c.drawString(50, h - 60, "Müller Bürobedarf GmbH" if lang == "de" else "Dupont Fournitures SARL")
    c.setFont("Helvetica-Bold", 16)
    c.drawString(50, h - 140, "BESTELLUNG" if lang == "de" else "BON DE COMMANDE")
    c.setFont("Helvetica", 10)
    labels = (("Bestellnummer:", "4500-3141"), ("Datum:", "03.12.2026"), ("Liefertermin:", "15.12.2026")) \
        if lang == "de" else (("N° de commande :", "CMD-3141"), ("Date :", "03/12/2026"),
                              ("Date de livraison :", "15/12/2026"))
    y = h - 170
    for label, value in labels:
        c.drawString(50, y, label)
        c.drawString(170, y, value)
        y -= 15
    y -= 25
    c.setFont("Helvetica-Bold", 10)
    titles = ("Artikel", "Bezeichnung", "Menge", "Preis", "Betrag") if lang == "de" else \
        ("Référence", "Désignation", "Qté", "Prix", "Montant")
    for x, t in zip((50, 150, 330, 420, 500), titles):
        c.drawString(x, y, t)
    c.line(50, y - 4, 560, y - 4)
    c.setFont("Helvetica", 10)
    y -= 20
    first = (360 - 6, h - y - 4)
    for code, name, q, p, a in (("SKU-1003", "Ordner A4 80mm", "12", "2,75", "33,00"),
                                ("SKU-1004", "Hefter", "2", "18,00", "36,00")):
        c.drawString(50, y, code)
        c.drawString(150, y, name)
        c.drawRightString(360, y, q)
        c.drawRightString(470, y, p)
        c.drawRightString(555, y, a)
        y -= 18
    c.drawString(420, y - 6, "Gesamt" if lang == "de" else "Total")
    c.drawRightString(555, y - 6, "69,00")
    c.showPage()
    c.save()
    return buf.getvalue(), first


def _written(tiff: bytes, text: str, at: tuple[float, float], size: int = 40) -> bytes:
    """``text`` written in oblique letters at ``at`` (shares of the page's width and height)."""
    page = Image.open(io.BytesIO(tiff))
    dpi = page.info.get("dpi", (204, 196))
    img = page.convert("L")
    ImageDraw.Draw(img).text((at[0] * img.width, at[1] * img.height), text, fill=0,
                             font=ImageFont.truetype(str(FONTS / "DejaVuSerif-Italic.ttf"), size))
    return _g4(img, dpi)


def _circled(tiff: bytes, at_pt: tuple[float, float]) -> bytes:
    """A hand's ring around the figure at ``at_pt`` (points from the left and from the top)."""
    page = Image.open(io.BytesIO(tiff))
    dpi = page.info.get("dpi", (204, 196))
    img = page.convert("L")
    sx, sy = float(dpi[0]) / 72, float(dpi[1]) / 72
    cx, cy = at_pt[0] * sx, at_pt[1] * sy
    ring = [(cx + 16 * sx * np.cos(a), cy + 10 * sy * np.sin(a)) for a in np.linspace(0.3, 2 * np.pi + 0.9, 60)]
    ImageDraw.Draw(img).line(ring, fill=0, width=4)
    return _g4(img, dpi)


def _g4(img: Image.Image, dpi) -> bytes:
    out = io.BytesIO()
    img.point(lambda v: 0 if v < 128 else 255).convert("1").save(out, format="TIFF", compression="group4", dpi=dpi)
    return out.getvalue()


def _codes(tiff: bytes, hints: ExtractHints) -> set[str]:
    [order] = OcrExtractor("tesseract").extract(tiff, hints).orders
    return {p.code for p in order.problems}


@pytest.mark.parametrize("text", ["KW 51 ?", "dispo ?"])
def test_a_question_written_in_the_top_margin_of_a_fax_holds(text: str) -> None:
    pdf, _ = _order_pdf()
    fax = _written(render_fax_tiff(pdf, "fine", seed=4, skew_deg=0.8), text, (0.45, 0.03))
    assert _codes(fax, DE) & {"QUESTION-TYPED", "MARKING-UNREAD"}


def test_the_same_fax_without_the_question_is_not_held_as_one() -> None:
    pdf, _ = _order_pdf()
    assert not _codes(render_fax_tiff(pdf, "fine", seed=4, skew_deg=0.8), DE) & {"QUESTION-TYPED", "MARKING-UNREAD"}


def test_a_french_title_set_large_is_no_hand_mark() -> None:
    """"BON DE COMMANDE" in 16 pt bold: "BON" and "DE" are under four letters each, and held MARKING-UNREAD."""
    pdf, _ = _order_pdf("fr")
    assert "MARKING-UNREAD" not in _codes(render_fax_tiff(pdf, "fine", seed=6, skew_deg=-1.1), FR)


@pytest.mark.parametrize("resolution", ["fine", "standard"])
def test_a_circled_quantity_never_goes_out_untouched(resolution: str) -> None:
    """A ring drawn around a line's quantity is a question or a correction a person settles: the order holds
    (the figure's reading, the ring's ink, or the line's row unread), it is never read as a plain quantity."""
    pdf, first = _order_pdf()
    fax = _circled(render_fax_tiff(pdf, resolution, seed=8, skew_deg=0.6), first)
    assert _codes(fax, DE) & {"QTY-HANDWRITTEN-CORRECTION", "MARKING-UNREAD", "LAYOUT-ROW-UNREAD", "QTY-INVALID",
                              "TOTAL-MISMATCH", "OCR-ENGINES-DISAGREE", "LINES-MISSING"}


@pytest.mark.parametrize("resolution", ["fine", "standard"])
def test_the_delivery_date_under_the_header_block_is_read(resolution: str) -> None:
    from datetime import date

    pdf, _ = _order_pdf()
    [order] = OcrExtractor("tesseract").extract(render_fax_tiff(pdf, resolution, seed=5, skew_deg=0.7), DE).orders
    assert order.requested_delivery_date == date(2026, 12, 15)


# --- a cancel mark read with doubt ---------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["CANCFLLFD", "Stornlerf", "ANNULATlQN", "Stornlerf 04.12. mk"])
def test_a_cancel_mark_read_with_two_slips_is_a_doubtful_mark(text: str) -> None:
    from extractors.capture.mark_words import doubtful_cancel, mark_kind

    assert mark_kind(text) is None and doubtful_cancel(text) == "doubt"


@pytest.mark.parametrize("text", ["Annual", "Storage", "Stornierungen", "Cancellations:", "Liefertermin",
                                  "Ansprechpartner", "Kommission", "Cancelled order 4711 today please",
                                  "Conditions générales de vente"])
def test_a_real_word_or_a_sentence_is_no_doubtful_cancel_mark(text: str) -> None:
    from extractors.capture.mark_words import doubtful_cancel

    assert doubtful_cancel(text) is None


def test_a_doubtful_cancel_mark_beside_the_order_holds_marking_unread() -> None:
    from extractors.capture.mark_words import mark_problems

    page = PageWords(1, 1728.0, 2200.0, (Word("CANCFLLFD", 1200, 300, 1380, 330, 0.6, 1),
                                         Word("BESTELLUNG", 100, 300, 300, 330, 0.95, 1)))
    [problem] = mark_problems(ExtractedOrder(), [page], [(1, (1180.0, 280.0, 1400.0, 350.0))])
    assert problem.code == "MARKING-UNREAD" and "CANCFLLFD" in problem.message


@pytest.mark.parametrize("text", ["Endgültig", "Annotation:", "Sortiert", "Stornieren", "annuelle"])
def test_a_printed_word_two_slips_from_a_cancel_word_holds_nothing(text: str) -> None:
    """Review rfax D4, D5: the form's print, no ink the page's analysis calls a hand's or a stamp's."""
    from extractors.capture.mark_words import mark_problems

    page = PageWords(1, 1728.0, 2200.0, (Word(text, 1200, 300, 1380, 330, 0.96, 1),
                                         Word("BESTELLUNG", 100, 300, 300, 330, 0.95, 1)))
    assert mark_problems(ExtractedOrder(), [page]) == []
    elsewhere = [(1, (100.0, 900.0, 400.0, 960.0))]  # a mark on the page, not on the word
    assert mark_problems(ExtractedOrder(), [page], elsewhere) == []


@pytest.mark.parametrize("text", ["Annotation:", "Stornierung: siehe AGB"])
def test_a_label_is_no_doubtful_cancel_mark_even_on_a_mark(text: str) -> None:
    from extractors.capture.mark_words import doubtful_cancel

    assert doubtful_cancel(text) is None


# --- a confusable character at a PO's letter/digit boundary (findings t3: "DF014477" went out as "DFO14477") ----


@pytest.mark.parametrize("po, read", [("DFO14477", 0.93), ("DF014477", 0.9), ("AB1234", 0.965)])
def test_a_confusable_character_between_letters_and_digits_read_unsurely_holds(po: str, read: float) -> None:
    from gateway.stages.po_letters import DOUBT_CODE, doubt_letters

    order = ExtractedOrder(po_number=po, confidence={"po_number": read})
    assert doubt_letters(order, [], read) and [p.code for p in order.problems] == [DOUBT_CODE]


def test_a_boundary_character_the_engines_read_differently_holds_however_sure() -> None:
    from gateway.stages.po_letters import doubt_letters

    order = ExtractedOrder(po_number="DFO14477", confidence={"po_number": 0.99}, other_readings={"po_number": "DF014477"})
    assert doubt_letters(order, [], 0.99)


@pytest.mark.parametrize("po, past", [
    ("DFO14477", []),  # both engines read a printed number alike and surely
    ("PO-ORD-12", []),  # an O between letters: a letter's run
    ("S123456", ["S99812", "S100233", "S101377"]),  # every past PO has a digit after its S: the customer's style
    ("4500123456", []),
])
def test_a_printed_po_read_alike_or_in_the_customers_style_does_not_hold(po: str, past: list[str]) -> None:
    from gateway.stages.po_letters import doubt_letters

    order = ExtractedOrder(po_number=po, confidence={"po_number": 0.99})
    assert not doubt_letters(order, past, 0.99) and not order.problems


def test_ink_read_unsurely_as_a_word_with_a_question_mark_asks_nothing() -> None:
    """A tilted "URGENTE" stamp's ink read "Tucan?" at confidence 0.13: the stamp readers judge it, no question."""
    row = (Word("Tucan?", 900, 400, 1100, 524, 0.13, 1),)
    assert short_questions(group_rows(PageWords(1, 1728.0, 2200.0, row)), ExtractedOrder()) == []
