"""Delivery addresses, order batches and line dates of orders made by real producers.

The PDFs are checked in (``tests/fixtures/addresses``, made by its ``make_addresses.py`` with
LibreOffice from python-docx files and with Chromium from HTML; nothing is produced here): Word and
HTML party boxes side by side in either order, an order sheet's "Deliver to" block beside its
"Invoice to", a lone US ship-to block with a site line, a ship-to block with no place line (and one that is the customer's address on file), two
purchase orders in one PDF, and a Word order with a date per line.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from extractors.base import ExtractHints, Limits
from extractors.capture.layout import read_order_document
from extractors.capture.pdf_text import text_pages
from extractors.capture.ship_to import parse_address
from gateway.model import ExtractedOrder
from testkit.harness import write_config

FIXTURES = Path(__file__).parent / "fixtures" / "addresses"
MASTER_DATA = Path(__file__).parent / "fixtures" / "real_producers" / "masterdata"


def _orders(name: str) -> list[ExtractedOrder]:
    pages = text_pages((FIXTURES / name).read_bytes(), Limits())
    return read_order_document(pages, ExtractHints(), "pdf_text", ocr=False).orders


def _address(order: ExtractedOrder) -> tuple:
    party = order.party("ship_to")
    assert party is not None
    return party.name, party.street, party.postcode, party.city, party.country


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_config(tmp_path_factory.mktemp("gw"), master_data=MASTER_DATA)


def _extract(config: Path, name: str, sender: str) -> dict:
    from gateway.config import load_config
    from gateway.oneshot import extract_file

    return extract_file(load_config(config), FIXTURES / name, channel="email", sender=sender)


def test_a_word_grid_invoice_box_beside_the_delivery_box_gives_the_delivery_box() -> None:
    (order,) = _orders("boxes_en.pdf")
    assert _address(order) == ("Northgate Facilities Ltd", "Trafford Park Depot, Unit 4, Westinghouse Road",
                               "M17 1PY", "Manchester", "GB")
    assert not [p for p in order.problems if p.code == "SHIP-TO-UNSURE"]


def test_browser_printed_boxes_with_the_delivery_box_first_give_the_delivery_box() -> None:
    (order,) = _orders("boxes_de.pdf")
    assert _address(order) == ("Bürotechnik Hansen GmbH", "Lager Billbrook, Billstraße 90", "20539", "Hamburg",
                               None)


def test_a_us_ship_to_block_gives_street_city_and_zip_with_its_site_line() -> None:
    (order,) = _orders("shipto_us.pdf")
    assert _address(order) == ("Lakeshore Office Supply LLC", "Warehouse 2, 1400 W Canal St", "53233",
                               "Milwaukee", "US")


@pytest.mark.parametrize("lines, expected", [
    (["ACME Inc.", "1400 W Canal St", "Milwaukee, WI 53233"], ("1400 W Canal St", "53233", "Milwaukee", "US")),
    (["ACME Inc.", "88 Commerce Dr", "Waukesha WI 53186-1234", "USA"],
     ("88 Commerce Dr", "53186-1234", "Waukesha", "US")),
    (["ACME Inc.", "88 Redwood Hwy, Eureka, CA 95501"], ("88 Redwood Hwy", "95501", "Eureka", "US")),
    (["ACME Ltd", "Unit 7, Ballymount Industrial Estate", "Dublin 24"],
     ("Unit 7, Ballymount Industrial Estate", None, "Dublin 24", "IE")),
    (["ACME Ltd", "3 Capel Street", "Dublin D01 K2X4"], ("3 Capel Street", "D01 K2X4", "Dublin", "IE")),
    (["ACME Ltd", "14 Mill Lane", "Leeds LS1 4AB"], ("14 Mill Lane", "LS1 4AB", "Leeds", "GB")),
    (["ACME SARL", "4 rue du Port", "69007 Lyon"], ("4 rue du Port", "69007", "Lyon", None)),
    (["ACME GmbH", "Billstraße 90", "D-20539 Hamburg"], ("Billstraße 90", "20539", "Hamburg", "DE")),
    (["ACME SARL", "4 rue du Port", "F-69007 Lyon"], ("4 rue du Port", "69007", "Lyon", "FR")),
    (["ACME GmbH", "Mariahilfer Str. 3", "A-1060 Wien"], ("Mariahilfer Str. 3", "1060", "Wien", "AT")),
    (["ACME SA", "Rue Royale 10", "B-1000 Bruxelles"], ("Rue Royale 10", "1000", "Bruxelles", "BE")),
    (["ACME SARL", "4 rue du Port", "69007 Lyon", "France"], ("4 rue du Port", "69007", "Lyon", "FR")),
    (["ACME GmbH", "Billstraße 90", "20539 Hamburg", "Allemagne"], ("Billstraße 90", "20539", "Hamburg", "DE")),
    (["ACME GmbH", "Ring 9", "1010 Wien, Österreich"], ("Ring 9", "1010", "Wien", "AT")),
    (["ACME SARL", "BP 12", "69007 LYON CEDEX 07"], ("BP 12", "69007", "LYON CEDEX 07", "FR")),
    (["ACME SA", "Rue Royale 10", "1000 Bruxelles"], ("Rue Royale 10", "1000", "Bruxelles", None)),  # BE, CH or LU
    # written after the rules above, in other spellings
    (["ACME GmbH", "Billstraße 90", "DE-20539 Hamburg"], ("Billstraße 90", "20539", "Hamburg", "DE")),
    (["ACME GmbH", "Billstraße 90", "D 20539 Hamburg"], ("Billstraße 90", "20539", "Hamburg", "DE")),
    (["ACME GmbH", "Ring 1", "1010 Wien AUSTRIA"], ("Ring 1", "1010", "Wien", "AT")),
    (["ACME Sàrl", "Rue 1", "L-1234 Luxembourg"], ("Rue 1", "1234", "Luxembourg", "LU")),
    (["ACME AG", "Bahnhofstr. 1", "CH-8001 Zürich"], ("Bahnhofstr. 1", "8001", "Zürich", "CH")),
    (["ACME SARL", "1 rue Y", "75001 PARIS FRANCE"], ("1 rue Y", "75001", "PARIS", "FR")),
    (["ACME SA", "Rue 2", "4000 Liège", "Belgique"], ("Rue 2", "4000", "Liège", "BE")),
    (["ACME GmbH", "Str. 4", "80331 München (Germany)"], ("Str. 4", "80331", "München", "DE")),
    (["ACME SA", "Rue 5", "B-1000 Brussels, Belgium"], ("Rue 5", "1000", "Brussels", "BE")),
])
def test_an_address_is_parsed_by_the_shape_of_its_country(lines: list[str], expected: tuple) -> None:
    party, doubt = parse_address(lines)
    assert doubt is None
    assert (party.street, party.postcode, party.city, party.country) == expected


@pytest.mark.parametrize("lines", [
    ["ACME Inc.", "1400 W Canal St"],  # a house number is no postcode, a street no city
    ["ACME Inc.", "Dock 4 behind the main warehouse"],
    ["ACME Inc."],
    [",", ","],  # review F12: comma-only lines under a label crashed (IndexError)
    ["-,", ","],
    [" , ", ""],
])
def test_an_address_without_a_place_line_of_a_known_shape_is_doubtful(lines: list[str]) -> None:
    party, doubt = parse_address(lines)
    assert doubt
    assert party.postcode is None and party.city is None


def test_a_ship_to_read_with_doubt_holds_the_order_with_a_named_reason(config: Path) -> None:
    (entry,) = _extract(config, "shipto_unsure.pdf", "orders@harbor-office.example")["orders"]
    order = entry["order"]
    assert order["status"] == "review"
    (unsure,) = [i for i in order["issues"] if i["code"] == "SHIP-TO-UNSURE"]
    assert unsure["severity"] == "error" and unsure["field"] == "ship_to"
    assert "Dock 4 behind the main warehouse" in unsure["message"]
    assert order["ship_to"]["name"] == "Harbor Office Supplies Inc."


def test_a_doubtful_read_of_the_customers_own_address_on_file_is_not_held(config: Path) -> None:
    (entry,) = _extract(config, "shipto_known.pdf", "orders@harbor-office.example")["orders"]
    order = entry["order"]
    assert order["ship_to"]["street"] == "500 Commerce Dr, Boston 02110"  # no state: no US shape
    assert "SHIP-TO-UNSURE" not in {i["code"] for i in order["issues"]}


def test_a_sheets_deliver_to_block_beside_its_invoice_block_is_the_orders_ship_to(config: Path) -> None:
    (entry,) = _extract(config, "sheet_boxes.xlsx", "buying@northgate.example")["orders"]
    assert entry["order"]["ship_to"] == {"name": "Northgate Supplies Ltd",
                                         "street": "Kirkstall Depot, Unit 9, Savins Mill Way",
                                         "city": "Leeds", "postcode": "LS5 3RP", "country": "GB",
                                         "gln": None, "location_id": None, "contact": None}


def test_two_purchase_orders_in_one_pdf_are_two_orders() -> None:
    first, second = _orders("batch_en.pdf")
    assert (first.po_number, first.order_date, first.requested_delivery_date) == (
        "DPC-5100", date(2026, 12, 1), date(2026, 12, 18))
    assert (second.po_number, second.order_date, second.requested_delivery_date) == (
        "DPC-5101", date(2026, 12, 2), date(2026, 12, 21))
    assert [ln.customer_item for ln in first.lines] == [ln.customer_item for ln in second.lines] == [
        "OF-10231", "OF-40001"]


def test_a_page_naming_another_po_without_items_stays_with_its_order() -> None:
    (order,) = _orders("terms_page_en.pdf")
    assert order.po_number == "DPC-5200" and len(order.lines) == 2


def test_a_date_per_line_leaves_the_order_date_empty_as_for_sheets(config: Path) -> None:
    (entry,) = _extract(config, "linedates_de.pdf", "einkauf@keller-buero.example")["orders"]
    order = entry["order"]
    assert order["requested_delivery_date"] is None
    assert [ln["requested_date"] for ln in order["lines"]] == ["2026-12-15", "2027-01-12"]
    assert "DELIVERY-DATE-MISSING" not in {i["code"] for i in order["issues"]}


def _words_page(rows: list[list[tuple[str, float]]]):
    from extractors.capture.words import PageWords, Word
    words = [Word(text, x, 100 + n * 14, x + 6 * len(text), 110 + n * 14, 1.0, 1)
             for n, row in enumerate(rows) for text, x in row]
    return PageWords(1, 600.0, 800.0, tuple(words))


@pytest.mark.parametrize("billing", ["Facturer à", "Bill to", "Rechnung an"])
def test_a_delivery_box_left_of_the_billing_box_gives_its_own_lines(billing: str) -> None:
    from extractors.capture.ship_to import find_ship_to
    label, other = "Livrer à", billing
    page = _words_page([
        [(label, 40), (other, 300)],
        [("Agence", 40), ("Villeurbanne", 84), ("Papeterie", 300), ("Lyonnaise", 360), ("SA", 420)],
        [("102", 40), ("cours", 64), ("Zola", 100), ("14", 300), ("quai", 318), ("Perrache", 348)],
        [("69100", 40), ("Villeurbanne", 80), ("69002", 300), ("Lyon", 340)],
    ])
    found = find_ship_to(page)
    assert found is not None and found.doubt is None
    assert (found.party.name, found.party.street, found.party.postcode) == ("Agence Villeurbanne", "102 cours Zola",
                                                                            "69100")


def test_a_delivery_name_wrapped_in_its_box_stays_the_name() -> None:
    from extractors.capture.ship_to import find_ship_to
    page = _words_page([
        [("Adresse", 40), ("de", 90), ("livraison", 106)],
        [("Papeterie", 40), ("Lyonnaise", 100), ("-", 160)],
        [("Entrepôt", 40), ("Vénissieux", 94)],
        [("8", 40), ("avenue", 50), ("Jaurès", 94)],
        [("69200", 40), ("Vénissieux", 80)],
    ])
    found = find_ship_to(page)
    assert (found.party.name, found.party.street) == ("Papeterie Lyonnaise - Entrepôt Vénissieux", "8 avenue Jaurès")


def test_a_delivery_date_label_read_near_a_delivery_address_label_is_no_address() -> None:
    from extractors.capture.ship_to import find_ship_to
    page = _words_page([
        [("Livraison", 40), ("souhaitée", 110), ("le", 180), (":", 196), ("16/12/2026", 210)],
        [("Merci", 40), ("de", 80), ("votre", 100), ("confiance", 140)],
    ])
    assert find_ship_to(page, fuzzy=True) is None


@pytest.mark.parametrize("district, eircode", [("Dublin 12", "D12 X9Y8"), ("Dublin 2", "D02 X285")])
def test_an_eircode_on_its_own_line_under_a_dublin_district_is_the_postcode(district: str, eircode: str) -> None:
    """A Dublin postal district is a place line of its own; the Eircode printed under it still belongs to
    the address (it was dropped, and the order went out without its postcode)."""
    from extractors.capture.pdf_text import EXTRACTOR
    from testkit.drawn_pdf import drawn_pdf
    page = drawn_pdf([(60, 55, "Quayside Hospitality Ltd"), (90, 55, "PURCHASE ORDER"), (110, 55, "PO Number: QH-7781"),
                      (140, 55, "Delivery address:"), (155, 55, "Quayside Hospitality - Ballymount Store"),
                      (170, 55, "Unit 3, Ballymount Industrial Estate"), (185, 55, district), (200, 55, eircode),
                      (240, 55, "Qty"), (240, 110, "Item"), (240, 200, "Description"),
                      (258, 55, "4"), (258, 110, "NG-1001"), (258, 200, "Paper towels")])
    ship_to = EXTRACTOR.extract(page, ExtractHints(locale="en_IE")).orders[0].party("ship_to")
    assert (ship_to.street, ship_to.city, ship_to.postcode) == ("Unit 3, Ballymount Industrial Estate", district, eircode)


def _page_of(number: int, lines: list[tuple[float, float, str]]):
    from extractors.capture.words import PageWords, Word
    words = []
    for y, x, text in lines:
        for word in text.split():
            words.append(Word(word, x, y, x + 6 * len(word), y + 10, 1.0, number))
            x += 6 * len(word) + 4
    return PageWords(number, 600.0, 842.0, tuple(words))


_HEAD = [(40.0, 400.0, "Hansa Bürobedarf GmbH"), (52.0, 400.0, "Hafenstraße 4"), (64.0, 400.0, "28217 Bremen")]


@pytest.mark.parametrize("repeated", [[*_HEAD, (76.0, 400.0, "Seite 2")],  # the letterhead repeated in place
                                      [(50.0, 55.0, "Hansa Bürobedarf GmbH"), (62.0, 55.0, "Hafenstraße 4"),
                                       (74.0, 55.0, "28217 Bremen")]])  # the same address elsewhere on page 2
def test_a_label_ending_its_page_never_reads_the_next_pages_repeated_letterhead(repeated) -> None:
    # review R8: the next page was read from its top, its repeated letterhead becoming the delivery address
    from extractors.capture.address_blocks import read_ship_to
    first = _page_of(1, [*_HEAD, (76.0, 400.0, "Seite 1"), (120.0, 55.0, "Bestellung HB-26-7781"),
                         (800.0, 55.0, "Lieferadresse:")])
    second = _page_of(2, [*repeated, (130.0, 55.0, "Hansa Lager Nord"), (145.0, 55.0, "Industriestraße 7"),
                          (160.0, 55.0, "21079 Hamburg")])
    found = read_ship_to([first, second])
    assert found is not None
    if found.party is not None:  # the address the label introduces, or a doubt: never the head office
        assert (found.party.street, found.party.city) == ("Industriestraße 7", "Hamburg") and found.doubt is None
    else:
        assert found.doubt


def test_a_label_ending_its_page_reads_the_address_opening_the_next() -> None:
    from extractors.capture.address_blocks import read_ship_to
    first = _page_of(1, [*_HEAD, (120.0, 55.0, "Bestellung HB-26-7781"), (800.0, 55.0, "Lieferadresse:")])
    second = _page_of(2, [(50.0, 55.0, "Hansa Lager Nord"), (65.0, 55.0, "Industriestraße 7"),
                          (80.0, 55.0, "21079 Hamburg")])
    found = read_ship_to([first, second])
    assert found is not None and found.party is not None and found.party.city == "Hamburg"
