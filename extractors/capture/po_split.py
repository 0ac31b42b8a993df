"""Several purchase orders in one document: a PDF batch of POs, each starting on a new page.

A page whose own header carries a PO number different from every earlier page's (by its label, or
after the page's title: "Purchase Order PDG-10261") and a date of its own (order or delivery date)
starts a new order; the pages up to the next such page are its pages. A document whose pages all carry the same
PO number (a long order with the header repeated) or none is one order; so is one whose parts do
not all have item lines (``extractors.capture.layout``: a page with another number and no items is
no order of its own).
"""

from __future__ import annotations

from dataclasses import replace
from types import MappingProxyType

from extractors.capture.header_fields import TABLE_HEADER_TITLES, column_index, column_titles, find_header_fields
from extractors.capture.layout_spec import LayoutSpec
from extractors.capture.ship_to import labelled_place
from extractors.capture.words import Row
from extractors.locale_values import DocLocale
from gateway.model import Problem

DATED = frozenset({"order_date", "requested_delivery_date"})  # a header of its own beside the number


def po_segments(rows: list[Row], spec: LayoutSpec, loc: DocLocale, fuzzy: bool) -> list[list[Row]]:
    """The rows of each purchase order of the document, in page order (one list for one order). Two orders printed
    one under the other on one page are never split (each block's ship-to, a page-wide closing note, a short note
    between the blocks, a block of items still open from an earlier order cannot be told apart safely):
    ``several_on_a_page`` holds ORDERS-SEVERAL and a person splits them."""
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


# Labels that name a block's own number when it has no PO label (the buyer's "Reference" / "Our ref" of a second
# order printed under the first): read only to tell two orders apart, never a PO of the order
BLOCK_NUMBER_LABELS = ("reference", "référence", "referenz", "ref", "réf", "ref.", "réf.", "our ref", "our reference",
                       "notre référence", "unsere referenz",
                       # a bare heading over a second table ("Order 4472", "Bestellung 4479", "Commande 2231")
                       "order", "bestellung", "commande", "auftrag")


def _block_spec(spec: LayoutSpec) -> LayoutSpec | None:
    po = spec.fields.get("po_number")
    if po is None:
        return None
    labels = po.labels + tuple(lab for lab in BLOCK_NUMBER_LABELS if lab not in po.labels)
    return replace(spec, fields=MappingProxyType({**spec.fields, "po_number": replace(po, labels=labels)}))


def _block_number(area: list[Row], spec: LayoutSpec, wide: LayoutSpec | None, loc: DocLocale,
                  fuzzy: bool) -> str | None:
    """The number a block's header gives itself over its item table: its PO under any PO label (generic ones too),
    or else under a reference label; a bare code with a digit."""
    for one in (spec, wide):
        if one is None or not area:
            continue
        found = find_header_fields(area, one, loc, fuzzy).get("po_number")
        if found is not None and isinstance(found.value, str) and (found.label or found.read_under) and \
                any(ch.isdigit() for ch in found.value):
            return found.value
    return None


def several_on_a_page(rows: list[Row], spec: LayoutSpec, loc: DocLocale, fuzzy: bool) -> Problem | None:
    """Two orders printed one under the other in one document's pages (a sheet or a Word form printed, two blocks
    each with its own item table): ``ORDERS-SEVERAL`` when an item table's header has above it, after the previous
    table, a number of its own other than the one before, whatever its label ("PO Number", "Our ref", "Reference":
    two numbers, two blocks of lines), or a delivery label naming another address than the one before (two ship-tos
    each with its lines). Never delivered merged: a person splits them. A header repeated on every page under the
    same PO is one order, whatever else its ship-to line prints ("(page 1 of 2)")."""
    columns_of = column_index(spec)
    heads = [i for i, row in enumerate(rows) if column_titles(row, columns_of, fuzzy) >= TABLE_HEADER_TITLES]
    if len(heads) < 2:
        return None
    wide = _block_spec(spec)
    numbers: list[tuple[str, str]] = []
    blocks_numbered = 0
    places: list[str] = []
    start = 0
    for n, head in enumerate(heads):
        area = rows[start:head]
        start = head + 1
        value = _block_number(area, spec, wide, loc, fuzzy)
        if value is None and n == 0:
            found = find_header_fields(area, spec, loc, fuzzy).get("po_number") if area else None
            value = found.value if found is not None and isinstance(found.value, str) else None
        if value is not None:
            blocks_numbered += 1
            if _po_key(value) not in {k for k, _ in numbers}:
                numbers.append((_po_key(value), value))
        place = labelled_place(area)
        if place and place not in places:
            places.append(place)
    if len(numbers) > 1:
        return Problem(code="ORDERS-SEVERAL", severity="error", element="po_number", message=(
            f"the document prints {len(numbers)} purchase orders ({', '.join(v for _, v in numbers[:4])}), each over "
            f"its own item table: never delivered as one order; a person splits them"))
    if len(numbers) == 1 and blocks_numbered == len(heads) and len({rows[h].page for h in heads}) == len(heads):
        return None  # the same PO over the table of every page: one order's page header repeated, whatever its
        # place line prints beside the address (two places under one PO on one page stay two orders)
    if len(places) > 1:
        return Problem(code="ORDERS-SEVERAL", severity="error", element="ship_to", message=(
            f"the document sends item tables to {len(places)} delivery places ({'; '.join(places[:3])}), each with "
            f"its own lines: one order per place, a person splits them"))
    return None
