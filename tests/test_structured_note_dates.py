"""Structured orders' free-text notes (EDIFACT FTX, X12 MSG/NTE, cXML Comments, UBL Note, openTRANS REMARKS) go
through the date and condition rules of typed notes (``extractors.mail.note_dates``): a not-before or by date,
a refused weekday or weekdays allowed alone that the order's date breaks hold ``DATE-REMARK-CONFLICT``; another date
``DATE-UNPLACED``; a partial-delivery condition ``QUESTION-TYPED``. Harmless delivery notes pass in three languages
and in capitals, and a dock, door, gate or bay number before ONLY is no quantity limit."""

from __future__ import annotations

from datetime import date, timedelta
from xml.sax.saxutils import escape

import pytest

from extractors.base import ExtractHints
from extractors.mail.note_dates import note_date_problems
from extractors.capture.page_notes import limits_quantity
from extractors.edi.edifact import EXTRACTOR as EDIFACT
from extractors.edi.x12 import EXTRACTOR as X12
from extractors.xml.cxml import EXTRACTOR as CXML
from extractors.xml.opentrans import EXTRACTOR as OPENTRANS
from extractors.xml.ubl import EXTRACTOR as UBL
from gateway.model import ExtractedOrder
from gateway.stages.mapping import with_note_problems
from testkit.harness import API_KEY, running_gateway, wait_until, write_config
from testkit.samples import ORDER_DAY, ubl_order

# a Thursday three weeks on: the order's requested date
WANTED = ORDER_DAY + timedelta(days=(3 - ORDER_DAY.weekday()) % 7 + 21)
LATER = WANTED + timedelta(days=12)
SOONER = WANTED - timedelta(days=6)
ELSE = WANTED + timedelta(days=1)


def _edifact(notes: list[str]) -> bytes:
    seg = ["UNH+1+ORDERS:D:96A:UN:EAN008", "BGM+220+ND-1+9", f"DTM+137:{ORDER_DAY:%Y%m%d}:102",
           f"DTM+2:{WANTED:%Y%m%d}:102", *(f"FTX+DEL+++{n.replace(':', '?:').replace('+', '?+')}" for n in notes),
           "NAD+BY+5412345000013::9", "LIN+1++4000862141404:SRS", "QTY+21:3", "UNS+S", "CNT+2:1"]
    seg.append(f"UNT+{len(seg) + 1}+1")
    return ("UNA:+.? '" + "'".join(["UNB+UNOC:3+5412345000013:14+GATEWAY:ZZ+261120:1000+77", *seg, "UNZ+1+77"])
            + "'").encode("latin-1")


def _x12(notes: list[str]) -> bytes:
    body = ["ST*850*0001", f"BEG*00*SA*ND-2**{ORDER_DAY:%Y%m%d}", f"DTM*002*{WANTED:%Y%m%d}",
            *(s for n in notes for s in ("N9*L1*NOTES", f"MSG*{n}")), "N1*BY*Acme*92*ACMEIND",
            "PO1*1*3*EA***VP*SKU-1004", "CTT*1"]
    body.append(f"SE*{len(body) + 1}*0001")
    isa = f"ISA*00*          *00*          *ZZ*{'ACMEIND':<15}*ZZ*{'GATEWAY':<15}*261120*1000*U*00401*000000077*0*P*>"
    return ("~\n".join([isa, "GS*PO*ACMEIND*GATEWAY*20261120*1000*77*X*004010", *body, "GE*1*77",
                        "IEA*1*000000077"]) + "~\n").encode()


def _cxml(notes: list[str]) -> bytes:
    return f"""<?xml version="1.0"?><cXML payloadID="nd-3@x" timestamp="{ORDER_DAY}T10:00:00+00:00">
<Header><From><Credential domain="DUNS"><Identity>123456789</Identity></Credential></From>
<To><Credential domain="NetworkID"><Identity>GW</Identity></Credential></To>
<Sender><Credential domain="NetworkID"><Identity>hub</Identity></Credential><UserAgent>t</UserAgent></Sender></Header>
<Request><OrderRequest><OrderRequestHeader orderID="ND-3" orderDate="{ORDER_DAY}T09:00:00+00:00" type="new"
 requestedDeliveryDate="{WANTED}">{"".join(f"<Comments>{escape(n)}</Comments>" for n in notes)}</OrderRequestHeader>
<ItemOut quantity="3" lineNumber="1"><ItemID><SupplierPartID>SKU-1004</SupplierPartID></ItemID>
<ItemDetail><UnitPrice><Money currency="USD">18.00</Money></UnitPrice><Description xml:lang="en">Stapler</Description>
<UnitOfMeasure>EA</UnitOfMeasure></ItemDetail></ItemOut></OrderRequest></Request></cXML>""".encode()


def _ubl(notes: list[str]) -> bytes:
    data = ubl_order("ND-4", [("4000862141404", 3)], delivery_date=WANTED.isoformat(), note=notes[0] if notes else "")
    for extra in notes[1:]:
        data = data.replace(b"</cbc:Note>", f"</cbc:Note><cbc:Note>{escape(extra)}</cbc:Note>".encode(), 1)
    return data


def _opentrans(notes: list[str]) -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<ORDER version="2.1" type="standard" xmlns="http://www.opentrans.org/XMLSchema/2.1" xmlns:bmecat="http://www.bmecat.org/bmecat/2005">
 <ORDER_HEADER><ORDER_INFO><ORDER_ID>ND-5</ORDER_ID><ORDER_DATE>{ORDER_DAY}T08:00:00</ORDER_DATE>
  <DELIVERY_DATE><DELIVERY_START_DATE>{WANTED}</DELIVERY_START_DATE><DELIVERY_END_DATE>{WANTED}</DELIVERY_END_DATE></DELIVERY_DATE>
  <PARTIES><PARTY><bmecat:PARTY_ID type="gln">4012345000009</bmecat:PARTY_ID><PARTY_ROLE>buyer</PARTY_ROLE></PARTY></PARTIES>
  {"".join(f"<REMARKS>{escape(n)}</REMARKS>" for n in notes)}
 </ORDER_INFO></ORDER_HEADER>
 <ORDER_ITEM_LIST><ORDER_ITEM><LINE_ITEM_ID>1</LINE_ITEM_ID>
  <PRODUCT_ID><bmecat:SUPPLIER_PID>SKU-1003</bmecat:SUPPLIER_PID></PRODUCT_ID><QUANTITY>8</QUANTITY>
  <bmecat:ORDER_UNIT>C62</bmecat:ORDER_UNIT></ORDER_ITEM></ORDER_ITEM_LIST>
</ORDER>""".encode()


FORMATS = {"edifact": (EDIFACT, _edifact), "x12": (X12, _x12), "cxml": (CXML, _cxml), "ubl": (UBL, _ubl),
           "opentrans": (OPENTRANS, _opentrans)}


def checked(fmt: str, notes: list[str]) -> ExtractedOrder:
    extractor, make = FORMATS[fmt]
    (order,) = extractor.extract(make(notes), ExtractHints()).orders
    assert order.requested_delivery_date == WANTED and notes[0].split()[0] in " ".join(order.notes)
    return with_note_problems(order)


def held(order: ExtractedOrder) -> set[str]:
    return {p.code for p in order.problems if p.severity == "error"}


def fr(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def de(d: date) -> str:
    return d.strftime("%d.%m.%Y")


def us(d: date) -> str:
    return d.strftime("%m/%d/%Y")


CONFLICTS = [
    ("edifact", f"MARCHANDISE A LIVRER A PARTIR DU {fr(LATER)} UNIQUEMENT", "DATE-REMARK-CONFLICT"),
    ("edifact", f"ZUSTELLUNG NICHT VOR {de(LATER)} - INVENTUR", "DATE-REMARK-CONFLICT"),
    ("edifact", "NO DELIVERIES ON THURSDAYS", "DATE-REMARK-CONFLICT"),
    ("x12", f"SHIP NO EARLIER THAN {us(LATER)}", "DATE-REMARK-CONFLICT"),
    ("x12", "RECEIVING ONLY ON MONDAYS AND FRIDAYS", "DATE-REMARK-CONFLICT"),
    ("x12", f"MUST ARRIVE NO LATER THAN {us(SOONER)}", "DATE-REMARK-CONFLICT"),
    ("cxml", f"Site closed until {LATER:%B} {LATER.day}, {LATER.year}", "DATE-REMARK-CONFLICT"),
    ("cxml", f"Anlieferung bitte am {de(ELSE)}", "DATE-UNPLACED"),
    ("ubl", f"Livraison au plus tard le {fr(SOONER)}", "DATE-REMARK-CONFLICT"),
    ("ubl", "Keine Anlieferung donnerstags", "DATE-REMARK-CONFLICT"),
    ("ubl", f"REQUESTED DELIVERY {ELSE.isoformat()}", "DATE-UNPLACED"),
    ("opentrans", f"Nous livrer le {fr(ELSE)} svp", "DATE-UNPLACED"),
    ("opentrans", f"Frühestens ab {de(LATER)} liefern", "DATE-REMARK-CONFLICT"),
    ("opentrans", "Teillieferungen werden nicht angenommen", "QUESTION-TYPED"),
    ("edifact", "NO BACKORDERS - NO PARTIAL DELIVERIES", "QUESTION-TYPED"),
]


@pytest.mark.parametrize("fmt,note,code", CONFLICTS, ids=[f"{f}-{n[:24]}" for f, n, _c in CONFLICTS])
def test_a_note_the_orders_date_breaks_holds_the_order(fmt, note, code):
    order = checked(fmt, [note])
    assert code in held(order), [(p.code, p.message) for p in order.problems]
    assert any(note[:20] in p.message for p in order.problems if p.code == code)


HARMLESS = [
    ("edifact", "DELIVER AT GATE 2 ONLY"),
    ("edifact", "LIVRAISON QUAI N 5 UNIQUEMENT - HORAIRES 7H-12H"),
    ("edifact", "WARENANNAHME MO-FR 7-14 UHR, NUR RAMPE 3"),
    ("x12", "DOCK 9 ONLY. CALL 312-555-0177 ONE HOUR BEFORE ARRIVAL"),
    ("x12", f"DO NOT DELIVER BEFORE {us(SOONER)}"),
    ("x12", "PALLETS NOT OVER 48 INCHES HIGH"),
    ("cxml", "Deliveries Monday to Friday only, 8am-5pm"),
    ("cxml", "Appeler le magasinier avant livraison"),
    ("ubl", f"Livraison le {fr(WANTED)} le matin"),
    ("ubl", "Hauteur palette max 1,60 m, quai 2 uniquement"),
    ("opentrans", "Bitte Tor 4 benutzen, Anlieferung nur vormittags"),
    ("opentrans", f"Lieferung frühestens {de(SOONER)}"),
    ("opentrans", "Please call receiving before delivery"),
    ("edifact", f"PRIX SELON DEVIS D-2291 DU {fr(ORDER_DAY - timedelta(days=20))}"),
    ("x12", f"PRICING PER CONTRACT 7781 VALID THROUGH {us(LATER)}"),
]


@pytest.mark.parametrize("fmt,note", HARMLESS, ids=[f"{f}-{n[:24]}" for f, n in HARMLESS])
def test_a_harmless_delivery_note_passes(fmt, note):
    order = checked(fmt, [note])
    assert not held(order), [(p.code, p.message) for p in order.problems]


def test_an_ambiguous_date_passes_only_when_both_readings_agree():
    order = ExtractedOrder(po_number="A", order_date=date(2026, 12, 1), requested_delivery_date=date(2027, 3, 2))
    assert note_date_problems(["NOT BEFORE 01/02/2027"], order).problems == []  # 1 Feb or 2 Jan: both met
    later = ExtractedOrder(po_number="A", order_date=date(2026, 12, 1), requested_delivery_date=date(2027, 1, 20))
    (problem,) = note_date_problems(["NOT BEFORE 01/02/2027"], later).problems  # 1 Feb: broken
    assert problem.code == "DATE-REMARK-CONFLICT"


def test_a_line_date_is_set_against_the_note_too():
    from decimal import Decimal
    from gateway.model import ExtractedLine
    order = ExtractedOrder(po_number="A", order_date=date(2026, 12, 1), requested_delivery_date=None,
                           lines=[ExtractedLine(line_no=1, quantity=Decimal(2), requested_date=date(2027, 1, 8)),
                                  ExtractedLine(line_no=2, quantity=Decimal(2), requested_date=date(2027, 1, 20))])
    (problem,) = note_date_problems(["PAS DE LIVRAISON AVANT LE 15/01/2027"], order).problems
    assert problem.code == "DATE-REMARK-CONFLICT" and "2027-01-08" in problem.message


def test_a_note_date_on_an_order_without_a_delivery_date_holds():
    order = ExtractedOrder(po_number="A", order_date=date(2026, 12, 1), requested_delivery_date=None)
    (problem,) = note_date_problems(["PAS DE LIVRAISON AVANT LE 15/01/2027"], order).problems
    assert problem.code == "DATE-UNPLACED"  # the earliest day the note allows is on no field the ERP reads


@pytest.mark.parametrize("text", ["deliver to dock 4 only", "use door 12 only please", "quai 3 uniquement",
                                  "nur rampe 2", "bay 7 only - forklift on site", "gate no. 2 only"])
def test_a_place_number_before_only_is_no_quantity(text):
    assert not limits_quantity(text)


@pytest.mark.parametrize("text", ["send 12 only please", "bitte nur 25 ordner liefern", "4 cartons seulement",
                                  "only 6 boxes, dock 3"])
def test_a_count_before_only_still_limits_the_quantity(text):
    assert limits_quantity(text)


async def test_through_the_server_a_note_date_holds_and_a_dock_note_goes(tmp_path):
    import aiohttp

    cfg = write_config(tmp_path / "gw")
    async with running_gateway(cfg) as gw:
        url = f"http://127.0.0.1:{gw.ports['http']}/v1/documents"
        got = {}
        for name, body in (("date", _edifact([f"PAS DE LIVRAISON AVANT LE {fr(LATER)}"])),
                           ("dock", _x12(["DELIVER TO DOOR 3 ONLY - RECEIVING 7AM-1PM"]))):
            async with aiohttp.ClientSession() as s:
                async with s.post(url, data=body, headers={"X-API-Key": API_KEY}) as r:
                    doc = (await r.json())["document_id"]
            (got[name],) = await wait_until(lambda: gw.ctx.journal.orders_for_document(doc), timeout=60)
        assert got["date"].status.value == "review"
        assert "DATE-REMARK-CONFLICT" in {i.code for i in got["date"].issues}
        assert "CHANGE-TYPED" not in {i.code for i in got["dock"].issues}
        assert got["dock"].status.value in ("ready", "delivered"), [(i.code, i.message) for i in got["dock"].issues]


@pytest.mark.parametrize("fmt", ["opentrans", "edifact"])
def test_the_readers_own_note_on_a_delivery_window_is_no_other_date(fmt):
    end = WANTED + timedelta(days=2)
    extractor, make = FORMATS[fmt]
    data = make(["PLEASE CALL BEFORE DELIVERY"])
    if fmt == "opentrans":
        data = data.replace(f"<DELIVERY_END_DATE>{WANTED}".encode(), f"<DELIVERY_END_DATE>{end}".encode())
    else:
        data = data.replace(f"DTM+2:{WANTED:%Y%m%d}:102".encode(), f"DTM+2:{WANTED:%Y%m%d}{end:%Y%m%d}:718".encode())
    (order,) = extractor.extract(data, ExtractHints()).orders
    assert order.requested_delivery_date == WANTED and any("window" in n for n in order.notes), order.notes
    assert not held(with_note_problems(order)), with_note_problems(order).problems


def _at(want: date) -> ExtractedOrder:
    return ExtractedOrder(po_number="A", order_date=date(2026, 12, 2), requested_delivery_date=want)


MONDAY = date(2026, 12, 14)


@pytest.mark.parametrize("text", [
    "RECEIVE AFTER 12/07/2026 BUT NOT AFTER 12/11/2026",            # two bounds, the second broken
    "MUST BE DELIVERED NO LATER THAN 12/10/2026 - NO DELIVERIES BEFORE 10AM",
    "LIEFERUNG BIS 10.12.2026, NICHT VOR 6 UHR",
    "LIVRER AU PLUS TARD LE 10/12/2026, PAS AVANT 7H",
    "THURSDAYS ONLY. NOT BEFORE 01/07/2027",                         # weekday met, date not
    "RECEIVING MONDAYS ONLY - DO NOT DELIVER BEFORE 01/04/2027",
    "WE CANNOT ACCEPT DELIVERY ON 12/14/2026",                        # the order's own date refused
    "SHIP NLT 20261210", "ARRIVAL NO LATER THAN 2026-12-10",
    "ANLIEFERUNG ERST AB KW 2/2027", "LIVRAISON SEMAINE 02/2027",
])
def test_each_condition_of_a_note_is_checked(text):
    order = _at(MONDAY if "THURSDAYS" not in text else date(2026, 12, 17))
    problems = note_date_problems([text], order).problems
    assert problems and problems[0].code in ("DATE-REMARK-CONFLICT", "DATE-UNPLACED"), text


def test_weekdays_only_holds_a_weekend_date():
    (problem,) = note_date_problems(["WEEKDAY DELIVERIES ONLY"], _at(date(2026, 12, 13))).problems
    assert problem.code == "DATE-REMARK-CONFLICT"
    assert note_date_problems(["WEEKDAY DELIVERIES ONLY"], _at(MONDAY)).problems == []


def test_a_partial_delivery_condition_holds_beside_a_date_the_order_meets():
    problems = note_date_problems(["PARTIAL SHIPMENTS NOT ACCEPTED. SHIP ON OR AFTER 12/07/2026"], _at(MONDAY)).problems
    assert [p.code for p in problems] == ["QUESTION-TYPED"]


@pytest.mark.parametrize("text", [
    "GATE 2 ONLY - NO DELIVERIES ON SUNDAYS", "RAMPE 4 UNIQUEMENT, PAS DE LIVRAISON LE DIMANCHE",
    "SITE CLOSED 12/23/2026 THROUGH 12/30/2026", "WERKSURLAUB VOM 21.12.2026 BIS 04.01.2027",
    "UNLOAD AT BAYS 6/7", "DELIVER BY 12/16/2026", "DO NOT DELIVER ON 12/18/2026",
])
def test_notes_the_order_meets_pass(text):
    assert note_date_problems([text], _at(MONDAY)).problems == [], text


@pytest.mark.parametrize("note", [
    "PLEASE HOLD SHIPMENT UNTIL WE CONFIRM - BUDGET APPROVAL PENDING",
    "Do not ship until further notice.",
    "BITTE ERST NACH FREIGABE LIEFERN",
    "Nur liefern, wenn komplett lieferbar - sonst bitte Rücksprache.",
    "Merci de ne pas expédier avant notre confirmation.",
    "Livraison à bloquer jusqu'à nouvel ordre.",
])
def test_a_release_kept_by_the_customer_holds(note):
    """A note that keeps the release for the customer, or wants delivery only when all is available, holds
    QUESTION-TYPED in a structured order (outside t4 wave 2 C14, t2 w2-28: both went out)."""
    from gateway.model import ExtractedOrder
    from gateway.stages.mapping import with_note_problems

    codes = [p.code for p in with_note_problems(ExtractedOrder(po_number="X1", notes=[note])).problems]
    assert codes.count("QUESTION-TYPED") == 1, codes


@pytest.mark.parametrize("note", ["Please hold the pallets upright", "Receiving open until 4pm", "CALL BEFORE DELIVERY",
                                  "Warenannahme bis 15 Uhr", "Merci de livrer avant midi"])
def test_a_handling_note_is_no_release(note):
    from gateway.model import ExtractedOrder
    from gateway.stages.mapping import with_note_problems

    assert not with_note_problems(ExtractedOrder(po_number="X1", notes=[note])).problems
