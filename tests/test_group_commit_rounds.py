"""Work moved through a stage together: a delivery round is recorded in one journal write, and the
acknowledgements fetched over HTTP are made available in one write; claims and control numbers wait for
no fsync of their own. Nothing
of the exactly-once rules moves: a delivery is recorded only for an order the sink took, and an order
whose sending failed in the round is not recorded as delivered."""

from __future__ import annotations

import asyncio
import threading
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

import pytest

from gateway.errors import DeliveryError
from gateway.metrics import Metrics
from gateway.model import OrderStatus
from gateway.stages.acks import AckDispatcher
from gateway.stages.delivery import Delivery
from gateway.store.journal import DocStatus, DocumentRecord, Event, Outcome, new_id, utcnow
from gateway.store.journal_sqlite import SqliteJournal
from testkit.harness import load_test_config, write_config
from tests.decide_helpers import journal, make_order, pg_dsn, store_order  # noqa: F401 (fixtures)


def _doc() -> DocumentRecord:
    return DocumentRecord(id=new_id(), sha256=new_id(), size=1, channel="api", received_at=utcnow())


async def test_claims_and_control_numbers_wait_for_no_fsync_of_their_own(tmp_path: Path):
    journal = SqliteJournal(tmp_path / "j.sqlite3")
    await journal.open()
    try:
        docs = [_doc() for _ in range(3)]
        for doc in docs:
            await journal.insert_document(doc, Event(stage="intake", outcome="received"))
        syncs = journal.syncs
        claimed = await journal.claim_documents("node", 10, 60)
        assert sorted(d.id for d in claimed) == sorted(d.id for d in docs)
        assert await journal.next_control_numbers(2) == [1, 2]
        assert await journal.extend_lease(docs[0].id, "node", 60)
        assert journal.syncs == syncs  # committed, not fsynced: durable at the next sync
        assert journal.unsynced
        await journal.sync()
        assert not journal.unsynced
    finally:
        await journal.close()


async def test_a_claim_asked_while_the_writer_commits_waits_its_turn_and_is_not_lost(tmp_path: Path):
    journal = SqliteJournal(tmp_path / "j.sqlite3")
    await journal.open()
    try:
        await journal.insert_document(_doc(), Event(stage="intake", outcome="received"))
        held, go = threading.Event(), threading.Event()

        def block(_db) -> None:  # type: ignore[no-untyped-def]
            held.set()
            go.wait(30)

        blocker = asyncio.ensure_future(journal._run(block))
        await asyncio.get_running_loop().run_in_executor(None, held.wait, 30)
        inline = journal.inline
        claim = asyncio.ensure_future(journal.claim_documents("node", 10, 60))
        numbers = asyncio.ensure_future(journal.next_control_numbers(1))
        await asyncio.sleep(0.05)
        assert not claim.done() and not numbers.done()  # queued behind the writer, not on the loop
        go.set()
        await blocker
        assert len(await claim) == 1 and await numbers == [1]
        assert journal.inline == inline
    finally:
        await journal.close()


class _Sink:
    kind = "file"

    def __init__(self, refuse: set[str]) -> None:
        self.refuse = refuse
        self.got: list[str] = []

    async def deliver(self, order) -> None:  # type: ignore[no-untyped-def]
        await asyncio.sleep(0)
        if order.po_number in self.refuse:
            raise DeliveryError("ERP said no")
        self.got.append(order.order_id)


def _delivery(tmp_path: Path, journal, sink: _Sink) -> Delivery:  # type: ignore[no-untyped-def]
    config = load_test_config(write_config(tmp_path / "gw"))
    return Delivery(SimpleNamespace(config=config, journal=journal, metrics=Metrics()), sink, "node")


async def test_a_delivery_round_is_recorded_in_one_write_and_a_refused_order_is_not(journal, tmp_path: Path):
    orders = [make_order(po_number=f"PO-ROUND-{n}") for n in range(5)]
    for order in orders:
        await store_order(journal, order, OrderStatus.READY)
    calls: list[list[tuple[str, datetime]]] = []
    record = journal.mark_delivered_many

    async def counted(delivered, owner):  # type: ignore[no-untyped-def]
        calls.append(list(delivered))
        return await record(delivered, owner)
    journal.mark_delivered_many = counted
    sink = _Sink(refuse={"PO-ROUND-3"})
    delivery = _delivery(tmp_path, journal, sink)
    due = await journal.claim_deliveries("node", 10, 60)
    assert len(due) == 5
    await delivery.deliver_round(due)
    assert len(calls) == 1 and sorted(o for o, _ in calls[0]) == sorted(sink.got)
    assert len(sink.got) == 4
    for order in orders:
        stored = await journal.get_order(order.order_id)
        rec = await journal.delivery(order.order_id)
        if order.po_number == "PO-ROUND-3":
            assert stored.status != OrderStatus.DELIVERED and rec.status == "pending"  # to be tried again
        else:
            assert stored.status == OrderStatus.DELIVERED and rec.status == "delivered"
            assert stored.sla.delivered_at is not None
    assert await journal.claim_deliveries("node", 10, 60) == []  # the refused one waits for its backoff


async def test_a_round_whose_lease_was_lost_records_nothing_for_that_order(journal, tmp_path: Path):
    order = make_order(po_number="PO-ROUND-LEASE")
    await store_order(journal, order, OrderStatus.READY)
    (due,) = await journal.claim_deliveries("node", 1, 60)
    assert await journal.mark_delivered_many([(order.order_id, utcnow())], "another-node") == [False]
    assert (await journal.delivery(order.order_id)).status == "delivering"
    assert await journal.mark_delivered_many([(order.order_id, utcnow())], "node") == [True]


async def test_acknowledgements_fetched_over_http_are_made_available_in_one_write(journal):
    for n in range(4):
        doc = _doc()
        await journal.insert_document(doc, Event(stage="intake", outcome="received"))
        await journal.claim_documents("test", 10, 60)
        acks = [{"id": f"{doc.id}-ack-1", "kind": "contrl", "via": "http", "partner": "p",
                 "filename": f"contrl-{n}.edi", "body": b"UNA:+.? 'UNB+UNOC:3'"}]
        assert await journal.finish_document(doc.id, "test", Outcome(status=DocStatus.PROCESSED, acks=acks))
    made: list[list[str]] = []
    make = journal.make_acks_available

    async def counted(ids):  # type: ignore[no-untyped-def]
        made.append(list(ids))
        return await make(ids)
    journal.make_acks_available = counted
    dispatcher = AckDispatcher(SimpleNamespace(journal=journal))
    runner = asyncio.ensure_future(dispatcher.run("node"))
    try:
        async def all_available() -> bool:
            rows = await journal.query("SELECT status FROM acks")
            return len(rows) == 4 and all(r["status"] == "available" for r in rows)
        for _ in range(100):
            if await all_available():
                break
            await asyncio.sleep(0.05)
        assert await all_available()
    finally:
        runner.cancel()
        await asyncio.gather(runner, return_exceptions=True)
    assert [len(ids) for ids in made if ids] == [4]


async def _ready_document(journal: SqliteJournal, po: str, *, synced: bool) -> None:
    order = make_order(po_number=po)
    doc = DocumentRecord(id=order.source.document_id, sha256=order.source.sha256, size=1,
                         channel=order.source.channel, received_at=order.sla.received_at)
    await journal.insert_document(doc, Event(stage="intake", outcome="received", at=doc.received_at))
    await journal.claim_documents("test", 1000, 60)
    stored = order.model_copy(update={"status": OrderStatus.READY})
    outcome = Outcome(status=DocStatus.PROCESSED, customer_id=order.customer.id, orders=[stored])
    assert await journal.finish_document(doc.id, "test", outcome, synced=False)  # as the runner commits it
    if synced:
        await journal.sync()


async def test_a_delivery_claimed_after_its_decision_was_synced_needs_no_fsync_of_its_own(tmp_path: Path):
    journal = SqliteJournal(tmp_path / "j.sqlite3")
    await journal.open()
    try:
        await _ready_document(journal, "PO-SYNCED", synced=True)
        syncs = journal.syncs
        assert len(await journal.claim_deliveries("node", 10, 60)) == 1
        assert journal.syncs == syncs  # its decision is on the disk already: the claim went without an fsync
        await _ready_document(journal, "PO-NOT-YET", synced=False)
        assert journal.unsynced
        syncs = journal.syncs
        assert len(await journal.claim_deliveries("node", 10, 60)) == 1
        assert journal.syncs == syncs + 1 and not journal.unsynced  # its decision made durable before it leaves
    finally:
        await journal.close()


async def test_a_claim_that_may_read_an_earlier_write_of_its_own_group_waits_for_that_group(tmp_path: Path):
    """A decision queued behind the writer and a claim in the same group: the claim may read the decision's
    delivery before it is committed, so it waits for the group's fsync even when every earlier commit was
    synced."""
    journal = SqliteJournal(tmp_path / "j.sqlite3")
    await journal.open()
    try:
        order = make_order(po_number="PO-SAME-GROUP")
        doc = DocumentRecord(id=order.source.document_id, sha256=order.source.sha256, size=1,
                             channel=order.source.channel, received_at=order.sla.received_at)
        await journal.insert_document(doc, Event(stage="intake", outcome="received", at=doc.received_at))
        await journal.claim_documents("test", 1000, 60)
        await journal.sync()
        outcome = Outcome(status=DocStatus.PROCESSED, customer_id=order.customer.id,
                          orders=[order.model_copy(update={"status": OrderStatus.READY})])
        held, go = threading.Event(), threading.Event()

        def block(_db) -> None:  # type: ignore[no-untyped-def]
            held.set()
            go.wait(30)

        blocker = asyncio.ensure_future(journal._run(block))
        await asyncio.get_running_loop().run_in_executor(None, held.wait, 30)
        decision = asyncio.ensure_future(journal.finish_document(doc.id, "test", outcome, synced=False))
        await asyncio.sleep(0)
        claim = asyncio.ensure_future(journal.claim_deliveries("node", 10, 60))
        await asyncio.sleep(0.05)
        go.set()
        await blocker
        assert await decision
        (due,) = await claim
        assert due.order_id == order.order_id
        assert not journal.unsynced  # the group holding the decision was fsynced before the claim returned
    finally:
        await journal.close()
