"""Purchase orders printed from ERP systems (issue 18, the outside tester's classes): Odoo's report, SAP Business One,
SAP R/3 fixed-width prints and public-sector fixed-width POs, printed by Chromium from ``testkit.erp_prints``.

Each is sent as an e-mail attachment through the gateway's extract path, over the trust master data; an order that
goes out must be right in every field, one the reader cannot be sure of waits with a named reason.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import pytest

from testkit.erp_prints import DE, FR, IE, UOM, US, ErpOrder, PRICE, business_central, fixed_width, netsuite, odoo, sapb1, sapr3, shopify, woocommerce
from testkit.trust_corpus import trust_config

ORDERED, DUE = date(2026, 12, 4), date(2027, 1, 8)  # a requested day <= 12


@pytest.fixture(scope="module")
def config_path(tmp_path_factory) -> Path:
    return trust_config(tmp_path_factory.mktemp("erp_prints"))


def extract(config: Path, name: str, html: str, order: ErpOrder, tmp: Path) -> dict:
    from tests.printed import printed_pdf
    from tests.test_trust import in_process_extract, orders_in
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = order.customer.email, "orders@gateway.example", f"Order {order.po}"
    msg["Date"] = format_datetime(datetime.combine(order.order_date, datetime.min.time()).replace(hour=15))
    msg.set_content("Please find our order attached.\n")
    msg.add_attachment(printed_pdf(name, html).read_bytes(), maintype="application", subtype="pdf", filename="po.pdf")
    (got,) = orders_in(in_process_extract(config, msg.as_bytes(), "po.eml", tmp, channel="smtp",
                                          sender=order.customer.email))
    return got


def codes(got: dict) -> set[str]:
    return {i["code"] for i in got["issues"]}


def assert_right(got: dict, order: ErpOrder) -> None:
    """Out untouched, every field right."""
    assert got["status"] == "ready", got["issues"]
    assert (got["po_number"], got["order_date"]) == (order.po, order.order_date.isoformat())
    assert got["requested_delivery_date"] in (None, order.requested.isoformat())
    assert all(ln.get("requested_date") in (None, order.requested.isoformat()) for ln in got["lines"])
    assert [(ln["sku"], Decimal(ln["quantity"]), ln["uom"], Decimal(ln["unit_price"])) for ln in got["lines"]] == \
        [(sku, Decimal(q), UOM[sku], PRICE[sku]) for sku, q in order.lines]


LINES = [("TP-1003", 40), ("TP-1006", 5), ("TP-1005", 100), ("TP-1002", 25), ("TP-1004", 150), ("TP-1001", 3)]


@pytest.mark.parametrize("customer", [US, DE, FR])
def test_a_fixed_width_po_is_read_under_its_typed_rule(config_path, tmp_path, customer):
    """The rule of dashes under the titles is no part of the first item (its code read '----------TP-1001', its unit
    '----- EA'), and the 'SHIP TO:' row the address is read from is no note naming another place."""
    order = ErpOrder(customer, "PO-2026-2178", ORDERED, DUE, LINES[:4], wrap=True)
    got = extract(config_path, f"erp_fixed_{customer.country.lower()}", fixed_width(order), order, tmp_path)
    assert_right(got, order)


@pytest.mark.parametrize("customer,per", [(DE, 100), (US, 1), (FR, 100), (IE, 10)])
def test_an_sap_price_per_a_number_of_units_is_the_price_and_its_basis(config_path, tmp_path, customer, per):
    """'1.200,00 je 100 ST', '650.00 per 100 BOX', and '1.20 per   1 M' whose basis the next column's bound cuts off."""
    order = ErpOrder(customer, "4500070753", ORDERED, DUE, LINES[:5], wrap=customer is FR, per=per)
    got = extract(config_path, f"erp_sapr3_{customer.country.lower()}_{per}", sapr3(order), order, tmp_path)
    assert_right(got, order)


def test_an_sap_price_for_another_unit_than_the_line_is_not_read(config_path, tmp_path):
    """'12,00 je 1 KAR' on a line ordered in ST: the printed price is of another unit, no price read from it; the
    order waits (the price the amount gives is doubted)."""
    order = ErpOrder(DE, "4500070754", ORDERED, DUE, [("TP-1002", 10)])
    got = extract(config_path, "erp_sapr3_other_unit", sapr3(order, unit_of_price="KAR"), order, tmp_path)
    assert got["status"] == "review" and codes(got) & {"PRICE-UNREAD", "CONFIDENCE-LOW"}


@pytest.mark.parametrize("customer", [US, DE, IE])
def test_an_odoo_purchase_order_is_read(config_path, tmp_path, customer):
    """Odoo's report: '40.00 Box' right-aligned under 'Qty' leaves the price under 'Unit Price' its own, and an amount
    wrapped under its sign ('$' / '3,200.00') stays its item's."""
    order = ErpOrder(customer, "P00155", ORDERED, DUE, LINES, wrap=True)
    got = extract(config_path, f"erp_odoo_{customer.country.lower()}", odoo(order), order, tmp_path)
    assert_right(got, order)


@pytest.mark.parametrize("customer", [US, FR])
def test_an_sap_business_one_order_is_read(config_path, tmp_path, customer):
    """SAP Business One: money wrapped in its ruled cell after its currency ('USD' / '4.50') is two words, and a
    quantity ('150.00') under 'Item No.' is never the PO number."""
    order = ErpOrder(customer, "2361", ORDERED, DUE, [("TP-1004", 20), ("TP-1005", 3), ("TP-1001", 150)], wrap=True)
    got = extract(config_path, f"erp_sapb1_{customer.country.lower()}", sapb1(order), order, tmp_path)
    assert_right(got, order)


def test_a_two_decimal_number_is_no_po_number():
    from extractors.capture.header_fields import DECIMAL_AMOUNT
    assert all(DECIMAL_AMOUNT.fullmatch(v) for v in ("150.00", "1,234.50", "2.985,00"))
    assert not any(DECIMAL_AMOUNT.fullmatch(v) for v in ("4500070753", "PO-2026-2178", "2026.001", "26/775"))


@pytest.mark.parametrize("customer", [FR, DE])
def test_odoo_order_deadline_in_french_and_german_is_the_order_date(config_path, tmp_path, customer):
    """Odoo prints the order's date under 'Order Deadline' on a request for quotation: 'Date limite de commande',
    'Bestellfrist' in its French and German."""
    order = ErpOrder(customer, "P00042", ORDERED, DUE, LINES[:3])
    got = extract(config_path, f"erp_odoo_deadline_{customer.country.lower()}", odoo(order, deadline=True), order,
                  tmp_path)
    assert_right(got, order)


@pytest.mark.parametrize("customer", [FR, DE, US])
def test_an_sap_business_one_order_without_rules_is_read(config_path, tmp_path, customer):
    """No rules: the code run into the description in the text layer ('TP-1004Câble': cut at the code's last digit,
    not at the letter the title's start falls on), the title wrapped in its cell ('N°' / 'article') no part of the
    first item's code, the money wrapped under its currency ('EUR' / '19,90') and at its thousands space
    ('EUR 1' / '194,00')."""
    order = ErpOrder(customer, "40617", ORDERED, DUE, [("TP-1001", 2), ("TP-1005", 2), ("TP-1001", 60), ("TP-1004", 2),
                                                     ("TP-1002", 1)], wrap=True)
    got = extract(config_path, f"erp_sapb1_plain_{customer.country.lower()}", sapb1(order, ruled=False), order, tmp_path)
    assert_right(got, order)


def test_a_glued_code_is_cut_at_its_last_digit():
    from extractors.capture.table_cells import Column, Grid, _code_run_into_text
    from extractors.capture.words import Word
    grid = Grid((Column("code", 100.0, 130.0, 1.0), Column("description", 140.0, 200.0, 1.0)), (135.0,))
    word = Word("TP-1004Câble", 100.0, 0.0, 160.0, 10.0, 1.0, 1)  # 5 a letter: the title's start falls on the "C"
    assert [w.text for w in _code_run_into_text(word, grid)] == ["TP-1004", "Câble"]


def test_a_count_of_cases_beside_the_quantity_is_not_the_quantity(config_path, tmp_path):
    """Routed t2 F14 (went out wrong): 'Cases | Units/Case | Quantity | Unit Price', 5 cases of 12 are 60 staplers;
    the cases' count went out as the quantity."""
    rows = [("TP-1002", "Stapler", "5", "12", "60", "12.00"), ("TP-1006", "Sticky notes", "2", "10", "20", "4.50")]
    html = ("<html><body style='font-family:Arial;font-size:11pt'><h2>Purchase Order</h2><p>PO Number: PO-55120<br>"
            "Order date: 12/04/2026<br>Delivery date: 01/08/2027</p><table border=1 cellpadding=4 "
            "style='border-collapse:collapse'><tr><th>Item</th><th>Description</th><th>Cases</th><th>Units/Case</th>"
            "<th>Quantity</th><th>Unit Price</th></tr>"
            + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows) + "</table></body></html>")
    order = ErpOrder(US, "PO-55120", ORDERED, DUE, [("TP-1002", 60), ("TP-1006", 20)])
    assert_right(extract(config_path, "erp_cases_beside_quantity", html, order, tmp_path), order)


SAP_PRO = """Hansa Bürotechnik GmbH                            Bestellung
                                                  Bestellnummer/Datum
                                                  4500012345 / 04.12.2026
Lieferdatum: 08.01.2027

Pos.  Material   Bezeichnung                Menge ME       Preis  pro        Wert
---------------------------------------------------------------------------------
00010 TP-1002    Heftgerät Metall             200 ST    1.200,00  100 ST   2.400,00
00020 TP-1006    Haftnotizen gelb              20 PAK      45,00   10 PAK     90,00
---------------------------------------------------------------------------------
Gesamtnettowert ohne Mwst EUR                                              2.490,00
"""


def test_an_sap_price_unit_column_titled_pro_gives_the_basis(config_path, tmp_path):
    """Routed t2 F15: 'Preis | pro | Wert' with '1.200,00 | 100 ST': the price of 100 pieces, not of one."""
    from testkit.erp_prints import monospace
    order = ErpOrder(DE, "4500012345", ORDERED, DUE, [("TP-1002", 200), ("TP-1006", 20)])
    assert_right(extract(config_path, "erp_sapr3_pro_column", monospace(SAP_PRO), order, tmp_path), order)


def test_an_sap_price_unit_in_another_unit_is_no_basis(config_path, tmp_path):
    from testkit.erp_prints import monospace
    order = ErpOrder(DE, "4500012345", ORDERED, DUE, [("TP-1002", 200), ("TP-1006", 20)])
    got = extract(config_path, "erp_sapr3_pro_other_unit", monospace(SAP_PRO.replace("100 ST ", "100 KAR")), order,
                  tmp_path)
    assert got["status"] == "review"


def test_belgian_price_titles_hors_tva_name_their_columns(config_path, tmp_path):
    """Routed t2 F12: 'PU HTVA' / 'Montant HTVA' (Belgian "hors TVA") are the price and the amount."""
    rows = [("TP-1002", "Agrafeuse métal", "25", "12,00", "300,00"), ("TP-1006", "Notes jaunes", "10", "4,50", "45,00")]
    html = ("<html><body style='font-family:Arial;font-size:11pt'><h2>Bon de commande</h2><p>N° de commande : BE-7781<br>"
            "Date de commande : 04/12/2026<br>Date de livraison : 08/01/2027</p><table border=1 cellpadding=4 "
            "style='border-collapse:collapse'><tr><th>Référence</th><th>Désignation</th><th>Qté</th><th>PU HTVA</th>"
            "<th>Montant HTVA</th></tr>" + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
            + "<tr><td colspan=4>Total HTVA</td><td>345,00</td></tr></table></body></html>")
    order = ErpOrder(FR, "BE-7781", ORDERED, DUE, [("TP-1002", 25), ("TP-1006", 10)])
    assert_right(extract(config_path, "erp_be_htva", html, order, tmp_path), order)


def test_odoo_german_datum_bed_is_the_lines_date(config_path, tmp_path):
    """Routed t2 F2: Odoo's German 'Datum Bed.' (its 'Date Req.') over each line's date, and 'Stückpreis'."""
    order = ErpOrder(DE, "P00078", ORDERED, DUE, LINES[:3])
    html = odoo(order).replace("Benötigt am", "Datum Bed.").replace("Einzelpreis", "Stückpreis")
    got = extract(config_path, "erp_odoo_datum_bed", html, order, tmp_path)
    assert_right(got, order)
    assert all(ln["requested_date"] == DUE.isoformat() for ln in got["lines"])


def test_a_delivery_label_with_its_colon_set_apart_reads_the_address_beside_it(config_path, tmp_path):
    """Routed t2 F6: a fixed-width print's 'Lieu de livraison  : NAME, STREET,' / 'POSTCODE TOWN' (the colon set
    apart by the label's padding): the address, not 'nothing readable'."""
    import html as H
    order = ErpOrder(FR, "RQ26-3381", ORDERED, DUE, [("TP-1002", 5), ("TP-1006", 10)])
    printed = fixed_width(order)
    typed = H.escape("LIVRER À :        ENTREPÔT B, 12 RUE DES LILAS  \n                  69003 LYON")
    assert typed in printed
    html = printed.replace(typed, H.escape("Lieu de livraison  : PAPETERIE LENOIR SARL, 12 RUE DES LILAS,\n"
                                           "                     69003 LYON"))
    got = extract(config_path, "erp_fixed_colon_apart", html, order, tmp_path)
    assert_right(got, order)
    assert (got["ship_to"]["postcode"], got["ship_to"]["city"]) == ("69003", "LYON")


def test_an_ariba_print_ship_all_items_to_and_unit_beside_price(config_path, tmp_path):
    """Routed t2 F8: 'Ship All Items To: <the customer's address>' is the delivery address (no note naming another
    place), and the ruled titles 'Unit' | 'Price' are two columns, not one 'Unit Price' over both cells."""
    html = ("<html><body style='font-family:Arial;font-size:10pt'><h2>Purchase Order</h2><p>Order Number: PO4471<br>"
            "Order Date: 12/04/2026<br>Need-By Date: 01/08/2027</p><p>Ship All Items To: Keystone Supply Inc, 1200 "
            "Commerce Drive, Springfield, IL 62704, United States</p><table border=1 cellpadding=4 "
            "style='border-collapse:collapse'><tr><th>Line #</th><th>Part #</th><th>Description</th><th>Qty</th>"
            "<th>Unit</th><th>Price</th><th>Extended Price</th></tr><tr><td>1</td><td>TP-1002</td><td>Stapler</td>"
            "<td>5</td><td>EA</td><td>12.00</td><td>60.00</td></tr><tr><td>2</td><td>TP-1006</td><td>Sticky notes</td>"
            "<td>10</td><td>PK</td><td>4.50</td><td>45.00</td></tr></table></body></html>")
    order = ErpOrder(US, "PO4471", ORDERED, DUE, [("TP-1002", 5), ("TP-1006", 10)])
    got = extract(config_path, "erp_ariba_ship_all", html, order, tmp_path)
    assert_right(got, order)
    assert got["ship_to"]["postcode"] == "62704" and "CHANGE-TYPED" not in codes(got)


def test_an_sap_items_delivery_date_carried_onto_the_next_page_is_its_own(config_path, tmp_path):
    """A long SAP print whose page ends under an item's first row: its description's end and its 'Date de
    livraison : J 04/01/2027' sub-row open the next page (no header repeated); the date is still that item's."""
    lines = [("TP-1002", 12), ("TP-1002", 30), ("TP-1004", 1), ("TP-1006", 2), ("TP-1005", 120), ("TP-1003", 12),
             ("TP-1006", 12), ("TP-1005", 30), ("TP-1005", 30), ("TP-1001", 2), ("TP-1003", 30), ("TP-1006", 2),
             ("TP-1001", 10), ("TP-1006", 120), ("TP-1006", 30), ("TP-1003", 24), ("TP-1006", 12), ("TP-1001", 30),
             ("TP-1003", 4), ("TP-1005", 2), ("TP-1004", 1), ("TP-1002", 10)]
    order = ErpOrder(FR, "4500064804", date(2026, 12, 3), date(2027, 1, 4), lines, wrap=True)
    html = sapr3(order)
    got = extract(config_path, "erp_sapr3_two_pages", html, order, tmp_path)
    assert_right(got, order)
    assert all(ln["requested_date"] == "2027-01-04" for ln in got["lines"])


def test_a_description_wrapped_under_the_repeated_header_is_no_title_line(config_path, tmp_path):
    """Odoo over two pages: the header repeated on page 2 is followed by the end of an item's description ('labelled
    with our PO number and cost' / 'centre'); its 'cost' is no 'Unit Price' title moved left, the prices under the
    true title stay read."""
    lines = [("TP-1004", 4), ("TP-1006", 10), ("TP-1003", 120), ("TP-1003", 30), ("TP-1001", 2), ("TP-1004", 30),
             ("TP-1004", 30), ("TP-1003", 2), ("TP-1002", 2), ("TP-1006", 12), ("TP-1006", 10), ("TP-1004", 4),
             ("TP-1005", 1), ("TP-1002", 60), ("TP-1003", 4), ("TP-1006", 60), ("TP-1001", 60), ("TP-1003", 2),
             ("TP-1006", 10), ("TP-1005", 12), ("TP-1002", 12), ("TP-1002", 60), ("TP-1005", 60), ("TP-1003", 6),
             ("TP-1005", 6), ("TP-1002", 24), ("TP-1006", 6), ("TP-1002", 60)]
    order = ErpOrder(IE, "P00728", date(2026, 12, 1), date(2027, 1, 2), lines, wrap=True)
    got = extract(config_path, "erp_odoo_two_pages", odoo(order), order, tmp_path)
    assert_right(got, order)


def test_delivery_to_a_cost_centre_in_an_items_text_is_no_address(config_path, tmp_path):
    """Routed t2 F7: 'Lieferung an Kostenstelle 4310, bitte einzeln etikettieren' in an item's description names
    the account the goods are booked to, not a place: no ship-to read from it, no note naming another place."""
    def row(n: int, sku: str, text: str, qty: int, unit: str, price: str, amount: str) -> str:
        return (f"<tr><td>{n}</td><td>{sku}</td><td style='width:40%'>{text} –<br>Lieferung an Kostenstelle {4300 + n * 10}, "
                f"bitte einzeln etikettieren</td><td>{qty}</td><td>{unit}</td><td>{price}</td><td>{amount}</td></tr>")
    html = ("<html><body style='font-family:Arial;font-size:10pt'><h2>Bestellung</h2><p>Bestellnummer: B-2026-0412<br>"
            "Bestelldatum: 04.12.2026<br>Liefertermin: 08.01.2027</p><table style='border-collapse:collapse' cellpadding=4>"
            "<tr><th>Pos.</th><th>Artikel-Nr.</th><th>Bezeichnung</th><th>Menge</th><th>Einheit</th><th>Einzelpreis</th>"
            "<th>Gesamt</th></tr>" + row(1, "TP-1002", "Heftgerät Metall", 5, "Stk", "12,00", "60,00")
            + row(2, "TP-1006", "Haftnotizen gelb", 10, "Pkg", "4,50", "45,00")
            + "<tr><td colspan=6>Summe netto</td><td>105,00</td></tr></table></body></html>")
    order = ErpOrder(DE, "B-2026-0412", ORDERED, DUE, [("TP-1002", 5), ("TP-1006", 10)])
    got = extract(config_path, "erp_cost_centre", html, order, tmp_path)
    assert_right(got, order)
    assert got["ship_to"] is None and not codes(got) & {"SHIP-TO-UNSURE", "CHANGE-TYPED"}


def test_a_cost_centre_and_its_number_are_no_postcode():
    from extractors.capture.page_notes import COST_CENTRE
    assert COST_CENTRE.sub(" ", "Lieferung an Kostenstelle 4310, bitte").split() == ["Lieferung", "an", ",", "bitte"] \
        or "4310" not in COST_CENTRE.sub(" ", "Lieferung an Kostenstelle 4310, bitte")
    assert COST_CENTRE.search("Deliver to 12 Mill Lane, Leeds LS1 4DL") is None


@pytest.mark.parametrize("customer", [IE, US])
def test_business_central_titles_direct_unit_cost_excl_tax_name_the_price(config_path, tmp_path, customer):
    """Routed t2 F2: Dynamics 365 Business Central's 'No. | Description | Quantity | Unit of Measure | Direct Unit Cost
    Excl. Tax | Amount Excl. Tax'. 'Direct' before 'Unit' is the title printed whole, not one cut short at its cell's
    edge (it left 'Unit Cost Excl. Tax' nameless and the price unread: held PRICE-FROM-AMOUNT)."""
    order = ErpOrder(customer, "1064471", ORDERED, DUE, [("TP-1004", 12), ("TP-1006", 2), ("TP-1002", 12), ("TP-1003", 40)])
    got = extract(config_path, f"erp_bc_{customer.country.lower()}", business_central(order), order, tmp_path)
    assert_right(got, order)


def test_netsuite_date_stacked_under_the_title_and_number_is_the_order_date(config_path, tmp_path):
    """Routed t2 F3: NetSuite's top-right block 'Purchase Order' / '#PO-26-01873' / '12/3/2026', no label, the
    letterhead's 'United States' far left on the date's line: the date closing the title block is the order's."""
    order = ErpOrder(US, "PO-26-01873", date(2026, 12, 3), DUE, [("TP-1004", 12), ("TP-1006", 2), ("TP-1002", 12)])
    got = extract(config_path, "erp_netsuite_us", netsuite(order), order, tmp_path)
    assert_right(got, order)


def test_netsuite_date_under_an_address_line_alone_is_no_order_date(tmp_path):
    """A date under an address's last line (no title and number stacked over it) beside a label-like phrase stays
    no order date: only the title block leaves no doubt."""
    from extractors.capture.letter_dates import lone_date
    from extractors.capture.words import Phrase, Row, Word
    from extractors.locale_values import DocLocale

    def row(y: float, *phrases: tuple[str, float]) -> Row:
        ps = []
        for text, x in phrases:
            ws, at = [], x
            for t in text.split():
                ws.append(Word(t, at, y, at + 9 * len(t), y + 20, 1.0, 1))
                at += 9 * len(t) + 6
            ps.append(Phrase(tuple(ws)))
        return Row(1, tuple(w for p in ps for w in p.words), tuple(ps))
    loc = DocLocale(date_order="mdy")
    titled = [row(100, ("Springfield IL", 50), ("Purchase Order", 1000)), row(124, ("1200 Commerce", 50), ("#PO-26-01873", 1000)),
              row(148, ("United States", 50), ("12/3/2026", 1000))]
    assert lone_date(titled, 2, loc) is not None
    untitled = [row(100, ("Springfield IL", 50), ("Memo", 1000)), row(124, ("1200 Commerce", 50), ("Restock", 1000)),
                row(148, ("Delivery date", 50), ("12/3/2026", 1000))]
    assert lone_date(untitled, 2, loc) is None


def test_woocommerce_heading_date_in_brackets_after_the_number_is_the_order_date(config_path, tmp_path):
    """Routed t2 F3: WooCommerce's '[Commande n°8841] (4 décembre 2026)': the number without its bracket, the date in
    brackets after it the order's."""
    order = ErpOrder(FR, "8841", date(2026, 12, 4), DUE, [("TP-1006", 4), ("TP-1004", 25), ("TP-1003", 4)])
    got = extract(config_path, "erp_woocommerce_fr", woocommerce(order), order, tmp_path)
    assert (got["po_number"], got["order_date"]) == ("8841", "2026-12-04")
    assert [(ln["sku"], Decimal(ln["quantity"])) for ln in got["lines"]] == [(s, Decimal(q)) for s, q in order.lines]


def test_woocommerce_shipping_row_with_its_method_is_the_orders_charge(config_path, tmp_path):
    """Routed t2 F4: 'Expédition : 12,00 € via Forfait' in a web shop's totals block is the order's shipping charge,
    and the total that includes it agrees (it was held TOTAL-MISMATCH)."""
    order = ErpOrder(FR, "8841", date(2026, 12, 4), DUE, [("TP-1006", 4), ("TP-1004", 25), ("TP-1003", 4)])
    got = extract(config_path, "erp_woocommerce_fr", woocommerce(order), order, tmp_path)
    assert [(a["kind"], Decimal(a["amount"])) for a in got["allowances"]] == [("charge", Decimal("12.00"))]
    assert Decimal(got["total"]) == Decimal("86.00") and "TOTAL-MISMATCH" not in codes(got)


def test_shopify_cards_name_times_count_and_sku_under_it_are_lines(config_path, tmp_path):
    """Routed t2 F2 (Shopify): cards 'Copy paper A4 80g, carton of 5 reams × 10  $320.00' / 'SKU: TP-1005' are the
    order's lines (none was read: LINES-MISSING); '76x76' in a name is no count."""
    order = ErpOrder(US, "71427", date(2026, 12, 4), DUE, [("TP-1003", 20), ("TP-1005", 10), ("TP-1006", 8), ("TP-1002", 4)])
    got = extract(config_path, "erp_shopify_us", shopify(order), order, tmp_path)
    assert "LINES-MISSING" not in codes(got)
    assert [(ln["sku"], Decimal(ln["quantity"]), Decimal(ln["unit_price"])) for ln in got["lines"]] == \
        [(sku, Decimal(q), PRICE[sku]) for sku, q in order.lines]


@pytest.mark.parametrize("word", ["Karton", "KAR"])
def test_cartons_of_a_boxed_product_at_the_boxs_price_and_amount_are_boxes(config_path, tmp_path, word):
    """Routed t2 F5: '10 Karton' of pens sold by the box (4 boxes to the conversion table's carton) at exactly the box's
    list price, the amount ten boxes' money: ten boxes, out untouched (it held UOM-PACK-UNSURE, UOM-NOT-PRODUCT-UNIT and
    PRICE-MISMATCH). The quantity is never multiplied by the carton's four."""
    from testkit.erp_prints import karton_order
    order = ErpOrder(DE, "45881207", ORDERED, DUE, [("TP-1003", 10), ("TP-1001", 3), ("TP-1006", 5)])
    got = extract(config_path, f"erp_karton_{word.lower()}", karton_order(order, word), order, tmp_path)
    assert_right(got, order)


def test_cartons_at_the_boxs_price_with_another_amount_still_wait(config_path, tmp_path):
    """The same line whose amount is four boxes' money per carton (10 x 26,00) is no box's: it is not taken as boxes."""
    from testkit.erp_prints import karton_order
    order = ErpOrder(DE, "45881208", ORDERED, DUE, [("TP-1003", 10), ("TP-1001", 3)])
    html = karton_order(order).replace("<td style='text-align:right'>65,00</td>", "<td style='text-align:right'>260,00</td>")
    assert "260,00" in html
    got = extract(config_path, "erp_karton_other_amount", html, order, tmp_path)
    assert got["status"] != "ready"
    assert [(ln["sku"], ln["quantity"]) for ln in got["lines"]][0] != ("TP-1003", "10") or got["status"] != "ready"


def test_a_one_line_delivery_label_with_its_colon_set_apart_reads_the_address(config_path, tmp_path):
    """Routed t2 F6, one-line form: 'Lieu de livraison  : NAME, STREET, 75002 PARIS' in a fixed-width print."""
    import html as H
    order = ErpOrder(FR, "RQ26-3382", ORDERED, DUE, [("TP-1002", 5), ("TP-1006", 10)])
    printed = fixed_width(order)
    typed = H.escape("LIVRER À :        ENTREPÔT B, 12 RUE DES LILAS  \n                  69003 LYON")
    assert typed in printed
    html = printed.replace(typed, H.escape("Lieu de livraison  : PAPETERIE LENOIR SARL, 14 RUE DE LA BOURSE, 75002 PARIS"))
    got = extract(config_path, "erp_fixed_colon_apart_one_line", html, order, tmp_path)
    assert_right(got, order)
    assert (got["ship_to"]["postcode"], got["ship_to"]["city"]) == ("75002", "PARIS")
