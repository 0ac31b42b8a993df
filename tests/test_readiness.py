"""Readiness: ``gateway run`` as a subprocess; the moment ``/healthz`` first answers ok, every
configured listener takes connections: an OpenSSH ``sftp`` upload sent at once is taken, and
``/readyz`` lists every listener as ready."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from gateway.metrics import Metrics
from gateway.readiness import Readiness
from testkit.harness import CORPUS, GatewayProcess, free_port, write_config

PURCHASE_ORDER = CORPUS / "edifact" / "PurchaseOrder.txt"


def get(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


@pytest.mark.skipif(shutil.which("sftp") is None, reason="OpenSSH sftp client not installed")
def test_an_upload_sent_as_soon_as_healthz_says_ok_is_taken(tmp_path: Path):
    root = tmp_path / "gw"
    key = tmp_path / "partner"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
    sftp_port = free_port()
    config = write_config(root, {
        "sftp": {"enabled": True, "host": "127.0.0.1", "port": sftp_port, "root": root / "sftp",
                 "host_key": root / "var" / "secrets" / "sftp_host_key",
                 "accounts": [{"username": "dupont", "partner": "C1002",
                               "authorized_keys": [key.with_suffix(".pub").read_text().strip()]}]},
        "smtp": {"enabled": True, "port": free_port(), "tls_cert": root / "tls" / "smtp.crt",
                 "tls_key": root / "tls" / "smtp.key"},
        "folders": [{"name": "fax", "path": root / "fax", "channel": "fax"}],
    })
    gateway = GatewayProcess(config, env={"TEST_GATEWAY_API_KEY": "test-api-key-0123456789"})
    try:
        gateway.start()  # returns at the first 200 from /healthz
        upload = subprocess.run(
            ["sftp", "-F", "/dev/null", "-P", str(sftp_port), "-o", "StrictHostKeyChecking=no",
             "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-i", str(key),
             "-o", "IdentitiesOnly=yes", "-b", "-", "dupont@127.0.0.1"],
            input=f"put {PURCHASE_ORDER} in/po.edi\n", capture_output=True, text=True, timeout=60, cwd=tmp_path,
            env={k: v for k, v in os.environ.items() if k != "SSH_AUTH_SOCK"})
        assert upload.returncode == 0, upload.stdout + upload.stderr
        status, body = get(f"{gateway.http_url}/readyz")
        assert status == 200 and body["waiting_for"] == []
        assert body["listeners"] == {"http": True, "smtp": True, "sftp": True, "folder:fax": True}
        status, body = get(f"{gateway.http_url}/healthz")
        assert status == 200 and body["status"] == "ok"
    finally:
        gateway.stop()
    log = gateway.log_path.read_text()
    assert "sftp_upload_taken" in log


async def test_a_listener_is_ready_only_once_its_port_accepts_connections():
    readiness = Readiness(Metrics())
    for name in ("http", "sftp"):
        readiness.expect(name)
    assert not readiness.ready and readiness.waiting_for() == ["http", "sftp"]
    port = free_port()  # nothing listens there yet
    assert not await readiness.probe("sftp", "127.0.0.1", port)
    server = await asyncio.start_server(lambda _r, w: w.close(), "127.0.0.1", port)
    async with server:
        assert await readiness.probe("sftp", "0.0.0.0", port)  # a wildcard bind is probed on loopback
    readiness.mark("http")
    assert readiness.ready and readiness.waiting_for() == []
    assert 'gateway_listener_ready{listener="sftp"} 1' in readiness.metrics.render()
