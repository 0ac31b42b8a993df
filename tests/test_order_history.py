"""The history summary stored with each order gives the anomaly check the same history as the order."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from gateway.stages.anomaly import Contributions, build_history
from gateway.order_history import history_summary, past_order
from gateway.stages.rules import order_value, rule_context
from tests.decide_helpers import RECEIVED, decide_ctx, line, make_order, ship_to


def test_history_from_summaries_equals_history_from_orders(tmp_path: Path):
    ctx = decide_ctx(tmp_path)
    orders = [make_order("C1", [line("P-FILE", 10 + i, price="2.75"), line("P-OTHER", 3)],
                         received=RECEIVED - timedelta(days=i + 1), ship_to=ship_to(f"{i % 3} rue A"))
              for i in range(8)]
    orders.append(make_order("C1", [line("P-FILE", 4)], received=RECEIVED - timedelta(days=30)))
    rc = rule_context(ctx, orders[0])
    summaries = [past_order(history_summary(o)) for o in orders]
    assert build_history(rc, summaries) == build_history(rc, orders)
    assert [order_value(rc, o) for o in summaries] == [order_value(rc, o) for o in orders]


def test_history_kept_between_orders_equals_history_built_afresh(tmp_path: Path):
    ctx = decide_ctx(tmp_path)
    orders = [make_order("C1", [line("P-FILE", 10 + i % 4, price="2.75"), line("P-OTHER", 3)],
                         received=RECEIVED - timedelta(days=i + 1), ship_to=ship_to(f"{i % 3} rue A"))
              for i in range(12)]
    rc = rule_context(ctx, orders[0])
    summaries = [history_summary(o) for o in orders]
    kept = Contributions(limit=5)
    for window in (summaries[:6], summaries[3:], summaries, summaries, list(summaries), summaries[:2],
                   summaries[:2] + summaries[3:4]):  # read again (the same twice running), some evicted
        assert kept.history(rc, "C1", window) == build_history(rc, [past_order(s) for s in window])
    other = rule_context(decide_ctx(tmp_path / "other"), orders[0])  # other master data: priced anew
    assert kept.history(other, "C1", summaries) == build_history(other, [past_order(s) for s in summaries])
