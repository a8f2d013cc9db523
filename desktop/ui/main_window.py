"""The counter's main window as `counterdesk gui` starts it: painted first, the store opened behind it.

Opening the store means importing SQLAlchemy, the mapped models and the services, checking the
schema and making the day's backup: about a second, more than the whole of Qt's start. So the
window comes first, showing its login page, and the store opens on the DB worker after the first
paint, while the clerk types the user name and password. A login asked for before the store is
open waits for it (LoginPanel). After the login the counter's window (CounterWindow) becomes the
page, in the same window, with its menus and status bar.

Only Qt, the login form and the DB worker are imported before the first paint; a test keeps the
store out (tests/ui/test_main_window.py)."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from desktop.domain.errors import CounterDeskError
from desktop.ui.dbop import DbOp, DbWorker
from desktop.ui.login_window import LoginPanel
from desktop.ui.qtapp import create_application, has_display, saved_language, settings

if TYPE_CHECKING:
    from desktop.context import AppContext
    from desktop.services.base import Actor
    from desktop.ui.counter_window import CounterWindow

log = logging.getLogger(__name__)
SIZE = (1366, 768)  # as the counter window's form
COUNTER_KEY = "login/counter"  # the counter this PC was last logged in at


def open_for_counter(db_url: str | None, lang: str) -> AppContext:
    """What the counter needs before the login can run (on the DB worker): the store, and the day's backup."""
    from desktop.context import open_app

    ctx = open_app(db_url, lang=lang)
    daily_backup(ctx)
    return ctx


def daily_backup(ctx: AppContext) -> Path | None:
    """The first start of the day backs the SQLite database up beside it (backups/, the last 30
    kept). A backup that fails is logged and the counter starts anyway."""
    from datetime import datetime, timezone

    from sqlalchemy.engine import make_url

    from desktop.services import backup as backups
    from desktop.services.base import hall_date

    url = make_url(ctx.db_url)
    if url.get_backend_name() != "sqlite" or not url.database:
        return None
    now = datetime.now(timezone.utc)
    try:
        return backups.daily_backup(ctx.db_url, Path(url.database).parent / "backups", hall_date(now), now=now)
    except (CounterDeskError, OSError) as exc:
        log.warning("daily backup failed: %s", exc)
        return None


class _FirstPaint(QObject):
    """Calls back once, after the first paint of anything in the window has been delivered (the
    application's filter: which widget is painted first depends on the style)."""

    def __init__(self, window: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(window)
        self._window, self._callback = window, callback
        QApplication.instance().installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint and isinstance(obj, QWidget) and obj.window() is self._window:
            QApplication.instance().removeEventFilter(self)
            QTimer.singleShot(0, self._callback)  # after this paint pass, not inside it
        return False


class MainWindow(QMainWindow):
    """The one top-level window of a counter's session: the login page, then the counter."""

    store_ready = Signal()
    counter_shown = Signal()

    def __init__(self, db_url: str | None, lang: str, *, prefs: QSettings | None = None,
                 opener: Callable[[str | None, str], AppContext] = open_for_counter) -> None:
        super().__init__()
        self.prefs = prefs if prefs is not None else settings()
        self.setWindowTitle(self.tr("车驾管业务窗口服务台"))
        self.resize(*SIZE)
        self.ctx: AppContext | None = None
        self.counter: CounterWindow | None = None
        self.exit_code = 0
        self.worker = DbWorker(self)
        self._open = lambda: opener(db_url, lang)
        self.pages = QStackedWidget(self)
        self.setCentralWidget(self.pages)
        self.login = LoginPanel(None, self.worker, counter=self._remembered_counter())
        self.login.setFixedWidth(440)  # the same before and after the hall's counters fill the list
        self.login.logged_in.connect(self.show_counter)
        self.login.cancelled.connect(self.close)
        page = QWidget()
        column = QVBoxLayout(page)
        column.addStretch(1)
        column.addWidget(self.login, 0, Qt.AlignHCenter)
        column.addStretch(2)
        self.pages.addWidget(page)
        self.store_status = QLabel(self.tr("正在打开数据库…"))
        self.statusBar().addPermanentWidget(self.store_status)
        _FirstPaint(self, self.open_store)

    def _remembered_counter(self) -> int | None:
        value = self.prefs.value(COUNTER_KEY)
        return int(value) if str(value).isdigit() else None

    def open_store(self) -> None:
        DbOp(self.worker, self._open).success(self._store_opened).failure(self._store_failed).run()

    def _store_opened(self, ctx: AppContext) -> None:
        self.ctx = ctx
        self.store_status.setText(self.tr("数据库 {db}").format(db=ctx.db_label))
        self.login.attach(ctx)
        self.store_ready.emit()

    def _store_failed(self, exc: CounterDeskError) -> None:
        self.exit_code = 1
        self.store_status.setText(self.tr("数据库未打开"))
        self.login.unavailable(exc)
        log.error("the store did not open: %s", exc.message("en"))

    def show_counter(self, actor: Actor) -> None:
        from desktop.ui.counter_window import CounterWindow

        if actor.counter is not None:
            self.prefs.setValue(COUNTER_KEY, actor.counter)
        self.counter = CounterWindow(self.ctx, actor, self.worker, self.pages)
        self.counter.setWindowFlags(Qt.Widget)  # a page of this window, menus and status bar included
        self.statusBar().hide()  # the counter's own status bar says where the data lives
        self.pages.addWidget(self.counter)
        self.pages.setCurrentWidget(self.counter)
        self.counter.setFocus()
        self.counter_shown.emit()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if self.counter is not None:
            self.counter.close()  # its timers, watchers and the rating window stop
        self.worker.drain()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """After the event loop: no thread left, the store's connections closed."""
        self.worker.drain()
        if self.ctx is not None:
            self.ctx.dispose()
            self.ctx = None


def start_gui(db_url: str | None, lang: str | None = None) -> tuple[QApplication, MainWindow]:
    """The application and its main window, not yet shown."""
    app = create_application(lang)
    return app, MainWindow(db_url, lang or saved_language())


def run_gui(db_url: str | None, *, lang: str | None = None) -> int:
    if not has_display():
        print("错误 / error: 没有图形显示（DISPLAY 未设置），无法打开窗口 / no graphical display (DISPLAY is not set)",
              file=sys.stderr)
        return 1
    app, window = start_gui(db_url, lang)
    window.show()
    try:
        code = app.exec()
    finally:
        window.shutdown()
    return code or window.exit_code
