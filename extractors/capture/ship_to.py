"""The delivery address of a read order: "Adresse de livraison :", "Lieferanschrift", "Ship to".

The text after the label on its row, or else the lines under it (up to ``MAX_LINES``, stopping at a
blank gap), is split into name, street, postcode and city: a European "69007 Lyon", a British
"LS1 4AB Leeds" or "Leeds LS1 4AB", or a US "Boston MA 02110". What cannot be split stays in the name.
"""

from __future__ import annotations

import re

from extractors.capture.labels import LabelIndex
from extractors.capture.words import Row
from gateway.model import Party

SHIP_TO_LABELS = ("adresse de livraison", "lieu de livraison", "livrer à", "à livrer à", "livraison à",
                  "lieferadresse", "lieferanschrift", "anlieferadresse", "anlieferung an", "lieferung an",
                  "ship to", "deliver to", "delivery address", "shipping address")
MAX_LINES = 4
_INDEX = LabelIndex(("ship_to", label) for label in SHIP_TO_LABELS)
_EU = re.compile(r"^(?:[A-Z]{1,2}-)?(\d{4,5})\s+(\D.+)$")
_US = re.compile(r"^(.+?)\s+([A-Z]{2})\s+(\d{5}(?:-\d{4})?)$")
_UK = re.compile(r"^(?:(.+?)\s+)?([A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2})(?:\s+(.+))?$")


def find_ship_to(rows: list[Row], fuzzy: bool = False) -> Party | None:
    """The first delivery address on page 1, or None."""
    for i, row in enumerate(rows):
        if row.page != 1:
            return None
        for hit in _INDEX.segment(row.words, fuzzy):
            parts = _after_label(rows, i, hit.end)
            if parts:
                return _party(parts)
    return None


def _after_label(rows: list[Row], i: int, end: int) -> list[str]:
    row = rows[i]
    rest = " ".join(w.text for w in row.words[end:]).strip(" :")
    if rest:
        return [p.strip() for p in re.split(r"[,;]", rest) if p.strip()]
    label = row.words[end - 1]
    out: list[str] = []
    last = row
    for nxt in rows[i + 1: i + 1 + MAX_LINES]:
        if nxt.page != row.page or nxt.y0 - last.y1 > 1.2 * label.height:
            break
        below = [p for p in nxt.phrases if p.x1 > row.words[0].x0 - label.height and p.x0 < label.x1 + 20 * label.height]
        if not below:
            break
        out.append(below[0].text)
        last = nxt
    return out


def _party(parts: list[str]) -> Party:
    party = Party(role="ship_to", name=parts[0])
    for n, part in enumerate(parts[1:], 1):
        place = _place(part)
        if place:
            party.postcode, party.city, country = place
            party.country = country
            street = [p for p in parts[1:n] if any(c.isdigit() for c in p)]
            party.street = street[-1] if street else (parts[n - 1] if n > 1 else None)
            break
    return party


def _place(text: str) -> tuple[str, str, str | None] | None:
    m = _US.match(text)
    if m:
        return m.group(3), f"{m.group(1)} {m.group(2)}", "US"
    m = _EU.match(text)
    if m:
        return m.group(1), m.group(2).strip(), None
    m = _UK.match(text)
    if m and (m.group(1) or m.group(3)):
        return m.group(2), (m.group(1) or m.group(3)).strip(), "GB"
    return None
