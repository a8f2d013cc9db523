"""The change watcher emits on its first read (the baseline) and on every read that differs from
the last, never on a read that does not."""

from __future__ import annotations

from desktop.ui.changes import ChangeWatcher

WAIT = 5000


def test_the_first_read_and_each_move_emit_and_nothing_else(qtbot):
    values = iter([5, 5, 5, 7, 7, 9])
    last: list[int] = []

    def marker() -> int:
        try:
            value = next(values)
        except StopIteration:
            value = 9
        last.append(value)
        return value

    watcher = ChangeWatcher(marker, interval_ms=10)
    emitted: list[int] = []
    watcher.changed.connect(emitted.append)
    assert watcher.baseline is None
    watcher.start()
    try:
        qtbot.waitUntil(lambda: len(last) >= 8 and watcher.baseline == 9, timeout=WAIT)
    finally:
        watcher.stop()
    assert emitted == [5, 7, 9]


def test_a_change_before_the_first_read_is_not_lost(qtbot):
    """The window loads its queue, another process takes a ticket, then the watcher's first read
    comes back: that read refreshes the queue, or the ticket would wait for the slow refresh."""
    watcher = ChangeWatcher(lambda: 42, interval_ms=60_000)
    emitted: list[int] = []
    watcher.changed.connect(emitted.append)
    watcher.start()
    try:
        qtbot.waitUntil(lambda: emitted == [42], timeout=WAIT)
    finally:
        watcher.stop()
