"""File names and account names from peers: kept verbatim for audit, shown escaped, hostile ones refused.

A name a partner sends (SFTP upload, e-mail attachment, HTTP ``X-Filename``, a file in a watched
folder) is stored as it came in the journal's ``documents.filename``. Wherever a person or another
system reads it (logs, the console, the ERP's ``source.filename``) it goes through ``shown_name``:
control characters (C0, DEL, C1) and bidirectional overrides become visible escapes (``\\x01``,
``\\t``, ``\\u202e``), so a name cannot move a terminal's cursor, recolour a log line or reverse how
it reads. Names that can only be an attack (a NUL byte, an escape sequence introducer: ESC or the
8-bit CSI) are refused at the channel with ``HostileNameError`` (code ``NAME-HOSTILE``).
"""

from __future__ import annotations

import re

from gateway.errors import LimitError

_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_INVISIBLE = "\u200b\u2028\u2029\ufeff"  # zero-width space, line and paragraph separators, BOM
_SHOWN_ESCAPED = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}{_INVISIBLE}\udc80-\udcff]")
_HOSTILE = re.compile("[\x00\x1b\x9b]")
_NOT_UTF8 = re.compile("[\udc80-\udcff]")  # bytes that were not UTF-8, as Python's surrogateescape keeps them
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


class HostileNameError(LimitError):
    """A name with characters that can only be an attack (NUL, terminal escape sequences)."""

    code = "NAME-HOSTILE"


def _escape(match: re.Match[str]) -> str:
    char = match.group(0)
    if char in _NAMED:
        return _NAMED[char]
    return f"\\x{ord(char):02x}" if ord(char) <= 0xFF else f"\\u{ord(char):04x}"


def shown_name(name: str | None, limit: int | None = None) -> str | None:
    """``name`` with control and bidi characters escaped (cut to ``limit`` characters first)."""
    if name is None:
        return None
    name = name if limit is None else name[:limit]
    return _SHOWN_ESCAPED.sub(_escape, name)


def hostile_reason(name: str | None) -> str | None:
    """Why ``name`` is refused, or None when it may be taken."""
    if not name:
        return None
    if _NOT_UTF8.search(name):
        return f"file name '{shown_name(name, 200)}' is not valid UTF-8"
    found = _HOSTILE.search(name)
    if found is None:
        return None
    what = {"\x00": "a NUL byte", "\x1b": "an escape character (ESC)", "\x9b": "a control sequence (CSI)"}
    return f"file name '{shown_name(name, 200)}' contains {what[found.group(0)]}"


def check_name(name: str | None) -> None:
    """Raises HostileNameError when ``name`` is refused."""
    if reason := hostile_reason(name):
        raise HostileNameError(reason)
