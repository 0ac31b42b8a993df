"""The one registry of plug-ins: extractors, channel sources, ERP sinks and acknowledgement transports.

Built-ins are listed here explicitly, and nowhere else; third-party packages add theirs through the
entry-point groups ``order_gateway.extractors``, ``order_gateway.sources``, ``order_gateway.sinks`` and
``order_gateway.ack_transports``. A duplicate name is a start-up error. Each source, sink and transport
class declares its ``kind`` and its ``config_model``; a source also says which of its sections the
configuration asks for (``configured(config)``; a plug-in source without it reads ``extra.<kind>``, a
list of tables validated by its ``config_model``). A plug-in sink or transport gets its own settings the
same way, from the one table ``[extra.<kind>]`` (``Registry.settings``); ``[delivery] sink`` and
``[partners.ack] via`` may name any registered kind (``plugin_names``). So ``gateway.app`` starts whatever
the configuration names through this registry, and ``gateway plugins`` lists them all. The extractor for a document is chosen by score (paperless-ngx's parser selection):
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
    "extractors.office.word",
    "extractors.mail.body_text",
)
BUILTIN_SINKS: dict[str, str] = {
    "file": "connectors.file_sink:FileSink",
    "webhook": "connectors.webhook_sink:WebhookSink",
}
BUILTIN_SOURCES: dict[str, str] = {  # started in this order
    "http": "connectors.http_source:HttpSource",
    "smtp": "connectors.smtp:SmtpSource",
    "sftp": "connectors.sftp:SftpSource",
    "folder": "connectors.folder:FolderSource",
    "sftp_poll": "connectors.sftp_poll:SftpPollSource",
}
BUILTIN_ACK_TRANSPORTS: dict[str, str] = {
    "sftp": "connectors.ack_out:SftpOutTransport",
    "http_callback": "connectors.ack_out:HttpCallbackTransport",
    "email": "connectors.ack_out:EmailReplyTransport",
}
GROUPS = {"sink": "order_gateway.sinks", "source": "order_gateway.sources",
          "ack_transport": "order_gateway.ack_transports"}


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


def extra_sections(config: Any, kind: str, model: Any) -> list[Any]:
    """A plug-in source's sections: the tables of ``extra.<kind>``, validated by its config model.

    Raises ConfigError naming the entry and key."""
    from pydantic import ValidationError

    from gateway.errors import ConfigError
    raw = config.extra.get(kind, [])
    problems: list[str] = []
    sections: list[Any] = []
    for i, table in enumerate(raw if isinstance(raw, list) else [raw]):
        try:
            sections.append(model.model_validate(table) if model is not None else table)
        except ValidationError as exc:
            problems += [f"extra.{kind}[{i}].{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()]
    if problems:
        raise ConfigError("\n".join(problems))
    return sections


@dataclass
class Registry:
    extractors: dict[str, Extractor] = field(default_factory=dict)
    sinks: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, Any] = field(default_factory=dict)
    ack_transports: dict[str, Any] = field(default_factory=dict)
    extractor_origins: dict[str, str] = field(default_factory=dict)  # name -> "built-in <module>" / "entry point <target>"

    def add_extractor(self, extractor: Extractor, origin: str = "added") -> None:
        if extractor.name in self.extractors:
            raise RegistryError(f"two extractors are named {extractor.name!r}")
        self.extractors[extractor.name] = extractor
        self.extractor_origins[extractor.name] = origin

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

    def _table(self, kind: str) -> dict[str, Any]:
        return {"sink": self.sinks, "source": self.sources, "ack_transport": self.ack_transports}[kind]

    def load_class(self, kind: str, name: str) -> Any:
        """The class registered as ``name`` for ``kind`` (sink, source, ack_transport); raises RegistryError."""
        table = self._table(kind)
        if name not in table:
            raise RegistryError(f"no {kind} named {name!r}; known: {', '.join(sorted(table))}")
        target = table[name]
        if not isinstance(target, str):
            return target.load()
        module_name, _, attr = target.partition(":")
        return getattr(importlib.import_module(module_name), attr)

    def configured_sources(self, config: Any) -> list[tuple[str, Any, Any]]:
        """(kind, class, section) for every source section the configuration asks for, in registry order.

        Raises ConfigError for a section its source's config model refuses."""
        wanted: list[tuple[str, Any, Any]] = []
        for kind in self.sources:
            cls = self.load_class("source", kind)
            configured = getattr(cls, "configured", None)
            sections = configured(config) if configured is not None else extra_sections(
                config, kind, getattr(cls, "config_model", None))
            wanted += [(kind, cls, section) for section in sections]
        return wanted

    def settings(self, kind: str, name: str, config: Any) -> Any:
        """A plug-in sink's or transport's own settings: the ``[extra.<name>]`` table validated by its
        ``config_model`` (an absent table validates as empty), or None when it declares no model.

        Raises ConfigError naming the key."""
        model = getattr(self.load_class(kind, name), "config_model", None)
        if model is None:
            return None
        return extra_sections(config, name, model)[0] if name in config.extra else extra_sections(
            _Extra({name: {}}), name, model)[0]

    def sink(self, config: Any, secrets: Any) -> Any:
        """The sink ``[delivery] sink`` names: ``from_config(config, secrets)`` when the class reads the
        global configuration itself (the built-ins), else ``cls(settings, secrets)``."""
        cls = self.load_class("sink", config.delivery.sink)
        if hasattr(cls, "from_config"):
            return cls.from_config(config, secrets)
        return cls(self.settings("sink", config.delivery.sink, config), secrets)

    def ack_transport(self, via: str, config: Any = None) -> Any | None:
        """An instance of the transport registered for ``via``, or None when there is none: ``cls()`` when
        it declares no ``config_model`` (the built-ins read the global sections), else ``cls(settings)``."""
        if via not in self.ack_transports:
            return None
        cls = self.load_class("ack_transport", via)
        if getattr(cls, "config_model", None) is None:
            return cls()
        return cls(self.settings("ack_transport", via, config))

    def check_settings(self, config: Any) -> None:
        """Validate the settings of the sink and of every transport the configuration selects; raises
        ConfigError (``gateway check-config`` and the start call this)."""
        if not hasattr(self.load_class("sink", config.delivery.sink), "from_config"):
            self.settings("sink", config.delivery.sink, config)
        for via in sorted({p.ack.via for p in config.partners} & set(self.ack_transports)):
            self.settings("ack_transport", via, config)

    def describe(self, with_models: bool = False) -> dict[str, Any]:
        """What is registered; ``with_models`` adds each extractor's class and origin (a built-in module or
        an entry point) and each source's, sink's and transport's class, config model and origin (which
        imports them)."""
        out: dict[str, Any] = {"extractors": sorted(self.extractors), "sinks": sorted(self.sinks),
                               "sources": sorted(self.sources), "ack_transports": sorted(self.ack_transports)}
        if with_models:
            out["extractors"] = {name: {"class": f"{type(ex).__module__}:{type(ex).__qualname__}",
                                        "origin": self.extractor_origins.get(name, "added")}
                                 for name, ex in sorted(self.extractors.items())}
            for key, kind in (("sinks", "sink"), ("sources", "source"), ("ack_transports", "ack_transport")):
                out[key] = {name: _describe_class(self.load_class(kind, name), self._table(kind)[name])
                            for name in self._table(kind)}
        return out


@dataclass
class _Extra:
    extra: dict[str, Any]


ACK_VIA_BUILTIN = ("channel", "none")  # answered on the channel the interchange came in, or not at all


def plugin_names(kind: str) -> list[str]:
    """Names registered for ``sink`` or ``ack_transport`` (built-ins and entry points), without importing
    them; ``gateway.config`` checks ``[delivery] sink`` and ``[partners.ack] via`` against these."""
    builtins = {"sink": BUILTIN_SINKS, "source": BUILTIN_SOURCES, "ack_transport": BUILTIN_ACK_TRANSPORTS}[kind]
    return [*builtins, *(name for name, _ep in _entry_point_objects(GROUPS[kind]) if name not in builtins)]


def _describe_class(cls: Any, target: Any) -> dict[str, Any]:
    model = getattr(cls, "config_model", None)
    return {"class": f"{cls.__module__}:{cls.__qualname__}",
            "config_model": f"{model.__module__}:{model.__qualname__}" if model is not None else None,
            "origin": "built-in" if isinstance(target, str) else f"entry point {target.value}"}


def build_registry(mappings_dir: Path | None = None) -> Registry:
    """Built-ins first, then entry points; raises RegistryError on a duplicate name."""
    registry = Registry()
    for module_name in BUILTIN_EXTRACTORS:
        extractor = _load_extractor(module_name, mappings_dir)
        if extractor is not None:
            registry.add_extractor(extractor, f"built-in {module_name}")
    for _name, ep in _entry_point_objects("order_gateway.extractors"):
        obj = ep.load()
        registry.add_extractor(obj(mappings_dir) if callable(obj) and not hasattr(obj, "detect") else obj,
                               f"entry point {ep.value}")
    for table, builtins, group in ((registry.sinks, BUILTIN_SINKS, GROUPS["sink"]),
                                   (registry.sources, BUILTIN_SOURCES, GROUPS["source"]),
                                   (registry.ack_transports, BUILTIN_ACK_TRANSPORTS, GROUPS["ack_transport"])):
        table.update(builtins)
        for name, ep in _entry_point_objects(group):
            if name in table:
                raise RegistryError(f"two plug-ins are named {name!r} in {group}")
            table[name] = ep
    return registry
