"""Replay benchmark: documents replayed per second on a mixed day, beside ``gateway extract`` one by one.

    .venv/bin/python bench/bench_replay.py [--orders 60] [--faxes 2] [--seed 7] [--extract-sample 0]

Runs a generated day (``testkit.daytraffic`` / ``testkit.dayrunner``, the same as ``bench_day``: PDFs,
typed mail, faxes, EDIFACT, X12, cXML, UBL, duplicates, changes, hostile inputs, review corrections
through the API) into a store, then times ``gateway replay`` with the unchanged configuration over
the whole store (one process, extraction in the process pool) against ``gateway extract FILE``
run once per replayed document (``--extract-sample N``: only every N-th, the rate extrapolated), the
only way to try a configuration on past documents before. Also prints how many outcomes the replay
with the unchanged configuration reproduced (it should be all of them) and proves the store unchanged.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_day import size_for  # noqa: E402
from testkit.dayrunner import run_day  # noqa: E402
from testkit.daytraffic import build_plan  # noqa: E402
from testkit.harness import API_KEY, REPO  # noqa: E402

TABLES = ("documents", "events", "orders", "deliveries", "acks", "interchanges")


def gateway(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO), "TEST_GATEWAY_API_KEY": API_KEY,
           "GATEWAY_WEBHOOK_SECRET": "erp-secret"}
    return subprocess.run([sys.executable, "-m", "gateway.cli", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=3600)


def store_state(var: Path) -> tuple:
    with sqlite3.connect(f"file:{var / 'journal.sqlite3'}?mode=ro", uri=True) as conn:
        rows = tuple(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES)
    files = sorted((str(p), p.stat().st_mtime_ns) for p in (var / "archive").rglob("*") if p.is_file())
    return rows, len(files), hash(tuple(files))


def replayed_documents(var: Path, ids: list[str]) -> list[dict]:
    with sqlite3.connect(f"file:{var / 'journal.sqlite3'}?mode=ro", uri=True) as conn:
        conn.row_factory = sqlite3.Row
        marks = ", ".join("?" * len(ids))
        return [dict(r) for r in conn.execute(
            f"SELECT id, sha256, channel, sender, partner, filename, metadata FROM documents WHERE id IN ({marks})",
            ids).fetchall()]


def time_extract(config: Path, var: Path, docs: list[dict], every: int, work: Path) -> tuple[float, int, int]:
    """Seconds for ``gateway extract`` over every ``every``-th document; (seconds, run, failed)."""
    sample = docs[::every] if every > 1 else docs
    failed = 0
    started = time.monotonic()
    for doc in sample:
        src = var / "archive" / doc["sha256"][:2] / doc["sha256"][2:4] / doc["sha256"]
        path = work / (doc["filename"] or f"{doc['id']}.bin").replace("/", "_")
        path.write_bytes(src.read_bytes())
        meta = json.loads(doc["metadata"] or "{}")
        sender = meta.get("fax_number") or doc["sender"]
        args = ["extract", str(path), "--config", str(config), "--channel", doc["channel"]]
        args += ["--sender", sender] if sender else []
        args += ["--partner", doc["partner"]] if doc["partner"] else []
        if gateway(*args).returncode not in (0, 1):
            failed += 1
        path.unlink()
    return time.monotonic() - started, len(sample), failed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orders", type=int, default=60, help="good orders in the day (faxes included)")
    parser.add_argument("--faxes", type=int, default=2)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--extract-sample", type=int, default=1, help="run gateway extract on every N-th document")
    args = parser.parse_args(argv)
    command = " ".join([".venv/bin/python bench/bench_replay.py", *map(shlex.quote, argv or sys.argv[1:])])
    with tempfile.TemporaryDirectory(prefix="bench_replay_") as tmp:
        root = Path(tmp)
        day = run_day(build_plan(args.seed, size_for(args.orders, args.faxes)), root)
        config, var = root / "gw" / "gateway.toml", root / "gw" / "var"
        before = store_state(var)
        started = time.monotonic()
        proc = gateway("replay", "--config", str(config), "--json")
        replay_s = time.monotonic() - started
        if proc.returncode not in (0, 1):
            print(proc.stderr[-3000:])
            return 2
        report = json.loads(proc.stdout)
        unchanged = store_state(var) == before
        docs = report["documents"]
        same = sum(d["before"]["outcome"] == d["after"]["outcome"] for d in docs)
        orders = [o for d in docs for o in d["orders"]]
        same_fields = sum(not o["diffs"] for o in orders if o["before"] and o["after"])
        work = root / "extract"
        work.mkdir()
        extract_s, extracted, failed = time_extract(
            config, var, replayed_documents(var, [d["document_id"] for d in docs]), args.extract_sample, work)
    t = report["totals"]
    per_extract = extract_s / max(extracted, 1)
    print(f"mixed day: seed {args.seed}, {day['sends']} sends; {len(docs)} documents replayed "
          f"({', '.join(f'{k} {v}' for k, v in sorted(_formats(docs).items()))})")
    print(f"gateway replay (unchanged config): {replay_s:.1f} s, {len(docs) / replay_s:.1f} documents/s "
          f"(process start included)")
    print(f"gateway extract one by one: {extracted} documents in {extract_s:.1f} s, "
          f"{1 / per_extract:.2f} documents/s ({per_extract * len(docs):.0f} s for the day); "
          f"replay {per_extract * len(docs) / replay_s:.1f}x faster; extract failures {failed}")
    print(f"outcomes reproduced: {same}/{len(docs)} documents, fields {same_fields}/{len(orders)} orders; "
          f"touchless {t['touchless_before']}/{t['orders_before']} -> {t['touchless_after']}/{t['orders_after']}; "
          f"corrected by a person {t['corrected']} (now right {len(t['corrected_now_right'])}); "
          f"exit code {proc.returncode}; store unchanged: {unchanged}")
    for d in docs:
        if d["before"]["outcome"] != d["after"]["outcome"]:
            print(f"  differs: {d['document_id']} {d['channel']} {d['format']}: "
                  f"{d['before']['outcome']} -> {d['after']['outcome']} {d['after']['reasons']}")
    print(f"reproduce: {command}")
    return 0 if unchanged else 1


def _formats(docs: list[dict]) -> dict[str, int]:
    out: dict[str, int] = {}
    for d in docs:
        out[d["format"] or "none"] = out.get(d["format"] or "none", 0) + 1
    return out


if __name__ == "__main__":
    raise SystemExit(main())
