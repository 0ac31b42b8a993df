"""What replay compares: an order's outcome and fields as recorded, as corrected by a person, as replayed.

The journal keeps, per order, the outcome decided when it arrived (the ``decide`` event), the order as
it stands now (with a reviewer's corrections applied) and each correction (``review``/``corrected``
events listing field, from and to, see ``gateway.review.review``). Undoing the corrections gives what the
pipeline read; the corrected order is the ground truth. A replayed order is compared field by field
(customer, PO, dates, each line's item, quantity, unit and price) with both.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from gateway.store.journal import DocStatus, Event, Outcome
from gateway.model import NormalizedOrder, OrderStatus

HEADER = {"customer": "customer.id", "po_number": "po_number", "order_date": "order_date",
          "requested_delivery_date": "requested_delivery_date"}
LINE = ("sku", "quantity", "uom", "unit_price")
NUMERIC = ("quantity", "unit_price")
INFO_CODES = frozenset({"PRIORITY-URGENT", "DUPLICATE-ORDER", "ORDER-CHANGE", "ORDER-CANCEL"})
UNTOUCHED = "delivered"
NOT_REPLAYED_OUTCOME = "could not replay"
LINE_FIELD = re.compile(r"lines\[(\d+)\](?:\.(\w+))?$")

Fields = dict[str, str | None]


def outcome_of_order(status: str) -> str:
    """delivered (went out untouched), review, held, duplicate or rejected."""
    if status in (OrderStatus.READY, OrderStatus.DELIVERED, OrderStatus.DEAD_LETTER):
        return UNTOUCHED
    return str(status)


def outcome_of_document(status: str) -> str:
    return {DocStatus.PROCESSED: UNTOUCHED, DocStatus.REJECTED: "failed", DocStatus.FAILED: "failed",
            DocStatus.QUARANTINED: "failed"}.get(status, status)


def _value(name: str, value: Any) -> str | None:
    if value is None or value == "":
        return None
    if name in NUMERIC:
        try:
            return f"{Decimal(str(value)).normalize():f}"
        except InvalidOperation:
            return str(value)
    return str(value)


def order_fields(order: NormalizedOrder) -> Fields:
    out: Fields = {"customer": order.customer.id, "po_number": order.po_number,
                   "order_date": _value("", order.order_date),
                   "requested_delivery_date": _value("", order.requested_delivery_date)}
    for line in order.lines:
        if line.action == "delete":
            continue
        for name in LINE:
            out[f"lines[{line.line_no}].{name}"] = _value(name, getattr(line, name))
    return out


def undo_corrections(fields: Fields, corrections: list[dict]) -> tuple[Fields, set[str]]:
    """The fields as the pipeline read them: a person's changes undone, newest first; and the lines
    (``lines[3].``) a person deleted, which cannot be restored (the event names only their item)."""
    out = dict(fields)
    deleted: set[str] = set()
    for change in reversed(corrections):
        name = str(change.get("field", ""))
        m = LINE_FIELD.match(name)
        if m and m.group(2) is None:
            if change.get("to") == "added":
                for key in [k for k in out if k.startswith(f"lines[{m.group(1)}].")]:
                    del out[key]
            elif change.get("to") is None:
                deleted.add(f"lines[{m.group(1)}].")
            continue
        key = next((k for k, v in HEADER.items() if v == name), None) or name
        if key in out or (m and m.group(2) in LINE):
            out[key] = _value(m.group(2) if m else key, change.get("from"))
    return out, deleted


def field_diffs(a: Fields, b: Fields) -> list[dict[str, str | None]]:
    keys = sorted(a.keys() | b.keys(), key=_field_order)
    return [{"field": k, "before": a.get(k), "after": b.get(k)} for k in keys if a.get(k) != b.get(k)]


def _field_order(key: str) -> tuple[int, int, str]:
    m = LINE_FIELD.match(key)
    if m:
        return 1, int(m.group(1)), str(LINE.index(m.group(2)) if m.group(2) in LINE else m.group(2))
    return 0, list(HEADER).index(key) if key in HEADER else 99, key


@dataclass
class Side:
    """One order's outcome and reasons, before (recorded) or after (replayed)."""

    outcome: str
    reasons: list[str] = field(default_factory=list)
    confidence: float | None = None


@dataclass
class OrderResult:
    order_id: str
    before: Side | None
    after: Side | None
    diffs: list[dict] = field(default_factory=list)  # recorded (as read) -> replayed
    person: str | None = None  # corrected / rejected / None
    corrections: list[dict] = field(default_factory=list)
    verdict: str | None = None  # for corrected orders: now_right / still_wrong
    wrong: list[dict] = field(default_factory=list)  # corrected (truth) -> replayed, where they differ

    @property
    def risky(self) -> bool:
        """Would go out untouched although a person had to correct (and it is still wrong) or reject it."""
        untouched = self.after is not None and self.after.outcome == UNTOUCHED
        return untouched and (self.verdict == "still_wrong" or self.person == "rejected")


@dataclass
class DocumentResult:
    document_id: str
    channel: str
    filename: str | None
    format: str | None
    received_at: str
    customer: str | None
    before: Side
    after: Side
    orders: list[OrderResult] = field(default_factory=list)
    pages: int | None = None
    not_replayed: str | None = None  # the code saying why the document could not be replayed

    @property
    def changed(self) -> bool:
        """The replayed outcome or fields differ from the recorded ones."""
        return self.before.outcome != self.after.outcome or any(
            o.diffs or o.before is None or o.after is None or (o.before.outcome != o.after.outcome)
            for o in self.orders)

    @property
    def listed(self) -> bool:
        """Shown one by one in a report: changed, not replayed, or corrected or rejected by a person."""
        return bool(self.not_replayed) or self.changed or any(o.person for o in self.orders)

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["changed"] = self.changed
        out["listed"] = self.listed
        for o, d in zip(self.orders, out["orders"]):
            d["risky"] = o.risky
        return out


def confidence_reason(confidence: float) -> str:
    """The same words before and after, so that only a real change shows as one."""
    return f"confidence {confidence:.2f}"


def reasons_after(order: NormalizedOrder, threshold: float) -> list[str]:
    """Like ``recorded_side``'s: the issue codes, and the confidence of an order held below 1."""
    codes = [i.code for i in order.issues if i.severity != "info" and i.code not in INFO_CODES]
    if order.status == OrderStatus.REVIEW and order.confidence < 1:
        codes.append(confidence_reason(order.confidence))
    return codes


def recorded_side(order: NormalizedOrder, events: list[Event]) -> Side:
    """The outcome decided when the order arrived (its first ``decide`` event), before any review."""
    decided = next((e for e in events if e.stage == "decide" and e.order_id == order.order_id), None)
    if decided is None:
        return Side(outcome_of_order(order.status), [i.code for i in order.issues], order.confidence)
    codes = [c for c in decided.data.get("issues", []) if c not in INFO_CODES]
    confidence = decided.data.get("confidence")
    if decided.outcome == OrderStatus.REVIEW and confidence is not None and confidence < 1:
        codes.append(confidence_reason(confidence))
    return Side(outcome_of_order(decided.outcome), codes, confidence)


def person_on(order: NormalizedOrder, events: list[Event]) -> tuple[str | None, list[dict]]:
    """What a person did with the order: corrected (with the changes) or rejected, else None."""
    mine = [e for e in events if e.stage == "review" and e.order_id == order.order_id]
    changes = [c for e in mine for c in e.data.get("changes", [])]  # corrected (or approved with changes)
    if order.status == OrderStatus.REJECTED and any(e.outcome == "rejected" for e in mine):
        return "rejected", changes
    if changes and order.status in (OrderStatus.READY, OrderStatus.DELIVERED, OrderStatus.DEAD_LETTER):
        return "corrected", changes
    return None, changes


def compare_order(recorded: NormalizedOrder | None, events: list[Event], replayed: NormalizedOrder | None,
                  threshold: float) -> OrderResult:
    order_id = (recorded or replayed).order_id  # type: ignore[union-attr]
    before = recorded_side(recorded, events) if recorded else None
    after = Side(outcome_of_order(replayed.status), reasons_after(replayed, threshold),
                 replayed.confidence) if replayed else None
    result = OrderResult(order_id, before, after)
    truth = order_fields(recorded) if recorded else {}
    if recorded:
        result.person, result.corrections = person_on(recorded, events)
    read, deleted = undo_corrections(truth, result.corrections) if recorded else ({}, set())
    new = order_fields(replayed) if replayed else {}
    if recorded and replayed:  # a line a person deleted is not known as read: not compared
        result.diffs = [d for d in field_diffs(read, new) if not str(d["field"]).startswith(tuple(deleted))]
    if result.person == "corrected":
        result.wrong = field_diffs(truth, new) if replayed else [{"field": "order", "before": "read",
                                                                  "after": None}]
        result.verdict = "still_wrong" if result.wrong else "now_right"
    return result


ORDER_RANK = ("review", "held", "rejected", UNTOUCHED, "duplicate")


def document_side(status: str, orders: list[Side], code: str | None = None) -> Side:
    """A document's outcome: its orders' (the first of review, held... that one has), else its status."""
    if orders:
        worst = min(orders, key=lambda s: ORDER_RANK.index(s.outcome) if s.outcome in ORDER_RANK else -1)
        return Side(worst.outcome, [r for s in orders for r in s.reasons if s.outcome == worst.outcome])
    return Side(outcome_of_document(status), [code] if code else [])


# --- totals --------------------------------------------------------------------------------------


def summarize(results: list[DocumentResult]) -> dict[str, Any]:
    """Totals over the documents that were replayed; those that could not be are only counted apart."""
    unreplayed = [d.document_id for d in results if d.not_replayed]
    orders = [o for d in results if not d.not_replayed for o in d.orders]
    before = [o for o in orders if o.before]
    after = [o for o in orders if o.after]

    def untouched(side: Side | None) -> bool:
        return side is not None and side.outcome == UNTOUCHED

    def ids(pred) -> list[str]:
        return [o.order_id for o in orders if pred(o)]
    return {
        "documents": len(results),
        "documents_changed": sum(d.changed for d in results if not d.not_replayed),
        "orders_before": len(before), "orders_after": len(after),
        "touchless_before": sum(untouched(o.before) for o in before),
        "touchless_after": sum(untouched(o.after) for o in after),
        "newly_untouched": ids(lambda o: not untouched(o.before) and untouched(o.after)),
        "newly_held": ids(lambda o: untouched(o.before) and not untouched(o.after)),
        "fields_changed": ids(lambda o: bool(o.diffs)),
        "corrected": len(ids(lambda o: o.person == "corrected")),
        "corrected_now_right": ids(lambda o: o.verdict == "now_right"),
        "corrected_still_wrong": ids(lambda o: o.verdict == "still_wrong"),
        "untouched_but_corrected_or_rejected": ids(lambda o: o.risky),
        "could_not_replay": unreplayed,
    }
