"""A delivery instruction typed into an item's description cell, on the cell's last printed line(s).

A Word or Excel form with one or few items often gets its instruction typed under the description, in the same
cell ("Fauteuil de bureau ergonomique" / "Livrer avant 10h"): read as the item's description, the instruction went
to the ERP as part of the product's name and never reached the order's notes. ``split_glued_notes`` moves the
cell's last printed line(s) to the notes only when they clearly are an instruction: asked ("Bitte vormittags
liefern", "Please deliver before noon", "Merci de livrer ...") or a delivery word of a closed list with its time,
day or date ("Livraison impérative avant 9h", "Anlieferung nur bis 12 Uhr", "Nur vormittags anliefern"), short,
with no money nor a count. A product's own line stays ("delivered by the metre", "Lieferform: Ring bis 305 m"). A last line
that opens as a note does ("Bitte ...", "Livraison ...", "Attention ...") without being clearly an instruction stays in the description and holds the order
(``NOTE-IN-LINE``): a person decides whether it is the product's name or a note.
"""

from __future__ import annotations

import re

from extractors.delivery_words import DELIVERY_STEMS
from extractors.locale_values import fold
from extractors.capture.words import CellWord, Word
from gateway.model import ExtractedLine, Problem

MAX_WORDS = 10
_ASK = re.compile(r"^\W*(?:please|pls|kindly|bitte|merci\s+de|veuillez|svp|priere\s+de)\b")
_DELIVERY = re.compile(r"\b(?:" + DELIVERY_STEMS + r")\b")  # open stems: enough to hold, never to move
# a closed list of the words that ask for a delivery (not "Lieferform", "Versandkarton", "livré en couronne")
_INSTRUCTION = re.compile(r"\b(?:liefern|anliefern|ausliefern|zustellen|lieferung|anlieferung|zustellung|versenden"
                          r"|livrer|livrez|livraison|expedier|expediez|deliver|delivery|ship|dispatch)\b")
# a time, a day or a date of the delivery: "avant 10h", "bis 12 Uhr", "before 9:30", "vormittags", "le matin", "lundi",
# "am 10.12."; "by", "bis", "jusqu'a" alone are no time ("delivered by the metre", "Ring bis 305 m")
_WHEN = re.compile(r"\b(?:le\s+matin|l'apres-midi|morning|afternoon|noon|midi|mittags?|vormittags?|nachmittags?|morgens"
                   r"|fruh|\d{1,2}\s*(?:h|uhr|am|pm)\b|\d{1,2}h\d{2}|\d{1,2}[:.]\d{2}\b|\d{1,2}[./]\d{1,2}[./]"
                   r"|lundi|mardi|mercredi|jeudi|vendredi|samedi|montags?|dienstags?|mittwochs?|donnerstags?|freitags?"
                   r"|samstags?|monday|tuesday|wednesday|thursday|friday|saturday)")
# a line that opens with a condition of the delivery ("Nur vormittags anliefern", "Only before noon deliver")
_CONDITION = re.compile(r"^\W*(?:nur|only|uniquement|seulement|avant|apres|vor|nach|before|after|bis|jusqu\w*)\b")
# a last line that opens as a note does (asked, or naming the delivery) without being clearly an instruction
_NOTE_START = re.compile(r"^\W*(?:please|pls|kindly|bitte|merci|veuillez|svp|livraison|livrer|deliver|delivery|lieferung"
                         r"|anlieferung|liefern|zustellung|attention|achtung|note|hinweis|remarque)\b")
_MONEY_OR_COUNT = re.compile(r"\d[.,]\d{2}\b|[€$£]|\b\d+\s*(?:x|stk|pcs|pieces|pce|ea|st)\b")
_LINE_GAP = 0.5  # of a word's height: words this far apart in height are on two printed lines

NOTE_IN_LINE = "NOTE-IN-LINE"


def split_glued_notes(lines: list[ExtractedLine], cells: list[list[Word]]) -> tuple[list[str], list[Problem]]:
    """The instructions taken out of the lines' descriptions (each line's ``cells``: its description words), and a
    problem for each last printed line that opens as a note and was left in its description."""
    notes: list[str] = []
    problems: list[Problem] = []
    for line, words in zip(lines, cells):
        printed = _printed_lines(words)
        if len(printed) < 2 or not line.description:
            continue
        found = _instruction_tail(printed)
        if found is not None and (kept := _without_tail(line.description, found)) is not None:
            line.description = kept
            notes.append(found)
        elif _opens_as_note(_folded(printed[-1])):
            problems.append(Problem(code=NOTE_IN_LINE, severity="error", element="lines", message=(
                f"line {line.line_no}: the description's last line may be a delivery note typed into the item's "
                f"cell, a person decides: {printed[-1][:120]!r}")))
    return notes, problems


def _printed_lines(words: list[Word]) -> list[str]:
    """The cell's words by printed line, top to bottom (a ruled cell read as one word keeps its lines)."""
    if len(words) == 1 and isinstance(words[0], CellWord) and words[0].lines:
        return list(words[0].lines)
    out: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.y0, w.x0)):
        if out and abs(w.y0 - out[-1][0].y0) < _LINE_GAP * max(w.y1 - w.y0, 1.0):
            out[-1].append(w)
        else:
            out.append([w])
    return [" ".join(w.text for w in sorted(ws, key=lambda w: w.x0)) for ws in out]


def _instruction_tail(printed: list[str]) -> str | None:
    """The longest run of last printed lines that clearly is an instruction ("Bitte" / "vormittags" / "liefern"
    wrapped in a narrow cell), the first line left to the item."""
    for k in range(1, len(printed)):
        text = " ".join(printed[k:])
        if clear_instruction(text):
            return text
    return None


def clear_instruction(text: str) -> bool:
    """A short delivery instruction: a word of ``_INSTRUCTION`` asked ("Bitte liefern", "Merci de livrer") or with
    its time, day or date (``_WHEN``), the line opening with it or with its condition ("Livraison avant 10h",
    "Nur vormittags anliefern")."""
    folded = _folded(text)
    if len(folded.split()) > MAX_WORDS or _MONEY_OR_COUNT.search(folded) or not _INSTRUCTION.search(folded):
        return False
    opens = _INSTRUCTION.match(folded) or _CONDITION.match(folded)
    return bool(_ASK.search(folded) or (opens and _WHEN.search(folded)))


def _opens_as_note(folded: str) -> bool:
    """The last line opens as a note does (asked, naming the delivery, or a condition of the delivery), with no
    money nor count: it may be a note, a person decides."""
    if _MONEY_OR_COUNT.search(folded):
        return False
    return bool(_NOTE_START.match(folded) or (_CONDITION.match(folded) and _DELIVERY.search(folded)))


def _folded(text: str) -> str:
    return " ".join(fold(text).replace("ß", "ss").lower().split())


def _without_tail(description: str, tail: str) -> str | None:
    """``description`` less ``tail`` at its end, compared without spaces (a cell's lines may be joined without
    one: "vormittagsliefern"); None when it does not end so."""
    bare = tail.replace(" ", "")
    if not bare or not description.replace(" ", "").endswith(bare):
        return None
    count, cut = 0, len(description)
    while count < len(bare) and cut > 0:
        cut -= 1
        count += description[cut] != " "
    kept = description[:cut].rstrip(" ,;-")
    return kept or None
