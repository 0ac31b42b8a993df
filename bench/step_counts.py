"""Count the steps of an order along the whole path, per order: journal statements by kind,
transactions, fsyncs, thread hand-offs, JSON and pydantic (de)serialisations, log lines.

    .venv/bin/python bench/step_counts.py [--orders 150] [--clients 8] [--code DIR] [--where]

``--orders`` distinct EDIFACT orders of one customer are posted over HTTP (``--clients`` at once) to a
``gateway run`` whose process counts, then delivered to the file sink; the counts divided by the
orders are printed (those under 0.05 per order left out). ``--where`` adds, for each counted call,
the three innermost project frames it came from (slower: a stack walk per call). ``--code DIR``
counts another checkout (main beside a branch). The fsyncs counted are ``os.fsync`` calls made from
Python; SQLite's own (the journal's FULL commits) are not among them. Counts, not times: they do not
move with the machine's load, so two checkouts compare on one run each.
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
import time
import traceback
from pathlib import Path

BENCH = Path(__file__).resolve().parent
COUNTS: collections.Counter[str] = collections.Counter()


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

        def statement(sql: str) -> None:
            COUNTS["sql " + (sql.split(None, 1) or ["?"])[0].upper()] += 1
            COUNTS["sql (all)"] += 1
            if where:
                _where("sql " + " ".join(sql.split())[:40])
        conn.set_trace_callback(statement)
        return conn
    sqlite3.connect = traced
    json.dumps = _counted("json.dumps", json.dumps, where)
    json.loads = _counted("json.loads", json.loads, where)
    os.fsync = _counted("os.fsync", os.fsync, where)
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


def gateway_main(out: str, where: bool, args: list[str]) -> None:
    """The counting gateway: ``gateway.cli`` run with the calls wrapped, the counts written at exit."""
    import atexit
    instrument(where)
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
        asyncio.run(post_all([proc.http_url], bodies, args.clients))
        deadline = time.monotonic() + 300
        while sum(1 for _ in (root / "erp").glob("*.json")) < args.orders and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        proc.stop()
    print(f"command: python bench/step_counts.py --orders {args.orders} --clients {args.clients}"
          + (f" --code {args.code}" if args.code else ""))
    for key, count in sorted(json.loads(counts.read_text()).items(), key=lambda kv: (kv[0].startswith("at "), kv[0])):
        if count / args.orders >= 0.05:
            print(f"{count / args.orders:8.2f}  {key}")


if __name__ == "__main__":
    main()
