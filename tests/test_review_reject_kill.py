"""A rejection and the copies and held changes it moves are one transaction: a gateway killed (SIGKILL) while a
clerk rejects an order leaves either nothing rejected or the order rejected with its copy gone to a person, never the
order rejected and its copies still plain duplicates of it (a copy of an order that never goes out, dropped
silently). Real peers: ``gateway run`` as a subprocess, the review API over HTTP, the journal read from disk."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import urllib.request
from pathlib import Path

from testkit.harness import API_KEY, GatewayProcess, write_config
from testkit.samples import ubl_order
from tests.test_review import UNKNOWN_GTIN

HEADERS = {"X-API-Key": API_KEY}
DELAYS = (0.0, 0.02, 0.05, 0.1)  # after the reject request leaves, before the kill


def _send(url: str, data: bytes, name: str) -> str:
    req = urllib.request.Request(f"{url}/v1/documents", data=data, headers={**HEADERS, "X-Filename": name})
    with urllib.request.urlopen(req, timeout=30) as resp:
        return json.loads(resp.read())["document_id"]


def _reject(url: str, order_id: str) -> None:
    req = urllib.request.Request(f"{url}/v1/orders/{order_id}/reject", data=b'{"reason": "no"}', method="POST",
                                 headers={**HEADERS, "Content-Type": "application/json"})
    try:
        urllib.request.urlopen(req, timeout=30).read()
    except OSError:
        pass  # killed under it


def _rows(journal: Path, po: str) -> list[sqlite3.Row]:
    with sqlite3.connect(f"file:{journal}?mode=ro", uri=True) as db:
        db.row_factory = sqlite3.Row
        return db.execute("SELECT order_id, status, original_order_id FROM orders WHERE po_number = ? "
                          "ORDER BY received_at", (po,)).fetchall()


def _settled(journal: Path, po: str, count: int) -> list[sqlite3.Row]:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        rows = _rows(journal, po)
        if len(rows) == count:
            return rows
        time.sleep(0.2)
    raise TimeoutError(po)


def _never_half_moved(rows: list[sqlite3.Row]) -> str:
    original, *copies = rows
    if original["status"] == "review":
        assert all(c["status"] == "duplicate" and c["original_order_id"] == original["order_id"] for c in copies)
        return "before"
    assert original["status"] == "rejected", dict(original)
    assert [c["status"] for c in copies] == ["review", "duplicate"], [dict(c) for c in copies]
    assert not any(c["status"] == "duplicate" and c["original_order_id"] == original["order_id"] for c in copies)
    return "after"


def test_a_kill_during_a_rejection_never_leaves_its_copies_half_moved(tmp_path: Path):
    config = write_config(tmp_path / "gw")
    journal = tmp_path / "gw" / "var" / "journal.sqlite3"
    gw = GatewayProcess(config, env={"TEST_GATEWAY_API_KEY": API_KEY}).start()
    seen = []
    try:
        for n, delay in enumerate(DELAYS):
            po = f"PO-RK-{n}"
            for k, note in enumerate(("", "copy", "copie")):
                _send(gw.http_url, ubl_order(po, [(UNKNOWN_GTIN, 3)], note=note), f"{po}-{k}.xml")
                _settled(journal, po, k + 1)
            rows = _rows(journal, po)
            assert [r["status"] for r in rows] == ["review", "duplicate", "duplicate"]
            thread = threading.Thread(target=_reject, args=(gw.http_url, rows[0]["order_id"]))
            thread.start()
            time.sleep(delay)
            gw.kill()
            thread.join(timeout=30)
            seen.append(_never_half_moved(_rows(journal, po)))  # as the kill left it on disk
            gw.start()
            _never_half_moved(_rows(journal, po))  # and after the start-up checks
    finally:
        gw.stop()
    assert seen  # which side of the commit each kill fell on is the machine's business; both are whole
