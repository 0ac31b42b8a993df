"""One order by fax, by e-mail and forwarded by a sales rep: one delivery, two linked duplicates; the
same PO with one quantity changed is delivered as a change naming the difference.

Real peers: the PDF goes over SMTP with ``smtplib``, the fax TIFF (rendered from the same order, G4,
fine resolution, noise) is copied into the watched fax folder and read by the real tesseract, and the
sales rep's forward is an e-mail from an internal domain carrying the customer's mail.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
from decimal import Decimal
from pathlib import Path

import pytest

from testkit.capture_corpus import MasterSpec, OrderSpec, make_master, make_order
from testkit.capture_fax import render_fax_tiff
from testkit.capture_layouts import render_order_pdf
from testkit.daytraffic import FAX_PATTERN, layout_customers, write_day_master
from testkit.harness import running_gateway, wait_until, write_config
from tests.smtp_helpers import message, send

SEED, INDEX = 7, 1003  # a two-line order of a French customer who faxes and e-mails
REP = "lea.martin@sales.example"


@pytest.fixture(scope="module")
def master() -> MasterSpec:
    return make_master(SEED)


@pytest.fixture
def order(master: MasterSpec) -> OrderSpec:
    return make_order(SEED, INDEX, master, n_lines=2)


@pytest.fixture
async def gw(tmp_path: Path, master: MasterSpec):
    md = tmp_path / "masterdata"
    md.mkdir()
    write_day_master(master, layout_customers(), md)
    config = write_config(tmp_path / "gw", {
        "smtp": {"enabled": True, "port": 0, "tls_cert": tmp_path / "tls.crt", "tls_key": tmp_path / "tls.key",
                 "recipients": ["orders@gateway.localhost"], "internal_domains": ["sales.example"]},
        "folders": [{"name": "fax", "path": tmp_path / "fax", "channel": "fax", "stable_seconds": 0.5,
                     "poll_seconds": 0.5, "filename_pattern": FAX_PATTERN}],
        # the capture corpus's orders are dated spring 2026 and priced off the list on purpose: this
        # test is about one order through three channels, so those doubts travel as warnings here
        "decide": {"actions": {"DATE-PAST": "flag", "ORDER-DATE-IMPLAUSIBLE": "flag", "PRICE-MISMATCH": "flag"}},
    }, master_data=md)
    async with running_gateway(config) as gateway:
        yield gateway


def pdf_mail(order: OrderSpec, sender: str, subject: str, body: str = "Please find our order attached.",
             resaved: bool = False):
    pdf = render_order_pdf(order)
    if resaved:  # a mail client that re-encodes what it forwards: other bytes, the same document
        pdf += b"\n% forwarded\n"
    return message(sender, subject, body, attachments=[(f"{order.po_number}.pdf", "application/pdf", pdf)])


def forwarded(order: OrderSpec) -> object:
    body = ("Hello team, this one came to me directly, can you book it?\n\n"
            "---------- Forwarded message ---------\n"
            f"From: Purchasing <{order.customer.email}>\nDate: Fri, 20 Nov 2026 08:12\n"
            f"Subject: Commande {order.po_number}\nTo: {REP}\n\nCi-joint notre commande.\n")
    return pdf_mail(order, REP, f"Fwd: Commande {order.po_number}", body, resaved=True)


def with_quantity(order: OrderSpec, line_no: int, quantity: Decimal) -> OrderSpec:
    lines = tuple(dataclasses.replace(ln, quantity=quantity, amount=ln.unit_price * quantity)
                  if ln.line_no == line_no else ln for ln in order.lines)
    return dataclasses.replace(order, lines=lines, total=sum((ln.amount for ln in lines), Decimal(0)))


async def mail(gw, msg) -> str:
    code, reply = await asyncio.to_thread(send, gw.ports["smtp"], msg)
    assert code == 250, reply
    return reply.rsplit(" ", 1)[-1]


async def fax(gw, folder: Path, order: OrderSpec) -> None:
    tiff = await asyncio.to_thread(render_fax_tiff, render_order_pdf(order, fax_header=True), "fine", SEED)
    digits = "+" + "".join(ch for ch in order.customer.fax if ch.isdigit())
    folder.mkdir(exist_ok=True)
    part = folder / ".incoming.part"
    part.write_bytes(tiff)
    part.rename(folder / f"fax_{digits}_20261120T091500_1p.tif")


async def orders_from(gw, channel: str, count: int) -> list:
    async def ready():
        rows = await gw.ctx.journal.query(
            "SELECT o.body FROM orders o JOIN documents d ON d.id = o.document_id WHERE d.channel = ? "
            "AND o.status NOT IN ('ready', 'delivering') ORDER BY o.received_at", (channel,))
        return rows if len(rows) >= count else None
    from gateway.model import NormalizedOrder
    return [NormalizedOrder.model_validate_json(r["body"]) for r in await wait_until(ready, timeout=120)]


def outbox(gw) -> list[dict]:
    folder = gw.ctx.config.delivery.file.path
    return [json.loads(p.read_text()) for p in sorted(folder.glob("*.json"))] if folder.is_dir() else []


async def test_one_order_by_mail_fax_and_forward_is_delivered_once(gw, order, tmp_path):
    await mail(gw, pdf_mail(order, order.customer.email, f"Commande {order.po_number}"))
    (original,) = await orders_from(gw, "smtp", 1)
    assert original.status.value == "delivered" and original.customer.id == order.customer.customer_id

    await fax(gw, tmp_path / "fax", order)
    await mail(gw, forwarded(order))
    (by_fax,) = await orders_from(gw, "fax", 1)
    by_mail = await orders_from(gw, "smtp", 2)
    copies = [by_fax, by_mail[1]]
    assert [o.status.value for o in copies] == ["duplicate", "duplicate"]
    assert {o.original_order_id for o in copies} == {original.order_id}
    assert by_mail[1].customer.id == order.customer.customer_id  # the rep's forward, the customer's order
    for copy in copies:
        reason = next(i for i in copy.issues if i.code == "DUPLICATE-ORDER").message
        assert original.order_id in reason or original.source.document_id in reason
    await asyncio.sleep(1)
    assert [o["order_id"] for o in outbox(gw)] == [original.order_id]


async def test_same_po_with_one_quantity_changed_is_delivered_as_a_change(gw, order):
    await mail(gw, pdf_mail(order, order.customer.email, f"Commande {order.po_number}"))
    (original,) = await orders_from(gw, "smtp", 1)
    first = order.lines[0]
    changed = with_quantity(order, first.line_no, first.quantity + 5)
    await mail(gw, pdf_mail(changed, order.customer.email, f"Commande {order.po_number} (modifiée)"))
    change = (await orders_from(gw, "smtp", 2))[1]
    assert change.kind.value == "change" and change.original_order_id == original.order_id
    assert change.status.value == "delivered"
    (difference,) = change.changes
    described = json.dumps(difference, default=str)
    assert first.sku in described and str(first.quantity) in described and str(first.quantity + 5) in described
    delivered = await wait_until(lambda: len(outbox(gw)) == 2 and outbox(gw), timeout=30)
    assert [o["kind"] for o in delivered if o["order_id"] == change.order_id] == ["change"]
