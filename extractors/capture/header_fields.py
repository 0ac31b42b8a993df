"""Header fields of an order (PO number, order date, requested delivery date, currency) found by
label anchors ("value to the right" or "value below") or by regular expressions.

Every candidate is scored: label match (exact or with one OCR edit, specific or generic label),
where the value sat, how well it parsed, the OCR confidence of its words. The best candidate
wins; a close competitor with another value lowers the confidence. A PO number seen again
elsewhere on the document (a page footer, a subject line) is corroborated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from extractors.capture.clipped_labels import clipped_labels
from extractors.capture.label_families import NOT_FIELD_LABELS
from extractors.capture.labels import LabelHit, LabelIndex, label_key
from extractors.capture.letter_dates import date_alone, lone_date, place_date
from extractors.capture.layout_spec import ORDER_TITLES, PO_LABELS, REFERENCE_LABELS, LayoutSpec
from extractors.locale_values import MONTHS, DocLocale, fold, parse_date
from extractors.weekdays import WEEKDAYS
from extractors.capture.table_cells import spaced_words
from extractors.capture.weeks import week_monday
from extractors.capture.words import Phrase, Row, Word

GENERIC_LABELS = frozenset({"date", "datum", "no", "nr", "du", "vom", "of", "expected", "order", "numero", "nummer",
                            "number", "ref", "created", "raised", "placed", "submitted"}
                           | {label_key(lab) for lab in REFERENCE_LABELS})
CURRENCIES = frozenset({"EUR", "USD", "GBP", "CHF", "KWD", "SEK", "DKK", "NOK", "PLN", "CZK", "CAD", "AUD",
                        "JPY", "CNY", "INR", "HUF", "RON"})
CURRENCY_SIGNS = {"€": "EUR", "$": "USD", "£": "GBP", "kd": "KWD"}
PO_TOKEN = re.compile(r"[A-Z0-9][A-Z0-9\-/._]{2,24}", re.IGNORECASE)
DATE_JOINERS = ("du", "vom", "of", "dated", "le", "am")
TITLE_NUMBER_LABELS = frozenset({"no", "nr", "n"})
# A bare "Réf." / "Ref." names the order's reference only with its colon, above any line table and
# once in the document: under the items' names it is their codes.
BARE_REFERENCE = frozenset({"ref"})
# How much each kind of evidence is worth (multiplied; OCR word confidence comes on top).
SPECIFIC, GENERIC, TEMPLATE = 0.99, 0.95, 0.995  # label: "N° de commande" / "Date" / a template's
BELOW, FAR_RIGHT = 0.985, 0.95  # value under its label / far to its right
GENERIC_PO, REGEX, AFTER_TITLE, DATE_AFTER_PO = 0.99, 0.995, 0.95, 0.97
PATTERN_FIXED = 0.8  # a template's PO pattern met only after undoing an OCR confusion
CONFUSABLE = {"O": "0", "0": "O", "I": "1", "l": "1", "1": "I", "S": "5", "5": "S", "B": "8", "8": "B",
              "Z": "2", "2": "Z", "G": "6", "6": "G"}
MAX_FIX_SPOTS = 8
RIVAL, UNRIVALLED = 0.6, 0.6  # a close rival with another value: x0.6; no rival at all: doubt x0.6
TITLE_KEYS = frozenset(label_key(t) for t in ORDER_TITLES)
# whose number "#" / "No." / "Nr." after these words is (not the order's, under its title)
OTHER_NUMBERS = frozenset({"account", "acct", "customer", "cust", "client", "kunden", "kunde", "vendor", "supplier",
                           "lieferanten", "tax", "vat", "phone", "tel", "fax", "invoice", "rechnungs", "item",
                           "artikel", "art", "contract", "quote", "quotation", "requisition", "req", "ticket",
                           "case", "store", "site", "branch", "reference", "ref"})
SUBJECT_WORDS = frozenset({"objet", "betreff", "subject", "re", "concerne", "ref"})
LETTER = 0.97  # a date after a place name ("Nantes, le ...") read as the order date
ITEM_ROW_NUMBERS = 4  # words with a digit on a row that make it an item row, never a letter's date line
TABLE_HEADER_TITLES = 4  # column titles of this many kinds in one row: the line table's header, not header fields
GRID_GAP = 2.5  # a value this many line heights under its label's last line is in the cell under it
CENTRED_GAP = 4.0  # the same under a label wrapped in its cell, in a row of taller labels (lines centred)
SENTENCE_WORDS = 3  # words of a wrapped sentence's line over a label-like word
CLIPPED_LABEL = 0.95  # a value after a label cut at its cell's edge ("Bestellnum 4569024209")
CONTINUED = 0.97  # a date read together with the line it wraps onto, or past its label's tail word
DATE_FIELDS = frozenset({"order_date", "requested_delivery_date"})
SENTENCE = 0.97  # a delivery date inside a sentence ("... nous livrer ... pour le 8 janvier 2027 au plus tard")
DELIVERY_SENTENCE = re.compile(
    r"\b(?:livr\w*|livraison|deliver\w*|delivery|liefer\w*|lieferung|anliefer\w*|supply|supplied"
    # a need of the goods themselves, "we need these by", "wir benötigen die Ware bis", "nous en avons besoin pour le";
    # not "if you need anything else from us by", "we need the old pallets collected on" (review rev3 U3)
    r"|(?:need|needed|require[ds]?)\s+(?:these|them|this|it|all|everything|the\s+(?:goods|items|order|above|parts))"
    r"|(?:benötig\w*|brauchen)\s+(?:wir\s+)?(?:die\s+(?:ware|artikel|teile|bestellung)|diese|alles|sie)"
    r"|en\s+avons\s+besoin|besoin\s+(?:de\s+(?:ces|la|les)\s+(?:articles|marchandises?|produits|pièces)))"
    r"\b[^.;:!?]{0,80}?"
    r"\b(?:pour\s+l[eé]|avant\s+l[eé]|d'ici\s+l[eé]|au\s+plus\s+tard\s+l[eé]|l[eé]|by|before|on|no\s+later\s+than|"
    r"bis\s+zum|bis\s+spätestens|spätestens\s+am|spätestens\s+zum|bis|am|zum)\s+"
    r"(?P<date>(?:\d{1,2}(?:er|\.|,|:|;)?\s+[^\W\d]{3,10}\.?\s+\d{4}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}"
    r"|[^\W\d]{3,10}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}))", re.IGNORECASE)


# "we need your confirmation by 10/12/2026", "merci de confirmer le devis avant le ...": another deadline than the goods'
OTHER_DEADLINE = re.compile(r"\b(?:confirm\w*|acknowledg\w*|quot\w*|repl\w*|answer\w*|invoic\w*|payment|pay|angebot\w*|"
                            r"antwort\w*|rechnung\w*|zahlung\w*|réponse|repondre|répondre|devis|facture|paiement|offre|"
                            r"accusé)\b|bestätig\w*", re.IGNORECASE)  # "Auftragsbestätigung bis zum ..." too
DAY_COMMA = re.compile(r"^(\d{1,2})[,:;](\s+[^\W\d])")


@dataclass(frozen=True)
class FieldValue:
    value: str | date
    confidence: float
    words: tuple[Word, ...]
    corroborated: bool = False
    label: str = ""  # the field's own label, word for word, the value was read under ("" for any other reading)
    read_under: str = ""  # the label it was read under, generic ones too ("Our ref"), also when rivalled


@dataclass(frozen=True)
class _Candidate:
    field: str
    value: str | date
    score: float
    words: tuple[Word, ...]
    unlabelled: bool = False  # a letter's date: never the words of another field's value
    generic: bool = False  # found by a generic label ("Date"): never the words another field's own label found
    read_under: str = ""  # the label of its field it was read under, generic ones too
    label: str = ""  # the label it was read under, matched word for word


NOT_A_FIELD = "not_a_field"  # the kind of ``NOT_FIELD_LABELS``: found to take no value


def field_index(spec: LayoutSpec) -> LabelIndex:
    """The labels of the spec's fields, then those of another thing's date ("Received by supplier on"),
    which win over a field's shorter label inside them and give no value."""
    return LabelIndex([(f.name, label) for f in spec.fields.values() for label in f.labels]
                      + [(NOT_A_FIELD, label) for label in NOT_FIELD_LABELS])


def column_index(spec: LayoutSpec) -> LabelIndex:
    return LabelIndex((c.kind, h) for c in spec.table.columns for h in c.headers)


def column_titles(row: Row, columns: LabelIndex, fuzzy: bool) -> int:
    """How many different line-table column titles the row holds (Pos., Menge, Einheit, Liefertermin...)."""
    return len({hit.kind for hit in columns.segment(row.words, fuzzy)})


def find_header_fields(rows: list[Row], spec: LayoutSpec, loc: DocLocale, fuzzy: bool,
                       title_rows: list[Row] | None = None) -> dict[str, FieldValue]:
    """The best value for each header field of ``spec`` found in ``rows`` (all pages, or the pages of one
    purchase order of several: its first page is read as a document's first)."""
    rows = [_spaced_row(row) for row in rows]
    first = min((row.page for row in rows), default=1)
    index = field_index(spec)
    columns = column_index(spec)
    candidates: list[_Candidate] = []
    table_pages: set[int] = set()
    bare_refs = sum(1 for row in rows if column_titles(row, columns, fuzzy) < TABLE_HEADER_TITLES
                    for hit in index.segment(row.words, fuzzy) if label_key(hit.label) in BARE_REFERENCE)
    for i, row in enumerate(rows):
        if column_titles(row, columns, fuzzy) >= TABLE_HEADER_TITLES:
            table_pages.add(row.page)
            continue  # the line table's header row: "Liefertermin" over each line's own date
        if i and _wrapped_titles(rows[i - 1], row, columns, fuzzy):
            continue  # its titles' second line ("Supplier Part" / "Num", "Part" / "Number"): no label of a value
        cut = _clipped(row, index, spec, loc, fuzzy)
        candidates.extend(cut[0])
        for hit in _cells_apart(row, index.segment(row.words, fuzzy), index, fuzzy):
            if any(id(w) in cut[1] for w in row.words[hit.start:hit.end]):
                continue  # "Date" of "Date de liv": a label cut at its cell's edge, read whole
            if label_key(hit.label) in BARE_REFERENCE and (
                    bare_refs > 1 or row.page in table_pages or not _with_colon(row, hit)):
                continue  # "Réf. : DF-1234" under each item's name: the items' codes, not the order's
            if _value_line(rows, i, hit):
                continue  # "PO-" over "7781203": a PO number wrapped at its hyphen in a narrow cell, no "P.O." label
            candidates.extend(_from_label(rows, i, hit, spec, loc, index))
        candidates.extend(_label_across_lines(rows, i, index, spec, loc, fuzzy))
        candidates.extend(_from_regex(row, spec, loc))
        if row.page == first and "order_date" in spec.fields:
            candidates.extend(_letter_date(rows, i, loc))
        if row.page == first and "po_number" in spec.fields:
            candidates.extend(_titled_number(row, spec, loc) or _wrapped_title_number(rows, i, spec, loc))
        if row.page == first and "requested_delivery_date" in spec.fields:
            candidates.extend(_sentence_delivery(rows, i, loc))
        candidates.extend(_stacked_label(rows, i, index, spec, loc, fuzzy))
    for row_i in _title_row_indexes(rows, title_rows or []):
        candidates.extend(_after_title(rows, row_i, spec, loc))
    quoted = {id(w) for row in rows for w in _quotation_words(row)}
    if quoted:  # the quotation's number and date ("Suivant votre devis n° D-2291 du 20/11/2026"), not the order's
        candidates = [c for c in candidates if c.field not in ("po_number", "order_date")
                      or not any(id(w) in quoted for w in c.words)]
    return _choose(candidates, rows)


_QUOTE_REF = re.compile(r"\b(?:devis|offre|proposition|angebot|angebots?nummer|kostenvoranschlag|quotation|quote|offer"
                        r"|proposal)\s*(?:n[°o]\.?|nr\.?|no\.?|#|number|nummer|numero)\s*:?\s*[\w/-]*\d")


_QUOTE_DATE_WORD = re.compile(r"^(?:of|dated|from|du|le|en|date|vom|von|den|datiert|\d.*|"
                              r"jan|feb|fev|mar|mär|maer|apr|avr|may|mai|jun|juin|jul|juil|aug|aou|sep|oct|okt|nov|dec|dez)")


def _quotation_words(row: Row) -> list[Word]:
    """The words of ``row`` naming a quotation ("devis n° D-2291 du 20/11/2026", "quotation no. Q-88 of 20 Nov
    2026"): the quotation word, its number and the date following it; not the rest of the row (a PO printed
    before or after it, "Purchase order no. PO-77120, as per your quotation no. Q-88")."""
    words = list(row.words)
    for k in range(len(words)):
        tail = " ".join(fold(w.text).lower() for w in words[k:])
        lead = len(tail) - len(tail.lstrip("(\"'«[“"))
        m = _QUOTE_REF.match(tail, lead)
        if not m:
            continue
        end, length = k, 0
        while end < len(words) and length < m.end():
            length += len(fold(words[end].text)) + 1
            end += 1
        taken = words[k:end]
        if taken and taken[-1].text.rstrip().endswith((",", ";")):
            return taken
        for w in words[end:end + 4]:  # the quotation's date: "du 20/11/2026", "of 20 November 2026"
            folded = fold(w.text).lower().strip("(),;.")
            if not _QUOTE_DATE_WORD.match(folded):
                break
            taken.append(w)
            if w.text.rstrip().endswith((",", ";")):
                break
        return taken
    return []


def _value_line(rows: list[Row], i: int, hit) -> bool:
    """The label's one word ends with a hyphen and the line right under it goes on from it ("PO-" over "7781203",
    "P.O.-" over "2026-118"): the first line of a value wrapped at its hyphen, not a label."""
    words = rows[i].words[hit.start:hit.end]
    if len(words) != 1 or not words[0].text.endswith(tuple(HYPHENS)):
        return False
    for row in rows[i + 1:i + 4]:
        under = tuple(w for w in row.words if abs(w.x0 - words[0].x0) < words[0].height)
        if under and row.page == words[0].page:
            return _wrapped_at_hyphen(words, under[:1]) and under[0].text[:1].isdigit()
    return False


def _cells_apart(row: Row, hits: list, index: LabelIndex, fuzzy: bool) -> list:
    """The row's label hits, a number-and-date label run across two cells' titles ("PO No." | "Date") read as the
    two labels it is made of."""
    out = []
    for hit in hits:
        if not _across_cells(row, hit):
            out.append(hit)
            continue
        phrase = next(p for p in row.phrases if row.words[hit.start] in p.words)
        k = sum(1 for w in row.words[hit.start:hit.end] if w in phrase.words)
        first = index.find(row.words[:hit.start + k], hit.start, fuzzy)
        rest = index.find(row.words[:hit.end], hit.start + k, fuzzy)
        out += [h for h in (first, rest) if h is not None]
    return out


def _across_cells(row: Row, hit) -> bool:
    """A number-and-date label ("PO No./Date") whose words are two cells' titles, apart ("PO No." | "Date" in narrow
    cells side by side): each cell's own label, not the paired one."""
    if "/" not in hit.label or hit.end - hit.start < 2:
        return False
    words = row.words[hit.start:hit.end]
    return not any(all(w in phrase.words for w in words) for phrase in row.phrases)


def _wrapped_titles(head: Row, row: Row, columns: LabelIndex, fuzzy: bool) -> bool:
    """``row`` is the second line of the table header ``head`` (its titles wrapped in their cells): right under
    it, no digit in it, every word under one of the header's words."""
    if head.page != row.page or column_titles(head, columns, fuzzy) < TABLE_HEADER_TITLES or not row.words:
        return False
    unit = max((w.y1 - w.y0 for w in head.words), default=10.0)
    return row.y0 - head.y1 < 0.8 * unit and not any(c.isdigit() for c in row.text) \
        and all(any(h.x0 < w.x1 and w.x0 < h.x1 for h in head.words) for w in row.words)


def _with_colon(row: Row, hit: LabelHit) -> bool:
    """The label ends on a colon ("Réf. :", "Ref.:")."""
    return any(w.text.rstrip().endswith(":") for w in row.words[hit.start:hit.end])


def _spaced_row(row: Row) -> Row:
    """A ruled row (one word per cell: "N° de commande : GD-4480" in a Word grid) as words, each cell
    a phrase, so its labels and values are read like any others."""
    if not row.cells or not any(" " in w.text for w in row.words):
        return row
    phrases = tuple(Phrase(tuple(spaced_words([w]))) for w in row.words)
    return Row(row.page, tuple(w for p in phrases for w in p.words), phrases)


def _from_label(rows: list[Row], i: int, hit: LabelHit, spec: LayoutSpec,
                loc: DocLocale, index: LabelIndex | None = None) -> list[_Candidate]:
    """Values for the label ``hit``: right of it, else below it. The next cell's own label
    ("Bestelldatum | Wunschtermin" over their values) is no value of it, nor the start of one."""
    row = rows[i]
    if hit.kind not in spec.fields:
        return []  # "Received by supplier on": another thing's date
    field = spec.fields[hit.kind]
    if label_key(hit.label) in GENERIC_LABELS and _qualified(row, hit):
        return []  # "Requisition Date", "Printed date": the date of something else
    if label_key(hit.label) in GENERIC_LABELS and _cut_short(row, hit):
        return []  # "Date de" / "livraison", "Numéro de" / "commande": the first line of a longer label
    if _ends_a_sentence(row, hit) or _sentence_goes_on(rows, i, hit):
        return []  # "... étiqueté avec notre numéro de commande" wrapped in a description cell: no label
    weight = hit.score * _specificity(hit.label, spec)
    out: list[_Candidate] = []
    paired = hit.kind == "po_number" and label_key(hit.label).endswith(("datum", "date"))
    if "right" in field.where:
        words, closeness = _right_of(row, hit)
        words = _with_slash(words, loc) if paired else words
        if hit.kind == "po_number" and _postcode_line(words):
            words = ()  # "Purchase Order Number" level with the buyer's "CM20 2QP" in the next column: the value is under it
        if words and hidden_cell(words[0]):
            return []  # the value is there but printed as "###": never take the one below instead
        next_label = bool(words) and index is not None and index.find(words, 0, False) is not None
        if words and not next_label and hit.kind == "po_number" and (
                whole := unwrapped(words, _under_value(rows, i, words))) is not None:
            out.extend(_parse_value(hit.kind, whole, weight * closeness, spec, loc))  # "Nr.: WH-" over "2026-5539"
        if words and not next_label and not out:
            out.extend(_parse_value(hit.kind, words, weight * closeness, spec, loc))
        if not out and hit.kind in DATE_FIELDS and not next_label:
            for more in _date_continued(rows, i, hit, words, index):
                out.extend(_parse_value(hit.kind, more, weight * (closeness or 1.0) * CONTINUED, spec, loc))
                if out:
                    break
    generic_prefix = label_key(hit.label) in GENERIC_LABELS and not _ends_phrase(row, hit)
    if "below" in field.where and not out and not generic_prefix:
        if index is not None and _tail_of_stacked(rows, i, hit, index):
            return out  # "Delivery" / "Date": the second line of a longer label, not a "Date" of its own
        below = _below(rows, i, hit, field.max_below)
        out.extend(_below_value(hit.kind, [_with_slash(b, loc) for b in below] if paired else below,
                                weight * BELOW, spec, loc))
    if paired and not any(c.field == "order_date" for c in out):
        out.extend(_date_beside(rows, i, hit, out, loc))
    out = [replace(c, read_under=hit.label) if c.field == hit.kind else c for c in out]
    if label_key(hit.label) in GENERIC_LABELS:
        out = [replace(c, generic=True) for c in out]
    elif hit.score >= 1.0:
        out = [replace(c, label=hit.label) if c.field == hit.kind else c for c in out]
    return out


def _ends_a_sentence(row: Row, hit: LabelHit) -> bool:
    """The label's words stand inside a sentence of its phrase: a lower-case word before them ("avec notre numéro de
    commande", "labelled with our PO number"), none after or a lower-case one ("mit unserer Bestellnummer
    beschriftet"), and no colon. Such a phrase is text (a line's wrapped
    description, a note); what stands right of it or under it is another cell's, never the label's value."""
    label = row.words[hit.start:hit.end]
    phrase = next((p for p in row.phrases if label[0] in p.words), None)
    if phrase is None or label[-1] not in phrase.words:
        return False
    at, end = phrase.words.index(label[0]), phrase.words.index(label[-1])
    if at == 0 or any(":" in w.text for w in label):
        return False
    if end != len(phrase.words) - 1 and not _lower_word(phrase.words[end + 1].text):
        return False  # "... unserer Bestellnummer beschriftet": the sentence goes on; "... our PO 4711": a value
    return _lower_word(phrase.words[at - 1].text)


def _lower_word(text: str) -> bool:
    return len(text) >= 2 and text.isalpha() and text.islower()


def _sentence_goes_on(rows: list[Row], i: int, hit: LabelHit) -> bool:
    """The label's phrase carries on the text of the line above it, wrapped in the same cell: it starts the
    phrase, the row's last, has no colon, and right above it (a line's height at most, the same left edge) a phrase of
    ``SENTENCE_WORDS`` words or more ends in a lower-case word ("... liefern, mit unserer" / "Bestellnummer" /
    "beschriftet" in a description cell)."""
    row = rows[i]
    label = row.words[hit.start:hit.end]
    phrase = next((p for p in row.phrases if label[0] in p.words), None)
    if i == 0 or phrase is None or phrase.words[0] is not label[0] or any(":" in w.text for w in label) \
            or phrase is not row.phrases[-1]:
        return False  # a value right of it ("Date raised" over "Delivery date | 12/12/2026"): a label
    above, unit = rows[i - 1], label[0].height
    if above.page != row.page or row.y0 - above.y1 > 0.8 * unit:
        return False
    over = next((p for p in above.phrases if abs(p.x0 - phrase.x0) < unit), None)
    if over is None or len(over.words) < SENTENCE_WORDS:
        return False  # a title or a label above ("Purchase order" over "PO number/date"): no sentence
    if any(w.text.endswith(":") or w.text == ":" for w in over.words[:3]):
        return False  # "Buyer: M. Walsh, office supplies team": a key and its value, no sentence going on
    if _value_under(rows, i, phrase, unit):
        return False  # "Order date" with "12/01/2026" right under it: a stacked label and its value
    last = over.words[-1].text.rstrip(",")
    return len(last) >= 2 and last.isalpha() and last.islower()


def _value_under(rows: list[Row], i: int, phrase, unit: float) -> bool:
    """A value (a phrase starting with a digit) right under the label, at its left edge: the label's own value."""
    if i + 1 >= len(rows) or rows[i + 1].page != rows[i].page or rows[i + 1].y0 - rows[i].y1 > 0.8 * unit:
        return False
    under = next((p for p in rows[i + 1].phrases if abs(p.x0 - phrase.x0) < unit), None)
    return under is not None and any(c.isdigit() for c in under.words[0].text)


def _date_beside(rows: list[Row], i: int, hit: LabelHit, found: list[_Candidate], loc: DocLocale) -> list[_Candidate]:
    """The date of a number-and-date label ("Bestellnummer Datum" over "4500008812 | 11.12.2026": two
    cells) in the phrase right after the number it read, on the number's row, under the label's reach."""
    po = next((c for c in found if c.field == "po_number"), None)
    if po is None:
        return []
    last = po.words[-1]
    label = rows[i].words[hit.start:hit.end]
    unit = max(w.height for w in label)
    row = next((r for r in rows[i:i + 4] if last in r.words), None)
    after = [p for p in row.phrases if p.x0 > last.x1 and p.x0 < label[-1].x1 + 8 * unit] if row else []
    if not after:
        return []
    nearest = min(after, key=lambda p: p.x0)
    date_title = label[-1]
    if nearest.x0 > date_title.x1 + unit or nearest.x1 < date_title.x0 - 2 * unit:
        return []  # not under the date's title: "Angebot vom" beside an empty "Datum" cell (review S6)
    parsed = parse_date(nearest.text, loc)
    if parsed is None:
        return []
    return [_Candidate("order_date", parsed[0], po.score * DATE_AFTER_PO * parsed[1], nearest.words)]


# a UK postcode alone ("CM20 2QP"): a line of an address in the next column, no order number
_POSTCODE_LINE = re.compile(r"[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}")


def _postcode_line(words: tuple[Word, ...]) -> bool:
    return bool(words) and _POSTCODE_LINE.fullmatch(" ".join(w.text for w in words)) is not None


def _under_titles(head: Row, row: Row, unit: float) -> list[tuple[Word, ...]] | None:
    """The words of ``row`` shared among the phrases of ``head`` above it by where they start (each title
    over the values starting between it and the next title): None unless every title gets words."""
    starts = [p.x0 - unit for p in head.phrases]
    groups: list[list[Word]] = [[] for _ in starts]
    for w in row.words:
        k = max((n for n, x in enumerate(starts) if w.x0 >= x), default=None)
        if k is None:
            return None
        groups[k].append(w)
    return [tuple(g) for g in groups] if all(groups) else None


def _below_value(field: str, below: list[tuple[Word, ...]], weight: float, spec: LayoutSpec,
                 loc: DocLocale) -> list[_Candidate]:
    """The first phrase under a label that reads as its value; a date wrapped in its narrow cell
    ("6 Dec" / "2026") is read with the line right under it."""
    for n, words in enumerate(below):
        if field == "po_number" and (whole := unwrapped(words, below[n + 1:])) is not None:
            out = _parse_value(field, whole, weight, spec, loc)
            if out:
                return out
        out = _parse_value(field, words, weight, spec, loc)
        if not out and field in DATE_FIELDS and n + 1 < len(below) and _stacked(words, below[n + 1]):
            out = _parse_value(field, words + below[n + 1], weight * CONTINUED, spec, loc)
            if not out and n + 2 < len(below) and _stacked(below[n + 1], below[n + 2]) \
                    and all(_date_part(w.text) for w in words + below[n + 1] + below[n + 2]):
                # "9." / "Dezember" / "2026": a date wrapped word by word in a narrow cell
                out = _parse_value(field, words + below[n + 1] + below[n + 2], weight * CONTINUED, spec, loc)
        if out:
            return out
    return []


def unwrapped(words: tuple[Word, ...], after: list[tuple[Word, ...]]) -> tuple[Word, ...] | None:
    """A number wrapped at its hyphens in a narrow cell ("WH-" / "2026-" / "5539") as one word, ``words`` its
    first line and ``after`` the lines under it, nearest first; None when its first line ends with no
    hyphen the next line goes on from. Each line ends with a hyphen (or a dash OCR made of it) after a
    letter or digit, the next one starts right under it (issue 23, class 2)."""
    whole = words
    for lower in after:
        if not _wrapped_at_hyphen(whole, lower):
            break
        whole = whole[:-1] + (_joined(whole[-1], lower[0]),) + lower[1:]
    return whole if whole is not words else None


HYPHENS = "-‐‑–—"  # a hyphen, and the dashes OCR reads a faxed one as


def _wrapped_at_hyphen(upper: tuple[Word, ...], lower: tuple[Word, ...]) -> bool:
    """A number wrapped at its hyphen in a narrow cell ("CDE-26-" over "1201"): ``upper`` ends with a
    hyphen after a letter or digit and ``lower``, the next line of the same cell, starts with a digit or
    letter (issue 23, class 2)."""
    last = upper[-1].text
    return (len(last) >= 2 and last[-1] in HYPHENS and last[-2].isalnum() and bool(lower)
            and lower[0].text[:1].isalnum() and _stacked(upper, lower))


def _joined(head: Word, tail: Word) -> Word:
    """One word of a value's two lines ("CDE-26-" and "1201" as "CDE-26-1201")."""
    return replace(head, text=head.text[:-1] + "-" + tail.text, x1=max(head.x1, tail.x1), y1=tail.y1,
                   conf=min(head.conf, tail.conf))


def _stacked(upper: tuple[Word, ...], lower: tuple[Word, ...]) -> bool:
    """``lower`` is the next line of the same narrow cell as ``upper``: right under it, same left edge."""
    unit = max(w.height for w in upper)
    return 0 <= lower[0].y0 - upper[-1].y1 < 0.8 * unit and abs(lower[0].x0 - upper[0].x0) < unit


def _under_cell(label: tuple[Word, ...], value: tuple[Word, ...], unit: float | None = None,
                gap: float = GRID_GAP) -> bool:
    """``value`` is in the cell under the label's cell of a ruled grid: same left edge, a line or two
    lower (the rule between the cells and its margins)."""
    unit = unit or max(w.height for w in label)
    top = max(value[0].y0 - label[-1].y1, value[0].y0 - label[-1].y0 - unit) if gap > GRID_GAP else value[0].y0 - label[-1].y1
    return 0 <= top < gap * unit and abs(value[0].x0 - label[0].x0) < unit  # a label's box run long (a speck, a rule)


def _tail_of_stacked(rows: list[Row], i: int, hit: LabelHit, index: LabelIndex) -> bool:
    """The label's words are the second line of a label wrapped in its cell: the phrase right above
    them, same left edge, makes a longer label with them ("Delivery" over "Date", "Order" over "Number")."""
    row = rows[i]
    first = row.words[hit.start]
    phrase = next((p for p in row.phrases if first in p.words), None)
    if phrase is None or phrase.words[0] is not first:
        return False
    for above in rows[max(0, i - 2):i]:
        if above.page != row.page:
            continue
        for top in above.phrases:
            if len(top.words) <= 2 and _stacked(top.words, phrase.words):
                joined = index.find(top.words + phrase.words, 0, False)
                if joined is not None and joined.end >= len(top.words) + hit.end - hit.start:
                    return True
    return False


def _qualified(row: Row, hit: LabelHit) -> bool:
    """A generic label ("Date", "No.") with a word of its own phrase before it that is no label."""
    first = row.words[hit.start]
    phrase = next((p for p in row.phrases if first in p.words), None)
    if phrase is None or phrase.words[0] is first:
        return False
    before = phrase.words[phrase.words.index(first) - 1]
    if any(c.isdigit() for c in before.text):  # "Numéro : CMD-77120 Date : ...": the value of a label before
        return False
    return any(c.isalpha() for c in before.text) and label_key(before.text) not in GENERIC_LABELS


CONNECTORS = frozenset({"de", "du", "des", "d", "of", "der", "des", "la", "le"})


def _cut_short(row: Row, hit: LabelHit) -> bool:
    """A generic label whose phrase ends on a connector word after it ("Date de", "Numéro de"): a
    label wrapped in its cell, its last word on the next line."""
    last = row.words[hit.end - 1]
    phrase = next((p for p in row.phrases if last in p.words), None)
    if phrase is None:
        return False
    rest = phrase.words[phrase.words.index(last) + 1:]
    return bool(rest) and all(label_key(w.text) in CONNECTORS for w in rest)


def hidden_cell(word: Word) -> bool:
    """A spreadsheet cell too narrow for its number or date prints as "###"."""
    return len(word.text) >= 2 and set(word.text) == {"#"}


def _specificity(label: str, spec: LayoutSpec) -> float:
    if spec.strength >= 1.0:
        return TEMPLATE
    return GENERIC if label_key(label) in GENERIC_LABELS else SPECIFIC


def _ends_phrase(row: Row, hit: LabelHit) -> bool:
    """True if nothing but the label is in its phrase ("Date" alone, not "Date de hivraison")."""
    last = row.words[hit.end - 1]
    phrase = next((p for p in row.phrases if last in p.words), None)
    return phrase is None or phrase.words[-1] is last


def _date_continued(rows: list[Row], i: int, hit: LabelHit, words: tuple[Word, ...],
                    index: LabelIndex | None = None) -> list[tuple[Word, ...]]:
    """Other readings of a date that did not parse where its label points: the label's own tail
    ("Ship Date Req." | 12/09/2026: the next phrase of the row), or the value wrapped onto the next
    line ("Sunday, December 20," / "2026": the phrase under the value's start joined to it). A line
    that carries a label of its own ("Datum: 06.12.2026" over "Liefertermin: 51. KW") is another
    field's value: an unread value never borrows its date."""
    row, out = rows[i], []
    stacked = _value_cell_lines(rows, i, hit, words, index)
    if stacked:
        out.append(stacked)
    if not words:
        return out
    if len(words) <= 2 and not any(c.isdigit() for w in words for c in w.text):
        later = [p for p in row.phrases if p.x0 > words[-1].x1]
        if later:
            out.append(later[0].words)
    spaced = _typewriter_spaced(row, words)
    if spaced:
        out.append(spaced)
    below = rows[i + 1] if i + 1 < len(rows) else None
    unit = max(w.height for w in words)
    if below is not None and _labelled(below, index):
        below = None
    if below is not None and below.page == row.page and below.y0 - row.y1 < 1.2 * unit:
        start, ends_row = min(w.x0 for w in words), words[-1] is row.words[-1]
        under = [p for p in below.phrases if abs(p.x0 - start) < 2 * unit  # its own box's left edge
                 or (ends_row and abs(p.x0 - row.words[0].x0) < unit)  # a paragraph's next line
                 or (p.x0 >= row.words[hit.start].x0 - unit and p.x1 <= words[-1].x1 + unit)]
        # only a date's own start wraps ("Sunday, December 20," / "2026"); "Angebot vom" beside an empty "Datum"
        # cell over the quotation's date is another thing's label (review rev2 S6)
        if under and len(under[0].words) <= 3 and all(_date_part(w.text) for w in words):
            out.append(words + under[0].words[:3])
            third = rows[i + 2] if i + 2 < len(rows) else None  # "1" / "December" / "2026" in a narrow value cell
            if third is not None and third.page == row.page and third.y0 - below.y1 < 1.2 * unit \
                    and not _labelled(third, index):
                last = [p for p in third.phrases if abs(p.x0 - under[0].x0) < unit and len(p.words) <= 2]
                if last:
                    out.append(words + under[0].words[:3] + last[0].words)
    return out


def _labelled(row: Row, index: LabelIndex | None) -> bool:
    """The row holds a header field's label (its words are that label's value, no other's)."""
    return index is not None and bool(index.segment(row.words, False))


def _value_cell_lines(rows: list[Row], i: int, hit: LabelHit, words: tuple[Word, ...],
                      index: LabelIndex | None = None) -> tuple[Word, ...]:
    """The lines of a value cell wrapped around its label's row, top to bottom: a meta table's
    "5. November" / "2026" beside a vertically centred "Bestelldatum:"."""
    row, label = rows[i], rows[i].words[hit.end - 1]
    unit = label.height
    if words:
        start = words[0].x0
    else:
        near = [w for r in rows[max(0, i - 2):i + 3] if r.page == row.page and abs(_cy(r) - _cy(row)) < 1.6 * unit
                for w in r.words if label.x1 < w.x0 < label.x1 + 14 * unit]
        if not near:
            return ()
        start = min(w.x0 for w in near)
    lines = []
    for r in rows[max(0, i - 2):i + 3]:
        if r.page != row.page or abs(_cy(r) - _cy(row)) >= 1.6 * unit or (r is not row and _labelled(r, index)):
            continue
        phrase = next((p for p in r.phrases if abs(p.x0 - start) < unit), None)
        if phrase is not None:
            lines.append(phrase.words)
    if len(lines) < 2 or not all(_date_part(w.text) for line in lines for w in line):
        return ()  # "Angebot vom" over the quotation's date beside an empty "Datum" cell: another thing's (rev2 S6)
    return tuple(w for line in lines for w in line)


def _label_across_lines(rows: list[Row], i: int, index: LabelIndex, spec: LayoutSpec, loc: DocLocale,
                        fuzzy: bool) -> list[_Candidate]:
    """A label broken at a paragraph's line end ("... · Requested" / "delivery: Tuesday, December 22,
    2026"): the two lines read as one, for the labels that span the break."""
    row = rows[i]
    if i + 1 >= len(rows) or not row.phrases or not rows[i + 1].phrases:
        return []
    nxt, unit = rows[i + 1], row.words[0].height
    if nxt.page != row.page or nxt.y0 - row.y1 > 0.8 * unit or abs(nxt.words[0].x0 - row.words[0].x0) > unit:
        return []
    joined = Row(row.page, row.words + nxt.words, row.phrases[:-1] + (
        Phrase(row.phrases[-1].words + nxt.phrases[0].words),) + nxt.phrases[1:])
    spliced = rows[:i] + [joined] + rows[i + 2:]
    out = []
    for hit in index.segment(joined.words, fuzzy):
        if hit.start < len(row.words) < hit.end:
            out.extend(_from_label(spliced, i, hit, spec, loc))
    return out


def _stacked_label(rows: list[Row], i: int, index: LabelIndex, spec: LayoutSpec,
                   loc: DocLocale, fuzzy: bool = False) -> list[_Candidate]:
    """A label wrapped in its cell ("Delivery" / "Date", "Requisition" / "#"), its value beside it on
    a line between or level with its two lines: a web form's key-value grid. A label wrapped over three
    lines ("Requested" / "delivery" / "date"), or whose first line is a shorter label of its own ("PO" /
    "number", "Date de livraison" / "souhaitée") when the lines make a longer one, is read whole too; its
    value in the cell under it (issue 23, class 4)."""
    row, out = rows[i], []
    for top in row.phrases:
        own = index.find(top.words, 0, fuzzy)
        own_whole = own is not None and own.end >= len(top.words)
        if len(top.words) > 3 or (len(top.words) > 2 and not own_whole):
            continue
        unit = top.words[0].height
        chain_lines = _label_lines(rows, i, top, unit)
        for k in range(len(chain_lines), 0, -1):  # the longest label first
            tails = chain_lines[:k]
            words = top.words + tuple(w for t in tails for w in t[1].words)
            hit = index.find(words, 0, fuzzy)
            last_j, last = tails[-1]
            if hit is not None and hit.kind in DATE_FIELDS and len(words) - len(last.words) < hit.end < len(words):
                # "Erwartetes" / "Wareneingangsdatum Dezember": the value's middle line run into the label's tail
                tails = tails[:-1] + [(last_j, Phrase(last.words[:hit.end - len(words)]))]
                words = words[:hit.end]
            if hit is None or hit.end != len(words) or hit.kind not in spec.fields:
                continue
            if own_whole and (own is None or label_key(hit.label) == label_key(own.label)):
                break  # a label of its own is read as such ("Date de" / "livraison" is not "Date")
            j, tail = tails[-1]
            right = max([top.x1] + [t.x1 for _, t in tails])
            # a first line that is a label of another field of its own: what is beside it is that field's value
            # ("Date" | "06/12/2026" over "Livraison" in a key-value table); the longer label's is under its cell
            other_own = own_whole and own is not None and own.kind != hit.kind
            # a label of three lines: only a value level with its first line (a key-value grid's cells aligned at
            # their top: "Requested" | "12/31/2026" over "Delivery" / "Date:") is beside it
            low = tail.y1 if k == 1 else top.y1
            beside = [] if other_own else [
                p for r in rows[i:i + 3] if r.page == row.page and top.y0 - unit / 2 <= _cy(r) <= low + unit / 2
                for p in r.phrases if right < p.x0 < right + 14 * unit]
            weight = hit.score * _specificity(hit.label, spec) * CONTINUED
            found = _parse_value(hit.kind, min(beside, key=lambda p: p.x0).words, weight, spec, loc) if beside else []
            if beside and not found and hit.kind in DATE_FIELDS:  # "11" / "December" / "2026" in a narrow value cell
                first = min(beside, key=lambda p: p.x0)
                # a label beside it, on one line or wrapped level with its lines, is the next cell's ("Date de" /
                # "commande" | "Date de livraison" / "souhaitée", "Gewünschter" / "Liefertermin" over the date
                # in a grid): its value is no line of this label's value
                level = tuple(w for r in rows[i:j + 1] if r.page == row.page for w in r.words
                              if first.x0 - unit / 2 <= w.x0 < first.x1 + 2 * unit and w not in tail.words)
                labelled = index.find(first.words, 0, fuzzy) is not None or index.find(level, 0, fuzzy) is not None \
                    or not all(_date_part(w.text) for w in first.words)  # "Angebot vom" over its date: another's
                cell = [] if labelled else [w for r in rows[i:j + 2] if r.page == row.page and r.y0 - tail.y1 < unit
                        for w in r.words if first.x0 - unit / 2 <= w.x0 < first.x1 + 2 * unit and w not in tail.words]
                if len(cell) > len(first.words):
                    found = _parse_value(hit.kind, tuple(cell), weight, spec, loc)
            out.extend(found)
            if not found:  # the value under the label's last line (a narrow column of labels over values)
                # the rows of the cells beside interleave with the value's own lines (a grid's cells centred: "9." /
                # "Dezember" / "2026" beside "BE-" / "2026-" / "4471"): the value's lines are found by their place
                lines = [p.words for r in rows[j + 1:j + 12] if r.page == row.page for p in r.phrases
                         if abs(p.x0 - top.x0) < unit]
                chain = [tail.words]
                for more in lines:
                    # the value's own cell under the label's (a ruled grid: a rule and its margins between)
                    # a grid's cells centre their lines: a label shorter than its row's tallest stands higher
                    if not (_stacked(chain[-1], more) or (len(chain) == 1 and _under_cell(
                            tail.words, more, unit=max(unit, max(w.height for w in tail.words)),
                            gap=CENTRED_GAP))):
                        break
                    chain.append(more)
                out.extend(_below_value(hit.kind, chain[1:], weight * BELOW, spec, loc))
            break
    return out


def _date_part(text: str) -> bool:
    """A word a date cut over lines is made of: digits and separators ("11", "12.", "2026") or a month's name."""
    word = fold(text).lower().strip(".,()")
    return not word or bool(re.fullmatch(r"[\d./-]+(?:st|nd|rd|th|er|e)?", word)) or word in MONTHS \
        or word in WEEKDAYS or word in ("the", "le", "den", "der", "of", "de")


def _label_lines(rows: list[Row], i: int, top: Phrase, unit: float) -> list[tuple[int, Phrase]]:
    """The next lines of the cell ``top`` starts (at most two, each of one or two words and no digit, right under
    the one above, its left edge near the cell's: a centred label's lines start a little apart), with their rows."""
    out: list[tuple[int, Phrase]] = []
    last = top
    for j, below in enumerate(rows[i + 1:i + 5], i + 1):
        if len(out) == 2 or below.page != rows[i].page or below.y0 - last.y1 > unit:
            break
        tail = next((p for p in below.phrases if len(p.words) <= 2 and p.x0 < last.x1 and p.x1 > last.x0
                     and abs(p.x0 - top.x0) < 4 * unit and not any(ch.isdigit() for w in p.words for ch in w.text)),
                    None)
        if tail is not None:
            out.append((j, tail))
            last = tail
    return out


def _cy(row: Row) -> float:
    return (row.y0 + row.y1) / 2


SPACED_GAP = 2.5  # word heights: a typewriter's space read wide on a fax, not the gap to the next cell
SPACED_WORDS = 4


def _typewriter_spaced(row: Row, words: tuple[Word, ...]) -> tuple[Word, ...]:
    """A date whose words a fax parted into phrases by a typewriter's wide spaces ("18." | "Januar" |
    "2027" after "Liefertermin:"): ``words`` and the short phrases right after it on the row, each
    within a few word heights of the one before; () when nothing follows that close."""
    unit = max(w.height for w in words)
    joined, last = list(words), words[-1].x1
    for phrase in (p for p in row.phrases if p.x0 > words[-1].x1):
        if phrase.x0 - last > SPACED_GAP * unit or len(joined) + len(phrase.words) > SPACED_WORDS:
            break
        joined.extend(phrase.words)
        last = phrase.x1
    return tuple(joined) if len(joined) > len(words) else ()


_SEPARATOR = re.compile(r"[:#=|\-–·.»>;]+")


def _without_separator(words: tuple[Word, ...]) -> tuple[Word, ...]:
    """``words`` without a lone separator before the value: a padded ERP row's colon ("Liefertermin        :
    15.12.2026"), which a fax often reads as "#" with a low confidence that weighed the date down to nothing."""
    at = 0
    while at < len(words) - 1 and _SEPARATOR.fullmatch(words[at].text):
        at += 1
    return words[at:]


def _right_of(row: Row, hit: LabelHit) -> tuple[tuple[Word, ...], float]:
    """The words after the label: the rest of its phrase, else the next phrase of the row (a lone separator
    before the value left out)."""
    label_end = row.words[hit.end - 1]
    for n, phrase in enumerate(row.phrases):
        if label_end in phrase.words:
            rest = phrase.words[phrase.words.index(label_end) + 1:]
            if rest:
                return _without_separator(rest), 1.0
            if n + 1 < len(row.phrases):
                nxt = row.phrases[n + 1]
                gap = nxt.x0 - label_end.x1
                return _without_separator(nxt.words), (1.0 if gap < 14 * label_end.height else FAR_RIGHT)
    return (), 0.0


def _under_value(rows: list[Row], i: int, words: tuple[Word, ...]) -> list[tuple[Word, ...]]:
    """The phrases of the rows after row ``i`` that start under the value ``words`` (its left edge),
    nearest first, while each is right under the one before (a value wrapped in its cell)."""
    unit = max(w.height for w in words)
    out: list[tuple[Word, ...]] = []
    for row in rows[i + 1: i + 4]:
        if row.page != words[0].page:
            break
        under = [p.words for p in row.phrases if abs(p.x0 - words[0].x0) < unit]
        if not under:
            break
        out.append(under[0])
    return out


def _below(rows: list[Row], i: int, hit: LabelHit, max_below: float) -> list[tuple[Word, ...]]:
    """Phrases under the label (overlapping it horizontally), nearest first."""
    label = rows[i].words[hit.start: hit.end]
    x0, x1 = label[0].x0, label[-1].x1
    unit = max(w.height for w in label)
    # a ruled grid's cell holding the label (centred) holds its value too, wherever in the cell it sits
    cell = next(((c0, c1) for c0, c1 in rows[i].cells if c0 - 1 <= x0 and x1 <= c1 + 1), None)
    out = []
    head = rows[i]
    at = next((k for k, p in enumerate(head.phrases) if label[0] in p.words), None)
    # where the cells of the label's row start: the label's and each other phrase's first word
    starts = [x0] + [p.words[0].x0 for p in head.phrases if label[0] not in p.words]
    for row in rows[i + 1:]:
        if row.page != label[0].page or row.y0 - label[-1].y1 > max_below * unit:
            break
        if at is not None and row is rows[i + 1] and len(head.phrases) >= 2 and len(row.phrases) == len(head.phrases) \
                and all(a.x1 < b.x0 for a, b in zip(row.phrases, head.phrases[1:])):
            out.append(row.phrases[at].words)  # a grid of titles over values ("Terms | Ship Via | Expected Date"), k-th under k-th
        elif at is not None and row is rows[i + 1] and len(head.phrases) >= 2 and (grid := _under_titles(head, row, unit)):
            out.append(grid[at])  # "Date  Réception prévue" over "14/12/2026 19/12/2026" read as one phrase
        under = [p for p in row.phrases if (p.x0 <= x1 + unit and p.x1 >= x0 - unit and abs(p.x0 - x0) < 6 * unit)
                 or (cell is not None and cell[0] - 1 <= p.x0 and p.x1 <= cell[1] + 1)
                 or (abs(p.x1 - x1) < unit and p.x0 <= x0 and len(row.phrases) <= 2)]  # right-aligned, label over value
        # the phrase most under the label first: a grid's "Date | Date de livraison" over "03/12/26 | 15/12/26"
        out.extend(_own_cell(p.words, x0, starts, unit) for p in sorted(under, key=lambda p: -(min(x1, p.x1) - max(x0, p.x0))))
    return out


def _own_cell(words: tuple[Word, ...], x0: float, starts: list[float], unit: float) -> tuple[Word, ...]:
    """The words of a phrase under a label that are in the label's own cell: narrow cells side by side run their
    values into one phrase ("Dezember Dezember" under "Datum | Liefertermin", "7781203 9, 2026" under "PO No. | Date"),
    each cell's value starting under its title. Split where a word starts under another title; the part starting under
    the label, else the phrase as it is."""
    cuts = [k for k, w in enumerate(words) if k and any(abs(w.x0 - s) < unit / 2 for s in starts)]
    if not cuts:
        return words
    parts = [words[a:b] for a, b in zip([0] + cuts, cuts + [len(words)])]
    own = [part for part in parts if abs(part[0].x0 - x0) < unit / 2]
    return own[0] if len(own) == 1 else words


def _parse_value(field: str, words: tuple[Word, ...], weight: float, spec: LayoutSpec,
                 loc: DocLocale) -> list[_Candidate]:
    conf = min(w.conf for w in words)
    text = " ".join(w.text for w in words)
    if field == "po_number":
        return _po_candidates(words, weight * conf, spec, loc)
    if field == "requested_delivery_date" and (monday := week_monday(text)) is not None:
        return [_Candidate(field, monday, weight * conf, words)]  # "KW 3/2027", "3. KW 2027": the week's Monday
    if field in ("order_date", "requested_delivery_date"):
        parsed = parse_date(text, loc)
        return [_Candidate(field, parsed[0], weight * parsed[1] * conf, words)] if parsed else []
    if field == "currency":
        code = _currency(text)
        return [_Candidate(field, code, weight * conf, words[:1])] if code else []
    return []


def _po_candidates(words: tuple[Word, ...], weight: float, spec: LayoutSpec,
                   loc: DocLocale) -> list[_Candidate]:
    pattern = spec.fields["po_number"].pattern
    if not pattern and len(words) >= 2 and _po_prefix(words[0].text) and _po_ok(words[1].text.strip(":.,;"), None, loc):
        value = f"{words[0].text} {words[1].text.strip(':.,;')}"  # "CMD 26/775": a series prefix, a space, the number
        return [_Candidate("po_number", value, weight * GENERIC_PO, words[:2]), *_date_after(words[2:], weight, loc)]
    if words and (glued := _number_slash_date(words[0], loc)) is not None:
        words = (*glued, *words[1:])  # "BS-40721/05.11.2026": the number, a slash, the date
    for n in (1, 2, 3):
        if n > len(words):
            break
        value = "".join(w.text for w in words[:n]).strip(":.,;")
        if value.endswith("]") and "[" not in value:
            value = value[:-1]  # "[Commande n°8841]": the title's bracket closed after its number
        strength = 1.0 if pattern else GENERIC_PO
        if pattern and not _po_ok(value, pattern, loc):
            value, strength = _pattern_fix(value, pattern) or value, PATTERN_FIXED
        if _po_ok(value, pattern, loc):
            out = [_Candidate("po_number", value, weight * strength, words[:n])]
            out.extend(_date_after(words[n:], weight, loc))
            return out
        if not pattern:
            break
    return []


def _with_slash(words: tuple[Word, ...], loc: DocLocale) -> tuple[Word, ...]:
    """The value of a number-and-date label ("Bestellnummer Datum", "Order No. / Date") printed as two cells
    without the slash ("4500008812 | 11.12.2026"): the number, a slash, the date, as the label pairs them."""
    if len(words) == 2 and any(c.isdigit() for c in words[0].text) and parse_date(words[0].text, loc) is None \
            and parse_date(words[1].text, loc) is not None:
        return words[0], replace(words[1], text="/"), words[1]
    return words


def _number_slash_date(word: Word, loc: DocLocale) -> tuple[Word, Word, Word] | None:
    """A PO number and a date OCR read as one word across the slash between them."""
    head, sep, tail = word.text.partition("/")
    if not sep or not head or not tail or "/" in tail and parse_date(tail, loc) is None:
        return None
    if parse_date(tail, loc) is None or not any(c.isdigit() for c in head) or parse_date(head, loc) is not None:
        return None
    return replace(word, text=head), replace(word, text="/"), replace(word, text=tail)


def _pattern_fix(value: str, pattern: str) -> str | None:
    """The one reading of ``value`` that fits ``pattern`` once usual OCR confusions (O/0, I/1,
    S/5, B/8, Z/2, G/6 either way) are undone, if exactly one does."""
    spots = [i for i, c in enumerate(value) if c in CONFUSABLE][:MAX_FIX_SPOTS]
    fits = set()
    for mask in range(1, 2 ** len(spots)):
        chars = list(value)
        for bit, i in enumerate(spots):
            if mask >> bit & 1:
                chars[i] = CONFUSABLE[chars[i]]
        if re.fullmatch(pattern, "".join(chars)):
            fits.add("".join(chars))
    return fits.pop() if len(fits) == 1 else None


def _po_prefix(text: str) -> bool:
    """A PO series prefix written apart from its number: two to five capitals ("CMD", "BC", "PO"), no
    number word ("NO", "NR") and no currency."""
    return (2 <= len(text) <= 5 and text.isalpha() and text.isupper() and label_key(text) not in TITLE_NUMBER_LABELS
            and text not in CURRENCIES and label_key(text) not in {"no", "nr", "nummer", "ref"})


def _po_ok(value: str, pattern: str | None, loc: DocLocale) -> bool:
    if pattern:
        return re.fullmatch(pattern, value) is not None
    if not PO_TOKEN.fullmatch(value) or not any(c.isdigit() for c in value) or _word_with_a_slip(value):
        return False
    return parse_date(value, loc) is None and len(value) >= 4 and not DECIMAL_AMOUNT.fullmatch(value)


# "150.00", "1.234,50": a quantity or an amount (under "Item No." in a table, beside a lone "No."), no PO number. Four
# digits or more before the cents need their thousands separator: "4711.01", "104550.01" are PO numbers with a
# position or revision suffix (review revC D10)
DECIMAL_AMOUNT = re.compile(r"\d{1,3}(?:[.,\u202f\xa0' ]\d{3})+[.,]\d{2}|\d{1,3}[.,]\d{2}")


WORD_SLIP = re.compile(r"[^\W\d_]{2,}\d[^\W\d_]+", re.UNICODE)


def _word_with_a_slip(value: str) -> bool:
    """A word OCR put one digit into ("souhalt6e" for the label word "souhaitée", "Llefer1ung"): letters
    around a single digit, five letters or more. No PO number: a label's word never becomes one
    (findings-t23 F-1)."""
    return (sum(c.isdigit() for c in value) == 1 and sum(c.isalpha() for c in value) >= 5
            and WORD_SLIP.fullmatch(value) is not None)


def _date_after(words: tuple[Word, ...], weight: float, loc: DocLocale) -> list[_Candidate]:
    """"Commande n° 123 du 12 mars 2026": the date after a PO number is the order date; so is the one
    after a slash ("BS-40721 / 05.11.2026" under "Belegnummer / Datum", "Order No. / Date")."""
    if words and words[0].text.startswith("/") and len(words[0].text) > 1:  # "/05.11.2026" read as one word
        words = (replace(words[0], text="/"), replace(words[0], text=words[0].text[1:]), *words[1:])
    bracketed = _bracketed_date(words, loc)
    if bracketed:
        return [_Candidate("order_date", bracketed[0], weight * DATE_AFTER_PO * bracketed[1] * min(w.conf for w in words),
                           words)]
    if len(words) < 2 or (fold(words[0].text).strip(".:,") not in DATE_JOINERS and words[0].text != "/"):
        return []
    parsed = parse_date(" ".join(w.text for w in words[1:]), loc)
    if not parsed:
        return []
    conf = min(w.conf for w in words[1:])
    return [_Candidate("order_date", parsed[0], weight * DATE_AFTER_PO * parsed[1] * conf, words[1:])]


def _bracketed_date(words: tuple[Word, ...], loc: DocLocale):
    """The order's date in brackets right after its number in the order's title, all the rest of the phrase
    ("[Commande n°8841] (4 décembre 2026)", "[Order #8841] (December 4, 2026)": WooCommerce's heading): (date,
    strength), else None."""
    text = " ".join(w.text for w in words)
    if not (2 <= len(words) <= 4 and text.startswith("(") and text.endswith(")")) or "(" in text[1:] or ")" in text[:-1]:
        return None
    if not date_alone(text[1:-1]):
        return None  # "(devis 28 novembre 2026)", "(livraison 18 décembre 2026)": another date than the order's
    return parse_date(text[1:-1].strip(), loc)


def _currency(text: str) -> str | None:
    for token in re.findall(r"[A-Za-z€$£]+", text):
        if token.upper() in CURRENCIES:
            return token.upper()
        if token.lower() in CURRENCY_SIGNS:
            return CURRENCY_SIGNS[token.lower()]
    return None


def _from_regex(row: Row, spec: LayoutSpec, loc: DocLocale) -> list[_Candidate]:
    out: list[_Candidate] = []
    for field in spec.fields.values():
        for regex in field.regex:
            m = re.search(regex, row.text)
            if m and m.groups():
                words = _words_of_span(row, m.start(1), m.end(1))
                if words:
                    out.extend(_parse_value(field.name, words, spec.strength * REGEX, spec, loc))
    return out


def _titled_number(row: Row, spec: LayoutSpec, loc: DocLocale) -> list[_Candidate]:
    """"Bestellung SV-61-1204", "Purchase Order 31022": a number right after the title, in its phrase, or
    alone in the next phrase of its row (a key-value grid)."""
    for k, phrase in enumerate(row.phrases):
        words = phrase.words
        if label_key(phrase.text) in TITLE_KEYS and k + 1 < len(row.phrases) and len(row.phrases[k + 1].words) == 1:
            nxt = row.phrases[k + 1]  # a key-value grid: "Purchase Order | NG-PO-37000"
            if nxt.x0 - phrase.x1 < 14 * words[-1].height:
                found = _no_year(_po_candidates(nxt.words, AFTER_TITLE * min(w.conf for w in nxt.words), spec, loc))
                if found:
                    return found
        # "Objet : Commande CMD 26/775"; a page's title line "Dupont Fournitures SARL - Commande BC-2026-1210":
        # the title after the sender's name and a dash
        for lead in (_subject_lead(words), *(j + 1 for j, w in enumerate(words) if j and w.text in _TITLE_DASHES)):
            for n in range(lead + 1, min(lead + 4, len(words))):
                if label_key(" ".join(w.text for w in words[lead:n])) not in TITLE_KEYS:
                    continue
                rest = words[n:]
                if rest and label_key(rest[0].text) in TITLE_NUMBER_LABELS | {"no", "nr", "n", "nummer"} and len(rest) > 1:
                    rest = rest[1:]
                found = _no_year(_po_candidates(rest, AFTER_TITLE * min(w.conf for w in words), spec, loc))  # the number,
                # then "du 23 février 2026" whole (the order date after it)
                if found:
                    return found
    return []


_TITLE_DASHES = frozenset({"-", "\u2013", "\u2014", "|"})
# a year after a title, "Müller Bürobedarf GmbH - Bestellung 2026", "Order Form 2026": the year's order form, no PO
# number (review revD D4); a labelled number elsewhere on the page is the PO, or none is read and the order waits
_TITLE_YEAR = re.compile(r"(?:19[9]\d|20[0-3]\d)")


def _no_year(found: list[_Candidate]) -> list[_Candidate]:
    return [c for c in found if not (c.field == "po_number" and isinstance(c.value, str) and _TITLE_YEAR.fullmatch(c.value))]


def _wrapped_title_number(rows: list[Row], i: int, spec: LayoutSpec, loc: DocLocale) -> list[_Candidate]:
    """A title and its number wrapped in a narrow cell, line under line ("Purchase" / "Order" / "106018",
    "Einkaufsbestellung" / "106019": Business Central's "Purchase Order 106018" right of the address): the
    phrases stacked under the row's phrase (left or right aligned, a line apart) read as one title."""
    out: list[_Candidate] = []
    for phrase in rows[i].phrases:
        unit = phrase.words[0].height
        words, last = list(phrase.words), phrase
        for row in rows[i + 1:i + 4]:
            if row.page != rows[i].page or row.y0 - last.y1 > unit:
                break
            under = [p for p in row.phrases if abs(p.x0 - last.x0) < unit or abs(p.x1 - last.x1) < unit]
            if not under and not any(p.x1 > last.x0 and p.x0 < last.x1 for p in row.phrases):
                continue  # a line of the address beside it, lower than the title's big type
            if len(under) != 1 or len(under[0].words) > 2:
                break
            words += under[0].words
            last = under[0]
            for n in range(1, min(4, len(words))):
                if label_key(" ".join(w.text for w in words[:n])) in TITLE_KEYS and len(words) - n == 1 \
                        and _title_number_shape(words[n].text):
                    found = _po_candidates(tuple(words[n:]), AFTER_TITLE * min(w.conf for w in words), spec, loc)
                    if found:
                        out.extend(found)
    return out


_NOT_A_NUMBER = re.compile(r"^(?:rev|ver|version|page|seite|p)\b|^[A-Z]{1,3}-\d{4,5}$", re.IGNORECASE)


def _title_number_shape(text: str) -> bool:
    """A word stacked under a wrapped title that may be its number: four digits at least, not a revision or page
    mark ("Rev.2"), nor a postcode with its country's letters ("D-80331", "CH-8004") of an address beside it."""
    return sum(c.isdigit() for c in text) >= 4 and not _NOT_A_NUMBER.search(text.strip())


def _subject_lead(words: tuple[Word, ...]) -> int:
    """How many words of a letter's subject label ("Objet :", "Betreff:", "Subject:", "Re:") start ``words``."""
    if words and label_key(words[0].text) in SUBJECT_WORDS:
        return 2 if len(words) > 1 and words[1].text == ":" else 1
    return 0


def _letter_date(rows: list[Row], i: int, loc: DocLocale) -> list[_Candidate]:
    """A letter's place and date phrase ("Nantes, le 7 décembre 2026"), else a date alone on its line
    (``extractors.capture.letter_dates``): the order date, weaker than a labelled one."""
    if sum(any(c.isdigit() for c in w.text) for w in rows[i].words) >= ITEM_ROW_NUMBERS:
        return []  # an item row ("... monitor, height adjustable 12/31/2026 3 EA 2,189.00 6,567.00"): no letter's date
    found = place_date(rows[i], loc) or lone_date(rows, i, loc)
    if found is None:
        return []
    value, strength, words = found
    return [_Candidate("order_date", value, GENERIC * LETTER * strength * min(w.conf for w in words), words, True)]


def _sentence_delivery(rows: list[Row], i: int, loc: DocLocale) -> list[_Candidate]:
    """A delivery date written in a sentence with its verb or noun before it ("livrer les articles
    suivants pour le 8 janvier 2027", "Lieferung bis 13. Dezember 2026", "deliver by 01/05/2027"),
    the sentence running on to the next line at most."""
    row = rows[i]
    joined = row
    if i + 1 < len(rows) and rows[i + 1].page == row.page and rows[i + 1].y0 - row.y1 < 0.6 * _height(row):
        joined = Row(row.page, row.words + rows[i + 1].words)
    for m in DELIVERY_SENTENCE.finditer(joined.text):
        if m.start() >= len(row.text):
            break  # it starts on the next line: that row's own turn
        clause = max(joined.text.rfind(stop, 0, m.start()) for stop in ".;:!?") + 1
        if OTHER_DEADLINE.search(joined.text, clause, m.start("date")):
            continue  # "we need your confirmation by ...", "the invoice we require by ...": the date of something else
        words = _words_of_span(joined, m.start("date"), m.end("date"))
        # "bis 9, Dezember 2026", "bis 8: Januar 2027": the day's period read as a comma or colon on a fax
        parsed = parse_date(DAY_COMMA.sub(r"\1.\2", m.group("date")), loc) if words else None
        if parsed:
            return [_Candidate("requested_delivery_date", parsed[0],
                               GENERIC * SENTENCE * parsed[1] * min(w.conf for w in words), words)]
    return []


def _height(row: Row) -> float:
    return max((w.y1 - w.y0 for w in row.words), default=10.0)


def _words_of_span(row: Row, start: int, end: int) -> tuple[Word, ...]:
    out, pos = [], 0
    for w in row.words:
        w_end = pos + len(w.text)
        if w_end > start and pos < end:
            out.append(w)
        pos = w_end + 1
    return tuple(out)


def _title_row_indexes(rows: list[Row], title_rows: list[Row]) -> list[int]:
    ids = {id(r) for r in title_rows}
    return [i for i, r in enumerate(rows) if id(r) in ids]


def _after_title(rows: list[Row], i: int, spec: LayoutSpec, loc: DocLocale) -> list[_Candidate]:
    """"PURCHASE ORDER" then "No. P00342" a few rows below, under the title."""
    title = rows[i]
    out: list[_Candidate] = []
    for row in rows[i + 1: i + 5]:
        if row.page != title.page:
            break
        words = row.words
        for n, word in enumerate(words[:-1]):
            near = words[n + 1].x0 - word.x1 < 3 * word.height
            if n and label_key(words[n - 1].text) in OTHER_NUMBERS:
                continue  # "Account #", "Customer No.": the number of something else
            if word.x1 >= title.words[0].x0 - 40 and label_key(word.text) in TITLE_NUMBER_LABELS and near:
                out.extend(_po_candidates(words[n + 1:n + 4], AFTER_TITLE * word.conf, spec, loc))
    return out


def _clipped(row: Row, index: LabelIndex, spec: LayoutSpec, loc: DocLocale,
             fuzzy: bool) -> tuple[list[_Candidate], set[int]]:
    """The values of labels cut at their cell's edge (``clipped_labels``), each for the one field it can be, and
    the ids of the cut labels' words (a shorter label inside one is none of its own)."""
    out, stumps = [], set()
    for kinds, words, stump in clipped_labels(row, index, set(spec.fields) - {"currency"}, fuzzy):
        found = [c for kind in sorted(kinds) for c in _parse_value(kind, words, CLIPPED_LABEL, spec, loc)
                 if c.field == kind]
        if len({c.field for c in found}) == 1:
            out.extend(found)
            stumps.update(id(w) for w in stump)
        elif len(kinds) > 1:  # "Date de" cut from both dates: no field's value, and its "Date" is no label either
            stumps.update(id(w) for w in stump)
    return out, stumps


def _choose(candidates: list[_Candidate], rows: list[Row]) -> dict[str, FieldValue]:
    best: dict[str, FieldValue] = {}
    taken = {id(w) for c in candidates if not c.unlabelled and c.field != "order_date" for w in c.words}
    candidates = [c for c in candidates if not (c.unlabelled and any(id(w) in taken for w in c.words))]
    # "Date" over the cell of "Requested delivery date" (a label OCR split or a grid's cells misread): that date
    # is the delivery date its own label names, not the order date
    own = {(c.field, id(w)) for c in candidates if not c.generic and not c.unlabelled and c.field in DATE_FIELDS
           for w in c.words}
    candidates = [c for c in candidates if not (c.generic and c.field in DATE_FIELDS and c.words and any(
        (other, id(c.words[0])) in own for other in DATE_FIELDS - {c.field}))]
    candidates = _frames_apart(candidates, best)
    for field in {c.field for c in candidates}:
        mine = sorted((c for c in candidates if c.field == field), key=lambda c: -c.score)
        top = mine[0]
        rival = next((c for c in mine[1:] if c.value != top.value and not _labelled_alike(c.value, top.value)), None)
        confidence = top.score
        if rival is not None and rival.score >= 0.5 * top.score:
            confidence *= RIVAL
        elif rival is None:
            confidence = 1 - (1 - confidence) * UNRIVALLED
        corroborated = False
        if field == "po_number" and isinstance(top.value, str):
            corroborated = _seen_elsewhere(top, rows)
        best[field] = FieldValue(top.value, min(confidence, 1.0), top.words, corroborated,
                                 "" if top.generic or top.unlabelled or rival is not None else top.label,
                                 "" if top.unlabelled else top.read_under)
    return best


_PO_LABEL_KEYS = frozenset(label_key(label) for label in PO_LABELS)

# A frame (blanket) order's number beside the call-off's own: "Rahmenbestellung 4500012345" over "Bestellnummer
# 4711-22", "Blanket order BO-77" beside "PO number 5521", "Commande cadre CC-1" beside "N° de commande 88": the
# frame is ``references.blanket``, no rival of the PO; alone it is still read as the order's number
_FRAME = re.compile(r"rahmen|blanket|framework|standingorder|commandecadre|commandeouverte|contratcadre")
BLANKET = "blanket"  # the frame order's number, kept apart from the PO (``extractors.capture.layout``)


def _frames_apart(candidates: list[_Candidate], best: dict[str, FieldValue]) -> list[_Candidate]:
    """``candidates`` without the PO candidates read under a frame order's label when another PO label found
    a value too; the best of those frame numbers goes to ``best[BLANKET]``."""
    po = [c for c in candidates if c.field == "po_number" and isinstance(c.value, str)]
    frames = [c for c in po if c.label and _FRAME.search(label_key(c.label))]
    own = [c for c in po if c not in frames and c.value not in {f.value for f in frames}]
    if not frames or not own:
        return candidates
    top = max(frames, key=lambda c: c.score)
    best[BLANKET] = FieldValue(top.value, top.score, top.words, False, top.label)
    return [c for c in candidates if c not in frames and not (c.field == "po_number" and c.value == top.value)]


def _labelled_alike(a: object, b: object) -> bool:
    """One PO reading is the other with a PO label before it ("PO 880771" after the title "Purchase Order",
    "880771" after its label "PO"): the same number, no rival."""
    if not isinstance(a, str) or not isinstance(b, str):
        return False
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    head, _, tail = longer.partition(" ")
    return tail == shorter and label_key(head) in _PO_LABEL_KEYS


def _seen_elsewhere(top: _Candidate, rows: list[Row]) -> bool:
    target = label_key(str(top.value))
    used = set(id(w) for w in top.words)
    for row in rows:
        for phrase in row.phrases:
            for w in phrase.words:
                if id(w) not in used and target and label_key(w.text) == target:
                    return True
    return False


def title_rows(rows: list[Row], titles: tuple[str, ...]) -> list[Row]:
    """Rows of the first page whose text is (or starts with) a document title."""
    keys = {label_key(t) for t in titles}
    out = []
    for row in rows:
        if row.page != 1:
            break
        for phrase in row.phrases:
            if label_key(phrase.text) in keys:
                out.append(row)
                break
    return out

