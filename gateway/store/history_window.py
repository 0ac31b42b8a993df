"""A customer's newest accepted orders, kept in memory and brought up to date at each commit.

The anomaly check compares an order with the history summaries (``gateway.order_history``) of the
customer's accepted orders (``ready`` or ``delivered``, not cancellations) received before it, newest
first. Reading a few hundred of them from the journal for every order was the largest read the
pipeline made on the event loop. Instead each process keeps, per customer, a **window**: the newest
``size`` such orders, ``(received_at, order_id, document_id, history)`` oldest first, in the order
``ORDER BY received_at, order_id`` gives, and whether it holds all of the customer's accepted orders.

The journal keeps one **mark** per customer (``customer_history_marks``): a fresh token written in the
same transaction as every change of that customer's accepted orders (an accepted order inserted; an
order updated, dead-lettered or moved out by retention). A window is used only while its token is
the customer's mark, so a window is exactly what the journal held at that mark, on one node or
several:

* a commit that inserts one accepted order and finds the mark its window has moves the window to
  the new token with that order added (``committed``): the next order of a busy customer reads one
  mark, not hundreds of rows;
* any other change writes a new token only: the window is read again from the journal at the next
  order (as it is when missing: after a restart, another node's change, or an order inserted while
  the window was elsewhere);
* a token is never reused (a ULID), so a window moved inside a transaction that was rolled back can
  never match a mark.

``texts`` then takes the summaries the anomaly query would have selected; when the window cannot say
(it is cut off before enough orders), the caller runs the query itself.
"""

from __future__ import annotations

import bisect
import threading
from dataclasses import dataclass

ACCEPTED_STATUSES = ("ready", "delivered")
SLACK = 64  # orders kept beyond the history limit: those received after the order being checked
MAX_CUSTOMERS = 2000  # windows kept per process at most (the oldest kept goes first)

Entry = tuple[str, str, str, str | None]  # received_at, order_id, document_id, history summary

MARK_SQL = "SELECT token FROM customer_history_marks WHERE customer_id = ?"
WINDOW_SQL = ("SELECT received_at, order_id, document_id, history FROM orders WHERE customer_id = ? "
              f"AND status IN ({', '.join(repr(s) for s in ACCEPTED_STATUSES)}) AND kind <> 'cancel' "
              "AND received_at IS NOT NULL "
              "ORDER BY received_at DESC, order_id DESC LIMIT ?")


def accepted(status: str | None, kind: str | None) -> bool:
    """Whether an order with this status and kind belongs to its customer's history."""
    return status in ACCEPTED_STATUSES and kind != "cancel"


def _received(entry: Entry) -> str:
    return entry[0]


@dataclass(frozen=True, slots=True)
class Window:
    token: str
    size: int
    complete: bool  # every accepted order of the customer is in ``entries``
    entries: tuple[Entry, ...]  # oldest first, at most ``size``

    def with_entry(self, entry: Entry, token: str) -> Window:
        """The window once ``entry`` is committed, at ``token``."""
        entries = list(self.entries)
        key = (entry[0], entry[1])
        at = bisect.bisect_left(entries, key, key=lambda e: (e[0], e[1]))
        if at < len(entries) and (entries[at][0], entries[at][1]) == key:
            return Window(token, self.size, self.complete, self.entries)  # already in (not expected)
        if at == 0 and not self.complete and len(entries) >= self.size:
            return Window(token, self.size, False, self.entries)  # older than the window holds
        entries.insert(at, entry)
        complete = self.complete
        if len(entries) > self.size:
            del entries[0]
            complete = False
        return Window(token, self.size, complete, tuple(entries))

    def texts(self, since: str, before: str, document_id: str, limit: int) -> list[str] | None:
        """The summaries, newest first, of the accepted orders received in [since, before) not of
        ``document_id``, at most ``limit``: what ``gateway.stages.anomaly.load_history``'s query selects.
        None when the window is cut off before it can tell. An order without a summary counts towards
        ``limit`` and gives no text, as in the query (its texts are aggregated after the ``LIMIT``)."""
        entries = self.entries
        # entries are in received order: those received in [since, before) are one slice of them
        low = bisect.bisect_left(entries, since, key=_received)
        high = bisect.bisect_left(entries, before, key=_received)
        limit = max(limit, 1)  # (the first order counted always ends a limit under one)
        taken = [e for e in reversed(entries[low:high]) if e[2] != document_id][:limit]
        out = [e[3] for e in taken if e[3] is not None]
        if len(taken) >= limit or min(low, high) > 0:  # the limit reached, or an order before both bounds
            return out
        return out if self.complete else None


class HistoryWindows:
    """The windows of one process, by customer: the last few tokens' each, since a read may still see
    the mark a commit is moving the window from (and put the window at that mark back)."""

    def __init__(self, max_customers: int = MAX_CUSTOMERS, per_customer: int = 4) -> None:
        self.max_customers, self.per_customer = max_customers, per_customer
        self._windows: dict[str, dict[str, Window]] = {}
        self._lock = threading.Lock()  # the writer thread and the readers both move windows
        self.hits = self.misses = 0  # for tests and benchmarks

    def get(self, customer_id: str, token: str | None, size: int) -> Window | None:
        window = None if token is None else self._windows.get(customer_id, {}).get(token)
        if window is None or window.size < size:
            self.misses += 1
            return None
        self.hits += 1
        return window

    def _keep(self, customer_id: str, window: Window) -> None:
        kept = self._windows.pop(customer_id, None) or {}
        kept.pop(window.token, None)
        kept[window.token] = window
        while len(kept) > self.per_customer:
            del kept[next(iter(kept))]
        self._windows[customer_id] = kept  # the customer is now the newest
        while len(self._windows) > self.max_customers:
            del self._windows[next(iter(self._windows))]

    def put(self, customer_id: str, window: Window) -> None:
        with self._lock:
            self._keep(customer_id, window)

    def committed(self, customer_id: str, old_token: str | None, token: str, entry: Entry | None) -> None:
        """In the transaction that moved the customer's mark from ``old_token`` to ``token``: with ``entry``
        (the one accepted order it inserted), the window at ``old_token`` gives the window at ``token``."""
        if entry is None or old_token is None:
            return
        with self._lock:
            window = self._windows.get(customer_id, {}).get(old_token)
            if window is not None:
                self._keep(customer_id, window.with_entry(entry, token))

    def clear(self) -> None:
        with self._lock:
            self._windows.clear()


def window_from_rows(token: str, size: int, rows: list[Entry]) -> Window:
    """The window of ``size`` from ``WINDOW_SQL``'s rows (newest first, ``size + 1`` asked for)."""
    return Window(token, size, len(rows) <= size, tuple(reversed(rows[:size])))
