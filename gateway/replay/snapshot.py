"""A gateway's store opened for replay: read-only, and seen as it stood at a given moment.

``open_replay_journal`` opens the journal of a running or stopped gateway without its lock file, its
migrations or its lease release: a SQLite file read-only (``mode=ro``, ``query_only``; ``immutable`` when
no gateway has it open, see ``ReadOnlySqliteJournal``), a PostgreSQL database in ``READ ONLY``
transactions. Every write the pipeline might attempt fails in the database.

``as_of(moment)`` bounds what the journal shows to the task that sets it: every statement the
journal runs (its own methods, whatever they are, and ``query``) sees the tables that carry a commit
time only up to that moment (``orders`` by ``created_at``, ``documents`` and ``interchanges`` by
``received_at``, ``events`` by ``at``). The bound is applied to the SQL in one place (``Db.execute``),
so dedup, PO history and anomaly look-ups, present and future, see the journal as it stood when the
replayed document was decided, and a week replayed is not a week of duplicates of itself.

``ReadOnlyArchive`` serves the archived bytes by path (folder archive) or copies them from the
database archive into a temporary folder, never into the store's own cache.
"""

from __future__ import annotations

import asyncio
import contextvars
import os
import re
import shutil
import sqlite3
import tempfile
import urllib.parse
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from gateway.config import Config
from gateway.errors import ConfigError
from gateway.store.journal import iso
from gateway.store.journal_schema import MIGRATIONS
from gateway.store.journal_sql import Db, Dialect, SqlJournal

T = TypeVar("T")

AS_OF: contextvars.ContextVar[datetime | None] = contextvars.ContextVar("replay_as_of", default=None)
# table -> the column telling when a row was committed
COMMIT_TIME = {"orders": "created_at", "documents": "received_at", "interchanges": "received_at",
               "events": "at", "customer_date_orders": "at"}
TABLE_REF = re.compile(r"\b(FROM|JOIN)\s+(" + "|".join(COMMIT_TIME) + r")\b(\s+(?:AS\s+)?(?!WHERE|ORDER|"
                       r"GROUP|LIMIT|JOIN|LEFT|INNER|ON|UNION)([a-z_]\w*))?", re.I)


def bounded_sql(sql: str, moment: datetime | None) -> str:
    """``sql`` with each bounded table named after FROM or JOIN (as every journal query names its
    tables; a comma join would not be bounded) replaced by its rows committed before ``moment``."""
    if moment is None:
        return sql
    stamp = iso(moment)
    assert stamp is not None and "'" not in stamp

    def swap(m: re.Match[str]) -> str:
        table, alias = m.group(2).lower(), m.group(4) or m.group(2)
        return (f"{m.group(1)} (SELECT * FROM {table} WHERE {COMMIT_TIME[table]} < '{stamp}') AS {alias}")
    return TABLE_REF.sub(swap, sql)


class AsOfDb(Db):
    """A read connection whose statements see the journal as it stood at one moment."""

    def __init__(self, db: Db, moment: datetime | None) -> None:
        super().__init__(db.conn, db.dialect, db._cursor)
        self.moment = moment

    def execute(self, sql: str, args=()) -> Any:
        return super().execute(bounded_sql(sql, self.moment), args)

    def executemany(self, sql: str, rows: list[tuple]) -> None:
        raise PermissionError("the replay journal is read-only")


class ReplayJournal(SqlJournal):
    """The journal's queries over a read-only connection, bounded by ``AS_OF`` of the calling task."""

    where = ""  # the journal's file or database, for messages

    async def _run(self, fn: Callable[[Db], T]) -> T:
        moment = AS_OF.get()  # read in the task: executor threads do not carry context
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, self._transaction, lambda db: fn(AsOfDb(db, moment)))

    async def _open(self) -> None:
        raise NotImplementedError

    async def close(self) -> None:
        raise NotImplementedError

    async def open(self) -> None:
        """Raises ConfigError when there is no gateway journal to read."""
        await self._open()
        try:
            rows = await self.query("SELECT max(version) AS v FROM schema_migrations")
        except Exception as exc:
            raise ConfigError(f"{self.where}: not a gateway journal ({type(exc).__name__}: {exc})") from None
        wanted = max(version for version, _ in MIGRATIONS)
        found = rows[0]["v"] or 0
        if found < wanted:  # replay cannot migrate: it never writes
            raise ConfigError(f"{self.where}: the journal's schema is version {found}, this gateway "
                              f"reads version {wanted}: start the gateway on it once to migrate it")
        if found > wanted:  # written by a newer gateway: its tables may mean what this code does not know
            raise ConfigError(f"{self.where}: the journal's schema is version {found}, newer than this gateway "
                              f"reads (version {wanted}): replay it with the gateway version that runs it")


class ReadOnlySqliteJournal(ReplayJournal):
    """A SQLite journal opened so that nothing is written beside it.

    Without a ``-wal`` file no gateway has the journal open (a running gateway keeps its WAL file until
    it closes, a crashed one leaves it): the file is opened ``immutable``, so SQLite creates no
    ``-wal``/``-shm`` files and a read-only folder or medium is read as it is. With a ``-wal`` file the
    journal is opened ``mode=ro``, reading the WAL (and sharing the running gateway's ``-shm``); when its
    folder is not writable (a crashed gateway's copy on a read-only medium), the journal and its WAL are
    first copied to a temporary folder. Do not start the gateway on a journal while a replay reads it
    immutable (it would not see the gateway's writes).
    """

    dialect = Dialect("sqlite")

    def __init__(self, path: Path, threads: int = 2) -> None:
        super().__init__(threads=threads)
        self.path = path
        self.where = str(path)
        self.uri = ""
        self._copy: tempfile.TemporaryDirectory | None = None
        self._local: dict[int, sqlite3.Connection] = {}

    def _connection(self) -> sqlite3.Connection:
        import threading
        key = threading.get_ident()
        conn = self._local.get(key)
        if conn is None:
            # mode=ro: SQLite refuses every write; a stopped gateway's WAL file is read, never checkpointed
            conn = sqlite3.connect(self.uri, uri=True, check_same_thread=False, timeout=30, isolation_level=None)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA query_only=1")
            self._local[key] = conn
        return conn

    def _transaction(self, fn: Callable[[Db], T]) -> T:
        conn = self._connection()
        conn.execute("BEGIN")  # one snapshot per operation
        try:
            return fn(Db(conn, self.dialect, conn.cursor))
        finally:
            conn.execute("ROLLBACK")

    async def _open(self) -> None:
        if not self.path.is_file():
            raise ConfigError(f"{self.path}: no journal there (journal.sqlite_path)")
        if not os.access(self.path, os.R_OK):
            raise ConfigError(f"{self.path}: the journal cannot be read (permission denied)")
        self.uri = await asyncio.to_thread(self._choose_uri)

    def _choose_uri(self) -> str:
        wal = Path(f"{self.path}-wal")
        if not wal.exists():
            return f"{_file_uri(self.path)}?mode=ro&immutable=1"
        if os.access(self.path.parent, os.W_OK):
            return f"{_file_uri(self.path)}?mode=ro"
        self._copy = tempfile.TemporaryDirectory(prefix="gateway-replay-journal-")
        copy = Path(self._copy.name) / self.path.name
        shutil.copyfile(self.path, copy)
        shutil.copyfile(wal, Path(f"{copy}-wal"))
        return f"{_file_uri(copy)}?mode=ro"

    async def close(self) -> None:
        def shut() -> None:
            for conn in self._local.values():
                conn.close()
        await asyncio.get_running_loop().run_in_executor(self._executor, shut)
        self._executor.shutdown(wait=True)
        if self._copy is not None:
            self._copy.cleanup()


def _file_uri(path: Path) -> str:
    return "file:" + urllib.parse.quote(str(path.resolve()))


class ReadOnlyPostgresJournal(ReplayJournal):
    dialect = Dialect("postgresql", placeholder="%s")

    def __init__(self, dsn: str, threads: int = 2) -> None:
        from gateway.store.pg import PgSessions
        super().__init__(threads=threads)
        self._sessions = PgSessions(dsn, application_name="order-gateway-replay")
        self.where = self._sessions.target

    def _transaction(self, fn: Callable[[Db], T]) -> T:
        def read(conn: Any) -> T:
            conn.execute("SET TRANSACTION READ ONLY")
            return fn(Db(conn, self.dialect, conn.cursor))
        return self._sessions.run(read)

    async def _open(self) -> None:
        return None

    async def close(self) -> None:
        self._executor.shutdown(wait=True)
        self._sessions.close()


def _dsn(config: Config) -> str:
    dsn = os.environ.get(config.journal.dsn_env)
    if not dsn:
        raise ConfigError(f"{config.source_file}: journal.dsn_env: environment variable "
                          f"{config.journal.dsn_env} is not set")
    return dsn


def open_replay_journal(store: Config) -> ReplayJournal:
    """The store's journal, read-only (call ``open``; raises ConfigError when there is none)."""
    if store.journal.backend == "postgresql":
        return ReadOnlyPostgresJournal(_dsn(store))
    return ReadOnlySqliteJournal(store.journal.sqlite_path)


class ReadOnlyArchive:
    """Archived bytes by sha256; documents kept in the database are copied to a temporary folder."""

    def __init__(self, store: Config, journal: ReplayJournal) -> None:
        self.database = store.archive.backend == "database"
        self.root = store.archive.path
        self.journal = journal
        self._tmp = tempfile.TemporaryDirectory(prefix="gateway-replay-") if self.database else None

    def check(self, store: Config) -> None:
        """Raises ConfigError when the store has no archive folder: a wrong ``archive.path`` must not
        look like a day of failed documents."""
        if not self.database and not self.root.is_dir():
            raise ConfigError(f"no archive at {self.root} (archive.path in {store.source_file or 'the config'})")

    def path_of(self, sha256: str) -> Path:
        if not self.database:
            return self.root / sha256[:2] / sha256[2:4] / sha256
        assert self._tmp is not None
        return Path(self._tmp.name) / sha256

    def exists(self, sha256: str) -> bool:
        return self.path_of(sha256).is_file()

    def get(self, sha256: str) -> bytes:
        return self.path_of(sha256).read_bytes()

    def put(self, data: bytes) -> str:
        raise PermissionError("the replay archive is read-only")

    async def fetch(self, sha256: str) -> bool:
        """Make a document's bytes readable at ``path_of``; False when the archive lacks them."""
        if not self.database:
            return self.exists(sha256)
        if self.exists(sha256):
            return True
        rows = await self.journal.query("SELECT data FROM archive WHERE sha256 = ?", (sha256,))
        if not rows:
            return False
        await asyncio.to_thread(self.path_of(sha256).write_bytes, bytes(rows[0]["data"]))
        return True

    def close(self) -> None:
        if self._tmp is not None:
            self._tmp.cleanup()
