"""Several purchase orders in one document: a PDF batch of POs, each starting on a new page.

A page whose own header carries a PO number different from every earlier page's (by its label, or
after the page's title: "Purchase Order PDG-10261") and a date of its own (order or delivery date)
starts a new order; the pages up to the next such page are its pages. A document whose pages all carry the same
PO number (a long order with the header repeated) or none is one order; so is one whose parts do
not all have item lines (``extractors.capture.layout``: a page with another number and no items is
no order of its own).
"""

from __future__ import annotations

from extractors.capture.header_fields import find_header_fields
from extractors.capture.layout_spec import LayoutSpec
from extractors.capture.words import Row
from extractors.locale_values import DocLocale

DATED = frozenset({"order_date", "requested_delivery_date"})  # a header of its own beside the number


def po_segments(rows: list[Row], spec: LayoutSpec, loc: DocLocale, fuzzy: bool) -> list[list[Row]]:
    """The rows of each purchase order of the document, in page order (one list for one order)."""
    pages = sorted({row.page for row in rows})
    starts: list[int] = []
    seen: set[str] = set()
    for page in pages:
        fields = find_header_fields([r for r in rows if r.page == page], spec, loc, fuzzy)
        found = fields.get("po_number")
        key = _po_key(found.value) if found is not None else ""
        if starts and not (fields.keys() & DATED):
            key = ""  # a later page with a number but no date of its own: "Purchase Order No. 2/2" goes on
        if key and key not in seen:  # "PDG-10261" and "PDG 10261" are one number
            seen.add(key)
            starts.append(page)
    if len(starts) < 2 or starts[0] != pages[0]:
        return [rows]
    bounds = starts[1:] + [pages[-1] + 1]
    return [[r for r in rows if start <= r.page < end] for start, end in zip(starts, bounds)]


def _po_key(value: object) -> str:
    return "".join(ch for ch in str(value).casefold() if ch.isalnum())
