"""Blocking calls made in one turn of the event loop, run together in one thread job.

Each ``await batch(item)`` would otherwise be one hand-off to a thread and one wake-up of the loop
back. A ``TurnBatch`` collects the items asked for during one turn of the loop, sends them to a thread
in one job (``run`` takes a list and returns one result or exception per item, in order) and
answers every caller with one wake-up when the job is done. One item's exception goes to its caller
alone. Under light load a batch is one item, as before; with many documents in flight one hand-off
serves many.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import Executor
from typing import Generic, TypeVar

I = TypeVar("I")
R = TypeVar("R")


class TurnBatch(Generic[I, R]):
    def __init__(self, run: Callable[[list[I]], list[R | BaseException]], executor: Executor | None = None,
                 max_items: int = 32) -> None:
        self.run = run
        self.executor = executor
        self.max_items = max_items
        self._pending: dict[asyncio.AbstractEventLoop, list[tuple[I, asyncio.Future]]] = {}

    async def __call__(self, item: I) -> R:
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        pending = self._pending.setdefault(loop, [])
        pending.append((item, future))
        if len(pending) == 1:
            loop.call_soon(self._send, loop)
        return await future

    def _send(self, loop: asyncio.AbstractEventLoop) -> None:
        pending = self._pending.pop(loop, [])
        for start in range(0, len(pending), self.max_items):
            chunk = pending[start:start + self.max_items]
            try:
                job = loop.run_in_executor(self.executor, self.run, [item for item, _ in chunk])
            except RuntimeError as exc:  # the executor is shut down
                job = loop.create_future()
                job.set_exception(exc)
            job.add_done_callback(lambda done, chunk=chunk: _settle(done, chunk))


def _settle(job: asyncio.Future, chunk: list[tuple[object, asyncio.Future]]) -> None:
    """Hand each caller its own result; a failed job fails every caller of it."""
    if job.cancelled():
        results: list[object] = [asyncio.CancelledError()] * len(chunk)
    elif job.exception() is not None:
        results = [job.exception()] * len(chunk)
    else:
        results = job.result()
    for (_, future), result in zip(chunk, results, strict=True):
        if future.done():  # the caller was cancelled
            continue
        if isinstance(result, BaseException):
            future.set_exception(result)
        else:
            future.set_result(result)
