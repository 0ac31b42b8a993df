"""A fax's calling number in national format is the customer's number stored in international
format, read in the customer's country; a number two customers could have is nobody's (review R34)."""

from __future__ import annotations

import pytest

from gateway.reference.masterdata import CustomerRecord, MasterData
from gateway.reference.phone import same_number


def _md(*rows: tuple[str, str, str]) -> MasterData:
    return MasterData(customers={cid: CustomerRecord(customer_id=cid, name=cid, country=country, fax=fax)
                                 for cid, country, fax in rows})


MD = _md(("DE1", "DE", "+49 711 1234567"), ("DE2", "DE", "+49 30 12345"), ("FR1", "FR", "+33 1 45 67 89 10"),
         ("US1", "US", "+1 312 555 0100"), ("IT1", "IT", "+39 02 1234 5678"), ("AT1", "AT", "+43 (0)1 7654321"))


@pytest.mark.parametrize("calling, expected", [
    ("0711 1234567", "DE1"), ("0711/123 45 67", "DE1"), ("+49 711 1234567", "DE1"), ("0049 711 1234567", "DE1"),
    ("030 12345", "DE2"), ("+49 30 12345", "DE2"),
    ("01 45 67 89 10", "FR1"), ("+33 1 45 67 89 10", "FR1"),
    ("(312) 555-0100", "US1"), ("1 312 555 0100", "US1"),
    ("02 1234 5678", "IT1"), ("01 7654321", "AT1"), ("+43 1 7654321", "AT1"),
    ("711 1234567", None), ("+33 711 1234567", None), ("1234567", None), ("+49 30 123456", None),
])
def test_national_and_international_numbers(calling: str, expected: str | None) -> None:
    found = MD.find_customer("fax", calling)
    assert (found.customer_id if found else None) == expected


def test_a_national_number_two_customers_could_have_is_nobodys() -> None:
    md = _md(("FR1", "FR", "+33 1 45 67 89 10"), ("BE1", "BE", "+32 1 45 67 89 10"))
    assert md.find_customer("fax", "01 45 67 89 10") is None
    assert md.find_customer("fax", "+32 1 45 67 89 10").customer_id == "BE1"


def test_a_printed_number_one_digit_misread_is_still_the_customers() -> None:
    assert same_number("0711 1234557", "+49 711 1234567", "DE", slips=1)
    assert not same_number("0711 1234557", "+49 711 1234567", "DE")
    assert not same_number("+49 711 1234567", "+33 711 1234567", "FR", slips=1)


@pytest.mark.parametrize("calling, customer", [("02 555 01 01", "C1001"), ("01 45 67 89 10", "C1002"),
                                               ("089 1234 5678", "C1003"), ("(312) 555-0100", "C1004")])
def test_the_default_customers_national_numbers(calling: str, customer: str) -> None:
    """A Belgian number in national form (findings-t23 F3) too: the customer, hence its country's
    day-first dates (F14), follows from the calling number."""
    from pathlib import Path

    from gateway.reference.masterdata import load_master_data

    md = load_master_data(Path(__file__).resolve().parents[1] / "mappings" / "masterdata")
    assert md.find_customer("fax", calling).customer_id == customer
