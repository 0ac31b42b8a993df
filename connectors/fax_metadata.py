"""What a fax server tells us about a received fax: the sender's number, when, how many pages.

Two places, as fax servers write them: the file name (a configurable regex with the named groups
``sender``, ``received`` and ``pages``, e.g. ``fax_(?P<sender>\\+?\\d+)_(?P<received>\\d{8}T\\d{6})``
for ``fax_+33145678910_20261123T101500.tif``) and a sidecar file beside the image:

- ``hylafax``: ``key: value`` lines (``<file>.info``, ``<stem>.info``, ``<file>.meta``, ``<stem>.meta``);
  the number is read from ``cidnumber``, ``sender``, ``tsi``, ``from`` or ``number``, the time from
  ``received``/``date``/``time`` and the page count from ``pages``/``npages``.
- ``json``: an object with the same keys (``<file>.json``, ``<stem>.json`` or the ``.meta`` names).

A sidecar wins over the file name. The result is ``FaxInfo``; ``as_extra`` gives the intake metadata
(``fax_number``, ``fax_received_at`` as ISO 8601, ``fax_pages``). Pure functions, no I/O but
``read_sidecar``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any

from gateway.errors import GatewayError

SIDECAR_SUFFIXES = {"hylafax": (".info", ".meta"), "json": (".json", ".meta")}
NUMBER_KEYS = ("cidnumber", "fax_number", "sender", "tsi", "from", "number", "caller")
RECEIVED_KEYS = ("received", "received_at", "date", "time")
PAGES_KEYS = ("pages", "npages", "page_count")
TIME_FORMATS = ("%Y%m%dT%H%M%S", "%Y%m%d%H%M%S", "%Y%m%d-%H%M%S", "%Y-%m-%dT%H:%M:%S",
                "%Y-%m-%d %H:%M:%S", "%Y:%m:%d %H:%M:%S", "%Y/%m/%d %H:%M:%S", "%d/%m/%Y %H:%M:%S")


class SidecarError(GatewayError):
    """A sidecar file that could not be read (yet): half written, not JSON, not key: value."""

    code = "FOLDER-SIDECAR"
    retryable = True


@dataclass(frozen=True)
class FaxInfo:
    number: str | None = None
    received_at: str | None = None
    pages: int | None = None

    def merged(self, other: FaxInfo) -> FaxInfo:
        """``other``'s values where it has them, ours otherwise."""
        return FaxInfo(other.number or self.number, other.received_at or self.received_at,
                       other.pages if other.pages is not None else self.pages)

    def as_extra(self) -> dict[str, Any]:
        extra = {"fax_number": self.number, "fax_received_at": self.received_at, "fax_pages": self.pages}
        return {k: v for k, v in extra.items() if v is not None}


def clean_number(value: str | None) -> str | None:
    """Digits with a leading ``+`` kept; None when there are no digits (``anonymous``)."""
    if not value:
        return None
    digits = re.sub(r"\D", "", value)
    if not digits:
        return None
    return ("+" if value.strip().startswith("+") else "") + digits


def parse_received(value: str | None, tz: tzinfo = UTC) -> str | None:
    """A receive time as ISO 8601; naive times are in ``tz``; Unix seconds are accepted."""
    if not value:
        return None
    text = value.strip()
    if re.fullmatch(r"\d{9,10}", text):
        return datetime.fromtimestamp(int(text), UTC).isoformat()
    parsed: datetime | None = None
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        for fmt in TIME_FORMATS:
            try:
                parsed = datetime.strptime(text, fmt)
                break
            except ValueError:
                continue
    if parsed is None:
        return None
    return (parsed if parsed.tzinfo else parsed.replace(tzinfo=tz)).isoformat()


def _pages(value: Any) -> int | None:
    match = re.match(r"\s*(\d+)", str(value)) if value is not None else None
    return int(match.group(1)) if match else None


def _first(fields: dict[str, Any], keys: tuple[str, ...]) -> Any:
    return next((fields[k] for k in keys if fields.get(k) not in (None, "")), None)


def info_from_fields(fields: dict[str, Any], tz: tzinfo = UTC) -> FaxInfo:
    lowered = {str(k).strip().lower(): v for k, v in fields.items()}
    received = _first(lowered, RECEIVED_KEYS)
    return FaxInfo(clean_number(str(_first(lowered, NUMBER_KEYS) or "")),
                   parse_received(str(received) if received is not None else None, tz),
                   _pages(_first(lowered, PAGES_KEYS)))


def info_from_name(name: str, pattern: re.Pattern[str] | None, tz: tzinfo = UTC) -> FaxInfo:
    """What the file-name pattern's named groups say; empty when it does not match."""
    match = pattern.search(name) if pattern else None
    if match is None:
        return FaxInfo()
    groups = {k: v for k, v in match.groupdict().items() if v}
    return info_from_fields(groups, tz)


def sidecar_candidates(document: Path, mode: str) -> list[Path]:
    suffixes = SIDECAR_SUFFIXES.get(mode, ())
    return [document.with_name(base + suffix) for suffix in suffixes
            for base in (document.name, document.stem)]


def is_sidecar_name(name: str, mode: str) -> bool:
    return name.lower().endswith(SIDECAR_SUFFIXES.get(mode, ()))


def _parse_key_values(text: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    for line in text.splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip():
            fields.setdefault(key.strip().lower(), value.strip())
    if not fields:
        raise SidecarError("no key: value lines")
    return fields


def read_sidecar(path: Path, mode: str, tz: tzinfo = UTC) -> FaxInfo:
    """Parse one sidecar file; raises SidecarError when it is not (yet) readable, OSError if gone."""
    text = path.read_text(encoding="utf-8", errors="replace")
    if mode == "json" and path.suffix.lower() in (".json", ".meta") and text.lstrip().startswith("{"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise SidecarError(f"sidecar is not JSON: {exc.msg}") from None
        if not isinstance(data, dict):
            raise SidecarError("sidecar JSON is not an object")
        return info_from_fields(data, tz)
    if mode == "json":
        raise SidecarError("sidecar is not a JSON object")
    return info_from_fields(_parse_key_values(text), tz)
