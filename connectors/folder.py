"""Folder source: watched folders (fax server spool, scanner drop, a partner's share), one per section.

Each ``[[folders]]`` section is one ``FolderSource`` with its own channel name (``channel`` or
``name``). A file is taken once it is complete: an inotify close-after-write (watchdog's
``FileClosedEvent``) for the very size and mtime it still has, or size and mtime unchanged for
``stable_seconds``. Then intake, and only after intake returned the file is moved out of the way:

- ``processed`` (default ``<path>/.processed/``) keeps the relative path; a name already there gets a
  ``.1``, ``.2``... before its extension.
- ``failed`` (default ``<path>/.failed/``) for files intake refuses for good (over the size limit,
  empty, unreadable three times), with ``<file>.reason.txt`` beside it. A store that is down is not
  a failure: the file stays and is tried again with back-off.

Hidden names and folders (so the two defaults), ``ignore_patterns`` and sidecar files are never
documents. Nothing is taken twice across restarts: the intake key is
``folder:<name>:<relative path>:<size>:<mtime_ns>``, so a crash between intake and the move finds the
same document again and only the move is redone. Files already waiting at start-up are taken after
``stable_seconds``; a rescan every ``poll_seconds`` backs up watchdog (network shares send no events).
Watchdog's thread only stats and wakes the loop, with ``call_soon_threadsafe``.

Fax metadata (sender number, receive time, pages) comes from ``filename_pattern`` and/or a sidecar, see
``connectors.fax_metadata``; the number becomes the document's sender and ``metadata.fax_number``.
"""

from __future__ import annotations

import asyncio
import contextlib
import fnmatch
import mimetypes
import os
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import structlog
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from connectors.fax_metadata import (FaxInfo, SidecarError, info_from_name, is_sidecar_name,
                                     read_sidecar, sidecar_candidates)
from gateway.config import FolderSection
from gateway.context import Context
from gateway.errors import ConfigError, IntakeError, LimitError
from gateway.store.intake import IntakeMeta

log = structlog.get_logger(__name__)

Signature = tuple[int, int]  # size, mtime_ns
MAX_READ_FAILURES = 3
MAX_BACKOFF_S = 60.0


@dataclass
class Tracked:
    """What the loop knows about one waiting file."""

    sig: Signature
    since: float  # monotonic time this signature was first seen
    ready_since: float | None = None
    failures: int = 0
    retry_at: float = 0.0


class _Events(FileSystemEventHandler):
    """Runs in watchdog's thread: stat closed files, then hand over to the loop."""

    def __init__(self, loop: asyncio.AbstractEventLoop, source: FolderSource) -> None:
        self.loop = loop
        self.source = source

    def on_any_event(self, event: FileSystemEvent) -> None:
        path = os.fsdecode(event.dest_path or event.src_path)
        rel = self.source.relative(path)
        if rel is None or event.event_type in ("opened", "closed_no_write"):
            return
        sig: Signature | None = None  # closed after writing, or renamed into place: complete
        if event.event_type in ("closed", "moved") and not event.is_directory:
            with contextlib.suppress(OSError):
                st = os.stat(path)
                sig = (st.st_size, st.st_mtime_ns)
        with contextlib.suppress(RuntimeError):  # the loop has closed: we are stopping
            self.loop.call_soon_threadsafe(self.source.on_event, rel, sig)


class FolderSource:
    """One watched folder; ``start``/``stop`` as every source (no ports)."""

    kind = "folder"
    config_model = FolderSection

    @classmethod
    def configured(cls, config: Any) -> list[FolderSection]:
        return list(config.folders)

    def __init__(self, ctx: Context, section: FolderSection) -> None:
        self.ctx = ctx
        self.section = section
        self.channel = section.channel or section.name
        self.root = Path(section.path).absolute()
        self.processed = Path(section.processed or self.root / ".processed")
        self.failed = Path(section.failed or self.root / ".failed")
        self.pattern = _compile(section)
        self.tz = _zone(ctx.config.gateway.timezone)
        self.ports: dict[str, int] = {}
        self.tracked: dict[str, Tracked] = {}
        self.closed: dict[str, Signature] = {}
        self.log = log.bind(folder=section.name, channel=self.channel)
        self._wake: asyncio.Event | None = None
        self._task: asyncio.Task[None] | None = None
        self._observer: Observer | None = None  # type: ignore[valid-type]
        self._skip = tuple(os.path.realpath(p) for p in (self.processed, self.failed))

    # --- life cycle ---------------------------------------------------------------------

    async def start(self) -> None:
        for folder in (self.root, self.processed, self.failed):
            folder.mkdir(parents=True, exist_ok=True)
        self._wake = asyncio.Event()
        observer = Observer()
        observer.schedule(_Events(asyncio.get_running_loop(), self), str(self.root),
                          recursive=self.section.recursive)
        observer.daemon = True
        observer.start()
        self._observer = observer
        self._task = asyncio.create_task(self._run(), name=f"folder:{self.section.name}")
        self.log.info("folder_watching", path=str(self.root))

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self._observer is not None:
            self._observer.stop()
            await asyncio.to_thread(self._observer.join, 5)

    def on_event(self, rel: str, sig: Signature | None) -> None:
        """In the loop: a change under the folder (``sig`` set when a writer closed the file)."""
        if sig is not None:
            self.closed[rel] = sig
        if self._wake is not None:
            self._wake.set()

    # --- scanning -----------------------------------------------------------------------

    def relative(self, path: str) -> str | None:
        """The POSIX path below the root, or None for paths that are never documents."""
        try:
            rel = PurePosixPath(Path(path).relative_to(self.root).as_posix())
        except ValueError:
            return None
        if any(part.startswith(".") for part in rel.parts) or not rel.parts:
            return None
        if _inside(os.path.realpath(path), self._skip):
            return None
        return str(rel)

    def is_document(self, name: str) -> bool:
        s = self.section
        if any(fnmatch.fnmatch(name, pat) for pat in s.ignore_patterns) or name.startswith("."):
            return False
        if s.sidecar != "none" and is_sidecar_name(name, s.sidecar):
            return False
        return any(fnmatch.fnmatch(name, pat) for pat in s.patterns)

    def scan(self) -> dict[str, Signature]:
        """Every candidate file below the root with its size and mtime (runs in a thread)."""
        found: dict[str, Signature] = {}
        stack = [self.root]
        while stack:
            folder = stack.pop()
            with contextlib.suppress(FileNotFoundError), os.scandir(folder) as entries:
                for entry in entries:
                    if entry.name.startswith("."):
                        continue
                    if entry.is_dir(follow_symlinks=False):
                        if self.section.recursive and not _inside(os.path.realpath(entry.path), self._skip):
                            stack.append(Path(entry.path))
                    elif entry.is_file(follow_symlinks=False) and self.is_document(entry.name):
                        with contextlib.suppress(FileNotFoundError):
                            st = entry.stat(follow_symlinks=False)
                            found[Path(entry.path).relative_to(self.root).as_posix()] = (
                                st.st_size, st.st_mtime_ns)
        return found

    def due(self, found: dict[str, Signature], now: float) -> list[str]:
        """Update what is tracked; the files complete and due now, oldest first."""
        for rel in set(self.tracked) - set(found):
            self.tracked.pop(rel, None)
        for rel in set(self.closed) - set(found):
            self.closed.pop(rel, None)
        ready: list[str] = []
        for rel, sig in sorted(found.items(), key=lambda item: item[1][1]):
            known = self.tracked.get(rel)
            if known is None or known.sig != sig:
                known = self.tracked[rel] = Tracked(sig, now)
            complete = self.closed.get(rel) == sig or now - known.since >= self.section.stable_seconds
            if complete and now >= known.retry_at:
                known.ready_since = known.ready_since or now
                ready.append(rel)
        return ready

    async def _run(self) -> None:
        assert self._wake is not None
        while True:
            self._wake.clear()
            found = await asyncio.to_thread(self.scan)
            for rel in self.due(found, time.monotonic()):
                await self._take_safely(rel)
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self._next_wait()):  # not wait_for: on 3.11 it swallows a cancel that comes with the wake-up
                    await self._wake.wait()

    def _next_wait(self) -> float:
        """Sleep until the next poll, or sooner when a waiting file becomes stable."""
        now, wait = time.monotonic(), self.section.poll_seconds
        for t in self.tracked.values():
            for at in (t.since + self.section.stable_seconds, t.retry_at):
                if at > now:
                    wait = min(wait, at - now + 0.01)
        return wait

    # --- taking one file ----------------------------------------------------------------

    async def _take_safely(self, rel: str) -> None:
        try:
            await self.take(rel)
        except Exception as exc:  # one bad file never stops the folder
            self.log.exception("folder_file_error", path=rel, error=type(exc).__name__)
            self._back_off(rel)

    def _back_off(self, rel: str) -> None:
        known = self.tracked.get(rel)
        if known is not None:
            known.failures += 1
            known.retry_at = time.monotonic() + min(MAX_BACKOFF_S, 2.0 ** known.failures)

    async def take(self, rel: str) -> None:
        """Intake one complete file, then move it to processed (or failed)."""
        known = self.tracked[rel]
        limit = self.ctx.config.limits.max_document_bytes
        if known.sig[0] > limit:  # not read into memory at all
            await self._move_failed(rel, None, f"INTAKE-SIZE: document of {known.sig[0]} bytes is over "
                                               f"the {limit}-byte limit")
            return
        info, sidecar = await self._fax_info(rel, known)
        if info is None:
            return  # still waiting for its sidecar
        path = self.root / rel
        try:
            data = await asyncio.to_thread(_read_unchanged, path, known.sig)
        except FileNotFoundError:
            self.tracked.pop(rel, None)
            return
        except OSError as exc:
            await self._read_failed(rel, sidecar, exc)
            return
        if data is None:  # it changed while we read: not complete after all
            self.tracked.pop(rel, None)
            return
        if not data:
            await self._move_failed(rel, sidecar, "FOLDER-EMPTY: the file is empty")
            return
        await self._intake(rel, data, info, sidecar, known)

    async def _intake(self, rel: str, data: bytes, info: FaxInfo, sidecar: Path | None,
                      known: Tracked) -> None:
        size, mtime_ns = known.sig
        meta = IntakeMeta(
            sender=info.number, partner=self.section.partner, filename=PurePosixPath(rel).name,
            content_type=mimetypes.guess_type(rel)[0],
            intake_key=f"folder:{self.section.name}:{rel}:{size}:{mtime_ns}",
            extra={**info.as_extra(), "folder": self.section.name, "path": rel})
        assert self.ctx.intake is not None
        try:
            envelope = await self.ctx.intake.accept(data, self.channel, meta)
        except LimitError as exc:
            self.ctx.metrics.inc("gateway_documents_refused_total", channel=self.channel, reason=exc.code)
            await self._move_failed(rel, sidecar, str(exc))
            return
        except IntakeError as exc:
            self.ctx.metrics.inc("gateway_documents_refused_total", channel=self.channel, reason=exc.code)
            self.log.warning("folder_intake_unavailable", path=rel, error_code=exc.code)
            self._back_off(rel)
            return
        if not envelope.duplicate_intake:
            self.ctx.metrics.inc("gateway_documents_received_total", channel=self.channel)
        try:
            await asyncio.to_thread(_move_with_sidecar, self.root / rel, self.processed / rel, sidecar)
        except FileNotFoundError:  # another node sharing the folder moved it first; the document is durable
            self.log.info("folder_file_gone_after_intake", document_id=envelope.document_id, path=rel,
                          duplicate=envelope.duplicate_intake)
        self.tracked.pop(rel, None)
        self.closed.pop(rel, None)
        self.log.info("folder_file_taken", document_id=envelope.document_id, path=rel, size=size,
                      duplicate=envelope.duplicate_intake, fax_number=info.number)

    async def _fax_info(self, rel: str, known: Tracked) -> tuple[FaxInfo | None, Path | None]:
        """Metadata from the name and the sidecar; (None, None) while a sidecar is still awaited."""
        path = self.root / rel
        info = info_from_name(path.name, self.pattern, self.tz)
        mode = self.section.sidecar
        if mode == "none":
            return info, None
        waited = time.monotonic() - (known.ready_since or time.monotonic())
        for candidate in sidecar_candidates(path, mode):
            try:
                return info.merged(await asyncio.to_thread(read_sidecar, candidate, mode, self.tz)), candidate
            except FileNotFoundError:
                continue
            except SidecarError as exc:
                if waited < self.section.sidecar_wait_seconds:
                    return None, None
                self.log.warning("folder_sidecar_unreadable", path=rel, error_code=exc.code)
                return info, candidate
        if waited < self.section.sidecar_wait_seconds:
            return None, None
        return info, None

    async def _read_failed(self, rel: str, sidecar: Path | None, exc: OSError) -> None:
        self._back_off(rel)
        known = self.tracked.get(rel)
        self.log.warning("folder_read_failed", path=rel, error=exc.strerror or type(exc).__name__)
        if known is not None and known.failures >= MAX_READ_FAILURES:
            await self._move_failed(rel, sidecar, f"FOLDER-READ: {exc.strerror or exc}")

    async def _move_failed(self, rel: str, sidecar: Path | None, reason: str) -> None:
        target = await asyncio.to_thread(_move_with_sidecar, self.root / rel, self.failed / rel, sidecar)
        await asyncio.to_thread(Path(f"{target}.reason.txt").write_text, reason + "\n", "utf-8")
        self.tracked.pop(rel, None)
        self.closed.pop(rel, None)
        self.log.warning("folder_file_failed", path=rel, reason=reason.split(":", 1)[0])


def _compile(section: FolderSection) -> re.Pattern[str] | None:
    if not section.filename_pattern:
        return None
    try:
        return re.compile(section.filename_pattern)
    except re.error as exc:
        raise ConfigError(f"folders[{section.name}].filename_pattern: {exc}") from None


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"gateway.timezone: unknown time zone {name!r}") from None


def _read_unchanged(path: Path, sig: Signature) -> bytes | None:
    """The file's bytes, or None when its size or mtime is no longer ``sig``."""
    with path.open("rb") as fh:
        st = os.fstat(fh.fileno())
        if (st.st_size, st.st_mtime_ns) != sig:
            return None
        data = fh.read()
    st = path.stat()
    return data if (st.st_size, st.st_mtime_ns) == sig and len(data) == sig[0] else None


def _free_name(target: Path) -> Path:
    n = 0
    candidate = target
    while candidate.exists() or Path(f"{candidate}.reason.txt").exists():
        n += 1
        candidate = target.with_name(f"{target.stem}.{n}{target.suffix}")
    return candidate


def _move_with_sidecar(source: Path, target: Path, sidecar: Path | None) -> Path:
    """Move ``source`` (and its sidecar) under ``target``'s folder; returns where it went."""
    target.parent.mkdir(parents=True, exist_ok=True)
    final = _free_name(target)
    shutil.move(source, final)
    if sidecar is not None and sidecar.exists():
        shutil.move(sidecar, _free_name(final.parent / sidecar.name))
    return final


def _inside(path: str, folders: tuple[str, ...]) -> bool:
    return any(path == f or path.startswith(f + os.sep) for f in folders)
