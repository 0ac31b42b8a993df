"""cXML: an OrderRequest becomes one order; every other cXML message is classified, not read.

Owns reading cXML 1.x documents (Ariba, Coupa, punch-out hubs) into an ``Extraction``:

* ``OrderRequest``: ``OrderRequestHeader`` (orderID, orderDate, type new/update/delete -> ``OrderKind``
  NEW/CHANGE/CANCEL, requestedDeliveryDate, Total, ShipTo, BillTo, Comments) and its ``ItemOut`` lines.
* ``PunchOutOrderMessage`` (a cart handed back from a punch-out session, not an order yet),
  ``ShipNoticeRequest``, ``ConfirmationRequest``, ``QuoteMessage``... -> ``DocType.OTHER``;
  ``InvoiceDetailRequest`` -> ``INVOICE``; ``Response`` and ``StatusUpdateRequest`` -> ``ACKNOWLEDGEMENT``.

The Header's From credential becomes ``sender_hints["cxml_from"] = "DOMAIN:identity"`` (domain upper-cased,
as cXML domains are compared case-insensitively) and a buyer ``Party``. The Sender credential's SharedSecret
is never kept nor logged: only its SHA-256 digest (``sender_hints["cxml_sender_digest"]``), which the identify
stage compares with the partner's, so that a From credential is trusted only when the secret or the channel
vouches for it. ``deploymentMode="test"`` is reported in ``metadata["deployment_mode"]``.
"""

from __future__ import annotations

import hashlib
import re

from typing import Any

from lxml import etree

from extractors.base import ExtractHints
from extractors.xml.terms_elements import cxml_terms
from extractors.xml.order_checks import line_notes
from extractors.xml.xmlsafe import (
    ValueReader, all_texts, children, clean, element_text, find, find_all, first_text, line_number, local, own_text,
    parse_xml, sniff_root,
)
from gateway.errors import ExtractionError
from extractors.pricing import price_values
from gateway.model import Allowance, DocType, Extraction, ExtractedLine, ExtractedOrder, OrderKind, Party

_KINDS: dict[str, OrderKind] = {"new": OrderKind.NEW, "update": OrderKind.CHANGE, "delete": OrderKind.CANCEL}
_DOC_TYPES: dict[OrderKind, DocType] = {
    OrderKind.NEW: DocType.ORDER, OrderKind.CHANGE: DocType.ORDER_CHANGE, OrderKind.CANCEL: DocType.ORDER_CANCEL,
}
_CLASSIFIED: dict[str, DocType] = {
    "InvoiceDetailRequest": DocType.INVOICE,
    "Response": DocType.ACKNOWLEDGEMENT,
    "StatusUpdateRequest": DocType.ACKNOWLEDGEMENT,
}
_GTIN_EXTRINSICS = frozenset({"ean", "eanid", "gtin", "upc"})
_DTD_VERSION = re.compile(r"/cXML/(\d+(?:\.\d+)+)/", re.IGNORECASE)


class CxmlExtractor:
    """cXML documents, recognised by their ``<cXML>`` root (any case) or cXML DOCTYPE."""

    name = "cxml"
    heavy = False

    def detect(self, head: bytes, filename: str | None, content_type: str | None) -> float:
        root = sniff_root(head)
        if root is None:
            return 0.0
        if root.local.lower() == "cxml":
            return 0.95
        return 0.9 if (root.doctype or "").lower() == "cxml" else 0.0

    def extract(self, data: bytes, hints: ExtractHints) -> Extraction:
        """Read one cXML document. Raises ``ExtractionError`` (``CXML-ROOT``, ``CXML-STRUCTURE``)
        besides the ``parse_xml`` errors."""
        root = parse_xml(data, hints.limits)
        if local(root).lower() != "cxml":
            raise ExtractionError("not a cXML document: the root element is not <cXML>", code="CXML-ROOT")
        payload_name, payload = _payload(root)
        reader = ValueReader("CXML-VALUE")
        orders: list[ExtractedOrder] = []
        doc_type = _CLASSIFIED.get(payload_name, DocType.OTHER)
        if payload_name == "OrderRequest" and payload is not None:
            order = _read_order(root, payload, reader)
            orders.append(order)
            doc_type = _DOC_TYPES[order.kind]
        return Extraction(
            format=self.name, doc_type=doc_type, detail=_detail(root, payload_name), orders=orders,
            problems=reader.problems, sender_hints=_sender_hints(root), metadata=_metadata(root),
        )


EXTRACTOR = CxmlExtractor()


# --- envelope -------------------------------------------------------------------------------


def _payload(root: etree._Element) -> tuple[str, etree._Element | None]:
    """The message's name (``OrderRequest``, ``Response``...) and its element."""
    response = find(root, "Response")
    if response is not None:
        return "Response", response
    for envelope in ("Request", "Message"):
        body = find(root, envelope)
        payload = next((child for child in body if local(child)), None) if body is not None else None
        if payload is not None:
            return local(payload), payload
    return "unknown", None


def _detail(root: etree._Element, payload_name: str) -> str:
    system_url = root.getroottree().docinfo.system_url or ""
    match = _DTD_VERSION.search(system_url)
    version = match.group(1) if match else root.get("version")
    return f"cXML {payload_name} {version}" if version else f"cXML {payload_name}"


def _credentials(root: etree._Element, side: str) -> list[tuple[str, str]]:
    """(DOMAIN, identity) pairs of the Header's From, To or Sender credentials; never the secret."""
    pairs = []
    for credential in find_all(root, f"Header/{side}/Credential"):
        identity = first_text(credential, "Identity")
        if identity:
            pairs.append(((credential.get("domain") or "").strip().upper(), identity))
    return pairs


def _sender_hints(root: etree._Element) -> dict[str, str]:
    """The From credential ("DUNS:987654321") and the SHA-256 digest of each Sender SharedSecret (the secret itself
    never leaves the reader: the identify stage compares digests with the partner's, ``partners[].cxml_secret_env``)."""
    senders = _credentials(root, "From")
    hints = {"cxml_from": f"{senders[0][0]}:{senders[0][1]}"} if senders else {}
    secrets = [s for c in find_all(root, "Header/Sender/Credential") if (s := first_text(c, "SharedSecret"))]
    if secrets:  # cXML allows several Sender credentials (a hub's, then the buyer's): each digest, space-separated
        hints["cxml_sender_digest"] = " ".join(dict.fromkeys(
            hashlib.sha256(secret.strip().encode("utf-8")).hexdigest() for secret in secrets))
    return hints


def _metadata(root: etree._Element) -> dict[str, str]:
    metadata = {}
    mode = first_text(root, "Request/@deploymentMode")
    if mode:
        metadata["deployment_mode"] = mode
    status = find(root, "Response/Status")
    if status is not None:
        metadata["status_code"] = status.get("code") or ""
        metadata["status_text"] = status.get("text") or ""
    return metadata


def _credential_party(root: etree._Element, side: str, role: str, key: str) -> Party | None:
    pairs = _credentials(root, side)
    if not pairs:
        return None
    ids = {key: f"{pairs[0][0]}:{pairs[0][1]}"}
    for n, (domain, identity) in enumerate(pairs[1:8], 2):  # an Ariba To: a PrivateID, then the NetworkID...
        ids[f"{key}_{n}"] = f"{domain}:{identity}"
    duns = next((identity for domain, identity in pairs if domain == "DUNS"), None)
    if duns:
        ids["duns"] = duns
    return Party(role=role, ids=ids)  # type: ignore[arg-type]


# --- the order --------------------------------------------------------------------------------


def _read_order(root: etree._Element, request: etree._Element, reader: ValueReader) -> ExtractedOrder:
    header = find(request, "OrderRequestHeader")
    if header is None:
        raise ExtractionError("OrderRequest without an OrderRequestHeader", code="CXML-STRUCTURE")
    kind = _kind(header, reader)
    items = children(request, "ItemOut")
    lines = [_read_line(item, position, reader) for position, item in enumerate(items, start=1)]
    return ExtractedOrder(
        kind=kind,
        po_number=first_text(header, "@orderID"),
        order_date=reader.date(header.get("orderDate"), "orderDate"),
        requested_delivery_date=reader.date(header.get("requestedDeliveryDate"), "requestedDeliveryDate"),
        currency=first_text(header, "Total/Money/@currency") or _first_line_currency(items),
        total=reader.decimal(first_text(header, "Total/Money"), "Total"),
        parties=_parties(root, header),
        lines=lines,
        notes=[note for note in (own_text(c) for c in children(header, "Comments")) if note]
        + line_notes([(line, [n for c in children(item, "Comments") if (n := own_text(c))])
                      for line, item in zip(lines, items)]),
        payment_terms=cxml_terms(header),
        references=_references(header, kind) | _total_basis(header),
        message_ref=root.get("payloadID"),
        language=root.get("{http://www.w3.org/XML/1998/namespace}lang"),
    )


def _total_basis(header: etree._Element) -> dict[str, str]:
    """A header ``Total`` with no ``Tax`` nor ``Shipping`` beside it is the items' net sum (as every cXML
    sample we have writes it): checked against the lines without a tax margin. Beside a ``Shipping`` or ``Tax``
    amount (``Money``), writers differ on whether the ``Total`` counts it: the amounts stated are kept
    (``total_shipping``, ``total_tax``) and the total is checked against the lines with or without each, exactly
    when every such element states its amount (``gateway.stages.rules.check_total``)."""
    if not first_text(header, "Total/Money"):
        return {}
    if find(header, "Tax") is None and find(header, "Shipping") is None:
        return {"total_basis": "net"}
    out = {}
    for element, key in (("Shipping", "total_shipping"), ("Tax", "total_tax")):
        amount = (first_text(header, f"{element}/Money") or "").strip()
        if amount and re.fullmatch(r"-?\d+(?:\.\d+)?", amount):
            out[key] = amount
    if out and all(find(header, e) is None or k in out for e, k in (("Shipping", "total_shipping"), ("Tax", "total_tax"))):
        out["total_basis"] = "stated_parts"
    return out


def _kind(header: etree._Element, reader: ValueReader) -> OrderKind:
    written = (header.get("type") or "new").strip().lower()
    if written not in _KINDS:
        reader.warn("OrderRequestHeader type: not new, update or delete; read as new")
        return OrderKind.NEW
    return _KINDS[written]


def _first_line_currency(items: list[etree._Element]) -> str | None:
    return next((c for item in items if (c := first_text(item, "ItemDetail/UnitPrice/Money/@currency"))), None)


def _parties(root: etree._Element, header: etree._Element) -> list[Party]:
    found = [
        _credential_party(root, "From", "buyer", "cxml_from"),
        _credential_party(root, "To", "receiver", "cxml_to"),
        _address_party("ship_to", find(header, "ShipTo/Address")),
        _address_party("invoice_to", find(header, "BillTo/Address")),
        _supplier_party(root, header),
    ]
    return [party for party in found if party is not None]


_SUPPLIER_DOMAINS = {"DUNS": "duns", "DUNS+4": "duns4", "GLN": "gln", "EAN": "gln", "ILN": "gln", "VAT": "vat",
                     "VATID": "vat"}
# The roles whose Contact names the supplier company; "supplierAccount"/"supplierMasterAccount" name a person
# (our account manager), and a ShipFrom address names a place (our warehouse, a 3PL): neither is a supplier name
_SUPPLIER_ROLES = frozenset({"supplier", "suppliercorporate"})


def _supplier_party(root: etree._Element, header: etree._Element) -> Party | None:
    """The supplier the order is written for: the ``Header/To`` credentials of a party-id domain (DUNS, GLN,
    VAT), the lines' ``SupplierID``, the name of a supplier company ``Contact`` (never a ShipFrom place).
    Each distinct id is kept (``duns``, ``duns_2``...), so one of ours among them is seen."""
    found = [(_SUPPLIER_DOMAINS[d], i) for d, i in _credentials(root, "To") if d in _SUPPLIER_DOMAINS]
    for supplier_id in root.iter("{*}SupplierID"):
        domain, value = (supplier_id.get("domain") or "").strip().upper(), clean(supplier_id.text)
        if domain in _SUPPLIER_DOMAINS and value:
            found.append((_SUPPLIER_DOMAINS[domain], value))
    ids: dict[str, str] = {}
    for kind, value in found:
        if value not in ids.values():
            count = sum(1 for key in ids if key.split("_")[0] == kind)
            ids[kind if not count else f"{kind}_{count + 1}"] = value
    names = [first_text(c, "Name") for c in children(header, "Contact")
             if (c.get("role") or "").strip().lower() in _SUPPLIER_ROLES]
    name = next((n for n in names if n), None)
    if not ids and not name:
        return None
    return Party(role="supplier", ids=ids, name=name)


def _address_party(role: str, address: etree._Element | None) -> Party | None:
    if address is None:
        return None
    postal = find(address, "PostalAddress")
    ids = {}
    if address.get("addressID"):
        ids["buyer_assigned"] = address.get("addressID", "").strip()
    email = first_text(address, "Email")
    if email:
        ids["email"] = email
    country = first_text(postal, "Country/@isoCountryCode") or address.get("isoCountryCode")
    return Party(
        role=role,  # type: ignore[arg-type]
        ids=ids, name=first_text(address, "Name"), street=", ".join(all_texts(postal, "Street")) or None,
        city=first_text(postal, "City"), postcode=first_text(postal, "PostalCode"),
        country=country or first_text(postal, "Country"), contact=_deliver_to(postal),
    )


def _deliver_to(postal: etree._Element | None) -> str | None:
    """``PostalAddress/DeliverTo`` (one or more): the person or desk the goods are for ("Attn: Jane Doe")."""
    found = [re.sub(r"^\s*(?:attn|attention|z\.\s?hd)\s*[.:]?\s*", "", text, flags=re.IGNORECASE).strip()
             for text in all_texts(postal, "DeliverTo")]
    return ", ".join(text for text in found if text) or None


def _references(header: etree._Element, kind: OrderKind) -> dict[str, str]:
    references = {}
    if kind is not OrderKind.NEW and header.get("orderID"):
        references["original_order"] = header.get("orderID", "").strip()
    previous = first_text(header, "DocumentReference/@payloadID")
    if previous:
        references["original_payload_id"] = previous
    if header.get("orderVersion"):
        references["order_version"] = header.get("orderVersion", "").strip()
    return references


def _read_line(item: etree._Element, position: int, reader: ValueReader) -> ExtractedLine:
    detail = find(item, "ItemDetail")
    where = f"line {position}"
    description = find(detail, "Description")
    values: dict[str, Any] = {
        "line_no": line_number(item.get("lineNumber")) or position,
        "supplier_item": first_text(item, "ItemID/SupplierPartID"),
        "customer_item": first_text(item, "ItemID/BuyerPartID"),
        "gtin": _gtin(detail), "item_ids": _item_ids(item, detail),
        "description": own_text(description) or first_text(description, "ShortName"),
        "quantity": reader.decimal(item.get("quantity"), f"{where} quantity"),
        "uom": first_text(detail, "UnitOfMeasure"),
        "unit_price": reader.decimal(first_text(detail, "UnitPrice/Money"), f"{where} UnitPrice"),
        "currency": first_text(detail, "UnitPrice/Money/@currency"),
        "price_basis": reader.decimal(first_text(detail, "PriceBasisQuantity/@quantity"),
                                      f"{where} PriceBasisQuantity"),
        "price_uom": first_text(detail, "PriceBasisQuantity/@unitOfMeasure"),
        "requested_date": reader.date(item.get("requestedDeliveryDate")
                                      or first_text(item, "ScheduleLine/@requestedDeliveryDate"),
                                      f"{where} requestedDeliveryDate"),
        "ship_to": _address_party("ship_to", find(item, "ShipTo/Address")),
    }
    modifications = find_all(detail, "UnitPrice/Modifications/Modification")
    if modifications:
        values["gross_price"] = reader.decimal(first_text(modifications[0], "OriginalPrice/Money"),
                                               f"{where} OriginalPrice")
        values["allowances"] = [a for a in (_modification(m, reader, where) for m in modifications) if a is not None]
        price_values(values, [])  # UnitPrice/Money is the price after them: kept when given
    return ExtractedLine(**values)


def _modification(element: etree._Element, reader: ValueReader, where: str) -> Allowance | None:
    """A cXML price Modification: AdditionalDeduction (an allowance) or AdditionalCost (a charge), as an
    amount or a percentage of the original price."""
    deduction, cost = find(element, "AdditionalDeduction"), find(element, "AdditionalCost")
    part = deduction if deduction is not None else cost
    if part is None:
        return None
    money = first_text(part, "DeductionAmount/Money") if deduction is not None else first_text(part, "Money")
    percent = first_text(part, "DeductionPercent/@percent") if deduction is not None else \
        first_text(part, "Percentage/@percent")
    level = element.get("level") or ""
    return Allowance(kind="allowance" if deduction is not None else "charge",
                     code=first_text(element, "ModificationDetail/@name"),
                     description=first_text(element, "ModificationDetail/Description"),
                     per_unit=reader.decimal(money, f"{where} Modification") if money else None,
                     percent=reader.decimal(percent, f"{where} Modification") if percent and not money else None,
                     sequence=int(level) if level.isdecimal() else None)


def _item_ids(item: etree._Element, detail: etree._Element | None) -> dict[str, str]:
    """SupplierPartID, SupplierPartAuxiliaryID, BuyerPartID and ManufacturerPartID by name."""
    ids: dict[str, str] = {}
    for path in ("ItemID/SupplierPartID", "ItemID/SupplierPartAuxiliaryID", "ItemID/BuyerPartID"):
        value = first_text(item, path)
        if value:
            ids[path.split("/")[-1]] = value
    manufacturer = first_text(detail, "ManufacturerPartID")
    if manufacturer:
        ids["ManufacturerPartID"] = manufacturer
    return ids


def _gtin(detail: etree._Element | None) -> str | None:
    for extrinsic in children(detail, "Extrinsic"):
        if (extrinsic.get("name") or "").strip().lower() in _GTIN_EXTRINSICS:
            return clean(element_text(extrinsic))
    return None
