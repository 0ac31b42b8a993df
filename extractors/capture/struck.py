"""Rows printed struck out: a cancelled line is still text in the PDF.

A browser or word processor prints ``text-decoration: line-through`` (a cancelled position, a
quantity crossed out by hand in a form) as a thin stroke through the middle of the words; the text
layer keeps every word, so the row reads as an ordinary item. A word whose middle band a thin
horizontal stroke crosses along most of its width is *struck*; an order line any of whose cells holds
a struck word is named (``LINE-STRUCK``, held by default): whether it is ordered is for a person to
say, never guessed. Underlines (a stroke under the words) and cell rules (between rows) are not strokes
through a word.

A stroke is any thin horizontal shape of the page (a line, a thin rectangle, a flat curve: some printers
draw a rule as a bezier path), or one a reader added on the PDF: a strikethrough comment (``/StrikeOut``,
through the middle of each of its QuadPoints boxes) or a pen stroke across a row (a flat ``/Ink`` or
``/Line`` annotation). Any other comment a reader put over an order line (a highlight, an underline, a
sticky note, a box, a pen mark) is *marked*: that line is named too (``LINE-STRUCK``), the comment's
kind and text quoted, since it may cancel or change the line.
"""

from __future__ import annotations

from pdfminer.pdftypes import resolve1

from gateway.model import ExtractedOrder, Problem

from extractors.capture.words import PageWords, Word

THIN = 2.0  # points: a stroke is at most this high
FLAT = 6.0  # points: a curve or pen stroke drawn across a row stays within this height
# comments a reader puts on a PDF (not links, form fields, pop-ups, print marks)
MARKUP = frozenset({"Text", "FreeText", "Line", "Square", "Circle", "Polygon", "PolyLine", "Highlight", "Underline",
                    "Squiggly", "StrikeOut", "Stamp", "Caret", "Ink", "Redact"})
BAND = (0.25, 0.8)  # of a word's height from its top: where a stroke through it runs
COVER = 0.8  # of a word's width the stroke covers


def strokes(page, scale: float) -> list[tuple[float, float, float]]:
    """Thin horizontal shapes of a pdfplumber page, and strikes a reader added as comments, as (x0, x1, y)
    in reference units."""
    out = []
    for shape in list(page.rects) + list(page.lines):
        if shape["bottom"] - shape["top"] <= THIN and shape["x1"] - shape["x0"] > 2:
            out.append((shape["x0"] * scale, shape["x1"] * scale, (shape["top"] + shape["bottom"]) / 2 * scale))
    for shape in page.curves:
        high, wide = shape["bottom"] - shape["top"], shape["x1"] - shape["x0"]
        if high <= FLAT and wide > 2 and wide >= 4 * high:
            out.append((shape["x0"] * scale, shape["x1"] * scale, (shape["top"] + shape["bottom"]) / 2 * scale))
    for annot, kind in annotations(page):
        if kind == "StrikeOut":
            out.extend((x0 * scale, x1 * scale, y * scale) for x0, x1, y in _quad_middles(page, annot))
        elif kind in ("Ink", "Line"):
            high, wide = annot["bottom"] - annot["top"], annot["x1"] - annot["x0"]
            if high <= FLAT and wide > 2:
                out.append((annot["x0"] * scale, annot["x1"] * scale, (annot["top"] + annot["bottom"]) / 2 * scale))
    return out


def _name(value) -> str:
    value = resolve1(value)
    return str(getattr(value, "name", value) or "").lstrip("/")


def annotations(page) -> list[tuple[dict, str]]:
    """The page's comments (``MARKUP`` annotations) with their kind ("StrikeOut", "Highlight"...), each as
    {"data": its dictionary, "x0", "x1", "top", "bottom": its Rect from the page's top, in points}. Read
    from the PDF's objects (a comment whose text pdfplumber cannot decode is still a comment)."""
    out = []
    top_edge = float(page.bbox[3])
    try:
        annots = resolve1(page.page_obj.annots) or []
    except Exception:  # noqa: BLE001 - an unreadable annotation array reads as none, never fails the page
        return []
    for ref in annots:
        try:
            data = resolve1(ref)
            kind = _name(data.get("Subtype")) if isinstance(data, dict) else ""
            if kind not in MARKUP:
                continue
            x0, y0, x1, y1 = (float(resolve1(v)) for v in resolve1(data.get("Rect")))
        except Exception:  # noqa: BLE001 - a comment without a readable Rect has no place on the page
            continue
        out.append(({"data": data, "x0": min(x0, x1), "x1": max(x0, x1), "top": top_edge - max(y0, y1),
                     "bottom": top_edge - min(y0, y1)}, kind))
    return out


def _quad_middles(page, annot: dict) -> list[tuple[float, float, float]]:
    """The middle line of each box of a ``/StrikeOut`` (x0, x1, y from the page's top, in points); its
    Rect's middle when it gives no QuadPoints."""
    try:
        quads = [float(resolve1(v)) for v in resolve1(annot["data"].get("QuadPoints")) or []]
    except (TypeError, ValueError):
        quads = []
    top_edge = float(page.bbox[3])
    out = []
    for k in range(0, len(quads) - 7, 8):
        xs, ys = quads[k:k + 8:2], quads[k + 1:k + 8:2]
        out.append((min(xs), max(xs), top_edge - (min(ys) + max(ys)) / 2))
    return out or [(annot["x0"], annot["x1"], (annot["top"] + annot["bottom"]) / 2)]


def marked_areas(page, scale: float, n: int) -> tuple[tuple[int, float, float, float, float, str], ...]:
    """A reader's comments other than a strike, as (page, x0, y0, x1, y1, "kind: text") in reference units."""
    out = []
    for annot, kind in annotations(page):
        if kind == "StrikeOut":
            continue
        text = resolve1(annot["data"].get("Contents"))
        if isinstance(text, bytes):
            text = text.decode("utf-16" if text[:2] in (b"\xfe\xff", b"\xff\xfe") else "latin-1", "replace")
        note = f"{kind}: {text.strip()[:60]!r}" if isinstance(text, str) and text.strip() else kind
        out.append((n, annot["x0"] * scale, annot["top"] * scale, annot["x1"] * scale, annot["bottom"] * scale, note))
    return tuple(out)


def struck_words(words: list[Word], lines: list[tuple[float, float, float]]) -> tuple[Word, ...]:
    """The words a stroke runs through."""
    out = []
    for w in words:
        top, bottom = w.y0 + BAND[0] * w.height, w.y0 + BAND[1] * w.height
        width = max(w.x1 - w.x0, 1e-6)
        if any(top <= y <= bottom and (min(x1, w.x1) - max(x0, w.x0)) >= COVER * width for x0, x1, y in lines):
            out.append(w)
    return tuple(out)


def flag_struck_lines(order: ExtractedOrder, pages: list[PageWords]) -> None:
    """``LINE-STRUCK`` for each line of ``order`` with a struck word in one of its cells, or under a
    reader's comment."""
    struck = [w for p in pages for w in p.struck]
    marked = [m for p in pages for m in p.marked]
    if not struck and not marked:
        return
    for n, line in enumerate(order.lines, 1):
        boxes = list(line.boxes.values())

        def inside(w: Word) -> bool:
            return any(b.page == w.page and b.x - 1 <= (w.x0 + w.x1) / 2 <= b.x + b.w + 1
                       and b.y - 1 <= (w.y0 + w.y1) / 2 <= b.y + b.h + 1 for b in boxes)
        hit = [w for w in struck if inside(w)]
        if hit:
            shown = " ".join(w.text for w in hit[:6])
            order.problems.append(Problem(code="LINE-STRUCK", severity="warning", element=f"lines[{n}]",
                                          message=f"line {n} is printed struck through ({shown!r}): cancelled or "
                                                  f"ordered, a person says"))
            continue
        noted = [note for page, _, y0, _, y1, note in marked if _over(page, y0, y1, boxes)]
        if noted:
            kinds = "; ".join(dict.fromkeys(noted))
            order.problems.append(Problem(code="LINE-STRUCK", severity="warning", element=f"lines[{n}]",
                                          message=f"line {n} has a comment over it in the PDF ({kinds}): "
                                                  f"cancelled, changed or ordered, a person says"))


def _over(page: int, y0: float, y1: float, boxes: list) -> bool:
    """A comment from ``y0`` to ``y1`` on ``page`` lies over the row of a line's cells (``boxes``): it
    covers at least half of the row's height or of its own (a sticky note beside the row, a box round it)."""
    mine = [b for b in boxes if b.page == page]
    if not mine:
        return False
    top, bottom = min(b.y for b in mine), max(b.y + b.h for b in mine)
    return min(y1, bottom) - max(y0, top) >= 0.5 * min(bottom - top, y1 - y0)
