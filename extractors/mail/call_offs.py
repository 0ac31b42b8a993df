"""A call-off typed with the customer's own number beside its frame order: "Rahmenvertrag 4500007778, unsere
Abrufnummer 63002", "Blanket order BO-77 - our call-off number 5521", "commande cadre CC-118, notre numéro d'appel
52". The call-off number is the order's PO and the frame order (or frame contract) its ``references.blanket``;
"Abruf Nr. 7 zu unserer Rahmenbestellung RB-2210", a release counted against the frame order with no number of
the customer's own, stays the frame order's release (``releases._RELEASE``)."""

from __future__ import annotations

import re

from extractors.locale_values import fold

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


# what a label line may hold besides its frame order and its call-off number: "Rahmenvertrag 4500007778, unsere
# Abrufnummer 63002", "call-off 7730 under blanket order BO-4410". Any other word makes it a sentence about a call-off
# ("Unsere letzte Abrufnummer 63001 ist noch offen", "Our call-off no. 7730 was delivered short", "Ihre Abrufnummer"),
# which may be an earlier order's or the supplier's number: never this order's PO on its own.
_LINKS = frozenset("and und et to zu zum zur for fur pour under against sur du de of der des the mit with avec from "
                   "aus in im dans our unser unsere unserer unseren notre nos".split())


def _label_line(line: str, own: re.Match[str]) -> bool:
    """Whether ``line`` is a label line for the call-off ``own``: nothing but frame orders, the call-off and linking
    words."""
    rest = line[:own.start()] + " " + line[own.end():]
    rest = FRAME.sub(" ", rest)
    words = re.findall(r"[^\W\d_]+", fold(rest))
    return all(word in _LINKS for word in words)


def own_call_off(lines: list[str], po: tuple[str, float] | None) -> tuple[str, frozenset[str]] | None:
    """The customer's own call-off number and the ONE frame order it is drawn on, when ``lines`` name both on a label
    line and no PO but the frame order (``po``: the PO read so far); None otherwise (two frame orders: which one the
    call-off is drawn on is not said, ``several_orders`` holds them)."""
    frames = frozenset(m.group("po").rstrip(".") for line in lines for m in FRAME.finditer(line))
    if len(frames) != 1 or (po is not None and po[0] not in frames):
        return None
    called = [m.group("po").rstrip(".") for line in lines for m in _OWN.finditer(line)
              if any(c.isdigit() for c in m.group("po")) and m.group("po").rstrip(".") not in frames]
    if len(set(called)) != 1:
        return None
    if not all(_label_line(line, m) for line in lines for m in _OWN.finditer(line)
               if m.group("po").rstrip(".") == called[0]):
        return None
    return called[0], frames
