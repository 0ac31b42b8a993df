"""Run every benchmark once with the arguments the README's table quotes (``make bench``).

    .venv/bin/python bench/run_all.py [--only edi,dedup,...]

Each benchmark runs in its own process, one after the other (they would skew each other on two
cores), prints its own figures and the command that reproduces them; this script adds the wall time
of each and a line per benchmark that failed.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
RUNS: dict[str, list[str]] = {
    "edi": ["bench_edi.py", "--mb", "30"],
    "trust": ["bench_trust.py", "--seed", "7", "--per-format", "200"],
    "hostile": ["bench_hostile.py"],
    "dedup": ["bench_dedup.py", "--orders", "300"],
    "capture": ["bench_capture.py", "--seed", "7"],
    "ocr_engines": ["bench_ocr_engines.py", "--fine", "12", "--standard", "12"],
    "smtp": ["bench_smtp.py"],
    "day": ["bench_day.py", "--orders", "400"],
    "nodes": ["bench_nodes.py"],
    "logins": ["bench_logins.py", "--guesses", "100"],
    "replay": ["bench_replay.py", "--orders", "100", "--faxes", "2", "--extract-sample", "3"],
    "scale": ["bench_scale.py", "--orders", "1000"],
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default="", help=f"comma-separated subset of {', '.join(RUNS)}")
    args = parser.parse_args(argv)
    chosen = [name for name in args.only.split(",") if name] or list(RUNS)
    unknown = [name for name in chosen if name not in RUNS]
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}")
    failed: list[str] = []
    for name in chosen:
        command = [sys.executable, str(BENCH / RUNS[name][0]), *RUNS[name][1:]]
        print(f"\n=== {name}: {' '.join(RUNS[name])}", flush=True)
        started = time.monotonic()
        code = subprocess.call(command, cwd=BENCH.parent)
        print(f"=== {name}: exit {code}, {time.monotonic() - started:.0f} s wall", flush=True)
        if code:
            failed.append(name)
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
