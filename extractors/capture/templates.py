"""Customer layout templates: declarative TOML files in ``mappings/templates/*.toml``.

A template says how to recognise a layout (``[match]``: texts that must all appear, of which one
must appear, regular expressions, optional senders), how to read its numbers and dates
(``[locale]``), where its header fields are (``[fields.<name>]``: labels, value to the right or
below, a value pattern or a regular expression), what its line table looks like
(``[table]``, ``[[table.columns]]``: kind and header texts; end, total and skip rows) and extra
unit words (``[units]``). Anything a template does not say is taken from the generic
dictionaries. Files are validated strictly: an unknown key or a wrong type is a ``ConfigError``
whose message names the file and the key. See ``docs`` in ``mappings/templates/README.md``.

A template belongs to a customer or a sender: it is chosen by its match rules only when it names
its senders (``match.senders``: e-mail addresses, domains, fax numbers) and the document comes from
one of them; otherwise only a partner's config (``template = "name"``) selects it. Two words in
common with a stranger's document never pick a template. The samples in
``mappings/templates/samples`` are not read by the default configuration. A template that yields
less than the generic reader on a document (``yields_less``) gives way to it.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from extractors.capture.labels import label_key
from extractors.capture.layout_spec import COLUMN_KINDS, GENERIC_SPEC, ColumnSpec, FieldSpec, LayoutSpec, TableSpec
from extractors.locale_values import DocLocale, fold, locale_for
from extractors.units import UNIT_CODES
from gateway.errors import ConfigError
from gateway.model import ExtractedOrder

TEMPLATE_FIELDS = ("po_number", "order_date", "requested_delivery_date", "currency")
SCHEMA: dict[str, Any] = {
    "name": str, "description": str, "priority": int,
    "match": {"all": [str], "any": [str], "regex": [str], "senders": [str]},
    "locale": {"name": str, "decimal": str, "thousands": [str], "date_order": str, "language": str},
    "fields": {f: {"labels": [str], "where": [str], "pattern": str, "regex": [str], "max_below": float}
               for f in TEMPLATE_FIELDS},
    "table": {"columns": [{"kind": str, "headers": [str]}], "end": [str], "total": [str], "skip": [str],
              "min_kinds": int},
    "units": {"*": str},
}


@dataclass(frozen=True)
class Template:
    name: str
    path: Path
    all_of: tuple[str, ...]
    any_of: tuple[str, ...]
    regex: tuple[str, ...]
    senders: tuple[str, ...]
    priority: int
    spec: LayoutSpec

    def matches(self, text: str, sender: str | None) -> bool:
        """True if the document text (and sender, when the template names senders) fit."""
        folded = label_key(text)
        if any(label_key(t) not in folded for t in self.all_of):
            return False
        if self.any_of and not any(label_key(t) in folded for t in self.any_of):
            return False
        if any(re.search(r, text) is None for r in self.regex):
            return False
        return not self.senders or _sender_matches(self.senders, sender)


def _sender_matches(senders: tuple[str, ...], sender: str | None) -> bool:
    if not sender:
        return False
    got = fold(sender)
    digits = re.sub(r"\D", "", sender)
    for s in senders:
        want = fold(s)
        if "@" in got and (got == want or got.endswith("@" + want.lstrip("@"))):
            return True
        s_digits = re.sub(r"\D", "", s)
        if len(s_digits) >= 6 and digits[-9:] == s_digits[-9:]:
            return True
    return False


def load_templates(folder: Path | None) -> list[Template]:
    """Every ``*.toml`` of ``folder`` (``mappings/templates``), most specific first.
    Raises ConfigError naming the file and key of the first fault."""
    if folder is None or not folder.is_dir():
        return []
    templates = [load_template(p) for p in sorted(folder.glob("*.toml"))]
    return sorted(templates, key=lambda t: (-t.priority, -len(t.all_of) - len(t.regex), t.name))


def load_template(path: Path) -> Template:
    """One template file, parsed once per version of the file (the layout step loads the folder
    for every reading of a document: an OCR'd fax is read four or five times)."""
    try:
        stat = path.stat()
    except OSError:
        return _load_template(path, 0, -1)
    return _load_template(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=256)
def _load_template(path: Path, mtime_ns: int, size: int) -> Template:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}", code="TEMPLATE-INVALID", file=str(path)) from exc
    _check(data, SCHEMA, path, "")
    match = data.get("match", {})
    for regex in match.get("regex", []) + [r for f in data.get("fields", {}).values() for r in f.get("regex", [])]:
        _compile(regex, path)
    name = data.get("name", path.stem)
    return Template(name, path, tuple(match.get("all", [])), tuple(match.get("any", [])),
                    tuple(match.get("regex", [])), tuple(match.get("senders", [])), data.get("priority", 0),
                    _spec(name, data, path))


def _check(data: Any, schema: Any, path: Path, where: str) -> None:
    if isinstance(schema, dict):
        if not isinstance(data, dict):
            _fail(path, where, "must be a table")
        for key, value in data.items():
            sub = schema.get(key, schema.get("*"))
            if sub is None:
                _fail(path, f"{where}{key}", "unknown key")
            _check(value, sub, path, f"{where}{key}.")
    elif isinstance(schema, list):
        if not isinstance(data, list):
            _fail(path, where, "must be a list")
        for i, item in enumerate(data):
            _check(item, schema[0], path, f"{where.rstrip('.')}[{i}].")
    elif schema is float:
        if not isinstance(data, (int, float)) or isinstance(data, bool):
            _fail(path, where, "must be a number")
    elif not isinstance(data, schema) or isinstance(data, bool) and schema is not bool:
        _fail(path, where, f"must be {schema.__name__}")


def _fail(path: Path, where: str, reason: str) -> None:
    key = where.rstrip(".") or "(top)"
    raise ConfigError(f"{path}: {key}: {reason}", code="TEMPLATE-INVALID", file=str(path), key=key)


def _compile(regex: str, path: Path) -> None:
    try:
        re.compile(regex)
    except re.error as exc:
        raise ConfigError(f"{path}: regex {regex!r}: {exc}", code="TEMPLATE-INVALID", file=str(path)) from exc


def _spec(name: str, data: dict[str, Any], path: Path) -> LayoutSpec:
    fields = dict(GENERIC_SPEC.fields)
    for fname, fdata in data.get("fields", {}).items():
        base = fields.get(fname, FieldSpec(fname))
        where = tuple(fdata.get("where", base.where))
        if not set(where) <= {"right", "below"}:
            _fail(path, f"fields.{fname}.where", "must list 'right' and/or 'below'")
        if "pattern" in fdata:
            _compile(fdata["pattern"], path)
        fields[fname] = replace(base, labels=tuple(fdata.get("labels", base.labels)), where=where,
                                pattern=fdata.get("pattern", base.pattern), regex=tuple(fdata.get("regex", ())),
                                max_below=float(fdata.get("max_below", base.max_below)))
    return LayoutSpec(name=name, fields=MappingProxyType(fields), table=_table(data.get("table", {}), path),
                      locale=_locale(data.get("locale"), path), language=data.get("locale", {}).get("language"),
                      units=MappingProxyType({fold(k): v for k, v in data.get("units", {}).items()}),
                      strength=1.0)


def _table(tdata: dict[str, Any], path: Path) -> TableSpec:
    base = GENERIC_SPEC.table
    columns = base.columns
    if "columns" in tdata:
        for i, col in enumerate(tdata["columns"]):
            if col.get("kind") not in COLUMN_KINDS:
                _fail(path, f"table.columns[{i}].kind", f"must be one of {', '.join(COLUMN_KINDS)}")
            if not col.get("headers"):
                _fail(path, f"table.columns[{i}].headers", "must name at least one header text")
        columns = tuple(ColumnSpec(c["kind"], tuple(c["headers"])) for c in tdata["columns"])
    total = tuple(tdata.get("total", base.total))
    return TableSpec(columns, tuple(tdata.get("end", base.end)) + total, total,
                     tuple(tdata.get("skip", base.skip)), int(tdata.get("min_kinds", base.min_kinds)))


def _locale(ldata: dict[str, Any] | None, path: Path) -> DocLocale | None:
    if not ldata:
        return None
    base = locale_for(ldata.get("name", "en"))
    order = ldata.get("date_order", base.date_order)
    if order not in ("dmy", "mdy", "ymd"):
        _fail(path, "locale.date_order", "must be dmy, mdy or ymd")
    decimal = ldata.get("decimal", base.decimal)
    if decimal not in (",", "."):
        _fail(path, "locale.decimal", "must be ',' or '.'")
    return DocLocale(decimal, tuple(ldata.get("thousands", base.thousands)), order, guessed=False)


def choose_template(templates: list[Template], text: str, sender: str | None,
                    forced: str | None, folder: Path | None = None) -> Template | None:
    """The template to read a document with: the one the partner config forces, else the first
    that names its senders and whose match rules (sender included) fit. Raises ConfigError for a
    forced name that no file defines, naming the templates ``folder`` the gateway passed."""
    if forced:
        for t in templates:
            if t.name == forced:
                return t
        where = str(folder) if folder is not None else "any templates folder (none is configured)"
        raise ConfigError(f"template {forced!r} is not defined in {where}", code="TEMPLATE-UNKNOWN")
    return next((t for t in templates if t.senders and t.matches(text, sender)), None)


def order_yield(order: ExtractedOrder) -> tuple[int, int]:
    """How much an order read gives: header fields found (PO, dates, currency) and lines with a
    quantity and an item."""
    header = sum(value is not None for value in (order.po_number, order.order_date,
                                                  order.requested_delivery_date, order.currency))
    lines = sum(1 for line in order.lines if line.quantity is not None
                and (line.customer_item or line.supplier_item or line.gtin))
    return lines, header


def yields_less(template_order: ExtractedOrder, generic_order: ExtractedOrder) -> bool:
    """True when the template read fewer usable lines than the generic reader, or as many lines and
    fewer header fields, or no PO number where the generic one found one."""
    if template_order.po_number is None and generic_order.po_number is not None:
        return True
    return order_yield(template_order) < order_yield(generic_order)


def known_units(spec: LayoutSpec) -> dict[str, str]:
    """The unit words of the generic table plus the template's own."""
    return {**UNIT_CODES, **spec.units}
