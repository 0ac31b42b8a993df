"""OCR of page images (TIFF incl. multi-page CCITT faxes, PNG, JPEG) with tesseract, and the
page renders the review screen draws boxes on.

``EXTRACTOR`` (name "ocr") reads image documents; ``ocr_pages`` is also used by ``pdf_text`` for
PDF pages without a usable text layer. Each page is cleaned by ``image_prep`` and read with
``pytesseract.image_to_data`` (word boxes and confidences), languages ``"+".join(hints.languages)``,
``OMP_THREAD_LIMIT=1`` and a timeout of ``hints.limits.ocr_page_timeout_s`` per page (a page that
times out gets a Problem ``OCR-TIMEOUT``; if no page could be read the extraction fails with
that code).

Engines (``ENGINES``, ``GATEWAY_OCR_ENGINES`` overrides the default): "both" (the default when
RapidOCR is installed) also reads each page with
RapidOCR (``extractors.capture.rapid_engine``, on the deskewed grey page) and reads the page by the
engines' agreement (``extractors.capture.agreement``); "tesseract" and "rapidocr" read with one engine
(the bench compares the three). ``Extraction.metadata["engines"]`` names the engines used and,
with both, ``metadata["field_engines"]`` which engine read each field and
``metadata["agreement"]`` per page how many words the engines read alike.

Pages scanned upside down or sideways are turned upright (``extractors.capture.orientation``): a page
tesseract reads as it reads such a page is read again turned, and the surer reading kept (unsure every way, with
both engines the turn they read alike: a sideways standard-resolution fax);
``Extraction.metadata["turned_pages"]`` names the pages turned and the degrees (``render_page_png``'s ``turn``).

Coordinates: every ``Box`` is in pixels of ``render_page_png(data, page)`` with its default
``max_width`` (``REFERENCE_WIDTH``), page numbers 1-based. Images are rendered with square
pixels and deskewed, and never enlarged, so the frame of an image page is ``min(width, 1400)``
wide; a PDF page is always rendered 1400 pixels wide. ``Extraction.metadata["page_sizes"]`` holds
each page's frame size: a render at another ``max_width`` scales boxes by
``png_width / page_sizes[page - 1][0]``.
"""

from __future__ import annotations

import io
import os
from dataclasses import replace

import numpy as np
import pypdfium2 as pdfium
import pytesseract
import structlog
from PIL import Image

from extractors.capture import rapid_engine
from extractors.capture.agreement import RAPID, ROWS_AGREED, combine, confirm_by_words, merge_page, read_where_it_matters
from extractors.capture.arbiter import rapid_as_base
from extractors.capture.stray_marks import (Marking, marking_notes, marking_problems, printed_urgency, read_markings,
                                            unread_strokes)
from extractors.capture.written_lines import slanted_writing
from extractors.capture.hand_marks import hand_marks
from extractors.capture.hand_po import HAND_KINDS, doubt_hand_po
from extractors.capture.hand_questions import hand_questions, ink_lean, once_per_place
from extractors.capture.mark_words import mark_problems
from extractors.capture.struck_rows import struck_lines
from extractors.capture.corrected_quantity import corrected_quantities, printed_after_all
from extractors.capture.blank_cells import settle_blank_rows
from extractors.capture.table_end import may_go_on, missing_pages
from extractors.capture.tiebreak import break_ties
from extractors.base import ExtractHints, Limits
from extractors.capture.image_prep import (Prepared, RawPage, open_image_pages, prepare_for_ocr, remove_rules, rotate,
                                  straighten)
from extractors.capture.layout import read_order_document
from extractors.capture.line_repair import repair_order
from extractors.capture.orientation import agreeing_turn, reads_better, reads_upright, turned, turns_to_try
from extractors.capture.reread import (FrameMap, OcrPage, doubtful_regions, line_adds_up, merge_readings, reread,
                               replace_regions, within_budget)
from extractors.capture.words import PageWords, Word
from gateway.errors import ExtractionError, LimitError
from gateway.model import DocType, ExtractedOrder, Extraction, Problem

log = structlog.get_logger(__name__)

REFERENCE_WIDTH = 1400
REREAD_PIXEL_SHARE = 0.35  # all further readings together: at most this share of the pages' pixels
HOPELESS_SHARE = 0.5  # more item rows than this not adding up: no further readings
REREAD_VIEWS = (2.0, 1.5, 3.0)  # enlargements for the second and third readings of doubtful places
TESSERACT_CONFIG = "--psm 4 -c tessedit_do_invert=0"
RAPID_EVERYWHERE = False  # True: RapidOCR reads every line it finds (the bench compares the two)
REREAD_WITH_RAPID = False  # True: tesseract's further readings also when RapidOCR reads (as before; the
# bench's "both-prev": on held-out standard faxes they cost CPU and made one order worse, not better)
ENGINES = ("both", "tesseract", "rapidocr")
STRUCK_ROWS = True  # False: rows crossed out on the page are not looked for (as before)
MARKINGS = True  # False: stamps and notes at an angle are not looked for (as before; the bench compares)
HAND_MARKS = True  # False: short hand marks in large upright letters are not looked for (as before)
TIE_BREAK = True  # False: a PO number the engines read differently is not read a third time (as before)
MAGIC = ((b"II*\x00", 1.0), (b"MM\x00*", 1.0), (b"\x89PNG\r\n\x1a\n", 0.95), (b"\xff\xd8\xff", 0.95))


class OcrExtractor:
    """Image documents: TIFF, PNG, JPEG."""

    name = "ocr"
    heavy = True

    def __init__(self, engines: str | None = None) -> None:
        self.engines = engines  # None: default_engines()

    def detect(self, head: bytes, filename: str | None, content_type: str | None) -> float:
        return next((score for magic, score in MAGIC if head.startswith(magic)), 0.0)

    def extract(self, data: bytes, hints: ExtractHints) -> Extraction:
        """Raises LimitError (IMAGE-PIXELS, DOC-PAGES), ExtractionError (IMAGE-UNREADABLE,
        OCR-TIMEOUT, OCR-FAILED, OCR-UNAVAILABLE)."""
        return self.read_pages(open_image_pages(data, hints.limits), hints)

    def read_pages(self, raws: list[RawPage], hints: ExtractHints) -> Extraction:
        """Decoded fax or scan pages read as an image document (a TIFF's, or a fax server's PDF's)."""
        ocr, problems = ocr_pages(raws, hints, pdf_frame=False, engines=self.engines)
        read = {p.words.page: p for p in ocr}  # RapidOCR's words join it where it read
        extraction = read_ocr_document([p.words for p in ocr], read, hints, "ocr")
        extraction.problems.extend(problems)
        markings = [m for p in ocr for m in p.marks]
        orders = extraction.orders if extraction.doc_type == DocType.ORDER else []
        if markings and orders:
            for order in orders:  # a stamp on the second order's page is that order's, not the first's
                own = [m for m in markings if any(o is order for o in orders_on_page(orders, m.page))]
                if own:
                    order.problems.extend(marking_problems(own, order))
                    order.notes.extend(marking_notes(own))
            extraction.metadata["markings"] = [{"page": m.page, "angle": m.angle, "text": m.text} for m in markings]
        boxed = [(m, m.frame_box or _frame_box(m, read)) for m in markings]
        framed = [(m.page, box) for m, box in boxed if box is not None]
        hand = [(m.page, box) for m, box in boxed if box is not None and m.kind in HAND_KINDS]
        for order in orders:  # "DFO14477" written by hand: the engines' agreement does not make it print
            doubt_hand_po(order, read, hand)
        for order in orders:  # "ERLEDIGT", "doppelt", "STOP" written or stamped at print size beside the order
            readings = [r for p in read.values() if any(o is order for o in orders_on_page(orders, p.words.page))
                        for r in (p.words, p.rapid) if r is not None]
            order.problems.extend(mark_problems(order, readings, framed))
            judged = [(p.words, ink_lean(p.image, p.frame.to_prepared)) for p in read.values()
                      if any(o is order for o in orders_on_page(orders, p.words.page))]
            order.problems.extend(hand_questions(order, judged, []))  # "dispo ?" beside a line, written by hand
            order.problems = once_per_place(order.problems)  # both readings of one question: named once
        covers = tuple(extraction.metadata.get("cover_pages") or ())
        absent = missing_pages([p.words for p in ocr], covers) if orders else []
        if absent:  # "Seite 1/3" and no page 2: the order may have lines, a note or its total on it
            for order in orders:
                order.problems.append(Problem(
                    code="PAGE-MISSING", severity="error", element="lines",
                    message=f"the fax's page counter names page{'s' if len(absent) > 1 else ''} "
                            f"{', '.join(map(str, absent))}, which did not come: "
                            "lines or notes may be missing, ask the sender for the whole fax"))
        binaries: dict[int, tuple[np.ndarray, float]] = {}
        if STRUCK_ROWS and orders:
            binaries = {p.words.page: (p.binary, 1.0 / p.rapid_frame.scale) for p in ocr
                        if p.binary is not None and p.rapid_frame is not None and not p.rapid_frame.turn_deg}
            words = {p.words.page: list(p.words.words) for p in ocr}
            for order in orders:
                pages = {page: w for page, w in words.items() if any(o is order for o in orders_on_page(orders, page))}
                order.problems.extend(struck_lines(order, pages, binaries))
                printed_after_all(order, binaries)
                order.problems.extend(corrected_quantities(order, binaries))
        for order in orders:  # a blank quantity cell's row is no line once its page shows no ink there
            settle_blank_rows(order, binaries)
        turned_pages = {str(p.words.page): p.turned for p in ocr if p.turned}
        if turned_pages:
            extraction.metadata["turned_pages"] = turned_pages
        return extraction


EXTRACTOR = OcrExtractor()


def orders_on_page(orders: list[ExtractedOrder], page: int) -> list[ExtractedOrder]:
    """The orders a page belongs to: those read from it (the pages of their fields' and lines' boxes); with
    none, the order begun last before it; with no pages known at all, every order (a mark no one can place
    holds them all rather than none)."""
    if len(orders) <= 1:
        return list(orders)
    pages = [{b.page for b in o.boxes.values()} | {b.page for ln in o.lines for b in ln.boxes.values()}
             for o in orders]
    on = [o for o, seen in zip(orders, pages) if page in seen]
    if on:
        return on
    before = [(min(seen), o) for o, seen in zip(orders, pages) if seen and min(seen) <= page]
    return [max(before, key=lambda pair: pair[0])[1]] if before else list(orders)


def default_engines() -> str:
    """``GATEWAY_OCR_ENGINES`` when set (one of ``ENGINES``), else "both" when RapidOCR is
    installed, else "tesseract". Raises ExtractionError OCR-ENGINES for an unknown name."""
    named = os.environ.get("GATEWAY_OCR_ENGINES", "").strip()
    if named:
        if named not in ENGINES:
            raise ExtractionError(f"GATEWAY_OCR_ENGINES={named!r}: not one of {', '.join(ENGINES)}",
                                  code="OCR-ENGINES")
        return named
    return "both" if rapid_engine.available() else "tesseract"


def ocr_pages(raws: list[RawPage], hints: ExtractHints, pdf_frame: bool,
              first_page: int = 1, engines: str | None = None) -> tuple[list[OcrPage], list[Problem]]:
    """Each page cleaned and read. ``pdf_frame``: the pages are PDF renders (frame always 1400
    wide, not deskewed, so boxes are turned back by the deskew angle). ``engines``: one of
    ``ENGINES`` (None: ``default_engines()``); with "rapidocr" the pages' words are RapidOCR's,
    with "both" tesseract's, RapidOCR's in ``OcrPage.rapid``."""
    engines = engines or default_engines()
    lang = _languages(hints)
    pages, problems = [], []
    for n, raw in enumerate(raws, first_page):
        prep = prepare_for_ocr(raw)
        words: list[Word] = []
        rapid = None
        marks: tuple = ()
        if engines != "rapidocr":
            try:
                raw, prep, read = _read_upright(raw, prep, lang, hints.limits.ocr_page_timeout_s, n, pdf_frame,
                                                agree=engines == "both")
                words = [_frame_map(prep, pdf_frame).to_frame(x) for x in read]
                if MARKINGS and not pdf_frame:
                    marks = tuple(_markings(prep, read, lang, hints.limits.ocr_page_timeout_s, n))
            except TimeoutError:
                problems.append(Problem(code="OCR-TIMEOUT", message=f"page {n}: OCR timed out",
                                        segment=f"page {n}"))
        frame = _frame_map(prep, pdf_frame)
        h, w = prep.straight.gray.shape
        frame_w = REFERENCE_WIDTH if pdf_frame else min(w, REFERENCE_WIDTH)
        size = (float(frame_w), round(h * frame_w / w, 1))
        detected = None
        if engines == "rapidocr":
            rapid = PageWords(n, *size, tuple(rapid_page_words(prep, pdf_frame, n)))
        elif engines != "tesseract":
            detected = rapid_lines(prep, n)
        page = PageWords(n, *size, tuple(words))
        if engines == "rapidocr":
            page, rapid = rapid, None
        pages.append(OcrPage(page, prep.image, frame, rapid, engines, detected,
                             _frame_map(prep, pdf_frame, upscale=1.0), raw.turned, marks,
                             None if pdf_frame else prep.straight.binary))
    if problems and len(problems) == len(raws):
        raise ExtractionError("no page could be read before the OCR timeout", code="OCR-TIMEOUT",
                              problems=problems)
    return pages, problems


def _frame_box(m: Marking, read: dict[int, OcrPage]) -> tuple[float, float, float, float] | None:
    """A marking's box (pixels of the image searched) in the frame of the page's words and the order's boxes."""
    page = read.get(m.page)
    x, y, w, h = m.box
    if page is None or w <= 0 or h <= 0:
        return None
    at = page.frame.to_frame(Word("", float(x), float(y), float(x + w), float(y + h), 1.0, m.page))
    return at.x0, at.y0, at.x1, at.y1


def _markings(prep: Prepared, read: list[Word], lang: str, timeout_s: float, page: int) -> list[Marking]:
    """Stamps and notes put on the page at an angle (``extractors.capture.stray_marks``)."""
    def recognise(image: np.ndarray) -> str:
        os.environ["OMP_THREAD_LIMIT"] = "1"
        return pytesseract.image_to_string(Image.fromarray(image), lang=lang, config="--psm 6", timeout=timeout_s)
    try:
        found = read_markings(prep.image, read, prep.straight.binary, 1.0 / prep.upscale, page, recognise)
        found += [m for m in unread_strokes(prep.image, read, page)
                  if not any(_overlap(m.box, f.box) for f in found)]
        found += [m for m in slanted_writing(prep.image, read, page)
                  if not any(_overlap(m.box, f.box) for f in found)]
        found += [m for m in printed_urgency(read, page, float(prep.image.shape[0]))
                  if not any(_overlap(m.box, f.box) for f in found)]
        if HAND_MARKS:
            frame = _frame_map(prep, False)
            for m in hand_marks(prep.image, read, page):
                if any(_overlap(m.box, f.box) for f in found):
                    continue
                x, y, w, h = m.box
                at = frame.to_frame(Word("", float(x), float(y), float(x + w), float(y + h), 1.0, page))
                found.append(replace(m, frame_box=(at.x0, at.y0, at.x1, at.y1)))
        return found
    except RuntimeError as exc:  # a crop tesseract could not read in time: the marking stays unread
        log.warning("stray_marks.unread", page=page, error=str(exc))
        return [Marking((0, 0, 0, 0), 0.0, "", page)]


def _overlap(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    return min(a[1] + a[3], b[1] + b[3]) > max(a[1], b[1]) and min(a[0] + a[2], b[0] + b[2]) > max(a[0], b[0])


def _read_upright(raw: RawPage, prep: Prepared, lang: str, timeout_s: float, page: int,
                  pdf_frame: bool, agree: bool = False) -> tuple[RawPage, Prepared, list[Word]]:
    """Tesseract's words of the page, read again turned when it reads as a page upside down or
    sideways does (``orientation.reads_upright``): the turned reading is kept when tesseract is
    surer of it; unsure every way, with ``agree`` (both engines read) the turn both read alike
    (``orientation.agreeing_turn``). PDF renders are left as they are (their review render is not turned)."""
    words = tesseract_words(prep.image, lang, timeout_s, page)
    body = below_banner(words, prep.image.shape[0])
    if pdf_frame or reads_upright(body):
        return raw, prep, words
    tried = {0: (raw, prep, words)}
    for turn in turns_to_try(raw, timeout_s, body):
        tried[turn] = _read_turned(raw, turn, lang, timeout_s, page)
        if reads_better(tried[turn][2], body):
            log.info("orientation.turned", page=page, degrees=turn)
            return tried[turn]
    if agree and rapid_engine.available():  # tesseract is unsure every way: the turn both engines read alike (a sideways standard fax)
        for turn in (90, 270):
            if turn not in tried:
                tried[turn] = _read_turned(raw, turn, lang, timeout_s, page)
        best = agreeing_turn({turn: _agreed_words(p, w, page) for turn, (_r, p, w) in tried.items()})
        return tried[best]
    return raw, prep, words


def _read_turned(raw: RawPage, turn: int, lang: str, timeout_s: float,
                 page: int) -> tuple[RawPage, Prepared, list[Word]]:
    other = turned(raw, turn)
    prep = prepare_for_ocr(other)
    return other, prep, tesseract_words(prep.image, lang, timeout_s, page)


def _agreed_words(prep: Prepared, words: list[Word], page: int) -> int:
    """How many words tesseract (``words``, pixels of ``prep.image``) and RapidOCR read alike on the prepared page,
    under the fax header line."""
    frame = _frame_map(prep, False)
    height = float(prep.image.shape[0])
    tess = [frame.to_frame(w) for w in below_banner(words, height)]
    top = BANNER_SHARE * frame.to_frame(Word("", 0.0, height, 0.0, height, 1.0, page)).y0
    rapid = [w for w in rapid_page_words(prep, False, page) if w.y0 > top]
    return merge_page(PageWords(page, 1.0, 1.0, tuple(tess)), PageWords(page, 1.0, 1.0, tuple(rapid))).agreed


BANNER_SHARE = 0.04  # of the page's height: the sending machine's header line at the top of a fax page


def below_banner(words: list[Word], height: int) -> list[Word]:
    """The words under the fax header line the sending machine prints at the top of each page, upright whichever
    way the sheet lay on the glass: a sideways page under it read as that line alone is no upright page
    (findings t3, class 7: a sideways standard-resolution fax read as its header line, FAX-NO-ORDER)."""
    return [w for w in words if w.y0 > BANNER_SHARE * height]


def rapid_page_words(prep: Prepared, pdf_frame: bool, page: int) -> list[Word]:
    """RapidOCR's words of a prepared page, in frame coordinates: it reads the deskewed grey
    page at square pixels, neither binarised nor cleaned (its detector wants the grey edges)."""
    frame = _frame_map(prep, pdf_frame, upscale=1.0)
    return [frame.to_frame(w) for w in rapid_engine.recognise(rapid_lines(prep, page))]


def rapid_lines(prep: Prepared, page: int) -> rapid_engine.Detected:
    """The text lines RapidOCR's detector finds on the prepared page (not yet read)."""
    gray = rotate(prep.straight.gray, prep.straight.angle) if prep.straight.angle else prep.straight.gray
    scale = rapid_engine.DET_SCALE_ENLARGED if prep.upscale > 1.0 else rapid_engine.DET_SCALE
    return rapid_engine.detect(gray, page, _ink(prep, gray.shape), scale)


def _ink(prep: Prepared, shape: tuple[int, ...]) -> np.ndarray:
    """Where RapidOCR's words are measured: the page tesseract read (binary, rules removed) when
    it is in the pixels of the deskewed grey page; a page read enlarged (standard faxes) has its
    rules removed at its own size, as before (reducing the enlarged page back measured no cheaper)."""
    if prep.upscale == 1.0 and prep.image.shape == shape:
        return prep.image
    return remove_rules(prep.straight.binary, prep.straight.dpi)


def _languages(hints: ExtractHints) -> str:
    return "+".join(hints.languages) or "eng"


def _frame_map(prep: Prepared, pdf_frame: bool, upscale: float | None = None) -> FrameMap:
    h, w = prep.straight.gray.shape
    up = prep.upscale if upscale is None else upscale
    frame_w = REFERENCE_WIDTH if pdf_frame else min(w, REFERENCE_WIDTH)
    return FrameMap(frame_w / w / up, -prep.straight.angle if pdf_frame else 0.0, w * up / 2, h * up / 2)


def read_ocr_document(pages: list[PageWords], ocr: dict[int, OcrPage], hints: ExtractHints,
                      fmt: str) -> Extraction:
    """Layout on the OCR'd words, then further readings of the doubtful places
    (``extractors.capture.reread``): header values and item rows at ``REREAD_VIEWS[0]``, item rows
    still not adding up at the next views; all within ``REREAD_PIXEL_SHARE`` of the pages'
    pixels, and none for a page where most rows fail (the cost stays bounded and
    deterministic). Rows a single OCR slip keeps from adding up are mended last
    (``extractors.capture.line_repair``). Pages both engines read are read by their agreement
    (``_read_by_agreement``); pages RapidOCR alone read get no further readings."""
    engines = _engines_of(ocr)
    if engines == "both":
        result = _read_by_agreement(pages, ocr, hints, fmt)
    elif engines == "rapidocr":
        result = read_order_document(pages, hints, fmt, ocr=True)
    else:
        result = _read_with_rereads(pages, ocr, hints, fmt)
    result.metadata["engines"] = engines
    if result.doc_type == DocType.ORDER and result.orders:
        if result.orders[0].confidence.get(ROWS_AGREED) and may_go_on(result.orders[0], pages):
            result.orders[0].confidence[ROWS_AGREED] = 0.0  # the rows received agree; a page may be missing
        mended = repair_order(result.orders[0])
        if mended:
            result.metadata["repaired_rows"] = mended
    return result


def _engines_of(ocr: dict[int, OcrPage]) -> str:
    if any(p.rapid is not None or p.detected is not None for p in ocr.values()):
        return "both"
    if ocr and all(p.engine == "rapidocr" for p in ocr.values()):
        return "rapidocr"
    return "tesseract"


def _read_by_agreement(pages: list[PageWords], ocr: dict[int, OcrPage], hints: ExtractHints,
                       fmt: str) -> Extraction:
    """Tesseract's reading and RapidOCR's, each through the layout step, combined field by field
    (``extractors.capture.agreement``); RapidOCR's whole reading as the base where that one adds
    up and the combination does not (``extractors.capture.arbiter``); a PO number the engines read
    differently read a third time by tesseract (``extractors.capture.tiebreak``). RapidOCR is the second
    reading of the doubtful places: tesseract's own further readings are not made
    (``REREAD_WITH_RAPID``)."""
    tess = _read_with_rereads(pages, ocr, hints, fmt) if REREAD_WITH_RAPID else \
        read_order_document(pages, hints, fmt, ocr=True)
    before = tess.model_copy(deep=True)  # combine changes tesseract's reading in place
    regions = read_where_it_matters(tess, ocr, RAPID_EVERYWHERE)
    for n, words in regions.words.items():
        ocr[n] = replace(ocr[n], rapid=PageWords(n, ocr[n].words.width, ocr[n].words.height, tuple(words)))
    rapid_pages = [ocr[p.page].rapid if p.page in ocr and ocr[p.page].rapid is not None else
                   PageWords(p.page, p.width, p.height, ()) for p in pages]  # never tesseract's words as RapidOCR's
    seen = [regions.beside(p) for p in pages]  # RapidOCR's words where it read, tesseract's elsewhere
    rapid = regions.unread_dropped(read_order_document(seen, hints, fmt, ocr=True))
    read_whole = rapid.model_copy(deep=True) if regions.whole else None  # combine may change it
    result, engines = combine(tess, rapid)
    if result.orders and result is tess:
        confirm_by_words(result.orders[0], engines, pages, rapid_pages)
        confirm_by_words(result.orders[0], engines, rapid_pages, pages, only=RAPID)
    result, engines = rapid_as_base((result, engines), before, regions, ocr, pages, hints, fmt, read_whole)
    if result.doc_type == DocType.ORDER and result.orders and TIE_BREAK:
        lang, timeout = _languages(hints), hints.limits.ocr_page_timeout_s
        try:
            break_ties(result.orders[0], engines, ocr, lambda image, page: tesseract_words(image, lang, timeout, page))
        except TimeoutError:
            pass  # the two readings stand as they were
    result.metadata["agreement"] = {str(n): _agreement(p) for n, p in ocr.items() if p.rapid is not None}
    result.metadata["field_engines"] = engines
    result.metadata["rapid_lines"] = regions.counts
    return result


def _agreement(page: OcrPage) -> dict[str, int]:
    merged = merge_page(page.words, page.rapid)
    return {"agreed": merged.agreed, "disagreed": merged.disagreed, "single": merged.single}


def _read_with_rereads(pages: list[PageWords], ocr: dict[int, OcrPage], hints: ExtractHints,
                       fmt: str) -> Extraction:
    result = read_order_document(pages, hints, fmt, ocr=True)
    lang, timeout = _languages(hints), hints.limits.ocr_page_timeout_s
    budget = REREAD_PIXEL_SHARE * sum(p.image.size for p in ocr.values())
    for n, upscale in enumerate(REREAD_VIEWS):
        if result.doc_type != DocType.ORDER or not result.orders or not ocr:
            return result
        regions = doubtful_regions(result.orders[0], pages, header=n == 0)
        regions, cost = within_budget(regions, ocr, upscale, budget)
        budget -= cost
        if not regions or _hopeless(result.orders[0]):
            return result
        try:
            fresh = reread(regions, ocr, lambda image, page: tesseract_words(image, lang, timeout, page), upscale)
        except TimeoutError:
            return result
        second = read_order_document(replace_regions(pages, regions, fresh), hints, fmt, ocr=True)
        result = merge_readings(result, second, regions)
    return result


def _hopeless(order: ExtractedOrder) -> bool:
    """Most item rows wrong: the page is too poor for more readings to pay off."""
    bad = sum(not line_adds_up(line) for line in order.lines)
    return len(order.lines) >= 4 and bad > len(order.lines) * HOPELESS_SHARE


def tesseract_words(image: np.ndarray, lang: str, timeout_s: float, page: int) -> list[Word]:
    """Words, boxes (pixels of ``image``) and confidences (0..1) from tesseract. Raises
    TimeoutError, or ExtractionError OCR-FAILED / OCR-UNAVAILABLE."""
    os.environ["OMP_THREAD_LIMIT"] = "1"  # pytesseract hands os.environ to the tesseract process
    try:
        bilevel = Image.fromarray(image).convert("1", dither=Image.Dither.NONE)  # smaller file to hand over
        data = pytesseract.image_to_data(bilevel, lang=lang, config=TESSERACT_CONFIG,
                                         timeout=timeout_s, output_type=pytesseract.Output.DICT)
    except RuntimeError as exc:
        if "timeout" in str(exc).lower():
            raise TimeoutError(str(exc)) from exc
        raise ExtractionError(f"tesseract failed: {exc}", code="OCR-FAILED") from exc
    except pytesseract.TesseractNotFoundError as exc:
        raise ExtractionError("tesseract is not installed", code="OCR-UNAVAILABLE", retryable=True) from exc
    return words_from_tsv(data, page)


def words_from_tsv(data: dict[str, list], page: int) -> list[Word]:
    """Words of tesseract's TSV/dict output (level 5 rows with text)."""
    out = []
    for i, text in enumerate(data["text"]):
        text = str(text).strip()
        conf = float(data["conf"][i])
        if not text or conf < 0 or (conf < 50 and not any(c.isalnum() for c in text)):
            continue  # layout rows, and specks read as punctuation
        x, y, w, h = (float(data[k][i]) for k in ("left", "top", "width", "height"))
        out.append(Word(text, x, y, x + w, y + h, round(min(conf, 100.0) / 100.0, 4), page))
    return out


def render_page_png(data: bytes, page: int, max_width: int = REFERENCE_WIDTH, turn: int = 0) -> bytes:
    """PNG of page ``page`` (1-based) of a PDF, TIFF, PNG or JPEG document, at most
    ``max_width`` pixels wide (PDF pages exactly that wide); an image page turned ``turn`` degrees
    clockwise (the extraction's ``metadata["turned_pages"]``). With the default width it is the
    frame the extraction's boxes are in. Raises LimitError, ExtractionError, IndexError (no
    such page)."""
    if data.lstrip()[:5] == b"%PDF-":
        image = render_pdf_page(data, page, max_width)
    else:
        raws = open_image_pages(data, Limits())
        if not 1 <= page <= len(raws):
            raise IndexError(f"page {page} of {len(raws)}")
        gray = straighten(turned(raws[page - 1], turn)).gray
        image = Image.fromarray(gray)
        if image.width > max_width:
            image = image.resize((max_width, round(image.height * max_width / image.width)), Image.LANCZOS)
    buf = io.BytesIO()
    image.save(buf, format="PNG", optimize=False)
    return buf.getvalue()


def render_pdf_page(data: bytes, page: int, width: int, limits: Limits | None = None) -> Image.Image:
    """One PDF page rendered ``width`` pixels wide, in grey."""
    limits = limits or Limits()
    doc = pdfium.PdfDocument(data)
    try:
        if not 1 <= page <= len(doc):
            raise IndexError(f"page {page} of {len(doc)}")
        pdf_page = doc[page - 1]
        w_pt, h_pt = pdf_page.get_size()
        scale = width / w_pt
        if width * h_pt * scale > limits.max_image_pixels:
            raise LimitError("page render over the pixel limit", code="IMAGE-PIXELS")
        image = pdf_page.render(scale=scale, grayscale=True).to_pil().convert("L")
        if image.width != width:  # pdfium rounds the bitmap size up
            image = image.resize((width, round(h_pt * scale)), Image.LANCZOS)
        return image
    finally:
        doc.close()
