"""Faxes of browser-printed orders whose item codes wrap at their hyphen in a narrow code cell
("DRX-" over "4471") under a title read as a position ("Item" / "No."), beside a narrow "#"
position column and a price title wrapped onto three lines ("Unit" / "price" / "EUR"), slightly
skewed: the code is read whole and the line keeps its position (findings W1-12, W1-16, W1-18).
Printed by Chromium (checked in: ``tests/fixtures/printed``, ``tests/printed.py``), faxed by
``testkit.capture_fax``, read by the real OCR engines."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from extractors.base import ExtractHints
from extractors.capture.layout import read_order_document
from extractors.capture.ocr import OcrExtractor
from extractors.capture.words import PageWords, Word
from testkit.capture_fax import render_fax_tiff
from tests.printed import printed_pdf

REPO = Path(__file__).resolve().parents[1]
HINTS = ExtractHints(mappings_dir=REPO / "mappings")
ROWS = (("1", "DRX-4471", "Ring binders A4, 4 rings", "12", "pc", "2.35", "28.20"),
        ("2", "DRX-0982", "Sticky notes, yellow", "20", "pack", "1.10", "22.00"),
        ("3", "MBL-2207", "Desk lamp LED, black", "2", "pc", "34.90", "69.80"))

needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="needs tesseract")


def _order_pdf(tmp: Path, position: bool) -> bytes:
    head = ("<th>#</th>" if position else "") + ("<th style='width:40px'>Item No.</th><th>Description</th><th>Qty</th>"
                                                 "<th>Unit</th><th style='width:60px'>Unit price EUR</th><th>Amount</th>")
    body = "".join("<tr>" + (f"<td>{r[0]}</td>" if position else "") + "".join(f"<td>{c}</td>" for c in r[1:])
                   + "</tr>" for r in ROWS)
    html = f"""<html><head><style>th,td{{text-align:left;padding:2px 8px}}</style></head>
<body style='font-family:Arial;font-size:13pt;margin:30px'>
<p><b>Harbour Stationers Ltd</b><br>4 Quay Road, Cork</p><h2>PURCHASE ORDER</h2>
<p>PO number: HS-20417<br>Order date: 03/12/2026<br>Delivery date: 14/12/2026</p>
<table border=1 style='border-collapse:collapse'><tr>{head}</tr>{body}
<tr><td colspan={6 if position else 5}>Total EUR</td><td>120.00</td></tr></table>
<p>Please confirm by fax.</p></body></html>"""
    return printed_pdf(f"wrapped_codes_{'position' if position else 'plain'}", html).read_bytes()


def _alnum(text: str | None) -> str:
    return re.sub(r"[^A-Z0-9]", "", (text or "").upper())


@needs_tesseract
@pytest.mark.parametrize("position, skew, seed", [(False, 0.5, 11), (True, 0.7, 13)])
def test_a_code_wrapped_at_its_hyphen_under_an_item_no_title_is_the_code_not_the_position(
        tmp_path: Path, position: bool, skew: float, seed: int) -> None:
    fax = render_fax_tiff(_order_pdf(tmp_path, position), "fine", seed=seed, skew_deg=skew, speckles=200)
    order = OcrExtractor("both").extract(fax, HINTS).orders[0]
    assert [ln.line_no for ln in order.lines] == [1, 2, 3]
    assert [_alnum(ln.customer_item) for ln in order.lines] == ["DRX4471", "DRX0982", "MBL2207"]
    assert [str(ln.amount) for ln in order.lines] == [r[6] for r in ROWS]


def _page(lines: list[list[tuple[str, float, float]]]) -> PageWords:
    """Rows of words (text, x, y offset within the row)."""
    words = []
    for n, row in enumerate(lines):
        for text, x, dy in row:
            y = 40 + n * 30 + dy
            words.append(Word(text, x, y, x + 9 * len(text), y + 14, 0.95, 1))
    return PageWords(1, 1400.0, 1980.0, tuple(words))


def _table(rows: list[list[tuple[str, float, float]]]) -> PageWords:
    return _page([
        [("Harbour", 40, 0), ("Stationers", 120, 0)],
        [("PO", 40, 0), ("number:", 70, 0), ("HS-20417", 150, 0)],
        [("No.", 40, 0), ("Description", 250, 0), ("Qty", 700, 0), ("Unit", 800, 0), ("Price", 950, 0),
         ("Amount", 1150, 0)],
        *rows,
        [("Total", 950, 0), ("52.90", 1150, 0)],
    ])


def test_a_long_number_in_the_position_cell_is_the_code_after_the_position_never_a_position() -> None:
    """"1400118": the position "1" glued to the code 400118 (W1-12); "5120" alone where the code's
    first half was lost: no position 5120, the line keeps its running number."""
    page = _table([
        [("1400118", 40, 0), ("Copy", 250, 0), ("paper", 300, 0), ("2", 716, 0), ("BX", 800, 0), ("24.50", 950, 0),
         ("49.00", 1150, 0)],
        [("5120", 40, 0), ("Markers", 250, 0), ("1", 716, 0), ("PK", 800, 0), ("3.90", 950, 0), ("3.90", 1150, 0)],
    ])
    order = read_order_document([page], HINTS, "ocr", ocr=True).orders[0]
    assert [(ln.line_no, ln.customer_item) for ln in order.lines] == [(1, "400118"), (2, None)]


def test_a_code_alone_in_the_position_cell_or_wrapped_there_at_its_hyphen_is_the_code() -> None:
    """W1-18: the code column's title read as a position ("No."): "SKU-1002" alone, "OFS-" over
    "5120" (a rule's speck "_" between), are codes, not positions 1002 and 5120."""
    page = _table([
        [("SKU-1002", 40, 0), ("Ballpoint", 250, 0), ("pen", 345, 0), ("24", 716, 0), ("PK", 800, 0), ("3.90", 950, 0),
         ("93.60", 1150, 0)],
        [("OFS-", 40, 0), ("Markers", 250, 8), ("1", 716, 8), ("PK", 800, 8), ("6.15", 950, 8), ("6.15", 1150, 8)],
        [("_", 60, -6), ("5120", 40, 0)],
    ])
    order = read_order_document([page], HINTS, "ocr", ocr=True).orders[0]
    assert [(ln.line_no, ln.customer_item) for ln in order.lines] == [(1, "SKU-1002"), (2, "OFS-5120")]


FR = ExtractHints(languages=("fra",), locale="fr_FR", mappings_dir=REPO / "mappings")


def _boxes(rows: list[tuple[str, float, float, float, float]]) -> PageWords:
    """Words at the boxes tesseract gave on a fine fax skewed by 0.5 degrees (text, x0, x1, y0, y1)."""
    head = [("Papeterie", 180, 300, 300, 319), ("Lefèvre", 310, 400, 300, 319),
            ("Commande", 180, 310, 400, 419), ("n°", 320, 345, 400, 419), ("BC-2026-1201", 355, 520, 400, 419)]
    return PageWords(1, 1400.0, 1980.0, tuple(Word(t, x0, y0, x1, y1, 0.95, 1) for t, x0, x1, y0, y1 in head + rows))


def test_a_price_title_on_three_lines_a_pixel_into_the_header_row_is_still_a_price_column() -> None:
    """W1-16: "Prix" / "unitaire" / "HT" beside one-line titles, "Prix" reaching 6 px into the row of
    the one-line titles (a pixel more than on the unskewed page): the header still names the price
    column, and the rows under it are items."""
    page = _boxes([
        ("Prix", 992, 1046, 623, 642),
        ("#", 194, 211, 652, 671), ("Référence", 237, 378, 650, 671), ("Désignation", 403, 570, 651, 676),
        ("Qté", 706, 754, 650, 673), ("Unité", 779, 852, 650, 671), ("unitaire", 937, 1045, 647, 679),
        ("Montant", 1091, 1208, 636, 684),
        ("HT", 1010, 1047, 679, 698),
        ("Ramette", 403, 508, 723, 742), ("papier", 519, 597, 722, 742),
        ("1", 194, 206, 736, 755), ("LEF-PAP80", 237, 365, 736, 755), ("10", 726, 753, 736, 755),
        ("boîte", 779, 840, 736, 755), ("24,50", 976, 1045, 736, 755), ("245,00", 1120, 1206, 736, 755),
        ("80g,", 403, 455, 750, 769), ("boîte", 467, 527, 749, 769),
        ("2", 194, 206, 806, 825), ("LEF-STY10", 237, 365, 806, 825), ("Stylo", 403, 463, 797, 816),
        ("bille", 475, 524, 797, 816),
        ("4", 740, 753, 807, 826), ("paquet", 779, 865, 808, 827), ("3,90", 992, 1045, 806, 825),
        ("15,60", 1138, 1206, 807, 826),
        ("paquet", 403, 489, 822, 841), ("de", 500, 527, 821, 840), ("10", 540, 568, 821, 840),
        ("Total", 931, 998, 864, 883), ("HT", 1010, 1047, 864, 883), ("260,60", 1112, 1206, 864, 883),
    ])
    order = read_order_document([page], FR, "ocr", ocr=True).orders[0]
    assert [(ln.line_no, ln.customer_item, str(ln.unit_price), str(ln.amount)) for ln in order.lines] == [
        (1, "LEF-PAP80", "24.50", "245.00"), (2, "LEF-STY10", "3.90", "15.60")]
    assert not [p for p in order.problems if p.code == "LAYOUT-ROW-UNREAD"]


DE = ExtractHints(languages=("deu",), locale="de_DE", mappings_dir=REPO / "mappings")


def _wrapped_codes(titles: tuple[str, ...], rows: list[tuple[str, str, str, str, str, str, str]]) -> PageWords:
    """A "#" column, a narrow code column whose codes wrap onto a second line ("MBL:" over "2207"),
    then description, quantity, unit, price and amount; one row per (pos, code top, code bottom,
    description, quantity, price, amount)."""
    lines = [[("Harbour", 40, 0), ("Stationers", 120, 0)], [("PO", 40, 0), ("number:", 70, 0), ("HS-20417", 150, 0)],
             [("#", 40, 0), *((t, x, 0) for t, x in zip(titles, (100, 250, 700, 800, 950, 1150)))]]
    for pos, top, bottom, desc, qty, price, amount in rows:
        lines.append([(pos, 40, 8), (top, 100, 0), (desc, 250, 8), (qty, 716, 8), ("PK", 800, 8), (price, 950, 8),
                      (amount, 1150, 8)])
        if bottom:
            lines.append([(bottom, 100, 0)])
    return _page(lines)


@pytest.mark.parametrize("hints, titles, rows, codes", [
    (HINTS, ("Item", "Description", "Qty", "Unit", "Price", "Amount"),
     [("1", "MBL:", "2207", "Lamp", "2", "24.50", "49.00"), ("2", "OFS:", "5120", "Markers", "1", "3.90", "3.90")],
     ["MBL:2207", "OFS:5120"]),
    (FR, ("Réf.", "Désignation", "Qté", "Unité", "Prix", "Montant"),
     [("1", "LEF:", "0815", "Ramette", "2", "24,50", "49,00"), ("2", "PAP:", "4402", "Stylos", "1", "3,90", "3,90")],
     ["LEF:0815", "PAP:4402"]),
    (DE, ("Art.-Nr.", "Bezeichnung", "Menge", "Einheit", "Preis", "Betrag"),
     [("1", "ORD:", "4402", "Ordner", "2", "24,50", "49,00"), ("2", "HEF:", "1180", "Hefter", "1", "3,90", "3,90")],
     ["ORD:4402", "HEF:1180"]),
])
def test_a_wrapped_code_whose_hyphen_was_read_as_a_colon_keeps_its_prefix(
        hints: ExtractHints, titles: tuple[str, ...], rows: list, codes: list[str]) -> None:
    """"MBL-" over "2207" on a fax, its hyphen read as a colon ("MBL:2207"): a few capitals glued to
    the digits are the code's prefix, not a category before the code; never the bare digits "2207"."""
    order = read_order_document([_wrapped_codes(titles, rows)], hints, "ocr", ocr=True).orders[0]
    assert [(ln.line_no, ln.customer_item) for ln in order.lines] == [(1, codes[0]), (2, codes[1])]


@pytest.mark.parametrize("hints, titles, rows, codes", [
    (HINTS, ("Item", "Description", "Qty", "Unit", "Price", "Amount"),
     [("1", "Office Supplies :", "CS12185", "Labels", "2", "24.50", "49.00"),
      ("2", "TONER:", "TN-2420", "Toner", "1", "3.90", "3.90")], ["CS12185", "TN-2420"]),
    (FR, ("Réf.", "Désignation", "Qté", "Unité", "Prix", "Montant"),
     [("1", "Fournitures :", "CV-12200", "Étiquettes", "2", "24,50", "49,00"),
      ("2", "Papeterie:", "4402", "Stylos", "1", "3,90", "3,90")], ["CV-12200", "4402"]),
    (DE, ("Art.-Nr.", "Bezeichnung", "Menge", "Einheit", "Preis", "Betrag"),
     [("1", "Bürobedarf :", "PA-12055", "Hefter", "2", "24,50", "49,00"),
      ("2", "PAPIER:", "PA-12181", "Ordner", "1", "3,90", "3,90")], ["PA-12055", "PA-12181"]),
])
def test_a_category_before_the_code_is_still_left_out(
        hints: ExtractHints, titles: tuple[str, ...], rows: list, codes: list[str]) -> None:
    """A category's name before the colon ("Office Supplies :", "Papeterie:"), or capitals before a
    code of its own ("TONER:" / "TN-2420"): the code is the part after the colon."""
    order = read_order_document([_wrapped_codes(titles, rows)], hints, "ocr", ocr=True).orders[0]
    assert [(ln.line_no, ln.customer_item) for ln in order.lines] == [(1, codes[0]), (2, codes[1])]
