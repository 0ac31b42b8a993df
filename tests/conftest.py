"""Shared fixtures: a configured gateway in a temporary folder, in-process or as a subprocess."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.harness import API_KEY, CORPUS, running_gateway, write_config

os.environ.setdefault("OMP_THREAD_LIMIT", "1")


@pytest.fixture
def corpus() -> Path:
    return CORPUS


@pytest.fixture
def api_headers() -> dict[str, str]:
    return {"X-API-Key": API_KEY}


@pytest.fixture
def gateway_config(tmp_path: Path) -> Path:
    return write_config(tmp_path / "gw")


@pytest.fixture
async def gateway(gateway_config: Path):
    async with running_gateway(gateway_config) as gw:
        yield gw
