"""The one registry of plug-ins: extractors, ERP sinks and channel sources.

Built-ins are listed here explicitly; third-party packages add theirs through the entry-point groups
``order_gateway.extractors``, ``order_gateway.sinks`` and ``order_gateway.sources``. A duplicate name is
a start-up error. The extractor for a document is chosen by score (paperless-ngx's parser selection):
each extractor rates the first bytes, the file name and the declared type, and the best non-zero score
wins; content outweighs names.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

from extractors.base import HEAD_BYTES, Extractor

BUILTIN_EXTRACTORS: tuple[str, ...] = (
    "extractors.edi.edifact",
    "extractors.edi.x12",
    "extractors.edi.idoc",
    "extractors.xml.cxml",
    "extractors.xml.ubl",
    "extractors.xml.opentrans",
    "extractors.xml.xml_mapped",
    "extractors.capture.pdf_text",
    "extractors.capture.ocr",
    "extractors.mail.email",
    "extractors.containers.archive_zip",
    "extractors.sheet.sheet",
    "extractors.mail.body_text",
)
BUILTIN_SINKS: dict[str, str] = {
    "file": "connectors.file_sink:FileSink",
    "webhook": "connectors.webhook_sink:WebhookSink",
}
BUILTIN_SOURCES: dict[str, str] = {
    "http": "connectors.http_source:HttpSource",
    "smtp": "connectors.smtp:SmtpSource",
    "sftp": "connectors.sftp:SftpSource",
    "folder": "connectors.folder:FolderSource",
    "sftp_poll": "connectors.sftp_poll:SftpPollSource",
}


class RegistryError(Exception):
    code = "REGISTRY"


def _load_extractor(module_name: str, mappings_dir: Path | None) -> Extractor | None:
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name == module_name:  # built-in not shipped in this build
            return None
        raise
    factory = getattr(module, "make_extractor", None)
    if factory is not None:
        return factory(mappings_dir)
    return getattr(module, "EXTRACTOR")


def _entry_point_objects(group: str) -> list[tuple[str, Any]]:
    return [(ep.name, ep) for ep in entry_points(group=group)]


@dataclass
class Registry:
    extractors: dict[str, Extractor] = field(default_factory=dict)
    sinks: dict[str, str] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)

    def add_extractor(self, extractor: Extractor) -> None:
        if extractor.name in self.extractors:
            raise RegistryError(f"two extractors are named {extractor.name!r}")
        self.extractors[extractor.name] = extractor

    def pick(self, head: bytes, filename: str | None, content_type: str | None) -> tuple[Extractor, float] | None:
        """The best-scoring extractor for a document, or None when nothing recognises it."""
        best: tuple[Extractor, float] | None = None
        for extractor in self.extractors.values():
            score = extractor.detect(head[:HEAD_BYTES], filename, content_type)
            if score > 0 and (best is None or score > best[1]):
                best = (extractor, score)
        return best

    def get(self, name: str) -> Extractor:
        return self.extractors[name]

    def load_class(self, kind: str, name: str) -> Any:
        table = self.sinks if kind == "sink" else self.sources
        if name not in table:
            raise RegistryError(f"no {kind} named {name!r}; known: {', '.join(sorted(table))}")
        target = table[name]
        if not isinstance(target, str):
            return target.load()
        module_name, _, attr = target.partition(":")
        return getattr(importlib.import_module(module_name), attr)

    def describe(self) -> dict[str, list[str]]:
        return {"extractors": sorted(self.extractors), "sinks": sorted(self.sinks),
                "sources": sorted(self.sources)}


def build_registry(mappings_dir: Path | None = None) -> Registry:
    """Built-ins first, then entry points; raises RegistryError on a duplicate name."""
    registry = Registry()
    for module_name in BUILTIN_EXTRACTORS:
        extractor = _load_extractor(module_name, mappings_dir)
        if extractor is not None:
            registry.add_extractor(extractor)
    for _name, ep in _entry_point_objects("order_gateway.extractors"):
        obj = ep.load()
        registry.add_extractor(obj(mappings_dir) if callable(obj) and not hasattr(obj, "detect") else obj)
    for table, builtins, group in ((registry.sinks, BUILTIN_SINKS, "order_gateway.sinks"),
                                   (registry.sources, BUILTIN_SOURCES, "order_gateway.sources")):
        table.update(builtins)
        for name, ep in _entry_point_objects(group):
            if name in table:
                raise RegistryError(f"two plug-ins are named {name!r} in {group}")
            table[name] = ep
    return registry
