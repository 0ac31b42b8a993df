"""Order states: which action a person may take on an order in which state, by which role, with what result.

This is the one table the HTTP API and the console (which calls the same API) go through; nothing
else moves an order a person acts on. An action the table does not allow from the order's state, or
whose guard fails, is refused with ``409`` and the order's current state (``OrderStateError``, code
``ORDER-STATE`` or the guard's own code); a role the row does not name gets ``403``.

The state a person acts on is a little finer than the stored status:

=============================  ===========================================================
``review``                     held for a person (low confidence, unknown item, a rule...)
``held``                       held by a rule or waiting for an original
``possible_duplicate``         may repeat another order: a PO one misread character apart
``possible_duplicate_same_po`` may repeat another order: same PO, item codes the scan lost
``duplicate``                  an exact copy (same customer, PO and lines) of another order
``waiting_for_original``       a change or cancellation held until its original is delivered (it
                               goes out by itself then): it cannot be approved before
``duplicate_of_rejected``      an exact copy whose original was rejected: it may be corrected and
                               released (by a supervisor) in the original's place
``ready``, ``delivered``,      nobody acts on these any more
``rejected``, ``dead_letter``
=============================  ===========================================================

What *release* means. A person releasing a **possible duplicate** states it is a different order
from the one it was linked to: with a different PO it is delivered as a new order; with the same PO
it is, like every same-PO order the gateway sees, a change of that original (delivered as
``kind: change`` with its differences, after the original); when that original was rejected, it goes
out as a new order in its place (``ORIGINAL-REJECTED``). Every release and approval first compares the
order, as corrected, with the delivered orders of its customer and PO: equal to one, it becomes (or
stays) a duplicate and nothing is delivered; an empty change is never sent. An **exact duplicate** is never delivered
again as new: release is refused (and not offered) while its original may still reach the ERP, and
allowed (to a supervisor) only once the original was rejected, so the copy goes out in its place; it
can then be corrected first, like any order a person releases. "Same order"
confirms a possible duplicate as a duplicate: it is kept, linked, and never delivered.

Claims: a person working on an order claims it (``claim``, 15 minutes, renewed by claiming again);
while the claim runs, any other user's action on it is ``409 ORDER-CLAIMED`` naming who holds it,
so two clerks never work on the same order.

Guards on every delivery, checked under the journal's decision lock (so the pipeline's dedup and
another person's action cannot interleave) and written with a compare-and-set on the status:

* as new: no other new order of the same customer and PO (case and separators folded, as dedup
  compares them) is ready, delivered or dead-lettered within
  the dedup window (``PO-ALREADY-DELIVERED``);
* as a change or cancellation: the original is ready or delivered (``ORIGINAL-NOT-DELIVERED``); the
  delivery row depends on it, so the change never reaches the ERP before it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from gateway.context import Context
from gateway.stages.dedup import window
from gateway.errors import GatewayError
from gateway.model import Issue, NormalizedOrder, OrderKind, OrderStatus
from gateway.order_keys import same_po


class Action(StrEnum):
    CORRECT = "correct"
    APPROVE = "approve"
    RELEASE = "release"
    SAME_ORDER = "same_order"
    REJECT = "reject"
    CLAIM = "claim"


class Delivery(StrEnum):
    NONE = "none"
    AS_KIND = "as_kind"  # as the order's own kind: new, or a change / cancellation after its original
    NEW = "new"
    CHANGE = "change"


@dataclass(frozen=True)
class Transition:
    to: OrderStatus | None  # None: the status does not change
    roles: frozenset[str]
    delivery: Delivery = Delivery.NONE


PEOPLE = frozenset({"operator", "supervisor", "api"})
SUPERVISORS = frozenset({"supervisor", "api"})
ACTIVE_TWIN = (OrderStatus.READY, OrderStatus.DELIVERED, OrderStatus.DEAD_LETTER)
_R, _H, _P, _PS, _D = "review", "held", "possible_duplicate", "possible_duplicate_same_po", "duplicate"
_DR = "duplicate_of_rejected"
_W = "waiting_for_original"
WAITING = frozenset({"ORIGINAL-UNKNOWN", "ORIGINAL-NOT-DELIVERED"})

TABLE: dict[tuple[str, Action], Transition] = {
    (_R, Action.CORRECT): Transition(None, PEOPLE),
    (_R, Action.APPROVE): Transition(OrderStatus.READY, PEOPLE, Delivery.AS_KIND),
    (_R, Action.REJECT): Transition(OrderStatus.REJECTED, PEOPLE),
    (_H, Action.CORRECT): Transition(None, PEOPLE),
    (_H, Action.APPROVE): Transition(OrderStatus.READY, PEOPLE, Delivery.AS_KIND),
    (_H, Action.REJECT): Transition(OrderStatus.REJECTED, PEOPLE),
    (_P, Action.CORRECT): Transition(None, PEOPLE),
    (_P, Action.RELEASE): Transition(OrderStatus.READY, PEOPLE, Delivery.AS_KIND),
    (_P, Action.SAME_ORDER): Transition(OrderStatus.DUPLICATE, PEOPLE),
    (_P, Action.REJECT): Transition(OrderStatus.REJECTED, PEOPLE),
    (_PS, Action.CORRECT): Transition(None, PEOPLE),
    (_PS, Action.RELEASE): Transition(OrderStatus.READY, PEOPLE, Delivery.AS_KIND),
    (_PS, Action.SAME_ORDER): Transition(OrderStatus.DUPLICATE, PEOPLE),
    (_PS, Action.REJECT): Transition(OrderStatus.REJECTED, PEOPLE),
    (_D, Action.REJECT): Transition(OrderStatus.REJECTED, PEOPLE),
    (_W, Action.CORRECT): Transition(None, PEOPLE),
    (_W, Action.REJECT): Transition(OrderStatus.REJECTED, PEOPLE),
    (_DR, Action.CORRECT): Transition(None, PEOPLE),
    (_DR, Action.RELEASE): Transition(OrderStatus.READY, SUPERVISORS, Delivery.AS_KIND),
    (_DR, Action.REJECT): Transition(OrderStatus.REJECTED, PEOPLE),
    **{(state, Action.CLAIM): Transition(None, PEOPLE) for state in (_R, _H, _P, _PS, _D, _DR, _W)},
}


class ReviewError(GatewayError):
    """A review action that cannot be done; ``status`` is the HTTP status the API answers,
    ``state`` (for 409) the order's current state and the actions it allows."""

    code = "REVIEW"

    def __init__(self, message: str, *, code: str, status: int, issues: list[Issue] | None = None,
                 state: dict[str, Any] | None = None) -> None:
        super().__init__(message, code=code)
        self.status = status
        self.issues = issues or []
        self.state = state


class OrderStateError(ReviewError):
    """An action the order's state does not allow (409)."""

    def __init__(self, message: str, order: NormalizedOrder, role: str, code: str = "ORDER-STATE",
                 state: str | None = None) -> None:
        super().__init__(message, code=code, status=409, state=describe_state(order, role, state))


def possible_duplicate(order: NormalizedOrder) -> Issue | None:
    return next((i for i in order.issues if i.code == "POSSIBLE-DUPLICATE"), None)


def order_state(order: NormalizedOrder, original: NormalizedOrder | None = None) -> str:
    """The state a person acts on (see the module docstring)."""
    if order.status == OrderStatus.REVIEW and possible_duplicate(order) and order.original_order_id:
        return _PS if original is not None and same_po(original.po_number, order.po_number) else _P
    waiting = any(i.code in WAITING for i in order.issues)
    if order.status == OrderStatus.HELD and order.kind != OrderKind.NEW and waiting:
        return _W
    if order.status == OrderStatus.DUPLICATE and original is not None and original.status == OrderStatus.REJECTED:
        return _DR
    return order.status.value


def allowed_actions(state: str, role: str) -> list[str]:
    return [action.value for (s, action), t in TABLE.items() if s == state and role in t.roles]


def describe_state(order: NormalizedOrder, role: str, state: str | None = None) -> dict[str, Any]:
    state = state or order_state(order)
    return {"status": order.status.value, "state": state, "kind": order.kind.value,
            "original_order_id": order.original_order_id, "allowed": allowed_actions(state, role)}


def transition_for(order: NormalizedOrder, original: NormalizedOrder | None, action: Action,
                   role: str) -> Transition:
    """The table's row for this action from the order's state. Raises OrderStateError (409) when
    there is none, ReviewError (403) when the role may not take it."""
    state = order_state(order, original)
    row = TABLE.get((state, action))
    if row is None and state == _D and action == Action.RELEASE:
        check_duplicate_release(order, original, role)
    if row is None:
        raise OrderStateError(f"order {order.order_id} is {state}: {action.value} is not possible "
                              f"(allowed: {', '.join(allowed_actions(state, role)) or 'nothing'})",
                              order, role, state=state)
    if role not in row.roles:
        raise ReviewError(f"role {role} may not {action.value} an order that is {state}", code="FORBIDDEN",
                          status=403, state=describe_state(order, role, state))
    return row


async def check_delivery(ctx: Context, order: NormalizedOrder, original: NormalizedOrder | None,
                         kind: OrderKind, role: str) -> None:
    """The guards of a transition that creates a delivery row. Raises OrderStateError (409)."""
    if kind == OrderKind.NEW:
        twin = await delivered_twin(ctx, order)
        if twin is not None:
            raise OrderStateError(f"order {twin.order_id} with PO {order.po_number} is already "
                                  f"{twin.status.value} as a new order: this one never goes out as new",
                                  order, role, code="PO-ALREADY-DELIVERED")
        return
    if original is None:
        raise OrderStateError(f"the original of this {kind.value} is not known", order, role,
                              code="ORIGINAL-UNKNOWN")
    if original.status not in (OrderStatus.READY, OrderStatus.DELIVERED):
        raise OrderStateError(f"its original {original.order_id} is {original.status.value}: a {kind.value} "
                              "goes out only after its original", order, role, code="ORIGINAL-NOT-DELIVERED")


def check_duplicate_release(order: NormalizedOrder, original: NormalizedOrder | None, role: str) -> None:
    """An exact copy goes out only in place of an original that never will. Raises OrderStateError."""
    if original is not None and original.status != OrderStatus.REJECTED:
        raise OrderStateError(f"exact copy of order {original.order_id}, which is {original.status.value}: "
                              "never delivered again as new", order, role, code="DUPLICATE-OF-ACTIVE",
                              state=order_state(order, original))


async def delivered_twin(ctx: Context, order: NormalizedOrder) -> NormalizedOrder | None:
    """Another new order of the same customer and PO that is (or is being) delivered, in the window."""
    if not order.customer.id or not order.po_number:
        return None
    found = await ctx.journal.orders_with_po(order.customer.id, order.po_number,
                                             order.source.received_at - window(ctx))
    return next((o for o in found if o.order_id != order.order_id and o.kind == OrderKind.NEW
                 and o.status in ACTIVE_TWIN), None)
