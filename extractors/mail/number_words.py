"""Quantities written in words in English, French and German: "one pallet", "twenty-four boxes",
"a dozen", "deux cents", "quatre-vingt-dix", "vingt et un", "zwei Kartons", "vierundzwanzig".

``number_at(words)`` reads the number that the first words spell (the value and how many words it
took); "a"/"an"/"un"/"ein" count as one only before a unit word ("a box of X", "a dozen X"), never
alone ("a AB-1001" stays unread). Vague amounts ("a couple", "some", "quelques", "ein paar", "one or
two", "half a dozen") are no number: such a line is held for a person, never read as a guess.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from extractors.locale_values import fold

_SMALL = {}
for _words in ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
               "sixteen seventeen eighteen nineteen",
               "zero un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize "
               "dix-sept dix-huit dix-neuf",
               "null ein zwei drei vier funf sechs sieben acht neun zehn elf zwolf dreizehn vierzehn funfzehn "
               "sechzehn siebzehn achtzehn neunzehn"):
    _SMALL.update({w: i for i, w in enumerate(_words.split()) if i})
_SMALL.update({"une": 1, "eine": 1, "einen": 1, "einem": 1, "eins": 1, "sechzehn": 16, "siebzehn": 17})
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90, "vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60,
         "septante": 70, "huitante": 80, "octante": 80, "nonante": 90, "quatre-vingt": 80, "quatre-vingts": 80,
         "zwanzig": 20, "dreissig": 30, "drei\u00dfig": 30, "vierzig": 40, "funfzig": 50, "sechzig": 60,
         "siebzig": 70, "achtzig": 80, "neunzig": 90}
_HUNDRED = frozenset({"hundred", "cent", "cents", "hundert"})
_ARTICLES = frozenset({"a", "an", "un", "une", "ein", "eine", "einen"})
_VAGUE = frozenset({"couple", "few", "some", "several", "quelques", "plusieurs", "paar", "mehrere", "einige",
                    "half", "demi", "demie", "halbe", "halben", "or", "ou", "oder", "to", "a", "bis"})
_JOINERS = frozenset({"and", "et", "und"})
_GERMAN_COMPOUND = re.compile(r"^(?:(?P<h>\w+?)?hundert(?:und)?)?(?:(?P<u>\w+?)und)?(?P<t>\w+?zig|\w+?ssig)?$")


def _below_hundred(words: Sequence[str]) -> tuple[int, int] | None:
    """A number under a hundred from the first words (value, words used)."""
    if not words:
        return None
    first = words[0]
    if first in _TENS:
        value, used = _TENS[first], 1
        rest = words[1:]
        if rest and rest[0] in _JOINERS and len(rest) > 1 and _SMALL.get(rest[1], 0) in (1, 11):
            return value + _SMALL[rest[1]], 3  # vingt et un, soixante et onze
        if rest and rest[0] in _SMALL and value % 20 == 0 and first.startswith(("soixante", "quatre")):
            return value + _SMALL[rest[0]], 2  # soixante-douze, quatre-vingt-dix
        if rest and 0 < _SMALL.get(rest[0], 0) < 10:
            return value + _SMALL[rest[0]], 2  # twenty-four, twenty four
        return value, used
    if first in _SMALL:
        return _SMALL[first], 1
    return _german(first)


def _german(word: str) -> tuple[int, int] | None:
    """One German compound: "vierundzwanzig", "zweihundertfunfzig", "hundertzwanzig"."""
    m = _GERMAN_COMPOUND.match(word)
    if not m or not any(m.groups()) or word in _HUNDRED:
        return None
    hundreds = _SMALL.get(m.group("h") or "ein") if "hundert" in word else 0
    units = _SMALL.get(m.group("u") or "", 0) if m.group("u") else 0
    tens = _TENS.get(m.group("t") or "", 0) if m.group("t") else 0
    if hundreds is None or (m.group("u") and not 0 < units < 10) or (m.group("t") and not tens):
        return None
    return (hundreds or 0) * 100 + units + tens, 1


def _split(text: str) -> list[str]:
    """Words, with "quatre-vingt-dix", "twenty-four", "dix-sept" cut where a number word ends."""
    out: list[str] = []
    for word in fold(text).split():
        word = word.strip(",;:()")
        if word in _SMALL or word in _TENS:
            out.append(word)
            continue
        out += [w for w in re.split(r"-", word) if w] if "-" in word else [word]
    merged: list[str] = []
    for word in out:  # quatre + vingt(s) -> quatre-vingt
        if merged and merged[-1] == "quatre" and word in ("vingt", "vingts"):
            merged[-1] = "quatre-vingt"
        elif merged and merged[-1] == "dix" and word in ("sept", "huit", "neuf"):
            merged[-1] = f"dix-{word}"
        else:
            merged.append(word)
    return merged


def number_at(words: Sequence[str], is_unit: Callable[[str], bool]) -> tuple[int, int] | None:
    """The whole number the first ``words`` (folded, from ``_split``) spell, and how many words it took;
    None when they spell none or a vague amount."""
    if not words:
        return None
    if words[0] in _ARTICLES and len(words) > 1 and words[1] not in _VAGUE and is_unit(words[1]) \
            and not (len(words) > 2 and words[2] in _VAGUE):
        return 1, 1  # "a box of", "a dozen", "un carton", "eine Palette"
    found = _hundreds(words)
    if found is None:
        return None
    value, used = found
    if len(words) > used and words[used] in _VAGUE - {"a", "to"}:
        return None  # "one or two", "deux ou trois"
    return (value, used) if value > 0 else None


def _hundreds(words: Sequence[str]) -> tuple[int, int] | None:
    if words[0] in _HUNDRED or (words[0] in _ARTICLES and len(words) > 1 and words[1] in _HUNDRED):
        lead, used = 1, (1 if words[0] in _HUNDRED else 2)
    else:
        first = _below_hundred(words)
        if first is None:
            return None
        if len(words) <= first[1] or words[first[1]] not in _HUNDRED:
            return first
        lead, used = first[0], first[1] + 1
    rest = words[used:]
    if rest and rest[0] in _JOINERS:
        rest, used = rest[1:], used + 1
    tail = _below_hundred(rest) if rest else None
    return (lead * 100 + tail[0], used + tail[1]) if tail else (lead * 100, used)


def spelled_quantity(text: str, is_unit: Callable[[str], bool]) -> tuple[str, str] | None:
    """``text`` opening with a spelled number: (its digits, the rest of the text as written, maybe
    empty); None when it does not open with one."""
    found = number_at(_split(text), is_unit)
    if found is None:
        return None
    raw = text.split()
    return str(found[0]), " ".join(raw[_raw_words_for(raw, found[1]):])


def _raw_words_for(raw: list[str], used: int) -> int:
    """How many of the text's own words hold the first ``used`` split words."""
    count = 0
    for index, word in enumerate(raw):
        count += len(_split(word)) or 1
        if count >= used:
            return index + 1
    return len(raw)


SPELLED = frozenset(_SMALL) | frozenset(_TENS) | _HUNDRED  # the words of numbers (German compounds aside)


def is_number_word(word: str) -> bool:
    """A word that spells (part of) a number."""
    w = fold(word)
    return w in _SMALL or w in _TENS or w in _HUNDRED or _german(w) is not None


_BRACKETED = re.compile(r"\(\s*(?P<digits>\d{1,5})\s*\)")


def bracketed_counts(text: str) -> str:
    """``text`` with a number word confirmed by its digits in brackets written as the digits: "ten (10)
    boxes X" -> "10 boxes X", "zwölf (12) Stück", "trois (3) cartons". Words and digits that disagree
    ("ten (12)") are left as typed, so the line stays unread and is held."""
    out, end = [], 0
    for match in _BRACKETED.finditer(text):
        before = text[end:match.start()]
        raw = re.findall(r"\S+", before)
        for size in range(min(4, len(raw)), 0, -1):  # the longest run of words before the bracket that spells it
            words = _split(" ".join(raw[-size:]))
            found = _hundreds(words) if words and all(is_number_word(w) or w in _JOINERS for w in words) else None
            if found is not None and found[1] == len(words):
                if found[0] == int(match.group("digits")):
                    cut = before.rstrip().rfind(raw[-size])
                    out.append(before[:cut] + match.group("digits"))
                    end = match.end()
                break
    return "".join(out) + text[end:] if out else text
