"""Review revC's defects in issue 17's and 18's work (typed e-mails and Chromium prints made here): what went
out wrong holds with a named reason, what was held for nothing goes through. Through the gateway's extract path
with the shipped master data (one test adds a colour variant of a product)."""

from __future__ import annotations

import hashlib
import shutil
from datetime import datetime, timezone
from pathlib import Path

import pytest

from tests.printed import printed_pdf

REPO = Path(__file__).resolve().parents[1]
ACME, DUPONT, MUELLER, RETAIL = ("purchasing@acme-industrial.example", "commandes@dupont-fournitures.example",
                                 "bestellung@mueller-buero.example", "orders@retail-brussels.example")


def _ctx(root: Path, extra_products: str = ""):
    from gateway.app import build_context
    from gateway.config import load_config
    from testkit.harness import write_config

    md = root / "masterdata"
    shutil.copytree(REPO / "mappings" / "masterdata", md)
    if extra_products:
        with (md / "products.csv").open("a", encoding="utf-8") as f:
            f.write(extra_products)
    return build_context(load_config(write_config(root / "gw", master_data=md)))


@pytest.fixture(scope="module")
def ctx(tmp_path_factory: pytest.TempPathFactory):
    return _ctx(tmp_path_factory.mktemp("revc"))


@pytest.fixture(scope="module")
def variant_ctx(tmp_path_factory: pytest.TempPathFactory):
    return _ctx(tmp_path_factory.mktemp("revc_variant"), "SKU-1005K,,Toner cartridge black XL,C62,79.00,printing\n")


def run(ctx, data: bytes, sender: str, name: str, channel: str = "smtp") -> list[dict]:
    from gateway.oneshot import extract_bytes
    from gateway.store.journal import DocumentRecord, new_id

    doc = DocumentRecord(id=new_id(), sha256=hashlib.sha256(data).hexdigest(), size=len(data), channel=channel,
                         received_at=datetime(2026, 12, 7, 10, tzinfo=timezone.utc), sender=sender, filename=name)
    out = extract_bytes(ctx, data, doc)

    def walk(r):
        for o in r.get("orders") or []:
            yield o["order"]
        for c in (r.get("children") or []) + (r.get("parts") or []):
            yield from walk(c)
    return list(walk(out))


def mail(ctx, sender: str, body: str, subject: str = "Order") -> dict:
    text = (f"From: {sender}\nTo: orders@gateway.example\nSubject: {subject}\nDate: Mon, 07 Dec 2026 09:12:00 -0000\n"
            f"Message-ID: <{hashlib.sha1(body.encode()).hexdigest()}@revc>\nContent-Type: text/plain; charset=\"utf-8\"\n"
            f"Content-Transfer-Encoding: 8bit\nMIME-Version: 1.0\n\n{body}\n")
    (order,) = run(ctx, text.encode("utf-8"), sender, "order.eml")
    return order


def errors(order: dict) -> set[str]:
    return {i["code"] for i in order["issues"] if i["severity"] == "error"}


def held(order: dict) -> bool:
    return order["status"] != "ready"


# --- D1: a code run into its description, cut before a capital that may be the code's own ------------------------

_SAPB1 = ("<html><head><meta charset=utf-8><style>body{font-family:Arial;font-size:9pt;margin:0} table{border-collapse:"
          "collapse} td,th{padding:3px 6px;vertical-align:top} .g td{border:1px solid #999}</style></head>"
          "<body style='padding:25px'><table style='width:100%'><tr><td><b style='font-size:13pt'>Acme Industrial Supply "
          "Inc</b><br>1 Industrial Estate<br>Tel. 555-0100</td><td style='text-align:right'><b style='font-size:16pt'>"
          "Purchase Order</b></td></tr></table><table style='width:100%;margin-top:15px'><tr><td style='width:55%'>"
          "Papeterie Fournisseur SA<br>4 avenue du Commerce<br>69003 Lyon</td><td><table class=g><tr><td>No.</td><td>"
          "40791</td></tr><tr><td>Date</td><td>12/04/2026</td></tr><tr><td>Delivery Date</td><td>12/18/2026</td></tr>"
          "</table></td></tr></table><table style='width:100%;margin-top:20px'><tr style='background:#ddd'><td>#</td>"
          "<td style='padding:0'>Item No.</td><td style='padding-left:0px'>Description</td><td style='text-align:right'>"
          "Quantity</td><td>Unit</td><td style='text-align:right'>Price</td><td style='text-align:right'>Total (LC)</td>"
          "</tr>{rows}</table><table style='margin-left:55%;width:45%;margin-top:10px'><tr><td><b>Total Payment Due</b>"
          "</td><td style='text-align:right'><b>USD {total}</b></td></tr></table></body></html>")


def _sap_row(n: int, code: str, desc: str, qty: str, unit: str, price: str, amount: str) -> str:
    return (f"<tr><td>{n}</td><td style='padding:0;text-align:right;width:62px;white-space:nowrap'>{code}</td><td style='padding:0 6px 0 0'>{desc}</td>"
            f"<td style='text-align:right'>{qty}</td><td>{unit}</td><td style='text-align:right'>USD {price}</td>"
            f"<td style='text-align:right'>USD {amount}</td></tr>")


def _b1_print() -> bytes:
    rows = _sap_row(1, "SKU-1005K", "Toner cartridge black XL", "2.00", "EA", "79.00", "158.00") + \
        _sap_row(2, "SKU-1003", "Lever arch file A4 80mm", "4.00", "EA", "2.75", "11.00")
    return printed_pdf("revc_b1_glued_letter", _SAPB1.replace("{rows}", rows).replace("{total}", "169.00")).read_bytes()


def test_a_code_whose_last_letter_runs_into_the_description_holds_when_that_letter_names_another_product(
        variant_ctx) -> None:
    """"SKU-1005KToner" in the text layer: SKU-1005 and SKU-1005K are both products: held, never SKU-1005."""
    (order,) = run(variant_ctx, _b1_print(), ACME, "po.pdf")
    assert held(order)
    assert "ITEM-READINGS-CONFLICT" in {i["code"] for i in order["issues"]}
    assert order["lines"][0]["sku"] != "SKU-1005" or held(order)


def test_a_code_cut_before_a_capital_holds_when_only_the_cut_code_is_known(ctx) -> None:
    """"SKU-1005K" printed, only SKU-1005 known: the known code is a prefix of the printed one, never taken silently."""
    (order,) = run(ctx, _b1_print(), ACME, "po.pdf")
    assert held(order) and "ITEM-READINGS-CONFLICT" in {i["code"] for i in order["issues"]}


# --- D3 / D7: French receiving remarks that order goods, or refuse the date asked ---------------------------------

def _fr(remark: str, date: str = "22/12/2026") -> str:
    return (f"Bonjour,\n\nCommande n° DF-77{int(hashlib.sha1(remark.encode()).hexdigest(), 16) % 1000:03d} :\n\n- 4 x SKU-1002\n\n{remark}\n\n"
            f"Date de livraison : {date}\n\nCordialement,\nMarie Dupont")


@pytest.mark.parametrize("remark", [
    "Livraison au quai 2 avec onze boîtes de trombones",
    "Livraison sur rendez-vous, merci d'ajouter une agrafeuse",
    "Réception de 8h à 12h, 3 à 4 cartons de ramettes en plus",
    "Livraison à quai de quarante enveloppes kraft",
])
def test_a_receiving_remark_that_counts_or_names_goods_is_no_note(ctx, remark: str) -> None:
    order = mail(ctx, DUPONT, _fr(remark))
    assert held(order) and "LINE-UNREAD" in errors(order)


@pytest.mark.parametrize("remark", ["Livraison à quai entre 7h et 11h.", "Merci de prendre un rendez-vous 24h avant",
                                    "Réception des marchandises de 8 à 12 et de 14 à 17"])
def test_a_plain_receiving_remark_stays_a_note(ctx, remark: str) -> None:
    order = mail(ctx, DUPONT, _fr(remark))
    assert order["status"] == "ready" and remark in order["notes"]


@pytest.mark.parametrize("remark, date", [
    ("Pas de livraison le mardi.", "22/12/2026"),  # a Tuesday
    ("Aucune livraison les mercredis, merci.", "23/12/2026"),
    ("Pas de livraison en décembre, merci.", "22/12/2026"),
    ("Pas de livraison avant la rentrée de janvier.", "22/12/2026"),
])
def test_a_remark_refusing_the_dates_weekday_or_month_holds(ctx, remark: str, date: str) -> None:
    order = mail(ctx, DUPONT, _fr(remark, date))
    assert held(order) and "DATE-REMARK-CONFLICT" in errors(order)


@pytest.mark.parametrize("remark", ["Pas de livraison le lundi.", "Pas de livraison en janvier."])
def test_a_refusal_of_another_day_or_month_is_a_note(ctx, remark: str) -> None:
    order = mail(ctx, DUPONT, _fr(remark, "22/12/2026"))
    assert "DATE-REMARK-CONFLICT" not in errors(order)
    assert order["status"] == "ready"


# --- D4: the customer's town named only to exclude it, or beside another place -------------------------------------

def _rb(sentence: str, po: str) -> str:
    return f"Hello,\n\nPO {po}\n{sentence}\n- 5 x ABC1234\nDelivery date: 21.12.2026\n\nRegards,\nJan Peeters"


@pytest.mark.parametrize("sentence", [
    "Ship this one to our Ghent depot instead of our Brussels address.",
    "Not to our Brussels address please, our Leuven site takes it.",
    "Veuillez livrer à notre entrepôt de Namur plutôt qu'à notre adresse de Bruxelles.",
    "Bitte nicht an unsere Adresse in Brüssel liefern, sondern an das Lager in Gent.",
    "Our Brussels address is shut for stocktaking, please use our Mechelen warehouse.",
    "Please deliver to our new Leuven address.",
])
def test_a_customers_town_named_beside_a_negation_or_another_place_holds(ctx, sentence: str) -> None:
    order = mail(ctx, RETAIL, _rb(sentence, "RB-7" + hashlib.sha1(sentence.encode()).hexdigest()[:3]))
    assert held(order) and "SHIP-TO-UNSURE" in errors(order)


def test_the_customers_own_town_address_alone_still_goes_there(ctx) -> None:
    order = mail(ctx, RETAIL, _rb("Please deliver to our Brussels address as always.", "RB-7999"))
    assert order["status"] == "ready" and order["ship_to"] is None


# --- D5: a printed note with the ship-to's street in another town -------------------------------------------------

def _po_with_note(note: str, po: str) -> bytes:
    html = ("<html><head><meta charset=utf-8><style>body{font-family:Arial;font-size:10pt} table{border-collapse:collapse}"
            " td,th{padding:3px 8px;border-bottom:1px solid #ccc}</style></head><body style='padding:25px'>"
            "<b style='font-size:14pt'>Acme Industrial Supply Inc</b><br>100 Main St<br>Chicago, IL 60601<br><br>"
            f"<h2>PURCHASE ORDER</h2>PO Number: {po}<br>Order Date: 12/03/2026<br>Delivery Date: 12/21/2026<br><br>"
            "<b>Ship to:</b><br>Acme Industrial Supply Inc<br>1200 Commerce Drive<br>Springfield, IL 62704<br><br>"
            "<table style='width:100%'><tr><th style='text-align:left'>Item</th><th style='text-align:left'>Description"
            "</th><th style='text-align:right'>Quantity</th><th style='text-align:right'>Unit Price</th>"
            "<th style='text-align:right'>Amount</th></tr><tr><td>SKU-1003</td><td>Lever arch file A4 80mm</td>"
            "<td style='text-align:right'>40</td><td style='text-align:right'>2.75</td><td style='text-align:right'>"
            "110.00</td></tr></table><br><div style='text-align:right'>Total: USD 110.00</div><br>"
            f"<b>Notes:</b> {note}</body></html>")
    return printed_pdf(f"revc_note_{po.lower()}", html).read_bytes()


@pytest.mark.parametrize("note, po", [
    ("Please deliver the goods to 1200 Commerce Drive, Peoria (our second plant).", "AC-78312"),
    ("Kindly deliver to 1200 Commerce Drive, Springfield, OH.", "AC-78314"),
])
def test_a_note_sending_the_goods_to_the_same_street_in_another_town_holds(ctx, note: str, po: str) -> None:
    (order,) = run(ctx, _po_with_note(note, po), ACME, "po.pdf")
    assert held(order) and "CHANGE-TYPED" in errors(order)


def test_a_note_repeating_the_ship_tos_own_street_and_town_is_no_change(ctx) -> None:
    note = "Deliver to 1200 Commerce Drive, Springfield, IL 62704, dock 2."
    (order,) = run(ctx, _po_with_note(note, "AC-78313"), ACME, "po.pdf")
    assert "CHANGE-TYPED" not in errors(order)


# --- D6: a slash line whose description orders more ---------------------------------------------------------------

def _mb(line: str) -> str:
    po = "MB-7" + hashlib.sha1(line.encode()).hexdigest()[:4]
    return f"Guten Tag,\n\nBestellung {po}\n\n{line}\n\nLiefertermin: 21.12.2026\n\nMfG\nK. Müller"


@pytest.mark.parametrize("line", ["8 / MB-4711 / Ordner A4 blau, zusätzlich drei Locher / 2,75",
                                  "8 / MB-4711 / Ordner A4 sechs Stück / 2,75",
                                  "8 / MB-4711 / Ordner A4 dazu ein Hefter / 2,75"])
def test_a_slash_line_whose_description_orders_more_is_shown(ctx, line: str) -> None:
    order = mail(ctx, MUELLER, _mb(line))
    assert held(order) and "LINE-UNREAD" in errors(order)


def test_a_plain_slash_line_is_read(ctx) -> None:
    order = mail(ctx, MUELLER, _mb("8 / MB-4711 / Ordner A4 blau / 2,75"))
    assert order["status"] == "ready"
    assert [(ln["sku"], ln["quantity"]) for ln in order["lines"]] == [("SKU-1003", "8")]


# --- D8: an earlier call-off's number is no release of this order ---------------------------------------------------

@pytest.mark.parametrize("text", [
    "Rahmenbestellung RB-2000, Abruf 12.\nAbruf Nr. 11 ist schon geliefert worden.",
    "Bestellung 4500012399 zu Rahmenauftrag 4500099100.\nDer vorige Abruf Nr. 6 war unvollständig.",
    "PO 5505 under blanket order BO-8812.\nRelease no. 3 was delivered last week, thank you.",
])
def test_a_release_named_only_as_past_or_beside_a_bare_call_off_holds(ctx, text: str) -> None:
    order = mail(ctx, MUELLER, f"Guten Tag,\n\n{text}\n- 5 x MB-4711\nLiefertermin: 21.12.2026\n\nMfG\nK. Müller")
    assert held(order) and "RELEASE-UNSURE" in errors(order)
    assert "release" not in order["references"]


def test_a_release_alone_is_still_this_orders(ctx) -> None:
    order = mail(ctx, MUELLER, "Guten Tag,\n\nBestellung 4500012398, Abruf Nr. 7 zu Rahmenauftrag 4500099100.\n"
                               "- 5 x MB-4711\nLiefertermin: 21.12.2026\n\nMfG\nK. Müller")
    assert order["references"].get("release") == "7"
    assert "RELEASE-UNSURE" not in errors(order)


# --- D9: a grey field label that is a mark word ("Revision", "Projet") -------------------------------------------

_ODOO = "<html><head><meta charset=utf-8><style>body{font-family:Lato,Roboto,Arial;font-size:10pt;margin:0} table{border-collapse:collapse} td,th{padding:3px 6px;vertical-align:top}</style></head><body style='padding:20px'>\n<div style='display:flex;justify-content:space-between;border-bottom:2px solid #875A7B'><div><b style='font-size:14pt'>Acme Industrial Supply Inc</b><br>100 Main St<br>Purchasing department</div><div style='text-align:right'>Tel +1 312 555 0100<br>purchasing@acme-industrial.example</div></div>\n<div style='margin-left:55%;margin-top:20px'>Papeterie Fournisseur SA<br>4 avenue du Commerce<br>69003 Lyon<br>France</div>\n<div style='margin-top:10px'><b>Shipping address:</b><br>Acme Industrial Supply Inc<br>100 Main St<br>Chicago, IL 60601</div>\n<h2 style='margin-top:25px'>Purchase Order #P04803</h2>\n<div style='display:flex;gap:60px'><div><b>Purchase Representative:</b><br>Mitchell Admin</div><div><b>Order Date:</b><br>12/04/2026 10:21:00</div></div>\n<table style='width:100%;margin-top:20px'><thead><tr style='border-bottom:2px solid #000'><th style='text-align:left'>Description</th><th style='text-align:left'>Date Req.</th><th style='text-align:right'>Qty</th><th style='text-align:right'>Unit Price</th><th style='text-align:left'>Taxes</th><th style='text-align:right'>Amount</th></tr></thead><tbody><tr style='border-bottom:1px solid #ddd'><td style='width:40%'>[SKU-1004] Stapler heavy duty</td><td>01/08/2027</td><td style='text-align:right'>25.00 Units</td><td style='text-align:right'>18.00</td><td>20%</td><td style='text-align:right;'>$ 450.00</td></tr><tr style='border-bottom:1px solid #ddd'><td style='width:40%'>[SKU-1002] Ballpoint pen blue (pack of 10)</td><td>01/08/2027</td><td style='text-align:right'>40.00 Pack</td><td style='text-align:right'>3.90</td><td>20%</td><td style='text-align:right;'>$ 156.00</td></tr></tbody></table>\n<table style='margin-left:60%;width:40%;margin-top:10px'><tr style='border-top:1px solid #000'><td><b>Untaxed Amount</b></td><td style='text-align:right'>$ 606.00</td></tr>\n<tr><td>Taxes</td><td style='text-align:right'>$ 0.00</td></tr>\n<tr style='border-top:1px solid #000'><td><b>Total</b></td><td style='text-align:right'>$ 606.00</td></tr></table>\n</body></html>"


def _odoo(po: str, block: str = "", stamp: str = "") -> bytes:
    html = _ODOO.replace("#P04803", "#" + po).replace(
        "<div><b>Order Date:</b>", block + "<div><b>Order Date:</b>").replace("</body>", stamp + "</body>")
    return printed_pdf(f"revc_odoo_{po.lower()}", html).read_bytes()


@pytest.mark.parametrize("po, label, value, sep", [("P34811", "Projet", "Agrandissement dépôt Nord", "<br>"),
                                                   ("P34812", "Revision", "2", " "),
                                                   ("P34813", "Revision", "A", "<br>")])
def test_a_grey_field_label_over_its_value_is_no_mark(ctx, po: str, label: str, value: str, sep: str) -> None:
    block = f"<div><span style='color:#888'>{label}</span>{sep}{value}</div>"
    (order,) = run(ctx, _odoo(po, block=block), ACME, "po.pdf")
    assert order["status"] == "ready", order["issues"]


def test_a_small_grey_stamp_alone_still_marks_the_order(ctx) -> None:
    stamp = "<div style='position:absolute;top:20px;right:40px;color:#999;font-size:11pt'>PROJET</div>"
    (order,) = run(ctx, _odoo("P34814", stamp=stamp), ACME, "po.pdf")
    assert held(order) and "DRAFT-MARKED" in errors(order)


# --- D10: a PO number with a two-digit suffix is no amount ----------------------------------------------------------

def test_an_amount_needs_its_thousands_separator_past_three_digits() -> None:
    from extractors.capture.header_fields import DECIMAL_AMOUNT
    assert all(DECIMAL_AMOUNT.fullmatch(v) for v in ("150.00", "1,234.50", "2.985,00", "12 500,00"))
    assert not any(DECIMAL_AMOUNT.fullmatch(v) for v in ("4711.01", "104550.01", "52310,02"))


@pytest.mark.parametrize("po", ["52310.02", "4712.01"])
def test_a_po_number_with_a_position_suffix_is_read_beside_its_no_label(ctx, po: str) -> None:
    rows = _sap_row(1, "SKU-1003", "Lever arch file A4 80mm", "4.00", "EA", "2.75", "11.00")
    html = _SAPB1.replace("40791", po).replace("{rows}", rows).replace("{total}", "11.00")
    (order,) = run(ctx, printed_pdf(f"revc_b1_po_{po}", html).read_bytes(), ACME, "po.pdf")
    assert order["po_number"] == po
    assert "PO-MISSING" not in errors(order)


# --- D11: a delivery block whose first line is a cost centre ----------------------------------------------------

def _kst_po(po: str, block: str) -> bytes:
    html = ("<html><head><meta charset=utf-8><style>body{font-family:Arial;font-size:10pt} table{border-collapse:collapse}"
            " td,th{padding:3px 8px;border-bottom:1px solid #ccc}</style></head><body style='padding:25px'>"
            "<b style='font-size:14pt'>Müller Bürobedarf GmbH</b><br>Hauptstraße 5<br>80331 München<br><br>"
            f"<h2>BESTELLUNG</h2>Bestellnummer: {po}<br>Bestelldatum: 03.12.2026<br>Liefertermin: 21.12.2026<br><br>"
            f"{block}<br><br><table style='width:100%'><tr><th style='text-align:left'>Artikel</th>"
            "<th style='text-align:left'>Bezeichnung</th><th style='text-align:right'>Menge</th><th style='text-align:right'>"
            "Einzelpreis</th><th style='text-align:right'>Betrag</th></tr><tr><td>SKU-1003</td><td>Ordner A4 80mm</td>"
            "<td style='text-align:right'>20</td><td style='text-align:right'>2,75</td><td style='text-align:right'>55,00"
            "</td></tr></table><br><div style='text-align:right'>Gesamtbetrag netto: EUR 55,00</div></body></html>")
    return printed_pdf(f"revc_kst_{po.lower()}", html).read_bytes()


def test_a_delivery_block_opening_with_a_cost_centre_is_read_with_the_cost_centre_aside(ctx) -> None:
    block = "<b>Lieferadresse:</b> Kst. 7720<br>Müller Bürobedarf GmbH<br>Außenlager Nord<br>Industriering 40<br>93055 Regensburg"
    (order,) = run(ctx, _kst_po("MB-55210", block), MUELLER, "po.pdf")
    assert order["status"] == "ready", order["issues"]
    ship = order["ship_to"]
    assert (ship["postcode"], ship["city"], ship["name"]) == ("93055", "Regensburg", "Müller Bürobedarf GmbH")
    assert "Industriering 40" in ship["street"] and "7720" in (ship["contact"] or "")


# --- D12: "Cases | Units/Case | Quantity" in a plain printed table --------------------------------------------------

@pytest.mark.parametrize("po, per", [("AC-77301", "Units/Case"), ("AC-77302", "Pcs/Case")])
def test_a_count_per_case_titled_with_a_slash_is_no_quantity(ctx, po: str, per: str) -> None:
    head = "".join(f"<th style='text-align:{a}'>{t}</th>" for t, a in (
        ("Item", "left"), ("Description", "left"), ("Cases", "right"), (per, "right"), ("Quantity", "right"),
        ("Unit Price", "right"), ("Amount", "right")))
    rows = "".join("<tr>" + "".join(f"<td style='text-align:{'left' if k < 2 else 'right'}'>{v}</td>"
                                    for k, v in enumerate(r)) + "</tr>" for r in (
        ("SKU-1003", "Lever arch file A4 80mm", "4", "20", "80", "2.75", "220.00"),
        ("SKU-1005", "Toner cartridge black", "1", "6", "6", "79.00", "474.00")))
    html = ("<html><head><meta charset=utf-8><style>body{font-family:Arial;font-size:10pt} table{border-collapse:collapse}"
            " td,th{padding:3px 8px;border-bottom:1px solid #ccc}</style></head><body style='padding:25px'>"
            "<b style='font-size:14pt'>Acme Industrial Supply Inc</b><br>100 Main St<br>Chicago, IL 60601<br><br>"
            f"<h2>PURCHASE ORDER</h2>PO Number: {po}<br>Order Date: 12/03/2026<br>Delivery Date: 12/21/2026<br><br>"
            f"<table style='width:100%'><tr>{head}</tr>{rows}</table><br>"
            "<div style='text-align:right'>Total: USD 694.00</div></body></html>")
    (order,) = run(ctx, printed_pdf(f"revc_cases_{po.lower()}", html).read_bytes(), ACME, "po.pdf")
    assert [(ln["sku"], ln["quantity"]) for ln in order["lines"]] == [("SKU-1003", "80"), ("SKU-1005", "6")]
    assert order["status"] == "ready", order["issues"]
