"""The DB worker: every service call runs off the GUI thread, one at a time (Anki's pattern).

    DbOp(worker, lambda: services.calling.call_next(actor)).success(show).failure(show_error).run()

Results and errors come back to the GUI thread by a queued signal. A CounterDeskError goes to the
failure callback (default: the error display); anything else is logged with its traceback and shown
as a short internal-error message — never a traceback on screen."""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from desktop.domain.errors import CounterDeskError

log = logging.getLogger(__name__)


class InternalError(CounterDeskError):
    def __init__(self) -> None:
        super().__init__("internal_error", "内部错误，已记录日志；请重试或联系管理员",
                         "Internal error (logged); try again or ask an administrator")


class _Job(QRunnable):
    def __init__(self, relay: DbWorker, token: int, fn: Callable[[], Any]) -> None:
        super().__init__()
        self._relay, self._token, self._fn = relay, token, fn

    def run(self) -> None:
        try:
            result, ok = self._fn(), True
        except CounterDeskError as exc:
            result, ok = exc, False
        except Exception:  # noqa: BLE001 - logged, replaced by a message a person can act on
            log.exception("database operation failed")
            result, ok = InternalError(), False
        self._relay.finished.emit(self._token, ok, result)


class DbWorker(QObject):
    """One worker thread for the database; owned by the window that uses it."""

    finished = Signal(int, bool, object)
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._tokens = itertools.count(1)
        self._pending: dict[int, tuple[Callable | None, Callable | None]] = {}
        self.default_failure: Callable[[CounterDeskError], None] | None = None
        self.finished.connect(self.on_finished)

    def submit(self, fn: Callable[[], Any], success: Callable | None, failure: Callable | None) -> None:
        token = next(self._tokens)
        self._pending[token] = (success, failure)
        if len(self._pending) == 1:
            self.busy_changed.emit(True)
        self._pool.start(_Job(self, token, fn))

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    @Slot(int, bool, object)
    def on_finished(self, token: int, ok: bool, result: object) -> None:
        success, failure = self._pending.pop(token, (None, None))
        if not self._pending:
            self.busy_changed.emit(False)
        if ok:
            if success is not None:
                success(result)
        else:
            handler = failure or self.default_failure
            if handler is not None:
                handler(result)

    def drain(self, msecs: int = 10_000) -> bool:
        """Wait for queued work (on close, and in tests) so no thread outlives its window."""
        return self._pool.waitForDone(msecs)


class DbOp:
    def __init__(self, worker: DbWorker, fn: Callable[[], Any]) -> None:
        self._worker, self._fn = worker, fn
        self._success: Callable | None = None
        self._failure: Callable | None = None

    def success(self, callback: Callable[[Any], None]) -> DbOp:
        self._success = callback
        return self

    def failure(self, callback: Callable[[CounterDeskError], None]) -> DbOp:
        self._failure = callback
        return self

    def run(self) -> None:
        self._worker.submit(self._fn, self._success, self._failure)
