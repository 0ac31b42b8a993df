"""Issue 17 (c), outside trial: the address history key left out the country, so a site with the same street,
postcode and town in another country counted as one the customer's orders went to before (a typed address in
Austria settled by a past delivery to the same street in Germany). The key now holds the country; a typed address
that names none has it from its words or the customer's before it is compared (``gateway.stages.ship_country``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gateway.model import Address, Issue
from gateway.stages.anomaly import address_key, build_history, find_anomalies, known_ship_to
from gateway.config_decide import AnomalySection
from gateway.stages.delivery_address import TYPED_PLACE_ELEMENT
from gateway.stages.rules import rule_context
from tests.decide_helpers import RECEIVED, decide_ctx, line, make_order

TYPED = Issue(code="SHIP-TO-UNSURE", field=TYPED_PLACE_ELEMENT, severity="error", message="typed address not on file")


def place(country: str | None, street: str = "Hauptstraße 5", postcode: str = "4020", city: str = "Linz") -> Address:
    return Address(street=street, postcode=postcode, city=city, country=country)


@pytest.fixture
def ctx(tmp_path: Path):
    return decide_ctx(tmp_path)


def history_to(ctx, address: Address, n: int = 6):
    from datetime import timedelta
    orders = [make_order("C1", [line("P-FILE", 10, price="2.75")], received=RECEIVED - timedelta(days=7 * (i + 1)),
                         ship_to=address) for i in range(n)]
    return build_history(rule_context(ctx, orders[0]), orders)


def test_the_same_street_in_two_countries_has_two_keys():
    assert address_key(place("AT")) != address_key(place("DE"))
    assert address_key(place("AT")) == address_key(place("at", street="Hauptstr. 5", postcode="A-4020", city="LINZ"))


def test_an_address_with_a_country_only_is_no_place():
    assert not address_key(Address(country="DE")).strip("|")


def test_a_typed_address_in_another_country_than_the_known_site_still_waits(ctx):
    history = history_to(ctx, place("DE"))
    typed = make_order("C1", [line("P-FILE", 10)], ship_to=place("AT"), issues=[TYPED])
    assert not known_ship_to(TYPED, typed, history)
    same = make_order("C1", [line("P-FILE", 10)], ship_to=place("DE", street="Hauptstr. 5"), issues=[TYPED])
    assert known_ship_to(TYPED, same, history)


def test_a_ship_to_in_another_country_is_unusual(ctx):
    history = history_to(ctx, place("DE"))
    cfg = AnomalySection()
    other = make_order("C1", [line("P-FILE", 10, price="2.75")], ship_to=place("AT"))
    assert "ANOMALY-SHIP-TO" in [f.code for f in find_anomalies(cfg, other, history, None)]
    same = make_order("C1", [line("P-FILE", 10, price="2.75")], ship_to=place("DE"))
    assert "ANOMALY-SHIP-TO" not in [f.code for f in find_anomalies(cfg, same, history, None)]
