"""Purchase orders as ERP systems print them, as HTML for Chromium to print: the sources of the checked-in prints
``tests/test_erp_prints.py`` reads (issue 18, the outside tester's classes).

Four families, in fr/de/en over the trust master data (``testkit.trust_corpus``: customers T1-T4, products
TP-1001..TP-1006):

* ``odoo``: Odoo's purchase-order report (company header, "Purchase Order #P00042", "Order Date" or "Order Deadline",
  Description / Date Req. / Qty / Unit Price / Taxes / Amount, the product as "[CODE] Name", "40.00 Units"
  right-aligned, the amount "$ 260.00" in a narrow cell);
* ``sapb1``: SAP Business One (a ruled key-value grid "No. | Date | Delivery Date", the item code printed against its
  description, money as "USD 4.50" in ruled cells);
* ``sapr3``: SAP R/3 / S/4 (fixed-width text, "PO number/date", a delivery-date sub-row under each item, a price
  per a number of units: "1.200,00 je 100 ST");
* ``fixed``: a public-sector procurement PO typed in fixed-width columns under a rule of dashes.
"""

from __future__ import annotations

import html as H
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from testkit.trust_corpus import CUSTOMERS, PRODUCTS, TrustCustomer

FR, IE, US, DE = CUSTOMERS
LANG = {FR: "fr", IE: "en", US: "us", DE: "de"}
PRICE = {p.sku: p.price for p in PRODUCTS}
UOM = {p.sku: p.uom for p in PRODUCTS}
NAMES = {"TP-1001": {"en": "Desk lamp, LED, black", "fr": "Lampe de bureau LED noire", "de": "Schreibtischleuchte LED schwarz"},
         "TP-1002": {"en": "Stapler heavy duty metal", "fr": "Agrafeuse métal grande capacité", "de": "Heftgerät Metall"},
         "TP-1003": {"en": "Ballpoint pens blue, box of 10", "fr": "Stylos bille bleus, boîte de 10", "de": "Kugelschreiber blau, 10er Box"},
         "TP-1004": {"en": "Network cable Cat6 grey", "fr": "Câble réseau Cat6 gris", "de": "Netzwerkkabel Cat6 grau"},
         "TP-1005": {"en": "Copy paper A4 80g, carton of 5 reams", "fr": "Papier copieur A4 80g, carton de 5 ramettes",
                     "de": "Kopierpapier A4 80g, Karton mit 5 Pack"},
         "TP-1006": {"en": "Sticky notes yellow 76x76", "fr": "Notes repositionnables jaunes 76x76", "de": "Haftnotizen gelb 76x76"}}
LONG = {"en": " - please deliver in original packaging, labelled with our PO number and cost centre",
        "fr": " - merci de livrer dans l'emballage d'origine, étiqueté avec notre numéro de commande",
        "de": " - bitte in Originalverpackung liefern, mit unserer Bestellnummer beschriftet"}
UNIT = {"TP-1001": {"en": "Units", "fr": "Unité(s)", "de": "Stk", "sap": "ST", "gov": "EA"},
        "TP-1002": {"en": "Units", "fr": "Unité(s)", "de": "Stk", "sap": "ST", "gov": "EA"},
        "TP-1003": {"en": "Box", "fr": "Boîte(s)", "de": "Box", "sap": "BOX", "gov": "BX"},
        "TP-1004": {"en": "m", "fr": "m", "de": "m", "sap": "M", "gov": "MTR"},
        "TP-1005": {"en": "Carton", "fr": "Carton(s)", "de": "Kart", "sap": "KAR", "gov": "CT"},
        "TP-1006": {"en": "Pack", "fr": "Paquet(s)", "de": "Pkg", "sap": "PAK", "gov": "PK"}}
ADDR = {FR: ["Entrepôt B, 12 rue des Lilas", "69003 Lyon"], IE: ["Unit 4, 8 Dock Street", "Dublin 2, D02 X285"],
        US: ["1200 Commerce Drive", "Springfield, IL 62704"], DE: ["Werkstraße 7, Tor 3", "20095 Hamburg"]}


@dataclass
class ErpOrder:
    customer: TrustCustomer
    po: str
    order_date: date
    requested: date
    lines: list[tuple[str, int]]  # (sku, quantity in the product's unit)
    wrap: bool = False  # long descriptions, wrapped in their cells
    per: int = 1  # SAP R/3: the price printed per this many units

    @property
    def lang(self) -> str:
        return LANG[self.customer]


def money(v: Decimal, lang: str) -> str:
    s = f"{v:,.2f}"
    if lang == "fr":
        return s.replace(",", " ").replace(".", ",")
    if lang == "de":
        return s.replace(",", "X").replace(".", ",").replace("X", ".")
    return s


def written_date(d: date, lang: str) -> str:
    return d.strftime({"us": "%m/%d/%Y", "de": "%d.%m.%Y"}.get(lang, "%d/%m/%Y"))


CSS = "body{font-family:%s;font-size:%s;margin:0} table{border-collapse:collapse} td,th{padding:3px 6px;vertical-align:top}"


def odoo(o: ErpOrder, deadline: bool = False) -> str:
    lang = o.lang
    L = "en" if lang == "us" else lang
    T = {"en": ("Purchase Order #", "Order Deadline:" if deadline else "Order Date:", "Purchase Representative:",
                "Shipping address:", "Description", "Date Req.", "Qty", "Unit Price", "Taxes", "Amount", "Untaxed Amount",
                "Taxes", "Total"),
         "fr": ("Bon de commande n°", "Date limite de commande :" if deadline else "Date de commande :", "Acheteur :",
                "Adresse de livraison :", "Description", "Date prévue", "Qté", "Prix unitaire", "Taxes", "Montant",
                "Montant hors taxes", "Taxes", "Total"),
         "de": ("Bestellung Nr. ", "Bestellfrist:" if deadline else "Bestelldatum:", "Einkaufsvertreter:", "Lieferadresse:",
                "Beschreibung", "Benötigt am", "Menge", "Einzelpreis", "Steuern", "Betrag", "Nettobetrag", "Steuern",
                "Gesamt")}[L]
    tax = {"en": "20%", "fr": "20 %", "de": "19% Vorsteuer"}[L]
    cur = "$" if lang == "us" else "€"

    def amount(v: Decimal) -> str:
        return f"{cur} {money(v, lang)}" if lang == "us" else f"{money(v, lang)} {cur}"
    rows, total = "", Decimal(0)
    for i, (sku, q) in enumerate(o.lines):
        price = PRICE[sku]
        total += price * q
        name = NAMES[sku][L] + (LONG[L] if o.wrap and i % 2 == 0 else "")
        rows += (f"<tr style='border-bottom:1px solid #ddd'><td style='width:40%'>[{sku}] {H.escape(name)}</td>"
                 f"<td>{written_date(o.requested, lang)}</td><td style='text-align:right'>{money(Decimal(q), lang)} "
                 f"{UNIT[sku][L]}</td><td style='text-align:right'>{money(price, lang)}</td><td>{tax}</td>"
                 f"<td style='text-align:right'>{amount(price * q)}</td></tr>")
    domain = o.customer.email.split("@")[1]
    return f"""<html><head><meta charset=utf-8><style>{CSS % ('Lato,Roboto,Arial', '10pt')}</style></head><body style='padding:20px'>
<div style='display:flex;justify-content:space-between;border-bottom:2px solid #875A7B'><div><b style='font-size:14pt'>{H.escape(o.customer.name)}</b><br>12 Harbour Road<br>Purchasing department</div><div style='text-align:right'>Tel +00 1 234 567<br>purchasing@{domain}</div></div>
<div style='margin-left:55%;margin-top:20px'>Papeterie Fournisseur SA<br>4 avenue du Commerce<br>69003 Lyon<br>France</div>
<div style='margin-top:10px'><b>{T[3]}</b><br>{H.escape(o.customer.name)}<br>{'<br>'.join(ADDR[o.customer])}</div>
<h2 style='margin-top:25px'>{T[0]}{o.po}</h2>
<div style='display:flex;gap:60px'><div><b>{T[2]}</b><br>Mitchell Admin</div><div><b>{T[1]}</b><br>{written_date(o.order_date, lang)} 10:21:00</div></div>
<table style='width:100%;margin-top:20px'><thead><tr style='border-bottom:2px solid #000'><th style='text-align:left'>{T[4]}</th><th style='text-align:left'>{T[5]}</th><th style='text-align:right'>{T[6]}</th><th style='text-align:right'>{T[7]}</th><th style='text-align:left'>{T[8]}</th><th style='text-align:right'>{T[9]}</th></tr></thead><tbody>{rows}</tbody></table>
<table style='margin-left:60%;width:40%;margin-top:10px'><tr style='border-top:1px solid #000'><td><b>{T[10]}</b></td><td style='text-align:right'>{amount(total)}</td></tr>
<tr><td>{T[11]}</td><td style='text-align:right'>{amount(Decimal(0))}</td></tr>
<tr style='border-top:1px solid #000'><td><b>{T[12]}</b></td><td style='text-align:right'>{amount(total)}</td></tr></table>
</body></html>"""


def sapb1(o: ErpOrder, ruled: bool = True) -> str:
    """``ruled``: the item table drawn as a grid, its "Item No. / Description" title over both columns; else no
    rules, each its own title (the code printed against the description: "TP-1005Copy paper" in the text layer)."""
    lang = o.lang
    L = "en" if lang == "us" else lang
    T = {"en": ("Purchase Order", "No.", "Date", "Delivery Date", "Vendor Code", "#", "Item No.", "Description", "Quantity",
                "Unit", "Price", "Total (LC)", "Total Before Discount", "Tax", "Total Payment Due"),
         "fr": ("Commande d'achat", "N°", "Date", "Date de livraison", "Code fournisseur", "#", "N° article", "Description",
                "Quantité", "Unité", "Prix", "Total (DI)", "Total avant remise", "TVA", "Total à payer"),
         "de": ("Bestellung", "Nr.", "Datum", "Lieferdatum", "Lieferantennr.", "#", "Artikelnr.", "Beschreibung", "Menge",
                "ME", "Preis", "Gesamt (HW)", "Summe vor Rabatt", "Steuer", "Gesamtsumme")}[L]
    cur = "USD" if lang == "us" else "EUR"
    rows, total = "", Decimal(0)
    for i, (sku, q) in enumerate(o.lines):
        price = PRICE[sku]
        total += price * q
        name = NAMES[sku][L] + (LONG[L] if o.wrap and i % 2 == 1 else "")
        rows += (f"<tr><td>{i + 1}</td><td style='padding:0;text-align:right;width:62px'>{sku}</td>"
                 f"<td style='padding:0 6px 0 0'>{H.escape(name)}</td><td style='text-align:right'>{money(Decimal(q), lang)}</td>"
                 f"<td>{UNIT[sku]['de' if L == 'de' else 'gov']}</td><td style='text-align:right'>{cur} {money(price, lang)}</td>"
                 f"<td style='text-align:right'>{cur} {money(price * q, lang)}</td></tr>")
    zero = money(Decimal(0), lang)
    items = f"<table style='width:100%;margin-top:20px' class=g><tr style='background:#ddd'><td>{T[5]}</td><td colspan=2>{T[6]} / {T[7]}</td>"
    if not ruled:
        items = (f"<table style='width:100%;margin-top:20px'><tr style='background:#ddd'><td>{T[5]}</td>"
                 f"<td style='padding:0'>{T[6]}</td><td>{T[7]}</td>")
    return f"""<html><head><meta charset=utf-8><style>{CSS % ('Arial', '9pt')} .g td{{border:1px solid #999}}</style></head><body style='padding:25px'>
<table style='width:100%'><tr><td><b style='font-size:13pt'>{H.escape(o.customer.name)}</b><br>1 Industrial Estate<br>Tel. 555-0100</td><td style='text-align:right'><b style='font-size:16pt'>{T[0]}</b></td></tr></table>
<table style='width:100%;margin-top:15px'><tr><td style='width:55%'>Papeterie Fournisseur SA<br>4 avenue du Commerce<br>69003 Lyon</td>
<td><table class=g><tr><td>{T[1]}</td><td>{o.po}</td></tr><tr><td>{T[2]}</td><td>{written_date(o.order_date, lang)}</td></tr><tr><td>{T[3]}</td><td>{written_date(o.requested, lang)}</td></tr><tr><td>{T[4]}</td><td>V10023</td></tr></table></td></tr></table>
{items}<td style='text-align:right'>{T[8]}</td><td>{T[9]}</td><td style='text-align:right'>{T[10]}</td><td style='text-align:right'>{T[11]}</td></tr>{rows}</table>
<table style='margin-left:55%;width:45%;margin-top:10px'><tr><td>{T[12]}</td><td style='text-align:right'>{cur} {money(total, lang)}</td></tr><tr><td>{T[13]}</td><td style='text-align:right'>{cur} {zero}</td></tr><tr><td><b>{T[14]}</b></td><td style='text-align:right'><b>{cur} {money(total, lang)}</b></td></tr></table>
</body></html>"""


def monospace(text: str) -> str:
    return ("<html><head><meta charset=utf-8></head><body style='margin:30px'><pre style='font-family:\"DejaVu Sans Mono\","
            f"Courier,monospace;font-size:9pt'>{H.escape(text)}</pre></body></html>")


def sapr3(o: ErpOrder, unit_of_price: str | None = None) -> str:
    """``unit_of_price``: the unit printed after the price's basis, when not the line's own ("je 1 KAR")."""
    lang = o.lang
    L = "en" if lang == "us" else lang
    num = "de" if L in ("de", "fr") else "en"
    T = {"de": ("Bestellung", "Bestellnummer/Datum", "Pos.  Material       Bezeichnung", "Bestellmenge", "Preis", "Nettowert",
                "Lieferdatum: T", "je", "Gesamtnettowert ohne Mwst EUR", "Lieferanschrift:"),
         "en": ("Purchase order", "PO number/date", "Item  Material       Description", "Order qty.", "Price", "Net value",
                "Delivery date: D", "per", "Total net value excl. tax " + ("USD" if lang == "us" else "EUR"), "Delivery address:"),
         "fr": ("Commande d'achat", "N° commande/date", "Poste Article        Désignation", "Qté commandée", "Prix",
                "Valeur nette", "Date de livraison : J", "par", "Valeur nette totale HT EUR", "Adresse de livraison :")}[L]
    out = [f"{o.customer.name:<50}{T[0]}", f"{'1 Industrial Estate':<50}{T[1]}",
           f"{'':<50}{o.po} / {written_date(o.order_date, lang)}", "",
           f"{'Papeterie Fournisseur SA':<50}{'Ihre Lieferantennummer bei uns' if L == 'de' else 'Your vendor number with us'}",
           f"{'4 avenue du Commerce':<50}100234", f"{'69003 Lyon':<50}", "", T[9], f"  {o.customer.name}",
           *("  " + a for a in ADDR[o.customer]), ""]
    header = f"{T[2]:<52}{T[3]:>14} ME  {T[4]:>12} {'':>9} {T[5]:>12}"
    out += [header, "-" * len(header)]
    total = Decimal(0)
    for i, (sku, q) in enumerate(o.lines):
        price = PRICE[sku]
        total += price * q
        name, unit = NAMES[sku][L], UNIT[sku]["sap"]
        out.append(f"{(i + 1) * 10:05d} {sku:<14}{name[:31]:<32}{money(Decimal(q), num):>14} {unit:<4}"
                   f"{money(price * o.per, num):>12} {T[7]} {o.per:>3} {unit_of_price or unit:<3} {money(price * q, num):>12}")
        if len(name) > 31:
            out.append(f"{'':20}{name[31:]}")
        if o.wrap:
            out.append(f"{'':20}{LONG[L][3:60]}")
        out += [f"      {T[6]} {written_date(o.requested, lang)}", ""]
    out += ["-" * len(header), f"{T[8]:<{len(header) - 14}}{money(total, num):>14}"]
    return monospace("\n".join(out))


def fixed_width(o: ErpOrder) -> str:
    lang = o.lang
    L = "en" if lang == "us" else lang
    T = {"en": ("PURCHASE ORDER", "P.O. NUMBER:", "ORDER DATE:", "DELIVER BY:", "LINE", "ITEM NO.", "DESCRIPTION", "QTY", "UOM",
                "UNIT COST", "EXTENDED", "TOTAL", "SHIP TO:", "VENDOR:", "DEPARTMENT OF PUBLIC WORKS - CENTRAL PROCUREMENT"),
         "fr": ("BON DE COMMANDE", "N° COMMANDE :", "DATE COMMANDE :", "LIVRER AVANT LE :", "LIGNE", "RÉF.", "DÉSIGNATION", "QTÉ",
                "UNITÉ", "P.U. HT", "MONTANT HT", "TOTAL HT", "LIVRER À :", "FOURNISSEUR :", "SERVICE DES ACHATS PUBLICS"),
         "de": ("BESTELLSCHEIN", "BESTELL-NR.:", "BESTELLDATUM:", "LIEFERTERMIN:", "POS", "ART.-NR.", "BEZEICHNUNG", "MENGE", "ME",
                "EINZELPREIS", "GESAMTPREIS", "GESAMT NETTO", "LIEFERN AN:", "LIEFERANT:", "ZENTRALE VERGABESTELLE")}[L]
    out = [f"{o.customer.name.upper():^96}", f"{T[14]:^96}", "", f"{T[0]:^96}", "",
           f"{T[1]:<18}{o.po:<30}{T[2]:<18}{written_date(o.order_date, lang)}",
           f"{T[13]:<18}{'PAPETERIE FOURNISSEUR SA':<30}{T[3]:<18}{written_date(o.requested, lang)}",
           f"{'':<18}{'4 AVENUE DU COMMERCE, 69003 LYON':<30}",
           f"{T[12]:<18}{ADDR[o.customer][0].upper():<30}", f"{'':<18}{ADDR[o.customer][1].upper():<30}", ""]
    out += [f"{T[4]:<6}{T[5]:<11}{T[6]:<36}{T[7]:>7} {T[8]:<6}{T[9]:>12}{T[10]:>14}",
            " ".join("-" * w for w in (5, 10, 35, 7, 5, 11, 13))]
    total = Decimal(0)
    for i, (sku, q) in enumerate(o.lines):
        price = PRICE[sku]
        total += price * q
        name = NAMES[sku][L].upper() + (LONG[L].upper() if o.wrap and i % 3 == 0 else "")
        chunks = [name[k:k + 35] for k in range(0, len(name), 35)]
        out.append(f"{i + 1:04d}  {sku:<11}{chunks[0]:<36}{q:>7} {UNIT[sku]['gov']:<6}{money(price, lang):>12}"
                   f"{money(price * q, lang):>14}")
        out += [f"{'':17}{c}" for c in chunks[1:]]
    out += ["", f"{'':<60}{T[11]:<12}{money(total, lang):>24}"]
    return monospace("\n".join(out))


def business_central(o: ErpOrder) -> str:
    """Dynamics 365 Business Central's purchase order (English report): a key-value block beside the vendor, the titles
    bottom-aligned over their columns ("Direct Unit Cost Excl. Tax" wrapped in a narrow cell), the code wrapped at its
    hyphen in a narrow "No." column."""
    lang = "us" if o.customer is US else "en"
    cur = o.customer.currency
    rows = "".join(f"<tr><td>{sku}</td><td>{H.escape(NAMES[sku]['en'])}</td><td style='text-align:right'>{q}</td>"
                   f"<td>{UNIT[sku]['sap']}</td><td style='text-align:right'>{money(PRICE[sku], 'en')}</td>"
                   f"<td style='text-align:right'>{money(PRICE[sku] * q, 'en')}</td></tr>" for sku, q in o.lines)
    net = sum((PRICE[sku] * q for sku, q in o.lines), Decimal(0))
    vat = (net * Decimal("0.23")).quantize(Decimal("0.01"))
    return f"""<html><head><meta charset=utf-8><style>{CSS % ('Segoe UI,Arial', '10pt')} body{{padding:24px}}
th{{border-bottom:1px solid #000;vertical-align:bottom;text-align:left;padding:3px 6px}}</style></head><body>
<div style='display:flex;justify-content:space-between'><div><b>{H.escape(o.customer.name)}</b><br>{H.escape(ADDR[o.customer][0])}
<br>{H.escape(ADDR[o.customer][1])}</div><div><h2 style='margin:0'>Purchase Order</h2>Page 1</div></div><br>
<div style='display:flex;justify-content:space-between'><div>Meridian Office Supply Ltd<br>Unit 4 Kestrel Park<br>Reading RG2 0QF</div>
<table style='width:45%'><tr><td>Document Date</td><td>{written_date(o.order_date, lang)}</td></tr><tr><td>Number</td><td>{o.po}</td></tr>
<tr><td>Expected Receipt Date</td><td>{written_date(o.requested, lang)}</td></tr><tr><td>Purchaser</td><td>Aoife Byrne</td></tr></table></div><br>
<table style='width:100%'><tr><th>No.</th><th>Description</th><th style='text-align:right'>Quantity</th><th>Unit of Measure</th>
<th style='text-align:right'>Direct Unit Cost Excl. Tax</th><th style='text-align:right'>Amount Excl. Tax</th></tr>{rows}</table>
<table style='width:40%;margin-left:60%'><tr><td>Total {cur} Excl. VAT</td><td style='text-align:right'>{money(net, 'en')}</td></tr>
<tr><td>23% VAT</td><td style='text-align:right'>{money(vat, 'en')}</td></tr><tr><td><b>Total {cur} Incl. VAT</b></td>
<td style='text-align:right'><b>{money(net + vat, 'en')}</b></td></tr></table></body></html>"""


def netsuite(o: ErpOrder) -> str:
    """NetSuite's purchase order: the letterhead's address at the left, the title, the number and the date with no
    label stacked at the top right ("Purchase Order" / "#PO-26-01873" / "12/3/2026"), "Receive By" in a small grid."""
    lang = "us" if o.customer is US else "en"
    rows = "".join(f"<tr><td>{sku}</td><td>{q}</td><td>{H.escape(NAMES[sku]['en'])}</td><td>{UNIT[sku]['en']}</td>"
                   f"<td style='text-align:right'>{money(PRICE[sku], 'en')}</td><td style='text-align:right'>"
                   f"{money(PRICE[sku] * q, 'en')}</td></tr>" for sku, q in o.lines)
    net = sum((PRICE[sku] * q for sku, q in o.lines), Decimal(0))
    day = f"{o.order_date.month}/{o.order_date.day}/{o.order_date.year}" if lang == "us" else \
        f"{o.order_date.day}/{o.order_date.month}/{o.order_date.year}"
    return f"""<html><head><meta charset=utf-8><style>{CSS % ('Helvetica,Arial', '10pt')} body{{padding:24px}}
th{{background:#607799;color:#fff;text-align:left;padding:3px 6px}}</style></head><body>
<div style='display:flex;justify-content:space-between'><div><b>{H.escape(o.customer.name)}</b><br>{H.escape(ADDR[o.customer][0])}<br>
{H.escape(ADDR[o.customer][1])}<br>{'United States' if lang == 'us' else 'Ireland'}</div>
<div style='text-align:right'><span style='font-size:20pt'>Purchase Order</span><br><b>#{o.po}</b><br>{day}</div></div><br>
<table style='width:60%'><tr><td><b>Vendor</b><br>Meridian Office Supply Ltd<br>Unit 4 Kestrel Park<br>Reading RG2 0QF</td>
<td><b>Ship To</b><br>{H.escape(o.customer.name)}<br>{H.escape(ADDR[o.customer][0])}<br>{H.escape(ADDR[o.customer][1])}</td></tr></table><br>
<table style='width:100%'><tr><th>Receive By</th><th>Terms</th><th>Memo</th></tr><tr><td>{written_date(o.requested, lang)}</td>
<td>Net 30</td><td>Restock</td></tr></table><br>
<table style='width:100%'><tr><th>Item</th><th>Qty</th><th>Description</th><th>Units</th><th>Rate</th><th>Amount</th></tr>{rows}</table>
<p style='text-align:right'><b>Total {money(net, 'en')}</b></p></body></html>"""


MOIS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre",
        "décembre")


def woocommerce(o: ErpOrder, shipping: Decimal = Decimal("12.00")) -> str:
    """WooCommerce's French "new order" e-mail printed: '[Commande n°8841] (4 décembre 2026)' over the items (code in
    the product's name), then 'Sous-total', 'Expédition : 12,00 € via Forfait', 'Moyen de paiement', 'Total'."""
    rows = "".join(f"<tr><td>{H.escape(NAMES[sku]['fr'])} (SKU : {sku})</td><td>{q}</td><td>{money(PRICE[sku] * q, 'fr')}&nbsp;€"
                   f"</td></tr>" for sku, q in o.lines)
    net = sum((PRICE[sku] * q for sku, q in o.lines), Decimal(0))
    d = o.order_date
    return f"""<html><head><meta charset=utf-8><style>{CSS % ('Helvetica Neue,Arial', '10pt')} body{{padding:24px}}
td,th{{border:1px solid #e5e5e5;text-align:left;padding:4px 6px}} table{{width:100%}}</style></head><body>
<div style='background:#7f54b3;color:#fff;padding:20px;font-size:20pt'>Nouvelle commande : #{o.po}</div>
<p>Vous avez reçu la commande suivante de Marie Dupont :</p>
<h3 style='color:#7f54b3'>[Commande n°{o.po}] ({d.day} {MOIS[d.month - 1]} {d.year})</h3>
<table><tr><th>Produit</th><th>Quantité</th><th>Prix</th></tr>{rows}
<tr><th colspan=2>Sous-total :</th><td>{money(net, 'fr')}&nbsp;€</td></tr>
<tr><th colspan=2>Expédition :</th><td>{money(shipping, 'fr')}&nbsp;€ <small>via Forfait</small></td></tr>
<tr><th colspan=2>Moyen de paiement :</th><td>Virement bancaire</td></tr>
<tr><th colspan=2>Total :</th><td>{money(net + shipping, 'fr')}&nbsp;€</td></tr></table>
<h3 style='color:#7f54b3'>Adresse de livraison</h3><address>{H.escape(o.customer.name)}<br>{H.escape(ADDR[o.customer][0])}<br>
{H.escape(ADDR[o.customer][1])}</address></body></html>"""


def shopify(o: ErpOrder) -> str:
    """Shopify's order confirmation printed: cards of the item's name and its count ('Toner cartridge black × 3'), the
    line's amount right of it, 'SKU: X' under it; 'Placed on December 4, 2026'."""
    cards = "".join(f"<div style='display:flex;justify-content:space-between;border-bottom:1px solid #ddd;padding:8px 0'>"
                    f"<div><div>{H.escape(NAMES[sku]['en'])} × {q}</div><div style='color:#777'>SKU: {sku}</div></div>"
                    f"<div>${money(PRICE[sku] * q, 'en')}</div></div>" for sku, q in o.lines)
    net = sum((PRICE[sku] * q for sku, q in o.lines), Decimal(0))
    d = o.order_date
    return f"""<html><head><meta charset=utf-8><style>{CSS % ('Helvetica,Arial', '10pt')} body{{padding:24px}}</style></head><body>
<h2>{H.escape(o.customer.name)} order confirmation</h2><p>Order #{o.po}<br>Placed on {d.strftime('%B')} {d.day}, {d.year}</p>
<h3>Order summary</h3>{cards}<p>Subtotal ${money(net, 'en')}<br>Shipping $0.00<br><b>Total ${money(net, 'en')} USD</b></p>
<h3>Shipping address</h3><p>{H.escape(o.customer.name)}<br>{H.escape(ADDR[o.customer][0])}<br>{H.escape(ADDR[o.customer][1])}</p>
</body></html>"""


def karton_order(o: ErpOrder, unit_word: str = "Karton") -> str:
    """A German order form printed from a browser: 'Pos. | Art.-Nr. | Bezeichnung | Menge | ME | Einzelpreis |
    Gesamtpreis', the pens sold by the box (BX) written in ``unit_word`` ("Karton", "KAR") at the box's price."""
    def unit(sku: str) -> str:
        return unit_word if sku == "TP-1003" else UNIT[sku]["de"]
    rows = "".join(f"<tr><td>{n}</td><td>{sku}</td><td>{H.escape(NAMES[sku]['de'])}</td><td style='text-align:right'>{q}</td>"
                   f"<td>{unit(sku)}</td><td style='text-align:right'>{money(PRICE[sku], 'de')}</td>"
                   f"<td style='text-align:right'>{money(PRICE[sku] * q, 'de')}</td></tr>" for n, (sku, q) in enumerate(o.lines, 1))
    net = sum((PRICE[sku] * q for sku, q in o.lines), Decimal(0))
    return f"""<html><head><meta charset=utf-8><style>{CSS % ('Arial', '10pt')} body{{padding:24px}} table{{width:100%}}
th{{border-bottom:1px solid #000;text-align:left;padding:3px 6px}}</style></head><body>
<b>{H.escape(o.customer.name)}</b><br>{H.escape(ADDR[o.customer][0])}, {H.escape(ADDR[o.customer][1])}<br><h2>Bestellung</h2>
<table style='width:50%'><tr><td>Bestellnummer:</td><td>{o.po}</td></tr><tr><td>Bestelldatum:</td><td>{written_date(o.order_date, 'de')}</td></tr>
<tr><td>Liefertermin:</td><td>{written_date(o.requested, 'de')}</td></tr></table><br>
<table><tr><th>Pos.</th><th>Art.-Nr.</th><th>Bezeichnung</th><th>Menge</th><th>ME</th><th>Einzelpreis</th><th>Gesamtpreis</th></tr>{rows}</table>
<p style='text-align:right'>Gesamtbetrag netto: {money(net, 'de')} EUR</p></body></html>"""
