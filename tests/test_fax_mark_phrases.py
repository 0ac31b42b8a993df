"""Review revfax of issue 23's print-size marks: a done, duplicate or cancel word with a few more words beside it
("storniert lt. Tel. 04.12.", "Auftrag erledigt", "Erledigt 4.12. mk") holds; a printed form's word does not
(the info block's "Bearbeiter", a blank "Processed by ____", the printed choice "[X] Copy" / "Original  Kopie").
A "?" in the top strip is dropped only from the fax header line itself ("14:3? FAX ?"), never from a question
("KW 50 ?"). Word-level cases, then real faxes (reportlab, 1-bit G4 at fine and standard resolution, the fax
reader with both engines), and the sideways page turned by the engines' agreement."""

from __future__ import annotations

import io

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from extractors.base import ExtractHints
from extractors.capture import ocr as ocr_module
from extractors.capture.fax_banner import banner_remnant
from extractors.capture.image_prep import open_image_pages, prepare_for_ocr
from extractors.capture.mark_words import mark_kind
from extractors.capture.ocr import OcrExtractor
from testkit.capture_fax import render_fax_tiff

MARK_CODES = ("DONE-MARKED", "COPY-MARKED", "CANCEL-TYPED")


@pytest.mark.parametrize("text, kind", [
    ("storniert It. Tel. 04.12.", "cancel"), ("storniert lt. Tel. 04.12.", "cancel"), ("storn. 08.12.", "cancel"),
    ("annulé par tél. 8/12", "cancel"), ("Auftrag erledigt", "done"), ("Erledigt 4.12. mk", "done"),
    ("erl. 04.12. mk", "done"), ("Erledigt 3. Dez", "done"), ("Erledigt durch MK", "done"),
    ("Erledigt am 4.12.", "done"), ("schon bestellt", "done"), ("bereits gefaxt", "done"),
    ("bereits per Mail bestellt", "done"), ("Déjà saisi 7.12 jd", "done"), ("doppelt gefaxt!", "copy"),
    ("Duplicate - do not process", "copy"), ("DOUBLE 4.12.", "copy"), ("Processed 4.12. MK", "done"),
])
def test_a_mark_word_with_a_few_more_words_holds(text: str, kind: str) -> None:
    assert mark_kind(text) == kind


@pytest.mark.parametrize("text", [
    "Bearbeiter", "Bearbeiter MK",  # a real word one slip from "bearbeitet": the letter's info block
    "Processed by", "Received by Processed by", "Saisi le", "Erfasst am", "Gebucht am", "Traité le", "Done by",
    "Bearbeitet von",  # blank form fields (their underscores or dots are no words)
    "[X] Copy", "X Copy", "Original Kopie", "Double", "Doppel",  # printed choices
    "Orders processed within 24h", "Saisi", "Processed",  # a form's word in a sentence, or alone
    "Bitte nicht doppelt liefern", "storniert?",  # a request, a question
])
def test_printed_forms_of_a_mark_word_are_no_mark(text: str) -> None:
    assert mark_kind(text) is None


@pytest.mark.parametrize("text", ["KW 50 ?", "10 or 12 ?", "PO ?", "€ ?", "Fax ?", "Von ?", "ok ?", "2x ?",
                                  "12.12. ?", "Mo ?", "10.12 ?", "KW 50?", "?"])
def test_a_question_in_the_top_strip_is_no_header_remnant(text: str) -> None:
    assert not banner_remnant(text.split(), 10.0, 2000.0)


@pytest.mark.parametrize("text", ["14:3? FAX ?", "? 1/1", "Page ?/1", "03.12.2026 14:3? FROM ?",
                                  "+49 89 1234567 ?"])
def test_the_header_line_read_with_a_broken_sign_is_a_remnant(text: str) -> None:
    assert banner_remnant(text.split(), 10.0, 2000.0)


def _order_pdf(extra: list[tuple[float, float, str, int, str]] = (), landscape: bool = False) -> bytes:
    """A German order (PO-77123, two lines) with ``extra`` (x, y from the top in points, text, size, font)."""
    buf = io.BytesIO()
    size = (A4[1], A4[0]) if landscape else A4
    c = Canvas(buf, pagesize=size)
    h = size[1]
    c.setFont("Helvetica-Bold", 14)
    c.drawString(50, h - 70, "Muster Bau GmbH")
    c.setFont("Helvetica", 9)
    c.drawString(50, h - 84, "Hauptstr. 12, 80331 München  Tel 089 123456  Fax 089 123457")
    c.setFont("Helvetica-Bold", 16)
    c.drawString(50, h - 140, "BESTELLUNG")
    c.setFont("Helvetica", 12)
    for i, text in enumerate(("Bestellnummer: PO-77123", "Datum: 03.12.2026", "Kundennummer: K-10002",
                              "Liefertermin: 15.12.2026")):
        c.drawString(50, h - 170 - 15 * i, text)
    for i, text in enumerate(("Lieferadresse:", "Muster Bau GmbH, Lager 2", "Industriestr. 5, 85748 Garching")):
        c.drawString(320, h - 170 - 15 * i, text)
    y = h - 260
    cols = [50, 80, 160, 330, 370, 420, 480]
    c.setFont("Helvetica-Bold", 10)
    for x, t in zip(cols, ["Pos", "Artikel", "Bezeichnung", "Menge", "Einheit", "Preis", "Betrag"]):
        c.drawString(x, y, t)
    c.line(50, y - 4, 540, y - 4)
    c.setFont("Helvetica", 10)
    for row in (("1", "SKU-1001", "Kopierpapier A4 80g", "10", "Karton", "24,90", "249,00"),
                ("2", "SKU-1002", "Ordner breit blau", "25", "Stück", "3,20", "80,00")):
        y -= 18
        for x, t in zip(cols, row):
            c.drawString(x, y, t)
    c.line(50, y - 6, 540, y - 6)
    c.drawString(420, y - 22, "Summe netto:")
    c.drawString(480, y - 22, "329,00")
    for x, top, text, points, font in extra:
        c.setFont(font, points)
        c.drawString(x, h - top, text)
    c.setFont("Helvetica", 9)
    c.drawString(50, 80, "Mit freundlichen Grüßen, Muster Bau GmbH Einkauf")
    c.save()
    return buf.getvalue()


HAND = "Helvetica-Oblique"
DE = ExtractHints(languages=("deu",), locale="de_DE")


def _codes(extra: list[tuple[float, float, str, int, str]], resolution: str) -> list[str]:
    fax = render_fax_tiff(_order_pdf(extra), resolution, seed=3)
    extraction = OcrExtractor("both").extract(fax, DE)
    assert extraction.orders and extraction.orders[0].po_number == "PO-77123"
    return [p.code for p in extraction.orders[0].problems]


@pytest.mark.parametrize("mark, code, resolution", [
    ("storniert lt. Tel. 04.12.", "CANCEL-TYPED", "fine"),
    ("Erledigt 4.12. mk", "DONE-MARKED", "fine"),
    ("Auftrag erledigt", "DONE-MARKED", "standard"),
])
def test_a_print_size_mark_on_a_fax_holds(mark: str, code: str, resolution: str) -> None:
    """Written level at print size right of the header fields, where the reviewer's faxes had them."""
    assert code in _codes([(380, 110, mark, 13, HAND)], resolution)


@pytest.mark.parametrize("extra", [
    [(320, 230, "Bearbeiter", 10, "Helvetica"), (460, 230, "Hr. Huber", 10, "Helvetica")],
    [(50, 450, "Received by ____________", 10, "Helvetica"), (300, 450, "Processed by ____________", 10, "Helvetica")],
    [(300, 450, "Saisi le ____________", 10, "Helvetica")],
    [(380, 140, "[  ] Original", 10, "Helvetica"), (480, 140, "[X] Copy", 10, "Helvetica")],
    [(380, 140, "Original", 10, "Helvetica"), (480, 140, "Kopie", 10, "Helvetica")],
], ids=["bearbeiter", "processed-by", "saisi-le", "copy-box", "kopie-choice"])
def test_an_ordinary_documents_printed_words_hold_no_mark(extra: list) -> None:
    assert not set(_codes(extra, "fine")) & set(MARK_CODES)


def test_a_sideways_standard_page_is_turned_by_the_engines_agreement(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tesseract made unsure every way (as on the sideways standard faxes it read at 98 dpi across the lines):
    both engines read the page as it came and both quarter turns, and the turn they read alike is kept."""
    monkeypatch.setattr(ocr_module, "reads_upright", lambda words: False)
    monkeypatch.setattr(ocr_module, "reads_better", lambda turned, words: False)
    monkeypatch.setattr(ocr_module, "turns_to_try", lambda raw, timeout, body: ())
    fax = render_fax_tiff(_order_pdf(), "standard", seed=5, turns=(1,))
    raw = open_image_pages(fax, DE.limits)[0]
    turned, _prep, words = ocr_module._read_upright(raw, prepare_for_ocr(raw), "deu", 60.0, 1, False, agree=True)
    assert turned.turned in (90, 270)
    assert any("PO-77123" in w.text or "BESTELLUNG" in w.text for w in words)


def test_a_question_written_on_the_header_lines_row_is_kept_as_a_row() -> None:
    """q_kw50: tesseract reads "KW 50 ?" written over the strip on the header line's row; the header line goes,
    the question stays for the note readers."""
    from extractors.capture.layout import document_rows
    from extractors.capture.words import PageWords, Word
    said = [("03.12.2026", 30), ("14:32", 160), ("FROM", 240), ("+49", 310), ("89", 360), ("123457", 400),
            ("KW", 1200), ("50", 1250), ("?", 1300)]
    header = [Word(t, x, 13, x + 11 * len(t), 33, 0.9, 1) for t, x in said]
    body = [Word("BESTELLUNG", 100, 290, 300, 320, 0.95, 1)]
    rows = document_rows([PageWords(1, 1728.0, 1902.0, tuple(header + body))])
    assert [r.text for r in rows] == ["KW 50 ?", "BESTELLUNG"]
    assert not banner_remnant(["KW", "50", "?"], 13.0, 1902.0)
