"""Review: what people do with orders the gateway held (low confidence, unknown items, duplicates, changes).

A reviewer corrects header fields and lines, then approves: the corrected order is validated again
and delivered. Every correction is recorded as an event (what changed, from what, to what, who, when)
and counted as an entry error. An item-code correction can be kept as a learned cross-reference so
the same code maps by itself next time. Duplicates can be released, changes accepted or rejected.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from gateway.context import Context
from gateway.errors import GatewayError
from gateway.journal import Event
from gateway.masterdata import append_learned_xref
from gateway.model import Customer, Issue, NormalizedOrder, OrderLine, OrderStatus
from gateway.validate import validate_order

REVIEWABLE = (OrderStatus.REVIEW, OrderStatus.HELD, OrderStatus.DUPLICATE)
HEADER_FIELDS = ("po_number", "order_date", "requested_delivery_date", "currency", "priority")
LINE_FIELDS = ("sku", "customer_item", "gtin", "description", "quantity", "uom", "unit_price")


class ReviewError(GatewayError):
    """A review action that cannot be done; ``status`` is the HTTP status the API answers."""

    code = "REVIEW"

    def __init__(self, message: str, *, code: str, status: int, issues: list[Issue] | None = None) -> None:
        super().__init__(message, code=code)
        self.status = status
        self.issues = issues or []


async def _load(ctx: Context, order_id: str, allowed: tuple[OrderStatus, ...]) -> NormalizedOrder:
    order = await ctx.journal.get_order(order_id)
    if order is None:
        raise ReviewError("no such order", code="NOT-FOUND", status=404)
    if order.status not in allowed:
        raise ReviewError(f"order is {order.status.value}, not waiting for review",
                          code="REVIEW-STATE", status=409)
    return order


def _coerce(field: str, value: Any) -> Any:
    if value in (None, ""):
        return None
    try:
        if field in ("quantity", "unit_price"):
            return Decimal(str(value).replace(",", "."))
        if field in ("order_date", "requested_delivery_date"):
            return date.fromisoformat(str(value))
    except (InvalidOperation, ValueError):
        raise ReviewError(f"{field}: {value!r} is not valid", code="REVIEW-VALUE", status=422) from None
    return str(value).strip()


def _apply_header(order: NormalizedOrder, changes: dict[str, Any], diff: list[dict]) -> None:
    for field in HEADER_FIELDS:
        if field in changes:
            new = _coerce(field, changes[field])
            old = getattr(order, field)
            if new != old:
                diff.append({"field": field, "from": _s(old), "to": _s(new)})
                setattr(order, field, new)
                order.field_confidence[field] = 1.0


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
            no = max(by_no, default=0) + 1
            line = OrderLine(line_no=no, quantity=Decimal(0), uom="C62")
            order.lines.append(line)
            by_no[no] = line
            diff.append({"field": f"lines[{no}]", "from": None, "to": "added"})
        for field in LINE_FIELDS:
            if field in patch:
                new = _coerce(field, patch[field])
                old = getattr(line, field)
                if new != old and not (new is None and field in ("quantity", "uom")):
                    diff.append({"field": f"lines[{no}].{field}", "from": _s(old), "to": _s(new)})
                    setattr(line, field, new)
                    line.field_confidence[field] = 1.0
                    if field == "sku":
                        changed_sku.append(line)
        line.confidence = min(line.field_confidence.values(), default=1.0)
    return changed_sku


def _s(value: Any) -> str | None:
    return None if value is None else str(value)


async def correct_order(ctx: Context, order_id: str, changes: dict[str, Any], user: str) -> NormalizedOrder:
    """Apply a reviewer's corrections; re-validate; record what changed. Raises ReviewError."""
    order = (await _load(ctx, order_id, REVIEWABLE)).model_copy(deep=True)
    diff: list[dict] = []
    _apply_customer(ctx, order, changes.get("customer_id"), diff)
    _apply_header(order, changes, diff)
    changed_sku = _apply_lines(order, list(changes.get("lines", [])), diff)
    if changes.get("save_xref") and order.customer.id:
        for line in changed_sku:
            if line.customer_item and line.sku:
                append_learned_xref(ctx.config.gateway.data_dir / "learned_item_xref.csv",
                                    order.customer.id, line.customer_item, line.sku)
                ctx.master_data.reload()
    order = _revalidate(ctx, order)
    await ctx.journal.update_order(order, Event(
        stage="review", outcome="corrected", order_id=order.order_id, document_id=order.source.document_id,
        reason=f"{len(diff)} field(s) corrected by {user}", data={"changes": diff, "user": user}))
    if diff:
        ctx.metrics.inc("gateway_corrections_total", len(diff), channel=order.source.channel)
    return order


def _revalidate(ctx: Context, order: NormalizedOrder) -> NormalizedOrder:
    kept = [i for i in order.issues if i.severity == "info"]
    order.confidence = min([*order.field_confidence.values(), *(l.confidence for l in order.lines)],
                           default=1.0)
    return validate_order(ctx, order.model_copy(update={"issues": kept}))


async def approve_order(ctx: Context, order_id: str, user: str) -> NormalizedOrder:
    """Validate and release a held order to the ERP. Raises ReviewError (422) listing open faults."""
    order = _revalidate(ctx, (await _load(ctx, order_id, REVIEWABLE)).model_copy(deep=True))
    errors = [i for i in order.issues if i.severity == "error"]
    if order.kind.value == "new":  # approved as a new order: not a possible duplicate any more
        order.original_order_id = None
    if errors:
        raise ReviewError("; ".join(i.message for i in errors), code="REVIEW-INVALID", status=422,
                          issues=errors)
    return await _release(ctx, order, user, "approved")


async def release_duplicate(ctx: Context, order_id: str, user: str) -> NormalizedOrder:
    """An order held as a duplicate that really is a new order: deliver it after all."""
    order = (await _load(ctx, order_id, (OrderStatus.DUPLICATE,))).model_copy(deep=True)
    order.original_order_id = None
    order.issues = [i for i in order.issues if i.code != "DUPLICATE-ORDER"]
    return await _release(ctx, order, user, "released")


async def _release(ctx: Context, order: NormalizedOrder, user: str, outcome: str) -> NormalizedOrder:
    order.status = OrderStatus.READY
    depends = order.original_order_id if order.kind.value != "new" else None
    await ctx.journal.update_order(order, Event(
        stage="review", outcome=outcome, order_id=order.order_id, document_id=order.source.document_id,
        reason=f"{outcome} by {user}", data={"user": user}), deliver=True, depends_on=depends)
    return order


async def reject_order(ctx: Context, order_id: str, user: str, reason: str) -> NormalizedOrder:
    order = (await _load(ctx, order_id, REVIEWABLE)).model_copy(deep=True)
    order.status = OrderStatus.REJECTED
    await ctx.journal.update_order(order, Event(
        stage="review", outcome="rejected", order_id=order.order_id, document_id=order.source.document_id,
        reason=f"rejected by {user}: {reason}"[:500], data={"user": user}))
    return order
