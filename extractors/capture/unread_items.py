"""An item left in the notes: a text PDF's row under or after the table that reads as an order line (issue 18,
outside tester t2 H1: the rows of a table after a page break went into the notes; with no total printed to
disagree, the order would have gone out short of them).

A note that reads as a row, a product named (a catalogue code, or a description) and then a quantity, a unit price
and their product as the line amount ("SKU-1001 Copy paper A4 30 Karton 24,50 735,00"), is an item the table did not
read: the order waits (``LAYOUT-ROW-UNREAD``, the rows' confidence halved) whatever its total says. A note with
money but no such product ("Mindestbestellwert 50,00 EUR", "Versand ab 150,00 frei"), or whose numbers multiply
around a size, instalments or freight ("2 Paletten à 1,20 m Höhe (max. 2,40 m)", "3 Raten à 418,34 = 1.255,00")
is a note.
"""

from __future__ import annotations

import re
from decimal import Decimal

from extractors.locale_values import DocLocale, parse_number
from gateway.model import ExtractedOrder, Problem

CODE = "LAYOUT-ROW-UNREAD"
_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:[.,\u202f\xa0' ]\d{3})*(?:[.,]\d{1,4})?(?![\w])")
CENT = Decimal("0.01")


def _numbers(text: str, loc: DocLocale) -> list[Decimal]:
    out = []
    for m in _NUMBER.finditer(text):
        read = parse_number(m.group(0).strip(), loc)
        if read is not None:
            out.append(read[0])
    return out


# A product named in the note: a catalogue code or cross-reference ("SKU-1001", "TK-12008", "HT.12160", "A4-80")
_CODE = re.compile(r"^(?=[\w.\-/]*[A-Za-z])(?=[\w.\-/]*\d)[A-Za-z0-9][\w.\-/]{2,}$")
# Words of a note that is no item row: payment, freight, discount, delivery, sizes, budgets (review revtables 5)
NOT_AN_ITEM = frozenset("""
    zahlung zahlungen rate raten teilzahlung teilzahlungen anzahlung skonto rabatt fracht versand porto
    anlieferung lieferung teillieferung palette paletten höhe breite länge gewicht budget projekt kostenstelle
    payment payments instalment instalments installment installments deposit paid freight shipping discount
    delivery pallet pallets height width length weight project phase budget
    paiement acompte versé versement échéance échéances remise frais port livraison hauteur largeur longueur
    poids projet
""".split())
# A quantity's unit word that is no item's (sizes, instalments, days, percent), and words joining a sum ("à", "x", "=")
NOT_A_UNIT = frozenset("m cm mm km kg g t % raten tage days jours mal fois times à a x × @ at je per par pro = zu".split())
CURRENCY = frozenset("eur € usd $ gbp £ chf".split())


def _token_number(token: str, loc: DocLocale) -> Decimal | None:
    if not _NUMBER.fullmatch(token := token.strip("(),;:")):
        return None
    read = parse_number(token, loc)
    return read[0] if read is not None else None


def priced_item(text: str, loc: DocLocale) -> bool:
    """A note that reads as an item's row: a product named (a catalogue code, or description words and no payment,
    freight, discount, delivery or size word) before a quantity, its unit word at most, a unit price, a currency
    at most, and an amount that is their product (a cent or two of rounding) with its cents written. "2 Paletten
    à 1,20 m Höhe (max. 2,40 m)", "3 Raten à 418,34 = 1.255,00" are notes."""
    tokens = text.split()
    values = [_token_number(t, loc) for t in tokens]
    for q, qty in enumerate(values):
        for p in (q + 1, q + 2):
            if qty is None or qty <= 0 or p >= len(tokens) or values[p] is None or not _unit_between(tokens[q + 1:p]):
                continue
            for a in (p + 1, p + 2):
                if a < len(tokens) and values[a] is not None and _amount_of(qty, values[p], values[a], tokens[a]) \
                        and all(t.lower() in CURRENCY for t in tokens[p + 1:a]) and _names_a_product(tokens[:q]):
                    return True
    return False


def _unit_between(tokens: list[str]) -> bool:
    """Nothing, or one unit word an item is counted in ("Karton", "EA", "Stk"), between a quantity and its price."""
    return not tokens or len(tokens) == 1 and tokens[0].isalpha() and tokens[0].lower() not in NOT_A_UNIT


def _amount_of(qty: Decimal, price: Decimal, amount: Decimal, token: str) -> bool:
    return (price > 0 and qty != amount and re.search(r"[.,]\d{2}\b", token) is not None
            and abs(qty * price - amount) <= 2 * CENT)


def _names_a_product(before: list[str]) -> bool:
    """A catalogue code before the quantity, or description words and no word of a payment, freight or size note."""
    if any(_CODE.match(t.strip("(),;:")) for t in before):
        return True
    words = [w.strip("(),;:.").lower() for w in before]
    return any(len(w) >= 3 and w.isalpha() for w in words) and not any(w in NOT_AN_ITEM for w in words)


def unread_item_notes(order: ExtractedOrder, notes: list[str], loc: DocLocale) -> list[Problem]:
    """``LAYOUT-ROW-UNREAD`` for the notes that read as priced items (the order's lines not among them)."""
    lines = {(ln.quantity, ln.amount) for ln in order.lines}
    items = [n for n in notes if priced_item(n, loc) and not _a_read_line(n, lines, loc)]
    if not items:
        return []
    order.confidence["rows"] = min(order.confidence.get("rows", 1.0), 0.5)
    return [Problem(code=CODE, severity="warning", message=(
        f"{len(items)} row(s) under the table read as items but not as lines (now notes): {items[0][:60]!r}; "
        f"a person checks no line is lost"))]


def _a_read_line(text: str, lines: set, loc: DocLocale) -> bool:
    """The note repeats a line read (its quantity and amount): a description noted, no item lost."""
    numbers = set(_numbers(text, loc))
    return any(q in numbers and a in numbers for q, a in lines if q is not None and a is not None)
