"""Stopping: a background loop woken by new work at the moment it is cancelled still stops.

On Python 3.11, ``asyncio.wait_for`` returns the inner result instead of raising when the task is
cancelled in the same turn as the inner awaitable completes, so a ``while True`` loop waiting for its
wake-up that way went on running after ``Gateway.stop`` cancelled it: the stop waited for it forever
(seen as a teardown hang, the journal's threads idle and the loop waiting). Work arriving as the
gateway stops is exactly that: a document finishing sets the pipeline's and the delivery's wake-up.
"""

from __future__ import annotations

import asyncio

from testkit.harness import wait_until


async def test_a_loop_woken_as_it_is_cancelled_stops(gateway):
    wakes = {"pipeline": gateway.pipeline.wake, "delivery": gateway.delivery.wake, "acks": gateway.acks.wake}
    for name, wake in wakes.items():
        task = gateway._tasks[name]
        await wait_until(lambda: wake._waiters, timeout=30, interval=0.01)  # idle, waiting for work
        wake.set()  # work arrives...
        task.cancel()  # ...as the gateway stops
        done, _ = await asyncio.wait([task], timeout=30)
        assert task in done, f"the {name} loop went on after it was cancelled"


async def test_a_folder_source_woken_as_it_stops_stops(tmp_path):
    from testkit.harness import running_gateway, write_config

    inbox = tmp_path / "inbox"
    config = write_config(tmp_path / "gw", {"folders": [{"name": "drop", "path": inbox}]})
    async with running_gateway(config) as gw:
        source = next(s for s in gw.sources if getattr(s, "_wake", None) is not None)
        await wait_until(lambda: source._wake._waiters, timeout=30, interval=0.01)
        source._wake.set()
        source._task.cancel()
        done, _ = await asyncio.wait([source._task], timeout=30)
        assert source._task in done, "the folder loop went on after it was cancelled"


def test_no_wait_for_in_the_gateway():
    """``asyncio.timeout`` instead: ``asyncio.wait_for`` may swallow a cancellation on Python 3.11."""
    from pathlib import Path
    root = Path(__file__).resolve().parents[1]
    found = [f"{path.relative_to(root)}:{n}" for folder in ("gateway", "connectors")
             for path in sorted((root / folder).rglob("*.py"))
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if "asyncio.wait_for(" in line]
    assert found == []
