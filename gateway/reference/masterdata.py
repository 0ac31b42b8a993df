"""Master data from the ERP: customers, products and customer item cross-references.

The ERP exports three CSV files into a folder named in the config (``customers.csv``,
``products.csv``, ``item_xref.csv``); column names can be mapped to the ERP's own. The files are
re-read when they change (checked at most once a second), so IT can drop a new extract at any time.
A broken extract keeps the previous good one in force and is reported.

This module answers: which customer sent this (by GLN, DUNS, X12 id, e-mail address or domain, fax
number), what our SKU is for a customer's item code or a GTIN, and what the price list says.
"""

from __future__ import annotations

import csv
import io
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import structlog

from gateway.reference.phone import in_table, incoming_forms, national_keys, stored_forms, tail_key

log = structlog.get_logger(__name__)

CUSTOMER_COLUMNS = (
    "customer_id", "name", "country", "currency", "gln", "duns", "x12_id", "email_domain",
    "sender_emails", "fax", "street", "city", "postcode", "language",
)
OPTIONAL_CUSTOMER_COLUMNS = ("tier", "territory", "credit_block", "timezone", "review_threshold", "payment_terms")
PRODUCT_COLUMNS = ("sku", "gtin", "description", "uom", "unit_price")
OPTIONAL_PRODUCT_COLUMNS = ("product_line", "orderable", "customers", "pack_size")
XREF_COLUMNS = ("customer_id", "customer_item", "sku")


@dataclass(frozen=True)
class CustomerRecord:
    customer_id: str
    name: str
    country: str = ""
    currency: str = ""
    gln: str = ""
    duns: str = ""
    x12_id: str = ""
    email_domain: str = ""
    sender_emails: tuple[str, ...] = ()
    fax: str = ""
    street: str = ""
    city: str = ""
    postcode: str = ""
    language: str = ""
    tier: str = ""
    territory: str = ""
    credit_block: bool = False
    timezone: str = ""
    review_threshold: float | None = None
    payment_terms: str = ""  # as the ERP writes them: "net 30", "2/10 net 30", "30 Tage netto"


@dataclass(frozen=True)
class ProductRecord:
    sku: str
    gtin: str = ""
    description: str = ""
    uom: str = ""
    unit_price: Decimal | None = None
    product_line: str = ""
    orderable: bool = True
    pack_size: Decimal | None = None  # pieces in one sales unit (a box of 12: 12), when the ERP says


@dataclass
class MasterData:
    """One consistent snapshot of the three files, with the lookup indexes built once."""

    customers: dict[str, CustomerRecord] = field(default_factory=dict)
    products: dict[str, ProductRecord] = field(default_factory=dict)
    xref: dict[tuple[str, str], str] = field(default_factory=dict)  # (customer_id, item) -> sku
    _index: dict[tuple[str, str], str] = field(default_factory=dict)  # (kind, value) -> customer
    _by_gtin: dict[str, str] = field(default_factory=dict)
    _fax: dict[tuple[str, str], set[str]] = field(default_factory=dict)  # ("intl"|"national", digits) -> customers

    def __post_init__(self) -> None:
        for c in self.customers.values():
            self._add("gln", c.gln, c.customer_id)
            self._add("duns", c.duns, c.customer_id)
            self._add("x12", c.x12_id, c.customer_id)
            self._add("domain", c.email_domain, c.customer_id)
            self._add_fax(c)
            for email in c.sender_emails:
                self._add("email", email, c.customer_id)
        for p in self.products.values():
            if p.gtin:
                self._by_gtin[normalize_gtin(p.gtin)] = p.sku

    def _add(self, kind: str, value: str, customer_id: str) -> None:
        key = normalize_key(kind, value)
        if key:
            self._index[(kind, key)] = customer_id

    def _add_fax(self, c: CustomerRecord) -> None:
        forms = stored_forms(c.fax, c.country)
        keys = [("intl", forms.international)] + [("national", k) for k in national_keys(forms)]
        if not in_table(c.country):  # a country whose calling code is not known: its number's tail too
            keys.append(("tail", tail_key(c.fax)))
        for key in keys:
            if key[1]:
                self._fax.setdefault(key, set()).add(c.customer_id)

    def customers_by_fax(self, value: str | None) -> set[str]:
        """The customers whose number on file ``value`` is: the same international digits, or, for
        a number in national format, the same national digits in the customer's country."""
        intl, national = incoming_forms(value)
        hits = set(self._fax.get(("intl", intl), set())) if intl else set()
        if national:
            hits |= self._fax.get(("national", national), set())
        if not hits:  # a customer of a country missing from CALLING_CODES, by the last nine digits
            hits = set(self._fax.get(("tail", tail_key(value)), set()))
        return hits

    def find_customer(self, kind: str, value: str | None) -> CustomerRecord | None:
        """Look a customer up by one kind of identifier: gln, duns, x12, email, domain, fax, id."""
        if not value:
            return None
        if kind == "id":
            return self.customers.get(value.strip())
        if kind == "fax":  # never one of two customers the number could be
            hits = self.customers_by_fax(value)
            return self.customers.get(next(iter(hits))) if len(hits) == 1 else None
        if kind == "email":
            key = normalize_key("email", value)
            hit = self._index.get(("email", key))
            if hit is None and "@" in key:
                hit = self._index.get(("domain", key.rsplit("@", 1)[1]))
            return self.customers.get(hit) if hit else None
        hit = self._index.get((kind, normalize_key(kind, value)))
        return self.customers.get(hit) if hit else None

    def sku_for_gtin(self, gtin: str | None) -> str | None:
        return self._by_gtin.get(normalize_gtin(gtin)) if gtin else None

    def sku_for_customer_item(self, customer_id: str | None, item: str | None) -> str | None:
        if not customer_id or not item:
            return None
        return self.xref.get((customer_id, item.strip()))


def normalize_gtin(value: str | None) -> str:
    digits = re.sub(r"\D", "", value or "")
    return digits.lstrip("0")


def normalize_fax(value: str) -> str:
    """Digits only, compared on the last nine so +33 1 23.. and 01 23.. match."""
    digits = re.sub(r"\D", "", value)
    return digits[-9:] if len(digits) >= 9 else digits


def normalize_key(kind: str, value: str | None) -> str:
    if not value:
        return ""
    value = value.strip()
    if kind == "fax":
        return normalize_fax(value)
    if kind in ("gln", "duns"):
        return re.sub(r"\D", "", value).lstrip("0")
    if kind == "x12":
        return value.upper().split(":")[-1].strip()
    return value.lower()


# --- loading ----------------------------------------------------------------------------------


class MasterDataError(ValueError):
    code = "MASTERDATA"


def _rows(path: Path, wanted: tuple[str, ...], optional: tuple[str, ...],
          columns: dict[str, str]) -> list[dict[str, str]]:
    text = path.read_bytes().decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text), delimiter=_sniff_delimiter(text))
    header = set(reader.fieldnames or [])
    names = {key: columns.get(key, key) for key in wanted + optional}
    missing = [names[k] for k in wanted if names[k] not in header and k in ("customer_id", "sku")]
    if missing:
        raise MasterDataError(f"{path}: missing column(s) {', '.join(missing)}")
    return [{k: (row.get(names[k]) or "").strip() for k in wanted + optional} for row in reader]


def _sniff_delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    return max((",", ";", "\t", "|"), key=first.count)


def _decimal(value: str) -> Decimal | None:
    try:
        return Decimal(value.replace(",", ".")) if value else None
    except InvalidOperation:
        return None


def _pack_size(value: str) -> Decimal | None:
    number = _decimal(value)
    return number if number is not None and number.is_finite() and number > 0 else None


def _truthy(value: str) -> bool:
    return value.strip().lower() in ("1", "true", "yes", "y", "x", "oui", "ja")


def load_master_data(folder: Path, columns: dict[str, dict[str, str]] | None = None,
                     learned: Path | None = None) -> MasterData:
    """Read the three CSV files of ``folder`` (and the reviewers' learned cross-references).

    Raises MasterDataError naming file and column."""
    columns = columns or {}
    customers: dict[str, CustomerRecord] = {}
    for row in _rows(folder / "customers.csv", CUSTOMER_COLUMNS, OPTIONAL_CUSTOMER_COLUMNS,
                     columns.get("customers", {})):
        if not row["customer_id"]:
            continue
        customers[row["customer_id"]] = CustomerRecord(
            **{k: row[k] for k in CUSTOMER_COLUMNS if k not in ("sender_emails",)},
            sender_emails=tuple(e.strip() for e in row["sender_emails"].split(";") if e.strip()),
            tier=row["tier"], territory=row["territory"], credit_block=_truthy(row["credit_block"]),
            timezone=row["timezone"],
            review_threshold=float(row["review_threshold"]) if row["review_threshold"] else None,
            payment_terms=row["payment_terms"],
        )
    products: dict[str, ProductRecord] = {}
    for row in _rows(folder / "products.csv", PRODUCT_COLUMNS, OPTIONAL_PRODUCT_COLUMNS,
                     columns.get("products", {})):
        if row["sku"]:
            products[row["sku"]] = ProductRecord(
                sku=row["sku"], gtin=row["gtin"], description=row["description"], uom=row["uom"],
                unit_price=_decimal(row["unit_price"]), product_line=row["product_line"],
                orderable=not row["orderable"] or _truthy(row["orderable"]),
                pack_size=_pack_size(row["pack_size"]),
            )
    xref: dict[tuple[str, str], str] = {}
    xref_path = folder / "item_xref.csv"
    if xref_path.exists():
        for row in _rows(xref_path, XREF_COLUMNS, (), columns.get("item_xref", {})):
            if row["customer_id"] and row["customer_item"] and row["sku"]:
                xref[(row["customer_id"], row["customer_item"])] = row["sku"]
    if learned is not None and learned.exists():
        for row in _rows(learned, XREF_COLUMNS, (), {}):  # the ERP extract wins over what was learned
            if row["customer_id"] and row["customer_item"] and row["sku"]:
                xref.setdefault((row["customer_id"], row["customer_item"]), row["sku"])
    return MasterData(customers=customers, products=products, xref=xref)


def _describe(folder: Path, exc: Exception) -> str:
    """The failure naming its file: MasterDataError names it already, an OSError has it as filename."""
    if isinstance(exc, MasterDataError):
        return str(exc)
    if isinstance(exc, OSError):
        return f"{exc.filename or folder}: {exc.strerror or exc}"
    return f"{folder}: {type(exc).__name__}: {exc}"


class MasterDataSource:
    """Holds the current snapshot and reloads it when a file's mtime or size changes."""

    FILES = ("customers.csv", "products.csv", "item_xref.csv")

    def __init__(self, folder: Path, columns: dict[str, dict[str, str]] | None = None,
                 check_interval: float = 1.0, learned: Path | None = None,
                 checks: Callable[[MasterData], list[str]] | None = None) -> None:
        self.folder = folder
        self.checks = checks  # values the stages cannot read ("payment_terms"), reported at each load
        self.learned = learned
        self.columns = columns or {}
        self.check_interval = check_interval
        self._stamp: tuple = ()
        self._checked = 0.0
        self._data = MasterData()
        self.error: str | None = None  # why the last reload failed (file and problem), None when it did not
        self.reload()

    def _current_stamp(self) -> tuple:
        stamps = []
        paths = [self.folder / name for name in self.FILES] + ([self.learned] if self.learned else [])
        for path in paths:
            try:
                st = path.stat()
                stamps.append((str(path), st.st_mtime_ns, st.st_size))
            except FileNotFoundError:
                stamps.append((str(path), 0, 0))
        return tuple(stamps)

    def reload(self) -> bool:
        """Re-read the files; keeps the last good snapshot if the new one is broken."""
        stamp = self._current_stamp()
        try:
            self._data = load_master_data(self.folder, self.columns, self.learned)
        except (OSError, MasterDataError, ValueError) as exc:
            self.error = _describe(self.folder, exc)
            log.error("master_data_invalid", folder=str(self.folder), error=self.error)
            self._stamp = stamp
            return False
        self._stamp = stamp
        self.error = None
        log.info("master_data_loaded", customers=len(self._data.customers),
                 products=len(self._data.products), xref=len(self._data.xref))
        for problem in self.checks(self._data) if self.checks else ():
            log.warning("master_data_value_unreadable", problem=problem)
        return True

    def current(self) -> MasterData:
        now = time.monotonic()
        if now - self._checked >= self.check_interval:
            self._checked = now
            if self._current_stamp() != self._stamp:
                self.reload()
        return self._data


def append_learned_xref(path: Path, customer_id: str, customer_item: str, sku: str) -> None:
    """Record a reviewer's item-code correction as a cross-reference for next time."""
    new = not path.exists()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        if new:
            writer.writerow(XREF_COLUMNS)
        writer.writerow((customer_id, customer_item, sku))
