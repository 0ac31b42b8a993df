"""The raw-document archive: content-addressed by sha256, written durably before any acknowledgement.

A document's bytes are written to an unnamed file (made in ``<root>/tmp``), fsynced, linked as
``<root>/<aa>/<bb>/<sha256>`` (``new_files``) and the folder fsynced; only then may a journal row point at it. The
same bytes stored twice take one file. Reads check nothing more than existence: the digest is the
name, and ``verify`` re-hashes on demand. ``put_many`` stores the documents taken in together (one turn
of the event loop) with their fsyncs in flight at once (``new_files.write_new_files``, then the folders'
fsyncs together, the new shard folders' entries in their parents among them), so a burst of documents
costs a few commits of the file system's journal, not two each; ``put`` is a batch of one.

A file found already in place is not durable on sight: a batch whose folder fsync failed leaves its files
linked, and another batch (or node) may still be fsyncing the folder. So it and its three folders are
fsynced again before the answer, and a round waits for the fsyncs of the same paths that other batches
of this process have in flight, failing if they fail. A path whose fsync failed is fsynced again by the
next round.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
from pathlib import Path
from typing import Protocol

from gateway.errors import IntakeError
from gateway.store.new_files import fsync_together, write_new_files


class Archive(Protocol):
    def put(self, data: bytes) -> str: ...

    def get(self, sha256: str) -> bytes: ...

    def path_of(self, sha256: str) -> Path: ...

    def exists(self, sha256: str) -> bool: ...


def _archive_error(exc: OSError) -> IntakeError:
    return IntakeError(f"archive write failed: {exc.strerror or exc}", code="INTAKE-ARCHIVE")


class _Flight:
    """One round of fsyncs while it runs: the rounds after it that fsync the same paths wait for it and
    take its errors (a file another batch linked is not on the disk before that batch's fsync ends)."""

    def __init__(self) -> None:
        self.done = threading.Event()
        self.errors: dict[Path, OSError] = {}


class FolderArchive:
    """Archive on a local or shared folder (NFS/SMB mounts work for several nodes)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.tmp = root / "tmp"
        self.tmp.mkdir(parents=True, exist_ok=True)
        self._durable: set[str] = set()  # shard folders ("aa", "aa/bb") this process saw fsynced in their parent
        self._retry: set[Path] = set()  # paths whose last fsync failed: fsynced again by the next round
        self._flights: dict[Path, _Flight] = {}  # the latest round fsyncing each path, while it runs
        self._shards_lock = threading.Lock()

    def path_of(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def exists(self, sha256: str) -> bool:
        return self.path_of(sha256).is_file()

    def put(self, data: bytes) -> str:
        """Store bytes durably and return their sha256; raises IntakeError if the disk refuses. One
        document takes the same round as a batch (``put_many``)."""
        result = self.put_many([data])[0]
        if isinstance(result, BaseException):
            raise result
        return result

    def put_many(self, items: list[bytes]) -> list[str | BaseException]:
        """``put`` of each item, durably, their fsyncs made together; the digest or the error of each
        (an error is that document's alone: IntakeError). A file found already in place is fsynced
        again with the three folders naming it before it answers (see the module's docstring)."""
        digests = [hashlib.sha256(data).hexdigest() for data in items]
        results: dict[str, str | BaseException] = {}
        new: dict[str, bytes] = {}
        found: set[str] = set()
        for digest, data in zip(digests, items):
            if digest in results or digest in new or digest in found:
                continue
            try:
                if os.stat(self.path_of(digest)).st_size == len(data):
                    found.add(digest)
                    continue
            except FileNotFoundError:
                pass
            except OSError as exc:
                results[digest] = _archive_error(exc)
                continue
            new[digest] = data
        results.update(self._store(new, found))
        return [results[digest] for digest in digests]

    def _store(self, new: dict[str, bytes], found: set[str]) -> dict[str, str | BaseException]:
        """The new documents written (``write_new_files``), then every path a document needs fsynced, in
        one round with those of the ``found`` ones: the shard folders made for them are fsynced in their
        parents in that round, not one by one before the writes (nothing is answered before every one
        of those fsyncs has ended). A document is refused only for a failed fsync it needs."""
        results: dict[str, str | BaseException] = {}
        needs: dict[str, set[Path]] = {}  # digest -> the paths whose fsync it waits for
        shards: set[Path] = set()  # shard folders whose entry in their parent this round fsyncs
        folders: dict[Path, int] = {}
        try:
            files: list[tuple[Path, int, str, bytes]] = []
            for digest, data in new.items():
                final = self.path_of(digest)
                try:
                    made = self._new_shard(final.parent)
                    if final.parent not in folders:
                        folders[final.parent] = os.open(final.parent, os.O_RDONLY | os.O_DIRECTORY)
                except OSError as exc:
                    results[digest] = _archive_error(exc)
                    continue
                needs[digest] = {final.parent} | {f.parent for f in made}
                shards |= made
                files.append((final.parent, folders[final.parent], digest, data))
            for (folder, _, digest, data), written in zip(files, write_new_files(files, self.tmp)):
                try:
                    if isinstance(written, OSError):
                        raise written
                    if not written:
                        self._replace(folder / digest, data)  # a file of another size was there (cut short)
                except OSError as exc:
                    results[digest] = _archive_error(exc)
                    del needs[digest]
            for digest in found:
                final = self.path_of(digest)
                needs[digest] = {final, final.parent, final.parent.parent, self.root}
                shards |= {final.parent, final.parent.parent}
            failed = self._fsync_round(set().union(*needs.values()), folders, shards)
            for digest, paths in needs.items():
                error = next((failed[p] for p in sorted(paths) if p in failed), None)
                results[digest] = digest if error is None else _archive_error(error)
        finally:
            for fd in folders.values():
                os.close(fd)
        return results

    def _fsync_round(self, wanted: set[Path], opened: dict[Path, int], shards: set[Path]) -> dict[Path, OSError]:
        """fsync each path of ``wanted``, and those whose last fsync failed (``_retry``), all at the same
        time (those not in ``opened`` are opened into it); then wait for the fsyncs of the same paths that
        other rounds had in flight, taking their errors. The error of each path that failed; the
        ``shards`` (made before the round began) whose parent's fsync succeeded are known durable."""
        mine = _Flight()
        with self._shards_lock:
            order = sorted(wanted | self._retry)
            before = {p: self._flights[p] for p in order if p in self._flights}
            self._flights.update(dict.fromkeys(order, mine))
        errors: dict[Path, OSError] = {}
        try:
            for path in order:
                if path not in opened:
                    try:
                        opened[path] = os.open(path, os.O_RDONLY)
                    except OSError as exc:
                        errors[path] = exc
            ready = [p for p in order if p not in errors]
            errors.update({p: e for p, e in zip(ready, fsync_together([opened[p] for p in ready])) if e})
        finally:
            for path, flight in before.items():
                flight.done.wait()
                if path in flight.errors:
                    errors.setdefault(path, flight.errors[path])
            self._landed(mine, order, shards, errors)
        return errors

    def _landed(self, flight: _Flight, order: list[Path], shards: set[Path], errors: dict[Path, OSError]) -> None:
        """The round ``flight`` has ended: the shard folders it made durable in their parents go into
        ``_durable``, the paths it fsynced leave ``_retry``; those that failed go into ``_retry``."""
        flight.errors = errors
        flight.done.set()
        with self._shards_lock:
            for path in order:
                if self._flights.get(path) is flight:
                    del self._flights[path]
            self._durable.update(self._name(s) for s in shards if s.parent not in errors)
            gone = {p for p, e in errors.items() if isinstance(e, FileNotFoundError)}  # nothing left to fsync
            self._retry.difference_update(p for p in order if p not in errors or p in gone)
            self._retry.update(set(errors) - gone)

    def _replace(self, final: Path, data: bytes) -> None:
        fd, tmp_name = tempfile.mkstemp(dir=self.tmp, prefix=final.name[:8], suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp_name, final)
        except BaseException:
            Path(tmp_name).unlink(missing_ok=True)
            raise

    def _new_shard(self, shard: Path) -> set[Path]:
        """Create the shard folders a new file goes in; the shard folders whose entry in their parent
        must be fsynced before the caller answers: all but those this process has seen fsynced there
        (``_durable``): one it made, one another batch made whose fsync has not ended or failed, one
        another node (or the process before a restart) made. Each costs its parent's fsync once."""
        with self._shards_lock:
            for folder in (shard.parent, shard):
                if not folder.is_dir():
                    folder.mkdir(exist_ok=True)
            return {f for f in (shard.parent, shard) if self._name(f) not in self._durable}

    def _name(self, shard: Path) -> str:
        """``aa`` or ``aa/bb``: a shard folder's key in ``_durable`` (short, the set holds up to 65,792)."""
        return str(shard)[len(str(self.root)) + 1:]

    def get(self, sha256: str) -> bytes:
        return self.path_of(sha256).read_bytes()

    def verify(self, sha256: str) -> bool:
        return hashlib.sha256(self.get(sha256)).hexdigest() == sha256
