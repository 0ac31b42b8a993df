"""The own-unit reading of a package word ("8 Karton" of copy paper at one box's price = 8 boxes) needs all of the
document's money to say so (review revU): the amount printed by the customer and quantity x price, no word
beside the price naming another unit, the printed total equal to the own-unit reading, and no other line
using the same word at another price. Anything less waits UOM-PACK-UNSURE with both readings named, never
a note "read as N BX". The catalogue's own pack ("box of 5 reams") said in French or German on the line is no
statement of a carton's content. Default catalogue: SKU-1001 paper BX 24.50 (CT = 5 BX), SKU-1002 pens PK
3.90 (CT = 40 PK), SKU-1003 files C62 2.75 (CT = 20 C62)."""

from __future__ import annotations

from decimal import Decimal
from email.message import EmailMessage

import pytest

from gateway.model import Box, ExtractedLine
from gateway.stages.mapping import amount_printed, price_qualified
from tests.test_trust import in_process_extract, orders_in
from tests.test_unit_package_money import MUELLER, codes, config_path, extract  # noqa: F401 (fixture)

DUPONT = "commandes@dupont-fournitures.example"


def typed(config_path, tmp_path, sender: str, body: str) -> dict:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, "orders@gateway.example", "Bestellung / Commande 8801"
    msg["Date"] = "Mon, 07 Dec 2026 08:00:00 +0000"
    msg.set_content(body)
    (got,) = orders_in(in_process_extract(config_path, msg.as_bytes(), "order.eml", tmp_path, channel="smtp",
                                          sender=sender))
    return got


def waits_with_both(got: dict, *readings: str) -> None:
    assert got["status"] == "review" and "UOM-PACK-UNSURE" in codes(got), got["issues"]
    message = next(i["message"] for i in got["issues"] if i["code"] == "UOM-PACK-UNSURE")
    assert all(r in message for r in readings), message
    assert not any(i["code"] == "UOM-CONVERTED" and "read as" in i["message"] for i in got["issues"])


SIG_DE = "\nLiefertermin: 30.12.2026\nBestellnummer 8801\n\nMfG\nMüller Bürobedarf GmbH\nHauptstraße 5\n80331 München\n"
SIG_FR = "\nLivraison le 30/12/2026.\nCommande n° 8801\n\nCordialement\nDupont Fournitures SARL\n12 rue de la Paix\n75002 Paris\n"


@pytest.mark.parametrize("sender, item, readings", [
    (MUELLER[0], "- 8 Karton SKU-1001 zu 24,50 EUR pro Paket", ("8 BX", "40 BX")),
    (MUELLER[0], "- 8 Karton SKU-1002 à 3,90 EUR je Packung", ("8 PK", "320 PK")),
    (DUPONT, "- 8 cartons de SKU-1001 à 24,50 EUR le paquet", ("8 BX", "40 BX")),
    (MUELLER[0], "- 30 Karton SKU-1003 à 2,75 EUR je Stück", ("30 C62", "600 C62")),
    (DUPONT, "- 30 cartons de SKU-1003 à 2,75 EUR l'unité", ("30 C62", "600 C62")),
])
def test_typed_cartons_at_the_own_units_price_with_no_amount_wait(config_path, tmp_path, sender, item, readings):
    body = ("Guten Tag,\n\nbitte liefern Sie:\n" if sender == MUELLER[0] else "Bonjour,\n\nMerci de livrer :\n") + \
        item + "\n" + (SIG_DE if sender == MUELLER[0] else SIG_FR)
    waits_with_both(typed(config_path, tmp_path, sender, body), *readings)


def test_typed_total_that_cannot_be_weighed_waits(config_path, tmp_path):
    """An unpriced second line: the printed total cannot show the own-unit reading, so it does not settle it."""
    body = ("Guten Tag,\n\nbitte liefern Sie:\n- 4 Karton SKU-1001 à 24,50 EUR, Betrag 98,00 EUR\n"
            "- 3 Stück SKU-1004\n\nGesamtsumme netto: 544,00 EUR\n" + SIG_DE)
    got = typed(config_path, tmp_path, MUELLER[0], body)
    assert got["status"] == "review"
    assert not any(ln["sku"] == "SKU-1001" and ln["uom"] == "BX" and ln["quantity"] == "4" for ln in got["lines"]) \
        or "UOM-PACK-UNSURE" in codes(got), got["issues"]


@pytest.mark.parametrize("row, total, readings", [
    (("SKU-1001", "Kopierpapier A4 80g", 8, "Karton", 24.50, 196.00), 300.00, ("8 BX", "40 BX")),  # neither
    (("SKU-1001", "Kopierpapier A4 80g", 8, "Karton", 24.50, 196.00), 211.00, ("8 BX", "40 BX")),  # + freight
    (("SKU-1001", "Kopierpapier A4, Preis pro Paket", 8, "Karton", 24.50, 196.00), None, ("8 BX", "40 BX")),
    (("SKU-1003", "Ordner A4 80mm, Preis je Stück", 12, "Karton", 2.75, 33.00), None, ("12 C62", "240 C62")),
])
def test_printed_cartons_the_money_does_not_wholly_settle_wait(config_path, tmp_path, row, total, readings):
    waits_with_both(extract(config_path, tmp_path, [row], "UP-8802", total=total), *readings)


def test_same_word_at_the_cartons_price_on_another_line_waits(config_path, tmp_path):
    rows = [("SKU-1002", "Kugelschreiber blau", 2, "Karton", 156.00, 312.00),
            ("SKU-1001", "Kopierpapier A4 80g", 6, "Karton", 24.50, 147.00)]
    got = extract(config_path, tmp_path, rows, "UP-8803")
    waits_with_both(got, "6 BX", "30 BX")
    assert (got["lines"][0]["quantity"], got["lines"][0]["uom"]) == ("80", "PK")


@pytest.mark.parametrize("description", ["Kopierpapier A4 80g (Box mit 5 Ries)",
                                         "Papier A4 80g (boîte de 5 ramettes)",
                                         "Copy paper A4 80g (box of 5 reams)"])
def test_the_catalogues_own_pack_in_any_language_is_no_carton_content(config_path, tmp_path, description):
    got = extract(config_path, tmp_path, [("SKU-1001", description, 6, "Karton", 24.50, 147.00)], "UP-8804")
    assert got["status"] == "ready", got["issues"]
    assert (got["lines"][0]["quantity"], got["lines"][0]["uom"]) == ("6", "BX")


def test_a_real_carton_statement_still_holds(config_path, tmp_path):
    got = extract(config_path, tmp_path, [("SKU-1001", "Kopierpapier, Karton mit 5 Boxen", 6, "Karton", 24.50,
                                           147.00)], "UP-8805")
    assert got["status"] == "review" and "UOM-PACK-UNSURE" in codes(got), got["issues"]


def test_an_amount_the_reader_filled_in_is_not_printed():
    box = Box(page=1, x=10, y=10, w=20, h=10)
    read = ExtractedLine(quantity=Decimal(40), uom="Karton", unit_price=Decimal("2.75"), amount=Decimal("110.00"),
                         boxes={"quantity": box, "unit_price": box, "amount": box})
    computed = read.model_copy(update={"boxes": {"quantity": box, "unit_price": box}})
    typed_line = read.model_copy(update={"boxes": {}})
    assert amount_printed(read) and amount_printed(typed_line) and not amount_printed(computed)
    assert not amount_printed(read.model_copy(update={"amount": None}))


@pytest.mark.parametrize("text, qualified", [
    ("Papier A4, prix à la boîte", True), ("Ordner, Preise je Stück", True), ("Pens, $3.90 per box", True),
    ("Kopierpapier 24,50 EUR/Box", True), ("Kopierpapier A4 80g", False), ("Copy paper A4 80g (box of 5 reams)", False),
])
def test_price_words_naming_another_unit(text, qualified):
    assert price_qualified(ExtractedLine(description=text)) is qualified
