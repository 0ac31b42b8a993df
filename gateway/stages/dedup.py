"""Dedup stage: the same document, interchange or order arriving again is caught, never delivered twice.

Three levels, each decision recorded with what it matched and why:

1. the same bytes (sha256) as an earlier document;
2. the same EDI interchange control reference from the same sender, with the same content (a reused
   control reference with other content is read as new, with an INTERCHANGE-REUSED warning);
3. the same order in another form (fax vs PDF by e-mail vs forwarded mail vs EDI): customer + PO number
   + lines compared as a fingerprint within a window (30 days by default). A PO read from a scan that
   differs by OCR noise (O/0, I/1, S/5, B/8 confusions, one edit) from an order of the same day with
   the same line set is a possible duplicate: linked and held for a person, never merged on its own
   (a PO equal to another only once look-alikes are folded, P0-B1 and PO-B1, included: only case and
   separators make the same PO, ``norm_po``),
   so two different orders are never merged on a near PO. Same customer and exact PO with different
   lines, quantities or requested delivery date (the same lines restated for another day included): a
   change of the original, with the differences listed; but a scan
   (fax, OCR) with the same PO and other lines is a possible duplicate a person decides on, since a
   misread cell is not a change (released, it goes out as the change; "same order" keeps it).

An explicit change or cancellation (ORDCHG, X12 860, UBL OrderChange, cXML update/delete) that finds
no original is held until the original arrives or the window passes.
"""

from __future__ import annotations

import asyncio
import hashlib
from datetime import timedelta

from gateway.context import Context
from gateway.errors import StaleOrderError
from gateway.store.journal import DocumentRecord, Event
from gateway.model import Extraction, Issue, NormalizedOrder, OrderKind, OrderStatus
from gateway.order_keys import fold_po, line_fingerprint, line_key, norm_po, same_po
from gateway.stages.read_doubts import LINE_DOUBT_CODES, read_lines_repeated, unexplained_rows, unread_lines

DIGIT_CONFUSIONS = frozenset(frozenset(p) for p in ("38", "17", "56", "68", "08", "09", "49", "35", "27"))
ACTIVE = (OrderStatus.READY, OrderStatus.DELIVERED, OrderStatus.REVIEW, OrderStatus.HELD,
          OrderStatus.DEAD_LETTER)
SOUGHT = (*ACTIVE, OrderStatus.REJECTED)  # read in one look-up: the rejected ones only for ``resend_of_rejected``


def window(ctx: Context) -> timedelta:
    """How far back copies and originals are sought (``[decide.dedup] window_days``)."""
    return timedelta(days=ctx.config.decide.dedup.window_days)


async def find_exact_duplicate(ctx: Context, doc: DocumentRecord) -> str | None:
    """The earlier document with the same bytes, if any, unless a person rejected a *new* order of it: the same file
    sent again after such a rejection is read again (``reread_orders``), so that order meets ``resend_of_rejected``
    (held for a person, linked to the rejected order) instead of vanishing as a copy of a document whose order never
    went out. A rejected change or cancellation sent again byte for byte stays the document's copy: it never goes out."""
    earlier = await ctx.journal.find_by_sha256(doc.sha256, doc.id)
    return None if earlier and await _new_order_rejected(ctx, earlier) else earlier


def _rejected_new(order: NormalizedOrder) -> bool:
    return order.status == OrderStatus.REJECTED and order.kind == OrderKind.NEW


async def _new_order_rejected(ctx: Context, document_id: str) -> bool:
    return any(map(_rejected_new, await ctx.journal.orders_for_document(document_id)))


async def find_interchange_duplicate(ctx: Context, doc: DocumentRecord, extraction: Extraction,
                                     orders: list[NormalizedOrder]) -> tuple[str | None, list[Issue], str | None]:
    """The earlier document this interchange is a resend of, the warnings naming a reused control number, and the
    earlier document it is read again against (a resend of an interchange a new order of which a person rejected).

    A control reference is evidence, not proof: partners' translators reset and wrap their counters. An
    interchange is a copy of an earlier one with the same sender and control reference only when its
    content matches too (the same messages once the envelope, which carries the sending time, is set
    aside; or the same orders: customer, PO, kind and lines). Other content under a reused reference is
    processed as new, with a warning on each order; its orders still meet order-level dedup."""
    reused: list[Issue] = []
    for ic in extraction.interchanges:
        earlier = await ctx.journal.seen_interchange(ic.standard, ic.sender_id, ic.control_ref, doc.id)
        if not earlier:
            continue
        if await _same_content(ctx, doc, earlier, orders):
            if await _new_order_rejected(ctx, earlier):
                return None, [], earlier  # read again: only its rejected new orders (``reread_orders``)
            return earlier, [], None
        reused.append(Issue(code="INTERCHANGE-REUSED", severity="warning",
                            message=f"interchange control reference {ic.control_ref} from {ic.sender_id} was "
                                    f"used before by document {earlier} with other content: read as a new "
                                    "interchange"))
    return None, reused, None


async def reread_orders(ctx: Context, earlier_id: str, orders: list[NormalizedOrder]) -> list[NormalizedOrder]:
    """``orders``, of a document read again because a person rejected a new order of the earlier document
    ``earlier_id`` with the same bytes or interchange: each order that repeats one of that document other than a
    rejected new order (a sibling that went out, a rejected change or cancellation) stays its duplicate, as the whole
    document would have been; only the repeats of a rejected new order go on to ``find_duplicates``."""
    before = await ctx.journal.orders_for_document(earlier_id)
    return [_copy_in(order, before, earlier_id) for order in orders]


def _copy_in(order: NormalizedOrder, before: list[NormalizedOrder], earlier_id: str) -> NormalizedOrder:
    key = _order_keys([order])
    twin = next((b for b in before if _order_keys([b]) == key), None)
    if twin is None or _rejected_new(twin):
        return order
    return _mark_duplicate(order, twin, f"the same message in a resend of document {earlier_id}, read again only for "
                                        "the order of it a person rejected")


_ENVELOPE_TAGS = frozenset({"ISA", "GS", "GE", "IEA", "TA1", "UNA", "UNB", "UNG", "UNE", "UNZ"})


def content_fingerprint(data: bytes) -> str | None:
    """A digest of an EDI document's messages without the interchange and group envelopes (whose
    control numbers, dates and times change between two sends of the same messages); None when the
    bytes are not X12 or EDIFACT."""
    text = data.decode("latin-1").lstrip("\ufeff \r\n\t")
    if text.startswith("ISA") and len(text) > 106:
        element, terminator = text[3], text[105]
    elif text.startswith(("UNA", "UNB")):
        element, terminator = (text[4], text[8]) if text.startswith("UNA") and len(text) > 9 else ("+", "'")
    else:
        return None
    segments = [seg.strip() for seg in text.split(terminator)]
    body = [seg for seg in segments if seg and seg.split(element, 1)[0] not in _ENVELOPE_TAGS]
    return hashlib.sha256("\n".join(body).encode("latin-1")).hexdigest() if body else None


def _order_keys(orders: list[NormalizedOrder]) -> list[tuple[str, str, str, str]]:
    return sorted((o.customer.id or "", norm_po(o.po_number or ""), o.kind.value, line_fingerprint(o))
                  for o in orders)


async def _same_content(ctx: Context, doc: DocumentRecord, earlier_id: str, orders: list[NormalizedOrder]) -> bool:
    earlier = await ctx.journal.get_document(earlier_id)
    if earlier is not None:
        try:
            mine, theirs = await asyncio.gather(asyncio.to_thread(ctx.archive.get, doc.sha256),
                                                asyncio.to_thread(ctx.archive.get, earlier.sha256))
        except (OSError, KeyError):  # an earlier document no longer archived: the orders decide
            mine = theirs = b""
        fingerprint = content_fingerprint(mine)
        if fingerprint is not None and fingerprint == content_fingerprint(theirs):
            return True
    before = await ctx.journal.orders_for_document(earlier_id)
    return bool(before) and _order_keys(before) == _order_keys(orders) or (not before and not orders)


async def find_earlier_copy(ctx: Context, doc: DocumentRecord, extraction: Extraction, orders: list[NormalizedOrder]
                            ) -> tuple[tuple[str, str] | None, list[Issue], list[NormalizedOrder]]:
    """((earlier document id, why), [], orders) when the same bytes or the same interchange (its content too)
    came before; else (None, the INTERCHANGE-REUSED warnings of a reused control reference, the orders to decide:
    those of a document read again after a rejection as ``reread_orders`` leaves them)."""
    if earlier := await ctx.journal.find_by_sha256(doc.sha256, doc.id):
        if not await _new_order_rejected(ctx, earlier):
            return (earlier, "same bytes (sha256) as an earlier document"), [], orders
        return None, [], await reread_orders(ctx, earlier, orders)
    earlier, reused, reread = await find_interchange_duplicate(ctx, doc, extraction, orders)
    if earlier:
        return (earlier, "same interchange control reference and content from the same sender"), [], orders
    return None, reused, await reread_orders(ctx, reread, orders) if reread else orders


def po_distance(a: str, b: str) -> int:
    """Edit distance between folded PO numbers, capped at 2 (only 0, 1 and 'more' matter).

    A digit read as another digit counts only for the pairs OCR confuses (3/8, 1/7, 5/6...): a PO that
    differs from another by 4 -> 5 is the next order of a series, not a misread."""
    a, b = fold_po(a), fold_po(b)
    if a == b:
        return 0
    if abs(len(a) - len(b)) > 1:
        return 2
    if len(a) == len(b):
        diffs = [(x, y) for x, y in zip(a, b) if x != y]
        if len(diffs) != 1:
            return 2
        x, y = diffs[0]
        return 1 if not (x.isdigit() and y.isdigit()) or frozenset((x, y)) in DIGIT_CONFUSIONS else 2
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return 1 if any(long_[:i] + long_[i + 1:] == short for i in range(len(long_))) else 2


def differences(original: NormalizedOrder, new: NormalizedOrder) -> list[dict]:
    """What changed between two versions of an order, line by line and in the header."""
    out: list[dict] = []
    for field in ("requested_delivery_date", "ship_to", "bill_to", "currency"):
        a, b = getattr(original, field), getattr(new, field)
        if a != b and b is not None:
            out.append({"field": field, "from": str(a) if a is not None else None, "to": str(b)})
    if new.allowances and _norm(new.allowances) != _norm(original.allowances):
        out.append({"field": "allowances", "from": _allowance_text(original), "to": _allowance_text(new)})
    old = {_line_key(line): line for line in original.lines if line.action != "delete"}
    gone = {_line_key(line) for line in original.lines if line.action == "delete"} - old.keys()
    seen = set()
    for line in new.lines:
        key = _line_key(line)
        seen.add(key)
        before = old.get(key)
        if line.action == "delete" and before is None and key in gone:
            continue  # a line this version already deleted (the same deletion sent again): nothing changes
        if line.action == "delete":
            out.append({"field": "line", "item": key, "change": "removed"})
        elif before is None:
            out.append({"field": "line", "item": key, "change": "added", "to": f"{line.quantity} {line.uom}"})
        elif before.quantity != line.quantity or before.uom != line.uom:
            out.append({"field": "line", "item": key, "change": "quantity",
                        "from": f"{before.quantity} {before.uom}", "to": f"{line.quantity} {line.uom}"})
    if (new.kind != OrderKind.CHANGE or not any(line.action for line in new.lines)) and not partly_read(new):
        unread = {_line_key(line) for line in unread_lines(original)}  # rows the gateway itself did not read
        for key in old.keys() - seen - unread:  # a full restatement: what is gone was removed
            out.append({"field": "line", "item": key, "change": "removed"})
    return out


def _allowance_text(order: NormalizedOrder) -> str:
    return "; ".join(f"{a.kind} {a.code or a.description or ''} {a.amount if a.amount is not None else a.percent}"
                     .replace("  ", " ") for a in order.allowances)


def _keys(order: NormalizedOrder) -> set:
    return {_line_key(line) for line in order.lines}


def _none_read(order: NormalizedOrder) -> bool:
    """No line read at all (a typed addition, question or change about a PO, an unread body): its "same
    lines" as another order's say nothing, so it is never that order's exact duplicate."""
    return not [ln for ln in order.lines if ln.action != "delete"]


def partly_read(order: NormalizedOrder) -> bool:
    """An order without lines, or with lines the reader could not read (a typed line, a table row of a page):
    what it does not name is not gone."""
    return not order.lines or any(i.code in ("LINE-UNREAD", "LINES-MISSING", "LAYOUT-ROW-UNREAD")
                                  for i in order.issues)


REQUEST_CODES = frozenset({"CANCEL-TYPED", "CHANGE-TYPED", "ADDITION-TYPED", "QTY-CHANGE-TYPED", "QUESTION-TYPED",
                           "PRICE-REQUEST", "PRICE-TYPED", "BILL-TO-TYPED", "TERMS-TYPED", "CHARGE-FREE-TYPED", "PACK-SIZE-TYPED", "COVER-NOTE"})


def _asks_something(order: NormalizedOrder) -> bool:
    """The order carries something the customer wrote beyond its lines (a request to cancel, change or add to
    it, a question, where to invoice, a free or pack-size line: typed in an e-mail, or a note on a printed or
    faxed order, ``extractors.capture.page_notes``): never an exact copy of the order it concerns."""
    return any(i.code in REQUEST_CODES for i in order.issues)


async def _earlier_orders(ctx: Context, order: NormalizedOrder) -> list[NormalizedOrder]:
    """The customer's earlier orders an order may repeat or change, oldest first.

    Found by index, never by scanning the customer's orders: those with the order's PO number (or the
    PO it names as its original), and new orders with the same line set whose PO is at most one
    misread away. A change still held for its unknown original is no original itself: a change or
    cancellation that keeps the PO (cXML update, X12 860) would otherwise turn its late original into
    a change of it; nor is an e-mail body's held summary of its attached order, nor an e-mail held because
    the order it said was attached was not (``_attachment_missing``): the resend with the file is the order.
    Rejected orders come in the same look-up, for ``resend_of_rejected`` only."""
    since = order.source.received_at - window(ctx)
    pos = {po for po in (order.po_number, _original_po(order, order.references)) if po}
    found = await ctx.journal.copy_candidates(
        order.customer.id, since, [s.value for s in SOUGHT], pos, line_fingerprint(order),
        lambda po: po_distance(po, order.po_number) <= 1)
    return [o for o in found if o.source.document_id != order.source.document_id and o.status in SOUGHT
            and o.po_number and o.order_id != order.order_id and not _waiting_for_original(o)
            and not _summary_of_an_attachment(o) and not _attachment_missing(o) and _same_release(o, order)]


async def _two_orders_named(ctx: Context, order: NormalizedOrder) -> NormalizedOrder:
    """A change carrying a number of its own besides the order it names (EDIFACT ORDCHG ``BGM+230+X`` with
    ``RFF+ON:Y``, kept as ``references.change_document``) changes the named order: that is how partners number
    their change messages. When its own number is itself one of the customer's orders, the message names two
    orders and which one changes is not sure: ``CHANGE-REFERENCE-MISMATCH`` (a person decides)."""
    own = order.references.get("change_document")
    if order.kind == OrderKind.NEW or not own or same_po(own, order.po_number):
        return order
    since = order.source.received_at - window(ctx)
    found = await ctx.journal.orders_with_po(order.customer.id, own, since)
    other = next((o for o in found if o.kind == OrderKind.NEW and o.status in ACTIVE and same_po(o.po_number, own)), None)
    if other is None:
        return order
    issue = Issue(code="CHANGE-REFERENCE-MISMATCH", severity="error", field="po_number",
                  message=f"the {order.kind.value} names order {order.po_number} but its own number {own} is order "
                          f"{other.order_id} too: which one changes is for a person to decide")
    return order.model_copy(update={"issues": [*order.issues, issue]})


def _same_release(earlier: NormalizedOrder, order: NormalizedOrder) -> bool:
    """A release against a blanket order (X12 BEG04, a typed "release no. 17", "Abruf Nr. 17") is an order
    of its own: never a copy or a change of another release of the same PO. Two orders are set apart only
    when both carry a release number and the numbers differ. Most forms never carry one (UBL, EDIFACT, a
    PDF, a fax, an X12 860): when only one of the two does, a change or cancellation is still compared,
    and a new order with the same lines is a possible duplicate (``_one_release``); a new order with
    other lines is a release of its own."""
    a, b = earlier.references.get("release"), order.references.get("release")
    if a and b:
        return a == b
    if bool(a) != bool(b) and order.kind == OrderKind.NEW:
        return line_key(earlier) == line_key(order)
    return True


def _one_release(earlier: NormalizedOrder, order: NormalizedOrder) -> bool:
    """Exactly one of the two orders names a release number."""
    return bool(earlier.references.get("release")) != bool(order.references.get("release"))


def _summary_of_an_attachment(order: NormalizedOrder) -> bool:
    """An e-mail body's summary of the order it says is attached, not delivered: no original (the
    attachment's order is the order), so the attachment is decided as new, not as a change of it."""
    return order.status not in (OrderStatus.READY, OrderStatus.DELIVERED) and any(
        i.code == "ORDER-IN-ATTACHMENT" for i in order.issues)


def _attachment_missing(order: NormalizedOrder) -> bool:
    """An e-mail held because the order it says is attached is not there, with no line read: no order of its
    own (the customer resends it with the file), never an original nor a copy of the order that comes with it."""
    return order.status not in (OrderStatus.READY, OrderStatus.DELIVERED) and _none_read(order) and any(
        i.code == "ATTACHMENT-MISSING" for i in order.issues)


async def superseded_by(ctx: Context, order: NormalizedOrder) -> list[tuple[str, NormalizedOrder]]:
    """The customer's e-mails held for a missing attachment (``_attachment_missing``) under this new order's PO: the
    order that came with the file supersedes them. Each is returned with its status as a duplicate of ``order``
    (never delivered, linked to it); the caller records it if its status is still that one."""
    if order.kind != OrderKind.NEW or order.status == OrderStatus.DUPLICATE or _none_read(order) \
            or not order.customer.id or not order.po_number:
        return []
    since = order.source.received_at - window(ctx)
    found = await ctx.journal.copy_candidates(order.customer.id, since, [OrderStatus.REVIEW.value, OrderStatus.HELD.value],
                                              [order.po_number], "", lambda po: False)
    return [(o.status.value, _mark_duplicate(o, order, f"the e-mail said order {o.po_number} was attached and nothing was; the "
                                      f"customer's resend with the file is order {order.order_id} (document "
                                      f"{order.source.document_id}), which supersedes it"))
            for o in found if o.order_id != order.order_id and same_po(o.po_number, order.po_number)
            and _attachment_missing(o)]


async def doubtful_copy(ctx: Context, order: NormalizedOrder, received: NormalizedOrder | None = None
                        ) -> NormalizedOrder | None:
    """The held order ``order`` was marked an exact duplicate or a change of, when that one waits for a person for a
    doubt of its own (a PO or a field read unsure on a fax, a missing date; on a fax, rows not read or read run
    together, ``read_doubts``) and says what ``received`` says (``_settled_by``), and nothing of its PO went out: the
    copy now received (``received``, as it came, before dedup), a new order read in full and not from a scan, may go
    out in its place (the caller decides it as a new order; when it is ready, the held one becomes its duplicate,
    ``supersede_doubtful_copy``). None otherwise: a held order held for anything else (a question or request, a mark
    not read, a draft...), itself linked to another, differing in what it did read, or a PO already delivered keeps
    ``order`` as it was."""
    received = received or order
    linked = order.status == OrderStatus.DUPLICATE and order.kind == OrderKind.NEW or order.kind == OrderKind.CHANGE
    if not linked or received.kind != OrderKind.NEW or not order.original_order_id or _read_by_ocr(received) \
            or partly_read(received) or _asks_something(received) or not received.customer.id:
        return None
    held = await ctx.journal.get_order(order.original_order_id)
    if held is None or held.status != OrderStatus.REVIEW or held.kind != OrderKind.NEW or held.original_order_id \
            or not same_po(held.po_number, received.po_number) or not _settled_by(held, received):
        return None
    same = await ctx.journal.orders_with_po(order.customer.id, order.po_number or "", order.source.received_at - window(ctx))
    if any(o.status in (OrderStatus.READY, OrderStatus.DELIVERED, OrderStatus.DEAD_LETTER) for o in same):
        return None
    return held


# the doubts of a held copy a sure copy may settle (README: "a fax's unsure PO, a date not read"): a copy held for
# anything else (a line, a handwritten mark or a layout not read, a draft, a question...) keeps its hold
DOUBT_CODES = frozenset({"PO-CHARACTER-UNSURE", "PO-FORMAT-UNUSUAL", "CONFIDENCE-LOW", "DELIVERY-DATE-MISSING",
                         "ORDER-DATE-MISSING", "ORDER-DATE-IMPLAUSIBLE", "DATE-AMBIGUOUS", "DATE-UNPLACED",
                         "LAYOUT-UNREAD-DATE", "LAYOUT-UNASSIGNED-DATE"})


def _doubt_of_its_own(held: NormalizedOrder) -> bool:
    """Every reason ``held`` waits for a person for is a doubt ``DOUBT_CODES`` names (a confidence under the
    threshold alone included), and it asks nothing."""
    return not _asks_something(held) and all(i.code in DOUBT_CODES for i in held.issues if i.severity == "error")


def _read_with_doubt(held: NormalizedOrder) -> bool:
    """A scan held for how it was read only: the doubts ``DOUBT_CODES`` names, and rows not read or read into an
    unknown item (``read_doubts.LINE_DOUBT_CODES``); it asks nothing."""
    allowed = DOUBT_CODES | LINE_DOUBT_CODES
    return _read_by_ocr(held) and not _asks_something(held) and all(
        i.code in allowed for i in held.issues if i.severity == "error")


def _settled_by(held: NormalizedOrder, sure: NormalizedOrder) -> bool:
    """Whether ``sure``, read in full, settles what ``held`` waits for: the same lines for a held copy whose doubt is
    its PO or a date; for a scan read with doubt, every line it read, its unread rows accounting for the rest
    (``read_doubts.read_lines_repeated``). The requested date is the same when both give one."""
    if not _same_if_known(sure.requested_delivery_date, held.requested_delivery_date):
        return False
    if _doubt_of_its_own(held) and line_key(held) == line_key(sure):
        return True
    return _read_with_doubt(held) and read_lines_repeated(held, sure)


async def sure_copy_of(ctx: Context, held: NormalizedOrder) -> NormalizedOrder | None:
    """The sure copy that went out in place of ``held`` (``doubtful_copy``), when ``held`` is still in review: the
    process stopped between the sure copy's commit and ``supersede_doubtful_copy``. It is the first order of the PO
    that went out: a new order received after ``held``, same customer, PO and lines, read in full, not from a scan."""
    if held.status != OrderStatus.REVIEW or held.kind != OrderKind.NEW or held.original_order_id \
            or not held.customer.id or not held.po_number or not (_doubt_of_its_own(held) or _read_with_doubt(held)):
        return None
    same = await ctx.journal.orders_with_po(held.customer.id, held.po_number, held.source.received_at - window(ctx))
    out = sorted((o for o in same if o.status in (OrderStatus.READY, OrderStatus.DELIVERED, OrderStatus.DEAD_LETTER)),
                 key=_went_out)
    first = out[0] if out else None
    if first is None or first.kind != OrderKind.NEW or first.original_order_id \
            or first.source.received_at <= held.source.received_at or not _settled_by(held, first) \
            or _read_by_ocr(first) or partly_read(first) or _asks_something(first):
        return None
    return first


async def supersede_doubtful_copy(ctx: Context, held: NormalizedOrder, sure: NormalizedOrder) -> NormalizedOrder | None:
    """``held`` (``doubtful_copy``) linked to its sure copy ``sure``, committed ready, and never delivered by itself;
    returns it. When every row it did not read is explained (``read_doubts.unexplained_rows``) it is ``sure``'s
    duplicate, out of the review queue; otherwise it stays in review as a possible duplicate of ``sure`` naming what is
    unexplained (approve is refused; same order or release, a change of ``sure``, is a person's deliberate act). A
    compare-and-set on its review status: when a person acted on it first, their decision stands (None)."""
    why = [] if _doubt_of_its_own(held) and line_key(held) == line_key(sure) else unexplained_rows(held, sure)
    if why:  # a row it did not read may be a line the sure copy lacks: a person says (never delivered by itself)
        copy = _mark_possible_duplicate(_without_relation(held), sure, (
            f"its PO went out read in full as order {sure.order_id} ({sure.source.channel}); not shown to be the same "
            f"order: {'; '.join(why)}. Same order keeps it as that order's duplicate; release (not a duplicate) sends "
            "what it adds as a change of that order"))
    else:
        copy = mark_duplicate(held, sure, f"the same order, read in full, came as order {sure.order_id} (document "
                                          f"{sure.source.document_id}, {sure.source.channel}) and goes out in its place")
    try:
        await ctx.journal.update_order(copy, Event(
            stage="dedup", outcome="possible_duplicate" if why else "superseded", order_id=held.order_id,
            document_id=held.source.document_id, reason=f"a sure copy of the held order came: order {sure.order_id}",
            data={"original": sure.order_id, "unexplained": why}), expected_status=OrderStatus.REVIEW.value)
    except StaleOrderError:
        return None
    return copy


def _waiting_for_original(order: NormalizedOrder) -> bool:
    return order.status == OrderStatus.HELD and order.kind != OrderKind.NEW


def _mark_duplicate(order: NormalizedOrder, of: NormalizedOrder, why: str) -> NormalizedOrder:
    issue = Issue(code="DUPLICATE-ORDER", severity="info",
                  message=f"duplicate of order {of.order_id} (document {of.source.document_id}, "
                          f"{of.source.channel}): {why}")
    return order.model_copy(update={"status": OrderStatus.DUPLICATE, "original_order_id": of.order_id,
                                    "issues": [*order.issues, issue]})


def _mark_possible_duplicate(order: NormalizedOrder, of: NormalizedOrder, why: str) -> NormalizedOrder:
    """A scanned order that may repeat another but cannot be told apart for sure: a person decides.

    Never merged automatically: the next PO of a standing order can differ by a character OCR also
    confuses, and unread item codes can hide a real change. The order is linked to the one it may
    repeat and held; approving it delivers it as new, rejecting it keeps it as the duplicate."""
    issue = Issue(code="POSSIBLE-DUPLICATE", severity="error", field="po_number",
                  message=f"possible duplicate of order {of.order_id} (document {of.source.document_id}, "
                          f"{of.source.channel}): {why}")
    return order.model_copy(update={"original_order_id": of.order_id, "issues": [*order.issues, issue]})


def _mark_change(order: NormalizedOrder, original: NormalizedOrder, latest: NormalizedOrder) -> NormalizedOrder:
    changes = differences(latest, order)
    kind = order.kind if order.kind != OrderKind.NEW else OrderKind.CHANGE
    unnamed = sorted(map(str, {_line_key(ln) for ln in latest.lines if ln.action != "delete"} - _keys(order)
                         - {_line_key(ln) for ln in unread_lines(latest)}))
    if kind == OrderKind.CHANGE and partly_read(order) and unnamed:
        order = order.model_copy(update={"issues": [*order.issues, Issue(
            code="CHANGE-LINES-UNREAD", severity="error", field="lines",
            message=f"a message about order {original.order_id} whose lines were not all read: the lines it does "
                    f"not name ({', '.join(unnamed[:5])}) are not taken as removed")]})
    what = "cancels" if kind == OrderKind.CANCEL else "changes"
    issue = Issue(code="ORDER-CHANGE" if kind == OrderKind.CHANGE else "ORDER-CANCEL", severity="info",
                  message=f"{what} order {original.order_id} (document {original.source.document_id}): "
                          + ("; ".join(_describe(c) for c in changes) or "no line differences"))
    return order.model_copy(update={"kind": kind, "original_order_id": original.order_id,
                                    "changes": changes, "issues": [*order.issues, issue]})


def same_version(order: NormalizedOrder, latest: NormalizedOrder) -> bool:
    """Whether a change or cancellation says nothing the latest version of its order did not say already
    (the same cancellation sent twice, a replace identical to the last change): then it is a duplicate.

    A change is a duplicate only when every field it states (header: dates, ship-to, bill-to, currency,
    allowances and charges, notes, priority, total; each line: quantity, unit, prices, charges, dates,
    item ids, description, action) equals the latest version's, normalized (``_states_nothing_new``). A
    change that leaves out what it does not change (an 860 naming one line at its current quantity, no date)
    and says nothing else is one too. When in doubt (a line not found, a field the latest version does not
    carry, a message with unread lines or a typed request) it is a change."""
    if order.kind == OrderKind.CANCEL or latest.kind == OrderKind.CANCEL:
        return order.kind == latest.kind
    if _asks_something(order) or not _states_nothing_new(order, latest):
        return False
    if _version_key(order) == _version_key(latest):
        return True
    # an X12 860 or ORDCHG names only what it changes: what it leaves out (the date, the address, a line's price, the
    # other lines) stays as it was. When everything it does say is already so, it changes nothing: a duplicate
    return order.kind == OrderKind.CHANGE and not partly_read(order) and not differences(latest, order)


# what a version states of itself, not of the message that carried it (ids, source, status, relation, scores)
# (free-text notes are not compared: a change resent with "resent" written on it is the same change; a note that asks
# or changes something holds by its own reason)
_HEADER_FIELDS = ("requested_delivery_date", "currency", "ship_to", "bill_to", "allowances", "total")
_LINE_FIELDS = ("quantity", "uom", "unit_price", "gross_price", "allowances", "amount", "currency",
                "requested_date", "description", "item_ids", "customer_item", "supplier_item", "gtin", "action")


_CONTENT_REFERENCES = ("total_shipping", "total_tax", "contract", "CT", "payment_terms")


def _stated(value: object) -> bool:
    return value is not None and value != [] and value != {} and value != ""


def _norm(value: object) -> object:
    """A value compared as content: decimals without trailing zeros, models and lists by their content."""
    if hasattr(value, "model_dump"):
        return _norm(value.model_dump(mode="json"))
    if isinstance(value, dict):
        return {k: _norm(v) for k, v in value.items() if _stated(v)}
    if isinstance(value, (list, tuple)):
        return [_norm(v) for v in value]
    if isinstance(value, str):
        return " ".join(value.split()).casefold()
    if hasattr(value, "normalize"):
        return value.normalize()
    return value


def _states_nothing_new(order: NormalizedOrder, latest: NormalizedOrder) -> bool:
    """Every field ``order`` states equals ``latest``'s (module ``same_version``)."""
    if order.priority != latest.priority and order.priority != "normal":
        return False
    for name in _CONTENT_REFERENCES:  # a shipping or tax amount, a contract the message states
        value = order.references.get(name)
        if _stated(value) and _norm(value) != _norm(latest.references.get(name)):
            return False
    for name in _HEADER_FIELDS:
        value = getattr(order, name)
        if _stated(value) and _norm(value) != _norm(getattr(latest, name)):
            return False
    before = {}
    for line in latest.lines:
        before.setdefault(_line_key(line), []).append(line)
    for line in order.lines:
        matches = before.get(_line_key(line)) or []
        if _line_key(line) is None or len(matches) != 1:
            return False  # an unkeyed line, or one whose counterpart is not one line: a change
        theirs = matches[0]
        if line.action == "delete" and theirs.action == "delete":
            continue  # deleted already: what the deletion says of the line (a quantity, 0 or the old one) is moot
        for name in _LINE_FIELDS:
            value = getattr(line, name)
            if name == "action" and value in (None, "change", "add") and theirs.action != "delete":
                continue  # restating a line as it is
            if _stated(value) and _norm(value) != _norm(getattr(theirs, name)):
                return False
    return True


def _version_key(order: NormalizedOrder) -> tuple:
    lines = sorted((line.sku or fold_po(line.customer_item or line.supplier_item or line.gtin or ""),
                    line.quantity.normalize(), line.uom,
                    line.unit_price.normalize() if line.unit_price is not None else None)
                   for line in order.lines if line.action != "delete")
    return lines, order.requested_delivery_date, order.ship_to, order.currency


def mark_duplicate(order: NormalizedOrder, of: NormalizedOrder, why: str) -> NormalizedOrder:
    """The order marked as an exact duplicate of ``of`` (never delivered)."""
    return _mark_duplicate(_without_relation(order), of, why)


def mark_change(order: NormalizedOrder, original: NormalizedOrder, latest: NormalizedOrder) -> NormalizedOrder:
    """The order as a change (or cancellation) of ``original``, its differences against ``latest``
    computed again (the ones found at intake are dropped)."""
    return _mark_change(_without_relation(order), original, latest)


def _without_relation(order: NormalizedOrder) -> NormalizedOrder:
    drop = {"ORDER-CHANGE", "ORDER-CANCEL", "DUPLICATE-ORDER", "CHANGE-REMOVES-LINES", "CHANGE-LINES-UNREAD"}
    return order.model_copy(update={"issues": [i for i in order.issues if i.code not in drop], "changes": []})


def _review_if_configured(ctx: Context, order: NormalizedOrder) -> NormalizedOrder:
    """Changes (or cancellations) held for a person when ``[decide.dedup]`` says so."""
    cfg = ctx.config.decide.dedup
    setting, what = (cfg.cancellations, "cancellations") if order.kind == OrderKind.CANCEL else (cfg.changes, "changes")
    if setting != "review":
        return order
    issue = Issue(code="CHANGE-REVIEW", severity="error",
                  message=f"{what} of known orders are reviewed before delivery ([decide.dedup] {what} = \"review\")")
    return order.model_copy(update={"issues": [*order.issues, issue]})


def _describe(change: dict) -> str:
    if change["field"] == "line":
        return f"{change['item']} {change['change']}" + (
            f" {change.get('from')} -> {change.get('to')}" if change["change"] == "quantity" else "")
    return f"{change['field']} {change.get('from')} -> {change.get('to')}"


def _original_po(order: NormalizedOrder, references: dict[str, str]) -> str | None:
    return references.get("original_order") or references.get("ON") or order.po_number


async def find_duplicates(ctx: Context, order: NormalizedOrder) -> NormalizedOrder:
    """Compare with the customer's earlier orders; mark the order duplicate, change, or waiting; a new order that
    repeats a rejected one is held for a person, linked to it (``resend_of_rejected``)."""
    if not order.customer.id or not order.po_number or order.status == OrderStatus.DUPLICATE:
        return order
    order = await _two_orders_named(ctx, order)
    found = await _earlier_orders(ctx, order)
    decided = _compare(ctx, order, [o for o in found if o.status in ACTIVE])
    return resend_of_rejected(order, decided, [o for o in found if o.status == OrderStatus.REJECTED])


def resend_of_rejected(received: NormalizedOrder, decided: NormalizedOrder,
                       rejected: list[NormalizedOrder]) -> NormalizedOrder:
    """``decided`` (``received`` as dedup read it) held for a person with ``RESEND-OF-REJECTED`` when ``received`` is a
    change or cancellation repeating a rejected one (``_repeated_change``), or a new order, read in full, with the customer, PO and lines (the requested date too when both give one) of an order a
    person rejected in the window, as it stands or as it was received: the customer sending again what was refused
    (the e-mail copy of a rejected fax, the same EDI order in a new interchange) is neither dropped as a copy of
    something that never went out nor delivered untouched. Linked to the rejected order when it is linked to nothing
    else (approved, it goes out as a new order in its place); a copy of an active order stays that order's copy."""
    if decided.status == OrderStatus.DUPLICATE or partly_read(received) or _none_read(received):
        return decided
    if received.kind != OrderKind.NEW:
        return _repeated_change(received, decided, rejected)
    repeated = next((o for o in reversed(rejected) if o.kind == OrderKind.NEW and same_po(o.po_number, received.po_number)
                     and (_same_lines_and_date(received, o) or _as_received(received, o))), None)
    return decided if repeated is None else hold_as_resend(decided, repeated)


def _repeated_change(received: NormalizedOrder, decided: NormalizedOrder,
                     rejected: list[NormalizedOrder]) -> NormalizedOrder:
    """A change, cancellation or replace that says what one a person rejected said (same kind, same original PO,
    nothing stated differently: ``same_version``), in another file than the rejected one (a new interchange, an
    e-mail): held for a person, named; never out by itself. Another change of the same order goes its own way."""
    wanted = _original_po(received, received.references)
    repeated = next((o for o in reversed(rejected) if o.kind == received.kind
                     and same_po(_original_po(o, o.references), wanted) and same_version(received, o)), None)
    return decided if repeated is None else hold_as_resend(decided, repeated)


def hold_as_resend(order: NormalizedOrder, rejected: NormalizedOrder) -> NormalizedOrder:
    """``order`` with ``RESEND-OF-REJECTED`` naming ``rejected``; a new order is linked to it unless linked to another
    order (a change or cancellation keeps its link to the order it changes); the message says what approving it
    delivers (``_on_approval``)."""
    linked_elsewhere = order.original_order_id not in (None, rejected.order_id) or order.kind != OrderKind.NEW
    issue = Issue(code="RESEND-OF-REJECTED", severity="error", field="po_number",
                  message=f"the same order (customer, PO {order.po_number}, lines) as order {rejected.order_id} "
                          f"(document {rejected.source.document_id}, {rejected.source.channel}), which a person "
                          f"rejected: sent again. A person decides; {_on_approval(order, linked_elsewhere)}")
    update: dict = {"issues": [*[i for i in order.issues if i.code != "RESEND-OF-REJECTED"], issue]}
    if not linked_elsewhere:
        update["original_order_id"] = rejected.order_id
    if order.status == OrderStatus.DUPLICATE:
        update["status"] = OrderStatus.REVIEW
        update["issues"] = [i for i in update["issues"] if i.code != "DUPLICATE-ORDER"]
    return order.model_copy(update=update)


def _on_approval(order: NormalizedOrder, linked_elsewhere: bool) -> str:
    if not linked_elsewhere:
        return "approved, it goes out as a new order in place of the rejected one"
    if order.kind == OrderKind.NEW:
        return (f"it is linked to order {order.original_order_id}, which it may repeat: approved, it goes out as it "
                "reads here")
    if order.original_order_id is None:
        return f"approved once its original is known, it goes out as a {order.kind.value} of it, not as a new order"
    return (f"approved, it goes out as a {order.kind.value} of order {order.original_order_id} as it stands now (the "
            "differences listed here, which undo what that order's later versions changed), not as a new order")


async def copies_of_rejected(ctx: Context, rejected: NormalizedOrder) -> list[NormalizedOrder]:
    """The exact copies (status ``duplicate``) of ``rejected``, a new order a person just rejected, as they are to be
    now: the first goes to a person (``hold_as_resend``), since a copy received while its original waited is no longer
    a copy of something on its way to the ERP; the others become duplicates of that one (one review item for one
    order sent again). When one copy already went to a person (a run stopped halfway), the others are its duplicates.
    Copies that are no order of their own (an e-mail whose attachment was missing, superseded by its resend; a
    message with no line read) stay as they are."""
    if rejected.kind != OrderKind.NEW or not rejected.customer.id or not rejected.po_number:
        return []
    found = await ctx.journal.orders_with_po(rejected.customer.id, rejected.po_number,
                                             rejected.source.received_at - window(ctx))
    linked = [o for o in found if o.original_order_id == rejected.order_id and o.kind == OrderKind.NEW]
    moved = next((o for o in linked if o.status == OrderStatus.REVIEW
                  and any(i.code == "RESEND-OF-REJECTED" for i in o.issues)), None)
    out = []
    for copy in (o for o in linked if o.status == OrderStatus.DUPLICATE and not _none_read(o) and not partly_read(o)):
        if moved is None:
            out.append(moved := hold_as_resend(copy, rejected))
        else:
            out.append(_mark_duplicate(copy.model_copy(update={"issues": [
                i for i in copy.issues if i.code != "DUPLICATE-ORDER"]}), moved, f"a copy of order {rejected.order_id}"
                f", which a person rejected; order {moved.order_id} is the copy that went to a person"))
    return out


def _same_lines_and_date(order: NormalizedOrder, other: NormalizedOrder) -> bool:
    return line_key(order) == line_key(other) and _same_if_known(order.requested_delivery_date,
                                                                   other.requested_delivery_date)


def _compare(ctx: Context, order: NormalizedOrder, earlier: list[NormalizedOrder]) -> NormalizedOrder:
    """``find_duplicates`` against the customer's active orders ``earlier`` (``_earlier_orders``)."""
    wanted_po = _original_po(order, order.references) if order.kind != OrderKind.NEW else order.po_number
    same = [o for o in earlier if same_po(o.po_number, wanted_po) or same_po(o.po_number, order.po_number)]
    if order.kind == OrderKind.NEW:
        keys = line_key(order)
        alike = [o for o in reversed(earlier) if o.kind == OrderKind.NEW and line_key(o) == keys]
        # the same PO and lines again: a copy of its latest version (below), else of an earlier version
        # that a later one changed: a late copy, or a return to it? A person decides
        if earlier_version := next((o for o in alike if same_po(o.po_number, order.po_number)
                                    and _same_if_known(order.requested_delivery_date, o.requested_delivery_date)
                                    and not _is_latest(o, same)), None):
            return _mark_possible_duplicate(order, earlier_version, f"same PO {order.po_number}, lines and date as "
                                            "this earlier version, which a later version changed: a late copy of "
                                            "it, or a return to it")
        if folded := next((o for o in alike if po_distance(o.po_number, order.po_number) == 0
                           and not same_po(o.po_number, order.po_number)), None):
            return _mark_possible_duplicate(order, folded, f"PO {order.po_number} equals {folded.po_number} only "
                                            "once look-alike characters (O/0, B/8...) are folded, and the lines "
                                            "are the same")
        if near := next((o for o in alike if po_distance(o.po_number, order.po_number) == 1
                         and _misread_possible(order, o)), None):
            return _mark_possible_duplicate(order, near, f"PO {order.po_number} differs from {near.po_number} "
                                            "by one character a scan may have misread, and the lines are the same")
    if not same:
        return _hold_change(order, ctx.config.decide.dedup.window_days) if order.kind != OrderKind.NEW else order
    original = next((o for o in same if o.kind == OrderKind.NEW), same[0])
    latest = max(same, key=lambda o: o.source.received_at)
    applied = applied_changes(original, same)
    if order.kind != OrderKind.NEW:
        # a change or replace is compared with the order as it stands (the original with every change that went
        # out applied), never with the last message: a replace restating it is a duplicate, a replace changing one
        # line changes that line; a message held in between (a resent original waiting for a person) changes nothing
        latest = current_version(original, applied)
    if order.kind == OrderKind.NEW and line_key(order) == line_key(latest) and _one_release(latest, order):
        return _mark_possible_duplicate(order, latest, f"same customer, PO {order.po_number} and lines, but only one "
                                        "of the two names a release number: the same order in another form, "
                                        "or a release of the whole blanket order")
    if order.kind == OrderKind.NEW and line_key(order) == line_key(latest) and \
            _same_if_known(order.requested_delivery_date, latest.requested_delivery_date) and \
            not (partly_read(order) or _none_read(latest) or _asks_something(order)):  # what a message did not
        # read may be what differs; a message asking a change of its order is no copy of it
        return _mark_duplicate(order, latest, f"same customer, PO {order.po_number} and lines")
    if order.kind == OrderKind.NEW and (corrected := next((o for o in reversed(same) if _as_received(order, o)), None)):
        # the order as the customer sent it, which a person corrected before it went out: a resend, not a change
        why = (f"same customer, PO {order.po_number} and lines as order {corrected.order_id} as received, before a "
               "person corrected it")
        if corrected is latest:
            return _mark_duplicate(order, corrected, why)
        return _mark_possible_duplicate(order, corrected, f"{why}; a later version changed that order since: a late "
                                        "copy of it, or a return to it")
    waiting = next((o for o in reversed(same) if order.kind != OrderKind.NEW and o.kind != OrderKind.NEW
                    and o.order_id != original.order_id and o not in applied and same_version(order, o)), None)
    if waiting is not None:  # the same change as one a person has not decided on yet: it goes out once, if at all
        return _mark_duplicate(order, waiting, f"the same {order.kind.value} of PO {order.po_number} "
                               f"as order {waiting.order_id}, not yet delivered")
    if order.kind != OrderKind.NEW and same_version(order, latest):
        of = applied[-1] if applied else original
        return _mark_duplicate(order, of, f"the same {order.kind.value} of PO {order.po_number} "
                               f"as order {of.order_id}" + (" (the order as its changes left it)" if applied else ""))
    overridden = next((c for c in reversed(applied[:-1]) if order.kind != OrderKind.NEW
                       and _same_message(order, c)), None) or _earlier_version(order, original, applied)
    if order.kind == OrderKind.NEW and _same_but_unread(order, latest):
        return _mark_possible_duplicate(order, latest, f"same PO {order.po_number} and quantities, but item "
                                        "codes the scan could not read")
    if order.kind == OrderKind.NEW and _read_by_ocr(order):  # misreads are no changes: a person decides
        return _mark_possible_duplicate(order, latest, f"a scan of PO {order.po_number} whose lines differ "
                                        "from the order already received; the differences may be misreads")
    change = _mark_change(order, original, latest)
    change = _hold_if_removing(change, latest)
    if order.kind == OrderKind.NEW and order.references.get("resent"):  # "(resent)", "Kopie", "renvoi"
        change = change.model_copy(update={"issues": [*change.issues, Issue(
            code="RESEND-DIFFERS", severity="error", field="lines",
            message=f"the message says it is PO {order.po_number} sent again ({order.references['resent']!r}) "
                    f"but differs from order {latest.order_id} as it stands: a late edited copy, a typo or a change. "
                    "A person decides")]})
    if overridden is not None:  # the same as a change that went out before a later one: a late copy, or a return to it
        change = change.model_copy(update={"issues": [*change.issues, Issue(
            code="CHANGE-REPEATS-EARLIER", severity="error", field="lines",
            message=f"the same {order.kind.value} of PO {order.po_number} as order {overridden.order_id} (the order as "
                    f"it left it), which a later change overrode: a late copy of it (a duplicate), or a return to it. "
                    "A person decides")]})
    if original.status not in (OrderStatus.READY, OrderStatus.DELIVERED):
        return _wait_for_original(change, original)
    return _review_if_configured(ctx, change)


def applied_changes(original: NormalizedOrder, same: list[NormalizedOrder]) -> list[NormalizedOrder]:
    """The changes and cancellations of ``original`` that went out or are going out (ready, delivered), in the
    order they went out (``Sla.decided_at``: a change approved late applies after one that went out meanwhile),
    whenever each was received (a change that came before its original and was released by it is one of them).
    A message held for a person (a resent original, a change in review) is no version of the order yet; a change
    of another order under the same PO is none of this one's."""
    return sorted((o for o in same if o.order_id != original.order_id and o.kind != OrderKind.NEW
                   and o.status in (OrderStatus.READY, OrderStatus.DELIVERED)
                   and o.original_order_id in (None, original.order_id)),
                  key=_went_out)


def _went_out(order: NormalizedOrder) -> tuple:
    """When an order went out: the moment its delivery was queued, else (an order journaled before that moment
    was kept) when it was delivered or received."""
    at = order.sla.decided_at or order.sla.delivered_at or order.source.received_at
    return at, order.source.received_at, order.order_id


def current_version(original: NormalizedOrder, applied: list[NormalizedOrder]) -> NormalizedOrder:
    """The order as it stands: ``original`` with each of ``applied`` (``applied_changes``) applied in turn.

    A change that marks its lines (ORDCHG LIN 1229, X12 860 POC02, a typed "remove X") or whose lines were not all
    read changes the lines it names and keeps the others (a deleted line stays, marked deleted, so the same
    deletion sent again changes nothing); one without marks is the whole new line list (as ``differences`` reads it). Header fields a change states replace the earlier ones. A cancellation is the
    version (the order is cancelled)."""
    version = original
    for change in applied:
        if change.kind == OrderKind.CANCEL:
            version = change
            continue
        update: dict = {name: getattr(change, name) for name in ("requested_delivery_date", "ship_to", "bill_to",
                                                                  "currency") if getattr(change, name) is not None}
        if change.allowances:
            update["allowances"] = change.allowances
        marked = any(line.action for line in change.lines)
        if marked or partly_read(change):
            lines = list(version.lines)
            for line in change.lines:
                key = _line_key(line)
                at = next((i for i, old in enumerate(lines) if key is not None and _line_key(old) == key), None)
                if line.action == "delete":  # kept as deleted: the same deletion sent again is then no news
                    if at is not None:
                        lines[at] = lines[at].model_copy(update={"action": "delete"})
                    continue
                if at is None:
                    lines.append(line.model_copy(update={"action": None}))
                    continue
                stated = {name: getattr(line, name) for name in _LINE_FIELDS if _stated(getattr(line, name))}
                lines[at] = lines[at].model_copy(update={**stated, "action": None})
        else:
            lines = [line.model_copy(update={"action": None}) for line in change.lines if line.action != "delete"]
        update["lines"] = lines
        version = version.model_copy(update={**update, "kind": original.kind, "order_id": original.order_id})
    return version


def _earlier_version(order: NormalizedOrder, original: NormalizedOrder,
                     applied: list[NormalizedOrder]) -> NormalizedOrder | None:
    """The earlier version (the original, or the order as an earlier change left it) that a change or replace
    restating the whole order equals, when a later change went out since: a late copy of it, or a return to it
    (``CHANGE-REPEATS-EARLIER``). None for a message that names only some lines or was not read in full."""
    if order.kind == OrderKind.NEW or order.kind == OrderKind.CANCEL or not applied or _asks_something(order) \
            or partly_read(order) or any(line.action for line in order.lines):
        return None
    for count in range(len(applied) - 1, -1, -1):
        if _version_key(order) == _version_key(current_version(original, applied[:count])):
            return applied[count - 1] if count else original
    return None


def _same_message(order: NormalizedOrder, earlier: NormalizedOrder) -> bool:
    """Whether ``order`` says exactly what ``earlier`` said (the same change sent again), read for read."""
    return (earlier.kind == order.kind and not _asks_something(order) and not partly_read(order)
            and _version_key(order) == _version_key(earlier) and _states_nothing_new(order, earlier))


def _is_latest(order: NormalizedOrder, same: list[NormalizedOrder]) -> bool:
    """Whether no later version of the PO came after ``order`` (a copy of it is then a plain duplicate)."""
    return not any(o.source.received_at > order.source.received_at for o in same)


def _hold_if_removing(change: NormalizedOrder, latest: NormalizedOrder) -> NormalizedOrder:
    """An order under a known PO that leaves out some of its lines without saying so line by line is
    read as the whole new version, so what it leaves out would be cancelled. A message that only adds
    ("please add 3 x LBL-99 to PO X"), repeats part of an order or splits it reads the same way: a
    person decides, with the lines it would remove named (``CHANGE-REMOVES-LINES``). A line the
    document itself marks deleted (ORDCHG, 860, a typed "remove X") is its own statement."""
    deleted = {_line_key(line) for line in change.lines if line.action == "delete"}
    gone = [c["item"] for c in change.changes
            if c.get("field") == "line" and c.get("change") == "removed" and c["item"] not in deleted]
    if not gone:
        return change
    issue = Issue(code="CHANGE-REMOVES-LINES", severity="error", field="lines",
                  message=f"PO {change.po_number} again, without {', '.join(map(str, gone))} of order "
                          f"{latest.order_id}: as a new version it would remove them; an addition or a "
                          "partial repeat would not. A person decides")
    return change.model_copy(update={"issues": [*change.issues, issue]})


def _line_key(line) -> str | None:
    return line.sku or line.customer_item or line.supplier_item or line.gtin


def _wait_for_original(order: NormalizedOrder, original: NormalizedOrder) -> NormalizedOrder:
    """A change of an order that is not delivered (still in review, held...) waits for it, held: it goes
    out once the original is approved, and to a person if the original is rejected."""
    issue = Issue(code="ORIGINAL-NOT-DELIVERED", severity="warning",
                  message=f"{order.kind.value} of order {original.order_id}, which is {original.status.value}: "
                          "held until the original is delivered")
    return order.model_copy(update={"status": OrderStatus.HELD, "issues": [*order.issues, issue]})


def _same_but_unread(order: NormalizedOrder, other: NormalizedOrder) -> bool:
    """A scan whose unread item codes are the only difference: same quantities and units, and every
    item it did read is on the other order."""
    if not _read_by_ocr(order) and not _read_by_ocr(other):
        return False
    lines = [ln for ln in order.lines if ln.action != "delete"]
    if not any(ln.sku is None for ln in lines):
        return False
    quantities = sorted((ln.quantity.normalize(), ln.uom) for ln in lines)
    other_quantities = sorted((ln.quantity.normalize(), ln.uom) for ln in other.lines if ln.action != "delete")
    known = {ln.sku for ln in other.lines}
    return quantities == other_quantities and all(ln.sku in known for ln in lines if ln.sku)


def _as_received(order: NormalizedOrder, earlier: NormalizedOrder) -> bool:
    """Whether ``order`` (a new order read in full, asking nothing) says exactly what ``earlier`` said when it was
    received, before a person corrected it (``NormalizedOrder.as_received``): same lines and the same requested date
    (``_date_as_received``). The corrected version is compared as any other (``find_duplicates``)."""
    received = earlier.as_received
    return (received is not None and earlier.kind == OrderKind.NEW and received.lines_key == line_fingerprint(order)
            and _date_as_received(order.requested_delivery_date, received.requested_delivery_date)
            and not (partly_read(order) or _none_read(order) or _asks_something(order)))


def _date_as_received(date: object, received: object) -> bool:
    """An order received with no date says nothing of a date: only an order with no date repeats it (a date given
    now, where a person filled in the missing one, is compared with the corrected version: a change if it differs).
    A received date is repeated by the same date, or by none (a fax whose date was not read)."""
    return date == received if received is None else _same_if_known(date, received)


def _same_if_known(a: object, b: object) -> bool:
    """Equal, or one side not given: a fax whose date was not read does not change the order."""
    return a is None or b is None or a == b


def _read_by_ocr(order: NormalizedOrder) -> bool:
    """Only a PO read from a page image can be misread; text PDFs, typed mail and EDI carry it exactly."""
    return order.source.format == "ocr"


def _misread_possible(a: NormalizedOrder, b: NormalizedOrder) -> bool:
    """A near PO match is a misread only if one PO was read from an image or PDF, on the same day."""
    same_day = a.order_date is None or b.order_date is None or a.order_date == b.order_date
    return (_read_by_ocr(a) or _read_by_ocr(b)) and same_day


def _hold_change(order: NormalizedOrder, days: int) -> NormalizedOrder:
    issue = Issue(code="ORIGINAL-UNKNOWN", severity="warning",
                  message=f"{order.kind.value} for PO {order.po_number} arrived before its original; "
                          f"held until the original is known or {days} days pass")
    return order.model_copy(update={"status": OrderStatus.HELD, "issues": [*order.issues, issue]})


async def changes_waiting_for(ctx: Context, original: NormalizedOrder) -> list[NormalizedOrder]:
    """Held changes and cancellations of the same customer that name this order's PO."""
    if original.kind != OrderKind.NEW or not original.customer.id or not original.po_number:
        return []
    held = await ctx.journal.held_changes(original.customer.id)
    return [o for o in held if o.kind != OrderKind.NEW
            and (_original_po(o, o.references) is None or same_po(_original_po(o, o.references), original.po_number))]
