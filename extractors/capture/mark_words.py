"""Done, duplicate, cancel and stop marks at print size on a faxed or scanned page (issue 23, class 1): "ERLEDIGT",
"doppelt", "STOP !", "annulé", "bereits geliefert 03.12. MK" written by hand or stamped at the print's own size,
outside the order's header fields and item table.

``hand_marks`` looks for marks written larger than the print and ``stray_marks`` for marks at an angle; a mark of
the print's size, level, is read by the page's reading as words like any other, and no reader of the order took it:
the order went out as if the sender (or the office it went through) had not marked it done, a copy, or stopped.

Here each page's reading (tesseract's words and, where it read, RapidOCR's) is grouped into phrases (words of one
row close together: ``words.group_rows``). A phrase is a mark when

* it holds a mark's word (``DONE_WORDS``, ``COPY_WORDS``, ``CANCEL_WORDS``, ``STOP_WORDS``, or a mark's phrase of
  two words, ``DONE_PHRASES``: "bereits geliefert", "déjà livré"; one OCR slip allowed in a word of six letters
  and more), not as a label (a colon after it, "Geliefert an:", "Traité par :");
* and nothing else: each other word is a date, a time, a number, initials (three capitals at most), a sign
  ("!", "x") or a filler of a mark ("am", "le", "on", "bereits", "par"). "Bitte nicht doppelt liefern",
  "Lieferschein in doppelter Ausfertigung", "STOP & GO GmbH" say more: they are notes or names, read elsewhere;
* and it lies on no cell of a line read, on no header field read and not among the item table's titles (two
  rows' height above its first line): what is there is the order's own print. A mark beside the lines, in the
  table's margin or between its rows, is no cell's and holds.

A mark holds the order with its reason, the text read quoted: a cancel or stop word ``CANCEL-TYPED``, a copy's or
duplicate's word ``COPY-MARKED``, a done or delivered word ``DONE-MARKED`` (the order may have been entered or
delivered already). Costs: a pass over the page's words, no OCR.
"""

from __future__ import annotations

import re

from extractors.capture.ship_to import edit_distance
from extractors.capture.stray_marks import CANCEL_WORDS, COPY_WORDS
from extractors.capture.words import PageWords, Phrase, group_rows
from extractors.locale_values import fold
from gateway.model import ExtractedOrder, Problem

DONE_WORDS = ("erledigt", "done", "traite", "bearbeitet", "gebucht", "erfasst", "processed", "saisi")
DONE_PHRASES = (("bereits", "geliefert"), ("schon", "geliefert"), ("already", "delivered"), ("deja", "livre"),
                ("deja", "livree"), ("bereits", "erledigt"), ("deja", "traite"), ("already", "entered"),
                ("deja", "saisi"), ("bereits", "bestellt"), ("already", "ordered"), ("deja", "commande"))
DUPLICATE_WORDS = (*COPY_WORDS, "doppelt", "doublon", "double", "duplikat")
STOP_WORDS = ("stop", "stopp")
FILLERS = frozenset(("am", "le", "on", "by", "par", "von", "bereits", "schon", "deja", "already", "the", "du", "den",
                     "x", "ok", "fax", "per", "mit"))
MAX_WORDS = 5  # a mark's phrase: its word and a date, a time, initials


def mark_problems(order: ExtractedOrder, pages: list[PageWords]) -> list[Problem]:
    """The order's problems for the marks on its pages (see the module docstring); ``pages``: every reading of the
    order's pages (tesseract's and RapidOCR's), one hold per page and kind."""
    out: list[Problem] = []
    for page in pages:
        for row in group_rows(page):
            for phrase in row.phrases:
                kind = mark_kind(phrase.text)
                if kind is None or _on_the_order(phrase, order):
                    continue
                problem = _problem(kind, phrase)
                if not any(p.code == problem.code and p.segment == problem.segment for p in [*order.problems, *out]):
                    out.append(problem)
    return out


def mark_kind(text: str) -> str | None:
    """"cancel", "stop", "copy" or "done" when ``text`` is a mark of that kind and nothing else, else None."""
    said = re.findall(r"[^\W_]+(?:[./:][^\W_]+)*|[!:?&+]", text)
    tokens = [fold(t).lower() for t in said]
    if not tokens or len(tokens) > MAX_WORDS:
        return None
    kind, used = _named(tokens)
    if kind is None:
        return None
    rest = [t for i, t in enumerate(said) if i not in used]
    if any(t in (":", "?") for t in rest) or not all(_filler(t) for t in rest):
        return None  # a label ("Geliefert an:"), a question, or a sentence: read by the note readers
    return kind


def _named(tokens: list[str]) -> tuple[str | None, set[int]]:
    for i, pair in enumerate(zip(tokens, tokens[1:])):
        if any(all(_is(t, w) for t, w in zip(pair, phrase)) for phrase in DONE_PHRASES):
            return "done", {i, i + 1}
    for i, token in enumerate(tokens):
        for kind, vocabulary in (("cancel", CANCEL_WORDS), ("stop", STOP_WORDS), ("copy", DUPLICATE_WORDS),
                                 ("done", DONE_WORDS)):
            if any(_is(token, word) for word in vocabulary):
                return kind, {i}
    return None, set()


def _is(token: str, word: str) -> bool:
    return token == word or (len(word) >= 6 and len(token) >= len(word) - 1 and edit_distance(token, word, cap=1) <= 1)


_DATE_OR_TIME = re.compile(r"^\d{1,4}([./:-]\d{1,4}){0,2}\.?$")


def _filler(said: str) -> bool:
    """A date, a time, a number, initials (in capitals), a sign or a mark's filler word."""
    token = fold(said).lower()
    return (token in FILLERS or token == "!" or bool(_DATE_OR_TIME.match(token))
            or (said.isalpha() and said.isupper() and len(said) <= 3))


def _on_the_order(phrase: Phrase, order: ExtractedOrder) -> bool:
    """The phrase is the order's own print: on a header field read, on a cell of a line read (a description's
    word, "Double A4" wrapped onto its second row), or among the item table's titles (two rows' height above its
    first line, within its width: a form's column "Erledigt"). Beside the lines, in the table's margin or between
    its rows, it is no cell's: a mark there holds."""
    x0, y0, x1, y1 = phrase.x0, phrase.y0, phrase.x1, phrase.y1
    cells = [b for ln in order.lines for b in ln.boxes.values() if b.page == phrase.page]
    fields = [b for b in order.boxes.values() if b.page == phrase.page]
    if any(x0 < b.x + b.w and x1 > b.x and y0 < b.y + b.h and y1 > b.y for b in [*cells, *fields]):
        return True
    if not cells:
        return False
    pitch = max(min(b.h for b in cells), 1.0)
    first = min(b.y for b in cells)
    left, right = min(b.x for b in cells) - pitch, max(b.x + b.w for b in cells) + pitch
    return y1 > first - 2.5 * pitch and y0 < first and x0 < right and x1 > left


def _problem(kind: str, phrase: Phrase) -> Problem:
    said = f"page {phrase.page}: a mark outside the items and the header's fields reads {phrase.text[:40]!r}"
    segment = f"page {phrase.page}"
    if kind == "cancel":
        return Problem(code="CANCEL-TYPED", severity="error", element="lines", segment=segment,
                       message=f"{said}: the order may be cancelled, look at the page")
    if kind == "stop":
        return Problem(code="CANCEL-TYPED", severity="error", element="lines", segment=segment,
                       message=f"{said}: the order may be stopped, look at the page")
    if kind == "copy":
        return Problem(code="COPY-MARKED", severity="error", element="po_number", segment=segment,
                       message=f"{said}: a copy or duplicate of an order sent before may be ordered twice")
    return Problem(code="DONE-MARKED", severity="error", element="po_number", segment=segment,
                   message=f"{said}: the order may have been entered or delivered already, look at the page")
