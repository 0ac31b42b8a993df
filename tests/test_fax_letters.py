"""Faxes that are no printed order form (findings-t23): a typed letter or an ERP printout whose item
rows have no table rules and no column titles, items typed as sentences, and a cover sheet on page 1
before the order. Fresh English, French and German letters, rendered as real fax TIFFs at 204x196
and 204x98 dpi with noise and skew, read with the real tesseract."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from extractors.base import ExtractHints
from extractors.capture.ocr import OcrExtractor
from extractors.capture.typed_rows import TYPED_ROW_CONFIDENCE
from extractors.capture.words import Row, Word
from gateway.model import DocType
from gateway.reference.masterdata import load_master_data
from testkit.capture_corpus import make_master, make_order, truth_of, write_master_csvs
from testkit.capture_fax import render_fax_tiff
from testkit.capture_layouts import render_order_pdf
from testkit.capture_truth import capture, compare, hints_for


def letter_rows(texts: list[str]) -> list[Row]:
    """A typed letter's lines as page rows, one word box after another (no OCR)."""
    out = []
    for n, text in enumerate(texts):
        words, x = [], 50.0
        for w in text.split():
            words.append(Word(w, x, 100 + 30 * n, x + 10 * len(w), 120 + 30 * n))
            x += 10 * len(w) + 8
        out.append(Row(1, tuple(words)))
    return out

REPO = Path(__file__).resolve().parents[1]

LETTERS = {
    "en": ("eng", "en_GB", ["Harbourside Tools Ltd", "7 Quay Street", "Hull HU1 1AB", "", "Hull, 9 April 2026", "",
                            "Purchase order PO-730418", "", "Dear Sir or Madam,", "please supply the following:", ""],
           [("TQ-2210", "Hex bolt M10", "40", "PCE", "0.65", "26.00"),
            ("WL-0485", "Spirit level 60 cm", "2", "PCE", "18.90", "37.80"),
            ("GB-7713", "Cable ties 200 mm", "25", "PCE", "1.24", "31.00")],
           ["", "Yours faithfully,", "A. Lowe, Purchasing"]),
    "fr": ("fra", "fr_FR", ["Menuiserie Garnier SARL", "4 chemin des Aulnes", "21000 Dijon", "",
                            "Dijon, le 9 avril 2026", "", "Commande n° MG-26-0418", "", "Madame, Monsieur,",
                            "veuillez nous livrer :", ""],
           [("TQ-2210", "Boulon hexagonal M10", "40", "PCE", "0,65", "26,00"),
            ("WL-0485", "Niveau 60 cm", "2", "PCE", "18,90", "37,80"),
            ("GB-7713", "Colliers 200 mm", "25", "PCE", "1,24", "31,00")],
           ["", "Cordialement,", "P. Garnier"]),
    "de": ("deu", "de_DE", ["Schreinerei Vogt GmbH", "Lindenweg 12", "79098 Freiburg", "",
                            "Freiburg, 9. April 2026", "", "Bestellung Nr. SV-730418", "",
                            "Sehr geehrte Damen und Herren,", "bitte liefern Sie uns:", ""],
           [("TQ-2210", "Sechskantschraube M10", "40", "Stk", "0,65", "26,00"),
            ("WL-0485", "Wasserwaage 60 cm", "2", "Stk", "18,90", "37,80"),
            ("GB-7713", "Kabelbinder 200 mm", "25", "Stk", "1,24", "31,00")],
           ["", "Mit freundlichen Grüßen", "K. Vogt"]),
}
WANT = [("TQ-2210", Decimal("40"), Decimal("0.65")), ("WL-0485", Decimal("2"), Decimal("18.90")),
        ("GB-7713", Decimal("25"), Decimal("1.24"))]


def letter_pdf(lang: str, style: str) -> bytes:
    """A letter whose items are typewriter rows ("erp": fixed columns, no rules, no titles) or
    sentences ("sentences": "40 PCE TQ-2210 Hex bolt M10 @ 0.65 = 26.00"; "zu": German with "zu"
    for the price)."""
    _, _, head, rows, tail = LETTERS[lang]
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    c.setFont("Courier" if style == "erp" else "Helvetica", 11)
    y = 780
    for line in head:
        c.drawString(70, y, line)
        y -= 16
    for code, desc, qty, unit, price, amount in rows:
        at = {"fr": "à", "de": "zu" if style == "zu" else "je"}.get(lang, "@")
        c.drawString(70, y, f"{code:<10}{desc:<24}{qty:>5} {unit:<4}{price:>9}{amount:>10}" if style == "erp"
                     else f"{qty} {unit} {code} {desc} {at} {price} = {amount}")
        y -= 16
    for line in tail:
        c.drawString(70, y, line)
        y -= 16
    c.showPage()
    c.save()
    return buf.getvalue()


def _read(lang: str, style: str, resolution: str):
    tesseract_lang, locale = LETTERS[lang][:2]
    hints = ExtractHints(languages=(tesseract_lang,), locale=locale, mappings_dir=REPO / "mappings")
    return OcrExtractor("tesseract").extract(render_fax_tiff(letter_pdf(lang, style), resolution, seed=9), hints)


@pytest.mark.parametrize("lang, resolution", [("en", "standard"), ("fr", "fine"), ("de", "standard")])
def test_an_erp_printout_without_rules_or_titles_reads_its_lines(lang: str, resolution: str) -> None:
    extraction = _read(lang, "erp", resolution)
    order = extraction.orders[0]
    assert [(ln.customer_item, ln.quantity, ln.unit_price) for ln in order.lines] == WANT
    assert [ln.amount for ln in order.lines] == [Decimal("26.00"), Decimal("37.80"), Decimal("31.00")]


@pytest.mark.parametrize("lang, resolution", [("en", "fine"), ("fr", "standard"), ("de", "fine")])
def test_items_typed_as_sentences_in_a_faxed_letter_are_read_and_wait_for_a_person(lang: str,
                                                                                  resolution: str) -> None:
    extraction = _read(lang, "sentences", resolution)
    assert extraction.doc_type == DocType.ORDER
    order = extraction.orders[0]
    assert [(ln.quantity, ln.unit_price) for ln in order.lines] == [(q, p) for _c, q, p in WANT]
    assert all(max(ln.confidence.values()) <= TYPED_ROW_CONFIDENCE for ln in order.lines)


def test_items_in_sentences_the_grammar_does_not_know_wait_as_unread_lines_not_lost() -> None:
    """"40 Stk TQ-2210 ... zu 0,65 = 26,00": no shape of the typed-order grammar; every such line is
    on the order as LINE-UNREAD, so it waits for a person."""
    extraction = _read("de", "zu", "fine")
    order = extraction.orders[0]
    unread = [p.message for p in order.problems if p.code == "LINE-UNREAD"]
    assert not order.lines and len(unread) == 3 and all(code in " ".join(unread) for code, _q, _p in WANT)


def _cover(lang: str) -> bytes:
    title, to, sender, pages, text = {
        "fr": ("TÉLÉCOPIE", "À : Service commandes", "De : Achats", "Pages : 2 (y compris celle-ci)",
               "Veuillez trouver ci-joint notre commande."),
        "de": ("TELEFAX", "An: Verkauf Innendienst", "Von: Einkauf", "Seiten: 2 (inkl. Deckblatt)",
               "Anbei erhalten Sie unsere Bestellung."),
        "en": ("FAX COVER SHEET", "To: Sales office", "From: Purchasing", "Pages: 2 (including this one)",
               "Please find our purchase order on the next page."),
    }[lang]
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    c.setFont("Helvetica-Bold", 22)
    c.drawString(60, 770, title)
    c.setFont("Helvetica", 12)
    for y, line in ((720, to), (700, sender), (680, pages), (660, "Date: 04/03/2026   Ref: 88213"), (620, text)):
        c.drawString(60, y, line)
    c.showPage()
    c.save()
    return buf.getvalue()


def _joined(*pdfs: bytes) -> bytes:
    out = pdfium.PdfDocument.new()
    for pdf in pdfs:
        out.import_pages(pdfium.PdfDocument(pdf))
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("customer", [1, 4, 6])  # French boxed, German classic, English classic
def test_a_cover_sheet_before_the_order_is_passed_over(customer: int, tmp_path: Path) -> None:
    master = make_master(43)
    write_master_csvs(master, tmp_path)
    md = load_master_data(tmp_path)
    order = make_order(43, customer, master, n_lines=3)
    pdf = _joined(_cover(order.customer.lang), render_order_pdf(order, fax_header=True))
    truth = truth_of(order)
    hints = hints_for(truth, "fax_fine", md, REPO / "mappings")
    extraction = OcrExtractor("tesseract").extract(render_fax_tiff(pdf, "fine", seed=customer), hints)
    assert extraction.doc_type == DocType.ORDER and extraction.pages == 2
    got = capture(extraction, md, hints.sender)
    assert got.order.po_number == truth["po_number"]
    checks = [c for c in compare(truth, got) if c.field in ("sku", "quantity", "unit_price")]
    assert sum(c.correct for c in checks) >= len(checks) - 1


def test_an_item_named_like_a_delivery_instruction_is_read_not_dropped() -> None:
    """"Tor-Antrieb", "Wanduhr", "Gate valve": an instruction word inside an item's row (review R27)."""
    from extractors.capture.typed_rows import typed_lines

    letter = ["Bestellung 4711-26", "Sehr geehrte Damen und Herren,", "bitte liefern Sie:",
              "40 Stk TQ-2210 Sechskantschraube M10", "2 Stk WL-0485 Wanduhr 30 cm",
              "3 Stk GB-7713 Tor-Antrieb 230 V", "1 Stk HX-1101 Gate valve DN50",
              "Anlieferung Tor 4 bis 14 Uhr", "Mit freundlichen Grüßen"]
    lines, _problems = typed_lines(letter_rows(letter), ExtractHints(locale="de_DE"))
    assert [(ln.customer_item, ln.quantity) for ln in lines] == [
        ("TQ-2210", Decimal(40)), ("WL-0485", Decimal(2)), ("GB-7713", Decimal(3)), ("HX-1101", Decimal(1))]
