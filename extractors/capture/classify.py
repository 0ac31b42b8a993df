"""What a captured document is (purchase order, invoice, receipt, quote...), which language it
is written in, and who sent it (e-mail addresses, fax numbers, VAT ids in the header zone).

Classification is keyword scoring in French, English, German and Dutch: a title on the upper
part of page 1 weighs most (more if printed large), a title at the top of a later page half as
much (a sheet exported to PDF prints the columns right of its table, title included, on page 2),
then the words that only one kind of document uses ("Invoice number", "Fälligkeitsdatum" against
"Liefertermin", "Ship to"). Bank details (IBAN, BIC) are in every German letterhead: no sign.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from statistics import median

from extractors.capture.labels import LabelIndex
from extractors.capture.layout_spec import (BILLING_LABELS, NOT_ORDER_TITLES, NOT_ORDER_WORDS, ORDER_TITLES, ORDER_WORDS,
                                            REQUEST_TITLES, SECTION_ORDER_TITLES, TERMS_TITLES)
from extractors.locale_values import fold
from extractors.own_company import OwnCompany
from extractors.capture.words import Phrase, Row

HEADER_ZONE = 0.35  # share of page 1 height searched for sender details
LATER_PAGE = 0.5  # weight of a title at the top of page 2 or later
CONFIRMATIONS = tuple(_w for _w in (("order", "confirmation"), ("confirmation", "de", "commande"),
                                     ("auftragsbestatigung",), ("bestellbestatigung",), ("orderbevestiging",)))
SINGLE_WORD_TITLES = frozenset({"order", "commande", "auftrag", "bestellung", "bestelling", "pedido", "ordine"})

STOPWORDS = {
    "fra": ("de", "la", "le", "les", "des", "du", "et", "pour", "commande", "livraison", "prix", "quantite",
            "facture", "montant", "date", "rue", "sas", "sarl", "tel", "tva", "designation", "reference"),
    "deu": ("und", "der", "die", "das", "mit", "fur", "bestellung", "menge", "preis", "lieferung", "rechnung",
            "betrag", "datum", "str", "gmbh", "nr", "bezeichnung", "einzelpreis", "gesamt", "von", "vom"),
    "eng": ("the", "and", "of", "for", "to", "order", "price", "quantity", "delivery", "invoice", "amount",
            "date", "total", "description", "unit", "ltd", "inc", "item", "no", "ship", "payment"),
    "nld": ("het", "een", "van", "en", "voor", "bestelling", "prijs", "levering", "factuur", "bedrag",
            "datum", "aantal", "omschrijving", "totaal", "btw", "klant", "uw", "wij"),
}
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# the number as written: "+49 89 1234 5678", "(089) 1234-5678" (an area code in brackets), "089 / 1234 5678"
# (a slash between area code and number, which tesseract may read as "|")
FAX = re.compile(r"(?:t[ée]l[ée]copie|telefax|fax(?:\s*no\.?)?|from)\s*[:.]?\s*(\+?\(?\d[\d ./()|-]{6,}\d)",
                 re.IGNORECASE)
VAT = re.compile(r"(?<![A-Z0-9])(FR[0-9A-Z]{2}\d{9}|DE\d{9}|GB\d{9}(?:\d{3})?|NL\d{9}B\d{2}|BE0?\d{9}|ATU\d{8}|"
                 r"IT\d{11}|ES[0-9A-Z]\d{7}[0-9A-Z]|LU\d{8}|CHE[-\s]?\d{3}\.?\d{3}\.?\d{3})(?!\d)")


@dataclass(frozen=True)
class Classification:
    doc_kind: str  # "order" | "invoice" | "other" | "unknown"
    scores: dict[str, float]
    title_rows: tuple[Row, ...]
    evidence: dict[str, tuple[str, ...]] = field(default_factory=dict)  # kind -> the titles and words that scored it
    terms: bool = False  # headed by terms and conditions with no order title ("other" for that alone)

    def confirms_an_order(self) -> bool:
        """Titled as an order confirmation ("Confirmation de commande"): a confirmation of an order,
        which a customer may forward as its order."""
        return any(_words(t)[:len(c)] == c for t in self.evidence.get("other", ()) for c in CONFIRMATIONS)

    def only_confirmation(self) -> bool:
        """Nothing but its order confirmation title says the document is no order (no quote, receipt
        or invoice word besides)."""
        others = self.evidence.get("other", ())
        return bool(others) and self.scores["invoice"] == 0 and all(
            any(_words(t)[:len(c)] == c for c in CONFIRMATIONS) for t in others)

    def asks_a_quote(self) -> str | None:
        """The title that makes the document a request for a quotation ("Request for Quotation #P00043",
        "Demande de prix", "Angebotsanfrage"), or None."""
        return next((t for t in self.evidence.get("other", ())
                     if any(_words(t)[:len(r)] == r for r in REQUEST_WORDS)), None)

    def named(self, kind: str, limit: int = 3) -> str:
        """The titles and words that made the document read as ``kind``, quoted: "'Order confirmation', 'Paid'"."""
        return ", ".join(repr(t) for t in list(dict.fromkeys(self.evidence.get(kind, ())))[:limit])


def _index(words: tuple[str, ...], kind: str) -> LabelIndex:
    return LabelIndex((kind, w) for w in words)


def classify_document(rows: list[Row], page_height: float) -> Classification:
    """Score the rows for order / invoice / other; titles high on page 1 count most."""
    scores = {"order": 0.0, "invoice": 0.0, "other": 0.0}
    titles: list[Row] = []
    heights = [w.height for r in rows for w in r.words] or [10.0]
    unit = median(heights)
    title_keys = {"order": ORDER_TITLES, **NOT_ORDER_TITLES}
    evidence: dict[str, list[str]] = {}
    terms = False
    for n, row in enumerate(rows):
        if row.y1 >= page_height * 0.45:
            continue
        own = _title_candidates(row)
        for phrase in own + _wrapped_titles(rows, n, unit):
            for kind, words in title_keys.items():
                weight = _title_weight(phrase.text, words, len(phrase.words))
                if weight and kind == "order" and any(_words(phrase.text)[:len(k)] == k for k in SECTION_KEYS) \
                        and any(k != "order" for k in evidence):
                    continue  # "INVOICE ... Order summary": a block of the invoice, no order title
                if weight and (kind == "order" or not (_value_of_label(row, phrase, unit) or _billing_label(phrase))):
                    tall = phrase.y1 - phrase.y0 if phrase in own else phrase.words[0].height  # wrapped: one line's type
                    size = min(2.5, max(1.0, tall / unit))
                    scores[kind] += 3.0 * weight * size * (1.0 if row.page == 1 else LATER_PAGE)
                    evidence.setdefault(kind, []).append(phrase.text)
                    if kind == "order":
                        titles.append(row)
        if row.page == 1 and _subject_order(row):
            scores["order"] += 3.0 * SUBJECT
        if row.page == 1 and _terms_heading(row):  # "General Terms and Conditions of Purchase": the terms, no
            scores["other"] += 3.0                     # order (on a later page: the order's back page, review S4)
            evidence.setdefault("other", []).append(row.text.strip())
            terms = True
    words_index = LabelIndex([("invoice", w) for w in NOT_ORDER_WORDS] + [("order", w) for w in ORDER_WORDS])
    for row in rows:
        for hit in words_index.segment(row.words, fuzzy=False):
            scores[hit.kind] += 1.0
            evidence.setdefault(hit.kind, []).append(" ".join(w.text for w in row.words[hit.start:hit.end]).strip(" :"))
    terms = terms and not titles and scores["invoice"] == 0
    return Classification("other" if terms else _decide(scores), scores, tuple(dict.fromkeys(titles)),
                          {k: tuple(v) for k, v in evidence.items()}, terms)


def _terms_heading(row: Row) -> bool:
    """A heading of terms and conditions alone on its row ("Allgemeine Einkaufsbedingungen", "CONDITIONS
    GÉNÉRALES D'ACHAT", "Terms & Conditions of Purchase - Rev. 3"); not a label with its value beside it
    ("Terms and conditions | Net 30") nor a sentence naming them."""
    if len(row.phrases) != 1 or ":" in row.text:  # "Conditions générales d'achat : voir au verso" names them
        return False
    words = _words(row.text)
    if len(words) > 10 or set(words) & _POINTERS:
        return False
    # an acronym ("AGB", "CGA") is a heading alone or with a revision, never a company's name ("AGB Immobilier")
    return any(words[:len(t)] == t and (len(t) > 1 or len(t[0]) > 3 or all(any(c.isdigit() for c in w) or w in _REVISION
                                                                           for w in words[1:]))
               for t in TERMS_WORDS)


_POINTERS = frozenset({"voir", "see", "siehe", "verso", "overleaf", "reverse", "ruckseite", "page", "seite", "apply",
                       "gelten", "applicables", "applicable"})
_REVISION = frozenset({"rev", "version", "v", "stand", "edition", "ed"})


def _value_of_label(row: Row, phrase: Phrase, unit: float) -> bool:
    """A word in body type after another phrase of its row: a value ("Livraison | offerte": free
    delivery), not a title ("Offerte" printed as a heading stands alone or larger)."""
    first = row.phrases[0]
    return first.words[0] is not phrase.words[0] and (phrase.y1 - phrase.y0) <= 1.5 * unit


def _billing_label(phrase: Phrase) -> bool:
    """"Invoice Address", "Invoice to:", "Rechnungsadresse": the label of the box naming where the
    invoice goes, which order forms print too: no invoice title."""
    words = _words(phrase.text)
    return any(words[:len(label)] == label for label in map(_words, BILLING_LABELS))


SUBJECT_LABELS = frozenset({"objet", "concerne", "sujet", "betreff", "betr", "subject", "re"})
SUBJECT = 0.8  # a letter's subject line naming an order ("Objet : Commande n° DF-0419") weighs as a title


def _subject_order(row: Row) -> bool:
    """A letter's subject line whose subject is an order: "Objet : Commande n° X",
    "Betreff: Bestellung Nr. X", "Subject: Purchase order X"."""
    words = _words(row.text)
    if len(words) < 2 or words[0] not in SUBJECT_LABELS:
        return False
    rest = words[1:]
    return any(rest[:len(t)] == t for t in (_words(title) for title in ORDER_TITLES)) and len(rest) <= 8


def _title_candidates(row: Row) -> list[Phrase]:
    """The row's phrases, each also joined with the next when they sit close ("BON" "DE
    COMMANDE" read as two phrases)."""
    out = list(row.phrases)
    for a, b in zip(row.phrases, row.phrases[1:]):
        if b.x0 - a.x1 < 2.5 * max(w.height for w in a.words):
            out.append(Phrase(a.words + b.words))
    return out


def _wrapped_titles(rows: list[Row], n: int, unit: float) -> list[Phrase]:
    """A title wrapped in its narrow cell ("Purchase" / "Order" / "106018", Business Central's "Purchase Order
    106018" right of the buyer's address): a phrase of the row with the phrase of the next row starting
    under it (left or right aligned, the same type size, a line apart), and the one under that if any."""
    out: list[Phrase] = []
    for phrase in rows[n].phrases:
        joined, last = list(phrase.words), phrase
        for row in rows[n + 1:n + 3]:
            if row.page != rows[n].page or row.y0 - last.y1 > unit:
                break
            under = [p for p in row.phrases if abs(p.x0 - last.x0) < unit or abs(p.x1 - last.x1) < unit]
            if len(under) != 1 or abs((under[0].y1 - under[0].y0) - (last.y1 - last.y0)) > 0.25 * unit:
                break
            joined += under[0].words
            last = under[0]
            out.append(Phrase(tuple(joined)))
    return out


# A receipt's title followed by these is an order header's label ("Expected Receipt Date"), no title. Only a
# receipt's: "Quote Date:", "Quote No. Q-2291" are a quote's own header (review Q5: a quote read as an order)
LABEL_TAILS = frozenset({"date", "datum"})
LABEL_HEADS = frozenset({"receipt", "reception", "wareneingang", "eingang"})


def _title_weight(text: str, titles: tuple[str, ...], n_words: int) -> float:
    """1.0 when the phrase is a title, 0.8 when it starts with a multi-word or specific title
    ("Purchase Order No. 123"), 0.5 for a bare "Order"."""
    words = tuple(_words(text))
    best = 0.0
    for title in titles:
        t = _words(title)
        if words == t:
            best = max(best, 0.5 if t == ("order",) else 1.0)
        elif len(t) == 1 and t[0] in SINGLE_WORD_TITLES and words[:1] == t and _numbered(words[1:]):
            best = max(best, 0.8)  # "Bestellung 4500781234", "Order #1045", "Commande n° 4512"
        elif len(t) > 1 or t[0] not in SINGLE_WORD_TITLES:
            head = words[:len(t)]
            glued = len(t) > 1 and len(head) == len(t) and head[:-1] == t[:-1] and head[-1].startswith(t[-1])
            if (head == t or glued) and n_words <= 6:  # "PURCHASE ORDERs|..." with a glued word
                if titles is not ORDER_TITLES and words[len(t):len(t) + 1] and words[len(t)] in LABEL_TAILS \
                        and set(t) & LABEL_HEADS:
                    continue  # "Receipt Date": a label of the order's header, no title
                best = max(best, 0.8)
    return best


NUMBER_SIGNS = frozenset({"no", "nr", "n", "nummer", "number", "num"})


def _numbered(rest: tuple[str, ...]) -> bool:
    """The words after a one-word title are its number alone (after a number sign): one token with a digit."""
    while rest and rest[0] in NUMBER_SIGNS:
        rest = rest[1:]
    return len(rest) == 1 and any(c.isdigit() for c in rest[0])


@lru_cache(maxsize=8192)  # a pure function memo
def _words(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\w+", fold(text)))


TERMS_WORDS = tuple(_words(t) for t in TERMS_TITLES)
REQUEST_WORDS = tuple(_words(t) for t in REQUEST_TITLES)
SECTION_KEYS = frozenset(_words(t)[:4] for t in SECTION_ORDER_TITLES)


def _decide(scores: dict[str, float]) -> str:
    other = max(scores["invoice"], scores["other"])
    if other > scores["order"]:
        return "invoice" if scores["invoice"] >= scores["other"] else "other"
    if scores["order"] > 0:
        return "order"
    return "unknown"


def guess_language(rows: list[Row]) -> str | None:
    """"fra", "deu", "eng" or "nld" by common words; None for too little text."""
    words = [re.sub(r"[^a-z]", "", fold(w.text)) for r in rows for w in r.words]
    counts = {lang: sum(1 for w in words if w in stop) for lang, stop in STOPWORDS.items()}
    best = max(counts, key=lambda k: counts[k])
    return best if counts[best] >= 3 else None


def find_sender_hints(rows: list[Row], page_height: float, own: OwnCompany = OwnCompany()) -> dict[str, str]:
    """E-mail, fax number and VAT id from the header zone of page 1 (else anywhere on page 1); never
    one of ours (``own``: a fax form's "To: <us>, Fax <our number>" is no sender's detail)."""
    page1 = [r for r in rows if r.page == 1]
    zone = [r for r in page1 if r.y1 <= page_height * HEADER_ZONE]
    hints: dict[str, str] = {}
    for rows_ in (zone, page1):
        text = "\n".join(_squeeze(r.text) for r in rows_)
        _first(hints, "email", EMAIL.finditer(text), 0, own.is_our_email)
        _first(hints, "fax", FAX.finditer(text), 1, own.is_our_fax)
        _first(hints, "vat", VAT.finditer(text.replace(" ", "").upper()), 1, own.is_our_vat)
    return hints


def header_text(rows: list[Row], page_height: float, limit: int = 2000) -> str:
    """The text of page 1's header zone (the letterhead: who wrote the order), one line per row."""
    zone = [r.text for r in rows if r.page == 1 and r.y1 <= page_height * HEADER_ZONE]
    return "\n".join(zone)[:limit]


def _squeeze(text: str) -> str:
    return re.sub(r"\s*@\s*", "@", text)


def _first(hints: dict[str, str], key: str, matches: Iterator[re.Match[str]], group: int,
           ours: Callable[[str], bool]) -> None:
    """The first match that is not ``ours`` as ``hints[key]``, unless it is set."""
    if key in hints:
        return
    for match in matches:
        value = match.group(group).strip()
        if not ours(value):
            hints[key] = value.lower() if key == "email" else value
            return
