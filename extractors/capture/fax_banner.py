"""The sending fax machine's header line (TTI, "transmit terminal identification") printed across the top of
each received page (issue 23, class 3): "03-DEC-2026 16:49 FROM: +32 2 555 01 61 RETAIL BRUSSELS NV P.01/01",
read by OCR with slips ("O3-DEC-2026 16:49 FROM! 432 2 955 O1 61 ... P.O1/0L").

It is no part of the order: a row in the top strip of a page (``TOP``) shaped like it, at least two of a date,
a time of day, a FROM/VON/DE word, a page counter ("P.01/01", "S. 1/2", "PAGE 1") and the machine's FAX word
("14:32 FAX", "TX"), each tolerant of the look-alikes OCR puts into digits (O for 0, l/I/L for 1, S for 5, "?" for
a broken digit: "Page ?/1" read so held the order as a question), is left out of the page's rows. Its calling
number (the digits after FROM) is kept as ``banner_number``.
"""

from __future__ import annotations

import re

TOP = 0.06  # share of the page height from its top where a fax header line is printed
_D = r"[0-9OoQDlI|LSsBZz?]"  # a digit or a letter OCR reads for one (a broken digit read as "?": "Page ?/1")
_DATE = re.compile(rf"^{_D}{{1,4}}[-./]({_D}{{1,2}}|[A-Za-zÄÉÛäéû]{{3,4}}\.?)[-./]{_D}{{2,4}}$|^{_D}{{6,8}}$")
_MONTH_WORD = re.compile(r"^(JAN|FEB|F[EÉ]V|MAR|M[AÄ]R|APR|AVR|MAY|MAI|JUN|JUIN|JUL|JUIL|AUG|AO[UÛ]|SEP|OCT|OKT|NOV|DEC|D[EÉ]C|DEZ)\.?$",
                         re.IGNORECASE)
_TIME = re.compile(rf"^{_D}{{1,2}}[:.;]{_D}{{2}}([:.]{_D}{{2}})?$")
_FROM = re.compile(r"^(FROM|FRON|FR0M|VON|V0N|DE|DE\s*:|EXP|EXP\.|ABS|ABS\.|SENDER)[:!;.,|]?$", re.IGNORECASE)
_PAGE = re.compile(rf"^(P|S|PAGE|SEITE|SEITE:|PAGE:)[.,:]?{_D}{{1,3}}(/{_D}{{1,3}})?$|^{_D}{{1,3}}/{_D}{{1,3}}$", re.IGNORECASE)
_CALLING = re.compile(rf"^\+?{_D}+$")  # the first group of a calling number after FROM ("+32", "432", "01")
_PAGE_WORD = re.compile(r"^(P|S|PAGE|SEITE)[.,:]?$", re.IGNORECASE)
_FAX_WORD = re.compile(r"^(FAX|TELEFAX|T[EÉ]L[EÉ]COPIE|TX|RX)[:.]?$", re.IGNORECASE)  # "14:32 FAX", "TX 14:32"


def is_banner(texts: list[str], top: float, page_height: float) -> bool:
    """The words ``texts`` of a row whose top is at ``top`` make a fax header line (see the module docstring)."""
    if page_height <= 0 or top > TOP * page_height or len(texts) < 2:
        return False
    signs = set()
    for n, text in enumerate(texts):
        t = text.strip()
        if _DATE.match(t) and any(ch.isdigit() for ch in t):
            signs.add("date")
        elif _MONTH_WORD.match(t) and 0 < n < len(texts) - 1:
            signs.add("date")
        elif _TIME.match(t) and any(ch.isdigit() for ch in t):
            signs.add("time")
        elif _FROM.match(t) and n + 1 < len(texts) and _CALLING.match(texts[n + 1].strip()):
            signs.add("from")  # "de", "von", "from" in a sentence ("Date de livraison", "from 09/12/2026") are no FROM
        elif (_PAGE.match(t) and any(ch.isdigit() for ch in t) and n >= len(texts) - 3) or \
                (_PAGE_WORD.match(t) and n + 1 < len(texts) and _PAGE.match("P" + texts[n + 1].strip())):
            signs.add("page")
        elif _FAX_WORD.match(t):
            signs.add("fax")
    if len(texts) < 3 and signs != {"time", "fax"}:
        return False  # two words: a time and the machine's FAX word ("14:32 FAX") and nothing else
    return len(signs) >= 2 and ("time" in signs or "page" in signs or "from" in signs)


def banner_remnant(texts: list[str], top: float, page_height: float) -> bool:
    """A row of the top strip that is the fax header line read badly, with a "?" for a broken sign ("14:3? FAX ?",
    "? 1/1", "From +33 1 45 ?? Page 1/1"): it asks nothing (it held the order as a question, QUESTION-TYPED).
    It is the header line only with one of its own signs, a time, a page counter or a calling number,
    and no word of three letters or more but the header's own (FROM, PAGE, FAX). A "?" after a number or a short
    word ("KW 50 ?", "10 or 12 ?", "PO ?", "Fax ?", "?") is a question asked in the margin: it is read."""
    if page_height <= 0 or top > TOP * page_height or not any("?" in t for t in texts):
        return False
    words = [w for t in texts for w in re.findall(r"[^\W\d_]{3,}", t)]
    if not all(_FROM.match(w) or _PAGE_WORD.match(w) or _FAX_WORD.match(w) for w in words):
        return False
    return any(_header_sign(t.strip()) for t in texts) or _calling_digits(texts) >= 7


def asked_beside(texts: list[str]) -> bool:
    """A phrase of the header line's row that asks: a "?" standing alone after words or numbers that are none of
    the header's signs ("KW 50 ?", "10 or 12 ?" written over the strip beside the header line)."""
    if "?" not in [t.strip() for t in texts] or len(texts) < 2:
        return False
    return not any(_header_sign(t.strip()) or _FROM.match(t.strip()) or _FAX_WORD.match(t.strip())
                   for t in texts) and _calling_digits(texts) < 7


def _header_sign(t: str) -> bool:
    """A time ("14:32") or a page counter of the header line, a broken digit read as "?" ("14:3?", "?/1"); a date
    ("10.12 ?", "12.12.26 ?") may be asked."""
    return any(ch.isdigit() for ch in t) and bool((":" in t and _TIME.match(t)) or _PAGE.match(t))


def _calling_digits(texts: list[str]) -> int:
    """The digits of the longest run of number groups ("+33 1 45 67 89 10"): a calling number has seven and more."""
    best = run = 0
    for t in texts:
        cleaned = t.strip().lstrip("+")
        run = run + len(cleaned) if cleaned.isdigit() else 0
        best = max(best, run)
    return best


def banner_number(texts: list[str]) -> str | None:
    """The calling number a fax header line gives after its FROM word, when it reads as one (digits, spaces, +)."""
    for n, text in enumerate(texts):
        if _FROM.match(text.strip()):
            digits = []
            for t in texts[n + 1:]:
                cleaned = t.strip().lstrip("+")
                if cleaned and all(ch.isdigit() for ch in cleaned):
                    digits.append(t.strip())
                else:
                    break
            number = " ".join(digits)
            return number if sum(ch.isdigit() for ch in number) >= 7 else None
    return None
