"""A cover e-mail that names the place the attached order itself delivers to adds nothing.

"Anbei Bestellung für die Filiale Augsburg." over a Word order whose delivery address is "Müller Bürobedarf GmbH /
Filiale Augsburg / Maximilianstraße 12 / 86150 Augsburg" (outside trial, wave 2: held ``COVER-NOTE`` needlessly).
A note is the order's own place when every place it names (a capitalised name beside a site word: "Filiale
Augsburg", "our Leeds branch", "notre agence de Lyon") is in the order's delivery address (its name, street or
town, town names across languages alike) and the note with that place taken out says nothing else
(``extractors.mail.cover_note.cover_instructions``). Another place, or a date, quantity or condition beside it,
still holds.
"""

from __future__ import annotations

import re

from extractors.locale_values import fold
from extractors.mail.cover_note import cover_instructions
from gateway.model import Party
from gateway.reference.city_names import same_town

_SITE = (r"(?:site|plant|warehouse|depot|branch|store|shop|office|factory|lager|werk|filiale|niederlassung|standort"
         r"|entrepot|entrepôt|usine|agence|magasin|succursale|chantier|baustelle)")
_NAME = r"[A-ZÄÖÜÀ-Ý][\w'’-]+(?:[\s-][A-ZÄÖÜÀ-Ý][\w'’-]+)?"
_PLACE = re.compile(rf"(?i:\b{_SITE})\s+(?:(?i:in|de|d'|du|at|von|à|a)\s*)?(?P<after>{_NAME})"
                    rf"|(?P<before>{_NAME})\s+(?i:{_SITE})\b")


def _words(text: str | None) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", fold((text or "").casefold()).replace("ß", "ss")))


def names_the_orders_place(note: str, ship_to: Party | None) -> bool:
    """Whether ``note`` names only the delivery place ``ship_to`` the order itself gives, and nothing else."""
    if ship_to is None:
        return False
    places = list(_PLACE.finditer(note))
    if not places:
        return False
    where = f" {_words(' '.join(filter(None, (ship_to.name, ship_to.street, ship_to.city))))} "
    for match in places:
        name = match.group("after") or match.group("before")
        if f" {_words(name)} " not in where and not same_town(name, ship_to.city):
            return False
    rest = note
    for match in reversed(places):
        rest = rest[:match.start()] + rest[match.end():]
    return not cover_instructions(rest)
