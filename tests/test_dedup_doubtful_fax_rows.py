"""A fax read with doubt, then its PO read in full (EDI): the clean copy goes out, but the fax is silently its
duplicate only when every row it did not read is explained (review rdedup D3, D4, D5). Otherwise the fax stays in the
review queue as a possible duplicate of the delivered order, naming what is unexplained; approving it is refused, and
a clerk's "not a duplicate" (release) sends only what it adds, as a change, never the clean copy again."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from gateway.model import Issue, NormalizedOrder, OrderLine, OrderStatus, Sla, Source
from gateway.stages.read_doubts import unexplained_rows
from gateway.store.journal import Event
from tests.dedup_faxes import UNITS, order_fax
from tests.own_senders import OWN_FAX
from tests.test_dedup_read_doubts import _edi, codes, edifact
from tests.test_review import call, held_order, outbox
from testkit.harness import wait_until


def unread(text: str) -> Issue:
    return Issue(code="LINE-UNREAD", severity="error",
                 message=f"a line that looks like an order line could not be read: '{text}'")


async def _fax(gw, po: str, printed, read, issues):
    """A real fax held in review, its rows then set as the reader left them (not hanging on tesseract's mood)."""
    tiff = await asyncio.to_thread(order_fax, po, printed, "11/12/2026")
    env = await gw.ctx.intake.accept(tiff, "fax", OWN_FAX)
    fax = await held_order(gw, env.document_id)
    assert fax.status == OrderStatus.REVIEW and fax.source.format == "ocr", codes(fax)
    base = fax.lines[0] if fax.lines else None
    lines = [base.model_copy(update={"line_no": n, "sku": sku, "customer_item": sku, "quantity": Decimal(qty),
                                     "uom": UNITS[sku], "action": None}) for n, (sku, qty) in enumerate(read, 1)]
    as_read = fax.model_copy(update={"lines": lines, "issues": issues, "requested_delivery_date": date(2026, 12, 11)})
    await gw.ctx.journal.update_order(as_read, Event(stage="review", outcome="read", order_id=fax.order_id,
                                                     document_id=fax.source.document_id, reason="test: rows as read"),
                                      expected_status=OrderStatus.REVIEW.value)
    return as_read


async def _fax_then_edi(gw, po, printed, read, issues, edi_lines, ctrl):
    fax = await _fax(gw, po, printed, read, issues)
    sure = await _edi(gw, edifact(po, edi_lines, ctrl))
    assert sure.status in (OrderStatus.READY, OrderStatus.DELIVERED) and sure.kind.value == "new", codes(sure)
    await wait_until(lambda: len(outbox(gw)) == 1 or None, timeout=30)
    return await gw.ctx.journal.get_order(fax.order_id), sure


def _kept_for_a_person(fax: NormalizedOrder, sure: NormalizedOrder) -> str:
    assert fax.status == OrderStatus.REVIEW, codes(fax)
    assert fax.original_order_id == sure.order_id and "POSSIBLE-DUPLICATE" in codes(fax)
    return next(i.message for i in fax.issues if i.code == "POSSIBLE-DUPLICATE")


async def test_a_fax_row_the_clean_copy_lacks_keeps_the_fax_for_a_person(gateway):
    fax, sure = await _fax_then_edi(gateway, "PO-RF-1", [("SKU-1004", 3), ("SKU-1003", 5), ("SKU-1005", 2)],
                                    [("SKU-1004", 3), ("SKU-1003", 5)], [unread("SKU-1005 Toner cartridge black 2 C62")],
                                    [("SKU-1004", 3), ("SKU-1003", 5)], "6501")
    assert "SKU-1005 Toner cartridge black 2 C62" in _kept_for_a_person(fax, sure)
    assert [len(o["lines"]) for o in outbox(gateway)] == [2]


async def test_a_fax_with_no_line_read_is_never_silently_superseded(gateway):
    missing = Issue(code="LINES-MISSING", severity="error", field="lines", message="no order line read")
    fax, sure = await _fax_then_edi(gateway, "PO-RF-2", [("SKU-1004", 3), ("SKU-1005", 2)], [], [missing],
                                    [("SKU-1002", 40)], "6401")
    assert "no line" in _kept_for_a_person(fax, sure)


async def test_more_extra_lines_than_unread_rows_keep_the_fax_for_a_person(gateway):
    fax, sure = await _fax_then_edi(gateway, "PO-RF-3", [("SKU-1004", 3), ("SKU-1005", 2)], [("SKU-1004", 3)],
                                    [unread("SKU-1005 Toner cartridge black 2 C62")],
                                    [("SKU-1004", 3), ("SKU-1001", 5), ("SKU-1002", 10), ("SKU-1003", 4), ("SKU-1005", 9)],
                                    "6301")
    _kept_for_a_person(fax, sure)


async def test_an_unread_row_explained_by_the_one_extra_line_makes_the_fax_a_duplicate(gateway):
    fax, sure = await _fax_then_edi(gateway, "PO-RF-4", [("SKU-1004", 3), ("SKU-1005", 2)], [("SKU-1004", 3)],
                                    [unread("SKU-1005 Toner cartridge black 2 C62")],
                                    [("SKU-1004", 3), ("SKU-1005", 2)], "6302")
    assert fax.status == OrderStatus.DUPLICATE and fax.original_order_id == sure.order_id, codes(fax)


async def test_approving_the_kept_fax_is_refused_and_not_a_duplicate_sends_only_what_it_adds(gateway, api_headers):
    fax, sure = await _fax_then_edi(gateway, "PO-RF-5", [("SKU-1004", 3), ("SKU-1003", 5), ("SKU-1005", 2)],
                                    [("SKU-1004", 3), ("SKU-1003", 5)], [unread("SKU-1005 Toner cartridge black 2 C62")],
                                    [("SKU-1004", 3), ("SKU-1003", 5)], "6502")
    _kept_for_a_person(fax, sure)
    status, body = await call(gateway, "POST", f"/v1/orders/{fax.order_id}/approve", api_headers)
    assert status == 409 and "release" in body["error"]["state"]["allowed"], body  # only a deliberate "not a duplicate"
    status, body = await call(gateway, "PATCH", f"/v1/orders/{fax.order_id}", api_headers,
                              {"lines": [{"line_no": 1, "sku": "SKU-1004", "quantity": "3"},
                                         {"line_no": 2, "sku": "SKU-1003", "quantity": "5"},
                                         {"line_no": 3, "sku": "SKU-1005", "quantity": "2"}]})
    assert status == 200, body
    status, body = await call(gateway, "POST", f"/v1/orders/{fax.order_id}/release", api_headers)
    assert status == 200, body
    await wait_until(lambda: len(outbox(gateway)) == 2 or None, timeout=30)
    await asyncio.sleep(1)
    kinds = sorted(o["kind"] for o in outbox(gateway))
    assert kinds == ["change", "new"]  # the clean copy once; the fax's toner row as a change of it
    change = next(o for o in outbox(gateway) if o["kind"] == "change")
    assert "SKU-1005" in str(change)


async def test_same_order_on_the_kept_fax_delivers_nothing(gateway, api_headers):
    fax, sure = await _fax_then_edi(gateway, "PO-RF-6", [("SKU-1004", 3), ("SKU-1003", 5), ("SKU-1005", 2)],
                                    [("SKU-1004", 3), ("SKU-1003", 5)], [unread("SKU-1005 Toner cartridge black 2 C62")],
                                    [("SKU-1004", 3), ("SKU-1003", 5)], "6503")
    status, body = await call(gateway, "POST", f"/v1/orders/{fax.order_id}/same-order", api_headers)
    assert status == 200, body
    assert (await gateway.ctx.journal.get_order(fax.order_id)).status == OrderStatus.DUPLICATE
    await asyncio.sleep(1)
    assert len(outbox(gateway)) == 1


NOW = datetime.now(UTC)


def _order(fmt: str, lines, *issues: Issue) -> NormalizedOrder:
    return NormalizedOrder(
        order_id="x", po_number="P", status=OrderStatus.REVIEW, sla=Sla(received_at=NOW),
        source=Source(document_id="d", channel="fax", format=fmt, sha256="0" * 64, received_at=NOW),
        lines=[OrderLine(line_no=n, sku=sku, customer_item=item, quantity=Decimal(q), uom="C62")
               for n, (sku, item, q) in enumerate(lines, 1)], issues=list(issues))


def _code(code: str) -> Issue:
    return Issue(code=code, message=code, severity="error")


SURE = _order("edifact", [("SKU-1", None, 3), ("SKU-2", None, 5), ("SKU-3", None, 2)])


@pytest.mark.parametrize("held, explained", [
    (_order("ocr", [("SKU-1", None, 3), (None, "SKU-2SKU-3", 7)], _code("ITEM-UNKNOWN")), True),  # names both
    (_order("ocr", [("SKU-1", None, 3), (None, "X-77", 7)], _code("ITEM-UNKNOWN")), False),  # 1 row for 2 lines
    (_order("ocr", [("SKU-1", None, 3), (None, "SKU-2SKU-3", 7)], _code("ITEM-UNKNOWN"), _code("LINE-UNREAD")), True),
    (_order("ocr", [("SKU-1", None, 3), (None, "SKU-2SKU-3", 7)], _code("ITEM-UNKNOWN"),
            unread("SKU-2 ... SKU-3")), True),
    (_order("ocr", [("SKU-1", None, 3)], unread("SKU-2 Paper 5 PK SKU-3 Toner 2 C62")), True),  # a quote names both
    (_order("ocr", [("SKU-1", None, 3)], unread("SKU-2 Paper 5 PK")), False),  # names one of two
    (_order("ocr", [("SKU-1", None, 3), ("SKU-2", None, 5)], unread("SKU-3 Toner 2 C62")), True),
    (_order("ocr", [("SKU-1", None, 3), ("SKU-2", None, 5)], unread("SKU-3 Toner 9 C62")), False),  # its quantity
    (_order("ocr", [("SKU-1", None, 3), ("SKU-2", None, 5)], unread("SKU-3 Toner cartr")), True),  # cut short
    (_order("ocr", [("SKU-1", None, 3), ("SKU-2", None, 5), ("SKU-3", None, 2)], _code("LINE-UNREAD")), False),
    (_order("ocr", [], _code("LINES-MISSING")), False),  # nothing read, nothing compared
    (_order("ocr", [("SKU-1", None, 3), ("SKU-2", None, 4)], _code("LINE-UNREAD")), False),  # a quantity differs
])
def test_a_scan_is_silently_a_duplicate_only_when_each_unread_row_is_explained(held, explained):
    assert (unexplained_rows(held, SURE) == []) is explained
