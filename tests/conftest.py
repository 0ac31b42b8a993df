"""Shared fixtures: a configured gateway in a temporary folder, in-process or as a subprocess."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from extractors.edi.native import native_status
from testkit.harness import API_KEY, CORPUS, running_gateway, write_config

os.environ.setdefault("OMP_THREAD_LIMIT", "1")
# Faxes are read by Tesseract alone in the suite (the gateway's default is both engines, about 5 s more
# CPU per page); tests/test_ocr_engines.py runs both engines, through `gateway extract` as well.
os.environ.setdefault("GATEWAY_OCR_ENGINES", "tesseract")


def pytest_configure(config: pytest.Config) -> None:
    """Refuse to test a compiled module older than its source: the tests would run the old code."""
    stale = [name for name, state in native_status().items() if state == "stale"]
    if stale:
        raise pytest.UsageError(f"compiled {', '.join(stale)} is older than its source: run `make native` "
                                "(or `.venv/bin/python scripts/build_native.py --clean` to run it as Python)")


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
