"""Word order forms (.docx, .odt) read directly as typed documents; legacy .doc held for a person.

The documents are checked in (``tests/fixtures/office``, made by its ``make_office.py`` with python-docx
and LibreOffice): an English form with "Label:<tab>value" paragraphs, a text box holding the delivery
address and a merged total cell; a French one with the PO in the page header and after its title and a
key/value table nested in a cell; a German one whose header spans two rows ("Preis €" merged over
"Einzelpreis | Gesamt") with a row that cannot be read, and its LibreOffice .odt twin; the English form
saved as Word 97-2003. Read with the real-producer master data, through ``gateway extract`` and the
running gateway's SMTP channel.
"""

from __future__ import annotations

import asyncio
from decimal import Decimal
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from extractors.base import Limits
from extractors.office.word_rows import docx_rows
from testkit.harness import REPO, running_gateway, wait_until, write_config
from tests.smtp_helpers import message, send
from tests.test_real_producers import FIXTURES as PRODUCERS, assert_order_is_the_truth

HERE = Path(__file__).parent / "fixtures" / "office"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def truth_of(doc: Path) -> dict:
    own = doc.with_name(f"{doc.stem}_{doc.suffix[1:]}.json")
    return json.loads((own if own.exists() else doc.with_suffix(".json")).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_config(tmp_path_factory.mktemp("gw"), master_data=PRODUCERS / "masterdata")


def _extract(config: Path, doc: Path) -> dict:
    """``gateway extract`` of the document as an e-mail attachment from the customer, received on its order
    date (10:00 UTC), so the fixtures' dates stay plausible whenever the suite runs."""
    import hashlib
    from datetime import datetime, timezone

    from gateway.app import build_context
    from gateway.config import load_config
    from gateway.oneshot import extract_bytes
    from gateway.store.journal import DocumentRecord, new_id

    truth = truth_of(doc)
    data = doc.read_bytes()
    received = datetime.fromisoformat(truth["order_date"]).replace(hour=10, tzinfo=timezone.utc)
    record = DocumentRecord(id=new_id(), sha256=hashlib.sha256(data).hexdigest(), size=len(data), channel="email",
                            received_at=received, sender=truth["sender"], filename=doc.name)
    return extract_bytes(build_context(load_config(config)), data, record)


@pytest.mark.parametrize("name", ["word_en_1.docx", "word_fr_1.docx", "word_fr_2.docx"])
def test_a_word_order_form_is_read_field_for_field_and_goes_out_untouched(config: Path, name: str) -> None:
    doc = HERE / name
    (entry,) = _extract(config, doc)["orders"]
    assert_order_is_the_truth(entry["order"], truth_of(doc))
    assert entry["order"]["status"] == "ready", entry["order"]["issues"]


def test_the_delivery_address_in_a_text_box_is_read_once(config: Path) -> None:
    (entry,) = _extract(config, HERE / "word_en_1.docx")["orders"]
    ship_to = entry["order"]["ship_to"]
    assert (ship_to["street"], ship_to["postcode"], ship_to["city"]) == ("Unit 4, Canal Wharf", "LS11 5QT", "Leeds")


@pytest.mark.parametrize("name", ["word_de_1.docx", "word_de_1.odt"])
def test_a_two_row_header_names_its_columns_and_an_unreadable_row_stays_a_line_that_holds(config: Path,
                                                                                           name: str) -> None:
    truth = truth_of(HERE / name)
    (entry,) = _extract(config, HERE / name)["orders"]
    order = entry["order"]
    assert order["status"] == "review"
    assert "LINE-UNREAD" in {i["code"] for i in order["issues"]}
    read, unread = order["lines"][:3], order["lines"][3]
    assert [(ln["customer_item"], ln["quantity"], ln["amount"]) for ln in read] == [
        (w["customer_item"], w["quantity"], w["amount"]) for w in truth["lines"]]  # "Gesamt" under "Preis €"
    assert unread["customer_item"] == "HT.12104"  # "siehe Anlage": kept, not dropped
    assert "QTY-INVALID" in {i["code"] for i in order["issues"] if (i.get("field") or "").startswith("lines[4]")}
    assert (order["po_number"], order["order_date"], order["requested_delivery_date"]) == (
        "HT-2026-1177", "2026-12-07", "2027-01-12")


def test_a_legacy_doc_is_held_for_a_person_with_its_format_named(config: Path) -> None:
    result = _extract(config, HERE / "word_en_1.doc")
    assert result["orders"] == []
    assert [p["code"] for p in result["problems"]] == ["FORMAT-UNSUPPORTED"]
    assert ".doc" in result["problems"][0]["message"]


def test_gateway_extract_reads_a_french_word_form_with_its_po_in_the_page_header(config: Path) -> None:
    doc = HERE / "word_fr_1.docx"
    out = subprocess.run([sys.executable, "-m", "gateway.cli", "--config", str(config), "extract", str(doc),
                          "--sender", truth_of(doc)["sender"]], capture_output=True, text=True, cwd=REPO, timeout=120)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["extractor"] == "word" if "extractor" in result else True
    (entry,) = result["orders"]
    assert_order_is_the_truth(entry["order"], truth_of(doc))


async def test_a_word_order_mailed_to_the_running_gateway_is_delivered_as_read(tmp_path: Path) -> None:
    config = write_config(tmp_path / "gw", {
        "smtp": {"enabled": True, "port": 0, "tls_cert": tmp_path / "tls.crt", "tls_key": tmp_path / "tls.key",
                 "recipients": ["orders@gateway.localhost"]},
    }, master_data=PRODUCERS / "masterdata")
    doc = HERE / "word_en_1.docx"
    truth = truth_of(doc)
    async with running_gateway(config) as gw:
        msg = message(truth["sender"], f"Order {truth['po_number']}", "Please find our order attached.",
                      attachments=[(doc.name, DOCX_TYPE, doc.read_bytes())])
        code, reply = await asyncio.to_thread(send, gw.ports["smtp"], msg)
        assert code == 250, reply

        async def delivered():
            folder = gw.ctx.config.delivery.file.path
            files = sorted(folder.glob("*.json")) if folder.is_dir() else []
            return [json.loads(p.read_text()) for p in files]

        (order,) = await wait_until(delivered, timeout=120)
    assert_order_is_the_truth(order, truth)


# --- the rows of a Word document ---------------------------------------------------------------------


def _docx(build) -> bytes:
    import docx

    document = docx.Document()
    build(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_merged_cells_keep_their_columns_and_nested_tables_follow_their_row() -> None:
    def build(d):
        t = d.add_table(rows=3, cols=3)
        t.cell(0, 0).merge(t.cell(0, 1)).text = "Artikel"
        t.cell(0, 2).text = "Prix"
        t.cell(1, 0).merge(t.cell(2, 0)).text = "Pos"
        t.cell(2, 1).text = "Kopierpapier"
        inner = t.cell(1, 2).add_table(rows=1, cols=2)
        inner.cell(0, 0).text = "Lieferdatum"
        inner.cell(0, 1).text = "12.01.2027"
        t.cell(1, 1).text = "Textmarker"
    rows = docx_rows(_docx(build), Limits(), 100)
    assert rows == [["Artikel", None, "Prix"], ["Pos", "Textmarker", None], ["Lieferdatum", "12.01.2027"],
                    [None, "Kopierpapier", None]]


def test_page_header_paragraphs_come_first_and_tabs_part_cells() -> None:
    def build(d):
        d.sections[0].header.paragraphs[0].text = "Bon de commande n° BC-77"
        d.add_paragraph("Order No:\tPO-1\t")
    assert docx_rows(_docx(build), Limits(), 100) == [["Bon de commande n° BC-77"], ["Order No:", "PO-1"]]


# --- order tables in HTML e-mail bodies ------------------------------------------------------------


@pytest.mark.parametrize("name", ["mail_en_1.eml", "mail_fr_1.eml", "mail_de_1.eml"])
def test_an_html_order_table_is_read_cell_by_cell_and_goes_out_untouched(config: Path, name: str) -> None:
    doc = HERE / name
    (entry,) = [o for part in _extract(config, doc)["parts"] for o in part["orders"]]
    assert_order_is_the_truth(entry["order"], truth_of(doc))
    assert entry["order"]["status"] == "ready", entry["order"]["issues"]


def test_table_rows_stay_one_line_of_cells_whatever_their_cells_hold() -> None:
    from extractors.mail.html_text import html_to_text

    html = ("<div style='display:none'>preview text</div><table><tr><td><table>"
            "<tr><th>Menge</th><th>Artikel</th><th>Preis</th></tr>"
            "<tr><td><p class=MsoNormal>3</p></td><td><b>Ordner</b><br>Art.-Nr.: HT.12041</td><td>4,35 €</td></tr>"
            "<tr><td colspan='2'>Summe</td><td>13,05 €</td></tr></table></td></tr></table><p>Danke</p>")
    assert [line for line in html_to_text(html).splitlines() if line] == [
        "Menge\tArtikel\tPreis", "3\tOrdner Art.-Nr.: HT.12041\t4,35 €", "Summe\t\t13,05 €", "Danke"]


def test_an_item_typed_under_an_html_table_holds_the_order_quoted(config: Path, tmp_path: Path) -> None:
    from email.message import EmailMessage

    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "buying@northgate.example", "orders@gateway.localhost", "PO NG-PO-88301"
    msg["Date"] = "3 Dec 2026 09:30:00 +0000"
    msg.set_content("<p>PO NG-PO-88301, needed by 17/12/2026.</p><table><tr><th>Qty</th><th>Part No.</th>"
                    "<th>Description</th><th>Price Each</th></tr><tr><td>2</td><td>NG/12124</td>"
                    "<td>Desk calculator</td><td>£14.90</td></tr></table>"
                    "<p>Also 3 x NG/12019 blue pens please.</p>", subtype="html")
    path = tmp_path / "added.eml"
    path.write_bytes(bytes(msg))
    from gateway.config import load_config
    from gateway.oneshot import extract_file

    result = extract_file(load_config(config), path, channel="email", sender="buying@northgate.example")
    (entry,) = [o for part in result["parts"] for o in part["orders"]]
    order = entry["order"]
    assert [ln["customer_item"] for ln in order["lines"]] == ["NG/12124"]
    assert order["status"] == "review"
    assert any("NG/12019" in i["message"] for i in order["issues"] if i["code"] == "LINE-UNREAD")


@pytest.mark.parametrize("titles, values, want", [
    (["PO #", "Date", "Required by"], ["NG-PO-1", "03/12/2026", "17/12/2026"], ("NG-PO-1", "2026-12-03", "2026-12-17")),
    (["Nr.", "Datum", "Liefertermin"], ["HT-77", "07.12.2026", "12.01.2027"], ("HT-77", "2026-12-07", "2027-01-12")),
    (["N°", "Client", "Date de livraison"], ["BC-12", "C5007", "05/01/2027"], ("BC-12", None, "2027-01-05")),
])
def test_a_grid_of_header_titles_over_their_values_gives_each_its_own(titles: list, values: list, want: tuple) -> None:
    from extractors.locale_values import locale_for
    from extractors.sheet.sheet import DEFAULT_MAPPINGS, load_mapping
    from extractors.sheet.sheet_table import Cells, read_orders

    rows = [["Order"], titles, values, [], ["Qty", "Item", "Description", "Price"], ["2", "NG/12124", "Calculator", "14.90"]]
    (order,) = read_orders(Cells(name="t", rows=rows, typed=False), load_mapping(DEFAULT_MAPPINGS, None),
                           locale_for("de" if "Datum" in titles else "fr"))
    got = (order.po_number, order.order_date and order.order_date.isoformat(),
           order.requested_delivery_date and order.requested_delivery_date.isoformat())
    assert got == want


# --- spreadsheets as customers send them -------------------------------------------------------------


@pytest.mark.parametrize("name", ["sheet_en_1.xlsx", "sheet_de_1.csv", "sheet_fr_1.ods", "sheet_fr_2.xls"])
def test_a_sheet_as_customers_send_it_is_read_field_for_field_and_goes_out_untouched(config: Path, name: str) -> None:
    doc = HERE / name
    (entry,) = _extract(config, doc)["orders"]
    assert_order_is_the_truth(entry["order"], truth_of(doc))
    assert entry["order"]["status"] == "ready", entry["order"]["issues"]


@pytest.mark.parametrize("name", ["sheet_en_2.xlsx", "sheet_en_2.xls"])
def test_a_hidden_item_row_is_read_as_a_line_and_holds_the_order(config: Path, name: str) -> None:
    (entry,) = _extract(config, HERE / name)["orders"]
    order = entry["order"]
    assert [ln["customer_item"] for ln in order["lines"]] == ["NG/12089", "NG/12124", "NG/12012", "NG/12173"]
    assert order["status"] == "review"
    (hidden,) = [i for i in order["issues"] if i["code"] == "SHEET-HIDDEN-ROWS"]
    assert "row(s) 12" in hidden["message"]


def test_a_hidden_column_read_for_a_role_holds_the_order(tmp_path: Path, config: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Bestellnummer", "HT-55"])
    ws.append(["Bestelldatum", "07.12.2026"])
    ws.append(["Liefertermin", "12.01.2027"])
    ws.append(["Art.-Nr.", "Menge", "Einzelpreis", "Gesamt"])
    ws.append(["HT.12153", 2, 39.0, 78.0])
    ws.column_dimensions["B"].hidden = True  # the quantity read is hidden
    path = tmp_path / "hidden.xlsx"
    wb.save(path)
    from gateway.config import load_config
    from gateway.oneshot import extract_file

    (entry,) = extract_file(load_config(config), path, channel="email",
                            sender="bestellung@hofmann-technik.example")["orders"]
    assert entry["order"]["status"] == "review"
    assert "SHEET-HIDDEN-COLUMNS" in {i["code"] for i in entry["order"]["issues"]}


def test_a_word_letter_typing_its_items_is_read_by_the_typed_order_reader(tmp_path: Path, config: Path) -> None:
    def build(d):
        d.add_paragraph("Outillage Lefèvre SAS\n3 quai Sud\n44000 Nantes")
        d.add_paragraph("Commande n° LEF-26-0470")
        d.add_paragraph("Merci de nous livrer pour le 12 janvier 2027 :")
        d.add_paragraph("10 x LEF12042 classeurs à levier")
        d.add_paragraph("2 x LEF12126 calculatrices")
        d.add_paragraph("Cordialement,")
    path = tmp_path / "lettre.docx"
    path.write_bytes(_docx(build))
    from gateway.config import load_config
    from gateway.oneshot import extract_file

    result = extract_file(load_config(config), path, channel="email", sender="appro@lefevre-outillage.example")
    (entry,) = result["orders"]
    order = entry["order"]
    assert order["po_number"] == "LEF-26-0470"
    assert [(ln["sku"], ln["quantity"]) for ln in order["lines"]] == [("PR-1005", "10"), ("PR-1017", "2")]


@pytest.mark.parametrize("titles, lang", [
    (["Code", "Description", "Qty", "Unit Price", "Amount"], "en"),
    (["Réf.", "Désignation", "Qté", "P.U. HT", "Montant HT"], "fr"),
    (["Art.-Nr.", "Bezeichnung", "Menge", "Einzelpreis", "Gesamt"], "de"),
])
def test_the_header_repeated_after_a_page_break_is_no_line(titles: list, lang: str) -> None:
    from extractors.locale_values import locale_for
    from extractors.sheet.sheet import DEFAULT_MAPPINGS, load_mapping
    from extractors.sheet.sheet_table import Cells, read_orders

    rows = [["PO", "X-1"], titles, ["NG/12012", "Paper", "10", "24.50", "245.00"], [], titles,
            ["NG/12089", "Highlighter", "40", "0.95", "38.00"], [None, None, None, "Total", "283.00"]]
    (order,) = read_orders(Cells(name="t", rows=rows, typed=False), load_mapping(DEFAULT_MAPPINGS, None),
                           locale_for("en"))
    assert [ln.customer_item for ln in order.lines] == ["NG/12012", "NG/12089"]
    assert not [p for p in order.problems if p.severity == "error"]


def _grouped(lang: str, grand: bool) -> list[list]:
    """A table grouped by section, each closed by its subtotal, the order's total under them all."""
    words = {"en": ("Code", "Description", "Qty", "Unit Price", "Amount", "Subtotal", "Total"),
             "fr": ("Réf.", "Désignation", "Qté", "P.U. HT", "Montant HT", "Sous-total", "Total HT"),
             "de": ("Art.-Nr.", "Bezeichnung", "Menge", "Einzelpreis", "Gesamt", "Zwischensumme", "Summe netto")}[lang]
    rows = [["PO", "X-9"], list(words[:5]), ["Hygiene"], ["NG/12012", "Paper", 10, 24.5, 245.0],
            ["NG/12089", "Highlighter", 40, 0.95, 38.0], [None, f"{words[5]} Hygiene", None, None, 283.0],
            ["Office"], ["NG/12124", "Calculator", 2, 14.9, 29.8], [None, f"{words[5]} Office", None, None, 29.8]]
    return rows + ([[None, None, None, words[6], 312.8]] if grand else [])


@pytest.mark.parametrize("lang", ["en", "fr", "de"])
def test_a_section_subtotal_does_not_end_the_table_and_the_grand_total_is_the_orders(lang: str) -> None:
    from extractors.locale_values import locale_for
    from extractors.sheet.sheet import DEFAULT_MAPPINGS, load_mapping
    from extractors.sheet.sheet_table import Cells, read_orders

    mapping = load_mapping(DEFAULT_MAPPINGS, None)
    (order,) = read_orders(Cells(name="t", rows=_grouped(lang, True), typed=True), mapping, locale_for(lang))
    assert [ln.customer_item for ln in order.lines] == ["NG/12012", "NG/12089", "NG/12124"]
    assert order.total == Decimal("312.8")
    (order,) = read_orders(Cells(name="t", rows=_grouped(lang, False), typed=True), mapping, locale_for(lang))
    assert len(order.lines) == 3 and order.total != sum(ln.amount for ln in order.lines)  # held: TOTAL-MISMATCH


@pytest.mark.parametrize("titles, discount", [
    (["Code", "Description", "Unit Price", "Discount %", "Qty", "Amount"], 20),
    (["Réf.", "Désignation", "P.U. HT", "Remise", "Qté", "Montant HT"], "20 %"),
    (["Art.-Nr.", "Bezeichnung", "Einzelpreis", "Rabatt", "Menge", "Gesamt"], 0.2),  # a percent cell: 20 %
])
def test_a_sheets_discount_column_makes_the_price_the_gross_one(titles: list, discount) -> None:
    from extractors.locale_values import locale_for
    from extractors.sheet.sheet import DEFAULT_MAPPINGS, load_mapping
    from extractors.sheet.sheet_table import Cells, read_orders

    rows = [["PO", "X-13"], titles, ["NG/12089", "Highlighter", 1.15, discount, 800, 736.0],
            ["NG/12124", "Calculator", 14.9, None, 2, 29.8], [None, None, None, None, "Total", 765.8]]
    (order,) = read_orders(Cells(name="t", rows=rows, typed=True), load_mapping(DEFAULT_MAPPINGS, None),
                           locale_for("en"))
    first, second = order.lines
    assert (first.unit_price, first.gross_price, first.allowances[0].percent) == (Decimal("0.92"), Decimal("1.15"), 20)
    assert (second.unit_price, second.gross_price, second.allowances) == (Decimal("14.9"), None, [])


def test_a_body_wrapped_in_a_one_cell_table_keeps_its_lines() -> None:
    from extractors.mail.html_text import html_to_text

    html = ("<table><tr><td>Bonjour,<br>merci de nous livrer :<br>10 x LEF12042<br>2 x LEF12126<br>Cordialement"
            "</td></tr></table><table><tr><td><img src='logo.png'></td><td>Paul Moreau<br>Achats<br>Tél. 02 40 00 00 00"
            "<br>Outillage Lefèvre SAS<br>3 quai Sud<br>44000 Nantes</td></tr></table>")
    lines = [line for line in html_to_text(html).splitlines() if line]
    assert lines[:5] == ["Bonjour,", "merci de nous livrer :", "10 x LEF12042", "2 x LEF12126", "Cordialement"]
    assert "44000 Nantes" in lines  # a signature beside a logo: a text of many lines, not one cell


@pytest.mark.parametrize("data", [
    "sep=;\r\nBestellnummer;HT-88\r\nArt.-Nr.;Bezeichnung;Menge;Einzelpreis\r\nHT.12153;Leuchte;2;39,00\r\n".encode("cp1252"),
    "N° de commande\tLEF-88\r\nRéf.\tDésignation\tQté\tP.U. HT\r\nLEF12042\tClasseur\t10\t4,35\r\n".encode("utf-16"),
    "\ufeffPO Number,NG-88\r\nCode,Description,Qty,Unit Price\r\nNG/12012,Paper,3,24.50\r\n".encode("utf-8"),
])
def test_csv_as_excel_writes_it_is_read(data: bytes) -> None:
    from extractors.base import ExtractHints
    from extractors.sheet.sheet import EXTRACTOR

    assert EXTRACTOR.detect(data[:8192], "order.csv", None) > 0
    (order,) = EXTRACTOR.extract(data, ExtractHints(filename="order.csv")).orders
    assert order.po_number and order.po_number.endswith("-88")
    assert len(order.lines) == 1 and order.lines[0].quantity and order.lines[0].unit_price


async def test_a_gmail_order_whose_text_part_lost_the_table_is_delivered_from_its_html_part(tmp_path: Path) -> None:
    from email import message_from_bytes, policy

    config = write_config(tmp_path / "gw", {
        "smtp": {"enabled": True, "port": 0, "tls_cert": tmp_path / "tls.crt", "tls_key": tmp_path / "tls.key",
                 "recipients": ["orders@gateway.localhost"]},
    }, master_data=PRODUCERS / "masterdata")
    doc = HERE / "mail_fr_1.eml"
    truth = truth_of(doc)
    async with running_gateway(config) as gw:
        msg = message_from_bytes(doc.read_bytes(), policy=policy.SMTP)
        code, reply = await asyncio.to_thread(send, gw.ports["smtp"], msg)
        assert code == 250, reply

        async def delivered():
            folder = gw.ctx.config.delivery.file.path
            files = sorted(folder.glob("*.json")) if folder.is_dir() else []
            return [json.loads(p.read_text()) for p in files]

        (order,) = await wait_until(delivered, timeout=120)
    assert_order_is_the_truth(order, truth)


@pytest.mark.parametrize("labels", [("PO Number", "Order Date", "Delivery Date"),
                                    ("N° de commande", "Date de commande", "Date de livraison"),
                                    ("Bestellnummer", "Bestelldatum", "Liefertermin")])
def test_the_header_fields_on_a_sheet_of_their_own_are_the_orders(tmp_path: Path, labels: tuple) -> None:
    import datetime as dt

    import openpyxl

    from extractors.base import ExtractHints
    from extractors.sheet.sheet import EXTRACTOR

    wb = openpyxl.Workbook()
    head = wb.active
    head.title = "Header"
    for row, (label, value) in enumerate(zip(labels, ("X-500", dt.date(2026, 12, 4), dt.date(2026, 12, 18))), 1):
        head.cell(row, 1, label)
        head.cell(row, 2, value)
    lines = wb.create_sheet("Lines")
    lines.append(["Code", "Description", "Qty", "Unit Price", "Amount"])
    lines.append(["NG/12012", "Paper", 3, 24.5, 73.5])
    path = tmp_path / "order.xlsx"
    wb.save(path)
    (order,) = EXTRACTOR.extract(path.read_bytes(), ExtractHints(filename="order.xlsx")).orders
    assert (order.po_number, str(order.order_date), str(order.requested_delivery_date)) == (
        "X-500", "2026-12-04", "2026-12-18")


def test_a_delivery_address_on_the_header_sheet_is_the_orders(tmp_path: Path) -> None:
    """Outside trial: a "Header" sheet with the PO, dates and "Ship To" beside a "Lines" sheet; the delivery
    address there was ignored and the order went to the customer's default address."""
    import datetime as dt

    import openpyxl

    from extractors.base import ExtractHints
    from extractors.sheet.sheet import EXTRACTOR

    wb = openpyxl.Workbook()
    head = wb.active
    head.title = "Header"
    for row in (["PO Number", "KS-PO-7781"], ["Order Date", dt.date(2026, 12, 3)], ["Required By", dt.date(2026, 12, 14)],
                [], ["Ship To", "Keystone Depot"], ["", "Unit 9 Riverside Park"], ["", "Leeds LS10 1AB"]):
        head.append(row)
    lines = wb.create_sheet("Lines")
    lines.append(["Code", "Description", "Qty", "Unit Price", "Amount"])
    lines.append(["NG/12012", "Paper", 3, 24.5, 73.5])
    path = tmp_path / "order.xlsx"
    wb.save(path)
    (order,) = EXTRACTOR.extract(path.read_bytes(), ExtractHints(filename="order.xlsx")).orders
    ship = order.party("ship_to")
    assert ship is not None and (ship.postcode, ship.city) == ("LS10 1AB", "Leeds")


@pytest.mark.parametrize("boxes, ready", [
    (("Invoice Address\nNorthgate Supplies Ltd\n14 Mill Lane\nLeeds LS1 4AB",
      "Delivery Address\nNorthgate Supplies Ltd\nUnit 4, Canal Wharf\nLeeds LS11 5QT"), True),
    (("Adresse de facturation\nOutillage Lefèvre SAS\n3 quai Sud\n44000 Nantes",
      "Adresse de livraison\nOutillage Lefèvre SAS\nDépôt Est\n12 rue du Port\n44100 Nantes"), True),
    (("Rechnungsanschrift\nHofmann Technik KG\nRingstr. 41\n80331 München",
      "Warenempfänger\nHofmann Technik KG\nLager Nord\nIndustriestr. 7\n85748 Garching"), True),
])
def test_a_delivery_box_in_a_word_table_is_the_orders_address(config: Path, tmp_path: Path, boxes: tuple,
                                                               ready: bool) -> None:
    def build(d):
        d.add_paragraph("PO Number: NG-PO-88500\nOrder Date: 04/12/2026\nDelivery Date: 18/12/2026")
        t = d.add_table(rows=1, cols=2)
        t.cell(0, 0).text, t.cell(0, 1).text = boxes
        t = d.add_table(rows=3, cols=5)
        for r, cells in enumerate([("Code", "Description", "Qty", "Unit Price", "Amount"),
                                   ("NG/12012", "Paper", "3", "24.50", "73.50"), ("", "", "", "Total", "73.50")]):
            for c, v in enumerate(cells):
                t.cell(r, c).text = v
    rows = docx_rows(_docx(build), Limits(), 100)
    assert rows[:3] == [["PO Number: NG-PO-88500"], ["Order Date: 04/12/2026"], ["Delivery Date: 18/12/2026"]]
    from extractors.base import ExtractHints
    from extractors.office.word import EXTRACTOR

    (order,) = EXTRACTOR.extract(_docx(build), ExtractHints(filename="o.docx")).orders
    place = boxes[1].splitlines()[-1]
    if ready:
        ship_to = order.party("ship_to")
        assert ship_to is not None and ship_to.postcode in place and ship_to.city in place
        assert not any(p.code == "SHIP-TO-UNSURE" for p in order.problems)
    else:  # a box under a label of no known party: it may be the delivery address, a person looks
        assert any(p.code == "SHIP-TO-UNSURE" for p in order.problems)


@pytest.mark.parametrize("block, after, want", [
    (["Lieferanschrift:", "Keller Bürobedarf GmbH", "Wareneingang Tor 3", "Industriestr. 5", "70565 Stuttgart"],
     "Liefertermin: 12.01.2027", ("70565", "Stuttgart")),
    (["Adresse de livraison :", "Outillage Lefèvre SAS", "Dépôt Est", "12 rue du Port", "44100 Nantes", "France"],
     "Date de livraison : 05/01/2027", ("44100", "Nantes")),
    (["Deliver to:", "Northgate Supplies Ltd", "Unit 4, Canal Wharf", "Leeds LS11 5QT"],
     "Required by: 18/12/2026", ("LS11 5QT", "Leeds")),
    # an Irish postal district over its Eircode, one cell a line (outside trial: the Eircode was dropped)
    (["Deliver to", "Liffey Print Co Ltd", "Unit 5 Baldonnell Business Park", "Dublin 22", "D22 X0Y1"],
     "Required by: 10/12/2026", ("D22 X0Y1", "Dublin 22")),
    (["Deliver to", "Liffey Print Co Ltd", "Unit 5 Baldonnell Business Park", "Dublin 22", "D22 X0Y1", "Ireland"],
     "Required by: 10/12/2026", ("D22 X0Y1", "Dublin 22")),
])
def test_an_address_typed_in_paragraphs_ends_at_its_place_line(block: list, after: str, want: tuple) -> None:
    from extractors.sheet.sheet_address import sheet_ship_to

    read = sheet_ship_to([["Order"], *[[line] for line in block], [after]])
    assert read.doubt is None and (read.party.postcode, read.party.city) == want


def test_an_order_table_quoted_under_a_reply_is_no_line_of_the_reply(config: Path, tmp_path: Path) -> None:
    from email.message import EmailMessage

    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "buying@northgate.example", "orders@gateway.localhost", "RE: PO NG-PO-88600"
    msg["Date"] = "4 Dec 2026 09:30:00 +0000"
    msg.set_content("<p>PO NG-PO-88600: please send 2 x NG/12124 as well.</p><p>-----Original Message-----<br>"
                    "From: Northgate<br>Sent: 3 December 2026<br>Subject: PO NG-PO-88600</p><table><tr><th>Qty</th>"
                    "<th>Part No.</th><th>Description</th><th>Price Each</th></tr><tr><td>10</td><td>NG/12012</td>"
                    "<td>Paper</td><td>£24.50</td></tr></table>", subtype="html")
    path = tmp_path / "reply.eml"
    path.write_bytes(bytes(msg))
    from gateway.config import load_config
    from gateway.oneshot import extract_file

    result = extract_file(load_config(config), path, channel="email", sender="buying@northgate.example")
    orders = [o["order"] for part in result["parts"] for o in part["orders"]]
    assert all("NG/12012" not in [ln["customer_item"] for ln in o["lines"]] for o in orders)


@pytest.mark.parametrize("total_line, lang", [("Total: USD 312.80", "en"), ("Montant total HT : 312,80 €", "fr"),
                                              ("Auftragswert netto: 312,80 €", "de")])
def test_a_total_typed_with_its_label_in_one_paragraph_closes_the_table(total_line: str, lang: str) -> None:
    from extractors.locale_values import locale_for
    from extractors.sheet.sheet import DEFAULT_MAPPINGS, load_mapping
    from extractors.sheet.sheet_table import Cells, read_orders

    rows = [["PO", "X-2"], ["Code", "Description", "Qty", "Unit Price", "Amount"],
            ["NG/12012", "Paper", "10", "24.50" if lang == "en" else "24,50", "245.00" if lang == "en" else "245,00"],
            ["NG/12124", "Calculator", "2", "14.90" if lang == "en" else "14,90", "29.80" if lang == "en" else "29,80"],
            ["NG/12089", "Highlighter", "40", "0.95" if lang == "en" else "0,95", "38.00" if lang == "en" else "38,00"],
            [total_line], ["Please confirm receipt of this order."]]
    (order,) = read_orders(Cells(name="t", rows=rows, typed=False), load_mapping(DEFAULT_MAPPINGS, None),
                           locale_for(lang))
    assert order.total == Decimal("312.80") and len(order.lines) == 3


@pytest.mark.parametrize("cell, want", [("TG-12365\nRéf. fournisseur : PR-1022", ("TG-12365", "PR-1022")),
                                        ("4711 Vendor # PR-1004", ("4711", "PR-1004")),
                                        ("ML-412031 Lief.-Art.-Nr. PR-1004", ("ML-412031", "PR-1004"))])
def test_an_item_cell_with_the_suppliers_code_after_its_label_gives_two_ids(cell: str, want: tuple) -> None:
    from extractors.locale_values import locale_for
    from extractors.sheet.sheet import DEFAULT_MAPPINGS, load_mapping
    from extractors.sheet.sheet_table import Cells, read_orders

    rows = [["PO", "X-3"], ["Article", "Désignation", "Qté"], [cell, "Destructeur", "3"]]
    (order,) = read_orders(Cells(name="t", rows=rows, typed=False), load_mapping(DEFAULT_MAPPINGS, None),
                           locale_for("fr"))
    assert (order.lines[0].customer_item, order.lines[0].supplier_item) == want


@pytest.mark.parametrize("sender, addressee", [
    (["Clinique des Tilleuls", "5 allée des Tilleuls", "35000 Rennes"], ["Bureau Vallée Distribution", "Service commandes", "69002 Lyon"]),
    (["Hofmann Technik KG", "Ringstr. 41", "80331 München"], ["Bürobedarf Müller GmbH", "Vertrieb", "70565 Stuttgart"]),
    (["Northgate Supplies Ltd", "14 Mill Lane", "Leeds LS1 4AB"], ["Office Direct Ltd", "Sales Desk", "Manchester M1 2AB"]),
])
def test_a_word_letters_sender_and_addressee_blocks_are_no_delivery_doubt(sender: list, addressee: list) -> None:
    from extractors.base import ExtractHints
    from extractors.office.word import EXTRACTOR

    def build(d):
        for line in sender + [""] + addressee + [""]:
            d.add_paragraph(line)
        d.add_paragraph("Order NG-PO-1 of 04/12/2026")
        t = d.add_table(rows=3, cols=4)
        for r, cells in enumerate([("Code", "Description", "Qty", "Unit Price"), ("NG/12012", "Paper", "3", "24.50"),
                                   ("", "", "Total", "73.50")]):
            for c, v in enumerate(cells):
                t.cell(r, c).text = v
    (order,) = EXTRACTOR.extract(_docx(build), ExtractHints(filename="letter.docx")).orders
    assert not [p for p in order.problems if p.code == "SHIP-TO-UNSURE"]


def test_a_cell_spanning_rows_keeps_the_later_cells_in_their_columns() -> None:
    from extractors.mail.html_text import html_to_text

    html = ("<table><tr><th>Groupe</th><th>Réf.</th><th>Qté</th></tr><tr><td rowspan='2'>Bureau</td><td>LEF12042</td>"
            "<td>10</td></tr><tr><td>LEF12126</td><td>2</td></tr></table>")
    assert [line for line in html_to_text(html).splitlines() if line] == [
        "Groupe\tRéf.\tQté", "Bureau\tLEF12042\t10", "\tLEF12126\t2"]


@pytest.mark.parametrize("lang", ["en", "fr", "de"])
def test_a_workbook_grouped_by_section_with_formula_subtotals_keeps_every_line(tmp_path: Path, lang: str) -> None:
    import openpyxl

    from extractors.base import ExtractHints
    from extractors.sheet.sheet import EXTRACTOR

    words = {"en": ("PO Number", "Item", "Description", "Qty", "Unit Price", "Amount", "Subtotal", "Total"),
             "fr": ("N° de commande", "Réf.", "Désignation", "Qté", "P.U. HT", "Montant HT", "Sous-total", "Total HT"),
             "de": ("Bestellnummer", "Art.-Nr.", "Bezeichnung", "Menge", "Einzelpreis", "Gesamt", "Zwischensumme",
                    "Summe netto")}[lang]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([words[0], "HLS-1"])
    ws.append([])
    ws.append(list(words[1:6]))
    ws.append(["Packaging"])
    ws.append(["NG/12012", "Paper", 400, 24.5, "=C5*D5"])
    ws.append(["NG/12089", "Highlighter", 6, 0.95, "=C6*D6"])
    ws.append([None, None, None, f"{words[6]} Packaging", "=SUM(E5:E6)"])
    ws.append(["Stationery"])
    ws.append(["NG/12124", "Calculator", 10, 14.9, "=C9*D9"])
    ws.append([None, None, None, f"{words[6]} Stationery", "=SUM(E9:E9)"])
    ws.append([None, None, None, words[7], "=E7+E10"])
    path = tmp_path / "grouped.xlsx"
    wb.save(path)  # openpyxl saves the formulas without values: the reader computes them
    (order,) = EXTRACTOR.extract(path.read_bytes(), ExtractHints(filename="grouped.xlsx")).orders
    assert [ln.customer_item for ln in order.lines] == ["NG/12012", "NG/12089", "NG/12124"]
    assert order.total == Decimal("9954.7")


@pytest.mark.parametrize("labels, values", [
    (("N° de commande", "Date", "Livraison"), ("CF-1", "06/12/2026", "dès que possible")),
    (("Bestellnummer", "Datum", "Liefertermin"), ("CF-1", "06.12.2026", "nach Vereinbarung")),
    (("PO Number", "Order Date", "Delivery"), ("CF-1", "12/06/2026", "ASAP")),
])
def test_a_delivery_label_with_words_for_its_date_borrows_no_other_date(labels: tuple, values: tuple) -> None:
    from extractors.base import ExtractHints
    from extractors.office.word import EXTRACTOR

    def build(d, grid: bool):
        g = d.add_table(rows=2, cols=3) if grid else d.add_table(rows=3, cols=2)
        for c in range(3):
            cell_label, cell_value = (g.cell(0, c), g.cell(1, c)) if grid else (g.cell(c, 0), g.cell(c, 1))
            cell_label.text, cell_value.text = labels[c], values[c]
        t = d.add_table(rows=2, cols=3)
        for r, cells in enumerate([("Code", "Qty", "Price"), ("NG/12012", "3", "24.50")]):
            for c, v in enumerate(cells):
                t.cell(r, c).text = v
    for grid in (True, False):
        (order,) = EXTRACTOR.extract(_docx(lambda d: build(d, grid)), ExtractHints(filename="o.docx")).orders
        assert order.po_number == "CF-1" and order.order_date is not None
        assert order.requested_delivery_date is None  # held DELIVERY-DATE-MISSING, never the order date


# --- tracked moves and deletions, hidden and struck text ------------------------------------------

def _rewritten(data: bytes, edit) -> bytes:
    """The .docx with its word/document.xml passed through ``edit`` (markup python-docx cannot write)."""
    import re
    import zipfile

    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            body = source.read(item.filename)
            target.writestr(item, edit(re, body.decode()).encode() if item.filename == "word/document.xml" else body)
    return out.getvalue()


_TRACK = 'w:author="JW" w:date="2026-12-01T10:00:00Z"'


@pytest.mark.parametrize("lines", [["Commande 77", "MOVED", "2 x DF-10 Stylos", "HERE"],
                                   ["Bestellung 4509", "MOVED", "3 x TP-1001 Lampe", "HERE"],
                                   ["Order 51", "MOVED", "5 x EN-7 Stapler", "HERE"]])
def test_a_paragraph_moved_with_track_changes_is_read_once(lines: list[str]) -> None:
    item = "1 x AB-99 Ordner"
    def build(d):
        for text in lines:
            d.add_paragraph(text)
    def edit(re, xml):
        xml = re.sub(r"<w:p>(?:(?!<w:p>).)*?MOVED</w:t></w:r></w:p>",
                     f'<w:p><w:moveFrom w:id="1" {_TRACK} w:name="m"><w:r><w:t>{item}</w:t></w:r></w:moveFrom></w:p>',
                     xml, flags=re.S)
        return re.sub(r"<w:p>(?:(?!<w:p>).)*?HERE</w:t></w:r></w:p>",
                      f'<w:p><w:moveTo w:id="2" {_TRACK} w:name="m"><w:r><w:t>{item}</w:t></w:r></w:moveTo></w:p>',
                      xml, flags=re.S)
    rows = docx_rows(_rewritten(_docx(build), edit), Limits(), 100)
    assert rows.count([item]) == 1 and [lines[2]] in rows


def test_a_table_row_deleted_with_track_changes_is_no_row() -> None:
    def build(d):
        t = d.add_table(rows=3, cols=2)
        for r, (code, qty) in enumerate([("Réf", "Qté"), ("DF-1", "2"), ("DF-2", "9")]):
            t.cell(r, 0).text, t.cell(r, 1).text = code, qty
    def edit(re, xml):
        head, last = xml.rsplit("<w:tr>", 1)  # the last row deleted
        return f'{head}<w:tr><w:trPr><w:del w:id="3" {_TRACK}/></w:trPr>{last}'
    rows = docx_rows(_rewritten(_docx(build), edit), Limits(), 100)
    assert rows == [["Réf", "Qté"], ["DF-1", "2"]]


@pytest.mark.parametrize("titles,row,how,code", [
    (["Artikel", "Bezeichnung", "Menge", "Preis"], ["TP-1001", "Lampe", "2", "19,90"], "hidden", "WORD-HIDDEN-TEXT"),
    (["Référence", "Désignation", "Quantité", "Prix"], ["DF-20", "Gomme", "3", "0,80"], "hidden", "WORD-HIDDEN-TEXT"),
    (["Item", "Description", "Qty", "Price"], ["EN-5", "Lamp", "4", "20.00"], "strike", "LINE-STRUCK"),
    (["Artikel", "Bezeichnung", "Menge", "Preis"], ["TP-1006", "Notizen", "9", "4,50"], "strike", "LINE-STRUCK"),
])
def test_a_hidden_or_struck_table_row_is_read_and_holds_the_order(titles, row, how, code) -> None:
    from extractors.base import ExtractHints
    from extractors.office.word import EXTRACTOR as WORD

    def build(d):
        d.add_paragraph("PO Number: 4509041")
        t = d.add_table(rows=0, cols=4)
        for values, marked in ((titles, False), (["AA-1", "Erste", "1", "1,00"], False), (row, True)):
            for cell, value in zip(t.add_row().cells, values):
                setattr(cell.paragraphs[0].add_run(value).font, how, marked)
    [order] = WORD.extract(_docx(build), ExtractHints(mappings_dir=REPO / "mappings")).orders
    assert len(order.lines) == 2 and order.lines[1].quantity is not None
    assert [p.code for p in order.problems if p.code in ("WORD-HIDDEN-TEXT", "LINE-STRUCK")] == [code]
    assert row[0] in next(p.message for p in order.problems if p.code == code)


def test_hidden_and_struck_text_of_an_odt_is_noted() -> None:
    import zipfile
    from extractors.office.word_rows import Marks, odt_rows

    content = ('<?xml version="1.0"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
               'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0">'
               '<office:automatic-styles><style:style style:name="T1" style:family="text">'
               '<style:text-properties text:display="none"/></style:style>'
               '<style:style style:name="T2" style:family="text">'
               '<style:text-properties style:text-line-through-style="solid"/></style:style></office:automatic-styles>'
               '<office:body><office:text><text:p>Commande 12</text:p>'
               '<text:p><text:span text:style-name="T1">2 x DF-1 Stylo</text:span></text:p>'
               '<text:p><text:span text:style-name="T2">5 x DF-2 Gomme</text:span></text:p>'
               '</office:text></office:body></office:document-content>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as odt:
        odt.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        odt.writestr("content.xml", content)
    marks = Marks()
    rows = odt_rows(out.getvalue(), Limits(), 100, marks)
    assert ["2 x DF-1 Stylo"] in rows and ["5 x DF-2 Gomme"] in rows
    assert marks.hidden == ["2 x DF-1 Stylo"] and marks.struck == ["5 x DF-2 Gomme"]


@pytest.mark.parametrize("titles, items", [
    (("Item", "Qty", "Price"), (("AC-220", "3", "GBP", "7.25"), ("AC-221", "10", "GBP", "0.95"))),
    (("Artikel", "Menge", "Preis"), (("HB-17", "4", "EUR", "6,00"), ("HB-18", "2", "EUR", "19,90"))),
    (("Référence", "Qté", "Prix unitaire"), (("CL-9", "12", "EUR", "1,40"), ("CL-10", "1", "EUR", "88,00"))),
])
def test_a_word_price_title_spanning_the_currency_and_the_amount_gives_the_amount(titles: tuple, items: tuple) -> None:
    from extractors.base import ExtractHints
    from extractors.sheet.text_cells import read_text_rows

    def build(d):
        t = d.add_table(rows=1 + len(items), cols=4)
        t.cell(0, 0).text, t.cell(0, 1).text = titles[:2]
        t.cell(0, 2).merge(t.cell(0, 3)).text = titles[2]
        for r, item in enumerate(items, 1):
            for c, value in enumerate(item):
                t.cell(r, c).text = value
    rows = docx_rows(_docx(build), Limits(), 100)
    [order] = read_text_rows(rows, ExtractHints(mappings_dir=REPO / "mappings"), "word").orders
    assert [str(ln.unit_price).replace(".", ",") for ln in order.lines] == \
        [item[3].replace(".", ",") for item in items]


@pytest.mark.parametrize("titles,row,hint", [
    (["Artikel", "Bezeichnung", "Menge", "Preis"], ["TP-1001", "Lampe", "2", "19,90"],
     "Hinweis: Bitte Menge in Stück angeben (wird nicht gedruckt)"),
    (["Référence", "Désignation", "Quantité", "Prix"], ["DF-20", "Gomme", "3", "0,80"],
     "Aide : indiquez la quantité en unités, ce texte ne s'imprime pas"),
    (["Item", "Description", "Qty", "Price"], ["EN-5", "Lamp", "4", "20.00"],
     "Hint: type the quantity in each, this line does not print"),
])
def test_a_hidden_paragraph_outside_the_table_is_left_out_and_holds_nothing(titles, row, hint) -> None:
    from extractors.base import ExtractHints
    from extractors.office.word import EXTRACTOR as WORD

    def build(d):
        d.add_paragraph("PO Number: 4509042")
        d.add_paragraph().add_run(hint).font.hidden = True
        t = d.add_table(rows=0, cols=4)
        for values in (titles, row):
            for cell, value in zip(t.add_row().cells, values):
                cell.paragraphs[0].add_run(value)
    data = _docx(build)
    [order] = WORD.extract(data, ExtractHints(mappings_dir=REPO / "mappings")).orders
    assert order.po_number == "4509042" and len(order.lines) == 1
    assert "WORD-HIDDEN-TEXT" not in [p.code for p in order.problems]
    assert all(hint not in str(r) for r in docx_rows(data, Limits(), 100))


@pytest.mark.parametrize("label,shown,hidden", [
    ("Bestellnummer:", "4509", "043"), ("N° de commande :", "4509", "044"), ("PO Number:", "4509", "045"),
])
def test_hidden_text_inside_a_header_line_that_is_read_still_holds(label, shown, hidden) -> None:
    from extractors.base import ExtractHints
    from extractors.office.word import EXTRACTOR as WORD

    def build(d):
        p = d.add_paragraph(f"{label} {shown}")
        p.add_run(hidden).font.hidden = True
        t = d.add_table(rows=0, cols=4)
        for values in (["Item", "Description", "Qty", "Price"], ["EN-5", "Lamp", "4", "20.00"]):
            for cell, value in zip(t.add_row().cells, values):
                cell.paragraphs[0].add_run(value)
    [order] = WORD.extract(_docx(build), ExtractHints(mappings_dir=REPO / "mappings")).orders
    assert "WORD-HIDDEN-TEXT" in [p.code for p in order.problems]


@pytest.mark.parametrize("lines,hidden", [
    (["Commande n° LEF-26-0471", "10 x LEF12042 classeurs à levier"], "2 x LEF12126 calculatrices"),
    (["Bestellung Nr. 4509046", "10 x TP-1002 Hefter"], "2 x TP-1001 Lampe"),
    (["Order no. 4509047", "10 x EN-5 lamps"], "2 x EN-6 desk pads"),
])
def test_a_hidden_paragraph_of_a_letter_typing_its_items_still_holds(lines, hidden) -> None:
    from extractors.base import ExtractHints
    from extractors.office.word import EXTRACTOR as WORD

    def build(d):
        for line in lines:
            d.add_paragraph(line)
        d.add_paragraph().add_run(hidden).font.hidden = True
    extraction = WORD.extract(_docx(build), ExtractHints(mappings_dir=REPO / "mappings"))
    assert extraction.orders and all("WORD-HIDDEN-TEXT" in [p.code for p in o.problems] for o in extraction.orders)
