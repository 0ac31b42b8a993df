"""The three synthetic order layouts, drawn with reportlab: "classic" (label: value block, ruled
grid table), "boxed" (labels above values in boxes, rules under the table header only) and
"din" (a German business-letter style: subject line with number and date, no rules, two-row
items, carried-forward subtotals between pages). Each in French, German and English with that
language's number and date conventions.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from testkit.capture_corpus import LANG_INDEX, LineSpec, OrderSpec

W, H = A4
MARGIN = 40.0
SUPPLIER = ("Outils Pro Distribution SAS", "ZI des Chênes, 5 allée Nord", "38070 Saint-Quentin-Fallavier")

MONTH_NAMES = (
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split(),
    "Januar Februar März April Mai Juni Juli August September Oktober November Dezember".split(),
    "January February March April May June July August September October November December".split(),
)

# Per layout, per language (fr, de, en).
TEXT = {
    "classic": {
        "title": ("BON DE COMMANDE", "BESTELLUNG", "PURCHASE ORDER"),
        "po": ("N° de commande :", "Bestellnummer:", "PO Number:"),
        "date": ("Date :", "Datum:", "Order date:"),
        "delivery": ("Livraison souhaitée :", "Liefertermin:", "Delivery date:"),
        "supplier": ("Fournisseur :", "Lieferant:", "Supplier:"),
        "cols": (("Réf.", "Désignation", "Qté", "Unité", "P.U. HT", "Montant HT"),
                 ("Art.-Nr.", "Bezeichnung", "Menge", "Einheit", "Einzelpreis", "Betrag"),
                 ("Item No.", "Description", "Qty", "Unit", "Unit price", "Amount")),
        "total": ("Total HT", "Summe netto", "Total net"),
        "footer": ("Commande {po} - Page {p}/{n}", "Bestellung {po} - Seite {p}/{n}", "Order {po} - Page {p}/{n}"),
        "currency": ("Devise : {c}", "Währung: {c}", "Currency: {c}"),
    },
    "boxed": {
        "title": ("COMMANDE FOURNISSEUR", "BESTELLUNG", "ORDER"),
        "boxes": (("Commande n°", "Date de commande", "Date de livraison", "Devise"),
                  ("Bestell-Nr.", "Bestelldatum", "Wunschtermin", "Währung"),
                  ("Order No.", "Order Date", "Requested delivery", "Currency")),
        "cols": (("Pos.", "Article", "Description", "Quantité", "Unité", "Prix unit.", "Total"),
                 ("Pos.", "Artikel", "Beschreibung", "Anzahl", "ME", "Preis", "Gesamt"),
                 ("Line", "Item", "Description", "Quantity", "UOM", "Price", "Amount")),
        "total": ("Total commande :", "Gesamtbetrag:", "Order total:"),
        "footer": ("{p} / {n}", "{p} / {n}", "{p} / {n}"),
    },
    "din": {
        "subject": ("Commande n° {po} du {d}", "Bestellung Nr. {po} vom {d}", "Purchase Order No. {po} of {d}"),
        "delivery": ("Date de livraison : {d}", "Liefertermin: {d}", "Delivery date: {d}"),
        "contact": ("Télécopie : {f}", "Telefax: {f}", "Fax: {f}"),
        "vat": ("N° TVA : {v}", "USt-IdNr.: {v}", "VAT No.: {v}"),
        "cols": (("Pos.", "Code", "Désignation", "Quantité", "Unité", "Prix", "Montant"),
                 ("Pos.", "Art.-Nr.", "Bezeichnung", "Menge", "ME", "Preis/ME", "Gesamt"),
                 ("Pos.", "Part No.", "Description", "Quantity", "Unit", "Price", "Total")),
        "carry": ("Report : {a}", "Übertrag: {a}", "Carried forward: {a}"),
        "total": ("Total net : {a} {c}", "Nettobetrag: {a} {c}", "Net total: {a} {c}"),
        "footer": ("Page {p} sur {n}", "Seite {p} von {n}", "Page {p} of {n}"),
        "greeting": ("Merci de confirmer cette commande par retour.", "Bitte bestätigen Sie diese Bestellung.",
                     "Please confirm this order by return."),
    },
}


def fmt_number(value: Decimal, lang: str, places: int | None = 2) -> str:
    """``value`` as the language writes it: 1 234,56 (fr), 1.234,56 (de), 1,234.56 (en)."""
    if places is None:
        places = 0 if value == value.to_integral_value() else max(0, -value.normalize().as_tuple().exponent)
    text = f"{value:,.{places}f}"
    sep, dec = {"fr": (" ", ","), "de": (".", ","), "en": (",", ".")}[lang]
    return text.replace(",", "\0").replace(".", dec).replace("\0", sep)


def fmt_date(value: date, order: OrderSpec) -> str:
    cust = order.customer
    lang = LANG_INDEX[cust.lang]
    if cust.named_dates:
        month = MONTH_NAMES[lang][value.month - 1]
        return (f"{value.day} {month} {value.year}", f"{value.day}. {month} {value.year}",
                f"{month} {value.day}, {value.year}")[lang]
    if cust.locale == "en_US":
        return value.strftime("%m/%d/%Y")
    return value.strftime("%d.%m.%Y" if cust.lang == "de" else "%d/%m/%Y")


@dataclass(frozen=True)
class Column:
    x: float
    width: float
    align: str  # "l" | "r"


def _cell(c: Canvas, col: Column, y: float, text: str) -> None:
    if col.align == "r":
        c.drawRightString(col.x + col.width - 4, y, text)
    else:
        c.drawString(col.x + 4, y, text)


def _columns(widths: tuple[float, ...], aligns: str, x: float = MARGIN) -> list[Column]:
    cols = []
    for width, align in zip(widths, aligns):
        cols.append(Column(x, width, align))
        x += width
    return cols


def _line_cells(ln: LineSpec, lang: str, with_pos: bool) -> list[str]:
    cells = [str(ln.line_no)] if with_pos else []
    return cells + [ln.code, ln.description, fmt_number(ln.quantity, lang, None), ln.uom_word,
                    fmt_number(ln.unit_price, lang), fmt_number(ln.amount, lang)]


def _paginate(rows: list, first: int, other: int) -> list[list]:
    pages = [rows[:first]]
    rest = rows[first:]
    while rest:
        pages.append(rest[:other])
        rest = rest[other:]
    return pages


def _fax_line(c: Canvas, order: OrderSpec, page: int, pages: int) -> None:
    c.setFont("Courier", 8)
    stamp = order.order_date.strftime("%d/%m/%Y") + " 09:4" + str(page)
    c.drawString(MARGIN - 10, H - 16, f"{stamp}  FROM: {order.customer.fax}   {order.customer.name[:24]}"
                                      f"   P.{page:03d}/{pages:03d}")


def draw_classic(c: Canvas, order: OrderSpec, fax: bool) -> None:
    t, lang = TEXT["classic"], LANG_INDEX[order.customer.lang]
    cust, L = order.customer, order.customer.lang
    cols = _columns((78, 207, 45, 50, 65, 70), "llrlrr")
    pages = _paginate(list(order.lines), 24, 38)
    for p, lines in enumerate(pages, 1):
        if fax:
            _fax_line(c, order, p, len(pages))
        y = H - 60
        if p == 1:
            c.setFont("Helvetica-Bold", 14)
            c.drawString(MARGIN, y, cust.name)
            c.setFont("Helvetica", 9)
            for i, text in enumerate((cust.street, f"{cust.postcode} {cust.city}",
                                      f"Tél. {cust.phone}  Fax {cust.fax}" if L == "fr" else
                                      f"Tel. {cust.phone}  Fax {cust.fax}", f"E-mail: {cust.email}",
                                      f"VAT: {cust.vat}" if cust.vat else "")):
                c.drawString(MARGIN, y - 14 - 11 * i, text)
            c.setFont("Helvetica-Bold", 16)
            c.drawRightString(W - MARGIN, y, t["title"][lang])
            c.setFont("Helvetica", 10)
            values = [(t["po"][lang], order.po_number), (t["date"][lang], fmt_date(order.order_date, order))]
            if order.delivery_date:
                values.append((t["delivery"][lang], fmt_date(order.delivery_date, order)))
            values.append((t["currency"][lang].format(c="").strip(), order.currency))
            for i, (label, value) in enumerate(values):
                c.drawString(340, y - 30 - 15 * i, label)
                c.drawString(455, y - 30 - 15 * i, value)
            c.setFont("Helvetica", 9)
            c.drawString(MARGIN, y - 110, t["supplier"][lang])
            for i, text in enumerate(SUPPLIER):
                c.drawString(MARGIN + 10, y - 123 - 11 * i, text)
            y -= 175
        else:
            y -= 20
        y = _classic_table(c, cols, t["cols"][lang], lines, L, y)
        if p == len(pages):
            c.setFont("Helvetica-Bold", 10)
            c.drawString(cols[4].x + 4 - 40, y - 16, t["total"][lang])
            _cell(c, cols[5], y - 16, fmt_number(order.total, L))
            c.rect(cols[4].x - 40, y - 22, cols[4].width + cols[5].width + 40, 18)
        c.setFont("Helvetica", 8)
        c.drawCentredString(W / 2, 28, t["footer"][lang].format(po=order.po_number, p=p, n=len(pages)))
        c.showPage()


def _classic_table(c: Canvas, cols: list[Column], header: tuple[str, ...], lines: list[LineSpec],
                   lang: str, y: float) -> float:
    row_h, x0, x1 = 17.0, cols[0].x, cols[-1].x + cols[-1].width
    c.setFillGray(0.85)
    c.rect(x0, y - row_h, x1 - x0, row_h, stroke=0, fill=1)
    c.setFillGray(0)
    c.setFont("Helvetica-Bold", 9.5)
    for col, text in zip(cols, header):
        _cell(c, col, y - 12, text)
    c.setFont("Helvetica", 9.5)
    top = y
    y -= row_h
    for ln in lines:
        for col, text in zip(cols, _line_cells(ln, lang, False)):
            _cell(c, col, y - 12, text)
        y -= row_h
    for k in range(int(round((top - y) / row_h)) + 1):
        c.line(x0, top - k * row_h, x1, top - k * row_h)
    for col in cols:
        c.line(col.x, top, col.x, y)
    c.line(x1, top, x1, y)
    return y


def draw_boxed(c: Canvas, order: OrderSpec, fax: bool) -> None:
    t, lang = TEXT["boxed"], LANG_INDEX[order.customer.lang]
    cust, L = order.customer, order.customer.lang
    cols = _columns((30, 70, 190, 55, 40, 60, 70), "lllrlrr")
    pages = _paginate(list(order.lines), 26, 40)
    for p, lines in enumerate(pages, 1):
        if fax:
            _fax_line(c, order, p, len(pages))
        y = H - 62
        if p == 1:
            c.setFont("Times-Bold", 17)
            c.drawCentredString(W / 2, y, cust.name)
            c.setFont("Times-Roman", 9.5)
            c.drawCentredString(W / 2, y - 14, f"{cust.street}, {cust.postcode} {cust.city}")
            c.drawCentredString(W / 2, y - 26, f"Tel {cust.phone} - Fax {cust.fax} - {cust.email}")
            c.setFont("Times-Bold", 15)
            c.drawString(MARGIN, y - 62, t["title"][lang])
            c.setFont("Times-Roman", 10)
            c.drawString(330, y - 50, SUPPLIER[0])
            c.drawString(330, y - 62, SUPPLIER[1])
            c.drawString(330, y - 74, SUPPLIER[2])
            y = _boxes(c, order, t["boxes"][lang], y - 95)
        else:
            y -= 20
        y = _plain_table(c, cols, t["cols"][lang], lines, L, y, ("Times-Bold", "Times-Roman", 10))
        if p == len(pages):
            c.setFont("Times-Bold", 11)
            c.drawRightString(W - MARGIN - 4, y - 22,
                              f"{t['total'][lang]} {fmt_number(order.total, L)} {order.currency}")
        c.setFont("Times-Roman", 9)
        c.drawRightString(W - MARGIN, 28, t["footer"][lang].format(p=p, n=len(pages)))
        c.showPage()


def _boxes(c: Canvas, order: OrderSpec, labels: tuple[str, ...], y: float) -> float:
    values = (order.po_number, fmt_date(order.order_date, order),
              fmt_date(order.delivery_date, order) if order.delivery_date else "", order.currency)
    width = (W - 2 * MARGIN) / 4
    for i, (label, value) in enumerate(zip(labels, values)):
        x = MARGIN + i * width
        c.rect(x, y - 36, width, 36)
        c.setFont("Times-Roman", 8.5)
        c.drawString(x + 5, y - 12, label)
        c.setFont("Times-Bold", 11)
        c.drawString(x + 5, y - 29, value)
    return y - 60


def _plain_table(c: Canvas, cols: list[Column], header: tuple[str, ...], rows: list, lang: str,
                 y: float, fonts: tuple[str, str, float], row_h: float = 16.0) -> float:
    bold, regular, size = fonts
    x0, x1 = cols[0].x, cols[-1].x + cols[-1].width
    c.setFont(bold, size)
    for col, text in zip(cols, header):
        _cell(c, col, y - 12, text)
    c.line(x0, y + 1, x1, y + 1)
    c.line(x0, y - row_h + 1, x1, y - row_h + 1)
    y -= row_h + 4
    c.setFont(regular, size)
    for row in rows:
        cells = _line_cells(row, lang, True) if isinstance(row, LineSpec) else row
        for col, text in zip(cols, cells):
            if text:
                _cell(c, col, y - 12, text)
        y -= row_h
    c.line(x0, y, x1, y)
    return y


def draw_din(c: Canvas, order: OrderSpec, fax: bool) -> None:
    t, lang = TEXT["din"], LANG_INDEX[order.customer.lang]
    cust, L = order.customer, order.customer.lang
    cols = _columns((30, 72, 200, 52, 36, 60, 65), "lllrlrr")
    groups = [[ln] + ([["", "", ln.extra_description]] if ln.extra_description else []) for ln in order.lines]
    pages = [[row for group in page for row in group] for page in _paginate(groups, 18, 30)]  # items stay whole
    carried = Decimal(0)
    for p, page_rows in enumerate(pages, 1):
        if fax:
            _fax_line(c, order, p, len(pages))
        y = H - 60
        if p == 1:
            y = _din_head(c, order, t, lang, y)
        else:
            y -= 10
        if p > 1:
            page_rows = [["", "", t["carry"][lang].format(a=""), "", "", "", fmt_number(carried, L)]] + page_rows
        y = _plain_table(c, cols, t["cols"][lang], page_rows, L, y, ("Helvetica-Bold", "Helvetica", 9))
        carried += sum((r.amount for r in page_rows if isinstance(r, LineSpec)), Decimal(0))
        c.setFont("Helvetica-Bold", 9.5)
        if p < len(pages):
            c.drawString(cols[2].x + 4, y - 14, t["carry"][lang].format(a=""))
            _cell(c, cols[6], y - 14, fmt_number(carried, L))
        else:
            c.drawRightString(W - MARGIN - 4, y - 16, t["total"][lang].format(a=fmt_number(order.total, L),
                                                                            c=order.currency))
            c.setFont("Helvetica", 9)
            c.drawString(MARGIN, y - 46, t["greeting"][lang])
        c.setFont("Helvetica", 8)
        c.drawCentredString(W / 2, 28, t["footer"][lang].format(p=p, n=len(pages)))
        c.showPage()


def _din_head(c: Canvas, order: OrderSpec, t: dict, lang: int, y: float) -> float:
    cust = order.customer
    c.setFont("Helvetica-Bold", 13)
    c.drawString(MARGIN, y, cust.name)
    c.setFont("Helvetica", 7)
    c.drawString(MARGIN, y - 40, f"{cust.name} - {cust.street} - {cust.postcode} {cust.city}")
    c.setFont("Helvetica", 10)
    for i, text in enumerate(SUPPLIER):
        c.drawString(MARGIN, y - 56 - 13 * i, text)
    c.setFont("Helvetica", 9)
    info = [cust.street, f"{cust.postcode} {cust.city}", f"Tel. {cust.phone}",
            t["contact"][lang].format(f=cust.fax), cust.email]
    if cust.vat:
        info.append(t["vat"][lang].format(v=cust.vat))
    for i, text in enumerate(info):
        c.drawString(380, y - 14 * i, text)
    c.setFont("Helvetica-Bold", 11)
    c.drawString(MARGIN, y - 130, t["subject"][lang].format(po=order.po_number,
                                                         d=fmt_date(order.order_date, order)))
    c.setFont("Helvetica", 10)
    if order.delivery_date:
        c.drawString(MARGIN, y - 148, t["delivery"][lang].format(d=fmt_date(order.delivery_date, order)))
    return y - 175


LAYOUTS: dict[str, Callable[[Canvas, OrderSpec, bool], None]] = {
    "classic": draw_classic, "boxed": draw_boxed, "din": draw_din,
}


def render_order_pdf(order: OrderSpec, fax_header: bool = False) -> bytes:
    """The order drawn in its customer's layout and language, as PDF bytes. ``fax_header`` adds
    the sending fax machine's header line at the top of each page."""
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4, invariant=1)
    c.setTitle(order.name)
    LAYOUTS[order.customer.layout](c, order, fax_header)
    c.save()
    return buf.getvalue()
