"""The file system a partner sees over SFTP: its own home, ``in/`` to upload, ``out/`` to fetch.

``PartnerSFTPServer`` (an asyncssh ``SFTPServer``) maps every path into ``<root>/<username>/``; the
partner sees that home as ``/``. Rules, all enforced here:

- paths are normalised without touching the disk; ``..`` above ``/`` is refused (permission denied),
  and every path is resolved on disk and must stay inside the home, so a symlink that points out
  (made by someone on the server) is never followed. Partners cannot create links at all.
- only files directly in ``/in`` can be created, written, renamed or have attributes set;
  ``/out`` is read and delete only (acknowledgements for the partner); folders cannot be made or
  removed.
- quotas per account: ``max_file_bytes`` (a write past it is refused and the partial file dropped)
  and ``max_files`` (a new file in ``in/`` is refused once that many are waiting).

An upload is handed over when the partner closes it: ``close`` awaits the ``ingest`` callback, so the
partner's client sees success only once the document is durable, and an error (it resends) when the
store could not take it. Names matching ``temp_patterns`` (``*.part``, ``*.tmp``, hidden names) are not
handed over at close; renaming them to a final name in ``in/`` hands them over instead, and the rename
succeeds only once intake did. A handle left open when the connection drops is a broken upload: it
stays in ``in/`` (a resumed ``reput`` can finish it) and is not handed over.

Typed errors are raised inside and translated to SFTP status codes once, by ``sftp_boundary``.
"""

from __future__ import annotations

import errno
import fnmatch
import functools
import os
import stat
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncssh
import structlog
from asyncssh import SFTPAttrs, SFTPName

from gateway.errors import GatewayError, IntakeError, LimitError
from gateway.names import hostile_reason

log = structlog.get_logger(__name__)

FILE_MODE = 0o640
AREAS = ("in", "out")
Ingest = Callable[[str, Path], Awaitable[None]]  # (name the partner gave, local file) -> durable


class SftpPathError(GatewayError):
    """A path outside the account's home, through a link, or otherwise not allowed."""

    code = "SFTP-PATH"


class SftpReadOnlyError(GatewayError):
    """A change where the partner may only read (anything but ``in/``)."""

    code = "SFTP-READ-ONLY"


class SftpQuotaError(GatewayError):
    """A file over ``max_file_bytes`` (SFTP-QUOTA-SIZE) or too many files waiting (SFTP-QUOTA-FILES)."""

    code = "SFTP-QUOTA"


def _status(exc: GatewayError) -> asyncssh.SFTPError:
    """The one translation of typed errors into SFTP status codes."""
    reason = f"{exc.code}: {exc.message}"
    if isinstance(exc, (SftpPathError, SftpReadOnlyError)):
        return asyncssh.SFTPPermissionDenied(reason)
    if isinstance(exc, SftpQuotaError):
        return asyncssh.SFTPQuotaExceeded(reason)  # FX_FAILURE for SFTP v3 clients, reason kept
    if isinstance(exc, IntakeError):
        return asyncssh.SFTPFailure(f"{exc.code}: could not store the file now, please send it again")
    if isinstance(exc, LimitError):
        return asyncssh.SFTPFailure(reason)
    return asyncssh.SFTPFailure(exc.code)


def sftp_boundary(method: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap an async server method so typed errors leave as SFTP status codes."""
    @functools.wraps(method)
    async def wrapper(self: PartnerSFTPServer, *args: Any) -> Any:
        try:
            return await method(self, *args)
        except GatewayError as exc:
            _log_refusal(self.account.username, exc)
            raise _status(exc) from None
    return wrapper


def _log_refusal(account: str, exc: GatewayError) -> None:
    """Every refused name or path is logged: traversal attempts and hostile names must be visible."""
    if exc.code == "NAME-HOSTILE":
        log.warning("sftp_name_refused", account=account, reason=exc.message)
    elif exc.code == "SFTP-PATH":
        log.warning("sftp_path_refused", account=account, reason=exc.message)


def normalise(path: bytes) -> tuple[str, ...]:
    """The parts of a partner's path below its ``/``; raises SftpPathError on ``..`` past the top."""
    try:
        text = path.decode("utf-8")
    except UnicodeDecodeError:
        raise SftpPathError("file names must be UTF-8") from None
    if reason := hostile_reason(text):
        raise SftpPathError(reason, code="NAME-HOSTILE")
    if "\\" in text:
        raise SftpPathError("invalid character in path")
    parts: list[str] = []
    for part in text.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if not parts:
                raise SftpPathError("path leaves the home folder")
            parts.pop()
        else:
            parts.append(part)
    return tuple(parts)


def _virtual(parts: tuple[str, ...]) -> bytes:
    return ("/" + "/".join(parts)).encode("utf-8")


@dataclass
class Account:
    """What the file system needs to know about the logged-in account."""

    username: str
    home: Path
    max_file_bytes: int
    max_files: int
    temp_patterns: tuple[str, ...]

    def is_temp(self, name: str) -> bool:
        return any(fnmatch.fnmatchcase(name, pat) for pat in self.temp_patterns)


@dataclass
class OpenFile:
    """A handle: the descriptor and, for uploads, what is needed to hand the file over at close."""

    fd: int
    parts: tuple[str, ...]
    writable: bool
    append: bool = False
    refused: SftpQuotaError | None = None


class PartnerSFTPServer(asyncssh.SFTPServer):
    """One partner's SFTP session, confined to ``account.home``."""

    def __init__(self, chan: asyncssh.SSHServerChannel, account: Account, ingest: Ingest) -> None:
        super().__init__(chan)
        self.account = account
        self.ingest = ingest
        self._home_real = os.path.realpath(account.home)

    def format_user(self, uid: int | None) -> str:
        return self.account.username  # never the server's own user names

    def format_group(self, gid: int | None) -> str:
        return self.account.username

    # --- path policy --------------------------------------------------------------------

    def _local(self, parts: tuple[str, ...]) -> Path:
        """The on-disk path; raises SftpPathError when it resolves outside the home."""
        local = self.account.home.joinpath(*parts)
        real = os.path.realpath(local)
        if real != self._home_real and not real.startswith(self._home_real + os.sep):
            raise SftpPathError("path leaves the home folder")
        return local

    def _upload_target(self, path: bytes) -> tuple[tuple[str, ...], Path]:
        parts = normalise(path)
        if len(parts) != 2 or parts[0] != "in":
            raise SftpReadOnlyError("files can only be written in /in")
        return parts, self._local(parts)

    def _file_in_area(self, path: bytes) -> tuple[tuple[str, ...], Path]:
        parts = normalise(path)
        if len(parts) != 2 or parts[0] not in AREAS:
            raise SftpReadOnlyError("only files in /in and /out can be removed")
        return parts, self._local(parts)

    def map_path(self, path: bytes) -> bytes:  # used by the base class's stat, lstat, scandir...
        try:
            return os.fsencode(self._local(normalise(path)))
        except GatewayError as exc:
            _log_refusal(self.account.username, exc)
            raise _status(exc) from None

    def reverse_map_path(self, path: bytes) -> bytes:
        real = os.fsdecode(path)
        if real == self._home_real:
            return b"/"
        if not real.startswith(self._home_real + os.sep):
            raise asyncssh.SFTPNoSuchFile("no such file")
        return _virtual(tuple(Path(real).relative_to(self._home_real).parts))

    @sftp_boundary
    async def realpath(self, path: bytes) -> bytes:
        return _virtual(normalise(path))

    # --- opening, reading, writing --------------------------------------------------------

    @sftp_boundary
    async def open(self, path: bytes, pflags: int, attrs: SFTPAttrs) -> OpenFile:
        if not pflags & (asyncssh.FXF_WRITE | asyncssh.FXF_CREAT | asyncssh.FXF_TRUNC
                         | asyncssh.FXF_APPEND):
            parts = normalise(path)
            return OpenFile(os.open(self._local(parts), os.O_RDONLY | os.O_NOFOLLOW), parts, False)
        parts, local = self._upload_target(path)
        self._check_file_count(local)
        return OpenFile(os.open(local, _open_flags(pflags), FILE_MODE), parts, True,
                        append=bool(pflags & asyncssh.FXF_APPEND))

    def _check_file_count(self, local: Path) -> None:
        if local.exists():
            return
        waiting = sum(1 for e in os.scandir(local.parent) if e.is_file(follow_symlinks=False))
        if waiting >= self.account.max_files:
            raise SftpQuotaError(f"{waiting} files are already waiting in /in", code="SFTP-QUOTA-FILES")

    def open56(self, path: bytes, desired_access: int, flags: int, attrs: SFTPAttrs) -> Any:
        raise asyncssh.SFTPOpUnsupported("SFTP version 3 only")

    def read(self, file_obj: object, offset: int, size: int) -> bytes:
        assert isinstance(file_obj, OpenFile)
        return os.pread(file_obj.fd, size, offset)

    @sftp_boundary
    async def write(self, file_obj: object, offset: int, data: bytes) -> int:
        assert isinstance(file_obj, OpenFile)
        if not file_obj.writable:
            raise SftpReadOnlyError("file was opened for reading")
        if file_obj.refused is not None:
            raise file_obj.refused
        start = os.fstat(file_obj.fd).st_size if file_obj.append else offset
        if start + len(data) > self.account.max_file_bytes:
            file_obj.refused = SftpQuotaError(
                f"file is over the {self.account.max_file_bytes}-byte limit", code="SFTP-QUOTA-SIZE")
            raise file_obj.refused
        return os.pwrite(file_obj.fd, data, offset)

    def fstat(self, file_obj: object) -> os.stat_result:
        assert isinstance(file_obj, OpenFile)
        return os.fstat(file_obj.fd)

    def fsync(self, file_obj: object) -> None:
        assert isinstance(file_obj, OpenFile)
        os.fsync(file_obj.fd)

    @sftp_boundary
    async def close(self, file_obj: object) -> None:
        assert isinstance(file_obj, OpenFile)
        os.close(file_obj.fd)
        if not file_obj.writable:
            return
        local = self.account.home.joinpath(*file_obj.parts)
        if file_obj.refused is not None:
            local.unlink(missing_ok=True)
            raise file_obj.refused
        if self._peer_gone() or self.account.is_temp(file_obj.parts[1]):
            return  # a broken upload, or a temporary name renamed into place later
        await self._hand_over(file_obj.parts[1], local, drop_on_failure=True)

    def _peer_gone(self) -> bool:
        """True when asyncssh closes handles because the channel ended, not on the partner's CLOSE.

        asyncssh calls ``close`` for every open handle when a session ends; by then the channel is
        closing (connection lost, channel closed) or has had end-of-file from the client (asyncssh
        has no public flag for the latter, hence the private attribute).
        """
        return self.channel.is_closing() or getattr(self.channel, "_recv_state", "open") != "open"

    async def _hand_over(self, name: str, local: Path, *, drop_on_failure: bool) -> None:
        try:
            await self.ingest(name, local)
        except LimitError:
            local.unlink(missing_ok=True)
            raise
        except IntakeError:
            if drop_on_failure:  # the client reports the error and sends the whole file again
                local.unlink(missing_ok=True)
            raise
        local.unlink(missing_ok=True)

    # --- attributes ---------------------------------------------------------------------

    @sftp_boundary
    async def setstat(self, path: bytes, attrs: SFTPAttrs) -> None:
        self._upload_target(path)  # attributes are accepted but not applied (no chmod, no times)

    lsetstat = setstat

    def fsetstat(self, file_obj: object, attrs: SFTPAttrs) -> None:
        return None

    # --- names ----------------------------------------------------------------------------

    async def scandir(self, path: bytes) -> AsyncIterator[SFTPName]:
        """The folder's entries; links are not listed, ``..`` of ``/`` is ``/`` itself."""
        local = self.map_path(path)
        here = SFTPAttrs.from_local(os.stat(local))
        yield SFTPName(b".", attrs=here)
        yield SFTPName(b"..", attrs=here)
        with os.scandir(local) as entries:
            for entry in entries:
                if not entry.is_symlink():
                    yield SFTPName(os.fsencode(entry.name),
                                   attrs=SFTPAttrs.from_local(entry.stat(follow_symlinks=False)))

    @sftp_boundary
    async def remove(self, path: bytes) -> None:
        _parts, local = self._file_in_area(path)
        if not stat.S_ISREG(os.lstat(local).st_mode):
            raise SftpReadOnlyError("only files can be removed")
        local.unlink()

    @sftp_boundary
    async def rename(self, oldpath: bytes, newpath: bytes) -> None:
        await self._rename(oldpath, newpath, replace=False)

    @sftp_boundary
    async def posix_rename(self, oldpath: bytes, newpath: bytes) -> None:
        await self._rename(oldpath, newpath, replace=True)

    async def _rename(self, oldpath: bytes, newpath: bytes, *, replace: bool) -> None:
        _old, source = self._upload_target(oldpath)
        new, target = self._upload_target(newpath)
        if not stat.S_ISREG(os.lstat(source).st_mode):
            raise SftpReadOnlyError("only files can be renamed")
        if not replace and target.exists():
            raise OSError(errno.EEXIST, "file already exists")
        if self.account.is_temp(new[1]):
            os.replace(source, target)
            return
        await self._hand_over(new[1], source, drop_on_failure=False)  # the .part stays for a retry

    @sftp_boundary
    async def mkdir(self, path: bytes, attrs: SFTPAttrs) -> None:
        raise SftpReadOnlyError("folders cannot be created")

    @sftp_boundary
    async def rmdir(self, path: bytes) -> None:
        raise SftpReadOnlyError("folders cannot be removed")

    @sftp_boundary
    async def symlink(self, oldpath: bytes, newpath: bytes) -> None:
        raise SftpPathError("links cannot be created")

    @sftp_boundary
    async def link(self, oldpath: bytes, newpath: bytes) -> None:
        raise SftpPathError("links cannot be created")

    @sftp_boundary
    async def readlink(self, path: bytes) -> bytes:
        raise SftpPathError("links are not followed")


def _open_flags(pflags: int) -> int:
    flags = os.O_WRONLY | os.O_NOFOLLOW
    if pflags & asyncssh.FXF_READ:
        flags = os.O_RDWR | os.O_NOFOLLOW
    for sftp_flag, os_flag in ((asyncssh.FXF_APPEND, os.O_APPEND), (asyncssh.FXF_CREAT, os.O_CREAT),
                               (asyncssh.FXF_TRUNC, os.O_TRUNC), (asyncssh.FXF_EXCL, os.O_EXCL)):
        if pflags & sftp_flag:
            flags |= os_flag
    return flags
