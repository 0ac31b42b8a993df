"""Issue 17: a typed e-mail that sends the order elsewhere than the customer's address on file waits.

Own examples: an order said to be for a named site of the customer's ("for our Cork store", "für unser Lager in
Kassel", "pour notre dépôt de Rennes") with no address is held ``SHIP-TO-UNSURE`` (element ``ship_to.site``),
unless the place named is the customer's own city on file; a delivery address typed in full that is not the
customer's address on file is held ``SHIP-TO-UNSURE`` for a person to confirm the new place, the customer's own
address typed goes; words that name no site ("for our office supplies", "for our main warehouse") hold nothing.
"""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

import pytest

from testkit.harness import write_config
from testkit.trust_corpus import CUSTOMERS, write_master
from tests.test_mail_typed_classes import codes, one

FR, IE, US, DE = CUSTOMERS
DUE = date.today() + timedelta(days=15)
ON_FILE = {"T1": ("5 quai Saint-Antoine", "69002", "Lyon"), "T2": ("21 Patrick Street", "T12 W8R2", "Cork"),
           "T3": ("88 Walnut Lane", "19103", "Philadelphia"), "T4": ("Wilhelmshöher Allee 40", "34117", "Kassel")}


@pytest.fixture(scope="module")
def config_path(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("sites")
    master = root / "master"
    write_master(master)
    customers = master / "customers.csv"
    rows = list(csv.reader(customers.open(encoding="utf-8")))
    for row in rows[1:]:
        row[rows[0].index("street")], row[rows[0].index("postcode")], row[rows[0].index("city")] = ON_FILE[row[0]]
    with customers.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    partners = [{"id": f"sftp-{c.customer_id}", "customer_id": c.customer_id} for c in CUSTOMERS]
    return write_config(root / "gw", {"partners": partners, "decide": {
        "rules": {"conversions_file": master / "unit_conversions.toml"}, "anomalies": {"enabled": False}}},
        master_data=master)


def _de(day: date) -> str:
    return day.strftime("%d.%m.%Y")


def _eu(day: date) -> str:
    return day.strftime("%d/%m/%Y")


SITES = [
    (IE, f"Hi,\n\nPO ST-301 is for our Galway store.\n4 x TP-1001\n2 x TP-1002\nDelivery {_eu(DUE)}\n\nThanks\nRory\n",
     "Galway"),
    (DE, f"Guten Tag,\n\nBestellnummer: ST-302\nDiese Bestellung ist für unser Lager in Göttingen.\n- 3 Stk TP-1002\n"
         f"Liefertermin: {_de(DUE)}\n\nMit freundlichen Grüßen\nP. Roth\n", "Gottingen"),
    (FR, f"Bonjour,\n\nCommande ST-303 pour notre dépôt de Rennes :\n- 5 pièces TP-1001\nLivraison le {_eu(DUE)}\n\n"
         "Cordialement\nLuc Perrin\n", "Rennes"),    (IE, f"Hi,\n\nPO ST-304: please send by {_eu(DUE)} for our store in Limerick:\n5 x TP-1001\n\nThanks\nRory\n",
     "Limerick"),  # a date on the line is no address
]


@pytest.mark.parametrize("customer, body, place", SITES)
def test_an_order_for_a_named_site_without_address_waits(config_path, tmp_path, customer, body, place):
    got = one(config_path, customer, body, tmp_path)
    assert got["status"] != "ready"
    issue = next(i for i in got["issues"] if i["code"] == "SHIP-TO-UNSURE")
    assert issue["severity"] == "error" and place in issue["message"]


@pytest.mark.parametrize("customer, body", [
    (DE, f"Guten Tag,\n\nBestellnummer: ST-311\nDiese Bestellung ist für unser Lager in Kassel.\n- 3 Stk TP-1002\n"
         f"Liefertermin: {_de(DUE)}\n\nMit freundlichen Grüßen\nP. Roth\n"),  # the customer's own city
    (IE, f"Hi,\n\nPO ST-312 for our office supplies:\n4 x TP-1001\nDelivery {_eu(DUE)}\n\nThanks\nRory\n"),
    (US, f"Hello,\n\nPO ST-313, for our main warehouse as usual:\n4 x TP-1001\nDeliver by "
         f"{DUE.month:02d}/{DUE.day:02d}/{DUE.year}\n\nThanks\nAnn\n"),
])
def test_words_naming_no_other_site_hold_nothing(config_path, tmp_path, customer, body):
    got = one(config_path, customer, body, tmp_path)
    assert got["status"] == "ready", got["issues"]


NEW_PLACES = [
    (IE, f"Hi,\n\nPO ST-321\n2 x TP-1001\nDelivery {_eu(DUE)}\n\nShip to:\nUnit 9 Kinsale Road Business Park\nCork\n"
         "T12 P9X4\n\nThanks\nRory\n"),
    (DE, f"Hallo,\n\nBestellnummer: ST-322\n- 4 Stk TP-1002\nLiefertermin: {_de(DUE)}\nLieferanschrift: "
         "Frankfurter Straße 7, 34121 Kassel\n\nGruss\nP. Roth\n"),
    (FR, f"Bonjour,\n\nCommande ST-323\n- 2 pièces TP-1001\nLivraison le {_eu(DUE)}\nLivrer à : 27 rue Garibaldi, "
         "69003 Lyon\n\nCordialement\nLuc\n"),
]


@pytest.mark.parametrize("customer, body", NEW_PLACES)
def test_a_typed_address_not_on_file_waits(config_path, tmp_path, customer, body):
    got = one(config_path, customer, body, tmp_path)
    assert got["status"] != "ready"
    assert codes(got).get("SHIP-TO-UNSURE") == "error"


@pytest.mark.parametrize("customer, body", [
    (DE, f"Hallo,\n\nBestellnummer: ST-331\n- 4 Stk TP-1002\nLiefertermin: {_de(DUE)}\nLieferanschrift: "
         "Wilhelmshöher Allee 40, 34117 Kassel\n\nGruss\nP. Roth\n"),
    (FR, f"Bonjour,\n\nCommande ST-332\n- 2 pièces TP-1001\nLivraison le {_eu(DUE)}\nAdresse de livraison : "
         "5 quai Saint-Antoine, 69002 Lyon\n\nCordialement\nLuc\n"),
])
def test_the_customers_own_address_typed_goes(config_path, tmp_path, customer, body):
    got = one(config_path, customer, body, tmp_path)
    assert got["status"] == "ready", got["issues"]


# --- a ship-to the customer's accepted orders went to before is a known one (through the running gateway) ---


async def test_a_typed_address_approved_once_is_a_known_ship_to_next_time(tmp_path):
    from tests.test_trust_history import http
    from gateway.store.intake import IntakeMeta
    from testkit.harness import running_gateway, wait_until

    root = tmp_path / "cfg"
    master = root / "master"
    write_master(master)
    path = write_config(root / "gw", {"decide": {"rules": {"conversions_file": master / "unit_conversions.toml"}}},
                        master_data=master)
    site = "Ship to:\nUnit 3 Tramore Road\nCork\nT12 R2K7\n"

    async def send(gw, po: str):
        from tests.test_trust import typed_mail
        data, _name, _how = typed_mail(IE, f"Hi,\n\nPO {po}\n2 x TP-1001\nDelivery {_eu(DUE)}\n\n{site}\nThanks\nRory\n")
        envelope = await gw.ctx.intake.accept(data, "smtp", IntakeMeta(sender=IE.email, filename=f"{po}.eml"))

        async def order():
            for child in await gw.ctx.journal.list_documents(parent_id=envelope.document_id):
                if found := await gw.ctx.journal.orders_for_document(child.id):
                    return found[0]
            return None
        return await wait_until(order, timeout=60)

    async with running_gateway(path) as gw:
        first = await send(gw, "ST-341")
        assert first.status.value == "review"
        assert any(i.code == "SHIP-TO-UNSURE" and i.field == "ship_to.typed" for i in first.issues)
        status, approved = await http(gw, "POST", f"/v1/orders/{first.order_id}/approve")
        assert status == 200 and approved["status"] == "ready"
        again = await send(gw, "ST-342")
        assert "SHIP-TO-UNSURE" not in {i.code for i in again.issues}, again.issues
        assert again.status.value in ("ready", "delivered")


@pytest.mark.parametrize("customer, body", [
    (IE, f"Hi,\n\nPO ST-351\n3 x TP-1001\nDelivery {_eu(DUE)}\nPlease note we have moved, new delivery address from "
         "January.\n\nThanks\nRory\n"),
    (DE, f"Hallo,\n\nBestellnummer: ST-352\n- 3 Stk TP-1002\nLiefertermin: {_de(DUE)}\nBitte beachten: neue "
         "Lieferadresse ab sofort!\n\nGruss\nP. Roth\n"),
])
def test_a_new_delivery_address_announced_in_words_waits(config_path, tmp_path, customer, body):
    got = one(config_path, customer, body, tmp_path)
    assert got["status"] != "ready"
    assert any(i["code"] == "CHANGE-TYPED" and i["field"] == "ship_to" for i in got["issues"]), got["issues"]
