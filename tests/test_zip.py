"""The zip extractor: members as children, bounded expansion, encrypted members and unsafe names."""

from __future__ import annotations

import io
import struct
import zipfile

import pytest

from extractors.containers.archive_zip import EXTRACTOR
from extractors.base import ExtractHints, Limits
from extractors.sheet.sheet import EXTRACTOR as SHEET
from gateway.errors import ExtractionError, LimitError
from gateway.model import DocType
from testkit.harness import CORPUS

HINTS = ExtractHints()


def zip_of(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def patch_headers(data: bytes, local_offset: int, central_offset: int, fmt: str, value) -> bytes:
    """Overwrite one field in every local and central header (flags, sizes...)."""
    out = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", local_offset), (b"PK\x01\x02", central_offset)):
        start = 0
        while (at := out.find(signature, start)) >= 0:
            old = struct.unpack_from(fmt, out, at + offset)[0]
            struct.pack_into(fmt, out, at + offset, value(old))
            start = at + 4
    return bytes(out)


def encrypted(data: bytes) -> bytes:
    return patch_headers(data, 6, 8, "<H", lambda flags: flags | 0x1)


def test_detects_zips_but_leaves_office_files_to_their_extractors():
    assert EXTRACTOR.detect(zip_of({"a.txt": b"x"}), "orders.zip", "application/zip") == 0.9
    assert EXTRACTOR.detect(zip_of({"a.txt": b"x"}), None, None) == 0.8
    xlsx = zip_of({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
    assert EXTRACTOR.detect(xlsx, "order.xlsx", None) == 0.0 < SHEET.detect(xlsx, "order.xlsx", None)
    assert EXTRACTOR.detect(b"%PDF-1.4", "fake.zip", "application/zip") == 0.0


def test_members_become_children_typed_by_their_bytes():
    pdf = (CORPUS / "pdf" / "purchase_order.pdf").read_bytes()
    data = zip_of({"orders/po.pdf": pdf, "orders/": b"", "__MACOSX/._po.pdf": b"junk", ".DS_Store": b"x",
                   "order.edi": (CORPUS / "edifact" / "PurchaseOrder.txt").read_bytes(),
                   "inner.zip": zip_of({"a.xml": b"<a/>"})})
    extraction = EXTRACTOR.extract(data, HINTS)
    assert extraction.doc_type == DocType.CONTAINER and extraction.format == "zip"
    kids = {c.filename: c for c in extraction.children}
    assert {n: c.content_type for n, c in kids.items()} == {
        "po.pdf": "application/pdf", "order.edi": "application/edifact", "inner.zip": "application/zip"}
    assert kids["po.pdf"].data == pdf and kids["po.pdf"].metadata == {"part": 0, "archive_path": "orders/po.pdf"}


def test_path_traversal_names_become_safe_base_names():
    data = zip_of({"../../etc/passwd": b"root", "..\\..\\win.ini": b"[x]", "/abs/path.xml": b"<a/>"})
    names = [c.filename for c in EXTRACTOR.extract(data, HINTS).children]
    assert names == ["passwd", "win.ini", "path.xml"]


def test_a_bomb_by_expansion_ratio_is_refused():
    data = zip_of({"zeros.csv": b"\0" * (3 * 1024 * 1024)})
    with pytest.raises(LimitError) as caught:
        EXTRACTOR.extract(data, HINTS)
    assert caught.value.code == "ZIP-BOMB"


def test_too_many_bytes_in_all_is_refused():
    data = zip_of({f"m{i}.txt": bytes(range(256)) * 4 for i in range(3)}, zipfile.ZIP_STORED)
    with pytest.raises(LimitError) as caught:
        EXTRACTOR.extract(data, ExtractHints(limits=Limits(max_zip_total_bytes=2000)))
    assert caught.value.code == "ZIP-BOMB"


def test_too_many_members_is_refused():
    data = zip_of({f"m{i}.txt": b"x" for i in range(5)})
    with pytest.raises(LimitError) as caught:
        EXTRACTOR.extract(data, ExtractHints(limits=Limits(max_zip_members=4)))
    assert caught.value.code == "ZIP-BOMB"


def test_a_header_understating_the_size_cannot_make_us_read_more():
    payload = bytes(range(256)) * 4096  # 1 MiB that does not compress much
    lying = patch_headers(zip_of({"big.bin": payload}), 22, 24, "<I", lambda _size: 100)
    with pytest.raises(ExtractionError) as caught:
        EXTRACTOR.extract(lying, HINTS)
    assert caught.value.code == "ZIP-MEMBER-UNREADABLE"


def test_a_header_overstating_the_size_is_a_bomb_by_its_declared_ratio():
    lying = patch_headers(zip_of({"a.txt": b"hello"}), 22, 24, "<I", lambda _size: 500 * 1024 * 1024)
    with pytest.raises(LimitError) as caught:
        EXTRACTOR.extract(lying, HINTS)
    assert caught.value.code == "ZIP-BOMB"


def test_encrypted_members_are_reported_and_left_out():
    plain = zip_of({"a.xml": b"<a/>"})
    locked = encrypted(zip_of({"secret.xml": b"<b/>"}))
    with pytest.raises(ExtractionError) as caught:
        EXTRACTOR.extract(locked, HINTS)
    assert caught.value.code == "ZIP-ENCRYPTED" and caught.value.problems[0].element == "secret.xml"
    assert EXTRACTOR.extract(plain, HINTS).problems == []


def test_readable_members_survive_an_encrypted_neighbour():
    out = bytearray(zip_of({"open.xml": b"<a/>", "locked.xml": b"<b/>"}))
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):  # flag the second member only
        second = out.find(signature, out.find(signature) + 4)
        out[second + offset] |= 0x1
    extraction = EXTRACTOR.extract(bytes(out), HINTS)
    assert [c.filename for c in extraction.children] == ["open.xml"]
    assert [p.code for p in extraction.problems] == ["ZIP-ENCRYPTED"]


def test_corrupt_archive_is_an_extraction_error():
    with pytest.raises(ExtractionError) as caught:
        EXTRACTOR.extract(b"PK\x03\x04 not really a zip", HINTS)
    assert caught.value.code == "ZIP-CORRUPT"
