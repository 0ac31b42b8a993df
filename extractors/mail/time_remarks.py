"""Remarks typed under an order's items whose only numbers count time or money, never goods.

"Bitte rufen Sie 2 Tage vorher an", "Net 30 days as usual", "Merci de prévenir 24 h avant", "Paiement à 30 jours
fin de mois", "Deliveries accepted 8am-4pm only", "Livraison en matinée svp": the reader of typed orders holds a line
after the items that carries a number or looks like a noun phrase (``LINE-UNREAD``), so that an item it cannot read
never vanishes. These remarks are no item: they go into the order's notes (the ERP carries them) and do not hold it.
A line that starts like an addition ("plus ...", "und ...", "et aussi ..."), keeps a number that is not a period, a
time or money, names an item code or a word of goods ("Toner", "agrafeuses") is never one.
"""

from __future__ import annotations

import re

from extractors.capture.page_notes import names_goods_word
from extractors.locale_values import fold
from extractors.mail.number_words import SPELLED

# a count of time or money: "2 Tage", "30 days", "24 h", "8am", "2 %", "15 EUR"
_PERIODS = re.compile(r"\b\d{1,5}(?:[.,]\d+)?\s*(?:h|hrs?|hours?|heures?|std|stunden|uhr|min\w*|tage?n?|days?|jours?"
                      r"|wochen?|weeks?|semaines?|monate?n?|months?|mois|am|pm|%|prozent|percent|pour\s*cent"
                      r"|eur|euros?|usd)(?![\w])")
# "8-16 Uhr", "8am-4pm", "8h-12h", "7:30 - 15:00"
_HOURS = re.compile(r"\b\d{1,2}(?:[:.h]\d{2})?\s*(?:h|uhr|am|pm)?\s*(?:-|\u2013|to|bis|a|au|et|and|und)\s*\d{1,2}(?:[:.h]\d{2})?"
                    r"\s*(?:h|uhr|am|pm)\b|\b\d{1,2}:\d{2}\b")
_PHONE = re.compile(r"(?:\+|\b)\d[\d .()/-]{6,}\d\b")
# what such a remark speaks of: delivery, the time of day, a call before, payment
_REMARK = re.compile(r"\b(?:livraisons?|livrer|livre[sz]?|deliver\w*|lieferung\w*|liefern|anlieferung|versand|shipping"
                     r"|zahlung|zahlbar|zahlungsziel|paiement|reglement|payment|netto|net|matin\w*|morning|afternoon"
                     r"|apres-midi|vormittags?|nachmittags?|accepted|acceptees?|rappeler|appeler|prevenir|anrufen|call"
                     r"|avant|vorher|before|prior|advance|avance)\b")
_ADDITION = re.compile(r"^\W*(?:\+|&|plus|and|also|as\s+well|additionally|et|aussi|ainsi\s+que|en\s+plus|und|sowie|dazu"
                       r"|ausserdem|zusatzlich|noch)\b")
_CODE = re.compile(r"\b(?=[a-z]*\d)(?=\d*[a-z])[a-z\d]+(?:[-/.][a-z\d]+)+\b|\b[a-z]{1,4}\d{3,}\b")
_NUMBER_WORDS = re.compile(r"\b(?:" + "|".join(sorted((re.escape(w) for w in SPELLED
                           if w not in {"un", "une", "ein", "eine", "einem", "einen", "eins", "one"}),
                           key=len, reverse=True)) + r")\b")


def time_remark(text: str) -> bool:
    """A remark on delivery, time or payment whose numbers are periods, hours, money or a phone number and that
    names no goods: a note for the ERP, never an unread item line."""
    folded = fold(text).replace("ß", "ss").strip()
    if not _REMARK.search(folded) or _ADDITION.match(folded):
        return False
    rest = _PERIODS.sub(" ", _HOURS.sub(" ", _PHONE.sub(" ", folded)))
    if re.search(r"\d", rest) or _NUMBER_WORDS.search(rest) or _CODE.search(rest):
        return False
    return not names_goods_word(rest)
