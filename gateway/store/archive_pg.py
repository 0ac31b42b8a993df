"""The raw-document archive in PostgreSQL, for nodes that share a database but no folder.

``archive.backend = "database"`` keeps each document's bytes in ``archive(sha256, size, data BYTEA)``,
in the journal's database (DSN from ``journal.dsn_env``). ``put`` commits the row before it returns,
so the bytes are as durable as the journal row that will point at them; the same bytes stored twice
take one row. Extraction workers read files, so ``path_of`` materialises a document into a local
cache folder (``archive.path``) on first use, written to a temporary name and renamed into place;
the cache is only a copy and may be emptied at any time.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import psycopg

from gateway.config import Config
from gateway.errors import ConfigError, IntakeError
from gateway.store.pg import PgSessions

T = TypeVar("T")

SCHEMA_LOCK = (18264, 2)  # pg_advisory_xact_lock key held while creating the table
TABLE = ("CREATE TABLE IF NOT EXISTS archive (sha256 TEXT PRIMARY KEY, size BIGINT NOT NULL, "
         "data BYTEA NOT NULL, stored_at TIMESTAMPTZ NOT NULL DEFAULT now())")


class DatabaseArchive:
    """Content-addressed bytes in PostgreSQL, with a local file cache for the extraction workers."""

    def __init__(self, dsn: str, cache: Path) -> None:
        self._sessions = PgSessions(dsn, application_name="order-gateway-archive")
        weakref.finalize(self, self._sessions.close)  # the gateway has no archive close step
        self.cache = cache
        self._tmp = cache / "tmp"
        self._ready = False
        self._ready_lock = threading.Lock()

    @classmethod
    def from_config(cls, config: Config) -> DatabaseArchive:
        """Raises ConfigError unless the journal is PostgreSQL with its DSN set."""
        src = config.source_file
        if config.journal.backend != "postgresql":
            raise ConfigError(f"{src}: archive.backend: \"database\" needs journal.backend = \"postgresql\"")
        dsn = os.environ.get(config.journal.dsn_env)
        if not dsn:
            raise ConfigError(f"{src}: journal.dsn_env: environment variable "
                              f"{config.journal.dsn_env} is not set")
        return cls(dsn, config.archive.path)

    def _run(self, fn: Callable[[psycopg.Connection], T]) -> T:
        if not self._ready:
            with self._ready_lock:
                if not self._ready:
                    self._sessions.run(self._create_table, "archive")
                    self._ready = True
        return self._sessions.run(fn, "archive")

    @staticmethod
    def _create_table(conn: psycopg.Connection) -> None:
        conn.execute(f"SELECT pg_advisory_xact_lock({SCHEMA_LOCK[0]}, {SCHEMA_LOCK[1]})")
        conn.execute(TABLE)

    def put(self, data: bytes) -> str:
        """Store bytes durably and return their sha256; raises IntakeError if the database refuses."""
        digest = hashlib.sha256(data).hexdigest()
        try:
            self._run(lambda conn: conn.execute(
                "INSERT INTO archive (sha256, size, data) VALUES (%s, %s, %s) ON CONFLICT DO NOTHING",
                (digest, len(data), data)))
        except IntakeError as exc:
            raise IntakeError(f"archive write failed: {exc.message}", code="INTAKE-ARCHIVE") from exc
        return digest

    def get(self, sha256: str) -> bytes:
        """The stored bytes; raises FileNotFoundError if there are none, IntakeError if the database is down."""
        row = self._run(lambda conn: conn.execute(
            "SELECT data FROM archive WHERE sha256 = %s", (sha256,)).fetchone())
        if row is None:
            raise FileNotFoundError(f"archive has no document {sha256}")
        return bytes(row["data"])

    def exists(self, sha256: str) -> bool:
        if self._cached(sha256).is_file():
            return True
        return self._run(lambda conn: conn.execute(
            "SELECT 1 FROM archive WHERE sha256 = %s", (sha256,)).fetchone()) is not None

    def _cached(self, sha256: str) -> Path:
        return self.cache / sha256[:2] / sha256[2:4] / sha256

    def path_of(self, sha256: str) -> Path:
        """A local file holding the document, fetched into the cache on first use.

        A document the database does not hold gives a path that does not exist (as FolderArchive does)."""
        path = self._cached(sha256)
        if path.is_file():
            return path
        try:
            data = self.get(sha256)
        except FileNotFoundError:
            return path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._tmp.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=self._tmp, prefix=sha256[:8], suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp_name, path)
        except BaseException:
            Path(tmp_name).unlink(missing_ok=True)
            raise
        return path

    def verify(self, sha256: str) -> bool:
        return hashlib.sha256(self.get(sha256)).hexdigest() == sha256

    def close(self) -> None:
        self._sessions.close()
