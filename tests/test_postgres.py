"""The journal contract on the local PostgreSQL, and the database archive.

The module makes its own ``gateway_test_<random>`` database and drops it afterwards; every test starts
from empty tables. Skipped only when no PostgreSQL server answers (``GATEWAY_TEST_PG_DSN`` names
another server than the local one).
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta
from pathlib import Path

import psycopg
import pytest

from gateway.store.archive_pg import DatabaseArchive
from gateway.errors import ConfigError, IntakeError
from gateway.store.journal import DocStatus, DocumentRecord, Event, Outcome, new_id, utcnow
from gateway.store.journal_pg import PostgresJournal
from gateway.store.journal_schema import MIGRATIONS
from gateway.model import NormalizedOrder, OrderKind, Sla, Source
from gateway.store.pg import PgSessions, describe_dsn
from testkit.harness import free_port, running_gateway, wait_until, write_config
from testkit.pg_database import create_database, drop_database, server_answers, temporary_database
from testkit.samples import ubl_order

pytestmark = pytest.mark.skipif(bool(why := server_answers()), reason=why or "")

TABLES = "documents, events, orders, deliveries, interchanges, acks, nodes, control_numbers"


@pytest.fixture(scope="module")
def dsn() -> Iterator[str]:
    value = create_database()
    yield value
    drop_database(value)


@pytest.fixture
async def journal(dsn: str) -> AsyncIterator[PostgresJournal]:
    j = PostgresJournal(dsn)
    await j.open()
    await j._run(lambda db: db.execute(f"TRUNCATE {TABLES}"))
    yield j
    await j.close()


@pytest.fixture
async def other_node(dsn: str) -> AsyncIterator[PostgresJournal]:
    """A second node's journal: its own sessions on the same database."""
    j = PostgresJournal(dsn)
    await j.open()
    yield j
    await j.close()


def document(intake_key: str | None = None) -> DocumentRecord:
    return DocumentRecord(id=new_id(), sha256=hashlib.sha256(new_id().encode()).hexdigest(), size=10,
                          channel="http", received_at=utcnow(), intake_key=intake_key)


def received() -> Event:
    return Event(stage="intake", outcome="received")


def order_for(doc: DocumentRecord, po: str, original: str | None = None) -> NormalizedOrder:
    return NormalizedOrder(
        order_id=f"{doc.id}-1", kind=OrderKind.CHANGE if original else OrderKind.NEW, po_number=po,
        source=Source(document_id=doc.id, channel="http", format="ubl", sha256=doc.sha256,
                      received_at=doc.received_at),
        sla=Sla(received_at=doc.received_at), original_order_id=original)


async def claimed(journal: PostgresJournal, owner: str = "node-a", n: int = 1) -> list[DocumentRecord]:
    docs = [document() for _ in range(n)]
    for doc in docs:
        await journal.insert_document(doc, received())
    return await journal.claim_documents(owner, n, 30)


# --- schema ---------------------------------------------------------------------------------

async def test_migrations_are_applied_once_and_a_second_open_changes_nothing(dsn, journal):
    again = PostgresJournal(dsn)
    await again.open()
    await again.close()
    assert again.migrated == []
    rows = await journal.query("SELECT version FROM schema_migrations ORDER BY version")
    assert [r["version"] for r in rows] == [v for v, _ in MIGRATIONS]


async def test_sqlite_types_are_translated_to_postgresql_types(journal):
    rows = await journal.query(
        "SELECT table_name, column_name, data_type, is_identity FROM information_schema.columns "
        "WHERE (table_name, column_name) IN (('events', 'id'), ('acks', 'body'), ('orders', 'confidence'))")
    types = {(r["table_name"], r["column_name"]): (r["data_type"], r["is_identity"]) for r in rows}
    assert types == {("events", "id"): ("bigint", "YES"), ("acks", "body"): ("bytea", "NO"),
                     ("orders", "confidence"): ("double precision", "NO")}


async def test_three_nodes_opening_together_migrate_once():
    with temporary_database() as fresh:
        journals = [PostgresJournal(fresh) for _ in range(3)]
        await asyncio.gather(*(j.open() for j in journals))
        await asyncio.gather(*(j.close() for j in journals))
        assert sorted(j.migrated for j in journals) == [[], [], [v for v, _ in MIGRATIONS]]


# --- documents ------------------------------------------------------------------------------

async def test_document_round_trip_and_history(journal):
    doc = document()
    doc.metadata = {"subject": "PO 42"}
    await journal.insert_document(doc, received())
    stored = await journal.get_document(doc.id)
    assert stored == doc
    assert [e.outcome for e in await journal.history(doc.id)] == ["received"]


async def test_same_intake_key_from_two_nodes_at_once_gives_one_document(journal, other_node):
    first, second = document("folder:in:a.xml:1"), document("folder:in:a.xml:1")
    results = await asyncio.gather(journal.insert_document(first, received()),
                                   other_node.insert_document(second, received()))
    assert results[0].id == results[1].id
    assert len(await journal.list_documents()) == 1


async def test_two_nodes_never_claim_the_same_document(journal, other_node):
    for _ in range(40):
        await journal.insert_document(document(), received())
    batches = await asyncio.gather(*(j.claim_documents(owner, 5, 30)
                                     for _ in range(6)
                                     for j, owner in ((journal, "node-a"), (other_node, "node-b"))))
    ids = [doc.id for batch in batches for doc in batch]
    assert len(ids) == len(set(ids)) == 40
    assert all(doc.status == DocStatus.PROCESSING for batch in batches for doc in batch)


async def test_finish_commits_orders_and_deliveries(journal):
    (doc,) = await claimed(journal)
    outcome = Outcome(status=DocStatus.PROCESSED, format="ubl", orders=[order_for(doc, "PO-1")],
                      interchanges=[("edifact", "SENDER", "REF1")],
                      acks=[{"id": f"{doc.id}-ack-1", "kind": "contrl", "via": "sftp", "body": b"UNA:+.?"}])
    assert await journal.finish_document(doc.id, "node-a", outcome)
    assert (await journal.get_document(doc.id)).status == DocStatus.PROCESSED
    assert [o.po_number for o in await journal.orders_for_document(doc.id)] == ["PO-1"]
    assert (await journal.delivery(f"{doc.id}-1")).status == "pending"
    assert await journal.seen_interchange("edifact", "SENDER", "REF1", "other") == doc.id
    assert (await journal.acks_for_document(doc.id))[0]["body"] == b"UNA:+.?"


async def test_finish_after_the_lease_was_lost_changes_nothing(journal, other_node):
    (doc,) = await claimed(journal)
    await journal._run(lambda db: db.execute("UPDATE documents SET lease_until = ?", ("2000-01-01",)))
    (taken,) = await other_node.claim_documents("node-b", 5, 30)
    assert taken.id == doc.id
    assert not await journal.finish_document(doc.id, "node-a", Outcome(status=DocStatus.PROCESSED))
    assert await other_node.finish_document(doc.id, "node-b", Outcome(status=DocStatus.PROCESSED))


async def test_a_renewed_lease_is_not_taken_over_and_only_its_owner_renews(journal, other_node):
    (doc,) = await claimed(journal)
    await journal._run(lambda db: db.execute("UPDATE documents SET lease_until = ?", ("2000-01-01",)))
    assert await journal.extend_lease(doc.id, "node-a", 300)
    assert not await other_node.extend_lease(doc.id, "node-b", 300)
    assert await other_node.claim_documents("node-b", 5, 30) == []


async def test_two_nodes_never_send_the_same_acknowledgement(journal, other_node):
    (doc,) = await claimed(journal)
    acks = [{"id": f"{doc.id}-ack-{n}", "kind": "contrl", "via": "sftp", "body": b"UNA"} for n in range(6)]
    assert await journal.finish_document(doc.id, "node-a", Outcome(status=DocStatus.PROCESSED, acks=acks))
    batches = await asyncio.gather(journal.claim_acks("node-a", 4), other_node.claim_acks("node-b", 4))
    ids = [a["id"] for batch in batches for a in batch]
    assert len(ids) == len(set(ids)) == 6
    await journal.mark_ack(ids[0], "sent")
    await journal._run(lambda db: db.execute("UPDATE acks SET lease_until = ? WHERE status = 'sending'",
                                             ("2000-01-01",)))
    assert len(await other_node.claim_acks("node-b")) == 5  # the expired ones only, not the sent one


async def test_retry_then_give_up(journal):
    (doc,) = await claimed(journal)
    await journal.retry_document(doc.id, "node-a", utcnow() + timedelta(hours=1),
                                 Event(stage="pipeline", outcome="retry", data={"code": "X"}))
    assert await journal.claim_documents("node-a", 5, 30) == []
    await journal.retry_document(doc.id, None, utcnow(),
                                 Event(stage="pipeline", outcome="failed"), give_up=True)
    assert (await journal.get_document(doc.id)).status == DocStatus.FAILED
    assert await journal.reset_document(doc.id, Event(stage="api", outcome="reset"))


# --- deliveries -----------------------------------------------------------------------------

async def _ready_orders(journal: PostgresJournal) -> tuple[str, str]:
    first, second = await claimed(journal, n=2)
    original = order_for(first, "PO-7")
    change = order_for(second, "PO-7", original=original.order_id)
    assert await journal.finish_document(first.id, "node-a", Outcome(status="processed", orders=[original]))
    assert await journal.finish_document(second.id, "node-a", Outcome(status="processed", orders=[change]))
    return original.order_id, change.order_id


async def test_a_change_is_not_claimed_before_its_original_is_delivered(journal, other_node):
    original, change = await _ready_orders(journal)
    (record,) = await journal.claim_deliveries("node-a", 10, 30)
    assert record.order_id == original
    assert await other_node.claim_deliveries("node-b", 10, 30) == []
    assert await journal.mark_delivered(original, "node-a", utcnow())
    (record,) = await other_node.claim_deliveries("node-b", 10, 30)
    assert record.order_id == change and record.depends_on == original
    assert not await journal.mark_delivered(change, "node-a", utcnow()), "not node-a's lease"
    assert await other_node.mark_delivered(change, "node-b", utcnow())
    assert (await journal.get_order(change)).status.value == "delivered"


async def test_an_order_claimed_on_one_node_is_held_for_its_clerk_on_every_node(journal, other_node):
    until = utcnow() + timedelta(minutes=15)
    assert (await journal.claim_order("O-1", "alice", until))["username"] == "alice"
    assert (await other_node.claim_order("O-1", "bob", until))["username"] == "alice"
    assert (await other_node.order_claim("O-1"))["username"] == "alice"
    assert not await other_node.release_claim("O-1", "bob") and await journal.release_claim("O-1", "alice")
    assert (await other_node.claim_order("O-1", "bob", until))["username"] == "bob"
    assert (await journal.claim_order("O-2", "alice", utcnow() - timedelta(seconds=1)))["username"] == "alice"
    assert await other_node.order_claim("O-2") is None  # run out: anyone may claim it
    assert (await other_node.claim_order("O-2", "bob", until))["username"] == "bob"


async def test_failed_delivery_retries_then_dead_letters(journal):
    original, _change = await _ready_orders(journal)
    await journal.claim_deliveries("node-a", 1, 30)
    await journal.mark_delivery_failed(original, "node-a", "DELIVERY: 503", None)
    assert (await journal.delivery(original)).status == "dead_letter"
    assert (await journal.get_order(original)).status.value == "dead_letter"
    counts = await journal.counts()
    assert counts["deliveries"] == {"dead_letter": 1, "pending": 1}


# --- nodes, leases and faults ---------------------------------------------------------------

async def test_start_up_releases_only_expired_leases(dsn, journal):
    live, expired = await claimed(journal, n=2)
    await journal._run(lambda db: db.execute("UPDATE documents SET lease_until = ? WHERE id = ?",
                                             ("2000-01-01", expired.id)))
    starting = PostgresJournal(dsn)
    await starting.open()
    await starting.close()
    assert (await journal.get_document(live.id)).status == DocStatus.PROCESSING
    assert (await journal.get_document(expired.id)).status == DocStatus.RETRY


async def test_work_of_a_dead_node_is_released_at_once(dsn, journal):
    dying = PostgresJournal(dsn)
    await dying.open()
    docs = await claimed(dying, "node-dying", n=3)
    await journal.claim_documents("node-a", 0, 30)  # node-a is alive too
    assert await journal.release_dead_nodes() == 0, "node-dying is alive: leave its work alone"
    await dying.close()  # its session ends: the server drops its liveness lock
    assert await wait_until(journal.release_dead_nodes, timeout=10) == 3
    assert {d.id for d in await journal.claim_documents("node-a", 5, 30)} == {d.id for d in docs}


async def test_nodes_report_heartbeats_and_liveness(dsn, journal):
    await journal.claim_documents("node-a", 0, 30)
    await journal.heartbeat("node-a", {"pid": 1})
    await journal.heartbeat("node-gone", {"pid": 2})
    alive = {n["node_id"]: n["alive"] for n in await journal.nodes()}
    assert alive == {"node-a": True, "node-gone": False}


async def test_decisions_are_taken_one_node_at_a_time(journal, other_node):
    order: list[str] = []

    async def decide(j: PostgresJournal, name: str, hold_s: float) -> None:
        async with j.decision_lock():
            order.append(f"{name} in")
            await asyncio.sleep(hold_s)
            order.append(f"{name} out")

    first = asyncio.create_task(decide(journal, "a", 0.3))
    await asyncio.sleep(0.1)
    await asyncio.gather(first, decide(other_node, "b", 0))
    assert order == ["a in", "a out", "b in", "b out"]


async def test_one_customer_is_decided_by_one_node_at_a_time(journal, other_node):
    order: list[str] = []

    async def decide(j: PostgresJournal, name: str, hold_s: float) -> None:
        async with j.decision_lock("CUST-1"):
            order.append(f"{name} in")
            await asyncio.sleep(hold_s)
            order.append(f"{name} out")

    first = asyncio.create_task(decide(journal, "a", 0.3))
    await asyncio.sleep(0.1)
    await asyncio.gather(first, decide(other_node, "b", 0))
    assert order == ["a in", "a out", "b in", "b out"]


async def test_two_nodes_decide_different_customers_at_once(journal, other_node):
    a_in, b_in = asyncio.Event(), asyncio.Event()

    async def decide(j: PostgresJournal, customer: str, mine: asyncio.Event, theirs: asyncio.Event) -> None:
        async with j.decision_lock(customer):
            mine.set()
            await asyncio.wait_for(theirs.wait(), 30)  # only returns if the other is inside too

    await asyncio.gather(decide(journal, "CUST-A", a_in, b_in), decide(other_node, "CUST-B", b_in, a_in))
    assert a_in.is_set() and b_in.is_set()  # both held their customer's lock at the same time


async def test_the_whole_journal_lock_waits_for_every_customer(journal, other_node):
    order: list[str] = []
    inside = asyncio.Event()

    async def keyed() -> None:
        async with journal.decision_lock("CUST-1", None):
            order.append("keyed in")
            inside.set()
            await asyncio.sleep(0.3)
            order.append("keyed out")

    async def whole() -> None:
        async with other_node.decision_lock():
            order.append("whole in")

    first = asyncio.create_task(keyed())
    await asyncio.wait_for(inside.wait(), timeout=30)  # the keyed lock is held, however slow the machine
    await asyncio.gather(first, whole())
    assert order == ["keyed in", "keyed out", "whole in"]


async def test_a_task_cancelled_while_waiting_for_a_decision_leaves_the_lock_free(journal, other_node):
    taken, release = asyncio.Event(), asyncio.Event()

    async def hold(j: PostgresJournal, seconds: float) -> None:
        async with j.decision_lock():
            await asyncio.sleep(seconds)

    async def holder_task() -> None:  # holds the lock until the waiter is cancelled, whatever the machine's load
        async with journal.decision_lock():
            taken.set()
            await release.wait()

    holder = asyncio.create_task(holder_task())
    await asyncio.wait_for(taken.wait(), timeout=10)
    waiter = asyncio.create_task(hold(other_node, 0))
    await asyncio.sleep(0.1)
    waiter.cancel()
    release.set()
    await holder
    with pytest.raises(asyncio.CancelledError):
        await waiter
    await asyncio.wait_for(hold(journal, 0), timeout=5)  # given back by the cancelled waiter's node
    await asyncio.wait_for(hold(other_node, 0), timeout=5)


async def test_a_second_process_with_the_same_node_id_is_refused(journal, other_node):
    await journal.claim_documents("node-a", 0, 30)
    with pytest.raises(ConfigError) as err:
        await other_node.claim_documents("node-a", 0, 30)
    assert err.value.code == "JOURNAL-NODE-ID-IN-USE"


async def test_a_broken_connection_is_replaced(dsn, journal):
    await journal.counts()
    with psycopg.connect(dsn, autocommit=True) as admin:
        killed = admin.execute("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE "
                               "datname = current_database() AND application_name = "
                               "'order-gateway-journal'").fetchone()[0]
    assert killed >= 1
    await journal.insert_document(document(), received())
    assert (await journal.counts())["documents"] == {"received": 1}


async def test_unreachable_database_is_a_retryable_intake_error():
    journal = PostgresJournal(f"host=127.0.0.1 port={free_port()} user=gw password=s3cret dbname=x")
    with pytest.raises(IntakeError) as err:
        await journal.open()
    await journal.close()
    assert err.value.code == "JOURNAL-UNAVAILABLE" and err.value.retryable
    assert "s3cret" not in str(err.value)


def test_an_unparsable_dsn_is_a_config_error_that_does_not_quote_it():
    with pytest.raises(ConfigError) as err:
        PostgresJournal("host=h password='s3cret")
    assert err.value.code == "CONFIG-DSN" and "s3cret" not in str(err.value)


def test_dsn_descriptions_never_hold_the_password():
    text = describe_dsn("postgresql://gw:s3cret@db.example:6432/orders")
    assert text == "gw@db.example:6432/orders"
    assert "s3cret" not in PgSessions("host=h password=s3cret").target


# --- the database archive -------------------------------------------------------------------

def test_database_archive_is_shared_and_materialised_on_demand(dsn, tmp_path: Path):
    writer, reader = DatabaseArchive(dsn, tmp_path / "a"), DatabaseArchive(dsn, tmp_path / "b")
    try:
        digest = writer.put(b"UNB+UNOC:3")
        assert writer.put(b"UNB+UNOC:3") == digest
        assert reader.exists(digest) and reader.get(digest) == b"UNB+UNOC:3"
        path = reader.path_of(digest)
        assert path.is_relative_to(tmp_path / "b") and path.read_bytes() == b"UNB+UNOC:3"
        assert not reader.path_of("0" * 64).exists() and not reader.exists("0" * 64)
    finally:
        writer.close()
        reader.close()


async def test_gateway_runs_on_database_journal_and_archive(dsn, journal, tmp_path, monkeypatch):
    monkeypatch.setenv("GATEWAY_TEST_PG_DSN_FOR_NODE", dsn)
    config = write_config(tmp_path / "gw", {
        "journal": {"backend": "postgresql", "dsn_env": "GATEWAY_TEST_PG_DSN_FOR_NODE"},
        "archive": {"backend": "database"}})
    async with running_gateway(config) as gw:
        env = await gw.ctx.intake.accept(ubl_order("PO-DBARCH-1", [("4000862141404", 2)]), "http")
        await wait_until(lambda: list((tmp_path / "gw" / "erp").glob("*.json")), timeout=30)
        (order,) = await gw.ctx.journal.orders_for_document(env.document_id)
    assert order.po_number == "PO-DBARCH-1"
    rows = await journal.query("SELECT size FROM archive WHERE sha256 = ?", (env.sha256,))
    assert rows == [{"size": env.size}]


async def test_two_nodes_never_get_the_same_interchange_control_number(journal, other_node) -> None:
    batches = await asyncio.gather(*(node.next_control_numbers(3) for node in (journal, other_node) * 10))
    numbers = [n for batch in batches for n in batch]
    assert sorted(numbers) == list(range(1, 61))


async def test_texts_of_many_rows_come_back_in_order_as_one_value(journal):
    docs = [document() for _ in range(5)]
    for doc in docs:
        await journal.insert_document(doc, received())
    newest = sorted(d.id for d in docs)[::-1][:3]
    assert await journal.query_texts("SELECT id AS value FROM documents ORDER BY id DESC LIMIT ?", (3,)) == newest
    assert await journal.query_texts("SELECT id AS value FROM documents WHERE id = ?", ("none",)) == []
