"""Issue 17, outside trials, typed e-mails and the dry run (own examples in English, French and German):

* (d) "deliver to our Brussels address" is the customer's address on file in "Bruxelles" (town names across
  languages: ``gateway.reference.city_names``); another town's name waits ``SHIP-TO-UNSURE`` (it went out to the
  address on file untouched);
* (e) French delivery remarks ("Livraison à quai", "Réception de 8h à 12h", "Prendre rendez-vous 48h avant") are
  the order's notes, not LINE-UNREAD;
* (f) lines typed slash-separated with the buyer's own article number ("10 / 4711-22 / Ordner A4 / 2,35") are read;
* (g) a German Outlook reply whose quoted header is run into one line ("Von: ... Gesendet: ... An: ...") or whose
  separator lost its umlaut ("-----Ursprungliche Nachricht-----"): the quoted order is no second order;
* (h) ``gateway extract`` never shows a change of an order ready: it says the server holds it while its original is
  unknown, and that the journal checks are not run.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from extractors.base import ExtractHints
from extractors.mail.body_text import EXTRACTOR as MAIL
from gateway.reference.city_names import same_town
from testkit.harness import REPO, write_config
from testkit.trust_corpus import CUSTOMERS, write_master
from tests.test_mail_typed_classes import codes
from tests.test_trust import typed

FR, IE, US, DE = CUSTOMERS
DUE = date.today() + timedelta(days=15)
ON_FILE = {"T1": ("Rue Neuve 3", "1000", "Bruxelles", "BE"), "T2": ("21 Patrick Street", "T12 W8R2", "Cork", "IE"),
           "T3": ("88 Walnut Lane", "19103", "Philadelphia", "US"), "T4": ("Hohe Straße 12", "50667", "Köln", "DE")}


@pytest.fixture(scope="module")
def config_path(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("wave3")
    master = root / "master"
    write_master(master)
    customers = master / "customers.csv"
    rows = list(csv.reader(customers.open(encoding="utf-8")))
    head = rows[0]
    for row in rows[1:]:
        street, postcode, city, country = ON_FILE[row[0]]
        row[head.index("street")], row[head.index("postcode")], row[head.index("city")] = street, postcode, city
        row[head.index("country")] = country
    with customers.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    (master / "item_xref.csv").write_text("customer_id,customer_item,sku\nT4,4711-22,TP-1002\nT4,4711-30,TP-1006\n",
                                          encoding="utf-8")
    partners = [{"id": f"sftp-{c.customer_id}", "customer_id": c.customer_id} for c in CUSTOMERS]
    return write_config(root / "gw", {"partners": partners, "decide": {
        "rules": {"conversions_file": master / "unit_conversions.toml"}, "anomalies": {"enabled": False}}},
        master_data=master)


def read(body: str):
    return MAIL.extract(body.encode(), ExtractHints(content_type="text/plain")).orders


# --- (d) town names across languages ---------------------------------------------------------------------


@pytest.mark.parametrize("one, other", [("Brussels", "Bruxelles"), ("Brüssel", "BRUXELLES"), ("Cologne", "Köln"),
                                        ("Munich", "München"), ("Genf", "Genève"), ("Anvers", "Antwerpen"),
                                        ("Koeln", "Köln"), ("Lyon", "lyon")])
def test_one_town_under_its_names(one, other):
    assert same_town(one, other)


@pytest.mark.parametrize("one, other", [("Brussels", "Antwerpen"), ("Köln", "Bonn"), ("Paris", ""), ("Wien", "Vienne la Ville")])
def test_other_towns_are_other(one, other):
    assert not same_town(one, other)


@pytest.mark.parametrize("customer, said", [
    (FR, "PO TW-401, please deliver to our Brussels address:"),
    (FR, "Bestellung TW-402, bitte an unsere Adresse in Brüssel liefern."),
    (FR, "Commande TW-403, à livrer à notre adresse de Bruxelles."),
    (DE, "PO TW-404 - please deliver to our Cologne address."),
    (DE, "Bestellung TW-405, bitte wie immer an unsere Kölner Adresse."),
])
def test_the_customers_town_named_in_another_language_goes(config_path, tmp_path, customer, said):
    body = f"Hello,\n\n{said}\n\n- 5 x TP-1002\n\nDelivery date: {DUE.strftime('%d.%m.%Y')}\n\nRegards\nPaul\n"
    (got,) = typed(config_path, customer, body, tmp_path)
    assert got["status"] == "ready", got["issues"]


@pytest.mark.parametrize("customer, said", [
    (FR, "PO TW-411, please deliver to our Antwerp address:"),
    (FR, "Commande TW-412, à livrer à notre adresse de Liège."),
    (DE, "PO TW-413 - please deliver to our Munich address."),
])
def test_another_town_named_for_the_customers_address_waits(config_path, tmp_path, customer, said):
    body = f"Hello,\n\n{said}\n\n- 5 x TP-1002\n\nDelivery date: {DUE.strftime('%d.%m.%Y')}\n\nRegards\nPaul\n"
    (got,) = typed(config_path, customer, body, tmp_path)
    assert got["status"] != "ready" and codes(got).get("SHIP-TO-UNSURE") == "error"


# --- (e) French delivery remarks -------------------------------------------------------------------------


@pytest.mark.parametrize("remark", [
    "Livraison à quai", "Réception de 8h à 12h", "Merci de prendre rendez-vous au 01 23 45 67 89",
    "Prendre rendez-vous 48h avant.", "Livraison à quai uniquement, réception du lundi au vendredi de 7h30 à 11h30.",
    "Livraison sur rendez-vous uniquement", "Pas de livraison le vendredi après-midi", "Livraison en 2 palettes maximum",
    "Anlieferung nur nach Terminvereinbarung", "Delivery by appointment only",
])
def test_a_delivery_remark_is_a_note_not_a_line(remark):
    (order,) = read(f"Bonjour,\n\nCommande n° TW-501 :\n\n- 5 x TP-1002\n- 2 x TP-1006\n\n{remark}\n\nCordialement,\nMarie")
    assert [(ln.customer_item, ln.quantity) for ln in order.lines] == [("TP-1002", 5), ("TP-1006", 2)]
    assert "LINE-UNREAD" not in [p.code for p in order.problems]


@pytest.mark.parametrize("remark", ["Livraison à quai : 5 cartons papier", "Réception : 3 boîtes de stylos",
                                    "Livraison à quai, avec 2 x TP-1001 en plus"])
def test_a_remark_that_counts_goods_is_still_shown(remark):
    (order,) = read(f"Bonjour,\n\nCommande n° TW-502 :\n\n- 5 x TP-1002\n\n{remark}\n\nCordialement,\nMarie")
    assert "LINE-UNREAD" in [p.code for p in order.problems] or len(order.lines) > 1


def test_french_remarks_through_gateway_extract(config_path, tmp_path):
    body = (f"Bonjour,\n\nCommande n° TW-503 :\n\n- 5 x TP-1002\n- 2 x TP-1006\n\nLivraison à quai\nRéception de 8h à 12h\n"
            f"Merci de prendre rendez-vous au 01 23 45 67 89\n\nDate de livraison : {DUE.strftime('%d/%m/%Y')}\n\n"
            "Cordialement,\nMarie")
    (got,) = typed(config_path, FR, body, tmp_path, cli=True)
    assert got["status"] == "ready", got["issues"]


# --- (f) slash-separated lines ---------------------------------------------------------------------------


@pytest.mark.parametrize("line, want", [
    ("10 / 4711-22 / Ordner A4 / 2,35", ("4711-22", Decimal(10), Decimal("2.35"))),
    ("10/4711-22/Ordner A4/2,35", ("4711-22", Decimal(10), Decimal("2.35"))),
    ("10 / TP-1002 / Hefter / 12,00", ("TP-1002", Decimal(10), Decimal("12.00"))),
    ("10 Stk / 4711-22 / Ordner A4", ("4711-22", Decimal(10), None)),
    ("10 / 4711-22 / Ordner A4 80 mm / 2,35", ("4711-22", Decimal(10), Decimal("2.35"))),
])
def test_slash_separated_cells_are_read(line, want):
    (order,) = read(f"Guten Tag,\n\nBestellung TW-601:\n\n{line}\n\nMit freundlichen Grüßen\nKarin")
    assert [(ln.customer_item, ln.quantity, ln.unit_price) for ln in order.lines] == [want]


@pytest.mark.parametrize("line", ["10 / 4711-22 / Ordner A4 und 2 Locher / 2,35", "10 / 4711-22 / Ordner 2 / 2,35"])
def test_a_slash_line_saying_more_is_shown(line):
    (order,) = read(f"Guten Tag,\n\nBestellung TW-602:\n\n{line}\n\nMit freundlichen Grüßen\nKarin")
    assert not order.lines and "LINE-UNREAD" in [p.code for p in order.problems]


def test_the_buyers_article_numbers_go_out_as_our_products(config_path, tmp_path):
    body = (f"Guten Tag,\n\nBestellung TW-603:\n\n10 / 4711-22 / Hefter / 12,00\n4 / 4711-30 / Haftnotizen / 4,50\n\n"
            f"Liefertermin: {DUE.strftime('%d.%m.%Y')}\n\nMit freundlichen Grüßen\nKarin Vogt")
    (got,) = typed(config_path, DE, body, tmp_path, cli=True)
    assert got["status"] == "ready", got["issues"]
    assert [(ln["sku"], ln["quantity"]) for ln in got["lines"]] == [("TP-1002", "10"), ("TP-1006", "4")]


# --- (g) a German Outlook reply quoting the original order -----------------------------------------------


@pytest.mark.parametrize("header", [
    "Von: Karin Vogt <einkauf@hansa.example> Gesendet: Montag, 30. November 2026 10:12 An: orders@gateway.example "
    "Betreff: Bestellung TW-700",
    "-----Ursprungliche Nachricht-----\nVon: Karin Vogt",
    "-----UrsprÃ¼ngliche Nachricht-----\nVon: Karin Vogt",
    "-----Ursprüngliche Nachricht-----\nVon: Karin Vogt <einkauf@hansa.example>\nGesendet: Montag, 30. November 2026",
    "From: Karin Vogt <k@hansa.example> Sent: Monday, November 30, 2026 10:12 AM To: orders@gateway.example",
])
def test_the_quoted_order_of_a_reply_is_no_order_of_it(header):
    body = (f"Subject: AW: Bestellung TW-700\n\nHallo,\n\nBestellung TW-701\n- 3 x TP-1004\n\nGruß\nKarin\n\n{header}\n\n"
            "Bestellung TW-700\n- 40 x TP-1002\n- 5 x TP-1006\n")
    (order,) = read(body)
    assert order.po_number == "TW-701"
    assert [(ln.customer_item, ln.quantity) for ln in order.lines] == [("TP-1004", 3)]


# --- (h) the dry run of a change -------------------------------------------------------------------------


def test_gateway_extract_never_shows_a_change_ready(config_path, tmp_path):
    due, today = DUE.strftime("%Y%m%d"), date.today().strftime("%Y%m%d")
    edi = ("UNA:+.? 'UNB+UNOC:3+" + DE.gln + ":14+4000000000000:14+" + date.today().strftime("%y%m%d") + ":0905+W3'"
           "UNH+1+ORDERS:D:96A:UN'BGM+220+TW-801+5'DTM+137:" + today + ":102'DTM+2:" + due + ":102'NAD+BY+" + DE.gln
           + "::9'LIN+1++TP-1002:SA'QTY+21:7:C62'UNS+S'UNT+9+1'UNZ+1+W3'")
    path = tmp_path / "change.edi"
    path.write_text(edi)
    out = subprocess.run([sys.executable, "-c", "from gateway.cli import main; main()", "extract", str(path),
                          "--channel", "sftp", "--partner", "sftp-T4", "--config", str(config_path)],
                         capture_output=True, text=True, cwd=REPO, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
                         timeout=120)
    result = json.loads(out.stdout)
    (entry,) = result["orders"]
    assert entry["order"]["kind"] == "change"
    assert entry["order"]["status"] != "ready"
    assert [i["code"] for i in entry["order"]["issues"] if i["severity"] == "error" or i["code"] == "ORIGINAL-UNKNOWN"] \
        == ["ORIGINAL-UNKNOWN"], entry["order"]["issues"]  # nothing else holds it: only the unknown original
    assert "journal" in result["journal_checks"]


def test_a_line_of_the_order_naming_a_place_and_a_date_is_no_quoted_header() -> None:
    """Review revC D2: "Von: Lager Nord, Datum: 14.12.2026" between items is the order's own text, not Outlook's
    header run into one line; only a line with an address or a recipient's or subject's label after it is."""
    from extractors.mail.body_text import without_quoted_message
    order = ("Bitte liefern:\nLieferung 1:\n- 3 x MB-4711\nVon: Lager Nord, Datum: 14.12.2026\nLieferung 2:\n"
             "- 5 x SKU-1004\nVon: Lager Süd, Datum: 21.12.2026\n")
    assert "5 x SKU-1004" in without_quoted_message(order)
    for line in ("From: stock at Dock 4, Date: as soon as possible", "De : service achats – date : 07/12/2026 – suite :"):
        assert "5 x SKU-1004" in without_quoted_message(f"- 3 x SKU-1002\n{line}\n- 5 x SKU-1004\n")
    quoted = ("- 3 x SKU-1002\nVon: Karin Vogt <k.vogt@mueller-buero.example> Gesendet: Montag, 30. November 2026 10:12 "
              "An: orders@meridian.example Betreff: Bestellung\n- 5 x SKU-1004\n")
    assert "5 x SKU-1004" not in without_quoted_message(quoted)
