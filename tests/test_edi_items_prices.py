"""EDI as partners send it: item ids by qualifier, the supplier's own item number, net prices from gross
prices and allowances, line dates, through the readers and through ``gateway extract``.

Generated cases: one message per qualifier and per allowance shape (the code lists are EANCOM 7143 and
ASC X12 235; the shapes are those of EANCOM ORDERS SG38-SG42 and X12 850 SAC/CTP/PO105)."""

from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path

import pytest

from writers.acks import build_contrl, build_x12_ack, envelope_problems
from extractors.base import ExtractHints
from extractors.edi.edifact import EXTRACTOR as EDIFACT
from extractors.edi.edifact_envelope import read_document as read_edifact
from extractors.edi.item_ids import EDIFACT_ROLES, X12_ROLES, isbn10_to_gtin
from extractors.pricing import net_price
from extractors.edi.x12 import EXTRACTOR as X12
from gateway.errors import ExtractionError
from gateway.model import Allowance, ExtractedLine, ExtractedOrder
from gateway.oneshot import extract_file
from testkit.harness import load_test_config, write_config

HINTS = ExtractHints()


def edifact(*segments: str, unt: int | None = None) -> bytes:
    """An ORDERS D96A interchange around the given segments (header and lines)."""
    body = ["UNH+1+ORDERS:D:96A:UN:EAN008", "BGM+220+PO-7+9", "DTM+137:20261120:102",
            "NAD+BY+5412345000013::9", *segments]
    body.append(f"UNT+{unt if unt is not None else len(body) + 1}+1")
    return ("UNA:+.? 'UNB+UNOC:3+5412345000013:14+GATEWAY:ZZ+261120:1000+1'" + "'".join(body)
            + "'UNZ+1+1'").encode()


def x12(*segments: str, set_type: str = "850", se: int | None = None, head: str | None = None) -> bytes:
    body = [f"ST*{set_type}*0001", head or "BEG*00*SA*PO-8**20261120", "N1*BY*Acme*92*ACMEIND", *segments]
    body.append(f"SE*{se if se is not None else len(body) + 1}*0001")
    isa = "ISA*00*          *00*          *ZZ*ACMEIND        *ZZ*GATEWAY        *261120*1000*U*00401*000000001*0*P*>"
    functional = {"875": "OG", "876": "GC"}.get(set_type, "PO")
    return "~".join([isa, f"GS*{functional}*ACMEIND*GATEWAY*20261120*1000*1*X*004010", *body, "GE*1*1",
                     "IEA*1*000000001"]).encode() + b"~"


def line_of(data: bytes) -> ExtractedLine:
    reader = EDIFACT if data.startswith(b"UNA") else X12
    return reader.extract(data, HINTS).orders[0].lines[0]


# --- item ids ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("qualifier", sorted(EDIFACT_ROLES))
def test_every_edifact_item_qualifier_is_kept_with_its_id(qualifier: str) -> None:
    line = line_of(edifact("LIN+1", f"PIA+1+9780306406157:{qualifier}", "QTY+21:1"))
    assert line.item_ids == {qualifier: "9780306406157"}
    role = EDIFACT_ROLES[qualifier]
    if role == "manufacturer":
        assert (line.customer_item, line.supplier_item, line.gtin) == (None, None, None)
    elif qualifier == "IS":  # an ISSN is a GTIN only as 977...
        assert line.gtin is None
    else:
        assert getattr(line, role) == "9780306406157"


@pytest.mark.parametrize("qualifier", sorted(X12_ROLES))
def test_every_x12_item_qualifier_is_kept_with_its_id(qualifier: str) -> None:
    line = line_of(x12(f"PO1*1*2*EA*3**{qualifier}*9780306406157"))
    assert line.item_ids == {qualifier: "9780306406157"}
    role = X12_ROLES[qualifier]
    if role != "manufacturer":
        assert getattr(line, role) == "9780306406157"


def test_edifact_pia_ib_isbn_10_becomes_its_gtin() -> None:
    line = line_of(edifact("LIN+1", "PIA+5+0306406152:IB", "QTY+21:1"))
    assert (line.gtin, line.item_ids) == ("9780306406157", {"IB": "0306406152"})
    assert isbn10_to_gtin("0-306-40615-2") == "9780306406157" and isbn10_to_gtin("12345") is None


def test_the_supplier_article_number_wins_over_a_vendor_number_whatever_the_order() -> None:
    line = line_of(edifact("LIN+1++4000862141404:SRV", "PIA+1+V-9:VN+SKU-1002:SA+B-1:BP+M-1:MF", "QTY+21:1"))
    assert (line.supplier_item, line.customer_item, line.gtin) == ("SKU-1002", "B-1", "4000862141404")
    assert line.item_ids == {"SRV": "4000862141404", "VN": "V-9", "SA": "SKU-1002", "BP": "B-1", "MF": "M-1"}


def test_x12_lin_in_a_po1_loop_adds_ids() -> None:
    line = line_of(x12("PO1*1*2*EA*3**BP*B-1", "LIN**VP*SKU-1003*MG*M-77"))
    assert (line.customer_item, line.supplier_item) == ("B-1", "SKU-1003")
    assert line.item_ids == {"BP": "B-1", "VP": "SKU-1003", "MG": "M-77"}


# --- net prices: the pricing rule ---------------------------------------------------------------------


def allowance(kind: str = "allowance", **fields) -> Allowance:
    return Allowance(kind=kind, **{k: Decimal(str(v)) if isinstance(v, (int, float, str)) and k != "level" else v
                                   for k, v in fields.items()})


@pytest.mark.parametrize(("allowances", "quantity", "net"), [
    ([allowance(percent=20)], 3, "8.40"),
    ([allowance(per_unit="0.5")], 3, "10.00"),
    ([allowance(amount=3)], 3, "9.50"),
    ([allowance("charge", percent=10)], 3, "11.55"),
    ([allowance(percent=10, sequence=1), allowance(percent=10, sequence=2)], 1, "8.505"),
    ([allowance(percent=10, sequence=1), allowance(percent=10, sequence=1)], 1, "8.40"),
    ([allowance(amount=3)], None, "10.5"),  # an amount with no quantity cannot be spread
    ([allowance(percent=20, level="order")], 3, "8.40"),
])
def test_allowance_shapes_give_the_net_price(allowances: list[Allowance], quantity, net: str) -> None:
    price, marked = net_price(Decimal("10.5"), allowances, Decimal(quantity) if quantity else None)
    assert price == Decimal(net)
    assert all(a.applied for a in marked) == (quantity is not None)


def test_a_price_per_basis_scales_per_unit_allowances() -> None:
    price, _ = net_price(Decimal("100"), [allowance(per_unit="0.1")], Decimal(50), Decimal(100))
    assert price == Decimal("90")  # 100 per 100 units, 0.10 off each unit


# --- net prices: EDIFACT ----------------------------------------------------------------------------


def test_gross_retail_price_with_a_20_percent_allowance_is_8_40() -> None:
    line = line_of(edifact("LIN+1++4000862141404:SRV", "QTY+21:3", "PRI+AAB:10.5::SRP", "ALC+A", "PCD+3:20"))
    assert (line.gross_price, line.unit_price) == (Decimal("10.5"), Decimal("8.40"))
    assert [(a.kind, a.percent, a.applied) for a in line.allowances] == [("allowance", Decimal(20), True)]


def test_a_stated_net_price_wins_and_lists_the_allowances_unapplied() -> None:
    line = line_of(edifact("LIN+1", "QTY+21:3", "PRI+AAA:8.4", "PRI+AAB:10.5", "ALC+A", "PCD+3:20"))
    assert (line.unit_price, line.gross_price) == (Decimal("8.4"), Decimal("10.5"))
    assert [a.applied for a in line.allowances] == [False]


def test_unit_price_basis_is_kept_with_the_price() -> None:
    line = line_of(edifact("LIN+1", "QTY+21:10", "PRI+AAA:10:::1:PCE"))
    assert (line.unit_price, line.price_basis) == (Decimal("10"), Decimal("1"))
    line = line_of(edifact("LIN+1", "QTY+21:10", "PRI+AAB:250:::100:PCE", "ALC+A", "RTE+1:0.5"))
    assert (line.gross_price, line.price_basis, line.unit_price) == (Decimal(250), Decimal(100), Decimal(200))


@pytest.mark.parametrize(("group", "net"), [
    (["ALC+A+++1+DI", "MOA+204:6"], "8.5"),  # an amount for the line, spread over its 3 units
    (["ALC+C+++1+FC", "MOA+23:3"], "11.5"),  # a charge
    (["ALC+A+++1+DI", "RTE+1:0.5"], "10.0"),  # per unit
    (["ALC+A+++1+DI", "PCD+3:10", "ALC+A+++2+DI", "PCD+3:10"], "8.505"),  # two steps
    (["ALC+N+++1+DI", "PCD+3:10"], "10.5"),  # no allowance or charge
])
def test_each_edifact_allowance_shape(group: list[str], net: str) -> None:
    line = line_of(edifact("LIN+1", "QTY+21:3", "PRI+AAB:10.5", *group))
    assert line.unit_price == Decimal(net)


def test_an_order_level_percentage_applies_to_every_line_after_its_own() -> None:
    order = EDIFACT.extract(edifact("ALC+A+++1+DI", "PCD+3:5", "LIN+1", "QTY+21:3", "PRI+AAB:10.5",
                                    "ALC+A+++1+DI", "PCD+3:20", "LIN+2", "QTY+21:1", "PRI+AAB:20"), HINTS).orders[0]
    assert [line.unit_price for line in order.lines] == [Decimal("7.98"), Decimal("19.00")]
    assert [(a.level, a.percent) for a in order.allowances] == [("order", Decimal(5))]


# --- net prices: X12 ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("segments", "gross", "net"), [
    (["PO1*1*3*EA*10.5**VP*SKU-1001", "SAC*A*C310***630*3*20"], "10.5", "8.40"),  # percent wins
    (["PO1*1*3*EA*10.5**VP*SKU-1001", "SAC*A*C310***300"], "10.5", "9.50"),  # 3.00 for the line
    (["PO1*1*3*EA*10.5**VP*SKU-1001", "SAC*C*D240******0.5"], "10.5", "11.0"),  # rate per unit
    (["PO1*1*3*EA*10.5**VP*SKU-1001", "SAC*A*C310***300*******01"], None, "10.5"),  # bill-back: kept only
    (["PO1*1*3*EA*10.5*NT*VP*SKU-1001", "SAC*A*C310*****20"], None, "10.5"),  # stated net: no gross
    (["PO1*3*4*EA*18*NT*VP*SKU-1001"], None, "18"),
    (["PO1*2*2*CA*790*HP*VP*SKU-1005", "CTP**NET*7.20"], None, "7.20"),  # CTP net: per unit, not per 100
    (["PO1*2*2*CA*790*HP*VP*SKU-1005", "CTP**NET*7.20", "SAC*A*C310*****10"], "7.9", "7.20"),
    (["PO1*1*3*EA*10.5**VP*SKU-1001", "CTP**NET*8.4"], None, "8.4"),
    (["PO1*1*3*EA*10.5**VP*SKU-1001", "CTP******DIS*.8"], "10.5", "8.40"),
    (["PO1*1*300*EA*1050*HP*VP*SKU-1001"], None, "1050"),  # per hundred: basis 100
])
def test_each_x12_price_and_allowance_shape(segments: list[str], gross: str | None, net: str) -> None:
    line = line_of(x12(*segments, "CTT*1"))
    assert line.unit_price == Decimal(net)
    assert line.gross_price == (Decimal(gross) if gross else None)


def test_a_po105_price_per_hundred_is_a_basis() -> None:
    assert line_of(x12("PO1*1*300*EA*1050*HP*VP*SKU-1001")).price_basis == Decimal(100)


def test_a_ctp_net_price_is_per_unit_whatever_the_po1_basis() -> None:
    line = line_of(x12("PO1*2*2*CA*790*HP*VP*SKU-1005", "CTP**NET*7.20", "CTT*1"))
    assert (line.unit_price, line.price_basis) == (Decimal("7.20"), None)


def test_an_order_level_sac_before_the_lines_is_the_orders() -> None:
    order = X12.extract(x12("SAC*A*C310****3*5", "SAC*C*D240***1500", "PO1*1*2*EA*10**VP*SKU-1001"),
                        HINTS).orders[0]
    assert [(a.level, a.kind, a.percent, a.amount) for a in order.allowances] == [
        ("order", "allowance", Decimal(5), None), ("order", "charge", None, Decimal(15))]
    assert order.lines[0].unit_price == Decimal("9.5")


# --- X12 875/876 -------------------------------------------------------------------------------------


def grocery(set_type: str = "875") -> bytes:
    return x12("G62*02*20261201", "G68*12*CA*10.5*001234567890*VP*SKU-1001", "G69*COPY PAPER A4",
               "G68*5*CA*3.9**UP*012345678905", "G62*10*20261203", set_type=set_type,
               head="G50*N*20261120*GRO-42")


def test_an_875_reads_like_an_850() -> None:
    extraction = X12.extract(grocery(), HINTS)
    assert extraction.doc_type.value == "order" and extraction.detail == "875 004010"
    (order,) = extraction.orders
    assert (order.po_number, order.order_date, order.requested_delivery_date) == (
        "GRO-42", date(2026, 11, 20), date(2026, 12, 1))
    first, second = order.lines
    assert (first.line_no, first.quantity, first.uom, first.unit_price, first.supplier_item, first.description) == (
        1, Decimal(12), "CA", Decimal("10.5"), "SKU-1001", "COPY PAPER A4")
    assert first.item_ids == {"UA": "001234567890", "VP": "SKU-1001"}
    assert (second.gtin, second.requested_date) == ("012345678905", date(2026, 12, 3))


def test_an_876_is_an_order_change() -> None:
    extraction = X12.extract(grocery("876"), HINTS)
    assert extraction.doc_type.value == "order_change"
    assert [line.action for line in extraction.orders[0].lines] == ["change", "change"]


def test_an_875_allowance_the_reader_does_not_apply_is_named_and_holds_the_order(tmp_path: Path) -> None:
    path = tmp_path / "grocery.x12"
    path.write_bytes(x12("G68*12*CA*10.5**VP*SKU-1001", "G72*1*02***0.5", set_type="875",
                         head="G50*N*20261120*GRO-43"))
    result = extract_file(load_test_config(write_config(tmp_path / "gw")), path)
    order = result["orders"][0]["order"]
    assert order["status"] == "review"
    assert "X12-ALLOWANCE-UNREAD" in [i["code"] for i in order["issues"] if i["severity"] == "error"]


@pytest.mark.parametrize("set_type", ["830", "862"])
def test_an_order_like_set_the_gateway_does_not_read_is_held_as_unsupported(set_type: str) -> None:
    extraction = X12.extract(x12("LIN**BP*B-1", set_type=set_type, head="BFR*00**REL-1*DL*A*20261120*20261231"),
                             HINTS)
    assert extraction.doc_type.value == "order" and extraction.orders == []
    assert [p.code for p in extraction.problems] == ["FORMAT-UNSUPPORTED"]


def test_beg_05_replace_is_an_order_change() -> None:
    order = X12.extract(x12("PO1*1*2*EA*3**VP*SKU-1001", head="BEG*05*SA*PO-8**20261120"), HINTS).orders[0]
    assert (order.kind.value, order.references["purpose"]) == ("change", "05")


def test_a_cut_isa_says_where_it_was_cut() -> None:
    data = b"ISA*00*          ~GS*PO*A*B*20260101*1200*1*X*004010~ST*850*0001~SE*2*0001~GE*1*1~"
    with pytest.raises(ExtractionError) as raised:
        X12.extract(data, HINTS)
    problems = raised.value.problems
    cut = next(p for p in problems if p.code == "X12-ISA-INVALID" and "cut" in p.message)
    assert "cut after ISA02 (authorization information" in cut.message and "ISA03 (security qualifier)" in \
        cut.message and cut.element == "ISA03"


# --- counts -------------------------------------------------------------------------------------------


def test_a_unt_count_a_little_off_is_read_and_the_count_named() -> None:
    data = edifact("LIN+1++4000862141404:SRV", "QTY+21:3", "UNS+S", "CNT+2:1", unt=10)
    extraction = EDIFACT.extract(data, HINTS)
    (order,) = extraction.orders
    assert [p.code for p in order.problems if p.severity == "error"] == ["EDI-UNT-COUNT"]
    assert extraction.interchanges[0].messages[0]["accepted"] is False  # the CONTRL still reports it


def test_a_unt_count_far_off_or_with_the_line_count_off_is_refused() -> None:
    assert EDIFACT.extract(edifact("LIN+1", "QTY+21:3", unt=40), HINTS).orders == []
    assert EDIFACT.extract(edifact("LIN+1", "QTY+21:3", "UNS+S", "CNT+2:2", unt=11), HINTS).orders == []


def test_a_count_off_order_is_held_for_review_with_the_count_named(tmp_path: Path) -> None:
    path = tmp_path / "count.edi"
    path.write_bytes(edifact("LIN+1++4000862141404:SRV", "QTY+21:3", "UNS+S", "CNT+2:1", unt=10))
    order = extract_file(load_test_config(write_config(tmp_path / "gw")), path)["orders"][0]["order"]
    assert order["status"] == "review"
    (issue,) = [i for i in order["issues"] if i["code"] == "EDI-UNT-COUNT"]
    assert issue["severity"] == "error" and "UNT says 10 segments, the message has 9" in issue["message"]


# --- through gateway extract: the supplier item, line dates ---------------------------------------


def test_the_supplier_item_is_matched_in_the_catalogue_first_and_quoted(tmp_path: Path) -> None:
    path = tmp_path / "items.edi"
    # line 1: our SKU as SA and a customer code the cross-reference maps elsewhere; line 2: unknown SA
    path.write_bytes(edifact("LIN+1", "PIA+1+SKU-1003:SA+ABC1234:IN", "QTY+21:3",
                             "LIN+2", "PIA+1+SKU-9999:SA", "QTY+21:1", "UNS+S", "CNT+2:2"))
    order = extract_file(load_test_config(write_config(tmp_path / "gw")), path)["orders"][0]["order"]
    first, second = order["lines"]
    assert (first["sku"], first["supplier_item"], first["item_ids"]) == (
        "SKU-1003", "SKU-1003", {"SA": "SKU-1003", "IN": "ABC1234"})
    assert second["sku"] is None
    assert any(i["code"] == "ITEM-UNKNOWN" and "item SKU-9999 is not" in i["message"] for i in order["issues"])


@pytest.mark.parametrize(("dates", "header"), [
    (["DTM+2:20991201:102", "DTM+2:20991201:102"], "2099-12-01"),
    (["DTM+2:20991201:102", "DTM+2:20991202:102"], None),
    (["DTM+2:20991201:102", None], None),
])
def test_line_dates_give_the_order_date_when_all_lines_agree(tmp_path: Path, dates, header) -> None:
    segments: list[str] = []
    for n, when in enumerate(dates, 1):
        segments += [f"LIN+{n}++4000862141404:SRV", "QTY+21:1"] + ([when] if when else [])
    path = tmp_path / "dates.edi"
    path.write_bytes(edifact(*segments, "UNS+S", f"CNT+2:{len(dates)}"))
    order = extract_file(load_test_config(write_config(tmp_path / "gw")), path)["orders"][0]["order"]
    assert order["requested_delivery_date"] == header
    assert [line["requested_date"] for line in order["lines"]] == [
        f"{w[6:10]}-{w[10:12]}-{w[12:14]}" if w else None for w in dates]


def test_x12_dtm_in_the_po1_loop_dates_the_line(tmp_path: Path) -> None:
    path = tmp_path / "dates.x12"
    path.write_bytes(x12("PO1*1*2*EA*3**VP*SKU-1001", "DTM*002*20991203", "PO1*2*1*EA*3**VP*SKU-1002",
                         "DTM*002*20991203", "CTT*2"))
    order = extract_file(load_test_config(write_config(tmp_path / "gw")), path)["orders"][0]["order"]
    assert order["requested_delivery_date"] == "2099-12-03"
    assert [line["requested_date"] for line in order["lines"]] == ["2099-12-03", "2099-12-03"]


def test_an_extracted_order_keeps_its_own_header_date_over_the_lines() -> None:
    from gateway.stages.mapping import requested_delivery_date
    lines = [ExtractedLine(requested_date=date(2099, 1, 2))]
    assert requested_delivery_date(ExtractedOrder(requested_delivery_date=date(2099, 1, 1), lines=lines)) == \
        date(2099, 1, 1)
    assert requested_delivery_date(ExtractedOrder(lines=lines)) == date(2099, 1, 2)


def test_the_contrl_of_a_count_off_message_read_and_held_still_names_the_count() -> None:
    extraction = EDIFACT.extract(edifact("LIN+1", "QTY+21:3", "UNS+S", "CNT+2:1", unt=10), HINTS)
    assert len(extraction.orders) == 1
    body = build_contrl(extraction.interchanges[0], envelope_problems(extraction, 0), our_id="GATEWAY",
                        our_qualifier="14", now=datetime(2026, 11, 20, 10, 0, tzinfo=timezone.utc))
    ucm = next(s for s in read_edifact(body).tokens.segments if s.tag == "UCM")
    assert ucm.elements[2:] == [["4"], ["29"], ["UNT"], ["1"]]  # the standard's answer: 0085 29 on UNT01


def test_the_997_of_an_se_count_a_little_off_is_accepted_with_errors() -> None:
    extraction = X12.extract(x12("PO1*1*2*EA*3**VP*SKU-1001", "CTT*1", se=7), HINTS)
    assert len(extraction.orders) == 1
    body = build_x12_ack(extraction.interchanges[0], envelope_problems(extraction, 0), our_id="GATEWAY",
                         our_qualifier="ZZ", now=datetime(2026, 11, 20, 10, 0, tzinfo=timezone.utc))
    text = body.decode()
    assert "AK5*E*4~" in text and "AK9*E*1*1*1~" in text


@pytest.mark.parametrize(("allowance", "net"), [("MOA+204:50", "-15"), ("PCD+3:150", "-5")])
def test_a_net_price_below_zero_after_allowances_is_held_naming_them(tmp_path: Path, allowance, net) -> None:
    path = tmp_path / "negative.edi"
    path.write_bytes(edifact("LIN+1++4000862141404:EN", "QTY+21:2", "PRI+AAB:10", "ALC+A++++DI", allowance,
                             "UNS+S", "CNT+2:1"))
    order = extract_file(load_test_config(write_config(tmp_path / "gw")), path)["orders"][0]["order"]
    issue = next(i for i in order["issues"] if i["code"] == "PRICE-NEGATIVE")
    assert issue["severity"] == "error" and order["status"] == "review"
    assert f"net price {net} from gross 10" in issue["message"] and "allowance DI" in issue["message"]


def test_an_invalid_requested_date_holds_the_order(tmp_path: Path) -> None:
    path = tmp_path / "date.edi"
    path.write_bytes(edifact("LIN+1++4000862141404:SRV", "QTY+21:1", "DTM+2:20261301:102", "UNS+S", "CNT+2:1"))
    order = extract_file(load_test_config(write_config(tmp_path / "gw")), path)["orders"][0]["order"]
    issue = next(i for i in order["issues"] if i["code"] == "EDI-DATE-INVALID")
    assert issue["severity"] == "error" and "20261301" in issue["message"] and order["status"] == "review"


def test_x12_split_schedules_leave_no_line_date_and_hold_listing_each(tmp_path: Path) -> None:
    path = tmp_path / "sch.x12"
    path.write_bytes(x12("PO1*1*500*EA*3**VP*SKU-1001", "SCH*300*EA***002*20991220", "SCH*200*EA***002*21000105",
                         "PO1*2*1*EA*3**VP*SKU-1002", "SCH*1*EA***002*20991220", "CTT*2"))
    order = extract_file(load_test_config(write_config(tmp_path / "gw")), path)["orders"][0]["order"]
    assert [line["requested_date"] for line in order["lines"]] == [None, "2099-12-20"]
    assert order["requested_delivery_date"] is None
    issue = next(i for i in order["issues"] if i["code"] == "X12-SCHEDULE-SPLIT")
    assert issue["severity"] == "error" and order["status"] == "review"
    assert "300 EA on 2099-12-20, 200 EA on 2100-01-05" in issue["message"]


def test_a_line_without_quantity_says_quantity_missing(tmp_path: Path) -> None:
    path = tmp_path / "noqty.x12"
    path.write_bytes(x12("PO1*1**EA*18**VP*SKU-1001", "CTT*1"))
    order = extract_file(load_test_config(write_config(tmp_path / "gw")), path)["orders"][0]["order"]
    assert [i["message"] for i in order["issues"] if i["code"] == "QTY-INVALID"] == ["line 1: quantity missing"]


def test_gateway_extract_of_a_missing_file_is_a_clear_error_exit_2(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys
    config = write_config(tmp_path / "gw")
    run = subprocess.run([sys.executable, "-m", "gateway.cli", "--config", str(config), "extract",
                          str(tmp_path / "nosuchfile")], capture_output=True, text=True, timeout=60,
                         env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])})
    assert run.returncode == 2 and "no such file" in run.stderr and "Traceback" not in run.stderr


@pytest.mark.parametrize("path", sorted((Path(__file__).resolve().parents[2] / "shared" / "corpus" / "xml-other")
                                        .glob("*.idoc")), ids=lambda p: p.name)
def test_an_sap_idoc_order_is_an_order_held_as_unsupported(tmp_path: Path, path: Path) -> None:
    result = extract_file(load_test_config(write_config(tmp_path / "gw")), path)
    assert (result["format"], result["doc_type"], result["detail"]) == ("idoc", "order", "SAP IDoc ORDERS01")
    assert [p["code"] for p in result["problems"]] == ["FORMAT-UNSUPPORTED"]
