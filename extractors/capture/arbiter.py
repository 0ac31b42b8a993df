"""RapidOCR's whole reading as the base, when the engines' field-by-field agreement still leaves an
order that does not add up and RapidOCR's reading of the whole page does.

``extractors.capture.agreement.combine`` keeps tesseract's reading as the base and mends it row by
row. On standard faxes (200x100 dpi) tesseract loses decimal marks, merges the item-code column
into the next and misses rows, and where its layout went wrong there is no row of its own to mend:
RapidOCR alone then reads the order whole (``bench/bench_ocr_engines.py``, mode "rapidocr"). So
when the combined reading does not **check out** (``checks_out``: every item row has quantity,
price and amount and multiplies out to the cent, and the rows' amounts give the stated total)
RapidOCR recognises the lines its detector found that it had not read yet
(``agreement.read_the_rest``: only on such documents, so the cost is bounded by them), its words
go through the layout step alone, rows a single slip keeps from adding up are mended
(``line_repair``: flagged ``OCR-REPAIRED``, so only the stated total vouches for them), and if
that reading checks out it becomes the base: ``combine(rapid, tesseract, first=RAPID)`` weighs
every field against tesseract's own reading (taken before the combination changed it, so
RapidOCR's values never count as agreeing with themselves). Agreement raises a field,
disagreement halves it, a header value only RapidOCR read keeps ``SINGLE`` of its confidence
unless tesseract's words at its place read the same, and one only tesseract's layout found keeps it
unless RapidOCR's words there read the same (``confirm_by_words``). Item codes: a code
RapidOCR's layout ran the description into is tesseract's when tesseract's is its start; a row
whose description starts with its code (the code column merged the other way) takes no code from
tesseract's column. The arithmetic that chose the base is the cross-check ``score_order`` makes
anyway; it vouches for the rows, never for the PO number or the dates, which still need both
engines' agreement to pass the review threshold.
"""

from __future__ import annotations

from decimal import Decimal

from extractors.base import ExtractHints
from extractors.capture.agreement import RAPID, TESS, RapidReading, combine, confirm_by_words, read_the_rest, to_the_cent
from extractors.capture.layout import read_order_document
from extractors.capture.line_repair import repair_order
from extractors.capture.words import PageWords
from gateway.model import DocType, Extraction

ENABLED = True  # False: the agreement's reading stands as it is (bench_ocr_engines mode "both-prev")


def checks_out(reading: Extraction) -> bool:
    """The reading's order has item rows, each with quantity x price = amount to the cent, and
    their amounts give the stated total to the cent."""
    if reading.doc_type != DocType.ORDER or not reading.orders:
        return False
    order = reading.orders[0]
    if not order.lines or order.total is None or not all(to_the_cent(ln) for ln in order.lines):
        return False
    return abs(sum((ln.amount for ln in order.lines), Decimal(0)) - order.total) <= Decimal("0.005")


def rapid_as_base(combined: tuple[Extraction, dict[str, object]], tess: Extraction, regions: RapidReading,
                  ocr: dict, pages: list[PageWords], hints: ExtractHints,
                  fmt: str, read_whole: Extraction | None = None) -> tuple[Extraction, dict[str, object]]:
    """``combined`` (the agreement's reading and its engines per field) unless it does not check
    out and RapidOCR's whole reading does: then that one weighed against ``tess`` (tesseract's
    reading as it was before the combination). Where RapidOCR already read every line
    (``regions.whole``: tesseract's reading found no item rows) its reading is ``read_whole``: a
    row the combination left out because tesseract misread the total is not lost with it."""
    if not ENABLED or checks_out(combined[0]) or not regions.words or (regions.whole and read_whole is None):
        return combined
    if regions.whole:
        whole_pages = [regions.beside(p) for p in pages]
        whole = read_whole.model_copy(deep=True)
        rapid_only = [regions.only_rapid(p) for p in pages]
    else:
        words = read_the_rest(regions, ocr)
        whole_pages = [PageWords(p.page, p.width, p.height, tuple(words[p.page])) if p.page in words else p
                       for p in pages]
        whole = read_order_document(whole_pages, hints, fmt, ocr=True)
        rapid_only = [PageWords(p.page, p.width, p.height, tuple(words.get(p.page, ()))) for p in pages]
    whole = regions.only_read_pages(whole)  # a page RapidOCR read nothing of is tesseract's words: not a second reading
    mended = repair_order(whole.orders[0]) if whole.doc_type == DocType.ORDER and whole.orders else 0
    if not checks_out(whole):
        return combined
    if mended:
        whole.metadata["repaired_rows"] = mended
    whole.metadata.update({k: v for k, v in tess.metadata.items() if k not in whole.metadata})
    for key, value in tess.sender_hints.items():
        whole.sender_hints.setdefault(key, value)
    result, engines = combine(whole, tess, first=RAPID)
    confirm_by_words(result.orders[0], engines, rapid_only, pages, only=RAPID)
    confirm_by_words(result.orders[0], engines, pages, rapid_only, only=TESS)
    engines["order"] = f"{RAPID} whole page (the agreement's reading did not add up)"
    return result, engines
