"""Helpers for the decide-stage tests: a small master data set, a context, orders and stored history.

``decide_ctx`` builds the parts of a ``Context`` the rules, SLA, routing and anomaly code use: a real
parsed ``Config`` (with a ``[decide]`` section), real master data read from CSV files, the real unit
code list, real metrics and, when asked, a journal. The ``journal`` fixture gives one on each backend
(SQLite, and the local PostgreSQL when it answers) so the reporting SQL is checked on both.
``store_order`` commits an order to it through its public interface (insert, claim, finish), so
history can be dated in the past.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from gateway.config import parse_config
from gateway.store.journal import DocStatus, DocumentRecord, Event, Outcome, new_id
from gateway.store.journal_pg import PostgresJournal
from gateway.store.journal_sqlite import SqliteJournal
from gateway.reference.masterdata import MasterDataSource
from gateway.metrics import Metrics
from gateway.model import Address, Customer, NormalizedOrder, OrderLine, OrderStatus, Sla, Source
from extractors.units import TABLE
from gateway.reference.units import UnitCodes
from testkit.harness import REPO
from testkit.pg_database import create_database, drop_database, server_answers

CUSTOMERS = """customer_id,name,country,currency,gln,tier,territory,credit_block,timezone
C1,Alpha SA,FR,EUR,3000000000001,A,france-north,,Europe/Paris
C2,Beta Inc,US,USD,3000000000002,B,north-america,,America/New_York
C3,Gamma GmbH,DE,EUR,3000000000003,C,dach,yes,
C4,Delta BV,NL,EUR,3000000000004,B,benelux,,
"""
PRODUCTS = """sku,gtin,description,uom,unit_price,product_line,orderable
P-BOX,4000000000001,Paper box,BX,24.50,paper,
P-PEN,4000000000002,Pens,PK,3.90,writing,
P-FILE,4000000000003,Lever arch file,C62,2.75,filing,
P-OLD,4000000000004,Discontinued,C62,5.00,filing,no
P-INK,4000000000005,Ink,C62,80.00,printing,yes
"""
CONVERSIONS = """[generic]
DZN = { C62 = 12 }

[sku."P-FILE"]
CT = { C62 = 20 }
"""
RECEIVED = datetime(2026, 3, 4, 9, 0, tzinfo=UTC)  # a Wednesday, 10:00 in Paris


def write_master_data(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "customers.csv").write_text(CUSTOMERS, encoding="utf-8")
    (folder / "products.csv").write_text(PRODUCTS, encoding="utf-8")
    (folder / "item_xref.csv").write_text("customer_id,customer_item,sku\n", encoding="utf-8")
    return folder


def decide_ctx(tmp_path: Path, decide: dict[str, Any] | None = None, timezone: str = "Europe/Paris",
               journal: Any = None) -> SimpleNamespace:
    """What the decide code reads from a ``Context``, built from real parts."""
    md = write_master_data(tmp_path / "masterdata")
    conversions = tmp_path / "unit_conversions.toml"
    conversions.write_text(CONVERSIONS, encoding="utf-8")
    decide = dict(decide or {})
    decide["rules"] = {"conversions_file": str(conversions), **decide.get("rules", {})}
    config = parse_config({"gateway": {"timezone": timezone, "mappings_dir": str(REPO / "mappings"),
                                       "data_dir": str(tmp_path / "var")},
                           "master_data": {"path": str(md)}, "decide": decide})
    return SimpleNamespace(config=config, master_data=MasterDataSource(md),
                           units=UnitCodes.load(REPO / "mappings" / "units.toml", TABLE), metrics=Metrics(),
                           journal=journal)


def line(sku: str | None, quantity: float | str, uom: str = "C62", price: str | None = None,
         line_no: int = 1) -> OrderLine:
    return OrderLine(line_no=line_no, sku=sku, quantity=Decimal(str(quantity)), uom=uom,
                     unit_price=Decimal(price) if price is not None else None)


def make_order(customer: str | None = "C1", lines: list[OrderLine] | None = None,
               received: datetime = RECEIVED, channel: str = "http", document_id: str | None = None,
               **fields: Any) -> NormalizedOrder:
    doc = document_id or new_id()
    fields.setdefault("order_date", received.date())  # complete unless a test says otherwise
    fields.setdefault("requested_delivery_date", received.date() + timedelta(days=14))
    numbered = [ln.model_copy(update={"line_no": i}) for i, ln in enumerate(lines or [], 1)]
    return NormalizedOrder(
        order_id=f"{doc}-001", customer=Customer(id=customer), po_number=fields.pop("po_number", "PO-1"),
        lines=numbered, source=Source(document_id=doc, channel=channel, format="ubl", sha256="0" * 64,
                                      received_at=received),
        sla=Sla(received_at=received), **fields)


def ship_to(street: str, postcode: str = "75002", city: str = "Paris") -> Address:
    return Address(street=street, postcode=postcode, city=city, country="FR")


async def store_order(journal: Any, order: NormalizedOrder,
                      status: OrderStatus = OrderStatus.DELIVERED) -> None:
    """Commit ``order`` (with ``status``) through the journal's own insert/claim/finish path."""
    doc = DocumentRecord(id=order.source.document_id, sha256=order.source.sha256, size=1,
                         channel=order.source.channel, received_at=order.sla.received_at)
    await journal.insert_document(doc, Event(stage="intake", outcome="received", at=doc.received_at))
    claimed = [d.id for d in await journal.claim_documents("test", 1000, 60)]
    assert doc.id in claimed
    stored = order.model_copy(update={"status": status})
    outcome = Outcome(status=DocStatus.PROCESSED, customer_id=order.customer.id, orders=[stored],
                      events=[Event(stage="decide", outcome=status.value, order_id=order.order_id,
                                    data={"issues": [i.code for i in order.issues]})])
    assert await journal.finish_document(doc.id, "test", outcome)


# --- a journal on each backend ------------------------------------------------------------------

TABLES = "documents, events, orders, deliveries, interchanges, acks, nodes, customer_history_marks"


@pytest.fixture(scope="module")
def pg_dsn() -> Iterator[str]:
    """A throw-away PostgreSQL database for the module (skips when no server answers)."""
    if why := server_answers():
        pytest.skip(why)
    dsn = create_database()
    yield dsn
    drop_database(dsn)


@pytest.fixture(params=["sqlite", "postgresql"])
async def journal(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Any]:
    """An open, empty journal: SQLite in the test's folder, or the module's PostgreSQL database."""
    if request.param == "sqlite":
        journal: Any = SqliteJournal(tmp_path / "journal.sqlite3")
        await journal.open()
    else:
        journal = PostgresJournal(request.getfixturevalue("pg_dsn"))
        await journal.open()
        await journal._run(lambda db: db.execute(f"TRUNCATE {TABLES}"))
    yield journal
    await journal.close()
