"""The gateway's data shapes: what extractors produce and the normalized order the ERP receives.

Two layers, kept apart on purpose:

* ``ExtractedOrder`` is what a format extractor read from one document, in the sender's terms
  (their party ids, their item codes, their unit words), with a confidence per field. Extractors are
  pure and know nothing about master data.
* ``NormalizedOrder`` is what the ERP receives: our customer id, our SKUs, UN/ECE Rec 20 units,
  decimals for every quantity and amount, timestamps in UTC with offset. Its JSON Schema is kept in
  ``docs/order.schema.json`` (``gateway schema`` regenerates it).
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", ser_json_timedelta="iso8601")


class OrderKind(StrEnum):
    NEW = "new"
    CHANGE = "change"
    CANCEL = "cancel"


class DocType(StrEnum):
    """What a document turned out to be once read."""

    ORDER = "order"
    ORDER_CHANGE = "order_change"
    ORDER_CANCEL = "order_cancel"
    CONTAINER = "container"  # e-mail, zip: its parts become child documents
    ACKNOWLEDGEMENT = "acknowledgement"  # CONTRL, 997, APERAK...
    INVOICE = "invoice"
    OTHER = "other"  # recognised, but not something we turn into an order


class Box(Strict):
    """Where on a page a value was read (pixels of the rendered page image)."""

    page: int
    x: float
    y: float
    w: float
    h: float


class Problem(Strict):
    """One fault found in a document: stable code, human text, and where it is."""

    code: str
    message: str
    segment: str | None = None  # EDI segment tag, e.g. "UNT"
    segment_position: int | None = None  # 1-based position in the message or interchange
    element: str | None = None  # e.g. "0074" or "UNT01"
    severity: Literal["error", "warning"] = "error"


class Party(Strict):
    role: Literal["buyer", "ship_to", "supplier", "invoice_to", "sender", "receiver"]
    ids: dict[str, str] = Field(default_factory=dict)  # gln, duns, x12, buyer_assigned, email, fax, vat
    name: str | None = None
    street: str | None = None
    city: str | None = None
    postcode: str | None = None
    country: str | None = None
    contact: str | None = None  # the person or desk the goods are for ("Attn: Jane Doe", "z. Hd. Herrn Schulz")


class Allowance(Strict):
    """An allowance (discount) or charge on a line or on the whole order, as the document states it.

    ``percent`` applies to the price it is calculated on (``sequence`` orders the steps), ``per_unit``
    to each unit, ``amount`` to the whole line (or order). ``applied`` says whether it went into the
    line's net ``unit_price`` (an order-level fixed amount cannot be spread over units, and a stated
    net price already includes what is listed)."""

    kind: Literal["allowance", "charge"]
    level: Literal["line", "order"] = "line"
    code: str | None = None  # reason as sent: EDIFACT ALC 7161, X12 SAC02, UBL AllowanceChargeReasonCode
    description: str | None = None
    percent: Decimal | None = None
    per_unit: Decimal | None = None
    amount: Decimal | None = None
    sequence: int | None = None  # calculation step (ALC 1227); None: with the first step
    applied: bool = False


def order_adjustment(allowances: list[Allowance]) -> Decimal:
    """What an order's own allowances (minus) and charges (plus) stated as amounts add to the sum of
    its lines (those applied are already in the net prices)."""
    out = Decimal(0)
    for a in allowances:
        if a.amount is not None and not a.applied:
            out += a.amount if a.kind == "charge" else -a.amount
    return out


class ExtractedLine(Strict):
    line_no: int | None = None
    customer_item: str | None = None  # buyer's own code (PIA BP, PO1 BP, BuyersPartID)
    supplier_item: str | None = None  # our code as the customer wrote it (PIA SA, PO1 VP)
    gtin: str | None = None
    item_ids: dict[str, str] = Field(default_factory=dict)  # every id by its qualifier as sent: {"SA": "..."}
    description: str | None = None
    quantity: Decimal | None = None
    uom: str | None = None  # unit as written: "PCE", "EA", "Stk", "carton"
    unit_price: Decimal | None = None  # the net price (after the allowances and charges applied)
    price_basis: Decimal | None = None  # price per this many units (PRI basis); None means 1
    price_uom: str | None = None  # the unit the price is per when the document names one (PRI 6411, X12 PE)
    gross_price: Decimal | None = None  # the price before allowances and charges, when stated
    allowances: list[Allowance] = Field(default_factory=list)
    amount: Decimal | None = None
    currency: str | None = None  # the currency the line's price or amount is stated in, when it says one
    unread_prices: list[str] = Field(default_factory=list)  # price elements not taken as its price: "PRI INF 38.40"
    requested_date: date | None = None
    ship_to: Party | None = None  # a delivery place of the line's own (cXML ItemOut/ShipTo, UBL line Delivery)
    action: Literal["add", "change", "delete"] | None = None  # for change messages
    confidence: dict[str, float] = Field(default_factory=dict)
    boxes: dict[str, Box] = Field(default_factory=dict)
    other_readings: dict[str, str] = Field(default_factory=dict)  # a second OCR engine's text where it differed


class ExtractedOrder(Strict):
    kind: OrderKind = OrderKind.NEW
    po_number: str | None = None
    order_date: date | None = None
    requested_delivery_date: date | None = None
    currency: str | None = None
    parties: list[Party] = Field(default_factory=list)
    lines: list[ExtractedLine] = Field(default_factory=list)
    total: Decimal | None = None
    allowances: list[Allowance] = Field(default_factory=list)  # order-level, also applied to each line
    dates_in_words: list[str] = Field(default_factory=list)  # header dates written with a month name
    # header fields read on a text layer under their own label naming the order, word for word ("Order number",
    # "Bestelldatum"): the document calls itself an order there even without a title
    order_labels: list[str] = Field(default_factory=list)
    # the order date was read from a column titled only "Date" with no order date above (a sheet): the order's
    # date only when it is not after receipt (a later one is no order date; mapping drops it)
    order_date_from_column: bool = False
    notes: list[str] = Field(default_factory=list)
    priority_codes: list[str] = Field(default_factory=list)  # EDI urgency codes as found
    # the payment terms stated in the document's terms segments (X12 ITD, EDIFACT PAT, cXML PaymentTerm, UBL
    # PaymentTerms, openTRANS PAYMENT_TERMS), in the words ``extractors.payment_terms`` reads ("2 % 10 days, net 45 days")
    payment_terms: str | None = None
    references: dict[str, str] = Field(default_factory=dict)  # contract, previous order...
    message_ref: str | None = None  # UNH / ST control number, cXML payloadID, UBL ID
    language: str | None = None
    confidence: dict[str, float] = Field(default_factory=dict)  # per header field
    boxes: dict[str, Box] = Field(default_factory=dict)
    other_readings: dict[str, str] = Field(default_factory=dict)  # a second OCR engine's text where it differed
    problems: list[Problem] = Field(default_factory=list)

    def party(self, role: str) -> Party | None:
        return next((p for p in self.parties if p.role == role), None)


class Interchange(Strict):
    """The EDI envelope a document came in, enough to acknowledge it and to spot a resend."""

    standard: Literal["edifact", "x12"]
    sender_id: str
    sender_qualifier: str | None = None
    receiver_id: str | None = None
    receiver_qualifier: str | None = None
    control_ref: str
    syntax: str | None = None  # UNOC:3, or the X12 version 00401
    groups: list[dict[str, Any]] = Field(default_factory=list)
    messages: list[dict[str, Any]] = Field(default_factory=list)  # type, ref, accepted, problems
    ack_requested: bool = False
    test: bool = False


class ChildDocument(Strict):
    """A part of a container (e-mail attachment, zip member) to be taken in as its own document."""

    filename: str | None = None
    content_type: str | None = None
    data: bytes
    metadata: dict[str, Any] = Field(default_factory=dict)


class Extraction(Strict):
    """Everything an extractor read from one document."""

    format: str  # "edifact", "x12", "cxml", "ubl", "opentrans", "xml:<map>", "pdf_text", "ocr", "email"...
    doc_type: DocType
    detail: str | None = None  # "ORDERS D96A", "850 004010", "UBL Order 2.1"...
    orders: list[ExtractedOrder] = Field(default_factory=list)
    children: list[ChildDocument] = Field(default_factory=list)
    interchanges: list[Interchange] = Field(default_factory=list)
    problems: list[Problem] = Field(default_factory=list)
    sender_hints: dict[str, str] = Field(default_factory=dict)  # email, fax, gln, x12... from the document
    pages: int | None = None
    metadata: dict[str, Any] = Field(default_factory=dict)


# --- the normalized order -----------------------------------------------------------------


class Customer(Strict):
    id: str | None = None
    name: str | None = None
    identified_by: str | None = None  # "gln:4012345000009", "email:orders@acme.fr", "sftp_account:acme"
    corroborated: bool = Field(default=True, description="false when only an id the document gives for itself "
                                                 "(a buyer GLN without envelope) names the customer")


class Address(Strict):
    name: str | None = None
    street: str | None = None
    city: str | None = None
    postcode: str | None = None
    country: str | None = None
    gln: str | None = Field(default=None, description="the place's GLN (EDIFACT NAD+DP 3055 9, UBL EndpointID/ID "
                                                       "0088, X12 N1 UL): what EANCOM senders often give alone")
    location_id: str | None = Field(default=None, description="the buyer's own code for the place (NAD 3055 92, "
                                                               "X12 N1 92, cXML addressID)")
    contact: str | None = Field(default=None, description="the person or desk the goods are for, as typed after "
                                                         "Attn:, z. Hd., À l'attention de")


class OrderLine(Strict):
    line_no: int
    sku: str | None = None
    customer_item: str | None = None
    supplier_item: str | None = Field(default=None, description="our own item number as the customer sent it "
                                                                 "(PIA SA, PO1 VP, SellersItemIdentification, "
                                                                 "SUPPLIER_PID)")
    gtin: str | None = None
    item_ids: dict[str, str] = Field(default_factory=dict,
                                     description="every item id of the line keyed by the qualifier it came "
                                                 "with (EDIFACT 7143 / X12 235 codes: SA, BP, IB, MF, UP...)")
    description: str | None = None
    quantity: Decimal
    uom: str = Field(description="UN/ECE Recommendation 20 unit code, e.g. C62, KGM, CT")
    unit_price: Decimal | None = Field(default=None, description="net price per unit, after the allowances and "
                                                                 "charges marked applied")
    gross_price: Decimal | None = Field(default=None, description="price per unit before allowances and charges, "
                                                                  "when the document states one")
    allowances: list[Allowance] = Field(default_factory=list,
                                        description="the line's allowances and charges (and the order's, "
                                                    "level 'order'), as stated")
    amount: Decimal | None = None
    currency: str | None = Field(default=None, description="the currency the document states for this line's "
                                                           "price or amount, when it states one for the line")
    unread_prices: list[str] = Field(default_factory=list,
                                     description="price elements of the line the gateway did not take as its "
                                                 "unit price, as sent ('PRI INF 38.40', 'CTP MSR 49.90')")
    requested_date: date | None = None
    action: Literal["add", "change", "delete"] | None = None
    confidence: float = 1.0
    field_confidence: dict[str, float] = Field(default_factory=dict)


class Source(Strict):
    document_id: str
    channel: str
    format: str
    sender: str | None = None
    filename: str | None = None
    sha256: str
    received_at: datetime
    parent_document_id: str | None = None
    message_ref: str | None = None


class Sla(Strict):
    received_at: datetime
    deadline: datetime | None = None
    extracted_at: datetime | None = None
    validated_at: datetime | None = None
    decided_at: datetime | None = Field(default=None, description="when the order was committed to go out to the "
                                                                  "ERP (its delivery queued): the order in which an "
                                                                  "order's changes apply")
    delivered_at: datetime | None = None


class Issue(Strict):
    """A named reason attached to an order by validation, dedup or the decision rules."""

    code: str
    message: str
    field: str | None = None
    severity: Literal["info", "warning", "error"] = "warning"


class OrderStatus(StrEnum):
    READY = "ready"  # waiting for delivery
    DELIVERED = "delivered"
    REVIEW = "review"  # held for a person
    DUPLICATE = "duplicate"
    HELD = "held"
    REJECTED = "rejected"
    DEAD_LETTER = "dead_letter"


class AsReceived(Strict):
    """What an order said when it was received, kept when a person first corrects it: a resend of the order as the
    customer sent it is then known as a copy of it, not read as a change of the corrected version."""

    lines_key: str = Field(description="the line-set fingerprint (items, quantities, units) as received")
    requested_delivery_date: date | None = None


class NormalizedOrder(Strict):
    order_id: str
    kind: OrderKind = OrderKind.NEW
    customer: Customer = Field(default_factory=Customer)
    po_number: str | None = None
    order_date: date | None = None
    requested_delivery_date: date | None = None
    currency: str | None = None
    ship_to: Address | None = None
    bill_to: Address | None = Field(default=None, description="the invoicing address when the document names "
                                                               "one (EDIFACT NAD+IV, openTRANS invoice_recipient...) "
                                                               "or a person entered it")
    lines: list[OrderLine] = Field(default_factory=list)
    total: Decimal | None = None
    allowances: list[Allowance] = Field(default_factory=list,
                                        description="order-level allowances and charges as stated")
    priority: Literal["normal", "urgent"] = "normal"
    notes: list[str] = Field(default_factory=list)
    references: dict[str, str] = Field(default_factory=dict,
                                       description="references from the document: contract, original order...")
    payment_terms: str | None = Field(default=None, description="the payment terms the document states in its terms "
                                                                "segments (X12 ITD, EDIFACT PAT, cXML PaymentTerm, UBL "
                                                                "PaymentTerms, openTRANS PAYMENT_TERMS): '2 % 10 days, "
                                                                "net 45 days'; held TERMS-TYPED when not the customer's")
    source: Source
    sla: Sla
    confidence: float = 1.0
    field_confidence: dict[str, float] = Field(default_factory=dict)
    status: OrderStatus = OrderStatus.READY
    issues: list[Issue] = Field(default_factory=list)
    original_order_id: str | None = None  # for changes and cancellations: the order they amend
    changes: list[dict[str, Any]] = Field(default_factory=list)  # differences from the original
    team: str | None = None
    evidence: dict[str, Box] = Field(default_factory=dict,
                                     description="where each field was read on the page images: "
                                                 "'po_number', 'lines[2].quantity'...")
    as_received: AsReceived | None = Field(default=None, description="the order as received, kept when a person "
                                                                      "corrected it (its lines and requested date)")
    dates_in_words: list[str] = Field(default_factory=list,
                                      description="the header dates ('order_date', 'requested_delivery_date') "
                                                  "the document wrote with a month name ('4 December 2026', "
                                                  "'4. Dezember 2026'): their day and month are never in doubt")


def order_json_schema() -> dict[str, Any]:
    """The JSON Schema of the normalized order, as published in docs/order.schema.json."""
    schema = NormalizedOrder.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://github.com/order-gateway/order-gateway/docs/order.schema.json"
    schema["title"] = "NormalizedOrder"
    return schema


DAMAGED_DEFAULTS: dict[str, Any] = {"quantity": "0", "uom": "C62", "priority": "normal"}


def load_order(body: str | bytes) -> NormalizedOrder:
    """A stored order read back. A value the model no longer accepts (a NaN total, an unknown priority
    stored by an older version) does not make every listing fail: the order is read with that value
    dropped (or set to its default) and an ``ORDER-DAMAGED`` error naming the field, so it shows as
    damaged and is held for a person instead of crashing the page."""
    from pydantic import ValidationError
    try:
        return NormalizedOrder.model_validate_json(body)
    except ValidationError as exc:
        data = json.loads(body)
        damaged: list[str] = []
        errors = exc.errors()
        for _ in range(20):
            for err in errors:
                loc = list(err.get("loc", ()))
                parent, key = _parent(data, loc)
                if parent is None:
                    raise
                damaged.append(".".join(str(p) for p in loc))
                if key in DAMAGED_DEFAULTS:
                    parent[key] = DAMAGED_DEFAULTS[key]
                elif isinstance(parent, dict):
                    parent.pop(key, None)
            try:
                order = NormalizedOrder.model_validate(data)
                break
            except ValidationError as again:
                errors = again.errors()
        else:
            raise
        issue = Issue(code="ORDER-DAMAGED", severity="error", field=damaged[0],
                      message=f"stored values could not be read and were dropped: {', '.join(dict.fromkeys(damaged))}")
        return order.model_copy(update={"issues": [*order.issues, issue]})


def _parent(data: Any, loc: list[Any]) -> tuple[Any, Any]:
    """The container holding the value at ``loc`` and its key; (None, None) when there is none or it is
    a field an order cannot be read without."""
    if not loc or loc[0] in ("order_id", "source", "sla", "status"):
        return None, None
    node = data
    for part in loc[:-1]:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None, None
    return (node, loc[-1]) if isinstance(node, (dict, list)) else (None, None)
