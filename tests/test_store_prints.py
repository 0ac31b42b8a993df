"""Own Chromium prints of the classes of review revP: a line table naming each line's store with its address and no
delivery block (held, the stores named); a store code column beside a delivery block (out); stacked labels under a
"Buyer: ..., office supplies team" line (out, dates read); a cut "Requisition number" beside the PO (out, the PO);
"Stückpreis | Zwischensumme | Rabatt | Nettobetrag" (the net is the line's amount)."""

from __future__ import annotations

from datetime import date

from testkit.erp_prints import CSS, DE, FR, IE, ErpOrder
from tests.test_erp_prints import codes, config_path, extract  # noqa: F401 (the fixture)


def _page(body: str) -> str:
    return (f"<html><head><meta charset=utf-8><style>{CSS % ('Arial', '9pt')} body{{padding:24px}} "
            f".g td,.g th{{border:1px solid #999}}</style></head><body>{body}</body></html>")


def _row(*cells: str) -> str:
    return "<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"


def test_each_line_to_its_own_store_is_held_naming_the_stores(config_path, tmp_path):  # noqa: F811
    o = ErpOrder(FR, "PO81001", date(2026, 12, 3), date(2026, 12, 17), [("TP-1002", 2), ("TP-1006", 6)])
    html = _page("""<b>Papeterie Lenoir SARL</b><br>Service achats<h2>Bon de commande</h2>
<table><tr><td>N° de commande :</td><td>PO81001</td></tr><tr><td>Date :</td><td>03/12/2026</td></tr>
<tr><td>Date de livraison :</td><td>17/12/2026</td></tr></table><br>
<table style='width:100%' class=g><tr><th>Réf.</th><th>Désignation</th><th>Lieu de livraison</th><th>Qté</th><th>Unité</th>
<th>P.U. HT</th><th>Montant HT</th></tr>"""
                 + _row("TP-1002", "Agrafeuse métal", "Boutique Annecy<br>3 rue Royale, 74000 Annecy", "2", "Unité(s)", "12,00", "24,00")
                 + _row("TP-1006", "Notes repositionnables", "Boutique Chambéry<br>9 place Saint-Léger, 73000 Chambéry",
                        "6", "Paquet(s)", "4,50", "27,00")
                 + "</table><p style='text-align:right'>Total HT : 51,00 EUR</p>")
    got = extract(config_path, "store_lines_fr", html, o, tmp_path)
    assert got["status"] != "ready" and "SHIP-TO-UNSURE" in codes(got)
    said = " ".join(i["message"] for i in got["issues"] if i["code"] == "SHIP-TO-UNSURE")
    assert "Annecy" in said and "Chambéry" in said


def test_storage_location_codes_are_no_address(config_path, tmp_path):  # noqa: F811
    o = ErpOrder(DE, "PO81002", date(2026, 12, 3), date(2026, 12, 17), [("TP-1002", 2), ("TP-1004", 10)])
    html = _page("""<b>Hansa Bürotechnik GmbH</b><br>Werkstraße 7<br>20095 Hamburg<h2>Bestellung</h2>
<table><tr><td>Bestellnummer:</td><td>PO81002</td></tr><tr><td>Bestelldatum:</td><td>03.12.2026</td></tr>
<tr><td>Liefertermin:</td><td>17.12.2026</td></tr></table>
<p><b>Lieferanschrift:</b><br>Hansa Bürotechnik GmbH<br>Werkstraße 7, Tor 3<br>20095 Hamburg</p>
<table style='width:100%' class=g><tr><th>Artikel</th><th>Bezeichnung</th><th>Filiale</th><th>Menge</th><th>Einheit</th>
<th>Preis</th><th>Betrag</th></tr>"""
                 + _row("TP-1002", "Heftgerät Metall", "Lager 01", "2", "Stk", "12,00", "24,00")
                 + _row("TP-1004", "Netzwerkkabel Cat6", "Lager 02", "10", "m", "1,20", "12,00")
                 + "</table><p style='text-align:right'>Summe netto: 36,00 EUR</p>")
    got = extract(config_path, "store_codes_de", html, o, tmp_path)
    assert "SHIP-TO-UNSURE" not in codes(got), got["issues"]


def test_stacked_labels_under_a_key_value_line_are_read(config_path, tmp_path):  # noqa: F811
    o = ErpOrder(IE, "PO-81003", date(2026, 12, 4), date(2026, 12, 18), [("TP-1002", 5)])
    html = _page("""<table style='width:100%'><tr><td><b>Dublin Office Supplies Ltd</b><br>Unit 4, 8 Dock Street<br>
Dublin 2, D02 X285</td><td style='width:35%'><b>Purchase Order No. PO-81003</b><br>Raised by: Ciara Walsh, stores team<br>
Order date<br>04/12/2026<br>Buyer: Conor Doyle, central purchasing<br>Delivery date<br>18/12/2026</td></tr></table>
<p><b>Delivery address:</b><br>Dublin Office Supplies Ltd<br>Unit 4, 8 Dock Street<br>Dublin 2, D02 X285</p>
<table style='width:100%'><tr style='border-bottom:1px solid #000'><th>Item</th><th>Description</th><th>Qty</th>
<th>Unit</th><th>Unit price</th><th>Amount</th></tr>"""
                 + _row("TP-1002", "Stapler heavy duty", "5", "Units", "12.00", "60.00")
                 + "</table><p style='text-align:right'>Net total: 60.00 EUR</p>")
    got = extract(config_path, "stacked_under_buyer_en", html, o, tmp_path)
    assert (got["order_date"], got["requested_delivery_date"]) == ("2026-12-04", "2026-12-18"), got["issues"]


def test_cut_requisition_label_is_no_po(config_path, tmp_path):  # noqa: F811
    clip = "style='max-width:64px;width:64px;overflow:hidden;white-space:nowrap'"
    o = ErpOrder(IE, "PO-81004", date(2026, 12, 4), date(2026, 12, 18), [("TP-1004", 20)])
    html = _page(f"""<b>Dublin Office Supplies Ltd</b><br>Unit 4, 8 Dock Street<br>Dublin 2, D02 X285
<h2>Purchase Order PO-81004</h2><table style='table-layout:fixed'><tr><td {clip}>Requisition ID</td><td>RQ-300912</td></tr>
<tr><td>Order date</td><td>04/12/2026</td></tr><tr><td>Delivery date</td><td>18/12/2026</td></tr></table>
<p><b>Delivery address:</b><br>Dublin Office Supplies Ltd<br>Unit 4, 8 Dock Street<br>Dublin 2, D02 X285</p>
<table style='width:100%'><tr style='border-bottom:1px solid #000'><th>Item</th><th>Description</th><th>Qty</th>
<th>Unit</th><th>Unit price</th><th>Amount</th></tr>"""
                 + _row("TP-1004", "Network cable Cat6", "20", "m", "1.20", "24.00")
                 + "</table><p style='text-align:right'>Net total: 24.00 EUR</p>")
    got = extract(config_path, "clip_requisition_id_en", html, o, tmp_path)
    assert got["po_number"] == "PO-81004"
    assert got["status"] == "ready", got["issues"]


def test_net_column_after_a_discount_is_the_line_amount(config_path, tmp_path):  # noqa: F811
    o = ErpOrder(DE, "PO81005", date(2026, 12, 3), date(2026, 12, 17), [("TP-1004", 100)])
    html = _page("""<b>Hansa Bürotechnik GmbH</b><br>Werkstraße 7<br>20095 Hamburg<h2>Bestellung</h2>
<table><tr><td>Bestellnummer:</td><td>PO81005</td></tr><tr><td>Bestelldatum:</td><td>03.12.2026</td></tr>
<tr><td>Liefertermin:</td><td>17.12.2026</td></tr></table>
<p><b>Lieferanschrift:</b><br>Hansa Bürotechnik GmbH<br>Werkstraße 7, Tor 3<br>20095 Hamburg</p>
<table style='width:100%'><tr style='border-bottom:1px solid #000'><th>Artikel</th><th>Bezeichnung</th><th>Menge</th>
<th>Einheit</th><th>Stückpreis</th><th>Teilsumme</th><th>Rabatt</th><th>Nettobetrag</th></tr>"""
                 + _row("TP-1004", "Netzwerkkabel Cat6", "100", "m", "1,20", "120,00", "10 %", "108,00")
                 + "</table><p style='text-align:right'>Summe netto: 108,00 EUR</p>")
    got = extract(config_path, "teilsumme_rabatt_de", html, o, tmp_path)
    assert [ln["amount"] for ln in got["lines"]] == ["108.00"]
    assert "TOTAL-MISMATCH" not in codes(got)
