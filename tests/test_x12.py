"""X12: every corpus file read as expected, delimiters from the ISA, envelope faults, 850/860 mapping."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from extractors.base import ExtractHints
from extractors.edi.x12 import EXTRACTOR
from extractors.edi.x12_envelope import read_document
from extractors.edi.x12_syntax import X12Delimiters, read_isa_delimiters, split_segments, tokenize
from gateway.errors import ExtractionError
from gateway.model import DocType, Extraction, OrderKind
from gateway.stages.extract import runs_in_pool

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
X12 = CORPUS / "x12"
HINTS = ExtractHints()


@dataclass(frozen=True)
class Expect:
    doc_type: DocType | None  # None: extract raises ExtractionError
    orders: int = 0
    lines: int = 0
    errors: frozenset[str] = field(default_factory=frozenset)
    fault: tuple[str, str] | None = None


def _e(doc_type: DocType | None, orders: int = 0, lines: int = 0, *errors: str,
       fault: tuple[str, str] | None = None) -> Expect:
    return Expect(doc_type, orders, lines, frozenset(errors), fault)


ORDER, OTHER, ACK, INVOICE = DocType.ORDER, DocType.OTHER, DocType.ACKNOWLEDGEMENT, DocType.INVOICE
ACK_FILE = _e(ACK)
# From SOURCES.md, checked against the files. The samples whose orders are rejected are faulty as
# written: 850-004010-02/.17 hold two groups with GS06 5 and ST02 000000001 twice each; the EdiFabric
# "Invalid" and "MultiLine" samples have SE01 off by one and two; x12.850*.edi end with IEA02 000000001
# for ISA13 000000055; issue135 lacks a terminator after a DTM.
EXPECTED: dict[str, Expect] = {
    "810-004010-01.x12": _e(INVOICE), "810_1.x12": _e(INVOICE), "810_2.x12": _e(INVOICE), "810_3.x12": _e(INVOICE),
    "850-004010-01.x12": _e(ORDER, 1, 8),
    "850-004010-02.x12": _e(ORDER, 0, 0, "X12-GS-DUPLICATE", "X12-ST-DUPLICATE", fault=("X12-GS-DUPLICATE", "GS")),
    "850-004010-03.x12": _e(ORDER, 1, 3),
    "850-004010-04.x12": _e(ORDER, 1, 5),
    "850-004010-05.x12": _e(ORDER, 2, 11),
    "850-004010-06.x12": _e(ORDER, 1, 6),
    "850-004010-07.x12": _e(ORDER, 2, 11),
    "850-004010-08.x12": _e(ORDER, 2, 11),  # hard-wrapped at 80 columns
    "850-004010-09.x12": _e(ORDER, 2, 11),  # wrapped, a blank after each terminator
    "850-004010-10.x12": _e(ORDER, 2, 2),
    "850-004010-11.x12": _e(ORDER, 1, 1),
    "850-004010-12.x12": _e(ORDER, 3, 10),
    "850-004010-18.x12": _e(ORDER, 1, 2),
    "850-004010-ascii-lf.x12": _e(ORDER, 1, 4),
    "850-004010-ascii-st.x12": _e(ORDER, 1, 4),
    "850-004010-ascii1.x12": _e(ORDER, 1, 4),
    "850-004010.13.x12": _e(ORDER, 1, 1),
    "850-004010.14.x12": _e(ORDER, 3, 10),
    "850-004010.15.x12": _e(ORDER, 4, 19),
    "850-004010.16.x12": _e(ORDER, 2, 11),
    "850-004010.17.x12": _e(ORDER, 0, 0, "X12-GS-DUPLICATE", "X12-ST-DUPLICATE", fault=("X12-GS-DUPLICATE", "GS")),
    "850-004010VICS-01.x12": _e(ORDER, 4, 169),  # 0x7F element separator, 0x15 terminator
    "850-004010VICS-02.x12": _e(ORDER, 1, 2),
    "850-004030-01.x12": _e(ORDER, 1, 2),
    "850-004030-02.x12": _e(ORDER, 3, 56),
    "850-004030-03.x12": _e(ORDER, 1, 2),
    "850-004030VICS-01.x12": _e(ORDER, 1, 2),
    "850-02.x12": _e(ORDER, 4, 19),
    "850.edi": _e(ORDER, 1, 6),
    "850_01.x12": _e(ORDER, 1, 1),  # '~' element separator, newline terminator
    "850_1.x12": _e(ORDER, 1, 1),
    "850_2.edi": _e(ORDER, 1, 6),
    "850_2.x12": _e(ORDER, 1, 5),
    "850_3.edi": _e(ORDER, 1, 1),
    "850_fat.edi": _e(ORDER, 1, 6, "X12-ISA-DUPLICATE", fault=("X12-ISA-DUPLICATE", "ISA")),  # the same twice
    "855-004010UCS-01.x12": ACK_FILE, "855.edi": ACK_FILE,
    "856_1.x12": _e(OTHER), "856_2.x12": _e(OTHER), "bots_856_1.x12": _e(OTHER),
    "997-004010VICS-01.x12": ACK_FILE, "997.txt": ACK_FILE, "997_1.x12": ACK_FILE, "997_6.x12": ACK_FILE,
    "997_7.x12": ACK_FILE, "997_8.x12": ACK_FILE, "997_9.x12": ACK_FILE,
    "ApplicationAdvice.txt": _e(ACK, 0, 0, "X12-GE-COUNT", fault=("X12-GE-COUNT", "GE")),
    "CorruptIsa.txt": _e(None, fault=("X12-ISA-INVALID", "SA")),
    "CorruptSt.txt": _e(ORDER, 0, 0, "X12-SEGMENT-UNKNOWN", "X12-GE-COUNT", fault=("X12-SEGMENT-UNKNOWN", "T")),
    "DuplicateGroup.txt": _e(ORDER, 0, 0, "X12-GS-DUPLICATE", fault=("X12-GS-DUPLICATE", "GS")),
    "DuplicateInterchange.txt": _e(ORDER, 1, 1, "X12-ISA-DUPLICATE", fault=("X12-ISA-DUPLICATE", "ISA")),
    "DuplicateMessage.txt": _e(ORDER, 1, 1, "X12-ST-DUPLICATE", fault=("X12-ST-DUPLICATE", "ST")),
    "MixedTransactions.txt": _e(ORDER, 0, 0, "X12-GS-DUPLICATE", fault=("X12-GS-DUPLICATE", "GS")),
    "MixedTransactionsNoEnvelopes.txt": _e(ORDER, 1, 1, "X12-ST-DUPLICATE"),
    "PurchaseOrder.txt": _e(ORDER, 1, 1),
    "PurchaseOrderCSV.txt": _e(DocType.ORDER_CANCEL, 1, 6),  # BEG01 01
    "PurchaseOrderCustom1.txt": _e(ORDER, 1, 1),
    "PurchaseOrderCustom2.txt": _e(ORDER, 1, 1),
    "PurchaseOrderInvalid.txt": _e(ORDER, 1, 1, "X12-SE-COUNT", fault=("X12-SE-COUNT", "SE")),  # read, held
    "PurchaseOrderModified.txt": _e(ORDER, 1, 1),
    "PurchaseOrderMultiLine.txt": _e(ORDER, 1, 2, "X12-SE-COUNT", fault=("X12-SE-COUNT", "SE")),  # read, held
    "PurchaseOrders.txt": _e(ORDER, 2, 2),
    "PurchaseOrdersAcknowledgement.txt": _e(ACK, 0, 0, "X12-GE-COUNT"),
    "ReceivingAdvice.txt": _e(OTHER, 0, 0, "X12-GE-COUNT"),
    "bots_850-004010-05.x12": _e(ORDER, 2, 11),
    "bots_850-004010-07.x12": _e(ORDER, 2, 11),
    "bots_850-004010-12.x12": _e(ORDER, 3, 10),
    "bots_850-004010-18.x12": _e(ORDER, 1, 2),
    "bots_850-004010VICS-02.x12": _e(ORDER, 1, 2),
    "ebcdic.x12": _e(ORDER, 1, 4),
    "mailbag01.x12": _e(ORDER, 7, 27, "X12-GS-DUPLICATE", "X12-ST-DUPLICATE"),  # 11 850s, 4 in a faulty ISA
    "simplemailbag.x12": _e(ORDER, 1, 2),
    "testx12001.x12.base": ACK_FILE, "testx12002.x12.base": ACK_FILE, "testx120028.x12.base": ACK_FILE,
    "testx120029.x12.base": ACK_FILE, "testx12003.x12.base": ACK_FILE, "testx12004.x12.base": ACK_FILE,
    "testx12005.x12.base": ACK_FILE, "testx12006.x12.base": ACK_FILE, "testx12007.x12.base": ACK_FILE,
    "testx12008.x12.base": ACK_FILE, "testx12009.x12.base": ACK_FILE, "testx12010.x12.base": ACK_FILE,
    "testx12011.x12.base": ACK_FILE, "testx12012.x12.base": ACK_FILE,
    "x12.850.edi": _e(ORDER, 0, 0, "X12-IEA-REF", fault=("X12-IEA-REF", "IEA")),
    "x12.850.issue135.edi": _e(ORDER, 0, 0, "X12-SE-COUNT", "X12-ST-DUPLICATE", fault=("X12-SE-COUNT", "SE")),
    "x12.850a.edi": _e(ORDER, 0, 0, "X12-IEA-REF", fault=("X12-IEA-REF", "IEA")),
    "x12.Issue91.edi": _e(ORDER, 0, 0, "X12-IEA-REF", "X12-SE-COUNT", fault=("X12-SE-COUNT", "SE")),
}


def extract(name: str) -> Extraction:
    return EXTRACTOR.extract((X12 / name).read_bytes(), HINTS)


def extract_text(text: str) -> Extraction:
    return EXTRACTOR.extract(text.encode("utf-8"), HINTS)


def codes(extraction: Extraction, severity: str = "error") -> set[str]:
    return {p.code for p in extraction.problems if p.severity == severity}


def test_the_table_covers_every_corpus_file() -> None:
    assert sorted(p.name for p in X12.iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file_reads_as_expected(name: str) -> None:
    expect = EXPECTED[name]
    if expect.doc_type is None:
        with pytest.raises(ExtractionError) as raised:
            extract(name)
        assert raised.value.code == "X12-SYNTAX"
        assert expect.fault in {(p.code, p.segment) for p in raised.value.problems}
        return
    extraction = extract(name)
    assert extraction.doc_type == expect.doc_type
    assert len(extraction.orders) == expect.orders
    assert sum(len(order.lines) for order in extraction.orders) == expect.lines
    assert codes(extraction) == expect.errors
    if expect.fault:
        assert expect.fault in {(p.code, p.segment) for p in extraction.problems}
    for order in extraction.orders:
        assert order.po_number and order.message_ref
        assert all(isinstance(line.quantity, Decimal) for line in order.lines)


@pytest.mark.parametrize("name", sorted(n for n, e in EXPECTED.items() if e.doc_type in (INVOICE, ACK, OTHER)))
def test_a_non_order_is_classified_and_not_turned_into_an_order(name: str) -> None:
    extraction = extract(name)
    assert extraction.orders == [] and extraction.doc_type != ORDER


# --- mapping -----------------------------------------------------------------------------------------


def test_850_header_parties_and_lines() -> None:
    order = extract("850.edi").orders[0]
    assert (order.po_number, order.order_date, order.requested_delivery_date) == (
        "08292233294", date(2010, 11, 27), date(2010, 12, 14))
    assert order.references == {"CT": "610385385", "DP": "038", "PS": "R", "total_basis": "net"}  # no TXI
    assert order.total == Decimal("13045.94")
    ship_to = order.party("ship_to")
    assert ship_to is not None
    assert (ship_to.name, ship_to.street, ship_to.city, ship_to.postcode, ship_to.ids) == (
        "XYZ RETAIL", "31875 SOLON RD", "SOLON", "44139", {"duns4": "0003947268292"})
    first = order.lines[0]
    assert (first.line_no, first.quantity, first.uom, first.unit_price) == (1, Decimal(120), "EA", Decimal("9.25"))
    assert (first.customer_item, first.supplier_item, first.description) == ("065322-117", "AB3542", "SMALL WIDGET")


def test_upc_buyer_and_vendor_items_and_the_08_description() -> None:
    order = extract("850-004010-12.x12").orders[0]
    first = order.lines[0]
    assert (first.gtin, first.customer_item, first.supplier_item) == ("499762800094", "976280009", "TTG-500")
    assert first.description == "COFEMKR 2 GO"  # PID F 08, not the 73/74 colour and size
    assert order.requested_delivery_date == date(2006, 4, 21)  # DTM 037 ship not before


def test_line_dates_from_dtm_and_sch() -> None:
    order = extract("850-004010-05.x12").orders[0]
    assert [line.requested_date for line in order.lines] == [date(2005, 8, 3), date(2005, 8, 3), date(2005, 8, 11)]
    assert extract("PurchaseOrder.txt").orders[0].lines[0].requested_date == date(2017, 6, 15)  # SCH 106


def test_an_isbn_10_becomes_its_gtin_and_is_kept_as_sent() -> None:
    lines = extract("850-004010-03.x12").orders[0].lines
    assert [line.gtin for line in lines] == ["9780835201032", "9780835202152", "9780835208338"]
    assert [line.item_ids for line in lines] == [{"IB": "0835201031"}, {"IB": "0835202151"}, {"IB": "0835208338"}]


def test_a_ctp_discount_multiplier_gives_the_net_price() -> None:
    line = extract("850-004010-03.x12").orders[0].lines[0]  # PO1*1*2*UN*10.5*SR*IB*..., CTP******DIS*.8
    assert (line.gross_price, line.unit_price) == (Decimal("10.5"), Decimal("8.40"))
    assert [(a.kind, a.code, a.percent, a.applied) for a in line.allowances] == [
        ("allowance", "DIS", Decimal("20.0"), True)]


def test_wrapped_lines_read_like_unwrapped_ones() -> None:
    plain = extract("850-004010-05.x12").orders
    assert extract("850-004010-08.x12").orders == extract("850-004010.16.x12").orders == plain
    blanks = extract("850-004010-09.x12").orders  # its wrap lost the blank in "LOCK HARDWARE" of line 2
    assert [[(l.quantity, l.customer_item) for l in o.lines] for o in blanks] == \
        [[(l.quantity, l.customer_item) for l in o.lines] for o in plain]


def test_ebcdic_is_decoded_with_a_warning() -> None:
    extraction = extract("ebcdic.x12")
    assert codes(extraction, "warning") == {"X12-EBCDIC"} and extraction.orders[0].po_number == "12345678"
    assert extraction.interchanges[0].groups[0]["encoding"] == "cp037"


def test_nbsp_padding_in_the_isa_still_gives_the_delimiters() -> None:
    doc = read_document((X12 / "x12.850.edi").read_bytes())
    assert doc.delimiters[0][1] == X12Delimiters("*", ">", "~", None)
    assert doc.envelopes[0].header.value(5) == "000123456"  # type: ignore[union-attr]


def test_unusual_delimiters_from_the_isa() -> None:
    assert read_isa_delimiters((X12 / "850_01.x12").read_text()) == X12Delimiters("~", "|", "\n", None)
    vics = read_document((X12 / "850-004010VICS-01.x12").read_bytes())
    assert vics.delimiters[0][1] == X12Delimiters("\x7f", ">", "\x15", None)
    assert read_isa_delimiters((X12 / "997_1.x12").read_text()) == X12Delimiters("*", ">", "~", "^")


def test_a_missing_isa16_leaves_its_character_as_terminator() -> None:
    doc = read_document((X12 / "x12.850.issue135.edi").read_bytes())
    assert doc.delimiters[0][1].segment == "~"


def test_a_mailbag_holds_several_interchanges() -> None:
    extraction = extract("mailbag01.x12")
    assert len(extraction.interchanges) == 8
    assert [i.control_ref for i in extraction.interchanges if not all(m["accepted"] for m in i.messages)] == [
        "000000005"]
    assert {d["delimiters"][2] for d in extraction.metadata["edi_envelopes"]} == {"\x15", "~", "\n"}


def test_the_interchange_is_recorded_for_dedup_and_acknowledgement() -> None:
    extraction = extract("PurchaseOrder.txt")
    (interchange,) = extraction.interchanges
    assert (interchange.sender_id, interchange.sender_qualifier, interchange.receiver_id) == ("SENDER1", "16", "RECEIVER1")
    assert (interchange.control_ref, interchange.syntax, interchange.ack_requested, interchange.test) == (
        "000000263", "00204", True, True)
    assert interchange.groups[0]["ref"] == "000000001" and interchange.groups[0]["delimiters"] == "*>~"
    assert extraction.sender_hints == {"x12": "16:SENDER1", "x12_id": "SENDER1"}


def test_duns_sender_hint() -> None:
    assert extract("850-004010-05.x12").sender_hints["duns"] == "111111111"


# --- envelope faults ------------------------------------------------------------------------------


def test_a_corrupt_isa_is_refused_naming_the_segment() -> None:
    with pytest.raises(ExtractionError) as raised:
        extract("CorruptIsa.txt")
    first = raised.value.problems[0]
    assert (first.code, first.segment, first.segment_position) == ("X12-ISA-INVALID", "SA", 1)


def test_a_corrupt_st_rejects_the_interchange_but_keeps_it_for_an_acknowledgement() -> None:
    extraction = extract("CorruptSt.txt")
    fault = next(p for p in extraction.problems if p.code == "X12-SEGMENT-UNKNOWN")
    assert (fault.segment, fault.segment_position) == ("T", 3) and "ST was expected" in fault.message
    assert extraction.orders == [] and extraction.interchanges[0].control_ref == "000000263"


def test_a_wrong_se_count_alone_is_named_and_the_transaction_still_read() -> None:
    extraction = extract("PurchaseOrderInvalid.txt")  # its N2 removed, SE01 left at 15
    (problem,) = extraction.problems
    assert (problem.code, problem.segment, problem.segment_position, problem.element) == (
        "X12-SE-COUNT", "SE", 14, "SE01")
    (order,) = extraction.orders
    assert order.po_number == "XX-1234" and len(order.lines) == 1
    assert [p.code for p in order.problems if p.severity == "error"] == ["X12-SE-COUNT"]
    assert extraction.interchanges[0].messages[0]["accepted"] is True


def test_a_wrong_se_count_with_another_fault_still_rejects_the_transaction() -> None:
    isa = "ISA*00*          *00*          *ZZ*SENDER         *ZZ*US             *260301*1200*U*00401*000000001*0*P*>~"
    text = (isa + "GS*PO*SENDER*US*20260301*1200*1*X*004010~ST*850*0001~BEG*00*SA*PO-9**20260301~"
            "PO1*1*two*EA*3.5~SE*9*0001~GE*1*1~IEA*1*000000001~")
    extraction = EXTRACTOR.extract(text.encode(), ExtractHints())
    assert extraction.orders == [] and extraction.interchanges[0].messages[0]["accepted"] is False


def test_a_duplicate_st02_rejects_only_the_second_transaction() -> None:
    extraction = extract("DuplicateMessage.txt")
    assert [m["accepted"] for m in extraction.interchanges[0].messages] == [True, False]


def test_iea_control_number_mismatch() -> None:
    problem = extract("x12.850.edi").problems[0]
    assert (problem.code, problem.element) == ("X12-IEA-REF", "IEA02")


def test_ctt_line_count_mismatch_is_a_warning() -> None:
    extraction = extract("850-004010-04.x12")
    assert codes(extraction, "warning") == {"X12-CTT-COUNT"} and len(extraction.orders) == 1


def test_unknown_segment_ids_in_an_850_are_warnings() -> None:
    extraction = extract("x12.Issue91.edi")
    assert ("X12-SEGMENT-UNKNOWN", "XYZ", "warning") in {(p.code, p.segment, p.severity) for p in extraction.problems}


def test_transaction_sets_without_envelope_are_read_with_guessed_delimiters() -> None:
    extraction = extract("MixedTransactionsNoEnvelopes.txt")
    assert extraction.interchanges == [] and extraction.orders[0].po_number == "XX-1234"
    assert "X12-ISA-MISSING" in codes(extraction, "warning")


def test_every_envelope_fault_is_collected() -> None:
    isa = "ISA*00*          *00*          *ZZ*SENDER         *ZZ*US             *260301*1200*U*00401*000000001*0*P*>~"
    text = (isa + "GS*PO*SENDER*US*20260301*1200*7*X*004010~ST*850*0001~BEG*00*SA*PO1**20260301~"
            "SE*9*0002~GE*3*8~ST*850*0003~IEA*2*000000002~")
    found = {(p.code, p.element) for p in extract_text(text).problems}
    assert {("X12-SE-COUNT", "SE01"), ("X12-SE-REF", "SE02"), ("X12-GE-COUNT", "GE01"), ("X12-GE-REF", "GE02"),
            ("X12-GS-MISSING", None), ("X12-SE-MISSING", None), ("X12-IEA-COUNT", "IEA01"),
            ("X12-IEA-REF", "IEA02")} <= found


# --- 850 purposes and the 860 --------------------------------------------------------------------


ISA = "ISA*00*          *00*          *ZZ*SENDER         *ZZ*US             *260301*1200*^*00501*000000001*0*P*:~"


def _transaction(body: str, kind: str = "850") -> str:
    segments = [s for s in body.split("~") if s]
    return (f"{ISA}GS*PO*SENDER*US*20260301*1200*1*X*005010~ST*{kind}*0001~" + "".join(s + "~" for s in segments)
            + f"SE*{len(segments) + 2}*0001~GE*1*1~IEA*1*000000001~")


@pytest.mark.parametrize(("purpose", "kind"), [("00", OrderKind.NEW), ("01", OrderKind.CANCEL),
                                               ("04", OrderKind.CHANGE), ("05", OrderKind.CHANGE)])
def test_beg01_purpose_gives_the_kind(purpose: str, kind: OrderKind) -> None:
    order = extract_text(_transaction(f"BEG*{purpose}*RO*PO-9**20260301~PO1*1*2*EA*3.5**UK*10012345678902")).orders[0]
    assert order.kind == kind and order.priority_codes == ["RO"] and order.lines[0].gtin == "10012345678902"


def test_860_change_lines_with_their_change_type() -> None:
    extraction = extract_text(_transaction("""BCH*04*SA*PO-1**3*20260301~CUR*BY*EUR~
POC*1*QI*12*2*EA*4.5**BP*A-1~POC*2*DI*0**EA***BP*A-2~POC*3*AI*5**CA*9**VP*V-3~MSG*urgent""", "860"))
    order = extraction.orders[0]
    assert extraction.doc_type == DocType.ORDER_CHANGE and (order.kind, order.po_number) == (OrderKind.CHANGE, "PO-1")
    assert (order.currency, order.references["change_sequence"], order.notes) == ("EUR", "3", ["line 3: urgent"])
    assert [(l.line_no, l.action, l.quantity, l.customer_item or l.supplier_item) for l in order.lines] == [
        (1, "change", Decimal(12), "A-1"), (2, "delete", Decimal(0), "A-2"), (3, "add", Decimal(5), "V-3")]


def test_860_purpose_01_cancels() -> None:
    assert extract_text(_transaction("BCH*01*SA*PO-1**1*20260301", "860")).orders[0].kind == OrderKind.CANCEL


def test_a_quantity_that_is_not_a_number_rejects_the_transaction() -> None:
    extraction = extract_text(_transaction("BEG*00*SA*PO-9**20260301~PO1*1*two*EA*3.5"))
    assert extraction.orders == []
    assert [(p.code, p.element) for p in extraction.problems] == [("X12-VALUE-INVALID", "PO102")]


def test_5010_repetition_separator_and_component_separator() -> None:
    doc = read_document(_transaction("BEG*00*SA*PO-9**20260301").encode())
    assert doc.delimiters[0][1] == X12Delimiters("*", ":", "~", "^")


def test_tokenizer_positions_and_blank_handling() -> None:
    segments = split_segments("ST*850*1~\r\n  BEG*00~\tN1*ST*A B~", X12Delimiters())
    assert [(s.tag, s.elements, s.position) for s in segments] == [
        ("ST", ["850", "1"], 1), ("BEG", ["00"], 2), ("N1", ["ST", "A B"], 3)]
    assert tokenize("").segments == []


def test_detect_scores() -> None:
    assert EXTRACTOR.detect((X12 / "850.edi").read_bytes()[:8192], "850.edi", None) == 0.95
    assert EXTRACTOR.detect((X12 / "ebcdic.x12").read_bytes()[:8192], None, None) == 0.8
    assert EXTRACTOR.detect(b"UNB+UNOC:3+X", None, None) == 0.0
    assert 0 < EXTRACTOR.detect((X12 / "CorruptIsa.txt").read_bytes(), None, None) < 0.9


def test_nothing_x12_raises_with_a_reason() -> None:
    with pytest.raises(ExtractionError) as raised:
        EXTRACTOR.extract(b"", HINTS)
    assert raised.value.code == "X12-SYNTAX"


def test_a_small_interchange_is_read_in_the_gateway_a_large_one_in_the_pool() -> None:
    assert not runs_in_pool(EXTRACTOR, (X12 / "850-004010-02.x12").stat().st_size)
    assert runs_in_pool(EXTRACTOR, 10 * 1024 * 1024)
