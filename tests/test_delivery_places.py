"""Delivery places per line (cXML ItemOut/ShipTo, UBL line Delivery, EDIFACT LOC+7, X12 SDQ) and a
delivery point given by its GLN alone: nothing is shipped to the order's address that a line sends
elsewhere, and a place named only by its id reaches the ERP with that id."""

from __future__ import annotations

from decimal import Decimal

from extractors.edi.x12 import X12Extractor
from extractors.base import ExtractHints
from gateway.model import ExtractedLine, ExtractedOrder, Party
from gateway.stages.delivery_places import same_place, settle_line_places
from gateway.stages.mapping import map_ship_to

DUBLIN = Party(role="ship_to", name="Kilbride Stores", street="3 Capel Street", city="Dublin", postcode="D01 K2X4")
CORK = Party(role="ship_to", name="Kilbride Stores", street="Unit 4, Kinsale Road", city="Cork", postcode="T12 X8Y2")


def _order(*places: Party | None, header: Party | None = None) -> ExtractedOrder:
    lines = [ExtractedLine(line_no=n, customer_item=f"A-{n}", quantity=Decimal(1), ship_to=p)
             for n, p in enumerate(places, 1)]
    return ExtractedOrder(po_number="PO-1", lines=lines, parties=[header] if header else [])


def test_a_line_going_elsewhere_than_the_order_waits_naming_its_place() -> None:
    _, issues = settle_line_places(_order(DUBLIN, CORK, header=DUBLIN))
    (issue,) = issues
    assert issue.code == "DELIVERY-SPLIT" and issue.severity == "error"
    assert "line 2 to Kilbride Stores, Unit 4, Kinsale Road, T12 X8Y2 Cork" in issue.message
    assert "Capel Street" in issue.message  # the order's own place named too


def test_lines_repeating_the_orders_place_change_nothing() -> None:
    same = DUBLIN.model_copy(update={"street": "3 CAPEL ST.".replace(" ST.", " Street")})
    order, issues = settle_line_places(_order(same, DUBLIN, header=DUBLIN))
    assert issues == [] and order.parties == [DUBLIN]


def test_the_lines_common_place_is_the_orders_when_it_names_none() -> None:
    order, issues = settle_line_places(_order(CORK, CORK))
    assert issues == [] and order.party("ship_to") == CORK


def test_lines_naming_different_places_with_no_order_place_wait() -> None:
    _, issues = settle_line_places(_order(DUBLIN, CORK))
    assert [i.code for i in issues] == ["DELIVERY-SPLIT"] and "names no place" in issues[0].message


def test_places_with_the_same_id_are_the_same_whatever_their_text() -> None:
    a = Party(role="ship_to", ids={"gln": "5412345000020"}, street="Quai 9")
    b = Party(role="ship_to", ids={"gln": "5412345000020"}, street="Kaai 9")
    assert same_place(a, b) and not same_place(a, Party(role="ship_to", ids={"gln": "5412345000037"}))


def test_a_delivery_point_given_by_its_gln_alone_reaches_the_erp_with_it() -> None:
    order = ExtractedOrder(parties=[Party(role="ship_to", ids={"gln": "3014567000029"})])
    address = map_ship_to(order)
    assert address is not None and address.gln == "3014567000029" and address.street is None


ISA = "ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *260301*1200*U*00501*000000001*0*P*>~"


def test_an_x12_line_split_over_stores_is_named_for_each_store() -> None:
    body = ["BEG*00*SA*PO-7**20260301", "PO1*1*10*EA*3.5**UP*012345678905", "SDQ*EA*92*S01*6*S02*4"]
    text = (f"{ISA}GS*PO*SENDER*RECEIVER*20260301*1200*1*X*005010~ST*850*0001~" + "".join(s + "~" for s in body)
            + f"SE*{len(body) + 2}*0001~GE*1*1~IEA*1*000000001~")
    extraction = X12Extractor().extract(text.encode(), ExtractHints())
    (problem,) = [p for p in extraction.orders[0].problems if p.code == "DELIVERY-SPLIT"]
    assert "6 to S01" in problem.message and "4 to S02" in problem.message
