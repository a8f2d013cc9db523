"""Screenshots of the counter window's dialogs (`counterdesk screenshot --view about|shortcuts|login|…`):
each opened the way a clerk opens it — from the window's menu slot — then rendered on its own.

Read-only like the panel views: every dialog here only reads until someone presses a button."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from desktop.context import AppContext
from desktop.domain.errors import CounterDeskError
from desktop.services.demo import DEMO_PASSWORD
from desktop.ui.dbop import DbWorker

# view → the demo account that may open it (the menu item is disabled for anyone else)
DIALOG_VIEWS: dict[str, str] = {
    "login": "clerk01", "about": "clerk01", "shortcuts": "clerk01", "password": "clerk01", "rating": "clerk01",
    "export": "kezhang", "reminders": "kezhang", "monitor": "kezhang", "admin": "admin",
}


def _login(ctx: AppContext, username: str):
    counters = [c.number for c in ctx.services.halls.counters(ctx.hall_code) if c.active]
    clerk = username.startswith("clerk")
    try:
        return ctx.services.auth.login(username, DEMO_PASSWORD, counter=counters[0] if counters and clerk else None)
    except CounterDeskError as exc:
        raise CounterDeskError("demo_login_failed", f"无法以演示账号 {username} 登录：请先运行 counterdesk demo-data",
                               f"Cannot log in as the demo account {username}: run `counterdesk demo-data` first") \
            from exc


def _login_page(ctx, size, app, settle) -> QWidget:
    """The main window as the program starts it, its store open (the given one) and a name typed."""
    from desktop.ui.main_window import MainWindow

    window = MainWindow(ctx.db_url, ctx.lang, opener=lambda *_: ctx)
    window.resize(*size)
    window.show()
    deadline = time.monotonic() + 10
    while window.ctx is None and time.monotonic() < deadline:
        settle(app, window.worker, 0.2)
    settle(app, window.worker)
    window.login.ui.userEdit.setText("clerk01")
    window.login.ui.passwordEdit.setFocus()
    return window


def _rating(window) -> QWidget | None:
    """The person's rating window for the ticket the counter is serving (or the last one waiting)."""
    state = window.queue_panel.state
    ticket = getattr(state, "current", None) if state is not None else None
    if ticket is None and state is not None and getattr(state, "waiting", None):
        ticket = state.waiting[0]
    if ticket is None:
        return None
    window.rating_window.ask(ticket)
    return window.rating_window


OPENERS: dict[str, Callable] = {
    "about": lambda w: (w.on_about_requested(), w.about_dialog)[1],
    "shortcuts": lambda w: (w.on_shortcuts_requested(), w.shortcuts_dialog)[1],
    "password": lambda w: (w.on_change_password_requested(), w.password_dialog)[1],
    "export": lambda w: w.open_export(),
    "reminders": lambda w: w.open_reminders(),
    "monitor": lambda w: w.open_monitor(),
    "admin": lambda w: w.open_admin(),
    "rating": _rating,
}


def shoot_dialog(ctx: AppContext, out: Path, view: str, size: tuple[int, int], username: str | None,
                 clock, settle) -> None:
    """Open the counter window as `username` (or the view's account), open the dialog, save it."""
    from desktop.ui.counter_window import CounterWindow

    app = QApplication.instance()
    if view == "login":
        window = _login_page(ctx, size, app, settle)
        try:
            _save(window, out, app, window.worker, settle)
        finally:
            window.close()
            window.ctx = None  # the caller's store: not this window's to dispose
        return
    worker = DbWorker()
    actor = _login(ctx, username or DIALOG_VIEWS[view])
    if actor.counter is not None:
        ctx.services.calling.open_counter(actor)
    window = CounterWindow(ctx, actor, worker, clock=clock, refresh_ms=0)
    window.resize(*size)
    window.show()
    settle(app, worker)
    try:
        dialog = OPENERS[view](window)
        if dialog is None:
            raise CounterDeskError("stage_failed", "没有可评价的号票", "No ticket to rate")
        _save(dialog, out, app, worker, settle)
        dialog.close()
    finally:
        window.close()
        worker.drain()


def _save(dialog: QWidget, out: Path, app, worker, settle) -> None:
    settle(app, worker)
    dialog.adjustSize() if dialog.width() < 200 else None
    settle(app, worker, 0.3)
    if not dialog.grab().save(str(out), "PNG"):
        raise OSError(f"could not write {out}")
