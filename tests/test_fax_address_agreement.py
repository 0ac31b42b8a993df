"""A delivery address read from a fax is sure when both OCR engines read its street, postcode and city alike
(``extractors.capture.address_agreement``, applied by ``agreement.combine``); one engine's slip keeps it held."""

from __future__ import annotations

from decimal import Decimal

import pytest

from extractors.capture.address_agreement import NAME_BOX, PLACE_BOX, SCANNED_ELEMENT, STREET_BOX, same_text
from extractors.capture.agreement import combine
from gateway.model import Box, DocType, ExtractedLine, ExtractedOrder, Extraction, Party, Problem

BOXES = {NAME_BOX: Box(page=1, x=900, y=270, w=300, h=20), STREET_BOX: Box(page=1, x=900, y=300, w=300, h=20), PLACE_BOX: Box(page=1, x=900, y=330, w=300, h=20)}



@pytest.fixture(autouse=True)
def _agreement_settles(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests check the agreement rule itself, as it works when switched on (``address_agreement.SETTLES``;
    off by default: ``test_by_default_agreement_is_recorded_and_the_scanned_doubt_stays``)."""
    monkeypatch.setattr("extractors.capture.agreement.SETTLES", True)


def _reading(street: str, postcode: str = "86167", city: str = "Augsburg", boxes: bool = True) -> Extraction:
    party = Party(role="ship_to", name="Lager", street=street, postcode=postcode, city=city)
    doubt = Problem(code="SHIP-TO-UNSURE", severity="warning", element=SCANNED_ELEMENT,
                    message=f"a delivery address read from a scan ({street}, {postcode}, {city}): a person checks it")
    line = ExtractedLine(supplier_item="SKU-1", quantity=Decimal(1), unit_price=Decimal(2), amount=Decimal(2),
                         boxes={"amount": Box(page=1, x=900, y=600, w=80, h=20)})
    order = ExtractedOrder(po_number="B-1", lines=[line], total=Decimal(2), parties=[party], problems=[doubt],
                           boxes=dict(BOXES) if boxes else {})
    return Extraction(format="ocr", doc_type=DocType.ORDER, orders=[order])


def _doubts(extraction: Extraction) -> list[Problem]:
    return [p for p in extraction.orders[0].problems if p.code == "SHIP-TO-UNSURE"]


def test_both_engines_reading_the_address_alike_settle_its_doubt() -> None:
    result, engines = combine(_reading("Industriestraße 14"), _reading("Industriestraße 14"))
    assert not _doubts(result) and engines["ship_to"] == "both"


def test_accents_one_engine_cannot_read_are_no_disagreement_and_the_address_keeps_them() -> None:
    """RapidOCR's model has no umlauts and no ß: "Müller" / "Muller", "straße" / "strabe" agree, and the
    address goes out as printed, whichever reading is the base."""
    result, _ = combine(_reading("Lichtenbergstrabe 8", city="Saint-Denis"),
                        _reading("Lichtenbergstraße 8", city="Saint-Denis"), first="rapidocr")
    assert not _doubts(result)
    assert result.orders[0].party("ship_to").street == "Lichtenbergstraße 8"


@pytest.mark.parametrize("tess, rapid", [
    ("IndustriestraBe 14", "Industriestraße 14"),  # one engine's slip: a capital inside the word
    ("IndustriestraBe 14", "IndustriestraBe 14"),  # both slipped alike: a slip's mark is never sure
    ("2200°S Halsted St", "2200 S Halsted St"),  # a sign no address prints
    ("2200 5 Halsted St", "2200 S Halsted St"),  # a letter read as a digit by one engine
    ("Industriestraße 14", "Industriestraße 15"),  # another house number
])
def test_one_engines_slip_keeps_the_address_held(tess: str, rapid: str) -> None:
    result, _ = combine(_reading(tess), _reading(rapid))
    assert [p.element for p in _doubts(result)] == [SCANNED_ELEMENT] * len(_doubts(result)) and _doubts(result)


def test_another_postcode_or_city_keeps_the_address_held() -> None:
    result, _ = combine(_reading("Industriestraße 14", postcode="80157"), _reading("Industriestraße 14"))
    assert _doubts(result)
    result, _ = combine(_reading("Industriestraße 14", city="Augsbury"), _reading("Industriestraße 14"))
    assert _doubts(result)


def test_an_address_the_other_engine_did_not_read_there_itself_is_no_agreement() -> None:
    """A reading whose address lines are the other engine's words (its boxes dropped where RapidOCR did not read)
    does not vouch for them."""
    result, _ = combine(_reading("Industriestraße 14"), _reading("Industriestraße 14", boxes=False))
    assert _doubts(result)


def test_an_address_lent_by_the_other_reading_is_no_agreement() -> None:
    """The base reading missed the label: the combination takes the other's address and its doubt, which stays."""
    base = _reading("Industriestraße 14")
    base.orders[0].parties, base.orders[0].problems = [], []
    result, _ = combine(base, _reading("Industriestraße 14"))
    assert _doubts(result)


def test_same_text_allows_missing_accents_only() -> None:
    assert same_text("Müllerstraße 8", "Mullerstrasse 8")
    assert not same_text("8 avenue du Président Wilson", "8 avenue du President Wilson")  # one engine's acute
    assert not same_text("8 avenue du Président Wilson", "8 avenue du President Wilso")
    assert not same_text("Rue Wayez 120", "rue Wayez 120")  # case is read too


def test_by_default_agreement_is_recorded_and_the_scanned_doubt_stays(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two engines can make the same slip ("Haisted" for "Halsted" at fax resolution): agreement is recorded, a
    person still checks a scanned delivery address."""
    monkeypatch.setattr("extractors.capture.agreement.SETTLES", False)
    result, engines = combine(_reading("Industriestraße 14"), _reading("Industriestraße 14"))
    assert _doubts(result) and engines["ship_to"] == "both"
