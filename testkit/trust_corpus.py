"""Orders in the structured formats, made the way other tools make them, with their truth.

Owns the documents ``bench/bench_trust.py`` and ``tests/test_trust.py`` send: EDIFACT ORDERS, X12 850,
UBL 2.1, cXML, openTRANS 2.1 and orders typed in an e-mail, for four customers in three languages
and four countries (FR, IE, US, DE), over six products sold in six different units (``EA``, ``C62``,
``BX`` with a pack size, ``MTR``, ``CT``, ``PK``). Lines are written in the units partners use (``EA``,
``PCE``, ``CAR``, ``Pkg``, ``MR``, ``CT``...), dates are spread over a whole month (days <= 12
included) and written as each country writes them, requested dates sit on the header or on the lines.
A share of orders is *hostile*: weak identification, another currency, a 2002 order date, a past
delivery date, a 40 % price gap, a unit with no known conversion, and (typed e-mail) a free-text order
line after the items; the truth of those is "held". Typed e-mails write their item lines as bullets,
code first (``TP-1002 - Stapler - 4 units``), description first (``Stapler TP-1002 : qty 4 units``),
in a table with a price column (those lines are priced) or with the quantity in words.
"""

from __future__ import annotations

import csv
import hashlib
import os
import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

from testkit.harness import write_config

FORMATS = ("edifact", "x12", "ubl", "cxml", "opentrans", "email")
HOSTILE = ("weak_id", "currency", "old_order_date", "past_delivery", "price_gap", "no_conversion")


def gtin13(body: str) -> str:
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


@dataclass(frozen=True)
class TrustCustomer:
    customer_id: str
    name: str
    country: str
    language: str
    currency: str
    gln: str
    duns: str
    x12_id: str
    email: str


@dataclass(frozen=True)
class TrustProduct:
    sku: str
    description: str
    uom: str
    price: Decimal
    pack_size: int | None = None

    @property
    def gtin(self) -> str:
        return gtin13("40099" + self.sku[-4:] + "000")


CUSTOMERS = (
    TrustCustomer("T1", "Papeterie Lenoir SARL", "FR", "fr", "EUR", gtin13("301234500002"), "", "", "commandes@lenoir.example"),
    TrustCustomer("T2", "Dublin Office Supplies Ltd", "IE", "en", "EUR", gtin13("539123450000"), "", "", "orders@dos.example"),
    TrustCustomer("T3", "Keystone Supply Inc", "US", "en", "USD", gtin13("001234500007"), "987654321", "KEYSTONE",
                  "po@keystone.example"),
    TrustCustomer("T4", "Hansa Bürotechnik GmbH", "DE", "de", "EUR", gtin13("401234500012"), "", "", "einkauf@hansa.example"),
)
PRODUCTS = (
    TrustProduct("TP-1001", "Desk lamp", "EA", Decimal("19.90")),
    TrustProduct("TP-1002", "Stapler", "C62", Decimal("12.00")),
    TrustProduct("TP-1003", "Pens, box of 10", "BX", Decimal("6.50"), pack_size=10),
    TrustProduct("TP-1004", "Cable", "MTR", Decimal("1.20")),
    TrustProduct("TP-1005", "Copy paper, carton of 5 reams", "CT", Decimal("32.00")),
    TrustProduct("TP-1006", "Sticky notes", "PK", Decimal("4.50")),
)
# the cXML SharedSecret of the customers that send cXML over HTTP (without it their From credential is a weak id)
CXML_SECRETS = {"T3": "keystone-trust-secret"}
CONVERSIONS = '[sku."TP-1003"]\nCT = { BX = 4 }   # a carton holds 4 boxes of pens\n'
# Per product: (unit as written in EDI/XML, unit words in an e-mail by language, product units per one)
WRITTEN: dict[str, list[tuple[str, dict[str, str], Decimal]]] = {
    "TP-1001": [("EA", {"fr": "pièces", "en": "pcs", "de": "Stk"}, Decimal(1)),
                ("PCE", {"fr": "PCE", "en": "EA", "de": "Stück"}, Decimal(1))],
    "TP-1002": [("EA", {"fr": "pièces", "en": "each", "de": "Stk"}, Decimal(1)),
                ("PCE", {"fr": "unités", "en": "units", "de": "Stk"}, Decimal(1))],
    "TP-1003": [("BX", {"fr": "boîtes", "en": "boxes", "de": "Schachtel"}, Decimal(1)),
                ("CAR", {"fr": "CAR", "en": "cartons", "de": "Kart"}, Decimal(4)),
                ("PCE", {"fr": "pièces", "en": "pcs", "de": "Stk"}, Decimal("0.1"))],
    "TP-1004": [("MR", {"fr": "m", "en": "m", "de": "m"}, Decimal(1)),
                ("MTR", {"fr": "mètres", "en": "metres", "de": "Meter"}, Decimal(1))],
    "TP-1005": [("CAR", {"fr": "CAR", "en": "cartons", "de": "Kartons"}, Decimal(1)),
                ("CT", {"fr": "cartons", "en": "CT", "de": "Kart"}, Decimal(1))],
    "TP-1006": [("Pkg", {"fr": "paquets", "en": "packs", "de": "Pkg"}, Decimal(1)),
                ("PK", {"fr": "PAQUET", "en": "pack", "de": "Packung"}, Decimal(1))],
}
MONTHS = {
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split(),
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember".split(),
    "en": "January February March April May June July August September October November December".split(),
}


@dataclass
class TrustLine:
    product: TrustProduct
    quantity: Decimal  # as written
    written: str  # EDI/XML unit code
    word: str  # e-mail unit word
    factor: Decimal  # product units per written unit
    priced: bool

    @property
    def expected_quantity(self) -> Decimal:
        return self.quantity * self.factor

    @property
    def written_price(self) -> Decimal:
        return (self.product.price * self.factor).quantize(Decimal("0.01"))


@dataclass
class TrustOrder:
    fmt: str
    customer: TrustCustomer
    po: str
    order_date: date
    requested: date
    line_dates: bool  # the requested date on every line, none on the header
    lines: list[TrustLine]
    hostile: str | None = None
    words: bool = False  # dates in words in an e-mail
    currency: str = ""
    extra: dict = field(default_factory=dict)
    variant: str = "base"  # a held-out class of the outside try (VARIANTS), or "base"

    @property
    def expect_held(self) -> bool:
        return self.hostile is not None


def write_master(folder: Path) -> None:
    """customers.csv, products.csv (with pack sizes), item_xref.csv and unit_conversions.toml."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "customers.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["customer_id", "name", "country", "currency", "gln", "duns", "x12_id", "email_domain",
                    "sender_emails", "fax", "street", "city", "postcode", "language"])
        for c in CUSTOMERS:
            w.writerow([c.customer_id, c.name, c.country, c.currency, c.gln, c.duns, c.x12_id,
                        c.email.split("@")[1], c.email, "", "", "", "", c.language])
    with (folder / "products.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["sku", "gtin", "description", "uom", "unit_price", "pack_size"])
        for p in PRODUCTS:
            w.writerow([p.sku, p.gtin, p.description, p.uom, p.price, p.pack_size or ""])
    (folder / "item_xref.csv").write_text("customer_id,customer_item,sku\n", encoding="utf-8")
    (folder / "unit_conversions.toml").write_text(CONVERSIONS, encoding="utf-8")


# --- making orders ---------------------------------------------------------------------------------


def make_orders(seed: int, per_format: int, today: date, hostile_share: float = 0.15) -> list[TrustOrder]:
    rng = random.Random(seed)
    out = []
    for fmt in FORMATS:
        for n in range(per_format):
            out.append(_order(rng, fmt, n, today, hostile_share))
    return out


def _order(rng: random.Random, fmt: str, n: int, today: date, hostile_share: float) -> TrustOrder:
    customer = CUSTOMERS[n % len(CUSTOMERS)] if fmt != "x12" else CUSTOMERS[2]
    if fmt == "cxml" and not customer.duns:
        customer = CUSTOMERS[2]
    lines = []
    for product in rng.sample(PRODUCTS, rng.randint(1, 4)):
        written, words, factor = rng.choice(WRITTEN[product.sku])
        qty = Decimal(rng.randint(1, 12) * (10 if factor < 1 else 1))
        priced = fmt != "email" and rng.random() < 0.6
        lines.append(TrustLine(product, qty, written, words[customer.language], factor, priced))
    order = TrustOrder(fmt=fmt, customer=customer, po=f"{fmt[:2].upper()}-{rng.randint(10000, 99999)}-{n}",
                       order_date=today - timedelta(days=rng.randint(0, 30)),
                       requested=today + timedelta(days=rng.randint(1, 31)),
                       line_dates=fmt != "email" and rng.random() < 0.25, lines=lines,
                       words=rng.random() < 0.4, currency=customer.currency)
    if fmt == "email":
        order.extra["style"] = rng.choice(EMAIL_STYLES)
        if order.extra["style"] == "table":
            for line in order.lines:
                line.priced = True
    if rng.random() < hostile_share:
        _make_hostile(rng, order)
    _make_variant(random.Random(f"{n}-{fmt}-{order.po}"), order)
    _make_email_variant(order, today)
    return order


# Classes of the outside try (findings-trust.md), drawn with their own generator so the base orders stay
# as they were: a line whose ids name two products (held), a price per another unit than the line's
# (EDIFACT PRI unit, X12 PO105 PE), UBL's Rec 21 box code XBX, an X12 set (ST) for a product sold in
# pieces (held); the first line's price written another way: as a calculation price (EDIFACT PRI CAL, X12
# CTP UCP), as an information price only (PRI INF, CTP MSR: held), as a line amount only (MOA 203), with a
# line amount that contradicts it (held), in another currency than the order's (held).
VARIANTS = ("id_conflict", "price_other_unit", "xbx", "x12_set", "price_calc", "price_info", "amount_only",
            "amount_contradicts", "line_currency", "po_dated_earlier", "delivery_no_year")
_PRICE_VARIANTS = {"edifact": ["price_calc", "price_info", "amount_only", "amount_contradicts", "line_currency"],
                   "x12": ["price_calc", "price_info", "line_currency"], "ubl": ["amount_contradicts", "line_currency"],
                   "cxml": ["line_currency"], "opentrans": ["amount_contradicts"]}
_HELD_VARIANTS = frozenset({"id_conflict", "x12_set", "price_info", "amount_contradicts", "line_currency"})
VARIANT_SHARE = 0.2
# Typed e-mail classes of the third outside try (F6, F2), drawn from the PO's digest: an e-mail sent days
# after the PO date it types ("PO X dated ...", "Purchase Order X, dated ...", "PO date: ...", "Bestellung
# X vom ...", "bon de commande X du ..."), and a delivery date written without its year ("Dec 9", "9/12",
# "15.12.", "9. Dezember", "14 décembre").
EMAIL_VARIANTS = ("po_dated_earlier", "delivery_no_year")


def _make_variant(rng: random.Random, order: TrustOrder) -> None:
    """Make ``order`` one of the ``VARIANTS`` its format can carry (one order in five), adding the line
    the class needs when the order has none."""
    if order.hostile is not None or rng.random() >= VARIANT_SHARE:
        return
    kinds = {"edifact": ["id_conflict", "price_other_unit"], "x12": ["id_conflict", "price_other_unit", "x12_set"],
             "ubl": ["id_conflict", "xbx"], "cxml": ["id_conflict"]}.get(order.fmt, [])
    kinds = kinds + _PRICE_VARIANTS.get(order.fmt, [])
    if not kinds:
        return
    order.variant = rng.choice(kinds)
    if order.variant in _PRICE_VARIANTS.get(order.fmt, []):
        order.lines[0].priced = True
    needs = {"price_other_unit": ("TP-1003", "BX" if order.fmt == "edifact" else "CAR", True),
             "xbx": ("TP-1003", "BX", False), "x12_set": ("TP-1001", "EA", False)}.get(order.variant)
    if needs:
        sku, written, priced = needs
        if not any(ln.product.sku == sku and ln.written == written and (ln.priced or not priced) for ln in order.lines):
            factor = next(f for w, _words, f in WRITTEN[sku] if w == written)
            order.lines = [ln for ln in order.lines if ln.product.sku != sku]
            order.lines.append(TrustLine(next(p for p in PRODUCTS if p.sku == sku), Decimal(rng.randint(1, 9)),
                                         written, written, factor, priced))
    if order.variant in _HELD_VARIANTS:
        order.hostile = order.variant


def _make_email_variant(order: TrustOrder, today: date) -> None:
    """One typed e-mail in five of each ``EMAIL_VARIANTS`` class (not hostile ones)."""
    if order.fmt != "email" or order.hostile is not None:
        return
    draw = int(hashlib.sha256(f"{order.po}|dates".encode()).hexdigest()[:4], 16)
    if draw % 5 == 1:
        order.variant = "po_dated_earlier"
        order.extra["sent"] = min(order.order_date + timedelta(days=1 + draw % 4), today)
        order.extra["label"] = draw % 3
    elif draw % 5 == 2:
        order.variant = "delivery_no_year"
        order.extra["short"] = draw % 2


def _make_hostile(rng: random.Random, order: TrustOrder) -> None:
    kinds = [k for k in HOSTILE if not (k == "weak_id" and order.fmt not in ("edifact", "opentrans"))]
    if order.fmt == "email":  # typed orders carry no currency; prices only in a table
        kinds = ["old_order_date", "past_delivery", "no_conversion", "line_after_items"]
        kinds += ["price_gap"] if order.extra.get("style") == "table" else []
    order.hostile = rng.choice(kinds)
    if order.hostile == "currency":
        order.currency = "GBP"
        for line in order.lines:
            line.priced = True
    elif order.hostile == "old_order_date":
        order.order_date = order.order_date.replace(year=2002)
    elif order.hostile == "past_delivery":
        order.requested = order.order_date - timedelta(days=1)
        order.line_dates = False
    elif order.hostile == "price_gap":
        order.lines[0].priced = True
        order.extra["price_gap"] = Decimal("1.4")
    elif order.hostile == "line_after_items":
        order.extra["tail"] = rng.choice(TAILS[order.customer.language])
    elif order.hostile == "no_conversion":
        box = next(p for p in PRODUCTS if p.sku == "TP-1003")
        # A pack of another size than the product's box: where a price is written it is a quarter of
        # the box's, so neither a conversion nor the catalogue price says what a "Pkg" is.
        order.lines[0] = TrustLine(box, Decimal(3), "Pkg", "Pkg", Decimal("0.25"), False)


def _price(order: TrustOrder, index: int, line: TrustLine) -> Decimal:
    gap = order.extra.get("price_gap", Decimal(1)) if index == 0 else Decimal(1)
    return (line.written_price * gap).quantize(Decimal("0.01"))


# --- writing them ------------------------------------------------------------------------------------


def render(order: TrustOrder) -> tuple[bytes, str, dict]:
    """The document's bytes, its file name, and how it arrives (channel, sender, partner)."""
    return {"edifact": _edifact, "x12": _x12, "ubl": _ubl, "cxml": _cxml, "opentrans": _opentrans,
            "email": _email}[order.fmt](order)


def _d(value: date) -> str:
    return value.strftime("%Y%m%d")


def _edifact(o: TrustOrder) -> tuple[bytes, str, dict]:
    seg = ["UNH+1+ORDERS:D:96A:UN:EAN008", f"BGM+220+{o.po}+9", f"DTM+137:{_d(o.order_date)}:102"]
    if not o.line_dates:
        seg.append(f"DTM+2:{_d(o.requested)}:102")
    seg += [f"NAD+BY+{o.customer.gln}::9", "NAD+SU+4012345500004::9", f"CUX+2:{o.currency}:9"]
    for n, line in enumerate(o.lines, 1):
        seg.append(f"LIN+{n}++{line.product.gtin}:SRS")
        if o.variant == "id_conflict" and n == 1:
            seg.append(f"PIA+1+{_other(line).sku}:SA")
        seg.append(f"QTY+21:{line.quantity}:{line.written}")
        if o.line_dates:
            seg.append(f"DTM+2:{_d(o.requested)}:102")
        if line.priced and o.variant == "price_other_unit" and line.product.sku == "TP-1003" and line.written == "BX":
            seg.append(f"PRI+AAA:{_price(o, n - 1, line) * 4}:CA::1:CT")  # per carton of 4 boxes
        elif line.priced:
            seg += _edifact_price(o, n, line)
    seg += ["UNS+S", f"CNT+2:{len(o.lines)}"]
    seg.append(f"UNT+{len(seg) + 1}+1")
    if o.hostile == "weak_id":  # a bare message: no interchange envelope
        return ("'".join(seg) + "'").encode("latin-1"), f"{o.po}.edi", {"channel": "http"}
    ref = o.po[-9:].replace("-", "")
    body = "'".join([f"UNB+UNOC:3+{o.customer.gln}:14+GATEWAY:ZZ+{o.order_date:%y%m%d}:1000+{ref}", *seg,
                     f"UNZ+1+{ref}"]) + "'"
    return ("UNA:+.? '" + body).encode("latin-1"), f"{o.po}.edi", {"channel": "http"}


def _other_currency(o: TrustOrder) -> str:
    return "USD" if o.currency != "USD" else "EUR"


def _edifact_price(o: TrustOrder, n: int, line: TrustLine) -> list[str]:
    """The PRI (and MOA, CUX) of a priced line; the first line's as its price variant writes it."""
    price = _price(o, n - 1, line)
    variant = o.variant if n == 1 else "base"
    if variant == "price_calc":
        return [f"PRI+CAL:{price}"]
    if variant == "price_info":
        return [f"PRI+INF:{price}"]
    if variant == "amount_only":
        return [f"MOA+203:{price * line.quantity}"]
    if variant == "amount_contradicts":
        return [f"PRI+AAA:{price}", f"MOA+203:{(price * line.quantity * Decimal('0.6')).quantize(Decimal('0.01'))}"]
    if variant == "line_currency":
        return [f"PRI+AAA:{price}", f"CUX+2:{_other_currency(o)}:9"]
    return [f"PRI+AAA:{price}"]


def _x12(o: TrustOrder) -> tuple[bytes, str, dict]:
    sender = o.customer.x12_id
    body = ["ST*850*0001", f"BEG*00*SA*{o.po}**{_d(o.order_date)}", f"CUR*BY*{o.currency}"]
    if not o.line_dates:
        body.append(f"DTM*002*{_d(o.requested)}")
    body.append(f"N1*BY*{o.customer.name}*92*{sender}")
    for n, line in enumerate(o.lines, 1):
        price, basis, written, ids = (_price(o, n - 1, line) if line.priced else ""), "", line.written, ""
        if line.priced and o.variant == "price_other_unit" and line.product.sku == "TP-1003" and written == "CAR":
            price, basis, written = (line.product.price / 10).quantize(Decimal("0.001")), "PE", "CA"  # per each
        if o.variant == "id_conflict" and n == 1:
            ids = f"*EN*{_other(line).gtin}"
        if o.variant == "x12_set" and line.product.uom in ("EA", "C62") and written in ("EA", "PCE"):
            written = "ST"  # X12 355: a set, never a piece
        after = []
        if n == 1 and o.variant in ("price_calc", "price_info"):
            after = [f"CTP**{'UCP' if o.variant == 'price_calc' else 'MSR'}*{price}"]
            price = ""
        elif n == 1 and o.variant == "line_currency":
            after = [f"CUR*BY*{_other_currency(o)}"]
        body.append(f"PO1*{n}*{line.quantity}*{written}*{price}*{basis}*VP*{line.product.sku}{ids}")
        body += after
        if o.line_dates:
            body.append(f"DTM*002*{_d(o.requested)}")
    body += [f"CTT*{len(o.lines)}", f"SE*{len(body) + 2}*0001"]
    control = abs(hash(o.po)) % 10**9
    isa = (f"ISA*00*          *00*          *ZZ*{sender:<15}*ZZ*{'GATEWAY':<15}*{o.order_date:%y%m%d}*1000*U*"
           f"00401*{control:09d}*0*P*>")
    seg = [isa, f"GS*PO*{sender}*GATEWAY*{_d(o.order_date)}*1000*{control}*X*004010", *body,
           f"GE*1*{control}", f"IEA*1*{control:09d}"]
    return ("~\n".join(seg) + "~\n").encode(), f"{o.po}.x12", {"channel": "http"}


def _ubl(o: TrustOrder) -> tuple[bytes, str, dict]:
    items = []
    for n, line in enumerate(o.lines, 1):
        money = _other_currency(o) if n == 1 and o.variant == "line_currency" else o.currency
        price = (f"<cac:Price><cbc:PriceAmount currencyID=\"{money}\">{_price(o, n - 1, line)}"
                 "</cbc:PriceAmount></cac:Price>") if line.priced else ""
        if line.priced and n == 1 and o.variant == "amount_contradicts":
            amount = (_price(o, 0, line) * line.quantity * Decimal("0.6")).quantize(Decimal("0.01"))
            price = f"<cbc:LineExtensionAmount currencyID=\"{o.currency}\">{amount}</cbc:LineExtensionAmount>" + price
        when = (f"<cac:Delivery><cac:RequestedDeliveryPeriod><cbc:StartDate>{o.requested}</cbc:StartDate>"
                "</cac:RequestedDeliveryPeriod></cac:Delivery>") if o.line_dates else ""
        items.append(f"""
  <cac:OrderLine><cac:LineItem>
    <cbc:ID>{n}</cbc:ID>
    <cbc:Quantity unitCode="{"XBX" if o.variant == "xbx" and line.written == "BX" else line.written}">{line.quantity}</cbc:Quantity>{when}{price}
    <cac:Item><cbc:Name>{escape(line.product.description)}</cbc:Name>
      <cac:SellersItemIdentification><cbc:ID>{line.product.sku}</cbc:ID></cac:SellersItemIdentification>{
      f'<cac:StandardItemIdentification><cbc:ID schemeID="0160">{_other(line).gtin}</cbc:ID></cac:StandardItemIdentification>'
      if o.variant == "id_conflict" and n == 1 else ""}
    </cac:Item>
  </cac:LineItem></cac:OrderLine>""")
    delivery = "" if o.line_dates else (f"<cac:Delivery><cac:RequestedDeliveryPeriod><cbc:StartDate>{o.requested}"
                                        "</cbc:StartDate></cac:RequestedDeliveryPeriod></cac:Delivery>")
    xml = f"""<?xml version="1.0" encoding="UTF-8"?>
<Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"
 xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
 xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:UBLVersionID>2.1</cbc:UBLVersionID>
  <cbc:ID>{o.po}</cbc:ID>
  <cbc:IssueDate>{o.order_date}</cbc:IssueDate>
  <cbc:DocumentCurrencyCode>{o.currency}</cbc:DocumentCurrencyCode>
  {delivery}
  <cac:BuyerCustomerParty><cac:Party>
    <cbc:EndpointID schemeID="0088">{o.customer.gln}</cbc:EndpointID>
    <cac:PartyName><cbc:Name>{escape(o.customer.name)}</cbc:Name></cac:PartyName>
  </cac:Party></cac:BuyerCustomerParty>
  <cac:SellerSupplierParty><cac:Party><cac:PartyName><cbc:Name>Us</cbc:Name></cac:PartyName></cac:Party></cac:SellerSupplierParty>{"".join(items)}
</Order>
"""
    return xml.encode(), f"{o.po}.xml", {"channel": "http"}


def _cxml(o: TrustOrder) -> tuple[bytes, str, dict]:
    items = []
    for n, line in enumerate(o.lines, 1):
        when = f' requestedDeliveryDate="{o.requested}"' if o.line_dates else ""
        money = _other_currency(o) if n == 1 and o.variant == "line_currency" else o.currency
        price = (f'<UnitPrice><Money currency="{money}">{_price(o, n - 1, line)}</Money></UnitPrice>'
                 if line.priced else "")
        items.append(f"""
    <ItemOut quantity="{line.quantity}" lineNumber="{n}"{when}>
      <ItemID><SupplierPartID>{line.product.sku}</SupplierPartID>{
      f"<BuyerPartID>{_other(line).sku}</BuyerPartID>" if o.variant == "id_conflict" and n == 1 else ""}</ItemID>
      <ItemDetail>{price}<Description xml:lang="en">{escape(line.product.description)}</Description>
        <UnitOfMeasure>{line.written}</UnitOfMeasure></ItemDetail>
    </ItemOut>""")
    when = "" if o.line_dates else f' requestedDeliveryDate="{o.requested}"'
    xml = f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE cXML SYSTEM "http://xml.cxml.org/schemas/cXML/1.2.014/cXML.dtd">
<cXML payloadID="{o.po}@buyer.example" timestamp="{o.order_date}T10:00:00+00:00" xml:lang="en-US">
  <Header>
    <From><Credential domain="DUNS"><Identity>{o.customer.duns}</Identity></Credential></From>
    <To><Credential domain="NetworkID"><Identity>GATEWAY</Identity></Credential></To>
    <Sender><Credential domain="NetworkID"><Identity>buyer-hub</Identity>
      <SharedSecret>{CXML_SECRETS.get(o.customer.customer_id, "unknown")}</SharedSecret></Credential><UserAgent>trust</UserAgent></Sender>
  </Header>
  <Request deploymentMode="production">
    <OrderRequest>
      <OrderRequestHeader orderID="{o.po}" orderDate="{o.order_date}T09:30:00+00:00" type="new"{when}>{
      f'<Total><Money currency="{o.currency}">{_written_total(o)}</Money></Total>' if o.variant == "line_currency" else ""}
      </OrderRequestHeader>{"".join(items)}
    </OrderRequest>
  </Request>
</cXML>
"""
    return xml.encode(), f"{o.po}.cxml", {"channel": "http"}


def _written_total(o: TrustOrder) -> Decimal:
    """Quantity x price over the priced lines (a line without a price leaves the total unchecked)."""
    return sum((_price(o, n, line) * line.quantity for n, line in enumerate(o.lines) if line.priced), Decimal(0))


def _other(line: TrustLine) -> TrustProduct:
    """Another product than the line's, for a line whose ids contradict each other."""
    return next(p for p in PRODUCTS if p.sku != line.product.sku)


def _opentrans(o: TrustOrder) -> tuple[bytes, str, dict]:
    items = []
    for n, line in enumerate(o.lines, 1):
        price = (f"<PRODUCT_PRICE_FIX><bmecat:PRICE_AMOUNT>{_price(o, n - 1, line)}</bmecat:PRICE_AMOUNT>"
                 "</PRODUCT_PRICE_FIX>") if line.priced else ""
        if line.priced and n == 1 and o.variant == "amount_contradicts":
            amount = (_price(o, 0, line) * line.quantity * Decimal("0.6")).quantize(Decimal("0.01"))
            price += f"<PRICE_LINE_AMOUNT>{amount}</PRICE_LINE_AMOUNT>"
        when = (f"<DELIVERY_DATE><DELIVERY_START_DATE>{o.requested}</DELIVERY_START_DATE>"
                "</DELIVERY_DATE>") if o.line_dates else ""
        items.append(f"""
 <ORDER_ITEM><LINE_ITEM_ID>{n}</LINE_ITEM_ID>
  <PRODUCT_ID><bmecat:SUPPLIER_PID>{line.product.sku}</bmecat:SUPPLIER_PID></PRODUCT_ID>
  <QUANTITY>{line.quantity}</QUANTITY><bmecat:ORDER_UNIT>{line.written}</bmecat:ORDER_UNIT>{price}{when}
 </ORDER_ITEM>""")
    when = "" if o.line_dates else (f"<DELIVERY_DATE><DELIVERY_START_DATE>{o.requested}</DELIVERY_START_DATE>"
                                    "</DELIVERY_DATE>")
    xml = f"""<?xml version="1.0" encoding="UTF-8"?>
<ORDER version="2.1" type="standard" xmlns="http://www.opentrans.org/XMLSchema/2.1"
 xmlns:bmecat="http://www.bmecat.org/bmecat/2005">
 <ORDER_HEADER><ORDER_INFO>
  <ORDER_ID>{o.po}</ORDER_ID><ORDER_DATE>{o.order_date}T08:00:00</ORDER_DATE>{when}
  <PARTIES>
   <PARTY><bmecat:PARTY_ID type="gln">{o.customer.gln}</bmecat:PARTY_ID><PARTY_ROLE>buyer</PARTY_ROLE></PARTY>
  </PARTIES>
  <bmecat:CURRENCY>{o.currency}</bmecat:CURRENCY>
 </ORDER_INFO></ORDER_HEADER>
 <ORDER_ITEM_LIST>{"".join(items)}
 </ORDER_ITEM_LIST>
</ORDER>
"""
    # openTRANS has no envelope: it comes by the customer's SFTP account, unless the weak-id case
    how = {"channel": "http"} if o.hostile == "weak_id" else {"channel": "sftp", "partner": f"sftp-{o.customer.customer_id}"}
    return xml.encode(), f"{o.po}.xml", how


def written_date(value: date, customer: TrustCustomer, words: bool) -> str:
    """A date as the customer's country writes it, in figures or in words."""
    lang = customer.language
    if words:
        month = MONTHS[lang][value.month - 1]
        if lang == "de":
            return f"{value.day}. {month} {value.year}"
        if customer.country == "US":
            return f"{month} {value.day}, {value.year}"
        return f"{value.day} {month} {value.year}"
    if customer.country == "US":
        return value.strftime("%m/%d/%Y")
    return value.strftime("%d.%m.%Y" if lang == "de" else "%d/%m/%Y")


EMAIL_TEXT = {
    "fr": ("Bonjour,\n\nMerci de nous livrer :\n{lines}\n\nNotre référence de commande : {po}\n"
           "{order_line}Livraison le {requested}.\n\nCordialement,\n{name}\n", "Date de commande : {date}\n",
           "- {qty} {unit} de {sku}"),
    "en": ("Hello,\n\nPlease ship the following:\n{lines}\n\nPO number: {po}\n{order_line}"
           "Deliver by {requested}.\n\nKind regards,\n{name}\n", "Order placed {date}\n", "- {qty} {unit} {sku}"),
    "de": ("Guten Tag,\n\nbitte liefern Sie:\n{lines}\n\nBestellnummer: {po}\n{order_line}"
           "Liefertermin {requested}\n\nMit freundlichen Grüßen\n{name}\n", "Bestelldatum: {date}\n",
           "- {qty} {unit} {sku}"),
}


# How the item lines of a typed order are written: bullets, code first, description first, a table
# with a price column (the lines are then priced), quantities in words where they are small.
EMAIL_STYLES = ("bullet", "code_first", "description_first", "table", "words")
TABLE_HEADER = {"fr": "Quantité  Unité  Référence  Désignation  Prix unitaire",
                "en": "Qty  Unit  Item  Description  Unit price", "de": "Menge  ME  Artikel  Bezeichnung  Preis"}
QTY_LABEL = {"fr": "quantité", "en": "qty", "de": "Menge"}
NUMBERS = {"fr": "un deux trois quatre cinq six sept huit neuf dix onze douze".split(),
           "en": "one two three four five six seven eight nine ten eleven twelve".split(),
           "de": "ein zwei drei vier fünf sechs sieben acht neun zehn elf zwölf".split()}
TAILS = {"fr": ("Et aussi 2 agrafeuses comme d'habitude.", "- ainsi que les classeurs habituels"),
         "en": ("Also 2 black toner cartridges please.", "- 1 x the usual lamps, same as last month"),
         "de": ("Dazu noch 3 Ordner wie letztes Mal.", "- und die üblichen Hefter")}


def _item_line(o: TrustOrder, line: TrustLine) -> str:
    lang, style = o.customer.language, o.extra.get("style", "bullet")
    sku, qty, unit, name = line.product.sku, line.quantity, line.word, line.product.description.split(",")[0]
    if style == "code_first":
        return f"{sku} - {name} - {qty} {unit}"
    if style == "description_first":
        return f"{name} {sku} : {QTY_LABEL[lang]} {qty} {unit}"
    if style == "table":
        price = str(_price(o, o.lines.index(line), line))
        return f"{qty}  {unit}  {sku}  {name}  {price.replace('.', ',') if lang != 'en' else price}"
    if style == "words" and 1 <= qty <= 12 and qty == int(qty):
        return f"- {NUMBERS[lang][int(qty) - 1]} {unit} {sku}" if lang != "fr" else \
            f"- {NUMBERS[lang][int(qty) - 1]} {unit} de {sku}"
    return EMAIL_TEXT[lang][2].format(qty=qty, unit=unit, sku=sku)


# Shapes of the second outside try (findings-trust2.md), chosen from the PO's digest so the random draws
# of the base corpus stay as they were: the order label, order date and delivery date in one sentence
# (D2); a free-text tail in its own paragraph (D3); an Outlook-style quoted older order under the new
# one (D4).
EMAIL_ONE_SENTENCE = {
    "fr": "Bonjour,\n\nMerci de livrer notre commande {po} du {date} au plus tard le {requested} :\n{lines}\n\n"
          "Cordialement,\n{name}\n",
    "en": "Hello,\n\nPlease supply against our order {po} of {date} by {requested}:\n{lines}\n\n"
          "Kind regards,\n{name}\n",
    "de": "Guten Tag,\n\nbitte liefern Sie gemäß Bestellung {po} vom {date} bis zum {requested}:\n{lines}\n\n"
          "Mit freundlichen Grüßen\n{name}\n",
}
QUOTE_HEADER = {
    "fr": "De : Service commandes <orders@gateway.example>\nEnvoyé : lundi 2 novembre 2026 10:12\n"
          "Objet : RE: Commande {po}\n\nNous avons bien reçu votre commande {po} :\n",
    "en": "-----Original Message-----\nFrom: Orders <orders@gateway.example>\nSent: 2 November 2026 10:12\n"
          "Subject: RE: Order {po}\n\nWe confirm your order {po}:\n",
    "de": "-----Ursprüngliche Nachricht-----\nVon: Auftragsannahme <orders@gateway.example>\n"
          "Gesendet: Montag, 2. November 2026 10:12\nBetreff: AW: Bestellung {po}\n\n",
}


PO_DATED = {  # po_dated_earlier: the PO's own date after its label (three English wordings)
    "en": ("PO {po} dated {date}\n", "Purchase Order {po}, dated {date}.\n", "PO date: {date}\n"),
    "fr": ("Bon de commande {po} du {date}\n",) * 3,
    "de": ("Bestellung {po} vom {date}\n",) * 3,
}


def _no_year(value: date, customer: TrustCustomer, short: int) -> str:
    """delivery_no_year: the requested date as people type it without its year."""
    lang, month = customer.language, MONTHS[customer.language][value.month - 1]
    if lang == "de":
        return value.strftime("%d.%m.") if short else f"{value.day}. {month}"
    if lang == "fr":
        return value.strftime("%d/%m") if short else f"{value.day} {month}"
    if customer.country == "US":
        return f"{value.month}/{value.day}" if short else f"{month[:3]} {value.day}"
    return f"{value.day}/{value.month}" if short else f"{value.day}th {month}"


def _shape(o: TrustOrder) -> int:
    return int(hashlib.sha256(o.po.encode()).hexdigest()[:4], 16) % 6


def _email(o: TrustOrder) -> tuple[bytes, str, dict]:
    lang = o.customer.language
    text, order_line, _item = EMAIL_TEXT[lang]
    lines = "\n".join(_item_line(o, line) for line in o.lines)
    if o.extra.get("style") == "table":
        lines = f"{TABLE_HEADER[lang]}\n{lines}"
    if o.extra.get("tail"):
        lines = f"{lines}\n\n{o.extra['tail']}" if _shape(o) % 2 else f"{lines}\n{o.extra['tail']}"
    typed_date = o.words and o.hostile != "old_order_date"
    if _shape(o) == 0 and o.hostile is None:
        text = EMAIL_ONE_SENTENCE[lang]
    if o.variant == "po_dated_earlier":
        order_line, typed_date = PO_DATED[lang][o.extra["label"]], True
    requested = _no_year(o.requested, o.customer, o.extra["short"]) if o.variant == "delivery_no_year" else \
        written_date(o.requested, o.customer, o.words)
    body = text.format(lines=lines, po=o.po, name=o.customer.name, requested=requested,
                       date=written_date(o.order_date, o.customer, o.words),
                       order_line=order_line.format(po=o.po, date=written_date(o.order_date, o.customer, o.words))
                       if typed_date or o.hostile == "old_order_date" else "")
    if _shape(o) == 3 and o.hostile is None:
        old = f"{o.po}-OLD"
        body += "\n" + QUOTE_HEADER[lang].format(po=old) + "".join(
            f"- {n * 7 + 3} x {line.product.sku}\n" for n, line in enumerate(o.lines[:2]))
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = o.customer.email, "orders@gateway.example", f"Order {o.po}"
    sent = o.extra.get("sent", o.order_date)  # po_dated_earlier: sent days after the PO's date
    msg["Date"] = format_datetime(datetime(sent.year, sent.month, sent.day, 9, 15))
    msg["Message-ID"] = f"<{o.po}@trust.example>"
    msg.set_content(body)
    return msg.as_bytes(), f"{o.po}.eml", {"channel": "smtp", "sender": o.customer.email}


# --- judging what came out ----------------------------------------------------------------------------


def judge(order: TrustOrder, got: dict) -> list[str]:
    """The fields of a normalized order (JSON) that differ from the truth; empty when all are right."""
    wrong = []
    if got["customer"].get("id") != order.customer.customer_id:
        wrong.append("customer")
    if got.get("po_number") != order.po:
        wrong.append("po_number")
    if got.get("order_date") not in (None, order.order_date.isoformat()) or (
            got.get("order_date") is None and order.fmt != "email"):
        wrong.append("order_date")
    wrong += _judge_requested(order, got)
    if (got.get("currency") or order.currency) != order.currency:
        wrong.append("currency")
    lines = got.get("lines", [])
    if len(lines) != len(order.lines):
        return wrong + ["lines"]
    for n, (want, line) in enumerate(zip(order.lines, lines), 1):
        wrong += [f"lines[{n}].{f}" for f in _judge_line(order, n - 1, want, line)]
    return wrong


def _judge_requested(order: TrustOrder, got: dict) -> list[str]:
    want = order.requested.isoformat()
    header = got.get("requested_delivery_date")
    line_dates = [line.get("requested_date") for line in got.get("lines", [])]
    if header not in (None, want) or any(d not in (None, want) for d in line_dates):
        return ["requested_delivery_date"]
    if header is None and not all(line_dates):
        return ["requested_delivery_date"]
    return []


def _judge_line(order: TrustOrder, index: int, want: TrustLine, line: dict) -> list[str]:
    wrong = []
    if line.get("sku") != want.product.sku:
        wrong.append("sku")
    if line.get("uom") != want.product.uom:
        wrong.append("uom")
    if Decimal(line["quantity"]) != want.expected_quantity:
        wrong.append("quantity")
    price = line.get("unit_price")
    if want.priced:
        if price is None or abs(Decimal(price) - want.product.price) > Decimal("0.01"):
            wrong.append("unit_price")
    elif not want.priced and price is not None:
        wrong.append("unit_price")
    return wrong


def trust_partners() -> list[dict]:
    """Each customer's SFTP partner, with the environment variable of its cXML SharedSecret (set here) when it has one."""
    for customer_id, secret in CXML_SECRETS.items():  # the secret each partner's procurement system sends
        os.environ.setdefault(f"TRUST_CXML_SECRET_{customer_id}", secret)
    return [{"id": f"sftp-{c.customer_id}", "customer_id": c.customer_id,
             **({"cxml_secret_env": f"TRUST_CXML_SECRET_{c.customer_id}"} if c.customer_id in CXML_SECRETS else {})}
            for c in CUSTOMERS]


def trust_config(root: Path) -> Path:
    """A gateway config over the trust master data, each customer with an SFTP partner account."""
    master = root / "master"
    write_master(master)
    partners = trust_partners()
    extra = {"partners": partners,
             "decide": {"rules": {"conversions_file": master / "unit_conversions.toml"},
                        "anomalies": {"enabled": False}}}
    return write_config(root / "gw", extra, master_data=master)
