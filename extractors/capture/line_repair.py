"""Item rows of an OCR'd order whose quantity x price does not give the amount, mended when one
of the three was misread by a single slip and the other two pin it down.

A *slip* is what OCR does to a number: one digit read as another ("1258.98" as "4258.98"), the
decimal mark lost or gained ("228.2" as "2282"), or one digit dropped or doubled. For a row
that does not add up, each of the three values is recomputed from the other two (the amount is
quantity x price rounded to the cent, a quantity or price must give the amount exactly); when
exactly one recomputed value is a slip away from what was read, it replaces the reading. A value
that was not read at all (its cell empty or unparsable) is filled the same way when the other
two are there. An order printed with no amount on any line (a letter listing quantity and price) gets
each line's amount as quantity x price, as sure as those two: nothing was misread there.

A line whose quantity cell shows a correction made on the paper (``CORRECTION_CODES`` naming it) is
never mended: its printed amount is the struck quantity's, and mending would put the struck number back.

A mended field gets confidence ``REPAIRED`` (the arithmetic chose it, so the check of
quantity x price no longer confirms it) and the order a warning ``Problem`` ``OCR-REPAIRED``
whose ``segment_position`` is the 1-based position of the line and ``element`` the field;
``gateway.stages.item_matching.score_order`` raises such a field only on independent evidence (the
sum of the lines giving the stated total).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from gateway.model import ExtractedLine, ExtractedOrder, Problem

REPAIRED = 0.8  # confidence of a value the arithmetic chose (before any independent check)
REPAIR_CODE = "OCR-REPAIRED"
DISPUTE_CODE = "OCR-ENGINES-DISAGREE"  # the two OCR engines read a number of the row differently
CENT = Decimal("0.01")
MAX_QTY_PLACES = 3
MAX_PRICE_PLACES = 4
NUMERIC = ("quantity", "unit_price", "amount")


def repair_order(order: ExtractedOrder) -> int:
    """Mend the rows of ``order`` that a single slip keeps from adding up (see the module
    docstring); returns how many were mended. A row two slips could explain (the amount, or
    the price that gives the read amount) is mended only when the order's stated total picks
    one of them."""
    mended, torn = 0, []
    no_amounts = bool(order.lines) and all(ln.amount is None for ln in order.lines)
    corrected = corrected_positions(order)
    for position, line in enumerate(order.lines, 1):
        if position in corrected:
            continue  # a quantity corrected on the paper: the amount printed is the old one's
        fits = candidate_fixes(line)
        if no_amounts and len(fits) == 1 and fits[0][0] == "amount":
            _computed(line, fits[0][1])  # an order printed without amounts: nothing was misread
        elif len(fits) == 1:
            mended += _apply(order, position, line, *fits[0])
        elif fits:
            torn.append((position, line, fits))
    for position, line, fits in torn:
        need = _needed_amount(order, line)
        chosen = [(f, v) for f, v in fits if need is not None and (v if f == "amount" else line.amount) == need]
        if len(chosen) == 1:
            mended += _apply(order, position, line, *chosen[0])
    return mended


CORRECTION_CODES = frozenset({"LINE-STRUCK", "QTY-HANDWRITTEN-CORRECTION"})


def corrected_positions(order: ExtractedOrder) -> set[int]:
    """1-based positions of the lines whose quantity cell shows a correction on the paper (two numbers,
    a number not printed like its row): their quantity x price = amount is never mended, the printed
    amount being that of the struck quantity (issue 23, class 1)."""
    out = set()
    for p in order.problems:
        if p.code in CORRECTION_CODES and p.element and p.element.startswith("lines[") and p.element.endswith("]"):
            inner = p.element[len("lines["):-1]
            if inner.isdigit():
                out.add(int(inner))
    return out


def _computed(line: ExtractedLine, amount: Decimal) -> None:
    """The amount of a line on an order printed with no amount column (a letter listing quantity and
    price): quantity x price, as sure as those two, no repair (findings-t23 F-7)."""
    line.amount = amount
    line.confidence["amount"] = min(line.confidence.get("quantity", 0.0), line.confidence.get("unit_price", 0.0))


def _apply(order: ExtractedOrder, position: int, line: ExtractedLine, field: str, value: Decimal) -> int:
    read = getattr(line, field)
    setattr(line, field, value)
    line.confidence[field] = REPAIRED
    if field not in line.boxes:
        _borrow_box(line, field)
    order.problems.append(Problem(
        code=REPAIR_CODE, severity="warning", segment_position=position, element=field,
        message=f"line {line.line_no or position}: {field} read as {read} mended to {value} "
                "(quantity x price = amount)"))
    return 1


def _needed_amount(order: ExtractedOrder, line: ExtractedLine) -> Decimal | None:
    """The amount this line must have for the lines to give the stated total (the others all
    read and adding up), else None."""
    others = [ln for ln in order.lines if ln is not line]
    if order.total is None or any(ln.amount is None or not _row_adds_up(ln) for ln in others):
        return None
    return order.total - sum((ln.amount for ln in others), Decimal(0))


def _row_adds_up(line: ExtractedLine) -> bool:
    q, p, a = line.quantity, line.unit_price, line.amount
    return None not in (q, p, a) and adds_up(q, p, a)


def repaired_fields(order: ExtractedOrder, code: str = REPAIR_CODE) -> dict[int, set[str]]:
    """Line index (0-based) -> the fields ``repair_order`` mended (``code``: the fields other
    problems of that code name, e.g. ``DISPUTE_CODE``), from the order's problems."""
    out: dict[int, set[str]] = {}
    for p in order.problems:
        if p.code == code and p.segment_position and p.element:
            out.setdefault(p.segment_position - 1, set()).add(p.element)
    return out


def candidate_fixes(line: ExtractedLine) -> list[tuple[str, Decimal]]:
    """Every (field, value) one slip away from the reading (or filling the one unread value)
    that makes ``line`` add up; empty if it adds up already or too little was read. An unread
    quantity is filled only by a whole number: 0.3 bags made to fit a misread price is no reading."""
    q, p, a = line.quantity, line.unit_price, line.amount
    if sum(v is None for v in (q, p, a)) > 1 or line.price_basis not in (None, Decimal(1)):
        return []
    if None not in (q, p, a) and adds_up(q, p, a):
        return []
    return [(f, v) for f, v in _recomputed(q, p, a)
            if (getattr(line, f) is None and not (f == "quantity" and v != v.to_integral_value()))
            or (getattr(line, f) is not None and is_slip(getattr(line, f), v))]


def repair_line(line: ExtractedLine) -> tuple[str, Decimal] | None:
    """The one (field, value) that makes ``line`` add up, or None (adds up already, too little
    read, or no single slip explains it, or more than one does)."""
    fits = candidate_fixes(line)
    return fits[0] if len(fits) == 1 else None


def adds_up(q: Decimal, p: Decimal, a: Decimal) -> bool:
    """Quantity x price gives the amount to the cent (as ``reread.line_adds_up``)."""
    return abs(q * p - a) <= max(Decimal("0.011"), abs(a) * Decimal("0.00001"))


def _recomputed(q: Decimal | None, p: Decimal | None, a: Decimal | None) -> list[tuple[str, Decimal]]:
    out = []
    if q is not None and p is not None:
        out.append(("amount", (q * p).quantize(CENT, ROUND_HALF_UP)))
    if p is not None and a is not None and p > 0:
        qty = _exact_factor(a, p, MAX_QTY_PLACES)
        if qty is not None and qty > 0:
            out.append(("quantity", qty))
    if q is not None and a is not None and q > 0:
        places = max(_scale(p), 2) if p is not None else 2  # a price keeps its printed decimals
        price = _exact_factor(a, q, places if p is not None else MAX_PRICE_PLACES, min_places=places)
        if price is not None and price > 0:
            out.append(("unit_price", price))
    return out


def _exact_factor(amount: Decimal, other: Decimal, max_places: int, min_places: int = 0) -> Decimal | None:
    """The shortest value v (at most ``max_places`` decimals) with v x ``other`` giving
    ``amount`` to the cent, if only one value with that many decimals does."""
    try:
        exact = amount / other
    except (InvalidOperation, ZeroDivisionError):
        return None
    for places in range(min_places, max_places + 1):
        step = Decimal(1).scaleb(-places)
        base = exact.quantize(step, ROUND_HALF_UP)
        fits = [v for v in (base - step, base, base + step) if v > 0 and adds_up(v, other, amount)
                and (v * other).quantize(CENT, ROUND_HALF_UP) == amount]
        if len(fits) == 1:
            return fits[0]
        if len(fits) > 1:
            return None
    return None


def is_slip(read: Decimal, value: Decimal) -> bool:
    """True if OCR could have read ``value`` as ``read`` by one slip (see the module
    docstring). Equal values are no slip."""
    if read == value:
        return False
    a, b = _digits(read), _digits(value)
    if a == b:  # the same digits: the decimal mark lost, gained or moved
        return True
    if _scale(read) == _scale(value) and len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    if abs(len(a) - len(b)) == 1:
        short, long_ = (a, b) if len(a) < len(b) else (b, a)
        return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))
    return False


def _digits(value: Decimal) -> str:
    """The significant digits as printed with two decimals for money-like values."""
    text = format(value if _scale(value) >= 2 else value.normalize(), "f")
    return text.replace(".", "").replace("-", "").lstrip("0") or "0"


def _scale(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _borrow_box(line: ExtractedLine, field: str) -> None:
    """A filled-in value has no box of its own: the row's amount (or any) box stands in."""
    box = line.boxes.get("amount") or next(iter(line.boxes.values()), None)
    if box is not None:
        line.boxes[field] = box
