"""Purchase orders as procurement portals, ERPs and web shops print them from a browser, as HTML for Chromium: the
sources of ``bench/make_real_extra.py --only portal`` (issue 18, the families nobody tuned the readers on first).

Each family is a function ``(order) -> html`` over the trust master data (``testkit.erp_prints``: customers T1-T4,
products TP-1001..TP-1006); ``FAMILIES`` names them with the customers whose language they print in:

* ``odoo2p``: Odoo's report in French or German, long enough to run over two pages (the table's header repeated by
  the browser on page 2, the totals there);
* ``ariba``: an Ariba-like German PO (the portal's cover text, "Lieferadresse" block, "Teilenummer / Beschreibung"
  with the description under the part number, money as "12,50 EUR");
* ``coupa``: a Coupa-like French PO (cover text, "Livrer à" block, "Ligne | Article | Qté | UdM | Prix | Total");
* ``sapscript``: a SAPscript-like French print in a proportional font, the total labelled "Valeur totale nette";
* ``magasin``: a French order form with a "Magasin" (store) column between description and quantity;
* ``unitprice``: a portal whose price column is headed "Preis/Einheit", "Preis je Einheit", "Prix/unité",
  "Price/Unit" or "Preis pro 100" (the price then for 100 units);
* ``clipped``: labels cut at their cell's edge by the print (``overflow:hidden``);
* ``sage``, ``navision``, ``magento``, ``jaggaer``, ``oracle``, ``lexware``: other producers' prints (Sage 100,
  Dynamics NAV, Magento's order view, a Jaggaer-like portal, Oracle iProcurement, Lexware's Bestellung).
"""

from __future__ import annotations

import html as H
from decimal import Decimal

from testkit.erp_prints import ADDR, CSS, DE, FR, IE, LONG, MOIS, NAMES, PRICE, UNIT, US, ErpOrder, money, written_date

MONATE = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November",
          "Dezember")
VENDOR = ("Papeterie Fournisseur SA", "4 avenue du Commerce", "69003 Lyon")


def _lang(o: ErpOrder) -> str:
    return {"us": "en"}.get(o.lang, o.lang)


def _name(o: ErpOrder, sku: str, i: int, every: int = 2) -> str:
    L = _lang(o)
    return NAMES[sku][L] + (LONG[L] if o.wrap and i % every == 0 else "")


def _net(o: ErpOrder) -> Decimal:
    return sum((PRICE[s] * q for s, q in o.lines), Decimal(0))


def _page(body: str, font: str = "Arial", size: str = "10pt", extra: str = "") -> str:
    return (f"<html><head><meta charset=utf-8><style>{CSS % (font, size)} body{{padding:24px}} {extra}</style></head>"
            f"<body>{body}</body></html>")


def _ship(o: ErpOrder) -> str:
    return "<br>".join(H.escape(x) for x in (o.customer.name, *ADDR[o.customer]))


def odoo2p(o: ErpOrder) -> str:
    """Odoo's purchase order, its letterhead, addresses and terms tall enough that the table breaks over two pages."""
    L = _lang(o)
    T = {"fr": ("Bon de commande n°", "Date de commande :", "Adresse de livraison :", "Description", "Date prévue", "Qté",
                "Prix unitaire", "Taxes", "Montant", "Montant hors taxes", "TVA 20 %", "Total",
                "Conditions générales d'achat : toute livraison doit être accompagnée d'un bon de livraison rappelant "
                "notre numéro de commande. Les factures sont payables à 45 jours fin de mois."),
         "de": ("Bestellung Nr. ", "Bestelldatum:", "Lieferadresse:", "Beschreibung", "Benötigt am", "Menge",
                "Einzelpreis", "Steuern", "Betrag", "Nettobetrag", "MwSt. 19 %", "Gesamt",
                "Allgemeine Einkaufsbedingungen: Jeder Lieferung ist ein Lieferschein mit unserer Bestellnummer "
                "beizulegen. Rechnungen sind zahlbar innerhalb von 30 Tagen netto.")}[L]
    rate = Decimal("0.20") if L == "fr" else Decimal("0.19")
    rows = ""
    for i, (sku, q) in enumerate(o.lines):
        price = PRICE[sku]
        rows += (f"<tr style='border-bottom:1px solid #ddd'><td style='width:40%'>[{sku}] {H.escape(_name(o, sku, i, 1))}"
                 f"</td><td>{written_date(o.requested, o.lang)}</td><td style='text-align:right'>"
                 f"{money(Decimal(q), o.lang)} {UNIT[sku][L]}</td><td style='text-align:right'>{money(price, o.lang)}</td>"
                 f"<td>{T[10]}</td><td style='text-align:right'>{money(price * q, o.lang)} €</td></tr>")
    net = _net(o)
    vat = (net * rate).quantize(Decimal("0.01"))
    spacer = "<div style='height:330px'></div>"
    return _page(f"""<div style='display:flex;justify-content:space-between;border-bottom:2px solid #875A7B'><div>
<b style='font-size:14pt'>{H.escape(o.customer.name)}</b><br>12 Harbour Road<br>Service achats</div><div style='text-align:right'>
Tel +00 1 234 567<br>{o.customer.email}</div></div>
<div style='margin-left:55%;margin-top:20px'>{'<br>'.join(VENDOR)}<br>France</div>
<div style='margin-top:10px'><b>{T[2]}</b><br>{_ship(o)}</div>{spacer}
<h2>{T[0]}{o.po}</h2><div><b>{T[1]}</b><br>{written_date(o.order_date, o.lang)} 09:12:00</div>
<table style='width:100%;margin-top:20px'><thead><tr style='border-bottom:2px solid #000'><th style='text-align:left'>{T[3]}</th>
<th style='text-align:left'>{T[4]}</th><th style='text-align:right'>{T[5]}</th><th style='text-align:right'>{T[6]}</th>
<th style='text-align:left'>{T[7]}</th><th style='text-align:right'>{T[8]}</th></tr></thead><tbody>{rows}</tbody></table>
<table style='margin-left:60%;width:40%;margin-top:10px'><tr style='border-top:1px solid #000'><td><b>{T[9]}</b></td>
<td style='text-align:right'>{money(net, o.lang)} €</td></tr><tr><td>{T[10]}</td><td style='text-align:right'>{money(vat, o.lang)} €</td></tr>
<tr style='border-top:1px solid #000'><td><b>{T[11]}</b></td><td style='text-align:right'>{money(net + vat, o.lang)} €</td></tr></table>
<p style='font-size:8pt;margin-top:30px'>{T[12]}</p>""", "Lato,Arial", "11pt", "tr{page-break-inside:avoid}")


def _cover(lang: str, portal: str) -> str:
    return {"de": f"Diese Bestellung wurde Ihnen über das {portal} Netzwerk übermittelt. Bitte bestätigen Sie die "
                  f"Bestellung im {portal} Portal. Antworten Sie nicht auf diese E-Mail.",
            "fr": f"Ce bon de commande vous a été transmis via {portal}. Merci de confirmer la commande depuis le "
                  f"portail fournisseur {portal}. Ne répondez pas à ce message.",
            "en": f"This purchase order was sent to you through the {portal} network. Please acknowledge it in "
                  f"the {portal} supplier portal. Do not reply to this message."}[lang]


def ariba(o: ErpOrder) -> str:
    """An Ariba-like German PO: cover text, the buyer's and the ship-to blocks side by side, the items with the part
    number over its description, a need-by date per line, money with its currency."""
    rows = ""
    for i, (sku, q) in enumerate(o.lines):
        rows += (f"<tr style='border-bottom:1px solid #ccc'><td>{i + 1}</td><td><b>{sku}</b><br>"
                 f"{H.escape(_name(o, sku, i))}</td><td>Material</td><td style='text-align:right'>{q}</td>"
                 f"<td>{UNIT[sku]['sap']}</td><td>{written_date(o.requested, 'de')}</td>"
                 f"<td style='text-align:right'>{money(PRICE[sku], 'de')} EUR</td>"
                 f"<td style='text-align:right'>{money(PRICE[sku] * q, 'de')} EUR</td></tr>")
    return _page(f"""<div style='background:#f2f2f2;padding:8px;font-size:9pt'>{_cover('de', 'SAP Ariba')}</div>
<h2>Bestellung: {o.po}</h2>
<table style='width:100%'><tr><td style='width:34%'><b>Von:</b><br>{H.escape(o.customer.name)}<br>Einkauf<br>
{o.customer.email}</td><td style='width:33%'><b>An:</b><br>{'<br>'.join(VENDOR)}</td>
<td><b>Lieferadresse:</b><br>{_ship(o)}<br>Deutschland</td></tr></table>
<table style='width:60%;margin-top:10px'><tr><td>Bestelldatum:</td><td>{written_date(o.order_date, 'de')}</td></tr>
<tr><td>Zahlungsbedingungen:</td><td>30 Tage netto</td></tr><tr><td>Lieferbedingungen:</td><td>DAP</td></tr></table>
<table style='width:100%;margin-top:14px'><tr style='background:#ddd'><th>Pos.</th><th style='text-align:left'>
Teilenummer / Beschreibung</th><th>Typ</th><th>Menge</th><th>Einheit</th><th>Lieferdatum</th><th>Stückpreis</th>
<th>Zwischensumme</th></tr>{rows}</table>
<p style='text-align:right'><b>Gesamtbetrag: {money(_net(o), 'de')} EUR</b></p>""", "Arial", "9pt")


def coupa(o: ErpOrder) -> str:
    """A Coupa-like French PO: cover text, the supplier, 'Livrer à' and 'Facturer à' blocks, then the lines."""
    rows = ""
    for i, (sku, q) in enumerate(o.lines):
        rows += (f"<tr style='border-bottom:1px solid #ccc'><td>{i + 1}</td><td>{H.escape(_name(o, sku, i))}<br>"
                 f"<small>Réf. fournisseur : {sku}</small></td><td style='text-align:right'>{q}</td>"
                 f"<td>{UNIT[sku]['fr']}</td><td>{written_date(o.requested, 'fr')}</td>"
                 f"<td style='text-align:right'>{money(PRICE[sku], 'fr')}</td>"
                 f"<td style='text-align:right'>{money(PRICE[sku] * q, 'fr')} EUR</td></tr>")
    return _page(f"""<p style='font-size:9pt;color:#555'>{_cover('fr', 'Coupa')}</p>
<h2>Bon de commande n° {o.po}</h2>
<table style='width:100%'><tr><td style='width:40%'>Date de commande : {written_date(o.order_date, 'fr')}<br>
Demandeur : Claire Martin<br>Conditions de paiement : 45 jours fin de mois</td>
<td><b>Fournisseur</b><br>{'<br>'.join(VENDOR)}</td></tr></table><br>
<table style='width:100%'><tr><td style='width:50%'><b>Livrer à</b><br>{_ship(o)}<br>France</td>
<td><b>Facturer à</b><br>{H.escape(o.customer.name)}<br>Service comptabilité<br>BP 204<br>69003 Lyon</td></tr></table>
<table style='width:100%;margin-top:14px'><tr style='border-bottom:2px solid #000'><th>Ligne</th>
<th style='text-align:left'>Article</th><th>Qté</th><th>UdM</th><th>Date de besoin</th><th>Prix</th><th>Total</th></tr>
{rows}</table><p style='text-align:right'><b>Total : {money(_net(o), 'fr')} EUR</b></p>""", "Helvetica,Arial", "9pt")


def sapscript(o: ErpOrder) -> str:
    """A SAPscript-like French form in a proportional font: boxed header, items in windows, 'Valeur totale nette'."""
    rows = ""
    for i, (sku, q) in enumerate(o.lines):
        rows += (f"<tr><td>{(i + 1) * 10:05d}</td><td>{sku}</td><td>{H.escape(_name(o, sku, i))}</td>"
                 f"<td style='text-align:right'>{money(Decimal(q), 'fr')}</td><td>{UNIT[sku]['sap']}</td>"
                 f"<td style='text-align:right'>{money(PRICE[sku], 'fr')}</td>"
                 f"<td style='text-align:right'>{money(PRICE[sku] * q, 'fr')}</td></tr>"
                 f"<tr><td></td><td colspan=6>Date de livraison : {written_date(o.requested, 'fr')}</td></tr>")
    return _page(f"""<table style='width:100%'><tr><td><b style='font-size:13pt'>{H.escape(o.customer.name)}</b><br>
Zone industrielle Nord<br>69003 Lyon</td><td style='border:1px solid #000;width:40%'><b>Commande d'achat</b><br>
N° commande / date<br>{o.po} / {written_date(o.order_date, 'fr')}<br>Votre n° fournisseur chez nous : 100234</td></tr></table>
<p>{'<br>'.join(VENDOR)}</p><p><b>Adresse de livraison :</b><br>{_ship(o)}</p>
<table style='width:100%'><tr style='border-bottom:1px solid #000'><th>Poste</th><th>Article</th><th>Désignation</th>
<th>Qté commandée</th><th>UQ</th><th>Prix net</th><th>Valeur nette</th></tr>{rows}</table>
<table style='width:100%;border-top:1px solid #000;margin-top:8px'><tr><td>Valeur totale nette HT EUR</td>
<td style='text-align:right'>{money(_net(o), 'fr')}</td></tr></table>""", "Times New Roman,serif", "10pt")


def magasin(o: ErpOrder) -> str:
    """A French order form whose lines name the store they are for ('Magasin': 'MAG-03 Villeurbanne')."""
    rows = ""
    for i, (sku, q) in enumerate(o.lines):
        rows += (f"<tr><td>{i + 1}</td><td>{sku}</td><td>{H.escape(_name(o, sku, i))}</td><td>MAG-0{i % 3 + 1} "
                 f"{('Villeurbanne', 'Vénissieux', 'Bron')[i % 3]}</td><td style='text-align:right'>{q}</td>"
                 f"<td>{UNIT[sku]['fr']}</td><td style='text-align:right'>{money(PRICE[sku], 'fr')}</td>"
                 f"<td style='text-align:right'>{money(PRICE[sku] * q, 'fr')}</td></tr>")
    return _page(f"""<b style='font-size:13pt'>{H.escape(o.customer.name)}</b><br>Centrale d'achats<h2>Bon de commande</h2>
<table><tr><td>N° de commande :</td><td>{o.po}</td></tr><tr><td>Date :</td><td>{written_date(o.order_date, 'fr')}</td></tr>
<tr><td>Livraison souhaitée :</td><td>{written_date(o.requested, 'fr')}</td></tr></table>
<p><b>Adresse de livraison :</b><br>{_ship(o)}</p>
<table style='width:100%' class=g><tr><th>N°</th><th>Réf.</th><th>Désignation</th><th>Magasin</th><th>Qté</th><th>Unité</th>
<th>P.U. HT</th><th>Montant HT</th></tr>{rows}</table><p style='text-align:right'>Total HT : {money(_net(o), 'fr')} €</p>""",
                 extra=".g td,.g th{border:1px solid #999}")


UNIT_PRICE_TITLES = {"de": ("Preis/Einheit", "Preis je Einheit", "Preis pro 100"), "fr": ("Prix/unité",),
                     "en": ("Price/Unit",)}


def unitprice(o: ErpOrder, variant: int | None = None) -> str:
    """A supplier-portal order whose price column is titled as a price per unit ('Preis/Einheit', 'Prix/unité'...);
    'Preis pro 100' prints the price of 100 units."""
    L = _lang(o)
    titles = UNIT_PRICE_TITLES[L]
    title = titles[(sum(map(ord, o.po)) if variant is None else variant) % len(titles)]
    per = 100 if "100" in title else 1
    T = {"de": ("Bestellung", "Bestell-Nr.", "Datum", "Liefertermin", "Pos", "Artikel", "Bezeichnung", "Menge", "Einh.",
                "Gesamt", "Summe netto", "Lieferanschrift"),
         "fr": ("Commande", "N° commande", "Date", "Date de livraison", "Pos", "Article", "Désignation", "Quantité", "Unité",
                "Total", "Total HT", "Adresse de livraison"),
         "en": ("Purchase Order", "PO No.", "Date", "Delivery date", "Pos", "Item", "Description", "Quantity", "Unit",
                "Total", "Net total", "Delivery address")}[L]
    rows = ""
    for i, (sku, q) in enumerate(o.lines):
        rows += (f"<tr><td>{i + 1}</td><td>{sku}</td><td>{H.escape(_name(o, sku, i))}</td><td style='text-align:right'>"
                 f"{money(Decimal(q), o.lang)}</td><td>{UNIT[sku][L]}</td><td style='text-align:right'>"
                 f"{money(PRICE[sku] * per, o.lang)}</td><td style='text-align:right'>{money(PRICE[sku] * q, o.lang)}</td></tr>")
    return _page(f"""<div style='display:flex;justify-content:space-between'><div><b>{H.escape(o.customer.name)}</b><br>
{o.customer.email}</div><h2 style='margin:0'>{T[0]}</h2></div>
<table style='margin-top:14px'><tr><td>{T[1]}</td><td>{o.po}</td></tr><tr><td>{T[2]}</td>
<td>{written_date(o.order_date, o.lang)}</td></tr><tr><td>{T[3]}</td><td>{written_date(o.requested, o.lang)}</td></tr></table>
<p><b>{T[11]}</b><br>{_ship(o)}</p>
<table style='width:100%'><tr style='background:#e8e8e8'><th>{T[4]}</th><th>{T[5]}</th><th>{T[6]}</th><th>{T[7]}</th>
<th>{T[8]}</th><th>{title}</th><th>{T[9]}</th></tr>{rows}</table>
<p style='text-align:right'>{T[10]}: {money(_net(o), o.lang)} {o.customer.currency}</p>""", "Verdana,Arial", "9pt")


def clipped(o: ErpOrder) -> str:
    """Labels cut at their cell's edge: narrow label cells with ``overflow:hidden`` ('Bestellnumm', 'Liefert')."""
    L = _lang(o)
    T = {"de": ("Bestellung", "Bestellnummer", "Bestelldatum", "Wunschliefertermin", "Artikelnummer", "Artikelbezeichnung",
                "Bestellmenge", "Mengeneinheit", "Einzelpreis netto", "Gesamtpreis netto", "Summe netto"),
         "fr": ("Bon de commande", "Numéro de commande", "Date de commande", "Date de livraison souhaitée", "Référence article",
                "Désignation article", "Quantité commandée", "Unité de mesure", "Prix unitaire HT", "Montant total HT",
                "Total HT"),
         "en": ("Purchase Order", "Purchase order number", "Purchase order date", "Requested delivery date", "Item number",
                "Item description", "Ordered quantity", "Unit of measure", "Unit price net", "Line amount net",
                "Total net")}[L]
    clip = "style='max-width:%dpx;width:%dpx;overflow:hidden;white-space:nowrap'"
    rows = ""
    for i, (sku, q) in enumerate(o.lines):
        rows += (f"<tr><td>{sku}</td><td>{H.escape(_name(o, sku, i))}</td><td style='text-align:right'>{money(Decimal(q), o.lang)}"
                 f"</td><td>{UNIT[sku][L]}</td><td style='text-align:right'>{money(PRICE[sku], o.lang)}</td>"
                 f"<td style='text-align:right'>{money(PRICE[sku] * q, o.lang)}</td></tr>")
    head = "".join(f"<th {clip % (w, w)}>{t}</th>" for t, w in zip(T[4:10], (62, 200, 52, 40, 58, 62)))
    return _page(f"""<b>{H.escape(o.customer.name)}</b><br>{H.escape(ADDR[o.customer][0])}<br>{H.escape(ADDR[o.customer][1])}
<h2>{T[0]}</h2><table style='table-layout:fixed'><tr><td {clip % (80, 80)}>{T[1]}</td><td>{o.po}</td></tr>
<tr><td {clip % (80, 80)}>{T[2]}</td><td>{written_date(o.order_date, o.lang)}</td></tr>
<tr><td {clip % (80, 80)}>{T[3]}</td><td>{written_date(o.requested, o.lang)}</td></tr></table><br>
<table style='table-layout:fixed;width:100%'><tr style='border-bottom:1px solid #000'>{head}</tr>{rows}</table>
<p style='text-align:right'>{T[10]}: {money(_net(o), o.lang)} {o.customer.currency}</p>""", "Arial", "9pt")


def sage(o: ErpOrder) -> str:
    """Sage 100's French 'Bon de commande': a boxed number/date grid, 'Code article | Désignation | Qté | P.U. HT |
    Remise | Montant HT', the totals in a grid at the foot."""
    rows = ""
    for i, (sku, q) in enumerate(o.lines):
        rows += (f"<tr><td>{sku}</td><td>{H.escape(_name(o, sku, i))}</td><td style='text-align:right'>"
                 f"{money(Decimal(q), 'fr')}</td><td style='text-align:right'>{money(PRICE[sku], 'fr')}</td><td></td>"
                 f"<td style='text-align:right'>{money(PRICE[sku] * q, 'fr')}</td></tr>")
    net = _net(o)
    vat = (net * Decimal("0.20")).quantize(Decimal("0.01"))
    return _page(f"""<table style='width:100%'><tr><td><b style='font-size:14pt'>{H.escape(o.customer.name)}</b><br>
{H.escape(ADDR[o.customer][0])}<br>{H.escape(ADDR[o.customer][1])}<br>SIRET 123 456 789 00012</td>
<td style='text-align:right'><b style='font-size:16pt'>BON DE COMMANDE</b></td></tr></table>
<table class=g style='margin-top:10px'><tr><th>Numéro</th><th>Date</th><th>Code fournisseur</th><th>Date de livraison</th></tr>
<tr><td>{o.po}</td><td>{written_date(o.order_date, 'fr')}</td><td>FPAPE01</td><td>{written_date(o.requested, 'fr')}</td></tr></table>
<p style='margin-left:55%'>{'<br>'.join(VENDOR)}</p>
<table class=g style='width:100%'><tr><th>Code article</th><th>Désignation</th><th>Qté</th><th>P.U. HT</th><th>Remise</th>
<th>Montant HT</th></tr>{rows}</table>
<table class=g style='margin-left:55%;width:45%;margin-top:10px'><tr><td>Total HT</td><td style='text-align:right'>
{money(net, 'fr')}</td></tr><tr><td>TVA 20,00 %</td><td style='text-align:right'>{money(vat, 'fr')}</td></tr>
<tr><td><b>Net à payer</b></td><td style='text-align:right'><b>{money(net + vat, 'fr')} €</b></td></tr></table>""",
                 extra=".g td,.g th{border:1px solid #000}")


def navision(o: ErpOrder) -> str:
    """Dynamics NAV's German 'Einkaufsbestellung': the key-value block at the right, 'Nr. | Beschreibung | Menge |
    Einheit | EK-Preis | MwSt.-% | Betrag', a 'Lieferung an' block."""
    rows = ""
    for i, (sku, q) in enumerate(o.lines):
        rows += (f"<tr><td>{sku}</td><td>{H.escape(_name(o, sku, i))}</td><td style='text-align:right'>{q}</td>"
                 f"<td>{UNIT[sku]['de']}</td><td style='text-align:right'>{money(PRICE[sku], 'de')}</td><td>19</td>"
                 f"<td style='text-align:right'>{money(PRICE[sku] * q, 'de')}</td></tr>")
    net = _net(o)
    return _page(f"""<div style='display:flex;justify-content:space-between'><div>{'<br>'.join(VENDOR)}</div>
<div><b>{H.escape(o.customer.name)}</b><br>{H.escape(ADDR[o.customer][0])}<br>{H.escape(ADDR[o.customer][1])}</div></div>
<h2>Bestellung {o.po}</h2>
<table style='margin-left:55%'><tr><td>Belegdatum</td><td>{written_date(o.order_date, 'de')}</td></tr>
<tr><td>Erwartetes Wareneingangsdatum</td><td>{written_date(o.requested, 'de')}</td></tr>
<tr><td>Einkäufer</td><td>Jens Vogt</td></tr><tr><td>Unsere Kontonr.</td><td>K-20031</td></tr></table>
<p><b>Lieferung an</b><br>{_ship(o)}</p>
<table style='width:100%'><tr style='border-bottom:1px solid #000'><th style='text-align:left'>Nr.</th>
<th style='text-align:left'>Beschreibung</th><th>Menge</th><th>Einheit</th><th>EK-Preis</th><th>MwSt.-%</th><th>Betrag</th></tr>
{rows}</table><table style='margin-left:60%;width:40%'><tr><td>Summe EUR ohne MwSt.</td><td style='text-align:right'>
{money(net, 'de')}</td></tr><tr><td>19% MwSt.</td><td style='text-align:right'>{money((net * Decimal('0.19')).quantize(Decimal('0.01')), 'de')}</td></tr>
<tr><td><b>Summe EUR inkl. MwSt.</b></td><td style='text-align:right'><b>{money((net * Decimal('1.19')).quantize(Decimal('0.01')), 'de')}</b></td></tr></table>""",
                 "Segoe UI,Arial", "9pt")


def magento(o: ErpOrder) -> str:
    """Magento's order view printed: 'Order # 000012345', 'Order Date: December 4, 2026', 'Items Ordered' with
    'Product | SKU | Price | Qty | Subtotal', the quantity as 'Ordered 3'."""
    rows = ""
    for i, (sku, q) in enumerate(o.lines):
        rows += (f"<tr style='border-bottom:1px solid #ddd'><td>{H.escape(_name(o, sku, i))}</td><td>{sku}</td>"
                 f"<td style='text-align:right'>${money(PRICE[sku], 'en')}</td><td>Ordered {q}</td>"
                 f"<td style='text-align:right'>${money(PRICE[sku] * q, 'en')}</td></tr>")
    d = o.order_date
    r = o.requested
    return _page(f"""<h1>Order # {o.po}</h1><p>Order Date: {d.strftime('%B')} {d.day}, {d.year}<br>
Requested Delivery: {r.strftime('%B')} {r.day}, {r.year}</p>
<table style='width:100%'><tr><td style='width:50%'><b>Shipping Address</b><br>{_ship(o)}</td>
<td><b>Billing Address</b><br>{H.escape(o.customer.name)}<br>Accounts Payable<br>{o.customer.email}</td></tr></table>
<h3>Items Ordered</h3><table style='width:100%'><tr style='border-bottom:2px solid #000'><th style='text-align:left'>Product</th>
<th style='text-align:left'>SKU</th><th>Price</th><th>Qty</th><th>Subtotal</th></tr>{rows}</table>
<table style='margin-left:60%;width:40%'><tr><td>Subtotal</td><td style='text-align:right'>${money(_net(o), 'en')}</td></tr>
<tr><td>Shipping &amp; Handling</td><td style='text-align:right'>$0.00</td></tr><tr><td><b>Grand Total</b></td>
<td style='text-align:right'><b>${money(_net(o), 'en')}</b></td></tr></table>""", "Open Sans,Arial", "10pt")


def jaggaer(o: ErpOrder) -> str:
    """A Jaggaer-like German portal PO: cover text, a header grid, 'Lieferanschrift', lines with the supplier's part
    number in its own column and 'Preis (EUR)' / 'Wert (EUR)'."""
    rows = ""
    for i, (sku, q) in enumerate(o.lines):
        rows += (f"<tr><td>{i + 1}</td><td>{H.escape(_name(o, sku, i))}</td><td>{sku}</td><td style='text-align:right'>"
                 f"{money(Decimal(q), 'de')}</td><td>{UNIT[sku]['de']}</td><td style='text-align:right'>"
                 f"{money(PRICE[sku], 'de')}</td><td style='text-align:right'>{money(PRICE[sku] * q, 'de')}</td></tr>")
    return _page(f"""<p style='font-size:8pt'>{_cover('de', 'JAGGAER')}</p><h2>Bestellung {o.po}</h2>
<table class=g><tr><td>Bestelldatum</td><td>{written_date(o.order_date, 'de')}</td><td>Lieferdatum</td>
<td>{written_date(o.requested, 'de')}</td></tr><tr><td>Besteller</td><td>M. Krause</td><td>Kostenstelle</td><td>4711</td></tr></table>
<p><b>Lieferanschrift</b><br>{_ship(o)}</p>
<table class=g style='width:100%'><tr><th>Pos.</th><th>Produktbeschreibung</th><th>Lieferanten-Art.-Nr.</th><th>Menge</th>
<th>ME</th><th>Preis (EUR)</th><th>Wert (EUR)</th></tr>{rows}</table>
<p style='text-align:right'><b>Bestellwert gesamt (EUR): {money(_net(o), 'de')}</b></p>""", "Arial", "9pt",
                 ".g td,.g th{border:1px solid #aaa}")


def oracle(o: ErpOrder) -> str:
    """Oracle iProcurement's PO: 'Line | Item/Description | Need By | Quantity | UOM | Unit Price | Amount (USD)'."""
    cur = o.customer.currency
    rows = ""
    for i, (sku, q) in enumerate(o.lines):
        rows += (f"<tr><td>{i + 1}</td><td>{sku}<br>{H.escape(_name(o, sku, i))}</td><td>{written_date(o.requested, o.lang)}"
                 f"</td><td style='text-align:right'>{q}</td><td>{UNIT[sku]['gov']}</td><td style='text-align:right'>"
                 f"{money(PRICE[sku], 'en')}</td><td style='text-align:right'>{money(PRICE[sku] * q, 'en')}</td></tr>")
    return _page(f"""<table style='width:100%'><tr><td><b style='font-size:13pt'>{H.escape(o.customer.name)}</b></td>
<td style='text-align:right'><b>STANDARD PURCHASE ORDER</b><br>Order: {o.po}<br>Revision: 0<br>Order Date: {written_date(o.order_date, o.lang)}</td></tr></table>
<table style='width:100%;margin-top:10px'><tr><td><b>Vendor:</b><br>Meridian Office Supply Ltd<br>Reading RG2 0QF</td>
<td><b>Ship To:</b><br>{_ship(o)}</td><td><b>Bill To:</b><br>Accounts Payable<br>PO Box 77</td></tr></table>
<table class=g style='width:100%;margin-top:10px'><tr><th>Line</th><th>Item/Description</th><th>Need By</th><th>Quantity</th>
<th>UOM</th><th>Unit Price</th><th>Amount ({cur})</th></tr>{rows}</table>
<p style='text-align:right'>Total: {money(_net(o), 'en')} {cur}</p>""", "Arial", "9pt", ".g td,.g th{border:1px solid #888}")


def lexware(o: ErpOrder) -> str:
    """Lexware's German 'Bestellung': a letter with the info block at the right ('Bestell-Nr.', 'Datum', 'Lieferdatum'
    written as '15. Dezember 2026'), 'Pos. | Art.-Nr. | Bezeichnung | Menge | Einheit | Einzel € | Gesamt €'."""
    rows = ""
    for i, (sku, q) in enumerate(o.lines):
        rows += (f"<tr><td>{i + 1}</td><td>{sku}</td><td>{H.escape(_name(o, sku, i))}</td><td style='text-align:right'>"
                 f"{money(Decimal(q), 'de')}</td><td>{UNIT[sku]['de']}</td><td style='text-align:right'>"
                 f"{money(PRICE[sku], 'de')}</td><td style='text-align:right'>{money(PRICE[sku] * q, 'de')}</td></tr>")
    r = o.requested
    net = _net(o)
    return _page(f"""<div style='font-size:7pt;text-decoration:underline'>{H.escape(o.customer.name)} · {H.escape(ADDR[o.customer][0])} ·
{H.escape(ADDR[o.customer][1])}</div><div style='display:flex;justify-content:space-between'><div>{'<br>'.join(VENDOR)}</div>
<table><tr><td>Bestell-Nr.</td><td>{o.po}</td></tr><tr><td>Datum</td><td>{written_date(o.order_date, 'de')}</td></tr>
<tr><td>Lieferdatum</td><td>{r.day}. {MONATE[r.month - 1]} {r.year}</td></tr><tr><td>Ansprechpartner</td><td>Frau Behrens</td></tr></table></div>
<h2>Bestellung</h2><p>Sehr geehrte Damen und Herren,<br>wir bestellen hiermit zu den vereinbarten Konditionen:</p>
<table style='width:100%'><tr style='border-bottom:1px solid #000'><th>Pos.</th><th>Art.-Nr.</th><th>Bezeichnung</th>
<th>Menge</th><th>Einheit</th><th>Einzel €</th><th>Gesamt €</th></tr>{rows}</table>
<table style='margin-left:60%;width:40%'><tr><td>Gesamtbetrag netto</td><td style='text-align:right'>{money(net, 'de')}</td></tr>
<tr><td>zzgl. Umsatzsteuer 19 %</td><td style='text-align:right'>{money((net * Decimal('0.19')).quantize(Decimal('0.01')), 'de')}</td></tr>
<tr><td><b>Gesamtbetrag</b></td><td style='text-align:right'><b>{money((net * Decimal('1.19')).quantize(Decimal('0.01')), 'de')}</b></td></tr></table>
<p>Lieferadresse: {H.escape(ADDR[o.customer][0])}, {H.escape(ADDR[o.customer][1])}</p><p>Mit freundlichen Grüßen</p>""",
                 "Arial", "10pt")


# family -> (render, the customers it prints for, in turn)
FAMILIES = {
    "portal_odoo2p": (odoo2p, (FR, DE)),
    "portal_ariba": (ariba, (DE,)),
    "portal_coupa": (coupa, (FR,)),
    "portal_sapscript": (sapscript, (FR,)),
    "portal_magasin": (magasin, (FR,)),
    "portal_unitprice": (unitprice, (DE, FR, IE, DE)),
    "portal_clipped": (clipped, (DE, FR, IE)),
    "portal_sage": (sage, (FR,)),
    "portal_navision": (navision, (DE,)),
    "portal_magento": (magento, (US,)),
    "portal_jaggaer": (jaggaer, (DE,)),
    "portal_oracle": (oracle, (US, IE)),
    "portal_lexware": (lexware, (DE,)),
}
# the code printed as the supplier's own ("Réf. fournisseur : X", "Lieferanten-Art.-Nr."): the customer names no item
# code of its own, the line's customer_item is none
SUPPLIER_CODED = frozenset({"portal_coupa", "portal_jaggaer"})
NO_SHIP_TO = frozenset({"portal_clipped", "portal_sage"})  # the customer's own address only, no delivery block


def order_total(o: ErpOrder) -> Decimal:
    """The order's total as the gateway carries it: the lines' net (the taxes printed under it are no part)."""
    return _net(o)
