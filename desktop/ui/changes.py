"""Notices another process's change within a poll: the change marker (services/changes.py) read off
the GUI thread every `interval_ms`; `changed` is emitted when it moved. A counter window refreshes
its queue on it, so a ticket taken at the kiosk or called at another counter shows within a second.

The first read is the baseline, and it emits `changed` too: a change made between the window's own
first load and that read (the read runs on a worker, and may come late on a busy PC) would otherwise
wait for the next change or the slow refresh."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal, Slot

from desktop.ui.display.poller import BoardPoller

CHANGE_POLL_MS = 300


class ChangeWatcher(QObject):
    changed = Signal(int)

    def __init__(self, marker: Callable[[], int], *, interval_ms: int = CHANGE_POLL_MS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._last: int | None = None
        self._poller = BoardPoller(marker, interval_ms=interval_ms, parent=self)
        self._poller.fetched.connect(self.on_marker)

    def start(self) -> None:
        self._poller.start()

    def stop(self) -> None:
        self._poller.stop()

    @property
    def interval_ms(self) -> int:
        return self._poller.interval_ms

    @property
    def baseline(self) -> int | None:
        """The marker last read; None until the first read is back."""
        return self._last

    @Slot(object)
    def on_marker(self, value: int) -> None:
        moved = value != self._last
        self._last = value
        if moved:
            self.changed.emit(value)
