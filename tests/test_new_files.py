"""Files written complete or not at all: unnamed then linked (or the classic way where the file system
cannot), never replacing a file already there, no temporary left behind; the archive repairs a file
cut short."""

from __future__ import annotations

import hashlib
import json
import os
import threading
from pathlib import Path

import pytest

from connectors.file_sink import FileSink
from gateway.store import new_files
from gateway.errors import IntakeError
from gateway.store.archive import FolderArchive
from gateway.store.new_files import write_new_file
from tests.decide_helpers import line, make_order


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


@pytest.fixture
def synced(monkeypatch) -> set[int]:
    """The inodes fsynced so far; linking an unnamed file (from /proc/self/fd/N) not among them fails."""
    done: set[int] = set()
    real_fsync, real_link = os.fsync, os.link

    def fsync(fd: int) -> None:
        real_fsync(fd)
        done.add(os.fstat(fd).st_ino)

    def link(src, dst, **kwargs):
        if str(src).startswith("/proc/self/fd/"):
            assert os.stat(src).st_ino in done, "linked before it was on the disk"
        return real_link(src, dst, **kwargs)
    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "link", link)
    return done


def test_documents_taken_in_together_are_each_fsynced_before_their_name_exists(tmp_path: Path, way, synced):
    archive = FolderArchive(tmp_path / "archive")
    cut = b"ORDER cut short by a crash " * 9
    archive.put(cut)
    archive.path_of(hashlib.sha256(cut).hexdigest()).write_bytes(cut[:5])
    items = [f"ORDER {n} ".encode() * 30 for n in range(6)]
    items += [items[2], cut]  # the same bytes twice in one batch; a file to repair
    digests = archive.put_many(items)
    assert digests == [hashlib.sha256(data).hexdigest() for data in items]
    assert all(archive.get(d) == data for d, data in zip(digests, items))
    assert list(archive.tmp.iterdir()) == []
    assert all(os.stat(archive.path_of(d).parent).st_ino in synced for d in digests)  # folders fsynced


def test_the_file_sink_writes_orders_handed_over_together_once_each(tmp_path: Path, way, synced):
    sink = FileSink(tmp_path / "erp")
    sink.folder.mkdir()
    orders = [make_order("C1", [line("P-FILE", n + 1)]) for n in range(5)]
    (sink.folder / f"{orders[0].order_id}.json").write_text("already delivered")
    assert sink._write_many(orders) == [None] * 5
    assert (sink.folder / f"{orders[0].order_id}.json").read_text() == "already delivered"  # never rewritten
    for order in orders[1:]:
        assert json.loads((sink.folder / f"{order.order_id}.json").read_text())["order_id"] == order.order_id
    assert sorted(p.name for p in sink.folder.iterdir()) == sorted(f"{o.order_id}.json" for o in orders)
    assert os.stat(sink.folder).st_ino in synced


def test_one_document_the_archive_cannot_take_fails_alone(tmp_path: Path, way):
    archive = FolderArchive(tmp_path / "archive")
    good, bad = b"ORDER good " * 20, b"ORDER bad " * 20
    shard = archive.path_of(hashlib.sha256(bad).hexdigest()).parent
    shard.parent.mkdir(parents=True)
    shard.write_bytes(b"")  # a file where its folder should be
    ok, failed = archive.put_many([good, bad])
    assert archive.get(ok) == good
    assert getattr(failed, "code", None) == "INTAKE-ARCHIVE"


def test_shard_folders_made_for_a_batch_are_fsynced_in_their_parents_before_it_answers(tmp_path: Path, synced):
    archive = FolderArchive(tmp_path / "archive")
    items = [f"ORDER {n} of a batch ".encode() * 20 for n in range(5)]
    digests = archive.put_many(items)
    for digest in digests:
        shard = archive.path_of(digest).parent
        # the leaf shard's entry is in its parent, the parent's in the archive's folder: both fsynced
        assert os.stat(shard.parent).st_ino in synced and os.stat(archive.root).st_ino in synced
        assert {archive._name(shard), archive._name(shard.parent)} <= archive._durable
    assert archive._retry == set()


def test_one_document_alone_takes_the_same_round(tmp_path: Path, synced):
    archive = FolderArchive(tmp_path / "archive")
    digest = archive.put(b"ORDER alone " * 20)
    shard = archive.path_of(digest).parent
    assert {os.stat(p).st_ino for p in (shard, shard.parent, archive.root)} <= synced


def test_a_shard_another_batch_made_and_has_not_fsynced_yet_is_fsynced_by_this_one(tmp_path: Path, synced):
    archive = FolderArchive(tmp_path / "archive")
    data = b"ORDER made while another batch writes " * 10
    shard = archive.path_of(hashlib.sha256(data).hexdigest()).parent
    assert archive._new_shard(shard) == {shard.parent, shard}  # another batch made it, its fsync still to come
    synced.clear()
    assert archive.put_many([data, b"another " * 40])[0] == hashlib.sha256(data).hexdigest()
    assert os.stat(shard.parent).st_ino in synced and os.stat(archive.root).st_ino in synced
    assert archive._name(shard) in archive._durable


def test_a_shard_another_node_made_is_fsynced_in_its_parents_by_this_one(tmp_path: Path, synced):
    node1, node2 = FolderArchive(tmp_path / "archive"), FolderArchive(tmp_path / "archive")
    first, second = _two_in_one_shard()
    node1.put(first)
    synced.clear()
    shard = node2.path_of(hashlib.sha256(second).hexdigest()).parent
    assert node2.put(second) == hashlib.sha256(second).hexdigest()
    assert {os.stat(p).st_ino for p in (shard, shard.parent, node2.root)} <= synced
    assert node2._name(shard) in node2._durable  # once seen fsynced there, not fsynced again


def _two_in_one_shard() -> tuple[bytes, bytes]:
    seen: dict[str, bytes] = {}
    for n in range(100_000):
        data = b"ORDER %d " % n * 5
        key = hashlib.sha256(data).hexdigest()[:4]
        if key in seen:
            return seen[key], data
        seen[key] = data
    raise AssertionError("no two documents in one shard")


class FailOnce:
    """os.fsync that raises EIO once, for the first fsync of ``path``; it records every path fsynced."""

    def __init__(self, path: Path) -> None:
        self.path, self.failed, self.fsynced = path, False, []
        self.real = os.fsync

    def __call__(self, fd: int) -> None:
        path = Path(os.readlink(f"/proc/self/fd/{fd}"))
        if path == self.path and not self.failed:
            self.failed = True
            raise OSError(5, "Input/output error")
        self.real(fd)
        self.fsynced.append(path)


def test_a_failed_fsync_of_a_new_shard_refuses_its_documents_and_their_resend_is_fsynced(tmp_path: Path,
                                                                                        monkeypatch):
    archive = FolderArchive(tmp_path / "archive")
    fsync = FailOnce(archive.root)
    monkeypatch.setattr(os, "fsync", fsync)
    items = [b"first " * 30, b"second " * 30]
    results = archive.put_many(items)
    assert all(isinstance(r, IntakeError) for r in results) and fsync.failed
    assert all(archive.exists(hashlib.sha256(d).hexdigest()) for d in items)  # linked, not durable
    fsync.fsynced.clear()
    digest = archive.put(items[0])  # the sender resends the same bytes
    final = archive.path_of(digest)
    assert {final, final.parent, final.parent.parent, archive.root} <= set(fsync.fsynced)


def test_after_a_failed_fsync_the_next_round_fsyncs_that_folder_again(tmp_path: Path, monkeypatch):
    archive = FolderArchive(tmp_path / "archive")
    old = b"ORDER in an old shard " * 5
    archive.put(old)
    fsync = FailOnce(archive.root)
    monkeypatch.setattr(os, "fsync", fsync)
    assert isinstance(archive.put_many([b"new shard " * 30])[0], IntakeError)
    assert archive._retry == {archive.root}
    fsync.fsynced.clear()
    first, second = _two_in_one_shard()
    archive.put(first)
    assert archive.root in fsync.fsynced and archive._retry == set()


def test_a_failed_fsync_of_a_new_top_folder_refuses_only_the_documents_under_it(tmp_path: Path, monkeypatch):
    archive = FolderArchive(tmp_path / "archive")
    first, second = _two_in_one_shard()
    archive.put(first)  # its shard folders are made and durable
    fresh = next(b"ORDER fresh %d " % n * 5 for n in range(1000)
                 if not archive.path_of(hashlib.sha256(b"ORDER fresh %d " % n * 5).hexdigest()).parent.parent.exists())
    monkeypatch.setattr(os, "fsync", FailOnce(archive.root))
    ok, refused = archive.put_many([second, fresh])
    assert ok == hashlib.sha256(second).hexdigest()
    assert isinstance(refused, IntakeError)


def test_the_same_bytes_in_two_batches_wait_for_the_first_fsync_and_fail_with_it(tmp_path: Path, monkeypatch):
    archive = FolderArchive(tmp_path / "archive")
    data = b"ORDER sent twice at once " * 5
    leaf = archive.path_of(hashlib.sha256(data).hexdigest()).parent
    entered, release = threading.Event(), threading.Event()
    real_fsync = os.fsync

    def fsync(fd: int) -> None:  # batch A's fsync of the leaf folder: held, then it fails
        if Path(os.readlink(f"/proc/self/fd/{fd}")) == leaf and not entered.is_set():
            entered.set()
            release.wait(30)
            raise OSError(5, "Input/output error")
        real_fsync(fd)
    monkeypatch.setattr(os, "fsync", fsync)
    answers: dict[str, object] = {}
    first = threading.Thread(target=lambda: answers.update(a=archive.put_many([data])[0]))
    first.start()
    assert entered.wait(30)
    second = threading.Thread(target=lambda: answers.update(b=archive.put_many([data])[0]))
    second.start()
    second.join(0.2)
    assert "b" not in answers  # batch B waits for A's fsync of the folder naming the file
    release.set()
    first.join(30), second.join(30)
    assert isinstance(answers["a"], IntakeError) and isinstance(answers["b"], IntakeError)
    assert archive.put(data) == hashlib.sha256(data).hexdigest()  # the next resend fsyncs and is taken
