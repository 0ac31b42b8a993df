"""A small document is read from the archive once: the bytes format detection read are the reader's."""

from __future__ import annotations

from pathlib import Path

from gateway.workers import ExtractJob, read_with


class _Reader:
    def extract(self, data: bytes, hints):  # type: ignore[no-untyped-def]
        return data


def test_the_reader_gets_the_bytes_already_read_and_opens_nothing(tmp_path: Path):
    job = ExtractJob("edifact", str(tmp_path / "gone.edi"), hints=None)  # type: ignore[arg-type]
    assert read_with(_Reader(), job, b"UNA:+.? 'UNB+UNOC:3'") == b"UNA:+.? 'UNB+UNOC:3'"


def test_without_them_the_reader_reads_the_file(tmp_path: Path):
    path = tmp_path / "doc.edi"
    path.write_bytes(b"UNB+UNOC:3'")
    assert read_with(_Reader(), ExtractJob("edifact", str(path), hints=None), None) == b"UNB+UNOC:3'"  # type: ignore[arg-type]
