"""EDIFACT syntax (ISO 9735): character sets, the service string advice and a fast tokenizer.

Owns two steps, each usable alone (``extractors.edi.edifact_envelope`` builds interchanges on top):

* ``decode_edifact``: bytes -> text. The character set comes from the UNB syntax identifier (UNOA/UNOB
  ASCII, UNOC Latin-1, UNOD ISO 8859-2, UNOE 8859-5, UNOF 8859-7, UNOW/UNOY UTF-8...). Leniency, each
  with a warning: an ASCII or 8859 declaration over bytes that are valid UTF-8 is read as UTF-8 (the common
  "says UNOC, sends UTF-8" fault); undecodable bytes fall back to Latin-1. A BOM is dropped, and transport
  banner lines before the first UNA/UNB/UNH are skipped when they hold no segment terminator.
* ``tokenize``: text -> segments. UNA (or the defaults ``:+.? '``), any separators, a UNA again before a
  later interchange, release escapes. CR and LF are not data: they are removed before splitting (unless a
  separator is one), which also mends lines wrapped inside a segment; blanks before a tag are dropped.
  The work is done by ``str.split`` and ``str.replace``: release escapes take a slower path only when the
  release character occurs in the text, swapping released characters for unused control characters
  before splitting and back (``Syntax.restore``) in the values read. The repetition separator (UNA5,
  syntax 4) is not split on; escaped or not, it stays in the value.

``Tokens`` keeps the segment texts and tags as two flat lists (cheap to make, cheap to free); a
``Segment`` (tag, data elements as lists of components, 1-based document position, UNA not counted) is
built on demand. Element references in problems read ``<tag><nn>[.<c>]``: ``UNT01`` is UNT's first
data element, ``IMD03.7`` the 7th component of IMD's third.
"""

from __future__ import annotations

import gc
import re
from sys import intern
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from itertools import compress, count, islice
from operator import itemgetter
from typing import Callable, NamedTuple

from gateway.model import Problem

CHARSETS: dict[str, str] = {
    "UNOA": "ascii", "UNOB": "ascii", "UNOC": "latin-1", "UNOD": "iso8859-2", "UNOE": "iso8859-5",
    "UNOF": "iso8859-7", "UNOG": "iso8859-3", "UNOH": "iso8859-4", "UNOI": "iso8859-6", "UNOJ": "iso8859-8",
    "UNOK": "iso8859-9", "UNOW": "utf-8", "UNOY": "utf-8",
}
_SYNTAX_ID = re.compile(rb"UNB[^A-Za-z0-9\s](UNO[A-Z])")
_START = re.compile(r"(?m)^[ \t]*(UNA|UNB|UNH)")
_BOM = b"\xef\xbb\xbf"
_LEADING_JUNK_LIMIT = 4096
_FIRST_THREE = itemgetter(slice(0, 3))
_FOURTH = itemgetter(slice(3, 4))


def problem(code: str, message: str, segment: str | None = None, position: int | None = None,
            element: str | None = None, severity: str = "error") -> Problem:
    """A ``Problem``; the one constructor both EDI extractors use."""
    return Problem(code=code, message=message, segment=segment, segment_position=position,
                   element=element, severity=severity)  # type: ignore[arg-type]


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause CPython's cyclic garbage collector around a parse. A parse allocates millions of small
    lists holding no reference cycles; the generational collector would rescan them over and over
    (several times the cost of the parse itself)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


DECIMALS: dict[str, Decimal | None] = {}  # parse_decimal's cache: text -> value (None: not a number)
_DECIMALS_MAX = 16384
_MISSING = object()


def parse_decimal(text: str) -> Decimal | None:
    """An EDI number: optional minus, digits, "." or "," as decimal mark; None when not one (no
    exponent, no blanks, no NaN). Cached in ``DECIMALS`` (emptied when full): quantities and prices
    repeat, and ``Decimal`` is immutable; a hot loop may look there first (``DECIMALS.get(text) or
    parse_decimal(text)``). A plain dict, as most prices of a large set are seen once and an LRU's
    bookkeeping on every miss would cost more than the parse."""
    value = DECIMALS.get(text, _MISSING)
    if value is not _MISSING:
        return value  # type: ignore[return-value]
    number = text.replace(",", ".") if "," in text else text
    if number.strip("-0123456789."):  # only those characters; Decimal refuses a misplaced minus or dot
        value = None
    else:
        try:
            value = Decimal(number)
        except InvalidOperation:
            value = None
    if len(DECIMALS) >= _DECIMALS_MAX:
        DECIMALS.clear()
    DECIMALS[text] = value
    return value  # type: ignore[return-value]


def _century(two_digits: str) -> int:
    year = int(two_digits)
    return 2000 + year if year < 70 else 1900 + year


@lru_cache(maxsize=4096)
def parse_date(value: str, fmt: str = "") -> date:
    """A date written in a UN/EDIFACT 2379 format (102, 203, 204, 101, 718, 616...); the start of a
    range; the format guessed from the length when absent. Raises ValueError when not a date."""
    value = value.strip()
    if not value.isdecimal():
        raise ValueError(f"{value!r} is not a date")
    if fmt == "616":  # CCYYWW
        return date.fromisocalendar(int(value[:4]), int(value[4:6]), 1)
    if fmt in ("101", "201", "717") or (not fmt and len(value) in (6, 10)):  # YYMMDD...
        return date(_century(value[:2]), int(value[2:4]), int(value[4:6]))
    if len(value) < 8:
        raise ValueError(f"{value!r} is too short for a CCYYMMDD date")
    return date(int(value[:4]), int(value[4:6]), int(value[6:8]))


@dataclass(frozen=True, slots=True)
class Delimiters:
    """The separators of one interchange; ``release``/``repetition`` are None when not used."""

    component: str = ":"
    element: str = "+"
    decimal: str = "."
    release: str | None = "?"
    repetition: str | None = None
    segment: str = "'"

    @classmethod
    def from_una(cls, advice: str) -> Delimiters:
        """From the six characters after ``UNA``."""
        return cls(component=advice[0], element=advice[1], decimal=advice[2],
                   release=None if advice[3] == " " else advice[3],
                   repetition=None if advice[4] == " " else advice[4], segment=advice[5])

    def una(self) -> str:
        return (f"UNA{self.component}{self.element}{self.decimal}{self.release or ' '}"
                f"{self.repetition or ' '}{self.segment}")


DEFAULT_DELIMITERS = Delimiters()


class Syntax(NamedTuple):
    """How the segments of one stretch of text were split: separators and the escape swap-back."""

    delimiters: Delimiters
    marks: tuple[tuple[str, str], ...] | None  # (placeholder, released character); None: nothing released
    marked: re.Pattern[str] | None  # finds a placeholder
    restore: Callable[[str], str]  # a value as written, released separators put back


def _restorer(marks: tuple[tuple[str, str], ...] | None) -> Callable[[str], str]:
    """``Syntax.restore``. The placeholders are not ASCII and ``str.isascii`` is O(1), so most values return
    at once; the others go through four ``str.replace`` (``str.translate`` with a dict table would raise
    and catch a KeyError per character)."""
    if marks is None:
        return str
    (m0, r0), (m1, r1), (m2, r2), (m3, r3) = marks

    def restore(text: str) -> str:
        if text.isascii():
            return text
        return text.replace(m0, r0).replace(m1, r1).replace(m2, r2).replace(m3, r3)
    return restore


def plain_syntax(d: Delimiters) -> Syntax:
    """The syntax of a text in which nothing was released."""
    return Syntax(d, None, None, str)


class Segment(NamedTuple):
    """One segment: its tag, its text, its document position, and how to split it.

    ``elements`` (each element a list of components, escapes resolved) is computed on demand, so a
    reader pays only for the segments and elements it reads; ``parts`` gives the raw element strings
    (tag first) for readers that split and ``Syntax.restore`` themselves."""

    tag: str
    raw: str  # the segment without its terminator; released characters are placeholders
    position: int
    syntax: Syntax

    @property
    def elements(self) -> list[list[str]]:
        d = self.syntax.delimiters
        composites = [part.split(d.component) for part in self.raw.split(d.element)[1:]]
        syntax = self.syntax
        if syntax.marked is not None and not self.raw.isascii() and syntax.marked.search(self.raw):
            restore = syntax.restore
            composites = [[c if c.isascii() else restore(c) for c in composite] for composite in composites]
        return composites

    def parts(self) -> list[str]:
        """The raw element strings, the tag first (placeholders not restored)."""
        return self.raw.split(self.syntax.delimiters.element)

    def value(self, element: int, component: int = 0) -> str:
        """A component by 0-based element and component index, restored ("" when absent)."""
        d = self.syntax.delimiters
        try:
            text = self.raw.split(d.element)[element + 1].split(d.component)[component]
        except IndexError:
            return ""
        return self.syntax.restore(text)

    def composite(self, element: int) -> list[str]:
        d = self.syntax.delimiters
        try:
            part = self.raw.split(d.element)[element + 1]
        except IndexError:
            return []
        return [self.syntax.restore(c) for c in part.split(d.component)]


@dataclass
class Decoded:
    text: str
    charset: str | None  # the declared syntax identifier, e.g. "UNOC"
    encoding: str  # the codec actually used
    problems: list[Problem] = field(default_factory=list)


def decode_edifact(data: bytes) -> Decoded:
    """Bytes to text per the UNB syntax identifier; never raises."""
    if data.startswith(_BOM):
        data = data[3:]
    match = _SYNTAX_ID.search(data, 0, 4096)
    declared = match.group(1).decode("ascii") if match else None
    codec = CHARSETS.get(declared or "", "utf-8")
    if data.isascii():
        return Decoded(data.decode("ascii"), declared, "ascii")
    problems: list[Problem] = []
    if codec != "utf-8":
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            problems.append(problem("EDI-CHARSET", f"declared {declared} but the bytes are UTF-8; read as UTF-8",
                                    "UNB", element="UNB01", severity="warning"))
            return Decoded(text, declared, "utf-8", problems)
    try:
        return Decoded(data.decode(codec), declared, codec)
    except UnicodeDecodeError:
        fallback = "latin-1" if codec in ("ascii", "utf-8") else codec
        problems.append(problem("EDI-CHARSET", f"bytes not valid for {declared or 'the default UTF-8'}; "
                                f"read as {fallback}", "UNB", element="UNB01", severity="warning"))
        return Decoded(data.decode(fallback, errors="replace"), declared, fallback, problems)


def find_start(text: str) -> tuple[int, Problem | None]:
    """Where the EDIFACT data begins: after whitespace, or after banner lines holding no terminator."""
    stripped = len(text) - len(text.lstrip())
    if text.startswith(("UNA", "UNB", "UNH"), stripped):
        return stripped, None
    match = _START.search(text, 0, _LEADING_JUNK_LIMIT)
    if match and "'" not in text[:match.start(1)]:
        return match.start(1), problem("EDI-LEADING-JUNK", f"{match.start(1)} characters before the first "
                                       f"{match.group(1)} were skipped", severity="warning")
    return stripped, None


def _placeholders(text: str, count: int) -> list[str]:
    """Characters absent from the text to stand for released ones: C1 controls first (not ASCII, so
    ``Syntax.restore`` can skip ASCII values; within Latin-1, so a Latin-1 text stays one byte per
    character; U+0085 left out, as ``str.strip`` takes it for a blank), then private-use characters."""
    candidates = (chr(code) for code in (*range(0x80, 0x85), *range(0x86, 0xA0), *range(0xE000, 0xF900)))
    return list(islice((char for char in candidates if char not in text), count))


def _protect_escapes(text: str, d: Delimiters) -> tuple[str, tuple[tuple[str, str], ...], re.Pattern[str]]:
    """Swap released characters for unused placeholders; returns the text and how to swap back."""
    release = d.release or ""
    marks = tuple(zip(_placeholders(text, 4), (release, d.segment, d.element, d.component)))
    if release + release in text:
        text = text.replace(release + release, marks[0][0])
    # Every release left now releases the character after it: one split on the release character and
    # a join swap them all (three replaces of two-character patterns scan the text three times).
    parts = text.split(release)
    swap = {original: mark for mark, original in marks[1:]}.get
    text = parts[0] + "".join([swap(p[:1], p[:1]) + p[1:] for p in parts[1:]])
    return text, marks, re.compile("[" + "".join(re.escape(mark) for mark, _ in marks) + "]")


def _raw_segments(text: str, terminator: str) -> list[str]:
    """Segment strings: blanks before a tag and empty segments dropped (checked for first, as they
    are rare, so the common case is one ``str.split``)."""
    raws = text.split(terminator)
    if raws and not raws[-1].strip(" \t"):
        raws.pop()
    irregular = _irregular_pattern(terminator).search(text)  # one scan for the common, regular case
    blanks = text[:1] in (" ", "\t") or (irregular is not None and (
        irregular.group() != terminator * 2 or f"{terminator} " in text or f"{terminator}\t" in text))
    if blanks:
        raws = [r.lstrip(" \t") for r in raws]
        if "" in raws:
            raws = [r for r in raws if r]
    elif irregular or text.startswith(terminator):
        raws = [r for r in raws if r]
    return raws


@lru_cache(maxsize=64)
def _irregular_pattern(terminator: str) -> re.Pattern[str]:
    """A terminator followed by a blank or by another terminator (an empty segment)."""
    return re.compile(re.escape(terminator) + "[ \t" + re.escape(terminator) + "]")


def _tag(raw: str, d: Delimiters) -> str:
    tag = raw.split(d.element, 1)[0]
    return tag.split(d.component, 1)[0] if d.component in tag else tag


def _prepare(text: str, d: Delimiters) -> tuple[str, Syntax]:
    """Line breaks removed, released characters swapped for placeholders."""
    separators = (d.component, d.element, d.segment, d.release)
    if "\r" not in separators and "\n" not in separators and "\r\n" in text:
        text = text.replace("\r\n", "")  # CRLF in one pass; strays below
    for line_break in ("\r", "\n"):
        if line_break not in separators and line_break in text:
            text = text.replace(line_break, "")
    if d.release and d.release in text:
        text, marks, marked = _protect_escapes(text, d)
        return text, Syntax(d, marks, marked, _restorer(marks))
    return text, plain_syntax(d)


@dataclass
class Tokens:
    """A document's segments as flat lists: ``raws[i]`` and ``tags[i]`` are the segment at position
    ``i + 1``; ``chunks`` says from which index each ``Syntax`` (UNA) applies."""

    raws: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    chunks: list[tuple[int, Syntax]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def syntax_at(self, index: int) -> Syntax:
        found = self.chunks[0][1] if self.chunks else plain_syntax(DEFAULT_DELIMITERS)
        for start, syntax in self.chunks:
            if start <= index:
                found = syntax
        return found

    def segment(self, index: int) -> Segment:
        return Segment(self.tags[index], self.raws[index], index + 1, self.syntax_at(index))

    @property
    def segments(self) -> list[Segment]:
        """Every segment as a ``Segment`` (made on demand; readers on a hot path use the lists)."""
        out: list[Segment] = []
        bounds = [start for start, _ in self.chunks[1:]] + [len(self.raws)]
        for (start, syntax), end in zip(self.chunks, bounds):
            out += [Segment(self.tags[i], self.raws[i], i + 1, syntax) for i in range(start, end)]
        return out

    @property
    def delimiters(self) -> list[tuple[int, Delimiters]]:
        """(first segment position, separators in force from there)."""
        return [(start + 1, syntax.delimiters) for start, syntax in self.chunks]

    def add(self, text: str, d: Delimiters) -> None:
        """Split one stretch of text (no UNA in it) and append its segments."""
        text, syntax = _prepare(text, d)
        raws = _raw_segments(text, d.segment)
        # C-level loops: the common case costs no bytecode per segment. Tags are interned: a few distinct
        # strings shared by every segment, compared by identity against the readers' literals.
        tags = list(map(intern, map(_FIRST_THREE, raws)))
        if "".join(map(_FOURTH, raws)).count(d.element) != len(raws):  # some tag is not 3 characters + separator
            for index in compress(count(), map(d.element.__ne__, map(_FOURTH, raws))):
                tags[index] = intern(_tag(raws[index], d))
        self.chunks.append((len(self.raws), syntax))
        if self.raws:
            self.tags += tags
            self.raws += raws
        else:
            self.tags, self.raws = tags, raws


def _next_una(text: str, d: Delimiters, start: int) -> int:
    """Index of a UNA opening a later interchange (after a terminator), or -1."""
    pattern = re.compile(re.escape(d.segment) + r"[\r\n \t]*UNA")
    for match in pattern.finditer(text, start):
        before = match.start() - 1
        if d.release and before >= 0 and text[before] == d.release:
            continue
        return match.end() - 3
    return -1


def tokenize(text: str) -> Tokens:
    """Tokenize EDIFACT text (starting at UNA/UNB/UNH, see ``find_start``); never raises."""
    tokens = Tokens()
    d = DEFAULT_DELIMITERS
    index = 0
    while True:
        if text.startswith("UNA", index):
            advice = text[index + 3:index + 9]
            if len(advice) == 6:
                d = Delimiters.from_una(advice)
            else:
                tokens.problems.append(problem("EDI-UNA-INVALID", "UNA is shorter than its six characters",
                                               "UNA", len(tokens.raws) + 1))
            index += 9
        end = _next_una(text, d, index) if text.find("UNA", index) >= 0 else -1
        tokens.add(text[index:] if end < 0 else text[index:end], d)
        if end < 0:
            return tokens
        index = end


def split_segments(text: str, d: Delimiters = DEFAULT_DELIMITERS) -> list[Segment]:
    """Segments of text that has no UNA, with these separators."""
    tokens = Tokens()
    tokens.add(text, d)
    return tokens.segments
