"""What identifies a copy of an order: the folded PO number and the line-set fingerprint.

Dedup compares an order with the customer's earlier orders that share its PO number or its line set;
the journal stores each order's line-set fingerprint (``orders.lines_key``) when it commits it, so those
earlier orders are found by an index, whatever the size of the journal. Both sides use the same
``line_key`` defined here, so a fingerprint match is exactly a line-set match.
"""

from __future__ import annotations

import functools
import hashlib
import re
from decimal import Decimal

from gateway.model import NormalizedOrder

OCR_FOLD = str.maketrans({"O": "0", "Q": "0", "D": "0", "I": "1", "L": "1", "|": "1", "S": "5",
                          "B": "8", "Z": "2", "G": "6"})
PO_NOISE = re.compile(r"[\s\-_./#:]")


PO_SQL_NOISE = (" ", "-", "_", ".", "/", "#", ":")


def norm_po(po: str) -> str:
    """A PO number as it identifies an order: case and separators folded, nothing else.

    ``po-b1`` and ``PO B1`` are the same PO; ``P0-B1`` (zero) is not: it is equal to ``PO-B1`` only
    after look-alike folding (``fold_po``), which makes a possible duplicate, never the same order."""
    return PO_NOISE.sub("", po.upper())


def same_po(a: str | None, b: str | None) -> bool:
    """Two PO numbers naming the same order (``norm_po`` equal); a missing PO names none."""
    return bool(a) and bool(b) and norm_po(a) == norm_po(b)


def po_sql(column: str) -> str:
    """An SQL expression (SQLite and PostgreSQL) close to ``norm_po`` of ``column``, for a first filter."""
    expr = column
    for ch in PO_SQL_NOISE:
        expr = f"REPLACE({expr}, '{ch}', '')"
    return f"UPPER({expr})"


@functools.lru_cache(maxsize=65536)
def fold_po(po: str) -> str:
    """A PO number with separators dropped and OCR look-alikes folded together (kept per process: dedup
    folds the PO of every earlier order with the same line set for each new order)."""
    return norm_po(po).translate(OCR_FOLD)


def line_key(order: NormalizedOrder) -> list[tuple[str, Decimal, str]]:
    return sorted((line.sku or fold_po(line.customer_item or line.supplier_item or line.gtin or ""),
                   line.quantity.normalize(), line.uom) for line in order.lines if line.action != "delete")


def line_fingerprint(order: NormalizedOrder) -> str:
    """A short digest of ``line_key``: equal for two orders exactly when their line sets are equal."""
    text = "\n".join(f"{item}\t{quantity}\t{uom}" for item, quantity, uom in line_key(order))
    return hashlib.sha256(text.encode()).hexdigest()[:32]
