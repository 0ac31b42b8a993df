"""Cards printed side by side (a portal's product grid, two or three cards to a band): the page's rows that run
through two cards are cut at the gutter between them and each card's rows read on their own, card after card (left
to right in a band, bands top to bottom). Read whole, "Menge: 100 Stk ... Menge: 3 Pack" is one card's row and two
products' names, codes and amounts mix into one item.

A gutter is an x where phrases start in several rows while other phrases of those rows lie wholly left of it, no
phrase runs across it, and quantity rows of cards (``is_anchor``) stand on both sides of it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from extractors.capture.words import Phrase, Row, typical_height

GUTTER_ROWS = 3  # rows at least with a phrase starting at the gutter and another left of it
EDGE = 8.0  # pixels a card's text may start left of its column's edge
MIN_X = 250.0  # a gutter lies right of a page's left margin and its first card's text
BAND_GAP = 1.6  # word heights between two bands of cards (the rows of one card touch)


def side_by_side(rows: list[Row], is_anchor: Callable[[Row], bool]) -> list[Row]:
    """``rows`` with the runs of rows that go through cards side by side cut into their cards' rows."""
    for x in _gutters(rows):
        cut = _cut_runs(rows, x, is_anchor)
        if cut is not None:
            return side_by_side(cut, is_anchor)  # a third card further right
    return rows


def _gutters(rows: list[Row]) -> list[float]:
    """Candidate gutters, best supported first: the x (to ten pixels) where phrases start in ``GUTTER_ROWS`` rows or
    more with another phrase of the row left of it."""
    starts = Counter(round(p.x0 / 10) * 10 for r in rows for p in r.phrases[1:] if p.x0 >= MIN_X)
    return [float(x) for x, n in starts.most_common() if n >= GUTTER_ROWS]


def _cut_runs(rows: list[Row], x: float, is_anchor: Callable[[Row], bool]) -> list[Row] | None:
    """The rows with each run of rows cut at ``x`` read card by card; None when no run holds cards on both sides."""
    out: list[Row] = []
    found, i = False, 0
    while i < len(rows):
        j = i
        while j < len(rows) and rows[j].page == rows[i].page and _cuttable(rows[j], x):
            j += 1
        if j == i:  # a row running across the gutter (a title, the totals): no card's
            out.append(rows[i])
            i += 1
            continue
        run = rows[i:j]
        halves = [_halves(r, x) for r in run]
        if sum(bool(a and b) for a, b in halves) >= GUTTER_ROWS \
                and any(a is not None and is_anchor(a) for a, _ in halves) \
                and any(b is not None and is_anchor(b) for _, b in halves):
            out += _card_order(run, halves)
            found = True
        else:
            out += run
        i = j
    return out if found else None


def _cuttable(row: Row, x: float) -> bool:
    return all(p.x1 <= x or p.x0 >= x - EDGE for p in row.phrases)


def _halves(row: Row, x: float) -> tuple[Row | None, Row | None]:
    left = [p for p in row.phrases if p.x1 <= x]
    right = [p for p in row.phrases if p.x0 >= x - EDGE and p.x1 > x]
    return _row(row, left), _row(row, right)


def _row(row: Row, phrases: list[Phrase]) -> Row | None:
    if not phrases:
        return None
    return Row(row.page, tuple(w for p in phrases for w in p.words), tuple(phrases))


def _card_order(run: list[Row], halves: list[tuple[Row | None, Row | None]]) -> list[Row]:
    """The run's rows band by band (bands apart by more than ``BAND_GAP`` word heights), in each band the left
    cards' rows, then the right cards'."""
    unit = typical_height([w for r in run for w in r.words])
    out: list[Row] = []
    band: list[tuple[Row | None, Row | None]] = []
    for k, half in enumerate(halves):
        if band and run[k].y0 - run[k - 1].y1 > BAND_GAP * unit:
            out += _band(band)
            band = []
        band.append(half)
    return out + _band(band)


def _band(band: list[tuple[Row | None, Row | None]]) -> list[Row]:
    return [r for r, _ in band if r is not None] + [r for _, r in band if r is not None]
