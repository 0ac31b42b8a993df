"""Weekdays written with a date in an order ("Thursday 10 December", "jeudi 10 décembre",
"Donnerstag, den 10. Dezember", "Do., 10.12.", "10/12/2026 (Thursday)"), in English, French and German:
typed in an e-mail (``extractors.mail.body_text``) or printed on a page or a fax (``extractors.capture.layout``).

A weekday beside a date is evidence: when it agrees with the date it says nothing more (the date reads as
without it); when it does not ("Monday 10 December 2026": the 10th is a Thursday) one of the two is wrong
and the order is held with ``DATE-WEEKDAY-MISMATCH``, both shown. A date typed without a year is checked
against the day the reader took it for (the next such day after the order date, or the last one before
the e-mail for an order date).
"""

from __future__ import annotations

import re
from datetime import date

from extractors.locale_values import DateHit, DocLocale, date_hits, fold
from gateway.model import Problem

# The weekdays' full names in English, French and German, Monday first: the one list every reader of dates, remarks
# and notes builds its own words from (``note_dates``, ``remark_dates``, ``remark_changes``, ``page_notes``,
# ``typed_remarks``), each adding what it needs beside them (plurals, abbreviations, other languages)
DAY_NAMES: tuple[tuple[str, ...], ...] = (
    ("monday", "lundi", "montag"), ("tuesday", "mardi", "dienstag"), ("wednesday", "mercredi", "mittwoch"),
    ("thursday", "jeudi", "donnerstag"), ("friday", "vendredi", "freitag"), ("saturday", "samedi", "samstag", "sonnabend"),
    ("sunday", "dimanche", "sonntag"))
FULL_WEEKDAY = "(?:" + "|".join(name for names in DAY_NAMES for name in names) + ")"  # a regex alternation
_ABBREVIATED = ("mon", "tues tue", "wed", "thurs thur thu", "fri", "sat", "sun")
# the short forms a window of days is written with ("Mo-Fr", "lun.-ven.", "Mon-Fri"), English, German, French: a day
# only where two of them make a window (alone "do", "so", "mar" are other words)
SHORT_DAY_NAMES: tuple[tuple[str, ...], ...] = (
    ("mon", "mo", "lun"), ("tue", "tues", "di", "mar"), ("wed", "mi", "mer"), ("thu", "thur", "thurs", "do", "jeu"),
    ("fri", "fr", "ven"), ("sat", "sa", "sam"), ("sun", "so", "dim"))

WEEKDAYS: dict[str, int] = {}  # folded name -> date.weekday() (Monday 0)
for _day, (_names, _short) in enumerate(zip(DAY_NAMES, _ABBREVIATED)):
    WEEKDAYS.update(dict.fromkeys([*_names, *_short.split()], _day))
# German two-letter abbreviations are common words ("do", "so") unless a stop or comma follows: "Do., 10.12."
_SHORT_DE = {"mo": 0, "di": 1, "mi": 2, "do": 3, "fr": 4, "sa": 5, "so": 6}
_NAMES = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
WEEKDAY_WORD = rf"(?:(?:{_NAMES})\b\.?|(?:{'|'.join(_SHORT_DE)})(?:\.,?|,))"
_BEFORE = re.compile(rf"\b(?P<day>{WEEKDAY_WORD})\s*,?\s*(?:(?:the|le|den|der)\s+)?$")
_AFTER = re.compile(rf"^\s*,?\s*\(\s*(?P<day>{WEEKDAY_WORD})\s*\)")
_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _index(word: str) -> int:
    word = word.rstrip(".,")
    return WEEKDAYS.get(word, _SHORT_DE.get(word, -1))


def typed_weekday(folded: str, hit: DateHit) -> tuple[int, str] | None:
    """The weekday typed right before the date (or in brackets right after it), with its text."""
    before = _BEFORE.search(folded, max(0, hit.start - 30), hit.start)
    found = before or _AFTER.match(folded[hit.end:hit.end + 30])
    if not found:
        return None
    return _index(found.group("day")), found.group("day").rstrip(".,")


def skip_weekday(folded: str, at: int) -> int:
    """Where a date may start after ``at``: past a weekday typed there ("Order date: Thursday, 3 Dec")."""
    found = re.compile(rf"\s*(?:{WEEKDAY_WORD})\s*,?\s*(?:(?:the|le|den|der)\s+)?").match(folded, at)
    return found.end() if found else at


def weekday_mismatches(lines: list[str], loc: DocLocale, after: date | None,
                       before: date | None) -> list[tuple[str, date]]:
    """For each date typed with a weekday it does not fall on, the text and what the date's weekday is.
    A date without a year agrees when it does on either reading: the next such day on or after ``after``
    (a delivery date), the last one on or before ``before`` (an order date)."""
    out = []
    for line in lines:
        folded = fold(line)
        forward = date_hits(line, loc, after or before)
        backward = {(h.start, h.end): h for h in date_hits(line, loc, before or after, forward=False)}
        for hit in forward:
            typed = typed_weekday(folded, hit)
            if typed is None:
                continue
            readings = {hit.value}
            if not hit.year_typed and (other := backward.get((hit.start, hit.end))):
                readings.add(other.value)
            if typed[0] not in {day.weekday() for day in readings}:
                out.append((f"{line.strip()[:100]!r}: {hit.value.isoformat()} is a {_DAY_NAMES[hit.value.weekday()]}, "
                            f"the text says {typed[1]} ({_DAY_NAMES[typed[0]]})", hit.value))
    return out


def weekday_problems(found: list[tuple[str, date]], order_date: date | None) -> list[Problem]:
    """A DATE-WEEKDAY-MISMATCH error per date whose typed weekday is another day (on the order date when it
    is that date, else on the requested delivery date)."""
    return [Problem(code="DATE-WEEKDAY-MISMATCH", severity="error",
                    element="order_date" if value == order_date else "requested_delivery_date",
                    message=f"a date and its weekday disagree: {text}; one of them is wrong") for text, value in found]
