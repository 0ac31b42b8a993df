"""Further OCR readings of the doubtful places of an order: one more tesseract call per view.

After the first reading of an OCR'd page, the places worth a second look are: item rows whose
quantity x price does not give the amount (or whose numbers did not parse, or whose unit word is
unknown), the total when the lines do not add up to it, and the header values (PO number, dates)
read with less than ``SURE`` confidence. Their crops are enlarged (tesseract then sees other
pixels and makes mostly other mistakes), stacked into one image and read again. The layout step
runs again on the pages with those places replaced, then:

* an item row that reads better (adds up, known unit) replaces the first reading's row;
* a header value read the same again is surer (its doubt x ``AGREE``, at most
  ``MAX_AGREE_GAIN`` more: agreement vouches for the reading, not for the label); read
  differently, the first reading (the better one as a rule) stays and its confidence is halved.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import cv2
import numpy as np

from extractors.units import unit_code
from extractors.capture.words import PageWords, Word
from gateway.model import Box, ExtractedLine, ExtractedOrder, Extraction

SURE = 0.9  # header values read with less confidence get a second reading
UPSCALE = 2.0
AGREE = 0.35
MAX_AGREE_GAIN = 0.1
MAX_STRIPS = 24
HEADER_REREAD = ("po_number", "order_date", "requested_delivery_date")


@dataclass(frozen=True)
class FrameMap:
    """From pixels of the image tesseract read to the page's reference frame and back."""

    scale: float  # frame pixels per prepared pixel
    turn_deg: float  # PDF frames: turned back by the deskew angle
    cx: float  # rotation centre, prepared pixels
    cy: float

    def to_frame(self, word: Word) -> Word:
        dx, dy = self._turn((word.x0 + word.x1) / 2, (word.y0 + word.y1) / 2, self.turn_deg)
        s = self.scale
        return Word(word.text, (word.x0 + dx) * s, (word.y0 + dy) * s, (word.x1 + dx) * s, (word.y1 + dy) * s,
                    word.conf, word.page)

    def to_prepared(self, x0: float, y0: float, x1: float, y1: float) -> tuple[int, int, int, int]:
        s = self.scale
        px0, py0, px1, py1 = x0 / s, y0 / s, x1 / s, y1 / s
        dx, dy = self._turn((px0 + px1) / 2, (py0 + py1) / 2, -self.turn_deg)
        return int(px0 + dx), int(py0 + dy), int(math.ceil(px1 + dx)), int(math.ceil(py1 + dy))

    def _turn(self, x: float, y: float, deg: float) -> tuple[float, float]:
        if not deg:
            return 0.0, 0.0
        mx, my, a = x - self.cx, y - self.cy, math.radians(deg)
        return (mx * math.cos(a) + my * math.sin(a) - mx, -mx * math.sin(a) + my * math.cos(a) - my)


@dataclass(frozen=True)
class OcrPage:
    """One OCR'd page: its words (frame), the image tesseract read, and the map between them;
    ``rapid``: RapidOCR's words of the same page (frame) when both engines read it; with both,
    ``detected`` (``extractors.capture.rapid_engine.Detected``) holds the lines RapidOCR found, read
    where they matter once tesseract's reading is known (``extractors.capture.ocr``)."""

    words: PageWords
    image: np.ndarray
    frame: FrameMap
    rapid: PageWords | None = None
    engine: str = "tesseract"  # whose words ``words`` are: "tesseract", "rapidocr", "both"
    detected: object | None = None  # with both engines: RapidOCR's lines found, not yet read
    rapid_frame: FrameMap | None = None  # from the pixels RapidOCR reads to the frame
    turned: int = 0  # degrees clockwise the page was turned upright by (``extractors.capture.orientation``)
    marks: tuple = ()  # ``extractors.capture.stray_marks.Marking``: large ink the page's reading did not read
    binary: np.ndarray | None = None  # the deskewed page before its rules were removed (pixels of ``rapid_frame``)


@dataclass(frozen=True)
class Region:
    page: int
    x0: float
    y0: float
    x1: float
    y1: float


Reader = Callable[[np.ndarray, int], list[Word]]  # image, page -> words in image pixels


def line_adds_up(line: ExtractedLine) -> bool:
    q, p, a = line.quantity, line.unit_price, line.amount
    if q is None or p is None or a is None:
        return False
    return abs(q * p / (line.price_basis or Decimal(1)) - a) <= max(Decimal("0.011"), abs(a) * Decimal("0.00001"))


def _line_score(line: ExtractedLine) -> int:
    """2 if quantity x price gives the amount, +1 if the unit word (when there is one) is known."""
    return 2 * line_adds_up(line) + (line.uom is None or unit_code(line.uom) is not None)


def doubtful_regions(order: ExtractedOrder, pages: list[PageWords], header: bool = True) -> list[Region]:
    """Where a second reading may help (see the module docstring), in frame coordinates;
    ``header=False``: item rows and total only."""
    regions: list[Region] = []
    for f in HEADER_REREAD if header else ():
        box = order.boxes.get(f)
        if box and order.confidence.get(f, 0.0) < SURE:
            regions.append(_grow(box, 0.6, 0.35))
    for line in order.lines:
        if _line_score(line) < 3 and line.boxes:
            regions.append(_row_band(line, pages))
    amounts = [ln.amount for ln in order.lines]
    if order.total is not None and "total" in order.boxes and (
            None in amounts or sum(a for a in amounts if a is not None) != order.total):
        regions.append(_grow(order.boxes["total"], 0.6, 0.35))
    return regions[:MAX_STRIPS]


def _grow(box: Box, fx: float, fy: float) -> Region:
    return Region(box.page, box.x - box.h * fx, box.y - box.h * fy, box.x + box.w + box.h * fx,
                  box.y + box.h * (1 + fy))


def _row_band(line: ExtractedLine, pages: list[PageWords]) -> Region:
    boxes = list(line.boxes.values())
    page = boxes[0].page
    y0 = min(b.y for b in boxes if b.page == page)
    y1 = max(b.y + b.h for b in boxes if b.page == page)
    x0 = min(b.x for b in boxes if b.page == page)
    x1 = max(b.x + b.w for b in boxes if b.page == page)
    pad = (y1 - y0) * 0.3
    width = next((p.width for p in pages if p.page == page), x1 + 3 * pad)
    return Region(page, x0 - 3 * pad, y0 - pad, width, y1 + pad)  # to the page edge: an unread cell has no box


def within_budget(regions: list[Region], ocr: dict[int, OcrPage], upscale: float,
                  budget: float) -> tuple[list[Region], float]:
    """The regions, in order, whose enlarged crops fit in ``budget`` pixels, and their cost."""
    kept, spent = [], 0.0
    for r in regions:
        page = ocr.get(r.page)
        if page is None:
            continue
        cost = (r.x1 - r.x0) * (r.y1 - r.y0) / page.frame.scale ** 2 * upscale ** 2
        if spent + cost > budget:
            break
        kept.append(r)
        spent += cost
    return kept, spent


def reread(regions: list[Region], ocr: dict[int, OcrPage], read: Reader,
           upscale: float = UPSCALE) -> dict[int, list[Word]]:
    """The words of every region read again (enlarged ``upscale`` times), per page, in frame
    coordinates."""
    out: dict[int, list[Word]] = {}
    for page, page_ocr in ocr.items():
        mine = [r for r in regions if r.page == page]
        if mine:
            out[page] = _read_strips(mine, page_ocr, read, upscale)
    return out


def _read_strips(regions: list[Region], page: OcrPage, read: Reader, upscale: float) -> list[Word]:
    crops, places = [], []
    h, w = page.image.shape
    for r in regions:
        x0, y0, x1, y1 = page.frame.to_prepared(r.x0, r.y0, r.x1, r.y1)
        x0, y0, x1, y1 = max(x0, 0), max(y0, 0), min(x1, w), min(y1, h)
        if x1 - x0 > 4 and y1 - y0 > 4:
            crops.append(_enlarge(page.image[y0:y1, x0:x1], upscale))
            places.append((x0, y0))
    if not crops:
        return []
    gap = 24
    width = max(c.shape[1] for c in crops) + 2 * gap
    sheet = np.full((sum(c.shape[0] + gap for c in crops) + gap, width), 255, np.uint8)
    offsets, y = [], gap
    for crop in crops:
        sheet[y:y + crop.shape[0], gap:gap + crop.shape[1]] = crop
        offsets.append(y)
        y += crop.shape[0] + gap
    words = []
    for word in read(sheet, page.words.page):
        i = _strip_of(word, offsets, crops)
        if i is None:
            continue
        (px, py), top = places[i], offsets[i]
        back = Word(word.text, (word.x0 - gap) / upscale + px, (word.y0 - top) / upscale + py,
                    (word.x1 - gap) / upscale + px, (word.y1 - top) / upscale + py, word.conf, word.page)
        words.append(page.frame.to_frame(back))
    return words


def _enlarge(crop: np.ndarray, upscale: float) -> np.ndarray:
    big = cv2.resize(crop, None, fx=upscale, fy=upscale, interpolation=cv2.INTER_CUBIC)
    return np.where(big < 128, 0, 255).astype(np.uint8)


def _strip_of(word: Word, offsets: list[int], crops: list[np.ndarray]) -> int | None:
    cy = (word.y0 + word.y1) / 2
    for i, (top, crop) in enumerate(zip(offsets, crops)):
        if top <= cy <= top + crop.shape[0]:
            return i
    return None


def replace_regions(pages: list[PageWords], regions: list[Region], new: dict[int, list[Word]]) -> list[PageWords]:
    """The pages with the words inside ``regions`` swapped for their second reading."""
    out = []
    for page in pages:
        mine = [r for r in regions if r.page == page.page]
        if page.page not in new or not mine:
            out.append(page)
            continue
        kept = [w for w in page.words if not any(_inside(w, r) for r in mine)]
        fresh = [w for w in new[page.page] if any(_inside(w, r) for r in mine)]
        out.append(PageWords(page.page, page.width, page.height, tuple(kept + fresh)))
    return out


def _inside(w: Word, r: Region) -> bool:
    cx, cy = (w.x0 + w.x1) / 2, (w.y0 + w.y1) / 2
    return r.x0 <= cx <= r.x1 and r.y0 <= cy <= r.y1


def merge_readings(first: Extraction, second: Extraction, regions: list[Region]) -> Extraction:
    """The first reading, improved by the second (see the module docstring)."""
    if not first.orders or not second.orders:
        return first
    a, b = first.orders[0], second.orders[0]
    for f in HEADER_REREAD:
        if f in a.confidence and a.boxes.get(f) and any(_covers(r, a.boxes[f]) for r in regions):
            again = getattr(b, f)
            if again == getattr(a, f):  # vouches for the reading, not for the label: at most +0.1
                c = a.confidence[f]
                a.confidence[f] = round(min(1 - (1 - c) * AGREE, c + MAX_AGREE_GAIN), 4)
            elif again is not None:
                a.confidence[f] = round(a.confidence[f] * 0.5, 4)
    for i, line in enumerate(a.lines):
        twin = _same_row(line, b.lines)
        if twin is not None and _line_score(twin) > _line_score(line):
            a.lines[i] = twin.model_copy(update={"line_no": line.line_no})
    if b.total is not None and b.total != a.total and "total" in b.confidence:
        if sum((ln.amount or Decimal(0)) for ln in a.lines) == b.total:
            a.total, a.confidence["total"], a.boxes["total"] = b.total, b.confidence["total"], b.boxes["total"]
    first.metadata["second_reading"] = len(regions)
    return first


def _covers(r: Region, box: Box) -> bool:
    return r.page == box.page and r.x0 <= box.x + box.w / 2 <= r.x1 and r.y0 <= box.y + box.h / 2 <= r.y1


def _same_row(line: ExtractedLine, candidates: list[ExtractedLine]) -> ExtractedLine | None:
    mine = next(iter(line.boxes.values()), None)
    if mine is None:
        return None
    for other in candidates:
        box = other.boxes.get("amount") or next(iter(other.boxes.values()), None)
        if box and box.page == mine.page and abs((box.y + box.h / 2) - (mine.y + mine.h / 2)) < mine.h:
            return other
    return None
