"""An order's total stated in a sentence under its items (a letter: "This order totals USD 1,234.50",
"Le total de cette commande est de 1 234,50 euros HT", "Der Auftragswert beträgt insgesamt 1.234,50 Euro").

Taken only when no total row was read, and only when the sentence's amount is what the lines come to: the
sentence then confirms the lines as a total row would. A sentence amount the lines do not give is left
unread (the order's checks stand as they are); a postcode or a date in the sentence is never a total.
"""

from __future__ import annotations

import re
from decimal import Decimal

from extractors.capture.words import Row, Word, box_of
from extractors.locale_values import DocLocale, fold, parse_number
from extractors.pricing import line_amount
from gateway.model import ExtractedOrder

SENTENCE = 0.9  # confidence of a total read from a sentence the lines agree with
_TOTAL_WORDS = re.compile(
    r"\b(?:totals?|totaling|totalling|amounts? to|comes? to|order value|total amount|gesamtbetrag|gesamtsumme"
    r"|auftragswert|bestellwert|gesamtwert|betragt insgesamt|belauft sich|summe|montant total|total de"
    r"|s'eleve|s.eleve|montant de la commande)\b")
_MONEY = re.compile(r"\d{1,3}(?:[ .,\u202f\u00a0]\d{3})*(?:[.,]\d{2})|\d+[.,]\d{2}")
CENT = Decimal("0.01")


def sentence_total(order: ExtractedOrder, rows: list[Row], loc: DocLocale) -> None:
    """Set ``order.total`` from a sentence stating it, when the order has none and the lines give it."""
    if order.total is not None or not order.lines:
        return
    amounts = [line_amount(ln) for ln in order.lines]
    if any(a is None for a in amounts):
        return
    goods = sum((a for a in amounts if a is not None), Decimal(0))
    for row in rows:
        text = fold(row.text).lower()
        if len(row.words) < 4 or not _TOTAL_WORDS.search(text):
            continue
        for m in _MONEY.finditer(row.text):
            parsed = parse_number(m.group(0), loc)
            if parsed and abs(parsed[0] - goods) < CENT:
                order.total = parsed[0]
                order.confidence["total"] = round(SENTENCE * parsed[1], 4)
                words: list[Word] = [w for w in row.words if m.group(0).split()[0] in w.text]
                if words:
                    order.boxes["total"] = box_of(words)
                return
