"""Items printed as cards (web shops, portals) rather than as table rows: a quantity row
("Qty: 12 EA  $975.00") with the item's name before it or above it, and "label: value" lines under
it ("SKU X", "Unit price: $3.90") up to the next card or a total."""

from __future__ import annotations

import re

from extractors.capture.table_cells import LineCells, TableCtx, TableResult, cell_number, is_end, numeric_phrases
from extractors.capture.table_totals import read_total
from extractors.capture.words import Row, Word, typical_height
from extractors.units import unit_word

CARD = 0.97  # a line read from a card of "label: value" lines rather than from a table row


def read_cards(rows: list[Row], result: TableResult, ctx: TableCtx) -> None:
    """Items printed as cards (web shops, portals): a row with a quantity label and its number
    ("Ballpoint pen blue  Qty: 250 PK  $975.00"), the name before it, the line amount after its
    unit; the lines under it up to the next such row or a total ("Item # SKU-1002",
    "Unit price: $3.90") belong to the same item. A card whose quantity row starts with its label
    takes its name from the lines just above it ("Ramette papier A4" / "Réf. OF-10231" /
    "Quantité : 1 000 paquet")."""
    lines: list[LineCells] = []
    attached: set[int] = set()
    gross = False
    for i, row in enumerate(rows):
        anchor = _card_anchor(row, ctx)
        if anchor is not None:
            if "description" not in anchor and (lead := _card_lead(rows, i, attached, ctx)):
                anchor["description"] = [w for r in lead for w in r.words]
            lines.append(LineCells(anchor, {k: CARD for k in anchor}, row))
            attached.add(i)
            continue
        if not lines or is_end(row, ctx):
            kinds = {h.kind for h in ctx.end.segment(row.words, ctx.fuzzy)}
            if lines and "total" in kinds and not gross:
                read_total(rows, i, result, None, ctx)
            gross = gross or (bool(lines) and kinds == {"end"})  # after "Tax": totals with tax
            continue
        last = lines[-1].last_row
        if row.page != last.page or row.y0 - last.y1 > 1.6 * typical_height(row.words):
            continue
        attached.add(i)
        hits = [h for h in ctx.header.segment(row.words, ctx.fuzzy) if h.start == 0]
        kind = hits[0].kind if hits else None
        value = _card_number(list(row.words[hits[0].end:]), ctx) if kind in ("unit_price", "amount") else None
        if value:
            lines[-1].cells.setdefault(kind, []).extend(value)  # type: ignore[arg-type]
        else:
            lines[-1].cells.setdefault("description", []).extend(row.words)
        lines[-1].last_row = row
    for line in lines:
        line.header_score.update({k: CARD for k in line.cells})
        if cell_number(line.cells.get("quantity"), ctx) and line.cells.get("description"):
            result.lines.append(line)
        else:
            result.unread.append(line.last_row)


def _card_lead(rows: list[Row], i: int, attached: set[int], ctx: TableCtx) -> list[Row]:
    """The rows right above a card's quantity row, touching one another, that no card took."""
    lead: list[Row] = []
    below = rows[i]
    for j in range(i - 1, max(i - 4, -1), -1):
        row = rows[j]
        if j in attached or row.page != below.page or below.y0 - row.y1 > 1.6 * typical_height(row.words) \
                or is_end(row, ctx) or numeric_phrases(row, ctx):
            break
        lead.insert(0, row)
        below = row
    return lead


def _card_number(words: list[Word], ctx: TableCtx) -> list[Word] | None:
    """The words of a card's price or amount after its label, a trailing tax word dropped
    ("2,40 € HT", "$3.90 excl. tax")."""
    words = [w for w in words if w.text != ":"]
    for end in range(len(words), 0, -1):
        if cell_number(words[:end], ctx) is not None:
            return words[:end]
    return None


def _card_anchor(row: Row, ctx: TableCtx) -> dict[str, list[Word]] | None:
    """The cells of a card's quantity row: name, quantity (its thousands groups: "1 000"), unit
    words, the amount after them."""
    for hit in ctx.header.segment(row.words, ctx.fuzzy):
        if hit.kind != "quantity" or hit.end >= len(row.words) or hit.end == hit.start:
            continue
        if not row.words[hit.end - 1].text.endswith(":") and row.words[hit.end].text != ":" and hit.start:
            continue  # "Qty: 12" or a row starting "Qty 12": not a word "quantity" inside a sentence
        after = [w for w in row.words[hit.end:] if w.text != ":"]
        if not after or not any(c.isdigit() for c in after[0].text):
            return None
        size = 1
        while size < len(after) and re.fullmatch(r"\d{3}(?:[.,]\d+)?", after[size].text) \
                and cell_number(after[:size + 1], ctx) is not None:
            size += 1  # "1 000": a thousands group after the first digits
        cells: dict[str, list[Word]] = {"quantity": after[:size]}
        rest = after[size:]
        units = []
        while rest and unit_word(rest[0].text, ctx.spec.units):
            units.append(rest.pop(0))
        if units:
            cells["uom"] = units
        if rest and cell_number(rest, ctx) is not None:
            cells["amount"] = rest
        elif rest:
            return None
        if hit.start:
            cells["description"] = list(row.words[:hit.start])
        return cells
    return None
