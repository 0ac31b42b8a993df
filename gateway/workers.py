"""The process pool that runs heavy extraction (OCR, rasterising, PDF and large EDI parses).

Jobs are small picklable records: an extractor name, the archive path of the document and the hints.
Workers are spawned (not forked, so no event-loop or thread state leaks into them), run Tesseract
with ``OMP_THREAD_LIMIT=1`` (and RapidOCR's onnxruntime on one thread), and cap their own address
space so a decompression bomb kills one worker, not the gateway. A crashed or stuck pool is
replaced; the document gets a named outcome.

The pool has at most ``pipeline.process_pool`` workers, and no more than the machine has cores
(each worker keeps one busy) or memory for (``pool_size``: a worker with both OCR engines loaded
peaks at about ``WORKER_MEMORY_NEED``, ``bench/bench_ocr_engines.py``).
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import resource
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, TypeVar

from extractors.base import ExtractHints
from gateway.errors import ExtractionError, GatewayError
from gateway.model import Extraction

WORKER_MEMORY_LIMIT = 3 * 1024 ** 3
WORKER_MEMORY_NEED = int(0.9 * 1024 ** 3)  # resident peak of a worker running both OCR engines
T = TypeVar("T")


@dataclass(frozen=True)
class ExtractJob:
    extractor: str
    path: str
    hints: ExtractHints


def pool_size(requested: int, cores: int | None = None, available: int | None = None) -> int:
    """Workers to start: ``requested``, but no more than the cores, nor than the memory
    available (bytes; None: read from the system) holds workers of ``WORKER_MEMORY_NEED``;
    at least one."""
    cores = cores or os.cpu_count() or 1
    available = available_memory() if available is None else available
    by_memory = available // WORKER_MEMORY_NEED if available else requested
    return max(1, min(requested, cores, by_memory))


def available_memory() -> int | None:
    """Bytes of memory available to new processes: MemAvailable, within the cgroup's limit."""
    found = []
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                found.append(int(line.split()[1]) * 1024)
    except (OSError, ValueError, IndexError):
        pass
    try:
        limit = Path("/sys/fs/cgroup/memory.max").read_text().strip()
        used = Path("/sys/fs/cgroup/memory.current").read_text().strip()
        if limit.isdigit() and used.isdigit():
            found.append(int(limit) - int(used))
    except OSError:
        pass
    return min(found) if found else None


def _init_worker(memory_limit: int) -> None:
    os.environ["OMP_THREAD_LIMIT"] = "1"
    os.environ.setdefault("OPENCV_FOR_THREADS_NUM", "1")
    if memory_limit:
        resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))


@lru_cache(maxsize=4)
def _registry(mappings_dir: Path | None):  # one registry per worker process and mappings folder
    from gateway.registry import build_registry
    return build_registry(mappings_dir)


def run_job(job: ExtractJob) -> Extraction:
    """Runs inside a worker (or a thread for light extractors)."""
    return read_with(_registry(job.hints.mappings_dir).get(job.extractor), job)


def read_with(extractor: Any, job: ExtractJob, data: bytes | None = None) -> Extraction:
    """Read ``job``'s document with ``extractor`` right here (a worker, a thread or, for a document of
    a few hundred bytes, the event loop: ``gateway.stages.extract.reads_on_loop``); ``data``: its bytes
    when the caller holds them already (read from ``job.path`` otherwise)."""
    if data is None:
        data = Path(job.path).read_bytes()
    try:
        return extractor.extract(data, job.hints)
    except MemoryError:
        raise ExtractionError("document needs more memory than a worker may use",
                              code="LIMIT-MEMORY") from None


# Test-only: the test suite starts hundreds of gateways in one process, and each pool's spawned workers
# import the readers and the OCR engines again (seconds of CPU per worker). ``share_executors()`` makes the
# pools of this process take warm executors from one shelf (per size, memory limit and environment, since
# workers read the environment they were spawned with); a gateway's close leaves them running for the next
# one, a timeout or a dead worker still kills and replaces them. Never called by the gateway itself.
_SHELF: dict[tuple, ProcessPoolExecutor] | None = None
_SHELF_KEPT = 3
_NOT_ENVIRONMENT = {"PYTEST_CURRENT_TEST"}


def share_executors() -> None:
    global _SHELF
    if _SHELF is None:
        _SHELF = {}


def close_shared_executors() -> None:
    global _SHELF
    shelf, _SHELF = _SHELF, None
    for executor in (shelf or {}).values():
        executor.shutdown(wait=True, cancel_futures=True)


def _new_executor(processes: int, memory_limit: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=processes, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_init_worker, initargs=(memory_limit,))


def _shared_executor(processes: int, memory_limit: int) -> ProcessPoolExecutor:
    assert _SHELF is not None
    key = (processes, memory_limit,
           tuple(sorted((k, v) for k, v in os.environ.items() if k not in _NOT_ENVIRONMENT)))
    executor = _SHELF.pop(key, None)
    if executor is None or getattr(executor, "_broken", False) or getattr(executor, "_shutdown_thread", False):
        executor = _new_executor(processes, memory_limit)
    _SHELF[key] = executor  # most recently used last
    while len(_SHELF) > _SHELF_KEPT:
        _SHELF.pop(next(iter(_SHELF))).shutdown(wait=False, cancel_futures=True)
    return executor


class ExtractionPool:
    def __init__(self, processes: int, timeout_s: float, memory_limit: int = WORKER_MEMORY_LIMIT) -> None:
        self.processes = pool_size(processes)
        self.timeout_s = timeout_s
        self.memory_limit = memory_limit
        self._pool: ProcessPoolExecutor | None = None
        self._shared = False

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._shared = _SHELF is not None
            self._pool = _shared_executor(self.processes, self.memory_limit) if self._shared else \
                _new_executor(self.processes, self.memory_limit)
        return self._pool

    async def run(self, job: ExtractJob, heavy: bool = True) -> Extraction:
        """Run one extraction; raises ExtractionError for timeouts and crashed workers."""
        if not heavy:  # asyncio.timeout, not wait_for: on 3.11 wait_for may swallow a cancel (tests/test_stop.py)
            async with asyncio.timeout(self.timeout_s):
                return await asyncio.to_thread(run_job, job)
        return await self.call(run_job, job)

    async def call(self, fn: Callable[..., T], *args: object) -> T:
        """Run a picklable module-level function in a worker: rasterising and other CPU work that
        must stay off the event loop (pdfium is not thread-safe, so never in a thread)."""
        future = asyncio.get_running_loop().run_in_executor(self._executor(), fn, *args)
        try:
            async with asyncio.timeout(self.timeout_s):
                return await future
        except TimeoutError:
            self._restart()
            raise ExtractionError(f"extraction took longer than {self.timeout_s:.0f} s",
                                  code="EXTRACT-TIMEOUT", retryable=False) from None
        except BrokenProcessPool:
            self._restart()
            raise ExtractionError("extraction worker died (memory or a crash in a library)",
                                  code="EXTRACT-WORKER-DIED", retryable=True) from None
        except GatewayError:
            raise

    def _restart(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None and self._shared and _SHELF is not None:
            for key, shelved in list(_SHELF.items()):
                if shelved is pool:
                    del _SHELF[key]
        if pool is not None:
            for proc in list(getattr(pool, "_processes", {}).values()):
                proc.kill()
            pool.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        if self._pool is not None and self._shared:
            self._pool = None  # stays on the shelf, warm, for the next gateway of this test session
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
