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


def test_a_history_moved_one_window_at_a_time_equals_one_built_afresh(tmp_path: Path):
    """Windows sliding by a few orders in and out (commits, orders ageing out, the same summary text twice,
    a window that jumps elsewhere): each history equals the one built afresh, and none handed out earlier
    changes afterwards."""
    import copy
    import random
    ctx = decide_ctx(tmp_path)
    rnd = random.Random(7)
    skus = ("P-FILE", "P-OTHER", "P-INK")
    orders = [make_order("C1", [line(rnd.choice(skus), rnd.choice((1, 2, 3, 10, 10, 40)), price="2.75")]
                         + ([line("P-INK", rnd.randint(1, 4))] if i % 3 == 0 else []),
                         received=RECEIVED - timedelta(hours=i + 1), ship_to=ship_to(f"{i % 4} rue A"))
              for i in range(400)]
    rc = rule_context(ctx, orders[0])
    summaries = [history_summary(o) for o in reversed(orders)]  # oldest first
    kept = Contributions()
    handed: list[tuple[object, object]] = []
    end, size = 60, 50
    for _ in range(150):
        end = min(len(summaries), end + rnd.choice((0, 1, 1, 1, 2, 5)))
        size = max(1, min(80, size + rnd.choice((0, 0, -1, -3, 1))))
        if rnd.random() < 0.03:
            end = rnd.randrange(size, len(summaries))  # elsewhere: built afresh
        window = list(reversed(summaries[max(0, end - size):end]))  # newest first, as read
        history = kept.history(rc, "C1", window)
        assert history == build_history(rc, [past_order(s) for s in window])
        handed.append((history, copy.deepcopy(history)))
    assert all(h == snapshot for h, snapshot in handed)
    assert kept.slid > 100 and kept.built >= 1
