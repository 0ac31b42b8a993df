"""The journal: the gateway's source of truth, behind one interface.

Every document, its history, the orders read from it and their delivery state live here; in-memory
queues only wake workers up. The embedded default is SQLite (``journal_sqlite``); a PostgreSQL
implementation plugs in behind the same ``Journal`` protocol without touching the pipeline.

Work is claimed with a lease (owner + expiry): a document or delivery whose owner dies is taken over
once its lease has passed, so nothing acknowledged is ever left behind.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from gateway.model import NormalizedOrder


class DocStatus:
    RECEIVED = "received"  # durable, waiting for the pipeline
    PROCESSING = "processing"  # claimed by a worker under a lease
    RETRY = "retry"  # a transient failure; claimed again after not_before
    PROCESSED = "processed"  # orders (if any) handed to delivery
    SPLIT = "split"  # a container whose parts became child documents
    REVIEW = "review"  # a person must look (unknown sender, low confidence...)
    DUPLICATE = "duplicate"  # same bytes or same interchange already taken
    NOT_ORDER = "not_order"  # recognised as another kind of document
    REJECTED = "rejected"  # malformed, hostile or over a limit: kept with the reason
    FAILED = "failed"  # gave up after max attempts
    QUARANTINED = "quarantined"  # e.g. 0-byte attachments


DOC_STATUSES = tuple(v for k, v in vars(DocStatus).items() if k.isupper())
OPEN_STATUSES = (DocStatus.RECEIVED, DocStatus.PROCESSING, DocStatus.RETRY)


def utcnow() -> datetime:
    return datetime.now(UTC)


def iso(dt: datetime | None) -> str | None:
    return dt.astimezone(UTC).isoformat(timespec="microseconds") if dt else None


def new_id() -> str:
    """A 26-character ULID: time-sortable, unique across nodes."""
    alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    value = (time.time_ns() // 1_000_000) << 80 | int.from_bytes(os.urandom(10), "big")
    chars = []
    for _ in range(26):
        value, rem = divmod(value, 32)
        chars.append(alphabet[rem])
    return "".join(reversed(chars))


@dataclass
class DocumentRecord:
    id: str
    sha256: str
    size: int
    channel: str
    received_at: datetime
    status: str = DocStatus.RECEIVED
    sender: str | None = None
    partner: str | None = None
    filename: str | None = None
    content_type: str | None = None
    parent_id: str | None = None
    intake_key: str | None = None
    format: str | None = None
    doc_type: str | None = None
    customer_id: str | None = None
    attempts: int = 0
    error_code: str | None = None
    error_message: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass
class Event:
    stage: str
    outcome: str
    reason: str | None = None
    at: datetime = field(default_factory=utcnow)
    data: dict[str, Any] = field(default_factory=dict)
    document_id: str | None = None
    order_id: str | None = None


@dataclass
class DeliveryRecord:
    order_id: str
    sink: str
    status: str  # pending, delivering, delivered, dead_letter
    attempts: int
    next_attempt_at: datetime | None
    last_error: str | None = None
    delivered_at: datetime | None = None
    depends_on: str | None = None


@dataclass
class Outcome:
    """What the pipeline decided for one document, committed in one transaction."""

    status: str
    format: str | None = None
    doc_type: str | None = None
    customer_id: str | None = None
    orders: list[NormalizedOrder] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    error_code: str | None = None
    error_message: str | None = None
    interchanges: list[tuple[str, str, str]] = field(default_factory=list)  # standard, sender, ref
    acks: list[dict[str, Any]] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)


class Journal(Protocol):
    """Everything the gateway persists. Implementations: SqliteJournal, PostgresJournal."""

    async def open(self) -> None: ...

    async def close(self) -> None: ...

    async def insert_document(self, doc: DocumentRecord, event: Event) -> DocumentRecord:
        """Commit a new document; with an intake_key already known, return the existing one."""

    async def get_document(self, document_id: str) -> DocumentRecord | None: ...

    async def list_documents(self, *, status: str | None = None, channel: str | None = None,
                             parent_id: str | None = None, limit: int = 100) -> list[DocumentRecord]: ...

    async def history(self, document_id: str) -> list[Event]: ...

    async def add_events(self, events: list[Event]) -> None: ...

    async def claim_documents(self, owner: str, limit: int, lease_s: float) -> list[DocumentRecord]:
        """Take up to ``limit`` documents due for processing, under a lease."""

    async def extend_lease(self, document_id: str, owner: str, lease_s: float) -> bool:
        """Push a claimed document's lease forward; False when it is no longer ``owner``'s."""

    async def release_expired(self, owner: str | None = None) -> int:
        """Make work held by dead owners claimable again (all of it when owner is None)."""

    async def finish_document(self, document_id: str, owner: str, outcome: Outcome, *, synced: bool = True) -> bool:
        """Commit a document's outcome, its orders and their deliveries atomically; with ``synced=False``
        the commit is visible at once but may wait for the next ``sync`` to be durable.

        Returns False (and changes nothing) when the lease was lost to another owner."""

    async def sync(self) -> None:
        """Make every commit made so far durable (deliveries and acknowledgements are claimed synced)."""

    def sync_soon(self) -> None:
        """Make every commit so far durable within a short while (``SYNC_SOON_S``) without waiting for it: by
        the next fsync of the log that anything else asks for meanwhile, else by one of its own."""

    async def retry_document(self, document_id: str, owner: str | None, not_before: datetime,
                             event: Event, *, give_up: bool = False) -> None: ...

    async def reset_document(self, document_id: str, event: Event) -> bool: ...

    def decision_lock(self) -> Any:
        """An async context manager held while a document's duplicates are checked and its outcome
        committed, so two copies arriving together are still caught (across nodes where shared)."""

    async def seen_interchange(self, standard: str, sender: str, control_ref: str,
                               document_id: str) -> str | None:
        """The document that first brought this interchange, if it is not ``document_id``."""

    async def find_by_sha256(self, sha256: str, before: str) -> str | None: ...

    async def get_order(self, order_id: str) -> NormalizedOrder | None: ...

    async def lookup(self, sql: str, args: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
        """A short read-only query the pipeline makes for every document (a few rows by index);
        reports and listings use ``query``."""

    async def history_window(self, customer_id: str, size: int) -> Any:
        """The customer's ``size`` newest accepted orders, a ``gateway.store.history_window.Window``."""

    async def get_orders(self, order_ids: list[str]) -> dict[str, NormalizedOrder]:
        """The orders of ``order_ids`` found (hot or retained), by id, in one read."""

    async def orders_for_document(self, document_id: str) -> list[NormalizedOrder]: ...

    async def list_orders(self, *, status: str | None = None, customer_id: str | None = None,
                          since: datetime | None = None, until: datetime | None = None,
                          po_number: str | None = None, limit: int = 100,
                          offset: int = 0) -> list[NormalizedOrder]: ...

    async def copy_candidates(self, customer_id: str, since: datetime, statuses: Iterable[str],
                              po_numbers: Iterable[str], lines_key: str,
                              near_po: Callable[[str], bool]) -> list[NormalizedOrder]: ...

    async def orders_with_po(self, customer_id: str, po_number: str,
                             since: datetime) -> list[NormalizedOrder]: ...

    async def held_changes(self, customer_id: str) -> list[NormalizedOrder]: ...

    async def update_order(self, order: NormalizedOrder, event: Event, *, deliver: bool = False,
                           depends_on: str | None = None, expected_status: str | None = None,
                           with_orders: Sequence[tuple[NormalizedOrder, Event, str]] = ()) -> None:
        """Store an order's new state (and its delivery row when ``deliver``); with ``expected_status``
        only if the order is still in that status, else StaleOrderError and nothing is written.
        ``with_orders``: other orders stored in the same transaction (a rejection and the copies and changes it
        moves), each only if still in the status given with it; one changed meanwhile is left as it is."""

    async def claim_deliveries(self, owner: str, limit: int, lease_s: float) -> list[DeliveryRecord]: ...

    async def mark_delivered(self, order_id: str, owner: str, at: datetime) -> bool: ...

    async def mark_delivered_many(self, delivered: list[tuple[str, datetime]], owner: str) -> list[bool]:
        """``mark_delivered`` of a batch in one transaction; raises and marks none if that fails."""
        ...

    async def mark_delivery_failed(self, order_id: str, owner: str, error: str,
                                   next_attempt_at: datetime | None) -> None:
        """``next_attempt_at=None`` moves the order to dead-letter."""

    async def delivery(self, order_id: str) -> DeliveryRecord | None: ...

    async def retain(self, before: datetime, limit: int) -> int:
        """Move up to ``limit`` concluded documents older than ``before`` (and their orders, events,
        deliveries) to the retained tables; returns how many moved."""
        ...

    async def retained_orders(self, *, customer_id: str | None = None, po_number: str | None = None,
                              since: datetime | None = None, until: datetime | None = None,
                              limit: int = 100) -> list[dict[str, Any]]: ...

    async def counts(self) -> dict[str, dict[str, int]]:
        """Documents by status, orders by status, deliveries by status."""

    async def backlog(self) -> int: ...

    async def claim_acks(self, owner: str, limit: int = 50, lease_s: float = 120.0) -> list[dict[str, Any]]:
        """Take pending acknowledgements (and those whose sender's lease ran out) for sending."""

    async def acks_for_document(self, document_id: str) -> list[dict[str, Any]]: ...

    async def mark_ack(self, ack_id: str, status: str, error: str | None = None) -> None: ...

    async def retry_ack(self, ack_id: str, error: str, not_before: datetime) -> None: ...

    async def next_control_numbers(self, count: int, name: str = "interchange") -> list[int]:
        """Control numbers for outgoing interchanges, unique across restarts and nodes."""
        ...

    async def heartbeat(self, node_id: str, info: dict[str, Any]) -> None: ...

    async def nodes(self) -> list[dict[str, Any]]: ...

    async def forget_nodes(self, silent_since: datetime) -> int:
        """Remove the nodes whose last heartbeat is older than ``silent_since``; returns how many."""
        ...
