"""PostgreSQL connections for the journal and the database archive.

``PgSessions`` gives each worker thread its own psycopg 3 connection (thread-local, made on first use)
and runs one function per transaction. A transaction that fails on a transient fault (connection
lost, serialization failure, deadlock, server shutting down) is rolled back and run again on a fresh
connection a few times; if the fault persists, ``IntakeError(code="JOURNAL-UNAVAILABLE")`` is raised
so channels answer "try again". A fault *during* COMMIT is never retried: the commit may have
happened, so the caller is told the journal is unavailable and the work is recovered by its lease.

The DSN is never logged; ``describe_dsn`` gives host, port, database and user for log lines.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from types import MappingProxyType
from typing import Any, TypeVar

import psycopg
import structlog
from psycopg.conninfo import conninfo_to_dict, make_conninfo
from psycopg.rows import dict_row

from gateway.errors import ConfigError, IntakeError

T = TypeVar("T")
log = structlog.get_logger(__name__)

# libpq settings used unless the DSN sets them: fail fast on connect, notice a dead server.
CONNECT_DEFAULTS: MappingProxyType[str, Any] = MappingProxyType({
    "connect_timeout": 5, "keepalives": 1, "keepalives_idle": 30, "keepalives_interval": 10,
    "keepalives_count": 3})
SERVER_KEEPALIVES = (("tcp_keepalives_idle", 30), ("tcp_keepalives_interval", 10),
                     ("tcp_keepalives_count", 3))
ATTEMPTS = 4
BACKOFF_S = 0.05


def describe_dsn(dsn: str) -> str:
    """``user@host:port/dbname`` for logs: never the password."""
    try:
        info = conninfo_to_dict(dsn)
    except psycopg.ProgrammingError:
        return "<invalid dsn>"
    host = info.get("host") or info.get("hostaddr") or "local socket"
    return f"{info.get('user', '')}@{host}:{info.get('port', 5432)}/{info.get('dbname', '')}"


def with_defaults(dsn: str, application_name: str) -> str:
    """The DSN with this module's connection defaults where it does not set them itself.

    Raises ConfigError for a DSN libpq cannot parse (without quoting it: it may hold a password)."""
    try:
        info = conninfo_to_dict(dsn)
    except psycopg.ProgrammingError:
        raise ConfigError("the PostgreSQL DSN (journal.dsn_env) is not a valid connection string",
                          code="CONFIG-DSN") from None
    extra = {k: v for k, v in {**CONNECT_DEFAULTS, "application_name": application_name}.items()
             if k not in info}
    return make_conninfo(dsn, **extra)


def unavailable(exc: BaseException, what: str = "journal") -> IntakeError:
    """The typed error channels translate into "try again" (SMTP 451, HTTP 503, SFTP failure)."""
    reason = getattr(exc, "sqlstate", None) or type(exc).__name__
    return IntakeError(f"{what} unavailable ({reason})", code="JOURNAL-UNAVAILABLE", retryable=True)


def connect(dsn: str, *, autocommit: bool = False) -> psycopg.Connection:
    """One connection returning rows as dicts; raises psycopg.OperationalError.

    The server probes the connection too (``tcp_keepalives_*``), so the session of a node whose
    host vanished ends within about a minute and the advisory locks it held are dropped."""
    conn = psycopg.connect(dsn, autocommit=autocommit, row_factory=dict_row)  # type: ignore[arg-type]
    try:
        for name, value in SERVER_KEEPALIVES:
            conn.execute(f"SET {name} = {value}")
        if not autocommit:
            conn.commit()
    except psycopg.Error:
        conn.close()
        raise
    return conn


class PgSessions:
    """A connection per thread; ``run(fn)`` is one transaction, retried on transient faults."""

    def __init__(self, dsn: str, *, application_name: str = "order-gateway",
                 attempts: int = ATTEMPTS) -> None:
        self._dsn = with_defaults(dsn, application_name)
        self.target = describe_dsn(dsn)
        self.attempts = attempts
        self._local = threading.local()
        self._lock = threading.Lock()
        self._open: set[psycopg.Connection] = set()
        self._rng = random.Random()

    def connection(self) -> psycopg.Connection:
        conn: psycopg.Connection | None = getattr(self._local, "conn", None)
        if conn is not None and not conn.closed and not conn.broken:
            return conn
        if conn is not None:
            self._discard(conn)
        conn = connect(self._dsn)
        self._local.conn = conn
        with self._lock:
            self._open.add(conn)
        return conn

    def _discard(self, conn: psycopg.Connection) -> None:
        with self._lock:
            self._open.discard(conn)
        if getattr(self._local, "conn", None) is conn:
            self._local.conn = None
        try:
            conn.close()
        except psycopg.Error:
            pass

    def _rollback(self, conn: psycopg.Connection) -> None:
        if conn.closed or conn.broken:
            self._discard(conn)
            return
        try:
            conn.rollback()
        except psycopg.Error:
            self._discard(conn)

    def _pause(self, attempt: int) -> None:
        time.sleep(BACKOFF_S * 4 ** (attempt - 1) * (0.5 + self._rng.random()))

    def run(self, fn: Callable[[psycopg.Connection], T], what: str = "journal") -> T:
        """Run ``fn`` in one transaction and commit; raises IntakeError(JOURNAL-UNAVAILABLE)."""
        last: BaseException | None = None
        for attempt in range(1, self.attempts + 1):
            if attempt > 1:
                self._pause(attempt - 1)
            try:
                conn = self.connection()
            except psycopg.OperationalError as exc:
                last = exc
                continue
            try:
                result = fn(conn)
            except psycopg.OperationalError as exc:  # nothing was committed: safe to run again
                self._rollback(conn)
                last = exc
                continue
            except BaseException:
                self._rollback(conn)
                raise
            try:
                conn.commit()
            except psycopg.errors.TransactionRollback as exc:  # refused at commit: nothing applied
                self._rollback(conn)
                last = exc
                continue
            except psycopg.Error as exc:  # the commit may or may not have happened
                self._discard(conn)
                log.warning("pg_commit_unknown", target=self.target, error=exc.sqlstate or type(exc).__name__)
                raise unavailable(exc, what) from exc
            return result
        assert last is not None
        log.warning("pg_unavailable", target=self.target, attempts=self.attempts,
                    error=getattr(last, "sqlstate", None) or type(last).__name__)
        raise unavailable(last, what) from last

    def close(self) -> None:
        """Close every connection made (call once no thread uses them any more)."""
        with self._lock:
            conns, self._open = list(self._open), set()
        for conn in conns:
            try:
                conn.close()
            except psycopg.Error:
                pass
