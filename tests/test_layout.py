"""The layout step (words -> order), numbers and dates by locale, templates and their validation."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractors.base import ExtractHints
from extractors.capture.labels import LabelIndex, label_key
from extractors.capture.layout import read_order_document
from extractors.locale_values import format_number, locale_for, parse_date, parse_number
from extractors.capture.templates import choose_template, load_template, load_templates
from extractors.capture.words import PageWords, Word, group_rows
from gateway.errors import ConfigError
from gateway.model import DocType

REPO = Path(__file__).resolve().parents[1]
TEMPLATES = REPO / "mappings" / "templates" / "samples"


def page_of(lines: list[list[tuple[str, float]]], height: float = 20.0, conf: float = 1.0) -> PageWords:
    """Words laid out on rows: each row a list of (text, x); 8 px per character."""
    words = []
    for n, row in enumerate(lines):
        y = 40 + n * 30
        for text, x in row:
            words.append(Word(text, x, y, x + 8 * len(text), y + height * 0.7, conf, 1))
    return PageWords(1, 1400.0, 1980.0, tuple(words))


def order_page(**labels: str) -> PageWords:
    """A small French order: labels right of and above values, a table with a continuation
    row and a carried-forward row."""
    return page_of([
        [("Quincaillerie", 40), ("Dupont", 160), ("BON", 900), ("DE", 940), ("COMMANDE", 970)],
        [(labels.get("po", "N°"), 700), ("de", 725), ("commande", 750), (":", 825), ("CF-2026-0042", 900)],
        [("Date", 700), (":", 740), ("12", 900), ("mars", 922), ("2026", 960)],
        [("Livraison", 700), ("souhaitée", 785), ("900", 1250)],
        [("20/03/2026", 700)],
        [],
        [("Réf.", 40), ("Désignation", 200), ("Qté", 700), ("Unité", 780), ("Prix", 900), ("unitaire", 945),
         ("Montant", 1150)],
        [("AB-105", 40), ("Vis", 200), ("à", 235), ("bois", 250), ("12", 716), ("PCE", 780), ("1", 900),
         ("234,50", 915), ("14", 1150), ("814,00", 1170)],
        [("boîte", 200), ("de", 250), ("100", 275)],
        [("Report", 200), (":", 255), ("14", 1150), ("814,00", 1170)],
        [("KX-2201", 40), ("Cheville", 200), ("nylon", 275), ("2,5", 708), ("kg", 780), ("10,00", 915),
         ("25,00", 1170)],
        [("Total", 900), ("HT", 945), ("14", 1150), ("839,00", 1170)],
    ])


def test_generic_layout_reads_header_fields_by_label_right_and_below() -> None:
    extraction = read_order_document([order_page()], ExtractHints(locale="fr_FR"), "pdf_text", ocr=False)
    assert extraction.doc_type == DocType.ORDER
    order = extraction.orders[0]
    assert order.po_number == "CF-2026-0042"
    assert order.order_date == date(2026, 3, 12)
    assert order.requested_delivery_date == date(2026, 3, 20)
    assert order.total == Decimal("14839.00")
    assert {"po_number", "order_date", "requested_delivery_date", "total"} <= set(order.boxes)


def test_generic_table_joins_continuations_and_skips_carried_forward_rows() -> None:
    order = read_order_document([order_page()], ExtractHints(locale="fr_FR"), "pdf_text", ocr=False).orders[0]
    assert [(ln.customer_item, ln.quantity, ln.uom, ln.unit_price, ln.amount) for ln in order.lines] == [
        ("AB-105", Decimal("12"), "PCE", Decimal("1234.50"), Decimal("14814.00")),
        ("KX-2201", Decimal("2.5"), "kg", Decimal("10.00"), Decimal("25.00")),
    ]
    assert order.lines[0].description == "Vis à bois boîte de 100"
    assert all(0 < c <= 1 for ln in order.lines for c in ln.confidence.values())


def test_ocr_confidence_lowers_field_confidence() -> None:
    clear = read_order_document([order_page()], ExtractHints(locale="fr_FR"), "x", ocr=True).orders[0]
    blurred_page = order_page()
    blurred = PageWords(1, 1400.0, 1980.0, tuple(Word(w.text, w.x0, w.y0, w.x1, w.y1, 0.6, 1)
                                                 for w in blurred_page.words))
    poor = read_order_document([blurred], ExtractHints(locale="fr_FR"), "x", ocr=True).orders[0]
    assert poor.confidence["po_number"] < clear.confidence["po_number"]
    assert poor.lines[0].confidence["quantity"] < clear.lines[0].confidence["quantity"]


def test_document_without_order_words_and_without_lines_is_other() -> None:
    page = page_of([[("Meeting", 40), ("notes", 130)], [("Nothing", 40), ("to", 120), ("see", 150)]])
    assert read_order_document([page], ExtractHints(), "pdf_text", ocr=False).doc_type == DocType.OTHER


def test_invoice_title_wins_over_order_number_label() -> None:
    page = page_of([[("INVOICE", 900)], [("PO", 700), ("Number:", 730), ("4711", 900)],
                    [("Invoice", 700), ("number:", 780), ("F-1", 900)]], height=30)
    extraction = read_order_document([page], ExtractHints(), "pdf_text", ocr=False)
    assert extraction.doc_type == DocType.INVOICE and extraction.orders == []


def test_rows_of_two_columns_with_other_line_pitch_do_not_mix() -> None:
    words = (Word("Left", 40, 100, 80, 114), Word("one", 90, 100, 120, 114),
             Word("Label:", 700, 108, 760, 122), Word("4711", 800, 108, 840, 122),
             Word("Left", 40, 116, 80, 130), Word("two", 90, 116, 120, 130))
    rows = group_rows(PageWords(1, 1400, 1980, words))
    assert [r.text for r in rows] == ["Left one", "Label: 4711", "Left two"]


# --- numbers and dates --------------------------------------------------------------------


@pytest.mark.parametrize(("text", "locale", "value"), [
    ("1.234,56", "de_DE", "1234.56"), ("1 234,56", "fr_FR", "1234.56"), ("1,234.56", "en_US", "1234.56"),
    ("12,5", "de_DE", "12.5"), ("1.250", "de_DE", "1250"), ("6.000", "en_US", "6.000"),
    ("2.150 KD", "en_GB", "2.150"), ("€ 12,50", "fr_FR", "12.50"), ("12-", "de_DE", "-12"),
    ("119,977,20", "en_US", "119977.20"),
])
def test_numbers_read_in_the_customer_locale(text: str, locale: str, value: str) -> None:
    parsed = parse_number(text, locale_for(locale))
    assert parsed is not None and parsed[0] == Decimal(value)


def test_ocr_letters_in_numbers_are_read_as_digits_with_less_strength() -> None:
    assert parse_number("l2", locale_for("de_DE")) is None
    value, strength = parse_number("l2", locale_for("de_DE"), ocr=True)
    assert value == Decimal(12) and strength < 1.0


@pytest.mark.parametrize(("text", "locale", "value"), [
    ("12/03/2026", "fr_FR", date(2026, 3, 12)), ("03/12/2026", "en_US", date(2026, 3, 12)),
    ("12.03.2026", "de_DE", date(2026, 3, 12)), ("06/19/2026 01:58:40", "en_GB", date(2026, 6, 19)),
    ("12 mars 2026", "fr_FR", date(2026, 3, 12)), ("12. März 2026", "de_DE", date(2026, 3, 12)),
    ("March 12, 2026", "en_US", date(2026, 3, 12)), ("1er août 2026", "fr_FR", date(2026, 8, 1)),
    ("2026-03-12", "de_DE", date(2026, 3, 12)), ("vom 2. November 2026", "de_DE", date(2026, 11, 2)),
])
def test_dates_read_in_the_customer_locale(text: str, locale: str, value: date | None) -> None:
    parsed = parse_date(text, locale_for(locale))
    assert (parsed[0] if parsed else None) == value


def test_ambiguous_day_month_is_weaker_when_the_locale_is_guessed() -> None:
    assert parse_date("03/04/2026", locale_for("en_US"))[1] == 1.0
    assert parse_date("03/04/2026", locale_for(None, "eng"))[1] < 1.0


@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False),
       st.sampled_from(["fr_FR", "de_DE", "en_US"]))
def test_formatted_numbers_read_back(value: Decimal, locale: str) -> None:
    loc = locale_for(locale)
    assert parse_number(format_number(value, loc), loc)[0] == value


def test_labels_tolerate_ocr_lookalikes_and_one_edit() -> None:
    index = LabelIndex([("amount", "Total"), ("requested_delivery_date", "Liefertermin")])
    words = [Word("Totai", 0, 0, 40, 10), Word("Liefertermi", 60, 0, 140, 10)]
    assert index.find(words, 0, fuzzy=True).kind == "amount"
    assert index.find(words, 1, fuzzy=True).kind == "requested_delivery_date"
    assert index.find(words, 0, fuzzy=False) is None
    assert label_key("Bestell-Nr.:") == label_key("BESTELL NR") == "bestellnr"


# --- templates ----------------------------------------------------------------------------


def test_every_shipped_template_loads() -> None:
    names = {t.name for t in load_templates(TEMPLATES)}
    assert {"bricomax", "keller", "northwind", "schmidt"} <= names


def test_template_with_unknown_key_is_refused_naming_file_and_key(tmp_path: Path) -> None:
    path = tmp_path / "acme.toml"
    path.write_text('[match]\nall = ["ACME"]\n\n[fields.po_number]\nlables = ["PO"]\n', encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_template(path)
    assert "fields.po_number.lables" in str(err.value) and str(path) in str(err.value)
    assert err.value.code == "TEMPLATE-INVALID"


@pytest.mark.parametrize(("body", "key"), [
    ('name = 3\n', "name"),
    ('[table]\n[[table.columns]]\nkind = "colour"\nheaders = ["x"]\n', "table.columns[0].kind"),
    ('[locale]\ndate_order = "ddmm"\n', "locale.date_order"),
    ('[fields.ship_to]\nlabels = ["x"]\n', "fields.ship_to"),
    ('[match]\nall = "ACME"\n', "match.all"),
])
def test_template_faults_name_their_key(tmp_path: Path, body: str, key: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_template(path)
    assert key in str(err.value)


def test_template_is_chosen_by_its_match_rules_and_can_be_forced() -> None:
    templates = load_templates(TEMPLATES)
    keller = "Keller Baustoffe GmbH\nBestellung Nr. B-1 vom"
    assert choose_template(templates, keller, "einkauf@keller-bau.de", None).name == "keller"
    assert choose_template(templates, keller, None, None) is None  # a template belongs to its senders
    assert choose_template(templates, keller, "someone@else.example", None) is None
    assert choose_template(templates, "Some other text", "einkauf@keller-bau.de", None) is None
    assert choose_template(templates, "anything", None, "northwind").name == "northwind"
    with pytest.raises(ConfigError):
        choose_template(templates, "anything", None, "nobody")


def test_template_sender_rule_needs_the_sender(tmp_path: Path) -> None:
    path = tmp_path / "acme.toml"
    path.write_text('[match]\nall = ["ACME"]\nsenders = ["acme.example", "+33 1 23 45 67 89"]\n', encoding="utf-8")
    template = load_template(path)
    assert template.matches("ACME order", "orders@acme.example")
    assert template.matches("ACME order", "0123456789")
    assert not template.matches("ACME order", "someone@else.example")


def test_ocr_label_with_a_stray_symbol_word_is_found() -> None:
    from extractors.capture.labels import LabelIndex
    from extractors.capture.words import Word

    def words(*pairs: tuple[str, float]) -> list[Word]:
        return [Word(t, 10.0 + 60 * i, 0.0, 60.0 + 60 * i, 20.0, c, 1) for i, (t, c) in enumerate(pairs)]

    index = LabelIndex([("po_number", "N° de commande"), ("requested_delivery_date", "Liefertermin")])
    hit = index.find(words(("N°", 0.9), ("o", 0.5), ("de", 0.9), ("commande", 0.9), ("+", 0.6), (":", 0.9)), 0, True)
    assert hit is not None and (hit.kind, hit.end, hit.score) == ("po_number", 6, 0.9)
    assert index.find(words(("N°", 0.9), ("o", 0.5), ("de", 0.9), ("commande", 0.9)), 0, False) is None
    kept = index.find(words(("Liefertermin:", 0.9), ("7.", 0.9), ("Juni", 0.9)), 0, True)
    assert kept is not None and kept.end == 1  # the date after the label is not taken into it


def test_untitled_order_whose_rows_cannot_be_read_is_held_not_dropped() -> None:
    """Narrow sheet columns printed to PDF glue cells into one word: nothing is read, yet the
    table header says it is an order, so it is held for review."""
    from gateway.store.journal import DocStatus
    from gateway.stages.outcome import conclude
    page = page_of([
        [("Dublin", 40), ("Office", 100)],
        [("PO", 40), ("NumberDOS-XL-300", 70)],
        [("Item", 40), ("DescriptionQty", 120), ("UOM", 300), ("Unit", 400), ("Price", 440), ("Line", 520),
         ("Total", 560), ("Delivery", 640)],
        [("DOS-PAPERCopy", 40), ("paper", 160), ("5BX", 300), ("24.5", 440), ("122.507/12/2026", 560)],
        [("SKU-1004", 40), ("Stapler", 120), ("2EA", 300), ("18", 440), ("3610/12/2026", 560)],
    ])
    extraction = read_order_document([page], ExtractHints(), "pdf_text", ocr=False)
    assert extraction.doc_type == DocType.ORDER
    assert conclude(None, extraction, [], []).status == DocStatus.REVIEW  # type: ignore[arg-type]


def test_line_delivery_column_is_read_and_keeps_the_amount_column_whole() -> None:
    page = page_of([
        [("BON", 40), ("DE", 80), ("COMMANDE", 110)],
        [("N°", 40), ("de", 65), ("commande", 90), (":", 165), ("DF-PDF-5501", 180)],
        [("Réf.", 40), ("Désignation", 160), ("Qté", 400), ("Unité", 460), ("P.U.", 540), ("HT", 580),
         ("Montant", 660), ("HT", 730), ("Livraison", 800)],
        [("DF-PAP-A4", 40), ("Papier", 160), ("A4", 220), ("4", 400), ("CAR", 460), ("122,50", 540),
         ("490,00", 660), ("08/12/2026", 800)],
        [("DF-STYLO-B", 40), ("Stylo", 160), ("bleu", 210), ("12", 400), ("PAQ", 460), ("3,90", 540),
         ("46,80", 660), ("11/12/2026", 800)],
        [("Total", 540), ("HT", 590), (":", 615), ("536,80", 660)],
    ])
    order = read_order_document([page], ExtractHints(locale="fr_FR"), "pdf_text", ocr=False).orders[0]
    assert [(ln.amount, ln.requested_date) for ln in order.lines] == [
        (Decimal("490.00"), date(2026, 12, 8)), (Decimal("46.80"), date(2026, 12, 11))]
    assert order.total == Decimal("536.80")


def test_unread_line_amounts_are_named_in_the_total_check() -> None:
    from gateway.stages.item_matching import _check_total
    from gateway.model import ExtractedLine, ExtractedOrder
    order = ExtractedOrder(total=Decimal("536.80"), lines=[
        ExtractedLine(quantity=Decimal(4)),
        ExtractedLine(quantity=Decimal(12), unit_price=Decimal("3.90"), amount=Decimal("46.80"))])
    _check_total(order)
    assert [p.message for p in order.problems if p.code == "CHECK-TOTAL"] == [
        "1 of 2 line amount(s) were not read: the total cannot be checked"]


def test_lines_without_an_amount_column_are_checked_by_quantity_times_price() -> None:
    from gateway.stages.item_matching import _check_total
    from gateway.model import ExtractedLine, ExtractedOrder
    lines = [ExtractedLine(quantity=Decimal(40), unit_price=Decimal("2.75")),
             ExtractedLine(quantity=Decimal(2), unit_price=Decimal("79.00"))]
    order = ExtractedOrder(total=Decimal("268.00"), lines=lines)
    _check_total(order)
    assert order.problems == [] and all(ln.amount is None for ln in order.lines)
    wrong = ExtractedOrder(total=Decimal("270.00"), lines=lines)
    _check_total(wrong)
    assert [p.code for p in wrong.problems] == ["CHECK-TOTAL"]


@pytest.mark.parametrize("label", [("Delivery", "required:"), ("Required", "delivery:"), ("Deliver", "by:"),
                                   ("Liefertermin:",), ("Date", "de", "livraison", "souhaitée", ":")])
def test_delivery_label_family_gives_the_requested_date(label: tuple[str, ...]) -> None:
    words, x = [], 40
    for word in label:
        words.append((word, x))
        x += 8 * len(word) + 8
    page = page_of([[("Purchase", 40), ("Order", 130), ("DOS-PDF-12", 220)], [("Date:", 40), ("01/12/2026", 150)],
                    words + [("09/12/2026", x + 8)],
                    [("Code", 40), ("Description", 200), ("Qty", 500), ("Unit", 560), ("Price", 640)],
                    [("DOS-PAPER", 40), ("Copy", 200), ("paper", 250), ("6", 500), ("BX", 560), ("24.50", 640)]])
    order = read_order_document([page], ExtractHints(locale="en_IE"), "pdf_text", ocr=False).orders[0]
    assert order.requested_delivery_date == date(2026, 12, 9)


def test_a_date_printed_as_hashes_is_not_taken_from_the_row_below() -> None:
    page = page_of([[("Purchase", 40), ("Order", 130), ("DOS-XL-300", 220)], [("Order", 40), ("Date", 96), ("###", 150)],
                    [("Delivery", 40), ("D", 112), ("08/12/2026", 150)],
                    [("Code", 40), ("Description", 200), ("Qty", 500), ("Unit", 560), ("Price", 640)],
                    [("DOS-PAPER", 40), ("Copy", 200), ("paper", 250), ("6", 500), ("BX", 560), ("24.50", 640)]])
    order = read_order_document([page], ExtractHints(locale="en_IE"), "pdf_text", ocr=False).orders[0]
    assert order.order_date is None and order.confidence["order_date"] == 0.0
    assert "LAYOUT-HIDDEN-CELL" in [p.code for p in order.problems]


def test_columns_printed_on_a_page_of_their_own_hold_the_order() -> None:
    first = page_of([[("PO", 40), ("Number", 70), ("DOS-XL-301", 180)],
                     [("Item", 40), ("Description", 180), ("Qty", 400), ("UOM", 460), ("Unit", 540), ("Price", 580)],
                     [("DOS-PAPER", 40), ("Copy", 180), ("paper", 230), ("5", 430), ("BX", 460), ("24.5", 600)],
                     [("Total", 540)]])
    second = page_of([[("Line", 40), ("Total", 80), ("Delivery", 160)], [("122.5", 40), ("07/12/2026", 160)],
                      [("122.5", 40)]])
    second = PageWords(2, second.width, second.height, tuple(Word(w.text, w.x0, w.y0, w.x1, w.y1, w.conf, 2)
                                                             for w in second.words))
    order = read_order_document([first, second], ExtractHints(locale="en_IE"), "pdf_text", ocr=False).orders[0]
    assert len(order.lines) == 1
    (apart,) = [p for p in order.problems if p.code == "LINE-UNREAD"]  # a hold that says why
    assert "'Line Total Delivery' printed apart from their items (page 2)" in apart.message
    assert order.confidence["rows"] < 1


def placed(rows: list[tuple[float, list[tuple[str, float]]]]) -> PageWords:
    """Words at given heights: each row (y, [(text, x)]), 8 px per character, 14 px high."""
    words = [Word(text, x, y, x + 8 * len(text), y + 14, 1.0, 1) for y, row in rows for text, x in row]
    return PageWords(1, 1400.0, 1980.0, tuple(words))


def test_wrapped_header_labels_and_vertically_centred_cells_are_read_as_one_item() -> None:
    """A browser table with cells centred vertically: "Unit / Price" wrapped in its header cell, the
    code and description of an item printed half a line above and below its one-line cells."""
    page = placed([
        (40, [("PURCHASE", 40), ("ORDER", 130)]),
        (80, [("PO", 40), ("Number:", 70), ("PO-77812", 150)]),
        (200, [("Unit", 900)]),
        (208, [("Line", 40), ("Item", 100), ("Description", 300), ("Qty", 700), ("UOM", 780), ("Extended", 1050)]),
        (216, [("Price", 900)]),
        (250, [("AIS-STP-", 100)]),
        (258, [("1", 40), ("Stapler", 300), ("heavy", 365), ("duty", 415), ("24", 700), ("EA", 780),
               ("18.00", 900), ("432.00", 1050)]),
        (266, [("01", 100)]),
        (300, [("Copy", 300), ("paper", 345), ("A4", 395), ("(box", 420), ("of", 460), ("5", 485)]),
        (308, [("2", 40), ("SKU-1001", 100), ("1,500", 700), ("BX", 780), ("24.50", 900), ("36,750.00", 1050)]),
        (316, [("reams)", 300)]),
        (350, [("Subtotal", 900), ("37,182.00", 1050)]),
    ])
    order = read_order_document([page], ExtractHints(locale="en_US"), "pdf_text", ocr=False).orders[0]
    assert [(ln.customer_item, ln.quantity, ln.uom, ln.unit_price, ln.amount) for ln in order.lines] == [
        ("AIS-STP-01", Decimal("24"), "EA", Decimal("18.00"), Decimal("432.00")),
        ("SKU-1001", Decimal("1500"), "BX", Decimal("24.50"), Decimal("36750.00")),
    ]
    assert order.lines[1].description == "Copy paper A4 (box of 5 reams)"
    assert "LAYOUT-ROW-UNREAD" not in {p.code for p in order.problems}


def test_a_row_not_read_is_named_and_the_other_rows_are_still_read() -> None:
    page = placed([
        (40, [("BON", 40), ("DE", 90), ("COMMANDE", 120)]),
        (200, [("Réf.", 40), ("Désignation", 200), ("Qté", 700), ("P.U.", 900), ("Montant", 1100)]),
        (240, [("AB-105", 40), ("Vis", 200), ("12", 700), ("1,50", 900), ("18,00", 1100)]),
        (270, [("AB-106", 40), ("Écrou", 200), ("douze", 700), ("2,00", 900), ("24,00", 1100)]),
        (300, [("AB-107", 40), ("Rondelle", 200), ("5", 700), ("0,40", 900), ("2,00", 1100)]),
    ])
    order = read_order_document([page], ExtractHints(locale="fr_FR"), "pdf_text", ocr=False).orders[0]
    assert [ln.customer_item for ln in order.lines] == ["AB-105", "AB-107"]
    assert "LAYOUT-ROW-UNREAD" in {p.code for p in order.problems}


def test_web_shop_cards_are_read_as_items_and_the_net_subtotal_as_the_total() -> None:
    page = placed([
        (40, [("Thank", 40), ("you", 100), ("for", 140), ("your", 175), ("order!", 220)]),
        (80, [("Order", 40), ("#AIS-20433", 100)]),
        (110, [("Order", 40), ("placed", 92), ("December", 148), ("2,", 220), ("2026", 244)]),
        (200, [("Ballpoint", 40), ("pen", 125), ("blue", 160), ("Qty:", 700), ("250", 745), ("PK", 780),
               ("$975.00", 1100)]),
        (222, [("Item", 40), ("#", 80), ("SKU-1002", 95)]),
        (244, [("Unit", 40), ("price:", 80), ("$3.90", 135)]),
        (300, [("Lever", 40), ("arch", 95), ("file", 140), ("Qty:", 700), ("60", 745), ("EA", 770),
               ("$165.00", 1100)]),
        (322, [("Item", 40), ("#", 80), ("SKU-1003", 95)]),
        (344, [("Unit", 40), ("price:", 80), ("$2.75", 135)]),
        (400, [("Subtotal", 900), ("$1,140.00", 1100)]),
        (430, [("Estimated", 900), ("tax", 985), ("$94.05", 1100)]),
        (460, [("Order", 900), ("total", 950), ("$1,234.05", 1100)]),
    ])
    order = read_order_document([page], ExtractHints(locale="en_US"), "pdf_text", ocr=False).orders[0]
    assert order.po_number == "AIS-20433"
    assert order.order_date == date(2026, 12, 2)
    assert [(ln.customer_item, ln.quantity, ln.uom, ln.unit_price, ln.amount, ln.description)
            for ln in order.lines] == [
        ("SKU-1002", Decimal("250"), "PK", Decimal("3.90"), Decimal("975.00"), "Ballpoint pen blue"),
        ("SKU-1003", Decimal("60"), "EA", Decimal("2.75"), Decimal("165.00"), "Lever arch file"),
    ]
    assert order.total == Decimal("1140.00")


def test_french_portal_labels_first_of_the_month_and_a_quantity_with_its_unit_word() -> None:
    page = placed([
        (40, [("Récapitulatif", 40), ("de", 160), ("votre", 185), ("commande", 230)]),
        (80, [("Votre", 40), ("référence", 90), ("de", 170), ("commande", 195), (":", 270), ("CMD-DF-0934", 290)]),
        (110, [("Commande", 40), ("passée", 120), ("le", 175), ("1er", 195), ("décembre", 225), ("2026", 300)]),
        (200, [("Article", 40), ("Quantité", 700), ("Prix", 900), ("unitaire", 940), ("Total", 1100), ("HT", 1145)]),
        (240, [("Papier", 40), ("copieur", 100), ("Réf.", 170), ("DF-PAP-A4", 210), ("1", 700), ("000", 712),
               ("boîtes", 745), ("24,50", 900), ("€", 945), ("24", 1100), ("500,00", 1120), ("€", 1175)]),
    ])
    order = read_order_document([page], ExtractHints(locale="fr_FR"), "pdf_text", ocr=False).orders[0]
    assert order.po_number == "CMD-DF-0934"
    assert order.order_date == date(2026, 12, 1)
    (line,) = order.lines
    assert (line.customer_item, line.quantity, line.uom, line.amount) == (
        "DF-PAP-A4", Decimal("1000"), "boîtes", Decimal("24500.00"))


@pytest.mark.parametrize("sentence, expected", [
    ("Nous vous prions de nous livrer les articles suivants pour le 8 janvier 2027 au plus tard :", date(2027, 1, 8)),
    ("Bitte liefern Sie die folgenden Artikel bis 13. Januar 2027 an unser Lager.", date(2027, 1, 13)),
    ("We will ship so that delivery is made by January 5, 2027.", date(2027, 1, 5)),
])
def test_a_delivery_date_inside_a_sentence_is_the_requested_date(sentence: str, expected: date) -> None:
    words = [(w, 40 + 70 * i) for i, w in enumerate(sentence.split())]
    page = placed([(40, [("Objet", 40), (":", 95), ("Commande", 110), ("n°", 190), ("AB-2201", 215)]),
                   (80, words[:9]), (102, [(t, x - 70 * 9) for t, x in words[9:]])])
    order = read_order_document([page], ExtractHints(locale="fr_FR"), "pdf_text", ocr=False).orders[0]
    assert order.requested_delivery_date == expected


def test_a_letter_whose_subject_is_an_order_is_an_order() -> None:
    page = placed([(40, [("Paris,", 40), ("le", 100), ("5", 125), ("décembre", 140), ("2026", 215)]),
                   (80, [("Objet", 40), (":", 95), ("Commande", 110), ("n°", 190), ("DF-LET-0419", 215)])])
    extraction = read_order_document([page], ExtractHints(locale="fr_FR"), "pdf_text", ocr=False)
    assert extraction.doc_type == DocType.ORDER
    assert extraction.orders[0].po_number == "DF-LET-0419"


@pytest.mark.parametrize("description, expected", [
    ("Agrafeuse grande capacité métal (Réf. SKU-1004)", ("SKU-1004", "Agrafeuse grande capacité métal")),
    ("Chemises cartonnées, paquet de 100 (Réf. CT- 12149)", ("CT-12149", "Chemises cartonnées, paquet de 100")),
    ("Stylo bille bleu Réf. DF-STYLO-B", ("DF-STYLO-B", "Stylo bille bleu")),
    ("Copy paper A4 80g (box of 5 reams)", None),
])
def test_a_code_inside_a_description_cell(description: str, expected: tuple[str, str] | None) -> None:
    from extractors.capture.item_codes import code_in_description

    assert code_in_description(description) == expected


def _untitled_columns_page(amount_2: str) -> PageWords:
    return page_of([
        [("PURCHASE", 40), ("ORDER", 140)],
        [("PO", 700), ("Number:", 730), ("QX-881", 900)],
        [],
        [("Part", 40), ("What", 200), ("How", 700), ("many", 740), ("Per", 820), ("Each", 920), ("Ext.", 1150)],
        [("AB-105", 40), ("Wood", 200), ("screws", 245), ("12", 716), ("EA", 820), ("3.50", 920), ("42.00", 1150)],
        [("KX-2201", 40), ("Nylon", 200), ("plugs", 250), ("4", 716), ("BX", 820), ("10.00", 920),
         (amount_2, 1150)],
        [("Total", 900), ("82.00", 1150)],
    ])


def test_columns_under_unknown_titles_take_their_roles_from_quantity_times_price_is_amount() -> None:
    order = read_order_document([_untitled_columns_page("40.00")], ExtractHints(locale="en_US"), "pdf_text",
                                ocr=False).orders[0]
    assert [(ln.customer_item, ln.description, ln.quantity, ln.uom, ln.unit_price, ln.amount)
            for ln in order.lines] == [
        ("AB-105", "Wood screws", Decimal("12"), "EA", Decimal("3.50"), Decimal("42.00")),
        ("KX-2201", "Nylon plugs", Decimal("4"), "BX", Decimal("10.00"), Decimal("40.00"))]


def test_number_columns_that_do_not_multiply_out_get_no_roles_and_no_line_is_read() -> None:
    extraction = read_order_document([_untitled_columns_page("41.00")], ExtractHints(locale="en_US"), "pdf_text",
                                     ocr=False)
    assert all(not o.lines for o in extraction.orders)


def test_a_sheet_exported_to_pdf_quantity_run_into_its_unit_and_a_title_cut_at_its_cell_edge() -> None:
    page = page_of([
        [("Bestellung", 40)], [("Bestellnummer", 700), ("4500013002", 900)],
        [("Bestelldatum", 700), ("04.12.2026", 900)], [],
        [("Pos", 40), ("Bezeichnung", 90), ("Menge", 640), ("Einheit", 700), ("Einzelprei", 800),
         ("Gesamtpreis", 880)],
        [("1", 40), ("Tonerkartusche", 90), ("schwarz", 210), ("Art.-Nr.", 280), ("SKU-1005", 350),
         ("2Stk", 700), ("79,00", 820), ("158,00", 920)],
        [("Summe", 700), ("netto", 750), ("158,00", 920)],
    ])
    order = read_order_document([page], ExtractHints(locale="de_DE"), "pdf_text", ocr=False).orders[0]
    assert [(ln.customer_item, ln.quantity, ln.uom, ln.unit_price, ln.amount) for ln in order.lines] == [
        ("SKU-1005", Decimal("2"), "Stk", Decimal("79.00"), Decimal("158.00"))]


def test_a_description_whose_code_opens_the_next_page_is_joined_to_its_item() -> None:
    """A Word letter's table: "(Réf." at the foot of page 1, "CT-12080)" at the top of page 2."""
    first = placed([
        (40, [("Objet", 40), (":", 95), ("Commande", 110), ("n°", 190), ("CT/23/2026", 215)]),
        (200, [("Désignation", 40), ("Quantité", 400), ("Prix", 600), ("unitaire", 640), ("HT", 710),
               ("Total", 900), ("HT", 945)]),
        (240, [("Stylo", 40), ("bille", 90), ("10", 400), ("boîtes", 425), ("3,90", 600), ("39,00", 900)]),
        (262, [("(Réf.", 40), ("CT-12038)", 90)]),
        (300, [("Granulés", 40), ("2,5", 400), ("kg", 430), ("3,48", 600), ("8,70", 900)]),
        (322, [("absorbants", 40), ("(Réf.", 130)]),
    ])
    second = placed([(60, [("CT-12080)", 40)]), (100, [("Total", 600), ("HT", 645), (":", 670), ("47,70", 900)])])
    second = PageWords(2, second.width, second.height, tuple(replace(w, page=2) for w in second.words))
    order = read_order_document([first, second], ExtractHints(locale="fr_FR"), "pdf_text", ocr=False).orders[0]
    assert [(ln.customer_item, ln.description) for ln in order.lines] == [
        ("CT-12038", "Stylo bille"), ("CT-12080", "Granulés absorbants")]
    assert order.total == Decimal("47.70")


def test_a_net_column_of_a_procurement_portal_is_the_line_amount() -> None:
    page = page_of([
        [("PURCHASE", 40), ("ORDER", 150)],
        [("PO", 40), ("Number:", 70), ("BW-PO-018842", 160)],
        [],
        [("Line", 40), ("Item", 100), ("Code", 140), ("Description", 260), ("Qty", 700), ("UOM", 780),
         ("Unit", 900), ("Price", 945), ("Net", 1150)],
        [("1", 40), ("BW-0101", 100), ("Copy", 260), ("paper", 300), ("60", 700), ("REAM", 780), ("£4.20", 900),
         ("£252.00", 1150)],
        [("2", 40), ("BW-0207", 100), ("Highlighters", 260), ("15", 700), ("SET", 780), ("£5.60", 900),
         ("£84.00", 1150)],
    ])
    order = read_order_document([page], ExtractHints(locale="en_GB"), "pdf_text", ocr=False).orders[0]
    assert [(ln.customer_item, ln.quantity, ln.unit_price, ln.amount) for ln in order.lines] == [
        ("BW-0101", Decimal("60"), Decimal("4.20"), Decimal("252.00")),
        ("BW-0207", Decimal("15"), Decimal("5.60"), Decimal("84.00")),
    ]
    assert order.currency == "GBP"  # the amounts' sign, no "Currency:" label


def test_number_date_and_delivery_labels_on_one_line_under_the_title() -> None:
    page = page_of([
        [("BON", 40), ("DE", 80), ("COMMANDE", 110)],
        [("Numéro", 40), (":", 100), ("CMD-77120", 112), ("Date", 200), (":", 236), ("06/11/2026", 248),
         ("Livraison", 340), ("le", 415), (":", 433), ("15/12/2026", 445)],
        [],
        [("Réf.", 40), ("Désignation", 200), ("Qté", 700), ("Prix", 900), ("Montant", 1150)],
        [("PL-TON-26", 40), ("Toner", 200), ("4", 716), ("89,00", 900), ("356,00", 1150)],
    ])
    order = read_order_document([page], ExtractHints(locale="fr_FR"), "pdf_text", ocr=False).orders[0]
    assert (order.po_number, order.order_date, order.requested_delivery_date) == (
        "CMD-77120", date(2026, 11, 6), date(2026, 12, 15))


def test_a_unit_word_the_deployment_adds_reads_as_surely_as_a_built_in_one() -> None:
    from extractors.units import TABLE
    page = page_of([
        [("BON", 40), ("DE", 80), ("COMMANDE", 110)],
        [("Réf.", 40), ("Désignation", 200), ("Qté", 700), ("Unité", 780), ("Prix", 900), ("Montant", 1150)],
        [("AB-105", 40), ("Vis", 200), ("12", 716), ("seau", 780), ("10,00", 900), ("120,00", 1150)],
        [("KX-2201", 40), ("Cheville", 200), ("3", 716), ("boîte", 780), ("5,00", 900), ("15,00", 1150)],
    ])
    plain = read_order_document([page], ExtractHints(locale="fr_FR"), "pdf_text", ocr=False).orders[0]
    added = ExtractHints(locale="fr_FR", units=TABLE.with_words({"BJ": ["SEAU", "SEAUX"]}))
    order = read_order_document([page], added, "pdf_text", ocr=False).orders[0]
    assert plain.lines[0].confidence["uom"] < order.lines[0].confidence["uom"] == order.lines[1].confidence["uom"]


def test_amounts_right_aligned_under_a_short_net_title_stay_in_their_column() -> None:
    # word boxes of a Chromium-printed procurement portal: every number right-aligned to its title's end;
    # "£252.00" starts left of "Net": the price column is not widened over it
    rows = [
        [("PURCHASE", 113.2, 300.0), ("ORDER", 330.0, 420.0)],
        [("PO", 113.2, 150.0), ("Number:", 160.0, 270.0), ("BW-PO-018842", 280.0, 470.0)],
        [("Line", 113.2, 169.7), ("Item", 201.6, 258.0), ("Code", 265.6, 334.3), ("Description", 385.9, 536.9),
         ("Qty", 802.9, 848.7), ("UOM", 862.4, 926.4), ("Unit", 1016.3, 1069.7), ("Price", 1077.3, 1144.4),
         ("Net", 1242.5, 1286.8)],
        [("1", 113.2, 128.5), ("BW-0101", 201.6, 315.5), ("Copy", 385.9, 450.0), ("paper", 457.6, 527.8),
         ("60", 818.1, 848.7), ("REAM", 862.4, 941.7), ("£4.20", 1075.7, 1144.4), ("£252.00", 1187.5, 1286.8)],
        [("2", 113.2, 128.5), ("BW-0207", 201.6, 315.5), ("Highlighters", 385.9, 530.0), ("15", 818.1, 848.7),
         ("SET", 862.4, 915.8), ("£5.60", 1075.7, 1144.4), ("£84.00", 1202.8, 1286.8)],
        [("3", 113.2, 128.5), ("BW-0310", 201.6, 315.5), ("Ink", 385.9, 422.5), ("8", 833.4, 848.7),
         ("EA", 862.4, 899.0), ("£24.75", 1060.5, 1144.4), ("£198.00", 1187.5, 1286.8)],
    ]
    words = [Word(text, x0, 400 + n * 46.4, x1, 427.5 + n * 46.4, 1.0, 1)
             for n, row in enumerate(rows) for text, x0, x1 in row]
    page = PageWords(1, 1400.0, 1811.8, tuple(words))
    order = read_order_document([page], ExtractHints(locale="en_GB"), "pdf_text", ocr=False).orders[0]
    assert [(ln.customer_item, ln.unit_price, ln.amount) for ln in order.lines] == [
        ("BW-0101", Decimal("4.20"), Decimal("252.00")), ("BW-0207", Decimal("5.60"), Decimal("84.00")),
        ("BW-0310", Decimal("24.75"), Decimal("198.00"))]


def test_lines_dated_by_a_date_column_leave_no_header_date_missing() -> None:
    page = page_of([
        [("BON", 40), ("DE", 80), ("COMMANDE", 110)],
        [("N°", 40), ("de", 70), ("commande", 100), (":", 180), ("DA-2026-004417", 200)],
        [("Date", 40), ("de", 90), ("commande", 120), (":", 200), ("03/11/2026", 220)],
        [("Version", 40), ("du", 110), ("02/11/2026", 140)],
        [],
        [("Réf.", 40), ("Désignation", 200), ("Qté", 700), ("Livraison", 800), ("Prix", 1000), ("Montant", 1150)],
        [("PL-TON-26", 40), ("Toner", 200), ("4", 716), ("09/12/2026", 800), ("89,00", 1000), ("356,00", 1150)],
        [("PL-CLS-75", 40), ("Classeur", 200), ("60", 708), ("16/12/2026", 800), ("2,95", 1000), ("177,00", 1150)],
    ])
    order = read_order_document([page], ExtractHints(locale="fr_FR"), "pdf_text", ocr=False).orders[0]
    assert [ln.requested_date for ln in order.lines] == [date(2026, 12, 9), date(2026, 12, 16)]
    assert order.requested_delivery_date is None and "requested_delivery_date" not in order.confidence


def test_a_letters_date_under_its_letterhead_telephone_line_is_the_order_date() -> None:
    # word boxes of a Word letter exported by LibreOffice: the date alone under the letterhead's telephone line
    rows = [
        (162.9, [("Shannonside", 206.1, 369.9), ("Supplies", 377.9, 487.5), ("Ltd", 495.4, 538.2)]),
        (196.5, [("Unit", 206.1, 261.4), ("7", 269.6, 285.6), ("Shannon", 293.6, 405.5), ("Estate", 413.5, 500.0)]),
        (230.1, [("Shannon,", 206.1, 326.0), ("Co.", 334.0, 376.5), ("Clare", 384.5, 453.6), ("V14", 461.5, 511.8),
                 ("X2Y3", 519.8, 586.3)]),
        (263.8, [("Tel", 206.1, 245.7), ("+353", 253.7, 322.9), ("61", 330.9, 362.9), ("555", 370.9, 418.9)]),
        (320.3, [("04/11/2026", 206.1, 351.1)]),
        (466.9, [("Our", 206.1, 254.9), ("ref:", 262.8, 307.6), ("SS/4471", 315.5, 422.5)]),
        (636.4, [("Qty", 206.1, 251.0), ("Code", 335.8, 401.2), ("Description", 478.6, 626.2), ("Unit", 867.7, 923.0),
                 ("price", 931.2, 996.1), ("Total", 1042.7, 1107.7)]),
        (670.0, [("25", 206.1, 238.1), ("sets", 246.1, 296.7), ("SS-2040", 335.8, 442.8), ("Highlighters", 478.6, 626.1),
                 ("€5.60", 867.7, 939.7), ("€140.00", 1042.7, 1146.7)]),
    ]
    words = [Word(text, x0, y, x1, y + 25.1, 1.0, 1) for y, row in rows for text, x0, x1 in row]
    page = PageWords(1, 1400.0, 1811.8, tuple(words))
    order = read_order_document([page], ExtractHints(locale="en_IE"), "pdf_text", ocr=False).orders[0]
    assert order.order_date == date(2026, 11, 4)


def _shop_print(first: str, po_label: list[str], date_label: list[str], conf: float = 1.0) -> PageWords:
    """A web shop's print of the order placed: no order title, no delivery date, the number and the date
    under their labels, priced lines giving the total (findings-t2 class E, own example)."""
    def labelled(words: list[str], value: list[str]) -> list[tuple[str, float]]:
        x, out = 700.0, []
        for w in words + value:
            out.append((w, x))
            x += 8 * len(w) + 10
        return out
    return page_of([
        [(first, 40), ("Shop", 180)],
        labelled(po_label, ["100045812"]),
        labelled(date_label, ["04.12.2026"]),
        [],
        [("Art.-Nr.", 40), ("Artikel", 200), ("Menge", 700), ("Preis", 920), ("Summe", 1150)],
        [("AB-105", 40), ("Holzschrauben", 200), ("12", 716), ("3,50", 920), ("42,00", 1150)],
        [("KX-2201", 40), ("Dübel", 200), ("4", 716), ("10,00", 920), ("40,00", 1150)],
        [("Gesamtsumme", 900), ("82,00", 1150)],
    ], conf=conf)


def test_an_untitled_shop_print_whose_number_and_date_labels_name_the_order_keeps_its_header_confidence() -> None:
    order = read_order_document([_shop_print("Büromarkt", ["Bestellnummer:"], ["Bestelldatum:"])],
                                ExtractHints(locale="de_DE"), "pdf_text", ocr=False).orders[0]
    assert (order.po_number, order.order_date) == ("100045812", date(2026, 12, 4))
    assert min(order.confidence["po_number"], order.confidence["order_date"]) >= 0.95


@pytest.mark.parametrize(("po_label", "date_label", "ocr"), [
    (["Belegnummer:"], ["Bestelldatum:"], False),  # a document's number, not the order's
    (["Bestellnummer:"], ["Datum:"], False),  # a bare "Datum"
    (["Bestellnummer:"], ["Bestelldatum:"], True),  # a scan: a label read is no word-for-word label
])
def test_an_untitled_print_without_both_order_labels_word_for_word_stays_less_sure(
        po_label: list[str], date_label: list[str], ocr: bool) -> None:
    order = read_order_document([_shop_print("Büromarkt", po_label, date_label, conf=0.99 if ocr else 1.0)],
                                ExtractHints(locale="de_DE"), "pdf_text", ocr=ocr).orders[0]
    assert order.po_number == "100045812"
    assert order.confidence["po_number"] <= 0.8
