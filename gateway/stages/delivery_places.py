"""Delivery places given per line (cXML ``ItemOut/ShipTo``, UBL ``OrderLine/LineItem/Delivery``).

The ERP takes one delivery address per order. When every line names the same place and the order
names none, that place is the order's ship-to. When a line names another place than the order (or
the lines name different places), shipping it to the order's address would be wrong: the order waits
(``DELIVERY-SPLIT``, each such line and its place named) for a person to split it. Lines that repeat
the order's own place (Ariba puts the header's ShipTo on every item) change nothing.
"""

from __future__ import annotations

import re

from extractors.locale_values import fold
from gateway.model import ExtractedOrder, Issue, Party

ID_KEYS = ("gln", "buyer_assigned", "duns")


def settle_line_places(order: ExtractedOrder) -> tuple[ExtractedOrder, list[Issue]]:
    """The order with its lines' common place as its ship-to when it has none, and the issues of lines
    going elsewhere than the order."""
    placed = [(line.line_no, line.ship_to) for line in order.lines if line.ship_to is not None]
    if not placed:
        return order, []
    header = order.party("ship_to")
    if header is None:
        first = placed[0][1]
        if len(placed) == len(order.lines) and all(same_place(p, first) for _, p in placed):
            return order.model_copy(update={"parties": [*order.parties, first]}), []
    apart = [(n, p) for n, p in placed if header is None or not same_place(p, header)]
    if not apart:
        return order, []
    where = "; ".join(f"line {n} to {describe(p)}" for n, p in apart)
    to = f"the order's place is {describe(header)}" if header is not None else "the order names no place"
    return order, [Issue(code="DELIVERY-SPLIT", severity="error", field="ship_to",
                         message=f"lines go to places of their own ({where}); {to}: one order per delivery "
                                 "address, a person splits it")]


def same_place(a: Party, b: Party) -> bool:
    """The same place: a shared id (GLN, the buyer's address code) with the same value, else the same
    street and postcode (or street and city), compared without case, accents or punctuation."""
    shared = [k for k in ID_KEYS if a.ids.get(k) and b.ids.get(k)]
    if shared:
        return all(_norm(a.ids[k]) == _norm(b.ids[k]) for k in shared)
    if not (a.street and b.street):
        return _norm(a.name) == _norm(b.name) and _norm(a.city) == _norm(b.city)
    if _norm(a.street) != _norm(b.street):
        return False
    if a.postcode and b.postcode:
        return _norm(a.postcode) == _norm(b.postcode)
    return _norm(a.city) == _norm(b.city)


def describe(party: Party) -> str:
    parts = [party.name, party.street, " ".join(p for p in (party.postcode, party.city) if p)]
    text = ", ".join(p for p in parts if p)
    ids = ", ".join(f"{k} {v}" for k, v in party.ids.items() if k in ID_KEYS)
    return text + (f" ({ids})" if ids and text else ids) or "an unnamed place"


def _norm(text: str | None) -> str:
    return re.sub(r"[^0-9a-z]", "", fold(text or ""))
