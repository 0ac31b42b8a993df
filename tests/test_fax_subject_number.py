"""A fax server's subject with more typed after the calling number (a page count, the time, the date):
the default ``subject_pattern`` takes the number only, so the page count's digits never join it and name
another customer's fax (review R22). Subjects in en/fr/de."""

from __future__ import annotations

import pytest

from gateway.config import FaxMailbox
from gateway.reference.masterdata import normalize_fax

BOX = FaxMailbox(recipient="fax-in@gateway.localhost")


def number(subject: str) -> str | None:
    return BOX.calling_number(subject, None, ["fax-in@gateway.localhost"])


@pytest.mark.parametrize("subject, expected", [
    ("Fax from +49 69 765432 - 3 pages", "+49 69 765432"),
    ("Fax von 069 765432 / 3 Seiten", "069 765432"),
    ("Fax von 069/765432 4 Seiten", "069/765432"),
    ("Télécopie de 03 88 21 44 60 - 2 pages", "03 88 21 44 60"),
    ("Télécopie reçue de 03.88.21.44.60 (1 page)", "03.88.21.44.60"),
    ("Fax from 0113 496 0788 5 pp.", "0113 496 0788"),
    ("Fax from +44 (0)113 496 0788, 09:41", "+44 (0)113 496 0788"),
    ("Fax von +49 (0)69 765-432 07.12.2026", "+49 (0)69 765-432"),
    ("Fax from +1 312-555-0199 2 p", "+1 312-555-0199"),
    ("Fax from (415) 555-0142 - 2 pages", "(415) 555-0142"),
    ("Fax von (0711) 123 45 67 / 1 Seiten", "(0711) 123 45 67"),
    ("Télécopie de (02) 555 01 01", "(02) 555 01 01"),
    ("Fax received from: +1 (415) 555-0142, 10:02", "+1 (415) 555-0142"),
    ("Télécopie reçue de 04 72 10 20 30 (1 page)", "04 72 10 20 30"),
])
def test_the_number_ends_where_the_page_count_time_or_date_begins(subject: str, expected: str) -> None:
    assert number(subject) == expected


def test_a_page_count_never_makes_another_customers_number() -> None:
    mine, theirs = normalize_fax("+49 69 765432"), normalize_fax("+49 69 7654323")
    assert normalize_fax(number("Fax from +49 69 765432 - 3 pages") or "") == mine != theirs
