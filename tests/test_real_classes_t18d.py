"""The readers' rules behind the ERP print layouts an outside tester found held needlessly on issue 18 (Xero,
Business Central, Oracle, SAP, procurement portal and Sage look-alikes). The checked-in prints
(``tests/fixtures/real_producers`` families ``*_t18d``, ``make_t18d.py``) are read field for field by
``tests/test_real_producers.py``; the particular rules here, on word geometry as a text layer gives it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from extractors.base import ExtractHints
from extractors.capture.layout import read_order_document
from extractors.capture.ship_to import parse_address
from extractors.capture.words import PageWords, Word


def _page(lines: list[list[tuple[str, float]]], size: float = 14.0, n: int = 1) -> PageWords:
    words = []
    for row, line in enumerate(lines):
        y = 60 + row * 26
        for text, x in line:
            words.append(Word(text, x, y, x + 8 * len(text), y + size, 1.0, n))
    return PageWords(n, 1400.0, 1980.0, tuple(words))


ITEMS = [[("Pos.", 60), ("Material", 140), ("Bezeichnung", 300), ("Menge", 800), ("ME", 900), ("Preis", 1000), ("Wert", 1150)],
         [("00010", 60), ("HT.12062", 140), ("Ölbindemittel", 300), ("Granulat", 420), ("12,5", 800), ("kg", 900),
          ("3,48", 1000), ("43,50", 1150)],
         [("Gesamtnettowert", 800), ("43,50", 1150)]]


def test_an_sap_number_and_date_cell_gives_the_po_and_the_order_date() -> None:
    """"Bestellnummer/Datum | 4500012345 / 16.12.2026" in the key-value grid right of the vendor's address."""
    page = _page([[("Meridian", 60), ("Office", 140), ("Supply", 200), ("Bestellung", 700)],
                  [("Unit", 60), ("4", 100), ("Kestrel", 120), ("Park", 190), ("Bestellnummer/Datum", 700),
                   ("4500012345", 900), ("/", 990), ("16.12.2026", 1005)],
                  [("Reading", 60), ("RG2", 130), ("0QF", 165), ("Lieferdatum", 700), ("21.12.2026", 900)],
                  [], *ITEMS])
    (order,) = read_order_document([page], ExtractHints(locale="de_DE"), "pdf_text", ocr=False).orders
    assert order.po_number == "4500012345"
    assert order.order_date == date(2026, 12, 16)
    assert order.requested_delivery_date == date(2026, 12, 21)


def test_a_sages_total_vat_row_is_the_tax_the_total_adds_and_the_carriage_the_orders_charge() -> None:
    """"Total Net Amount / Carriage / Total VAT / TOTAL": the order's total is the goods and the carriage, before VAT."""
    page = _page([[("Purchase", 60), ("Order", 150), ("Order", 700), ("No.", 760), ("PO/26/0912", 900)],
                  [("Order", 700), ("Date", 760), ("04/12/2026", 900)],
                  [],
                  [("Code", 60), ("Description", 300), ("Qty", 800), ("Unit", 900), ("Price", 1000), ("Net", 1150)],
                  [("AP-12090", 60), ("Toner", 300), ("cartridge", 360), ("10", 800), ("EA", 900), ("89.90", 1000), ("899.00", 1150)],
                  [("AP-12041", 60), ("Ballpoint", 300), ("pen", 390), ("2", 800), ("PK", 900), ("3.90", 1000), ("7.80", 1150)],
                  [("Total", 900), ("Net", 950), ("Amount", 990), ("906.80", 1150)],
                  [("Carriage", 900), ("12.50", 1150)],
                  [("Total", 900), ("VAT", 950), ("183.86", 1150)],
                  [("TOTAL", 900), ("1,103.16", 1150)]])
    (order,) = read_order_document([page], ExtractHints(locale="en_GB"), "pdf_text", ocr=False).orders
    assert order.total == Decimal("919.30")
    assert [(a.kind, a.amount) for a in order.allowances] == [("charge", Decimal("12.50"))]


def test_a_uk_county_between_the_town_and_the_postcode_is_neither_street_nor_city() -> None:
    party, doubt = parse_address(["Ashdown Print Works Ltd", "Unit 3, Edinburgh Way", "Harlow", "Essex", "CM20 2DG"])
    assert doubt is None
    assert (party.street, party.postcode, party.city, party.country) == ("Unit 3, Edinburgh Way", "CM20 2DG", "Harlow", "GB")


def _bc_page(title: list[list[tuple[str, float]]]) -> PageWords:
    """A Business Central-like header: the title and its number wrapped in a narrow cell right of the address,
    "Order Date" and "Expected" / "Receipt Date" beside values wrapped over three lines."""
    rows = [[("Harbor", 60), ("Office", 120), ("Supplies", 180), *title[0]],
            [("500", 60), ("Commerce", 95), ("Dr", 175), *title[1]],
            [("02110", 60), ("Boston", 110), *title[2]],
            [("Order", 700), ("Date", 750), ("1", 900)],
            [("December", 900)],
            [("2026", 900)],
            [("Expected", 700), ("11", 900)],
            [("Receipt", 700), ("Date", 765), ("December", 900)],
            [("2026", 900)],
            [],
            [("No.", 60), ("Description", 140), ("Quantity", 700), ("Unit", 800), ("Unit", 900), ("Price", 945),
             ("Amount", 1150)],
            [("TK-", 60), ("Copy", 140), ("paper", 185), ("A4", 235), ("12", 700), ("BX", 800), ("24.50", 900),
             ("294.00", 1150)],
            [("12008", 60)],
            [("Total", 900), ("294.00", 1150)]]
    return _page(rows)


def test_a_title_and_its_number_wrapped_in_a_narrow_cell_give_the_po() -> None:
    page = _bc_page([[("Purchase", 1000)], [("Order", 1032)], [("106018", 1024)]])
    (order,) = read_order_document([page], ExtractHints(locale="en_US"), "pdf_text", ocr=False).orders
    assert order.po_number == "106018"


def test_dates_wrapped_over_three_lines_beside_their_labels_are_read() -> None:
    """"Order Date | 1 / December / 2026"; "Expected / Receipt Date" (a label of its own, "Expected", on its
    first line) beside "11 / December / 2026"; "Receipt Date" is a label, no receipt's title."""
    page = _bc_page([[("Purchase", 1000)], [("Order", 1032)], [("106018", 1024)]])
    extraction = read_order_document([page], ExtractHints(locale="en_US"), "pdf_text", ocr=False)
    (order,) = extraction.orders
    assert (order.order_date, order.requested_delivery_date) == (date(2026, 12, 1), date(2026, 12, 11))
    assert order.lines[0].customer_item == "TK-12008"


def test_a_postcode_level_with_a_stacked_po_label_is_not_the_po() -> None:
    """Xero: "Date / Purchase Order Number / Reference" label over value in a middle column, the buyer's address
    right of it with "LE65 1AA" level with the PO's label."""
    page = _page([[("PURCHASE", 60), ("ORDER", 170), ("Date", 600), ("Ashby", 900), ("Joinery", 950), ("Ltd", 1015)],
                  [("21", 600), ("Dec", 625), ("2026", 660), ("Ashby", 900)],
                  [("Purchase", 600), ("Order", 672), ("Number", 718), ("LE65", 900), ("1AA", 940)],
                  [("PO-0413", 600)],
                  [], *[[("Item", 60), ("Description", 300), ("Quantity", 800), ("Unit", 900), ("Price", 945),
                         ("Amount", 1150)],
                        [("AJ-12133", 60), ("Desk", 300), ("calculator", 345), ("3", 800), ("14.90", 900), ("44.70", 1150)],
                        [("TOTAL", 900), ("44.70", 1150)]]])
    (order,) = read_order_document([page], ExtractHints(locale="en_GB"), "pdf_text", ocr=False).orders
    assert order.po_number == "PO-0413"


def test_a_code_wrapped_at_its_hyphen_at_the_start_of_the_description_is_the_items_code() -> None:
    """Oracle: the "Item" cell too narrow for its title to name a column: "TK-" / "12057" at the head of the
    description's two lines; and "TK-12099 27 inch IPS monitor": the code before a measure."""
    page = _page([[("PURCHASE", 60), ("ORDER", 170), ("Order", 700), ("4471203", 770)],
                  [],
                  [("Line", 60), ("Description", 140), ("Quantity", 800), ("UOM", 900), ("Price", 1000), ("Amount", 1150)],
                  [("1", 60), ("TK-12099", 140), ("27", 215), ("inch", 240), ("monitor", 285), ("1", 800), ("EA", 900),
                   ("2,189.00", 1000), ("2,189.00", 1150)],
                  [("2", 60), ("TK-", 140), ("Industrial", 215), ("granules.", 300), ("2", 800), ("kg", 900), ("3.48", 1000),
                   ("6.96", 1150)],
                  [("12057", 140), ("Supplier", 215), ("to", 290), ("quote", 310)],
                  [("Total", 1000), ("2,195.96", 1150)]])
    (order,) = read_order_document([page], ExtractHints(locale="en_GB"), "pdf_text", ocr=False).orders
    assert [ln.customer_item for ln in order.lines] == ["TK-12099", "TK-12057"]
    assert order.lines[1].description.startswith("Industrial granules.")


def test_a_post_town_named_like_its_county_stays_the_city() -> None:
    """Review Q3: Bristol and Durham are post towns: a locality line over them stays in the street."""
    from extractors.capture.ship_to import parse_address
    for lines, city in ((["Acme Ltd", "12 Park Street", "Clifton", "Bristol", "BS8 1AA"], "Bristol"),
                        (["Acme Ltd", "1 Market Place", "Gilesgate", "Durham", "DH1 1AA"], "Durham")):
        party, doubt = parse_address(lines)
        assert (party.city, doubt) == (city, None) and party.street.endswith(lines[2])


def test_a_quote_with_its_number_and_date_stays_a_quote() -> None:
    """Review Q5: "Quote No. Q-2291" / "Quote Date:" and the customer's "Order No.: PO-5521" is a quote, no order."""
    from extractors.base import ExtractHints
    from extractors.capture.pdf_text import EXTRACTOR
    from testkit.drawn_pdf import drawn_pdf
    data = drawn_pdf([
        (60, 55, "Meridian Office Supply Ltd"), (60, 380, "Quote No. Q-2291"), (90, 55, "Quote Date:"),
        (90, 160, "03/12/2026"), (105, 55, "Order No.:"), (105, 160, "PO-5521"),
        *((170, x, t) for x, t in [(55, "Item"), (190, "Description"), (330, "Qty"), (390, "Price"), (460, "Amount")]),
        *((188, x, t) for x, t in [(55, "OFS-1001"), (190, "Copy paper A4"), (330, "5"), (390, "18.50"),
                                   (460, "92.50")]),
        (230, 330, "Total"), (230, 460, "92.50")])
    assert EXTRACTOR.extract(data, ExtractHints(locale="en_GB")).doc_type.value != "order"


@pytest.mark.parametrize("under", ["Rev.2", "D-80331", "CH-8004", "Seite 1/2"])
def test_a_revision_mark_or_a_postcode_under_a_wrapped_title_is_no_po(under: str) -> None:
    """Review Q9: "Purchase" / "Order" / "Rev.2" (or a postcode of the address beside it): no PO read."""
    from extractors.base import ExtractHints
    from extractors.capture.pdf_text import EXTRACTOR
    from testkit.drawn_pdf import drawn_pdf
    data = drawn_pdf([(60, 400, "Purchase"), (74, 400, "Order"), (88, 400, under), (70, 55, "Becker Ltd"),
                      (170, 55, "Delivery Date:"), (170, 160, "18/12/2026"),
                      *((200, x, t) for x, t in [(55, "Item"), (190, "Description"), (330, "Qty"), (390, "Price")]),
                      *((218, x, t) for x, t in [(55, "OFS-1001"), (190, "Copy paper A4"), (330, "5"), (390, "18.50")])])
    orders = EXTRACTOR.extract(data, ExtractHints(locale="en_GB")).orders
    assert all(o.po_number != under for o in orders)
