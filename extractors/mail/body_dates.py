"""Dates typed in an order written as text (an e-mail body): the order date, the requested delivery
date, and dates the reader cannot place.

* The order date is a date right after an order-date label ("Date de commande :", "Bestelldatum",
  "PO date:", "Date of PO", "Order placed", "ordered on", "bestellt am", "commandée le") or after an
  order label ("PO", "Purchase Order", "Order", "Bestellung", "Auftrag", "commande") followed within a
  its number by dated/of/du/vom/daté du/en date du/placed ("PO X dated ...", "Purchase Order X, dated ...",
  "Our PO X of ...", "Bestellung Nr. X vom ...", "notre commande du ..."). Typed without a year ("vom 3. Dezember") it is the latest such day on or before the
  e-mail's ``Date``. With no typed order date, the e-mail's ``Date`` header is the order date.
* The requested delivery date is the first date after a delivery word ("need by 12/17/2026",
  "Liefertermin: 21.12.2026", "Wunschliefertermin:", "Délai :"); a calendar week after it ("Liefertermin KW 4/2027",
  "livraison semaine 3") is its Monday (a week without a year the next such week); right after it ("need by Dec 9", "deliver 9/12", "Liefertermin 15.12.",
  "by 10th December", "Lieferung am 9. Dezember", "Livraison le 14 décembre", "pour le 10/12") a date
  without a year is the next such day on or after the order date (unless that is over half a year ahead:
  "2/12" typed on 4 December is a past date, held as such). Day and month of "9/12" are ordered as
  for full dates (``extractors.locale_values``: the customer's country or its documents' history; when
  neither says, ambiguous and read with less strength). The order's own date after an order label on the
  same line is never taken as the delivery date.
* A window on a delivery line ("entre le 14 et le 18/12/2026", "zwischen 14. und 18.12.2026", "vom 14. bis
  18.12.2026") is read as its first day with a note naming the window; one over a week holds
  (``DELIVERY-WINDOW-WIDE``), as an EDI window does (``typed_window``).
* A date typed in the text that is neither the order date nor a delivery date of the order (a second
  date, a quote's date, a date the labels do not name) is *unplaced*: ``unplaced_dates`` lists them, the
  order then holds (``DATE-UNPLACED``) and an order date taken from the e-mail's header is not vouched
  for at full strength. Year-less dates count only when written with a month name ("9 Dec");
  "1/2" is no date outside a delivery or order-date phrase.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from email.utils import parsedate_to_datetime

from extractors.change_requests import date_change
from extractors.capture.weeks import find_week, week_monday
from extractors.locale_values import AMBIGUOUS, DateHit, DocLocale, date_hits, fold, parse_date, written_in_words
from extractors.weekdays import WEEKDAY_WORD, skip_weekday
from gateway.model import ExtractedOrder, Problem

DELIVERY_WORDS = re.compile(
    r"\b(?:wunsch-?liefer(?:termin|datum)|anliefer(?:termin|datum)|lieferwunsch|delai(?!\s+(?:de\s+)?(?:paiement|reglement))"
    r"|livraison|livrer|livre[rz]?|livree?s?|d.ici le|avant le|pour le|liefertermin|lieferdatum|lieferung|anlieferung"
    r"|liefern|anliefern|zustellung|zustellen|zustelltermin|bis zum|spatestens|deliver(?:y|ed)?|ship(?:ped|ping)? (?:by|on)"
    r"|need(?:ed)?(?= (?:(?:these|them|it|this|the goods|the items|everything|all)\s+)?(?:by|on|for|before)\b)"
    r"|needed(?=\s*:?\s*\d)"
    r"|benotig(?:en|t)(?= (?:(?:die|diese|alles|die ware|die artikel)\s+)?(?:bis|am|zum|spatestens)\b)|brauchen (?:die ware |alles )?bis"
    r"|to arrive (?:by|on|before)|must arrive|arriv(?:ee|er) (?:le|pour le|avant le)"
    r"|^\s*requested(?:\s+(?:date|delivery(?:\s+date)?|by|on|for))?(?=\s*:?\s*\d)"
    r"|wanted by|required (?:by|on)|required(?: delivery)? date|required(?=\s*:?\s*\d)|due (?:by|on)|due date"
    r"|date (?:de livraison|souhaitee|requise)|wunschtermin|wunschdatum|no later than|benotigt (?:bis|am)|au plus tard"
    r"|by(?=\s+(?:\d{1,2}[./-]\d{1,2}|\d{1,2}(?:st|nd|rd|th)?\s+[a-z]{3}|[a-z]{3,9}\.?\s+\d{1,2}\b)))\b")
_ORDER_LABEL = re.compile(r"\b(?:purchase\s+order|p\.?\s?o\b\.?|order|bestellung|auftrag|commande)\b")
_DATED = re.compile(r"\b(?:dated|of|du|vom|en\s+date\s+du|datee?\s+du|date|datum|placed(?:\s+on)?|passee\s+le"
                    r"|aufgegeben\s+am)\b\s*:?\s*")
_DATE_LABEL = re.compile(
    r"\b(?:(?:date|datum)\s+(?:de\s+(?:la\s+)?|du\s+|of\s+(?:the\s+)?|der\s+|des\s+)?(?:bon\s+de\s+)?"
    r"(?:commande|order|purchase\s+order|p\.?\s?o\b\.?|bestellung|auftrag)s?|bestell-?datum|auftrags-?datum"
    r"|po-?datum|bestellt\s+am|commandee?\s+le|order(?:ed)?\s+(?:placed\s+)?on|order\s+placed"
    r"|issued(?:\s+on)?)\b\s*:?\s*")
_LABEL_GAP = 45  # characters between an order label and its "dated"/"vom"/"du"
# A line stamping when the order was made, its date right after the verb and often its author or time after it:
# "Placed on December 4, 2026 by Jane", "PO 4711 - created 26 November 2026 at 10:32", "Ordered 2 Dec 2026 by
# Mark", "Bestellung erstellt am 3. Dezember 2026 von Frau Vogel", "Commande établie le 30 novembre 2026 par M.
# Girard". The verb opens the line (after the order's label and number, if any): "items ordered on 1/12 were
# not delivered" stamps nothing.
_STAMP = re.compile(
    r"^[\s*>-]*(?:(?:this\s+|our\s+|unsere?\s+|notre\s+)?(?:purchase\s+order|p\.?\s?o\b\.?|order|bestellung|auftrag"
    r"|(?:bon\s+de\s+)?commande)(?:\s*(?:no|nr|n|number|numero)\b\.?)?[\s#:.°]*(?:[a-z0-9][\w/.-]*\d[\w/.-]*)?"
    r"\s*[,:;–-]?\s*)?(?:(?:was|has\s+been|wurde|a\s+ete|est)\s+)?(?:placed|created|submitted|raised|entered"
    r"|issued|ordered|erstellt|angelegt|erfasst|aufgegeben|bestellt|ausgestellt|creee?|etablie?|passee?|emise?"
    r"|saisie?)(?:\s+(?:on|am|le|den|du))?\s*:?\s*")
# Between an order label and its dated/vom/du: nothing but the order's number ("PO #: X", "Bestellung Nr.
# X", "Purchase Order X,"), so "Order 4711, invoice of 12/11/2026" gives no order date.
_REF_GAP = re.compile(r"^[\s#:.,°-]*(?:(?:no|nr|n|number|numero)\b[\s#:.°-]*)?(?:[a-z0-9][\w/.-]*)?[\s,]*$")
_NEAR = re.compile(r"^(?:[\s:,.-]|\b(?:by|on|or|before|until|till|the|le|pour|avant|au|plus|tard|am|bis|zum"
                   r"|spatestens|for|du|ab|it|them|these|this|everything|all|please|pls|svp|bitte|latest|at"
                   r"|no|later|than|den|der|souhaitee?s?|prevue?s?|gewunscht|gewunschter|wunschtermin|requested"
                   r"|desired|wanted|these|them|die|diese|alles|ware|artikel|goods|items|imperative|imperativement|obligatoire|obligatoirement|must|be|strictly"
                   rf"|required|unbedingt|zwingend|fixe|fix|exactly|exactement|genau|date|essential|absolutely|firm|firmly"
                   rf"|definitely|ferme|absolument|essentielle?|auf\s+jeden\s+fall|verbindlich)\b|\b{WEEKDAY_WORD})*$")
_UNSURE_MONTHS = re.compile(r"\b(?:may|mai)\b")


def header_date(dates: list[str], loc: DocLocale) -> tuple[date, float] | None:
    """The e-mail's ``Date`` header (the first ``Date:`` value), as the sender wrote its day."""
    for value in dates:
        try:
            sent = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            sent = None
        if sent is not None:
            return sent.date(), 1.0  # the day as the sender wrote it, in the sender's own offset
        if found := parse_date(value, loc):
            return found
    return None


def _adjacent(hits: list[DateHit], at: int, slack: int = 3) -> DateHit | None:
    return next((h for h in hits if at <= h.start <= at + slack), None)


def order_date_hit(line: str, loc: DocLocale, sent: date | None) -> DateHit | None:
    """The order date typed on ``line`` after an order-date label or an order label's dated/vom/du."""
    folded = fold(line)
    hits = date_hits(line, loc, sent, forward=False)
    if not hits:
        return None
    for label in _DATE_LABEL.finditer(folded):
        if hit := _adjacent(hits, skip_weekday(folded, label.end())):
            return hit
    if (stamp := _STAMP.match(folded)) and (hit := _adjacent(hits, skip_weekday(folded, stamp.end()))):
        return hit
    for label in _ORDER_LABEL.finditer(folded):
        for dated in _DATED.finditer(folded, label.end(), min(len(folded), label.end() + _LABEL_GAP + 15)):
            gap = folded[label.end():dated.start()]
            if len(gap) > _LABEL_GAP or not _REF_GAP.match(gap):
                break
            if hit := _adjacent(hits, skip_weekday(folded, dated.end())):
                return hit
    return None


def find_order_date(lines: list[str], dates: list[str], loc: DocLocale) -> tuple[date, float, bool] | None:
    """The order date, its strength, and whether it was typed in the text (else the e-mail's header)."""
    sent = header_date(dates, loc)
    for line in lines:
        if hit := order_date_hit(line, loc, sent[0] if sent else None):
            return hit.value, hit.strength, True
    return (sent[0], sent[1], False) if sent else None


def order_date_in_words(lines: list[str], dates: list[str], loc: DocLocale) -> bool:
    """The order date ``find_order_date`` takes is written with a month name: typed so ("Order date: 4 December
    2026"), or the e-mail's RFC 5322 ``Date`` header ("Fri, 04 Dec 2026"). Its day and month are never in
    doubt."""
    sent = header_date(dates, loc)
    for line in lines:
        if hit := order_date_hit(line, loc, sent[0] if sent else None):
            return written_in_words(fold(line)[hit.start:hit.end])
    return bool(sent) and any(written_in_words(value) for value in dates[:1])


def delivery_hit(line: str, loc: DocLocale, anchor: date | None, sent: date | None = None) -> DateHit | None:
    """The delivery date on ``line``: the first date after a delivery word (one without a year only
    right after it), never the order date that follows an order label on that line."""
    folded = fold(line)
    words = list(DELIVERY_WORDS.finditer(folded))
    if not words:
        return None
    ordered = order_date_hit(line, loc, sent or anchor)
    hits = [h for h in date_hits(line, loc, anchor) if not (ordered and h.start == ordered.start)]
    first_word = words[0].start()
    for hit in hits:
        if hit.start < first_word:
            continue
        if _EARLIEST.search(folded[first_word:hit.start]):
            continue  # "any time after Dec 15", "pas avant le 15/12", "nicht vor dem 15.12.": no day to deliver on
        if hit.year_typed or any(w.end() <= hit.start and _NEAR.match(folded[w.end():hit.start])
                                 and hit.start - w.end() <= 40 for w in words):
            return None if ordered and hit.value == ordered.value else hit
    for hit in hits:  # "bis 09.12.2026 liefern", "am 15.12. zustellen": German puts the verb after the date
        before, after = folded[:hit.start], folded[hit.end:]
        if _GERMAN_BY.search(before) and _GERMAN_VERB.match(after):
            return None if ordered and hit.value == ordered.value else hit
    return None if hits else _delivery_week(folded, words, anchor)


def _delivery_week(folded: str, words: list[re.Match[str]], anchor: date | None) -> DateHit | None:
    """A delivery in a calendar week right after a delivery word ("Liefertermin KW 4/2027", "livraison semaine
    3", "Delivery week 3 of 2027"): the Monday of that ISO week; a week typed without its year is the next such
    week on or after the order date (none when that is over half a year ahead: a past week, held)."""
    for word in words:
        hit = find_week(folded[word.end():word.end() + 40])
        if hit is None or not _NEAR.match(folded[word.end():word.end() + hit.start()]):
            continue
        start, end = word.end() + hit.start(), word.end() + hit.end()
        if (monday := week_monday(hit.group(0))) is not None:
            return DateHit(start, end, monday, 1.0)
        if anchor is None:
            return None
        week = int(hit["week"])
        for year in (anchor.year, anchor.year + 1):
            try:
                monday = date.fromisocalendar(year, week, 1)
            except ValueError:
                continue
            if monday + timedelta(days=6) >= anchor:
                return DateHit(start, end, monday, 1.0, year_typed=False) if (monday - anchor).days <= 183 else None
        return None
    return None


# An earliest day, not the day wanted: "any time after", "not before", "à partir du", "pas avant", "nicht vor", "ab"
_EARLIEST = re.compile(r"\b(?:after|not\s+before|no\s+earlier\s+than|starting|earliest|apres|pas\s+avant|a\s+partir\s+du?"
                       r"|a\s+compter\s+du?|au\s+plus\s+tot|nach\s+dem|nicht\s+vor|ab(?=\s|$)|fruhestens)\b(?![-/])")
_GERMAN_BY = re.compile(r"\b(?:bis|am|zum|spatestens)(?:\s+(?:zum|spatestens|den|am))?\s*(?:\w+,?\s+)?$")
_GERMAN_VERB = re.compile(r"^\s*(?:an\s*)?(?:zu\s+)?(?:liefern|zustellen|anliefern|geliefert|zugestellt|versenden|schicken|senden)\b")


def find_requested_date(lines: list[str], loc: DocLocale, anchor: date | None,
                        sent: date | None = None) -> tuple[date, float] | None:
    """The first delivery date on a line that speaks of delivery, with its strength.

    A line that also names the order and its date ("bitte liefern Sie gemäß Bestellung X vom 06.12.2026
    bis zum 11.12.2026", "order X of 06/12/2026 by 11/12/2026"): the date after the order label is the
    order date, never the delivery date; when that line's only other date equals the order date, no
    delivery date is read from it (a person is asked: DELIVERY-DATE-MISSING)."""
    for line in lines:
        if hit := delivery_hit(line, loc, anchor, sent):
            return hit.value, hit.strength
    return None


def requested_date_in_words(lines: list[str], loc: DocLocale, anchor: date | None, sent: date | None = None) -> bool:
    """The delivery date ``find_requested_date`` takes is written with a month name ("Deliver by 2 July 2027",
    "Liefertermin 2. Juli 2027"): its day and month are never in doubt."""
    for line in lines:
        if hit := delivery_hit(line, loc, anchor, sent):
            return written_in_words(fold(line)[hit.start:hit.end])
    return False


def line_date(description: str | None, loc: DocLocale, anchor: date | None):
    """A delivery date typed after the item (``, livraison le 10 décembre 2026``): the description
    before it, and the date."""
    if not description:
        return description, None
    folded = fold(description)
    match = DELIVERY_WORDS.search(folded) if len(folded) == len(description) else None
    hit = delivery_hit(description, loc, anchor) if match else None
    if match is None or hit is None:
        return description, None
    return description[:match.start()].strip(" ,;:-–(") or None, (hit.value, hit.strength)


def speaks_of_a_date(text: str) -> bool:
    """A line that gives the order date or a delivery date ("We need these by 11 December.")."""
    folded = fold(text)
    loc = DocLocale()
    anchor = date(2000, 1, 1)  # any year: only whether a date is there
    return bool((DELIVERY_WORDS.search(folded) or _DATE_LABEL.search(folded) or _ORDER_LABEL.search(folded))
                and (delivery_hit(text, loc, anchor) or order_date_hit(text, loc, anchor)))


# A quotation named before a date: "gemäß Ihrem Angebot AN-2026-118 vom", "as per your quotation Q-118 dated",
# "suivant votre devis n° D-2291 du", "Ihr Angebot vom": the date is the quotation's, neither the order's nor unplaced
_QUOTATION_BEFORE = re.compile(
    r"\b(?:devis|offre|proposition|cotation|angebot\w*|kostenvoranschlag\w*|quotation|quote|offer|proposal|estimate)"
    r"\s*(?:(?:n[°o]\.?|nr\.?|no\.?|#|number|nummer|numero|ref\.?)\s*:?\s*)?(?:[\w/-]*\d[\w/-]*\s*)?,?\s*"
    r"(?:of|dated|from|du|en\s+date\s+du|vom|von|datiert|de)?\s*(?:the\s+|le\s+|den\s+)?$")


def quotation_date(folded: str, start: int) -> bool:
    """Whether the date starting at ``start`` of ``folded`` is a quotation's, named right before it."""
    return bool(_QUOTATION_BEFORE.search(folded[max(0, start - 60):start].lower()))


# a day written without a year after a delivery word and a day preposition ("Anlieferung über Tor 2 am 23.12.",
# "livraison le 23/12", "deliver on 12/23"): a day to deliver on, counted as a date with a month name is
_DAY_BEFORE = re.compile(r"\b(?:am|le|on|the|vom|ab|du|au|bis|until|by|pour\s+le|fur\s+den|zum"
                         r"|anlieferung|lieferung|zustellung|livraison|delivery)\s*:?\s*$")  # "Anlieferung 25.12. am Tor 2."


def _delivery_day(folded: str, start: int) -> bool:
    return bool(_DAY_BEFORE.search(folded[max(0, start - 12):start].lower())) and bool(DELIVERY_WORDS.search(folded.lower()))


# Hours, never a date: a range or a time of day with its hour word ("7-14 Uhr", "8.30-16 h", "7-14.30 Uhr",
# "7.30-15.00 hrs", "ab 8.30 Uhr"). Only a year-less number inside one is skipped: a date with a year or a
# month name is a date whatever follows it ("12/25/2026 am", "December 25 am", German "25.12.2026 am Vormittag").
_HOUR = r"(?:[01]?\d|2[0-4])"
_HOURS = re.compile(rf"\b{_HOUR}(?:[.:][0-5]\d)?\s*(?:-|–|bis|to|a|à)\s*{_HOUR}(?:[.:][0-5]\d)?\s*"
                    rf"(?:uhr|h|hrs?|hours|heures?)\b|\b{_HOUR}[.:][0-5]\d\s*(?:uhr|h|hrs?|hours|heures?)\b",
                    re.IGNORECASE)
# A year-less fraction or measure before its unit ("bis 3/4 voll", "on 1/2 pallets", "3/4 inch fittings",
# "the 12/24 hour shift") or a part delivered now ("Lieferung 2/3 jetzt, Rest später": a split, ``split_notes``):
# no date
_MEASURE_AFTER = re.compile(r"\s*(?:inch(?:es)?|zoll|\"|hours?|stunden|heures?|shift|schicht|voll|full|plein|"
                            r"pal(?:l)?ets?|paletten?|palettes?|loads?|ladungen?|pieces?|stuck|tons?|tonnes?"
                            r"|now|jetzt|sofort|maintenant|immediately|immediatement|de\s+suite)\b",
                            re.IGNORECASE)


def _not_a_date(folded: str, hit: DateHit, hours: list[tuple[int, int]]) -> bool:
    """Numbers with no month name and no four-digit year that run into an hour range ("3, 8.30" of
    "Rampe 3, 8.30-16 h", "7.30-15" of "7.30-15.00 hrs"), or a year-less one that is a measure before its unit."""
    written = folded[hit.start:hit.end].lower()
    if re.search(r"[a-z]|\d{4}", written):
        return False
    if any(hit.start < b and a < hit.end for a, b in hours):
        return True
    return not hit.year_typed and bool(_MEASURE_AFTER.match(folded, hit.end))


def unplaced_dates(lines: list[str], placed: set[date], loc: DocLocale, anchor: date | None) -> list[str]:
    """The dates typed on ``lines`` that are none of ``placed`` (the order date, the delivery dates), each
    with the text around it; a year-less one compared by day and month, counted only with a month name. A
    quotation's date named as such ("gemäß Ihrem Angebot AN-118 vom 12.11.2026") is placed: it is the quote's."""
    days = {(d.month, d.day) for d in placed}
    out = []
    for line in lines:
        folded = fold(line)
        hours = [m.span() for m in _HOURS.finditer(folded)]
        for hit in date_hits(line, loc, anchor or date(2000, 1, 1)):
            written = folded[hit.start:hit.end]
            if quotation_date(folded, hit.start) or _not_a_date(folded, hit, hours):
                continue  # a quotation's date; hours ("Anlieferung Rampe 3, 7-14 Uhr", "8.30-16 h") are no date
            if hit.year_typed:
                if hit.value in placed:
                    continue
            elif (hit.value.month, hit.value.day) in days or _UNSURE_MONTHS.search(written) \
                    or (not re.search(r"[a-z]{3}", written) and not _delivery_day(folded, hit.start)):
                continue
            out.append(line.strip()[:120])
            break
    return out


def date_problems(order: ExtractedOrder, unplaced: list[str], typed: bool, loc: DocLocale) -> list[Problem]:
    """DATE-AMBIGUOUS for an order or delivery date whose day/month order nothing settled (a guessed
    locale), DATE-UNPLACED for each sentence with a date that is neither."""
    out = [Problem(code="DATE-AMBIGUOUS", severity="error", element=field,
                   message=f"{field} read as {value.isoformat()}: day and month could be the other way round and "
                           f"neither the customer's country nor its past documents settle it")
           for field, value in (("order_date", order.order_date),
                                ("requested_delivery_date", order.requested_delivery_date))
           if value and loc.guessed and order.confidence.get(field, 1.0) <= AMBIGUOUS]
    source = "was typed" if typed else "is the e-mail's Date"
    for text in unplaced:  # a date typed in place of another ("le 12/12 au lieu du 10/12"): CHANGE-TYPED, on any line
        out.append(date_change(text) or Problem(
            code="DATE-UNPLACED", severity="error", element="order_date",
            message=f"a date typed in the text is neither the order date nor a delivery date read: {text!r}; "
                    f"the order date {source}: check both"))
    return out


# "entre le 14 et le 18/12/2026", "zwischen 14. und 18.12.2026", "vom 14. bis 18.12.2026", "du 14 au 18/12/2026",
# "between 14 and 18/12/2026": a first day typed without its month before the window's last date
_WINDOW = re.compile(r"\b(?:entre\s+le|between(?:\s+the)?|zwischen(?:\s+dem)?|from(?:\s+the)?|du|vom|von)\s+"
                     r"(?P<first>\d{1,2})(?:\.|er|st|nd|rd|th)?(?:\s*[./]\s*(?P<month>\d{1,2})\.?)?\s*"
                     r"(?:et\s+le|and(?:\s+the)?|und(?:\s+dem)?|bis(?:\s+(?:zum|am))?|to(?:\s+the)?|au|-|–)\s+")
# "Delivery 14-16 Dec 2026", "Lieferung 14.-16. Dez. 2026", "14/12 - 16/12/2026": a first day joined by a dash
# to the window's last date, no word before it (never inside a date: "2026-12-14")
_DASH_WINDOW = re.compile(r"(?<![\d./-])(?P<first>\d{1,2})(?:\.|er|st|nd|rd|th)?(?:\s*[./]\s*(?P<month>\d{1,2})\.?)?"
                          r"\s*[-–]\s*")


def typed_window(lines: list[str], loc: DocLocale, anchor: date | None) -> tuple[date, date, str] | None:
    """A delivery window typed on a delivery line: its first day, its last day and the line."""
    for line in lines:
        folded = fold(line)
        if not DELIVERY_WORDS.search(folded):
            continue
        for match in (*_WINDOW.finditer(folded), *_DASH_WINDOW.finditer(folded)):
            end = next((h for h in date_hits(line, loc, anchor) if h.start == match.end()), None)
            if end is None:
                continue
            month = int(match["month"]) if match["month"] else end.value.month
            year = end.value.year - (1 if month > end.value.month else 0)
            try:
                start = date(year, month, int(match["first"]))
            except ValueError:
                continue
            if not match["month"] and start > end.value:
                start = date(year - (month == 1), (month - 2) % 12 + 1, start.day) if start.day <= 28 else start
            if start <= end.value:
                return start, end.value, line.strip()[:120]
    return None
