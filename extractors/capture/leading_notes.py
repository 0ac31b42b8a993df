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
BLOCK_LINES = 5  # an other party's block under its label: name, street, place, country and one more
BLOCK_SLACK = 6.0  # points: the block's lines start where its label does
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
                       r"\s*\d[a-z]{2})\W*$")  # no "words + 4-5 digits": "Torcode 2580", "Digicode 4589" are instructions
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
    block: list[float] = []  # where an other party's block, labelled, started: its lines under it are its own
    for row in rows:
        if row.page > page or (row.page == page and row.y1 > y):
            break
        for phrase in row.phrases:
            text = phrase.text.strip()
            if _in_block(text, phrase, block):
                continue
            if _kept(text, phrase, fields, labels, order) and text not in out:
                out.append(text[:200])
    return out[:MAX_NOTES]


def _in_block(text: str, phrase: Phrase, block: list[float]) -> bool:
    """The phrase opens a supplier's or invoice block by its label ("Vendor address:"), or is one of that block's
    next lines, in its column and asking nothing ("Unit 4 Kestrel Park"): the other party's address, no note."""
    folded = " ".join(fold(text).replace("ß", "ss").lower().split())
    if _OTHER_PARTY.match(folded):
        block[:] = [phrase.x0, float(BLOCK_LINES)]
        return False
    if not block or block[1] <= 0 or abs(phrase.x0 - block[0]) > BLOCK_SLACK or _ASKED.search(folded):
        return False
    block[1] -= 1
    return True


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


def _kept(text: str, phrase: Phrase, fields: list[Box], labels: LabelSpans, order: ExtractedOrder) -> bool:
    po = order.po_number or ""
    folded = " ".join(fold(text).replace("ß", "ss").lower().split())
    if not _WORD.search(text) or _TITLE.match(folded) or _LABELS_ALONE.match(text) or _OTHER_PARTY.match(folded):
        return False
    if _letterhead(folded) or _titled(folded) or _person(text) or _names_this_order(folded, po):
        return False
    tokens = text.split()
    spans = labels(tokens)
    taken = any(_overlaps(phrase, b) for b in fields)
    if (field := _FIELD_LINE.match(folded)) is not None and (taken or _taken_value(field["value"], order)):
        return _says_more(field["value"])  # "Account # C5101", "Buyer: orders@...": a label and its value read
    if field is not None:
        return _WORD.search(field["label"]) is not None and not _unread_field(field, spans)
    if spans or taken:
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
def _taken_value(value: str, order: ExtractedOrder) -> bool:
    """The value is one a field of the order took: its PO number, a reference, a party's id, name or contact."""
    days = {d for _s, _e, found in said_dates(value) for d in found}
    if days & {order.order_date, order.requested_delivery_date}:
        return True  # "Need by: Thursday, January 7, 2027"
    key = re.sub(r"[\W_]", "", value)
    if len(key) < 3:
        return False
    taken = [order.po_number, *order.references.values(),
             *(v for party in order.parties for v in (*party.ids.values(), party.name, party.contact))]
    return any(key == re.sub(r"[\W_]", "", fold(str(t)).replace("ß", "ss").lower()) for t in taken if t)


def _unread_field(field: re.Match[str], spans: list[tuple[int, int]]) -> bool:
    """A header field's label whose value the reader did not take, the value a number, a code or a date with no
    word beside: "Kunden-Nr.: 4711", "Account # C5101" (a form's label, or a label the header reader knows word for
    word, ``spans``); an instruction's label ("Digicode : 4589B", "Warenannahme: 7-12", "Loading bay: 6",
    "Delivery window: 07:00 - 09:00") is none of them."""
    label = field["label"].split()
    covered = {i for a, b in spans for i in range(a, b)}
    known = field["label"].strip(" .:#") in _FORM_LABELS or all(i in covered for i in range(len(label))) \
        or _REFERENCE.search(field["label"]) is not None
    return known and not _says_more(field["value"])


# a reference to another document: "Suivant votre offre n° OF-2026-118", "Angebot Nr. 4711", "Quote #Q-88"
_REFERENCE = re.compile(r"\b(?:offre|devis|contrat|offer|quote|quotation|contract|angebot|vertrag|reference|ref|referenz)\b")
# a letterhead's slogan with its founding year: "Fournitures de bureau depuis 1952", "Seit 1898", "Since 1975"
_SINCE = re.compile(r"\b(?:depuis|seit|since|fondee?\s+en|gegrundet|founded|est\.?)\s+(?:18|19|20)\d{2}\W*$")
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
    return not _ASKED.search(folded) and bool(_STREET.match(folded) or _POSTCODE.match(folded) or _SINCE.search(folded)
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
