"""What 100 wrong SFTP passwords cost the gateway and the guesser, with and without the login limiter.

    .venv/bin/python bench/bench_logins.py [--guesses 100]

The gateway runs in-process with one password account; OpenSSH ``sftp`` sends ``--guesses`` wrong
passwords on one connection (``NumberOfPasswordPrompts``). The limiter's clock is virtual: the delays
it enforces are added up, not waited, so the run is quick while the figure is the time a real guesser
would spend. Baseline row: the limiter with no delay and no hashing budget (what the gateway did
before: one scrypt hash per guess, answered at once); the last row keeps the default budget (30 hashes
per address per 15 minutes) with delays too short to matter, to show the budget binding. CPU is this process's user+system time during
the guesses (the hashes run in its threads).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from gateway.passwords import hash_password  # noqa: E402
from testkit.harness import running_gateway, write_config  # noqa: E402

NO_LIMIT = {"base_delay_s": 0.001, "max_source_delay_s": 0.001, "max_account_delay_s": 0,
            "max_checks_per_source": 1_000_000, "max_waiting_per_source": 1000}


SHORT = {"base_delay_s": 0.01, "max_source_delay_s": 0.1}  # the hashing budget is what binds then


class VirtualClock:
    def __init__(self) -> None:
        self.t = 0.0

    def now(self) -> float:
        return self.t

    async def sleep(self, seconds: float) -> None:
        self.t += seconds
        await asyncio.sleep(0)


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def guess(port: int, folder: Path, guesses: int) -> None:
    askpass = folder / "askpass.sh"
    askpass.write_text("#!/bin/sh\necho 'wrong guess'\n")
    askpass.chmod(0o700)
    env = {**{k: v for k, v in os.environ.items() if k != "SSH_AUTH_SOCK"},
           "SSH_ASKPASS": str(askpass), "SSH_ASKPASS_REQUIRE": "force", "DISPLAY": ":0"}
    proc = await asyncio.create_subprocess_exec(
        "sftp", "-F", "/dev/null", "-P", str(port), "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
        "-o", "LogLevel=ERROR", "-o", "BatchMode=no", "-o", "PreferredAuthentications=password",
        "-o", "PubkeyAuthentication=no", "-o", f"NumberOfPasswordPrompts={guesses}", "-b", "-", "dupont@127.0.0.1",
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL, env=env)
    await proc.communicate(b"ls\n")


async def run(label: str, logins: dict, guesses: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        config = write_config(root, {
            "sftp": {"enabled": True, "port": 0, "root": root / "sftp", "login_timeout_s": 600,
                     "host_key": root / "var" / "secrets" / "sftp_host_key",
                     "accounts": [{"username": "dupont", "partner": "C1002",
                                   "password_hash": hash_password("the real one")}]},
            "logins": logins})
        os.environ.setdefault("TEST_GATEWAY_API_KEY", "bench-key-0123456789")
        async with running_gateway(config) as gw:
            gw.ctx.logins.clock = clock = VirtualClock()
            cpu, wall = cpu_seconds(), time.monotonic()
            await guess(gw.ports["sftp"], root, guesses)
            cpu, wall = cpu_seconds() - cpu, time.monotonic() - wall
            hashes = gw.ctx.metrics.counter_value("gateway_login_password_checks_total", channel="sftp")
            failures = gw.ctx.logins.sources["127.0.0.1"].failures
    print(f"{label:<24} {failures:>7} {hashes:>7.0f} {cpu:>8.2f} {clock.t / 60:>12.1f} {wall:>8.1f}")


async def main_async(guesses: int) -> None:
    print(f"python bench/bench_logins.py --guesses {guesses}")
    print(f"{'limiter':<24} {'guesses':>7} {'hashes':>7} {'cpu s':>8} {'guesser min':>12} {'wall s':>8}")
    await run("none (baseline)", NO_LIMIT, guesses)
    await run("default [logins]", {}, guesses)
    await run("short delays, budget 30", SHORT, guesses)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--guesses", type=int, default=100)
    args = parser.parse_args(argv)
    asyncio.run(main_async(args.guesses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
