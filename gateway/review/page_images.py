"""Page images of archived documents with an order's field boxes drawn on them, and their words.

Rendering runs in the process pool (pdfium is not thread-safe); drawing the boxes in a thread. Used by
the review API (``/v1/documents/{id}/pages/{n}.png``) and by replay's HTML report.
"""

from __future__ import annotations

import asyncio
import io
from collections import OrderedDict

from gateway.context import Context
from gateway.model import NormalizedOrder

LOW_CONFIDENCE = 0.9  # boxes of fields read with less are drawn red


def draw_boxes(png: bytes, boxes: list[tuple[float, float, float, float, str]]) -> bytes:
    from PIL import Image, ImageDraw
    image = Image.open(io.BytesIO(png)).convert("RGB")
    draw = ImageDraw.Draw(image)
    for x, y, w, h, colour in boxes:
        draw.rectangle((x, y, x + w, y + h), outline=colour, width=3)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


HIGHLIGHT = "#c0c"  # fields a report points at (replay: the fields that differ)


def field_boxes(order: NormalizedOrder, page: int,
                highlight: frozenset[str] = frozenset()) -> list[tuple[float, float, float, float, str]]:
    low = {k for k, v in order.field_confidence.items() if v < LOW_CONFIDENCE}
    return [(b.x, b.y, b.w, b.h, HIGHLIGHT if key in highlight else "#d33" if key in low else "#2a7")
            for key, b in order.evidence.items() if b.page == page]


async def page_png(ctx: Context, data: bytes, page: int, order: NormalizedOrder | None = None,
                   highlight: frozenset[str] = frozenset(), turn: int = 0) -> bytes:
    """PNG of page ``page`` (1-based), with ``order``'s field boxes when given (``highlight``: the
    evidence keys, ``po_number`` or ``lines[2].quantity``, drawn in their own colour; ``turn``: the degrees
    the extraction turned the page upright by, its document's ``metadata.turned_pages``).

    Raises whatever rendering raises for a document without pages (ExtractionError, IndexError...)."""
    from extractors.capture.ocr import REFERENCE_WIDTH, render_page_png
    png = await ctx.pool.call(render_page_png, data, page, REFERENCE_WIDTH, turn) if turn else \
        await ctx.pool.call(render_page_png, data, page)
    if order is not None:
        png = await asyncio.to_thread(draw_boxes, png, field_boxes(order, page, highlight))
    return png


WORDS_KEPT = 32  # pages whose words are kept in memory (reading a faxed page again costs seconds)
_words: OrderedDict[tuple[str, int], dict] = OrderedDict()


async def page_words(ctx: Context, sha256: str, data: bytes, page: int, languages: tuple[str, ...] | None) -> dict:
    """The words of page ``page`` with boxes in the page image's pixels (text layer, else OCR in the
    process pool), for a person to click a word into a field. Raises as ``page_png`` does."""
    from extractors.capture.page_words import page_words as words_of
    key = (sha256, page)
    if key not in _words:
        lang = "+".join(languages or ctx.config.pipeline.languages) or "eng"
        _words[key] = await ctx.pool.call(words_of, data, page, lang, ctx.limits().ocr_page_timeout_s)
        while len(_words) > WORDS_KEPT:
            _words.popitem(last=False)
    return _words[key]
