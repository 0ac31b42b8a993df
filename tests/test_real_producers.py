"""Orders made by real producers, read through ``gateway extract`` and through the running gateway.

The documents are checked in (``tests/fixtures/real_producers``, made by its ``make_corpus.py``
with Chromium, LibreOffice, python-docx, openpyxl and reportlab; nothing is produced here): a
web-shop order over two pages with its header row repeated and codes inside descriptions, a
French browser print with wrapped descriptions, German and English Word forms, an Excel sheet
exported to PDF, a key-value header table, a letter, and XLSX, ODS and CSV sheets. Each is read
with the fixture's own master data; every field the ERP receives must be the truth's.
"""

from __future__ import annotations

import asyncio
import csv
import json
import subprocess
import sys
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from testkit.harness import REPO, running_gateway, wait_until, write_config
from tests.smtp_helpers import message, send

FIXTURES = Path(__file__).parent / "fixtures" / "real_producers"
DOCS = sorted(p for p in (FIXTURES / "docs").iterdir() if p.suffix != ".json")
FAMILIES = sorted({p.stem.rsplit("_", 1)[0] for p in DOCS})
TYPES = {".pdf": "application/pdf", ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         ".ods": "application/vnd.oasis.opendocument.spreadsheet", ".csv": "text/csv"}


def truth_of(doc: Path) -> dict:
    return json.loads(doc.with_suffix(".json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_config(tmp_path_factory.mktemp("gw"), master_data=FIXTURES / "masterdata")


def _extract(config: Path, doc: Path, sender: str) -> dict:
    from gateway.config import load_config
    from gateway.oneshot import extract_file

    return extract_file(load_config(config), doc, channel="email", sender=sender)


def product_units() -> dict[str, str]:
    with (FIXTURES / "masterdata" / "products.csv").open(encoding="utf-8") as fh:
        return {row["sku"]: row["uom"] for row in csv.DictReader(fh)}


def assert_order_is_the_truth(order: dict, truth: dict) -> None:
    """Every field as the truth has it; the unit is the product's ERP unit unless the order is held
    (a unit word the gateway cannot convert holds it: issue UOM-*)."""
    assert order["customer"]["id"] == truth["customer_id"]
    for field in ("po_number", "order_date"):
        assert order[field] == truth[field], field
    line_dates = {ln.get("requested_date") for ln in order["lines"]}  # an export dating its lines
    assert order["requested_delivery_date"] == truth["requested_delivery_date"] or (
        order["requested_delivery_date"] is None and line_dates == {truth["requested_delivery_date"]})
    if truth.get("hold") != "TOTAL-MISMATCH":  # a block that does not add up: the person settles the total
        assert (order["total"] and Decimal(order["total"])) == (truth["total"] and Decimal(truth["total"]))
    assert len(order["lines"]) == len(truth["lines"])
    for got, want in zip(order["lines"], truth["lines"]):
        assert got["sku"] == want["sku"]
        assert got["customer_item"] == want["customer_item"]
        for field in ("quantity", "unit_price", "amount"):
            assert (got[field] and Decimal(got[field])) == (want[field] and Decimal(want[field])), (want["line_no"], field)
    if truth.get("ship_to"):  # the delivery address the document states, or held for it
        assert {k: (order.get("ship_to") or {}).get(k) for k in truth["ship_to"]} == truth["ship_to"] or (
            order["status"] != "ready" and "SHIP-TO-UNSURE" in {i["code"] for i in order["issues"]})
    if truth.get("hold"):  # a document that states too little: held, with its reason
        assert order["status"] != "ready" and truth["hold"] in {i["code"] for i in order["issues"]}
    units = product_units()
    wrong_units = [ln["line_no"] for ln in order["lines"] if ln["uom"] != units[ln["sku"]]]
    if wrong_units:
        assert order["status"] == "review"
        assert {i["field"] for i in order["issues"] if i["code"].startswith("UOM-")} >= \
            {f"lines[{n}].uom" for n in wrong_units}


KNOWN_WRONG = {  # held, but a field is still not the truth
    "shopsub_ho3_1.pdf": "date cells too narrow print '###' (held: ORDER-DATE-MISSING)",
    "findings_t_2.pdf": "line 2's two codes name two products: held ITEM-CONFLICT with the supplier code's product, "
                        "no truth to read (the person decides)",
}


@pytest.mark.parametrize("doc", [pytest.param(d, marks=pytest.mark.xfail(reason=KNOWN_WRONG[d.name], strict=True))
                                 if d.name in KNOWN_WRONG else d for d in DOCS], ids=lambda p: p.name)
def test_a_real_producers_order_is_read_field_for_field(config: Path, doc: Path) -> None:
    truth = truth_of(doc)
    result = _extract(config, doc, truth["sender"])
    (entry,) = result["orders"]
    assert_order_is_the_truth(entry["order"], truth)


def test_the_families_cover_eight_layouts_three_languages_and_a_month_of_dates() -> None:
    truths = [truth_of(d) for d in DOCS]
    assert len(FAMILIES) >= 8
    assert {t["language"] for t in truths} == {"fr", "de", "en"}
    days = {int(t["order_date"][8:]) for t in truths if t["order_date"]}  # "###": no date to read
    assert min(days) <= 3 and max(days) >= 25 and sum(d <= 12 for d in days) >= 5


def test_gateway_extract_reads_a_two_page_web_shop_order_with_codes_in_its_descriptions(config: Path) -> None:
    doc = FIXTURES / "docs" / "webshop_en_1.pdf"
    truth = truth_of(doc)
    out = subprocess.run([sys.executable, "-m", "gateway.cli", "--config", str(config), "extract", str(doc),
                          "--sender", truth["sender"]], capture_output=True, text=True, cwd=REPO, timeout=120)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    (entry,) = result["orders"]
    assert len(truth["lines"]) == 30
    assert_order_is_the_truth(entry["order"], truth)
    assert entry["order"]["status"] == "ready"  # would go to the ERP untouched


def test_a_package_word_at_the_catalogue_price_of_the_products_package_goes_out_in_that_unit(config: Path) -> None:
    doc = FIXTURES / "docs" / "word_de_1.pdf"  # "Pkg" at 2.10 for a product sold in boxes at 2.10
    (entry,) = _extract(config, doc, truth_of(doc)["sender"])["orders"]
    assert entry["order"]["status"] == "ready"
    assert_order_is_the_truth(entry["order"], truth_of(doc))
    assert any(i["code"] == "UOM-CONVERTED" and "catalogue price" in i["message"] for i in entry["order"]["issues"])


LAKESIDE_CSV = """"PO Number","LS-PO-9001",,,,
"Order Date",{ordered:%m/%d/%Y},,,,
"Deliver By",{due:%m/%d/%Y},,,,
,,,,,
"Item Number","Description","Qty","UOM","Unit Price","Line Total"
"LS-12017","Copy paper A4 80 gsm, ream of 500 sheets",2,"{unit}","{price}","{amount}"
"LS-12038","Staples 24/6, box of 1000",3,"Pkg",2.10,6.30
,,,,"Total","{total}"
"""


@pytest.mark.parametrize("unit,price,amount,held", [
    ("Pkg", "24.50", "49.00", False),  # one box at the box's catalogue price
    ("Karton", "24.50", "49.00", False),
    ("Karton", "245.00", "490.00", True),  # ten boxes to the carton: no conversion known
    ("Pkg", "24.50", "490.00", True),  # the amount says something else
])
def test_a_package_word_for_another_package_holds_unless_the_price_is_the_catalogue_price(
        config: Path, tmp_path: Path, unit: str, price: str, amount: str, held: bool) -> None:
    total = Decimal(amount) + Decimal("6.30")
    doc = tmp_path / "order.csv"
    doc.write_text(LAKESIDE_CSV.format(
        unit=unit, price=price, amount=amount, total=total, ordered=date.today(), due=date.today() + timedelta(days=14)), encoding="utf-8")
    (entry,) = _extract(config, doc, "procurement@lakeside-schools.example")["orders"]
    order = entry["order"]
    assert order["lines"][1]["uom"] == "BX"
    if held:
        assert order["status"] == "review"
        assert order["lines"][0]["uom"] != "BX"
    else:
        assert order["status"] == "ready", order["issues"]
        assert [ln["uom"] for ln in order["lines"]] == ["BX", "BX"]


async def test_a_browser_printed_web_shop_order_mailed_to_the_running_gateway_is_delivered_as_read(tmp_path: Path) -> None:
    config = write_config(tmp_path / "gw", {
        "smtp": {"enabled": True, "port": 0, "tls_cert": tmp_path / "tls.crt", "tls_key": tmp_path / "tls.key",
                 "recipients": ["orders@gateway.localhost"]},
    }, master_data=FIXTURES / "masterdata")
    doc = FIXTURES / "docs" / "webshop_en_2.pdf"
    truth = truth_of(doc)
    async with running_gateway(config) as gw:
        msg = message(truth["sender"], f"Order {truth['po_number']}", "Please find our order attached.",
                      attachments=[(doc.name, TYPES[doc.suffix], doc.read_bytes())])
        code, reply = await asyncio.to_thread(send, gw.ports["smtp"], msg)
        assert code == 250, reply

        async def delivered():
            folder = gw.ctx.config.delivery.file.path
            files = sorted(folder.glob("*.json")) if folder.is_dir() else []
            return [json.loads(p.read_text()) for p in files]

        (order,) = await wait_until(delivered, timeout=120)
    assert_order_is_the_truth(order, truth)


def test_an_order_held_for_confidence_alone_names_the_fields_it_doubts(config: Path, tmp_path: Path) -> None:
    doc = tmp_path / "order.csv"  # no item code: the product is only the catalogue's like-worded one
    doc.write_text(f'"PO Number","LS-PO-9002"\n"Order Date",{date.today():%m/%d/%Y}\n'
                   f'"Deliver By",{date.today() + timedelta(days=9):%m/%d/%Y}\n\n'
                   '"Description","Qty","UOM","Unit Price"\n'
                   '"Staples 24/6, box of 1000",3,"BX",2.10\n', encoding="utf-8")
    (entry,) = _extract(config, doc, "procurement@lakeside-schools.example")["orders"]
    order = entry["order"]
    assert order["status"] == "review"
    (low,) = [i for i in order["issues"] if i["code"] == "CONFIDENCE-LOW"]
    assert low["severity"] == "warning" and "lines[1].sku" in low["message"] and "0.90" in low["message"]


def test_a_csv_header_read_as_written_is_not_doubted_for_want_of_amounts(config: Path, tmp_path: Path) -> None:
    doc = tmp_path / "order.csv"  # no amounts, no total: cells as written, nothing says they were misread
    doc.write_text(f'"PO Number","LS-PO-9002"\n"Order Date",{date.today():%m/%d/%Y}\n'
                   f'"Deliver By",{date.today() + timedelta(days=9):%m/%d/%Y}\n\n'
                   '"Item Number","Description","Qty","UOM","Unit Price"\n'
                   '"LS-12038","Staples 24/6, box of 1000",3,"BX",2.10\n', encoding="utf-8")
    (entry,) = _extract(config, doc, "procurement@lakeside-schools.example")["orders"]
    assert entry["order"]["status"] == "ready", entry["order"]["issues"]


def test_a_browser_print_with_its_header_and_footer_lines_is_an_order_dated_by_the_page_not_the_print(
        config: Path) -> None:
    doc = FIXTURES / "docs" / "hfprint_en_1.pdf"  # "12/6/26, 11:58 AM  Order confirmation - ..." on each page
    truth = truth_of(doc)
    result = _extract(config, doc, truth["sender"])
    assert result["doc_type"] == "order"
    (entry,) = result["orders"]
    assert_order_is_the_truth(entry["order"], truth)
    assert faults(entry["order"]) == set()


def faults(order: dict) -> set[str]:
    """The order's error issues but those of its dates against today's (the documents are dated
    December 2026)."""
    return {i["code"] for i in order["issues"] if i["severity"] == "error"} - {"ORDER-DATE-IMPLAUSIBLE", "DATE-PAST"}


def test_notes_typed_under_the_table_are_not_the_last_items_description(config: Path) -> None:
    doc = FIXTURES / "docs" / "notes_en_1.pdf"  # "Please deliver to the back door" right under the last row
    (entry,) = _extract(config, doc, truth_of(doc)["sender"])["orders"]
    last = entry["order"]["lines"][-1]
    assert "deliver" not in last["description"].lower() and "Goods" not in last["description"]
    assert last["customer_item"] == truth_of(doc)["lines"][-1]["customer_item"]


def test_shipping_and_discount_rows_of_the_grid_are_the_orders_charges_not_lines(config: Path) -> None:
    doc = FIXTURES / "docs" / "charges_fr_1.pdf"  # "Frais de port" 12,50 and "Remise fidélité" -20,00 rows
    truth = truth_of(doc)
    (entry,) = _extract(config, doc, truth["sender"])["orders"]
    order = entry["order"]
    assert_order_is_the_truth(order, truth)
    stated = {(c["kind"], Decimal(c["amount"])) for c in truth["charges"]}
    assert {(a["kind"], Decimal(a["amount"])) for a in order["allowances"] if a["level"] == "order"} == stated
    assert not {i["code"] for i in order["issues"]} & {"TOTAL-MISMATCH", "CHECK-TOTAL"}
    discounted = [ln for ln in truth["lines"] if ln.get("discount_pct")]
    got = {ln["customer_item"]: ln for ln in order["lines"]}
    for want in discounted:  # the net price, the gross price and the percentage
        line = got[want["customer_item"]]
        assert Decimal(line["gross_price"]) == Decimal(want["gross_price"])
        assert [Decimal(a["percent"]) for a in line["allowances"]] == [Decimal(want["discount_pct"])]
    # 10 % off the list price, as the line says: a discount our price list does not give waits for a person
    # (``line_discount_max_pct`` 0 by default, review rev3 U5)
    assert faults(order) <= {"PRICE-MISMATCH"}


def test_a_sheet_whose_amounts_and_total_are_formulas_without_values_is_read_and_checked(config: Path) -> None:
    doc = FIXTURES / "docs" / "formula_en_1.xlsx"  # =C9*E9 ... =SUM(F9:F15), no cached results
    truth = truth_of(doc)
    (entry,) = _extract(config, doc, truth["sender"])["orders"]
    assert_order_is_the_truth(entry["order"], truth)
    assert faults(entry["order"]) == set()
    assert not {i["code"] for i in entry["order"]["issues"]} & {"CHECK-TOTAL", "CHECK-LINE-AMOUNT", "CONFIDENCE-LOW"}


def test_our_own_order_confirmation_mailed_back_in_is_held_as_the_sellers(tmp_path: Path) -> None:
    """"Auftragsbestätigung" headed by our own company ([own_company]): held SELLER-CONFIRMATION, never read
    as the customer's order; the buyer's own print titled "Order confirmation" is its order."""
    sys.path.insert(0, str(FIXTURES))
    from producers_ownco import OWN

    config = write_config(tmp_path / "gw", {"own_company": OWN}, master_data=FIXTURES / "masterdata")
    doc = FIXTURES / "docs" / "confirm_t_2.pdf"
    (entry,) = _extract(config, doc, truth_of(doc)["sender"])["orders"]
    (held,) = [i for i in entry["order"]["issues"] if i["code"] == "SELLER-CONFIRMATION"]
    assert entry["order"]["status"] != "ready" and "issued by us" in held["message"]
    buyers = FIXTURES / "docs" / "confirm_t_1.pdf"
    (entry,) = _extract(config, buyers, truth_of(buyers)["sender"])["orders"]
    assert entry["order"]["status"] == "ready" and not {i["code"] for i in entry["order"]["issues"]} & {
        "SELLER-CONFIRMATION", "CLASSIFY-DOUBT"}


@pytest.mark.parametrize("customer", ["Customer: Northgate Supplies Ltd", "Northgate Supplies Ltd"])
def test_an_order_confirmation_not_clearly_the_buyers_print_waits_without_own_company(
        config: Path, tmp_path: Path, customer: str) -> None:
    """Our own "Order Confirmation" mailed back in, with no [own_company] configured (the shipped default) and
    no "your order" phrase, is never delivered as a new order: only a confirmation that names its supplier
    and no customer is the buyer's own print (review F11)."""
    from testkit.drawn_pdf import drawn_pdf

    rows = [(60, 50, "Meridian Office Supply Ltd"), (74, 50, "1 Supply Park, Manchester M1 1AA"),
            (120, 50, "Order Confirmation"), (150, 50, customer), (150, 330, "Confirmation no: OC-55120"),
            (166, 50, "PO Number: NG-77451"), (182, 50, "Order Date: 12/12/2026"), (198, 50, "Required Date: 22/12/2026"),
            (240, 50, "Code"), (240, 130, "Description"), (240, 330, "Qty"), (240, 380, "Unit"), (240, 430, "Price"),
            (240, 500, "Amount"),
            (258, 50, "NG/12089"), (258, 130, "Highlighter yellow"), (258, 330, "3"), (258, 380, "EA"), (258, 430, "0.95"),
            (258, 500, "2.85"),
            (274, 50, "NG/12047"), (274, 130, "Network cable Cat6"), (274, 330, "10"), (274, 380, "m"), (274, 430, "1.20"),
            (274, 500, "12.00"), (310, 380, "Total"), (310, 500, "14.85")]
    doc = tmp_path / "OC-55120.pdf"
    doc.write_bytes(drawn_pdf(rows))
    (entry,) = _extract(config, doc, "buying@northgate.example")["orders"]
    assert entry["order"]["status"] != "ready"
    assert "CLASSIFY-DOUBT" in {i["code"] for i in entry["order"]["issues"]}
    buyers = FIXTURES / "docs" / "confirm_t_1.pdf"  # "Supplier Meridian Office Supply Ltd": the buyer's print
    (entry,) = _extract(config, buyers, truth_of(buyers)["sender"])["orders"]
    assert entry["order"]["status"] == "ready", entry["order"]["issues"]


@pytest.mark.parametrize("name", ["totadj_t_1", "totadj_t_2", "totadj_t_3", "totadj_t_4"])
def test_a_discount_or_charge_in_the_totals_block_is_the_orders_own(config: Path, name: str) -> None:
    """"Sous-total HT / Remise commerciale 5 % / Total HT", "Goods / Less: trade discount 5% / Net / VAT /
    Total", "Subtotal / Freight / Sales tax / Order total", "Warenwert / abzgl. 3 % Rabatt / Nettobetrag":
    the order carries the allowance or charge and the total after it, never the goods total alone."""
    doc = FIXTURES / "docs" / f"{name}.pdf"
    truth = truth_of(doc)
    (entry,) = _extract(config, doc, truth["sender"])["orders"]
    order = entry["order"]
    assert Decimal(order["total"]) == Decimal(truth["total"])
    assert [(a["kind"], Decimal(a["amount"])) for a in order["allowances"] if a["level"] == "order"] == \
        [(c["kind"], Decimal(c["amount"])) for c in truth["charges"]]


def test_a_clipped_total_label_closes_the_table_and_sub_lines_stay_in_the_description(config: Path) -> None:
    """"Gesamt n 2.468,85 €" (Chromium clipped "Gesamt netto" in its narrow cell): the total, not an
    item; "Variante: ..." and "Lieferzeit: ..." under each name stay in its description, "Art.-Nr.: X" its code."""
    doc = FIXTURES / "docs" / "shopsub_t_1.pdf"
    truth = truth_of(doc)
    (entry,) = _extract(config, doc, truth["sender"])["orders"]
    order = entry["order"]
    assert Decimal(order["total"]) == Decimal(truth["total"]) and len(order["lines"]) == len(truth["lines"])
    assert all("Lieferzeit" in ln["description"] and "Variante" in ln["description"] for ln in order["lines"])
    assert all("Art.-Nr." not in ln["description"] for ln in order["lines"])


def _harbor_order_with_two_delivery_labels(tmp_path: Path, first: tuple[str, ...]) -> dict:
    from testkit.drawn_pdf import drawn_pdf

    config = write_config(tmp_path / "gw", master_data=FIXTURES / "masterdata")
    rows = [(60, 50, "Harbor Office Supplies Inc."), (74, 50, "500 Commerce Dr, Boston, MA 02110"),
            (110, 50, "PURCHASE ORDER"), (140, 50, "PO Number: HB-99120"), (156, 50, "Order Date: 12/01/2026"),
            (172, 50, "Delivery Date: 12/18/2026"),
            *[(140 + 16 * i, 330, text) for i, text in enumerate(first)],
            (230, 50, "Item"), (230, 130, "Description"), (230, 330, "Qty"), (230, 380, "Unit"), (230, 430, "Price"),
            (230, 500, "Amount"), (248, 50, "PR-1012"), (248, 130, "Highlighter yellow"), (248, 330, "30"),
            (248, 380, "EA"), (248, 430, "0.95"), (248, 500, "28.50"), (290, 430, "Total"), (290, 500, "28.50"),
            (686, 50, "Standing instructions for all orders:"),
            (700, 50, "Deliver to: Harbor Central Warehouse, 77 Pier Rd, Boston, MA 02210")]
    doc = tmp_path / "HB-99120.pdf"
    doc.write_bytes(drawn_pdf(rows))
    (entry,) = _extract(config, doc, "orders@harbor-office.example")["orders"]
    return entry["order"]


def test_a_doubtful_delivery_site_is_not_replaced_by_a_later_deliver_to_line(tmp_path: Path) -> None:
    # review F8: the site without a postcode went out `ready` to the footer's warehouse
    order = _harbor_order_with_two_delivery_labels(
        tmp_path, ("Delivery address:", "Harbor Office - Seaport site", "Building C, Dock 4"))
    assert order["status"] == "review"
    assert order["ship_to"]["street"] == "Building C, Dock 4"
    [doubt] = [i for i in order["issues"] if i["code"] == "SHIP-TO-UNSURE"]
    assert "Seaport site" in doubt["message"] and "77 Pier Rd" in doubt["message"]


def test_a_delivery_label_leading_a_sentence_gives_way_to_the_later_labelled_address(tmp_path: Path) -> None:
    order = _harbor_order_with_two_delivery_labels(tmp_path, ("Deliver to rear entrance before 11am.",))
    assert order["ship_to"]["street"] == "77 Pier Rd" and order["ship_to"]["postcode"] == "02210"
    assert not [i for i in order["issues"] if i["code"] == "SHIP-TO-UNSURE"]
