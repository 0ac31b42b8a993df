"""UN/EDIFACT: ORDERS and ORDCHG become orders; every other message is classified, not read.

Owns reading an EDIFACT document into an ``Extraction`` (``extractors.edi.edifact_syntax`` tokenizes,
``extractors.edi.edifact_envelope`` builds the interchanges, ``extractors.edi.edifact_orders`` maps a message):
one ``ExtractedOrder`` per accepted ORDERS/ORDCHG message (D93A, D96A, D01B and the EANCOM subsets
alike), one ``Interchange`` per UNB (sender, recipient, control reference, syntax, every
message with its type, reference, acceptance and problems, UNB 0031 acknowledgement request) so the
gateway can spot a resent interchange and answer with a CONTRL.

Acceptance rule (what a CONTRL then reports):

* an **interchange fault** (UNB missing or invalid, UNZ missing, UNZ count or reference wrong, a UNG/UNE
  fault, a duplicate group or interchange reference, a segment outside any message) rejects the whole
  interchange: none of its messages becomes an order;
* a **message fault** (UNH/UNT reference or segment count, UNT missing, duplicate message reference, an
  invalid segment tag, too many components in a composite, a value that is not a number where one must
  be) rejects that message only; the other messages of the interchange still become orders. A UNT
  segment count that is off, when it is the message's only fault, still reads the message: the CONTRL
  reports the fault (0085 29) and the order is held for review with the count named
  (``extractors.edi.edi_counts``);
* **warnings** (code list values we do not know, extra data elements a partner added, unreadable dates,
  a CNT line count that disagrees, a character set read leniently) never reject anything: they travel
  on the order.

``extract`` raises ``ExtractionError`` (code ``EDI-SYNTAX``) only when nothing can be answered: no
order and no interchange header to acknowledge (no EDIFACT at all, or messages whose UNB is missing and
which are rejected). TRADACOMS files (``STX=``) are recognised and classified ``OTHER`` (detail
``TRADACOMS``), not read; a TRADACOMS order file (ORDHDR) is an order held with ``FORMAT-UNSUPPORTED``,
as are DELFOR and DELJIT messages (order-like, not read). Interchange-level problems of each interchange
are also listed in ``metadata["edi_envelopes"][n]["problems"]`` (see ``writers.acks.envelope_problems``).
"""

from __future__ import annotations

import re
from typing import Any

from extractors.base import ExtractHints
from extractors.edi.edi_counts import readable_despite_count, with_count_problems
from extractors.edi.envelope import flat_problems
from extractors.edi.edifact_envelope import Document, Envelope, Message, read_document
from extractors.edi.edifact_orders import read_order
from extractors.edi.edifact_syntax import gc_paused, problem
from gateway.errors import FORMAT_UNSUPPORTED, ExtractionError, LimitError
from gateway.model import DocType, ExtractedOrder, Extraction, Interchange, OrderKind, Problem

ORDER_TYPES = frozenset({"ORDERS", "ORDCHG"})
# Order-like messages the gateway does not read: held for a person (FORMAT-UNSUPPORTED).
UNREAD_ORDER_TYPES = frozenset({"DELFOR", "DELJIT"})  # delivery schedule, just-in-time call-off
_TRADACOMS_ORDERS = frozenset({"ORDHDR", "ORDERS"})
_CLASSIFIED: dict[str, DocType] = {
    "INVOIC": DocType.INVOICE, "CONTRL": DocType.ACKNOWLEDGEMENT, "APERAK": DocType.ACKNOWLEDGEMENT,
    "ORDRSP": DocType.ACKNOWLEDGEMENT, "IFTMBC": DocType.ACKNOWLEDGEMENT,
}
_KIND_DOC_TYPES = {OrderKind.NEW: DocType.ORDER, OrderKind.CHANGE: DocType.ORDER_CHANGE,
                   OrderKind.CANCEL: DocType.ORDER_CANCEL}
_ENVELOPE_START = re.compile(rb"(?:^|['\n])\s*UN[ABH][^A-Za-z0-9\s]")


class EdifactExtractor:
    """UN/EDIFACT interchanges, recognised by UNA/UNB/UNH at the start."""

    name = "edifact"
    heavy = True
    inline_max_bytes = 32 * 1024  # a small interchange (tens of lines) parses in well under 10 ms

    def detect(self, head: bytes, filename: str | None, content_type: str | None) -> float:
        start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
        if start[:3] in (b"UNA", b"UNB") and len(start) > 3 and not start[3:4].isalnum():
            return 0.95
        if start[:3] == b"UNH" and len(start) > 3 and not start[3:4].isalnum():
            return 0.9
        if start.startswith(b"STX="):
            return 0.6  # TRADACOMS: classified, not read
        if _ENVELOPE_START.search(head):
            return 0.5  # banner lines or a damaged first segment: read it and say what is wrong
        if (content_type or "").lower() in ("application/edifact", "application/edi-edifact"):
            return 0.3
        return 0.0

    def extract(self, data: bytes, hints: ExtractHints) -> Extraction:
        """Read an EDIFACT document. Raises ``LimitError`` over the size limit and ``ExtractionError``
        (``EDI-SYNTAX``) when neither an order nor an interchange to acknowledge could be read."""
        if len(data) > hints.limits.max_document_bytes:
            raise LimitError(f"{len(data)} bytes is over the {hints.limits.max_document_bytes}-byte limit",
                             code="LIMIT-SIZE")
        if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"STX="):
            return _tradacoms(data)
        with gc_paused():
            doc = read_document(data)
            if not doc.envelopes:
                raise ExtractionError("no EDIFACT interchange or message found", code="EDI-SYNTAX",
                                      problems=doc.problems or [problem("EDI-SYNTAX", "no UNB or UNH segment")])
            extraction = _read(doc)
            del doc  # freed here, so the collector resumes with only the result to look at
        return extraction


EXTRACTOR = EdifactExtractor()


def _read(doc: Document) -> Extraction:
    orders: list[ExtractedOrder] = []
    order_messages: list[Message] = []
    for envelope in doc.envelopes:
        rejected = envelope.has_errors
        for message in envelope.messages:
            if message.type in ORDER_TYPES:
                order = read_order(message)
                order_messages.append(message)
                if not rejected and not message.has_errors:
                    orders.append(order)
                elif not rejected and readable_despite_count(order, message.problems, _unt_count(message),
                                                             message.end - message.start):
                    orders.append(with_count_problems(order, message.problems))
    problems = list(doc.problems) + _notes_on_other_messages(doc, bool(order_messages)) + _unsupported(doc)
    for envelope in doc.envelopes:
        problems += flat_problems(envelope, envelope.messages, "message")
    interchanges = [_interchange(e) for e in doc.envelopes if e.header is not None and e.header.value(1)]
    if not orders and not interchanges and any(p.severity == "error" for p in problems):
        raise ExtractionError("no EDIFACT interchange could be read", code="EDI-SYNTAX", problems=problems)
    return Extraction(
        format="edifact", doc_type=_doc_type(doc, orders, order_messages), detail=_detail(doc),
        orders=orders, interchanges=interchanges, problems=problems, sender_hints=_sender_hints(doc),
        metadata={"charset": doc.charset, "edi_envelopes": [_envelope_metadata(doc, e) for e in doc.envelopes
                                                            if e.header is not None and e.header.value(1)]},
    )


def _unt_count(message: Message) -> str:
    """UNT's segment count as written ("" without a UNT)."""
    trailer = message.segment(message.end - 1) if 0 < message.end <= len(message.tokens.tags) else None
    return trailer.value(0) if trailer is not None and trailer.tag == "UNT" else ""


# --- classification and envelope records -----------------------------------------------------


def _detail(doc: Document) -> str | None:
    names: list[str] = []
    for envelope in doc.envelopes:
        for message in envelope.messages:
            parts = message.header.composite(1)[1:3]
            version = "".join(parts) if parts[:1] in (["D"], ["S"]) else ":".join(parts)
            name = f"{message.type} {version}".strip()
            if name not in names:
                names.append(name)
    return "; ".join(names) or None


def _doc_type(doc: Document, orders: list[ExtractedOrder], order_messages: list[Message]) -> DocType:
    kinds = {o.kind for o in orders}
    if len(kinds) == 1:
        return _KIND_DOC_TYPES[kinds.pop()]
    if kinds or any(m.type == "ORDERS" for m in order_messages):
        return DocType.ORDER
    if order_messages:
        return DocType.ORDER_CHANGE
    types = [m.type for e in doc.envelopes for m in e.messages]
    if any(t in UNREAD_ORDER_TYPES for t in types):
        return DocType.ORDER  # held: FORMAT-UNSUPPORTED
    if not types:
        app_ref = next((e.header.value(6) for e in doc.envelopes if e.header is not None), "")
        return DocType.ORDER if app_ref in ORDER_TYPES else DocType.OTHER
    return _CLASSIFIED.get(types[0], DocType.OTHER)


def _notes_on_other_messages(doc: Document, has_orders: bool) -> list[Problem]:
    if not has_orders:
        return []
    return [problem("EDI-MSG-NOT-ORDER", f"{m.type} message {m.ref} is not an order; not read", "UNH",
                    m.header.position, severity="warning")
            for e in doc.envelopes for m in e.messages if m.type not in ORDER_TYPES | UNREAD_ORDER_TYPES]


def _unsupported(doc: Document) -> list[Problem]:
    """An order-like message the gateway does not read: named, so the document is held."""
    return [problem(FORMAT_UNSUPPORTED, f"{m.type} message {m.ref} is order-like but not read by the gateway; "
                    "a person must enter it", "UNH", m.header.position, severity="warning")
            for e in doc.envelopes for m in e.messages if m.type in UNREAD_ORDER_TYPES]


def _dump(problems: list[Problem]) -> list[dict[str, Any]]:
    return [p.model_dump(exclude_none=True) for p in problems]


def _interchange(envelope: Envelope) -> Interchange:
    unb = envelope.header
    assert unb is not None
    rejected = envelope.has_errors
    groups = [{"ref": g.ref, "type": g.header.value(0), "sender_id": g.header.value(1),
               "receiver_id": g.header.value(2), "accepted": not rejected,
               "problems": _dump(g.problems)} for g in envelope.groups]
    group_of = {id(m): n for n, g in enumerate(envelope.groups) for m in g.messages}
    messages = [{"type": m.type, "version": m.version, "ref": m.ref, "group_ref": m.group_ref,
                 "group": group_of.get(id(m)), "accepted": not rejected and not m.has_errors,
                 "segments": m.end - m.start, "problems": _dump(m.problems)} for m in envelope.messages]
    return Interchange(
        standard="edifact", sender_id=unb.value(1, 0), sender_qualifier=unb.value(1, 1) or None,
        receiver_id=unb.value(2, 0) or None, receiver_qualifier=unb.value(2, 1) or None,
        control_ref=unb.value(4), syntax=":".join(c for c in unb.composite(0)[:2] if c) or None,
        groups=groups, messages=messages, ack_requested=unb.value(8) == "1", test=unb.value(10) == "1",
    )


def _envelope_metadata(doc: Document, envelope: Envelope) -> dict[str, Any]:
    position = envelope.header.position if envelope.header is not None else 1
    return {"control_ref": envelope.control_ref, "problems": _dump(envelope.problems),
            "delimiters": doc.delimiters_at(position).una()}


def _sender_hints(doc: Document) -> dict[str, str]:
    unb = next((e.header for e in doc.envelopes if e.header is not None and e.header.value(1)), None)
    if unb is None:
        return {}
    hints = {"edifact_sender": unb.value(1, 0)}
    if unb.value(1, 1) == "14":
        hints["gln"] = unb.value(1, 0)
    return hints


def _tradacoms(data: bytes) -> Extraction:
    text = data.decode("latin-1")
    types = list(dict.fromkeys(re.findall(r"MHD=[^+]*\+([A-Z]{6})", text)))
    if _TRADACOMS_ORDERS & set(types):
        return Extraction(format="tradacoms", doc_type=DocType.ORDER, detail="TRADACOMS ORDERS",
                          problems=[problem(FORMAT_UNSUPPORTED, "a TRADACOMS order file (STX, ORDHDR): the gateway "
                                            "does not read TRADACOMS; a person must enter it", "STX", 1,
                                            severity="warning")],
                          metadata={"tradacoms_messages": types})
    return Extraction(format="tradacoms", doc_type=DocType.OTHER, detail="TRADACOMS",
                      problems=[problem("EDI-TRADACOMS", "a TRADACOMS file (STX): classified, not read into "
                                        "orders", "STX", 1, severity="warning")],
                      metadata={"tradacoms_messages": types})
