"""PDF documents: born-digital text with pdfplumber, scanned pages through OCR.

``EXTRACTOR`` (name "pdf_text") takes every PDF. Pages whose text layer carries words are read
with pdfplumber (words with positions, confidence 1.0); pages without a usable text layer are
rasterised with pypdfium2 at ``OCR_DPI`` (lowered to stay under ``max_image_pixels``) and read by
``extractors.capture.ocr``. ``Extraction.format`` is "pdf_text", or "pdf_ocr" when any page was OCR'd.
A fax server's PDF (every page one bilevel image at fax resolution, ``extractors.capture.fax_pdf``) is
read as the fax it is, from the images at their own resolution by both engines: format "ocr".
A browser's header and footer lines (print date, page title, address, page number) are dropped
(``extractors.capture.print_margins``); the columns of a wide sheet printed on later pages are joined
to the rows they belong to (``extractors.capture.spilled_columns``). The words then go through ``extractors.capture.layout``:
classification (orders vs invoices, receipts, quotes), sender hints, template or generic reading. Boxes are in pixels of the page rendered
1400 pixels wide (``extractors.capture.ocr.render_page_png``).
"""

from __future__ import annotations

import io
import logging
from dataclasses import replace
from os.path import commonprefix

import pdfplumber
import pypdfium2 as pdfium
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfplumber.utils.exceptions import PdfminerException

from extractors.base import ExtractHints, Limits
from extractors.capture.blank_cells import settle_blank_rows
from extractors.capture.image_prep import RawPage
from extractors.capture.layout_spec import DELIVERY_LABELS, ORDER_DATE_LABELS, PO_LABELS
from extractors.locale_values import fold
from extractors.capture.layout import read_order_document
from extractors.capture.fax_pdf import fax_pages
from extractors.capture.crossed_borders import crosses, vertical_rules
from extractors.capture.filled_boxes import filled_boxes
from extractors.capture.watermarks import mark_letter, slanted_text, small_marks
from extractors.capture.struck import marked_areas, strokes, struck_words
from extractors.capture.ocr import REFERENCE_WIDTH, OcrExtractor, default_engines, ocr_pages, read_ocr_document
from extractors.capture.print_margins import strip_print_margins
from extractors.capture.reread import OcrPage
from extractors.capture.ruled_cells import cell_edges, find_ruled_tables
from extractors.capture.spilled_columns import join_spilled_columns
from extractors.capture.words import PageWords, Word
from gateway.errors import ExtractionError, LimitError
from gateway.model import Extraction

OCR_DPI = 300
MIN_OCR_DPI = 100
MIN_TEXT_CHARS = 20  # letters and digits a page needs for its text layer to count
CALC_X_TOLERANCE = 0.3  # points between two letters of one word in a Calc sheet's PDF (its cells' texts may touch)
CLIP_GAP = 3.0  # points between a text clipped at its cell's edge and the next cell's text
COLUMN_EDGE = 0.5  # points a cell's text may start off its column's left edge
CALC_OVERLAP = 0.5  # points a letter may start inside the one before it (kerning) before it counts as clipped
OVERLAP = 0.3  # share of a letter's width the next may start inside it before it counts as clipped text
_HEADER_LABELS = tuple(sorted({fold(label) for label in (*PO_LABELS, *ORDER_DATE_LABELS, *DELIVERY_LABELS)}))
for _noisy in ("pdfminer", "pdfplumber"):
    logging.getLogger(_noisy).setLevel(logging.ERROR)


class PdfTextExtractor:
    name = "pdf_text"
    heavy = True

    def detect(self, head: bytes, filename: str | None, content_type: str | None) -> float:
        return 1.0 if b"%PDF-" in head[:1024] else 0.0

    def extract(self, data: bytes, hints: ExtractHints) -> Extraction:
        """Raises ExtractionError (PDF-UNREADABLE, PDF-ENCRYPTED, OCR-*), LimitError
        (DOC-PAGES, IMAGE-PIXELS)."""
        pages = text_pages(data, hints.limits)
        scanned = [p.page for p in pages if not _usable(p)]
        if not scanned:
            return read_order_document(join_spilled_columns(pages), hints, "pdf_text", ocr=False)
        if len(scanned) == len(pages) and (faxes := fax_pages(data, hints.limits)):
            extraction = OcrExtractor().read_pages(faxes, hints)  # a fax server's PDF: read as the fax
            extraction.metadata["fax_pdf"] = True
            return extraction
        engines = "tesseract" if default_engines() == "both" else None  # scanned pages: tesseract's reading
        ocr, problems = ocr_pages(rasterise(data, scanned, hints.limits), hints, pdf_frame=True, engines=engines)
        by_page = {}
        for n, page in zip(scanned, ocr):
            words = PageWords(n, page.words.width, page.words.height,
                              tuple(replace(w, page=n) for w in page.words.words))
            by_page[n] = OcrPage(words, page.image, page.frame)
            pages[n - 1] = words
        extraction = read_ocr_document(pages, by_page, hints, "pdf_ocr")
        for order in extraction.orders:  # no page image kept here: a blank row's doubt stays, its boxes go
            settle_blank_rows(order, {})
        extraction.problems.extend(problems)
        extraction.metadata["ocr_pages"] = scanned
        return extraction


EXTRACTOR = PdfTextExtractor()


def text_pages(data: bytes, limits: Limits) -> list[PageWords]:
    """The words of every page's text layer, in the 1400-pixel-wide frame."""
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if len(pdf.pages) > limits.max_pages:
                raise LimitError(f"{len(pdf.pages)} pages, over the limit of {limits.max_pages}",
                                 code="DOC-PAGES")
            calc = from_calc(pdf.metadata)
            return [_page_words(p, n, calc) for n, p in enumerate(pdf.pages, 1)]
    except PDFPasswordIncorrect as exc:
        raise ExtractionError("PDF is encrypted", code="PDF-ENCRYPTED") from exc
    except (PdfminerException, PDFSyntaxError, ValueError, KeyError, TypeError) as exc:
        if isinstance(exc, PdfminerException) and isinstance(exc.args[0] if exc.args else None,
                                                             PDFPasswordIncorrect):
            raise ExtractionError("PDF is encrypted", code="PDF-ENCRYPTED") from exc
        raise ExtractionError(f"PDF cannot be read: {type(exc).__name__}", code="PDF-UNREADABLE") from exc


def from_calc(metadata: dict | None) -> bool:
    """A sheet exported to PDF by LibreOffice Calc: its cells' texts touch one another without a gap (a
    right-aligned "1" against the code left-aligned in the next column, a label clipped at its value)."""
    creator = str((metadata or {}).get("Creator") or "")
    return creator.strip().lower() == "calc" and "libreoffice" in str((metadata or {}).get("Producer") or "").lower()


def calc_words(page: pdfplumber.page.Page) -> list[dict]:
    """The words of a Calc sheet's PDF from its letters in drawing order, each line's letters cut at a
    blank, a gap (``CALC_X_TOLERANCE``) or a letter starting inside the one before it (``CALC_OVERLAP``:
    a cell's text clipped under the next cell's): "1" | "DF-PAP-A4" | "Papier", "Référence" | "Désignati"."""
    words: list[dict] = []
    current: list[dict] = []

    def close(blank: bool = False) -> None:
        if current:
            words.append({**_calc_word(list(current)), "spaced": blank})  # a blank after it: its cell's text goes on
            current.clear()

    for char in page.chars:
        if not char["text"].strip():
            close(blank=True)
            continue
        if current:
            last = current[-1]
            if abs(char["top"] - last["top"]) > 0.5 * max(last["bottom"] - last["top"], 1.0) \
                    or char["x0"] > last["x1"] + CALC_X_TOLERANCE or char["x0"] < last["x1"] - CALC_OVERLAP:
                close()
        current.append(char)
    close()
    words = _completed_labels(_at_column_starts(words))
    for a, b in zip(words, words[1:]):  # a text clipped under the next cell's ends where that one starts
        if abs(a["top"] - b["top"]) < 0.5 * max(a["bottom"] - a["top"], 1.0) and a["x0"] < b["x0"] < a["x1"]:
            a["x1"] = b["x0"]
    return words


def _calc_word(chars: list[dict]) -> dict:
    return {"text": "".join(c["text"] for c in chars), "x0": min(c["x0"] for c in chars),
            "x1": max(c["x1"] for c in chars), "top": min(c["top"] for c in chars),
            "bottom": max(c["bottom"] for c in chars), "upright": chars[0].get("upright", True), "chars": chars}


def _at_column_starts(words: list[dict]) -> list[dict]:
    """Words cut where a capital starts after a small letter at a column's left edge (the x where two
    other words start): a label clipped at its cell's edge touching the next cell's text ("Ship-to
    add" + "Acme Industrial" printed "addAcme")."""
    starts = _column_starts(words)
    out = []
    for w in words:
        chars, start = w["chars"], 0
        for i in range(1, len(chars)):
            if chars[i - 1]["text"].islower() and chars[i]["text"].isupper() \
                    and any(abs(chars[i]["x0"] - x) <= COLUMN_EDGE for x in starts):
                out.append(_calc_word(chars[start:i]))
                start = i
        out.append({**_calc_word(chars[start:]), "spaced": w.get("spaced", False)} if start else w)
    return out


def _completed_labels(words: list[dict]) -> list[dict]:
    """A header label clipped at its cell's edge, the next cell's text starting right after it at a
    column's left edge ("N° de comman" | "QB-7781/26"): its cut word completed when the words shown
    begin one label only (three fifths of it at least), so the label reads with its value. The cut letter may
    run a little under the value's first one ("N° command" | "QB-9913/26"); a value of digits (a date, right-
    aligned) may stand further right ("Date livraiso" ... "26/12/2026")."""
    starts = _column_starts(words)
    for j, (w, nxt) in enumerate(zip(words, words[1:])):
        same_line = abs(w["top"] - nxt["top"]) < 0.5 * max(w["bottom"] - w["top"], 1.0)
        touching = -CLIP_GAP <= nxt["x0"] - w["x1"] <= CLIP_GAP and any(abs(nxt["x0"] - x) <= COLUMN_EDGE for x in starts)
        if not same_line or w.get("spaced") or not (touching or _right_aligned_value(w, nxt)):
            continue  # "Order" | "No.": a blank between them, the label's words in one cell, nothing clipped
        shown = [w["text"]]
        for prev in reversed(words[max(0, j - 3):j]):
            if abs(prev["top"] - w["top"]) >= 0.5 * max(w["bottom"] - w["top"], 1.0):
                break
            shown.insert(0, prev["text"])
        for k in range(len(shown)):  # the longest run of shown words that begins a label decides
            phrase = fold(" ".join(shown[k:]))
            begun = [label for label in _HEADER_LABELS if label.startswith(phrase)]
            if not begun:
                continue
            cut = {label.split()[len(shown) - k - 1] for label in begun
                   if len(phrase) >= 0.6 * len(label) and label[len(phrase):][:1] not in ("", " ")}
            whole = commonprefix(sorted(cut))  # "Bestellnumme": "bestellnummer" or "bestellnummer/datum" begin alike
            if phrase not in begun and len(whole) > len(fold(w["text"])):  # "n° de comman": cut inside "commande"
                w["text"] = w["text"] + whole[len(fold(w["text"])):]
            break
    return words


def _right_aligned_value(w: dict, nxt: dict) -> bool:
    """The next cell's value is a number or a date, right-aligned in its cell: it need not touch the cut
    label ("Date livraiso" ... "26/12/2026"); the label still ends inside a word (checked by the caller)."""
    return nxt["x0"] > w["x1"] and nxt["text"][:1].isdigit()


def _column_starts(words: list[dict]) -> list[float]:
    counts: dict[float, int] = {}
    for w in words:
        counts[round(w["x0"] * 2) / 2] = counts.get(round(w["x0"] * 2) / 2, 0) + 1
    return [x for x, n in counts.items() if n >= 2]


def _page_words(page: pdfplumber.page.Page, n: int, calc: bool = False) -> PageWords:
    scale = REFERENCE_WIDTH / float(page.width)
    tables = find_ruled_tables(page, scale)
    edges = [(x / scale, y0 / scale, y1 / scale) for x, y0, y1 in cell_edges(tables)]
    words, crossed = [], []
    rules = vertical_rules(page.edges)
    wholes = calc_words(page) if calc else page.extract_words(
        keep_blank_chars=False, use_text_flow=False, x_tolerance=1.5, return_chars=True)
    for whole in wholes:
        if not whole.get("upright", True) or (whole.get("chars") and all(mark_letter(c) for c in whole["chars"])):
            continue  # vertical margin text; a watermark's letters (read apart: ``watermarks``)
        across = crosses(whole.get("chars") or (), rules)
        for w in [whole] if calc else _unclipped(whole, edges):
            words.append(Word(w["text"], w["x0"] * scale, w["top"] * scale, w["x1"] * scale,
                              w["bottom"] * scale, 1.0, n))
            if across:
                crossed.append(words[-1])
    return strip_print_margins(PageWords(n, float(REFERENCE_WIDTH), round(float(page.height) * scale, 1),
                                         tuple(words), tables, len(page.images),
                                         filled=filled_boxes(words, field_boxes(page, scale)),
                                         crossed=tuple(crossed),
                                         struck=struck_words(words, strokes(page, scale)),
                                         marked=marked_areas(page, scale, n), slanted=slanted_text(page.chars),
                                         marks=small_marks(page.chars)))


def field_boxes(page: pdfplumber.page.Page, scale: float) -> list[tuple[float, float, float, float]]:
    """Boxes drawn as one shape (a form's input field, a framed value), scaled: a line of text high."""
    out = []
    for shape in list(page.curves) + list(page.rects):
        x0, x1, top, bottom = shape["x0"], shape["x1"], shape["top"], shape["bottom"]
        if 8 <= bottom - top <= 40 and x1 - x0 >= 60:
            out.append((x0 * scale, top * scale, x1 * scale, bottom * scale))
    return out


def _unclipped(word: dict, edges: list[tuple[float, float, float]] = ()) -> list[dict]:  # type: ignore[assignment]
    """A word split where a letter starts well inside the one before it (text of a narrow sheet
    cell running under the next cell, printed clipped) or where a ruled cell's edge runs between two
    letters (a right-aligned "2 500" touching the "pièce" of the unit cell beside it): two cells'
    words, not one."""
    chars = word.get("chars") or []
    if len(chars) < 2:
        return [word]
    pieces, start = [], 0
    for i in range(1, len(chars)):
        a, b = chars[i - 1], chars[i]
        if b["x0"] < a["x1"] - OVERLAP * max(a["x1"] - a["x0"], 1.0) or _edge_between(a, b, edges):
            pieces.append(chars[start:i])
            start = i
    if not pieces:
        return [word]
    pieces.append(chars[start:])
    return [{"text": "".join(c["text"] for c in part), "x0": min(c["x0"] for c in part),
             "x1": max(c["x1"] for c in part), "top": min(c["top"] for c in part),
             "bottom": max(c["bottom"] for c in part)} for part in pieces]


def _edge_between(a: dict, b: dict, edges: list[tuple[float, float, float]]) -> bool:
    """A ruled cell's vertical edge between the middles of two letters of one line."""
    left, right = (a["x0"] + a["x1"]) / 2, (b["x0"] + b["x1"]) / 2
    middle = (a["top"] + a["bottom"]) / 2
    return any(left < x < right and y0 <= middle <= y1 for x, y0, y1 in edges)


def _usable(page: PageWords) -> bool:
    """A text layer worth reading: enough letters and digits, or a few on a page without an image
    (a sheet's second page holding its title alone has nothing to OCR)."""
    text = "".join(w.text for w in page.words)
    if "(cid:" in text and text.count("(cid:") * 6 > len(text) / 2:
        return False
    letters = sum(c.isalnum() for c in text)
    return letters >= MIN_TEXT_CHARS or (letters > 0 and page.images == 0)


def rasterise(data: bytes, pages: list[int], limits: Limits) -> list[RawPage]:
    """Pages (1-based) rendered in grey at ``OCR_DPI``, or less to stay under the pixel limit.
    Raises LimitError IMAGE-PIXELS when even ``MIN_OCR_DPI`` is over it."""
    doc = pdfium.PdfDocument(data)
    try:
        out = []
        for n in pages:
            page = doc[n - 1]
            w_pt, h_pt = page.get_size()
            dpi = min(OCR_DPI, (limits.max_image_pixels / max(w_pt * h_pt, 1.0)) ** 0.5 * 72)
            if dpi < MIN_OCR_DPI:
                raise LimitError(f"page {n} of {w_pt:.0f}x{h_pt:.0f} pt cannot be rasterised under the "
                                 f"pixel limit", code="IMAGE-PIXELS")
            gray = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            import numpy as np  # local: only scanned PDFs need it here

            out.append(RawPage(np.array(gray), dpi, dpi))
        return out
    finally:
        doc.close()
