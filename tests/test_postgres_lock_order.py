"""Row-lock order on PostgreSQL: a dead-letter and an order update of the same order never deadlock.

``update_order`` locks the order's row (its UPDATE), then its customer's history mark
(``_history_changed``). ``mark_delivery_failed`` moving an order to dead-letter used to lock the delivery,
then the customer's mark, and the order's row last: the two orders of the same pair of rows, so a person's
action on an order while its last delivery attempt failed could deadlock (PostgreSQL breaks it after
``deadlock_timeout``; the journal's retry hides it but the decision waits a second, and the dead-letter read
the order's body before its lock, so the update could be lost). The test holds the dead-letter's
transaction at the point where the order was most exposed (after its customer's mark was taken), starts the
update, lets the dead-letter go on, and records every deadlock PostgreSQL reports. Skipped only when no
PostgreSQL server answers.
"""

from __future__ import annotations

import asyncio
import threading

import psycopg
import pytest

from gateway.store import journal_sql
from gateway.store.journal import Event, Outcome
from gateway.store.journal_pg import PostgresJournal
from gateway.model import OrderStatus
from testkit.pg_database import create_database, drop_database, server_answers

from tests.test_postgres import TABLES, claimed, order_for

pytestmark = pytest.mark.skipif(bool(why := server_answers()), reason=why or "")


@pytest.fixture(scope="module")
def dsn():
    value = create_database()
    yield value
    drop_database(value)


@pytest.fixture
async def nodes(dsn):
    first, second = PostgresJournal(dsn), PostgresJournal(dsn)
    await first.open()
    await second.open()
    await first._run(lambda db: db.execute(f"TRUNCATE {TABLES}, customer_history_marks"))
    yield first, second
    await first.close()
    await second.close()


class Gate:
    """Pauses the thread that runs a statement containing ``after`` (once), and records deadlocks."""

    def __init__(self, after: str) -> None:
        self.after = after
        self.reached = threading.Event()
        self.go = threading.Event()
        self.deadlocks = 0
        self.paused = False

    def wrap(self, execute):
        gate = self

        def patched(db, sql, args=()):
            try:
                cur = execute(db, sql, args)
            except psycopg.errors.DeadlockDetected:
                gate.deadlocks += 1
                raise
            if not gate.paused and gate.after in sql and db.dialect.name == "postgresql":
                gate.paused = True
                gate.reached.set()
                gate.go.wait(10)
            return cur
        return patched


async def test_dead_letter_and_update_of_the_same_order_never_deadlock(nodes, monkeypatch):
    journal, other = nodes
    (doc,) = await claimed(journal)
    order = order_for(doc, "PO-LOCK")
    order.customer.id = "C-LOCK"
    order.status = OrderStatus.READY
    assert await journal.finish_document(doc.id, "node-a", Outcome(status="processed", orders=[order]))
    (record,) = await journal.claim_deliveries("node-a", 1, 30)
    assert record.order_id == order.order_id

    gate = Gate("customer_history_marks (customer_id, token)")  # the dead-letter holds its customer's mark
    monkeypatch.setattr(journal_sql.Db, "execute", gate.wrap(journal_sql.Db.execute))
    dead = asyncio.create_task(journal.mark_delivery_failed(order.order_id, "node-a", "DELIVERY: 503", None))
    assert await asyncio.to_thread(gate.reached.wait, 10)

    approved = order.model_copy(update={"team": "night shift"})
    update = asyncio.create_task(other.update_order(approved, Event(stage="review", outcome="edited",
                                                                    order_id=order.order_id)))
    await asyncio.sleep(0.5)  # the update reaches its first lock (and waits there, or takes it)
    gate.go.set()
    await asyncio.wait_for(asyncio.gather(dead, update), 30)

    assert gate.deadlocks == 0, "the dead-letter and the update locked the same rows in opposite orders"
    stored = await journal.get_order(order.order_id)
    assert stored.team == "night shift"  # the update came after the dead-letter: its write stands whole
    assert (await journal.delivery(order.order_id)).status == "dead_letter"


async def test_delivered_and_update_of_the_same_order_never_deadlock(nodes, monkeypatch):
    """The same for a delivery recorded while a person's update of its order (with a delivery row) runs."""
    journal, other = nodes
    (doc,) = await claimed(journal)
    order = order_for(doc, "PO-LOCK-2")
    order.customer.id = "C-LOCK"
    order.status = OrderStatus.READY
    assert await journal.finish_document(doc.id, "node-a", Outcome(status="processed", orders=[order]))
    (record,) = await journal.claim_deliveries("node-a", 1, 30)

    gate = Gate("UPDATE deliveries SET status = 'delivered'")  # the delivery's row is held
    monkeypatch.setattr(journal_sql.Db, "execute", gate.wrap(journal_sql.Db.execute))
    done = asyncio.create_task(journal.mark_delivered(order.order_id, "node-a", order.sla.received_at))
    assert await asyncio.to_thread(gate.reached.wait, 10)

    edited = order.model_copy(update={"team": "night shift"})
    update = asyncio.create_task(other.update_order(edited, Event(stage="review", outcome="edited",
                                                                  order_id=order.order_id), deliver=True))
    await asyncio.sleep(0.5)
    gate.go.set()
    delivered, _ = await asyncio.wait_for(asyncio.gather(done, update), 30)

    assert delivered
    assert gate.deadlocks == 0, "the delivery record and the update locked the same rows in opposite orders"
    assert (await journal.get_order(order.order_id)).team == "night shift"
