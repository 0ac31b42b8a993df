"""SMTP intake benchmark: messages per second accepted, and the time from ``250`` to the order delivered.

    .venv/bin/python bench/bench_smtp.py [--clients 4] [--messages 200] [--attachment-kb 100] [--rate 0]

Starts a real gateway as a subprocess (``gateway run``, SQLite journal, file sink, its own temporary
folder), then ``--clients`` smtplib clients in threads, each on one SMTP session, send ``--messages``
mails in all. Every mail holds an order typed in the body (French, for a master-data customer, its own
PO number) and a cXML order attachment padded to ``--attachment-kb`` kilobytes (so each mail is split
into two documents; the cXML order goes to review because its items are not in the catalogue).

It prints:

* accepted/s: messages that got ``250`` per second of sending (``250`` means archived, fsynced and
  journaled), and MB/s of message bytes;
* 250 -> delivered: for every body order, the time from its ``250`` (client clock) to
  ``sla.delivered_at`` (gateway clock, same machine) as p50, p95 and max;
* the time until the last order was in the file outbox, and the mean time per pipeline stage.

With the default ``--rate 0`` the clients send a burst as fast as they can, so the latency includes
the queue the burst builds; ``--rate N`` paces them to N messages/s in all, to see the latency at a
steady load the pipeline keeps up with.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import smtplib
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import datetime
from email import policy
from email.message import EmailMessage
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from testkit.harness import API_KEY, CORPUS, GatewayProcess, free_port, write_config  # noqa: E402

SENDER = "commandes@dupont-fournitures.example"
TO = "orders@gateway.localhost"
CXML = (CORPUS / "cxml" / "OrderRequest.xml").read_bytes()


def build_message(index: int, attachment_kb: int) -> tuple[str, bytes]:
    po = f"BENCH-{index:05d}"
    msg = EmailMessage(policy=policy.SMTP)
    msg["From"], msg["To"], msg["Subject"] = SENDER, TO, f"Commande {po}"
    msg["Message-ID"] = f"<{po}@bench.example>"
    msg.set_content(f"Bonjour,\n\nMerci de nous livrer :\n- {index % 9 + 1} cartons de DF-PAP-A4 (papier A4)\n"
                    f"- 2 paquets de DF-STYLO-B\n\nNotre commande n° {po}.\n\nCordialement,\nJean Dupont\n")
    repeats = max(0, attachment_kb * 1024 - len(CXML) - 32) // 8
    filler = f"<!-- {po} {'padding ' * repeats}-->\n".encode()
    body = CXML.replace(b"</cXML>", filler + b"</cXML>", 1)
    msg.add_attachment(body, maintype="text", subtype="xml", filename=f"OrderRequest-{index}.xml")
    return po, msg.as_bytes()


class Client(threading.Thread):
    def __init__(self, port: int, jobs: list[tuple[str, bytes]], interval: float) -> None:
        super().__init__(daemon=True)
        self.port, self.jobs, self.interval = port, jobs, interval
        self.acked: dict[str, float] = {}
        self.failed = 0

    def run(self) -> None:
        with smtplib.SMTP("127.0.0.1", self.port, timeout=120) as client:
            client.ehlo()
            next_at = time.monotonic()
            for po, raw in self.jobs:
                time.sleep(max(0.0, next_at - time.monotonic()))
                next_at += self.interval
                client.mail(SENDER)
                client.rcpt(TO)
                code, _ = client.data(raw)
                if code == 250:
                    self.acked[po] = time.time()
                else:
                    self.failed += 1
                    client.rset()


def delivered_orders(gw: GatewayProcess) -> dict[str, float]:
    request = urllib.request.Request(f"{gw.http_url}/v1/orders?status=delivered&limit=1000",
                                     headers={"X-API-Key": API_KEY})
    with urllib.request.urlopen(request, timeout=30) as resp:
        orders = json.loads(resp.read())["orders"]
    return {o["po_number"]: datetime.fromisoformat(o["sla"]["delivered_at"]).timestamp()
            for o in orders if o["po_number"] and o["po_number"].startswith("BENCH-")}


def print_stages(gw: GatewayProcess) -> None:
    """Mean seconds per pipeline stage, from the gateway's own /metrics histograms."""
    with urllib.request.urlopen(f"{gw.http_url}/metrics", timeout=30) as resp:
        lines = resp.read().decode().splitlines()
    sums: dict[str, float] = {}
    counts: dict[str, float] = {}
    for line in lines:
        if line.startswith("gateway_stage_seconds_sum") or line.startswith("gateway_stage_seconds_count"):
            name, value = line.rsplit(" ", 1)
            stage = name.split('stage="', 1)[1].split('"', 1)[0]
            (sums if "_sum" in name else counts)[stage] = float(value)
    parts = [f"{stage} {sums[stage] / counts[stage] * 1000:.0f} ms x{counts[stage]:.0f}"
             for stage in sorted(sums) if counts.get(stage)]
    print("stage means: " + ", ".join(parts))


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def run(args: argparse.Namespace, root: Path) -> None:
    port = free_port()
    config = write_config(root, {"smtp": {"enabled": True, "port": port, "recipients": [TO],
                                          "tls_cert": root / "tls" / "smtp.crt", "tls_key": root / "tls" / "smtp.key"},
                                 "gateway": {"log_level": "warning"}, "limits": {"max_document_bytes": 64 << 20}})
    gw = GatewayProcess(config).start()
    try:
        messages = [build_message(i, args.attachment_kb) for i in range(args.messages)]
        size_mb = sum(len(raw) for _, raw in messages) / 1e6
        interval = args.clients / args.rate if args.rate else 0.0
        clients = [Client(port, messages[i::args.clients], interval) for i in range(args.clients)]
        started = time.time()
        for client in clients:
            client.start()
        for client in clients:
            client.join()
        sent = time.time() - started
        acked = {po: t for c in clients for po, t in c.acked.items()}
        deadline = time.time() + args.timeout
        delivered: dict[str, float] = {}
        while time.time() < deadline and len(delivered) < len(acked):
            delivered = delivered_orders(gw)
            time.sleep(0.5)
        report(args, acked, delivered, sent, size_mb, started, sum(c.failed for c in clients))
        print_stages(gw)
    finally:
        gw.stop()


def report(args, acked: dict[str, float], delivered: dict[str, float], sent: float, size_mb: float,
           started: float, failed: int) -> None:
    latencies = [delivered[po] - acked[po] for po in acked if po in delivered]
    print(f"machine: {os.cpu_count()} CPUs, {platform.platform()}, Python {platform.python_version()}")
    pace = f"{args.rate:g}/s" if args.rate else "as fast as possible"
    print(f"clients={args.clients} messages={args.messages} rate={pace} attachment={args.attachment_kb} KB "
          f"(message ~{size_mb / max(args.messages, 1) * 1000:.0f} KB)")
    print(f"accepted: {len(acked)} of {args.messages} (refused {failed}) in {sent:.2f} s -> "
          f"{len(acked) / sent:.1f} messages/s, {size_mb / sent:.2f} MB/s")
    if latencies:
        print(f"250 -> delivered: p50 {statistics.median(latencies) * 1000:.0f} ms, "
              f"p95 {percentile(latencies, 0.95) * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms "
              f"({len(latencies)} orders)")
        print(f"last order delivered {max(delivered.values()) - started:.2f} s after the first message was sent")
    if len(latencies) < len(acked):
        print(f"WARNING: {len(acked) - len(latencies)} acknowledged orders not delivered within {args.timeout} s")
    print(f"reproduce: .venv/bin/python bench/bench_smtp.py --clients {args.clients} "
          f"--messages {args.messages} --attachment-kb {args.attachment_kb} --rate {args.rate:g}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--messages", type=int, default=200)
    parser.add_argument("--attachment-kb", type=int, default=100)
    parser.add_argument("--rate", type=float, default=0.0,
                        help="messages per second in all (0: as fast as the clients can send)")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds to wait for deliveries")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="bench-smtp-"))
    try:
        run(args, root)
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
