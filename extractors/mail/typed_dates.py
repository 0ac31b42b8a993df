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

from extractors.locale_values import DocLocale, YearlessDate, fold, parse_date, parse_yearless_date
from extractors.units import unit_code
from gateway.model import Problem

# What may stand between a label and its date: "ship by", "livraison le", "Lieferung am", "bis zum".
_LINKS = re.compile(r"^(?:[\s:,.=>-]|\b(?:by|on|before|for|until|till|the|no|later|than|at|latest|le|au|avant|pour"
                    r"|plus|tard|d.ici|du|am|bis|zum|zur|den|spatestens|vom|of|dated|placed|is|est|ist|fur|wished"
                    r"|requested|souhaitee?|gewunscht)\b)*$")
_GAP = 40  # characters between a label and a yearless date, at most

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
    if start < 0 or start > _GAP or not _LINKS.match(fold(tail)[:start]):
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


def has_yearless_date(text: str) -> bool:
    """The text holds a date typed without a year (its year and order need not be known)."""
    return parse_yearless_date(text, DocLocale(), None) is not None
