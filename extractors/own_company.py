"""Our own company (the supplier receiving the orders) as the readers see it: plain strings and tuples.

A document names us too: the addressee of a letter, "To: <us>, Fax <our number>" on a fax form. The
readers use ``OwnCompany`` to tell our details from the buyer's: an address block that is ours is never
the delivery address, and our fax number, e-mail domain or VAT id is never the buyer's. It is built by
the gateway from the ``[own_company]`` section of the configuration and travels in ``ExtractHints``
(picklable: the extractors run in a process pool).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


def letters(text: str) -> str:
    """``text`` folded to its letters and digits, case and spacing aside."""
    return re.sub(r"[\W_]+", "", text.casefold())


def _street(text: str) -> str:
    """Letters of a street with its German street word cut to "str": "Spaldingstraße", "Spaldingstrasse",
    "Spaldingstr." and a scan's "SpaldingstraBe" (ß read as B) are one street."""
    return re.sub(r"stra(?:ss|s|b|ß|8)e", "str", text)


def digits(text: str) -> str:
    """The digits of a phone or fax number, a leading international prefix ("+49", "0049") kept as its
    country code, so "+49 40 123456" and "0049 (40) 123456" compare equal."""
    out = re.sub(r"\D", "", text)
    return out[2:] if text.strip().startswith("00") else out


@dataclass(frozen=True)
class OwnAddress:
    """One of our addresses: its street and postcode (what tells it from another site)."""

    street: str
    postcode: str


@dataclass(frozen=True)
class OwnCompany:
    """Our names, addresses, fax numbers, e-mail domains and VAT ids (all may be empty)."""

    names: tuple[str, ...] = ()
    addresses: tuple[OwnAddress, ...] = ()
    faxes: tuple[str, ...] = ()
    email_domains: tuple[str, ...] = ()
    vat_ids: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.names or self.addresses or self.faxes or self.email_domains or self.vat_ids)

    def is_our_block(self, lines: tuple[str, ...] | list[str], scanned: bool = False) -> bool:
        """An address block (its lines) is ours: it names one of our names, or holds one of our
        addresses (street and postcode). ``scanned`` (read by OCR): a name of eight letters and more,
        or a street, with one letter read otherwise, added or dropped is still ours ("Distributlon")."""
        text = letters(" ".join(lines))
        first = letters(lines[0]) if lines else ""
        if any(letters(name) and (first.startswith(letters(name)) or letters(name) in first)
               for name in self.names):
            return True
        if any(_street(letters(a.street)) in _street(text) and letters(a.postcode) in text for a in self.addresses):
            return True
        if not scanned:
            return False
        text, first = _unaccented(text), _unaccented(first)  # a scan's accents come and go ("Chénes")
        return any(len(letters(name)) >= 8 and _near_inside(_unaccented(letters(name)), first) for name in self.names) \
            or any(len(letters(a.street)) >= 8 and _near_inside(_street(_unaccented(letters(a.street))), _street(text))
                   and _postcode_in(letters(a.postcode), text) for a in self.addresses)

    def is_our_fax(self, number: str) -> bool:
        got = digits(number)
        return any(_same_number(got, digits(fax)) for fax in self.faxes)

    def is_our_email(self, address: str) -> bool:
        domain = address.rpartition("@")[2].casefold()
        return any(domain == d or domain.endswith("." + d) for d in self.email_domains)

    def is_our_vat(self, vat: str) -> bool:
        return letters(vat) in {letters(v) for v in self.vat_ids}


def _unaccented(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _postcode_in(postcode: str, text: str) -> bool:
    """A postcode in a scan's text: word for word, or (five characters and more) with one character read otherwise
    ("RG2 0OF" for "RG2 0QF"); beside our street, no other place's postcode is one slip from ours by chance."""
    if postcode in text:
        return True
    return len(postcode) >= 5 and any(_one_edit(postcode, text[i:i + len(postcode)])
                                      for i in range(0, max(len(text) - len(postcode) + 1, 0)))


def _near_inside(key: str, text: str) -> bool:
    """``key`` is in ``text`` with at most one letter read otherwise, added or dropped."""
    if key in text:
        return True
    return any(_one_edit(key, text[i:i + n]) for n in (len(key) - 1, len(key), len(key) + 1)
               for i in range(0, max(len(text) - n + 1, 0)))


def _one_edit(a: str, b: str) -> bool:
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i + 1:] == b[i + 1:] if len(a) == len(b) else a[i:] == b[i + 1:]


def _same_number(a: str, b: str) -> bool:
    """Two numbers' digits are one number written with or without its country code and trunk zero
    ("+49 40 1234567" / "040 1234567"): the same last nine digits (or all of the shorter one, 7 or more)."""
    if not a or not b:
        return False
    n = min(len(a), len(b), 9)
    return n >= 7 and a[-n:] == b[-n:]
