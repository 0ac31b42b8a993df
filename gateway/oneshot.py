"""``gateway extract FILE``: identify -> extract -> map -> validate -> decide on one file, no delivery.

Runs in-process with the configured mappings, templates and master data, and returns what the
pipeline would produce (with confidences), so IT can try a template or an XPath map on a sample.
Containers (e-mail, zip) are opened and each part is shown. ``document`` says what the server would
record for the document itself (``processed``, ``review`` with its reason, e.g. ``FAX-NO-ORDER`` for a
fax that reads as no order, ``not_order``, ``rejected``).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from gateway.app import build_context
from gateway.config import Config
from gateway.context import Context
from gateway.stages.cover_summary import settle_summaries
from gateway.stages.decide import decide_order
from gateway.errors import GatewayError
from gateway.stages.extract import document_languages, document_locale
from gateway.stages.identify import check_identity, identify_customer
from gateway.store.journal import DocumentRecord, new_id, utcnow
from gateway.stages.mapping import cross_check, map_order
from gateway.stages.outcome import conclude
from gateway.model import DocType, Issue, NormalizedOrder, OrderKind, OrderStatus
from gateway.stages.validate import validate_order
from gateway.stages.priced_documents import held_for_a_customer
from extractors.base import HEAD_BYTES


JOURNAL_NOT_READ = ("not run: gateway extract reads no journal, so duplicates, changes of earlier orders, the "
                    "customer's history (unusual quantities, known ship-tos) and held originals are not checked; the "
                    "server may hold what is shown ready here")


def _as_the_server_would(order: NormalizedOrder) -> NormalizedOrder:
    """A change or cancellation shown as the server first holds it when its original is not in the journal
    (``ORIGINAL-UNKNOWN``): the dry run cannot see the journal, so it never shows one ready (outside trial: a change
    of an order the journal did not know showed "ready" while the server held it)."""
    if order.kind == OrderKind.NEW or order.status != OrderStatus.READY:
        return order
    issue = Issue(code="ORIGINAL-UNKNOWN", severity="warning",
                  message=f"{order.kind.value} for PO {order.po_number}: the server holds it until its original is "
                          f"known, and sends it as a {order.kind.value} once the original was delivered (gateway "
                          f"extract reads no journal)")
    return order.model_copy(update={"status": OrderStatus.HELD, "issues": [*order.issues, issue]})


def _settle_summaries(parts: list[dict[str, Any]]) -> None:
    """An e-mail body's held summary of the order a file of the same e-mail gives: set aside as the server does
    (``gateway.stages.cover_summary``), one order and one review item."""
    entries = [entry for part in parts for entry in part.get("orders", [])]
    read = [NormalizedOrder.model_validate(entry["order"]) for entry in entries]
    for entry, before, after in zip(entries, read, settle_summaries(read)):
        if after is not before:
            entry["order"] = after.model_dump(mode="json")


def _extract_bytes(ctx: Context, data: bytes, doc: DocumentRecord, depth: int = 0,
                   dry_run: bool = False) -> dict[str, Any]:
    hit = ctx.registry.pick(data[:HEAD_BYTES], doc.filename, doc.content_type)
    if hit is None:
        return {"filename": doc.filename, "error": {"code": "FORMAT-UNKNOWN",
                                                    "message": "no extractor recognises this file"}}
    extractor = hit[0]
    hints = ctx.hints(filename=doc.filename, content_type=doc.content_type, channel=doc.channel,
                      sender=doc.sender, nesting=depth, languages=document_languages(ctx, doc),
                      locale=document_locale(ctx, doc))
    try:
        extraction = extractor.extract(data, hints)
    except GatewayError as exc:
        problems = [p.model_dump(exclude_none=True) for p in getattr(exc, "problems", [])]
        return {"filename": doc.filename, "extractor": extractor.name,
                "error": {"code": exc.code, "message": exc.message, "problems": problems}}
    result: dict[str, Any] = {"filename": doc.filename, "extractor": extractor.name,
                              "format": extraction.format, "detail": extraction.detail,
                              "doc_type": extraction.doc_type.value,
                              "problems": [p.model_dump(exclude_none=True) for p in extraction.problems]}
    if "engines" in extraction.metadata:  # OCR: which engine read each field (extractors.capture.agreement)
        result["ocr"] = {k: extraction.metadata[k] for k in ("engines", "agreement", "field_engines")
                         if k in extraction.metadata}
    if extraction.doc_type == DocType.CONTAINER:
        result["parts"] = [_extract_bytes(ctx, child.data, DocumentRecord(
            id=new_id(), sha256=hashlib.sha256(child.data).hexdigest(), size=len(child.data),
            channel=doc.channel, received_at=doc.received_at,
            sender=child.metadata.get("sender") or doc.sender, filename=child.filename,
            content_type=child.content_type, parent_id=doc.id, metadata=child.metadata), depth + 1, dry_run)
            for child in extraction.children]
        _settle_summaries(result["parts"])
        return result
    orders, decided = [], []
    for index, extracted in enumerate(extraction.orders):
        customer = identify_customer(ctx, doc, extraction, extracted)
        extracted = cross_check(ctx, doc, extraction, extracted, customer, [])  # no journal: no PO history
        order = validate_order(ctx, map_order(ctx, doc, extraction, extracted, customer, index))
        order = check_identity(ctx, doc, extraction, extracted, order)  # as the pipeline does
        order = decide_order(ctx, order, extracted.priority_codes, doc.partner)
        order = _as_the_server_would(order) if dry_run else order
        decided.append(order)
        orders.append({"order": order.model_dump(mode="json"),
                       "extracted": extracted.model_dump(mode="json", exclude_none=True)})
    result["orders"] = orders
    if dry_run and orders:
        result["journal_checks"] = JOURNAL_NOT_READ
    extraction = held_for_a_customer(ctx, doc, extraction)  # a customer's quotation waits
    outcome = conclude(doc, extraction, decided, [])  # what the server would record for the document
    result["document"] = {"status": str(outcome.status), "error_code": outcome.error_code,
                          "error_message": outcome.error_message}
    return result


def extract_bytes(ctx: Context, data: bytes, doc: DocumentRecord) -> dict[str, Any]:
    """What the pipeline would make of ``data`` arriving as ``doc`` (bench and tests)."""
    return _extract_bytes(ctx, data, doc)


def extract_file(config: Config, path: Path, *, channel: str = "cli", sender: str | None = None,
                 partner: str | None = None) -> dict[str, Any]:
    ctx = build_context(config)
    data = path.read_bytes()
    doc = DocumentRecord(id=new_id(), sha256=hashlib.sha256(data).hexdigest(), size=len(data),
                         channel=channel, received_at=utcnow(), sender=sender, partner=partner,
                         filename=path.name, metadata={"fax_number": sender} if channel == "fax" else {})
    return _extract_bytes(ctx, data, doc, dry_run=True)
