"""A note that splits the delivery into parts of its own ("Lieferung in zwei Teilen", "deliver 2 now and the
rest next week", "moitié maintenant, le reste en janvier"): the order's one date and its lines cannot say it, so
a person plans the shipments (``QUESTION-TYPED`` in ``gateway.stages.mapping.with_note_problems``).

Only a split the note itself lays out counts: a number of parts or shipments, or a part now and a part later.
"Teillieferung möglich", "partial deliveries accepted" say no schedule and are read by ``typed_remarks``."""

from __future__ import annotations

import re

from extractors.locale_values import fold

_PARTS = re.compile(
    r"\bin\s+(?:two|2|three|3|zwei|drei|deux|trois)\s+(?:separate\s+)?(?:shipments?|deliver(?:y|ies)|lots?|parts?"
    r"|batch(?:es)?|consignments?|teile?n?|lieferungen|teillieferungen|partien|etappen|livraisons?|fois|envois?"
    r"|expeditions?|tranches?)\b|\b(?:split|divide|teilen|aufteilen|fractionner|diviser|repartir)\b[^.;]{0,40}"
    r"\b(?:two|2|three|3|zwei|drei|deux|trois)\b")
_NOW = re.compile(r"\b(?:now|immediately|right\s+away|at\s+once|asap|sofort|jetzt|umgehend|gleich"
                  r"|maintenant|immediatement|tout\s+de\s+suite|de\s+suite)\b")
_MONTHS = (r"january|february|march|april|may|june|july|august|september|october|november|december|januar|februar"
           r"|marz|mai|juni|juli|oktober|dezember|janvier|fevrier|mars|avril|juin|juillet|aout|septembre|octobre"
           r"|novembre|decembre")
_LATER = re.compile(r"\b(?:the\s+rest|remainder|remaining|balance|later|next\s+(?:week|month)|(?:der|den)\s+rest|restliche\w*"
                    r"|rest\s+(?:in|im|next|later|sp(?:a|ae)ter|am|on)|sp(?:a|ae)ter"
                    r"|nachste\w*\s+woche|le\s+reste|reste|plus\s+tard|la\s+semaine\s+prochaine|le\s+mois\s+prochain)\b"
                    rf"|\b(?:in|im|en|au\s+mois\s+d.)\s*(?:{_MONTHS})\b")


def splits_delivery(text: str) -> bool:
    """Whether a note lays out a delivery in parts (see the module)."""
    folded = fold(text).replace("ß", "ss").lower()
    if _PARTS.search(folded):
        return True
    now = _NOW.search(folded)
    if now is None:
        return False
    sentence = re.split(r"[.;!?](?:\s|$)", folded[now.end():], maxsplit=1)[0]  # the part later in the same sentence
    return bool(_LATER.search(sentence))
