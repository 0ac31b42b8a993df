"""Durable intake: the one path by which every channel hands over a document.

``accept`` writes the raw bytes to the archive (fsync, rename; the documents taken in during one turn
of the event loop go to the archive's thread together), commits the journal row and its ``received``
event, and only then returns an ``Envelope``; a channel acknowledges its peer (SMTP 250,
HTTP 202, SFTP close, moving a file out of a folder) only after ``accept`` returned. If the store cannot
take the document, ``IntakeError`` is raised and the channel answers with its "try again" code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import structlog

from gateway.store.archive import Archive
from gateway.store.backpressure import BacklogGate
from gateway.store.batching import TurnBatch
from gateway.errors import IntakeError, LimitError
from gateway.store.journal import DocumentRecord, Event, Journal, new_id, utcnow
from gateway.names import check_name

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class IntakeMeta:
    """What a channel knows about a document when it arrives."""

    sender: str | None = None  # e-mail address, fax number, SFTP account, API client
    partner: str | None = None  # partner id when the channel proves it (SFTP account, API header)
    filename: str | None = None
    content_type: str | None = None
    parent_id: str | None = None  # the e-mail or zip this document came in
    intake_key: str | None = None  # makes re-delivery by the channel idempotent (folder path+mtime)
    extra: dict[str, Any] = field(default_factory=dict)  # channel details: subject, fax pages...


@dataclass(frozen=True)
class Envelope:
    document_id: str
    sha256: str
    size: int
    channel: str
    received_at: datetime
    duplicate_intake: bool = False  # the channel had handed over these bytes before (same key)


class Intake:
    def __init__(self, archive: Archive, journal: Journal, max_bytes: int,
                 on_accepted: Callable[[str], None] | None = None, backlog: BacklogGate | None = None) -> None:
        self.archive = archive
        self.journal = journal
        self.max_bytes = max_bytes
        self.on_accepted = on_accepted or (lambda _id: None)
        self.backlog = backlog or BacklogGate(journal, 0, 0)
        self._puts: TurnBatch[bytes, str] = TurnBatch(self._put_many)

    def _put_many(self, documents: list[bytes]) -> list[str | BaseException]:
        """On a thread: archive the documents taken in during one turn of the event loop, each durably
        (together when the archive can: ``FolderArchive.put_many``)."""
        put_many = getattr(self.archive, "put_many", None)
        if put_many is not None and len(documents) > 1:
            return put_many(documents)  # type: ignore[no-any-return]
        results: list[str | BaseException] = []
        for raw in documents:
            try:
                results.append(self.archive.put(raw))
            except Exception as exc:  # this document only
                results.append(exc)
        return results

    async def accept(self, raw: bytes, channel: str, meta: IntakeMeta | None = None) -> Envelope:
        """Make ``raw`` durable and journaled; raises LimitError (too big, or HostileNameError for a
        file name with NUL or escape sequences), BacklogError (too much waiting: come back later) or
        IntakeError (store down). Documents split from one already accepted (``parent_id``) are never
        refused for the backlog: they are part of accepted work."""
        meta = meta or IntakeMeta()
        if meta.parent_id is None:  # a part of an e-mail or zip keeps its name, shown escaped
            check_name(meta.filename)
        if len(raw) > self.max_bytes:
            raise LimitError(f"document of {len(raw)} bytes is over the {self.max_bytes}-byte limit",
                             code="INTAKE-SIZE")
        if meta.parent_id is None:
            await self.backlog.admit()
        sha256 = await self._puts(raw)
        doc = DocumentRecord(
            id=new_id(), sha256=sha256, size=len(raw), channel=channel, received_at=utcnow(),
            sender=meta.sender, partner=meta.partner, filename=meta.filename,
            content_type=meta.content_type, parent_id=meta.parent_id, intake_key=meta.intake_key,
            metadata=dict(meta.extra),
        )
        event = Event(stage="intake", outcome="received", at=doc.received_at,
                      data={"channel": channel, "size": len(raw), "sha256": sha256})
        try:
            stored = await self.journal.insert_document(doc, event)
        except IntakeError:
            raise
        except Exception as exc:  # the store refused: the channel must not acknowledge
            raise IntakeError(f"journal write failed: {type(exc).__name__}") from exc
        duplicate = stored.id != doc.id
        if not duplicate:
            log.info("document_received", document_id=stored.id, channel=channel,
                     partner=meta.partner, size=len(raw), sha256=sha256[:16])
            self.on_accepted(stored.id)
        return Envelope(stored.id, stored.sha256, stored.size, stored.channel, stored.received_at,
                        duplicate_intake=duplicate)
