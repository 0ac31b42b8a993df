"""``gateway replay`` against a running gateway on PostgreSQL (journal and database archive).

A UBL order with an unknown unit word is held, corrected and approved through the API; while the
gateway still runs, replay with a unit word added reports the correction as now right and changes no
row of the database (journal tables and archive) and writes no cache file into the store's folder.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

import aiohttp
import psycopg
import pytest

from testkit.harness import REPO, running_gateway, write_config
from testkit.pg_database import create_database, drop_database, server_answers
from testkit.samples import ubl_order
from tests.test_replay import TABLES, Store, _order, _post, _review, _settled, new_config

pytestmark = pytest.mark.skipif(bool(why := server_answers()), reason=why or "")
DSN_ENV = "GATEWAY_TEST_PG_DSN_FOR_REPLAY"


def counts(dsn: str) -> dict[str, int]:
    with psycopg.connect(dsn) as conn:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in (*TABLES, "archive")}


async def test_replay_reads_a_running_gateway_on_postgresql_and_writes_nothing(tmp_path: Path, monkeypatch):
    dsn = create_database()
    monkeypatch.setenv(DSN_ENV, dsn)
    try:
        config = write_config(tmp_path / "gw", {"journal": {"backend": "postgresql", "dsn_env": DSN_ENV},
                                                "archive": {"backend": "database"}})
        store = Store(tmp_path, config)
        async with running_gateway(config) as gw, aiohttp.ClientSession() as session:
            url = f"http://127.0.0.1:{gw.ports['http']}"
            ok = await _post(session, url, ubl_order("PO-PG-1", [("4000862141404", 2)]), "pg-1.xml")
            unit = await _post(session, url, ubl_order("PO-PG-2", [("4000862141404", 2, "KISTCHEN")]), "pg-2.xml")
            for doc_id in (ok, unit):
                await _settled(gw, doc_id)
            held = await _order(gw, unit)
            await _review(session, url, held.order_id, {"lines": [{"line_no": 1, "uom": "BX"}]})

            def add_word(mappings: Path) -> None:
                units = mappings / "units.toml"
                units.write_text(units.read_text().replace("[units]\n", '[units]\nBX = ["KISTCHEN"]\n'))
            new = new_config(store, "unit-word", add_word)
            before, cache = counts(dsn), sorted((tmp_path / "gw" / "var" / "archive").rglob("*"))
            proc = await asyncio.to_thread(
                subprocess.run, [sys.executable, "-m", "gateway.cli", "replay", "--config", str(new), "--json"],
                cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, text=True, timeout=240)
            assert counts(dsn) == before
            assert sorted((tmp_path / "gw" / "var" / "archive").rglob("*")) == cache
        assert proc.returncode == 0, proc.stderr
        report = json.loads(proc.stdout)
        assert report["totals"]["documents"] == 2
        assert report["totals"]["corrected_now_right"] == [held.order_id]
        assert report["totals"]["newly_untouched"] == [held.order_id]
    finally:
        drop_database(dsn)
