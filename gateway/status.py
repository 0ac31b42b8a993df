"""``gateway status``: the nodes sharing the journal, their heartbeats, and the work in flight."""

from __future__ import annotations

import json

from gateway.app import open_journal
from gateway.config import Config


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
    print(json.dumps({"nodes": nodes, "in_flight": leases, "counts": counts}, indent=2, default=str))
    return 0
