"""Words printed across a text page at an angle: a watermark ("DRAFT", "ENTWURF", "BROUILLON", "COPY", "VOID").

ERPs (Odoo, Dynamics, Sage) print a large slanted "DRAFT" over a purchase order not yet approved; a copy is
printed "COPY" or "DUPLICATE", a withdrawn order "VOID" or "STORNIERT". In the PDF's text layer such a word
comes apart into single letters scattered between the rows ("T", "F", "A", "R", "D"), and the order reads as
any other. ``slanted_text`` gathers the large letters drawn at an angle (10 to 80 degrees) in drawing order;
``watermark_problems`` names what they say:

* a draft's word ("DRAFT", "ENTWURF", "BROUILLON", "PROJET", "NOT APPROVED", "NICHT FREIGEGEBEN", "SPECIMEN",
  "MUSTER"): ``DRAFT-MARKED``, a person finds out whether the order stands;
* a copy's word (as a fax stamp's, ``stray_marks.COPY_WORDS``): ``COPY-MARKED``;
* a cancelling word (``stray_marks.CANCEL_WORDS``): ``CANCEL-TYPED``;
* a revision's word ("REVISED", "ÄNDERUNG", "RECTIFICATIF", "ERSATZ"): ``CHANGE-TYPED``.

Any other slanted word (a logo's name set at an angle, "PAID", "CONFIDENTIAL") holds nothing; every slanted word
is kept in the order's notes (``watermark_notes``), so an urgency word ("EILT") sets the priority as a stamp does. The slanted
letters are left out of the page's words (``pdf_text``), so they never join a row.
"""

from __future__ import annotations

import math
import re

from extractors.locale_values import fold
from extractors.capture.words import PageWords
from gateway.model import Problem

MIN_SIZE = 24.0  # points: a watermark's letters are large; a rotated table title or a side note is not
MIN_SMALL = 6.0  # points: below it, a mark is print dust
MIN_LIGHT = 0.35  # of full brightness: a colour at least this light (or any colour but black) is no body text
MIN_ANGLE, MAX_ANGLE = 10.0, 80.0  # degrees off level: vertical margin text (90) is a print mark, no watermark
DRAFT_WORDS = ("draft", "entwurf", "brouillon", "projet", "specimen", "muster", "not approved", "non approuve",
               "nicht freigegeben", "unapproved", "preliminary", "vorlaufig")
COPY_WORDS = ("duplicate", "duplikat", "duplicata", "copy", "kopie", "copie", "zweitschrift")
CANCEL_WORDS = ("storniert", "storno", "void", "annule", "annulee", "cancelled", "canceled", "ungultig")
REVISED_WORDS = ("revised", "revision", "amended", "amendment", "anderung", "geandert", "korrektur", "modifie", "modifiee",
                 "rectificatif", "replacement", "ersatz", "remplace")


def slanted(char: dict) -> bool:
    """A large letter drawn at 10 to 80 degrees off level (its text matrix turned)."""
    a, b = float(char["matrix"][0]), float(char["matrix"][1])
    angle = abs(math.degrees(math.atan2(b, a))) % 180
    angle = min(angle, 180 - angle)
    return float(char.get("size", 0)) >= MIN_SIZE and MIN_ANGLE <= angle <= MAX_ANGLE


def slanted_text(chars: list[dict]) -> str:
    """The slanted letters of a page in the order they were drawn, a space where the gap between two is wide."""
    out, last = [], None
    for c in chars:
        if not slanted(c):
            continue
        if not c["text"].strip():
            out.append(" ")  # the space the print draws between two words
            continue
        if last is not None and math.dist((c["x0"], c["top"]), (last["x0"], last["top"])) > 1.6 * float(c["size"]):
            out.append(" ")
        out.append(c["text"])
        last = c
    return " ".join("".join(out).split())


def _angle(char: dict) -> float:
    a, b = float(char["matrix"][0]), float(char["matrix"][1])
    angle = abs(math.degrees(math.atan2(b, a))) % 180
    return min(angle, 180 - angle)


def mark_letter(char: dict) -> bool:
    """A letter of a watermark, left out of the page's words: large and slanted (``slanted``), or slanted in grey
    or a colour at any size (a small grey "BEZAHLT" at 30 degrees; its letters scattered into the rows made prices
    unreadable). A small rotated letter in black (a column title set at 45 degrees) stays text."""
    return slanted(char) or (MIN_SMALL <= float(char.get("size", 0)) and MIN_ANGLE <= _angle(char) <= MAX_ANGLE
                             and _light(char))


def _light(char: dict) -> bool:
    """Printed in a colour other than black (grey, a stamp's red or blue): a mark, not the order's text."""
    colour = char.get("non_stroking_color")
    if not isinstance(colour, (tuple, list)) or not colour or not all(isinstance(v, (int, float)) for v in colour):
        return False
    if len(colour) == 4:  # CMYK
        c, m, y, k = colour
        colour = ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    return max(colour) >= MIN_LIGHT


def _runs(chars: list[dict]) -> list[str]:
    """Letters in the order they were drawn, one run per word group (a gap wider than 1.6 letters apart)."""
    runs: list[list[str]] = []
    last = None
    for c in chars:
        if not c["text"].strip():
            if runs:
                runs[-1].append(" ")
            continue
        if last is None or math.dist((c["x0"], c["top"]), (last["x0"], last["top"])) > 3 * float(c["size"]):
            runs.append([])
        elif math.dist((c["x0"], c["top"]), (last["x0"], last["top"])) > 1.6 * float(c["size"]):
            runs[-1].append(" ")
        runs[-1].append(c["text"])
        last = c
    return [" ".join("".join(run).split()) for run in runs if "".join(run).strip()]


_MARK = re.compile(r"(?:" + "|".join(w.replace(" ", r"\s+") for w in (*DRAFT_WORDS, *COPY_WORDS, *CANCEL_WORDS,
                                                                      *REVISED_WORDS)) + r")")


def small_marks(chars: list[dict]) -> str:
    """Marks too small for ``slanted``: a word under 24 pt set at an angle, or printed level in grey or a colour,
    that is nothing but a draft's, copy's, cancelling or revision word ("ENTWURF" 14 pt grey at 30 degrees,
    "COPY" 11 pt grey in the corner, "ANNULÉ" in red). Outside trial: a small grey "ENTWURF" was not read and a
    draft went out. A word that says anything else (a rotated column title, a grey footer) is no mark."""
    # every tilted letter, large ones too: a rotated word's letters are measured at different sizes (a 20 pt
    # "ENTWURF" reads 23 to 25), so a word across the 24 pt line is read whole here
    tilted = [c for c in chars if MIN_SMALL <= float(c.get("size", 0)) and MIN_ANGLE <= _angle(c) <= MAX_ANGLE]
    level = [c for c in chars if MIN_SMALL <= float(c.get("size", 0)) and _angle(c) < 1 and _light(c)]
    marks = []
    labels = {run for run, group in _char_runs(level) if _field_label(run, group, chars)}
    for run in (*_runs(tilted), *(r for r in _runs(level) if r not in labels)):
        words = " ".join(re.findall(r"[a-z]+", fold(run).lower()))
        words = _letters_joined(words)
        if words and re.fullmatch(rf"{_MARK.pattern}(?:\s+{_MARK.pattern})*", words):
            marks.append(run)
    return " | ".join(marks)


# words an ERP prints as a grey field's label over or beside its value ("Revision" over "0", "Projet" over the
# project's name, "Muster", "Version"): a label, no stamp, when a black value of its size sits right of it on its
# line or under it, left-aligned (review revC D9)
_LABEL_WORDS = frozenset({"revision", "rev", "projet", "project", "projekt", "muster", "sample", "korrektur",
                          "version", "revisions", "revisionsstand"})


def _char_runs(chars: list[dict]) -> list[tuple[str, list[dict]]]:
    """``_runs`` with each run's letters."""
    runs: list[list[dict]] = []
    last = None
    for c in chars:
        if not c["text"].strip():
            continue
        if last is None or math.dist((c["x0"], c["top"]), (last["x0"], last["top"])) > 3 * float(c["size"]):
            runs.append([])
        runs[-1].append(c)
        last = c
    return [(" ".join(_runs(group)), group) for group in runs]


def _field_label(run: str, group: list[dict], chars: list[dict]) -> bool:
    words = re.findall(r"[a-z]+", fold(run).lower())
    if len(words) != 1 or words[0] not in _LABEL_WORDS:
        return False
    x0, x1 = min(c["x0"] for c in group), max(c["x1"] for c in group)
    top, bottom = min(c["top"] for c in group), max(c["bottom"] for c in group)
    size = max(float(c["size"]) for c in group)
    dark = [c for c in chars if c["text"].strip() and not _light(c) and _angle(c) < 1]
    if any(c["x1"] > x0 + 0.5 and c["x0"] < x1 - 0.5 and c["bottom"] > top + 0.5 and c["top"] < bottom - 0.5
           for c in dark):
        return False  # printed over or against the order's own text: a stamp
    for c in dark:
        if not 0.75 * size <= float(c.get("size", 0)) <= 1.33 * size:
            continue
        starts = not any(d is not c and abs(d["top"] - c["top"]) < 0.3 * size and 0 <= c["x0"] - d["x1"] <= 0.6 * size
                         for d in dark)  # the first letter of its word
        beside = abs(c["top"] - top) < 0.5 * size and 0 <= c["x0"] - x1 <= 4 * size
        under = 0 <= c["top"] - bottom <= 1.5 * size and abs(c["x0"] - x0) <= 0.5 * size
        if starts and (beside or under):
            return True
    return False


def watermark_problems(pages: list[PageWords]) -> list[Problem]:
    """``DRAFT-MARKED``, ``COPY-MARKED`` or ``CANCEL-TYPED`` for a page whose watermark (or small mark) says so."""
    out = []
    for page in pages:
        parts = [" ".join(re.findall(r"[a-z]+", fold(t).lower())) for t in (page.slanted, *(page.marks or "").split(" | "))]
        parts = [p for p in parts if p]
        if not parts:
            continue
        # "D R A F T", "E N T W U R F": letter-spaced (review rev1 D3); each mark read on its own
        words = " | ".join(f"{p} | {_letters_joined(p)}" for p in parts)
        said = (f"page {page.page}: a word printed across the page at an angle reads {page.slanted[:40]!r}" if page.slanted
                else f"page {page.page}: a word printed small at an angle or in grey reads {page.marks[:40]!r}")
        if any(re.search(rf"\b{w}\b", words) for w in DRAFT_WORDS):
            out.append(Problem(code="DRAFT-MARKED", severity="error", element="po_number", segment=f"page {page.page}",
                               message=f"{said}: the order may be a draft not yet approved, a person confirms it"))
        elif any(re.search(rf"\b{w}\b", words) for w in CANCEL_WORDS):
            out.append(Problem(code="CANCEL-TYPED", severity="error", element="lines", segment=f"page {page.page}",
                               message=f"{said}: the order may be cancelled"))
        elif any(re.search(rf"\b{w}\b", words) for w in COPY_WORDS):
            out.append(Problem(code="COPY-MARKED", severity="error", element="po_number", segment=f"page {page.page}",
                               message=f"{said}: a copy of an order sent before may be ordered twice"))
        elif any(re.search(rf"\b{w}\b", words) for w in REVISED_WORDS):
            out.append(Problem(code="CHANGE-TYPED", severity="error", element="lines", segment=f"page {page.page}",
                               message=f"{said}: the order may change one sent before, a person applies it"))
    return out


def watermark_notes(pages: list[PageWords]) -> list[str]:
    """Every page's slanted words as the order's notes ("watermark: EILT"): nothing read is said nowhere, and an
    urgency word there is read by the priority rules as a stamp's is (review rev1 D7)."""
    return [f"watermark: {page.slanted[:60]}" for page in pages if re.search(r"[^\W\d_]{3,}", page.slanted or "")]


def _letters_joined(words: str) -> str:
    """Runs of single letters joined into their word: "d r a f t copy" gives "draft copy"."""
    return re.sub(r"\b[a-z](?: [a-z]\b)+", lambda m: m.group(0).replace(" ", ""), words)
