"""Held-out set for shipto (written before any fix): RFQ/quote attachments, fax letterheads, delivery
addresses under a label, small label-over-value grids, 'as usual' delivery sentences. Writes files + truth.jsonl."""
import io, json, sys
from email.message import EmailMessage
from pathlib import Path
sys.path.insert(0, "/work/wt/shipto")
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas
from testkit.capture_fax import render_fax_tiff

OUT = Path("/tmp/shipto/heldout/files"); OUT.mkdir(parents=True, exist_ok=True)
truth = []
CUST = {"C1001": ("orders@retail-brussels.example", "+32 2 555 01 01"),
        "C1002": ("commandes@dupont-fournitures.example", "+33 1 45 67 89 10"),
        "C1003": ("bestellung@mueller-buero.example", "+49 89 1234 5678"),
        "C1004": ("purchasing@acme-industrial.example", "+1 312 555 0100")}

def pdf(draw):
    buf = io.BytesIO(); c = Canvas(buf, pagesize=A4); draw(c); c.showPage(); c.save(); return buf.getvalue()

def items(c, y, heads, rows, total_label, total, font="Helvetica"):
    c.setFont(font + "-Bold" if font == "Helvetica" else font, 10)
    for x, t in zip((50, 130, 330, 380, 450, 520), heads):
        c.drawString(x, y, t)
    c.setFont(font, 10)
    for r in rows:
        y -= 18
        for x, t in zip((50, 130, 340), r[:3]):
            c.drawString(x, y, t)
        c.drawString(380, y, r[3]); c.drawRightString(500, y, r[4]); c.drawRightString(560, y, r[5])
    c.drawString(400, y - 30, total_label); c.drawRightString(560, y - 30, total)

def mail(name, cust, body, attach, fname):
    m = EmailMessage(); m["From"] = CUST[cust][0]; m["To"] = "orders@meridian.example"
    m["Subject"] = "Documents"; m["Date"] = "Mon, 07 Dec 2026 08:00:00 +0000"; m["Message-ID"] = f"<{name}@x>"
    m.set_content(body); m.add_attachment(attach, maintype="application", subtype="pdf", filename=fname)
    (OUT / f"{name}.eml").write_bytes(bytes(m))

# ---- A: request-for-quotation / quotation prints with priced items, neutral cover mails
def rfq(title, ref_label, ref, date_label, date, heads, rows, tl, tot, letter):
    def d(c):
        c.setFont("Helvetica-Bold", 12)
        for i, t in enumerate(letter): c.drawString(50, 800 - 14 * i, t); c.setFont("Helvetica", 10)
        c.setFont("Helvetica-Bold", 18); c.drawString(50, 720, title)
        c.setFont("Helvetica", 10); c.drawString(50, 695, ref_label); c.drawString(200, 695, ref)
        c.drawString(50, 680, date_label); c.drawString(200, 680, date)
        items(c, 630, heads, rows, tl, tot)
    return pdf(d)
EN_H = ("Code", "Description", "Qty", "Unit", "Unit Price", "Amount")
FR_H = ("Réf.", "Désignation", "Qté", "Unité", "Prix unit.", "Montant")
DE_H = ("Art.-Nr.", "Bezeichnung", "Menge", "Einheit", "Preis", "Betrag")
mail("a1_en_rfq", "C1004", "Hi,\nattached as discussed. Need it by next Friday.\nThanks, Bob",
     rfq("RFQ 2026-0912", "Buyer reference", "PR-88120", "Date", "12/03/2026", EN_H,
         [("SKU-1001", "Copy paper A4", "40", "BX", "24.50", "980.00"), ("SKU-1004", "Stapler", "5", "EA", "18.00", "90.00")],
         "Total", "1,070.00", ("Acme Industrial Supply Inc", "100 Main St", "Chicago, IL 60601")), "rfq_0912.pdf")
truth.append({"name": "a1_en_rfq", "kind": "A", "expect": "held"})
mail("a2_fr_devis", "C1002", "Bonjour,\nci-joint notre document. Livraison pour le 18.\nCordialement",
     rfq("DEMANDE DE DEVIS DD-2026-31", "Notre référence", "DD-2026-31", "Date", "03/12/2026", FR_H,
         [("DF-PAP-A4", "Papier A4 80g", "30", "carton", "24,50", "735,00"), ("DF-STYLO-B", "Stylo bille bleu", "12", "paquet", "3,90", "46,80")],
         "Total HT", "781,80", ("Dupont Fournitures SARL", "12 rue de la Paix", "75002 Paris")), "devis.pdf")
truth.append({"name": "a2_fr_devis", "kind": "A", "expect": "held"})
mail("a3_de_preisanfrage", "C1003", "Guten Tag,\nanbei unser Dokument, Lieferung bis 15.12.\nMfG",
     rfq("Preisanfrage PA-5512", "Unser Zeichen", "PA-5512", "Datum", "02.12.2026", DE_H,
         [("MB-4711", "Ordner A4 80mm", "100", "Stk", "2,75", "275,00"), ("SKU-1004", "Heftgerät", "3", "Stk", "18,00", "54,00")],
         "Summe netto", "329,00", ("Müller Bürobedarf GmbH", "Hauptstraße 5", "80331 München")), "anfrage.pdf")
truth.append({"name": "a3_de_preisanfrage", "kind": "A", "expect": "held"})
mail("a4_en_quote", "C1001", "Hello, see the document attached. Regards",
     rfq("QUOTE No. 7731", "Customer ref", "RB-7731", "Issued", "01/12/2026", EN_H,
         [("SKU-1001", "Copy paper", "20", "BX", "24.50", "490.00")], "Total EUR", "490.00",
         ("Retail Brussels NV", "Rue Neuve 1", "1000 Bruxelles")), "q7731.pdf")
truth.append({"name": "a4_en_quote", "kind": "A", "expect": "held"})
mail("a5_fr_demande_prix", "C1001", "Bonjour, voir pièce jointe. Merci",
     rfq("Demande de prix n° 4410", "Réf. interne", "RB-4410", "Date", "04/12/2026", FR_H,
         [("ABC1234", "Papier copie", "15", "carton", "24,50", "367,50"), ("SKU-1003", "Classeur", "40", "pièce", "2,75", "110,00")],
         "Total HT", "477,50", ("Retail Brussels NV", "Rue Neuve 1", "1000 Bruxelles")), "dp4410.pdf")
truth.append({"name": "a5_fr_demande_prix", "kind": "A", "expect": "held"})

# ---- fax order printouts (standard resolution)
def order_fax(name, cust, letter, title, header, heads, rows, tl, tot, block=None, grid=None, res="standard", truth_extra=None):
    def d(c):
        c.setFont("Helvetica-Bold", 13)
        for i, t in enumerate(letter): c.drawString(50, 800 - 16 * i, t)
        c.setFont("Helvetica-Bold", 16); c.drawString(330, 800, title)
        c.setFont("Helvetica", 10)
        for i, (l, v) in enumerate(header): c.drawString(330, 770 - 15 * i, l); c.drawString(440, 770 - 15 * i, v)
        if grid:
            for i, (l, v) in enumerate(grid):
                c.setFont("Helvetica-Bold", 8.5); c.drawString(50 + 125 * i, 700, l)
                c.setFont("Helvetica", 10); c.drawString(50 + 125 * i, 686, v)
        if block:
            c.setFont("Helvetica-Bold", 10); c.drawString(50, 650, block[0]); c.setFont("Helvetica", 10)
            for i, t in enumerate(block[1:]): c.drawString(70, 636 - 13 * i, t)
        items(c, 560, heads, rows, tl, tot)
    (OUT / f"{name}.tif").write_bytes(render_fax_tiff(pdf(d), res, seed=hash(name) % 1000))
    truth.append({"name": name, "kind": name[0].upper(), "sender": CUST[cust][1], **(truth_extra or {})})

order_fax("b1_fr_letterhead", "C1002", ("DUPONT FOURNITURES SARL", "12 RUE DE LA PAIX", "75002 PARIS"), "BON DE COMMANDE",
          (("N° commande :", "DF-90218"), ("Date :", "02/12/2026"), ("Livraison :", "14/12/2026")), FR_H,
          [("DF-PAP-A4", "Papier A4 80g", "25", "carton", "24,50", "612,50")], "Total HT", "612,50",
          truth_extra={"po": "DF-90218", "ship_to": None})
order_fax("b2_de_letterhead", "C1003", ("MÜLLER BÜROBEDARF GMBH", "HAUPTSTRASSE 5", "80331 MÜNCHEN"), "BESTELLUNG",
          (("Bestell-Nr.:", "MB-55103"), ("Datum:", "01.12.2026"), ("Liefertermin:", "11.12.2026")), DE_H,
          [("MB-4711", "Ordner A4 80mm", "60", "Stk", "2,75", "165,00")], "Summe", "165,00",
          truth_extra={"po": "MB-55103", "ship_to": None})
order_fax("b3_en_letterhead", "C1004", ("ACME INDUSTRIAL SUPPLY INC", "100 MAIN ST", "CHICAGO IL 60601"), "PURCHASE ORDER",
          (("PO No.:", "AC-30417"), ("Date:", "12/01/2026"), ("Required:", "12/15/2026")), EN_H,
          [("SKU-1004", "Stapler heavy duty", "8", "EA", "18.00", "144.00")], "Total", "144.00",
          truth_extra={"po": "AC-30417", "ship_to": None})
order_fax("c1_de_lieferanschrift", "C1003", ("Müller Bürobedarf GmbH", "Hauptstraße 5", "80331 München"), "BESTELLUNG",
          (("Bestell-Nr.:", "MB-55120"), ("Datum:", "03.12.2026"), ("Liefertermin:", "14.12.2026")), DE_H,
          [("MB-4711", "Ordner A4 80mm", "20", "Stk", "2,75", "55,00")], "Summe", "55,00",
          block=("Lieferadresse:", "Müller Bürobedarf GmbH - Außenlager", "Gewerbering 7", "85716 Unterschleißheim"),
          truth_extra={"po": "MB-55120", "ship_to_street": "Gewerbering 7"})
order_fax("c2_en_deliver", "C1004", ("Acme Industrial Supply Inc", "100 Main St", "Chicago IL 60601"), "PURCHASE ORDER",
          (("PO No.:", "AC-30455"), ("Date:", "12/02/2026"), ("Required:", "12/16/2026")), EN_H,
          [("SKU-1001", "Copy paper A4", "12", "BX", "24.50", "294.00")], "Total", "294.00",
          block=("Ship to:", "Acme Industrial - Plant 2", "4500 W Harrison St", "Hillside IL 60162"),
          truth_extra={"po": "AC-30455", "ship_to_street": "4500 W Harrison St"})
order_fax("c3_fr_lieu", "C1002", ("Dupont Fournitures SARL", "12 rue de la Paix", "75002 Paris"), "BON DE COMMANDE",
          (("N° commande :", "DF-90240"), ("Date :", "03/12/2026"), ("Livraison :", "15/12/2026")), FR_H,
          [("DF-STYLO-B", "Stylo bille bleu", "30", "paquet", "3,90", "117,00")], "Total HT", "117,00",
          block=("Lieu de livraison :", "Dupont Fournitures - Entrepôt", "8 avenue des Lilas", "93100 Montreuil"),
          truth_extra={"po": "DF-90240", "ship_to_street": "8 avenue des Lilas"})
order_fax("d1_en_grid", "C1004", ("Acme Industrial Supply Inc", "100 Main St", "Chicago IL 60601"), "PURCHASE ORDER",
          (), EN_H, [("SKU-1004", "Stapler heavy duty", "6", "EA", "18.00", "108.00")], "Total", "108.00",
          grid=(("PO NUMBER", "AC-30470"), ("ORDER DATE", "12/03/2026"), ("DELIVER BY", "12/17/2026")),
          truth_extra={"po": "AC-30470", "order_date": "2026-12-03", "delivery": "2026-12-17"})
order_fax("d2_fr_grid", "C1002", ("Dupont Fournitures SARL", "12 rue de la Paix", "75002 Paris"), "BON DE COMMANDE",
          (), FR_H, [("DF-PAP-A4", "Papier A4 80g", "10", "carton", "24,50", "245,00")], "Total HT", "245,00",
          grid=(("N° COMMANDE", "DF-90266"), ("DATE", "04/12/2026"), ("LIVRAISON SOUHAITÉE", "16/12/2026")),
          truth_extra={"po": "DF-90266", "order_date": "2026-12-04", "delivery": "2026-12-16"})
order_fax("d3_de_grid", "C1003", ("Müller Bürobedarf GmbH", "Hauptstraße 5", "80331 München"), "BESTELLUNG",
          (), DE_H, [("MB-4711", "Ordner A4 80mm", "40", "Stk", "2,75", "110,00")], "Summe", "110,00",
          grid=(("BESTELLNUMMER", "MB-55190"), ("BESTELLDATUM", "04.12.2026"), ("LIEFERDATUM", "18.12.2026")),
          truth_extra={"po": "MB-55190", "order_date": "2026-12-04", "delivery": "2026-12-18"})

# ---- E: typed mails "as usual" delivery sentences
def typed(name, cust, body, extra):
    m = EmailMessage(); m["From"] = CUST[cust][0]; m["To"] = "orders@meridian.example"
    m["Subject"] = extra.pop("subject"); m["Date"] = "Mon, 07 Dec 2026 08:00:00 +0000"; m["Message-ID"] = f"<{name}@x>"
    m.set_content(body); (OUT / f"{name}.eml").write_bytes(bytes(m))
    truth.append({"name": name, "kind": "E", **extra})
typed("e1_fr_habitude", "C1002", "Bonjour,\n\nMerci de nous livrer :\n20 x DF-PAP-A4 papier A4\n\nLivraison : à notre adresse de Paris comme d'habitude.\n\nCordialement,\nM. Martin",
      {"subject": "Commande DF-90301", "po": "DF-90301", "ship_to": None})
typed("e2_de_wieimmer", "C1003", "Guten Tag,\n\nbitte liefern Sie:\n50 Stk MB-4711 Ordner\n\nLieferung an: unsere Münchner Adresse wie immer.\n\nMfG\nK. Huber",
      {"subject": "Bestellung MB-55301", "po": "MB-55301", "ship_to": None})
typed("e3_en_usual", "C1001", "Hello,\n\nPlease send 10 boxes of SKU-1001 copy paper.\n\nDeliver to: our Brussels address, as always.\n\nThanks\nAnn",
      {"subject": "PO RB-2210", "po": "RB-2210", "ship_to": None})
(OUT.parent / "truth.jsonl").write_text("\n".join(json.dumps(t) for t in truth) + "\n")
print(len(truth), "cases")
