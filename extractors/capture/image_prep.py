"""Page images in, pages fit for tesseract out: decoding under pixel limits, fax resolution,
speckles, skew, borders, table rules, binarisation and scale.

* ``open_image_pages`` decodes TIFF (multi-page, CCITT G3/G4), PNG and JPEG. Sizes are checked
  from the headers before any page is decoded (``LimitError`` ``IMAGE-PIXELS``; PIL's own
  decompression-bomb guard is turned into the same error), page counts against ``max_pages``.
* ``square_pixels`` resamples a standard fax (204x98 dpi, read from the TIFF resolution tags, or
  a 1728-wide page much wider than tall) to square pixels.
* ``straighten`` binarises (Otsu), removes isolated speckles (small connected components with no
  ink near them, so decimal points and i-dots stay) and deskews (projection-profile search).
* ``prepare_for_ocr`` also turns solid dark bands (white-on-dark table headers) into dark text
  on white, drops border blotches and table rules (morphological line detection,
  then a small closing to mend strokes the rules crossed) and upscales pages whose text is small
  so capital letters are about ``TARGET_CAP_PX`` high. A standard-resolution fax, whose every
  other row ``square_pixels`` made up, is always read enlarged ``STANDARD_FAX_UPSCALE`` times:
  tesseract then reads its interpolated letters far better (``bench/bench_capture.py``).
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image, ImageOps

from extractors.base import Limits
from gateway.errors import ExtractionError, LimitError
from gateway.model import Problem

FAX_WIDTHS = (1728, 2048, 2432, 3456)
TARGET_CAP_PX = 30.0
MIN_PAGE_PX = 64  # a page narrower or lower than this cannot hold an order (and breaks deskewing)
MIN_CAP_PX = 17.0  # pages whose capitals are smaller than this are upscaled
MAX_UPSCALE = 3.0
STANDARD_FAX_RATIO = 0.75  # y resolution under this share of x: a standard-resolution fax (204x98)
STANDARD_FAX_UPSCALE = 1.25  # read enlarged whatever its text size (bench_capture: 1.15-1.5 all help)
MAX_SKEW_DEG = 4.0


@dataclass(frozen=True)
class RawPage:
    """One decoded page: 8-bit grey, and its resolution (dots per inch, x and y)."""

    gray: np.ndarray
    x_dpi: float
    y_dpi: float
    turned: int = 0  # degrees clockwise ``orientation.upright`` turned the page by
    standard: bool = False  # a standard-resolution fax page turned sideways (its pixels made square)

    @property
    def is_standard(self) -> bool:
        """A standard-resolution fax page (204x98 dpi), whichever way it was turned."""
        return self.standard or self.y_dpi < STANDARD_FAX_RATIO * self.x_dpi


@dataclass(frozen=True)
class Straight:
    """A page with square pixels, deskewed: grey (for display) and binary (ink = 0)."""

    gray: np.ndarray
    binary: np.ndarray
    dpi: float
    angle: float


@dataclass(frozen=True)
class Prepared:
    """What tesseract reads, and the factor from its pixels back to ``Straight`` pixels."""

    image: np.ndarray
    straight: Straight
    upscale: float


def check_pixels(width: int, height: int, limits: Limits) -> None:
    """Raises LimitError IMAGE-PIXELS for a page over ``limits.max_image_pixels``."""
    if width * height > limits.max_image_pixels:
        raise LimitError(f"page of {width}x{height} pixels is over the limit of {limits.max_image_pixels}",
                         code="IMAGE-PIXELS", width=width, height=height)


def open_image_pages(data: bytes, limits: Limits) -> list[RawPage]:
    """Every page of a TIFF/PNG/JPEG. Raises LimitError (IMAGE-PIXELS, DOC-PAGES) or
    ExtractionError (IMAGE-UNREADABLE, IMAGE-TOO-SMALL)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            return _pages(image, limits)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise LimitError(f"image refused as a decompression bomb: {exc}", code="IMAGE-PIXELS") from exc
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        raise ExtractionError(f"image cannot be decoded: {exc}", code="IMAGE-UNREADABLE") from exc


def _pages(image: Image.Image, limits: Limits) -> list[RawPage]:
    count = getattr(image, "n_frames", 1)
    if count > limits.max_pages:
        raise LimitError(f"{count} pages, over the limit of {limits.max_pages}", code="DOC-PAGES")
    pages = []
    for index in range(count):
        image.seek(index)
        check_pixels(image.width, image.height, limits)
        if min(image.width, image.height) < MIN_PAGE_PX:
            raise ExtractionError(f"page {index + 1} is {image.width}x{image.height} pixels: too small to "
                                  f"hold an order (at least {MIN_PAGE_PX} pixels a side)", code="IMAGE-TOO-SMALL",
                                  problems=[Problem(code="IMAGE-TOO-SMALL", segment=f"page {index + 1}",
                                                    message=f"{image.width}x{image.height} pixels")])
        x_dpi, y_dpi = _resolution(image)
        frame = ImageOps.exif_transpose(image) if image.format == "JPEG" else image
        pages.append(RawPage(_to_gray(frame), x_dpi, y_dpi))
    return pages


def _resolution(image: Image.Image) -> tuple[float, float]:
    dpi = image.info.get("dpi")
    if dpi and dpi[0] and dpi[1] and float(dpi[0]) > 10:
        return float(dpi[0]), float(dpi[1])
    if image.width in FAX_WIDTHS and image.height < image.width * 0.8:
        return 204.0, 98.0  # a standard-resolution fax page without resolution tags
    if image.width in FAX_WIDTHS:
        return 204.0, 196.0
    return 200.0, 200.0


def _to_gray(image: Image.Image) -> np.ndarray:
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(white, rgba)
    return np.array(image.convert("L"), dtype=np.uint8)


def square_pixels(page: RawPage) -> tuple[np.ndarray, float]:
    """The page resampled so x and y resolution agree (standard fax: height x 204/98)."""
    if abs(page.x_dpi - page.y_dpi) / page.x_dpi < 0.05:
        return page.gray, page.x_dpi
    h, w = page.gray.shape
    new_h = round(h * page.x_dpi / page.y_dpi)
    return cv2.resize(page.gray, (w, new_h), interpolation=cv2.INTER_CUBIC), page.x_dpi


def binarize(gray: np.ndarray) -> np.ndarray:
    """Ink 0, paper 255 (Otsu; bilevel input is kept as it is)."""
    values = np.unique(gray[::7, ::7])
    if len(values) <= 2:
        return np.where(gray < 128, 0, 255).astype(np.uint8)
    _, out = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return out


def remove_speckles(binary: np.ndarray, dpi: float) -> np.ndarray:
    """Small ink specks with no other ink around them become paper."""
    ink = (binary == 0).astype(np.uint8)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    small_area = max(2, int((dpi / 200.0) ** 2 * 6))
    small = stats[:, cv2.CC_STAT_AREA] <= small_area
    small[0] = False
    if not small.any():
        return binary
    big_mask = (~small[labels] & (labels > 0)).astype(np.uint8)
    reach = max(3, int(dpi / 200.0 * 9))
    near = cv2.dilate(big_mask, np.ones((reach, reach), np.uint8))
    isolated = small[labels] & (near == 0)
    out = binary.copy()
    out[isolated] = 255
    return out


def estimate_skew(binary: np.ndarray) -> float:
    """The angle (degrees) that makes text rows horizontal: the rotation maximising the
    variance of the row profile, searched coarse then fine on a reduced image."""
    ink = (binary == 0).astype(np.float32)
    scale = 4
    small = cv2.resize(ink, (ink.shape[1] // scale, ink.shape[0] // scale), interpolation=cv2.INTER_AREA)
    if small.sum() < 50:
        return 0.0
    best = _best_angle(small, np.arange(-MAX_SKEW_DEG, MAX_SKEW_DEG + 0.01, 0.5))
    return _best_angle(small, np.arange(best - 0.5, best + 0.51, 0.1))


def _best_angle(small: np.ndarray, angles: np.ndarray) -> float:
    h, w = small.shape
    scores = []
    for angle in angles:
        rot = cv2.getRotationMatrix2D((w / 2, h / 2), float(angle), 1.0)
        turned = cv2.warpAffine(small, rot, (w, h), flags=cv2.INTER_LINEAR, borderValue=0)
        scores.append(float(np.var(turned.sum(axis=1))))
    return float(angles[int(np.argmax(scores))])


def rotate(image: np.ndarray, angle: float) -> np.ndarray:
    h, w = image.shape
    rot = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(image, rot, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)


def straighten(page: RawPage, turn_gray: bool = True) -> Straight:
    """Square pixels, binarised, despeckled, deskewed. ``turn_gray=False`` leaves the grey
    image unrotated (same size; for callers that only need the binary)."""
    gray, dpi = square_pixels(page)
    binary = remove_speckles(binarize(gray), dpi)
    angle = estimate_skew(binary)
    if abs(angle) < 0.15:
        return Straight(gray, binary, dpi, 0.0)
    return Straight(rotate(gray, angle) if turn_gray else gray, binarize_rotated(rotate(binary, angle)), dpi,
                    angle)


def binarize_rotated(image: np.ndarray) -> np.ndarray:
    return np.where(image < 160, 0, 255).astype(np.uint8)


@dataclass(frozen=True)
class Blobs:
    """Connected ink components of a binary page: labels and (x, y, w, h, area) per blob."""

    labels: np.ndarray
    stats: np.ndarray

    @staticmethod
    def of(binary: np.ndarray) -> Blobs:
        _, labels, stats, _ = cv2.connectedComponentsWithStats((binary == 0).astype(np.uint8), connectivity=8)
        return Blobs(labels, stats)


def remove_borders(binary: np.ndarray, blobs: Blobs | None = None) -> np.ndarray:
    """Ink blotches touching the page edge that are too large to be text become paper."""
    blobs = blobs or Blobs.of(binary)
    h, w = binary.shape
    x, y, bw, bh, area = (blobs.stats[1:, i] for i in range(5))
    touches = (x == 0) | (y == 0) | (x + bw >= w) | (y + bh >= h)
    big = (bw > w * 0.25) | (bh > h * 0.1) | (area > 4000)
    ids = np.flatnonzero(touches & big) + 1
    if len(ids) == 0:
        return binary
    out = binary.copy()
    out[np.isin(blobs.labels, ids)] = 255
    return out


def invert_dark_bands(binary: np.ndarray, blobs: Blobs | None = None) -> np.ndarray:
    """Solid dark bands (a table header printed white on dark) turned to dark text on white."""
    blobs = blobs or Blobs.of(binary)
    h, w = binary.shape
    x, y, bw, bh, area = (blobs.stats[1:, i] for i in range(5))
    bands = (bw > w * 0.2) & (bh >= 12) & (bh <= h * 0.1) & (area > 0.6 * bw * bh)
    out = binary
    for i in np.flatnonzero(bands) + 1:
        bx, by, bbw, bbh, _ = blobs.stats[i]
        if out is binary:
            out = binary.copy()
        band = out[by:by + bbh, bx:bx + bbw]
        out[by:by + bbh, bx:bx + bbw] = np.where(band == 0, 255, 0).astype(np.uint8)
    return out


def remove_rules(binary: np.ndarray, dpi: float) -> np.ndarray:
    """Long horizontal and vertical lines (table rules, underlines) become paper; strokes of
    letters they crossed are mended by a small closing."""
    ink = (binary == 0).astype(np.uint8) * 255
    long_px = max(25, int(dpi / 200.0 * 45))
    horizontal = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (long_px, 1)))
    vertical = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, long_px)))
    lines = cv2.dilate(cv2.bitwise_or(horizontal, vertical), np.ones((3, 3), np.uint8))
    if not lines.any():
        return binary
    cleaned = cv2.bitwise_and(ink, cv2.bitwise_not(lines))
    mended = cv2.morphologyEx(cleaned, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, 3)))
    cleaned = np.where(lines > 0, mended, cleaned)
    return np.where(cleaned > 0, 0, 255).astype(np.uint8)


def cap_height(binary: np.ndarray, blobs: Blobs | None = None) -> float:
    """Typical capital-letter height in pixels (upper quartile of character-sized components)."""
    stats = (blobs or Blobs.of(binary)).stats
    heights = stats[1:, cv2.CC_STAT_HEIGHT]
    widths = stats[1:, cv2.CC_STAT_WIDTH]
    chars = heights[(heights >= 4) & (heights <= 120) & (widths <= heights * 3)]
    if len(chars) < 20:
        return TARGET_CAP_PX
    return float(np.percentile(chars, 75))


def prepare_for_ocr(page: RawPage) -> Prepared:
    """The page as tesseract should read it (see the module docstring). A page with small text
    is enlarged in grey before it is binarised again, so letters keep their shapes."""
    straight = straighten(page, turn_gray=False)
    binary, dpi = straight.binary, straight.dpi
    blobs = Blobs.of(binary)
    cap = cap_height(binary, blobs)
    upscale = min(MAX_UPSCALE, TARGET_CAP_PX / cap) if cap < MIN_CAP_PX else 1.0
    if page.is_standard:
        upscale = max(upscale, STANDARD_FAX_UPSCALE)
    if upscale > 1.0:
        h, w = straight.gray.shape
        gray = rotate(straight.gray, straight.angle) if straight.angle else straight.gray
        big = cv2.resize(gray, (round(w * upscale), round(h * upscale)), interpolation=cv2.INTER_CUBIC)
        dpi *= upscale
        binary = remove_speckles(binarize(big), dpi)
        blobs = Blobs.of(binary)
    binary = remove_rules(remove_borders(invert_dark_bands(binary, blobs), blobs), dpi)
    return Prepared(binary, straight, upscale)
