"""One order, one review item: an e-mail body's summary of the order it says is attached ("anbei Bestellung
HB-7712 über 5 Kartons Papier", held ``ORDER-IN-ATTACHMENT`` so that nothing is lost when the attachment is no
order) is set aside as a duplicate of the attachment's order once a file of the same e-mail gives an order with
the same customer and PO, whichever of the two is decided first. What the body says beyond the summary reaches
the attachment's order as its cover note (``extractors.mail.cover_note``, ``COVER-NOTE``)."""

from __future__ import annotations

from gateway.context import Context
from gateway.errors import StaleOrderError
from gateway.model import Issue, NormalizedOrder, OrderStatus
from gateway.order_keys import same_po
from gateway.stages.dedup import window
from gateway.store.journal import Event

SUMMARY = "ORDER-IN-ATTACHMENT"
OPEN = (OrderStatus.REVIEW, OrderStatus.HELD)


def is_summary(order: NormalizedOrder) -> bool:
    """A body's held summary of an attached order."""
    return order.status in OPEN and any(i.code == SUMMARY for i in order.issues)


def siblings(a: NormalizedOrder, b: NormalizedOrder) -> bool:
    """Two orders read from two files of one e-mail, with the same customer and PO."""
    return bool(a.source.parent_document_id) and a.source.parent_document_id == b.source.parent_document_id \
        and a.source.document_id != b.source.document_id and bool(a.customer.id) and a.customer.id == b.customer.id \
        and bool(a.po_number and b.po_number) and same_po(a.po_number, b.po_number)


def set_aside(summary: NormalizedOrder, attached: NormalizedOrder) -> NormalizedOrder:
    """The summary as a duplicate of the attachment's order (no review item of its own)."""
    issue = Issue(code="DUPLICATE-ORDER", severity="info",
                  message=f"summary in the e-mail's text of order {attached.order_id} (PO {attached.po_number}), "
                          f"read from the attached {attached.source.filename or 'file'}")
    return summary.model_copy(update={"status": OrderStatus.DUPLICATE, "original_order_id": attached.order_id,
                                      "issues": [*summary.issues, issue]})


def settle_summaries(orders: list[NormalizedOrder]) -> list[NormalizedOrder]:
    """The orders of one e-mail's files with each summary that a sibling's order gives set aside (a dry run)."""
    out = []
    for order in orders:
        attached = next((o for o in orders if not is_summary(o) and o.status != OrderStatus.DUPLICATE
                         and siblings(order, o)), None) if is_summary(order) else None
        out.append(set_aside(order, attached) if attached else order)
    return out


async def _same_po(ctx: Context, order: NormalizedOrder) -> list[NormalizedOrder]:
    if not (order.customer.id and order.po_number and order.source.parent_document_id):
        return []
    since = order.source.received_at - window(ctx)
    return [o for o in await ctx.journal.orders_with_po(order.customer.id, order.po_number, since) if siblings(order, o)]


async def summary_after_attachment(ctx: Context, order: NormalizedOrder) -> NormalizedOrder:
    """A summary decided after its attachment's order: set aside at once."""
    if not is_summary(order):
        return order
    attached = next((o for o in await _same_po(ctx, order) if not is_summary(o) and o.status != OrderStatus.DUPLICATE),
                    None)
    return set_aside(order, attached) if attached else order


async def set_aside_summaries(ctx: Context, orders: list[NormalizedOrder]) -> None:
    """Summaries decided before the attachment's order (``orders``, just committed): set aside now."""
    for attached in orders:
        if is_summary(attached) or attached.status in (OrderStatus.DUPLICATE, OrderStatus.REJECTED):
            continue
        for summary in [o for o in await _same_po(ctx, attached) if is_summary(o)]:
            try:
                    await ctx.journal.update_order(set_aside(summary, attached), Event(
                    stage="dedup", outcome="duplicate", order_id=summary.order_id,
                    document_id=summary.source.document_id,
                    reason=f"summary of the attached order {attached.order_id}", data={"original": attached.order_id}),
                    expected_status=summary.status.value)
            except StaleOrderError:
                continue  # a person took the summary up meanwhile: theirs stands
