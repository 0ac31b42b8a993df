"""Throw-away PostgreSQL databases for tests and benchmarks.

The server is the local one unless ``GATEWAY_TEST_PG_DSN`` names another (a DSN for a maintenance
database such as ``postgres`` on a role allowed to create databases). Each test module or bench run
makes its own ``gateway_test_<random>`` database and drops it afterwards; no other database is
touched.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator

import psycopg
from psycopg import sql
from psycopg.conninfo import make_conninfo

DEFAULT_SERVER_DSN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres connect_timeout=3"


def server_dsn() -> str:
    return os.environ.get("GATEWAY_TEST_PG_DSN", DEFAULT_SERVER_DSN)


def server_answers() -> str | None:
    """None when the server answers, else why not (the reason a test is skipped)."""
    try:
        with psycopg.connect(server_dsn(), autocommit=True) as conn:
            conn.execute("SELECT 1")
        return None
    except psycopg.OperationalError as exc:
        return f"no PostgreSQL server answers at {server_dsn()!r}: {str(exc).splitlines()[0]}"


def create_database(prefix: str = "gateway_test") -> str:
    """Create an empty database and return its DSN."""
    name = f"{prefix}_{secrets.token_hex(4)}"
    with psycopg.connect(server_dsn(), autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return make_conninfo(server_dsn(), dbname=name)


def drop_database(dsn: str) -> None:
    name = psycopg.conninfo.conninfo_to_dict(dsn)["dbname"]
    assert isinstance(name, str) and name.startswith(("gateway_test_", "gateway_bench_"))
    with psycopg.connect(server_dsn(), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@contextlib.contextmanager
def temporary_database(prefix: str = "gateway_test") -> Iterator[str]:
    """A fresh database's DSN for the duration of the block."""
    dsn = create_database(prefix)
    try:
        yield dsn
    finally:
        drop_database(dsn)
