"""Count the steps of an order along the whole path, per order: journal statements by kind,
transactions, fsyncs, thread hand-offs, JSON and pydantic (de)serialisations, log lines.

    .venv/bin/python bench/step_counts.py [--orders 150] [--clients 8] [--alone] [--code DIR] [--where]

``--orders`` distinct EDIFACT orders of one customer are posted over HTTP (``--clients`` at once: a
burst) to a ``gateway run`` whose process counts, then delivered to the file sink; the counts divided
by the orders delivered are printed (those under 0.05 per order left out). ``--alone`` posts one order
at a time and waits for its delivery before the next (the cost of an order alone, no grouping
possible). ``--where`` adds, for each counted call, the three innermost project frames it came from
(slower: a stack walk per call). ``--code DIR`` counts another checkout (main beside a branch).

The disk waits are counted three ways: ``os.fsync`` calls made from Python, by what they make durable
(``fsync <folder> file|folder``: the journal's log, the archive, the sink's folder); SQLite's own
(``sqlite fsync: FULL commit``, a commit made with ``synchronous=FULL``); and ``fsync rounds``: the
times an fsync began while no other was in flight, an upper bound of the flushes the disk is asked for
(fsyncs in flight together are committed together by the file system's journal). Counts, not times:
they do not move with the machine's load, so two checkouts compare on one run each.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import os
import runpy
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path

BENCH = Path(__file__).resolve().parent
COUNTS: collections.Counter[str] = collections.Counter()
ROOT = [""]  # the gateway's folder (the config's), stripped from the paths fsynced
_IN_FLIGHT = [0]
_FLIGHT_LOCK = threading.Lock()


def _where(key: str) -> None:
    frames = [f for f in traceback.extract_stack()[:-2]
              if "/work/" in f.filename and not f.filename.endswith("step_counts.py")][-3:]
    COUNTS[f"at {key} <- " + " < ".join(f"{Path(f.filename).name}:{f.name}" for f in reversed(frames))] += 1


def _counted(key, fn, where: bool):  # type: ignore[no-untyped-def]
    def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
        name = key(*args) if callable(key) else key
        COUNTS[name] += 1
        if where:
            _where(name)
        return fn(*args, **kwargs)
    return wrapper


def _fsync_kind(fd: int) -> str:
    """What an fsync makes durable: the file's or folder's place under the gateway's folder."""
    try:
        path = os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        return "fsync ?"
    is_dir = os.path.isdir(path)
    path = path.removeprefix(ROOT[0]).lstrip("/").split(" (deleted)")[0]
    parts = [p for p in Path(path).parts if p]
    depth = 2 if parts[:1] == ["var"] else 1  # var/journal..., var/archive/aa/bb/...
    if not is_dir:
        place = "journal" if "journal" in path else "/".join(parts[:depth] or ["?"])
        return f"fsync {place} file"
    return f"fsync {'/'.join(parts[:depth]) or '.'} folder" + ("" if len(parts) <= depth else " (a shard)")


def _counted_fsync(fsync, where: bool):  # type: ignore[no-untyped-def]
    """``os.fsync`` counted by what it makes durable, and by rounds (one begun with none in flight)."""
    def wrapper(fd: int) -> None:
        key = _fsync_kind(fd)
        with _FLIGHT_LOCK:
            if not _IN_FLIGHT[0]:
                COUNTS["fsync rounds (none in flight before)"] += 1
                COUNTS[f"  rounds begun by {key}"] += 1
            _IN_FLIGHT[0] += 1
        COUNTS["os.fsync"] += 1
        COUNTS[key] += 1
        if where:
            _where(key)
        try:
            return fsync(fd)
        finally:
            with _FLIGHT_LOCK:
                _IN_FLIGHT[0] -= 1
    return wrapper


def instrument(where: bool) -> None:
    """Wrap the calls counted (in the gateway's process, before it imports the project)."""
    import asyncio.base_events as base_events
    import concurrent.futures
    import logging
    import sqlite3

    import pydantic

    connect = sqlite3.connect

    def traced(*args, **kwargs):  # type: ignore[no-untyped-def]
        conn = connect(*args, **kwargs)

        level, writing = ["FULL"], [False]  # SQLite's default level, and the journal's at open

        def statement(sql: str) -> None:
            words = sql.upper().split()
            if words[:1] == ["PRAGMA"] and "SYNCHRONOUS" in sql.upper() and "=" in sql:
                level[0] = sql.upper().rsplit("=", 1)[1].strip()
            if words[:1] in (["INSERT"], ["UPDATE"], ["DELETE"], ["REPLACE"], ["CREATE"]):
                writing[0] = True
            if words[:1] in (["COMMIT"], ["ROLLBACK"], ["END"]) and words[1:2] != ["TO"]:
                if writing[0] and words[0] != "ROLLBACK" and level[0] in ("FULL", "2", "EXTRA", "3"):
                    COUNTS["sqlite fsync: FULL commit"] += 1  # (a read transaction's commit writes nothing)
                writing[0] = False
            COUNTS["sql " + (sql.split(None, 1) or ["?"])[0].upper()] += 1
            COUNTS["sql (all)"] += 1
            if where:
                _where("sql " + " ".join(sql.split())[:40])
        conn.set_trace_callback(statement)
        return conn
    sqlite3.connect = traced
    json.dumps = _counted("json.dumps", json.dumps, where)
    json.loads = _counted("json.loads", json.loads, where)
    os.fsync = _counted_fsync(os.fsync, where)
    pool = concurrent.futures.ThreadPoolExecutor
    pool.submit = _counted(lambda self, *a: f"hand-off to {self._thread_name_prefix or '?'} thread",
                           pool.submit, where)
    loop = base_events.BaseEventLoop
    loop.call_soon_threadsafe = _counted("hand-off back to the loop", loop.call_soon_threadsafe, where)
    model = pydantic.BaseModel
    for name in ("model_dump", "model_dump_json", "model_copy"):
        setattr(model, name, _counted(lambda self, *a, _n=name: f"{_n} {type(self).__name__}",
                                      getattr(model, name), where))
    for name in ("model_validate", "model_validate_json"):
        setattr(model, name, classmethod(_counted(lambda cls, *a, _n=name: f"{_n} {cls.__name__}",
                                                  getattr(model, name).__func__, where)))
    logging.Handler.handle = _counted("log line", logging.Handler.handle, False)
    _count_journal_syncs()


def _count_journal_syncs() -> None:
    """Who asks the SQLite journal for an fsync of its log: a durable write (``_run``) or ``sync()``,
    by the journal method that asked (several asked while one fsync runs share the next)."""
    try:
        from gateway.store.journal_sqlite import SqliteJournal
    except ImportError:
        return
    for name in ("_run", "sync"):
        fn = getattr(SqliteJournal, name)

        def wrapper(self, *args, _fn=fn, _name=name):  # type: ignore[no-untyped-def]
            caller = sys._getframe(1).f_code.co_name
            if _name == "sync" and not self.unsynced:
                caller += ", nothing to sync"
            COUNTS[f"journal sync asked: {_name} from {caller}"] += 1
            return _fn(self, *args)
        setattr(SqliteJournal, name, wrapper)


def gateway_main(out: str, where: bool, args: list[str]) -> None:
    """The counting gateway: ``gateway.cli`` run with the calls wrapped, the counts written at exit."""
    import atexit
    instrument(where)
    ROOT[0] = str(Path(args[args.index("--config") + 1]).resolve().parent)
    atexit.register(lambda: Path(out).write_text(json.dumps(dict(COUNTS))))
    sys.argv = ["gateway.cli", *args]
    runpy.run_module("gateway.cli", run_name="__main__", alter_sys=True)


def main() -> None:
    if sys.argv[1:2] == ["--as-gateway"]:
        out, where, *rest = sys.argv[2:]
        return gateway_main(out, where == "1", rest)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=150)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--code", type=Path, default=None)
    parser.add_argument("--where", action="store_true")
    parser.add_argument("--alone", action="store_true", help="one order at a time, each delivered before the next")
    args = parser.parse_args()
    code = (args.code or BENCH.parent).resolve()
    sys.path[:0] = [str(code), str(BENCH)]
    from bench_nodes import post_all
    from testkit.harness import GatewayProcess, write_config
    from testkit.journal_fill import lines_of
    from testkit.samples import edifact_order

    root = Path(tempfile.mkdtemp(prefix="step-counts-"))
    config = write_config(root, {"pipeline": {"workers": 8}})
    counts = root / "counts.json"

    class Counting(GatewayProcess):
        def command(self) -> list[str]:
            return [sys.executable, "-P", str(BENCH / "step_counts.py"), "--as-gateway", str(counts),
                    "1" if args.where else "0", "--config", str(config), "run"]

    proc = Counting(config, env={"PYTHONPATH": str(code)}).start()
    try:
        bodies = [(edifact_order(f"PO-STEPS-{i}", lines_of(i), control_ref=f"S{i}"), "application/edifact")
                  for i in range(args.orders)]
        for start in range(0, args.orders, 1 if args.alone else args.orders):
            chunk = bodies[start:start + 1] if args.alone else bodies
            asyncio.run(post_all([proc.http_url], chunk, 1 if args.alone else args.clients))
            delivered_at_least(root, start + len(chunk), 300)
    finally:
        proc.stop()
    delivered = delivered_at_least(root, 0, 0)
    print(f"command: python bench/step_counts.py --orders {args.orders} "
          + ("--alone" if args.alone else f"--clients {args.clients}")
          + (f" --code {args.code}" if args.code else ""))
    print(f"per order delivered ({delivered} of {args.orders}):")
    for key, count in sorted(json.loads(counts.read_text()).items(), key=lambda kv: (kv[0].startswith("at "), kv[0])):
        if count / max(1, delivered) >= 0.05:
            print(f"{count / max(1, delivered):8.2f}  {key}")


def delivered_at_least(root: Path, count: int, timeout: float) -> int:
    """Wait until ``count`` orders are in the file sink's folder (at most ``timeout`` s); how many are."""
    deadline = time.monotonic() + timeout
    while (done := sum(1 for _ in (root / "erp").glob("*.json"))) < count and time.monotonic() < deadline:
        time.sleep(0.02)
    return done


if __name__ == "__main__":
    main()
