"""Faxes of orders made by real producers, harsher than ``testkit/capture_fax``: a corpus that
``bench/bench_ocr_engines.py --corpus DIR`` reads (``DIR/masterdata``, ``DIR/fax_fine`` and ``DIR/fax_standard``,
each ``NAME.tif`` or ``NAME.pdf`` beside its truth ``NAME.json``).

The orders (customers, products, lines, PO numbers) are ``testkit/capture_corpus``'s, drawn from ``--seed``; the
documents are not its reportlab layouts but what outside senders print:

* ``chromium_form``: an HTML order form printed by Debian's headless Chromium, ruled table, description column
  narrow enough that long descriptions wrap onto a second row;
* ``chromium_letter``: a typed letter (salutation, a short table of lines, no total, a signature);
* ``word_letter``: a DOCX letter (python-docx: paragraphs and a Word table, sometimes a total, sometimes none)
  exported to PDF by LibreOffice;
* ``calc_form``: an XLSX order sheet (openpyxl) exported to PDF by LibreOffice in the customer's locale.

Each PDF is rasterised by poppler's ``pdftoppm`` or by ghostscript (alternating), then faxed: a fax header line
(date, time, sender's number and name, page count) printed at the top as the sending machine does, a skew of up
to 2.5 degrees, sensor blur, noise, a threshold that thins or fattens strokes, speckles, 1-bit at 204x196 (fine)
or 204x98 (standard); about one in six sheets went through sideways (a quarter turn either way). Stored as a G4
TIFF, or (one in four) as the PDF a fax server makes of it. Truth as ``capture_corpus.truth_of``; a document that
prints no total has ``"total": null``; the layout family is the producer.

    PYTHONPATH=. .venv/bin/python bench/make_real_faxes.py --out DIR --seed 1301 [--fine 10] [--standard 20]
    PYTHONPATH=. .venv/bin/python bench/bench_ocr_engines.py --corpus DIR --fine 10 --standard 20 --modes both
"""

from __future__ import annotations

import argparse
import html
import io
import json
import random
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from testkit.capture_corpus import OrderSpec, make_master, make_order, truth_of, write_master_csvs  # noqa: E402
from testkit.capture_fax import X_DPI, Y_DPI, FAX_WIDTH, fax_server_pdf  # noqa: E402
from testkit.chromium import chromium_print  # noqa: E402
from testkit.office_export import soffice_pdf  # noqa: E402

FAMILIES = ("chromium_form", "chromium_letter", "word_letter", "calc_form")
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf")
WORDS = {
    "en": dict(title="PURCHASE ORDER", po="PO Number", date="Order date", deliv="Delivery date", pos="Line",
               code="Item", desc="Description", qty="Qty", unit="Unit", price="Unit price", amount="Amount",
               total="Total", hello="Dear Sir or Madam,", ask="Please supply the following items:",
               bye="Kind regards,", ref="Our order no.", dated="dated", need="Required by"),
    "de": dict(title="BESTELLUNG", po="Bestell-Nr.", date="Datum", deliv="Liefertermin", pos="Pos.",
               code="Artikel-Nr.", desc="Bezeichnung", qty="Menge", unit="ME", price="Einzelpreis",
               amount="Gesamt", total="Gesamtsumme", hello="Sehr geehrte Damen und Herren,",
               ask="hiermit bestellen wir zu Ihren bekannten Bedingungen:", bye="Mit freundlichen Grüßen",
               ref="Unsere Bestellnummer", dated="vom", need="Liefertermin"),
    "fr": dict(title="BON DE COMMANDE", po="N° de commande", date="Date", deliv="Date de livraison", pos="Pos.",
               code="Référence", desc="Désignation", qty="Qté", unit="Unité", price="Prix unitaire",
               amount="Montant", total="Total HT", hello="Madame, Monsieur,",
               ask="Veuillez nous livrer les articles suivants :", bye="Cordialement,",
               ref="Notre commande n°", dated="du", need="Livraison souhaitée le"),
}


def money(value: Decimal, lang: str) -> str:
    text = f"{value:,.2f}"
    if lang == "en":
        return text
    return text.replace(",", " ").replace(".", ",") if lang == "fr" else text.replace(",", "X").replace(".", ",").replace("X", ".")


def qty_text(value: Decimal, lang: str) -> str:
    text = f"{value.normalize():f}"
    return text.replace(".", ",") if lang != "en" else text


def date_text(d: date, order: OrderSpec) -> str:
    cust = order.customer
    if cust.lang == "de":
        return d.strftime("%d.%m.%Y")
    if cust.country == "US":
        return d.strftime("%m/%d/%Y")
    return d.strftime("%d/%m/%Y")


def _head(order: OrderSpec, w: dict) -> str:
    c = order.customer
    rows = [f"<tr><td>{w['po']}</td><td><b>{html.escape(order.po_number)}</b></td></tr>",
            f"<tr><td>{w['date']}</td><td>{date_text(order.order_date, order)}</td></tr>"]
    if order.delivery_date:
        rows.append(f"<tr><td>{w['deliv']}</td><td>{date_text(order.delivery_date, order)}</td></tr>")
    return (f"<div class=lh><b style='font-size:17pt'>{html.escape(c.name)}</b><br>{html.escape(c.street)}<br>"
            f"{html.escape(c.postcode)} {html.escape(c.city)}<br>Tel. {c.phone} &middot; Fax {c.fax}<br>{c.email}</div>"
            f"<table class=meta>{''.join(rows)}</table>")


def _table(order: OrderSpec, w: dict, with_total: bool, desc_width: str) -> str:
    lang = order.customer.lang
    body = "".join(
        f"<tr><td>{ln.line_no}</td><td>{html.escape(ln.code)}</td><td style='width:{desc_width}'>"
        f"{html.escape(ln.description)}{'<br>' + html.escape(ln.extra_description) if ln.extra_description else ''}</td>"
        f"<td class=r>{qty_text(ln.quantity, lang)}</td><td>{html.escape(ln.uom_word)}</td>"
        f"<td class=r>{money(ln.unit_price, lang)}</td><td class=r>{money(ln.amount, lang)}</td></tr>"
        for ln in order.lines)
    foot = (f"<tr><td colspan=6 class=r><b>{w['total']} {order.currency}</b></td><td class=r><b>"
            f"{money(order.total, lang)}</b></td></tr>") if with_total else ""
    return (f"<table class=lines><tr><th>{w['pos']}</th><th>{w['code']}</th><th>{w['desc']}</th><th>{w['qty']}</th>"
            f"<th>{w['unit']}</th><th>{w['price']}</th><th>{w['amount']}</th></tr>{body}{foot}</table>")


CSS = ("<style>@page{size:A4;margin:16mm}body{font-family:%s;font-size:%spt}.lh{margin-bottom:10mm}"
       "table.meta td{padding:1px 8px 1px 0}table.lines{border-collapse:collapse;width:100%%;margin-top:6mm}"
       "table.lines td,table.lines th{border:%s solid #000;padding:3px 4px;vertical-align:top;text-align:left}"
       ".r{text-align:right!important}h1{font-size:15pt}</style>")


def chromium_html(order: OrderSpec, family: str, rng: random.Random) -> str:
    w = WORDS[order.customer.lang]
    font = rng.choice(("Arial, Liberation Sans, sans-serif", "Liberation Serif, Times, serif", "DejaVu Sans"))
    size = rng.choice(("10", "10.5", "11"))
    css = CSS % (font, size, rng.choice(("1px", "0.5pt")) if family == "chromium_form" else "0")
    if family == "chromium_form":
        return (f"<html><head><meta charset=utf-8>{css}</head><body>{_head(order, w)}<h1>{w['title']}</h1>"
                f"{_table(order, w, True, rng.choice(('28%', '34%')))}</body></html>")
    c = order.customer
    need = (f"<p>{w['need']} {date_text(order.delivery_date, order)}.</p>" if order.delivery_date else "")
    return (f"<html><head><meta charset=utf-8>{css}</head><body><div class=lh><b>{html.escape(c.name)}</b><br>"
            f"{html.escape(c.street)}, {html.escape(c.postcode)} {html.escape(c.city)}<br>Fax {c.fax}</div>"
            f"<p style='text-align:right'>{html.escape(c.city)}, {date_text(order.order_date, order)}</p>"
            f"<p><b>{w['ref']} {html.escape(order.po_number)}</b></p><p>{w['hello']}</p><p>{w['ask']}</p>"
            f"{_table(order, w, False, '40%')}{need}<p>{w['bye']}<br><br><i>J. Martin</i></p></body></html>")


def word_docx(order: OrderSpec, path: Path, with_total: bool) -> None:
    import docx
    from docx.shared import Cm, Pt

    w, c, lang = WORDS[order.customer.lang], order.customer, order.customer.lang
    doc = docx.Document()
    doc.styles["Normal"].font.size = Pt(10.5)
    doc.add_paragraph(f"{c.name}\n{c.street}\n{c.postcode} {c.city}\nFax {c.fax}")
    doc.add_paragraph(f"{c.city}, {date_text(order.order_date, order)}")
    doc.add_paragraph().add_run(f"{w['ref']} {order.po_number}").bold = True
    doc.add_paragraph(w["hello"])
    doc.add_paragraph(w["ask"])
    table = doc.add_table(rows=1, cols=7)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, (w["pos"], w["code"], w["desc"], w["qty"], w["unit"], w["price"],
                                                w["amount"])):
        cell.text = text
    for ln in order.lines:
        desc = ln.description + (f"\n{ln.extra_description}" if ln.extra_description else "")
        for cell, text in zip(table.add_row().cells, (str(ln.line_no), ln.code, desc, qty_text(ln.quantity, lang),
                                                      ln.uom_word, money(ln.unit_price, lang), money(ln.amount, lang))):
            cell.text = text
    table.autofit = False
    for row in table.rows:  # the column widths a typist drags into place (Word's default is equal columns)
        for cell, cm in zip(row.cells, (1.1, 2.6, 6.4, 1.7, 1.4, 2.4, 2.6)):
            cell.width = Cm(cm)
    if with_total:
        doc.add_paragraph(f"{w['total']}: {money(order.total, lang)} {order.currency}")
    if order.delivery_date:
        doc.add_paragraph(f"{w['need']} {date_text(order.delivery_date, order)}")
    doc.add_paragraph(f"{w['bye']}\n\nA. Weber")
    doc.save(path)


def calc_xlsx(order: OrderSpec, path: Path) -> None:
    import openpyxl
    from openpyxl.styles import Border, Font, Side

    w, c = WORDS[order.customer.lang], order.customer
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([c.name])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([f"{c.street}, {c.postcode} {c.city}"])
    ws.append([f"Fax {c.fax}"])
    ws.append([])
    ws.append([w["title"]])
    ws.append([w["po"], order.po_number])
    ws.append([w["date"], date_text(order.order_date, order)])
    if order.delivery_date:
        ws.append([w["deliv"], date_text(order.delivery_date, order)])
    ws.append([])
    ws.append([w["pos"], w["code"], w["desc"], w["qty"], w["unit"], w["price"], w["amount"]])
    first = ws.max_row
    for ln in order.lines:
        ws.append([ln.line_no, ln.code, ln.description, float(ln.quantity), ln.uom_word, float(ln.unit_price),
                   float(ln.amount)])
    ws.append(["", "", "", "", "", w["total"], float(order.total)])
    thin = Side(style="thin")
    for row in ws.iter_rows(min_row=first, max_row=ws.max_row):
        for cell in row:
            cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
            if cell.column in (6, 7) and cell.row > first:
                cell.number_format = "#,##0.00"
    for col, width in zip("ABCDEFG", (6, 13, 38, 8, 7, 12, 13)):
        ws.column_dimensions[col].width = width
    ws.page_setup.fitToWidth = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToHeight = 0
    wb.save(path)


LOCALES = {"fr": "fr_FR.UTF-8", "de": "de_DE.UTF-8", "en": "en_GB.UTF-8"}


def produce(order: OrderSpec, family: str, rng: random.Random, tmp: Path) -> tuple[bytes, bool]:
    """The producer's PDF of the order and whether it prints a total."""
    if family.startswith("chromium"):
        src = tmp / f"{order.name}.html"
        src.write_text(chromium_html(order, family, rng), encoding="utf-8")
        return chromium_print(src, tmp / f"{order.name}.pdf").read_bytes(), family == "chromium_form"
    if family == "word_letter":
        with_total = rng.random() < 0.4
        src = tmp / f"{order.name}.docx"
        word_docx(order, src, with_total)
        return soffice_pdf(src, tmp).read_bytes(), with_total
    src = tmp / f"{order.name}.xlsx"
    calc_xlsx(order, src)
    locale = LOCALES[order.customer.lang] if order.customer.country != "US" else "en_US.UTF-8"
    return soffice_pdf(src, tmp, locale).read_bytes(), True


def rasterise(pdf: bytes, dpi: int, tool: str, tmp: Path) -> list[np.ndarray]:
    """Gray pages of ``pdf`` by ``pdftoppm`` or ghostscript."""
    src = tmp / "in.pdf"
    src.write_bytes(pdf)
    for old in tmp.glob("pg*"):
        old.unlink()
    if tool == "gs" and shutil.which("gs"):
        subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-sDEVICE=pgmraw", f"-r{dpi}",
                        f"-sOutputFile={tmp}/pg-%03d.pgm", str(src)], check=True, capture_output=True, timeout=120)
    else:
        subprocess.run(["pdftoppm", "-gray", "-r", str(dpi), str(src), str(tmp / "pg")], check=True,
                       capture_output=True, timeout=120)
    return [np.array(Image.open(p).convert("L")) for p in sorted(tmp.glob("pg*"))]


def header_line(order: OrderSpec, page: int, pages: int, rng: random.Random) -> str:
    c = order.customer
    when = f"{order.order_date:%d/%m/%Y} {rng.randint(7, 18):02d}:{rng.randint(0, 59):02d}"
    return f"{when}  FROM: {c.fax}  {c.name.upper()[:22]}  P.{page:03d}/{pages:03d}"


def fax_page(gray: np.ndarray, dpi: int, y_dpi: int, header: str, turn: int, rng: random.Random) -> Image.Image:
    if turn:
        gray = np.ascontiguousarray(np.rot90(gray, turn))
    h, w = gray.shape
    target_w = FAX_WIDTH - 2 * rng.randint(0, 24)
    scale_x = target_w / w
    target_h = round(h * scale_x * y_dpi / X_DPI)
    angle = rng.uniform(-2.5, 2.5)
    rot = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    gray = cv2.warpAffine(gray, rot, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)
    small = cv2.resize(gray, (target_w, target_h), interpolation=cv2.INTER_AREA).astype(np.float32)
    small = cv2.GaussianBlur(small, (0, 0), rng.uniform(0.4, 0.8))
    small += np.random.default_rng(rng.randint(0, 2**31)).normal(0, rng.uniform(8, 20), small.shape).astype(np.float32)
    page = np.where(small < rng.uniform(140, 195), 0, 255).astype(np.uint8)
    canvas = np.full((target_h, FAX_WIDTH), 255, np.uint8)
    x0 = (FAX_WIDTH - target_w) // 2
    canvas[:, x0:x0 + target_w] = page
    noise = np.random.default_rng(rng.randint(0, 2**31))
    for _ in range(rng.randint(200, 1500)):
        y, x, s = noise.integers(0, target_h - 3), noise.integers(0, FAX_WIDTH - 3), noise.integers(1, 3)
        canvas[y:y + s, x:x + s] = 0
    # the sending machine's header line, in its own squat font, above the page
    band_h = 28
    band = Image.new("L", (FAX_WIDTH, band_h), 255)
    ImageDraw.Draw(band).text((30, 5), header, fill=0, font=ImageFont.truetype(str(FONT), 17))
    band_arr = np.array(band)
    if y_dpi != X_DPI:
        band_arr = cv2.resize(band_arr, (FAX_WIDTH, band_h * y_dpi // X_DPI), interpolation=cv2.INTER_AREA)
    band_arr = np.where(band_arr < 160, 0, 255).astype(np.uint8)
    canvas = np.vstack([band_arr, canvas])
    return Image.fromarray(canvas).convert("1", dither=Image.Dither.NONE)


def make(out: Path, seed: int, fine: int, standard: int) -> None:
    master = make_master(seed)
    write_master_csvs(master, out / "masterdata")
    rng = random.Random(f"realfax-{seed}")
    index = 0
    with tempfile.TemporaryDirectory() as scratch:
        tmp = Path(scratch)
        for channel, count in (("fax_fine", fine), ("fax_standard", standard)):
            folder = out / channel
            folder.mkdir(parents=True, exist_ok=True)
            for n in range(count):
                order = make_order(seed, index, master, n_lines=rng.choice((1, 2, 3, 4, 5, 6, 8, 11)))
                index += 1
                family = FAMILIES[(n + (seed % 4)) % len(FAMILIES)]
                pdf, with_total = produce(order, family, rng, tmp)
                dpi = rng.choice((200, 300))
                grays = rasterise(pdf, dpi, "gs" if n % 2 else "pdftoppm", tmp)
                turn = rng.choice((1, 3)) if rng.random() < 0.17 else 0
                y_dpi = Y_DPI[channel.split("_")[1]]
                pages = [fax_page(g, dpi, y_dpi, header_line(order, i + 1, len(grays), rng), turn, rng)
                         for i, g in enumerate(grays)]
                buf = io.BytesIO()
                pages[0].save(buf, format="TIFF", compression="group4", dpi=(X_DPI, y_dpi), save_all=True,
                              append_images=pages[1:])
                truth = truth_of(order)
                truth.update(layout=family, total=str(order.total) if with_total else None, turned=turn,
                             raster=("gs" if n % 2 else "pdftoppm"), raster_dpi=dpi)
                as_pdf = rng.random() < 0.25
                name = f"{order.name}_{family}"
                (folder / f"{name}.{'pdf' if as_pdf else 'tif'}").write_bytes(
                    fax_server_pdf(buf.getvalue()) if as_pdf else buf.getvalue())
                (folder / f"{name}.json").write_text(json.dumps(truth, indent=1, ensure_ascii=False), encoding="utf-8")
                print(channel, name, "pdf" if as_pdf else "tif", "turned" if turn else "", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--fine", type=int, default=10)
    parser.add_argument("--standard", type=int, default=20)
    args = parser.parse_args(argv)
    make(args.out, args.seed, args.fine, args.standard)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
