"""A copy of an order that waits for a person for a doubt of its own (a fax whose PO or date was not read for sure)
arriving read in full goes out; the held one becomes its duplicate, out of the review queue, and approving it after
that is refused as a duplicate. A held order that asks something keeps its new copy a duplicate of it."""

from __future__ import annotations

from datetime import UTC, datetime

from gateway.model import Issue, NormalizedOrder, OrderStatus, Sla, Source
from gateway.stages.dedup import _doubt_of_its_own
from testkit.harness import wait_until
from testkit.samples import ubl_order
from tests.own_senders import OWN_FAX, OWN_MAIL
from tests.test_dedup_current_version import outbox
from tests.test_review import call, held_order

KNOWN = "4000862141404"  # SKU-1001
OTHER = "5412345678908"  # SKU-1002


async def test_a_sure_copy_of_a_held_order_goes_out_and_the_held_one_becomes_its_duplicate(gateway, api_headers):
    env = await gateway.ctx.intake.accept(ubl_order("PO-SURE-1", [(KNOWN, 4), (OTHER, 2)], delivery_date=None), "fax", OWN_FAX)
    doubtful = await held_order(gateway, env.document_id)
    assert doubtful.status == OrderStatus.REVIEW, doubtful.issues
    env = await gateway.ctx.intake.accept(ubl_order("PO-SURE-1", [(KNOWN, 4), (OTHER, 2)]), "smtp", OWN_MAIL)
    sure = await held_order(gateway, env.document_id)
    assert sure.status in (OrderStatus.READY, OrderStatus.DELIVERED), [(i.code, i.message) for i in sure.issues]
    await wait_until(lambda: len(outbox(gateway)) == 1 or None, timeout=30)
    before = await gateway.ctx.journal.get_order(doubtful.order_id)
    assert before.status == OrderStatus.DUPLICATE and before.original_order_id == sure.order_id
    status, body = await call(gateway, "POST", f"/v1/orders/{doubtful.order_id}/approve", api_headers)
    assert status == 409, body
    status, body = await call(gateway, "POST", f"/v1/orders/{doubtful.order_id}/release", api_headers)
    assert status in (403, 409), body
    assert len(outbox(gateway)) == 1


async def test_a_copy_of_a_held_order_that_asks_something_stays_its_duplicate(gateway, api_headers):
    env = await gateway.ctx.intake.accept(ubl_order("PO-SURE-2", [(KNOWN, 4)], delivery_date=None,
                                                    note="Please hold shipment until we confirm"), "fax", OWN_FAX)
    asking = await held_order(gateway, env.document_id)
    assert asking.status == OrderStatus.REVIEW, [(i.code, i.severity) for i in asking.issues]
    env = await gateway.ctx.intake.accept(ubl_order("PO-SURE-2", [(KNOWN, 4)]), "smtp", OWN_MAIL)
    copy = await held_order(gateway, env.document_id)
    assert any(i.code == "QUESTION-TYPED" for i in asking.issues), asking.issues
    assert copy.status == OrderStatus.DUPLICATE and copy.original_order_id == asking.order_id
    assert len(outbox(gateway)) == 0


async def test_a_sure_copy_with_other_lines_is_no_copy(gateway):
    env = await gateway.ctx.intake.accept(ubl_order("PO-SURE-3", [(KNOWN, 4)], delivery_date=None), "fax", OWN_FAX)
    doubtful = await held_order(gateway, env.document_id)
    env = await gateway.ctx.intake.accept(ubl_order("PO-SURE-3", [(KNOWN, 5)]), "smtp", OWN_MAIL)
    await held_order(gateway, env.document_id)
    assert (await gateway.ctx.journal.get_order(doubtful.order_id)).status == OrderStatus.REVIEW


async def _stopped_before_supersede(gateway, monkeypatch, po: str):
    """A held fax, then its sure copy committed with the process stopping before the held one is superseded."""
    import gateway.stages.pipeline as pipeline

    async def stopped(ctx, pairs):
        return None
    monkeypatch.setattr(pipeline, "supersede_doubtful_copies", stopped)
    env = await gateway.ctx.intake.accept(ubl_order(po, [(KNOWN, 4), (OTHER, 2)], delivery_date=None), "fax", OWN_FAX)
    held = await held_order(gateway, env.document_id)
    env = await gateway.ctx.intake.accept(ubl_order(po + "C", [(KNOWN, 9), (OTHER, 2)], root="OrderChange",
                                                    original_po=po), "http")
    change = await held_order(gateway, env.document_id)
    env = await gateway.ctx.intake.accept(ubl_order(po, [(KNOWN, 4), (OTHER, 2)]), "smtp", OWN_MAIL)
    sure = await held_order(gateway, env.document_id)
    assert sure.status in (OrderStatus.READY, OrderStatus.DELIVERED)
    await wait_until(lambda: len(outbox(gateway)) == 1 or None, timeout=30)
    assert (await gateway.ctx.journal.get_order(held.order_id)).status == OrderStatus.REVIEW
    monkeypatch.undo()
    return held, change, sure


async def test_a_held_copy_left_in_review_by_a_stop_is_superseded_at_start_up(gateway, monkeypatch):
    from gateway.stages.pipeline import supersede_pending
    held, change, sure = await _stopped_before_supersede(gateway, monkeypatch, "PO-SURE-4")
    await supersede_pending(gateway.ctx)
    after = await gateway.ctx.journal.get_order(held.order_id)
    assert after.status == OrderStatus.DUPLICATE and after.original_order_id == sure.order_id
    await wait_until(lambda: len(outbox(gateway)) == 2 or None, timeout=30)  # the waiting change goes out once
    assert (await gateway.ctx.journal.get_order(change.order_id)).original_order_id == sure.order_id
    await supersede_pending(gateway.ctx)  # idempotent
    assert len(outbox(gateway)) == 2


async def test_approving_a_held_copy_whose_sure_copy_went_out_is_refused(gateway, api_headers, monkeypatch):
    held, change, sure = await _stopped_before_supersede(gateway, monkeypatch, "PO-SURE-5")
    status, body = await call(gateway, "POST", f"/v1/orders/{held.order_id}/approve", api_headers)
    assert status == 409, body
    assert (await gateway.ctx.journal.get_order(held.order_id)).status == OrderStatus.DUPLICATE
    await wait_until(lambda: len(outbox(gateway)) == 2 or None, timeout=30)


def test_only_the_doubts_the_readme_names_let_a_sure_copy_replace_a_held_one():
    now = datetime.now(UTC)
    base = NormalizedOrder(order_id="x", po_number="P", sla=Sla(received_at=now), source=Source(
        document_id="d", channel="fax", format="ubl", sha256="0" * 64, received_at=now))

    def held(*codes):
        return base.model_copy(update={"issues": [Issue(code=c, message=c, severity="error") for c in codes]})
    assert _doubt_of_its_own(held("DELIVERY-DATE-MISSING"))
    assert _doubt_of_its_own(held("PO-CHARACTER-UNSURE", "DATE-AMBIGUOUS"))
    for other in ("MARKING-UNREAD", "LINE-UNREAD", "DRAFT-MARKED", "LAYOUT-COPY-UNSURE", "QUESTION-TYPED"):
        assert not _doubt_of_its_own(held("DELIVERY-DATE-MISSING", other)), other


async def test_the_start_up_sweep_reads_only_held_copies_whose_po_went_out_later_by_index(gateway, monkeypatch):
    from datetime import timedelta

    from gateway.stages.pipeline import pending_copies_sql
    from gateway.store.journal import iso, utcnow
    held, change, sure = await _stopped_before_supersede(gateway, monkeypatch, "PO-SURE-7")
    env = await gateway.ctx.intake.accept(ubl_order("PO-SURE-8", [(KNOWN, 4)], delivery_date=None), "fax", OWN_FAX)
    alone = await held_order(gateway, env.document_id)  # in review, nothing of its PO went out: no candidate
    assert alone.status == OrderStatus.REVIEW
    since = iso(utcnow() - timedelta(days=30))
    rows = await gateway.ctx.journal.lookup(pending_copies_sql(False), (since, 100))
    assert [r["order_id"] for r in rows] == [held.order_id]
    after = await gateway.ctx.journal.lookup(pending_copies_sql(True), (since, rows[0]["received_at"],
                                                                        rows[0]["received_at"], held.order_id, 100))
    assert after == []
    plan = " ".join(str(r["detail"]) for r in await gateway.ctx.journal.lookup(
        "EXPLAIN QUERY PLAN " + pending_copies_sql(False), (since, 100)))
    assert "orders_customer_po_norm" in plan and "SCAN s" not in plan, plan


async def test_a_sure_copy_that_is_not_ready_stays_the_duplicate_and_is_checked_for_anomalies_once(gateway,
                                                                                                 monkeypatch):
    import gateway.stages.pipeline as pipeline
    env = await gateway.ctx.intake.accept(ubl_order("PO-SURE-9", [(KNOWN, 4)], delivery_date=None), "fax", OWN_FAX)
    doubtful = await held_order(gateway, env.document_id)
    assert doubtful.status == OrderStatus.REVIEW
    checked: list[str] = []
    real = pipeline.check_anomalies

    async def counting(ctx, order, history=None):
        checked.append(order.status.value)
        return await real(ctx, order, history)
    monkeypatch.setattr(pipeline, "check_anomalies", counting)
    # read in full, but in another currency: it cannot go out in the held one's place
    env = await gateway.ctx.intake.accept(ubl_order("PO-SURE-9", [(KNOWN, 4)], currency="USD"), "smtp", OWN_MAIL)
    copy = await held_order(gateway, env.document_id)
    assert copy.status == OrderStatus.DUPLICATE and copy.original_order_id == doubtful.order_id
    assert checked == ["ready"]  # once, as the order it might have been; the copy itself is never checked again
    assert (await gateway.ctx.journal.get_order(doubtful.order_id)).status == OrderStatus.REVIEW
    assert outbox(gateway) == []
