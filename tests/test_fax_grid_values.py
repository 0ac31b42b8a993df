"""Issue 23 (a): small label-over-value header grids on standard-resolution faxes. In a cell a few millimetres tall
one engine reads the label into the value's place ("Rellery16/12/2026date." for "Delivery date" over
"16/12/2026"), the other a speck beside it ("©16/12/2026"): the same date digits read at the same place by both
engines are the date agreed, as two readings of one date with other separators already were. A PO number only
RapidOCR read (tesseract lost the value) is read a third time by tesseract, enlarged: the same text is agreed,
another or none leaves it held. When tesseract read no PO number at all, RapidOCR also reads the header above the
items (where such a grid is), not only the places tesseract's reading found."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from extractors.capture import tiebreak
from extractors.capture.agreement import SINGLE, _date_runs, _matters
from extractors.capture.words import Word
from gateway.model import Box, ExtractedLine, ExtractedOrder
from testkit.capture_fax import render_fax_tiff
from testkit.harness import write_config


@pytest.mark.parametrize("a, b, same", [
    ("Rellery16/12/2026date.", "©16/12/2026", True),
    ("16.12.2026", "16/12/2026", True),
    ("16/12/2026", "18/12/2026", False),
    ("Date16/12/2026 17/12/2026", "16/12/2026", False),  # two dates in one place: no agreement by words
    ("Rellery", "", True),  # no date on either side: nothing agreed (None is never taken as agreement)
])
def test_the_date_digits_at_a_place(a: str, b: str, same: bool) -> None:
    agreed = _date_runs(a) == _date_runs(b) is not None
    assert agreed == (same and _date_runs(a) is not None)


def _rapid_only_po(value: str) -> tuple[ExtractedOrder, dict[str, object]]:
    order = ExtractedOrder(po_number=value, confidence={"po_number": round(0.95 * SINGLE, 4)},
                           boxes={"po_number": Box(page=1, x=400, y=100, w=160, h=20)})
    return order, {"po_number": "rapidocr only"}


@pytest.mark.parametrize("third, taken", [("OT-8821", True), ("OT-8827", False), (None, False)])
def test_a_po_number_only_rapidocr_read_is_agreed_only_when_tesseracts_third_reading_is_the_same(
        monkeypatch: pytest.MonkeyPatch, third: str | None, taken: bool) -> None:
    words = [Word(third, 410, 102, 550, 118, 0.9, 1)] if third else []
    monkeypatch.setattr(tiebreak, "reread", lambda regions, ocr, read, view: {1: words})
    order, engines = _rapid_only_po("OT-8821")
    assert tiebreak.break_ties(order, engines, {1: object()}, lambda *a: []) == int(taken)
    assert order.po_number == "OT-8821"
    if taken:
        assert order.confidence["po_number"] >= 0.9 and engines["po_number"].startswith("both")
    else:
        assert order.confidence["po_number"] < 0.9 and engines["po_number"] == "rapidocr only"


def test_without_a_po_number_rapidocr_reads_the_header_above_the_items() -> None:
    line = ExtractedLine(customer_item="AB-1001", boxes={"amount": Box(page=1, x=500, y=600, w=60, h=20),
                                                         "customer_item": Box(page=1, x=60, y=600, w=80, h=20)})
    order = ExtractedOrder(lines=[line])
    header = (300.0, 300.0, 400.0, 320.0)
    assert _matters(header, order, 1)
    order.po_number = "OT-1"
    assert not _matters(header, order, 1)  # tesseract read it: only its place is read again


CUSTOMER = ("T4", "Orwell Trading", "GB", "+44 20 7946 0104", "5 Bank Street", "London", "E14 5AB", "en")
TABLE = [["Item", "Description", "Qty", "Price", "Amount"], ["AB-1001", "Stapler", "2", "9.50", "19.00"],
         ["AB-1003", "Binder", "10", "2.10", "21.00"]]


def _grid_fax(tmp_path: Path) -> bytes:
    cell = ("<td style='font-size:7pt;vertical-align:top;width:34mm;border:1px solid #000;padding:2px 5px'>{}<br>"
            "<span style='font-size:10pt'>{}</span></td>")
    grid = [("Order number", "OT-8820"), ("Order date", "02/12/2026"), ("Delivery date", "16/12/2026"),
            ("Our ref.", "J. Smith")]
    rows = "".join("<tr>" + "".join(f"<td>{v}</td>" for v in row) + "</tr>" for row in TABLE[1:])
    html = ("<html><style>body{font-family:'DejaVu Sans';font-size:11pt;margin:18mm} table{border-collapse:collapse}"
            " td,th{border:1px solid #000;padding:3px 6px}</style><body><b>Orwell Trading</b><br>5 Bank Street<br>"
            "London E14 5AB<br><h2>PURCHASE ORDER</h2><table><tr>" + "".join(cell.format(a, b) for a, b in grid)
            + "</tr></table><br><table><tr>" + "".join(f"<th>{t}</th>" for t in TABLE[0]) + "</tr>" + rows
            + "</table></body></html>")
    src, pdf = tmp_path / "grid.html", tmp_path / "grid.pdf"
    src.write_text(html, encoding="utf-8")
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf}", src.as_uri()], check=True, capture_output=True, timeout=120)
    return render_fax_tiff(pdf.read_bytes(), "standard", seed=1)


def test_a_standard_fax_with_a_small_header_grid_reads_its_dates_agreed(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GATEWAY_OCR_ENGINES", "both")
    from gateway.config import load_config
    from gateway.oneshot import extract_file
    md = tmp_path / "md"
    md.mkdir()
    (md / "customers.csv").write_text(
        "customer_id,name,country,currency,gln,duns,x12_id,email_domain,sender_emails,fax,street,city,postcode,"
        "language\n{},{},{},EUR,,,,,,{},{},{},{},{}\n".format(*CUSTOMER), encoding="utf-8")
    (md / "products.csv").write_text("sku,gtin,description,uom,unit_price\nAB-1001,,Stapler,C62,9.50\n"
                                     "AB-1002,,Paper ream,C62,3.20\nAB-1003,,Binder,C62,2.10\n", encoding="utf-8")
    (md / "item_xref.csv").write_text("customer_id,customer_item,sku\n", encoding="utf-8")
    config = load_config(write_config(tmp_path / "cfg", master_data=md))
    path = tmp_path / "grid.tif"
    path.write_bytes(_grid_fax(tmp_path))
    (order,) = [o["order"] for o in extract_file(config, path, channel="fax", sender=CUSTOMER[3])["orders"]]
    assert (order["po_number"], order["order_date"], order["requested_delivery_date"]) == (
        "OT-8820", "2026-12-02", "2026-12-16")
    assert [(ln["sku"], ln["quantity"], ln["unit_price"]) for ln in order["lines"]] == [
        ("AB-1001", "2", "9.50"), ("AB-1003", "10", "2.10")]
    sure = order["field_confidence"]
    assert min(sure.get("order_date", 1.0), sure.get("requested_delivery_date", 1.0)) >= 0.9, sure
