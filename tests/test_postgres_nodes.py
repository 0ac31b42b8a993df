"""Three real gateway processes sharing one PostgreSQL journal and one archive folder.

Each node is ``gateway run`` in its own subprocess with its own HTTP port and data folder; they share
the database (DSN through an environment variable), the archive folder and the ERP, a real local
webhook receiver that records every POST. Each test makes its own database and drops it.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from testkit.harness import API_KEY, REPO, ErpReceiver, GatewayProcess, write_config
from testkit.pg_database import server_answers, temporary_database
from testkit.samples import edifact_order, ubl_order

pytestmark = [pytest.mark.skipif(bool(why := server_answers()), reason=why or ""), pytest.mark.slow]

DSN_ENV = "GATEWAY_TEST_SHARED_PG_DSN"
NODES = 3


def post(url: str, body: bytes) -> str | None:
    """The document id on 202, None for anything else (the sender would try another node)."""
    kind = "application/edifact" if body.startswith(b"UN") else "application/xml"
    req = urllib.request.Request(f"{url}/v1/documents", data=body, method="POST",
                                 headers={"X-API-Key": API_KEY, "Content-Type": kind})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return json.loads(resp.read())["document_id"] if resp.status == 202 else None
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


class Cluster:
    """Three gateway processes on one database, one archive folder and one ERP."""

    def __init__(self, root: Path, dsn: str, erp: ErpReceiver) -> None:
        self.root = root
        self.env = {DSN_ENV: dsn, "GATEWAY_WEBHOOK_SECRET": erp.secret}
        shared = {"journal": {"backend": "postgresql", "dsn_env": DSN_ENV},
                  "archive": {"path": root / "shared-archive"},
                  "pipeline": {"lease_seconds": 5, "retry_backoff_s": 0.2},
                  "delivery": {"sink": "webhook", "concurrency": 4,
                               "webhook": {"url": erp.url, "timeout_s": 5.0}}}
        self.nodes = [GatewayProcess(write_config(root / f"node{n}", shared), env=self.env)
                      for n in range(NODES)]

    def start(self) -> Cluster:
        with ThreadPoolExecutor(NODES) as pool:  # all at once: they race to migrate
            list(pool.map(lambda node: node.start(timeout=90), self.nodes))
        return self

    def stop(self) -> None:
        for node in self.nodes:
            node.stop()

    def logs(self) -> list[str]:
        return [node.log_path.read_text() for node in self.nodes]

    def send(self, numbers: range, prefix: str, accepted: dict[int, str], *, start: int = 0) -> None:
        """Post round-robin; a node that refuses or is gone is skipped for the next one."""
        for n in numbers:
            # distinct lines: POs one character apart with the same lines are OCR duplicates
            body = ubl_order(f"{prefix}-{n:04d}", [("4000862141404", n + 1)])
            for attempt in range(NODES):
                node = self.nodes[(n + attempt + start) % NODES]
                if node.proc is None or node.proc.poll() is not None:
                    continue
                if doc_id := post(node.http_url, body):
                    accepted[n] = doc_id
                    break

    def status(self) -> dict:
        out = subprocess.run([sys.executable, "-m", "gateway.cli", "--config",
                              str(self.nodes[0].config_path), "status"], cwd=REPO,
                             env={**self.nodes[0].env}, capture_output=True, timeout=60, check=True)
        return json.loads(out.stdout)


@pytest.fixture
def erp() -> Iterator[ErpReceiver]:
    receiver = ErpReceiver().start()
    yield receiver
    receiver.stop()


@pytest.fixture
def cluster(tmp_path: Path, erp: ErpReceiver) -> Iterator[Cluster]:
    with temporary_database() as dsn:
        nodes = Cluster(tmp_path, dsn, erp).start()
        try:
            yield nodes
        finally:
            nodes.stop()


def wait_for_orders(erp: ErpReceiver, count: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and len(erp.accepted_keys()) < count:
        time.sleep(0.25)


def delivered_once(erp: ErpReceiver, accepted: dict[int, str], prefix: str) -> None:
    """Every acknowledged PO reached the ERP, once (a re-send under the same key counts once).

    Checked by PO, not by document: a node killed after storing a document but before its 202 went
    out leaves a copy that is processed; the sender's retry is then a duplicate of that copy."""
    pos = sorted(order["po_number"] for order in erp.accepted_keys().values())
    assert pos == sorted(f"{prefix}-{n:04d}" for n in accepted), "a PO missing or delivered twice"


def test_three_nodes_start_together_and_migrate_once(cluster: Cluster):
    migrated = [log.count('"journal_migrated"') for log in cluster.logs()]
    assert sorted(migrated) == [0, 0, 1], migrated
    status = cluster.status()
    assert sum(1 for n in status["nodes"] if n["alive"]) == NODES


def test_documents_posted_to_every_node_are_each_delivered_once(cluster: Cluster, erp: ErpReceiver):
    accepted: dict[int, str] = {}
    cluster.send(range(90), "PO-RR", accepted)
    assert len(accepted) == 90
    wait_for_orders(erp, 90, timeout=60)
    delivered_once(erp, accepted, "PO-RR")
    delivered_docs = {order["source"]["document_id"] for order in erp.accepted_keys().values()}
    assert delivered_docs == set(accepted.values())
    assert len(erp.accepted()) == 90, "no order POSTed twice when no node died"
    committed = [log.count('"document_processed"') for log in cluster.logs()]
    assert sum(committed) == 90 and sum(1 for n in committed if n) >= 2, committed
    counts = cluster.status()["counts"]
    assert counts["documents"] == {"processed": 90} and counts["deliveries"] == {"delivered": 90}


def test_work_of_a_killed_node_is_finished_by_the_others(cluster: Cluster, erp: ErpReceiver):
    erp.slow = 0.2  # deliveries stay in flight long enough to be caught by the kill
    accepted: dict[int, str] = {}
    sender = threading.Thread(target=cluster.send, args=(range(120), "PO-KILL", accepted))
    sender.start()
    deadline = time.monotonic() + 60
    while len(accepted) < 60 and time.monotonic() < deadline:
        time.sleep(0.05)
    cluster.nodes[0].kill()  # SIGKILL: its claimed documents and deliveries are left mid-way
    sender.join(timeout=120)
    assert len(accepted) == 120
    wait_for_orders(erp, 120, timeout=90)
    delivered_once(erp, accepted, "PO-KILL")
    survivors = "".join(cluster.logs()[1:])
    assert '"dead_node_work_released"' in survivors, "the killed node held no work: test proves nothing"
    resent = len(erp.accepted()) - len(erp.accepted_keys())
    assert resent <= 8, f"{resent} orders POSTed again (same idempotency key) after the kill"


def test_copies_of_one_customers_orders_posted_to_two_nodes_at_once_go_out_once(cluster: Cluster, erp: ErpReceiver):
    """Each order is sent to two nodes at the same moment as two interchanges (other bytes, same PO and
    lines): the nodes decide the same customer under its lock, so one copy goes out, the other is a
    duplicate, for every order."""
    count = 40
    pairs = [(edifact_order(f"PO-TWIN-{n:04d}", [("4000862141404", n + 1)], control_ref=f"{n}01"),
              edifact_order(f"PO-TWIN-{n:04d}", [("4000862141404", n + 1)], control_ref=f"{n}02"))
             for n in range(count)]
    a, b = cluster.nodes[0], cluster.nodes[1]
    with ThreadPoolExecutor(8) as pool:
        ids = list(pool.map(lambda job: post(*job), [
            (node.http_url, body) for first, second in pairs for node, body in ((a, first), (b, second))]))
    assert all(ids)
    wait_for_orders(erp, count, timeout=90)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and cluster.status()["counts"]["documents"].get("processed", 0) < 2 * count:
        time.sleep(0.5)
    pos = sorted(order["po_number"] for order in erp.accepted_keys().values())
    assert pos == sorted(f"PO-TWIN-{n:04d}" for n in range(count)), "an order missing or delivered twice"
    counts = cluster.status()["counts"]
    assert counts["orders"] == {"delivered": count, "duplicate": count}, counts
    assert counts["deliveries"] == {"delivered": count}, counts
