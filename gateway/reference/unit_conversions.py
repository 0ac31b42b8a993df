"""Unit conversions between an order's unit and the unit a product is sold in.

The table lives in ``mappings/unit_conversions.toml`` (the file ``[decide.rules] conversions_file``
names): generic conversions valid for every product (``[generic] DZN = { C62 = 12 }``) and per-SKU
ones (``[sku."SKU-1003"] CT = { C62 = 20 }``: one carton of SKU-1003 holds 20 pieces). Units are
UN/ECE Rec 20 codes. A conversion also works backwards (1 C62 = 1/20 CT). The file is re-read when
it changes; a missing file means "no conversions". A customer's own conversion for one of its products
(``[customer."C1002"."SKU-1001"] CT = { BX = 4 }``: this customer's carton holds 4 boxes), settled from
its past orders, comes before the product's and the generic ones. A dozen is twelve pieces for every
product without being written (``DEFINED``); a file may still say otherwise for a product.

Conversions a person confirmed on a customer's earlier order (a clerk corrected "2 CT" of a product
sold in EA to "24 EA": ``gateway.stages.line_units.units_to_learn``) are kept in
``<data_dir>/learned_unit_conversions.csv`` (customer_id, sku, from_unit, to_unit, factor) and read as
that customer's own conversions; one written in the TOML file for the same customer and product wins.
"""

from __future__ import annotations

import csv
import functools
import io
import time
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import structlog

from gateway.errors import ConfigError

LEARNED_COLUMNS = ("customer_id", "sku", "from_unit", "to_unit", "factor")
log = structlog.get_logger(__name__)

# Conversions that hold by definition of the unit, for every product, whatever the file says: a dozen is
# twelve pieces (Rec 20 DZN -> C62). A package word (carton, case, box, pack) has no such factor.
DEFINED: dict[tuple[str, str], Decimal] = {("DZN", "C62"): Decimal(12)}

Key = tuple[str, str, str]  # (scope: "customer/sku", sku or "", from unit, to unit)


@dataclass(frozen=True)
class ConversionTable:
    factors: dict[Key, Decimal] = field(default_factory=dict)

    def factor(self, sku: str | None, from_unit: str, to_unit: str,
               customer_id: str | None = None) -> Decimal | None:
        """How many ``to_unit`` one ``from_unit`` of ``sku`` makes; None when nobody said."""
        a, b = from_unit.upper(), to_unit.upper()
        if a == b:
            return Decimal(1)
        scopes = [(sku or "").upper(), ""]  # the product's own conversions first
        if customer_id:
            scopes.insert(0, _customer_scope(customer_id, sku))
        for scope in scopes:
            if (scope, a, b) in self.factors:
                return self.factors[(scope, a, b)]
            if (scope, b, a) in self.factors:
                return 1 / self.factors[(scope, b, a)]
        if (a, b) in DEFINED:
            return DEFINED[(a, b)]
        return 1 / DEFINED[(b, a)] if (b, a) in DEFINED else None

    def is_customer_specific(self, sku: str | None, from_unit: str, to_unit: str,
                             customer_id: str | None) -> bool:
        scope = _customer_scope(customer_id or "", sku)
        a, b = from_unit.upper(), to_unit.upper()
        return bool(customer_id) and ((scope, a, b) in self.factors or (scope, b, a) in self.factors)


def _customer_scope(customer_id: str, sku: str | None) -> str:
    return f"{customer_id.upper()}/{(sku or '').upper()}"


def _factor(path: Path, where: str, value: object) -> Decimal:
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        number = Decimal(0)
    if not number.is_finite() or number <= 0:
        raise ConfigError(f"{path}: {where}: must be a positive number")
    return number


def _table(path: Path, scope: str, prefix: str, body: object) -> dict[Key, Decimal]:
    if not isinstance(body, dict):
        raise ConfigError(f"{path}: {prefix}: must be a table of unit = {{ unit = factor }}")
    out: dict[Key, Decimal] = {}
    for from_unit, targets in body.items():
        if not isinstance(targets, dict):
            raise ConfigError(f"{path}: {prefix}.{from_unit}: must be an inline table {{ C62 = 12 }}")
        for to_unit, value in targets.items():
            where = f"{prefix}.{from_unit}.{to_unit}"
            out[(scope.upper(), from_unit.upper(), to_unit.upper())] = _factor(path, where, value)
    return out


def parse_conversions(data: dict, path: Path) -> ConversionTable:
    """Build the table from parsed TOML; raises ConfigError naming file and key."""
    unknown = set(data) - {"generic", "sku", "customer"}
    if unknown:
        raise ConfigError(f"{path}: {sorted(unknown)[0]}: unknown key")
    factors = _table(path, "", "generic", data.get("generic", {}))
    skus = data.get("sku", {})
    if not isinstance(skus, dict):
        raise ConfigError(f"{path}: sku: must be a table of SKUs")
    for sku, body in skus.items():
        factors.update(_table(path, sku, f"sku.{sku}", body))
    customers = data.get("customer", {})
    if not isinstance(customers, dict):
        raise ConfigError(f"{path}: customer: must be a table of customers")
    for customer_id, per_sku in customers.items():
        if not isinstance(per_sku, dict):
            raise ConfigError(f"{path}: customer.{customer_id}: must be a table of SKUs")
        for sku, body in per_sku.items():
            scope = _customer_scope(customer_id, sku)
            factors.update(_table(path, scope, f"customer.{customer_id}.{sku}", body))
    return ConversionTable(factors)


def learned_units_path(data_dir: Path) -> Path:
    return data_dir / "learned_unit_conversions.csv"


def read_learned_units(path: Path) -> list[dict[str, str]]:
    """The learned rows; a row that is not a positive factor is skipped (and logged)."""
    if not path.exists():
        return []
    rows = []
    for row in csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))):
        row = {k: (row.get(k) or "").strip() for k in LEARNED_COLUMNS}
        try:
            ok = all(row.values()) and Decimal(row["factor"]) > 0
        except InvalidOperation:
            ok = False
        if not ok:
            log.error("learned_unit_conversion_invalid", path=str(path), row=row)
            continue
        rows.append(row)
    return rows


def learn_units(path: Path, rows: list[dict[str, str]], user: str) -> None:
    """Add (or replace: the latest correction wins) learned conversions; one log line each."""
    kept = read_learned_units(path)
    for new in rows:
        key = (new["customer_id"], new["sku"], new["from_unit"], new["to_unit"])
        kept = [r for r in kept if (r["customer_id"], r["sku"], r["from_unit"], r["to_unit"]) != key]
        kept.append({k: new[k] for k in LEARNED_COLUMNS})
        log.info("unit_conversion_learned", user=user, **{k: new[k] for k in LEARNED_COLUMNS})
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(LEARNED_COLUMNS)
        writer.writerows([r[k] for k in LEARNED_COLUMNS] for r in kept)
    tmp.replace(path)
    _checked.clear()  # the next read looks at the files again


def _learned_factors(path: Path | None) -> dict[Key, Decimal]:
    if path is None:
        return {}
    return {(_customer_scope(r["customer_id"], r["sku"]), r["from_unit"].upper(), r["to_unit"].upper()):
            Decimal(r["factor"]) for r in read_learned_units(path)}


def _stamp(path: Path | None) -> tuple[int, int]:
    try:
        st = path.stat() if path else None
    except FileNotFoundError:
        return (0, 0)
    return (st.st_mtime_ns, st.st_size) if st else (0, 0)


@functools.lru_cache(maxsize=4)
def _load(path: Path, _stamp: tuple[int, int], learned: Path | None, _learned_stamp: tuple[int, int]
          ) -> ConversionTable:
    factors = _learned_factors(learned)
    if _stamp == (0, 0):
        return ConversionTable(factors)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from None
    table = parse_conversions(data, path)
    for (scope, a, b) in table.factors:  # the file's word for a customer and product wins over a learned one
        factors.pop((scope, b, a), None)
    return ConversionTable({**factors, **table.factors})


CHECK_INTERVAL_S = 1.0  # how long the gateway's stages use a table before looking at its files again
_checked: dict[tuple[Path, Path | None], tuple[float, ConversionTable]] = {}


def load_conversions(path: Path, learned: Path | None = None, max_age_s: float = 0.0) -> ConversionTable:
    """The table in ``path`` with the conversions learned in ``learned`` (cached until either file
    changes); raises ConfigError when the table file is broken. A missing file means none.

    With ``max_age_s``, a table whose files were looked at less than that long ago is returned without
    looking again (two ``stat`` calls saved on each of the several reads an order makes); a conversion
    learned through ``learn_units`` is seen at once all the same."""
    now = time.monotonic()
    if max_age_s and (seen := _checked.get((path, learned))) and now - seen[0] < max_age_s:
        return seen[1]
    table = _load(path, _stamp(path), learned, _stamp(learned))
    _checked[(path, learned)] = (now, table)
    return table
