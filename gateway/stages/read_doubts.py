"""What a copy read with doubt (a fax whose rows were not all read) still says, for dedup to compare it fairly.

A page image read imperfectly is held for its own doubt: rows the reader could not parse (``LINE-UNREAD``,
``LAYOUT-ROW-UNREAD``, no line at all ``LINES-MISSING``) or two rows read as one, whose run-together item code the
catalogue does not know (``ITEM-UNKNOWN`` on a line without a SKU). Those rows are the gateway's own doubt, not
lines the customer wrote: when the same order then comes read in full (EDI, a text PDF), it is compared with what
the held copy *did* read. Every line read with a known item is on the sure copy, with the same quantity and unit;
the sure copy's other lines are accounted for by the rows the held copy did not read (at least one per line read
into an unknown item). Then the sure copy goes out and the held one becomes its duplicate
(``dedup.doubtful_copy``); any other difference (a quantity, a unit, a line the held copy read that the sure copy
lacks) is still a change or a possible duplicate for a person. Pure functions, no I/O.
"""

from __future__ import annotations

from collections import Counter

from gateway.model import NormalizedOrder
from gateway.order_keys import line_key

# what the gateway itself flags about the rows of a page it read (a scan or fax only)
ROW_DOUBT_CODES = frozenset({"LINE-UNREAD", "LAYOUT-ROW-UNREAD", "LINES-MISSING"})
LINE_DOUBT_CODES = ROW_DOUBT_CODES | {"ITEM-UNKNOWN"}


def read_from_image(order: NormalizedOrder) -> bool:
    """Read by OCR from a page image: the only reading whose rows can run together or go unread."""
    return order.source.format == "ocr"


def unread_lines(order: NormalizedOrder) -> list:
    """The lines of a scan in the review queue that the gateway read into no known item (two rows read as one,
    a code half read): its own doubt, not a line the customer wrote. None for any other order (an EDI or typed
    line with an unknown item is what the customer wrote; a person's approval makes the lines the order's)."""
    if not read_from_image(order) or order.status.value not in ("review", "held"):
        return []
    return [ln for ln in order.lines if ln.action != "delete" and not ln.sku]


def unread_rows(order: NormalizedOrder) -> int:
    """How many rows of ``order`` the gateway flagged as not read: lines read into no known item, and rows it
    could not parse at all."""
    return len(unread_lines(order)) + sum(1 for i in order.issues if i.code in ROW_DOUBT_CODES)


def read_lines_repeated(held: NormalizedOrder, sure: NormalizedOrder) -> bool:
    """Whether ``sure`` (read in full) says what ``held`` read: each of its lines with a known item is on ``sure``
    with the same quantity and unit, and ``sure``'s remaining lines are no more than its unread rows can hide
    (none when it has none; at least one for each line it read into an unknown item)."""
    rest = Counter(line_key(sure))
    for line in held.lines:
        if line.action == "delete" or not line.sku:
            continue
        key = (line.sku, line.quantity.normalize(), line.uom)
        if not rest[key]:
            return False
        rest[key] -= 1
    extra = sum(rest.values())
    if not read_from_image(held):
        return extra == 0 and not any(not ln.sku for ln in held.lines if ln.action != "delete")
    return extra >= len(unread_lines(held)) and (extra == 0 or unread_rows(held) > 0)
