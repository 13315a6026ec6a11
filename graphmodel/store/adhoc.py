"""Fair sharing of the store between ad-hoc statements and everyone else.

An analyst's statement can cost the engine far more than its time limit says:
both engines stop most statements at their timeout, but neither interrupts a
single huge expression (measured: ``reduce`` over a 200,000-element range ran
36 s on Neo4j against a 2 s transaction timeout, and past 60 s on FalkorDB).
So the limits do not rely on the engine alone:

* **Slots.** At most ``slots`` ad-hoc statements run at once, and at most
  ``per_owner`` for one caller (one API key, one CLI user). A statement that
  finds no free slot is refused at once with :class:`QueryBusyError` (HTTP 429
  with ``Retry-After``), never queued, so waiting requests cannot pile up in
  the web server's threads either. The embedded store runs more engine threads
  than there are slots (``graphmodel.store.embedded``), so look-ups always
  find one free.
* **Deadline.** The caller gets an answer at the time limit: the statement
  runs on a worker thread and the caller waits at most ``timeout_ms`` (plus
  8%). A statement the engine has not stopped by then is reported as
  timed out, and **keeps its slot until the engine is done with it**, so one
  caller cannot stack up engine work by retrying.
* **Caps.** Rows and bytes are capped while the reply streams
  (:meth:`graphmodel.store.base.GraphStore.run_read_only`).
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

from graphmodel.errors import QueryBusyError, QueryError
from graphmodel.store.base import GraphStore, Row

__all__ = ["AdhocRunner"]

# How much past its time limit a caller may wait for an answer. The limit holds
# within 10% as the caller sees it, and what follows the deadline (the problem
# answer, the audit record, the HTTP reply) took 0.12 s on a saturated CI machine
# (2.28 s against 2 s with a slack of 8%), so the runner gives up at 3%.
_DEADLINE_SLACK = 0.03


class AdhocRunner:
    """Run read-only ad-hoc statements under slots, a deadline and caps.

    Parameters
    ----------
    slots : int
        Statements that may run at once, over every caller.
    per_owner : int
        Statements one caller may have running (a timed-out one included, until
        the engine finishes it).

    Examples
    --------
    >>> runner = AdhocRunner(slots=2, per_owner=1)
    >>> runner.running()
    0
    """

    def __init__(self, slots: int, per_owner: int) -> None:
        self.slots = max(1, slots)
        self.per_owner = max(1, per_owner)
        self._lock = threading.Lock()
        self._by_owner: Counter[str] = Counter()
        self._total = 0
        self._pool = ThreadPoolExecutor(max_workers=self.slots, thread_name_prefix="adhoc")

    def running(self) -> int:
        """Statements holding a slot now (timed-out ones the engine still runs included)."""
        with self._lock:
            return self._total

    def _enter(self, owner: str) -> None:
        with self._lock:
            if self._by_owner[owner] >= self.per_owner:
                raise QueryBusyError(
                    f"You already have {self._by_owner[owner]} statement(s) running, the most "
                    "one caller may; wait for it to finish (a statement that timed out holds "
                    "its place until the store has stopped it)."
                )
            if self._total >= self.slots:
                raise QueryBusyError(
                    f"All {self.slots} ad-hoc query slots are in use; try again in a moment."
                )
            self._by_owner[owner] += 1
            self._total += 1

    def _leave(self, owner: str) -> None:
        with self._lock:
            self._by_owner[owner] -= 1
            if self._by_owner[owner] <= 0:
                del self._by_owner[owner]
            self._total -= 1

    def run(
        self,
        store: GraphStore,
        statements: list[str],
        params: Mapping[str, Any] | None,
        *,
        owner: str,
        timeout_ms: int,
        row_cap: int,
        byte_cap: int | None,
        started: float | None = None,
    ) -> tuple[list[Row], bool]:
        """Run ``statements`` in order (the rows of the last one are returned).

        ``started`` (a :func:`time.monotonic` reading, default now) is when the
        caller's clock started: the API passes the moment the request arrived, so
        the time spent on it before this call counts against the limit too.

        Raises :class:`QueryBusyError` when no slot is free and
        :class:`QueryError` when the time limit passes first.
        """
        deadline = (time.monotonic() if started is None else started) + timeout_ms / 1000 * (
            1 + _DEADLINE_SLACK
        )
        self._enter(owner)

        def work() -> tuple[list[Row], bool]:
            rows: list[Row] = []
            truncated = False
            for text in statements:
                rows, truncated = store.run_read_only(
                    text, params, timeout_ms=timeout_ms, row_cap=row_cap, byte_cap=byte_cap
                )
            return rows, truncated

        try:
            future: Future[tuple[list[Row], bool]] = self._pool.submit(work)
        except BaseException:
            self._leave(owner)
            raise
        # The slot is given back when the engine is done, not when the caller stops waiting.
        future.add_done_callback(lambda _f: self._leave(owner))
        try:
            return future.result(timeout=max(0.0, deadline - time.monotonic()))
        except FutureTimeout:
            raise QueryError(
                f"The statement timed out: it ran past the {timeout_ms:,} ms limit, so its "
                "answer was abandoned (its query slot stays taken until the store stops it)."
            ) from None

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
