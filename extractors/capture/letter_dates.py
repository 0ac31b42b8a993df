"""A letter's own date as its order date: "Nantes, le 7 décembre 2026", "Berlin, 3. Dezember 2026",
or a date standing alone on its line ("December 3, 2026" at the top right of a letter).

Both are weaker than any labelled order date ("Order date", "Bestelldatum"); the lone date counts
only on page 1, as the only phrase of its row, with nothing over it in its column (a value under a
label "Delivery date" is that label's), and never when the same words are another field's value.
"""

from __future__ import annotations

import re
from datetime import date

from extractors.locale_values import DocLocale, parse_date
from extractors.capture.words import Phrase, Row, Word

PLACE_DATE = re.compile(r"^[A-ZÀ-Ý][\w'’. -]{1,40},\s+(?:le\s+|den\s+|am\s+|the\s+)?(?P<date>\S.{5,30})$")
LONE = 0.95  # a date alone on its line, weighed against a place and date phrase
MAX_LONE_WORDS = 5
CLEAR_ABOVE = 2.6  # word heights over a lone date where no phrase of its column may be


def place_date(row: Row, loc: DocLocale) -> tuple[date, float, tuple[Word, ...]] | None:
    """The date of a place and date phrase of ``row`` ("Lyon, le 3 décembre 2026"), its parse
    strength and its words, or None."""
    scanned = any(w.conf < 1.0 for w in row.words)  # a text layer's words part no phrase by a wide space
    for phrase in (*row.phrases, *(_typed_runs(row) if scanned else ())):
        m = PLACE_DATE.match(phrase.text)
        if not m:
            continue
        words = _words_of(phrase.words, len(phrase.text[:m.start("date")].split()))
        parsed = parse_date(m.group("date"), loc) if words else None
        if parsed:
            return parsed[0], parsed[1], words
    return None


def lone_date(rows: list[Row], i: int, loc: DocLocale) -> tuple[date, float, tuple[Word, ...]] | None:
    """The date that is a phrase of its own on row ``i``, written with its month's name or in full digits,
    with no label over it in its column (not a value under its label), or None. The row may hold other
    phrases far from it (a letterhead's address line beside an ERP print's title block: "Purchase Order" /
    "#PO-4471" / "12/3/2026"), none of them a label before it or a value of a table row."""
    row = rows[i]
    if row.page != 1:
        return None
    runs = _typed_runs(row)
    if len(runs) == 1 and len(row.phrases) > 1 and len(runs[0].words) == len(row.words):
        row = Row(row.page, row.words, runs, row.cells)  # "November  12,  2026" typed: one phrase
    for n, phrase in enumerate(row.phrases):
        if len(phrase.words) > MAX_LONE_WORDS or not any(c.isdigit() for c in phrase.text) or ":" in phrase.text:
            continue
        parsed = parse_date(phrase.text.strip(" ."), loc)
        if parsed is None:
            continue
        unit = max(w.height for w in phrase.words)
        others = [p for m, p in enumerate(row.phrases) if m != n]
        if others and not _apart(phrase, others, unit, _under_title(rows, i, phrase, unit)):
            return None
        for above in reversed(rows[:i]):
            if above.page != row.page or row.y0 - above.y1 > CLEAR_ABOVE * unit:
                break
            if any(p.x0 < phrase.x1 and p.x1 > phrase.x0 and _label_like(p.text) and not _title(p.text)
                   for p in above.phrases):
                return None
        return parsed[0], parsed[1] * LONE, phrase.words
    return None


def _apart(phrase, others, unit: float, titled: bool = False) -> bool:
    """The other phrases of a lone date's row are another block's: far from it, none a label before it
    ("Date", "Datum:") and none a number standing alone (a table row's quantity or amount). ``titled``: the date
    is stacked under the document's title and its number; a phrase of words far left of it, with no colon, is
    then a line of the letterhead's address beside the title block ("United States"), no label of the date."""
    for p in others:
        gap = phrase.x0 - p.x1 if p.x1 <= phrase.x0 else p.x0 - phrase.x1
        far_words = titled and gap >= FAR_LEFT * unit and not p.text.rstrip().endswith(":")
        if gap < 4 * unit or _NUMBER.match(p.text.strip()) or (p.x1 <= phrase.x0 and _label_like(p.text)
                                                                and len(p.text.split()) <= 3 and not far_words):
            return False
    return True


FAR_LEFT = 12  # word heights between an address line and a title block's date right of it


def _under_title(rows: list[Row], i: int, phrase: Phrase, unit: float) -> bool:
    """The date ``phrase`` of row ``i`` closes a title block stacked at the top right of an ERP print: the row
    right over it holds, over the date, one word with a digit and no letters but its prefix's (the order's number
    "#PO-26-01873", "No. 4471"), and the row over that the document's title ("Purchase Order"); each a line apart
    and nothing else over the date."""
    def over(row: Row) -> list[Phrase]:
        return [p for p in row.phrases if p.x0 < phrase.x1 + unit and p.x1 > phrase.x0 - unit]
    if i < 2:
        return False
    number, title = rows[i - 1], rows[i - 2]
    if any(r.page != rows[i].page for r in (number, title)) or rows[i].y0 - number.y1 > 1.2 * unit \
            or number.y0 - title.y1 > 1.2 * unit:
        return False
    num, tit = over(number), over(title)
    return (len(num) == 1 and len(num[0].words) <= 2 and any(c.isdigit() for c in num[0].words[-1].text)
            and len(tit) == 1 and _title(tit[0].text))


_NUMBER = re.compile(r"^[-+]?[\d.,'\u202f ]+\s*(?:€|\$|£|EUR|USD|GBP|CHF)?$")
_TITLES = ("purchase order", "bon de commande", "commande", "bestellung", "order", "commande d'achat",
           "commande fournisseur", "einkaufsbestellung", "auftrag")


def _title(text: str) -> bool:
    """A document's title over the date ("PURCHASE ORDER", "Bestellung"): no label of what is under it."""
    return text.strip(" :").lower() in _TITLES


def _label_like(text: str) -> bool:
    """A phrase that may be the label of what is under it ("Delivery date", "Liefertermin:"); an
    address or telephone line of a letterhead ("Tel +353 61 555 012", "Shannon V14 X2Y3") is not."""
    return text.rstrip().endswith(":") or not any(c.isdigit() for c in text)


def _words_of(words: tuple[Word, ...], skip: int) -> tuple[Word, ...]:
    return words[skip:]


TYPED_SPACE = 1.6  # word heights: a typewriter's or a wide font's space, read from a fax, split no phrase


def _typed_runs(row: Row) -> tuple[Phrase, ...]:
    """The phrases of ``row`` joined where a space at most a wide character's width parts them ("München,"
    / "4." / "Dezember" / "2026": a typed letter's date line faxed, each word a phrase of its own), only
    where that joins some."""
    runs: list[list[Word]] = []
    for phrase in row.phrases:
        if runs and phrase.x0 - runs[-1][-1].x1 <= TYPED_SPACE * max(max(w.height for w in phrase.words), 1.0):
            runs[-1].extend(phrase.words)
        else:
            runs.append(list(phrase.words))
    if len(runs) == len(row.phrases):
        return ()
    return tuple(Phrase(tuple(r)) for r in runs)
