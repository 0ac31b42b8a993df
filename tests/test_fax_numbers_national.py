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


@pytest.mark.parametrize("calling, customer", [
    ("+49 (0)89 1234 5678", "C1003"), ("0049 (0)89 1234 5678", "C1003"), ("Fax +49 (0) 89 / 1234 5678", "C1003"),
    ("+49 089 1234 5678", "C1003"), ("+33 (0)1 45 67 89 10", "C1002"), ("+32 (0)2 555 01 01", "C1001"),
])
def test_a_trunk_written_after_the_calling_code_is_no_digit_of_the_number(calling: str, customer: str) -> None:
    """"+49 (0)89 ..." is how letterheads and fax headers print a number: the bracketed trunk 0 is dropped
    before it is compared with the number on file (review V3)."""
    from pathlib import Path

    from gateway.reference.masterdata import load_master_data

    md = load_master_data(Path(__file__).resolve().parents[1] / "mappings" / "masterdata")
    found = md.find_customer("fax", calling)
    assert found is not None and found.customer_id == customer
    assert same_number(calling, found.fax, found.country, slips=1)


def test_a_printed_number_with_its_trunk_in_brackets_is_another_customers() -> None:
    assert same_number("+49 (0)711 1234567", "+49 711 1234567", "DE")
    assert not same_number("+49 (0)711 1234567", "+49 30 12345", "DE", slips=1)
    assert MD.find_customer("fax", "+39 02 1234 5678").customer_id == "IT1"  # Italy keeps its 0


OTHERS = _md(("GR1", "GR", "+30 210 1234567"), ("TR1", "TR", "0212 345 67 89"), ("MA1", "MA", "+212 522 123456"),
             ("DE1", "DE", "+49 711 1234567"))


@pytest.mark.parametrize("calling, expected", [
    ("+30 210 1234567", "GR1"), ("210 1234567", "GR1"), ("0030 210 1234567", "GR1"),
    ("+90 212 345 67 89", "TR1"), ("0212 345 67 89", "TR1"),
    ("0522 123456", "MA1"), ("+212 522 123456", "MA1"),
    ("0711 1234567", "DE1"), ("1234567", None),
])
def test_a_country_missing_from_the_table_is_matched_on_the_last_nine_digits(calling: str, expected: str | None) -> None:
    """Review V14: with no calling code known for the customer's country, its national and international
    forms are compared as before, on the last nine digits (one customer only)."""
    found = OTHERS.find_customer("fax", calling)
    assert (found.customer_id if found else None) == expected
    if expected:
        customer = OTHERS.customers[expected]
        assert same_number(calling, customer.fax, customer.country)


def test_a_tail_two_customers_share_is_nobodys() -> None:
    md = _md(("GR1", "GR", "+30 210 1234567"), ("CY1", "CY", "+357 210 1234567"))
    assert md.find_customer("fax", "210 1234567") is None
