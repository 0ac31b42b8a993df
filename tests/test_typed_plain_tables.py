"""Findings t1 (routed to trust), class 1: an item table typed with one space between its header's labels
("Menge ME Artikel Bezeichnung Preis") read its prices into the descriptions, so the lines went out unpriced
and a typed net total was never checked.

Own examples through the gateway's extract path: the header is read word by word ("Unit price" one label), the
price ending each row is its unit price, checked against the price list and the total typed under the rows.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from testkit.trust_corpus import CUSTOMERS, trust_config
from tests.test_mail_typed_classes import codes, one

FR, IE, US, DE = CUSTOMERS
DUE = date.today() + timedelta(days=11)


@pytest.fixture(scope="module")
def config_path(tmp_path_factory) -> Path:
    return trust_config(tmp_path_factory.mktemp("plain_tables"))


def _de(total: str) -> str:
    return (f"Guten Tag,\n\nBestellnummer: PT-501\nLiefertermin: {DUE:%d.%m.%Y}\n\nMenge ME Artikel Bezeichnung Preis\n"
            f"6 Stk TP-1002 Hefter 12,00\n4 Pkg TP-1006 Haft-Notizen 4,50\n\nSumme netto: {total} EUR\n\n"
            "Mit freundlichen Grüßen\nK. Lange\n")


def test_a_single_spaced_table_reads_its_prices_and_goes(config_path, tmp_path):
    got = one(config_path, DE, _de("90,00"), tmp_path)
    assert got["status"] == "ready", got["issues"]
    assert [(ln["sku"], ln["unit_price"]) for ln in got["lines"]] == [("TP-1002", "12.00"), ("TP-1006", "4.50")]


def test_a_total_that_is_not_the_rows_sum_holds(config_path, tmp_path):
    got = one(config_path, DE, _de("120,00"), tmp_path)
    assert got["status"] != "ready" and codes(got).get("TOTAL-MISMATCH") == "error"


@pytest.mark.parametrize("price, status", [("19.90", "ready"), ("9.90", "review")])
def test_an_english_header_with_a_two_word_price_label(config_path, tmp_path, price, status):
    body = (f"Hello,\n\nPO PT-502\nDelivery {DUE:%d/%m/%Y}\n\nQty Unit Item Description Unit price\n"
            f"3 pcs TP-1001 Desk lamp {price}\n\nThanks\nNiamh\n")
    got = one(config_path, IE, body, tmp_path)
    assert got["status"] == status, got["issues"]
    assert got["lines"][0]["unit_price"] == price
    assert (status == "ready") == ("PRICE-MISMATCH" not in codes(got))


# --- findings t1 class 2: a call-off's blanket order is its PO ------------------------------------------------


@pytest.mark.parametrize("customer, body, po, release", [
    (DE, f"Guten Tag,\n\nAbruf Nr. 7 zu unserer Rahmenbestellung RB-2210:\n- 4 Stk TP-1002\nLiefertermin: {DUE:%d.%m.%Y}"
         "\n\nGruss\nK. Lange\n", "RB-2210", "7"),
    (DE, f"Hallo,\n\nAbruf 3 zum Rahmenauftrag RA-7710:\n- 2 Stk TP-1001\nLiefertermin: {DUE:%d.%m.%Y}\n\nGruss\nUwe\n",
     "RA-7710", "3"),
    (FR, f"Bonjour,\n\nAppel de livraison n° 2 sur notre commande cadre CC-7731\n- 2 pièces TP-1001\nLivraison le "
         f"{DUE:%d/%m/%Y}\n\nCordialement\nAnne\n", "CC-7731", "2"),
])
def test_a_call_off_goes_out_under_its_blanket_order(config_path, tmp_path, customer, body, po, release):
    got = one(config_path, customer, body, tmp_path)
    assert got["status"] == "ready", got["issues"]
    assert got["po_number"] == po and got["references"].get("release") == release


# --- findings t1 class 3: a dash-separated line whose description holds a word with digits ----------------------


@pytest.mark.parametrize("text, description", [
    ("Qty 12 - TP-1001 - Desk lamp E14", "Desk lamp E14"), ("Qty 3 - TP-1002 - Stapler A4", "Stapler A4"),
    ("5 - TP-1001 - Lampe GU10 blanc", "Lampe GU10 blanc"),
])
def test_a_dash_separated_line_with_a_coded_word_in_its_description_is_read(text, description):
    from extractors.locale_values import locale_for
    from extractors.mail.body_lines import grammar, read_item_line
    item = read_item_line(text, locale_for("en_US"), grammar())
    assert item is not None and item.description == description


@pytest.mark.parametrize("text", ["Qty 12 - TP-1001 - 4 boxes", "Qty 3 - TP-1002 - Stapler 2 pieces"])
def test_a_second_count_after_the_dash_is_never_a_description(text):
    from extractors.locale_values import locale_for
    from extractors.mail.body_lines import grammar, read_item_line
    item = read_item_line(text, locale_for("en_US"), grammar())
    assert item is None or item.quantity == 12 and item.description is None


# --- findings t1 class 4: a new PO typed beside a request to repeat an order -----------------------------------


@pytest.mark.parametrize("body, po", [
    ("Hi,\n\nSame as our PO RP-1200 please, new PO RP-1301.\n\nThanks\nTom\n", "RP-1301"),
    ("Bonjour,\n\nMême commande que la RP-1200 svp, nouvelle commande RP-1304.\n\nMerci\nAnne\n", "RP-1304"),
])
def test_a_new_po_beside_a_repeat_request_is_kept(body, po):
    from extractors.base import ExtractHints
    from extractors.mail.body_text import EXTRACTOR
    (order,) = EXTRACTOR.extract(body.encode(), ExtractHints(content_type="text/plain; charset=utf-8")).orders
    assert order.po_number == po and order.references.get("repeats") == "RP-1200"
    assert "ORDER-REPEAT" in {p.code for p in order.problems}  # still held: the lines are the earlier order's
