"""The delivery address of an order sheet: a "Deliver to" / "Ship To" / "Lieferadresse" cell above
the item table and its address: in the cells to its right, one line per row down that column
("Deliver to | Northgate Facilities Ltd" / "| Trafford Park Depot, Unit 4" / ...), or under the label
when the cell to its right is another party's label ("Deliver to | Invoice to" side by side), or in one
cell ("720 N Water St, Milwaukee, WI 53202", or lines broken inside the cell).

Parsed as on a page (``extractors.capture.ship_to.parse_address``); a doubtful read comes with its
reason, and the reader holds the order (``SHIP-TO-UNSURE``).
"""

from __future__ import annotations

from extractors.capture.ship_to import MAX_LINES, ShipToRead, address_label, inline_parts, parse_address


def sheet_ship_to(rows: list[list[str]]) -> ShipToRead | None:
    """The delivery address under the first ship-to label of ``rows`` (the text of the cells above
    the item table), or None without one."""
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if address_label(value) != "ship_to":
                continue
            lines = _lines(rows, r, c)
            if not lines:
                return ShipToRead(None, f"nothing readable by the delivery address label {value!r}")
            party, doubt = parse_address(lines)
            return ShipToRead(party, doubt and f"the delivery address by {value!r} "
                                               f"({' / '.join(lines)}): {doubt}")
    return None


def _lines(rows: list[list[str]], r: int, c: int) -> list[str]:
    right = next((k for k in range(c + 1, len(rows[r])) if rows[r][k]), None)
    if right is not None and address_label(rows[r][right]) is None:
        col, start = right, r  # the address beside its label
    else:
        col, start = c, r + 1  # the address under its label (a neighbour box's label beside it)
    texts: list[str] = []
    for row in rows[start:start + MAX_LINES]:
        text = row[col] if col < len(row) else ""
        if not text or address_label(text) or (col != c and c < len(row) and row[c] and row is not rows[r]):
            break
        texts.extend(part.strip() for part in text.splitlines() if part.strip())
    return inline_parts(texts[0]) if len(texts) == 1 else texts

