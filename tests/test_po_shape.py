"""A read order's PO number against the customer's usual PO numbers, through the running gateway.

Three PDF orders of one customer arrive by e-mail and are delivered; then a fourth whose PO number has
a letter O where the customer always has a digit is held for a person with ``PO-FORMAT-UNUSUAL``,
while a fifth in the usual shape is delivered. The history is what the journal holds
(``gateway.stages.mapping.past_po_numbers``). The review threshold is lowered to 0.75 so that the layout's
date confidences on these generated PDFs do not hold the history orders themselves.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from testkit.capture_corpus import CUSTOMERS, MasterSpec, OrderSpec, make_order
from testkit.daytraffic import layout_customers, write_day_master
from testkit.harness import running_gateway, write_config
from tests.test_dedup_channels import SEED, mail, master, orders_from, pdf_mail  # noqa: F401 (fixture)

FIRST = 1004  # Hofmann Technik (PO numbers BE2026-####, no template); FIRST + 9k: the same customer


@pytest.fixture
async def gw(tmp_path: Path, master: MasterSpec):  # noqa: F811
    md = tmp_path / "masterdata"
    md.mkdir()
    write_day_master(master, layout_customers(), md)
    config = write_config(tmp_path / "gw", {
        "pipeline": {"review_threshold": 0.75},
        "smtp": {"enabled": True, "port": 0, "tls_cert": tmp_path / "tls.crt", "tls_key": tmp_path / "tls.key",
                 "recipients": ["orders@gateway.localhost"]},
        # the capture corpus's orders are dated spring 2026 and priced off the list on purpose: this
        # test is about the PO shape, so those doubts travel as warnings here
        "decide": {"actions": {"DATE-PAST": "flag", "ORDER-DATE-IMPLAUSIBLE": "flag", "PRICE-MISMATCH": "flag"}},
    }, master_data=md)
    async with running_gateway(config) as gateway:
        yield gateway


def _order(master: MasterSpec, k: int) -> OrderSpec:  # noqa: F811
    return make_order(SEED, FIRST + len(CUSTOMERS) * k, master, n_lines=2)


async def _send(gw, order: OrderSpec, count: int):  # type: ignore[no-untyped-def]
    await mail(gw, pdf_mail(order, order.customer.email, f"Bestellung {order.po_number}"))
    return (await orders_from(gw, "smtp", count))[count - 1]


async def test_a_po_number_unlike_the_customers_usual_ones_is_held(gw, master):  # noqa: F811
    history = [await _send(gw, _order(master, k), k + 1) for k in range(3)]
    assert [o.status.value for o in history] == ["delivered"] * 3
    assert all(o.po_number.startswith("BE2026-") for o in history)

    odd = dataclasses.replace(_order(master, 3), po_number=_order(master, 3).po_number.replace("2026", "2O26"))
    held = await _send(gw, odd, 4)
    assert held.po_number == odd.po_number and held.status.value == "review"
    (issue,) = [i for i in held.issues if i.code == "PO-FORMAT-UNUSUAL"]
    assert issue.message == f"PO number {odd.po_number!r} is not in the customer's usual format 'AA9999-9999'"

    usual = await _send(gw, _order(master, 4), 5)
    assert usual.status.value == "delivered"
    assert not [i for i in usual.issues if i.code == "PO-FORMAT-UNUSUAL"]
