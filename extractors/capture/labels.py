"""Finding labels ("N° de commande", "Bestell-Nr.", "Unit price") among the words of a row.

Labels and words are compared by *key*: folded, with "°"/"#" read as "o"/"no" and everything but
letters and digits dropped, and consecutive words concatenated, so "Bestell-Nr.", "Bestell Nr"
and "BESTELL-NR:" all read ``bestellnr``. With OCR input one edit is tolerated on keys of seven
characters or more ("Liefertermi" still finds ``liefertermin``), and a label OCR split into words with a
letter read twice ("No." read "N oO.") is found with its doubled letters made single.
"""

from __future__ import annotations

import re
from functools import lru_cache
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from extractors.locale_values import fold
from extractors.capture.words import Row, Word

MAX_LABEL_WORDS = 6
MAX_GAP = 1.2  # word heights between two words of one label
JUNK_CONF = 0.8  # OCR words less sure than this, of one or two characters, may be specks
MULTI_WORD_FUZZY = 7  # a key of several words this long may hold one OCR edit
JUNK_SKIPPED = 0.9  # label score when a junk word inside it was skipped
SPLIT_LETTER = 0.9  # label score when OCR split it into words and read one of its letters twice
_DROP = re.compile(r"[^0-9a-z]")


@lru_cache(maxsize=8192)  # a pure function memo
def label_key(text: str) -> str:
    folded = fold(text).replace("°", "o").replace("º", "o").replace("#", "no")
    return _DROP.sub("", folded)


@dataclass(frozen=True)
class LabelHit:
    kind: str
    label: str
    start: int  # index of the first word in the row
    end: int  # one past the last word (trailing ":" words included)
    score: float  # 1.0 exact, 0.9 with one OCR edit


class LabelIndex:
    """Labels of several kinds, looked up by key; built once per layout spec."""

    def __init__(self, labels: Iterable[tuple[str, str]]) -> None:
        self._exact: dict[str, tuple[str, str]] = {}
        self._by_len: dict[int, list[str]] = {}
        for kind, label in labels:
            key = label_key(label)
            if key and key not in self._exact:
                self._exact[key] = (kind, label)
                self._by_len.setdefault(len(key), []).append(key)
        self._canon: dict[str, str | None] = {}
        for key in self._exact:
            c = canonical(key)
            self._canon[c] = key if c not in self._canon else None  # ambiguous: no shortcut
        self._fuzzy_cache: dict[str, str | None] = {}
        self._single: dict[str, str | None] = {}
        for key in self._exact:
            c = collapsed(key)
            self._single[c] = key if c not in self._single else None  # ambiguous: no shortcut

    def lookup(self, key: str, fuzzy: bool) -> tuple[str, str, float] | None:
        hit = self._exact.get(key)
        if hit:
            return hit[0], hit[1], 1.0
        if not fuzzy:
            return None
        near = self._canon.get(canonical(key)) if len(key) >= 3 else None
        if near:
            return (*self._exact[near], 0.9)
        if len(key) < 7:
            return None
        if key not in self._fuzzy_cache:
            self._fuzzy_cache[key] = self._nearest(key)
        near = self._fuzzy_cache[key]
        return (*self._exact[near], 0.9) if near else None

    def _nearest(self, key: str) -> str | None:
        found = [k for n in (len(key) - 1, len(key), len(key) + 1) for k in self._by_len.get(n, ())
                 if len(k) >= 7 and within_one_edit(key, k)]
        return found[0] if len(found) == 1 else None

    def find(self, words: Sequence[Word], start: int, fuzzy: bool) -> LabelHit | None:
        """The longest label starting at ``words[start]``."""
        best: LabelHit | None = None
        key, without_junk = "", None  # the key so far, and (OCR) the key without one junk word
        for end in range(start, min(len(words), start + MAX_LABEL_WORDS)):
            if end > start and words[end].x0 - words[end - 1].x1 > MAX_GAP * words[end].height:
                break  # a label does not jump across a column gap
            part = label_key(words[end].text)
            if not part and end == start:
                return None
            if without_junk is not None:
                without_junk += part
            elif fuzzy and end > start and _junk(words[end], part):
                without_junk = key  # "N° o de commande": the degree sign read as a word of its own
            key += part
            # one edit: in one word, or in the last of several words (letters) of a long enough
            # key ("Total KT" for "Total HT"), not one word more after a label already found
            wide = len(key) >= MULTI_WORD_FUZZY and len(part) >= 2 and part.isalpha()
            hit = self.lookup(key, fuzzy and (end == start or wide)) if part else None
            if hit and best and hit[1] == best.label:
                hit = None
            if hit is None and fuzzy and end > start and part:
                hit = self._split_letter(key)
            if hit is None and without_junk and part and not _junk(words[end], part):
                found = self._exact.get(without_junk)
                hit = (found[0], found[1], JUNK_SKIPPED) if found else None
            if hit:
                best = LabelHit(hit[0], hit[1], start, _absorb_colons(words, end + 1, fuzzy), hit[2])
        return best

    def _split_letter(self, key: str) -> tuple[str, str, float] | None:
        """A label OCR split into words with one of its letters read twice: "No." read "N oO."
        (``noo``), "Nr." read "N rr." (findings-t23): the key with doubled letters made single."""
        near = self._single.get(collapsed(key))
        if near is None or near == key or len(collapsed(key)) == len(key):
            return None
        return (*self._exact[near], SPLIT_LETTER)

    def completion(self, text: str, shortest: int = 6) -> str | None:
        """The label that ``text`` (``shortest`` characters or more, not a label itself) begins, when all the
        labels it begins are of one kind: a title cut short at its cell's edge ("Einzelprei")."""
        key = label_key(text)
        if len(key) < shortest or key in self._exact:
            return None
        found = sorted((k for k in self._exact if k.startswith(key)), key=len)
        if not found or len({self._exact[k][0] for k in found}) != 1:
            return None
        return self._exact[found[0]][1]

    def completions(self, text: str, shortest: int = 6) -> list[tuple[str, str]]:
        """(kind, label) of every label that ``text`` (``shortest`` characters or more, not a label itself)
        begins, shortest first: the labels a label cut at its cell's edge may be ("Purchase o")."""
        key = label_key(text)
        if len(key) < shortest or key in self._exact:
            return []
        return [self._exact[k] for k in sorted((k for k in self._exact if k.startswith(key)), key=len)]

    def segment(self, words: Sequence[Word], fuzzy: bool) -> list[LabelHit]:
        """Labels found left to right without overlaps (longest first at each position)."""
        hits, i = [], 0
        while i < len(words):
            hit = self.find(words, i, fuzzy)
            if hit:
                hits.append(hit)
                i = hit.end
            else:
                i += 1
        return hits


def _absorb_colons(words: Sequence[Word], end: int, fuzzy: bool = False) -> int:
    """One past the label's trailing ":" (and, with OCR input, a speck read as "+" or "'")."""
    while end < len(words) and not label_key(words[end].text) and (
            words[end].text.strip() in (":", "-", ".") or (fuzzy and _speck(words[end]))):
        end += 1
    return end


def _junk(word: Word, part: str) -> bool:
    """A doubtful word of one or two characters inside a label: a symbol or speck misread."""
    return len(part) <= 2 and word.conf < JUNK_CONF


def _speck(word: Word) -> bool:
    text = word.text.strip()
    return len(text) <= 2 and word.conf < JUNK_CONF and not any(c.isalnum() for c in text)


_GLUED_VALUE = re.compile(r"^(?P<label>[A-ZÄÖÜÀ-Ý]?[a-zà-ÿ]{3,}\.?)[A-Z0-9][A-Z0-9/.-]*\d[A-Z0-9/.-]*$")
_PO_TAILS = frozenset({"commande", "bestellnummer", "bestellung", "auftragsnummer", "nummer", "number", "order",
                       "reference", "referenz"})

OCR_LOOKALIKES = str.maketrans({"l": "i", "1": "i", "j": "i", "0": "o", "5": "s", "8": "b", "c": "e",
                                "g": "e", "q": "e"})  # a fax's "Gode" is "Code", its "Gty" "Qty"


_DOUBLED = re.compile(r"(.)\1+")


def collapsed(key: str) -> str:
    """A key with each run of one letter made one letter ("noo" -> "no")."""
    return _DOUBLED.sub(r"\1", key)


def canonical(key: str) -> str:
    """A key with letters OCR confuses made the same ("totai" and "total" both read "totai")."""
    return key.replace("rn", "m").translate(OCR_LOOKALIKES)


def within_one_edit(a: str, b: str) -> bool:
    """True if ``a`` and ``b`` differ by at most one insertion, deletion or substitution."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1:] == b[i + 1:]
    return a[i:] == b[i + 1:]


def row_starts_with(row: Row, index: LabelIndex, fuzzy: bool) -> LabelHit | None:
    """A label at the start of the row (or of any phrase after a leading number)."""
    if not row.words:
        return None
    return index.find(row.words, 0, fuzzy)


def _glued_tail(text: str) -> int:
    """Where a value glued to the last word of an order-number label starts ("commandeBC-JF-1203", a
    sheet cell's label run into the value of the next cell), else 0."""
    found = _GLUED_VALUE.match(text)
    return len(found["label"]) if found and label_key(found["label"]) in _PO_TAILS else 0


# the sign glued to a number, its series prefix hyphenated or not ("n°P00087", "n°BC-6366", "Nr.PO-2026/14")
_NUMBER_SIGN = re.compile(r"^(?:n°|nº|no\.|nr\.)(?=[A-Z0-9][A-Z0-9./-]*\d)", re.IGNORECASE)


# an item code run into the first word of its description on a standard fax ("OF-9905Toner", "OF-3318blau",
# findings-t23 F-19): letters, a hyphen and three digits or more, then a word of three letters or more
_CODE_THEN_WORD = re.compile(r"^(?P<code>[A-Z]{1,5}-\d{3,})(?:[A-ZÄÖÜ][a-zäöüßéèà]{2,}|[a-zäöüßéèà]{3,})$")


def _code_then_word(text: str) -> int:
    """Where the description word starts in an item code run into it, else 0."""
    found = _CODE_THEN_WORD.match(text)
    return len(found["code"]) if found else 0


def split_glued(words: Sequence[Word]) -> list[Word]:
    """Words with a colon inside ("commande:BC-26") split in two, boxes shared by length; so is a
    number sign glued to its value ("Order #AIS-20417", "commande n°P00087", "Nr.2026/14"), a value
    run into the last word of an order-number label ("N° de commandeBC-JF-1203") and an item code run
    into its description's first word ("OF-9905Toner")."""
    out: list[Word] = []
    for w in words:
        text = w.text
        if (sign := _NUMBER_SIGN.match(text)) and len(text) > sign.end() + 1:
            cut = w.x0 + (w.x1 - w.x0) * sign.end() / len(text)
            out += [Word(text[:sign.end()], w.x0, w.y0, cut, w.y1, w.conf, w.page),
                    Word(text[sign.end():], cut, w.y0, w.x1, w.y1, w.conf, w.page)]
            continue
        if cut_at := _glued_tail(text) or _code_then_word(text):
            cut = w.x0 + (w.x1 - w.x0) * cut_at / len(text)
            out += [Word(text[:cut_at], w.x0, w.y0, cut, w.y1, w.conf, w.page),
                    Word(text[cut_at:], cut, w.y0, w.x1, w.y1, w.conf, w.page)]
            continue
        pos = text.find(":") if not (text.startswith("#") and len(text) > 3) else 0
        if pos == 0 and any(c.isdigit() for c in text) and text[1].isalnum():
            cut = w.x0 + (w.x1 - w.x0) / len(text)
            out.append(Word("#", w.x0, w.y0, cut, w.y1, w.conf, w.page))
            out.append(Word(text[1:], cut, w.y0, w.x1, w.y1, w.conf, w.page))
            continue
        if 0 < pos < len(text) - 1 and not (text[:pos].isdigit() and text[pos + 1:pos + 2].isdigit()):
            cut = w.x0 + (w.x1 - w.x0) * (pos + 1) / len(text)
            out.append(Word(text[:pos + 1], w.x0, w.y0, cut, w.y1, w.conf, w.page))
            out.append(Word(text[pos + 1:], cut, w.y0, w.x1, w.y1, w.conf, w.page))
        else:
            out.append(w)
    return out
