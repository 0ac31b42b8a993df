"""The raw-document archive: content-addressed by sha256, written durably before any acknowledgement.

A document's bytes are written to an unnamed file (made in ``<root>/tmp``), fsynced, linked as
``<root>/<aa>/<bb>/<sha256>`` (``new_files``) and the folder fsynced; only then may a journal row point at it. The
same bytes stored twice take one file. Reads check nothing more than existence: the digest is the
name, and ``verify`` re-hashes on demand.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Protocol

from gateway.errors import IntakeError
from gateway.store.new_files import write_new_file


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


class FolderArchive:
    """Archive on a local or shared folder (NFS/SMB mounts work for several nodes)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.tmp = root / "tmp"
        self.tmp.mkdir(parents=True, exist_ok=True)

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
        if shard.is_dir():
            return
        for folder in (shard.parent, shard):
            if not folder.is_dir():
                folder.mkdir(exist_ok=True)
                _fsync_dir(folder.parent)

    def get(self, sha256: str) -> bytes:
        return self.path_of(sha256).read_bytes()

    def verify(self, sha256: str) -> bool:
        return hashlib.sha256(self.get(sha256)).hexdigest() == sha256
