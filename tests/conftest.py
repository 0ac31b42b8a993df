"""Shared fixtures: a configured gateway in a temporary folder, in-process or as a subprocess."""

from __future__ import annotations

import functools
import hashlib
import inspect
import os
import shutil
import tempfile
from collections import OrderedDict
from pathlib import Path

import pytest

import testkit.capture_fax
from extractors.edi.native import native_status
from gateway import workers
from testkit.harness import API_KEY, CORPUS, running_gateway, write_config

os.environ.setdefault("OMP_THREAD_LIMIT", "1")
# Faxes are read by Tesseract alone in the suite (the gateway's default is both engines, about 5 s more
# CPU per page); tests/test_ocr_engines.py runs both engines, through `gateway extract` as well.
os.environ.setdefault("GATEWAY_OCR_ENGINES", "tesseract")


# Many fax tests turn the same generated order into the same fax (a stamp, a note or a stroke drawn over
# it afterwards, or one fax read by several tests): rasterising the PDF and simulating the fax machine is
# deterministic (testkit/capture_fax.py), so the suite keeps the TIFF made for the same PDF content and the
# same arguments, for this session only. Test modules import render_fax_tiff after this file is loaded,
# so they get this one. GATEWAY_TEST_FAX_CACHE=0 turns it off.
_render_fax_tiff = testkit.capture_fax.render_fax_tiff
_FAX_SIGNATURE = inspect.signature(_render_fax_tiff)
_FAXES: OrderedDict[tuple, bytes] = OrderedDict()
_FAXES_KEPT = 48  # a few MB: G4 TIFFs of one to three pages


@functools.wraps(_render_fax_tiff)
def _render_fax_tiff_once(*args, **kwargs) -> bytes:
    bound = _FAX_SIGNATURE.bind(*args, **kwargs)
    bound.apply_defaults()
    values = dict(bound.arguments)
    key = (hashlib.sha256(values.pop("pdf")).hexdigest(), repr(sorted(values.items())))
    if key in _FAXES:
        _FAXES.move_to_end(key)
        return _FAXES[key]
    tiff = _render_fax_tiff(*args, **kwargs)
    _FAXES[key] = tiff
    while len(_FAXES) > _FAXES_KEPT:
        _FAXES.popitem(last=False)
    return tiff


if os.environ.get("GATEWAY_TEST_FAX_CACHE", "1") != "0":
    testkit.capture_fax.render_fax_tiff = _render_fax_tiff_once


# The same page is read by tesseract in many tests (a fax fixture per test, the gateway's pool, `gateway
# extract` subprocesses): the suite's tesseract keeps what the real one answered for the page's content and the
# same arguments, for this session only (testkit/tesseract_cache.sh, put first on PATH, so every process
# uses it). GATEWAY_TEST_OCR_CACHE=0 turns it off.
_OCR_CACHE: Path | None = None


def pytest_configure(config: pytest.Config) -> None:
    """Refuse to test a compiled module older than its source: the tests would run the old code."""
    stale = [name for name, state in native_status().items() if state == "stale"]
    if stale:
        raise pytest.UsageError(f"compiled {', '.join(stale)} is older than its source: run `make native` "
                                "(or `.venv/bin/python scripts/build_native.py --clean` to run it as Python)")
    # The gateways started in this process share warm extraction workers (gateway.workers.share_executors):
    # spawning a pool and importing the readers and OCR in each worker cost seconds of CPU per gateway.
    # Gateways run as subprocesses keep their own pools. GATEWAY_TEST_SHARED_POOL=0 turns it off.
    if os.environ.get("GATEWAY_TEST_SHARED_POOL", "1") != "0":
        workers.share_executors()
    global _OCR_CACHE
    real = shutil.which("tesseract")
    if os.environ.get("GATEWAY_TEST_OCR_CACHE_DIR"):
        # a pytest-xdist worker: the controlling process's wrapper is first on PATH already and its cache
        # serves every worker (writes are atomic renames). Wrapping it again would make the wrapper
        # exec itself for ever.
        pass
    elif real and os.environ.get("GATEWAY_TEST_OCR_CACHE", "1") != "0" and _OCR_CACHE is None:
        _OCR_CACHE = Path(tempfile.mkdtemp(prefix="gateway-tests-ocr-"))
        wrapper = _OCR_CACHE / "bin" / "tesseract"
        wrapper.parent.mkdir()
        shutil.copyfile(Path(__file__).resolve().parents[1] / "testkit" / "tesseract_cache.sh", wrapper)
        wrapper.chmod(0o755)
        os.environ["GATEWAY_TEST_TESSERACT"] = real
        os.environ["GATEWAY_TEST_OCR_CACHE_DIR"] = str(_OCR_CACHE / "pages")
        os.environ["PATH"] = f"{wrapper.parent}{os.pathsep}{os.environ.get('PATH', '')}"


def pytest_unconfigure(config: pytest.Config) -> None:
    workers.close_shared_executors()
    if _OCR_CACHE is not None:
        log = _OCR_CACHE / "pages.log"
        if log.exists() and (keep := os.environ.get("GATEWAY_TEST_OCR_CACHE_LOG")):
            shutil.copyfile(log, keep)
        shutil.rmtree(_OCR_CACHE, ignore_errors=True)


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
