"""Classes of typed e-mail order lines an outside try found going wrong or vanishing, with inputs made
here: items inside a sentence (read clause by clause, or held, never "not an order"), a line amount
after the price, a price note, a correction, a table's position column, units in pounds and gallons,
"New order X:", a total line, lower-case codes.

Through the gateway's extract path (``tests.test_trust.typed``: the e-mail's Date header two days ago).
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from extractors.units import TABLE
from gateway.reference.units import UnitCodes
from testkit.harness import REPO
from testkit.trust_corpus import CUSTOMERS, trust_config

TODAY = date.today()
SENT = TODAY - timedelta(days=2)
DUE = TODAY + timedelta(days=12)
FR, IE, US, DE = CUSTOMERS


@pytest.fixture(scope="module")
def config_path(tmp_path_factory) -> Path:
    return trust_config(tmp_path_factory.mktemp("classes"))


def typed(config: Path, customer, body: str, tmp: Path) -> dict:
    from tests.test_trust import typed as typed_order
    (got,) = typed_order(config, customer, body, tmp)
    return got


def codes(order: dict) -> dict[str, str]:
    return {i["code"]: i["severity"] for i in order["issues"]}


def us(day: date) -> str:
    return f"{day.month:02d}/{day.day:02d}/{day.year}"


# --- items inside a sentence ---------------------------------------------------------------------------

@pytest.mark.parametrize("customer, body, want", [
    (US, "PO QX-6001, kindly ship 4 x TP-1002 plus 2 x TP-1006.\nShip by {due}", [("TP-1002", "4"), ("TP-1006", "2")]),
    (IE, "Order no. QX-6002: 5 x TP-1002; needed by {due}.", [("TP-1002", "5")]),
    (US, "Hi - need 2 BX TP-1003 and 7 PK TP-1006 asap. PO QX-6003, ship by {due}", [("TP-1003", "2"), ("TP-1006", "7")]),
])
def test_items_typed_in_a_sentence_are_read(config_path, tmp_path, customer, body, want):
    due = us(DUE) if customer is US else DUE.strftime("%d/%m/%Y")
    got = typed(config_path, customer, body.format(due=due) + "\n\nRegards\n", tmp_path)
    assert [(ln["sku"], ln["quantity"]) for ln in got["lines"]] == want
    assert got["requested_delivery_date"] == DUE.isoformat() and got["status"] == "ready"


@pytest.mark.parametrize("sentence", [
    "PO QX-6010, please send 3 x TP-1002 @ 11.00 and 2 x TP-1006.",  # a price inside the sentence
    "PO QX-6011: 3 flats of TP-1002 and 2 x TP-1006.",  # a unit word not known
    "PO QX-6012 - three TP-1002 and 2 x TP-1006 please.",  # a number in words mid-sentence
    "PO QX-6013: please send 2 x TP-1002, not 3 x TP-1006 as last time.",  # a quantity it does not want
    "PO QX-6014: 2 x TP-1002 (we already have 5 x TP-1006)",
])
def test_a_sentence_that_does_not_read_whole_holds_the_order_never_drops_it(config_path, tmp_path, sentence):
    got = typed(config_path, US, f"{sentence}\nShip by {us(DUE)}\n\nThanks\n", tmp_path)
    assert got["status"] == "review" and codes(got)["LINE-UNREAD"] == "error"


# --- a line amount after the price ---------------------------------------------------------------------

@pytest.mark.parametrize("line, status, price", [
    ("- 3 x TP-1002 @ $12.00 = $36.00", "ready", "12.00"),
    ("- 3 x TP-1002 @ 12.00 each, total 36.00", "ready", "12.00"),
    ("- 3 x TP-1002 @ $12.00 = $30.00", "review", None),  # the amount does not follow: shown
    ("- 3 x TP-1002 = $36.00", "review", None),  # an amount alone is no unit price
])
def test_a_line_amount_is_never_the_unit_price(config_path, tmp_path, line, status, price):
    got = typed(config_path, US, f"PO QX-7001\nShip by {us(DUE)}\n\n{line}\n\nThanks\n", tmp_path)
    assert got["status"] == status
    if price:
        assert got["lines"][0]["unit_price"] == price
    else:
        assert codes(got)["LINE-UNREAD"] == "error" and got["lines"] == []


# --- tables pasted from a spreadsheet ------------------------------------------------------------------

ROWS = "1\tTP-1005\tCopy paper\t4\tCT\t32.00\n2\tTP-1003\tPens\t12\tBX\t6.50\n"


@pytest.mark.parametrize("head", ["Line\tItem\tDescription\tQty\tUnit\tPrice\n", "No\tSKU\tDescription\tQuantity\tUOM\tUnit price\n"])
def test_a_tables_position_column_is_no_quantity(config_path, tmp_path, head):
    got = typed(config_path, IE, f"PO QX-8001\nDelivery by {DUE.strftime('%d/%m/%Y')}\n\n{head}{ROWS}\nThanks\n", tmp_path)
    assert [(ln["sku"], ln["quantity"], ln["unit_price"]) for ln in got["lines"]] == [
        ("TP-1005", "4", "32.00"), ("TP-1003", "12", "6.50")]
    assert got["status"] == "ready"


def test_rows_without_a_header_with_two_counts_are_held_not_read_by_position(config_path, tmp_path):
    got = typed(config_path, IE, f"PO QX-8002\nDelivery by {DUE.strftime('%d/%m/%Y')}\n\n{ROWS}\nThanks\n", tmp_path)
    assert got["status"] == "review" and got["lines"] == []
    assert sum(i["code"] == "LINE-UNREAD" for i in got["issues"]) == 2


def test_an_item_row_that_looks_like_a_postcode_is_not_a_signature(config_path, tmp_path):
    body = f"Bestellnummer: QX-8003\nLiefertermin {DUE.strftime('%d.%m.%Y')}\n\n1\t4712\tKopierpapier\t10\tKarton\n\nDanke\n"
    got = typed(config_path, DE, body, tmp_path)
    assert got["status"] == "review" and "4712" in " ".join(i["message"] for i in got["issues"])


# --- units and the PO label ----------------------------------------------------------------------------

def test_pounds_and_gallons_are_units_in_x12_and_in_text():
    codes_ = UnitCodes.load(REPO / "mappings" / "units.toml", TABLE)
    assert [codes_.normalize(u, "x12") for u in ("LB", "GA", "FT", "YD", "OZ", "IN")] == \
        ["LBR", "GLL", "FOT", "YRD", "ONZ", "INH"]
    assert [codes_.normalize(u, "text") for u in ("lbs", "gallons", "feet")] == ["LBR", "GLL", "FOT"]
    assert codes_.normalize("IN", "text") is None  # "in" is a word of the text, not a unit


def test_a_unit_without_conversion_typed_in_gallons_is_held_for_its_unit(config_path, tmp_path):
    got = typed(config_path, US, f"PO QX-9001\nShip by {us(DUE)}\n\n- 5 gallons TP-1002\n\nThanks\n", tmp_path)
    assert got["status"] == "review" and codes(got)["UOM-NO-CONVERSION"] == "error"


@pytest.mark.parametrize("line", ["New order QX-9101:", "Nouvelle commande QX-9101 :"])
def test_new_order_with_a_colon_names_the_po(config_path, tmp_path, line):
    got = typed(config_path, FR if "commande" in line else US, f"{line}\n\n- 3 x TP-1002\n\nThanks\n", tmp_path)
    assert got["po_number"] == "QX-9101"


def test_an_item_sentence_ending_with_its_delivery_date_reads_its_items(config_path, tmp_path):
    body = (f"Bestellnummer QX-6030\nBitte liefern Sie 5 Stk TP-1002 und 2 Kartons TP-1005 bis {DUE.day}.{DUE.month}.\n"
            "\nGruß\n")
    got = typed(config_path, DE, body, tmp_path)
    assert [(ln["sku"], ln["quantity"]) for ln in got["lines"]] == [("TP-1002", "5"), ("TP-1005", "2")]
    # the date ending the sentence is read (extractors.mail.body_dates) or the order waits: never a wrong date
    assert got["requested_delivery_date"] == DUE.isoformat() or got["status"] == "review"


def test_a_price_in_an_item_sentence_is_never_taken_for_a_date_and_dropped(config_path, tmp_path):
    got = typed(config_path, US, f"PO QX-6031: 2 packs TP-1006 at 4.12 and 1 x TP-1002\nShip by {us(DUE)}\n\nThanks\n",
                tmp_path)
    assert got["status"] == "review" and codes(got)["LINE-UNREAD"] == "error"


# --- words after a typed item: a price note, a discount, a correction ----------------------------------

@pytest.mark.parametrize("customer, line, status, price", [
    (US, "- 4 x TP-1002 @ $9.60 (contract price)", "review", "9.60"),  # read, and checked: 20 % under list
    (FR, "- 4 x TP-1002 à 9,60 € HT selon devis", "review", "9.60"),
    (US, "- 4 x TP-1002 @ $12.00 as agreed", "ready", "12.00"),
    (DE, "- 4 Stk TP-1002 zu 12,00 EUR (wie vereinbart)", "ready", "12.00"),
])
def test_a_price_with_a_note_after_it_is_read_and_checked(config_path, tmp_path, customer, line, status, price):
    head = {"fr": "Commande n° QX-7101", "de": "Bestellnummer QX-7101", "en": "PO QX-7101"}[customer.language]
    due = us(DUE) if customer is US else DUE.strftime("%d/%m/%Y")
    got = typed(config_path, customer, f"{head}\nDeliver by {due}\nLivraison le {due}\nLiefertermin {due}\n\n{line}\n\nThanks\n",
                tmp_path)
    assert got["lines"][0]["unit_price"] == price and got["status"] == status
    assert status == "ready" or codes(got)["PRICE-MISMATCH"] == "error"


@pytest.mark.parametrize("line", [
    "- 4 x TP-1002 @ $12.00 less 5%",  # a discount the reader does not apply
    "- 4 x TP-1002 - oops, make it 6",  # a correction
    "- 4 x TP-1002 (instead of the 2 on Monday)",
    "- 4 x TP-1002 (qty 6 if you have them)",  # a second, labelled quantity
    "PO QX-7102: 4 x TP-1002, sorry make that 6.",  # the same inside a sentence
])
def test_words_that_change_a_typed_item_hold_it(config_path, tmp_path, line):
    got = typed(config_path, US, f"PO QX-7102\nShip by {us(DUE)}\n\n{line}\n- 1 x TP-1001\n\nThanks\n", tmp_path)
    assert got["status"] == "review" and codes(got)["LINE-UNREAD"] == "error"
    assert "TP-1002" not in [ln["sku"] for ln in got["lines"]]


# --- more line shapes: a code never cut at its own hyphen, labels on both sides, a total line --------

@pytest.mark.parametrize("line, want", [
    ("Item: TP-1002   Qty: 3", ("TP-1002", "3")),  # never "TP" with the description "1002 Qty"
    ("Qty: 3 - Item: TP-1002", ("TP-1002", "3")),
    ("Line 1: 3 x TP-1002", ("TP-1002", "3")),
])
def test_labelled_and_numbered_lines_read_their_whole_code(config_path, tmp_path, line, want):
    got = typed(config_path, US, f"PO QX-9201\nShip by {us(DUE)}\n\n{line}\n\nThanks\n", tmp_path)
    assert [(ln["sku"], ln["quantity"]) for ln in got["lines"]] == [want]


def test_a_total_line_is_the_orders_total_and_is_checked(config_path, tmp_path):
    lines = f"PO QX-9202\nShip by {us(DUE)}\n\n- 5 x TP-1002 @ $12.00\n- 2 x TP-1001 @ $19.90\n"
    right = typed(config_path, US, lines + "Total: $99.80\n\nThanks\n", tmp_path)
    assert right["status"] == "ready" and "LINE-UNREAD" not in codes(right)
    wrong = typed(config_path, US, lines + "Total: $199.80\n\nThanks\n", tmp_path)
    assert wrong["status"] == "review" and codes(wrong)["TOTAL-MISMATCH"] == "error"


def test_an_order_reference_in_brackets_inside_an_item_sentence(config_path, tmp_path):
    body = f"Bonjour, merci de nous livrer 4 x TP-1002 (commande QX-9203), livraison le {DUE.strftime('%d/%m/%Y')}.\n"
    got = typed(config_path, FR, body + "\nCordialement\n", tmp_path)
    assert [(ln["sku"], ln["quantity"]) for ln in got["lines"]] == [("TP-1002", "4")]
    assert got["po_number"] == "QX-9203" and got["status"] == "ready"


def test_a_code_typed_in_lower_case_is_the_code_in_capitals(config_path, tmp_path):
    got = typed(config_path, US, f"PO QX-9301\nShip by {us(DUE)}\n\n- tp-1002 x 4\n- 2 x tp-1001\n\nThanks\n", tmp_path)
    assert [(ln["sku"], ln["quantity"]) for ln in got["lines"]] == [("TP-1002", "4"), ("TP-1001", "2")]
