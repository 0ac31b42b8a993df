"""A PO number's letter read for a digit or a digit for a letter on a fax ("P0-4711" for "PO-4711", "B4500" for
"84500"): issue 23, class F. Pure functions; ``item_matching.score_order`` calls them for documents whose
characters were recognised from an image, after the two engines' readings were compared
(``ocr_confirm.confirmed_po``).

* **The customer's past POs have a shape** (``usual_po_shape``) and the PO read is not in it: where it differs
  only by OCR confusions (``ocr_confirm.CONFUSABLE``) at places where every past PO has the same character
  ("PO-" on all of them), it is read with that character (``from_history``; ``OCR-READING-CONFIRMED``, a
  warning). A place where past POs differ (a digit) is never guessed: the order waits ``PO-FORMAT-UNUSUAL``
  as before.
* **No usual shape**: a confusable character standing between the letters and digits of the number so that
  read as the other kind it would join its neighbours' run ("P0-4711": a digit after a letter, before a
  separator; "B4500123": a letter before digits) may be misread; the PO's confidence falls to ``DOUBTFUL``
  and the order waits with ``PO-CHARACTER-UNSURE`` naming the character (``doubt_letters``). A PO whose first
  letter is a letter on purpose ("B-450012", "BE2026-0012") is not doubted: its neighbours agree with it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from gateway.model import ExtractedOrder, Problem
from gateway.stages.ocr_confirm import CONFIRM_CODE, CONFUSABLE

DOUBTFUL = 0.6  # a PO number with a doubtful character: under any review threshold in use
DOUBT_CODE = "PO-CHARACTER-UNSURE"
_LETTER_FOR = {"0": "O", "1": "I", "5": "S", "8": "B"}
_DIGIT_FOR = {"O": "0", "D": "0", "I": "1", "L": "1", "S": "5", "B": "8", "Z": "2", "G": "6"}


def _kind(c: str) -> str:
    return "9" if c.isdigit() else "A" if c.isalpha() else "-"


def _swappable(a: str, b: str) -> bool:
    return a == b or any(a in group and b in group for group in CONFUSABLE)


def from_history(order: ExtractedOrder, usual: str | None, past: Sequence[str],
                 shape: Callable[[str], str]) -> bool:
    """The PO read with the characters every past PO has where it differs from them by confusions only (module
    docstring); True when it was so read."""
    po = (order.po_number or "").strip().upper()
    if not po or usual is None or shape(po) == usual or len(po) != len(usual):
        return False
    past_up = [p.strip().upper() for p in past if p and shape(p) == usual]
    out = list(po)
    for i, (c, want) in enumerate(zip(po, usual)):
        if _kind(c) == want:
            continue
        fixed = {p[i] for p in past_up}
        if len(fixed) != 1 or not _swappable(c, next(iter(fixed))):
            return False  # a place where the past POs differ, or no confusion: never guessed
        out[i] = next(iter(fixed))
    repaired = "".join(out)
    order.problems.append(Problem(code=CONFIRM_CODE, severity="warning", element="po_number",
                                  message=f"PO number read as {repaired} (read {order.po_number}; every past PO "
                                          f"of the customer has these characters there)"))
    order.po_number = repaired
    return True


def doubtful_characters(po: str) -> list[int]:
    """Places of ``po`` holding a confusable character whose other kind is its neighbour's kind while its own
    kind is neither neighbour's ("P0-", "B4500", "45B12")."""
    out = []
    for i, c in enumerate(po.upper()):
        other = _LETTER_FOR.get(c) if c.isdigit() else _DIGIT_FOR.get(c) if c.isalpha() else None
        if other is None:
            continue
        near = [_kind(po[j]) for j in (i - 1, i + 1) if 0 <= j < len(po) and po[j].isalnum()]
        if near and _kind(c) not in near and _kind(other) in near:
            out.append(i)
    return out


def boundary_characters(po: str) -> list[int]:
    """Places of ``po`` holding a confusable character (O/0, I/1, S/5, B/8) between a letter and a digit ("DFO14477"
    for "DF014477", "AB1234"): read as either kind it joins one of its neighbours' runs, so nothing in the number
    says which it is."""
    out = []
    for i, c in enumerate(po.upper()):
        other = _LETTER_FOR.get(c) if c.isdigit() else _DIGIT_FOR.get(c) if c.isalpha() else None
        if other is None or _kind(other) == _kind(c) or not 0 < i < len(po) - 1:
            continue
        if {_kind(po[i - 1]), _kind(po[i + 1])} == {"A", "9"}:
            out.append(i)
    return out


BOUNDARY_SURE = 0.98  # the PO's reading confidence at which both engines read it alike, surely: a printed number


def doubt_letters(order: ExtractedOrder, past: Sequence[str] = (), read_confidence: float | None = None) -> bool:
    """With no usual shape to go by: a PO with a doubtful character waits (module docstring); True when it does.
    A place where every past PO of the customer has that same character ("S" first on S99812, S100233, S101377,
    whatever their lengths) is the customer's style, no doubt (review rev1 D5). A confusable character between a
    letter and a digit (``boundary_characters``: "DFO14477" written by hand) is doubted too unless the engines read
    the number alike and surely (``read_confidence``, the reader's, at least ``BOUNDARY_SURE``: a printed PO)."""
    po = order.po_number or ""
    known = [p.strip().upper() for p in past if p and p.strip()]
    sure = read_confidence is not None and read_confidence >= BOUNDARY_SURE and not order.other_readings.get("po_number")
    boundary = [] if sure else [i for i in boundary_characters(po)  # the kind every past PO has there: its style
                                if not (known and all(len(p) > i and _kind(p[i]) == _kind(po[i]) for p in known))]
    places = [i for i in sorted(set(doubtful_characters(po)) | set(boundary))
              if not (known and all(len(p) > i and p[i] == po[i].upper() for p in known))]
    if not places or "po_number" not in order.confidence:
        return False
    order.confidence["po_number"] = min(order.confidence["po_number"], DOUBTFUL)
    shown = ", ".join(f"'{po[i]}' ({i + 1}.)" for i in places)
    order.problems.append(Problem(code=DOUBT_CODE, severity="warning", element="po_number",
                                  message=f"PO number {po!r} has a character read from the fax that may be the "
                                          f"other kind, a letter for a digit or a digit for a letter: {shown}"))
    return True


SERIES_MIN = 3  # past POs of the usual shape before their common beginning is the customer's number range


def series_prefix(past: Sequence[str], usual: str | None, shape: Callable[[str], str]) -> str:
    """The beginning every past PO of the usual shape shares ("4500" of 4500188001, 4500190412, 4500201177; "BE2026-"
    of BE2026-0412, BE2026-0877): the customer's number range. Empty with fewer than ``SERIES_MIN`` of them."""
    same = sorted({p.strip().upper() for p in past if p and usual is not None and shape(p) == usual})
    if len(same) < SERIES_MIN:  # distinct numbers: three orders under one standing PO make no range
        return ""
    n = 0
    while all(len(p) > n and p[n] == same[0][n] for p in same):
        n += 1
    return same[0][:n]


def off_series(order: ExtractedOrder, usual: str | None, past: Sequence[str], shape: Callable[[str], str]) -> bool:
    """A PO number read from an image in the customer's usual shape whose beginning is not the one every past PO
    has ("4590188001" where all past POs begin "4500"): both OCR engines may agree on a wrong digit of a
    monospace print at standard resolution, and the shape vouches for no digit. Its confidence is halved and the
    order waits ``PO-FORMAT-UNUSUAL`` (a misread digit, or the customer's new number range: a person says which).
    A digit off that beginning is doubted only when the number lies far from all past ones (``_far_off``): a
    series running on (BE2026-0001..0009, then BE2026-0012) moves its common beginning, unless the engines read the
    number differently (``_readings_differ``): nearness to the series then vouches for no digit. True when so."""
    po = (order.po_number or "").strip().upper()
    prefix = series_prefix(past, usual, shape)
    if not po or not prefix or shape(po) != usual:
        return False
    disputed = _readings_differ(order, po)
    if po.startswith(prefix):
        if not disputed:
            return False
        # BE2026-0007 where tesseract read BE2026-0001: a digit of the series' tail is as easily misread as one of
        # its beginning, and the third reading that sided with one engine vouches for no digit
        _doubt(order, f"PO number {order.po_number!r} was read differently by the OCR engines: a digit may be misread")
        return True
    at = next(i for i, (a, b) in enumerate(zip(po, prefix)) if a != b)
    if not disputed and _range_moved_on(po, at, prefix, past, usual, shape):
        return False  # BE2026-0901 -> BE2027-0001, 4500999999 -> 4600000001: the next range, its counter anew
    if not disputed and po[at].isdigit() and not _far_off(po, past, usual, shape):
        return False  # the next numbers of a running series (BE2026-0009, then BE2026-0012): its range moves on
    _doubt(order, f"PO number {order.po_number!r} does not begin as every past PO of the customer does "
                  f"({prefix!r}): a digit may be misread, or it is a new number range")
    return True


def _doubt(order: ExtractedOrder, message: str) -> None:
    """The PO number's confidence halved and ``PO-FORMAT-UNUSUAL`` on the order."""
    if "po_number" in order.confidence:
        order.confidence["po_number"] = round(order.confidence["po_number"] * 0.5, 4)
    order.problems.append(Problem(code="PO-FORMAT-UNUSUAL", severity="warning", element="po_number", message=message))


def _readings_differ(order: ExtractedOrder, po: str) -> bool:
    """The OCR engines read the PO number differently in its letters or digits (the other reading kept, or
    tesseract's first reading where a third reading settled it, ``extractors.capture.tiebreak``): a number off
    the series' beginning is then not vouched for by lying near the past ones (a series running on, or its next
    range); a misread digit lands near them as easily."""
    key = lambda text: "".join(c for c in text.upper() if c.isalnum())  # noqa: E731
    others = [order.other_readings.get(k) for k in ("po_number", "po_number~first")]
    return any(o and key(o) != key(po) for o in others)


JUMP = 10  # times the spread of the past POs' numbers (at least ``JUMP_MIN``): a number this far from all of them is
JUMP_MIN = 1000  # no next number of the customer's series


def _far_off(po: str, past: Sequence[str], usual: str | None, shape: Callable[[str], str]) -> bool:
    """The PO's digits, read as one number, lie further from every past PO's than ``JUMP`` times their spread: a
    digit of the range's beginning misread (4590188001 among 4500169020..4500201177), not the series run on."""
    values = [int("".join(c for c in p if c.isdigit())) for p in past if p and shape(p) == usual]
    mine = int("".join(c for c in po if c.isdigit()) or "0")
    if not values:
        return False
    spread = max(values) - min(values)
    return min(abs(mine - v) for v in values) > max(JUMP * spread, JUMP_MIN)


def _digits(text: str) -> int | None:
    found = "".join(c for c in text if c.isdigit())
    return int(found) if found else None


def _range_moved_on(po: str, at: int, prefix: str, past: Sequence[str], usual: str | None,
                    shape: Callable[[str], str]) -> bool:
    """The PO begins in the range next to the customer's (its digits up to the first one off the beginning are the
    beginning's plus one: the year 2026 -> 2027, 4500 -> 4501, 45009 -> 45010) and its counter after them starts
    again (lower than every past PO's there): a running series moved to its next range, as a new year or a rolled
    over number range does. A digit misread to the next one leaves the counter where it was, above the lowest
    past one, and still waits."""
    mine, theirs = _digits(po[:at + 1]), _digits(prefix[:at + 1])
    if mine is None or theirs is None or mine != theirs + 1:
        return False
    counter = _digits(po[at + 1:])
    tails = [_digits(p.strip().upper()[at + 1:]) for p in past if p and shape(p) == usual]
    return counter is not None and all(t is not None and counter < t for t in tails)
