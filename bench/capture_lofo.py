"""Leave-one-layout-family-out scoring for the capture benchmark.

Every order of the benchmark belongs to a *layout family* (a generated layout on one channel, or
one real producer's form: ``tests/fixtures/real_producers``). What capture can tune without code
is the acceptance threshold; ``lofo_table`` fixes it on all families but one and scores that one
(held out), beside the same figures with the threshold fixed on every family (tuned). The
threshold rule: the configured floor, raised just above the most confident wrong order of the
families it is fixed on. The first column is the headline: auto-accepted orders with any wrong
field.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

MARGIN = 0.005  # above the most confident wrong order


@dataclass(frozen=True)
class Scored:
    family: str
    confidence: float
    correct: bool  # an order, every compared field right
    is_order: bool


@dataclass(frozen=True)
class FamilyFigures:
    family: str
    docs: int
    threshold: float
    accepted: int
    accepted_wrong: int
    correct: int

    @property
    def touchless(self) -> float:
        return self.accepted / self.docs if self.docs else 0.0


def fix_threshold(scored: list[Scored], floor: float) -> float:
    wrong = [s.confidence for s in scored if s.is_order and not s.correct]
    return round(max([floor] + [c + MARGIN for c in wrong]), 4)


def figures(family: str, mine: list[Scored], threshold: float) -> FamilyFigures:
    accepted = [s for s in mine if s.is_order and s.confidence >= threshold]
    return FamilyFigures(family, len(mine), threshold, len(accepted), sum(not s.correct for s in accepted),
                         sum(s.correct for s in mine))


def lofo_table(scored: list[Scored], floor: float) -> list[tuple[FamilyFigures, FamilyFigures]]:
    """Per family: (held out, tuned) figures."""
    by_family: dict[str, list[Scored]] = defaultdict(list)
    for s in scored:
        by_family[s.family].append(s)
    tuned_threshold = fix_threshold(scored, floor)
    out = []
    for family in sorted(by_family):
        others = [s for s in scored if s.family != family]
        held = figures(family, by_family[family], fix_threshold(others, floor))
        out.append((held, figures(family, by_family[family], tuned_threshold)))
    return out


def print_lofo(scored: list[Scored], floor: float, title: str) -> None:
    rows = lofo_table(scored, floor)
    print(f"== {title}: leave one family out ({len(rows)} families, {len(scored)} orders; threshold floor "
          f"{floor:.2f}, raised above the most confident wrong order of the families it is fixed on)")
    print(f"  {'family':22s} {'docs':>4s}  {'auto-accepted wrong':>19s}  {'fully correct':>13s}  "
          f"{'touchless':>9s}  {'threshold':>9s}   | tuned: wrong  touchless  threshold")
    totals = [0, 0, 0, 0, 0]
    for held, tuned in rows:
        print(f"  {held.family:22s} {held.docs:4d}  {held.accepted_wrong:8d} of {held.accepted:<8d}  "
              f"{100 * held.correct / held.docs:12.1f}%  {100 * held.touchless:8.1f}%  {held.threshold:9.3f}   | "
              f"{tuned.accepted_wrong:5d}  {100 * tuned.touchless:8.1f}%  {tuned.threshold:9.3f}")
        for i, v in enumerate((held.docs, held.accepted_wrong, held.accepted, held.correct, tuned.accepted)):
            totals[i] += v
    docs, wrong, accepted, correct, tuned_accepted = totals
    print(f"  {'all held out':22s} {docs:4d}  {wrong:8d} of {accepted:<8d}  {100 * correct / max(docs, 1):12.1f}%  "
          f"{100 * accepted / max(docs, 1):8.1f}%              |        {100 * tuned_accepted / max(docs, 1):8.1f}%")
    print()
