"""The classes left after issue 18's last outside round: ERP purchase-order prints, web-shop order
e-mails, quantities counted in packs, a lone "N°" / "No." / "Nr." as the PO label, header label
variants, and item codes printed under the name in the description cell.

The documents are made by real producers in en, fr and de (``tests/fixtures/real_producers/make_t18.py``,
families ``erpprint_t18``, ``shopmail_t18``, ``packs_t18``, ``numlabel_t18``, ``hdrlabels_t18``,
``partnum_t18``; then accounting, ERP and procurement prints and Word letters: ``accounting_t18``,
``erpgrid_t18``, ``procure_t18``, ``wordletter_t18``); ``tests/test_real_producers.py`` checks each field for field, the particular
behaviours are checked here, with the small readers they rest on.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from extractors.capture.classify import _title_weight
from extractors.capture.item_codes import code_in_description, leading_code, party_code_in_description
from extractors.capture.layout_spec import ORDER_TITLES
from extractors.capture.labels import split_glued
from extractors.capture.table import shop_quantity
from extractors.capture.words import Word
from extractors.units import unit_code, unit_word

FIXTURES = Path(__file__).parent / "fixtures" / "real_producers"


def _truth(name: str) -> dict:
    return json.loads((FIXTURES / "docs" / f"{name}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def ctx(tmp_path_factory: pytest.TempPathFactory):
    from gateway.app import build_context
    from gateway.config import load_config
    from testkit.harness import write_config

    return build_context(load_config(write_config(tmp_path_factory.mktemp("gw"), master_data=FIXTURES / "masterdata")))


def _order(ctx, name: str) -> dict:
    from gateway.oneshot import extract_bytes
    from gateway.store.journal import DocumentRecord, new_id

    truth, data = _truth(name), (FIXTURES / "docs" / f"{name}.pdf").read_bytes()
    received = datetime.fromisoformat(truth["order_date"]).replace(hour=10, tzinfo=timezone.utc)
    doc = DocumentRecord(id=new_id(), sha256=hashlib.sha256(data).hexdigest(), size=len(data), channel="email",
                         received_at=received, sender=truth["sender"], filename=f"{name}.pdf")
    (entry,) = extract_bytes(ctx, data, doc)["orders"]
    return entry["order"]


# --- the small readers ------------------------------------------------------------------------------


@pytest.mark.parametrize("text, code, rest", [
    ("[TK-12008] Copy paper A4", "TK-12008", "Copy paper A4"),
    ("[10045] Schreibtischleuchte", "10045", "Schreibtischleuchte"),
    ("Toner black (TN-2420)", "TN-2420", "Toner black"),
    ("Cartouche toner noir (DF-CARTOU-065)", "DF-CARTOU-065", "Cartouche toner noir"),
    ("[BL-GANTS-M] Nitrile gloves M (box of 100)", "BL-GANTS-M", "Nitrile gloves M (box of 100)"),
])
def test_a_code_in_brackets_before_or_after_the_name_is_the_items_code(text: str, code: str, rest: str) -> None:
    assert code_in_description(text) == (code, rest)


@pytest.mark.parametrize("text", ["Copy paper (500 sheets)", "Rope 8 mm (25m)", "Pen (x2)", "Folder (A4)",
                                  "Kabel (Cat6) geschirmt", "Papier [A4] (100)"])
def test_a_size_or_count_in_brackets_is_no_code(text: str) -> None:
    assert code_in_description(text) is None


@pytest.mark.parametrize("text, party, code", [
    ("Desk calculator 12 digits Supplier Part Num: PR-1017", "supplier_item", "PR-1017"),
    ("Surligneur jaune fluo Réf. fournisseur : PR-1012", "supplier_item", "PR-1012"),
    ("Kugelschreiber blau Lief.-Art.-Nr. 4711", "supplier_item", "4711"),
    ("Copy paper A4 Our ref. TK-12008", "customer_item", "TK-12008"),
])
def test_a_code_under_the_name_after_its_partys_label_is_that_partys_code(text: str, party: str, code: str) -> None:
    found = party_code_in_description(text)
    assert found is not None and found[:2] == (party, code)
    assert code not in found[2] and "Réf." not in found[2] and "Part Num" not in found[2]


def test_two_different_labelled_codes_in_one_description_are_not_guessed_between() -> None:
    assert party_code_in_description("Paper Supplier Part Num: PR-1001 Vendor code PR-1002") is None


@pytest.mark.parametrize("word, code", [("Unité(s)", "C62"), ("Unit(s)", "C62"), ("Boîte(s)", "BX"),
                                        ("Paquet(s)", "PK"), ("Karton(s)", "CT"), ("Units", "C62")])
def test_an_erp_unit_name_with_its_plural_in_brackets_is_the_unit(word: str, code: str) -> None:
    assert unit_code(word) == code
    assert unit_word(word)


def test_a_bracketed_plural_of_an_unknown_word_is_still_a_unit_word_of_the_quantity_cell() -> None:
    assert unit_code("Gebinde(n)") is None and unit_word("Gebinde(n)")


def _words(*texts: str, y: float = 10.0) -> list[Word]:
    out, x = [], 10.0
    for t in texts:
        out.append(Word(t, x, y, x + 6 * len(t), y + 9, 1.0, 1))
        x += 6 * len(t) + 4
    return out


@pytest.mark.parametrize("texts, qty", [(("Toner", "black", "×", "2"), 2), (("Heftgerät", "Metall", "×20"), 20),
                                        (("Paper", "A4", "×", "12"), 12)])
def test_a_web_shops_times_quantity_after_the_name_is_read(texts: tuple[str, ...], qty: int) -> None:
    found = shop_quantity(_words(*texts))
    assert found is not None and found[1] == qty


@pytest.mark.parametrize("texts", [("Clear", "tape", "19", "mm", "x", "33"), ("Cable", "2", "x", "1.5"),
                                   ("Toner", "×", "2", "black")])
def test_an_x_inside_a_name_is_no_quantity(texts: tuple[str, ...]) -> None:
    assert shop_quantity(_words(*texts)) is None


@pytest.mark.parametrize("text, label, value", [("n°P00087", "n°", "P00087"), ("N°2026-0412", "N°", "2026-0412"),
                                                ("Nr.2026/1187", "Nr.", "2026/1187")])
def test_a_number_sign_glued_to_its_value_is_split(text: str, label: str, value: str) -> None:
    assert [w.text for w in split_glued(_words(text))] == [label, value]


def test_a_word_beginning_like_a_number_sign_is_not_split() -> None:
    assert [w.text for w in split_glued(_words("Notes", "no.of", "Nr.X"))] == ["Notes", "no.of", "Nr.X"]


@pytest.mark.parametrize("text, code", [("WB-12178 Streusalz im Sack", "WB-12178"), ("RV12078 Ergonomic chair", "RV12078"),
                                        ("400118 Kopierpapier A4", "400118"), ("PR-1004/2 Staples", "PR-1004/2")])
def test_a_code_leading_the_items_text_is_its_code(text: str, code: str) -> None:
    found = leading_code(text)
    assert found is not None and found[0] == code and not found[1].startswith(code)


@pytest.mark.parametrize("text", ["HP-305XL toner black", "A4 paper", "3M Post-it notes", "Cat6 cable",
                                  "2026 wall calendar", "ISO 9001 folder", "DIN A4 Ordner"])
def test_a_model_size_or_year_leading_the_name_is_no_code(text: str) -> None:
    assert leading_code(text) is None


@pytest.mark.parametrize("text, weight", [("Bestellung 4500781234", 0.8), ("Order #1045", 0.8),
                                          ("Commande n° 4512", 0.8), ("Bestellung", 1.0),
                                          ("Order 2 of 3", 0.0), ("Commande en cours", 0.0)])
def test_a_one_word_title_with_its_number_alone_is_a_title(text: str, weight: float) -> None:
    assert _title_weight(text, ORDER_TITLES, len(text.split())) == weight


# --- the documents ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["erpprint_t18_1", "erpprint_t18_2", "erpprint_t18_3"])
def test_an_erp_print_reads_its_bracketed_codes_dated_lines_and_untaxed_total(ctx, name: str) -> None:
    """"[TK-12008] Copy paper", "Date Req." per line, "25,00 Unité(s)", a taxes column "15%" / "TVA 20%" /
    "19% Vorsteuer" never read as a price, the untaxed amount as the total (not the total with tax)."""
    order, truth = _order(ctx, name), _truth(name)
    assert [ln["customer_item"] for ln in order["lines"]] == [ln["customer_item"] for ln in truth["lines"]]
    assert {ln.get("requested_date") for ln in order["lines"]} == {truth["requested_delivery_date"]}
    assert order["total"] == truth["total"]
    assert order["status"] == "ready", order["issues"]


@pytest.mark.parametrize("name", ["shopmail_t18_1", "shopmail_t18_2", "shopmail_t18_3"])
def test_a_web_shops_price_column_that_the_total_sums_is_the_lines_amount(ctx, name: str) -> None:
    """The e-mail prints the line's price only ("× 2  $24.80"): the total says it is the amount; the unit
    price is the amount over the quantity, checked against the price list. No delivery date: held for it."""
    order, truth = _order(ctx, name), _truth(name)
    assert [(ln["quantity"], ln["unit_price"], ln["amount"]) for ln in order["lines"]] == [
        (ln["quantity"], ln["unit_price"], ln["amount"]) for ln in truth["lines"]] or all(
        float(a["quantity"]) == float(b["quantity"]) and float(a["unit_price"]) == float(b["unit_price"])
        and float(a["amount"]) == float(b["amount"]) for a, b in zip(order["lines"], truth["lines"]))
    codes = {i["code"] for i in order["issues"] if i["severity"] == "error"}
    assert codes == {"DELIVERY-DATE-MISSING"}, order["issues"]


@pytest.mark.parametrize("name", ["packs_t18_1", "packs_t18_2", "packs_t18_3"])
def test_a_quantity_counted_in_packs_is_the_quantity(ctx, name: str) -> None:
    order, truth = _order(ctx, name), _truth(name)
    assert [float(ln["quantity"]) for ln in order["lines"]] == [float(ln["quantity"]) for ln in truth["lines"]]
    assert all(ln["amount"] is not None for ln in order["lines"])
    assert order["status"] == "ready", order["issues"]


@pytest.mark.parametrize("name", ["partnum_t18_1", "partnum_t18_2", "partnum_t18_3"])
def test_a_code_printed_under_the_name_is_the_lines_code(ctx, name: str) -> None:
    order, truth = _order(ctx, name), _truth(name)
    assert [ln["sku"] for ln in order["lines"]] == [ln["sku"] for ln in truth["lines"]]
    assert not any("Part Num" in (ln["description"] or "") or "fournisseur" in (ln["description"] or "")
                   for ln in order["lines"])
    assert order["status"] == "ready", order["issues"]


@pytest.mark.parametrize("name", ["numlabel_t18_1", "numlabel_t18_2", "numlabel_t18_3",
                                  "hdrlabels_t18_1", "hdrlabels_t18_2", "hdrlabels_t18_3"])
def test_header_labels_in_their_variants_give_po_and_dates(ctx, name: str) -> None:
    order, truth = _order(ctx, name), _truth(name)
    assert (order["po_number"], order["order_date"], order["requested_delivery_date"]) == (
        truth["po_number"], truth["order_date"], truth["requested_delivery_date"])


@pytest.mark.parametrize("name", [f"{family}_{k}" for family in ("accounting_t18", "erpgrid_t18", "procure_t18",
                                                                 "wordletter_t18", "webform_t18", "erpprint_t18",
                                                                 "gridprint_t18", "qtyletter_t18", "categorised_t18",
                                                                 "shippedform_t18", "poslist_t18", "lots_t18")
                                  for k in (1, 2, 3)])
def test_business_software_prints_and_letters_are_read_whole(ctx, name: str) -> None:
    """The number under "P.O. No." in a box, after a lone "No." / "N°" / "Nr." in a key-value block;
    "Expected Receipt Date", "Date de besoin", "Bedarfsdatum"; long tax-qualified titles ("Direct Unit
    Cost Excl. VAT", "Line Amount Excl. VAT"); an item number column titled "No." / "Nr."; "100 EA"
    right-aligned under a left-aligned "Qty"; a letter's code leading the item's text; "Terms | Ship Via |
    Expected Date" over their values; "Expected Arrival:" / "Arrivée prévue :" and a "Date demandée" column;
    an online form's "N° de bon de commande" beside its value in an input box."""
    order, truth = _order(ctx, name), _truth(name)
    assert (order["po_number"], order["order_date"], order["total"]) == (truth["po_number"], truth["order_date"],
                                                                         truth["total"])
    assert order["requested_delivery_date"] == truth["requested_delivery_date"] or {
        ln.get("requested_date") for ln in order["lines"]} == {truth["requested_delivery_date"]}
    assert [(ln["sku"], ln["customer_item"]) for ln in order["lines"]] == [
        (ln["sku"], ln["customer_item"]) for ln in truth["lines"]]
    assert order["status"] == "ready", order["issues"]


@pytest.mark.parametrize("text, monday", [("semaine 02/2027", "2027-01-11"), ("KW 3/2027", "2027-01-18"),
                                          ("KW 03-2027", "2027-01-18"), ("week 2 of 2027", "2027-01-11"),
                                          ("Woche 53 2026", "2026-12-28")])
def test_a_week_of_a_year_is_read_as_its_monday_and_held_as_a_window(text: str, monday: str) -> None:
    """F17: "semaine 02/2027" is no 2 February nor 3 December: the week's Monday, the order held for the window."""
    from datetime import date

    from extractors.capture.header_fields import FieldValue
    from gateway.model import ExtractedOrder
    from extractors.capture.layout import _delivery_window

    order = ExtractedOrder()
    words = tuple(Word(t, 10.0 * n, 0, 10.0 * n + 8, 9, 1.0, 1) for n, t in enumerate(text.split()))
    found = _delivery_window(order, FieldValue(date(2026, 12, 3), 0.99, words))
    assert found.value == date.fromisoformat(monday)
    assert [p.code for p in order.problems] == ["DELIVERY-WINDOW-WIDE"]


@pytest.mark.parametrize("name", ["grossprice_t18_1", "grossprice_t18_2", "grossprice_t18_3"])
def test_a_gross_price_before_a_discount_column_is_read_not_replaced_by_the_amount(ctx, name: str) -> None:
    """F10: "P.U." / "brut", "List" / "price", "Preis/Stk" beside "Remise" / "Disc." / "Rabatt": the printed gross
    price and the discount are the line's, the net price follows from them; never amount / quantity."""
    order, truth = _order(ctx, name), _truth(name)
    assert [float(ln["unit_price"]) for ln in order["lines"]] == [float(ln["unit_price"]) for ln in truth["lines"]]
    discounted = [ln for ln, want in zip(order["lines"], truth["lines"]) if ln["unit_price"] and
                  float(ln["gross_price"] or 0) > float(want["unit_price"])]
    assert len(discounted) >= len(truth["lines"]) // 2
    assert not any(i["code"] == "PRICE-FROM-AMOUNT" for i in order["issues"])


def test_money_under_a_column_of_no_known_title_holds_a_line_priced_by_its_amount() -> None:
    """The F10 safety: a line with an amount and no price whose row prints money under a column the
    reader could not name is held PRICE-UNREAD, not priced amount / quantity."""
    from extractors.capture.layout import _unnamed_prices
    from extractors.capture.table_cells import TableResult
    from gateway.model import ExtractedLine, ExtractedOrder

    line = ExtractedLine(line_no=1, quantity=24, amount=100.87)
    table = TableResult()
    table.unnamed_money[0] = "4,67"
    order = ExtractedOrder()
    _unnamed_prices([line], table, order)
    assert line.confidence["unit_price"] == 0.0
    assert [p.code for p in order.problems] == ["LAYOUT-PRICE-UNNAMED"]


@pytest.mark.parametrize("name", ["carried_t18_1", "carried_t18_2", "carried_t18_3"])
def test_carried_and_brought_forward_rows_are_no_lines_nor_unread_rows(ctx, name: str) -> None:
    order, truth = _order(ctx, name), _truth(name)
    assert len(order["lines"]) == len(truth["lines"]) and order["total"] == truth["total"]
    assert not any(i["code"] in ("LAYOUT-ROW-UNREAD", "CONFIDENCE-LOW") for i in order["issues"]), order["issues"]


@pytest.mark.parametrize("label, field", [("Supplier Part Num: ", "supplier_item"), ("Réf. fournisseur : ", "supplier_item"),
                                          ("Lief.-Art.-Nr. ", "supplier_item"), ("Our ref. ", "customer_item")])
def test_a_sheets_description_cell_with_a_partys_code_under_the_name_gives_that_partys_id(
        tmp_path: Path, label: str, field: str) -> None:
    import io

    from openpyxl import Workbook

    from extractors.base import ExtractHints
    from extractors.sheet.sheet import EXTRACTOR as SHEET

    wb = Workbook()
    ws = wb.active
    for row in (("Purchase order",), ("PO number", "SP-4471"), (), ("Description", "Qty", "Unit price", "Amount"),
                (f"Desk calculator 12 digits\n{label}PR-1017", 2, 14.90, 29.80),
                (f"Highlighter yellow\n{label}PR-1012", 10, 0.95, 9.50), (None, None, "Total", 39.30)):
        ws.append(list(row))
    buf = io.BytesIO()
    wb.save(buf)
    (order,) = SHEET.extract(buf.getvalue(), ExtractHints()).orders
    assert [getattr(ln, field) for ln in order.lines] == ["PR-1017", "PR-1012"]
    assert [ln.description for ln in order.lines] == ["Desk calculator 12 digits", "Highlighter yellow"]


def test_a_later_net_total_the_charges_read_do_not_explain_holds_the_order() -> None:
    """"Total marchandises 6 620,30" / an unread row / "Total HT 6 635,30": never the goods total sent on."""
    from decimal import Decimal

    from extractors.capture.layout import _set_total
    from extractors.capture.table_cells import TableResult, TotalFound
    from gateway.model import ExtractedLine, ExtractedOrder

    order = ExtractedOrder()
    order.lines = [ExtractedLine(line_no=1, quantity=2, unit_price=Decimal("10.00"), amount=Decimal("20.00"))]
    table = TableResult()
    table.totals = [TotalFound(Decimal("20.00"), 0.99, (Word("20,00", 500, 700, 540, 709, 1.0, 1),), 37, True),
                    TotalFound(Decimal("35.00"), 0.99, (Word("35,00", 500, 730, 540, 739, 1.0, 1),), 0, True)]
    _set_total(order, table)
    assert order.confidence["rows"] < 0.9
    assert [p.code for p in order.problems] == ["LAYOUT-TOTAL-UNEXPLAINED"]
