"""Backpressure: past a configured backlog, channels are told to come back later.

``BacklogGate`` counts the documents accepted but not yet concluded (``received``, ``retry`` or
``processing`` in the journal) and the orders due for delivery and never tried (not while a delivery
waits in backoff: an ERP that is down must not stop intake) and refuses new ones with ``BacklogError`` once that count reaches
``[pipeline] backlog_limit`` (0: no bound). The refusal comes before anything is stored or
acknowledged, so nothing accepted is ever dropped: HTTP answers 429 with ``Retry-After``, SMTP 451,
SFTP a failure status the client retries, folder and SFTP polling back off and pick the file up later.

The count is read from the journal at most every ``REFRESH_S`` seconds and raised by each document
accepted in between, so a burst cannot overshoot the bound by more than what arrives meanwhile.
"""

from __future__ import annotations

import time

from gateway.errors import IntakeError
from gateway.store.journal import Journal

REFRESH_S = 0.5


class BacklogError(IntakeError):
    """Too many documents wait to be processed; the sender should retry after ``retry_after_s``."""

    code = "INTAKE-BACKLOG"

    def __init__(self, message: str, retry_after_s: int) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


class BacklogGate:
    def __init__(self, journal: Journal, limit: int, retry_after_s: int) -> None:
        self.journal = journal
        self.limit = limit
        self.retry_after_s = retry_after_s
        self._count = 0
        self._fresh_until = 0.0

    async def admit(self) -> None:
        """Return when one more document may be accepted; raises BacklogError past the bound."""
        await self.check()
        if self.limit:
            self._count += 1

    async def check(self) -> None:
        """Raise BacklogError when the bound is reached, counting nothing: a channel asks before it
        reads a body or sniffs its format, so a refusal costs little while the gateway is behind."""
        if not self.limit:
            return
        if time.monotonic() >= self._fresh_until:
            self._count = await self.journal.backlog()
            self._fresh_until = time.monotonic() + REFRESH_S
        if self._count >= self.limit:
            raise BacklogError(f"{self._count} documents are waiting to be processed (limit "
                               f"{self.limit}); send again in {self.retry_after_s} s", self.retry_after_s)
