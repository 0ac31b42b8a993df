"""A requested delivery written as a calendar week: "KW 3/2027", "KW3/27", "3. KW 2027", "semaine 02/2027",
"week 2 of 2027", "Woche 3 2027" are ISO weeks read as their Monday; a week printed without its year
("51. KW", "KW 51", "semaine 51") is read from the order's date: the week of that number from the order's
week on, within half a year (``week_after``; "KW 3" on a December order is next January's). Without an
order date the order waits for its delivery date with the value quoted, never a date borrowed from elsewhere.
"""

from __future__ import annotations

import re
from datetime import date

_NAME = r"(?:kw|k\.w\.|semaine|sem\.?|week|wk|woche|cw)"
# "KW 3/2027", "KW3/27", "KW 03-2027", "week 2 of 2027", "Woche 3 2027" (a two-digit year only after / . -)
_NAME_FIRST = re.compile(rf"(?i)(?<![^\W\d_]){_NAME}\.?\s*(?P<week>\d{{1,2}})(?!\d)"
                         rf"(?:\s*(?:[/.\-]|of|de|\s)\s*(?P<year>(?:19|20)\d{{2}})(?!\d)"
                         rf"|\s*[/.\-]\s*(?P<yy>\d{{2}})(?![\d./-]))?")
# "3. KW 2027", "3. KW/2027", "51. KW", "3. Woche 2027"
_NUMBER_FIRST = re.compile(rf"(?i)(?<![\d.])(?P<week>\d{{1,2}})\.\s*{_NAME}\.?(?![^\W\d_])"
                           rf"(?:\s*[/.\-]?\s*(?P<year>(?:19|20)\d{{2}})(?!\d)|\s*[/.\-]\s*(?P<yy>\d{{2}})(?![\d./-]))?")


def find_week(text: str) -> re.Match[str] | None:
    """The first week written in ``text``."""
    hits = [m for m in (_NAME_FIRST.search(text), _NUMBER_FIRST.search(text)) if m is not None]
    return min(hits, key=lambda m: m.start()) if hits else None


def week_monday(text: str) -> date | None:
    """The Monday of the ISO week written in ``text`` with its year; None without a year or no such week."""
    hit = find_week(text)
    if hit is None:
        return None
    year = hit["year"] or (f"20{hit['yy']}" if hit["yy"] else None)
    if year is None:
        return None
    try:
        return date.fromisocalendar(int(year), int(hit["week"]), 1)
    except ValueError:
        return None


def week_after(text: str, ordered: date, horizon_weeks: int = 26) -> date | None:
    """The Monday of a week printed without its year ("KW 3", "semaine 51") on an order of ``ordered``:
    the week of that number from the order's own week on, within ``horizon_weeks`` (the first week of
    January on a December order is next year's); none when neither this year's nor next year's fits."""
    hit = find_week(text)
    if hit is None or hit["year"] or hit["yy"]:
        return None
    start = date.fromisocalendar(*ordered.isocalendar()[:2], 1)
    fits = []
    for year in (ordered.isocalendar()[0], ordered.isocalendar()[0] + 1):
        try:
            monday = date.fromisocalendar(year, int(hit["week"]), 1)
        except ValueError:
            continue
        if 0 <= (monday - start).days <= horizon_weeks * 7:
            fits.append(monday)
    return fits[0] if len(fits) == 1 else None


def yearless_week(text: str) -> bool:
    """A week printed without its year ("51. KW", "KW 51")."""
    hit = find_week(text)
    return hit is not None and not hit["year"] and not hit["yy"]
