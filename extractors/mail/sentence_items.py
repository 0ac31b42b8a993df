"""Items typed inside a sentence: "PO LO-7781, please send 12 x NOTE-A5 and 3 x TON-BK-05.",
"PO LS-10095: 5 x TON-BK-05, need by 12/17/2026.", "need 3 BX SCR-M6-100 and 50 LB SALT-RK asap".

A line no line shape of ``extractors.mail.body_lines`` reads is cut into clauses (at ``.``, ``;``,
``:``, ``,``, `` - `` and "and"/"et"/"und"/"plus"); a clause is an item when it holds exactly one
``qty [unit] x CODE`` or ``qty unit [of] CODE`` (read at 0.95, as sure as a line of its own; with a price
when its currency is typed: "4 x PEN-BL @ €3.90 each", the line's currency) or, after a
clause with a unit, ``qty of CODE`` in that unit (at 0.85, under the review threshold), and nothing else
with a digit. The line is read only
when every clause that names a quantity beside an item code is such an item; otherwise (a price typed
in the sentence, a unit word not known, a quantity in words) it is not read, and the typed-order reader
keeps it as ``LINE-UNREAD``: held for a person, never half read. A price with no currency ("@ 11.00")
inside a sentence is not read, nor a sentence that speaks of cancelling ("4 x X, annuler si rupture").
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from functools import lru_cache

from extractors.locale_values import DocLocale, date_hits, fold, parse_number
from extractors.mail.body_lines import (
    _CODE, _QTY, ItemLine, _number_word, approximate, grammar, is_item_code, names_another_item, read_item_line,
    unit_words,
)
from extractors.mail.number_words import bracketed_counts
from extractors.typed_remarks import cancels
from extractors.units import TABLE, UnitTable

# A clause that says more than "send this" ("not 3 x X as last time", "instead of", "already have",
# "cancel") is no plain item: the line is held.
_HEDGES = frozenset(
    "not no instead rather cancel cancelled canceled remove minus less except without stock last previous already "
    "replace replaces replacing pas non plutot annuler annule annulez sauf sans deja precedent derniere dernier "
    "nicht kein keine keinen storno stornieren statt anstatt ohne bereits schon letzte letztes letzten".split())
_REFERENCE = re.compile(r"\b(?:p\.?\s?o|order|commande|bestellung|bestellnummer|auftrag|ref|reference|referenz|n[°o]"
                        r"|nr|number|numero)\b")
# An item read inside a sentence with its code, a quantity in digits and its unit (or "x") all typed is as
# sure as a line of its own, above the review threshold (0.9); one whose unit is taken from the clause
# before it ("12 boxes of A-1 and 4 of B-2": 4 boxes) is a reading, under the threshold: a person looks.
SENTENCE_CLEAR = 0.95
SENTENCE_GUESSED = 0.85
_CLAUSES = re.compile(r"(?<!\d[.])(?<!\d)(?<!\bno)(?<!\bnr)(?<!\bref)(?<!\bart)(?<!\bp\.o)[.;:!?](?:\s+|$)|[;:!?]|,\s+|\s[-–]\s|\s+(?:and|et|und|plus|sowie|&|\+)\s+", re.IGNORECASE)


@lru_cache(maxsize=4)
def _patterns(table: UnitTable) -> tuple[re.Pattern[str], ...]:
    unit = "(?P<unit>" + "|".join(re.escape(w) for w in unit_words(table)) + r")\.?(?![\w])"  # not "12 bo|x|es"
    return tuple(re.compile(p, re.IGNORECASE) for p in (
        rf"(?<![\w./,-]){_QTY}\s*(?:{unit}\s*)?(?:x|×)\s*{_CODE}(?![\w-])",
        rf"(?<![\w./,-]){_QTY}\s*{unit}\s+(?:(?:of|de|du|des|von)\s+)?{_CODE}(?![\w-])",
        rf"(?<![\w./,-]){_QTY}\s+(?:of|de|von)\s+{_CODE}(?![\w-])",  # "4 of B-2": the unit of the clause before
    ))


def sentence_items(line: str, loc: DocLocale, table: UnitTable = TABLE) -> list[ItemLine] | None:
    """The items typed in the sentences of ``line``; None when it names none or one does not read."""
    items: list[ItemLine] = []
    if cancels(line) or approximate(line):  # "4 x TP-1005, annuler si rupture", "ca. 200 m X": not read
        return None
    cut = sentences(bracketed_counts(line.strip()))  # "five (5) boxes of X": the digits confirm the words
    if len(cut) > 1 and _HEDGES & set(re.findall(r"[a-z]+", fold(line))):
        return None  # "KF-40140. Send 3 x X-1. Not the blue ones.": a sentence that hedges holds the line
    for clause in (c for sentence in cut for c in _CLAUSES.split(sentence)):
        found = _clause_item(clause, loc, table, items[-1].unit if items else None)
        if found is not None:
            items.append(found)
        elif names_another_item(clause) or _other_number(clause):
            return None
    return items or None


# A full stop after a number ends a sentence only when a sentence visibly starts after it: after a code
# ("KF-40140. Could you please send ...") or before a word that opens a request ("PO 4711. Please send");
# never before a month ("bis 18. Dezember") or a quantity.
_STOP_AFTER_NUMBER = re.compile(r"(?<=\d)\.\s+(?=[A-ZÀ-Ü][a-zà-ü]+)")
_OPENERS = frozenset(
    "please could can would kindly we i also thanks thank merci pourriez pouvez pourrais veuillez nous je "
    "bitte konnten konnen wurden wir ich".split())


def sentences(line: str) -> list[str]:
    """``line`` cut into its sentences where a full stop after a number ends one (see ``_STOP_AFTER_NUMBER``)."""
    out, start = [], 0
    for stop in _STOP_AFTER_NUMBER.finditer(line):
        token = line[:stop.start()].split()[-1] if line[:stop.start()].split() else ""
        word = fold(re.match(r"\w+", line[stop.end():]).group(0))
        if (any(c.isalpha() for c in token) and not token.lower().startswith(("no", "nr", "art", "pos"))) \
                or word in _OPENERS:
            out.append(line[start:stop.start()])
            start = stop.end()
    return [*out, line[start:]]


_ANY_YEAR = date(2000, 1, 1)  # an anchor, so that dates typed without a year are found too


def without_dates(text: str) -> str:
    """``text`` with its dates blanked, with or without a year ("by 12/23", "bis 18.12.", "le 4 décembre");
    a price ("@ 4.50") is no date."""
    if len(fold(text)) != len(text):
        return text
    out = list(text)
    for hit in date_hits(text, DocLocale(), _ANY_YEAR):
        out[hit.start:hit.end] = " " * (hit.end - hit.start)
    return "".join(out)


def _without_references(text: str) -> str:
    """The text without a bracketed order reference ("(commande BL-26-0520)", "(PO 4711)")."""
    return re.sub(r"\([^()]*\)", lambda m: " " if _REFERENCE.search(fold(m.group(0))) else m.group(0), text)


def _other_number(clause: str) -> bool:
    """A number in a clause that is no item, no date and no PO or order reference ("make that 12",
    "less 10%"): the sentence says more than its items."""
    text = without_dates(clause)
    return any(c.isdigit() for c in text) and not _REFERENCE.search(fold(text))


# A size or a measure in an item's words ("labels 99x38", "80g", "2,5mm²"): no second count
_MEASURE = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)?(?:[x×]\d+(?:[.,]\d+)?(?:\s?(?:mm|cm|m|in))?|\s[x×]\s\d+(?:[.,]\d+)?\s?"
                      r"(?:mm|cm|m|in))(?![\w-])"
                      r"|(?<![\w.,])\d+(?:[.,]\d+)?(?:mm²?|cm|g|gr|kg|ml|cl|l|m²|qm|gsm|g/m²)(?![\w])", re.IGNORECASE)


def _clause_item(clause: str, loc: DocLocale, table: UnitTable, before: str | None) -> ItemLine | None:
    """The one item of a clause; "4 of B-2" only after a clause with a unit, which it takes (read under
    the review threshold)."""
    clause, _worded = _number_word(clause.strip())  # "trois cartons TAPE-50": the count in digits
    priced = read_item_line(clause.strip(), loc, grammar(table))
    if priced is not None and priced.currency and priced.unit_price is not None:  # "4 x PEN-BL @ €3.90 each"
        return replace(priced, strength=SENTENCE_CLEAR, in_sentence=True)
    scan = _MEASURE.sub(lambda m: " " * len(m.group(0)), clause)  # "labels 99x38": a size, no "99 x 38"
    for number, pattern in enumerate(_patterns(table)):
        matches = list(pattern.finditer(scan))
        if len(matches) != 1:
            continue
        match = matches[0]
        outside = _MEASURE.sub(" ", _without_references(without_dates(clause[:match.start()] + " " + clause[match.end():])))
        if any(c.isdigit() for c in outside) or not is_item_code(match.group("code"), False) \
                or _HEDGES & set(re.findall(r"[a-z]+", fold(outside))):
            return None
        quantity = parse_number(match.group("qty"), loc)
        carried = number == 2
        if quantity is None or quantity[0] <= 0 or (carried and before is None):
            return None
        return ItemLine(quantity=quantity[0], code=match.group("code"),
                        unit=before if carried else match.groupdict().get("unit"), description=None, unit_price=None,
                        strength=SENTENCE_GUESSED if carried else SENTENCE_CLEAR, quantity_strength=quantity[1],
                        in_sentence=True)
    return None
