"""Open-loop load: documents sent at a fixed rate whatever the answers (``bench_scale.py --rate``).

A closed-loop burst (N clients, each sending its next document when the last one was answered) slows
down with the server, so it measures capacity, never the latency a sender sees at a given offered
rate. Here document ``n`` is sent at ``start + n / rate`` on its own connection task, whether or not
the earlier ones were answered. A refusal for the backlog (HTTP 429) is sent again after its
``Retry-After``, as a well-behaved sender would; the document keeps its first offer time, so the time
from offer to delivery includes the wait the refusal cost it.

Reported: how many were offered, answered 202 at the first try, refused with 429 (and how often in
all, the Retry-After seen), other failures, how late the sender fell behind its schedule (the client
shares the machine), and, per PO number, the wall-clock time of the first offer, for the bench to
join with the delivery times in the journal.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

import aiohttp

API_KEY_HEADER = "X-API-Key"


@dataclass
class OfferStats:
    rate: float
    offered: int = 0
    accepted: int = 0  # documents answered 202 (at the first try or after refusals)
    first_try: int = 0  # answered 202 at the first try
    refused_docs: int = 0  # documents refused at least once with 429
    refusals: int = 0  # 429 answers in all
    retry_after: set[str] = field(default_factory=set)
    failed: list[str] = field(default_factory=list)  # other answers or errors, never retried here
    offer_s: float = 0.0  # first offer to last offer
    accept_s: float = 0.0  # first offer to last 202
    max_lag_s: float = 0.0  # how far behind its schedule the sender fell at worst
    offered_at: dict[str, float] = field(default_factory=dict)  # PO -> wall-clock time of the first offer

    def summary(self) -> str:
        return (f"offered {self.offered} at {self.rate:.0f}/s (sender at most {self.max_lag_s * 1000:.0f} ms "
                f"behind), 202 {self.accepted} ({self.first_try} at the first try), 429 {self.refusals} "
                f"times to {self.refused_docs} documents (Retry-After {','.join(sorted(self.retry_after)) or '-'})"
                f", other failures {len(self.failed)}")


async def offer_at_rate(url: str, api_key: str, bodies: list[tuple[str, bytes, str]], rate: float,
                        timeout_s: float = 300.0) -> OfferStats:
    """Send ``bodies`` (PO, bytes, content type) to ``url``/v1/documents at ``rate`` per second."""
    stats = OfferStats(rate=rate)
    connector = aiohttp.TCPConnector(limit=0)
    last_202 = 0.0

    async def send(session: aiohttp.ClientSession, n: int, po: str, body: bytes, content_type: str) -> None:
        nonlocal last_202
        refused = False
        while True:
            try:
                async with session.post(f"{url}/v1/documents", data=body, headers={
                        API_KEY_HEADER: api_key, "Content-Type": content_type,
                        "X-Filename": f"open{n}"}) as resp:
                    await resp.read()
                    status, retry_after = resp.status, resp.headers.get("Retry-After")
            except (aiohttp.ClientError, TimeoutError) as exc:
                stats.failed.append(f"{po}: {type(exc).__name__}")
                return
            if status == 202:
                stats.accepted += 1
                stats.first_try += not refused
                last_202 = time.monotonic()
                return
            if status != 429:
                stats.failed.append(f"{po}: HTTP {status}")
                return
            stats.refusals += 1
            stats.refused_docs += not refused
            refused = True
            stats.retry_after.add(retry_after or "")
            await asyncio.sleep(float(retry_after or 1))

    started = time.monotonic()
    async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=timeout_s)) as session:
        tasks = []
        for n, (po, body, content_type) in enumerate(bodies):
            due = started + n / rate
            delay = due - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            stats.max_lag_s = max(stats.max_lag_s, time.monotonic() - due)
            stats.offered_at[po] = time.time()
            stats.offered += 1
            tasks.append(asyncio.create_task(send(session, n, po, body, content_type)))
        stats.offer_s = time.monotonic() - started
        await asyncio.gather(*tasks)
    stats.accept_s = (last_202 or time.monotonic()) - started
    return stats
