"""What a copy read with doubt (a fax whose rows were not all read) still says, for dedup to compare it fairly.

A page image read imperfectly is held for its own doubt: rows the reader could not parse (``LINE-UNREAD``,
``LAYOUT-ROW-UNREAD``, no line at all ``LINES-MISSING``) or two rows read as one, whose run-together item code the
catalogue does not know (``ITEM-UNKNOWN`` on a line without a SKU). Those rows are the gateway's own doubt, not
lines the customer wrote: when the same order then comes read in full (EDI, a text PDF), it is compared with what
the held copy *did* read. Every line read with a known item is on the sure copy, with the same quantity and unit;
the sure copy's other lines are no fewer than the lines read into an unknown item (``read_lines_repeated``). Then
the sure copy may go out in the held one's place (``dedup.doubtful_copy``); any other difference (a quantity, a unit,
a line the held copy read that the sure copy lacks) is still a change for a person.

The held copy becomes the sure copy's duplicate, silently, only when every row it did not read is explained
(``unexplained_rows``): it read at least one line, and the sure copy's other lines are exactly as many as its
unread rows or each is named by an unread row's quoted text, no quote giving a named line another quantity.
Otherwise it stays in review, a possible duplicate of the sure copy naming what is unexplained: a row the sure copy
lacks is a line a person brings back (release: a change of the order that went out), never one that vanishes.
Pure functions, no I/O.
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal

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
    """Whether ``sure`` (read in full) says what ``held`` read, so that ``sure`` may go out in its place: each of its
    lines with a known item is on ``sure`` with the same quantity and unit, and ``sure`` has other lines only when
    ``held`` has unread rows (at least one for each line it read into an unknown item). This bounds nothing above:
    whether ``held`` is then silently ``sure``'s duplicate, or a possible duplicate for a person, is
    ``unexplained_rows``."""
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


def unexplained_rows(held: NormalizedOrder, sure: NormalizedOrder) -> list[str]:
    """What of ``held`` (a scan read with doubt) ``sure`` does not account for; empty when every row it did not read
    is explained, so that ``held`` may silently become ``sure``'s duplicate. Explained means: it read at least one
    line with a known item, each on ``sure`` with the same quantity and unit; ``sure``'s other lines are exactly as
    many as its unread rows, or each is named by an unread row's quoted text (and each quote names one of them); a
    quote naming an extra line's code also gives its quantity. Anything else is for a person
    (``dedup.supersede_doubtful_copy`` holds it as a possible duplicate naming these reasons)."""
    if not read_from_image(held):
        return []
    read = [ln for ln in held.lines if ln.action != "delete" and ln.sku]
    if not read:
        return ["no line of it was read, so nothing on it was compared"]
    extra = _extra_lines(read, sure)
    if extra is None:
        return ["a line it read is not on the copy with the same quantity and unit"]
    quotes, rows = unread_quotes(held), unread_rows(held)
    if contradicted := [ln for ln in extra if any(_named(ln, q) and not _quantity_in(ln, q) for q in _row_quotes(held))]:
        return [f"an unread row gives {_code(ln)} another quantity than the copy's {ln.quantity.normalize()}"
                for ln in contradicted]
    if len(extra) == rows:
        return []
    if extra and len(quotes) == rows and all(any(_named(ln, q) for q in quotes) for ln in extra) \
            and all(any(_named(ln, q) for ln in extra) for q in quotes):
        return []
    named = [f"'{q}'" for q in quotes] or [f"{rows} row(s)"]
    return [f"{rows} unread row(s) ({', '.join(named)}) against {len(extra)} other line(s) on the copy"]


def unread_quotes(order: NormalizedOrder) -> list[str]:
    """The text of each row the gateway did not read: an unread-row issue's quoted text, a line read into no known
    item's own code or description (``LINES-MISSING`` quotes nothing)."""
    return _row_quotes(order) + [" ".join(filter(None, (ln.customer_item, ln.description, str(ln.quantity.normalize()))))
                     for ln in unread_lines(order)]


def _row_quotes(order: NormalizedOrder) -> list[str]:
    """The quoted text of the unread-row issues (``LINE-UNREAD``, ``LAYOUT-ROW-UNREAD``)."""
    return [m.group(1) for i in order.issues if i.code in ("LINE-UNREAD", "LAYOUT-ROW-UNREAD")
            for m in [re.search(r"'(.+)'", i.message or "")] if m]


def _extra_lines(read: list, sure: NormalizedOrder) -> list | None:
    rest = [ln for ln in sure.lines if ln.action != "delete"]
    for line in read:
        match = next((s for s in rest if (s.sku, s.quantity.normalize(), s.uom)
                      == (line.sku, line.quantity.normalize(), line.uom)), None)
        if match is None:
            return None
        rest.remove(match)
    return rest


def _code(line) -> str:
    return line.sku or line.customer_item or line.gtin or "?"


def _named(line, quote: str) -> bool:
    text = quote.casefold()
    return any(c and c.casefold() in text for c in (line.sku, line.customer_item, line.gtin, line.supplier_item))


def _quantity_in(line, quote: str) -> bool:
    """Whether ``quote`` (which names ``line``'s code) gives its quantity, or no quantity at all (cut short)."""
    text = quote
    for code in (line.sku, line.customer_item, line.gtin, line.supplier_item):
        text = re.sub(re.escape(code), " ", text, flags=re.IGNORECASE) if code else text
    numbers = re.findall(r"(?<![\w.,/-])\d+(?:[.,]\d+)?(?!\w)", text)
    want = line.quantity.normalize()
    return not numbers or any(Decimal(n.replace(",", ".")).normalize() == want for n in numbers)
