"""SFTP polling source: fetch orders from a partner's own SFTP server (we are the client).

Configured as a list under ``[[extra.sftp_poll]]`` (``SftpPollSection`` below; unknown keys are
errors), one ``SftpPollSource`` per entry:

    [[extra.sftp_poll]]
    name = "bigretail"                # names the source in logs and intake keys
    host = "sftp.bigretail.example"
    port = 22
    username = "supplier42"
    key_path = "/etc/order-gateway/bigretail_ed25519"
    known_hosts = "/etc/order-gateway/bigretail_known_hosts"   # OpenSSH format; required
    remote_dir = "outbox"
    partner = "bigretail"             # partner or customer id, as for an SFTP account
    after = "delete"                  # or "rename": move into remote_dir/<processed_dir>/
    poll_seconds = 60

Every poll lists ``remote_dir``; each regular file matching ``patterns`` (not ``ignore_patterns``,
not modified in the last ``min_age_seconds``) is downloaded and handed to intake with
``intake_key = sftp_poll:<name>:<remote path>:<size>:<mtime>``, and only after intake returned is it
deleted or renamed on the server. A crash (or a failed delete) in between means the next poll finds
the same file, intake recognises the key, and only the delete is redone: each file once.
Secrets: the key file's passphrase and a password come from environment variables
(``key_passphrase_env``, ``password_env``).
"""

from __future__ import annotations

import asyncio
import contextlib
import fnmatch
import os
import posixpath
import time
from pathlib import Path
from typing import Any, Literal

import asyncssh
import structlog
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from gateway.context import Context
from gateway.errors import ConfigError, IntakeError, LimitError
from gateway.store.intake import IntakeMeta

log = structlog.get_logger(__name__)


class SftpPollSection(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=r"^[A-Za-z0-9_][A-Za-z0-9._-]{0,63}$")
    host: str
    port: int = Field(22, ge=1, le=65535)
    username: str
    key_path: Path | None = None
    key_passphrase_env: str | None = None
    password_env: str | None = None
    known_hosts: Path
    remote_dir: str = "."
    patterns: list[str] = ["*"]
    ignore_patterns: list[str] = [".*", "*.part", "*.tmp", "*.filepart"]
    min_age_seconds: float = Field(0.0, ge=0)
    poll_seconds: float = Field(60.0, gt=0)
    timeout_s: float = Field(30.0, gt=0)
    after: Literal["delete", "rename"] = "delete"
    processed_dir: str = "processed"
    partner: str | None = None
    channel: str = "sftp_poll"  # acks for these go to the API (the AckDispatcher maps "sftp" to out/)


def poll_sections(extra: dict[str, Any]) -> list[SftpPollSection]:
    """The ``extra.sftp_poll`` entries, validated; raises ConfigError naming entry and key."""
    problems: list[str] = []
    sections: list[SftpPollSection] = []
    for i, raw in enumerate(extra.get("sftp_poll", [])):
        try:
            sections.append(SftpPollSection.model_validate(raw))
        except ValidationError as exc:
            problems += [f"extra.sftp_poll[{i}].{'.'.join(map(str, e['loc']))}: {e['msg']}"
                         for e in exc.errors()]
    if problems:
        raise ConfigError("\n".join(problems))
    return sections


class SftpPollSource:
    """Polls one partner server; ``start``/``stop`` as every source (no ports)."""

    kind = "sftp_poll"
    config_model = SftpPollSection

    @classmethod
    def configured(cls, config: Any) -> list[SftpPollSection]:
        return poll_sections(config.extra)

    def __init__(self, ctx: Context, section: SftpPollSection | dict[str, Any]) -> None:
        self.ctx = ctx
        self.section = section if isinstance(section, SftpPollSection) else poll_sections(
            {"sftp_poll": [section]})[0]
        self.ports: dict[str, int] = {}
        self.log = log.bind(source=f"sftp_poll:{self.section.name}", channel=self.section.channel,
                            partner=self.section.partner)
        self._task: asyncio.Task[None] | None = None
        self._warned: set[str] = set()

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name=f"sftp_poll:{self.section.name}")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        while True:
            try:
                async with asyncio.timeout(self.section.timeout_s * 20):  # (wait_for may swallow a cancel on 3.11)
                    taken = await self.poll_once()
                if taken:
                    self.log.info("sftp_poll_done", taken=taken)
            except (OSError, asyncssh.Error, TimeoutError, IntakeError) as exc:
                self.log.warning("sftp_poll_failed", error=type(exc).__name__,
                                 error_code=getattr(exc, "code", None))
            await asyncio.sleep(self.section.poll_seconds)

    def _connect_options(self) -> dict[str, Any]:
        s = self.section
        options: dict[str, Any] = {"username": s.username, "known_hosts": str(s.known_hosts),
                                   "agent_path": None, "connect_timeout": s.timeout_s}
        if s.key_path is not None:
            passphrase = os.environ.get(s.key_passphrase_env) if s.key_passphrase_env else None
            options["client_keys"] = [asyncssh.read_private_key(s.key_path, passphrase)]
        else:
            options["client_keys"] = None
        if s.password_env:
            options["password"] = os.environ.get(s.password_env)
        return options

    async def poll_once(self) -> int:
        """One connection: list, download, intake, then delete or rename. Returns files taken."""
        s = self.section
        taken = 0
        async with asyncssh.connect(s.host, s.port, **self._connect_options()) as conn:
            async with conn.start_sftp_client() as sftp:
                for entry in await sftp.readdir(s.remote_dir):
                    if not self._wanted(entry):
                        continue
                    try:
                        taken += await self._take(sftp, entry)
                    except asyncssh.SFTPError as exc:  # this file only; the others go on
                        self.log.warning("sftp_poll_file_failed", path=str(entry.filename),
                                         status=exc.code, reason=exc.reason[:200])
        return taken

    def _wanted(self, entry: asyncssh.SFTPName) -> bool:
        name = str(entry.filename)
        attrs = entry.attrs
        if attrs.type != asyncssh.FILEXFER_TYPE_REGULAR or name in (".", ".."):
            return False
        if any(fnmatch.fnmatch(name, p) for p in self.section.ignore_patterns):
            return False
        if not any(fnmatch.fnmatch(name, p) for p in self.section.patterns):
            return False
        return (attrs.mtime or 0) <= time.time() - self.section.min_age_seconds

    async def _take(self, sftp: asyncssh.SFTPClient, entry: asyncssh.SFTPName) -> int:
        name, size, mtime = str(entry.filename), entry.attrs.size or 0, entry.attrs.mtime or 0
        path = posixpath.join(self.section.remote_dir, name)
        key = f"sftp_poll:{self.section.name}:{path}:{size}:{mtime}"
        if size > self.ctx.config.limits.max_document_bytes:
            self._warn_once(key, "sftp_poll_file_too_big", path, size)
            return 0
        async with sftp.open(path, "rb") as fh:
            data = await fh.read()
        if len(data) != size:
            return 0  # still being written: next poll
        meta = IntakeMeta(sender=f"sftp_poll:{self.section.name}", partner=self.section.partner,
                          filename=name, intake_key=key,
                          extra={"sftp_poll": self.section.name, "remote_path": path})
        assert self.ctx.intake is not None
        try:
            envelope = await self.ctx.intake.accept(data, self.section.channel, meta)
        except LimitError:
            self._warn_once(key, "sftp_poll_file_too_big", path, size)
            return 0
        if not envelope.duplicate_intake:
            self.ctx.metrics.inc("gateway_documents_received_total", channel=self.section.channel)
        try:
            await self._after(sftp, path, name)
        except asyncssh.SFTPNoSuchFile:  # another node polling the same account moved it first
            self.log.info("sftp_poll_file_gone_after_intake", path=path, duplicate=envelope.duplicate_intake)
        self.log.info("sftp_poll_file_taken", document_id=envelope.document_id, path=path, size=size,
                      duplicate=envelope.duplicate_intake)
        return 1

    async def _after(self, sftp: asyncssh.SFTPClient, path: str, name: str) -> None:
        if self.section.after == "delete":
            await sftp.remove(path)
            return
        folder = posixpath.join(self.section.remote_dir, self.section.processed_dir)
        if not await sftp.isdir(folder):
            await sftp.mkdir(folder)
        try:
            await sftp.posix_rename(path, posixpath.join(folder, name))
        except asyncssh.SFTPOpUnsupported:
            await sftp.rename(path, posixpath.join(folder, name))

    def _warn_once(self, key: str, event: str, path: str, size: int) -> None:
        if key not in self._warned:
            self._warned.add(key)
            self.log.warning(event, path=path, size=size)


def sources_from_config(ctx: Context) -> list[SftpPollSource]:
    """One source per ``extra.sftp_poll`` entry (what the app starts); raises ConfigError."""
    return [SftpPollSource(ctx, section) for section in poll_sections(ctx.config.extra)]
