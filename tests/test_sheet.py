"""The sheet extractor: CSV and XLSX order sheets through mappings/sheets/*.toml."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest

from extractors.containers.archive_zip import EXTRACTOR as ZIP
from extractors.base import ExtractHints, Limits
from extractors.sheet.sheet import EXTRACTOR
from gateway.errors import ExtractionError, LimitError
from gateway.model import DocType
from testkit.harness import CORPUS, REPO

HINTS = ExtractHints(mappings_dir=REPO / "mappings")
FRENCH_CSV = ("Commande:;2024-117\n;\nRéf article;Désignation;Qté;Unité;Prix unitaire;Date de livraison\n"
              "DF-PAP-A4;Papier A4;5;carton;24,50;12/03/2027\nDF-STYLO-B;Stylo bleu;1 200;paquet;3,90;\n"
              "Total;;;;;\nignored after total;;9;;;\n")


def xlsx(rows: list[list[object]], title: str = "Order") -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_detects_csv_by_name_or_type_and_xlsx_by_its_parts():
    assert EXTRACTOR.detect(FRENCH_CSV.encode(), "order.csv", None) == 0.7
    assert EXTRACTOR.detect(FRENCH_CSV.encode(), None, "text/csv") == 0.7
    assert EXTRACTOR.detect(FRENCH_CSV.encode(), "order.txt", "text/plain") == 0.0
    book = xlsx([["Item", "Qty"]])
    assert EXTRACTOR.detect(book[:8192], None, None) == 0.9 and ZIP.detect(book[:8192], None, None) == 0.0
    edi = (CORPUS / "edifact" / "PurchaseOrderCSV.txt").read_bytes()
    assert EXTRACTOR.detect(edi, "order.csv", "text/csv") == 0.0


def test_french_csv_with_semicolons_and_decimal_commas():
    extraction = EXTRACTOR.extract(FRENCH_CSV.encode("cp1252"), HINTS)
    assert extraction.doc_type == DocType.ORDER and extraction.format == "sheet"
    [order] = extraction.orders
    assert order.po_number == "2024-117" and order.confidence == {"po_number": 1.0, "lines": 0.95}
    first, second = order.lines
    assert (first.customer_item, first.description, first.quantity, first.uom, first.unit_price) == \
        ("DF-PAP-A4", "Papier A4", Decimal("5"), "carton", Decimal("24.50"))
    assert first.requested_date == date(2027, 3, 12)
    assert second.quantity == Decimal("1200") and second.unit_price == Decimal("3.90")
    assert len(order.lines) == 2


def test_csv_with_a_po_column_is_one_order_per_po():
    text = ("PO Number,Item,Description,Quantity,UoM,Unit Price\n"
            "4500123,ABC1234,Copy paper,10,BX,24.50\n,ABC1234,Copy paper again,2,BX,24.50\n"
            "4500124,SKU-1004,Stapler,3,EA,18.00\n")
    orders = EXTRACTOR.extract(text.encode(), HINTS).orders
    assert [(o.po_number, [line.quantity for line in o.lines]) for o in orders] == [
        ("4500123", [Decimal(10), Decimal(2)]), ("4500124", [Decimal(3)])]
    assert all(o.lines[0].confidence["quantity"] == 1.0 for o in orders)


def test_xlsx_reads_the_po_header_cell_and_typed_cells_cleanly():
    book = xlsx([["PO:", "4500123"], ["Liefertermin", datetime(2027, 3, 12)], [],
                 ["Artikelnummer", "Bezeichnung", "Menge", "Einheit", "Einzelpreis"],
                 ["MB-4711", "Ordner", 20, "Stk", 2.75], [4711, "Typed as a number", "3,5", "kg", None]])
    [order] = EXTRACTOR.extract(book, HINTS).orders
    assert order.po_number == "4500123" and order.requested_delivery_date == date(2027, 3, 12)
    clean, coerced = order.lines
    assert clean.quantity == Decimal(20) and clean.unit_price == Decimal("2.75")
    assert clean.confidence == {"customer_item": 1.0, "quantity": 1.0, "unit_price": 1.0}
    assert coerced.customer_item == "4711" and coerced.quantity == Decimal("3.5")
    assert coerced.confidence["customer_item"] < 1.0 and coerced.confidence["quantity"] < 1.0


def test_po_after_a_colon_in_one_cell():
    book = xlsx([["Commande : 2024-117"], ["Item", "Qty"], ["DF-PAP-A4", 5]])
    assert EXTRACTOR.extract(book, HINTS).orders[0].po_number == "2024-117"


def test_sheet_without_an_order_table_is_other():
    extraction = EXTRACTOR.extract(b"name,city\nAcme,Chicago\n", HINTS)
    assert extraction.doc_type == DocType.OTHER and extraction.orders == []
    assert [p.code for p in extraction.problems] == ["SHEET-NO-HEADER"]


def test_xlsx_over_the_expansion_limits_is_refused_before_opening():
    book = xlsx([["Item", "Qty"], *[[f"A-{i}", i] for i in range(2000)]])
    with pytest.raises(LimitError) as caught:
        EXTRACTOR.extract(book, ExtractHints(mappings_dir=REPO / "mappings",
                                             limits=Limits(max_zip_total_bytes=10_000)))
    assert caught.value.code == "ZIP-BOMB"


def test_broken_workbook_is_an_extraction_error():
    with pytest.raises(ExtractionError) as caught:
        EXTRACTOR.extract(b"PK\x03\x04" + b"\0" * 100, HINTS)
    assert caught.value.code == "SHEET-UNREADABLE"


def test_a_partner_template_picks_its_own_mapping(tmp_path):
    (tmp_path / "sheets").mkdir()
    (tmp_path / "sheets" / "default.toml").write_text((REPO / "mappings" / "sheets" / "default.toml").read_text())
    (tmp_path / "sheets" / "acme.toml").write_text(
        '[columns]\ncustomer_item = ["Our Part"]\nquantity = ["Pieces"]\n'
        '[header_labels]\npo_number = ["Ref"]\n')
    text = b"Ref,PX-1\nOur Part,Pieces\nSKU-1004,7\n"
    assert EXTRACTOR.extract(text, ExtractHints(mappings_dir=tmp_path)).orders == []
    [order] = EXTRACTOR.extract(text, ExtractHints(mappings_dir=tmp_path, template="acme")).orders
    assert order.po_number == "PX-1" and order.lines[0].quantity == Decimal(7)


def test_unknown_keys_in_a_mapping_are_refused(tmp_path):
    (tmp_path / "sheets").mkdir()
    (tmp_path / "sheets" / "default.toml").write_text('[columns]\nqantity = ["Qty"]\n')
    with pytest.raises(ExtractionError, match="columns.qantity: unknown key") as caught:
        EXTRACTOR.extract(b"Item,Qty\nA-1,1\n", ExtractHints(mappings_dir=tmp_path))
    assert caught.value.code == "SHEET-MAPPING"


@pytest.mark.parametrize("label", ["Delivery", "Required by", "Livraison", "Liefertermin", "Lieferdatum"])
def test_line_delivery_dates_are_kept(label):
    book = xlsx([["PO Number", "DOS-XL-300"], [],
                 ["Item", "Description", "Qty", "UOM", "Unit Price", "Line Total", label],
                 ["DOS-PAPER", "Copy paper", 5, "BX", 24.5, 122.5, datetime(2026, 12, 7)],
                 ["SKU-1004", "Stapler", 2, "EA", 18, 36, "10/12/2026"]])
    [order] = EXTRACTOR.extract(book, HINTS).orders
    assert [ln.requested_date for ln in order.lines] == [date(2026, 12, 7), date(2026, 12, 10)]


def test_an_own_default_mapping_still_knows_the_shipped_aliases(tmp_path):
    (tmp_path / "sheets").mkdir()
    (tmp_path / "sheets" / "default.toml").write_text(
        '[columns]\ncustomer_item = ["item"]\nquantity = ["qty"]\nrequested_date = ["due date"]\n', encoding="utf-8")
    book = xlsx([["Item", "Qty", "Delivery"], ["DOS-PAPER", 5, datetime(2026, 12, 7)]])
    [order] = EXTRACTOR.extract(book, ExtractHints(mappings_dir=tmp_path)).orders
    assert order.lines[0].requested_date == date(2026, 12, 7)


def test_an_order_table_without_item_rows_is_held_not_other():
    from gateway.store.journal import DocStatus
    from gateway.stages.outcome import conclude
    extraction = EXTRACTOR.extract(xlsx([["PO Number", "X-1"], ["Item", "Description", "Qty"]]), HINTS)
    assert extraction.doc_type == DocType.ORDER and [p.code for p in extraction.problems] == ["SHEET-NO-LINES"]
    assert conclude(None, extraction, [], []).status == DocStatus.REVIEW  # type: ignore[arg-type]


# --- column roles from the values; .xls ---------------------------------------------------------


def test_columns_under_unknown_titles_are_read_from_their_values():
    rows = [["PO #", "MP-7"], [], ["Part", "What", "How many", "Per", "Each", "Ext."],
            ["MP00071", "Copy paper A4", 3, "BX", 24.5, 73.5],
            ["MP00092", "Ballpoint pen blue", 12, "PK", 3.9, 46.8],
            ["MP00113", "Desk stapler", 2, "EA", 18.75, 37.5], [None, None, None, None, "Total", 157.8]]
    [order] = EXTRACTOR.extract(xlsx(rows), HINTS).orders
    assert order.po_number == "MP-7" and order.total == Decimal("157.8")
    assert [(ln.customer_item, ln.description, ln.quantity, ln.uom, ln.unit_price, ln.amount) for ln in order.lines] == [
        ("MP00071", "Copy paper A4", 3, "BX", Decimal("24.5"), Decimal("73.5")),
        ("MP00092", "Ballpoint pen blue", 12, "PK", Decimal("3.9"), Decimal("46.8")),
        ("MP00113", "Desk stapler", 2, "EA", Decimal("18.75"), Decimal("37.5"))]


def test_a_table_without_any_header_row_is_read_when_quantity_times_price_is_the_amount():
    text = "Order no: 4411\n;\nA-100;Copy paper A4;3;24,50;73,50\nB-200;Stapler;2;18,75;37,50\n"
    [order] = EXTRACTOR.extract(text.encode(), HINTS.__class__(mappings_dir=HINTS.mappings_dir,
                                                                content_type="text/csv")).orders
    assert [(ln.customer_item, ln.quantity, ln.unit_price) for ln in order.lines] == [
        ("A-100", Decimal("3"), Decimal("24.50")), ("B-200", Decimal("2"), Decimal("18.75"))]


def test_number_columns_that_do_not_multiply_out_are_not_given_roles():
    rows = [["Part", "What", "How many", "Each", "Ext."], ["X1", "Paper", 3, 24.5, 80],
            ["X2", "Pens", 12, 3.9, 50]]
    extraction = EXTRACTOR.extract(xlsx(rows), HINTS)
    assert extraction.orders == [] and extraction.doc_type == DocType.OTHER


def test_xls_is_detected_by_its_ole2_header_and_name_and_a_broken_one_is_an_extraction_error():
    head = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    assert EXTRACTOR.detect(head, "order.xls", None) == 0.9
    assert EXTRACTOR.detect(head, None, "application/vnd.ms-excel") == 0.9
    assert EXTRACTOR.detect(head, "mail.msg", "application/vnd.ms-outlook") == 0.0
    with pytest.raises(ExtractionError) as err:
        EXTRACTOR.extract(head, HINTS)
    assert err.value.code == "SHEET-UNREADABLE"


def test_a_unit_in_the_quantity_title_is_the_lines_unit():
    rows = [["PO Number", "AIS-50010"], [], ["Item", "Description", "Qty (cases)"], ["X-1", "Stapler", 10]]
    [order] = EXTRACTOR.extract(xlsx(rows), HINTS).orders
    assert (order.lines[0].quantity, order.lines[0].uom) == (Decimal("10"), "cases")


def test_an_order_date_column_gives_the_order_date_and_a_sheet_read_to_its_end_vouches_for_its_lines():
    text = ("Bestellnummer;Bestelldatum;Artikelnummer;Menge;ME;Einzelpreis\n"
            "4500014100;02.12.2026;MB-4711;2000;Stk;2,75\n4500014100;02.12.2026;SKU-1005;2;Stk;79,00\n")
    [order] = EXTRACTOR.extract(text.encode(), ExtractHints(mappings_dir=REPO / "mappings", locale="de_DE",
                                                            content_type="text/csv")).orders
    assert order.po_number == "4500014100" and order.order_date == date(2026, 12, 2)
    assert order.confidence["lines"] == 0.95


PRICE_UNIT_CSV = ("PO Number,PE-7001\n\nItem,Description,Qty,UOM,Price,Per,Value\n"
                  "LS-12150,Staples 24/6,500,BX,210.00,100,1050.00\nLS-12143,Folders,25,PK,12.40,1,310.00\n"
                  "LS-12178,Labels,1000,EA,95.00,{per},95.00\n,,,,,Total,1455.00\n")


def test_a_price_unit_column_divides_the_price_it_stands_beside():
    [order] = EXTRACTOR.extract(PRICE_UNIT_CSV.format(per="1000").encode(), HINTS).orders
    staples, folders, labels = order.lines
    assert (staples.unit_price, staples.price_basis, staples.amount) == (Decimal("210.00"), Decimal("100"),
                                                                       Decimal("1050.00"))
    assert folders.price_basis is None and labels.price_basis == Decimal("1000")


@pytest.mark.parametrize("per", ["Stk", "0", "2.5"])
def test_a_price_unit_that_is_no_count_of_units_leaves_the_price_in_doubt(per: str):
    [order] = EXTRACTOR.extract(PRICE_UNIT_CSV.format(per=per).encode(), HINTS).orders
    labels = order.lines[2]
    assert labels.price_basis is None and labels.confidence["unit_price"] == 0.0


def test_an_xlsx_price_unit_column_titled_preiseinheit():
    book = xlsx([["Bestellnummer", "4500001"], [], ["Material", "Kurztext", "Menge", "ME", "Nettopreis",
                                                       "Preiseinheit", "Nettowert"],
                 ["WB-1", "Heftklammern", 500, "Pkg", 210.0, 100, 1050.0], ["WB-2", "Ordner", 4, "Stk", 3.9, 1, 15.6]])
    [order] = EXTRACTOR.extract(book, HINTS).orders
    assert [(ln.price_basis, ln.amount) for ln in order.lines] == [(Decimal("100"), Decimal("1050.0")),
                                                                  (None, Decimal("15.6"))]


def ods(rows_xml: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", (
            '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>'
            f'<table:table table:name="Order">{rows_xml}</table:table></office:spreadsheet></office:body>'
            '</office:document-content>'))
    return buffer.getvalue()


def _row(*cells: str) -> str:
    return "<table:table-row>" + "".join(f'<table:table-cell office:value-type="string">{c}</table:table-cell>'
                                         for c in cells) + "</table:table-row>"


def test_an_ods_cell_typed_over_several_lines_keeps_its_lines_and_spaces():
    address = ("<text:p>Brandt Haustechnik GmbH</text:p><text:p>Lager<text:s/>Süd<text:line-break/>"
               "Am Südhafen<text:s text:c=\"1\"/>7</text:p><text:p>28197 Bremen</text:p>")
    data = ods(_row("<text:p>Bestellnummer</text:p>", "<text:p>BH-77</text:p>")
               + _row("<text:p>Lieferanschrift</text:p>", address)
               + _row("<text:p>Artikel</text:p>", "<text:p>Bezeichnung</text:p>", "<text:p>Menge</text:p>")
               + _row("<text:p>BH-1</text:p>", "<text:p>Ordner</text:p>", "<text:p>4</text:p>"))
    [order] = EXTRACTOR.extract(data, HINTS).orders
    assert order.po_number == "BH-77"
    ship = next(p for p in order.parties if p.role == "ship_to")
    assert (ship.name, ship.postcode, ship.city) == ("Brandt Haustechnik GmbH", "28197", "Bremen")
    assert ship.street.endswith("Lager Süd, Am Südhafen 7")  # a line apart from the next, its spaces kept


def test_a_per_column_of_unit_words_is_the_unit_not_a_price_unit():
    text = ("PO Number,PE-7002\n\nItem,Description,Qty,Per,Price,Amount\n"
            "LS-12150,Staples 24/6,5,BX,2.10,10.50\nLS-12143,Folders,2,PK,12.40,24.80\n,,,,Total,35.30\n")
    [order] = EXTRACTOR.extract(text.encode(), HINTS).orders
    assert [(ln.uom, ln.price_basis, ln.confidence["unit_price"]) for ln in order.lines] == [
        ("BX", None, 1.0), ("PK", None, 1.0)]


@pytest.mark.parametrize("label,held", [("Zweigstelle:", True), ("Lieferanschrift", False), ("Warenempfänger:", False),
                                        (None, False)])
def test_an_address_under_a_label_the_reader_does_not_know_holds_the_order(label, held):
    address = "Druckerei Seidel OHG\nHalle 2\nKarl-Heine-Str. 44\n04229 Leipzig"
    book = xlsx([["Bestellnummer", "DS-1", None, label, address], [],
                 ["Art.-Nr.", "Bezeichnung", "Menge"], ["DS-7", "Ordner", 4]])
    [order] = EXTRACTOR.extract(book, HINTS).orders
    doubts = [p for p in order.problems if p.code == "SHIP-TO-UNSURE"]
    assert bool(doubts) == held
    if held:
        assert "Zweigstelle" in doubts[0].message and "[Druckerei Seidel OHG / Halle 2" in doubts[0].message
    ship = [p for p in order.parties if p.role == "ship_to"]
    assert bool(ship) == (label in ("Lieferanschrift", "Warenempfänger:"))  # SAP's ship-to party is a delivery label


def test_an_order_form_with_0_on_the_rows_not_ordered():
    book = xlsx([["Bestellnummer", "BR-1"], [], ["Art.-Nr.", "Bezeichnung", "Menge", "Preis", "Betrag"],
                 ["BR-1", "Ordner", 5, 42.0, 210.0], ["BR-2", "Klammern", 0, 4.2, 0], ["BR-3", "Tinte", 4, 7.25, 29.0],
                 ["BR-4", "Papier", 0, 8.4, 0.0], [None, None, None, "Summe", 239.0]])
    [order] = EXTRACTOR.extract(book, HINTS).orders
    assert [ln.customer_item for ln in order.lines] == ["BR-1", "BR-3"] and order.total == Decimal("239")
    assert any(p.code == "SHEET-ROWS-UNORDERED" for p in order.problems)


@pytest.mark.parametrize("block,total,adjustments", [
    ([("Subtotal", 519.0), ("Discount 5%", -25.95), ("Total excl. VAT", 493.05)], "493.05",
     [("allowance", "25.95")]),
    ([("Zwischensumme", 519.0), ("Versandkosten", 12.5), ("Summe netto", 531.5), ("MwSt. 19 %", 100.99),
      ("Gesamtbetrag brutto", 632.49)], "531.5", [("charge", "12.5")]),
    ([("Total HT", 519.0), ("TVA 20 %", 103.8), ("Total TTC", 622.8)], "519", []),
])
def test_a_totals_block_under_the_table_gives_the_orders_allowances_and_net_total(block, total, adjustments):
    rows = [["PO Number", "QH-1"], [], ["Item Code", "Description", "Qty", "Unit Price", "Line Total"],
            ["QH-CUP8", "Coffee cups", 10, 42.0, 420.0], ["QH-NAP33", "Napkins", 10, 9.9, 99.0]]
    rows += [[None, None, None, label, amount] for label, amount in block]
    [order] = EXTRACTOR.extract(xlsx(rows), HINTS).orders
    assert order.total == Decimal(total) and len(order.lines) == 2
    assert [(a.kind, a.amount) for a in order.allowances] == [(k, Decimal(v)) for k, v in adjustments]


@pytest.mark.parametrize("unreadable", ["two", "1O", "zwei", "l2", "5?"])
def test_a_row_naming_an_item_with_an_unreadable_quantity_stays_and_holds(unreadable):
    # review F13: such rows were dropped as "not ordered" with a warning that held nothing
    book = xlsx([["Purchase order", "PO-S-1"], [], ["Item code", "Description", "Qty", "Unit price"],
                 ["TP-1002", "Stapler", 2, 12.0], ["TP-1006", "Sticky notes", unreadable, 4.5],
                 ["TP-1004", "Cable", 0, 1.2], ["TP-1005", "Tape", None, 2.0]])
    [order] = EXTRACTOR.extract(book, HINTS).orders
    assert [(ln.customer_item, ln.quantity) for ln in order.lines] == [("TP-1002", 2), ("TP-1006", None)]
    [unread] = [p for p in order.problems if p.code == "LINE-UNREAD"]
    assert unread.severity == "error" and "TP-1006" in unread.message and repr(unreadable) in unread.message


def test_a_csv_rows_0_and_empty_quantities_are_not_ordered_but_a_word_is_unread():
    csv = ("Bestellnummer;CSV-1\n;\nArt.-Nr.;Bezeichnung;Menge\nBR-1;Ordner;5\nBR-2;Klammern;0\n"
           "BR-3;Tinte;\nBR-4;Papier;drei\n").encode()
    [order] = EXTRACTOR.extract(csv, ExtractHints(mappings_dir=REPO / "mappings", filename="order.csv")).orders
    assert [ln.customer_item for ln in order.lines] == ["BR-1", "BR-4"]
    assert [p.code for p in order.problems if p.code == "LINE-UNREAD"] == ["LINE-UNREAD"]


@pytest.mark.parametrize("rows", [
    [["Bestellnummer", "4509140"], [], ["Artikel", "Bezeichnung", "Menge", "Preis"],
     ["TP-1002", "Hefter", 4, 12.0], ["TP-1001", "Lampe", "=ROUNDUP(3.2,0)", 19.9], ["TP-1006", "Notizen", 9, 4.5]],
    [["Commande", "CMD-88"], [], ["Référence", "Désignation", "Quantité", "Prix unitaire"],
     ["FR-10", "Stylo", 2, 1.5], ["FR-11", "Gomme", '=IF(A1="",1,3)', 0.8], ["FR-12", "Règle", 5, 2.0]],
    [["PO Number", "PO-51"], [], ["Item", "Description", "Qty", "Unit Price"],
     ["EN-1", "Stapler", 1, 9.0], ["EN-2", "Lamp", '=VLOOKUP("x",H1:I2,2,FALSE)', 20.0], ["EN-3", "Notes", 3, 1.0]],
])
def test_a_quantity_formula_the_reader_cannot_compute_holds_the_line_never_drops_it(rows):
    [order] = EXTRACTOR.extract(xlsx(rows), HINTS).orders
    assert len(order.lines) == 3 and order.lines[1].quantity is None
    assert [p.code for p in order.problems if p.code == "LINE-UNREAD"] == ["LINE-UNREAD"]
    assert "formula =" in next(p.message for p in order.problems if p.code == "LINE-UNREAD")


@pytest.mark.parametrize("head", [["Artikel", "Menge", "Preis"], ["Référence", "Quantité", "Prix unitaire"],
                                  ["Item", "Qty", "Unit Price"]])
def test_a_price_formula_the_reader_cannot_compute_is_an_unread_price(head):
    rows = [["PO", "X-1"], [], head, ["A-1", 2, 3.0], ["A-2", 4, "=ROUNDUP(19.91,1)"]]
    [order] = EXTRACTOR.extract(xlsx(rows), HINTS).orders
    assert order.lines[1].unit_price is None and "ROUNDUP" in order.lines[1].unread_prices[0]
    assert order.lines[0].unread_prices == []


@pytest.mark.parametrize("visible,hidden", [
    ([["Bestellnummer", "4509020"], ["Artikel", "Menge"], ["TP-1002", 4]], [["Bestellnummer", "4508999"], ["Artikel", "Menge"], ["TP-1004", 50]]),
    ([["Commande", "CMD-2"], ["Référence", "Quantité"], ["DF-1", 3]], [["Commande", "CMD-1"], ["Référence", "Quantité"], ["DF-9", 7]]),
    ([["PO Number", "PO-2"], ["Item", "Qty"], ["EN-1", 2]], [["PO Number", "PO-1"], ["Item", "Qty"], ["EN-9", 8]]),
])
@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_an_order_on_a_hidden_worksheet_is_held(visible, hidden, state):
    book = openpyxl.Workbook()
    for title, rows in (("Order", visible), ("Template", hidden)):
        sheet = book.active if title == "Order" else book.create_sheet(title)
        sheet.title = title
        for row in rows:
            sheet.append(row)
    book["Template"].sheet_state = state
    buffer = io.BytesIO()
    book.save(buffer)
    orders = EXTRACTOR.extract(buffer.getvalue(), HINTS).orders
    held = {o.po_number: [p.code for p in o.problems if p.code == "SHEET-HIDDEN-SHEET"] for o in orders}
    assert held == {visible[0][1]: [], hidden[0][1]: ["SHEET-HIDDEN-SHEET"]}


def test_hidden_rows_are_read_from_the_sheet_xml_whatever_the_workbook_size():
    book = openpyxl.Workbook()
    sheet = book.active
    for row in [["PO", "X-9"], ["Item", "Qty"], ["A-1", 1], ["A-2", 2], ["A-3", 3]]:
        sheet.append(row)
    sheet.row_dimensions[4].hidden = True
    buffer = io.BytesIO()
    book.save(buffer)
    padded = io.BytesIO()  # an incompressible 6 MB part (a product photo) beside the sheet
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source, zipfile.ZipFile(padded, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr("xl/media/image1.png", __import__("os").urandom(6 * 1024 * 1024))
    [order] = EXTRACTOR.extract(padded.getvalue(), HINTS).orders
    assert len(order.lines) == 3 and "SHEET-HIDDEN-ROWS" in [p.code for p in order.problems]


def test_an_ods_table_its_style_hides_is_held():
    rows = (_row("<text:p>Commande</text:p>", "<text:p>CMD-5</text:p>")
            + _row("<text:p>Référence</text:p>", "<text:p>Quantité</text:p>")
            + _row("<text:p>DF-1</text:p>", "<text:p>4</text:p>"))
    with zipfile.ZipFile(io.BytesIO(ods(rows))) as source:
        content = source.read("content.xml").replace(b'table:name="Order"', b'table:name="Order" table:style-name="ta2"')
    content = content.replace(b'<office:body>', b'<office:automatic-styles><style:style '
                              b'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" style:name="ta2" '
                              b'style:family="table"><style:table-properties table:display="false"/></style:style>'
                              b'</office:automatic-styles><office:body>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
    [order] = EXTRACTOR.extract(out.getvalue(), HINTS).orders
    assert "SHEET-HIDDEN-SHEET" in [p.code for p in order.problems]


@pytest.mark.parametrize("titles", [["Artikel", "Bezeichnung", "Preis", "Menge"], ["Référence", "Désignation", "Prix", "Quantité"],
                                    ["Item", "Description", "Price", "Qty"]])
def test_a_sheet_with_cells_past_the_columns_read_waits_as_an_order_never_not_an_order(titles):
    filler = [f"Attribute {n}" for n in range(58)]
    rows = [["PO", "W-1"], [titles[0], titles[1], *filler, titles[2], titles[3]], ["A-1", "Stapler", *["x"] * 58, 2.0, 4]]
    result = EXTRACTOR.extract(xlsx(rows), HINTS)
    assert result.doc_type == DocType.ORDER and "SHEET-TRUNCATED" in [p.code for p in result.problems]
    csv_text = "\n".join(";".join(str(v) for v in row) for row in rows).encode()
    result = EXTRACTOR.extract(csv_text, ExtractHints(mappings_dir=REPO / "mappings", filename="wide.csv"))
    assert result.doc_type == DocType.ORDER and "SHEET-TRUNCATED" in [p.code for p in result.problems]


def test_an_order_read_from_a_sheet_cut_at_its_columns_holds():
    rows = [["PO", "W-2"], ["Item", "Qty", *[f"A{n}" for n in range(60)]], ["A-1", 3, *["x"] * 60]]
    [order] = EXTRACTOR.extract(xlsx(rows), HINTS).orders
    assert [p.code for p in order.problems if p.code == "SHEET-TRUNCATED"] == ["SHEET-TRUNCATED"]
    [plain] = EXTRACTOR.extract(xlsx([row[:10] for row in rows]), HINTS).orders
    assert "SHEET-TRUNCATED" not in [p.code for p in plain.problems]


@pytest.mark.parametrize("titles", [["Item #", "Item Description", "Qty Req.", "Unit Cost"],
                                    ["Part Number", "Part Description", "Order Quantity", "Each"],
                                    ["Art.-Nr.", "Bezeichnung", "Stk.", "EP"], ["Réf.", "Désignation", "Qté cdée", "PU HT"]])
def test_common_column_titles_of_customer_sheets_are_known(titles):
    [order] = EXTRACTOR.extract(xlsx([["PO Number", "4509161"], titles, ["TP-1002", "Stapler", 4, 12.0]]), HINTS).orders
    assert (order.lines[0].customer_item, order.lines[0].quantity, order.lines[0].unit_price) == (
        "TP-1002", Decimal(4), Decimal("12"))


@pytest.mark.parametrize("label", ["PO Number", "Bestellnummer", "N° de commande"])
def test_a_sheet_naming_its_po_without_a_readable_table_waits_as_an_order(label):
    rows = [[label, "4509161"], ["Zeile", "Gegenstand"], ["eins", "Hefter, vier Stück"], ["zwei", "Lampe, zwei"]]
    result = EXTRACTOR.extract(xlsx(rows), HINTS)
    assert result.doc_type == DocType.ORDER and not result.orders
    assert "SHEET-NO-HEADER" in [p.code for p in result.problems]


SPANNED_PRICE = {  # a price title over two columns: the currency code, then the amount
    "en": (["Item", "Qty", "Unit price", None], ["AC-220", 3, "GBP", 7.25], ["AC-221", 10, "GBP", 0.95]),
    "de": (["Artikel", "Menge", "Preis", None], ["HB-17", 4, "EUR", 6.0], ["HB-18", 2, "EUR", 19.9]),
    "fr": (["Référence", "Qté", "Prix unitaire", None], ["CL-9", 12, "EUR", 1.4], ["CL-10", 1, "EUR", 88.0]),
}


@pytest.mark.parametrize("lang", sorted(SPANNED_PRICE))
def test_a_price_title_merged_over_the_currency_and_the_amount_gives_the_amount(lang: str):
    from extractors.mail.html_text import html_to_text
    from extractors.sheet.text_cells import read_text_rows, tab_rows

    title, *items = SPANNED_PRICE[lang]
    book = openpyxl.Workbook()
    for row in (["PO", f"SP-{lang}"], [], title, *items):
        book.active.append(row)
    book.active.merge_cells("C3:D3")
    buffer = io.BytesIO()
    book.save(buffer)
    [order] = EXTRACTOR.extract(buffer.getvalue(), HINTS).orders
    want = [(Decimal(str(item[1])), Decimal(str(item[3]))) for item in items]
    assert [(ln.quantity, ln.unit_price) for ln in order.lines] == want
    html = ("<table><tr>" + "".join(f"<th>{t}</th>" for t in title[:2]) + f"<th colspan=2>{title[2]}</th></tr>"
            + "".join("<tr>" + "".join(f"<td>{v}</td>" for v in item) + "</tr>" for item in items) + "</table>")
    [order] = read_text_rows(tab_rows(html_to_text(html)), HINTS, "body").orders
    assert [(ln.quantity, ln.unit_price) for ln in order.lines] == want


@pytest.mark.parametrize("printed", ["on request", "auf Anfrage", "sur demande"])
def test_a_price_cell_that_holds_no_price_leaves_the_price_unread_not_absent(printed: str):
    rows = [["PO", "SP-1"], [], ["Item", "Qty", "Price"], ["AC-220", 3, printed], ["AC-221", 10, "-"]]
    [order] = EXTRACTOR.extract(xlsx(rows), HINTS).orders
    held, empty = order.lines
    assert held.unit_price is None and held.confidence["unit_price"] == 0.0
    assert empty.unit_price is None and "unit_price" not in empty.confidence


@pytest.mark.parametrize("head, rows", [
    (["Item", "Description", "Units", "Qty", "Price"], [["KL-310", "Binder clips", "EA", 6, 2.4],
                                                        ["KL-311", "Sticky notes", "PK", 3, 5.1]]),
    (["Artikel", "Bezeichnung", "Stk.", "Menge", "Preis"], [["KL-310", "Foldback-Klammern", "Stk", 6, 2.4],
                                                           ["KL-311", "Haftnotizen", "Pck", 3, 5.1]]),
    (["Réf", "Désignation", "Stück", "Qté", "Prix"], [["KL-310", "Pinces double clip", "pce", 6, 2.4],
                                                      ["KL-311", "Notes repositionnables", "pqt", 3, 5.1]]),
    (["Item", "Description", "Qty", "Units", "Price"], [["KL-310", "Binder clips", 6, "EA", 2.4],
                                                        ["KL-311", "Sticky notes", 3, "PK", 5.1]]),
])
def test_a_units_or_stk_column_of_unit_words_beside_a_quantity_column_is_the_unit(head, rows):
    [order] = EXTRACTOR.extract(xlsx([["PO Number", "KL-8820"], [], head, *rows]), HINTS).orders
    units = [next(c for c in row[2:4] if isinstance(c, str)) for row in rows]  # the unit words typed
    assert [(ln.quantity, ln.uom) for ln in order.lines] == [(Decimal("6"), units[0]), (Decimal("3"), units[1])]


@pytest.mark.parametrize("head, rows", [
    (["Item", "Description", "Units", "Unit Cost"], [["KL-310", "Binder clips", 6, 2.4]]),
    (["Artikel", "Bezeichnung", "Stk.", "Einzelpreis"], [["KL-310", "Foldback-Klammern", 6, 2.4]]),
    (["Réf", "Désignation", "Stück", "Prix"], [["KL-310", "Pinces double clip", 6, 2.4]]),
    # two quantity titles: the one holding numbers is the quantity
    (["Item", "Description", "Qty", "Units", "Price"], [["KL-310", "Binder clips", "six", 6, 2.4]]),
])
def test_a_units_or_stk_column_is_the_quantity_when_no_other_column_holds_it(head, rows):
    [order] = EXTRACTOR.extract(xlsx([["PO Number", "KL-8821"], [], head, *rows]), HINTS).orders
    assert [ln.quantity for ln in order.lines] == [Decimal("6")]
