"""Priority and SLA: urgent orders detected, deadlines counted in business hours of the right calendar."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gateway.stages.decide import decide_order, urgent_word
from gateway.config_decide import PrioritySection
from gateway.model import OrderStatus
from gateway.stages.sla import BusinessCalendar, sla_deadline, watch_orders
from tests.decide_helpers import (  # noqa: F401 (journal, pg_dsn: fixtures)
    decide_ctx, journal, line, make_order, pg_dsn, store_order,
)

PARIS = ZoneInfo("Europe/Paris")
NEW_YORK = ZoneInfo("America/New_York")
CALENDAR = BusinessCalendar(zone=PARIS, holidays=frozenset({date(2026, 12, 25), date(2026, 5, 1)}))


def paris(*args: int) -> datetime:
    return datetime(*args, tzinfo=PARIS)


# --- the business calendar ------------------------------------------------------------------


def test_order_before_cutoff_counts_from_receipt():
    assert CALENDAR.deadline(paris(2026, 3, 2, 10, 0), 4) == paris(2026, 3, 2, 14, 0)


def test_order_before_cutoff_spills_into_the_next_business_morning():
    assert CALENDAR.deadline(paris(2026, 3, 2, 15, 0), 4) == paris(2026, 3, 3, 9, 0)


def test_order_after_cutoff_counts_from_next_business_day_opening():
    assert CALENDAR.deadline(paris(2026, 3, 2, 16, 30), 4) == paris(2026, 3, 3, 12, 0)


def test_order_before_opening_counts_from_opening():
    assert CALENDAR.deadline(paris(2026, 3, 2, 6, 15), 1) == paris(2026, 3, 2, 9, 0)


def test_friday_after_cutoff_counts_from_monday():
    assert CALENDAR.deadline(paris(2026, 3, 6, 17, 0), 1) == paris(2026, 3, 9, 9, 0)


def test_weekend_order_counts_from_monday():
    assert CALENDAR.deadline(paris(2026, 3, 7, 11, 0), 4) == paris(2026, 3, 9, 12, 0)


def test_holiday_is_skipped():
    # Thursday 24 December after cut-off; Friday 25 is a holiday: the clock starts on Monday 28.
    assert CALENDAR.deadline(paris(2026, 12, 24, 17, 0), 4) == paris(2026, 12, 28, 12, 0)


def test_order_received_on_a_holiday_counts_from_next_business_day():
    assert CALENDAR.deadline(paris(2026, 5, 1, 10, 0), 2) == paris(2026, 5, 4, 10, 0)


def test_deadline_across_spring_dst_change_keeps_the_local_opening_hour():
    # Friday 27 March 2026 (UTC+1) -> Monday 30 March (UTC+2): 09:00 local, 07:00 UTC.
    deadline = CALENDAR.deadline(paris(2026, 3, 27, 15, 0), 4)
    assert deadline == datetime(2026, 3, 30, 7, 0, tzinfo=UTC)
    assert deadline.astimezone(PARIS).time() == time(9, 0)


def test_business_hours_spanning_a_dst_change_count_real_hours():
    round_the_clock = BusinessCalendar(zone=PARIS, business_days=frozenset(range(1, 8)),
                                       opens=time(0, 0), closes=time(23, 59), cutoff=time(23, 59))
    for received in (paris(2026, 3, 29, 0, 30), paris(2026, 10, 25, 0, 30)):  # spring forward, fall back
        assert round_the_clock.deadline(received, 4) - received == timedelta(hours=4)


def test_deadline_is_stored_in_utc():
    assert CALENDAR.deadline(paris(2026, 3, 2, 10, 0), 4).utcoffset() == timedelta(0)


ZONES = ["Europe/Paris", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "UTC"]


@settings(max_examples=300, deadline=None)
@given(received=st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2032, 12, 31),
                             timezones=st.just(UTC)),
       zone=st.sampled_from(ZONES), hours=st.floats(min_value=0.05, max_value=60),
       opens=st.integers(6, 10), length=st.integers(4, 12), cutoff_before_close=st.integers(0, 3),
       days=st.sets(st.integers(1, 7), min_size=1),
       holidays=st.lists(st.dates(date(2020, 1, 1), date(2033, 1, 31)), max_size=40))
def test_deadline_is_after_receipt_and_within_business_hours(received, zone, hours, opens, length,
                                                             cutoff_before_close, days, holidays):
    closes = min(opens + length, 23)
    calendar = BusinessCalendar(zone=ZoneInfo(zone), business_days=frozenset(days), opens=time(opens),
                                closes=time(closes), cutoff=time(max(opens + 1, closes - cutoff_before_close)),
                                holidays=frozenset(holidays))
    deadline = calendar.deadline(received, hours)
    local = deadline.astimezone(calendar.zone)
    assert deadline > received
    assert calendar.is_business_day(local.date())
    assert time(opens) <= local.time() <= time(closes)


# --- per customer and per priority ------------------------------------------------------------


def test_customer_time_zone_decides_the_business_day(tmp_path):
    ctx = decide_ctx(tmp_path)
    received = datetime(2026, 3, 2, 21, 30, tzinfo=UTC)  # 22:30 in Paris, 16:30 in New York
    paris_order = make_order("C1", [line("P-FILE", 1)], received=received)
    new_york_order = make_order("C2", [line("P-FILE", 1)], received=received)
    assert sla_deadline(ctx, paris_order, "normal") == paris(2026, 3, 3, 12, 0)
    assert sla_deadline(ctx, new_york_order, "normal") == datetime(2026, 3, 3, 12, 0, tzinfo=NEW_YORK)


def test_urgent_orders_get_fewer_business_hours(tmp_path):
    ctx = decide_ctx(tmp_path)
    order = make_order("C4", [line("P-FILE", 1)], received=paris(2026, 3, 2, 10, 0))
    assert sla_deadline(ctx, order, "urgent") == paris(2026, 3, 2, 11, 0)
    assert sla_deadline(ctx, order, "normal") == paris(2026, 3, 2, 14, 0)


def test_tier_and_customer_overrides_apply_first_match(tmp_path):
    ctx = decide_ctx(tmp_path, {"sla": {"overrides": [
        {"customer": "C4", "hours": {"normal": 8}, "cutoff": "12:00"},
        {"tier": "A", "hours": {"normal": 2, "urgent": 0.5}}]}})
    tier_a = make_order("C1", [line("P-FILE", 1)], received=paris(2026, 3, 2, 10, 0))
    c4 = make_order("C4", [line("P-FILE", 1)], received=paris(2026, 3, 2, 13, 0))
    assert sla_deadline(ctx, tier_a, "normal") == paris(2026, 3, 2, 12, 0)
    assert sla_deadline(ctx, tier_a, "urgent") == paris(2026, 3, 2, 10, 30)
    assert sla_deadline(ctx, c4, "normal") == paris(2026, 3, 3, 16, 0)  # after its 12:00 cut-off
    assert sla_deadline(ctx, c4, "urgent") == paris(2026, 3, 3, 9, 0)  # base urgent hours


def test_configured_holidays_and_time_zone_are_used_for_unknown_customers(tmp_path):
    ctx = decide_ctx(tmp_path, {"sla": {"timezone": "America/New_York", "holidays": ["2026-07-03"]}})
    order = make_order(None, [], received=datetime(2026, 7, 2, 21, 0, tzinfo=UTC))  # 17:00 NY, Thursday
    assert sla_deadline(ctx, order, "normal") == datetime(2026, 7, 6, 12, 0, tzinfo=NEW_YORK)


# --- urgency ---------------------------------------------------------------------------------


@pytest.mark.parametrize("note", ["URGENT please", "Eilt!", "bitte DRINGEND liefern", "très urgent",
                                  "TRES URGENT", "need it ASAP", "rush order"])
def test_urgent_words_are_found(note):
    assert urgent_word(PrioritySection(), [note])


@pytest.mark.parametrize("note", ["pas urgent", "Not urgent at all", "nicht dringend", "insurgent",
                                  "brushes", "regular order"])
def test_negated_or_embedded_words_are_not_urgent(note):
    assert urgent_word(PrioritySection(), [note]) is None


def test_urgent_note_makes_the_order_urgent_with_a_reason(tmp_path):
    ctx = decide_ctx(tmp_path)
    order = make_order("C4", [line("P-FILE", 1)], notes=["TRÈS URGENT - livraison demain"])
    decided = decide_order(ctx, order, [], None)
    assert decided.priority == "urgent"
    assert any(i.code == "PRIORITY-URGENT" and "TRES URGENT" in i.message for i in decided.issues)
    assert decided.sla.deadline == decided.sla.received_at + timedelta(hours=1)


def test_edi_priority_code_makes_the_order_urgent(tmp_path):
    decided = decide_order(decide_ctx(tmp_path), make_order("C4", [line("P-FILE", 1)]), ["exp"], None)
    assert decided.priority == "urgent"


def test_urgent_tier_makes_the_order_urgent(tmp_path):
    ctx = decide_ctx(tmp_path, {"priority": {"urgent_tiers": ["A"]}})
    assert decide_order(ctx, make_order("C1", [line("P-FILE", 1)]), [], None).priority == "urgent"
    assert decide_order(ctx, make_order("C4", [line("P-FILE", 1)]), [], None).priority == "normal"


def test_delivery_requested_within_one_business_day_is_urgent(tmp_path):
    ctx = decide_ctx(tmp_path)
    friday = paris(2026, 3, 6, 10, 0)
    monday = make_order("C4", [line("P-FILE", 1)], received=friday, requested_delivery_date=date(2026, 3, 9))
    tuesday = make_order("C4", [line("P-FILE", 1)], received=friday, requested_delivery_date=date(2026, 3, 10))
    assert decide_order(ctx, monday, [], None).priority == "urgent"
    assert decide_order(ctx, tuesday, [], None).priority == "normal"


def test_plain_order_is_normal_ready_with_deadline_and_team(tmp_path):
    decided = decide_order(decide_ctx(tmp_path), make_order("C4", [line("P-FILE", 1)]), [], None)
    assert (decided.priority, decided.status, decided.team) == ("normal", OrderStatus.READY, "order-desk")
    assert decided.sla.deadline is not None


# --- watching deadlines ------------------------------------------------------------------------


async def test_late_and_at_risk_orders_are_listed_and_delivered_ones_are_not(tmp_path, journal):
    ctx = decide_ctx(tmp_path, {"sla": {"at_risk_minutes": 30}}, journal=journal)
    now = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)
    due = {"late": now - timedelta(minutes=5), "risky": now + timedelta(minutes=20),
           "fine": now + timedelta(hours=3), "done": now - timedelta(hours=1)}
    for name, deadline in due.items():
        order = make_order("C1", [line("P-FILE", 1)], received=now - timedelta(hours=4), po_number=name)
        order.sla.deadline = deadline
        await store_order(journal, order, OrderStatus.DELIVERED if name == "done" else OrderStatus.REVIEW)
    watch = await watch_orders(ctx, now)
    assert [o["minutes_left"] for o in watch.late] == [-5.0]
    assert [o["minutes_left"] for o in watch.at_risk] == [20.0]
