"""Files written complete or not at all: unnamed then linked (or the classic way where the file system
cannot), never replacing a file already there, no temporary left behind; the archive repairs a file
cut short."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from gateway.store import new_files
from gateway.store.archive import FolderArchive
from gateway.store.new_files import write_new_file


@pytest.fixture(params=["unnamed", "classic"])
def way(request, tmp_path: Path, monkeypatch):
    if request.param == "classic":  # as on a file system without O_TMPFILE
        monkeypatch.setitem(new_files._unnamed_ok, os.stat(tmp_path).st_dev, False)
    else:
        monkeypatch.setattr(new_files, "_unnamed_ok", {})
    return request.param


def test_a_new_file_is_written_once_and_never_replaced(tmp_path: Path, way):
    assert write_new_file(tmp_path, "a.json", b'{"n": 1}') is True
    assert write_new_file(tmp_path, "a.json", b'{"n": 2}') is False
    assert (tmp_path / "a.json").read_bytes() == b'{"n": 1}'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json"]  # no temporary left
    assert (tmp_path / "a.json").stat().st_mode & 0o777 == 0o600


def test_the_archive_stores_once_and_repairs_a_file_cut_short(tmp_path: Path, way):
    archive = FolderArchive(tmp_path / "archive")
    data = b"UNA:+.? 'UNB+UNOC:3+SENDER1+RECEIVER1'" * 20
    digest = archive.put(data)
    assert digest == hashlib.sha256(data).hexdigest() and archive.get(digest) == data
    assert archive.put(data) == digest
    archive.path_of(digest).write_bytes(data[:10])  # cut short by a crash of another tool
    assert archive.put(data) == digest and archive.get(digest) == data
    assert list(archive.tmp.iterdir()) == []
