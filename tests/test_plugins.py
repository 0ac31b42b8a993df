"""The one registry: a source, a sink and an acknowledgement transport from entry points are validated by
their own config models, selected in the configuration and used by the gateway like the built-ins, and
listed by ``gateway plugins``; a duplicate name stops the start."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from gateway.config import load_config
from gateway.errors import ConfigError
from gateway.registry import RegistryError, build_registry
from testkit.harness import REPO, running_gateway, wait_until, write_config

PLUGIN = '''
"""A plug-in source: hands over the text of its section once, at start."""
from pydantic import BaseModel, ConfigDict

from gateway.store.intake import IntakeMeta


class DropSection(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str
    text: str


class DropSource:
    kind = "drop"
    config_model = DropSection

    def __init__(self, ctx, section):
        self.ctx, self.section = ctx, section

    async def start(self):
        await self.ctx.intake.accept(self.section.text.encode(), "drop",
                                     IntakeMeta(sender=f"drop:{self.section.name}", filename="po.txt"))

    async def stop(self):
        return None


class NothingExtractor:
    """A plug-in extractor that recognises nothing."""
    name = "nothing"
    heavy = False

    def detect(self, head, filename, content_type):
        return 0.0

    def extract(self, data, hints):
        raise NotImplementedError


NOTHING = NothingExtractor()
'''


SINK_AND_TRANSPORT = '''
"""A plug-in sink and acknowledgement transport: each writes into the folder its own settings name."""
from pathlib import Path

from pydantic import BaseModel, ConfigDict


class FolderSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    folder: Path


class ShelfSink:
    kind = "shelf"
    config_model = FolderSettings

    def __init__(self, settings, secrets):
        self.folder = settings.folder

    async def start(self):
        self.folder.mkdir(parents=True, exist_ok=True)

    async def close(self):
        return None

    async def deliver(self, order):
        (self.folder / f"{order.order_id}.json").write_text(order.model_dump_json())


class PigeonTransport:
    kind = "pigeon"
    config_model = FolderSettings

    def __init__(self, settings):
        self.folder = settings.folder

    async def send(self, ctx, ack):
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / f"{ack['id']}.edi").write_bytes(ack["body"])
'''


def install_plugin(folder: Path, group: str = "order_gateway.sources", name: str = "drop") -> Path:
    """A distribution on ``sys.path`` whose entry points name the plug-in source (as ``name`` in ``group``),
    the sink ``shelf`` and the acknowledgement transport ``pigeon``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "drop_source.py").write_text(PLUGIN)
    (folder / "shelf_plugin.py").write_text(SINK_AND_TRANSPORT)
    info = folder / "drop_plugin-1.0.dist-info"
    info.mkdir(exist_ok=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: drop-plugin\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(
        f"[{group}]\n{name} = drop_source:DropSource\n\n"
        "[order_gateway.extractors]\nnothing = drop_source:NOTHING\n\n"
        "[order_gateway.sinks]\nshelf = shelf_plugin:ShelfSink\n\n"
        "[order_gateway.ack_transports]\npigeon = shelf_plugin:PigeonTransport\n")
    return folder


@pytest.fixture
def plugin_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = install_plugin(tmp_path / "site")
    monkeypatch.syspath_prepend(str(folder))
    importlib.invalidate_caches()
    return folder


def config_with_drop(root: Path, text: str = "PO 4711\n1 x TK-40893\n", **more: object) -> Path:
    return write_config(root, {"extra": {"drop": [{"name": "inbox", "text": text, **more}]}})


def test_entry_point_source_is_registered_after_the_builtins(plugin_path: Path) -> None:
    sources = list(build_registry().sources)
    assert sources[:5] == ["http", "smtp", "sftp", "folder", "sftp_poll"] and sources[-1] == "drop"


def test_entry_point_source_section_is_checked_by_its_config_model(plugin_path: Path, tmp_path: Path) -> None:
    config = load_config(config_with_drop(tmp_path / "gw", colour="red"))
    with pytest.raises(ConfigError, match=r"extra\.drop\[0\]\.colour"):
        build_registry().configured_sources(config)


async def test_gateway_starts_an_entry_point_source(plugin_path: Path, tmp_path: Path) -> None:
    async with running_gateway(config_with_drop(tmp_path / "gw")) as gw:
        docs = await wait_until(lambda: gw.ctx.journal.list_documents(channel="drop"))
        assert docs[0].sender == "drop:inbox"
        assert gw.ready()  # a source without ports is ready once started


def test_duplicate_plugin_name_is_a_start_up_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(install_plugin(tmp_path / "site", name="smtp")))
    importlib.invalidate_caches()
    with pytest.raises(RegistryError, match="smtp"):
        build_registry()


def plugins_command(plugin_path: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), str(plugin_path)])}
    return subprocess.run([sys.executable, "-m", "gateway.cli", *args, "plugins"], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def test_plugins_command_lists_what_is_installed_without_a_config(plugin_path: Path, tmp_path: Path) -> None:
    run = plugins_command(plugin_path, tmp_path)  # no config/gateway.toml here
    assert run.returncode == 0, run.stderr
    listed = json.loads(run.stdout)
    assert {"extractors", "sources", "sinks", "ack_transports"} <= set(listed)
    assert listed["extractors"]["edifact"]["origin"] == "built-in extractors.edi.edifact"
    assert listed["extractors"]["nothing"] == {"class": "drop_source:NothingExtractor",
                                               "origin": "entry point drop_source:NOTHING"}
    assert listed["sources"]["drop"]["config_model"] == "drop_source:DropSection"
    assert listed["sources"]["drop"]["origin"] == "entry point drop_source:DropSource"
    assert listed["sinks"]["webhook"]["config_model"] == "gateway.config:WebhookSinkSection"
    assert listed["sinks"]["shelf"]["origin"] == "entry point shelf_plugin:ShelfSink"
    assert listed["ack_transports"]["pigeon"]["config_model"] == "shelf_plugin:FolderSettings"
    assert {"sftp", "http_callback", "email"} <= set(listed["ack_transports"])


def test_plugins_command_with_a_config_validates_it(plugin_path: Path, tmp_path: Path) -> None:
    good = plugins_command(plugin_path, REPO, "--config", str(shelf_config(tmp_path / "good")))
    assert good.returncode == 0, good.stderr
    assert "shelf" in json.loads(good.stdout)["sinks"]
    bad = plugins_command(plugin_path, REPO, "--config", str(shelf_config(tmp_path / "bad", colour="red")))
    assert bad.returncode == 2 and "extra.shelf[0].colour" in bad.stderr


def shelf_config(root: Path, **settings: object) -> Path:
    """The plug-in sink ``shelf`` delivers; partner 5412345000013's CONTRL goes by the transport ``pigeon``."""
    return write_config(root, {
        "delivery": {"sink": "shelf"},
        "partners": [{"id": "retail-brussels", "customer_id": "C1001", "edifact_ids": ["5412345000013"],
                      "ack": {"edifact": "contrl", "via": "pigeon"}}],
        "extra": {"shelf": {"folder": root / "shelf", **settings}, "pigeon": {"folder": root / "loft"}}})


async def test_gateway_delivers_through_a_plugin_sink_and_acknowledges_through_a_plugin_transport(
        plugin_path: Path, tmp_path: Path) -> None:
    from testkit.samples import edifact_order
    root = tmp_path / "gw"
    async with running_gateway(shelf_config(root)) as gw:
        await gw.ctx.intake.accept(edifact_order("PO-SHELF-1", [("4000862141404", 2)]), "http")
        delivered = await wait_until(lambda: list((root / "shelf").glob("*.json")))
        acks = await wait_until(lambda: list((root / "loft").glob("*.edi")))
    assert b"PO-SHELF-1" in delivered[0].read_bytes()
    assert not (root / "erp").exists()  # the built-in file sink was not used
    assert b"CONTRL" in acks[0].read_bytes()


def test_plugin_sink_and_transport_settings_are_checked_by_their_config_models(
        plugin_path: Path, tmp_path: Path) -> None:
    config = load_config(shelf_config(tmp_path / "gw", colour="red"))
    with pytest.raises(ConfigError, match=r"extra\.shelf\[0\]\.colour"):
        build_registry().check_settings(config)


def test_unknown_sink_or_transport_is_a_config_error_listing_the_known_kinds(
        plugin_path: Path, tmp_path: Path) -> None:
    path = write_config(tmp_path / "gw", {
        "delivery": {"sink": "carrier"},
        "partners": [{"id": "p", "customer_id": "C1001", "ack": {"via": "smoke"}}]})
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert "delivery.sink: no sink named 'carrier'; known: file, webhook, shelf" in str(err.value)
    assert "partners[0].ack.via: no acknowledgement transport named 'smoke'; known: channel, none" in str(err.value)
    assert "pigeon" in str(err.value)
