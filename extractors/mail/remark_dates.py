"""A typed remark refusing delivery on a weekday or in a month ("Pas de livraison le lundi", "Pas de livraison en
décembre", "Pas de livraison avant la rentrée de janvier", "Keine Anlieferung am Montag", "No deliveries in
December") set against the order's requested delivery date: a date the customer says it cannot receive on holds
the order (``DATE-REMARK-CONFLICT``, both shown), never a note beside a date that goes out (review revC D7)."""

from __future__ import annotations

import re
from datetime import date

from extractors.locale_values import fold
from extractors.weekdays import DAY_NAMES
from gateway.model import Problem

_REFUSED = re.compile(
    r"\b(?:pas\s+de\s+livraisons?|aucune\s+livraison|ne\s+(?:pas|plus)\s+livrer|ne\s+livrez\s+pas|ferme|fermes|fermee|fermees"
    r"|no\s+deliver(?:y|ies)|do\s+not\s+deliver|don.t\s+deliver|closed|not\s+(?:deliver|receive)"
    r"|keine\s+(?:an)?lieferung(?:en)?|nicht\s+(?:an)?liefern|geschlossen|keine\s+warenannahme)\b")
_DAYS = {**{name: n for n, names in enumerate(DAY_NAMES) for name in names}, "mon": 0}
_MONTHS = {name: n for n, names in enumerate((
    "janvier januar january jan", "fevrier februar february", "mars marz maerz march", "avril april",
    "mai may", "juin juni june", "juillet juli july", "aout august", "septembre september",
    "octobre oktober october", "novembre november", "decembre dezember december"), start=1) for name in names.split()}
_BEFORE = re.compile(r"\b(?:avant|before|vor|until|bis|not\s+until|pas\s+avant|nicht\s+vor|erst)\b")
_WORD = re.compile(r"[^\W\d_]+")


def refused_day(text: str, day: date | None) -> str | None:
    """Why ``day`` is a day the remark refuses, or None: a weekday named in a refusal that is the date's weekday,
    a month named ("en décembre") that is the date's month, or a month the refusal waits for ("avant … janvier")
    that the date comes before (that month within the next half year)."""
    if day is None:
        return None
    folded = fold(text).lower()
    if not _REFUSED.search(folded):
        return None
    words = _WORD.findall(folded)
    if any(_DAYS.get(w.rstrip("s")) == day.weekday() or _DAYS.get(w) == day.weekday() for w in words):
        return "its weekday"
    months = [_MONTHS[w] for w in words if w in _MONTHS and w not in {"mai", "may", "mon", "jan"}] + \
        [_MONTHS[w] for w in words if w in {"mai", "may"} and re.search(rf"\b(?:en|in|im|au|de)\s+{w}\b", folded)]
    for month in months:
        if _BEFORE.search(folded):
            if month != day.month and (month - day.month) % 12 <= 6:
                return "it comes before the month named"
        elif month == day.month:
            return "its month"
    return None


def remark_date_problems(lines: list[str], day: date | None) -> list[Problem]:
    out = []
    for text in lines:
        why = refused_day(text, day)
        if why is not None:
            out.append(Problem(code="DATE-REMARK-CONFLICT", severity="error", element="requested_delivery_date",
                               message=f"the requested delivery date {day.isoformat()} is refused by the remark "
                                       f"{text.strip()[:120]!r} ({why}): held for a person to settle the date"))
    return out[:1]
