"""A line table's column naming the store, branch or delivery place of each line ("Magasin", "Filiale",
"Store", "Lieu de livraison", "Lieferort"): when its cells hold an address (a street or a postcode and
town), each line goes to a place of its own that the order's single ship-to does not carry, and a person
decides (``SHIP-TO-UNSURE``, the places named). A column of codes only ("0001", "Lager 01", "MAG-01
Villeurbanne": SAP's "Magasin" is a storage location, a warehouse number) names no address and says nothing.

How the two are told apart: a cell is an address when it has a street word with a house number beside it
("8 cours Émile Zola", "Große Bergstraße 12", "Main Street"), or a postcode followed by a town ("69100
Villeurbanne", "22767 Hamburg") or an Irish/British postcode ("T12 AB34", "SW1A 1AA"). A code, a number or
a code and a town name have neither."""

from __future__ import annotations

import re

from extractors.capture.words import Word
from extractors.locale_values import fold
from gateway.model import Problem

# column titles naming the place a line goes to (folded: no accents, lower case)
SITE_TITLES = frozenset({
    "magasin", "magasins", "filiale", "filialen", "store", "stores", "shop", "branch", "site",
    "lieu de livraison", "lieu livraison", "lieferort", "lieferstelle", "niederlassung", "agence",
    "point de vente", "store / branch", "ship to", "ship-to", "deliver to", "livrer a", "lieferanschrift",
    "delivery address", "adresse de livraison", "delivery location", "delivery site", "empfanger", "warenempfanger",
})
_STREET = re.compile(
    r"(?i)\b(?:rue|avenue|av\.|bd|boulevard|cours|place|chemin|allee|quai|impasse|route|street|st\.|road|rd\.|lane|"
    r"drive|way|square|str\.|strasse|weg|platz|gasse|ring|damm|ufer)(?!\w)|\w+(?:strasse|str\.|weg|platz|gasse|damm)(?!\w)")
_POSTCODE_TOWN = re.compile(r"(?:^|[\s,])\d{4,5}\s+[A-ZÀ-Ý][^\W\d_]{2,}")
_UK_IE_POSTCODE = re.compile(r"\b(?:[A-Z]\d{2}\s?[A-Z0-9]{4}|[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2})\b")


def is_site_title(text: str) -> bool:
    """Whether a column title names the store or delivery place of each line."""
    return fold(text).strip(" :.").lower() in SITE_TITLES


def reads_as_address(text: str) -> bool:
    """Whether a store cell's text holds an address (a street, or a postcode and town), not a code only."""
    plain = fold(text).replace("ß", "ss")
    return bool(_STREET.search(plain) or _POSTCODE_TOWN.search(text) or _UK_IE_POSTCODE.search(text))


def site_problems(sites: dict[int, list[Word]]) -> list[Problem]:
    """``SHIP-TO-UNSURE`` when a store column's cells hold addresses: the places named, one line each."""
    texts = {n: " ".join(w.text for w in words) for n, words in sorted(sites.items()) if words}
    places = {n: t for n, t in texts.items() if reads_as_address(t)}
    if not places:
        return []
    shown = "; ".join(f"line {n + 1}: {t[:80]}" for n, t in places.items())
    several = len(set(places.values())) > 1
    return [Problem(code="SHIP-TO-UNSURE", severity="error", element="ship_to",
                    message=("the lines go to several delivery places, each named in the table's store column: "
                             if several else "a line's delivery place is named in the table's store column: ")
                    + shown + "; the order carries one ship-to: a person decides (or splits the order)")]
