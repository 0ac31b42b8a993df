"""Duplicate and change detection over a generated mix of channels: recall, precision, false merges.

    .venv/bin/python bench/bench_dedup.py [--orders 100] [--fax-share 0.2] [--seed 7]

``--orders`` distinct orders of the capture corpus's customers are sent once through their first
channel (a text PDF as e-mailed, a UBL order as posted by EDI, or a fine-resolution fax TIFF). Then,
at the same time: copies of about a quarter of them through *another* channel (about 20% of all sends
are duplicates), amended versions of about 5% (the same PO, one quantity changed), and look-alikes: other
orders of the same customer with the same lines under the next PO number (a standing weekly order,
which must never be merged). Everything goes through the gateway's real pipeline (intake, OCR in the
process pool, identify, map, validate, dedup); documents are handed to ``Intake.accept`` with the
metadata each channel gives (sender address, fax number), so this measures decisions, not transport.

Printed, for clean channels (PDF, EDI) and for faxes apart: duplicate recall (copies caught and
linked to the right order) and precision (orders marked duplicate that really were), change recall
(amendments delivered as ``kind: change`` of the right order), false merges (distinct orders marked
duplicate or change of another), and the figures' counts.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import random
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from testkit.capture_corpus import MasterSpec, OrderSpec, make_master, make_order  # noqa: E402
from testkit.capture_fax import render_fax_tiff  # noqa: E402
from testkit.capture_layouts import render_order_pdf  # noqa: E402
from testkit.daytraffic import layout_customers, write_day_master  # noqa: E402
from testkit.samples import ubl_order  # noqa: E402

CHANNELS = ("pdf", "edi", "fax")


@dataclass
class Sent:
    key: str  # group key: the order it is a copy, amendment or look-alike of
    role: str  # original, copy, amended, lookalike
    channel: str  # pdf, edi, fax
    document_id: str = ""


def amended(order: OrderSpec) -> OrderSpec:
    first = order.lines[0]
    quantity = first.quantity + 3
    lines = (dataclasses.replace(first, quantity=quantity, amount=first.unit_price * quantity), *order.lines[1:])
    return dataclasses.replace(order, lines=lines, total=sum((ln.amount for ln in lines), Decimal(0)))


def lookalike(order: OrderSpec) -> OrderSpec:
    digits = [i for i, ch in enumerate(order.po_number) if ch.isdigit()]
    po = list(order.po_number)
    last = digits[-1]
    po[last] = str((int(po[last]) + 1) % 10)
    return dataclasses.replace(order, po_number="".join(po))


class Sender:
    """Turns an order into the bytes and metadata each channel hands to intake."""

    def __init__(self, gateway, master: MasterSpec, seed: int) -> None:
        self.gateway = gateway
        self.gln = {c.customer_id: c.gln for c in layout_customers()}
        self.master = master
        self.seed = seed
        self.render_lock = asyncio.Lock()  # pdfium and the PDF writer are not thread-safe

    async def send(self, order: OrderSpec, channel: str, n: int) -> str:
        async with self.render_lock:
            data, meta, ch = await asyncio.to_thread(self.render, order, channel, n)
        envelope = await self.gateway.ctx.intake.accept(data, ch, meta)
        return envelope.document_id

    def render(self, order: OrderSpec, channel: str, n: int):
        from gateway.store.intake import IntakeMeta
        customer = order.customer
        if channel == "pdf":
            data = render_order_pdf(order)
            meta = IntakeMeta(sender=customer.email, filename=f"{order.po_number}-{n}.pdf",
                              content_type="application/pdf")
            ch = "smtp"
        elif channel == "edi":
            gtins = {p.sku: p.gtin for p in self.master.products}
            data = ubl_order(order.po_number, [(gtins[ln.sku], ln.quantity, ln.uom) for ln in order.lines],
                             buyer_gln=self.gln[customer.customer_id], note=f"send {n}",
                             issue_date=order.order_date.isoformat(), currency=order.currency,
                             delivery_date=order.delivery_date.isoformat() if order.delivery_date else None)
            meta, ch = IntakeMeta(filename=f"{order.po_number}-{n}.xml", content_type="application/xml"), "http"
        else:
            data = render_fax_tiff(render_order_pdf(order, True), "fine", self.seed * 1000 + n)
            number = "+" + "".join(c for c in customer.fax if c.isdigit())
            meta = IntakeMeta(sender=number, filename=f"fax_{n}.tif", content_type="image/tiff",
                              extra={"fax_number": number})
            ch = "fax"
        return data, meta, ch


def plan(orders: list[OrderSpec], fax_share: float, rng: random.Random) -> list[tuple[OrderSpec, Sent]]:
    """Originals first, then copies through another channel, amendments and look-alikes, shuffled."""
    first = [(o, Sent(o.name, "original", "fax" if rng.random() < fax_share else rng.choice(("pdf", "edi"))))
             for o in orders]
    later: list[tuple[OrderSpec, Sent]] = []
    for order, sent in first:
        roll = rng.random()
        if roll < 0.25:
            other = rng.choice([c for c in CHANNELS if c != sent.channel and (c != "fax" or rng.random() < 0.5)])
            later.append((order, Sent(order.name, "copy", other)))
        elif roll < 0.32:
            later.append((amended(order), Sent(order.name, "amended", rng.choice(("pdf", "edi")))))
        elif roll < 0.40:
            later.append((lookalike(order), Sent(order.name, "lookalike", sent.channel)))
    rng.shuffle(later)
    return first + later


def distinct_orders(args: argparse.Namespace, master: MasterSpec, rng: random.Random) -> list[OrderSpec]:
    """Generated orders whose PO numbers (and their look-alikes') are unique per customer: two
    different orders under one customer's PO are a change by definition, not a test of dedup."""
    taken: set[tuple[str, str]] = set()
    orders: list[OrderSpec] = []
    index = 3000
    while len(orders) < args.orders:
        order = make_order(args.seed, index, master, n_lines=rng.choice((1, 2, 3, 4)))
        index += 1
        keys = {(order.customer.customer_id, po) for po in (order.po_number, lookalike(order).po_number)}
        if not keys & taken:
            taken |= keys
            orders.append(order)
    return orders


async def settle(gateway, timeout: float = 1800) -> None:
    deadline = time.monotonic() + timeout
    shown = time.monotonic()
    while time.monotonic() < deadline:
        rows = await gateway.ctx.journal.query(
            "SELECT COUNT(*) AS n FROM documents WHERE status IN ('received', 'processing', 'retry')")
        if rows[0]["n"] == 0:
            return
        if time.monotonic() > shown + 10:
            shown = time.monotonic()
            print(f"  ... {rows[0]['n']} documents still in the pipeline", file=sys.stderr, flush=True)
        await asyncio.sleep(0.5)
    raise TimeoutError("documents still open")


async def run(args: argparse.Namespace, root: Path) -> dict:
    from gateway.app import Gateway
    from testkit.harness import API_KEY, load_test_config, write_config
    import os
    os.environ.setdefault("TEST_GATEWAY_API_KEY", API_KEY)
    master = make_master(args.seed)
    (root / "md").mkdir()
    write_day_master(master, layout_customers(), root / "md")
    config = write_config(root / "gw", {"pipeline": {"workers": 4, "process_pool": args.workers}},
                          master_data=root / "md")
    rng = random.Random(args.seed)
    orders = distinct_orders(args, master, rng)
    sends = plan(orders, args.fax_share, rng)
    gateway = Gateway(load_test_config(config))
    await gateway.start()
    try:
        sender = Sender(gateway, master, args.seed)
        started = time.monotonic()
        originals = [s for s in sends if s[1].role == "original"]
        for n, (order, sent) in enumerate(originals):
            sent.document_id = await sender.send(order, sent.channel, n)
        await settle(gateway)
        rest = [s for s in sends if s[1].role != "original"]
        ids = await asyncio.gather(*(sender.send(o, s.channel, len(originals) + n) for n, (o, s) in enumerate(rest)))
        for (_, sent), doc_id in zip(rest, ids):
            sent.document_id = doc_id
        await settle(gateway)
        seconds = time.monotonic() - started
        return {"sends": [s for _, s in sends], "orders": await orders_by_document(gateway), "seconds": seconds}
    finally:
        await gateway.stop()


async def orders_by_document(gateway) -> dict[str, list]:
    from gateway.model import NormalizedOrder
    rows = await gateway.ctx.journal.query("SELECT document_id, body FROM orders")
    out: dict[str, list] = {}
    for r in rows:
        out.setdefault(r["document_id"], []).append(NormalizedOrder.model_validate_json(r["body"]))
    return out


def score(result: dict, misses: list[str] | None = None) -> dict[str, dict]:
    sends: list[Sent] = result["sends"]
    orders = result["orders"]
    original_of = {s.key: (orders.get(s.document_id) or [None])[0] for s in sends if s.role == "original"}
    tallies: dict[str, Counter] = {"clean": Counter(), "fax": Counter()}
    for s in sends:
        order = (orders.get(s.document_id) or [None])[0]
        original = original_of.get(s.key)
        group = "fax" if s.channel == "fax" or (original and original.source.channel == "fax") else "clean"
        t = tallies[group]
        status = order.status.value if order else "no-order"
        linked = bool(order and original and order.original_order_id == original.order_id)
        possible = bool(order and any(i.code == "POSSIBLE-DUPLICATE" for i in order.issues))
        if s.role == "copy":
            t["copies"] += 1
            t["copies_caught"] += status == "duplicate" and linked
            t["copies_to_review"] += possible and linked
        elif s.role == "lookalike":
            t["lookalikes_to_review"] += possible
        elif s.role == "amended":
            t["amended"] += 1
            t["changes_caught"] += bool(order and order.kind.value == "change" and linked)
        if status == "duplicate":
            t["marked_duplicate"] += 1
            t["marked_duplicate_right"] += s.role == "copy" and linked
        if s.role in ("original", "lookalike") and order and (status == "duplicate" or order.kind.value == "change"):
            t["false_merges"] += 1
        t[f"sent_{s.role}"] += 1
        t["no_order"] += order is None
        if misses is not None and _missed(s, status, linked, order):
            misses.append(_explain(s, order, original))
    return tallies


def _missed(s: Sent, status: str, linked: bool, order) -> bool:
    if s.role == "copy":
        return not (status == "duplicate" and linked)
    if s.role == "amended":
        return not (order and order.kind.value == "change" and linked)
    return order is None or status == "duplicate" or order.kind.value == "change"


def _explain(s: Sent, order, original) -> str:
    def brief(o) -> str:
        if o is None:
            return "no order"
        lines = ", ".join(f"{ln.sku or ln.customer_item}x{ln.quantity}{ln.uom}" for ln in o.lines)
        issues = "; ".join(f"{i.code}" for i in o.issues) + (f" changes: {o.changes}" if o.changes else "")
        return (f"{o.source.channel} {o.status.value}/{o.kind.value} customer={o.customer.id} "
                f"po={o.po_number} {o.order_date}/{o.requested_delivery_date} [{lines}] issues: {issues}")
    return f"{s.role} via {s.channel} of {s.key}:\n    got      {brief(order)}\n    original {brief(original)}"


def ratio(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}% ({part}/{whole})" if whole else "-"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orders", type=int, default=100, help="distinct orders sent first")
    parser.add_argument("--fax-share", type=float, default=0.2, help="share of originals sent by fax")
    parser.add_argument("--workers", type=int, default=2, help="extraction processes (OCR)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--explain", action="store_true", help="print each miss with what was read")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-dedup-") as tmp:
        result = asyncio.run(run(args, Path(tmp)))
    misses: list[str] = []
    tallies = score(result, misses)
    total = sum(sum(t[f"sent_{r}"] for r in ("original", "copy", "amended", "lookalike")) for t in tallies.values())
    copies = sum(t["copies"] for t in tallies.values())
    amended_n = sum(t["amended"] for t in tallies.values())
    print(f"{total} documents in {result['seconds']:.1f} s: {copies} copies through another channel "
          f"({100 * copies / total:.0f}%), {amended_n} amended ({100 * amended_n / total:.0f}%), "
          f"{sum(t['sent_lookalike'] for t in tallies.values())} look-alikes (same lines, next PO)\n")
    print(f"{'':8}{'duplicate recall':>22}{'duplicate precision':>22}{'change recall':>18}{'false merges':>14}"
          f"{'possible duplicates held':>26}")
    for name, t in tallies.items():
        held = f"{t['copies_to_review']} copies, {t['lookalikes_to_review']} look-alikes"
        print(f"{name:8}{ratio(t['copies_caught'], t['copies']):>22}"
              f"{ratio(t['marked_duplicate_right'], t['marked_duplicate']):>22}"
              f"{ratio(t['changes_caught'], t['amended']):>18}{t['false_merges']:>14}{held:>26}")
    if args.explain and misses:
        print("\nmisses:\n" + "\n".join(misses))
    print("\nclean: PDF and EDI copies of PDF/EDI originals; fax: any send whose original or itself is a fax.\n"
          "recall counts copies marked duplicate of the right order without a person; a copy whose PO a scan\n"
          "misread by one character is held for review linked to its original (possible duplicates held),\n"
          "never delivered twice. False merges: distinct orders marked duplicate or change of another.")
    print(f"reproduce: .venv/bin/python bench/bench_dedup.py --orders {args.orders} "
          f"--fax-share {args.fax_share} --workers {args.workers} --seed {args.seed}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
