"""Several purchase orders in one document: a PDF batch of POs, each starting on a new page.

A page whose own header carries a PO number different from every earlier page's (by its label, or
after the page's title: "Purchase Order PDG-10261") and a date of its own (order or delivery date)
starts a new order; the pages up to the next such page are its pages. A document whose pages all carry the same
PO number (a long order with the header repeated) or none is one order; so is one whose parts do
not all have item lines (``extractors.capture.layout``: a page with another number and no items is
no order of its own).
"""

from __future__ import annotations

import re

from extractors.capture.header_fields import TABLE_HEADER_TITLES, column_index, column_titles, find_header_fields
from extractors.capture.layout_spec import LayoutSpec
from extractors.capture.ship_to import SHIP_TO_LABELS
from extractors.capture.words import Row
from extractors.locale_values import DocLocale, fold
from gateway.model import Problem

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


_SHIP_LABEL = re.compile(r"^\s*(?:" + "|".join(re.escape(fold(lab)) for lab in sorted(SHIP_TO_LABELS, key=len, reverse=True))
                         + r")\b\s*:?")


def several_on_a_page(rows: list[Row], spec: LayoutSpec, loc: DocLocale, fuzzy: bool) -> Problem | None:
    """Two orders printed one under the other in one document's pages (a sheet or a Word form printed, two blocks
    each with its own item table): ``ORDERS-SEVERAL`` when an item table's header has above it, after the previous
    table, a PO number of its own label other than the one before (two PO numbers, two blocks of lines), or a
    delivery label naming another place than the one before (two ship-tos each with its lines). Never delivered
    merged: a person splits them. A header repeated on the next page under the same PO and place is one order."""
    columns_of = column_index(spec)
    heads = [i for i, row in enumerate(rows) if column_titles(row, columns_of, fuzzy) >= TABLE_HEADER_TITLES]
    if len(heads) < 2:
        return None
    numbers: list[tuple[str, str]] = []
    places: list[str] = []
    start = 0
    for n, head in enumerate(heads):
        area = rows[start:head]
        start = head + 1
        found = find_header_fields(area, spec, loc, fuzzy).get("po_number") if area else None
        if found is not None and isinstance(found.value, str) and (n == 0 or found.label) and \
                _po_key(found.value) not in {k for k, _ in numbers}:
            numbers.append((_po_key(found.value), found.value))
        place = _place(area)
        if place and place not in places:
            places.append(place)
    if len(numbers) > 1:
        return Problem(code="ORDERS-SEVERAL", severity="error", element="po_number", message=(
            f"the document prints {len(numbers)} purchase orders ({', '.join(v for _, v in numbers[:4])}), each over "
            f"its own item table: never delivered as one order; a person splits them"))
    if len(places) > 1:
        return Problem(code="ORDERS-SEVERAL", severity="error", element="ship_to", message=(
            f"the document sends item tables to {len(places)} delivery places ({'; '.join(places[:3])}), each with "
            f"its own lines: one order per place, a person splits them"))
    return None


def _place(area: list[Row]) -> str:
    """The delivery label's words in ``area`` and the row under them, folded ("ship to: north store, 12 elm st")."""
    for i, row in enumerate(area):
        text = fold(row.text).lower()
        if _SHIP_LABEL.match(text):
            rest = _SHIP_LABEL.sub("", text).strip()
            if not rest and i + 1 < len(area):
                rest = fold(area[i + 1].text).lower().strip()
            return " ".join(rest.split())[:80]
    return ""
