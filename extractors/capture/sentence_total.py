"""An order's total stated in a sentence of a letter ("Der Gesamtbetrag der Bestellung beläuft sich auf
137,50 € netto.", "The total value of this order is $1,020.00.", "Le montant total de la commande s'élève à
1 250,00 € HT."): read as the order's total, so that the lines are checked against it (quantity x price
summed = total, ``TOTAL-MISMATCH`` otherwise), never taken as a line.

Only money is read: the amount has its decimals or a currency sign beside it, so a postcode ("80331
München"), a date or an order number in the same sentence is never a total. A sentence naming the total
with tax ("brutto", "inkl. MwSt.", "TTC", "including VAT") gives no net total; two different totals stated
give none either. The total word must be this order's ("this order", "la commande", "unsere Bestellung",
"order total"), and a sentence stating a threshold or a term ("free delivery for orders over a total of
150,00 €", "minimum order amount of 50.00 EUR", "Mindestbestellwert") states no total.
"""

from __future__ import annotations

import re
from decimal import Decimal

from extractors.locale_values import DocLocale, fold, parse_number

# a total word, then (within the sentence) the first amount
_TOTAL_WORDS = re.compile(
    r"\b(?:gesamtbetrag|gesamtsumme|gesamtwert|gesamtpreis|auftragswert|bestellwert|bestellsumme|auftragssumme|"
    r"nettobetrag|endbetrag|total|totals|totaling|totalling|totale|montant total|montant global|grand total|order value"
    r"|amount of|amounts to|comes to)\b")
# the total word must be this order's: "this order", "la commande", "unsere Bestellung", "order total"
_THIS_ORDER = re.compile(
    r"\b(?:(?:this|the|our|your|my|present) (?:purchase )?order(?! (?:form|confirmation|history))(?!s)|"
    r"order (?:total|value)|total order|"
    r"(?:diese[rsn]?|unsere[rsn]?|die|der|des|ihre[rsn]?|vorliegende[rn]?) (?:bestellung|auftrag\w*)|"
    r"bestellwert|auftragswert|bestellsumme|auftragssumme|"
    r"(?:la|cette|notre|votre|present\w*) commande|total de (?:la )?commande)\b")
# a threshold or a term with an amount: no order's total ("free shipping for orders over a total of 500 €",
# "minimum order amount of 100 €", "Mindestbestellwert", "franco à partir de 300 €")
_THRESHOLD = re.compile(
    r"\b(?:above|over|exceed\w*|under|below|less than|more than|at least|minimum|min|maximum|up to|if|when|"
    r"orders (?:with|of|over|above|from|under|below)|for orders|free (?:shipping|delivery|carriage)|"
    r"handling (?:fee|charge)|surcharge|threshold|"
    r"ab|uber|unter|unterhalb|oberhalb|mindest\w*|hochst\w*|bei bestellungen|versandkostenfrei\w*|zuschlag|falls|wenn|"
    r"a partir d\w*|au[- ]dela|superieur\w*|inferieur\w*|plus de|moins de|franco (?:de port )?(?:a partir|des|pour)|"
    r"si|seuil|frais)\b")
# numbers as written: "1 659,20" (a space between thousands) is one, "3,48 139,20" two
_NUMBERS = re.compile(r"(?<![\d.,])\d{1,3}(?:[ \u202f\xa0]\d{3})+(?:[.,]\d+)?(?!\d)|\d+(?:[.,]\d+)*")
MAX_NUMBERS = 2  # a sentence states a total and maybe a date or PO; a table row (code, qty, price, amount) is none
_GROSS = re.compile(r"\b(?:brutto|inkl|inklusive|incl|including|inc vat|ttc|toutes taxes|tax included|with vat)\b")
_CUR = r"(?:[$€£]|eur|usd|gbp|chf|euros?|dollars?)"
_AMOUNT = re.compile(
    rf"(?<![\w.,])(?P<c1>{_CUR}\s?)?(?P<num>\d{{1,3}}(?:[.,\u202f\xa0 ]\d{{3}})*(?:[.,]\d{{2}})?|\d+(?:[.,]\d{{2}})?)"
    rf"(?![\w])(?P<c2>\s?{_CUR}(?![a-z]))?", re.IGNORECASE)
MAX_GAP = 80  # characters between the total word and its amount
SENTENCE_CONFIDENCE = 0.9


def sentence_total(texts: list[str], loc: DocLocale) -> tuple[Decimal, float] | None:
    """The net total stated in sentences of ``texts`` (paragraphs outside the item table), or None."""
    found: set[Decimal] = set()
    for text in texts:
        for sentence in re.split(r"(?<=[.!?])\s+(?=[A-ZÄÖÜÉÈ])|\n", text):
            folded = fold(sentence)
            word = _TOTAL_WORDS.search(folded)
            if word is None or len(sentence.split()) < 4:  # "Total: 12,00" is a label row, read as such
                continue
            if _GROSS.search(folded) or len(_NUMBERS.findall(sentence)) > MAX_NUMBERS:
                continue
            if not _THIS_ORDER.search(folded.lower()) or _THRESHOLD.search(folded.lower()):
                continue  # "Gesamtwert unserer Rahmenvereinbarung", "orders with a total above 150,00 €"
            amount = _first_money(sentence[word.end():word.end() + MAX_GAP], loc)
            if amount is not None:
                found.add(amount)
    return (found.pop(), SENTENCE_CONFIDENCE) if len(found) == 1 else None


def _first_money(text: str, loc: DocLocale) -> Decimal | None:
    for m in _AMOUNT.finditer(text):
        num = m.group("num").strip()
        money = m.group("c1") or m.group("c2") or re.search(r"[.,]\d{2}$", num)
        if not money:
            continue
        if re.fullmatch(r"\d{1,2}[.,]\d{2}", num) and re.match(r"\s*[.,/]\s*\d", text[m.end():]):
            continue  # "18.12.2026": a date, not 18.12
        parsed = parse_number(num.replace("\xa0", " ").replace("\u202f", " "), loc)
        if parsed is not None and parsed[0] > 0:
            return parsed[0]
    return None
