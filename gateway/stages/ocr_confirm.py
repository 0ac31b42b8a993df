"""Master data choosing between the readings of two OCR engines (``extractors.capture.agreement``
keeps the reading it did not take in ``other_readings``). Pure functions; ``item_matching.score_order``
calls them for documents whose characters were recognised from an image.

* **Item code**: the candidates are each engine's reading and their one-edit variants by the usual
  OCR confusions (``CONFUSABLE``: 0/O, 1/I/l, 5/S, 8/B, -/.). When exactly one product is named by
  the candidates that are known codes (our SKUs, the customer's cross-reference) and the line's
  price is near that product's list price, that product is taken (``confirmed_item``; the line's
  code set to that reading, ``ITEM-CORRECTED`` when it is not the kept one). When candidates name two products, the line is held
  (``ITEM-READINGS-CONFLICT``, its SKU confidence at most ``CONFLICT``). Quantity x price = amount
  alone confirms no code: it vouches for the numbers, not for which product they are.
* **Unit**: a unit word not in the unit table whose other reading, or its letters without the specks
  read beside them ("CTN'"), is a word for the sure product's unit is read as that unit (``confirmed_unit``; one edit from several units, "BA" for EA, BX or BAG,
  it stays held: the price per unit does not tell a box from a bag).
* **PO number**: readings that differ only by letter/digit confusions or separators, exactly one in
  the shape of the customer's past PO numbers: that one (``PO_CONFIRMED``). Readings that differ in
  a digit both in shape are left held: the shape does not say which digit is right.
* **Dates**: two readings one character apart, exactly one plausible (an order date not after today
  nor over a year before it; a delivery date from the order date to a year after it): that one
  (``DATE_CONFIRMED``). Both plausible: left held.
"""

from __future__ import annotations

import re

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

from extractors.units import unit_code
from gateway.model import ExtractedLine, ExtractedOrder, Problem

CONFUSABLE = ("0O", "1IL", "5S", "8B", "-.")  # compared in capitals (l is L)
CODE_FIELDS = ("customer_item", "supplier_item")
PRICE_TOLERANCE = Decimal("0.15")  # as item_matching: a price within 15% of the list price is "near"
CONFIRMED = 0.97  # an item code, unit or PO number one reading of which master data confirms
CONFLICT = 0.5  # two candidate readings name two known products
PO_CONFIRMED = 0.95
DATE_CONFIRMED = 0.9
ORDER_DATE_PAST = timedelta(days=366)  # an order date more than this before today is far past
DELIVERY_AFTER = timedelta(days=366)
CONFIRM_CODE = "OCR-READING-CONFIRMED"
CONFLICT_CODE = "ITEM-READINGS-CONFLICT"


def variants(text: str) -> set[str]:
    """``text`` and every text one usual OCR confusion away from it (one character swapped)."""
    out = {text}
    for i, c in enumerate(text):
        for group in CONFUSABLE:
            if c.upper() in group:
                out.update(text[:i] + o + text[i + 1:] for o in group if o != c.upper())
    return out


def code_candidates(line: ExtractedLine) -> list[tuple[str, str]]:
    """(field, text): each engine's reading of the line's codes (also without the line's own position
    number run into its start: "10,ART87114"), then their confusion variants."""
    readings = [(f, r.strip()) for f in CODE_FIELDS for r in (getattr(line, f), line.other_readings.get(f)) if r]
    readings += [(f, rest) for f, r in readings if (rest := _without_position(r, line.line_no))]
    readings += [(f, part) for f, r in readings for part in _run_together(r)]
    seen: dict[tuple[str, str], None] = dict.fromkeys(readings)
    for f, r in readings:
        seen.update(dict.fromkeys((f, v) for v in sorted(variants(r))))
    return list(seen)


_GLUED_TEXT = re.compile(r"^([A-Za-z0-9][A-Za-z0-9./-]*\d)[A-Za-zÄÖÜäöüß]{3,}")  # "SKU-1003Ordner"


def _run_together(code: str) -> list[str]:
    """The codes inside a reading OCR ran into the next column: two code columns ("MB-4711 SKU-1003",
    the customer's code and ours: each word), a code and the start of its description ("SKU-1003Ordner",
    "SKU-1003 Ordner": the code), a code wrapped at its hyphen with the description between ("SKU- Ordner A4
    1003 80mm": SKU-1003, and SKU-80mm, which names nothing). Master data still has to name one product by them,
    at its price."""
    words = code.split()
    out = [w for w in words if any(c.isdigit() for c in w) and len(w) >= 4] if len(words) > 1 else []
    out += [m.group(1) for w in words if (m := _GLUED_TEXT.match(w)) and len(m.group(1)) >= 4]
    for i, w in enumerate(words):  # "SKU- Ordner A4 1003 80mm": a code wrapped at its hyphen in a narrow cell
        if w.endswith("-") and len(w) >= 2 and w[:-1].isalnum():
            tail = next((t for t in words[i + 1:] if t[:1].isdigit()), None)
            if tail is not None:
                out.append(w + tail)
    return [c for c in dict.fromkeys(out) if c != code]


def _without_position(code: str, position: int | None) -> str | None:
    """``code`` without the position number at its start (the position column run into the code's),
    when what is left is a code of four characters or more."""
    if position is None or not code.startswith(str(position)):
        return None
    rest = code[len(str(position)):].lstrip(",.;:| ")
    return rest if len(rest) >= 4 and rest[:1].isalpha() else None


def price_near(line: ExtractedLine, list_price: Decimal | None) -> bool:
    price = line.unit_price
    if price is None or not list_price:
        return False
    per_unit = price / (line.price_basis or Decimal(1))
    return abs(per_unit - list_price) <= list_price * PRICE_TOLERANCE


def confirmed_item(line: ExtractedLine, known: Callable[[str], str | None],
                   list_price: Callable[[str], Decimal | None], problems: list[Problem]) -> tuple[str | None, float]:
    """(SKU, confidence) master data gives the line from its candidate readings (``known``: a code ->
    the SKU it names, or None): (sku, ``CONFIRMED``) when one product is named and the price is
    near its list price, the line's code then set to the reading that names it; (None,
    ``CONFLICT``) when two products are named; else (None, 0.0): nothing to say."""
    named: dict[str, tuple[str, str]] = {}
    for field, code in code_candidates(line):
        sku = known(code)
        if sku is not None:
            named.setdefault(sku, (field, code))
    if len(named) > 1:
        codes = ", ".join(sorted(code for _, code in named.values()))
        problems.append(Problem(code=CONFLICT_CODE, message=f"line {line.line_no}: the readings of its item "
                                f"code name {len(named)} known products ({codes})"))
        return None, CONFLICT
    if len(named) != 1:
        return None, 0.0
    sku, (field, code) = next(iter(named.items()))
    if not price_near(line, list_price(sku)):
        return None, 0.0
    if getattr(line, field) != code:
        problems.append(Problem(code="ITEM-CORRECTED", severity="warning", message=f"line {line.line_no}: item "
                                f"code {getattr(line, field)!r} read as {code} (a known code, at its list price)"))
        setattr(line, field, code)
    return sku, CONFIRMED


def confirmed_unit(line: ExtractedLine, product_uom: str | None) -> str | None:
    """The other engine's reading of an unknown unit word when that one is a word for the product's
    unit, or the word without the punctuation read beside it ("CTN'") when that one is; else None. A word one edit from several units ("BA": EA, BX, BAG) is left for a person."""
    if not line.uom or not product_uom or unit_code(line.uom) is not None:
        return None
    other = line.other_readings.get("uom")
    if other and unit_code(other) == product_uom:
        return other
    letters = "".join(c for c in line.uom if c.isalnum())  # "CTN'": a speck read beside the word
    return letters if letters and unit_code(letters) == product_uom else None


def confirmed_po(order: ExtractedOrder, usual_shape: str | None, shape: Callable[[str], str]) -> bool:
    """Take the other reading of the PO number, or confirm the kept one, by the customer's usual
    shape (see the module docstring); True when the PO number is now confirmed."""
    other, kept = order.other_readings.get("po_number"), order.po_number
    if not other or not kept or usual_shape is None or not _confusions_only(kept.upper(), other.upper()):
        return False
    fits = [r for r in (kept, other) if shape(r) == usual_shape]
    if len(fits) != 1:
        return False
    order.po_number = fits[0]
    order.confidence["po_number"] = max(order.confidence.get("po_number", 0.0), PO_CONFIRMED)
    order.problems.append(Problem(code=CONFIRM_CODE, severity="warning", message=f"PO number read as {fits[0]} "
                                  f"(the customer's usual format; the other reading {other if fits[0] == kept else kept})"))
    return True


def confirmed_dates(order: ExtractedOrder, today: date) -> list[str]:
    """The dates taken from the other engine's reading, or kept, because only one reading is
    plausible (see the module docstring); the fields confirmed."""
    done = []
    for field in ("order_date", "requested_delivery_date"):
        kept, other = getattr(order, field), _date(order.other_readings.get(field))
        if kept is None or other is None or sum(a != b for a, b in zip(kept.isoformat(), other.isoformat())) != 1:
            continue
        fits = [d for d in (kept, other) if _plausible(field, d, order.order_date, today)]
        if len(fits) != 1:
            continue
        setattr(order, field, fits[0])
        order.confidence[field] = max(order.confidence.get(field, 0.0), DATE_CONFIRMED)
        order.problems.append(Problem(code=CONFIRM_CODE, severity="warning", message=f"{field} read as "
                                      f"{fits[0].isoformat()} (the other reading is not a plausible date)"))
        done.append(field)
    return done


def _plausible(field: str, value: date, order_date: date | None, today: date) -> bool:
    if field == "order_date":
        return today - ORDER_DATE_PAST <= value <= today
    return order_date is not None and order_date <= value <= order_date + DELIVERY_AFTER


def _date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _confusions_only(a: str, b: str) -> bool:
    """Two readings of the same length that differ only where one character is a usual OCR
    confusion of the other (and in at least one place)."""
    if len(a) != len(b) or a == b:
        return False
    return all(x == y or any(x in g and y in g for g in CONFUSABLE) for x, y in zip(a, b))
