"""The named reasons an order can carry, each declared once: what kind of finding it is, its default
action under ``[decide.actions]`` and whether a person's approval accepts it.

Every older list of codes is derived from ``REASONS`` and keeps its name where it was:
``gateway.config_decide.DEFAULT_ACTIONS``, ``gateway.stages.completeness.ACCEPTED_ON_APPROVAL`` and
``INFO_CODES``, ``gateway.stages.mapping.CHECK_CODES``, ``HOLD_CODES`` and ``ORDER_PROBLEM_CODES``.
A new code is one line here, its French text in ``gateway/web/static/i18n.js`` and its line in the
README gate table (``tests/test_console_text.py`` checks the three agree).

Kinds:

* ``rule``: a check of the order against master data and policy (``gateway.stages.rules``, the
  completeness gate);
* ``anomaly``: an order unlike the customer's history (``gateway.stages.anomaly``);
* ``order problem``: a reading fault of any format that concerns the order (``mapping.reading_issues``);
* ``reader hold``: a reader finding that holds a structured order for a person (a segment count off);
* ``check``: a cross-check finding kept on the order as a warning;
* ``info``: says only what was assumed, never holds;
* ``dedup``: a finding of duplicate detection (``gateway.stages.dedup``).

The action is ``None`` when ``[decide.actions]`` does not name the code (it cannot be set there; an
order problem without one holds). ``ACCEPTED`` marks the doubts a person settles by approving (they
looked at the order: the price, the date, the sender are what the customer meant); faults of the data
itself (unknown item, unit without conversion) must be corrected first.

This module imports nothing of the gateway: config, stages and review all read it.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Literal, NamedTuple

Action = Literal["hold", "flag", "off"]
Kind = Literal["rule", "anomaly", "order problem", "reader hold", "check", "info", "dedup"]

RULE: Kind = "rule"
ANOMALY: Kind = "anomaly"
ORDER_PROBLEM: Kind = "order problem"
READER_HOLD: Kind = "reader hold"
CHECK: Kind = "check"
INFO: Kind = "info"
DEDUP: Kind = "dedup"
ACCEPTED = True


class Reason(NamedTuple):
    """One named reason: its code, kind, default action (``None``: not in ``[decide.actions]``) and
    whether approving the order accepts it."""

    code: str
    kind: Kind
    action: Action | None
    accepted_on_approval: bool = False

    @property
    def holds(self) -> bool:
        """Whether it holds the order by default (an order problem, reader hold or dedup finding
        ``[decide.actions]`` does not name always holds)."""
        if self.action is not None:
            return self.action == "hold"
        return self.kind in {ORDER_PROBLEM, READER_HOLD, DEDUP}


# The table, one line a code. The codes [decide.actions] names come first, in the order its error
# message lists them.
REASONS: tuple[Reason, ...] = (
    #      code                            kind           action  approval accepts
    Reason("CUSTOMER-UNKNOWN",             RULE,          "hold"),
    Reason("CREDIT-BLOCK",                 RULE,          "hold"),
    Reason("PO-MISSING",                   RULE,          "hold"),
    Reason("LINES-MISSING",                RULE,          "hold"),
    Reason("FIELD-MISSING",                RULE,          "hold"),
    Reason("ITEM-UNKNOWN",                 RULE,          "hold"),
    Reason("ITEM-CONFLICT",                RULE,          "hold"),
    Reason("ITEM-NOT-ORDERABLE",           RULE,          "hold"),
    Reason("ITEM-NOT-FOR-CUSTOMER",        RULE,          "hold"),
    Reason("QTY-INVALID",                  RULE,          "hold"),
    Reason("UOM-UNKNOWN",                  RULE,          "hold"),
    Reason("UOM-NO-CONVERSION",            RULE,          "hold"),
    Reason("PACK-SIZE-TYPED",              ORDER_PROBLEM, "hold"),
    Reason("CHARGE-FREE-TYPED",            ORDER_PROBLEM, "hold"),
    Reason("BILL-TO-TYPED",                ORDER_PROBLEM, "hold"),
    Reason("PRICE-TYPED",                  ORDER_PROBLEM, "hold"),
    Reason("TERMS-TYPED",                  RULE,          "hold", ACCEPTED),
    Reason("UOM-NOT-PRODUCT-UNIT",         RULE,          "hold"),
    Reason("QTY-NOT-WHOLE",                RULE,          "hold"),
    Reason("PRICE-MISMATCH",               RULE,          "hold", ACCEPTED),
    Reason("PRICE-MISSING",                RULE,          "hold", ACCEPTED),
    Reason("PRICE-NEGATIVE",               RULE,          "hold"),
    Reason("PRICE-UNREAD",                 RULE,          "hold", ACCEPTED),
    Reason("PRICE-LINE-AMOUNT",            RULE,          "hold", ACCEPTED),
    Reason("TOTAL-MISMATCH",               ORDER_PROBLEM, "hold"),
    Reason("DATE-PAST",                    RULE,          "hold", ACCEPTED),
    Reason("DATE-FAR-AHEAD",               RULE,          "hold", ACCEPTED),
    Reason("ORDER-DATE-MISSING",           RULE,          "hold", ACCEPTED),
    Reason("ORDER-DATE-IMPLAUSIBLE",       RULE,          "hold", ACCEPTED),
    Reason("DELIVERY-DATE-MISSING",        ORDER_PROBLEM, "hold", ACCEPTED),
    Reason("CURRENCY-MISMATCH",            RULE,          "hold", ACCEPTED),
    Reason("CUSTOMER-WEAK-ID",             RULE,          "hold", ACCEPTED),
    Reason("LINE-UNREAD",                  ORDER_PROBLEM, "hold", ACCEPTED),
    Reason("DATE-UNPLACED",                ORDER_PROBLEM, "hold", ACCEPTED),
    Reason("DATE-AMBIGUOUS",               ORDER_PROBLEM, "hold", ACCEPTED),
    Reason("DATE-WEEKDAY-MISMATCH",        ORDER_PROBLEM, "hold", ACCEPTED),
    Reason("DATE-REMARK-CONFLICT",         ORDER_PROBLEM, "hold", ACCEPTED),
    Reason("QTY-CHANGE-TYPED",             ORDER_PROBLEM, "hold", ACCEPTED),
    Reason("ORDERS-SEVERAL",               ORDER_PROBLEM, "hold"),
    Reason("ORDER-REPEAT",                 ORDER_PROBLEM, "hold", ACCEPTED),
    Reason("SHIP-TO-UNSURE",               ORDER_PROBLEM, "hold", ACCEPTED),
    Reason("CANCEL-TYPED",                 ORDER_PROBLEM, "hold", ACCEPTED),
    Reason("PRICE-REQUEST",                ORDER_PROBLEM, "hold", ACCEPTED),
    Reason("QUESTION-TYPED",               ORDER_PROBLEM, "hold", ACCEPTED),
    Reason("CHANGE-TYPED",                 ORDER_PROBLEM, "hold", ACCEPTED),
    Reason("ATTACHMENT-MISSING",           ORDER_PROBLEM, "hold", ACCEPTED),
    Reason("ORDER-IN-ATTACHMENT",          ORDER_PROBLEM, "hold", ACCEPTED),
    Reason("ADDITION-TYPED",               ORDER_PROBLEM, "hold", ACCEPTED),
    Reason("DELIVERY-WINDOW-WIDE",         ORDER_PROBLEM, "hold", ACCEPTED),
    Reason("SHIP-DATE-ONLY",               ORDER_PROBLEM, "hold", ACCEPTED),
    Reason("TABLE-SIDE",                   ORDER_PROBLEM, "hold", ACCEPTED),
    Reason("LINE-STRUCK",                  ORDER_PROBLEM, "hold", ACCEPTED),
    Reason("QTY-HANDWRITTEN-CORRECTION",   ORDER_PROBLEM, "hold", ACCEPTED),
    Reason("QTY-CELL-CROSSES",             ORDER_PROBLEM, "hold", ACCEPTED),
    Reason("PO-CELL-CROSSES",              ORDER_PROBLEM, "hold", ACCEPTED),
    Reason("NOTE-IN-LINE",                 ORDER_PROBLEM, "hold", ACCEPTED),
    Reason("LAYOUT-COPY-UNSURE",           ORDER_PROBLEM, "hold", ACCEPTED),
    Reason("COPY-MARKED",                  ORDER_PROBLEM, "hold", ACCEPTED),
    Reason("DONE-MARKED",                  ORDER_PROBLEM, "hold", ACCEPTED),
    Reason("DRAFT-MARKED",                 ORDER_PROBLEM, "hold", ACCEPTED),
    Reason("RELEASE-UNSURE",               ORDER_PROBLEM, "hold", ACCEPTED),
    Reason("NUMBER-STYLE-UNSURE",          ORDER_PROBLEM, "hold", ACCEPTED),
    Reason("MARKING-UNREAD",               ORDER_PROBLEM, "hold", ACCEPTED),
    Reason("PAGE-MISSING",                 ORDER_PROBLEM, "hold", ACCEPTED),
    Reason("ANOMALY-QTY",                  ANOMALY,       "flag"),
    Reason("ANOMALY-QTY-EXTREME",          ANOMALY,       "hold"),
    Reason("ANOMALY-NEW-ITEM",             ANOMALY,       "flag"),
    Reason("ANOMALY-TOTAL",                ANOMALY,       "flag"),
    Reason("ANOMALY-SHIP-TO",              ANOMALY,       "flag"),
    Reason("LAYOUT-AMOUNT-UNNAMED",        ORDER_PROBLEM, None),
    Reason("SHEET-HIDDEN-COLUMNS",         ORDER_PROBLEM, None),
    Reason("SHEET-HIDDEN-ROWS",            ORDER_PROBLEM, None),
    Reason("SHEET-HIDDEN-SHEET",           ORDER_PROBLEM, None),
    Reason("SHEET-TRUNCATED",              ORDER_PROBLEM, None),
    Reason("UOM-PACK-UNSURE",              ORDER_PROBLEM, None),
    Reason("WORD-HIDDEN-TEXT",             ORDER_PROBLEM, None),
    Reason("CHANGE-REFERENCE-MISMATCH",    READER_HOLD,   None),
    Reason("CLASSIFY-DOUBT",               READER_HOLD,   None),
    Reason("DELIVERY-SPLIT",               READER_HOLD,   None),
    Reason("EDI-CNT-COUNT",                READER_HOLD,   None),
    Reason("EDI-DATE-INVALID",             READER_HOLD,   None),
    Reason("EDI-QTY-UNREAD",               READER_HOLD,   None),
    Reason("EDI-UNT-COUNT",                READER_HOLD,   None),
    Reason("LINE-COUNT-MISMATCH",          READER_HOLD,   None),
    Reason("MESSAGE-FUNCTION-HOLD",        READER_HOLD,   None),
    Reason("SELLER-CONFIRMATION",          READER_HOLD,   None),
    Reason("X12-ALLOWANCE-UNREAD",         READER_HOLD,   None),
    Reason("X12-CTT-COUNT",                READER_HOLD,   None),
    Reason("X12-DATE-INVALID",             READER_HOLD,   None),
    Reason("X12-SCHEDULE-SPLIT",           READER_HOLD,   None),
    Reason("X12-SE-COUNT",                 READER_HOLD,   None),
    Reason("CHECK-LINE-AMOUNT",            CHECK,         None),
    Reason("CHECK-TOTAL",                  CHECK,         None),
    Reason("DATE-IMPLAUSIBLE",             CHECK,         None),
    Reason("ITEM-CORRECTED",               CHECK,         None),
    Reason("ITEM-READINGS-CONFLICT",       CHECK,         None),
    Reason("LAYOUT-ROW-UNREAD",            CHECK,         None),
    Reason("OCR-ENGINES-DISAGREE",         CHECK,         None),
    Reason("OCR-READING-CONFIRMED",        CHECK,         None),
    Reason("OCR-REPAIRED",                 CHECK,         None),
    Reason("PO-CHARACTER-UNSURE",          CHECK,         None),
    Reason("PO-FORMAT-UNUSUAL",            CHECK,         None),
    Reason("UNIT-CORRECTED",               CHECK,         None),
    Reason("DELIVERY-DATE-DEFAULT",        INFO,          None),
    Reason("ORDER-DATE-RECEIVED",          INFO,          None),
    Reason("PRICE-ABSENT",                 INFO,          None),
    Reason("RESEND-OF-REJECTED",           DEDUP,         None, ACCEPTED),
)


def _by_code(reasons: tuple[Reason, ...]) -> MappingProxyType[str, Reason]:
    """The reasons by code; raises ``ValueError`` naming a code declared twice."""
    table: dict[str, Reason] = {}
    for reason in reasons:
        if reason.code in table:
            raise ValueError(f"reason {reason.code} declared twice in gateway.reasons")
        table[reason.code] = reason
    return MappingProxyType(table)


BY_CODE = _by_code(REASONS)


def codes_of(*kinds: Kind) -> frozenset[str]:
    """The codes of the given kinds."""
    return frozenset(r.code for r in REASONS if r.kind in kinds)


DEFAULT_ACTIONS: MappingProxyType[str, Action] = MappingProxyType(
    {r.code: r.action for r in REASONS if r.action is not None})
ACCEPTED_ON_APPROVAL = frozenset(r.code for r in REASONS if r.accepted_on_approval)
ORDER_PROBLEM_CODES = codes_of(ORDER_PROBLEM)
READER_HOLD_CODES = codes_of(READER_HOLD)
CHECK_CODES = codes_of(CHECK)
INFO_CODES = codes_of(INFO)
