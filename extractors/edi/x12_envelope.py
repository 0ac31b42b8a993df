"""ANSI X12 interchange structure: ISA/IEA, GS/GE and ST/SE, with every envelope fault found.

Owns ``read_document`` (bytes -> decoded, tokenized, structured) and the envelope state machine: counts
(SE01, GE01, IEA01), control numbers (SE02/ST02, GE02/GS06, IEA02/ISA13), missing headers and trailers,
duplicate control numbers, TA1 interchange acknowledgements, and segments found outside a transaction
set, all collected rather than stopping at the first. Problems about a transaction set's own segments
give the position inside it (ST = 1); envelope problems give document positions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractors.edi.edifact_syntax import problem
from extractors.edi.x12_syntax import Segment, X12Delimiters, decode_x12, tokenize
from extractors.edi.envelope import EnvelopeStructure, GroupRef, Unit, count_of
from gateway.model import Problem

ENVELOPE_TAGS = frozenset({"ISA", "IEA", "GS", "GE", "ST", "SE", "TA1"})
_TAG = re.compile(r"[A-Z][A-Z0-9]{1,2}")


@dataclass
class Transaction(Unit):
    header: Segment
    segments: list[Segment]
    group_ref: str | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ref(self) -> str:
        return self.header.value(1)

    @property
    def type(self) -> str:
        return self.header.value(0)



@dataclass
class Group(GroupRef):
    REF_ELEMENT = 5
    header: Segment
    trailer: Segment | None = None
    transactions: list[Transaction] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)



@dataclass
class Envelope(EnvelopeStructure):
    """One interchange (ISA ... IEA), or transaction sets found outside any (``header`` None)."""

    header: Segment | None
    trailer: Segment | None = None
    groups: list[Group] = field(default_factory=list)
    transactions: list[Transaction] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    interchange_acks: int = 0  # TA1 segments
    CONTROL_REF_ELEMENT = 12


_ISA_ELEMENTS = ("authorization qualifier", "authorization information", "security qualifier",
                 "security information", "sender qualifier", "sender id", "receiver qualifier", "receiver id",
                 "date", "time", "standards id or repetition separator", "version", "control number",
                 "acknowledgment requested", "usage indicator", "component separator")


def _isa_cut(seg: Segment) -> str:
    """Where a short ISA ends: the last element read (and its value) and the first one missing."""
    read = len(seg.elements)
    missing = f"ISA{read + 1:02d} ({_ISA_ELEMENTS[read]}) onwards is missing"
    if read == 0:
        return f"ISA is cut right after its tag: {missing}; 16 elements expected"
    last = seg.elements[-1]
    shown = repr(last if len(last) <= 20 else last[:20] + "...")
    return (f"ISA is cut after ISA{read:02d} ({_ISA_ELEMENTS[read - 1]}, {shown}): {missing}; "
            f"{read} of 16 elements read")


def check_isa(seg: Segment) -> list[Problem]:
    """The ISA's sixteen elements: qualifiers, ids, version, control number, flags."""
    problems: list[Problem] = []
    if len(seg.elements) < 16:
        problems.append(problem("X12-ISA-INVALID", _isa_cut(seg), "ISA", seg.position,
                                f"ISA{len(seg.elements) + 1:02d}"))
    read = len(seg.elements)  # what a cut ISA lacks is said once, by _isa_cut
    for index, name in ((5, "sender id"), (7, "receiver id"), (11, "version")):
        if index < read and not seg.value(index):
            problems.append(problem("X12-ISA-INVALID", f"ISA has no {name}", "ISA", seg.position,
                                    f"ISA{index + 1:02d}"))
    if read > 12 and not (seg.value(12).isdecimal() and len(seg.value(12)) == 9):
        problems.append(problem("X12-ISA-INVALID", f"ISA13 control number {seg.value(12)!r} is not 9 digits",
                                "ISA", seg.position, "ISA13"))
    return problems


class _Walker:
    """The envelope state machine; feed segments in order, then ``finish``."""

    def __init__(self) -> None:
        self.envelopes: list[Envelope] = []
        self.problems: list[Problem] = []
        self.envelope: Envelope | None = None
        self.loose: Envelope | None = None
        self.group: Group | None = None
        self.transaction: Transaction | None = None
        self.stray: list[Segment] = []
        self.stray_owner: list[Problem] | None = None
        self.control_refs: set[str] = set()

    def feed(self, seg: Segment) -> None:
        handler = _HANDLERS.get(seg.tag)
        if handler is not None and (seg.tag != "TA1" or self.transaction is None):
            if seg.tag != "SE" or self.transaction is not None:
                self.flush_stray()
            handler(self, seg)
        elif self.transaction is not None:
            self.transaction.segments.append(seg)
            if not _TAG.fullmatch(seg.tag):
                self.transaction.problems.append(problem(
                    "X12-SEGMENT-UNKNOWN", f"segment tag {seg.tag!r} is not a valid tag", seg.tag,
                    self.transaction.position_of(seg)))
        else:
            self.stray.append(seg)
            self.stray_owner = self.current_problems()

    def current_problems(self) -> list[Problem]:
        if self.envelope is not None:
            return self.envelope.problems
        return self.loose.problems if self.loose is not None else self.problems

    def open_loose(self) -> Envelope:
        self.loose = Envelope(None)
        self.envelopes.append(self.loose)
        return self.loose

    def flush_stray(self) -> None:
        if not self.stray or self.stray_owner is None:
            return
        first, count = self.stray[0], len(self.stray)
        expected = "ISA" if self.envelope is None and self.loose is None else \
            ("ST" if self.group is not None else "GS")
        more = f"; {count} segment(s) up to position {self.stray[-1].position} are outside any transaction " \
            "set" if count > 1 else ""
        known = _TAG.fullmatch(first.tag) and first.tag not in ENVELOPE_TAGS
        code = "X12-SEGMENT-UNEXPECTED" if known else "X12-SEGMENT-UNKNOWN"
        text = f"segment {first.tag} where {expected} was expected{more}" if known else \
            f"unknown segment tag {first.tag!r} where {expected} was expected{more}"
        self.stray_owner.append(problem(code, text, first.tag, first.position))
        self.stray, self.stray_owner = [], None

    def isa(self, seg: Segment) -> None:
        self.close_transaction(seg)
        self.close_group(seg)
        if self.envelope is not None:
            self.envelope.problems.append(problem("X12-IEA-MISSING", "interchange not closed by IEA before the "
                                                  "next ISA", "IEA", seg.position))
        self.envelope = Envelope(seg, problems=check_isa(seg))
        self.envelopes.append(self.envelope)
        ref = self.envelope.control_ref
        if ref and ref in self.control_refs:
            self.envelope.problems.append(problem("X12-ISA-DUPLICATE", f"interchange control number {ref} used "
                                                  "twice in this document", "ISA", seg.position, "ISA13"))
        self.control_refs.add(ref)

    def ta1(self, seg: Segment) -> None:
        (self.envelope or self.loose or self.open_loose()).interchange_acks += 1

    def iea(self, seg: Segment) -> None:
        self.close_transaction(seg)
        self.close_group(seg)
        env = self.envelope
        if env is None:
            env = self.loose or self.open_loose()
            env.problems.append(problem("X12-ISA-MISSING", "IEA without an ISA interchange header", "IEA",
                                        seg.position))
            self.loose = None
            return
        env.trailer = seg
        if count_of(seg.value(0)) != len(env.groups):
            env.problems.append(problem("X12-IEA-COUNT", f"IEA01 says {seg.value(0) or 'nothing'}, the "
                                        f"interchange holds {len(env.groups)} functional groups", "IEA",
                                        seg.position, "IEA01"))
        if seg.value(1) != env.control_ref:
            env.problems.append(problem("X12-IEA-REF", f"IEA02 {seg.value(1)!r} does not match ISA13 "
                                        f"{env.control_ref!r}", "IEA", seg.position, "IEA02"))
        self.envelope = None

    def gs(self, seg: Segment) -> None:
        self.close_transaction(seg)
        self.close_group(seg)
        env = self.envelope or self.loose or self.open_loose()
        if self.envelope is None and self.loose is env and env.header is None and not env.transactions:
            env.problems.append(problem("X12-ISA-MISSING", "GS without an ISA interchange header", "GS",
                                        seg.position))
        group = Group(seg)
        if not group.ref:
            group.problems.append(problem("X12-GS-INVALID", "GS has no group control number", "GS", seg.position,
                                          "GS06"))
        elif any(g.ref == group.ref for g in env.groups):
            group.problems.append(problem("X12-GS-DUPLICATE", f"group control number {group.ref} used twice in "
                                          "this interchange", "GS", seg.position, "GS06"))
        env.groups.append(group)
        self.group = group

    def ge(self, seg: Segment) -> None:
        self.close_transaction(seg)
        group = self.group
        if group is None:
            self.current_problems().append(problem("X12-GS-MISSING", "GE without a GS group header", "GE",
                                                   seg.position))
            return
        group.trailer = seg
        if count_of(seg.value(0)) != len(group.transactions):
            group.problems.append(problem("X12-GE-COUNT", f"GE01 says {seg.value(0) or 'nothing'}, the group "
                                          f"holds {len(group.transactions)} transaction sets", "GE",
                                          seg.position, "GE01"))
        if seg.value(1) != group.ref:
            group.problems.append(problem("X12-GE-REF", f"GE02 {seg.value(1)!r} does not match GS06 "
                                          f"{group.ref!r}", "GE", seg.position, "GE02"))
        self.group = None

    def close_group(self, seg: Segment) -> None:
        if self.group is not None:
            self.group.problems.append(problem("X12-GE-MISSING", f"group {self.group.ref} not closed by GE",
                                               "GE", seg.position))
            self.group = None

    def st(self, seg: Segment) -> None:
        self.close_transaction(seg)
        env = self.envelope or self.loose or self.open_loose()
        if self.group is None and env.header is not None:
            env.problems.append(problem("X12-GS-MISSING", "ST outside a GS functional group", "ST", seg.position))
        transaction = Transaction(seg, [seg], self.group.ref if self.group else None)
        if not transaction.type or not transaction.ref:
            transaction.problems.append(problem("X12-ST-INVALID", "ST has no transaction set id or control "
                                                "number", "ST", 1, "ST01" if not transaction.type else "ST02"))
        siblings = self.group.transactions if self.group else env.transactions
        if transaction.ref and any(t.ref == transaction.ref for t in siblings):
            transaction.problems.append(problem("X12-ST-DUPLICATE", f"transaction set control number "
                                                f"{transaction.ref} used twice in this group", "ST", 1, "ST02"))
        env.transactions.append(transaction)
        if self.group is not None:
            self.group.transactions.append(transaction)
        self.transaction = transaction

    def se(self, seg: Segment) -> None:
        transaction = self.transaction
        if transaction is None:
            self.stray.append(seg)
            self.stray_owner = self.current_problems()
            return
        transaction.segments.append(seg)
        position = transaction.position_of(seg)
        if count_of(seg.value(0)) != len(transaction.segments):
            transaction.problems.append(problem("X12-SE-COUNT", f"SE01 says {seg.value(0) or 'nothing'} segments, "
                                                f"the transaction set has {len(transaction.segments)}", "SE",
                                                position, "SE01"))
        if seg.value(1) != transaction.ref:
            transaction.problems.append(problem("X12-SE-REF", f"SE02 {seg.value(1)!r} does not match ST02 "
                                                f"{transaction.ref!r}", "SE", position, "SE02"))
        self.transaction = None

    def close_transaction(self, seg: Segment) -> None:
        if self.transaction is not None:
            self.transaction.problems.append(problem(
                "X12-SE-MISSING", f"transaction set {self.transaction.ref} not closed by SE before {seg.tag}",
                "SE", self.transaction.position_of(seg)))
            self.transaction = None

    def finish(self, last_position: int) -> tuple[list[Envelope], list[Problem]]:
        end = Segment("", [], last_position + 1)
        self.flush_stray()
        if self.transaction is not None:
            self.close_transaction(end)
        self.close_group(end)
        if self.envelope is not None:
            self.envelope.problems.append(problem("X12-IEA-MISSING", "interchange not closed by IEA at the end "
                                                  "of the document", "IEA", end.position))
        return self.envelopes, self.problems


_HANDLERS = {"ISA": _Walker.isa, "IEA": _Walker.iea, "GS": _Walker.gs, "GE": _Walker.ge, "ST": _Walker.st,
             "SE": _Walker.se, "TA1": _Walker.ta1}


def read_envelopes(segments: list[Segment]) -> tuple[list[Envelope], list[Problem]]:
    """Group segments into interchanges, groups and transaction sets; returns them and the faults
    outside any interchange."""
    walker = _Walker()
    for seg in segments:
        walker.feed(seg)
    return walker.finish(segments[-1].position if segments else 0)


@dataclass
class Document:
    encoding: str
    delimiters: list[tuple[int, X12Delimiters]]
    envelopes: list[Envelope]
    problems: list[Problem]
    segment_count: int

    def delimiters_at(self, position: int) -> X12Delimiters:
        found = self.delimiters[0][1] if self.delimiters else X12Delimiters()
        for start, delimiters in self.delimiters:
            if start <= position:
                found = delimiters
        return found


def read_document(data: bytes) -> Document:
    """Decode, tokenize and structure an X12 document; never raises."""
    decoded = decode_x12(data)
    tokens = tokenize(decoded.text)
    envelopes, outside = read_envelopes(tokens.segments)
    return Document(decoded.encoding, tokens.delimiters, envelopes,
                    decoded.problems + tokens.problems + outside, len(tokens.segments))
