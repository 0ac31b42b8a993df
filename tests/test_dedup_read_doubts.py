"""A fax read with doubt (a row not read, two rows run into an unknown item) then the same order read in full by EDI:
the EDI copy goes out as new and the held fax becomes its duplicate, out of the review queue; approving the fax after
that is refused and nothing goes out twice. Counter-examples: another quantity on a line the fax did read, a real
change (EDIFACT BGM 5), a fax a person already approved (delivered), a clean earlier copy with other quantities:
each still holds or stays a duplicate, as before. Rows the gateway itself did not read are never listed as lines the
EDI copy would remove."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from gateway.model import Issue, NormalizedOrder, OrderLine, OrderStatus, Sla, Source
from gateway.stages.dedup import differences
from gateway.stages.read_doubts import read_lines_repeated
from gateway.store.journal import Event
from testkit.harness import wait_until
from testkit.samples import RETAIL_BRUSSELS_GLN, ubl_order
from tests.dedup_faxes import GTINS, order_fax
from tests.own_senders import OWN_FAX
from tests.test_review import call, held_order, outbox

PO = "PO-RD-77"  # each test has a gateway of its own: one fax, read the same way every time
FAX_LINES = [("SKU-1004", 3), ("SKU-1001", 5), ("SKU-1005", 2)]  # the fax reads a row into an unknown "7 u"


def edifact(po: str, lines, ctrl: str, func: str = "9", delivery: str = "20261211") -> bytes:
    seg = ["UNH+1+ORDERS:D:96A:UN:EAN008", f"BGM+220+{po}+{func}", "DTM+137:20261201:102", f"DTM+2:{delivery}:102",
           f"NAD+BY+{RETAIL_BRUSSELS_GLN}::9", "NAD+SU+4012345500004::9", "CUX+2:EUR:9"]
    for n, (sku, qty) in enumerate(lines, 1):
        seg += [f"LIN+{n}++{GTINS[sku]}:SRS", f"QTY+21:{qty}"]
    seg += ["UNS+S", f"CNT+2:{len(lines)}"]
    seg.append(f"UNT+{len(seg) + 1}+1")
    body = "'".join([f"UNB+UNOC:3+{RETAIL_BRUSSELS_GLN}:14+GATEWAY:ZZ+261201:0900+{ctrl}", *seg, f"UNZ+1+{ctrl}"])
    return ("UNA:+.? '" + body + "'").encode("latin-1")


def codes(order) -> list[str]:
    return [i.code for i in order.issues]


async def _doubtful_fax(gw, po: str):
    """A fax of ``FAX_LINES`` held in review as the reader leaves such a fax at standard resolution: its first row
    read, the next two run together into an item the catalogue does not know (quantity "7"), one row not read.
    The fax is a real one read by the gateway (held for its low confidence); what the reader made of its rows is
    set on it through the journal, so that the decision under test does not hang on tesseract's mood."""
    tiff = await asyncio.to_thread(order_fax, po, FAX_LINES, "11/12/2026")
    env = await gw.ctx.intake.accept(tiff, "fax", OWN_FAX)
    fax = await held_order(gw, env.document_id)
    assert fax.status == OrderStatus.REVIEW and fax.source.format == "ocr", codes(fax)
    first = fax.lines[0].model_copy(update={"sku": "SKU-1004", "customer_item": "SKU-1004", "quantity": Decimal(3),
                                            "uom": "C62", "action": None})
    merged = first.model_copy(update={"line_no": 2, "sku": None, "customer_item": "SKU-1001SKU-1005",
                                      "quantity": Decimal(7), "uom": "C62"})
    issues = [Issue(code="ITEM-UNKNOWN", severity="error", field="lines[2].sku",
                    message="line 2: item SKU-1001SKU-1005 is not in the catalogue or the customer's cross-reference"),
              Issue(code="LINE-UNREAD", severity="error", message="a line that looks like an order line could not "
                                                                  "be read: 'SKU-1005 Toner cartridge blac'")]
    read = fax.model_copy(update={"lines": [first, merged], "issues": issues,
                                  "requested_delivery_date": date(2026, 12, 11)})
    await gw.ctx.journal.update_order(read, Event(stage="review", outcome="read", order_id=fax.order_id,
                                                  document_id=fax.source.document_id, reason="test: rows as read"),
                                      expected_status=OrderStatus.REVIEW.value)
    return read


async def _edi(gw, data: bytes):
    env = await gw.ctx.intake.accept(data, "as2")
    return await held_order(gw, env.document_id)


async def test_a_clean_edi_copy_of_a_fax_read_with_doubt_goes_out_and_the_fax_becomes_its_duplicate(gateway,
                                                                                                     api_headers):
    fax = await _doubtful_fax(gateway, PO)
    sure = await _edi(gateway, edifact(PO, FAX_LINES, "6101"))
    assert sure.status in (OrderStatus.READY, OrderStatus.DELIVERED), codes(sure)
    assert sure.kind.value == "new" and not sure.original_order_id
    await wait_until(lambda: len(outbox(gateway)) == 1 or None, timeout=30)
    held = await gateway.ctx.journal.get_order(fax.order_id)
    assert held.status == OrderStatus.DUPLICATE and held.original_order_id == sure.order_id
    status, body = await call(gateway, "POST", f"/v1/orders/{fax.order_id}/approve", api_headers)
    assert status == 409, body  # the clerk's late click on the fax: nothing goes out again
    await asyncio.sleep(1)
    assert [(o["kind"], len(o["lines"])) for o in outbox(gateway)] == [("new", 3)]


async def test_another_quantity_on_a_line_the_fax_read_still_holds_as_a_change(gateway):
    fax = await _doubtful_fax(gateway, PO)
    edi = await _edi(gateway, edifact(PO, [("SKU-1004", 4), ("SKU-1001", 5), ("SKU-1005", 2)], "6102"))
    assert edi.status == OrderStatus.HELD and "ORDER-CHANGE" in codes(edi), codes(edi)
    assert "CHANGE-REMOVES-LINES" not in codes(edi)  # the row the fax read into "7 u" is no line of it
    assert (await gateway.ctx.journal.get_order(fax.order_id)).status == OrderStatus.REVIEW
    assert outbox(gateway) == []


async def test_a_real_change_of_a_fax_read_with_doubt_still_waits_for_it(gateway):
    fax = await _doubtful_fax(gateway, PO)
    edi = await _edi(gateway, edifact(PO, FAX_LINES, "6103", func="5"))
    assert edi.kind.value != "new" and edi.status == OrderStatus.HELD, codes(edi)
    assert (await gateway.ctx.journal.get_order(fax.order_id)).status == OrderStatus.REVIEW
    assert outbox(gateway) == []


async def test_a_fax_already_approved_is_never_superseded(gateway, api_headers):
    fax = await _doubtful_fax(gateway, PO)
    status, body = await call(gateway, "PATCH", f"/v1/orders/{fax.order_id}", api_headers,
                              {"lines": [{"line_no": 2, "sku": "SKU-1001", "quantity": "5"}]})
    assert status == 200, body  # the clerk reads the run-together row; the unread one stays off: out with 2 lines
    status, body = await call(gateway, "POST", f"/v1/orders/{fax.order_id}/approve", api_headers)
    assert status == 200, body
    await wait_until(lambda: len(outbox(gateway)) == 1 or None, timeout=30)
    edi = await _edi(gateway, edifact(PO, FAX_LINES, "6104"))
    assert edi.kind.value != "new" or edi.status == OrderStatus.DUPLICATE, codes(edi)
    assert (await gateway.ctx.journal.get_order(fax.order_id)).status == OrderStatus.DELIVERED
    await asyncio.sleep(1)
    assert sum(o["kind"] == "new" for o in outbox(gateway)) == 1


async def test_a_clean_earlier_copy_with_other_quantities_is_changed_not_superseded(gateway):
    env = await gateway.ctx.intake.accept(ubl_order("PO-RD-5", [(GTINS["SKU-1001"], 4)], delivery_date=None),
                                          "fax", OWN_FAX)
    first = await held_order(gateway, env.document_id)
    assert first.status == OrderStatus.REVIEW
    edi = await _edi(gateway, edifact("PO-RD-5", [("SKU-1001", 6)], "6105", delivery="20991201"))
    assert edi.kind.value == "change" and edi.status == OrderStatus.HELD, codes(edi)
    assert (await gateway.ctx.journal.get_order(first.order_id)).status == OrderStatus.REVIEW


NOW = datetime.now(UTC)


def _order(fmt: str, lines, *issues: str) -> NormalizedOrder:
    return NormalizedOrder(
        order_id="x", po_number="P", status=OrderStatus.REVIEW, sla=Sla(received_at=NOW),
        source=Source(document_id="d", channel="fax", format=fmt, sha256="0" * 64, received_at=NOW),
        lines=[OrderLine(line_no=n, sku=sku, customer_item=item, quantity=Decimal(q), uom="C62")
               for n, (sku, item, q) in enumerate(lines, 1)],
        issues=[Issue(code=c, message=c, severity="error") for c in issues])


SURE = _order("edifact", [("SKU-1", None, 3), ("SKU-2", None, 5), ("SKU-3", None, 2)])


@pytest.mark.parametrize("held, repeated", [
    (_order("ocr", [("SKU-1", None, 3), (None, "SKU-2SKU-3", 7)], "ITEM-UNKNOWN"), True),  # two rows as one
    (_order("ocr", [("SKU-1", None, 3), ("SKU-3", None, 2)], "LINE-UNREAD"), True),  # a row not read
    (_order("ocr", [], "LINES-MISSING"), True),  # no row read
    (_order("ocr", [("SKU-1", None, 3), ("SKU-2", None, 5), ("SKU-3", None, 2)], "LINE-UNREAD"), True),
    (_order("ocr", [("SKU-1", None, 4), (None, "SKU-2SKU-3", 7)], "ITEM-UNKNOWN"), False),  # a quantity differs
    (_order("ocr", [("SKU-1", None, 3), ("SKU-3", None, 2)]), False),  # a line missing, no row unread
    (_order("ocr", [("SKU-1", None, 3), ("SKU-2", None, 5), ("SKU-3", None, 2), (None, "X-9", 1)], "ITEM-UNKNOWN"),
     False),  # a line the sure copy lacks
    (_order("ocr", [("SKU-1", None, 3), ("SKU-4", None, 1)], "LINE-UNREAD"), False),  # a read line it lacks
    (_order("ubl", [("SKU-1", None, 3), (None, "SKU-2SKU-3", 7)], "ITEM-UNKNOWN"), False),  # not a scan
])
def test_only_the_rows_a_scan_did_not_read_may_hide_the_sure_copys_other_lines(held, repeated):
    assert read_lines_repeated(held, SURE) is repeated


def test_a_row_the_gateway_did_not_read_is_never_a_line_removed():
    held = _order("ocr", [("SKU-1", None, 3), (None, "SKU-2SKU-3", 7)], "ITEM-UNKNOWN")
    assert [c for c in differences(held, SURE) if c.get("change") == "removed"] == []
    clean = held.model_copy(update={"source": held.source.model_copy(update={"format": "ubl"})})
    assert [c["item"] for c in differences(clean, SURE) if c.get("change") == "removed"] == ["SKU-2SKU-3"]
