"""OASIS UBL 2.0/2.1 ordering documents, PEPPOL BIS 3 included.

Owns reading ``Order`` (-> NEW), ``OrderChange`` (-> CHANGE) and ``OrderCancellation`` (-> CANCEL) into
one ``ExtractedOrder`` each, and classifying the rest of the UBL family without reading it:
``OrderResponse`` / ``OrderAgreement`` / ``RequestForQuotation``... -> ``DocType.OTHER``, ``Invoice`` and
``CreditNote`` -> ``INVOICE``, ``ApplicationResponse`` -> ``ACKNOWLEDGEMENT``.

Party identifiers land in ``Party.ids`` as ``gln`` (scheme 0088 or GLN), ``duns`` (0060 or DUNS),
``endpoint`` ("scheme:value" for any other EndpointID), ``party_id`` / ``party_id:<scheme>``, ``vat``,
``email``, ``supplier_assigned`` / ``buyer_assigned`` (the account ids each side gave the buyer).
``sender_hints`` carries ``ubl_endpoint`` ("scheme:value" of the buyer's EndpointID) and ``gln``.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from lxml import etree

from extractors.base import ExtractHints
from extractors.xml.terms_elements import ubl_terms
from extractors.xml.order_checks import count_finding, line_notes, window_findings
from extractors.xml.xmlsafe import (
    ValueReader, all_texts, children, find, find_all, first_text, line_number, local, namespace, parse_xml,
    sniff_root,
)
from gateway.errors import ExtractionError
from extractors.pricing import price_values
from gateway.model import (
    Allowance, DocType, Extraction, ExtractedLine, ExtractedOrder, OrderKind, Party, Problem,
)

UBL_NAMESPACE_PREFIX = "urn:oasis:names:specification:ubl:schema:xsd:"
_ORDERS: dict[str, tuple[OrderKind, DocType]] = {
    "Order": (OrderKind.NEW, DocType.ORDER),
    "OrderChange": (OrderKind.CHANGE, DocType.ORDER_CHANGE),
    "OrderCancellation": (OrderKind.CANCEL, DocType.ORDER_CANCEL),
}
_CLASSIFIED: dict[str, DocType] = {
    "Invoice": DocType.INVOICE,
    "CreditNote": DocType.INVOICE,
    "ApplicationResponse": DocType.ACKNOWLEDGEMENT,
}
_GLN_SCHEMES = frozenset({"0088", "GLN", "EAN"})
_DUNS_SCHEMES = frozenset({"0060", "DUNS"})
_GTIN_SCHEMES = frozenset({"0160", "GTIN", "EAN"})
_LINE_ACTIONS: dict[str, Literal["add", "change", "delete"]] = {"1": "add", "2": "delete", "3": "change"}  # UNCL 1229


class UblExtractor:
    """UBL documents, recognised by the UBL document namespace on the root element."""

    name = "ubl"
    heavy = False

    def detect(self, head: bytes, filename: str | None, content_type: str | None) -> float:
        root = sniff_root(head)
        if root is None or not (root.namespace or "").startswith(UBL_NAMESPACE_PREFIX):
            return 0.0
        return 0.95 if root.local in _ORDERS else 0.9

    def extract(self, data: bytes, hints: ExtractHints) -> Extraction:
        """Read one UBL document. Raises ``ExtractionError`` ``UBL-ROOT`` for non-UBL XML, besides the
        ``parse_xml`` errors."""
        root = parse_xml(data, hints.limits)
        if not (namespace(root) or "").startswith(UBL_NAMESPACE_PREFIX):
            raise ExtractionError("not a UBL document: the root element is outside the UBL namespaces",
                                  code="UBL-ROOT")
        name = local(root)
        reader = ValueReader("UBL-VALUE")
        orders = [_read_order(root, _ORDERS[name][0], reader)] if name in _ORDERS else []
        doc_type = _ORDERS[name][1] if name in _ORDERS else _CLASSIFIED.get(name, DocType.OTHER)
        return Extraction(
            format=self.name, doc_type=doc_type, detail=_detail(root), orders=orders,
            problems=reader.problems, sender_hints=_sender_hints(root),
        )


EXTRACTOR = UblExtractor()


def _detail(root: etree._Element) -> str:
    parts = ["UBL", local(root)]
    version = first_text(root, "UBLVersionID")
    if version:
        parts.append(version)
    label = customization_label(first_text(root, "CustomizationID") or "")
    if label:
        parts.append(label)
    return " ".join(parts)


def customization_label(customization: str) -> str | None:
    """What a CustomizationID says the document follows: ``EHF 1.0``, ``PEPPOL BIS 28A``, ``PEPPOL BIS 3``,
    ``OIOUBL 2.1``... (several, outermost extension first); None for none or an id not recognised."""
    lower = customization.lower()
    labels: list[str] = []
    ehf = re.search(r"ehf:[a-z_]*:ver(\d+(?:\.\d+)*)", lower)
    if ehf:
        labels.append(f"EHF {ehf.group(1)}")
    bis2 = re.search(r"peppol(\d+[a-z])", lower)
    if bis2:
        labels.append(f"PEPPOL BIS {bis2.group(1).upper()}")
    elif "peppol.eu:poacc" in lower:
        version = re.search(r":(\d+)$", lower)
        labels.append(f"PEPPOL BIS {version.group(1) if version else '3'}")
    elif lower.startswith("oioubl"):
        labels.append(customization.replace("-", " ", 1))
    if not labels:
        return None
    return labels[0] + (f" ({', '.join(labels[1:])})" if len(labels) > 1 else "")


def _sender_hints(root: etree._Element) -> dict[str, str]:
    party = find(root, "BuyerCustomerParty/Party")
    hints = {}
    endpoint = find(party, "EndpointID")
    if endpoint is not None and first_text(endpoint, "@schemeID") and first_text(endpoint, ""):
        hints["ubl_endpoint"] = f"{first_text(endpoint, '@schemeID')}:{first_text(endpoint, '')}"
    gln = _party_ids(party).get("gln")
    if gln:
        hints["gln"] = gln
    return hints


# --- the order --------------------------------------------------------------------------------


def _read_order(root: etree._Element, kind: OrderKind, reader: ValueReader) -> ExtractedOrder:
    return _order(root, kind, reader)


def _order(root: etree._Element, kind: OrderKind, reader: ValueReader) -> ExtractedOrder:
    line_items = find_all(root, "OrderLine/LineItem")
    allowances = [_allowance(e, reader, "order", "order", per_unit=False) for e in children(root, "AllowanceCharge")]
    window_notes, problems = _windows(root, line_items)
    problems += count_finding(first_text(root, "LineCountNumeric"), len(line_items), "LineCountNumeric")
    references = _references(root, kind)
    lines = [_read_line(item, position, kind, reader, allowances) for position, item in enumerate(line_items, start=1)]
    own_notes = [(line, all_texts(item.getparent(), "Note") + all_texts(item, "Note"))
                 for line, item in zip(lines, line_items)]
    return ExtractedOrder(
        kind=kind,
        po_number=references.get("original_order") or first_text(root, "ID"),  # a change names its order
        order_date=reader.date(first_text(root, "IssueDate"), "IssueDate"),
        requested_delivery_date=reader.date(_delivery_date(find(root, "Delivery")), "Delivery date"),
        currency=_currency(root),
        parties=_parties(root),
        lines=lines,
        allowances=allowances,
        total=reader.decimal(first_text(root, "AnticipatedMonetaryTotal/PayableAmount"), "PayableAmount"),
        notes=all_texts(root, "Note") + all_texts(root, "CancellationNote") + window_notes + line_notes(own_notes),
        problems=problems,
        payment_terms=ubl_terms(root),
        references=references,
        message_ref=first_text(root, "ID"),
    )


def _windows(root: etree._Element, items: list[etree._Element]) -> tuple[list[str], list[Problem]]:
    """Notes and holds for the header's and each line's requested delivery period
    (``extractors.xml.order_checks``)."""
    notes: list[str] = []
    problems: list[Problem] = []
    places = [("Delivery", find(root, "Delivery")),
              *((f"line {n} Delivery", find(item, "Delivery")) for n, item in enumerate(items, start=1))]
    for where, delivery in places:
        found = window_findings(where, first_text(delivery, "RequestedDeliveryPeriod/StartDate"),
                                first_text(delivery, "RequestedDeliveryPeriod/EndDate"))
        notes += found[0]
        problems += found[1]
    return notes, problems


def _delivery_date(delivery: etree._Element | None) -> str | None:
    return (first_text(delivery, "RequestedDeliveryPeriod/StartDate")
            or first_text(delivery, "LatestDeliveryDate")
            or first_text(delivery, "RequestedDeliveryPeriod/EndDate"))


def _currency(root: etree._Element) -> str | None:
    return (first_text(root, "DocumentCurrencyCode")
            or first_text(root, "AnticipatedMonetaryTotal/PayableAmount/@currencyID")
            or first_text(root, "OrderLine/LineItem/LineExtensionAmount/@currencyID"))


def _references(root: etree._Element, kind: OrderKind) -> dict[str, str]:
    sources = {
        "contract": "Contract/ID",
        "quotation": "QuotationDocumentReference/ID",
        "previous_order": "OrderDocumentReference/ID",
        "sales_order": "SalesOrderID",
        "customer_reference": "CustomerReference",
        "project": "ProjectReference/ID",
        "sequence": "SequenceNumberID",
    }
    references = {key: value for key, path in sources.items() if (value := first_text(root, path))}
    if kind is not OrderKind.NEW:
        original = first_text(root, "OrderReference/ID") or first_text(root, "OriginalOrderReference/ID")
        if original:
            references["original_order"] = original
            references["change_document"] = first_text(root, "ID") or ""  # the OrderChange's own number
    if first_text(root, "AnticipatedMonetaryTotal/PayableAmount") and find(root, "TaxTotal") is None \
            and not first_text(root, "AnticipatedMonetaryTotal/TaxInclusiveAmount"):
        references["total_basis"] = "net"  # no tax stated anywhere: the payable amount is the lines' net sum
    return references


# --- parties ----------------------------------------------------------------------------------


def _parties(root: etree._Element) -> list[Party]:
    found = [
        _customer_party("buyer", find(root, "BuyerCustomerParty")),
        _customer_party("supplier", find(root, "SellerSupplierParty")),
        _customer_party("invoice_to", find(root, "AccountingCustomerParty")),
        _ship_to(find(root, "Delivery")),
    ]
    return [party for party in found if party is not None]


def _customer_party(role: str, wrapper: etree._Element | None) -> Party | None:
    party = find(wrapper, "Party")
    if wrapper is None or party is None:
        return None
    ids = _party_ids(party)
    for key, path in (("supplier_assigned", "SupplierAssignedAccountID"),
                      ("buyer_assigned", "CustomerAssignedAccountID")):
        if first_text(wrapper, path):
            ids[key] = first_text(wrapper, path) or ""
    name = first_text(party, "PartyName/Name") or first_text(party, "PartyLegalEntity/RegistrationName")
    return Party(role=role, ids=ids, name=name, **_address(find(party, "PostalAddress")))  # type: ignore[arg-type]


def _party_ids(party: etree._Element | None) -> dict[str, str]:
    ids: dict[str, str] = {}
    for element in find_all(party, "EndpointID") + find_all(party, "PartyIdentification/ID"):
        _add_id(ids, element, is_endpoint=local(element) == "EndpointID")
    vat = first_text(party, "PartyTaxScheme/CompanyID")
    if vat:
        ids["vat"] = vat
    email = first_text(party, "Contact/ElectronicMail")
    if email:
        ids["email"] = email
    return ids


def _add_id(ids: dict[str, str], element: etree._Element, *, is_endpoint: bool) -> None:
    value = first_text(element, "")
    scheme = (element.get("schemeID") or "").strip()
    if not value:
        return
    if scheme.upper() in _GLN_SCHEMES:
        ids.setdefault("gln", value)
    elif scheme.upper() in _DUNS_SCHEMES:
        ids.setdefault("duns", value)
    elif is_endpoint:
        ids.setdefault("endpoint", f"{scheme}:{value}" if scheme else value)
    else:
        ids.setdefault(f"party_id:{scheme}" if scheme else "party_id", value)


def _address(address: etree._Element | None) -> dict[str, str | None]:
    if address is None:
        return {}
    street = " ".join(filter(None, [first_text(address, "StreetName"), first_text(address, "BuildingNumber")]))
    return {
        "street": street or None,
        "city": first_text(address, "CityName"),
        "postcode": first_text(address, "PostalZone"),
        "country": first_text(address, "Country/IdentificationCode"),
    }


def _ship_to(delivery: etree._Element | None) -> Party | None:
    location = find(delivery, "DeliveryLocation")
    address = find(location, "Address")
    if address is None:
        address = find(delivery, "DeliveryAddress")  # UBL 2.0
    if location is None and address is None:
        return None
    ids: dict[str, str] = {}
    for element in children(location, "ID"):
        _add_id(ids, element, is_endpoint=False)
    name = first_text(delivery, "DeliveryParty/PartyName/Name") or first_text(location, "Name")
    contact = first_text(address, "MarkAttention") or first_text(delivery, "DeliveryParty/Contact/Name")
    return Party(role="ship_to", ids=ids, name=name, contact=contact, **_address(address))  # type: ignore[arg-type]


# --- lines ------------------------------------------------------------------------------------


def _read_line(item: etree._Element, position: int, kind: OrderKind, reader: ValueReader,
               order_allowances: list[Allowance]) -> ExtractedLine:
    where = f"line {position}"
    article = find(item, "Item")
    values: dict[str, Any] = {
        "line_no": line_number(first_text(item, "ID")) or position,
        "customer_item": first_text(article, "BuyersItemIdentification/ID"),
        "supplier_item": first_text(article, "SellersItemIdentification/ID"),
        "gtin": _gtin(article), "item_ids": _item_ids(article),
        "description": first_text(article, "Name") or first_text(article, "Description"),
        "quantity": reader.decimal(first_text(item, "Quantity"), f"{where} Quantity"),
        "uom": first_text(item, "Quantity/@unitCode"),
        "price_basis": reader.decimal(first_text(item, "Price/BaseQuantity"), f"{where} BaseQuantity"),
        "price_uom": first_text(item, "Price/BaseQuantity/@unitCode"),
        "amount": reader.decimal(first_text(item, "LineExtensionAmount"), f"{where} LineExtensionAmount"),
        "currency": first_text(item, "Price/PriceAmount/@currencyID")
                    or first_text(item, "LineExtensionAmount/@currencyID"),
        "requested_date": reader.date(_delivery_date(find(item, "Delivery")), f"{where} delivery date"),
        "ship_to": _ship_to(find(item, "Delivery")),
        "action": _LINE_ACTIONS.get(first_text(item, "LineStatusCode") or "") if kind is OrderKind.CHANGE else None,
    }
    _prices(values, item, reader, where, order_allowances)
    return ExtractedLine(**values)


def _prices(values: dict[str, Any], item: etree._Element, reader: ValueReader, where: str,
            order_allowances: list[Allowance]) -> None:
    """PriceAmount is the net price of the item, stated: the price's own discount (Price/AllowanceCharge,
    per unit, from its BaseAmount: the gross price) is already in it and is listed, not applied again.
    The line's AllowanceCharge amounts (for the whole line) and the order's percentages then apply."""
    price = reader.decimal(first_text(item, "Price/PriceAmount"), f"{where} PriceAmount")
    on_price = [_allowance(e, reader, where, "line", per_unit=True) for e in find_all(item, "Price/AllowanceCharge")]
    on_line = [_allowance(e, reader, where, "line", per_unit=False) for e in find_all(item, "AllowanceCharge")]
    base = reader.decimal(first_text(item, "Price/AllowanceCharge/BaseAmount"), f"{where} BaseAmount")
    if price is None and on_price and base is not None:  # no stated price: the gross less its discount
        values["gross_price"], values["allowances"] = base, on_price + on_line
        price_values(values, order_allowances)
        return
    stated = [a.model_copy(update={"applied": price is not None}) for a in on_price]
    if on_line or any(a.percent is not None or a.per_unit is not None for a in order_allowances):
        values["gross_price"], values["allowances"] = price, on_line
        price_values(values, order_allowances)
    else:
        values["unit_price"] = price
    if on_price and base is not None:
        values["gross_price"] = base
    values["allowances"] = stated + (values.get("allowances") or [])


def _allowance(element: etree._Element, reader: ValueReader, where: str, level: Literal["line", "order"],
               per_unit: bool) -> Allowance:
    """One cac:AllowanceCharge; MultiplierFactorNumeric is a percentage (a factor below 1 is read as one)."""
    charge = (first_text(element, "ChargeIndicator") or "").strip().lower() == "true"
    amount = reader.decimal(first_text(element, "Amount"), f"{where} AllowanceCharge Amount")
    factor = reader.decimal(first_text(element, "MultiplierFactorNumeric"), f"{where} MultiplierFactorNumeric")
    percent = factor * 100 if factor is not None and 0 < factor < 1 else factor
    use_percent = percent is not None and amount is None  # an Amount is as stated, never re-derived
    return Allowance(kind="charge" if charge else "allowance", level=level,
                     code=first_text(element, "AllowanceChargeReasonCode"),
                     description=first_text(element, "AllowanceChargeReason"),
                     percent=percent if use_percent else None,
                     per_unit=amount if per_unit and not use_percent else None,
                     amount=amount if not per_unit else None,
                     sequence=1 if per_unit else 2)


def _item_ids(article: etree._Element | None) -> dict[str, str]:
    """The item's ids by where they sit: ``buyer``, ``seller``, ``manufacturer``, ``standard[:scheme]``."""
    ids: dict[str, str] = {}
    for key, path in (("buyer", "BuyersItemIdentification/ID"), ("seller", "SellersItemIdentification/ID"),
                      ("manufacturer", "ManufacturersItemIdentification/ID")):
        value = first_text(article, path)
        if value:
            ids[key] = value
    for element in find_all(article, "StandardItemIdentification/ID"):
        value = first_text(element, "")
        scheme = (element.get("schemeID") or "").strip()
        if value:
            ids.setdefault(f"standard:{scheme}" if scheme else "standard", value)
    return ids


def _gtin(article: etree._Element | None) -> str | None:
    for element in find_all(article, "StandardItemIdentification/ID"):
        scheme = (element.get("schemeID") or "").strip().upper()
        value = first_text(element, "")
        if value and (scheme in _GTIN_SCHEMES or (not scheme and value.isdigit() and len(value) in (8, 12, 13, 14))):
            return value
    return None
