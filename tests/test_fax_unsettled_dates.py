"""Issue 23 (e) / issue 17 (dates): a numeric date whose day and month could be read either way, on a fax of a
customer with no country, language or declared date order on file. A dotted date is day-first usage (fr, de,
en-GB); in an English fax nothing else settles it, and two OCR engines reading the same digits vouch for the
digits, not for which is the day: the order waits (DATE-AMBIGUOUS) with the day-first reading shown, never goes
out with 11 December for 12 November. Real faxes: reportlab pages rendered at fax resolution, both engines."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from extractors.locale_values import AMBIGUOUS, date_unsettled, locale_for, parse_date
from testkit.capture_fax import render_fax_tiff
from testkit.harness import write_config


@pytest.mark.parametrize("text, hint, language, want, strength", [
    ("04.12.2026", None, "eng", date(2026, 12, 4), AMBIGUOUS),  # dots: day first, but nothing settled it
    ("04/12/2026", None, "eng", date(2026, 4, 12), AMBIGUOUS),  # slashes in English: either way
    ("04.12.2026", None, "deu", date(2026, 12, 4), 1.0),  # dots in a German document: day first
    ("04.12.2026", None, "fra", date(2026, 12, 4), 1.0),
    ("04/12/2026", None, "fra", date(2026, 12, 4), AMBIGUOUS),
    ("04.12.2026", "en_US", None, date(2026, 4, 12), 1.0),  # the customer's country settles it
    ("04.12.2026", "en_GB", None, date(2026, 12, 4), 1.0),
    ("04.12.2026", "@mdy", "eng", date(2026, 4, 12), 1.0),  # its past documents settled it
    ("04,12.2026", None, "eng", date(2026, 12, 4), AMBIGUOUS * 0.7),  # a dot OCR read as a comma
])
def test_a_dotted_date_is_read_day_first_unless_the_customer_settles_otherwise(text, hint, language, want,
                                                                             strength) -> None:
    found = parse_date(text, locale_for(hint, language))
    assert found is not None and found[0] == want and found[1] == pytest.approx(strength)


@pytest.mark.parametrize("text, hint, language, unsettled", [
    ("Date: 04.12.2026", None, "eng", date(2026, 12, 4)),
    ("Date: 04/12/2026", None, "eng", date(2026, 4, 12)),
    ("Datum: 04.12.2026", None, "deu", None),
    ("Date: 14.12.2026", None, "eng", None),  # a day over 12 settles itself
    ("Date: 04.04.2026", None, "eng", None),
    ("Date: 04.12.2026", "en_IE", None, None),
    ("Date: 2026-04-12", None, "eng", None),
])
def test_which_dates_nothing_settles(text, hint, language, unsettled) -> None:
    assert date_unsettled(text, locale_for(hint, language)) == unsettled


TABLE = [["Item", "Description", "Qty", "Price", "Amount"], ["AB-1001", "Stapler", "2", "9.50", "19.00"],
         ["AB-1003", "Binder", "10", "2.10", "21.00"]]
CUSTOMERS = {"T1": ("Orwell Trading", "", "", "+44 20 7946 0100", "5 Bank Street", "London", "E14 5AB"),
             "T2": ("Hofmann Handel", "DE", "", "+49 30 555 0200", "Am Markt 3", "Berlin", "10115")}


def _fax(head: list[str]) -> bytes:
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    c.setFont("Helvetica", 11)
    y = 790
    for text in head:
        c.drawString(60, y, text)
        y -= 16
    for row in TABLE:
        for x, text in zip([60, 160, 330, 400, 470], row):
            c.drawString(x + 3, y, text)
        c.line(60, y - 5, 540, y - 5)
        y -= 18
    c.showPage()
    c.save()
    return render_fax_tiff(buf.getvalue(), "fine", seed=1)


@pytest.fixture(autouse=True)
def both_engines(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GATEWAY_OCR_ENGINES", "both")  # the engines' agreement is what lifted an unsettled date


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory):
    from gateway.config import load_config
    root = tmp_path_factory.mktemp("unsettled")
    md = root / "md"
    md.mkdir()
    (md / "customers.csv").write_text(
        "customer_id,name,country,currency,gln,duns,x12_id,email_domain,sender_emails,fax,street,city,postcode,"
        "language\n" + "".join(f"{k},{n},{co},EUR,,,,,,{f},{s},{t},{p},{lg}\n"
                               for k, (n, co, lg, f, s, t, p) in CUSTOMERS.items()), encoding="utf-8")
    (md / "products.csv").write_text("sku,gtin,description,uom,unit_price\nAB-1001,,Stapler,C62,9.50\n"
                                     "AB-1002,,Paper ream,C62,3.20\nAB-1003,,Binder,C62,2.10\n", encoding="utf-8")
    (md / "item_xref.csv").write_text("customer_id,customer_item,sku\n", encoding="utf-8")
    return load_config(write_config(root / "cfg", master_data=md))


def _extract(config, customer: str, head: list[str], tmp_path: Path) -> dict:
    from gateway.oneshot import extract_file
    path = tmp_path / "fax.tif"
    path.write_bytes(_fax(head))
    result = extract_file(config, path, channel="fax", sender=CUSTOMERS[customer][3])
    (order,) = [o["order"] for o in result["orders"]]
    return order


def test_an_english_fax_with_dotted_dates_and_no_locale_on_file_waits_with_the_day_first_reading(config,
                                                                                               tmp_path) -> None:
    order = _extract(config, "T1", ["Orwell Trading", "5 Bank Street", "London E14 5AB", "", "PURCHASE ORDER",
                                    "Order No.: OT-5541", "Date: 12.11.2026", "Delivery date: 05.01.2027"], tmp_path)
    assert order["status"] == "review"
    assert (order["order_date"], order["requested_delivery_date"]) == ("2026-11-12", "2027-01-05")
    held = {i["field"] for i in order["issues"] if i["code"] == "DATE-AMBIGUOUS"}
    assert held == {"order_date", "requested_delivery_date"}


def test_the_customers_country_settles_a_dotted_date(config, tmp_path) -> None:
    order = _extract(config, "T2", ["Hofmann Handel", "Am Markt 3", "10115 Berlin", "", "PURCHASE ORDER",
                                    "Order No.: HH-7781", "Date: 03.12.2026", "Delivery date: 05.01.2027"], tmp_path)
    assert (order["order_date"], order["requested_delivery_date"]) == ("2026-12-03", "2027-01-05")
    assert not [i for i in order["issues"] if i["code"] == "DATE-AMBIGUOUS"]
