"""Item id qualifiers of the EDI standards: which role each id plays on an order line.

Owns the two code lists the EDI readers need, reduced to the ids that name an item (not its colour,
batch or tariff number):

* UN/EDIFACT 7143 (item type identification, PIA and LIN C212) as EANCOM uses it: buyer ``BP``
  buyer's part number, ``IN`` buyer's item number, ``IT`` buyer's style number, ``UA`` ultimate
  customer's article number; supplier ``SA`` supplier's article number, ``VN`` vendor item number,
  ``VP`` vendor's part number, ``VS`` vendor's supplemental item number; manufacturer ``MF``,
  ``MN`` model number; standard ``EN`` EAN, ``SRV`` GTIN, ``SRS``, ``UP`` UPC, ``IB`` ISBN,
  ``IS`` ISSN.
* ASC X12 235 (product/service id qualifier, PO1/POC/LIN/G68 pairs): buyer ``BP``, ``IN``, ``CB``
  buyer's catalog number, ``PI`` purchaser's item code, ``SK`` SKU (the buyer's own); supplier ``VP``,
  ``VN``, ``VC`` vendor's catalog number, ``VA`` vendor's style number, ``PN`` company part number;
  manufacturer ``MG`` manufacturer's part number, ``MF`` manufacturer, ``MN`` model number; standard
  ``UP`` UCC-12, ``UI`` U.P.C. consumer package code, ``UK`` GTIN-14, ``UA`` U.P.C./EAN case code,
  ``EN`` EAN-13, ``EO`` EAN-8, ``IB`` ISBN, ``ND``/``N4`` NDC.

A standard id becomes the line's ``gtin``; an ISBN-10 is turned into its GTIN (978 prefix, new check
digit), an ISSN counts only as its 977 GTIN-13. Every id is also kept by its qualifier as sent
(``item_ids``), the first of each qualifier counting.
"""

from __future__ import annotations

BUYER, SUPPLIER, MANUFACTURER, STANDARD = "customer_item", "supplier_item", "manufacturer", "gtin"

EDIFACT_ROLES: dict[str, str] = {
    "BP": BUYER, "IN": BUYER, "IT": BUYER, "UA": BUYER,
    "SA": SUPPLIER, "VN": SUPPLIER, "VP": SUPPLIER, "VS": SUPPLIER,
    "MF": MANUFACTURER, "MN": MANUFACTURER,
    "EN": STANDARD, "SRV": STANDARD, "SRS": STANDARD, "UP": STANDARD, "IB": STANDARD, "IS": STANDARD,
}
X12_ROLES: dict[str, str] = {
    "BP": BUYER, "IN": BUYER, "CB": BUYER, "PI": BUYER, "SK": BUYER,
    "VP": SUPPLIER, "VN": SUPPLIER, "VC": SUPPLIER, "VA": SUPPLIER, "PN": SUPPLIER,
    "MG": MANUFACTURER, "MF": MANUFACTURER, "MN": MANUFACTURER,
    "UP": STANDARD, "UI": STANDARD, "UK": STANDARD, "UA": STANDARD, "EN": STANDARD, "EO": STANDARD,
    "IB": STANDARD, "ND": STANDARD, "N4": STANDARD,
}
# Within a role, the qualifier that wins when a line carries several (lower first).
_RANK: dict[str, int] = {"SA": 0, "VP": 0, "VN": 1, "BP": 0, "IN": 1, "SRV": 0, "EN": 0, "UP": 1, "UK": 2}


def isbn10_to_gtin(isbn: str) -> str | None:
    """The GTIN-13 (978...) of an ISBN-10 (hyphens allowed), or None when it is not one."""
    digits = isbn.replace("-", "").replace(" ", "")
    if len(digits) != 10 or not digits[:9].isdecimal():
        return None
    body = "978" + digits[:9]
    total = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(body))
    return body + str((10 - total % 10) % 10)


def as_gtin(qualifier: str, value: str) -> str | None:
    """A standard id as a GTIN, or None: an ISBN-13 or ISBN-10 (converted), an ISSN only as its
    13-digit 977 GTIN, any other standard id as sent (the GTIN look-up checks its digits)."""
    digits = value.replace("-", "").replace(" ", "")
    if qualifier == "IB":
        return digits if len(digits) == 13 and digits.isdecimal() else isbn10_to_gtin(digits)
    if qualifier == "IS":
        return digits if len(digits) == 13 and digits.startswith("977") and digits.isdecimal() else None
    return value


def _ranked(roles: dict[str, str]) -> dict[str, tuple[str, int]]:
    """Each qualifier that sets a line field, with its field and its rank within that field."""
    return {q: (role, _RANK.get(q, 5)) for q, role in roles.items() if role != MANUFACTURER}


EDIFACT_RANKED, X12_RANKED = _ranked(EDIFACT_ROLES), _ranked(X12_ROLES)


def assign_roles(line: dict[str, object], ids: dict[str, str], ranked: dict[str, tuple[str, int]]) -> None:
    """Set the line's ``customer_item``, ``supplier_item`` and ``gtin`` from its ids by qualifier: for
    each role the best-ranked qualifier (SA before VN, BP before IN, SRV/EN before UP...), the first
    one sent among equals; manufacturer ids and ids of no known role stay in ``item_ids`` only."""
    best: dict[str, int] = {}
    for qualifier, value in ids.items():
        entry = ranked.get(qualifier)
        if entry is None:
            continue
        role, rank = entry
        if role in best and best[role] <= rank:
            continue
        if qualifier == "IB" or qualifier == "IS":
            gtin = as_gtin(qualifier, value)
            if gtin is None:
                continue
            value = gtin
        best[role] = rank
        line[role] = value
