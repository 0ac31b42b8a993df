"""EDIFACT interchange structure: UNB/UNG/UNH ... UNT/UNE/UNZ, with every envelope fault found.

Owns ``read_document`` (bytes -> decoded, tokenized, structured) and the envelope state machine: it
groups a document's segments into interchanges, functional groups and messages, and collects every
fault (counts, references, missing headers and trailers, duplicate references, unknown or stray
segments) instead of stopping at the first. It knows nothing about what a message means.

Only service segments are visited one by one; a message keeps the index range of its segments in the
document's ``Tokens``, so the body is never copied. Positions: problems about a message's own
segments (UNH, UNT, data segments) give the position inside the message, UNH being 1, as CONTRL's UCS
wants it; problems about interchange or group service segments give document positions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import compress, count

from extractors.edi.edifact_syntax import (
    DEFAULT_DELIMITERS, Delimiters, Segment, Syntax, Tokens, decode_edifact, find_start, plain_syntax, problem,
    tokenize,
)
from extractors.edi.envelope import EnvelopeStructure, GroupRef, Unit, count_of
from gateway.model import Problem

SERVICE_TAGS = frozenset({"UNA", "UNB", "UNG", "UNH", "UNT", "UNE", "UNZ"})
_TAG = re.compile(r"[A-Z][A-Z0-9]{2}")


@dataclass
class Message(Unit):
    """UNH ... UNT and everything between (document indexes ``start`` to ``end``, UNT included when
    present); ``problems`` are the message's own faults."""

    tokens: Tokens
    header: Segment
    start: int
    end: int
    group_ref: str | None = None
    problems: list[Problem] = field(default_factory=list)
    ref: str = field(init=False)  # 0062
    type: str = field(init=False)  # S009 0065, e.g. ORDERS
    version: str = field(init=False)  # the rest of S009, e.g. D:96A:UN:EAN008

    def __post_init__(self) -> None:
        identifier = self.header.composite(1)
        self.ref = self.header.value(0)
        self.type = identifier[0] if identifier else ""
        self.version = ":".join(c for c in identifier[1:] if c)

    @property
    def syntax(self) -> Syntax:
        return self.header.syntax

    @property
    def segments(self) -> list[Segment]:
        tags, raws, syntax = self.tokens.tags, self.tokens.raws, self.syntax
        return [Segment(tags[i], raws[i], i + 1, syntax) for i in range(self.start, self.end)]

    def segment(self, index: int) -> Segment:
        """The segment at a document index (inside this message)."""
        return Segment(self.tokens.tags[index], self.tokens.raws[index], index + 1, self.syntax)



@dataclass
class Group(GroupRef):
    REF_ELEMENT = 4
    header: Segment
    trailer: Segment | None = None
    messages: list[Message] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)



@dataclass
class Envelope(EnvelopeStructure):
    """One interchange (UNB ... UNZ), or the messages found outside any (``header`` None)."""

    header: Segment | None
    trailer: Segment | None = None
    groups: list[Group] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    message_refs: set[str] = field(default_factory=set)
    CONTROL_REF_ELEMENT = 4


@dataclass
class _Stray:
    """A run of segments outside any message, reported as one problem."""

    first: Segment
    last_position: int
    count: int
    owner: list[Problem]


class _Walker:
    """The interchange state machine: feed service segments and the runs between them, then ``finish``."""

    def __init__(self, tokens: Tokens) -> None:
        self.tokens = tokens
        self.envelopes: list[Envelope] = []
        self.problems: list[Problem] = []  # outside any interchange
        self.envelope: Envelope | None = None  # open UNB
        self.loose: Envelope | None = None  # messages without UNB
        self.group: Group | None = None
        self.message: Message | None = None
        self.stray: _Stray | None = None
        self.control_refs: set[str] = set()
        self.valid_tags: set[str] = set()

    def feed(self, index: int) -> None:
        """A service segment (one with a handler)."""
        seg = self.tokens.segment(index)
        if seg.tag != "UNT" or self.message is not None:
            self.flush_stray()
        _HANDLERS[seg.tag](self, seg)

    def feed_data(self, start: int, end: int) -> None:
        """Segments between two service segments: the open message's body, or stray ones."""
        message = self.message
        if message is None:
            self.add_stray(self.tokens.segment(start), end - start, end)
            return
        message.end = end
        tags = self.tokens.tags
        unchecked = set(tags[start:end]) - self.valid_tags
        for tag in unchecked:
            if _TAG.fullmatch(tag):
                self.valid_tags.add(tag)
        for index in range(start, end) if unchecked - self.valid_tags else ():
            if tags[index] not in self.valid_tags:
                message.problems.append(problem(
                    "EDI-SEGMENT-UNKNOWN", f"segment tag {tags[index]!r} is not a valid tag", tags[index],
                    index - message.start + 1))

    def add_stray(self, first: Segment, count: int, end: int) -> None:
        if self.stray is None:
            self.stray = _Stray(first, end, count, self.current_problems())
        else:
            self.stray.count += count
            self.stray.last_position = end

    def current_problems(self) -> list[Problem]:
        if self.envelope is not None:
            return self.envelope.problems
        return self.loose.problems if self.loose is not None else self.problems

    def flush_stray(self) -> None:
        stray, self.stray = self.stray, None
        if stray is None:
            return
        first = stray.first
        expected = "UNB" if self.envelope is None and self.loose is None else "UNH"
        more = f"; {stray.count} segment(s) up to position {stray.last_position} are outside any message" \
            if stray.count > 1 else ""
        if _TAG.fullmatch(first.tag) and first.tag not in SERVICE_TAGS:
            code, text = "EDI-SEGMENT-UNEXPECTED", f"segment {first.tag} where {expected} was expected{more}"
        else:
            code, text = "EDI-SEGMENT-UNKNOWN", \
                f"unknown segment tag {first.tag!r} where {expected} was expected{more}"
        stray.owner.append(problem(code, text, first.tag, first.position))

    # --- interchange ---
    def unb(self, seg: Segment) -> None:
        self.close_message(seg)
        if self.envelope is not None:
            self.close_group(seg)
            self.envelope.problems.append(problem(
                "EDI-UNZ-MISSING", "interchange not closed by UNZ before the next UNB", "UNZ", seg.position))
        self.envelope = Envelope(seg, problems=check_unb(seg))
        self.envelopes.append(self.envelope)
        ref = self.envelope.control_ref
        if ref and ref in self.control_refs:
            self.envelope.problems.append(problem(
                "EDI-UNB-DUPLICATE", f"interchange control reference {ref} used twice in this document",
                "UNB", seg.position, "UNB05"))
        self.control_refs.add(ref)

    def unz(self, seg: Segment) -> None:
        self.close_message(seg)
        self.close_group(seg)
        env = self.envelope
        if env is None:
            env = self.loose or self.open_loose()
            env.problems.append(problem("EDI-UNB-MISSING", "UNZ without a UNB interchange header",
                                        "UNZ", seg.position))
            env.trailer = seg
            self.loose = None
            return
        env.trailer = seg
        expected = len(env.groups) if env.groups else len(env.messages)
        what = "functional groups" if env.groups else "messages"
        if count_of(seg.value(0)) != expected:
            env.problems.append(problem("EDI-UNZ-COUNT", f"UNZ says {seg.value(0) or 'nothing'}, the interchange "
                                        f"holds {expected} {what}", "UNZ", seg.position, "UNZ01"))
        if seg.value(1) != env.control_ref:
            env.problems.append(problem("EDI-UNZ-REF", f"UNZ control reference {seg.value(1)!r} does not match "
                                        f"UNB's {env.control_ref!r}", "UNZ", seg.position, "UNZ02"))
        self.envelope = None

    # --- group ---
    def ung(self, seg: Segment) -> None:
        self.close_message(seg)
        self.close_group(seg)
        env = self.envelope or self.loose or self.open_loose()
        group = Group(seg)
        if not group.ref:
            group.problems.append(problem("EDI-UNG-INVALID", "UNG has no group reference", "UNG",
                                          seg.position, "UNG05"))
        elif any(g.ref == group.ref for g in env.groups):
            group.problems.append(problem("EDI-UNG-DUPLICATE", f"group reference {group.ref} used twice in "
                                          "this interchange", "UNG", seg.position, "UNG05"))
        if env.messages and not env.groups:
            group.problems.append(problem("EDI-UNG-MIXED", "functional groups and messages mixed",
                                          "UNG", seg.position))
        env.groups.append(group)
        self.group = group

    def une(self, seg: Segment) -> None:
        self.close_message(seg)
        group = self.group
        if group is None:
            self.current_problems().append(problem("EDI-UNG-MISSING", "UNE without a UNG group header",
                                                   "UNE", seg.position))
            return
        group.trailer = seg
        if count_of(seg.value(0)) != len(group.messages):
            group.problems.append(problem("EDI-UNE-COUNT", f"UNE says {seg.value(0) or 'nothing'}, the group "
                                          f"holds {len(group.messages)} messages", "UNE", seg.position, "UNE01"))
        if seg.value(1) != group.ref:
            group.problems.append(problem("EDI-UNE-REF", f"UNE group reference {seg.value(1)!r} does not match "
                                          f"UNG's {group.ref!r}", "UNE", seg.position, "UNE02"))
        self.group = None

    def close_group(self, seg: Segment) -> None:
        if self.group is not None:
            self.group.problems.append(problem("EDI-UNE-MISSING", "group not closed by UNE", "UNE", seg.position))
            self.group = None

    # --- message ---
    def open_loose(self) -> Envelope:
        self.loose = Envelope(None)
        self.envelopes.append(self.loose)
        return self.loose

    def unh(self, seg: Segment) -> None:
        self.close_message(seg)
        env = self.envelope or self.loose or self.open_loose()
        if env.groups and self.group is None:
            env.problems.append(problem("EDI-UNG-MIXED", "a message outside the functional groups of its "
                                        "interchange", "UNH", seg.position))
        index = seg.position - 1
        message = Message(self.tokens, seg, index, index + 1, self.group.ref if self.group else None)
        if not message.ref:
            message.problems.append(problem("EDI-UNH-INVALID", "UNH has no message reference", "UNH", 1, "UNH01"))
        if not message.type:
            message.problems.append(problem("EDI-UNH-INVALID", "UNH has no message type", "UNH", 1, "UNH02"))
        if message.ref and message.ref in env.message_refs:
            message.problems.append(problem("EDI-MSG-DUPLICATE", f"message reference {message.ref} used twice "
                                            "in this interchange", "UNH", 1, "UNH01"))
        env.message_refs.add(message.ref)
        env.messages.append(message)
        if self.group is not None:
            self.group.messages.append(message)
        self.message = message

    def unt(self, seg: Segment) -> None:
        message = self.message
        if message is None:
            self.add_stray(seg, 1, seg.position)
            return
        message.end = seg.position
        count = message.end - message.start
        position = message.position_of(seg)
        if count_of(seg.value(0)) != count:
            message.problems.append(problem("EDI-UNT-COUNT", f"UNT says {seg.value(0) or 'nothing'} segments, "
                                            f"the message has {count}", "UNT", position, "UNT01"))
        if seg.value(1) != message.ref:
            message.problems.append(problem("EDI-UNT-REF", f"UNT message reference {seg.value(1)!r} does not "
                                            f"match UNH's {message.ref!r}", "UNT", position, "UNT02"))
        self.message = None

    def close_message(self, seg: Segment) -> None:
        if self.message is not None:
            self.message.problems.append(problem(
                "EDI-UNT-MISSING", f"message {self.message.ref} not closed by UNT before {seg.tag}", "UNT",
                self.message.position_of(seg)))
            self.message = None

    def finish(self) -> tuple[list[Envelope], list[Problem]]:
        end = Segment("", "", len(self.tokens.raws) + 1, plain_syntax(DEFAULT_DELIMITERS))
        self.flush_stray()
        if self.message is not None:
            self.message.problems.append(problem(
                "EDI-UNT-MISSING", f"message {self.message.ref} not closed by UNT at the end of the document",
                "UNT", self.message.position_of(end)))
            self.message = None
        self.close_group(end)
        if self.envelope is not None:
            self.envelope.problems.append(problem("EDI-UNZ-MISSING", "interchange not closed by UNZ at the end "
                                                  "of the document", "UNZ", end.position))
        return self.envelopes, self.problems


_HANDLERS = {"UNB": _Walker.unb, "UNZ": _Walker.unz, "UNG": _Walker.ung, "UNE": _Walker.une,
             "UNH": _Walker.unh, "UNT": _Walker.unt}


def check_unb(seg: Segment) -> list[Problem]:
    """The mandatory parts of a UNB: syntax identifier, sender, recipient, date/time, control reference."""
    problems: list[Problem] = []
    if not re.fullmatch(r"UNO[A-Z]", seg.value(0, 0)) or not seg.value(0, 1).isdecimal():
        problems.append(problem("EDI-UNB-INVALID", f"syntax identifier {':'.join(seg.composite(0))!r} is not "
                                "UNOx:n", "UNB", seg.position, "UNB01"))
    for index, name in ((1, "sender"), (2, "recipient"), (3, "date/time"), (4, "control reference")):
        if not seg.value(index):
            problems.append(problem("EDI-UNB-INVALID", f"UNB has no interchange {name}", "UNB", seg.position,
                                    f"UNB{index + 1:02d}"))
    return problems


def read_envelopes(tokens: Tokens) -> tuple[list[Envelope], list[Problem]]:
    """Group a document's segments into interchanges and messages; returns them and the faults outside
    any interchange."""
    walker = _Walker(tokens)
    start = 0
    for index in compress(count(), map(_HANDLERS.__contains__, tokens.tags)):
        if index > start:
            walker.feed_data(start, index)
        walker.feed(index)
        start = index + 1
    if start < len(tokens.tags):
        walker.feed_data(start, len(tokens.tags))
    return walker.finish()


@dataclass
class Document:
    """A whole EDIFACT document read up to its envelopes."""

    charset: str | None
    tokens: Tokens
    envelopes: list[Envelope]
    problems: list[Problem]  # decoding, leading junk, UNA, and faults outside any interchange

    @property
    def segmentcount_of(self) -> int:
        return len(self.tokens.raws)

    def delimiters_at(self, position: int) -> Delimiters:
        """The separators in force at a document position."""
        return self.tokens.syntax_at(position - 1).delimiters


def read_document(data: bytes) -> Document:
    """Decode, tokenize and structure an EDIFACT document; never raises."""
    decoded = decode_edifact(data)
    problems = list(decoded.problems)
    start, junk = find_start(decoded.text)
    if junk is not None:
        problems.append(junk)
    tokens = tokenize(decoded.text[start:].rstrip(" \t\r\n\x00\x1a"))
    envelopes, outside = read_envelopes(tokens)
    return Document(decoded.charset, tokens, envelopes, problems + tokens.problems + outside)
