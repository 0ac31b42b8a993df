"""``gateway replay``: past traffic run again with a changed configuration, compared with what happened.

The archived documents of a store (a running or stopped gateway's journal and archive, opened
read-only by ``gateway.replay.snapshot``) go through the pipeline's own stages, identify -> extract ->
map -> validate -> dedup -> decide (``gateway.stages.pipeline``), with the new configuration's master data,
partners, templates, unit words, rules and thresholds, extraction in the process pool. Nothing is
committed, delivered, acknowledged or sent: the outcome is only compared (``gateway.replay.compare``)
with the one the journal recorded. Each document sees the journal as it stood when it was decided
(``replay_store.AS_OF``), so dedup, PO history and anomalies judge it against the same past.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import structlog

from connectors.sftp_poll import poll_sections
from extractors.capture.templates import load_templates
from gateway.app import build_context
from gateway.config import Config
from gateway.context import Context
from gateway.stages.decide import decide_order, review_threshold
from gateway.stages.dedup import find_exact_duplicate
from gateway.errors import ConfigError, ExtractionError, GatewayError, LimitError, UnsupportedFormatError
from gateway.stages.extract import check_size, extract_document
from gateway.stages.identify import identify_format
from gateway.store.journal import DocStatus, DocumentRecord, Event, Outcome, iso
from gateway.model import DocType
from gateway.stages.anomaly import check_anomalies
from gateway.stages.dedup import find_duplicates, find_earlier_copy
from gateway.stages.identify import check_identity, identify_customer
from gateway.stages.mapping import cross_check, map_order, past_po_numbers
from gateway.stages.outcome import SAME_BYTES, conclude, duplicate_outcome, refusal_outcome
from gateway.stages.validate import validate_order
from gateway.stages.priced_documents import held_for_a_customer
from gateway.replay.compare import (
    NOT_REPLAYED_OUTCOME, DocumentResult, Side, compare_order, document_side, summarize,
)
from gateway.replay.snapshot import AS_OF, ReadOnlyArchive, ReplayJournal, open_replay_journal

log = structlog.get_logger(__name__)

# Documents that reached an outcome; containers (split) are replayed through their parts.
REPLAYED_STATUSES = (DocStatus.PROCESSED, DocStatus.REVIEW, DocStatus.DUPLICATE, DocStatus.NOT_ORDER,
                     DocStatus.REJECTED, DocStatus.FAILED, DocStatus.QUARANTINED)
CONCLUDING_STAGES = ("extract", "dedup", "decide", "split")  # events that record a document's outcome
# outcomes that say nothing about the new configuration: the document could not be replayed at all
NOT_REPLAYED = frozenset({"ARCHIVE-MISSING", "INTERNAL"})
Progress = Callable[[int, int], None]


@dataclass
class Selection:
    """Which documents to replay; every given criterion must hold."""

    since: datetime | None = None
    customer: str | None = None
    channel: str | None = None
    documents: list[str] | None = None


BUILT_IN_CHANNELS = ("http", "smtp", "sftp")  # the listeners' channel names; folders and polls name theirs


@dataclass
class Matched:
    """The documents a selection matched, in arrival order, and what the user must be told about it."""

    ids: list[str]
    notes: list[str] = field(default_factory=list)


async def known_channels(journal: ReplayJournal, store: Config) -> list[str]:
    """The channels the store's documents came by and those its configuration can receive on."""
    rows = await journal.query("SELECT DISTINCT channel FROM documents")
    names = {r["channel"] for r in rows} | set(BUILT_IN_CHANNELS) | {f.channel or f.name for f in store.folders}
    try:
        names |= {section.channel for section in poll_sections(store.extra)}
    except ConfigError:
        pass
    return sorted(names)


async def check_channel(journal: ReplayJournal, store: Config, channel: str | None) -> None:
    """Raises ConfigError for a channel name no document and no listener of the store has."""
    if channel is not None and channel not in (known := await known_channels(journal, store)):
        raise ConfigError(f"--channel {channel}: no such channel; known channels: {', '.join(known)}")


async def _expand_containers(journal: ReplayJournal, ids: list[str], notes: list[str]) -> list[str]:
    """Containers (an e-mail, a zip) are not replayed themselves: their parts are, recursively."""
    out: list[str] = []
    for document_id in ids:
        rows = await journal.query("SELECT status FROM documents WHERE id = ?", (document_id,))
        if rows and rows[0]["status"] == DocStatus.SPLIT:
            parts = [r["id"] for r in await journal.query(
                "SELECT id FROM documents WHERE parent_id = ? ORDER BY received_at, id", (document_id,))]
            notes.append(f"{document_id} is a container: its {len(parts)} part(s) are replayed "
                         f"({', '.join(parts) or 'none recorded'})")
            out += await _expand_containers(journal, parts, notes)
        else:
            out.append(document_id)
    return out


async def _customer_notes(journal: ReplayJournal, customer: str) -> list[str]:
    rows = await journal.query("SELECT DISTINCT customer_id FROM orders WHERE lower(customer_id) = lower(?) "
                               "AND customer_id != ?", (customer, customer))
    near = f" (did you mean {', '.join(r['customer_id'] for r in rows)}? ids are case-sensitive)" if rows else ""
    return [f"--customer {customer}: no document of this customer in the store{near}"]


async def match_documents(journal: ReplayJournal, sel: Selection) -> Matched:
    marks = ", ".join("?" * len(REPLAYED_STATUSES))
    where, args = [f"status IN ({marks})"], list(REPLAYED_STATUSES)
    if sel.since:
        where.append("received_at >= ?")
        args.append(iso(sel.since) or "")
    if sel.channel:
        where.append("channel = ?")
        args.append(sel.channel)
    if sel.customer:
        where.append("(customer_id = ? OR id IN (SELECT document_id FROM orders WHERE customer_id = ?))")
        args += [sel.customer, sel.customer]
    rows = await journal.query(f"SELECT id FROM documents WHERE {' AND '.join(where)} "
                               "ORDER BY received_at, id", tuple(args))
    ids, notes = [r["id"] for r in rows], []
    if sel.customer and not ids:
        notes += await _customer_notes(journal, sel.customer)
    if sel.documents is not None:
        given = list(dict.fromkeys(sel.documents))
        wanted = set(await _expand_containers(journal, given, notes))
        matched = set(ids)
        ids = [i for i in ids if i in wanted]
        for document_id in sorted(wanted - matched):
            rows = await journal.query("SELECT status FROM documents WHERE id = ?", (document_id,))
            notes.append(f"{document_id}: not in the store" if not rows else
                         f"{document_id}: {rows[0]['status']}, not concluded yet" if rows[0]["status"] not in
                         REPLAYED_STATUSES else f"{document_id}: outside the other criteria (--since, --customer, "
                         "--channel)")
    if not ids:
        notes.append("0 documents matched the selection")
    return Matched(ids, notes)


async def select_documents(journal: ReplayJournal, sel: Selection) -> list[str]:
    return (await match_documents(journal, sel)).ids


async def run_stages(ctx: Context, doc: DocumentRecord) -> Outcome:
    """``pipeline.process_document``'s stages in its order, with nothing committed."""
    check_size(ctx, doc)
    if earlier := await find_exact_duplicate(ctx, doc):
        return duplicate_outcome(earlier, SAME_BYTES)
    extraction = await extract_document(ctx, doc, identify_format(ctx, doc))
    if extraction.doc_type == DocType.CONTAINER:
        return Outcome(status=DocStatus.SPLIT, format=extraction.format)
    orders = []
    for index, extracted in enumerate(extraction.orders):
        customer = identify_customer(ctx, doc, extraction, extracted)
        past = await past_po_numbers(ctx, doc, extraction, customer)
        extracted = cross_check(ctx, doc, extraction, extracted, customer, past)
        order = validate_order(ctx, map_order(ctx, doc, extraction, extracted, customer, index))
        orders.append(check_identity(ctx, doc, extraction, extracted, order))
    earlier_copy, reused, orders = await find_earlier_copy(ctx, doc, extraction, orders)
    if earlier_copy:
        return duplicate_outcome(*earlier_copy)
    orders = [o.model_copy(update={"issues": [*o.issues, *reused]}) for o in orders] if reused else orders
    orders = [decide_order(ctx, await check_anomalies(ctx, await find_duplicates(ctx, order)),
                           extracted.priority_codes, doc.partner)
              for order, extracted in zip(orders, extraction.orders)]
    extraction = held_for_a_customer(ctx, doc, extraction)  # a customer's quotation waits
    return conclude(doc, extraction, orders, [])


async def replay_document(ctx: Context, doc: DocumentRecord) -> Outcome:
    """The outcome the new configuration gives; a failure is an outcome too, never an exception."""
    try:
        return await run_stages(ctx, doc)
    except (ExtractionError, LimitError, UnsupportedFormatError) as exc:
        return refusal_outcome(exc)
    except GatewayError as exc:
        return Outcome(status=DocStatus.FAILED, error_code=exc.code, error_message=exc.message)
    except Exception as exc:  # a bug must show in the report, not end the replay
        log.exception("replay_document_failed", document_id=doc.id)
        return Outcome(status=DocStatus.FAILED, error_code="INTERNAL", error_message=f"{type(exc).__name__}: {exc}")


async def decided_at(journal: ReplayJournal, doc: DocumentRecord, events: list[Event]) -> datetime:
    """When the document's outcome was committed: its orders' creation; without orders, its first
    concluding event (written under the decision lock, after every earlier commit); else its arrival."""
    rows = await journal.query("SELECT min(created_at) AS t FROM orders WHERE document_id = ?", (doc.id,))
    if rows and rows[0]["t"]:
        return datetime.fromisoformat(rows[0]["t"])
    concluded = [e.at for e in events if e.document_id == doc.id and e.stage in CONCLUDING_STAGES
                 and e.outcome != "retry"]
    return min(concluded, default=doc.received_at)


async def replay_one(ctx: Context, journal: ReplayJournal, archive: ReadOnlyArchive,
                     document_id: str) -> DocumentResult | None:
    doc = await journal.get_document(document_id)
    if doc is None:
        return None
    recorded = await journal.orders_for_document(doc.id)
    events = await journal.history(doc.id)
    moment = await decided_at(journal, doc, events)
    if not await archive.fetch(doc.sha256):
        outcome = Outcome(status=DocStatus.FAILED, error_code="ARCHIVE-MISSING",
                          error_message="the archive no longer holds this document")
    else:
        token = AS_OF.set(moment)
        try:
            outcome = await replay_document(ctx, doc)
        finally:
            AS_OF.reset(token)
    return compare_document(ctx, doc, recorded, events, outcome)


def compare_document(ctx: Context, doc: DocumentRecord, recorded, events, outcome: Outcome) -> DocumentResult:
    if outcome.error_code in NOT_REPLAYED:
        return not_replayed(doc, recorded, events, outcome)
    replayed = {o.order_id: o for o in outcome.orders}
    before = {o.order_id: o for o in recorded}
    orders = [compare_order(before.get(oid), events, replayed.get(oid),
                            review_threshold(ctx, (replayed.get(oid) or before[oid]), doc.partner))
              for oid in sorted(before.keys() | replayed.keys())]
    return DocumentResult(
        document_id=doc.id, channel=doc.channel, filename=doc.filename, format=doc.format or outcome.format,
        received_at=iso(doc.received_at) or "", customer=doc.customer_id or outcome.customer_id,
        before=document_side(doc.status, [o.before for o in orders if o.before],
                             doc.error_code or _duplicate_of(doc.metadata)),
        after=document_side(outcome.status, [o.after for o in orders if o.after],
                            outcome.error_code or _duplicate_of(outcome.metadata)),
        orders=orders, pages=doc.metadata.get("pages"))


def not_replayed(doc: DocumentRecord, recorded, events, outcome: Outcome) -> DocumentResult:
    """A document the replay could not run (its archived bytes are gone, or the replay itself failed):
    listed and counted apart, never as an outcome of the new configuration."""
    orders = [compare_order(o, events, None, 1.0) for o in recorded]
    reason = f"{outcome.error_code}: {outcome.error_message}"
    return DocumentResult(
        document_id=doc.id, channel=doc.channel, filename=doc.filename, format=doc.format,
        received_at=iso(doc.received_at) or "", customer=doc.customer_id,
        before=document_side(doc.status, [o.before for o in orders if o.before],
                             doc.error_code or _duplicate_of(doc.metadata)),
        after=Side(NOT_REPLAYED_OUTCOME, [reason]), orders=orders, pages=doc.metadata.get("pages"),
        not_replayed=outcome.error_code)


def _duplicate_of(metadata: dict[str, Any]) -> str | None:
    return f"of {metadata['duplicate_of']}" if metadata.get("duplicate_of") else None


async def replay(new: Config, store: Config, selection: Selection,
                 progress: Progress | None = None) -> tuple[list[DocumentResult], dict[str, Any], Context]:
    """Replay the selected documents of ``store`` with ``new``; returns results, totals and the context
    (for page images; call ``close_replay`` when done). Raises ConfigError when the store cannot be read."""
    load_templates(new.gateway.mappings_dir.resolve() / "templates")  # a broken template is a config error
    journal = open_replay_journal(store)
    archive = ReadOnlyArchive(store, journal)
    try:
        archive.check(store)
        await journal.open()
        await check_channel(journal, store, selection.channel)
        ctx = build_context(new, journal=journal, archive=archive)
        if ctx.master_data.error:  # replaying with no customers or products would hold everything
            ctx.pool.close()
            raise ConfigError(f"master data invalid: {ctx.master_data.error}")
        matched = await match_documents(journal, selection)
        ids = matched.ids
    except BaseException:
        await journal.close()
        archive.close()
        raise
    done = 0
    gate = asyncio.Semaphore(max(2, new.pipeline.process_pool * 2))

    async def one(document_id: str) -> DocumentResult | None:
        nonlocal done
        async with gate:
            result = await replay_one(ctx, journal, archive, document_id)
        done += 1
        if progress:
            progress(done, len(ids))
        return result

    if progress:
        progress(0, len(ids))
    try:
        results = [r for r in await asyncio.gather(*(one(i) for i in ids)) if r is not None]
    except BaseException:  # the journal went away: nothing half-done to keep
        await close_replay(ctx)
        raise
    return results, {**summarize(results), "selection": matched.notes}, ctx


async def close_replay(ctx: Context) -> None:
    ctx.pool.close()
    await ctx.journal.close()
    ctx.archive.close()  # type: ignore[attr-defined]
