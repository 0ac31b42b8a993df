"""Runs a planned day of traffic against the real gateway and checks the ERP side and the API.

Owns the *running and checking* of a ``testkit.daytraffic`` plan:

* set-up: master data, one SSH key per SFTP partner account, a config with SMTP, SFTP, the fax folder
  and HTTP on free ports and the webhook sink pointing at ``ErpReceiver``; the gateway is started as
  the README says, with the ``gateway`` console script (``gateway --config FILE run``);
* sending, all channels at once with real clients: ``smtplib`` in threads, the OpenSSH ``sftp`` client
  in batch mode with a per-partner key, HTTP with ``http.client``, and file copy + rename into the fax
  folder. Every sender retries what was not acknowledged, as a real peer would;
* faults (optional): SIGKILL of the whole gateway process group twice while sending, each followed
  by a restart, and the ERP webhook answering 503 for a while;
* settling: wait until nothing is open, let a person (the API) approve what an image left for review
  once its content is checked against the plan, wait again;
* checking: every good order delivered exactly once (distinct ``Idempotency-Key``) with the right
  customer, PO, SKUs and quantities; every duplicate caught and never delivered; every change
  delivered as ``kind: change`` of its original, after it; every hostile input refused or
  quarantined with a reason; ``/healthz`` ok; ``/v1/kpis`` consistent with the journal and the ERP.

``DayRunner.run()`` returns a report (per-channel counts, receipt-to-ERP latencies, failures).
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import smtplib
import subprocess
import threading
import time
import urllib.parse
from collections import Counter, defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from gateway.web.kpis import percentile
from testkit.daytraffic import (
    CXML_SECRET, CXML_SECRET_ENV, FAX_PATTERN, HTTP_LIMIT, ORDERS_TO, DayPlan, Send, cxml_partners, partners_config,
    sftp_accounts, write_day_master,
)
from testkit.harness import API_KEY, REPO, ErpReceiver, GatewayProcess, free_port, write_config

THREADS = {"http": 4, "smtp": 3, "sftp": 3, "fax": 1}
REFUSED_DOC = ("rejected", "quarantined", "review")
OPEN_DOCS = ("received", "processing", "retry")
SEND_DEADLINE_S = 300.0


class ConsoleGateway(GatewayProcess):
    """``gateway run`` started through the installed console script, as the README says."""

    def command(self) -> list[str]:
        script = REPO / ".venv" / "bin" / "gateway"
        if not script.exists():
            return super().command()
        return [str(script), "--config", str(self.config_path), "run"]


@dataclass
class SendResult:
    key: str
    channel: str
    acked: bool = False
    attempts: int = 0
    http_status: int | None = None
    document_id: str | None = None
    started: float = 0.0
    acked_at: float = 0.0
    error: str | None = None


@dataclass
class Faults:
    """What goes wrong during the day: SIGKILLs at shares of the sends acknowledged, ERP downtime."""

    kill_at: tuple[float, ...] = ()
    erp_down_s: float = 0.0
    # > 0: the ERP comes back before erp_down_s once every kill is done and the gateway started last has
    # been refused this many POSTs (down through every crash and seen down after it, without waiting out
    # the clock); 0: down for erp_down_s.
    erp_back_after_refusals: int = 0

    @classmethod
    def standard(cls, erp_back_after_refusals: int = 0) -> Faults:
        return cls(kill_at=(0.3, 0.65), erp_down_s=60.0, erp_back_after_refusals=erp_back_after_refusals)


@dataclass
class ProcessSampler:
    """CPU seconds and peak resident memory of the gateway's process tree, from /proc."""

    pids: Callable[[], list[int]]
    peak_rss: int = 0
    cpu: dict[int, float] = field(default_factory=dict)  # last seen CPU seconds per pid
    stop: threading.Event = field(default_factory=threading.Event)

    def start(self) -> ProcessSampler:
        threading.Thread(target=self._loop, daemon=True).start()
        return self

    def _loop(self) -> None:
        while not self.stop.wait(0.25):
            self.sample()

    def sample(self) -> None:
        rss = 0
        for pid in self.pids():
            for p in [pid, *_descendants(pid)]:
                stat = _proc_stat(p)
                if stat:
                    self.cpu[p] = stat[0]
                    rss += stat[1]
        self.peak_rss = max(self.peak_rss, rss)

    @property
    def cpu_seconds(self) -> float:
        return sum(self.cpu.values())


def _descendants(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        try:
            kids = Path(f"/proc/{p}/task/{p}/children").read_text().split()
        except OSError:
            continue
        out += [int(k) for k in kids]
        todo += [int(k) for k in kids]
    return out


def _proc_stat(pid: int) -> tuple[float, int] | None:
    """(user + system CPU seconds, RSS bytes) of one process."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks, int(fields[21]) * os.sysconf("SC_PAGE_SIZE")


# --- the runner --------------------------------------------------------------------------------


class DayRunner:
    def __init__(self, plan: DayPlan, root: Path, *, dsn: str | None = None, faults: Faults = Faults(),
                 settle_timeout: float = 300.0, spread_s: float = 0.0) -> None:
        self.plan = plan
        self.spread_s = spread_s  # the day compressed into this many seconds (0: as fast as possible)
        self.offsets = {s.key: spread_s * n / max(len(plan.sends), 1) for n, s in enumerate(plan.sends)}
        self.root = root
        self.dsn = dsn
        self.faults = faults
        self.settle_timeout = settle_timeout
        self.results = {s.key: SendResult(s.key, s.channel) for s in plan.sends}
        self.acked_events = {s.key: threading.Event() for s in plan.sends}
        self.erp = ErpReceiver()
        self.gw: ConsoleGateway | None = None
        self.keys: dict[str, Path] = {}
        self.restarts = 0
        self.restarted_at = 0.0  # monotonic time of the last (re)start by the fault controller
        self.kills: list[float] = []
        self.approved: list[str] = []
        self.corrected: dict[str, dict] = {}
        self.lock = threading.Lock()
        self.started_at = datetime.now(UTC)
        self.t0 = time.monotonic()

    # --- set-up ---

    def prepare(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        md = self.root / "masterdata-src"
        write_day_master(self.plan.master, self.plan.customers, md)
        keys_dir = self.root / "keys"
        keys_dir.mkdir(exist_ok=True)
        public: dict[str, str] = {}
        for c in sftp_accounts(self.plan):
            key = keys_dir / c.account
            subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", c.account, "-f", str(key)],
                           check=True)
            self.keys[c.account] = key
            public[c.account] = key.with_suffix(".pub").read_text().strip()
        self.erp.start()
        config = write_config(self.root / "gw", self._config(public), master_data=md)
        env = {"GATEWAY_WEBHOOK_SECRET": self.erp.secret, "TEST_GATEWAY_API_KEY": API_KEY, CXML_SECRET_ENV: CXML_SECRET}
        if self.dsn:
            env["GATEWAY_DAY_PG_DSN"] = self.dsn
        self.gw = ConsoleGateway(config, env=env)

    def _config(self, public: dict[str, str]) -> dict[str, Any]:
        gw = self.root / "gw"
        accounts = [{"username": name, "partner": next(p["id"] for p in partners_config(self.plan, public)
                                                        if p["sftp_account"] == name),
                     "authorized_keys": [pub]} for name, pub in public.items()]
        extra: dict[str, Any] = {
            "gateway": {"node_id": "day-node"},
            "pipeline": {"workers": 4, "process_pool": 2, "retry_backoff_s": 0.2, "lease_seconds": 10},
            "http": {"max_body_bytes": HTTP_LIMIT},
            "delivery": {"sink": "webhook", "max_attempts": 60, "backoff_initial_s": 0.2, "backoff_max_s": 3.0,
                         "concurrency": 4, "webhook": {"url": self.erp.url, "timeout_s": 10.0}},
            "smtp": {"enabled": True, "port": free_port(), "tls_cert": gw / "tls" / "smtp.crt",
                     "tls_key": gw / "tls" / "smtp.key", "recipients": [ORDERS_TO]},
            "sftp": {"enabled": True, "port": free_port(), "root": gw / "sftp",
                     "host_key": gw / "var" / "secrets" / "sftp_host_key", "accounts": accounts},
            "folders": [{"name": "fax", "path": self.fax_folder, "filename_pattern": FAX_PATTERN,
                         "stable_seconds": 1.0, "poll_seconds": 0.5}],
            "partners": [*partners_config(self.plan, public), *cxml_partners(self.plan.customers)],
        }
        if self.dsn:
            extra["journal"] = {"backend": "postgresql", "dsn_env": "GATEWAY_DAY_PG_DSN"}
        return extra

    @property
    def fax_folder(self) -> Path:
        return self.root / "gw" / "spool" / "fax"

    # --- the day ---

    def run(self) -> dict[str, Any]:
        """Set up, send, settle, check; always stops the gateway and the ERP."""
        self.prepare()
        assert self.gw is not None
        sampler = ProcessSampler(lambda: [self.gw.proc.pid] if self.gw and self.gw.proc else [])
        try:
            self.gw.start(timeout=90)
            sampler.start()
            t0 = time.monotonic()
            self.send_all()
            sent_s = time.monotonic() - t0
            self.settle()
            self.approve_reviewed()
            self.settle()
            done_s = time.monotonic() - t0
            sampler.sample()
            report = self.check()
            report.update(sending_seconds=round(sent_s, 2), total_seconds=round(done_s, 2),
                          cpu_seconds=round(sampler.cpu_seconds, 2), peak_rss_mb=round(sampler.peak_rss / 2**20, 1))
            return report
        finally:
            sampler.stop.set()
            self.gw.stop()
            self.erp.stop()

    def send_all(self) -> None:
        if self.faults.erp_down_s:
            self.erp.down_until = time.monotonic() + self.faults.erp_down_s
        pools = {ch: ThreadPoolExecutor(n, thread_name_prefix=f"send-{ch}") for ch, n in THREADS.items()}
        self.t0 = time.monotonic()
        controller = threading.Thread(target=self._fault_controller, daemon=True)
        controller.start()
        futures = [pools[s.channel].submit(self._send_one, s) for s in self.plan.sends]
        for f in futures:
            f.result()
        for pool in pools.values():
            pool.shutdown()
        controller.join(timeout=120)

    def _fault_controller(self) -> None:
        """SIGKILL and restart the gateway when the given shares of the sends are acknowledged."""
        total = len(self.plan.sends)
        for share in self.faults.kill_at:
            while sum(r.acked or r.http_status is not None for r in self.results.values()) < share * total:
                if all(e.is_set() for e in self.acked_events.values()):
                    return
                time.sleep(0.05)
            assert self.gw is not None
            self.gw.kill()
            self.kills.append(time.time())
            time.sleep(0.5)
            self.gw.start(timeout=120)
            self.restarts += 1
            self.restarted_at = time.monotonic()
        self._erp_back_when_seen_down()

    def _erp_back_when_seen_down(self) -> None:
        """With ``erp_back_after_refusals``: bring the ERP back once the gateway started last was refused
        that many times (the ERP's own ``erp_down_s`` clock still ends it at the latest)."""
        wanted = self.faults.erp_back_after_refusals
        if not wanted or not self.faults.erp_down_s:
            return
        while time.monotonic() < self.erp.down_until:
            refused = sum(p["status"] == 503 and p["at"] >= self.restarted_at for p in list(self.erp.posts))
            if refused >= wanted:
                self.erp.down_until = 0.0
                return
            time.sleep(0.05)

    def _send_one(self, send: Send) -> None:
        result = self.results[send.key]
        if send.after:
            self.acked_events[send.after].wait(SEND_DEADLINE_S)
        if (wait := self.t0 + self.offsets[send.key] - time.monotonic()) > 0:
            time.sleep(wait)
        result.started = time.time()
        deadline = time.monotonic() + SEND_DEADLINE_S
        sender = {"http": self._http, "smtp": self._smtp, "sftp": self._sftp, "fax": self._fax}[send.channel]
        try:
            while time.monotonic() < deadline:
                result.attempts += 1
                try:
                    if sender(send, result):
                        break
                except (OSError, smtplib.SMTPException, http.client.HTTPException) as exc:
                    result.error = f"{type(exc).__name__}: {exc}"[:300]
                time.sleep(min(0.25 * result.attempts, 2.0))
        finally:
            result.acked_at = time.time()
            self.acked_events[send.key].set()

    # --- clients (True: acknowledged or definitively refused) ---

    def _http(self, send: Send, result: SendResult) -> bool:
        assert self.gw is not None
        conn = http.client.HTTPConnection("127.0.0.1", self.gw.config["http"]["port"], timeout=30)
        headers = {"X-API-Key": API_KEY, "Content-Type": send.content_type, "X-Filename": send.filename}
        if send.sender:
            headers["X-Partner"] = send.sender
        try:
            try:
                conn.request("POST", "/v1/documents", body=send.payload, headers=headers)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the server may answer (413) before the body is all sent
            resp = conn.getresponse()
            body = resp.read()
        finally:
            conn.close()
        result.http_status = resp.status
        if resp.status == 202:
            result.document_id = json.loads(body)["document_id"]
            result.acked = True
            return True
        return resp.status in (400, 401, 413, 415)  # refused for good: resending would not help

    def _smtp(self, send: Send, result: SendResult) -> bool:
        assert self.gw is not None
        with smtplib.SMTP("127.0.0.1", self.gw.config["smtp"]["port"], timeout=30) as client:
            client.ehlo("client.day.example")
            code, text = client.mail(send.sender)
            if code != 250:
                return False
            code, text = client.rcpt(ORDERS_TO)
            if code != 250:
                return False
            code, text = client.data(send.payload)
        result.http_status = code
        if code == 250:
            reply = text.decode(errors="replace")
            result.document_id = reply.rsplit("queued as ", 1)[-1].split()[0] if "queued as" in reply else None
            result.acked = True
            return True
        return 500 <= code < 600

    def _sftp(self, send: Send, result: SendResult) -> bool:
        assert self.gw is not None
        local = self.root / "outgoing" / send.key
        local.mkdir(parents=True, exist_ok=True)
        (local / send.filename).write_bytes(send.payload)
        args = ["sftp", "-F", "/dev/null", "-P", str(self.gw.config["sftp"]["port"]),
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
                "-o", "ConnectTimeout=20", "-i", str(self.keys[send.sender]), "-o", "IdentitiesOnly=yes",
                "-o", "PreferredAuthentications=publickey", "-b", "-", f"{send.sender}@127.0.0.1"]
        env = {k: v for k, v in os.environ.items() if k != "SSH_AUTH_SOCK"}
        proc = subprocess.run(args, input=f"put {send.filename} in/{send.filename}\n".encode(), cwd=local,
                              capture_output=True, env=env, timeout=90)
        if proc.returncode == 0:
            result.acked = True
            return True
        result.error = proc.stdout.decode(errors="replace")[-300:] + proc.stderr.decode(errors="replace")[-300:]
        return False

    def _fax(self, send: Send, result: SendResult) -> bool:
        """Copy into the fax folder under a hidden name, then rename: the fax server's way."""
        self.fax_folder.mkdir(parents=True, exist_ok=True)
        part = self.fax_folder / f".{send.filename}.part"
        part.write_bytes(send.payload)
        os.replace(part, self.fax_folder / send.filename)
        result.acked = True
        return True

    # --- settling ---

    def api(self, method: str, path: str, body: dict | None = None) -> tuple[int, Any]:
        assert self.gw is not None
        conn = http.client.HTTPConnection("127.0.0.1", self.gw.config["http"]["port"], timeout=60)
        try:
            conn.request(method, path, body=json.dumps(body) if body is not None else None,
                         headers={"X-API-Key": API_KEY, "Content-Type": "application/json"})
            resp = conn.getresponse()
            data = resp.read()
        finally:
            conn.close()
        return resp.status, json.loads(data) if data else None

    def idle(self) -> bool:
        status, health = self.api("GET", "/healthz")
        if status != 200:
            return False
        docs, deliveries = health["documents"], health["deliveries"]
        waiting_fax = [p for p in self.fax_folder.iterdir() if not p.name.startswith(".")] \
            if self.fax_folder.is_dir() else []
        return (not any(docs.get(s) for s in OPEN_DOCS) and not deliveries.get("pending")
                and not deliveries.get("delivering") and not waiting_fax)

    def settle(self) -> None:
        """Wait until nothing is open twice in a row (a restart may still be taking leases back)."""
        deadline = time.monotonic() + self.settle_timeout
        calm = 0
        while time.monotonic() < deadline:
            calm = calm + 1 if self.idle() else 0
            if calm >= 3:
                return
            time.sleep(0.5)
        raise TimeoutError(f"the gateway did not settle in {self.settle_timeout} s: {self.api('GET', '/healthz')}")

    def approve_reviewed(self) -> None:
        """A person checks what an image or PDF left for review against the paper, corrects what was
        misread (PO, quantities) and approves it; corrections are recorded and counted in the KPIs."""
        papers = {(s.channel, s.filename): s for s in self.plan.sends
                  if s.format in ("pdf", "fax") and s.expect.outcome == "order"}
        status, body = self.api("GET", "/v1/review?status=review")
        assert status == 200, body
        for item in body["waiting"]:
            order, doc = item["order"], item["document"] or {}
            send = papers.get((doc.get("channel"), doc.get("filename")))
            if send is None or order["customer"]["id"] != send.expect.customer_id or \
                    sorted(ln["sku"] or "" for ln in order["lines"]) != sorted(sku for sku, _ in send.expect.lines):
                continue  # an item code misread: left for a person with the catalogue (reported)
            fixes = corrections(order, send)
            if fixes:
                status, answer = self.api("PATCH", f"/v1/orders/{order['order_id']}", fixes)
                assert status == 200, answer
                self.corrected[send.key] = fixes
            status, answer = self.api("POST", f"/v1/orders/{order['order_id']}/{self.decision(order)}", {})
            assert status == 200, answer
            self.approved.append(send.key)

    def decision(self, order: dict) -> str:
        """Approve; or, for a possible duplicate the paper shows to be its own order, release it."""
        status, state = self.api("GET", f"/v1/orders/{order['order_id']}/actions")
        assert status == 200, state
        return "approve" if "approve" in state["allowed"] else "release"

    # --- checking ---

    def all_orders(self) -> list[dict]:
        out: list[dict] = []
        while True:
            status, body = self.api("GET", f"/v1/orders?limit=1000&offset={len(out)}")
            assert status == 200, body
            out += body["orders"]
            if len(body["orders"]) < 1000:
                return out

    def all_documents(self) -> list[dict]:
        out: list[dict] = []
        for channel in ("http", "smtp", "sftp", "fax"):
            for status in ("processed", "split", "review", "duplicate", "not_order", "rejected", "failed",
                           "quarantined", *OPEN_DOCS):
                code, body = self.api("GET", f"/v1/documents?channel={channel}&status={status}&limit=1000")
                assert code == 200, body
                out += body["documents"]
        return out

    def check(self) -> dict[str, Any]:
        checker = DayChecker(self, self.all_orders(), self.all_documents())
        return checker.run()


def corrections(order: dict, send: Send) -> dict[str, Any]:
    """What a reviewer changes so the order says what the paper says: the PO, and quantities by SKU."""
    fixes: dict[str, Any] = {}
    if order["po_number"] != send.expect.po:
        fixes["po_number"] = send.expect.po
    wanted = dict(send.expect.lines)
    lines = [{"line_no": ln["line_no"], "quantity": str(wanted[ln["sku"]])} for ln in order["lines"]
             if ln["sku"] in wanted and Decimal(ln["quantity"]) != wanted[ln["sku"]]]
    if lines:
        fixes["lines"] = lines
    return fixes


def lines_of(order: dict) -> tuple[tuple[str, Decimal], ...]:
    return tuple(sorted((ln["sku"], Decimal(ln["quantity"]).normalize()) for ln in order["lines"]
                        if ln.get("action") != "delete"))


def normalized(lines: tuple[tuple[str, Decimal], ...]) -> tuple[tuple[str, Decimal], ...]:
    return tuple(sorted((sku, Decimal(q).normalize()) for sku, q in lines))


class DayChecker:
    """Compares what the ERP received and what the API tells with the plan; collects failures."""

    def __init__(self, runner: DayRunner, orders: list[dict], documents: list[dict]) -> None:
        self.r = runner
        self.plan = runner.plan
        self.orders = orders
        self.documents = documents
        self.docs_by_id = {d["document_id"]: d for d in documents}
        self.failures: list[str] = []
        accepted = runner.erp.accepted()
        self.erp_by_key: dict[str, list[dict]] = defaultdict(list)
        for post in accepted:
            self.erp_by_key[post["key"]].append(post)
        self.delivered = {k: posts[0]["order"] for k, posts in self.erp_by_key.items()}

    def fail(self, text: str) -> None:
        self.failures.append(text)

    def run(self) -> dict[str, Any]:
        self.check_erp_posts()
        originals = self.check_orders()
        self.check_duplicates()
        self.check_changes(originals)
        self.check_hostile()
        self.check_health()
        kpis = self.check_kpis()
        return self.report(kpis)

    # --- the ERP side ---

    def delivered_new(self, customer: str | None, po: str | None) -> list[str]:
        return [k for k, o in self.delivered.items()
                if o["customer"]["id"] == customer and o["po_number"] == po and o["kind"] == "new"]

    def check_erp_posts(self) -> None:
        for key, posts in self.erp_by_key.items():
            bodies = {json.dumps({k: v for k, v in p["order"].items() if k not in ("sla", "status")},
                                 sort_keys=True) for p in posts}
            if len(bodies) > 1:
                self.fail(f"ERP got different orders under one Idempotency-Key {key}")
            if key != posts[0]["order"]["order_id"]:
                self.fail(f"Idempotency-Key {key} is not the order id {posts[0]['order']['order_id']}")
        expected = {(s.expect.customer_id, s.expect.po) for s in self.plan.sends if s.expect.outcome == "order"}
        for key, order in self.delivered.items():
            ident = (order["customer"]["id"], order["po_number"])
            if order["kind"] == "new" and ident not in expected:
                self.fail(f"ERP got an order nobody sent as a good order: {ident} ({key})")

    def check_orders(self) -> dict[str, str]:
        """Every good order delivered exactly once with its content; returns send key -> delivered key."""
        originals: dict[str, str] = {}
        for s in self.plan.sends:
            if s.expect.outcome != "order":
                continue
            keys = self.delivered_new(s.expect.customer_id, s.expect.po)
            if len(keys) != 1:
                self.fail(f"{s.key} ({s.channel}/{s.format}): delivered {len(keys)} times (keys {keys})")
                continue
            originals[s.key] = keys[0]
            got = lines_of(self.delivered[keys[0]])
            if got != normalized(s.expect.lines):
                self.fail(f"{s.key}: ERP lines {got} != sent {normalized(s.expect.lines)}")
        for s in self.plan.sends:  # a duplicate shares its original's order key
            if s.expect.outcome == "duplicate" and s.expect.of in originals:
                originals[s.key] = originals[s.expect.of]
        return originals

    def check_changes(self, originals: dict[str, str]) -> None:
        for s in self.plan.sends:
            if s.expect.outcome != "change":
                continue
            original = originals.get(s.expect.of or "")
            changes = [k for k, o in self.delivered.items()
                       if o["kind"] == "change" and o["original_order_id"] == original]
            if original is None or len(changes) != 1:
                self.fail(f"{s.key}: {len(changes)} changes delivered for original {original}")
                continue
            order = self.delivered[changes[0]]
            if lines_of(order) != normalized(s.expect.lines):
                self.fail(f"{s.key}: change lines {lines_of(order)} != sent {normalized(s.expect.lines)}")
            if not order.get("changes"):
                self.fail(f"{s.key}: the change lists no differences")
            if self.erp_by_key[changes[0]][0]["at"] < self.erp_by_key[original][0]["at"]:
                self.fail(f"{s.key}: the change reached the ERP before its original")

    # --- documents ---

    def docs_of(self, s: Send) -> list[dict]:
        """The top-level documents a send produced (retries after a crash may have made several)."""
        result = self.r.results[s.key]
        found = [d for d in self.documents if d["parent_id"] is None and d["channel"] == s.channel
                 and s.channel in ("sftp", "fax") and d["filename"] == s.filename]
        if result.document_id and result.document_id in self.docs_by_id:
            found.append(self.docs_by_id[result.document_id])
        return found

    def leaves(self, doc: dict) -> list[dict]:
        kids = [d for d in self.documents if d["parent_id"] == doc["document_id"]]
        return [leaf for kid in kids for leaf in self.leaves(kid)] if kids else [doc]

    def orders_of(self, doc_id: str) -> list[dict]:
        return [o for o in self.orders if o["source"]["document_id"] == doc_id]

    def check_duplicates(self) -> None:
        """In each group (an order and its copies), one document's order went out, every other was caught.

        Which copy goes out depends on which is decided first (an e-mail is split before its body is
        read), so the check is per group, not per send."""
        groups: dict[str, list[Send]] = defaultdict(list)
        for s in self.plan.sends:
            if s.order_key and s.expect.outcome in ("order", "duplicate"):
                groups[s.order_key].append(s)
        for key, sends in groups.items():
            if len(sends) < 2:
                continue
            leaves = [leaf for s in sends for d in self.docs_of(s) for leaf in self.leaves(d)]
            leaves = [leaf for leaf in leaves if leaf["status"] == "duplicate" or self.orders_of(leaf["document_id"])]
            unique = {leaf["document_id"]: leaf for leaf in leaves}
            kept = [leaf for leaf in unique.values() if leaf["status"] != "duplicate" and any(
                o["status"] != "duplicate" for o in self.orders_of(leaf["document_id"]))]
            if len(kept) != 1:
                self.fail(f"group {key}: {len(kept)} documents kept as originals, expected 1: "
                          f"{[(leaf['filename'], leaf['status']) for leaf in kept]}")
            caught = [leaf for leaf in unique.values() if leaf not in kept]
            if len(caught) < len(sends) - 1:
                self.fail(f"group {key}: {len(caught)} copies caught for {len(sends) - 1} sent")
            for leaf in caught:
                if not self._dup_reason(leaf):
                    self.fail(f"group {key}: {leaf['document_id']} ({leaf['filename']}) caught without a reason")

    def _dup_reason(self, doc: dict) -> bool:
        """The dedup stage said why: same bytes or interchange (document), or same order (issue)."""
        code, body = self.r.api("GET", f"/v1/documents/{doc['document_id']}")
        if code != 200:
            return False
        if any(e["stage"] == "dedup" and e["outcome"] == "duplicate" and e["reason"] for e in body["history"]):
            return True
        return bool(body["orders"]) and all(
            o["original_order_id"] and any(i["code"] == "DUPLICATE-ORDER" for i in o["issues"])
            for o in body["orders"])

    def check_hostile(self) -> None:
        for s in self.plan.sends:
            if s.expect.outcome not in ("hostile", "review"):
                continue
            result = self.r.results[s.key]
            if s.expect.http_status is not None:
                if result.http_status != s.expect.http_status:
                    self.fail(f"{s.key}: HTTP {result.http_status}, expected {s.expect.http_status}")
                continue
            if not result.acked and result.http_status in (400, 415):
                continue  # refused at the door with a reason
            docs = self.docs_of(s)
            leaves = [leaf for d in docs for leaf in self.leaves(d)]
            if s.expect.outcome == "review":
                self._check_unknown_sender(s, leaves)
                continue
            refused = [leaf for leaf in leaves if leaf["status"] in REFUSED_DOC and (
                leaf["error_code"] or self._has_reason(leaf["document_id"]))]
            if not refused:
                self.fail(f"{s.key} ({s.expect.reason}): not refused or quarantined with a reason: "
                          f"{[(leaf['filename'], leaf['status'], leaf['error_code']) for leaf in leaves]}")
            for leaf in leaves:
                for order in self.orders_of(leaf["document_id"]):
                    if order["order_id"] in self.delivered:
                        self.fail(f"{s.key}: an order of a hostile input reached the ERP")

    def hostile_outcomes(self) -> dict[str, Any]:
        """How each hostile input ended: the HTTP answer, or its documents' status and reason code."""
        out: dict[str, Any] = {}
        for s in self.plan.sends:
            if s.expect.outcome in ("hostile", "review"):
                leaves = [leaf for d in self.docs_of(s) for leaf in self.leaves(d)]
                out[s.key] = {"http": self.r.results[s.key].http_status,
                              "documents": sorted({(leaf["status"], leaf["error_code"]) for leaf in leaves},
                                                  key=str)}
        return out

    def _has_reason(self, doc_id: str) -> bool:
        code, body = self.r.api("GET", f"/v1/documents/{doc_id}")
        return code == 200 and any(e["reason"] for e in body["history"] if e["stage"] in ("extract", "intake"))

    def _check_unknown_sender(self, s: Send, leaves: list[dict]) -> None:
        orders = [o for leaf in leaves for o in self.orders_of(leaf["document_id"])]
        held = [o for o in orders if o["status"] == "review"
                and any(i["code"] == "CUSTOMER-UNKNOWN" for i in o["issues"])]
        if not held:
            self.fail(f"{s.key}: not held for review as CUSTOMER-UNKNOWN: {[o['status'] for o in orders]}")
        if any(o["order_id"] in self.delivered for o in orders):
            self.fail(f"{s.key}: an order from an unknown sender reached the ERP")

    # --- health and KPIs ---

    def check_health(self) -> None:
        status, health = self.r.api("GET", "/healthz")
        if status != 200 or health.get("status") != "ok":
            self.fail(f"/healthz: {status} {health}")
        for name, state in (health or {}).get("tasks", {}).items():
            if state not in ("running", "ok", "idle"):
                self.fail(f"/healthz task {name}: {state}")

    def check_kpis(self) -> dict:
        since = urllib.parse.quote(self.r.started_at.isoformat())
        status, k = self.r.api("GET", f"/v1/kpis?period=month&tz=UTC&since={since}")
        if status != 200:
            self.fail(f"/v1/kpis: {status} {k}")
            return {}
        orders = self.orders
        tops = [d for d in self.documents if d["parent_id"] is None]
        delivered = [o for o in orders if o["status"] == "delivered"]
        expect = {
            "received.orders": (k["received"]["orders"], len(orders)),
            "received.orders_by_channel": (k["received"]["orders_by_channel"],
                                           dict(sorted(Counter(o["source"]["channel"] for o in orders).items()))),
            "received.documents_by_channel": (k["received"]["documents_by_channel"],
                                              dict(sorted(Counter(d["channel"] for d in tops).items()))),
            "duplicates.orders": (k["duplicates"]["orders"], sum(o["status"] == "duplicate" for o in orders)),
            "duplicates.documents": (k["duplicates"]["documents"],
                                     sum(d["status"] == "duplicate" for d in self.documents)),
            "touchless.delivered": (k["touchless"]["delivered"], len(self.delivered)),
            "touchless.touchless": (k["touchless"]["touchless"], len(self.delivered) - len(self.r.approved)),
            "receipt_to_erp.count": (k["receipt_to_erp_seconds"]["count"], len(delivered)),
            "entry_errors.corrections": (k["entry_errors"]["corrections"],
                                         sum(("po_number" in f) + len(f.get("lines", [])) for f in self.r.corrected.values())),
            "waiting.pipeline": (sum(k["waiting"]["pipeline"].values()), 0),
            "waiting.delivery": (sum(k["waiting"]["delivery"].values()), 0),
        }
        for name, (got, want) in expect.items():
            if got != want:
                self.fail(f"KPI {name}: {got} != {want}")
        return k

    # --- the report ---

    def latencies(self) -> dict[str, list[float]]:
        """Receipt (the gateway's received_at) to the first 2xx at the ERP, per channel, delivered orders."""
        out: dict[str, list[float]] = defaultdict(list)
        for key, posts in self.erp_by_key.items():
            order = posts[0]["order"]
            received = datetime.fromisoformat(order["source"]["received_at"]).timestamp()
            out[order["source"]["channel"]].append(posts[0]["wall"] - received)
        return out

    def report(self, kpis: dict) -> dict[str, Any]:
        lat = self.latencies()
        channels: dict[str, dict[str, Any]] = {}
        for ch in ("smtp", "sftp", "fax", "http"):
            results = [r for r in self.r.results.values() if r.channel == ch]
            if not results:
                continue
            first = min(r.started for r in results)
            last = max(r.acked_at for r in results)
            values = lat.get(ch, [])
            channels[ch] = {
                "sends": len(results), "acked": sum(r.acked for r in results),
                "retries": sum(r.attempts - 1 for r in results),
                "sends_per_s": round(len(results) / max(last - first, 1e-3), 2),
                "delivered_orders": len(values),
                "p50_s": _round(percentile(values, 50)), "p95_s": _round(percentile(values, 95)),
                "max_s": _round(max(values) if values else None),
            }
        every = [v for values in lat.values() for v in values]
        return {
            "sends": len(self.plan.sends), "channels": channels,
            "expected": {o: self.plan.count(o) for o in ("order", "duplicate", "change", "hostile", "review")},
            "delivered_orders": len(self.delivered),
            "erp_posts_accepted": sum(len(p) for p in self.erp_by_key.values()),
            "erp_posts_total": len(self.r.erp.posts),
            "erp_resends_same_key": sum(len(p) - 1 for p in self.erp_by_key.values()),
            "approved_in_review": list(self.r.approved),
            "corrected_in_review": dict(self.r.corrected),
            "retries": sum(r.attempts - 1 for r in self.r.results.values()),
            "hostile": self.hostile_outcomes(),
            "restarts": self.r.restarts,
            "receipt_to_erp": {"p50_s": _round(percentile(every, 50)), "p95_s": _round(percentile(every, 95)),
                               "max_s": _round(max(every) if every else None)},
            "kpis": {"received": kpis.get("received", {}).get("orders"),
                     "duplicates": kpis.get("duplicates"), "receipt_to_erp_seconds": kpis.get("receipt_to_erp_seconds")},
            "failures": self.failures,
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def run_day(plan: DayPlan, root: Path, *, dsn: str | None = None, faults: Faults = Faults(),
            spread_s: float = 0.0) -> dict[str, Any]:
    """Run one day and return the report (``report["failures"]`` lists what went wrong)."""
    if shutil.which("sftp") is None and any(s.channel == "sftp" for s in plan.sends):
        raise RuntimeError("the OpenSSH sftp client is not installed")
    return DayRunner(plan, root, dsn=dsn, faults=faults, spread_s=spread_s).run()
