"""Learned item codes: the customer item code -> SKU cross-references people taught the gateway.

Kept in ``<data_dir>/learned_item_xref.csv`` (customer_id, customer_item, sku; the master data reads it
after the ERP's ``item_xref.csv``, which wins). What may be learned from a correction (``to_learn``):
only a line whose SKU the person set, whose customer code the person typed or confirmed in the same
correction (``customer_item`` in the line's patch) or was read exactly (confidence at least
``EXACT``, EDI and text) and looks like an item code. A misread table cell (``DF-STYLO-BDF-AGRAF-``,
``HD``) is never learned by itself. The console shows ``to_learn`` before saving; a supervisor lists
(``GET /v1/learned-items``) and undoes (``DELETE /v1/learned-items/{customer}/{item}``) mappings.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import structlog

from gateway.model import NormalizedOrder

COLUMNS = ("customer_id", "customer_item", "sku")
EXACT = 0.95
CODE_SHAPE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9._/ -]{1,33}[A-Za-z0-9])$")
log = structlog.get_logger(__name__)


def learned_path(data_dir: Path) -> Path:
    return data_dir / "learned_item_xref.csv"


def to_learn(order: NormalizedOrder, line_patches: list[dict[str, Any]]) -> list[dict[str, str]]:
    """The pairs a correction teaches (``order`` as corrected): see the module docstring."""
    if not order.customer.id:
        return []
    by_no = {line.line_no: line for line in order.lines}
    out = []
    for patch in line_patches:
        line = by_no.get(int(patch.get("line_no") or 0))
        if line is None or not patch.get("sku") or not line.sku or not line.customer_item:
            continue
        confirmed = "customer_item" in patch or patch.get("confirm_customer_item") is True
        exact = line.field_confidence.get("customer_item", line.confidence) >= EXACT
        if confirmed or (exact and CODE_SHAPE.match(line.customer_item)):
            out.append({"customer_id": order.customer.id, "customer_item": line.customer_item, "sku": line.sku,
                        "line_no": str(line.line_no)})
    return out


def read_learned(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    rows = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig")))
    return [{k: (row.get(k) or "").strip() for k in COLUMNS} for row in rows]


def _write(path: Path, rows: list[dict[str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(COLUMNS)
        writer.writerows([row[k] for k in COLUMNS] for row in rows)
    tmp.replace(path)


def learn(path: Path, pairs: list[dict[str, str]], user: str) -> None:
    """Add (or replace) mappings; one log line each."""
    rows = read_learned(path)
    for pair in pairs:
        rows = [r for r in rows if (r["customer_id"], r["customer_item"]) != (pair["customer_id"], pair["customer_item"])]
        rows.append({k: pair[k] for k in COLUMNS})
        log.info("item_code_learned", user=user, **{k: pair[k] for k in COLUMNS})
    _write(path, rows)


def forget(path: Path, customer_id: str, customer_item: str, user: str) -> dict[str, str] | None:
    """Undo a learned mapping; the removed row, or None when there was none."""
    rows = read_learned(path)
    gone = next((r for r in rows if (r["customer_id"], r["customer_item"]) == (customer_id, customer_item)), None)
    if gone is not None:
        _write(path, [r for r in rows if r is not gone])
        log.info("item_code_forgotten", user=user, **gone)
    return gone
