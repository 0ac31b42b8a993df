"""Password guessing against every login, with real clients: OpenSSH ``sftp``, ``smtplib`` AUTH and
the console's login form over HTTP.

The gateway runs in-process with the default ``[logins]`` settings; its limiter is given a virtual
clock, so the delays it enforces (1 s, 2 s, 4 s ... 60 s) are read from its own state and pass
instantly instead of being timed. Guesses come from 127.0.0.1; the real user logs in from 127.0.0.2
(another address) or with a key while the guessing goes on.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import os
import re
import shutil
import smtplib
import subprocess
from pathlib import Path

import aiohttp
import pytest

from gateway.config import LoginsSection
from gateway.errors import ConfigError
from gateway.login_limits import LoginLimiter, source_key
from gateway.metrics import Metrics
from testkit.harness import CORPUS, running_gateway, write_config
from tests.smtp_helpers import ORDERS_TO, client_tls

PASSWORD = "correct horse battery staple"
ATTACKER, USER_ADDRESS = "127.0.0.1", "127.0.0.2"
PURCHASE_ORDER = CORPUS / "edifact" / "PurchaseOrder.txt"
DEFAULTS = LoginsSection()
RAMP = [0.0, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 60.0, 60.0]  # waits before the 1st, 2nd ... guess


class VirtualClock:
    """The limiter's clock in tests: sleeping moves time on at once. While ``held`` is cleared, pauses
    longer than any account delay (only a guesser's) wait for it, so a test can log the real user in
    while the guessing is certainly still going on."""

    def __init__(self) -> None:
        self.t = 1_000.0
        self.held = asyncio.Event()
        self.held.set()

    def now(self) -> float:
        return self.t

    async def sleep(self, seconds: float) -> None:
        if seconds > DEFAULTS.max_account_delay_s:
            await self.held.wait()
        self.t += seconds
        await asyncio.sleep(0)


def cheap_hash(password: str) -> str:
    """A valid pbkdf2 hash at the lowest accepted cost: what is measured here is how often the gateway
    hashes, not how long one hash takes."""
    salt = os.urandom(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 10_000)
    return f"pbkdf2_sha256$10000${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


def make_key(folder: Path) -> Path:
    key = folder / "partner"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
    return key


@pytest.fixture
def key(tmp_path: Path) -> Path:
    return make_key(tmp_path)


@pytest.fixture
async def gw(tmp_path: Path, key: Path):
    root = tmp_path / "gw"
    pub = key.with_suffix(".pub").read_text().strip()
    secret = cheap_hash(PASSWORD)
    config = write_config(root, {
        "sftp": {"enabled": True, "host": "127.0.0.1", "port": 0, "root": root / "sftp",
                 "host_key": root / "var" / "secrets" / "sftp_host_key",
                 "accounts": [{"username": "dupont", "partner": "C1002", "password_hash": secret,
                               "authorized_keys": [pub]}], "login_timeout_s": 300},
        "smtp": {"enabled": True, "port": 0, "tls_cert": root / "tls" / "smtp.crt", "tls_key": root / "tls" / "smtp.key",
                 "recipients": [ORDERS_TO], "users": [{"username": "rep", "password_hash": secret}]},
        "console": {"users": [{"username": "alice", "password_hash": secret, "role": "operator"}]},
    })
    async with running_gateway(config) as gateway:
        gateway.ctx.logins.clock = VirtualClock()
        yield gateway


def waits(gw, source: str = ATTACKER) -> list[float]:
    return list(gw.ctx.logins.sources[source].waits)


def assert_slowed_exponentially(gw, channel: str, guesses: int) -> None:
    """The enforced waits double from 1 s to the 60 s cap; the guesses took over a minute in all; the
    password hashes they caused stay within the per-address budget."""
    limiter, metrics = gw.ctx.logins, gw.ctx.metrics
    seen = waits(gw)
    assert seen[:len(RAMP)] == RAMP[:len(seen)]
    assert all(w <= DEFAULTS.max_source_delay_s for w in seen)
    assert sum(seen) >= 60
    windows = 1 + int((limiter.clock.now() - 1_000.0) // DEFAULTS.forget_after_s)
    hashed = metrics.counter_value("gateway_login_password_checks_total", channel=channel)
    assert hashed <= DEFAULTS.max_checks_per_source * windows + 2  # + the real user's own logins
    failed = sum(metrics.counter_value("gateway_login_attempts_total", channel=channel, outcome=o)
                 for o in ("failed", "failed-unchecked", "refused"))
    assert failed >= guesses


# --- SFTP ------------------------------------------------------------------------------------


async def sftp(gw, commands: str, tmp_path: Path, *, password: str | None = None, key: Path | None = None,
               bind: str = ATTACKER, prompts: int = 1) -> tuple[int, str]:
    """One OpenSSH ``sftp`` batch as ``dupont`` from ``bind``; a password answers every prompt."""
    args = ["sftp", "-F", "/dev/null", "-P", str(gw.ports["sftp"]), "-o", "StrictHostKeyChecking=no",
            "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-o", f"BindAddress={bind}"]
    env = {k: v for k, v in os.environ.items() if k != "SSH_AUTH_SOCK"}
    if key is not None:
        args += ["-i", str(key), "-o", "IdentitiesOnly=yes", "-o", "PreferredAuthentications=publickey"]
    else:
        script = tmp_path / f"askpass-{bind}.sh"
        script.write_text(f"#!/bin/sh\necho '{password}'\n")
        script.chmod(0o700)
        env |= {"SSH_ASKPASS": str(script), "SSH_ASKPASS_REQUIRE": "force", "DISPLAY": ":0"}
        args += ["-o", "BatchMode=no", "-o", "PreferredAuthentications=password", "-o", "PubkeyAuthentication=no",
                 "-o", f"NumberOfPasswordPrompts={prompts}"]
    args += ["-b", "-", "dupont@127.0.0.1"]
    proc = await asyncio.create_subprocess_exec(*args, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
                                                stderr=asyncio.subprocess.STDOUT, env=env, cwd=tmp_path,
                                                start_new_session=True)
    out, _ = await asyncio.wait_for(proc.communicate(commands.encode()), timeout=120)
    return proc.returncode or 0, out.decode(errors="replace")


async def failures_reach(gw, source: str, n: int) -> None:
    while source not in gw.ctx.logins.sources or gw.ctx.logins.sources[source].failures < n:
        await asyncio.sleep(0.02)


@pytest.mark.skipif(shutil.which("sftp") is None, reason="OpenSSH sftp client not installed")
async def test_sftp_password_guessing_is_slowed_while_the_real_user_logs_in(gw, tmp_path, key):
    guesses = 100
    clock = gw.ctx.logins.clock
    clock.held.clear()  # the guesser's pauses over 8 s wait until the real user is in
    attack = asyncio.create_task(sftp(gw, "ls\n", tmp_path, password="guess", prompts=guesses))
    await asyncio.wait_for(failures_reach(gw, ATTACKER, 5), timeout=120)
    rc, out = await sftp(gw, f"put {PURCHASE_ORDER} in/po.edi\n", tmp_path, password=PASSWORD, bind=USER_ADDRESS)
    assert rc == 0, out
    assert max(waits(gw, USER_ADDRESS)) <= DEFAULTS.max_account_delay_s  # a pause, never a lock-out
    rc, out = await sftp(gw, "ls in\n", tmp_path, key=key)  # a key, from the guesser's own address
    assert rc == 0, out
    assert not attack.done() and gw.ctx.logins.sources[ATTACKER].failures < guesses
    clock.held.set()
    rc, out = await attack
    assert rc != 0 and "Permission denied" in out
    assert gw.ctx.logins.sources[ATTACKER].failures == guesses
    assert_slowed_exponentially(gw, "sftp", guesses)


# --- SMTP AUTH -------------------------------------------------------------------------------


def smtp_auth(port: int, password: str, tries: int, bind: str) -> list[int]:
    """``tries`` AUTH PLAIN attempts on one STARTTLS session from ``bind``; the reply codes."""
    codes = []
    with smtplib.SMTP("127.0.0.1", port, timeout=60, source_address=(bind, 0)) as client:
        client.starttls(context=client_tls())
        client.ehlo()
        client.user, client.password = "rep", password
        for _ in range(tries):
            try:
                code, _text = client.auth("PLAIN", client.auth_plain)
            except smtplib.SMTPAuthenticationError as exc:
                code = exc.smtp_code
            codes.append(code)
    return codes


async def test_smtp_auth_guessing_is_slowed_while_the_real_user_logs_in(gw):
    port = gw.ports["smtp"]
    codes: list[int] = []
    for session in range(20):  # 5 AUTH commands per session, 100 guesses
        codes += await asyncio.to_thread(smtp_auth, port, "guess", 5, ATTACKER)
        if session == 10:
            assert await asyncio.to_thread(smtp_auth, port, PASSWORD, 1, USER_ADDRESS) == [235]
    assert codes == [535] * 100
    assert max(waits(gw, USER_ADDRESS)) <= DEFAULTS.max_account_delay_s
    assert_slowed_exponentially(gw, "smtp", 100)


# --- console ---------------------------------------------------------------------------------


async def console_login(base: str, password: str, bind: str) -> int:
    connector = aiohttp.TCPConnector(local_addr=(bind, 0))
    async with aiohttp.ClientSession(connector=connector, cookie_jar=aiohttp.DummyCookieJar()) as session:
        async with session.get(f"{base}/console/login") as resp:
            token = re.search(r'name="csrf_token" value="([^"]+)"', await resp.text()).group(1)
        form = {"username": "alice", "password": password, "csrf_token": token}
        async with session.post(f"{base}/console/login", data=form, allow_redirects=False,
                                headers={"Origin": base, "Cookie": f"gw_console_login={token}"}) as resp:
            return resp.status


async def test_wrong_console_passwords_never_lock_the_clerk_out(gw):
    base = f"http://127.0.0.1:{gw.ports['http']}"
    statuses = [await console_login(base, "guess", ATTACKER) for _ in range(30)]
    assert statuses == [401] * 30  # slowed, never 429 for everyone
    assert await console_login(base, PASSWORD, USER_ADDRESS) == 303
    assert max(waits(gw, USER_ADDRESS)) <= DEFAULTS.max_account_delay_s
    assert await console_login(base, PASSWORD, USER_ADDRESS) == 303
    assert waits(gw, USER_ADDRESS)[-1] == 0  # an address that logged in is not slowed by others' guesses
    assert_slowed_exponentially(gw, "console", 30)
    async with aiohttp.ClientSession() as session, session.get(f"{base}/metrics") as resp:
        text = await resp.text()
    assert 'gateway_login_attempts_total{channel="console",outcome="ok"} 2' in text

    assert 'gateway_login_delay_seconds_total{channel="console"}' in text


# --- the limiter and its settings ------------------------------------------------------------


def test_failures_are_counted_per_ipv4_address_and_per_ipv6_64():
    assert source_key("192.0.2.7") == "192.0.2.7" and source_key("::ffff:192.0.2.7") == "192.0.2.7"
    assert source_key("2001:db8:1:2:aaaa::1") == source_key("2001:db8:1:2:bbbb::9") == "2001:db8:1:2::/64"
    assert source_key(None) == "unknown"


def test_backoff_doubles_up_to_the_cap():
    limiter = LoginLimiter(DEFAULTS, Metrics(), VirtualClock())
    assert [limiter.delay_after(n) for n in range(10)] == [0.0, *RAMP[1:], 60.0]


async def test_waiting_guesses_from_one_address_are_bounded():
    clock = VirtualClock()
    limiter = LoginLimiter(DEFAULTS, Metrics(), clock)
    hashed = []
    gate = asyncio.Event()

    def verify() -> bool:
        hashed.append(1)
        return False

    async def slow_sleep(seconds: float) -> None:
        await gate.wait()
    clock.sleep = slow_sleep  # type: ignore[method-assign]
    await limiter.check("sftp", ATTACKER, "x", verify)
    tries = [asyncio.create_task(limiter.check("sftp", ATTACKER, "x", verify)) for _ in range(10)]
    await asyncio.sleep(0.05)
    refused = [t for t in tries if t.done()]
    assert len(refused) == 10 - DEFAULTS.max_waiting_per_source and not any(t.result() for t in refused)
    gate.set()
    assert not any(await asyncio.gather(*tries))
    assert len(hashed) == 1 + DEFAULTS.max_waiting_per_source


async def test_many_users_behind_one_address_log_in_together():
    limiter = LoginLimiter(DEFAULTS, Metrics(), VirtualClock())
    results = await asyncio.gather(*(limiter.check("console", "10.0.0.1", f"user{n}", lambda: True)
                                     for n in range(3 * DEFAULTS.max_waiting_per_source)))
    assert all(results) and max(limiter.sources["10.0.0.1"].waits) == 0


@pytest.mark.parametrize("bad", [{"max_source_delay_s": 0.5}, {"factor": 0.5}, {"max_waiting": 3}])
def test_login_settings_are_validated(tmp_path, bad):
    from gateway.config import load_config
    path = write_config(tmp_path, {"logins": bad})
    with pytest.raises(ConfigError, match="logins"):
        load_config(path)


async def test_a_clerks_own_successful_logins_never_use_up_the_address_budget():
    """D13: many right passwords from one address (a desk behind one NAT) never lock anyone out, and a
    success ends that address's backoff."""
    clock = VirtualClock()
    limiter = LoginLimiter(DEFAULTS, Metrics(), clock)
    for n in range(3 * DEFAULTS.max_checks_per_source):
        assert await limiter.check("console", "10.0.0.9", f"clerk{n % 3}", lambda: True)
    assert not await limiter.check("console", "10.0.0.9", "clerk0", lambda: False)
    assert limiter.sources["10.0.0.9"].failures == 1
    assert await limiter.check("console", "10.0.0.9", "clerk0", lambda: True)
    assert limiter.sources["10.0.0.9"].failures == 0 and limiter.sources["10.0.0.9"].next_at == 0.0
    assert max(limiter.sources["10.0.0.9"].waits) <= RAMP[1]


async def test_an_address_whose_budget_is_spent_is_told_so():
    """D13: once an address has used up its hashing budget the console says so (429), not "wrong password"."""
    class StillClock(VirtualClock):
        async def sleep(self, seconds: float) -> None:  # the window never moves on
            await asyncio.sleep(0)
    limiter = LoginLimiter(DEFAULTS, Metrics(), StillClock())
    for _ in range(DEFAULTS.max_checks_per_source):
        assert not limiter.spent("10.0.0.7")
        assert not await limiter.check("console", "10.0.0.7", "mallory", lambda: False)
    assert limiter.spent("10.0.0.7") and not limiter.spent("10.0.0.8")
