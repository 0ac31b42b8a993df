"""A printed date one OCR slip keeps from reading as a date, mended, for both engines to confirm.

A fax's date beside its label is sometimes read with one slip that no date parser forgives:

* a stray space inside the digits: "12/15/202 6";
* the spaces of a date in words lost (RapidOCR runs words together): "December16,2026";
* (a space where a separator was is not mended: "3 12/2026" is a month and year with a number in front, and
  "15 12.2026" reads the same; "15.12 2026" reads as a date already);
* the label's cut end glued onto the month name or the digits: "DeDecember 14, 2026" (Calc cut "Date" to
  "De"), "DaDecember 14, 2026", "livrai03/12/2026".

``mend_date`` tries each single repair and returns the date when exactly one date comes of them, read in the
document's locale with a four-digit year; None otherwise. A mended date is never sure by itself: the layout
takes it with a doubt (``MENDED_ELEMENT``) that only the other OCR engine's reading of the same date settles
(``extractors.capture.agreement``): two engines that read the same digits there confirm the repair, one that
read other digits ("12/16/2026") keeps the order held.
"""

from __future__ import annotations

import re
from datetime import date

from extractors.locale_values import DocLocale, fold, month_of, parse_date

MENDED_ELEMENT = "requested_delivery_date.mended"  # a date read by mending one slip: the other engine confirms it
MENDED_CONFIDENCE = 0.75  # below the review threshold alone; two engines agreeing lift it over

_DIGIT_SPACE = re.compile(r"(?<=\d) (?=\d)")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_GLUED_DIGITS = re.compile(r"^[^\W\d_]{1,12}(?=\d{1,2}[./-]\d{1,2}[./-]\d{4}\b)")
_LETTER_DIGIT = re.compile(r"(?<=[^\W\d_]{3})(?=\d)")
_COMMA_RUN = re.compile(r",(?=\d{4})")


def mend_date(text: str, loc: DocLocale) -> date | None:
    """The one date ``text`` reads as after a single repair (see the module docstring), or None."""
    text = " ".join(text.split())[:40]
    if not text or parse_date(text, loc) is not None:
        return None  # it reads as it is: nothing to mend
    found = {d for d in (_full_date(c, loc) for c in _repairs(text)) if d is not None}
    return found.pop() if len(found) == 1 else None


def _repairs(text: str) -> list[str]:
    """``text`` with one slip undone, each way it may have happened."""
    out = [text[:m.start()] + text[m.end():] for m in _DIGIT_SPACE.finditer(text)]  # "202 6" -> "2026"
    first, _, rest = text.partition(" ")
    glued = _glued_month(first)
    if glued:
        out.append(f"{glued} {rest}".strip())
    out.append(_GLUED_DIGITS.sub("", text))
    out.append(_COMMA_RUN.sub(", ", _LETTER_DIGIT.sub(" ", text)))  # "December16,2026": the spaces lost
    return [c for c in out if c != text]


def _glued_month(word: str) -> str | None:
    """The month name a word ends with after one to four letters of a label glued on ("DeDecember" ->
    "December"): the month's capital follows the glued letters; None if no month name ends it."""
    for k in range(1, 5):
        tail = word[k:]
        if len(tail) >= 3 and tail[0].isupper() and word[k - 1].isalpha() and \
                (found := month_of(fold(tail).rstrip(".,"))) is not None and found[1] == 1.0:
            return tail
    return None


def _full_date(text: str, loc: DocLocale) -> date | None:
    """The date ``text`` reads as in full, with a four-digit year (a repair that leaves "202" is none)."""
    if not _YEAR.search(text):
        return None
    parsed = parse_date(text, loc)
    return parsed[0] if parsed is not None and parsed[1] >= 1.0 else None


# a month name run into its day and year by an engine that loses spaces ("December8,2026", "December 16,2026"), or
# its comma read as a dot ("December 8. 2026")
_RUN_TOGETHER = re.compile(r"(?<![^\W\d_])([^\W\d_]{3,})\s?(\d{1,2})(?:[,.]\s?|\s)((?:19|20)\d{2})(?!\d)")


def spaced_month_dates(text: str) -> str:
    """``text`` with a date in words an engine ran together or gave a dot for its comma written as printed
    ("December8,2026", "December 8. 2026" -> "December 8, 2026"): only where the word is a month's name; the date
    is then weighed against the other engine's reading like any other."""
    def apart(m: re.Match[str]) -> str:
        month, day, year = m.groups()
        found = month_of(fold(month))
        if found is None or found[1] < 1.0 or m.group(0) in (f"{month} {day}, {year}", f"{month} {day} {year}"):
            return m.group(0)  # no month, or written apart already
        return f"{month} {day}, {year}"
    return _RUN_TOGETHER.sub(apart, text)
