"""How fast and how cheaply hostile inputs are refused, beside reading a normal order of the same kind.

    .venv/bin/python bench/bench_hostile.py [--repeat 20]

For each input: the refusal code, the median wall time over ``--repeat`` runs, and the peak Python
memory (tracemalloc) of one run. The baseline rows read real orders from ``../shared/corpus`` with the
same extractors, so a reader sees that refusing a bomb costs about what reading an order costs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from extractors.containers.archive_zip import EXTRACTOR as ZIP  # noqa: E402
from extractors.base import ExtractHints  # noqa: E402
from extractors.edi.edifact import EXTRACTOR as EDIFACT  # noqa: E402
from extractors.xml.ubl import EXTRACTOR as UBL  # noqa: E402
from extractors.xml.xmlsafe import sniff_root  # noqa: E402
from gateway.errors import GatewayError  # noqa: E402
from testkit.daytraffic import billion_laughs, zip_bomb  # noqa: E402

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
HINTS = ExtractHints()


def quadratic_blowup() -> bytes:
    return b'<!DOCTYPE r [<!ENTITY a "%s">]><r>%s</r>' % (b"x" * 50_000, b"&a;" * 50_000)


def xxe() -> bytes:
    return b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>'


def deep_nesting() -> bytes:
    return b"<a>" * 200_000 + b"</a>" * 200_000


def broken_edifact() -> bytes:
    return b"UNB+UNOC:3+SENDER+RECEIVER+260101:1200+1'UNH+1+ORDERS:D:96A:UN'BGM+220+PO1+9'" + b"LIN+" * 50_000


def measure(run: Callable[[], object], repeat: int) -> tuple[str, float, int]:
    def once() -> str:
        try:
            result = run()
            problems = [p for p in getattr(result, "problems", []) if p.severity == "error"]
            return f"read, {len(problems)} errors" if problems else "read"
        except GatewayError as exc:
            return exc.code
    tracemalloc.start()
    outcome = once()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        once()
        times.append(time.perf_counter() - started)
    return outcome, statistics.median(times), peak


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    cases: list[tuple[str, int, Callable[[], object]]] = []
    for name, make, extractor in (("billion laughs (XML)", billion_laughs, UBL),
                                  ("quadratic blow-up (XML)", quadratic_blowup, UBL),
                                  ("XXE file:///etc/passwd (XML)", xxe, UBL),
                                  ("200k-deep nesting (XML)", deep_nesting, UBL),
                                  ("zip bomb 200 MiB of zeros", lambda: zip_bomb(200), ZIP),
                                  ("malformed EDIFACT, 200 kB", broken_edifact, EDIFACT)):
        data = make()
        cases.append((name, len(data), lambda d=data, e=extractor: e.extract(d, HINTS)))
    heads = [b"<?a?>" * 1700, b"<!--a-->" * 1100, b"<!DOCTYPE a [" * 700, b"<" * 8192]
    cases.append(("sniff_root on 4 adversarial 8 kB heads", 8192 * 4,
                  lambda: [sniff_root(h[:8191] + b"!") for h in heads]))
    for name in ("UBL-Order-2.1-Example.xml", "Order_Example.xml"):
        path = CORPUS / "ubl" / name
        if path.is_file():
            data = path.read_bytes()
            cases.append((f"baseline: read {name}", len(data), lambda d=data: UBL.extract(d, HINTS)))
    print(f"{'input':42} {'bytes':>10} {'outcome':>20} {'median ms':>10} {'peak KiB':>9}")
    for name, size, run in cases:
        outcome, seconds, peak = measure(run, args.repeat)
        print(f"{name:42} {size:>10} {outcome:>20} {seconds * 1000:>10.2f} {peak // 1024:>9}")
    print(f"\nreproduce: .venv/bin/python bench/bench_hostile.py --repeat {args.repeat}")
    return 0


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description="Time and memory to refuse hostile inputs")
    p.add_argument("--repeat", type=int, default=20, help="timed runs per input (median reported)")
    return p


if __name__ == "__main__":
    sys.exit(main())
