"""Dates typed after a label in an e-mail order, with or without a year.

"livraison le 12/03/2027" reads as it is. A date without a year ("ship by 12/5", "deliver 3/04",
"livraison le 4 décembre", "Lieferung am 5. Dezember", "needed by December 4") is read only right after
its label (a delivery or order-date word, then at most a few linking words: "by", "le", "am", "bis
zum"...), never elsewhere on the line ("Deliver to dock 3/4" is an address); its year makes it the
next occurrence on or after the order date (a delivery date) or the last one on or before the e-mail's
date (an order date), and its day/month order comes from the customer's country or history
(``DocLocale``). When either cannot be settled the field stays empty and the order carries a
``DATE-UNSETTLED`` error naming the text and what it could be: it waits for a person, never a guess.
"""

from __future__ import annotations

import re
from datetime import date

from extractors.locale_values import (
    DAY_MONTH, DAY_MONTH_YEAR, MONTH_DAY, MONTH_DAY_YEAR, MONTHS, NUMERIC_DATE, YEARLESS_NUMERIC, DocLocale, YearlessDate,
    fold, parse_date, parse_yearless_date,
)
from extractors.units import unit_code
from gateway.model import Problem

# What may stand between a label and its date: "ship by", "livraison le", "Lieferung am", "bis zum".
_LINKS = re.compile(r"^(?:[\s:,.=>-]|\b(?:by|on|before|for|until|till|the|no|later|than|at|latest|le|au|avant|pour"
                    r"|plus|tard|d.ici|du|am|bis|zum|zur|den|spatestens|vom|of|dated|placed|is|est|ist|fur|wished"
                    r"|requested|souhaitee?|gewunscht)\b)*$")
_GAP = 40  # characters between a label and a yearless date, at most, unless a link word stands right before it
_LINKED = re.compile(r"\b(?:by|until|till|no later than|before|bis(?: zum)?|spatestens|avant le|pour le|d.ici le"
                     r"|au plus tard le)\s*$")

Dated = tuple[date, float] | YearlessDate


def date_after(line: str, label_end: int, loc: DocLocale, anchor: date | None, forward: bool) -> Dated | None:
    """The date after a label ending at ``label_end`` in ``line``: a full date anywhere after it, else
    a yearless one right after it (dated from ``anchor``; unsettled ones returned as they are)."""
    tail = line[label_end:]
    if found := parse_date(tail, loc):
        return found
    yearless = parse_yearless_date(tail, loc, anchor, forward)
    if yearless is None:
        return None
    start = fold(tail).find(yearless.text)
    gap = fold(tail)[:start]
    if start < 0 or not ((start <= _GAP and _LINKS.match(gap)) or _LINKED.search(gap)):
        return None
    after = fold(tail)[start + len(yearless.text):].split()
    if after and unit_code(after[0].strip(".,;")):
        return None  # "deliver 1/2 pallet": a quantity, not a day
    return (yearless.value, 1.0) if yearless.value else yearless


def settled(found: Dated | None, field: str, problems: list[Problem]) -> tuple[date, float] | None:
    """A settled date as it is; an unsettled one adds ``DATE-UNSETTLED`` to ``problems`` and is None."""
    if isinstance(found, YearlessDate):
        could = " or ".join(d.isoformat() for d in found.readings)
        problems.append(Problem(code="DATE-UNSETTLED", severity="error", element=field,
                                message=f"{field} {found.text!r}: {found.why}" + (f" ({could})" if could else "")))
        return None
    return found


_DATE_SHAPES = (NUMERIC_DATE, DAY_MONTH_YEAR, MONTH_DAY_YEAR)
_MONEY_BEFORE = re.compile(r"(?:[@$€£]|\b(?:at|a|à|je|zu|eur|usd|gbp))\s*$")


def without_dates(text: str) -> str:
    """``text`` with its dates blanked, with or without a year ("by 12/23", "bis 18.12.", "le 4 décembre");
    never a price ("@ 4.50", "à 12.10")."""
    folded = fold(text) if len(fold(text)) == len(text) else text
    spans = [m.span() for shape in _DATE_SHAPES for m in shape.finditer(folded)]
    spans += [m.span() for m in YEARLESS_NUMERIC.finditer(folded)
              if (m.group(2) == "/" or m.group("dot")) and _day_month(int(m.group(1)), int(m.group(3)))
              and not _MONEY_BEFORE.search(folded[:m.start()])]
    spans += [m.span() for shape in (DAY_MONTH, MONTH_DAY) for m in shape.finditer(folded)
              if MONTHS.get(m.group(2 if shape is DAY_MONTH else 1).rstrip("."))]
    out = list(text)
    for start, end in spans:
        out[start:end] = " " * (end - start)
    return "".join(out)


def _day_month(a: int, b: int) -> bool:
    return (1 <= a <= 31 and 1 <= b <= 12) or (1 <= b <= 31 and 1 <= a <= 12)


def has_yearless_date(text: str) -> bool:
    """The text holds a date typed without a year (its year and order need not be known)."""
    return parse_yearless_date(text, DocLocale(), None) is not None
