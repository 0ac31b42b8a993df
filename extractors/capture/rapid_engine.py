"""RapidOCR, the second OCR engine: PP-OCR detection and recognition models (ONNX) shipped inside
the ``rapidocr-onnxruntime`` wheel, run by onnxruntime on one thread.

The engine is loaded once per process (``engine()``, cached) from the installed wheel; nothing is
downloaded. Settings: ``intra_op_num_threads=1`` and ``inter_op_num_threads=1`` (a worker is one
core, as tesseract with ``OMP_THREAD_LIMIT=1``), no angle classifier (pages are deskewed), and
the page size limit raised to ``MAX_SIDE`` so a fine fax page (1728 x 2292) is read at its own
resolution. The recogniser reads one crop at a time (``REC_BATCH``: a batch is padded to the
widest of its crops), each at least ``REC_MIN_WIDTH`` wide, not the package's 320 pixels. Text detection alone runs on the page reduced ``DET_SCALE`` times (it finds lines,
it does not read them: a sixth of the pixels, a sixth of its cost; ``DET_SCALE_ENLARGED`` for
pages tesseract reads enlarged, standard faxes), the recogniser reads
crops of the full page (``bench/bench_ocr_engines.py``). This drives the package's detector,
cropper and recogniser itself (``RapidOCR.text_det``, ``get_crop_img_list``, ``text_rec`` of the
pinned version) rather than its one-call API, which detects at full size.

``rapid_words`` returns ``Word``s in the pixels of the image it was given. RapidOCR reads text
*lines* (a detected box with its text and one score), and a line may span two table cells
("40 PCE"); it is split into words at its spaces, each word's box found on the page: the ink
runs of the line's box are cut at its widest blank gaps, as many cuts as spaces (a cell gap is
wider than a word gap). Where the ink gives too few runs, each word's box is taken in proportion
to its share of the line's characters (narrow characters counted narrower). Its model knows no
accented letters: where both engines read a field, tesseract's reading is the base
(``extractors.capture.agreement``), and labels and month names are matched without accents
(``extractors.capture.labels``, ``extractors.locale_values``).

The package declares the GUI build of OpenCV as a dependency; the gateway installs it without
its dependencies (``Makefile``, ``requirements-nodeps.txt``) and lists its real ones in
``pyproject.toml``, so only ``opencv-python-headless`` is installed (README, "OCR engines").
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import cv2
import numpy as np

from extractors.capture.mended_dates import spaced_month_dates
from extractors.capture.words import Word
from gateway.errors import ExtractionError

MAX_SIDE = 5000  # RapidOCR's own limit is 2000: a fine fax page would be shrunk
DET_SCALE = 0.4  # detection input, a share of the page's size (0.5: 0.26 CPU s/page more, no better)
DET_SCALE_ENLARGED = 0.5  # pages tesseract reads enlarged (standard faxes: every other row made up);
# at 0.4 the detector loses cells there (bench_ocr_engines: an item code in 2 of 18 standard faxes)
REC_BATCH = 1  # crops recognised one by one: each at its own width, none padded to the widest of a
# batch (all lines of three standard faxes, 312 crops: 5.3 CPU s at 1, 6.0 at 4, 6.7 at 6, 8.5-9.8 at 12)
REC_HEIGHT = 48  # the recogniser's input height
REC_MIN_WIDTH = 96  # a batch of crops is padded to its widest, at least this (the package's 320
# pads a short cell, "12" or "4,50", to a long blank line: 30% more work, and commas read as dots)
ROW_GAP = 2  # blank pixel rows bridged inside one text line
MIN_SCORE = 0.5
NARROW = set(".,:;'!|iIl1() ")


def available() -> bool:
    """True if the RapidOCR package and onnxruntime can be imported."""
    try:
        import onnxruntime  # noqa: F401
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


@lru_cache(maxsize=1)
def engine() -> Any:
    """The RapidOCR engine of this process, loaded on first use. Raises ExtractionError
    OCR-UNAVAILABLE when the package is not installed."""
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError as exc:
        raise ExtractionError("RapidOCR is not installed", code="OCR-UNAVAILABLE", retryable=True) from exc
    logging.getLogger("RapidOCR").setLevel(logging.WARNING)
    cv2.setNumThreads(1)
    eng = RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1, use_cls=False, max_side_len=MAX_SIDE,
                   det_limit_type="min", det_limit_side_len=32, rec_batch_num=REC_BATCH, print_verbose=False)
    eng.text_rec.rec_image_shape = [3, REC_HEIGHT, REC_MIN_WIDTH]  # see REC_MIN_WIDTH
    return eng


@dataclass(frozen=True)
class Detected:
    """A page's text lines as the detector found them, not yet read: ``boxes`` (corner points,
    pixels of ``rgb``) in reading order."""

    rgb: np.ndarray
    ink: np.ndarray | None
    boxes: tuple[np.ndarray, ...]
    page: int

    def extent(self, i: int) -> tuple[float, float, float, float]:
        """(x0, y0, x1, y1) of line ``i``, pixels of the page."""
        b = self.boxes[i]
        return float(b[:, 0].min()), float(b[:, 1].min()), float(b[:, 0].max()), float(b[:, 1].max())


def rapid_words(image: np.ndarray, page: int, ink: np.ndarray | None = None) -> list[Word]:
    """The words RapidOCR reads on ``image`` (grey or binary, ink dark), boxes in its pixels,
    confidences 0..1 (the line's score). ``ink``: the same page binarised with table rules
    removed, where words are measured (a rule through a line's box hides its gaps); default
    ``image``. Raises ExtractionError OCR-FAILED / OCR-UNAVAILABLE."""
    return recognise(detect(image, page, ink))


def detect(image: np.ndarray, page: int, ink: np.ndarray | None = None, scale: float | None = None) -> Detected:
    """The text lines of ``image`` (see ``rapid_words``), found on the page reduced ``scale``
    times (default ``DET_SCALE``). Raises ExtractionError OCR-FAILED / OCR-UNAVAILABLE."""
    rgb = np.dstack([image] * 3) if image.ndim == 2 else image
    scale = scale or DET_SCALE
    eng = engine()
    try:
        small = cv2.resize(rgb, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        boxes, _ = eng.text_det(small)
        found = () if boxes is None or len(boxes) == 0 else tuple(
            np.asarray(b, dtype=np.float32) / scale for b in eng.sorted_boxes(boxes))
    except Exception as exc:  # onnxruntime raises its own exception types
        raise ExtractionError(f"RapidOCR failed: {exc}", code="OCR-FAILED") from exc
    return Detected(rgb, ink, found, page)


def recognise(found: Detected, keep: list[int] | None = None) -> list[Word]:
    """The words of the detected lines ``keep`` (indexes into ``found.boxes``; None: all), read
    on crops of the full page. Raises ExtractionError OCR-FAILED / OCR-UNAVAILABLE."""
    boxes = list(found.boxes) if keep is None else [found.boxes[i] for i in keep]
    if not boxes:
        return []
    eng = engine()
    try:
        texts, _ = eng.text_rec(eng.get_crop_img_list(found.rgb, boxes))
    except Exception as exc:  # onnxruntime raises its own exception types
        raise ExtractionError(f"RapidOCR failed: {exc}", code="OCR-FAILED") from exc
    words: list[Word] = []
    gray = found.ink if found.ink is not None else found.rgb[:, :, 0]
    for points, (text, score) in zip(boxes, ((str(t[0]), float(t[1])) for t in texts)):
        if score >= MIN_SCORE and text.strip():
            text = spaced_month_dates(text)  # "December8,2026": RapidOCR runs a date's words together
            spans = ink_spans(gray, points, len(text.split()))
            words += split_line(text, points, score, found.page, spans)
    return words


def ink_spans(gray: np.ndarray, points: np.ndarray, count: int) -> list[tuple[float, float, float, float]] | None:
    """``count`` boxes (x0, y0, x1, y1, page pixels) of the ink in the line's box, cut at its
    ``count - 1`` widest blank gaps; None when the ink has fewer runs than that. (The detector's
    boxes are padded all round: the ink's own box keeps word heights and gaps comparable with
    tesseract's.)"""
    h, w = gray.shape
    x0, x1 = max(int(points[:, 0].min()), 0), min(int(np.ceil(points[:, 0].max())), w)
    y0, y1 = max(int(points[:, 1].min()), 0), min(int(np.ceil(points[:, 1].max())), h)
    if x1 - x0 < 2 or y1 - y0 < 2:
        return None
    ink = gray[y0:y1, x0:x1] < 128
    top, bottom = _core_band(ink.any(axis=1), ink.sum(axis=1))
    ink, y0 = ink[top:bottom], y0 + top
    inked = np.flatnonzero(ink.sum(axis=0) > 0)
    if len(inked) == 0:
        return None
    breaks = np.flatnonzero(np.diff(inked) > 1)  # runs end at inked[breaks], next start at inked[breaks + 1]
    if len(breaks) < count - 1:
        return None
    widest = sorted(breaks[np.argsort(inked[breaks + 1] - inked[breaks], kind="stable")[::-1][:count - 1]])
    starts = [inked[0]] + [inked[b + 1] for b in widest]
    ends = [inked[b] + 1 for b in widest] + [inked[-1] + 1]
    out = []
    for a, b in zip(starts, ends):
        rows = np.flatnonzero(ink[:, a:b].any(axis=1))
        out.append((float(x0 + a), float(y0 + rows[0]), float(x0 + b), float(y0 + rows[-1] + 1)))
    return out


def _core_band(inked_rows: np.ndarray, weight: np.ndarray) -> tuple[int, int]:
    """The rows of the line itself: the run of inked rows (blank gaps of up to ``ROW_GAP`` rows
    bridged, an i-dot stays) holding the most ink. The detector's box is padded and may catch
    the top or bottom of the next row's letters."""
    rows = np.flatnonzero(inked_rows)
    if len(rows) == 0:
        return 0, len(inked_rows)
    cuts = np.flatnonzero(np.diff(rows) > ROW_GAP + 1)
    starts = np.concatenate(([rows[0]], rows[cuts + 1]))
    ends = np.concatenate((rows[cuts] + 1, [rows[-1] + 1]))
    best = max(range(len(starts)), key=lambda i: weight[starts[i]:ends[i]].sum())
    return int(starts[best]), int(ends[best])


def split_line(text: str, points: np.ndarray, score: float, page: int,
               spans: list[tuple[float, float, float, float]] | None = None) -> list[Word]:
    """A detected line (its four corner points) split into words at spaces: each word's box the
    ink span found for it (``spans``, one per word), else in proportion to its characters'
    widths."""
    x0, x1 = float(points[:, 0].min()), float(points[:, 0].max())
    y0, y1 = float(points[:, 1].min()), float(points[:, 1].max())
    tokens = text.split()
    if spans is not None and len(spans) == len(tokens):
        return [Word(t, *box, round(score, 4), page) for t, box in zip(tokens, spans)]
    weights = [0.45 if c in NARROW else 1.0 for c in text]
    cum = [0.0]
    for w in weights:
        cum.append(cum[-1] + w)
    unit = (x1 - x0) / max(cum[-1], 1e-6)
    out, start = [], 0
    for i, c in enumerate(text + " "):
        if c == " ":
            if i > start:
                left, right = x0 + cum[start] * unit, x0 + cum[i] * unit
                out.append(Word(text[start:i], round(left, 1), y0, round(right, 1), y1, round(score, 4), page))
            start = i + 1
    return out
