"""Password guessing: one limiter for every password login (SFTP, SMTP AUTH, operator console).

``LoginLimiter.check`` wraps the password check of each channel. It slows a guesser down and caps
the hashing work it can cause, without ever locking the real user out:

* **Per source** (the peer's address; an IPv6 peer's /64, which one host usually owns whole): after ``n`` failures within ``forget_after_s`` the next
  attempt from that address is answered only ``base_delay_s * factor**(n-1)`` seconds after the last
  failure (at most ``max_source_delay_s``). Attempts from one address are checked one at a time; once
  it has failed, at most ``max_waiting_per_source`` wait in line (more are refused at once, without
  hashing; an office behind one address logging in together is never refused), and at
  most ``max_checks_per_source`` password hashes are computed for one address per
  ``forget_after_s``: beyond that its attempts still wait their delay and fail without hashing. Only
  failed checks use up that budget; a successful login gives its hash back and ends the address's
  backoff (and the account's).
* **Per account**: failures against one account from any address delay further attempts on it by
  the same curve, but at most ``max_account_delay_s`` (a pause, never a lock-out), and not at all
  for an address that logged in to that account successfully within ``trust_after_login_s``.
  Logins with an SSH key never pass through here.
* Waiting happens with ``await`` (the event loop keeps serving everyone else) and the hash runs in
  a thread, at most ``max_concurrent_checks`` at a time across all sources.

Every outcome is logged (``login_failed``, ``login_delayed``, ``login_refused``, ``login_ok``) with
the channel, source and account name (escaped, cut to 64 characters), and counted in ``/metrics``:
``gateway_login_attempts_total{channel,outcome}``, ``gateway_login_password_checks_total{channel}``,
``gateway_login_delay_seconds_total{channel}``. The clock is injectable so tests can read the
enforced delays from the limiter's own state instead of timing anything.
"""

from __future__ import annotations

import asyncio
import ipaddress
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

import structlog

from gateway.config import LoginsSection
from gateway.metrics import Metrics
from gateway.names import shown_name

log = structlog.get_logger(__name__)

MAX_TRACKED = 50_000  # sources and accounts remembered at most; the oldest are forgotten first


def source_key(address: str | None) -> str:
    """The address failures are counted for: IPv4 as it is, IPv6 by its /64 (a host can pick any
    address in its /64, so counting single addresses would not slow it down)."""
    if not address:
        return "unknown"
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return address[:64]
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is None:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip.ipv4_mapped or ip) if isinstance(ip, ipaddress.IPv6Address) else str(ip)


class Clock(Protocol):
    def now(self) -> float: ...

    async def sleep(self, seconds: float) -> None: ...


class MonotonicClock:
    """The real clock: ``time.monotonic`` and ``asyncio.sleep``."""

    def now(self) -> float:
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


@dataclass
class Backoff:
    """Failures of one source or one account, and when the next attempt may be checked."""

    failures: int = 0
    last_failure: float = 0.0
    next_at: float = 0.0
    checks: int = 0  # password hashes computed in the current window (sources only)
    window_start: float = 0.0
    waiting: int = 0
    waits: deque[float] = field(default_factory=lambda: deque(maxlen=256))  # enforced delays, newest last
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


class LoginLimiter:
    """Backoff state for every channel's password logins (this node only)."""

    def __init__(self, cfg: LoginsSection, metrics: Metrics, clock: Clock | None = None) -> None:
        self.cfg = cfg
        self.metrics = metrics
        self.clock: Clock = clock or MonotonicClock()
        self.sources: dict[str, Backoff] = {}
        self.accounts: dict[str, Backoff] = {}
        self.trusted: dict[tuple[str, str], float] = {}  # (account, source) -> last successful login
        self._hashing = asyncio.Semaphore(cfg.max_concurrent_checks)

    def delay_after(self, failures: int) -> float:
        """The pause before the next attempt after ``failures`` recent failures (0 for none)."""
        if failures <= 0:
            return 0.0
        return min(self.cfg.base_delay_s * self.cfg.factor ** min(failures - 1, 64), self.cfg.max_source_delay_s)

    def _state(self, table: dict[str, Backoff], key: str) -> Backoff:
        now = self.clock.now()
        state = table.get(key)
        if state is None:
            if len(table) >= MAX_TRACKED:
                self._forget_oldest(table)
            state = table[key] = Backoff(window_start=now)
        if state.failures and now - state.last_failure > self.cfg.forget_after_s:
            state.failures, state.next_at = 0, 0.0
        if now - state.window_start > self.cfg.forget_after_s:
            state.checks, state.window_start = 0, now
        return state

    @staticmethod
    def _forget_oldest(table: dict[str, Backoff]) -> None:
        idle = [k for k, s in table.items() if not s.waiting]
        for key in sorted(idle, key=lambda k: table[k].last_failure)[: max(1, len(table) // 10)]:
            del table[key]

    def _is_trusted(self, account: str, source: str) -> bool:
        since = self.trusted.get((account, source))
        return since is not None and self.clock.now() - since <= self.cfg.trust_after_login_s

    def _wait_for(self, src: Backoff, acct: Backoff, trusted: bool) -> float:
        now = self.clock.now()
        wait = max(0.0, src.next_at - now)
        if not trusted and acct.failures:
            account_delay = min(self.delay_after(acct.failures), self.cfg.max_account_delay_s)
            wait = max(wait, acct.last_failure + account_delay - now)
        return wait

    async def check(self, channel: str, source: str | None, account: str, verify: Callable[[], bool]) -> bool:
        """Whether ``verify`` (the CPU-bound password check, run in a thread) accepted the login,
        answered only after this source's and account's delay. Never raises for a wrong password."""
        source = source_key(source)
        src = self._state(self.sources, source)
        bound = log.bind(channel=channel, source=source, account=shown_name(account, 64))
        if src.failures and src.waiting >= self.cfg.max_waiting_per_source:
            return self._refused(channel, bound, "too-many-waiting")
        src.waiting += 1
        try:
            async with src.lock:
                return await self._checked(channel, source, account, src, verify, bound)
        finally:
            src.waiting -= 1

    async def _checked(self, channel: str, source: str, account: str, src: Backoff,
                       verify: Callable[[], bool], bound) -> bool:
        acct = self._state(self.accounts, account)
        trusted = self._is_trusted(account, source)
        wait = self._wait_for(src, acct, trusted)
        src.waits.append(wait)
        if wait > 0:
            self.metrics.inc("gateway_login_delay_seconds_total", wait, channel=channel)
            bound.info("login_delayed", delay_s=round(wait, 3), source_failures=src.failures,
                       account_failures=acct.failures)
            await self.clock.sleep(wait)
        src = self._state(self.sources, source)  # the window may have moved on while waiting
        if src.checks >= self.cfg.max_checks_per_source:
            self._failed(channel, source, account, bound, hashed=False)
            return False
        src.checks += 1
        self.metrics.inc("gateway_login_password_checks_total", channel=channel)
        async with self._hashing:
            ok = await asyncio.to_thread(verify)
        if ok:
            self._succeeded(channel, source, account, bound)
        else:
            self._failed(channel, source, account, bound, hashed=True)
        return ok

    def _succeeded(self, channel: str, source: str, account: str, bound) -> None:
        """A right password: it does not use up the address's hashing budget (only failures do: an office
        logging in all day is never locked out), and it ends the account's and the address's backoff."""
        now = self.clock.now()
        acct = self._state(self.accounts, account)
        acct.failures, acct.next_at = 0, 0.0
        src = self._state(self.sources, source)
        src.checks = max(0, src.checks - 1)
        src.failures, src.next_at = 0, 0.0
        if len(self.trusted) >= MAX_TRACKED:
            self.trusted.clear()
        self.trusted[(account, source)] = now
        self.metrics.inc("gateway_login_attempts_total", channel=channel, outcome="ok")
        bound.info("login_ok")

    def _failed(self, channel: str, source: str, account: str, bound, *, hashed: bool) -> None:
        now = self.clock.now()
        for state in (self._state(self.sources, source), self._state(self.accounts, account)):
            state.failures += 1
            state.last_failure = now
            state.next_at = now + self.delay_after(state.failures)
        src = self.sources[source]
        outcome = "failed" if hashed else "failed-unchecked"
        self.metrics.inc("gateway_login_attempts_total", channel=channel, outcome=outcome)
        bound.warning("login_failed", source_failures=src.failures, checked=hashed,
                      next_delay_s=round(self.delay_after(src.failures), 3))

    def spent(self, source: str | None) -> bool:
        """Whether this address used up its hashing budget (its logins are refused unchecked for now)."""
        state = self.sources.get(source_key(source))
        return state is not None and state.checks >= self.cfg.max_checks_per_source

    def _refused(self, channel: str, bound, reason: str) -> bool:
        self.metrics.inc("gateway_login_attempts_total", channel=channel, outcome="refused")
        bound.warning("login_refused", reason=reason)
        return False
