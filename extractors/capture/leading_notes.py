"""Text printed above a text PDF's item table that is neither a header field nor the table's titles: a note.

A browser print, a Word form or an Excel sheet exported to PDF often carries its instruction beside or under the
letterhead, above the items ("Livraison par l'arrière, quai 3", "Bitte Anlieferung nur vormittags"). Only text
under the items reached the order's notes (``page_notes.trailing_notes``): such an order went out without its
instruction. ``leading_notes`` gives every phrase above the table's column titles on the table's first page, less
what is positively no note here: a phrase holding a header field's label or value the reader took (PO number,
dates, total), a label alone ("Adresse de livraison :"), the order's title, a supplier's or invoice block's
labelled line, and text with no word in it (a date, a number). The letterhead, the parties' addresses, the
greeting and the rest of the document's furniture are dropped on the way to the ERP
(``extractors.note_furniture``), only when positively furniture: whenever unsure, a text stays a note.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from extractors.locale_values import fold
from extractors.note_terms import said_dates
from extractors.capture.words import Phrase, Row, Word
from gateway.model import Box, ExtractedOrder

MAX_NOTES = 10
TITLE_PHRASES = 3  # the column titles' row prints at least this many phrases
# a label alone, its value elsewhere or absent: "Adresse de livraison :", "Ship to:", "Lieferanschrift"
_LABEL_ALONE = re.compile(r"^[^\W\d_][\w .'/-]{0,40}:\s*$")
# a block of a party other than the delivery place, labelled: the supplier, the invoice address
_OTHER_PARTY = re.compile(r"^\W*(?:fournisseur|lieferant|supplier|vendor|bill\s+to|invoice\s+(?:to|address)"
                          r"|rechnungs(?:adresse|anschrift)|adresse\s+de\s+facturation|factur(?:er|ation)\s+a)\b")
# a letterhead's or address block's line, whole: a street with its number, a postcode with its place, a company
# with its legal form, a contact line ("500 Commerce Dr", "Industriestr. 5", "3 quai Sud", "69003 Lyon",
# "Boston, MA 02110", "Keller Bürobedarf GmbH", "Tel. +49 711 ..."); "quai 3" (a number after its place) is none
_STREET = re.compile(r"^(?:\d{1,5}[a-z]?(?:\s*(?:bis|ter))?,?\s+(?:[^\W\d_][\w'.-]*\s+){0,4}?(?:st|street|rd|road|dr|drive"
                     r"|ave|avenue|blvd|boulevard|lane|ln|way|ct|court|place|pl|hwy|highway|wharf|row|square|sq|terrace"
                     r"|rue|av|allee|impasse|chemin|bd|quai|route|cours|place|passage|square|parvis)\b\.?(?:\s+[^\W\d_][\w'.-]*){0,4}"
                     r"|[^\W\d_][\w.-]*(?:str\.?|strasse|weg|allee|platz|ring|gasse|damm|ufer|chaussee|markt|stadt)"
                     r"\s*\d{1,4}[a-z]?(?:\s*[-/]\s*\d{1,4})?|(?:am|an\s+der|im|in\s+der|auf\s+der|zum|zur)\s+[^\W\d_][\w.-]*"
                     r"\s+\d{1,4}[a-z]?|(?:place|rue|avenue|allee|impasse|chemin|boulevard|quai|cours)\s+(?:de\s+la\s+|de\s+l'|du\s+"
                     r"|des\s+|de\s+)?[^\W\d_][\w'.-]*(?:\s+[^\W\d_][\w'.-]*){0,3}(?:\s+\d{1,4})?)\W*$")
_POSTCODE = re.compile(r"^(?:(?:[a-z]{1,2}-)?\d{4,5}\s+[^\W\d_][\w' .-]*|[^\W\d_][\w' .-]*,?\s+[a-z]{2}\s+\d{5}(?:-\d{4})?"
                       r"|[a-z]{1,2}\d[a-z\d]?\s*\d[a-z]{2}(?:\s+[^\W\d_][\w' .-]*)?|[^\W\d_][\w' .-]*\s+[a-z]{1,2}\d[a-z\d]?"
                       r"\s*\d[a-z]{2}|[^\W\d_][\w' .-]*\s+\d{4,5})\W*$")
_COMPANY = re.compile(r"[\s,]+(?:gmbh(?:\s*&\s*co\.?\s*kg)?|kg|ag|ohg|ug|eg|e\.\s?k\.|sarl|sas|sa|eurl|snc|ltd\.?|limited"
                      r"|inc\.?|llc|plc|corp\.?|co\.?|nv|bv|srl|spa)\W*$")
_CONTACT = re.compile(r"^(?:tel|telefon|phone|fax|telefax|e-?mail|mail|web|www|internet)\b|^\S+@\S+$|^(?:https?://|www\.)\S+$")
_ASKED = re.compile(r"\b(?:please|bitte|merci|veuillez|svp|deliver\w*|liefer\w*|anliefer\w*|livr\w*|only|nur|uniquement"
                    r"|seulement|not|nicht|pas|before|vor|avant|after|nach|apres|until|bis|jusqu\w*|call|anrufen|appeler)\b")
_TITLE = re.compile(r"^\W*(?:purchase\s+order|order|bestellung|auftrag|bon\s+de\s+commande|commande)\W*$")
_WORD = re.compile(r"[^\W\d_]{2,}")

LabelSpans = Callable[[Sequence[Word]], list[tuple[int, int]]]


def leading_notes(rows: list[Row], order: ExtractedOrder, labels: LabelSpans) -> list[str]:
    """The phrases above the item table's titles that are notes (see the module); ``labels``: where the words hold
    a header field's label (start, end)."""
    top = _table_top(rows, order)
    if top is None:
        return []
    page, y = top
    fields = [b for b in order.boxes.values() if b.page == page]
    out: list[str] = []
    for row in rows:
        if row.page > page or (row.page == page and row.y1 > y):
            break
        for phrase in row.phrases:
            text = phrase.text.strip()
            if _kept(text, phrase, fields, labels) and text not in out:
                out.append(text[:200])
    return out[:MAX_NOTES]


def _table_top(rows: list[Row], order: ExtractedOrder) -> tuple[int, float] | None:
    """Where the table starts: the top of its column titles' row (the nearest row of several phrases above the
    first item), or of the first item when none is found."""
    starts = [(b.page, b.y) for line in order.lines for b in line.boxes.values()]
    if not starts:
        return None
    page, first = min(starts)
    above = [r for r in rows if r.page == page and r.y1 <= first + 1]
    titles = next((r for r in reversed(above) if len(r.phrases) >= TITLE_PHRASES and r.y1 <= first + 1), None)
    y = titles.y0 if titles is not None else first
    return page, y - 1


def _kept(text: str, phrase: Phrase, fields: list[Box], labels: LabelSpans) -> bool:
    folded = fold(text).replace("ß", "ss").lower().strip()
    if not _WORD.search(text) or _TITLE.match(folded) or _LABEL_ALONE.match(text) or _OTHER_PARTY.match(folded):
        return False
    if _letterhead(folded):
        return False
    spans = labels(phrase.words)
    if spans or any(_overlaps(phrase, b) for b in fields):
        # a header field's label or value ("N° de commande : BC-26-03570", "Datum: 06.12.2026"): read into the order,
        # unless words are left beside them ("Bitte Anlieferung nur vormittags": "Anlieferung" is a label's word)
        rest = " ".join(w.text for i, w in enumerate(phrase.words) if not any(a <= i < b for a, b in spans))
        return _says_more(fold(rest).replace("ß", "ss").lower())
    return _says_more(folded)


def _letterhead(folded: str) -> bool:
    """A street, a postcode and place, a company with its legal form or a contact line, whole, asking nothing."""
    return not _ASKED.search(folded) and bool(_STREET.match(folded) or _POSTCODE.match(folded)
                                                or _COMPANY.search(folded) or _CONTACT.match(folded))


def _says_more(folded: str) -> bool:
    """Words beside the dates and the numbers or codes: "12/03/2026", "3 décembre 2026", "4500012345" say none."""
    for start, end, _days in sorted(said_dates(folded), reverse=True):
        folded = folded[:start] + " " + folded[end:]
    tokens = [t for t in folded.split() if not any(c.isdigit() for c in t)]
    return bool(_WORD.search(re.sub(r"\b(?:le|den|am|the|of|de|du|on|vom)\b", " ", " ".join(tokens))))


def _overlaps(phrase: Phrase, box: Box) -> bool:
    return phrase.x0 < box.x + box.w and box.x < phrase.x1 and phrase.y0 < box.y + box.h and box.y < phrase.y1
