"""A letter's own date as its order date: "Nantes, le 7 décembre 2026", "Berlin, 3. Dezember 2026",
or a date standing alone on its line ("December 3, 2026" at the top right of a letter).

Both are weaker than any labelled order date ("Order date", "Bestelldatum"); the lone date counts
only on page 1, as the only phrase of its row, with nothing over it in its column (a value under a
label "Delivery date" is that label's), and never when the same words are another field's value.
"""

from __future__ import annotations

import re
from datetime import date

from extractors.locale_values import MONTHS, DocLocale, fold, parse_date
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
        if scanned:
            phrase = _without_specks(phrase)  # ". Bordeaux, 02/07/2026": a speck of the fax before the place
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
        if not date_alone(phrase.text):
            continue  # "Printed 12/7/2026", "Quote 11/20/2026": a date with a word of what it is, not the order's
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


_WEEKDAYS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue",
                       "wed", "thu", "fri", "sat", "sun", "montag", "dienstag", "mittwoch", "donnerstag", "freitag",
                       "samstag", "sonntag", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"})
_DATE_GLUE = frozenset({"of", "the", "le", "den", "am", "der", "st", "nd", "rd", "th", "er", "eme", "de",
                        # the order's own date after its number: "Bestellung Nr. 2026/1187" / "vom 11.12.2026"
                        "vom", "du", "dated", "datiert", "en", "date"})


def date_alone(text: str) -> bool:
    """The text is a date and nothing else: digits, month and weekday names, ordinals and their small words
    ("12/3/2026", "December 4, 2026", "Monday 4th of December 2026", "4. Dezember 2026"); no word saying what the
    date is ("Printed 12/7/2026", "Quote 11/20/2026", "Rev. 3 12/1/2026")."""
    for word in re.findall(r"[^\W\d_]+", fold(text).lower()):
        if word not in MONTHS and word not in _WEEKDAYS and word not in _DATE_GLUE:
            return False
    return True


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
    number = rows[i - 1]
    if number.page != rows[i].page or rows[i].y0 - number.y1 > 1.2 * unit:
        return False
    # the title's row: the nearest row over the number with something over the date. A big title may share its row
    # with any line of the letterhead at the left (its name, its street), so the rows between it and the number may
    # hold nothing over the date (review revE D8)
    title = None
    for j in range(i - 2, -1, -1):
        if rows[j].page != rows[i].page or number.y0 - rows[j].y1 > 2.5 * unit:
            break
        if over(rows[j]):
            title = rows[j]
            break
    if title is None:
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


SPECK = re.compile(r"^[^\w\s]{1,2}$")  # a word of one or two marks, no letter or digit: ".", "‘", "',"
BULLETS = frozenset("-–—‒―•·‣◦▪▫■□●○►▶>*+~")  # a list item's mark: typed, never a speck of the fax
# a line naming another paper ("– Ihr Angebot A-77, 01.12.2026"): its date is that paper's, not the letter's
REFERENCE_WORDS = frozenset({"angebot", "angebots", "rechnung", "lieferschein", "auftrag", "bestellung", "ihr",
                             "ihre", "ihren", "ihrem", "ihrer", "offre", "devis", "facture", "commande", "votre",
                             "vos", "quote", "quotation", "offer", "invoice", "order", "your"})


def _without_specks(phrase: Phrase) -> Phrase:
    """``phrase`` without the specks an OCR'd page reads before its first word (a fax's noise read as "." or "‘").
    A typographic bullet or dash ("–", "•", "*", "-") is no speck: it marks a list item, and the phrase stays as
    read; nor is anything dropped before words naming another paper ("Ihr Angebot", "votre offre", "invoice")."""
    words = phrase.words
    while len(words) > 1 and SPECK.match(words[0].text) and not set(words[0].text) & BULLETS:
        words = words[1:]
    if words is phrase.words or {fold(w.text).strip(".,:;") for w in words} & REFERENCE_WORDS:
        return phrase
    return Phrase(words)


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
