"""Test harness: configs in a temporary folder, the gateway in-process or as a real subprocess.

``write_config`` makes a complete TOML config under a temporary folder (free ports, its own journal,
archive, outbox and master data copy). ``GatewayProcess`` runs ``gateway run`` as a subprocess that a
test may SIGKILL and restart. ``running_gateway`` runs one in the test's event loop.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import tomllib
import urllib.request
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
API_KEY = "test-api-key-0123456789"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (str, Path)):
        return json.dumps(str(value))
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {_toml_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(type(value))


def dump_toml(data: dict[str, Any]) -> str:
    """A small TOML writer for test configs (tables, arrays of tables, inline values)."""
    lines: list[str] = []

    def table(prefix: str, body: dict[str, Any]) -> None:
        scalars = {k: v for k, v in body.items()
                   if not isinstance(v, dict) and not (isinstance(v, list) and v and isinstance(v[0], dict))}
        if prefix:
            lines.append(f"[{prefix}]")
        lines.extend(f"{k} = {_toml_value(v)}" for k, v in scalars.items())
        lines.append("")
        for k, v in body.items():
            name = f"{prefix}.{k}" if prefix else k
            if isinstance(v, dict):
                table(name, v)
            elif isinstance(v, list) and v and isinstance(v[0], dict):
                for item in v:
                    lines.append(f"[[{name}]]")
                    lines.extend(f"{ik} = {_toml_value(iv)}" for ik, iv in item.items())
                    lines.append("")

    table("", data)
    return "\n".join(lines)


def merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for k, v in extra.items():
        out[k] = merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def base_config(root: Path, master_data: Path | None = None) -> dict[str, Any]:
    var = root / "var"
    md = root / "masterdata"
    if not md.exists():
        shutil.copytree(master_data or REPO / "mappings" / "masterdata", md)
    return {
        "gateway": {"data_dir": var, "mappings_dir": REPO / "mappings", "node_id": "",
                    "log_format": "json"},
        "journal": {"sqlite_path": var / "journal.sqlite3"},
        "archive": {"path": var / "archive"},
        "pipeline": {"workers": 4, "process_pool": 2, "retry_backoff_s": 0.2},
        "master_data": {"path": md},
        "http": {"host": "127.0.0.1", "port": free_port(), "api_key_env": "TEST_GATEWAY_API_KEY",
                 "api_key_file": var / "secrets" / "api_key"},
        "delivery": {"sink": "file", "backoff_initial_s": 0.2, "backoff_max_s": 2.0,
                     "file": {"path": root / "erp"}},
    }


def write_config(root: Path, extra: dict[str, Any] | None = None, master_data: Path | None = None) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    data = merge(base_config(root, master_data), extra or {})
    path = root / "gateway.toml"
    path.write_text(dump_toml(data))
    secrets = root / "var" / "secrets"
    secrets.mkdir(parents=True, exist_ok=True)
    (secrets / "api_key").write_text(API_KEY + "\n")
    return path


def load_test_config(path: Path):
    from gateway.config import load_config
    return load_config(path)


class GatewayProcess:
    """``gateway run`` as a real subprocess, for crash and restart tests."""

    def __init__(self, config_path: Path, env: dict[str, str] | None = None) -> None:
        self.config_path = config_path
        self.config = tomllib.loads(config_path.read_text())
        self.env = {**os.environ, **(env or {})}
        self.proc: subprocess.Popen | None = None
        self.log_path = config_path.parent / "gateway.log"

    @property
    def http_url(self) -> str:
        return f"http://127.0.0.1:{self.config['http']['port']}"

    def command(self) -> list[str]:
        """How the gateway is started: ``python -m gateway.cli`` (subclasses may use the console script)."""
        return [sys.executable, "-m", "gateway.cli", "--config", str(self.config_path), "run"]

    def start(self, timeout: float = 180.0) -> GatewayProcess:
        """Start and wait until ``/healthz`` answers (or the process exits: RuntimeError). The timeout
        only bounds a start that hangs: a loaded machine takes longer to import and open the journal."""
        log = self.log_path.open("ab")
        self.proc = subprocess.Popen(
            self.command(),
            cwd=REPO, env=self.env, stdout=log, stderr=log, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gateway exited with {self.proc.returncode}: "
                                   f"{self.log_path.read_text()[-3000:]}")
            with contextlib.suppress(OSError):
                with urllib.request.urlopen(f"{self.http_url}/healthz", timeout=1) as resp:
                    if resp.status == 200:
                        return self
            time.sleep(0.2)
        raise TimeoutError("gateway did not become healthy")

    def pause(self) -> None:
        """Freeze the gateway and its workers (SIGSTOP to its process group) where they are."""
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGSTOP)

    def resume(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGCONT)

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=30)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            os.killpg(self.proc.pid, signal.SIGCONT)  # a paused gateway takes its SIGTERM once resumed
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


@contextlib.asynccontextmanager
async def running_gateway(config_path: Path) -> AsyncIterator[Any]:
    """A gateway started in the current event loop; yields the ``Gateway``."""
    from gateway.app import Gateway
    os.environ.setdefault("TEST_GATEWAY_API_KEY", API_KEY)
    gateway = Gateway(load_test_config(config_path))
    await gateway.start()
    try:
        yield gateway
    finally:
        await gateway.stop()


async def wait_until(predicate, timeout: float = 60.0, interval: float = 0.1):
    """Poll an async or plain predicate until it returns something truthy."""
    import asyncio
    import inspect
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if inspect.isawaitable(result):
            result = await result
        if result:
            return result
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met in time")
        await asyncio.sleep(interval)


class ErpReceiver:
    """A real local HTTP server standing in for the ERP's webhook, run in a background thread.

    Records every POST (idempotency key, signature, body). ``down_until`` makes it answer 503 until a
    monotonic time; ``refuse`` is a set of PO numbers answered with 422 (a permanent refusal);
    ``broken`` a set answered with 500 every time; ``slow`` delays answers (to trigger client timeouts).
    """

    def __init__(self, secret: str = "erp-secret") -> None:
        import asyncio
        self.secret = secret
        self.posts: list[dict[str, Any]] = []
        self.down_until = 0.0
        self.refuse: set[str] = set()
        self.broken: set[str] = set()
        self.slow = 0.0
        self.port = free_port()
        self._loop = asyncio.new_event_loop()
        self._ready = __import__("threading").Event()
        self._thread = __import__("threading").Thread(target=self._serve, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/orders"

    def _serve(self) -> None:
        import asyncio
        from aiohttp import web

        async def handle(request: web.Request) -> web.Response:
            body = await request.read()
            order = json.loads(body)
            if self.slow:
                await asyncio.sleep(self.slow)
            status = 200
            if time.monotonic() < self.down_until:
                status = 503
            elif order.get("po_number") in self.refuse:
                status = 422
            elif order.get("po_number") in self.broken:
                status = 500
            self.posts.append({"key": request.headers.get("Idempotency-Key"), "status": status,
                               "signature": request.headers.get("X-Gateway-Signature"),
                               "body": body, "order": order, "at": time.monotonic(),
                               "wall": time.time()})
            text = {503: "down for maintenance", 422: "unknown ship-to", 500: "internal error"}
            return web.json_response({"status": status, "error": text.get(status)}, status=status)

        async def start() -> None:
            app = web.Application()
            app.router.add_post("/orders", handle)
            runner = web.AppRunner(app)
            await runner.setup()
            await web.TCPSite(runner, "127.0.0.1", self.port).start()
            self._ready.set()

        asyncio.set_event_loop(self._loop)
        self._loop.run_until_complete(start())
        self._loop.run_forever()

    def start(self) -> ErpReceiver:
        self._thread.start()
        self._ready.wait(10)
        return self

    def stop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)

    def accepted(self) -> list[dict[str, Any]]:
        """Every POST the ERP answered with 2xx, in arrival order (re-sends included)."""
        return [p for p in self.posts if p["status"] < 300]

    def accepted_keys(self) -> dict[str, dict]:
        """Orders the ERP took, by idempotency key."""
        return {p["key"]: p["order"] for p in self.accepted()}
