"""Order rules: every check of a normalized order against master data, each failure a named reason.

A check yields ``Finding``s (stable code, field, human text); ``apply_action`` turns each into an
``Issue`` according to ``[decide.actions]``: ``hold`` makes it an error (the order waits for a
person), ``flag`` a warning (delivered, with the reason attached), ``off`` drops it.

Checks: customer known and not on credit block; mandatory fields present; every item known,
orderable and (when the product lists customers) orderable by this customer; quantity positive; unit
known and convertible to the product's unit; price within the customer's tolerance of the price list;
a net price above zero (not negative, not zero only through allowances); a stated line amount that is
quantity x price (PRICE-LINE-AMOUNT, every format: EDIFACT MOA 203, UBL LineExtensionAmount, openTRANS
PRICE_LINE_AMOUNT, a read or typed amount); requested delivery dates not
in the past (in the customer's time zone); then the completeness gate (``gateway.stages.completeness``) with
the customer's declared policy.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

import structlog

from extractors.locale_values import MONTH_FIRST_COUNTRIES
from extractors.pricing import amount_matches, net_price
from gateway.stages import completeness as gate
from gateway.config_decide import DecideSection, EffectivePolicy
from gateway.context import Context
from gateway.errors import ConfigError
from gateway.reference.masterdata import CustomerRecord, MasterData, ProductRecord
from gateway.model import Allowance, Issue, NormalizedOrder, OrderKind, OrderLine, order_adjustment
from gateway.stages.item_matching import part_of
from gateway.stages.payment_terms import check_payment_terms
from gateway.stages.line_units import resolve_unit
from gateway.stages.sla import customer_zone
from gateway.stages.vat_rates import wrong_gross_rates
from gateway.reference.unit_conversions import (CHECK_INTERVAL_S, ConversionTable, learned_units_path,
                                                load_conversions)
from gateway.reference.units import UnitCodes

log = structlog.get_logger(__name__)


class Finding(NamedTuple):
    code: str
    field: str | None
    message: str


@dataclass(frozen=True)
class RuleContext:
    """What the checks need, gathered once per order."""

    md: MasterData
    cfg: DecideSection
    units: UnitCodes
    conversions: ConversionTable
    today: date  # the receipt date in the customer's time zone
    customer: CustomerRecord | None = None
    policy: EffectivePolicy | None = None

    def product(self, line: OrderLine) -> ProductRecord | None:
        return self.md.products.get(line.sku) if line.sku else None

    def to_product_unit(self, line: OrderLine, product: ProductRecord) -> Decimal | None:
        """How many of the product's sales units one of the line's units makes (None: unknown)."""
        customer_id = self.customer.customer_id if self.customer else None
        return resolve_unit(self.units, self.conversions, list(self.cfg.rules.sales_unit_aliases), product,
                            line.uom, customer_id).factor

    @property
    def price_tolerance_pct(self) -> float:
        return self.policy.price_tolerance_pct if self.policy else self.cfg.rules.price_tolerance_pct

    def list_price(self, line: OrderLine) -> Decimal | None:
        """The price-list price for one of the line's units, when it can be known."""
        product = self.product(line)
        if product is None or product.unit_price is None:
            return None
        factor = self.to_product_unit(line, product)
        return None if factor is None else product.unit_price * factor


def conversions_path(ctx: Context) -> Path:
    path = ctx.config.decide.rules.conversions_file
    return path if path.is_absolute() else ctx.config.gateway.mappings_dir / path


_TABLE_PATHS: dict[int, tuple[object, Path, Path]] = {}  # by configuration: (it, table file, learned file)


def _table_paths(ctx: Context) -> tuple[Path, Path]:
    """The table's and the learned conversions' files of this configuration, made once per configuration
    (an order reads the table several times: the same path objects keep the cache look-up cheap)."""
    config = ctx.config
    known = _TABLE_PATHS.get(id(config))
    if known is None or known[0] is not config:
        if len(_TABLE_PATHS) > 16:
            _TABLE_PATHS.clear()
        known = _TABLE_PATHS[id(config)] = (config, conversions_path(ctx),
                                            learned_units_path(config.gateway.data_dir))
    return known[1], known[2]


def load_conversions_safely(ctx: Context) -> ConversionTable:
    """The conversion table; an empty one (every conversion unknown) when the file is broken."""
    try:
        return load_conversions(*_table_paths(ctx), max_age_s=CHECK_INTERVAL_S)
    except ConfigError as exc:  # a broken table must not stop orders: conversions are then unknown
        log.error("unit_conversions_invalid", error=exc.message)
        return ConversionTable()


def rule_context(ctx: Context, order: NormalizedOrder) -> RuleContext:
    md = ctx.master_data.current()
    conversions = load_conversions_safely(ctx)
    customer = md.customers.get(order.customer.id or "")
    today = order.sla.received_at.astimezone(customer_zone(ctx, customer)).date()
    cfg = ctx.config.decide
    policy = cfg.completeness.policy(order.customer.id, cfg.rules.price_tolerance_pct)
    return RuleContext(md=md, cfg=cfg, units=ctx.units, conversions=conversions, today=today,
                       customer=customer, policy=policy)


def apply_action(cfg: DecideSection, finding: Finding) -> Issue | None:
    if finding.code in gate.INFO_CODES:
        return Issue(code=finding.code, field=finding.field, message=finding.message, severity="info")
    action = cfg.action(finding.code)
    if action == "off":
        return None
    return Issue(code=finding.code, field=finding.field, message=finding.message,
                 severity="error" if action == "hold" else "warning")


# --- the checks ------------------------------------------------------------------------------


def check_customer(md: MasterData, order: NormalizedOrder) -> list[Finding]:
    if order.customer.id is None:
        return [Finding("CUSTOMER-UNKNOWN", "customer", "the sender is not a known customer")]
    record: CustomerRecord | None = md.customers.get(order.customer.id)
    if record is None:
        return [Finding("CUSTOMER-UNKNOWN", "customer",
                        f"customer {order.customer.id} is not in the master data")]
    if record.credit_block:
        return [Finding("CREDIT-BLOCK", "customer", f"customer {order.customer.id} is on credit block")]
    return []


def check_mandatory(order: NormalizedOrder, fields: list[str]) -> list[Finding]:
    out: list[Finding] = []
    for name in fields:
        if name == "po_number" and not order.po_number:
            out.append(Finding("PO-MISSING", "po_number", "no purchase order number"))
        elif name == "lines" and not order.lines and order.kind != OrderKind.CANCEL:
            out.append(Finding("LINES-MISSING", "lines", "the order has no lines"))
        elif name.startswith("lines."):
            attr = name.split(".", 1)[1]
            out += [Finding("FIELD-MISSING", f"lines[{line.line_no}].{attr}",
                            f"line {line.line_no}: {attr.replace('_', ' ')} is missing")
                    for line in order.lines if line.action != "delete" and getattr(line, attr) is None]
        elif name not in ("po_number", "lines") and getattr(order, name) in (None, ""):
            out.append(Finding("FIELD-MISSING", name, f"{name.replace('_', ' ')} is missing"))
    return out


def allowed_customers(product: ProductRecord) -> frozenset[str]:
    """Customers a product is reserved for (master data ``customers`` column, ``;``-separated)."""
    value = getattr(product, "customers", "") or ""
    items = value.split(";") if isinstance(value, str) else value
    return frozenset(item.strip() for item in items if item and item.strip())


def check_item(rc: RuleContext, customer_id: str | None, line: OrderLine) -> list[Finding]:
    where = f"lines[{line.line_no}].sku"
    product = rc.product(line)
    if product is None:
        code = line.supplier_item or line.customer_item or line.gtin or line.description or line.sku or "?"
        return [Finding("ITEM-UNKNOWN", where, f"line {line.line_no}: item {code} is not in the "
                                               f"catalogue or the customer's cross-reference")]
    if part := part_of(line.description, product):
        return [Finding("ITEM-UNKNOWN", where, f"line {line.line_no}: the description names a {part} of "
                                               f"{product.sku}, not {product.sku} itself: {line.description!r}")]
    if not product.orderable:
        return [Finding("ITEM-NOT-ORDERABLE", where, f"line {line.line_no}: {product.sku} is not orderable")]
    allowed = allowed_customers(product)
    if allowed and customer_id not in allowed:
        return [Finding("ITEM-NOT-FOR-CUSTOMER", where, f"line {line.line_no}: {product.sku} is not "
                                                        f"orderable by customer {customer_id or '?'}")]
    return []


def check_quantity_and_unit(rc: RuleContext, line: OrderLine) -> list[Finding]:
    out: list[Finding] = []
    if line.quantity == 0 and line.field_confidence.get("quantity") == 0.0:
        out.append(Finding("QTY-INVALID", f"lines[{line.line_no}].quantity", f"line {line.line_no}: quantity missing"))
    elif line.quantity <= 0:
        out.append(Finding("QTY-INVALID", f"lines[{line.line_no}].quantity",
                           f"line {line.line_no}: quantity {line.quantity} is not positive"))
    product = rc.product(line)
    own = product is not None and line.uom.strip().upper() == product.uom.strip().upper()
    if rc.units.normalize(line.uom) is None and not own:
        out.append(Finding("UOM-UNKNOWN", f"lines[{line.line_no}].uom",
                           f"line {line.line_no}: unit {line.uom!r} is not a known unit"))
        return out
    if product is None:
        return out
    convertible = rc.to_product_unit(line, product) is not None
    if not convertible:
        out.append(Finding("UOM-NO-CONVERSION", f"lines[{line.line_no}].uom",
                           f"line {line.line_no}: ordered in {line.uom}, {product.sku} is sold in "
                           f"{product.uom}; no conversion from {line.uom} to {product.uom} is known "
                           f"(mappings/unit_conversions.toml, the product's pack size)"))
    if rc.cfg.completeness.enabled:
        out += [Finding(*f) for f in gate.check_line_unit(rc.units, line, product, convertible)]
    return out


def check_price(rc: RuleContext, line: OrderLine) -> list[Finding]:
    listed = rc.list_price(line)
    if line.unit_price is None or not listed:
        return []
    deviation = abs(line.unit_price - listed) / listed * 100
    if deviation <= Decimal(str(rc.price_tolerance_pct)):
        return []
    if _list_less_discount(line, listed, Decimal(str(rc.price_tolerance_pct)),
                           Decimal(str(rc.cfg.rules.line_discount_max_pct))):
        return []
    return [Finding("PRICE-MISMATCH", f"lines[{line.line_no}].unit_price",
                    f"line {line.line_no}: price {line.unit_price} per {line.uom} differs from the "
                    f"price list ({listed.normalize():f}) by {deviation:.1f} %")]


def _list_less_discount(line: OrderLine, listed: Decimal, tolerance: Decimal, most: Decimal) -> bool:
    """The line's gross price is the list price (within tolerance) and its net price is that less the
    line's own stated discount ("24,50" with "Rabatt 10 %", Business Central's "Line Discount %") of at most
    ``most`` percent (``[decide.rules] line_discount_max_pct``, 0 by default: a printed discount is the customer's
    claim and waits, review rev3 U5): the price the customer pays is our list price discounted as the document
    says, its amount the quantity x net price (``check_line_amount``); no price mismatch."""
    if line.gross_price is None or line.unit_price is None or not line.unit_price < line.gross_price:
        return False
    own = [a for a in line.allowances if a.applied and a.level != "order" and a.kind == "allowance"]
    if not own or any(a.percent is None or a.percent > most for a in own):
        return False
    return abs(line.gross_price - listed) / listed * 100 <= tolerance


def check_price_sign(line: OrderLine) -> list[Finding]:
    """A net price below zero, or zero only because of allowances, is never passed on as read."""
    price = line.unit_price
    applied = [a for a in line.allowances if a.applied]
    if price is None or price > 0 or (price == 0 and not applied):
        return []
    listed = "; ".join(_allowance_text(a) for a in applied) or "none"
    gross = f" from gross {line.gross_price}" if line.gross_price is not None else ""
    return [Finding("PRICE-NEGATIVE", f"lines[{line.line_no}].unit_price",
                    f"line {line.line_no}: net price {price}{gross} is not positive after the allowances "
                    f"and charges ({listed})")]


def check_line_amount(line: OrderLine) -> list[Finding]:
    """A line amount that is not quantity x net price: the price, the quantity or the amount is wrong and
    nothing says which (5 x 64.00 stated as 192.00). The net price before the order's own percentages
    also counts (a line amount may be stated before them)."""
    q, price, amount = line.quantity, line.unit_price, line.amount
    if price is None or amount is None or q <= 0:
        return []
    if amount_matches(q, price, amount) or any(amount_matches(q, p, amount) for p in _line_only_price(line)):
        return []
    return [Finding("PRICE-LINE-AMOUNT", f"lines[{line.line_no}].amount",
                    f"line {line.line_no}: quantity {q.normalize():f} x price {price.normalize():f} is "
                    f"{(q * price).quantize(Decimal('0.01'))}, the line amount says {amount}")]


def _line_only_price(line: OrderLine) -> list[Decimal]:
    """The net price with only the line's own allowances applied, when the order's also went into it."""
    if line.gross_price is None or not any(a.applied and a.level == "order" for a in line.allowances):
        return []
    own = [a for a in line.allowances if a.applied and a.level == "line"]
    price, _marked = net_price(line.gross_price, own, line.quantity)
    return [] if price is None else [price]


def _allowance_text(a: Allowance) -> str:
    value = (f"{a.percent} %" if a.percent is not None else f"{a.per_unit} per unit" if a.per_unit is not None
             else f"{a.amount}" if a.amount is not None else "?")
    return f"{a.kind} {a.code or ''} {value}".replace("  ", " ")


def check_dates(order: NormalizedOrder, today: date) -> list[Finding]:
    out: list[Finding] = []
    if order.requested_delivery_date and order.requested_delivery_date < today:
        out.append(Finding("DATE-PAST", "requested_delivery_date",
                           f"requested delivery date {order.requested_delivery_date} is in the past"))
    out += _far_ahead(order, today)
    for line in order.lines:
        if line.requested_date and line.requested_date < today and line.action != "delete":
            out.append(Finding("DATE-PAST", f"lines[{line.line_no}].requested_date",
                               f"line {line.line_no}: requested date {line.requested_date} is in the past"))
    return out


FAR_AHEAD_DAYS = 366  # a requested date further than this after the order's date (or receipt) is a misreading or a
# typing slip more often than a wish ("15/12/2026" read 2072-12-15 on a fax): a person confirms it


def _far_ahead(order: NormalizedOrder, today: date) -> list[Finding]:
    """DATE-FAR-AHEAD for a requested delivery date (the order's, or a line's) read from a fax or a scan (its digits
    recognised from an image) more than ``FAR_AHEAD_DAYS`` after the order's date, or after today when it has none.
    A date typed into a structured order or a text layer is the customer's own: far or not, it goes as written."""
    if order.source.format != "ocr":
        return []
    start = order.order_date or today
    dated = [("requested_delivery_date", order.requested_delivery_date)] + [
        (f"lines[{ln.line_no}].requested_date", ln.requested_date) for ln in order.lines if ln.action != "delete"]
    return [Finding("DATE-FAR-AHEAD", where, f"requested delivery date {when} is more than a year after "
                                              f"{start}: a misreading or a typing slip? confirm it with the customer")
            for where, when in dated if when and (when - start).days > FAR_AHEAD_DAYS]


def find_faults(rc: RuleContext, order: NormalizedOrder) -> list[Finding]:
    """Every rule's findings for one order, header first, then line by line."""
    found = check_customer(rc.md, order) + check_mandatory(order, list(rc.cfg.rules.mandatory_fields))
    doubted = _unit_doubted(order)
    for line in order.lines:
        if line.action == "delete":
            continue
        found += check_item(rc, order.customer.id, line)
        if line.line_no in doubted:  # "10 carton at 24.50: 10 BX or 50 BX?" is the one reason; its price and
            found += [f for f in check_quantity_and_unit(rc, line)  # unit are judged once a person has settled it
                      if f.code not in ("UOM-NOT-PRODUCT-UNIT", "UOM-NO-CONVERSION")]
        else:
            found += check_quantity_and_unit(rc, line)
            found += check_price(rc, line)
        found += check_price_sign(line)
        found += check_line_amount(line)
    return found + check_dates(order, rc.today) + check_total(order) + check_gross_rate(rc, order) + \
        check_complete(rc, order)


def _unit_doubted(order: NormalizedOrder) -> set[int]:
    """The lines held ``UOM-PACK-UNSURE`` (two readings of a package word): their price is not judged by
    either reading (a PRICE-MISMATCH against the larger package's price misleads the clerk)."""
    out: set[int] = set()
    for issue in order.issues:
        if issue.code == "UOM-PACK-UNSURE" and issue.field and issue.field.startswith("lines["):
            number = issue.field[len("lines["):].split("]", 1)[0]
            if number.isdigit():
                out.add(int(number))
    return out


def check_gross_rate(rc: RuleContext, order: NormalizedOrder) -> list[Finding]:
    """A total with tax and no tax row whose rate over the net is no VAT rate of the customer's country holds
    (``TOTAL-MISMATCH``): 303.88 over 284.00 is 7 %, no Belgian rate."""
    if order.kind != OrderKind.NEW or rc.customer is None:
        return []
    wrong = wrong_gross_rates(order.references, rc.customer.country)
    return [Finding("TOTAL-MISMATCH", "total",
                    f"the total with tax is the net plus {', '.join(f'{r.normalize():f}' for r in wrong)} %, no VAT "
                    f"rate of {rc.customer.country}: the total is wrong or a row is missing")] if wrong else []


MAX_TAX = Decimal("0.27")  # the highest VAT rate in use: a stated total may include tax up to this


def check_total(order: NormalizedOrder) -> list[Finding]:
    """A stated order total the lines cannot explain holds the order (``TOTAL-MISMATCH``).

    The lines' sum, with the order's own allowances and charges, must lie between the total less tax at
    the highest VAT rate and the total itself (a total with or without tax passes; cents of rounding
    per line are allowed). A typed total that says nothing of tax or says it is net (``references
    ["total_basis"] = "net"``) must be the lines' sum. Skipped for changes and cancellations, and when a
    line has no amount or price."""
    if order.total is None or order.kind != OrderKind.NEW:
        return []
    lines = [ln for ln in order.lines if ln.action != "delete"]
    amounts = [ln.amount if ln.amount is not None else
               ln.quantity * ln.unit_price if ln.unit_price is not None else None for ln in lines]
    if not lines or any(a is None for a in amounts):
        return []
    net = sum(amounts, Decimal(0))
    basis = order.references.get("total_basis")
    if basis != "lines":  # EDIFACT MOA+79: the line items' total, before the order's allowances and charges
        net += order_adjustment(order.allowances) + percent_adjustment(order.allowances, net)
    slack = Decimal("0.01") * (len(lines) + 1)
    parts = stated_parts(order.references)
    tax = Decimal(0) if basis in ("net", "lines", "stated_parts") else MAX_TAX  # a typed total saying no tax
    if any(net + extra - slack <= order.total <= (net + extra) * (1 + tax) + slack for extra in part_sums(parts)):
        return []
    said = "; ".join(f"{name} {value.normalize():f}" for name, value in parts)
    return [Finding("TOTAL-MISMATCH", "total",
                    f"the order states a total of {order.total} but its lines come to {net.normalize():f}"
                    + (" with the order's allowances and charges" if order.allowances and basis != "lines" else "")
                    + (f" (with or without the {said} it states)" if parts else ""))]


def stated_parts(references: dict[str, str]) -> list[tuple[str, Decimal]]:
    """The shipping and tax amounts an order states beside its total (cXML ``Shipping``, ``Tax``)."""
    out = []
    for key, name in (("total_shipping", "shipping"), ("total_tax", "tax")):
        if references.get(key):
            try:
                out.append((name, Decimal(references[key])))
            except ArithmeticError:
                continue
    return out


def part_sums(parts: list[tuple[str, Decimal]]) -> set[Decimal]:
    """What the stated parts may add to the lines' sum: none, each, or all of them (a total counts them or not)."""
    sums = {Decimal(0)}
    for _name, value in parts:
        sums |= {s + value for s in sums}
    return sums


def percent_adjustment(allowances: list[Allowance], lines_sum: Decimal) -> Decimal:
    """What the order's own allowances and charges stated only as a percentage (EDIFACT ``ALC+A`` with
    ``PCD+3:5`` before the first line, no amount) add to the lines' sum, each on that sum, rounded to
    the cent."""
    out = Decimal(0)
    for a in allowances:
        if a.level == "order" and a.amount is None and a.per_unit is None and a.percent is not None \
                and not a.applied:
            step = (lines_sum * a.percent / 100).quantize(Decimal("0.01"))
            out += step if a.kind == "charge" else -step
    return out


def check_complete(rc: RuleContext, order: NormalizedOrder) -> list[Finding]:
    """The completeness gate's findings (``gateway.stages.completeness``); none when it is disabled."""
    cfg = rc.cfg.completeness
    if not cfg.enabled or rc.policy is None or order.kind == OrderKind.CANCEL:
        return []
    found = gate.check_identification(order) + gate.check_po_and_lines(order, list(rc.cfg.rules.mandatory_fields))
    found += gate.check_order_date(order, rc.today, rc.policy, cfg)
    found += gate.check_requested_date(order, rc.policy)
    if _month_first(rc):  # "12/01/2027" read month first a year out: the day-first reading may be meant
        found += gate.swapped_requested_date(order, rc.today)
    found += gate.check_currency(order, rc.customer)
    found += check_payment_terms(order, rc.customer, cfg.usual_terms())
    for line in order.lines:
        if line.action != "delete" and rc.product(line) is not None:
            found += gate.check_line_price(line, rc.policy)
    return [Finding(*f) for f in found]


def _month_first(rc: RuleContext) -> bool:
    """The customer's documents were read month first: its declared date order, else its country's (US)."""
    declared = rc.policy.date_order if rc.policy is not None else None
    if declared:
        return declared == "mdy"
    return rc.customer is not None and (rc.customer.country or "").upper()[:2] in MONTH_FIRST_COUNTRIES


def apply_rules(ctx: Context, order: NormalizedOrder) -> list[Issue]:
    """The issues the configured rules give this order (``off`` rules left out)."""
    rc = rule_context(ctx, order)
    issues = (apply_action(rc.cfg, f) for f in find_faults(rc, order))
    return [i for i in issues if i is not None]


def order_value(rc: RuleContext, order: NormalizedOrder) -> Decimal | None:
    """Quantity x price over the lines (the line's price, else the price list); None if unpriced."""
    total = Decimal(0)
    for line in order.lines:
        if line.action == "delete":
            continue
        price = line.unit_price if line.unit_price is not None else rc.list_price(line)
        if price is None:
            return None
        total += line.quantity * price
    return total
