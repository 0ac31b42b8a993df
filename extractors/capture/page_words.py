"""The words of one page with their boxes, for a person clicking on the page image: a PDF's text layer
when it has one, else tesseract on the rendered page (``extractors.capture.ocr``)."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image

from extractors.base import Limits
from extractors.capture.ocr import render_page_png, tesseract_words
from extractors.capture.pdf_text import _usable, text_pages
from extractors.capture.words import Word


def page_words(data: bytes, page: int, lang: str = "eng", timeout_s: float = 60.0) -> dict:
    """The words of page ``page`` with their boxes in the frame ``render_page_png`` draws (what a
    person clicks on the page image): a PDF's text layer when it has one, else tesseract on the
    rendered page. ``{"width", "height", "words": [{"text", "x", "y", "w", "h"}]}``. Raises what
    ``render_page_png`` raises, TimeoutError, ExtractionError."""
    if data.lstrip()[:5] == b"%PDF-":
        layer = text_pages(data, Limits())
        if not 1 <= page <= len(layer):
            raise IndexError(f"page {page} of {len(layer)}")
        if _usable(layer[page - 1]):
            found = layer[page - 1]
            return _words_json(found.width, found.height, found.words)
    image = Image.open(io.BytesIO(render_page_png(data, page))).convert("L")
    words = tesseract_words(np.asarray(image), lang, timeout_s, page)
    return _words_json(float(image.width), float(image.height), words)


def _words_json(width: float, height: float, words: tuple[Word, ...] | list[Word]) -> dict:
    return {"width": width, "height": height,
            "words": [{"text": w.text, "x": round(w.x0, 1), "y": round(w.y0, 1), "w": round(w.x1 - w.x0, 1),
                       "h": round(w.y1 - w.y0, 1)} for w in words]}
