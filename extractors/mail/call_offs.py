"""A call-off typed with the customer's own number beside its frame order: "Rahmenvertrag 4500007778, unsere
Abrufnummer 63002", "Blanket order BO-77 - our call-off number 5521", "commande cadre CC-118, notre numéro d'appel
52". The call-off number is the order's PO and the frame order (or frame contract) its ``references.blanket``;
"Abruf Nr. 7 zu unserer Rahmenbestellung RB-2210", a release counted against the frame order with no number of
the customer's own, stays the frame order's release (``body_text._RELEASE``)."""

from __future__ import annotations

import re

_ID = r"(?P<po>[A-Z0-9][A-Z0-9/_.-]{1,34}[A-Z0-9])"
_NO = r"(?:\s*(?:n\s?[°ºo]\.?|nr\.?|no\.?|number|nummer|num[ée]ro|#))?\s*[:.]?\s*"
# a frame order or a frame contract, with its number
FRAME = re.compile(rf"\b(?:rahmen(?:auftrag|bestellung|vertrag|vereinbarung)(?:s?nummer)?|blanket\s+(?:purchase\s+)?"
                   rf"(?:order|p\.?o\.?|agreement|contract)|frame\s+(?:order|contract|agreement)|(?:commande|contrat)"
                   rf"[\s-]+cadre){_NO}{_ID}", re.IGNORECASE)
# the customer's own call-off number: a possessive before it ("unsere Abrufnummer", "our call-off no.", "notre appel
# de livraison n°") or a compound naming a number ("Abrufnummer", "Abrufbestellnummer", "call-off number", "release
# order no.", "numéro d'appel")
_OWN = re.compile(
    rf"\b(?:(?:unser[e]?[rn]?|our|notre)\s+(?:call[- ]?off|release|abruf|appel(?:\s+de\s+livraison)?)(?:[\s-]*(?:order|"
    rf"auftrag|bestellung))?(?:bestell)?{_NO}|abruf(?:bestell|auftrags)?nummer\s*[:.]?\s*|abruf-?bestell(?:nummer|-?nr\.?)"
    rf"\s*[:.]?\s*|(?:call[- ]?off|release)(?:\s+order)?\s+(?:number|no\.?|#)\s*[:.]?\s*|num[ée]ro\s+d'appel(?:\s+de"
    rf"\s+livraison)?\s*[:.]?\s*){_ID}", re.IGNORECASE)


def own_call_off(lines: list[str], po: tuple[str, float] | None) -> tuple[str, frozenset[str]] | None:
    """The customer's own call-off number and the frame orders it is drawn on, when ``lines`` name both and no PO
    but a frame order (``po``: the PO read so far); None otherwise."""
    frames = frozenset(m.group("po").rstrip(".") for line in lines for m in FRAME.finditer(line))
    if not frames or (po is not None and po[0] not in frames):
        return None
    called = [m.group("po").rstrip(".") for line in lines for m in _OWN.finditer(line)
              if any(c.isdigit() for c in m.group("po")) and m.group("po").rstrip(".") not in frames]
    if len(set(called)) != 1:
        return None
    return called[0], frames
