"""A seeded day of order traffic for the end-to-end day test and benchmark: master data and a send plan.

Owns the *content* of a day: a few dozen customers (the nine layout customers of
``testkit.capture_corpus`` plus EDI/e-mail customers with GLNs, DUNS numbers, X12 ids, e-mail domains
and fax numbers), their master data CSVs, and a plan of sends, each with what must come of it:

* good orders: text PDFs and typed bodies by e-mail, fax TIFFs into the fax folder, EDIFACT and X12
  by SFTP and HTTP, cXML and UBL by HTTP;
* duplicates: the same order again through another channel, the same bytes sent again;
* changes: UBL OrderChange, EDIFACT ORDCHG, X12 860 and cXML ``type="update"`` of an earlier order;
* hostile inputs: XXE and billion-laughs XML, a zip bomb, malformed EDI, a 0-byte attachment, a body
  over the HTTP limit (413) and an order from an unknown sender (held for review).

Everything is deterministic from the seed. Sending and checking live in ``testkit.dayrunner``.
"""

from __future__ import annotations

import csv
import io
import random
import zipfile
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, time
from decimal import Decimal
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Literal
from xml.sax.saxutils import escape

from testkit.capture_corpus import (
    CUSTOMERS, CustomerSpec, MasterSpec, OrderSpec, ProductSpec, make_master, make_order, write_master_csvs,
)
from testkit.harness import CORPUS
from testkit.samples import ORDER_DAY, edifact_order, ubl_order

Channel = Literal["smtp", "sftp", "fax", "http"]
Outcome = Literal["order", "duplicate", "change", "hostile", "review"]
ORDERS_TO = "orders@gateway.localhost"
FAX_PATTERN = r"^fax_(?P<sender>\+?\d+)_(?P<received>\d{8}T\d{6})(?:_(?P<pages>\d+)p)?"
HTTP_LIMIT = 1024 * 1024  # the day's [http] max_body_bytes
UNKNOWN_SENDER = "buyer@unknown-stranger.example"
EDI_ROLES = ("edifact", "x12", "cxml", "ubl", "body")


# --- customers ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DayCustomer:
    """A customer and the ids it uses on the wire."""

    customer_id: str
    name: str
    role: str  # layout (pdf/fax), edifact, x12, cxml, ubl, body
    gln: str
    duns: str
    x12_id: str
    email: str
    fax: str
    country: str = "FR"
    currency: str = "EUR"
    spec: CustomerSpec | None = None  # the layout customers of the capture corpus

    @property
    def domain(self) -> str:
        return self.email.split("@", 1)[1]

    @property
    def account(self) -> str:
        return f"p{self.customer_id.lower()}"


def gln_with_check(body: str) -> str:
    """A 13-digit GLN/GTIN: the 12 digits given and their GS1 check digit."""
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


def layout_customers() -> list[DayCustomer]:
    out = []
    for n, c in enumerate(CUSTOMERS):
        currency = {"GB": "GBP", "US": "USD"}.get(c.country, "EUR")
        out.append(DayCustomer(c.customer_id, c.name, "layout", gln_with_check(f"30100000{n:04d}"),
                               "", "", c.email, c.fax, c.country, currency, c))
    return out


def edi_customers(count: int) -> list[DayCustomer]:
    """``count`` customers that order by EDI, cXML, UBL or typed e-mail, roles in turn."""
    out = []
    for n in range(count):
        role = EDI_ROLES[n % len(EDI_ROLES)]
        cid = f"D{4001 + n}"
        out.append(DayCustomer(
            cid, f"Day Customer {n + 1:02d} {role.upper()} SAS", role, gln_with_check(f"37600000{n:04d}"),
            f"{500000000 + n * 7919:09d}", f"DAYX{n:03d}", f"orders@cust{n:02d}.day.example",
            f"+33 3 20 {n // 10:02d} {n % 10:02d} 90", currency="USD" if role == "x12" else "EUR",
            country="US" if role == "x12" else "FR"))
    return out


def write_day_master(master: MasterSpec, customers: list[DayCustomer], folder: Path) -> None:
    """Products and item cross-references from the capture corpus; customers with all their ids."""
    write_master_csvs(master, folder)
    with (folder / "customers.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["customer_id", "name", "country", "currency", "gln", "duns", "x12_id", "email_domain",
                    "sender_emails", "fax", "street", "city", "postcode", "language"])
        for c in customers:
            spec = c.spec
            w.writerow([c.customer_id, c.name, c.country, c.currency, c.gln, c.duns, c.x12_id, c.domain,
                        c.email, c.fax, spec.street if spec else "1 rue du Port",
                        spec.city if spec else "Lille", spec.postcode if spec else "59000",
                        spec.lang if spec else "fr"])


# --- the plan ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Expect:
    """What must come of one send."""

    outcome: Outcome
    customer_id: str | None = None
    po: str | None = None
    lines: tuple[tuple[str, Decimal], ...] = ()  # (sku, quantity), sorted
    of: str | None = None  # duplicate or change: the send whose order it repeats or changes
    reason: str | None = None  # hostile: what it is
    http_status: int | None = None  # hostile refused at the door
    ocr: bool = False  # read from an image: a person may have to confirm it


@dataclass
class Send:
    key: str
    channel: Channel
    payload: bytes
    filename: str
    sender: str  # e-mail address, SFTP account, fax number or HTTP partner ("" for none)
    content_type: str
    expect: Expect
    format: str  # pdf, body, fax, edifact, x12, cxml, ubl, zip, xml
    after: str | None = None  # a send that must be acknowledged before this one goes
    order_key: str | None = None  # the order identity (customer/PO) for good orders and duplicates


@dataclass
class DayPlan:
    seed: int
    master: MasterSpec
    customers: list[DayCustomer]
    sends: list[Send] = field(default_factory=list)

    def by_key(self) -> dict[str, Send]:
        return {s.key: s for s in self.sends}

    def count(self, outcome: Outcome) -> int:
        return sum(1 for s in self.sends if s.expect.outcome == outcome)


@dataclass(frozen=True)
class DaySize:
    """How much of each kind a day holds."""

    edi_customers: int = 27
    pdf: int = 6
    body: int = 5
    faxes: int = 2
    edifact_sftp: int = 5
    edifact_http: int = 4
    x12_sftp: int = 3
    x12_http: int = 3
    cxml: int = 5
    ubl: int = 7

    def scaled(self, factor: float, faxes: int | None = None) -> DaySize:
        def n(v: int) -> int:
            return max(1, round(v * factor))
        return replace(self, pdf=n(self.pdf), body=n(self.body), edifact_sftp=n(self.edifact_sftp),
                       edifact_http=n(self.edifact_http), x12_sftp=n(self.x12_sftp), x12_http=n(self.x12_http),
                       cxml=n(self.cxml), ubl=n(self.ubl), faxes=self.faxes if faxes is None else faxes)


class _Builder:
    """Makes the plan: keeps the seeded random source, the customers by role and the PO counter."""

    def __init__(self, seed: int, master: MasterSpec, customers: list[DayCustomer]) -> None:
        self.rng = random.Random(f"day-{seed}")
        self.seed = seed
        self.master = master
        self.by_role: dict[str, list[DayCustomer]] = {}
        for c in customers:
            self.by_role.setdefault(c.role, []).append(c)
        self.each_unit = [p for p in master.products if p.uom == "C62"]
        self.sends: list[Send] = []
        self.counter = 0
        self.turn: dict[str, int] = {}

    def customer(self, role: str) -> DayCustomer:
        n = self.turn.get(role, 0)
        self.turn[role] = n + 1
        group = self.by_role[role]
        return group[n % len(group)]

    def po(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}-{self.seed}-{self.counter:05d}"

    def lines(self, count: int | None = None) -> list[tuple[ProductSpec, int]]:
        count = count or self.rng.choice((1, 2, 2, 3, 3, 4))
        return [(p, self.rng.choice((1, 2, 3, 5, 6, 10, 12, 20, 24, 50, 100)))
                for p in self.rng.sample(self.each_unit, count)]

    def add(self, send: Send) -> Send:
        self.sends.append(send)
        return send


def expected_lines(lines: list[tuple[ProductSpec, int]]) -> tuple[tuple[str, Decimal], ...]:
    return tuple(sorted((p.sku, Decimal(q)) for p, q in lines))


# --- payload builders ------------------------------------------------------------------------


def x12_850(po: str, lines: list[tuple[str, int]], sender: str, control: int) -> bytes:
    """An X12 004010 850 with UPC/GTIN lines (each ``EA``)."""
    body = [f"BEG*00*SA*{po}**{ORDER_DAY:%Y%m%d}", "DTM*002*20991201", f"N1*BY*Buyer*92*{sender}"]
    body += [f"PO1*{n}*{qty}*EA***UP*{gtin}" for n, (gtin, qty) in enumerate(lines, 1)]
    body.append(f"CTT*{len(lines)}")
    return _x12_envelope("850", "PO", body, sender, control)


def x12_860(po: str, lines: list[tuple[str, int]], sender: str, control: int) -> bytes:
    """An X12 004010 860 changing the quantities of ``po``'s lines (POC quantity ordered = new total)."""
    body = [f"BCH*04*SA*{po}**1*20261121", "DTM*002*20991201", f"N1*BY*Buyer*92*{sender}"]
    body += [f"POC*{n}*QI*{qty}**EA***UP*{gtin}" for n, (gtin, qty) in enumerate(lines, 1)]
    body.append(f"CTT*{len(lines)}")
    return _x12_envelope("860", "PC", body, sender, control)


def _x12_envelope(kind: str, group: str, body: list[str], sender: str, control: int) -> bytes:
    st = [f"ST*{kind}*0001", *body]
    st.append(f"SE*{len(st) + 1}*0001")
    isa = (f"ISA*00*          *00*          *ZZ*{sender:<15}*ZZ*{'GATEWAY':<15}*261120*1000*U*00401*"
           f"{control:09d}*0*P*>")
    seg = [isa, f"GS*{group}*{sender}*GATEWAY*20261120*1000*{control}*X*004010", *st,
           f"GE*1*{control}", f"IEA*1*{control:09d}"]
    return ("~\n".join(seg) + "~\n").encode()


# the SharedSecret the day's cXML customers send (``cxml_partners``): without it a From credential is a weak id
CXML_SECRET_ENV, CXML_SECRET = "DAY_CXML_SECRET", "day-cxml-shared-secret"


def cxml_order(po: str, lines: list[tuple[str, int]], duns: str, payload_id: str, kind: str = "new",
               secret: str = CXML_SECRET) -> bytes:
    """A cXML OrderRequest from a DUNS credential with the customers' SharedSecret; lines are (our SKU, quantity),
    each ``EA``, without prices (the ERP prices them)."""
    items = "".join(f"""
    <ItemOut quantity="{qty}" lineNumber="{n}" requestedDeliveryDate="2099-12-01">
      <ItemID><SupplierPartID>{escape(sku)}</SupplierPartID></ItemID>
      <ItemDetail><Description xml:lang="en">item {n}</Description><UnitOfMeasure>EA</UnitOfMeasure></ItemDetail>
    </ItemOut>""" for n, (sku, qty) in enumerate(lines, 1))
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE cXML SYSTEM "http://xml.cxml.org/schemas/cXML/1.2.014/cXML.dtd">
<cXML payloadID="{payload_id}" timestamp="{ORDER_DAY}T10:00:00+01:00" xml:lang="en-US">
  <Header>
    <From><Credential domain="DUNS"><Identity>{duns}</Identity></Credential></From>
    <To><Credential domain="NetworkID"><Identity>GATEWAY</Identity></Credential></To>
    <Sender><Credential domain="NetworkID"><Identity>buyer-hub</Identity>
      <SharedSecret>{escape(secret)}</SharedSecret></Credential><UserAgent>day</UserAgent></Sender>
  </Header>
  <Request deploymentMode="production">
    <OrderRequest>
      <OrderRequestHeader orderID="{po}" orderDate="{ORDER_DAY}" type="{kind}" requestedDeliveryDate="2099-12-01">
      </OrderRequestHeader>{items}
    </OrderRequest>
  </Request>
</cXML>
""".encode()


def pdf_email(sender: str, subject: str, attachments: list[tuple[str, str, bytes]], body: str,
              message_id: str) -> bytes:
    msg = EmailMessage(policy=policy.SMTP)
    msg["From"], msg["To"], msg["Subject"] = sender, ORDERS_TO, subject
    msg["Message-ID"] = f"<{message_id}@day.example>"
    msg["Date"] = format_datetime(datetime.combine(ORDER_DAY, time(9, 0), tzinfo=UTC))
    msg.set_content(body)
    for name, ctype, data in attachments:
        main, sub = ctype.split("/", 1)
        msg.add_attachment(data, maintype=main, subtype=sub, filename=name)
    return msg.as_bytes()


def body_text(po: str, lines: list[tuple[ProductSpec, int]]) -> str:
    items = "\n".join(f"{q} x {p.sku}" for p, q in lines)
    return (f"Hello,\n\nPurchase order {po}\n\nplease ship:\n{items}\n\nDeliver by December 1, 2099.\n\n"
            "Thank you\nPurchasing\n")


def zip_bomb(megabytes: int = 8) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("orders.csv", b"\0" * (megabytes * 1024 * 1024))
    return buf.getvalue()


def billion_laughs() -> bytes:
    entities = "".join(f' <!ENTITY lol{i} "{(f"&lol{i - 1};" if i > 1 else "&lol;") * 10}">\n'
                       for i in range(1, 10))
    return (f'<?xml version="1.0"?>\n<!DOCTYPE cXML [\n <!ENTITY lol "lol">\n{entities}]>\n'
            '<cXML payloadID="lol" timestamp="2026-11-20T10:00:00"><Header>&lol9;</Header></cXML>\n').encode()


def xxe_order() -> bytes:
    return (b'<?xml version="1.0"?>\n<!DOCTYPE Order [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
            b'<Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2" '
            b'xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">'
            b"<cbc:ID>&xxe;</cbc:ID></Order>\n")


# --- building the plan -------------------------------------------------------------------------


def build_plan(seed: int = 11, size: DaySize = DaySize()) -> DayPlan:
    """The day's master data and sends, deterministic from ``seed``."""
    master = make_master(seed, n_products=120)
    customers = layout_customers() + edi_customers(size.edi_customers)
    b = _Builder(seed, master, customers)
    originals = _good_orders(b, size)
    _duplicates(b, originals)
    _changes(b, originals)
    _hostile(b)
    order = list(range(len(b.sends)))
    b.rng.shuffle(order)  # interleave the channels; dependencies keep their order below
    shuffled = _respect_dependencies([b.sends[i] for i in order])
    return DayPlan(seed, master, customers, shuffled)


def _respect_dependencies(sends: list[Send]) -> list[Send]:
    """Move every send after the one it waits for (stable otherwise)."""
    placed: list[Send] = []
    keys: set[str] = set()
    pending = list(sends)
    while pending:
        for s in pending:
            if s.after is None or s.after in keys:
                placed.append(s)
                keys.add(s.key)
                pending.remove(s)
                break
    return placed


def _good_orders(b: _Builder, size: DaySize) -> dict[str, list[Send]]:
    """Good originals by format; returns them grouped for the duplicates and changes made from them."""
    out: dict[str, list[Send]] = {f: [] for f in ("pdf", "body", "fax", "edifact", "x12", "cxml", "ubl")}
    for n in range(size.pdf):
        out["pdf"].append(_pdf_send(b, n))
    for n in range(size.faxes):
        out["fax"].append(_fax_send(b, n))
    for _ in range(size.body):
        out["body"].append(_body_send(b))
    for n in range(size.edifact_sftp + size.edifact_http):
        out["edifact"].append(_edifact_send(b, "sftp" if n < size.edifact_sftp else "http"))
    for n in range(size.x12_sftp + size.x12_http):
        out["x12"].append(_x12_send(b, "sftp" if n < size.x12_sftp else "http"))
    for _ in range(size.cxml):
        out["cxml"].append(_cxml_send(b))
    for _ in range(size.ubl):
        out["ubl"].append(_ubl_send(b))
    return out


def _order_spec(b: _Builder, index: int, lines: int) -> OrderSpec:
    return make_order(b.seed, 1000 + index, b.master, n_lines=lines)


def _spec_expect(order: OrderSpec, ocr: bool = False) -> Expect:
    return Expect("order", order.customer.customer_id, order.po_number,
                  tuple(sorted((ln.sku, ln.quantity) for ln in order.lines)), ocr=ocr)


def _pdf_send(b: _Builder, n: int) -> Send:
    from testkit.capture_layouts import render_order_pdf
    order = _order_spec(b, n, lines=b.rng.choice((2, 3, 4)))
    pdf = render_order_pdf(order)
    name = f"order_{order.po_number}.pdf"
    raw = pdf_email(order.customer.email, f"Order {order.po_number}", [(name, "application/pdf", pdf)],
                    "Please find our order attached.", f"pdf-{b.seed}-{n}")
    return b.add(Send(f"pdf-{n}", "smtp", raw, name, order.customer.email, "message/rfc822",
                      _spec_expect(order), "pdf", order_key=f"pdf-{n}"))


def _fax_send(b: _Builder, n: int) -> Send:
    from testkit.capture_fax import render_fax_tiff
    from testkit.capture_layouts import render_order_pdf
    order = _order_spec(b, 500 + n, lines=2)
    tiff = render_fax_tiff(render_order_pdf(order, fax_header=True), "fine", seed=b.seed * 31 + n)
    digits = "+" + "".join(ch for ch in order.customer.fax if ch.isdigit())
    name = f"fax_{digits}_20261120T{9 + n % 8:02d}{n % 60:02d}00.tif"
    return b.add(Send(f"fax-{n}", "fax", tiff, name, digits, "image/tiff",
                      _spec_expect(order, ocr=True), "fax", order_key=f"fax-{n}"))


def _body_send(b: _Builder) -> Send:
    c = b.customer("body")
    po, lines = b.po("MAIL"), b.lines()
    raw = pdf_email(c.email, f"Order {po}", [], body_text(po, lines), f"body-{po}")
    key = f"body-{po}"
    return b.add(Send(key, "smtp", raw, "", c.email, "message/rfc822",
                      Expect("order", c.customer_id, po, expected_lines(lines)), "body", order_key=key))


def _edifact_send(b: _Builder, channel: Channel) -> Send:
    c = b.customer("edifact")
    po, lines = b.po("EDI"), b.lines()
    raw = edifact_order(po, [(p.gtin, q) for p, q in lines], buyer_gln=c.gln, sender=c.gln,
                        control_ref=str(b.counter))
    key = f"edifact-{po}"
    return b.add(Send(key, channel, raw, f"{po}.edi", c.account if channel == "sftp" else "",
                      "application/edifact", Expect("order", c.customer_id, po, expected_lines(lines)),
                      "edifact", order_key=key))


def _x12_send(b: _Builder, channel: Channel) -> Send:
    c = b.customer("x12")
    po, lines = b.po("X12"), b.lines()
    raw = x12_850(po, [(p.gtin, q) for p, q in lines], c.x12_id, b.counter)
    key = f"x12-{po}"
    return b.add(Send(key, channel, raw, f"{po}.x12", c.account if channel == "sftp" else "",
                      "application/edi-x12", Expect("order", c.customer_id, po, expected_lines(lines)),
                      "x12", order_key=key))


def _cxml_send(b: _Builder) -> Send:
    c = b.customer("cxml")
    po, lines = b.po("CXML"), b.lines()
    raw = cxml_order(po, [(p.sku, q) for p, q in lines], c.duns, f"{po}@buyer.example")
    key = f"cxml-{po}"
    return b.add(Send(key, "http", raw, f"{po}.xml", "", "text/xml",
                      Expect("order", c.customer_id, po, expected_lines(lines)), "cxml", order_key=key))


def _ubl_send(b: _Builder) -> Send:
    c = b.customer("ubl")
    po, lines = b.po("UBL"), b.lines()
    raw = ubl_order(po, [(p.gtin, q) for p, q in lines], buyer_gln=c.gln)
    key = f"ubl-{po}"
    return b.add(Send(key, "http", raw, f"{po}.xml", "", "application/xml",
                      Expect("order", c.customer_id, po, expected_lines(lines)), "ubl", order_key=key))


def _customer_of(b: _Builder, send: Send) -> DayCustomer:
    return next(c for group in b.by_role.values() for c in group if c.customer_id == send.expect.customer_id)


def _product(b: _Builder, sku: str) -> ProductSpec:
    return next(p for p in b.master.products if p.sku == sku)


def _duplicates(b: _Builder, originals: dict[str, list[Send]]) -> None:
    """The same order through another channel, and the same bytes sent again."""
    edi = next(s for s in originals["edifact"] if s.channel == "sftp")
    c = _customer_of(b, edi)
    lines = [(_product(b, sku).gtin, int(q)) for sku, q in edi.expect.lines]
    b.add(Send(f"dup-ubl-of-{edi.key}", "http", ubl_order(edi.expect.po, lines, buyer_gln=c.gln,
                                                          note="copy of our EDI order"),
               f"{edi.expect.po}-copy.xml", "", "application/xml",
               Expect("duplicate", c.customer_id, edi.expect.po, edi.expect.lines, of=edi.key), "ubl",
               after=edi.key, order_key=edi.order_key))
    x12 = next(s for s in originals["x12"] if s.channel == "http")
    cx = _customer_of(b, x12)
    b.counter += 1
    raw = x12_850(x12.expect.po, [(_product(b, sku).gtin, int(q)) for sku, q in x12.expect.lines],
                  cx.x12_id, 900000 + b.counter)
    b.add(Send(f"dup-sftp-of-{x12.key}", "sftp", raw, f"{x12.expect.po}-again.x12", cx.account,
               "application/edi-x12", Expect("duplicate", cx.customer_id, x12.expect.po, x12.expect.lines,
                                             of=x12.key), "x12", after=x12.key, order_key=x12.order_key))
    body = originals["body"][0]
    cb = _customer_of(b, body)
    b.add(Send(f"dup-cxml-of-{body.key}", "http",
               cxml_order(body.expect.po, [(sku, int(q)) for sku, q in body.expect.lines], cb.duns,
                          f"{body.expect.po}-copy@buyer.example"),
               f"{body.expect.po}.xml", "", "text/xml",
               Expect("duplicate", cb.customer_id, body.expect.po, body.expect.lines, of=body.key), "cxml",
               after=body.key, order_key=body.order_key))
    for original, channel in ((originals["ubl"][0], "http"), (originals["edifact"][1], "sftp"),
                              (originals["pdf"][0], "smtp")):
        _resend(b, original, channel)


def _resend(b: _Builder, original: Send, channel: Channel) -> None:
    """The same bytes again (an e-mail resends the same attachment in a new message)."""
    payload, filename = original.payload, original.filename
    if original.format == "pdf":
        from email import message_from_bytes
        msg = message_from_bytes(original.payload, policy=policy.default)
        part = next(msg.iter_attachments())
        payload = pdf_email(original.sender, f"RE: {msg['Subject']}",
                            [(part.get_filename(), "application/pdf", part.get_content())],
                            "Resending our order, did you get it?", f"resend-{original.key}")
    elif channel == "sftp":
        filename = f"resend-{original.filename}"
    b.add(Send(f"resend-{original.key}", channel, payload, filename, original.sender, original.content_type,
               Expect("duplicate", original.expect.customer_id, original.expect.po, original.expect.lines,
                      of=original.key), original.format, after=original.key, order_key=original.order_key))


def _changes(b: _Builder, originals: dict[str, list[Send]]) -> None:
    """A change of one original of each structured format, sent once the original is in."""
    ubl = originals["ubl"][1]
    c = _customer_of(b, ubl)
    new = _changed(ubl.expect.lines)
    b.add(Send(f"chg-{ubl.key}", "http",
               ubl_order(b.po("UBLCHG"), [(_product(b, s).gtin, int(q)) for s, q in new], buyer_gln=c.gln,
                         root="OrderChange", original_po=ubl.expect.po),
               "change.xml", "", "application/xml", Expect("change", c.customer_id, ubl.expect.po, new, of=ubl.key),
               "ubl", after=ubl.key))
    edi = originals["edifact"][2]
    c = _customer_of(b, edi)
    new = _changed(edi.expect.lines)
    po = b.po("ORDCHG")
    b.add(Send(f"chg-{edi.key}", edi.channel,
               edifact_order(po, [(_product(b, s).gtin, int(q)) for s, q in new], buyer_gln=c.gln, sender=c.gln,
                             control_ref=str(b.counter), kind="ORDCHG", original_po=edi.expect.po),
               f"{po}.edi", edi.sender, "application/edifact",
               Expect("change", c.customer_id, edi.expect.po, new, of=edi.key), "edifact", after=edi.key))
    x12 = next(s for s in originals["x12"] if s.channel == "sftp")
    c = _customer_of(b, x12)
    new = _changed(x12.expect.lines)
    b.counter += 1
    b.add(Send(f"chg-{x12.key}", "http", x12_860(x12.expect.po, [(_product(b, s).gtin, int(q)) for s, q in new],
                                                 c.x12_id, 800000 + b.counter),
               f"{x12.expect.po}-860.x12", "", "application/edi-x12",
               Expect("change", c.customer_id, x12.expect.po, new, of=x12.key), "x12", after=x12.key))
    cx = originals["cxml"][1]
    c = _customer_of(b, cx)
    new = _changed(cx.expect.lines)
    b.add(Send(f"chg-{cx.key}", "http", cxml_order(cx.expect.po, [(s, int(q)) for s, q in new], c.duns,
                                                   f"{cx.expect.po}-v2@buyer.example", kind="update"),
               f"{cx.expect.po}-v2.xml", "", "text/xml",
               Expect("change", c.customer_id, cx.expect.po, new, of=cx.key), "cxml", after=cx.key))


def _changed(lines: tuple[tuple[str, Decimal], ...]) -> tuple[tuple[str, Decimal], ...]:
    """The same items, the first with a larger quantity."""
    first, *rest = lines
    return tuple(sorted([(first[0], first[1] + 7), *rest]))


def _hostile(b: _Builder) -> None:
    body = b.customer("body")
    b.add(Send("hostile-xxe", "http", xxe_order(), "xxe.xml", "", "application/xml",
               Expect("hostile", reason="XXE"), "xml"))
    b.add(Send("hostile-laughs", "http", billion_laughs(), "lol.xml", "", "text/xml",
               Expect("hostile", reason="billion laughs"), "xml"))
    b.add(Send("hostile-zipbomb", "http", zip_bomb(), "orders.zip", "", "application/zip",
               Expect("hostile", reason="zip bomb"), "zip"))
    edifact = b.customer("edifact")
    b.add(Send("hostile-corrupt-edi", "sftp", (CORPUS / "edifact" / "CorruptUnh.txt").read_bytes(),
               "corrupt.edi", edifact.account, "application/edifact",
               Expect("hostile", reason="malformed EDIFACT"), "edifact"))
    b.add(Send("hostile-empty-attachment", "smtp",
               pdf_email(body.email, "Order attached", [("order.pdf", "application/pdf", b"")],
                         "See the attached order.", "empty-attachment"),
               "order.pdf", body.email, "message/rfc822", Expect("hostile", reason="0-byte attachment"), "pdf"))
    b.add(Send("hostile-oversize", "http", b"UNA:+.? '" + b"X" * (HTTP_LIMIT + 4096), "big.edi", "",
               "application/edifact", Expect("hostile", reason="over the HTTP body limit", http_status=413),
               "edifact"))
    lines = b.lines(2)
    po = b.po("UNKNOWN")
    b.add(Send("hostile-unknown-sender", "smtp",
               pdf_email(UNKNOWN_SENDER, f"Order {po}", [], body_text(po, lines), "unknown-sender"),
               "", UNKNOWN_SENDER, "message/rfc822",
               Expect("review", None, po, expected_lines(lines), reason="unknown sender"), "body"))


def partners_config(plan: DayPlan, public_keys: dict[str, str]) -> list[dict]:
    """``[[partners]]`` for the SFTP customers: their account and EDI ids (acks into out/)."""
    out = []
    for c in plan.customers:
        if c.account not in public_keys:
            continue
        ids = {"edifact_ids": [c.gln]} if c.role == "edifact" else {"x12_ids": [c.x12_id]}
        out.append({"id": f"partner-{c.customer_id.lower()}", "customer_id": c.customer_id,
                    "sftp_account": c.account, **ids})
    return out


def cxml_partners(customers: list[DayCustomer]) -> list[dict]:
    """``[[partners]]`` vouching for the cXML From credential of each customer with a DUNS: the SharedSecret its
    procurement system sends (``CXML_SECRET_ENV``, set in the gateway's environment)."""
    return [{"id": f"cxml-{c.customer_id.lower()}", "customer_id": c.customer_id, "cxml_secret_env": CXML_SECRET_ENV}
            for c in customers if c.duns]


def sftp_accounts(plan: DayPlan) -> list[DayCustomer]:
    """The customers that have an SFTP account in the plan."""
    names = {s.sender for s in plan.sends if s.channel == "sftp"}
    return [c for c in plan.customers if c.account in names]
