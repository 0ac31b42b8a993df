"""The one registry: a source from an entry point is validated by its own config model, started by the
gateway like the built-ins, and listed by ``gateway plugins``; a duplicate name stops the start."""

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
'''


def install_plugin(folder: Path, group: str = "order_gateway.sources", name: str = "drop") -> Path:
    """A distribution on ``sys.path`` whose entry point names the plug-in source."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "drop_source.py").write_text(PLUGIN)
    info = folder / "drop_plugin-1.0.dist-info"
    info.mkdir(exist_ok=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: drop-plugin\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(f"[{group}]\n{name} = drop_source:DropSource\n")
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


def test_plugins_command_lists_every_kind_with_its_config_model(plugin_path: Path, tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), str(plugin_path)])}
    run = subprocess.run([sys.executable, "-m", "gateway.cli", "--config", "config/gateway.toml", "plugins"],
                         cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    listed = json.loads(run.stdout)
    assert {"extractors", "sources", "sinks", "ack_transports"} <= set(listed)
    assert listed["sources"]["drop"]["config_model"] == "drop_source:DropSection"
    assert listed["sources"]["drop"]["origin"] == "entry point drop_source:DropSource"
    assert listed["sinks"]["webhook"]["config_model"] == "gateway.config:WebhookSinkSection"
    assert set(listed["ack_transports"]) == {"sftp", "http_callback", "email"}
