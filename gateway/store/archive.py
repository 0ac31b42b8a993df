"""The raw-document archive: content-addressed by sha256, written durably before any acknowledgement.

A document's bytes are written to an unnamed file (made in ``<root>/tmp``), fsynced, linked as
``<root>/<aa>/<bb>/<sha256>`` (``new_files``) and the folder fsynced; only then may a journal row point at it. The
same bytes stored twice take one file. Reads check nothing more than existence: the digest is the
name, and ``verify`` re-hashes on demand. ``put_many`` stores the documents taken in together (one turn
of the event loop) with their fsyncs in flight at once (``new_files.write_new_files``, then the folders'
fsyncs together), so a burst of documents costs a few commits of the file system's journal, not two
each.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
from pathlib import Path
from typing import Protocol

from gateway.errors import IntakeError
from gateway.store.new_files import fsync_together, write_new_file, write_new_files


class Archive(Protocol):
    def put(self, data: bytes) -> str: ...

    def get(self, sha256: str) -> bytes: ...

    def path_of(self, sha256: str) -> Path: ...

    def exists(self, sha256: str) -> bool: ...


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _archive_error(exc: OSError) -> IntakeError:
    return IntakeError(f"archive write failed: {exc.strerror or exc}", code="INTAKE-ARCHIVE")


class FolderArchive:
    """Archive on a local or shared folder (NFS/SMB mounts work for several nodes)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.tmp = root / "tmp"
        self.tmp.mkdir(parents=True, exist_ok=True)
        self._unsynced: set[Path] = set()  # shard folders made whose entry in their parent is not fsynced yet
        self._shards_lock = threading.Lock()

    def path_of(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def exists(self, sha256: str) -> bool:
        return self.path_of(sha256).is_file()

    def put(self, data: bytes) -> str:
        """Store bytes durably and return their sha256; raises IntakeError if the disk refuses."""
        digest = hashlib.sha256(data).hexdigest()
        final = self.path_of(digest)
        try:
            if os.stat(final).st_size == len(data):
                return digest
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise IntakeError(f"archive write failed: {exc.strerror or exc}", code="INTAKE-ARCHIVE") from exc
        try:
            self._make_shard(final.parent)
            dir_fd = os.open(final.parent, os.O_RDONLY | os.O_DIRECTORY)
            try:
                if not write_new_file(final.parent, final.name, data, dir_fd, scratch=self.tmp):
                    self._replace(final, data)  # a file of another size was there (cut short): replace it
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
        except OSError as exc:
            raise IntakeError(f"archive write failed: {exc.strerror or exc}", code="INTAKE-ARCHIVE") from exc
        return digest

    def put_many(self, items: list[bytes]) -> list[str | BaseException]:
        """``put`` of each item, durably, their fsyncs made together; the digest or the error of each
        (an error is that document's alone: IntakeError)."""
        digests = [hashlib.sha256(data).hexdigest() for data in items]
        results: dict[str, str | BaseException] = {}
        new: dict[str, bytes] = {}
        for digest, data in zip(digests, items):
            if digest in results or digest in new:
                continue
            try:
                if os.stat(self.path_of(digest)).st_size == len(data):
                    results[digest] = digest
                    continue
            except FileNotFoundError:
                pass
            except OSError as exc:
                results[digest] = _archive_error(exc)
                continue
            new[digest] = data
        if new:
            results.update(self._write_many(new))
        return [results[digest] for digest in digests]

    def _write_many(self, new: dict[str, bytes]) -> dict[str, str | BaseException]:
        """The new documents written (``write_new_files``), then their folders fsynced together: the
        shard folders made for them are fsynced in their parents in the same round, not one by one
        before the writes (nothing is answered before every one of those fsyncs has ended)."""
        results: dict[str, str | BaseException] = {}
        folders: dict[Path, int] = {}
        made: set[Path] = set()  # shard folders whose entry in their parent this batch fsyncs
        try:
            files: list[tuple[Path, int, str, bytes]] = []
            for digest, data in new.items():
                final = self.path_of(digest)
                try:
                    made.update(self._new_shard(final.parent))
                    if final.parent not in folders:
                        folders[final.parent] = os.open(final.parent, os.O_RDONLY | os.O_DIRECTORY)
                except OSError as exc:
                    results[digest] = _archive_error(exc)
                    continue
                files.append((final.parent, folders[final.parent], digest, data))
            touched: set[Path] = set()
            for (folder, _, digest, data), written in zip(files, write_new_files(files, self.tmp)):
                try:
                    if isinstance(written, OSError):
                        raise written
                    if not written:
                        self._replace(folder / digest, data)  # a file of another size was there (cut short)
                except OSError as exc:
                    results[digest] = _archive_error(exc)
                    continue
                touched.add(folder)
                results[digest] = digest
            failed = self._fsync_folders(touched | {f.parent for f in made}, folders)
            self._synced({f for f in made if f.parent not in failed})
            for folder, _, digest, _ in files:
                error = failed.get(folder) or failed.get(folder.parent) or failed.get(folder.parent.parent)
                if error is not None and not isinstance(results.get(digest), BaseException):
                    results[digest] = _archive_error(error)
        finally:
            for fd in folders.values():
                os.close(fd)
        return results

    @staticmethod
    def _fsync_folders(wanted: set[Path], opened: dict[Path, int]) -> dict[Path, OSError]:
        """fsync each folder of ``wanted`` (those not in ``opened`` are opened into it), all at the same
        time; the error of each folder that failed."""
        order = sorted(wanted)
        try:
            for folder in order:
                if folder not in opened:
                    opened[folder] = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        except OSError as exc:
            return dict.fromkeys(order, exc)
        return {folder: error for folder, error in zip(order, fsync_together([opened[f] for f in order]))
                if error is not None}

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

    def _make_shard(self, shard: Path) -> None:
        """Create the shard folders a new file goes in, each made durable in its parent (a crash after
        the file's own fsync must not lose the folder that names it)."""
        made = self._new_shard(shard)
        for parent in sorted({f.parent for f in made}):
            _fsync_dir(parent)
        self._synced(made)

    def _new_shard(self, shard: Path) -> set[Path]:
        """Create the shard folders a new file goes in; the shard folders whose entry in their parent
        must be fsynced before the caller answers: those it made, and those another batch made whose
        fsync has not ended yet (``_unsynced``; batches run on several threads)."""
        pending = set()
        with self._shards_lock:
            for folder in (shard.parent, shard):
                if not folder.is_dir():
                    folder.mkdir(exist_ok=True)
                    self._unsynced.add(folder)
                if folder in self._unsynced:
                    pending.add(folder)
        return pending

    def _synced(self, folders: set[Path]) -> None:
        """The entries of the shard ``folders`` in their parents are on the disk (fsyncs that began
        after ``_new_shard`` listed them)."""
        with self._shards_lock:
            self._unsynced -= folders

    def get(self, sha256: str) -> bytes:
        return self.path_of(sha256).read_bytes()

    def verify(self, sha256: str) -> bool:
        return hashlib.sha256(self.get(sha256)).hexdigest() == sha256
