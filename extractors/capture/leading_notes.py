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
from extractors.note_furniture import instruction_word
from extractors.note_terms import said_dates
from extractors.capture.layout_spec import NOT_ORDER_TITLES, ORDER_TITLES
from extractors.capture.words import Phrase, Row
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
                     r"|des\s+|de\s+)[^\W\d_][\w'.-]*(?:\s+[^\W\d_][\w'.-]*){0,3}(?:\s+\d{1,4})?)\W*$")
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

LabelSpans = Callable[[Sequence[str]], list[tuple[int, int]]]


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
            if _kept(text, phrase, fields, labels, order.po_number or "") and text not in out:
                out.append(text[:200])
    return out[:MAX_NOTES]


def _table_top(rows: list[Row], order: ExtractedOrder) -> tuple[int, float] | None:
    """Where the table starts: the top of its column titles (the nearest row of several phrases above the first
    item, with the rows of short titles right above it: titles wrapped or in two tiers, "Unit of" / "Measure"), or
    of the first item when none is found."""
    starts = [(b.page, b.y) for line in order.lines for b in line.boxes.values()]
    if not starts:
        return None
    page, first = min(starts)
    above = [r for r in rows if r.page == page and r.y1 <= first + 1]
    k = next((k for k in range(len(above) - 1, -1, -1) if len(above[k].phrases) >= TITLE_PHRASES), None)
    if k is None:
        return page, first - 1
    while k > 0 and _title_tier(above[k - 1], above[k]):
        k -= 1
    return page, above[k].y0 - 1


def _title_tier(row: Row, below: Row) -> bool:
    """``row`` is an upper line of the column titles: right above them, every phrase a short title (three words at
    most, no label's colon, no digit)."""
    height = max(below.y1 - below.y0, 1.0)
    return below.y0 - row.y1 <= 1.6 * height and all(
        len(p.text.split()) <= 3 and ":" not in p.text and not any(c.isdigit() for c in p.text) for p in row.phrases)


def _kept(text: str, phrase: Phrase, fields: list[Box], labels: LabelSpans, po: str) -> bool:
    folded = " ".join(fold(text).replace("ß", "ss").lower().split())
    if not _WORD.search(text) or _TITLE.match(folded) or _LABELS_ALONE.match(text) or _OTHER_PARTY.match(folded):
        return False
    if _letterhead(folded) or _titled(folded) or _person(text) or _names_this_order(folded, po):
        return False
    if (field := _FIELD_LINE.match(folded)) is not None:
        return _says_more(field["value"])  # "Account # C5101", "Buyer: orders@...": a label and its value
    tokens = text.split()
    spans = labels(tokens)
    if spans or any(_overlaps(phrase, b) for b in fields) or _FIELD_LINE.match(folded):
        # a header field's label or value ("N° de commande : BC-26-03570", "Datum: 06.12.2026", "Account # C5101"):
        # read into the order, unless words are left beside them ("Bitte Anlieferung nur vormittags": "Anlieferung"
        # is a label's word)
        rest = " ".join(t for i, t in enumerate(tokens) if not any(a <= i < b for a, b in spans))
        rest = _FIELD_LINE.sub(r"\g<value>", " ".join(fold(rest).replace("ß", "ss").lower().split()))
        return _says_more(rest)
    return _says_more(folded)


# a label and a number, a code or a date: "Account # C5101", "Kunden-Nr.: 4711", "Need by: Thursday, January 7, 2027"
# (a place's number is an instruction: "Tor: 4", "Dock: 4")
_PLACES = (r"tor|rampe|dock|gate|bay|door|quai|porte|halle|hall|lager|entrance|eingang|entree|building|gebaude"
           r"|batiment|floor|etage|stock|unit|zone|bureau|office|buro|raum|room|salle")
_FIELD_LINE = re.compile(r"^(?!(?:" + _PLACES + r")\b)(?P<label>[^\W\d_][\w.'/-]*(?:\s+[^\W\d_][\w.'/-]*){0,3})\s*(?::|#|n[°o]\.?)"
                         r"\s*(?P<value>.*)$")
# labels alone, one or more, their values elsewhere: "Adresse de livraison :", "Purchase Representative: Order Date:"
_LABELS_ALONE = re.compile(r"^(?:\s*[^\W\d_][\w .'/()-]{0,40}:)+\s*$")
# a form's label printed alone, its value beside or under it (a key-value block): no note
_FORM_LABELS = frozenset((
    "ship to", "deliver to", "delivery address", "delivery details", "delivery instructions", "invoice to", "bill to",
    "billing", "shipping", "ship via", "payment terms", "terms", "reference", "telephone", "phone", "attention",
    "company", "requested by", "ordered by", "purchaser", "buyer", "contact", "account", "currency", "incoterms",
    "vendor", "supplier", "customer", "customer no", "customer number", "cost centre", "cost center", "department",
    "lieferanschrift", "lieferadresse", "rechnungsanschrift", "rechnungsadresse", "besteller", "ansprechpartner",
    "kundennummer", "kunden-nr", "kostenstelle", "zahlungsbedingungen", "lieferbedingungen", "versandart", "telefon",
    "abteilung", "referenz", "adresse de livraison", "adresse de facturation", "livraison", "facturation",
    "reference", "contact", "interlocuteur", "conditions de paiement", "mode de livraison", "service", "telephone",
    "demandeur", "acheteur", "centre de cout", "details de livraison", "instructions de livraison"))
_COUNTRIES = frozenset(("gb", "uk", "united kingdom", "england", "ireland", "france", "deutschland", "germany",
                        "belgique", "belgium", "belgien", "schweiz", "suisse", "switzerland", "osterreich", "austria",
                        "usa", "united states", "us", "nederland", "netherlands", "luxembourg", "espana", "italia"))
# a page's or a section's title: "Order Form", "Order confirmation", "Récapitulatif de la commande", "Your items"
_TITLES = frozenset((*ORDER_TITLES, *(t for ts in NOT_ORDER_TITLES.values() for t in ts), "your items",
                     "order confirmed", "vos articles", "ihre artikel", "original", "copy", "kopie", "copie", "purchase",
                     "order details", "items", "articles", "artikel", "positionen"))
_TITLE_KEYS = frozenset(re.sub(r"[\W_]", "", fold(t).lower()) for t in _TITLES)
_ORDER_WORDS = frozenset(("order", "purchase", "po", "p.o.", "no", "no.", "nr", "nr.", "number", "n°", "#", "bestellung",
                          "bestell-nr", "bestell-nr.", "auftrag", "commande", "bon", "de", "d'achat", "achat", "objet", "betreff",
                          "subject", "re", "ref", "ref.", "rev", "our", "your", "unsere", "ihre", "notre", "votre", "fournisseur",
                          "details", "du", "vom", "dated", "of", "-", ":", ",", "·", "—", "–"))
_PERSON = re.compile(r"^(?:(?i:hr|fr|herr|frau|mr|mrs|ms|dr|m|mme)\.?\s+(?:[A-ZÀ-Ý]\.\s?)?[A-ZÀ-Ý][a-zà-ÿ'-]+"
                     r"|(?:[A-ZÀ-Ý]\.\s?){1,2}[A-ZÀ-Ý][a-zà-ÿ'-]+|[A-ZÀ-Ý][a-zà-ÿ'-]+\s+[A-ZÀ-Ý][a-zà-ÿ'-]+)"
                     r"(?:,\s*[A-Za-zÀ-ÿ ]{2,30})?$")


def _titled(folded: str) -> bool:
    """A form's label alone, a title, a country: "Ship To", "Kundennummer", "Order confirmation", "France"."""
    bare = folded.strip(" :.-")
    key = re.sub(r"[\W_]", "", bare)
    return bare in _FORM_LABELS or key in _TITLE_KEYS or bare in _COUNTRIES


def _person(text: str) -> bool:
    """A person's name alone, perhaps with a job title after a comma ("J. Carter", "Hr. Krause", "S. Patel, Practice
    Manager"): a buyer or contact in the header, no instruction."""
    if not _PERSON.match(text.strip()) or _ASKED.search(fold(text).lower()):
        return False
    words = re.findall(r"[^\W\d_]{2,}", fold(text).replace("ß", "ss").lower())
    return not any(instruction_word(w) or w in _SITE_WORDS for w in words)


_SITE_WORDS = frozenset(("reserve", "depot", "stores", "quai", "porte", "entree", "arriere", "fragile", "urgent", "matin"))


def _names_this_order(folded: str, po: str) -> bool:
    """The phrase names this order by its number and says nothing else: "Purchase Order PO 880771", "Order 1104471,
    Rev 0", "Objet : Commande CMD 26/775"."""
    key = re.sub(r"[\W_]", "", po.lower())
    if len(key) < 3 or key not in re.sub(r"[\W_]", "", folded):
        return False
    rest = folded
    for start, end, _days in sorted(said_dates(rest), reverse=True):
        rest = rest[:start] + " " + rest[end:]
    return all(t in _ORDER_WORDS or any(c.isdigit() for c in t) or re.sub(r"[\W_]", "", t) in key
               for t in rest.split())


def _letterhead(folded: str) -> bool:
    """A street, a postcode and place, a company with its legal form or a contact line, whole, asking nothing."""
    return not _ASKED.search(folded) and bool(_STREET.match(folded) or _POSTCODE.match(folded)
                                                or _COMPANY.search(folded) or _CONTACT.match(folded))


def _says_more(folded: str) -> bool:
    """Words beside the dates and the numbers or codes: "12/03/2026", "3 décembre 2026", "4500012345" say none."""
    for start, end, _days in sorted(said_dates(folded), reverse=True):
        folded = folded[:start] + " " + folded[end:]
    tokens = [t for t in folded.split() if not any(c.isdigit() for c in t) and not _ADDRESSING.match(t)]
    return bool(_WORD.search(_FILLER.sub(" ", " ".join(tokens))))


_ADDRESSING = re.compile(r"^\S+@\S+$|^(?:https?://|www\.)\S+$")
# what a date says beside its digits: its weekday, a linking word
_FILLER = re.compile(r"\b(?:le|den|am|the|of|de|du|on|vom|au|bis|to|monday|tuesday|wednesday|thursday|friday|saturday"
                     r"|sunday|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|lundi|mardi|mercredi|jeudi"
                     r"|vendredi|samedi|dimanche|mon|tue|wed|thu|fri|sat|sun|mo|di|mi|do|fr|sa|so)\b")


def _overlaps(phrase: Phrase, box: Box) -> bool:
    return phrase.x0 < box.x + box.w and box.x < phrase.x1 and phrase.y0 < box.y + box.h and box.y < phrase.y1
