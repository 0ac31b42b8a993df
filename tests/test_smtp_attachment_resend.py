"""An e-mail that says its order is attached, with nothing attached, waits (``ATTACHMENT-MISSING``); the customer's
resend with the file attached is the order: decided as new, never a change of the empty held one (which would
wait ``ORIGINAL-NOT-DELIVERED``), and the empty one is linked to it as superseded, so it cannot reach the ERP as
a second order."""

from __future__ import annotations

import pytest

from gateway.model import OrderKind, OrderStatus
from testkit.harness import running_gateway, wait_until
from testkit.samples import ORDER_DAY
from tests.smtp_helpers import ORDERS_TO, by_name, parts_of, queued_id, smtp_config, swaks

MUELLER = "bestellung@mueller-buero.example"
BODY = "Hallo,\n\nim Anhang unsere Bestellung 4711-0388 als openTRANS-Datei.\n\nMit freundlichen Gruessen\nK. Weber\n"


def opentrans(po: str) -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<ORDER version="2.1" type="standard" xmlns="http://www.opentrans.org/XMLSchema/2.1"
 xmlns:bmecat="http://www.bmecat.org/bmecat/2005">
 <ORDER_HEADER><ORDER_INFO>
  <ORDER_ID>{po}</ORDER_ID><ORDER_DATE>{ORDER_DAY}T08:00:00</ORDER_DATE>
  <DELIVERY_DATE><DELIVERY_START_DATE>2099-12-08</DELIVERY_START_DATE><DELIVERY_END_DATE>2099-12-08</DELIVERY_END_DATE></DELIVERY_DATE>
  <PARTIES><PARTY><bmecat:PARTY_ID type="gln">4012345000009</bmecat:PARTY_ID><PARTY_ROLE>buyer</PARTY_ROLE></PARTY></PARTIES>
  <bmecat:CURRENCY>EUR</bmecat:CURRENCY>
 </ORDER_INFO></ORDER_HEADER>
 <ORDER_ITEM_LIST>
 <ORDER_ITEM><LINE_ITEM_ID>1</LINE_ITEM_ID>
  <PRODUCT_ID><bmecat:SUPPLIER_PID>SKU-1003</bmecat:SUPPLIER_PID></PRODUCT_ID>
  <QUANTITY>40</QUANTITY><bmecat:ORDER_UNIT>C62</bmecat:ORDER_UNIT>
  <PRODUCT_PRICE_FIX><bmecat:PRICE_AMOUNT>2.75</bmecat:PRICE_AMOUNT></PRODUCT_PRICE_FIX>
 </ORDER_ITEM>
 </ORDER_ITEM_LIST>
</ORDER>
""".encode()


@pytest.fixture
async def gw(tmp_path):
    async with running_gateway(smtp_config(tmp_path / "gw")) as gateway:
        yield gateway


async def _orders(gw, kid):
    return await wait_until(lambda: gw.ctx.journal.orders_for_document(kid.id), timeout=60)


async def test_the_resend_with_the_file_is_the_order_and_the_empty_one_is_superseded(gw, tmp_path):
    out = await swaks(gw.ports["smtp"], "--to", ORDERS_TO, "--from", MUELLER, "--body", BODY)
    (kid,) = await parts_of(gw, queued_id(out))
    (empty,) = await _orders(gw, kid)
    assert empty.status in (OrderStatus.REVIEW, OrderStatus.HELD)
    assert "ATTACHMENT-MISSING" in {i.code for i in empty.issues}

    path = tmp_path / "4711-0388.xml"
    path.write_bytes(opentrans("4711-0388"))
    out = await swaks(gw.ports["smtp"], "--to", ORDERS_TO, "--from", MUELLER, "--body", BODY,
                      "--attach-type", "text/xml", "--attach", f"@{path}")
    kids = by_name(await parts_of(gw, queued_id(out)))
    (order,) = await _orders(gw, kids["4711-0388.xml"])
    assert order.kind == OrderKind.NEW, [(i.code, i.message) for i in order.issues]
    assert order.status in (OrderStatus.READY, OrderStatus.DELIVERED), [(i.code, i.message) for i in order.issues]
    assert "ORIGINAL-NOT-DELIVERED" not in {i.code for i in order.issues}

    before = await gw.ctx.journal.get_order(empty.order_id)
    assert before.status == OrderStatus.DUPLICATE and before.original_order_id == order.order_id
    assert any(i.code == "DUPLICATE-ORDER" and "resend" in i.message for i in before.issues)
