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
        parts = [rows]
    else:
        bounds = starts[1:] + [pages[-1] + 1]
        parts = [[r for r in rows if start <= r.page < end] for start, end in zip(starts, bounds)]
    return [block for part in parts for block in page_blocks(part, spec, loc, fuzzy)]


def page_blocks(rows: list[Row], spec: LayoutSpec, loc: DocLocale, fuzzy: bool) -> list[list[Row]]:
    """The rows of each order printed one under the other (two PO headers, two item tables on one page): split
    only when every item table has above it, after the table before, a PO number under its own PO label that no
    other block has and a date of its own, and no two blocks name different delivery places; else one list (and
    ``several_on_a_page`` holds ORDERS-SEVERAL when the numbers differ). A block starts at its number's row, with
    the short title rows without digits right above it ("Purchase Order")."""
    columns_of = column_index(spec)
    heads = [i for i, row in enumerate(rows) if column_titles(row, columns_of, fuzzy) >= TABLE_HEADER_TITLES]
    if len(heads) < 2:
        return [rows]
    cuts: list[int] = []
    keys: set[str] = set()
    places: set[str] = set()
    start = 0
    for head in heads:
        fields = find_header_fields(rows[start:head], spec, loc, fuzzy) if head > start else {}
        found = fields.get("po_number")
        if found is None or not found.label or not (fields.keys() & DATED) or _po_key(found.value) in keys:
            return [rows]  # a block without a number or a date of its own, or the same number again (a header repeated)
        keys.add(_po_key(found.value))
        if place := labelled_place(rows[start:head]):
            places.add(place)
        if start:
            cuts.append(_block_top(rows, start, head, found.words))
        start = head + 1
    if len(places) > 1 or any(b <= a for a, b in zip([0] + cuts, cuts)):
        return [rows]
    bounds = [0] + cuts + [len(rows)]
    return [rows[a:b] for a, b in zip(bounds, bounds[1:])]


TITLE_WORDS = 4  # words of a title row over a block's number ("Purchase Order", "Bon de commande")


def _block_top(rows: list[Row], start: int, head: int, words: tuple) -> int:
    """The first row of a block: the row of its number's words, with up to two title rows right above it."""
    ids = {id(w) for w in words}
    top = next((i for i in range(start, head) if any(id(w) in ids for w in rows[i].words)), head)
    for _ in range(2):
        above = rows[top - 1] if top - 1 >= start else None
        if above is None or above.page != rows[top].page or any(ch.isdigit() for ch in above.text) \
                or len(above.text.split()) > TITLE_WORDS:
            break
        top -= 1
    return top


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
