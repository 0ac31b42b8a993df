"""Orders as people make them (issue 18, the outside tester's last classes), printed by Debian's Chromium
(``tests/printed.py``): an amount column whose title no reader knows, read by the arithmetic when every
line's money there is its quantity x price, held (``LAYOUT-AMOUNT-UNNAMED``) when it is not."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from extractors.base import ExtractHints
from extractors.capture.pdf_text import PdfTextExtractor
from tests.printed import printed_pdf

REAL = Path(__file__).parent / "fixtures" / "real_producers"
CSS = ("body{font-family:'DejaVu Sans',sans-serif;font-size:10pt}table{border-collapse:collapse}"
       "th,td{padding:3px 5px}.num{text-align:right;white-space:nowrap}")
# (customer code, description, quantity, unit, price): customer C5031 of real_producers (Tri-State Supply)
ITEMS = (("TS-12199", "Address labels 99 x 38 mm, box of 800", "40", "BX", "16.80"),
         ("TS-12094", "Toner cartridge black high yield", "3", "EA", "89.90"),
         ("TS-12157", "Permanent marker black bullet tip", "25", "EA", "1.45"))


def _page(title: str, factor: str, ruled: bool = True) -> str:
    rows, total = [], Decimal(0)
    for code, text, qty, unit, price in ITEMS:
        amount = Decimal(qty) * Decimal(price)
        total += amount
        shown = (amount * Decimal(factor)).quantize(Decimal("0.01"))
        rows.append(f"<tr><td>{code}</td><td>{text}</td><td class=num>{qty}</td><td>{unit}</td>"
                    f"<td class=num>{price}</td><td class=num>{shown:,.2f}</td></tr>")
    border = " border=1" if ruled else ""
    return (f"<html><head><meta charset=utf-8><style>{CSS}</style></head><body><p><b>Tri-State Supply Co.</b><br>"
            f"40 Dock Street<br>Newark, NJ 07105</p><h2>Purchase Order</h2><p>PO Number: 880771<br>"
            f"Order Date: December 3, 2026<br>Delivery Date: December 17, 2026</p><table style='width:100%'{border}>"
            f"<tr><th>Item</th><th>Description</th><th>Qty</th><th>Unit</th><th>Unit price</th><th>{title}</th></tr>"
            f"{''.join(rows)}</table><p style='text-align:right'><b>Total {total:,.2f}</b></p></body></html>")


def _read(name: str, html: str):
    pdf = printed_pdf(name, html)
    return PdfTextExtractor().extract(pdf.read_bytes(), ExtractHints(filename=pdf.name)).orders[0]


@pytest.mark.parametrize("title,ruled", [("Extension", True), ("Ext. value", False), ("Line value", True)])
def test_money_under_an_unknown_title_that_is_every_lines_quantity_x_price_is_its_amount(title: str, ruled: bool) -> None:
    order = _read(f"amtarith_{title.split()[0].strip('.').lower()}_{int(ruled)}", _page(title, "1", ruled))
    assert [ln.amount for ln in order.lines] == [Decimal(q) * Decimal(p) for _, _, q, _, p in ITEMS]
    assert not [p for p in order.problems if p.code == "LAYOUT-AMOUNT-UNNAMED"]


@pytest.mark.parametrize("title,factor", [("Value incl. VAT", "1.2"), ("Gross value", "1.19"), ("Listenwert", "1.1")])
def test_money_under_an_unknown_title_that_is_not_the_lines_amount_holds_the_order(title: str, factor: str) -> None:
    order = _read(f"amtother_{title.split()[0].lower()}", _page(title, factor))
    assert all(ln.amount is None and ln.confidence["amount"] == 0.0 for ln in order.lines)
    assert [p.code for p in order.problems] == ["LAYOUT-AMOUNT-UNNAMED"]


def test_through_the_gateway_the_unnamed_column_that_is_no_amount_holds_the_order(tmp_path: Path) -> None:
    from gateway.config import load_config
    from gateway.oneshot import extract_file
    from testkit.harness import write_config

    pdf = printed_pdf("amtother_value", _page("Value incl. VAT", "1.2"))
    config = load_config(write_config(tmp_path, master_data=REAL / "masterdata"))
    (entry,) = extract_file(config, pdf, channel="email", sender="purchasing@tristate-supply.example")["orders"]
    order = entry["order"]
    assert order["status"] == "review"
    assert "LAYOUT-AMOUNT-UNNAMED" in {i["code"] for i in order["issues"] if i["severity"] == "error"}
    ok = printed_pdf("amtarith_extension_1", _page("Extension", "1"))
    (entry,) = extract_file(config, ok, channel="email", sender="purchasing@tristate-supply.example")["orders"]
    assert entry["order"]["status"] == "ready"
    assert [ln["amount"] for ln in entry["order"]["lines"]] == ["672.00", "269.70", "36.25"]


# --- a French totals block with a deposit: "Total HT / TVA 20 % / Montant TTC / Acompte versé / Net à payer" ------

FR_ITEMS = (("PC-12175", "Sel de déneigement en sac", "40", "kg", "0,62", "24,80"),
            ("PC-12168", "Chemises cartonnées couleurs assorties", "12", "PAQ", "12,40", "148,80"))


def _fr_block(rows: tuple[tuple[str, str], ...]) -> str:
    items = "".join(f"<tr><td>{c}</td><td>{d}</td><td class=num>{q}</td><td>{u}</td><td class=num>{p}</td>"
                    f"<td class=num>{a}</td></tr>" for c, d, q, u, p, a in FR_ITEMS)
    block = "".join(f"<tr><td>{label}</td><td class=num>{value} €</td></tr>" for label, value in rows)
    return (f"<html><head><meta charset=utf-8><style>{CSS}</style></head><body><p><b>Pharmacie du Centre</b><br>"
            f"2 place de la République<br>59000 Lille</p><h2>Bon de commande n° PC70912</h2><p>Date : 04/12/2026<br>"
            f"Livraison souhaitée : 11/12/2026</p><table style='width:100%' border=1><tr><th>Réf.</th>"
            f"<th>Désignation</th><th>Qté</th><th>Unité</th><th>P.U. HT</th><th>Montant HT</th></tr>{items}</table>"
            f"<table style='margin-left:auto;margin-top:10px'>{block}</table></body></html>")


DEPOSIT_BLOCKS = {
    "acompte": (("Total HT", "173,60"), ("TVA 20 %", "34,72"), ("Montant TTC", "208,32"), ("Acompte versé", "62,50"),
                ("Net à payer", "145,82")),
    "reste": (("Total HT", "173,60"), ("TVA 20 %", "34,72"), ("Total TTC", "208,32"), ("Déjà réglé", "100,00"),
              ("Reste à payer", "108,32")),
    "sans": (("Total HT", "173,60"), ("TVA 20 %", "34,72"), ("Net à payer", "208,32")),
}


@pytest.mark.parametrize("name", sorted(DEPOSIT_BLOCKS))
def test_a_french_block_with_a_deposit_adds_up_and_the_order_stays_whole(name: str) -> None:
    order = _read(f"frdeposit_{name}", _fr_block(DEPOSIT_BLOCKS[name]))
    assert [p.code for p in order.problems if p.code == "TOTAL-MISMATCH"] == []
    assert order.total == Decimal("173.60") and not order.allowances  # a deposit is no discount of the order


def test_a_net_to_pay_that_the_deposit_does_not_explain_holds_the_order() -> None:
    rows = (("Total HT", "173,60"), ("TVA 20 %", "34,72"), ("Montant TTC", "208,32"), ("Acompte", "62,50"),
            ("Net à payer", "154,82"))  # 9.00 too much
    order = _read("frdeposit_wrong", _fr_block(rows))
    assert "TOTAL-MISMATCH" in {p.code for p in order.problems}


@pytest.mark.parametrize("label,role", [
    ("Acompte versé", "paid"), ("Arrhes", "paid"), ("Déjà réglé", "paid"), ("Anzahlung", "paid"),
    ("abzgl. Anzahlung", "paid"), ("Less deposit", "paid"), ("Deposit paid", "paid"), ("Amount paid", "paid"),
    ("Net à payer", "gross"), ("Reste à payer", "gross"), ("Montant TTC", "gross"), ("Restbetrag", "gross"),
    ("Balance due", "gross"), ("Total HT", "net")])
def test_deposit_and_amount_due_rows_have_their_roles(label: str, role: str) -> None:
    from extractors.capture.block_sums import row_role

    assert row_role(label, Decimal("10")) == role


def test_a_sheet_block_with_a_deposit_is_checked_the_same_way() -> None:
    from extractors.capture.block_sums import block_rows, check_block

    rows = [("Total HT", Decimal("173.60")), ("TVA 20 %", Decimal("34.72")), ("Total TTC", Decimal("208.32")),
            ("Anzahlung", Decimal("-50.00")), ("Zahlbetrag", Decimal("158.32"))]
    assert check_block(block_rows(rows), Decimal("173.60"), 2).problems == []
    rows[-1] = ("Zahlbetrag", Decimal("208.32"))  # the deposit not taken off: the block does not add up
    assert check_block(block_rows(rows), Decimal("173.60"), 2).problems
    plain = [("Total HT", Decimal("173.60")), ("Acompte", Decimal("50.00")), ("Total", Decimal("123.60"))]
    assert check_block(block_rows(plain), Decimal("173.60"), 2).problems  # a plain total under a payment: unsure


# --- the order date on the line under its label, right-aligned under the PO (NetSuite, Cegid) -------------------

STACKED = {"en": ("Purchase Order", "PO #", "4711", "Date", "04/12/2026", "Expected Receipt", "18/12/2026"),
           "fr": ("Bon de commande", "N° commande", "BC-26-0412", "Date", "04/12/2026", "Date de livraison", "11/12/2026"),
           "de": ("Bestellung", "Bestell-Nr.", "4500012604", "Datum", "04.12.2026", "Liefertermin", "11.12.2026")}


def _stacked(lang: str) -> str:
    title, po_label, po, date_label, ordered, due_label, due = STACKED[lang]
    small = "font-size:8pt;color:#555"
    items = "".join(f"<tr><td>{c}</td><td>{d}</td><td class=num>{q}</td><td>{u}</td><td class=num>{p}</td>"
                    f"<td class=num>{a}</td></tr>" for c, d, q, u, p, a in FR_ITEMS)
    return (f"<html><head><meta charset=utf-8><style>{CSS}</style></head><body><table style='width:100%'><tr><td>"
            f"<b>Pharmacie du Centre</b><br>2 place de la République<br>59000 Lille</td><td style='text-align:right;"
            f"vertical-align:top'><div style='font-size:18pt'>{title}</div><div style='{small}'>{po_label}</div>"
            f"<div>{po}</div><div style='{small}'>{date_label}</div><div>{ordered}</div></td></tr></table>"
            f"<p><span style='{small}'>{due_label}</span><br>{due}</p><table style='width:100%;margin-top:12px'>"
            f"<tr><th>Item</th><th>Description</th><th>Qty</th><th>Unit</th><th>Price</th><th>Amount</th></tr>{items}"
            f"</table></body></html>")


@pytest.mark.parametrize("lang", sorted(STACKED))
def test_an_order_date_under_its_label_right_aligned_under_the_po_is_read(lang: str) -> None:
    from datetime import date

    loc = {"en": "en_GB", "fr": "fr_FR", "de": "de_DE"}[lang]
    pdf = printed_pdf(f"stackeddate_{lang}", _stacked(lang))
    order = PdfTextExtractor().extract(pdf.read_bytes(), ExtractHints(filename=pdf.name, locale=loc)).orders[0]
    assert order.po_number == STACKED[lang][2]
    assert order.order_date == date(2026, 12, 4)


# --- Calc order sheets exported to PDF with the quantity first or the columns in another order ------------------

CALC_COLS = sorted((REAL / "calc_cols").glob("*.pdf"))


@pytest.mark.parametrize("doc", CALC_COLS, ids=lambda p: p.stem)
def test_a_calc_sheet_with_the_quantity_first_or_columns_in_another_order_is_read(doc: Path) -> None:
    """"25|AP-12034": the right-aligned quantity cell a few points from the left-aligned code of the next cell;
    the sheet wider than the page, its price columns printed on page 2."""
    import json

    truth = json.loads(doc.with_suffix(".json").read_text(encoding="utf-8"))
    order = PdfTextExtractor().extract(doc.read_bytes(), ExtractHints(filename=doc.name)).orders[0]
    got = [{"customer_item": ln.customer_item, "quantity": str(ln.quantity), "uom": ln.uom,
            "unit_price": str(ln.unit_price), "amount": str(ln.amount)} for ln in order.lines]
    assert got == truth["lines"]
    assert not [p.code for p in order.problems if p.code in ("LAYOUT-ROW-UNREAD", "LINE-UNREAD")]


def test_a_wide_sheets_header_values_printed_on_page_two_are_read_beside_their_labels() -> None:
    """Calc prints a sheet too wide for the paper across pages: 'Bestellnummer' and 'Bestelldatum' on page 1, their
    values in column D on page 2 ('CC-873', '04.12.2026'), the prices on page 3. Page 2 stands between page 1 and the
    page that continues it across, its rows at page 1's heights and its own titles ('Kostenstelle | Sachkonto') at
    the height of page 1's: it is joined across too, so the PO and the order date are read (bench hand-in,
    calc_wide13)."""
    doc = REAL / "calc_cols" / "wide13_de.pdf"
    order = PdfTextExtractor().extract(doc.read_bytes(), ExtractHints(filename=doc.name)).orders[0]
    from datetime import date

    assert (order.po_number, order.order_date) == ("CC-873", date(2026, 12, 4))
    assert "LAYOUT-NO-PO" not in {p.code for p in order.problems}


# --- a sheet counting both cases and pieces: "Cases | Per case | Qty" ------------------------------------------

@pytest.mark.parametrize("titles", [("Cases", "Per case", "Qty"), ("Colis", "Par colis", "Quantité"),
                                    ("Packs", "Units per pack", "Quantity"), ("Qty", "Cases", "Per case")])
def test_a_plain_quantity_title_beside_a_count_of_cases_is_the_quantity(titles: tuple[str, str, str]) -> None:
    import io

    import openpyxl

    from extractors.sheet.sheet import EXTRACTOR

    plain = next(n for n, t in enumerate(titles) if t in ("Qty", "Quantité", "Quantity"))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Purchase Order"])
    ws.append(["PO Number", "PO-7781"])
    ws.append([])
    ws.append(["Item", "Description", *titles, "Price"])
    for code, text, cases, per, price in (("SKU-1003", "Stapler", 4, 12, 2.75), ("SKU-1002", "Pens", 2, 10, 0.85)):
        counts = {"cases": cases, "per": per, "qty": cases * per}
        cells = [counts["qty"] if n == plain else counts["cases"] if "as" in t.lower() or t in ("Colis", "Packs")
                 else counts["per"] for n, t in enumerate(titles)]
        ws.append([code, text, *cells, price])
    out = io.BytesIO()
    wb.save(out)
    (order,) = EXTRACTOR.extract(out.getvalue(), ExtractHints(filename="po.xlsx")).orders
    assert [(ln.customer_item or ln.sku, ln.quantity) for ln in order.lines] == [("SKU-1003", 48), ("SKU-1002", 20)]


def test_a_count_of_cases_alone_is_the_quantity() -> None:
    import io

    import openpyxl

    from extractors.sheet.sheet import EXTRACTOR

    wb = openpyxl.Workbook()
    ws = wb.active
    for row in (["PO Number", "PO-7782"], [], ["Item", "Description", "Cases", "Price / case"],
                ["SKU-1003", "Stapler", 4, 33.00]):
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    (order,) = EXTRACTOR.extract(out.getvalue(), ExtractHints(filename="po.xlsx")).orders
    assert [ln.quantity for ln in order.lines] == [4]


# --- a question or condition typed in a Word order form's note ----------------------------------------------

def _docx_form(note: str | None, lang: str = "en") -> bytes:
    import io

    import docx

    d = docx.Document()
    d.add_heading({"en": "Purchase Order", "de": "Bestellung"}[lang], 1)
    d.add_paragraph({"en": "PO Number: PO-88412\nOrder date: 04/12/2026\nDelivery date: 14/12/2026",
                     "de": "Bestellnummer: 4500088412\nDatum: 04.12.2026\nLiefertermin: 14.12.2026"}[lang])
    t = d.add_table(rows=1, cols=5)
    for c, title in enumerate({"en": ("Item", "Description", "Qty", "Unit price", "Amount"),
                               "de": ("Art.-Nr.", "Bezeichnung", "Menge", "Einzelpreis", "Gesamt")}[lang]):
        t.rows[0].cells[c].text = title
    for values in (("SKU-1005", "Toner cartridge black", "3", "89.90", "269.70"),
                   ("SKU-1002", "Ballpoint pens blue", "20", "0.85", "17.00")):
        for c, v in enumerate(values):
            t.add_row() if c == 0 else None
            t.rows[-1].cells[c].text = v if lang == "en" else v.replace(".", ",")
    d.add_paragraph({"en": "Total: 286.70", "de": "Summe netto: 286,70"}[lang])
    if note:
        d.add_paragraph(note)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


@pytest.mark.parametrize("note,lang,code", [
    ("Note: Can you confirm whether the toner is the high-yield version before shipping? If not, please call me "
     "first.", "en", "QUESTION-TYPED"),
    ("Wichtig: Keine Teillieferungen! Bitte nur komplett liefern.", "de", "QUESTION-TYPED")])
def test_a_question_or_condition_in_a_word_forms_note_holds_the_order(note: str, lang: str, code: str) -> None:
    from extractors.office.word import EXTRACTOR as WORD

    (order,) = WORD.extract(_docx_form(note, lang), ExtractHints(filename="po.docx")).orders
    assert len(order.lines) == 2
    assert code in {p.code for p in order.problems}
    (plain,) = WORD.extract(_docx_form(None, lang), ExtractHints(filename="po.docx")).orders
    assert not {p.code for p in plain.problems} & {"QUESTION-TYPED", "CHANGE-TYPED", "CANCEL-TYPED"}


# --- a Belgian sheet's header labels in two languages --------------------------------------------------------

def test_header_labels_written_in_two_languages_name_their_values() -> None:
    import io
    from datetime import date, datetime

    import openpyxl

    from extractors.sheet.sheet import EXTRACTOR

    wb = openpyxl.Workbook()
    ws = wb.active
    for row in (["Bon de commande / Bestelbon"], [], ["Numéro / Nummer", "RB-88240"],
                ["Date / Datum", datetime(2026, 12, 4)], ["Livraison / Levering :", datetime(2026, 12, 11)], [],
                ["Référence", "Désignation", "Quantité", "Prix unitaire", "Montant"],
                ["SKU-1003", "Agrafeuse", 12, 2.75, 33.00]):
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    (order,) = EXTRACTOR.extract(out.getvalue(), ExtractHints(filename="bc.xlsx", locale="fr_BE")).orders
    assert (order.po_number, order.order_date, order.requested_delivery_date) == (
        "RB-88240", date(2026, 12, 4), date(2026, 12, 11))


# --- free text under a sheet's items ------------------------------------------------------------------------

@pytest.mark.parametrize("note,code", [
    ("Deliver to: Acme Industrial Supply Inc - Milwaukee DC, 2500 W Industrial Dr, Milwaukee, WI 53204", "CHANGE-TYPED"),
    ("Remarque : merci de nous appeler avant expédition pour confirmer le prix des cartouches.", "PRICE-REQUEST"),
    ("Bitte vor dem Versand anrufen: keine Teillieferungen!", "QUESTION-TYPED")])
def test_free_text_under_a_sheets_items_is_read_as_a_note(note: str, code: str) -> None:
    import io

    import openpyxl

    from extractors.sheet.sheet import EXTRACTOR

    def sheet(extra: str | None) -> bytes:
        wb = openpyxl.Workbook()
        ws = wb.active
        for row in (["Purchase Order"], ["PO Number", "PO-7791"], [], ["Item", "Description", "Qty", "Price", "Amount"],
                    ["SKU-1003", "Stapler", 12, 2.75, 33.00], [None, None, None, "Total", 33.00], [],
                    ["Payment 30 days net. All deliveries are subject to our general terms and conditions."]):
            ws.append(row)
        if extra:
            ws.append([extra])
        out = io.BytesIO()
        wb.save(out)
        return out.getvalue()

    (order,) = EXTRACTOR.extract(sheet(note), ExtractHints(filename="po.xlsx")).orders
    assert code in {p.code for p in order.problems}
    (plain,) = EXTRACTOR.extract(sheet(None), ExtractHints(filename="po.xlsx")).orders
    assert not [p for p in plain.problems if p.severity == "error"]
