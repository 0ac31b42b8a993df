"""A fax server's PDF: each page one bilevel image at fax resolution, read as the fax it is.

Fax servers (HylaFAX, T.38 gateways, e-mail-to-fax services) often deliver a received fax as a PDF
whose every page is a single 1-bit image (CCITT G3/G4 or Flate) covering the page, at 204 x 196 dpi
("fine") or 204 x 98 dpi ("standard"). Rendered as a scan at 300 dpi it loses what the fax reading
knows: its own pixel grid, the standard page's vertical upscale, and the second engine. ``fax_pages``
takes such pages' images at their own resolution (``RawPage``), so ``extractors.capture.pdf_text``
reads them exactly as it reads a TIFF fax; any other PDF (text, a colour or grey scan, a page with
more than one image, a rotated or cropped image) is None and goes the scanned-PDF way.
"""

from __future__ import annotations

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw

from extractors.base import Limits
from extractors.capture.image_prep import RawPage, check_pixels

X_DPI = (190.0, 215.0)  # 1728 dots over the width of A4 or Letter
Y_DPI = ((90.0, 110.0), (185.0, 215.0))  # standard, fine
COVER = 0.95  # share of the page's width and height the image must cover


def fax_pages(data: bytes, limits: Limits) -> list[RawPage] | None:
    """The pages of a fax server's PDF as decoded fax pages, or None when it is not one."""
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return None
    try:
        pages = []
        for index in range(len(doc)):
            page = _fax_page(doc[index], limits)
            if page is None:
                return None
            pages.append(page)
        return pages or None
    finally:
        doc.close()


def _fax_page(page: pdfium.PdfPage, limits: Limits) -> RawPage | None:
    if page.get_rotation() or len(list(page.get_objects())) != 1:
        return None
    (image,) = list(page.get_objects(filter=(pdfium_raw.FPDF_PAGEOBJ_IMAGE,))) or [None]
    if image is None or image.get_metadata().bits_per_pixel != 1:
        return None
    a, b, c, d, _e, _f = image.get_matrix().get()
    if b or c or a <= 0 or d <= 0:
        return None  # turned or mirrored: rendered as a scan instead
    width_pt, height_pt = page.get_size()
    left, bottom, right, top = image.get_bounds()
    if right - left < COVER * width_pt or top - bottom < COVER * height_pt:
        return None
    px_w, px_h = image.get_px_size()
    x_dpi, y_dpi = px_w / ((right - left) / 72), px_h / ((top - bottom) / 72)
    if not (X_DPI[0] <= x_dpi <= X_DPI[1] and any(lo <= y_dpi <= hi for lo, hi in Y_DPI)):
        return None
    check_pixels(px_w, px_h, limits)
    gray = np.array(image.get_bitmap(render=False).to_pil().convert("L"))
    if (gray < 128).mean() > 0.5:
        gray = 255 - gray  # an image mask or BlackIs1 decoded the other way round: ink is the minority
    return RawPage(gray, round(x_dpi), round(y_dpi))
