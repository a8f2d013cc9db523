"""Polls the board's data off the GUI thread: a timer on the GUI thread, the fetch on one worker.

One fetch at a time: a tick that finds the previous fetch still running is skipped, so a slow
database never piles up requests. The result (or the error) comes back by signal on the GUI thread.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal, Slot

from desktop.services.queue_views import BoardState

log = logging.getLogger(__name__)


class _Relay(QObject):
    """Lives on the GUI thread; the worker emits through it (queued across threads)."""

    done = Signal(int, object, str)  # generation, BoardState or None, error text


class _Fetch(QRunnable):
    def __init__(self, fetch: Callable[[], BoardState], relay: _Relay, generation: int) -> None:
        super().__init__()
        self._fetch, self._relay, self._generation = fetch, relay, generation

    def run(self) -> None:
        try:
            state = self._fetch()
        except Exception as exc:  # any failure: the board shows "reconnecting" and keeps polling
            self._relay.done.emit(self._generation, None, f"{type(exc).__name__}: {exc}")
            return
        self._relay.done.emit(self._generation, state, "")


class BoardPoller(QObject):
    """`fetched(BoardState)` after each good poll; `failed(str)` after each failed one; `stalled()` when
    a fetch has been running longer than `stall_ms` (a hung connection)."""

    fetched = Signal(object)
    failed = Signal(str)
    stalled = Signal()

    def __init__(self, fetch: Callable[[], BoardState], *, interval_ms: int = 500, stall_ms: int = 5000,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fetch = fetch
        self._stall_ms = stall_ms
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # one worker: the fetches never run side by side
        self._relay = _Relay(self)
        self._relay.done.connect(self.on_done)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.poll)
        self._busy_since: float | None = None
        self._stall_reported = False
        self._generation = 0
        self._failing = False

    @property
    def interval_ms(self) -> int:
        return self._timer.interval()

    @property
    def busy(self) -> bool:
        return self._busy_since is not None

    def start(self) -> None:
        """Poll now and then every interval."""
        self._timer.start()
        self.poll()

    def stop(self, wait_ms: int = 3000) -> None:
        """Stop polling and wait for a fetch in flight (so the store can be closed after)."""
        self._timer.stop()
        self._generation += 1  # a result still on its way is ignored
        self._pool.waitForDone(wait_ms)
        self._busy_since = None

    @Slot()
    def poll(self) -> None:
        if self._busy_since is not None:
            waited = (time.monotonic() - self._busy_since) * 1000
            if waited > self._stall_ms and not self._stall_reported:
                self._stall_reported = True
                self.stalled.emit()
            return
        self._busy_since = time.monotonic()
        self._pool.start(_Fetch(self._fetch, self._relay, self._generation))

    @Slot(int, object, str)
    def on_done(self, generation: int, state: object, error: str) -> None:
        if generation != self._generation:
            return
        self._busy_since = None
        self._stall_reported = False
        if state is None:
            if not self._failing:  # log an outage once, not twice a second
                log.warning("display board fetch failed: %s", error)
            self._failing = True
            self.failed.emit(error)
        else:
            if self._failing:
                log.info("display board fetch recovered")
            self._failing = False
            self.fetched.emit(state)
