"""openTRANS 2.1 (BME, Fraunhofer IAO): ORDER and ORDERCHANGE become orders, the rest is classified.

Owns reading ``ORDER`` (``ORDER_HEADER/ORDER_INFO``, ``ORDER_ITEM_LIST``, ``ORDER_SUMMARY``) and
``ORDERCHANGE`` (same shape, ``ORDERCHANGE_HEADER/ORDERCHANGE_INFO``; ``ORDER_ID`` names the order being
changed) into an ``ExtractedOrder``. ``DISPATCHNOTIFICATION``, ``QUOTATION``, ``ORDERRESPONSE``, ``RFQ``,
``RECEIPTACKNOWLEDGEMENT`` -> ``DocType.OTHER``; ``INVOICE`` / ``INVOICELIST`` -> ``INVOICE``.

Elements are matched by local name, so the bmecat-namespaced children (``bmecat:CURRENCY``,
``bmecat:PARTY_ID``...) and openTRANS 1.0 files without namespaces read alike. User-defined extensions
(``HEADER_UDX``, ``ITEM_UDX``) are partner-specific and ignored. ``PARTY_ID`` types map to ``Party.ids``
keys ``gln`` (gln, iln), ``duns``, ``buyer_assigned`` (buyer_specific), ``supplier_assigned``
(supplier_specific), else ``party_id:<type>``. ``sender_hints`` carries the buyer's ``gln`` / ``duns``.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from extractors.base import ExtractHints
from extractors.xml.terms_elements import opentrans_terms
from extractors.xml.order_checks import count_finding, line_notes, window_findings
from extractors.xml.xmlsafe import (
    ValueReader, all_texts, children, find, find_all, first_text, line_number, local, parse_xml, sniff_root,
)
from gateway.errors import ExtractionError
from extractors.pricing import price_values
from gateway.model import Allowance, DocType, Extraction, ExtractedLine, ExtractedOrder, OrderKind, Party, Problem

OPENTRANS_NAMESPACE_PREFIX = "http://www.opentrans.org/XMLSchema/"
_ORDERS: dict[str, tuple[OrderKind, DocType]] = {
    "ORDER": (OrderKind.NEW, DocType.ORDER),
    "ORDERCHANGE": (OrderKind.CHANGE, DocType.ORDER_CHANGE),
}
_CLASSIFIED: dict[str, DocType] = {
    "DISPATCHNOTIFICATION": DocType.OTHER,
    "QUOTATION": DocType.OTHER,
    "ORDERRESPONSE": DocType.OTHER,
    "RFQ": DocType.OTHER,
    "RECEIPTACKNOWLEDGEMENT": DocType.OTHER,
    "REMITTANCEADVICE": DocType.OTHER,
    "INVOICE": DocType.INVOICE,
    "INVOICELIST": DocType.INVOICE,
}
_ROLES = {"buyer": "buyer", "delivery": "ship_to", "supplier": "supplier", "invoice_recipient": "invoice_to"}
_ID_KEYS = {"gln": "gln", "iln": "gln", "duns": "duns", "buyer_specific": "buyer_assigned",
            "supplier_specific": "supplier_assigned"}
_GTIN_TYPES = frozenset({"gtin", "ean"})


class OpenTransExtractor:
    """openTRANS documents, recognised by the openTRANS namespace or an openTRANS root with its header."""

    name = "opentrans"
    heavy = False

    def detect(self, head: bytes, filename: str | None, content_type: str | None) -> float:
        root = sniff_root(head)
        if root is None or (root.local not in _ORDERS and root.local not in _CLASSIFIED):
            return 0.0
        if (root.namespace or "").startswith(OPENTRANS_NAMESPACE_PREFIX):
            return 0.95
        return 0.6 if f"<{root.local}_HEADER".encode() in head else 0.0

    def extract(self, data: bytes, hints: ExtractHints) -> Extraction:
        """Read one openTRANS document. Raises ``ExtractionError`` ``OPENTRANS-ROOT`` for other XML and
        ``OPENTRANS-STRUCTURE`` for an order without its header, besides the ``parse_xml`` errors."""
        root = parse_xml(data, hints.limits)
        name = local(root)
        if name not in _ORDERS and name not in _CLASSIFIED:
            raise ExtractionError("not an openTRANS document: unknown root element", code="OPENTRANS-ROOT")
        reader = ValueReader("OPENTRANS-VALUE")
        orders = [_read_order(root, name, reader)] if name in _ORDERS else []
        doc_type = _ORDERS[name][1] if name in _ORDERS else _CLASSIFIED[name]
        version = root.get("version")
        return Extraction(
            format=self.name, doc_type=doc_type,
            detail=f"openTRANS {name} {version}" if version else f"openTRANS {name}",
            orders=orders, problems=reader.problems, sender_hints=_sender_hints(orders, root),
        )


EXTRACTOR = OpenTransExtractor()


def _sender_hints(orders: list[ExtractedOrder], root: etree._Element) -> dict[str, str]:
    """The buyer's GLN or DUNS, and for a partner's ``opentrans_ids`` in config every PARTY_ID of the buyer
    as written ("iln:4012345000009", "buyer_specific:K-17", one a line, ``opentrans_buyer``) and the bare
    values of its global ids only (GLN/ILN, DUNS: ``opentrans_buyer_id``): a buyer's or supplier's own
    number ("buyer_specific" 100) is every buyer's to write and never matches a bare value."""
    buyer = orders[0].party("buyer") if orders else None
    if buyer is None:
        return {}
    hints = {key: buyer.ids[key] for key in ("gln", "duns") if key in buyer.ids}
    party = next((p for p in root.iter("{*}PARTY") if _role(p) == "buyer"), None)
    written, bare = [], []
    for element in children(party, "PARTY_ID") if party is not None else []:
        value = (first_text(element, "") or "").strip()
        kind = (element.get("type") or "").strip().lower()
        if not value:
            continue
        written.append(f"{kind}:{value}")
        if _ID_KEYS.get(kind) in ("gln", "duns"):
            bare.append(value)
    if written:
        hints["opentrans_buyer"] = "\n".join(written)
    if bare:
        hints["opentrans_buyer_id"] = "\n".join(bare)
    return hints


# --- the order --------------------------------------------------------------------------------


def _read_order(root: etree._Element, name: str, reader: ValueReader) -> ExtractedOrder:
    info = find(root, f"{name}_HEADER/{name}_INFO")
    if info is None:
        raise ExtractionError(f"{name} without {name}_HEADER/{name}_INFO", code="OPENTRANS-STRUCTURE")
    kind = _ORDERS[name][0]
    items = find_all(root, "ORDER_ITEM_LIST/ORDER_ITEM")
    notes, problems = _windows(info, items)
    problems += count_finding(first_text(root, "ORDER_SUMMARY/TOTAL_ITEM_NUM"), len(items), "TOTAL_ITEM_NUM")
    lines = [_read_line(item, position, reader) for position, item in enumerate(items, start=1)]
    return ExtractedOrder(
        kind=kind,
        po_number=first_text(info, "ORDER_ID"),
        order_date=reader.date(first_text(info, f"{name}_DATE") or first_text(info, "ORDER_DATE"), "order date"),
        requested_delivery_date=reader.date(_delivery_date(info), "DELIVERY_DATE"),
        currency=first_text(info, "CURRENCY"),
        parties=[_read_party(party) for party in find_all(info, "PARTIES/PARTY") if _role(party)],
        lines=lines,
        total=reader.decimal(first_text(root, "ORDER_SUMMARY/TOTAL_AMOUNT"), "TOTAL_AMOUNT"),
        notes=all_texts(info, "REMARKS") + notes
        + line_notes([(line, all_texts(item, "REMARKS")) for line, item in zip(lines, items)]),
        problems=problems,
        priority_codes=["express"] if (root.get("type") or "").strip().lower() == "express" else [],
        payment_terms=opentrans_terms(info),
        references=_references(root, info, kind),
        message_ref=first_text(info, "ORDER_ID"),
        language=first_text(info, "LANGUAGE"),
    )


def _windows(info: etree._Element, items: list[etree._Element]) -> tuple[list[str], list[Problem]]:
    """Notes and holds for the header's and each line's delivery window (``extractors.xml.order_checks``)."""
    notes: list[str] = []
    problems: list[Problem] = []
    for where, container in [("DELIVERY_DATE", info), *((f"line {n} DELIVERY_DATE", item)
                                                        for n, item in enumerate(items, start=1))]:
        found = window_findings(where, first_text(container, "DELIVERY_DATE/DELIVERY_START_DATE"),
                                first_text(container, "DELIVERY_DATE/DELIVERY_END_DATE"))
        notes += found[0]
        problems += found[1]
    return notes, problems


def _delivery_date(container: etree._Element | None) -> str | None:
    return first_text(container, "DELIVERY_DATE/DELIVERY_START_DATE") or first_text(
        container, "DELIVERY_DATE/DELIVERY_END_DATE")


def _references(root: etree._Element, info: etree._Element, kind: OrderKind) -> dict[str, str]:
    sources = {
        "quotation": (root, f"{local(root)}_HEADER/SOURCING_INFO/QUOTATION_ID"),
        "contract": (root, f"{local(root)}_HEADER/SOURCING_INFO/AGREEMENT/AGREEMENT_ID"),
        "catalog": (root, f"{local(root)}_HEADER/SOURCING_INFO/CATALOG_REFERENCE/CATALOG_ID"),
        "customer_order": (info, "CUSTOMER_ORDER_REFERENCE/ORDER_ID"),
        "supplier_order": (info, "SUPPLIER_ORDER_ID"),
        "sequence": (info, "ORDERCHANGE_SEQUENCE_ID"),
    }
    references = {key: value for key, (base, path) in sources.items() if (value := first_text(base, path))}
    if first_text(root, "ORDER_SUMMARY/TOTAL_AMOUNT"):
        references["total_basis"] = "net"  # openTRANS TOTAL_AMOUNT is the sum of the items' net amounts
    if kind is OrderKind.CHANGE and first_text(info, "ORDER_ID"):
        references["original_order"] = first_text(info, "ORDER_ID") or ""
    return references


def _role(party: etree._Element) -> str | None:
    return _ROLES.get((first_text(party, "PARTY_ROLE") or "").lower())


def _read_party(party: etree._Element) -> Party:
    address = find(party, "ADDRESS")
    ids: dict[str, str] = {}
    for element in children(party, "PARTY_ID"):
        value = first_text(element, "")
        written_type = (element.get("type") or "").strip()
        if value:
            key = _ID_KEYS.get(written_type.lower()) or (f"party_id:{written_type}" if written_type else "party_id")
            ids.setdefault(key, value)
    email = first_text(address, "EMAIL")
    if email and "@" in email:
        ids["email"] = email
    return Party(
        role=_role(party),  # type: ignore[arg-type]
        ids=ids, name=first_text(address, "NAME"), street=first_text(address, "STREET"),
        city=first_text(address, "CITY"), postcode=first_text(address, "ZIP"),
        country=first_text(address, "COUNTRY_CODED") or first_text(address, "COUNTRY"),
    )


# --- lines ------------------------------------------------------------------------------------


def _read_line(item: etree._Element, position: int, reader: ValueReader) -> ExtractedLine:
    where = f"line {position}"
    product = find(item, "PRODUCT_ID")
    price = find(item, "PRODUCT_PRICE_FIX")
    values: dict[str, Any] = {
        "line_no": line_number(first_text(item, "LINE_ITEM_ID")) or position,
        "supplier_item": first_text(product, "SUPPLIER_PID"),
        "customer_item": first_text(product, "BUYER_PID"),
        "gtin": _gtin(product), "item_ids": _item_ids(product),
        "description": first_text(product, "DESCRIPTION_SHORT") or first_text(product, "DESCRIPTION_LONG"),
        "quantity": reader.decimal(first_text(item, "QUANTITY"), f"{where} QUANTITY"),
        "uom": first_text(item, "ORDER_UNIT"),
        "price_basis": reader.decimal(first_text(price, "PRICE_QUANTITY"), f"{where} PRICE_QUANTITY"),
        "amount": reader.decimal(first_text(item, "PRICE_LINE_AMOUNT"), f"{where} PRICE_LINE_AMOUNT"),
        "requested_date": reader.date(_delivery_date(item), f"{where} DELIVERY_DATE"),
    }
    amount = reader.decimal(first_text(price, "PRICE_AMOUNT"), f"{where} PRICE_AMOUNT")
    allowances = [_allowance(e, reader, where) for e in find_all(price, "ALLOW_OR_CHARGES_FIX/ALLOW_OR_CHARGE")]
    allowances = [a for a in allowances if a is not None]
    values["gross_price" if allowances else "unit_price"], values["allowances"] = amount, allowances
    price_values(values, [])
    return ExtractedLine(**values)


def _allowance(element: etree._Element, reader: ValueReader, where: str) -> Allowance | None:
    """ALLOW_OR_CHARGE on the price: a percentage (AOC_PERCENTAGE_FACTOR; below 1 read as a factor) or an
    amount per unit (AOC_MONETARY_AMOUNT); free units (AOC_ORDER_UNITS_COUNT) change no price."""
    factor = reader.decimal(first_text(element, "ALLOW_OR_CHARGE_VALUE/AOC_PERCENTAGE_FACTOR"), f"{where} AOC")
    money = reader.decimal(first_text(element, "ALLOW_OR_CHARGE_VALUE/AOC_MONETARY_AMOUNT"), f"{where} AOC")
    if factor is None and money is None:
        return None
    sequence = first_text(element, "ALLOW_OR_CHARGE_SEQUENCE") or ""
    return Allowance(
        kind="charge" if (element.get("type") or "").strip().lower() == "surcharge" else "allowance",
        code=first_text(element, "ALLOW_OR_CHARGE_TYPE"),
        description=first_text(element, "ALLOW_OR_CHARGE_NAME") or first_text(element, "ALLOW_OR_CHARGE_DESCR"),
        percent=factor * 100 if factor is not None and 0 < factor < 1 else factor,
        per_unit=money if factor is None else None,
        sequence=int(sequence) if sequence.isdecimal() else None)


def _item_ids(product: etree._Element | None) -> dict[str, str]:
    """SUPPLIER_PID, BUYER_PID and INTERNATIONAL_PID by their element name and type."""
    ids: dict[str, str] = {}
    for name in ("SUPPLIER_PID", "BUYER_PID", "INTERNATIONAL_PID", "MANUFACTURER_PID"):
        for element in children(product, name):
            value = first_text(element, "")
            kind = (element.get("type") or "").strip()
            if value:
                ids.setdefault(f"{name}:{kind}" if kind else name, value)
    return ids


def _gtin(product: etree._Element | None) -> str | None:
    for element in children(product, "INTERNATIONAL_PID"):
        if (element.get("type") or "").strip().lower() in _GTIN_TYPES:
            return first_text(element, "")
    return None
