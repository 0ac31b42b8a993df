"""A delivery address read from a fax is sure when both OCR engines read it the same.

A scanned delivery address is held (``SHIP-TO-UNSURE`` on ``SCANNED_ELEMENT``, "a person checks it"): one
OCR slip ("IndustriestraBe", "2200°S Halsted", "2200 5 Halsted St") makes another address, and nothing on the
page checks an address as the arithmetic checks a row. Two independent engines that read the name, the street,
the postcode and the city character for character alike, on the same printed lines, are that check: the doubt
is dropped then.

* ``address_boxes``: where the name, street and place lines of the read address lie on the page (boxes under
  ``BOX_KEYS``), found among the words the ship-to reader read the block from under its label (never a search
  of the whole page: a letterhead on the same street reads alike), so that RapidOCR is asked to read those
  lines too;
* ``same_address``: the two readings agree, character for character and case for case; only umlauts and ß
  may be missing from one reading (RapidOCR's model has none: "Müller" / "Muller"), never another accent
  (tesseract reads "Jaurès" as "Jaurés"), a full-width digit or anything else;
* ``addresses_agree`` / ``settle_by_agreement``: the scanned doubt dropped from the combined order when both
  readings read the address there themselves (each reading keeps its boxes only where its own engine read all
  of them), at the same place, and agree.

A reading either engine doubts for another reason (no place line of a known shape, a name that may go on)
keeps that doubt: only the doubt that the address was read from a scan is settled here.
"""

from __future__ import annotations

import re
import unicodedata

from extractors.capture.words import PageWords, Row, Word, box_of, group_rows
from gateway.model import Box, ExtractedOrder, Party

# Off: two reviews proved faxes whose address both engines read alike and wrongly ("3838 S Haisted St" for
# Halsted: an l/i slip both models make at fax resolution; a phone line read into the street). Agreement is
# recorded (``field_engines``), the doubt stays for a person until something independent of the glyphs checks it.
SETTLES = False
SCANNED_ELEMENT = "ship_to.scan"  # a delivery address read from a scan: a person checks it, unless both engines agree
NAME_BOX = "ship_to.name_line"
STREET_BOX = "ship_to.street"
PLACE_BOX = "ship_to.place"
BOX_KEYS = (NAME_BOX, STREET_BOX, PLACE_BOX)


def address_boxes(page: PageWords, party: Party, block: tuple[Word, ...]) -> dict:
    """The boxes of ``party``'s name, street and place lines among ``block`` (the words the ship-to reader read
    the address from, under its label: never a text search of the whole page, where a letterhead or a billing
    box on the same street reads alike), or {} when one of them is not found word for word there. A street read
    from two lines of the block ("Building 7, Dock 3" / "2200 S Halsted St") is boxed over both."""
    if not block or not party.name or not party.street or not party.postcode or not party.city:
        return {}
    rows = group_rows(PageWords(page.page, page.width, page.height, tuple(block)))
    words = [w for row in rows for w in row.words]
    place = " ".join((party.postcode, party.city))
    name, street = _words_of(words, party.name), _words_of(words, party.street)
    found = _words_of(words, place) or _place_words(rows, party)
    if not name or not street or not found:
        return {}
    return {NAME_BOX: box_of(name), STREET_BOX: box_of(street), PLACE_BOX: box_of(found)}


def _tokens(text: str) -> list[str]:
    return [t for t in (w.strip(",;") for w in text.split()) if t]


def _words_of(words: list[Word], text: str) -> list[Word]:
    """The run of ``words`` (the block's, line after line) that reads ``text`` (spacing and commas aside)."""
    want, texts = _tokens(text), [w.text.strip(",;") for w in words]
    for i in range(len(texts) - len(want) + 1):
        if want and texts[i:i + len(want)] == want:
            return list(words[i:i + len(want)])
    return []


def _place_words(rows: list[Row], party: Party) -> list[Word]:
    """The words of a row of the block holding the postcode and the city in another order ("Chicago, IL 60608")."""
    for row in rows:
        texts = [w.text.strip(",;") for w in row.words]
        if party.postcode in texts and all(part in texts for part in (party.city or "").split()):
            return list(row.words)
    return []


def _bare(text: str) -> str:
    """``text`` without its umlauts, case kept ("Müller" -> "Muller"), as RapidOCR's model (no accents) reads it.
    Only the diaeresis over a, o and u is taken away: no other letter of these languages takes another mark
    there, so the engine that read it leaves no doubt which letter was printed; an acute, a grave or a circumflex
    ("Jaurès" read "Jaurés" by tesseract) read by one engine only is one engine's reading, and stays itself.
    Canonical decomposition only: a compatibility form (a full-width "８", a ligature) stays itself too."""
    out: list[str] = []
    for c in unicodedata.normalize("NFD", text):
        if c == "\u0308" and out and out[-1] in "aouAOU":
            continue
        out.append(c)
    return unicodedata.normalize("NFC", "".join(out))


# what a slip leaves in a word: a capital after small letters ("IndustriestraBe"), a sign no address prints
# ("2200°S"), a digit run into letters ("Halsted5t", "5th" read "5tb"; an ordinal's own ending is none: ``_ORDINAL``)
_SLIP = re.compile(r"[a-zà-ÿ][A-Z]|[^\w\s,.'/&()-]|[^\W\d]{2,}\d")
_DIGITS_LETTERS = re.compile(r"\d+([^\W\d]{2,})")
_SUFFIX = {"1": "st", "2": "nd", "3": "rd"}
FIELDS = ("name", "street", "postcode", "city")


def _ordinal(number: str, letters: str) -> bool:
    """"63rd", "1st", "12th", "12bis", "7ter": a house or street number's own ending, the right one for it."""
    if letters in ("bis", "ter", "quater"):
        return True
    want = "th" if number[-2:-1] == "1" else _SUFFIX.get(number[-1], "th")
    return letters == want


def slip_shaped(text: str) -> bool:
    """``text`` has a mark an OCR slip leaves (``_SLIP``, or letters run into digits that are no ordinal's
    ending): never sure, whoever read it. Only ASCII digits are digits of an address here (a full-width "８"
    is a slip's mark)."""
    if _SLIP.search(text) or any(c.isdigit() and not c.isascii() for c in text):
        return True
    return any(not _ordinal(m.group(0)[:-len(m.group(1))], m.group(1)) for m in _DIGITS_LETTERS.finditer(text))


def _plains(text: str) -> set[str]:
    """``text`` as an engine that reads no umlauts and no ß reads it ("Müller" -> "Muller", "Hauptstraße" ->
    "Hauptstrasse" or "Hauptstrabe": RapidOCR's model has no ß); other accents are read by one engine only and
    are kept (``_bare``)."""
    return {_bare(text).replace("ß", sign) for sign in ("ss", "b")}


def same_text(a: str | None, b: str | None) -> bool:
    """Two engines' readings of one value are the same: character for character, or one of them is the other
    as an engine without umlauts and ß reads it ("Müller" / "Muller", "Lichtenbergstraße" / "Lichtenbergstrabe");
    spacing aside. Neither may bear a slip's mark (``slip_shaped``). "Président" / "President" is not the same:
    the acute is one engine's reading (tesseract reads "è" as "é"), so the address waits for a person."""
    if not a or not b:
        return False
    a, b = " ".join(a.split()), " ".join(b.split())
    if slip_shaped(a) or slip_shaped(b):
        return False
    return a == b or a in _plains(b) or b in _plains(a)


def same_address(a: Party | None, b: Party | None) -> bool:
    """Name, street, postcode and city read alike by both engines, and nothing else read beside them (a
    contact line is not compared: with one, the address is not settled here)."""
    if a is None or b is None or a.contact or b.contact:
        return False
    return all(same_text(getattr(a, f), getattr(b, f)) for f in FIELDS)


def _fuller(a: str | None, b: str | None) -> str | None:
    """Of two readings the same but for umlauts or ß, the one with them: ``b`` only when taking away its
    umlauts and its ß gives ``a`` (never a character of another kind)."""
    return b if a is not None and b is not None and b != a and a in _plains(b) else a


def _ship_to(order: ExtractedOrder) -> Party | None:
    return next((p for p in order.parties if p.role == "ship_to"), None)


def read_there(order: ExtractedOrder) -> bool:
    """The reading has its delivery address's lines under its own engine's words (all boxes kept)."""
    return all(key in order.boxes for key in BOX_KEYS)


def same_lines(first: ExtractedOrder, second: ExtractedOrder) -> bool:
    """Both readings found each line of the address at the same place of the same page: the two engines
    read the same printed lines (a block under the label in one, a letterhead in the other, is no agreement)."""
    return all(_over(first.boxes[k], second.boxes[k]) and _over(second.boxes[k], first.boxes[k]) for k in BOX_KEYS)


def _over(a: Box, b: Box) -> bool:
    """The centre of ``a`` lies in ``b``, grown by half its height."""
    pad = b.h / 2
    return a.page == b.page and b.x - pad <= a.x + a.w / 2 <= b.x + b.w + pad \
        and b.y - pad <= a.y + a.h / 2 <= b.y + b.h + pad


def addresses_agree(first: ExtractedOrder, second: ExtractedOrder) -> tuple[Party, Party] | None:
    """Both engines' delivery addresses (copies) when their readings, before they are combined (a party one
    reading took from the other is no reading of its own), read its lines there themselves, at the same place,
    and read them alike; else None."""
    mine, theirs = _ship_to(first), _ship_to(second)
    if not (read_there(first) and read_there(second) and same_lines(first, second) and same_address(mine, theirs)):
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
