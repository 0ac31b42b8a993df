"""Delivery in batches: a sink that takes a batch (``deliver_many``) gets the claimed orders at once and
they are marked delivered in one transaction; an order the sink refuses is retried alone, the others are
neither failed nor sent again; a batch whose mark fails is marked order by order; and SIGKILL while a burst
is delivered to the file sink leaves every acknowledged order in the ERP folder exactly once (real
gateway process, real HTTP clients)."""

from __future__ import annotations

import asyncio
import json
import threading
import urllib.error
import urllib.request
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

from connectors.file_sink import FileSink
from gateway.config import parse_config
from gateway.errors import DeliveryError
from gateway.metrics import Metrics
from gateway.model import NormalizedOrder, OrderStatus
from gateway.stages.delivery import Delivery
from gateway.store.journal import DocStatus, DocumentRecord, Event, Outcome, iso, utcnow
from gateway.store.journal_sqlite import SqliteJournal
from testkit.harness import API_KEY, GatewayProcess, write_config
from testkit.samples import edifact_order
from tests.decide_helpers import make_order

ORDERS = 6


class RecordingSink:
    """A batch sink that records every order handed to it and refuses the ones named in ``refuse``."""

    name = kind = "recording"

    def __init__(self, refuse: set[str] | None = None) -> None:
        self.refuse = refuse or set()
        self.calls: list[list[str]] = []

    async def deliver(self, order: NormalizedOrder) -> None:
        raise AssertionError("a batch sink is called with the whole batch")

    async def deliver_many(self, orders: list[NormalizedOrder]) -> list[DeliveryError | None]:
        self.calls.append([o.po_number for o in orders])
        return [DeliveryError("ERP busy") if o.po_number in self.refuse else None for o in orders]


async def _ready_orders(journal: SqliteJournal, count: int) -> list[NormalizedOrder]:
    """``count`` ready orders, committed with their deliveries as the pipeline commits them."""
    orders = []
    for n in range(count):
        order = make_order(po_number=f"PO-B{n}").model_copy(update={"status": OrderStatus.READY})
        doc = DocumentRecord(id=order.source.document_id, sha256=order.source.sha256, size=1, channel="api",
                             received_at=order.sla.received_at)
        await journal.insert_document(doc, Event(stage="intake", outcome="received"))
        await journal.claim_documents("node", 1, 60)
        assert await journal.finish_document(doc.id, "node", Outcome(status=DocStatus.PROCESSED, orders=[order]))
        orders.append(order)
    return orders


def _delivery(tmp_path: Path, journal: SqliteJournal, sink, batch: int = 64) -> Delivery:  # type: ignore[no-untyped-def]
    config = parse_config({"gateway": {"data_dir": str(tmp_path / "var")}, "delivery": {"batch": batch}})
    return Delivery(SimpleNamespace(config=config, journal=journal, metrics=Metrics()), sink, "node")


async def _one_turn(delivery: Delivery) -> None:
    """One claim of the delivery loop and the sending of what it claimed."""
    due = await delivery.ctx.journal.claim_deliveries("node", delivery.batch_size, 60)
    orders = await delivery.ctx.journal.get_orders([d.order_id for d in due])
    await delivery.deliver_batch([(d, orders.get(d.order_id)) for d in due])


def test_a_batch_sink_gets_the_claimed_orders_in_one_call_and_they_are_all_marked_delivered(tmp_path: Path):
    async def run() -> None:
        journal = SqliteJournal(tmp_path / "j.sqlite3")
        await journal.open()
        try:
            orders = await _ready_orders(journal, ORDERS)
            sink = RecordingSink()
            await _one_turn(_delivery(tmp_path, journal, sink))
            assert len(sink.calls) == 1 and sorted(sink.calls[0]) == sorted(o.po_number for o in orders)
            for order in orders:
                assert (await journal.delivery(order.order_id)).status == "delivered"
                assert (await journal.get_order(order.order_id)).status == OrderStatus.DELIVERED
        finally:
            await journal.close()
    asyncio.run(run())


def test_an_order_the_sink_refuses_is_retried_alone_and_the_others_are_not_sent_again(tmp_path: Path):
    async def run() -> None:
        journal = SqliteJournal(tmp_path / "j.sqlite3")
        await journal.open()
        try:
            orders = await _ready_orders(journal, ORDERS)
            refused = orders[2]
            sink = RecordingSink(refuse={refused.po_number})
            delivery = _delivery(tmp_path, journal, sink)
            await _one_turn(delivery)
            for order in orders:
                record = await journal.delivery(order.order_id)
                assert record.status == ("pending" if order is refused else "delivered"), order.po_number
            # the refused one made due again: only it is claimed and sent the second time
            await journal.transaction(lambda db: db.execute(
                "UPDATE deliveries SET next_attempt_at = ? WHERE order_id = ?",
                (iso(utcnow() - timedelta(seconds=1)), refused.order_id)))
            sink.refuse.clear()
            await _one_turn(delivery)
            assert sink.calls[1] == [refused.po_number]
            record = await journal.delivery(refused.order_id)
            assert record.status == "delivered" and record.attempts == 2
        finally:
            await journal.close()
    asyncio.run(run())


class BrokenSink(RecordingSink):
    """A batch sink with a bug: it raises, or answers for fewer orders than it was given."""

    def __init__(self, answer_short: bool) -> None:
        super().__init__()
        self.answer_short = answer_short

    async def deliver_many(self, orders: list[NormalizedOrder]) -> list[DeliveryError | None]:
        self.calls.append([o.po_number for o in orders])
        if self.answer_short:
            return [None]
        raise ValueError("sink bug")


def test_a_sink_bug_is_a_failed_attempt_of_each_order_not_a_dead_loop(tmp_path: Path):
    async def run() -> None:
        journal = SqliteJournal(tmp_path / "j.sqlite3")
        await journal.open()
        try:
            orders = await _ready_orders(journal, 3)
            for answer_short in (False, True):
                await journal.transaction(lambda db: db.execute(
                    "UPDATE deliveries SET next_attempt_at = ?", (iso(utcnow() - timedelta(seconds=1)),)))
                await _one_turn(_delivery(tmp_path, journal, BrokenSink(answer_short)))
                for order in orders:
                    record = await journal.delivery(order.order_id)
                    assert record.status == "pending" and record.last_error, (answer_short, record)
        finally:
            await journal.close()
    asyncio.run(run())


def test_a_batch_whose_mark_fails_is_marked_order_by_order(tmp_path: Path):
    async def run() -> None:
        journal = SqliteJournal(tmp_path / "j.sqlite3")
        await journal.open()
        try:
            orders = await _ready_orders(journal, 3)

            async def refused(*_args):  # type: ignore[no-untyped-def]
                raise RuntimeError("the batch's transaction failed")
            journal.mark_delivered_many = refused  # type: ignore[method-assign]
            sink = RecordingSink()
            await _one_turn(_delivery(tmp_path, journal, sink))
            assert len(sink.calls) == 1
            for order in orders:
                assert (await journal.delivery(order.order_id)).status == "delivered"
        finally:
            await journal.close()
    asyncio.run(run())


def test_the_file_sink_writes_a_batch_and_never_rewrites_an_order_already_there(tmp_path: Path):
    async def run() -> None:
        folder = tmp_path / "erp"
        sink = FileSink(folder)
        await sink.start()
        new, sent = make_order(po_number="PO-F1"), make_order(po_number="PO-F2")
        (folder / f"{sent.order_id}.json").write_text('{"po_number": "as first sent"}')  # sent before a crash
        assert await sink.deliver_many([new, sent]) == [None, None]
        assert json.loads((folder / f"{new.order_id}.json").read_text())["po_number"] == "PO-F1"
        assert json.loads((folder / f"{sent.order_id}.json").read_text())["po_number"] == "as first sent"
    asyncio.run(run())


def _post(url: str, body: bytes) -> str | None:
    request = urllib.request.Request(f"{url}/v1/documents", data=body, method="POST",
                                     headers={"X-API-Key": API_KEY, "Content-Type": "application/edifact"})
    try:
        with urllib.request.urlopen(request, timeout=10) as resp:
            return json.loads(resp.read())["document_id"] if resp.status == 202 else None
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None  # not acknowledged: the sender would send it again


def _delivered(root: Path) -> list[str]:
    """The PO of every order file in the ERP folder (one entry per file)."""
    return [json.loads(p.read_text())["po_number"] for p in (root / "erp").glob("*.json")]


def test_sigkill_while_batches_are_delivered_to_the_file_sink_leaves_each_order_once(tmp_path: Path):
    root = tmp_path / "gw"
    config = write_config(root, {"pipeline": {"workers": 8}, "delivery": {"batch": 16}})
    gw = GatewayProcess(config).start()
    accepted: dict[str, str] = {}
    some_out = threading.Event()

    def send(numbers: range) -> None:
        for n in numbers:
            po = f"PO-KILL-{n:04d}"
            if _post(gw.http_url, edifact_order(po, [("4000862141404", 1 + n % 9)], control_ref=f"K{n}")):
                accepted[po] = po
            if len(_delivered(root)) >= 10:
                some_out.set()

    senders = [threading.Thread(target=send, args=(range(k, 160, 4),)) for k in range(4)]
    for thread in senders:
        thread.start()
    assert some_out.wait(timeout=120)
    gw.kill()  # SIGKILL while orders arrive, are decided, written to the folder and marked delivered
    for thread in senders:
        thread.join()
    gw = GatewayProcess(config).start()
    try:
        deadline = 180.0
        while deadline > 0 and not set(accepted) <= set(_delivered(root)):
            asyncio.run(asyncio.sleep(0.2))
            deadline -= 0.2
        out = _delivered(root)
        assert set(accepted) <= set(out), f"lost: {sorted(set(accepted) - set(out))[:5]}"
        assert len(out) == len(set(out)), "an order written twice"
    finally:
        gw.stop()
