"""Numbers and dates as customers write them: 1.234,56 vs 1,234.56, 12/03/2026 as dd/mm or
mm/dd, "12 mars 2026", "12. März 2026", "March 12, 2026".

A ``DocLocale`` says how to read them; it comes from the customer's locale hint (its language and
country, "fr_FR", "en_IE", "en_US", optionally with a declared day/month order: "en_GB@mdy"; or the
order alone, "@dmy", which the customer's past documents settled), a
template, or is guessed from the document's language (``guessed=True`` lowers the strength of
ambiguous readings). A country settles the day/month order: 04/12/2026 from France is 4 December
with full strength, 01/12/2026 from Ireland 1 December; the United States, Canada and the
Philippines write month first. Parsers return the value and a *strength* in 0..1: 1.0 for a reading that is the only
one possible in that locale, less when the text had to be bent (an OCR'd "." where the locale
writes ",") or the day/month order was ambiguous and guessed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation


@dataclass(frozen=True)
class DocLocale:
    decimal: str = "."
    thousands: tuple[str, ...] = (",",)
    date_order: str = "dmy"  # "dmy" | "mdy" | "ymd"
    guessed: bool = False
    # the document's language writes day first only (French, German, Dutch): a dotted date ("04.12.2026") is
    # settled day first even when the order was guessed (no M.D.Y usage in these languages)
    dots_day_first: bool = False


LOCALES: dict[str, DocLocale] = {
    "fr": DocLocale(",", (" ", "\u202f", "\xa0", ".")),
    "de": DocLocale(",", (".", " ", "'")),
    "nl": DocLocale(",", (".", " ")),
    "en": DocLocale(".", (",",), "dmy"),
    "en_US": DocLocale(".", (",",), "mdy"),
    "en_CA": DocLocale(".", (",",), "mdy"),
}
LANGUAGE_LOCALE = {"fra": "fr", "deu": "de", "nld": "nl", "eng": "en_US"}
DAY_FIRST_LANGUAGES = frozenset({"fra", "deu", "nld"})
MONTH_FIRST_COUNTRIES = frozenset({"US", "CA", "PH", "FM", "MH", "PW"})
DATE_ORDERS = frozenset({"dmy", "mdy", "ymd"})
BOTH_ORDERS_LANGUAGES = frozenset({"en"})  # languages written month first in some countries, day first in others
BOTH_ORDERS_COUNTRIES = frozenset({"CA"})  # countries whose writers use both orders (Canada: 05/01 is either)

MONTHS: dict[str, int] = {}
for _names in (
    "janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre",
    "januar februar marz april mai juni juli august september oktober november dezember",
    "january february march april may june july august september october november december",
    "januari februari maart april mei juni juli augustus september oktober november december",
):
    for _i, _name in enumerate(_names.split(), start=1):
        MONTHS[_name] = _i
        MONTHS.setdefault(_name[:3], _i)
        MONTHS.setdefault(_name[:4], _i)
MONTHS.update({"maerz": 3, "mrz": 3, "janv": 1, "fevr": 2, "févr": 2, "avr": 4, "juil": 7,
               "sept": 9, "dez": 12, "okt": 10, "mae": 3, "jänner": 1, "janner": 1})
del _names, _i, _name
OCR_MONTH = 0.9  # the strength of a month name read with OCR's letter confusions ("fevrler", "Dezernber")
_OCR_LIKE = str.maketrans({"l": "i", "1": "i", "j": "i", "0": "o"})


def _ocr_key(word: str) -> str:
    return word.replace("rn", "m").translate(_OCR_LIKE)


_OCR_MONTHS: dict[str, int | None] = {}
for _name, _month in MONTHS.items():
    if len(_name) >= 5:
        _key = _ocr_key(_name)
        _OCR_MONTHS[_key] = _month if _OCR_MONTHS.get(_key, _month) == _month else None
del _name, _month, _key


def month_of(word: str) -> tuple[int, float] | None:
    """The month a month name means (folded, "fevrier", "dez"), and the strength of that reading: 1.0,
    or ``OCR_MONTH`` for a full name of five letters and more read with OCR's confusions ("fevrler":
    l for i, "Dezernber": rn for m), when they point to one month; None for no month name."""
    if word in MONTHS:
        return MONTHS[word], 1.0
    found = _OCR_MONTHS.get(_ocr_key(word)) if len(word) >= 5 else None
    return (found, OCR_MONTH) if found else None

STRAY_LEAD = ",.;:'`\u2018\u2019\u201a\""  # no number starts with these (OCR specks)
STRAY_TRAIL = ";:'`\u2018\u2019\u201a\""
CURRENCY_WORDS = frozenset({
    "eur", "€", "usd", "$", "us$", "gbp", "£", "chf", "kd", "kwd", "rs", "inr", "sek", "dkk", "nok",
    "pln", "czk", "huf", "ron", "cad", "aud", "fr.", "sfr", "sfr.", "eur.",
})


@lru_cache(maxsize=8192)  # a pure function memo: same text, same answer
def fold(text: str) -> str:
    """Lower case without accents, for comparing words: "Qté" -> "qte", "März" -> "marz"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def locale_for(hint: str | None, language: str | None = None) -> DocLocale:
    """The locale to read a document with: the hint ("fr_FR", "en_US", "de") if any, else one
    guessed from the language ("fra", "deu", "eng")."""
    if hint:
        key, _, declared = hint.replace("-", "_").partition("@")
        found = LOCALES.get(key) or LOCALES.get(key.split("_")[0])
        if found:
            if declared in DATE_ORDERS:
                return DocLocale(found.decimal, found.thousands, declared)
            # English alone does not say the order: the US writes month first, the UK and Ireland day first
            unsettled = ("_" not in key and key.split("_")[0].lower() in BOTH_ORDERS_LANGUAGES) or \
                key.split("_")[-1].upper() in BOTH_ORDERS_COUNTRIES
            return DocLocale(found.decimal, found.thousands, _country_order(key, found.date_order), guessed=unsettled)
    base = LOCALES.get(LANGUAGE_LOCALE.get(language or "", ""), LOCALES["en_US"])
    declared = (hint or "").partition("@")[2]
    if declared in DATE_ORDERS:  # "@dmy": the customer's past documents settled the order, nothing else
        return DocLocale(base.decimal, base.thousands, declared)
    country = _hint_country(hint)
    if country and country not in BOTH_ORDERS_COUNTRIES:
        # a country on file with no locale of its own here ("it_IT", "es_ES", "pl_PL", "da_DK"): its writers' day/month
        # order settles the dates; the numbers are read as the document's language writes them (review revA D8)
        return DocLocale(base.decimal, base.thousands, "mdy" if country in MONTH_FIRST_COUNTRIES else "dmy")
    return DocLocale(base.decimal, base.thousands, base.date_order, guessed=True,
                     dots_day_first=(language or "") in DAY_FIRST_LANGUAGES)


def _hint_country(hint: str | None) -> str:
    """The country a locale hint names ("it_IT" -> "IT"), upper case; "" for none."""
    key = (hint or "").replace("-", "_").partition("@")[0]
    country = key.split("_")[1] if "_" in key else ""
    return country.upper() if len(country) == 2 and country.isalpha() else ""


def _country_order(key: str, default: str) -> str:
    """The day/month order a country writes (month first in the US), else the language's."""
    country = key.split("_")[1].upper() if "_" in key else ""
    if not country:
        return default
    return "mdy" if country in MONTH_FIRST_COUNTRIES else "dmy"


# --- numbers ------------------------------------------------------------------------------

_NUM_CHARS = re.compile(r"[^0-9.,'\s\u202f\xa0-]")


def strip_currency(text: str) -> str:
    """The text without currency words, symbols and stray punctuation around a number."""
    parts = [p.lstrip(STRAY_LEAD).rstrip(STRAY_TRAIL) for p in text.split()
             if fold(p) not in CURRENCY_WORDS and (p == "-" or any(c.isalnum() for c in p))]
    cleaned = " ".join(p for p in parts if p).strip().strip("€$£")
    return cleaned.strip()


TRAILING_SPECK = 0.8
DAY_COMMA = 0.8
OCR_DIGITS = str.maketrans({"l": "1", "I": "1", "|": "1", "O": "0", "o": "0", "S": "5", "B": "8"})


FOREIGN_CENTS = 0.9  # "24.50" in a comma locale (or "24,50" in a dot one): cents, whatever the mark


def parse_number(text: str, loc: DocLocale, ocr: bool = False) -> tuple[Decimal, float] | None:
    """A number written in ``loc``; None if ``text`` is not a number. Currency words around it
    are dropped; a trailing minus is accepted. ``ocr``: letters OCR often reads for digits
    ("l" for 1, "O" for 0) are taken as those digits, at 0.7 x the strength."""
    found = _parse_number(text, loc)
    if found is None and ocr:
        found = _parse_trailing_speck(text, loc)
    if found is None and ocr:
        fixed = strip_currency(text).translate(OCR_DIGITS)
        if fixed != strip_currency(text) and any(c.isdigit() for c in fixed):
            again = _parse_number(fixed, loc)
            return (again[0], again[1] * 0.7) if again else None
    return found


def _parse_trailing_speck(text: str, loc: DocLocale) -> tuple[Decimal, float] | None:
    """"172.3." or "16,84,": a speck after the last digit read as a full stop or comma; the
    number without it, at ``TRAILING_SPECK`` x the strength."""
    raw = strip_currency(text)
    trimmed = raw.rstrip(".,")
    if trimmed == raw or not trimmed[-1:].isdigit() or len(raw) - len(trimmed) > 1:
        return None
    again = _parse_number(trimmed, loc)
    return (again[0], round(again[1] * TRAILING_SPECK, 4)) if again else None


def _parse_number(text: str, loc: DocLocale) -> tuple[Decimal, float] | None:
    raw = strip_currency(text)
    if not raw or _NUM_CHARS.search(raw) or not any(c.isdigit() for c in raw):
        return None
    negative = raw.startswith("-") or raw.endswith("-")
    raw = raw.strip("-").strip()
    value = _read_digits(raw, loc)
    if value is None:
        return None
    number, strength = value
    return (-number if negative else number), strength


def _read_digits(raw: str, loc: DocLocale) -> tuple[Decimal, float] | None:
    dec = loc.decimal
    other = "," if dec == "." else "."
    thousands = "".join(re.escape(t) for t in loc.thousands)
    strict = rf"\d{{1,3}}(?:[{thousands}]\d{{3}})+(?:{re.escape(dec)}\d+)?|\d+(?:{re.escape(dec)}\d+)?"
    if re.fullmatch(strict, raw):
        return _to_decimal(raw, dec, loc.thousands), 1.0
    # An OCR'd or foreign decimal mark: "12.50" in a comma locale. Only with 1, 2 or 4 digits
    # after it (3 digits would be a thousands group). Two digits are money as typed by anyone whose program
    # writes a dot (a French customer's Outlook table "24.50"): no other reading, nearly full strength.
    m = re.fullmatch(rf"(\d+){re.escape(other)}(\d{{1,2}}|\d{{4}})", raw.replace(" ", ""))
    if m:
        return Decimal(f"{m.group(1)}.{m.group(2)}"), FOREIGN_CENTS if len(m.group(2)) == 2 else 0.6
    if re.fullmatch(r"\d{1,3}(?: \d{3})+(?:[.,]\d+)?", raw):
        return _to_decimal(raw, dec, (" ",)), 0.7
    # Separators mixed up by OCR: "119,977,20" - groups of three, then two decimals.
    m = re.fullmatch(r"(\d{1,3}(?:[.,' ]\d{3})+)[.,](\d{2})", raw)
    if m:
        return Decimal(re.sub(r"\D", "", m.group(1)) + "." + m.group(2)), 0.5
    return None


def _to_decimal(raw: str, dec: str, thousands: tuple[str, ...]) -> Decimal:
    for sep in thousands:
        if sep != dec:
            raw = raw.replace(sep, "")
    try:
        return Decimal(raw.replace(dec, "."))
    except InvalidOperation:  # pragma: no cover - guarded by the regexes
        return Decimal(0)


def format_number(value: Decimal, loc: DocLocale, places: int = 2) -> str:
    """``value`` written as in ``loc`` (first thousands separator), for messages and tests."""
    text = f"{value:,.{places}f}"
    sep = loc.thousands[0] if loc.thousands else ""
    return text.replace(",", "\0").replace(".", loc.decimal).replace("\0", sep)


# --- dates --------------------------------------------------------------------------------

AMBIGUOUS = 0.7  # the strength of a date whose day/month order nothing settled (04/12/2026, guessed locale)
NUMERIC_DATE = re.compile(r"(?<!\d)(\d{1,4})\s?([./,-])\s?(\d{1,2})\s?([./,-])\s?(\d{2,4})(?!\d)")
DAY_MONTH_YEAR = re.compile(r"(?<!\d)(\d{1,2})(?:st|nd|rd|th|er|eme|e)?[.,:;]?\s*(?:de\s+|of\s+)?([a-zäöüéûèô]{3,10})\.?,?\s+(\d{4})")
MONTH_DAY_YEAR = re.compile(r"([a-zäöüéûèô]{3,10})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")
DAY_MON_YEAR = re.compile(r"(?<!\d)(\d{1,2})-([a-z]{3,4})-(\d{2,4})")


def parse_date(text: str, loc: DocLocale) -> tuple[date, float] | None:
    """The first date in ``text`` read in ``loc``; None if there is none."""
    folded = fold(text)
    for finder in (_named_month_date, _numeric_date):
        found = finder(folded, loc)
        if found:
            return found
    return None


_NAMED_SHAPES = ((DAY_MONTH_YEAR, "dmy"), (MONTH_DAY_YEAR, "mdy"), (DAY_MON_YEAR, "dmy"))


def _named_month_date(text: str, loc: DocLocale) -> tuple[date, float] | None:
    for pattern, order in _NAMED_SHAPES:
        m = pattern.search(text)
        found = _named_match(m, order) if m else None
        if found:
            return found
    return None


def _named_match(m: re.Match[str], order: str) -> tuple[date, float] | None:
    a, b, year = m.groups()
    day, month_word = (a, b) if order == "dmy" else (b, a)
    found = month_of(month_word.rstrip("."))
    if found is None:
        return None
    month, strength = found
    built = _safe_date(_year(year), month, int(day))
    if built:  # "20, Oktober 2026", "8: Januar 2027": a comma or colon after the day is an OCR'd full stop
        return built, strength * (DAY_COMMA if order == "dmy" and re.match(r"\d{1,2}[,:;]", m.group(0)) else 1.0)
    return None


def _numeric_date(text: str, loc: DocLocale) -> tuple[date, float] | None:
    m = NUMERIC_DATE.search(text)
    if m is None and (colon := COLON_FOR_DOT.search(text)):  # "11:12.2026": a fax's dot read as a colon
        again = NUMERIC_DATE.search(colon[0].replace(":", "."))
        found = _numeric_match(again, loc) if again else None
        if found:
            return found[0], found[1] * COLON_STRENGTH
    if m is None and (lost := LOST_SEPARATOR.search(text)):  # "20.11 2026": OCR lost the second dot
        again = NUMERIC_DATE.search(f"{lost[1]}{lost[2]}{lost[3]}{lost[2]}{lost[4]}")
        found = _numeric_match(again, loc) if again else None
        return (found[0], found[1] * LOST_SEPARATOR_STRENGTH) if found else None
    return _numeric_match(m, loc) if m else None


# a colon for one of a dotted date's dots, the other a dot ("11:12.2026", "11.12:2026"); never a time ("10:30")
COLON_FOR_DOT = re.compile(r"(?<![\d.:])\d{1,2}(?::\d{1,2}\.|\.\d{1,2}:)(?:19|20)?\d{2}(?![\d.:])")
COLON_STRENGTH = 0.7  # as a comma for a dot: one engine's reading alone stays under the review threshold
LOST_SEPARATOR = re.compile(r"(?<![\d.,/-])(\d{2})([./])(\d{2})\s((?:19|20)\d{2})(?![\d.,/-])")
LOST_SEPARATOR_STRENGTH = 0.9


def _numeric_match(m: re.Match[str], loc: DocLocale) -> tuple[date, float] | None:
    a, sep1, b, sep2, c = m.groups()
    comma = 0.7 if "," in (sep1, sep2) else 1.0  # "27,08.2026": a comma is an OCR'd dot here
    if len(a) == 4:
        built = _safe_date(int(a), int(b), int(c))
        return (built, comma) if built and len(c) <= 2 else None
    first, second, year = int(a), int(b), _year(c)
    order = loc.date_order if loc.date_order != "ymd" else "dmy"
    dotted = _dotted(sep1, sep2)
    if dotted and loc.guessed:  # "04.12.2026": dots are day-first usage (fr, de, en-GB, DIN 5008), never the US's
        order = "dmy"
    if first > 12 >= second:
        order = "dmy"
    elif second > 12 >= first:
        order = "mdy"
    ambiguous = first <= 12 and second <= 12 and first != second
    day, month = (first, second) if order == "dmy" else (second, first)
    built = _safe_date(year, month, day)
    if built is None:
        return None
    strength = AMBIGUOUS if (ambiguous and loc.guessed and not (dotted and loc.dots_day_first)) else 1.0
    if len(c) == 2 and len(a) == 2 and (year_first := _year_first(int(a), second, int(c), built)) is not None:
        return year_first, AMBIGUOUS * comma
    return built, strength * comma


def _dotted(sep1: str, sep2: str) -> bool:
    """A date written with dots ("04.12.2026"; OCR may read one dot as a comma), not slashes or hyphens."""
    return {sep1, sep2} <= {".", ","} and "." in (sep1, sep2)


def date_unsettled(text: str, loc: DocLocale) -> date | None:
    """The date of the first numeric date in ``text`` when its day and month could be read either way and
    nothing settled which (``loc`` guessed; a dotted date in a day-first-only language is settled): the
    reading ``parse_date`` gives; None otherwise (a settled order, a day over 12, a date with a month name)."""
    m = NUMERIC_DATE.search(fold(text))
    if m is None or not loc.guessed or len(m.group(1)) == 4:
        return None
    a, sep1, b, sep2, _ = m.groups()
    first, second = int(a), int(b)
    if not (first <= 12 and second <= 12 and first != second) or (_dotted(sep1, sep2) and loc.dots_day_first):
        return None
    found = _numeric_match(m, loc)
    return found[0] if found else None


YEAR_NEAR = 1  # years from today's: a two-digit year read further off, with its first number a year this near


def _year_first(first: int, second: int, third: int, read: date) -> date | None:
    """The year-first reading of a date typed with a two-digit year ("26.12.03" in a year-first habit: 3 December
    2026) when the day-first or month-first reading lands years off today (26 December 2003) and it lands in
    the years around today: a wrong year is never read; it waits (``AMBIGUOUS``), the plausible date shown."""
    today = date.today().year
    if abs(read.year - today) <= YEAR_NEAR or abs(2000 + first - today) > YEAR_NEAR:
        return None
    return _safe_date(2000 + first, second, third)


def settle_date_order(text: str, loc: DocLocale) -> DocLocale:
    """A guessed locale settled by the document's own unambiguous dates: a 13/12/2026 elsewhere in
    it means day first, a 12/13/2026 month first. A locale that was not guessed is kept."""
    if not loc.guessed:
        return loc
    orders = set()
    for m in NUMERIC_DATE.finditer(text):
        a, _s1, b, _s2, _c = m.groups()
        if len(a) == 4:
            continue
        first, second = int(a), int(b)
        if first > 12 >= second >= 1:
            orders.add("dmy")
        elif second > 12 >= first >= 1:
            orders.add("mdy")
    if len(orders) == 1:
        return DocLocale(loc.decimal, loc.thousands, orders.pop())
    return loc


# Dates typed without a year: "Dec 9", "December 9th", "9 Dec", "10th December", "9. Dezember",
# "le 14 décembre", "9/12", "15.12." (a slash, or German day and month each closed by a full stop).
DAY_MONTH = re.compile(r"(?<![\w.,/-])(\d{1,2})(?:st|nd|rd|th|er|eme|e)?\.?\s*(?:de\s+|of\s+)?([a-z]{3,10})\b\.?")
MONTH_DAY = re.compile(r"\b([a-z]{3,10})\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b(?![.,/:]?\d)")
DAY_SLASH_MONTH = re.compile(r"(?<![\d/.,-])(\d{1,2})(?:/(\d{1,2})(?![\d/]|[.-]\d)|\.(\d{1,2})\.(?!\d))")


@dataclass(frozen=True)
class DateHit:
    """A date found in a text: where (in the folded text), its value and strength, and whether the
    year was typed or taken from the anchor date."""

    start: int
    end: int
    value: date
    strength: float
    year_typed: bool = True


def written_in_words(text: str) -> bool:
    """A date's text names its month in letters ("4 December 2026", "4. Dez. 2026", "11-Jun-2026"): its day and
    month can never be read the other way round."""
    words = re.findall(r"[^\W\d_]{3,}", fold(text).lower())
    return any(w in MONTHS or w in _OCR_MONTHS or w[:3] in MONTHS and len(w) <= 10 and w[:4] in MONTHS
               for w in words)


def date_hits(text: str, loc: DocLocale, anchor: date | None = None, forward: bool = True) -> list[DateHit]:
    """Every date in ``text`` (read folded, positions in the folded text), left to right, without overlaps:
    dates with a year, and with an ``anchor`` those typed without one, in that year the next occurrence
    on or after the anchor (``forward``: a delivery date after the order date) or the latest on or before
    it (an order date before the e-mail's date). Day/month order of "9/12" as for full dates: the locale's,
    settled when one number is over 12; ambiguous in a guessed locale -> strength ``AMBIGUOUS``."""
    folded = fold(text)
    hits: list[DateHit] = []
    for pattern, order in _NAMED_SHAPES:
        hits += [DateHit(m.start(), m.end(), *found) for m in pattern.finditer(folded)
                 if (found := _named_match(m, order))]
    hits += [DateHit(m.start(), m.end(), *found) for m in NUMERIC_DATE.finditer(folded)
             if (found := _numeric_match(m, loc))]
    kept = _without_overlaps(hits, [])
    if anchor is not None:  # a year-less reading only where no date with its year was found
        kept = _without_overlaps(_yearless_hits(folded, loc, anchor, forward), kept)
    return sorted(kept, key=lambda h: h.start)


def _without_overlaps(hits: list[DateHit], kept: list[DateHit]) -> list[DateHit]:
    out = list(kept)
    for hit in sorted(hits, key=lambda h: (h.start, -h.end)):
        if all(hit.end <= k.start or hit.start >= k.end for k in out):
            out.append(hit)
    return out


def _yearless_hits(folded: str, loc: DocLocale, anchor: date, forward: bool) -> list[DateHit]:
    out = []
    for pattern, order in ((DAY_MONTH, "dmy"), (MONTH_DAY, "mdy")):
        for m in pattern.finditer(folded):
            day, word = (m.group(1), m.group(2)) if order == "dmy" else (m.group(2), m.group(1))
            month = MONTHS.get(word)
            if month and (built := _in_year_of(anchor, month, int(day), forward)):
                out.append(DateHit(m.start(), m.end(), built, 1.0, False))
    for m in DAY_SLASH_MONTH.finditer(folded):
        first, second = int(m.group(1)), int(m.group(2) or m.group(3))
        order = "dmy" if loc.date_order == "ymd" or m.group(3) else loc.date_order
        if first > 12 >= second:
            order = "dmy"
        elif second > 12 >= first:
            order = "mdy"
        day, month = (first, second) if order == "dmy" else (second, first)
        ambiguous = first <= 12 and second <= 12 and first != second and not m.group(3)
        if 1 <= month <= 12 and (built := _in_year_of(anchor, month, day, forward)):
            out.append(DateHit(m.start(), m.end(), built, AMBIGUOUS if ambiguous and loc.guessed else 1.0, False))
    return out


HALF_YEAR = 183  # days: a year-less date further than this on its side of the anchor is on the other side


def _in_year_of(anchor: date, month: int, day: int, forward: bool) -> date | None:
    """The day and month in the year that puts them next on or after ``anchor`` (``forward``), else
    latest on or before it; when that is more than half a year away, the nearest one on the other side
    (a delivery "2/12" typed on 4 December is a past date, which the checks hold, not one a year ahead)."""
    near = [d for y in (anchor.year - 1, anchor.year, anchor.year + 1) if (d := _safe_date(y, month, day))]
    side = [d for d in near if (d >= anchor if forward else d <= anchor)]
    best = min(side, key=lambda d: abs((d - anchor).days), default=None)
    if best is not None and abs((best - anchor).days) <= HALF_YEAR:
        return best
    other = [d for d in near if d not in side]
    return min(other, key=lambda d: abs((d - anchor).days), default=best)


def _year(text: str) -> int:
    value = int(text)
    return value + 2000 if value < 100 else value


def _safe_date(year: int, month: int, day: int) -> date | None:
    if not (1900 <= year <= 2200):
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None
