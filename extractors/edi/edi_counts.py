"""A message or transaction set whose only fault is its segment count: read, and held for a person.

Partners do send a UNT or SE count that is off by a few (at most ``MAX_GAP``) (a segment added or dropped by hand, a
trailer written before the last edit). When that is the message's *only* error it reads completely,
so it is not refused whole: the reader keeps the order, the count problem travels on it as an error
(``gateway.stages.mapping`` turns it into an ``Issue`` that holds the order for review, named), and the
acknowledgement reports it as the standard asks (CONTRL: the UCM with 0085 ``29``; 997/999: AK5/IK5
``E``, accepted with errors, AK502 ``4``).
"""

from __future__ import annotations

from gateway.model import ExtractedOrder, Problem

COUNT_CODES = frozenset({"EDI-UNT-COUNT", "X12-SE-COUNT"})
MAX_GAP = 3  # segments: a count further off means segments were lost or two messages run together
LINE_COUNT_CODES = frozenset({"EDI-CNT-COUNT", "X12-CTT-COUNT"})  # the stated number of lines disagrees


def count_only(problems: list[Problem], said: str, found: int) -> bool:
    """Whether the errors among ``problems`` are segment-count faults and nothing else (and some), the
    trailer's count ``said`` at most ``MAX_GAP`` from the ``found`` segments."""
    errors = [p for p in problems if p.severity == "error"]
    if not errors or not all(p.code in COUNT_CODES for p in errors):
        return False
    return said.isdecimal() and abs(int(said) - found) <= MAX_GAP


def readable_despite_count(order: ExtractedOrder, problems: list[Problem], said: str, found: int) -> bool:
    """``count_only``, and the order's own line count (CNT 2, CTT01), when stated, agrees with the lines
    read: a lost segment terminator runs two segments together and loses a line, which that catches."""
    return count_only(problems, said, found) and not any(p.code in LINE_COUNT_CODES for p in order.problems)


def with_count_problems(order: ExtractedOrder, problems: list[Problem]) -> ExtractedOrder:
    """The order with the count faults of its message added to its problems, said to be checked."""
    counts = [p.model_copy(update={"message": f"{p.message}: the message was read, check that no segment is "
                                              "missing"})
              for p in problems if p.code in COUNT_CODES]
    return order.model_copy(update={"problems": [*order.problems, *counts]})
