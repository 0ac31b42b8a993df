"""Parts of containers (e-mail attachments, zip members): what their bytes are and a safe name for them.

``sniff_content_type`` names a part's content from its magic bytes first (``%PDF``, ``II*``/``MM*``
TIFF, PNG, JPEG, ``PK`` zip and OOXML, ``UNA``/``UNB`` EDIFACT, ``ISA`` X12, ``<?xml``/``<`` XML, RFC 5322
headers), and only then from the declared type or the file name, so a PDF sent as
``application/octet-stream`` named ``scan.dat`` is still handed on as ``application/pdf``.
``safe_filename`` turns whatever name a sender wrote (``../../etc/passwd``, control characters,
Windows paths, 500-character names) into a plain base name that is safe to show and store.
``looks_like_message`` is the e-mail header test shared by the e-mail extractor and sniffing.
"""

from __future__ import annotations

import re
import unicodedata

MAX_NAME_CHARS = 120
_UNSAFE_CHARS = re.compile(r'[<>:"|?*\x00-\x1f\x7f]')
_SPACES = re.compile(r"\s+")

# Header fields that open RFC 5322 messages; two of them at the top make a message.
MESSAGE_HEADERS = frozenset({
    "received", "from", "to", "cc", "subject", "date", "mime-version", "message-id", "return-path",
    "delivered-to", "reply-to", "sender", "content-type", "content-transfer-encoding", "dkim-signature",
    "arc-seal", "authentication-results", "x-mailer", "user-agent", "in-reply-to", "references",
    "thread-topic", "thread-index", "x-originating-ip", "importance", "x-priority", "envelope-to",
})
_FIELD = re.compile(rb"^([!-9;-~]{1,76}):")

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_BY_EXTENSION = {
    "pdf": "application/pdf", "tif": "image/tiff", "tiff": "image/tiff", "png": "image/png",
    "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif", "xml": "application/xml",
    "edi": "application/edifact", "edifact": "application/edifact", "x12": "application/edi-x12",
    "csv": "text/csv", "txt": "text/plain", "xlsx": XLSX_TYPE, "xlsm": XLSX_TYPE,
    "xls": "application/vnd.ms-excel", "zip": "application/zip", "eml": "message/rfc822",
    "msg": "application/vnd.ms-outlook", "html": "text/html", "htm": "text/html",
}
_OOXML_MARKERS = (b"[Content_Types].xml", b"xl/", b"word/", b"ppt/", b"docProps/", b"_rels/.rels")
_ODF_MARKER = b"mimetypeapplication/vnd.oasis.opendocument"


def strip_bom(head: bytes) -> bytes:
    """The bytes without a UTF-8/UTF-16 byte order mark and leading white space."""
    for bom in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"):
        if head.startswith(bom):
            head = head[len(bom):]
            break
    return head.lstrip()


def looks_like_message(head: bytes) -> int:
    """How many well-known e-mail header fields open ``head`` (0 if it does not start like a message).

    Reads the header block only: it ends at the first empty line; a line that is neither a field nor a
    folded continuation before that means this is not a message.
    """
    lines = head.split(b"\n")
    if lines and lines[0].startswith(b"From ") and not lines[0].startswith(b"From :"):
        lines = lines[1:]  # mbox separator line
    known = 0
    for index, raw in enumerate(lines[:200]):
        line = raw.rstrip(b"\r")
        if not line:
            break
        if line[:1] in (b" ", b"\t") and index > 0:
            continue
        match = _FIELD.match(line)
        if match is None:
            return 0 if index < len(lines) - 1 else known  # a cut-off last line is fine
        known += match.group(1).decode("ascii").lower() in MESSAGE_HEADERS
    return known


def is_ooxml(head: bytes) -> bool:
    """A zip that is an Office Open XML or OpenDocument file (xlsx, docx, odt...)."""
    if not head.startswith(b"PK\x03\x04"):
        return False
    return any(marker in head for marker in _OOXML_MARKERS) or _ODF_MARKER in head[:200]


def extension(filename: str | None) -> str:
    if not filename or "." not in filename:
        return ""
    return filename.rsplit(".", 1)[1].lower()


def _magic_type(data: bytes, filename: str | None) -> str | None:
    head = data[:4096]
    if b"%PDF-" in head[:1024]:
        return "application/pdf"
    for magic, kind in ((b"II*\x00", "image/tiff"), (b"MM\x00*", "image/tiff"),
                        (b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"),
                        (b"GIF87a", "image/gif"), (b"GIF89a", "image/gif")):
        if head.startswith(magic):
            return kind
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        if is_ooxml(head):
            return XLSX_TYPE if b"xl/" in head or extension(filename) in ("xlsx", "xlsm") \
                else _BY_EXTENSION.get(extension(filename), "application/octet-stream")
        return "application/zip"
    if head.startswith(b"\xd0\xcf\x11\xe0"):  # OLE2: old Excel, Outlook .msg
        return _BY_EXTENSION.get(extension(filename), "application/x-ole-storage")
    return _text_magic_type(strip_bom(head))


def _text_magic_type(text: bytes) -> str | None:
    if text.startswith((b"UNA", b"UNB+", b"UNB:")):
        return "application/edifact"
    if text.startswith(b"ISA") and len(text) > 3 and not text[3:4].isalnum():
        return "application/edi-x12"
    if text.startswith(b"<?xml") or (text.startswith(b"<") and not text[:15].lower().startswith(
            (b"<html", b"<!doctype html"))):
        return "application/xml" if text[1:2].isalpha() or text[1:2] in (b"?", b"!") else None
    if looks_like_message(text) >= 2:
        return "message/rfc822"
    return None


def sniff_content_type(data: bytes, filename: str | None, declared: str | None) -> str:
    """The content type of a part: its magic bytes first, then the declared type, then its name.

    A declared text type keeps its ``charset`` parameter; everything else is a bare type.
    """
    found = _magic_type(data, filename)
    if found:
        return found
    bare = (declared or "").split(";", 1)[0].strip().lower()
    if bare.startswith("text/"):
        return declared.strip() if declared else bare
    if bare and bare not in ("application/octet-stream", "application/x-unknown", "binary/octet-stream"):
        return bare
    return _BY_EXTENSION.get(extension(filename), "application/octet-stream")


def safe_filename(name: str | None, fallback: str) -> str:
    """A plain base name for ``name``: no directories, control characters or leading dots, at most
    ``MAX_NAME_CHARS`` characters (the extension kept); ``fallback`` when nothing usable is left."""
    if not name:
        return fallback
    text = "".join(c for c in str(name) if unicodedata.category(c) not in ("Cc", "Cf", "Cs"))
    text = text.replace("\\", "/").rsplit("/", 1)[-1]
    text = _SPACES.sub(" ", _UNSAFE_CHARS.sub("_", text)).strip().lstrip(".").strip()
    if not text or set(text) <= {".", "_", " "}:
        return fallback
    if len(text) > MAX_NAME_CHARS:
        stem, dot, ext = text.rpartition(".")
        ext = ext if dot and 0 < len(ext) <= 10 else ""
        keep = MAX_NAME_CHARS - (len(ext) + 1 if ext else 0)
        text = (stem if ext else text)[:keep].rstrip() + (f".{ext}" if ext else "")
    return text


def default_name(index: int, content_type: str) -> str:
    """A name for a part that came without one: ``part-3.pdf``."""
    reverse = {v: k for k, v in _BY_EXTENSION.items() if k not in ("tif", "jpeg", "htm", "xlsm", "edifact")}
    ext = reverse.get(content_type.split(";", 1)[0].strip().lower(), "bin")
    return f"part-{index}.{ext}"
