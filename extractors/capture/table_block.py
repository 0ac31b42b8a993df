"""A printed table's totals block checked as a whole (``extractors.capture.block_sums``): the totals, tax rows,
totals with tax and the order's discount and charge rows read under the items (``TableResult``), in the order
they are printed, must add up from the lines' sum. "Subtotal 3 418.55 / VAT 20% 683.71 / Grand total 4 152.26"
(50.00 too much) holds the order ``TOTAL-MISMATCH`` though the subtotal, the total the lines give, is right."""

from __future__ import annotations

from decimal import Decimal

from extractors.capture.block_sums import check_block, row_role, settled
from extractors.capture.table_cells import TableResult
from extractors.pricing import line_amount
from gateway.model import Allowance, ExtractedLine, Problem, order_adjustment


def table_block_problems(table: TableResult, lines: list[ExtractedLine], own: list[Allowance]) -> list[Problem]:
    """The block's problems; ``own``: the discount and charge rows read as lines and taken out of them."""
    rows: list[tuple[tuple[int, float], str, Decimal, str | None]] = []
    for t in table.totals:
        if t.words:
            role = row_role(t.label, t.value) if t.label else None
            rows.append(((t.words[0].page, t.words[0].y0), t.label, t.value,
                         role if role in ("net", "gross", "total") else "net" if t.net else "total"))
    rows += [(at, "tax", v, "tax") for v, at in table.taxes]
    rows += [(at, "total with tax", v, "gross") for v, at in table.gross]
    rows += [(at, a.description or a.kind, a.amount, a.kind) for a, at in table.adjustments if a.amount is not None]
    if not table.lines:
        return []
    last = max((ln.last_row.page, ln.last_row.y0) for ln in table.lines)
    inside = [a for a, at in table.adjustments if at <= last]  # charge rows among the items ("Transport 18,50")
    rows = sorted((r for r in rows if r[0] > last), key=lambda r: r[0])  # the block: under the last item
    if not any(r[3] in ("net", "total") for r in rows) or len(rows) < 2:
        return []  # one total: the gateway's total check compares it with the lines
    amounts = [line_amount(ln) for ln in lines]
    if not amounts or None in amounts:
        return []
    base = sum(amounts, Decimal(0)) + order_adjustment(own + inside)  # type: ignore[arg-type]
    return check_block(settled([(label, value, role) for _at, label, value, role in rows]), base, len(lines)).problems
