"""What EDIFACT and X12 envelopes share: interchange, group and message structure, and their problems.

``edifact_envelope`` (UNB/UNG/UNH) and ``x12_envelope`` (ISA/GS/ST) each walk their own segments; the
structures they build behave alike through these mixins: a message or transaction set (``Unit``) gives
a segment's position inside it and whether it has errors; a group (``GroupRef``) its reference; an
interchange (``EnvelopeStructure``) its control reference and whether an interchange- or group-level
error rejects all of it. ``flat_problems`` lists every problem of an interchange with where it was found.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from gateway.model import Problem


def any_error(problems: Iterable[Problem]) -> bool:
    return any(p.severity == "error" for p in problems)


def count_of(value: str) -> int | None:
    """A segment count or a control count as written, or None when it is not a number."""
    return int(value) if value.isdecimal() else None


class Unit:
    """A message (UNH ... UNT) or a transaction set (ST ... SE): ``header`` and ``problems``."""

    header: Any
    problems: list[Problem]

    def position_of(self, segment: Any) -> int:
        """The segment's position inside this unit, its header being 1 (as CONTRL and 997 want it)."""
        return int(segment.position - self.header.position + 1)

    @property
    def has_errors(self) -> bool:
        return any_error(self.problems)


class GroupRef:
    """A functional group (UNG ... UNE, GS ... GE): its reference is element ``REF_ELEMENT`` of the header."""

    REF_ELEMENT: ClassVar[int]
    header: Any

    @property
    def ref(self) -> str:
        return str(self.header.value(self.REF_ELEMENT))


class EnvelopeStructure:
    """One interchange (UNB ... UNZ, ISA ... IEA), or the units found outside any (``header`` None)."""

    CONTROL_REF_ELEMENT: ClassVar[int]
    header: Any
    groups: list[Any]
    problems: list[Problem]

    @property
    def control_ref(self) -> str:
        return str(self.header.value(self.CONTROL_REF_ELEMENT)) if self.header else ""

    @property
    def has_errors(self) -> bool:
        """Interchange- or group-level errors: every unit of the interchange is rejected."""
        return any_error(self.problems + [p for g in self.groups for p in g.problems])


def flat_problems(envelope: EnvelopeStructure, units: Iterable[Any], unnamed: str) -> list[Problem]:
    """Every problem of an interchange, a unit's prefixed with its type and reference (``unnamed`` when
    it has no type), a group's and the interchange's own with the interchange's control reference."""
    where = f"interchange {envelope.control_ref}: " if envelope.control_ref else ""
    out = [p.model_copy(update={"message": where + p.message}) for p in envelope.problems]
    for group in envelope.groups:
        out += [p.model_copy(update={"message": f"{where}group {group.ref}: {p.message}"})
                for p in group.problems]
    for unit in units:
        out += [p.model_copy(update={"message": f"{unit.type or unnamed} {unit.ref}: {p.message}"})
                for p in unit.problems]
    return out
