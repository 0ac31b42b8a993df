"""Who may log in to the SFTP source: password hashes and authorized public keys per account.

Passwords are never stored in the config, only a salted hash in one of the formats of
``gateway.passwords`` (IT runs ``gateway hash-password``); one hash works for SMTP, SFTP and the console.

``load_credentials`` turns the config's accounts into ``Credentials`` (parsed keys, resolved hash)
once at start; a bad key line, a missing key file or an unset ``password_hash_env`` is a ConfigError.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import asyncssh

from gateway.config import SftpAccount
from gateway.errors import ConfigError
from gateway.passwords import (  # noqa: F401  (re-exported for the SMTP source and older imports)
    DUMMY_HASH, PasswordHash, PasswordHashError, hash_password, parse_password_hash,
)


@dataclass(frozen=True)
class Credentials:
    """One account's means of login, resolved at start-up."""

    username: str
    keys: asyncssh.SSHAuthorizedKeys | None
    password: PasswordHash | None


def _key_lines(account: SftpAccount) -> list[str]:
    lines = [line.strip() for line in account.authorized_keys if line.strip()]
    if account.authorized_keys_file is not None:
        path = Path(account.authorized_keys_file)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"sftp account {account.username}: authorized_keys_file: "
                              f"{exc.strerror or exc}") from None
        lines += [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    return lines


def _keys(account: SftpAccount) -> asyncssh.SSHAuthorizedKeys | None:
    lines = _key_lines(account)
    if not lines:
        return None
    try:
        return asyncssh.import_authorized_keys("\n".join(lines) + "\n")
    except (asyncssh.KeyImportError, ValueError) as exc:
        raise ConfigError(f"sftp account {account.username}: authorized_keys: {exc}") from None


def _password(account: SftpAccount) -> PasswordHash | None:
    text = account.password_hash
    if account.password_hash_env:
        text = os.environ.get(account.password_hash_env) or None
        if text is None:
            raise ConfigError(f"sftp account {account.username}: password_hash_env: "
                              f"environment variable {account.password_hash_env} is not set")
    if not text:
        return None
    try:
        return parse_password_hash(text)
    except PasswordHashError as exc:
        raise PasswordHashError(f"sftp account {account.username}: password_hash: {exc.message}") from None


def load_credentials(accounts: list[SftpAccount]) -> dict[str, Credentials]:
    """Every account's keys and password hash; raises ConfigError naming the account at fault."""
    out: dict[str, Credentials] = {}
    for account in accounts:
        if account.username in out:
            raise ConfigError(f"sftp: two accounts are named {account.username!r}")
        cred = Credentials(account.username, _keys(account), _password(account))
        if cred.keys is None and cred.password is None:
            raise ConfigError(f"sftp account {account.username}: needs authorized keys or a password hash")
        out[account.username] = cred
    return out
