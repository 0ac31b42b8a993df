"""The completeness gate: an order goes to the ERP untouched only when every field the ERP needs is
present and cross-checked; otherwise it waits with a named reason per field.

The gate runs with the other rules (``gateway.stages.rules``) for every format, EDI included: an EDI message
is not right because it parses. Per field, under the customer's policy (``[decide.completeness]``
and its ``[[decide.completeness.customers]]``):

* customer: known (CUSTOMER-UNKNOWN) and named by more than an id the document gives for itself
  (CUSTOMER-WEAK-ID: a buyer GLN in an ORDERS without envelope, from no known sender);
* PO number (PO-MISSING) and lines (LINES-MISSING), whatever ``mandatory_fields`` says;
* order date: present (ORDER-DATE-MISSING, or the receipt date by policy ``received``: info
  ORDER-DATE-RECEIVED) and plausible, not older than ``order_date_max_age_days`` nor later than
  receipt + ``order_date_max_ahead_days`` (ORDER-DATE-IMPLAUSIBLE: a 2002 order date);
* requested delivery date: on a new order or on every one of its lines (DELIVERY-DATE-MISSING; a
  change keeps its original's), or the customer declared the ERP's default applies (``customer_default``: info DELIVERY-DATE-DEFAULT); never in the
  past (DATE-PAST, in ``gateway.stages.rules``);
* currency: the customer's (CURRENCY-MISMATCH: GBP for a EUR customer), and each line's price in the
  order's (CURRENCY-MISMATCH on ``lines[n].currency``: a cXML ``UnitPrice`` in EUR on a USD order);
* per line: a known product (ITEM-UNKNOWN, ``gateway.stages.rules``), a quantity in the product's own unit
  (UOM-NO-CONVERSION when no conversion is known, UOM-NOT-PRODUCT-UNIT when the unit is another code
  of it, QTY-NOT-WHOLE for a fraction of a counted unit), a price within the customer's tolerance of
  the price list (PRICE-MISMATCH, ``gateway.stages.rules``) or absent by policy: ``required`` holds it
  (PRICE-MISSING), ``erp`` lets the ERP price it and says so (info PRICE-ABSENT). Absent means the
  document has no price for the line at all: a line whose only prices are ones the reader does not take
  as the unit price (EDIFACT ``PRI+INF``, X12 ``CTP**MSR``: ``unread_prices``) is held (PRICE-UNREAD), as is a price a document prints in its price column that
  could not be read.

Each reason's action (``hold``/``flag``/``off``) is in ``[decide.actions]``; all of them hold by default.
A person who approves a held order accepts the doubts in ``ACCEPTED_ON_APPROVAL`` (they stay on the
order as warnings naming who accepted them); the faults of the data itself must be corrected first.
"""

from __future__ import annotations

from datetime import date, timedelta

from gateway.config_decide import CompletenessSection, EffectivePolicy
# The doubts a person settles by approving and the findings that never hold: declared in gateway.reasons.
from gateway.reasons import ACCEPTED_ON_APPROVAL, INFO_CODES  # noqa: F401  (their names stay importable here)
from gateway.stages.line_units import is_whole, product_code
from gateway.reference.masterdata import CustomerRecord, ProductRecord
from gateway.model import NormalizedOrder, OrderKind, OrderLine
from gateway.reference.units import UnitCodes


def check_identification(order: NormalizedOrder) -> list[tuple[str, str | None, str]]:
    if order.customer.id and not order.customer.corroborated:
        return [("CUSTOMER-WEAK-ID", "customer",
                 f"customer {order.customer.id} is named only by {order.customer.identified_by}, an id the "
                 f"document gives for itself (no envelope, known sender or partner account confirms it)")]
    return []


def check_po_and_lines(order: NormalizedOrder, mandatory: list[str]) -> list[tuple[str, str | None, str]]:
    out = []
    if "po_number" not in mandatory and not order.po_number:
        out.append(("PO-MISSING", "po_number", "no purchase order number"))
    if "lines" not in mandatory and not order.lines and order.kind != OrderKind.CANCEL:
        out.append(("LINES-MISSING", "lines", "the order has no lines"))
    return out


def check_order_date(order: NormalizedOrder, today: date, policy: EffectivePolicy,
                     cfg: CompletenessSection) -> list[tuple[str, str | None, str]]:
    if order.order_date is None:
        if policy.order_date == "received":
            return [("ORDER-DATE-RECEIVED", "order_date",
                     f"no order date on the document; the receipt date {today} stands for it")]
        return [("ORDER-DATE-MISSING", "order_date", "no order date")]
    oldest = today - timedelta(days=cfg.order_date_max_age_days)
    latest = today + timedelta(days=cfg.order_date_max_ahead_days)
    if not oldest <= order.order_date <= latest:
        return [("ORDER-DATE-IMPLAUSIBLE", "order_date",
                 f"order date {order.order_date} is implausible for an order received on {today} "
                 f"(accepted: {oldest} to {latest})")]
    return swapped_order_date(order, today)


# Formats whose dates are written as text by a person or a printer ("04/12/2026"), not EDI/XML date fields
WRITTEN_DATE_FORMATS = frozenset({"ocr", "pdf_text", "word", "sheet", "body_text"})
RECENT_DAYS = 31  # an order is dated within a month of its receipt


def swapped_order_date(order: NormalizedOrder, today: date) -> list[tuple[str, str | None, str]]:
    """``DATE-AMBIGUOUS`` when the order date as read lies more than a month before receipt while the same
    digits read the other way (day and month swapped) give a date of the last month: "12/06/2026" of an
    order received on 7 December 2026 read day first is 12 June, month first 6 December. The customer's
    country or language settled the order, but its tool may print the other way (an English-US ERP at a
    Belgian customer): a person confirms."""
    d = order.order_date
    if d is None or order.source.format not in WRITTEN_DATE_FORMATS or d.day > 12 or d.day == d.month \
            or "order_date" in order.dates_in_words:  # "11 June 2026": a month word is never the other way round
        return []
    swapped = date(d.year, d.day, d.month)
    if (today - d).days > RECENT_DAYS and -1 <= (today - swapped).days <= RECENT_DAYS:
        return [("DATE-AMBIGUOUS", "order_date",
                 f"order date {d} is {(today - d).days} days before receipt; with day and month the other way "
                 f"it is {swapped}: a person confirms how the customer's document writes dates")]
    return []


FAR_AHEAD_DAYS = 183  # a requested delivery date half a year and more ahead is rare...
NEAR_DAYS = 92  # ...when the same digits the other way give one within three months


def swapped_requested_date(order: NormalizedOrder, today: date) -> list[tuple[str, str | None, str]]:
    """``DATE-AMBIGUOUS`` when the requested delivery date as read lies half a year or more ahead (or in the past)
    while the same digits read the other way give a date within the next three months: "12/01/2027" of an
    American customer received on 7 December 2026 read month first is 1 December 2027, day first 12 January
    2027. A person confirms how the customer's document writes dates."""
    d = order.requested_delivery_date
    if d is None or order.source.format not in WRITTEN_DATE_FORMATS or d.day > 12 or d.day == d.month \
            or "requested_delivery_date" in order.dates_in_words:  # "2 July 2027": a month word is never swapped
        return []
    swapped = date(d.year, d.day, d.month)
    ahead = (d - today).days
    if (ahead >= FAR_AHEAD_DAYS or ahead < -1) and 0 <= (swapped - today).days <= NEAR_DAYS:
        return [("DATE-AMBIGUOUS", "requested_delivery_date",
                 f"requested delivery date {d} is {abs(ahead)} days {'after' if ahead > 0 else 'before'} receipt; "
                 f"with day and month the other way it is {swapped}: a person confirms how the customer's "
                 f"document writes dates")]
    return []


def check_requested_date(order: NormalizedOrder, policy: EffectivePolicy) -> list[tuple[str, str | None, str]]:
    live = [line for line in order.lines if line.action != "delete"]
    if order.kind != OrderKind.NEW or order.requested_delivery_date is not None:
        return []  # a change keeps its original's date unless it names another
    if any(issue.code == "DELIVERY-DATE-MISSING" for issue in order.issues):
        return []  # the reader already named it, with the typed wish ("livraison semaine prochaine")
    if live and all(line.requested_date is not None for line in live):
        return []
    if policy.requested_date == "customer_default":
        return [("DELIVERY-DATE-DEFAULT", "requested_delivery_date",
                 "no requested delivery date; the customer's declared default lead time applies")]
    return [("DELIVERY-DATE-MISSING", "requested_delivery_date", "no requested delivery date")]


def check_currency(order: NormalizedOrder, customer: CustomerRecord | None) -> list[tuple[str, str | None, str]]:
    out = check_line_currencies(order)
    if customer is None or not customer.currency or not order.currency:
        return out
    if order.currency.strip().upper() != customer.currency.strip().upper():
        out.insert(0, ("CURRENCY-MISMATCH", "currency", f"the order is in {order.currency}; customer "
                                                        f"{customer.customer_id} buys in {customer.currency}"))
    return out


def check_line_currencies(order: NormalizedOrder) -> list[tuple[str, str | None, str]]:
    """A line priced in another currency than the order's: its price is not in the order's money."""
    if not order.currency:
        return []
    expected = order.currency.strip().upper()
    return [("CURRENCY-MISMATCH", f"lines[{line.line_no}].currency",
             f"line {line.line_no}: priced in {line.currency}; the order is in {order.currency}")
            for line in order.lines
            if line.action != "delete" and line.currency and line.currency.strip().upper() != expected]


def check_line_unit(units: UnitCodes, line: OrderLine, product: ProductRecord,
                    convertible: bool) -> list[tuple[str, str | None, str]]:
    """A convertible line not yet in the product's own code, or a fraction of a counted unit."""
    where = f"lines[{line.line_no}].uom"
    own, _sold = product_code(units, product)
    out = []
    if convertible and own and line.uom.strip().upper() != own:
        out.append(("UOM-NOT-PRODUCT-UNIT", where, f"line {line.line_no}: unit {line.uom} is not the unit "
                                                   f"{product.sku} is sold in ({own})"))
    if not is_whole(line.quantity, line.uom, units):
        out.append(("QTY-NOT-WHOLE", f"lines[{line.line_no}].quantity",
                    f"line {line.line_no}: {line.quantity:f} {line.uom} is not a whole number of {line.uom}"))
    return out


def check_line_price(line: OrderLine, policy: EffectivePolicy) -> list[tuple[str, str | None, str]]:
    if line.unit_price is not None:
        return []
    where = f"lines[{line.line_no}].unit_price"
    if line.unread_prices:
        return [("PRICE-UNREAD", where, f"line {line.line_no}: the order states {'; '.join(line.unread_prices)}, "
                                        f"not a unit price the gateway applies; check the price")]
    if line.field_confidence.get("unit_price", 1.0) == 0.0:  # a price column, this line's price not read
        return [("PRICE-UNREAD", where, f"line {line.line_no}: the document prints a price that could not be "
                                        f"read; the ERP must not price it on its own")]
    if policy.prices == "required":
        return [("PRICE-MISSING", where, f"line {line.line_no}: no price, and the customer's policy "
                                         f"requires one")]
    return [("PRICE-ABSENT", where, f"line {line.line_no}: no price on the order; the ERP prices it")]
