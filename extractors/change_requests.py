"""A typed change of an order's date, quantities or address ("please change the delivery date to ...", "den
Liefertermin verschieben", "décaler la livraison"), read the same in an e-mail body
(``extractors.mail.typed_remarks``) and in a page's notes (``extractors.capture.page_notes``): here, so that
neither reader family imports the other.
"""

from __future__ import annotations

import re

from extractors.locale_values import fold
from gateway.model import Problem

_CHANGE = re.compile(r"\b(?:change|changed|modify|amend|update|move|postpone|reschedule|bring\s+forward|push\s+back"
                     r"|andern|abandern|\w*anderung|geandert\w*|verschieben|verschoben|vorziehen|modifi(?:er|ez|cation)|chang(?:er|ez)|decal(?:er|ez)"
                     r"|avanc(?:er|ez)|report(?:er|ez))\b")
_CHANGED_FIELD = re.compile(r"\b(?:date|delivery|quantit(?:y|ies|e|es)|qty|address|adresse|livraison|termin|liefertermin"
                            r"|lieferdatum|liefertag|menge|mengen|lieferadresse|lieferung)\b")


def change_request(text: str) -> Problem | None:
    """``CHANGE-TYPED`` for a typed change of an order's date, quantities or address ("For PO 4500-8001
    please change the delivery date to 12/18/2026", "bitte den Liefertermin auf den 18.12. verschieben",
    "merci de décaler la livraison au 18/12"): a person applies it to that order."""
    folded = fold(text).replace("ß", "ss")
    if not (_CHANGE.search(folded) and _CHANGED_FIELD.search(folded)):
        return None
    return Problem(code="CHANGE-TYPED", severity="error", element="lines",
                   message=f"a change to an order is typed, a person applies it: {text.strip()[:120]!r}")
