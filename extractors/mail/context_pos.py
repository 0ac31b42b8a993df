"""A new PO typed after an earlier one named only as context: "Following our PO KF-1 last week, please send
the following on our new PO KF-2:", "Suite à notre commande CDE-1, voici notre nouvelle commande n° CDE-2",
"Im Anschluss an unsere Bestellung 4711 bitte auf unsere neue Bestellung 4712 liefern".

When the body names exactly one PO introduced as new ("new PO", "nouvelle commande", "neue Bestellung") and
every other PO it names is introduced as context ("following our PO", "suite à notre commande", "zu unserer
Bestellung"), the new PO is the order's and the context POs are no second order (kept as
``references["follows"]``). Anything else (two new POs, another PO named plainly) is left to the usual
reading, which holds several POs for a person.
"""

from __future__ import annotations

import re

from extractors.locale_values import fold

_PO_ID = r"(?P<po>[A-Za-z0-9][A-Za-z0-9/_.-]{1,34}[A-Za-z0-9])"
_ORDER = (r"(?:purchase\s+order|p\.?\s?o\.?|order|bon\s+de\s+commande|commande|bestellung|auftrag)"
          r"\s*(?:number|no\.?|nr\.?|n\s?[°o]\.?|numero|#)?\s*[:#.]?\s*")
_NEW = re.compile(rf"\b(?:new|nouvelle|nouveau|neue[nmrs]?)\s+(?:{_ORDER}|bestellnummer\s*:?\s*){_PO_ID}", re.IGNORECASE)
_CONTEXT = re.compile(
    rf"\b(?:following(?:\s+on\s+from)?|further\s+to|with\s+reference\s+to|in\s+reference\s+to|referring\s+to|after"
    rf"|suite\s+a|a\s+la\s+suite\s+de|faisant\s+suite\s+a|en\s+reference\s+a|apres"
    rf"|zu|im\s+anschluss\s+an|bezugnehmend\s+auf|mit\s+bezug\s+auf|nach)\s+"
    rf"(?:(?:our|the|my|notre|la|ma|votre|unserer|unsere|unseren|der|die|meiner|ihrer)\s+)?"
    rf"(?:(?:last|previous|earlier|recent|derniere|precedente|letzten|vorherigen)\s+)?{_ORDER}{_PO_ID}", re.IGNORECASE)


def _key(po: str) -> str:
    return re.sub(r"[^0-9a-z]", "", po.lower())


def _found(pattern: re.Pattern[str], lines: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in lines:
        folded = fold(line)
        if len(folded) != len(line):
            continue
        for match in pattern.finditer(folded):
            value = line[match.start("po"):match.end("po")].rstrip(".")
            if any(c.isdigit() for c in value):
                out.setdefault(_key(value), value)
    return out


def new_over_context(lines: list[str], named: list[str]) -> tuple[str, list[str]] | None:
    """The PO introduced as new and the context POs it wins over, when ``named`` (every PO the body names)
    is exactly that one new PO and POs named as context; None otherwise."""
    fresh = _found(_NEW, lines)
    if len(fresh) != 1:
        return None
    context = {key: value for key, value in _found(_CONTEXT, lines).items() if key not in fresh}
    (new_key, new_value), = fresh.items()
    coded = any(c.isalpha() for c in new_key) and len(new_key) >= 5
    if not (coded or (len(new_key) >= 4 and new_key in {_key(po) for po in named})):
        return None  # "new order 120 x X" names no PO: a code, or a number the reader's PO labels also find
    others = [po for po in named if _key(po) != new_key]
    if not context or not all(_key(po) in context for po in others):
        return None
    return new_value, list(context.values())
