"""The delivery address of an order sheet: a "Deliver to" / "Ship To" / "Lieferadresse" cell above
the item table and its address: in the cells to its right, one line per row down that column
("Deliver to | Northgate Facilities Ltd" / "| Trafford Park Depot, Unit 4" / ...), or under the label
when the cell to its right is another party's label ("Deliver to | Invoice to" side by side), or in one
cell ("720 N Water St, Milwaukee, WI 53202", or lines broken inside the cell); or under the label inside
its own cell (a Word box "Delivery Address" / name / street / place beside the "Invoice Address" box).

Parsed as on a page (``extractors.capture.ship_to.parse_address``); a doubtful read comes with its
reason, and the reader holds the order (``SHIP-TO-UNSURE``). Without a delivery label, an address typed
under or beside a label the reader does not know ("Warenempfänger:", "Site:") may be the delivery address:
held the same way, unless the gateway finds the customer's own address on file in it (an address with no
label at all is the sheet's letterhead).
"""

from __future__ import annotations

from extractors.capture.address_blocks import BLOCKS_ELEMENT
from extractors.capture.ship_to import (MAX_LINES, ShipToRead, address_label, inline_parts, parse_address, place_of,
                                       postcode_goes_on)

LABEL_WORDS = 3  # words of a cell that reads as a label ("Warenempfänger:", "Site address")


def sheet_ship_to(rows: list[list[str]]) -> ShipToRead | None:
    """The delivery address under the first ship-to label of ``rows`` (the text of the cells above
    the item table), or None without one."""
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            head, _, rest = value.strip().partition("\n")
            if rest and address_label(head.strip()) == "ship_to":  # a box: its label, the address under it
                lines = [part.strip() for part in rest.splitlines() if part.strip()]
                party, doubt = parse_address(lines)
                return ShipToRead(party, doubt and f"the delivery address by {head.strip()!r} "
                                                   f"({' / '.join(lines)}): {doubt}")
            if address_label(value) != "ship_to":
                continue
            lines = _lines(rows, r, c)
            if not lines:
                return ShipToRead(None, f"nothing readable by the delivery address label {value!r}")
            party, doubt = parse_address(lines)
            return ShipToRead(party, doubt and f"the delivery address by {value!r} "
                                               f"({' / '.join(lines)}): {doubt}")
    return _under_unknown_label(rows)


def _under_unknown_label(rows: list[list[str]]) -> ShipToRead | None:
    """A doubt for the first address (lines ending in a place line "04229 Leipzig") beside or under a
    label cell that names no party the reader knows."""
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            head, _, rest = value.strip().partition("\n")
            if rest and _label_like(head) and (head.strip().endswith(":") or len(head.split()) == 1) \
                    and address_label(head) is None:  # a box under a label of its own (not a name over its address)
                value, boxed = head, [[part.strip() for part in rest.splitlines() if part.strip()]]
            elif not _label_like(value) or address_label(value) is not None:
                continue
            else:
                boxed = []
            for lines in (*boxed, _lines(rows, r, c), _cell_under(rows, r, c)):
                if len(lines) >= 2 and place_of(lines[-1]):
                    return ShipToRead(None, f"an address under the label {value.strip()!r}, which names no party "
                                            f"the reader knows, and no delivery address label "
                                            f"[{' / '.join(lines)}]: it may be the delivery address",
                                      element=BLOCKS_ELEMENT)
    return None


def _country_like(text: str) -> bool:
    """A line that may be a country under a place line ("Österreich", "United Kingdom"), not a label or a value."""
    return len(text.split()) <= 3 and ":" not in text and not any(ch.isdigit() for ch in text)


def _label_like(text: str) -> bool:
    text = text.strip()
    return bool(text) and "\n" not in text and not any(ch.isdigit() for ch in text) and (
        text.endswith(":") or len(text.split()) <= LABEL_WORDS) and len(text) <= 40


def _cell_under(rows: list[list[str]], r: int, c: int) -> list[str]:
    text = rows[r + 1][c] if r + 1 < len(rows) and c < len(rows[r + 1]) else ""
    return [part.strip() for part in text.splitlines() if part.strip()]


def _lines(rows: list[list[str]], r: int, c: int) -> list[str]:
    right = next((k for k in range(c + 1, len(rows[r])) if rows[r][k]), None)
    if right is not None and address_label(rows[r][right]) is None:
        col, start = right, r  # the address beside its label
    else:
        col, start = c, r + 1  # the address under its label (a neighbour box's label beside it)
    texts: list[str] = []
    state = "open"  # "place": the place line read (its postcode alone, or a country, may follow); "end"
    for row in rows[start:start + MAX_LINES]:
        text = row[col] if col < len(row) else ""
        if not text or address_label(text) or (col != c and c < len(row) and row[c] and row is not rows[r]):
            break
        if state == "end":
            break  # the address ends at its place line (a country may follow): "Liefertermin: ..." is no part
        if state == "place":
            if postcode_goes_on(texts[-1], text):
                pass  # "Dublin 22" / "D22 X0Y1": the Eircode under its district, a country may follow
            elif _country_like(text):
                state = "end"
            else:
                break
        elif place_of(text.splitlines()[-1].strip() if text.strip() else text):
            state = "place"
        texts.extend(part.strip() for part in text.splitlines() if part.strip())
    return inline_parts(texts[0]) if len(texts) == 1 else texts

