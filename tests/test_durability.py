"""Nothing acknowledged is ever lost: SIGKILL the real server mid-stream, restart, count deliveries.

The ERP side is a real local HTTP server (the webhook sink), which records every POST, so a second
delivery of an order would be seen.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from testkit.harness import API_KEY, ErpReceiver, GatewayProcess, write_config
from testkit.samples import ubl_order

DOCS = 200


def post(url: str, body: bytes) -> str | None:
    req = urllib.request.Request(f"{url}/v1/documents", data=body, method="POST",
                                 headers={"X-API-Key": API_KEY, "Content-Type": "application/xml"})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return json.loads(resp.read())["document_id"] if resp.status == 202 else None
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None  # not acknowledged: the sender would retry; only 202s count


def document(url: str, doc_id: str) -> dict:
    req = urllib.request.Request(f"{url}/v1/documents/{doc_id}", headers={"X-API-Key": API_KEY})
    with urllib.request.urlopen(req, timeout=10) as resp:
        return json.loads(resp.read())


def order_doc(n: int) -> bytes:
    return ubl_order(f"PO-CRASH-{n:04d}", [("4000862141404", n % 7 + 1)])


def test_sigkill_mid_stream_loses_nothing_and_delivers_once(tmp_path: Path):
    erp = ErpReceiver().start()
    config = write_config(tmp_path / "gw", {"delivery": {"sink": "webhook", "webhook": {"url": erp.url}}})
    gw = GatewayProcess(config, env={"GATEWAY_WEBHOOK_SECRET": erp.secret}).start()
    accepted: dict[int, str] = {}
    half = threading.Event()

    def send(numbers) -> None:
        for n in numbers:
            doc_id = post(gw.http_url, order_doc(n))
            if doc_id:
                accepted[n] = doc_id
            if len(accepted) == DOCS // 2:
                half.set()

    thread = threading.Thread(target=send, args=(range(DOCS),))
    thread.start()
    assert half.wait(timeout=120)
    gw.kill()  # SIGKILL while documents arrive, are processed and delivered
    thread.join(timeout=300)
    gw.start()
    send([n for n in range(DOCS) if n not in accepted])  # the sender retries what got no 202
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and len(erp.accepted_keys()) < DOCS:
        time.sleep(0.5)
    by_doc: dict[str, list[dict]] = {}
    for key, order in erp.accepted_keys().items():
        by_doc.setdefault(order["source"]["document_id"], []).append(order)
    # A document whose 202 the crash swallowed is durable all the same: resent after the restart, the
    # copy is the same bytes, so it is kept as a duplicate of the first and the ERP gets the order once.
    copies = {n: document(gw.http_url, doc)["metadata"].get("duplicate_of")
              for n, doc in accepted.items() if doc not in by_doc}
    gw.stop()
    erp.stop()

    assert len(accepted) == DOCS
    missing = [n for n, doc in accepted.items() if doc not in by_doc and copies.get(n) not in by_doc]
    assert not missing, f"{len(missing)} acknowledged documents never reached the ERP"
    assert all(len(orders) == 1 for orders in by_doc.values())
    pos = [order["po_number"] for order in erp.accepted_keys().values()]
    assert sorted(pos) == sorted(f"PO-CRASH-{n:04d}" for n in range(DOCS)), "a PO missing or twice"
    resent = len(erp.accepted()) - len(erp.accepted_keys())
    assert resent <= 4, f"{resent} orders were POSTed again after the crash (same idempotency key)"
