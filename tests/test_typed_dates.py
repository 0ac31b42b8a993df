"""Dates typed without a year in e-mail orders ("ship by 12/5", "le 4 décembre", "am 5. Dezember",
"December 4"): the year from the order or e-mail date, the day/month order from the customer's country
or history, and a named hold (DATE-UNSETTLED) when either cannot be settled, through the gateway.

Every date is written relative to today, so the cases hold whatever day they run on.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from extractors.base import ExtractHints
from extractors.locale_values import locale_for, parse_yearless_date
from extractors.mail.body_text import EXTRACTOR
from testkit.trust_corpus import CUSTOMERS, trust_config

TODAY = date.today()
SENT = TODAY - timedelta(days=2)  # the e-mail's Date header (tests.test_trust.typed_mail)
FR, IE, US, DE = CUSTOMERS
MONTHS = {
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split(),
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember".split(),
    "en": "January February March April May June July August September October November December".split(),
}


@pytest.fixture(scope="module")
def config_path(tmp_path_factory) -> Path:
    return trust_config(tmp_path_factory.mktemp("dates"))


def typed(config: Path, customer, body: str, tmp: Path) -> dict:
    from tests.test_trust import typed as typed_order
    (got,) = typed_order(config, customer, body, tmp)
    return got


def codes(order: dict) -> dict[str, str]:
    return {i["code"]: i["severity"] for i in order["issues"]}


def body(customer, delivery: str, item: str = "- 2 x TP-1001") -> str:
    po = {"fr": "Commande n° YD-11", "de": "Bestellnummer: YD-11", "en": "PO number: YD-11"}[customer.language]
    return f"{po}\n{delivery}\n\n{item}\n\nThanks\n"


@pytest.mark.parametrize("days", [3, 12, 40])
def test_a_us_month_first_date_without_a_year_is_the_next_such_day(config_path, tmp_path, days):
    wanted = SENT + timedelta(days=days)
    got = typed(config_path, US, body(US, f"Please ship by {wanted.month}/{wanted.day}"), tmp_path)
    assert got["requested_delivery_date"] == wanted.isoformat() and got["status"] == "ready"


def test_an_irish_day_first_date_without_a_year_follows_the_country(config_path, tmp_path):
    wanted = SENT + timedelta(days=20)
    got = typed(config_path, IE, body(IE, f"Deliver {wanted.day:02d}/{wanted.month:02d} please"), tmp_path)
    assert got["requested_delivery_date"] == wanted.isoformat() and got["status"] == "ready"


@pytest.mark.parametrize("customer, written", [
    (FR, "Livraison le {d} {month}"), (DE, "Lieferung am {d}. {month}"), (US, "Needed by {month} {d}"),
    (IE, "Delivery on the {d}th of {month}"),
])
def test_a_date_in_words_without_a_year_is_the_next_such_day(config_path, tmp_path, customer, written):
    wanted = SENT + timedelta(days=25)
    text = written.format(d=wanted.day, month=MONTHS[customer.language][wanted.month - 1])
    got = typed(config_path, customer, body(customer, text), tmp_path)
    assert got["requested_delivery_date"] == wanted.isoformat() and got["status"] == "ready"


def test_a_day_just_before_the_order_is_held_not_sent_a_year_late(config_path, tmp_path):
    before = SENT - timedelta(days=3)
    got = typed(config_path, US, body(US, f"Ship by {before.month}/{before.day}"), tmp_path)
    assert got["status"] == "review" and codes(got)["DATE-UNSETTLED"] == "error"
    assert got["requested_delivery_date"] is None


def test_an_order_date_without_a_year_is_the_last_such_day_before_the_mail(config_path, tmp_path):
    placed = SENT - timedelta(days=1)
    wanted = SENT + timedelta(days=9)
    text = (f"Order placed {MONTHS['en'][placed.month - 1]} {placed.day}\n"
            f"Deliver by {MONTHS['en'][wanted.month - 1]} {wanted.day}, {wanted.year}")
    got = typed(config_path, US, body(US, text), tmp_path)
    assert (got["order_date"], got["requested_delivery_date"]) == (placed.isoformat(), wanted.isoformat())


def test_a_line_date_without_a_year_is_that_lines(config_path, tmp_path):
    wanted = SENT + timedelta(days=15)
    item = f"- 2 x TP-1001, livraison le {wanted.day} {MONTHS['fr'][wanted.month - 1]}"
    got = typed(config_path, FR, body(FR, "Merci de livrer", item), tmp_path)
    assert got["lines"][0]["requested_date"] == wanted.isoformat()


def test_numbers_after_a_delivery_word_that_are_no_date_are_not_read_as_one(config_path, tmp_path):
    wanted = SENT + timedelta(days=9)
    text = f"Deliver to dock 3/4, gate B\nDelivery date: {wanted.month}/{wanted.day}/{wanted.year}"
    got = typed(config_path, US, body(US, text), tmp_path)
    assert got["requested_delivery_date"] == wanted.isoformat()
    assert "DATE-UNSETTLED" not in codes(got)


HINTS = ExtractHints(content_type="text/plain; charset=utf-8")


def test_without_a_country_an_ambiguous_date_without_a_year_is_held_with_both_readings():
    text = f"Date: Mon, 07 Dec 2026 09:00:00 +0000\n\nPO number: YD-12\nPlease ship by 3/4\n\n- 2 x AB-1001\n"
    (order,) = EXTRACTOR.extract(text.encode(), HINTS).orders
    assert order.requested_delivery_date is None
    (problem,) = [p for p in order.problems if p.code == "DATE-UNSETTLED"]
    assert "2027-03-04" in problem.message and "2027-04-03" in problem.message


def test_without_a_country_a_date_that_can_only_be_one_way_is_read():
    text = f"Date: Mon, 07 Dec 2026 09:00:00 +0000\n\nPO number: YD-13\nPlease ship by 12/28\n\n- 2 x AB-1001\n"
    (order,) = EXTRACTOR.extract(text.encode(), HINTS).orders
    assert order.requested_delivery_date == date(2026, 12, 28) and not order.problems


@pytest.mark.parametrize("text", ["ship in 2.5 days", "by 10.5 hours", "within 2/3 working days"])
def test_numbers_that_are_no_date(text):
    assert parse_yearless_date(text, locale_for("en_US"), date(2026, 12, 7)) is None


def test_a_fraction_of_a_unit_after_a_delivery_word_is_no_date():
    text = "Date: Mon, 07 Dec 2026 09:00:00 +0000\n\nPO number: YD-14\nPlease deliver 1/2 pallet\n\n- 2 x AB-1001\n"
    (order,) = EXTRACTOR.extract(text.encode(), HINTS).orders
    assert order.requested_delivery_date is None and not [p for p in order.problems if p.code == "DATE-UNSETTLED"]


def test_29_february_without_a_year_is_the_next_leap_day_or_held_when_years_away():
    found = parse_yearless_date("le 29 février", locale_for("fr_FR"), date(2027, 12, 7))
    assert found is not None and found.value == date(2028, 2, 29)
    far = parse_yearless_date("le 29 février", locale_for("fr_FR"), date(2026, 12, 7))
    assert far is not None and far.value is None and date(2028, 2, 29) in far.readings
