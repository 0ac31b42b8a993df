"""Dates and delivery conditions in the free-text notes of a structured order (EDIFACT FTX, X12 MSG/NTE, cXML
Comments, UBL Note, openTRANS REMARKS), read by the rules the typed e-mail reader applies to the same words.

EDI notes are written in capitals and in the partner's language: "NE PAS LIVRER AVANT LE 05/01/2027",
"LIEFERUNG FRUEHESTENS AM 11.01.2027", "DELIVERY ONLY ON TUESDAYS", "PLEASE SHIP ON 12/28/2026 NOT BEFORE".
Set against the order's requested delivery date (the header's and each line's):

* a note that forbids delivery before a date ("not before", "nicht vor", "erst ab", "frühestens", "pas avant",
  "à partir du", "closed until", "fermé jusqu'au") that a delivery date of the order comes before, or that asks
  delivery by a date ("no later than", "spätestens", "au plus tard") the order's date is after:
  ``DATE-REMARK-CONFLICT``, both shown;
* a note refusing a weekday or a month ("NO DELIVERIES ON MONDAYS", "keine Anlieferung im Dezember") the date
  falls on, or allowing only some weekdays ("DELIVERY ONLY ON TUESDAYS", "Anlieferung nur dienstags") the date
  is not: ``DATE-REMARK-CONFLICT`` (``extractors.mail.remark_dates`` for the refusals);
* any other date in a note that is neither the order date nor one of its delivery dates ("LIVRAISON LE
  28/12/2026" over 21/12): ``DATE-UNPLACED`` (a date written in place of another: ``CHANGE-TYPED``);
* a note that forbids or conditions a partial delivery ("NO PARTIAL SHIPMENTS", "Pas de livraison partielle"):
  ``QUESTION-TYPED``, as on a printed page.

A numeric date whose day and month could be either way round ("05/01/2027") is read both ways: the note passes
only when both readings agree with the order. A condition the order's date meets ("DO NOT SHIP BEFORE 12/14/2026"
over 21/12) and a note repeating the order's own date pass; so do delivery notes without a date (dock, door,
receiving hours, pallet height, call before delivery).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from extractors.change_requests import date_change
from extractors.locale_values import DocLocale, date_hits, fold
from extractors.mail.body_dates import quotation_date
from extractors.mail.remark_dates import refused_day
from extractors.typed_remarks import partial_condition
from gateway.model import ExtractedOrder, Problem

_DMY = DocLocale(date_order="dmy")
_MDY = DocLocale(date_order="mdy", dots_day_first=True)
_ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")

# the delivery may not come before the date
_NOT_BEFORE = re.compile(
    r"\b(?:not|nicht|pas|no|nie)\s+(?:\w+\s+){0,3}?(?:before|prior\s+to|vor|avant|earlier\s+than|plus\s+tot\s+que)\b"
    r"|\bno\s+earlier\s+than\b|\bnot\s+earlier\b|\bat\s+the\s+earliest\b|\bearliest\b|\bfruhestens\b|\bfrueh?estens\b"
    r"|\berst\s+(?:\w+\s+){0,2}?(?:ab|nach|am|zum)\b|\bab\s+(?:dem|den)\b|\b(?:a\s+partir\s+du|a\s+compter\s+du|a\s+partir\s+de)\b"
    r"|\bau\s+plus\s+tot\b|\bpas\s+avant\b|\bne\s+pas\s+livrer\s+(?:qu.?\s*)?(?:a\s+partir|apres)\b"
    r"|\b(?:closed|ferme|fermee|fermes|fermeture|geschlossen|betriebsferien|inventaire|inventur)\b[^.;]{0,40}?"
    r"\b(?:until|till|through|jusqu\w*|bis)\b"
    r"|\b(?:on\s+or\s+after|starting|not\s+until|only\s+after|nur\s+nach|seulement\s+apres|uniquement\s+apres)\b")
# the delivery must come by the date
_NOT_AFTER = re.compile(r"\b(?:no\s+later\s+than|not\s+later\s+than|at\s+the\s+latest|latest\s+(?:by|on)|spatestens"
                        r"|spaetestens|au\s+plus\s+tard|pas\s+apres|nicht\s+nach|not\s+after|before|avant\s+le|vor\s+dem"
                        r"|bis\s+(?:zum|spatestens))\b")
_DAYS = {name: n for n, names in enumerate((
    "lundi lundis montag montags monday mondays mon", "mardi mardis dienstag dienstags tuesday tuesdays tue tues",
    "mercredi mercredis mittwoch mittwochs wednesday wednesdays wed", "jeudi jeudis donnerstag donnerstags thursday thursdays thu",
    "vendredi vendredis freitag freitags friday fridays fri", "samedi samedis samstag samstags saturday saturdays sat",
    "dimanche dimanches sonntag sonntags sunday sundays sun")) for name in names.split()}
_ONLY_DAYS = re.compile(r"\b(?:only|nur|uniquement|seulement|exclusivement|exclusively|ausschliesslich)\b")
_DAY_RANGE = re.compile(r"\b([a-z]{3,9})\.?\s*(?:-|–|to|a|au|bis)\s*([a-z]{3,9})\b")
_WORD = re.compile(r"[^\W\d_]+")
# the readers' own note on a delivery window or week read as its first day (``extractors.edi.date_spans``): no
# customer's words
_READER_NOTE = re.compile(r"^[^:]{1,40}: requested delivery (?:window|in week) .* is the requested date$")


@dataclass
class NoteDates:
    """What the notes say of the order's dates: the problems, and the notes a date rule judged (read, passing or
    not), so that another rule does not hold them again as a mere condition."""

    problems: list[Problem] = field(default_factory=list)
    judged: list[str] = field(default_factory=list)


def note_date_problems(notes: list[str], order: ExtractedOrder) -> NoteDates:
    """The date problems of ``order``'s free-text notes (module docstring)."""
    out = NoteDates()
    days = sorted({d for d in (order.requested_delivery_date, *(ln.requested_date for ln in order.lines)) if d})
    placed = {d for d in (order.order_date, *days) if d}
    for text in notes:
        text = " ".join(text.split())
        if not text or _READER_NOTE.match(text):
            continue
        folded = fold(text).replace("ß", "ss").lower()
        found = _weekday_problem(text, folded, days) or _dated_problem(text, folded, order, days, placed)
        if found is not None:
            out.judged.append(text)
            if found is not True:
                out.problems.append(found)
        elif partial_condition(folded):
            out.problems.append(Problem(
                code="QUESTION-TYPED", severity="error", element="requested_delivery_date",
                message=f"a note on the order sets a condition on its delivery (no partial delivery), a person "
                        f"confirms it can be met: {text[:120]!r}"))
    return out


def _conflict(text: str, day: date, why: str) -> Problem:
    return Problem(code="DATE-REMARK-CONFLICT", severity="error", element="requested_delivery_date",
                   message=f"the requested delivery date {day.isoformat()} is refused by the note {text[:120]!r} "
                           f"({why}): held for a person to settle the date")


def _weekday_problem(text: str, folded: str, days: list[date]) -> Problem | bool | None:
    """A refused weekday or month the date falls on, or weekdays allowed alone that the date is not."""
    for day in days:
        if (why := refused_day(text, day)) is not None:
            return _conflict(text, day, why)
    if not _ONLY_DAYS.search(folded):
        return None
    allowed: set[int] = set()
    for first, last in _DAY_RANGE.findall(folded):
        if first in _DAYS and last in _DAYS:  # "MON-FRI", "lundi au vendredi"
            a, b = _DAYS[first], _DAYS[last]
            allowed |= set(range(a, b + 1)) if a <= b else set(range(a, 7)) | set(range(0, b + 1))
    allowed |= {_DAYS[w] for w in _WORD.findall(folded) if w in _DAYS and len(w) > 3}
    if not allowed:
        return None
    for day in days:
        if day.weekday() not in allowed:
            return _conflict(text, day, "its weekday is not one the note allows")
    return True if days else None


def _readings(text: str, order: ExtractedOrder) -> list[list[date]]:
    """Each date written in the note with every value it may have (day/month either way when both are 12 or less;
    a year-less one in the year after the order date)."""
    anchor = order.order_date or date.today()
    folded = fold(text)
    # a quotation's or a contract's date named as such ("AS PER QUOTE Q-118 OF 12.11.2026") is not a delivery's
    first = [h for h in date_hits(text, _DMY, anchor) if not _not_delivery(folded, h.start)]
    second = [h for h in date_hits(text, _MDY, anchor) if not _not_delivery(folded, h.start)]
    out = []
    for hit in first:
        values = {hit.value}
        values |= {h.value for h in second if h.start == hit.start and h.end == hit.end}
        out.append(sorted(values))
    for hit in second:  # a date only the month-first reading finds ("12/28/2026")
        if not any(h.start == hit.start and h.end == hit.end for h in first):
            out.append([hit.value])
    return out


_CONTRACT_BEFORE = re.compile(r"\b(?:contract|agreement|vertrag\w*|contrat|rahmen\w*|accord|valid|gultig|valable|price\s+list"
                              r"|preisliste|tarif|invoice|rechnung|facture)\b[^.;]{0,30}$")


def _not_delivery(folded: str, start: int) -> bool:
    """The date at ``start`` is named a quotation's, a contract's, a price list's or an invoice's."""
    return quotation_date(folded, start) or bool(_CONTRACT_BEFORE.search(folded[max(0, start - 40):start]))


def _dated_problem(text: str, folded: str, order: ExtractedOrder, days: list[date],
                   placed: set[date]) -> Problem | bool | None:
    """A date written in the note, set against the order's dates: a condition it breaks (DATE-REMARK-CONFLICT),
    a date the order does not carry (DATE-UNPLACED, CHANGE-TYPED), True when it agrees, None with no date."""
    readings = _readings(text, order)
    if not readings:
        return None
    values = [v for each in readings for v in each]
    before = _NOT_BEFORE.search(folded)
    after = _NOT_AFTER.search(folded) if not before else None
    if before and days:
        late = max(values)
        if any(day < late for day in days):
            return _conflict(text, min(days), f"it comes before {late.isoformat()}, the earliest day the note allows")
        return True
    if after and days:
        early = min(values)
        if any(day > early for day in days):
            return _conflict(text, max(days), f"it comes after {early.isoformat()}, the latest day the note allows")
        return True
    if all(v in placed for v in values):
        return True
    return date_change(text) or Problem(
        code="DATE-UNPLACED", severity="error", element="requested_delivery_date",
        message=f"a note on the order gives a date that is neither its order date nor a delivery date read: "
                f"{text[:120]!r}; a person settles the delivery date")
