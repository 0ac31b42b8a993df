"""Who a printed page says it is from, and the currency its amounts are printed in.

A PDF or fax is put to a customer by its channel (the sender's address, the fax number it came from);
a page whose letterhead names another customer of the master data (its name, or its fax number, an
OCR digit apart) waits with ``IDENTITY-MISMATCH``; a page whose amounts are printed in another
currency than the customer's waits with ``CURRENCY-MISMATCH``. The PDFs are the checked-in
real-producer fixtures (Chromium prints), read through ``gateway extract``'s own path.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.capture.money_signs import printed_currency
from gateway.model import DocType, Extraction
from gateway.reference.masterdata import CustomerRecord
from gateway.stages.mapping import order_currency
from gateway.stages.page_identity import _named_by_page
from testkit.harness import write_config

DOCS = Path(__file__).parent / "fixtures" / "real_producers" / "docs"
MASTER_DATA = Path(__file__).parent / "fixtures" / "real_producers" / "masterdata"


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_config(tmp_path_factory.mktemp("gw"), master_data=MASTER_DATA)


def _order(config: Path, name: str, sender: str) -> dict:
    from gateway.config import load_config
    from gateway.oneshot import extract_file

    (found,) = extract_file(load_config(config), DOCS / name, channel="email", sender=sender)["orders"]
    return found["order"]


def _codes(order: dict) -> set[str]:
    return {i["code"] for i in order["issues"] if i["severity"] != "info"}


def test_a_page_printed_by_another_customer_waits_naming_both(config: Path) -> None:
    # Bayview Medical Supply's order (letterhead, prices in $) mailed from Papeterie Durand's address.
    order = _order(config, "wraphdr_en_1.pdf", "achats@papeterie-durand.example")
    assert order["customer"]["id"] == "C5002"
    issues = {i["code"]: i["message"] for i in order["issues"]}
    assert "C5201 Bayview Medical Supply" in issues["IDENTITY-MISMATCH"]
    assert "C5002" in issues["IDENTITY-MISMATCH"]
    assert order["currency"] == "USD" and "CURRENCY-MISMATCH" in issues


def test_the_same_page_from_its_own_customer_goes_through(config: Path) -> None:
    order = _order(config, "wraphdr_en_1.pdf", "buyer@bayview-medical.example")
    assert order["customer"]["id"] == "C5201"
    assert not _codes(order) & {"IDENTITY-MISMATCH", "CURRENCY-MISMATCH"}


@pytest.mark.parametrize("lines, expected", [
    (["Unit Price (USD)  Amount", "10 BI-8051 $3.15 $31.50"], "USD"),  # a code title and the sign agree
    (["Prix unitaire € 12,50", "Total HT 1 250,00 €"], "EUR"),
    (["Einzelpreis EUR  Gesamt EUR", "1 Stk 2,00 2,00"], "EUR"),  # codes in the column titles
    (["Qty 2 Net £4.20 £8.40"], "GBP"),
    (["10 x $12.00", "$120.00"], "$"),  # the dollar of the customer's country, settled by the mapping
    (["$B-5080 Screws 12 4.50", "$B-5081 1"], None),  # an OCR '$' for the 'S' of a code: no evidence
    (["12.50 €", "3.00 $"], None),  # two currencies: nothing settled
    (["Total 31.50 €"], None),  # one mark only
])
def test_the_currency_printed_beside_the_amounts(lines: list[str], expected: str | None) -> None:
    assert printed_currency(lines) == expected


@pytest.mark.parametrize("read, customers, expected", [
    ("$", "CAD", "CAD"), ("$", "EUR", "USD"), ("$", "", "USD"), (None, "EUR", "EUR"), ("GBP", "EUR", "GBP"),
])
def test_a_dollar_sign_is_the_customers_dollar_or_the_us_one(read: str | None, customers: str,
                                                             expected: str) -> None:
    assert order_currency(read, customers) == expected


LEFEVRE = CustomerRecord("K1", "Quincaillerie Lefèvre SARL", fax="+33 1 43 22 17 80")
KRUGER = CustomerRecord("K3", "Krüger Befestigungstechnik GmbH", fax="+49 40 3344 5500")
MOREL = CustomerRecord("K9", "Atelier Morel & Fils", fax="+33 2 40 35 61 22")


def _page(fax: str | None = None, letterhead: str = "") -> Extraction:
    return Extraction(format="ocr", doc_type=DocType.ORDER, sender_hints={"fax": fax} if fax else {},
                      metadata={"header_text": letterhead})


@pytest.mark.parametrize("page, named", [
    (_page(fax="+33 1 43 22 17 86"), "K1"),  # Lefèvre's number with its last digit misread
    (_page(letterhead="QUINCAILLERIE LEFÈVRE\n18 rue des Tanneurs 75013 Paris"), "K1"),
    (_page(fax="+49 40 3344 5501", letterhead="KRÜGER Befestigungstechnik"), None),  # its own, a digit off
    (_page(fax="+1 614 555 0188"), None),  # a number of nobody we know: no evidence against
    (_page(letterhead="Bon de commande\nAtelier Morel et Fils"), "K9"),
    (_page(letterhead="Krüger Befestigungstechnik GmbH\nLieferung an: Atelier Morel & Fils"), None),  # both named
])
def test_a_fax_put_to_kruger_by_its_csid_against_what_its_page_prints(page: Extraction, named: str | None) -> None:
    found = _named_by_page([LEFEVRE, KRUGER, MOREL], KRUGER, page)
    assert (found.split()[0] if found else None) == named


def test_a_scanned_delivery_address_that_is_the_customers_own_is_spelled_as_on_file() -> None:
    from gateway.model import Address
    from gateway.stages.mapping import scanned_home
    customer = CustomerRecord("K1", "Quincaillerie Lefèvre SARL", country="FR", street="18 rue des Tanneurs",
                              city="Paris", postcode="75013")
    read = Address(name="Magasin — 18 rue des. Tanneurs", city="Paris", postcode="75013")
    assert scanned_home(read, "pdf_text", customer) == read  # a text layer is kept as printed
    home = scanned_home(read, "ocr", customer)
    assert (home.name, home.street, home.postcode) == ("Quincaillerie Lefèvre SARL", "18 rue des Tanneurs", "75013")
    elsewhere = Address(name="Dépôt", street="12 rue Hénaff", city="Vénissieux", postcode="69200")
    assert scanned_home(elsewhere, "ocr", customer) == elsewhere
