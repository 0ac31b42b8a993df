"""Who is using the operator console: login, logout, session cookies and CSRF protection.

Users and roles come from ``[console]`` in the config (``operator``, ``supervisor``,
``read-only``); passwords are checked against their scrypt/pbkdf2 hashes in a worker thread, an
unknown user is checked against a dummy hash so timing does not tell which names exist, and every
attempt goes through the gateway's login limiter (``gateway.login_limits``): failures slow down the
address they come from exponentially and the account only a little, so nobody can lock a clerk out
by typing wrong passwords for her name.

The session cookie is HttpOnly, SameSite=Strict, Secure when the console is served over TLS (the
request came in over TLS, or ``http.public_url`` is https). Every state-changing request that
rides on the cookie must come from the console's own origin (``Origin``, else ``Referer``) and
carry the session's CSRF token: the ``X-CSRF-Token`` header for JSON calls, the ``csrf_token``
field for form posts. The login form, which has no session yet, uses a double-submit cookie.
Anything else is 403 — a form posted from another site never changes anything.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

import structlog
from aiohttp import web

from gateway.passwords import DUMMY_HASH, PasswordHash, PasswordHashError, parse_password_hash
from gateway.config import Config
from gateway.web.console_sessions import Session, SessionStore, new_token, session_store
from gateway.errors import ConfigError
from gateway.login_limits import LoginLimiter
from gateway.web.errors import json_error
from gateway.web.request_keys import API_CLIENT, CONSOLE_SESSION, ROLE, USER

log = structlog.get_logger(__name__)

SESSION_COOKIE = "gw_console"
LOGIN_CSRF_COOKIE = "gw_console_login"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
WRITE_ROLES = ("operator", "supervisor")


@dataclass(frozen=True)
class ConsoleUserRecord:
    username: str
    role: str
    password: PasswordHash


@dataclass
class ConsoleState:
    """Everything the console routes share, kept on the aiohttp application."""

    users: dict[str, ConsoleUserRecord]
    sessions: SessionStore
    public_url: str | None
    logins: LoginLimiter
    dummy: PasswordHash = field(default_factory=lambda: parse_password_hash(DUMMY_HASH))


CONSOLE = web.AppKey("console", ConsoleState)


def load_console_state(config: Config, journal: object, logins: LoginLimiter) -> ConsoleState:
    """Parse the configured users' hashes; raises ConfigError naming the user at fault."""
    users: dict[str, ConsoleUserRecord] = {}
    for user in config.console.users:
        try:
            users[user.username] = ConsoleUserRecord(user.username, user.role,
                                                     parse_password_hash(user.password_hash))
        except PasswordHashError as exc:
            raise ConfigError(f"console user {user.username}: password_hash: {exc.message}") from None
    return ConsoleState(users, session_store(journal, config.console.session_ttl_minutes), config.http.public_url,
                        logins)


# --- origin and CSRF checks ---------------------------------------------------------------------


def _origin_of(url: str | None) -> str | None:
    if not url:
        return None
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower() if parts.scheme and parts.netloc else None


def allowed_origins(request: web.Request, state: ConsoleState) -> set[str]:
    own = {f"{request.scheme}://{request.host}".lower()}
    public = _origin_of(state.public_url)
    return own | ({public} if public else set())


def same_origin(request: web.Request, state: ConsoleState) -> bool:
    """Whether a state-changing request comes from the console's own pages."""
    origin = request.headers.get("Origin")
    if origin is None:
        origin = _origin_of(request.headers.get("Referer"))
    return origin is not None and origin.lower() in allowed_origins(request, state)


def tokens_match(given: str | None, expected: str | None) -> bool:
    return bool(given and expected) and hmac.compare_digest(given.encode(), expected.encode())


def is_secure(request: web.Request, state: ConsoleState) -> bool:
    return request.secure or (state.public_url or "").lower().startswith("https://")


def _forbidden(code: str, message: str) -> web.Response:
    return json_error(403, code, message)


# --- sessions on requests -----------------------------------------------------------------------


async def current_session(request: web.Request) -> Session | None:
    """The live session of the request's cookie whose user is still configured, else None."""
    state = request.app[CONSOLE]
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    session = await state.sessions.get(token)
    user = state.users.get(session.username) if session else None
    if session is None or user is None:
        return None
    return replace(session, role=user.role)  # the configured role now, not the one at login


async def authenticate_console(request: web.Request) -> web.Response | None:
    """For a /v1 call riding on a console session cookie: set ``request[USER]``/``request[ROLE]``
    and return None, or return the 401/403 answer. Writes need the same origin and the CSRF
    header; a read-only user may not write at all."""
    state = request.app[CONSOLE]
    session = await current_session(request)
    if session is None:
        return json_error(401, "AUTH", "log in again")
    if request.method not in SAFE_METHODS:
        if not same_origin(request, state):
            log.warning("console_csrf_refused", reason="origin", path=request.path, user=session.username)
            return _forbidden("CSRF", "cross-origin request refused")
        if not tokens_match(request.headers.get(CSRF_HEADER), session.csrf_token):
            log.warning("console_csrf_refused", reason="token", path=request.path, user=session.username)
            return _forbidden("CSRF", "missing or wrong CSRF token")
        if session.role not in WRITE_ROLES:
            return _forbidden("FORBIDDEN", f"role {session.role} may not change anything")
    request[API_CLIENT] = "console"
    request[CONSOLE_SESSION] = session
    request[USER] = session.username
    request[ROLE] = session.role
    return None


def set_session_cookie(response: web.StreamResponse, request: web.Request, token: str) -> None:
    state = request.app[CONSOLE]
    response.set_cookie(SESSION_COOKIE, token, path="/", httponly=True, samesite="Strict",
                        secure=is_secure(request, state))  # a browser-session cookie: the server decides expiry


# --- login and logout ---------------------------------------------------------------------------


async def check_password(state: ConsoleState, source: str | None, username: str,
                         password: str) -> ConsoleUserRecord | None:
    """The user when the password matches (checked off the event loop, after the limiter's delay
    for this address and name), else None."""
    user = state.users.get(username)
    stored = user.password if user else state.dummy
    ok = await state.logins.check("console", source, username, lambda: stored.matches(password))
    return user if ok and user is not None else None


def new_login_token(request: web.Request, response: web.StreamResponse) -> str:
    """A fresh double-submit token for the login form, also set as a short-lived cookie."""
    token = new_token()
    response.set_cookie(LOGIN_CSRF_COOKIE, token, max_age=3600, path="/console/login", httponly=True,
                        samesite="Strict", secure=is_secure(request, request.app[CONSOLE]))
    return token


async def log_in(request: web.Request, form: dict[str, str]) -> tuple[int, str | None, str | None]:
    """Check a posted login form: (HTTP status, error key, session token when logged in)."""
    state = request.app[CONSOLE]
    if not same_origin(request, state) or not tokens_match(form.get("csrf_token"),
                                                           request.cookies.get(LOGIN_CSRF_COOKIE)):
        log.warning("console_csrf_refused", reason="login-form", path=request.path)
        return 403, "login-csrf", None
    username = form.get("username", "").strip()[:64]
    spent = state.logins.spent(request.remote)  # the password will not be checked at all
    user = await check_password(state, request.remote, username, form.get("password", ""))
    if user is None:
        log.warning("console_login_failed", user=username if username in state.users else None,
                    known_user=username in state.users)
        if spent and state.logins.spent(request.remote):  # not checked: say so, not "wrong password"
            return 429, "login-too-many", None
        return 401, "login-failed", None
    token, _session = await state.sessions.create(user.username, user.role)
    log.info("console_login", user=user.username, role=user.role)
    return 303, None, token


async def log_out(request: web.Request, form: dict[str, str]) -> int:
    """End the session of a posted logout form: 303, or 403 for a forged post."""
    state = request.app[CONSOLE]
    session = await current_session(request)
    if session is None:
        return 303
    if not same_origin(request, state) or not tokens_match(form.get("csrf_token"), session.csrf_token):
        log.warning("console_csrf_refused", reason="logout-form", path=request.path, user=session.username)
        return 403
    await state.sessions.delete(request.cookies[SESSION_COOKIE])
    log.info("console_logout", user=session.username)
    return 303
