"""``gateway status``: the nodes sharing the journal, when each was last seen, and the work in flight.

A node is ``alive`` while its heartbeats (every 10 s) keep coming, ``silent`` after
``SILENT_AFTER_S`` without one (its busy count is then unknown, shown as null), and it leaves the
list once silent for ``gateway.node_forget_after_s`` (the running gateways also delete it then).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from gateway.app import open_journal
from gateway.config import Config
from gateway.store.journal import utcnow

SILENT_AFTER_S = 30.0  # three missed heartbeats


def _seen_ago(node: dict[str, Any], now: datetime) -> float | None:
    seen = node.get("heartbeat_at")
    if isinstance(seen, str):
        try:
            seen = datetime.fromisoformat(seen)
        except ValueError:
            return None
    return (now - seen).total_seconds() if isinstance(seen, datetime) else None


def shown_nodes(nodes: list[dict[str, Any]], forget_after_s: float, now: datetime | None = None) -> list[dict]:
    """The nodes seen within ``forget_after_s``, each with ``last_seen``, ``seen_ago_s`` and ``state``."""
    now = now or utcnow()
    out = []
    for node in nodes:
        ago = _seen_ago(node, now)
        if ago is not None and ago > forget_after_s:
            continue
        info = node.get("info")
        info = json.loads(info) if isinstance(info, str) else dict(info or {})
        silent = ago is None or ago > SILENT_AFTER_S
        if silent:
            info["busy"] = None  # the last reported count says nothing about a node that stopped reporting
        out.append({"node_id": node["node_id"], "state": "silent" if silent else "alive",
                    "last_seen": str(node.get("heartbeat_at")),
                    "seen_ago_s": None if ago is None else round(ago, 1),
                    "started_at": str(node.get("started_at")), **({"alive": node["alive"]} if "alive" in node else {}),
                    "info": info})
    return out


async def print_status(config: Config) -> int:
    if config.journal.backend == "sqlite":
        # Read-only look: the running gateway holds the journal's lock, so read the file directly.
        import sqlite3
        db = sqlite3.connect(f"file:{config.journal.sqlite_path}?mode=ro", uri=True)
        db.row_factory = sqlite3.Row
        nodes = [dict(r) for r in db.execute("SELECT * FROM nodes ORDER BY heartbeat_at DESC")]
        leases = [dict(r) for r in db.execute(
            "SELECT id, lease_owner, lease_until, status FROM documents WHERE status = 'processing'")]
        counts = {t: {r[0]: r[1] for r in db.execute(f"SELECT status, count(*) FROM {t} GROUP BY status")}
                  for t in ("documents", "orders", "deliveries")}
        db.close()
    else:
        journal = open_journal(config)
        await journal.open()
        try:
            nodes = await journal.nodes()
            leases = await journal.query("SELECT id, lease_owner, lease_until, status FROM documents "
                                         "WHERE status = 'processing'")
            counts = await journal.counts()
        finally:
            await journal.close()
    shown = shown_nodes(nodes, config.gateway.node_forget_after_s)
    print(json.dumps({"nodes": shown, "in_flight": leases, "counts": counts}, indent=2, default=str))
    return 0
