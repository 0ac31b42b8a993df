"""SFTP source: partners upload orders over SFTP into their own home and fetch acknowledgements.

``SftpSource`` runs an asyncssh server on ``sftp.host:sftp.port`` (port 0 picks a free one; the real
port is in ``ports["sftp"]``). The host key is made on first start at ``sftp.host_key`` (ed25519, mode
0600) and kept, so partners can pin it. One account per partner: authorized public keys and/or a
password hash (see ``connectors.sftp_auth``); only the SFTP subsystem is offered (no shell, exec,
forwarding or SCP).

Each account lives in ``<sftp.root>/<username>/`` with ``in/`` (uploads) and ``out/`` (acknowledgements
written by the gateway's AckDispatcher); ``connectors.sftp_fs`` enforces the confinement and quotas.
A finished upload is handed to intake with ``intake_key = sftp:<user>:<name>:<sha256>``, so a file the
partner sends again after a lost reply (or after a restart) is recognised, and the partner's close
(or rename) succeeds only once the bytes are durable. The file is then deleted from ``in/``: the
archive holds the bytes, so no processed folder is kept in the home.

IT makes a password hash with ``gateway hash-password`` (reads the password from the
terminal, or from stdin when piped).
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import sys
from pathlib import Path
from typing import Any

import asyncssh
import structlog

from connectors.sftp_auth import Credentials, load_credentials
from gateway.passwords import DUMMY_HASH, hash_password, parse_password_hash
from connectors.sftp_fs import Account, PartnerSFTPServer
from gateway.config import SftpAccount, SftpSection
from gateway.context import Context
from gateway.errors import GatewayError, IntakeError
from gateway.store.intake import IntakeMeta
from gateway.login_limits import LoginLimiter

__all__ = ["SftpSource", "hash_password", "ensure_host_key"]

log = structlog.get_logger(__name__)


def ensure_host_key(path: Path) -> asyncssh.SSHKey:
    """The server's private key, made (ed25519, mode 0600) on first start and read afterwards."""
    if path.exists():
        return asyncssh.read_private_key(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    key = asyncssh.generate_private_key("ssh-ed25519")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(key.export_private_key())
    log.info("sftp_host_key_created", path=str(path), fingerprint=key.get_fingerprint())
    return key


class _LoginPolicy(asyncssh.SSHServer):
    """Per connection: which usernames exist, and their keys and password hash. Password checks go
    through the gateway's login limiter (backoff per address and account); keys never do."""

    def __init__(self, credentials: dict[str, Credentials],
                 open_connections: set[asyncssh.SSHServerConnection], logins: LoginLimiter) -> None:
        self.credentials = credentials
        self.open_connections = open_connections
        self.logins = logins
        self.conn: asyncssh.SSHServerConnection | None = None

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self.conn = conn
        self.open_connections.add(conn)

    def connection_lost(self, exc: Exception | None) -> None:
        if self.conn is not None:
            self.open_connections.discard(self.conn)

    def begin_auth(self, username: str) -> bool:
        cred = self.credentials.get(username)
        if cred is not None and cred.keys is not None and self.conn is not None:
            self.conn.set_authorized_keys(cred.keys)
        return True

    def public_key_auth_supported(self) -> bool:
        return True

    def password_auth_supported(self) -> bool:
        return any(c.password is not None for c in self.credentials.values())

    def _peer(self) -> str | None:
        peer = self.conn.get_extra_info("peername") if self.conn is not None else None
        return str(peer[0]) if peer else None

    async def validate_password(self, username: str, password: str) -> bool:
        cred = self.credentials.get(username)
        stored = cred.password if cred is not None and cred.password is not None else None
        check = stored or parse_password_hash(DUMMY_HASH)  # same cost whether the user exists or not
        ok = await self.logins.check("sftp", self._peer(), username, lambda: check.matches(password))
        return ok and stored is not None

    def auth_completed(self) -> None:
        if self.conn is not None:
            log.info("sftp_login", account=self.conn.get_extra_info("username"), peer=self._peer())


class SftpSource:
    """The SFTP listener; ``start``/``stop`` as every source, ``ports = {"sftp": <bound port>}``."""

    kind = "sftp"
    config_model = SftpSection

    @classmethod
    def configured(cls, config: Any) -> list[SftpSection]:
        return [config.sftp] if config.sftp.enabled else []

    @classmethod
    def listener_name(cls, section: SftpSection) -> str:
        return cls.kind

    def __init__(self, ctx: Context, section: SftpSection) -> None:
        self.ctx = ctx
        self.section = section
        self.accounts: dict[str, SftpAccount] = {a.username: a for a in section.accounts}
        self.ports: dict[str, int] = {}
        self._acceptor: asyncssh.SSHAcceptor | None = None
        self._connections: set[asyncssh.SSHServerConnection] = set()

    @property
    def sessions(self) -> int:
        """SSH connections currently open."""
        return len(self._connections)

    async def start(self) -> None:
        """Make homes, load credentials and the host key, listen; raises ConfigError on bad accounts."""
        credentials = load_credentials(self.section.accounts)
        for username in self.accounts:
            for area in ("in", "out"):
                (self.section.root / username / area).mkdir(parents=True, exist_ok=True)
        key = await asyncio.to_thread(ensure_host_key, self.section.host_key)
        self._acceptor = await asyncssh.create_server(
            lambda: _LoginPolicy(credentials, self._connections, self.ctx.logins),
            self.section.host, self.section.port,
            server_host_keys=[key], sftp_factory=self._sftp_session, allow_scp=False,
            login_timeout=self.section.login_timeout_s, keepalive_interval=30,
            agent_forwarding=False, x11_forwarding=False, allow_pty=False,
            server_version="OrderGateway")
        self.ports["sftp"] = self._acceptor.get_port()
        log.info("sftp_listening", host=self.section.host, port=self.ports["sftp"],
                 accounts=len(self.accounts))

    async def stop(self) -> None:
        """Stop listening, then end open sessions (an upload cut short is simply sent again)."""
        if self._acceptor is not None:
            self._acceptor.close()
            await self._acceptor.wait_closed()
            self._acceptor = None
        connections = list(self._connections)
        for conn in connections:
            conn.close()
        if connections:
            await asyncio.wait([asyncio.ensure_future(c.wait_closed()) for c in connections], timeout=5)

    def _sftp_session(self, chan: asyncssh.SSHServerChannel) -> PartnerSFTPServer:
        username = chan.get_extra_info("username")
        account = self.accounts[username]
        home = self.section.root / username
        fs_account = Account(username=username, home=home, max_file_bytes=min(
            account.max_file_bytes, self.ctx.config.limits.max_document_bytes),
            max_files=account.max_files, temp_patterns=tuple(self.section.temp_patterns))

        async def ingest(name: str, local: Path) -> None:
            await self.ingest(account, name, local)

        return PartnerSFTPServer(chan, fs_account, ingest)

    async def ingest(self, account: SftpAccount, name: str, local: Path) -> None:
        """Hand one finished upload to intake; raises IntakeError or LimitError (not acknowledged)."""
        data = await asyncio.to_thread(local.read_bytes)
        sha256 = hashlib.sha256(data).hexdigest()
        meta = IntakeMeta(sender=f"sftp:{account.username}", partner=account.partner, filename=name,
                          intake_key=f"sftp:{account.username}:{name}:{sha256}",
                          extra={"sftp_account": account.username})
        bound = log.bind(channel="sftp", account=account.username, partner=account.partner,
                         filename=name, size=len(data))
        assert self.ctx.intake is not None
        try:
            envelope = await self.ctx.intake.accept(data, "sftp", meta)
        except GatewayError as exc:
            self.ctx.metrics.inc("gateway_documents_refused_total", channel="sftp", reason=exc.code)
            bound.warning("sftp_upload_refused", error_code=exc.code)
            raise
        except Exception as exc:  # a bug below intake: still "not taken, send again" for the partner
            bound.exception("sftp_upload_failed")
            raise IntakeError(f"intake failed: {type(exc).__name__}", code="SFTP-INTAKE") from exc
        if not envelope.duplicate_intake:
            self.ctx.metrics.inc("gateway_documents_received_total", channel="sftp")
        bound.info("sftp_upload_taken", document_id=envelope.document_id,
                   duplicate=envelope.duplicate_intake)


def main(argv: list[str] | None = None) -> int:
    """``python -m connectors.sftp hash-password``: print a hash for ``password_hash``."""
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["hash-password"]:
        from gateway.cli import main as gateway_main
        return gateway_main(["hash-password"])
    print("usage: python -m connectors.sftp hash-password", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
