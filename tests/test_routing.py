"""Routing: ordered rules from config, first match wins, default team otherwise; recorded on the order."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gateway.stages.decide import decide_order
from gateway.stages.routing import route_order
from tests.decide_helpers import decide_ctx, line, make_order

RULES = [
    {"team": "key-accounts", "tiers": ["A"], "priorities": ["urgent"]},
    {"team": "big-deals", "min_amount": "1000"},
    {"team": "us-desk", "territories": ["north-america"]},
    {"team": "printing", "product_lines": ["printing"], "channels": ["smtp", "fax"]},
    {"team": "small-fry", "max_amount": "10"},
]


@pytest.fixture
def ctx(tmp_path):
    return decide_ctx(tmp_path, {"routing": {"default_team": "desk", "rules": RULES}})


def team(ctx, order, value=None) -> str:
    return route_order(ctx.config.decide.routing, ctx.master_data.current(), order,
                       None if value is None else Decimal(value))


def test_first_matching_rule_wins(ctx):
    urgent_a = make_order("C1", [line("P-FILE", 1)], priority="urgent")
    assert team(ctx, urgent_a, "5000") == "key-accounts"  # also a big deal, but listed first


def test_every_condition_of_a_rule_must_hold(ctx):
    assert team(ctx, make_order("C1", [line("P-FILE", 1)], priority="normal"), "100") == "desk"


def test_amount_range_matches_order_value(ctx):
    assert team(ctx, make_order("C4", [line("P-FILE", 1)]), "1000") == "big-deals"
    assert team(ctx, make_order("C4", [line("P-FILE", 1)]), "9.99") == "small-fry"
    assert team(ctx, make_order("C4", [line("P-FILE", 1)]), "10") == "desk"  # max is exclusive


def test_amount_rules_never_match_an_unpriced_order(ctx):
    assert team(ctx, make_order("C4", [line("P-FILE", 1)])) == "desk"


def test_territory_from_master_data(ctx):
    assert team(ctx, make_order("C2", [line("P-FILE", 1)]), "100") == "us-desk"


def test_product_line_of_any_line_and_channel(ctx):
    lines = [line("P-FILE", 1), line("P-INK", 1)]
    assert team(ctx, make_order("C4", lines, channel="smtp"), "100") == "printing"
    assert team(ctx, make_order("C4", lines, channel="http"), "100") == "desk"


def test_unknown_customer_goes_to_the_default_team(ctx):
    assert team(ctx, make_order(None, [line("P-FILE", 1)]), "100") == "desk"


def test_decide_records_the_team_using_the_price_list_value(ctx):
    order = make_order("C4", [line("P-INK", 20)])  # 20 x 80.00 from the price list
    assert decide_order(ctx, order, [], None).team == "big-deals"


def test_default_configuration_sends_everything_to_the_order_desk(tmp_path):
    plain = decide_ctx(tmp_path)
    assert decide_order(plain, make_order("C2", [line("P-INK", 100)]), [], None).team == "order-desk"
