"""A release against a blanket order named in words ("release no. 17", "call-off 4", "Abruf Nr. 17", "appel de
livraison n° 3", "Abruf 3 zum Rahmenauftrag RA-7710"): read the same way in a typed e-mail (``mail.body_text``) and on
a printed page or fax, in a sheet's cells or a Word form (``printed_release``)."""

from __future__ import annotations

import re

from extractors.locale_values import fold
from gateway.model import ExtractedOrder, Problem

RELEASE_UNSURE = "RELEASE-UNSURE"  # two release numbers named: which one is this order's, a person says

# A release against a blanket order: "release no. 17", "call-off 4", "Abruf Nr. 17", "appel de livraison n° 3".
# "release", "Abruf" and "appel" are ordinary words ("release 2 pallets", "appel 4"): they need a number word
# after them; "call-off" and "appel de livraison" name a release on their own.
_NUMBER_WORD = r"(?:no\.?|number|nr\.?|n°|n[or]\.?|#|nummer|numero|num[eé]ro)"
_RELEASE = re.compile(r"\b(?:(?:release|abruf|appel)[\s-]*" + _NUMBER_WORD +
                      r"|(?:call[- ]?off|appel\s+de\s+livraison)[\s-]*" + _NUMBER_WORD + r"?)\s*[:.]?\s*(\d{1,6}(?:[-./]\d{1,6})*)\b"
                      r"(?!\s*(?:x\b|pallets?|palettes?|paletten?|boxe?s?|cartons?|kartons?|colis|pcs|pieces?|units?|stk|stuck|st\b"
                      r"|per\b|pro\b|par\b|a\s+week|each|jede\w*|chaque))", re.IGNORECASE)
# the whole number is read ("4500-12", never "4500"); "Call-off 2 pallets per week" counts goods, no release
# "Abruf 3 zum Rahmenauftrag RA-7710", "release 4 against blanket order X": a bare number is a release before its blanket order
_RELEASE_OF_BLANKET = re.compile(r"\b(?:release|abruf|appel)\s*(\d{1,6})\s+(?:zu[mr]?|against|for|under|of|sur|du|de)\s+"
                                 r"(?:\w+\s+)?(?:rahmen(?:auftrag|bestellung)|blanket|commande\s+cadre)", re.IGNORECASE)


_DATE_ON_PAGE = re.compile(r"\b\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b")


def dated_release(number: str) -> bool:
    """A release number that reads as a date or a decimal ("05.12", "2026-07", "7.5"): a date is no release and a cut
    number must not go out, a person says which release it is (``RELEASE-UNSURE``)."""
    parts = re.split(r"[-./]", number)
    if len(parts) < 2:
        return False
    first, second = int(parts[0]), int(parts[1])
    return "." in number or (1 <= first <= 31 or 1900 <= first <= 2100) and 1 <= second <= 12 or len(parts) > 2


def _key(number: str) -> str:
    return "-".join(str(int(part)) for part in re.split(r"[-./]", number))


def printed_release(lines: list[str], order: ExtractedOrder) -> None:
    """A release against a blanket order printed on a page, a fax, a sheet or a Word form ("Abruf-Nr. 7", "Release
    No. 44", "appel de livraison n° 3", "Abruf 3 zum Rahmenauftrag RA-7710") is read as a typed e-mail's is: the
    order's ``references.release``, an order of its own; two numbers named, or one beside an earlier call-off's or
    a bare one, hold ``RELEASE-UNSURE`` (which one is this order's, a person says)."""
    if order.references.get("release"):
        return
    lines = [_DATE_ON_PAGE.sub(" ", str(line)) for line in lines]  # "Release No.: 03.12.2026" (left empty) is no 3
    own = (order.po_number or "").lstrip("0")
    releases = [r for r in named_releases(lines) if r != own]
    if not releases:
        return
    past = [r for r in past_releases(lines) if r in releases]
    bare = [r for r in bare_releases(lines) if r != own and r not in releases]
    if len(releases) == 1 and not past and not bare and not dated_release(releases[0]):
        order.references["release"] = releases[0]
        return
    order.problems.append(Problem(code=RELEASE_UNSURE, severity="error", element="references.release", message=(
        f"the document names release number(s) {', '.join(releases)}"
        + (f" beside a bare call-off number ({', '.join(bare)})" if bare else "")
        + (" in a sentence about an earlier delivery" if past else "")
        + (" that reads as a date or a cut number" if any(map(dated_release, releases)) else "")
        + ": this order's release, a person says")))


def named_releases(lines: list[str]) -> list[str]:
    """Every release number ``lines`` name, once each, in order: "Abruf Nr. 5 (Abruf Nr. 4 ist bereits geliefert)"
    names two, and the first is not surely this order's (outside trial: an earlier call-off went out as the
    release)."""
    found: dict[str, str] = {}
    for line in map(fold, lines):
        for pattern in (_RELEASE, _RELEASE_OF_BLANKET):
            for m in pattern.finditer(line):
                found.setdefault(_key(m.group(1)), m.group(1))
    return list(found.values())


# a sentence about an earlier call-off: "Der letzte Abruf Nr. 8 kam zu spät", "Abruf Nr. 4 ist bereits geliefert",
# "release no. 3 was shipped last week", "l'appel n° 2 a déjà été livré" (review revC D8)
_PAST_CALL_OFF = re.compile(
    r"\b(?:bereits|schon|letzte[nrs]?|vorige[nrs]?|vorherige[nrs]?|fruhere[nrs]?|kam|war|wurde|geliefert|erhalten"
    r"|last|previous|earlier|prior|already|was|were|shipped|delivered|received|arrived|came"
    r"|deja|dernier|derniere|precedent|precedente|livre|livree|recu|recue|arrive|arrivee|etait)\b")
_SENTENCE = re.compile(r"(?<!nr)(?<!no)(?<!n°)(?<!\bn)\.\s|[;!?()]")  # not the dot of "Nr. 8"


def past_releases(lines: list[str]) -> list[str]:
    """The release numbers named in a sentence about a past delivery: an earlier call-off's, not this order's."""
    out: dict[str, None] = {}
    for line in map(fold, lines):
        for sentence in _SENTENCE.split(line.lower()):
            if _PAST_CALL_OFF.search(sentence):
                out.update(dict.fromkeys(named_releases([sentence])))
    return list(out)


_BARE_RELEASE = re.compile(r"\b(?:abruf|release|appel|call[- ]?off)\s+(\d{1,6})\b(?!\s*(?:[.,]\d|x\b|stk|pcs|st\b))", re.IGNORECASE)


def bare_releases(lines: list[str]) -> list[str]:
    """Call-off numbers written with no number word ("Rahmenbestellung RB-1000, Abruf 9."): not read as a release,
    but a release named with one beside them is then not surely this order's."""
    return list(dict.fromkeys(str(int(m.group(1))) for line in map(fold, lines) for m in _BARE_RELEASE.finditer(line)))
