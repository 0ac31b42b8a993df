"""Operator-console sessions: created at login, looked up on every console request, ended at logout.

Sessions are server-side. The browser holds only a random token in an HttpOnly cookie; the store
keeps its SHA-256 (a copy of the table does not hand out live sessions), the user name, the role
at login, the CSRF token of the session and the expiry. The expiry slides: a session used in the
second half of its lifetime is renewed for a full ``session_ttl_minutes``.

Two stores behind one protocol:

* ``JournalSessionStore`` keeps them in the journal table ``console_sessions`` (migration 2), so
  every node of a cluster sharing one journal accepts the same login;
* ``MemorySessionStore`` keeps them in the process, for a journal that is not SQL-backed.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any, Protocol

from gateway.store.journal import iso, utcnow


@dataclass(frozen=True)
class Session:
    username: str
    role: str
    csrf_token: str
    expires_at: datetime


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


class SessionStore(Protocol):
    async def create(self, username: str, role: str) -> tuple[str, Session]:
        """A new session; returns the cookie token (shown once, stored hashed) and the session."""

    async def get(self, token: str) -> Session | None:
        """The live session of ``token`` (renewed when past half its life), else None."""

    async def delete(self, token: str) -> None: ...


class _Sliding:
    """Expiry arithmetic both stores share."""

    def __init__(self, ttl: timedelta) -> None:
        self.ttl = ttl

    def fresh(self, now: datetime) -> datetime:
        return now + self.ttl

    def needs_renewal(self, expires_at: datetime, now: datetime) -> bool:
        return expires_at - now < self.ttl / 2


class MemorySessionStore(_Sliding):
    """Sessions held by this process only (lost at restart, not shared between nodes)."""

    def __init__(self, ttl: timedelta) -> None:
        super().__init__(ttl)
        self._sessions: dict[str, Session] = {}

    async def create(self, username: str, role: str) -> tuple[str, Session]:
        now = utcnow()
        self._sessions = {k: s for k, s in self._sessions.items() if s.expires_at > now}
        token = new_token()
        session = Session(username, role, new_token(), self.fresh(now))
        self._sessions[token_hash(token)] = session
        return token, session

    async def get(self, token: str) -> Session | None:
        key, now = token_hash(token), utcnow()
        session = self._sessions.get(key)
        if session is None or session.expires_at <= now:
            self._sessions.pop(key, None)
            return None
        if self.needs_renewal(session.expires_at, now):
            session = replace(session, expires_at=self.fresh(now))
            self._sessions[key] = session
        return session

    async def delete(self, token: str) -> None:
        self._sessions.pop(token_hash(token), None)


class JournalSessionStore(_Sliding):
    """Sessions in the journal's ``console_sessions`` table, shared by every node.

    Uses the SQL journal's ``transaction``: the statements are this module's own and portable
    between SQLite and PostgreSQL.
    """

    def __init__(self, journal: Any, ttl: timedelta) -> None:
        super().__init__(ttl)
        self._journal = journal

    async def create(self, username: str, role: str) -> tuple[str, Session]:
        now, token = utcnow(), new_token()
        session = Session(username, role, new_token(), self.fresh(now))

        def op(db: Any) -> None:
            db.execute("DELETE FROM console_sessions WHERE expires_at < ?", (iso(now),))
            db.execute("INSERT INTO console_sessions (token_hash, username, role, csrf_token, created_at, "
                       "expires_at) VALUES (?, ?, ?, ?, ?, ?)",
                       (token_hash(token), username, role, session.csrf_token, iso(now),
                        iso(session.expires_at)))
        await self._journal.transaction(op)
        return token, session

    async def get(self, token: str) -> Session | None:
        key, now = token_hash(token), utcnow()

        def op(db: Any) -> Session | None:
            row = db.execute("SELECT username, role, csrf_token, expires_at FROM console_sessions "
                             "WHERE token_hash = ? AND expires_at > ?", (key, iso(now))).fetchone()
            if row is None:
                return None
            session = Session(row["username"], row["role"], row["csrf_token"],
                              datetime.fromisoformat(row["expires_at"]))
            if self.needs_renewal(session.expires_at, now):
                session = replace(session, expires_at=self.fresh(now))
                db.execute("UPDATE console_sessions SET expires_at = ? WHERE token_hash = ?",
                           (iso(session.expires_at), key))
            return session
        return await self._journal.transaction(op)

    async def delete(self, token: str) -> None:
        await self._journal.transaction(lambda db: db.execute(
            "DELETE FROM console_sessions WHERE token_hash = ?", (token_hash(token),)))


def session_store(journal: Any, ttl_minutes: int) -> SessionStore:
    """The journal-backed store when the journal is SQL-backed, else the in-process one."""
    ttl = timedelta(minutes=ttl_minutes)
    if callable(getattr(journal, "transaction", None)):
        return JournalSessionStore(journal, ttl)
    return MemorySessionStore(ttl)
