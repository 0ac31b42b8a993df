"""Faxes for the dedup tests: a small order table drawn with reportlab and sent through the fax machine
simulation (``testkit.capture_fax``, PIL G4 TIFF). At standard resolution with rows this tight the reader
leaves rows unread or runs two rows together: the held fax of a read with doubt."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from testkit.capture_fax import render_fax_tiff

NAMES = {"SKU-1001": "Copy paper A4 80g", "SKU-1002": "Ballpoint pen blue", "SKU-1003": "Lever arch file 80mm",
         "SKU-1004": "Stapler heavy duty", "SKU-1005": "Toner cartridge black"}
UNITS = {"SKU-1001": "BX", "SKU-1002": "PK", "SKU-1003": "C62", "SKU-1004": "C62", "SKU-1005": "C62"}
GTINS = {"SKU-1001": "4000862141404", "SKU-1002": "5412345678908", "SKU-1003": "4012345678901",
         "SKU-1004": "0012345678905", "SKU-1005": "3012345678900"}


def order_pdf(po: str, lines: list[tuple[str, int]], delivery: str, row: float = 16.0, size: float = 10.5) -> bytes:
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    _, h = A4
    c.setFont("Helvetica-Bold", 15)
    c.drawString(56, h - 70, "ORDER / COMMANDE")
    c.setFont("Helvetica", 11)
    for n, text in enumerate(("Retail Brussels NV, Rue Neuve 1, 1000 Bruxelles", f"Order no.: {po}",
                              "Order date: 01/12/2026", f"Delivery date: {delivery}")):
        c.drawString(56, h - 100 - 18 * n, text)
    xs, top = (56, 160, 380, 450, 520), h - 200
    c.setFont("Helvetica", size)
    for n, cells in enumerate([("Code", "Description", "Qty", "Unit")] +
                              [(sku, NAMES[sku], str(qty), UNITS[sku]) for sku, qty in lines]):
        for x, text in zip(xs, cells):
            c.drawString(x + 3, top - n * row + 4, text)
    for n in range(len(lines) + 2):
        c.line(xs[0], top + row - n * row, xs[-1], top + row - n * row)
    for x in xs:
        c.line(x, top + row, x, top - len(lines) * row)
    c.showPage()
    c.save()
    return buf.getvalue()


def order_fax(po: str, lines: list[tuple[str, int]], delivery: str, seed: int = 2, **kw) -> bytes:
    return render_fax_tiff(order_pdf(po, lines, delivery, **kw), "standard", seed)
