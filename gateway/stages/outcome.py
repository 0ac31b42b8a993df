"""Outcome policy: which status a document ends in, from what was read and what was decided for its orders.

``conclude`` turns an extraction and its decided orders into the ``Outcome`` the journal commits (with
the events that record why); ``duplicate_outcome`` is a document already seen, ``refusal_outcome`` a
document refused by a typed error (unsupported: a person enters it; empty: quarantined; else rejected).
"""

from __future__ import annotations

from gateway.errors import FORMAT_UNSUPPORTED, GatewayError, UnsupportedFormatError
from gateway.model import DocType, Extraction, NormalizedOrder, OrderStatus, Problem
from gateway.store.journal import DocStatus, DocumentRecord, Event, Outcome

FOR_A_PERSON = frozenset({"QUOTE-REQUEST", "CLASSIFY-DOUBT"})  # no order read, nothing wrong with the file: a
# person answers it (a request for quotation; a customer's quotation with priced items, ``priced_documents``)
SAME_BYTES = "same bytes (sha256) as an earlier document"
SAME_INTERCHANGE = "same interchange control reference and content from the same sender"


def duplicate_outcome(earlier: str, why: str) -> Outcome:
    return Outcome(status=DocStatus.DUPLICATE, metadata={"duplicate_of": earlier},
                   events=[Event(stage="dedup", outcome="duplicate", reason=f"{why}: {earlier}",
                                 data={"duplicate_of": earlier})])


def conclude(doc: DocumentRecord, extraction: Extraction, orders: list[NormalizedOrder],
             acks: list[dict]) -> Outcome:
    """The document's status follows from what was read and what was decided for its orders."""
    problems = [p for p in extraction.problems if p.severity == "error"]
    unsupported = [p for p in extraction.problems if p.code == FORMAT_UNSUPPORTED]
    if orders:
        status = DocStatus.REVIEW if any(o.status == OrderStatus.REVIEW for o in orders) \
            else DocStatus.PROCESSED
    elif unsupported:
        status = DocStatus.REVIEW  # an order-like document the gateway cannot read: a person enters it
        problems = unsupported + problems
    elif any(p.code in FOR_A_PERSON for p in problems):
        status = DocStatus.REVIEW  # no order, but a message a person answers (a request for a quotation)
    elif problems:
        status = DocStatus.REJECTED
    elif extraction.doc_type in (DocType.ORDER, DocType.ORDER_CHANGE, DocType.ORDER_CANCEL):
        status = DocStatus.REVIEW  # looked like an order, but nothing could be read
    elif faxed(doc):  # a fax to the order desk that read as no order (a page upside down, a cover sheet alone)
        status = DocStatus.REVIEW
        problems = [Problem(code="FAX-NO-ORDER", severity="error", message=(
            f"a fax that read as no order ({extraction.detail or extraction.doc_type.value}): a person looks at it"))]
    else:
        status = DocStatus.NOT_ORDER
    events = [Event(stage="extract", outcome="ok" if not problems else "problems",
                    reason="; ".join(f"{p.code}: {p.message}" for p in problems[:20]) or None,
                    data={"format": extraction.format, "detail": extraction.detail,
                          "doc_type": extraction.doc_type.value, "orders": len(orders),
                          "problems": [p.model_dump(exclude_none=True) for p in extraction.problems]})]
    for order in orders:
        events.append(Event(stage="decide", outcome=order.status.value, order_id=order.order_id,
                            reason="; ".join(i.message for i in order.issues) or None,
                            data={"confidence": order.confidence, "kind": order.kind.value,
                                  "issues": [i.code for i in order.issues],
                                  "original_order_id": order.original_order_id}))
    first = problems[0] if problems else None
    return Outcome(status=status, format=extraction.format, doc_type=extraction.doc_type.value,
                   customer_id=next((o.customer.id for o in orders if o.customer.id), None),
                   orders=orders, events=events, acks=acks,
                   error_code=first.code if first else None, error_message=first.message if first else None,
                   interchanges=[(ic.standard, ic.sender_id, ic.control_ref)
                                 for ic in extraction.interchanges],
                   metadata={"detail": extraction.detail, "pages": extraction.pages,
                             "date_order_seen": extraction.metadata.get("date_order_seen"),
                             **({"turned_pages": extraction.metadata["turned_pages"]}  # the review shows them upright
                                if extraction.metadata.get("turned_pages") else {})})


def faxed(doc: DocumentRecord) -> bool:
    """A document that came in as a fax: by the fax channel, or with the number it was sent from. The text of a
    fax server's message beside the fax it attaches ("A fax was received. Pages: 1") is not the fax: reading as
    no order, it is no order rather than a second review item for the same fax."""
    if doc is None or doc.metadata.get("attachments_beside"):
        return False
    return doc.channel == "fax" or bool(doc.metadata.get("fax_number"))


def refusal_outcome(exc: GatewayError) -> Outcome:
    problems = getattr(exc, "problems", [])
    status = DocStatus.REJECTED
    if isinstance(exc, UnsupportedFormatError):
        status = DocStatus.REVIEW
    elif exc.code == "EMPTY-DOCUMENT":
        status = DocStatus.QUARANTINED
    return Outcome(status=status, error_code=exc.code, error_message=exc.message,
                   events=[Event(stage="extract", outcome="rejected", reason=f"{exc.code}: {exc.message}",
                                 data={"code": exc.code, "problems": [
                                     p.model_dump(exclude_none=True) if hasattr(p, "model_dump") else p
                                     for p in problems]})])
