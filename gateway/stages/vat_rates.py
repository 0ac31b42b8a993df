"""A total said to include tax with no tax row printed ("Grand total 303.88" under "Subtotal 284.00") passes the
totals-block check when it is the net plus a common VAT rate (``extractors.capture.block_sums``); the rate must
also be one the customer's country charges: 7 % on a Belgian order is no VAT, the total is wrong
(``TOTAL-MISMATCH``). A country not listed here is not checked.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from extractors.capture.block_sums import GROSS_RATE_KEY

# the VAT rates each country charges (standard, reduced, zero); Switzerland's before and after 2024
COUNTRY_RATES: dict[str, frozenset[Decimal]] = {
    country: frozenset(Decimal(r) for r in rates.split()) for country, rates in {
        "AT": "0 10 13 20", "BE": "0 6 12 21", "CH": "0 2.5 2.6 3.7 3.8 7.7 8.1", "DE": "0 7 19",
        "DK": "0 25", "ES": "0 4 5 10 21", "FI": "0 10 13.5 14 24 25.5", "FR": "0 2.1 5.5 10 20",
        "GB": "0 5 20", "UK": "0 5 20", "IE": "0 4.8 9 13.5 23", "IT": "0 4 5 10 22", "LU": "0 3 7 8 13 14 16 17",
        "NL": "0 9 21", "PL": "0 5 8 23", "PT": "0 6 13 23", "SE": "0 6 12 25",
    }.items()}


def wrong_gross_rates(references: dict[str, str], country: str | None) -> list[Decimal]:
    """The rates a total with tax and no tax row implies (the order's references) that the customer's country
    does not charge; [] when the country is not listed or nothing was implied."""
    rates = COUNTRY_RATES.get((country or "").upper()[:2])
    if rates is None or not references.get(GROSS_RATE_KEY):
        return []
    try:
        implied = [Decimal(r) for r in references[GROSS_RATE_KEY].split(",")]
    except InvalidOperation:
        return []
    return [r for r in implied if r not in rates]
