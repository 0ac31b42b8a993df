"""Fax numbers compared as numbers, not as digit tails.

A customer's number is stored in international format (``+49 711 1234567``) or national; a fax
arrives with its calling number (CSID) in either (``0711 1234567``, ``+49 711 ...``, ``0049 711 ...``).
Each stored number gets its international digits (country calling code + national significant
number) and, from the customer's country, the national digits a caller of that country dials (trunk
prefix + national significant number). A number is one customer's when its international digits are
that customer's, or its national digits are those of exactly one customer; two customers reading the
same is no match (``MasterData.find_customer`` returns none). Comparing the last nine digits (as
before) left short German numbers unmatched (``030 12345``) and could match two countries' numbers; it
remains the comparison for a customer whose country is not in ``CALLING_CODES`` (still one customer
only). A trunk written after the calling code ("+49 (0)89 ...") is no digit of the number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# country -> (calling code, trunk prefix dialled before the national significant number)
CALLING_CODES: dict[str, tuple[str, str]] = {
    "DE": ("49", "0"), "AT": ("43", "0"), "CH": ("41", "0"), "FR": ("33", "0"), "BE": ("32", "0"),
    "NL": ("31", "0"), "GB": ("44", "0"), "UK": ("44", "0"), "IE": ("353", "0"), "SE": ("46", "0"),
    "FI": ("358", "0"), "IT": ("39", ""), "ES": ("34", ""), "PT": ("351", ""), "LU": ("352", ""),
    "DK": ("45", ""), "NO": ("47", ""), "PL": ("48", ""), "CZ": ("420", ""), "SK": ("421", "0"),
    "HU": ("36", "06"), "US": ("1", "1"), "CA": ("1", "1"),
}


@dataclass(frozen=True)
class FaxForms:
    international: str  # calling code + national significant number, digits only ("" when unknown)
    national: str  # what is dialled inside the country: trunk prefix + NSN ("" when unknown)


def digits(value: str | None) -> str:
    return re.sub(r"\D", "", value or "")


def is_international(value: str) -> bool:
    text = re.sub(r"^[^\d+]+", "", value)  # a label before the number: "Fax +49 ..."
    return text.startswith("+") or digits(text).startswith("00")


def stored_forms(value: str | None, country: str = "") -> FaxForms:
    """The international and national digits of a number on file for a customer of ``country``."""
    text = (value or "").strip()
    all_digits = digits(text)
    if not all_digits:
        return FaxForms("", "")
    code, trunk = CALLING_CODES.get(country.strip().upper(), ("", ""))
    if is_international(text):
        intl = all_digits[2:] if all_digits.startswith("00") else all_digits
        if code and intl.startswith(code):
            nsn = intl[len(code):]
            if trunk and nsn.startswith(trunk) and code != "1":  # "+49 (0)711 ...": the trunk written in
                nsn = nsn[len(trunk):]
                intl = code + nsn
            national = nsn if code == "1" and len(nsn) == 10 else trunk + nsn
            return FaxForms(intl, national)
        return FaxForms(intl, "")
    if code == "1":  # NANP: 10 digits, or 1 + 10
        nsn = all_digits[1:] if len(all_digits) == 11 and all_digits.startswith("1") else all_digits
        return FaxForms(code + nsn, nsn)
    if code and trunk and all_digits.startswith(trunk):
        return FaxForms(code + all_digits[len(trunk):], all_digits)
    if code and not trunk:
        return FaxForms(code + all_digits, all_digits)
    return FaxForms("", all_digits)


def incoming_forms(value: str | None) -> tuple[str, str]:
    """(international digits, national digits) a calling or printed number may be: an international
    one has only the first, a national one (or one written without '+') may be either."""
    text = (value or "").strip()
    all_digits = digits(text)
    if not all_digits:
        return "", ""
    if is_international(text):
        intl = digits(_WRITTEN_TRUNK.sub("", text))
        return _without_trunk(intl[2:] if intl.startswith("00") else intl), ""
    return all_digits, all_digits


# "+49 (0)89 ...", "+33 (0)1 ...", "0049 (0) 89 / ...": the trunk a caller inside the country dials, written
# in brackets after the calling code. It is no digit of the international number.
_WRITTEN_TRUNK = re.compile(r"\(\s*0\s*\)")
_TRUNK_ZERO_CODES = tuple(sorted({code for code, trunk in CALLING_CODES.values() if trunk == "0"}))


def _without_trunk(intl: str) -> str:
    """International digits without a trunk 0 written right after a calling code whose national numbers
    never start with it ("+49 089 ..."). Calling codes are prefix-free: at most one matches."""
    for code in _TRUNK_ZERO_CODES:
        if intl.startswith(code + "0"):
            return code + intl[len(code) + 1:]
    return intl


def in_table(country: str | None) -> bool:
    """Whether the calling code and trunk of ``country`` are known (``CALLING_CODES``)."""
    return (country or "").strip().upper() in CALLING_CODES


def tail_key(value: str | None) -> str:
    """The last nine digits (all of a shorter number): how a number of a customer whose country is not in
    ``CALLING_CODES`` is compared, its national and international forms being unknown. "+30 210 1234567"
    and "210 1234567" have the same tail."""
    all_digits = digits(value)
    return all_digits[-9:] if len(all_digits) >= 9 else all_digits


def national_keys(forms: FaxForms) -> set[str]:
    """The national digits under which a stored number is found (NANP: with and without the 1)."""
    keys = {forms.national} if forms.national else set()
    if forms.international.startswith("1") and len(forms.international) == 11:
        keys |= {forms.international[1:], forms.international}
    return keys


def same_number(value: str | None, stored: str | None, country: str = "", slips: int = 0) -> bool:
    """``value`` (calling or printed) is the number ``stored`` for a customer of ``country``, with at
    most ``slips`` digits differing on the same length (OCR)."""
    if not in_table(country):  # the forms of the number are unknown: compared on its last digits
        a, b = tail_key(value), tail_key(stored)
        return bool(a) and len(a) == len(b) and sum(p != q for p, q in zip(a, b)) <= slips
    forms = stored_forms(stored, country)
    intl, nat = incoming_forms(value)
    pairs = [(intl, forms.international)] + [(nat, key) for key in national_keys(forms)]
    return any(a and b and len(a) == len(b) and sum(p != q for p, q in zip(a, b)) <= slips for a, b in pairs)
