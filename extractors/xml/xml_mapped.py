"""Any other XML order format, read through declarative XPath maps in ``mappings/xpath/*.toml``.

Owns loading and strictly validating map files (``load_maps``; an unknown key, a wrong type or an
XPath that does not compile raises ``ConfigError`` ``XMAP-CONFIG`` reading ``file: key: reason``),
choosing the map for a document and reading the document with it. ``mappings/xpath/README.md``
describes the file format for the people who write maps.

``detect`` only sees the head bytes, so a map must name its root element (and may name its namespace);
the optional ``[match] xpath`` condition is checked in ``extract``, where a document no map accepts
raises ``ExtractionError`` ``XMAP-NO-MATCH``. The extraction's ``format`` is ``xml:<map name>`` and its
``sender_hints`` carry ``xml_map`` (the map name) plus the buyer's ``gln`` / ``email`` when mapped.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from lxml import etree

from extractors.base import ExtractHints
from extractors.xml.xmlsafe import ValueReader, clean, element_text, line_number, local, namespace, parse_xml, sniff_root
from gateway.errors import ConfigError, ExtractionError
from gateway.model import DocType, Extraction, ExtractedLine, ExtractedOrder, OrderKind, Party

DEFAULT_MAPPINGS_DIR = Path(__file__).resolve().parents[2] / "mappings"

_TOP_KEYS = frozenset({"name", "description", "doc_type", "match", "namespaces", "order", "lines"})
_MATCH_KEYS = frozenset({"root", "namespace", "xpath"})
_ORDER_FIELDS = frozenset({"po_number", "order_date", "requested_delivery_date", "currency", "total", "notes",
                           "message_ref", "language"})
_PARTY_ROLES = {"buyer": "buyer", "ship_to": "ship_to", "supplier": "supplier", "invoice_to": "invoice_to"}
_PARTY_FIELDS = frozenset({"name", "street", "city", "postcode", "country"})
_LINE_FIELDS = frozenset({"line_no", "customer_item", "supplier_item", "gtin", "description", "quantity", "uom",
                          "unit_price", "price_basis", "amount", "requested_date"})
_TRANSFORM_KEYS = frozenset({"decimal_comma", "date_format"})
_KINDS = {DocType.ORDER: OrderKind.NEW, DocType.ORDER_CHANGE: OrderKind.CHANGE,
          DocType.ORDER_CANCEL: OrderKind.CANCEL}
_DOC_TYPES = frozenset(DocType) - {DocType.CONTAINER}
_PREFIX = re.compile(r"[A-Za-z_][\w.\-]*")
_ORDER_DATES = ("order_date", "requested_delivery_date")
_ORDER_DECIMALS = ("total",)
_LINE_DECIMALS = ("quantity", "unit_price", "price_basis", "amount")


# --- the map model ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Transform:
    """Simple value rewriting: ``decimal_comma`` reads "1.234,5" as 1234.5; ``date_format`` is strptime's."""

    decimal_comma: bool = False
    date_format: str | None = None


@dataclass(frozen=True)
class MappedField:
    """One mapped value: XPaths tried in turn, the first non-empty result wins."""

    key: str
    paths: tuple[etree.XPath, ...]


@dataclass(frozen=True)
class PartyMap:
    role: str
    fields: dict[str, MappedField]
    ids: dict[str, MappedField]


@dataclass(frozen=True)
class XPathMap:
    """One validated map file."""

    name: str
    source: Path
    doc_type: DocType
    root: str
    namespace: str | None  # None: any namespace; "": no namespace
    condition: etree.XPath | None
    order: dict[str, MappedField] = field(default_factory=dict)
    parties: tuple[PartyMap, ...] = ()
    references: dict[str, MappedField] = field(default_factory=dict)
    order_transform: Transform = Transform()
    line_select: etree.XPath | None = None
    lines: dict[str, MappedField] = field(default_factory=dict)
    line_transform: Transform = Transform()

    def matches_root(self, root_local: str, root_namespace: str | None) -> bool:
        if root_local != self.root:
            return False
        return self.namespace is None or (root_namespace or "") == self.namespace

    def specificity(self) -> int:
        return (self.namespace is not None) + (self.condition is not None)


# --- loading and validating -----------------------------------------------------------------------


def load_maps(mappings_dir: Path) -> tuple[XPathMap, ...]:
    """Every map in ``mappings_dir / "xpath"``, sorted by file name. Raises ``ConfigError`` ``XMAP-CONFIG``."""
    folder = Path(mappings_dir) / "xpath"
    maps = tuple(load_map(path) for path in sorted(folder.glob("*.toml"))) if folder.is_dir() else ()
    seen: dict[str, Path] = {}
    for xmap in maps:
        if xmap.name in seen:
            _fail(xmap.source, "name", f"map name {xmap.name!r} already used by {seen[xmap.name].name}")
        seen[xmap.name] = xmap.source
    return maps


def load_map(path: Path) -> XPathMap:
    """One map file, validated. Raises ``ConfigError`` ``XMAP-CONFIG`` naming the file and the key."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        _fail(path, "-", f"cannot read: {exc}")
    return _MapReader(path, raw).read()


def _fail(path: Path, key: str, reason: str) -> Any:
    raise ConfigError(f"{path.name}: {key}: {reason}", code="XMAP-CONFIG", file=str(path), key=key)


class _MapReader:
    """Turns one parsed TOML document into an ``XPathMap``, refusing anything it does not know."""

    def __init__(self, path: Path, raw: dict[str, Any]) -> None:
        self.path = path
        self.raw = raw
        self.namespaces: dict[str, str] = {}

    def read(self) -> XPathMap:
        self._keys(self.raw, _TOP_KEYS, "")
        self.namespaces = self._namespaces(self.raw.get("namespaces", {}))
        match = self._table(self.raw, "match", required=True)
        self._keys(match, _MATCH_KEYS, "match.")
        doc_type = self._doc_type()
        xmap = XPathMap(
            name=self._string(self.raw, "name", "name", required=False) or self.path.stem,
            source=self.path, doc_type=doc_type,
            root=self._string(match, "root", "match.root", required=True) or "",
            namespace=self._string(match, "namespace", "match.namespace", required=False, empty_ok=True),
            condition=self._condition(match),
        )
        self._string(self.raw, "description", "description", required=False)
        if doc_type not in _KINDS:
            for key in ("order", "lines"):
                if key in self.raw:
                    self.fail(key, f"only maps with doc_type order, order_change or order_cancel read {key}")
            return xmap
        return self._with_order(xmap)

    def fail(self, key: str, reason: str) -> Any:
        return _fail(self.path, key, reason)

    def _with_order(self, xmap: XPathMap) -> XPathMap:
        order = self._table(self.raw, "order", required=True)
        lines = self._table(self.raw, "lines", required=True)
        self._keys(order, _ORDER_FIELDS | set(_PARTY_ROLES) | {"references", "transform"}, "order.")
        self._keys(lines, _LINE_FIELDS | {"select", "transform"}, "lines.")
        return replace(
            xmap,
            order=self._fields(order, _ORDER_FIELDS, "order."),
            parties=tuple(self._party(order, role) for role in _PARTY_ROLES if role in order),
            references=self._free_fields(self._table(order, "references", "order.references"), "order.references."),
            order_transform=self._transform(order, "order.transform"),
            line_select=self._xpath(self._string(lines, "select", "lines.select", required=True), "lines.select"),
            lines=self._fields(lines, _LINE_FIELDS, "lines."),
            line_transform=self._transform(lines, "lines.transform"),
        )

    def _doc_type(self) -> DocType:
        written = self._string(self.raw, "doc_type", "doc_type", required=False) or DocType.ORDER.value
        if written not in {d.value for d in _DOC_TYPES}:
            self.fail("doc_type", f"must be one of {', '.join(sorted(d.value for d in _DOC_TYPES))}")
        return DocType(written)

    def _party(self, order: dict[str, Any], role: str) -> PartyMap:
        table = self._table(order, role, f"order.{role}")
        self._keys(table, _PARTY_FIELDS | {"ids"}, f"order.{role}.")
        ids = self._free_fields(self._table(table, "ids", f"order.{role}.ids"), f"order.{role}.ids.")
        return PartyMap(role=_PARTY_ROLES[role], fields=self._fields(table, _PARTY_FIELDS, f"order.{role}."), ids=ids)

    def _transform(self, table: dict[str, Any], key: str) -> Transform:
        raw = self._table(table, "transform", key)
        self._keys(raw, _TRANSFORM_KEYS, f"{key}.")
        decimal_comma = raw.get("decimal_comma", False)
        if not isinstance(decimal_comma, bool):
            self.fail(f"{key}.decimal_comma", "must be true or false")
        return Transform(decimal_comma, self._string(raw, "date_format", f"{key}.date_format", required=False))

    def _fields(self, table: dict[str, Any], names: frozenset[str], prefix: str) -> dict[str, MappedField]:
        return {name: self._field(table[name], f"{prefix}{name}") for name in sorted(names) if name in table}

    def _free_fields(self, table: dict[str, Any], prefix: str) -> dict[str, MappedField]:
        return {name: self._field(value, f"{prefix}{name}") for name, value in table.items()}

    def _field(self, value: Any, key: str) -> MappedField:
        paths = [value] if isinstance(value, str) else value
        if not isinstance(paths, list) or not paths or not all(isinstance(p, str) and p.strip() for p in paths):
            self.fail(key, "must be an XPath string or a non-empty list of XPath strings")
        return MappedField(key=key, paths=tuple(self._xpath(path, key) for path in paths))

    def _condition(self, match: dict[str, Any]) -> etree.XPath | None:
        expression = self._string(match, "xpath", "match.xpath", required=False)
        return self._xpath(f"boolean({expression})", "match.xpath") if expression else None

    def _xpath(self, expression: str | None, key: str) -> etree.XPath:
        try:
            compiled = etree.XPath(expression or "", namespaces=self.namespaces)
            compiled(etree.Element("probe"))  # unknown prefixes and functions only show on evaluation
        except (etree.XPathSyntaxError, etree.XPathEvalError) as exc:
            self.fail(key, f"invalid XPath: {exc}")
        return compiled

    def _namespaces(self, raw: Any) -> dict[str, str]:
        if not isinstance(raw, dict):
            self.fail("namespaces", "must be a table of prefix = URI")
        for prefix, uri in raw.items():
            if not _PREFIX.fullmatch(prefix) or not isinstance(uri, str) or not uri:
                self.fail(f"namespaces.{prefix}", "must be a prefix name with a non-empty URI string")
        return dict(raw)

    def _keys(self, table: dict[str, Any], allowed: frozenset[str] | set[str], prefix: str) -> None:
        for key in table:
            if key not in allowed:
                self.fail(f"{prefix}{key}", "unknown key")

    def _table(self, table: dict[str, Any], key: str, full_key: str | None = None, *,
               required: bool = False) -> dict[str, Any]:
        value = table.get(key, None)
        if value is None and not required:
            return {}
        if not isinstance(value, dict):
            self.fail(full_key or key, "missing table" if value is None else "must be a table")
        return value

    def _string(self, table: dict[str, Any], key: str, full_key: str, *, required: bool,
                empty_ok: bool = False) -> str | None:
        value = table.get(key)
        if value is None:
            return self.fail(full_key, "required") if required else None
        if not isinstance(value, str) or (not value.strip() and not empty_ok):
            self.fail(full_key, "must be a non-empty string")
        return value.strip()


# --- the extractor ------------------------------------------------------------------------------


class XmlMappedExtractor:
    """XML read through the maps in ``<mappings_dir>/xpath``; picklable (compiled maps are a cache)."""

    name = "xml_mapped"
    heavy = False

    def __init__(self, mappings_dir: Path | None = None) -> None:
        self.mappings_dir = Path(mappings_dir) if mappings_dir is not None else DEFAULT_MAPPINGS_DIR
        self._cache: dict[Path, tuple[tuple[tuple[str, int, int], ...], tuple[XPathMap, ...]]] = {}

    def __getstate__(self) -> dict[str, Any]:
        return {"mappings_dir": self.mappings_dir}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["mappings_dir"])  # type: ignore[misc]

    def maps(self, mappings_dir: Path | None = None) -> tuple[XPathMap, ...]:
        """The maps of ``mappings_dir`` (default: this extractor's), reloaded when a file changes."""
        folder = Path(mappings_dir) if mappings_dir is not None else self.mappings_dir
        signature = _signature(folder / "xpath")
        cached = self._cache.get(folder)
        if cached is None or cached[0] != signature:
            cached = (signature, load_maps(folder))
            self._cache[folder] = cached
        return cached[1]

    def detect(self, head: bytes, filename: str | None, content_type: str | None) -> float:
        root = sniff_root(head)
        if root is None:
            return 0.0
        try:
            maps = self.maps()
        except ConfigError:
            return 0.0  # a broken map is reported by load_maps at start-up and by extract
        scores = [0.85 if xmap.namespace is not None else 0.8
                  for xmap in maps if xmap.matches_root(root.local, root.namespace)]
        return max(scores, default=0.0)

    def extract(self, data: bytes, hints: ExtractHints) -> Extraction:
        """Read ``data`` with the best matching map. Raises ``ExtractionError`` ``XMAP-NO-MATCH``,
        ``XMAP-CONFIG`` (a broken map file) or ``XMAP-XPATH``, besides the ``parse_xml`` errors."""
        root = parse_xml(data, hints.limits)
        try:
            maps = self.maps(hints.mappings_dir)
        except ConfigError as exc:
            raise ExtractionError(exc.message, code="XMAP-CONFIG", retryable=True) from None
        xmap = choose_map(maps, root, hints.template)
        if xmap is None:
            raise ExtractionError(f"no XPath map accepts a <{local(root)}> document", code="XMAP-NO-MATCH")
        return read_document(xmap, root)


EXTRACTOR = XmlMappedExtractor()


def make_extractor(mappings_dir: Path | None) -> XmlMappedExtractor:
    """The registry's factory: an extractor on the configured mappings folder, its maps validated now so
    a broken map stops start-up (``ConfigError`` ``XMAP-CONFIG``) instead of failing documents later."""
    extractor = XmlMappedExtractor(mappings_dir)
    extractor.maps()
    return extractor


def _signature(folder: Path) -> tuple[tuple[str, int, int], ...]:
    if not folder.is_dir():
        return ()
    with os.scandir(folder) as entries:
        found = [(e.name, e.stat().st_mtime_ns, e.stat().st_size) for e in entries if e.name.endswith(".toml")]
    return tuple(sorted(found))


def choose_map(maps: tuple[XPathMap, ...], root: etree._Element, template: str | None = None) -> XPathMap | None:
    """The map for this document: a matching map named ``template`` if any, else the most specific."""
    candidates = [xmap for xmap in maps if xmap.matches_root(local(root), namespace(root))
                  and (xmap.condition is None or _evaluate(xmap, xmap.condition, root, "match.xpath") is True)]
    named = [xmap for xmap in candidates if template and xmap.name == template]
    ranked = named or sorted(candidates, key=lambda xmap: -xmap.specificity())
    return ranked[0] if ranked else None


# --- reading a document with a map ------------------------------------------------------------------


def read_document(xmap: XPathMap, root: etree._Element) -> Extraction:
    """Apply ``xmap`` to a parsed document."""
    reader = ValueReader("XMAP-VALUE")
    orders = [_read_order(xmap, root, reader)] if xmap.doc_type in _KINDS else []
    hints = {"xml_map": xmap.name}
    buyer = orders[0].party("buyer") if orders else None
    for key in ("gln", "email"):
        if buyer is not None and key in buyer.ids:
            hints[key] = buyer.ids[key]
    return Extraction(
        format=f"xml:{xmap.name}", doc_type=xmap.doc_type, detail=f"XPath map {xmap.name} on <{local(root)}>",
        orders=orders, problems=reader.problems, sender_hints=hints, metadata={"map_file": xmap.source.name},
    )


def _read_order(xmap: XPathMap, root: etree._Element, reader: ValueReader) -> ExtractedOrder:
    text = {key: _text(xmap, f, root) for key, f in xmap.order.items() if key != "notes"}
    values: dict[str, Any] = {key: text.get(key) for key in ("po_number", "currency", "message_ref", "language")}
    for key in _ORDER_DATES:
        values[key] = _date(text.get(key), xmap.order_transform, key, reader)
    for key in _ORDER_DECIMALS:
        values[key] = _decimal(text.get(key), xmap.order_transform, key, reader)
    rows = _evaluate(xmap, xmap.line_select, root, "lines.select") if xmap.line_select is not None else []
    elements = [row for row in rows if isinstance(row, etree._Element)] if isinstance(rows, list) else []
    return ExtractedOrder(
        kind=_KINDS[xmap.doc_type], **values,
        notes=_texts(xmap, xmap.order["notes"], root) if "notes" in xmap.order else [],
        parties=[party for party in (_read_party(xmap, p, root) for p in xmap.parties) if party is not None],
        references={key: value for key, f in xmap.references.items() if (value := _text(xmap, f, root))},
        lines=[_read_line(xmap, row, position, reader) for position, row in enumerate(elements, start=1)],
    )


def _read_party(xmap: XPathMap, party: PartyMap, root: etree._Element) -> Party | None:
    values = {key: _text(xmap, f, root) for key, f in party.fields.items()}
    ids = {key: value for key, f in party.ids.items() if (value := _text(xmap, f, root))}
    if not ids and not any(values.values()):
        return None
    return Party(role=party.role, ids=ids, **values)  # type: ignore[arg-type]


def _read_line(xmap: XPathMap, row: etree._Element, position: int, reader: ValueReader) -> ExtractedLine:
    text = {key: _text(xmap, f, row) for key, f in xmap.lines.items()}
    where = f"line {position}"
    values: dict[str, Any] = {key: text.get(key) for key in ("customer_item", "supplier_item", "gtin",
                                                            "description", "uom")}
    for key in _LINE_DECIMALS:
        values[key] = _decimal(text.get(key), xmap.line_transform, f"{where} {key}", reader)
    values["requested_date"] = _date(text.get("requested_date"), xmap.line_transform, f"{where} requested_date",
                                     reader)
    return ExtractedLine(line_no=line_number(text.get("line_no")) or position, **values)


def _evaluate(xmap: XPathMap, path: etree.XPath, context: etree._Element, key: str) -> Any:
    try:
        return path(context)
    except etree.XPathEvalError as exc:
        raise ExtractionError(f"map {xmap.name}: {key}: XPath failed: {exc}", code="XMAP-XPATH") from None


def _text(xmap: XPathMap, mapped: MappedField, context: etree._Element) -> str | None:
    return next(iter(_texts(xmap, mapped, context)), None)


def _texts(xmap: XPathMap, mapped: MappedField, context: etree._Element) -> list[str]:
    """Every text the first productive XPath of ``mapped`` yields."""
    for path in mapped.paths:
        found = _as_texts(_evaluate(xmap, path, context, mapped.key))
        if found:
            return found
    return []


def _as_texts(result: Any) -> list[str]:
    """XPath results (node-sets, strings, numbers) as non-empty cleaned strings."""
    items = result if isinstance(result, list) else [result]
    texts = []
    for item in items:
        if isinstance(item, bool):
            continue
        if isinstance(item, etree._Element):
            value = element_text(item)
        elif isinstance(item, float):
            value = "" if item != item else (str(int(item)) if item.is_integer() else repr(item))
        else:
            value = str(item)
        cleaned = clean(value)
        if cleaned:
            texts.append(cleaned)
    return texts


def _decimal(text: str | None, transform: Transform, where: str, reader: ValueReader) -> Any:
    if text is not None and transform.decimal_comma:
        text = text.replace(".", "").replace(",", ".")
    return reader.decimal(text, where)


def _date(text: str | None, transform: Transform, where: str, reader: ValueReader) -> date | None:
    if text is None or transform.date_format is None:
        return reader.date(text, where)
    try:
        return datetime.strptime(text, transform.date_format).date()
    except ValueError:
        reader.warn(f"{where}: does not match the map's date_format")
        return None
