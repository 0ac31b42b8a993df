"""Day-of-traffic benchmark: a larger generated day through the real gateway, all channels at once.

    .venv/bin/python bench/bench_day.py [--orders 400] [--faxes 4] [--seed 7] [--backend sqlite|postgresql]
        [--faults] [--spread 0]

Builds a day with ``testkit.daytraffic`` (``--orders`` good orders spread over the channels in the CI
day's proportions, ``--faxes`` of them by fax; plus its duplicates, resends, changes and hostile
inputs), runs it with ``testkit.dayrunner`` (the gateway as a subprocess started by its console
script; smtplib, OpenSSH ``sftp``, HTTP and fax-folder copies at the same time; with ``--faults``
two SIGKILLs and the ERP down for a minute) and prints: sends and throughput per channel,
time from receipt to the ERP (p50/p95/max) per channel and overall, CPU seconds and peak RSS of the
gateway's process tree, and whether every check passed. PostgreSQL uses a throw-away database on
the local server (``testkit.pg_database``).
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from testkit.dayrunner import Faults, run_day  # noqa: E402
from testkit.daytraffic import DaySize, build_plan  # noqa: E402

BASE = DaySize()
BASE_ORDERS = (BASE.pdf + BASE.body + BASE.edifact_sftp + BASE.edifact_http + BASE.x12_sftp + BASE.x12_http
               + BASE.cxml + BASE.ubl)


def size_for(orders: int, faxes: int) -> DaySize:
    return BASE.scaled(max(orders - faxes, 1) / BASE_ORDERS, faxes=faxes)


def table(report: dict) -> str:
    rows = [f"{'channel':<8}{'sends':>7}{'retries':>9}{'sends/s':>9}{'orders':>8}{'p50 s':>9}{'p95 s':>9}{'max s':>9}"]
    for ch, c in report["channels"].items():
        rows.append(f"{ch:<8}{c['sends']:>7}{c['retries']:>9}{c['sends_per_s']:>9}{c['delivered_orders']:>8}"
                    f"{_f(c['p50_s']):>9}{_f(c['p95_s']):>9}{_f(c['max_s']):>9}")
    r = report["receipt_to_erp"]
    rows.append(f"{'all':<8}{report['sends']:>7}{report['retries']:>9}"
                f"{round(report['sends'] / max(report['sending_seconds'], 1e-3), 2):>9}"
                f"{report['delivered_orders']:>8}{_f(r['p50_s']):>9}{_f(r['p95_s']):>9}{_f(r['max_s']):>9}")
    return "\n".join(rows)


def _f(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orders", type=int, default=400, help="good orders in the day (faxes included)")
    parser.add_argument("--faxes", type=int, default=4, help="of which by fax (OCR: about 1 page/s)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--faults", action="store_true", help="two SIGKILLs + restarts, ERP down for 60 s")
    parser.add_argument("--spread", type=float, default=0.0, help="seconds to spread the sends over (0: flat out)")
    parser.add_argument("--json", action="store_true", help="also print the whole report as JSON")
    args = parser.parse_args(argv)
    command = " ".join([".venv/bin/python bench/bench_day.py", *map(shlex.quote, argv or sys.argv[1:])])
    plan = build_plan(args.seed, size_for(args.orders, args.faxes))
    faults = Faults.standard() if args.faults else Faults()
    with tempfile.TemporaryDirectory(prefix="bench_day_") as tmp:
        if args.backend == "postgresql":
            from testkit.pg_database import server_answers, temporary_database
            if why := server_answers():
                print(why)
                return 2
            with temporary_database("gateway_bench") as dsn:
                report = run_day(plan, Path(tmp), dsn=dsn, faults=faults, spread_s=args.spread)
        else:
            report = run_day(plan, Path(tmp), faults=faults, spread_s=args.spread)
    print(f"day of traffic: seed {args.seed}, backend {args.backend}, faults {'on' if args.faults else 'off'}; "
          f"{report['sends']} sends ({', '.join(f'{k} {v}' for k, v in report['expected'].items())})")
    print(table(report))
    print(f"sending {report['sending_seconds']} s, until settled {report['total_seconds']} s; "
          f"gateway CPU {report['cpu_seconds']} s, peak RSS {report['peak_rss_mb']} MB (process tree); "
          f"restarts {report['restarts']}; ERP POSTs {report['erp_posts_total']} "
          f"({report['erp_posts_accepted']} accepted, {report['erp_resends_same_key']} re-sent under the same key); "
          f"approved in review {len(report['approved_in_review'])}")
    print("checks: " + ("all passed" if not report["failures"] else f"{len(report['failures'])} FAILED"))
    for failure in report["failures"][:30]:
        print(f"  - {failure}")
    if args.json:
        print(json.dumps(report, indent=1, default=str))
    print(f"reproduce: {command}")
    return 0 if not report["failures"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
