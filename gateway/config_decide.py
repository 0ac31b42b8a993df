"""The ``[decide]`` configuration: order rules, anomalies, priority, SLA calendar and routing.

Kept apart from ``gateway.config`` so that file stays readable; ``Config.decide`` is the one link.
Every rule outcome is a named reason (an ``Issue`` code) and ``[decide.actions]`` says per code
whether it holds the order for review (``hold``), travels with the delivered order as a warning
(``flag``) or is not checked (``off``). The defaults keep the embedded configuration's behaviour:
faults that make an order undeliverable hold it, doubts about price, date, units and history flag it.
See ``config/decide.example.toml`` for a commented example.
"""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from extractors.payment_terms import Terms, stated_terms
# Every named reason [decide.actions] can set, with its default action, is declared in gateway.reasons.
from gateway.reasons import DEFAULT_ACTIONS, Action

Priority = Literal["normal", "urgent"]
Hours = Annotated[float, Field(gt=0, le=24 * 60)]

MandatoryField = Literal["po_number", "lines", "order_date", "requested_delivery_date", "currency",
                         "ship_to", "total", "lines.unit_price", "lines.requested_date"]


def _zone(name: str) -> str:
    if name:
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {name!r}") from None
    return name


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=False, frozen=True)


class RulesSection(_Section):
    """Checks against master data; each failure is a named reason."""

    mandatory_fields: list[MandatoryField] = ["po_number", "lines"]
    price_tolerance_pct: float = Field(2.0, ge=0)
    # A discount a document prints on a line (its gross price our list price, "Rabatt 10 %") passes the price
    # check up to this percent; 0: every such discount waits PRICE-MISMATCH (a customer's claim, not our price).
    line_discount_max_pct: float = Field(0.0, ge=0, le=100)
    # Units that mean "one sales unit of the product, whatever it is" (many partners send PCE/EA).
    sales_unit_aliases: list[str] = ["C62", "EA", "H87"]
    # Per-SKU and generic unit conversions; relative paths are under gateway.mappings_dir.
    conversions_file: Path = Path("unit_conversions.toml")


PricePolicy = Literal["required", "erp"]
OrderDatePolicy = Literal["required", "received"]
RequestedDatePolicy = Literal["required", "customer_default"]
DateOrder = Literal["dmy", "mdy", "ymd"]


class CustomerPolicy(_Section):
    """One customer's declared policy; what it leaves out comes from ``[decide.completeness]``."""

    customer: str = Field(min_length=1)
    prices: PricePolicy | None = None
    price_tolerance_pct: float | None = Field(None, ge=0, le=100)
    order_date: OrderDatePolicy | None = None
    requested_date: RequestedDatePolicy | None = None
    date_order: DateOrder | None = None  # how its documents write 04/12/2026, when its country does not say


class EffectivePolicy(_Section):
    """The policy that applies to one order's customer."""

    prices: PricePolicy
    price_tolerance_pct: float
    order_date: OrderDatePolicy
    requested_date: RequestedDatePolicy
    date_order: DateOrder | None = None


class CompletenessSection(_Section):
    """The completeness gate in front of auto-acceptance (``gateway.stages.completeness``).

    ``prices``: ``required`` (a line without a price waits, PRICE-MISSING) or ``erp`` (the ERP prices
    it; the order says so with PRICE-ABSENT). ``order_date``: ``required`` or ``received`` (the receipt
    date stands in, said with ORDER-DATE-RECEIVED). ``requested_date``: ``required`` or
    ``customer_default`` (the customer declared the ERP's default lead time applies)."""

    enabled: bool = True
    prices: PricePolicy = "erp"
    order_date: OrderDatePolicy = "required"
    requested_date: RequestedDatePolicy = "required"
    order_date_max_age_days: Annotated[int, Field(gt=0, le=3650)] = 180  # older: ORDER-DATE-IMPLAUSIBLE
    order_date_max_ahead_days: Annotated[int, Field(ge=0, le=365)] = 7  # later than receipt + this: same
    # the payment terms of a customer with none on file (customers.csv ``payment_terms``), written as that column is
    # ("net 30", "2/10 net 30", "30 Tage netto", "60 jours fin de mois"): a note stating others holds TERMS-TYPED
    usual_payment_terms: str = "net 30"
    customers: list[CustomerPolicy] = []

    @field_validator("usual_payment_terms")
    @classmethod
    def _terms_read(cls, value: str) -> str:
        terms = stated_terms(value, on_file=True)
        if terms is None or terms.net_days is None or terms.also:
            raise ValueError(f"{value!r} is not read as one set of payment terms with its net days: write them as "
                             f"customers.csv payment_terms does (\"net 30\", \"2/10 net 30\", \"30 Tage netto\")")
        return value

    def usual_terms(self) -> Terms:
        """``usual_payment_terms`` as read (checked readable when the config was loaded)."""
        terms = stated_terms(self.usual_payment_terms, on_file=True)
        assert terms is not None
        return terms

    @field_validator("customers")
    @classmethod
    def _one_policy_per_customer(cls, customers: list[CustomerPolicy]) -> list[CustomerPolicy]:
        names = [c.customer for c in customers]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"more than one policy for customer(s) {', '.join(dupes)}")
        return customers

    def policy(self, customer_id: str | None, price_tolerance_pct: float) -> EffectivePolicy:
        """The customer's declared policy over the defaults (made once per section, customer and
        tolerance: both are frozen, and an order asks for it at each of its stages)."""
        key = (id(self), customer_id, price_tolerance_pct)
        known = _POLICIES.get(key)
        if known is not None and known[0] is self:
            return known[1]
        own = next((c for c in self.customers if c.customer == customer_id), None)
        base = {"prices": self.prices, "price_tolerance_pct": price_tolerance_pct,
                "order_date": self.order_date, "requested_date": self.requested_date}
        if own is not None:
            base.update(own.model_dump(exclude={"customer"}, exclude_none=True))
        made = EffectivePolicy(**base)
        if len(_POLICIES) >= 4096:
            _POLICIES.clear()
        _POLICIES[key] = (self, made)
        return made


_POLICIES: dict[tuple[int, str | None, float], tuple[CompletenessSection, EffectivePolicy]] = {}


class PrioritySection(_Section):
    """What makes an order urgent."""

    urgent_words: list[str] = ["URGENT", "URGENTE", "TRÈS URGENT", "EILT", "EILIG", "DRINGEND",
                               "RUSH", "ASAP", "EXPRESS", "SOFORT", "SPOED", "PRIORITAIRE",
                               "EILBESTELLUNG", "EILAUFTRAG"]
    not_urgent_words: list[str] = ["NOT URGENT", "NON URGENT", "PAS URGENT", "NICHT DRINGEND",
                                   "NO RUSH", "NIET DRINGEND"]
    edi_codes: list[str] = ["URG", "RUSH", "1", "EXP", "EXPRESS"]
    # A requested delivery date at most this many business days after receipt is urgent (0: off).
    urgent_within_business_days: int = Field(1, ge=0, le=30)
    urgent_tiers: list[str] = []  # customer tiers (master data) whose orders are always urgent


class SlaOverride(_Section):
    """SLA hours (and optionally cut-off) for one customer or one tier; the first match wins."""

    customer: str | None = None
    tier: str | None = None
    hours: dict[Priority, Hours] = {}
    cutoff: time | None = None

    @model_validator(mode="after")
    def _matches_something(self) -> SlaOverride:
        if not self.customer and not self.tier:
            raise ValueError("an SLA override needs a customer or a tier")
        return self


class SlaSection(_Section):
    """The business calendar and how many business hours each priority gets."""

    timezone: str = ""  # empty: gateway.timezone
    use_customer_timezone: bool = True  # a customer's master-data time zone wins
    business_days: list[Annotated[int, Field(ge=1, le=7)]] = [1, 2, 3, 4, 5]  # ISO: Monday = 1
    opens: time = time(8, 0)
    closes: time = time(18, 0)
    cutoff: time = time(16, 0)  # orders received later count from the next business day's opening
    holidays: list[date] = []
    hours: dict[Priority, Hours] = {"normal": 4.0, "urgent": 1.0}
    overrides: list[SlaOverride] = []
    at_risk_minutes: Annotated[int, Field(gt=0)] = 60

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, name: str) -> str:
        return _zone(name)

    @model_validator(mode="after")
    def _calendar_is_usable(self) -> SlaSection:
        if not self.business_days:
            raise ValueError("business_days must name at least one day")
        if not self.opens < self.closes:
            raise ValueError("opens must be before closes")
        for cutoff in [self.cutoff, *(o.cutoff for o in self.overrides if o.cutoff)]:
            if not self.opens < cutoff <= self.closes:
                raise ValueError("a cut-off must be after opens and not after closes")
        if set(self.hours) != {"normal", "urgent"}:
            raise ValueError("hours must give both normal and urgent")
        return self


class RoutingRule(_Section):
    """One routing rule: every condition given must hold (empty lists match anything)."""

    team: str = Field(min_length=1)
    customers: list[str] = []
    tiers: list[str] = []
    territories: list[str] = []
    product_lines: list[str] = []  # any line of the order in one of these
    channels: list[str] = []
    priorities: list[Priority] = []
    min_amount: Decimal | None = None  # order value (quantity x price) at least this
    max_amount: Decimal | None = None  # and below this


class RoutingSection(_Section):
    default_team: str = Field("order-desk", min_length=1)
    rules: list[RoutingRule] = []


class AnomalySection(_Section):
    """Checks against the customer's own history of accepted orders."""

    enabled: bool = True
    min_history: Annotated[int, Field(ge=1)] = 5  # past orders needed before judging
    min_item_history: Annotated[int, Field(ge=2)] = 3  # past lines of an item before judging its quantity
    history_days: Annotated[int, Field(gt=0)] = 365
    history_limit: Annotated[int, Field(gt=0, le=5000)] = 200
    mad_threshold: float = Field(5.0, gt=0)  # robust z-score (median / MAD) beyond which it is unusual
    extreme_factor: float = Field(10.0, gt=1)  # a quantity this many times the largest ever ordered: a slipped key
    min_relative_spread: float = Field(0.25, ge=0)  # floor of the spread, as a share of the median
    # "The usual order has not come": gaps between order days, in business days of the SLA calendar.
    overdue_factor: float = Field(1.5, gt=1)  # overdue after the usual gap times this
    overdue_min_orders: Annotated[int, Field(ge=3)] = 5  # order days needed to know a rhythm
    overdue_max_irregularity: float = Field(0.5, ge=0)  # MAD of gaps / median gap: "regular" up to this


class DedupSection(_Section):
    """The same order through several channels, resends and changes (``gateway.stages.dedup``)."""

    window_days: Annotated[int, Field(gt=0, le=3650)] = 30  # how far back copies and originals are sought
    changes: Literal["deliver", "review"] = "deliver"  # a change of a known order: as kind change, or to a person
    cancellations: Literal["deliver", "review"] = "deliver"


class DecideSection(_Section):
    actions: dict[str, Action] = Field(default_factory=lambda: dict(DEFAULT_ACTIONS))
    rules: RulesSection = RulesSection()
    completeness: CompletenessSection = CompletenessSection()
    priority: PrioritySection = PrioritySection()
    sla: SlaSection = SlaSection()
    routing: RoutingSection = RoutingSection()
    anomalies: AnomalySection = AnomalySection()
    dedup: DedupSection = DedupSection()

    @field_validator("actions")
    @classmethod
    def _known_codes(cls, actions: dict[str, Action]) -> dict[str, Action]:
        unknown = sorted(set(actions) - set(DEFAULT_ACTIONS))
        if unknown:
            raise ValueError(f"unknown rule code(s) {', '.join(unknown)}; "
                             f"known: {', '.join(DEFAULT_ACTIONS)}")
        return {**DEFAULT_ACTIONS, **actions}

    def action(self, code: str) -> Action:
        return self.actions.get(code, DEFAULT_ACTIONS.get(code, "hold"))
