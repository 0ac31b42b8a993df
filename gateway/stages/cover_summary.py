"""One order, one review item: an e-mail body's summary of the order it says is attached ("anbei Bestellung
HB-7712 über 5 Kartons Papier", held ``ORDER-IN-ATTACHMENT`` so that nothing is lost when the attachment is no
order) is set aside as a duplicate of the attachment's order once a file of the same e-mail gives a live order
(not rejected, not dead-lettered, not itself a duplicate) with the same customer and PO, whichever of the two is
decided first, and only when the summary says nothing the file's order does not: each line it read is one of the
file's lines with the same quantity and unit, a delivery date it gives is the file's, and it holds for nothing but
being a summary (an unread "8 Kartons", an added line, a cancellation or question typed in the body). Otherwise the
summary stays a review item whose ``ORDER-IN-ATTACHMENT`` names what differs. What the body says beyond the summary
reaches the attachment's order as its cover note (``extractors.mail.cover_note``, ``COVER-NOTE``)."""

from __future__ import annotations

from gateway.context import Context
from gateway.errors import StaleOrderError
from gateway.model import Issue, NormalizedOrder, OrderLine, OrderStatus
from gateway.order_keys import same_po
from gateway.stages.dedup import window
from gateway.store.journal import Event, utcnow

SUMMARY = "ORDER-IN-ATTACHMENT"
OPEN = (OrderStatus.REVIEW, OrderStatus.HELD)
NOT_LIVE = (OrderStatus.DUPLICATE, OrderStatus.REJECTED, OrderStatus.DEAD_LETTER)
# what a body that only sums up the attached order is held for besides being a summary
SUMMARY_ONLY = frozenset({SUMMARY, "DELIVERY-DATE-MISSING", "ORDER-DATE-MISSING", "LINES-MISSING", "PRICE-MISSING",
                          "PRICE-ABSENT", "DUPLICATE-ORDER"})


def is_summary(order: NormalizedOrder) -> bool:
    """A body's held summary of an attached order."""
    return order.status in OPEN and any(i.code == SUMMARY for i in order.issues)


def live(order: NormalizedOrder) -> bool:
    """An order a summary may be set aside against: not a summary, not rejected, dead-lettered or a duplicate."""
    return not is_summary(order) and order.status not in NOT_LIVE


def siblings(a: NormalizedOrder, b: NormalizedOrder) -> bool:
    """Two orders read from two files of one e-mail, with the same customer and PO."""
    return bool(a.source.parent_document_id) and a.source.parent_document_id == b.source.parent_document_id \
        and a.source.document_id != b.source.document_id and bool(a.customer.id) and a.customer.id == b.customer.id \
        and bool(a.po_number and b.po_number) and same_po(a.po_number, b.po_number)


def _keys(line: OrderLine) -> set[str]:
    codes = (line.sku, line.customer_item, line.supplier_item, line.gtin)
    return {"".join(ch for ch in code.upper() if ch.isalnum()) for code in codes if code} - {""}


def _line_text(line: OrderLine) -> str:
    return f"{line.quantity} {line.uom} {line.sku or line.customer_item or line.description or ''}".strip()


def differences(summary: NormalizedOrder, attached: NormalizedOrder) -> list[str]:
    """What the summary says that the attached order does not (empty: it only sums it up)."""
    out = [f"{i.code}: {i.message}" for i in summary.issues if i.code not in SUMMARY_ONLY and i.severity != "info"]
    for line in summary.lines:
        keys = _keys(line)
        same = [o for o in attached.lines if keys & _keys(o)]
        if not same:
            out.append(f"line {_line_text(line)} is not in the file")
        elif not any(o.quantity == line.quantity and o.uom == line.uom for o in same):
            out.append(f"line {_line_text(line)}; the file says "
                       + ", ".join(f"{o.quantity} {o.uom}" for o in same))
        elif line.requested_date and all(o.requested_date and o.requested_date != line.requested_date for o in same):
            out.append(f"line {_line_text(line)} wanted on {line.requested_date}")
    if summary.requested_delivery_date and summary.requested_delivery_date != attached.requested_delivery_date:
        out.append(f"delivery date {summary.requested_delivery_date}; the file says {attached.requested_delivery_date}")
    return out


def set_aside(summary: NormalizedOrder, attached: NormalizedOrder) -> NormalizedOrder:
    """The summary as a duplicate of the attachment's order (no review item of its own)."""
    issue = Issue(code="DUPLICATE-ORDER", severity="info",
                  message=f"summary in the e-mail's text of order {attached.order_id} (PO {attached.po_number}), "
                          f"read from the attached {attached.source.filename or 'file'}")
    return summary.model_copy(update={"status": OrderStatus.DUPLICATE, "original_order_id": attached.order_id,
                                      "issues": [*summary.issues, issue]})


def kept(summary: NormalizedOrder, attached: NormalizedOrder, diffs: list[str]) -> NormalizedOrder:
    """The summary kept for review, its ``ORDER-IN-ATTACHMENT`` naming how it differs from the file's order."""
    note = (f"; differs from order {attached.order_id} read from the attached "
            f"{attached.source.filename or 'file'}: " + "; ".join(diffs))
    issues = [i.model_copy(update={"message": i.message + note}) if i.code == SUMMARY and note not in i.message
              else i for i in summary.issues]
    return summary.model_copy(update={"issues": issues})


def settle(summary: NormalizedOrder, attached: NormalizedOrder | None) -> NormalizedOrder:
    """The summary set aside against ``attached`` when it says the same, else kept with its differences named."""
    if attached is None:
        return summary
    diffs = differences(summary, attached)
    return kept(summary, attached, diffs) if diffs else set_aside(summary, attached)


def settle_summaries(orders: list[NormalizedOrder]) -> list[NormalizedOrder]:
    """The orders of one e-mail's files with each summary that a sibling's order gives set aside (a dry run)."""
    out = []
    for order in orders:
        attached = next((o for o in orders if live(o) and siblings(order, o)), None) if is_summary(order) else None
        out.append(settle(order, attached))
    return out


async def _same_po(ctx: Context, order: NormalizedOrder) -> list[NormalizedOrder]:
    if not (order.customer.id and order.po_number and order.source.parent_document_id):
        return []
    since = order.source.received_at - window(ctx)
    return [o for o in await ctx.journal.orders_with_po(order.customer.id, order.po_number, since) if siblings(order, o)]


async def summary_after_attachment(ctx: Context, order: NormalizedOrder) -> NormalizedOrder:
    """A summary decided after its attachment's order: set aside at once when it says the same."""
    if not is_summary(order):
        return order
    return settle(order, next((o for o in await _same_po(ctx, order) if live(o)), None))


async def _settle_stored(ctx: Context, summary: NormalizedOrder, attached: NormalizedOrder) -> None:
    after = settle(summary, attached)
    if after == summary:
        return  # settled before (idempotent)
    outcome = "duplicate" if after.status == OrderStatus.DUPLICATE else "review"
    try:
        await ctx.journal.update_order(after, Event(
            stage="dedup", outcome=outcome, order_id=summary.order_id, document_id=summary.source.document_id,
            reason=f"summary of the attached order {attached.order_id}", data={"original": attached.order_id}),
            expected_status=summary.status.value)
    except StaleOrderError:
        pass  # a person took the summary up meanwhile: theirs stands


async def set_aside_summaries(ctx: Context, orders: list[NormalizedOrder]) -> None:
    """Summaries decided before the attachment's order (``orders``, just committed): set aside now when they say the
    same, else kept in review with the differences named. Idempotent (a summary already settled is left)."""
    for attached in orders:
        if not live(attached):
            continue
        for summary in [o for o in await _same_po(ctx, attached) if is_summary(o)]:
            await _settle_stored(ctx, summary, attached)


async def resettle_summaries(ctx: Context, page: int = 500) -> int:
    """At start-up: the summaries still open whose attachment's order was committed (a stop between that commit and
    ``set_aside_summaries``) settled now, as ``set_aside_summaries`` would have; returns how many were looked at."""
    since = utcnow() - window(ctx)
    open_summaries: list[NormalizedOrder] = []
    for status in OPEN:
        offset = 0
        while True:
            found = await ctx.journal.list_orders(status=status.value, since=since, limit=page, offset=offset)
            open_summaries += [o for o in found if is_summary(o)]
            if len(found) < page:
                break
            offset += page
    for summary in open_summaries:
        attached = next((o for o in await _same_po(ctx, summary) if live(o)), None)
        if attached is not None:
            await _settle_stored(ctx, summary, attached)
    return len(open_summaries)
