"""Scale benchmark: the cost of an order as the journal grows, and a resend caught at any size.

    .venv/bin/python bench/bench_scale.py [--sizes 0,10000,100000] [--orders 1000] [--clients 8]
        [--workers 8] [--code DIR] [--profile DIR] [--pg-nodes 1,3] [--pg-size 10000] [--retain-days N]
        [--customers 1|2|3] [--rate 200 [--rate-orders N] [--backlog-limit N] [--retry-after S]]

For each journal size, on SQLite with one ``gateway run`` process:

1. one EDIFACT order posted over HTTP gives the template order; the gateway is stopped and the journal
   is filled directly (``testkit.journal_fill``: delivered orders of the same customer, their documents
   and deliveries, in bulk transactions, not through the pipeline);
2. the gateway is started again and ``--orders`` distinct EDIFACT orders of that customer are posted by
   ``--clients`` concurrent HTTP clients as fast as they are taken, delivered to the file sink. Reported:
   orders/s accepted, orders/s delivered (first POST to last delivery), gateway CPU ms per order
   (process tree, so other load on the machine does not count) and receipt-to-delivery p50/p95/p99
   (journal times: document received -> delivery written);
3. a resend (same PO and lines, a new interchange) of a filled order drawn at random must come out a
   duplicate.

With ``--rate R``, ``--rate-orders`` more orders are then **offered open loop** (``open_loop``): order
``n`` is sent at ``n / R`` seconds whatever the answers, so the latency is the one a sender sees at that
offered rate, not a burst's queue. Reported: delivered/s, receipt-to-delivery p50/p95/p99 (202 written to
delivery written) and offer-to-delivery (first send to delivery, a refusal's wait included), the 202s and
429s (``--backlog-limit N`` sets the gateway's bound; a 429 is sent again after its ``Retry-After``), and
how many orders answered 202 were not delivered (must be 0). ``--orders 0`` skips the burst.

Then the ratio of the delivered rate at the largest size to the smallest, and the physical floor in
the same folder, measured right before each size (the machine is shared: the floor moves with the
load) and once at the end: a fsynced archive file (file, rename, folder fsync) plus one SQLite WAL
``synchronous=FULL`` commit per document, in a loop.

``--retain-days N`` runs retention (``SqlJournal.retain``) on the filled journal before the gateway
starts: the filled orders older than N days (they span 20 days) move to the retained tables, so the
hot journal the node works on is what retention leaves; the resend is still caught.

``--pg-nodes`` repeats step 2 on PostgreSQL (the local server, or ``GATEWAY_TEST_PG_DSN``) with each
number of ``gateway run`` nodes sharing one throw-away database, the journal filled with
``--pg-size`` orders; the CPU figure then adds the database sessions' CPU.

``--code DIR`` runs the gateway from another checkout (for instance an export of the previous commit,
``git archive <commit> | tar -x -C DIR``), to measure before and after side by side; the journal is
filled with the columns that code's schema has. ``--profile DIR`` records a py-spy profile (raw, folded
stacks) of the gateway and its workers at each size (py-spy from the venv or the PATH; it is not a
dependency of the project; ``BENCH_PYSPY_FLAGS="--gil"`` adds flags, ``--gil`` keeps the samples that
hold Python's lock, close to the user CPU). The CPU per order is split: the gateway process (of it, the
kernel's part: system calls, thread wake-ups, fsyncs) and its extraction workers.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime, timedelta
from pathlib import Path

import psycopg

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))

from bench_nodes import CpuMeter, cluster, post_all  # noqa: E402
from open_loop import offer_at_rate  # noqa: E402

from gateway.store.journal_pg import PostgresJournal  # noqa: E402
from gateway.store.journal import utcnow  # noqa: E402
from gateway.store.journal_sql import Db, Dialect, SqlJournal  # noqa: E402
from gateway.model import NormalizedOrder  # noqa: E402
from testkit.harness import API_KEY, GatewayProcess, write_config  # noqa: E402
from testkit.journal_fill import fill_journal, lines_of, po_of, template_lines  # noqa: E402
from testkit.samples import edifact_order  # noqa: E402

FLOOR_LOOPS = 300


class CodeProcess(GatewayProcess):
    """``gateway run`` from the checkout ``code`` (``-P``: the working folder is not on the path)."""

    def __init__(self, config_path: Path, code: Path | None) -> None:
        super().__init__(config_path, env={"PYTHONPATH": str(code)} if code else None)
        self.code = code

    def command(self) -> list[str]:
        flags = ["-P"] if self.code else []
        if folder := os.environ.get("BENCH_SAMPLE"):  # the event loop thread sampled (bench/sample_profile.py)
            out = Path(folder) / f"{self.config_path.parent.name}-{time.monotonic_ns()}.folded"
            return [sys.executable, *flags, str(BENCH / "sample_profile.py"), str(out), "gateway.cli",
                    "--config", str(self.config_path), "run"]
        if folder := os.environ.get("BENCH_CPROFILE"):  # the event loop thread under cProfile (no py-spy)
            out = Path(folder) / f"{self.config_path.parent.name}-{time.monotonic_ns()}.prof"
            # timed by the thread's CPU, not the wall clock (bench/cpu_profile.py)
            return [sys.executable, *flags, str(BENCH / "cpu_profile.py"), str(out), "gateway.cli",
                    "--config", str(self.config_path), "run"]
        return [sys.executable, *flags, "-m", "gateway.cli", "--config", str(self.config_path), "run"]


class RetainingFile(SqlJournal):
    """``SqlJournal.retain`` over the journal file opened directly."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.file = SqliteFile(path)

    async def _run(self, fn):  # type: ignore[no-untyped-def]
        return await self.file.transaction(fn)


class SqliteFile:
    """The journal file opened directly (the gateway stopped), with the ``transaction`` of a journal."""

    def __init__(self, path: Path) -> None:
        self.conn = sqlite3.connect(path, isolation_level=None)
        self.conn.row_factory = sqlite3.Row

    async def transaction(self, fn):  # type: ignore[no-untyped-def]
        self.conn.execute("BEGIN IMMEDIATE")
        result = fn(Db(self.conn, Dialect("sqlite"), self.conn.cursor))
        self.conn.execute("COMMIT")
        return result


def api(proc: GatewayProcess, path: str) -> dict:
    request = urllib.request.Request(f"{proc.http_url}{path}", headers={"X-API-Key": API_KEY})
    with urllib.request.urlopen(request, timeout=30) as resp:
        return json.loads(resp.read())


def post(proc: GatewayProcess, body: bytes) -> str:
    request = urllib.request.Request(f"{proc.http_url}/v1/documents", data=body, method="POST",
                                     headers={"X-API-Key": API_KEY, "Content-Type": "application/edifact"})
    with urllib.request.urlopen(request, timeout=30) as resp:
        return json.loads(resp.read())["document_id"]


def wait(predicate, timeout: float, what: str):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not (result := predicate()):
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what}: not done in {timeout:.0f} s")
        time.sleep(0.05)
    return result


def outbox(root: Path) -> int:
    """Orders delivered to the file sink of the node(s) under ``root``."""
    return sum(1 for _ in root.glob("**/erp/*.json"))


def decided_order(proc: GatewayProcess, doc_id: str) -> dict:
    return wait(lambda: (api(proc, f"/v1/documents/{doc_id}").get("orders") or [None])[0], 120, "decision")


def template_order(proc: GatewayProcess, root: Path) -> NormalizedOrder:
    doc_id = post(proc, edifact_order("PO-SCALE-TEMPLATE", template_lines(), control_ref="T1"))
    wait(lambda: outbox(root) >= 1, 120, "template delivery")
    return NormalizedOrder.model_validate(decided_order(proc, doc_id))


LATENCY_SQL = ("SELECT o.po_number, d.received_at, v.delivered_at FROM deliveries v JOIN orders o ON "
               "o.order_id = v.order_id JOIN documents d ON d.id = o.document_id WHERE "
               "o.po_number LIKE '{prefix}%' AND v.status = 'delivered'")


def delivered_rows(journal: Path | None, dsn: str | None = None,
                   prefix: str = "PO-RUN-") -> list[tuple[str, datetime, datetime]]:
    """(PO, received, delivered) of the delivered orders whose PO starts with ``prefix``."""
    sql = LATENCY_SQL.format(prefix=prefix)
    if dsn:
        with psycopg.connect(dsn) as conn:
            rows = conn.execute(sql).fetchall()
    else:
        with sqlite3.connect(journal) as conn:
            rows = conn.execute(sql).fetchall()
    return [(po, datetime.fromisoformat(a), datetime.fromisoformat(b)) for po, a, b in rows]


def receipt_to_delivery(journal: Path | None, dsn: str | None = None, prefix: str = "PO-RUN-") -> list[float]:
    return sorted((b - a).total_seconds() for _, a, b in delivered_rows(journal, dsn, prefix))


def percentile(values: list[float], p: float) -> float:
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def profiled(proc: GatewayProcess, out: Path | None, seconds: int) -> subprocess.Popen | None:
    if out is None:
        return None
    spy = Path(sys.executable).with_name("py-spy")
    spy = spy if spy.exists() else Path(shutil.which("py-spy") or spy)
    return subprocess.Popen([str(spy), "record", "--pid", str(proc.proc.pid), "--duration", str(seconds),
                             "--rate", "100", "--format", "raw", "--output", str(out), "--nonblocking",
                             "--subprocesses", *os.environ.get("BENCH_PYSPY_FLAGS", "").split()],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def run_size(work: Path, size: int, args: argparse.Namespace) -> dict:
    root = work / f"size-{size}"
    shutil.rmtree(root, ignore_errors=True)
    config = write_config(root, {"pipeline": {"workers": args.workers, "backlog_limit": args.backlog_limit,
                                              "backlog_retry_after_s": args.retry_after}})
    proc = CodeProcess(config, args.code).start(timeout=120)
    try:
        template = template_order(proc, root)
    finally:
        proc.stop()
    journal = root / "var" / "journal.sqlite3"
    filled = time.monotonic()
    asyncio.run(fill_journal(SqliteFile(journal), template, size))
    if args.retain_days is not None:
        async def retain() -> None:
            mover = RetainingFile(journal)
            while await mover.retain(utcnow() - timedelta(days=args.retain_days), 5000):
                pass
        asyncio.run(retain())
    fill_s = time.monotonic() - filled
    floor_rate = floor(root / "floor", FLOOR_LOOPS // 3)
    proc = CodeProcess(config, args.code).start(timeout=300)
    result: dict = {"size": size, "fill_s": fill_s, "floor": floor_rate, "resend": None}
    try:
        if args.orders:
            result |= burst(proc, root, size, args)
        if size:
            i = random.Random(size).randrange(size)
            doc_id = post(proc, edifact_order(po_of(i), lines_of(i), control_ref=f"AGAIN{i}"))
            order = decided_order(proc, doc_id)
            result["resend"] = (i, order["status"])
        if args.rate:
            result["open"] = open_loop(proc, root, args, before=outbox(root))
    finally:
        proc.stop()
    if args.orders:
        result["latency"] = receipt_to_delivery(journal)
    if args.rate:
        finish_open_loop(result["open"], journal)
    return result


def burst(proc: GatewayProcess, root: Path, size: int, args: argparse.Namespace) -> dict:
    """The closed-loop burst: ``--clients`` senders, each sending its next order once answered."""
    bodies = run_bodies(args)
    meter = CpuMeter([proc], None)
    spy = profiled(proc, args.profile / f"size-{size}.txt" if args.profile else None, 3600)
    started = time.monotonic()
    accept_s = asyncio.run(post_all([proc.http_url], bodies, args.clients))
    wait(lambda: outbox(root) >= args.orders + 1, 3600, "deliveries")
    done_s = time.monotonic() - started
    cpu = meter.note(args.orders)
    if spy:
        spy.send_signal(signal.SIGINT)  # py-spy writes its profile when interrupted
        spy.wait(timeout=60)
    return {"accepted": args.orders / accept_s, "delivered": args.orders / done_s, "cpu": cpu}


def open_loop(proc: GatewayProcess, root: Path, args: argparse.Namespace, before: int) -> dict:
    """``--rate-orders`` orders offered at ``--rate`` per second whatever the answers (open loop)."""
    count = args.rate_orders or args.orders or 1000
    bodies = [(f"PO-OPEN-{n:06d}", body, kind) for n, (body, kind) in
              enumerate(run_bodies(args, count, prefix="PO-OPEN-", ref="O"))]
    meter = CpuMeter([proc], None)
    started = time.monotonic()
    stats = asyncio.run(offer_at_rate(proc.http_url, API_KEY, bodies, args.rate))
    wait(lambda: outbox(root) >= before + stats.accepted, 3600, "deliveries")
    done_s = time.monotonic() - started
    return {"stats": stats, "cpu": meter.note(max(1, stats.accepted)), "delivered": stats.accepted / done_s,
            "count": count}


def finish_open_loop(run: dict, journal: Path) -> None:
    """Latencies of the open-loop orders from the journal, and what was dropped (must be nothing)."""
    rows = delivered_rows(journal, prefix="PO-OPEN-")
    offered_at = run["stats"].offered_at
    run["latency"] = sorted((b - a).total_seconds() for _, a, b in rows)
    run["offer_latency"] = sorted(b.timestamp() - offered_at[po] for po, _, b in rows if po in offered_at)
    run["delivered_orders"] = len(rows)
    run["dropped"] = run["stats"].accepted - len({po for po, _, _ in rows})


BUYERS = ("5412345000013", "3012345000014", "4012345000009")  # C1001, C1002, C1003 in the sample master data


def run_bodies(args: argparse.Namespace, count: int | None = None, prefix: str = "PO-RUN-",
               ref: str = "R") -> list[tuple[bytes, str]]:
    """The timed orders; with ``--customers 3`` they go round the three customers with a GLN, so the
    decisions of different customers may run at once (the lock is per customer)."""
    buyers = BUYERS[:args.customers]
    return [(edifact_order(f"{prefix}{n:06d}", [("4000862141404", 1 + n % 40), ("5412345678908", 2)],
                          buyer_gln=buyers[n % len(buyers)], sender=buyers[n % len(buyers)],
                          control_ref=f"{ref}{n}"), "application/edifact")
            for n in range(args.orders if count is None else count)]


def run_pg(work: Path, nodes: int, args: argparse.Namespace) -> dict:
    """Step 2 on PostgreSQL with ``nodes`` gateway processes sharing one database."""
    root = work / f"pg-{nodes}"
    with cluster(root, "postgresql", nodes, {"pipeline": {"workers": args.workers}}, {}) as (procs, dsn):
        template = template_order(procs[0], root)
        journal = PostgresJournal(dsn)
        filled = time.monotonic()

        async def fill() -> None:
            await journal.open()
            try:
                await fill_journal(journal, template, args.pg_size)
            finally:
                await journal.close()
        asyncio.run(fill())
        fill_s = time.monotonic() - filled
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute("ANALYZE")
        meter = CpuMeter(procs, dsn)
        started = time.monotonic()
        accept_s = asyncio.run(post_all([p.http_url for p in procs], run_bodies(args), args.clients))
        wait(lambda: outbox(root) >= args.orders + 1, 3600, "deliveries")
        done_s = time.monotonic() - started
        cpu = meter.note(args.orders)
        i = random.Random(args.pg_size).randrange(args.pg_size)
        resend = (i, decided_order(procs[-1], post(procs[-1], edifact_order(po_of(i), lines_of(i),
                                                                            control_ref=f"AGAIN{i}")))["status"])
        latency = receipt_to_delivery(None, dsn)
    return {"size": f"{args.pg_size} pg x{nodes}", "fill_s": fill_s, "accepted": args.orders / accept_s,
            "delivered": args.orders / done_s, "cpu": cpu, "latency": latency, "resend": resend}


def floor(folder: Path, loops: int = FLOOR_LOOPS) -> float:
    """Documents/s the disk allows: a fsynced archive file and a FULL SQLite commit each."""
    folder.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(folder / "floor.sqlite3", isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, body TEXT)")
    payload = os.urandom(1500)
    started = time.monotonic()
    for n in range(loops):
        tmp, final = folder / f"{n}.tmp", folder / f"{n}.doc"
        with open(tmp, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, final)
        fd = os.open(folder, os.O_RDONLY)
        os.fsync(fd)
        os.close(fd)
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO t (body) VALUES (?)", (str(n),))
        conn.execute("COMMIT")
    rate = loops / (time.monotonic() - started)
    conn.close()
    return rate


def report(results: list[dict], floor_rate: float, pg: list[dict]) -> None:
    burst = [r for r in results + pg if "latency" in r]
    if burst:
        print(f"\nclosed-loop burst:\n{'journal':>8} {'fill s':>7} {'floor/s':>8} {'accepted/s':>11} "
              f"{'delivered/s':>12}  {'p50 s':>6} {'p95 s':>6} {'p99 s':>6}  cpu / resend")
    for r in burst:
        lat = r["latency"]
        resend = f"resend of order {r['resend'][0]}: {r['resend'][1]}" if r["resend"] else ""
        print(f"{r['size']:>8} {r['fill_s']:7.1f} {r.get('floor', 0):8.0f} {r['accepted']:11.1f} "
              f"{r['delivered']:12.1f}  "
              f"{percentile(lat, 50):6.2f} {percentile(lat, 95):6.2f} {percentile(lat, 99):6.2f}  "
              f"{r['cpu']}  {resend}")
    opened = [r for r in results if "open" in r]
    if opened:
        print(f"\nopen loop (offered at a fixed rate whatever the answers; receipt = 202 written, offer = first "
              f"send, a 429 resent after its Retry-After):\n{'journal':>8} {'delivered/s':>12}  receipt-to-delivery "
              f"p50/p95/p99 s   offer-to-delivery p50/p95/p99 s  dropped  cpu")
    for r in opened:
        o = r["open"]
        lat, off = o["latency"] or [0.0], o["offer_latency"] or [0.0]
        print(f"{r['size']:>8} {o['delivered']:12.1f}  {percentile(lat, 50):6.2f} {percentile(lat, 95):6.2f} "
              f"{percentile(lat, 99):6.2f}          {percentile(off, 50):6.2f} {percentile(off, 95):6.2f} "
              f"{percentile(off, 99):6.2f}        {o['dropped']:5d}  {o['cpu']}")
        print(f"{'':>8} {o['stats'].summary()}; delivered {o['delivered_orders']} of {o['count']} offered")
    if len(burst) > 1 and len(results) > 1 and "delivered" in results[0]:
        smallest, largest = results[0], results[-1]
        print(f"\ndelivered/s at {largest['size']} / at {smallest['size']}: "
              f"{largest['delivered'] / smallest['delivered']:.2f} (goal >= 0.8)")
    print(f"physical floor (fsynced archive file + SQLite FULL commit, {FLOOR_LOOPS} loops): "
          f"{floor_rate:.0f} documents/s")
    if len(pg) > 1:
        print(f"PostgreSQL: {pg[-1]['size']} delivered/s / {pg[0]['size']}: "
              f"{pg[-1]['delivered'] / pg[0]['delivered']:.2f}")
    bad = [r for r in results + pg if r["resend"] and r["resend"][1] != "duplicate"]
    print("resends: " + ("all caught" if not bad else f"NOT CAUGHT at {[r['size'] for r in bad]}"))
    lost = [r["size"] for r in opened if r["open"]["dropped"] or r["open"]["stats"].failed]
    if opened:
        print("open loop: " + ("every 202 delivered, nothing failed" if not lost else f"DROPPED OR FAILED at {lost}"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="0,10000,100000")
    parser.add_argument("--orders", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--rate", type=float, default=0,
                        help="also offer orders open loop at this rate per second (e.g. 200), after the burst")
    parser.add_argument("--rate-orders", type=int, default=0,
                        help="orders offered open loop (default: --orders, or 1000 with --orders 0)")
    parser.add_argument("--backlog-limit", type=int, default=0,
                        help="the gateway's [pipeline] backlog_limit (0: none): past it HTTP answers 429")
    parser.add_argument("--retry-after", type=int, default=1, help="the Retry-After of a 429, in seconds")
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--code", type=Path, default=None, help="run the gateway from this checkout")
    parser.add_argument("--profile", type=Path, default=None, help="py-spy raw profiles into this folder")
    parser.add_argument("--pg-nodes", default="", help="node counts to run on PostgreSQL, e.g. 1,3")
    parser.add_argument("--pg-size", type=int, default=10000)
    parser.add_argument("--customers", type=int, default=1, choices=(1, 2, 3),
                        help="spread the timed orders over this many customers")
    parser.add_argument("--retain-days", type=float, default=None,
                        help="move filled orders older than this many days out of the hot tables first")
    args = parser.parse_args(argv)
    if args.profile:
        args.profile.mkdir(parents=True, exist_ok=True)
    print("command: " + " ".join([Path(sys.executable).name, *sys.argv]), flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        work = Path(tmp)
        results = []
        for size in (int(s) for s in args.sizes.split(",") if s):
            results.append(run_size(work, size, args))
            r = results[-1]
            if "delivered" in r:
                print(f"size {size}: {r['delivered']:.1f} delivered/s, {r['cpu']}, floor {r['floor']:.0f}/s",
                      flush=True)
            if "open" in r:
                print(f"size {size} open loop: {r['open']['delivered']:.1f} delivered/s, {r['open']['cpu']}, "
                      f"{r['open']['stats'].summary()}", flush=True)
        pg = []
        for nodes in (int(n) for n in args.pg_nodes.split(",") if n):
            pg.append(run_pg(work, nodes, args))
            print(f"PostgreSQL x{nodes}: {pg[-1]['delivered']:.1f} delivered/s, {pg[-1]['cpu']}", flush=True)
        floor_rate = floor(work / "floor")
    report(results, floor_rate, pg)
    bad = [r for r in results + pg if r["resend"] and r["resend"][1] != "duplicate"]
    lost = [r for r in results if "open" in r and (r["open"]["dropped"] or r["open"]["stats"].failed)]
    return 1 if bad or lost else 0


if __name__ == "__main__":
    raise SystemExit(main())
