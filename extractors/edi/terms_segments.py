"""Payment terms in the EDI terms segments, as the words ``extractors.payment_terms`` reads: X12 ``ITD`` (terms of
sale: ``ITD*01*3*2**10**45*****2% 10 NET 45``, discount percent, its days, net days, a description) and the EDIFACT
``PAT`` group (``PAT+1++5:3:D:60`` net 60 days after the invoice date, ``PAT+22++5:3:D:10`` with ``PCD+12:2`` a 2 %
discount within 10 days, ``MOA+52`` its amount, ``DTM+12``/``13`` a fixed due date). What these state is the
order's ``payment_terms``; a part that cannot be read as days (a due date, a period in months or weeks, a penalty)
is kept in words after ``UNREAD`` so the terms check holds it rather than compare a guess."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from extractors.payment_terms import UNREAD, terms_words

_PERIODS = {"D": "days", "W": "weeks", "M": "months", "Y": "years"}


def _number(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", ".")) if text.strip() else None
    except InvalidOperation:
        return None


def _days(text: str) -> int | None:
    return int(text) if text.strip().isdecimal() and len(text.strip()) <= 3 else None


def itd_terms(values: list[str]) -> str | None:
    """The words of one ITD segment (``values``: ITD01.. as strings); None when it states no terms."""
    def at(i: int) -> str:
        return values[i].strip() if i < len(values) else ""
    percent, discount_days, net_days = _number(at(2)), _days(at(4)), _days(at(6))
    unread = [f"{what} {at(i)}" for what, i in (("discount due", 3), ("net due", 5), ("discount amount", 7),
                                                 ("deferred due", 8)) if at(i)]
    if at(2) and percent is None or at(4) and discount_days is None or at(6) and net_days is None:
        unread.append("figures " + "*".join(values[:7]))
    return terms_words(net_days, percent, discount_days, at(11), unread)


@dataclass
class PatGroup:
    """One EDIFACT PAT group being read: its type (4279), its period, and its PCD, MOA and DTM companions."""

    kind: str
    count: int | None = None
    period: str = ""
    percent: Decimal | None = None
    unread: list[str] = field(default_factory=list)

    def add_pcd(self, qualifier: str, value: str) -> None:
        if qualifier == "12" and (number := _number(value)) is not None:
            self.percent = number
        else:
            self.unread.append(f"PCD {qualifier}:{value}")

    def add_moa(self, qualifier: str, value: str) -> None:
        self.unread.append(f"amount {qualifier}:{value}")

    def add_dtm(self, qualifier: str, value: str) -> None:
        self.unread.append(f"due date {qualifier}:{value}")


def pat_group(composite_type: list[str], terms: list[str], period: list[str]) -> PatGroup:
    """A PAT segment's group: 4279 the type (1 basic, 22 discount), C112 the reference, relation, period type and
    number of periods (``5:3:D:60``: 60 days after the invoice date)."""
    kind = composite_type[0] if composite_type else ""
    unit = period[2] if len(period) > 2 else ""
    count = _days(period[3]) if len(period) > 3 else None
    group = PatGroup(kind, count if unit == "D" else None, unit)
    if unit and unit != "D" or len(period) > 3 and period[3] and count is None:
        group.unread.append(f"period {':'.join(period)} ({_PERIODS.get(unit, unit)})")
    described = " ".join(t for t in terms[3:] if t.strip())
    if described:
        group.unread.append(described)
    return group


def pat_terms(groups: list[PatGroup]) -> str | None:
    """The words of an order's PAT groups: type 1 (or 3) the net days, type 22 the discount and its days; any
    other type, or a part not read as days, after ``UNREAD``. None when there is none."""
    net = discount = discount_days = None
    unread: list[str] = []
    for group in groups:
        if group.kind in ("1", "3") and group.count is not None and group.percent is None:
            net = group.count
        elif group.kind == "22" and group.percent is not None:
            discount, discount_days = group.percent, group.count
        elif group.count is not None or group.percent is not None:
            unread.append(f"PAT type {group.kind}: {group.count} days {group.percent or ''}".strip())
        unread += group.unread
    if not groups:
        return None
    return terms_words(net, discount, discount_days, "", unread) or f"{UNREAD} PAT type " + ",".join(g.kind for g in groups)
