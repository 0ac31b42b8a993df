"""Order forms and letters as people make them in Word, Writer and Calc (issue 18, the office part): a
letter stating its total in a sentence, forms whose values sit away from their labels, catalogue sheets,
and the PDFs LibreOffice exports of them. Examples of our own, read with the default master data
(``mappings/masterdata``) or the real-producer one."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from extractors.capture.sentence_total import sentence_total
from extractors.locale_values import locale_for


@pytest.mark.parametrize("text, lang, want", [
    ("Le montant total de la commande s'élève à 1 250,00 € HT, livraison franco.", "fr", "1250.00"),
    ("Die Bestellung hat einen Gesamtwert von 2.315,40 EUR netto.", "de", "2315.40"),
    ("Total order value: please note it comes to USD 812.50 excluding tax.", "en", "812.50"),
    ("The total of this order is $95.", "en", "95"),
    ("Der Gesamtbetrag unserer Bestellung beträgt 412,80 € netto.", "de", "412.80"),
    ("Le total de cette commande est de 88,40 € HT.", "fr", "88.40"),
])
def test_a_total_stated_in_a_sentence_is_read(text: str, lang: str, want: str) -> None:
    assert sentence_total([text], locale_for(lang)) == (Decimal(want), 0.9)


@pytest.mark.parametrize("texts, lang", [
    (["Gesamt: bitte an 80331 München liefern, Lager 4."], "de"),  # a postcode is no money
    (["Le total sera livré le 18.12.2026 à notre dépôt."], "fr"),  # a date is no money
    (["Der Gesamtbetrag beläuft sich auf 1.190,00 € brutto inkl. MwSt."], "de"),  # a gross total: no net one
    (["The total value of this order is $120.00.", "Order total amounts to $130.00 for both shipments."], "en"),
    (["Free shipping for orders over a total of 500,00 € net."], "fr"),  # a threshold, no total
    (["Please note our minimum order amount of 100.00 EUR applies to this order."], "en"),
    (["Versandkostenfrei ab einem Bestellwert von 250,00 € netto."], "de"),
    (["Franco de port à partir d'un montant total de commande de 300,00 € HT."], "fr"),
    (["The total of our framework agreement is 25,000.00 EUR for 2027."], "en"),  # not this order's total
    (["Gesamtwert unserer Rahmenvereinbarung: 18.000,00 € für das Jahr."], "de"),
    (["Total 120,00"], "fr"),  # a label row, read by the table reader
])
def test_no_total_is_taken_from_a_sentence_without_one_net_amount(texts: list, lang: str) -> None:
    assert sentence_total(texts, locale_for(lang)) is None


def _docx(build) -> bytes:
    import io

    import docx

    d = docx.Document()
    build(d)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def _letter(total_sentence: str):
    def build(d):
        d.add_paragraph("Dupont Fournitures SARL\n12 rue de la Paix\n75002 Paris")
        d.add_paragraph("Paris, le 9 décembre 2026")
        d.add_paragraph("Objet : commande n° DF-LET-5512")
        d.add_paragraph("Madame, Monsieur, veuillez nous livrer pour le 23/12/2026 les articles suivants :")
        t = d.add_table(rows=1, cols=5)
        for c, h in enumerate(["Référence", "Article", "Quantité", "Prix unitaire", "Montant"]):
            t.cell(0, c).text = h
        for code, name, q, p, a in (("DF-PAP-A4", "Papier A4", "4", "24,50 €", "98,00 €"),
                                    ("DF-STYLO-B", "Stylos bleus", "10", "3,90 €", "39,00 €")):
            for c, v in enumerate(row := (code, name, q, p, a)):
                t.add_row() if c == 0 else None
                t.rows[-1].cells[c].text = v
        d.add_paragraph(total_sentence)
        d.add_paragraph("Veuillez agréer nos salutations distinguées.\nC. Martin")
    return build


def _extract_docx(tmp_path, data: bytes, sender: str) -> dict:
    from gateway.config import load_config
    from gateway.oneshot import extract_file
    from testkit.harness import REPO, write_config

    path = tmp_path / "lettre.docx"
    path.write_bytes(data)
    config = write_config(tmp_path / "gw", master_data=REPO / "mappings" / "masterdata")
    (entry,) = extract_file(load_config(config), path, channel="email", sender=sender)["orders"]
    return entry["order"]


def test_a_word_letter_gives_its_stated_total_and_the_lines_are_checked_by_it(tmp_path) -> None:
    order = _extract_docx(tmp_path, _docx(_letter("Le montant total de cette commande s'élève à 137,00 € HT.")),
                          "commandes@dupont-fournitures.example")
    assert order["po_number"] == "DF-LET-5512"
    assert Decimal(order["total"]) == Decimal("137.00")
    assert [ln["sku"] for ln in order["lines"]] == ["SKU-1001", "SKU-1002"]  # the sentence is no line
    assert "75002" not in str(order["total"])


def test_a_stated_total_the_lines_do_not_give_holds_the_letter(tmp_path) -> None:
    order = _extract_docx(tmp_path, _docx(_letter("Le montant total de cette commande s'élève à 173,00 € HT.")),
                          "commandes@dupont-fournitures.example")
    assert order["status"] != "ready"
    assert any(i["code"] in ("TOTAL-MISMATCH", "CHECK-TOTAL") for i in order["issues"])


FORMS = __import__("pathlib").Path(__file__).parent / "fixtures" / "office_forms"


def _extract_form(tmp_path, path) -> tuple[dict, list[dict]]:
    """The form as an e-mail attachment from its customer on its order date, default master data."""
    import hashlib
    import json
    from datetime import datetime, timezone

    from tests.test_trust import orders_in
    from gateway.app import build_context
    from gateway.config import load_config
    from gateway.oneshot import extract_bytes
    from gateway.store.journal import DocumentRecord, new_id
    from testkit.harness import REPO, write_config

    truth = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    data = path.read_bytes()
    record = DocumentRecord(id=new_id(), sha256=hashlib.sha256(data).hexdigest(), size=len(data), channel="email",
                            received_at=datetime.fromisoformat(truth["order_date"]).replace(hour=10, tzinfo=timezone.utc),
                            sender=truth["sender"], filename=path.name)
    config = write_config(tmp_path / "gw", master_data=REPO / "mappings" / "masterdata")
    return truth, orders_in(extract_bytes(build_context(load_config(config)), data, record))


@pytest.mark.parametrize("name", ["form_fr_1.xlsx", "form_fr_1.pdf", "form_en_1.xlsx", "form_en_1.pdf",
                                  "form_fr_2.xlsx"])
def test_a_calc_order_form_and_its_pdf_are_read_field_for_field(tmp_path, name: str) -> None:
    truth, (order,) = _extract_form(tmp_path, FORMS / name)
    for field in ("po_number", "order_date", "requested_delivery_date"):
        assert order[field] == truth[field], field
    assert Decimal(order["total"]) == Decimal(truth["total"])
    assert [(ln["sku"], Decimal(ln["quantity"]), Decimal(ln["unit_price"])) for ln in order["lines"]] == [
        (ln["sku"], Decimal(ln["quantity"]), Decimal(ln["unit_price"])) for ln in truth["lines"]]
    assert order["status"] == "ready", [i["code"] for i in order["issues"]]


def test_a_code_clipped_by_its_narrow_cell_in_the_pdf_holds_the_order(tmp_path) -> None:
    _truth, (order,) = _extract_form(tmp_path, FORMS / "form_fr_2.pdf")
    assert order["status"] != "ready"
    assert len(order["lines"]) == 2 and order["lines"][1]["sku"] is None


@pytest.mark.parametrize("cell, want", [("5 x", "5"), ("x 4", "4"), ("3×", "3"), ("12 X", "12")])
def test_a_count_typed_with_its_times_sign_is_the_quantity(cell: str, want: str) -> None:
    from extractors.sheet.sheet import DEFAULT_MAPPINGS, load_mapping
    from extractors.sheet.sheet_table import Cells, read_orders

    rows = [["Order no.", "X-77"], ["Code", "Product", "Pack", "Price", "Qty", "Amount"],
            ["NG/1", "Paper", "box", 24.5, cell, None], ["NG/2", "Pens", "pack", 3.9, None, None]]
    (order,) = read_orders(Cells(name="t", rows=rows, typed=True), load_mapping(DEFAULT_MAPPINGS, None),
                           locale_for("en"))
    assert [(ln.customer_item, ln.quantity) for ln in order.lines] == [("NG/1", Decimal(want))]
    assert not [p for p in order.problems if p.severity == "error"]


def _block(po: str, items: list) -> list[list]:
    import datetime as dt

    return [["Purchase Order"], ["PO Number:", po], ["Order Date:", dt.date(2026, 12, 2)], [],
            ["Item", "Description", "Qty", "Unit Price", "Amount"], *items,
            [None, None, None, "Total", sum(r[4] for r in items)], [], []]


def test_a_sheet_of_several_order_blocks_gives_one_order_per_block() -> None:
    from extractors.sheet.sheet import DEFAULT_MAPPINGS, load_mapping, read_sheets
    from extractors.sheet.sheet_table import Cells

    rows = _block("AIS-1", [["AIS-STP-01", "Stapler", 2, 18.0, 36.0]]) + _block(
        "AIS-2", [["SKU-1005", "Toner", 1, 79.0, 79.0], ["SKU-1002", "Pens", 10, 3.9, 39.0]])
    orders, _problems, _ = read_sheets([Cells(name="t", rows=rows, typed=True)], load_mapping(DEFAULT_MAPPINGS, None),
                                       "en")
    assert [(o.po_number, [ln.customer_item for ln in o.lines], o.total) for o in orders] == [
        ("AIS-1", ["AIS-STP-01"], Decimal("36")), ("AIS-2", ["SKU-1005", "SKU-1002"], Decimal("118"))]


def test_order_blocks_share_the_header_rows_typed_above_the_first_block() -> None:
    from extractors.sheet.sheet import DEFAULT_MAPPINGS, load_mapping, read_sheets
    from extractors.sheet.sheet_table import Cells

    head = [["Bureau Lambert SA - commandes de la semaine"],
            ["Delivery address:", "Bureau Lambert Entrepôt Namur, Chaussée de Louvain 12, 5000 Namur"],
            ["Delivery date:", dt.date(2026, 12, 21)], []]
    rows = head + _block("BL-71", [["AIS-STP-01", "Stapler", 3, 18.0, 54.0]]) + _block(
        "BL-72", [["SKU-1005", "Toner", 2, 79.0, 158.0]])
    orders, _problems, _ = read_sheets([Cells(name="t", rows=rows, typed=True)], load_mapping(DEFAULT_MAPPINGS, None),
                                       "en")
    assert [o.po_number for o in orders] == ["BL-71", "BL-72"]
    for order in orders:
        assert "Namur" in str(order.party("ship_to"))
        assert order.requested_delivery_date == dt.date(2026, 12, 21)


def test_an_order_block_naming_its_own_delivery_date_under_a_shared_one_waits() -> None:
    from extractors.sheet.sheet import DEFAULT_MAPPINGS, load_mapping, read_sheets
    from extractors.sheet.sheet_table import Cells

    head = [["Weekly orders"], ["Delivery date:", dt.date(2026, 12, 21)], []]
    second = _block("BL-82", [["SKU-1005", "Toner", 2, 79.0, 158.0]])
    second.insert(3, ["Delivery date:", dt.date(2026, 12, 29)])
    rows = head + _block("BL-81", [["AIS-STP-01", "Stapler", 3, 18.0, 54.0]]) + second
    orders, _problems, _ = read_sheets([Cells(name="t", rows=rows, typed=True)], load_mapping(DEFAULT_MAPPINGS, None),
                                       "en")
    assert [o.po_number for o in orders] == ["BL-81", "BL-82"]
    assert not any(p.code == "ORDERS-SEVERAL" for p in orders[0].problems)
    assert any(p.code == "ORDERS-SEVERAL" and p.severity == "error" for p in orders[1].problems)


@pytest.mark.parametrize("title", ["Pour information - commande précédente", "Zur Information - letzte Bestellung",
                                   "For information - previous order, do not deliver"])
def test_an_order_block_titled_as_information_is_no_order(title: str) -> None:
    from extractors.sheet.sheet import DEFAULT_MAPPINGS, load_mapping, read_sheets
    from extractors.sheet.sheet_table import Cells

    old = _block("BL-40", [["SKU-1004", "Stapler", 6, 18.0, 108.0]])
    old[0] = [title]
    rows = _block("BL-90", [["AIS-STP-01", "Stapler", 3, 18.0, 54.0]]) + old
    orders, _problems, _ = read_sheets([Cells(name="t", rows=rows, typed=True)], load_mapping(DEFAULT_MAPPINGS, None),
                                       "en")
    assert [(o.po_number, [ln.customer_item for ln in o.lines]) for o in orders] == [("BL-90", ["AIS-STP-01"])]
    assert any(p.code == "TABLE-SIDE-SKIPPED" for p in orders[0].problems)


def test_one_order_naming_its_po_twice_is_one_block() -> None:
    from extractors.sheet.sheet import DEFAULT_MAPPINGS, load_mapping, read_sheets
    from extractors.sheet.sheet_table import Cells

    rows = _block("AIS-1", [["AIS-STP-01", "Stapler", 2, 18.0, 36.0]]) + [["PO Number:", "AIS-1"], ["Thank you"]]
    orders, _problems, _ = read_sheets([Cells(name="t", rows=rows, typed=True)], load_mapping(DEFAULT_MAPPINGS, None),
                                       "en")
    assert [o.po_number for o in orders] == ["AIS-1"]


@pytest.mark.parametrize("name", ["ship_fr_1.pdf", "ship_en_1.pdf", "ship_en_2.pdf", "ship_fr_1.xlsx",
                                  "kv_en_1.pdf", "kv_de_1.pdf"])
def test_a_delivery_address_beside_a_clipped_label_or_in_a_key_value_cell_is_read_whole(tmp_path, name: str) -> None:
    truth, (order,) = _extract_form(tmp_path, FORMS / name)
    assert {k: (order["ship_to"] or {}).get(k) for k in truth["ship_to"]} == truth["ship_to"]
    assert order["po_number"] == truth["po_number"]
    assert [ln["sku"] for ln in order["lines"]] == [ln["sku"] for ln in truth["lines"]]


def test_a_word_page_header_of_parts_gives_the_po_and_dates(tmp_path) -> None:
    def build(d):
        d.sections[0].header.paragraphs[0].text = ("Acme Industrial Supply Inc — Purchase Order AIS-88120 — "
                                                   "Order Date 12/03/2026 — Delivery 12/10/2026")
        d.add_paragraph("Please deliver the following items.")
        t = d.add_table(rows=1, cols=5)
        for c, h in enumerate(["Item", "Description", "Qty", "Unit Price", "Amount"]):
            t.cell(0, c).text = h
        for row in (("AIS-STP-01", "Stapler", "4", "18.00", "72.00"), ("SKU-1005", "Toner", "1", "79.00", "79.00"),
                    ("", "", "", "Total", "151.00")):
            cells = t.add_row().cells
            for c, v in enumerate(row):
                cells[c].text = v
    order = _extract_docx(tmp_path, _docx(build), "purchasing@acme-industrial.example")
    assert (order["po_number"], order["order_date"], order["requested_delivery_date"]) == (
        "AIS-88120", "2026-12-03", "2026-12-10")


def test_a_word_letter_typing_its_items_as_bullets_is_dated_by_its_place_and_date_line(tmp_path) -> None:
    def build(d):
        d.add_paragraph("Müller Bürobedarf GmbH\nHauptstraße 5\n80331 München")
        d.add_paragraph("Augsburg, den 2. Dezember 2026")
        d.add_paragraph("Bestellung MB-LT-5521")
        d.add_paragraph("Sehr geehrte Damen und Herren,\nbitte liefern Sie uns bis zum 18.12.2026:")
        d.add_paragraph("- 40 Stück Ordner A4 80 mm, Art.-Nr. MB-4711, zu je 2,75 €")
        d.add_paragraph("- 2 Stück Hefter, Art.-Nr. SKU-1004, zu je 18,00 €")
        d.add_paragraph("Mit freundlichen Grüßen\nK. Schmidt")
    order = _extract_docx(tmp_path, _docx(build), "bestellung@mueller-buero.example")
    assert (order["po_number"], order["order_date"], order["requested_delivery_date"]) == (
        "MB-LT-5521", "2026-12-02", "2026-12-18")
    assert [(ln["sku"], ln["quantity"], ln["unit_price"]) for ln in order["lines"]] == [
        ("SKU-1003", "40", "2.75"), ("SKU-1004", "2", "18.00")]
    assert not {i["code"] for i in order["issues"]} & {"DATE-UNPLACED", "LINE-UNREAD"}


def test_a_po_label_clipped_at_its_cell_edge_in_a_calc_pdf_reads_with_its_value() -> None:
    from extractors.capture.pdf_text import _completed_labels

    def word(text, x0, x1):
        return {"text": text, "x0": x0, "x1": x1, "top": 100.0, "bottom": 110.0}

    column = [word("Réf.", 55.0, 75.0), word("QB-1", 120.0, 140.0), word("QB-2", 120.0, 140.0)]
    line = [word("N°", 55.0, 66.0), word("de", 69.0, 79.0), word("comman", 82.0, 118.5), word("QB-7781", 120.0, 160.0)]
    assert [w["text"] for w in _completed_labels(line + column)[:4]] == ["N°", "de", "commande", "QB-7781"]
    apart = [word("N°", 55.0, 66.0), word("de", 69.0, 79.0), word("comman", 82.0, 110.0), word("QB-7781", 120.0, 160.0)]
    assert _completed_labels(apart + column)[2]["text"] == "comman"  # not touching the next cell: no label cut
