"""A printed table's totals block checked as a whole (``extractors.capture.block_sums``): the totals, tax rows,
totals with tax and the order's discount and charge rows read under the items (``TableResult``), in the order
they are printed, must add up from the lines' sum. "Subtotal 3 418.55 / VAT 20% 683.71 / Grand total 4 152.26"
(50.00 too much) holds the order ``TOTAL-MISMATCH`` though the subtotal, the total the lines give, is right."""

from __future__ import annotations

import re
from decimal import Decimal

from extractors.capture.block_sums import check_block, no_money, note_gross_rates, row_role, settled
from extractors.capture.charges import is_tax
from extractors.capture.table_cells import TableResult
from extractors.capture.words import Row
from extractors.pricing import line_amount
from gateway.model import Allowance, ExtractedLine, Problem, order_adjustment


def table_block_problems(table: TableResult, lines: list[ExtractedLine], own: list[Allowance],
                         page_rows: list[Row] | None = None, references: dict[str, str] | None = None) -> list[Problem]:
    """The block's problems; ``own``: the discount and charge rows read as lines and taken out of them;
    ``page_rows``: the page rows, for a row of the block under the items that was not read (``unread_rows``);
    ``references``: the order's, where the rate a total with tax and no tax row implies is kept."""
    rows: list[tuple[tuple[int, float], str, Decimal, str | None]] = []
    for t in table.totals:
        if t.words and not (t.label and no_money(t.label)):  # "Total weight (kg) 12.50": no money row
            role = row_role(t.label, t.value) if t.label else None
            rows.append(((t.words[0].page, t.words[0].y0), t.label, t.value,
                         role if role in ("net", "gross", "total") else "net" if t.net else "total"))
    rows += [(at, table.tax_labels.get(at, "tax"), v, "tax") for v, at in table.taxes]
    rows += [(at, "total with tax", v, "gross") for v, at in table.gross]
    rows += [(at, a.description or a.kind, a.amount, a.kind) for a, at in table.adjustments if a.amount is not None]
    if not table.lines:
        return []
    last = max((ln.last_row.page, ln.last_row.y0) for ln in table.lines)
    inside = [a for a, at in table.adjustments if at <= last]  # charge rows among the items ("Transport 18,50")
    block = [r for r in rows if r[0] > last]  # the block: under the last item
    more, unread = unread_rows(page_rows or [], last, [at for at, *_ in block])
    block = sorted(block + more, key=lambda r: r[0])
    if not block or (len(block) == 1 and block[0][3] in ("net", "total")):
        return unread  # one net or plain total: the gateway's total check compares it with the lines
    amounts = [line_amount(ln) for ln in lines]
    if not amounts or None in amounts:
        return unread
    base = sum(amounts, Decimal(0)) + order_adjustment(own + inside)  # type: ignore[arg-type]
    tax_unread = not table.taxes and any(is_tax(r.text) for r in page_rows or [] if (r.page, r.y0) > last)
    sums = check_block(settled([(label, value, role) for _at, label, value, role in block]), base, len(lines),
                       tax_unread, amounts)  # type: ignore[arg-type]
    note_gross_rates(references if references is not None else {}, sums.gross_rates)
    return sums.problems + unread


BLOCK_ROWS = 8  # rows under the last item looked at for the block's rows
_MONEY_END = re.compile(r"\d[.,]\d{2}\s*(?:[€$£]|eur|usd|gbp|chf)?\s*$", re.IGNORECASE)


def unread_rows(rows: list[Row], last: tuple[int, float], read: list[tuple[int, float]]
                ) -> tuple[list[tuple[tuple[int, float], str, Decimal, str]], list[Problem]]:
    """The rows under the items whose words are a total's, a tax's, a charge's or a discount's and which end
    with money ("Total due 1,856.60 £"), on none of the block's rows read: a total or a tax whose amount reads
    plainly joins the block ("Sales tax $282.13") (a lone "Total incl. VAT 390.80" the table reader left); any other such row means
    the block cannot be checked as a whole."""
    more: list[tuple[tuple[int, float], str, Decimal, str]] = []
    out: list[Problem] = []
    for row in [r for r in rows if (r.page, r.y0) > last][:BLOCK_ROWS]:
        text = row.text.strip()
        n = next((k for k, c in enumerate(text) if c.isdigit()), len(text))
        label = text[:n].strip(" :(")
        if not label or not _MONEY_END.search(text) or not set(text[n:]) & set("123456789") \
                or any(p == row.page and abs(y - row.y0) < 2 for p, y in read):
            continue  # no money, nothing to add ("Shipping $0.00"), or read
        rate = _RATE.match(text[n:])  # "TVA 20 % 10 309,77 €": the rate belongs to the label
        label, rest = (f"{label} {rate.group(0).strip()}", text[n + rate.end():]) if rate else (label, text[n:])
        role = row_role(label, Decimal(1), money=True)  # the row ends with money
        amount = _plain_amount(rest)
        if role in ("net", "gross", "total", "tax", "paid") and amount is not None:  # "Acompte versé 69,77 €"
            more.append(((row.page, row.y0), label.strip(" $€£:"), amount, role))
        elif role in ("net", "gross", "total", "tax", "charge", "allowance", "rounding"):
            out.append(Problem(code="TOTAL-MISMATCH", severity="error", element="total",
                               message=f"the row {text[:80]!r} of the totals block was not read: the block cannot "
                                       "be checked as a whole"))
    return more, out


_RATE = re.compile(r"\d{1,2}(?:[.,]\d{1,2})?\s*%\s*")
_PLAIN = re.compile(r"^(?:[$€£]\s?)?(\d{1,3}(?:([,.' ])\d{3})*|\d+)([.,])(\d{2})\s*(?:[€$£]|eur|usd|gbp|chf)?$",
                    re.IGNORECASE)


def _plain_amount(text: str) -> Decimal | None:
    """The amount a row's rest is and nothing else ("390.80", "1,234.50 €", "1.234,50"), or None."""
    found = _PLAIN.match(text.strip())
    if not found or (found.group(2) and found.group(2) == found.group(3)):
        return None
    return Decimal(re.sub(r"\D", "", found.group(1)) + "." + found.group(4))
