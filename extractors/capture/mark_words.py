"""Done, duplicate, cancel and stop marks at print size on a faxed or scanned page (issue 23, class 1): "ERLEDIGT",
"doppelt", "STOP !", "annulé", "bereits geliefert 03.12. MK" written by hand or stamped at the print's own size,
outside the order's header fields and item table.

``hand_marks`` looks for marks written larger than the print and ``stray_marks`` for marks at an angle; a mark of
the print's size, level, is read by the page's reading as words like any other, and no reader of the order took it:
the order went out as if the sender (or the office it went through) had not marked it done, a copy, or stopped.

Here each page's reading (tesseract's words and, where it read, RapidOCR's) is grouped into phrases (words of one
row close together: ``words.group_rows``). A phrase is a mark when

* it is short (``MAX_WORDS``) and holds a mark's word (``DONE_WORDS``, ``COPY_WORDS``, ``CANCEL_WORDS``,
  ``STOP_WORDS``, the clerk's "erl." and "storn.", or a mark's two words, ``DONE_PHRASES``, perhaps with words
  between: "bereits geliefert", "schon bestellt", "bereits per Mail bestellt"; one OCR slip allowed in a word of
  six letters and more unless the word read is a real word itself, ``LABEL_WORDS``: "Bearbeiter"), whatever few
  words come with it ("storniert lt. Tel. 04.12.", "Auftrag erledigt", "doppelt gefaxt!", "Erledigt 4.12. mk");
* and it is none of the printed forms that hold such a word: a label (a colon whose value is no date or initials:
  "Geliefert an:", "Kopie an: Buchhaltung"), a blank form field (the word and only "by", "le", "am", "von" or a
  form's words: "Processed by ____", "Saisi le", "Received by ____ Processed by ____") or one filled with a name
  ("Bearbeitet von Hr. Müller"; with initials or a date it is a mark: "Erledigt durch MK"), a printed choice
  ("[X] Copy", "Original / Kopie", "Double" alone), a question, a name ("STOP & GO GmbH"), a request or a
  negation ("Bitte nicht doppelt liefern"). A form's or a sentence's word (``WEAK_DONE``: "bearbeitet",
  "processed", also alone: "Saisi"; ``WEAK_COPY``: "Copy paper") counts only with nothing beside it but a date,
  a time, a number, initials (three letters at most, either case) or "!" (a form's word with a date or initials). Printed and written words of the same size are not told
  apart here: the rule is on the words, and a mark's word with a date or initials beside it holds;
* and it lies on no cell of a line read, on no header field read and not among the item table's titles (two
  rows' height above its first line): what is there is the order's own print. A mark beside the lines, in the
  table's margin or between its rows, is no cell's and holds.

A mark holds the order with its reason, the text read quoted: a cancel or stop word ``CANCEL-TYPED``, a copy's or
duplicate's word ``COPY-MARKED``, a done or delivered word ``DONE-MARKED`` (the order may have been entered or
delivered already). Costs: a pass over the page's words, no OCR.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from extractors.capture.ship_to import edit_distance
from extractors.capture.stray_marks import CANCEL_WORDS, COPY_WORDS
from extractors.capture.words import PageWords, Phrase, group_rows
from extractors.locale_values import fold
from gateway.model import ExtractedOrder, Problem

DONE_WORDS = ("erledigt", "erl", "done", "traite", "bearbeitet", "gebucht", "erfasst", "processed", "saisi")
DONE_PHRASES = (("bereits", "geliefert"), ("schon", "geliefert"), ("already", "delivered"), ("deja", "livre"),
                ("deja", "livree"), ("bereits", "erledigt"), ("deja", "traite"), ("already", "entered"),
                ("deja", "saisi"), ("bereits", "bestellt"), ("schon", "bestellt"), ("already", "ordered"),
                ("deja", "commande"), ("bereits", "gefaxt"), ("schon", "gefaxt"), ("already", "faxed"),
                ("deja", "faxe"), ("deja", "envoye"), ("bereits", "gesendet"), ("already", "sent"))
DUPLICATE_WORDS = (*COPY_WORDS, "doppelt", "doublon", "double", "duplikat")
WEAK_COPY = frozenset(("copy", "kopie", "copie", "double"))  # also a product's word or a printed choice
# ("Copy paper", "[X] Copy", "Original / Kopie"): a mark only with nothing else but a date, initials, "!"
WEAK_DONE = frozenset(("bearbeitet", "gebucht", "erfasst", "processed", "saisi", "traite"))  # also a form's or a
# sentence's word ("Orders processed within 24h", "Saisi" of a blank "Saisi le ____" read apart): a mark only with
# a date or initials beside it and nothing else
NOT_ALONE = frozenset(("double",))  # a printed choice alone ("Simple / Double"): a mark with a date or initials
STOP_WORDS = ("stop", "stopp")
ABBREVIATIONS = {"storn": "cancel"}  # the clerk's short forms, read exactly ("erl." is in DONE_WORDS)
LABEL_WORDS = frozenset(("bearbeiter", "bearbeiterin", "doppel", "erfasser", "buchung", "processor", "original",
                         "kopien", "copies"))  # real words one slip from a mark's word: no OCR slip of it
LINKS = frozenset(("am", "le", "on", "by", "par", "von", "durch", "at", "den", "du", "the", "per", "date", "datum"))
FORM_WORDS = frozenset(("received", "checked", "approved", "signed", "signature", "visum", "visa", "kurzel",
                        "name", "nom", "unterschrift", "eingang", "recu", "geprueft", "gepruft", "verifie"))
# a blank field of a printed "for internal use" box ("Received by ____ Processed by ____", "Erfasst am ____")
NEGATIONS = frozenset(("nicht", "kein", "keine", "not", "no", "pas", "ne", "non", "nie", "never", "jamais"))
REQUESTS = frozenset(("bitte", "please", "veuillez", "merci", "pls"))  # a sentence to the supplier: a note's
NAME_SIGNS = frozenset(("&", "gmbh", "ag", "kg", "sa", "sarl", "sas", "ltd", "inc", "llc", "co", "se"))
FILLERS = frozenset(("!", "bereits", "schon", "deja", "already", "ok", "fax", "mit", "lt", "laut", "tel"))
MAX_WORDS = 6  # a mark's phrase: its word and a few more (a date, initials, "lt. Tel.", "Auftrag")


def mark_problems(order: ExtractedOrder, pages: list[PageWords],
                  marks: Sequence[tuple[int, tuple[float, float, float, float]]] = ()) -> list[Problem]:
    """The order's problems for the marks on its pages (see the module docstring); ``pages``: every reading of the
    order's pages (tesseract's and RapidOCR's), one hold per page and kind. ``marks``: (page, x0, y0, x1, y1 box)
    of the ink the page's analysis calls a hand's or a stamp's (``stray_marks.Marking``): a cancel word read with
    doubt (``doubtful_cancel``) is looked for there only, printed words two slips from one are the form's
    ("Endgültig", "Annotation:", "Sortiert"; review rfax D4, D5)."""
    out: list[Problem] = []
    for page in pages:
        for row in group_rows(page):
            for phrase in row.phrases:
                kind = mark_kind(phrase.text) or (doubtful_cancel(phrase.text) if _over_a_mark(phrase, marks)
                                                  else None)
                if kind is None or _on_the_order(phrase, order) or _a_choice(kind, phrase, row.phrases):
                    continue
                problem = _problem(kind, phrase)
                if not any(p.code == problem.code and p.segment == problem.segment for p in [*order.problems, *out]):
                    out.append(problem)
    return out


def _over_a_mark(phrase: Phrase, marks: Sequence[tuple[int, tuple[float, float, float, float]]]) -> bool:
    """Half the phrase's box or more lies on a mark's ink."""
    area = max((phrase.x1 - phrase.x0) * (phrase.y1 - phrase.y0), 1.0)
    for page, (x0, y0, x1, y1) in marks:
        w = min(x1, phrase.x1) - max(x0, phrase.x0)
        h = min(y1, phrase.y1) - max(y0, phrase.y0)
        if page == phrase.page and w > 0 and h > 0 and w * h >= 0.5 * area:
            return True
    return False


def mark_kind(text: str) -> str | None:
    """"cancel", "stop", "copy" or "done" when ``text`` is a short phrase holding a mark's word (see the module
    docstring), else None: a label, a blank form field, a printed choice, a question, a name or a sentence."""
    said = re.findall(r"[^\W_]+(?:[./:][^\W_]+)*|[!:?&+]", text)
    tokens = [fold(t).lower() for t in said]
    if not tokens or sum(t.isalnum() or "." in t for t in tokens) > MAX_WORDS or "?" in tokens:
        return None
    kind, used = _named(tokens)
    if kind is None:
        return None
    rest = [(said[i], tokens[i]) for i in range(len(tokens)) if i not in used]
    first = min(used)
    if _printed_form(kind, tokens, used, rest) or _sentence_or_name(tokens, first, rest):
        return None
    return kind


def doubtful_cancel(text: str) -> str | None:
    """"doubt" for a short phrase (``DOUBT_WORDS`` words at most) whose one long word is two OCR slips from a long
    cancelling word ("CANCFLLFD", "Stornierl", "ANNULAT1ON" read on a standard fax): a cancel mark read with doubt
    holds MARKING-UNREAD, a person reads the page. A real word two slips away ("Annual", "canceler") is too short
    or is no lone phrase of the page."""
    said = re.findall(r"[^\W_]+(?:[./:][^\W_]+)*", text)
    if not said or len(said) > DOUBT_WORDS:
        return None
    tokens = [fold(t).lower() for t in said]
    long = [t for t in tokens if len(t) >= DOUBT_LETTERS]
    if len(long) != 1 or not all(t in long or _filler(s) for s, t in zip(said, tokens)):
        return None
    word = long[0]
    if _a_label(text, word):
        return None  # "Annotation:", "Stornierung: siehe AGB": a printed form's label
    if word in LABEL_WORDS or any(word.startswith(w) for w in CANCEL_WORDS):
        return None  # a real word made of one ("Stornierungen" heading a form's terms): the rules on words read it
    near = [w for w in CANCEL_WORDS if len(w) >= DOUBT_LETTERS and edit_distance(word, w, cap=2) == 2]
    return "doubt" if near else None


DOUBT_WORDS = 3  # the word and a date or initials


def _a_label(text: str, word: str) -> bool:
    """The long word ends in a colon ("Annotation:"), or the phrase is a printed form's (``_printed_form``)."""
    said = re.findall(r"[^\W_]+(?:[./:][^\W_]+)*|[!:?&+]", text)
    tokens = [fold(t).lower() for t in said]
    at = tokens.index(word) if word in tokens else None
    if at is None:
        return False
    if at + 1 < len(tokens) and tokens[at + 1] == ":":
        return True
    rest = [(said[i], tokens[i]) for i in range(len(tokens)) if i != at]
    return _printed_form("cancel", tokens, {at}, rest)
DOUBT_LETTERS = 7  # a cancelling word this long read with two slips is still no other word


def _printed_form(kind: str, tokens: list[str], used: set[int], rest: list[tuple[str, str]]) -> bool:
    """A label ("Geliefert an:", "Kopie an: Buchhaltung"), a blank form field ("Processed by", "Saisi le",
    "Erfasst am") or one filled with a name ("Bearbeitet von Hr. Müller"), a printed choice ("[X] Copy",
    "Original / Kopie", "Copy paper")."""
    first = min(used)
    last = max(i for i in range(len(tokens)) if tokens[i] not in (":", "!")) if tokens else 0
    if ":" in tokens and not all(t == ":" or _filler(s) for s, t in rest):
        return True  # a label with its value, or a label: what follows the colon is no date or initials
    if kind == "copy" and tokens[first] in WEAK_COPY:
        return (any(t in ("x", "original") for _s, t in rest) or not all(_filler(s) for s, _t in rest)
                or (tokens[first] in NOT_ALONE and not any(t != "!" for _s, t in rest)))
    if kind == "done" and rest and all(t in LINKS or t in FORM_WORDS for _s, t in rest):
        return True  # "Processed by", "Traité le", "Received by Processed by": a blank field
    if kind == "done" and len(used) == 1 and tokens[first] in WEAK_DONE:  # "Saisi" of a blank "Saisi le ____"
        return not all(_filler(s) for s, _t in rest) or not any(t != "!" for _s, t in rest)
    after = tokens[max(used) + 1] if max(used) < last else ""
    if after in LINKS:  # "Bearbeitet von Hr. Müller", "Traité par M. Dupont": a field filled with a name
        return not all(_filler(s) or t in LINKS for s, t in rest)
    return False


def _sentence_or_name(tokens: list[str], first: int, rest: list[tuple[str, str]]) -> bool:
    """"Bitte nicht doppelt liefern" (a request, a negation before the word), "STOP & GO GmbH" (a name)."""
    if first > 0 and tokens[first - 1] in NEGATIONS:
        return True
    return any(t in REQUESTS or t in NAME_SIGNS for _s, t in rest)


def _named(tokens: list[str]) -> tuple[str | None, set[int]]:
    for i, token in enumerate(tokens):  # a mark's phrase: its two words, perhaps with words between
        for j in range(i + 1, min(i + 4, len(tokens))):
            if any(_is(token, a) and _is(tokens[j], b) for a, b in DONE_PHRASES):
                return "done", {i, j}
    for i, token in enumerate(tokens):
        if token in ABBREVIATIONS:
            return ABBREVIATIONS[token], {i}
        for kind, vocabulary in (("cancel", CANCEL_WORDS), ("stop", STOP_WORDS), ("copy", DUPLICATE_WORDS),
                                 ("done", DONE_WORDS)):
            if any(_is(token, word) for word in vocabulary):
                return kind, {i}
    return None, set()


def _is(token: str, word: str) -> bool:
    """The word, or one OCR slip of a word of six letters and more that is no real word itself ("Bearbeiter"
    is no slip of "bearbeitet")."""
    return token == word or (len(word) >= 6 and len(token) >= len(word) - 1 and token not in LABEL_WORDS
                             and edit_distance(token, word, cap=1) <= 1)


_DATE_OR_TIME = re.compile(r"^\d{1,4}([./:-]\d{1,4}){0,2}\.?$")


def _filler(said: str) -> bool:
    """A date, a time, a number, initials (in either case), a sign or a mark's filler word."""
    token = fold(said).lower()
    return (token in FILLERS or bool(_DATE_OR_TIME.match(token)) or (said.isalpha() and len(said) <= 3))


def _a_choice(kind: str, phrase: Phrase, row: list[Phrase]) -> bool:
    """A copy's word of a printed choice: "Original    Kopie", "[ ] Original   [X] Copy" (the other choice is a
    phrase of its own on the same row)."""
    words = {fold(w).lower() for p in row for w in re.findall(r"[^\W_]+", p.text)}
    return kind == "copy" and "original" in words and bool(WEAK_COPY & {fold(w).lower() for w in
                                                                      re.findall(r"[^\W_]+", phrase.text)})


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
    if kind == "doubt":
        return Problem(code="MARKING-UNREAD", severity="error", element="lines", segment=segment,
                       message=f"{said}: it may be a cancel mark read with doubt, look at the page")
    if kind == "copy":
        return Problem(code="COPY-MARKED", severity="error", element="po_number", segment=segment,
                       message=f"{said}: a copy or duplicate of an order sent before may be ordered twice")
    return Problem(code="DONE-MARKED", severity="error", element="po_number", segment=segment,
                   message=f"{said}: the order may have been entered or delivered already, look at the page")
