"""Rows of a line table that are no items, and a line's discount column.

Shops and order forms put shipping ("Frais de port", "Versandkosten", "Shipping & handling") and
discounts ("Remise fidélité", "Rabatt", a negative amount) as rows of the item grid, often with a
quantity of 1. ``split_charges`` takes them out of the lines and keeps them as the order's own
charges and allowances (``gateway.model.Allowance``, level "order", by amount), which the total check
counts (``gateway.model.order_adjustment``). A row with an item code holding digits is an item
whatever its words ("Shipping labels 100 x 150", code "LB-1050").

``apply_discount`` reads a discount column ("Remise" 10 %): the price column is then the gross
price, the line's net price is the gross less the percentage when the line's amount says so (the
amount is quantity x net); when the amount is quantity x gross the discount is not in it: the
percentage is kept, not applied, and the price made doubtful.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from extractors.locale_values import DocLocale, fold, parse_number
from gateway.model import Allowance, ExtractedLine

CHARGE_WORDS = (
    "frais de port", "port et emballage", "frais d'envoi", "frais d'expedition", "frais de livraison",
    "frais de transport", "participation aux frais de port", "forfait port", "forfait livraison",
    "versandkosten", "versandkostenpauschale", "versandpauschale", "frachtkosten", "fracht",
    "porto", "transportkosten", "lieferkosten", "verpackung und versand", "porto und verpackung",
    "shipping", "shipping and handling", "shipping & handling", "freight", "delivery charge", "delivery fee",
    "postage", "postage and packing", "handling fee", "handling charge",
    "port", "port ht", "port et emballage ht", "frais de port ht", "carriage charge", "carriage paid",
    "versand", "versandkosten netto", "fracht netto",
    "transport", "transportation", "fret", "frais de transport ht", "livraison", "delivery", "carriage",
    "shipping cost", "shipping costs", "freight charges", "shipping charges", "transportpauschale", "frachtpauschale",
    "expedition",  # a web shop's totals ("Expédition : 12,00 € via Forfait", WooCommerce in French)
)
ALLOWANCE_WORDS = (
    "remise", "remise fidelite", "remise commerciale", "remise exceptionnelle", "rabais", "ristourne",
    "reduction", "escompte", "rabatt", "treuerabatt", "sonderrabatt", "mengenrabatt", "nachlass", "skonto",
    "discount", "loyalty discount", "volume discount", "special discount",
)
DOUBTFUL_PRICE = 0.5  # a price whose discount the line's amount does not include
CENT = Decimal("0.01")


def split_charges(lines: list[ExtractedLine]) -> tuple[list[ExtractedLine], list[Allowance]]:
    """The item lines (renumbered when a row was taken out) and the order's charges and allowances."""
    items: list[tuple[int, ExtractedLine]] = []
    adjustments: list[Allowance] = []
    for n, line in enumerate(lines, 1):
        found = _adjustment(line)
        if found is None:
            items.append((n, line))
        else:
            adjustments.append(found)
    for n, (was, line) in enumerate(items, 1):
        if line.line_no == was:  # numbered by its row, not by a position column
            line.line_no = n
    return [line for _n, line in items], adjustments


def _adjustment(line: ExtractedLine) -> Allowance | None:
    """The order charge or allowance a row states, or None for an item."""
    if any(code and any(c.isdigit() for c in code) for code in (line.customer_item, line.supplier_item, line.gtin)):
        return None
    amount = line.amount if line.amount is not None else (
        line.quantity * line.unit_price if line.quantity is not None and line.unit_price is not None else None)
    if amount is None or (line.quantity is not None and line.quantity > 1):
        return None
    words = _words(line.description or line.customer_item or "")
    if re.search(r"\w-\w", line.description or line.customer_item or ""):
        return None  # "Versand-Karton", "Port-Replikator": a product's compound word, not a charge
    kind = "allowance" if amount < 0 or _whole_label(words, ALLOWANCE_WORDS) else \
        "charge" if _whole_label(words, CHARGE_WORDS) else None
    if kind is None:
        return None
    return Allowance(kind=kind, level="order", description=line.description, amount=abs(amount))


# a room, door, dock or building at the delivery site: a number after it is that place's ("quai 3", "Büro 12")
PLACE_WORDS = frozenset({"bureau", "bureaux", "quai", "porte", "portail", "batiment", "bat", "etage", "salle",
                         "hall", "halle", "zone", "allee", "cellule", "entrepot", "magasin", "buro", "tor",
                         "rampe", "gebaude", "raum", "zimmer", "lager", "office", "room",
                         "dock", "gate", "bay", "door", "building", "floor", "suite", "ramp", "warehouse",
                         "block", "wing", "aisle"})
TAX_WORDS = frozenset({"mwst", "ust", "tva", "vat", "tax", "taxe", "taxes", "umsatzsteuer", "gst", "btw", "steuer",
                       "steuern", "vorsteuer", "mehrwertsteuer", "iva"})
LESS_WORDS = frozenset({"less", "abzgl", "abzuglich", "moins", "deduction"})


def adjustment_kind(label: str, amount: Decimal, money: bool = False) -> str | None:
    """"allowance" or "charge" for a row of a totals block under the table that states an order-level
    discount or charge ("Remise commerciale 5 %", "Less: trade discount 5%", "abzgl. 3 % Rabatt",
    "Shipping (agreed flat rate)", "Frais de port"); None for any other row (tax, totals, notes).
    ``money``: the amount is written as money (cents, a currency beside it); a bare number right after a place
    word is that place's ("Livraison bureau 12"), but money there is the charge ("Livraison magasin : 15,00 €")."""
    words = _words(label)
    if not words or TAX_WORDS & set(words) or (words[-1] in PLACE_WORDS and not money):
        return None  # "Livraison bureau 12", "Delivery: Gate 9": the number is a place's, no amount
    phrases = lambda found: any(words[k:k + len(p)] == p for p in (_words(x) for x in found)  # noqa: E731
                                for k in range(len(words)))
    if amount < 0 or words[0] in LESS_WORDS or phrases(ALLOWANCE_WORDS):
        return "allowance" if phrases(ALLOWANCE_WORDS) or words[0] in LESS_WORDS else None
    return "charge" if phrases(CHARGE_WORDS + ("carriage", "delivery")) else None


def whole_label(label: str) -> bool:
    """The label is a charge or discount phrase and nothing else but a basis, a rate or a carrier."""
    words = _words(label)
    return _whole_label(words, CHARGE_WORDS) or _whole_label(words, ALLOWANCE_WORDS)


def is_tax(label: str) -> bool:
    """A tax row's label ("Sales tax (5.6%)", "TVA 20 %", "zzgl. 19 % MwSt.")."""
    return bool(TAX_WORDS & set(_words(label)))


def _words(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"[\w&']+", fold(text)))


def _starts_with(words: tuple[str, ...], phrases: tuple[str, ...]) -> bool:
    return any(words[:len(p)] == p for p in (_words(phrase) for phrase in phrases))


# What may follow a charge or discount phrase in an item row that is one: a tax basis, a rate, a carrier
FILLER = frozenset({"ht", "net", "netto", "brutto", "ttc", "agreed", "flat", "rate", "pauschal", "pauschale",
                    "forfait", "forfaitaire", "inkl", "incl", "included", "und", "and", "et", "verpackung",
                    "emballage", "packing", "packaging", "handling", "express", "standard", "ups", "dhl", "dpd",
                    "gls", "fedex", "tnt", "chronopost", "colissimo", "post", "la", "poste", "eur", "usd", "gbp",
                    "chf", "fee", "charge", "kosten", "frais", "of", "de", "du", "the", "on", "sur", "auf", "order",
                    "commande", "bestellung", "total", "gesamt", "pct", "percent", "prozent", "pourcent"})


def _whole_label(words: tuple[str, ...], phrases: tuple[str, ...]) -> bool:
    """The row's words are a charge or discount phrase and nothing else but a basis, a rate or a carrier
    ("Frais de port HT", "Versandkosten DHL", "Rabatt 5 %"): "Port replicator USB-C" is an item."""
    for phrase in (_words(p) for p in phrases):
        if words[:len(phrase)] == phrase and all(w in FILLER or w.isdigit() for w in words[len(phrase):]):
            return True
    return False


NET_PLACES = Decimal("0.00001")  # a net price keeps the decimals a discount gives it (8.40 - 1.5 % = 8.274, 4.97 - 12.5 % = 4.34875)


def _net_price(gross: Decimal, rate: Decimal) -> Decimal:
    """The price less ``rate`` percent, to the cent or, where the discount gives more decimals, to five:
    rounded to the cent, 100 x 8.27 would not be the printed 827.40."""
    net = (gross * (100 - rate) / 100).quantize(NET_PLACES, rounding=ROUND_HALF_UP).normalize()
    return net if net.as_tuple().exponent < -2 else net.quantize(CENT)


def _cent_as_amount(net: Decimal, line: ExtractedLine) -> Decimal:
    """A net price of more than two decimals (3.90 less 5 % = 3.705) whose line amount is not the quantity
    times it (12 x 3.705 = 44.46) but is the quantity times the price rounded to the cent (12 x 3.71 = 44.52):
    the price was rounded before it was multiplied. Where both give the amount (1 x 1.035 printed 1.04), or
    only the exact one does (100 x 8.274 = 827.40), the exact price stays."""
    if net.as_tuple().exponent >= -2 or line.quantity is None or line.amount is None:  # type: ignore[operator]
        return net
    if abs(line.quantity * net - line.amount) <= CENT:
        return net
    cents = net.quantize(CENT, rounding=ROUND_HALF_UP)
    return cents if line.quantity * cents == line.amount else net


def apply_discount(line: ExtractedLine, text: str, loc: DocLocale) -> None:
    """A discount cell ("10 %", "-5,5%"): the net price, the gross price and the percentage."""
    parsed = parse_number(text.replace("%", " ").strip(), loc)
    if parsed is None or line.unit_price is None:
        return
    rate = abs(parsed[0])
    if rate == 0:
        return
    if not 0 < rate < 100:
        line.confidence["unit_price"] = 0.0
        return
    gross = line.unit_price
    net = _cent_as_amount(_net_price(gross, rate), line)
    applied = line.quantity is None or line.amount is None or abs(line.quantity * gross - line.amount) > CENT
    line.allowances.append(Allowance(kind="allowance", percent=rate, applied=applied))
    if applied:
        line.gross_price, line.unit_price = gross, net
    else:
        line.confidence["unit_price"] = min(line.confidence.get("unit_price", 1.0), DOUBTFUL_PRICE)
