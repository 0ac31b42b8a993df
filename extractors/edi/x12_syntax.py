"""ANSI X12 syntax: text from bytes, delimiters from the ISA, and a fast tokenizer.

Owns two steps (``extractors.edi.x12_envelope`` builds interchanges on top):

* ``decode_x12``: bytes -> text. ASCII or UTF-8 (an ISA padded with non-breaking spaces is then no
  longer fixed-width in bytes, so delimiters are found by counting separators, not by offsets), else
  Latin-1; EBCDIC (cp037, the document starts with ``ISA`` in EBCDIC) is decoded with a warning. A BOM is
  dropped.
* ``tokenize``: the element separator is the character after ``ISA``, the component separator is ISA16,
  the segment terminator the character after it (when ISA16 was left out and a newline follows, its
  character is the terminator), the repetition separator ISA11 from version 00402 on (``U`` before).
  Each ISA sets the delimiters for its own interchange (mailbags mix them). CR/LF that are not the
  terminator are removed first (segments hard-wrapped at 80 columns, CRLF after terminators); blanks
  before a segment tag are dropped. Without an ISA (transaction sets alone) the delimiters are guessed
  from the first segment, with a warning.

A ``Segment`` is its tag, its elements (strings; ``X12Delimiters.component`` splits a composite) and its
1-based position in the document. Element references in problems read ``PO102`` (PO1's second element).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from extractors.edi.edifact_syntax import problem
from gateway.model import Problem

_BOM = b"\xef\xbb\xbf"
_EBCDIC_ISA = b"\xc9\xe2\xc1"


@dataclass(frozen=True, slots=True)
class X12Delimiters:
    element: str = "*"
    component: str = ">"
    segment: str = "~"
    repetition: str | None = None

    def __str__(self) -> str:
        """Element, component, segment and repetition separators, e.g. ``*>~^``."""
        return f"{self.element}{self.component}{self.segment}{self.repetition or ''}"

    @classmethod
    def parse(cls, text: str) -> X12Delimiters:
        return cls(text[0], text[1], text[2], text[3] if len(text) > 3 else None)


class Segment(NamedTuple):
    tag: str
    elements: list[str]
    position: int

    def value(self, index: int) -> str:
        """An element by 0-based index (``value(0)`` is ``xx01``), stripped; "" when absent."""
        try:
            return self[1][index].strip()
        except IndexError:
            return ""


@dataclass
class Decoded:
    text: str
    encoding: str
    problems: list[Problem] = field(default_factory=list)


def decode_x12(data: bytes) -> Decoded:
    """Bytes to text; never raises."""
    if data.startswith(_BOM):
        data = data[3:]
    if data.lstrip(b"\x40\x25\x15\x0d")[:3] == _EBCDIC_ISA:
        return Decoded(data.decode("cp037"), "cp037", [problem(
            "X12-EBCDIC", "the interchange is EBCDIC (cp037); decoded to read it", "ISA", 1, severity="warning")])
    if data.isascii():
        return Decoded(data.decode("ascii"), "ascii")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        return Decoded(data.decode("latin-1"), "latin-1", [problem(
            "X12-CHARSET", "bytes are neither ASCII nor UTF-8; read as ISO-8859-1", severity="warning")])


def read_isa_delimiters(text: str, start: int = 0) -> X12Delimiters | None:
    """Delimiters of the ISA beginning at ``start`` (or of a damaged one with the same shape)."""
    tag_end = start
    while tag_end < len(text) and tag_end - start < 3 and text[tag_end].isalnum():
        tag_end += 1
    if tag_end >= len(text):
        return None
    element = text[tag_end]
    position = tag_end
    for _ in range(15):
        position = text.find(element, position + 1)
        if position < 0 or position + 2 >= len(text):
            return None
    component, segment = text[position + 1], text[position + 2]
    if segment == "\r" and text[position + 3:position + 4] == "\n":
        segment = "\n"
    if segment == "\n" and _ends_lines(text, position + 3, component):
        component, segment = ">", component  # ISA16 left out: its character is the terminator
    isa = text[start:position + 1].split(element)
    repetition = isa[11] if len(isa) > 12 and isa[12].strip() >= "00402" and not isa[11].isalnum() else None
    if component.isalnum() or segment.isalnum() or segment == element:
        return None
    return X12Delimiters(element, component, segment, repetition)


def _ends_lines(text: str, start: int, char: str) -> bool:
    """Whether the line after ``start`` (the GS) ends with ``char``."""
    line_end = text.find("\n", start + 1)
    line = text[start:line_end if line_end > 0 else len(text)].rstrip("\r\n")
    return line.startswith("GS") and line.endswith(char)


def guess_delimiters(text: str) -> X12Delimiters:
    """Delimiters of a document without ISA: element separator after the first tag, terminator after
    the first segment's values."""
    tag_end = 0
    while tag_end < len(text) and tag_end < 3 and text[tag_end].isalnum():
        tag_end += 1
    element = text[tag_end] if tag_end < len(text) else "*"
    index = tag_end
    while index < len(text) and (text[index].isalnum() or text[index] in (element, " ", "-", ".", "_")):
        index += 1
    segment = text[index] if index < len(text) else "~"
    return X12Delimiters(element, ">", "\n" if segment == "\r" else segment)


def split_segments(text: str, d: X12Delimiters, first_position: int = 1) -> list[Segment]:
    """Split the text of one interchange; positions count from ``first_position``."""
    separators = (d.element, d.component, d.segment)
    for line_break in ("\r", "\n"):
        if line_break not in separators and line_break in text:
            text = text.replace(line_break, "")
    element = d.element
    raws = text.split(d.segment)
    if raws and not raws[-1].strip(" \t\xa0"):
        raws.pop()
    if any(r[:1] in ("", " ", "\t", "\xa0") for r in raws):
        raws = [r for r in (raw.lstrip(" \t\xa0") for raw in raws) if r]
    new = tuple.__new__  # Segment's own __new__ is Python code; this is the C constructor
    return [new(Segment, (parts[0], parts[1:], position))
            for position, parts in enumerate((raw.split(element) for raw in raws), first_position)]


@dataclass
class Tokens:
    segments: list[Segment]
    delimiters: list[tuple[int, X12Delimiters]]  # (first segment position, delimiters from there)
    problems: list[Problem] = field(default_factory=list)


def _next_isa(text: str, d: X12Delimiters, start: int) -> int:
    pattern = re.compile(re.escape(d.segment) + r"[\r\n \t]*ISA")
    match = pattern.search(text, start)
    return match.end() - 3 if match else -1


def tokenize(text: str) -> Tokens:
    """Tokenize X12 text starting at its first segment; never raises."""
    text = text.strip(" \t\r\n\xa0\x00\x1a")  # \x1a: a DOS end-of-file mark
    tokens = Tokens([], [])
    position, index = 1, 0
    while True:
        delimiters = read_isa_delimiters(text, index) if text.startswith("ISA", index) else None
        if delimiters is None and index == 0:
            delimiters = _first_delimiters(text, tokens)
        elif delimiters is None:
            delimiters = tokens.delimiters[-1][1]
            tokens.problems.append(problem("X12-ISA-INVALID", "an ISA whose delimiters cannot be read; the "
                                           "previous interchange's are used", "ISA", position))
        tokens.delimiters.append((position, delimiters))
        end = _next_isa(text, delimiters, index + 3)
        segments = split_segments(text[index:] if end < 0 else text[index:end], delimiters, position)
        tokens.segments += segments
        position += len(segments)
        if end < 0:
            return tokens
        index = end


def _first_delimiters(text: str, tokens: Tokens) -> X12Delimiters:
    first = text[:3]
    if first == "ISA":
        tokens.problems.append(problem("X12-ISA-INVALID", "the ISA is too short to read its delimiters",
                                       "ISA", 1))
        return guess_delimiters(text)
    damaged = read_isa_delimiters(text, 0)
    if damaged is not None and not first.startswith(("GS", "ST")):
        tokens.problems.append(problem("X12-ISA-INVALID", f"the document starts with {first!r}, not ISA; "
                                       "delimiters read from that segment", first.rstrip("*|~^"), 1))
        return damaged
    tokens.problems.append(problem("X12-ISA-MISSING", "no ISA interchange header: delimiters guessed",
                                   "ISA", 1, severity="warning"))
    return guess_delimiters(text)
