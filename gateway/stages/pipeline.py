"""The pipeline: every stage of one document, in order, at one level.

``process_document`` reads like a table of contents (OCRmyPDF's ``_pipelines/ocr.py``): identify,
extract, then for each order identify its customer, map, validate; then, one document at a time
under the journal's decision lock, find duplicates, check anomalies, prioritise, route, decide, and
acknowledge. Each stage lives in its own module of ``gateway.stages``; which status the document ends
in is ``gateway.stages.outcome``; claiming, leases and retries are ``gateway.stages.runner``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import structlog

from gateway.context import Context
from gateway.model import DocType, Extraction, NormalizedOrder, OrderStatus
from gateway.stages.acks import acks_wanted, build_acks, build_order_responses
from gateway.stages.anomaly import check_anomalies, customer_history
from gateway.stages.decide import decide_order, decide_status, prioritise_order
from gateway.stages.cover_summary import set_aside_summaries, summary_after_attachment
from gateway.stages.dedup import (changes_waiting_for, copies_of_rejected, doubtful_copy, find_duplicates, find_earlier_copy,
                                  find_exact_duplicate, superseded_by, supersede_doubtful_copy, sure_copy_of,
                                  window)
from gateway.stages.extract import check_size, extract_document, split_container
from gateway.stages.identify import check_identity, identify_customer, identify_format, read_head
from gateway.stages.mapping import cross_check, map_order, past_po_numbers
from gateway.stages.outcome import SAME_BYTES, conclude, duplicate_outcome
from gateway.stages.routing import route_to_team
from gateway.stages.validate import validate_order
from gateway.stages.priced_documents import held_for_a_customer
from gateway.errors import StaleOrderError
from gateway.order_keys import po_sql
from gateway.store.journal import DocumentRecord, Event, Outcome, iso, utcnow

log = structlog.get_logger(__name__)

Commit = Callable[[Outcome], Awaitable[Outcome]]


async def process_document(ctx: Context, doc: DocumentRecord, commit: Commit) -> Outcome:
    """One document from raw bytes to orders ready for delivery (or a named reason why not).

    Reading (identify, extract, map, validate) runs for many documents at once; deciding (dedup,
    anomalies, route, decide, commit) takes one document of a customer at a time against everything
    committed before it, so two copies of an order arriving together through two channels are still
    caught, while other customers' documents are decided at the same time (``decision_partitions``).
    """
    check_size(ctx, doc)
    if earlier := await find_exact_duplicate(ctx, doc):
        return await commit(duplicate_outcome(earlier, SAME_BYTES))
    head = read_head(ctx, doc)  # one read of a small document: format detection, then the reader
    extractor = identify_format(ctx, doc, head)
    extraction = await extract_document(ctx, doc, extractor, whole=head if len(head) == doc.size else None)
    if extraction.doc_type == DocType.CONTAINER:
        return await commit(await split_container(ctx, doc, extraction))
    orders: list[NormalizedOrder] = []
    for index, extracted in enumerate(extraction.orders):
        customer = identify_customer(ctx, doc, extraction, extracted)
        past = await past_po_numbers(ctx, doc, extraction, customer)
        extracted = cross_check(ctx, doc, extraction, extracted, customer, past)
        order = map_order(ctx, doc, extraction, extracted, customer, index)
        order = validate_order(ctx, order)
        orders.append(check_identity(ctx, doc, extraction, extracted, order))
    histories = [await customer_history(ctx, order) for order in orders]
    # control numbers only for acknowledgements that go out, taken before the lock (a number a duplicate
    # leaves unused is a gap, never a reuse): the lock is held for the dedup check and the commit only
    numbers = await ctx.journal.next_control_numbers(len(extraction.interchanges)) \
        if acks_wanted(ctx, doc, extraction) else []
    async with ctx.journal.decision_lock(*decision_partitions(orders, extraction)):
        earlier_copy, reused, orders = await find_earlier_copy(ctx, doc, extraction, orders)
        if earlier_copy:
            return await commit(duplicate_outcome(*earlier_copy))
        if reused:  # a reused control reference with other content: read as new, said on every order
            orders = [o.model_copy(update={"issues": [*o.issues, *reused]}) for o in orders]
        doubtful: list[tuple[NormalizedOrder, NormalizedOrder]] = []
        for index, (history, extracted) in enumerate(zip(histories, extraction.orders)):
            async def decided(order: NormalizedOrder) -> NormalizedOrder:
                order = await check_anomalies(ctx, order, history)
                order = prioritise_order(ctx, order, extracted.priority_codes)
                order = route_to_team(ctx, order)
                return await summary_after_attachment(ctx, decide_status(ctx, order, doc.partner))
            order = await find_duplicates(ctx, orders[index])
            if (held := await doubtful_copy(ctx, order, orders[index])) is not None:
                # decided once, as the order that may go out in the held one's place (the anomaly check runs on
                # it once); not ready, it stays the copy it was found to be, with the priority and team found
                sure = await decided(orders[index])
                if sure.status == OrderStatus.READY:
                    orders[index] = sure  # the sure copy goes out; the held one becomes its duplicate (below)
                    doubtful.append((held, sure))
                else:
                    orders[index] = await summary_after_attachment(ctx, order.model_copy(
                        update={"priority": sure.priority, "team": sure.team}))
                continue
            orders[index] = await decided(order)
        extraction = held_for_a_customer(ctx, doc, extraction)  # a customer's quotation waits
        acks = build_acks(ctx, doc, extraction, numbers) + build_order_responses(ctx, doc, extraction, orders)
        outcome = await commit(conclude(doc, extraction, orders, acks))
        # the held copy a sure copy replaces is superseded first: the changes waiting for the order are then
        # released against the sure copy that goes out, not held again for the copy left in review
        await supersede_doubtful_copies(ctx, doubtful)
        await release_waiting_changes(ctx, orders)
        await supersede_empty_orders(ctx, orders)
        await set_aside_summaries(ctx, orders)  # an e-mail's summary of this attached order: one review item
    return outcome


def decision_partitions(orders: list[NormalizedOrder], extraction: Extraction) -> list[str]:
    """What a document's decision locks: its customers (every copy, change or original of an order is
    the same customer's) and its interchanges (a resent interchange is caught whoever it names);
    a document with neither locks the partition of unknown customers."""
    keys = [o.customer.id or "" for o in orders]
    keys += [f"interchange:{ic.standard}:{ic.sender_id}:{ic.control_ref}" for ic in extraction.interchanges]
    return keys or [""]


WAITING_CODES = frozenset({"ORIGINAL-UNKNOWN", "ORIGINAL-NOT-DELIVERED", "ORDER-CHANGE", "ORDER-CANCEL",
                           "CHANGE-REVIEW", "CHANGE-REMOVES-LINES", "CHANGE-LINES-UNREAD"})


async def supersede_empty_orders(ctx: Context, orders: list[NormalizedOrder]) -> None:
    """An e-mail held because its order was not attached is superseded by the order the customer resends with the
    file (``dedup.superseded_by``): marked its duplicate, linked to it, never delivered, out of the review queue.

    Idempotent: an e-mail already superseded is no longer held, so it is not found again; run after the commit,
    and again at start-up (``supersede_pending``) should the process stop between the two. The update is a
    compare-and-set on the e-mail's status: when it fails, a person (on this node or another) acted on it first,
    and their decision stands; the committed resend is not failed nor retried for it."""
    for order in orders:
        for was, empty in await superseded_by(ctx, order):
            try:
                await ctx.journal.update_order(empty, Event(
                    stage="dedup", outcome="superseded", order_id=empty.order_id,
                    document_id=empty.source.document_id,
                    reason=f"the order was resent with its attachment: order {order.order_id}",
                    data={"original": order.order_id}), expected_status=was)
            except StaleOrderError:
                log.info("supersede_skipped", order_id=empty.order_id, resend=order.order_id,
                         reason="a person acted on the held e-mail first")


async def supersede_doubtful_copies(ctx: Context, pairs: list[tuple[NormalizedOrder, NormalizedOrder]]) -> None:
    """An order held for a doubt of its own (``dedup.doubtful_copy``) whose sure copy was just committed ready:
    marked that copy's duplicate, linked to it, out of the review queue, never delivered (``dedup.supersede_doubtful_copy``).
    When a person acted on it first, their decision stands (an approval is compared again with the copy, which is
    ready: a duplicate). Run again at start-up (``supersede_pending``) should the process stop after the commit."""
    for held, sure in pairs:
        if await supersede_doubtful_copy(ctx, held, sure) is None:
            log.info("supersede_skipped", order_id=held.order_id, copy=sure.order_id,
                     reason="a person acted on the held order first")


async def supersede_pending(ctx: Context) -> None:
    """At start-up: e-mails still held for a missing attachment whose resend was committed after them (the process
    stopped between the resend's commit and its ``supersede_empty_orders``), and copies held for a doubt of their own
    whose sure copy went out (stopped before ``supersede_doubtful_copies``), are superseded now; the changes waiting
    for such an order are then released against the sure copy. Exact copies of a rejected order still left
    ``duplicate`` (stopped between a rejection and ``move_copies_of_rejected``) go to a person now."""
    await _supersede_pending_copies(ctx)
    await _copies_of_rejected_pending(ctx)
    rows = await ctx.journal.lookup(
        "SELECT order_id FROM orders WHERE status IN (?, ?) AND body LIKE ?",
        (OrderStatus.REVIEW.value, OrderStatus.HELD.value, "%ATTACHMENT-MISSING%"))
    for row in rows:
        empty = await ctx.journal.get_order(row["order_id"])
        if empty is None or not empty.customer.id or not empty.po_number:
            continue
        later = await ctx.journal.copy_candidates(
            empty.customer.id, empty.source.received_at, [OrderStatus.READY.value, OrderStatus.DELIVERED.value],
            [empty.po_number], "", lambda po: False)
        await supersede_empty_orders(ctx, [o for o in later if o.source.received_at >= empty.source.received_at
                                           and o.source.document_id != empty.source.document_id])


async def copies_moved(ctx: Context, rejected: NormalizedOrder, user: str) -> list[tuple[NormalizedOrder, Event, str]]:
    """The exact copies of an order rejected (``rejected``, as the rejection leaves it): one goes to a person, linked to
    it, the others become its duplicates (``dedup.copies_of_rejected``): the customer sent it again, and a copy of an
    order that never goes out is no copy to drop silently. Each with its event and the status it must still have
    (``duplicate``: a copy a person acted on meanwhile is left as they left it), for ``Journal.update_order``'s
    ``with_orders``: the rejection writes them in its own transaction, so no stop leaves them half moved."""
    moved = []
    for copy in await copies_of_rejected(ctx, rejected):
        what = "the copy goes to a person" if copy.status == OrderStatus.REVIEW else \
            f"a duplicate of order {copy.original_order_id}, the copy that went to a person"
        moved.append((copy, Event(
            stage="review", outcome="original_rejected", order_id=copy.order_id,
            document_id=copy.source.document_id, data={"original": rejected.order_id, "user": user},
            reason=f"its original order {rejected.order_id} was rejected by {user}: {what}"),
            OrderStatus.DUPLICATE.value))
    return moved


async def move_copies_of_rejected(ctx: Context, rejected: NormalizedOrder, user: str) -> None:
    """``copies_moved`` written, each with a compare-and-set on its ``duplicate`` status. The rejection writes them in
    its own transaction; this is for what a rejection stored before that did not move (``supersede_pending``)."""
    for copy, event, status in await copies_moved(ctx, rejected, user):
        try:
            await ctx.journal.update_order(copy, event, expected_status=status)
        except StaleOrderError:
            log.info("copy_of_rejected_skipped", order_id=copy.order_id, original=rejected.order_id)


# exact copies (new orders, status duplicate) received in the window whose original is a rejected new order
REJECTED_COPIES_SQL = ("SELECT DISTINCT c.original_order_id AS rejected FROM orders c JOIN orders r "
                       "ON r.order_id = c.original_order_id WHERE c.status = 'duplicate' AND c.kind = 'new' "
                       "AND c.received_at >= ? AND r.status = 'rejected' AND r.kind = 'new'")


async def _copies_of_rejected_pending(ctx: Context) -> None:
    for row in await ctx.journal.lookup(REJECTED_COPIES_SQL, (iso(utcnow() - window(ctx)),)):
        rejected = await ctx.journal.get_order(row["rejected"])
        if rejected is None or rejected.status != OrderStatus.REJECTED or not rejected.customer.id:
            continue
        async with ctx.journal.decision_lock(rejected.customer.id):
            await move_copies_of_rejected(ctx, rejected, "the start-up check")


async def release_waiting_changes(ctx: Context, orders: list[NormalizedOrder]) -> None:
    """Changes that arrived before their original are decided again now that it is known."""
    for original in orders:
        for held in await changes_waiting_for(ctx, original):
            held = held.model_copy(update={"status": OrderStatus.READY, "changes": [],
                                           "issues": [i for i in held.issues if i.code not in WAITING_CODES]})
            held = await check_anomalies(ctx, await find_duplicates(ctx, held))
            held = decide_order(ctx, held, [], None)
            ready = held.status == OrderStatus.READY
            await ctx.journal.update_order(held, Event(
                stage="dedup", outcome="original_found", order_id=held.order_id,
                document_id=held.source.document_id,
                reason=f"original order {original.order_id} arrived", data={"original": original.order_id}),
                deliver=ready, depends_on=held.original_order_id if ready else None)


def pending_copies_sql(after: bool) -> str:
    """New orders in review received since a moment (the dedup window), linked to nothing, with a later new order of
    the same customer and PO that went out: the only ones ``sure_copy_of`` can find a sure copy for. Each PO is looked
    up by the ``orders_customer_po_norm`` index and no order body is read; ``after``: past a (received_at, order_id)."""
    return ("SELECT h.order_id, h.received_at FROM orders h WHERE h.status = 'review' AND h.kind = 'new' "
            "AND h.original_order_id IS NULL AND h.customer_id IS NOT NULL AND h.po_number IS NOT NULL "
            "AND h.received_at >= ?" + (" AND (h.received_at > ? OR (h.received_at = ? AND h.order_id > ?))" if after
                                         else "") +
            f" AND EXISTS (SELECT 1 FROM orders s WHERE s.customer_id = h.customer_id AND {po_sql('s.po_number')} = "
            f"{po_sql('h.po_number')} AND s.received_at > h.received_at AND s.kind = 'new' "
            "AND s.status IN ('ready', 'delivered', 'dead_letter')) ORDER BY h.received_at, h.order_id LIMIT ?")


PENDING_COPIES_BATCH = 200


async def _supersede_pending_copies(ctx: Context) -> None:
    """Held copies whose sure copy went out (``sure_copy_of``), a batch at a time (``pending_copies_sql``): the
    start-up sweep reads these candidates only, never every order in review. Bounded by the dedup window: a copy
    older than that was never compared with its resend."""
    since = iso(utcnow() - window(ctx))
    rows = await ctx.journal.lookup(pending_copies_sql(False), (since, PENDING_COPIES_BATCH))
    while rows:
        await _supersede_copies(ctx, rows)
        if len(rows) < PENDING_COPIES_BATCH:
            return
        at, last = rows[-1]["received_at"], rows[-1]["order_id"]
        rows = await ctx.journal.lookup(pending_copies_sql(True), (since, at, at, last, PENDING_COPIES_BATCH))


async def _supersede_copies(ctx: Context, rows: list[dict]) -> None:
    for row in rows:
        held = await ctx.journal.get_order(row["order_id"])
        if held is None or not held.customer.id:
            continue
        async with ctx.journal.decision_lock(held.customer.id):
            held = await ctx.journal.get_order(held.order_id)
            if held is not None and (sure := await sure_copy_of(ctx, held)) is not None:
                await supersede_doubtful_copies(ctx, [(held, sure)])
                await release_waiting_changes(ctx, [sure])
