"""Fresh orders of two real-producer sources the real-producer bench did not score yet, written as corpora that
``bench/bench_real_gateway.py --corpus DIR`` reads (``DIR/masterdata``, ``DIR/docs/NAME.pdf`` beside its truth
``NAME.json``):

* ``DIR/erp``: purchase orders as ERP systems print them (``testkit/erp_prints.py``: Odoo's report and its "Order
  Deadline" variant, SAP Business One ruled and unruled, SAP R/3 fixed-width with a price per 1, 10 or 100 units,
  public-sector fixed-width POs), printed by Debian's Chromium (``--headless --print-to-pdf``), over the trust master
  data (``testkit/trust_corpus.py``: customers T1-T4 in FR/IE/US/DE, so fr, en and de prints);
* ``DIR/calc``: Calc order sheets with their columns in another order (the layouts of
  ``tests/fixtures/real_producers/calc_cols/make_calc_cols.py``: quantity first, description first, booking columns
  wider than the page), XLSX by openpyxl exported to PDF by LibreOffice in the language's locale, in en, de and fr,
  over the real-producer master data (customer C5027, whose item codes the sheets print); unlike the checked-in
  sheets, each states its delivery date (a date cell under the order date), else every one waits
  DELIVERY-DATE-MISSING, as it should.

Every order gets its own date: the order dates run over a whole month (December 2026, days shuffled by the seed),
the requested dates 3 to 40 days later; lines, quantities, PO numbers and wrapping are drawn from ``--seed``. The
layouts are the ones the readers were fixed on (``tests/test_erp_prints.py``, ``tests/test_orders_as_made.py``), so
the families count as tuned; the documents themselves are new to the code.

    PYTHONPATH=. .venv/bin/python bench/make_real_extra.py --out /tmp/extra --seed 8803 [--per-family 4]
    PYTHONPATH=. .venv/bin/python bench/bench_real_gateway.py --corpus /tmp/extra/erp --corpus /tmp/extra/calc
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import shutil
import sys
import tempfile
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from testkit import erp_prints as E  # noqa: E402
from testkit.trust_corpus import write_master  # noqa: E402

REAL = REPO / "tests" / "fixtures" / "real_producers"
MONTH = [date(2026, 12, d) for d in range(1, 32)]
SHIP = {E.FR: {"postcode": "69003", "city": "Lyon", "country": "FR"},
        E.DE: {"postcode": "20095", "city": "Hamburg", "country": "DE"},
        E.US: {"postcode": "62704", "city": "Springfield", "country": "US"},
        E.IE: {"postcode": "D02 X285", "country": "IE"}}  # "Dublin 2, D02 X285": the city's part not compared


def _days(rng: random.Random):
    while True:
        days = MONTH[:]
        rng.shuffle(days)
        yield from days


ERP_FAMILIES = {
    "erp_odoo": (lambda o: E.odoo(o), lambda rng, n: f"P{rng.randint(100, 99999):05d}", True),
    "erp_odoo_deadline": (lambda o: E.odoo(o, deadline=True), lambda rng, n: f"P{rng.randint(100, 99999):05d}", True),
    "erp_sapb1": (lambda o: E.sapb1(o), lambda rng, n: str(rng.randint(1000, 99999)), False),
    "erp_sapb1_unruled": (lambda o: E.sapb1(o, ruled=False), lambda rng, n: str(rng.randint(1000, 99999)), False),
    "erp_sapr3": (lambda o: E.sapr3(o), lambda rng, n: f"45000{rng.randint(10000, 99999)}", True),
    "erp_fixed": (lambda o: E.fixed_width(o), lambda rng, n: f"PO-2026-{rng.randint(1000, 9999)}", True),
}
QUANTITIES = (1, 2, 3, 5, 6, 10, 12, 15, 20, 24, 25, 30, 40, 48, 50, 60, 75, 100, 120, 150, 200, 250, 500, 1200)


def make_erp(out: Path, rng: random.Random, per_family: int, days) -> int:
    from testkit.chromium import chromium_print

    write_master(out / "masterdata")
    docs = out / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    customers = [E.FR, E.DE, E.US, E.IE]
    n = 0
    with tempfile.TemporaryDirectory() as tmp:
        for family, (render, po, ship) in ERP_FAMILIES.items():
            start = rng.randrange(4)
            for k in range(per_family):
                customer = customers[(start + k) % 4]
                ordered = next(days)
                skus = rng.sample(sorted(E.PRICE), rng.randint(1, 6))
                lines = [(sku, rng.choice(QUANTITIES)) for sku in skus]
                order = E.ErpOrder(customer, po(rng, k), ordered, ordered + timedelta(days=rng.randint(3, 40)), lines,
                                   wrap=rng.random() < 0.5, per=rng.choice((1, 1, 10, 100)))
                name = f"{family}_{k + 1}"
                html = Path(tmp) / f"{name}.html"
                html.write_text(render(order), encoding="utf-8")
                chromium_print(html, docs / f"{name}.pdf")
                total = sum((E.PRICE[s] * q for s, q in lines), Decimal(0))
                truth = {"family": family, "customer_id": customer.customer_id, "sender": customer.email,
                         "language": order.lang, "po_number": order.po, "order_date": ordered.isoformat(),
                         "requested_delivery_date": order.requested.isoformat(), "total": f"{total:.2f}",
                         "currency": customer.currency,
                         "lines": [{"line_no": i + 1, "sku": s, "customer_item": s, "quantity": str(q),
                                    "uom": E.UOM[s], "unit_price": f"{E.PRICE[s]:.2f}",
                                    "amount": f"{E.PRICE[s] * q:.2f}"} for i, (s, q) in enumerate(lines)],
                         "made_by": f"chromium --headless --print-to-pdf of testkit.erp_prints ({family}, wrap "
                                    f"{order.wrap}, per {order.per})"}
                if ship and customer in SHIP:
                    truth["ship_to"] = SHIP[customer]
                (docs / f"{name}.json").write_text(json.dumps(truth, indent=1, ensure_ascii=False) + "\n",
                                                   encoding="utf-8")
                n += 1
    return n


def make_portal(out: Path, rng: random.Random, per_family: int, days) -> int:
    """Browser prints of procurement portals, ERPs and web shops (``testkit/portal_prints.py``)."""
    from testkit import portal_prints as P
    from testkit.chromium import chromium_print

    write_master(out / "masterdata")
    docs = out / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    n = 0
    with tempfile.TemporaryDirectory() as tmp:
        for family, (render, customers) in P.FAMILIES.items():
            start = rng.randrange(len(customers))
            for k in range(per_family):
                customer = customers[(start + k) % len(customers)]
                ordered = next(days)
                count = rng.randint(4, 6) if family == "portal_odoo2p" else rng.randint(1, 6)
                skus = rng.sample(sorted(E.PRICE), count)
                lines = [(sku, rng.choice(QUANTITIES)) for sku in skus]
                po = rng.choice((f"PO{rng.randint(10000, 99999)}", f"45{rng.randint(10000000, 99999999)}",
                                 f"BC-{rng.randint(1000, 9999)}"))
                order = E.ErpOrder(customer, po, ordered, ordered + timedelta(days=rng.randint(3, 40)), lines,
                                   wrap=rng.random() < 0.5)
                name = f"{family}_{k + 1}"
                html = Path(tmp) / f"{name}.html"
                html.write_text(render(order), encoding="utf-8")
                chromium_print(html, docs / f"{name}.pdf")
                truth = {"family": family, "customer_id": customer.customer_id, "sender": customer.email,
                         "language": order.lang, "po_number": order.po, "order_date": ordered.isoformat(),
                         "requested_delivery_date": order.requested.isoformat(),
                         "total": f"{P.order_total(order):.2f}", "currency": customer.currency,
                         "lines": [{"line_no": i + 1, "sku": s,
                                    "customer_item": None if family in P.SUPPLIER_CODED else s, "quantity": str(q),
                                    "uom": E.UOM[s], "unit_price": f"{E.PRICE[s]:.2f}",
                                    "amount": f"{E.PRICE[s] * q:.2f}"} for i, (s, q) in enumerate(lines)],
                         "made_by": f"chromium --headless --print-to-pdf of testkit.portal_prints ({family}, wrap "
                                    f"{order.wrap})"}
                if family not in P.NO_SHIP_TO and customer in SHIP:
                    truth["ship_to"] = SHIP[customer]
                (docs / f"{name}.json").write_text(json.dumps(truth, indent=1, ensure_ascii=False) + "\n",
                                                   encoding="utf-8")
                n += 1
    return n


CALC_FAMILIES = {"calc_qtyfirst": ("qiudpa", ("en", "de", "fr")),
                 "calc_qtyfirst_unit_last": ("qidupa", ("en", "de", "fr")),
                 "calc_descfirst": ("diqupa", ("en", "de", "fr")), "calc_wide": ("idqu12pa", ("en", "de", "fr")),
                 "calc_wide13": ("id145qupa2", ("de", "de", "de"))}
LOCALES = {"en": None, "de": "de_DE.UTF-8", "fr": "fr_FR.UTF-8"}
CALC_CUSTOMER = "C5027"


def calc_items() -> list[tuple[str, str, str, str, Decimal]]:
    """(customer code, sku, description, written unit, price) of C5027's cross-references."""
    with (REAL / "masterdata" / "products.csv").open(encoding="utf-8") as fh:
        products = {r["sku"]: r for r in csv.DictReader(fh)}
    with (REAL / "masterdata" / "item_xref.csv").open(encoding="utf-8") as fh:
        xref = [r for r in csv.DictReader(fh) if r["customer_id"] == CALC_CUSTOMER]
    return [(r["customer_item"], r["sku"], products[r["sku"]]["description"],
             {"C62": "EA"}.get(products[r["sku"]]["uom"], products[r["sku"]]["uom"]),
             Decimal(products[r["sku"]]["unit_price"])) for r in xref]


def make_calc(out: Path, rng: random.Random, per_family: int, days) -> int:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from testkit.office_export import EXTRA, TITLES, WIDTHS, soffice_pdf  # the checked-in Calc sheets' layouts

    shutil.copytree(REAL / "masterdata", out / "masterdata", dirs_exist_ok=True)
    with (out / "masterdata" / "products.csv").open(encoding="utf-8") as fh:
        uom = {r["sku"]: r["uom"] for r in csv.DictReader(fh)}
    with (out / "masterdata" / "customers.csv").open(encoding="utf-8") as fh:
        sender = next(r["sender_emails"] for r in csv.DictReader(fh) if r["customer_id"] == CALC_CUSTOMER)
    docs = out / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    items = calc_items()
    n = 0
    with tempfile.TemporaryDirectory() as tmp:
        for family, (cols, langs) in CALC_FAMILIES.items():
            for k in range(per_family):
                lang = langs[k % len(langs)]
                ordered = next(days)
                po = f"{rng.choice(('CC', 'PO', 'ASH'))}-{rng.randint(1000, 99999)}"
                chosen = rng.sample(items, rng.randint(2, 6))
                wb = Workbook()
                ws = wb.active
                ws["A1"] = {"en": "Purchase Order", "de": "Bestellung", "fr": "Bon de commande"}[lang]
                ws["A1"].font = Font(bold=True, size=14)
                labels = {"en": ("PO Number", "Order Date", "Delivery Date"),
                          "de": ("Bestellnummer", "Bestelldatum", "Liefertermin"),
                          "fr": ("N° de commande", "Date de commande", "Date de livraison")}[lang]
                requested = ordered + timedelta(days=rng.randint(3, 40))
                ws["A3"], ws["D3"] = labels[0], po
                ws["A4"], ws["D4"] = labels[1], ordered
                ws["A5"], ws["D5"] = labels[2], requested
                for cell in ("D4", "D5"):
                    ws[cell].number_format = "DD.MM.YYYY" if lang == "de" else "DD/MM/YYYY"
                    ws[cell].alignment = Alignment(horizontal="left")
                for c, key in enumerate(cols, 1):
                    ws.cell(7, c, TITLES[lang].get(key) or EXTRA[lang][key]).font = Font(bold=True)
                    ws.column_dimensions[chr(64 + c)].width = max(WIDTHS.get(key, 24), 12 if key in "iu" else 0)
                lines = []
                for r, (code, sku, text, unit, price) in enumerate(chosen, 8):
                    qty = rng.choice(QUANTITIES)
                    amount = price * qty
                    values = dict(q=qty, i=code, d=text, u=unit, p=float(price), a=float(amount),
                                  **{key: f"{v} {r - 7}" for key, v in EXTRA[lang].items()})
                    for c, key in enumerate(cols, 1):
                        cell = ws.cell(r, c, values[key])
                        if key in "pa":
                            cell.number_format = "#,##0.00"
                    lines.append({"line_no": r - 7, "sku": sku, "customer_item": code, "description": text,
                                  "quantity": str(qty), "uom": uom[sku], "unit_price": f"{price:.2f}",
                                  "amount": f"{amount:.2f}"})
                name = f"{family}_{k + 1}_{lang}"
                src = Path(tmp) / f"{name}.xlsx"
                wb.save(src)
                (docs / f"{name}.pdf").write_bytes(soffice_pdf(src, Path(tmp), LOCALES[lang]).read_bytes())
                truth = {"family": family, "customer_id": CALC_CUSTOMER, "sender": sender, "language": lang,
                         "po_number": po, "order_date": ordered.isoformat(),
                         "requested_delivery_date": requested.isoformat(),
                         "total": None, "currency": "GBP", "lines": lines,
                         "made_by": f"openpyxl XLSX (columns {cols}) exported by soffice --headless --convert-to pdf"
                                    f" (locale {LOCALES[lang]})"}
                (docs / f"{name}.json").write_text(json.dumps(truth, indent=1, ensure_ascii=False) + "\n",
                                                   encoding="utf-8")
                n += 1
    return n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=8803)
    parser.add_argument("--per-family", type=int, default=4)
    parser.add_argument("--only", choices=("erp", "calc", "portal"))
    args = parser.parse_args()
    if args.only in (None, "erp"):
        rng = random.Random(args.seed)
        n = make_erp(args.out / "erp", rng, args.per_family, _days(rng))
        print(f"ERP prints: {n} documents in {args.out / 'erp'}")
    if args.only in (None, "portal"):
        rng = random.Random(args.seed + 2)
        n = make_portal(args.out / "portal", rng, args.per_family, _days(rng))
        print(f"Portal and web-shop prints: {n} documents in {args.out / 'portal'}")
    if args.only in (None, "calc"):
        rng = random.Random(args.seed + 1)
        n = make_calc(args.out / "calc", rng, max(3, args.per_family - 1), _days(rng))
        print(f"Calc sheets: {n} documents in {args.out / 'calc'}")


if __name__ == "__main__":
    main()
