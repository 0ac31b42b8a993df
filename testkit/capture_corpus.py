"""A synthetic, seeded corpus of purchase orders for the capture benchmark and tests.

Owns the *content*: customers (three layouts x three languages), products with SKUs, customer
item cross-references, orders with their lines, and the ground truth JSON. Rendering lives in
``capture_layouts`` (PDF with reportlab) and ``capture_fax`` (fax TIFFs). Everything is
deterministic from the seed.

    python -m testkit.capture_corpus OUT_DIR [--seed 7] [--pdf 60] [--fine 60] [--standard 60]

writes ``OUT_DIR/masterdata/{customers,products,item_xref}.csv`` (columns as
``gateway.reference.masterdata`` reads them) and ``OUT_DIR/{pdf,fax_fine,fax_standard}/NAME.{pdf,tif}`` each
with ``NAME.json`` beside it. Order *i* is the same order in every channel.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

CHANNELS = ("pdf", "fax_fine", "fax_standard")


@dataclass(frozen=True)
class CustomerSpec:
    customer_id: str
    name: str
    lang: str  # "fr" | "de" | "en"
    locale: str
    layout: str  # "classic" | "boxed" | "din"
    po_format: str  # "#" = digit
    street: str
    postcode: str
    city: str
    country: str
    phone: str
    fax: str
    email: str
    vat: str
    named_dates: bool = False
    codes: str = "sku"  # which code the customer writes: "sku" (ours) or "own"


CUSTOMERS: tuple[CustomerSpec, ...] = (
    CustomerSpec("C1001", "Bricomax SA", "fr", "fr_FR", "classic", "BC-26-#####", "12 rue des Forges",
                 "69003", "Lyon", "FR", "+33 4 72 10 20 30", "+33 4 72 10 20 31",
                 "achats@bricomax.fr", "FR40123456789"),
    CustomerSpec("C1002", "Quincaillerie Martin SARL", "fr", "fr_FR", "boxed", "4500######",
                 "8 avenue Jean Jaurès", "33000", "Bordeaux", "FR", "+33 5 56 11 22 33",
                 "+33 5 56 11 22 34", "commandes@qmartin.fr", "FR77987654321", codes="own"),
    CustomerSpec("C1003", "Outillage Lefèvre", "fr", "fr_FR", "din", "CMD######", "3 quai Sud",
                 "44000", "Nantes", "FR", "+33 2 40 50 60 70", "+33 2 40 50 60 71",
                 "appro@lefevre-outillage.fr", "FR55111222333", named_dates=True, codes="own"),
    CustomerSpec("C2001", "Keller Baustoffe GmbH", "de", "de_DE", "din", "B-######",
                 "Industriestr. 5", "70565", "Stuttgart", "DE", "+49 711 123450", "+49 711 123459",
                 "einkauf@keller-bau.de", "DE123456789", named_dates=True, codes="own"),
    CustomerSpec("C2002", "Schmidt Werkzeuge AG", "de", "de_DE", "classic", "45########",
                 "Hafenweg 22", "20457", "Hamburg", "DE", "+49 40 5566770", "+49 40 5566779",
                 "bestellung@schmidt-werkzeuge.de", "DE987654321"),
    CustomerSpec("C2003", "Hofmann Technik KG", "de", "de_DE", "boxed", "BE2026-####",
                 "Ringstr. 41", "80331", "München", "DE", "+49 89 2233440", "+49 89 2233449",
                 "order@hofmann-technik.de", "DE246813579", codes="own"),
    CustomerSpec("C3001", "Northwind Supplies Ltd", "en", "en_GB", "classic", "PO-######",
                 "14 Mill Lane", "LS1 4AB", "Leeds", "GB", "+44 113 496 0000", "+44 113 496 0001",
                 "purchasing@northwind.co.uk", "GB123456789"),
    CustomerSpec("C3002", "Acme Industrial Inc.", "en", "en_US", "boxed", "AC######",
                 "500 Commerce Dr", "60601", "Chicago", "US", "+1 312 555 0140", "+1 312 555 0199",
                 "po@acme-industrial.com", "", codes="own"),
    CustomerSpec("C3003", "Baker & Sons Hardware", "en", "en_US", "din", "BKR-#####",
                 "77 Harbor Road", "02110", "Boston", "US", "+1 617 555 0123", "+1 617 555 0124",
                 "orders@bakerandsons.com", "", named_dates=True, codes="own"),
)

# (fr, de, en) product names, attributes and unit words.
NOUNS = (
    ("Vis à bois", "Holzschraube", "Wood screw"), ("Cheville nylon", "Nylondübel", "Nylon anchor"),
    ("Écrou hexagonal", "Sechskantmutter", "Hex nut"), ("Rondelle plate", "Unterlegscheibe", "Flat washer"),
    ("Boulon", "Schraube", "Bolt"), ("Gants de protection", "Schutzhandschuhe", "Safety gloves"),
    ("Ruban adhésif", "Klebeband", "Adhesive tape"), ("Foret métal", "Metallbohrer", "Metal drill bit"),
    ("Disque à tronçonner", "Trennscheibe", "Cutting disc"), ("Colle contact", "Kontaktkleber", "Contact glue"),
    ("Câble électrique", "Elektrokabel", "Electric cable"), ("Interrupteur", "Schalter", "Switch"),
    ("Ampoule LED", "LED-Lampe", "LED bulb"), ("Pinceau plat", "Flachpinsel", "Flat brush"),
    ("Peinture acrylique", "Acrylfarbe", "Acrylic paint"), ("Mastic silicone", "Silikon", "Silicone sealant"),
    ("Charnière", "Scharnier", "Hinge"), ("Serrure à cylindre", "Zylinderschloss", "Cylinder lock"),
    ("Tuyau d'arrosage", "Gartenschlauch", "Garden hose"), ("Collier de serrage", "Schlauchschelle", "Hose clamp"),
)
MATERIALS = (("inox", "Edelstahl", "stainless"), ("zingué", "verzinkt", "zinc plated"),
             ("noir", "schwarz", "black"), ("blanc", "weiß", "white"), ("laiton", "Messing", "brass"))
SIZES = ("4x40", "5x60", "M8", "M10", "6 mm", "8 mm", "10 m", "25 m", "230 V", "50 mm", "1 L", "125 mm")
UNITS = {  # Rec 20 code -> (fr, de, en) word
    "C62": ("PCE", "Stk", "EA"), "BX": ("BTE", "Box", "BOX"), "CT": ("CARTON", "Kart", "CTN"),
    "KGM": ("kg", "kg", "kg"), "MTR": ("m", "m", "m"),
}
LANG_INDEX = {"fr": 0, "de": 1, "en": 2}
SKU_LETTERS = "ABCDEFGHJKLMNOPRSTVWXZ"  # includes the OCR-confusable O, S, B, Z, G


@dataclass(frozen=True)
class ProductSpec:
    sku: str
    gtin: str
    names: tuple[str, str, str]  # fr, de, en
    uom: str
    unit_price: Decimal


@dataclass(frozen=True)
class LineSpec:
    line_no: int
    sku: str
    code: str  # as written on the document
    description: str
    quantity: Decimal
    uom_word: str
    uom: str
    unit_price: Decimal
    amount: Decimal
    extra_description: str | None = None  # a second description row (continuation)


@dataclass(frozen=True)
class OrderSpec:
    name: str
    customer: CustomerSpec
    po_number: str
    order_date: date
    delivery_date: date | None
    currency: str
    lines: tuple[LineSpec, ...]
    total: Decimal = field(default=Decimal(0))


@dataclass(frozen=True)
class MasterSpec:
    products: tuple[ProductSpec, ...]
    xref: dict[tuple[str, str], str]  # (customer_id, sku) -> customer's own item code


def make_master(seed: int, n_products: int = 160) -> MasterSpec:
    """Products with unique SKUs and GTINs, and each 'own code' customer's item numbers."""
    rng = random.Random(f"master-{seed}")
    skus: set[str] = set()
    products = []
    while len(products) < n_products:
        sku = f"{rng.choice(SKU_LETTERS)}{rng.choice(SKU_LETTERS)}-{rng.randint(100, 9999)}"
        if sku in skus:
            continue
        skus.add(sku)
        noun, material = rng.choice(NOUNS), rng.choice(MATERIALS)
        size = rng.choice(SIZES)
        names = tuple(f"{noun[i]} {material[i]} {size}" for i in range(3))
        uom = rng.choice(("C62", "C62", "C62", "BX", "CT", "KGM", "MTR"))
        price = Decimal(rng.randint(15, 25000)) / 100
        products.append(ProductSpec(sku, _gtin(rng), names, uom, price))  # type: ignore[arg-type]
    xref: dict[tuple[str, str], str] = {}
    for cust in CUSTOMERS:
        if cust.codes == "own":
            used: set[str] = set()
            for p in products:
                code = _own_code(rng, cust)
                while code in used:
                    code = _own_code(rng, cust)
                used.add(code)
                xref[(cust.customer_id, p.sku)] = code
    return MasterSpec(tuple(products), xref)


def _own_code(rng: random.Random, cust: CustomerSpec) -> str:
    style = int(cust.customer_id[1:]) % 3
    if style == 0:
        return f"{rng.randint(1000, 9999)}-{rng.randint(0, 9999):04d}"
    if style == 1:
        return f"ART{rng.randint(10000, 99999)}"
    return f"{rng.randint(100000, 999999)}"


def _gtin(rng: random.Random) -> str:
    body = "40" + "".join(str(rng.randint(0, 9)) for _ in range(10))
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


def _po_number(rng: random.Random, cust: CustomerSpec) -> str:
    return "".join(str(rng.randint(0, 9)) if c == "#" else c for c in cust.po_format)


def past_po_numbers(customer_id: str, count: int = 5) -> list[str]:
    """PO numbers the customer sent before, newest first (its format, a fixed seed per customer): the
    history the gateway's journal would hold for the PO-shape check (``gateway.stages.mapping.past_po_numbers``)."""
    cust = next(c for c in CUSTOMERS if c.customer_id == customer_id)
    rng = random.Random(f"history-{customer_id}")
    return [_po_number(rng, cust) for _ in range(count)]


def make_order(seed: int, index: int, master: MasterSpec, n_lines: int | None = None) -> OrderSpec:
    """Order ``index`` of the corpus; its customer cycles through the nine layouts/languages."""
    rng = random.Random(f"order-{seed}-{index}")
    cust = CUSTOMERS[index % len(CUSTOMERS)]
    po = _po_number(rng, cust)
    order_date = date(2026, 1, 5) + timedelta(days=rng.randint(0, 300))
    delivery = order_date + timedelta(days=rng.randint(2, 45)) if rng.random() < 0.85 else None
    if n_lines is None:
        n_lines = rng.choice((1, 2, 3, 3, 4, 5, 5, 6, 7, 8, 9, 11, 14, 18, 24, 32))
    lines = tuple(_make_line(rng, i + 1, p, cust, master)
                  for i, p in enumerate(rng.sample(master.products, n_lines)))
    total = sum((ln.amount for ln in lines), Decimal(0))
    currency = {"GB": "GBP", "US": "USD"}.get(cust.country, "EUR")
    return OrderSpec(f"ord{index:04d}", cust, po, order_date, delivery, currency, lines, total)


def _make_line(rng: random.Random, no: int, p: ProductSpec, cust: CustomerSpec,
               master: MasterSpec) -> LineSpec:
    lang = LANG_INDEX[cust.lang]
    if p.uom in ("KGM", "MTR"):
        qty = Decimal(rng.randint(5, 2500)) / (10 if rng.random() < 0.5 else 1)
    else:
        qty = Decimal(rng.choice((1, 2, 3, 4, 5, 6, 10, 12, 20, 24, 25, 40, 50, 100, 120, 250, 500, 1000,
                                  rng.randint(1, 300))))
    price = (p.unit_price * Decimal(rng.choice((100, 100, 100, 95, 90)))/100).quantize(Decimal("0.01"))
    amount = (qty * price).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    code = master.xref[(cust.customer_id, p.sku)] if cust.codes == "own" else p.sku
    extra = None
    if cust.layout == "din" and rng.random() < 0.3:
        extra = ("conditionné par 10", "Verpackung zu 10", "packed by 10")[lang]
    return LineSpec(no, p.sku, code, p.names[lang], qty, UNITS[p.uom][lang], p.uom, price, amount, extra)


def truth_of(order: OrderSpec) -> dict:
    """The ground truth JSON of one rendered order."""
    cust = order.customer
    return {
        "name": order.name, "customer_id": cust.customer_id, "layout": cust.layout, "language": cust.lang,
        "locale": cust.locale, "po_number": order.po_number, "order_date": order.order_date.isoformat(),
        "requested_delivery_date": order.delivery_date.isoformat() if order.delivery_date else None,
        "currency": order.currency, "total": str(order.total),
        "lines": [{
            "line_no": ln.line_no, "sku": ln.sku,
            "customer_item": ln.code if cust.codes == "own" else None,
            "supplier_item": ln.code if cust.codes == "sku" else None,
            "description": ln.description + (f" {ln.extra_description}" if ln.extra_description else ""),
            "quantity": str(ln.quantity), "uom": ln.uom_word, "uom_code": ln.uom,
            "unit_price": str(ln.unit_price), "amount": str(ln.amount),
        } for ln in order.lines],
    }


def write_master_csvs(master: MasterSpec, folder: Path) -> None:
    """customers.csv, products.csv and item_xref.csv as ``gateway.reference.masterdata`` reads them."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "customers.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["customer_id", "name", "country", "currency", "gln", "duns", "x12_id", "email_domain",
                    "sender_emails", "fax", "street", "city", "postcode", "language"])
        for c in CUSTOMERS:
            w.writerow([c.customer_id, c.name, c.country, {"GB": "GBP", "US": "USD"}.get(c.country, "EUR"),
                        "", "", "", c.email.split("@")[1], c.email, c.fax, c.street, c.city, c.postcode,
                        c.lang])
    with (folder / "products.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["sku", "gtin", "description", "uom", "unit_price"])
        for p in master.products:
            w.writerow([p.sku, p.gtin, p.names[2], p.uom, str(p.unit_price)])
    with (folder / "item_xref.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["customer_id", "customer_item", "sku"])
        for (cid, sku), code in sorted(master.xref.items()):
            w.writerow([cid, code, sku])


def generate_corpus(out: Path, seed: int = 7, n_pdf: int = 60, n_fine: int = 60,
                    n_standard: int = 60) -> dict[str, list[Path]]:
    """Write the corpus under ``out``; returns the document paths per channel."""
    from testkit.capture_fax import render_fax_tiff
    from testkit.capture_layouts import render_order_pdf

    master = make_master(seed)
    write_master_csvs(master, out / "masterdata")
    counts = {"pdf": n_pdf, "fax_fine": n_fine, "fax_standard": n_standard}
    written: dict[str, list[Path]] = {c: [] for c in CHANNELS}
    for index in range(max(counts.values())):
        order = make_order(seed, index, master)
        truth = json.dumps(truth_of(order), indent=1, ensure_ascii=False)
        for channel in CHANNELS:
            if index >= counts[channel]:
                continue
            folder = out / channel
            folder.mkdir(parents=True, exist_ok=True)
            if channel == "pdf":
                path = folder / f"{order.name}.pdf"
                path.write_bytes(render_order_pdf(order))
            else:
                path = folder / f"{order.name}.tif"
                pdf = render_order_pdf(order, fax_header=True)
                path.write_bytes(render_fax_tiff(pdf, channel.split("_")[1], seed=hash_seed(seed, index)))
            (folder / f"{order.name}.json").write_text(truth, encoding="utf-8")
            written[channel].append(path)
    return written


def hash_seed(seed: int, index: int) -> int:
    return (seed * 1_000_003 + index * 7919) % (2**31)


def _spec_as_dict(order: OrderSpec) -> dict:  # for debugging
    return asdict(order)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--pdf", type=int, default=60)
    parser.add_argument("--fine", type=int, default=60)
    parser.add_argument("--standard", type=int, default=60)
    args = parser.parse_args(argv)
    written = generate_corpus(args.out, args.seed, args.pdf, args.fine, args.standard)
    for channel, paths in written.items():
        print(f"{channel}: {len(paths)} documents in {args.out / channel}")
    return 0


if __name__ == "__main__":  # python -m testkit.capture_corpus
    raise SystemExit(main())
