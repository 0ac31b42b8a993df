"""Review: what people do with orders the gateway held (low confidence, unknown items, duplicates, changes).

A reviewer corrects header fields and lines, then approves: the corrected order is validated again
and delivered. Every correction is recorded as an event (what changed, from what, to what, who, when)
and counted as an entry error. An item-code correction can be kept as a learned cross-reference so
the same code maps by itself next time. Duplicates can be released, changes accepted or rejected.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

import structlog
from pydantic import ValidationError

from gateway.stages.completeness import ACCEPTED_ON_APPROVAL
from gateway.context import Context
from gateway.stages.dedup import (applied_changes, changes_waiting_for, current_version, differences, mark_change,
                                  mark_duplicate, same_version, supersede_doubtful_copy, sure_copy_of, window)
from gateway.errors import StaleOrderError
from gateway.store.journal import Event, utcnow
from gateway.stages.pipeline import copies_moved, release_waiting_changes
from gateway.reference.learned_items import learn, learned_path, read_learned, to_learn
from gateway.stages.line_units import resolve_unit, units_to_learn
from gateway.model import Address, AsReceived, Customer, Issue, NormalizedOrder, OrderKind, OrderLine, OrderStatus
from gateway.order_keys import line_fingerprint, same_po
from gateway.review.order_states import (
    ACTIVE_TWIN, WAITING, Action, Delivery, OrderStateError, ReviewError, check_delivery, check_duplicate_release,
    delivered_twin, order_state, transition_for,
)
from gateway.stages.rules import check_total, load_conversions_safely
from gateway.reference.unit_conversions import learn_units, learned_units_path
from gateway.stages.validate import validate_order

HEADER_FIELDS = ("po_number", "order_date", "requested_delivery_date", "currency", "priority", "total")
ADDRESS_FIELDS = ("name", "street", "city", "postcode", "country")
ADDRESSES = ("ship_to", "bill_to")  # delivery and invoicing
LINE_FIELDS = ("sku", "customer_item", "gtin", "description", "quantity", "uom", "unit_price", "amount")
log = structlog.get_logger(__name__)


# What a correction may set, with the bounds the stored order is read back with: a value outside them is a
# 422 naming the field, never stored (an order that cannot be loaded again would block the queue).
BODY_KEYS = frozenset({*HEADER_FIELDS, *(f"{a}.{f}" for a in ADDRESSES for f in ADDRESS_FIELDS), "customer_id",
                       "lines", "picked_from_page", "save_xref", "learn_units", "role"})  # role: set by act()
LINE_KEYS = frozenset({"line_no", "delete", *LINE_FIELDS})
NUMBER_BOUNDS = {"quantity": (Decimal("1e7"), 4, False), "unit_price": (Decimal("1e9"), 4, True),
                 "amount": (Decimal("1e11"), 2, True), "total": (Decimal("1e12"), 2, True)}
TEXT_MAX = {"po_number": 64, "currency": 3, "sku": 64, "customer_item": 64, "gtin": 14, "uom": 3,
            "description": 500}
MAX_LINES = 500  # rows of one order after a correction
PRIORITIES = ("normal", "urgent")
CURRENCY = re.compile(r"[A-Z]{3}")
# ISO 4217 active codes (the three-letter codes a currency field may hold)
ISO_4217 = frozenset("""AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN
BZD CAD CDF CHF CLP CNY COP CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ
GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD
MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR
RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS
UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XOF XPF YER ZAR ZMW ZWL""".split())


def _bad(field: str, why: str) -> ReviewError:
    return ReviewError(f"{field}: {why}", code="REVIEW-VALUE", status=422,
                       issues=[Issue(code="REVIEW-VALUE", field=field, severity="error", message=why)])


def _printable(field: str, text: str, limit: int) -> str:
    """Text without control, format (bidi overrides, zero width) or line/paragraph separator characters."""
    if len(text) > limit:
        raise _bad(field, f"at most {limit} characters")
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp") for ch in text):
        raise _bad(field, "control or invisible characters are not allowed")
    return text


def _number(field: str, value: Any) -> Decimal:
    name = field.rsplit(".", 1)[-1]
    limit, places, zero_ok = NUMBER_BOUNDS[name]
    if isinstance(value, bool) or not isinstance(value, (str, int)):  # a JSON float is not exact
        raise _bad(field, "a number written as a string, e.g. \"12.50\"")
    text = str(value).strip().replace(",", ".")
    if len(text) > 40 or not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", text):
        raise _bad(field, f"{str(value)[:40]!r} is not a number")
    number = Decimal(text)
    if not number.is_finite():
        raise _bad(field, "not a finite number")
    if number < 0 or (number == 0 and not zero_ok):
        raise _bad(field, "must be positive" if not zero_ok else "must not be negative")
    if number >= limit:
        raise _bad(field, f"must be below {limit:f}")
    if -number.normalize().as_tuple().exponent > places:
        raise _bad(field, f"at most {places} decimals")
    return number


def _coerce(field: str, value: Any) -> Any:
    """A corrected value as the order holds it. Raises ReviewError (422 naming the field)."""
    if value is None or (isinstance(value, str) and value.strip() == ""):
        if field == "po_number":
            raise _bad(field, "a PO number cannot be empty")
        return None
    name = field.rsplit(".", 1)[-1]
    if name in NUMBER_BOUNDS:
        return _number(field, value)
    if not isinstance(value, str):
        raise _bad(field, "must be a string")
    value = value.strip()
    if name in ("order_date", "requested_delivery_date"):
        try:
            day = date.fromisoformat(value) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else None
        except ValueError:
            day = None
        if day is None or not 2000 <= day.year <= 2100:
            raise ReviewError(f"{field}: {value[:40]!r} is not valid (a date YYYY-MM-DD)", code="REVIEW-VALUE",
                              status=422, issues=[Issue(code="REVIEW-VALUE", field=field, severity="error",
                                                        message="a date YYYY-MM-DD")])
        return day
    if field == "priority" and value not in PRIORITIES:
        raise _bad(field, f"one of {', '.join(PRIORITIES)}")
    if field == "currency":
        value = value.upper()
        if not CURRENCY.fullmatch(value) or value not in ISO_4217:
            raise _bad(field, "an ISO 4217 currency code such as EUR")
    return _printable(field, value, TEXT_MAX.get(name, 200))


def check_body(changes: dict[str, Any]) -> None:
    """The shape of a correction body: known keys, lines a bounded list of objects with an integer
    ``line_no``. Raises ReviewError (422 naming the field)."""
    unknown = sorted(k for k in changes if k not in BODY_KEYS)
    if unknown:
        raise _bad(unknown[0][:60], "not a field a correction may set")
    lines = changes.get("lines", [])
    if not isinstance(lines, list) or len(lines) > MAX_LINES:
        raise _bad("lines", f"a list of at most {MAX_LINES} line corrections")
    for i, patch in enumerate(lines):
        if not isinstance(patch, dict):
            raise _bad(f"lines[{i}]", "a line correction is an object")
        extra = sorted(k for k in patch if k not in LINE_KEYS)
        if extra:
            raise _bad(f"lines[{i}].{extra[0][:60]}", "not a field of a line")
        no = patch.get("line_no")
        if no is not None and (isinstance(no, bool) or not isinstance(no, int) or not 0 <= no <= 100_000):
            raise _bad(f"lines[{i}].line_no", "a line number (integer) or null for a new line")
        if not isinstance(patch.get("delete", False), bool):
            raise _bad(f"lines[{i}].delete", "true or false")
    for key in ("save_xref", "learn_units"):
        if key in changes and not isinstance(changes[key], bool):
            raise _bad(key, "true or false")
    if "customer_id" in changes and changes["customer_id"] is not None and not isinstance(changes["customer_id"], str):
        raise _bad("customer_id", "a customer id")


def _apply_header(order: NormalizedOrder, changes: dict[str, Any], diff: list[dict]) -> None:
    for field in HEADER_FIELDS:
        if field in changes:
            new = _coerce(field, changes[field])
            old = getattr(order, field)
            if new != old:
                diff.append({"field": field, "from": _s(old), "to": _s(new)})
                setattr(order, field, new)
                order.field_confidence[field] = 1.0


def _apply_addresses(order: NormalizedOrder, changes: dict[str, Any], diff: list[dict]) -> None:
    """``ship_to.street``, ``bill_to.city`` and the like: the delivery and invoicing addresses, field by field."""
    for which in ADDRESSES:
        before = getattr(order, which) or Address()
        address = before.model_copy()
        for field in ADDRESS_FIELDS:
            key = f"{which}.{field}"
            if key in changes:
                new, old = _coerce(key, changes[key]), getattr(address, field)
                if new != old:
                    diff.append({"field": key, "from": _s(old), "to": _s(new)})
                    setattr(address, field, new)
                    order.field_confidence[key] = 1.0
        if address != before:
            setattr(order, which, address)


def _apply_customer(ctx: Context, order: NormalizedOrder, customer_id: str | None, diff: list[dict]) -> None:
    if not customer_id or customer_id == order.customer.id:
        return
    rec = ctx.master_data.current().customers.get(customer_id)
    if rec is None:
        raise ReviewError(f"customer {customer_id} is not in the master data", code="REVIEW-VALUE",
                          status=422)
    diff.append({"field": "customer.id", "from": order.customer.id, "to": customer_id})
    order.customer = Customer(id=rec.customer_id, name=rec.name, identified_by="reviewer")


def _apply_lines(order: NormalizedOrder, lines: list[dict[str, Any]], diff: list[dict]) -> list[OrderLine]:
    by_no = {line.line_no: line for line in order.lines}
    changed_sku: list[OrderLine] = []
    for patch in lines:
        no = int(patch.get("line_no") or 0)
        line = by_no.get(no)
        if patch.get("delete"):
            if line is not None:
                order.lines.remove(line)
                diff.append({"field": f"lines[{no}]", "from": line.sku or line.customer_item, "to": None})
            continue
        if line is None:
            if len(order.lines) >= MAX_LINES:
                raise _bad("lines", f"an order has at most {MAX_LINES} lines")
            if patch.get("quantity") in (None, ""):
                raise _bad(f"lines[{no}].quantity", "a new line needs a quantity")
            no = max(by_no, default=0) + 1
            line = OrderLine(line_no=no, quantity=Decimal(1), uom="C62")
            order.lines.append(line)
            by_no[no] = line
            diff.append({"field": f"lines[{no}]", "from": None, "to": "added"})
        amount_before = line.amount
        for field in LINE_FIELDS:
            if field in patch:
                new = _coerce(f"lines[{no}].{field}", patch[field])
                old = getattr(line, field)
                if new != old and not (new is None and field in ("quantity", "uom")):
                    diff.append({"field": f"lines[{no}].{field}", "from": _s(old), "to": _s(new)})
                    setattr(line, field, new)
                    line.field_confidence[field] = 1.0
                    if field == "sku":
                        changed_sku.append(line)
        _recompute_amount(line, patch, amount_before, no, diff)
        line.confidence = min(line.field_confidence.values(), default=1.0)
    return changed_sku


def _recompute_amount(line: OrderLine, patch: dict[str, Any], before: Decimal | None, no: int,
                      diff: list[dict]) -> None:
    """A line whose quantity or price a person changed (a split, a merge, an edit) gets its amount
    computed again unless the same correction states an amount of its own."""
    if not ({"quantity", "unit_price"} & patch.keys()) or patch.get("amount") not in (None, ""):
        return
    if line.unit_price is None:
        return
    amount = (line.quantity * line.unit_price).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if amount != line.amount:
        if before == line.amount:  # not already recorded by this correction
            diff.append({"field": f"lines[{no}].amount", "from": _s(line.amount), "to": _s(amount)})
        else:
            diff[:] = [d for d in diff if d["field"] != f"lines[{no}].amount"]
            diff.append({"field": f"lines[{no}].amount", "from": _s(before), "to": _s(amount)})
        line.amount = amount


def _to_product_unit(ctx: Context, order: NormalizedOrder, changed_sku: list[OrderLine],
                     patches: list[dict[str, Any]]) -> None:
    """A line whose item a reviewer changed takes the new product's own unit code when its unit means
    the same (EA for a product in C62); a real conversion is left for the reviewer to see."""
    md = ctx.master_data.current()
    conversions = load_conversions_safely(ctx)
    unit_given = {int(p.get("line_no") or 0) for p in patches if p.get("uom")}
    for line in changed_sku:
        product = md.products.get(line.sku or "")
        if product is None or line.line_no in unit_given:
            continue
        res = resolve_unit(ctx.units, conversions, list(ctx.config.decide.rules.sales_unit_aliases), product,
                           line.uom, order.customer.id)
        if res.how in ("same", "alias"):
            line.uom = res.uom


def _s(value: Any) -> str | None:
    return None if value is None else str(value)


def _correct(ctx: Context, order: NormalizedOrder, changes: dict[str, Any]) -> list[dict]:
    """Apply a reviewer's corrections in place; the recorded differences."""
    check_body(changes)
    received = order.as_received or AsReceived(lines_key=line_fingerprint(order),
                                               requested_delivery_date=order.requested_delivery_date)
    diff: list[dict] = []
    picked = changes.get("picked_from_page", [])
    if not isinstance(picked, list) or not all(isinstance(p, str) for p in picked):
        raise ReviewError("picked_from_page: a list of field names", code="REVIEW-VALUE", status=422)
    _apply_customer(ctx, order, changes.get("customer_id"), diff)
    _apply_header(order, changes, diff)
    _apply_addresses(order, changes, diff)
    changed_sku = _apply_lines(order, list(changes.get("lines", [])), diff)
    _to_product_unit(ctx, order, changed_sku, list(changes.get("lines", [])))
    if diff:  # the order as the customer sent it is kept: a resend of it is a copy (``dedup._as_received``)
        order.as_received = received
    return diff


async def preview_learning(ctx: Context, order_id: str, changes: dict[str, Any]) -> list[dict[str, str]]:
    """The item codes a correction would teach (nothing is stored). Raises ReviewError (404, 422)."""
    order = await ctx.journal.get_order(order_id)
    if order is None:
        raise ReviewError("no such order", code="NOT-FOUND", status=404)
    order = order.model_copy(deep=True)
    _correct(ctx, order, changes)
    return _against_master(ctx, to_learn(order, list(changes.get("lines", []))))


def _against_master(ctx: Context, pairs: list[dict[str, str]]) -> list[dict[str, str]]:
    """Each pair, with ``master_sku`` and ``wins: "master"`` when the ERP's cross-reference maps the
    same customer code to another SKU: the ERP's file wins, the learned code would never be used."""
    xref = ctx.master_data.current().xref
    learned = {(r["customer_id"], r["customer_item"]): r["sku"]
               for r in read_learned(learned_path(ctx.config.gateway.data_dir))}
    for pair in pairs:
        key = (pair["customer_id"], pair["customer_item"].strip())
        current = xref.get(key)
        if current and current != pair["sku"] and learned.get(key) != current:
            pair.update(master_sku=current, wins="master")
    return pairs


def _learn(ctx: Context, order: NormalizedOrder, changes: dict[str, Any], user: str) -> None:
    pairs = to_learn(order, list(changes.get("lines", [])))
    if pairs:
        learn(learned_path(ctx.config.gateway.data_dir), pairs, user)
        ctx.master_data.reload()


def _learn_units(ctx: Context, before: NormalizedOrder, after: NormalizedOrder, user: str) -> None:
    """A unit a person converted by hand (2 CT -> 24 EA, no conversion known) is this customer's
    conversion for that product from now on (``gateway.stages.line_units.units_to_learn``)."""
    rows = units_to_learn(ctx.units, load_conversions_safely(ctx), list(ctx.config.decide.rules.sales_unit_aliases),
                          ctx.master_data.current().products, before, after)
    if rows:
        learn_units(learned_units_path(ctx.config.gateway.data_dir), rows, user)


def _revalidate(ctx: Context, order: NormalizedOrder, corrected: bool = False) -> NormalizedOrder:
    """Validation again; notes (info) are kept, and a possible duplicate stays one until a person
    says release or same order (a correction does not settle it). A damaged order (a stored value that
    could not be read) stays so until a person corrects it."""
    kept = [i for i in order.issues if i.severity == "info" or i.code in ("POSSIBLE-DUPLICATE", "RESEND-OF-REJECTED")
            or (i.code == "ORDER-DAMAGED" and not corrected)
            or (i.code in WAITING and order.status == OrderStatus.HELD)]  # still waits for its original
    order.confidence = min([*order.field_confidence.values(), *(l.confidence for l in order.lines)],
                           default=1.0)
    return validate_order(ctx, order.model_copy(update={"issues": kept}))


def _valid(ctx: Context, order: NormalizedOrder, user: str) -> NormalizedOrder:
    """The order validated again; the doubts the acting person settles (``ACCEPTED_ON_APPROVAL``) are
    kept as warnings naming them. Raises ReviewError (422) listing the faults still open."""
    order = _revalidate(ctx, order)
    order.issues = [_accepted(i, user) for i in order.issues]
    errors = [i for i in order.issues if i.severity == "error"]
    if errors:
        raise ReviewError("; ".join(i.message for i in errors), code="REVIEW-INVALID", status=422,
                          issues=errors)
    return order


def _accepted(issue: Issue, user: str) -> Issue:
    """A doubt the approving person settles stays on the order as a warning naming them."""
    if issue.severity != "error" or issue.code not in ACCEPTED_ON_APPROVAL:
        return issue
    return issue.model_copy(update={"severity": "warning", "message": f"{issue.message} (accepted by {user})"})


def _without(order: NormalizedOrder, *codes: str, **update: Any) -> NormalizedOrder:
    return order.model_copy(update={"issues": [i for i in order.issues if i.code not in codes], **update})


def _as_change_of(order: NormalizedOrder, original: NormalizedOrder) -> NormalizedOrder:
    changes = differences(original, order)
    what = "; ".join(f"{c.get('item') or c['field']} {c.get('change', 'changed')}" for c in changes)
    issue = Issue(code="ORDER-CHANGE", severity="info",
                  message=f"changes order {original.order_id} (document {original.source.document_id}), "
                          f"released by a person as another order with the same PO: {what or 'no line differences'}")
    return order.model_copy(update={"kind": OrderKind.CHANGE, "changes": changes,
                                    "issues": [*order.issues, issue]})


def _confirmed_duplicate(order: NormalizedOrder, user: str) -> NormalizedOrder:
    issue = Issue(code="DUPLICATE-ORDER", severity="info",
                  message=f"same order as {order.original_order_id}, confirmed by {user}")
    order = _without(order, "POSSIBLE-DUPLICATE")
    return order.model_copy(update={"issues": [*order.issues, issue]})


def _next_order(ctx: Context, order: NormalizedOrder, original: NormalizedOrder | None, state: str,
                action: Action, user: str, payload: dict[str, Any]) -> tuple[NormalizedOrder, list[dict]]:
    """The order after the action (its status is set from the table), and the corrections made."""
    if action == Action.CORRECT:
        diff = _correct(ctx, order, payload)
        return _revalidate(ctx, order, corrected=True), diff
    if action == Action.APPROVE:
        order = _valid(ctx, order, user)
        if order.kind == OrderKind.NEW:  # approved as a new order: linked to nothing any more
            order.original_order_id = None
        return order, []
    if action == Action.RELEASE and state == "duplicate_of_rejected":
        check_duplicate_release(order, original, payload["role"])
        return _valid(ctx, _without(order, "DUPLICATE-ORDER", original_order_id=None), user), []
    if action == Action.RELEASE and state == "possible_duplicate":  # another order: new
        return _valid(ctx, _without(order, "POSSIBLE-DUPLICATE", original_order_id=None), user), []
    if action == Action.RELEASE:  # another order with the same PO: a change of the original
        return _valid(ctx, _as_change_of(_without(order, "POSSIBLE-DUPLICATE"), original), user), []
    if action == Action.SAME_ORDER:
        return _confirmed_duplicate(order, user), []
    return order, []


async def act(ctx: Context, order_id: str, action: Action, user: str, role: str = "api",
              payload: dict[str, Any] | None = None) -> NormalizedOrder:
    """Take one action on an order as the transition table allows. Raises ReviewError: 404 unknown
    order, 403 role, 409 (OrderStateError) state or guard, 422 invalid values or open faults."""
    payload = {**(payload or {}), "role": role}
    while True:  # the decisions of the order's customer (and of a customer it is moved to) wait
        seen = await ctx.journal.get_order(order_id)
        partitions = (seen.customer.id if seen else None, payload.get("customer_id"))
        async with ctx.journal.decision_lock(*partitions):
            current = await ctx.journal.get_order(order_id)
            if current is not None and (seen is None or current.customer.id != seen.customer.id):
                continue  # moved to another customer meanwhile: lock that one
            return await _act_locked(ctx, current, action, user, payload)


async def _act_locked(ctx: Context, current: NormalizedOrder | None, action: Action, user: str,
                      payload: dict[str, Any]) -> NormalizedOrder:
    if current is None:
        raise ReviewError("no such order", code="NOT-FOUND", status=404)
    role = payload["role"]
    if action in (Action.APPROVE, Action.RELEASE) and (sure := await sure_copy_of(ctx, current)) is not None:
        # its sure copy went out in its place and the process stopped before it was superseded: superseded now
        copy = await supersede_doubtful_copy(ctx, current, sure) or current
        await release_waiting_changes(ctx, [sure])
        raise OrderStateError(f"a copy of this order's PO read in full went out: order {sure.order_id}" + (
            "; this one is kept as its possible duplicate (same order, or release if it adds lines)"
            if copy.status == OrderStatus.REVIEW else ""), copy, role)
    original = await ctx.journal.get_order(current.original_order_id) if current.original_order_id else None
    row = transition_for(current, original, action, role)
    await not_claimed_by_another(ctx, current, user, role)
    state = order_state(current, original)
    order, diff = _next_order(ctx, current.model_copy(deep=True), original, state, action, user, payload)
    if action == Action.CORRECT and _moved(current, order):
        order = await _relinked(ctx, order)  # another PO or customer: its original is sought again
    goes_out = action in (Action.APPROVE, Action.RELEASE) and row.delivery != Delivery.NONE
    if goes_out:  # compared again, as corrected, with what the ERP has: never an empty change
        order.status = row.to or order.status  # duplicate after this only if the comparison says so
        order, original = await _compared_again(ctx, order, original)
    copy = goes_out and order.status == OrderStatus.DUPLICATE  # nothing left to deliver
    kind = None if copy else (order.kind if goes_out else _delivered_kind(row.delivery, order))
    if kind is not None:
        _arithmetic_holds(order, role)
    _loadable(order)
    if kind is not None:
        await check_delivery(ctx, order, original, kind, role)  # refusals name the current status
    order.status = OrderStatus.DUPLICATE if copy else (row.to or current.status)
    moved = await _moved_by_rejection(ctx, order, user)  # written in the rejection's own transaction
    await _store(ctx, current, order, action, state, user, payload, diff, kind, moved)
    await _settle_waiting_changes(ctx, order)
    if action == Action.CORRECT and payload.get("save_xref"):
        _learn(ctx, order, payload, user)
    if action == Action.CORRECT and payload.get("learn_units", True) is not False:
        _learn_units(ctx, current, order, user)
    return order


async def _compared_again(ctx: Context, order: NormalizedOrder, original: NormalizedOrder | None
                          ) -> tuple[NormalizedOrder, NormalizedOrder | None]:
    """An approved order compared again, as corrected, with what the ERP has of its PO: the
    differences found at intake are stale once a person corrected the order.

    A new order whose PO (case and separators folded) is already ready or delivered becomes a change
    of it; a change is compared with the latest version of its original. Nothing left to change: it is
    a duplicate (status ``duplicate``, nothing delivered). Returns the order and its original."""
    if order.kind != OrderKind.NEW and original is not None and _moved(original, order):
        original = await delivered_twin(ctx, order)  # its PO or customer was corrected: sought again
        if original is None:
            return order.model_copy(update={"original_order_id": None, "changes": []}), None  # ORIGINAL-UNKNOWN
    if order.kind == OrderKind.CHANGE and original is not None and original.status == OrderStatus.REJECTED:
        order = _as_new(order, original)  # approved in place of a rejected original: a new order, guarded
        original = None
    if order.kind == OrderKind.NEW:
        twin = await delivered_twin(ctx, order)
        if twin is None:
            return order, original
        original = twin
    elif original is None or original.status not in (OrderStatus.READY, OrderStatus.DELIVERED):
        return order, original  # the delivery guard names why it cannot go out
    latest = await latest_version(ctx, original)
    if not differences(latest, order) if order.kind == OrderKind.NEW else same_version(order, latest):
        return mark_duplicate(order, latest, f"nothing left to change in order {latest.order_id} once "
                                             "corrected"), original
    order = mark_change(order, original, latest)
    if order.kind == OrderKind.CHANGE and not order.changes:  # an empty change is never sent
        return mark_duplicate(order, latest, f"no difference from order {latest.order_id} once corrected"), original
    return order, original


def _moved(before: NormalizedOrder, after: NormalizedOrder) -> bool:
    """Whether the order now names another customer or PO than ``before`` (PO folded as dedup folds it)."""
    return before.customer.id != after.customer.id or not same_po(before.po_number, after.po_number)


async def _relinked(ctx: Context, order: NormalizedOrder) -> NormalizedOrder:
    """A change (or cancellation) whose PO or customer a person corrected, linked again from scratch to
    the delivered order of its new PO, its differences computed against that order's latest version;
    with none, it is linked to nothing (its delivery is refused ORIGINAL-UNKNOWN until there is one).
    A possible duplicate keeps its link: release and same order settle it, and release compares again."""
    if order.kind == OrderKind.NEW or not order.original_order_id:
        return order
    original = await delivered_twin(ctx, order)
    if original is None:
        issue = Issue(code="ORIGINAL-UNKNOWN", severity="error",
                      message=f"{order.kind.value} for PO {order.po_number}: no delivered order with this PO "
                              "once corrected")
        order = _without(order, "ORDER-CHANGE", "ORDER-CANCEL", "ORIGINAL-UNKNOWN", original_order_id=None,
                         changes=[])
        return order.model_copy(update={"issues": [*order.issues, issue]})
    return mark_change(_without(order, "ORIGINAL-UNKNOWN"), original, await latest_version(ctx, original))


ARITHMETIC_SLACK = Decimal("0.02")


def _arithmetic_holds(order: NormalizedOrder, role: str) -> None:
    """Quantity x price = amount on every line and the lines' sum against the total, checked again on
    the way out (a split or an edit must not send a stale amount). Raises OrderStateError (409)."""
    for line in order.lines:
        if line.action == "delete" or line.unit_price is None or line.amount is None:
            continue
        expected = line.quantity * line.unit_price
        if abs(expected - line.amount) > ARITHMETIC_SLACK + abs(line.amount) / 1000:
            raise OrderStateError(f"line {line.line_no}: {line.quantity.normalize():f} x {line.unit_price:f} is "
                                  f"{expected.normalize():f}, not the amount {line.amount:f}", order, role,
                                  code="ARITHMETIC-MISMATCH")
    for finding in check_total(order):
        raise OrderStateError(finding.message, order, role, code="ARITHMETIC-MISMATCH")


def _loadable(order: NormalizedOrder) -> None:
    """An order is stored only if it reads back (no NaN, no value outside the model). Raises ReviewError."""
    try:
        NormalizedOrder.model_validate(order.model_dump(mode="json"))
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err.get("loc", ())) or "order"
        raise _bad(field, str(err.get("msg", "invalid value"))) from None


def _as_new(order: NormalizedOrder, rejected: NormalizedOrder) -> NormalizedOrder:
    issue = Issue(code="ORIGINAL-REJECTED", severity="info",
                  message=f"approved as a new order in place of order {rejected.order_id}, which was rejected")
    order = _without(order, "ORDER-CHANGE", "ORIGINAL-REJECTED", kind=OrderKind.NEW, original_order_id=None,
                     changes=[])
    return order.model_copy(update={"issues": [*order.issues, issue]})


async def _settle_waiting_changes(ctx: Context, order: NormalizedOrder) -> None:
    """Changes held for this order go out once it is ready (a rejection moves them itself: ``_moved_by_rejection``)."""
    if order.kind == OrderKind.NEW and order.status == OrderStatus.READY:
        await release_waiting_changes(ctx, [order])


async def _moved_by_rejection(ctx: Context, order: NormalizedOrder, user: str
                              ) -> list[tuple[NormalizedOrder, Event, str]]:
    """What rejecting ``order`` (a new order, as the rejection leaves it) moves, each with its event and the status it
    must still have, for the rejection's own transaction (a stop never leaves them half moved): its exact copies
    (``pipeline.copies_moved``) and the changes held for it, which go to a person (``ORIGINAL-REJECTED``)."""
    if order.kind != OrderKind.NEW or order.status != OrderStatus.REJECTED:
        return []
    moved = await copies_moved(ctx, order, user)
    for held in await changes_waiting_for(ctx, order):
        if held.original_order_id not in (order.order_id, None):
            continue
        issue = Issue(code="ORIGINAL-REJECTED", severity="error",
                      message=f"its original order {order.order_id} was rejected by {user}: approving "
                              "it delivers it as a new order" if held.kind == OrderKind.CHANGE else
                              f"its original order {order.order_id} was rejected by {user}: nothing to cancel")
        change = held.model_copy(update={"status": OrderStatus.REVIEW, "issues": [
            *[i for i in held.issues if i.code != "ORIGINAL-NOT-DELIVERED"], issue]})
        moved.append((change, Event(stage="review", outcome="original_rejected", order_id=held.order_id,
                                    document_id=held.source.document_id, reason=issue.message,
                                    data={"original": order.order_id}), held.status.value))
    return moved


async def latest_version(ctx: Context, original: NormalizedOrder) -> NormalizedOrder:
    """The version of an order the ERP has or will have: the original with its delivered changes applied."""
    found = await ctx.journal.orders_with_po(original.customer.id or "", original.po_number or "",
                                             original.source.received_at - window(ctx))
    versions = [o for o in found if o.status in ACTIVE_TWIN and o.status != OrderStatus.DEAD_LETTER
                and (o.order_id == original.order_id or o.original_order_id == original.order_id)]
    if original.kind != OrderKind.NEW:
        return max([original, *versions], key=lambda o: (o.source.received_at, o.order_id))
    # the original with every change that went out applied (``dedup.current_version``), never the last message alone
    return current_version(original, applied_changes(original, versions))


CLAIM_FOR = timedelta(minutes=15)


async def not_claimed_by_another(ctx: Context, order: NormalizedOrder, user: str, role: str) -> None:
    """Raises OrderStateError (409 ORDER-CLAIMED) while another user holds the order."""
    holder = await ctx.journal.order_claim(order.order_id)
    if holder is not None and holder["username"] != user:
        raise OrderStateError(f"{holder['username']} is working on order {order.order_id} (claimed until "
                              f"{holder['until']})", order, role, code="ORDER-CLAIMED")


async def claim_order(ctx: Context, order_id: str, user: str, role: str = "api") -> dict[str, Any]:
    """Claim an order under review for ``user`` for 15 minutes (again to renew). Raises ReviewError:
    404, 409 (not waiting for a person, or ORDER-CLAIMED by someone else)."""
    current = await ctx.journal.get_order(order_id)
    if current is None:
        raise ReviewError("no such order", code="NOT-FOUND", status=404)
    original = await ctx.journal.get_order(current.original_order_id) if current.original_order_id else None
    transition_for(current, original, Action.CLAIM, role)
    held = await ctx.journal.claim_order(order_id, user, utcnow() + CLAIM_FOR)
    if held["username"] != user:
        raise OrderStateError(f"{held['username']} is working on order {order_id} (claimed until {held['until']})",
                              current, role, code="ORDER-CLAIMED")
    log.info("order_claimed", order_id=order_id, user=user, until=held["until"])
    return {"order_id": order_id, "user": user, "until": held["until"]}


COMMENT_MAX = 2000
BLANK = re.compile("[ \t\n\r\f\v\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]*")  # what JSON Schema's \s matches


async def comment_on_order(ctx: Context, order_id: str, user: str, text: str, role: str = "api") -> dict[str, Any]:
    """A note on an order, whatever its state, kept in its history with user and time.
    Raises ReviewError (404, 400 for an empty or over-long text)."""
    order = await ctx.journal.get_order(order_id)
    if order is None:
        raise ReviewError("no such order", code="NOT-FOUND", status=404)
    if len(text) > COMMENT_MAX or BLANK.fullmatch(text):
        raise ReviewError(f"a comment has 1 to {COMMENT_MAX} characters", code="BAD-COMMENT", status=400)
    event = Event(stage="review", outcome="comment", reason=text, order_id=order_id,
                  document_id=order.source.document_id, data={"user": user, "role": role})
    await ctx.journal.add_events([event])
    log.info("order_commented", order_id=order_id, user=user, chars=len(text))
    return {"order_id": order_id, "user": user, "at": event.at.isoformat(), "text": text}


async def order_comments(ctx: Context, order_id: str) -> list[dict[str, Any]]:
    """The comments on an order, oldest first. Raises ReviewError (404)."""
    order = await ctx.journal.get_order(order_id)
    if order is None:
        raise ReviewError("no such order", code="NOT-FOUND", status=404)
    return [{"order_id": order_id, "user": e.data.get("user"), "at": e.at.isoformat(), "text": e.reason}
            for e in await ctx.journal.history(order.source.document_id)
            if e.order_id == order_id and e.stage == "review" and e.outcome == "comment"]


def _delivered_kind(delivery: Delivery, order: NormalizedOrder) -> OrderKind | None:
    if delivery == Delivery.NONE:
        return None
    return {Delivery.NEW: OrderKind.NEW, Delivery.CHANGE: OrderKind.CHANGE}.get(delivery, order.kind)


OUTCOMES = {Action.CORRECT: "corrected", Action.APPROVE: "approved", Action.RELEASE: "released",
            Action.SAME_ORDER: "same_order", Action.REJECT: "rejected"}


def _reason(action: Action, user: str, payload: dict[str, Any], diff: list[dict]) -> str:
    if action == Action.CORRECT:
        return f"{len(diff)} field(s) corrected by {user}"
    if action == Action.REJECT:
        return f"rejected by {user}: {payload.get('reason') or 'no reason given'}"[:500]
    return f"{OUTCOMES[action].replace('_', ' ')} by {user}"


async def _store(ctx: Context, before: NormalizedOrder, order: NormalizedOrder, action: Action, state: str,
                 user: str, payload: dict[str, Any], diff: list[dict], kind: OrderKind | None,
                 moved: list[tuple[NormalizedOrder, Event, str]]) -> None:
    """Write the order and the audit event (who, what, from which state) with a compare-and-set on the
    status it had, and in the same transaction the orders it ``moved`` (``_moved_by_rejection``); one structured log
    line. Raises OrderStateError when someone else acted first."""
    role = payload["role"]
    data = {"user": user, "role": role, "action": action.value, "from_state": state,
            "to_status": order.status.value, "delivered_as": kind.value if kind else None}
    if action == Action.CORRECT:
        picked = set(payload.get("picked_from_page") or ())
        data["changes"] = [{**c, "how": "picked from the page"} if c["field"] in picked else c for c in diff]
    depends = order.original_order_id if kind is not None and kind != OrderKind.NEW else None
    try:
        await ctx.journal.update_order(order, Event(
            stage="review", outcome=OUTCOMES[action], order_id=order.order_id,
            document_id=order.source.document_id, reason=_reason(action, user, payload, diff), data=data),
            deliver=kind is not None, depends_on=depends, expected_status=before.status.value, with_orders=moved)
    except StaleOrderError:
        now = await ctx.journal.get_order(order.order_id) or before
        raise OrderStateError(f"order {order.order_id} changed meanwhile: it is {now.status.value}", now,
                              role) from None
    log.info("order_reviewed", order_id=order.order_id, document_id=order.source.document_id, user=user,
             role=role, action=action.value, from_state=state, to_status=order.status.value,
             delivered_as=data["delivered_as"], corrections=await _corrections_made(ctx, order))
    if diff:
        ctx.metrics.inc("gateway_corrections_total", len(diff), channel=order.source.channel)


async def _corrections_made(ctx: Context, order: NormalizedOrder) -> int:
    """The fields people corrected on the order so far (every PATCH, this action's included)."""
    return sum(len(e.data.get("changes") or []) for e in await ctx.journal.history(order.source.document_id)
               if e.order_id == order.order_id and e.stage == "review" and e.outcome == "corrected")


async def correct_order(ctx: Context, order_id: str, changes: dict[str, Any], user: str,
                        role: str = "api") -> NormalizedOrder:
    """Apply a reviewer's corrections; re-validate; record what changed. Raises ReviewError."""
    return await act(ctx, order_id, Action.CORRECT, user, role, changes)


async def approve_order(ctx: Context, order_id: str, user: str, role: str = "api") -> NormalizedOrder:
    """Validate and deliver a held order. Raises ReviewError (422 listing open faults, 409 state)."""
    return await act(ctx, order_id, Action.APPROVE, user, role)


async def release_duplicate(ctx: Context, order_id: str, user: str, role: str = "api") -> NormalizedOrder:
    """A possible duplicate a person says is another order, or a copy whose original was rejected."""
    return await act(ctx, order_id, Action.RELEASE, user, role)


async def confirm_same_order(ctx: Context, order_id: str, user: str, role: str = "api") -> NormalizedOrder:
    """A possible duplicate a person says is the same order: kept as a duplicate, never delivered."""
    return await act(ctx, order_id, Action.SAME_ORDER, user, role)


async def reject_order(ctx: Context, order_id: str, user: str, reason: str, role: str = "api") -> NormalizedOrder:
    """The order is never delivered; the reason is kept. Raises ReviewError."""
    return await act(ctx, order_id, Action.REJECT, user, role, {"reason": reason})
