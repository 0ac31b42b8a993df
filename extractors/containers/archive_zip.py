"""Zip archives: a container whose members become child documents, expanded within bounds.

Owns opening zip files safely. Before anything is decompressed the central directory is checked
against ``Limits``: member count (``max_zip_members``), the sum of declared sizes
(``max_zip_total_bytes``) and each member's declared expansion ratio (``max_zip_ratio``, for members
over ``RATIO_FLOOR_BYTES``). While reading, actual bytes are counted in chunks against the same caps
and against the member's declared size, so a header that lies about its size cannot blow memory. A
breach raises ``LimitError`` ``ZIP-BOMB``; the core's nesting limit bounds zips in zips.

Encrypted members cannot be read: each is reported as an ``error`` Problem ``ZIP-ENCRYPTED`` and left
out (an archive with nothing readable raises ``ExtractionError`` with those problems). Member names
with directories or traversal (``../../etc/passwd``) are stored under safe base names; directory
entries and macOS resource forks (``__MACOSX/``, ``.DS_Store``) are skipped. Office files (xlsx, docx,
odt) are zips too, but they belong to their own extractors: ``detect`` leaves them alone.
"""

from __future__ import annotations

import io
import zipfile

from extractors.base import ExtractHints, Limits
from extractors.containers.parts import default_name, extension, is_ooxml, safe_filename, sniff_content_type
from gateway.errors import ExtractionError, LimitError
from gateway.model import ChildDocument, DocType, Extraction, Problem

CHUNK_BYTES = 64 * 1024
RATIO_FLOOR_BYTES = 1024 * 1024  # small members may compress well without being a threat
_OFFICE_EXTENSIONS = frozenset({"xlsx", "xlsm", "docx", "docm", "pptx", "odt", "ods", "odp", "jar", "apk"})
_JUNK_PREFIXES = ("__MACOSX/",)
_JUNK_NAMES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})


class ZipExtractor:
    """Zip archives, recognised by the local-file or empty-archive signature."""

    name = "zip"
    heavy = False

    def detect(self, head: bytes, filename: str | None, content_type: str | None) -> float:
        if not head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
            return 0.0
        if is_ooxml(head) or extension(filename) in _OFFICE_EXTENSIONS:
            return 0.0
        declared = (content_type or "").split(";", 1)[0].strip().lower()
        named = extension(filename) == "zip" or declared in ("application/zip", "application/x-zip-compressed")
        return 0.9 if named else 0.8

    def extract(self, data: bytes, hints: ExtractHints) -> Extraction:
        """Members as children; raises ``LimitError`` ``ZIP-BOMB`` or ``ExtractionError`` ``ZIP-CORRUPT``
        / ``ZIP-ENCRYPTED``."""
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
            raise ExtractionError(f"not a readable zip archive ({type(exc).__name__})", code="ZIP-CORRUPT") from None
        with archive:
            members = [m for m in archive.infolist() if not _is_junk(m)]
            check_declared(members, hints.limits)
            children, problems = read_members(archive, members, hints.limits)
        if not children and problems:
            raise ExtractionError("no member of the archive could be read", code=problems[0].code,
                                  problems=problems)
        return Extraction(format="zip", doc_type=DocType.CONTAINER if children else DocType.OTHER,
                          detail=f"zip, {len(children)} member(s)", children=children, problems=problems,
                          metadata={"members": len(children)})


EXTRACTOR = ZipExtractor()


def _is_junk(member: zipfile.ZipInfo) -> bool:
    name = member.filename
    return (member.is_dir() or name.startswith(_JUNK_PREFIXES)
            or name.replace("\\", "/").rsplit("/", 1)[-1] in _JUNK_NAMES)


def _bomb(message: str) -> LimitError:
    return LimitError(message, code="ZIP-BOMB")


def check_declared(members: list[zipfile.ZipInfo], limits: Limits) -> None:
    """Refuse by the central directory alone: too many members, too much in total, too high a ratio."""
    if len(members) > limits.max_zip_members:
        raise _bomb(f"{len(members)} members, over the limit of {limits.max_zip_members}")
    total = sum(m.file_size for m in members)
    if total > limits.max_zip_total_bytes:
        raise _bomb(f"members declare {total} bytes in all, over the limit of {limits.max_zip_total_bytes}")
    for index, member in enumerate(members):
        if member.file_size > RATIO_FLOOR_BYTES and \
                member.file_size > limits.max_zip_ratio * max(member.compress_size, 1):
            raise _bomb(f"member {index + 1} expands {member.file_size // max(member.compress_size, 1)} "
                        f"times, over the limit of {limits.max_zip_ratio}")


def _read_capped(archive: zipfile.ZipFile, member: zipfile.ZipInfo, budget: int, limits: Limits) -> bytes:
    """A member's bytes, counted while reading; raises ``LimitError`` past any cap."""
    cap = min(member.file_size, budget)
    ratio_cap = max(RATIO_FLOOR_BYTES, limits.max_zip_ratio * max(member.compress_size, 1))
    chunks: list[bytes] = []
    size = 0
    with archive.open(member) as stream:
        while chunk := stream.read(CHUNK_BYTES):
            size += len(chunk)
            if size > cap or size > ratio_cap:
                raise _bomb("a member expands past its declared size or the archive's limits")
            chunks.append(chunk)
    return b"".join(chunks)


def read_members(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo],
                 limits: Limits) -> tuple[list[ChildDocument], list[Problem]]:
    children: list[ChildDocument] = []
    problems: list[Problem] = []
    budget = limits.max_zip_total_bytes
    for position, member in enumerate(members, start=1):
        if member.flag_bits & 0x1:
            problems.append(Problem(code="ZIP-ENCRYPTED", message=f"member {position} is encrypted and "
                                    f"was left out", element=safe_filename(member.filename, "?")))
            continue
        try:
            data = _read_capped(archive, member, budget, limits)
        except (zipfile.BadZipFile, NotImplementedError, EOFError, OSError, ValueError) as exc:
            problems.append(Problem(code="ZIP-MEMBER-UNREADABLE", message=f"member {position} cannot be "
                                    f"read ({type(exc).__name__})", element=safe_filename(member.filename, "?")))
            continue
        budget -= len(data)
        children.append(_child(member, data, len(children)))
    return children, problems


def _child(member: zipfile.ZipInfo, data: bytes, index: int) -> ChildDocument:
    content_type = sniff_content_type(data, member.filename, None)
    name = safe_filename(member.filename, default_name(index, content_type))
    metadata: dict[str, object] = {"part": index}
    if name != member.filename:
        metadata["archive_path"] = "".join(c for c in member.filename if c.isprintable())[:200]
    return ChildDocument(filename=name, content_type=content_type, data=data, metadata=metadata)
