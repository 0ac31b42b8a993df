"""The delivery address of a read order: "Adresse de livraison :", "Lieferanschrift", "Ship to".

The text after the label on its row, or else the lines under it (up to ``MAX_LINES``, stopping at a
blank gap or at another party's label), is split into name, street, postcode and city: a European
"69007 Lyon", a British "LS1 4AB Leeds" or "Leeds LS1 4AB", or a US "Boston MA 02110" /
"Milwaukee, WI 53202" (city "Milwaukee": the ZIP code names the state). The place is the last line
that reads as one: "1400 W Canal St" above it is the street, not a postcode. What cannot be split
stays in the name.

Boxes side by side ("Vendor | Ship To", "Invoice address | Delivery address"): the lines under the
label are taken from the label's own column only, up to the next label on its row; in a ruled grid,
from the cell under the label's cell. Nothing cross-checks an address (no arithmetic, no master data),
so ``ship_to_confidence`` says how sure the reading is: full only for a block of its own lines with a
street and a place, no other party's label and no sentence in it; else ``DOUBTFUL`` (held).
"""

from __future__ import annotations

import re

from extractors.capture.labels import LabelIndex
from extractors.capture.words import Row, Word
from gateway.model import Party

SHIP_TO_LABELS = ("adresse de livraison", "lieu de livraison", "livrer à", "à livrer à", "livraison à",
                  "lieferadresse", "lieferanschrift", "anlieferadresse", "anlieferung an", "lieferung an",
                  "ship to", "deliver to", "delivery address", "shipping address")
OTHER_PARTY_LABELS = ("invoice", "invoice to", "invoice address", "bill to", "billing address", "sold to", "vendor",
                      "supplier", "adresse de facturation", "facturation", "facturer à", "fournisseur",
                      "rechnungsadresse", "rechnungsanschrift", "rechnung an", "lieferant", "auftraggeber",
                      "buyer", "acheteur", "besteller")
MAX_LINES = 4
DOUBTFUL = 0.5  # an address read from a merged cell, without street or place, or with another box's words
_INDEX = LabelIndex(("ship_to", label) for label in SHIP_TO_LABELS)
_OTHER = LabelIndex(("other", label) for label in OTHER_PARTY_LABELS)
_EU = re.compile(r"^(?:[A-Z]{1,2}-)?(\d{4,5})\s+(\D.+)$")
_US = re.compile(r"^(.+?),?\s+([A-Z]{2})\s+(\d{5}(?:-\d{4})?)$")
_UK = re.compile(r"^(?:(.+?)\s+)?([A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2})(?:\s+(.+))?$")


def find_ship_to(rows: list[Row], fuzzy: bool = False) -> Party | None:
    """The first delivery address on page 1, or None."""
    for i, row in enumerate(rows):
        if row.page != 1:
            return None
        for hit in _INDEX.segment(row.words, fuzzy):
            if not any(p.words[0] is row.words[hit.start] for p in row.phrases):
                continue  # "… le bon de livraison à la facture.": the words inside a sentence
            parts = _after_label(rows, i, hit.start, hit.end)
            if parts:
                return _party(parts, merged=bool(row.cells))
    return None


def ship_to_confidence(party: Party) -> float:
    """1.0 for a delivery address read whole (name, street, place, nothing of another box), else
    ``DOUBTFUL``."""
    return 1.0 if party.role == "ship_to" and _whole(party) else DOUBTFUL


def _whole(party: Party) -> bool:
    texts = [t for t in (party.name, party.street, party.city) if t]
    sentence = any(re.search(r"\.\s+[a-zà-ÿ]", t) or re.search(r"\.\s+\S+\s+\S+\s+\S+", t) for t in texts)
    return bool(party.street and party.city and party.postcode and not sentence
                and not any(_other_label(t) for t in texts))


def _other_label(text: str) -> bool:
    words = [Word(w, 0, 0, 1, 1, 1.0, 1) for w in text.split()]
    return any(h.start == 0 for h in _OTHER.segment(words, False))


def _after_label(rows: list[Row], i: int, start: int, end: int) -> list[str]:
    row = rows[i]
    label = row.words[end - 1]
    after = [w for w in row.words[end:] if w.text != ":"]
    right = next((b.x0 for a, b in zip(after, after[1:]) if b.x0 - a.x1 > 2.5 * label.height), None)  # the next box
    if after and not row.cells and after[0].x0 - label.x1 > 6 * label.height:
        right = after[0].x0  # the row's next words are another box's label, far from this one
    rest = " ".join(w.text for w in row.words[end:] if right is None or w.x0 < right).strip(" :")
    if row.cells:  # a ruled grid: the label's cell, then the cell under it (never the next cell's text)
        return _cell_below(rows, i, row.words[start], row.words[end - 1])
    if rest:
        return _split(rest)
    left, bound = row.words[start].x0 - label.height, right if right is not None else float("inf")
    out: list[str] = []
    last = row
    for nxt in rows[i + 1: i + 1 + MAX_LINES]:
        if nxt.page != row.page or nxt.y0 - last.y1 > 1.2 * label.height:
            break
        below = [p for p in nxt.phrases if p.x1 > left and p.x0 < bound - label.height]
        if not below or _other_label(below[0].text):
            break  # the next box starts under this one
        out += _split(below[0].text)
        last = nxt
    return out


def _cell_below(rows: list[Row], i: int, first: Word, last: Word) -> list[str]:
    """A ruled grid's label cell ("Ship To"): the text of the cell under it, one string (its lines
    were joined), to be split at commas."""
    for nxt in rows[i + 1: i + 3]:
        for w in nxt.words:
            if w.x0 < last.x1 and first.x0 < w.x1:
                return _split(w.text)
    return []


def _split(text: str) -> list[str]:
    """The address's parts, up to the end of its sentence ("…, 4000 Liège. Paiement à 30 jours.")."""
    text = re.split(r"\.\s+(?=[A-ZÀ-Ý])", text, maxsplit=1)[0]
    return [p.strip() for p in re.split(r"[,;]", text) if p.strip()]


def _party(parts: list[str], merged: bool = False) -> Party:
    party = Party(role="ship_to", name=parts[0])
    for n in range(len(parts) - 1, 0, -1):  # the place is the last line that reads as one
        place = _place(parts[n])
        if place is None and n + 1 < len(parts):  # "Milwaukee, WI 53202" split at its comma
            place = _place(f"{parts[n]} {parts[n + 1]}")
        if place:
            party.postcode, party.city, party.country = place
            street = [p for p in parts[1:n] if any(c.isdigit() for c in p)]
            party.street = street[-1] if street else (parts[n - 1] if n > 1 else None)
            break
    else:  # no place read ("Dublin 24"): the lines kept for the person who checks it
        street = [p for p in parts[1:] if any(c.isdigit() for c in p)]
        party.street = street[0] if street else None
        party.city = parts[-1] if len(parts) > 2 and parts[-1] != party.street else None
    if merged:  # a merged cell: its lines ran together, the street cannot be told from the name
        party.street = None
    return party


def _place(text: str) -> tuple[str, str, str | None] | None:
    m = _US.match(text)
    if m:
        return m.group(3), m.group(1).rstrip(","), "US"  # the ZIP code names the state
    m = _EU.match(text)
    if m:
        return m.group(1), m.group(2).strip().rstrip("."), None
    m = _UK.match(text)
    if m and (m.group(1) or m.group(3)):
        return m.group(2), (m.group(1) or m.group(3)).strip(), "GB"
    return None
