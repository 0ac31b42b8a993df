"""Issue 17, payment terms written on an order: compared with the customer's terms on file (``customers.csv``
``payment_terms``), else with the usual ones (30 days net, no cash discount), through the running pipeline
(``gateway extract`` in process). A term that differs holds ``TERMS-TYPED``; the same terms said again pass."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

import pytest

from extractors.payment_terms import Terms, stated_terms
from testkit.harness import write_config
from testkit.trust_corpus import CUSTOMERS, PRODUCTS, write_master
from tests.test_trust import in_process_extract, orders_in

FR, IE, US, DE = CUSTOMERS
LAMP = {p.sku: p for p in PRODUCTS}["TP-1001"]
TODAY = date.today()
SOON = TODAY + timedelta(days=6)


def _config(root: Path, terms: dict[str, str]) -> Path:
    master = root / "master"
    write_master(master)
    path = master / "customers.csv"
    rows = list(csv.reader(path.open(encoding="utf-8")))
    rows[0].append("payment_terms")
    for row in rows[1:]:
        row.append(terms.get(row[0], ""))
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    extra = {"partners": [{"id": f"sftp-{c.customer_id}", "customer_id": c.customer_id} for c in CUSTOMERS],
             "decide": {"rules": {"conversions_file": master / "unit_conversions.toml"}, "anomalies": {"enabled": False}}}
    return write_config(root / "gw", extra, master_data=master)


@pytest.fixture(scope="module")
def config(tmp_path_factory) -> Path:
    return _config(tmp_path_factory.mktemp("terms"), {DE.customer_id: "2/10 net 30"})


def edifact(note: str, customer=DE, po: str = "PT-1") -> bytes:
    seg = ["UNH+5+ORDERS:D:96A:UN:EAN008", f"BGM+220+{po}+9", f"DTM+137:{TODAY:%Y%m%d}:102",
           f"DTM+2:{SOON:%Y%m%d}:102", f"FTX+AAB+++{note}", f"NAD+BY+{customer.gln}::9", "CUX+2:EUR:9",
           f"LIN+1++{LAMP.gtin}:SRS", "QTY+21:3:PCE", f"PRI+AAA:{LAMP.price}", "UNS+S", "CNT+2:1"]
    seg.append(f"UNT+{len(seg) + 1}+5")
    return ("UNA:+.? '" + "'".join([f"UNB+UNOC:3+{customer.gln}:14+GATEWAY:ZZ+{TODAY:%y%m%d}:0800+91", *seg,
                                    "UNZ+1+91"]) + "'").encode("latin-1")


def terms_codes(config: Path, note: str, customer=DE) -> set[str]:
    [order] = orders_in(in_process_extract(config, edifact(note, customer), "o.edi", config.parent, channel="http"))
    return {i["code"] for i in order["issues"] if i["severity"] == "error"}


@pytest.mark.parametrize("note, held", [
    ("ZAHLUNG 30 TAGE 3 % SKONTO", True),       # another discount than the 2 % on file
    ("ZAHLUNGSZIEL 60 TAGE", True),             # another net term
    ("payable 60 days net", True),
    ("2 % Skonto bei Zahlung in 10 Tagen", False),  # the customer's own terms said again
    ("Zahlung 2/10 net 30 wie vereinbart", False),
    ("Net 30", False),
    ("BITTE LIEFERSCHEIN BEILEGEN", False),     # no terms
])
def test_terms_against_the_customers_on_file(config, note, held):
    assert ("TERMS-TYPED" in terms_codes(config, note)) is held


@pytest.mark.parametrize("note, held", [
    ("Net 30 days as usual", False),           # the usual terms, with none on file
    ("Paiement a 30 jours net", False),
    ("payable 60 days net", True),             # other than the usual: held, named
    ("Paiement a 45 jours fin de mois", True),
    ("Escompte 2 % a 10 jours", True),         # a cash discount where none is usual
    ("Total net 450.00", False),               # a total, no terms
])
def test_terms_with_none_on_file_against_the_usual(config, note, held):
    assert ("TERMS-TYPED" in terms_codes(config, note, FR)) is held


@pytest.mark.parametrize("text, terms", [
    ("payable 60 days net", Terms(60)),
    ("Zahlung 30 Tage 3 % Skonto", Terms(30, discount=3)),
    ("2/10 net 30", Terms(30, discount=2, discount_days=10)),
    ("2 % Skonto bei Zahlung in 10 Tagen", Terms(None, discount=2, discount_days=10)),
    ("Paiement à 45 jours fin de mois", Terms(45, end_of_month=True)),
    ("Delivery within 10 days", None), ("Net weight 30 kg", None), ("Total net 450.00", None),
    ("Payment by bank transfer", None),
])
def test_terms_read(text, terms):
    assert stated_terms(text) == terms
