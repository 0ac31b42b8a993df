"""A delivery address read from a fax is sure when both OCR engines read it the same.

A scanned delivery address is held (``SHIP-TO-UNSURE`` on ``SCANNED_ELEMENT``, "a person checks it"): one
OCR slip ("IndustriestraBe", "2200°S Halsted", "2200 5 Halsted St") makes another address, and nothing on the
page checks an address as the arithmetic checks a row. Two independent engines that read the street, the
postcode and the city character for character alike are that check: the doubt is dropped then.

* ``address_boxes``: where the street line and the place line of the read address lie on the page (boxes
  under ``STREET_BOX`` and ``PLACE_BOX``), so that RapidOCR is asked to read those lines too;
* ``same_address``: the two readings agree, character for character and case for case; only accents may be
  missing from one reading (RapidOCR's model has none: "Président" / "President"), never anything else;
* ``addresses_agree`` / ``settle_by_agreement``: the scanned doubt dropped from the combined order when both
  readings read the address there themselves (each reading keeps its boxes only where its own engine read) and
  agree.

A reading either engine doubts for another reason (no place line of a known shape, a name that may go on)
keeps that doubt: only the doubt that the address was read from a scan is settled here.
"""

from __future__ import annotations

import re
import unicodedata

from extractors.capture.words import PageWords, Row, Word, box_of, group_rows
from gateway.model import ExtractedOrder, Party

SCANNED_ELEMENT = "ship_to.scan"  # a delivery address read from a scan: a person checks it, unless both engines agree
STREET_BOX = "ship_to.street"
PLACE_BOX = "ship_to.place"
BOX_KEYS = (STREET_BOX, PLACE_BOX)


def address_boxes(page: PageWords, party: Party) -> dict:
    """The boxes of ``party``'s street line and place line on ``page`` (the words that read them), or {} when
    either is not found word for word on one row."""
    place = " ".join(v for v in (party.postcode, party.city) if v)
    if not party.street or not party.postcode or not party.city:
        return {}
    rows = group_rows(page)
    street = _words_of(rows, party.street)
    found = _words_of(rows, place) or _place_words(rows, party)
    if not street or not found:
        return {}
    return {STREET_BOX: box_of(street), PLACE_BOX: box_of(found)}


def _words_of(rows: list[Row], text: str) -> list[Word]:
    """The run of words of one row that reads ``text`` (spacing aside)."""
    want = text.split()
    for row in rows:
        texts = [w.text.strip(",;") for w in row.words]
        for i in range(len(texts) - len(want) + 1):
            if texts[i:i + len(want)] == want:
                return list(row.words[i:i + len(want)])
    return []


def _place_words(rows: list[Row], party: Party) -> list[Word]:
    """The words of a row holding the postcode and the city in another order ("Chicago, IL 60608")."""
    for row in rows:
        texts = [w.text.strip(",;") for w in row.words]
        if party.postcode in texts and all(part in texts for part in (party.city or "").split()):
            return list(row.words)
    return []


def _bare(text: str) -> str:
    """``text`` without its accents, case kept ("Président" -> "President")."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


# what a slip leaves in a word: a capital after small letters ("IndustriestraBe"), a sign no address prints
# ("2200°S"), a digit run into letters ("Halsted5t")
_SLIP = re.compile(r"[a-zà-ÿ][A-Z]|[^\w\s,.'/&()-]|\d[^\W\d]{2,}|[^\W\d]{2,}\d")
FIELDS = ("street", "postcode", "city")


def slip_shaped(text: str) -> bool:
    """``text`` has a mark an OCR slip leaves (``_SLIP``): never sure, whoever read it."""
    return bool(_SLIP.search(text))


def _plains(text: str) -> set[str]:
    """``text`` as an engine that reads no accents and no ß reads it ("Président" -> "President",
    "Hauptstraße" -> "Hauptstrasse" or "Hauptstrabe": RapidOCR's model has no ß)."""
    return {_bare(text).replace("ß", sign) for sign in ("ss", "b")}


def same_text(a: str | None, b: str | None) -> bool:
    """Two engines' readings of one value are the same: character for character, or one of them is the other
    as an engine without accents reads it ("Président" / "President", "Lichtenbergstraße" / "Lichtenbergstrabe");
    spacing aside. Neither may bear a slip's mark (``slip_shaped``)."""
    if not a or not b:
        return False
    a, b = " ".join(a.split()), " ".join(b.split())
    if slip_shaped(a) or slip_shaped(b):
        return False
    return a == b or a in _plains(b) or b in _plains(a)


def same_address(a: Party | None, b: Party | None) -> bool:
    """Street, postcode and city read alike by both engines."""
    if a is None or b is None:
        return False
    return all(same_text(getattr(a, f), getattr(b, f)) for f in FIELDS)


def _fuller(a: str | None, b: str | None) -> str | None:
    """Of two readings the same but for accents, the one with them."""
    return b if a is not None and b is not None and a in _plains(b) and b != a else a


def _ship_to(order: ExtractedOrder) -> Party | None:
    return next((p for p in order.parties if p.role == "ship_to"), None)


def read_there(order: ExtractedOrder) -> bool:
    """The reading has its delivery address's lines under its own engine's words (both boxes kept)."""
    return all(key in order.boxes for key in BOX_KEYS)


def addresses_agree(first: ExtractedOrder, second: ExtractedOrder) -> tuple[Party, Party] | None:
    """Both engines' delivery addresses (copies) when their readings, before they are combined (a party one
    reading took from the other is no reading of its own), read its lines there themselves and read them alike;
    else None."""
    mine, theirs = _ship_to(first), _ship_to(second)
    if not (read_there(first) and read_there(second) and same_address(mine, theirs)):
        return None
    return mine.model_copy(), theirs.model_copy()


def settle_by_agreement(result: ExtractedOrder, agreed: tuple[Party, Party]) -> int:
    """Drop from ``result`` the doubt that its delivery address was read from a scan, the two readings having
    agreed on it (``agreed``: their addresses, from ``addresses_agree``); the result's address takes the accents
    one engine read. Returns how many doubts were dropped."""
    kept, (mine, theirs) = _ship_to(result), agreed
    if kept is None or not same_address(kept, mine):
        return 0
    for f in FIELDS:  # the address as printed: with its accents where one engine read none
        setattr(kept, f, _fuller(getattr(kept, f), getattr(theirs, f)))
    before = len(result.problems)
    result.problems = [p for p in result.problems
                       if not (p.code == "SHIP-TO-UNSURE" and p.element == SCANNED_ELEMENT)]
    return before - len(result.problems)
