"""``gateway status``: when each node was last seen, silent nodes without a stale busy count, and
nodes silent past ``gateway.node_forget_after_s`` pruned from the list and from the journal."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from datetime import timedelta

import pytest

from gateway.store.journal import iso, utcnow
from gateway.store.journal_sqlite import SqliteJournal
from gateway.status import shown_nodes
from testkit.harness import REPO, write_config
from testkit.pg_database import server_answers, temporary_database


def node(name: str, seconds_ago: float, busy: int = 3) -> dict:
    seen = iso(utcnow() - timedelta(seconds=seconds_ago))
    return {"node_id": name, "started_at": seen, "heartbeat_at": seen, "info": json.dumps({"busy": busy})}


def test_nodes_show_when_last_seen_and_long_silent_ones_are_left_out():
    shown = shown_nodes([node("a", 5), node("b", 300), node("c", 7200)], forget_after_s=3600)
    assert [n["node_id"] for n in shown] == ["a", "b"]
    a, b = shown
    assert (a["state"], a["info"]["busy"]) == ("alive", 3) and 4 <= a["seen_ago_s"] <= 60
    assert (b["state"], b["info"]["busy"]) == ("silent", None) and b["seen_ago_s"] >= 300
    assert a["last_seen"].startswith(str(utcnow().year))


async def forget_an_old_node(journal) -> None:
    await journal.open()
    try:
        await journal.heartbeat("old", {"busy": 2})
        await journal.heartbeat("new", {"busy": 0})
        old_beat = iso(utcnow() - timedelta(hours=2))
        await journal.transaction(lambda db: db.execute(
            "UPDATE nodes SET heartbeat_at = ? WHERE node_id = 'old'", (old_beat,)))
        assert await journal.forget_nodes(utcnow() - timedelta(hours=1)) == 1
        assert [n["node_id"] for n in await journal.nodes()] == ["new"]
    finally:
        await journal.close()


async def test_silent_nodes_are_forgotten_by_the_journal(tmp_path):
    await forget_an_old_node(SqliteJournal(tmp_path / "journal.sqlite3"))


@pytest.mark.skipif(bool(server_answers()), reason="no local PostgreSQL server")
async def test_silent_nodes_are_forgotten_on_postgresql():
    from gateway.store.journal_pg import PostgresJournal
    with temporary_database() as dsn:
        await forget_an_old_node(PostgresJournal(dsn))


def test_status_command_lists_only_recent_nodes(tmp_path):
    config = write_config(tmp_path, {"gateway": {"node_forget_after_s": 600}})
    async def seed() -> None:
        journal = SqliteJournal(tmp_path / "var" / "journal.sqlite3")
        await journal.open()
        await journal.heartbeat("gone", {"busy": 4})
        await journal.heartbeat("here", {"busy": 1})
        await journal.transaction(lambda db: db.execute("UPDATE nodes SET heartbeat_at = ? WHERE node_id = 'gone'",
                                                        (iso(utcnow() - timedelta(hours=1)),)))
        await journal.close()
    asyncio.run(seed())
    out = subprocess.run([sys.executable, "-m", "gateway.cli", "--config", str(config), "status"], cwd=REPO,
                         capture_output=True, text=True, timeout=60, check=True)
    nodes = json.loads(out.stdout)["nodes"]
    assert [(n["node_id"], n["state"], n["info"]["busy"]) for n in nodes] == [("here", "alive", 1)]
    assert nodes[0]["last_seen"]
