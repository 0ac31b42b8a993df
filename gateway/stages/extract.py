"""Extract stage: run the chosen extractor (a tiny EDI file on the loop, a heavy one in the pool), split containers.

An e-mail or zip is a container: each part is taken in through the same durable intake as a child
document (linked to its parent, with an intake key so a retry never takes a part twice) and goes
through the pipeline on its own.
"""

from __future__ import annotations

import time

from extractors.base import Extractor
from gateway.context import Context
from gateway.errors import ExtractionError, LimitError
from gateway.stages.identify import senders_by_trust
from gateway.store.intake import IntakeMeta
from gateway.store.journal import DocStatus, DocumentRecord, Event, Outcome
from gateway.reference.masterdata import CustomerRecord
from gateway.model import Extraction
from gateway.order_history import DATE_ORDER_DOCUMENTS, PAST_DATE_ORDER_SQL, past_date_order
from gateway.workers import ExtractJob, read_with

LANGUAGES = {"fr": "fra", "de": "deu", "en": "eng", "es": "spa", "it": "ita", "nl": "nld"}


def channel_customer(ctx: Context, doc: DocumentRecord) -> CustomerRecord | None:
    """The customer the channel already points at (account, fax number, sender), before reading."""
    md = ctx.master_data.current()
    partner = ctx.config.partner(doc.partner)
    return (md.find_customer("id", partner.customer_id if partner else doc.partner)
            or md.find_customer("fax", doc.metadata.get("fax_number"))
            or next((rec for rec in (md.find_customer("email", a) for a in senders_by_trust(ctx, doc)) if rec),
                    None))


def document_locale(ctx: Context, doc: DocumentRecord, past_order: str | None = None) -> str | None:
    """How the customer writes dates and numbers: its language and country ("fr_FR", "en_IE",
    "en_US"), with the day/month order that settles its ambiguous dates (``@dmy``) when its policy
    declares one or, without a country, its past documents settled one (``past_order``)."""
    rec = channel_customer(ctx, doc)
    if rec is None:
        return None
    language = (rec.language or "").lower()[:2]
    country = (rec.country or "").upper()[:2]
    policy = ctx.config.decide.completeness.policy(rec.customer_id, 0.0)
    order = policy.date_order or (None if country else past_order)
    if not language and not country and not policy.date_order:
        return f"@{order}" if order else None  # the order alone: numbers are read as the document shows
    base = "_".join(p for p in (language or "en", country) if p)
    return f"{base}@{order}" if order else base


async def customer_date_order(ctx: Context, doc: DocumentRecord) -> str | None:
    """The day/month order the past documents of the customer the channel points at settled, if they
    agree (``gateway.order_history``): one short index read, newest first; no read when the customer's
    country or declared order settles it (``document_locale`` then does not look at it)."""
    rec = channel_customer(ctx, doc)
    if rec is None or (rec.country or "")[:2] \
            or ctx.config.decide.completeness.policy(rec.customer_id, 0.0).date_order:
        return None
    rows = await ctx.journal.lookup(PAST_DATE_ORDER_SQL, (rec.customer_id, DATE_ORDER_DOCUMENTS))
    return past_date_order([r["date_order"] for r in rows])


def document_languages(ctx: Context, doc: DocumentRecord) -> tuple[str, ...] | None:
    """OCR languages for the customer the channel already points at (fax number, sender, account)."""
    partner = ctx.config.partner(doc.partner)
    if partner and partner.languages:
        return tuple(partner.languages)
    rec = channel_customer(ctx, doc)
    if rec and rec.language:
        first = LANGUAGES.get(rec.language.lower()[:2])
        if first:
            return (first, *(lang for lang in ctx.config.pipeline.languages if lang != first))
    return None


def check_size(ctx: Context, doc: DocumentRecord) -> None:
    """Refuse an empty document (quarantined) or one over the size limit before anything reads it."""
    if doc.size == 0:
        raise ExtractionError("the document is empty (0 bytes)", code="EMPTY-DOCUMENT")
    limits = ctx.limits()
    if doc.size > limits.max_document_bytes:
        raise LimitError(f"{doc.size} bytes is over the {limits.max_document_bytes}-byte limit",
                         code="LIMIT-SIZE")


async def extract_document(ctx: Context, doc: DocumentRecord, extractor: Extractor,
                           whole: bytes | None = None) -> Extraction:
    """Read a document; raises ExtractionError (with every problem found) or LimitError. ``whole``: the
    document's bytes when the caller has already read all of them (a document read on the event loop
    is then not read from the archive again)."""
    check_size(ctx, doc)
    partner = ctx.config.partner(doc.partner)
    hints = ctx.hints(filename=doc.filename, content_type=doc.content_type, channel=doc.channel,
                      sender=doc.sender, languages=document_languages(ctx, doc),
                      locale=document_locale(ctx, doc, await customer_date_order(ctx, doc)),
                      template=partner.template if partner else None,
                      nesting=int(doc.metadata.get("nesting", 0)))
    job = ExtractJob(extractor.name, str(ctx.archive.path_of(doc.sha256)), hints)
    started = time.monotonic()
    try:
        if reads_on_loop(extractor, doc.size):
            return read_with(extractor, job, whole)
        return await ctx.pool.run(job, heavy=runs_in_pool(extractor, doc.size))
    finally:
        ctx.metrics.observe("gateway_stage_seconds", time.monotonic() - started,
                            channel=doc.channel, stage=f"extract:{extractor.name}")


ON_LOOP_MAX_BYTES = 2048  # an EDI interchange this small (an order of a few lines) parses in a fraction of a ms


def reads_on_loop(extractor: Extractor, size: int) -> bool:
    """Whether a document is read on the event loop itself: one of at most ``ON_LOOP_MAX_BYTES`` for
    an extractor that reads small documents in a thread anyway (``inline_max_bytes``), so parsing it
    costs less than the hand-off to a thread and the wake-up back."""
    return size <= min(ON_LOOP_MAX_BYTES, getattr(extractor, "inline_max_bytes", 0))


def runs_in_pool(extractor: Extractor, size: int) -> bool:
    """Whether a document of ``size`` bytes goes to the process pool: a heavy extractor's, unless
    the extractor reads one that small in a thread (``inline_max_bytes``, ``extractors.base``)."""
    return extractor.heavy and size > getattr(extractor, "inline_max_bytes", 0)


async def split_container(ctx: Context, doc: DocumentRecord, extraction: Extraction) -> Outcome:
    """Take in every part of a container as a child document; the container itself is done."""
    assert ctx.intake is not None
    nesting = int(doc.metadata.get("nesting", 0)) + 1
    if nesting > ctx.limits().max_nesting:
        raise LimitError(f"containers nested more than {ctx.limits().max_nesting} deep",
                         code="LIMIT-NESTING")
    children = []
    for index, child in enumerate(extraction.children):
        meta = dict(child.metadata)
        meta["nesting"] = nesting
        for key in ("original_sender", "fax_number", "subject", "message_id"):
            if key not in meta and key in doc.metadata:
                meta[key] = doc.metadata[key]
        envelope = await ctx.intake.accept(child.data, doc.channel, IntakeMeta(
            sender=meta.pop("sender", None) or doc.sender, partner=doc.partner,
            filename=child.filename, content_type=child.content_type, parent_id=doc.id,
            intake_key=f"{doc.id}/part/{index}", extra=meta))
        children.append(envelope.document_id)
    problems = [p.model_dump(exclude_none=True) for p in extraction.problems]
    return Outcome(status=DocStatus.SPLIT, format=extraction.format, doc_type=extraction.doc_type.value,
                   metadata={"children": children, **extraction.metadata},
                   events=[Event(stage="split", outcome="ok", reason=f"{len(children)} part(s) taken in",
                                 data={"children": children, "problems": problems})])
