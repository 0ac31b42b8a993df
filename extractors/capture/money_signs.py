"""The currency a page's amounts are printed in, from the signs and codes beside its numbers.

A PDF or fax order rarely has a "Currency:" label; its prices say it: "€ 12,50", "$1,234.00",
"24.50 GBP", a column titled "Unit Price (USD)" or "Einzelpreis EUR". When every such mark on the
pages names one currency (and it is seen at least twice), that is the order's printed currency, so
that an order printed in dollars from a customer who buys in euros is held (CURRENCY-MISMATCH)
instead of being priced in the customer's money. ``$`` is kept as ``$``: the same sign names the US,
Canadian and Australian dollars, and only the customer's own currency settles which.

A sign must touch a number or stand in a column title: an OCR ``$`` read for the ``S`` of an item
code ("$B-5080") is no evidence.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

SIGNS = {"€": "EUR", "£": "GBP", "$": "$", "us$": "USD", "fr.": "CHF", "sfr": "CHF", "sfr.": "CHF"}
CODES = frozenset({"EUR", "USD", "GBP", "CHF", "SEK", "DKK", "NOK", "PLN", "CZK", "CAD", "AUD", "JPY", "HUF",
                   "RON", "INR", "CNY"})
_NUMBER = r"\d[\d.,'\u202f\xa0 ]*"
# "€12,50", "12,50€", "$ 1,234.00" (a sign glued to or one space from a number), "(EUR)", "[€]".
_GLUED = re.compile(rf"^(?:(?P<lead>[€£$])\s?{_NUMBER}|{_NUMBER}\s?(?P<trail>[€£$]))$")
_BRACKETED = re.compile(r"^[(\[](?P<mark>[€£$]|[A-Za-z]{3})[)\]]$")
MIN_MARKS = 2
DOLLARS = frozenset({"USD", "CAD", "AUD", "NZD", "SGD", "HKD", "MXN"})
_BARE_NUMBER = re.compile(rf"^{_NUMBER}$")
PRICE_TITLES = ("price", "preis", "prix", "amount", "betrag", "montant", "total", "summe", "cost", "wert", "gesamt", "p.u.",
                "pu", "ht", "net", "netto")


def printed_currency(lines: Iterable[str]) -> str | None:
    """The one currency the amounts of these text lines are marked in (``EUR``, ``GBP``, ``$``...);
    None when no mark is seen at least twice or when two currencies are marked."""
    seen: Counter[str] = Counter()
    for line in lines:
        seen.update(_marks(line.split()))
    if "$" in seen and len(seen) == 2:  # "Unit Price (USD)" over "$3.15": the sign is that dollar
        other = next(c for c in seen if c != "$")
        if other in DOLLARS:
            seen = Counter({other: seen[other] + seen.pop("$")})
    if len(seen) != 1:
        return None
    currency, count = seen.most_common(1)[0]
    return currency if count >= MIN_MARKS else None


def _marks(tokens: list[str]) -> list[str]:
    out: list[str] = []
    for i, token in enumerate(tokens):
        mark = _mark_of(token)
        if mark:
            out.append(mark)
            continue
        if token in SIGNS or token.lower() in SIGNS or token.upper() in CODES:
            beside = tokens[i - 1:i] + tokens[i + 1:i + 2]
            if any(_BARE_NUMBER.match(b) for b in beside) or _title_word(tokens[i - 1:i]):
                out.append(SIGNS.get(token.lower(), token.upper()))
    return out


def _mark_of(token: str) -> str | None:
    glued = _GLUED.match(token)
    if glued:
        return SIGNS[glued.group("lead") or glued.group("trail")]
    bracketed = _BRACKETED.match(token)
    if bracketed:
        mark = bracketed.group("mark")
        if mark in SIGNS:
            return SIGNS[mark]
        return mark.upper() if mark.upper() in CODES else None
    return None


def _title_word(before: list[str]) -> bool:
    """"Einzelpreis EUR", "Unit Price USD", "Montant HT EUR": a code right after a price word."""
    return bool(before) and any(t in before[0].lower() for t in PRICE_TITLES)
