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

Every condition of a note is checked, each date by the words before it in its clause ("NOT BEFORE 12/14/2026 AND
NOT AFTER 12/18/2026" is two bounds; "NOT BEFORE 8 AM" beside a deadline bounds no day): a weekday rule and a
date in the same note, a partial-delivery condition and a date, all hold when one does. A note refusing a date
("DO NOT DELIVER ON 12/21/2026", "CLOSED 12/24/2026 THROUGH 12/26/2026", "BETRIEBSFERIEN VOM 24.12.2026 BIS
03.01.2027") holds when a delivery date is that day or in that span, and passes otherwise. Dates are read in every
shape EDI text carries them ("NLT 20261218", "2026-12-18", "KW 3/2027", "SEMAINE 03/2027" as its Monday to
Sunday); a door or bay pair ("DOORS 3/4") is no date. "Only" reaches the words next to it in its clause: "DOCK 4
ONLY - NO DELIVERIES ON SATURDAYS" allows no weekday alone; "WEEKDAYS ONLY" holds a weekend date.

A numeric date whose day and month could be either way round ("05/01/2027") is read both ways: the note passes
only when both readings agree with the order. A condition the order's date meets ("DO NOT SHIP BEFORE 12/14/2026"
over 21/12) and a note repeating the order's own date (not refusing it) pass; so do delivery notes without a date
(dock, door, receiving hours, pallet height, call before delivery).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from extractors.change_requests import date_change
from extractors.locale_values import DocLocale, date_hits, fold
from extractors.mail.body_dates import quotation_date
from extractors.mail.remark_dates import refused_day
from extractors.payment_terms import without_slashed_terms
from extractors.typed_remarks import partial_condition
from extractors.weekdays import DAY_NAMES, SHORT_DAY_NAMES
from gateway.model import ExtractedOrder, Problem

_DMY = DocLocale(date_order="dmy")
_MDY = DocLocale(date_order="mdy", dots_day_first=True)

# the delivery may not come before the date
_NOT_BEFORE = re.compile(
    r"\b(?:not|nicht|pas|no|nie)\s+(?:\w+\s+){0,3}?(?:before|prior\s+to|vor|avant|earlier\s+than|plus\s+tot\s+que)\b"
    # Dutch, as Belgian and Dutch partners write it: "NIET LEVEREN VOOR 14/12", "niet eerder dan", "ten vroegste"
    r"|\bniet\s+(?:\w+\s+){0,2}?(?:voor|eerder\s+dan)\b|\bten\s+vroegste\b|\bpas\s+(?:\w+\s+)?vanaf\b"
    r"|\bno\s+earlier\s+than\b|\bnot\s+earlier\b|\bat\s+the\s+earliest\b|\bearliest\b|\bfruhestens\b|\bfrueh?estens\b"
    r"|\berst\s+(?:\w+\s+){0,2}?(?:ab|nach|am|zum|in)\b|\bab\s+(?:dem|den)\b|\b(?:a\s+partir\s+du|a\s+compter\s+du|a\s+partir\s+de)\b"
    r"|\bau\s+plus\s+tot\b|\bpas\s+avant\b|\bne\s+pas\s+livrer\s+(?:qu.?\s*)?(?:a\s+partir|apres)\b"
    r"|\b(?:closed|ferme|fermee|fermes|fermeture|geschlossen|betriebsferien|inventaire|inventur)\b[^.;]{0,40}?"
    r"\b(?:until|till|through|jusqu\w*|bis)\b"
    r"|\b(?:on\s+or\s+after|starting|not\s+until|only\s+after|nur\s+nach|seulement\s+apres|uniquement\s+apres)\b")
# the delivery must come by the date
_NOT_AFTER = re.compile(r"\b(?:nlt|no\s+later|(?:deliver\w*|ship\w*|arriv\w*|receiv\w*|needed|required|due)\s+by"
                        r"|(?:lieferung|liefern|anliefern|anlieferung|zustellung|geliefert)\s+bis|no\s+later\s+than|not\s+later\s+than|at\s+the\s+latest|latest\s+(?:by|on)|spatestens"
                        r"|spaetestens|au\s+plus\s+tard|pas\s+apres|nicht\s+nach|not\s+after|before|avant\s+le|vor\s+dem"
                        r"|bis\s+(?:zum|spatestens)|uiterlijk|ten\s+laatste|niet\s+na)\b")
_DAYS = {name: n for n, (names, short) in enumerate(zip(DAY_NAMES, ("mon", "tue tues", "wed", "thu", "fri", "sat", "sun")))
         for name in [*names, *(f"{w}s" for w in names), *short.split()]}  # "montags", "mondays", "lundis"
_REFUSING = re.compile(r"\b(?:no|not|never|keine?|nicht|pas|aucune?|closed|geschlossen|ferme\w*)\b")
_ONLY_DAYS = re.compile(r"\b(?:only|nur|uniquement|seulement|exclusivement|exclusively|ausschliesslich)\b")
_DAY_RANGE = re.compile(r"\b([a-z]{2,9})\.?\s*(?:-|–|to|a|au|bis)\s*([a-z]{2,9})\b")
_RANGE_DAYS = {**{name: n for n, names in enumerate(SHORT_DAY_NAMES) for name in names}, **_DAYS}  # "Mo-Fr", "lun.-ven."
_WORD = re.compile(r"[^\W\d_]+")
# the readers' own note on a delivery window or week read as its first day (``extractors.edi.date_spans``): no
# customer's words
_READER_NOTE = re.compile(r"^[^:]{1,40}: requested delivery (?:window|in week) .* is the requested date$")


def weekday_rule(text: str, order: ExtractedOrder) -> Problem | bool | None:
    """A note's weekday rule against the order's delivery dates, for any reader (a typed e-mail's remark too): the
    conflict (``DATE-REMARK-CONFLICT``), True for a rule the dates meet ("Please deliver on Sunday only" over a
    Sunday: a condition to carry as a note), None for no weekday rule."""
    days = sorted({d for d in (order.requested_delivery_date, *(ln.requested_date for ln in order.lines)) if d})
    folded = fold(" ".join(text.split())).replace("ß", "ss").lower()
    found = _weekday_problem(text, folded, days)
    if found is None and any(w in _DAYS and len(w) > 3 for w in _WORD.findall(folded)) \
            and (_ONLY_DAYS.search(folded) or _REFUSING.search(folded)):
        return True  # a rule with no date to check it against: carried
    return found


@dataclass
class NoteDates:
    """What the notes say of the order's dates: the problems, and the notes a date rule judged (read, passing or
    not), so that another rule does not hold them again as a mere condition."""

    problems: list[Problem] = field(default_factory=list)
    judged: list[str] = field(default_factory=list)


def note_date_problems(notes: list[str], order: ExtractedOrder) -> NoteDates:
    """The date problems of ``order``'s free-text notes (module docstring). Every condition of a note is checked:
    a weekday rule, each date with the words before it, a partial-delivery condition."""
    out = NoteDates()
    days = sorted({d for d in (order.requested_delivery_date, *(ln.requested_date for ln in order.lines)) if d})
    placed = {d for d in (order.order_date, *days) if d}
    for text in notes:
        text = " ".join(text.split())
        if not text or _READER_NOTE.match(text):
            continue
        folded = fold(text).replace("ß", "ss").lower()
        weekday = _weekday_problem(text, folded, days)
        dated = _dated_problem(text, folded, order, days, placed)
        found = next((f for f in (weekday, dated) if isinstance(f, Problem) and f.code == "DATE-REMARK-CONFLICT"),
                     None) or next((f for f in (weekday, dated) if isinstance(f, Problem)), None)
        partial = partial_condition(folded)
        if found is not None:
            out.problems.append(found)
        if partial:  # a condition no date answers: a person confirms it, whatever the dates say
            out.problems.append(Problem(
                code="QUESTION-TYPED", severity="error", element="requested_delivery_date",
                message=f"a note on the order sets a condition on its delivery (no partial delivery), a person "
                        f"confirms it can be met: {text[:120]!r}"))
        elif found is not None or weekday is True or dated is True:
            out.judged.append(text)
    return out


def _conflict(text: str, day: date, why: str) -> Problem:
    return Problem(code="DATE-REMARK-CONFLICT", severity="error", element="requested_delivery_date",
                   message=f"the requested delivery date {day.isoformat()} is refused by the note {text[:120]!r} "
                           f"({why}): held for a person to settle the date")


# a part of a note no word of which reaches across: a sentence, a clause after ";" or a spaced dash
_CLAUSE_END = re.compile(r"[.;!?](?:\s|$)|\s[-–]\s|,\s|:\s")
_WEEKEND = re.compile(r"\b(?:week-?ends?|weekdays?|werktag\w*|wochenende\w*|jours?\s+ouvr\w+|samedis?\s+et\s+dimanches?)\b")


def _clauses(folded: str) -> list[str]:
    out, start = [], 0
    for m in _CLAUSE_END.finditer(folded):
        out.append(folded[start:m.start()])
        start = m.end()
    return [*out, folded[start:]]


def _weekday_problem(text: str, folded: str, days: list[date]) -> Problem | bool | None:
    """A refused weekday or month the date falls on, weekdays allowed alone that the date is not, or a weekend day
    under a note speaking of weekdays or weekends. "Only" reaches the words next to it, in its own clause: "DOCK 4
    ONLY - NO DELIVERIES ON SATURDAYS" allows no weekday alone."""
    for day in days:
        if (why := refused_day(text, day)) is not None:
            return _conflict(text, day, why)
    if _WEEKEND.search(folded):
        for day in days:
            if day.weekday() >= 5:
                return _conflict(text, day, "it falls on a weekend and the note speaks of weekdays or weekends")
    allowed: set[int] = set()
    for clause in _clauses(folded):
        for m in _ONLY_DAYS.finditer(clause):
            near = " ".join(clause[:m.start()].split()[-4:] + clause[m.end():].split()[:3])
            for first, last in _DAY_RANGE.findall(near):
                if first in _RANGE_DAYS and last in _RANGE_DAYS:  # "MON-FRI", "lundi au vendredi", "Mo-Fr"
                    a, b = _RANGE_DAYS[first], _RANGE_DAYS[last]
                    allowed |= set(range(a, b + 1)) if a <= b else set(range(a, 7)) | set(range(0, b + 1))
            allowed |= {_DAYS[w] for w in _WORD.findall(near) if w in _DAYS and len(w) > 3}
    if not allowed:
        return None
    for day in days:
        if day.weekday() not in allowed:
            return _conflict(text, day, "its weekday is not one the note allows")
    return True if days else None


# a dock, door, gate or bay number pair ("USE DOORS 3/4"): a place, never a date
_PLACE_NUMBERS = re.compile(r"\b(?:docks?|doors?|gates?|bays?|ramps?|rampen?|tore?|quais?|portes?|quay|tor)\s*(?:n[o°r]?\.?\s*|#\s*)?"
                            r"\d{1,3}(?:\s*(?:/|&|,|\+|and|et|und|-)\s*\d{1,3}(?![/.\d]))*")
# a calendar week ("KW 3/2027", "SEMAINE 03/2027", "WEEK 3 2027", "WK03")
_WEEK = re.compile(r"\b(?:kw|kalenderwoche|woche|semaine|sem|week|wk|cw)\.?\s*(?:n[o°r]?\.?\s*)?(\d{1,2})"
                   r"(?:\s*[/.\-]?\s*((?:19|20)\d{2}))?(?![\d/.])")
_COMPACT = re.compile(r"(?<![\d/.-])((?:19|20)\d{2})-?(0[1-9]|1[0-2])-?(0[1-9]|[12]\d|3[01])(?![\d/.-])")


def _readings(text: str, order: ExtractedOrder) -> tuple[str, list[tuple[int, int, list[date], bool]]]:
    """The note folded, and each date written in it with every value it may have (day/month either way when both
    are 12 or less; a year-less one in the year after the order date; "20261218" and "2026-12-18" as written), and
    each calendar week as its Monday and Sunday (the last item True), left to right."""
    anchor = order.order_date or date.today()
    base = fold(text)
    base = without_slashed_terms(_PLACE_NUMBERS.sub(lambda m: " " * len(m.group()), base))
    out: list[tuple[int, int, list[date], bool]] = []
    for m in _WEEK.finditer(base):
        year = int(m.group(2)) if m.group(2) else anchor.year
        try:
            monday = date.fromisocalendar(year, int(m.group(1)), 1)
        except ValueError:
            continue
        if not m.group(2) and monday < anchor:  # a week without its year: the next one of that number
            try:
                monday = date.fromisocalendar(year + 1, int(m.group(1)), 1)
            except ValueError:
                continue
        out.append((m.start(), m.end(), [monday, date.fromordinal(monday.toordinal() + 6)], True))
    base = _WEEK.sub(lambda m: " " * len(m.group()), base)
    for m in _COMPACT.finditer(base):
        try:
            out.append((m.start(), m.end(), [date(int(m.group(1)), int(m.group(2)), int(m.group(3)))], False))
        except ValueError:
            continue
    base_dates = _COMPACT.sub(lambda m: " " * len(m.group()), base)
    # a quotation's or a contract's date named as such ("AS PER QUOTE Q-118 OF 12.11.2026") is not a delivery's
    first = [h for h in date_hits(base_dates, _DMY, anchor) if not _not_delivery(base, h.start)]
    second = [h for h in date_hits(base_dates, _MDY, anchor) if not _not_delivery(base, h.start)]
    for hit in first:
        values = {hit.value}
        values |= {h.value for h in second if h.start == hit.start and h.end == hit.end}
        out.append((hit.start, hit.end, sorted(values), False))
    for hit in second:  # a date only the month-first reading finds ("12/28/2026")
        if not any(h.start == hit.start and h.end == hit.end for h in first):
            out.append((hit.start, hit.end, [hit.value], False))
    return base, sorted(out, key=lambda r: r[0])


_CONTRACT_BEFORE = re.compile(r"\b(?:contract|agreement|vertrag\w*|contrat|rahmen\w*|accord|valid|gultig|valable|price\s+list"
                              r"|preisliste|tarif|invoice|rechnung|facture)\b[^.;]{0,30}$")


def _not_delivery(folded: str, start: int) -> bool:
    """The date at ``start`` is named a quotation's, a contract's, a price list's or an invoice's."""
    return quotation_date(folded, start) or bool(_CONTRACT_BEFORE.search(folded[max(0, start - 40):start]))


def _dated_problem(text: str, folded: str, order: ExtractedOrder, days: list[date],
                   placed: set[date]) -> Problem | bool | None:
    """Each date written in the note, set against the order's dates by the words before it in its clause (or
    right after it: "12/28/2026 NOT BEFORE"): a bound it breaks, a refused day or closure it falls in
    (DATE-REMARK-CONFLICT); a date the order does not carry (DATE-UNPLACED, CHANGE-TYPED); True when every one
    agrees, None with no date."""
    base, readings = _readings(text, order)
    if not readings:
        return None
    unplaced = False
    for (_start, _end, values, week), rule in _rules(base, readings):
        if rule == "closure":
            continue
        if not days:  # no delivery date read: a date of the note's is on no field the ERP reads
            unplaced = unplaced or week or not all(v in placed for v in values)
            continue
        if week and rule in (None, "refused"):  # "LIVRAISON SEMAINE 03/2027": within the week, or refused in it
            inside = any(values[0] <= day <= values[1] for day in days)
            if rule == "refused" and inside:
                return _conflict(text, min(days), "the note refuses that week")
            unplaced = unplaced or (rule is None and not all(values[0] <= day <= values[1] for day in days))
            continue
        if rule == "before":
            late = min(values) if week else max(values)
            if any(day < late for day in days):
                return _conflict(text, min(days), f"it comes before {late.isoformat()}, the earliest day the note allows")
        elif rule == "after":
            early = max(values) if week else min(values)
            if any(day > early for day in days):
                return _conflict(text, max(days), f"it comes after {early.isoformat()}, the latest day the note allows")
        elif rule == "refused":
            if hit := next((day for day in days if day in values), None):
                return _conflict(text, hit, "the note refuses that day")
        elif isinstance(rule, tuple):  # a closure from one date to another
            low, high = rule
            if hit := next((day for day in days if low <= day <= high), None):
                return _conflict(text, hit, f"the note says closed from {low.isoformat()} to {high.isoformat()}")
        elif not all(v in placed for v in values):
            unplaced = True
    if not unplaced:
        return True
    return date_change(text) or Problem(
        code="DATE-UNPLACED", severity="error", element="requested_delivery_date",
        message=f"a note on the order gives a date that is neither its order date nor a delivery date read: "
                f"{text[:120]!r}; a person settles the delivery date")


_REFUSED_ON = re.compile(
    r"\b(?:do\s+not|don.?t|cannot|can\s?not|can.?t|unable\s+to|will\s+not|won.?t|no|not)\s+(?:\w+\s+){0,2}?"
    r"(?:deliver\w*|ship\w*|receiv\w*|accept\w*|unload\w*|arriv\w*)\s+(?:\w+\s+){0,2}?on$"
    r"|\bclosed\s+on$|\bnot\s+on$|\bnicht\s+(?:\w+\s+)?am$|\bkeine?\s+\w+\s+am$|\bgeschlossen\s+am$"
    r"|\bpas\s+(?:de\s+\w+\s+)?le$|\bne\s+pas\s+\w+\s+le$|\bferme\w*\s+le$")
_CLOSED = re.compile(r"\b(?:closed|closure|ferme\w*|fermeture|geschlossen|betriebsferien|betriebsurlaub|inventaire"
                     r"|inventur|shutdown|holidays?|conges|\w*urlaub|\w*ferien|\w*pause)\b")
_RANGE_TO = re.compile(r"^\s*(?:through|thru|to|until|till|-|–|bis(?:\s+(?:zum|einschl\w*))?|au|jusqu.?au|inclus\w*)\s*$")
_TRAILING = re.compile(r"^\s*(?:(?P<before>not\s+before|no(?:t)?\s+earlier|at\s+the\s+earliest|fruh?e?s?tens|au\s+plus\s+tot"
                       r"|pas\s+avant)|(?P<after>at\s+the\s+latest|latest|spa?e?testens|au\s+plus\s+tard))\b")


def _rules(folded: str, readings: list) -> list[tuple[tuple[int, int, list[date], bool], object]]:
    """Each date read with the rule the words before it (in its clause, after the previous date) set: "before"
    (not before), "after" (by, no later than), "refused" (not on), a closure (from, to) or "closure" for its end,
    None (a date to be placed)."""
    out: list = []
    previous_end = 0
    for n, hit in enumerate(readings):
        start, end, values, _week = hit
        window = folded[previous_end:start]
        cut = max((m.end() for m in _CLAUSE_END.finditer(window)), default=0)
        window = window[cut:]
        nxt = readings[n + 1] if n + 1 < len(readings) else None
        previous_end = end
        if out and out[-1][1] == "pending-closure":
            first = out[-1][0]
            out[-1] = (first, (min(first[2]), max(values)))
            out.append((hit, "closure"))
            continue
        if nxt is not None and _CLOSED.search(window) and _RANGE_TO.match(folded[end:nxt[0]]):
            out.append((hit, "pending-closure"))
            continue
        # the condition nearest the date; "pas de livraison avant le" is one "not before", not "avant le" (by)
        found = sorted(((m.end(), name == "before", m.start(), name) for pattern, name in (
            (_NOT_BEFORE, "before"), (_NOT_AFTER, "after")) for m in pattern.finditer(window)), reverse=True)
        rule = found[0][3] if found else None
        if rule == "after" and any(name == "before" and end > found[0][2] for end, _b, _s, name in found):
            rule = "before"
        if _REFUSED_ON.search(window.rstrip()):
            rule = "refused"
        if rule is None:
            tail = folded[end:nxt[0] if nxt else len(folded)]
            tail = tail[:min((m.start() for m in _CLAUSE_END.finditer(tail)), default=len(tail))]
            if m := _TRAILING.match(tail):
                rule = "before" if m.group("before") else "after"
        out.append((hit, rule))
    return [(hit, None if rule == "pending-closure" else rule) for hit, rule in out]
