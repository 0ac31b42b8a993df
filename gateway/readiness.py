"""Readiness: whether every configured listener accepts connections yet.

The gateway names every listener it is configured to run before starting any (``http``, ``smtp``,
``sftp``, ``folder:<name>``, ``sftp_poll:<name>``) and marks each ready once it is started and, for
network listeners, once a TCP connection to its port has been accepted. ``/healthz`` and
``/readyz`` answer ok only when all are ready, so an orchestrator (or a test) that waits for them
never sends to a port that is not listening yet.
"""

from __future__ import annotations

import asyncio
import contextlib

import structlog

from gateway.metrics import Metrics

log = structlog.get_logger(__name__)

PROBE_TIMEOUT_S = 2.0
WILDCARDS = {"", "0.0.0.0", "::", "*"}


async def accepts_connections(host: str, port: int, timeout: float = PROBE_TIMEOUT_S) -> bool:
    """Whether a TCP connection to ``host:port`` is accepted (a wildcard address is probed on loopback)."""
    target = ("::1" if ":" in host else "127.0.0.1") if host in WILDCARDS else host
    try:
        async with asyncio.timeout(timeout):
            _reader, writer = await asyncio.open_connection(target, port)
    except (OSError, TimeoutError):
        return False
    writer.close()
    with contextlib.suppress(OSError):
        await writer.wait_closed()
    return True


class Readiness:
    """The configured listeners and which of them accept connections."""

    def __init__(self, metrics: Metrics) -> None:
        self.metrics = metrics
        self.listeners: dict[str, bool] = {}

    def expect(self, name: str) -> None:
        self.listeners[name] = False
        self.metrics.set_gauge("gateway_listener_ready", 0, listener=name)

    def mark(self, name: str, ready: bool = True) -> None:
        self.listeners[name] = ready
        self.metrics.set_gauge("gateway_listener_ready", 1 if ready else 0, listener=name)

    async def probe(self, name: str, host: str, port: int) -> bool:
        """Mark ``name`` ready when its port accepts a connection; logs when it does not."""
        ok = await accepts_connections(host, port)
        self.mark(name, ok)
        if not ok:
            log.error("listener_not_accepting", listener=name, host=host, port=port)
        return ok

    @property
    def ready(self) -> bool:
        return bool(self.listeners) and all(self.listeners.values())

    def waiting_for(self) -> list[str]:
        return sorted(name for name, ok in self.listeners.items() if not ok)
