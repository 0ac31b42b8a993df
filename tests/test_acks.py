"""Acknowledgements: CONTRL and 997/999 built from what was read, parsed back with our own tokenizers."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from writers.acks import build_contrl, build_x12_ack, envelope_problems
from extractors.base import ExtractHints
from extractors.edi.edifact import EXTRACTOR as EDIFACT
from extractors.edi.edifact_envelope import read_document as read_edifact
from extractors.edi.edifact_syntax import Segment
from extractors.edi.x12 import EXTRACTOR as X12
from extractors.edi.x12_envelope import read_document as read_x12
from extractors.edi.x12_syntax import Segment as X12Segment
from extractors.edi.x12_syntax import decode_x12
from extractors.edi.x12_syntax import tokenize as tokenize_x12
from gateway.model import Extraction

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
NOW = datetime(2026, 3, 1, 12, 30, tzinfo=timezone.utc)
HINTS = ExtractHints()


def edifact(name: str) -> Extraction:
    return EDIFACT.extract((CORPUS / "edifact" / name).read_bytes(), HINTS)


def x12(name: str) -> Extraction:
    return X12.extract((CORPUS / "x12" / name).read_bytes(), HINTS)


def contrl(extraction: Extraction, index: int = 0) -> list[Segment]:
    """The CONTRL for one interchange, parsed back: its envelope must be faultless."""
    body = build_contrl(extraction.interchanges[index], envelope_problems(extraction, index), our_id="GATEWAY",
                        our_qualifier="14", now=NOW)
    doc = read_edifact(body)
    assert doc.problems == [] and all(e.problems == [] for e in doc.envelopes)
    assert all(m.problems == [] for e in doc.envelopes for m in e.messages)
    return doc.tokens.segments


def x12_segments(body: bytes) -> list[X12Segment]:
    return tokenize_x12(decode_x12(body).text).segments


def find(segments: list, tag: str) -> list:  # type: ignore[type-arg]  # EDIFACT or X12 segments
    return [s for s in segments if s.tag == tag]


# --- EDIFACT CONTRL ----------------------------------------------------------------------------


def test_an_accepted_interchange_gets_uci_7_and_ucm_7_sender_and_recipient_swapped() -> None:
    segments = contrl(edifact("PurchaseOrder.txt"))
    unb, uci, ucm = find(segments, "UNB")[0], find(segments, "UCI")[0], find(segments, "UCM")[0]
    assert unb.elements[:3] == [["UNOB", "1"], ["GATEWAY", "14"], ["SENDER1", "14"]]
    assert uci.elements == [["131"], ["SENDER1", "14"], ["RECEIVER1", "1"], ["7"]]
    assert ucm.elements == [["000000101"], ["ORDERS", "D", "96A", "UN"], ["7"]]
    assert find(segments, "UNH")[0].elements[1] == ["CONTRL", "D", "3", "UN"]


def test_a_wrong_unt_count_is_rejected_on_the_ucm_naming_unt() -> None:
    segments = contrl(edifact("PurchaseOrderMultiLine.txt"))
    assert find(segments, "UCI")[0].value(3) == "7"
    assert find(segments, "UCM")[0].elements[2:] == [["4"], ["29"], ["UNT"], ["1"]]


def test_a_data_segment_fault_is_named_by_ucs_position_and_ucd_element() -> None:
    segments = contrl(edifact("example_order_error.edi"))
    assert find(segments, "UCM")[0].value(2) == "4"
    assert find(segments, "UCS")[0].elements == [["359"]]
    assert find(segments, "UCD")[0].elements == [["16"], ["3", "7"]]


def test_a_corrupt_unh_rejects_the_interchange_naming_the_segment() -> None:
    uci = find(contrl(edifact("CorruptUnh.txt")), "UCI")[0]
    assert uci.elements[3:] == [["4"], ["33"], ["NH"]]


def test_groups_get_a_ucf_each_and_a_duplicate_is_code_26() -> None:
    segments = contrl(edifact("DuplicateGroup.txt"))
    ucfs = find(segments, "UCF")
    assert [u.value(3) for u in ucfs] == ["4", "4"] and ucfs[1].elements[4:6] == [["26"], ["UNG"]]
    assert [s.tag for s in segments if s.tag in ("UCF", "UCM")] == ["UCF", "UCM", "UCF", "UCM"]


def test_each_interchange_of_a_document_is_answered_with_its_own_faults() -> None:
    extraction = edifact("DuplicateInterchange.txt")
    first, second = find(contrl(extraction, 0), "UCI")[0], find(contrl(extraction, 1), "UCI")[0]
    assert first.elements[3:6] == [["4"], ["28"], ["UNZ"]]
    assert second.elements[3:6] == [["4"], ["26"], ["UNB"]]


def test_the_extractions_problems_as_a_whole_do_for_a_single_interchange() -> None:
    extraction = edifact("CorruptUnh.txt")
    body = build_contrl(extraction.interchanges[0], extraction.problems, our_id="GW", our_qualifier=None, now=NOW)
    uci = find(read_edifact(body).tokens.segments, "UCI")[0]
    assert uci.value(3) == "4" and uci.value(5) == "NH"


def test_syntax_4_gets_a_syntax_4_contrl() -> None:
    text = ("UNB+UNOW:4+S:14+R:14+20260301:1200+REF1'UNH+M1+ORDERS:D:96A:UN'BGM+220+PO-1+9'LIN+1++1:EN'"
            "QTY+21:1'UNT+5+M1'UNZ+1+REF1'")
    segments = contrl(EDIFACT.extract(text.encode(), HINTS))
    assert find(segments, "UNH")[0].elements[1] == ["CONTRL", "4", "1", "UN"]
    assert find(segments, "UNB")[0].elements[3] == ["20260301", "1230"]


def test_build_contrl_refuses_an_x12_interchange() -> None:
    with pytest.raises(ValueError):
        build_contrl(x12("PurchaseOrder.txt").interchanges[0], [], our_id="GW", our_qualifier=None, now=NOW)


# --- X12 997 / 999 -----------------------------------------------------------------------------------


def x12_ack(extraction: Extraction, kind: str = "997", index: int = 0) -> list[X12Segment]:
    interchange = extraction.interchanges[index]
    body = build_x12_ack(interchange, envelope_problems(extraction, index), our_id="GATEWAY", our_qualifier="ZZ",
                         now=NOW, kind=kind)
    doc = read_x12(body)
    assert [p for p in doc.problems if p.severity == "error"] == []
    assert all(e.problems == [] and all(g.problems == [] for g in e.groups) for e in doc.envelopes)
    assert all(t.problems == [] for e in doc.envelopes for t in e.transactions)
    return x12_segments(body)


def test_an_accepted_850_gets_a_997_with_ak5_a_and_ak9_a() -> None:
    segments = x12_ack(x12("PurchaseOrder.txt"))
    isa = segments[0]
    assert (isa.value(4), isa.value(5), isa.value(6), isa.value(7)) == ("ZZ", "GATEWAY", "16", "SENDER1")
    assert [s.tag for s in segments] == ["ISA", "GS", "ST", "AK1", "AK2", "AK5", "AK9", "SE", "GE", "IEA"]
    assert [s.elements for s in segments[3:7]] == [["IN", "000000001"], ["850", "0001"], ["A"], ["A", "1", "1", "1"]]
    assert find(segments, "GS")[0].elements[:3] == ["FA", "GATEWAY", "SENDER1"]


def test_a_duplicate_transaction_is_rejected_and_the_group_partly_accepted() -> None:
    segments = x12_ack(x12("DuplicateMessage.txt"))
    assert [s.elements for s in find(segments, "AK5")] == [["A"], ["R", "23"]]
    assert find(segments, "AK9")[0].elements == ["P", "2", "2", "1"]


def test_a_999_names_a_count_fault_with_ik5_accepted_with_errors() -> None:
    segments = x12_ack(x12("PurchaseOrderInvalid.txt"), "999")  # SE01 off, nothing else: read and held
    assert find(segments, "ST")[0].elements == ["999", "0001", "005010X231A1"]
    assert find(segments, "AK1")[0].elements == ["IN", "000000001", "004010"]
    assert find(segments, "IK5")[0].elements == ["E", "4"]
    assert find(segments, "AK9")[0].elements == ["E", "1", "1", "1"]


def test_a_bad_value_is_named_by_segment_and_element() -> None:
    isa = "ISA*00*          *00*          *ZZ*SENDER         *ZZ*US             *260301*1200*U*00401*000000001*0*P*>~"
    text = (isa + "GS*PO*SENDER*US*20260301*1200*1*X*004010~ST*850*0001~BEG*00*SA*PO-9**20260301~"
            "PO1*1*two*EA*3.5~SE*4*0001~GE*1*1~IEA*1*000000001~")
    segments = x12_ack(X12.extract(text.encode(), HINTS))
    assert find(segments, "AK3")[0].elements == ["PO1", "3", "", "8"]
    assert find(segments, "AK4")[0].elements == ["2", "", "6"]
    assert find(segments, "AK5")[0].elements == ["R", "5"]


def test_an_envelope_fault_gets_a_ta1_and_rejects_the_groups() -> None:
    segments = x12_ack(x12("CorruptSt.txt"))
    assert find(segments, "TA1")[0].elements == ["000000263", "260301", "1230", "R", "024"]
    assert find(segments, "AK9")[0].elements == ["R", "2", "1", "0", "5"]


def test_an_iea_mismatch_gets_ta1_note_001() -> None:
    assert find(x12_ack(x12("x12.850.edi")), "TA1")[0].value(4) == "001"


def test_the_partners_delimiters_are_used() -> None:
    body = build_x12_ack(x12("850_01.x12").interchanges[0], [], our_id="GW", our_qualifier="ZZ", now=NOW)
    assert body.startswith(b"ISA~00~") and b"\nGS~FA~GW~" in body and b"*" not in body
    assert x12_segments(body)[-1].tag == "IEA"


def test_an_ebcdic_partner_gets_an_ebcdic_acknowledgement() -> None:
    body = build_x12_ack(x12("ebcdic.x12").interchanges[0], [], our_id="GW", our_qualifier="ZZ", now=NOW)
    assert body[:3] == b"\xc9\xe2\xc1"  # ISA in cp037
    doc = read_x12(body)
    assert doc.encoding == "cp037" and doc.envelopes[0].problems == []


def test_each_group_gets_its_own_997_transaction() -> None:
    segments = x12_ack(x12("850-004010-12.x12"), index=1)
    assert len(find(segments, "ST")) == 1
    extraction = x12("mailbag01.x12")
    faulty = next(i for i, ic in enumerate(extraction.interchanges) if ic.control_ref == "000000005")
    segments = x12_ack(extraction, index=faulty)
    assert [s.value(0) for s in find(segments, "AK9")] == ["R", "R"]
    assert [s.elements[:2] for s in find(segments, "ST")] == [["997", "0001"], ["997", "0002"]]


def test_build_x12_ack_refuses_edifact_and_unknown_kinds() -> None:
    with pytest.raises(ValueError):
        build_x12_ack(edifact("PurchaseOrder.txt").interchanges[0], [], our_id="GW", our_qualifier=None, now=NOW)
    with pytest.raises(ValueError):
        build_x12_ack(x12("PurchaseOrder.txt").interchanges[0], [], our_id="GW", our_qualifier=None, now=NOW,
                      kind="855")


def test_the_gateway_answers_each_interchange_of_a_file_with_its_own_faults() -> None:
    from types import SimpleNamespace

    from gateway.stages.acks import build_acks
    from gateway.config import Config
    from gateway.store.journal import DocumentRecord

    ctx = SimpleNamespace(config=Config())
    doc = DocumentRecord(id="d1", sha256="0" * 64, size=1, channel="sftp", received_at=NOW)
    acks = build_acks(ctx, doc, edifact("DuplicateInterchange.txt"))  # type: ignore[arg-type]
    ucis = [find(read_edifact(a["body"]).tokens.segments, "UCI")[0] for a in acks]
    assert [a["via"] for a in acks] == ["sftp", "sftp"]
    assert [u.elements[3:6] for u in ucis] == [[["4"], ["28"], ["UNZ"]], [["4"], ["26"], ["UNB"]]]


async def test_control_numbers_are_never_reused_across_restarts(tmp_path: Path) -> None:
    from gateway.store.journal_sqlite import SqliteJournal

    journal = SqliteJournal(tmp_path / "j.db")
    await journal.open()
    first = await journal.next_control_numbers(3)
    await journal.close()
    journal = SqliteJournal(tmp_path / "j.db")
    await journal.open()
    second = await journal.next_control_numbers(2) + await journal.next_control_numbers(1)
    await journal.close()
    assert first == [1, 2, 3] and second == [4, 5, 6]


def test_each_acknowledgement_carries_its_own_control_number() -> None:
    from types import SimpleNamespace

    from gateway.stages.acks import build_acks
    from gateway.config import Config
    from gateway.store.journal import DocumentRecord

    ctx = SimpleNamespace(config=Config())
    doc = DocumentRecord(id="d1", sha256="0" * 64, size=1, channel="sftp", received_at=NOW)
    acks = build_acks(ctx, doc, x12("PurchaseOrder.txt"), [41])  # type: ignore[arg-type]
    segments = x12_segments(acks[0]["body"])
    assert find(segments, "ISA")[0].value(12) == "000000041"
    assert find(segments, "GS")[0].value(5) == "41"
    contrl = build_acks(ctx, doc, edifact("PurchaseOrder.txt"), [42])  # type: ignore[arg-type]
    unb = find(read_edifact(contrl[0]["body"]).tokens.segments, "UNB")[0]
    assert unb.value(4) == "42"


async def test_control_numbers_start_over_after_nine_digits(tmp_path: Path) -> None:
    from gateway.store.journal_sqlite import SqliteJournal

    journal = SqliteJournal(tmp_path / "j.db")
    await journal.open()
    await journal._run(lambda db: db.execute("INSERT INTO control_numbers VALUES ('interchange', 999999998)"))
    assert await journal.next_control_numbers(1) == [999999999]
    assert await journal.next_control_numbers(2) == [1, 2]
    await journal.close()
