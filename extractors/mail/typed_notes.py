"""The paragraphs of a typed e-mail that no rule reads, carried as the order's notes.

A person typing an order writes remarks beside the items ("Bitte auf einer Palette liefern.", "Merci de reprendre
les palettes vides.", "Please use the rear entrance"). Every hold rule reads them first (``typed_remarks``,
``delivery_conditions``, the dates and terms readers); whatever none of them turns into a field or a hold still must
not vanish: it goes to the ERP as a note. What is no note stays out, judged as printed pages' notes are
(``extractors.note_furniture.mail_furniture``): the greeting and opening, the closing and signature (left out by
``body_text.outside_lines``), a contact line, a legal disclaimer; and a line that only gives a field the reader has
read ("Commande n° KF-302", "Liefertermin: 03.02.2027", "PO 4711, please deliver by 11/02/2027"). A line introducing
the items ("Please send the following:") is no note either.
"""

from __future__ import annotations

import re

from extractors.locale_values import fold
from extractors.note_furniture import mail_furniture
from extractors.note_terms import said_dates
from gateway.model import ExtractedOrder

# the words of a line that only names a field read (the PO, a date) or introduces the items
_FIELD_WORDS = frozenset((
    "po", "p", "o", "purchase", "order", "orders", "no", "nr", "n", "number", "num", "ref", "reference", "our", "your",
    "commande", "bon", "de", "numero", "notre", "votre", "bestellung", "bestellnummer", "bestell", "auftrag",
    "auftragsnummer", "unsere", "unser", "ihre", "delivery", "deliver", "delivered", "date", "dated", "due", "by", "on",
    "before", "latest", "at", "the", "for", "to", "please", "pls", "kindly", "required", "requested", "needed", "wanted",
    "livraison", "livrer", "livre", "le", "la", "les", "du", "des", "pour", "au", "plus", "tard", "avant", "souhaitee",
    "date", "merci", "svp", "liefertermin", "lieferdatum", "lieferung", "liefern", "wunschtermin", "termin", "am",
    "bis", "zum", "spatestens", "bitte", "vom", "datum", "bestelldatum", "order", "of", "send", "us", "following",
    "items", "goods", "below", "folgende", "folgenden", "artikel", "positionen", "hiermit", "bestellen", "wir", "we",
    "would", "like", "ci", "dessous", "suivants", "suivantes", "nous", "vous", "commandons", "voici", "here", "is",
    "are", "new", "neue", "nouvelle", "and", "und", "et", "a", "an", "i", "je", "ich", "une", "un", "eine", "ein"))


def left_notes(texts: list[str], order: ExtractedOrder, said: set[str]) -> list[str]:
    """The lines of ``texts`` (outside the items, no closing or signature) that become notes: no furniture, no field
    already read, not already said (``said``: lines read as something else, stripped)."""
    out = []
    for text in dict.fromkeys(t.strip() for t in texts):
        if not text or text in said or not re.search(r"[^\W\d_]{2,}", text) or text.endswith(":"):
            continue
        if mail_furniture(text, order) or field_line(text, order.po_number):
            continue
        out.append(text[:200])
    return out


def field_line(text: str, po: str | None) -> bool:
    """Whether a line only gives the PO, a date or an order word ("Commande n° KF-302 - livraison le 09/02/2027")."""
    folded = " ".join(fold(text).replace("ß", "ss").lower().split())
    for start, end, _days in sorted(said_dates(folded), reverse=True):
        folded = folded[:start] + " " + folded[end:]
    if po:
        folded = folded.replace(fold(po).lower(), " ")
    return all(word in _FIELD_WORDS for word in re.findall(r"[^\W\d_]+", folded))
