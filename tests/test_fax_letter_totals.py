"""Issue 23 (c): a faxed typed letter whose items are sentences ("2 x AB-1001 Stapler at 9.50 each = 19.00") is read
by the typed-order grammar, each field at most 0.8 sure. Without a stated total nothing vouches that every line was
read, so it waits; a total typed under the items ("Total: 40.00") is now kept as the order's total, so the gateway
checks the lines against it as it does a printed table's: adding up (known products at their list price) the order
goes out; a line short of the total (a line lost) waits with CHECK-TOTAL. Real faxes: reportlab letters rendered at
fax resolution, read by both OCR engines, through gateway.oneshot.extract_file."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from testkit.capture_fax import render_fax_tiff
from testkit.harness import write_config

FAX = "+44 20 7946 0104"
HEAD = ["Orwell Trading", "5 Bank Street", "London E14 5AB", "", "London, 3 December 2026", "", "Order OT-7710", "",
        "Dear Sir or Madam,", "please supply the following by 18 December 2026:", ""]
ITEMS = ["2 x AB-1001 Stapler at 9.50 each = 19.00", "10 x AB-1003 Binder at 2.10 each = 21.00"]
TAIL = ["", "Yours faithfully,", "J. Smith"]


@pytest.fixture(autouse=True)
def both_engines(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GATEWAY_OCR_ENGINES", "both")  # the engines' agreement is what lifted an unsettled date


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory):
    from gateway.config import load_config
    root = tmp_path_factory.mktemp("lettertotals")
    md = root / "md"
    md.mkdir()
    (md / "customers.csv").write_text(
        "customer_id,name,country,currency,gln,duns,x12_id,email_domain,sender_emails,fax,street,city,postcode,"
        f"language\nT4,Orwell Trading,GB,EUR,,,,,,{FAX},5 Bank Street,London,E14 5AB,en\n", encoding="utf-8")
    (md / "products.csv").write_text("sku,gtin,description,uom,unit_price\nAB-1001,,Stapler,C62,9.50\n"
                                     "AB-1002,,Paper ream,C62,3.20\nAB-1003,,Binder,C62,2.10\n", encoding="utf-8")
    (md / "item_xref.csv").write_text("customer_id,customer_item,sku\n", encoding="utf-8")
    return load_config(write_config(root / "cfg", master_data=md))


def _letter(texts: list[str]) -> bytes:
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    c.setFont("Helvetica", 11)
    for n, text in enumerate(texts):
        c.drawString(60, 790 - 16 * n, text)
    c.showPage()
    c.save()
    return render_fax_tiff(buf.getvalue(), "fine", seed=1)


def _order(config, texts: list[str], tmp_path: Path) -> dict:
    from gateway.oneshot import extract_file
    path = tmp_path / "letter.tif"
    path.write_bytes(_letter(texts))
    (order,) = [o["order"] for o in extract_file(config, path, channel="fax", sender=FAX)["orders"]]
    return order


def test_a_letter_whose_typed_total_is_its_lines_sum_goes_out(config, tmp_path) -> None:
    order = _order(config, HEAD + ITEMS + ["Total: 40.00"] + TAIL, tmp_path)
    assert [(ln["sku"], ln["quantity"], ln["unit_price"]) for ln in order["lines"]] == [
        ("AB-1001", "2", "9.50"), ("AB-1003", "10", "2.10")]
    assert order["total"] == "40.00"
    assert order["status"] == "ready", order["issues"]


def test_a_letter_whose_typed_total_the_lines_do_not_give_waits(config, tmp_path) -> None:
    order = _order(config, HEAD + ITEMS + ["Total: 49.50"] + TAIL, tmp_path)
    assert order["status"] == "review"
    assert "CHECK-TOTAL" in {i["code"] for i in order["issues"]} or order["confidence"] < 0.9


def test_a_letter_with_no_total_still_waits(config, tmp_path) -> None:
    order = _order(config, HEAD + ITEMS + TAIL, tmp_path)
    assert order["status"] == "review"
