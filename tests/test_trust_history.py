"""Trust from the customer's own history: the day/month order its past documents settled, and unit
conversions a person confirmed on its earlier orders, through the running gateway.

The customer here (T5) has no country and no language in the master data, so neither settles how it
writes 04/12/2027; only what it sent before can.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from email.message import EmailMessage
from pathlib import Path

import aiohttp

from testkit.trust_corpus import trust_config
from gateway.store.intake import IntakeMeta
from gateway.order_history import past_date_order
from testkit.harness import running_gateway, wait_until

YEAR = date.today().year + 1
SENDER = "buyer@atlas.example"


def atlas_config(tmp_path: Path) -> Path:
    """The trust configuration with one more customer whose country and language are unknown."""
    path = trust_config(tmp_path)
    with (tmp_path / "gw" / "masterdata" / "customers.csv").open("a", encoding="utf-8") as fh:
        fh.write(f"T5,Atlas Trading,,EUR,,,,atlas.example,{SENDER},,,,,\n")
    return path


def typed_mail(po: str, deliver: str, lines: str = "- 2 EA TP-1001") -> bytes:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = SENDER, "orders@gateway.example", f"Order {po}"
    msg["Date"] = "Mon, 30 Nov 2026 09:15:00 +0000"
    msg["Message-ID"] = f"<{po}@atlas.example>"
    msg.set_content(f"Hello,\n\nPlease ship the following:\n{lines}\n\nPO number: {po}\n"
                    f"Deliver by {deliver}.\n\nKind regards,\nAtlas Trading\n")
    return msg.as_bytes()


async def send(gw, data: bytes, name: str):
    envelope = await gw.ctx.intake.accept(data, "smtp", IntakeMeta(sender=SENDER, filename=name))

    async def order():
        for child in await gw.ctx.journal.list_documents(parent_id=envelope.document_id):
            found = await gw.ctx.journal.orders_for_document(child.id)
            if found:
                return found[0]
        return None
    return await wait_until(order, timeout=60)


def test_past_documents_settle_only_when_they_agree():
    assert past_date_order(["dmy", "dmy"]) == "dmy"
    assert past_date_order(["mdy"]) == "mdy"
    assert past_date_order(["dmy", "mdy"]) is None
    assert past_date_order([]) is None


async def test_an_ambiguous_date_is_settled_by_the_customers_past_documents(tmp_path):
    async with running_gateway(atlas_config(tmp_path)) as gw:
        first = await send(gw, typed_mail("AT-1", f"04/12/{YEAR}"), "first.eml")
        assert first.field_confidence["requested_delivery_date"] < 1.0  # nothing settles it yet
        assert first.status.value == "review"
        await send(gw, typed_mail("AT-2", f"25/11/{YEAR}"), "second.eml")  # can only be day first
        later = await send(gw, typed_mail("AT-3", f"04/12/{YEAR}"), "third.eml")
        assert later.requested_delivery_date == date(YEAR, 12, 4)
        assert later.field_confidence["requested_delivery_date"] == 1.0


async def test_a_customer_writing_both_orders_keeps_its_dates_ambiguous(tmp_path):
    async with running_gateway(atlas_config(tmp_path)) as gw:
        await send(gw, typed_mail("AT-1", f"25/11/{YEAR}"), "dmy.eml")
        await send(gw, typed_mail("AT-2", f"11/25/{YEAR}"), "mdy.eml")
        later = await send(gw, typed_mail("AT-3", f"04/12/{YEAR}"), "third.eml")
        assert later.field_confidence["requested_delivery_date"] < 1.0
        assert later.status.value == "review"


# --- units a person converted on an earlier order -------------------------------------------------------

from testkit.trust_corpus import CUSTOMERS, PRODUCTS, TrustLine, TrustOrder, render  # noqa: E402
from gateway.stages.line_units import units_to_learn  # noqa: E402
from gateway.model import Customer, NormalizedOrder, OrderLine, Sla, Source  # noqa: E402
from gateway.reference.unit_conversions import ConversionTable, learned_units_path, load_conversions  # noqa: E402
from testkit.harness import API_KEY, REPO  # noqa: E402

FR, _IE, _US, DE = CUSTOMERS
PRODUCT = {p.sku: p for p in PRODUCTS}


def pkg_order(customer, po: str, qty: int) -> TrustOrder:
    """An openTRANS order for boxed pens (TP-1003, sold in BX) written in packs: no conversion known."""
    lines = [TrustLine(PRODUCT["TP-1003"], Decimal(qty), "Pkg", "Pkg", Decimal(1), False)]
    return TrustOrder(fmt="opentrans", customer=customer, po=po, order_date=date.today() - timedelta(days=2),
                      requested=date.today() + timedelta(days=9), line_dates=False, lines=lines,
                      currency=customer.currency)


async def http(gw, method: str, path: str, body: dict | None = None) -> tuple[int, dict]:
    url = f"http://127.0.0.1:{gw.ports['http']}{path}"
    async with aiohttp.ClientSession() as session:
        async with session.request(method, url, json=body, headers={"X-API-Key": API_KEY}) as resp:
            return resp.status, await resp.json()


async def held_order(gw, order: TrustOrder):
    data, name, _how = render(order)
    status, body = await http_post(gw, data, name)
    assert status == 202
    return await wait_until(lambda: first_order(gw, body["document_id"]), timeout=60)


async def http_post(gw, data: bytes, name: str) -> tuple[int, dict]:
    url = f"http://127.0.0.1:{gw.ports['http']}/v1/documents"
    async with aiohttp.ClientSession() as session:
        async with session.post(url, data=data, headers={"X-API-Key": API_KEY, "X-Filename": name}) as resp:
            return resp.status, await resp.json()


async def first_order(gw, document_id: str):
    found = await gw.ctx.journal.orders_for_document(document_id)
    return found[0] if found else None


async def test_a_unit_a_clerk_converted_is_that_customers_conversion_next_time(tmp_path):
    async with running_gateway(trust_config(tmp_path)) as gw:
        first = await held_order(gw, pkg_order(DE, "PO-PKG-1", 3))
        assert "UOM-NO-CONVERSION" in {i.code for i in first.issues} and first.status.value == "review"
        status, _ = await http(gw, "PATCH", f"/v1/orders/{first.order_id}",
                               {"lines": [{"line_no": 1, "uom": "BX", "quantity": "6"}]})
        assert status == 200
        learned = learned_units_path(gw.ctx.config.gateway.data_dir).read_text()
        assert "T4,TP-1003,PK,BX,2" in learned
        again = await held_order(gw, pkg_order(DE, "PO-PKG-2", 5))
        assert [(ln.uom, ln.quantity) for ln in again.lines] == [("BX", Decimal(10))]
        assert "UOM-NO-CONVERSION" not in {i.code for i in again.issues}
        assert any(i.code == "UOM-CONVERTED" and "customer" in i.message for i in again.issues)
        other = await held_order(gw, pkg_order(FR, "PO-PKG-3", 5))  # another customer's packs: unknown
        assert "UOM-NO-CONVERSION" in {i.code for i in other.issues} and other.status.value == "review"


def _order(lines: list[OrderLine]) -> NormalizedOrder:
    return NormalizedOrder(order_id="o-1", customer=Customer(id="T4"), lines=lines,
                           source=Source(document_id="d-1", channel="api", format="opentrans", sha256="0" * 64,
                                         received_at=datetime.now(UTC)),
                           sla=Sla(received_at=datetime.now(UTC)))


def test_only_a_whole_conversion_of_the_same_product_to_its_own_unit_is_learned():
    from gateway.reference.masterdata import ProductRecord
    from extractors.units import TABLE
    from gateway.reference.units import UnitCodes
    units = UnitCodes.load(REPO / "mappings" / "units.toml", TABLE)
    products = {"TP-1003": ProductRecord(sku="TP-1003", uom="BX", pack_size=Decimal(10)),
                "TP-1001": ProductRecord(sku="TP-1001", uom="EA")}
    before = _order([OrderLine(line_no=1, sku="TP-1003", quantity=Decimal(3), uom="PK"),
                     OrderLine(line_no=2, sku="TP-1003", quantity=Decimal(3), uom="PK"),
                     OrderLine(line_no=3, sku="TP-1003", quantity=Decimal(24), uom="PK"),
                     OrderLine(line_no=4, sku="TP-1001", quantity=Decimal(3), uom="PK")])
    after = _order([OrderLine(line_no=1, sku="TP-1003", quantity=Decimal(6), uom="BX"),   # 1 PK = 2 BX
                    OrderLine(line_no=2, sku="TP-1003", quantity=Decimal(7), uom="BX"),   # another quantity
                    OrderLine(line_no=3, sku="TP-1003", quantity=Decimal(4), uom="BX"),   # 1 BX = 6 PK
                    OrderLine(line_no=4, sku="TP-1002", quantity=Decimal(6), uom="EA")])  # another product
    learned = units_to_learn(units, ConversionTable(), [], products, before, after)
    assert [(r["from_unit"], r["to_unit"], r["factor"]) for r in learned] == [("PK", "BX", "2"), ("BX", "PK", "6")]


def test_the_toml_word_for_a_customer_wins_over_a_learned_one(tmp_path):
    learned = tmp_path / "learned.csv"
    learned.write_text("customer_id,sku,from_unit,to_unit,factor\nT4,TP-1003,PK,BX,2\nT4,TP-1003,CT,BX,x\n")
    toml = tmp_path / "u.toml"
    assert load_conversions(toml, learned).factor("TP-1003", "PK", "BX", "T4") == 2
    toml.write_text('[customer."T4"."TP-1003"]\nBX = { PK = 1 }\n')
    assert load_conversions(toml, learned).factor("TP-1003", "PK", "BX", "T4") == 1
    assert load_conversions(toml, learned).factor("TP-1003", "CT", "BX", "T4") is None


# --- unit words and codes ------------------------------------------------------------------------------

from extractors.units import TABLE  # noqa: E402
from gateway.reference.units import UnitCodes  # noqa: E402


def test_plural_unit_words_and_rec21_package_codes_normalize():
    units = UnitCodes.load(REPO / "mappings" / "units.toml", TABLE)
    assert [units.normalize(w) for w in ("douzaines", "Pakete", "Packungen", "rouleaux", "XBX", "XCT", "Kartons")] == \
        ["DZN", "PK", "PK", "RO", "BX", "CT", "CT"]
    assert units.normalize("PCS") == "C62" and units.normalize("KGS") == "KGM"


# --- a unit code read in the document's own code list -----------------------------------------------

from gateway.reference.units import unit_standard  # noqa: E402


def test_a_unit_code_means_what_the_documents_code_list_says():
    units = UnitCodes.load(REPO / "mappings" / "units.toml", TABLE)
    assert units.normalize("ST", unit_standard("x12")) == "SET"  # X12 355: set
    assert units.normalize("CA", unit_standard("x12")) == "CS"  # X12 355: a case, not a carton
    assert units.normalize("ST", unit_standard("edifact")) is None  # Rec 20: sheet, not a piece
    assert units.normalize("CA", unit_standard("ubl")) == "CA"  # Rec 20: can
    assert units.normalize("St.", unit_standard("body_text")) == "C62"  # German text: Stück
    assert units.normalize("EA", unit_standard("x12")) == "C62" and units.normalize("PCE", None) == "C62"


def _x12_with_unit(unit: str) -> bytes:
    from testkit.trust_corpus import render as _render
    order = TrustOrder(fmt="x12", customer=_US, po="PO-ST-1", order_date=date.today() - timedelta(days=2),
                       requested=date.today() + timedelta(days=9), line_dates=False,
                       lines=[TrustLine(PRODUCT["TP-1001"], Decimal(2), "EA", "EA", Decimal(1), False)],
                       currency=_US.currency)
    return _render(order)[0].replace(b"PO1*1*2*EA", f"PO1*1*2*{unit}".encode())


def test_an_x12_set_is_never_delivered_as_pieces(tmp_path):
    from tests.test_trust import in_process_extract, orders_in
    config = trust_config(tmp_path)
    (got,) = orders_in(in_process_extract(config, _x12_with_unit("ST"), "st.x12", tmp_path, channel="http"))
    assert got["status"] == "review" and got["lines"][0]["uom"] == "SET"
    assert any(i["code"] == "UOM-NO-CONVERSION" and "SET" in i["message"] and "EA" in i["message"]
               for i in got["issues"])
    (got,) = orders_in(in_process_extract(config, _x12_with_unit("PC"), "pc.x12", tmp_path, channel="http"))
    assert got["status"] == "ready" and got["lines"][0]["uom"] == "EA"


# --- a line whose ids name different products -----------------------------------------------------------


def _structured(fmt: str, sku: str, customer=None) -> tuple[bytes, str, dict]:
    from testkit.trust_corpus import render as _render
    customer = customer or FR
    unit = "MTR" if sku == "TP-1004" else "EA"
    order = TrustOrder(fmt=fmt, customer=customer, po=f"PO-{fmt}-C", order_date=date.today() - timedelta(days=2),
                       requested=date.today() + timedelta(days=9), line_dates=False,
                       lines=[TrustLine(PRODUCT[sku], Decimal(2), unit, unit, Decimal(1), False)],
                       currency=customer.currency)
    return _render(order)


def test_ids_naming_different_products_hold_the_line_naming_both(tmp_path):
    from tests.test_trust import in_process_extract, orders_in
    config = trust_config(tmp_path)
    other = PRODUCT["TP-1003"].gtin.encode()
    cases = [
        ("x12", "TP-1001", _US, lambda b: b.replace(b"VP*TP-1001", b"VP*TP-1001*EN*" + other)),
        ("ubl", "TP-1001", FR, lambda b: b.replace(
            b"</cac:SellersItemIdentification>", b"</cac:SellersItemIdentification><cac:StandardItemIdentification>"
            b"<cbc:ID schemeID=\"0160\">" + other + b"</cbc:ID></cac:StandardItemIdentification>")),
        ("cxml", "TP-1001", _US, lambda b: b.replace(b"<SupplierPartID>TP-1001</SupplierPartID>",
                                                   b"<SupplierPartID>TP-1001</SupplierPartID><BuyerPartID>TP-1002"
                                                   b"</BuyerPartID>")),
    ]
    for fmt, sku, customer, fix in cases:
        data, name, how = _structured(fmt, sku, customer)
        (got,) = orders_in(in_process_extract(config, fix(data), name, tmp_path, **how))
        issue = next(i for i in got["issues"] if i["code"] == "ITEM-CONFLICT")
        assert got["status"] == "review" and issue["severity"] == "error" and sku in issue["message"], fmt
        assert ("TP-1003" if fmt != "cxml" else "TP-1002") in issue["message"]
    data, name, how = _structured("x12", "TP-1001", _US)  # the same product by two ids: no conflict
    same = data.replace(b"VP*TP-1001", b"VP*TP-1001*EN*" + PRODUCT["TP-1001"].gtin.encode())
    (got,) = orders_in(in_process_extract(config, same, name, tmp_path, **how))
    assert got["status"] == "ready"


# --- a price stated per another unit than the line's ----------------------------------------------------


def _priced(fmt: str, qty: int, written: str, customer=None) -> tuple[bytes, str, dict]:
    from testkit.trust_corpus import render as _render
    customer = customer or FR
    factor = {"BX": Decimal(1), "PCE": Decimal("0.1"), "CAR": Decimal(4)}[written]
    order = TrustOrder(fmt=fmt, customer=customer, po=f"PO-{fmt}-P", order_date=date.today() - timedelta(days=2),
                       requested=date.today() + timedelta(days=9), line_dates=False,
                       lines=[TrustLine(PRODUCT["TP-1003"], Decimal(qty), written, written, factor, True)],
                       currency=customer.currency)
    return _render(order)


def test_a_price_per_another_unit_is_made_a_price_per_the_lines_unit(tmp_path):
    """TP-1003 is sold in BX at 6.50, a box holds 10 pieces, a carton 4 boxes (the trust master data)."""
    from tests.test_trust import in_process_extract, orders_in
    config = trust_config(tmp_path)
    cases = [  # (format, quantity, unit written, the price segment as sent, the price segment per another unit)
        ("edifact", 8, "BX", b"PRI+AAA:6.50", b"PRI+AAA:26.00:CA::1:CT"),  # per carton, line in boxes
        ("edifact", 20, "PCE", b"PRI+AAA:0.65", b"PRI+AAA:6.50:CA::1:BX"),  # per box, line in pieces
        ("x12", 2, "CAR", b"*26.00**VP", b"*0.65*PE*VP"),  # per each (PO105 PE), line in cartons
        ("ubl", 8, "BX", b'<cbc:PriceAmount currencyID="EUR">6.50</cbc:PriceAmount>',
         b'<cbc:PriceAmount currencyID="EUR">26.00</cbc:PriceAmount><cbc:BaseQuantity unitCode="CT">1'
         b'</cbc:BaseQuantity>'),
    ]
    for fmt, qty, written, sent, per_other in cases:
        data, name, how = _priced(fmt, qty, written, _US if fmt == "x12" else FR)
        assert sent in data, fmt
        data = data.replace(sent, per_other).replace(b"PO1*1*2*CAR", b"PO1*1*2*CT")
        (got,) = orders_in(in_process_extract(config, data, name, tmp_path, **how))
        assert [(ln["uom"], Decimal(ln["unit_price"])) for ln in got["lines"]] == [("BX", Decimal("6.5"))], fmt
        assert got["status"] == "ready", (fmt, got["issues"])


def test_a_line_in_cases_is_not_converted_with_a_carton_factor(tmp_path):
    """TP-1003's carton holds 4 boxes; nobody said what a case holds: X12 CA waits with both units named."""
    from tests.test_trust import in_process_extract, orders_in
    config = trust_config(tmp_path)
    data, name, how = _priced("x12", 2, "CAR", _US)
    (got,) = orders_in(in_process_extract(config, data.replace(b"PO1*1*2*CAR", b"PO1*1*2*CA"), name, tmp_path, **how))
    problem = next(i for i in got["issues"] if i["code"] == "UOM-NO-CONVERSION")
    assert got["status"] == "review" and "CS" in problem["message"] and "BX" in problem["message"]


def test_a_price_per_a_unit_with_no_conversion_holds_naming_both(tmp_path):
    from tests.test_trust import in_process_extract, orders_in
    data, name, how = _priced("edifact", 8, "BX")
    data = data.replace(b"PRI+AAA:6.50", b"PRI+AAA:26.00:CA::1:PK")
    (got,) = orders_in(in_process_extract(trust_config(tmp_path), data, name, tmp_path, **how))
    issue = next(i for i in got["issues"] if i["code"] == "UOM-NO-CONVERSION")
    assert "PK" in issue["message"] and "BX" in issue["message"] and got["status"] == "review"
    assert got["lines"][0]["unit_price"] is None


def test_a_price_per_each_of_a_product_without_pack_size_is_per_its_sales_unit(tmp_path):
    from gateway.stages.line_units import unit_factor
    from gateway.reference.masterdata import ProductRecord
    from gateway.reference.unit_conversions import parse_conversions
    units = UnitCodes.load(REPO / "mappings" / "units.toml", TABLE)
    table = parse_conversions({"sku": {"P-1": {"CT": {"PK": 40}}, "B-1": {"CT": {"BX": 4}}}}, tmp_path / "u.toml")
    pens = ProductRecord(sku="P-1", uom="PK")  # no pack size: "each" is one pack
    assert unit_factor(units, table, ["C62", "EA", "H87"], pens, "CT", "EA", None) == 40
    boxes = ProductRecord(sku="B-1", uom="BX", pack_size=Decimal(10))  # a box of 10 pieces
    assert unit_factor(units, table, ["C62", "EA", "H87"], boxes, "CT", "EA", None) == 40
    assert unit_factor(units, table, ["C62", "EA", "H87"], boxes, "PCE", "CT", None) == Decimal(1) / 40
    assert unit_factor(units, table, ["C62", "EA", "H87"], boxes, "PK", "BX", None) is None
