"""Anomalies against the customer's own history, and the regular order that has not come."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import aiohttp
import pytest

from gateway.stages.anomaly import (
    History, build_history, check_anomalies, find_anomalies, find_overdue_customers, robust_centre,
)
from gateway.config_decide import AnomalySection
from gateway.stages.decide import decide_order
from gateway.store.journal_sqlite import SqliteJournal
from gateway.model import OrderStatus
from gateway.stages.rules import rule_context
from tests.decide_helpers import (  # noqa: F401 (journal, pg_dsn: fixtures)
    RECEIVED, decide_ctx, journal, line, make_order, pg_dsn, ship_to, store_order,
)
from testkit.harness import API_KEY, load_test_config, running_gateway, write_config

CFG = AnomalySection()


def past_orders(quantities: list[int], sku: str = "P-FILE", street: str = "1 rue A") -> list:
    return [make_order("C1", [line(sku, q, price="2.75")], received=RECEIVED - timedelta(days=7 * (i + 1)),
                       ship_to=ship_to(street)) for i, q in enumerate(quantities)]


def history_of(ctx, orders) -> History:
    return build_history(rule_context(ctx, orders[0]), orders)


@pytest.fixture
def ctx(tmp_path: Path):
    return decide_ctx(tmp_path)


def test_quantity_far_above_usual_range_is_flagged_with_evidence(ctx):
    history = history_of(ctx, past_orders([10, 12, 15, 20, 18, 14]))
    order = make_order("C1", [line("P-FILE", 200)], ship_to=ship_to("1 rue A"))
    findings = find_anomalies(CFG, order, history, None)
    assert [(f.code, f.message) for f in findings] == [
        ("ANOMALY-QTY", "line 1: P-FILE usually 10-20 C62 (median 14.5), ordered 200")]


def test_quantity_within_usual_range_is_not_flagged(ctx):
    history = history_of(ctx, past_orders([10, 12, 15, 20, 18, 14]))
    order = make_order("C1", [line("P-FILE", 22)], ship_to=ship_to("1 rue A"))
    assert find_anomalies(CFG, order, history, None) == []


def test_constant_history_tolerates_small_changes_but_not_big_ones(ctx):
    history = history_of(ctx, past_orders([10] * 6))
    small = make_order("C1", [line("P-FILE", 11)], ship_to=ship_to("1 rue A"))
    big = make_order("C1", [line("P-FILE", 40)], ship_to=ship_to("1 rue A"))
    assert find_anomalies(CFG, small, history, None) == []
    assert [f.code for f in find_anomalies(CFG, big, history, None)] == ["ANOMALY-QTY"]


def test_nothing_is_judged_before_the_minimum_history(ctx):
    history = history_of(ctx, past_orders([10, 12, 11]))
    order = make_order("C1", [line("P-FILE", 500), line("P-INK", 1)], ship_to=ship_to("9 other street"))
    assert find_anomalies(CFG, order, history, None) == []


def test_item_never_ordered_before_is_flagged(ctx):
    history = history_of(ctx, past_orders([10] * 5))
    order = make_order("C1", [line("P-FILE", 10), line("P-INK", 1)], ship_to=ship_to("1 rue A"))
    (finding,) = find_anomalies(CFG, order, history, None)
    assert finding.code == "ANOMALY-NEW-ITEM" and finding.field == "lines[2].sku"


def test_order_total_far_out_of_range_is_flagged_both_ways(ctx):
    history = history_of(ctx, past_orders([10, 11, 12, 10, 11, 12]))
    order = make_order("C1", [line("P-FILE", 11)], ship_to=ship_to("1 rue A"))
    assert find_anomalies(CFG, order, history, history.totals[0]) == []
    (high,) = find_anomalies(CFG, order, history, history.totals[0] * 30)
    (low,) = find_anomalies(CFG, order, history, history.totals[0] / 30)
    assert high.code == low.code == "ANOMALY-TOTAL"
    assert "usually 27.5-33" in high.message


def test_unusual_ship_to_is_flagged_but_spelling_variants_are_not(ctx):
    history = history_of(ctx, past_orders([10] * 5, street="1 rue A"))
    same = make_order("C1", [line("P-FILE", 10)], ship_to=ship_to("1, Rue A"))
    other = make_order("C1", [line("P-FILE", 10)], ship_to=ship_to("99 avenue Z", "13001", "Marseille"))
    assert find_anomalies(CFG, same, history, None) == []
    (finding,) = find_anomalies(CFG, other, history, None)
    assert finding.code == "ANOMALY-SHIP-TO" and "99 avenue Z, 13001, Marseille" in finding.message


def test_robust_centre_ignores_one_outlier_in_history():
    median, spread = robust_centre([Decimal(v) for v in (10, 11, 12, 10, 11, 500)], 0.0)
    assert median == 11 and spread < 2


# --- through the journal ---------------------------------------------------------------------


async def test_check_anomalies_reads_only_this_customers_accepted_history(tmp_path, journal):
    ctx = decide_ctx(tmp_path, journal=journal)
    for order in past_orders([10, 12, 15, 20, 18, 14]):
        await store_order(journal, order)
    await store_order(journal, make_order("C4", [line("P-INK", 999)], received=RECEIVED - timedelta(days=1)))
    await store_order(journal, make_order("C1", [line("P-INK", 999)], received=RECEIVED - timedelta(days=1)),
                      OrderStatus.REVIEW)  # never accepted: not history
    order = make_order("C1", [line("P-FILE", 200), line("P-INK", 1)], ship_to=ship_to("1 rue A"))
    checked = await check_anomalies(ctx, order)
    assert {(i.code, i.severity) for i in checked.issues} == {
        ("ANOMALY-QTY", "warning"), ("ANOMALY-NEW-ITEM", "warning"), ("ANOMALY-TOTAL", "warning")}
    assert decide_order(ctx, checked, [], None).status == OrderStatus.READY


async def test_anomaly_set_to_hold_sends_the_order_to_review(tmp_path, journal):
    ctx = decide_ctx(tmp_path, {"actions": {"ANOMALY-QTY": "hold"}}, journal=journal)
    for order in past_orders([10, 12, 15, 20, 18, 14]):
        await store_order(journal, order)
    checked = await check_anomalies(ctx, make_order("C1", [line("P-FILE", 200)], ship_to=ship_to("1 rue A")))
    assert [(i.code, i.severity) for i in checked.issues] == [("ANOMALY-QTY", "error"),
                                                              ("ANOMALY-TOTAL", "warning")]
    assert decide_order(ctx, checked, [], None).status == OrderStatus.REVIEW


async def test_duplicates_and_disabled_checks_are_left_alone(tmp_path, journal):
    for order in past_orders([10] * 6):
        await store_order(journal, order)
    order = make_order("C1", [line("P-FILE", 900)], ship_to=ship_to("1 rue A"))
    duplicate = order.model_copy(update={"status": OrderStatus.DUPLICATE})
    assert (await check_anomalies(decide_ctx(tmp_path, journal=journal), duplicate)).issues == []
    off = decide_ctx(tmp_path, {"anomalies": {"enabled": False}}, journal=journal)
    assert (await check_anomalies(off, order)).issues == []


# --- the order that did not come ---------------------------------------------------------------


def weekly(customer: str, weeks: int, first: datetime) -> list:
    return [make_order(customer, [line("P-FILE", 10)], received=first + timedelta(weeks=i)) for i in range(weeks)]


async def test_regular_customer_without_its_usual_order_raises_an_alert(tmp_path, journal):
    ctx = decide_ctx(tmp_path, journal=journal)
    monday = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    for order in weekly("C4", 8, monday):
        await store_order(journal, order)
    now = monday + timedelta(weeks=10)  # last order 3 weeks ago, usually every week
    (alert,) = await find_overdue_customers(ctx, now)
    assert (alert["code"], alert["customer_id"], alert["usual_gap_business_days"]) == ("ORDER-OVERDUE", "C4", 5)
    assert alert["business_days_since"] == 15
    assert ctx.metrics.render().count("gateway_customers_overdue 1") == 1


async def test_weekend_does_not_make_a_daily_customer_overdue(tmp_path, journal):
    ctx = decide_ctx(tmp_path, journal=journal)
    day = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)  # Monday
    while day < datetime(2026, 1, 31, tzinfo=UTC):
        if day.isoweekday() <= 5:
            await store_order(journal, make_order("C4", [line("P-FILE", 1)], received=day))
        day += timedelta(days=1)
    assert await find_overdue_customers(ctx, datetime(2026, 2, 2, 8, 0, tzinfo=UTC)) == []  # Monday
    assert [a["customer_id"] for a in
            await find_overdue_customers(ctx, datetime(2026, 2, 4, 8, 0, tzinfo=UTC))] == ["C4"]


async def test_irregular_or_new_customers_raise_no_alert(tmp_path, journal):
    ctx = decide_ctx(tmp_path, journal=journal)
    start = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    for days in (0, 1, 15, 17, 40, 41):
        await store_order(journal, make_order("C1", [line("P-FILE", 1)], received=start + timedelta(days=days)))
    for order in weekly("C4", 3, start):
        await store_order(journal, order)
    assert await find_overdue_customers(ctx, start + timedelta(days=120)) == []


async def test_alerts_are_served_over_the_api_and_counted_in_metrics(tmp_path: Path):
    path = write_config(tmp_path / "gw")
    journal = SqliteJournal(load_test_config(path).journal.sqlite_path)
    await journal.open()
    last_monday = datetime.now(UTC) - timedelta(days=datetime.now(UTC).weekday() + 21)
    for order in weekly("C1004", 8, last_monday - timedelta(weeks=7)):
        await store_order(journal, order)
    await journal.close()
    async with running_gateway(path) as gw, aiohttp.ClientSession() as http:
        base = f"http://127.0.0.1:{gw.ports['http']}"
        async with http.get(f"{base}/v1/alerts", headers={"X-API-Key": API_KEY}) as resp:
            body = await resp.json()
        async with http.get(f"{base}/metrics") as resp:
            metrics = await resp.text()
    assert resp.status == 200
    assert [a["customer_id"] for a in body["alerts"]] == ["C1004"]
    assert json.dumps(body["alerts"][0]["customer_name"]) == '"Acme Industrial Supply Inc"'
    assert "gateway_customers_overdue 1" in metrics


def test_a_quantity_over_ten_times_the_most_ever_ordered_is_extreme(ctx):
    history = history_of(ctx, past_orders([2, 4, 6, 3, 5, 2]))
    order = make_order("C1", [line("P-FILE", 1000)], ship_to=ship_to("1 rue A"))
    assert [f.code for f in find_anomalies(CFG, order, history, None)][:1] == ["ANOMALY-QTY-EXTREME"]


async def test_an_extreme_quantity_holds_by_default(tmp_path, journal):
    ctx = decide_ctx(tmp_path, journal=journal)
    for order in past_orders([2, 4, 6, 3, 5, 2]):
        await store_order(journal, order)
    checked = await check_anomalies(ctx, make_order("C1", [line("P-FILE", 1000)], ship_to=ship_to("1 rue A")))
    assert ("ANOMALY-QTY-EXTREME", "error") in [(i.code, i.severity) for i in checked.issues]
    assert decide_order(ctx, checked, [], None).status == OrderStatus.REVIEW


def test_median_and_spread_of_kept_sorted_values_equal_the_statistics_ones():
    import math
    import random
    import statistics

    from gateway.stages.anomaly import median_and_mad
    rnd = random.Random(11)
    for _ in range(500):
        values = sorted(Decimal(rnd.choice(("1", "2", "2.0", "2.50", "10", "0.001", "3"))) * rnd.randint(1, 5)
                        for _ in range(rnd.randint(1, 40)))
        median = statistics.median(values)
        assert median_and_mad(values) == (median, statistics.median(abs(v - median) for v in values))
        logs = sorted(math.log(v) for v in values)
        centre = statistics.median(logs)
        assert median_and_mad(logs) == (centre, statistics.median(abs(x - centre) for x in logs))

